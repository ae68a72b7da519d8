# Forty chained concat(${x}, ${x}) calculations (data/concat-chain.yaml):
# 'survey check' warns about the first of the chain; one answer "x" is
# then imported at once in bounded memory (512 MB of address space, or of
# resident memory under AddressSanitizer, which reserves terabytes), the
# calculations past 32,767 bytes left unanswered with a warning.  It took
# the importer past 1.3 GB before, and a server thread to a 500 after 37 s.
utilis -q init
utilis survey check data/concat-chain.yaml
utilis -q survey load data/concat-chain.yaml 2>/dev/null
printf '_id,x\nr1,x\n' > x.csv
if bash -c '(ulimit -v 524288 && utilis --version)' >/dev/null 2>&1; then ulimit -v 524288; else export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=512"; fi; timeout 20 utilis responses import chaine x.csv 2>&1
utilis -q responses export chaine -o chaine.csv
python3 -c "import csv; r = next(csv.DictReader(open('chaine.csv'))); print([len(r['c%d' % i]) for i in (1, 2, 14, 15, 16, 40)])"
