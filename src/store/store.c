/*
 * store: the workspace, one SQLite file (see store.h for the contract).
 * This file opens and checks the database, creates and migrates its schema,
 * and holds every query of the project: survey versions, respondents with
 * their answers, and the audit log.  All SQL that carries a value goes
 * through a prepared statement with bound parameters; the frequent ones are
 * prepared once per connection and kept in struct store.  Only constant SQL
 * (pragmas, migration scripts) is run with sqlite3_exec().
 *
 * Answer layout.  Each respondent is ONE ROW, and its answers are ONE
 * compact BLOB in that row: positional, slot i for the question of index i
 * of the survey version (store/record.h has the format; a Likert answer
 * costs two bytes).  Survey versions are immutable, so slots never move.
 * The instances of repeats follow the slots in the same BLOB (record
 * format 0x02), so they live and die with the respondent's row: erasure,
 * secure_delete and the anonymity rules apply to them unchanged.
 * Measured on this kind of machine, 1,000,000 respondents x 40 answers,
 * one transaction, synchronous=FULL (bench/store_bench.c):
 *   - one row per answer (respondent, question, value): 26-36 s, 600 MB;
 *   - a wide table per survey version, one column per question: 5.1 s,
 *     97 MB, and DDL for every version;
 *   - a JSON object per respondent {"q":"v",...}: 13.6 s and 535 MB through
 *     this module (the CHECK(json_valid) parses every row, and the names are
 *     repeated in every row); a JSON array without names: 2.9 s;
 *   - this BLOB: 1.3 s and 100 MB.
 * Reading decodes each row in C into reused buffers (store_answers_each),
 * never with SQL functions.  What is lost is ad hoc SQL on answers; the
 * exports (CSV, XLSX, SPSS) are the way to look at them.
 *
 * Workspace identity.  PRAGMA application_id holds STORE_APPLICATION_ID and
 * PRAGMA user_version the schema version.  An empty database (user_version
 * 0, no tables) is new and gets the schema; any other database without our
 * application_id belongs to someone else and is refused untouched, as is a
 * workspace whose user_version is above STORE_SCHEMA_VERSION.  The checks
 * run before anything is written (even before journal_mode=WAL, which
 * rewrites the file header).
 *
 * Timestamps are UTC 'YYYY-MM-DDTHH:MM:SSZ'.  The environment variable
 * UTILIS_NOW, in that same format, replaces the clock, so that command-line
 * tests get stable output.
 */
#include "store/store.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/internal.h"
#include "store/record.h"
#include "util/afile.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* PRAGMA application_id of a workspace: 'util' in ASCII. */
#define STORE_APPLICATION_ID 0x7574696c

/*
 * Migrations: migrations[v] turns schema v-1 into schema v and runs in one
 * transaction with the new user_version (and, for v = 1, the
 * application_id).  A later change appends step 2, 3, ... and raises
 * STORE_SCHEMA_VERSION; released steps are never edited.
 */
static const char *const migrations[] = {
	NULL,	/* 0: the empty database */
	/* 1: survey versions, respondents with their answers, audit log */
	"CREATE TABLE survey_version ("
	"  id INTEGER PRIMARY KEY,"
	"  form_id TEXT NOT NULL,"
	"  version INTEGER NOT NULL CHECK (version > 0),"
	"  title TEXT,"
	"  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
	"  file TEXT,"
	"  source TEXT NOT NULL,"
	"  loaded_at TEXT NOT NULL,"
	"  UNIQUE (form_id, version)"
	") STRICT;"
	"CREATE TABLE respondent ("
	"  id INTEGER PRIMARY KEY,"
	"  survey_version_id INTEGER NOT NULL REFERENCES survey_version(id),"
	"  ext_id TEXT,"
	"  grp TEXT,"
	"  wave TEXT,"
	"  token TEXT,"
	"  status TEXT NOT NULL DEFAULT 'invited'"
	"    CHECK (status IN ('invited', 'started', 'submitted')),"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT,"
	"  submitted_at TEXT,"
	"  answers BLOB NOT NULL DEFAULT x''"
	") STRICT;"
	/* Partial indexes: most rows have neither (an import has no tokens). */
	"CREATE INDEX respondent_version_ext ON respondent(survey_version_id, ext_id)"
	"  WHERE ext_id IS NOT NULL;"
	"CREATE UNIQUE INDEX respondent_token ON respondent(token) WHERE token IS NOT NULL;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT"
	") STRICT;",
	/*
	 * 2: web collection (store/invite.c).  An invitation is a respondent
	 * link: its token, the contact it was made for, progress (status, the
	 * page where the respondent stopped, the language chosen) and the
	 * draft answers.  The respondent row is written only at submission;
	 * for an anonymous survey the invitation then forgets its draft and
	 * keeps no pointer to that row, so answers cannot be traced back to
	 * a token or a contact.  open_link holds the one open link of a
	 * public survey; secret holds server keys (anti-forgery tokens).
	 */
	"CREATE TABLE invitation ("
	"  id INTEGER PRIMARY KEY,"
	"  survey_version_id INTEGER NOT NULL REFERENCES survey_version(id),"
	"  token TEXT NOT NULL UNIQUE,"
	"  is_open INTEGER NOT NULL DEFAULT 0 CHECK (is_open IN (0, 1)),"
	"  name TEXT,"
	"  email TEXT,"
	"  grp TEXT,"
	"  wave TEXT,"
	"  status TEXT NOT NULL DEFAULT 'invited'"
	"    CHECK (status IN ('invited', 'started', 'submitted')),"
	"  page INTEGER NOT NULL DEFAULT 0 CHECK (page >= 0),"
	"  lang TEXT,"
	"  draft BLOB NOT NULL DEFAULT x'',"
	"  respondent_id INTEGER UNIQUE REFERENCES respondent(id) ON DELETE SET NULL,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT"
	") STRICT;"
	"CREATE INDEX invitation_version ON invitation(survey_version_id, status);"
	"CREATE TABLE open_link ("
	"  form_id TEXT PRIMARY KEY,"
	"  token TEXT NOT NULL UNIQUE,"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE TABLE secret ("
	"  name TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL"
	") STRICT;",
	/*
	 * 3: the prize jury (store/jury.c).  Jurors of an edition with their
	 * link; declared conflicts of interest; assignments of jurors to
	 * candidates (a candidate is a submitted respondent of the application
	 * form), each with its sheet: the juror's grid answers, a respondent
	 * of the grid survey.  jury_audit records every change, with old and
	 * new values, so that a scorecard can be explained months later.
	 */
	"CREATE TABLE juror ("
	"  id INTEGER PRIMARY KEY,"
	"  edition TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  email TEXT,"
	"  organisation TEXT,"
	"  token TEXT NOT NULL UNIQUE,"
	"  submitted_at TEXT,"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE UNIQUE INDEX juror_email ON juror(edition, email) WHERE email IS NOT NULL;"
	"CREATE TABLE jury_conflict ("
	"  juror_id INTEGER NOT NULL REFERENCES juror(id) ON DELETE CASCADE,"
	"  candidate_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,"
	"  reason TEXT NOT NULL,"
	"  declared_by TEXT NOT NULL CHECK (declared_by IN ('analyst', 'juror')),"
	"  created_at TEXT NOT NULL,"
	"  PRIMARY KEY (juror_id, candidate_id)"
	") STRICT;"
	"CREATE TABLE jury_assignment ("
	"  juror_id INTEGER NOT NULL REFERENCES juror(id) ON DELETE CASCADE,"
	"  candidate_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,"
	"  sheet_id INTEGER UNIQUE REFERENCES respondent(id) ON DELETE SET NULL,"
	"  created_at TEXT NOT NULL,"
	"  PRIMARY KEY (juror_id, candidate_id)"
	") STRICT;"
	"CREATE INDEX jury_assignment_candidate ON jury_assignment(candidate_id);"
	"CREATE TABLE jury_audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  edition TEXT NOT NULL,"
	"  juror_id INTEGER,"
	"  candidate_id INTEGER,"
	"  action TEXT NOT NULL,"
	"  detail TEXT"
	") STRICT;"
	"CREATE INDEX jury_audit_edition ON jury_audit(edition, id);",
	/*
	 * 4: e-mail (store/mail.c).  mail_log holds one row per message of a
	 * link (seq 0 the invitation, n the n-th reminder) with its state:
	 * 'sending' is committed before the message's text goes out, 'sent'
	 * after the server's 250; 'refused' (5xx) and 'deferred' (4xx, a
	 * dropped connection) are not counted as sent.  mail_stop holds the
	 * links whose address must get no more mail: opted out through the
	 * link, or refused by the server; the address is kept lower-cased so
	 * that every link to it is stopped.  Both go with their link when it
	 * is erased.
	 */
	"CREATE TABLE mail_log ("
	"  id INTEGER PRIMARY KEY,"
	"  invitation_id INTEGER NOT NULL REFERENCES invitation(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  template TEXT NOT NULL,"
	"  message_id TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'refused', 'deferred')),"
	"  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
	"  reply TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  UNIQUE (invitation_id, seq)"
	") STRICT;"
	"CREATE TABLE mail_stop ("
	"  invitation_id INTEGER PRIMARY KEY REFERENCES invitation(id) ON DELETE CASCADE,"
	"  email TEXT NOT NULL,"
	"  reason TEXT NOT NULL CHECK (reason IN ('optout', 'refused')),"
	"  at TEXT NOT NULL,"
	"  reply TEXT"
	") STRICT;"
	"CREATE INDEX mail_stop_email ON mail_stop(email);",
	/*
	 * 5: panels (settings.panel).  respondent.panel is the person's panel
	 * key: 64 hex digits of HMAC-SHA-256 of the survey and the contact
	 * under the workspace's 'panel' secret, the same in every wave, never
	 * the contact itself.  invitation.contact_key stands for the contact
	 * of a link without an e-mail address (32 random hex digits), copied
	 * to the links that invite the same person again.
	 */
	"ALTER TABLE respondent ADD COLUMN panel TEXT CHECK (panel IS NULL OR length(panel) = 64);"
	"CREATE INDEX respondent_panel ON respondent(panel) WHERE panel IS NOT NULL;"
	"ALTER TABLE invitation ADD COLUMN contact_key TEXT;",
	/*
	 * 6: conflicts found before they are declared, and the laureates' follow-up
	 * (store/jury.c).  jury_tie: the ties a juror states (employer, board
	 * seats, funders), names as given.  jury_suggestion: each potential
	 * conflict found by `jury conflicts --suggest`, one row per juror,
	 * candidate and what matched (a name's key or a SIREN); pending until
	 * the analyst confirms it (a jury_conflict row is written with it) or
	 * dismisses it, and remembered so a dismissed match is not suggested
	 * again.  jury_followup: the follow-up invitation made for a laureate,
	 * so that its answers attach to the candidate.
	 */
	"CREATE TABLE jury_tie ("
	"  id INTEGER PRIMARY KEY,"
	"  juror_id INTEGER NOT NULL REFERENCES juror(id) ON DELETE CASCADE,"
	"  kind TEXT NOT NULL CHECK (kind IN ('employer', 'board', 'funder')),"
	"  name TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX jury_tie_juror ON jury_tie(juror_id);"
	"CREATE TABLE jury_suggestion ("
	"  juror_id INTEGER NOT NULL REFERENCES juror(id) ON DELETE CASCADE,"
	"  candidate_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,"
	"  match TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (state IN ('pending', 'confirmed', 'dismissed')),"
	"  created_at TEXT NOT NULL,"
	"  decided_at TEXT,"
	"  PRIMARY KEY (juror_id, candidate_id, match)"
	") STRICT;"
	"CREATE TABLE jury_followup ("
	"  edition TEXT NOT NULL,"
	"  candidate_id INTEGER NOT NULL REFERENCES respondent(id) ON DELETE CASCADE,"
	"  invitation_id INTEGER NOT NULL UNIQUE REFERENCES invitation(id) ON DELETE CASCADE,"
	"  created_at TEXT NOT NULL,"
	"  PRIMARY KEY (edition, candidate_id)"
	") STRICT;",
	/*
	 * 7: the matching's introductions (store/match.c).  match_intro:
	 * the introduction by e-mail of a pair (need and offer, as `utilis match`
	 * names them) to one side, claimed 'sending' before its text goes and
	 * 'sent' after the server's 250, as mail_log does for invitations.
	 * match_followup: the follow-up link made for one side of a pair, so
	 * that its answers attach to the pair (its company, sector and kind
	 * kept for the programme's indicators).
	 */
	"CREATE TABLE match_intro ("
	"  need_id TEXT NOT NULL,"
	"  offer_id TEXT NOT NULL,"
	"  side TEXT NOT NULL CHECK (side IN ('association', 'volunteer')),"
	"  email TEXT NOT NULL,"
	"  message_id TEXT NOT NULL,"
	"  state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'refused', 'deferred')),"
	"  attempts INTEGER NOT NULL DEFAULT 1,"
	"  reply TEXT,"
	"  created_at TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (need_id, offer_id, side)"
	") STRICT;"
	"CREATE TABLE match_followup ("
	"  need_id TEXT NOT NULL,"
	"  offer_id TEXT NOT NULL,"
	"  side TEXT NOT NULL CHECK (side IN ('association', 'volunteer')),"
	"  company TEXT NOT NULL,"
	"  sector TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('seat', 'mission')),"
	"  introduced_at TEXT NOT NULL,"
	"  invitation_id INTEGER NOT NULL UNIQUE REFERENCES invitation(id) ON DELETE CASCADE,"
	"  created_at TEXT NOT NULL,"
	"  PRIMARY KEY (need_id, offer_id, side)"
	") STRICT;",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION + 1,
	       "one migration step per schema version");

/* The statements kept prepared for the life of a connection. */
enum query {
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_RELEASE,
	Q_ROLLBACK_TO,
	Q_SURVEY_SAME,
	Q_SURVEY_MAX,
	Q_SURVEY_INSERT,
	Q_SURVEY_GET,
	Q_SURVEY_LIST,
	Q_RESP_INSERT,
	Q_RESP_GET,
	Q_RESP_BY_TOKEN,
	Q_RESP_STATUS,
	Q_ANSWERS_SAVE,
	Q_ANSWERS_GET,
	Q_AUDIT,
	Q__COUNT
};

_Static_assert(Q__COUNT <= STORE_NQUERIES, "raise STORE_NQUERIES");

#define SV_COLS "v.id, v.form_id, v.version, v.title, v.sha256, v.file, v.loaded_at, " \
	"(SELECT count(*) FROM respondent r WHERE r.survey_version_id = v.id)"
#define RESP_COLS "id, survey_version_id, ext_id, grp, wave, token, status, " \
	"created_at, updated_at, submitted_at, panel"

static const char *const query_sql[Q__COUNT] = {
	[Q_BEGIN] = "BEGIN IMMEDIATE",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_SAVEPOINT] = "SAVEPOINT store_op",
	[Q_RELEASE] = "RELEASE store_op",
	[Q_ROLLBACK_TO] = "ROLLBACK TO store_op",
	[Q_SURVEY_SAME] =
		"SELECT version FROM survey_version WHERE form_id = ?1 AND sha256 = ?2 LIMIT 1",
	[Q_SURVEY_MAX] = "SELECT max(version) FROM survey_version WHERE form_id = ?1",
	[Q_SURVEY_INSERT] =
		"INSERT INTO survey_version (form_id, version, title, sha256, file, source, loaded_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[Q_SURVEY_GET] =
		"SELECT " SV_COLS ", v.source FROM survey_version v"
		" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2)"
		" ORDER BY v.version DESC LIMIT 1",
	[Q_SURVEY_LIST] =
		"SELECT " SV_COLS " FROM survey_version v ORDER BY v.form_id, v.version",
	[Q_RESP_INSERT] =
		"INSERT INTO respondent (survey_version_id, ext_id, grp, wave, token, status,"
		" created_at, updated_at, submitted_at, answers, id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_RESP_GET] = "SELECT " RESP_COLS " FROM respondent WHERE id = ?1",
	[Q_RESP_BY_TOKEN] = "SELECT " RESP_COLS " FROM respondent WHERE token = ?1",
	[Q_RESP_STATUS] = "SELECT status FROM respondent WHERE id = ?1",
	[Q_ANSWERS_SAVE] =
		"UPDATE respondent SET answers = ?2,"
		" status = CASE WHEN ?3 THEN 'submitted' ELSE 'started' END,"
		" updated_at = ?4,"
		" submitted_at = CASE WHEN ?3 THEN ?4 ELSE NULL END"
		" WHERE id = ?1 AND status <> 'submitted'",
	[Q_ANSWERS_GET] = "SELECT answers FROM respondent WHERE id = ?1",
	[Q_AUDIT] = "INSERT INTO audit (at, action, detail) VALUES (?1, ?2, ?3)",
};


/* --- errors ----------------------------------------------------------- */

/* The UT_E* code for the connection's last SQLite error. */
static int code_of(sqlite3 *db)
{
	switch (sqlite3_errcode(db) & 0xff) {
	case SQLITE_CONSTRAINT:
		return UT_EDATA;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return UT_ESCHEMA;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return UT_EBUSY;
	default:
		return UT_EIO;
	}
}

/*
 * Record "<what>: <sqlite message>" in err and return the matching UT_E*
 * code.  Call it right after the failing SQLite call, before anything else
 * touches the connection.
 */
int store_fail(struct store *st, struct error *err, const char *fmt, ...)
{
	int code = code_of(st->db), ext = sqlite3_extended_errcode(st->db), primary = ext & 0xff;
	int sys = sqlite3_system_errno(st->db);
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (code == UT_EBUSY)
		error_set(err, "%s: another program (an import, the server...) has been writing "
			  "'%s' for more than %d s; try again when it is done",
			  what, st->path, (st->wait_ms + 999) / 1000);
	else if ((primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_CANTOPEN) &&
		 sys != 0)
		/* "disk I/O error" alone does not say that the disk is full or the file too large */
		error_set(err, "%s: %s (%s)", what, sqlite3_errmsg(st->db), strerror(sys));
	else if (primary == SQLITE_FULL || ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC ||
		 ext == SQLITE_IOERR_TRUNCATE || ext == SQLITE_IOERR_SHMSIZE)
		/*
		 * SQLite's errno is lost when the failed write was undone before
		 * it is read (a commit into the log): say what was being done.
		 */
		error_set(err, "%s: %s while writing '%s' (is the disk full?)", what,
			  sqlite3_errmsg(st->db), st->path);
	else
		error_set(err, "%s: %s", what, sqlite3_errmsg(st->db));
	return code;
}

static double monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * SQLite's busy handler: another connection holds the lock.  Sleep a
 * little (short sleeps first, as SQLite's own handler does) and try again,
 * until st->wait_ms have passed since the first try of this wait; give
 * the notice once when the wait grows long.  Returns 1 to try again, 0 to
 * give up (the statement then fails with SQLITE_BUSY).
 */
static int on_busy(void *arg, int count)
{
	static const int delays[] = { 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 };
	struct store *st = arg;
	double now = monotonic_now(), waited;
	int ms;

	if (count == 0) {
		st->wait_start = now;
		st->wait_noticed = 0;
	}
	waited = (now - st->wait_start) * 1000;
	if (waited >= st->wait_ms)
		return 0;
	if (!st->wait_noticed && waited >= STORE_WAIT_NOTICE_MS && st->wait_notice) {
		st->wait_noticed = 1;
		st->wait_notice(st->wait_ctx);
	}
	ms = count < (int)(sizeof(delays) / sizeof(delays[0])) ? delays[count] : 100;
	if (ms > st->wait_ms - (int)waited)
		ms = st->wait_ms - (int)waited;
	sqlite3_sleep(ms > 0 ? ms : 1);
	return 1;
}

void store_set_wait(struct store *st, int ms, void (*notice)(void *ctx), void *ctx)
{
	st->wait_ms = ms > 0 ? ms : 0;
	st->wait_notice = notice;
	st->wait_ctx = ctx;
}

int store_oom(struct error *err)
{
	error_set(err, "out of memory");
	return UT_EIO;
}

/* --- statements ------------------------------------------------------- */

/* The cached statement q, prepared on first use.  0 or a UT_E* code. */
static int prep(struct store *st, enum query q, sqlite3_stmt **out, struct error *err)
{
	*out = NULL;
	if (!st->stmt[q] &&
	    sqlite3_prepare_v3(st->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT,
			       &st->stmt[q], NULL) != SQLITE_OK) {
		st->stmt[q] = NULL;
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	}
	*out = st->stmt[q];
	return 0;
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out, struct error *err)
{
	size_t i;

	*out = NULL;
	for (i = 0; i < st->nadhoc; i++) {
		if (st->adhoc[i].sql == sql) {
			*out = st->adhoc[i].stmt;
			return 0;
		}
	}
	if (st->nadhoc == STORE_ADHOC_MAX) {
		error_set(err, "too many cached queries (raise STORE_ADHOC_MAX)");
		return UT_EIO;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	}
	st->adhoc[st->nadhoc].sql = sql;
	st->adhoc[st->nadhoc++].stmt = *out;
	return 0;
}

/* Make a cached statement ready for its next use and drop references to
 * the caller's strings. */
void store_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/* Bind s, or NULL when s is NULL; the caller keeps s alive until store_done(). */
int store_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	return s ? sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC)
		 : sqlite3_bind_null(stmt, i);
}

/* Run a cached statement that returns no rows. */
static int run(struct store *st, enum query q, const char *what, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, q, &stmt, err);

	if (rc < 0)
		return rc;
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "%s", what);
	store_done(stmt);
	return rc;
}

/* malloc'd copy of column i (NULL for SQL NULL).  -1 when out of memory. */
int store_dup_col(sqlite3_stmt *stmt, int i, char **out)
{
	const unsigned char *s;

	*out = NULL;
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return 0;
	s = sqlite3_column_text(stmt, i);
	if (!s)
		return -1;
	*out = strdup((const char *)s);
	return *out ? 0 : -1;
}

/* Column i as a string that lives until the next step (NULL for NULL). */
static char *peek_col(sqlite3_stmt *stmt, int i)
{
	return (char *)sqlite3_column_text(stmt, i);
}

/*
 * Transactions inside one store call: BEGIN IMMEDIATE when the caller has
 * none open (so the reads that decide a write happen under the write lock),
 * a savepoint inside the caller's transaction.
 */
int store_op_begin(struct store *st, int *outer, struct error *err)
{
	*outer = sqlite3_get_autocommit(st->db);
	return run(st, *outer ? Q_BEGIN : Q_SAVEPOINT, "cannot start a transaction", err);
}

/* Commit when rc is 0, else undo; returns rc or the commit's failure. */
int store_op_end(struct store *st, int outer, int rc, struct error *err)
{
	if (rc == 0) {
		rc = run(st, outer ? Q_COMMIT : Q_RELEASE, "cannot commit", err);
		if (rc == 0)
			return 0;
	}
	if (outer) {
		if (!sqlite3_get_autocommit(st->db))
			run(st, Q_ROLLBACK, "", NULL);
	} else {
		run(st, Q_ROLLBACK_TO, "", NULL);
		run(st, Q_RELEASE, "", NULL);
	}
	return rc;
}

/* --- time ------------------------------------------------------------- */

static int digits(const char *s, int n, int lo, int hi)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/*
 * The current time as UTC 'YYYY-MM-DDTHH:MM:SSZ' in buf.  UTILIS_NOW, when
 * set and not empty, is used instead of the clock (command-line tests set
 * it for stable output); it must have that same form, else UT_EDATA.
 */
int store_now(struct store *st, char buf[21], struct error *err)
{
	const char *env = getenv("UTILIS_NOW");
	time_t t;
	struct tm tm;

	if (env && *env) {
		if (strlen(env) != 20 || env[4] != '-' || env[7] != '-' || env[10] != 'T' ||
		    env[13] != ':' || env[16] != ':' || env[19] != 'Z' ||
		    !digits(env, 4, 0, 9999) || !digits(env + 5, 2, 1, 12) ||
		    !digits(env + 8, 2, 1, 31) || !digits(env + 11, 2, 0, 23) ||
		    !digits(env + 14, 2, 0, 59) || !digits(env + 17, 2, 0, 60)) {
			error_set(err, "UTILIS_NOW is '%s', not a UTC time like "
				  "'2024-01-31T12:00:00Z'", env);
			return UT_EDATA;
		}
		memcpy(buf, env, 21);
		return 0;
	}
	t = time(NULL);
	if (t != st->clock_sec || !st->clock_text[0]) {
		/* a bulk import stamps many rows in the same second */
		if (!gmtime_r(&t, &tm) ||
		    strftime(st->clock_text, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20) {
			st->clock_text[0] = '\0';
			error_set(err, "cannot read the clock");
			return UT_EIO;
		}
		st->clock_sec = t;
	}
	memcpy(buf, st->clock_text, 21);
	return 0;
}

/* --- opening ---------------------------------------------------------- */

/*
 * Step a one-row pragma or query that yields an integer into *val.
 * Returns the SQLite result code.
 */
static int query_int(struct store *st, const char *sql, int64_t *val)
{
	sqlite3_stmt *stmt;
	int rc;

	*val = 0;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*val = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int exec_sql(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

/* UT_ESCHEMA "'PATH' is not a utilis workspace (why)". */
__attribute__((format(printf, 3, 4)))
static int not_workspace(struct store *st, struct error *err, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	error_set(err, "'%s' is not a utilis workspace (%s)", st->path, why);
	return UT_ESCHEMA;
}

/*
 * PRAGMA quick_check: 0 when it says "ok", else UT_ESCHEMA with its first
 * complaint on one line (or the SQLite error that stopped it).
 */
int store_check(struct store *st, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return not_workspace(st, err, "%s", sqlite3_errmsg(st->db));
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		rc = not_workspace(st, err, "%s", sqlite3_errmsg(st->db));
	} else {
		const char *msg = (const char *)sqlite3_column_text(stmt, 0);

		if (msg && !strcmp(msg, "ok")) {
			rc = 0;
		} else {
			/* one line: drop the "*** in database main ***" heading */
			const char *nl;

			if (!msg)
				msg = "?";
			if (!strncmp(msg, "***", 3) && (nl = strchr(msg, '\n')))
				msg = nl + 1;
			rc = not_workspace(st, err, "quick_check: %.*s",
					   (int)strcspn(msg, "\n"), msg);
		}
	}
	sqlite3_finalize(stmt);
	return rc;
}

/*
 * The log's old frames are the copies that outlive a DELETE or an UPDATE:
 * secure_delete zeroes the freed space of a page, but the WAL still holds
 * every earlier version of that page until a checkpoint copies the newest
 * into the database and the log is cut to zero bytes.  A connection in a
 * read transaction (another program, a sqlite3 shell in BEGIN) may still
 * need those frames, so SQLite cannot restart the log: sqlite3 then
 * returns SQLITE_BUSY, or SQLITE_OK with frames left (a partial
 * checkpoint), after calling the busy handler for up to wait_ms.
 */
int store_purge(struct store *st, int wait_ms, int every_reader, struct error *err)
{
	int nlog = -1, nckpt = -1, rc, saved = st->wait_ms;

	st->wait_ms = wait_ms > 0 ? wait_ms : 0;
	/*
	 * A reader that began while the log was empty reads the database file
	 * alone, and a checkpoint with nothing to copy does not wait for it.
	 * Rewriting page 1 (the same user_version) gives it something to copy,
	 * which it cannot do under that reader.
	 */
	if (every_reader) {
		int64_t v = 0;
		char sql[64];

		if (query_int(st, "PRAGMA user_version", &v) != SQLITE_OK) {
			st->wait_ms = saved;
			return store_fail(st, err, "cannot read '%s'", st->path);
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %lld", (long long)v);
		rc = exec_sql(st, sql);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
			st->wait_ms = saved;
			return store_fail(st, err, "cannot write '%s'", st->path);
		}
	}
	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &nlog, &nckpt);
	st->wait_ms = saved;
	if (rc == SQLITE_BUSY || (rc == SQLITE_OK && (nlog != 0 || nckpt != 0))) {
		error_set(err, "another program holds workspace '%s' open: old copies of changed "
			  "or erased data remain in '%s-wal' until it is closed", st->path, st->path);
		return UT_EBUSY;
	}
	if (rc != SQLITE_OK)
		return store_fail(st, err, "cannot checkpoint the log of '%s'", st->path);
	return 0;
}

/*
 * Decide what the database is, writing nothing.  Returns 0 with *version
 * the workspace's schema version (0 for a new, empty database), or
 * UT_ESCHEMA / UT_EIO.
 */
static int check_identity(struct store *st, int64_t *version, struct error *err)
{
	int64_t app_id = 0, ntables = 0;
	int rc;

	*version = 0;
	rc = query_int(st, "PRAGMA application_id", &app_id);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return not_workspace(st, err, "%s", sqlite3_errmsg(st->db));
	if (rc != SQLITE_OK)
		return store_fail(st, err, "cannot read '%s'", st->path);
	rc = query_int(st, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(st, "SELECT count(*) FROM sqlite_schema", &ntables);
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return not_workspace(st, err, "%s", sqlite3_errmsg(st->db));
	if (rc != SQLITE_OK)
		return store_fail(st, err, "cannot read '%s'", st->path);

	if (app_id == 0 && *version == 0 && ntables == 0)
		return 0;	/* new */
	if (app_id != STORE_APPLICATION_ID) {
		if (app_id == 0)
			return not_workspace(st, err, "a SQLite database of another program");
		return not_workspace(st, err, "a SQLite database of another program, "
				     "application_id 0x%08llx",
				     (unsigned long long)(uint32_t)app_id);
	}
	if (*version > STORE_SCHEMA_VERSION) {
		error_set(err, "workspace '%s' was written by a newer utilis "
			  "(schema %lld, this one reads up to %d)",
			  st->path, (long long)*version, STORE_SCHEMA_VERSION);
		return UT_ESCHEMA;
	}
	if (*version < 1)
		return not_workspace(st, err, "schema version %lld", (long long)*version);
	/*
	 * No PRAGMA quick_check here: it reads the whole file (2.4 s for a
	 * million respondents) on every command.  A damaged page is reported
	 * by the statement that reads it; store_check() runs the full check.
	 */
	return 0;
}

/*
 * Bring the schema from version `from` to STORE_SCHEMA_VERSION, one
 * transaction per step.  Each step re-reads user_version under the write
 * lock, so two processes opening a new file at once create it only once.
 */
static int migrate(struct store *st, int64_t from, struct error *err)
{
	for (int v = (int)from + 1; v <= STORE_SCHEMA_VERSION; v++) {
		char sql[96];
		int64_t cur = 0;

		if (exec_sql(st, "BEGIN IMMEDIATE") != SQLITE_OK)
			return store_fail(st, err, "cannot upgrade workspace '%s'", st->path);
		if (query_int(st, "PRAGMA user_version", &cur) != SQLITE_OK)
			goto bad;
		if (cur >= v) {		/* another process did this step */
			if (exec_sql(st, "COMMIT") != SQLITE_OK)
				goto bad;
			continue;
		}
		if (exec_sql(st, migrations[v]) != SQLITE_OK)
			goto bad;
		if (v == 1) {
			snprintf(sql, sizeof(sql), "PRAGMA application_id = %d",
				 STORE_APPLICATION_ID);
			if (exec_sql(st, sql) != SQLITE_OK)
				goto bad;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
		if (exec_sql(st, sql) != SQLITE_OK || exec_sql(st, "COMMIT") != SQLITE_OK)
			goto bad;
		continue;
bad:
		{
			int rc = store_fail(st, err, "cannot upgrade workspace '%s' to schema %d",
				      st->path, v);

			if (!sqlite3_get_autocommit(st->db))
				exec_sql(st, "ROLLBACK");
			return rc == UT_EDATA ? UT_EIO : rc;
		}
	}
	return 0;
}

/*
 * Whether the workspace at path can be opened as flags ask, before SQLite
 * tries (its own message for a read-only file, "attempt to write a
 * readonly database", does not say what to do).  A write needs the file
 * and its folder writable (SQLite keeps its log, PATH-wal and PATH-shm,
 * beside the file).  A read of a file in a folder where PATH-shm cannot be
 * created works only when nobody can write the file either (a read-only
 * file system): then *immutable is set and the file is read without
 * locks.  Returns 0, or UT_EIO with the reason in err.
 */
static int check_access(const char *path, int flags, int *immutable, struct error *err)
{
	char *dir = strdup(path), *slash;
	char shm[4096];
	struct statvfs vfs;
	int rc = 0;

	*immutable = 0;
	if (!dir)
		return store_oom(err);
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (!(flags & STORE_READONLY)) {
		if (access(path, W_OK) < 0 && errno != ENOENT)
			rc = error_set(err, "cannot write to workspace '%s': %s", path, strerror(errno));
		else if (access(dir, W_OK) < 0)
			rc = error_set(err, "cannot write to workspace '%s': its folder '%s' is not "
				       "writable (%s), and SQLite writes its log beside the file",
				       path, dir, strerror(errno));
	} else if (access(dir, W_OK) < 0) {
		int why = errno;

		snprintf(shm, sizeof(shm), "%s-shm", path);
		if (access(shm, F_OK) == 0)
			;	/* a writer made it: SQLite reads through it */
		else if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
			*immutable = 1;
		else
			rc = error_set(err, "cannot read workspace '%s': its folder '%s' is not "
				       "writable (%s), and SQLite needs to create '%s' there",
				       path, dir, strerror(why), shm);
	}
	free(dir);
	return rc < 0 ? UT_EIO : 0;
}

int store_open(struct store **out, const char *path, int flags, struct error *err)
{
	struct store *st;
	struct stat sb;
	int64_t version = 0;
	int oflags, rc, immutable = 0;

	*out = NULL;
	if (!path || !*path) {
		error_set(err, "no workspace path given");
		return UT_ENOTFOUND;
	}
	if (!(flags & STORE_CREATE) || (flags & STORE_READONLY)) {
		if (stat(path, &sb) < 0) {
			if (errno == ENOENT) {
				error_set(err, "no workspace at '%s' (create one with 'utilis init')",
					  path);
				return UT_ENOTFOUND;
			}
			error_set(err, "cannot open '%s': %s", path, strerror(errno));
			return UT_EIO;
		}
	}
	rc = check_access(path, flags, &immutable, err);
	if (rc < 0)
		return rc;
	afile_protect(path);	/* no output file of utilis may replace it */

	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return store_oom(err);
	}
	st->flags = flags;
	strbuf_init(&st->rec, 0);

	/* One thread at a time uses a struct store: no mutex needed. */
	oflags = SQLITE_OPEN_NOMUTEX;
	if (flags & STORE_READONLY)
		oflags |= SQLITE_OPEN_READONLY;
	else
		oflags |= SQLITE_OPEN_READWRITE | (flags & STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
	if (immutable) {
		char *uri = sqlite3_mprintf("file:%s?immutable=1", path);

		rc = uri ? sqlite3_open_v2(uri, &st->db, oflags | SQLITE_OPEN_URI, NULL) : SQLITE_NOMEM;
		sqlite3_free(uri);
	} else {
		rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
	}
	if (rc != SQLITE_OK) {
		if (st->db)
			error_set(err, "cannot open '%s': %s", path, sqlite3_errmsg(st->db));
		else
			store_oom(err);
		rc = UT_EIO;
		goto fail;
	}

	/*
	 * DEFENSIVE keeps SQL from corrupting the file on purpose
	 * (writable_schema and the like), and with trusted_schema off a forged
	 * schema cannot run functions behind our back.  The identity check comes before any
	 * pragma, as the first statement that reads the file is the one that
	 * finds out it is not a database.
	 */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	st->wait_ms = STORE_WAIT_DEFAULT_MS;
	sqlite3_busy_handler(st->db, on_busy, st);
	rc = check_identity(st, &version, err);
	if (rc < 0)
		goto fail;
	/*
	 * secure_delete for the life of the connection: SQLite zeroes what a
	 * DELETE or UPDATE frees only when it is on at that moment, and a
	 * page freed while it was off keeps its old bytes in the file.
	 */
	if (exec_sql(st, "PRAGMA foreign_keys = ON;"
			 "PRAGMA secure_delete = ON;"
			 "PRAGMA synchronous = FULL") != SQLITE_OK) {
		rc = store_fail(st, err, "cannot set up '%s'", path);
		goto fail;
	}
	if (flags & STORE_READONLY) {
		if (version < STORE_SCHEMA_VERSION) {
			rc = not_workspace(st, err, version ? "schema %lld needs an upgrade: "
					   "open it once for writing" : "empty database",
					   (long long)version);
			goto fail;
		}
	} else {
		if (exec_sql(st, "PRAGMA journal_mode = WAL") != SQLITE_OK) {
			rc = store_fail(st, err, "cannot set up '%s'", path);
			goto fail;
		}
		rc = migrate(st, version, err);
		if (rc < 0)
			goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int q = 0; q < Q__COUNT; q++)
		sqlite3_finalize(st->stmt[q]);
	for (size_t i = 0; i < st->nadhoc; i++)
		sqlite3_finalize(st->adhoc[i].stmt);
	sqlite3_close_v2(st->db);
	strbuf_release(&st->rec);
	record_buf_release(&st->dec);
	free(st->path);
	free(st);
}

int store_begin(struct store *st, struct error *err)
{
	return run(st, Q_BEGIN, "cannot start a transaction", err);
}

int store_commit(struct store *st, struct error *err)
{
	int rc = run(st, Q_COMMIT, "cannot commit", err);

	if (rc < 0)
		store_rollback(st);
	return rc;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK, "", NULL);
}

/* --- audit log -------------------------------------------------------- */

static int audit_at(struct store *st, const char *at, const char *action,
		    const char *detail, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_AUDIT, &stmt, err);

	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, at) || store_bind_text(stmt, 2, action) ||
	    store_bind_text(stmt, 3, detail) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot write the audit log of '%s'", st->path);
	store_done(stmt);
	return rc;
}

int store_audit(struct store *st, const char *action, const char *detail,
		struct error *err)
{
	char now[21];
	int rc;

	if (!action || !*action) {
		error_set(err, "audit entry without an action");
		return UT_EDATA;
	}
	rc = store_now(st, now, err);
	return rc < 0 ? rc : audit_at(st, now, action, detail, err);
}

/* --- survey versions ------------------------------------------------- */

void survey_version_release(struct survey_version *sv)
{
	if (!sv)
		return;
	free(sv->form_id);
	free(sv->title);
	free(sv->sha256);
	free(sv->file);
	free(sv->loaded_at);
	free(sv->source);
	memset(sv, 0, sizeof(*sv));
}

void survey_versions_free(struct survey_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		survey_version_release(&v[i]);
	free(v);
}

/* Fill sv from a row of SV_COLS (and the source as column 8 when with_source). */
static int sv_from_row(sqlite3_stmt *stmt, struct survey_version *sv, int with_source)
{
	memset(sv, 0, sizeof(*sv));
	sv->id = sqlite3_column_int64(stmt, 0);
	sv->version = sqlite3_column_int(stmt, 2);
	sv->nrespondents = sqlite3_column_int64(stmt, 7);
	if (store_dup_col(stmt, 1, &sv->form_id) || store_dup_col(stmt, 3, &sv->title) ||
	    store_dup_col(stmt, 4, &sv->sha256) || store_dup_col(stmt, 5, &sv->file) ||
	    store_dup_col(stmt, 6, &sv->loaded_at) ||
	    (with_source && store_dup_col(stmt, 8, &sv->source))) {
		survey_version_release(sv);
		return -1;
	}
	return 0;
}

int store_survey_put(struct store *st, const char *form_id, int version,
		     const char *title, const char *file, const char *source,
		     enum store_put_result *res, struct error *err)
{
	char sha[65], now[21];
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int outer, rc;

	if (!form_id || !*form_id || !source || version <= 0) {
		error_set(err, "cannot store survey '%s': %s", form_id ? form_id : "",
			  !form_id || !*form_id ? "no form_id" :
			  !source ? "no source" : "its version must be a positive integer");
		return UT_EDATA;
	}
	sha256_hex(source, strlen(source), sha);
	rc = store_now(st, now, err);
	if (rc < 0)
		return rc;
	rc = store_op_begin(st, &outer, err);
	if (rc < 0)
		return rc;

	/* the same text again: nothing to do */
	rc = prep(st, Q_SURVEY_SAME, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || store_bind_text(stmt, 2, sha)) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		*res = STORE_UNCHANGED;
		store_done(stmt);
		goto out;
	case SQLITE_DONE:
		break;
	default:
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	store_done(stmt);

	/* a change must come with a higher version */
	rc = prep(st, Q_SURVEY_MAX, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_step(stmt) != SQLITE_ROW) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		int64_t max = sqlite3_column_int64(stmt, 0);

		if (max >= version) {
			error_set(err, "survey '%s' version %d is already loaded with different "
				  "content (highest stored version: %lld); increase 'version' "
				  "to load a change", form_id, version, (long long)max);
			rc = UT_EDATA;
			store_done(stmt);
			goto out;
		}
	}
	store_done(stmt);

	rc = prep(st, Q_SURVEY_INSERT, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    store_bind_text(stmt, 3, title) || store_bind_text(stmt, 4, sha) ||
	    store_bind_text(stmt, 5, file) || store_bind_text(stmt, 6, source) ||
	    store_bind_text(stmt, 7, now) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot store survey '%s' version %d", form_id, version);
	store_done(stmt);
	if (rc < 0)
		goto out;

	if (strbuf_addf(&detail, "%s version %d sha256 %s", form_id, version, sha) < 0 ||
	    (file && strbuf_addf(&detail, " file %s", file) < 0)) {
		rc = store_oom(err);
		goto out;
	}
	rc = audit_at(st, now, "survey.load", detail.buf, err);
	if (rc == 0)
		*res = STORE_ADDED;
out:
	strbuf_release(&detail);
	return store_op_end(st, outer, rc, err);
}

int store_survey_get(struct store *st, const char *form_id, int version,
		     struct survey_version *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_SURVEY_GET, &stmt, err);

	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version)) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			rc = sv_from_row(stmt, out, 1) < 0 ? store_oom(err) : 1;
			break;
		case SQLITE_DONE:
			rc = 0;
			break;
		default:
			rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		}
	}
	store_done(stmt);
	return rc;
}

int store_survey_list(struct store *st, struct survey_version **out, size_t *n,
		      struct error *err)
{
	struct survey_version *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_SURVEY_LIST, &stmt, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (nv == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			struct survey_version *nvv = realloc(v, na * sizeof(*v));

			if (!nvv)
				break;
			v = nvv;
			alloc = na;
		}
		if (sv_from_row(stmt, &v[nv], 0) < 0)
			break;
		nv++;
	}
	if (rc == SQLITE_DONE) {
		rc = 0;
	} else if (rc == SQLITE_ROW) {
		rc = store_oom(err);
	} else {
		rc = store_fail(st, err, "cannot list the surveys of '%s'", st->path);
	}
	store_done(stmt);
	if (rc < 0) {
		survey_versions_free(v, nv);
		return rc;
	}
	if (!v && !(v = calloc(1, sizeof(*v))))
		return store_oom(err);
	*out = v;
	*n = nv;
	return 0;
}

/* --- respondents ------------------------------------------------------ */

static const char *const status_names[] = {
	[RESP_INVITED] = "invited",
	[RESP_STARTED] = "started",
	[RESP_SUBMITTED] = "submitted",
};

int store_status_parse(const char *s, enum respondent_status *out)
{
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, status_names[i])) {
			*out = (enum respondent_status)i;
			return 0;
		}
	return -1;
}

void respondent_release(struct respondent *r)
{
	if (!r)
		return;
	free(r->ext_id);
	free(r->group);
	free(r->wave);
	free(r->token);
	free(r->created_at);
	free(r->updated_at);
	free(r->submitted_at);
	free(r->panel);
	memset(r, 0, sizeof(*r));
}

/*
 * Fill r from a row of RESP_COLS.  With copy, strings are malloc'd (release
 * with respondent_release); without, they point into the row and live until
 * the next step.  0, UT_EIO (out of memory) or UT_ESCHEMA.
 */
int store_resp_from_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r,
			 int copy, struct error *err)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(stmt, 0);
	r->survey_version_id = sqlite3_column_int64(stmt, 1);
	if (store_status_parse(peek_col(stmt, 6), &r->status) < 0) {
		error_set(err, "respondent %lld in '%s' has an unknown status",
			  (long long)r->id, st->path);
		return UT_ESCHEMA;
	}
	if (!copy) {
		r->ext_id = peek_col(stmt, 2);
		r->group = peek_col(stmt, 3);
		r->wave = peek_col(stmt, 4);
		r->token = peek_col(stmt, 5);
		r->created_at = peek_col(stmt, 7);
		r->updated_at = peek_col(stmt, 8);
		r->submitted_at = peek_col(stmt, 9);
		r->panel = peek_col(stmt, 10);
		return 0;
	}
	if (store_dup_col(stmt, 2, &r->ext_id) || store_dup_col(stmt, 3, &r->group) ||
	    store_dup_col(stmt, 4, &r->wave) || store_dup_col(stmt, 5, &r->token) ||
	    store_dup_col(stmt, 7, &r->created_at) || store_dup_col(stmt, 8, &r->updated_at) ||
	    store_dup_col(stmt, 9, &r->submitted_at) || store_dup_col(stmt, 10, &r->panel)) {
		respondent_release(r);
		return store_oom(err);
	}
	return 0;
}

/* Run Q_RESP_GET or Q_RESP_BY_TOKEN, already bound, into *out. */
static int resp_fetch(struct store *st, sqlite3_stmt *stmt, struct respondent *out,
		      struct error *err)
{
	int rc;

	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		rc = store_resp_from_row(st, stmt, out, 1, err);
		if (rc == 0)
			rc = 1;
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(st, err, "cannot look up a respondent in '%s'", st->path);
	}
	store_done(stmt);
	return rc;
}

int store_respondent_get(struct store *st, int64_t id, struct respondent *out,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_RESP_GET, &stmt, err);

	if (rc < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot look up respondent %lld", (long long)id);
		store_done(stmt);
		return rc;
	}
	return resp_fetch(st, stmt, out, err);
}

int store_respondent_by_token(struct store *st, const char *token,
			      struct respondent *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (!token)
		return 0;
	rc = prep(st, Q_RESP_BY_TOKEN, &stmt, err);
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, token)) {
		rc = store_fail(st, err, "cannot look up a respondent by token");
		store_done(stmt);
		return rc;
	}
	return resp_fetch(st, stmt, out, err);
}

/* --- answers ---------------------------------------------------------- */

/* UT_EDATA "cannot save the answers of respondent N: why" (id 0: a new one). */
__attribute__((format(printf, 3, 4)))
static int refuse_answers(struct error *err, int64_t id, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (id)
		error_set(err, "cannot save the answers of respondent %lld: %s",
			  (long long)id, why);
	else
		error_set(err, "cannot save the answers of a new respondent: %s", why);
	return UT_EDATA;
}

/*
 * Encode n values into st->rec.  0, or UT_EDATA for text that is not
 * UTF-8 (id names the respondent in the message, 0 for one not yet created).
 */
static int encode_answers(struct store *st, int64_t id, const struct store_answers *a,
			  struct error *err)
{
	size_t bad = 0;

	if ((a->n && !a->values) || (a->ninst && !a->inst))
		return refuse_answers(err, id, "none given");
	switch (record_encode_repeats(a->values, a->n, a->inst, a->ninst, &st->rec, &bad)) {
	case 0:
		return 0;
	case -2:
		if (bad == SIZE_MAX)
			return refuse_answers(err, id, "a repeat instance is nested too deep");
		if (bad >= a->n)
			return refuse_answers(err, id, "an answer in a repeat is not valid UTF-8");
		return refuse_answers(err, id, "the answer in slot %zu is not valid UTF-8", bad);
	default:
		return store_oom(err);
	}
}

/*
 * A row number that tells nothing of when the row was written: drawn at
 * random below 2^31 (ten digits at most in exports), again while taken.
 * 0 with *id, or a UT_E* code.
 */
static int random_row_id(struct store *st, int64_t *id, struct error *err)
{
	for (int tries = 0; tries < 64; tries++) {
		uint32_t r;
		sqlite3_stmt *stmt;
		int rc, taken;

		if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return store_fail(st, err, "cannot draw a row number: %s", strerror(errno));
		*id = (int64_t)(r & 0x7fffffff);
		if (*id == 0)
			continue;
		if ((rc = store_prepare(st, "SELECT 1 FROM respondent WHERE id = ?1", &stmt, err)) < 0)
			return rc;
		sqlite3_bind_int64(stmt, 1, *id);
		taken = sqlite3_step(stmt) == SQLITE_ROW;
		store_done(stmt);
		if (!taken)
			return 0;
	}
	error_set(err, "cannot draw a free row number");
	return UT_EIO;
}

int store_resp_insert(struct store *st, int64_t survey_version_id, const char *ext_id,
		      const char *group, const char *wave, const char *token,
		      const struct store_answers *a, int submit, const char *at, int random_id,
		      int64_t *id, struct error *err)
{
	int answered = a->n || a->ninst;
	const char *status = submit ? "submitted" : answered ? "started" : "invited";
	sqlite3_stmt *stmt;
	int64_t rid = 0;
	char now[21];
	int rc;

	if (random_id && (rc = random_row_id(st, &rid, err)) < 0)
		return rc;

	if ((rc = encode_answers(st, 0, a, err)) < 0 ||
	    (!at && (rc = store_now(st, now, err)) < 0) ||
	    (rc = prep(st, Q_RESP_INSERT, &stmt, err)) < 0)
		return rc;
	if (at)
		snprintf(now, sizeof(now), "%s", at);
	if (sqlite3_bind_int64(stmt, 1, survey_version_id) || store_bind_text(stmt, 2, ext_id) ||
	    store_bind_text(stmt, 3, group) || store_bind_text(stmt, 4, wave) ||
	    store_bind_text(stmt, 5, token) || store_bind_text(stmt, 6, status) ||
	    store_bind_text(stmt, 7, now) || store_bind_text(stmt, 8, answered || submit ? now : NULL) ||
	    store_bind_text(stmt, 9, submit ? now : NULL) ||
	    sqlite3_bind_blob64(stmt, 10, st->rec.buf, st->rec.len, SQLITE_STATIC) ||
	    (rid ? sqlite3_bind_int64(stmt, 11, rid) : sqlite3_bind_null(stmt, 11))) {
		rc = store_fail(st, err, "cannot add a respondent");
	} else if (sqlite3_step(stmt) == SQLITE_DONE) {
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
		error_set(err, "cannot add a respondent: no survey version with id %lld",
			  (long long)survey_version_id);
		rc = UT_EDATA;
	} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE && token) {
		error_set(err, "cannot add a respondent: token '%s' is already in use", token);
		rc = UT_EDATA;
	} else {
		rc = store_fail(st, err, "cannot add a respondent");
	}
	store_done(stmt);
	return rc;
}

int store_respondent_add(struct store *st, int64_t survey_version_id,
			 const char *ext_id, const char *group, const char *wave,
			 const char *token, int64_t *id, struct error *err)
{
	struct store_answers none = { NULL, 0, NULL, 0 };

	return store_resp_insert(st, survey_version_id, ext_id, group, wave, token,
				 &none, 0, NULL, 0, id, err);
}

int store_respondent_add_answers(struct store *st, int64_t survey_version_id,
				 const char *ext_id, const char *group, const char *wave,
				 const char *token, const char *const *a, size_t n,
				 int submit, int64_t *id, struct error *err)
{
	struct store_answers all = { a, n, NULL, 0 };

	return store_resp_insert(st, survey_version_id, ext_id, group, wave, token,
				 &all, submit, NULL, 0, id, err);
}

int store_respondent_add_rep(struct store *st, int64_t survey_version_id,
			     const char *ext_id, const char *group, const char *wave,
			     const char *token, const struct store_answers *a, int submit,
			     int64_t *id, struct error *err)
{
	return store_resp_insert(st, survey_version_id, ext_id, group, wave, token,
				 a, submit, NULL, 0, id, err);
}

int store_answers_save(struct store *st, int64_t id, const char *const *a,
		       size_t n, int submit, struct error *err)
{
	struct store_answers all = { a, n, NULL, 0 };

	return store_answers_save_rep(st, id, &all, submit, err);
}

int store_answers_save_rep(struct store *st, int64_t id, const struct store_answers *a,
			   int submit, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = encode_answers(st, id, a, err)) < 0 || (rc = store_now(st, now, err)) < 0 ||
	    (rc = prep(st, Q_ANSWERS_SAVE, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id) ||
	    sqlite3_bind_blob64(stmt, 2, st->rec.buf, st->rec.len, SQLITE_STATIC) ||
	    sqlite3_bind_int(stmt, 3, submit != 0) || store_bind_text(stmt, 4, now) ||
	    sqlite3_step(stmt) != SQLITE_DONE) {
		rc = store_fail(st, err, "cannot save the answers of respondent %lld", (long long)id);
		store_done(stmt);
		return rc;
	}
	store_done(stmt);
	if (sqlite3_changes(st->db) > 0)
		return 0;

	/* nothing updated: say why */
	rc = prep(st, Q_RESP_STATUS, &stmt, err);
	if (rc < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot look up respondent %lld", (long long)id);
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			error_set(err, "respondent %lld has submitted: answers are locked",
				  (long long)id);
			rc = UT_EDATA;
			break;
		case SQLITE_DONE:
			error_set(err, "cannot save answers: no respondent %lld", (long long)id);
			rc = UT_EDATA;
			break;
		default:
			rc = store_fail(st, err, "cannot look up respondent %lld", (long long)id);
		}
	}
	store_done(stmt);
	return rc;
}

void answers_free(char **values, size_t n)
{
	if (!values)
		return;
	for (size_t i = 0; i < n; i++)
		free(values[i]);
	free(values);
}

/* The message for a row whose answers column does not decode. */
static int bad_answers(struct store *st, int64_t id, int rc, size_t pos,
		       struct error *err)
{
	if (rc == -1)
		return store_oom(err);
	error_set(err, "respondent %lld in '%s' has malformed answers (at byte %zu)",
		  (long long)id, st->path, pos);
	return UT_ESCHEMA;
}

int store_answers_read(struct store *st, int64_t id, struct record_buf *rb,
		       struct error *err)
{
	sqlite3_stmt *stmt;
	size_t pos = 0;
	int rc = prep(st, Q_ANSWERS_GET, &stmt, err);

	if (rc < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot read the answers of respondent %lld", (long long)id);
		goto out;
	}
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		error_set(err, "cannot read answers: no respondent %lld", (long long)id);
		rc = UT_EDATA;
		goto out;
	default:
		rc = store_fail(st, err, "cannot read the answers of respondent %lld", (long long)id);
		goto out;
	}
	rc = record_decode(sqlite3_column_blob(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0),
			   0, rb, &pos);
	if (rc < 0)
		rc = bad_answers(st, id, rc, pos, err);
out:
	store_done(stmt);
	return rc;
}

int store_answers_get(struct store *st, int64_t id, char ***out, size_t *n,
		      struct error *err)
{
	char **v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_answers_read(st, id, &st->dec, err)) < 0)
		return rc;
	v = calloc(st->dec.n ? st->dec.n : 1, sizeof(*v));
	if (!v)
		return store_oom(err);
	for (size_t i = 0; i < st->dec.n; i++) {
		if (st->dec.values[i] && !(v[i] = strdup(st->dec.values[i]))) {
			answers_free(v, st->dec.n);
			return store_oom(err);
		}
	}
	*out = v;
	*n = st->dec.n;
	return 0;
}

/*
 * The CROSS JOIN makes SQLite walk respondent in rowid order and look each
 * version up by its key: rows come out in id order without a sort, so a
 * million rows stream through one page cache rather than a temporary
 * b-tree holding all their answers.
 */
static const char answers_each_sql[] =
	"SELECT r.id, r.survey_version_id, r.ext_id, r.grp, r.wave, r.token, r.status,"
	" r.created_at, r.updated_at, r.submitted_at, r.panel, r.answers"
	" FROM respondent r CROSS JOIN survey_version v ON v.id = r.survey_version_id"
	" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2)"
	" AND (?3 = 0 OR r.status = 'submitted')"
	" ORDER BY r.id";

/* store_answers_each() on top of store_answers_each_rep(). */
struct each_plain {
	int (*fn)(void *ctx, const struct respondent *r, const char *const *values, size_t n);
	void *ctx;			/* fn's */
};

static int each_plain_fn(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	const struct each_plain *ep = ctx;

	return ep->fn(ep->ctx, r, (const char *const *)rec->values, rec->n);
}

int store_answers_each(struct store *st, const char *form_id, int version,
		       int submitted_only, size_t nslots,
		       int (*fn)(void *ctx, const struct respondent *r,
				 const char *const *values, size_t n),
		       void *ctx, struct error *err)
{
	struct each_plain ep = { fn, ctx };

	assert(fn);
	return store_answers_each_rep(st, form_id, version, submitted_only, nslots, each_plain_fn,
				      &ep, err);
}

int store_answers_each_rep(struct store *st, const char *form_id, int version,
			   int submitted_only, size_t nslots,
			   int (*fn)(void *ctx, const struct respondent *r,
				     const struct record_buf *rec),
			   void *ctx, struct error *err)
{
	struct record_buf dec = RECORD_BUF_INIT;	/* reused for every row */
	sqlite3_stmt *stmt;
	size_t pos = 0;
	int rc, step;

	assert(fn);
	/* A statement of its own: fn may call back into the store. */
	if (sqlite3_prepare_v2(st->db, answers_each_sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    sqlite3_bind_int(stmt, 3, submitted_only != 0)) {
		rc = store_fail(st, err, "cannot read the answers of survey '%s'", form_id);
		goto out;
	}
	rc = 0;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct respondent r;

		rc = store_resp_from_row(st, stmt, &r, 0, err);
		if (rc < 0)
			goto out;
		rc = record_decode(sqlite3_column_blob(stmt, 11),
				   (size_t)sqlite3_column_bytes(stmt, 11), nslots, &dec, &pos);
		if (rc < 0) {
			rc = bad_answers(st, r.id, rc, pos, err);
			goto out;
		}
		rc = fn(ctx, &r, &dec);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read the answers of survey '%s'", form_id);
out:
	sqlite3_finalize(stmt);
	record_buf_release(&dec);
	return rc;
}
