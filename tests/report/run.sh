#!/usr/bin/env bash
# Report tests: make the programme's reports on small workspaces with the
# real binary, then read them back with independent tools (qpdf, poppler's
# pdftotext, pdffonts and pdfinfo, openpyxl) in tests/report/readback.py.
# Page images (pdftoppm, 60 dpi) are left in OUT/pages/ for a person to
# look at.
#
#   tests/report/run.sh PATH/TO/utilis OUT
set -u
if [ $# -ne 2 ]; then
	echo "usage: tests/report/run.sh PATH/TO/utilis OUT (a folder for the reports and page images)" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-report.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export UTILIS_NOW=2026-01-15T10:00:00Z SOURCE_DATE_EPOCH=1768471200
unset UTILIS_DB UTILIS_FONT_DIR
cd "$scratch" || exit 1
ln -s "$top/surveys" surveys
ln -s "$top/indicators" indicators
ln -s "$top/reports" reports
ln -s "$top/tests/data" data
log=$scratch/log

run() { # the command, its output to the log; stops the tests on failure
	if ! "$@" >>"$log" 2>&1; then
		echo "FAIL: $*"
		tail -n 20 "$log"
		exit 1
	fi
}

# The social-utility survey: 300 simulated stakeholders in two groups.
run "$bin" --db us.db -q init
run "$bin" --db us.db -q survey load surveys/utilite-sociale.yaml
run "$bin" --db us.db -q simulate utilite-sociale --n 300 --seed 12 --groups 2	# two dimensions differ clearly
run "$bin" --db us.db -q report reports/utilite-sociale.yaml -o us.pdf
run "$bin" --db us.db -q report reports/utilite-sociale.yaml -o us-en.pdf --lang en
run "$bin" --db us.db -q report reports/classeur-analyste.yaml -o us.xlsx
"$bin" --db us.db indicators compute indicators/utilite-sociale.yaml --format json >us.json 2>>"$log"
# The same inputs give the same bytes.
run "$bin" --db us.db -q report reports/utilite-sociale.yaml -o us-again.pdf
run "$bin" --db us.db -q report reports/classeur-analyste.yaml -o us-again.xlsx

# The prize: 19 applications, 6 jurors, 74 sheets typed from paper.
run "$bin" --db prix.db -q init
run "$bin" --db prix.db -q survey load surveys/prix-candidature.yaml surveys/prix-grille.yaml
run "$bin" --db prix.db -q responses import prix-candidature data/reports/candidatures.csv
for j in 1 2 3 4 5 6; do
	run "$bin" --db prix.db -q jury add indicators/prix-2018.yaml --name "Juré $j" --email "j$j@example.org"
done
run "$bin" --db prix.db -q responses import prix-grille data/reports/notes-jury.csv --edition indicators/prix-2018.yaml
# Conflicts of interest on pairs that scored nothing: the meeting's discussion order takes them in.
for jc in "j1 1" "j1 2" "j2 3" "j3 4" "j6 6"; do
	set -- $jc
	run "$bin" --db prix.db -q jury conflict indicators/prix-2018.yaml "$1@example.org" "$2" --reason "administrateur de l'association"
done
# The laureates one year on: links for the first three, paper answers for two of them.
run "$bin" --db prix.db -q survey load surveys/prix-suivi-laureats.yaml
"$bin" --db prix.db -q prize followup indicators/prix-2018.yaml 13 14 3 >suivi-liens.csv 2>>"$log"
/usr/bin/python3 - <<'PY'
import csv
links = list(csv.DictReader(open("suivi-liens.csv")))
with open("suivi.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["_id", "toujours_actif", "arret_raison", "personnes_aidees", "salaries_impliques",
                "nouvelles_actions", "nouvelles_actions_detail", "apports_prix", "accord_reportage"])
    w.writerow([links[0]["link"].rsplit("/", 1)[1], "oui", "", 140, 12, "oui", "Un atelier cuisine le samedi",
                "visibilite fierte", "oui"])
    w.writerow([links[2]["link"].rsplit("/", 1)[1], "transforme", "Le foyer a déménagé", 35, 4, "non", "",
                "nouveaux_partenaires", "non"])
PY
run "$bin" --db prix.db -q responses import prix-suivi-laureats suivi.csv
run "$bin" --db prix.db -q report reports/prix-scorecards.yaml -o prix.pdf
run "$bin" --db prix.db -q report reports/prix-classeur.yaml -o prix.xlsx
"$bin" --db prix.db prize results indicators/prix-2018.yaml --format json >prix.json 2>>"$log"
"$bin" --db prix.db jury order indicators/prix-2018.yaml --format json >ordre.json 2>>"$log"

# Twelve respondents, of whom three funders and two companies: never shown.
run "$bin" --db petit.db -q init
run "$bin" --db petit.db -q survey load surveys/utilite-sociale.yaml
run "$bin" --db petit.db -q responses import utilite-sociale data/indicators/petit.csv
run "$bin" --db petit.db -q report data/reports/petit.yaml -o petit.pdf
run "$bin" --db petit.db -q report data/reports/petit-classeur.yaml -o petit.xlsx
"$bin" --db petit.db indicators compute data/indicators/mini.yaml --format json --bootstrap 200 >petit.json 2>>"$log"

# The small-group rule's worked example: G3 (one person, aged 87, wave 2025)
# is in no figure of the report or the workbook, by wave.
run "$bin" --db accueil.db -q init
run "$bin" --db accueil.db -q survey load data/disclosure/accueil.yaml
run "$bin" --db accueil.db -q responses import accueil data/disclosure/accueil.csv
run "$bin" --db accueil.db -q report data/disclosure/accueil-rapport.yaml -o accueil.pdf
run "$bin" --db accueil.db -q report data/disclosure/accueil-classeur.yaml -o accueil.xlsx
"$bin" --db accueil.db describe accueil --by _wave --format json >accueil-d.json 2>>"$log"

# Paper forms: the stakeholders' survey, the board survey, the easy-to-read one in large type.
run "$bin" --db us.db -q survey paper utilite-sociale -o paper-utilite-sociale.pdf
run "$bin" -q survey paper surveys/gouvernance.yaml -o paper-gouvernance.pdf
run "$bin" -q survey paper surveys/participation-facile.yaml --large -o paper-facile.pdf

# The matching (issue 17): its workbook and one introduction sheet per pair, twice.
run "$bin" --db mr.db -q init
run "$bin" --db mr.db -q survey load surveys/benevolat-entreprises.yaml
run "$bin" --db mr.db -q responses import benevolat-entreprises data/match/reponses.csv
run "$bin" --db mr.db -q match sheets --xlsx mr.xlsx --dir fiches --contact "Claire Dupont, URIOPSS Pays de la Loire"
run "$bin" --db mr.db -q match sheets --xlsx mr-again.xlsx --dir fiches-again --contact "Claire Dupont, URIOPSS Pays de la Loire"
"$bin" --db mr.db match --format json >mr.json 2>>"$log"

# The XLSX export of answers (its own streaming writer, issue 19) read back by
# openpyxl and pandas, compared with the files libxlsxwriter made before
# (tests/report/expected/, see xlsx_export.py); each a valid zip.
run "$bin" --db ex.db -q init
run "$bin" --db ex.db -q survey load data/good/essai.yaml data/good/conseil.yaml "$top/bench/bench40.yaml"
run "$bin" --db ex.db -q responses import essai data/readback/export-textes.csv
run "$bin" --db ex.db -q responses import conseil data/repeats/conseil.csv
run "$bin" --db ex.db -q simulate bench40 --n 60 --seed 1
run "$bin" --db ex.db -q responses export essai -o export-essai.xlsx
run "$bin" --db ex.db -q responses export essai --labels --lang en -o export-essai-en.xlsx
run "$bin" --db ex.db -q responses export conseil -o export-conseil.xlsx
run "$bin" --db ex.db -q responses export bench40 -o export-bench40.xlsx
xrc=0
for f in essai essai-en conseil bench40; do
	/usr/bin/python3 "$top/tests/report/xlsx_export.py" compare export-$f.xlsx \
		"$top/tests/report/expected/export-$f.json" || xrc=1
	/usr/bin/python3 -c "import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)" \
		export-$f.xlsx || { echo "FAIL: export-$f.xlsx: zipfile.testzip"; xrc=1; }
done

# A failure leaves no file, and never damages one that was there.
echo "une version précédente" >keep.pdf
UTILIS_FONT_DIR=/nonexistent "$bin" --db us.db report reports/utilite-sociale.yaml -o keep.pdf >fail1.txt 2>&1
echo "$?" >fail1.rc
"$bin" --db us.db report reports/utilite-sociale.yaml -o missing-dir/us.pdf >fail2.txt 2>&1
echo "$?" >fail2.rc
ls >files.txt

# The images of the pages, for a person to look at.
rm -rf "$out/pages"
mkdir -p "$out/pages"
for f in us us-en prix petit accueil paper-utilite-sociale paper-gouvernance paper-facile; do
	pdftoppm -png -r 60 "$f.pdf" "$out/pages/$f" 2>/dev/null
done

/usr/bin/python3 "$top/tests/report/readback.py" "$scratch" "$top"
rc=$?
[ $xrc -eq 0 ] || rc=1
[ $rc -eq 0 ] || cat "$log" | tail -n 30
echo "report tests: page images in ${out#"$top"/}/pages/"
exit $rc
