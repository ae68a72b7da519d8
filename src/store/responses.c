/*
 * responses: the workspace side of answers that come in or go out in bulk
 * (see store.h, "bulk imports, re-import checks, erasure, counts").  Imports
 * and simulation add submitted respondents through store_bulk_*, which
 * writes up to BULK_ROWS rows with one multi-row INSERT: on this kind of
 * machine a million rows take about 2.5 s that way against 5.5 s with one
 * INSERT each, the statement's own overhead (reset, bindings, statement
 * journal, foreign-key and CHECK set-up) being paid once per batch.
 * Re-imports find earlier rows by their `_id` through the partial index on
 * (survey_version_id, ext_id).  Erasure removes respondents and the
 * invitations that hold their contact; secure_delete (on for every
 * connection) zeroes their bytes in the database file, and the caller's
 * store_purge() removes the older copies from the log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/record.h"
#include "store/store.h"

/*
 * Rows per INSERT: 256 take 8 % fewer of the writer's instructions than 64
 * (statement set-up and the VALUES co-routine's entry, paid once each).
 * Each row takes 5 parameters: fewer rows when SQLite allows fewer than
 * 1,282 (its default is 32,766 since 3.32, 999 before).
 */
#define BULK_ROWS 256
#define NO_TEXT ((size_t)-1)

/* A row waiting in a batch. */
struct bulk_slot {
	struct strbuf rec;		/* the encoded answers, encoded in place (no copy) */
	size_t ext, grp, wave, sub;	/* offsets of NUL-terminated strings in data, or NO_TEXT */
};

struct store_bulk {
	struct store *st;		/* the workspace */
	int64_t version_id;		/* the survey version every row answers */
	sqlite3_stmt *many;		/* INSERT of `per` rows */
	int per;			/* rows of many: BULK_ROWS, or fewer (SQLite's limit) */
	sqlite3_stmt *one;		/* INSERT of one row, for the last batch */
	struct strbuf data;		/* strings of the pending rows */
	struct bulk_slot slot[BULK_ROWS]; /* the pending rows */
	size_t n;			/* how many are pending */
	int64_t written;		/* rows inserted so far */
	int64_t cache_size;		/* PRAGMA cache_size to restore at the end */
	int checks_off;			/* PRAGMA ignore_check_constraints set here: unset at the end */
};

/*
 * The CHECK constraints of respondent bear on status and panel, which the
 * bulk INSERT writes as constants ('submitted', NULL), so they hold for
 * every row it can write; yet SQLite evaluates them for each row, and its
 * status IN (...) builds a temporary table of the three names every time:
 * a fifth of the writing thread's instructions.  The bulk statements are
 * prepared and run with PRAGMA ignore_check_constraints on, which leaves
 * the types (STRICT), NOT NULL and the foreign key checked; it is set back
 * when the bulk insert ends, which prepares every statement again.  Not
 * when the connection already has it on (never, in this program).
 */
static int checks_off(struct store *st)
{
	sqlite3_stmt *stmt;
	int on = 1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA ignore_check_constraints", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		on = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return !on && sqlite3_exec(st->db, "PRAGMA ignore_check_constraints = ON", NULL, NULL,
				   NULL) == SQLITE_OK;
}

/*
 * Page cache of a bulk insert, in KiB (negative cache_size).  Rows arrive
 * in rowid order but their `_id`s do not, so the index on `_id` is updated
 * all over: with SQLite's default 2 MB cache its pages are written to the
 * WAL again and again before the commit (a third of the time of a million
 * rows).  16 MB costs the same CPU time as 64 MB at 1 and 4 million rows
 * (10.6-11.2 s against 10.5-10.9 s, 44.5 s against 43.5 s, on a loaded
 * machine) and takes 47 to 55 MB less memory (bench/import_bench.sh).
 */
#define BULK_CACHE_KIB 16384

/*
 * "INSERT ... VALUES (...), (...)" for nrows rows.  ?1 is the time of the
 * batch and ?2 the survey version; row k binds ext_id, grp, wave,
 * submitted_at and answers at 3 + 5k onwards.  malloc'd, NULL when out of
 * memory.
 */
static char *bulk_sql(int nrows)
{
	struct strbuf sb = STRBUF_INIT;
	int k;

	strbuf_addstr(&sb, "INSERT INTO respondent (survey_version_id, ext_id, grp, wave, status,"
		      " created_at, updated_at, submitted_at, answers) VALUES ");
	for (k = 0; k < nrows; k++) {
		int p = 3 + 5 * k;

		strbuf_addf(&sb, "%s(?2, ?%d, ?%d, ?%d, 'submitted', ?1, ?1, coalesce(?%d, ?1), ?%d)",
			    k ? ", " : "", p, p + 1, p + 2, p + 3, p + 4);
	}
	return strbuf_detach(&sb, NULL);
}

static int bulk_prepare(struct store *st, int nrows, sqlite3_stmt **out, struct error *err)
{
	char *sql = bulk_sql(nrows);
	int rc = 0;

	if (!sql)
		return store_oom(err);
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) != SQLITE_OK) {
		*out = NULL;
		rc = store_fail(st, err, "cannot prepare an import on '%s'", st->path);
	}
	free(sql);
	return rc;
}

int store_bulk_begin(struct store *st, int64_t survey_version_id, struct store_bulk **out,
		     struct error *err)
{
	struct store_bulk *b = calloc(1, sizeof(*b));
	int rc;

	*out = NULL;
	if (!b)
		return store_oom(err);
	b->st = st;
	b->version_id = survey_version_id;
	strbuf_init(&b->data, 0);
	for (size_t i = 0; i < BULK_ROWS; i++)
		strbuf_init(&b->slot[i].rec, 0);
	/* every row references this version: checked once (the foreign keys may be off) */
	{
		sqlite3_stmt *stmt;
		int found = 0;

		if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM survey_version WHERE id = ?1", -1, &stmt,
				       NULL) != SQLITE_OK) {
			store_bulk_abort(b);
			return store_fail(st, err, "cannot prepare an import on '%s'", st->path);
		}
		sqlite3_bind_int64(stmt, 1, survey_version_id);
		found = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (found != SQLITE_ROW && found != SQLITE_DONE) {
			store_bulk_abort(b);
			return store_fail(st, err, "cannot prepare an import on '%s'", st->path);
		}
		if (found != SQLITE_ROW) {
			store_bulk_abort(b);
			error_set(err, "cannot add respondents: no survey version with id %lld",
				  (long long)survey_version_id);
			return UT_EDATA;
		}
	}
	b->checks_off = checks_off(st);
	b->per = BULK_ROWS;
	if (b->per > (sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) - 2) / 5)
		b->per = (sqlite3_limit(st->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1) - 2) / 5;
	if ((rc = bulk_prepare(st, b->per, &b->many, err)) < 0 ||
	    (rc = bulk_prepare(st, 1, &b->one, err)) < 0) {
		store_bulk_abort(b);
		return rc;
	}
	b->cache_size = 0;
	{
		sqlite3_stmt *stmt;

		if (sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK) {
			if (sqlite3_step(stmt) == SQLITE_ROW)
				b->cache_size = sqlite3_column_int64(stmt, 0);
			sqlite3_finalize(stmt);
		}
		if (b->cache_size) {
			char sql[64];

			snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
			sqlite3_exec(st->db, sql, NULL, NULL, NULL);
		}
	}
	*out = b;
	return 0;
}

void store_bulk_abort(struct store_bulk *b)
{
	if (!b)
		return;
	if (b->cache_size) {
		char sql[64];

		snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)b->cache_size);
		sqlite3_exec(b->st->db, sql, NULL, NULL, NULL);
	}
	sqlite3_finalize(b->many);
	sqlite3_finalize(b->one);
	if (b->checks_off)
		sqlite3_exec(b->st->db, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	strbuf_release(&b->data);
	for (size_t i = 0; i < BULK_ROWS; i++)
		strbuf_release(&b->slot[i].rec);
	free(b);
}

/* Append s with its NUL to the batch; NO_TEXT for NULL.  -1 when out of memory. */
static int keep(struct store_bulk *b, const char *s, size_t *off)
{
	*off = NO_TEXT;
	if (!s)
		return 0;
	*off = b->data.len;
	return strbuf_add(&b->data, s, strlen(s) + 1);
}

/* A bulk INSERT that failed: its message, and the statement reset; a UT_E* code. */
static int bulk_failed(struct store_bulk *b, sqlite3_stmt *stmt, struct error *err)
{
	int rc;

	if (sqlite3_extended_errcode(b->st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
		error_set(err, "cannot add respondents: no survey version with id %lld",
			  (long long)b->version_id);
		rc = UT_EDATA;
	} else {
		rc = store_fail(b->st, err, "cannot add respondents to '%s'", b->st->path);
	}
	store_done(stmt);
	return rc;
}

static int bind_kept(struct store_bulk *b, sqlite3_stmt *stmt, int i, size_t off)
{
	return store_bind_text(stmt, i, off == NO_TEXT ? NULL : b->data.buf + off);
}

/* Insert slots [first, first + nrows) with stmt; 0 or a UT_E* code. */
static int bulk_run(struct store_bulk *b, sqlite3_stmt *stmt, size_t first, int nrows,
		    const char *now, struct error *err)
{
	int k;

	if (store_bind_text(stmt, 1, now) || sqlite3_bind_int64(stmt, 2, b->version_id))
		goto fail;
	for (k = 0; k < nrows; k++) {
		const struct bulk_slot *s = &b->slot[first + (size_t)k];
		int p = 3 + 5 * k;

		if (bind_kept(b, stmt, p, s->ext) || bind_kept(b, stmt, p + 1, s->grp) ||
		    bind_kept(b, stmt, p + 2, s->wave) || bind_kept(b, stmt, p + 3, s->sub) ||
		    sqlite3_bind_blob64(stmt, p + 4, s->rec.buf, s->rec.len, SQLITE_STATIC))
			goto fail;
	}
	if (sqlite3_step(stmt) != SQLITE_DONE)
		goto fail;
	b->written += nrows;
	store_done(stmt);
	return 0;
fail:
	return bulk_failed(b, stmt, err);
}

/* Write every pending row; the batch is empty afterwards. */
static int bulk_flush(struct store_bulk *b, struct error *err)
{
	char now[21];
	size_t i;
	int rc;

	if (b->n == 0)
		return 0;
	if ((rc = store_now(b->st, now, err)) < 0)
		return rc;
	if (b->n == (size_t)b->per) {
		rc = bulk_run(b, b->many, 0, b->per, now, err);
	} else {
		for (i = 0; i < b->n && rc == 0; i++)
			rc = bulk_run(b, b->one, i, 1, now, err);
	}
	b->n = 0;
	strbuf_reset(&b->data);
	return rc;
}

/* 'YYYY-MM-DDTHH:MM:SSZ' with digits where digits go. */
static int valid_timestamp(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return 0;
	}
	return s[i] == '\0';
}

int store_bulk_add(struct store_bulk *b, const struct store_row *row, struct error *err)
{
	struct bulk_slot *s;
	size_t bad = 0;
	int rc;

	if (row->submitted_at && !valid_timestamp(row->submitted_at)) {
		error_set(err, "cannot add a respondent: submission time '%s' is not like "
			  "'2024-01-31T12:00:00Z'", row->submitted_at);
		return UT_EDATA;
	}
	s = &b->slot[b->n];
	switch (record_encode_repeats(row->values, row->n, row->inst, row->ninst, &s->rec, &bad)) {
	case 0:
		break;
	case -2:
		if (bad >= row->n)
			error_set(err, "cannot add a respondent: an answer in a repeat is not valid UTF-8, or an instance is nested too deep");
		else
			error_set(err, "cannot add a respondent: the answer in slot %zu is not valid UTF-8",
				  bad);
		return UT_EDATA;
	default:
		return store_oom(err);
	}
	if (keep(b, row->ext_id, &s->ext) < 0 ||
	    keep(b, row->group, &s->grp) < 0 || keep(b, row->wave, &s->wave) < 0 ||
	    keep(b, row->submitted_at, &s->sub) < 0)
		return store_oom(err);
	if (++b->n < (size_t)b->per)
		return 0;
	rc = bulk_flush(b, err);
	return rc;
}

/* Bind the len bytes at s as text (NULL: SQL NULL), the caller's memory as it is. */
static int bind_n(sqlite3_stmt *stmt, int i, const char *s, size_t len)
{
	return s ? sqlite3_bind_text64(stmt, i, s, len, SQLITE_STATIC, SQLITE_UTF8)
		 : sqlite3_bind_null(stmt, i);
}

/* Insert rows[0..nrows) with stmt, prepared for nrows rows; 0 or a UT_E* code. */
static int write_rows(struct store_bulk *b, sqlite3_stmt *stmt, const struct store_enc_row *rows,
		      int nrows, const char *now, struct error *err)
{
	int k;

	/* ?1 and ?2 once; the rows' parameters are all bound again, so no clearing */
	if (sqlite3_bind_text(stmt, 1, now, 20, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int64(stmt, 2, b->version_id))
		goto fail;
	for (k = 0; k < nrows; k++) {
		const struct store_enc_row *r = &rows[k];
		int p = 3 + 5 * k;

		if (bind_n(stmt, p, r->ext_id, r->ext_len) ||
		    bind_n(stmt, p + 1, r->group, r->group_len) ||
		    bind_n(stmt, p + 2, r->wave, r->wave_len) ||
		    bind_n(stmt, p + 3, r->submitted_at, 20) ||
		    sqlite3_bind_blob64(stmt, p + 4, r->answers, r->answers_len, SQLITE_STATIC))
			goto fail;
	}
	if (sqlite3_step(stmt) != SQLITE_DONE)
		goto fail;
	b->written += nrows;
	sqlite3_reset(stmt);
	return 0;
fail:
	return bulk_failed(b, stmt, err);
}

int store_bulk_write(struct store_bulk *b, const struct store_enc_row *rows, size_t n,
		     struct error *err)
{
	char now[21];
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if (rows[i].submitted_at && !valid_timestamp(rows[i].submitted_at)) {
			error_set(err, "cannot add a respondent: submission time '%s' is not like "
				  "'2024-01-31T12:00:00Z'", rows[i].submitted_at);
			return UT_EDATA;
		}
	if ((rc = bulk_flush(b, err)) < 0 || n == 0)
		return rc;
	if ((rc = store_now(b->st, now, err)) < 0)
		return rc;
	for (i = 0; i + (size_t)b->per <= n && rc == 0; i += (size_t)b->per)
		rc = write_rows(b, b->many, rows + i, b->per, now, err);
	for (; i < n && rc == 0; i++)
		rc = write_rows(b, b->one, rows + i, 1, now, err);
	return rc;
}

int store_bulk_finish(struct store_bulk *b, int64_t *nrows, struct error *err)
{
	int rc = bulk_flush(b, err);

	if (nrows)
		*nrows = b->written;
	store_bulk_abort(b);
	return rc;
}

/* --- re-imports and counts -------------------------------------------- */

static const char count_ext_sql[] =
	"SELECT count(*) FROM survey_version v JOIN respondent r"
	" ON r.survey_version_id = v.id AND r.ext_id IS NOT NULL WHERE v.form_id = ?1";
static const char find_ext_sql[] =
	"SELECT r.answers FROM survey_version v JOIN respondent r"
	" ON r.survey_version_id = v.id AND r.ext_id = ?2 WHERE v.form_id = ?1 LIMIT 1";
static const char count_resp_sql[] =
	"SELECT count(*) FROM respondent r CROSS JOIN survey_version v"
	" ON v.id = r.survey_version_id WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2)"
	" AND (?3 = 0 OR r.status = 'submitted')";

/* The widths of store_respondent_widths(): the same respondents as count_resp_sql, in bytes. */
static const char widths_resp_sql[] =
	"SELECT count(*), max(coalesce(length(CAST(r.ext_id AS BLOB)), 20)),"
	" max(coalesce(length(CAST(r.grp AS BLOB)), 0)), max(coalesce(length(CAST(r.wave AS BLOB)), 0))"
	" FROM respondent r CROSS JOIN survey_version v"
	" ON v.id = r.survey_version_id WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2)"
	" AND (?3 = 0 OR r.status = 'submitted')";

/* Run a bound one-row count; 0 with *count or a UT_E* code. */
static int step_count(struct store *st, sqlite3_stmt *stmt, int64_t *count, const char *what,
		      struct error *err)
{
	int rc = 0;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	else
		rc = store_fail(st, err, "cannot count %s", what);
	store_done(stmt);
	return rc;
}

int store_count_ext_ids(struct store *st, const char *form_id, int64_t *count,
			struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, count_ext_sql, &stmt, err);

	*count = 0;
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id)) {
		store_done(stmt);
		return store_fail(st, err, "cannot count the respondents of '%s'", form_id);
	}
	return step_count(st, stmt, count, "imported respondents", err);
}

int store_find_ext_id(struct store *st, const char *form_id, const char *ext_id,
		      const char *const *values, size_t n, int *same, struct error *err)
{
	struct store_answers all = { values, n, NULL, 0 };

	return store_find_ext_id_rep(st, form_id, ext_id, &all, same, err);
}

/*
 * The stored answers of respondent ext_id of form_id: 1 with *out the
 * statement on its row (the caller reads column 0, then store_done()), 0
 * when there is none, or a UT_E* code.
 */
static int find_ext_row(struct store *st, const char *form_id, const char *ext_id,
			sqlite3_stmt **out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, find_ext_sql, &stmt, err);

	*out = NULL;
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id) || store_bind_text(stmt, 2, ext_id)) {
		store_done(stmt);
		return store_fail(st, err, "cannot look up respondent '%s'", ext_id);
	}
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		*out = stmt;
		return 1;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(st, err, "cannot look up respondent '%s'", ext_id);
	}
	store_done(stmt);
	return rc;
}

int store_find_ext_id_blob(struct store *st, const char *form_id, const char *ext_id,
			   const void *answers, size_t alen, int *same, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = find_ext_row(st, form_id, ext_id, &stmt, err);
	const void *blob;
	size_t len;

	*same = 0;
	if (rc <= 0)
		return rc;
	blob = sqlite3_column_blob(stmt, 0);
	len = (size_t)sqlite3_column_bytes(stmt, 0);
	*same = len == alen && (len == 0 || !memcmp(blob, answers, len));
	store_done(stmt);
	return 1;
}

int store_find_ext_id_rep(struct store *st, const char *form_id, const char *ext_id,
			  const struct store_answers *a, int *same, struct error *err)
{
	int enc = record_encode_repeats(a->values, a->n, a->inst, a->ninst, &st->rec, NULL);
	int rc = store_find_ext_id_blob(st, form_id, ext_id, enc == 0 ? st->rec.buf : NULL,
					enc == 0 ? st->rec.len : 0, same, err);

	if (rc > 0 && enc != 0) {
		*same = 0;	/* -2: not UTF-8, so not what is stored */
		if (enc != -2)
			return store_oom(err);
	}
	return rc;
}

int store_count_respondents(struct store *st, const char *form_id, int version,
			    int submitted_only, int64_t *count, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, count_resp_sql, &stmt, err);

	*count = 0;
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    sqlite3_bind_int(stmt, 3, submitted_only != 0)) {
		store_done(stmt);
		return store_fail(st, err, "cannot count the respondents of '%s'", form_id);
	}
	return step_count(st, stmt, count, "respondents", err);
}

int store_respondent_widths(struct store *st, const char *form_id, int version,
			    int submitted_only, struct store_resp_widths *w, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, widths_resp_sql, &stmt, err);

	memset(w, 0, sizeof(*w));
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    sqlite3_bind_int(stmt, 3, submitted_only != 0) || sqlite3_step(stmt) != SQLITE_ROW) {
		store_done(stmt);
		return store_fail(st, err, "cannot measure the respondents of '%s'", form_id);
	}
	w->n = sqlite3_column_int64(stmt, 0);
	w->ext_id = (size_t)sqlite3_column_int64(stmt, 1);	/* NULL (no row): 0 */
	w->grp = (size_t)sqlite3_column_int64(stmt, 2);
	w->wave = (size_t)sqlite3_column_int64(stmt, 3);
	store_done(stmt);
	return 0;
}

/* --- erasure ------------------------------------------------------------ */

/*
 * The respondents and invitations each kind selects, with ?1 the form_id
 * and ?2 the key.  RESP_OF(kind) is a condition on respondent r, INV_OF(kind)
 * one on invitation i; both stand in subqueries of the counts and deletes.
 */
#define IN_FORM(t) t ".survey_version_id IN (SELECT id FROM survey_version WHERE form_id = ?1)"
#define R_BY_ID "(r.ext_id = ?2 OR (r.ext_id IS NULL AND ?3 AND r.id = CAST(?2 AS INTEGER)))"
/* ?4: the panel key of the address in a panel survey (every wave of the person), or NULL */
#define R_BY_EMAIL "(r.id IN (SELECT i.respondent_id FROM invitation i WHERE " IN_FORM("i") \
	" AND i.email IS NOT NULL AND lower(i.email) = lower(?2))" \
	" OR (?4 IS NOT NULL AND r.panel = ?4))"
#define R_BEFORE "coalesce(r.submitted_at, r.updated_at, r.created_at) < ?2"
#define I_BY_ID "i.respondent_id IN (SELECT r.id FROM respondent r WHERE " IN_FORM("r") \
	" AND " R_BY_ID ")"
#define I_BY_EMAIL "i.email IS NOT NULL AND lower(i.email) = lower(?2)"
#define I_BEFORE "coalesce(i.updated_at, i.created_at) < ?2"

static const char *const count_resp_erase[] = {
	[STORE_ERASE_RESPONDENT] = "SELECT count(*) FROM respondent r WHERE " IN_FORM("r")
		" AND " R_BY_ID,
	[STORE_ERASE_EMAIL] = "SELECT count(*) FROM respondent r WHERE " IN_FORM("r")
		" AND " R_BY_EMAIL,
	[STORE_ERASE_BEFORE] = "SELECT count(*) FROM respondent r WHERE " IN_FORM("r")
		" AND " R_BEFORE,
};
static const char *const count_inv_erase[] = {
	[STORE_ERASE_RESPONDENT] = "SELECT count(*) FROM invitation i WHERE " IN_FORM("i")
		" AND " I_BY_ID,
	[STORE_ERASE_EMAIL] = "SELECT count(*) FROM invitation i WHERE " IN_FORM("i")
		" AND " I_BY_EMAIL,
	[STORE_ERASE_BEFORE] = "SELECT count(*) FROM invitation i WHERE " IN_FORM("i")
		" AND " I_BEFORE,
};
static const char *const delete_resp_erase[] = {
	[STORE_ERASE_RESPONDENT] = "DELETE FROM respondent AS r WHERE " IN_FORM("r")
		" AND " R_BY_ID,
	[STORE_ERASE_EMAIL] = "DELETE FROM respondent AS r WHERE " IN_FORM("r")
		" AND " R_BY_EMAIL,
	[STORE_ERASE_BEFORE] = "DELETE FROM respondent AS r WHERE " IN_FORM("r")
		" AND " R_BEFORE,
};
static const char *const delete_inv_erase[] = {
	[STORE_ERASE_RESPONDENT] = "DELETE FROM invitation AS i WHERE " IN_FORM("i")
		" AND " I_BY_ID,
	[STORE_ERASE_EMAIL] = "DELETE FROM invitation AS i WHERE " IN_FORM("i")
		" AND " I_BY_EMAIL,
	[STORE_ERASE_BEFORE] = "DELETE FROM invitation AS i WHERE " IN_FORM("i")
		" AND " I_BEFORE,
};

static const char *const erase_kind_names[] = {
	[STORE_ERASE_RESPONDENT] = "erasure of a respondent",
	[STORE_ERASE_EMAIL] = "erasure of a contact",
	[STORE_ERASE_BEFORE] = "retention, before",
};

/* 1 when s is all digits (a respondent number), else 0. */
static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Bind ?1 form_id, ?2 key and, where the SQL has them, ?3 "key is a
 * number" and ?4 the panel key (NULL or "": none).
 */
static int bind_erase(sqlite3_stmt *stmt, const char *form_id, const char *key,
		      const char *panel)
{
	if (store_bind_text(stmt, 1, form_id) || store_bind_text(stmt, 2, key))
		return -1;
	if (sqlite3_bind_parameter_count(stmt) >= 3 &&
	    sqlite3_bind_int(stmt, 3, all_digits(key)))
		return -1;
	if (sqlite3_bind_parameter_count(stmt) >= 4 &&
	    store_bind_text(stmt, 4, panel && *panel ? panel : NULL))
		return -1;
	return 0;
}

static int erase_count(struct store *st, const char *sql, const char *form_id,
		       const char *key, const char *panel, int64_t *count, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, sql, &stmt, err);

	*count = 0;
	if (rc < 0)
		return rc;
	if (bind_erase(stmt, form_id, key, panel)) {
		store_done(stmt);
		return store_fail(st, err, "cannot select what to erase");
	}
	return step_count(st, stmt, count, "what to erase", err);
}

static int erase_run(struct store *st, const char *sql, const char *form_id, const char *key,
		     const char *panel, int64_t *changed, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, sql, &stmt, err);

	if (rc < 0)
		return rc;
	if (bind_erase(stmt, form_id, key, panel) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot erase from '%s'", st->path);
	else
		*changed = sqlite3_changes64(st->db);
	store_done(stmt);
	return rc;
}

/* The panel key of the one respondent key names into panel ("" when none). */
static int respondent_panel(struct store *st, const char *form_id, const char *key,
			    char panel[65], struct error *err)
{
	static const char sql[] = "SELECT r.panel FROM respondent r WHERE " IN_FORM("r")
		" AND " R_BY_ID " AND r.panel IS NOT NULL";
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, sql, &stmt, err), step;

	panel[0] = '\0';
	if (rc < 0)
		return rc;
	if (bind_erase(stmt, form_id, key, NULL)) {
		store_done(stmt);
		return store_fail(st, err, "cannot select what to erase");
	}
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW)
		snprintf(panel, 65, "%s", (const char *)sqlite3_column_text(stmt, 0));
	else if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot select what to erase");
	store_done(stmt);
	return rc;
}

int store_erase(struct store *st, const char *form_id, enum store_erase_kind kind,
		const char *key, const char *who, int dry_run, struct store_erased *out,
		struct error *err)
{
	struct strbuf detail = STRBUF_INIT;
	struct store_erased n = { 0, 0, 0 };
	char panel[65] = "";
	int outer, rc;

	memset(out, 0, sizeof(*out));
	if (!form_id || !key || !*key || kind < STORE_ERASE_RESPONDENT || kind > STORE_ERASE_BEFORE) {
		error_set(err, "nothing to erase: no survey or no criterion given");
		return UT_EDATA;
	}
	if ((rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	/*
	 * A panel survey: the person's answers in every wave carry the key of
	 * their address; one respondent's key is removed from their other waves.
	 */
	if (kind == STORE_ERASE_EMAIL &&
	    (rc = store_panel_key(st, form_id, key, NULL, 0, panel, err)) < 0)
		goto out;
	if ((rc = erase_count(st, count_resp_erase[kind], form_id, key, panel, &n.respondents,
			      err)) < 0 ||
	    (rc = erase_count(st, count_inv_erase[kind], form_id, key, panel, &n.contacts, err)) < 0)
		goto out;
	if (kind == STORE_ERASE_RESPONDENT && n.respondents == 1 &&
	    ((rc = respondent_panel(st, form_id, key, panel, err)) < 0 ||
	     (*panel && (rc = store_panel_forget(st, form_id, panel, 1, &n.unlinked, err)) < 0)))
		goto out;
	if (n.unlinked > 0)
		n.unlinked--;	/* the respondent erased */
	if (kind == STORE_ERASE_RESPONDENT && n.respondents > 1) {
		error_set(err, "'%s' names %lld respondents of survey '%s' (an imported `_id` and "
			  "the number of a respondent without one); nothing was erased",
			  key, (long long)n.respondents, form_id);
		rc = UT_EDATA;
		goto out;
	}
	if (dry_run || (n.respondents == 0 && n.contacts == 0))
		goto out;
	/*
	 * Invitations point at respondents: for one respondent, its links are
	 * found through it, so they go first; by e-mail, the respondents are
	 * found through the links, so they go first.
	 */
	if (kind == STORE_ERASE_RESPONDENT) {
		if ((rc = erase_run(st, delete_inv_erase[kind], form_id, key, panel, &n.contacts,
				    err)) < 0 ||
		    (rc = erase_run(st, delete_resp_erase[kind], form_id, key, panel, &n.respondents,
				    err)) < 0)
			goto out;
		n.unlinked = 0;
		if (*panel && (rc = store_panel_forget(st, form_id, panel, 0, &n.unlinked, err)) < 0)
			goto out;
	} else {
		if ((rc = erase_run(st, delete_resp_erase[kind], form_id, key, panel, &n.respondents,
				    err)) < 0 ||
		    (rc = erase_run(st, delete_inv_erase[kind], form_id, key, panel, &n.contacts,
				    err)) < 0)
			goto out;
	}
	if (strbuf_addf(&detail, "%s: %s%s%s: %lld respondent%s, %lld contact%s erased",
			form_id, erase_kind_names[kind], kind == STORE_ERASE_BEFORE ? " " : "",
			kind == STORE_ERASE_BEFORE ? key : "",
			(long long)n.respondents, n.respondents == 1 ? "" : "s",
			(long long)n.contacts, n.contacts == 1 ? "" : "s") < 0 ||
	    (n.unlinked && strbuf_addf(&detail, ", %lld other wave%s unlinked",
				       (long long)n.unlinked, n.unlinked == 1 ? "" : "s") < 0) ||
	    strbuf_addf(&detail, " by %s", who && *who ? who : "an unknown user") < 0) {
		rc = store_oom(err);
		goto out;
	}
	rc = store_audit(st, "responses.erase", detail.buf, err);
out:
	strbuf_release(&detail);
	rc = store_op_end(st, outer, rc, err);
	if (rc == 0)
		*out = n;
	return rc;
}
