#!/usr/bin/env bash
# The server under abuse, measured (not a test: it prints figures; the
# checks are tests/robust/abuse.sh).  Each attack of docs/robustness.md
# runs against a server with its default limits, on loopback only:
#
#   bench/abuse_bench.sh UTILIS [ROWS]
#
# 1. slowloris: 64 connections from each of 127.0.0.2 ... 127.0.0.10, each
#    sending a header byte every 10 s and reconnecting when closed, for
#    40 s; a client from 127.0.0.1 asks for a page every 2 s (5 s at most):
#    how many it got, and its slowest;
# 2. the open link: one client starts as many links as it can for 10 s;
# 3. admin logins: one client tries wrong passwords on one keep-alive
#    connection for 5 s: tries a second, refused (429), lines logged; and
#    whether the secret followed by a NUL byte and junk is let in;
# 4. an import of ROWS respondents (default 300,000, made with 'simulate')
#    while 8 clients save pages and one views pages: the slowest page
#    view, and the saves' statuses.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
utilis=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
rows=${2:-300000}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-abuse.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$scratch"' EXIT
export UTILIS_DB="$scratch/w.db"
cd "$scratch"
secret='abuse benchmark admin secret'
printf '%s\n' "$secret" >secret

"$utilis" -q init
"$utilis" -q survey load "$top/tests/data/good/essai.yaml"
sed -e 's/^form_id: essai/form_id: essai_public/' -e 's/^settings: .*/settings: {anonymous: false, public: true}/' \
	"$top/tests/data/good/essai.yaml" >essai_public.yaml
"$utilis" -q survey load essai_public.yaml
"$utilis" -q invite essai --count 64 | sed -n '2,$s#.*/r/##p' >tokens

start() {
	"$utilis" serve --listen 127.0.0.1:0 --admin-secret-file secret >serve.out 2>serve.err &
	pid=$!
	for _ in $(seq 50); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.1; done
	port=$(sed -n 's#^serving .* at http://[^ ]*:\([0-9]*\)/$#\1#p' serve.out)
	open=$(sed -n 's#^open link of essai_public: .*/o/##p' serve.out)
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=; }

cat >attack.py <<'EOF'
import base64, concurrent.futures, http.client, re, socket, subprocess, sys, threading, time
what, port = sys.argv[1], int(sys.argv[2])

def get(path, headers={}, src="127.0.0.1", body=None, timeout=5):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(src, 0))
    t = time.monotonic()
    try:
        c.request("POST" if body is not None else "GET", path, body=body, headers=headers)
        r = c.getresponse()
        return r.status, r.read(), time.monotonic() - t, r
    except OSError:
        return 0, b"", time.monotonic() - t, None
    finally:
        c.close()

if what == "slowloris":
    stop = time.monotonic() + 40
    def attacker(a):
        conns = []
        while time.monotonic() < stop:
            while len(conns) < 64:
                s = socket.socket()
                s.bind((a, 0))
                s.settimeout(1)
                try:
                    s.connect(("127.0.0.1", port))
                    s.send(b"GET / HTTP/1.1\r\nHost: x\r\n")
                except OSError:
                    s.close()
                    time.sleep(0.5)
                    break
                conns.append(s)
            time.sleep(min(10, max(0, stop - time.monotonic())))
            alive = []
            for s in conns:
                try:
                    s.send(b"X")
                    alive.append(s)
                except OSError:
                    s.close()
            conns = alive
        for s in conns:
            s.close()
    ts = [threading.Thread(target=attacker, args=("127.0.0.%d" % i,)) for i in range(2, 11)]
    for t in ts:
        t.start()
    time.sleep(2)
    served, tries, slowest = 0, 0, 0.0
    while time.monotonic() < stop - 1:
        st, _, dt, _ = get("/static/utilis.css")
        tries += 1
        served += st == 200
        slowest = max(slowest, dt)
        time.sleep(max(0, 2 - dt))
    for t in ts:
        t.join()
    print("slowloris: %d of %d pages served, slowest %.2f s (5 s at most)" % (served, tries, slowest))

elif what == "open":
    token = sys.argv[3]
    st, body, _, _ = get("/o/" + token)
    csrf = re.search(rb'name="_csrf" value="([^"]*)"', body).group(1).decode()
    counts = {}
    t0 = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    while time.monotonic() - t0 < 10:
        c.request("POST", "/o/" + token, body="_csrf=%s&_action=start" % csrf,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        counts[r.status] = counts.get(r.status, 0) + 1
    print("open link: %s in 10 s" % ", ".join("%d x %d" % (v, k) for k, v in sorted(counts.items())))

elif what == "login":
    secret = sys.argv[3]
    counts = {}
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    t0 = time.monotonic()
    n = 0
    while time.monotonic() - t0 < 5:
        auth = base64.b64encode(b"x:wrong %d" % n).decode()
        c.request("GET", "/admin", headers={"Authorization": "Basic " + auth})
        r = c.getresponse()
        r.read()
        counts[r.status] = counts.get(r.status, 0) + 1
        n += 1
    print("admin login: %.0f wrong passwords a second; %s" % (n / 5, ", ".join("%d x %d" % (v, k) for k, v in sorted(counts.items()))))
    nul = base64.b64encode(b"x:" + secret.encode() + b"\0junk").decode()
    st, _, _, _ = get("/admin", {"Authorization": "Basic " + nul}, src="127.0.0.9")
    print("admin login: the secret + NUL + junk: %d" % st)

elif what == "import":
    tokens = open("tokens").read().split()
    csv_path, done = sys.argv[3], threading.Event()
    saves = {}
    lock = threading.Lock()
    def saver(tok):
        while not done.is_set():
            st, body, _, _ = get("/r/" + tok)
            m = re.search(rb'name="_csrf" value="([^"]*)"', body)
            if not m:
                continue
            st, _, _, _ = get("/r/" + tok, {"Content-Type": "application/x-www-form-urlencoded"},
                              body="_csrf=%s&_page=0&_lang=fr&_shown=age+arrivee&_action=save&age=33" % m.group(1).decode(),
                              timeout=60)
            with lock:
                saves[st] = saves.get(st, 0) + 1
    views = []
    def viewer():
        while not done.is_set():
            st, _, dt, _ = get("/r/" + tokens[-1], timeout=60)
            views.append(dt)
            time.sleep(0.02)
    ts = [threading.Thread(target=saver, args=(t,)) for t in tokens[:8]] + [threading.Thread(target=viewer)]
    for t in ts:
        t.start()
    time.sleep(1)
    t0 = time.monotonic()
    subprocess.run([sys.argv[4], "-q", "responses", "import", "essai", csv_path], check=True)
    took = time.monotonic() - t0
    time.sleep(1)
    done.set()
    for t in ts:
        t.join()
    views.sort()
    print("import of %s rows: %.1f s; page views: %d, median %.3f s, slowest %.2f s; saves: %s"
          % (sys.argv[5], took, len(views), views[len(views) // 2], views[-1],
             ", ".join("%d x %d" % (v, k) for k, v in sorted(saves.items()))))
EOF

start
/usr/bin/python3 attack.py slowloris "$port"
stop
start
/usr/bin/python3 attack.py open "$port" "$open"
echo "open link: $("$utilis" -q invite essai_public --list | grep -c '^(open link)') links made"
/usr/bin/python3 attack.py login "$port" "$secret"
echo "admin login: $(grep -c 'admin login' serve.err || true) lines logged"
stop

UTILIS_DB="$scratch/sim.db" "$utilis" -q init
UTILIS_DB="$scratch/sim.db" "$utilis" -q survey load "$top/tests/data/good/essai.yaml"
UTILIS_DB="$scratch/sim.db" "$utilis" -q simulate essai --n "$rows"
UTILIS_DB="$scratch/sim.db" "$utilis" -q responses export essai -o big.csv
start
/usr/bin/python3 attack.py import "$port" big.csv "$utilis" "$rows"
stop
