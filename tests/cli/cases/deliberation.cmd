# The grid's deliberation questions (recommendation, coup de cœur, hearing,
# missing information) tallied per candidate in the ranking: the table's
# section, the CSV's columns and the JSON's "deliberation" object, on the
# shipped edition with the 74 sheets of the report tests.
utilis -q init
utilis -q survey load surveys/prix-candidature.yaml surveys/prix-grille.yaml
utilis -q responses import prix-candidature data/reports/candidatures.csv 2> /dev/null
for j in 1 2 3 4 5 6; do utilis -q jury add indicators/prix-2018.yaml --name "Juré $j" --email "j$j@example.org" > /dev/null; done
utilis -q responses import prix-grille data/reports/notes-jury.csv --edition indicators/prix-2018.yaml 2> /dev/null
utilis prize results indicators/prix-2018.yaml | sed -n '/^Délibération/,/^$/p'
utilis prize results indicators/prix-2018.yaml --lang en | sed -n '/^Deliberation/,/^$/p' | head -6
utilis prize results indicators/prix-2018.yaml --format csv | head -3 | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "infos_manquantes_oui") s = i } { o = $1 "," $3; for (i = s; i <= NF; i++) o = o "," $i; print o }'
utilis prize results indicators/prix-2018.yaml --format json | sed -n '/"deliberation"/,/^      }$/p' | head -21
