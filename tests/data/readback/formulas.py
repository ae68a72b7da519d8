"""Check that a spreadsheet reading a file of utilis would run no formula.

CSV (formulas.py FILE.csv [SEP]): every cell that starts with = + - @ TAB or
CR must be a plain number; the text cells that start so are written with a
single quote before them.  pandas must read the file back with as many
columns in every row as in the header.
XLSX (formulas.py FILE.xlsx): openpyxl must find no formula cell."""
import csv
import re
import sys

path = sys.argv[1]
if path.endswith(".xlsx"):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    live = [c.coordinate for c in cells if c.data_type == "f"]
    print("%s: %d cells, %d formulas %s" % (path, len(cells), len(live), " ".join(live)))
    sys.exit(1 if live else 0)

import pandas
sep = sys.argv[2] if len(sys.argv) > 2 else ","
number = re.compile(r"^-?[0-9]+([.,][0-9]+)?([eE][+-]?[0-9]+)?$")
with open(path, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, delimiter=sep))
live, quoted = [], 0
for r, row in enumerate(rows):
    for c, v in enumerate(row):
        if v[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(v):
            live.append("row %d column %d: %r" % (r + 1, c + 1, v))
        if v[:1] == "'":
            quoted += 1
df = pandas.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
print("%s: %d rows, %d neutralised cells, %d live formulas; pandas read %d rows x %d columns"
      % (path, len(rows) - 1, quoted, len(live), df.shape[0], df.shape[1]))
for x in live:
    print("  live: " + x)
sys.exit(1 if live or df.shape[0] != len(rows) - 1 else 0)
