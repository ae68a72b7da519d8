# An answer holds at most 32,767 bytes (SURVEY_MAX_ANSWER, docs/data.md):
# what an XLSX cell and an SPSS string hold.  One byte more, in ASCII or in
# accented letters, is refused at its FILE:ROW:COLUMN with nothing imported;
# 32,767 bytes are imported, exported to XLSX and SAV and read back whole
# (openpyxl, PSPP).  PSPP's warnings about ReadStat's names for the segments
# of a long string are left out: the check is on the values read back.
utilis -q init
utilis -q survey load data/good/essai.yaml
python3 -c "print('_id,age,aides,aides_autre'); print('r1,34,autre,' + 'a' * 32768)" > a.csv
utilis responses import essai a.csv
python3 -c "print('_id,age,aides,aides_autre'); print('r1,34,autre,ok'); print('r2,35,autre,' + 'é' * 16384)" > e.csv
utilis responses import essai e.csv
utilis survey list
python3 -c "print('_id,age,aides,aides_autre'); print('r1,34,autre,' + 'a' * 32767); print('r2,35,autre,' + 'é' * 16383 + 'z')" > ok.csv
utilis -q responses import essai ok.csv
utilis responses export essai -o long.xlsx
/usr/bin/python3 -c "import openpyxl; ws = openpyxl.load_workbook('long.xlsx').active; k = [c.value for c in ws[1]].index('aides_autre'); v = [r[k].value for r in ws.iter_rows(min_row=2)]; print('xlsx:', v == ['a' * 32767, 'é' * 16383 + 'z'])"
utilis responses export essai -o long.sav
printf "GET FILE='long.sav'.\nSAVE TRANSLATE /OUTFILE='long-sav.csv' /TYPE=CSV /FIELDNAMES /REPLACE.\n" > long.sps && pspp long.sps >/dev/null 2>&1
python3 -c "import csv; v = [r['aides_autre'] for r in csv.DictReader(open('long-sav.csv', encoding='utf-8'))]; print('sav:', v == ['a' * 32767, 'é' * 16383 + 'z'])"
