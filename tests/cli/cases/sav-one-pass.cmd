# A .sav file of Likert items and dates is written in one pass over the
# workspace (the number of rows and the widths of _id, _group and _wave from
# the store): PSPP reads it back with the longest values whole, the "not
# applicable" code where a question did not apply, system-missing elsewhere.
utilis -q init
utilis -q survey load data/readback/likert.yaml
utilis -q responses import likert data/readback/likert.csv
utilis responses export likert -o likert.sav
pspp -O format=txt data/readback/likert.sps
