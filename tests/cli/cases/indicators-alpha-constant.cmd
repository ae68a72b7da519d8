# indicators: an item every respondent answered the same way (bes_effets,
# 3 everywhere) is left out of the dimension's alpha, as psych::alpha does,
# and named in the notes; the standardised alpha if deleted is shown beside
# the raw one. R: tests/data/stats/alpha-constant-item.R and .Rout.
utilis -q init
utilis -q survey load surveys/utilite-sociale.yaml
utilis -q responses import utilite-sociale data/stats/alpha-constant-item.csv 2>/dev/null
utilis indicators compute data/indicators/mini.yaml --overall --bootstrap 0
utilis indicators compute data/indicators/mini.yaml --overall --bootstrap 0 --lang en --format json | grep -B 8 -A 3 '"note": "no_variance"'
utilis indicators compute data/indicators/mini.yaml --overall --bootstrap 0 --format json | grep -E '"(alpha|alpha_std|average_r|alpha_if_deleted|std_alpha_if_deleted)":'
utilis -q report reports/utilite-sociale.yaml -o us.pdf
pdftotext us.pdf - 2>/dev/null | grep -A 1 'Sans variance'
