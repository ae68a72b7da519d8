#!/usr/bin/env bash
# The server under abuse: each attack of docs/robustness.md ("The server
# under abuse") against the real server, with the limits made small so that
# every check takes a few seconds.
#
#   tests/robust/abuse.sh PATH/TO/utilis
#
#  - slow connections (one header byte now and then) from two loopback
#    addresses: each address holds at most --per-ip (32) of them, each is closed
#    after --request-timeout, and a client from a third address gets its
#    page meanwhile;
#  - the open link: past --open-rate links a minute from one address, 429
#    with a delay, other addresses unaffected; /admin counts the links
#    opened and never saved apart;
#  - admin logins: each wrong password logged with the address (never the
#    password), 429 past 10 failures from one address or 100 from all, the
#    password compared whole (a NUL byte and junk after it is wrong);
#  - another program holding the workspace's write lock: a page saved gets
#    503 "réessayez dans un instant" after a bounded wait, nothing saved,
#    while page views and the admin page are served at once (one thread).
# Only loopback addresses (127.0.0.0/8).  Prints "abuse tests: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-abuse.XXXXXX")
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch" || exit 1
export UTILIS_DB="$scratch/w.db"
unset UTILIS_NOW
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else ko "$1: expected '$2', got '$3'"; fi; }
contains() { if grep -qF -- "$3" "$2"; then ok; else ko "$1: '$3' not in $2:"; head -c 600 "$2"; echo; fi; }
lacks() { if grep -qF -- "$3" "$2"; then ko "$1: '$3' in $2"; else ok; fi; }
# below NAME LIMIT VALUE: VALUE (seconds) < LIMIT
below() { if awk -v v="$3" -v l="$2" 'BEGIN { exit !(v < l) }'; then ok; else ko "$1: $3 s, not below $2 s"; fi; }
q() { "$bin" -q "$@"; }
code() { # URL [curl args...]: the HTTP status; body in body, headers in head
	local url=$1
	shift
	curl -s -o body -D head -w '%{http_code}' --max-time 10 "$@" "$url"
}
csrf() { grep -o 'name="_csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="//;s/"$//'; }

q init
q survey load "$top/tests/data/good/essai.yaml"
sed -e 's/^form_id: essai/form_id: essai_public/' -e 's/^settings: .*/settings: {anonymous: false, public: true}/' \
	"$top/tests/data/good/essai.yaml" >essai_public.yaml
q survey load essai_public.yaml
q invite essai --count 2 >links.csv
e1=$(sed -n '2s#.*/r/##p' links.csv)
e2=$(sed -n '3s#.*/r/##p' links.csv)
secret='abuse tests admin secret'
printf '%s\n' "$secret" >secret

# start [OPTIONS...]: the server on a free port, $base its address
start() {
	"$bin" serve --listen 127.0.0.1:0 --admin-secret-file secret "$@" >serve.out 2>serve.err &
	server_pid=$!
	for _ in $(seq 50); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.1; done
	base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' serve.out)
	port=${base##*:}
	[ -n "$base" ] || { cat serve.out serve.err; echo "abuse tests: 0 passed, 1 failed"; exit 1; }
}
stop() {
	kill -TERM "$server_pid"
	wait "$server_pid"
	expect "stopped cleanly" 0 $?
	server_pid=
}

# --- slow connections ----------------------------------------------------------
# slow.py PORT ADDRS N EVERY WATCH: N connections from each address, each
# sending a request header one byte every EVERY seconds; prints how many
# were still open after 1 s (held), the latest a held one was closed, and
# how many were still open after WATCH seconds.
cat >slow.py <<'EOF'
import socket, sys, time
port, addrs, n, every, watch = int(sys.argv[1]), sys.argv[2].split(","), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
t0 = time.monotonic()
conns = []
for a in addrs:
    for _ in range(n):
        s = socket.socket()
        s.bind((a, 0))
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            continue
        s.setblocking(False)
        conns.append([s, None])
data = b"GET /static/utilis.css HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
sent, held, last = 0, None, 0.0
while time.monotonic() - t0 < watch:
    for c in conns:
        if c[1] is not None:
            continue
        try:
            if c[0].recv(1) == b"":
                c[1] = time.monotonic() - t0
                continue
        except BlockingIOError:
            pass
        except OSError:
            c[1] = time.monotonic() - t0
            continue
        try:
            c[0].send(data[sent:sent + 1])
        except OSError:
            c[1] = time.monotonic() - t0
    sent += 1
    if held is None and time.monotonic() - t0 >= 1:
        held = sum(1 for c in conns if c[1] is None)
    time.sleep(every)
closed = [c[1] for c in conns if c[1] is not None and c[1] >= 1]
print("held=%d closed_by=%.1f open=%d" % (held or 0, max(closed) if closed else 0,
                                          sum(1 for c in conns if c[1] is None)))
EOF
start --max-connections 70 --request-timeout 3 --threads 2
# 2 addresses x 40: at the old 64 per address they held all 70 slots
/usr/bin/python3 slow.py "$port" 127.0.0.2,127.0.0.3 40 0.25 8 >slow.out &
slow_pid=$!
sleep 1.5
got=$(curl -s -o body -w '%{http_code} %{time_total}' --max-time 10 "$base/r/$e1")
expect "slow connections: another client still served" 200 "${got% *}"
below "slow connections: another client served at once" 2 "${got#* }"
wait "$slow_pid"
read -r held closed_by open <<<"$(tr '=' ' ' <slow.out | awk '{ print $2, $4, $6 }')"
expect "slow connections: 32 held per address (--per-ip)" 64 "$held"
expect "slow connections: none left after the deadline" 0 "$open"
below "slow connections: closed at the deadline (3 s)" 6 "$closed_by"
# a request sent whole in time is not cut, however long the page takes
expect "a normal request after them" 200 "$(code "$base/r/$e1")"
stop
contains "slow connections: logged" serve.err "had not sent a whole request within 3 s"

# --- the open link ----------------------------------------------------------------
start --open-rate 3
open=$(sed -n 's#^open link of essai_public: .*/o/##p' serve.out)
code "$base/o/$open" >/dev/null
co=$(csrf body)
for i in 1 2 3; do
	expect "open link: link $i" 303 "$(code "$base/o/$open" -d "_csrf=$co&_action=start")"
done
expect "open link: past the rate" 429 "$(code "$base/o/$open" -d "_csrf=$co&_action=start")"
contains "open link: says when to retry" head "Retry-After: "
contains "open link: in French" body "Réessayez dans"
expect "open link: 3 links made, not more" 3 "$(q invite essai_public --list | grep -c '^(open link)')"
expect "open link: another address is not limited" 303 "$(code "$base/o/$open" -d "_csrf=$co&_action=start" --interface 127.0.0.2)"
new=$(sed -n 's#^Location: \.\./r/\([A-Za-z0-9_-]*\).*#\1#p' head)
code "$base/r/$new" >/dev/null
expect "open link: a page saved" 303 "$(code "$base/r/$new" -d "_csrf=$(csrf body)&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=40" --interface 127.0.0.2)"
expect "open link: admin" 200 "$(code "$base/admin" -u "x:$secret")"
# links 4, of which 3 opened and never saved, 1 started
contains "open link: opened apart from started" body '<td class="num">4</td><td class="num">0</td><td class="num">3</td><td class="num">1</td><td class="num">0</td>'
expect "open link: admin survey page" 200 "$(code "$base/admin/essai_public" -u "x:$secret")"
contains "open link: opened on the survey page" body 'Ouvert par le lien public, rien enregistré</th><td class="num">3</td>'
# a language chosen on the start page goes with the new link
expect "open link: in English" 303 "$(code "$base/o/$open" -d "_csrf=$co&_action=start&_lang=en" --interface 127.0.0.3)"
contains "open link: the language in the address" head "?lang=en"

# --- admin logins -------------------------------------------------------------------
nul=$(printf 'x:%s\0junk' "$secret" | base64 -w0)
expect "admin: the secret then a NUL byte and junk" 401 "$(code "$base/admin" -H "Authorization: Basic $nul" --interface 127.0.0.4)"
expect "admin: the secret then junk" 401 "$(code "$base/admin" -u "x:${secret}junk" --interface 127.0.0.4)"
expect "admin: a prefix of the secret" 401 "$(code "$base/admin" -u "x:${secret%?}" --interface 127.0.0.4)"
expect "admin: the secret" 200 "$(code "$base/admin" -u "x:$secret" --interface 127.0.0.4)"
for i in $(seq 9); do code "$base/admin" -u "x:wrong $i" >/dev/null; done
expect "admin: 10th wrong password" 401 "$(code "$base/admin" -u "x:wrong 10")"
expect "admin: 11th refused" 429 "$(code "$base/admin" -u "x:wrong 11")"
contains "admin: says when to retry" head "Retry-After: "
expect "admin: even the secret, from there" 429 "$(code "$base/admin" -u "x:$secret")"
expect "admin: from another address" 200 "$(code "$base/admin" -u "x:$secret" --interface 127.0.0.5)"
expect "admin: each wrong password logged" 10 "$(grep -c 'admin login: wrong password from 127.0.0.1$' serve.err)"
expect "admin: and the others' " 3 "$(grep -c 'admin login: wrong password from 127.0.0.4$' serve.err)"
contains "admin: the refusal logged once" serve.err "admin login: too many wrong passwords from 127.0.0.1, refused for"
lacks "admin: no password in the log" serve.err "wrong 1"
lacks "admin: no password in the log" serve.err "junk"
# 100 failures in all (13 made, 200 more tried from twenty addresses, a
# token back a second): every address is refused a while
refused=0
for a in $(seq 10 29); do
	for i in $(seq 10); do
		[ "$(code "$base/admin" -u "x:w$i" --interface "127.0.0.$a")" = 429 ] && refused=$((refused + 1))
	done
done
if [ "$refused" -ge 50 ]; then ok; else ko "admin: past 100 failures from all addresses: $refused refused"; fi
contains "admin: the global refusal logged" serve.err "too many wrong passwords from all addresses"
stop

# --- another program holds the write lock -------------------------------------------
start --threads 1
code "$base/r/$e2" >/dev/null
c=$(csrf body)
/usr/bin/python3 - "$UTILIS_DB" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=5)
db.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(5)
db.execute("ROLLBACK")
EOF
lock_pid=$!
for _ in $(seq 50); do [ -e locked ] && break; sleep 0.1; done
t0=$(date +%s.%N)
curl -s -o post.body -w '%{http_code}' --max-time 10 "$base/r/$e2" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=33" >post.code &
post_pid=$!
sleep 0.3
slowest=0
for i in $(seq 8); do
	got=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "$base/r/$e1")
	[ "${got% *}" = 200 ] || ko "locked: page view $i: ${got% *}"
	slowest=$(awk -v a="$slowest" -v b="${got#* }" 'BEGIN { print (b > a ? b : a) }')
done
below "locked: page views served at once (the slowest of 8)" 1.5 "$slowest"
got=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 -u "x:$secret" "$base/admin/essai")
expect "locked: the admin page" 200 "${got% *}"
below "locked: the admin page at once" 1.5 "${got#* }"
wait "$post_pid"
t1=$(date +%s.%N)
expect "locked: the page saved gets 503" 503 "$(cat post.code)"
contains "locked: try again in a moment" post.body "Réessayez dans un instant"
below "locked: after a bounded wait (2 s)" 4.5 "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
wait "$lock_pid"
expect "locked: nothing saved" invited "$(q invite essai --list | grep "/r/$e2\$" | cut -d, -f4)"
expect "unlocked: the page saved" 303 "$(code "$base/r/$e2" -d "_csrf=$c&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=33")"
expect "unlocked: saved" started "$(q invite essai --list | grep "/r/$e2\$" | cut -d, -f4)"
stop
expect "workspace intact" ok "$(sqlite3 "$UTILIS_DB" "PRAGMA integrity_check")"

echo "abuse tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
