# Answers as KoboToolbox and French Excel give them: the HXL tag row under
# Kobo's header is skipped; thousands separators (space, no-break space,
# narrow no-break space) and day-first submission times are read; messages
# quote the cell as written, not as converted.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai --format kobo data/csv/essai-kobo-hxl.csv --dry-run
utilis responses import essai data/csv/essai-excel-fr.csv
utilis responses import essai data/csv/bad/36-french-excel.csv
utilis responses export essai -o fr.csv
cat fr.csv
