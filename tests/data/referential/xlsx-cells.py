"""Print the sheets of a workbook and some cells of its first sheet, read
with the standard library only (zipfile, xml), for tests/cli/cases/delphi.cmd:
the names of the sheets, row 2 up to column R, cell F3, and cell Y2 with
whether it is a formula."""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
z = zipfile.ZipFile(sys.argv[1])
book = ET.fromstring(z.read("xl/workbook.xml"))
print([s.get("name") for s in book.find("m:sheets", NS)])
strings = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
        strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
cells = {}
for c in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter("{%s}c" % NS["m"]):
    v = c.find("m:v", NS)
    f = c.find("m:f", NS)
    val = None if v is None else v.text
    if c.get("t") == "s" and val is not None:
        val = strings[int(val)]
    cells[c.get("r")] = (val, f is not None)
row2 = [cells.get("%s2" % col, (None, False))[0] for col in "ABCDEFGHIJKLMNOPQR"]
print(row2)
print("F3:", cells.get("F3", (None, False))[0])
y2 = cells.get("Y2", (None, False))
print("Y2:", y2[0].splitlines() if y2[0] else None, "formula" if y2[1] else "text")
