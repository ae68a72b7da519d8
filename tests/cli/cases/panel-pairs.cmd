# Second opinion on the paired figures of panel.cmd: the same panel (the
# same commands and seeds), then, per person, the number of answers in
# each wave and the answers, read from the workspace (the panel key joins
# the export's rows; the key itself, random, is not written) and sorted:
# tests/data/panel/pairs.R computes the paired figures from that file, and
# tests/cli/second-opinion.py compares them with panel.out's CSV, printed
# here again; then the same after the erasure of panel.cmd.
utilis -q init
utilis -q survey load data/panel/suivi.yaml
utilis -q invite suivi --from data/panel/contacts-2024.csv -o l2024.csv
utilis -q simulate suivi --links --wave 2024 --share 90 --seed 5
utilis -q invite suivi --from-wave 2024 --wave 2025 -o l2025.csv
printf 'nom,courriel,groupe,vague\nPersonne 07,PERSONNE07@exemple.org,Nantes,2025\n' > double.csv
utilis -q invite suivi --from double.csv -o double-links.csv
utilis -q simulate suivi --links --wave 2025 --shift 0.6 --seed 6
utilis -q responses export suivi -o suivi.csv
sqlite3 -csv -header :memory: ".import --csv suivi.csv a" "ATTACH 'utilis.db' AS w" "SELECT sum(a._wave = '2024') AS n_2024, sum(a._wave = '2025') AS n_2025, max(CASE a._wave WHEN '2024' THEN a.informe END) AS informe_2024, max(CASE a._wave WHEN '2024' THEN a.choix END) AS choix_2024, max(CASE a._wave WHEN '2024' THEN a.instance END) AS instance_2024, max(CASE a._wave WHEN '2025' THEN a.informe END) AS informe_2025, max(CASE a._wave WHEN '2025' THEN a.choix END) AS choix_2025, max(CASE a._wave WHEN '2025' THEN a.instance END) AS instance_2025 FROM a JOIN w.respondent r ON a._id = CAST(coalesce(r.ext_id, r.id) AS TEXT) WHERE r.panel IS NOT NULL GROUP BY r.panel ORDER BY 1, 2, 3, 4, 5, 6, 7, 8" > pairs.csv
cmp pairs.csv data/panel/pairs.csv && echo 'same pairs as tests/data/panel/pairs.R'
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired
# After the erasure of panel.cmd: personne03's answers in both waves go, one pair less.
utilis -q responses erase suivi --email personne03@exemple.org --yes
sqlite3 -csv -header :memory: ".import --csv suivi.csv a" "ATTACH 'utilis.db' AS w" "SELECT sum(a._wave = '2024') AS n_2024, sum(a._wave = '2025') AS n_2025, max(CASE a._wave WHEN '2024' THEN a.informe END) AS informe_2024, max(CASE a._wave WHEN '2024' THEN a.choix END) AS choix_2024, max(CASE a._wave WHEN '2024' THEN a.instance END) AS instance_2024, max(CASE a._wave WHEN '2025' THEN a.informe END) AS informe_2025, max(CASE a._wave WHEN '2025' THEN a.choix END) AS choix_2025, max(CASE a._wave WHEN '2025' THEN a.instance END) AS instance_2025 FROM a JOIN w.respondent r ON a._id = CAST(coalesce(r.ext_id, r.id) AS TEXT) WHERE r.panel IS NOT NULL GROUP BY r.panel ORDER BY 1, 2, 3, 4, 5, 6, 7, 8" > erased.csv
diff pairs.csv erased.csv; cmp erased.csv data/panel/pairs-erased.csv && echo 'same pairs as tests/data/panel/pairs.R'
utilis indicators compute data/panel/suivi-indicateurs.yaml --by _wave --bootstrap 0 --lang en --format csv --paired
