#!/usr/bin/env bash
# Output files cannot destroy the workspace, and hold what they should
# with the mode they should (docs/robustness.md, docs/data-protection.md).
#
#   tests/robust/outputs.sh PATH/TO/utilis
#
#  a. every -o pointed at the workspace, its -wal (absent or present), its
#     -shm, its -journal (absent), a symbolic and a hard link to it, while
#     the server runs: refused (exit 2, the message exact), nothing
#     written, no link created, the workspace intact and the server still
#     acknowledging pages and keeping them;
#  b. the modes of the files written (umask 022): 0600 for answers, links
#     and reports, 0644 for questionnaires and blank paper forms;
#  c. SIGINT and SIGTERM in the middle of a long export: no temporary left;
#  d. the admin CSV download: streamed (chunked), the same bytes as
#     `responses export --sep ";"`, no live formula in it.
#
# Prints "output tests: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-outputs.XXXXXX")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch" || exit 1
export UTILIS_DB="$scratch/w.db"
unset UTILIS_NOW
umask 022
pass=0 fail=0
secret="correct horse battery staple"

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else ko "$1: expected '$2', got '$3'"; fi; }
q() { "$bin" -q "$@"; }
mode() { stat -c %a "$1"; }
csrf() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }

ln -s "$top/tests/data" data	# the report layouts name data/indicators/...
q init
q survey load "$top/tests/data/good/essai.yaml"
q survey load "$top/surveys/utilite-sociale.yaml"
q responses import utilite-sociale "$top/tests/data/indicators/petit.csv" 2>/dev/null
q responses import essai "$top/tests/data/csv/essai-injection.csv"
q survey export-xlsform essai -o essai.xlsx
printf '%s\n' "$secret" >secret
"$bin" serve --listen 127.0.0.1:0 --admin-secret-file secret >serve.out 2>serve.err &
server_pid=$!
for _ in $(seq 50); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' serve.out)
if [ -z "$base" ]; then
	cat serve.out serve.err
	echo "output tests: 0 passed, 1 failed"
	exit 1
fi

# --- a. the workspace as an output -------------------------------------------
ln -s w.db link.db
ln w.db hard.db
links_before=$(q invite essai --list | wc -l)
wal_state() { if [ -e w.db-wal ]; then echo present; else echo absent; fi; }
for target in w.db ./w.db "$scratch/w.db" w.db-wal w.db-shm w.db-journal link.db hard.db; do
	case "$target" in
	*-wal|*-shm|*-journal)
		why="it belongs to the workspace '$UTILIS_DB' (SQLite's ${target##*.db} file)" ;;
	*) why="it is the workspace" ;;
	esac
	want="error: cannot write to '$target': $why"
	for cmd in "responses export essai -o" "responses export essai --format xlsx -o" \
		"responses export essai --format sav -o" "invite essai --count 2 -o" \
		"survey export-xlsform essai -o" "survey import-xlsform essai.xlsx --force -o" \
		"report data/reports/petit.yaml -o" "survey paper essai -o"; do
		# shellcheck disable=SC2086
		"$bin" $cmd "$target" >out 2>err
		expect "$cmd $target: exit" 2 $?
		expect "$cmd $target: message" "$want" "$(cat err)"
	done
done
expect "-journal not created" absent "$(if [ -e w.db-journal ]; then echo present; else echo absent; fi)"
expect "no link created" "$links_before" "$(q invite essai --list | wc -l)"
expect "no temporary beside the workspace" "" "$(ls -A | grep -E '\.tmp')"
expect "workspace intact" ok "$(sqlite3 w.db 'PRAGMA integrity_check')"
expect "symbolic link intact" w.db "$(readlink link.db)"
# the server still acknowledges a page and keeps it
token=$(q invite essai --count 1 | sed -n '2s#.*/r/##p')
curl -s -o page0 "$base/r/$token"
expect "page acknowledged" 303 "$(curl -s -o /dev/null -w '%{http_code}' "$base/r/$token" \
	-d "_csrf=$(csrf page0)&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=30")"
expect "page kept" started "$(q invite essai --list | grep "/r/$token\$" | cut -d, -f4)"
expect "workspace intact after the page" ok "$(sqlite3 w.db 'PRAGMA integrity_check')"

# --- b. modes ------------------------------------------------------------------
q responses export essai -o answers.csv
q responses export essai -o answers.xlsx
q responses export essai -o answers.sav
q invite essai --count 1 -o links.csv
q report "data/reports/petit.yaml" -o report.pdf
q report "data/reports/petit-classeur.yaml" -o report.xlsx
q survey export-xlsform essai -o form.xlsx
q survey import-xlsform form.xlsx -o form.yaml
q survey paper essai -o paper.pdf
for f in answers.csv answers.xlsx answers.sav links.csv report.pdf report.xlsx; do
	expect "mode of $f" 600 "$(mode "$f")"
done
for f in form.xlsx form.yaml paper.pdf; do
	expect "mode of $f" 644 "$(mode "$f")"
done

# --- c. a signal in the middle of a long export ------------------------------
q simulate essai --n 60000 --seed 3
for sig in INT TERM; do
	rm -f big.xlsx
	# a job started with & ignores SIGINT: give the export the default action back
	env --default-signal=INT "$bin" -q responses export essai -o big.xlsx &
	pid=$!
	for _ in $(seq 200); do ls big.xlsx.tmp-* >/dev/null 2>&1 && break; sleep 0.02; done
	expect "SIG$sig: the export had started" yes "$(ls big.xlsx.tmp-* >/dev/null 2>&1 && echo yes)"
	kill -"$sig" "$pid"
	wait "$pid"
	rc=$?
	expect "SIG$sig: killed by the signal" $((128 + $(kill -l "$sig"))) "$rc"
	expect "SIG$sig: no temporary left" "" "$(ls -A | grep -E '^big\.xlsx')"
done

# --- d. the admin CSV download ---------------------------------------------------
code=$(curl -s -D head -o admin.csv -w '%{http_code}' -u "x:$secret" "$base/admin/essai.csv")
expect "admin CSV" 200 "$code"
expect "admin CSV is streamed" 1 "$(grep -ci '^Transfer-Encoding: chunked' head)"
# /admin gives French Excel's CSV: ';' and a byte order mark, as --sep ';' does
q responses export essai --sep ';' -o export.csv
if cmp -s admin.csv export.csv; then ok; else ko "admin CSV differs from responses export --sep ';'"; diff admin.csv export.csv | head -5; fi
/usr/bin/python3 "$top/tests/data/readback/formulas.py" admin.csv ';' >formulas.out
expect "admin CSV: no live formula" 0 $?
expect "admin CSV: attacks neutralised" 1 "$(grep -c '^admin.csv: 60008 rows, 10 neutralised cells, 0 live formulas' formulas.out)"

kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
if [ -s serve.err ]; then ko "server printed errors:"; cat serve.err; fi
echo "output tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
