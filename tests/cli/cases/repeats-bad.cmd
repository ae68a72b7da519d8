# Attacks on the repeats' files: each problem is an error at its file, row
# and column, and nothing is imported.  A member whose respondent is not in
# the file; a mandate whose parent member is in no row; an _index given
# twice; more members than max_count (20); not as many members as nmembres
# says (repeat_count); a member's answer that breaks a constraint or does
# not apply; a question of a repeat in the respondents' file.
utilis -q init
utilis -q survey load data/good/conseil.yaml
printf '_id,nmembres\nc1,1\nc2,1\n' > r.csv
printf '_id,_index,nom,age\nc1,1,Anne,54\nc2,2,Bruno,40\nc9,3,Orphan,30\n' > r-membres.csv
printf '_id,_index,_parent_index,debut\nc1,1,1,2015\nc1,2,7,2016\n' > r-mandats.csv
utilis responses import conseil r.csv
printf '_id,_index,nom,age\nc1,1,Anne,54\nc2,1,Bruno,40\n' > r-membres.csv
printf '_id,_index,_parent_index,debut\n' > r-mandats.csv
utilis responses import conseil r.csv
printf '_id,nmembres\nc1,20\n' > big.csv
(echo '_id,_index,nom'; for i in $(seq 1 21); do echo "c1,$i,M$i"; done) > members.csv
utilis responses import conseil big.csv --repeat membres=members.csv --repeat mandats=r-mandats.csv
printf '_id,nmembres\nc1,3\nc2,0\n' > n.csv
printf '_id,_index,nom,age,fonction\nc1,1,Anne,12,\nc1,2,Bruno,17,Trésorier\nc2,3,Chloé,30,\n' > n-membres.csv
printf '_id,_index,_parent_index,debut\nc1,1,1,1850\n' > n-mandats.csv
utilis responses import conseil n.csv
utilis responses import conseil n.csv --errors errors.csv
cat errors.csv
printf '_id,nmembres,age\nc1,0,40\n' > q.csv
utilis responses import conseil q.csv
printf '_id,_index,nom,poids\n' > q-membres.csv
printf '_id,nmembres\nc1,0\n' > q.csv
utilis responses import conseil q.csv
utilis responses import conseil q.csv --repeat membres
# a repeat without its file: said, also when the import then fails
printf '_id,nmembres\nc1,1\n' > lone.csv
utilis responses import conseil lone.csv
utilis responses import conseil lone.csv --repeat membre=x.csv
# ODK Central's export is a zip of CSV files: read unzipped
python3 -c "import zipfile; z = zipfile.ZipFile('odk.zip', 'w'); z.write('data/repeats/conseil-odk.csv', 'conseil.csv'); z.close()"
utilis responses import conseil --format odk odk.zip
