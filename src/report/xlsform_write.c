/*
 * xlsform_write: a survey model as an XLSForm workbook (see
 * xlsform_write.h).  Every text goes to one column per language, named as
 * KoboToolbox does ("label::Français (fr)"); optional columns appear only
 * when some question uses them, so that the sheet stays readable.  The
 * survey, choices and settings sheets hold only columns the XLSForm
 * specification defines (pyxform, the converter of KoboToolbox and ODK,
 * fails on others, such as a translated form_title): what utilis has
 * beyond XLSForm — the evaluation keys (dimension, reverse, weight), the
 * settings anonymous and public, the title in the other languages — goes
 * to a sheet "utilis" that XLSForm tools leave alone and utilis reads
 * back: its row 2, without a name, is the form's; each further row is a
 * question's, by name.  Expressions are written as their source text, numbers in
 * their shortest form, choice names always as text (so that "01" stays
 * "01").
 */
#include "report/xlsform_write.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "report/xlsx_check.h"
#include "survey/expr.h"
#include "survey/xlsform.h"
#include "util/afile.h"
#include "util/strbuf.h"

/* Column kinds of the survey sheet, in sheet order. */
enum scol {
	C_TYPE, C_NAME, C_LABEL, C_HINT, C_REQUIRED, C_REQUIRED_MSG, C_RELEVANT, C_CONSTRAINT,
	C_CONSTRAINT_MSG, C_CALCULATION, C_DEFAULT, C_READ_ONLY, C_APPEARANCE, C_CHOICE_FILTER,
	C_PARAMETERS, C_REPEAT_COUNT, NSCOL,
	/* on the sheet "utilis", not the survey sheet */
	C_DIMENSION = NSCOL, C_REVERSE, C_WEIGHT, C_MAX_COUNT, NALLCOL,
};

static const char *const scol_key[NALLCOL] = {
	"type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
	"constraint_message", "calculation", "default", "read_only", "appearance", "choice_filter",
	"parameters", "repeat_count", "dimension", "reverse", "weight", "max_count",
};


/* 1 for the columns that have one per language. */
static int translated(enum scol k)
{
	return k == C_LABEL || k == C_HINT || k == C_REQUIRED_MSG || k == C_CONSTRAINT_MSG;
}

struct writer {
	const struct survey *s;		/* the survey */
	lxw_workbook *wb;		/* the workbook */
	lxw_format *bold;		/* header cells */
	int used[NALLCOL];		/* the column appears */
	lxw_col_t first[NALLCOL];	/* its first sheet column */
	lxw_row_t row;			/* next row of the survey sheet */
	lxw_error e;			/* the first failure */
	struct strbuf tmp;		/* a header or value being built */
};

/* "Français (fr)": how a language is named in column headers. */
static void lang_header(const char *code, struct strbuf *out)
{
	const char *name = xlsform_language_name(code);

	strbuf_addf(out, "%s (%s)", name ? name : code, code);
}

/* Write text (nothing when NULL or empty); the first failure is kept in w->e. */
static void put(struct writer *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
		const char *text, lxw_format *f)
{
	lxw_error e;

	if (!text || !*text)
		return;
	e = worksheet_write_string(ws, row, col, text, f);
	if (e && !w->e)
		w->e = e;
}

/* The label of q that column k shows, or NULL for a column without languages. */
static const struct label *label_of(const struct question *q, enum scol k)
{
	switch (k) {
	case C_LABEL: return &q->label;
	case C_HINT: return &q->hint;
	case C_REQUIRED_MSG: return &q->required_message;
	case C_CONSTRAINT_MSG: return &q->constraint_message;
	default: return NULL;
	}
}

/* 1 when l has a text in some language. */
static int has_text(const struct survey *s, const struct label *l)
{
	for (size_t i = 0; i < s->nlang; i++)
		if (l->text[i] && *l->text[i])
			return 1;
	return 0;
}

/*
 * A repeat's max_count when the definition must say it (not the default
 * one, not the one a number repeat_count implies), else 0.
 */
static unsigned max_count_of(const struct question *q)
{
	unsigned implied = SURVEY_REPEAT_MAX_DEFAULT;
	char *end;
	long n;

	if (q->type != Q_REPEAT)
		return 0;
	if (q->repeat_count_src) {
		n = strtol(q->repeat_count_src, &end, 10);
		if (end != q->repeat_count_src && !*end && n > SURVEY_REPEAT_MAX_DEFAULT)
			implied = (unsigned)n;
	}
	return q->max_count != implied ? q->max_count : 0;
}

/* Mark the columns q uses. */
static void scan(struct writer *w, const struct question *q)
{
	const struct survey *s = w->s;

	w->used[C_LABEL] = 1;
	if (has_text(s, &q->hint))
		w->used[C_HINT] = 1;
	if (q->required || q->required_src)
		w->used[C_REQUIRED] = 1;
	if (has_text(s, &q->required_message))
		w->used[C_REQUIRED_MSG] = 1;
	if (q->relevant_src)
		w->used[C_RELEVANT] = 1;
	if (q->constraint_src)
		w->used[C_CONSTRAINT] = 1;
	if (has_text(s, &q->constraint_message))
		w->used[C_CONSTRAINT_MSG] = 1;
	if (q->calculation_src)
		w->used[C_CALCULATION] = 1;
	if (q->default_value)
		w->used[C_DEFAULT] = 1;
	if (q->read_only)
		w->used[C_READ_ONLY] = 1;
	if (q->appearance)
		w->used[C_APPEARANCE] = 1;
	if (q->choice_filter_src)
		w->used[C_CHOICE_FILTER] = 1;
	if (q->type == Q_RANGE)
		w->used[C_PARAMETERS] = 1;
	if (q->dimension)
		w->used[C_DIMENSION] = 1;
	if (q->reverse)
		w->used[C_REVERSE] = 1;
	if (q->weight > 0)
		w->used[C_WEIGHT] = 1;
	if (q->repeat_count_src)
		w->used[C_REPEAT_COUNT] = 1;
	if (max_count_of(q))
		w->used[C_MAX_COUNT] = 1;
	for (size_t i = 0; i < q->nchildren; i++)
		scan(w, q->children[i]);
}

/* x in its shortest form, as the expression language prints numbers. */
static void number_text(double x, struct strbuf *out)
{
	char buf[32];

	expr_format_number(x, buf);
	strbuf_addstr(out, buf);
}

/* The row of q (for a group: begin_group, its questions, end_group). */
static void write_question(struct writer *w, lxw_worksheet *ws, const struct question *q)
{
	const struct survey *s = w->s;
	lxw_row_t row = w->row++;
	size_t i, l;

	strbuf_reset(&w->tmp);
	if (q->type == Q_GROUP)
		strbuf_addstr(&w->tmp, "begin_group");
	else if (q->type == Q_REPEAT)
		strbuf_addstr(&w->tmp, "begin_repeat");
	else if (q->list)
		strbuf_addf(&w->tmp, "%s %s", qtype_name(q->type), q->list->name);
	else
		strbuf_addstr(&w->tmp, qtype_name(q->type));
	put(w, ws, row, w->first[C_TYPE], w->tmp.buf, NULL);
	put(w, ws, row, w->first[C_NAME], q->name, NULL);
	for (i = C_LABEL; i < NSCOL; i++) {
		enum scol k = (enum scol)i;

		if (!w->used[k])
			continue;
		if (translated(k)) {
			const struct label *lab = label_of(q, k);

			for (l = 0; l < s->nlang; l++)
				put(w, ws, row, w->first[k] + (lxw_col_t)l, lab->text[l], NULL);
			continue;
		}
		strbuf_reset(&w->tmp);
		switch (k) {
		case C_REQUIRED:
			if (q->required_src)
				strbuf_addstr(&w->tmp, q->required_src);
			else if (q->required)
				strbuf_addstr(&w->tmp, "true");
			break;
		case C_RELEVANT:
			strbuf_addstr(&w->tmp, q->relevant_src ? q->relevant_src : "");
			break;
		case C_CONSTRAINT:
			strbuf_addstr(&w->tmp, q->constraint_src ? q->constraint_src : "");
			break;
		case C_CALCULATION:
			strbuf_addstr(&w->tmp, q->calculation_src ? q->calculation_src : "");
			break;
		case C_DEFAULT:
			strbuf_addstr(&w->tmp, q->default_value ? q->default_value : "");
			break;
		case C_READ_ONLY:
			strbuf_addstr(&w->tmp, q->read_only ? "yes" : "");
			break;
		case C_APPEARANCE:
			strbuf_addstr(&w->tmp, q->appearance ? q->appearance : "");
			break;
		case C_CHOICE_FILTER:
			strbuf_addstr(&w->tmp, q->choice_filter_src ? q->choice_filter_src : "");
			break;
		case C_REPEAT_COUNT:
			strbuf_addstr(&w->tmp, q->repeat_count_src ? q->repeat_count_src : "");
			break;
		case C_PARAMETERS:
			if (q->type == Q_RANGE) {
				strbuf_addstr(&w->tmp, "start=");
				number_text(q->range_start, &w->tmp);
				strbuf_addstr(&w->tmp, " end=");
				number_text(q->range_end, &w->tmp);
				strbuf_addstr(&w->tmp, " step=");
				number_text(q->range_step, &w->tmp);
			}
			break;
		default:
			break;
		}
		put(w, ws, row, w->first[k], w->tmp.buf, NULL);
	}
	if (!question_is_container(q))
		return;
	for (i = 0; i < q->nchildren; i++)
		write_question(w, ws, q->children[i]);
	put(w, ws, w->row++, w->first[C_TYPE], q->type == Q_REPEAT ? "end_repeat" : "end_group",
	    NULL);
}

/* The survey sheet: the header of the columns used, then every row. */
static void write_survey_sheet(struct writer *w)
{
	const struct survey *s = w->s;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, "survey");
	lxw_col_t col = 0;
	size_t i, l;

	if (!ws) {
		w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	w->used[C_TYPE] = w->used[C_NAME] = w->used[C_LABEL] = 1;
	for (i = 0; i < s->ntop; i++)
		scan(w, s->top[i]);
	for (i = 0; i < NSCOL; i++) {
		if (!w->used[i])
			continue;
		w->first[i] = col;
		for (l = 0; l < (translated((enum scol)i) ? s->nlang : 1); l++) {
			strbuf_reset(&w->tmp);
			strbuf_addstr(&w->tmp, scol_key[i]);
			if (translated((enum scol)i)) {
				strbuf_addstr(&w->tmp, "::");
				lang_header(s->languages[l], &w->tmp);
			}
			put(w, ws, 0, col, w->tmp.buf, w->bold);
			worksheet_set_column(ws, col, col, i == C_LABEL || i == C_HINT ? 40 :
					     i == C_TYPE ? 24 : 16, NULL);
			col++;
		}
	}
	worksheet_freeze_panes(ws, 1, 0);
	w->row = 1;
	for (i = 0; i < s->ntop; i++)
		write_question(w, ws, s->top[i]);
}

/* The choices sheet: one row per choice, filter columns after the labels. */
static void write_choices_sheet(struct writer *w)
{
	const struct survey *s = w->s;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, "choices");
	const char **attrs = NULL;
	size_t nattr = 0, i, k, a, l;
	lxw_row_t row = 1;
	lxw_col_t col;

	if (!ws) {
		w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	/* filter columns: every name used by a choice, in order of appearance */
	for (i = 0; i < s->nlists; i++)
		for (k = 0; k < s->lists[i].n; k++)
			for (a = 0; a < s->lists[i].v[k].nattr; a++) {
				const char *name = s->lists[i].v[k].attr_names[a];
				size_t j;

				for (j = 0; j < nattr && strcmp(attrs[j], name); j++)
					;
				if (j == nattr) {
					const char **v = realloc(attrs, (nattr + 1) * sizeof(*v));

					if (!v) {
						free(attrs);
						w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
						return;
					}
					attrs = v;
					attrs[nattr++] = name;
				}
			}
	put(w, ws, 0, 0, "list_name", w->bold);
	put(w, ws, 0, 1, "name", w->bold);
	for (l = 0; l < s->nlang; l++) {
		strbuf_reset(&w->tmp);
		strbuf_addstr(&w->tmp, "label::");
		lang_header(s->languages[l], &w->tmp);
		put(w, ws, 0, (lxw_col_t)(2 + l), w->tmp.buf, w->bold);
	}
	for (a = 0; a < nattr; a++)
		put(w, ws, 0, (lxw_col_t)(2 + s->nlang + a), attrs[a], w->bold);
	worksheet_set_column(ws, 0, 1, 18, NULL);
	worksheet_set_column(ws, 2, (lxw_col_t)(1 + s->nlang), 40, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	for (i = 0; i < s->nlists; i++)
		for (k = 0; k < s->lists[i].n; k++, row++) {
			const struct choice *c = &s->lists[i].v[k];

			put(w, ws, row, 0, s->lists[i].name, NULL);
			put(w, ws, row, 1, c->name, NULL);
			for (l = 0; l < s->nlang; l++)
				put(w, ws, row, (lxw_col_t)(2 + l), c->label.text[l], NULL);
			for (a = 0; a < c->nattr; a++) {
				size_t j;

				for (j = 0; j < nattr && strcmp(attrs[j], c->attr_names[a]); j++)
					;
				col = (lxw_col_t)(2 + s->nlang + j);
				put(w, ws, row, col, c->attr_values[a], NULL);
			}
		}
	free(attrs);
}

/* The settings sheet: one header row, one row of values. */
static void write_settings_sheet(struct writer *w)
{
	const struct survey *s = w->s;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, "settings");
	lxw_col_t col = 0;
	char buf[32];

	if (!ws) {
		w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	put(w, ws, 0, col, "form_title", w->bold);
	put(w, ws, 1, col++, s->title.text[s->default_lang], NULL);
	put(w, ws, 0, col, "form_id", w->bold);
	put(w, ws, 1, col++, s->form_id, NULL);
	put(w, ws, 0, col, "version", w->bold);
	snprintf(buf, sizeof(buf), "%d", s->version);
	put(w, ws, 1, col++, buf, NULL);
	put(w, ws, 0, col, "default_language", w->bold);
	strbuf_reset(&w->tmp);
	lang_header(s->languages[s->default_lang], &w->tmp);
	put(w, ws, 1, col++, w->tmp.buf, NULL);
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, col, 18, NULL);
}

/* The evaluation keys of q and of the questions of a group, one row each. */
static void write_extra_rows(struct writer *w, lxw_worksheet *ws, const struct question *q)
{
	size_t i;

	if (q->dimension || q->reverse || q->weight > 0 || max_count_of(q)) {
		lxw_row_t row = w->row++;

		put(w, ws, row, 0, q->name, NULL);
		if (max_count_of(q)) {
			strbuf_reset(&w->tmp);
			strbuf_addf(&w->tmp, "%u", max_count_of(q));
			put(w, ws, row, w->first[C_MAX_COUNT], w->tmp.buf, NULL);
		}
		put(w, ws, row, w->first[C_DIMENSION], q->dimension, NULL);
		put(w, ws, row, w->first[C_REVERSE], q->reverse ? "true" : NULL, NULL);
		if (q->weight > 0) {
			strbuf_reset(&w->tmp);
			number_text(q->weight, &w->tmp);
			put(w, ws, row, w->first[C_WEIGHT], w->tmp.buf, NULL);
		}
	}
	for (i = 0; i < q->nchildren; i++)
		write_extra_rows(w, ws, q->children[i]);
}

/*
 * The sheet "utilis": what utilis has beyond XLSForm.  Header: name, the
 * evaluation keys some question uses, anonymous, public, the title in
 * each other language; row 2 (no name) the form's values; then a row per
 * question with an evaluation key.
 */
static void write_utilis_sheet(struct writer *w)
{
	const struct survey *s = w->s;
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, "utilis");
	lxw_col_t col = 0;
	size_t i, l;

	if (!ws) {
		w->e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		return;
	}
	put(w, ws, 0, col++, "name", w->bold);
	for (i = C_DIMENSION; i < NALLCOL; i++)
		if (w->used[i]) {
			w->first[i] = col;
			put(w, ws, 0, col++, scol_key[i], w->bold);
		}
	put(w, ws, 0, col, "anonymous", w->bold);
	put(w, ws, 1, col++, s->anonymous ? "true" : "false", NULL);
	put(w, ws, 0, col, "public", w->bold);
	put(w, ws, 1, col++, s->is_public ? "true" : "false", NULL);
	for (l = 0; l < s->nlang; l++) {
		if (l == s->default_lang)
			continue;
		strbuf_reset(&w->tmp);
		strbuf_addstr(&w->tmp, "form_title::");
		lang_header(s->languages[l], &w->tmp);
		put(w, ws, 0, col, w->tmp.buf, w->bold);
		put(w, ws, 1, col++, s->title.text[l], NULL);
	}
	worksheet_set_column(ws, 0, col, 18, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	w->row = 2;
	for (i = 0; i < s->ntop; i++)
		write_extra_rows(w, ws, s->top[i]);
}

int xlsform_write(const struct survey *s, const char *path, struct error *err)
{
	struct writer w;
	struct afile f;
	int rc = 0;
	lxw_error e;

	memset(&w, 0, sizeof(w));
	w.s = s;
	strbuf_init(&w.tmp, 0);
	/* a questionnaire, no answers: the usual permissions */
	if (afile_open(&f, path, AFILE_PUBLIC, err) < 0 || afile_close_fd(&f, err) < 0) {
		afile_abort(&f);
		strbuf_release(&w.tmp);
		return -1;
	}
	w.wb = workbook_new(f.tmp);
	if (!w.wb) {
		afile_abort(&f);
		strbuf_release(&w.tmp);
		return error_set(err, "cannot create the workbook '%s'", path);
	}
	w.bold = workbook_add_format(w.wb);
	if (w.bold)
		format_set_bold(w.bold);
	write_survey_sheet(&w);
	write_choices_sheet(&w);
	write_settings_sheet(&w);
	write_utilis_sheet(&w);
	e = workbook_close(w.wb);
	if (!w.e)
		w.e = e;
	strbuf_release(&w.tmp);
	if (w.e)
		rc = error_set(err, "cannot write '%s': %s", path, lxw_strerror(w.e));
	else if (xlsx_check_file(f.tmp, path, err) < 0)
		rc = -1;	/* a full disk may have cut a part short without an error */
	if (rc < 0) {
		afile_abort(&f);
		return rc;
	}
	return afile_commit(&f, err);
}
