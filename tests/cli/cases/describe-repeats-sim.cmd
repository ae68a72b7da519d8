# Second opinion on the simulated lines of describe-repeats.cmd: the same
# simulation (sim.db, seed 7), its answers and their repeat files, which
# tests/data/stats/conseil-sim.R reads (tests/cli/second-opinion.py
# compares R's figures with describe-repeats.out's lines, printed here again).
utilis --db sim.db -q init
utilis --db sim.db -q survey load data/good/conseil.yaml
utilis --db sim.db -q simulate conseil --n 30 --seed 7
utilis --db sim.db -q responses export conseil -o sim.csv
cmp sim.csv data/stats/conseil-sim.csv && cmp sim-membres.csv data/stats/conseil-sim-membres.csv && cmp sim-mandats.csv data/stats/conseil-sim-mandats.csv && echo 'same answers as tests/data/stats/conseil-sim.R'
utilis --db sim.db describe conseil --format csv | grep -E '^survey|,(sexe|age|duree|femmes),'
