# The small-group rule's worked example (docs/statistics.md, "Small groups
# are never shown"): G1 (10 people, wave 2024), G2 (11, wave 2025), G3 (one
# person, aged 87, wave 2025).  G3 is left out of every figure, the totals
# included, so that no difference of two figures is about G3; answers
# given by fewer than 5 are hidden ("< 5"), with what would give them away
# ("·"); Min(5) and Max(5) are the 5th smallest and largest ages.
utilis -q init
utilis -q survey load data/disclosure/accueil.yaml
utilis -q responses import accueil data/disclosure/accueil.csv
utilis describe accueil
utilis describe accueil --by _group
utilis describe accueil --by _wave --lang en
utilis describe accueil --by service --lang en
utilis indicators compute data/disclosure/accueil-ind.yaml --bootstrap 0
utilis indicators compute data/disclosure/accueil-ind.yaml --by _wave --bootstrap 0 --lang en
utilis indicators compute data/disclosure/accueil-ind.yaml --by _wave --bootstrap 0 --format csv
# The attack, on every output in JSON and CSV: no difference reveals G3.
utilis describe accueil --format json >d.json
utilis describe accueil --by _group --format json >dg.json
utilis describe accueil --by _wave --format json >dw.json
utilis describe accueil --by _wave --format csv >dw.csv
utilis indicators compute data/disclosure/accueil-ind.yaml --bootstrap 0 --format json >i.json
utilis indicators compute data/disclosure/accueil-ind.yaml --by _wave --bootstrap 0 --format json >iw.json
utilis indicators compute data/disclosure/accueil-ind.yaml --by _wave --bootstrap 0 --format csv >iw.csv
/usr/bin/python3 data/disclosure/attack.py d.json dg.json dw.json dw.csv i.json iw.json iw.csv
# The JSON says why a cell is hidden, never how many it holds.
grep -A3 '"value": "c"' d.json
