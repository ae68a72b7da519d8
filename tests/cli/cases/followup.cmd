# The laureates one year on (docs/prize.md): a follow-up link per laureate,
# kept with its candidate; answers typed from paper attach through the
# link's token; the refusals.  Links are random: shown as TOKEN.
utilis -q init
utilis -q survey load data/prize/candidature.yaml data/prize/grille.yaml
utilis -q responses import candidature data/prize/candidates.csv
utilis prize followup data/prize/edition.yaml 1
utilis -q survey load surveys/prix-suivi-laureats.yaml
utilis prize followup data/prize/edition.yaml 1 9
utilis prize followup data/prize/edition.yaml 1 x
utilis prize followup data/prize/edition.yaml 2 --base-url ftp://example.org
utilis prize followup data/prize/edition.yaml 3 --survey candidature
utilis prize followup data/prize/edition.yaml 3 --survey grille
utilis prize followup data/prize/edition.yaml 3 --survey absent
set -o pipefail; utilis prize followup data/prize/edition.yaml 2 3 --base-url https://prix.example.org/ | tee links.csv | sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#'
set -o pipefail; utilis prize followup data/prize/edition.yaml 3 4 | sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#'
set -o pipefail; utilis prize followup data/prize/edition.yaml | sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#'
# answers on paper, imported with the link's token as _id
printf '_id,toujours_actif,personnes_aidees,salaries_impliques,nouvelles_actions,nouvelles_actions_detail,accord_reportage\n%s,oui,140,12,oui,Un atelier le samedi,oui\n' "$(sed -n 2p links.csv | sed 's#.*/r/##')" > suivi.csv
utilis -q responses import prix-suivi-laureats suivi.csv
utilis report check data/prize/laureats.yaml
utilis -q report data/prize/laureats.yaml -o laureats.xlsx && unzip -p laureats.xlsx | grep -o 'Un atelier le samedi\|Habitat et Humanisme / Bâti Ouest\|lien envoyé\|répondu (papier)\|1 réponse' | sort
