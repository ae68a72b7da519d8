# Re-save an .xls workbook as .xlsx, cell by cell (values only), as a user
# told "save it as .xlsx" would do in a spreadsheet program.
import sys, xlrd, openpyxl, datetime
src, dst = sys.argv[1], sys.argv[2]
book = xlrd.open_workbook(src)
wb = openpyxl.Workbook(); wb.remove(wb.active)
for sh in book.sheets():
    ws = wb.create_sheet(sh.name[:31])
    for r in range(sh.nrows):
        for c in range(sh.ncols):
            cell = sh.cell(r, c)
            v = cell.value
            if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK: continue
            if cell.ctype == xlrd.XL_CELL_DATE:
                v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN: v = bool(v)
            elif cell.ctype == xlrd.XL_CELL_ERROR: continue
            elif cell.ctype == xlrd.XL_CELL_NUMBER and v == int(v) and abs(v) < 2**53: v = int(v)
            ws.cell(row=r + 1, column=c + 1, value=v)
wb.save(dst)
