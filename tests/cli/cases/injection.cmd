# CSV injection (OWASP): answers that a spreadsheet would run as formulas
# (=HYPERLINK, @SUM...cmd, +33 6...) are written neutralised — a single
# quote before them, the cell quoted — by 'responses export' (',' and ';')
# and 'prize results --format csv'; numbers stay numbers; pandas reads the
# files back; the export imports into another workspace and exports again
# to the very same file; the XLSX export holds strings, no formula.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis -q responses import essai data/csv/essai-injection.csv
utilis -q responses export essai -o out.csv
cat out.csv
/usr/bin/python3 data/readback/formulas.py out.csv
utilis -q responses export essai --sep ';' -o out-fr.csv
/usr/bin/python3 data/readback/formulas.py out-fr.csv ';'
utilis --db two.db -q init
utilis --db two.db -q survey load data/good/essai.yaml
utilis --db two.db -q responses import essai out.csv
utilis --db two.db -q responses export essai -o again.csv
cmp out.csv again.csv && echo "same CSV file"
utilis --db two.db -q responses import essai out-fr.csv --dry-run
utilis -q responses export essai -o out.xlsx
/usr/bin/python3 data/readback/formulas.py out.xlsx
# candidate names are applicants' answers
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates-injection.csv
utilis prize results data/prize/edition.yaml --format csv > results.csv; cat results.csv
/usr/bin/python3 data/readback/formulas.py results.csv
# contacts' names in the links file of a mail merge
printf 'name,email,group\n"=HYPERLINK(""http://evil.example/"",""x"")",eve@example.org,-grp\n' > contacts.csv
utilis -q invite essai --from contacts.csv -o links.csv
sed 's#/r/[A-Za-z0-9_-]*$#/r/TOKEN#' links.csv
