# Answers in and out: the utilis layout, French Excel (';', decimal comma,
# BOM, DD/MM/YYYY), KoboToolbox and ODK Central exports, Windows-1252;
# re-imports; exports; erasure by respondent, by e-mail and by date.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai data/csv/essai-utilis.csv --dry-run
utilis responses import essai data/csv/essai-utilis.csv
utilis responses import essai data/csv/essai-fr.csv --group accueil
utilis -v responses import essai --format kobo data/csv/essai-kobo.csv --wave 2025
utilis -v responses import essai --format odk data/csv/essai-odk.csv --wave 2025
utilis responses import essai data/csv/essai-1252.csv
utilis responses import essai data/csv/essai-1252.csv --encoding windows-1252
utilis responses import essai data/csv/essai-utilis.csv
utilis responses import essai data/csv/essai-utilis-changed.csv
utilis responses import essai --format kobo data/csv/essai-kobo.csv
utilis survey list
utilis responses export essai -o essai.csv
cat essai.csv
utilis responses export essai --sep ';' --labels --lang en -o essai-fr.csv
cat essai-fr.csv
utilis responses export essai --format csv -o essai.xlsx
utilis responses export essai -o essai.txt
utilis responses export essai --format csv -o essai.txt && head -c 30 essai.txt; echo
utilis responses export essai --format xlsx --sep ';'
utilis responses export essai -o missing-dir/essai.csv
ls essai*
utilis responses export absent
utilis responses import absent data/csv/essai-utilis.csv
utilis responses import essai data/csv/missing.csv
utilis responses import essai --format excel data/csv/essai-utilis.csv
utilis responses import essai data/csv/essai-geopoint.csv --dry-run
utilis responses import essai data/csv/essai-geopoint.csv --ignore-unknown-columns --dry-run
utilis -q invite essai --from data/csv/contacts.csv --output links.csv
utilis responses erase essai --respondent p02
USER=analyste utilis responses erase essai --respondent p02 --yes
USER=analyste utilis responses erase essai --respondent p02 --yes
USER=analyste utilis responses erase essai --email anne.martin@example.org --yes
USER=analyste utilis responses erase essai --before 2025-03-05 --yes
utilis responses erase essai --before 2020-01-01 --yes
utilis responses erase essai --before 2025-13-01 --yes
utilis responses erase essai --respondent p01 --before 2025-01-01
utilis survey list
sqlite3 utilis.db "SELECT name, email, status FROM invitation"
# the audit names the user running the command (shown as ME), whatever $USER says
sqlite3 utilis.db "SELECT at, action, detail FROM audit WHERE action LIKE 'responses.%' ORDER BY id" | sed "s/ by $(id -un)\$/ by ME/"
