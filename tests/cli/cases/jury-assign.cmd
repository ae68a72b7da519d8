# The optimal assignment (GLPK) on a small edition whose jurors state the
# partnership forms they know (data/prize-assign/): competences covered,
# loads even, a candidate that cannot get k jurors named (exit 65), a load
# cap too small (exit 65), --rebalance, and the refusals of bad competences.  GLPK prints nothing.
utilis -q init
utilis -q survey load data/prize-assign/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature-formes data/prize-assign/candidates.csv
utilis jury assign data/prize-assign/edition.yaml --per-candidate 2
utilis jury add data/prize-assign/edition.yaml --name "Anne Martin" --email anne@example.org > /dev/null
utilis jury add data/prize-assign/edition.yaml --name "Bruno Caron" --email bruno@example.org > /dev/null
utilis jury add data/prize-assign/edition.yaml --name "Chloé Diallo" --email chloe@example.org > /dev/null
utilis jury add data/prize-assign/edition.yaml --name "David Petit" --email david@example.org > /dev/null
utilis jury assign data/prize-assign/edition-unknown.yaml --per-candidate 5
utilis jury assign data/prize-assign/edition-bad.yaml --per-candidate 2
utilis jury assign data/prize-assign/edition-badchoice.yaml --per-candidate 2
utilis jury assign data/prize-assign/edition.yaml --per-candidate 2 --max-load 0
# more per candidate than jurors without a conflict: the candidate is named, nothing assigned
utilis jury conflict data/prize-assign/edition.yaml anne@example.org 1 --reason "trésorière"
utilis jury assign data/prize-assign/edition.yaml --per-candidate 4
utilis jury list data/prize-assign/edition.yaml | tail -7
# a cap too small: 12 places, 4 jurors, at most 2 each
utilis jury assign data/prize-assign/edition.yaml --per-candidate 2 --max-load 2
# one juror per candidate: each candidate's forms covered where a juror knows them
utilis jury assign data/prize-assign/edition.yaml --per-candidate 1 --seed 3
utilis jury assign data/prize-assign/edition.yaml --per-candidate 1 --seed 3
utilis jury list data/prize-assign/edition.yaml | tail -7
# two per candidate: the first ones are kept, the others added
utilis jury assign data/prize-assign/edition.yaml --per-candidate 2 --max-load 3 --seed 3
utilis jury list data/prize-assign/edition.yaml | tail -7
# --rebalance: no sheet yet, every assignment may move; the result is as even
utilis jury assign data/prize-assign/edition.yaml --per-candidate 2 --rebalance --seed 9
utilis jury list data/prize-assign/edition.yaml | tail -7
