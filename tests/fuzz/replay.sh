#!/usr/bin/env bash
# Replay the fuzz seeds and the inputs that once crashed (make check).
#
#   tests/fuzz/replay.sh BUILD_DIR [VALGRIND...]
#
# For each target, BUILD_DIR/fuzz/replay_TARGET runs once on every file of
# tests/fuzz/corpus/TARGET and tests/data/fuzz/TARGET (the regression
# inputs: each once crashed the target).  Extra arguments are a command to
# run each replay under (valgrind).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
shift
export UTILIS_TOP="$top" UTILIS_NOW=2026-01-15T10:00:00Z
fail=0 total=0
for src in "$top"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	paths=()
	for p in "$top/tests/fuzz/corpus/$t" "$top/tests/data/fuzz/$t"; do [ -d "$p" ] && paths+=("$p"); done
	[ ${#paths[@]} -gt 0 ] || continue
	# A regression input once took gigabytes: cap the memory of a plain
	# build (ASan reserves terabytes of address space, valgrind its own).
	limit=
	[ $# -eq 0 ] && ! grep -q __asan_init "$dir/replay_$t" && limit="ulimit -v 4194304;"
	if out=$(bash -c "$limit"' exec "$@"' replay "$@" "$dir/replay_$t" "${paths[@]}" 2>&1); then
		total=$((total + $(printf '%s\n' "$out" | sed -n 's/.*: \([0-9]*\) inputs$/\1/p' | tail -1)))
	else
		printf '%s\n' "$out" | tail -40
		echo "FAIL: fuzz replay $t"
		fail=1
	fi
done
echo "fuzz replay: $total inputs"
exit $fail
