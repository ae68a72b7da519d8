# A prize jury that scored on paper: jurors, a conflict, the scores imported
# with _juror and _candidate columns (all-or-nothing, every problem at once),
# then the ranking in each format and the audit log.
# Second opinion: the totals, criteria, ranks, severities and Krippendorff's
# alpha of the results are R's on data/prize/scores.csv (tests/data/prize/
# scores.R and .Rout).
utilis init
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates.csv
utilis -q jury add data/prize/edition.yaml --name "Anne Martin" --email anne@example.org --organisation "FACE Loire-Atlantique" > /dev/null
utilis -q jury add data/prize/edition.yaml --name "Bruno Leroy" --email bruno@example.org > /dev/null
utilis -q jury add data/prize/edition.yaml --name "Chloé Durand" --email chloe@example.org --organisation "URIOPSS" > /dev/null
utilis -q jury add data/prize/edition.yaml --name "David Petit" --email david@example.org > /dev/null
utilis jury add data/prize/edition.yaml --name "Anne Bis" --email anne@example.org
utilis jury conflict data/prize/edition.yaml chloe@example.org 2 --reason "administratrice de l'association"
utilis jury conflict data/prize/edition.yaml chloe@example.org 2 --reason "encore"
utilis jury conflict data/prize/edition.yaml nobody@example.org 2 --reason "x"
utilis responses import grille data/prize/scores-bad.csv --edition data/prize/edition.yaml
utilis responses import grille data/prize/scores.csv
utilis responses import candidature data/prize/candidates.csv --edition data/prize/edition.yaml
utilis responses import grille data/prize/scores.csv --edition data/prize/edition.yaml --dry-run
utilis responses import grille data/prize/scores.csv --edition data/prize/edition.yaml
utilis jury list data/prize/edition.yaml
utilis prize results data/prize/edition.yaml
utilis prize results data/prize/edition.yaml --lang en --format table
utilis prize results data/prize/edition.yaml --format csv
utilis prize results data/prize/edition.yaml --format json
utilis prize audit data/prize/edition.yaml
utilis prize results data/prize/edition.yaml --format xml
