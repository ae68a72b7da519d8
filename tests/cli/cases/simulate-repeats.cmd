# simulate with repeats: each simulated board gets as many members as its
# repeat_count (nmembres) says, each member's answers drawn by the rules of
# the form (required name, age within its constraint, `fonction` only from
# 18), and each member an open nested repeat (mandats) of 1 to 12 instances.
# The same seed gives the same instances.
utilis -q init
utilis -q survey load data/good/conseil.yaml
utilis simulate conseil --n 20 --seed 7
utilis -q responses export conseil -o e.csv
awk -F, 'NR > 1 { n[$1] = $5 } END { for (i in n) t += n[i]; print t, "members said" }' e.csv
awk -F, 'NR > 1 { m[$1]++ } END { for (i in m) t += m[i]; print t, "member rows" }' e-membres.csv
python3 -c "import csv; r=list(csv.DictReader(open('e.csv'))); m=list(csv.DictReader(open('e-membres.csv'))); print('every board its count:', all(sum(1 for x in m if x['_id']==b['_id'])==int(b['nmembres'] or 0) for b in r))"
python3 -c "import csv; m=list(csv.DictReader(open('e-membres.csv'))); print('names:', all(x['nom'] for x in m), 'ages 16-110:', all(16<=int(x['age'])<=110 for x in m if x['age']), 'fonction only from 18:', all(int(x['age'])>=18 for x in m if x['fonction']))"
python3 -c "import csv, collections; c=collections.Counter((x['_id'],x['_parent_index']) for x in csv.DictReader(open('e-mandats.csv'))); print('mandates per member from', min(c.values()), 'to', max(c.values()))"
# the import checks every rule of the form again, in each instance
utilis --db back.db -q init
utilis --db back.db -q survey load data/good/conseil.yaml
utilis --db back.db responses import conseil e.csv
utilis --db again.db -q init
utilis --db again.db -q survey load data/good/conseil.yaml
utilis --db again.db -q simulate conseil --n 20 --seed 7
utilis --db again.db -q responses export conseil -o again.csv
cmp e-membres.csv again-membres.csv && cmp e-mandats.csv again-mandats.csv && echo same instances
