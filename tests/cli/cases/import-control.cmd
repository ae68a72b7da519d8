# An answer holds no control character but tab and line breaks: DEL and the
# C1 controls (U+0080-U+009F) are refused as the survey's own texts refuse
# them, each shown escaped in the message; a no-break space is a character.
utilis -q init
utilis -q survey load data/good/essai.yaml
utilis responses import essai data/csv/bad/37-del-and-c1.csv
utilis survey list
