#!/usr/bin/env bash
# HTTP tests of the web form of a survey with repeats (tests/data/good/
# bureau.yaml: a board's members, each with terms), with curl against the
# real server: adding and removing members saves what was typed, fields
# named with their path (age[1]) and forged paths refused, errors named by
# member, the count bounded, a page posted from an older view (another
# tab) not applied, drafts resumed, the review page and the submission; and
# for an anonymous copy, no byte of a removed member's answer left in the
# workspace once submitted.
#
#   tests/http/repeat.sh PATH/TO/utilis
#
# Prints "http repeat tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http repeat tests" "$1"

# field FILE NAME: the value of the hidden field NAME of the page in FILE
field() { grep -o "name=\"$2\" value=\"[^\"]*\"" "$1" | head -1 | sed 's/.*value="//;s/"$//'; }
# copies FILE TEXT: how many times TEXT is in FILE's bytes (0 when there is no FILE)
copies() {
	python3 - "$1" "$2" <<'EOF'
import os, sys
p, t = sys.argv[1], sys.argv[2].encode()
print(open(p, 'rb').read().count(t) if os.path.exists(p) else 0)
EOF
}
# get TOKEN: the page the link shows, into $scratch/page
get() { curl -s -o "$scratch/page" "$base/r/$1"; }
# post TOKEN [curl args...]: send the form of $scratch/page with its hidden
# fields and the fields given; prints the status and the redirect's
# fragment; the reply in $scratch/body
post() {
	local t=$1 p="$scratch/page"
	shift
	curl -s -o "$scratch/body" -w '%{http_code}%{redirect_url}' \
		-d "_csrf=$(field "$p" _csrf)&_page=$(field "$p" _page)&_lang=$(field "$p" _lang)" \
		--data-urlencode "_shown=$(field "$p" _shown)" --data-urlencode "_n=$(field "$p" _n)" \
		"$@" "$base/r/$t" | sed "s#$base/r/$t##"
}

q init
q survey load "$top/tests/data/good/bureau.yaml"
sed -e 's/^form_id: bureau/form_id: bureau_anon/' -e 's/^version: 1/version: 1\nsettings: {anonymous: true}/' \
	"$top/tests/data/good/bureau.yaml" >"$scratch/anon.yaml"
q survey load "$scratch/anon.yaml"
mapfile -t tokens < <(q invite bureau --count 4 | sed -n '2,$p' | sed 's#.*/r/##')
anon=$(q invite bureau_anon --count 1 | sed -n 2p | sed 's#.*/r/##')
q survey load "$top/tests/data/good/conseil.yaml"
fixed=$(q invite conseil --count 1 | sed -n 2p | sed 's#.*/r/##')
t0=${tokens[0]} t1=${tokens[1]} t2=${tokens[2]} t3=${tokens[3]}

serve_start

# --- the first page, then the members' page, empty
get "$t0"
expect "first page" "303?page=2" "$(post "$t0" -d _action=next -d asso=ACME)"
get "$t0"
contains "members' page" "$scratch/page" '<h1>Membre</h1>'
contains "none yet" "$scratch/page" "Aucun pour l&#39;instant."
contains "add button" "$scratch/page" 'value="add:membre">Ajouter : Membre</button>'
contains "the bound said" "$scratch/page" 'Nombre maximum : 8'
lacks "no script" "$scratch/page" '<script'

# --- add three members, typing between the clicks: nothing typed is lost
expect "add a first member" "303?page=2#i-membre-0" "$(post "$t0" -d _action=add:membre)"
get "$t0"
contains "member 1 titled" "$scratch/page" '<legend class="instance-title">Membre 1</legend>'
contains "path in the field's name" "$scratch/page" 'name="prenom[0]"'
contains "path in the field's id" "$scratch/page" 'id="f-prenom-0"'
contains "remove named" "$scratch/page" 'value="remove:membre[0]">Retirer<span class="visually-hidden"> : Membre 1</span>'
expect "add a second" "303?page=2#i-membre-1" "$(post "$t0" -d _action=add:membre -d 'prenom[0]=Alice' -d 'age[0]=45' -d 'sexe[0]=f')"
get "$t0"
expect "add a third" "303?page=2#i-membre-2" "$(post "$t0" -d _action=add:membre -d 'prenom[0]=Alice' -d 'age[0]=45' \
	-d 'sexe[0]=f' -d 'prenom[1]=Bruno' -d 'age[1]=17' -d 'sexe[1]=h')"
get "$t0"
contains "Alice kept" "$scratch/page" 'name="prenom[0]" value="Alice"'
contains "Bruno kept" "$scratch/page" 'name="prenom[1]" value="Bruno"'
contains "her choice kept" "$scratch/page" 'name="sexe[0]" value="f" checked'
contains "structure carried" "$scratch/page" 'name="_n" value="membre:3 mandat[0]:0 mandat[1]:0 mandat[2]:0"'
# relevance and piping per member: Alice (45) has an office, Bruno (17) none
contains "piping in an instance" "$scratch/page" 'Fonction de Alice au bureau'
lacks "not relevant for a minor" "$scratch/page" 'name="fonction[1]"'

# --- an answer typed wrong when adding is shown with its error, not lost
expect "add with a wrong age" 200 "$(post "$t0" -d _action=add:mandat[0] -d 'prenom[0]=Alice' -d 'age[0]=45' \
	-d 'prenom[1]=Bruno' -d 'age[1]=17' -d 'prenom[2]=Chloé' -d 'age[2]=douze')"
contains "the wrong age shown" "$scratch/body" 'name="age[2]" value="douze"'
contains "its error named by member" "$scratch/body" '<a href="#f-age-2">Membre 3 — Âge : Écrivez un nombre entier'
lacks "a blank one is not yet wrong" "$scratch/body" 'Membre 1 — Prénom'
contains "the term added meanwhile" "$scratch/body" '<legend class="instance-title">Mandat 1</legend>'
contains "nested path" "$scratch/body" 'name="debut[0][0]"'
cp "$scratch/body" "$scratch/page"

# --- errors on "next", per member, with links to the fields
expect "next with errors" 200 "$(post "$t0" -d _action=next -d 'prenom[0]=Alice' -d 'age[0]=45' \
	-d 'prenom[1]=' -d 'age[1]=17' -d 'prenom[2]=Chloé' -d 'age[2]=120' -d 'debut[0][0]=1850')"
contains "required in member 2" "$scratch/body" '<a href="#f-prenom-1">Membre 2 — Prénom : Cette question est obligatoire.</a>'
contains "constraint message in member 3" "$scratch/body" "<a href=\"#f-age-2\">Membre 3 — Âge : L&#39;âge va de 16 à 110 ans.</a>"
contains "nested error" "$scratch/body" '<a href="#f-debut-0-0">Membre 1 — Mandat 1 — Année de début : '
contains "error beside its field" "$scratch/body" 'id="e-prenom-1"'
cp "$scratch/body" "$scratch/page"

# --- forged paths and buttons: refused, nothing changed
for f in 'prenom[3]=X' 'prenom[01]=X' 'prenom[-1]=X' 'prenom[99999999999999999999]=X' 'prenom[0][0]=X' \
	'prenom[0=X' 'asso[0]=X' 'nope[0]=X' 'debut[0][1]=1990' 'debut[1][0]=1990' 'prenom[0].x=X'; do
	expect "forged field $f" 400 "$(post "$t0" -d _action=next -d "$f")"
done
for a in remove:membre[3] remove:membre add:membre[0] add:mandat add:mandat[7] remove:mandat[0][1] \
	add:prenom add:asso remove:membre[0]x 'add:membre ' add:nope; do
	expect "forged button $a" 400 "$(post "$t0" -d "_action=$a")"
done
get "$t0"
contains "nothing changed" "$scratch/page" 'name="_n" value="membre:3 mandat[0]:1 mandat[1]:0 mandat[2]:0"'

# --- remove member 2: Chloé becomes member 2, her answers with her
cp "$scratch/page" "$scratch/old-tab"
expect "remove member 2" "303?page=2#q-membre" "$(post "$t0" -d _action=remove:membre[1] -d 'prenom[0]=Alice' \
	-d 'age[0]=45' -d 'sexe[0]=f' -d 'prenom[1]=Bruno' -d 'age[1]=17' -d 'prenom[2]=Chloé' -d 'age[2]=33' \
	-d 'sexe[2]=f' -d 'debut[0][0]=2019')"
get "$t0"
contains "Chloé is member 2" "$scratch/page" 'name="prenom[1]" value="Chloé"'
contains "with her age" "$scratch/page" 'name="age[1]" value="33"'
lacks "Bruno gone" "$scratch/page" 'Bruno'
contains "Alice's term kept" "$scratch/page" 'name="debut[0][0]" value="2019"'

# --- another tab, still showing three members, removes one: not applied
cp "$scratch/page" "$scratch/now"
cp "$scratch/old-tab" "$scratch/page"
expect "a remove from an older tab" 409 "$(post "$t0" -d _action=remove:membre[0] -d 'prenom[0]=Zed')"
contains "says so" "$scratch/body" 'Cette page a été modifiée dans une autre fenêtre'
contains "shows the page as it is" "$scratch/body" 'name="prenom[1]" value="Chloé"'
get "$t0"
contains "both members still there" "$scratch/page" 'name="prenom[0]" value="Alice"'
contains "both members still there (2)" "$scratch/page" 'name="prenom[1]" value="Chloé"'

# --- a draft resumed: a new visit of the link shows the members
expect "save for later" 200 "$(post "$t0" -d _action=save -d 'prenom[0]=Alice' -d 'age[0]=45' -d 'sexe[0]=f' \
	-d 'prenom[1]=Chloé' -d 'age[1]=33' -d 'sexe[1]=f' -d 'debut[0][0]=2019')"
get "$t0"
contains "resumed on the members' page" "$scratch/page" 'name="prenom[1]" value="Chloé"'

# --- the review lists each member's answers under its number, then submit
expect "to the review" "303?page=3" "$(post "$t0" -d _action=next -d 'prenom[0]=Alice' -d 'age[0]=45' -d 'sexe[0]=f' \
	-d 'fonction[0]=Présidente' -d 'prenom[1]=Chloé' -d 'age[1]=33' -d 'sexe[1]=f' -d 'debut[0][0]=2019')"
get "$t0"
contains "an aggregate over the members" "$scratch/page" 'Le bureau compte 2 membres.'
expect "past the closing note" "303?page=5" "$(post "$t0" -d _action=next)"
get "$t0"
contains "review page" "$scratch/page" '<h1>Vérifiez vos réponses</h1>'
contains "member 1 under its number" "$scratch/page" '<h3>Membre 1</h3>'
contains "member 2 under its number" "$scratch/page" '<h3>Membre 2</h3>'
contains "an answer of member 2" "$scratch/page" '<div class="answer" id="a-prenom-1"><dt>Prénom</dt><dd>Chloé</dd>'
contains "her choice's label" "$scratch/page" '<div class="answer" id="a-sexe-1"><dt>Sexe</dt><dd>Femme</dd>'
contains "a term of member 1" "$scratch/page" '<h4>Mandat 1</h4>'
contains "piping on the review" "$scratch/page" '<dt>Fonction de Alice au bureau</dt><dd>Présidente</dd>'
expect "submit" 303 "$(post "$t0" -d _action=submit)"
get "$t0"
contains "thanks" "$scratch/page" 'Merci'

# --- English
get "$t1"
post "$t1" -d _action=next -d asso=X -d _lang=en >/dev/null
curl -s -o "$scratch/page" "$base/r/$t1?lang=en"
contains "English add" "$scratch/page" '>Add: Member</button>'
post "$t1" -d _action=add:membre >/dev/null
curl -s -o "$scratch/page" "$base/r/$t1?lang=en"
contains "English remove" "$scratch/page" '>Remove<span class="visually-hidden"> : Member 1</span>'

# --- a repeat_count: as many members as the answer says, no buttons
get "$fixed"
expect "the count's page" "303?page=2" "$(post "$fixed" -d _action=next -d nmembres=2)"
get "$fixed"
contains "the number said" "$scratch/page" 'Nombre fixé par vos réponses : 2'
contains "two members" "$scratch/page" 'name="_n" value="membres:2 mandats[0]:0 mandats[1]:0"'
lacks "no add button" "$scratch/page" 'value="add:membres"'
lacks "no remove button" "$scratch/page" 'value="remove:membres'
expect "a forged add" 400 "$(post "$fixed" -d _action=add:membres)"
expect "a forged remove" 400 "$(post "$fixed" -d _action=remove:membres[0])"
contains "the nested open repeat has its button" "$scratch/page" 'value="add:mandats[1]">Ajouter : Mandats<span class="visually-hidden"> (Membres du conseil 2)</span>'

# --- the bound: 1,000 clicks on "add" leave 8 members
get "$t2"
post "$t2" -d _action=next -d asso=X >/dev/null
get "$t2"
# (a client in Python: 2,000 requests through curl take minutes on a busy machine)
start=$(date +%s)
python3 - "$base" "$t2" >"$scratch/clicks" <<'EOF'
import http.client, re, sys, urllib.parse
base, token = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(base)
c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
codes = {}
for _ in range(1000):
    c.request('GET', '/r/' + token)
    page = c.getresponse().read().decode()
    fields = dict(re.findall(r'name="(_csrf|_page|_lang|_shown|_n)" value="([^"]*)"', page))
    fields['_action'] = 'add:membre'
    c.request('POST', '/r/' + token, urllib.parse.urlencode(fields),
              {'Content-Type': 'application/x-www-form-urlencoded'})
    r = c.getresponse()
    r.read()
    codes[r.status] = codes.get(r.status, 0) + 1
print(' '.join('%d:%d' % kv for kv in sorted(codes.items())))
EOF
expect "1,000 clicks: 8 added, the others refused" "303:8 400:992" "$(cat "$scratch/clicks")"
get "$t2"
contains "max_count holds" "$scratch/page" 'name="_n" value="membre:8 '
contains "the bound reached" "$scratch/page" 'Le nombre maximum est atteint'
lacks "no add button at the bound" "$scratch/page" 'value="add:membre"'
elapsed=$(($(date +%s) - start))
[ "$elapsed" -lt 120 ] && ok || ko "1,000 clicks took ${elapsed} s"

# --- 10,000 path fields in one POST: refused by size, the server stays up
many=$(for i in $(seq 10000); do printf 'prenom[0]=%d&' "$i"; done)
expect "10,000 path fields" 413 "$(printf '%s' "$many" | post "$t2" --data-binary @-)"
expect "still serving" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/r/$t2")"

# --- anonymous: a removed member's answer leaves no byte in the workspace
get "$anon"
post "$anon" -d _action=next -d asso=X >/dev/null
get "$anon"
post "$anon" -d _action=add:membre >/dev/null
get "$anon"
post "$anon" -d _action=add:membre -d 'prenom[0]=Quetzalcoatl-Secret' -d 'age[0]=50' >/dev/null
get "$anon"
post "$anon" -d _action=remove:membre[0] -d 'prenom[0]=Quetzalcoatl-Secret' -d 'age[0]=50' \
	-d 'prenom[1]=Yolande-Kept' -d 'age[1]=40' >/dev/null
get "$anon"
lacks "removed from the page" "$scratch/page" 'Quetzalcoatl'
expect "anonymous to the review" "303?page=3" "$(post "$anon" -d _action=next -d 'prenom[0]=Yolande-Kept' -d 'age[0]=40')"
get "$anon"
post "$anon" -d _action=next >/dev/null
get "$anon"
expect "anonymous submit" 303 "$(post "$anon" -d _action=submit)"
[ "$(copies "$scratch/w.db" Yolande-Kept)" -ge 1 ] && ok || ko "the kept member's answer is not in w.db"
expect "the removed member's answer: no byte in w.db" 0 "$(copies "$scratch/w.db" Quetzalcoatl)"
expect "nor in w.db-wal" 0 "$(copies "$scratch/w.db-wal" Quetzalcoatl)"

finish
