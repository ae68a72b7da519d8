# describe: Fisher's exact test beside the chi-square when a crosstab has
# expected counts below 5 (R: fisher.test gives p = 0.00023911267797582653
# on this table, tests/data/stats/reference.Rout); none when a cell of the
# crosstab is hidden by the small-group rule, as for the chi-square.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis -q responses import essai data/stats/fisher-essai.csv 2>/dev/null
utilis describe essai --by seul --lang en
utilis describe essai --by seul --format json | grep -A 8 '"test": "fisher"'
utilis describe essai --by seul --min-group 6 | sed -n '/ecoute/,/^4\./p'
utilis describe essai --by seul --min-group 6 --format json | grep -c '"test": "fisher"'
