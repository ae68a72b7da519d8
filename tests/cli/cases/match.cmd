# utilis match on a small network (data/match/README.md): the pairs with
# their reasons, the needs and offers left alone with why, in French and
# English, as a table, CSV and JSON; a matching file that changes the
# weights and declares a conflict; its mistakes at their place (exit 65);
# the same workspace giving the same matching.
utilis -q init
utilis match
utilis -q survey load surveys/benevolat-entreprises.yaml
utilis -q responses import benevolat-entreprises data/match/reseau.csv
utilis match
utilis match --lang en --format csv
utilis -q match --format json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['method'], d['proven'], d['objective'], len(d['pairs']), len(d['unmatched_needs']), len(d['unmatched_offers']))"
utilis -q match --format csv > a.csv; utilis -q match --format csv > b.csv; cmp a.csv b.csv && echo same
utilis match --greedy --lang en
utilis match --rules data/match/regles.yaml
utilis match --rules data/match/regles-fautes.yaml
utilis match --rules missing.yaml
utilis match --format xml
