# Round trips: simulated answers exported to CSV and imported into another
# workspace export again to the very same file (also with ';'); the XLSX
# export read back by openpyxl and the SPSS export read back by PSPP.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis simulate essai --n 300 --seed 7 --groups 3 --wave 2025
utilis responses export essai -o first.csv
utilis --db second.db -q init
utilis --db second.db -q survey load data/good/essai.yaml
utilis --db second.db responses import essai first.csv
utilis --db second.db responses export essai -o second.csv
cmp first.csv second.csv && echo "same CSV file"
utilis responses export essai --sep ';' -o first-fr.csv
utilis --db third.db -q init
utilis --db third.db -q survey load data/good/essai.yaml
utilis --db third.db -q responses import essai first-fr.csv
utilis --db third.db responses export essai --sep ';' -o second-fr.csv
cmp first-fr.csv second-fr.csv && echo "same French CSV file"
head -4 first.csv
utilis responses export essai -o essai.xlsx
/usr/bin/python3 data/readback/xlsx.py essai.xlsx 4
utilis responses export essai --labels -o labels.xlsx
/usr/bin/python3 data/readback/xlsx.py labels.xlsx 1
utilis responses export essai -o essai.sav
pspp -O format=txt data/readback/sav.sps
