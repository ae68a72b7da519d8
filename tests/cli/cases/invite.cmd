# Respondent links: created for a count or a contact list, listed with their
# progress, the open link of a public survey, and every refusal.  Tokens are
# random: sed replaces them with TOKEN.
utilis init
utilis survey load data/good/essai.yaml
set -o pipefail; utilis invite essai --count 2 --group CA --wave 2025 --base-url https://enquete.example.org/ | sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#'
printf '\357\273\277Nom;Courriel;Groupe;Téléphone\nAnne Dupont;anne@example.org;CA;02 40 00 00 00\n"Ben; dit B";ben@example.org;salariés;\n' > contacts.csv
utilis invite essai --from contacts.csv -o links.csv
sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#' links.csv
set -o pipefail; utilis invite essai --list | sed -E 's#/r/[A-Za-z0-9_-]{24}$#/r/TOKEN#'
utilis invite essai --list --status submitted
utilis -q invite essai --list --status invited | wc -l
printf 'name,email,city\nAnne,anne.example.org,Nantes\nBen,"ben@example.org\n' > bad.csv
utilis invite essai --from bad.csv
printf 'phone\n0240\n' > nocol.csv
utilis invite essai --from nocol.csv
utilis invite essai --from missing.csv
utilis -q invite essai --list | wc -l
utilis invite essai
utilis invite essai --count 2 --from contacts.csv
utilis invite essai --count 0
utilis invite essai --count 1 extra
utilis invite essai --from contacts.csv --group CA
utilis invite essai --list --status done
utilis invite essai --count 1 --base-url ftp://example.org
utilis invite absent --count 1
utilis invite essai --open-link
sed -e 's/^form_id: essai/form_id: ouvert/' -e 's/^settings: .*/settings: {anonymous: true, public: true}/' data/good/essai.yaml > ouvert.yaml
utilis -q survey load ouvert.yaml
set -o pipefail; utilis invite ouvert --open-link --base-url http://localhost:8080 | sed -E 's#/o/[A-Za-z0-9_-]{24}$#/o/TOKEN#'
set -o pipefail; utilis invite ouvert --open-link --base-url http://localhost:8080 | sed -E 's#/o/[A-Za-z0-9_-]{24}$#/o/TOKEN#'
utilis --db nowhere.db invite essai --list
utilis invite essai --count 2 --letters lettres.pdf -o lettres.csv
stat -c %a lettres.pdf
pdfinfo lettres.pdf | grep -c '^Pages: *2$'
utilis invite essai --list --status started --letters rappel.pdf
utilis invite essai --open-link --letters x.pdf
utilis invite essai --count 1 --lang en
utilis invite essai --count 1 --letters x.pdf --lang de
utilis invite essai --list --status submitted --letters x.pdf
utilis invite essai --count 1 --letters same.csv -o same.csv
ls x.pdf same.csv
