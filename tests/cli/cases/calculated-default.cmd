# read_only and a calculation on a question that takes an answer (a
# calculated default): YAML and XLSForm, both ways.  'bind::readonly' and
# 'readonly' are the older names pyxform reads; a note and a calculate are
# read-only by nature, so their read_only is taken without a word.
printf 'form_id: cd\nversion: 1\ntitle: CD\nsurvey:\n  - {type: integer, name: n, label: N}\n  - {type: integer, name: total, label: Total, calculation: "${n} * 2", read_only: true}\n  - {type: integer, name: guess, label: Guess, calculation: "${n} + 1"}\n  - {type: text, name: ref, label: Ref, read_only: true}\n' > cd.yaml
utilis survey check cd.yaml
# on paper: a read-only question is numbered and labelled, with no boxes to fill
utilis -q survey paper cd.yaml -o cd.pdf && pdftotext cd.pdf - 2>/dev/null | grep -A4 '^Total$'
utilis -q survey export-xlsform cd.yaml -o cd.xlsx
/usr/bin/python3 -c "import openpyxl; ws = openpyxl.load_workbook('cd.xlsx')['survey']; [print([c.value for c in r]) for r in ws.iter_rows()]"
utilis -q survey import-xlsform cd.xlsx -o back.yaml
cat back.yaml
printf 'form_id: bad\nversion: 1\ntitle: B\nsurvey:\n  - {type: note, name: nt, label: Note, read_only: true}\n  - {type: integer, name: a, label: A, read_only: maybe}\n  - {type: integer, name: b, label: B, calculation: "${c} + 1"}\n  - {type: integer, name: c, label: C, calculation: "${b} + 1"}\n' > bad.yaml
utilis survey check bad.yaml
/usr/bin/python3 -c "import openpyxl; wb = openpyxl.Workbook(); ws = wb.active; ws.title = 'survey'; [ws.append(r) for r in (['type', 'name', 'label', 'bind::readonly', 'calculation'], ['integer', 'n', 'N'], ['integer', 'm', 'M', 'true()', '\${n} * 3'], ['note', 'nt', 'Note', 'yes'], ['calculate', 'k', None, 'yes', '1'], ['text', 't', 'T', 'no'])]; st = wb.create_sheet('settings'); st.append(['form_id']); st.append(['ro']); wb.save('ro.xlsx')"
utilis survey import-xlsform ro.xlsx -o ro.yaml
cat ro.yaml
# Imported answers go through the same rules: a read-only calculated value is
# computed again, a calculated default the file leaves empty is calculated.
utilis -q init
utilis -q survey load cd.yaml
printf '_id,n,total,guess,ref\nr1,3,1000,9,x\nr2,2,,,\n' > cd.csv
utilis responses import cd cd.csv
utilis -q responses export cd -o out.csv
cat out.csv
utilis -q responses export cd -o out.sav && echo sav written
