#!/usr/bin/env bash
# Fault tests: what utilis does when the machine lets it down.  Each check
# says what is expected; a failure prints what happened instead.
#
#   tests/robust/faults.sh PATH/TO/utilis PATH/TO/collect_load
#
#  a. a full disk during an import (the workspace is as before, to the
#     byte) and during the exports and reports (no file, not even half of
#     one), with a message that says so: `ulimit -f` in a subshell that
#     ignores SIGXFSZ, so a write past the limit fails with EFBIG as on a
#     full disk; as root, also a real full file system (a 1 MB tmpfs:
#     ENOSPC); no temporary folder for the _ids of a large import;
#  b. SIGKILL of the server in the middle of submissions: every page it
#     acknowledged is in the workspace, which passes integrity_check (a short
#     run of the benchmark's check, bench/collect_bench.sh);
#  c. a workspace from a newer schema, a damaged file, a file that is not a
#     database, a read-only file (and, as root, a read-only file system): a
#     clear refusal, the file unchanged.  root writes anything, so as root
#     the read-only file checks run as nobody, on a copy of the binary and
#     of what they read placed where nobody can reach it (a clone in a
#     folder of mode 0700 is out of its reach); when no such place is
#     found, they are skipped with a notice;
#  d. two programs writing the same workspace: pages posted while an import
#     holds the write lock wait and are saved; an import waits for the lock
#     and says so; with UTILIS_WAIT it gives up with a clear message and
#     writes nothing; an import and a stream of pages at the same time both
#     succeed.
#
# Prints "fault tests: N passed, M failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
load=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
scratch=$(mktemp -d "${TMPDIR:-/tmp}/utilis-faults.XXXXXX")
server_pid= lock_pid= mnt= shared=
user_tmp=${TMPDIR:-/tmp}
cleanup() {
	[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
	[ -n "$lock_pid" ] && kill "$lock_pid" 2>/dev/null && wait "$lock_pid" 2>/dev/null
	[ -n "$mnt" ] && umount "$mnt" 2>/dev/null
	[ -n "$shared" ] && rm -rf "$shared"
	rm -rf "$scratch"
}
trap cleanup EXIT
cd "$scratch" || exit 1
mkdir tmp
export UTILIS_DB="$scratch/w.db" UTILIS_NOW=2026-01-15T10:00:00Z TMPDIR="$scratch/tmp"
pass=0 fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else ko "$1: expected '$2', got '$3'"; fi; }
contains() { if grep -qF -- "$3" "$2"; then ok; else ko "$1: '$3' not in:"; cat "$2"; fi; }
same() { if cmp -s "$2" "$3"; then ok; else ko "$1: '$3' changed"; fi; }
absent() { if [ -e "$2" ]; then ko "$1: '$2' exists"; else ok; fi; }
# no_leftover NAME: no temporary file left here or in $TMPDIR (libxlsxwriter's)
no_leftover() {
	local extra
	extra=$(ls -A tmp; ls -A . | grep -E '\.tmp|^out\.(csv|xlsx|sav)|^links\.csv|^report\.')
	if [ -z "$extra" ]; then ok; else ko "$1: left behind: $extra"; fi
}
q() { "$bin" -q "$@"; }
# full LIMIT_KB CMD...: run CMD with files limited to LIMIT_KB, as on a full disk
full() {
	local limit=$1
	shift
	(ulimit -f "$limit" && trap '' XFSZ && exec "$@")
}
# gen_csv FILE [N]: N (3,000) respondents of essai, every question that applies answered
gen_csv() {
	awk -v n="${2:-3000}" 'BEGIN {
		print "_id,_group,age,arrivee,ecoute,seul,aides,aides_autre,priorites,note,budget"
		for (i = 1; i <= n; i++)
			printf "r%d,g%d,%d,2020-01-%02d,%d,%d,repas autre,Texte libre numéro %d avec des mots,autre repas logement,%d,%d.5\n",
				i, i % 4, 16 + i % 80, 1 + i % 28, 1 + i % 3, 1 + (i * 7) % 3, (i * 7919) % 100003, i % 11, i % 500
	}' >"$1"
}
# Start the server; sets server_pid and base.
start_server() {
	"$bin" serve --listen 127.0.0.1:0 --per-ip 0 --admin-secret-file secret >serve.out 2>serve.err &
	server_pid=$!
	for _ in $(seq 100); do grep -q '^stop with' serve.out 2>/dev/null && break; sleep 0.05; done
	base=$(sed -n 's#^serving .* at \(http://[^ ]*\)/$#\1#p' serve.out)
	[ -n "$base" ] || { cat serve.out serve.err; ko "server did not start"; }
}
stop_server() {
	kill -TERM "$server_pid"
	wait "$server_pid"
	server_pid=
}

q init
q survey load "$top/tests/data/good/essai.yaml"
q survey load "$top/bench/collect.yaml"
gen_csv big.csv
printf 'fault tests admin secret, not used\n' >secret

# --- a. a full disk ---------------------------------------------------------
cp w.db before.db
full 200 "$bin" responses import essai big.csv >out 2>err
expect "import on a full disk: exit status" 74 $?
contains "import on a full disk: says so" err "(is the disk full?)"
contains "import on a full disk: nothing imported" err "nothing was imported"
same "import on a full disk: workspace as before" before.db w.db
absent "import on a full disk: no log left" w.db-wal
no_leftover "import on a full disk"

# the _ids of a large file go to a temporary file in $TMPDIR (collect/idset.c):
# none can be made, the import stops and writes nothing; otherwise it is
# removed (unlinked when made), and an _id given twice is still named
awk 'BEGIN { print "_id,age"; for (i = 1; i <= 150000; i++) printf "id%d,%d\n", i, 16 + i % 80 }' >ids.csv
TMPDIR=$scratch/none "$bin" responses import essai ids.csv >out 2>err
expect "import without a temporary folder: exit status" 74 $?
contains "import without a temporary folder: says so" err "cannot create a temporary file in"
same "import without a temporary folder: workspace as before" before.db w.db
printf 'id1,30\n' >>ids.csv
"$bin" responses import essai ids.csv >out 2>err
expect "_id given twice in a large file: exit status" 65 $?
contains "_id given twice in a large file: row and first row" err "ids.csv:150002:1: error: _id 'id1' is given twice (first at row 2)"
same "_id given twice in a large file: workspace as before" before.db w.db
no_leftover "_id given twice in a large file"

# a file of 4 MB or more is written through a rollback journal instead of the
# log (store_begin_bulk()): as all-or-nothing on a full disk and when killed,
# and the workspace back to the log afterwards
gen_csv large.csv 45000
count_essai() { "$bin" survey list | awk '$1 == "essai" { print $3 }'; }
n_before=$(count_essai)
sqlite3 w.db .dump >before.sql
cp w.db pre-large.db
full 2000 "$bin" responses import essai large.csv >out 2>err
expect "large import on a full disk: exit status" 74 $?
contains "large import on a full disk: nothing imported" err "nothing was imported"
sqlite3 w.db .dump >after.sql
same "large import on a full disk: the same data" before.sql after.sql
absent "large import on a full disk: no journal left" w.db-journal
expect "large import on a full disk: back to the log" wal "$(sqlite3 w.db 'PRAGMA journal_mode')"
# killed once its pages have started to go into w.db (more than the 16 MB
# page cache holds): the journal left behind is hot, and the next command,
# a read-only one, must undo it rather than refuse to read
gen_csv huge.csv 400000
size0=$(stat -c %s w.db)
"$bin" responses import essai huge.csv >out 2>err &
imp_pid=$!
for _ in $(seq 1500); do
	[ -e w.db-journal ] && [ "$(stat -c %s w.db)" -gt "$size0" ] && break
	kill -0 "$imp_pid" 2>/dev/null || break
	sleep 0.02
done
kill -9 "$imp_pid" 2>/dev/null
wait "$imp_pid" 2>/dev/null
expect "large import killed: while writing into the workspace" yes \
	"$([ -e w.db-journal ] && [ "$(stat -c %s w.db)" -gt "$size0" ] && echo yes)"
"$bin" survey list >out 2>err
expect "large import killed: a read-only command reads (exit status)" 0 $?
expect "large import killed: the respondents as before" "$n_before" "$(count_essai)"
expect "large import killed: integrity_check" ok "$(sqlite3 w.db 'PRAGMA integrity_check')"
sqlite3 w.db .dump >after.sql
same "large import killed: the same data" before.sql after.sql
"$bin" responses import essai large.csv >out 2>err
expect "large import: exit status" 0 $?
contains "large import: every row" out "imported 45000 respondents"
expect "large import: back to the log" wal "$(sqlite3 w.db 'PRAGMA journal_mode')"
absent "large import: no journal left" w.db-journal
expect "large import: integrity_check" ok "$(sqlite3 w.db 'PRAGMA integrity_check')"
cp pre-large.db w.db	# the workspace as the next tests expect it

q responses import essai big.csv
cp w.db before.db
for f in out.csv out.xlsx out.sav; do
	full 100 "$bin" responses export essai -o "$f" >out 2>err
	expect "export $f on a full disk: exit status" 74 $?
	contains "export $f on a full disk: says so" err "nothing was written to '$f'"
	absent "export $f on a full disk: no half file" "$f"
	no_leftover "export $f on a full disk"
done
# a survey with repeats: a file per repeat, all or none (CSV, sav: the
# members' file, 1 MB, outgrows the limit while the boards', 170 kB, fits)
q survey load "$top/tests/data/good/conseil.yaml"
awk 'BEGIN { print "_id,nmembres"; for (i = 1; i <= 2000; i++) printf "b%d,5\n", i }' >board.csv
awk 'BEGIN { print "_id,_index,nom,age,fonction"; for (i = 1; i <= 10000; i++)
	printf "b%d,%d,M%d,%d,Membre du conseil chargé des finances et de la stratégie numéro %d\n",
		int((i - 1) / 5) + 1, i, i, 20 + i % 60, i }' >board-membres.csv
printf '_id,_index,_parent_index,debut\n' >board-mandats.csv
q responses import conseil board.csv
cp w.db before.db
for f in rep.csv rep.xlsx rep.sav; do
	full 200 "$bin" responses export conseil -o "$f" >out 2>err
	expect "export $f of repeats on a full disk: exit status" 74 $?
	contains "export $f of repeats on a full disk: says so" err "nothing was written to '$f'"
	absent "export $f of repeats on a full disk: no half file" "$f"
	absent "export $f of repeats on a full disk: no members' file" "${f%.*}-membres.${f##*.}"
	absent "export $f of repeats on a full disk: no mandates' file" "${f%.*}-mandats.${f##*.}"
	no_leftover "export $f of repeats on a full disk"
done
same "exports of repeats on a full disk: workspace as before" before.db w.db
full 4 "$bin" survey export-xlsform "$top/tests/data/good/essai.yaml" -o form.xlsx >out 2>err
expect "export-xlsform on a full disk: exit status" 74 $?
contains "export-xlsform on a full disk: says so" err "form.xlsx"
absent "export-xlsform on a full disk: no half file" form.xlsx
full 40 "$bin" invite essai --count 2000 -o links.csv >out 2>err
expect "invite on a full disk: exit status" 74 $?
contains "invite on a full disk: no link made" err "no link was created"
absent "invite on a full disk: no half file" links.csv
same "exports on a full disk: workspace as before" before.db w.db

# the reports, on the twelve respondents of the report tests (their layouts name data/...)
ln -s "$top/tests/data" data
UTILIS_DB=$scratch/r.db q init
UTILIS_DB=$scratch/r.db q survey load "$top/surveys/utilite-sociale.yaml"
UTILIS_DB=$scratch/r.db q responses import utilite-sociale data/indicators/petit.csv 2>/dev/null
for f in report.pdf report.xlsx; do
	layout=data/reports/petit.yaml
	[ "$f" = report.xlsx ] && layout=data/reports/petit-classeur.yaml
	UTILIS_DB=$scratch/r.db full 40 "$bin" report "$layout" -o "$f" >out 2>err
	expect "$f on a full disk: exit status" 74 $?
	absent "$f on a full disk: no half file" "$f"
	no_leftover "$f on a full disk"
done
UTILIS_DB=$scratch/r.db full 40 "$bin" report data/reports/petit.yaml -o report.pdf >out 2>err
contains "report.pdf on a full disk: says why" err "cannot write 'report.pdf': File too large"
UTILIS_DB=$scratch/r.db full 40 "$bin" report data/reports/petit-classeur.yaml -o report.xlsx >out 2>err
contains "report.xlsx on a full disk: says why" err "cannot write 'report.xlsx': "

# A real full file system (ENOSPC), when this user may mount a tmpfs.
if [ "$(id -u)" = 0 ] && mkdir -p tmpfs && mount -t tmpfs -o size=4m utilis-faults tmpfs 2>/dev/null; then
	mnt=$scratch/tmpfs
	UTILIS_DB=$mnt/w.db q init
	UTILIS_DB=$mnt/w.db q survey load "$top/tests/data/good/essai.yaml"
	# what is left: room for SQLite's index (w.db-shm) and a few pages, then the disk is full
	dd if=/dev/zero of="$mnt/fill" bs=1k count=$(($(df -k --output=avail "$mnt" | tail -1) - 48)) 2>/dev/null
	cp "$mnt/w.db" before.db
	UTILIS_DB=$mnt/w.db "$bin" responses import essai big.csv >out 2>err
	expect "import on a full tmpfs: exit status" 74 $?
	contains "import on a full tmpfs: says so" err "disk is full"
	contains "import on a full tmpfs: nothing imported" err "nothing was imported"
	same "import on a full tmpfs: workspace as before" before.db "$mnt/w.db"
	"$bin" responses export essai -o "$mnt/x.csv" >out 2>err
	expect "export to a full tmpfs: exit status" 74 $?
	contains "export to a full tmpfs: says so" err "No space left on device"
	absent "export to a full tmpfs: no half file" "$mnt/x.csv"
	expect "export to a full tmpfs: nothing left there" "" "$(ls "$mnt" | grep x.csv)"
	# a read-only file system: reading works, writing is refused
	rm -f "$mnt/fill" "$mnt/w.db-wal" "$mnt/w.db-shm"
	mount -o remount,ro "$mnt"
	UTILIS_DB=$mnt/w.db "$bin" survey list >out 2>err
	expect "read-only file system: reading works" 0 $?
	UTILIS_DB=$mnt/w.db "$bin" responses import essai big.csv >out 2>err
	expect "read-only file system: import refused" 74 $?
	contains "read-only file system: says so" err "cannot write to workspace '$mnt/w.db': Read-only file system"
	umount "$mnt"
	mnt=
else
	echo "fault tests: not root or no tmpfs: the ENOSPC and read-only file system checks are skipped"
fi

# --- c. workspaces utilis must refuse ----------------------------------------
refuse() { # NAME FILE STATUS MESSAGE: a read and a write on FILE are refused
	local f=$2
	cp "$f" copy.db
	UTILIS_DB=$f "$bin" survey list >out 2>err
	expect "$1: list refused" "$3" $?
	contains "$1: list says why" err "$4"
	UTILIS_DB=$f "$bin" responses import essai "$top/tests/data/csv/essai-utilis.csv" >out 2>err
	expect "$1: import refused" "$3" $?
	contains "$1: import says why" err "$4"
	UTILIS_DB=$f "$bin" init >out 2>err
	expect "$1: init refused" "$3" $?
	same "$1: file unchanged" copy.db "$f"
	absent "$1: no log left" "$f-wal"
}
sqlite3 w.db "VACUUM INTO 'newer.db'; PRAGMA user_version" >/dev/null
sqlite3 newer.db "PRAGMA user_version = 42"
refuse "newer schema" newer.db 65 "workspace 'newer.db' was written by a newer utilis (schema 42, this one reads up to"
head -c 6000 w.db >cut.db
refuse "truncated file" cut.db 65 "'cut.db' is not a utilis workspace (database disk image is malformed)"
head -c 65536 /dev/urandom >random.db
refuse "random bytes" random.db 65 "'random.db' is not a utilis workspace (file is not a database)"
printf 'form_id,version\nessai,1\n' >text.db
refuse "a text file" text.db 65 "'text.db' is not a utilis workspace (file is not a database)"
sqlite3 other.db "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
refuse "another program's database" other.db 65 "'other.db' is not a utilis workspace (a SQLite database of another program)"
# a damaged page in the middle: found by the statement that reads it
sqlite3 w.db "VACUUM INTO 'damaged.db'"
printf 'damaged damaged damaged damaged' |
	dd of=damaged.db bs=1 seek=$(($(sqlite3 damaged.db 'PRAGMA page_size') * 3 + 100)) conv=notrunc 2>/dev/null
cp damaged.db copy.db
UTILIS_DB=damaged.db "$bin" responses export essai -o damaged.csv >out 2>err
rc=$?
[ $rc -ne 0 ] && ok || ko "damaged page: export did not fail"
contains "damaged page: says so" err "database disk image is malformed"
absent "damaged page: no half export" damaged.csv
same "damaged page: file unchanged" copy.db damaged.db

# A read-only workspace.  root writes anything: as root the checks run as
# nobody, in a folder of mode 0755 holding a copy of the binary and of the
# files they read, since nobody may be unable to reach the build (a clone in
# a folder of mode 0700 from 'mktemp -d') or the scratch folder.  The first
# folder where nobody runs the copy by its full path (so reaches the folder:
# SQLite resolves the workspace's full path) is used: under $TMPDIR, else /tmp.
as_user() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups env "$@"; else env "$@"; fi; }
# shared_place: sets shared to such a folder, or returns 1 with the reason in why
shared_place() {
	local base
	why=
	for base in "$user_tmp" /tmp; do
		shared=$(mktemp -d "$base/utilis-nobody.XXXXXX") || continue
		if chmod 755 "$shared" && cp "$bin" "$shared/utilis" && chmod 755 "$shared/utilis" &&
		   cp "$top/tests/data/good/essai-v2.yaml" "$top/tests/data/csv/essai-utilis-changed.csv" "$shared/" &&
		   chmod 644 "$shared/essai-v2.yaml" "$shared/essai-utilis-changed.csv" &&
		   as_user "$shared/utilis" --version >/dev/null 2>"$scratch/why"; then
			return 0
		fi
		why="$why${why:+; }in '$base': $(head -c 200 "$scratch/why")"
		rm -rf "$shared"
		shared=
	done
	[ -n "$why" ] || why="no temporary folder"
	return 1
}
if shared_place; then
	mkdir "$shared/ro" && sqlite3 w.db "VACUUM INTO '$shared/ro/w.db'" && chmod 444 "$shared/ro/w.db" && chmod 755 "$shared/ro"
	cp "$shared/ro/w.db" copy.db
	(cd "$shared" && as_user UTILIS_DB=ro/w.db ./utilis survey load essai-v2.yaml) >out 2>err
	expect "read-only file: load refused" 74 $?
	contains "read-only file: says so" err "cannot write to workspace 'ro/w.db': Permission denied"
	(cd "$shared" && as_user UTILIS_DB=ro/w.db ./utilis survey list) >out 2>err
	expect "read-only file in a read-only folder: list refused" 74 $?
	contains "read-only file in a read-only folder: says why" err "its folder 'ro' is not writable (Permission denied), and SQLite needs to create 'ro/w.db-shm' there"
	chmod 777 "$shared/ro"
	(cd "$shared" && as_user UTILIS_DB=ro/w.db ./utilis survey list) >out 2>err
	expect "read-only file in a writable folder: list works" 0 $?
	contains "read-only file in a writable folder: the surveys" out "bench_collect"
	(cd "$shared" && as_user UTILIS_DB=ro/w.db ./utilis responses import essai essai-utilis-changed.csv) >out 2>err
	expect "read-only file in a writable folder: import refused" 74 $?
	same "read-only file: unchanged" copy.db "$shared/ro/w.db"
	rm -rf "$shared"
	shared=
else
	echo "fault tests: NOTICE: the read-only file checks are skipped: user nobody cannot run a copy of the binary ($why)"
fi

# --- b. SIGKILL of the server during submissions -----------------------------
q invite bench_collect --count 64 | sed -n '2,$s#.*/r/##p' >links
start_server
"$load" run 127.0.0.1 "${base##*:}" links 8 3 acks >load.out 2>&1 &
load_pid=$!
sleep 1.5
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
wait "$load_pid"
saved=$(sed -n 's/^pages saved: \([0-9]*\).*/\1/p' load.out)
[ "${saved:-0}" -gt 0 ] && ok || { ko "SIGKILL: no page was saved before the kill"; cat load.out; }
"$load" verify "$UTILIS_DB" "$top/bench/collect.yaml" acks >verify.out 2>&1
expect "SIGKILL: every acknowledged page is in the workspace" 0 $?
contains "SIGKILL: verified" verify.out "acknowledged pages checked"
expect "SIGKILL: integrity_check" ok "$(sqlite3 "$UTILIS_DB" 'PRAGMA integrity_check')"

# --- d. two programs writing the same workspace ------------------------------
# hold the write lock as a long import would, for SECONDS, from the sqlite3 shell
hold_lock() {
	{ echo "BEGIN IMMEDIATE; INSERT INTO audit (at, action) VALUES ('2026-01-15T10:00:00Z', 'lock');"
	  sleep "$1"; echo "COMMIT;"; } | sqlite3 w.db &
	lock_pid=$!
	sleep 0.3
}
start_server
tok=$(q invite essai --count 1 | sed -n '2s#.*/r/##p')
curl -s -o page "$base/r/$tok"
csrf=$(grep -o 'name="_csrf" value="[^"]*"' page | head -1 | sed 's/.*value="//;s/"$//')
hold_lock 2
t0=$(date +%s%N)
st=$(curl -s -o body -w '%{http_code}' "$base/r/$tok" -d "_csrf=$csrf&_page=0&_lang=fr&_shown=age+arrivee&_action=next&age=30")
t1=$(date +%s%N)
wait "$lock_pid"
lock_pid=
expect "page posted during an import: saved once it ends" 303 "$st"
[ $(( (t1 - t0) / 1000000 )) -ge 1000 ] && ok || ko "page posted during an import: it did not wait"
expect "page posted during an import: in the workspace" started "$(q invite essai --list | grep "/r/$tok\$" | cut -d, -f4)"

hold_lock 2
"$bin" responses import essai "$top/tests/data/csv/essai-utilis.csv" >out 2>err
expect "import while another program writes: waits, then imports" 0 $?
contains "import while another program writes: says it waits" err "waiting for '$UTILIS_DB': another program (an import, the server...) is writing it"
contains "import while another program writes: imported" out "imported 4 respondents"
wait "$lock_pid"
lock_pid=

hold_lock 3
cp w.db before.db
UTILIS_WAIT=1 "$bin" responses import essai "$top/tests/data/csv/essai-fr.csv" --sep ';' >out 2>err
expect "import that cannot wait longer: exit status" 74 $?
contains "import that cannot wait longer: says why" err "another program (an import, the server...) has been writing '$UTILIS_DB' for more than 1 s; try again when it is done"
contains "import that cannot wait longer: nothing imported" err "nothing was imported"
wait "$lock_pid"
lock_pid=

# an import of 3,000 respondents while 8 respondents post pages
q invite bench_collect --count 32 | sed -n '2,$s#.*/r/##p' >links2
"$load" run 127.0.0.1 "${base##*:}" links2 8 2 acks >load.out 2>&1 &
load_pid=$!
sleep 0.5
sed 's/^r/s/' big.csv >big2.csv
"$bin" responses import essai big2.csv >out 2>err
expect "import during the load: imported" 0 $?
contains "import during the load: every row" out "imported 3000 respondents"
wait "$load_pid"
contains "pages during the import: every one saved" load.out "requests without a 303: 0"
"$load" verify "$UTILIS_DB" "$top/bench/collect.yaml" acks >verify.out 2>&1
expect "pages during the import: in the workspace" 0 $?
stop_server
expect "two writers: integrity_check" ok "$(sqlite3 "$UTILIS_DB" 'PRAGMA integrity_check')"
if [ -s serve.err ]; then ko "the server printed errors:"; cat serve.err; fi

echo "fault tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
