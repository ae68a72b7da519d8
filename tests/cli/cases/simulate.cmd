# Simulated answers: the same seed gives the same data, another seed other
# data; groups and waves; every simulated respondent passes the checks of an
# import; usage errors.
utilis -q init
utilis -q survey load data/good/essai.yaml surveys/participation.yaml
utilis simulate essai --n 5 --seed 42
utilis responses export essai -o a.csv
utilis --db b.db -q init
utilis --db b.db -q survey load data/good/essai.yaml
utilis --db b.db simulate essai --n 5 --seed 42
utilis --db b.db responses export essai -o b.csv
cmp a.csv b.csv && echo "same seed, same answers"
utilis --db b.db simulate essai --n 5 --seed 43
utilis --db b.db responses export essai -o c.csv
cmp -s a.csv c.csv || echo "another seed, other answers"
cat a.csv
utilis simulate participation --n 200 --groups 2 --wave 2024 --seed 3
utilis responses export participation -o p.csv
utilis --db check.db -q init
utilis --db check.db -q survey load surveys/participation.yaml
utilis --db check.db responses import participation p.csv --dry-run
utilis simulate essai
utilis simulate essai --n 0
utilis simulate essai --n 10 --groups many
utilis simulate absent --n 10
