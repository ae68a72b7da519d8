#!/usr/bin/env bash
# The reports at scale (issue 7): the jury's scorecards for 500 candidates
# and the social-utility report over N respondents (default a million),
# each timed with its peak memory, beside the analysis alone on the same
# workspace so that the report's own share shows.  Prints figures; not part
# of `make check` (`make bench-report`, BENCH_N to change N).
#
#   bench/report_bench.sh UTILIS JURY_FILL [N]
set -eu
utilis=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fill=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
n=${3:-1000000}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/utilis-report-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"
ln -s "$top/surveys" surveys
ln -s "$top/indicators" indicators
ln -s "$top/reports" reports
export SOURCE_DATE_EPOCH=1768471200
unset UTILIS_DB

measure() { # LABEL COMMAND...: wall time and peak memory
	local label=$1 t
	shift
	/usr/bin/time -f '%e %M' "$@" >/dev/null 2>"$dir/time" || { cat "$dir/time"; exit 1; }
	t=$(tail -n 1 "$dir/time")
	printf '  %-56s %6.2f s %7.1f MB\n' "$label" "${t% *}" "$(echo "${t#* }" | awk '{ print $1 / 1024 }')"
}

echo "scorecards: 500 candidates, 40 jurors, 5 jurors per candidate"
"$utilis" --db prix.db -q init
"$utilis" --db prix.db -q survey load surveys/prix-candidature.yaml surveys/prix-grille.yaml
"$utilis" --db prix.db simulate prix-candidature --n 500 --seed 1 >/dev/null	# a progress bar on a terminal
for j in $(seq 1 40); do
	"$utilis" --db prix.db -q jury add indicators/prix-2018.yaml --name "Juré $j" --email "j$j@example.org" >/dev/null
done
"$utilis" --db prix.db -q jury assign indicators/prix-2018.yaml --per-candidate 5 --seed 1
"$fill" prix.db prix-2018 prix-grille 1 >/dev/null
measure "prize results (the analysis alone)" "$utilis" --db prix.db prize results indicators/prix-2018.yaml --format json
measure "report prix-scorecards.yaml -o scorecards.pdf" "$utilis" --db prix.db report reports/prix-scorecards.yaml -o scorecards.pdf
measure "report prix-classeur.yaml -o prix.xlsx" "$utilis" --db prix.db report reports/prix-classeur.yaml -o prix.xlsx
printf '  %s pages, %s KB\n' "$(pdfinfo scorecards.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')" \
	"$(( $(stat -c %s scorecards.pdf) / 1024 ))"

echo "social-utility report: $n respondents"
"$utilis" --db us.db -q init
"$utilis" --db us.db -q survey load surveys/utilite-sociale.yaml
"$utilis" --db us.db simulate utilite-sociale --n "$n" --seed 3 --groups 3 >/dev/null
measure "indicators compute --format json (the analysis alone)" "$utilis" --db us.db indicators compute indicators/utilite-sociale.yaml --format json
measure "report utilite-sociale.yaml -o utilite-sociale.pdf" "$utilis" --db us.db report reports/utilite-sociale.yaml -o us.pdf
printf '  %s pages, %s KB\n' "$(pdfinfo us.pdf 2>/dev/null | awk '/^Pages:/ { print $2 }')" "$(( $(stat -c %s us.pdf) / 1024 ))"
