#!/usr/bin/env bash
# Command-line tests: run the real binary and compare its output exactly.
#
#   tests/cli/run.sh PATH/TO/utilis [CASE...]
#
# CASE is NAME, NAME.cmd or tests/cli/cases/NAME.cmd (or a tests/data/bad
# file); with none, every case runs.  No test run at all exits 1.
#
# Two kinds of test:
#  - tests/cli/cases/NAME.cmd: a transcript.  Each non-comment line is a shell
#    command run in a fresh scratch directory (where 'surveys', 'indicators',
#    'data' and 'reports' link to the project's surveys/, indicators/,
#    tests/data/ and reports/,
#    and 'utilis' is the binary under test).  The expected transcript
#    NAME.out shows "$ command", its stdout and stderr, and "[exit N]" when N
#    is not 0.
#    A line "#env NAME=VALUE" sets that variable for the commands of its
#    case after it (a French case: "#env LC_ALL=fr_FR.UTF-8").
#  - tests/data/bad/NAME.yaml: a broken survey definition with one fault;
#    'utilis survey check' must print exactly NAME.err on stderr and exit 65.
#
# UPDATE=1 rewrites the expected files from the actual output (review the
# diff before committing).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-cli.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export UTILIS_NOW=2026-01-15T10:00:00Z
# The messages are in English unless a case says otherwise (#env): the
# tester's own locale must not change a transcript.
export LC_ALL=C.UTF-8
unset LANG LANGUAGE LC_MESSAGES
unset UTILIS_DB
fail=0 pass=0

report() { # name status
	if [ "$2" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}

compare() { # name expected actual
	if [ "${UPDATE:-}" = 1 ]; then cp "$3" "$2"; report "$1" ok; return; fi
	if diff -u "$2" "$3" >"$scratch/diff"; then report "$1" ok; else cat "$scratch/diff"; report "$1" fail; fi
}

run_case() { # file.cmd
	local name dir out
	name=$(basename "$1" .cmd)
	dir="$scratch/case-$name"
	mkdir -p "$dir/bin"
	ln -s "$top/surveys" "$dir/surveys"
	ln -s "$top/tests/data" "$dir/data"
	ln -s "$top/indicators" "$dir/indicators"
	ln -s "$top/reports" "$dir/reports"
	ln -s "$bin" "$dir/bin/utilis"
	out="$scratch/$name.out"
	(
		cd "$dir" || exit 1
		export PATH="$dir/bin:$PATH"
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in
			'#env '*=*)
				var=${line#'#env '}
				case "$var" in
				LC_ALL=fr_FR.UTF-8|LANG=fr_FR.UTF-8|LC_MESSAGES=fr_FR.UTF-8)
					locale -a 2>/dev/null | grep -qix 'fr_FR.utf-\?8' ||
						echo "the fr_FR.UTF-8 locale is missing: run 'make deps'" ;;
				esac
				export "${var?}"
				continue ;;
			''|'#'*) continue ;;
			esac
			printf '$ %s\n' "$line"
			bash -c "$line" 2>&1
			rc=$?
			[ $rc -ne 0 ] && printf '[exit %d]\n' $rc
		done <"$1"
	) >"$out"
	compare "cli/$name" "${1%.cmd}.out" "$out"
}

run_bad() { # file.yaml
	local name out rc
	name=$(basename "$1" .yaml)
	out="$scratch/bad-$name.err"
	(cd "$top/tests/data/bad" && "$bin" -q survey check "$name.yaml") >/dev/null 2>"$out"
	rc=$?
	if [ $rc -ne 65 ]; then
		echo "bad/$name: expected exit 65, got $rc"
		cat "$out"
		report "bad/$name" fail
		return
	fi
	compare "bad/$name" "${1%.yaml}.err" "$out"
}

if [ $# -gt 0 ]; then
	# A case is named by its file (tests/cli/cases/NAME.cmd,
	# tests/data/bad/NAME.yaml) or by NAME alone; a name that matches
	# nothing is a failure, not a silent pass.
	for c in "$@"; do
		n=${c##*/}
		case "$c" in
		*.cmd) f=$top/tests/cli/cases/$n ;;
		*.yaml) f=$top/tests/data/bad/$n ;;
		*) f=$top/tests/cli/cases/$n.cmd
		   [ -e "$f" ] || f=$top/tests/data/bad/$n.yaml ;;
		esac
		if [ ! -e "$f" ]; then
			echo "$c: no such test (tests/cli/cases/*.cmd or tests/data/bad/*.yaml)"
			report "$c" fail
			continue
		fi
		case "$f" in
		*.cmd) run_case "$f" ;;
		*.yaml) run_bad "$f" ;;
		esac
	done
else
	for c in "$top"/tests/cli/cases/*.cmd; do [ -e "$c" ] && run_case "$c"; done
	for b in "$top"/tests/data/bad/*.yaml; do [ -e "$b" ] && run_bad "$b"; done
fi
echo "cli tests: $pass passed, $fail failed"
# Running no test at all is a failure: a wrong name or an empty directory.
if [ $((pass + fail)) -eq 0 ]; then echo "cli tests: no test was run"; exit 1; fi
[ $fail -eq 0 ]
