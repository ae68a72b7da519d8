#!/usr/bin/env bash
# Run libFuzzer targets one after the other (make fuzz).
#
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target BUILD_DIR/fuzz_TARGET runs for SECONDS on a working corpus in
# BUILD_DIR/corpus/TARGET, started from the seeds in tests/fuzz/corpus/TARGET
# (the seeds are not modified).  Crashes, leaks and timeouts are written to
# BUILD_DIR/artifacts/TARGET/; the log is BUILD_DIR/TARGET.log.  One line per
# target: executions, corpus size, findings of this run.  Exit status 1 when
# any target found something.  UTILIS_TOP: the source tree (default: the
# one this script is in).
#
# Targets run one at a time, each on one core.
set -u
top=${UTILIS_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$1 seconds=$2
shift 2
[ $# -gt 0 ] || set -- $(cd "$top/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
export UTILIS_TOP="$top" UTILIS_NOW=2026-01-15T10:00:00Z
found=0
for t in "$@"; do
	bin="$dir/fuzz_$t"
	[ -x "$bin" ] || { echo "$t: no binary $bin"; found=1; continue; }
	mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
	seeds="$top/tests/fuzz/corpus/$t"
	[ -d "$seeds" ] || seeds=
	case $t in survey|indicators|edition|layout) d=yaml ;; *) d=$t ;; esac
	dict=
	[ -f "$top/tests/fuzz/$d.dict" ] && dict="-dict=$top/tests/fuzz/$d.dict"
	start=$(date +%s)
	touch "$dir/artifacts/$t/.start"
	"$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 $dict -artifact_prefix="$dir/artifacts/$t/" \
		"$dir/corpus/$t" $seeds >"$dir/$t.log" 2>&1
	rc=$?
	end=$(date +%s)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/$t.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$dir/$t.log" | tail -1)
	n=$(find "$dir/artifacts/$t" -type f -newer "$dir/artifacts/$t/.start" | wc -l)
	printf '%s: %d s, %s executions, %s, corpus %d files, %d findings (exit %d)\n' \
		"$t" $((end - start)) "${runs:-?}" "${cov:-cov: ?}" "$(ls "$dir/corpus/$t" | wc -l)" "$n" "$rc"
	if [ "$rc" -ne 0 ] || [ "$n" -gt 0 ]; then
		found=1
		grep -m3 -E 'ERROR: |runtime error|SUMMARY' "$dir/$t.log"
	fi
done
exit $found
