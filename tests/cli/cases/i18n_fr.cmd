# Messages and help in French when the locale is French (po/fr.po); the
# same commands in English are in the other transcripts.
#env LC_ALL=fr_FR.UTF-8
utilis help
utilis help survey check
utilis survey lod
utilis survey
utilis --bogus
utilis survey show
utilis survey check data/bad/05-duplicate-question-name.yaml data/bad/04-unknown-question-key.yaml
utilis survey check nowhere.yaml
utilis survey list
utilis --db ailleurs.db responses export essai
utilis survey check data/bad/08-expression-syntax.yaml data/bad/26-unknown-function.yaml data/bad/33-unterminated-string.yaml
utilis indicators check data/indicators/bad-structure.yaml
utilis -q init
utilis survey list
utilis -q survey load data/good/essai.yaml
utilis responses import essai data/csv/bad/36-french-excel.csv --errors few.csv
utilis responses import essai data/csv/bad/03-unclosed-quote.csv
utilis responses import essai nowhere.csv
utilis responses export essai --format bogus
printf 'prenom,telephone\nAnne,02 40 00 00 00\n' > contacts.csv
utilis invite essai --from contacts.csv -o liens.csv
printf 'name,email\nAnne,anne@example.org,de trop\n' > contacts.csv
utilis invite essai --from contacts.csv -o liens.csv
# the row of the first question of a name given twice, in French too (the YAML's line mapped to the sheet's row)
utilis survey import-xlsform data/xlsform/doublon.xlsx -o -
