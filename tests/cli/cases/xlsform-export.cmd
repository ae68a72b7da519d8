# XLSForm out, and back: the exported workbook has the sheets and columns
# KoboToolbox and ODK expect (read back by openpyxl), and YAML -> XLSForm ->
# YAML gives the same survey for every questionnaire of the programme: it
# passes the check and a second round trip gives the very same file.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis survey export-xlsform essai -o essai.xlsx
/usr/bin/python3 data/readback/xlsx.py essai.xlsx 30
utilis survey import-xlsform essai.xlsx -o essai-back.yaml
utilis survey check essai-back.yaml
utilis survey export-xlsform surveys/gouvernance.yaml
/usr/bin/python3 data/readback/xlsx.py gouvernance.xlsx 0
mkdir a b
for f in surveys/*.yaml data/good/essai.yaml; do n=$(basename $f .yaml); utilis -q survey export-xlsform $f -o a/$n.xlsx && utilis -q survey import-xlsform a/$n.xlsx -o a/$n.yaml && utilis -q survey check a/$n.yaml && utilis -q survey export-xlsform a/$n.yaml -o b/$n.xlsx && utilis -q survey import-xlsform b/$n.xlsx -o b/$n.yaml && cmp a/$n.yaml b/$n.yaml && echo "$n: same survey"; done
# every shipped survey's export has only the columns XLSForm defines (pyxform,
# which KoboToolbox and ODK run, crashed on "form_title::English (en)")
mkdir c
for f in surveys/*.yaml; do utilis -q survey export-xlsform $f -o c/$(basename $f .yaml).xlsx; done
/usr/bin/python3 data/readback/xlsform_columns.py c/*.xlsx
# repeats both ways: begin_repeat/end_repeat, repeat_count, max_count on the
# utilis sheet, and the aggregates kept as written
utilis -q survey export-xlsform data/good/conseil.yaml -o conseil.xlsx
/usr/bin/python3 data/readback/xlsform_columns.py conseil.xlsx
utilis -q survey import-xlsform conseil.xlsx -o conseil-back.yaml
utilis survey check conseil-back.yaml
grep -n -e repeat -e max_count -e 'sum(' -e position conseil-back.yaml
utilis survey export-xlsform absent
utilis survey export-xlsform essai --version 3
utilis survey export-xlsform essai -o no/such/dir/essai.xlsx
