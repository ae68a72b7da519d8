#!/usr/bin/env bash
# The unit tests, the command-line transcripts and the fuzz replays under
# valgrind's memcheck (make check-valgrind): any memory error or definite
# leak fails the run.
#
#   tests/robust/valgrind.sh BUILD_DIR
#
# BUILD_DIR holds the plain (not sanitized) build: utilis, tests/test_*,
# fuzz/replay_*.  The transcripts run through a wrapper that starts each
# utilis command under valgrind; an error makes it exit 99, which shows in
# the transcript as "[exit 99]" with valgrind's report.  Logs of the unit
# tests are in BUILD_DIR/valgrind/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(cd "$1" && pwd)
out=$dir/valgrind
mkdir -p "$out"
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --track-origins=no --num-callers=30)
fail=0

# the utilis commands of the transcripts, each under valgrind
cat >"$out/utilis" <<WRAP
#!/bin/sh
exec ${vg[*]} "$dir/utilis" "\$@"
WRAP
chmod +x "$out/utilis"

for t in "$dir"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if (cd "$top/tests/unit" && "${vg[@]}" "$t") >"$out/$name.log" 2>&1; then
		echo "ok   valgrind $name"
	else
		tail -40 "$out/$name.log"
		echo "FAIL: valgrind $name (log: $out/$name.log)"
		fail=1
	fi
done
"$top/tests/cli/run.sh" "$out/utilis" || fail=1
"$top/tests/fuzz/replay.sh" "$dir/fuzz" "${vg[@]}" || fail=1
exit $fail
