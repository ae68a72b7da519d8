# Panels (settings.panel): a person's answers in two waves are linked by a
# panel key, never by their name or e-mail.  Invite a contact list in 2024,
# answer, invite the same people again in 2025 (invite --from-wave), answer;
# then the paired statistics (table, JSON, CSV --paired), and the attacks:
# people who answered one wave only, a person with two links in one wave, an
# erased person, fewer pairs than min_group, the panel secret removed.
# Tokens are random: sed replaces them with TOKEN.
# Second opinion: the scores by wave, their intervals and the Welch and
# Mann-Whitney tests are R's on the same answers (tests/data/panel/waves.R
# and .Rout); the paired figures, before and after the erasure, are R's on
# the pairs panel-pairs.cmd reads from the workspace's panel keys
# (tests/data/panel/pairs.R; make check-second compares them).
utilis -q init
utilis survey load data/panel/suivi.yaml
utilis survey show suivi | sed -n 3p
utilis invite suivi --from data/panel/contacts-2024.csv -o l2024.csv
utilis simulate suivi --links --wave 2024 --share 90 --seed 5
utilis invite suivi --from-wave 2024 --wave 2025 -o l2025.csv
sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#' l2025.csv | sed -n '1,3p;40,42p'
# A second run invites nobody twice.
utilis invite suivi --from-wave 2024 --wave 2025 -o again.csv
# Personne 07 gets a second link in 2025 (the same person twice in one wave).
printf 'nom,courriel,groupe,vague\nPersonne 07,PERSONNE07@exemple.org,Nantes,2025\n' > double.csv
utilis -q invite suivi --from double.csv -o double-links.csv
utilis simulate suivi --links --wave 2025 --shift 0.6 --seed 6
# Nothing in the answers names anyone: no token, no e-mail, no name.
utilis responses export suivi -o suivi.csv
(head -1 suivi.csv | cut -d, -f2-; tail -n +2 suivi.csv | cut -d, -f2- | LC_ALL=C sort) | cmp - data/panel/suivi-answers.csv && echo 'same answers as tests/data/panel/waves.R'
head -1 suivi.csv
grep -c -i -e exemple.org -e personne -e /r/ suivi.csv || echo 'no e-mail, name or link in the answers'
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired
set -o pipefail; utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --format json | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["paired"], indent=1))'
# Fewer pairs than min_group: not shown.
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --min-group 39 --lang en | grep -e '^By' -e Panel -e '^  20'
# Erasing a person by e-mail erases their answers in both waves: one pair less.
utilis responses erase suivi --email personne03@exemple.org --yes
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --format csv --paired | cut -d, -f2-7
# Without its secret the panel refuses new answers rather than key them anew.
utilis -q invite suivi --count 1 --wave 2025 -o one.csv
sqlite3 utilis.db "DELETE FROM secret WHERE name = 'panel'"
utilis simulate suivi --links --wave 2025 --seed 7
utilis survey list
# XLSForm keeps the setting both ways.
utilis -q survey export-xlsform suivi -o suivi.xlsx
utilis -q survey import-xlsform suivi.xlsx -o back.yaml
grep settings back.yaml
# Usage.
utilis invite suivi --from-wave 2024
utilis invite suivi --from-wave 2024 --wave 2024
utilis invite suivi --from-wave 2023 --wave 2026
utilis invite suivi --from-wave 2024 --wave 2026 --group CA
utilis indicators compute data/panel/suivi-indicateurs.yaml --paired --format csv
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --paired
sed 's/settings: {panel: true}/settings: {panel: true, anonymous: true}/' data/panel/suivi.yaml > both.yaml
utilis survey check both.yaml
