#!/usr/bin/env bash
# HTTP tests of a Delphi round-2 page of 'utilis serve' (docs/referential.md):
# a member's link opens on their previous ratings; a rating of 10, a
# reminder of the previous rating forged, and a field for an indicator the
# referential does not have are refused or ignored; what is submitted is
# read back with the utilis command.  curl against the real server on a
# workspace with the small test referential (tests/data/referential/).
#
#   tests/http/delphi.sh PATH/TO/utilis
#
# Prints "http delphi tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http delphi tests" "$1"
data=$top/tests/data/referential
ref=$data/petit.yaml

shown() { grep -o 'name="_shown" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//;s/ /+/g'; }

q init
q survey load "$top/surveys/utilite-sociale.yaml"
q delphi start "$ref" --round 1
q invite delphi-petit --from "$data/membres.csv" -o "$scratch/l1.csv"
q responses import delphi-petit "$data/tour1.csv"

serve_start
"$bin" -q delphi start "$ref" --round 2 --base-url "$base" >"$scratch/l2.csv"
anne=$(grep '^Anne,' "$scratch/l2.csv" | sed 's#.*/r/##')

# the instructions, then the first stake: her round-1 rating, read only and ticked
expect "round 2 link" 200 "$(code "$base/r/$anne")"
expect "to the first stake" 303 "$(code "$base/r/$anne" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=consigne&_action=next")"
expect "first stake" 200 "$(code "$base/r/$anne")"
cp "$scratch/body" "$scratch/page1"
contains "own rating, read only" "$scratch/page1" '<div class="value">8</div>'
lacks "own rating: no field" "$scratch/page1" 'name="avant_p_reels"'
contains "own rating ticked" "$scratch/page1" 'name="p_reels" value="8" checked'
contains "the group's median" "$scratch/page1" 'médiane 8, la moitié des notes entre 7 et 8.'
contains "small group: no position" "$scratch/page1" 'la position du groupe n&#39;est pas montrée'
lacks "nobody else's comment" "$scratch/page1" 'Facile à expliquer'
c=$(csrf "$scratch/page1") s=$(shown "$scratch/page1")

# a rating of 10: refused, the page shown again, nothing saved
expect "rating of 10" 200 "$(code "$base/r/$anne" -d "_csrf=$c&_page=1&_lang=fr&_shown=$s&_action=next&p_reels=10")"
contains "rating of 10: an error" "$scratch/body" 'has-error'
# (the draft keeps valid answers only: the forged 10 is not stored, the reminder stays)
expect "rating of 10: the page again" 200 "$(code "$base/r/$anne")"
lacks "rating of 10: not stored" "$scratch/body" 'value="10"'
lacks "rating of 10: no rating ticked" "$scratch/body" 'name="p_reels" value="10" checked'
contains "rating of 10: the reminder kept" "$scratch/body" '<div class="value">8</div>'

# a forged reminder and a forged indicator: ignored; the real change kept
c=$(csrf "$scratch/body")
expect "forged fields" 303 "$(code "$base/r/$anne" -d "_csrf=$c&_page=1&_lang=fr&_shown=$s&_action=next&p_reels=9&avant_p_reels=1&p_inconnu=9&avant_p_inconnu=9")"
expect "second stake" 200 "$(code "$base/r/$anne")"
contains "second stake: her rating" "$scratch/body" 'name="p_isole" value="7" checked'
c=$(csrf "$scratch/body") s=$(shown "$scratch/body")
expect "to the review" 303 "$(code "$base/r/$anne" -d "_csrf=$c&_page=2&_lang=fr&_shown=$s&_action=next&p_isole=7")"
expect "review" 200 "$(code "$base/r/$anne")"
lacks "review: no forged value" "$scratch/body" 'p_inconnu'
c=$(csrf "$scratch/body")
page=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')
expect "submit" 303 "$(code "$base/r/$anne" -d "_csrf=$c&_page=$page&_lang=fr&_action=submit")"

# read back: the changed rating, the reminder as it was given, no forged column
q responses export delphi-petit --version 2 --format csv -o "$scratch/r2.csv" 2>/dev/null
col() { # NAME: Anne's value in column NAME of r2.csv
	python3 - "$scratch/r2.csv" "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(rows[0].get(sys.argv[2], "(no column)") if rows else "(no row)")
PY
}
expect "submitted: the rating changed" 9 "$(col p_reels)"
expect "submitted: the reminder kept" 8 "$(col avant_p_reels)"
expect "submitted: the rating kept" 7 "$(col p_isole)"
expect "submitted: no forged column" "(no column)" "$(col p_inconnu)"

finish
