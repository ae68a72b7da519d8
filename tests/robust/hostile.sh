#!/usr/bin/env bash
# Hostile input: attacks on the web server and the importers, each answered
# with a clear refusal and nothing stored — or, for data that is merely
# strange (markup, SQL), stored exactly as given and shown escaped.
#
#   tests/robust/hostile.sh PATH/TO/utilis
#
# tests/http/run.sh already checks: an answer with a script escaped on the
# review and admin pages, unknown and malformed links (404), the anti-forgery
# token, oversized bodies and fields, too many fields, content types.  Here:
#  - markup in every text of a questionnaire (tests/robust/hostile.yaml) and
#    in every answer, shown escaped on every page, the admin pages included;
#  - SQL metacharacters in every value (answers, contacts, imported ids,
#    groups, waves): stored verbatim, nothing else touched;
#  - path traversal, very long URLs, headers and tokens;
#  - invalid UTF-8, NUL bytes and huge numbers in posted fields;
#  - very long CSV fields and answers, deeply nested YAML, a YAML alias bomb
#    in an indicator set, a definition over the size limit, an XLSForm zip
#    bomb and an XML entity bomb.
# Prints "hostile tests: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-hostile.XXXXXX")
server_pid=
cleanup() {
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
contains() { if grep -qF -- "$3" "$2"; then ok; else ko "$1: '$3' not in $2:"; head -c 600 "$2"; echo; fi; }
lacks() { if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $2"; else ok; fi; }
absent() { if [ -e "$2" ]; then ko "$1: '$2' exists"; else ok; fi; }
# escaped NAME FILE: none of the markup of hostile.yaml or of the answers came through raw
escaped() {
	local m
	for m in '<script' '<img' '<iframe' '<svg' '<style' '<meta http-equiv' '<b onmouseover' \
		"<a href='javascript" '</label><img'; do
		lacks "$1: no raw $m" "$2" "$m"
	done
}
q() { "$bin" -q "$@"; }
code() { # URL [curl args...]: the HTTP status; body in body, headers in head
	local url=$1
	shift
	curl -s -o body -D head -w '%{http_code}' "$@" "$url"
}
csrf() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }
status_of() { q invite "$1" --list | grep "/r/$2\$" | cut -d, -f4; }
nrows() { sqlite3 "$UTILIS_DB" "SELECT count(*) FROM respondent"; }

q init
q survey load "$top/tests/robust/hostile.yaml"
q survey load "$top/tests/data/good/essai.yaml"
sql="Robert'); DROP TABLE respondent; --"
printf 'name,email,group,wave\n"%s",bob@example.org,"<script>alert(10)</script>","1 OR 1=1"\n"<img src=x onerror=alert(11)>",eve@example.org,"\x27; DELETE FROM invitation; --",2025\n' \
	"$sql" >contacts.csv
q invite hostile --from contacts.csv >links.csv
expect "contacts with markup and SQL: two links" 3 "$(wc -l <links.csv)"
expect "contacts stored verbatim" "$sql" "$(sqlite3 "$UTILIS_DB" "SELECT name FROM invitation WHERE email = 'bob@example.org'")"
t1=$(sed -n '2s#.*/r/##p' links.csv)
t2=$(sed -n '3s#.*/r/##p' links.csv)
q invite essai --count 3 >links2.csv
e1=$(sed -n '2s#.*/r/##p' links2.csv)
e2=$(sed -n '3s#.*/r/##p' links2.csv)
printf 'hostile tests admin secret!\n' >secret

"$bin" serve --listen 127.0.0.1:0 --admin-secret-file secret >serve.out 2>serve.err &
server_pid=$!
for _ in $(seq 50); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' serve.out)
[ -n "$base" ] || { cat serve.out serve.err; echo "hostile tests: 0 passed, 1 failed"; exit 1; }
admin=(-u "x:hostile tests admin secret!")

# --- markup in every text of the questionnaire, and in every answer -----------
expect "hostile survey: page" 200 "$(code "$base/r/$t1")"
escaped "page (fr)" body
contains "title shown escaped" body "&lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt;"
c=$(csrf body)
expect "hostile survey: page (en)" 200 "$(code "$base/r/$t1?lang=en")"
escaped "page (en)" body
contains "attribute breakout shown escaped" body "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
expect "required message page" 200 "$(code "$base/r/$t1" -d "_csrf=$c&_page=0&_lang=fr&_shown=nom+age+accord&_action=next&age=12")"
escaped "required and constraint messages" body
contains "required message escaped" body "&lt;script&gt;alert(&#39;obligatoire&#39;)&lt;/script&gt;"
contains "constraint message escaped" body "&lt;script&gt;alert(&#39;contrainte&#39;)&lt;/script&gt;"
answer="<script>alert(12)</script>\"><img src=x onerror=alert(13)> $sql"
expect "answers with markup and SQL" 303 "$(code "$base/r/$t1" --data-urlencode "_csrf=$c" -d "_page=0&_lang=fr&_shown=nom+age+accord&_action=next&age=30&accord=non" --data-urlencode "nom=$answer")"
code "$base/r/$t1" >/dev/null
escaped "note page" body
code "$base/r/$t1" -d "_csrf=$(csrf body)&_page=1&_lang=fr&_shown=fin&_action=next" >/dev/null
expect "review page" 200 "$(code "$base/r/$t1")"
escaped "review page" body
contains "answer escaped on review" body "&lt;script&gt;alert(12)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(13)&gt; Robert&#39;); DROP TABLE respondent; --"
pr=$(grep -o 'name="_page" value="[0-9]*"' body | grep -o '[0-9]*')
expect "submit" 303 "$(code "$base/r/$t1" -d "_csrf=$(csrf body)&_page=$pr&_lang=fr&_action=submit")"
expect "thank-you page" 200 "$(code "$base/r/$t1")"
escaped "thank-you page" body
q responses export hostile -o export.csv
expect "answer stored verbatim" "$answer" "$(/usr/bin/python3 -c 'import csv; print(next(csv.DictReader(open("export.csv")))["nom"])')"
expect "the tables are all there" 5 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM sqlite_schema WHERE name IN ('respondent','invitation','survey_version','audit','secret')")"
expect "admin page" 200 "$(code "$base/admin" "${admin[@]}")"
escaped "admin page" body
expect "admin survey page" 200 "$(code "$base/admin/hostile" "${admin[@]}")"
escaped "admin survey page" body
contains "contact name escaped on the admin page" body "Robert&#39;); DROP TABLE respondent; --"
contains "contact group escaped on the admin page" body "&lt;script&gt;alert(10)&lt;/script&gt;"
expect "admin CSV" 200 "$(code "$base/admin/hostile.csv" "${admin[@]}")"
contains "admin CSV keeps the answer" body "<img src=x onerror=alert(13)> $sql"
# a formula in an answer is defused in the CSV a spreadsheet opens
code "$base/r/$t2" >/dev/null
formula="=HYPERLINK(\"http://evil.example\",\"x\")"
code "$base/r/$t2" --data-urlencode "_csrf=$(csrf body)" -d "_page=0&_lang=fr&_shown=nom+age+accord&_action=next&age=40" --data-urlencode "nom=$formula" >/dev/null
code "$base/r/$t2" >/dev/null
code "$base/r/$t2" -d "_csrf=$(csrf body)&_page=1&_lang=fr&_shown=fin&_action=next" >/dev/null
code "$base/r/$t2" >/dev/null
code "$base/r/$t2" -d "_csrf=$(csrf body)&_page=$(grep -o 'name="_page" value="[0-9]*"' body | grep -o '[0-9]*')&_lang=fr&_action=submit" >/dev/null
code "$base/admin/hostile.csv" "${admin[@]}" >/dev/null
contains "formula defused in the admin CSV" body "\"'=HYPERLINK("

# an answer not UTF-8 copied by a calculation: the workspace refused the whole
# draft and the respondent got the 409 'already submitted' page (tests/fuzz/fuzz_form)
t3=$(q invite hostile --count 1 | sed -n '2s#.*/r/##p')
code "$base/r/$t3" >/dev/null
expect "an answer not UTF-8 copied by a calculation" 200 "$(code "$base/r/$t3" -d "_csrf=$(csrf body)&_page=0&_lang=fr&_shown=nom+age+accord&_action=next&age=30&nom=Ren%E9")"
contains "an answer not UTF-8 copied by a calculation: refused" body 'id="e-nom"'
expect "an answer not UTF-8 copied by a calculation: the rest saved" started "$(status_of hostile "$t3")"

# --- paths, long URLs and headers ------------------------------------------------
for p in "/static/../../../../etc/passwd" "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd" \
	"/static/..%2f..%2f..%2fetc%2fpasswd" "/r/..%2f..%2fetc%2fpasswd" "/admin/..%2f..%2f..%2fetc%2fpasswd" \
	"//etc/passwd" "/static/utilis.css%00.html" "/static/utilis.css/../../../etc/passwd" \
	"/r/$e1/../../admin" "/static/%252e%252e/etc/passwd" "/o/../../etc/passwd"; do
	st=$(code "$base$p" --path-as-is "${admin[@]}")
	case $st in 400|401|404) ok ;; *) ko "path $p: status $st" ;; esac
	lacks "path $p: no file of the system" body "root:"
done
long=$(head -c 100000 /dev/zero | tr '\0' a)
st=$(code "$base/r/$long")
case $st in 404|414|431) ok ;; *) ko "100 KB URL: status $st" ;; esac
st=$(code "$base/r/$e1" -H "X-Long: $long")
case $st in 400|413|431) ok ;; *) ko "100 KB header: status $st" ;; esac
expect "a 5,000-character token" 404 "$(code "$base/r/$(head -c 5000 /dev/zero | tr '\0' A)")"
expect "a token with a NUL byte" 404 "$(code "$base/r/$e1%00")"
expect "a token not UTF-8" 404 "$(code "$base/r/%FF%FE$e1")"
expect "the server is still up" 200 "$(code "$base/r/$e1")"

# --- posted fields: invalid UTF-8, NUL bytes, huge numbers -------------------------
c=$(csrf body)
code "$base/r/$e1" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=30" >/dev/null
code "$base/r/$e1" >/dev/null
c1=$(csrf body)
expect "text with a NUL byte" 200 "$(code "$base/r/$e1" -d "_csrf=$c1&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre&aides_autre=abc%00def")"
contains "text with a NUL byte: refused" body 'id="e-aides_autre"'
expect "text with a NUL byte: not kept, not cut" "" "$(sqlite3 "$UTILIS_DB" "SELECT instr(CAST(draft AS TEXT), 'abc') FROM invitation WHERE token = '$e1' AND instr(CAST(draft AS TEXT), 'abc') > 0")"
expect "text not UTF-8" 200 "$(code "$base/r/$e1" -d "_csrf=$c1&_page=1&_lang=fr&_shown=ecoute+seul+aides+aides_autre+priorites+note+budget&_action=next&aides=autre&aides_autre=abc%FF%FEdef")"
contains "text not UTF-8: refused" body 'id="e-aides_autre"'
# the same, for a follow-up question that the page did not show yet: it used to
# make the workspace refuse the whole draft, and the server answered 409
expect "text not UTF-8 in a question not shown yet" 200 "$(code "$base/r/$e1" -d "_csrf=$c1&_page=1&_lang=fr&_shown=ecoute+seul+aides+priorites+note+budget&_action=next&aides=autre&aides_autre=abc%FFdef")"
contains "question not shown yet: the page again, with it" body 'name="aides_autre"'
expect "question not shown yet: the rest of the page saved" 1 "$(sqlite3 "$UTILIS_DB" "SELECT instr(CAST(draft AS TEXT), 'autre') > 0 FROM invitation WHERE token = '$e1'")"
expect "question not shown yet: draft saved" started "$(status_of essai "$e1")"
for v in "age=99999999999999999999999" "age=-0x10" "age=1e400" "budget=1e999" "budget=-1e308" "note=1e308" "note=NaN" "budget=Infinity"; do
	page=1
	case $v in age=*) page=0; cc=$c; shown="age+arrivee" ;; *) cc=$c1; shown="ecoute+seul+aides+priorites+note+budget" ;; esac
	expect "huge number $v" 200 "$(code "$base/r/$e1" -d "_csrf=$cc&_page=$page&_lang=fr&_shown=$shown&_action=next&$v")"
	contains "huge number $v: refused" body "id=\"e-${v%%=*}\""
done
long=$(head -c 20000 /dev/zero | tr '\0' x)
st=$(code "$base/r/$e1" -d "$long=1&_page=0")
case $st in 403|413|415) ok ;; *) ko "a field name of 20 KB: status $st" ;; esac
expect "the server is still up after the fields" 200 "$(code "$base/r/$e2")"

# --- importers -------------------------------------------------------------------
printf '_id,_group,_wave,age,aides,aides_autre\n"%s","<script>alert(14)</script>","1; DELETE FROM respondent",30,autre,"<script>alert(15)</script> %s"\n' \
	"$sql" "$sql" >sql.csv
q responses import essai sql.csv 2>/dev/null
expect "import of markup and SQL: stored verbatim" "$sql|<script>alert(14)</script>|1; DELETE FROM respondent" \
	"$(sqlite3 "$UTILIS_DB" "SELECT ext_id, grp, wave FROM respondent WHERE ext_id IS NOT NULL")"
n=$(nrows)
/usr/bin/python3 -c 'import sys; sys.stdout.write("_id,age,aides,aides_autre\nx1,30,autre,\"" + "y" * 40000 + "\"\n")' >long.csv
"$bin" responses import essai long.csv >out 2>err
expect "a 40 KB answer: refused" 65 $?
contains "a 40 KB answer: says why" err "long.csv:2:4: error: 'aides_autre': the answer is 40000 bytes long: an answer holds at most 32767"
/usr/bin/python3 -c 'import sys; sys.stdout.write("_id,age,aides,aides_autre\nx1,30,autre,\"" + "y" * 3000000 + "\n")' >unclosed.csv
"$bin" responses import essai unclosed.csv >out 2>err
expect "an unclosed quote in a 3 MB file: refused" 65 $?
contains "an unclosed quote in a 3 MB file: says why" err "unclosed.csv:2:4: error: a field longer than 1 MB: is a quote not closed?"
printf '_id,age,budget,note\nh1,99999999999999999999,1,1\nh2,30,1e309,1\nh3,30,1,1e308\nh4,30,-0.0e0,1\n' >huge.csv
"$bin" responses import essai huge.csv >out 2>err
expect "huge numbers: refused" 65 $?
contains "huge numbers: the whole number" err "huge.csv:2:2: error: 'age': '99999999999999999999' is not a whole number"
contains "huge numbers: the decimal" err "huge.csv:3:3: error: 'budget': '1e309' is not a number"
contains "huge numbers: the range" err "huge.csv:4:4:"
expect "nothing imported from the refused files" "$n" "$(nrows)"
printf 'name,email\n"%s",a@example.org\n' "$(head -c 600 /dev/zero | tr '\0' n)" >contacts-long.csv
"$bin" invite essai --from contacts-long.csv >out 2>err
expect "a 600-character contact name: refused" 65 $?
printf 'name,email\nAnne\x00X,anne@example.org\n' >contacts-nul.csv
"$bin" invite essai --from contacts-nul.csv >out 2>err
expect "a contact with a NUL byte: refused" 65 $?
contains "refused contacts: no link" err "no link was created"

# --- definitions -----------------------------------------------------------------
{ printf 'form_id: profond\nversion: 1\ntitle: '; for _ in $(seq 5000); do printf '['; done; for _ in $(seq 5000); do printf ']'; done; echo; } >deep.yaml
"$bin" survey check deep.yaml >out 2>err
expect "YAML nested 5,000 deep: refused" 65 $?
contains "YAML nested 5,000 deep: says why" err "definition nested too deeply"
cat >bomb-indicators.yaml <<'EOF'
indicators: bombe
survey: essai
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
EOF
"$bin" indicators check bomb-indicators.yaml >out 2>err
expect "billion laughs in an indicator set: refused" 65 $?
contains "billion laughs in an indicator set: says why" err "alias"
{ printf 'form_id: gros\nversion: 1\ntitle: "'; head -c 17000000 /dev/zero | tr '\0' x; printf '"\n'; } >big.yaml
"$bin" survey load big.yaml >out 2>err
expect "a 17 MB definition: refused" 65 $?
contains "a 17 MB definition: says why" err "is too large"
expect "definitions refused: nothing loaded" 2 "$(sqlite3 "$UTILIS_DB" "SELECT count(*) FROM survey_version")"

# an XLSForm zip bomb: a sheet that inflates to 100 MB from 100 KB
/usr/bin/python3 - "$top/tests/data/xlsform/yes_or_no_question.xlsx" <<'EOF'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
with zipfile.ZipFile("bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for it in src.infolist():
        data = src.read(it.filename)
        if it.filename == "xl/worksheets/sheet1.xml":
            with out.open("xl/worksheets/sheet1.xml", "w") as f:
                i = data.index(b"<sheetData>")
                f.write(data[:i])
                for _ in range(100):
                    f.write(b" " * (1 << 20))
                f.write(data[i:])
        else:
            out.writestr(it.filename, data)
# an XML entity bomb ("billion laughs") in the shared strings
ents = '<!DOCTYPE sst [<!ENTITY a0 "ha">' + "".join(
    '<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 10)) + "]>"
with zipfile.ZipFile("laughs.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
    for it in src.infolist():
        data = src.read(it.filename)
        if it.filename == "xl/sharedStrings.xml":
            d = data.decode()
            i = d.index("?>") + 2
            data = (d[:i] + ents + d[i:].replace("<t>", "<t>&a9;", 1)).encode()
        out.writestr(it.filename, data)
EOF
"$bin" survey import-xlsform bomb.xlsx -o bomb.yaml >out 2>err
expect "XLSForm zip bomb: refused" 65 $?
contains "XLSForm zip bomb: says why" err "'xl/worksheets/sheet1.xml' of the workbook inflates to 100 MB: more than a questionnaire holds (32 MB a part, 64 MB in all); is it a zip bomb?"
absent "XLSForm zip bomb: nothing written" bomb.yaml
"$bin" survey import-xlsform laughs.xlsx -o laughs.yaml >out 2>err
expect "XLSForm entity bomb: refused" 65 $?
contains "XLSForm entity bomb: says why" err "limit on input amplification factor"
absent "XLSForm entity bomb: nothing written" laughs.yaml

kill -TERM "$server_pid"
wait "$server_pid"
server_pid=
expect "workspace intact" ok "$(sqlite3 "$UTILIS_DB" "PRAGMA integrity_check")"
# libmicrohttpd logs the requests it refused itself (the 100 KB URL and header)
if grep -v 'HTTP response code is 41[34]\|HTTP response code is 431' serve.err | grep -q .; then
	ko "the server printed errors:"
	cat serve.err
fi

echo "hostile tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
