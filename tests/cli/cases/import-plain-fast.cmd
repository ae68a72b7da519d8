# The short way of a survey without rules (import.c, read_plain_row()) and
# the full way of the same survey with one rule give the same messages, in
# the same order, and store the same answers: blanks and tabs around a
# choice, _group, _wave and _submitted_at written several ways, a text
# quoted against spreadsheet formulas, thousands, a French date, line ends;
# then a bad submission time, a blank required choice, DEL in a text, an
# _id given twice and a choice that is not one, and the rows after them.
utilis -q init
utilis -q survey load data/csv/plain/simple.yaml
utilis -q survey load data/csv/plain/with-rule.yaml
utilis responses import simple data/csv/plain/fast-bad.csv
utilis responses import regle data/csv/plain/fast-bad.csv
utilis responses import simple data/csv/plain/fast-good.csv
utilis responses import regle data/csv/plain/fast-good.csv
utilis -q responses export simple -o simple.csv
utilis -q responses export regle -o regle.csv
cat simple.csv
cmp simple.csv regle.csv
