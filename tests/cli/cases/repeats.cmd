# Repeats (docs/questionnaire-format.md): a board's members counted by
# repeat_count, each member's mandates inside; the codebook lists them, and
# every part of utilis that does not handle repeats yet refuses the survey,
# naming the repeat, rather than drop its answers.  Imports and exports
# handle them (repeats-roundtrip, repeats-bad): a respondents' file without
# its repeats' files is said, and the members repeat_count asks for missing.
utilis -q init
utilis survey check data/good/conseil.yaml
utilis survey load data/good/conseil.yaml
utilis survey show conseil
utilis survey paper conseil -o conseil.pdf
printf 'nmembres\n2\n' >a.csv
utilis responses import conseil a.csv
utilis responses export conseil -o e.csv
utilis simulate conseil --n 3
utilis describe conseil
utilis -q invite conseil --count 2 | sed "s#/r/.*#/r/TOKEN#"
