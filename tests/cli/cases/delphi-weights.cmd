# The pilot group weighs the stakes after its Delphi rounds: by 100 points
# (small referential, two rounds), then by pairwise comparisons (AHP, three
# stakes, no round: links by 'utilis invite'); the group's weights into the
# indicator set; how much the index depends on them.  Second opinion: the
# 100-point weights of poids.csv (mean 55/45, quartiles 50/55/60 and 40/45/50)
# by hand; the AHP weights, spreads, lambda, CI and CRs are R's
# (tests/data/referential/ahp-trois.R and .Rout).
utilis -q init && utilis -q survey load surveys/utilite-sociale.yaml
utilis -q delphi start data/referential/petit.yaml --round 1 && utilis -q invite delphi-petit --from data/referential/membres.csv -o l1.csv && utilis -q responses import delphi-petit data/referential/tour1.csv
utilis -q delphi start data/referential/petit.yaml --round 2 -o l2.csv && utilis -q responses import delphi-petit data/referential/tour2.csv 2>/dev/null
utilis delphi results data/referential/petit.yaml --weights
# before the weights questionnaire the stakes weigh the same
utilis delphi build data/referential/petit.yaml -o egal.yaml && grep -E 'weight:|same' egal.yaml
utilis delphi sensitivity data/referential/petit.yaml --set egal.yaml 2>&1 | tail -1
utilis delphi weights data/referential/petit.yaml
utilis delphi weights data/referential/petit.yaml --method vote
utilis delphi weights data/referential/petit.yaml --method points --yaml poids.yaml -o liens-poids.csv
cut -d, -f1-3 liens-poids.csv
grep -E 'name: (pts|total)|constraint:' poids.yaml
# a total other than 100 is refused
utilis responses import poids-petit data/referential/poids-90.csv
utilis responses import poids-petit data/referential/poids.csv
utilis delphi results data/referential/petit.yaml --weights
utilis delphi results data/referential/petit.yaml --weights --format csv
utilis delphi results data/referential/petit.yaml --weights --format json
utilis delphi results data/referential/petit.yaml --weights --round 1
utilis delphi build data/referential/petit.yaml -o petit-delphi.yaml
grep -E '^#|weight:' petit-delphi.yaml
# the co-construction report and the workbook have the weights
utilis -q delphi build data/referential/petit.yaml --pdf poids.pdf --xlsx poids.xlsx && pdftotext poids.pdf - 2>/dev/null | grep -E 'poids des enjeux|réparti|^n° '
python3 data/referential/xlsx-cells.py poids.xlsx 2>/dev/null | head -1
# the index with each member's weights, then with weights drawn around the group's
utilis -q simulate utilite-sociale --n 90 --groups 3 --seed 7
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group 2>/dev/null
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --overall --format csv 2>/dev/null
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group --dirichlet 50 --draws 2000 --seed 3 --format json 2>/dev/null
# seeded: the same input gives the same output; another seed another draw
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group --dirichlet 50 --seed 3 --format csv >a.csv 2>/dev/null && utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group --dirichlet 50 --seed 3 --format csv >b.csv 2>/dev/null && cmp a.csv b.csv && echo same
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group --dirichlet 50 --seed 4 --format csv 2>/dev/null | cmp -s - a.csv || echo different
# the social-utility report's weights_sensitivity section, in plain French
printf 'report: poids\ntitle: {fr: Essai}\nsource: {indicators: petit-delphi.yaml, by: _group}\ngroup_names:\n  groupe_3: {fr: "les membres du groupe 3"}\nsections:\n  - type: weights_sensitivity\n    referential: data/referential/petit.yaml\n' >poids-rapport.yaml && utilis report poids-rapport.yaml -o rapport.pdf 2>/dev/null && pdftotext -layout rapport.pdf - 2>/dev/null | grep -E 'pondérations|reste|Ensemble|groupe_'
printf 'report: poids\ntitle: {fr: Essai}\nsource: {indicators: petit-delphi.yaml}\nsections:\n  - type: weights_sensitivity\n' >sans.yaml && utilis report sans.yaml -o sans.pdf
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --seed 3
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --dirichlet 0
utilis delphi sensitivity data/referential/petit.yaml --set indicators/utilite-sociale.yaml 2>&1 | tail -1
# pairwise comparisons on three stakes: three members are fewer than min_group 4
utilis delphi weights data/referential/trois.yaml --method ahp --yaml ahp.yaml
grep -c 'type: select_one saaty' ahp.yaml
grep -A3 'saaty_besoins__lien:' ahp.yaml
utilis responses import poids-trois data/referential/poids-ahp-bad.csv
utilis -q responses import poids-trois data/referential/poids-ahp-1.csv
utilis delphi results data/referential/trois.yaml --weights
utilis -q responses import poids-trois data/referential/poids-ahp-2.csv
utilis delphi results data/referential/trois.yaml --weights
utilis delphi results data/referential/trois.yaml --weights --format json | grep -A4 -E '"group_consistency"|"member": 4'
# the CSV, for programs, has the JSON's numbers to the last digit (it had 6 digits)
utilis delphi results data/referential/trois.yaml --weights --format csv >ahp.csv && utilis delphi results data/referential/trois.yaml --weights --format json >ahp.json && head -2 ahp.csv && python3 -c 'import csv, json; j = json.load(open("ahp.json")); w = {(str(m["member"]), s): (v, m["cr"]) for m in j["member_weights"] for s, v in m["weights"].items()}; r = [x for x in csv.DictReader(open("ahp.csv")) if x["member"] != "group"]; print(len(r), "weights of members,", sum((float(x["weight"]), float(x["cr"])) == w[(x["member"], x["stake"])] for x in r), "with the weight and CR of the JSON")'
utilis delphi results data/referential/trois-plus.yaml --weights
# Second opinion (tests/cli/second-opinion.md): the answers the sensitivity
# figures above read, and those figures in full, recomputed by
# tests/data/referential/sensitivity.R.
utilis -q responses export utilite-sociale -o us90.csv && cmp us90.csv data/referential/sensitivity-us.csv && echo 'same answers as tests/data/referential/sensitivity.R'
utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group --format json 2>/dev/null
# group names with accents and a typographic apostrophe, one longer than its
# column (cut with "…", in full in the comparisons): the columns stay aligned
(head -1 us90.csv; grep -E '^[0-9]+,groupe_[12],' us90.csv | sed -e 's/^[0-9]*,groupe_1,/,Comité d’entraide du Maine-et-Loire (Angers),/' -e 's/^[0-9]*,groupe_2,/,Équipe Nantes,/') >noms.csv && utilis -q responses import utilite-sociale noms.csv 2>/dev/null && utilis delphi sensitivity data/referential/petit.yaml --set petit-delphi.yaml --by _group 2>/dev/null | grep -v '^  groupe_'
