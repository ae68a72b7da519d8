# A constraint message that names other answers (${total_points}, or
# ${prenom} in a member's instance) reads in the import's error as the web
# form shows it: with the answer in place of the reference.
utilis -q init
utilis -q survey load data/csv/piped/points.yaml
utilis responses import points data/csv/piped/points.csv
