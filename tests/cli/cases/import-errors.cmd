# --errors FILE: every error of an import, not only the first 50, in a CSV
# file (row, column, value as written, message), private (mode 0600), and
# still nothing imported; written (header only) when there is no error.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai data/csv/bad/34-many-problems.csv --errors all.csv 2>/dev/null
wc -l < all.csv
head -3 all.csv
tail -2 all.csv
stat -c %a all.csv
utilis responses import essai data/csv/bad/36-french-excel.csv --errors few.csv
cat few.csv
utilis responses import essai data/csv/bad/03-unclosed-quote.csv --errors notcsv.csv
cat notcsv.csv
cp data/csv/bad/13-constraint.csv same.csv
utilis responses import essai same.csv --errors same.csv
utilis responses import essai data/csv/essai-utilis.csv --errors none.csv
cat none.csv
utilis responses import essai data/csv/essai-utilis.csv --errors no-dir/e.csv
ls
utilis survey list
