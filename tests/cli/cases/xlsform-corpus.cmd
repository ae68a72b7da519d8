# Real forms written by others (data/xlsform/corpus, see its README for where
# each comes from, all of them converted by pyxform 4.5): each workbook with
# --drop-unsupported either loads, or is refused with its first error; at
# least 90 % must load (the last line fails otherwise).  Then what older
# KoboToolbox and pyxform forms write (bind:relevant..., names with blanks,
# gps, a note with required, languages without a code, sqrt()...), and what
# --drop-unsupported leaves behind.
for f in data/xlsform/corpus/*.xlsx; do n=$(basename $f .xlsx); if utilis -q survey import-xlsform --drop-unsupported $f -o $n.yaml >/dev/null 2>err && utilis -q survey check $n.yaml 2>>err; then echo "$n: loaded"; else echo "$n: refused, $(grep -c 'error:' err) error(s), first: $(grep -m1 'error:' err | sed 's/^[^ ]* //')"; fi; done >list; cat list
l=$(grep -c ': loaded' list); t=$(ls data/xlsform/corpus/*.xlsx | wc -l); echo "$l of $t workbooks load"; [ $((l * 10)) -ge $((t * 9)) ]
utilis survey import-xlsform data/xlsform/older-columns.xlsx --drop-unsupported -o older.yaml
cat older.yaml
utilis survey check older.yaml
utilis survey import-xlsform data/xlsform/drop-dependent.xlsx --drop-unsupported
utilis survey import-xlsform data/xlsform/drop-everything.xlsx --drop-unsupported
utilis survey import-xlsform data/xlsform/group.xls
