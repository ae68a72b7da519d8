# Progress bars of the long commands: on standard error only, never under
# --quiet, forced with UTILIS_PROGRESS=1 since the tests run without a
# terminal.  The tests freeze the clock (UTILIS_NOW): a bar shows its first
# and its last frame, and durations are 0.  '\r' is shown as a new line.
utilis -q init
utilis -q survey load surveys/gouvernance.yaml
UTILIS_PROGRESS=1 COLUMNS=80 utilis simulate gouvernance --n 300 --seed 3 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
UTILIS_PROGRESS=1 COLUMNS=80 utilis responses export gouvernance -o g.csv 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
UTILIS_PROGRESS=1 COLUMNS=80 utilis responses export gouvernance -o g.sav 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
sed 's/^\([0-9]*\),/p\1,/' g.csv > papier.csv
UTILIS_PROGRESS=1 COLUMNS=60 utilis responses import gouvernance papier.csv --dry-run 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
UTILIS_PROGRESS=1 utilis -q simulate gouvernance --n 10
UTILIS_PROGRESS=0 utilis simulate gouvernance --n 10 2>&1 >/dev/null
utilis -v responses import gouvernance papier.csv
utilis -v simulate gouvernance --n 10 --seed 4
utilis -v responses export gouvernance -o g.xlsx
UTILIS_PROGRESS=1 COLUMNS=80 utilis indicators compute indicators/gouvernance.yaml --format csv 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
UTILIS_PROGRESS=1 COLUMNS=80 utilis describe gouvernance --format json 2>&1 >/dev/null | tr '\r' '\n' | sed 's/ *$//'
utilis -v indicators compute indicators/gouvernance.yaml --format csv > /dev/null
utilis -q indicators compute indicators/gouvernance.yaml --format csv | wc -l
