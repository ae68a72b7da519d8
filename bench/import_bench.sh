#!/usr/bin/env bash
# import_bench: the import of N respondents x 40 questions beside the
# tools an analyst would use instead, measured in the same run.
#
#   bench/import_bench.sh UTILIS [N...]   (default N: 100000 1000000 4000000)
#
# For each N it simulates N respondents of bench/bench40.yaml, exports them
# to CSV, then runs BENCH_RUNS times (default 3), interleaved so that the
# load of a shared machine falls on each tool alike:
#   - utilis responses import (parse, check every value, store durably,
#     all or nothing) into a new workspace;
#   - sqlite3 .import of the same file into a new database (parse and
#     store, no check);
#   - data.table fread (reading only; R's start-up left out of its time);
# and prints the median wall-clock time, the median CPU time (user +
# system) and the largest peak memory (maximum resident set) of each, with
# the load average before and after, then utilis's ratios to each peer.  The CPU time says more than the wall
# clock when other work shares the machine.  Not part of `make check`: at
# 4,000,000 rows it takes several minutes (and needs r-cran-data.table and
# sqlite3, `make deps`).
set -euo pipefail

utilis=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
sizes=${*:-100000 1000000 4000000}
runs=${BENCH_RUNS:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/utilis-import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

have_r=1
Rscript -e 'suppressMessages(library(data.table))' >/dev/null 2>&1 || have_r=0
have_sqlite=1
command -v sqlite3 >/dev/null || have_sqlite=0

# run NAME COMMAND...: one timed run, appending "wall cpu peak_MB" to NAME.txt
run() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o time.txt "$@" >out.txt 2>err.txt || {
		echo "import_bench: '$name' failed:" >&2
		cat err.txt out.txt >&2
		exit 1
	}
	awk '{ printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' time.txt >>"$name.txt"
}

# the median of column c of a file of numbers, and the largest of column 3
median() { sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
peak() { sort -g -k3,3 "$1" | tail -1 | cut -d' ' -f3; }
line() {
	printf '  %-38s %7s s %7s s cpu %6s MB\n' "$1" "$(median "$2" 1)" "$(median "$2" 2)" "$(peak "$2")"
}

fresh_workspace() {
	rm -f imported.db imported.db-wal imported.db-shm
	UTILIS_DB=$work/imported.db "$utilis" -q init
	UTILIS_DB=$work/imported.db "$utilis" -q survey load "$top/bench/bench40.yaml"
}

echo "import_bench: N respondents x 40 questions, $runs runs each, interleaved; medians"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
	"load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
	rm -f ./*.txt source.db*
	UTILIS_DB=$work/source.db "$utilis" -q init
	UTILIS_DB=$work/source.db "$utilis" -q survey load "$top/bench/bench40.yaml"
	UTILIS_DB=$work/source.db "$utilis" -q simulate bench40 --n "$n" --seed 1
	UTILIS_DB=$work/source.db "$utilis" -q responses export bench40 -o bench.csv
	rm -f source.db*
	echo "N = $n: file $(du -m bench.csv | cut -f1) MB"
	for ((i = 0; i < runs; i++)); do
		fresh_workspace
		run utilis env UTILIS_DB="$work/imported.db" "$utilis" -q responses import bench40 bench.csv
		written=$(du -m imported.db | cut -f1)
		if [ "$have_sqlite" = 1 ]; then
			rm -f plain.db
			run sqlite3 sqlite3 plain.db -cmd '.mode csv' '.import bench.csv r'
		fi
		if [ "$have_r" = 1 ]; then
			run fread-process Rscript -e '
suppressMessages(library(data.table))
a <- commandArgs(TRUE)
r <- system.time(d <- fread(a[1]))
stopifnot(nrow(d) == as.numeric(a[2]))
cat(sprintf("%.2f %.2f\n", r[["elapsed"]], r[["user.self"]] + r[["sys.self"]]))' bench.csv "$n"
			read -r fw fc <out.txt
			echo "$fw $fc $(tail -1 fread-process.txt | cut -d' ' -f3)" >>fread.txt
		fi
	done
	line "utilis responses import" utilis.txt
	echo "    workspace: $written MB"
	[ "$have_sqlite" = 1 ] && line "sqlite3 .import (no check)" sqlite3.txt
	[ "$have_r" = 1 ] && line "data.table fread (reading only)" fread.txt
	# utilis against each peer of the same run: time, CPU time, peak memory
	for peer in sqlite3 fread; do
		[ -s "$peer.txt" ] || continue
		awk -v p="$peer" -v uw="$(median utilis.txt 1)" -v uc="$(median utilis.txt 2)" \
			-v um="$(peak utilis.txt)" -v pw="$(median "$peer.txt" 1)" \
			-v pc="$(median "$peer.txt" 2)" -v pm="$(peak "$peer.txt")" 'BEGIN {
			printf "    utilis / %-8s time %5.2f, cpu %5.2f, memory %5.2f\n", p,
				(pw > 0 ? uw / pw : 0), (pc > 0 ? uc / pc : 0), (pm > 0 ? um / pm : 0) }'
	done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
