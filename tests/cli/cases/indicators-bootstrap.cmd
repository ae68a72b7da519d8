# Second opinion on the composite's percentile bootstrap, on a fixed small
# example whose bootstrap distribution is exact (tests/data/stats/boot.R):
# one share, 1 yes of 5 answers; every seed gives the interval 0 - 60 that
# R computes from Binomial(5, 1/5) (tests/cli/second-opinion.py compares
# them).
utilis -q init
utilis -q survey load data/stats/boot.yaml
utilis responses import boot data/stats/boot.csv
utilis indicators compute data/stats/boot-indicateurs.yaml --overall --bootstrap 2000 --seed 1 --format csv
utilis indicators compute data/stats/boot-indicateurs.yaml --overall --bootstrap 2000 --seed 2 --format csv
utilis indicators compute data/stats/boot-indicateurs.yaml --overall --bootstrap 2000 --seed 12345 --format csv
