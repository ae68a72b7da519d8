#!/usr/bin/env bash
# HTTP tests of the follow-up pages /admin of 'utilis serve', with curl
# against the real server on a real workspace: what the union's staff read
# (French dates in Paris time, answers by their labels, tables that scroll
# rather than break words), the downloads (a ';' CSV with a BOM, an XLSX
# workbook, the CSV files of a survey with repeats in a zip), the jury's
# progress per juror and the people to remind.
#
#   tests/http/admin.sh PATH/TO/utilis
#
# Prints "http admin tests: N passed, M failed".
. "$(dirname "$0")/lib.sh" "http admin tests" "$1"
ed="$top/tests/data/prize/edition.yaml"
http_auth="x:$admin_pw"

# --- a workspace: essai (anonymous) with two answers and three invited
# --- people, one of whom asked for no more e-mail; conseil (repeats) with
# --- its three boards; the prize's test edition with two jurors
q init
q survey load "$top/tests/data/good/essai.yaml" "$top/tests/data/good/conseil.yaml" \
	"$top/tests/data/prize/candidature.yaml" "$top/tests/data/prize/grille.yaml"
cat >"$scratch/essai.csv" <<'EOF'
_id,_group,_submitted_at,age,ecoute,seul,aides,note
a1,accueil,2026-07-01T12:05:00Z,34,3,1,repas logement,8
a2,accueil,2026-12-06T13:05:00Z,58,1,2,repas,5
EOF
q responses import essai "$scratch/essai.csv" 2>/dev/null
printf 'name,email,group\nAnne Martin,anne.martin@example.org,accueil\nPaul Durand,paul.durand@example.org,hebergement\nZoé Lenoir,zoe@example.org,accueil\n' \
	>"$scratch/contacts.csv"
q invite essai --from "$scratch/contacts.csv" >/dev/null
q invite essai --count 2 >/dev/null
sqlite3 "$UTILIS_DB" "INSERT INTO mail_stop(email, reason, at) VALUES ('zoe@example.org', 'optout', '2026-01-01T00:00:00Z')" 2>/dev/null ||
	ko "cannot record Zoé's opt-out (mail_stop)"
(cd "$top/tests/data/repeats" && "$bin" -q responses import conseil conseil.csv)
q responses import candidature "$top/tests/data/prize/candidates.csv"
q jury add "$ed" --name "Anne Martin" --email anne@example.org --organisation "FACE Loire" >/dev/null
q jury add "$ed" --name "Bruno Caron" --email bruno@example.org >/dev/null
q jury assign "$ed" --per-candidate 2 --seed 1 >/dev/null 2>&1

serve_start --admin-secret-file "$secret" --edition "$ed"

# --- the overview: tables in a scrolling region, numbers kept whole, the jury
expect "overview" 200 "$(code "$base/admin")"
contains "tables scroll" "$scratch/body" '<div class="table-scroll" role="region" tabindex="0" aria-label="Questionnaires">'
contains "counts are numbers kept whole" "$scratch/body" '<td class="num">'
contains "an XLSX link" "$scratch/body" '<a href="admin/essai.xlsx">XLSX</a>'
contains "the jury's progress" "$scratch/body" '<h2>Jury « '
contains "a juror's row" "$scratch/body" '<tr><th scope="row">Anne Martin</th><td>FACE Loire</td>'
contains "nobody has sent their marks" "$scratch/body" '0 juré sur 2 a envoyé leurs notes.'
contains "not yet" "$scratch/body" '<td>pas encore</td>'
expect "Anne's candidates" 1 "$(grep -c '<tr><th scope="row">Anne Martin</th><td>FACE Loire</td><td class="num">[1-9]</td><td class="num">0</td><td class="num">0</td><td>pas encore</td></tr>' "$scratch/body")"

# --- one survey: Paris dates in French, labels, the people to remind
expect "survey page" 200 "$(code "$base/admin/essai")"
contains "summer time" "$scratch/body" '1 juil. 2026 14:05'
contains "winter time" "$scratch/body" '6 déc. 2026 14:05'
lacks "no UTC ISO time" "$scratch/body" '2026-07-01T12:05:00Z'
contains "a choice by its label" "$scratch/body" '<td>Oui</td>'
contains "several choices by their labels" "$scratch/body" '<td>Repas; Logement</td>'
lacks "not by its code" "$scratch/body" '<td>repas logement</td>'
contains "two people to remind" "$scratch/body" '<h2>À relancer (2)</h2>'
contains "Anne is to remind" "$scratch/body" '<tr><td>Anne Martin</td><td>anne.martin@example.org</td><td>accueil</td><td>pas commencé</td>'
lacks "Zoé asked for no more e-mail" "$(sed -n '/À relancer/,/Liens envoyés/p' "$scratch/body" >"$scratch/remind"; echo "$scratch/remind")" 'Zoé Lenoir'
contains "...and it says so" "$scratch/body" '1 personne a demandé à ne plus recevoir de courriel'
contains "links naming nobody" "$scratch/body" '2 liens sans nom ni courriel'
contains "anonymity promise" "$scratch/body" 'jamais qui a répondu quoi'

# --- the CSV: ';', a BOM, as French Excel opens it
expect "CSV" 200 "$(code "$base/admin/essai.csv")"
expect "CSV starts with a BOM and uses ';'" "$(printf '\357\273\277')_id;_group;_wave;_submitted_at;age" \
	"$(head -c 40 "$scratch/body" | head -1 | cut -d';' -f1-5)"
contains "CSV file name" "$scratch/head" 'filename="essai-v1.csv"'

# --- the XLSX workbook, through report/export.h
expect "XLSX" 200 "$(code "$base/admin/essai.xlsx")"
contains "XLSX type" "$scratch/head" 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
contains "XLSX file name" "$scratch/head" 'filename="essai-v1.xlsx"'
cp "$scratch/body" "$scratch/essai.xlsx"
expect "XLSX rows" "a1 a2" "$(/usr/bin/python3 - "$scratch/essai.xlsx" <<'EOF' 2>&1
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[1]]
i = head.index("_id")
print(" ".join(str(r[i].value) for r in ws.iter_rows(min_row=2)))
EOF
)"

# --- a survey with repeats: its CSV files in a zip, its workbook a sheet per repeat
expect "the CSV of a survey with repeats sends to its zip" 303 "$(code "$base/admin/conseil.csv")"
contains "...named" "$scratch/head" 'conseil.zip?version=1'
expect "zip" 200 "$(code "$base/admin/conseil.zip?version=1")"
contains "zip type" "$scratch/head" 'Content-Type: application/zip'
expect "the zip's files" "conseil-mandats.csv conseil-membres.csv conseil.csv" \
	"$(/usr/bin/python3 -c 'import sys, zipfile; print(" ".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' "$scratch/body")"
expect "the members' file, neutralised" 1 "$(/usr/bin/python3 -c '
import sys, zipfile
t = zipfile.ZipFile(sys.argv[1]).read("conseil-membres.csv").decode("utf-8-sig")
print(int(t.startswith("_id;_index") and "\"'"'"'=HYPERLINK(" in t))' "$scratch/body")"
expect "XLSX of a survey with repeats" 200 "$(code "$base/admin/conseil.xlsx")"
cp "$scratch/body" "$scratch/conseil.xlsx"
expect "a sheet per repeat" "membres mandats" "$(/usr/bin/python3 -c '
import sys, openpyxl; print(" ".join(n for n in openpyxl.load_workbook(sys.argv[1]).sheetnames if n in ("membres", "mandats")))' "$scratch/conseil.xlsx" 2>&1)"
expect "no zip for a survey without repeats" 404 "$(code "$base/admin/essai.zip")"
expect "nothing left in the temporary directory" "" "$(ls -A "$scratch/tmp")"
lacks "no error logged" "$scratch/serve.err" "admin download"

# --- past 10 wrong passwords from one address: the refusal, French unless
# --- ?lang=en, and no link (no form to go back to)
for i in $(seq 10); do code "$base/admin" -u "x:wrong $i" --interface 127.0.0.8 >/dev/null; done
expect "admin: the 11th wrong password refused" 429 "$(code "$base/admin" -u "x:wrong 11" --interface 127.0.0.8)"
contains "429 on /admin: in French" "$scratch/body" '<h1>Trop de demandes</h1>'
retry_says "429 on /admin: when to come back" fr
lacks "429 on /admin: no link" "$scratch/body" '<a class="button"'
expect "admin: refused in English" 429 "$(code "$base/admin?lang=en" -u "x:wrong 12" --interface 127.0.0.8)"
contains "429 on /admin: in English" "$scratch/body" '<h1>Too many requests</h1>'
retry_says "429 on /admin: when to come back, in English" en
lacks "429 on /admin: no link in English either" "$scratch/body" '<a class="button"'

finish
