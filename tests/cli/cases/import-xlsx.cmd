# KoboToolbox's default export type is XLSX: its first sheet has the columns
# of the CSV export, with numbers, dates and the submission time as typed
# cells; the repeat sheets are named in a warning.  The same answers as the
# CSV: the export of both is the same.  An .xls workbook gets advice.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai --format kobo data/csv/essai-kobo.xlsx --wave 2025
utilis -q responses export essai -o from-xlsx.csv
utilis --db csv.db -q init
utilis --db csv.db -q survey load data/good/essai.yaml
utilis --db csv.db -q responses import essai --format kobo data/csv/essai-kobo.csv --wave 2025
utilis --db csv.db -q responses export essai -o from-csv.csv
cmp from-xlsx.csv from-csv.csv && cat from-xlsx.csv
utilis responses import essai --format kobo data/csv/essai-kobo.xlsx --wave 2025
printf '\320\317\021\340\241\261\032\341rest' > old.xls
utilis responses import essai old.xls
printf 'PK\003\004broken' > broken.xlsx
utilis responses import essai broken.xlsx
