# describe: every question summed up, overall and by group, in both
# languages and the three formats; small groups suppressed; errors.
# Second opinion: the overall figures of 'describe essai' are R's on the
# same answers (tests/data/stats/describe-essai.R and .Rout); the export
# below shows that the simulation still gives those answers.
utilis -q init
utilis -q survey load data/good/essai.yaml surveys/utilite-sociale.yaml
utilis -q simulate essai --n 80 --seed 4 --groups 3
utilis describe essai
utilis describe essai --by _group --lang en
utilis describe essai --by age --lang en
utilis describe essai --format csv
utilis describe essai --by _group --format json
utilis describe utilite-sociale
utilis --db petit.db -q init
utilis --db petit.db -q survey load surveys/utilite-sociale.yaml
utilis --db petit.db -q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
utilis --db petit.db describe utilite-sociale --by partie_prenante --lang en
utilis --db petit.db describe utilite-sociale --by interne_externe --min-group 6 --format csv
utilis describe
utilis describe absent
utilis describe essai --by nothing
utilis describe essai --min-group 3
utilis describe essai --lang de
utilis -q responses export essai -o essai.csv
cmp essai.csv data/stats/describe-essai.csv && echo 'same answers as tests/data/stats/describe-essai.R'
