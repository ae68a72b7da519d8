# Indicator sets: check against the workspace or survey files, broken sets
# (every problem at once), compute on simulated answers overall, by group,
# by a numeric question, before/after by wave, in both languages and the
# three formats; small groups suppressed; usage errors.
# Second opinion: the overall scores, intervals, medians, alphas and
# composite of utilite-sociale are R's on the same answers
# (tests/data/stats/indicators-us.R and .Rout; the export below shows
# that the simulation still gives them).
utilis -q init
utilis -q survey load surveys/utilite-sociale.yaml surveys/gouvernance.yaml surveys/participation.yaml surveys/participation-facile.yaml
utilis indicators check indicators/utilite-sociale.yaml indicators/gouvernance.yaml indicators/participation.yaml indicators/prix-2018.yaml
utilis --db none.db indicators check indicators/participation.yaml --survey surveys/participation.yaml --survey surveys/participation-facile.yaml
utilis indicators check data/indicators/bad-structure.yaml
utilis indicators check data/indicators/bad-items.yaml
utilis -q simulate utilite-sociale --n 300 --seed 11 --groups 2
utilis indicators compute indicators/utilite-sociale.yaml --bootstrap 500
utilis indicators compute indicators/utilite-sociale.yaml --overall --lang en --bootstrap 0
utilis -q responses export utilite-sociale -o us.csv
cmp us.csv data/stats/indicators-us.csv && echo 'same answers as tests/data/stats/indicators-us.R'
utilis indicators compute data/indicators/mini.yaml --bootstrap 500 --lang en
utilis indicators compute data/indicators/mini.yaml --by _group --format csv --bootstrap 500
utilis indicators compute data/indicators/mini.yaml --by satisfaction_globale --bootstrap 0 --lang en
# Gouvernance: rates from formulas against targets.
utilis -q simulate gouvernance --n 120 --seed 5
utilis indicators compute indicators/gouvernance.yaml --overall --bootstrap 300
# Participation: two questionnaires in one set; before/after by wave.
utilis -q simulate participation --n 150 --seed 1 --wave 2017
utilis -q simulate participation-facile --n 40 --seed 2 --wave 2017
utilis -q simulate participation --n 120 --seed 3 --wave 2018
utilis indicators compute indicators/participation.yaml --by _wave --bootstrap 300 --lang en
utilis indicators compute indicators/participation.yaml --by _survey --format csv --bootstrap 0
# Small groups: 12 respondents, of whom 3 funders and 2 companies.
utilis --db petit.db -q init
utilis --db petit.db -q survey load surveys/utilite-sociale.yaml
utilis --db petit.db -q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
utilis --db petit.db indicators compute data/indicators/mini.yaml --bootstrap 200
utilis --db petit.db indicators compute data/indicators/mini.yaml --by interne_externe --min-group 6 --bootstrap 200 --lang en
utilis --db petit.db indicators compute data/indicators/mini.yaml --by interne_externe --min-group 6 --format json --bootstrap 100
utilis --db petit.db indicators compute data/indicators/mini.yaml --by interne_externe --min-group 6 --format csv --bootstrap 0
# Errors.
utilis indicators compute
utilis indicators compute data/indicators/mini.yaml --by partie_prenate
utilis indicators compute indicators/gouvernance.yaml --by difficultes
utilis indicators compute data/indicators/mini.yaml --min-group 2
utilis indicators compute data/indicators/mini.yaml --format xlsx
utilis indicators compute data/indicators/mini.yaml --by _group --overall
utilis indicators compute data/missing.yaml
utilis --db petit.db indicators compute indicators/gouvernance.yaml
utilis indicators compute indicators/prix-2018.yaml
# Second opinion (tests/cli/second-opinion.md): Spearman's rho of each
# dimension with satisfaction_globale, as the table above shows it, in
# full: tests/data/stats/indicators-groups.R.
set -o pipefail; utilis indicators compute data/indicators/mini.yaml --by satisfaction_globale --bootstrap 0 --format json | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["comparisons"], indent=1))'
# The answers of participation's two questionnaires, by wave and by
# questionnaire above, and of gouvernance: tests/data/stats/
# participation-waves.R and gouvernance.R read these.
utilis -q responses export participation -o part.csv && cmp part.csv data/stats/participation-std.csv && echo 'same answers as tests/data/stats/participation-waves.R'
utilis -q responses export participation-facile -o facile.csv && cmp facile.csv data/stats/participation-facile.csv && echo 'same answers as tests/data/stats/participation-waves.R'
utilis -q responses export gouvernance -o gouv.csv && cmp gouv.csv data/stats/gouvernance.csv && cmp gouv-membres_ca.csv data/stats/gouvernance-membres_ca.csv && echo 'same answers as tests/data/stats/gouvernance.R'
