/*
 * store/internal: what the files of the store module share and nothing
 * outside it sees — the connection structure and the helpers every query
 * uses.  store.c opens and migrates the workspace, stmt.c keeps the
 * statement caches; every other file of src/store/ holds the queries of
 * one area (audit, versions, respondents, answers, invitations...) and
 * includes this.
 */
#ifndef UTILIS_STORE_INTERNAL_H
#define UTILIS_STORE_INTERNAL_H

#include <sqlite3.h>
#include <time.h>

#include "store/record.h"
#include "store/store.h"
#include "util/strbuf.h"

#define STORE_NQUERIES 32	/* room for enum query (below) */
#define STORE_ADHOC_MAX 64	/* distinct statements of the other files */

struct store {
	sqlite3 *db;			/* the connection */
	char *path;			/* file name as given, for messages */
	int flags;			/* STORE_CREATE / STORE_READONLY as opened */
	sqlite3_stmt *stmt[STORE_NQUERIES]; /* the statements of enum query, prepared on first use */
	struct {
		const char *sql;	/* the statement's text, compared by address */
		sqlite3_stmt *stmt;	/* prepared once, finalized at close */
	} adhoc[STORE_ADHOC_MAX];	/* statements of the other store files */
	size_t nadhoc;			/* entries used in adhoc */
	struct strbuf rec;		/* answers encoded for an INSERT or UPDATE */
	struct record_buf dec;		/* answers decoded by store_answers_get */
	time_t clock_sec;		/* second of clock_text, for store_now() */
	char clock_text[21];		/* that second formatted, or "" */
	int wait_ms;			/* how long a lock is waited for (store_set_wait) */
	void (*wait_notice)(void *ctx);	/* called once per long wait, or NULL */
	void *wait_ctx;			/* its argument */
	double wait_start;		/* CLOCK_MONOTONIC seconds when this wait began */
	int wait_noticed;		/* the notice was given for this wait */
	int direct;			/* a store_begin_bulk() transaction left the log for a rollback journal */
	int fk_off;			/* a store_begin_bulk() transaction turned the foreign keys off */
};

/*
 * Record "<what>: <sqlite message>" in err and return the matching UT_E*
 * code.  Call it right after the failing SQLite call.
 */
int store_fail(struct store *st, struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "out of memory" in err; returns UT_EIO. */
int store_oom(struct error *err);
/*
 * The statement for sql (a string constant: it is cached by its address for
 * the life of the connection), prepared on first use.  Use it, then
 * store_done() it.  0 or a UT_E* code.
 */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out, struct error *err);
/* Reset a cached statement and clear its bindings. */
void store_done(sqlite3_stmt *stmt);
/* Bind s (SQLITE_STATIC: keep it alive until store_done), or NULL. */
int store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* malloc'd copy of column i, NULL for SQL NULL.  -1 when out of memory. */
int store_dup_col(sqlite3_stmt *stmt, int i, char **out);
/*
 * The text columns cols[0..n) of the current row into *out[0..n): with
 * copy, malloc'd copies (store_dup_col()), else pointers into the row that
 * live until the next step.  -1 when out of memory (the copies made so far
 * are in place, for the caller's release), else 0.
 */
int store_text_cols(sqlite3_stmt *stmt, const int *cols, char **const *out, size_t n, int copy);
/*
 * The rows of sql (a cached statement, store_prepare()) with text1 bound
 * to ?1 (NULL binds NULL), one element of size bytes each in a growing
 * array: each is zeroed, counted, then filled by row(), which returns -1
 * when out of memory.  0 with *out (malloc'd, NULL for no row) and *n;
 * else a UT_E* code with err set ("<what>: <sqlite message>"), and *out
 * and *n still hold the elements read, the last one perhaps half filled,
 * for the caller to free as it frees a whole list.
 */
int store_list(struct store *st, const char *sql, const char *what, const char *text1,
	       size_t size, int (*row)(sqlite3_stmt *stmt, void *elem), void **out, size_t *n,
	       struct error *err);
/*
 * A transaction for one store call: BEGIN IMMEDIATE when the caller has
 * none open, else a savepoint.  store_op_end() commits when rc is 0, else
 * undoes; it returns rc or the commit's failure.
 */
int store_op_begin(struct store *st, int *outer, struct error *err);
int store_op_end(struct store *st, int outer, int rc, struct error *err);
/*
 * Insert a respondent, with its answers when n > 0 (one INSERT: an import
 * does not write the row twice), its times being at ('YYYY-MM-DDTHH:MM:SSZ')
 * or, when at is NULL, now.  With random_id, the row's number is drawn at
 * random rather than the next one, so that it does not tell in which order
 * anonymous answers came in.  0 with *id, or a UT_E* code: EDATA for an
 * unknown survey version, a token in use or unacceptable answers.
 */
int store_resp_insert(struct store *st, int64_t survey_version_id, const char *ext_id,
		      const char *group, const char *wave, const char *token,
		      const struct store_answers *a, int submit, const char *at, int random_id,
		      int64_t *id, struct error *err);
/* The current UTC time 'YYYY-MM-DDTHH:MM:SSZ' (or $UTILIS_NOW). */
int store_now(struct store *st, char buf[21], struct error *err);
/* The status stored as 'invited', 'started' or 'submitted': 0, or -1 for anything else. */
int store_status_parse(const char *s, enum respondent_status *out);
/*
 * Fill r from a row whose first ten columns are RESP_COLS of stmt.c (id,
 * survey_version_id, ext_id, grp, wave, token, status, created_at,
 * updated_at, submitted_at).  copy: malloc'd strings (respondent_release),
 * else pointers into the row, valid until the next step.
 */
int store_resp_from_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r,
			int copy, struct error *err);
/*
 * store_resp_from_row() without copy of a row of answers_lean_sql
 * (answers.c), whose ext_id, token and times are NULL: those columns are
 * not asked for, a million calls saved on an analysis's pass.
 */
int store_resp_from_lean_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r,
			     struct error *err);


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
	Q_SURVEY_COUNTS,
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

/* The cached statement q, prepared on first use.  0 or a UT_E* code. (stmt.c) */
int prep(struct store *st, enum query q, sqlite3_stmt **out, struct error *err);
/* Run a cached statement that returns no rows. */
int run(struct store *st, enum query q, const char *what, struct error *err);
/* Column i as a string that lives until the next step (NULL for NULL). */
char *peek_col(sqlite3_stmt *stmt, int i);
/* SQLite's busy handler (stmt.c): 1 to try again, 0 to give up. */
int on_busy(void *arg, int count);
/* Write an audit entry at time at (audit.c).  0 or a UT_E* code. */
int audit_at(struct store *st, const char *at, const char *action, const char *detail,
	     struct error *err);

#endif
