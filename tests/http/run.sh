#!/usr/bin/env bash
# HTTP tests of 'utilis serve': the safety rules of the web forms, one check
# each, with curl against the real server on a real workspace.
#
#   tests/http/run.sh PATH/TO/utilis
#
# The server listens on 127.0.0.1 on a port the system picks.  What the
# server wrote is read back with the utilis command and, for the anonymity
# check, with the sqlite3 shell.  Prints "http tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http tests" "$1"
nb=$(printf '\302\240')	# a no-break space: French punctuation keeps to its word

status_of() { # TOKEN: its status in 'invite --list'
	q invite "$1" --list | grep "/r/$2\$" | cut -d, -f4
}

# --- a workspace with the test survey, a public copy of it, and links
q init
q survey load "$top/tests/data/good/essai.yaml"
sed -e 's/^form_id: essai/form_id: essai_public/' -e 's/^settings: .*/settings: {anonymous: false, public: true}/' \
	"$top/tests/data/good/essai.yaml" >"$scratch/essai_public.yaml"
q survey load "$scratch/essai_public.yaml"
q invite essai --count 4 --group A >"$scratch/links.csv"
mapfile -t tokens < <(sed -n '2,$p' "$scratch/links.csv" | sed 's#.*/r/##')
q invite essai_public --count 1 >"$scratch/links2.csv"
named=$(sed -n 2p "$scratch/links2.csv" | sed 's#.*/r/##')
printf 'form_id: ro\nversion: 1\ntitle: RO\nsurvey:\n  - type: group\n    name: p\n    label: P\n    questions:\n      - {type: integer, name: n, label: N}\n      - {type: integer, name: total, label: Total, calculation: "${n} * 2", read_only: true}\n  - {type: note, name: fin, label: "Fin : ${total} pour ${n}"}\n' >"$scratch/ro.yaml"
q survey load "$scratch/ro.yaml"
ro=$(q invite ro --count 1 | sed -n 2p | sed 's#.*/r/##')
printf 'form_id: pan\nversion: 1\ntitle: Panel\nsettings: {panel: true}\nsurvey:\n  - type: group\n    name: p\n    label: P\n    questions:\n      - {type: integer, name: n, label: N}\n  - {type: note, name: fin, label: Fin}\n' >"$scratch/pan.yaml"
q survey load "$scratch/pan.yaml"
printf 'nom,courriel,vague\nAnne,Anne@Example.org,2024\n' >"$scratch/pan-contacts.csv"
pan=$(q invite pan --from "$scratch/pan-contacts.csv" | sed -n 2p | sed 's#.*/r/##')

serve_start --admin-secret-file "$secret"
open=$(sed -n 's#^open link of essai_public: .*/o/##p' "$scratch/serve.out")
t0=${tokens[0]} t1=${tokens[1]} t2=${tokens[2]} t3=${tokens[3]}

# --- headers and the plain page
expect "GET a link" 200 "$(code "$base/r/$t0")"
for h in "Content-Security-Policy: default-src 'none'" "X-Content-Type-Options: nosniff" \
	"Referrer-Policy: no-referrer" "X-Frame-Options: DENY" "Cache-Control: no-store"; do
	contains "security header" "$scratch/head" "$h"
done
contains "French by default" "$scratch/body" '<html lang="fr"'
lacks "no script" "$scratch/body" "<script"
cp "$scratch/body" "$scratch/page0"
expect "English selectable" 200 "$(code "$base/r/$t0?lang=en")"
contains "English page" "$scratch/body" '<html lang="en"'
expect "style sheet" 200 "$(code "$base/static/utilis.css")"
contains "style sheet type" "$scratch/head" "Content-Type: text/css"

# --- unknown tokens: the same bare 404, whatever the token looks like
expect "unknown token" 404 "$(code "$base/r/AAAAAAAAAAAAAAAAAAAAAAAA")"
cp "$scratch/body" "$scratch/404a"
expect "malformed token" 404 "$(code "$base/r/x'%3Cscript%3E")"
cmp -s "$scratch/body" "$scratch/404a" && ok || ko "404 pages differ"
expect "unknown token POST" 404 "$(code "$base/r/AAAAAAAAAAAAAAAAAAAAAAAA" -d _page=0)"
expect "unknown path" 404 "$(code "$base/etc/passwd")"
lacks "404 reveals nothing" "$scratch/body" "essai"
contains "404 has the headers" "$scratch/head" "Content-Security-Policy"
expect "unknown open link" 404 "$(code "$base/o/AAAAAAAAAAAAAAAAAAAAAAAA")"
expect "method not allowed" 405 "$(code "$base/r/$t0" -X PUT)"

# --- anti-forgery token
c0=$(csrf "$scratch/page0")
expect "wrong anti-forgery token" 403 "$(code "$base/r/$t0" -d "_csrf=AAAA$c0&_page=0&age=30")"
expect "missing anti-forgery token" 403 "$(code "$base/r/$t0" -d "_page=0&age=30")"
expect "token of another page" 403 "$(code "$base/r/$t0" -d "_csrf=$c0&_page=1&age=30")"
code "$base/r/$t1" >/dev/null
expect "token of another link" 403 "$(code "$base/r/$t1" -d "_csrf=$c0&_page=0&age=30")"
expect "nothing saved after 403" invited "$(status_of essai "$t0")"

# --- sizes and content types
big=$(head -c 300000 /dev/zero | tr '\0' a)
expect "oversized body" 413 "$(printf '_csrf=%s&_page=0&age=%s' "$c0" "$big" | code "$base/r/$t0" --data-binary @-)"
field=$(head -c 40000 /dev/zero | tr '\0' b)
expect "oversized field" 413 "$(printf '_csrf=%s&_page=0&arrivee=%s' "$c0" "$field" | code "$base/r/$t0" -H 'Transfer-Encoding: chunked' --data-binary @-)"
many=$(for i in $(seq 2100); do printf 'x%d=1&' "$i"; done)
expect "too many fields" 413 "$(printf '_csrf=%s&_page=0&%s' "$c0" "$many" | code "$base/r/$t0" --data-binary @-)"
expect "JSON body" 415 "$(code "$base/r/$t0" -H 'Content-Type: application/json' -d '{"age":"30"}')"
expect "plain text body" 415 "$(code "$base/r/$t0" -H 'Content-Type: text/plain' -d 'age=30')"
expect "no content type" 415 "$(code "$base/r/$t0" -H 'Content-Type:' -d 'age=30')"
printf 'x' >"$scratch/file.txt"
expect "file upload" 415 "$(code "$base/r/$t0" -F "_csrf=$c0" -F _page=0 -F "age=@$scratch/file.txt")"
expect "nothing saved after 413/415" invited "$(status_of essai "$t0")"

# --- a page: constraint error, then accepted (multipart works too)
expect "constraint error" 200 "$(code "$base/r/$t0" -d "_csrf=$c0&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=12")"
contains "error next to the field" "$scratch/body" 'id="e-age"'
contains "error summary links to the field" "$scratch/body" 'href="#f-age"'
contains "survey's own message" "$scratch/body" "Entre 16 et 110 ans."
expect "a draft is saved" started "$(status_of essai "$t0")"
expect "page accepted (multipart)" 303 "$(code "$base/r/$t0" -F "_csrf=$c0" -F _page=0 -F _lang=fr -F '_shown=age arrivee' -F _action=next -F age=30)"
contains "redirect to the link" "$scratch/head" "Location: $t0"
code "$base/r/$t0" >/dev/null
contains "resumes at page 2" "$scratch/body" '<input type="hidden" name="_page" value="1">'
cp "$scratch/body" "$scratch/page1"

# --- a follow-up in place: on the page, shown by the style sheet when "autre" is ticked
c1=$(csrf "$scratch/page1")
contains "follow-up in place" "$scratch/page1" '<div class="followup w1">'
contains "its choice reveals it" "$scratch/page1" 'class="t1" id="f-aides-2"'
contains "the page lists it as shown" "$scratch/page1" 'name="_shown" value="ecoute seul aides aides_autre priorites note budget"'
contains "the form posts to the page's address" "$scratch/page1" "action=\"$t0?page=2\""
expect "follow-up left blank" 200 "$(code "$base/r/$t0?page=2" -d "_csrf=$c1&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre")"
contains "it was seen: its error counts" "$scratch/body" 'id="e-aides_autre"'
contains "focus on the error summary" "$scratch/body" 'tabindex="-1" autofocus>'
lacks "no notice" "$scratch/body" 'class="notice"'
# --- a follow-up that appears with the server's answer (a page that did not hold it) is marked
expect "follow-up revealed" 200 "$(code "$base/r/$t0" -d "_csrf=$c1&_page=1&_lang=fr&_shown=ecoute+seul+aides+priorites+note+budget&_action=next&aides=autre")"
contains "follow-up question shown" "$scratch/body" 'name="aides_autre"'
contains "notice of the new question" "$scratch/body" 'Votre réponse fait apparaître une nouvelle question'
contains "the question is marked" "$scratch/body" '<div class="revealed">'
contains "the focus goes to it" "$scratch/body" 'autofocus id="f-aides_autre"'
lacks "a new question is not an error" "$scratch/body" 'class="error-summary"'
payload='<script>alert("x")</script>'
expect "answer with a script" 303 "$(code "$base/r/$t0" --data-urlencode "_csrf=$c1" -d "_page=1&_lang=fr&_action=next&aides=autre" --data-urlencode "_shown=ecoute seul aides aides_autre priorites note budget" --data-urlencode "aides_autre=$payload")"

# --- review, submit, then the link is locked
code "$base/r/$t0" >/dev/null
contains "note page" "$scratch/body" 'id="q-merci"'
expect "note page accepted" 303 "$(code "$base/r/$t0" -d "_csrf=$(csrf "$scratch/body")&_page=2&_lang=fr&_shown=merci&_action=next")"
code "$base/r/$t0" >/dev/null
contains "review page" "$scratch/body" 'value="submit"'
contains "answer escaped on review" "$scratch/body" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
lacks "no raw script on review" "$scratch/body" '<script>alert'
cr=$(csrf "$scratch/body")
pr=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')
expect "submit" 303 "$(code "$base/r/$t0" -d "_csrf=$cr&_page=$pr&_lang=fr&_action=submit")"
expect "submitted" submitted "$(status_of essai "$t0")"
expect "thank-you page" 200 "$(code "$base/r/$t0")"
contains "thank-you text" "$scratch/body" "Merci"
expect "second submit refused" 409 "$(code "$base/r/$t0" -d "_csrf=$cr&_page=$pr&_lang=fr&_action=submit")"
expect "change after submit refused" 409 "$(code "$base/r/$t0" -d "_csrf=$c0&_page=0&_lang=fr&_action=next&age=99")"
expect "one respondent row" 1 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM respondent")"

# --- anonymity: nothing links the answers back to the link or its contact
expect "anonymous: no token in the answers" 0 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM respondent WHERE token IS NOT NULL")"
expect "anonymous: no pointer from the link" 0 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM invitation WHERE respondent_id IS NOT NULL")"
expect "anonymous: draft emptied" 0 "$(sqlite3 "$UTILIS_DB" "SELECT length(draft) FROM invitation WHERE token = '$t0'")"
expect "anonymous: no timestamp" "" "$(sqlite3 "$UTILIS_DB" "SELECT updated_at FROM invitation WHERE token = '$t0'")"
expect "group kept for analysis" A "$(sqlite3 "$UTILIS_DB" "SELECT grp FROM respondent")"

# --- a survey that is not anonymous keeps the link
code "$base/r/$named" >/dev/null
cn=$(csrf "$scratch/body")
code "$base/r/$named" -d "_csrf=$cn&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=40" >/dev/null
code "$base/r/$named" >/dev/null
code "$base/r/$named" -d "_csrf=$(csrf "$scratch/body")&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next" >/dev/null
code "$base/r/$named" >/dev/null
code "$base/r/$named" -d "_csrf=$(csrf "$scratch/body")&_page=2&_lang=fr&_shown=merci&_action=next" >/dev/null
code "$base/r/$named" >/dev/null
pn=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')
expect "named survey submit" 303 "$(code "$base/r/$named" -d "_csrf=$(csrf "$scratch/body")&_page=$pn&_lang=fr&_action=submit")"
expect "named: link kept" "$named" "$(sqlite3 "$UTILIS_DB" "SELECT r.token FROM respondent r JOIN invitation i ON i.respondent_id = r.id")"

# --- a required answer missing blocks the page, not the draft
code "$base/r/$t1" >/dev/null
c=$(csrf "$scratch/body")
expect "required missing" 200 "$(code "$base/r/$t1" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=next&arrivee=2020-01-01")"
contains "required message" "$scratch/body" "Cette question est obligatoire."
expect "save for later despite it" 200 "$(code "$base/r/$t1" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=save&arrivee=2020-01-01")"
contains "saved page" "$scratch/body" "Vos réponses sont enregistrées"
code "$base/r/$t1" >/dev/null
contains "draft kept" "$scratch/body" 'value="2020-01-01"'

# --- the open link of a public survey: one new link per start
expect "open link page" 200 "$(code "$base/o/$open")"
co=$(csrf "$scratch/body")
expect "open link start without token" 403 "$(code "$base/o/$open" -d "_action=start")"
expect "open link start" 303 "$(code "$base/o/$open" -d "_csrf=$co&_action=start")"
new=$(sed -n 's#^Location: \.\./r/\([A-Za-z0-9_-]*\).*#\1#p' "$scratch/head")
expect "a new link per start" 200 "$(code "$base/r/$new")"
code "$base/o/$open" -d "_csrf=$co&_action=start" >/dev/null
expect "two open-link respondents" 2 "$(q invite essai_public --list | grep -c '^(open link)')"

# --- the admin page
expect "admin without password" 401 "$(code "$base/admin")"
contains "asks for a password" "$scratch/head" "WWW-Authenticate: Basic"
expect "admin wrong password" 401 "$(code "$base/admin" -u admin:wrong)"
expect "admin" 200 "$(code "$base/admin" -u "x:$admin_pw")"
contains "admin counts" "$scratch/body" "<td class=\"num\">4</td><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">25 %</td>"
# the open link made two links, never saved: counted apart, not in the rate
contains "admin counts opened links apart" "$scratch/body" "<td class=\"num\">3</td><td class=\"num\">0</td><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">100 %</td>"
expect "admin survey page" 200 "$(code "$base/admin/essai" -u "x:$admin_pw")"
contains "script shown escaped on admin page" "$scratch/body" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
lacks "no raw script on admin page" "$scratch/body" '<script>alert'
expect "admin CSV" 200 "$(code "$base/admin/essai.csv" -u "x:$admin_pw")"
contains "CSV type" "$scratch/head" "Content-Type: text/csv"
contains "CSV header, ';' and a BOM for French Excel" "$scratch/body" "$(printf '\357\273\277')_id;_group;_wave;_submitted_at;age;arrivee;ecoute"
contains "CSV keeps the text" "$scratch/body" '"<script>alert(""x"")</script>"'
expect "admin unknown survey" 404 "$(code "$base/admin/nope" -u "x:$admin_pw")"

# --- an answer longer than 32,767 bytes (an XLSX cell, an SPSS string) is refused on the form
code "$base/r/$t2" >/dev/null
code "$base/r/$t2" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=30" >/dev/null
code "$base/r/$t2" >/dev/null
c=$(csrf "$scratch/body")
long=$(head -c 32768 /dev/zero | tr '\0' a)
expect "answer too long" 200 "$(printf '_csrf=%s&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre&aides_autre=%s' "$c" "$long" | code "$base/r/$t2" --data-binary @-)"
contains "too long: the French message" "$scratch/body" "Cette réponse est trop longue${nb}: 32 767 signes au plus"
contains "too long: next to the field" "$scratch/body" 'id="e-aides_autre"'
# DEL and the C1 controls (U+0080-U+009F) are refused in an answer as in the survey's texts
for ctl in %7F %C2%85 %C2%9B; do
	expect "control $ctl refused" 200 "$(printf '_csrf=%s&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre&aides_autre=Vestiaire%s' "$c" "$ctl" | code "$base/r/$t2" --data-binary @-)"
	contains "control $ctl: the French message" "$scratch/body" "Ce texte contient des caractères qui ne sont pas acceptés."
	contains "control $ctl: next to the field" "$scratch/body" 'id="e-aides_autre"'
done
expect "answer of 32,767 bytes" 303 "$(printf '_csrf=%s&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre&aides_autre=%s' "$c" "${long:1}" | code "$base/r/$t2" --data-binary @-)"

# --- a read-only question: shown as text, a value posted for it ignored
code "$base/r/$ro" >/dev/null
lacks "read-only: no field" "$scratch/body" 'name="total"'
expect "read-only: page with a forged value" 303 "$(code "$base/r/$ro" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=n+total&_action=next&n=4&total=1000")"
code "$base/r/$ro" >/dev/null
contains "read-only: kept after the page" "$scratch/body" 'name="_page" value="1"'
contains "piping: the answers in the text" "$scratch/body" "<p>Fin${nb}: 8 pour 4</p>"
code "$base/r/$ro" -d "_csrf=$(csrf "$scratch/body")&_page=1&_lang=fr&_shown=fin&_action=next" >/dev/null
code "$base/r/$ro" >/dev/null
contains "read-only: the calculated value on review" "$scratch/body" 'id="a-total"><dt>Total</dt><dd>8</dd>'
lacks "read-only: the posted value ignored" "$scratch/body" '1000'

# --- a panel: the answers carry the contact's panel key, not the contact nor the token
code "$base/r/$pan" >/dev/null
code "$base/r/$pan" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=n&_action=next&n=7" >/dev/null
code "$base/r/$pan" >/dev/null
code "$base/r/$pan" -d "_csrf=$(csrf "$scratch/body")&_page=1&_lang=fr&_shown=fin&_action=next" >/dev/null
code "$base/r/$pan" >/dev/null
pp=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')
expect "panel submit" 303 "$(code "$base/r/$pan" -d "_csrf=$(csrf "$scratch/body")&_page=$pp&_lang=fr&_action=submit")"
pan_sql="FROM respondent r JOIN survey_version v ON v.id = r.survey_version_id WHERE v.form_id = 'pan'"
expect "panel: a 64-digit key" 64 "$(sqlite3 "$UTILIS_DB" "SELECT length(r.panel) $pan_sql")"
expect "panel: no token in the answers" 0 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) $pan_sql AND r.token IS NOT NULL")"
expect "panel: no pointer from the link" "" "$(sqlite3 "$UTILIS_DB" "SELECT respondent_id FROM invitation WHERE token = '$pan'")"
expect "panel: the day only" "T00:00:00Z" "$(sqlite3 "$UTILIS_DB" "SELECT substr(r.submitted_at, 11) $pan_sql")"
expect "panel: hexadecimal, nothing of the address" 1 "$(sqlite3 "$UTILIS_DB" "SELECT r.panel $pan_sql" | grep -c '^[0-9a-f]\{64\}$')"

# --- every page has its own address (?page=N); what it shows is the server's choice
expect "a page by its address" 200 "$(code "$base/r/$t3?page=3")"
contains "a page after an incomplete one: where the link is" "$scratch/body" 'name="_page" value="0"'
code "$base/r/$t3?page=abc" >/dev/null
contains "a page number that is not one: where the link is" "$scratch/body" 'name="_page" value="0"'
c=$(csrf "$scratch/body")
# the language switch saves the page's answers first, then shows it in the other language
expect "language switch" "303 $t3?page=1" "$(code "$base/r/$t3?page=1" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=lang:en&age=30" -w '%{http_code} %{redirect_url}' | sed "s#$base/r/##")"
code "$base/r/$t3?page=1" >/dev/null
contains "in English" "$scratch/body" '<html lang="en"'
contains "the answer typed before the switch is kept" "$scratch/body" 'name="age" value="30"'
expect "language switch: a draft" started "$(status_of essai "$t3")"
c=$(csrf "$scratch/body")
code "$base/r/$t3?page=1" -d "_csrf=$c&_page=0&_lang=en&_shown=age+arrivee&_action=lang:fr&age=12" >/dev/null
contains "a wrong answer at the switch: its error, in the new language" "$scratch/body" 'Entre 16 et 110 ans.'
expect "next: the next page's address" "303 $t3?page=2" "$(code "$base/r/$t3" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=30" -w '%{http_code} %{redirect_url}' | sed "s#$base/r/##")"
code "$base/r/$t3?page=1" >/dev/null
contains "Back: the first page again" "$scratch/body" 'name="_page" value="0"'
code "$base/r/$t3?page=2" >/dev/null
contains "Forward: the second page" "$scratch/body" 'name="_page" value="1"'
code "$base/r/$t3?page=3" >/dev/null
contains "a later page, the earlier ones complete" "$scratch/body" 'name="_page" value="2"'
code "$base/r/$t3?page=99" >/dev/null
contains "past the review: where the link is" "$scratch/body" 'name="_page" value="1"'

# --- past the open link's rate (10 a minute from one address): the refusal
# --- in the form's language, back to the form
n=0
while [ "$n" -lt 11 ] && [ "$(code "$base/o/$open" -d "_csrf=$co&_action=start&_lang=en" --interface 127.0.0.7)" = 303 ]; do
	n=$((n + 1))
done
expect "open link: 10 links, then 429" "10 429" "$n $(code "$base/o/$open" -d "_csrf=$co&_action=start&_lang=en" --interface 127.0.0.7)"
contains "429 on /o: in English" "$scratch/body" '<html lang="en"'
contains "429 on /o: its title" "$scratch/body" '<h1>Too many requests</h1>'
contains "429 on /o: back to the form" "$scratch/body" "<a class=\"button\" href=\"$open\">Back to the questionnaire</a>"
retry_says "429 on /o: when to come back" en
expect "429 on /o in French" 429 "$(code "$base/o/$open" -d "_csrf=$co&_action=start&_lang=fr" --interface 127.0.0.7)"
contains "429 on /o: in French" "$scratch/body" '<html lang="fr"'
contains "429 on /o: back to the form, in French" "$scratch/body" "<a class=\"button\" href=\"$open\">Revenir au questionnaire</a>"
retry_says "429 on /o: when to come back, in French" fr

# --- clean stop on SIGTERM
serve_stop
expect "SIGTERM exit status" 0 $?
contains "stopped cleanly" "$scratch/serve.out" "stopping (SIGTERM)"
expect "workspace intact" ok "$(sqlite3 "$UTILIS_DB" "PRAGMA integrity_check")"
contains "a wrong admin password is logged, with the address" "$scratch/serve.err" "admin login: wrong password from 127.0.0.1"
if grep -v 'admin login: wrong password from 127.0.0.1$' "$scratch/serve.err" | grep -q .; then
	ko "server printed errors:"
	cat "$scratch/serve.err"
fi

finish
