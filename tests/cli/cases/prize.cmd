# The prize's jury on the test edition (data/prize/): jurors (their links
# are random: printed to /dev/null), a conflict declared before the
# assignment and one after it (the pair is unassigned, the place filled
# again), a seeded assignment, the list, the results in the three formats
# before and after scores (typed from paper: the jurors' pages are tested
# in tests/http/jury.sh and tests/browser/jury.test.mjs), the audit, and
# the refusals of 'serve --edition'.
# Second opinion: the totals, criterion means, ranks (Habitat and ADAPEI
# tie at 48, broken by note_impact 2.5 to 2.0), severities and
# Krippendorff's alpha (0.398) of the results after scoring are R's
# (tests/data/prize/scores.R on prize-notes.csv, .Rout beside it).
utilis -q init
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates.csv
utilis jury list data/prize/edition.yaml
utilis jury add data/prize/edition.yaml --name "Anne Martin" --email anne@example.org --organisation "FACE Loire-Atlantique" > /dev/null
utilis jury add data/prize/edition.yaml --name "Bruno Caron" --email bruno@example.org > /dev/null
utilis jury add data/prize/edition.yaml --name "Chloé Diallo" --email chloe@example.org --organisation "Restos du Cœur" > /dev/null
set -o pipefail; utilis -q jury add data/prize/edition.yaml --name "David Petit" --base-url https://prix.example.org/ | sed -E 's#/j/[A-Za-z0-9_-]{24}$#/j/TOKEN#'
utilis jury add data/prize/edition.yaml --name "Anne Bis" --email anne@example.org
utilis jury add data/prize/edition.yaml --email eve@example.org
utilis jury add data/prize/edition.yaml --name Eve --email eve.example.org
utilis jury add --name Eve
# a conflict known before the assignment: the pair is never assigned
utilis jury conflict data/prize/edition.yaml anne@example.org 1 --reason "administratrice de l'association"
utilis jury conflict data/prize/edition.yaml anne@example.org 1 --reason "encore"
utilis jury conflict data/prize/edition.yaml nobody@example.org 1 --reason "x"
utilis jury conflict data/prize/edition.yaml anne@example.org 9 --reason "x"
utilis jury conflict data/prize/edition.yaml anne@example.org 2
utilis jury assign data/prize/edition.yaml --per-candidate 2 --seed 46
utilis jury assign data/prize/edition.yaml --per-candidate 2 --seed 46
utilis jury list data/prize/edition.yaml
# before any score
utilis prize results data/prize/edition.yaml
utilis prize results data/prize/edition.yaml --format csv
utilis prize results data/prize/edition.yaml --format json
# a conflict declared after the assignment: unassigned, then the place is filled again
utilis jury conflict data/prize/edition.yaml chloe@example.org 4 --reason "bénévole de l'ADAPEI"
utilis jury assign data/prize/edition.yaml --per-candidate 2 --seed 12
utilis jury list data/prize/edition.yaml
# the scores, typed from paper, for every pair assigned
printf '_juror,_candidate,note_impact,note_reciprocite,note_durabilite,commentaire\nbruno@example.org,1,5,4,4,Exemplaire.\nchloe@example.org,1,4,4,5,\nanne@example.org,2,2,3,2,\n4,2,3,2,2,Peu de réciprocité.\nanne@example.org,3,4,3,4,\n4,3,3,3,3,\nbruno@example.org,4,3,4,4,\n4,4,1,2,1,\n' > notes.csv
cmp notes.csv data/prize/prize-notes.csv && echo 'same scores as tests/data/prize/prize-notes.Rout'
utilis responses import grille notes.csv --edition data/prize/edition.yaml
utilis jury list data/prize/edition.yaml
utilis prize results data/prize/edition.yaml
utilis prize results data/prize/edition.yaml --lang en
utilis prize results data/prize/edition.yaml --format csv
utilis prize results data/prize/edition.yaml --format json
utilis prize audit data/prize/edition.yaml
# the jurors' pages: refusals before the server listens
timeout 10 utilis serve --listen 127.0.0.1:0 --edition data/prize/absent.yaml
timeout 10 utilis serve --listen 127.0.0.1:0 --edition data/prize/edition.yaml --edition data/prize/edition.yaml
timeout 10 utilis serve --listen 127.0.0.1:0 --edition indicators/prix-2018.yaml
