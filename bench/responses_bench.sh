#!/usr/bin/env bash
# responses_bench: how fast answers go in and out of a workspace at scale,
# against the tools analysts would otherwise use, in the same run.
#
#   bench/responses_bench.sh [N]        (default N = 1000000)
#
# It simulates N respondents of bench/bench40.yaml (40 Likert items, the
# largest questionnaire shape of the programme), exports them to CSV, then
# measures on that file:
#   - utilis responses import (parse, check every value against the
#     survey, store, all in one transaction) into a new workspace;
#   - utilis responses export to CSV (and checks the file is the same);
#   - utilis responses export to SPSS .sav (and to XLSX with BENCH_XLSX=1);
#   - pandas read_csv and data.table fread of the same file (reading only),
#     pandas to_csv and data.table fwrite of the data read (writing only),
#     as timed inside Python and R;
# each with its wall-clock time and peak memory (maximum resident set),
# then the ratios.  Not part of `make check`: it takes a few minutes and
# needs python3-pandas and r-cran-data.table (`make deps`).  The machine
# should be otherwise idle: timings of a shared machine vary.
set -euo pipefail

n=${1:-1000000}
top=$(cd "$(dirname "$0")/.." && pwd)
utilis=$top/utilis
work=$(mktemp -d "${TMPDIR:-/tmp}/utilis-responses-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
make -s -C "$top" utilis >/dev/null
cd "$work"

# measure NAME COMMAND...: run it, keep "seconds peak_MB" in results
declare -A secs mb
measure() {
	local name=$1
	shift
	/usr/bin/time -f '%e %M' -o time.txt "$@" >out.txt 2>err.txt || {
		echo "responses_bench: '$name' failed:" >&2
		cat err.txt out.txt >&2
		exit 1
	}
	read -r s kb <time.txt
	secs[$name]=$s
	mb[$name]=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
	printf '  %-34s %7.2f s %7s MB\n' "$name" "$s" "${mb[$name]}"
}

echo "responses_bench: $n respondents x 40 questions, in $work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
	"load $(cut -d' ' -f1-3 /proc/loadavg)"
export UTILIS_DB=$work/source.db
"$utilis" -q init
"$utilis" -q survey load "$top/bench/bench40.yaml"
measure "utilis simulate" "$utilis" -q simulate bench40 --n "$n" --seed 1
"$utilis" responses export bench40 -o bench.csv >/dev/null	# a progress bar on a terminal
echo "  file: $(du -m bench.csv | cut -f1) MB, $(wc -l <bench.csv) lines"

export UTILIS_DB=$work/imported.db
"$utilis" -q init
"$utilis" -q survey load "$top/bench/bench40.yaml"
measure "utilis responses import" "$utilis" -q responses import bench40 bench.csv
measure "utilis responses export (csv)" "$utilis" -q responses export bench40 -o again.csv
cmp -s bench.csv again.csv || { echo "responses_bench: the export differs from the file imported" >&2; exit 1; }
measure "utilis responses export (sav)" "$utilis" -q responses export bench40 -o bench.sav
if [ "${BENCH_XLSX:-0}" = 1 ]; then
	measure "utilis responses export (xlsx)" "$utilis" -q responses export bench40 -o bench.xlsx
fi

# pandas and data.table time their reading and writing themselves (their
# start-up is left out); the peak memory is that of the whole process
measure "pandas (read_csv, to_csv)" /usr/bin/python3 -c '
import sys, time, pandas
t0 = time.perf_counter()
d = pandas.read_csv(sys.argv[1])
t1 = time.perf_counter()
assert len(d) == int(sys.argv[2])
d.to_csv("pandas.csv", index=False)
print("%.2f %.2f" % (t1 - t0, time.perf_counter() - t1))' bench.csv "$n"
read -r pr pw <out.txt
measure "data.table (fread, fwrite)" Rscript -e '
suppressMessages(library(data.table))
a <- commandArgs(TRUE)
r <- system.time(d <- fread(a[1]))[["elapsed"]]
stopifnot(nrow(d) == as.numeric(a[2]))
w <- system.time(fwrite(d, "fwrite.csv"))[["elapsed"]]
cat(sprintf("%.2f %.2f %d\n", r, w, getDTthreads()))' bench.csv "$n"
read -r fr fw fthreads <out.txt
echo "  pandas read_csv ${pr} s, to_csv ${pw} s; data.table fread ${fr} s, fwrite ${fw} s (${fthreads} threads)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "import (parse, check, store) against reading only:"
echo "  utilis import / pandas read_csv   = $(ratio "${secs[utilis responses import]}" "$pr")"
echo "  utilis import / data.table fread  = $(ratio "${secs[utilis responses import]}" "$fr")"
echo "export (read the workspace, write CSV) against writing only:"
echo "  utilis export / pandas to_csv     = $(ratio "${secs[utilis responses export (csv)]}" "$pw")"
echo "  utilis export / data.table fwrite = $(ratio "${secs[utilis responses export (csv)]}" "$fw")"
echo "peak memory: utilis import ${mb[utilis responses import]} MB, export ${mb[utilis responses export (csv)]} MB;" \
	"pandas ${mb[pandas (read_csv, to_csv)]} MB, data.table ${mb[data.table (fread, fwrite)]} MB"
echo "targets (issue 4): import and export each under 3 s with under 200 MB for 1,000,000 x 40"
