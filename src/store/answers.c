/*
 * store/answers: the answers of a respondent: one BLOB in its row, written,
 * read and read in bulk.
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
 */
#include "store/store.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <sqlite3.h>

#include "store/internal.h"
#include "store/record.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* --- answers ---------------------------------------------------------- */

/* UT_EDATA "cannot save the answers of respondent N: why" (id 0: a new one). */
__attribute__((format(printf, 3, 4)))
static int refuse_answers(struct error *err, int64_t id, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	fmt = _(fmt);	/* util/i18n.h */
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
 * SQLite walks respondent in rowid order, each row's version looked up in
 * the list of the survey's versions made once (the subquery): rows come
 * out in id order without a sort, so a million rows stream through one
 * page cache rather than a temporary b-tree holding all their answers.
 * (A CROSS JOIN with survey_version did the same, but looked each
 * version up and compared its survey's name on every row.)
 */
static const char answers_each_sql[] =
	"SELECT r.id, r.survey_version_id, r.ext_id, r.grp, r.wave, r.token, r.status,"
	" r.created_at, r.updated_at, r.submitted_at, r.panel, r.answers"
	" FROM respondent r"
	" WHERE r.survey_version_id IN (SELECT v.id FROM survey_version v"
	" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2))"
	" AND (?3 = 0 OR r.status = 'submitted')"
	" ORDER BY r.id";

/*
 * answers_each_sql with the columns an analysis does not read left NULL
 * (the same positions, so that store_resp_from_row() reads it, and
 * store_resp_from_lean_row() without asking for them): each column SQLite
 * does not extract is a cost saved a million times.
 */
static const char answers_lean_sql[] =
	"SELECT r.id, r.survey_version_id, NULL, r.grp, r.wave, NULL, r.status,"
	" NULL, NULL, NULL, r.panel, r.answers"
	" FROM respondent r"
	" WHERE r.survey_version_id IN (SELECT v.id FROM survey_version v"
	" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2))"
	" AND (?3 = 0 OR r.status = 'submitted')"
	" ORDER BY r.id";

/*
 * answers_lean_sql for a survey with one version, ?1 its id (?2 unused): a
 * comparison on each row, where looking the row's version up in the list
 * of versions is an index probe (an eighth of the reading thread's time).
 */
static const char answers_lean_one_sql[] =
	"SELECT r.id, r.survey_version_id, NULL, r.grp, r.wave, NULL, r.status,"
	" NULL, NULL, NULL, r.panel, r.answers"
	" FROM respondent r"
	" WHERE r.survey_version_id = ?1"
	" AND (?3 = 0 OR r.status = 'submitted')"
	" ORDER BY r.id";

/* answers_each_sql without the answers (store_respondents_each()). */
static const char resp_each_sql[] =
	"SELECT r.id, r.survey_version_id, r.ext_id, r.grp, r.wave, r.token, r.status,"
	" r.created_at, r.updated_at, r.submitted_at, r.panel"
	" FROM respondent r"
	" WHERE r.survey_version_id IN (SELECT v.id FROM survey_version v"
	" WHERE v.form_id = ?1 AND (?2 = 0 OR v.version = ?2))"
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

/* The failure of a read of form_id's rows, with (answers) or without them. */
static int each_fail(struct store *st, int answers, const char *form_id, struct error *err)
{
	if (answers)
		return store_fail(st, err, "cannot read the answers of survey '%s'", form_id);
	return store_fail(st, err, "cannot read the respondents of survey '%s'", form_id);
}

/*
 * The id of form_id's one version (or of its version `version`): 1 with
 * *id, 0 when it has none or several, or a UT_E* code.
 */
static int only_version(struct store *st, const char *form_id, int version, int64_t *id,
			struct error *err)
{
	sqlite3_stmt *stmt;
	int n = 0, step;

	if (sqlite3_prepare_v2(st->db, "SELECT id FROM survey_version WHERE form_id = ?1"
			       " AND (?2 = 0 OR version = ?2) LIMIT 2", -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version)) {
		sqlite3_finalize(stmt);
		return each_fail(st, 1, form_id, err);
	}
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW)
		if (n++ == 0)
			*id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (step != SQLITE_DONE)
		return each_fail(st, 1, form_id, err);
	return n == 1;
}

/*
 * The rows of form_id (one version, or every one when version is 0) in id
 * order, each given to fn; with rec, its answers decoded into *rec (at
 * least nslots slots) first, without, the answers column is not read.
 * sql is answers_each_sql, answers_lean_sql, or without rec resp_each_sql.
 * The one loop behind store_respondents_each() and
 * store_answers_each_rep().
 */
static int each_row(struct store *st, const char *sql, const char *form_id, int version,
		    int submitted_only, size_t nslots, struct record_buf *rec,
		    int (*fn)(void *ctx, const struct respondent *r, const struct record_buf *rec),
		    void *ctx, struct error *err)
{
	sqlite3_stmt *stmt;
	size_t pos = 0;
	int rc, step;

	/* A statement of its own: fn may call back into the store. */
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    sqlite3_bind_int(stmt, 3, submitted_only != 0)) {
		rc = each_fail(st, rec != NULL, form_id, err);
		goto out;
	}
	rc = 0;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct respondent r;

		rc = store_resp_from_row(st, stmt, &r, 0, err);
		if (rc < 0)
			goto out;
		if (rec) {
			rc = record_decode(sqlite3_column_blob(stmt, 11),
					   (size_t)sqlite3_column_bytes(stmt, 11), nslots, rec, &pos);
			if (rc < 0) {
				rc = bad_answers(st, r.id, rc, pos, err);
				goto out;
			}
		}
		rc = fn(ctx, &r, rec);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = each_fail(st, rec != NULL, form_id, err);
out:
	sqlite3_finalize(stmt);
	return rc;
}

/* store_respondents_each() on top of each_row(). */
struct each_resp {
	int (*fn)(void *ctx, const struct respondent *r);
	void *ctx;			/* fn's */
};

static int each_resp_fn(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	const struct each_resp *er = ctx;

	(void)rec;
	return er->fn(er->ctx, r);
}

int store_respondents_each(struct store *st, const char *form_id, int version,
			   int submitted_only,
			   int (*fn)(void *ctx, const struct respondent *r),
			   void *ctx, struct error *err)
{
	struct each_resp er = { fn, ctx };

	assert(fn);
	return each_row(st, resp_each_sql, form_id, version, submitted_only, 0, NULL, each_resp_fn,
			&er, err);
}

int store_answers_each_rep(struct store *st, const char *form_id, int version,
			   int submitted_only, size_t nslots,
			   int (*fn)(void *ctx, const struct respondent *r,
				     const struct record_buf *rec),
			   void *ctx, struct error *err)
{
	struct record_buf dec = RECORD_BUF_INIT;	/* reused for every row */
	int rc;

	assert(fn);
	rc = each_row(st, answers_each_sql, form_id, version, submitted_only, nslots, &dec, fn, ctx,
		      err);
	record_buf_release(&dec);
	return rc;
}

/*
 * store_answers_each_lean() reads on a thread of its own: SQLite's steps and
 * the decoding of each record (most of an analysis's pass) on one core, fn
 * on the caller's, on the other.  The rows go from one to the other in
 * chunks, in order, through a ring of LEAN_CHUNKS: fn sees the same rows,
 * in the same order, with the same values as a read on one thread, so every
 * figure computed from them is the same to the bit.  The connection is used
 * by the reading thread alone while it runs: fn must not call into the
 * store (its one caller, the indicators' pass, does not).
 *
 * Who decodes.  SQLite's steps alone keep the reading thread busy for
 * most of the pass, so the decoding goes to whichever side has time: a
 * chunk begun while fn has at most one chunk ahead of it (fn will soon
 * wait for rows) carries each record as stored, and lean_feed() decodes it
 * before handing it to fn; a chunk begun while rows are waiting is decoded
 * by the reader.  Either side decodes the same bytes the same way (the
 * same values, the same errors after the same rows), so only the time
 * changes.
 */
#define LEAN_CHUNKS 4		/* chunks in the ring */
#define LEAN_ROWS 1024		/* rows a chunk holds */
#define LEAN_TEXT (128 * 1024)	/* a chunk's text bytes, more for a row that needs it */

/* Who decodes: 0 by load, 1 the reader, 2 fn's thread (store_lean_decoder(), for tests). */
static int lean_decoder;

void store_lean_decoder(int who)
{
	lean_decoder = who;
}

struct lean_row {
	struct respondent r;	/* group, wave and panel in the chunk's text */
	const char *const *values; /* the answers, in the chunk's slots */
	size_t n;		/* how many */
	const unsigned char *raw; /* a raw chunk's row: the record, in the chunk's raw bytes */
	size_t rawlen;		/* its length */
	char **slots;		/* the room for its values (rawlen + nslots + 1 slots) */
	char *text;		/* and for their text (rawlen + 1 bytes) */
};

struct lean_chunk {
	struct lean_row rows[LEAN_ROWS];
	size_t nrows;		/* rows filled */
	char **slots;		/* the rows' answers */
	size_t salloc, sused;	/* allocated / used slots */
	char *text;		/* the rows' text, each string followed by a NUL */
	size_t talloc, tused;	/* allocated / used bytes */
	int raw;		/* its records are decoded by lean_feed() */
	unsigned char *rawb;	/* their bytes */
	size_t ralloc, rused;	/* allocated / used bytes */
};

struct lean_pipe {
	struct store *st;		/* the workspace */
	sqlite3_stmt *stmt;		/* answers_lean_sql, bound */
	const char *form_id;		/* for messages */
	size_t nslots;			/* slots of each row at least */
	const unsigned char *want;	/* the slots decoded (record_decode_some()), NULL: all */
	struct lean_chunk *chunks;	/* the ring */
	struct instance *inst;		/* the reader's repeat instances (not passed on) */
	size_t installoc;		/* allocated */
	struct instance *finst;		/* lean_feed()'s */
	size_t finstalloc;		/* allocated */
	pthread_mutex_t mu;		/* guards what follows */
	pthread_cond_t cv;		/* a chunk was filled or freed, or a side stopped */
	size_t filled, freed;		/* chunks handed to fn / done with, from the start */
	int done;			/* the reader has finished: rc says how */
	int stop;			/* fn has stopped: the reader stops too */
	int rc;				/* the reader's 0 or UT_E* */
	struct error err;		/* its message */
};

/* The next chunk to fill, emptied; NULL when fn has stopped. */
static struct lean_chunk *lean_take(struct lean_pipe *P)
{
	struct lean_chunk *c = NULL;

	pthread_mutex_lock(&P->mu);
	while (P->filled - P->freed == LEAN_CHUNKS && !P->stop)
		pthread_cond_wait(&P->cv, &P->mu);
	if (!P->stop) {
		c = &P->chunks[P->filled % LEAN_CHUNKS];
		/* fn about to wait for rows: it decodes this chunk (see above) */
		c->raw = lean_decoder ? lean_decoder == 2 : P->filled - P->freed <= 1;
	}
	pthread_mutex_unlock(&P->mu);
	if (c)
		c->nrows = c->sused = c->tused = c->rused = 0;
	return c;
}

/* The chunk being filled handed to fn. */
static void lean_give(struct lean_pipe *P)
{
	pthread_mutex_lock(&P->mu);
	P->filled++;
	pthread_cond_broadcast(&P->cv);
	pthread_mutex_unlock(&P->mu);
}

/*
 * Room in c for slots, text bytes and (a raw chunk) raw bytes, grown while
 * it holds no row: 0, 1 (full) or -1.
 */
static int lean_room(struct lean_chunk *c, size_t slots, size_t text, size_t raw)
{
	if (c->nrows == LEAN_ROWS)
		return 1;
	if (!c->raw)
		raw = 0;
	if (c->salloc - c->sused >= slots && c->talloc - c->tused >= text &&
	    c->ralloc - c->rused >= raw)
		return 0;
	if (c->nrows > 0)
		return 1;
	if (raw > c->ralloc) {
		unsigned char *b = realloc(c->rawb, raw);

		if (!b)
			return -1;
		c->rawb = b;
		c->ralloc = raw;
	}
	if (slots > c->salloc) {
		char **s = realloc(c->slots, slots * sizeof(*s));

		if (!s)
			return -1;
		c->slots = s;
		c->salloc = slots;
	}
	if (text > c->talloc) {
		char *t = realloc(c->text, text);

		if (!t)
			return -1;
		c->text = t;
		c->talloc = text;
	}
	return 0;
}

/* s copied into c's text (the room made); NULL for NULL. */
static char *lean_str(struct lean_chunk *c, const char *s)
{
	char *p;
	size_t len;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = memcpy(c->text + c->tused, s, len);
	c->tused += len;
	return p;
}

/* One row (the statement's current one) into *cp, taking the next chunk when it is full. */
static int lean_row_in(struct lean_pipe *P, struct lean_chunk **cp)
{
	const void *blob = sqlite3_column_blob(P->stmt, 11);
	size_t len = (size_t)sqlite3_column_bytes(P->stmt, 11), pos = 0, text, slots, i;
	struct lean_chunk *c = *cp;
	struct respondent r;
	struct lean_row *row;
	struct record_buf rb;
	int rc, room;

	if ((rc = store_resp_from_lean_row(P->st, P->stmt, &r, &P->err)) < 0)
		return rc;
	/* what record_decode() may use (record.h): len + nslots + 1 slots, len + 1 bytes */
	slots = len + P->nslots + 1;
	text = len + 1 + (r.group ? strlen(r.group) + 1 : 0) + (r.wave ? strlen(r.wave) + 1 : 0) +
	       (r.panel ? strlen(r.panel) + 1 : 0);
	room = c ? lean_room(c, slots, text, len) : 1;
	if (room == 1) {
		if (c)
			lean_give(P);
		if (!(*cp = c = lean_take(P)))
			return 1;	/* fn has stopped */
		room = lean_room(c, slots, text, len);
	}
	if (room < 0)
		return store_oom(&P->err);
	row = &c->rows[c->nrows];
	row->r = r;
	row->r.group = lean_str(c, r.group);
	row->r.wave = lean_str(c, r.wave);
	row->r.panel = lean_str(c, r.panel);
	if (c->raw) {
		/* the record as stored, and the room its decoding may use, for lean_feed() */
		row->raw = c->rawb + c->rused;
		row->rawlen = len;
		if (len)
			memcpy(c->rawb + c->rused, blob, len);
		c->rused += len;
		row->slots = c->slots + c->sused;
		row->text = c->text + c->tused;
		c->sused += slots;
		c->tused += len + 1;
		c->nrows++;
		return 0;
	}
	row->raw = NULL;
	/* decoded in place: with that room it never reallocates values or text */
	rb = (struct record_buf){ c->slots + c->sused, 0, c->salloc - c->sused,
				  c->text + c->tused, c->talloc - c->tused,
				  P->inst, 0, P->installoc };
	rc = record_decode_some(blob, len, P->nslots, P->want, &rb, &pos);
	P->inst = rb.inst;
	P->installoc = rb.installoc;
	if (rc < 0)
		return bad_answers(P->st, r.id, rc, pos, &P->err);
	if (rb.values != c->slots + c->sused || rb.text != c->text + c->tused) {
		error_set(&P->err, "internal error: an answers record outgrew its room");
		return UT_EIO;
	}
	row->values = (const char *const *)rb.values;
	row->n = rb.n;
	/* the slots used: the top-level ones, then the instances' */
	slots = rb.n;
	for (i = 0; i < rb.ninst; i++) {
		size_t end = (size_t)(rb.inst[i].values - row->values) + rb.inst[i].n;

		if (end > slots)
			slots = end;
	}
	c->sused += slots;
	c->tused += len + 1;
	c->nrows++;
	return 0;
}

/* The reading thread: every row into chunks, then done. */
static void *lean_read(void *arg)
{
	struct lean_pipe *P = arg;
	struct lean_chunk *c = NULL;
	int step, rc = 0;

	while ((step = sqlite3_step(P->stmt)) == SQLITE_ROW)
		if ((rc = lean_row_in(P, &c)) != 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = each_fail(P->st, 1, P->form_id, &P->err);
	if (rc == 1)	/* fn stopped the read */
		rc = 0;
	pthread_mutex_lock(&P->mu);
	if (c && c->nrows > 0 && !P->stop)	/* the rows before a failure too, as on one thread */
		P->filled++;
	P->rc = rc;
	P->done = 1;
	pthread_cond_broadcast(&P->cv);
	pthread_mutex_unlock(&P->mu);
	return NULL;
}

/* Decode row of a raw chunk into the room the reader left it: 0 or a UT_E* code in err. */
static int lean_decode(struct lean_pipe *P, struct lean_row *row, struct error *err)
{
	size_t pos = 0, room = row->rawlen + P->nslots + 1;
	struct record_buf rb = { row->slots, 0, room, row->text, row->rawlen + 1,
				 P->finst, 0, P->finstalloc };
	int rc = record_decode_some(row->raw, row->rawlen, P->nslots, P->want, &rb, &pos);

	P->finst = rb.inst;
	P->finstalloc = rb.installoc;
	if (rc < 0)
		return bad_answers(P->st, row->r.id, rc, pos, err);
	if (rb.values != row->slots || rb.text != row->text) {
		error_set(err, "internal error: an answers record outgrew its room");
		return UT_EIO;
	}
	row->values = (const char *const *)rb.values;
	row->n = rb.n;
	return 0;
}

/*
 * fn on every row the reader hands over, in order, decoding those of raw
 * chunks; fn's non-zero, or a record that does not decode (err), stops
 * both sides.
 */
static int lean_feed(struct lean_pipe *P,
		     int (*fn)(void *ctx, const struct respondent *r, const char *const *values,
			       size_t n),
		     void *ctx, struct error *err)
{
	for (;;) {
		struct lean_chunk *c;
		size_t i;
		int rc = 0;

		pthread_mutex_lock(&P->mu);
		while (P->freed == P->filled && !P->done)
			pthread_cond_wait(&P->cv, &P->mu);
		c = P->freed < P->filled ? &P->chunks[P->freed % LEAN_CHUNKS] : NULL;
		pthread_mutex_unlock(&P->mu);
		if (!c)
			return 0;
		for (i = 0; i < c->nrows && rc == 0; i++) {
			if (c->rows[i].raw && (rc = lean_decode(P, &c->rows[i], err)) < 0)
				break;
			rc = fn(ctx, &c->rows[i].r, c->rows[i].values, c->rows[i].n);
		}
		pthread_mutex_lock(&P->mu);
		P->freed++;
		if (rc)
			P->stop = 1;
		pthread_cond_broadcast(&P->cv);
		pthread_mutex_unlock(&P->mu);
		if (rc)
			return rc;
	}
}

int store_answers_each_lean(struct store *st, const char *form_id, int version,
			    int submitted_only, size_t nslots,
			    int (*fn)(void *ctx, const struct respondent *r,
				      const char *const *values, size_t n),
			    void *ctx, struct error *err)
{
	return store_answers_each_some(st, form_id, version, submitted_only, nslots, NULL, fn, ctx,
				       err);
}

int store_answers_each_some(struct store *st, const char *form_id, int version,
			    int submitted_only, size_t nslots, const unsigned char *want,
			    int (*fn)(void *ctx, const struct respondent *r,
				      const char *const *values, size_t n),
			    void *ctx, struct error *err)
{
	struct lean_pipe P;
	pthread_t reader;
	size_t i;
	int64_t vid = 0;	/* the survey's one version (only_version()) */
	int rc = 0, nothread = 0, one = 0;

	assert(fn);
	memset(&P, 0, sizeof(P));
	P.st = st;
	P.form_id = form_id;
	P.nslots = nslots;
	P.want = want;
	P.chunks = calloc(LEAN_CHUNKS, sizeof(*P.chunks));
	if (!P.chunks)
		return store_oom(err);
	for (i = 0; i < LEAN_CHUNKS && rc == 0; i++) {
		struct lean_chunk *c = &P.chunks[i];

		/* a raw row holds room for len + nslots + 1 slots: LEAN_TEXT bounds the lens */
		c->salloc = LEAN_ROWS * (nslots + 8) + LEAN_TEXT;
		c->talloc = LEAN_TEXT;
		c->ralloc = LEAN_TEXT;
		c->slots = malloc(c->salloc * sizeof(*c->slots));
		c->text = malloc(c->talloc);
		c->rawb = malloc(c->ralloc);
		if (!c->slots || !c->text || !c->rawb)
			rc = store_oom(err);
	}
	if (rc == 0 && (one = only_version(st, form_id, version, &vid, err)) < 0)
		rc = one;
	else if (rc == 0 && sqlite3_prepare_v2(st->db, one ? answers_lean_one_sql : answers_lean_sql,
					       -1, &P.stmt, NULL) != SQLITE_OK)
		rc = store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	else if (rc == 0 && ((one ? sqlite3_bind_int64(P.stmt, 1, vid)
				  : store_bind_text(P.stmt, 1, form_id) ||
				    sqlite3_bind_int(P.stmt, 2, version)) ||
			     sqlite3_bind_int(P.stmt, 3, submitted_only != 0)))
		rc = each_fail(st, 1, form_id, err);
	if (rc == 0 && pthread_mutex_init(&P.mu, NULL) == 0) {
		if (pthread_cond_init(&P.cv, NULL) == 0) {
			if (pthread_create(&reader, NULL, lean_read, &P) == 0) {
				rc = lean_feed(&P, fn, ctx, err);
				pthread_join(reader, NULL);
				if (rc == 0 && P.rc < 0) {
					*err = P.err;
					rc = P.rc;
				}
			} else {
				nothread = 1;
			}
			pthread_cond_destroy(&P.cv);
		} else {
			nothread = 1;
		}
		pthread_mutex_destroy(&P.mu);
	} else if (rc == 0) {
		nothread = 1;
	}
	if (nothread) {		/* no thread: on this one (not fn's UT_EDATA, -2) */
		struct record_buf dec = RECORD_BUF_INIT;
		struct each_plain ep = { fn, ctx };

		sqlite3_finalize(P.stmt);
		P.stmt = NULL;
		rc = each_row(st, answers_lean_sql, form_id, version, submitted_only, nslots, &dec,
			      each_plain_fn, &ep, err);
		record_buf_release(&dec);
	}
	sqlite3_finalize(P.stmt);
	for (i = 0; i < LEAN_CHUNKS; i++) {
		free(P.chunks[i].slots);
		free(P.chunks[i].text);
		free(P.chunks[i].rawb);
	}
	free(P.chunks);
	free(P.inst);
	free(P.finst);
	return rc;
}
