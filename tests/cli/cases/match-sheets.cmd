# The matching's documents for the union (issue 17, section 3): a workbook of
# the pairs, the needs not filled and the offers without a mission, read
# back with openpyxl; one introduction sheet per pair, read back with
# pdftotext (who, why, next step, the union's contact from --contact-file),
# in French and in English; the files are the owner's alone.  Then the
# introductions by e-mail as they would go (--dry-run), and the mistakes of
# the options.
utilis -q init
utilis -q survey load surveys/benevolat-entreprises.yaml
utilis -q responses import benevolat-entreprises data/match/reponses.csv
printf 'Claire Dupont, chargée de mission\nURIOPSS Pays de la Loire — 02 51 00 00 00\n' > contact.txt
utilis match sheets --xlsx mr.xlsx --dir fiches --contact-file contact.txt
ls fiches | head -3
ls fiches | wc -l
stat -c %a mr.xlsx fiches/fiche-4.1-143.pdf
/usr/bin/python3 -c "import openpyxl; wb = openpyxl.load_workbook('mr.xlsx'); print(wb.sheetnames); [print(ws.title, ws.max_row - 1) for ws in wb.worksheets[:3]]; ws = wb.worksheets[0]; print([c.value for c in ws[1]][:8]); print([c.value for c in ws[2]][:8])"
pdftotext -layout fiches/fiche-4.1-143.pdf - 2>/dev/null | sed 's/ *$//' | grep -v '^$'
utilis -q match sheets --dir sheets --lang en --contact "URIOPSS, rencontres@uriopss.example.org"
pdftotext sheets/sheet-4.1-143.pdf - 2>/dev/null | grep -E "^(Introduction|The |Why|Next|Your|URIOPSS)"
utilis match introduce --from "URIOPSS <rencontres@uriopss.example.org>" --dry-run > intro.csv
head -5 intro.csv
utilis match sheets
utilis match sheets --xlsx a.xlsx --contact x --contact-file contact.txt
utilis match sheets --xlsx a.xlsx --lang de
utilis match introduce --dry-run
utilis match introduce --from "URIOPSS <rencontres@uriopss.example.org>"
utilis match introduce --from nobody --dry-run
utilis match introduce --from x@example.org --smtp smtp://mail.example.org:25 --smtp-insecure
utilis match sheets --xlsx utilis.db
