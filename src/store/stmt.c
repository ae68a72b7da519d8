/*
 * store/stmt: the errors of SQLite calls, waiting for a lock, and the two
 * statement caches of a connection: the statements of enum query, and
 * those of the other files prepared by store_prepare().
 */
#include "store/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store/internal.h"
#include "util/array.h"
#include "util/i18n.h"

#define SV_COLS_NO_COUNT "v.id, v.form_id, v.version, v.title, v.sha256, v.file, v.loaded_at, 0"
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
	/* nrespondents is filled in lists only: its count reads the whole respondent table */
	[Q_SURVEY_GET] =
		"SELECT " SV_COLS_NO_COUNT ", v.source FROM survey_version v"
		" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2)"
		" ORDER BY v.version DESC LIMIT 1",
	[Q_SURVEY_LIST] =
		"SELECT " SV_COLS_NO_COUNT " FROM survey_version v ORDER BY v.form_id, v.version",
	/* one pass over every respondent, counted per version by store_survey_list() */
	[Q_SURVEY_COUNTS] = "SELECT survey_version_id FROM respondent",
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

	fmt = _(fmt);	/* util/i18n.h */
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
int on_busy(void *arg, int count)
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
int prep(struct store *st, enum query q, sqlite3_stmt **out, struct error *err)
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
int run(struct store *st, enum query q, const char *what, struct error *err)
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

int store_text_cols(sqlite3_stmt *stmt, const int *cols, char **const *out, size_t n, int copy)
{
	for (size_t i = 0; i < n; i++) {
		if (!copy)
			*out[i] = (char *)sqlite3_column_text(stmt, cols[i]);
		else if (store_dup_col(stmt, cols[i], out[i]) < 0)
			return -1;
	}
	return 0;
}

/* Column i as a string that lives until the next step (NULL for NULL). */
char *peek_col(sqlite3_stmt *stmt, int i)
{
	return (char *)sqlite3_column_text(stmt, i);
}

int store_list(struct store *st, const char *sql, const char *what, const char *text1,
	       size_t size, int (*row)(sqlite3_stmt *stmt, void *elem), void **out, size_t *n,
	       struct error *err)
{
	char *v = NULL;
	size_t alloc = 0;
	sqlite3_stmt *stmt;
	int rc, step;

	*out = NULL;
	*n = 0;
	if ((rc = store_prepare(st, sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, text1)) {
		rc = store_fail(st, err, "%s", _(what));
		goto out;
	}
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		char *elem;

		if (*n == alloc && array_grow_(&v, &alloc, *n + 1, size, 16) < 0) {
			rc = store_oom(err);
			goto out;
		}
		elem = v + *n * size;
		memset(elem, 0, size);
		(*n)++;
		if (row(stmt, elem) < 0) {
			rc = store_oom(err);
			goto out;
		}
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "%s", _(what));
out:
	store_done(stmt);
	*out = v;
	return rc;
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
