/*
 * store: the workspace, one SQLite file (see store.h for the contract).
 * This file opens and checks the database, creates and migrates its schema.
 * The queries are in the other files of src/store/, one area each: stmt.c
 * (errors, lock waits, the statement caches), clock.c, audit.c,
 * versions.c, respondents.c, answers.c, and responses.c, invite.c,
 * panel.c, mail.c, jury.c, coi.c, match.c.  All SQL that carries a value
 * goes through a prepared statement with bound parameters; the frequent
 * ones are prepared once per connection and kept in struct store.  Only
 * constant SQL (pragmas, migration scripts) is run with sqlite3_exec().
 *
 * Workspace identity.  PRAGMA application_id holds STORE_APPLICATION_ID and
 * PRAGMA user_version the schema version.  An empty database (user_version
 * 0, no tables) is new and gets the schema; any other database without our
 * application_id belongs to someone else and is refused untouched, as is a
 * workspace whose user_version is above STORE_SCHEMA_VERSION.  The checks
 * run before anything is written (even before journal_mode=WAL, which
 * rewrites the file header).
 */
#include "store/store.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
#include "util/i18n.h"

/* PRAGMA application_id of a workspace: 'util' in ASCII. */
#define STORE_APPLICATION_ID 0x7574696c

/* PRAGMA page_size of a new workspace (SQLite's default is 4096). */
#define STORE_PAGE_SIZE "16384"

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
	/*
	 * 8: the short codes of printed invitation letters (store/invite.c).
	 * Only a code's HMAC is kept (collect/token.h), never the code; a
	 * link may have several (each printing makes one); its codes go with
	 * it when it is erased.
	 */
	"CREATE TABLE short_code ("
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  invitation_id INTEGER NOT NULL REFERENCES invitation(id) ON DELETE CASCADE,"
	"  created_at TEXT NOT NULL"
	") STRICT;"
	"CREATE INDEX short_code_invitation ON short_code(invitation_id);",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == STORE_SCHEMA_VERSION + 1,
	       "one migration step per schema version");

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

	fmt = _(fmt);	/* util/i18n.h */
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

/*
 * A multi-row INSERT keeps the pages it changes in a statement journal, to
 * undo itself alone; SQLite writes that journal to a temporary file past
 * 64 KiB, which pages of STORE_PAGE_SIZE reach at almost every batch of a
 * bulk import (8,146 writes of 16 KB for 100,000 rows).  Held in memory
 * up to STORE_STMTJRNL_SPILL bytes instead.  sqlite3_config() works only
 * before SQLite's initialisation: when something else used SQLite first,
 * this changes nothing and the journal spills as before.
 */
#define STORE_STMTJRNL_SPILL (1 << 20)

static pthread_once_t config_once = PTHREAD_ONCE_INIT;

static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STORE_STMTJRNL_SPILL);
}

/*
 * A large import writes through a rollback journal (store_begin_bulk()).
 * When it was cut short (killed, power cut), `PATH-journal` is left hot,
 * and a read-only connection cannot undo it: SQLite then refuses to read
 * ("attempt to write a readonly database") until some command opens the
 * workspace for writing.  Before a read-only open, a connection for
 * writing reads the schema once, which undoes such a journal (and does
 * nothing to a journal an import in progress holds).  It changes nothing
 * else in the file; when it cannot open for writing (a read-only folder or
 * file), the read-only open says what it finds.
 */
static void undo_hot_journal(const char *path)
{
	char journal[4096];
	sqlite3 *db = NULL;

	if ((size_t)snprintf(journal, sizeof(journal), "%s-journal", path) >= sizeof(journal) ||
	    access(journal, F_OK) < 0 || access(path, W_OK) < 0)
		return;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
	    SQLITE_OK) {
		sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
		sqlite3_busy_timeout(db, STORE_WAIT_DEFAULT_MS);
		sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	sqlite3_close(db);
}

int store_open(struct store **out, const char *path, int flags, struct error *err)
{
	struct store *st;
	struct stat sb;
	int64_t version = 0;
	int oflags, rc, immutable = 0;

	*out = NULL;
	pthread_once(&config_once, configure_sqlite);
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
	if (flags & STORE_READONLY) {
		oflags |= SQLITE_OPEN_READONLY;
		if (!immutable)
			undo_hot_journal(path);
	}
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
		/*
		 * A new workspace gets pages of STORE_PAGE_SIZE bytes: the log and
		 * its checkpoint then copy a bulk import in a quarter as many
		 * system calls (docs/data.md, "Figures").  The size is fixed once
		 * the first page is written; older workspaces keep theirs.
		 */
		if (version == 0 && exec_sql(st, "PRAGMA page_size = " STORE_PAGE_SIZE) != SQLITE_OK) {
			rc = store_fail(st, err, "cannot set up '%s'", path);
			goto fail;
		}
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

int store_begin_read(struct store *st, struct error *err)
{
	/*
	 * A deferred BEGIN takes no lock: the snapshot is taken by the first
	 * read, made here so that it is this moment's and not the first
	 * caller's query's.
	 */
	if (exec_sql(st, "BEGIN") != SQLITE_OK)
		return store_fail(st, err, "cannot start a transaction");
	if (exec_sql(st, "SELECT count(*) FROM sqlite_schema") != SQLITE_OK) {
		int rc = store_fail(st, err, "cannot start a transaction");

		exec_sql(st, "ROLLBACK");
		return rc;
	}
	return 0;
}

/* PRAGMA journal_mode = mode; 1 when the journal is in that mode afterwards, else 0. */
static int set_journal(struct store *st, const char *sql, const char *mode)
{
	sqlite3_stmt *stmt;
	int now = 0;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *got = (const char *)sqlite3_column_text(stmt, 0);

		now = got && !strcasecmp(got, mode);
	}
	sqlite3_finalize(stmt);
	return now;
}

/*
 * Back to the log after a store_begin_bulk() transaction.  This needs
 * every other connection closed for an instant: one that opened during
 * the transaction is waited for as any lock; when it does not close, the
 * workspace stays in rollback-journal mode, which is as safe, until the
 * next store_open() for writing sets the log again.
 */
static void leave_direct(struct store *st)
{
	if (st->fk_off) {
		st->fk_off = 0;
		exec_sql(st, "PRAGMA foreign_keys = ON");
	}
	if (!st->direct)
		return;
	st->direct = 0;
	set_journal(st, "PRAGMA journal_mode = WAL", "wal");
}

int store_begin_bulk(struct store *st, struct error *err)
{
	int rc;

	/*
	 * Leaving WAL mode needs an exclusive lock, which a connection of
	 * another program (the server, a reader) prevents: then, without
	 * waiting for it, the log as usual.
	 */
	if (!(st->flags & STORE_READONLY) && sqlite3_get_autocommit(st->db)) {
		int saved = st->wait_ms;

		st->wait_ms = 0;
		st->direct = set_journal(st, "PRAGMA journal_mode = DELETE", "delete");
		st->wait_ms = saved;
		/* store.h: store_bulk_begin() checks the one survey version instead */
		st->fk_off = exec_sql(st, "PRAGMA foreign_keys = OFF") == SQLITE_OK;
	}
	rc = store_begin(st, err);
	if (rc < 0)
		leave_direct(st);
	return rc;
}

int store_commit(struct store *st, struct error *err)
{
	int rc = run(st, Q_COMMIT, "cannot commit", err);

	if (rc < 0)
		store_rollback(st);
	else
		leave_direct(st);
	return rc;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		run(st, Q_ROLLBACK, "", NULL);
	leave_direct(st);
}
