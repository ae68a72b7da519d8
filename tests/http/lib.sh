# tests/http/lib.sh: what the curl tests of 'utilis serve' share, as
# tests/browser/lib.mjs does for the browser tests.  A test sources it with
# the name its summary line gives and the binary:
#
#   . "$(dirname "$0")/lib.sh" "http admin tests" "$1"
#
# It sets top (the repository), bin (the binary, absolute), scratch (a
# scratch folder, removed on exit with the server started in it; kept
# when KEEP is set), UTILIS_DB (a workspace in it) and secret (a file
# holding the admin password $admin_pw, for --admin-secret-file), and
# defines:
#
#   ok / ko MESSAGE                count a check that passed / failed
#   expect NAME WANT GOT           WANT and GOT the same
#   contains NAME FILE TEXT        TEXT in FILE (lacks: not in it)
#   q ARGS...                      utilis -q ARGS
#   code URL [curl args...]        the HTTP status; the body in $scratch/body,
#                                  the headers in $scratch/head ($http_auth,
#                                  when set, is sent as curl -u)
#   csrf FILE [N]                  the Nth anti-forgery token of the page in FILE
#   retry_says NAME fr|en          the 429 page in $scratch/body asks to try
#                                  again when its Retry-After ($scratch/head)
#                                  says, in that language
#   serve_start [serve args...]    'utilis serve' on a port of 127.0.0.1 the
#                                  system picks, TMPDIR $scratch/tmp; waits
#                                  (5 s at most) until it listens; sets base
#                                  and server_pid; its output in
#                                  $scratch/serve.out and serve.err
#   serve_stop                     SIGTERM, then its exit status
#   finish                         the summary line "NAME: N passed, M
#                                  failed"; fails when a check failed
set -u
test_name=$1
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-http.XXXXXX")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$scratch"
}
trap cleanup EXIT
export UTILIS_DB="$scratch/w.db"
unset UTILIS_NOW
pass=0 fail=0
http_auth=
admin_pw='correct horse battery staple'
secret=$scratch/secret
printf '%s\n' "$admin_pw" >"$secret"

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else ko "$1: expected '$2', got '$3'"; fi; }
contains() { if grep -qF -- "$3" "$2"; then ok; else ko "$1: '$3' not in $(basename "$2")"; fi; }
lacks() { if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $(basename "$2")"; else ok; fi; }
q() { "$bin" -q "$@"; }
code() {
	local url=$1
	shift
	curl -s -o "$scratch/body" -D "$scratch/head" -w '%{http_code}' \
		${http_auth:+-u "$http_auth"} "$@" "$url"
}
retry_says() {
	local n m unit
	n=$(tr -d '\r' <"$scratch/head" | sed -n 's/^retry-after: *\([0-9][0-9]*\)$/\1/Ip')
	if [ -z "$n" ]; then ko "$1: no Retry-After"; return; fi
	# a minute or more in whole minutes, rounded up
	if [ "$n" -ge 60 ]; then m=$(((n + 59) / 60)) unit=minute; else m=$n unit=second; fi
	[ "$2" = fr ] && [ "$unit" = second ] && unit=seconde
	[ "$m" -gt 1 ] && unit=${unit}s
	if [ "$2" = fr ]; then
		contains "$1 (Retry-After: $n)" "$scratch/body" "Réessayez dans $m $unit."
	else
		contains "$1 (Retry-After: $n)" "$scratch/body" "Try again in $m $unit."
	fi
}
csrf() {
	grep -o 'name="_csrf" value="[^"]*"' "$1" | sed -n "${2:-1}p" | sed 's/.*value="//;s/"$//'
}
serve_start() {
	mkdir -p "$scratch/tmp"
	TMPDIR=$scratch/tmp "$bin" serve --listen 127.0.0.1:0 "$@" \
		>"$scratch/serve.out" 2>"$scratch/serve.err" &
	server_pid=$!
	for _ in $(seq 50); do grep -q '^stop with' "$scratch/serve.out" 2>/dev/null && break; sleep 0.1; done
	base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' "$scratch/serve.out")
	if [ -z "$base" ]; then
		cat "$scratch/serve.out" "$scratch/serve.err"
		ko "the server did not start"
		finish
	fi
}
serve_stop() {
	local rc
	kill -TERM "$server_pid"
	wait "$server_pid"
	rc=$?
	server_pid=
	return $rc
}
finish() {
	echo "$test_name: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
