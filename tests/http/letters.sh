#!/usr/bin/env bash
# HTTP tests of the printed invitation letters and their short codes:
# 'utilis invite --letters' writes one page per person (0600) whose QR code
# decodes (pdftoppm, zbarimg) to the person's exact link, and whose short
# code, typed at /c in any case and with or without its dash, leads to
# that link; the workspace keeps only the codes' HMAC; a link that has
# submitted or was erased loses its code, with the same answer as a code
# that never existed; wrong codes are throttled.
#
#   tests/http/letters.sh PATH/TO/utilis
#
# Prints "http letters tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http letters tests" "$1"

# qr PDF PAGE: what the QR code on that page of the letters says
qr() {
	pdftoppm -r 150 -png -f "$2" -l "$2" "$1" "$scratch/page" &&
		zbarimg -q --raw "$scratch"/page-*"$2".png 2>/dev/null
	rm -f "$scratch"/page-*.png
}

# --- a one-page survey, three people with an address, letters in French
q init
cat >"$scratch/avis.yaml" <<'EOF'
form_id: avis
version: 1
title: {fr: "Votre avis sur l'accueil", en: "Your view of the welcome"}
default_language: fr
languages: [fr, en]
settings: {anonymous: true}
survey:
  - type: group
    name: p1
    label: {fr: "Votre avis", en: "Your view"}
    questions:
      - {type: note, name: intro, label: {fr: "Nous voulons savoir comment vous êtes accueilli.", en: "We want to know how you are welcomed."}}
      - {type: text, name: avis, label: {fr: "Un mot sur l'accueil ?", en: "A word on the welcome?"}}
EOF
q survey load "$scratch/avis.yaml"
printf 'nom,courriel\nAnne Martin,anne@example.org\nPaul Durand,paul@example.org\nZoé Lenoir,zoe@example.org\n' >"$scratch/contacts.csv"
"$bin" invite avis --from "$scratch/contacts.csv" --base-url http://127.0.0.1:8080 \
	--letters "$scratch/lettres.pdf" >"$scratch/links.csv" 2>"$scratch/err" ||
	ko "invite --letters failed: $(cat "$scratch/err")"
contains "the command says where the letters are" "$scratch/err" "3 letters with a QR code and a short code in"
expect "letters are private (0600)" 600 "$(stat -c %a "$scratch/lettres.pdf")"
expect "one page per person" 3 "$(pdfinfo "$scratch/lettres.pdf" | awk '/^Pages:/ {print $2}')"
link1=$(sed -n 2p "$scratch/links.csv" | sed 's/.*,//')
link3=$(sed -n 4p "$scratch/links.csv" | sed 's/.*,//')
expect "page 1's QR code is Anne's exact link" "$link1" "$(qr "$scratch/lettres.pdf" 1)"
expect "page 3's QR code is Zoé's exact link" "$link3" "$(qr "$scratch/lettres.pdf" 3)"
pdftotext -layout "$scratch/lettres.pdf" "$scratch/lettres.txt"
contains "the survey's title" "$scratch/lettres.txt" "Votre avis sur l'accueil"
contains "its opening words" "$scratch/lettres.txt" "Nous voulons savoir comment vous êtes accueilli."
contains "whom it is for" "$scratch/lettres.txt" "Pour : Anne Martin"
contains "the link written out" "$scratch/lettres.txt" "$link1"
contains "where to type the code" "$scratch/lettres.txt" "http://127.0.0.1:8080/c"
mapfile -t codes < <(grep -oE '\b[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b' "$scratch/lettres.txt")
expect "three short codes" 3 "${#codes[@]}"
expect "three different codes" 3 "$(printf '%s\n' "${codes[@]}" | sort -u | wc -l)"
tok1=${link1##*/} tok3=${link3##*/}
tok2=$(sed -n 3p "$scratch/links.csv" | sed 's#.*/##')

# --- the workspace keeps the codes' HMAC, never a code
expect "three codes kept" "3|32" "$(sqlite3 "$UTILIS_DB" "SELECT count(*), min(length(hash)) FROM short_code")"
for c in "${codes[@]}"; do
	if grep -qaF -e "$c" -e "${c/-/}" "$UTILIS_DB" "$UTILIS_DB-wal" 2>/dev/null; then
		ko "code $c in clear in the workspace"
	else
		ok
	fi
done

# --- English letters; the options that do not go together
"$bin" -q invite avis --count 1 --letters "$scratch/en.pdf" --lang en >/dev/null
pdftotext "$scratch/en.pdf" "$scratch/en.txt"
contains "English letter" "$scratch/en.txt" "There are three ways to answer."
contains "English title" "$scratch/en.txt" "Your view of the welcome"
"$bin" invite avis --open-link --letters "$scratch/x.pdf" 2>"$scratch/err"
expect "no letter for the open link (exit 2)" 2 $?
"$bin" invite avis --count 1 --lang de --letters "$scratch/x.pdf" 2>"$scratch/err"
expect "--lang fr or en (exit 2)" 2 $?
"$bin" invite avis --count 1 --lang en 2>"$scratch/err"
expect "--lang without --letters (exit 2)" 2 $?
[ -e "$scratch/x.pdf" ] && ko "a refused run wrote letters" || ok

# --- Zoé is erased: her code goes with her link
q responses erase avis --email zoe@example.org --yes 2>/dev/null
expect "erased: her code is gone (3 + 1 English - 1)" 3 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM short_code")"

serve_start --admin-secret-file "$secret"

# --- the page: French, English, a labelled field with its hint
expect "GET /c" 200 "$(code "$base/c")"
contains "French page" "$scratch/body" '<html lang="fr"'
contains "a label for the field" "$scratch/body" '<label class="label" for="code">Code de votre lettre</label>'
contains "its hint is announced" "$scratch/body" 'aria-describedby="code-hint"'
contains "a way to English" "$scratch/body" 'href="c?lang=en"'
lacks "no script" "$scratch/body" '<script'
expect "GET /c?lang=en" 200 "$(code "$base/c?lang=en")"
contains "English page" "$scratch/body" '<label class="label" for="code">Code on your letter</label>'
expect "PUT /c" 405 "$(code "$base/c" -X PUT)"

# --- a code leads to its link: any case, with or without the dash, spaces
c1=${codes[0]}
expect "Anne's code" 303 "$(code "$base/c" -d "_lang=fr" --data-urlencode "code=$c1")"
contains "...to Anne's link" "$scratch/head" "Location: r/$tok1"
lower=$(printf '%s' "${c1/-/ }" | tr 'A-Z' 'a-z')
expect "in lower case with a space" 303 "$(code "$base/c" -d "_lang=en" --data-urlencode "code= $lower ")"
contains "...to Anne's link in English" "$scratch/head" "Location: r/$tok1?lang=en"
code "$base/r/$tok1?lang=en" >/dev/null
contains "her form" "$scratch/body" 'A word on the welcome?'

# --- errors in words; a mistyped form is not a guess
expect "empty code" 422 "$(code "$base/c" -d "_lang=fr&code=")"
contains "says what to do" "$scratch/body" 'Tapez le code écrit sur votre lettre.'
contains "the summary takes the focus" "$scratch/body" 'class="error-summary" role="alert"'
contains "the field is marked" "$scratch/body" 'aria-invalid="true"'
expect "too short" 422 "$(code "$base/c" -d "_lang=fr&code=K7M2")"
contains "says the form" "$scratch/body" "pas la bonne forme"
expect "a U is not in a code" 422 "$(code "$base/c" -d "_lang=fr&code=UUUUU-UUUUU")"
expect "a script typed" 422 "$(code "$base/c" -d "_lang=fr" --data-urlencode 'code="><script>alert(1)</script>')"
contains "...shown back escaped" "$scratch/body" 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'
lacks "...never raw" "$scratch/body" '<script>alert'
expect "a long paste" 422 "$(code "$base/c" -d "_lang=fr&code=$(printf 'A%.0s' $(seq 5000))")"
lacks "...not shown back" "$scratch/body" 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
contains "...said to be no code" "$scratch/body" "pas la bonne forme"

# --- Paul submits: his code stops working, with the unknown code's answer
code "$base/r/$tok2" >/dev/null
expect "Paul's page" 303 "$(code "$base/r/$tok2" -d "_csrf=$(csrf "$scratch/body")&_page=0&_lang=fr&_shown=intro+avis&_action=next&avis=bien")"
code "$base/r/$tok2" >/dev/null
pr=$(grep -o 'name="_page" value="[0-9]*"' "$scratch/body" | grep -o '[0-9]*')
expect "Paul submits" 303 "$(code "$base/r/$tok2" -d "_csrf=$(csrf "$scratch/body")&_page=$pr&_lang=fr&_action=submit")"
tw=$(date +%s)	# the first wrong code counted
expect "submitted: his code" 422 "$(code "$base/c" -d "_lang=fr" --data-urlencode "code=${codes[1]}")"
sed 's/value="[^"]*"//' "$scratch/body" >"$scratch/closed"
expect "erased: Zoé's code" 422 "$(code "$base/c" -d "_lang=fr" --data-urlencode "code=${codes[2]}")"
sed 's/value="[^"]*"//' "$scratch/body" >"$scratch/erased"
# a code nobody has: 0000000000 is drawn once in 2^50
expect "a code nobody has" 422 "$(code "$base/c" -d "_lang=fr&code=00000-00000")"
sed 's/value="[^"]*"//' "$scratch/body" >"$scratch/unknown"
if cmp -s "$scratch/closed" "$scratch/unknown" && cmp -s "$scratch/erased" "$scratch/unknown"; then ok; else
	ko "a closed or erased link's code is answered differently from an unknown one"; fi
contains "in words" "$scratch/unknown" 'Ce code ne marche pas.'

# --- guessing: 3 wrong codes so far; 10 an address may make, then one a minute
t0=$(date +%s)
n422=0 n429=0
for i in $(seq 40); do
	s=$(code "$base/c" -d "_lang=fr&code=$(printf 'ZZZZZ-%05d' "$i")")
	case $s in 422) n422=$((n422 + 1)) ;; 429) n429=$((n429 + 1)) ;; esac
done
t1=$(date +%s)
# one more token a minute since the first wrong code (a slow machine)
refill=$(( (t1 - tw) / 60 ))
if [ "$n422" -ge 7 ] && [ "$n422" -le $((7 + refill)) ] && [ $((n422 + n429)) -eq 40 ]; then ok; else
	ko "40 guesses: expected 7 (+$refill refilled) answered and the rest refused, got $n422 and $n429"; fi
contains "the refusal says when to come back" "$scratch/head" "Retry-After:"
expect "then even a right code waits" 429 "$(code "$base/c" -d "_lang=fr" --data-urlencode "code=$c1")"
# the refusal in the page's language, with a way back to the code page
contains "429 on /c: in French" "$scratch/body" '<html lang="fr"'
contains "429 on /c: its title" "$scratch/body" '<h1>Trop de demandes</h1>'
contains "429 on /c: back to the code page" "$scratch/body" '<a class="button" href="c">Revenir à la saisie du code</a>'
lacks "429 on /c: not back to a questionnaire" "$scratch/body" 'questionnaire'
retry_says "429 on /c: when to come back" fr
expect "in English too" 429 "$(code "$base/c" -d "_lang=en" --data-urlencode "code=$c1")"
contains "429 on /c: in English" "$scratch/body" '<html lang="en"'
contains "429 on /c: its English title" "$scratch/body" '<h1>Too many requests</h1>'
contains "429 on /c: back to the English code page" "$scratch/body" '<a class="button" href="c?lang=en">Back to the code page</a>'
retry_says "429 on /c: when to come back, in English" en
contains "the server says it once" "$scratch/serve.err" "short codes: too many wrong codes from one address"
echo "brute force: 40 guesses in $((t1 - t0)) s, $n422 checked, $n429 refused (429)"

# --- a reprint for the people not started: new codes, the old ones still work
"$bin" invite avis --list --status invited --letters "$scratch/rappel.pdf" >/dev/null 2>"$scratch/err"
contains "reminder letters" "$scratch/err" "letters in"
expect "reprint: Anne and the English link, one page each" 2 "$(pdfinfo "$scratch/rappel.pdf" | awk '/^Pages:/ {print $2}')"
expect "the reprint's QR code is Anne's link" "$link1" "$(qr "$scratch/rappel.pdf" 1)"
expect "codes: 3 + 2" 5 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM short_code")"
"$bin" invite avis --list --status submitted --letters "$scratch/x.pdf" 2>/dev/null
expect "no letter for a submitted link (exit 2)" 2 $?

finish
