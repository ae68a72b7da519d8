"""Read an XLSX file back with openpyxl (an independent reader) and print
what the command-line tests compare: sheets, frozen panes, filters, the
header and the first rows of each sheet, with each cell's Python type."""
import sys
import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 3
print("sheets:", ", ".join(wb.sheetnames))
for ws in wb.worksheets:
    print("== %s: %d rows x %d columns, frozen at %s, filter %s" % (
        ws.title, ws.max_row, ws.max_column, ws.freeze_panes, ws.auto_filter.ref))
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        if r > rows:
            break
        print("  " + " | ".join("" if v is None else "%s:%s" % (type(v).__name__, v) for v in row))
