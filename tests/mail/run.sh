#!/usr/bin/env bash
# SMTP tests of 'utilis mail': invitations and reminders sent to a real SMTP
# server (Debian python3-aiosmtpd, tests/mail/smtpd.py) that the test starts
# on 127.0.0.1, the messages read back with Python's email module
# (tests/mail/check.py), their links opened in 'utilis serve', and runs
# killed with SIGKILL at several points then run again.
#
#   tests/mail/run.sh PATH/TO/utilis
#
# Prints "mail tests: N passed, M failed".  Every wait is bounded.
py=/usr/bin/python3
if ! $py -c 'import aiosmtpd' 2>/dev/null; then
	echo "tests/mail: python3-aiosmtpd is missing: run 'make deps'"
	exit 1
fi
# top, bin, scratch, UTILIS_DB, the checks, the server and curl helpers
. "$(dirname "$0")/../http/lib.sh" "mail tests" "$1"
smtp_pid= mail_pid=
mail_cleanup() {
	for p in $mail_pid $smtp_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	cleanup
}
trap mail_cleanup EXIT
unset UTILIS_BASE_URL

from='Enquêtes de l’Union <enquetes@union.example.org>'
# start_smtp DIR [smtpd.py options]: a fresh server writing to DIR; sets port
start_smtp() {
	local dir=$1
	shift
	mkdir -p "$dir"
	$py "$top/tests/mail/smtpd.py" "$dir" "$@" 2>"$dir/stderr" &
	smtp_pid=$!
	for _ in $(seq 100); do [ -f "$dir/port" ] && break; sleep 0.1; done
	port=$(cat "$dir/port" 2>/dev/null)
	[ -n "$port" ] || { cat "$dir/stderr"; echo "mail tests: the SMTP server did not start"; exit 1; }
}
stop_smtp() { kill "$smtp_pid" 2>/dev/null; wait "$smtp_pid" 2>/dev/null; smtp_pid=; }
# send ARGS...: utilis mail to the test server; output in $scratch/out, $scratch/err; sets rc
send() {
	"$bin" mail enquete --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure \
		--rate 6000 --base-url "$base" "$@" >"$scratch/out" 2>"$scratch/err"
	rc=$?
}
# send_bg ARGS...: the same in the background; mail_pid is utilis itself (to kill it)
send_bg() {
	"$bin" mail enquete --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure \
		--rate 6000 --base-url "$base" "$@" >"$scratch/out" 2>"$scratch/err" &
	mail_pid=$!
}
# received DIR...: how many messages each address got (sorted "N address" lines)
received() { cat "$@" /dev/null 2>/dev/null | grep -h . | sort | uniq -c | awk '{print $1, $2}'; }
rcpts() { local d; for d in "$@"; do cat "$d"/*.rcpt 2>/dev/null; done; }
# once ADDRS DIRS...: 1 when every address got exactly one message across the dirs
once() {
	local want=$1 a n bad=0
	shift
	for a in $want; do
		n=$(rcpts "$@" | grep -cxF "$a")
		[ "$n" = 1 ] || { echo "  $a got $n messages" >&2; bad=1; }
	done
	[ "$bad" = 0 ] && echo yes || echo no
}
# wait_for FILE: up to 10 s
wait_for() { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; return 1; }

# --- a workspace, a survey, six contacts (one English link), a web server
q init
q survey load "$top/tests/data/good/enquete.yaml"
cat >"$scratch/contacts.csv" <<'EOF'
nom;courriel;langue
Élodie Ünal-Ørsted, présidente de l'association « Les Amis »;elodie@example.org;
John Smith;john@example.org;en
Dupont, Jean;jean@example.org;fr
;marie@example.org;
Refusé;refuse@example.org;
Coupé;drop@example.org;
EOF
sed -i 's/^Dupont, Jean;/"Dupont, Jean";/' "$scratch/contacts.csv"
serve_start --admin-secret-file "$secret"
q invite enquete --from "$scratch/contacts.csv" --base-url "$base" >"$scratch/links.csv"
expect "six links" 7 "$(wc -l <"$scratch/links.csv")"
token_of() { grep -F "$1" "$scratch/links.csv" | sed 's#.*/r/##'; }
# mail_col EMAIL: the mail, mails_sent columns of its link in 'invite --list' (read as CSV)
mail_col() {
	q invite enquete --list | $py -c 'import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["email"] == sys.argv[1]: print(r["mail"] + "," + r["mails_sent"])' "$1"
}

# --- what is refused before anything is sent
"$bin" mail enquete --from "$from" --smtp smtp://192.0.2.1:25 --smtp-insecure >/dev/null 2>"$scratch/err"
expect "clear text to another machine: usage" 2 $?
contains "clear text to another machine: message" "$scratch/err" "only to a server on this machine"
printf 'user\npassword\n' >"$scratch/auth"
chmod 644 "$scratch/auth"
"$bin" mail enquete --from "$from" --smtp smtps://127.0.0.1:1 --smtp-auth-file "$scratch/auth" --base-url "$base" >/dev/null 2>"$scratch/err"
expect "login file readable by others" 2 $?
contains "login file readable by others: message" "$scratch/err" "permissions 0644"
chmod 600 "$scratch/auth"
printf 'user only\n' >"$scratch/auth1"
chmod 600 "$scratch/auth1"
"$bin" mail enquete --from "$from" --smtp smtps://127.0.0.1:1 --smtp-auth-file "$scratch/auth1" --base-url "$base" >/dev/null 2>"$scratch/err"
expect "login file without a password" 65 $?
"$bin" mail enquete --from 'not an address' --dry-run >/dev/null 2>&1
expect "bad --from" 2 $?
printf 'form_id: sansmail\nversion: 1\ntitle: Sans\nsurvey:\n  - {type: integer, name: n, label: N}\n' >"$scratch/sansmail.yaml"
q survey load "$scratch/sansmail.yaml"
"$bin" mail sansmail --from "$from" --dry-run >/dev/null 2>"$scratch/err"
expect "a survey that does not say who runs it" 65 $?
contains "who runs it: message" "$scratch/err" "does not say who runs it"
printf 'form_id: nominatif\nversion: 1\ntitle: Nom\nsettings: {anonymous: false}\nmail: {organiser: Union}\nsurvey:\n  - {type: integer, name: n, label: N}\n' >"$scratch/nominatif.yaml"
"$bin" survey load "$scratch/nominatif.yaml" >/dev/null 2>"$scratch/err"
expect "not anonymous without a purpose: refused at load" 65 $?
contains "not anonymous without a purpose: message" "$scratch/err" "mail.purpose"
printf 'form_id: faute\nversion: 1\ntitle: F\nmail:\n  organiser: U\n  invitation: {subject: "Bonjour {nom}"}\nsurvey:\n  - {type: integer, name: n, label: N}\n' >"$scratch/faute.yaml"
"$bin" survey check "$scratch/faute.yaml" >/dev/null 2>"$scratch/err"
expect "unknown placeholder: refused" 65 $?
contains "unknown placeholder: where" "$scratch/err" "faute.yaml:6:"

# --- dry run: what would go, to whom; nothing sent
start_smtp "$scratch/s0"
send --dry-run
expect "dry run" 0 "$rc"
expect "dry run: header and six messages" 7 "$(wc -l <"$scratch/out")"
contains "dry run: the English link in English" "$scratch/out" "invitation,invitation.en (built-in),John Smith,john@example.org,Survey: Listening and welcome"
contains "dry run: French" "$scratch/out" "invitation,invitation.fr (built-in),\"Dupont, Jean\",jean@example.org,Questionnaire : Écoute et accueil"
# STARTTLS is required unless --smtp-insecure: the test server has none
"$bin" mail enquete --from "$from" --smtp "smtp://127.0.0.1:$port" --base-url "$base" >/dev/null 2>"$scratch/err"
expect "no STARTTLS: nothing can be sent" 74 $?
stop_smtp
expect "dry run and refused TLS: nothing received" 0 "$(ls "$scratch/s0" | grep -c '\.eml$')"
expect "nothing recorded" 0 "$(sqlite3 "$UTILIS_DB" 'SELECT count(*) FROM mail_log')"

# --- the invitations: one address refused (550), one connection dropped
start_smtp "$scratch/s1" --refuse refuse@example.org --drop-rcpt-once drop@example.org
send
expect "first run" 0 "$rc"
contains "first run: summary" "$scratch/err" "enquete: 4 invitations sent, 1 address refused, 1 to try again later"
contains "the refusal said" "$scratch/err" "550 5.1.1 <refuse@example.org>"
$py "$top/tests/mail/check.py" "$scratch/s1" >"$scratch/check1"
expect "messages read back (check.py)" 0 $?
grep FAIL "$scratch/check1"
expect "four messages" 4 "$(grep -vc FAIL "$scratch/check1")"
row() { grep "^$1	" "$scratch/check1"; }
field() { row "$1" | cut -f"$2"; }
expect "Élodie: her token" "$(token_of elodie@)" "$(field elodie@example.org 4)"
expect "Élodie: name decoded" "Élodie Ünal-Ørsted, présidente de l'association « Les Amis »" "$(field elodie@example.org 5)"
expect "Élodie: UTF-8 subject decoded" "Questionnaire : Écoute et accueil" "$(field elodie@example.org 6)"
expect "Élodie: French" fr "$(field elodie@example.org 3)"
expect "John: English" en "$(field john@example.org 3)"
expect "John: English subject" "Survey: Listening and welcome" "$(field john@example.org 6)"
expect "John: his token" "$(token_of john@)" "$(field john@example.org 4)"
expect "the invitation is message 0" 0 "$(field marie@example.org 2)"
expect "Marie has no name" "" "$(field marie@example.org 5)"
$py - "$scratch/s1" >"$scratch/bodies" <<'EOF'
import email, email.policy, glob, sys
for p in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    for part in m.iter_parts():
        print("== %s %s" % (open(p[:-4] + ".rcpt").read().strip(), part.get_content_type()))
        print(part.get_content())
EOF
contains "text: greeting" "$scratch/bodies" "Bonjour Élodie Ünal-Ørsted"
contains "text: no name" "$scratch/bodies" "Bonjour,"
contains "text: who runs it" "$scratch/bodies" "L'Union régionale des associations vous invite"
contains "text: the deadline" "$scratch/bodies" "Merci de répondre avant le 15 janvier 2027."
contains "text: how answers are used" "$scratch/bodies" "Vos réponses sont anonymes"
contains "text: whom to write to" "$scratch/bodies" "écrivez à donnees@union.example.org"
contains "text: English" "$scratch/bodies" "Please answer by 15 January 2027."
contains "html: escaped" "$scratch/bodies" "association « Les Amis »"
contains "html: link" "$scratch/bodies" "<a href=\"$base/r/$(token_of elodie@)\">"
# the link in the message opens the form in utilis serve
link=$(grep -o "$base/r/[A-Za-z0-9_-]*" "$scratch/bodies" | grep -F -e "$(token_of john@)" | head -1)
expect "the link works" 200 "$(code "$link")"
contains "the link opens the survey, in English" "$scratch/body" "Listening and welcome"
expect "the refused address: on record" refused,0 "$(mail_col refuse@example.org)"

# --- run again: the dropped one goes, the refused one is not tried again
send
expect "second run" 0 "$rc"
contains "second run: summary" "$scratch/err" "enquete: 1 invitation sent, 1 refused earlier"
expect "refused address tried once only" 1 "$(grep -c 'RCPT refuse@example.org' "$scratch/s1/log")"
send
contains "third run: nothing to send" "$scratch/err" "enquete: 0 invitations sent, 1 refused earlier"
expect "one invitation per person" yes "$(once "elodie@example.org john@example.org jean@example.org marie@example.org drop@example.org" "$scratch/s1")"
expect "invite --list: sent" "sent,1" "$(mail_col elodie@example.org)"

# --- opting out: a form with an anti-forgery token, never a GET
te=$(token_of elodie@) tj=$(token_of john@)
expect "opt-out page" 200 "$(code "$base/r/$te/stop")"
contains "opt-out page: French" "$scratch/body" "Ne plus recevoir de messages"
contains "opt-out page: a form" "$scratch/body" '<form method="post" action="stop"'
stop_csrf=$(csrf "$scratch/body")
expect "opt-out page in the link's language" 200 "$(code "$base/r/$tj/stop")"
contains "opt-out page: English" "$scratch/body" "Stop receiving messages"
csrf_en=$(csrf "$scratch/body")
expect "a GET changes nothing" sent,1 "$(mail_col elodie@example.org)"
expect "a POST without its token" 403 "$(code "$base/r/$te/stop" -d _csrf=x)"
expect "a POST with another link's token" 403 "$(code "$base/r/$te/stop" -d "_csrf=$csrf_en")"
expect "opting out" 303 "$(code "$base/r/$te/stop" -d "_csrf=$stop_csrf&_lang=fr")"
code "$base/r/$te/stop" >/dev/null
contains "opted out: said" "$scratch/body" "est noté"
expect "opting out twice" 303 "$(code "$base/r/$te/stop" -d "_csrf=$stop_csrf")"
expect "invite --list: opted out" "opted out,1" "$(mail_col elodie@example.org)"
"$bin" invite enquete --list >/dev/null 2>"$scratch/err"
contains "invite --list: summary" "$scratch/err" "no more mail to 2 links: 1 opted out, 1 refused by the server"
http_auth="admin:$admin_pw"
code "$base/admin/enquete" >/dev/null
http_auth=
contains "/admin: opted out" "$scratch/body" "désinscrit"
contains "/admin: refused" "$scratch/body" "adresse refusée"
expect "the link still answers" 200 "$(code "$base/r/$te")"

# --- reminders: John starts; eight days later the others not started get one
code "$base/r/$tj" >/dev/null
c0=$(csrf "$scratch/body")
expect "John saves a page" 303 "$(code "$base/r/$tj" -d "_csrf=$c0&_page=0&_lang=en&_shown=age&_action=next&age=40")"
send --remind
contains "too soon for a reminder" "$scratch/err" "enquete: 0 reminders sent"
export UTILIS_NOW=$(date -u -d '+8 days' +%Y-%m-%dT%H:%M:%SZ)
send --remind --status invited
expect "reminders" 0 "$rc"
contains "reminders: to the invited not opted out" "$scratch/err" "enquete: 3 reminders sent, 1 opted out, 1 refused earlier"
$py "$top/tests/mail/check.py" "$scratch/s1" >"$scratch/check2"
expect "reminders read back" 0 $?
expect "reminders: who" "drop@example.org jean@example.org marie@example.org" "$(grep -P '\t1\t' "$scratch/check2" | cut -f1 | sort | xargs)"
contains "reminder subject" "$scratch/check2" "Rappel : Écoute et accueil"
send --remind --status invited
contains "not within --every days" "$scratch/err" "enquete: 0 reminders sent"
send --remind
contains "then the one started" "$scratch/err" "enquete: 1 reminder sent"
$py "$top/tests/mail/check.py" "$scratch/s1" >"$scratch/check3"
expect "John's reminder in English" "Reminder: Listening and welcome" "$(grep -P '^john@example.org\t1\t' "$scratch/check3" | cut -f6)"
export UTILIS_NOW=$(date -u -d '+16 days' +%Y-%m-%dT%H:%M:%SZ)
send --remind --max-reminders 1
contains "at most --max-reminders" "$scratch/err" "enquete: 0 reminders sent"
send --remind
contains "the second reminders" "$scratch/err" "enquete: 4 reminders sent"
expect "second reminders are message 2" 4 "$($py "$top/tests/mail/check.py" "$scratch/s1" | grep -cP '\t2\t')"
expect "nothing more to Élodie after she opted out" 1 "$(rcpts "$scratch/s1" | grep -c elodie@)"
unset UTILIS_NOW
stop_smtp

# --- killed mid-way, then run again: one message per person
ten="k1@example.org k2@example.org k3@example.org k4@example.org k5@example.org k6@example.org k7@example.org k8@example.org"
new_workspace() { # NAME: a workspace with the eight k contacts
	export UTILIS_DB="$scratch/$1.db"
	q init
	q survey load "$top/tests/data/good/enquete.yaml"
	{ echo "name,email"; for a in $ten; do echo "${a%%@*},$a"; done; } >"$scratch/k.csv"
	q invite enquete --from "$scratch/k.csv" --base-url "$base" >/dev/null
}
state_of() { sqlite3 "$UTILIS_DB" "SELECT l.state FROM mail_log l JOIN invitation i ON i.id = l.invitation_id WHERE i.email = '$1'"; }

# killed while the server holds RCPT TO of the third: nothing of it is on record
new_workspace kill1
start_smtp "$scratch/k1a" --hold-rcpt k3@example.org
send_bg
wait_for "$scratch/k1a/held" || ko "kill 1: the server never held"
kill -9 "$mail_pid"; wait "$mail_pid" 2>/dev/null; mail_pid=
stop_smtp
expect "kill 1: the two before are sent" "sent sent" "$(state_of k1@example.org) $(state_of k2@example.org)"
expect "kill 1: the third is not claimed" "" "$(state_of k3@example.org)"
start_smtp "$scratch/k1b"
send
expect "kill 1: run again" 0 "$rc"
contains "kill 1: the rest sent" "$scratch/err" "enquete: 6 invitations sent"
expect "kill 1: one message per person" yes "$(once "$ten" "$scratch/k1a" "$scratch/k1b")"
stop_smtp

# killed once the server has the fifth's text, before its answer: uncertain
new_workspace kill2
start_smtp "$scratch/k2a" --hold-data k5@example.org
send_bg
wait_for "$scratch/k2a/held" || ko "kill 2: the server never held"
kill -9 "$mail_pid"; wait "$mail_pid" 2>/dev/null; mail_pid=
stop_smtp
expect "kill 2: the fifth is uncertain" sending "$(state_of k5@example.org)"
start_smtp "$scratch/k2b"
send
expect "kill 2: run again, exit 1 for the uncertain one" 1 "$rc"
contains "kill 2: it is named" "$scratch/err" "the invitation to 'k5@example.org' may have been sent"
contains "kill 2: summary" "$scratch/err" "enquete: 3 invitations sent, 1 uncertain"
expect "kill 2: one message per person, none sent twice" yes "$(once "$ten" "$scratch/k2a" "$scratch/k2b")"
send --assume-sent
expect "kill 2: settled" 0 "$rc"
contains "kill 2: recorded as sent" "$scratch/err" "0 invitations sent, 1 recorded as sent"
send
expect "kill 2: nothing left" 0 "$rc"
expect "kill 2: still one per person" yes "$(once "$ten" "$scratch/k2a" "$scratch/k2b")"
stop_smtp

# the connection lost after the text went: uncertain, sent again only when asked
new_workspace lost
start_smtp "$scratch/l1" --drop-data-once k2@example.org
send
expect "lost: exit 1" 1 "$rc"
contains "lost: uncertain" "$scratch/err" "7 invitations sent, 1 uncertain"
send
contains "lost: not sent again by itself" "$scratch/err" "0 invitations sent, 1 uncertain"
id1=$(sqlite3 "$UTILIS_DB" "SELECT message_id FROM mail_log l JOIN invitation i ON i.id = l.invitation_id WHERE i.email = 'k2@example.org'")
send --resend-uncertain
expect "lost: resent when asked" 0 "$rc"
expect "lost: one message per person" yes "$(once "$ten" "$scratch/l1")"
expect "lost: the same Message-ID" "$id1" "$(grep -h '^Message-ID:' "$scratch/l1"/*.eml | sed -n "$(grep -lx k2@example.org "$scratch/l1"/*.rcpt | sed 's#.*/0*##;s#\.rcpt##')p" | sed 's/Message-ID: //;s/\r//')"
stop_smtp

# killed at moments of a paced run, then run again, several times
for delay in 0.15 0.35 0.6; do
	new_workspace "paced${delay#0.}"
	start_smtp "$scratch/p$delay"
	send_bg --rate 600
	sleep "$delay"
	kill -9 "$mail_pid" 2>/dev/null; wait "$mail_pid" 2>/dev/null; mail_pid=
	n1=$(ls "$scratch/p$delay" | grep -c '\.eml$')
	send --rate 6000
	unsure=$(grep -o "the invitation to '[^']*' may have been sent" "$scratch/err" | sed "s/.*to '//;s/'.*//")
	sure=$(for a in $ten; do echo "$unsure" | grep -qxF "$a" || echo "$a"; done)
	expect "paced kill at $delay s: one message per person (after $n1)" yes "$(once "$sure" "$scratch/p$delay")"
	# uncertain: the server may or may not have it, never twice
	for a in $unsure; do
		n=$(rcpts "$scratch/p$delay" | grep -cxF "$a")
		if [ "$n" -le 1 ]; then ok; else ko "paced kill: the uncertain $a got $n"; fi
	done
	stop_smtp
done

# two runs at once: each message still once
new_workspace twice
start_smtp "$scratch/t1"
send_bg --rate 300
"$bin" mail enquete --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure --rate 300 \
	--base-url "$base" >/dev/null 2>"$scratch/err2"
wait "$mail_pid"; mail_pid=
expect "two runs at once: one message per person" yes "$(once "$ten" "$scratch/t1")"
stop_smtp

# --- the matching's introductions (utilis match introduce): both sides of
# each pair, once, across a run killed while the server holds a text
intro() {
	"$bin" match introduce --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure \
		--contact "Claire Dupont, URIOPSS" "$@" >"$scratch/out" 2>"$scratch/err"
	rc=$?
}
# ids DIR...: "N" messages, "M" distinct Message-IDs
ids() { cat "$@" /dev/null 2>/dev/null | grep -i '^Message-ID:' | sort | uniq -c | awk '{n += $1; m++} END {print n + 0, m + 0}'; }
export UTILIS_DB="$scratch/match.db"
q init
q survey load "$top/surveys/benevolat-entreprises.yaml"
q responses import benevolat-entreprises "$top/tests/data/match/reponses.csv"
npairs=$("$bin" match introduce --from "$from" --dry-run 2>/dev/null | tail -n +2 | wc -l)
expect "introductions: 42 would go" 42 "$npairs"
start_smtp "$scratch/i1" --hold-data thomas.morel@loire-numerique.example.org
"$bin" match introduce --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure \
	--contact "Claire Dupont, URIOPSS" >/dev/null 2>&1 &
mail_pid=$!
wait_for "$scratch/i1/held" || ko "introductions: the server never held"
kill -9 "$mail_pid"; wait "$mail_pid" 2>/dev/null; mail_pid=
stop_smtp
expect "introductions: the held one is uncertain" sending \
	"$(sqlite3 "$UTILIS_DB" "SELECT state FROM match_intro WHERE email = 'thomas.morel@loire-numerique.example.org'")"
start_smtp "$scratch/i2"
intro
expect "introductions: run again, exit 1 for the uncertain one" 1 "$rc"
cp "$scratch/err" "$scratch/err-intro2"
contains "introductions: summary" "$scratch/err" "38 introductions sent for 21 pairs, 3 already done, 1 uncertain"
expect "introductions: no message twice" yes "$(ids "$scratch"/i1/*.eml "$scratch"/i2/*.eml | awk '{print ($1 == $2 && $1 >= 41) ? "yes" : "no"}')"
intro --assume-sent
expect "introductions: settled" 0 "$rc"
contains "introductions: settled summary" "$scratch/err" "0 introductions sent for 21 pairs, 41 already done, 1 recorded as sent"
intro
expect "introductions: a third run sends nothing" 0 "$rc"
contains "introductions: all done" "$scratch/err" "0 introductions sent for 21 pairs, 42 already done"
expect "introductions: 42 sent on record" 42 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM match_intro WHERE state = 'sent'")"
stop_smtp
# the words: both sides named, the reasons, the next step and the contact
$py - "$scratch/i1" "$scratch/i2" <<'PY' >"$scratch/words" 2>&1
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml") + glob.glob(sys.argv[2] + "/*.eml")):
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    if m["To"].addresses[0].addr_spec == "aurelie.vidal@atlantique-assurances.example.org" and "Handi'Cap" in m["Subject"]:
        body = m.get_body(("plain",)).get_content()
        print(m["Subject"])
        for w in ("Bonjour Aurélie Vidal", "Handi'Cap Atlantique", "Pourquoi :", "Prochaine étape :", "Claire Dupont, URIOPSS",
                  "contact@handi-cap-atlantique.example.org"):
            print(w, w in body)
PY
contains "introductions: the subject" "$scratch/words" "Mise en relation : Handi'Cap Atlantique et Aurélie Vidal"
if grep -q " False" "$scratch/words"; then ko "introductions: words missing: $(grep False "$scratch/words")"; else ok; fi
# the follow-up links of the 21 pairs, sent as invitations by 'utilis mail'
q survey load "$top/surveys/benevolat-suivi.yaml"
"$bin" -q match followup --after 0 --base-url "$base" >"$scratch/suivi-liens.csv"
expect "follow-up: two links a pair" 43 "$(wc -l <"$scratch/suivi-liens.csv")"
start_smtp "$scratch/suivi"
"$bin" mail benevolat-suivi --from "$from" --smtp "smtp://127.0.0.1:$port" --smtp-insecure --rate 6000 \
	--base-url "$base" >"$scratch/out" 2>"$scratch/err"
expect "follow-up: mail exit" 0 "$?"
contains "follow-up: 42 invitations" "$scratch/err" "benevolat-suivi: 42 invitations sent"
stop_smtp
unset UTILIS_DB

finish
