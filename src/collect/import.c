/*
 * import: CSV answers into the workspace (see import.h).  The header row
 * is mapped once to what each column holds — respondent metadata, the
 * answer to a question, one choice of a select_multiple (0/1), a column of
 * the source tool to skip — and each data row is then turned into the
 * positional answers of the survey version, normalised (decimal comma,
 * DD/MM/YYYY dates, runs of spaces between choices), checked through
 * survey/response.h and handed to the store in batches.  The rule checks
 * use one struct response for the whole file; its answer slots point to
 * buffers kept from row to row (the values stay malloc'd, as response.h
 * wants, and response_update() without dropping never frees an answer that
 * is not calculated: a read-only calculated question's slot is emptied
 * before it, and a calculated default's computed value is the response's,
 * freed at the next row), so a million rows cost no allocation each.
 */
#include "collect/import.h"

#include <ctype.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "collect/idset.h"
#include "survey/response.h"
#include "survey/xlsx.h"
#include "store/record.h"
#include "util/csvout.h"
#include "util/i18n.h"

enum col_kind {
	COL_IGNORE,		/* metadata of the source tool, a note: not read */
	COL_ID,			/* `_id` (Kobo `_id`, ODK `KEY`) */
	COL_GROUP,		/* `_group` */
	COL_WAVE,		/* `_wave` */
	COL_SUBMITTED,		/* `_submitted_at` (Kobo `_submission_time`, ODK `SubmissionDate`) */
	COL_JUROR,		/* `_juror`: a prize juror (id, email or token), jury imports only */
	COL_CANDIDATE,		/* `_candidate`: the candidate they scored, jury imports only */
	COL_QUESTION,		/* the answer to a question */
	COL_CHOICE,		/* 0/1: one choice of a select_multiple */
	COL_CALCULATED,		/* a calculation: recomputed, not read */
	COL_REVIEW,		/* ODK Central ReviewState: "rejected" rows are skipped */
	COL_VALIDATION,		/* KoboToolbox _validation_status: "not approved" rows are skipped */
	COL_PENDING,		/* names no question (Kobo, ODK): decided once every row is read */
};

struct column {
	enum col_kind kind;		/* what the column holds */
	const struct question *q;	/* COL_QUESTION, COL_CHOICE, COL_CALCULATED */
	size_t choice;			/* COL_CHOICE: index of the choice in q->list */
	const char *name;		/* header text (valid while the header is read) */
	/* COL_PENDING: what its cells held */
	char *pname;			/* the header text, kept */
	char *pqname;			/* the question name it gives */
	int old_version;		/* a loaded version of the survey with this question, or 0 */
	int meta_like;			/* every cell so far is a date, a time or a device id */
	long nvalues;			/* cells not blank */
	long first_row;			/* row of the first one */
};

struct rtable;
struct placed;

/* What read_plain_row() does with a column, worked out once from the header. */
struct fcol {
	enum { F_SKIP, F_CHOICE, F_VALUE, F_META } kind; /* a choice, another answer, metadata */
	size_t index;			/* F_CHOICE, F_VALUE: the question's index */
	const struct question *q;	/* F_CHOICE, F_VALUE: the question */
	const unsigned *one;		/* F_CHOICE: its list's table of one-byte names, or NULL */
};

struct importer {
	const struct survey *s;		/* the model answered */
	const struct import_options *opt; /* layout, defaults */
	struct import_result *res;	/* counts and notes */
	struct diags *d;		/* problems, capped */
	struct error *err;		/* a failure that is not the data's fault */
	struct store *st;		/* the workspace */
	const char *path;		/* file name for messages */
	int64_t nstored_ids;		/* `_id`s of the survey stored before this import */
	struct column *cols;		/* what each column holds */
	size_t ncols;			/* number of columns */
	int *main_col;			/* by question index: its column, or -1 */
	int *choice_col;		/* by question index: its first 0/1 column, or -1 */
	signed char *bit;		/* by column: a 0/1 value of this row, -1 when empty */
	struct response r;		/* the answers of the current row */
	char **spare;			/* by question index: the buffer behind r.values[i] */
	size_t *cap;			/* their sizes */
	size_t *len;			/* the length of r.values[i] when set by set_answer() */
	const char **raw;		/* by question index: its cell as written in this row, or NULL */
	size_t *own;			/* indexes of the questions whose answers are read, not computed */
	size_t nown;			/* how many */
	size_t *multi;			/* indexes of the questions with 0/1 columns */
	size_t nmulti;			/* how many */
	int plain;			/* no rule, calculation or repeat in the survey (plain_survey()) */
	size_t *answered;		/* plain: indexes of the questions the respondent answers */
	size_t nanswered;		/* how many */
	size_t *required;		/* plain: those of them that are required */
	size_t nrequired;		/* how many */
	int fast;			/* rows are read by read_plain_row() first (plain_columns()) */
	struct fcol *fcols;		/* fast: by column, what read_plain_row() does with it */
	struct strbuf norm;		/* a value being normalised */
	struct strbuf why;		/* why a value is refused */
	struct strbuf msg;		/* a message being composed */
	struct strbuf meta[5];		/* this row's `_id`, `_group`, `_wave`, `_juror`, `_candidate`, trimmed */
	struct problems probs;		/* the rule checks' findings for a row */
	struct idset ids;		/* `_id`s seen */
	int failed;			/* a data problem was found: write nothing */
	int fatal;			/* a STORE_E or IMPORT_E code that stops everything */
	int col_id;			/* column of `_id` (1-based), 0 when none */
	int col_juror;			/* column of `_juror` (1-based), 0 when none */
	int col_candidate;		/* column of `_candidate` (1-based), 0 when none */
	struct writer *w;		/* the thread that writes the checked rows */
	struct batch *cur;		/* the batch being filled for it */
	const struct csv_record *rec;	/* the record being read, for on_error's value */
	long nrec;			/* records read, the header included */
	int from_xlsx;			/* the file is a workbook: cells are read as they are */
	struct survey **others;		/* the other loaded versions of the survey (Kobo, ODK) */
	size_t nothers;			/* how many */
	char **geo;			/* geopoints of the header (their base names) */
	size_t ngeo;			/* how many */
	/* repeats */
	struct rtable **rt;		/* by survey.repeats index: its file's rows, or NULL */
	struct placed *placed;		/* the current row's instances: where each was read */
	size_t nplaced, aplaced;	/* used / allocated */
	const char *at_file;		/* messages about a repeat's file: its name, else NULL */
	const char *at_value;		/* and the cell the message is about (on_error) */
};

const char *import_layout_name(enum import_layout layout)
{
	switch (layout) {
	case IMPORT_KOBO: return "kobo";
	case IMPORT_ODK: return "odk";
	default: return "utilis";
	}
}

void import_result_init(struct import_result *res)
{
	memset(res, 0, sizeof(*res));
	strbuf_init(&res->ignored, 0);
	strbuf_init(&res->recomputed, 0);
	strbuf_init(&res->missing, 0);
	strbuf_init(&res->unknown, 0);
	strbuf_init(&res->geopoints, 0);
	strbuf_init(&res->metadata, 0);
	strbuf_init(&res->empty_columns, 0);
	strbuf_init(&res->old_columns, 0);
	strbuf_init(&res->sheets, 0);
	strbuf_init(&res->repeats, 0);
	strbuf_init(&res->no_repeat, 0);
}

void import_result_release(struct import_result *res)
{
	strbuf_release(&res->ignored);
	strbuf_release(&res->recomputed);
	strbuf_release(&res->missing);
	strbuf_release(&res->unknown);
	strbuf_release(&res->geopoints);
	strbuf_release(&res->metadata);
	strbuf_release(&res->empty_columns);
	strbuf_release(&res->old_columns);
	strbuf_release(&res->sheets);
	strbuf_release(&res->repeats);
	strbuf_release(&res->no_repeat);
}

/* --- reporting ---------------------------------------------------------- */

__attribute__((format(printf, 5, 0)))
static void vreport(struct importer *im, enum severity sev, long row, int col,
		    const char *fmt, va_list ap)
{
	long *count = sev == SEV_ERROR ? &im->res->nerrors : &im->res->nwarnings;

	fmt = _(fmt);	/* the --errors file in the messages' language too */
	if (sev == SEV_ERROR)
		im->failed = 1;
	if (sev == SEV_ERROR && im->opt->on_error) {
		const struct csv_record *rec = im->rec;
		const char *value = im->at_file ? (im->at_value ? im->at_value : "") :
			rec && col > 0 && (size_t)col <= rec->n ? rec->fields[col - 1] : "";
		char *msg = NULL;
		va_list aq;

		va_copy(aq, ap);
		if (vasprintf(&msg, fmt, aq) < 0)
			msg = NULL;
		va_end(aq);
		if (msg && im->at_file) {	/* a repeat's file: say which */
			char *m2 = NULL;

			if (asprintf(&m2, "%s: %s", im->at_file, msg) >= 0) {
				free(msg);
				msg = m2;
			}
		}
		im->opt->on_error(im->opt->error_ctx, row, col, value, msg ? msg : "out of memory");
		free(msg);
	}
	if (++*count <= IMPORT_MAX_REPORTED)
		diag_vadd(im->d, sev, im->at_file ? im->at_file : im->path, (int)row, col, fmt, ap);
}

/* An error at row, column col (1-based; 0 for the row as a whole). */
__attribute__((format(printf, 4, 5)))
static void error_at(struct importer *im, long row, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(im, SEV_ERROR, row, col, fmt, ap);
	va_end(ap);
}

/* A warning at row, column col (0: the row as a whole); the row is still imported. */
__attribute__((format(printf, 4, 5)))
static void warning_at(struct importer *im, long row, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(im, SEV_WARNING, row, col, fmt, ap);
	va_end(ap);
}

/* Append name to a comma-separated list (out of memory: the note is lost). */
static void note(struct strbuf *list, const char *name)
{
	if (list->len)
		strbuf_addstr(list, ", ");
	strbuf_addstr(list, name);
}

/* --- the writer thread ----------------------------------------------------- */

/*
 * Rows that passed the checks travel in batches from the reading thread
 * (parse, normalise, check, encode the answers: record_append()) to a
 * writer thread that owns the workspace connection for the time of the
 * stream: it looks up `_id`s imported before and hands each batch's rows
 * to store_bulk_write(), which binds their bytes as they are.  On two
 * cores the import takes the time of the slower half instead of their
 * sum: the writer, which is SQLite's INSERT alone (docs/data.md).  The
 * queue is bounded: memory does not grow with the file.
 */
#define BATCH_ROWS 512
#define QUEUE_DEPTH 4
#define NBATCHES (QUEUE_DEPTH + 2)
#define NO_TEXT ((size_t)-1)
#define META_SLOTS 6		/* ext_id, group, wave, submitted_at, juror, candidate, then the answers */

/*
 * A row in a batch: its metadata and its answers, encoded by the reader
 * (record_append()), as offsets into the batch's text with their lengths.
 */
struct brow {
	size_t off[META_SLOTS];		/* ext_id, group, wave, submitted_at, juror, candidate: or NO_TEXT */
	size_t len[META_SLOTS];		/* their lengths */
	size_t rec, rec_len;		/* the encoded answers */
};

struct batch {
	size_t nrows;			/* rows held */
	long row[BATCH_ROWS];		/* their row numbers in the file */
	struct brow r[BATCH_ROWS];	/* the rows */
	struct strbuf text;		/* the strings (NUL after each) and records */
};

struct writer {
	pthread_t thread;		/* the writer */
	pthread_mutex_t mu;		/* guards what follows up to `done` */
	pthread_cond_t cv;		/* signalled on every change */
	struct batch *full[QUEUE_DEPTH]; /* batches waiting to be written, oldest first */
	size_t nfull;			/* how many */
	struct batch *free[NBATCHES];	/* batches the reader may fill */
	size_t nfree;			/* how many */
	int done;			/* the reader sends no more */
	int abandon;			/* the reader found a problem: write nothing more */
	int failed;			/* the writer failed: rc and err say why */
	/* the writer's own, read by others only after the join */
	int rc;				/* 0 or the failure's code */
	struct error err;		/* its message */
	long added, unchanged, changed;	/* rows stored, skipped as already there */
	struct diags warnings;		/* rows already imported with other answers */
	long nwarnings;			/* all of them, the diagnostics hold the first ones */
	const char *path;		/* file name for the warnings */
	struct store *st;		/* the workspace, the writer's during the stream */
	struct store_bulk *bulk;	/* NULL for a dry run */
	const struct survey *s;		/* for form_id and nq */
	int64_t nstored_ids;		/* `_id`s stored before: look them up when non-zero */
	int col_id;			/* column of `_id`, for the warnings */
	const struct import_jury *jury;	/* rows are jury sheets: handed to jury->sheet() */
	int dry_run;			/* store nothing */
	struct record_buf dec;		/* a jury sheet's answers, decoded for jury->sheet() */
	struct store_enc_row rows[BATCH_ROWS]; /* a batch's rows handed to the store */
	struct batch batches[NBATCHES];	/* the storage */
};

/*
 * Row k of batch b: skip it when its `_id` is stored already (a warning
 * when with other answers), else add it to w->rows (*n of them) for the
 * store, or hand it to the jury.  0 or a UT_E* code (the writer's err says
 * why).
 */
static int writer_row(struct writer *w, struct batch *b, size_t k, size_t *n)
{
	const struct brow *br = &b->r[k];
	const char *meta[META_SLOTS];
	const char *rec = b->text.buf + br->rec;
	struct store_enc_row *row;
	size_t i;

	for (i = 0; i < META_SLOTS; i++)
		meta[i] = br->off[i] == NO_TEXT ? NULL : b->text.buf + br->off[i];
	if (w->jury) {
		size_t errpos = 0;
		int rc = record_decode(rec, br->rec_len, w->s->nq, &w->dec, &errpos);

		if (rc == -1)
			return error_set(&w->err, "out of memory"), UT_EIO;
		if (rc < 0)	/* what the reader encoded: not the data's doing */
			return error_set(&w->err, "a jury sheet's answers do not decode (at byte %zu)",
					 errpos), UT_EIO;
		rc = w->dry_run ? 0 : w->jury->sheet(w->jury->ctx, meta[4], meta[5],
						     (const char **)w->dec.values, w->s->nq,
						     b->row[k], &w->err);
		if (rc < 0)
			return rc;
		w->added++;
		return 0;
	}
	if (meta[0] && w->nstored_ids > 0) {
		int same = 0;
		int rc = store_find_ext_id_blob(w->st, w->s->form_id, meta[0], rec, br->rec_len,
						&same, &w->err);

		if (rc < 0)
			return rc;
		if (rc == 1) {
			if (same) {
				w->unchanged++;
			} else {
				w->changed++;
				if (++w->nwarnings <= IMPORT_MAX_REPORTED)
					diag_add(&w->warnings, SEV_WARNING, w->path, (int)b->row[k], w->col_id,
						 "_id '%s' was imported before with other answers: the stored "
						 "answers are kept (erase them first to replace them)", meta[0]);
			}
			return 0;
		}
	}
	w->added++;
	if (!w->bulk)
		return 0;
	row = &w->rows[(*n)++];
	row->ext_id = meta[0];
	row->ext_len = br->len[0];
	row->group = meta[1];
	row->group_len = br->len[1];
	row->wave = meta[2];
	row->wave_len = br->len[2];
	row->submitted_at = meta[3];
	row->answers = rec;
	row->answers_len = br->rec_len;
	return 0;
}

/*
 * The writer thread: take full batches until the reader is done, write
 * them unless told to abandon, then write what the store still holds.
 * Its results are read by the reader after pthread_join().
 */
static void *writer_main(void *arg)
{
	struct writer *w = arg;

	for (;;) {
		struct batch *b;
		int skip;
		size_t k;

		pthread_mutex_lock(&w->mu);
		while (w->nfull == 0 && !w->done)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->nfull == 0) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		b = w->full[0];
		memmove(w->full, w->full + 1, --w->nfull * sizeof(*w->full));
		skip = w->abandon || w->failed;
		pthread_mutex_unlock(&w->mu);
		if (!skip) {
			size_t n = 0;
			int rc = 0;

			for (k = 0; k < b->nrows && rc == 0; k++)
				rc = writer_row(w, b, k, &n);
			if (rc == 0 && n > 0)
				rc = store_bulk_write(w->bulk, w->rows, n, &w->err);
			if (rc < 0) {
				pthread_mutex_lock(&w->mu);
				w->rc = rc;
				w->failed = 1;
				pthread_mutex_unlock(&w->mu);
			}
		}
		b->nrows = 0;
		strbuf_reset(&b->text);
		pthread_mutex_lock(&w->mu);
		w->free[w->nfree++] = b;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	/* written here, so that the last rows go in from this thread too */
	if (w->bulk) {
		int rc = 0;

		if (!w->failed && !w->abandon)
			rc = store_bulk_finish(w->bulk, NULL, &w->err);
		else
			store_bulk_abort(w->bulk);
		w->bulk = NULL;
		if (rc < 0) {
			w->rc = rc;
			w->failed = 1;
		}
	}
	return NULL;
}

/*
 * Set up w (batches, the store's bulk insert, unless a dry run) and start
 * the thread.  0 or an error code with im->err; on failure call
 * writer_release() only.
 */
static int writer_start(struct writer *w, struct importer *im, int64_t version_id)
{
	size_t i;
	int rc;

	memset(w, 0, sizeof(*w));
	w->path = im->path;
	w->st = im->st;
	w->s = im->s;
	w->nstored_ids = im->nstored_ids;
	w->jury = im->opt->jury;
	w->dry_run = im->opt->dry_run;
	for (i = 0; i < NBATCHES; i++) {
		strbuf_init(&w->batches[i].text, 0);
		w->free[w->nfree++] = &w->batches[i];
	}
	/* Jury sheets are written one by one through the jury's callback. */
	if (!im->opt->dry_run && !im->opt->jury &&
	    (rc = store_bulk_begin(im->st, version_id, &w->bulk, im->err)) < 0)
		return rc;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		store_bulk_abort(w->bulk);
		w->bulk = NULL;
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		return error_set(im->err, "cannot start the writer thread"), UT_EIO;
	}
	pthread_setname_np(w->thread, "import-write");	/* perf report --sort comm */
	im->w = w;
	return 0;
}

/* Hand the batch being filled to the writer; 0, or 1 when the writer failed. */
static int writer_push(struct writer *w, struct batch **cur)
{
	int failed;

	pthread_mutex_lock(&w->mu);
	if (*cur) {
		if ((*cur)->nrows) {
			while (w->nfull == QUEUE_DEPTH && !w->failed)
				pthread_cond_wait(&w->cv, &w->mu);
			w->full[w->nfull++] = *cur;
		} else {
			w->free[w->nfree++] = *cur;
		}
		*cur = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	failed = w->failed;
	pthread_mutex_unlock(&w->mu);
	return failed;
}

/* A batch to fill, waiting for the writer to give one back. */
static struct batch *writer_take(struct writer *w)
{
	struct batch *b;

	pthread_mutex_lock(&w->mu);
	while (w->nfree == 0)
		pthread_cond_wait(&w->cv, &w->mu);
	b = w->free[--w->nfree];
	pthread_mutex_unlock(&w->mu);
	return b;
}

/* No more rows: wait for the writer to finish; abandon: drop what is queued. */
static void writer_stop(struct writer *w, struct batch **cur, int abandon)
{
	if (abandon) {
		pthread_mutex_lock(&w->mu);
		w->abandon = 1;
		pthread_mutex_unlock(&w->mu);
	}
	if (!abandon)
		writer_push(w, cur);
	pthread_mutex_lock(&w->mu);
	if (*cur) {
		w->free[w->nfree++] = *cur;
		*cur = NULL;
	}
	w->done = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
}

/* Free what writer_start() allocated (after writer_stop(), or after its failure). */
static void writer_release(struct writer *w)
{
	size_t i;

	for (i = 0; i < NBATCHES; i++)
		strbuf_release(&w->batches[i].text);
	store_bulk_abort(w->bulk);
	record_buf_release(&w->dec);
	diags_release(&w->warnings);
}

/* Make *v (of *alloc elements of size) at least want long; 0 or -1. */
static int grow_to(void **v, size_t *alloc, size_t want, size_t size)
{
	size_t na = *alloc ? *alloc : 16;
	void *p;

	while (na < want)
		na *= 2;
	if (na == *alloc)
		return 0;
	p = realloc(*v, na * size);
	if (!p)
		return -1;
	*v = p;
	*alloc = na;
	return 0;
}

/* One more element for *v; 0 or -1. */
static int grow(void **v, size_t *alloc, size_t size)
{
	return grow_to(v, alloc, *alloc + 1, size);
}

/* Queue a checked row for the writer.  0, or 1 to stop the reading. */
static int emit(struct importer *im, long rownum, const char *const meta[META_SLOTS])
{
	struct writer *w = im->w;
	struct instance *inst = NULL;
	struct batch *b;
	struct brow *br;
	size_t i, ninst = 0, bad = 0, *len = im->len;
	int rc;

	if (!im->cur)
		im->cur = writer_take(w);
	b = im->cur;
	br = &b->r[b->nrows];
	for (i = 0; i < META_SLOTS; i++) {
		size_t n;

		br->off[i] = NO_TEXT;
		br->len[i] = 0;
		if (!meta[i])
			continue;
		n = strlen(meta[i]);
		br->off[i] = b->text.len;
		br->len[i] = n;
		if (strbuf_add(&b->text, meta[i], n + 1) < 0)
			goto oom;
	}
	/* the answers, encoded here: the lengths measured are the reading's (a plain survey computes none) */
	for (i = 0; !im->plain && i < im->s->nq; i++) {
		const char *v = im->r.values[i];

		if (v && (im->s->questions[i]->type == Q_CALCULATE || im->r.computed[i]))
			len[i] = strlen(v);
	}
	if (im->s->nrepeats && response_instances(&im->r, &inst, &ninst) < 0)
		goto oom;
	br->rec = b->text.len;
	rc = record_append((const char *const *)im->r.values, len, im->s->nq, inst, ninst,
			   &b->text, &bad);
	free(inst);
	if (rc == -1)
		goto oom;
	if (rc < 0) {
		im->fatal = UT_EDATA;
		if (bad >= im->s->nq)
			error_set(im->err, "cannot add a respondent: an answer in a repeat is not valid UTF-8, or an instance is nested too deep");
		else
			error_set(im->err, "cannot add a respondent: the answer in slot %zu is not valid UTF-8",
				  bad);
		return 1;
	}
	br->rec_len = b->text.len - br->rec;
	b->row[b->nrows++] = rownum;
	if (b->nrows == BATCH_ROWS && writer_push(w, &im->cur))
		return 1;
	return 0;
oom:
	im->fatal = UT_EIO;
	error_set(im->err, "out of memory");
	return 1;
}

/* --- the header ----------------------------------------------------------- */

/* Metadata of KoboToolbox and ODK forms that are not answers. */
static const char *const form_metadata[] = {
	"start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
	"phonenumber", "audit", "instanceID", "instanceName", NULL,
};

static const char *const odk_metadata[] = {
	"SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
	"DeviceID", "Edits", "FormVersion", "isValidated", NULL,
};

/* 1 when name is one of the NULL-terminated list. */
static int in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return 1;
	return 0;
}

/* 1 with the index of choice name of cl in *out, 0 when cl has none. */
static int find_choice(const struct choice_list *cl, const char *name, size_t *out)
{
	size_t i;

	for (i = 0; cl && i < cl->n; i++)
		if (!strcmp(cl->v[i].name, name)) {
			*out = i;
			return 1;
		}
	return 0;
}

/* --- columns that name no question --------------------------------------- */

static int parse_time(const char *s, char out[21]);

/* The error of a column name that names no question qname, with more after it. */
static void unknown_column(struct importer *im, int col, const char *name, const char *qname,
			   const char *more)
{
	const char **names = calloc(im->s->nq + 1, sizeof(*names));
	const char *hint = NULL;
	size_t i;

	if (names) {
		for (i = 0; i < im->s->nq; i++)
			names[i] = im->s->questions[i]->name;
		hint = did_you_mean(qname, names);
	}
	if (hint)
		error_at(im, 1, col, "unknown column '%s': survey '%s' has no question '%s'; "
			 "did you mean '%s'?%s", name, im->s->form_id, qname, hint, more);
	else
		error_at(im, 1, col, "unknown column '%s': survey '%s' has no question '%s'%s",
			 name, im->s->form_id, qname, more);
	free(names);
}

/*
 * The geopoint that column name is a part of, by the names KoboToolbox and
 * ODK Central give the parts: `_lieu_latitude`, `_lieu_longitude`,
 * `_lieu_altitude`, `_lieu_precision` (Kobo), `lieu-Latitude`,
 * `lieu-Longitude`, `lieu-Altitude`, `lieu-Accuracy` (ODK, and Kobo's
 * older exports), after a group path.  Its base name into buf; 1, or 0
 * when name is not such a part.
 */
static int geo_part_base(const char *name, char *buf, size_t size)
{
	static const char *const odk[] = { "-Latitude", "-Longitude", "-Altitude", "-Accuracy", NULL };
	static const char *const kobo[] = { "_latitude", "_longitude", "_altitude", "_precision", NULL };
	const char *seg = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	size_t n = strlen(seg), k, i;

	for (i = 0; odk[i]; i++) {
		k = strlen(odk[i]);
		if (n > k && !strcmp(seg + n - k, odk[i])) {
			const char *start = seg, *p;

			for (p = seg; p < seg + n - k; p++)	/* ODK's group path: g-lieu-Latitude */
				if (*p == '-')
					start = p + 1;
			if ((size_t)(seg + n - k - start) == 0 || (size_t)(seg + n - k - start) >= size)
				return 0;
			snprintf(buf, size, "%.*s", (int)(seg + n - k - start), start);
			return 1;
		}
	}
	for (i = 0; kobo[i] && seg[0] == '_'; i++) {
		k = strlen(kobo[i]);
		if (n > k + 1 && !strcmp(seg + n - k, kobo[i]) && n - k - 1 < size) {
			snprintf(buf, size, "%.*s", (int)(n - k - 1), seg + 1);
			return 1;
		}
	}
	return 0;
}

/* Index in im->geo of the geopoint column name belongs to (a part or the whole), or -1. */
static int geo_index(const struct importer *im, const char *name)
{
	char base[128];
	const char *seg;
	size_t i;

	if (!geo_part_base(name, base, sizeof(base))) {
		seg = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		if (strrchr(seg, '-'))
			seg = strrchr(seg, '-') + 1;
		snprintf(base, sizeof(base), "%s", seg);
	}
	for (i = 0; i < im->ngeo; i++)
		if (!strcmp(im->geo[i], base))
			return (int)i;
	return -1;
}

/* Note the geopoints that the header's names show (their parts), in im->geo.  0 or -1. */
static int find_geopoints(struct importer *im, const struct csv_record *rec)
{
	char base[128];
	size_t i, j;

	for (i = 0; i < rec->n; i++) {
		char **ng;

		if (!geo_part_base(rec->fields[i], base, sizeof(base)) || survey_find(im->s, base))
			continue;
		for (j = 0; j < im->ngeo && strcmp(im->geo[j], base); j++)
			;
		if (j < im->ngeo)
			continue;
		ng = realloc(im->geo, (im->ngeo + 1) * sizeof(*ng));
		if (!ng)
			return -1;
		im->geo = ng;
		if (!(im->geo[im->ngeo] = strdup(base)))
			return -1;
		im->ngeo++;
	}
	return 0;
}

/* The highest other loaded version of the survey with a question qname, or 0. */
static int other_version(const struct importer *im, const char *qname)
{
	size_t i;

	for (i = im->nothers; i-- > 0;)
		if (survey_find(im->others[i], qname))
			return im->others[i]->version;
	return 0;
}

/*
 * 1 when a cell looks like the metadata KoboToolbox and ODK record under a
 * name the form chooses (`date_assessment` of type today, start, end,
 * deviceid): a date, a date and time, a time, or a device id such as
 * `collect:Xq2w8Pz1` or `ee.kobotoolbox.org:abc123`.
 */
static int looks_like_metadata(const char *v)
{
	char t[21];
	const char *p;
	int h, m, n = 0;

	while (isspace((unsigned char)*v))
		v++;
	if (parse_time(v, t) == 0)
		return 1;
	if (sscanf(v, "%2d:%2d%n", &h, &m, &n) == 2 && n == 5 && h < 24 && m < 60)
		return 1;
	p = strchr(v, ':');
	if (!p || p == v || !p[1] || !isalpha((unsigned char)v[0]))
		return 0;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr("._-:", *v))
			return 0;
	return 1;
}

/*
 * Decide the columns left pending once every row is read: a column of
 * another loaded version of the survey, empty here, is skipped (noted); with
 * answers, an error saying which version and which export option; a column
 * of dates, times or device ids only (metadata under a name of its own), or
 * an empty one, is skipped with a note; anything else is an unknown column.
 */
static void resolve_pending(struct importer *im, int header_failed)
{
	size_t i;

	for (i = 0; i < im->ncols; i++) {
		struct column *c = &im->cols[i];
		int col = (int)i + 1;

		if (c->kind != COL_PENDING)
			continue;
		c->kind = COL_IGNORE;
		if (header_failed) {	/* no row was read: what the header says */
			unknown_column(im, col, c->pname, c->pqname, "");
		} else if (c->old_version && c->nvalues == 0) {
			note(&im->res->old_columns, c->pname);
		} else if (c->old_version) {
			error_at(im, 1, col, "column '%s' is a question of version %d of survey '%s', not "
				 "of version %d imported: %ld row%s answer%s it (first at row %ld); in "
				 "KoboToolbox's export, untick 'Include fields from all versions', or "
				 "import the rows of version %d with --version %d", c->pname, c->old_version,
				 im->s->form_id, im->s->version, c->nvalues, c->nvalues == 1 ? "" : "s",
				 c->nvalues == 1 ? "s" : "", c->first_row, c->old_version, c->old_version);
		} else if (c->nvalues == 0) {
			note(&im->res->empty_columns, c->pname);
		} else if (c->meta_like) {
			note(&im->res->metadata, c->pname);
		} else {
			unknown_column(im, col, c->pname, c->pqname, im->opt->layout == IMPORT_KOBO ?
				       " (in any loaded version); if it is a question of an older version "
				       "of the form, untick 'Include fields from all versions' in "
				       "KoboToolbox's export, or load that version; if the survey left it "
				       "out, add --ignore-unknown-columns" : " (in any loaded version); "
				       "if the survey left it out, add --ignore-unknown-columns");
		}
	}
}

/*
 * What column col, named name, holds for the utilis layout, and for the
 * question part of the Kobo and ODK layouts once their paths are split:
 * qname is the question, choice the choice of a 0/1 column or NULL.
 * Reports the problems; returns 0 or -1.
 */
static int map_question(struct importer *im, int col, const char *name, const char *qname,
			const char *choice, struct column *c)
{
	const struct question *q = survey_find(im->s, qname);

	if (!q && geo_index(im, name) >= 0) {
		c->kind = COL_IGNORE;		/* named in res->geopoints */
		return 0;
	}
	if (!q && im->opt->ignore_unknown) {
		c->kind = COL_IGNORE;
		note(&im->res->unknown, name);
		return 0;
	}
	if (!q && im->opt->layout == IMPORT_UTILIS) {
		unknown_column(im, col, name, qname, "");
		return -1;
	}
	if (!q) {	/* KoboToolbox, ODK: decided once the cells are read (resolve_pending) */
		c->kind = COL_PENDING;
		c->meta_like = 1;
		c->old_version = other_version(im, qname);
		for (const char *p = name; !c->old_version && *p;) {	/* g/old/choice, g-old/choice */
			size_t len = strcspn(p, "/-");
			char word[80];

			if (len < sizeof(word)) {
				memcpy(word, p, len);
				word[len] = '\0';
				c->old_version = other_version(im, word);
			}
			p += len;
			if (*p)
				p++;
		}
		if (!(c->pname = strdup(name)) || !(c->pqname = strdup(qname)))
			return im->fatal = UT_EIO, error_set(im->err, "out of memory");
		return 0;
	}
	if (question_is_container(q)) {
		error_at(im, 1, col, "column '%s' names %s '%s', which holds no answer%s", name,
			 q->type == Q_GROUP ? "group" : "repeat", q->name, q->type == Q_GROUP ? "" :
			 ": its instances are rows of a file of their own (--repeat NAME=FILE)");
		return -1;
	}
	if (q->repeat) {
		error_at(im, 1, col, "column '%s': '%s' is a question of repeat '%s', whose answers "
			 "are rows of a file of their own, one per instance (--repeat %s=FILE)", name,
			 q->name, q->repeat->name, q->repeat->name);
		return -1;
	}
	c->q = q;
	if (choice) {
		if (q->type != Q_SELECT_MULTIPLE) {
			error_at(im, 1, col, "column '%s': '%s' is a %s question; only select_multiple "
				 "questions have a 0/1 column per choice", name, q->name,
				 qtype_name(q->type));
			return -1;
		}
		if (!find_choice(q->list, choice, &c->choice)) {
			error_at(im, 1, col, "column '%s': '%s' is not a choice of list '%s' (question '%s')",
				 name, choice, q->list->name, q->name);
			return -1;
		}
		c->kind = COL_CHOICE;
		return 0;
	}
	if (q->type == Q_NOTE) {
		c->kind = COL_IGNORE;
		note(&im->res->ignored, name);
	} else if (q->type == Q_CALCULATE || (q->read_only && q->calculation)) {
		c->kind = COL_CALCULATED;
		note(&im->res->recomputed, name);
	} else {
		c->kind = COL_QUESTION;
	}
	return 0;
}

/* The header of the utilis layout. */
static int map_utilis(struct importer *im, int col, const char *name, struct column *c)
{
	static const char *const meta[] = { "_id", "_group", "_wave", "_submitted_at", NULL };
	static const enum col_kind kinds[] = { COL_ID, COL_GROUP, COL_WAVE, COL_SUBMITTED };
	const char *slash;
	int rc;

	if (!strcmp(name, "_juror") || !strcmp(name, "_candidate")) {
		if (!im->opt->jury) {
			error_at(im, 1, col, "column '%s' names the juror and candidate of a prize "
				 "grid: import it with --edition FILE", name);
			return -1;
		}
		c->kind = name[1] == 'j' ? COL_JUROR : COL_CANDIDATE;
		if (c->kind == COL_JUROR)
			im->col_juror = col;
		else
			im->col_candidate = col;
		return 0;
	}
	if (name[0] == '_' && geo_index(im, name) >= 0) {
		c->kind = COL_IGNORE;		/* named in res->geopoints */
		return 0;
	}
	if (name[0] == '_') {
		for (size_t i = 0; meta[i]; i++)
			if (!strcmp(name, meta[i])) {
				c->kind = kinds[i];
				return 0;
			}
		error_at(im, 1, col, "unknown column '%s': the columns of utilis that start with '_' "
			 "are _id, _group, _wave, _submitted_at (and _juror, _candidate for a jury's "
			 "scores)", name);
		return -1;
	}
	slash = strchr(name, '/');
	if (!slash)
		return map_question(im, col, name, name, NULL, c);
	{
		char *qname = strndup(name, (size_t)(slash - name));

		if (!qname)
			return im->fatal = UT_EIO, error_set(im->err, "out of memory");
		rc = map_question(im, col, name, qname, slash + 1, c);
		free(qname);
	}
	return rc;
}

/*
 * The Kobo and ODK layouts: a path of groups, then the question, then for
 * a 0/1 column '/' and the choice.  Kobo separates everything with '/'
 * (q, group/q, group/q/choice); ODK Central joins groups with '-' and puts
 * '/' before a choice (group-q, group-q/choice).  Question names cannot
 * hold either character, so the question is the last name of the path.
 */
static int map_tool(struct importer *im, int col, const char *name, struct column *c)
{
	int kobo = im->opt->layout == IMPORT_KOBO;
	char *copy, *qname, *choice = NULL, *p;
	int rc;

	if (kobo) {
		if (!strcmp(name, "_id")) {
			c->kind = COL_ID;
			return 0;
		}
		if (!strcmp(name, "_submission_time")) {
			c->kind = COL_SUBMITTED;
			return 0;
		}
		if (!strcmp(name, "_validation_status")) {
			c->kind = COL_VALIDATION;
			return 0;
		}
		if (name[0] == '_' || !strncmp(name, "meta/", 5) || !strncmp(name, "formhub/", 8) ||
		    in_list(name, form_metadata)) {
			c->kind = COL_IGNORE;
			note(&im->res->ignored, name);
			return 0;
		}
	} else {
		if (!strcmp(name, "KEY")) {
			c->kind = COL_ID;
			return 0;
		}
		if (!strcmp(name, "SubmissionDate")) {
			c->kind = COL_SUBMITTED;
			return 0;
		}
		if (!strcmp(name, "ReviewState")) {
			c->kind = COL_REVIEW;
			return 0;
		}
		if (in_list(name, odk_metadata) || !strncmp(name, "meta-", 5) ||
		    in_list(name, form_metadata)) {
			c->kind = COL_IGNORE;
			note(&im->res->ignored, name);
			return 0;
		}
	}
	copy = strdup(name);
	if (!copy)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory");
	if (kobo) {
		/* q, g/q, g/q/choice: a choice when the last-but-one name is a select_multiple */
		char *last = strrchr(copy, '/');

		qname = last ? last + 1 : copy;
		if (last && !survey_find(im->s, qname)) {
			const struct question *q;

			*last = '\0';
			p = strrchr(copy, '/');
			q = survey_find(im->s, p ? p + 1 : copy);
			if (q && q->type == Q_SELECT_MULTIPLE) {
				qname = p ? p + 1 : copy;
				choice = last + 1;
			} else {
				*last = '/';
			}
		}
	} else {
		p = strchr(copy, '/');
		if (p) {
			*p = '\0';
			choice = p + 1;
		}
		p = strrchr(copy, '-');
		qname = p ? p + 1 : copy;
	}
	rc = map_question(im, col, name, qname, choice, c);
	free(copy);
	return rc;
}

/*
 * Map the header row to im->cols, report every problem of it, and note
 * the columns not read and the questions without a column.  0 or -1.
 */
static int read_header(struct importer *im, const struct csv_record *rec)
{
	size_t i, j, nmatched = 0;
	int rc = 0;

	im->cols = calloc(rec->n ? rec->n : 1, sizeof(*im->cols));
	im->bit = calloc(rec->n ? rec->n : 1, 1);
	if (!im->cols || !im->bit)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory");
	im->ncols = rec->n;
	for (i = 0; i < im->s->nq; i++)
		im->main_col[i] = im->choice_col[i] = -1;
	/*
	 * A header where no name ends with a question's name is not this survey's
	 * columns (often an export with labels as headers): one message says so,
	 * rather than one per column.
	 */
	for (i = 0; i < rec->n && nmatched == 0; i++) {
		const char *p = rec->fields[i];

		while (*p) {	/* the names of a path such as g/q/choice or g-q/choice */
			size_t len = strcspn(p, "/-");
			char word[80];

			if (len < sizeof(word)) {
				memcpy(word, p, len);
				word[len] = '\0';
				if (survey_find(im->s, word))
					nmatched++;
			}
			p += len;
			if (*p)
				p++;
		}
	}
	if (nmatched == 0) {
		error_at(im, 1, 0, "no column names a question of survey '%s'%s", im->s->form_id,
			 im->opt->layout == IMPORT_KOBO ? ": export from KoboToolbox with 'XML values "
			 "and headers', not labels" : im->opt->layout == IMPORT_ODK ? "" :
			 ": the first row must hold the question names");
		return -1;
	}
	if (find_geopoints(im, rec) < 0)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory");
	nmatched = 0;
	for (i = 0; i < rec->n; i++) {
		const char *name = rec->fields[i];
		struct column *c = &im->cols[i];
		int col = (int)i + 1;

		c->name = name;
		if (!*name) {
			rc = -1;
			error_at(im, 1, col, "column %d has no name: the first row must name every column",
				 col);
			continue;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(rec->fields[j], name))
				break;
		if (j < i) {
			rc = -1;
			error_at(im, 1, col, "column '%s' appears twice (also column %zu)", name, j + 1);
			continue;
		}
		if ((im->opt->layout == IMPORT_UTILIS ? map_utilis(im, col, name, c)
						      : map_tool(im, col, name, c)) < 0) {
			rc = -1;
			continue;
		}
		if (c->kind == COL_QUESTION || c->kind == COL_CHOICE || c->kind == COL_CALCULATED)
			nmatched++;
		if (c->kind == COL_ID) {
			im->col_id = col;
			if (im->w)
				im->w->col_id = col;
		}
		if (c->kind == COL_QUESTION) {
			int *prev = &im->main_col[c->q->index];

			if (*prev >= 0) {
				rc = -1;
				error_at(im, 1, col, "columns '%s' and '%s' both hold question '%s'",
					 rec->fields[*prev], name, c->q->name);
			}
			*prev = (int)i;
		} else if (c->kind == COL_CHOICE) {
			for (j = 0; j < i; j++)
				if (im->cols[j].kind == COL_CHOICE && im->cols[j].q == c->q &&
				    im->cols[j].choice == c->choice) {
					rc = -1;
					error_at(im, 1, col, "columns '%s' and '%s' both hold choice '%s' of '%s'",
						 rec->fields[j], name, c->q->list->v[c->choice].name, c->q->name);
				}
			if (im->choice_col[c->q->index] < 0)
				im->choice_col[c->q->index] = (int)i;
		}
	}
	if (im->opt->jury && rc == 0 && (!im->col_juror || !im->col_candidate)) {
		error_at(im, 1, 0, "a jury's scores need a '_juror' column (id, email or token of the "
			 "juror) and a '_candidate' column (the candidate's number): %s is missing",
			 !im->col_juror ? "_juror" : "_candidate");
		rc = -1;
	}
	if (nmatched == 0 && rc == 0) {
		error_at(im, 1, 0, "no column names a question of survey '%s'%s", im->s->form_id,
			 im->opt->layout == IMPORT_KOBO ? ": export from KoboToolbox with 'XML values "
			 "and headers', not labels" : "");
		rc = -1;
	}
	for (i = 0; i < im->s->nq && rc == 0; i++) {
		const struct question *q = im->s->questions[i];

		if (q->type != Q_CALCULATE)
			im->own[im->nown++] = i;
		if (im->choice_col[i] >= 0)
			im->multi[im->nmulti++] = i;
		if (question_has_value(q) && !q->calculation && im->main_col[i] < 0 &&
		    im->choice_col[i] < 0 && !q->repeat)	/* a repeat's: in its own file */
			note(&im->res->missing, q->name);
	}
	if (rc < 0)
		resolve_pending(im, 1);
	/* geopoint lieu (lieu, lieu-Latitude, ...): one note each */
	for (j = 0; j < im->ngeo; j++) {
		struct strbuf *g = &im->res->geopoints;
		int first = 1;

		if (g->len)
			strbuf_addstr(g, "; ");
		strbuf_addf(g, "%s (", im->geo[j]);
		for (i = 0; i < rec->n; i++)
			if (geo_index(im, rec->fields[i]) == (int)j) {
				strbuf_addf(g, "%s%s", first ? "" : ", ", rec->fields[i]);
				first = 0;
			}
		strbuf_addch(g, ')');
	}
	/* Names are only valid while the header is read. */
	for (i = 0; i < im->ncols; i++)
		im->cols[i].name = NULL;
	return rc;
}

/* --- values ------------------------------------------------------------- */

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* s without leading and trailing blanks, into out (reset first). */
static int add_trimmed(struct strbuf *out, const char *s)
{
	size_t n;

	strbuf_reset(out);
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return strbuf_add(out, s, n);
}

/* D/M/YYYY or DD/MM/YYYY (French order) into YYYY-MM-DD; 0 or -1 when not that shape. */
static int french_date(const char *s, struct strbuf *out)
{
	int d = 0, m = 0, y = 0, nd = 0, nm = 0, ny = 0;

	for (; isdigit((unsigned char)*s) && nd < 3; s++, nd++)
		d = d * 10 + (*s - '0');
	if (*s++ != '/')
		return -1;
	for (; isdigit((unsigned char)*s) && nm < 3; s++, nm++)
		m = m * 10 + (*s - '0');
	if (*s++ != '/')
		return -1;
	for (; isdigit((unsigned char)*s) && ny < 5; s++, ny++)
		y = y * 10 + (*s - '0');
	if (*s || nd < 1 || nd > 2 || nm < 1 || nm > 2 || ny != 4)
		return -1;
	strbuf_reset(out);
	return strbuf_addf(out, "%04d-%02d-%02d", y, m, d);
}

/*
 * Length of a thousands separator at v (n bytes left) as French Excel and
 * LibreOffice write them: a space, a no-break space (U+00A0) or a narrow
 * no-break space (U+202F); 0 when there is none.
 */
static size_t thousands_sep(const char *v, size_t n)
{
	if (n >= 1 && v[0] == ' ')
		return 1;
	if (n >= 2 && !memcmp(v, "\xC2\xA0", 2))
		return 2;
	if (n >= 3 && !memcmp(v, "\xE2\x80\xAF", 3))
		return 3;
	return 0;
}

/*
 * A number with thousands separators — 16 588, 1 234 567,5, -12 000 —
 * into out without them: 1 when it is one (a sign, one to three digits,
 * then groups of exactly three digits each after one separator, then
 * decimals), 0 when it is not that shape (left to the checks), -1 memory.
 */
static int strip_thousands(const char *v, size_t n, struct strbuf *out)
{
	size_t i = 0, lead = 0, ngroups = 0, k;

	if (i < n && (v[i] == '-' || v[i] == '+'))
		i++;
	while (i < n && isdigit((unsigned char)v[i]) && lead < 4)
		i++, lead++;
	if (lead < 1 || lead > 3)
		return 0;
	while (i < n && (k = thousands_sep(v + i, n - i)) > 0) {
		size_t d = 0;

		i += k;
		while (i < n && isdigit((unsigned char)v[i]) && d < 4)
			i++, d++;
		if (d != 3)
			return 0;
		ngroups++;
	}
	if (ngroups == 0)
		return 0;
	if (i < n && (v[i] == ',' || v[i] == '.')) {
		size_t d = 0;

		for (i++; i < n && isdigit((unsigned char)v[i]); i++)
			d++;
		if (d == 0)
			return 0;
	}
	if (i != n)
		return 0;
	strbuf_reset(out);
	for (i = 0; i < n; i++) {
		if ((k = thousands_sep(v + i, n - i)) > 0) {
			i += k - 1;
			continue;
		}
		if (strbuf_addch(out, v[i] == ',' ? '.' : v[i]) < 0)
			return -1;
	}
	return 1;
}

/*
 * The canonical form of the n bytes of a cell for question q: *res points
 * to it (into the cell itself when nothing changes, else into im->norm)
 * and *reslen is its length.  Returns 1 for an answer, 0 for none (empty
 * or blank), -1 out of memory.  Only the spelling changes here; whether
 * the value is acceptable is for the rule checks.
 */
static int normalise(struct importer *im, const struct question *q, const char *v, size_t n,
		     const char **res, size_t *reslen)
{
	struct strbuf *out = &im->norm;
	size_t i, j;

	if (q->type == Q_TEXT) {
		if (is_blank(v))
			return 0;
	} else {
		while (n && isspace((unsigned char)*v))
			v++, n--;
		while (n && isspace((unsigned char)v[n - 1]))
			n--;
		if (n == 0)
			return 0;
	}
	*res = v;
	*reslen = n;
	if (q_is_numeric(q)) {
		int rc = strip_thousands(v, n, out);

		if (rc < 0)
			return -1;
		if (rc == 1) {
			*res = out->buf;
			*reslen = out->len;
			return 1;
		}
	}
	switch (q->type) {
	case Q_TEXT:
		if (!memchr(v, '\r', n))
			return 1;
		/* line ends as LF */
		strbuf_reset(out);
		for (i = 0; i < n; i++)
			if (!(v[i] == '\r' && i + 1 < n && v[i + 1] == '\n') && strbuf_addch(out, v[i]) < 0)
				return -1;
		break;
	case Q_DECIMAL:
	case Q_RANGE: {
		/* one decimal comma between digits: 2,5 is 2.5 */
		const char *comma = memchr(v, ',', n);
		size_t at;

		if (!comma)
			return 1;
		at = (size_t)(comma - v);
		if (at == 0 || at + 1 >= n || !isdigit((unsigned char)v[at - 1]) ||
		    !isdigit((unsigned char)v[at + 1]) || memchr(comma + 1, ',', n - at - 1))
			return 1;
		strbuf_reset(out);
		if (strbuf_add(out, v, n) < 0)
			return -1;
		out->buf[at] = '.';
		break;
	}
	case Q_DATE: {
		struct strbuf tmp = STRBUF_INIT;

		if (!memchr(v, '/', n))
			return 1;
		strbuf_reset(out);
		if (strbuf_add(out, v, n) < 0)
			return -1;
		if (french_date(out->buf, &tmp) == 0) {
			strbuf_reset(out);
			strbuf_addstr(out, tmp.buf);
		}
		strbuf_release(&tmp);
		break;
	}
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
		/* names separated by single spaces */
		for (i = 0; i + 1 < n; i++)
			if (v[i] == '\t' || (v[i] == ' ' && (v[i + 1] == ' ' || v[i + 1] == '\t')))
				break;
		if (i + 1 >= n)
			return 1;
		strbuf_reset(out);
		if (strbuf_add(out, v, n) < 0)
			return -1;
		for (i = j = 0; i < out->len; i++) {
			char ch = out->buf[i] == '\t' ? ' ' : out->buf[i];

			if (ch == ' ' && j > 0 && out->buf[j - 1] == ' ')
				continue;
			out->buf[j++] = ch;
		}
		out->buf[j] = '\0';
		out->len = j;
		break;
	case Q_SELECT_ONE:
	case Q_INTEGER:
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		return 1;
	}
	*res = out->buf;
	*reslen = out->len;
	return 1;
}

/* Put the n bytes at text as the answer of question index i, without allocating per row. */
static int set_answer(struct importer *im, size_t i, const char *text, size_t n)
{
	if (n + 1 > im->cap[i]) {
		size_t nc = n + 1 < 32 ? 32 : (n + 1) * 2;
		char *p = realloc(im->spare[i], nc);

		if (!p)
			return -1;
		im->spare[i] = p;
		im->cap[i] = nc;
	}
	memcpy(im->spare[i], text, n);
	im->spare[i][n] = '\0';
	im->r.values[i] = im->spare[i];
	im->len[i] = n;
	return 0;
}

/*
 * 1 when s has no relevance, calculation, constraint, required expression,
 * choice filter or repeat: response_update() then changes nothing and
 * response_check() finds only what each value says alone, so a row whose
 * values all check (row_is_clean()) needs neither.
 */
static int plain_survey(const struct survey *s)
{
	size_t i;

	if (s->nrepeats)
		return 0;
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];

		if (q->relevant || q->calculation || q->constraint || q->required_if ||
		    q->choice_filter || q->type == Q_CALCULATE || q->type == Q_REPEAT)
			return 0;
	}
	return 1;
}

/*
 * A plain survey's row: 1 when response_check() would find no problem in
 * it (every required question answered, every answer of an acceptable
 * length and value), 0 when it may (then the full checks say what).
 */
static int row_is_clean(struct importer *im)
{
	size_t k;

	for (k = 0; k < im->nanswered; k++) {
		size_t i = im->answered[k];
		const struct question *q = im->s->questions[i];
		const char *v = im->r.values[i];

		if (!v) {
			if (q->required)
				return 0;
			continue;
		}
		if (im->len[i] > SURVEY_MAX_ANSWER ||
		    question_check_value_n(q, v, im->len[i], &im->why) < 0) {
			strbuf_reset(&im->why);
			return 0;
		}
	}
	return 1;
}

/* A 0/1 cell: 1, 0, -1 for empty, -2 for anything else. */
static int parse_bit(const char *v)
{
	struct strbuf t = STRBUF_INIT;
	int rc = -2;

	if (is_blank(v))
		return -1;
	add_trimmed(&t, v);
	if (!strcmp(t.buf, "1") || !strcasecmp(t.buf, "true"))
		rc = 1;
	else if (!strcmp(t.buf, "0") || !strcasecmp(t.buf, "false"))
		rc = 0;
	strbuf_release(&t);
	return rc;
}

/* 1 when choice name is one of the space-separated names of answer. */
static int has_choice(const char *answer, const char *name)
{
	size_t n = strlen(name);

	while (answer && *answer) {
		size_t len = strcspn(answer, " ");

		if (len == n && !memcmp(answer, name, n))
			return 1;
		answer += len;
		while (*answer == ' ')
			answer++;
	}
	return 0;
}

/* The two-digit number at s (digits checked by the caller). */
static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* 1 when s is a valid 'YYYY-MM-DDTHH:MM:SSZ'. */
static int canonical_time(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	if (s[i])
		return 0;
	y = two(s) * 100 + two(s + 2);
	m = two(s + 5);
	d = two(s + 8);
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || two(s + 11) > 23 ||
	    two(s + 14) > 59 || two(s + 17) > 59)
		return 0;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/*
 * A submission time into 'YYYY-MM-DDTHH:MM:SSZ': the utilis form, a date
 * alone (midnight UTC), or ISO 8601 as KoboToolbox and ODK write it (a 'T'
 * or a space, optional seconds and fraction, then 'Z', an offset such as
 * +02:00, or nothing for UTC).  0 or -1.
 */
static int parse_time(const char *s, char out[21])
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, off = 0;
	time_t t;

	/* the common case, already in the stored form */
	if (canonical_time(s)) {
		memcpy(out, s, 21);
		return 0;
	}
	/* French Excel's 05/12/2026 21:30 (day first, UTC as exported): rewritten as ISO */
	if (isdigit((unsigned char)s[0]) && strchr(s, '/')) {
		int dd, mm, yy, hh = 0, mn = 0, ss = 0, k = 0;
		char iso[80];

		if (sscanf(s, "%2d/%2d/%4d%n", &dd, &mm, &yy, &k) != 3 || k < 8 ||
		    !isdigit((unsigned char)s[k - 4]))
			return -1;
		if (s[k] == ' ' || s[k] == 'T') {
			int k2 = 0, k3 = 0;

			if (sscanf(s + k + 1, "%2d:%2d%n", &hh, &mn, &k2) != 2 || k2 < 4)
				return -1;
			k += 1 + k2;
			if (s[k] == ':') {
				if (sscanf(s + k + 1, "%2d%n", &ss, &k3) != 1 || k3 != 2)
					return -1;
				k += 1 + k3;
			}
		}
		if (s[k] || yy < 1000 || hh < 0 || mn < 0 || ss < 0)
			return -1;
		snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", yy, mm, dd, hh, mn, ss);
		return canonical_time(iso) ? (memcpy(out, iso, 21), 0) : -1;
	}
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		if (sscanf(s + 1, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		s += 1 + n;
		if (*s == ':') {
			if (sscanf(s + 1, "%2d%n", &sec, &n) != 1 || n != 2)
				return -1;
			s += 1 + n;
			if (*s == '.' || *s == ',')
				for (s++; isdigit((unsigned char)*s); s++)
					;
		}
		if (*s == 'Z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int oh, om = 0, sign = *s == '-' ? -1 : 1;

			if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) == 2 && n == 5)
				s += 1 + n;
			else if (sscanf(s + 1, "%2d%2d%n", &oh, &om, &n) == 2 && n == 4)
				s += 1 + n;
			else if (sscanf(s + 1, "%2d%n", &oh, &n) == 1 && n == 2)
				s += 1 + n;
			else
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 60 + om) * 60;
		}
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 ||
	    y < 1000)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (tm.tm_mday != d)		/* 31 April and the like were moved on */
		return -1;
	t -= off;
	if (!gmtime_r(&t, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		return -1;
	return 0;
}

/* --- the rule checks ------------------------------------------------------ */

/* --- repeats ------------------------------------------------------------ */

static int is_hxl_row(const struct csv_record *rec);

/*
 * The rows of a repeat's file (or sheet), read whole before the
 * respondents' file: each respondent's instances are looked up among them
 * by a key — the respondent's for a repeat inside no other, the parent
 * instance's for a nested one — through by_link, the rows sorted by that
 * key (file order within it).  by_self sorts them by their own key
 * (`_index`, ODK's KEY) for the children to find them, and to refuse one
 * given twice.
 */
enum rcol_kind {
	RC_IGNORE,		/* metadata of the source tool, a note, a calculation */
	RC_RESP,		/* the respondent: `_id` (Kobo `_submission__id`) */
	RC_SELF,		/* the instance's own key: `_index` (ODK KEY) */
	RC_PARENT,		/* the parent's key: `_parent_index` (ODK PARENT_KEY) */
	RC_QUESTION,		/* the answer to a question of the repeat */
	RC_CHOICE,		/* 0/1: one choice of a select_multiple of the repeat */
};

struct rcol {
	enum rcol_kind kind;		/* what the column holds */
	const struct question *q;	/* RC_QUESTION, RC_CHOICE */
	size_t choice;			/* RC_CHOICE: index in q->list */
};

struct rrow {
	long line;			/* its row in the file */
	size_t cell;			/* its first cell in rtable.cells */
	int used;			/* joined to a respondent (or reported) */
};

struct rtable {
	const struct question *rep;	/* the repeat */
	char *path;			/* for messages: the file, or BOOK[sheet] */
	struct rcol *cols;		/* what each column holds */
	size_t ncols;			/* how many */
	int col_resp, col_self, col_parent; /* 1-based, 0: none */
	struct rrow *rows;		/* the data rows */
	size_t nrows, arows;		/* used / allocated */
	size_t *cells;			/* nrows * ncols offsets into text, or NO_TEXT */
	size_t acells;			/* allocated */
	struct strbuf text;		/* the cells, NUL after each */
	size_t *by_link, *by_self;	/* row numbers, sorted (see above) */
	int from_xlsx;			/* a sheet: cells as they are */
	int bad_header;			/* the header was refused: no row is read */
	long nrec;			/* records read, the header included */
};

/* Where an instance of the current respondent was read. */
struct placed {
	struct rtable *rt;		/* its file */
	size_t row;			/* its row there (index in rt->rows) */
	size_t path[SURVEY_MAX_REPEAT_DEPTH]; /* its instance */
};

/* The text of cell col (1-based; 0: none) of row k, "" when empty. */
static const char *rcell(const struct rtable *rt, size_t k, int col)
{
	size_t off;

	if (col <= 0)
		return "";
	off = rt->cells[rt->rows[k].cell + (size_t)col - 1];
	return off == NO_TEXT ? "" : rt->text.buf + off;
}

/* The key that joins row k to its respondent (top) or its parent instance (nested). */
static const char *rlink(const struct rtable *rt, size_t k)
{
	return rcell(rt, k, rt->rep->depth == 0 && rt->col_resp ? rt->col_resp : rt->col_parent);
}

static void rtable_free(struct rtable *rt)
{
	if (!rt)
		return;
	free(rt->path);
	free(rt->cols);
	free(rt->rows);
	free(rt->cells);
	free(rt->by_link);
	free(rt->by_self);
	strbuf_release(&rt->text);
	free(rt);
}

/* An error about repeat file rt at row, column col (1-based, 0: the row). */
__attribute__((format(printf, 5, 6)))
static void rerror(struct importer *im, const struct rtable *rt, long row, int col,
		   const char *fmt, ...)
{
	va_list ap;

	im->at_file = rt->path;
	va_start(ap, fmt);
	vreport(im, SEV_ERROR, row, col, fmt, ap);
	va_end(ap);
	im->at_file = NULL;
	im->at_value = NULL;
}

/* What column col (1-based) named name of repeat file rt holds.  0 or -1 (reported). */
static int map_rcol(struct importer *im, struct rtable *rt, int col, const char *name,
		    struct rcol *c)
{
	enum import_layout layout = im->opt->layout;
	const struct question *q;
	char qname[256], *choice = NULL, *p;

	c->kind = RC_IGNORE;
	if (layout == IMPORT_ODK) {
		if (!strcmp(name, "KEY"))
			return c->kind = RC_SELF, 0;
		if (!strcmp(name, "PARENT_KEY"))
			return c->kind = RC_PARENT, 0;
		if (in_list(name, odk_metadata) || !strncmp(name, "meta-", 5))
			return 0;
	} else if (name[0] == '_') {
		if (!strcmp(name, layout == IMPORT_KOBO ? "_submission__id" : "_id"))
			return c->kind = RC_RESP, 0;
		if (!strcmp(name, "_index"))
			return c->kind = RC_SELF, 0;
		if (!strcmp(name, "_parent_index"))
			return c->kind = RC_PARENT, 0;
		if (layout == IMPORT_KOBO)	/* _parent_table_name, _submission__uuid, ... */
			return 0;
		rerror(im, rt, 1, col, "unknown column '%s': the columns of a repeat's file that "
		       "start with '_' are _id, _index and _parent_index", name);
		return -1;
	}
	if (strlen(name) >= sizeof(qname)) {
		rerror(im, rt, 1, col, "column '%s...' names no question of repeat '%s'", "", rt->rep->name);
		return -1;
	}
	strcpy(qname, name);
	if (layout == IMPORT_ODK) {	/* group-q, group-q/choice */
		if ((p = strchr(qname, '/'))) {
			*p = '\0';
			choice = p + 1;
		}
		p = strrchr(qname, '-');
		if (p)
			memmove(qname, p + 1, strlen(p + 1) + 1);
	} else if (layout == IMPORT_KOBO) {	/* g/q, g/q/choice */
		char *last = strrchr(qname, '/');

		if (last && !survey_find(im->s, last + 1)) {
			*last = '\0';
			p = strrchr(qname, '/');
			q = survey_find(im->s, p ? p + 1 : qname);
			if (q && q->type == Q_SELECT_MULTIPLE) {
				choice = last + 1;
				last = p;
			} else {
				*last = '/';
			}
		}
		if (last)
			memmove(qname, last + 1, strlen(last + 1) + 1);
	} else if ((p = strchr(qname, '/'))) {	/* q/choice */
		*p = '\0';
		choice = p + 1;
	}
	q = survey_find(im->s, qname);
	if (!q && im->opt->ignore_unknown) {
		note(&im->res->unknown, name);
		return 0;
	}
	if (!q) {
		rerror(im, rt, 1, col, "column '%s' names no question of repeat '%s'", name,
		       rt->rep->name);
		return -1;
	}
	if (q->repeat != rt->rep) {
		rerror(im, rt, 1, col, "column '%s': '%s' is %s%s%s, not a question of repeat '%s' "
		       "(each repeat's questions are in its own file)", name, q->name,
		       q->repeat ? "a question of repeat '" : "a question of the respondent's file",
		       q->repeat ? q->repeat->name : "", q->repeat ? "'" : "", rt->rep->name);
		return -1;
	}
	if (question_is_container(q)) {
		rerror(im, rt, 1, col, "column '%s' names %s '%s', which holds no answer", name,
		       q->type == Q_REPEAT ? "repeat" : "group", q->name);
		return -1;
	}
	if (q->type == Q_NOTE || q->type == Q_CALCULATE || (q->read_only && q->calculation))
		return 0;	/* recomputed, or nothing to read */
	c->q = q;
	if (!choice)
		return c->kind = RC_QUESTION, 0;
	if (q->type != Q_SELECT_MULTIPLE || !find_choice(q->list, choice, &c->choice)) {
		rerror(im, rt, 1, col, "column '%s': '%s' is not a choice of a select_multiple "
		       "question '%s'", name, choice, q->name);
		return -1;
	}
	c->kind = RC_CHOICE;
	return 0;
}

/* The header of a repeat's file.  0 or -1 (reported). */
static int rtable_header(struct importer *im, struct rtable *rt, const struct csv_record *rec)
{
	size_t i, j;
	int rc = 0;

	rt->cols = calloc(rec->n ? rec->n : 1, sizeof(*rt->cols));
	if (!rt->cols)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
	rt->ncols = rec->n;
	for (i = 0; i < rec->n; i++) {
		struct rcol *c = &rt->cols[i];
		int col = (int)i + 1;

		for (j = 0; j < i; j++)
			if (!strcmp(rec->fields[j], rec->fields[i]))
				break;
		if (j < i) {
			rerror(im, rt, 1, col, "column '%s' appears twice (also column %zu)",
			       rec->fields[i], j + 1);
			rc = -1;
			continue;
		}
		if (map_rcol(im, rt, col, rec->fields[i], c) < 0) {
			rc = -1;
			continue;
		}
		if (c->kind == RC_RESP)
			rt->col_resp = col;
		else if (c->kind == RC_SELF)
			rt->col_self = col;
		else if (c->kind == RC_PARENT)
			rt->col_parent = col;
		for (j = 0; j < i && c->kind == RC_QUESTION; j++)
			if (rt->cols[j].kind == RC_QUESTION && rt->cols[j].q == c->q) {
				rerror(im, rt, 1, col, "columns '%s' and '%s' both hold question '%s'",
				       rec->fields[j], rec->fields[i], c->q->name);
				rc = -1;
			}
	}
	if (rc == 0) {
		int odk = im->opt->layout == IMPORT_ODK, kobo = im->opt->layout == IMPORT_KOBO;
		const char *need = NULL;

		if (!rt->col_self)
			need = odk ? "KEY" : "_index";
		else if (rt->rep->depth == 0 && !odk && !rt->col_resp)
			need = kobo ? "_submission__id (the respondent's _id)" : "_id (the respondent's)";
		else if ((rt->rep->depth > 0 || odk) && !rt->col_parent)
			need = odk ? "PARENT_KEY" : "_parent_index (the _index of the parent instance)";
		if (need) {
			rerror(im, rt, 1, 0, "repeat '%s': the file has no column %s, which joins its "
			       "rows to %s", rt->rep->name, need,
			       rt->rep->depth ? "their parent's" : "their respondent's");
			rc = -1;
		}
	}
	return rc;
}

/* A record of a repeat's file: the header, then each row kept.  Non-zero stops. */
static int on_rrecord(void *ctx, const struct csv_record *rec)
{
	struct rtable *rt = ((void **)ctx)[1];
	struct importer *im = ((void **)ctx)[0];
	struct rrow *row;
	size_t i;

	if (rt->nrec++ == 0) {
		rt->bad_header = rtable_header(im, rt, rec) < 0;
		return rt->bad_header || im->fatal;
	}
	if (rt->nrec == 2 && is_hxl_row(rec))
		return 0;
	if ((rt->nrows == rt->arows && grow((void **)&rt->rows, &rt->arows, sizeof(*rt->rows)) < 0) ||
	    grow_to((void **)&rt->cells, &rt->acells, (rt->nrows + 1) * rt->ncols,
		    sizeof(*rt->cells)) < 0)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
	row = &rt->rows[rt->nrows++];
	row->line = rec->row;
	row->cell = (rt->nrows - 1) * rt->ncols;
	row->used = 0;
	im->res->repeat_rows++;
	for (i = 0; i < rt->ncols; i++) {
		const struct rcol *c = &rt->cols[i];
		const char *v = i < rec->n ? rec->fields[i] : "";
		size_t n = i < rec->n ? rec->lens[i] : 0;
		size_t *cell = &rt->cells[row->cell + i];

		*cell = NO_TEXT;
		if (c->kind == RC_IGNORE)
			continue;
		if (c->kind == RC_QUESTION || c->kind == RC_CHOICE) {
			if (im->opt->layout == IMPORT_UTILIS && !rt->from_xlsx)
				v = csvout_unneutralise(v, &n);
		} else {	/* a key: trimmed */
			while (n && isspace((unsigned char)*v))
				v++, n--;
			while (n && isspace((unsigned char)v[n - 1]))
				n--;
		}
		if (!n)
			continue;
		*cell = rt->text.len;
		if (strbuf_add(&rt->text, v, n) < 0 || strbuf_addch(&rt->text, '\0') < 0)
			return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
	}
	return 0;
}

/* A sheet's row as a record, for on_rrecord(). */
struct rfeed {
	void *ctx[2];			/* importer, table */
	size_t ncols;			/* the header's width */
	const char **fields;		/* one row's cells */
	size_t *lens;			/* their lengths */
};

static int feed_rrow(void *ctx, const struct xlsx_row *row)
{
	struct rfeed *f = ctx;
	struct csv_record rec;
	size_t i;

	if (!f->ncols) {
		f->ncols = row->cells[row->n - 1].col;
		f->fields = calloc(f->ncols, sizeof(*f->fields));
		f->lens = calloc(f->ncols, sizeof(*f->lens));
		if (!f->fields || !f->lens) {
			struct importer *im = f->ctx[0];

			return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 2;
		}
	}
	for (i = 0; i < f->ncols; i++) {
		f->fields[i] = "";
		f->lens[i] = 0;
	}
	for (i = 0; i < row->n && row->cells[i].col <= f->ncols; i++) {
		f->fields[row->cells[i].col - 1] = row->cells[i].text;
		f->lens[row->cells[i].col - 1] = strlen(row->cells[i].text);
	}
	rec.fields = f->fields;
	rec.lens = f->lens;
	rec.n = f->ncols;
	rec.row = row->row;
	rec.offset = 0;
	return on_rrecord(f->ctx, &rec) ? 2 : 0;	/* 1 means "no such sheet" */
}

static const struct rtable *sort_table;	/* qsort's: the table sorted */

static int by_link_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(rlink(sort_table, x), rlink(sort_table, y));

	return c ? c : (x > y) - (x < y);
}

static int by_self_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(rcell(sort_table, x, sort_table->col_self),
		       rcell(sort_table, y, sort_table->col_self));

	return c ? c : (x > y) - (x < y);
}

/*
 * The first position in rt's index v (by_link: cmp_self 0; by_self: 1)
 * whose key is key, and the number of rows with it in *n.
 */
static size_t rfind(const struct rtable *rt, const size_t *v, int self, const char *key, size_t *n)
{
	size_t lo = 0, hi = rt->nrows, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = self ? rcell(rt, v[mid], rt->col_self) : rlink(rt, v[mid]);

		if (strcmp(k, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < rt->nrows && !strcmp(self ? rcell(rt, v[lo], rt->col_self) : rlink(rt, v[lo]), key))
		lo++;
	*n = lo - first;
	return first;
}

/*
 * Sort rt's rows, refuse an own key given twice or missing, and a nested
 * row whose parent is in no row of the parent's file.  0 or -1.
 */
static int rtable_index(struct importer *im, struct rtable *rt)
{
	size_t k;

	rt->by_link = malloc((rt->nrows + 1) * sizeof(size_t));
	rt->by_self = malloc((rt->nrows + 1) * sizeof(size_t));
	if (!rt->by_link || !rt->by_self)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
	for (k = 0; k < rt->nrows; k++)
		rt->by_link[k] = rt->by_self[k] = k;
	sort_table = rt;
	qsort(rt->by_link, rt->nrows, sizeof(size_t), by_link_cmp);
	qsort(rt->by_self, rt->nrows, sizeof(size_t), by_self_cmp);
	sort_table = NULL;
	for (k = 0; k < rt->nrows; k++) {
		size_t r = rt->by_self[k];
		const char *self = rcell(rt, r, rt->col_self);

		if (!*self) {
			rerror(im, rt, rt->rows[r].line, rt->col_self, "no %s: each row of a repeat's "
			       "file has its own", im->opt->layout == IMPORT_ODK ? "KEY" : "_index");
			rt->rows[r].used = 1;
		} else if (k > 0 && !strcmp(self, rcell(rt, rt->by_self[k - 1], rt->col_self))) {
			im->at_value = self;
			rerror(im, rt, rt->rows[r].line, rt->col_self, "%s '%s' is given twice (first at "
			       "row %ld)", im->opt->layout == IMPORT_ODK ? "KEY" : "_index", self,
			       rt->rows[rt->by_self[k - 1]].line);
			rt->rows[r].used = 1;
		}
	}
	return 0;
}

/* A nested table's rows whose parent is nowhere in the parent's table: reported. */
static void rtable_orphans(struct importer *im, struct rtable *rt, const struct rtable *parent)
{
	size_t k, n;

	for (k = 0; k < rt->nrows; k++) {
		const char *key = rcell(rt, k, rt->col_parent);

		if (rt->rows[k].used)
			continue;
		if (!*key) {
			rerror(im, rt, rt->rows[k].line, rt->col_parent, "no %s: the row of repeat '%s' "
			       "names no instance of '%s'", im->opt->layout == IMPORT_ODK ? "PARENT_KEY" :
			       "_parent_index", rt->rep->name, rt->rep->repeat->name);
			rt->rows[k].used = 1;
			continue;
		}
		if (!parent) {
			rt->rows[k].used = 1;	/* the parent's file is reported */
			continue;
		}
		rfind(parent, parent->by_self, 1, key, &n);
		if (n == 0) {
			im->at_value = key;
			rerror(im, rt, rt->rows[k].line, rt->col_parent, "%s '%s' names no row of %s "
			       "(repeat '%s')", im->opt->layout == IMPORT_ODK ? "PARENT_KEY" :
			       "_parent_index", key, parent->path, parent->rep->name);
			rt->rows[k].used = 1;
		}
	}
}

/*
 * Read the file (or sheet) of repeat rep into im->rt[rep->rindex]: the
 * explicit --repeat file, else the sheet of its name in the workbook,
 * else FILE-NAME.EXT beside the respondents' file.  A repeat without one
 * is noted (res->no_repeat).  0, or an import_csv() code.
 */
static int load_repeat(struct importer *im, const struct question *rep, int xlsx)
{
	struct rtable *rt;
	const char *file = NULL;
	char *guess = NULL;
	size_t k;
	int rc;

	for (k = 0; k < im->opt->nrepeat_files; k++)
		if (!strcmp(im->opt->repeat_names[k], rep->name))
			file = im->opt->repeat_paths[k];
	rt = calloc(1, sizeof(*rt));
	if (!rt)
		return error_set(im->err, "out of memory"), UT_EIO;
	rt->rep = rep;
	strbuf_init(&rt->text, 0);
	im->rt[rep->rindex] = rt;
	if (!file && xlsx) {	/* a sheet of the workbook, named as the repeat (cut at 31) */
		struct rfeed f;
		char sheet[32];
		size_t n = strlen(rep->name) > 31 ? 31 : strlen(rep->name);

		memcpy(sheet, rep->name, n);
		sheet[n] = '\0';
		memset(&f, 0, sizeof(f));
		f.ctx[0] = im;
		f.ctx[1] = rt;
		rt->from_xlsx = 1;
		if (asprintf(&rt->path, "%s[%s]", im->path, sheet) < 0)
			return rt->path = NULL, error_set(im->err, "out of memory"), UT_EIO;
		rc = xlsx_stream_sheet(im->path, sheet, feed_rrow, &f, NULL, im->err);
		free(f.fields);
		free(f.lens);
		if (rc == -2) {	/* not a workbook: the respondents' sheet says so */
			im->rt[rep->rindex] = NULL;
			rtable_free(rt);
			return 0;
		}
		if (rc == 1) {
			note(&im->res->no_repeat, rep->name);
			strbuf_addf(&im->res->no_repeat, " (no sheet '%s' in %s)", sheet, im->path);
			im->rt[rep->rindex] = NULL;
			rtable_free(rt);
			return 0;
		}
	} else {
		if (!file) {
			/*
			 * FILE-NAME.EXT beside FILE.EXT, or (ODK Central) FILE-G-R-NAME.EXT
			 * with the groups and repeats around it, outermost first
			 */
			const char *base = strrchr(im->path, '/'), *dot;
			struct strbuf anc = STRBUF_INIT;
			const struct question *g, *chain[64];
			size_t nchain = 0;

			base = base ? base + 1 : im->path;
			dot = strrchr(base, '.');
			if (!dot || dot == base)
				dot = base + strlen(base);
			for (g = rep; g && nchain < 64; g = g->parent)
				chain[nchain++] = g;
			while (nchain)
				strbuf_addf(&anc, "-%s", chain[--nchain]->name);
			if (asprintf(&guess, "%.*s%s%s", (int)(dot - im->path), im->path,
				     anc.buf ? anc.buf : "", dot) < 0) {
				strbuf_release(&anc);
				return error_set(im->err, "out of memory"), UT_EIO;
			}
			strbuf_release(&anc);
			if (rep->parent && access(guess, F_OK) != 0) {
				free(guess);
				if (asprintf(&guess, "%.*s-%s%s", (int)(dot - im->path), im->path,
					     rep->name, dot) < 0)
					return error_set(im->err, "out of memory"), UT_EIO;
			}
			if (access(guess, F_OK) != 0) {
				note(&im->res->no_repeat, rep->name);
				strbuf_addf(&im->res->no_repeat, " (looked for %s)", guess);
				im->rt[rep->rindex] = NULL;
				rtable_free(rt);
				free(guess);
				return 0;
			}
			file = guess;
		}
		if (!(rt->path = strdup(file))) {
			free(guess);
			return error_set(im->err, "out of memory"), UT_EIO;
		}
		if (xlsx_sniff(file) != XLSX_KIND_OTHER) {
			rerror(im, rt, 1, 1, "the file of repeat '%s' must be CSV: a workbook's repeats "
			       "are read from its sheets, the one named as the repeat", rep->name);
			free(guess);
			return 0;
		}
		{
			void *ctx[2] = { im, rt };
			int sep = 0;

			rc = csv_read(file, &im->opt->csv, on_rrecord, ctx, &sep, im->d, im->err);
		}
		free(guess);
		if (rc == -2) {	/* csv_read's one error is in the diagnostics */
			im->res->nerrors++;
			im->failed = 1;
			return 0;
		}
	}
	if (rc == -1 || rc == -2)
		return rc == -1 ? UT_EIO : (im->failed = 1, 0);
	if (im->fatal)
		return im->fatal;
	if (rt->nrec == 0) {
		rerror(im, rt, 1, 0, "the file of repeat '%s' is empty: its first row must name the "
		       "columns", rep->name);
		return 0;
	}
	if (rt->bad_header)
		return 0;
	if (im->res->repeats.len)
		strbuf_addstr(&im->res->repeats, "; ");
	strbuf_addf(&im->res->repeats, "%s (%s, %zu row%s)", rep->name, rt->path, rt->nrows,
		    rt->nrows == 1 ? "" : "s");
	return rtable_index(im, rt) < 0 ? im->fatal : 0;
}

/* Read every repeat's file, then check the nested ones against their parents.  0 or a code. */
static int load_repeats(struct importer *im, int xlsx)
{
	size_t k;
	int rc;

	im->rt = calloc(im->s->nrepeats, sizeof(*im->rt));
	if (!im->rt)
		return error_set(im->err, "out of memory"), UT_EIO;
	for (k = 0; k < im->s->nrepeats; k++)
		if ((rc = load_repeat(im, im->s->repeats[k], xlsx)) != 0)
			return rc;
	for (k = 0; k < im->s->nrepeats; k++) {
		struct rtable *rt = im->rt[k], *parent;

		if (!rt || rt->bad_header || !rt->by_self || rt->rep->depth == 0)
			continue;
		parent = im->rt[rt->rep->repeat->rindex];
		rtable_orphans(im, rt, parent && parent->by_self ? parent : NULL);
	}
	return 0;
}

/* The column (1-based) of question q in rt, 0 when it has none (its first 0/1 column else). */
static int rcol_of(const struct rtable *rt, const struct question *q)
{
	size_t i;
	int choice = 0;

	for (i = 0; i < rt->ncols; i++) {
		if (rt->cols[i].q != q)
			continue;
		if (rt->cols[i].kind == RC_QUESTION)
			return (int)i + 1;
		if (!choice)
			choice = (int)i + 1;
	}
	return choice;
}

/*
 * Add row k of rt as an instance under parent (rt->rep->depth indices),
 * with its answers, then its own instances from the nested files.  0, or
 * -1 when memory runs out (im->fatal set).
 */
static int add_instance(struct importer *im, struct rtable *rt, size_t k, const size_t *parent,
			const char *resp)
{
	const struct question *rep = rt->rep;
	size_t path[SURVEY_MAX_REPEAT_DEPTH], idx, i, j;
	struct placed *pl;
	int rc;

	rt->rows[k].used = 1;
	if (rt->col_resp && rep->depth > 0 && strcmp(rcell(rt, k, rt->col_resp), resp)) {
		im->at_value = rcell(rt, k, rt->col_resp);
		rerror(im, rt, rt->rows[k].line, rt->col_resp, "_id '%s' is not the respondent of "
		       "its parent instance ('%s')", rcell(rt, k, rt->col_resp), resp);
		return 0;
	}
	rc = response_add(&im->r, rep, parent, &idx);
	if (rc == -1)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
	if (rc == -3) {
		rerror(im, rt, rt->rows[k].line, 0, "repeat '%s' has at most %u instance%s per %s "
		       "(max_count): this row would be one more", rep->name, rep->max_count,
		       rep->max_count == 1 ? "" : "s", rep->depth ? "parent instance" : "respondent");
		return 0;
	}
	if (rc < 0)
		return 0;
	for (i = 0; i < rep->depth; i++)
		path[i] = parent[i];
	path[rep->depth] = idx;
	if (im->nplaced == im->aplaced &&
	    grow((void **)&im->placed, &im->aplaced, sizeof(*im->placed)) < 0)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
	pl = &im->placed[im->nplaced++];
	pl->rt = rt;
	pl->row = k;
	memcpy(pl->path, path, sizeof(path));
	/* the answers, normalised as the respondents' are */
	for (i = 0; i < rt->ncols; i++) {
		const struct rcol *c = &rt->cols[i];
		const char *v = rcell(rt, k, (int)i + 1), *t = NULL;
		size_t tn = 0;

		if (c->kind != RC_QUESTION || !*v)
			continue;
		rc = normalise(im, c->q, v, strlen(v), &t, &tn);
		if (rc < 0)
			return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
		if (rc == 1) {
			strbuf_reset(&im->msg);
			if (strbuf_add(&im->msg, t, tn) < 0 ||
			    response_set_at(&im->r, c->q, path, im->msg.buf) == -1)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
		}
	}
	/* select_multiple 0/1 columns: checked against the answer, or the answer built from them */
	for (i = 0; i < rt->ncols; i++) {
		const struct rcol *c = &rt->cols[i];
		const char *a;
		int bit, qcol;

		if (c->kind != RC_CHOICE)
			continue;
		bit = parse_bit(rcell(rt, k, (int)i + 1));
		if (bit == -2) {
			im->at_value = rcell(rt, k, (int)i + 1);
			rerror(im, rt, rt->rows[k].line, (int)i + 1, "'%s' in the 0/1 column of choice '%s' "
			       "of '%s': write 1 (chosen), 0 (not chosen) or nothing",
			       rcell(rt, k, (int)i + 1), c->q->list->v[c->choice].name, c->q->name);
			continue;
		}
		if (bit < 0)
			continue;
		qcol = rcol_of(rt, c->q);
		a = response_get_at(&im->r, c->q, path);
		if (qcol > 0 && rt->cols[qcol - 1].kind == RC_QUESTION) {
			if (has_choice(a, c->q->list->v[c->choice].name) != bit)
				rerror(im, rt, rt->rows[k].line, (int)i + 1, "'%s/%s' is %d but '%s' ('%s') %s "
				       "'%s'", c->q->name, c->q->list->v[c->choice].name, bit, c->q->name,
				       a ? a : "", bit ? "does not include" : "includes",
				       c->q->list->v[c->choice].name);
		} else if (bit == 1) {	/* in list order, as the columns come */
			strbuf_reset(&im->msg);
			if (a)
				strbuf_addf(&im->msg, "%s ", a);
			strbuf_addstr(&im->msg, c->q->list->v[c->choice].name);
			if (response_set_at(&im->r, c->q, path, im->msg.buf) == -1)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), -1;
		}
	}
	/* the instances of the repeats directly inside, from their files */
	for (j = 0; j < im->s->nrepeats; j++) {
		struct rtable *child = im->rt[j];
		size_t first, n, m;

		if (!child || !child->by_link || child->rep->repeat != rep)
			continue;
		first = rfind(child, child->by_link, 0, rcell(rt, k, rt->col_self), &n);
		for (m = 0; m < n; m++)
			if (!child->rows[child->by_link[first + m]].used &&
			    add_instance(im, child, child->by_link[first + m], path, resp) < 0)
				return -1;
	}
	return 0;
}

/*
 * Give the current respondent (`_id` ext, NULL without) the instances of
 * its rows in the repeats' files.  0 or -1 (memory).
 */
static int attach_instances(struct importer *im, const char *ext)
{
	size_t j;

	im->nplaced = 0;
	response_set_instances(&im->r, NULL, 0, NULL);
	if (!ext)
		return 0;
	for (j = 0; j < im->s->nrepeats; j++) {
		struct rtable *rt = im->rt[j];
		size_t first, n, m;

		if (!rt || !rt->by_link || rt->rep->depth > 0)
			continue;
		first = rfind(rt, rt->by_link, 0, ext, &n);
		for (m = 0; m < n; m++)
			if (!rt->rows[rt->by_link[first + m]].used &&
			    add_instance(im, rt, rt->by_link[first + m], NULL, ext) < 0)
				return -1;
	}
	return 0;
}

/* The rows of the repeats' files that no respondent took: an error each. */
static void report_unjoined(struct importer *im)
{
	size_t j, k;

	for (j = 0; j < im->s->nrepeats; j++) {
		struct rtable *rt = im->rt ? im->rt[j] : NULL;

		for (k = 0; rt && rt->by_link && k < rt->nrows; k++) {
			const char *key = rlink(rt, k);
			int col = rt->rep->depth == 0 && rt->col_resp ? rt->col_resp : rt->col_parent;

			if (rt->rows[k].used)
				continue;
			im->at_value = key;
			if (rt->rep->depth > 0)	/* its parent was not joined either: said there */
				continue;
			if (!*key)
				rerror(im, rt, rt->rows[k].line, col, "no respondent: the row of repeat "
				       "'%s' gives no %s", rt->rep->name, im->opt->layout == IMPORT_KOBO ?
				       "_submission__id" : im->opt->layout == IMPORT_ODK ? "PARENT_KEY" : "_id");
			else
				rerror(im, rt, rt->rows[k].line, col, "%s '%s' names no respondent of %s",
				       im->opt->layout == IMPORT_KOBO ? "_submission__id" :
				       im->opt->layout == IMPORT_ODK ? "PARENT_KEY" : "_id", key, im->path);
		}
	}
	im->at_value = NULL;
}

/* Where the instance path of repeat rep (rep->depth + 1 indices) was read, or NULL. */
static const struct placed *placed_at(const struct importer *im, const struct question *rep,
				      const size_t *path)
{
	size_t i;

	for (i = 0; i < im->nplaced; i++)
		if (im->placed[i].rt->rep == rep &&
		    !memcmp(im->placed[i].path, path, (rep->depth + 1) * sizeof(*path)))
			return &im->placed[i];
	return NULL;
}

/* Column (1-based) of question q in the file, 0 when it has none. */
static int column_of(const struct importer *im, const struct question *q)
{
	if (im->main_col[q->index] >= 0)
		return im->main_col[q->index] + 1;
	if (im->choice_col[q->index] >= 0)
		return im->choice_col[q->index] + 1;
	return 0;
}

/* The condition that makes q not apply: its own relevant or an enclosing group's. */
static const struct question *why_not_relevant(const struct response *r,
					       const struct question *q)
{
	const struct question *g;

	for (g = q; g; g = g->parent)
		if (g->relevant_src && !(g->parent && !r->relevant[g->parent->index]))
			return g;
	return q;
}

/* The choice of q's list whose label, in some language, is text; NULL if none. */
static const struct choice *choice_by_label(const struct survey *s, const struct question *q,
					    const char *text)
{
	size_t i, l;

	for (i = 0; q->list && i < q->list->n; i++)
		for (l = 0; l < s->nlang; l++)
			if (q->list->v[i].label.text[l] && !strcmp(q->list->v[i].label.text[l], text))
				return &q->list->v[i];
	return NULL;
}

/*
 * A value fit for a message: control characters as \n, \t, \xNN or (C1) \uNNNN, cut
 * after SHOW_MAX characters.  Valid until the next call.
 */
#define SHOW_MAX 60
static const char *shown(struct importer *im, const char *v)
{
	struct strbuf *b = &im->why;
	size_t nchar = 0;

	strbuf_reset(b);
	for (; v && *v; v++) {
		unsigned char ch = (unsigned char)*v;

		if ((ch & 0xC0) != 0x80 && ++nchar > SHOW_MAX) {
			strbuf_addstr(b, "...");
			break;
		}
		if (ch == '\n')
			strbuf_addstr(b, "\\n");
		else if (ch == '\t')
			strbuf_addstr(b, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			strbuf_addf(b, "\\x%02x", ch);
		else if (ch == 0xC2 && (unsigned char)v[1] >= 0x80 && (unsigned char)v[1] <= 0x9F)
			strbuf_addf(b, "\\u%04x", (unsigned char)*++v);	/* a C1 control */
		else
			strbuf_addch(b, (char)ch);
	}
	return b->buf;
}

/* Report a finding of response_check() at its row and its question's column. */
static void report_problem(struct importer *im, long row, const struct problem *p)
{
	const struct question *q = p->q;
	const char *value = q->repeat ? NULL : im->r.values[q->index];
	/* the cell as written, not as normalised (31/01/2025, 16 588, 2,5) */
	const char *cell = q->repeat ? NULL : im->raw[q->index] ? im->raw[q->index] : value;
	int converted;
	const char *v;
	int col = q->repeat ? 0 : column_of(im, q);
	char quoted[80];
	const struct placed *pl = q->repeat ? placed_at(im, q->repeat, p->path) : NULL;

	if (pl) {	/* in an instance: at its row of its repeat's file */
		row = pl->rt->rows[pl->row].line;
		im->at_file = pl->rt->path;
		if (p->kind != PROBLEM_COUNT) {
			col = rcol_of(pl->rt, q);
			value = response_get_at(&im->r, q, p->path);
			cell = col > 0 && pl->rt->cols[col - 1].kind == RC_QUESTION ?
				rcell(pl->rt, pl->row, col) : value;
			im->at_value = cell;
		}
	}
	converted = cell && value && strcmp(cell, value) != 0;
	if (q->repeat && !pl && p->kind == PROBLEM_REQUIRED) {
		/* an instance that repeat_count asks for and no file gives */
		const struct question *rep = q->repeat;

		error_at(im, row, 0, "'%s' is required but has no answer: %s %zu of this respondent "
			 "is in no row of the repeat's file%s%s%s", q->name, rep->name,
			 p->path[rep->depth] + 1, rep->repeat_count_src ? " (repeat_count " : "",
			 rep->repeat_count_src ? rep->repeat_count_src : "",
			 rep->repeat_count_src ? " asks for it)" : "");
		return;
	}

	snprintf(quoted, sizeof(quoted), "'%s'", shown(im, value));
	v = shown(im, cell);
	switch (p->kind) {
	case PROBLEM_INVALID: {
		const struct choice *c = q->type == Q_SELECT_ONE ?
			choice_by_label(im->s, q, value) : NULL;
		const char *d = p->detail ? p->detail : "not valid";
		const char *how = !converted ? "" : q->type == Q_DATE ?
			" (a date with '/' is read day first: DD/MM/YYYY)" : "";

		if (!strncmp(d, quoted, strlen(quoted)))
			error_at(im, row, col, "'%s': '%s'%s%s%s%s%s", q->name, v ? v : "",
				 d + strlen(quoted), how,
				 c ? "; it is the label of choice '" : "", c ? c->name : "",
				 c ? "': write the choice's name" : "");
		else if (!strncmp(d, "not ", 4))
			error_at(im, row, col, "'%s': '%s' is %s%s", q->name, v ? v : "", d, how);
		else
			error_at(im, row, col, "'%s': '%s': %s%s", q->name, v ? v : "", d, how);
		break;
	}
	case PROBLEM_REQUIRED:
		error_at(im, row, col, "'%s' is required but has no answer%s", q->name,
			 q->relevant_src || (q->parent && q->parent->relevant_src) ?
			 " (it applies to this respondent)" : "");
		break;
	case PROBLEM_CONSTRAINT: {
		/* the message as the form shows it: ${name} replaced by the answer */
		const char *m = label_get(im->s, &q->constraint_message, im->s->default_lang);
		struct strbuf piped = STRBUF_INIT;

		if (m && strstr(m, "${") &&
		    response_pipe_at(&im->r, m, im->s->default_lang, q->repeat, p->path, &piped) == 0)
			m = piped.buf;
		error_at(im, row, col, "'%s': '%s' does not meet the constraint \"%s\"%s%s%s", q->name,
			 v ? v : "", q->constraint_src ? q->constraint_src : "?",
			 m ? " (" : "", m ? m : "", m ? ")" : "");
		strbuf_release(&piped);
		break;
	}
	case PROBLEM_COUNT:
		error_at(im, row, col, "repeat '%s': %s", q->name, p->detail ? p->detail : "");
		break;
	case PROBLEM_TOO_LONG:
		error_at(im, row, col, "'%s': the answer is %s bytes long: an answer holds at most %u "
			 "(what a spreadsheet cell and an SPSS string hold)", q->name,
			 p->detail ? p->detail : "too many", SURVEY_MAX_ANSWER);
		break;
	case PROBLEM_NOT_RELEVANT: {
		const struct question *g = q->repeat ? q : why_not_relevant(&im->r, q);

		if (g != q)
			error_at(im, row, col, "'%s' is answered ('%s') but group '%s' does not apply to "
				 "this respondent: \"%s\" is false", q->name, v ? v : "", g->name,
				 g->relevant_src);
		else
			error_at(im, row, col, "'%s' is answered ('%s') but does not apply to this "
				 "respondent: \"%s\" is false", q->name, v ? v : "",
				 q->relevant_src ? q->relevant_src : "relevant");
		break;
	}
	}
	im->at_file = NULL;
	im->at_value = NULL;
}

/* --- rows ---------------------------------------------------------------- */

/*
 * 1 when the rows can be read by read_plain_row(): a plain survey, and
 * columns of answers and of `_id`, `_group`, `_wave`, `_submitted_at`
 * only (no 0/1 column, nothing decided later, no jury, no repeat).
 */
static int plain_columns(struct importer *im)
{
	size_t i;

	if (!im->plain || im->opt->jury || im->rt)
		return 0;
	for (i = 0; i < im->ncols; i++)
		switch (im->cols[i].kind) {
		case COL_IGNORE:
		case COL_ID:
		case COL_GROUP:
		case COL_WAVE:
		case COL_SUBMITTED:
		case COL_QUESTION:
			break;
		default:
			return 0;
		}
	im->fcols = calloc(im->ncols ? im->ncols : 1, sizeof(*im->fcols));
	if (!im->fcols)
		return 0;	/* the full way, which needs nothing more */
	for (i = 0; i < im->ncols; i++) {
		const struct column *c = &im->cols[i];
		struct fcol *f = &im->fcols[i];

		f->kind = c->kind == COL_IGNORE ? F_SKIP : c->kind == COL_QUESTION ? F_VALUE : F_META;
		if (f->kind != F_VALUE)
			continue;
		f->q = c->q;
		f->index = c->q->index;
		if (c->q->type == Q_SELECT_ONE) {
			f->kind = F_CHOICE;
			f->one = c->q->list->index ? c->q->list->one : NULL;
		}
	}
	return 1;
}

/* 1 for the bytes isspace() calls blanks (the C locale's). */
static int blank_byte(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/*
 * A row of a plain survey read the short way: each cell normalised, placed
 * and checked alone as read_row() and row_is_clean() do, a one-byte Likert
 * answer found by its byte.  Returns 1 when the row is done with (queued
 * for the writer, or its `_id` reported as given twice), with *stop what
 * on_record() returns; 0 when anything is not plainly right (a value that
 * does not check, a required answer missing, memory): read_row() then
 * reads the row again from the start and says what.  Nothing it did before
 * returning 0 is seen: read_row() sets every answer again.
 */
static int read_plain_row(struct importer *im, const struct csv_record *rec, int *stop)
{
	const struct survey *s = im->s;
	const char *ext = NULL, *grp = im->opt->group, *wave = im->opt->wave;
	char submitted[21];
	int has_time = 0, unneutralise = im->opt->layout == IMPORT_UTILIS && !im->from_xlsx;
	size_t i, ext_len = 0;
	uint64_t ext_hash = 0;
	long seen;

	memset(im->r.values, 0, s->nq * sizeof(*im->r.values));
	for (i = 0; i < im->ncols; i++) {
		const struct fcol *f = &im->fcols[i];
		const struct column *c;
		const char *v = rec->fields[i];
		size_t n = rec->lens[i], k = f->index;
		const char *t;
		size_t tn;

		if (f->kind == F_SKIP)
			continue;
		if (unneutralise && n >= 2 && v[0] == '\'')	/* csvout's quote, undone */
			v = csvout_unneutralise(v, &n);
		if (f->kind == F_CHOICE) {	/* normalise()'s trimming, the check's look-up */
			if (n == 1 && f->one && !blank_byte((unsigned char)*v)) {	/* a Likert answer */
				if (!f->one[(unsigned char)*v])
					return 0;
				im->r.values[k] = (char *)v;
				im->len[k] = 1;
				continue;
			}
			while (n && blank_byte((unsigned char)*v))
				v++, n--;
			while (n && blank_byte((unsigned char)v[n - 1]))
				n--;
			if (!n)
				continue;
			if (!choice_find(f->q->list, v, n))
				return 0;
			if (v[n] == '\0') {
				im->r.values[k] = (char *)v;
				im->len[k] = n;
			} else if (set_answer(im, k, v, n) < 0) {
				return 0;
			}
			continue;
		}
		if (f->kind == F_VALUE) {
			switch (normalise(im, f->q, v, n, &t, &tn)) {
			case 0:
				continue;
			case 1:
				break;
			default:
				return 0;
			}
			if (t >= v && t < v + n && t[tn] == '\0') {
				im->r.values[k] = (char *)t;
				im->len[k] = tn;
			} else if (set_answer(im, k, t, tn) < 0) {
				return 0;
			}
			if (tn > SURVEY_MAX_ANSWER ||
			    question_check_value_n(f->q, im->r.values[k], tn, &im->why) < 0) {
				strbuf_reset(&im->why);
				return 0;
			}
			continue;
		}
		c = &im->cols[i];
		if (is_blank(v))
			continue;
		if (c->kind == COL_SUBMITTED) {
			if (parse_time(v, submitted) < 0)
				return 0;
			has_time = 1;
			continue;
		}
		{
			struct strbuf *b = &im->meta[c->kind == COL_ID ? 0 : c->kind == COL_GROUP ? 1 : 2];

			if (add_trimmed(b, v) < 0)
				return 0;
			if (c->kind == COL_ID) {
				ext = b->buf;
				ext_len = b->len;
				ext_hash = idset_hash(b->buf, b->len);
				idset_prefetch_hash(&im->ids, ext_hash);
			} else if (c->kind == COL_GROUP) {
				grp = b->buf;
			} else {
				wave = b->buf;
			}
		}
	}
	for (i = 0; i < im->nrequired; i++)
		if (!im->r.values[im->required[i]])
			return 0;
	im->res->rows++;
	*stop = 0;
	if (ext) {
		seen = idset_add_hash(&im->ids, ext_hash, ext, ext_len, rec->row, im->err);
		if (seen < 0)
			return im->fatal = UT_EIO, *stop = 1, 1;
		if (seen > 0) {
			error_at(im, rec->row, im->col_id, "_id '%s' is given twice (first at row %ld)",
				 ext, seen);
			return 1;
		}
	}
	if (im->failed)
		return 1;
	{
		const char *meta[META_SLOTS] = { ext, grp, wave, has_time ? submitted : NULL,
						 NULL, NULL };

		*stop = emit(im, rec->row, meta);
	}
	return 1;
}

static int read_row(struct importer *im, const struct csv_record *rec)
{
	const struct survey *s = im->s;
	const char *ext = NULL, *grp = im->opt->group, *wave = im->opt->wave;
	const char *juror = NULL, *candidate = NULL;
	char submitted[21];
	int has_time = 0, rejected = 0, nerr = (int)im->res->nerrors;
	long seen;
	size_t i, ext_len = 0;
	uint64_t ext_hash = 0;

	im->res->rows++;
	for (i = 0; i < im->nown; i++) {
		size_t k = im->own[i];

		if (im->r.computed[k])	/* a calculated default's value, the response's own */
			free(im->r.values[k]);
		im->r.computed[k] = 0;
		im->r.values[k] = NULL;
		im->raw[k] = NULL;
	}
	for (i = 0; i < im->ncols; i++) {
		const struct column *c = &im->cols[i];
		const char *v = rec->fields[i];
		size_t vlen = rec->lens[i];
		int col = (int)i + 1, rc;

		if (im->opt->layout == IMPORT_UTILIS && !im->from_xlsx)	/* csvout's quote, undone */
			v = csvout_unneutralise(v, &vlen);

		switch (c->kind) {
		case COL_IGNORE:
		case COL_CALCULATED:
			break;
		case COL_JUROR:
		case COL_CANDIDATE: {
			struct strbuf *b = &im->meta[c->kind == COL_JUROR ? 3 : 4];

			strbuf_reset(b);
			if (is_blank(v)) {
				error_at(im, rec->row, col, "no %s given: each row of a jury's scores names "
					 "the juror and the candidate", c->kind == COL_JUROR ? "juror" : "candidate");
				break;
			}
			if (add_trimmed(b, v) < 0)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
			if (c->kind == COL_JUROR)
				juror = b->buf;
			else
				candidate = b->buf;
			break;
		}
		case COL_ID:
		case COL_GROUP:
		case COL_WAVE: {
			struct strbuf *b = &im->meta[c->kind == COL_ID ? 0 : c->kind == COL_GROUP ? 1 : 2];

			if (is_blank(v))
				break;
			if (add_trimmed(b, v) < 0)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
			if (c->kind == COL_ID) {
				ext = b->buf;
				ext_len = b->len;
				ext_hash = idset_hash(b->buf, b->len);
				idset_prefetch_hash(&im->ids, ext_hash);
			}
			else if (c->kind == COL_GROUP)
				grp = b->buf;
			else
				wave = b->buf;
			break;
		}
		case COL_SUBMITTED:
			if (is_blank(v))
				break;
			if (parse_time(v, submitted) < 0)
				error_at(im, rec->row, col, "'%s' is not a date and time such as "
					 "'2024-01-31T12:00:00Z', '2024-01-31' or '31/01/2024 12:00' "
					 "(day first)", shown(im, v));
			else
				has_time = 1;
			break;
		case COL_PENDING: {
			struct column *pc = &im->cols[i];

			if (is_blank(v))
				break;
			if (pc->nvalues++ == 0)
				pc->first_row = rec->row;
			if (pc->meta_like && !looks_like_metadata(v))
				pc->meta_like = 0;
			break;
		}
		case COL_REVIEW:
			if (!strcmp(v, "rejected"))
				rejected = 1;
			break;
		case COL_VALIDATION:
			if (!strcmp(v, "validation_status_not_approved") || !strcasecmp(v, "not approved"))
				rejected = 1;
			break;
		case COL_QUESTION: {
			const char *t = NULL;
			size_t tn = 0;

			rc = normalise(im, c->q, v, vlen, &t, &tn);
			if (rc < 0)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
			if (rc == 1 && t >= v && t < v + vlen && t[tn] == '\0') {
				/* the cell itself, unchanged: nothing freed or kept it past the row */
				im->r.values[c->q->index] = (char *)t;
				im->len[c->q->index] = tn;
			} else if (rc == 1 && set_answer(im, c->q->index, t, tn) < 0) {
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
			}
			im->raw[c->q->index] = v;
			break;
		}
		case COL_CHOICE:
			rc = parse_bit(v);
			if (rc == -2) {
				error_at(im, rec->row, col, "'%s' in the 0/1 column of choice '%s' of '%s': "
					 "write 1 (chosen), 0 (not chosen) or nothing", shown(im, v),
					 c->q->list->v[c->choice].name, c->q->name);
				rc = -1;
			}
			im->bit[i] = (signed char)rc;
			break;
		}
	}
	/* select_multiple: reconcile the answer with its 0/1 columns, or build it from them */
	for (size_t m = 0; m < im->nmulti; m++) {
		const struct question *q = s->questions[i = im->multi[m]];
		int first = im->choice_col[i];
		size_t k;

		if (im->main_col[i] >= 0) {
			const char *a = im->r.values[i];

			for (k = (size_t)first; k < im->ncols; k++) {
				const struct column *c = &im->cols[k];
				int in;

				if (c->kind != COL_CHOICE || c->q != q || im->bit[k] < 0)
					continue;
				in = has_choice(a, q->list->v[c->choice].name);
				if (in != im->bit[k])
					error_at(im, rec->row, (int)k + 1, "'%s/%s' is %d but '%s' ('%s') %s '%s'",
						 q->name, q->list->v[c->choice].name, im->bit[k], q->name,
						 shown(im, a), in ? "includes" : "does not include",
						 q->list->v[c->choice].name);
			}
		} else {
			strbuf_reset(&im->msg);
			for (k = 0; k < q->list->n; k++) {
				size_t j;

				for (j = (size_t)first; j < im->ncols; j++)
					if (im->cols[j].kind == COL_CHOICE && im->cols[j].q == q &&
					    im->cols[j].choice == k && im->bit[j] == 1)
						break;
				if (j < im->ncols) {
					if (im->msg.len)
						strbuf_addch(&im->msg, ' ');
					strbuf_addstr(&im->msg, q->list->v[k].name);
				}
			}
			if (im->msg.len && set_answer(im, i, im->msg.buf, im->msg.len) < 0)
				return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
		}
	}
	/* the respondent's instances, from the repeats' files (taken even when rejected) */
	if (im->rt && attach_instances(im, ext) < 0)
		return 1;
	if (rejected) {
		im->res->rejected++;
		return 0;
	}
	if (im->plain && row_is_clean(im))
		goto checked;
	/* a read-only question's value is its calculation's, whatever the file says */
	for (i = 0; i < s->nq; i++)
		if (s->questions[i]->read_only && s->questions[i]->calculation &&
		    !im->r.computed[i])
			im->r.values[i] = NULL;
	if (response_update(&im->r, 0) < 0)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
	if (im->r.too_long)	/* the definition's doing, which 'survey check' reports */
		warning_at(im, rec->row, 0, "calculation '%s' would be longer than %u bytes: it is "
			   "left unanswered", im->r.too_long->name, SURVEY_MAX_ANSWER);
	im->probs.n = 0;
	if (response_check(&im->r, NULL, &im->probs) < 0)
		return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
	for (i = 0; i < im->probs.n; i++) {
		report_problem(im, rec->row, &im->probs.v[i]);
		free(im->probs.v[i].detail);
		im->probs.v[i].detail = NULL;
	}
checked:
	if (im->opt->jury && juror && candidate) {
		strbuf_reset(&im->why);
		if (im->opt->jury->check(im->opt->jury->ctx, juror, candidate, rec->row, &im->why))
			error_at(im, rec->row, im->col_juror, "%s", im->why.buf);
	}
	if (ext) {
		seen = idset_add_hash(&im->ids, ext_hash, ext, ext_len, rec->row, im->err);
		if (seen < 0)
			return im->fatal = UT_EIO, 1;
		if (seen > 0)
			error_at(im, rec->row, im->col_id, "_id '%s' is given twice (first at row %ld)",
				 ext, seen);
	}
	if ((int)im->res->nerrors != nerr || im->failed)
		return 0;
	{
		const char *meta[META_SLOTS] = { ext, grp, wave, has_time ? submitted : NULL,
						 juror, candidate };

		return emit(im, rec->row, meta);
	}
}

/*
 * 1 when rec is a row of HXL hashtags (#indicator+name, #date+start), as
 * KoboToolbox writes under the header of a form whose questions have
 * `hxl` tags: every cell that is not empty is a tag, and one at least.
 */
static int is_hxl_row(const struct csv_record *rec)
{
	size_t i, ntags = 0;

	for (i = 0; i < rec->n; i++) {
		const char *v = rec->fields[i];

		if (!*v)
			continue;
		if (v[0] != '#' || !isalpha((unsigned char)v[1]))
			return 0;
		for (v++; *v; v++)
			if (!isalnum((unsigned char)*v) && *v != '_' && *v != '+' && *v != ' ' &&
			    *v != '-')
				return 0;
		ntags++;
	}
	return ntags > 0;
}

/* csv_read()'s callback: the header first, then each row.  Non-zero stops the reading. */
static int on_record(void *ctx, const struct csv_record *rec)
{
	struct importer *im = ctx;
	int rc;

	im->rec = rec;
	if (im->nrec++ == 0) {
		rc = read_header(im, rec) < 0 ? 1 : 0;
		im->fast = rc == 0 && plain_columns(im);
		im->rec = NULL;
		return rc;
	}
	if (im->nrec == 2 && is_hxl_row(rec)) {
		im->res->hxl = 1;
		return 0;
	}
	if (im->opt->progress && (rec->row & 1023) == 0)
		im->opt->progress(im->opt->progress_ctx, rec->row - 1, rec->offset);
	if (!im->fast || !read_plain_row(im, rec, &rc))
		rc = read_row(im, rec);
	im->rec = NULL;
	return rc;
}

/* --- workbooks ------------------------------------------------------------ */

/* A sheet's rows as the records of a CSV file, for on_record(). */
struct xlsx_feed {
	struct importer *im;		/* the import */
	size_t ncols;			/* the header's width; 0 before it */
	const char **fields;		/* one row's cells, "" where empty */
	size_t *lens;			/* their lengths */
};

/* xlsx_stream_rows()'s callback: the row as a record (the first one is the header). */
static int feed_row(void *ctx, const struct xlsx_row *row)
{
	struct xlsx_feed *f = ctx;
	struct importer *im = f->im;
	struct csv_record rec;
	size_t i, n;

	if (!f->ncols) {
		n = row->cells[row->n - 1].col;
		f->fields = calloc(n, sizeof(*f->fields));
		f->lens = calloc(n, sizeof(*f->lens));
		if (!f->fields || !f->lens)
			return im->fatal = UT_EIO, error_set(im->err, "out of memory"), 1;
		f->ncols = n;
	}
	for (i = 0; i < f->ncols; i++) {
		f->fields[i] = "";
		f->lens[i] = 0;
	}
	for (i = 0; i < row->n; i++) {
		const struct xlsx_cell *c = &row->cells[i];

		if (c->col > f->ncols) {
			error_at(im, row->row, (int)c->col, "a cell beyond the header's %zu columns: "
				 "every column needs a name in the first row", f->ncols);
			return 0;
		}
		f->fields[c->col - 1] = c->text;
		f->lens[c->col - 1] = strlen(c->text);
	}
	rec.fields = f->fields;
	rec.lens = f->lens;
	rec.n = f->ncols;
	rec.row = row->row;
	rec.offset = 0;
	return on_record(im, &rec);
}

/*
 * Read the first sheet of the workbook at path as the file's records.
 * Returns what csv_read() returns: 0, -1 with err, -2 after one error in
 * d, or the callback's non-zero.
 */
static int read_workbook(struct importer *im, const char *path, struct diags *d,
			 struct error *err)
{
	struct xlsx_feed f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.im = im;
	im->from_xlsx = 1;
	rc = xlsx_stream_rows(path, feed_row, &f, &im->res->sheets, err);
	free(f.fields);
	free(f.lens);
	if (rc == -2 && strstr(err->msg, "xl/workbook.xml")) {	/* a zip, not a workbook */
		diag_add(d, SEV_ERROR, path, 1, 1, "%s: a zip archive such as ODK Central's export "
			 "is read unzipped: unzip it and import FORM.csv, whose repeats' files "
			 "FORM-REPEAT.csv are found beside it", err->msg);
		return -2;
	}
	if (rc == -2) {
		diag_add(d, SEV_ERROR, path, 1, 1, "%s", err->msg);
		return -2;
	}
	if (rc == 0 && im->nrec == 0) {
		diag_add(d, SEV_ERROR, path, 1, 1, "the first sheet is empty: its first row must "
			 "name the columns");
		return -2;
	}
	return rc;
}

/* --- entry point ------------------------------------------------------- */

/*
 * Load the other stored versions of the survey into im->others, for the
 * columns of a KoboToolbox export "including fields from all versions".
 * A version that no longer loads is passed over.  0 or an error code.
 */
static int load_other_versions(struct importer *im)
{
	struct survey_version *v = NULL;
	size_t n = 0, i;
	int rc = store_survey_list(im->st, &v, &n, im->err);

	if (rc < 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct survey_version sv;
		struct diags d = DIAGS_INIT;
		struct survey *o = NULL, **no;

		if (strcmp(v[i].form_id, im->s->form_id) || v[i].version == im->s->version)
			continue;
		memset(&sv, 0, sizeof(sv));
		rc = store_survey_get(im->st, v[i].form_id, v[i].version, &sv, im->err);
		if (rc < 0)
			break;
		rc = 0;
		if (sv.source && survey_load(&o, sv.form_id, sv.source, strlen(sv.source), &d) == 0) {
			no = realloc(im->others, (im->nothers + 1) * sizeof(*no));
			if (!no) {
				survey_free(o);
				survey_version_release(&sv);
				diags_release(&d);
				error_set(im->err, "out of memory");
				rc = UT_EIO;
				break;
			}
			im->others = no;
			im->others[im->nothers++] = o;
		}
		survey_version_release(&sv);
		diags_release(&d);
	}
	survey_versions_free(v, n);
	return rc;
}

/*
 * Files from which an import writes the workspace's pages once
 * (store_begin_bulk()): those of IMPORT_DIRECT_BYTES or more.  Through the
 * log, each page is written twice, and the copy at the end runs after the
 * writing, alone: at a million rows (200 MB of pages), 0.3 s of the
 * process's time.  Below, leaving the log and coming back (two small
 * transactions, eight fsyncs) would cost more than the copy saves, and
 * other programs may keep reading the workspace during the import.
 */
#define IMPORT_DIRECT_BYTES (4 << 20)

static int direct_write(const char *path, const struct import_options *opt)
{
	struct stat sb;

	return !opt->dry_run && !opt->jury && stat(path, &sb) == 0 &&
		sb.st_size >= IMPORT_DIRECT_BYTES;
}

int import_csv(struct store *st, const struct survey *s, int64_t survey_version_id,
	       const char *path, const struct import_options *opt,
	       struct import_result *res, struct diags *d, struct error *err)
{
	struct importer im;
	struct writer *w = NULL;
	struct strbuf detail = STRBUF_INIT;
	char thread_name[16] = "";
	size_t i;
	int rc, started = 0;

	memset(&im, 0, sizeof(im));
	im.s = s;
	im.opt = opt;
	im.res = res;
	im.d = d;
	im.err = err;
	im.st = st;
	im.path = path;
	strbuf_init(&im.norm, 0);
	strbuf_init(&im.why, 0);
	strbuf_init(&im.msg, 0);
	for (i = 0; i < 5; i++)
		strbuf_init(&im.meta[i], 0);
	idset_init(&im.ids);
	if (response_init(&im.r, s) < 0)
		return error_set(err, "out of memory"), UT_EIO;
	im.r.today = opt->today;
	im.main_col = calloc(s->nq + 1, sizeof(int));
	im.choice_col = calloc(s->nq + 1, sizeof(int));
	im.spare = calloc(s->nq + 1, sizeof(char *));
	im.cap = calloc(s->nq + 1, sizeof(size_t));
	im.len = calloc(s->nq + 1, sizeof(size_t));
	im.raw = calloc(s->nq + 1, sizeof(*im.raw));
	im.own = calloc(s->nq + 1, sizeof(size_t));
	im.multi = calloc(s->nq + 1, sizeof(size_t));
	im.answered = calloc(s->nq + 1, sizeof(size_t));
	im.required = calloc(s->nq + 1, sizeof(size_t));
	w = malloc(sizeof(*w));
	if (!im.main_col || !im.choice_col || !im.spare || !im.cap || !im.len || !im.raw || !im.own ||
	    !im.multi || !im.answered || !im.required || !w) {
		rc = UT_EIO;
		error_set(err, "out of memory");
		goto out;
	}
	im.plain = plain_survey(s);
	for (i = 0; i < s->nq; i++)
		if (q_is_answered(s->questions[i])) {
			im.answered[im.nanswered++] = i;
			if (s->questions[i]->required)
				im.required[im.nrequired++] = i;
		}
	if ((rc = store_count_ext_ids(st, s->form_id, &im.nstored_ids, err)) < 0)
		goto out;
	if (opt->layout != IMPORT_UTILIS && (rc = load_other_versions(&im)) < 0)
		goto out;
	/* the repeats' files, read whole before the respondents' rows that take them */
	if (s->nrepeats && (rc = load_repeats(&im, xlsx_sniff(path) == XLSX_KIND_ZIP)) != 0)
		goto out;
	if ((rc = (direct_write(path, opt) ? store_begin_bulk : store_begin)(st, err)) < 0)
		goto out;
	rc = writer_start(w, &im, survey_version_id);
	started = rc == 0;
	if (rc < 0) {
		writer_release(w);
		store_rollback(st);
		goto out;
	}
	/* this thread reads: named for perf report --sort comm, its own name back after */
	if (pthread_getname_np(pthread_self(), thread_name, sizeof(thread_name)) != 0)
		thread_name[0] = '\0';
	pthread_setname_np(pthread_self(), "import-read");
	switch (xlsx_sniff(path)) {
	case XLSX_KIND_ZIP:	/* KoboToolbox's default export, or a sheet saved from Excel */
		res->xlsx = 1;
		rc = read_workbook(&im, path, d, err);
		break;
	case XLSX_KIND_XLS:
		diag_add(d, SEV_ERROR, path, 1, 1, "this is an Excel 97-2003 workbook (.xls): save it "
			 "as .xlsx (Excel workbook) or export it as CSV UTF-8, then import that file");
		rc = -2;
		break;
	case XLSX_KIND_OTHER:
		rc = csv_read(path, &opt->csv, on_record, &im, &res->sep, d, err);
		break;
	}
	if (rc == 0 && !im.fatal)
		resolve_pending(&im, 0);
	if (rc == 0 && !im.fatal && im.rt) {
		int any = 0;

		for (i = 0; i < s->nrepeats; i++)
			any |= im.rt[i] && im.rt[i]->nrows > 0;
		if (any && !im.col_id && im.nrec > 0)
			error_at(&im, 1, 0, "no _id column (KoboToolbox: _id; ODK Central: KEY): the rows "
				 "of the repeats' files are joined to the respondents by it");
		else
			report_unjoined(&im);
		/* the sheets read as repeats are not "not read" */
		if (res->sheets.len) {
			struct strbuf keep = STRBUF_INIT;
			const char *p = res->sheets.buf;

			while (*p) {
				size_t len = strcspn(p, ","), k;
				int taken = 0;

				for (k = 0; k < s->nrepeats; k++) {
					size_t n = strlen(s->repeats[k]->name);

					taken |= im.rt[k] && im.rt[k]->from_xlsx && len == (n > 31 ? 31 : n) &&
						!strncasecmp(s->repeats[k]->name, p, len);
				}
				if (!taken) {
					if (keep.len)
						strbuf_addstr(&keep, ", ");
					strbuf_add(&keep, p, len);
				}
				p += len;
				while (*p == ',' || *p == ' ')
					p++;
			}
			strbuf_release(&res->sheets);
			res->sheets = keep;
		}
	}
	if (rc == -1) {
		rc = UT_EIO;
	} else if (rc == -2) {
		res->nerrors++;
		rc = UT_EDATA;
		if (opt->on_error && d->n > 0)	/* the file is not CSV: csv_read's one error */
			opt->on_error(opt->error_ctx, d->v[d->n - 1].line, d->v[d->n - 1].col, "",
				      d->v[d->n - 1].msg);
	} else if (im.fatal) {
		rc = im.fatal;
	} else if (im.failed) {
		rc = UT_EDATA;
	} else {
		rc = 0;
	}
	if (thread_name[0])
		pthread_setname_np(pthread_self(), thread_name);
	/* the writer's findings join the reader's */
	writer_stop(w, &im.cur, rc != 0);
	if (w->failed && rc == 0) {
		rc = w->rc;
		*err = w->err;
	}
	res->added = w->added;
	res->unchanged = w->unchanged;
	res->changed = w->changed;
	res->nwarnings += w->nwarnings;
	for (i = 0; i < w->warnings.n; i++)
		diag_add(d, SEV_WARNING, w->warnings.v[i].file, w->warnings.v[i].line,
			 w->warnings.v[i].col, "%s", w->warnings.v[i].msg);
	writer_release(w);
	if (rc == 0 && !opt->dry_run && res->added > 0) {
		if (strbuf_addf(&detail, "%s version %d: %ld respondent%s from %s (%s layout)",
				s->form_id, s->version, res->added, res->added == 1 ? "" : "s",
				path, import_layout_name(opt->layout)) < 0)
			rc = (error_set(err, "out of memory"), UT_EIO);
		else
			rc = store_audit(st, "responses.import", detail.buf, err);
	}
	if (rc == 0 && !opt->dry_run)
		rc = store_commit(st, err);
	else
		store_rollback(st);
out:
	(void)started;
	free(w);
	/* The answer slots point to our buffers: unhook them before the release. */
	if (im.r.values)
		for (i = 0; i < s->nq; i++)
			if (s->questions[i]->type != Q_CALCULATE && !im.r.computed[i])
				im.r.values[i] = NULL;
	response_release(&im.r);
	for (i = 0; im.spare && i < s->nq; i++)
		free(im.spare[i]);
	free(im.spare);
	free(im.cap);
	free(im.len);
	free(im.raw);
	free(im.own);
	free(im.multi);
	free(im.answered);
	free(im.required);
	free(im.fcols);
	free(im.main_col);
	free(im.choice_col);
	for (i = 0; im.cols && i < im.ncols; i++) {
		free(im.cols[i].pname);
		free(im.cols[i].pqname);
	}
	free(im.cols);
	free(im.bit);
	for (i = 0; i < im.nothers; i++)
		survey_free(im.others[i]);
	free(im.others);
	for (i = 0; i < im.ngeo; i++)
		free(im.geo[i]);
	free(im.geo);
	for (i = 0; im.rt && i < s->nrepeats; i++)
		rtable_free(im.rt[i]);
	free(im.rt);
	free(im.placed);
	problems_release(&im.probs);
	idset_release(&im.ids);
	strbuf_release(&im.norm);
	strbuf_release(&im.why);
	strbuf_release(&im.msg);
	for (i = 0; i < 5; i++)
		strbuf_release(&im.meta[i]);
	strbuf_release(&detail);
	return rc;
}
