# describe at the repeat level: a question inside a repeat is summed up over
# every instance (each board member), n counting the instances, with the
# number of respondents they come from.  The small-group rule counts
# respondents: in data/repeats/petits, board b1 has 6 men, the 5 others 2
# women each, so 'Homme' (6 members, 1 respondent) is hidden and 'Femme'
# with it (16 - 6 would give it away); the ages' Min(5)/Max(5) are not
# shown (5 members may be one board's).  Top-level aggregates of the repeat
# (age_moyen, femmes) are described like any question.  Second opinion:
# the figures on petits.csv are R's (tests/data/repeats/petits.R and .Rout).
utilis -q init
utilis -q survey load data/good/conseil.yaml
utilis -q responses import conseil data/repeats/petits.csv
utilis describe conseil
utilis describe conseil --format csv
utilis describe conseil --format json | python3 -c "import json,sys; d=json.load(sys.stdin); [print(q['name'], q.get('repeat'), [(c.get('answered'), c.get('respondents')) for c in q['columns']]) for q in d['questions']]"
utilis --db sim.db -q init
utilis --db sim.db -q survey load data/good/conseil.yaml
utilis --db sim.db -q simulate conseil --n 30 --seed 7
utilis --db sim.db describe conseil --format csv | grep -E '^survey|,(sexe|age|duree|femmes),'
