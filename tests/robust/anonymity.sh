#!/usr/bin/env bash
# Anonymity down to the workspace's bytes, and acknowledged pages kept
# (issue 12, sections 1 and 5).  An anonymous survey, links made from a
# contact list, the real server:
#
#  a. Zoé submits; Yann types a confidential text, saves the page, goes
#     back, replaces it with "rien" and submits.  The raw bytes of w.db and
#     w.db-wal then hold no copy of the deleted text, no page where Yann's
#     contact sits beside his answer, and his name, e-mail and token only
#     in his link's row (the log is empty): while the server runs, after it
#     stops.  A submitted link keeps neither its language nor a time; the
#     answers' row has the day only.
#  b. the same while another program holds a read transaction: the copies
#     stay while it reads (they cannot be removed then), the server says so
#     once, and removes them as soon as the reader goes;
#  c. `responses erase --email` with a reader open fails (exit 1), naming
#     the program, and erases nothing; once the reader is gone it erases,
#     and no byte of Yann's name, e-mail or token remains;
#  d. the other paths that write answers: `responses import` then
#     `responses erase --respondent`, and a second version of the survey
#     loaded and answered through the server;
#  e. a page saved and the submission of the same link, sent at the same
#     moment, 60 times: every save acknowledged (303) is in the submitted
#     answers, or the save was refused (409);
#  f. the audit log names the real user, not $USER.
#
#   tests/robust/anonymity.sh PATH/TO/utilis
#
# Prints "anonymity tests: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-anon.XXXXXX")
server_pid= reader_pid=
cleanup() {
	[ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null && wait "$reader_pid" 2>/dev/null
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch" || exit 1
export UTILIS_DB="$scratch/w.db"
unset UTILIS_NOW
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else ko "$1: expected '$2', got '$3'"; fi; }
contains() { if grep -qF -- "$3" "$2"; then ok; else ko "$1: '$3' not in:"; cat "$2"; fi; }
q() { "$bin" -q "$@"; }
csrf() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }
# post TOKEN PAGE ACTION [curl args]: the page's anti-forgery token is fetched first
post() {
	local t=$1 page=$2 action=$3
	shift 3
	curl -s -o page.html "$base/r/$t"
	curl -s -o reply.html -D reply.head -w '%{http_code}' --data-urlencode "_csrf=$(csrf page.html)" \
		-d "_page=$page&_shown=situation&_action=$action" "$@" "$base/r/$t"
}
# copies FILE TEXT: how many times TEXT is in FILE's bytes (0 when there is no FILE)
copies() {
	python3 - "$1" "$2" <<'EOF'
import os, sys
p, t = sys.argv[1], sys.argv[2].encode()
print(open(p, 'rb').read().count(t) if os.path.exists(p) else 0)
EOF
}
# together TEXT1 TEXT2: pages of w.db and frames of w.db-wal that hold both
together() {
	python3 - "$1" "$2" <<'EOF'
import os, sys
a, b = sys.argv[1].encode(), sys.argv[2].encode()
db = open('w.db', 'rb').read()
ps = int.from_bytes(db[16:18], 'big') or 65536
n = sum(1 for i in range(0, len(db), ps) if a in db[i:i + ps] and b in db[i:i + ps])
if os.path.exists('w.db-wal'):
    wal = open('w.db-wal', 'rb').read()
    for i in range(32, len(wal), ps + 24):
        f = wal[i + 24:i + 24 + ps]
        n += a in f and b in f
print(n)
EOF
}
walsize() { if [ -e w.db-wal ]; then stat -c %s w.db-wal; else echo 0; fi; }
# scan NAME TEXT...: no copy of any TEXT in w.db nor w.db-wal
scan() {
	local name=$1 t
	shift
	for t in "$@"; do
		expect "$name: copies of '$t'" 0 "$(($(copies w.db "$t") + $(copies w.db-wal "$t")))"
	done
}
# reader_start: another program holds a read transaction open until reader_stop
reader_start() {
	rm -f reader.go reader.ready
	python3 - <<'EOF' &
import os, sqlite3, time
c = sqlite3.connect('w.db', isolation_level=None)
c.execute('BEGIN')
c.execute('SELECT count(*) FROM invitation').fetchall()
open('reader.ready', 'w').close()
for _ in range(600):
    if os.path.exists('reader.go'):
        break
    time.sleep(0.1)
c.execute('COMMIT')
c.close()
EOF
	reader_pid=$!
	for _ in $(seq 100); do [ -e reader.ready ] && break; sleep 0.05; done
}
reader_stop() { touch reader.go; wait "$reader_pid"; reader_pid=; }
start_server() {
	"$bin" serve --listen 127.0.0.1:0 --admin-secret-file secret >serve.out 2>serve.err &
	server_pid=$!
	for _ in $(seq 100); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.05; done
	base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' serve.out)
	[ -n "$base" ] || { cat serve.out serve.err; ko "server did not start"; exit 1; }
}
stop_server() { kill -TERM "$server_pid"; wait "$server_pid"; server_pid=; }
# answer TOKEN TEXT [LANG]: one page, the review, submit; prints the last status
answer() {
	post "$1" 0 next -d "_lang=${3:-fr}" --data-urlencode "situation=$2" >/dev/null
	post "$1" 1 submit -d "_lang=${3:-fr}"
}
# wait_clean TEXT: up to 5 s for the server to empty the log of TEXT
wait_clean() {
	for _ in $(seq 50); do
		[ "$(copies w.db-wal "$1")" = 0 ] && [ "$(copies w.db "$1")" = 0 ] && return
		sleep 0.1
	done
}

cat >survey.yaml <<'EOF'
form_id: situation
version: 1
title: {fr: "Votre situation", en: "Your situation"}
default_language: fr
languages: [fr, en]
settings: {anonymous: true}
survey:
  - type: group
    name: vous
    label: {fr: "Vous", en: "You"}
    questions:
      - type: text
        name: situation
        label: {fr: "Votre situation ?", en: "Your situation?"}
EOF
cat >contacts.csv <<'EOF'
name,email,group
Zoé Marchand,zoe.marchand@example.org,A
Yann Kerbrat,yann.kerbrat@example.org,A
Xavier Dulong,xavier.dulong@example.org,A
Wanda Pirou,wanda.pirou@example.org,A
EOF
printf 'anonymity tests admin secret\n' >secret
q init
q survey load survey.yaml
q invite situation --from contacts.csv -o links.csv 2>/dev/null
tok() { grep "$1" links.csv | sed 's#.*/r/##'; }
zoe=$(tok zoe.marchand) yann=$(tok yann.kerbrat) xavier=$(tok xavier.dulong) wanda=$(tok wanda.pirou)
secret_text="CONFIDENTIEL violences au foyer"
start_server

# --- a. the scenario ----------------------------------------------------------
expect "Zoé submits" 303 "$(answer "$zoe" "tout va bien")"
expect "Yann saves a page" 303 "$(post "$yann" 0 next -d _lang=en --data-urlencode "situation=$secret_text")"
expect "the text is in his draft" 1 "$(sqlite3 w.db "SELECT count(*) FROM invitation WHERE instr(draft, '$secret_text') > 0")"
expect "Yann goes back" 303 "$(post "$yann" 1 prev -d _lang=en)"
expect "Yann replaces it and submits" 303 "$(answer "$yann" rien en)"
contains "the thank-you page keeps his language" reply.head "Location: $yann?lang=en"
expect "both links submitted" "submitted submitted" "$(q invite situation --list | grep -E 'zoe|yann' | cut -d, -f4 | xargs)"
expect "submitted: no draft, language nor time" "0||" "$(sqlite3 w.db "SELECT length(draft) || '|' || coalesce(lang, '') || '|' || coalesce(updated_at, '') FROM invitation WHERE token = '$yann'")"
expect "the answers' row has the day only" "1" "$(sqlite3 w.db "SELECT count(DISTINCT submitted_at || created_at || updated_at) FROM respondent WHERE submitted_at LIKE '____-__-__T00:00:00Z' AND created_at = submitted_at AND updated_at = submitted_at")"
q responses export situation -o out.csv 2>/dev/null
expect "the export has the day only" 2 "$(grep -c '^[0-9]*,A,,....-..-..T00:00:00Z,' out.csv)"
scan "running" "$secret_text"
expect "running: the log is empty" 0 "$(walsize)"
expect "running: no page holds Yann's contact and his answer" 0 "$(together yann.kerbrat@example.org rien)"
expect "running: Yann's e-mail only in his link" 1 "$(($(copies w.db yann.kerbrat@example.org) + $(copies w.db-wal yann.kerbrat@example.org)))"
expect "running: Yann's name only in his link" 1 "$(($(copies w.db 'Yann Kerbrat') + $(copies w.db-wal 'Yann Kerbrat')))"
expect "running: Yann's token in his link and its index" 2 "$(($(copies w.db "$yann") + $(copies w.db-wal "$yann")))"

# --- b. with another program reading --------------------------------------------
reader_start
expect "Xavier saves a page" 303 "$(post "$xavier" 0 next -d _lang=fr --data-urlencode "situation=$secret_text")"
expect "Xavier goes back" 303 "$(post "$xavier" 1 prev -d _lang=fr)"
expect "Xavier submits, a reader open" 303 "$(answer "$xavier" "rien non plus")"
held=$(($(copies w.db "$secret_text") + $(copies w.db-wal "$secret_text")))
[ "$held" -gt 0 ] && ok || ko "a reader keeps the old frames: expected copies while it reads, got $held"
reader_stop
wait_clean "$secret_text"
scan "reader gone" "$secret_text"
expect "reader gone: the log is empty" 0 "$(walsize)"
expect "the server said it once" 1 "$(grep -c 'holds workspace .* open: old copies' serve.err serve.out | awk -F: '{ n += $2 } END { print n }')"
contains "and said when they were gone" serve.err "the workspace's log is emptied"

stop_server
scan "stopped" "$secret_text"
expect "stopped: no page holds Yann's contact and his answer" 0 "$(together yann.kerbrat@example.org rien)"
expect "stopped: Yann's e-mail only in his link" 1 "$(($(copies w.db yann.kerbrat@example.org) + $(copies w.db-wal yann.kerbrat@example.org)))"

# --- c. erase, with a reader then without ------------------------------------------
reader_start
"$bin" responses erase situation --email yann.kerbrat@example.org --yes >erase.out 2>erase.err
expect "erase with a reader: exit status" 1 $?
contains "erase with a reader: names the program" erase.err "python3 (process $reader_pid) holds workspace"
contains "erase with a reader: nothing erased" erase.err "nothing was erased"
expect "erase with a reader: the link is still there" 1 "$(sqlite3 w.db "SELECT count(*) FROM invitation WHERE email = 'yann.kerbrat@example.org'")"
reader_stop
"$bin" responses erase situation --email yann.kerbrat@example.org --yes >erase.out 2>erase.err
expect "erase: exit status" 0 $?
contains "erase: says so" erase.out "erased 0 respondents and 1 contact of survey 'situation'"
scan "erased" "Yann Kerbrat" "yann.kerbrat@example.org" "$yann" "$secret_text"
expect "erased: the log is empty" 0 "$(walsize)"

# --- d. the other paths that write answers ---------------------------------------------
printf '_id,_group,situation\nP-0042,B,%s\nP-0043,B,autre chose\n' "import: $secret_text" >import.csv
q responses import situation import.csv
expect "import: the text is in" 1 "$(copies w.db "import: $secret_text")"
"$bin" responses erase situation --respondent P-0042 --yes >erase.out 2>erase.err
expect "erase an imported respondent: exit status" 0 $?
scan "imported respondent erased" "import: $secret_text" "P-0042"

sed -e 's/^version: 1/version: 2/' -e 's/Votre situation ?/Votre situation aujourd’hui ?/' survey.yaml >survey2.yaml
q survey load survey2.yaml
printf 'name,email\nVictor Osmont,victor.osmont@example.org\n' >contacts2.csv
q invite situation --from contacts2.csv -o links2.csv 2>/dev/null
victor=$(sed -n 's#.*victor.osmont.*/r/##p' links2.csv)
start_server
expect "version 2: Wanda (version 1) submits" 303 "$(answer "$wanda" "v1")"
expect "version 2: Victor saves a page" 303 "$(post "$victor" 0 next -d _lang=fr --data-urlencode "situation=v2: $secret_text")"
expect "version 2: Victor goes back" 303 "$(post "$victor" 1 prev -d _lang=fr)"
expect "version 2: Victor submits" 303 "$(answer "$victor" "v2: rien")"
scan "version 2, running" "v2: $secret_text"
expect "version 2, running: no page holds Victor's contact and his answer" 0 "$(together victor.osmont@example.org 'v2: rien')"
"$bin" responses erase situation --email victor.osmont@example.org --yes >erase.out 2>erase.err
expect "version 2: erase while the server runs" 0 $?
scan "version 2, erased" "Victor Osmont" "victor.osmont@example.org" "$victor" "v2: $secret_text"

# --- e. a page saved and the submission, at the same moment ------------------------------
q invite situation --count 60 --group R -o race.csv 2>/dev/null
lost=0 refused=0 kept=0
i=0
while read -r url; do
	t=${url##*/r/}
	i=$((i + 1))
	curl -s -o page0.html "$base/r/$t"
	c0=$(csrf page0.html)
	curl -s -o /dev/null --data-urlencode "_csrf=$c0" -d "_page=0&_shown=situation&_action=next" \
		--data-urlencode "situation=avant $i" "$base/r/$t"
	curl -s -o review.html "$base/r/$t"
	cr=$(csrf review.html)
	curl -s -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$c0" \
		-d "_page=0&_shown=situation&_action=save" --data-urlencode "situation=après $i" \
		"$base/r/$t" >save.code &
	save_pid=$!
	curl -s -o /dev/null -w '%{http_code}' --data-urlencode "_csrf=$cr" -d "_page=1&_action=submit" \
		"$base/r/$t" >submit.code
	wait "$save_pid"
	q responses export situation --version 2 -o race-out.csv 2>/dev/null
	got=$(grep -c ",après $i\$" race-out.csv)
	case "$(cat save.code):$(cat submit.code):$got" in
	200:303:1) kept=$((kept + 1)) ;;
	409:303:0) refused=$((refused + 1)) ;;
	*) lost=$((lost + 1)); echo "race $i: save $(cat save.code), submit $(cat submit.code), in the answers: $got" ;;
	esac
done < <(sed -n '2,$p' race.csv)
echo "race of a save and a submission on 60 links: $kept saves submitted, $refused refused (409), $lost lost"
expect "race: acknowledged saves lost" 0 "$lost"
expect "race: every link submitted" 60 "$(q invite situation --list --status submitted | grep -c ',R,')"
stop_server

# --- f. the audit names the real user ----------------------------------------------------
expect "audit: the real user, not \$USER" "by $(id -un)" "$(sqlite3 w.db "SELECT detail FROM audit WHERE action = 'responses.erase' ORDER BY id DESC LIMIT 1" | grep -o 'by .*$')"
USER=mallory "$bin" -q responses erase situation --respondent P-0043 --yes
expect "audit: \$USER is not believed" "by $(id -un)" "$(sqlite3 w.db "SELECT detail FROM audit WHERE action = 'responses.erase' ORDER BY id DESC LIMIT 1" | grep -o 'by .*$')"

echo "anonymity tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
