#!/usr/bin/env bash
# HTTP tests of the jurors' pages of 'utilis serve' (/j/TOKEN): the same
# safety rules as respondent pages, one check each, with curl against the
# real server on a real workspace with the prize's test fixtures
# (tests/data/prize/).  What the server wrote is read back with the utilis
# command (prize audit, jury list) and the sqlite3 shell.
#
#   tests/http/jury.sh PATH/TO/utilis
#
# Prints "http jury tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http jury tests" "$1"
ed="$top/tests/data/prize/edition.yaml"

shown() { # FILE: the questions the grid page in FILE shows
	grep -o 'name="_shown" value="[^"]*"' "$1" | sed 's/.*value="//;s/"$//'
}
audit() { q prize audit "$ed" | sed 's/^[^ ]*  //'; }
# score TOKEN CANDIDATE VALUE: every page of the grid, each criterion VALUE
score() {
	local p
	for p in 0 1 2; do
		code "$base/j/$1/c/$2?p=$p" >/dev/null
		code "$base/j/$1/c/$2" -d "_csrf=$(csrf "$scratch/body")&_page=$p&_lang=fr&_action=next" \
			--data-urlencode "_shown=$(shown "$scratch/body")" \
			-d "$(shown "$scratch/body")=$3" >/dev/null
	done
}

# --- a workspace: the test forms, four candidates and a fifth whose texts
# --- hold markup, two jurors, both on every candidate; Anne's conflict
# --- with candidate 1 then withdraws her from it, so candidate 1 is not
# --- hers (with the conflict known first, two jurors each cannot be
# --- assigned: refused, naming candidate 1)
q init
q survey load "$top/tests/data/prize/candidature.yaml" "$top/tests/data/prize/grille.yaml"
q responses import candidature "$top/tests/data/prize/candidates.csv"
printf '_id,asso_nom,ent_nom,titre\nc5,<b>Asso</b> & Cie,"Ent ""<i>""","<script>alert(""x"")</script>"\n' \
	>"$scratch/evil.csv"
q responses import candidature "$scratch/evil.csv"
anne=$(q jury add "$ed" --name "Anne Martin" --email anne@example.org | sed 's#.*/j/##')
bruno=$(q jury add "$ed" --name "Bruno <Caron>" --email bruno@example.org | sed 's#.*/j/##')
q jury assign "$ed" --per-candidate 2 --seed 1 >/dev/null 2>&1
q jury conflict "$ed" anne@example.org 1 --reason "administratrice"
expect "assignment refused: candidate 1 has one juror left" 65 \
	"$(q jury assign "$ed" --per-candidate 2 --seed 1 2>"$scratch/assign.err"; echo $?)"
contains "the refusal names the candidate" "$scratch/assign.err" "candidate 1, Les Restos du Cœur 44 / Boulangerie Durand, has 1 juror"
# a juror of an edition the server is not started with
sed 's/^edition: essai/edition: autre/' "$ed" >"$scratch/autre.yaml"
other=$(q jury add "$scratch/autre.yaml" --name "Chloé" | sed 's#.*/j/##')
q invite candidature --count 1 >"$scratch/links.csv"
# a laureate's follow-up link (the laureates one year on)
q survey load "$top/surveys/prix-suivi-laureats.yaml"
laureate=$(q prize followup "$ed" 2 | sed -n 2p | sed 's#.*/r/##')

serve_start --admin-secret-file "$secret" --edition "$ed"
contains "serve says which edition" "$scratch/serve.out" "jurors' pages of essai: 2 jurors, 5 candidates"

# --- the list: headers, French, escaped texts of the applications
expect "juror's page" 200 "$(code "$base/j/$anne")"
for h in "Content-Security-Policy: default-src 'none'" "X-Content-Type-Options: nosniff" \
	"Referrer-Policy: no-referrer" "X-Frame-Options: DENY" "Cache-Control: no-store"; do
	contains "security header" "$scratch/head" "$h"
done
cp "$scratch/body" "$scratch/list"
contains "French by default" "$scratch/list" '<html lang="fr"'
contains "edition's title" "$scratch/list" "Prix d&#39;essai"
contains "summary label" "$scratch/list" "<dt>Titre du partenariat</dt>"
contains "summary answer" "$scratch/list" "<dd>Livraisons solidaires</dd>"
contains "not started" "$scratch/list" "pas commencé"
contains "link to the grid" "$scratch/list" "href=\"$anne/c/3\""
lacks "candidate 1 is not hers" "$scratch/list" "href=\"$anne/c/1\""
lacks "no submit button yet" "$scratch/list" "/submit"
lacks "no script" "$scratch/list" "<script"
contains "application's script escaped" "$scratch/list" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
contains "candidate's name escaped" "$scratch/list" '&lt;b&gt;Asso&lt;/b&gt; &amp; Cie / Ent &quot;&lt;i&gt;&quot;'
lacks "no raw markup" "$scratch/list" '<b>Asso'
expect "juror's name escaped" 200 "$(code "$base/j/$bruno")"
contains "juror's name escaped" "$scratch/body" "Bruno &lt;Caron&gt;"
expect "English selectable" 200 "$(code "$base/j/$anne?lang=en")"
contains "English page" "$scratch/body" '<html lang="en"'
contains "English title" "$scratch/body" "Test prize"
contains "links keep the language" "$scratch/body" "href=\"$anne/c/3?lang=en\""

# --- unknown tokens and addresses: the same bare 404 as other links
expect "unknown token" 404 "$(code "$base/j/AAAAAAAAAAAAAAAAAAAAAAAA")"
cp "$scratch/body" "$scratch/404j"
code "$base/r/AAAAAAAAAAAAAAAAAAAAAAAA" >/dev/null
cmp -s "$scratch/body" "$scratch/404j" && ok || ko "the juror's 404 differs from the respondent's"
lacks "404 reveals nothing" "$scratch/404j" "essai"
expect "malformed token" 404 "$(code "$base/j/x'%3Cscript%3E")"
expect "a respondent's token is not a juror's" 404 "$(code "$base/j/$(sed -n 2p "$scratch/links.csv" | sed 's#.*/r/##')")"
expect "a juror's token is not a respondent's" 404 "$(code "$base/r/$anne")"
expect "unknown token, candidate page" 404 "$(code "$base/j/AAAAAAAAAAAAAAAAAAAAAAAA/c/3")"
cp "$scratch/body" "$scratch/404c"
expect "unknown token, POST" 404 "$(code "$base/j/AAAAAAAAAAAAAAAAAAAAAAAA/c/3" -d _page=0)"
expect "unassigned candidate" 404 "$(code "$base/j/$anne/c/1")"
cmp -s "$scratch/body" "$scratch/404c" && ok || ko "unassigned: not the bare 404"
expect "unassigned candidate, POST" 404 "$(code "$base/j/$anne/c/1" -d "_csrf=x&_page=0&note_impact=5")"
expect "no such candidate" 404 "$(code "$base/j/$anne/c/999")"
expect "candidate number with a leading zero" 404 "$(code "$base/j/$anne/c/03")"
expect "candidate that is not a number" 404 "$(code "$base/j/$anne/c/3x")"
expect "unknown page below a link" 404 "$(code "$base/j/$anne/admin")"
expect "method not allowed" 405 "$(code "$base/j/$anne/c/3" -X PUT)"
expect "POST on the list" 405 "$(code "$base/j/$anne" -d x=1)"
expect "edition not served" 503 "$(code "$base/j/$other")"
contains "says the jury is closed" "$scratch/body" "Les pages du jury ne sont pas ouvertes"
contains "logged for the analyst" "$scratch/serve.err" "not started with --edition"

# --- the grid of a candidate
expect "grid page" 200 "$(code "$base/j/$anne/c/5")"
cp "$scratch/body" "$scratch/grid5"
contains "grid's style sheet found from the page" "$scratch/grid5" 'href="../../../static/utilis.css"'
contains "candidate's name as heading" "$scratch/grid5" '<h1>&lt;b&gt;Asso&lt;/b&gt; &amp; Cie / Ent &quot;&lt;i&gt;&quot;</h1>'
contains "summary above the grid" "$scratch/grid5" '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
lacks "no script on the grid" "$scratch/grid5" "<script"
contains "first criterion" "$scratch/grid5" 'name="note_impact"'
contains "conflict button" "$scratch/grid5" "Je déclare un conflit d&#39;intérêts"
contains "conflict reason field" "$scratch/grid5" 'name="_reason"'
contains "conflict reachable at the top of the grid" "$scratch/grid5" '<p class="conflict-jump"><a href="#conflict">'
expect "style sheet" 200 "$(code "$base/static/utilis.css")"

# --- anti-forgery tokens; nothing saved after a refusal
code "$base/j/$anne/c/3" >/dev/null
cp "$scratch/body" "$scratch/grid3"
g3=$(csrf "$scratch/grid3") c3=$(csrf "$scratch/grid3" 2) g5=$(csrf "$scratch/grid5")
expect "no anti-forgery token" 403 "$(code "$base/j/$anne/c/3" -d "_page=0&_action=next&note_impact=4")"
expect "wrong anti-forgery token" 403 "$(code "$base/j/$anne/c/3" -d "_csrf=AAAA$g3&_page=0&_action=next&note_impact=4")"
expect "token of another page" 403 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=1&_action=next&note_reciprocite=4")"
expect "token of another candidate" 403 "$(code "$base/j/$anne/c/3" -d "_csrf=$g5&_page=0&_action=next&note_impact=4")"
expect "grid token for the conflict form" 403 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_action=conflict&_reason=x")"
expect "conflict token for the grid" 403 "$(code "$base/j/$anne/c/3" -d "_csrf=$c3&_page=0&_action=next&note_impact=4")"
expect "another juror's token" 403 "$(code "$base/j/$bruno/c/3" -d "_csrf=$g3&_page=0&_action=next&note_impact=4")"

# --- sizes and content types
big=$(head -c 300000 /dev/zero | tr '\0' a)
expect "oversized body" 413 "$(printf '_csrf=%s&_page=0&commentaire=%s' "$g3" "$big" | code "$base/j/$anne/c/3" --data-binary @-)"
field=$(head -c 40000 /dev/zero | tr '\0' b)
expect "oversized field" 413 "$(printf '_csrf=%s&_page=3&_action=conflict&_reason=%s' "$c3" "$field" | code "$base/j/$anne/c/3" -H 'Transfer-Encoding: chunked' --data-binary @-)"
contains "413 page finds its style sheet" "$scratch/body" 'href="../../../static/utilis.css"'
expect "JSON body" 415 "$(code "$base/j/$anne/c/3" -H 'Content-Type: application/json' -d '{"note_impact":"4"}')"
expect "nothing scored or declared so far" "" "$(audit | grep -E ' (score|conflict.juror) ')"

# --- saving pages: old -> new in the audit
expect "page saved" 303 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=next&note_impact=4")"
contains "to the next page" "$scratch/head" "Location: 3?p=1"
contains "audit: first score" <(audit) "Anne Martin              score          #3 Secours populaire / Transports Gautier — note_impact: - -> 4"
code "$base/j/$anne" >/dev/null
contains "in progress" "$scratch/body" "en cours"
expect "score changed" 303 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=save&note_impact=5")"
contains "save returns to the list" "$scratch/head" "Location: ../../$anne?n=saved"
contains "audit: old -> new" <(audit) "note_impact: 4 -> 5"
expect "same answer again" 303 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=next&note_impact=5")"
expect "nothing audited when nothing changed" 2 "$(audit | grep -c ' score ')"
expect "a value not offered" 200 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=next&note_impact=9")"
contains "error next to the criterion" "$scratch/body" 'id="e-note_impact"'
contains "error summary" "$scratch/body" 'class="error-summary"'
expect "an invalid value is dropped from the sheet" 3 "$(audit | grep -c ' score ')"
contains "audit: dropped" <(audit) "note_impact: 5 -> -"
code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=next&note_impact=5" >/dev/null
code "$base/j/$anne/c/3?p=1" >/dev/null
code "$base/j/$anne/c/3" -d "_csrf=$(csrf "$scratch/body")&_page=1&_lang=fr&_shown=note_reciprocite&_action=next&note_reciprocite=3" >/dev/null
code "$base/j/$anne/c/3" >/dev/null
contains "opens at the first criterion not scored" "$scratch/body" 'name="_page" value="2"'
contains "language link keeps the page" "$scratch/body" 'href="3?p=2&amp;lang=en"'
code "$base/j/$anne/c/3?p=3" >/dev/null
g33=$(csrf "$scratch/body")
payload='<script>alert("c")</script> "très" bien'
expect "comment with a script" 303 "$(code "$base/j/$anne/c/3" --data-urlencode "_csrf=$g33" -d "_page=3&_lang=fr&_shown=commentaire&_action=next" --data-urlencode "commentaire=$payload")"
contains "last page returns to the list" "$scratch/head" "Location: ../../$anne?n=saved"
contains "audit: comment quoted" <(audit) 'commentaire: - -> "<script>alert(\"c\")</script> \"très\" bien"'
code "$base/j/$anne/c/3?p=3" >/dev/null
contains "comment escaped in its field" "$scratch/body" '&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt;'
lacks "no raw script in the field" "$scratch/body" '<script>alert'

# --- a conflict declared on the page
expect "conflict without a reason" 200 "$(code "$base/j/$anne/c/4" -d "_csrf=$(code "$base/j/$anne/c/4" >/dev/null; csrf "$scratch/body" 2)&_page=0&_lang=fr&_action=conflict&_reason=+++")"
contains "reason required" "$scratch/body" "Dites en quelques mots"
contains "the page's title says there is an error" "$scratch/body" "<title>Erreur : "
contains "reason error tied to the field" "$scratch/body" 'aria-describedby="h-_reason e-_reason" aria-invalid="true"'
long=$(head -c 1001 /dev/zero | tr '\0' x)
c4=$(csrf "$scratch/body" 2)
expect "reason too long" 200 "$(code "$base/j/$anne/c/4" -d "_csrf=$c4&_page=0&_lang=fr&_action=conflict&_reason=$long")"
contains "reason too long message" "$scratch/body" "1 000 caractères au plus."
contains "reason kept" "$scratch/body" ">$long</textarea>"
expect "nothing recorded without a reason" "" "$(audit | grep ' conflict.juror ')"
expect "conflict asks for confirmation" 200 "$(code "$base/j/$anne/c/4" -d "_csrf=$c4&_page=0&_lang=fr&_action=conflict" --data-urlencode "_reason=Mon frère <b>dirige</b> l'imprimerie")"
contains "confirmation title" "$scratch/body" "<title>Confirmez-vous ce conflit d&#39;intérêts ?"
contains "confirmation shows the reason, escaped" "$scratch/body" "<blockquote><p>Mon frère &lt;b&gt;dirige&lt;/b&gt; l&#39;imprimerie</p></blockquote>"
contains "confirmation keeps the reason" "$scratch/body" 'name="_reason" value="Mon frère &lt;b&gt;dirige&lt;/b&gt; l&#39;imprimerie"'
contains "a way back to the grid" "$scratch/body" 'href="4?p=0"'
expect "nothing recorded before the confirmation" "" "$(audit | grep ' conflict.juror ')"
expect "forged confirmation without a token" 403 "$(code "$base/j/$anne/c/4" -d "_page=0&_lang=fr&_action=conflict&_confirm=yes&_reason=forged")"
expect "forged confirmation with the grid's token" 403 "$(code "$base/j/$anne/c/4" -d "_csrf=$(csrf "$scratch/grid3")&_page=0&_lang=fr&_action=conflict&_confirm=yes&_reason=forged")"
expect "nothing recorded on a forged confirmation" "" "$(audit | grep ' conflict.juror ')"
expect "confirmation without a reason" 200 "$(code "$base/j/$anne/c/4" -d "_csrf=$c4&_page=0&_lang=fr&_action=conflict&_confirm=yes&_reason=")"
contains "asks the reason again" "$scratch/body" "<title>Erreur : "
expect "conflict declared" 303 "$(code "$base/j/$anne/c/4" -d "_csrf=$c4&_page=0&_lang=fr&_action=conflict&_confirm=yes" --data-urlencode "_reason=Mon frère dirige l'imprimerie")"
contains "back to the list" "$scratch/head" "Location: ../../$anne?n=conflict"
contains "audit: declared by the juror" <(audit) "Anne Martin              conflict.juror #4 ADAPEI / Imprimerie Nantaise — Mon frère dirige l'imprimerie"
contains "audit: unassigned" <(audit) "Anne Martin              unassign       #4 ADAPEI / Imprimerie Nantaise — conflict of interest"
expect "no longer hers" 404 "$(code "$base/j/$anne/c/4")"
expect "no score after the conflict" 404 "$(code "$base/j/$anne/c/4" -d "_csrf=$(csrf "$scratch/grid3")&_page=0&note_impact=1")"
code "$base/j/$anne?n=conflict" >/dev/null
contains "notice of the conflict" "$scratch/body" "Votre conflit d&#39;intérêts est enregistré"
contains "withdrawn candidates listed" "$scratch/body" "<li>ADAPEI / Imprimerie Nantaise</li>"
expect "jury list: one juror left on candidate 4" "4  ADAPEI / Imprimerie Nantaise                 2" \
	"$(q jury list "$ed" | grep 'ADAPEI' | sed 's/^ *//;s/ *$//')"

# --- submitting: only when every sheet is done
expect "submit page before all done" 303 "$(code "$base/j/$anne/submit")"
contains "back to the list" "$scratch/head" "Location: ../$anne"
score "$anne" 2 3
score "$anne" 3 4
score "$anne" 5 2
code "$base/j/$anne" >/dev/null
contains "all done" "$scratch/body" "Dossiers notés : 3 sur 3."
contains "the list is a table first" "$scratch/body" '<th scope="col" class="num">Mon total sur 100</th>'
contains "the juror's own total (all 3 on 0-5)" "$scratch/body" '<th scope="row">Habitat et Humanisme / Bâti Ouest</th><td><strong class="state-done">terminé</strong></td><td class="num">60,0</td>'
contains "summaries folded" "$scratch/body" '<details class="summary dossier-summary">'
contains "submit button" "$scratch/body" "href=\"$anne/submit\""
expect "confirmation page" 200 "$(code "$base/j/$anne/submit")"
cs=$(csrf "$scratch/body")
contains "confirmation style sheet" "$scratch/body" 'href="../../static/utilis.css"'
contains "confirmation lists the candidates with the juror's totals" "$scratch/body" "<li>Habitat et Humanisme / Bâti Ouest — Mon total sur 100 : 60,0</li>"
# a score taken back in another window: no longer all done
code "$base/j/$anne/c/2?p=0" >/dev/null
code "$base/j/$anne/c/2" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=note_impact&_action=save" >/dev/null
expect "submit before all done" 409 "$(code "$base/j/$anne/submit" -d "_csrf=$cs&_lang=fr")"
contains "says what is missing" "$scratch/body" "Certains dossiers ne sont pas encore entièrement notés"
contains "with a link to the list" "$scratch/body" "href=\"../$anne\""
expect "nothing submitted" "" "$(audit | grep ' submit')"
score "$anne" 2 3
expect "submit without token" 403 "$(code "$base/j/$anne/submit" -d "_lang=fr")"
expect "submit with a grid's token" 403 "$(code "$base/j/$anne/submit" -d "_csrf=$g3")"
expect "submit" 303 "$(code "$base/j/$anne/submit" -d "_csrf=$cs&_lang=fr&_action=submit")"
contains "to the list" "$scratch/head" "Location: ../$anne"
expect "thank-you page" 200 "$(code "$base/j/$anne")"
contains "thanks, the '!' kept to its word" "$scratch/body" "<h1>Merci$(printf '\302\240')!</h1>"
lacks "read only: no submit" "$scratch/body" "/submit"
contains "audit: submit" <(audit) "Anne Martin              submit"
expect "sheets locked" 3 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM respondent WHERE status = 'submitted' AND id IN (SELECT sheet_id FROM jury_assignment a JOIN juror j ON j.id = a.juror_id WHERE j.email = 'anne@example.org')")"

# --- after submitting: nothing changes (409)
n=$(audit | wc -l)
expect "post after submit" 409 "$(code "$base/j/$anne/c/3" -d "_csrf=$g3&_page=0&_lang=fr&_shown=note_impact&_action=next&note_impact=1")"
contains "says the scores are sent" "$scratch/body" "Vos notes ont déjà été envoyées"
contains "with a link to the list" "$scratch/body" "href=\"../../$anne\""
expect "conflict after submit" 409 "$(code "$base/j/$anne/c/3" -d "_csrf=$c3&_page=0&_lang=fr&_action=conflict&_reason=trop+tard")"
expect "submit twice" 409 "$(code "$base/j/$anne/submit" -d "_csrf=$cs&_lang=fr")"
contains "submit twice: a link to the list" "$scratch/body" "href=\"../$anne\""
expect "nothing written after submit" "$n" "$(audit | wc -l)"
expect "the sheet, read only" 200 "$(code "$base/j/$anne/c/3")"
lacks "no form on the sheet" "$scratch/body" "<form"
contains "scores shown" "$scratch/body" "<dt>Impact social</dt><dd>4</dd>"
expect "the other juror still scores" 200 "$(code "$base/j/$bruno/c/3")"

# --- the laureate answers the follow-up on their link: the answers attach to candidate 2
fpage() { # PAGE FIELDS...: post one page of the follow-up survey
	local p=$1
	shift
	code "$base/r/$laureate" >/dev/null
	code "$base/r/$laureate" -d "_csrf=$(csrf "$scratch/body")&_page=$p&_lang=fr&_action=next" \
		--data-urlencode "_shown=$(shown "$scratch/body")" "$@"
}
expect "follow-up link" 200 "$(code "$base/r/$laureate")"
contains "follow-up survey" "$scratch/body" "Le partenariat aujourd&#39;hui"
expect "follow-up page 1" 303 "$(fpage 0 -d toujours_actif=oui)"
expect "follow-up page 2" 303 "$(fpage 1 -d personnes_aidees=140 -d salaries_impliques=12 -d benevoles_impliques=5)"
expect "follow-up page 3: the detail is asked" 200 "$(fpage 2 -d nouvelles_actions=oui -d accord_reportage=oui)"
expect "follow-up page 3" 303 "$(fpage 2 -d nouvelles_actions=oui -d accord_reportage=oui --data-urlencode "nouvelles_actions_detail=Un atelier <b>cuisine</b>")"
code "$base/r/$laureate" >/dev/null
expect "follow-up submitted" 303 "$(code "$base/r/$laureate" -d "_csrf=$(csrf "$scratch/body")&_page=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')&_lang=fr&_action=submit")"
expect "the link says it is answered" "2,Habitat et Humanisme / Bâti Ouest,submitted" "$(q prize followup "$ed" | sed -n 2p | cut -d, -f1-3)"
printf 'report: laureats\ntitle: {fr: "Lauréats", en: "Laureates"}\nlanguage: fr\noutput: xlsx\nsource:\n  edition: %s\nsections:\n  - type: results\n  - type: laureates\n' "$ed" >"$scratch/laureats.yaml"
q report "$scratch/laureats.yaml" -o "$scratch/laureats.xlsx"
unzip -p "$scratch/laureats.xlsx" >"$scratch/laureats.txt"
contains "workbook: the laureate answered on the link" "$scratch/laureats.txt" ">répondu<"
contains "workbook: their answer, kept as text" "$scratch/laureats.txt" "Un atelier &lt;b&gt;cuisine&lt;/b&gt;"

# --- clean stop on SIGTERM
serve_stop
expect "SIGTERM exit status" 0 $?
expect "workspace intact" ok "$(sqlite3 "$UTILIS_DB" "PRAGMA integrity_check")"
if grep -v "not started with --edition" "$scratch/serve.err" | grep -q .; then
	ko "server printed errors:"
	cat "$scratch/serve.err"
fi

finish
