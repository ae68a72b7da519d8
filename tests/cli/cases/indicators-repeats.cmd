# Indicators of a survey with repeats read its top-level questions, the
# calculates that sum the repeat up among them (data/indicators/conseil.yaml).
# By hand, from data/repeats: board c1 has 3 members, 2 women, aged 54, 17
# and 38; c2 one man of 61; c3 none.  Share of women: 66.7 and 0 (c3 has no
# value: 0 div 0), mean 33.3; mean age: 36.33 and 61, mean 48.67.
# A question inside the repeat is refused with what to write instead.
utilis -q init
utilis -q survey load data/good/conseil.yaml
utilis -q responses import conseil data/repeats/conseil.csv
utilis indicators compute data/indicators/conseil.yaml --bootstrap 0 --format csv
utilis indicators check data/indicators/conseil-bad.yaml
