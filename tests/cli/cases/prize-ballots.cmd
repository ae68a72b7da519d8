# The jurors' rankings aggregated beside the scores (prize results
# --aggregate): Borda and Schulze on the test edition, with a juror whose
# ballot holds one candidate (it ranks nothing: counted in neither method),
# in the three formats, and a wrong method refused.  Second opinion: the
# Borda points and scores and the Schulze ranks and beats are R's
# (tests/data/prize/ballots.R and .Rout).
utilis -q init
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates.csv
utilis jury add data/prize/edition.yaml --name "Anne Martin" --email anne@example.org > /dev/null
utilis jury add data/prize/edition.yaml --name "Bruno Caron" --email bruno@example.org > /dev/null
utilis jury add data/prize/edition.yaml --name "Chloé Diallo" --email chloe@example.org > /dev/null
utilis jury add data/prize/edition.yaml --name "Eve Seule" --email eve@example.org > /dev/null
printf '_juror,_candidate,note_impact,note_reciprocite,note_durabilite\nanne@example.org,1,5,4,4\nanne@example.org,2,3,3,3\nanne@example.org,3,4,4,5\nbruno@example.org,1,3,3,3\nbruno@example.org,2,4,4,4\nbruno@example.org,4,2,2,2\nchloe@example.org,2,5,5,4\nchloe@example.org,3,2,2,2\nchloe@example.org,4,4,4,4\neve@example.org,4,5,5,5\n' > notes.csv
utilis -q responses import grille notes.csv --edition data/prize/edition.yaml
utilis prize results data/prize/edition.yaml --aggregate all | sed -n '/^Classements/,$p'
utilis prize results data/prize/edition.yaml --aggregate borda --lang en | sed -n '/^Rankings/,$p'
utilis prize results data/prize/edition.yaml --aggregate schulze --aggregate borda --format csv | cut -d, -f1-3,28-
utilis prize results data/prize/edition.yaml --aggregate schulze --format json | grep -A3 '"schulze"'
utilis prize results data/prize/edition.yaml --aggregate condorcet
