# KoboToolbox and ODK exports as they come: columns of other versions of the
# form (Kobo's default "Include fields from all versions"), metadata under a
# name of its own (date_visite of type today, appareil of type deviceid), a
# geopoint that utilis left out (lieu, _lieu_latitude... and ODK's
# lieu-Latitude...), an empty column of no question.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis -q survey load data/csv/essai-v3.yaml
utilis responses import essai --format kobo data/csv/kobo-all-versions.csv --dry-run
utilis responses import essai --format kobo data/csv/kobo-all-versions-old.csv
utilis responses import essai --format kobo data/csv/kobo-all-versions-old.csv --version 1
utilis responses import essai --format odk data/csv/odk-geopoint-meta.csv --version 1
utilis --db v3.db -q init
utilis --db v3.db -q survey load data/csv/essai-v3.yaml
utilis --db v3.db responses import essai --format kobo data/csv/kobo-all-versions-old.csv
utilis survey list
