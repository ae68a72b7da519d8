"""The XLSX export of answers read back with openpyxl and pandas, compared
with what the export wrote before it had a writer of its own (libxlsxwriter,
the expected dumps in tests/report/expected/, made by the same script from
that export's files):

    xlsx_export.py dump FILE.xlsx > EXPECTED.json
    xlsx_export.py compare FILE.xlsx EXPECTED.json

Compared: sheet names, frozen panes, autofilter, column widths, the sizes
the respondents' sheet and the codebook declare (openpyxl's read-only
mode), and each
cell's value, Python type, number format, bold and wrapping; then what
pandas.read_excel gives for each sheet.  A number may differ in one way
only: the old export printed 16 significant digits ("%.16G"), which loses
the last bit of some doubles; the new one prints the shortest decimal that
reads back as the same double.  So a new number n matches an old o when
o == float("%.16G" % n).  The document's times are not compared."""
import json
import sys
import warnings

import openpyxl
import pandas


def cell(c):
    v = c.value
    if v is not None and not isinstance(v, (str, int, float, bool)):
        v = v.isoformat()
    return [v, type(c.value).__name__, c.number_format, bool(c.font and c.font.b),
            bool(c.alignment and c.alignment.wrap_text)]


def dump(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "sheet": {}, "pandas": {}}
    for ws in wb.worksheets:
        out["sheet"][ws.title] = {
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.customWidth},
            "rows": [[cell(c) for c in row] for row in ws.iter_rows()],
        }
    for name, df in pandas.read_excel(path, sheet_name=None).items():
        out["pandas"][name] = json.loads(df.to_json(orient="split", date_format="iso",
                                                    double_precision=15))
    return out


def same(new, old):
    if isinstance(new, float) and isinstance(old, (int, float)) and not isinstance(old, bool):
        return new == old or float("%.16G" % new) == old
    if isinstance(new, list) and isinstance(old, list):
        return len(new) == len(old) and all(same(a, b) for a, b in zip(new, old))
    if isinstance(new, dict) and isinstance(old, dict):
        return new.keys() == old.keys() and all(same(new[k], old[k]) for k in new)
    return new == old


def differences(new, old, where=""):
    if same(new, old):
        return []
    if isinstance(new, dict) and isinstance(old, dict) and new.keys() == old.keys():
        return [d for k in new for d in differences(new[k], old[k], f"{where}/{k}")]
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        return [d for i, (a, b) in enumerate(zip(new, old)) for d in differences(a, b, f"{where}[{i}]")]
    return [f"{where}: {new!r} (expected {old!r})"]


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    if sys.argv[1] == "dump":
        json.dump(dump(sys.argv[2]), sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
        print()
    else:
        old = json.load(open(sys.argv[3], encoding="utf-8"))
        diffs = differences(dump(sys.argv[2]), old)
        # the respondents' sheet and the codebook declare their sizes
        # (<dimension>): a reader in read-only mode knows them without
        # reading the rows
        wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
        for ws in (wb.worksheets[0], wb.worksheets[-1]):
            rows = old["sheet"][ws.title]["rows"]
            if (ws.max_row, ws.max_column) != (len(rows), len(rows[0])):
                diffs.append(f" {ws.title}: read-only size {ws.max_row} x {ws.max_column}, "
                             f"not {len(rows)} x {len(rows[0])}")
        for d in diffs[:20]:
            print(f"FAIL: {sys.argv[2]}{d}")
        sys.exit(1 if diffs else 0)
