# The meeting's discussion order (utilis jury order): the candidates whose
# conflicted jurors are the same come together, so that jurors leave the
# room 2 times instead of 5 in application order; no conflict at all; the
# JSON; a wrong format.
utilis -q init
utilis -q survey load data/prize-assign/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature-formes data/prize-assign/candidates.csv
utilis jury add data/prize-assign/edition.yaml --name "Anne Martin" --email anne@example.org > /dev/null
utilis jury add data/prize-assign/edition.yaml --name "Bruno Caron" --email bruno@example.org > /dev/null
utilis jury add data/prize-assign/edition.yaml --name "Chloé Diallo" --email chloe@example.org > /dev/null
utilis jury order data/prize-assign/edition.yaml
utilis -q jury conflict data/prize-assign/edition.yaml anne@example.org 1 --reason "trésorière"
utilis -q jury conflict data/prize-assign/edition.yaml anne@example.org 3 --reason "salariée"
utilis -q jury conflict data/prize-assign/edition.yaml anne@example.org 5 --reason "bénévole"
utilis -q jury conflict data/prize-assign/edition.yaml bruno@example.org 2 --reason "mécène"
utilis -q jury conflict data/prize-assign/edition.yaml bruno@example.org 4 --reason "administrateur"
utilis jury order data/prize-assign/edition.yaml
utilis jury order data/prize-assign/edition.yaml --format json
utilis jury order data/prize-assign/edition.yaml --format csv
