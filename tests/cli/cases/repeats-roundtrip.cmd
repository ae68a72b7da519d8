# Repeats in and out: a board (conseil) with its members (membres) and each
# member's mandates (mandats, inside membres).  The utilis layout is a file
# per repeat joined by _id, _index and _parent_index: imported and exported
# again, the three files are the same bytes.  KoboToolbox's XLSX export (a
# sheet per repeat) and its CSV export give the same answers; so do ODK
# Central's CSV files (FORM-membres-mandats.csv found beside FORM.csv).  The
# formula in a member's name is neutralised in every CSV.
utilis -q init
utilis -q survey load data/good/conseil.yaml
utilis responses import conseil data/repeats/conseil.csv
utilis responses export conseil -o out.csv
cat out.csv out-membres.csv out-mandats.csv
utilis --db back.db -q init
utilis --db back.db -q survey load data/good/conseil.yaml
utilis --db back.db -q responses import conseil out.csv
utilis --db back.db -q responses export conseil -o back.csv
cmp out.csv back.csv && cmp out-membres.csv back-membres.csv && cmp out-mandats.csv back-mandats.csv && echo same
utilis --db kx.db -q init
utilis --db kx.db -q survey load data/good/conseil.yaml
utilis --db kx.db responses import conseil --format kobo data/repeats/conseil-kobo.xlsx
utilis --db kx.db -q responses export conseil -o kx.csv
utilis --db kc.db -q init
utilis --db kc.db -q survey load data/good/conseil.yaml
utilis --db kc.db -q responses import conseil --format kobo data/repeats/conseil-kobo.csv
utilis --db kc.db -q responses export conseil -o kc.csv
cmp kx.csv kc.csv && cmp kx-membres.csv kc-membres.csv && cmp kx-mandats.csv kc-mandats.csv && echo same
cat kx-membres.csv
utilis --db odk.db -q init
utilis --db odk.db -q survey load data/good/conseil.yaml
utilis --db odk.db responses import conseil --format odk data/repeats/conseil-odk.csv
utilis --db odk.db -q responses export conseil -o odk.csv
cut -d, -f2- odk-membres.csv | cmp - <(cut -d, -f2- out-membres.csv) && cut -d, -f2- odk-mandats.csv | cmp - <(cut -d, -f2- out-mandats.csv) && echo same but the _id
# XLSX: a sheet per repeat, read back by openpyxl and by utilis
utilis -q responses export conseil -o out.xlsx
/usr/bin/python3 -c "import openpyxl; wb = openpyxl.load_workbook('out.xlsx'); [print(ws.title, list(ws.iter_rows(values_only=True))[:3]) for ws in wb.worksheets[:3]]"
utilis --db x.db -q init
utilis --db x.db -q survey load data/good/conseil.yaml
utilis --db x.db -q responses import conseil out.xlsx
utilis --db x.db -q responses export conseil -o x.csv
cmp x.csv out.csv && cmp x-membres.csv out-membres.csv && cmp x-mandats.csv out-mandats.csv && echo same
# SPSS: a file per level, which PSPP merges one-to-many by resp_id
utilis -q responses export conseil -o out.sav
ls out*.sav
printf "GET FILE='out.sav'.\nMATCH FILES /TABLE=* /FILE='out-membres.sav' /BY resp_id.\nLIST resp_id inst_index nom age fonction nmembres femmes.\nGET FILE='out-mandats.sav'.\nLIST.\n" > merge.sps && pspp -O format=txt merge.sps 2>&1 | grep -v '^ *$'
