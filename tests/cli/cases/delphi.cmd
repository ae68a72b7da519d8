# Delphi rounds of a pilot group over a small referential (min_group 4):
# round 1 on paper, the round-2 links opened on each member's ratings,
# round 2 with a member who left and one who joined, the figures, the
# indicator set and the reports.  Second opinion: the figures of rounds 1
# and 2 (n, median, quartiles, agreement, DI, same third, changed) are R's
# (tests/data/referential/delphi-rounds.R and .Rout).
utilis -q init && utilis -q survey load surveys/utilite-sociale.yaml
utilis delphi results data/referential/petit.yaml
utilis delphi start data/referential/petit.yaml --round 2
# a server address a link cannot hold is refused first, as by 'utilis invite'
utilis delphi start data/referential/petit.yaml --round 2 --base-url 'http://x.test/"><b>'
UTILIS_BASE_URL='http://x.test/a b' utilis delphi start data/referential/petit.yaml --round 2
utilis delphi start data/referential/petit.yaml --round 1 --yaml tour1.yaml
grep -c 'type: select_one note9' tour1.yaml
utilis delphi start data/referential/petit.yaml --round 1
utilis invite delphi-petit --from data/referential/membres.csv -o liens1.csv
utilis survey paper delphi-petit -o tour1.pdf && pdftotext tour1.pdf - 2>/dev/null | grep -c 'pertinence'
# nobody answered yet: no round 2
utilis delphi start data/referential/petit.yaml --round 2
# a rating of 10, and an indicator the referential does not have, are refused
utilis responses import delphi-petit data/referential/note-10.csv
utilis responses import delphi-petit data/referential/indicateur-force.csv
utilis responses import delphi-petit data/referential/tour1.csv
# 'signales' was rated by 3 members, fewer than min_group 4: no figure
utilis delphi results data/referential/petit.yaml
utilis delphi results data/referential/petit.yaml --format csv
utilis delphi start data/referential/petit.yaml --round 2 -o liens2.csv --yaml tour2.yaml
cut -d, -f1-3 liens2.csv
grep -A1 'hint:' tour2.yaml | grep -o 'Le groupe au tour 1[^"]*\|moins de 4 membres[^"]*'
utilis invite delphi-petit --list | cut -d, -f1,4,5
utilis delphi start data/referential/petit.yaml --round 2
utilis delphi start data/referential/petit.yaml --round 4
# Emma left after round 1; a new member joined in round 2
utilis responses import delphi-petit data/referential/tour2.csv
utilis delphi results data/referential/petit.yaml --round 2
utilis delphi results data/referential/petit.yaml --round 2 --format json
utilis delphi build data/referential/petit.yaml -o petit-delphi.yaml --pdf petit.pdf --xlsx petit.xlsx
cat petit-delphi.yaml
utilis indicators check petit-delphi.yaml
pdftotext petit.pdf - 2>/dev/null | grep -E 'retenu|Tour|médiane|désaccord|Besoins réels|Rupture' | head -20
utilis delphi build data/referential/petit.yaml --round 1 -o r1.yaml
utilis delphi results data/referential/petit.yaml --round 3
utilis delphi results data/referential/petit.yaml --format xml
utilis delphi build data/referential/petit.yaml
# a third round that only two members answer: nothing about it is shown,
# and round 4's pages show no group position
utilis -q delphi start data/referential/petit.yaml --round 3 -o liens3.csv && wc -l <liens3.csv
utilis -q responses import delphi-petit data/referential/tour3.csv
utilis delphi results data/referential/petit.yaml --round 3
utilis delphi results data/referential/petit.yaml --round 3 --format csv
utilis -q delphi start data/referential/petit.yaml --round 4 -o liens4.csv --yaml tour4.yaml && grep -c 'la position du groupe n.est pas montrée' tour4.yaml
grep -c 'Le groupe au tour' tour4.yaml
# the workbook read back (Python's zipfile, not libxlsxwriter): the sheets, round 1's
# first row, a suppressed count, and a comment that looks like a formula stored as text
python3 data/referential/xlsx-cells.py petit.xlsx
# outputs: never the workspace; links and the workbook private (0600), the rest readable (0644)
utilis delphi build data/referential/petit.yaml -o utilis.db
utilis delphi start data/referential/petit.yaml --round 5 -o utilis.db-wal
umask 022 && utilis -q delphi build data/referential/petit.yaml --round 2 -o m.yaml --pdf m.pdf --xlsx m.xlsx && stat -c '%n %a' m.yaml m.pdf m.xlsx liens2.csv tour2.yaml
