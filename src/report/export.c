/*
 * export: CSV, XLSX and SPSS .sav files of a survey's answers (see
 * export.h).  The three formats share one list of columns: the
 * respondent's `_id`, `_group`, `_wave` and `_submitted_at`, then each
 * question that holds an answer in document order, a select_multiple
 * followed by one 0/1 column per choice (`q/choice`).
 *
 * CSV is written through a buffer of our own and write(2): a million rows
 * of forty answers is 80 MB of text, and stdio's per-field calls would
 * cost more than reading the workspace.  XLSX has a writer of its own,
 * report/xlsx_stream.h, which streams the rows into the zip (libxlsxwriter,
 * kept for the analysts' workbooks, spent most of the time formatting each
 * cell with fprintf and copying its temporary file: docs/data.md).  The .sav
 * writer (ReadStat) needs the width of each text variable and the number
 * of rows before the first row; export_scan() measures them.  In the .sav
 * file a question that did not apply to a respondent (relevance) is told
 * apart from one left unanswered: the first gets a declared missing code,
 * NA_CODE "not applicable", the second SPSS's system-missing value; the
 * relevance is recomputed for each row with survey/response.h.
 */
#include "report/export.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <readstat.h>
#include <xlsxwriter.h>

#include "report/xlsx_stream.h"
#include "survey/response.h"
#include "util/afile.h"
#include "util/array.h"
#include "util/consts.h"
#include "util/csvout.h"
#include "util/frtime.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/i18n.h"

#define OUT_CHUNK (1u << 20)		/* CSV bytes buffered before a write */
#define SAV_MAX_STRING 32767		/* longest SPSS string */
#define NA_CODE (-9.0)			/* .sav: the question did not apply */

/* Seconds from SPSS's origin (1582-10-14) to 1970-01-01. */
#define SPSS_EPOCH_OFFSET (141428.0 * 86400.0)

enum ecol_kind {
	EC_ID, EC_GROUP, EC_WAVE, EC_SUBMITTED,
	EC_INDEX,			/* a repeat's file: the instance's row number in it */
	EC_PARENT,			/* a nested repeat's file: its parent's _index */
	EC_VALUE, EC_CHOICE,
};

struct ecol {
	enum ecol_kind kind;		/* what the column shows */
	const struct question *q;	/* EC_VALUE, EC_CHOICE */
	size_t choice;			/* EC_CHOICE: index in q->list */
	char *name;			/* CSV and XLSX header */
	char *sav_name;			/* SPSS variable name, NULL until spss_names() */
	char *sav_want;			/* the name it is made from */
	/* .sav only */
	readstat_variable_t *var;	/* the variable */
	int numeric;			/* 1: a number; 0: a string */
	size_t width;			/* strings: the longest value, in bytes */
	int int_digits, decimals;	/* numbers: widest integer part, most decimals */
	int all_numbers;		/* calculations: every value was a number */
	int codes_are_names;		/* select_one: the names are integers, kept as codes */
	double *codes;			/* select_one: the code of each choice, in list order */
	uint32_t *lookup;		/* select_one: open-addressing table of choice index + 1 */
	size_t lookup_mask;		/* its size - 1 (a power of two) */
	int has_na;			/* NA_CODE is declared missing for it */
};

struct exporter {
	const struct survey *s;		/* the model */
	const struct question *rep;	/* a repeat's file or sheet: that repeat; NULL: the respondents */
	struct exporter *main;		/* a repeat's: the respondents' exporter, else itself */
	struct exporter **sub;		/* the respondents': one per repeat (survey.repeats order) */
	long index;			/* a repeat's: the _index of the instance being written */
	long parent_index;		/* its parent's _index (nested repeats) */
	long last[SURVEY_MAX_REPEAT_DEPTH]; /* the respondents': _index of the latest
					   instance at each depth, for _parent_index */
	const size_t *path_at;		/* a repeat's: the instance being written (.sav relevance) */
	const struct instance *inst;	/* the respondents': the row's instances */
	size_t ninst;			/* how many */
	struct export_options opt;	/* format, separator, labels */
	char *path;			/* the file asked for, or "(stream)" */
	struct afile af;		/* the file being written (util/afile.h) */
	int stream_fd;			/* export_open_fd(): CSV goes there, else -1 */
	struct ecol *cols;		/* the columns */
	size_t ncols;			/* how many */
	long nrows;			/* rows written (or scanned) */
	int scanned;			/* export_scan() was called */
	long known_rows;		/* export_set_rows(): the respondents to come, or -1 */
	struct strbuf out;		/* CSV bytes not yet written */
	struct strbuf tmpbuf;		/* one value being formatted */
	struct error *err;		/* for the ReadStat callback */
	int write_errno;		/* errno of a failed write, 0 */
	/* XLSX */
	struct xs_book *xb;		/* the respondents': the workbook (report/xlsx_stream.h) */
	struct xs_sheet *xs;		/* ex's sheet */
	/* .sav */
	readstat_writer_t *sav;		/* ReadStat's writer */
	struct response r;		/* for the relevance of each row */
	int have_r;			/* r is initialised */
	int all_relevant;		/* no relevance anywhere and no repeat: every question applies */
};

const char *export_format_name(enum export_format f)
{
	switch (f) {
	case EXPORT_XLSX: return "xlsx";
	case EXPORT_SAV: return "sav";
	default: return "csv";
	}
}

/* --- helpers -------------------------------------------------------------- */

static int oom(struct error *err)
{
	return error_set(err, "out of memory");
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

/*
 * The number in text (a stored answer: '-', digits, '.'); 0 or -1 when it
 * is not one.  Up to 15 significant digits and 22 decimals, the common case,
 * are read without strtod: digits / 10^k of two exact doubles is correctly
 * rounded, the same double strtod gives.  The rest goes to strtod.
 */
static int number_of(const char *text, double *out)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	const char *p = text;
	char *end;
	uint64_t m = 0;
	int digits = 0, decs = -1;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (;; p++) {
		if (*p >= '0' && *p <= '9') {
			m = m * 10 + (uint64_t)(*p - '0');
			digits++;
			if (decs >= 0)
				decs++;
		} else if (*p == '.' && decs < 0) {
			decs = 0;
		} else {
			break;
		}
	}
	if (!*p && digits <= 15 && decs != 0 && decs <= 22) {
		double d = decs > 0 ? (double)m / pow10[decs] : (double)m;

		*out = *text == '-' ? -d : d;
		return 0;
	}
	*out = strtod(text, &end);
	return *end || !isfinite(*out) ? -1 : 0;
}

/* Digits before and after the '.' of a stored number. */
static void count_digits(const char *text, int *ints, int *decs)
{
	const char *dot = strchr(text, '.');

	*ints = (int)(dot ? (size_t)(dot - text) : strlen(text));
	*decs = dot ? (int)strlen(dot + 1) : 0;
}

/* The text of l in the export's language (its fallback rules), never NULL. */
static const char *label_of(const struct exporter *ex, const struct label *l)
{
	const char *t = label_get(ex->s, l, ex->opt.lang);

	return t ? t : "";
}

/* 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM:SSZ' into its parts; 0 or -1. */
static int parse_when(const char *s, int *y, int *mo, int *d, int *h, int *mi, int *sec)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	*h = *mi = *sec = 0;
	for (i = 0; shape[i] && s[i]; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return -1;
	if (i != 10 && i != 20)
		return -1;
#define TWO(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
	*y = TWO(s) * 100 + TWO(s + 2);
	*mo = TWO(s + 5);
	*d = TWO(s + 8);
	if (i == 20) {
		*h = TWO(s + 11);
		*mi = TWO(s + 14);
		*sec = TWO(s + 17);
	}
#undef TWO
	return 0;
}

/* --- columns ---------------------------------------------------------- */

static const char *const reserved_spss[] = {
	"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH", NULL,
};

/*
 * An SPSS variable name for want: letters, digits and '_' (others become
 * '_'), starting with a letter, at most 64 bytes, not a reserved word and
 * unique, ignoring case, among the names already given.  malloc'd or NULL.
 */
static char *spss_name(struct exporter *ex, size_t upto, const char *want)
{
	char base[65], name[80];
	size_t i, n = 0;
	int k;

	if (!isalpha((unsigned char)want[0]))
		base[n++] = 'v';
	for (i = 0; want[i] && n < 64; i++) {
		unsigned char ch = (unsigned char)want[i];

		base[n++] = (char)(isalnum(ch) || ch == '_' ? ch : '_');
	}
	base[n] = '\0';
	for (i = 0; reserved_spss[i]; i++)
		if (!strcasecmp(base, reserved_spss[i]) && n < 64) {
			base[n++] = '_';
			base[n] = '\0';
		}
	for (k = 1;; k++) {
		if (k == 1)
			snprintf(name, sizeof(name), "%s", base);
		else
			snprintf(name, sizeof(name), "%.*s_%d", 58, base, k);
		for (i = 0; i < upto; i++)
			if (ex->cols[i].sav_name && !strcasecmp(ex->cols[i].sav_name, name))
				break;
		if (i == upto)
			return strdup(name);
	}
}

/* Append a column to ex->cols (alloc: its allocated size).  0 or -1 when out of memory. */
static int add_col(struct exporter *ex, enum ecol_kind kind, const struct question *q,
		   size_t choice, const char *name, const char *sav_want, size_t *alloc)
{
	struct ecol *c;

	if (ARRAY_GROW(ex->cols, *alloc, ex->ncols + 1, 64) < 0)
		return -1;
	c = &ex->cols[ex->ncols];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->q = q;
	c->choice = choice;
	c->all_numbers = 1;
	c->name = strdup(name);
	c->sav_want = strdup(sav_want);	/* made an SPSS name by spss_names() */
	c->sav_name = NULL;
	if (!c->name || !c->sav_want) {
		free(c->name);
		free(c->sav_want);
		return -1;
	}
	ex->ncols++;
	return 0;
}

/*
 * Give every column its SPSS name: the respondent's and the questions'
 * first, so that they keep their names, then the 0/1 columns of choices,
 * which take a suffix when they meet one (question aides_autre and choice
 * autre of aides).  0 or -1 when out of memory.
 */
static int spss_names(struct exporter *ex)
{
	size_t i, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < ex->ncols; i++) {
			struct ecol *c = &ex->cols[i];

			if ((c->kind == EC_CHOICE) != (pass == 1))
				continue;
			c->sav_name = spss_name(ex, ex->ncols, c->sav_want);
			if (!c->sav_name)
				return -1;
		}
	return 0;
}

/* The columns of every format, in order (see the top of the file).  0 or -1. */
static int build_columns(struct exporter *ex)
{
	static const struct { enum ecol_kind kind; const char *name, *sav; } meta[] = {
		{ EC_ID, "_id", "resp_id" },
		{ EC_GROUP, "_group", "resp_group" },
		{ EC_WAVE, "_wave", "resp_wave" },
		{ EC_SUBMITTED, "_submitted_at", "resp_submitted" },
	};
	size_t alloc = 0, i, k, nq;
	char buf[512];

	if (ex->rep) {	/* a repeat's: the respondent, the instance, its parent */
		if (add_col(ex, EC_ID, NULL, 0, "_id", "resp_id", &alloc) < 0 ||
		    add_col(ex, EC_INDEX, NULL, 0, "_index", "inst_index", &alloc) < 0 ||
		    (ex->rep->depth > 0 &&
		     add_col(ex, EC_PARENT, NULL, 0, "_parent_index", "parent_index", &alloc) < 0))
			return -1;
	} else {
		for (i = 0; i < 4; i++)
			if (add_col(ex, meta[i].kind, NULL, 0, meta[i].name, meta[i].sav, &alloc) < 0)
				return -1;
	}
	nq = ex->rep ? ex->rep->nown : ex->s->nq;
	for (i = 0; i < nq; i++) {
		const struct question *q = ex->rep ? ex->rep->own[i] : ex->s->questions[i];

		if (!question_has_value(q) || q->repeat != ex->rep)
			continue;
		if (add_col(ex, EC_VALUE, q, 0, q->name, q->name, &alloc) < 0)
			return -1;
		if (q->type != Q_SELECT_MULTIPLE)
			continue;
		for (k = 0; k < q->list->n; k++) {
			char sav[512];

			snprintf(buf, sizeof(buf), "%s/%s", q->name, q->list->v[k].name);
			snprintf(sav, sizeof(sav), "%s_%s", q->name, q->list->v[k].name);
			if (add_col(ex, EC_CHOICE, q, k, buf, sav, &alloc) < 0)
				return -1;
		}
	}
	return 0;
}

/* --- opening and closing --------------------------------------------------- */

/*
 * The file of repeat name beside path: OUT.csv gives OUT-name.csv (the
 * extension kept, none when path has none).  malloc'd, or NULL.
 */
static char *sub_path(const char *path, const char *name)
{
	const char *base = strrchr(path, '/'), *dot;
	char *out;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		dot = base + strlen(base);
	if (asprintf(&out, "%.*s-%s%s", (int)(dot - path), path, name, dot) < 0)
		return NULL;
	return out;
}

/*
 * The exporter of repeat rep beside ex (the respondents'): its own file
 * for CSV and .sav, a sheet of ex's workbook for XLSX, named by
 * export_sheet_name().  0 or -1 with err.
 */
static int open_sub(struct exporter *ex, const struct question *rep, struct error *err)
{
	struct exporter *sx = calloc(1, sizeof(*sx));
	size_t k;

	if (!sx)
		return oom(err);
	ex->sub[rep->rindex] = sx;
	sx->s = ex->s;
	sx->opt = ex->opt;
	sx->rep = rep;
	sx->main = ex;
	sx->af = (struct afile)AFILE_INIT;
	sx->stream_fd = -1;
	sx->known_rows = -1;
	strbuf_init(&sx->out, 0);
	strbuf_init(&sx->tmpbuf, 0);
	if (ex->opt.format == EXPORT_XLSX) {
		char name[EXPORT_SHEET_MAX + 1];

		export_sheet_name(rep->name, name);
		if (!strcasecmp(name, "data") || !strcasecmp(name, "codebook"))
			return error_set(err, "repeat '%s' cannot have a sheet of its own: '%s' is the "
					 "name of a sheet of the workbook; export to csv or sav", rep->name, name);
		for (k = 0; k < rep->rindex; k++)
			if (!strcasecmp(ex->sub[k]->path, name))
				return error_set(err, "repeats '%s' and '%s' would both have sheet '%s' "
						 "(Excel cuts a sheet's name at %d characters): export to "
						 "csv or sav", ex->sub[k]->rep->name, rep->name, name,
						 EXPORT_SHEET_MAX);
		sx->path = strdup(name);
	} else {
		sx->path = sub_path(ex->path, rep->name);
	}
	if (!sx->path)
		return oom(err);
	if (ex->opt.format != EXPORT_XLSX && afile_open(&sx->af, sx->path, AFILE_PRIVATE, err) < 0)
		return -1;
	if (build_columns(sx) < 0 || spss_names(sx) < 0)
		return oom(err);
	return 0;
}

void export_sheet_name(const char *repeat, char out[EXPORT_SHEET_MAX + 1])
{
	size_t n = strlen(repeat);

	if (n > EXPORT_SHEET_MAX)	/* on a character boundary */
		for (n = EXPORT_SHEET_MAX; n > 0 && ((unsigned char)repeat[n] & 0xC0) == 0x80; n--)
			;
	memcpy(out, repeat, n);
	out[n] = '\0';
}

const char *export_sub_path(const struct exporter *ex, size_t k)
{
	return k < ex->s->nrepeats && ex->sub ? ex->sub[k]->path : NULL;
}

/* What export_open() and export_open_fd() share; fd >= 0: stream there.  0 or -1. */
static int open_common(struct exporter **out, const struct survey *s, const char *path, int fd,
		       const struct export_options *opt, struct error *err)
{
	struct exporter *ex = calloc(1, sizeof(*ex));

	*out = NULL;
	if (!ex)
		return oom(err);
	ex->s = s;
	ex->main = ex;
	ex->opt = *opt;
	ex->af = (struct afile)AFILE_INIT;
	ex->stream_fd = fd;
	ex->known_rows = -1;
	strbuf_init(&ex->out, 0);
	strbuf_init(&ex->tmpbuf, 0);
	if (opt->format == EXPORT_CSV && opt->sep != ',' && opt->sep != ';') {
		free(ex);
		return error_set(err, "the CSV separator must be ',' or ';'");
	}
	if (!(ex->path = strdup(path))) {
		export_abort(ex);
		return oom(err);
	}
	/* answers are personal data: the file is the analyst's alone (0600) */
	if (fd < 0 && afile_open(&ex->af, path, AFILE_PRIVATE, err) < 0) {
		export_abort(ex);
		return -1;
	}
	if (build_columns(ex) < 0 || spss_names(ex) < 0) {
		export_abort(ex);
		return oom(err);
	}
	if (s->nrepeats && !(ex->sub = calloc(s->nrepeats, sizeof(*ex->sub)))) {
		export_abort(ex);
		return oom(err);
	}
	for (size_t k = 0; k < s->nrepeats; k++)
		if (open_sub(ex, s->repeats[k], err) < 0) {
			export_abort(ex);
			return -1;
		}
	*out = ex;
	return 0;
}

int export_open(struct exporter **out, const struct survey *s, const char *path,
		const struct export_options *opt, struct error *err)
{
	*out = NULL;
	return open_common(out, s, path, -1, opt, err);
}

int export_open_fd(struct exporter **out, const struct survey *s, int fd,
		   const struct export_options *opt, struct error *err)
{
	*out = NULL;
	if (opt->format != EXPORT_CSV)
		return error_set(err, "only CSV can be streamed");
	if (survey_first_repeat(s))	/* a file per repeat: nothing a single stream holds */
		return error_set(err, "survey '%s' has repeat '%s': its answers are a file per repeat "
				 "beside the respondents' file, which one stream cannot hold; export "
				 "them with 'utilis responses export'", s->form_id,
				 survey_first_repeat(s)->name);
	return open_common(out, s, "(stream)", fd, opt, err);
}

void export_abort(struct exporter *ex)
{
	size_t i;

	if (!ex)
		return;
	for (i = 0; ex->sub && i < ex->s->nrepeats; i++)
		export_abort(ex->sub[i]);
	free(ex->sub);
	xs_abort(ex->xb);
	if (ex->sav)
		readstat_writer_free(ex->sav);
	afile_abort(&ex->af);
	if (ex->have_r) {
		for (i = 0; i < ex->s->nq; i++)
			if (ex->s->questions[i]->type != Q_CALCULATE)
				ex->r.values[i] = NULL;
		response_release(&ex->r);
	}
	for (i = 0; i < ex->ncols; i++) {
		free(ex->cols[i].name);
		free(ex->cols[i].sav_name);
		free(ex->cols[i].sav_want);
		free(ex->cols[i].codes);
		free(ex->cols[i].lookup);
	}
	free(ex->cols);
	free(ex->path);
	strbuf_release(&ex->out);
	strbuf_release(&ex->tmpbuf);
	free(ex);
}

int export_needs_scan(const struct exporter *ex)
{
	size_t i;

	if (ex->opt.format != EXPORT_SAV)
		return 0;
	if (ex->s->nrepeats)	/* the instances of each repeat are counted by the scan */
		return 1;
	/* a select_one or a date has a fixed format; other answers' widths are measured */
	for (i = 0; i < ex->ncols; i++)
		if (ex->cols[i].kind == EC_VALUE && ex->cols[i].q->type != Q_SELECT_ONE &&
		    ex->cols[i].q->type != Q_DATE)
			return 1;
	return 0;
}

void export_set_rows(struct exporter *ex, long n)
{
	ex->known_rows = n >= 0 ? n : -1;
}

void export_set_sizes(struct exporter *ex, const struct store_resp_widths *w)
{
	size_t i;

	ex->scanned = 1;
	ex->nrows = (long)w->n;
	for (i = 0; i < ex->ncols; i++) {
		struct ecol *c = &ex->cols[i];

		if (c->kind == EC_ID)
			c->width = w->ext_id;
		else if (c->kind == EC_GROUP)
			c->width = w->grp;
		else if (c->kind == EC_WAVE)
			c->width = w->wave;
	}
}

/* --- CSV ------------------------------------------------------------------ */

static int out_flush(struct exporter *ex, struct error *err)
{
	size_t done = 0;

	if (strbuf_failed(&ex->out))	/* an append since the last flush was lost */
		return error_set(err, "out of memory");
	if (ex->stream_fd < 0) {
		if (afile_write(&ex->af, ex->out.buf, ex->out.len, err) < 0)
			return -1;
		strbuf_reset(&ex->out);
		return 0;
	}
	while (done < ex->out.len) {
		ssize_t n = write(ex->stream_fd, ex->out.buf + done, ex->out.len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, "cannot write the CSV stream: %s", strerror(errno));
		}
		done += (size_t)n;
	}
	strbuf_reset(&ex->out);
	return 0;
}

/* How the CSV writer is to treat column c: numbers stay numbers, the rest is text. */
static enum csvout_kind col_kind(const struct ecol *c)
{
	if (c->kind == EC_CHOICE)
		return CSVOUT_NUMBER;
	if (c->kind != EC_VALUE)
		return CSVOUT_TEXT;
	return q_exports_number(c->q) ? CSVOUT_NUMBER : CSVOUT_TEXT;
}

/* Labels of the space-separated choice names of text, joined by "; ", into tmpbuf. */
static const char *labels_of(struct exporter *ex, const struct question *q, const char *text)
{
	struct strbuf *b = &ex->tmpbuf;

	strbuf_reset(b);
	while (*text) {
		size_t len = strcspn(text, " "), k;
		const char *label = NULL;

		for (k = 0; k < q->list->n; k++)
			if (strlen(q->list->v[k].name) == len && !memcmp(q->list->v[k].name, text, len))
				label = label_of(ex, &q->list->v[k].label);
		if (b->len)
			strbuf_addstr(b, "; ");
		if (label)
			strbuf_addstr(b, label);
		else
			strbuf_add(b, text, len);
		text += len;
		while (*text == ' ')
			text++;
	}
	return b->buf;
}

/* The text a column shows for a row in CSV (and XLSX strings); never NULL. */
static const char *cell_text(struct exporter *ex, const struct ecol *c, const struct respondent *r,
			     const char *const *values, size_t n)
{
	const char *v;

	switch (c->kind) {
	case EC_ID:
		if (r->ext_id)
			return r->ext_id;
		strbuf_reset(&ex->tmpbuf);
		strbuf_addf(&ex->tmpbuf, "%lld", (long long)r->id);
		return ex->tmpbuf.buf;
	case EC_GROUP:
		return r->group ? r->group : "";
	case EC_WAVE:
		return r->wave ? r->wave : "";
	case EC_SUBMITTED:
		return r->submitted_at ? r->submitted_at : "";
	case EC_INDEX:
	case EC_PARENT:
		strbuf_reset(&ex->tmpbuf);
		strbuf_addf(&ex->tmpbuf, "%ld", c->kind == EC_INDEX ? ex->index : ex->parent_index);
		return ex->tmpbuf.buf;
	case EC_CHOICE:
		v = c->q->slot < n ? values[c->q->slot] : NULL;
		if (!v)
			return "";
		return has_choice(v, c->q->list->v[c->choice].name) ? "1" : "0";
	case EC_VALUE:
		break;
	}
	v = c->q->slot < n ? values[c->q->slot] : NULL;
	if (!v)
		return "";
	switch (c->q->type) {
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
		return ex->opt.labels ? labels_of(ex, c->q, v) : v;
	case Q_DECIMAL:
	case Q_RANGE:
	case Q_CALCULATE: {
		const char *dot;
		double d;

		if (ex->opt.sep != ';' || !(dot = strchr(v, '.')) || number_of(v, &d) < 0)
			return v;
		strbuf_reset(&ex->tmpbuf);
		strbuf_addstr(&ex->tmpbuf, v);
		ex->tmpbuf.buf[dot - v] = ',';
		return ex->tmpbuf.buf;
	}
	case Q_INTEGER:
	case Q_TEXT:
	case Q_DATE:
	case Q_NOTE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return v;
}

/* The byte-order mark for ';' (French Excel) and the header row.  0 or -1. */
static int csv_begin(struct exporter *ex, struct error *err)
{
	size_t i;

	if (ex->opt.sep == ';' && strbuf_addstr(&ex->out, "\xEF\xBB\xBF") < 0)
		return oom(err);
	for (i = 0; i < ex->ncols; i++)
		if (csvout_str(&ex->out, ex->opt.sep, i == 0, ex->cols[i].name, CSVOUT_TEXT) < 0)
			return oom(err);
	if (csvout_end_row(&ex->out) < 0)
		return oom(err);
	return 0;
}

/* One CSV row, written out when the buffer is full.  0 or -1 with err. */
static int csv_row(struct exporter *ex, const struct respondent *r, const char *const *values,
		   size_t n, struct error *err)
{
	size_t i;

	for (i = 0; i < ex->ncols; i++) {
		const char *t = cell_text(ex, &ex->cols[i], r, values, n);

		if (csvout_field(&ex->out, ex->opt.sep, i == 0, t, strlen(t),
				 col_kind(&ex->cols[i])) < 0)
			return oom(err);
	}
	if (csvout_end_row(&ex->out) < 0)
		return oom(err);
	if (ex->out.len >= OUT_CHUNK)
		return out_flush(ex, err);
	return 0;
}

/* --- XLSX ----------------------------------------------------------------- */

/* The failure of a text longer than a cell holds (libxlsxwriter's words, as before). */
static int too_long(struct error *err)
{
	return error_set(err, "cannot write the workbook (%s): %s", "data",
			 lxw_strerror(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED));
}

/*
 * Text t into column col of s; when it is empty, nothing, or a blank cell
 * with the style (as libxlsxwriter did).  0 or -1 with err.
 */
static int put_text(struct xs_sheet *s, size_t col, const char *t, int style, struct error *err)
{
	size_t len = strlen(t);

	if (!len && style)
		xs_blank(s, col, style);
	else if (len && xs_str(s, col, t, len, style) < 0)
		return too_long(err);
	return 0;
}

static int xlsx_header(struct exporter *ex, struct error *err);

/*
 * Open the workbook (report/xlsx_stream.h) in ex's temporary file: the
 * data sheet, a sheet per repeat, the codebook; then the data sheet's
 * header.  0 or -1.
 */
static int xlsx_begin(struct exporter *ex, struct error *err)
{
	size_t n = ex->s->nrepeats + 2, k;
	const char **names = calloc(n, sizeof(*names));
	char *dir = strdup(ex->af.tmp), *slash;
	int rc;

	if (!dir || !names) {
		free(dir);
		free(names);
		return oom(err);
	}
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	names[0] = "data";
	for (k = 0; k < ex->s->nrepeats; k++)
		names[k + 1] = ex->sub[k]->path;
	names[n - 1] = "codebook";
	rc = xs_open(&ex->xb, &ex->af, ex->path, dir, names, n, err);
	free(dir);
	free(names);
	if (rc < 0)
		return -1;
	return xlsx_header(ex, err);
}

/* The header of ex's sheet (a repeat's: its own sheet).  0 or -1. */
static int xlsx_header(struct exporter *ex, struct error *err)
{
	double *widths = calloc(ex->ncols ? ex->ncols : 1, sizeof(*widths));
	size_t i;
	int rc;

	if (!widths)
		return oom(err);
	ex->xs = xs_sheet(ex->main->xb, ex->rep ? ex->rep->rindex + 1 : 0);
	for (i = 0; i < ex->ncols; i++) {
		const struct ecol *c = &ex->cols[i];
		double w = (double)utf8_chars(c->name, strlen(c->name)) + 3;

		if (c->kind == EC_SUBMITTED)
			w = 20;
		else if (c->q && c->q->type == Q_TEXT)
			w = 30;
		if (w < 8)
			w = 8;
		if (w > 40)
			w = 40;
		widths[i] = w;
	}
	if (!ex->rep && ex->known_rows >= 0)	/* the repeats' instances are not counted */
		xs_sheet_rows(ex->xs, ex->known_rows + 1);
	rc = xs_sheet_begin(ex->xs, widths, NULL, ex->ncols, err);
	free(widths);
	if (rc < 0)
		return -1;
	xs_row(ex->xs);
	for (i = 0; i < ex->ncols; i++)
		if (put_text(ex->xs, i, ex->cols[i].name, XS_HEADER, err) < 0)
			return -1;
	return xs_row_end(ex->xs, err);
}

/* One row of the data sheet, cells typed (numbers, dates, text).  0 or -1 with err. */
static int xlsx_row(struct exporter *ex, const struct respondent *r, const char *const *values,
		    size_t n, struct error *err)
{
	struct xs_sheet *xs = ex->xs;
	size_t i;

	if (ex->nrows + 1 >= UT_XLSX_MAX_ROWS)
		return error_set(err, "more than %d %s: an Excel sheet holds no more; "
				 "export to csv or sav instead", UT_XLSX_MAX_ROWS - 1,
				 ex->rep ? _("instances of a repeat") : _("respondents"));
	xs_row(xs);
	for (i = 0; i < ex->ncols; i++) {
		const struct ecol *c = &ex->cols[i];
		const char *v = c->q && c->q->slot < n ? values[c->q->slot] : NULL;
		double d;
		int y, mo, dd, h, mi, sec;

		/*
		 * Excel's dates start at 1900-01-01 (serial 1); 1899-12-31 would be
		 * 0 and earlier days negative serials, which Excel shows as #####
		 * and readers turn into other days.  A date before 1900 is written
		 * as its text, YYYY-MM-DD (docs/data.md).
		 */
		if (c->kind == EC_SUBMITTED && r->submitted_at &&
		    !parse_when(r->submitted_at, &y, &mo, &dd, &h, &mi, &sec) && y >= 1900) {
			xs_num(xs, i, xs_serial(y, mo, dd, h, mi, sec), XS_DATETIME);
		} else if (c->kind == EC_INDEX || c->kind == EC_PARENT) {
			xs_int(xs, i, c->kind == EC_INDEX ? ex->index : ex->parent_index, XS_PLAIN);
		} else if (c->kind == EC_CHOICE) {
			if (v)
				xs_int(xs, i, has_choice(v, c->q->list->v[c->choice].name), XS_PLAIN);
		} else if (c->kind != EC_VALUE) {
			if (put_text(xs, i, cell_text(ex, c, r, values, n), XS_PLAIN, err) < 0)
				return -1;
		} else if (!v) {
			continue;
		} else if (c->q->type == Q_DATE && !parse_when(v, &y, &mo, &dd, &h, &mi, &sec) &&
			   y >= 1900) {
			xs_num(xs, i, xs_serial(y, mo, dd, 0, 0, 0), XS_DATE);
		} else if ((q_exports_number(c->q) ||
			    (c->q->type == Q_SELECT_ONE && !ex->opt.labels && c->q->list->is_scale)) &&
			   number_of(v, &d) == 0) {
			xs_num(xs, i, d, XS_PLAIN);
		} else if (put_text(xs, i, cell_text(ex, c, r, values, n), XS_PLAIN, err) < 0) {
			return -1;
		}
	}
	return xs_row_end(xs, err);
}

/* Text t in column col of the codebook's row; 0 or -1. */
#define CB(col, t, style) \
	do { if (rc == 0) rc = put_text(cb, (col), (t), (style), err); } while (0)

/* The codebook sheet: one row per column of the data sheet. */
static int xlsx_codebook(struct exporter *ex, struct error *err)
{
	static const char *const heads[] = {
		"column", "label", "type", "choices", "required", "relevant", "constraint",
		"calculation", "dimension", "page",
	};
	static const double widths[] = { 22, 50, 18, 40, 10, 30, 30, 30, 16, 18 };
	static const unsigned char styles[] = { 0, XS_WRAP, 0, XS_WRAP, 0, 0, 0, 0, 0, 0 };
	struct xs_sheet *cb = xs_sheet(ex->xb, ex->s->nrepeats + 1);
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;
	size_t j;
	long nrows = 1;		/* its size, declared first: the header and the rows below */
	int rc;

	for (size_t lv = 0; lv <= ex->s->nrepeats; lv++) {
		const struct exporter *x = lv ? ex->sub[lv - 1] : ex;

		for (i = 0; i < x->ncols; i++)
			nrows += !(x->rep && !x->cols[i].q);
	}
	xs_sheet_rows(cb, nrows);
	rc = xs_sheet_begin(cb, widths, styles, 10, err);
	if (rc < 0)
		return -1;
	xs_row(cb);
	for (j = 0; j < 10; j++)
		CB(j, heads[j], XS_HEADER);
	if (rc == 0)
		rc = xs_row_end(cb, err);
	/* the respondents' columns, then the questions of each repeat's sheet */
	for (size_t lv = 0; lv <= ex->s->nrepeats && rc == 0; lv++) {
	const struct exporter *x = lv ? ex->sub[lv - 1] : ex;

	for (i = 0; i < x->ncols && rc == 0; i++) {
		const struct ecol *c = &x->cols[i];
		const struct question *q = c->q, *page;

		if (x->rep && !q)	/* _id, _index, _parent_index: docs/data.md */
			continue;
		static const char *const meta_label[] = {
			"identifier of the respondent (the source's _id, else the workspace's number)",
			"comparison group", "collection wave", "submission time (UTC)",
			"number of the instance in its sheet", "_index of the parent instance",
		};

		xs_row(cb);
		CB(0, c->name, XS_PLAIN);
		if (!q) {
			CB(1, meta_label[c->kind], XS_WRAP);
			CB(2, c->kind == EC_SUBMITTED ? "datetime" :
			   c->kind == EC_INDEX || c->kind == EC_PARENT ? "integer" : "text", XS_PLAIN);
			if (rc == 0)
				rc = xs_row_end(cb, err);
			continue;
		}
		strbuf_reset(&sb);
		if (c->kind == EC_CHOICE) {
			strbuf_addf(&sb, "%s: %s", label_of(ex, &q->label),
				    label_of(ex, &q->list->v[c->choice].label));
			CB(1, sb.buf, XS_WRAP);
			CB(2, "0/1", XS_PLAIN);
			CB(3, "1 = chosen, 0 = not chosen", XS_WRAP);
			if (rc == 0)
				rc = xs_row_end(cb, err);
			continue;
		}
		CB(1, label_of(ex, &q->label), XS_WRAP);
		if (q->list)
			strbuf_addf(&sb, "%s %s", qtype_name(q->type), q->list->name);
		else
			strbuf_addstr(&sb, qtype_name(q->type));
		CB(2, sb.buf, XS_PLAIN);
		strbuf_reset(&sb);
		for (k = 0; q->list && k < q->list->n; k++)
			strbuf_addf(&sb, "%s%s = %s", k ? "\n" : "", q->list->v[k].name,
				    label_of(ex, &q->list->v[k].label));
		if (q->type == Q_RANGE)
			strbuf_addf(&sb, "%g to %g, step %g", q->range_start, q->range_end, q->range_step);
		if (sb.len)
			CB(3, sb.buf, XS_WRAP);
		if (q->required || q->required_src)
			CB(4, q->required_src ? q->required_src : "yes", XS_PLAIN);
		if (q->relevant_src)
			CB(5, q->relevant_src, XS_PLAIN);
		if (q->constraint_src)
			CB(6, q->constraint_src, XS_PLAIN);
		if (q->calculation_src)
			CB(7, q->calculation_src, XS_PLAIN);
		if (q->dimension) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, "%s%s", q->dimension, q->reverse ? " (reversed)" : "");
			CB(8, sb.buf, XS_PLAIN);
		}
		for (page = q; page->parent; page = page->parent)
			;
		if (x->rep)	/* the sheet that holds the column */
			CB(9, x->path, XS_PLAIN);
		else if (page != q)
			CB(9, page->name, XS_PLAIN);
		if (rc == 0)
			rc = xs_row_end(cb, err);
	}
	}
	if (rc == 0 && strbuf_failed(&sb))
		rc = oom(err);
	strbuf_release(&sb);
	if (rc == 0)
		rc = xs_sheet_end(cb, 0, err);
	return rc;
}
#undef CB

/* --- .sav ------------------------------------------------------------------ */

/* ReadStat's data writer: it hands over a row or less at a time, so buffer. */
static ssize_t sav_write(const void *data, size_t len, void *ctx)
{
	struct exporter *ex = ctx;

	if (strbuf_add(&ex->out, data, len) < 0) {
		ex->write_errno = ENOMEM;
		return -1;
	}
	if (ex->out.len >= OUT_CHUNK) {
		struct error e;

		if (out_flush(ex, &e) < 0) {
			ex->write_errno = errno ? errno : EIO;
			return -1;
		}
	}
	return (ssize_t)len;
}

/* Set err for a failure of ReadStat (or of our writes) at step what; returns -1. */
static int sav_fail(struct exporter *ex, struct error *err, const char *what, readstat_error_t e)
{
	if (ex->write_errno)
		return error_set(err, "cannot write '%s': %s", ex->path, strerror(ex->write_errno));
	return error_set(err, "cannot write the SPSS file (%s): %s", what, readstat_error_message(e));
}

/* s cut to at most max bytes on a character boundary, into tmpbuf. */
static const char *cut_utf8(struct exporter *ex, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return s;
	while (n > max || (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80))
		n--;
	strbuf_reset(&ex->tmpbuf);
	strbuf_add(&ex->tmpbuf, s, n);
	return ex->tmpbuf.buf;
}

/* The numeric code of choice k of a select_one in the .sav file. */
static double choice_code(const struct ecol *c, size_t k)
{
	if (c->codes)
		return c->codes[k];
	return c->codes_are_names ? strtod(c->q->list->v[k].name, NULL) : (double)(k + 1);
}

/* FNV-1a of the NUL-terminated s. */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The table of select_one column c's choice names, so that a value is found without a scan.  0 or -1. */
static int build_lookup(struct ecol *c)
{
	const struct choice_list *l = c->q->list;
	size_t size = 8, k, i;

	while (size < 2 * l->n)
		size *= 2;
	c->lookup = calloc(size, sizeof(*c->lookup));
	if (!c->lookup)
		return -1;
	c->lookup_mask = size - 1;
	for (k = 0; k < l->n; k++) {
		for (i = name_hash(l->v[k].name) & c->lookup_mask; c->lookup[i];
		     i = (i + 1) & c->lookup_mask)
			if (!strcmp(l->v[c->lookup[i] - 1].name, l->v[k].name))
				break;	/* a name given twice: the first one, as a scan finds */
		if (!c->lookup[i])
			c->lookup[i] = (uint32_t)(k + 1);
	}
	return 0;
}

/* The index of choice name v in select_one column c's list; the list's size when none. */
static size_t find_choice(const struct ecol *c, const char *v)
{
	const struct choice_list *l = c->q->list;
	size_t i;

	for (i = name_hash(v) & c->lookup_mask; c->lookup[i]; i = (i + 1) & c->lookup_mask) {
		const char *a = l->v[c->lookup[i] - 1].name, *b = v;

		while (*a && *a == *b)	/* names are short: no call to strcmp */
			a++, b++;
		if (*a == *b)
			return c->lookup[i] - 1;
	}
	return l->n;
}

int export_scan(struct exporter *ex, const struct respondent *r, const char *const *values,
		size_t n, struct error *err)
{
	size_t i;

	(void)err;
	ex->scanned = 1;
	ex->nrows++;
	for (i = 0; i < ex->ncols; i++) {
		struct ecol *c = &ex->cols[i];
		const char *v;
		size_t len;
		double d;
		int ints, decs;

		switch (c->kind) {
		case EC_ID:
			len = r->ext_id ? strlen(r->ext_id) : 20;
			break;
		case EC_GROUP:
			len = r->group ? strlen(r->group) : 0;
			break;
		case EC_WAVE:
			len = r->wave ? strlen(r->wave) : 0;
			break;
		case EC_VALUE:
			v = c->q->slot < n ? values[c->q->slot] : NULL;
			if (!v)
				continue;
			len = strlen(v);
			if (number_of(v, &d) == 0) {
				count_digits(v, &ints, &decs);
				if (ints > c->int_digits)
					c->int_digits = ints;
				if (decs > c->decimals)
					c->decimals = decs;
			} else {
				c->all_numbers = 0;
			}
			break;
		default:
			continue;
		}
		if (len > c->width)
			c->width = len;
	}
	return 0;
}

/* Define the variable of column c; 0 or -1. */
static int sav_variable(struct exporter *ex, struct ecol *c, readstat_label_set_t *yes_no,
			struct error *err)
{
	static const char *const meta_label_fr[] = {
		"Identifiant du répondant", "Groupe de comparaison", "Vague de collecte",
		"Date et heure de soumission (UTC)", "Numéro de l'occurrence dans ce fichier",
		"Numéro de l'occurrence parente (inst_index de son fichier)",
	};
	static const char *const meta_label_en[] = {
		"Respondent identifier", "Comparison group", "Collection wave",
		"Submission date and time (UTC)", "Number of the instance in this file",
		"Number of the parent instance (inst_index of its file)",
	};
	int fr = !strcmp(ex->s->languages[ex->opt.lang], "fr");
	const struct question *q = c->q;
	readstat_measure_t measure = READSTAT_MEASURE_NOMINAL;
	char fmt[32], name[80];
	size_t k;

	c->numeric = 0;
	if (c->kind == EC_SUBMITTED || c->kind == EC_INDEX || c->kind == EC_PARENT) {
		c->numeric = 1;
	} else if (c->kind == EC_CHOICE) {
		c->numeric = 1;
		c->has_na = 1;
	} else if (q) {
		switch (qtype_info(q->type)->sav) {
		case QSAV_NUMBER:
			c->numeric = 1;
			break;
		case QSAV_IF_NUMBERS:
			c->numeric = c->all_numbers;
			break;
		case QSAV_STRING:
			break;
		}
	}
	if (c->numeric) {
		c->var = readstat_add_variable(ex->sav, c->sav_name, READSTAT_TYPE_DOUBLE, 0);
	} else {
		size_t w = c->width ? c->width : 1;

		if (w > SAV_MAX_STRING)
			return error_set(err, "an answer to '%s' is %zu bytes long: SPSS strings hold at "
					 "most %d", c->name, w, SAV_MAX_STRING);
		c->var = readstat_add_variable(ex->sav, c->sav_name, READSTAT_TYPE_STRING, w);
	}
	if (!c->var)
		return oom(err);
	/* labels */
	if (!q) {
		readstat_variable_set_label(c->var, (fr ? meta_label_fr : meta_label_en)[c->kind]);
	} else if (c->kind == EC_CHOICE) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s : %s", label_of(ex, &q->label),
			    label_of(ex, &q->list->v[c->choice].label));
		readstat_variable_set_label(c->var, cut_utf8(ex, sb.buf, 255));
		strbuf_release(&sb);
	} else {
		const char *l = label_of(ex, &q->label);

		readstat_variable_set_label(c->var, cut_utf8(ex, *l ? l : q->name, 255));
	}
	/* formats, measures, value labels, missing values */
	if (c->kind == EC_SUBMITTED) {
		readstat_variable_set_format(c->var, "DATETIME20");
		measure = READSTAT_MEASURE_SCALE;
	} else if (c->kind == EC_INDEX || c->kind == EC_PARENT) {
		readstat_variable_set_format(c->var, "F10.0");
		measure = READSTAT_MEASURE_NOMINAL;	/* an identifier */
	} else if (c->kind == EC_CHOICE) {
		readstat_variable_set_format(c->var, "F2.0");
		readstat_variable_set_label_set(c->var, yes_no);
	} else if (q && q->type == Q_SELECT_ONE) {
		readstat_label_set_t *ls;
		int width = 1;

		c->codes_are_names = 1;
		for (k = 0; k < q->list->n; k++) {
			double d;

			if (number_of(q->list->v[k].name, &d) < 0 || d != floor(d) || fabs(d) > 1e9)
				c->codes_are_names = 0;
		}
		c->has_na = 1;
		for (k = 0; k < q->list->n; k++) {
			double code = choice_code(c, k);
			int w = snprintf(name, sizeof(name), "%.0f", code);

			if (code == NA_CODE)
				c->has_na = 0;
			if (w > width)
				width = w;
		}
		c->codes = malloc(q->list->n * sizeof(*c->codes));
		if (!c->codes)
			return oom(err);
		for (k = 0; k < q->list->n; k++)
			c->codes[k] = c->codes_are_names ? strtod(q->list->v[k].name, NULL) : (double)(k + 1);
		if (build_lookup(c) < 0)
			return oom(err);
		snprintf(name, sizeof(name), "labels_%s", c->sav_name);
		ls = readstat_add_label_set(ex->sav, READSTAT_TYPE_DOUBLE, name);
		if (!ls)
			return oom(err);
		for (k = 0; k < q->list->n; k++)
			readstat_label_double_value(ls, choice_code(c, k),
						    cut_utf8(ex, label_of(ex, &q->list->v[k].label), 120));
		if (c->has_na)
			readstat_label_double_value(ls, NA_CODE, fr ? "Non concerné" : "Not applicable");
		readstat_variable_set_label_set(c->var, ls);
		snprintf(fmt, sizeof(fmt), "F%d.0", width < 2 && c->has_na ? 2 : width);
		readstat_variable_set_format(c->var, fmt);
		measure = q->is_scale ? READSTAT_MEASURE_ORDINAL : READSTAT_MEASURE_NOMINAL;
	} else if (q && q->type == Q_DATE) {
		readstat_variable_set_format(c->var, "SDATE10");
		measure = READSTAT_MEASURE_SCALE;
	} else if (c->numeric) {
		int w = c->int_digits + (c->decimals ? c->decimals + 1 : 0);

		/* a bounded number that cannot be NA_CODE gets it as its "not applicable" */
		c->has_na = q->is_scale && q->scale_min > NA_CODE;
		if (c->has_na && w < 2)
			w = 2;
		if (w < 1)
			w = 1;
		snprintf(fmt, sizeof(fmt), "F%d.%d", w + 1, c->decimals);
		readstat_variable_set_format(c->var, fmt);
		/* a range of up to 11 whole steps (0 to 10) is a rating: ordinal */
		measure = q->type == Q_RANGE && !c->decimals &&
			fabs(q->range_end - q->range_start) / q->range_step <= 10 ?
			READSTAT_MEASURE_ORDINAL : READSTAT_MEASURE_SCALE;
		if (c->has_na) {
			readstat_label_set_t *ls;

			snprintf(name, sizeof(name), "labels_%s", c->sav_name);
			ls = readstat_add_label_set(ex->sav, READSTAT_TYPE_DOUBLE, name);
			if (!ls)
				return oom(err);
			readstat_label_double_value(ls, NA_CODE, fr ? "Non concerné" : "Not applicable");
			readstat_variable_set_label_set(c->var, ls);
		}
	}
	if (c->has_na && readstat_variable_add_missing_double_value(c->var, NA_CODE) != READSTAT_OK)
		return error_set(err, "cannot declare the missing value of '%s'", c->sav_name);
	readstat_variable_set_measure(c->var, c->numeric ? measure : READSTAT_MEASURE_NOMINAL);
	readstat_variable_set_alignment(c->var, c->numeric ? READSTAT_ALIGNMENT_RIGHT :
					READSTAT_ALIGNMENT_LEFT);
	return 0;
}

/* Define every variable and label set, and write the .sav header.  0 or -1. */
static int sav_begin(struct exporter *ex, struct error *err)
{
	readstat_label_set_t *yes_no;
	int fr = !strcmp(ex->s->languages[ex->opt.lang], "fr");
	readstat_error_t e;
	size_t i;

	if (!ex->rep) {	/* the repeats' rows use the respondents' */
		if (response_init(&ex->r, ex->s) < 0)
			return oom(err);
		ex->have_r = 1;
		ex->r.as_stored = 1;	/* lent stored answers: no default is computed over them */
		ex->all_relevant = !ex->s->nrepeats;
		for (i = 0; i < ex->s->nq; i++)
			if (ex->s->questions[i]->relevant)
				ex->all_relevant = 0;
	}
	ex->sav = readstat_writer_init();
	if (!ex->sav)
		return oom(err);
	readstat_set_data_writer(ex->sav, sav_write);
	readstat_writer_set_compression(ex->sav, READSTAT_COMPRESS_ROWS);
	if (ex->rep) {	/* the survey's title, then the repeat's */
		strbuf_reset(&ex->out);
		strbuf_addf(&ex->out, "%s : %s", label_of(ex, &ex->s->title),
			    *label_of(ex, &ex->rep->label) ? label_of(ex, &ex->rep->label) : ex->rep->name);
		readstat_writer_set_file_label(ex->sav, cut_utf8(ex, ex->out.buf, 64));
		strbuf_reset(&ex->out);
	} else {
		readstat_writer_set_file_label(ex->sav, cut_utf8(ex, label_of(ex, &ex->s->title), 64));
	}
	yes_no = readstat_add_label_set(ex->sav, READSTAT_TYPE_DOUBLE, "labels_chosen");
	if (!yes_no)
		return oom(err);
	readstat_label_double_value(yes_no, 0, fr ? "Non coché" : "Not chosen");
	readstat_label_double_value(yes_no, 1, fr ? "Coché" : "Chosen");
	readstat_label_double_value(yes_no, NA_CODE, fr ? "Non concerné" : "Not applicable");
	for (i = 0; i < ex->ncols; i++)
		if (sav_variable(ex, &ex->cols[i], yes_no, err) < 0)
			return -1;
	e = readstat_begin_writing_sav(ex->sav, ex, ex->nrows);
	if (e != READSTAT_OK)
		return sav_fail(ex, err, "header", e);
	return 0;
}

/* The relevance of the respondents' row values[0..n) into ex->r.  0 or -1 when out of memory. */
static int sav_relevance(struct exporter *ex, const char *const *values, size_t n)
{
	const struct survey *s = ex->s;
	size_t i;

	/* the stored answers lent to the response, never freed by it */
	for (i = 0; i < s->nq; i++)
		if (s->questions[i]->type != Q_CALCULATE && !s->questions[i]->repeat)
			ex->r.values[i] = i < n ? (char *)values[i] : NULL;
	if (response_set_instances(&ex->r, ex->inst, ex->ninst, NULL) == -1)
		return -1;
	return response_update(&ex->r, 0) < 0 ? -1 : 0;
}

/*
 * One case of the .sav file: relevance recomputed for the "not
 * applicable" code, every variable in order.  0 or -1 with err.
 */
static int sav_row(struct exporter *ex, const struct respondent *r, const char *const *values,
		   size_t n, struct error *err)
{
	readstat_error_t e;
	size_t i;
	/*
	 * The relevance is computed for a row that needs it: one where a question
	 * that has the "not applicable" code was left unanswered, or every row of
	 * a survey with repeats (their rows use the respondent's).
	 */
	int rel = ex->rep != NULL;

	if (!ex->rep && ex->s->nrepeats && sav_relevance(ex, values, n) < 0)
		return oom(err);
	if ((e = readstat_begin_row(ex->sav)) != READSTAT_OK)
		return sav_fail(ex, err, "row", e);
	for (i = 0; i < ex->ncols && e == READSTAT_OK; i++) {
		const struct ecol *c = &ex->cols[i];
		const char *v = c->q && c->q->slot < n ? values[c->q->slot] : NULL;
		int y, mo, d, h, mi, sec;
		double x;

		if (c->kind == EC_INDEX || c->kind == EC_PARENT) {
			e = readstat_insert_double_value(ex->sav, c->var, (double)(c->kind == EC_INDEX ?
							 ex->index : ex->parent_index));
			continue;
		}
		if (c->kind == EC_SUBMITTED) {
			if (r->submitted_at && !parse_when(r->submitted_at, &y, &mo, &d, &h, &mi, &sec))
				e = readstat_insert_double_value(ex->sav, c->var,
					SPSS_EPOCH_OFFSET + frtime_days_from_civil(y, mo, d) * 86400.0 +
					h * 3600.0 + mi * 60.0 + sec);
			else
				e = readstat_insert_missing_value(ex->sav, c->var);
			continue;
		}
		if (!c->numeric) {
			const char *t = c->kind == EC_VALUE ? (v ? v : "") : cell_text(ex, c, r, values, n);

			e = readstat_insert_string_value(ex->sav, c->var, t);
			continue;
		}
		if (!v) {
			if (c->has_na && !rel && !ex->all_relevant && !ex->s->nrepeats) {
				if (sav_relevance(ex, values, n) < 0)
					return oom(err);
				rel = 1;
			}
			if (c->has_na && !ex->all_relevant &&
			    !(ex->rep ? response_relevant_at(&ex->main->r, c->q, ex->path_at)
					   : ex->r.relevant[c->q->index]))
				e = readstat_insert_double_value(ex->sav, c->var, NA_CODE);
			else
				e = readstat_insert_missing_value(ex->sav, c->var);
			continue;
		}
		if (c->kind == EC_CHOICE) {
			x = has_choice(v, c->q->list->v[c->choice].name);
		} else if (c->q->type == Q_SELECT_ONE) {
			size_t k = find_choice(c, v);

			if (k == c->q->list->n) {
				e = readstat_insert_missing_value(ex->sav, c->var);
				continue;
			}
			x = choice_code(c, k);
		} else if (c->q->type == Q_DATE) {
			if (parse_when(v, &y, &mo, &d, &h, &mi, &sec)) {
				e = readstat_insert_missing_value(ex->sav, c->var);
				continue;
			}
			x = SPSS_EPOCH_OFFSET + frtime_days_from_civil(y, mo, d) * 86400.0;
		} else if (number_of(v, &x) < 0) {
			e = readstat_insert_missing_value(ex->sav, c->var);
			continue;
		}
		e = readstat_insert_double_value(ex->sav, c->var, x);
	}
	if (e == READSTAT_OK)
		e = readstat_end_row(ex->sav);
	if (e != READSTAT_OK)
		return sav_fail(ex, err, "row", e);
	return 0;
}

/* --- entry points --------------------------------------------------------- */

/* Begin one file or sheet.  0 or -1 with err. */
static int begin_one(struct exporter *ex, struct error *err)
{
	ex->err = err;
	switch (ex->opt.format) {
	case EXPORT_CSV:
		return csv_begin(ex, err);
	case EXPORT_XLSX:
		return ex->rep ? xlsx_header(ex, err) : xlsx_begin(ex, err);
	case EXPORT_SAV:
		return sav_begin(ex, err);
	}
	return error_set(err, "unknown export format");
}

int export_begin(struct exporter *ex, struct error *err)
{
	size_t k;

	if (begin_one(ex, err) < 0)
		return -1;
	for (k = 0; k < ex->s->nrepeats; k++)
		if (begin_one(ex->sub[k], err) < 0)
			return -1;
	return 0;
}

/* One row of one file or sheet.  0 or -1. */
static int row_one(struct exporter *ex, const struct respondent *r, const char *const *values,
		   size_t n, struct error *err)
{
	int rc;

	switch (ex->opt.format) {
	case EXPORT_CSV:
		rc = csv_row(ex, r, values, n, err);
		break;
	case EXPORT_XLSX:
		rc = xlsx_row(ex, r, values, n, err);
		break;
	default:
		rc = sav_row(ex, r, values, n, err);
		break;
	}
	if (rc == 0 && ex->opt.format != EXPORT_SAV)
		ex->nrows++;
	return rc;
}

/*
 * The exporter of instance in of the respondent being written, its
 * _index (the next one of its file) and _parent_index (the latest
 * instance one level up: the instances come in pre-order).  NULL when
 * the instance is of no repeat of the survey (a stored record that
 * response_set_instances() would refuse).
 */
static struct exporter *place(struct exporter *ex, const struct instance *in)
{
	struct exporter *sx;

	if (in->repeat >= ex->s->nrepeats || in->depth < 1 || in->depth > SURVEY_MAX_REPEAT_DEPTH ||
	    in->depth != ex->s->repeats[in->repeat]->depth + 1)
		return NULL;
	sx = ex->sub[in->repeat];
	sx->index++;
	sx->parent_index = in->depth > 1 ? ex->last[in->depth - 2] : 0;
	ex->last[in->depth - 1] = sx->index;
	sx->path_at = in->path;
	return sx;
}

int export_scan_rep(struct exporter *ex, const struct respondent *r,
		    const struct record_buf *rec, struct error *err)
{
	size_t k;

	if (export_scan(ex, r, (const char *const *)rec->values, rec->n, err) < 0)
		return -1;
	for (k = 0; k < rec->ninst; k++) {
		const struct instance *in = &rec->inst[k];
		struct exporter *sx = in->repeat < ex->s->nrepeats ? ex->sub[in->repeat] : NULL;

		if (sx && export_scan(sx, r, in->values, in->n, err) < 0)
			return -1;
	}
	return 0;
}

int export_row_rep(struct exporter *ex, const struct respondent *r,
		   const struct record_buf *rec, struct error *err)
{
	size_t k;

	ex->inst = rec->inst;
	ex->ninst = rec->ninst;
	if (row_one(ex, r, (const char *const *)rec->values, rec->n, err) < 0)
		return -1;
	for (k = 0; k < rec->ninst; k++) {
		const struct instance *in = &rec->inst[k];
		struct exporter *sx = place(ex, in);

		if (!sx)
			return error_set(err, "respondent %lld: instance %zu of the stored answers is "
					 "of no repeat of '%s' version %d", (long long)r->id, k + 1,
					 ex->s->form_id, ex->s->version);
		if (row_one(sx, r, in->values, in->n, err) < 0)
			return -1;
	}
	ex->inst = NULL;
	ex->ninst = 0;
	return 0;
}

int export_row(struct exporter *ex, const struct respondent *r, const char *const *values,
	       size_t n, struct error *err)
{
	if (ex->s->nrepeats)	/* the instances are needed too */
		return error_set(err, "survey '%s' has repeats: export its rows with export_row_rep()",
				 ex->s->form_id);
	return row_one(ex, r, values, n, err);
}

/* Complete the CSV or .sav file of ex (not yet moved to its name).  0 or -1. */
static int finish_file(struct exporter *ex, struct error *err)
{
	if (ex->opt.format == EXPORT_SAV) {
		readstat_error_t e = readstat_end_writing(ex->sav);

		if (e != READSTAT_OK)
			return sav_fail(ex, err, "end", e);
	}
	return out_flush(ex, err);
}

int export_finish(struct exporter *ex, long *nrows, struct error *err)
{
	size_t k;
	int rc = 0;

	if (nrows)
		*nrows = ex->nrows;
	switch (ex->opt.format) {
	case EXPORT_CSV:
	case EXPORT_SAV:
		rc = finish_file(ex, err);
		for (k = 0; k < ex->s->nrepeats && rc == 0; k++)
			rc = finish_file(ex->sub[k], err);
		break;
	case EXPORT_XLSX:
		/* each sheet with its autofilter, the codebook, then the rest of the package */
		rc = xs_sheet_end(ex->xs, 1, err);
		for (k = 0; k < ex->s->nrepeats && rc == 0; k++)
			rc = xs_sheet_end(ex->sub[k]->xs, 1, err);
		if (rc == 0)
			rc = xlsx_codebook(ex, err);
		if (rc == 0) {
			rc = xs_close(ex->xb, err);
			ex->xb = NULL;
		}
		break;
	}
	/*
	 * Every file is complete: move them to their names, the repeats' first,
	 * the respondents' last, so that a file named as asked is never older
	 * than the repeats' beside it.
	 */
	for (k = 0; k < ex->s->nrepeats && rc == 0 && ex->stream_fd < 0; k++)
		if (ex->sub[k]->af.tmp)
			rc = afile_commit(&ex->sub[k]->af, err);
	if (rc == 0 && ex->stream_fd < 0)
		rc = afile_commit(&ex->af, err);
	export_abort(ex);
	return rc;
}
