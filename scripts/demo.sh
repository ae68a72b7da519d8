#!/usr/bin/env bash
# The whole pipeline of utilis on a small regional network, in a fresh
# workspace: what `make demo` runs after installing and building.
#
#   scripts/demo.sh [UTILIS [DIR]]      (default: ./utilis, demo)
#
# Everything goes under DIR (ignored by git), made anew each time:
#   DIR/utilis.db   the workspace: every survey, the answers, the prize jury
#   DIR/out/        what an analyst hands over: reports, exports, results
#   DIR/demo.log    every command run, with its output
#
# The network, its people and the prize's candidates are fictitious; the
# answers are simulated (utilis simulate, fixed seeds), so the same figures
# come out every time.  A progress bar shows on a terminal; otherwise only
# the summary is printed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
utilis=${1:-./utilis}
dir=${2:-demo}
case "$utilis" in /*) ;; */*) utilis=$PWD/${utilis#./} ;; esac
cd "$top"
data=scripts/demo
edition=indicators/prix-2018.yaml
out=$dir/out
work=$dir/work
log=$dir/demo.log
sim=$work/simulation.db		# a scratch workspace where answers are simulated

[ -x "$utilis" ] || { echo "demo: no utilis binary at '$utilis' (run 'make' first)" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$out/exports" "$out/xlsform" "$out/resultats" "$work"
export UTILIS_DB=$dir/utilis.db
: >"$log"
started=$(date +%s%N)

# --- feedback: a bar on a terminal, the log for the details ---------------
nsteps=17
step=0
bar() { # LABEL: the steps before are done, LABEL is being done now
	[ -t 2 ] || { step=$((step + 1)); return 0; }
	local width=30 fill
	fill=$((step * width / nsteps))
	printf '\r[%-*s] %3d%%  %-42.42s' "$width" "$(printf '%*s' "$fill" '' | tr ' ' '=')" \
		$((step * 100 / nsteps)) "$1" >&2
	step=$((step + 1))
}
bar_clear() {
	[ -t 2 ] && printf '\r%78s\r' '' >&2
	return 0
}
fail() {
	bar_clear
	echo "demo: failed: $*" >&2
	echo "--- the end of $log:" >&2
	tail -n 20 "$log" >&2
	exit 1
}
quote() { # ARGS...: as they would be typed
	local a line=
	for a; do
		case $a in
		'' | *[!A-Za-z0-9_./:=,@%+-]*) line+=" \"$a\"" ;;
		*) line+=" $a" ;;
		esac
	done
	printf '%s' "${line# }"
}
u() { # ARGS...: run utilis, its command line and output in the log
	printf '$ utilis %s\n' "$(quote "$@")" >>"$log"
	"$utilis" "$@" >>"$log" 2>&1 || fail "utilis $*"
}
uo() { # FILE ARGS...: run utilis with its standard output into FILE
	local file=$1
	shift
	printf '$ utilis %s > %s\n' "$(quote "$@")" "$file" >>"$log"
	"$utilis" "$@" >"$file" 2>>"$log" || fail "utilis $* > $file"
}
py() { # ARGS...: the demo's data helper
	printf '$ python3 %s/demo.py %s\n' "$data" "$(quote "$@")" >>"$log"
	python3 "$data/demo.py" "$@" >>"$log" 2>&1 || fail "demo.py $*"
}
# Simulate N answers to FORM in the scratch workspace, spread over the
# network's associations (or over two waves), and import them into the
# demo's workspace as an analyst imports a file: checked, all or nothing.
network() { # FORM N SEED PREFIX [WAVES]
	local form=$1 n=$2 seed=$3 prefix=$4 waves=${5:-} groups=8
	[ -n "$waves" ] && groups=2
	u --db "$sim" simulate "$form" --n "$n" --groups "$groups" --seed "$seed"
	u --db "$sim" responses export "$form" -o "$work/$form-simule.csv"
	py rows "$work/$form-simule.csv" "$work/$form.csv" --prefix "$prefix" \
		--network "$data/reseau.csv" ${waves:+--waves "$waves"}
	u responses import "$form" "$work/$form.csv"
}

# --- 1. the questionnaires -------------------------------------------------
bar "surveys"
u init
u survey check surveys/*.yaml
u survey load surveys/*.yaml
u indicators check indicators/*.yaml
u --db "$sim" init
u --db "$sim" survey load surveys/*.yaml

# The prize's applications first: candidates are numbered in the order
# their answers were stored, 1 to 12 here.
u responses import prix-candidature "$data/candidatures.csv"

# --- 1b. axe 4: the pilot group co-constructs the referential --------------
# Fifteen members (scripts/demo/groupe-pilote.csv, 8 from inside the network,
# 7 from outside) rate the candidate indicators of the union's starting
# referential in two Delphi rounds, on paper here (their ratings are made by
# scripts/demo/delphi-ratings.awk); the indicators they keep become an
# indicator set of the stakeholders' survey.  docs/referential.md.
bar "pilot group: two Delphi rounds"
ref=indicators/referentiel-uriopss.yaml
u referential check "$ref"
u delphi start "$ref" --round 1 --yaml "$work/delphi-tour1.yaml"
u invite delphi-uriopss --from "$data/groupe-pilote.csv" -o "$out/liens-groupe-pilote-tour1.csv"
sed -n 's/^ *name: p_//p' "$work/delphi-tour1.yaml" >"$work/delphi-indicateurs.txt"
for round in 1 2; do
	if [ "$round" = 2 ]; then
		u delphi start "$ref" --round 2 -o "$out/liens-groupe-pilote-tour2.csv"
	fi
	printf '$ awk -v round=%s -f %s/delphi-ratings.awk > %s/delphi-tour%s.csv\n' "$round" "$data" "$work" "$round" >>"$log"
	awk -v round="$round" -v members="$data/groupe-pilote.csv" -f "$data/delphi-ratings.awk" \
		"$data/groupe-pilote.csv" "$work/delphi-indicateurs.txt" >"$work/delphi-tour$round.csv" \
		2>>"$log" || fail "delphi-ratings.awk round $round"
	u responses import delphi-uriopss "$work/delphi-tour$round.csv"
done
# After the two rounds the pilot group weighs the six stakes by pairwise
# comparisons (AHP; their comparisons are made by scripts/demo/poids-ahp.awk,
# two members inconsistent): the group's weights go into the indicator set.
u delphi weights "$ref" --method ahp --yaml "$work/poids.yaml" -o "$out/liens-groupe-pilote-poids.csv"
sed -n 's/^ *name: cmp_//p' "$work/poids.yaml" >"$work/poids-paires.txt"
printf '$ awk -f %s/poids-ahp.awk > %s/poids.csv\n' "$data" "$work" >>"$log"
awk -v members="$data/groupe-pilote.csv" -f "$data/poids-ahp.awk" "$data/groupe-pilote.csv" \
	"$work/poids-paires.txt" >"$work/poids.csv" 2>>"$log" || fail "poids-ahp.awk"
u responses import poids-uriopss "$work/poids.csv"
uo "$out/resultats/poids-groupe-pilote.txt" delphi results "$ref" --weights
uo "$out/resultats/poids-groupe-pilote.csv" delphi results "$ref" --weights --format csv
uo "$out/resultats/delphi-groupe-pilote.txt" delphi results "$ref"
uo "$out/resultats/delphi-groupe-pilote.csv" delphi results "$ref" --format csv
uo "$out/delphi-groupe-pilote.json" delphi results "$ref" --format json
u delphi build "$ref" -o "$out/indicateurs-groupe-pilote.yaml" \
	--pdf "$out/co-construction-referentiel.pdf" --xlsx "$out/co-construction-referentiel.xlsx"
u indicators check "$out/indicateurs-groupe-pilote.yaml"

# --- 2. the network's answers ----------------------------------------------
# Eight associations of the Pays de la Loire (scripts/demo/reseau.csv).
bar "social utility: 360 stakeholders"
network utilite-sociale 360 4 us
# Version 2 describes each board member (a repeat): the export writes them
# to gouvernance-simule-membres_ca.csv, demo.py carries them over, and the
# import reads them beside gouvernance.csv.
bar "board renewal: 104 board members and their boards"
network gouvernance 104 11 ca
# Participation, before and after: the simulation's second group (traits
# 0.6 SD higher) is the second wave.  Seed 7 makes that group the higher one
# on all four degrees of participation, in both versions of the survey.
bar "participation: two waves"
network participation 480 7 pa 2024,2025
bar "participation, easy-read: two waves"
network participation-facile 240 7 pf 2024,2025
# The participation survey is a panel: 120 people of the network get a link
# in 2024 and, through 'invite --from-wave', a new one in 2025.  Their
# answers (simulated through the web form's submission: 85 % answer in 2024,
# 75 % in 2025, with traits 0.4 SD higher) are linked by their panel key.
bar "participation: a panel over the two waves"
py contacts "$data/reseau.csv" "$work/contacts-participation-2024.csv" --n 120 --wave 2024 --seed 7
u invite participation --from "$work/contacts-participation-2024.csv" -o "$work/liens-participation-2024.csv"
u simulate participation --links --wave 2024 --share 85 --seed 7
u invite participation --wave 2025 --from-wave 2024 -o "$work/liens-participation-2025.csv"
u simulate participation --links --wave 2025 --share 75 --shift 0.4 --seed 8
bar "employee volunteering: 60 answers"
u simulate benevolat-entreprises --n 60 --seed 12

# --- 3. the prize: applications, jury, conflict, assignment, scores ---------
bar "prize: jurors, conflict, assignment"
: >"$out/liens-jury.csv"
echo "name,organisation,email,url" >"$out/liens-jury.csv"
while IFS=, read -r name org email; do
	printf '$ utilis %s\n' "$(quote jury add "$edition" --name "$name" --email "$email" \
		--organisation "$org")" >>"$log"
	url=$("$utilis" -q jury add "$edition" --name "$name" --email "$email" \
		--organisation "$org" 2>>"$log") || fail "utilis jury add $edition --name $name"
	printf '"%s","%s",%s,%s\n' "$name" "$org" "$email" "$url" >>"$out/liens-jury.csv"
done <<'EOF'
Claire Moreau,URIOPSS Pays de la Loire,claire.moreau@example.org
Thomas Guérin,FACE Loire-Atlantique,thomas.guerin@example.org
Nadia Benali,Région des Pays de la Loire,nadia.benali@example.org
Jean-Marc Le Goff,Club RSE de l'Ouest,jm.legoff@example.org
Sophie Lambert,Fédération des centres sociaux,sophie.lambert@example.org
EOF
uo "$work/jury-list.txt" jury list "$edition"
phare=$(awk '$2 == "Accueil" && /Le Phare/ { print $1; exit }' "$work/jury-list.txt")
[ -n "$phare" ] || fail "no candidate 'Accueil de jour Le Phare' in 'utilis jury list'"
u jury conflict "$edition" sophie.lambert@example.org "$phare" --reason "administratrice de l'association"
u jury assign "$edition" --per-candidate 3 --seed 2018
bar "prize: the jury's paper scores"
uo "$work/jury-list.txt" jury list "$edition"
printf '$ python3 %s/demo.py scores %s/candidatures.csv %s/notes-jury.csv --seed 2018 < %s/jury-list.txt\n' \
	"$data" "$data" "$work" "$work" >>"$log"
python3 "$data/demo.py" scores "$data/candidatures.csv" "$work/notes-jury.csv" --seed 2018 \
	<"$work/jury-list.txt" 2>>"$log" || fail "demo.py scores"
u responses import prix-grille "$work/notes-jury.csv" --edition "$edition"

# --- 4. indicators, statistics, prize results ------------------------------
bar "indicators"
for set in utilite-sociale gouvernance participation; do
	uo "$out/resultats/indicateurs-$set.txt" indicators compute "indicators/$set.yaml"
	uo "$out/resultats/indicateurs-$set.csv" indicators compute "indicators/$set.yaml" --format csv
	uo "$out/indicateurs-$set.json" indicators compute "indicators/$set.yaml" --format json
done
uo "$out/resultats/indicateurs-utilite-sociale-associations.txt" \
	indicators compute indicators/utilite-sociale.yaml --by _group
# How much the index depends on the weights: with each pilot-group member's
# own, internal against external stakeholders and association by association.
uo "$out/resultats/sensibilite-poids.txt" delphi sensitivity "$ref" --set indicators/utilite-sociale.yaml
uo "$out/resultats/sensibilite-poids-associations.txt" \
	delphi sensitivity "$ref" --set indicators/utilite-sociale.yaml --by _group
uo "$out/resultats/indicateurs-participation-vagues.txt" \
	indicators compute indicators/participation.yaml --by _wave
uo "$out/indicateurs-participation-vagues.json" \
	indicators compute indicators/participation.yaml --by _wave --format json
uo "$out/resultats/participation-panel.csv" \
	indicators compute indicators/participation.yaml --by _wave --format csv --paired
bar "descriptive statistics"
uo "$out/resultats/description-gouvernance.txt" describe gouvernance --by _group
uo "$out/description-gouvernance.json" describe gouvernance --by _group --format json
uo "$out/resultats/description-benevolat-entreprises.txt" describe benevolat-entreprises --by type_repondant
bar "prize: ranking"
uo "$out/resultats/prix-2018-resultats.txt" prize results "$edition" --aggregate all
uo "$out/resultats/prix-2018-ordre-de-discussion.txt" jury order "$edition"
uo "$out/resultats/prix-2018-resultats.csv" prize results "$edition" --format csv
uo "$out/prix-2018-resultats.json" prize results "$edition" --format json
uo "$out/resultats/prix-2018-audit.txt" prize audit "$edition"
# The laureates one year on: a follow-up link for each of the first three,
# the answers of two of them typed from paper (the third has not answered).
bar "prize: the laureates one year on"
py followup "$out/prix-2018-resultats.json" "$work/laureats.txt"
uo "$out/liens-suivi-laureats.csv" prize followup "$edition" $(cat "$work/laureats.txt")
py answers "$out/liens-suivi-laureats.csv" "$work/suivi-laureats.csv" --seed 2019
u responses import prix-suivi-laureats "$work/suivi-laureats.csv"

# Axis 1: the needs of seven of the network's associations (reseau.csv) and
# three others, and the offers of two partner companies' employees
# (tests/data/match), matched in a workspace of their own; the
# workbook for the union and one introduction sheet per pair for the
# « rencontres ».
bar "matching: associations and company volunteers"
mr="$dir/mise-en-relation.db"
u --db "$mr" init
u --db "$mr" survey load surveys/benevolat-entreprises.yaml
u --db "$mr" responses import benevolat-entreprises "$top/tests/data/match/reponses.csv"
uo "$out/resultats/mise-en-relation.txt" --db "$mr" match
u --db "$mr" match sheets --xlsx "$out/mise-en-relation.xlsx" --dir "$out/fiches-mise-en-relation" \
	--contact "Pôle bénévolat et gouvernance, URIOPSS Pays de la Loire — rencontres@uriopss.example.org"

# --- 5. files for other tools ------------------------------------------------
bar "exports: Excel, CSV, SPSS, XLSForm"
for form in utilite-sociale gouvernance participation participation-facile benevolat-entreprises \
	prix-candidature prix-grille; do
	u responses export "$form" -o "$out/exports/$form.xlsx"
	u survey export-xlsform "$form" -o "$out/xlsform/$form.xlsx"
done
u responses export participation -o "$out/exports/participation.sav"
u responses export utilite-sociale --sep ';' -o "$out/exports/utilite-sociale-excel-fr.csv"
u responses export gouvernance -o "$out/exports/gouvernance.csv"

# --- 6. reports and paper forms ---------------------------------------------
bar "reports: PDF and workbooks"
u report check reports/*.yaml
u report reports/utilite-sociale.yaml -o "$out/rapport-utilite-sociale.pdf"
u report reports/utilite-sociale.yaml --lang en -o "$out/report-social-utility-en.pdf"
u report reports/participation.yaml -o "$out/rapport-participation.pdf"
u report reports/prix-scorecards.yaml -o "$out/prix-2018-fiches-jury.pdf"
u report reports/prix-classeur.yaml -o "$out/prix-2018-classeur.xlsx"
u report reports/classeur-analyste.yaml -o "$out/classeur-analyste-utilite-sociale.xlsx"
bar "paper questionnaires"
mkdir -p "$out/papier"
for form in utilite-sociale gouvernance participation benevolat-entreprises prix-candidature prix-grille; do
	u survey paper "$form" -o "$out/papier/$form.pdf"
done
u survey paper participation-facile --large -o "$out/papier/participation-facile.pdf"
u survey paper delphi-uriopss --version 1 -o "$out/papier/groupe-pilote-tour1.pdf"

# --- 7. links to try the web forms -----------------------------------------
bar "links to the web forms"
u invite participation-facile --count 10 --group "Accueil Solidarité Nantes" --wave 2025 \
	-o "$out/liens-participation-facile.csv"
u invite utilite-sociale --count 10 --group "Entraide Mayenne" -o "$out/liens-utilite-sociale.csv"

bar "summary"
summary=$(python3 "$data/demo.py" summary "$dir" 2>>"$log") || fail "demo.py summary"
bar_clear
elapsed=$((($(date +%s%N) - started) / 1000000))
sample=$(sed -n 2p "$out/liens-participation-facile.csv" | awk -F, '{ print $NF }')
nfiles=$(find "$out" -type f | wc -l)
# The binary as a command typed at the top of the checkout: ./utilis, or an
# absolute path when it lies elsewhere (no '././utilis', no 'scripts/../').
shown_utilis=$(realpath -m --relative-to="$top" "$utilis")
case "$shown_utilis" in
../*) shown_utilis=$(realpath -m "$utilis") ;;
*) shown_utilis=./$shown_utilis ;;
esac

cat <<EOF
utilis demo: done in $((elapsed / 1000)).$((elapsed % 1000 / 100)) s, in $dir/ (workspace $dir/utilis.db, log $dir/demo.log)

What was done
  9 questionnaires loaded and checked (surveys/), with the 4 indicator sets
  answers simulated for 8 associations of the network (scripts/demo/reseau.csv),
    then imported: 360 stakeholders (utilité sociale), 104 board members
    (gouvernance), people accompanied and staff in two waves, 2024 and 2025
    (participation: 480, FALC version: 240), 60 associations and companies
  participation is a panel: 120 people invited in 2024, invited again in 2025
    ('invite --from-wave'), their answers linked across waves by a panel key
  axe 4: 15 pilot-group members rated the referential's 28 candidate indicators
    in two Delphi rounds (indicators/referentiel-uriopss.yaml), then weighed its
    six stakes by pairwise comparisons (AHP); the kept indicators, with the
    group's weights, make $out/indicateurs-groupe-pilote.yaml
  axe 1: the needs of 10 associations (7 of the network's) matched with the offers
    of 23 employees of two partner companies (tests/data/match): 21 pairs, each
    with its reasons, an introduction sheet per pair
  prize 2018: 12 applications (scripts/demo/candidatures.csv), 5 jurors,
    1 declared conflict, 3 jurors per candidate, scores typed from paper;
    the first three followed up one year on (2 answers, 1 link waiting)

Key figures
$summary

Files ($nfiles in $out/)
  $out/rapport-utilite-sociale.pdf      the social-utility report for the pilot group (English: report-social-utility-en.pdf)
  $out/rapport-participation.pdf        axis 2, before/after, and the way travelled by the panel's people
  $out/co-construction-referentiel.pdf  the pilot group's Delphi rounds: what was kept and why (workbook: .xlsx)
  $out/prix-2018-fiches-jury.pdf        the jury's scorecards, one per candidate, and the ranking
  $out/prix-2018-classeur.xlsx          the prize workbook: results, score matrix, jurors, agreement,
                                        the laureates one year on (sheet « Lauréats »)
  $out/resultats/mise-en-relation.txt   axis 1: the matching, with reasons and why the rest is left
  $out/classeur-analyste-utilite-sociale.xlsx  the analysts' workbook: indicators, answers, codebook
  $out/mise-en-relation.xlsx            axis 1: associations' needs matched with two companies' employees
  $out/fiches-mise-en-relation/         one introduction sheet (PDF) per pair, for the « rencontres »
  $out/papier/          paper questionnaires (PDF), to print; typed back in with 'utilis responses import'
  $out/exports/         answers: Excel (data + codebook), CSV, SPSS (.sav)
  $out/xlsform/         the questionnaires as XLSForm, for KoboToolbox or ODK
  $out/resultats/       indicators, statistics, the prize ranking and its audit (tables, CSV)
  $out/*.json           the same results as JSON (docs/json.md)
  $out/liens-*.csv      respondents' and jurors' personal links

Try the web forms
  ${shown_utilis} --db $dir/utilis.db serve --edition $edition
  then open, for instance, $sample
  (a form in easy-to-read French; the jurors' pages are in $out/liens-jury.csv;
  /admin shows the collection, with the password printed by serve)
EOF
