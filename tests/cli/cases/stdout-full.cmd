# Standard output that cannot be written (a full disk: /dev/full) is an
# input/output error, exit 74, for every command: main checks it once after
# the command (src/main.c).  A command that failed keeps its own exit code.
utilis -q init
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates.csv
utilis survey list > /dev/full
utilis survey show candidature > /dev/full
utilis jury list data/prize/edition.yaml > /dev/full
utilis prize results data/prize/edition.yaml --format csv > /dev/full
utilis prize results data/prize/edition.yaml --format json > /dev/full
utilis describe candidature > /dev/full
utilis --help > /dev/full
utilis help > /dev/full
utilis --version > /dev/full
utilis help survey check > /dev/full
# a failure keeps its exit code; a quiet command prints nothing, so succeeds
utilis jury list > /dev/full
utilis survey show absent > /dev/full
utilis -q survey check data/prize/grille.yaml > /dev/full
