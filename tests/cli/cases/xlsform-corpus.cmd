# Real forms (data/xlsform, see its README for where each comes from): each
# workbook with --drop-unsupported either loads, or is refused with its
# errors at their cells; then what older KoboToolbox and pyxform forms write
# (bind:relevant..., names with blanks, gps, a note with required, languages
# without a code, sqrt()...), and what --drop-unsupported leaves behind.
for f in data/xlsform/*.xlsx; do n=$(basename $f .xlsx); if utilis -q survey import-xlsform --drop-unsupported $f -o $n.yaml >/dev/null 2>err && utilis -q survey check $n.yaml 2>>err; then echo "$n: loaded"; else echo "$n: refused, $(grep -c 'error:' err) error(s), first: $(grep -m1 'error:' err | sed 's/^[^ ]* //')"; fi; done >list; cat list
echo "$(grep -c ': loaded' list) of $(ls data/xlsform/*.xlsx | wc -l) workbooks load"
utilis survey import-xlsform data/xlsform/older-columns.xlsx --drop-unsupported -o older.yaml
cat older.yaml
utilis survey check older.yaml
utilis survey import-xlsform data/xlsform/drop-dependent.xlsx --drop-unsupported
utilis survey import-xlsform data/xlsform/drop-everything.xlsx --drop-unsupported
utilis survey import-xlsform data/xlsform/group.xls
