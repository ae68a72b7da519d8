# A survey without rules: each row is checked the short way (every value
# alone, no relevance or calculation to evaluate), and a row that does not
# pass is checked in full, so the messages are those of every other survey:
# a choice that is not one, a required answer missing, a number, a date or
# a choice given twice that is not valid, an _id given twice.  The values
# kept as they are written and those rewritten (blanks, decimal comma,
# French date, thousands, runs of spaces) are stored alike.
utilis -q init
utilis -q survey load data/csv/plain/simple.yaml
utilis responses import simple data/csv/plain/bad.csv
utilis responses import simple data/csv/plain/good.csv
utilis -q responses export simple -o out.csv
cat out.csv
