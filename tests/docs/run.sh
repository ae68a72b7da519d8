#!/usr/bin/env bash
# The documentation against the program, so that neither drifts:
#
#   tests/docs/run.sh PATH/TO/utilis
#
#  1. docs/cli.md and man/utilis.1 are what scripts/gen-docs.sh writes from
#     the program's help today (else: run 'make docs');
#  2. the manual page formats without a warning (groff -ww);
#  3. bash completion offers commands, subcommands, options, their values
#     and form ids;
#  4. `make install` puts the binary, the manual page and the completion
#     under DESTDIR;
#  5. links between the documents lead to files and headings that exist;
#  6. every command example of the documentation runs: each line starting
#     with `utilis` or `./utilis` in a fenced ```sh block of docs/*.md
#     (README.md's run in order, as written: tests/docs/readme.py, make
#     check-readme), and the demo's closing hint names the binary as a
#     command typed at the top of the checkout (a line ending in '\' goes on on the next one).  Each block
#     runs in its own copy of a scratch directory holding the demo's
#     workspace as ./utilis.db (scripts/demo.sh), the project's surveys/,
#     indicators/ and reports/, and the files the examples name
#     (tests/docs/fixtures.sh).  Commands run with bash, without a terminal,
#     except `responses erase` without --yes, which gets one (script(1))
#     and answers 'yes' to its confirmation; each must exit 0 --
#     or N when the block is preceded by the line `<!-- doc-test: exit N -->`
#     (an example that shows an error).  `utilis serve` runs on a free port
#     (its --listen is replaced) until it says it is serving, then gets
#     SIGTERM and must stop cleanly.  The paths of a server, /etc/utilis/
#     and /srv/utilis/, are the scratch directory's etc/utilis/ and
#     srv/utilis/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-docs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
unset UTILIS_DB UTILIS_NOW UTILIS_PROGRESS
export LC_ALL=C.UTF-8
fail=0 pass=0

report() { # name status [detail]
	if [ "$2" = ok ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/    /'
	fi
}

# --- 1. generated references are current -----------------------------------
"$top/scripts/gen-docs.sh" "$bin" "$scratch/gen" || report "gen-docs" fail
for f in docs/cli.md man/utilis.1; do
	if diff -u "$top/$f" "$scratch/gen/$f" >"$scratch/diff" 2>&1; then
		report "$f is current" ok
	else
		report "$f is current" fail "$(head -n 30 "$scratch/diff")
(the help changed: run 'make docs' and commit $f)"
	fi
done

# --- 2. the manual page -------------------------------------------------------
if command -v groff >/dev/null; then
	out=$(groff -k -man -Tutf8 -ww -z "$top/man/utilis.1" 2>&1)
	[ -z "$out" ] && report "man/utilis.1 formats cleanly" ok || report "man/utilis.1 formats cleanly" fail "$out"
	groff -k -man -Tutf8 "$top/man/utilis.1" 2>/dev/null | grep -q "utilis responses import" &&
		report "man/utilis.1 has every command" ok || report "man/utilis.1 has every command" fail
else
	report "groff is installed (make deps)" fail
fi

# --- 3. bash completion ----------------------------------------------------------
mkdir -p "$scratch/comp/bin"
ln -s "$bin" "$scratch/comp/bin/utilis"
(cd "$scratch/comp" && PATH=$scratch/comp/bin:$PATH "$bin" -q init &&
	"$bin" -q survey load "$top/surveys/gouvernance.yaml" "$top/surveys/participation.yaml")
complete_line() { # LINE: the completions offered at its end, space-separated
	(
		cd "$scratch/comp" || exit 1
		export PATH=$scratch/comp/bin:$PATH
		# shellcheck source=/dev/null
		source "$top/completion/utilis.bash"
		COMP_LINE=$1
		read -ra COMP_WORDS <<<"$1"
		[[ $1 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		_utilis
		printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
	)
}
while IFS='|' read -r line want; do
	[ -z "$line" ] && continue
	got=$(complete_line "$line")
	[ "$got" = "$want" ] && report "completion '$line'" ok ||
		report "completion '$line'" fail "want: $want
got:  $got"
done <<'EOF'
utilis sur|survey
utilis survey l|list load
utilis responses |erase export import
utilis responses export |gouvernance participation
utilis responses export g|gouvernance
utilis responses export gouvernance --f|--format
utilis responses export gouvernance --format |csv sav xlsx
utilis indicators compute x.yaml --lang |en fr
utilis --q|--quiet
utilis help jury |add assign conflict conflicts list order ties
EOF

# --- 4. make install -------------------------------------------------------------
# -o: install the binary under test as it is, never rebuilt here.
o=$(dirname "${bin#"$top"/}")
if make -s -C "$top" O="$o" -o "$o/utilis" install DESTDIR="$scratch/inst" PREFIX=/usr \
	>"$scratch/install.log" 2>&1 &&
	[ -x "$scratch/inst/usr/bin/utilis" ] && [ -f "$scratch/inst/usr/share/man/man1/utilis.1" ] &&
	[ -f "$scratch/inst/usr/share/bash-completion/completions/utilis" ]; then
	report "make install (DESTDIR, PREFIX)" ok
else
	report "make install (DESTDIR, PREFIX)" fail "$(cat "$scratch/install.log"; find "$scratch/inst" 2>/dev/null)"
fi

# --- 5. links between documents ------------------------------------------------------
# Every relative link of README.md and docs/*.md names a file that exists,
# and an anchor that one of its headings makes (as GitHub makes them).
links=$(cd "$top" && python3 - README.md docs/*.md <<'EOF'
import os, re, sys
def anchors(path):
    seen, out, fence = {}, set(), False
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            fence = not fence
        m = None if fence else re.match(r"(#+)\s+(.*?)\s*$", line)
        if m:
            a = re.sub(r"[^\w\- ]", "", m.group(2).replace("`", "").lower()).replace(" ", "-")
            n = seen.get(a, 0)
            seen[a] = n + 1
            out.add(a if n == 0 else "%s-%d" % (a, n))
    return out
for doc in sys.argv[1:]:
    text = re.sub(r"```.*?```", "", open(doc, encoding="utf-8").read(), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
        if not os.path.exists(dest):
            print("%s: link to %s: no such file" % (doc, target))
        elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
            print("%s: link to %s: no such heading in %s" % (doc, target, dest))
EOF
)
[ -z "$links" ] && report "links between documents" ok || report "links between documents" fail "$links"

# --- 6. the examples of the documentation -----------------------------------------
tmpl=$scratch/template
mkdir -p "$tmpl/bin"
ln -s "$bin" "$tmpl/bin/utilis"
ln -s "$bin" "$tmpl/utilis"
cp -r "$top/surveys" "$top/indicators" "$top/reports" "$tmpl/"
# As 'make demo' runs it: from the top, the binary given as ./PATH.
rel=$bin
case "$bin" in "$top"/*) rel=./${bin#"$top"/} ;; esac
if ! (cd "$top" && scripts/demo.sh "$rel" "$scratch/demo") >"$scratch/demo.out" 2>&1; then
	report "scripts/demo.sh (the examples' workspace)" fail "$(tail -n 20 "$scratch/demo.out")"
	echo "docs tests: $pass passed, $fail failed"
	exit 1
fi
# Its closing hint: the binary as typed at the top of the checkout, ./PATH
# (it said ././utilis), that runs from there.
hint=$(sed -n 's/^  \([^ ]*\) --db .* serve --edition .*/\1/p' "$scratch/demo.out")
if [ -n "$hint" ] && [[ $hint == ./* && $hint != ./.* && $hint != */./* && $hint != */../* ]] &&
	[ "$(cd "$top" && realpath "$hint")" = "$(realpath "$bin")" ]; then
	report "scripts/demo.sh: the closing hint's command ($hint)" ok
else
	report "scripts/demo.sh: the closing hint's command" fail "$(grep -- '--edition' "$scratch/demo.out")"
fi
cp "$scratch/demo/utilis.db" "$tmpl/utilis.db"
if ! (cd "$tmpl" && PATH=$tmpl/bin:$PATH "$top/tests/docs/fixtures.sh" "$top" "$scratch/demo") \
	>"$scratch/fixtures.log" 2>&1; then
	report "tests/docs/fixtures.sh" fail "$(tail -n 20 "$scratch/fixtures.log")"
	echo "docs tests: $pass passed, $fail failed"
	exit 1
fi

# The blocks: "FILE<TAB>LINE<TAB>EXIT<TAB>COMMAND" for each command, a line
# "FILE<TAB>LINE<TAB>block" before the commands of each block.
extract() { # FILE...
	awk '
	function flush() { if (cmd != "") { printf "%s\t%d\t%d\t%s\n", FILENAME, cmdline, want, cmd; cmd = "" } }
	FNR == 1 { inblock = 0; want = 0; pending = 0 }
	/^<!-- doc-test: exit [0-9]+ -->$/ && !inblock { pending = $4 + 0; next }
	/^```/ {
		if (inblock) { flush(); inblock = 0; want = 0; next }
		if ($0 ~ /^```(sh|bash|shell)[ \t]*$/) {
			inblock = 1; want = pending; cont = 0
			printf "%s\t%d\tblock\n", FILENAME, FNR
		}
		pending = 0
		next
	}
	!/^[ \t]*$/ && !inblock { pending = 0 }
	inblock {
		line = $0
		if (cont) { sub(/^[ \t]+/, " ", line); cmd = cmd line }
		else if (line ~ /^[ \t]*(\.\/)?utilis([ \t]|$)/) { sub(/^[ \t]+/, "", line); cmd = line; cmdline = FNR }
		else next
		cont = (cmd ~ /\\$/)
		if (cont) { sub(/[ \t]*\\$/, "", cmd); next }
		flush()
	}' "$@"
}

run_serve() { # DIR COMMAND: start, wait until it serves, stop it; 0 when all went well
	local dir=$1 cmd=$2 pid i
	# A free port instead of the example's, /etc/utilis in the scratch directory.
	if [[ $cmd =~ --listen[\ =]+[^\ ]+ ]]; then
		cmd=${cmd/"${BASH_REMATCH[0]}"/--listen 127.0.0.1:0}
	else
		cmd=$(sed -E 's/^((\.\/)?utilis( --?[a-z]+( [^- ][^ ]*)?)* serve)/\1 --listen 127.0.0.1:0/' <<<"$cmd")
	fi
	(cd "$dir" && PATH=$dir/bin:$PATH exec bash -c "exec $cmd") >"$dir/serve.log" 2>&1 </dev/null &
	pid=$!
	for i in $(seq 1 50); do
		grep -q '^serving ' "$dir/serve.log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q '^serving ' "$dir/serve.log"; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid"
		return 1
	fi
	kill -TERM "$pid"
	wait "$pid"
}

ncmd=0
block=0
while IFS=$'\t' read -r file line want cmd; do
	if [ "$want" = block ]; then
		block=$((block + 1))
		bdir=$scratch/block-$block
		continue
	fi
	[ -d "$bdir" ] || cp -a "$tmpl" "$bdir"
	ncmd=$((ncmd + 1))
	name="${file#"$top"/}:$line: $cmd"
	run=${cmd//\/etc\/utilis\//$bdir\/etc\/utilis\/}
	run=${run//\/srv\/utilis\//$bdir\/srv\/utilis\/}
	if [[ $run =~ ^(\./)?utilis(\ --?[a-z]+(\ [^-\ ][^\ ]*)?)*\ serve(\ |$) ]]; then
		if run_serve "$bdir" "$run"; then rc=0; else rc=$?; fi
		out=$(cat "$bdir/serve.log")
	elif [[ $run == *"responses erase"* && $run != *--yes* ]]; then
		# It asks for 'yes' on a terminal: give it one, and the answer.
		out=$(cd "$bdir" && { printf 'yes\n'; sleep 0.5; } | PATH=$bdir/bin:$PATH TERM=dumb \
			script -qec "$run" /dev/null 2>&1)
		rc=$?
	else
		out=$(cd "$bdir" && PATH=$bdir/bin:$PATH bash -c "$run" </dev/null 2>&1)
		rc=$?
	fi
	if [ "$rc" -eq "$want" ]; then
		report "$name" ok
	else
		report "$name" fail "exit $rc, expected $want:
$(printf '%s\n' "$out" | tail -n 15)"
	fi
done < <(extract "$top"/docs/*.md)	# README.md: tests/docs/readme.py, in order

# A documentation with no example left would pass: count them.
if [ "$ncmd" -lt 40 ]; then
	report "the documentation's examples were found ($ncmd commands)" fail
fi
echo "docs tests: $pass passed, $fail failed ($ncmd commands of the documentation)"
[ "$fail" -eq 0 ]
