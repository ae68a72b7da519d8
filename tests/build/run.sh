#!/usr/bin/env bash
# The build and the test runners tell what is wrong instead of passing
# silently:
#  - a missing library is named with its Debian package before anything
#    compiles (not a flood of undefined references at the link);
#  - a test runner asked for a test that does not exist fails, and one
#    that runs no test at all fails.
#
#   tests/build/run.sh PATH/TO/utilis
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
pass=0 fail=0
check() { # name expected-rc actual-rc output-file pattern
	if [ "$2" = "$3" ] && grep -q -- "$5" "$4"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1 (exit $3, expected $2; output:)"
		cat "$4"
	fi
}

make -s -C "$top" O="$scratch/o" PKG_DEB="sqlite3:libsqlite3-dev utilis-nosuch:libutilis-nosuch-dev" \
	NOPC_DEB="utilis-nope.h:libutilis-nope-dev" "$scratch/o/.deps-checked" >"$scratch/out" 2>&1
check "missing library named" 2 $? "$scratch/out" \
	"missing Debian packages: libutilis-nosuch-dev libutilis-nope-dev (run 'make deps')"
[ ! -e "$scratch/o/.deps-checked" ] || { echo "FAIL: .deps-checked written after a failure"; fail=$((fail + 1)); }

"$top/tests/cli/run.sh" "$bin" no-such-case >"$scratch/out" 2>&1
check "cli runner, unknown case" 1 $? "$scratch/out" "no-such-case: no such test"

echo "build tests: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
