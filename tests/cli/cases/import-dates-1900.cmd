# Dates around Excel's epoch in the XLSX export: Excel counts days from
# 1900-01-01 (serial 1) and has no day 0 nor earlier; a date before 1900 is
# written as text (1899-12-31 was written as serial 0, which Excel and
# openpyxl read as another day).  Read back with openpyxl: real dates from
# 1900-01-01 on, texts before.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis -q responses import essai data/csv/essai-1900.csv
utilis -q responses export essai -o dates.xlsx
/usr/bin/python3 -c "import openpyxl; ws = openpyxl.load_workbook('dates.xlsx')['data']; h = [c.value for c in ws[1]]; k = h.index('arrivee'); [print(r[0].value, type(r[k].value).__name__, r[k].value, r[k].number_format) for r in ws.iter_rows(min_row=2)]"
