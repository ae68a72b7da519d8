#!/usr/bin/env bash
# The web-forms load benchmark and the SIGKILL durability check (not a
# timed test: it prints figures).  Run with 'make bench-collect', or:
#
#   bench/collect_bench.sh UTILIS COLLECT_LOAD [CONNECTIONS] [SECONDS]
#
# 1. Load: CONNECTIONS concurrent respondents (default 64) submit pages of
#    bench/collect.yaml on loopback for SECONDS (default 10), each page a
#    durable write; prints pages/s, p50/p99 latency, and the server's peak
#    memory (VmHWM).
# 2. Durability: the same load on a fresh server, which is killed with
#    SIGKILL in the middle; every page the server acknowledged (303) must
#    be in the workspace, and PRAGMA integrity_check must say ok.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
utilis=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
load=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
conns=${3:-64}
seconds=${4:-10}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-bench.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$scratch"' EXIT
export UTILIS_DB="$scratch/w.db"
cd "$scratch"

"$utilis" -q init
"$utilis" -q survey load "$top/bench/collect.yaml"
"$utilis" -q invite bench_collect --count 2048 | sed -n '2,$s#.*/r/##p' >tokens
"$utilis" -q invite bench_collect --count 2048 | sed -n '2,$s#.*/r/##p' >tokens2	# fresh links for the second run
printf 'benchmark admin secret, not used\n' >secret

start() { # start the server, set $pid and $port
	"$utilis" serve --listen 127.0.0.1:0 --per-ip 0 --max-connections 1024 \
		--admin-secret-file secret >serve.out 2>serve.err &
	pid=$!
	for _ in $(seq 100); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.05; done
	port=$(sed -n 's#^serving .* at http://127.0.0.1:\([0-9]*\)/$#\1#p' serve.out)
	[ -n "$port" ] || { cat serve.out serve.err; exit 1; }
}

echo "== load: $conns connections, ${seconds} s, pages of 10 questions, synchronous=FULL"
echo "   machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1))"
start
"$load" run 127.0.0.1 "$port" tokens "$conns" "$seconds" acks
echo "server peak memory: $(sed -n 's/^VmHWM:[[:space:]]*//p' /proc/$pid/status)"
kill -TERM "$pid"
wait "$pid" || true
pid=
echo "integrity_check: $(sqlite3 "$UTILIS_DB" 'PRAGMA integrity_check')"

echo "== durability: SIGKILL in the middle of the same load"
start
"$load" run 127.0.0.1 "$port" tokens2 "$conns" "$seconds" acks >load.out &
lpid=$!
sleep $(( seconds / 2 ))
kill -9 "$pid"
echo "server killed with SIGKILL after $(( seconds / 2 )) s"
pid=
wait "$lpid" || true
cat load.out
"$load" verify "$UTILIS_DB" "$top/bench/collect.yaml" acks
echo "integrity_check: $(sqlite3 "$UTILIS_DB" 'PRAGMA integrity_check')"
