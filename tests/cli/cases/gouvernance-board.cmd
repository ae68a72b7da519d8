# The gouvernance survey's board composition (version 2: the repeat
# membres_ca) and its board-renewal indicators, checked by hand on five
# boards (data/repeats/gouvernance-membres.csv; the rest of each answer is
# simulated, and the five are one group, as min_group 5 asks):
#   board  members  women   mean tenure        under 45  new (2 yrs)  leaving
#   1      4        2: 50   (1+10+6+20)/4=9.3   1: 25     1: 25        2: 50
#   2      2        2: 100  (0+3)/2=1.5         1: 50     1: 50        0: 0
#   3      3        1: 33.3 (12+15+9)/3=12      0: 0      0: 0         1: 33.3
#   4      1        0: 0    2                   0: 0      1: 100       0: 0
#   5      2        1: 50   (4+1)/2=2.5         2: 100    1: 50        1: 50
# (the survey rounds each to one decimal: 9.25 gives 9.3).  Means: parity
# 46.66, tenure 5.46, under 45 35, new 45, leaving 26.66; the score places
# the mean between baseline and target: parity 100 * 46.66 / 50 = 93.32,
# tenure (15 - 5.46) / (15 - 6) above 100 gives 100, leaving
# 100 * (50 - 26.66) / (50 - 10) = 58.35.  describe sums the members up
# with the respondents behind them: 'femme' and 'homme' each come from
# 4 boards, fewer than 5, and are hidden however many members they count.
utilis -q init
utilis -q survey load surveys/gouvernance.yaml
utilis --db sim.db -q init
utilis --db sim.db -q survey load surveys/gouvernance.yaml
utilis --db sim.db -q simulate gouvernance --n 5 --seed 3
utilis --db sim.db -q responses export gouvernance -o g.csv
cp data/repeats/gouvernance-membres.csv g-membres_ca.csv
utilis responses import gouvernance g.csv
utilis -q responses export gouvernance -o back.csv
python3 -c "import csv; [print(r['_id'], r['taille_ca'], r['part_femmes_ca'], r['anciennete_moyenne_ca'], r['part_moins_45_ca'], r['part_nouveaux_ca'], r['part_departs_ca']) for r in csv.DictReader(open('back.csv'))]"
utilis indicators compute indicators/gouvernance.yaml --overall --bootstrap 0 --format csv | grep -E '^indicators|,ca_'
utilis describe gouvernance --format csv | grep -E ',(sexe|annees_ca),'
