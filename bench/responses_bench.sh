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
#   - pandas read_csv and data.table fread of the same file (reading only),
#     pandas to_csv and data.table fwrite of the data read (writing only),
#     as timed inside Python and R;
# each with its wall-clock time and peak memory (maximum resident set),
# then the ratios.  Then the exports beside their peers, BENCH_RUNS rounds
# (default 3), interleaved, each round running every step once, and the
# medians of the wall-clock time, of the CPU time (user + system) and of
# the peak memory:
#   - utilis responses export to SPSS .sav, beside haven::write_sav of the
#     same data (read by data.table::fread first; write_sav alone is timed);
#   - with BENCH_XLSX=1, utilis responses export to XLSX beside pandas
#     DataFrame.to_excel with the xlsxwriter engine (read_csv first;
#     to_excel alone is timed; about 5 minutes a round at 1,000,000 rows),
#     and the size of both files (BENCH_XLSX_PANDAS=0: without pandas, for
#     1,000,000 rows, where to_excel takes minutes); with BENCH_XLSX_BEFORE=PROGRAM too, that
#     other build of utilis (an older commit) exporting the same workspace,
#     for a before/after measured in the same rounds.
# The peers' peak memory is that of their whole process, reading included.
# Not part of `make check`: it takes a few minutes and needs python3-pandas,
# python3-xlsxwriter, r-cran-data.table and r-cran-haven (`make deps`).  On a
# shared machine wall-clock times vary with the load: the CPU times and the
# ratios of the same round are the figures to compare.
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

# --- the exports beside their peers, interleaved rounds ------------------------
runs=${BENCH_RUNS:-3}
declare -A rwall rcpu rmem
# round NAME INNER COMMAND...: run it once more; INNER=1 when the command
# prints "wall cpu" of the part it times itself (its first output line)
round() {
	local name=$1 inner=$2 e u s kb w c
	shift 2
	/usr/bin/time -f '%e %U %S %M' -o time.txt "$@" >out.txt 2>err.txt || {
		echo "responses_bench: '$name' failed:" >&2
		cat err.txt out.txt >&2
		exit 1
	}
	read -r e u s kb <time.txt
	w=$e
	c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	if [ "$inner" = 1 ]; then
		read -r w c <out.txt
	fi
	rwall[$name]+="$w "
	rcpu[$name]+="$c "
	rmem[$name]+="$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }') "
	printf '  round %d: %-34s %7s s wall %7s s CPU %5.0f MB\n' "$r" "$name" "$w" "$c" "$((kb / 1024))"
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cat >haven_sav.R <<'R'
suppressMessages({ library(data.table); library(haven) })
d <- fread(commandArgs(TRUE)[1])
setnames(d, sub("^_", "resp_", names(d)))	# SPSS names, as utilis gives them
t <- system.time(write_sav(d, "haven.sav"))
cat(sprintf("%.2f %.2f\n", t[["elapsed"]], t[["user.self"]] + t[["sys.self"]]))
R
cat >pandas_xlsx.py <<'PY'
import sys, time, pandas
d = pandas.read_csv(sys.argv[1])
t0, c0 = time.perf_counter(), time.process_time()
d.to_excel("pandas.xlsx", index=False, engine="xlsxwriter")
print("%.2f %.2f" % (time.perf_counter() - t0, time.process_time() - c0))
PY
steps=("utilis responses export (sav)" "haven write_sav")
pandas=${BENCH_XLSX_PANDAS:-1}
[ "${BENCH_XLSX:-0}" = 1 ] && steps+=("utilis responses export (xlsx)")
[ "${BENCH_XLSX:-0}" = 1 ] && [ "$pandas" = 1 ] && steps+=("pandas to_excel (xlsxwriter)")
before=${BENCH_XLSX_BEFORE:-}
[ "${BENCH_XLSX:-0}" = 1 ] && [ -n "$before" ] && steps+=("utilis before (xlsx)")
echo
echo "exports beside their peers: $runs rounds, interleaved (load $(cut -d' ' -f1-3 /proc/loadavg))"
for ((r = 1; r <= runs; r++)); do
	round "utilis responses export (sav)" 0 "$utilis" -q responses export bench40 -o bench.sav
	round "haven write_sav" 1 Rscript haven_sav.R bench.csv
	if [ "${BENCH_XLSX:-0}" = 1 ]; then
		round "utilis responses export (xlsx)" 0 "$utilis" -q responses export bench40 -o bench.xlsx
		[ "$pandas" = 1 ] && round "pandas to_excel (xlsxwriter)" 1 /usr/bin/python3 pandas_xlsx.py bench.csv
		[ -z "$before" ] || round "utilis before (xlsx)" 0 "$before" -q responses export bench40 -o before.xlsx
	fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-34s %9s %9s %9s\n' "median of $runs" "wall s" "CPU s" "peak MB"
declare -A mw mc
for name in "${steps[@]}"; do
	mw[$name]=$(echo "${rwall[$name]}" | median)
	mc[$name]=$(echo "${rcpu[$name]}" | median)
	printf '  %-34s %9s %9s %9s\n' "$name" "${mw[$name]}" "${mc[$name]}" \
		"$(echo "${rmem[$name]}" | median)"
done
echo "  utilis .sav / haven write_sav: wall $(ratio "${mw[utilis responses export (sav)]}" "${mw[haven write_sav]}")," \
	"CPU $(ratio "${mc[utilis responses export (sav)]}" "${mc[haven write_sav]}") (goal of issue 19: <= 1)"
if [ "${BENCH_XLSX:-0}" = 1 ]; then
	[ "$pandas" = 1 ] && echo "  utilis XLSX / pandas to_excel: wall $(ratio "${mw[utilis responses export (xlsx)]}" "${mw[pandas to_excel (xlsxwriter)]}")," \
		"CPU $(ratio "${mc[utilis responses export (xlsx)]}" "${mc[pandas to_excel (xlsxwriter)]}") (goal of issue 19: XLSX <= 15 s)"
	echo "  files: utilis $(du -m bench.xlsx | cut -f1) MB$([ "$pandas" = 1 ] && echo ", pandas $(du -m pandas.xlsx | cut -f1) MB")"
	[ -z "$before" ] || echo "  utilis XLSX now / before: wall $(ratio "${mw[utilis responses export (xlsx)]}" "${mw[utilis before (xlsx)]}")," \
		"CPU $(ratio "${mc[utilis responses export (xlsx)]}" "${mc[utilis before (xlsx)]}"); before's file $(du -m before.xlsx | cut -f1) MB"
fi
