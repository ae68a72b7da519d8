/*
 * workbook: the analysts' XLSX workbook of a layout (libxlsxwriter, in
 * constant-memory mode so that a large answers sheet streams).  For an
 * indicator set: the answers (frozen header, autofilter), the codebook,
 * the scores by group with a native radar and bar chart, every question
 * summed up, and the reliability of the dimensions.  For a prize edition:
 * the juror x candidate x criterion matrix, the results with a chart of the
 * totals, the jurors, and the jury's reliability.  Every workbook ends with
 * a "Sources" sheet: the survey versions and their SHA-256, the numbers of
 * answers, the rules applied and the version of utilis.
 *
 * Where a figure is a formula of other cells (a composite index, a total,
 * a percentage), the cell holds the formula and, as its stored result, the
 * value the analysis computed — readers that do not recalculate (openpyxl,
 * viewers) see the right number, never 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report/fmt.h"
#include "report/report.h"
#include "report/xlsx_check.h"
#include "util/afile.h"
#include "util/array.h"
#include "util/consts.h"
#include "util/strbuf.h"
#include "version.h"

#define T(c, f, e) ((c)->fr ? (f) : (e))
/* Excel's last row (0-based) */
#define XL_MAX_ROW ((unsigned)UT_XLSX_MAX_ROWS - 1)

struct wctx {
	const struct report_input *in;	/* everything */
	lxw_workbook *wb;		/* the workbook */
	const char *lang;		/* language */
	int fr;				/* French */
	lxw_format *bold, *head, *title, *num1, *num2, *num3, *wrap, *grey; /* formats */
	struct error *err;		/* where a failure goes */
	int failed;			/* something could not be written */
	size_t answers_cut;		/* respondents left out of the answers sheet (Excel's row limit) */
	lxw_format *datetime;		/* a date and time */
	struct head_cell *heads;	/* header cells of the current sheet, not yet fitted */
	size_t nheads, aheads;		/* used / allocated */
};

/* A header cell written: its row's height is set once the columns' widths are known. */
struct head_cell {
	lxw_worksheet *ws;		/* its sheet */
	lxw_row_t row;			/* where */
	lxw_col_t col;
	char *text;			/* a copy (malloc'd) */
};

static void column_name(char *buf, size_t col)
{
	char tmp[8];
	size_t n = 0, i;

	col++;
	while (col && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

static void check(struct wctx *c, lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR && e != LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE && !c->failed) {
		error_set(c->err, "cannot write the workbook (%s): %s", what, lxw_strerror(e));
		c->failed = 1;
	}
}

static void put_str(struct wctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const char *s,
		    lxw_format *f)
{
	if (!s || !*s)
		return;
	check(c, worksheet_write_string(ws, r, col, s, f), "a text cell");
	/* A header cell wraps: remember it to make its row tall enough (sheet_ready). */
	if (f && f == c->head) {
		if (ARRAY_GROW(c->heads, c->aheads, c->nheads + 1, 32) < 0)
			return;	/* only a row's height is lost */
		c->heads[c->nheads] = (struct head_cell){ ws, r, col, strdup(s) };
		if (c->heads[c->nheads].text)
			c->nheads++;
	}
}

/*
 * A time stored as ISO 8601 in UTC ("2026-01-15T10:00:00Z") as an Excel
 * date and time, so that it sorts, filters and computes as one; anything
 * else as the text it is.
 */
static void put_when(struct wctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const char *s)
{
	lxw_datetime dt;
	int y, mo, d, h, mi, n = 0;
	double sec;

	if (!s || !*s)
		return;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6 &&
	    (s[n] == '\0' || !strcmp(s + n, "Z")) && y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 61) {
		dt = (lxw_datetime){ y, mo, d, h, mi, sec };
		check(c, worksheet_write_datetime(ws, r, col, &dt, c->datetime), "a date cell");
		return;
	}
	put_str(c, ws, r, col, s, NULL);
}

/* The width of a column as set (Excel's default 8.43 when not). */
static double col_width(const lxw_worksheet *ws, lxw_col_t col)
{
	uint16_t i;

	for (i = 0; ws->col_options && i < ws->col_options_max; i++) {
		const lxw_col_options *o = ws->col_options[i];

		if (o && o->firstcol <= col && col <= o->lastcol)
			return o->width;
	}
	return LXW_DEF_COL_WIDTH;
}

/*
 * Lines a text takes wrapped in a column of width characters: words
 * wrapped greedily, a word longer than the line cut; bold text counted a
 * little wider.
 */
static unsigned wrapped_lines(const char *text, double width)
{
	double per = (width - 1) / 1.1;
	unsigned lines = 1;
	double at = 0;
	const char *q = text;

	if (per < 1)
		per = 1;
	while (*q) {
		size_t n = 0;
		const char *w = q;

		while (*w && *w != ' ') {
			if (((unsigned char)*w & 0xC0) != 0x80)
				n++;
			w++;
		}
		if (at > 0 && at + 1 + (double)n > per) {
			lines++;
			at = 0;
		}
		at += (at > 0 ? 1 : 0) + (double)n;
		while (at > per) {
			lines++;
			at -= per;
		}
		q = *w ? w + 1 : w;
	}
	return lines;
}

/*
 * A sheet's header is written and its columns set: make each header row
 * tall enough for its wrapped text (libxlsxwriter leaves the default
 * height), freeze the panes under it (frow, fcol; 0, 0: none), and set up
 * printing: A4, one page wide, landscape when the columns are wider than a
 * portrait page, the header rows repeated on every page.  Called before
 * the rows under the header are written (the workbook streams its rows).
 */
static void sheet_ready(struct wctx *c, lxw_worksheet *ws, lxw_row_t frow, lxw_col_t fcol)
{
	lxw_row_t last = 0;
	lxw_col_t maxcol = 0, k;
	double total = 0;
	int any = 0;
	size_t i;

	for (i = 0; i < c->nheads; i++) {
		const struct head_cell *h = &c->heads[i];
		unsigned lines;
		size_t j;

		if (h->ws != ws)
			continue;
		if (!any || h->row > last)
			last = h->row;
		any = 1;
		if (h->col > maxcol)
			maxcol = h->col;
		/* The tallest cell of its row, once per row. */
		for (j = 0; j < i && (c->heads[j].ws != ws || c->heads[j].row != h->row); j++)
			;
		if (j < i)
			continue;
		lines = 1;
		for (j = i; j < c->nheads; j++)
			if (c->heads[j].ws == ws && c->heads[j].row == h->row) {
				unsigned l = wrapped_lines(c->heads[j].text, col_width(ws, c->heads[j].col));

				if (l > lines)
					lines = l;
			}
		if (lines > 1)
			check(c, worksheet_set_row(ws, h->row, 15.0 * lines, NULL), "a header row's height");
	}
	for (i = 0; i < c->nheads; i++)
		free(c->heads[i].text);
	c->nheads = 0;
	if (frow || fcol)
		worksheet_freeze_panes(ws, frow, fcol);
	for (k = 0; k <= maxcol; k++)
		total += col_width(ws, k);
	worksheet_set_paper(ws, 9);	/* A4 */
	if (total > 95)
		worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	if (any)
		check(c, worksheet_repeat_rows(ws, 0, last), "the rows repeated on each printed page");
}

static void put_num(struct wctx *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, double v,
		    lxw_format *f)
{
	if (!isnan(v) && !isinf(v))
		check(c, worksheet_write_number(ws, r, col, v, f), "a number cell");
}

static lxw_worksheet *add_sheet(struct wctx *c, const char *name)
{
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, name);

	if (!ws && !c->failed) {
		error_set(c->err, "cannot add the sheet '%s' to the workbook", name);
		c->failed = 1;
	}
	return ws;
}

/* A header row in bold on a tinted background. */
static void header_row(struct wctx *c, lxw_worksheet *ws, lxw_row_t r, const char *const *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_str(c, ws, r, (lxw_col_t)i, h[i], c->head);
}

static const char *label_in(const struct wctx *c, const struct survey *s, const struct label *l)
{
	int li = survey_lang(s, c->lang);

	return label_get(s, l, li < 0 ? s->default_lang : (size_t)li);
}

/* --- indicator sets: answers ------------------------------------------------------------- */

struct col_map {
	const struct an_version *v;	/* a version met */
	size_t *slot;			/* [column]: its answer slot, SIZE_MAX when absent */
};

struct answers_ctx {
	struct wctx *c;			/* the workbook */
	lxw_worksheet *ws;		/* the sheet */
	const char **names;		/* question columns */
	enum qtype *types;		/* their types (latest model) */
	int *numeric;			/* write as numbers */
	size_t ncols;			/* how many */
	struct col_map *maps;		/* per version met */
	size_t nmaps, amaps;		/* used / allocated */
	lxw_row_t row;			/* next row */
};

#define META_COLS 7

static const size_t *map_of(struct answers_ctx *a, const struct an_version *v)
{
	size_t i, k;

	for (i = 0; i < a->nmaps; i++)
		if (a->maps[i].v == v)
			return a->maps[i].slot;
	if (ARRAY_GROW(a->maps, a->amaps, a->nmaps + 1, 8) < 0)
		return NULL;
	a->maps[a->nmaps].v = v;
	a->maps[a->nmaps].slot = malloc((a->ncols + 1) * sizeof(size_t));
	if (!a->maps[a->nmaps].slot)
		return NULL;
	for (k = 0; k < a->ncols; k++) {
		const struct question *q = survey_find(v->s, a->names[k]);

		a->maps[a->nmaps].slot[k] = q && question_has_value(q) ? q->index : SIZE_MAX;
	}
	return a->maps[a->nmaps++].slot;
}

static int answer_row(void *ctx, const struct an_version *v, const struct respondent *r,
		      const char *const *values, size_t n)
{
	struct answers_ctx *a = ctx;
	struct wctx *c = a->c;
	const size_t *map = map_of(a, v);
	lxw_row_t row = a->row;
	size_t k;

	if (!map) {
		error_set(c->err, "out of memory");
		c->failed = 1;
		return -1;
	}
	if (row > XL_MAX_ROW) {
		c->answers_cut++;
		return 0;
	}
	put_num(c, a->ws, row, 0, (double)r->id, NULL);
	put_str(c, a->ws, row, 1, r->ext_id, NULL);
	put_str(c, a->ws, row, 2, v->s->form_id, NULL);
	put_num(c, a->ws, row, 3, v->version, NULL);
	put_str(c, a->ws, row, 4, r->group, NULL);
	put_str(c, a->ws, row, 5, r->wave, NULL);
	put_when(c, a->ws, row, 6, r->submitted_at);
	for (k = 0; k < a->ncols; k++) {
		size_t slot = map[k];
		const char *t = slot < n ? values[slot] : NULL;
		double x;

		if (!t || !*t)
			continue;
		if (a->numeric[k] && !isnan(x = an_number(t)))
			put_num(c, a->ws, row, (lxw_col_t)(META_COLS + k), x, NULL);
		else
			put_str(c, a->ws, row, (lxw_col_t)(META_COLS + k), t, NULL);
	}
	a->row++;
	return c->failed ? -1 : 0;
}

static void sheet_answers(struct wctx *c, const struct report_section *s)
{
	const struct report_ind *ri = c->in->ind;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	struct answers_ctx a;
	size_t f, i, k, cap = 0;
	static const char *const meta[META_COLS] = { "_respondent", "_id", "_survey", "_version",
						     "_group", "_wave", "_submitted_at" };

	if (!ws || !c->in->each_answer)
		return;
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.ws = ws;
	for (f = 0; f < ri->set->nsurveys; f++)
		cap += ri->surveys[f]->nq;
	a.names = calloc(cap + 1, sizeof(char *));
	a.numeric = calloc(cap + 1, sizeof(int));
	if (!a.names || !a.numeric) {
		free(a.names);
		free(a.numeric);
		error_set(c->err, "out of memory");
		c->failed = 1;
		return;
	}
	/* The questions of every survey, once each, in order. */
	for (f = 0; f < ri->set->nsurveys; f++) {
		const struct survey *sv = ri->surveys[f];

		for (i = 0; i < sv->nq; i++) {
			const struct question *q = sv->questions[i];

			if (!question_has_value(q))
				continue;
			for (k = 0; k < a.ncols && strcmp(a.names[k], q->name); k++)
				;
			if (k < a.ncols)
				continue;
			a.names[a.ncols] = q->name;
			a.numeric[a.ncols] = q_exports_number(q) ||
					     (q->type == Q_SELECT_ONE && q->list && q->list->is_scale);
			a.ncols++;
		}
	}
	for (k = 0; k < META_COLS; k++)
		put_str(c, ws, 0, (lxw_col_t)k, meta[k], c->head);
	for (k = 0; k < a.ncols; k++)
		put_str(c, ws, 0, (lxw_col_t)(META_COLS + k), a.names[k], c->head);
	worksheet_set_column(ws, 0, (lxw_col_t)(META_COLS + a.ncols), 14, NULL);
	worksheet_set_column(ws, 6, 6, 19, NULL);	/* _submitted_at: 2026-01-15 10:00:00 */
	sheet_ready(c, ws, 1, 0);
	a.row = 1;
	if (c->in->each_answer(c->in->each_ctx, answer_row, &a, c->err) < 0)
		c->failed = 1;
	worksheet_autofilter(ws, 0, 0, a.row > 1 ? a.row - 1 : 1, (lxw_col_t)(META_COLS + a.ncols - 1));
	for (i = 0; i < a.nmaps; i++)
		free(a.maps[i].slot);
	free(a.maps);
	free(a.names);
	free(a.numeric);
}

/* --- codebook ------------------------------------------------------------------------ */

static void sheet_codebook(struct wctx *c, const struct report_section *s)
{
	const struct report_ind *ri = c->in->ind;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	const char *h[] = { T(c, "Questionnaire", "Survey"), T(c, "Question", "Question"),
			    T(c, "Type", "Type"), T(c, "Libellé", "Label"), T(c, "Dimension", "Dimension"),
			    T(c, "Inversé", "Reversed"), T(c, "Poids", "Weight"),
			    T(c, "Posée si", "Asked when"), T(c, "Contrainte", "Constraint"),
			    T(c, "Modalités", "Choices") };
	struct strbuf sb = STRBUF_INIT;
	lxw_row_t row = 1;
	size_t f, i, k;

	if (!ws)
		return;
	header_row(c, ws, 0, h, 10);
	worksheet_set_column(ws, 0, 2, 16, NULL);
	worksheet_set_column(ws, 3, 3, 60, c->wrap);
	worksheet_set_column(ws, 4, 8, 16, NULL);
	worksheet_set_column(ws, 9, 9, 60, c->wrap);
	sheet_ready(c, ws, 1, 0);
	for (f = 0; f < ri->set->nsurveys; f++) {
		const struct survey *sv = ri->surveys[f];

		for (i = 0; i < sv->nq; i++) {
			const struct question *q = sv->questions[i];

			if (!question_has_value(q))
				continue;
			put_str(c, ws, row, 0, sv->form_id, NULL);
			put_str(c, ws, row, 1, q->name, NULL);
			put_str(c, ws, row, 2, qtype_name(q->type), NULL);
			put_str(c, ws, row, 3, label_in(c, sv, &q->label), c->wrap);
			put_str(c, ws, row, 4, q->dimension, NULL);
			if (q->reverse)
				put_str(c, ws, row, 5, T(c, "oui", "yes"), NULL);
			if (q->weight > 0)
				put_num(c, ws, row, 6, q->weight, NULL);
			put_str(c, ws, row, 7, q->relevant_src, NULL);
			put_str(c, ws, row, 8, q->constraint_src, NULL);
			if (q->list) {
				strbuf_reset(&sb);
				for (k = 0; k < q->list->n; k++)
					strbuf_addf(&sb, "%s%s = %s", k ? " ; " : "", q->list->v[k].name,
						    label_in(c, sv, &q->list->v[k].label));
				put_str(c, ws, row, 9, sb.buf, c->wrap);
			}
			row++;
		}
	}
	worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, 9);
	strbuf_release(&sb);
}

/* --- scores by group, with charts ----------------------------------------------------------- */

static const char *group_label(const struct wctx *c, const struct ind_group *g)
{
	const char *l;

	if (!g->key && !g->no_answer)
		return T(c, "Ensemble", "Everyone");
	if (g->no_answer)
		return T(c, "Sans réponse", "No answer");
	l = an_text_get(&g->label, c->lang);
	return l ? l : g->key;
}

static void sheet_indicators(struct wctx *c, const struct report_section *s)
{
	const struct report_ind *ri = c->in->ind;
	const struct indicator_set *set = ri->set;
	const struct ind_result *r = ri->res;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	const struct ind_group **g = calloc(r->ngroups + 1, sizeof(*g));
	size_t ng = 0, i, d;
	lxw_row_t first = 3, last = (lxw_row_t)(3 + set->ndims - 1), comp = last + 1, crow;
	char wa[8], colv[8], formula[256];
	struct strbuf sb = STRBUF_INIT;

	if (!ws || !g) {
		free(g);
		return;
	}
	g[ng++] = &r->all;
	for (i = 0; i < r->ngroups; i++)
		if (r->groups[i].note != STAT_SUPPRESSED)
			g[ng++] = &r->groups[i];
	strbuf_addf(&sb, T(c, "%s — scores de 0 à 100 par dimension et par groupe, intervalles de confiance à 95 %%",
			   "%s — scores from 0 to 100 by dimension and group, 95%% confidence intervals"),
		    an_text_get(&set->title, c->lang));
	put_str(c, ws, 0, 0, sb.buf, c->title);
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(c, "Les groupes de moins de %d répondants ne sont pas montrés ; « masqué » : une case cachée pour qu'un petit groupe ne se déduise pas des autres.",
			   "Groups of fewer than %d respondents are not shown; \"suppressed\": a cell hidden so that a small group cannot be worked out from the others."),
		    r->min_group);
	put_str(c, ws, 1, 0, sb.buf, c->grey);
	put_str(c, ws, 2, 0, T(c, "Dimension", "Dimension"), c->head);
	put_str(c, ws, 2, 1, T(c, "Identifiant", "Identifier"), c->head);
	put_str(c, ws, 2, 2, T(c, "Poids", "Weight"), c->head);
	for (i = 0; i < ng; i++) {
		lxw_col_t col = (lxw_col_t)(3 + 4 * i);
		const char *gl = group_label(c, g[i]);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s — n", gl);
		put_str(c, ws, 2, col, sb.buf, c->head);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s — %s", gl, T(c, "score", "score"));
		put_str(c, ws, 2, col + 1, sb.buf, c->head);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s — %s", gl, T(c, "IC bas", "CI low"));
		put_str(c, ws, 2, col + 2, sb.buf, c->head);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s — %s", gl, T(c, "IC haut", "CI high"));
		put_str(c, ws, 2, col + 3, sb.buf, c->head);
	}
	worksheet_set_column(ws, 0, 0, 48, c->wrap);
	worksheet_set_column(ws, 1, 2, 12, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)(3 + 4 * ng), 13, NULL);
	sheet_ready(c, ws, 0, 0);
	for (d = 0; d < set->ndims; d++) {
		const struct ind_dimension *dim = &set->dims[d];
		lxw_row_t row = first + (lxw_row_t)d;
		const char *l = an_text_get(&dim->label, c->lang);

		put_str(c, ws, row, 0, l ? l : dim->id, c->wrap);
		put_str(c, ws, row, 1, dim->id, NULL);
		put_num(c, ws, row, 2, dim->weight, NULL);
		for (i = 0; i < ng; i++) {
			const struct ind_cell *cell = &g[i]->cells[d];
			lxw_col_t col = (lxw_col_t)(3 + 4 * i);

			if (cell->note == STAT_SUPPRESSED) {
				put_str(c, ws, row, col, T(c, "masqué", "suppressed"), c->grey);
				continue;
			}
			put_num(c, ws, row, col, (double)cell->value.n, NULL);
			put_num(c, ws, row, col + 1, cell->score, c->num1);
			put_num(c, ws, row, col + 2, cell->score_lo, c->num1);
			put_num(c, ws, row, col + 3, cell->score_hi, c->num1);
		}
	}
	/* The composite: a formula of the scores above, its stored value the analysis's. */
	if (r->has_composite) {
		put_str(c, ws, comp, 0, set->aggregate == AGG_GEOMETRIC
				? T(c, "Indice composite (moyenne géométrique pondérée)", "Composite index (weighted geometric mean)")
				: T(c, "Indice composite (moyenne pondérée)", "Composite index (weighted mean)"),
			c->bold);
		put_str(c, ws, comp, 1, "_composite", NULL);
		column_name(wa, 2);
		for (i = 0; i < ng; i++) {
			const struct ind_composite *cp = &g[i]->composite;
			lxw_col_t col = (lxw_col_t)(3 + 4 * i);
			int complete = 1;

			if (cp->note == STAT_SUPPRESSED) {
				put_str(c, ws, comp, col, T(c, "masqué", "suppressed"), c->grey);
				continue;
			}
			if (cp->note != STAT_OK || isnan(cp->score))
				continue;
			put_num(c, ws, comp, col, (double)g[i]->n, NULL);
			for (d = 0; d < set->ndims; d++) {
				const struct ind_cell *cell = &g[i]->cells[d];

				if (cell->note == STAT_SUPPRESSED || isnan(cell->score) ||
				    (set->aggregate == AGG_GEOMETRIC && !(cell->score > 0)))
					complete = 0;
			}
			column_name(colv, col + 1);
			if (complete && set->aggregate == AGG_ARITHMETIC)
				snprintf(formula, sizeof(formula), "=SUMPRODUCT($%s$%u:$%s$%u,%s%u:%s%u)/SUM($%s$%u:$%s$%u)",
					 wa, first + 1, wa, last + 1, colv, first + 1, colv, last + 1, wa, first + 1,
					 wa, last + 1);
			else if (complete)
				snprintf(formula, sizeof(formula), "=EXP(SUMPRODUCT($%s$%u:$%s$%u,LN(%s%u:%s%u))/SUM($%s$%u:$%s$%u))",
					 wa, first + 1, wa, last + 1, colv, first + 1, colv, last + 1, wa, first + 1,
					 wa, last + 1);
			if (complete)
				check(c, worksheet_write_formula_num(ws, comp, col + 1, formula, c->num1, cp->score),
				      "a formula");
			else
				put_num(c, ws, comp, col + 1, cp->score, c->num1);
			if (cp->boot.note == STAT_OK) {
				put_num(c, ws, comp, col + 2, cp->boot.lo, c->num1);
				put_num(c, ws, comp, col + 3, cp->boot.hi, c->num1);
			}
		}
	}
	/* Native charts under the table: a radar of the dimensions and bars by group. */
	crow = comp + 3;
	{
		lxw_chart *radar = workbook_add_chart(c->wb, LXW_CHART_RADAR_WITH_MARKERS);
		lxw_chart *bars = workbook_add_chart(c->wb, LXW_CHART_BAR);
		lxw_chart_options opt;

		if (!radar || !bars) {
			error_set(c->err, "cannot add a chart to the workbook");
			c->failed = 1;
		} else {
			for (i = 0; i < ng && i < 7; i++) {
				lxw_chart_series *sr = chart_add_series(radar, NULL, NULL);
				lxw_chart_series *sb2 = chart_add_series(bars, NULL, NULL);
				lxw_col_t col = (lxw_col_t)(3 + 4 * i + 1);

				chart_series_set_categories(sr, s->sheet, first, 0, last, 0);
				chart_series_set_values(sr, s->sheet, first, col, last, col);
				chart_series_set_name(sr, group_label(c, g[i]));
				chart_series_set_categories(sb2, s->sheet, first, 0, last, 0);
				chart_series_set_values(sb2, s->sheet, first, col, last, col);
				chart_series_set_name(sb2, group_label(c, g[i]));
			}
			chart_title_set_name(radar, T(c, "Scores par dimension (0 à 100)", "Scores by dimension (0 to 100)"));
			chart_axis_set_min(radar->y_axis, 0);
			chart_axis_set_max(radar->y_axis, 100);
			/* In a bar chart x is the value axis and y the categories (libxlsxwriter). */
			chart_title_set_name(bars, T(c, "Scores par dimension et par groupe", "Scores by dimension and group"));
			chart_axis_set_min(bars->x_axis, 0);
			chart_axis_set_max(bars->x_axis, 100);
			chart_axis_set_reverse(bars->y_axis);
			memset(&opt, 0, sizeof(opt));
			opt.x_scale = 1.4;
			opt.y_scale = 1.6;
			check(c, worksheet_insert_chart_opt(ws, crow, 0, radar, &opt), "the radar chart");
			check(c, worksheet_insert_chart_opt(ws, crow, 4, bars, &opt), "the bar chart");
		}
	}
	free(g);
	strbuf_release(&sb);
}

/* --- every question summed up ---------------------------------------------------------------- */

/* The column of breakdown value key is hidden. */
static int group_hidden(const struct desc_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->ncols; i++)
		if (r->cols[i].key && !strcmp(r->cols[i].key, key))
			return r->cols[i].hidden != AN_SHOWN;
	return 0;
}

static void sheet_describe(struct wctx *c, const struct report_section *s)
{
	const struct desc_result *r = c->in->ind->desc;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	const char *h[] = { T(c, "Question", "Question"), T(c, "Libellé", "Label"),
			    T(c, "Type", "Type"), T(c, "Groupe", "Group"), T(c, "Réponses", "Answered"),
			    T(c, "Modalité", "Choice"), T(c, "Libellé de la modalité", "Choice label"),
			    "n", "%", T(c, "Moyenne", "Mean"), T(c, "Écart-type", "SD"),
			    T(c, "Médiane", "Median"), "Min", "Max" };
	lxw_row_t row = 1;
	size_t qi, col, k;
	char formula[64], lo[16], hi[16], small[64];

	if (!ws || !r)
		return;
	/* The extremes are the min_group-th smallest and largest (analysis/stats.h). */
	if (r->opt.min_group > 1) {
		snprintf(lo, sizeof(lo), "Min(%d)", r->opt.min_group);
		snprintf(hi, sizeof(hi), "Max(%d)", r->opt.min_group);
		h[12] = lo;
		h[13] = hi;
	}
	snprintf(small, sizeof(small), "< %d", r->opt.min_group);
	header_row(c, ws, 0, h, 14);
	worksheet_set_column(ws, 0, 0, 18, NULL);
	worksheet_set_column(ws, 1, 1, 50, NULL);
	worksheet_set_column(ws, 2, 5, 13, NULL);
	worksheet_set_column(ws, 6, 6, 36, NULL);
	worksheet_set_column(ws, 7, 13, 10, NULL);
	sheet_ready(c, ws, 1, 0);
	for (qi = 0; qi < r->nq; qi++) {
		const struct desc_question *q = &r->q[qi];
		const char *ql = an_text_get(&q->label, c->lang);

		for (col = 0; col < r->ncols; col++) {
			const struct desc_group *g = &r->cols[col];
			const char *gl;

			if (g->hidden != AN_SHOWN || q->hidden[col] != AN_SHOWN)
				continue;
			gl = g->all ? T(c, "Ensemble", "Everyone")
			     : g->no_answer ? T(c, "Sans réponse", "No answer")
			     : an_text_get(&g->label, c->lang) ? an_text_get(&g->label, c->lang) : g->key;
			if (q->kind == DESC_CHOICE || q->kind == DESC_MULTIPLE) {
				for (k = 0; k < q->ncats; k++) {
					const struct desc_category *cat = &q->cats[k];
					const char *cl = an_text_get(&cat->label, c->lang);

					if (row > XL_MAX_ROW)
						break;
					/* The breakdown's own answers: a hidden group is not counted here either. */
					if (r->by && !strcmp(r->by, q->name) && group_hidden(r, cat->value))
						continue;
					put_str(c, ws, row, 0, q->name, NULL);
					put_str(c, ws, row, 1, ql, NULL);
					put_str(c, ws, row, 2, q->type, NULL);
					put_str(c, ws, row, 3, gl, NULL);
					put_num(c, ws, row, 4, (double)q->answered[col], NULL);
					put_str(c, ws, row, 5, cat->value, NULL);
					put_str(c, ws, row, 6, cl ? cl : cat->value, NULL);
					if (cat->hidden && cat->hidden[col]) {
						/* Why, never how many: "< 5", or hidden to protect one. */
						put_str(c, ws, row, 7, cat->hidden[col] == AN_HIDE_SMALL ? small
								       : T(c, "masqué", "suppressed"), c->grey);
						row++;
						continue;
					}
					put_num(c, ws, row, 7, (double)cat->count[col], NULL);
					if (q->answered[col]) {
						snprintf(formula, sizeof(formula), "=H%u/E%u*100", row + 1, row + 1);
						check(c, worksheet_write_formula_num(ws, row, 8, formula, c->num1,
										     100.0 * (double)cat->count[col] /
											     (double)q->answered[col]),
						      "a formula");
					}
					row++;
				}
			} else if (row <= XL_MAX_ROW) {
				put_str(c, ws, row, 0, q->name, NULL);
				put_str(c, ws, row, 1, ql, NULL);
				put_str(c, ws, row, 2, q->type, NULL);
				put_str(c, ws, row, 3, gl, NULL);
				put_num(c, ws, row, 4, (double)q->answered[col], NULL);
				if (q->kind == DESC_NUMBER && q->sum) {
					const struct summary *sm = &q->sum[col];

					put_num(c, ws, row, 7, (double)sm->n, NULL);
					put_num(c, ws, row, 9, sm->mean, c->num2);
					put_num(c, ws, row, 10, sm->sd, c->num2);
					put_num(c, ws, row, 11, sm->median, c->num2);
					put_num(c, ws, row, 12, sm->min, c->num2);
					put_num(c, ws, row, 13, sm->max, c->num2);
				}
				row++;
			}
		}
	}
	worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, 13);
}

/* --- reliability --------------------------------------------------------------------------- */

static void sheet_reliability_ind(struct wctx *c, lxw_worksheet *ws)
{
	const struct ind_result *r = c->in->ind->res;
	const struct indicator_set *set = c->in->ind->set;
	const char *h[] = { T(c, "Dimension", "Dimension"), T(c, "Questionnaire", "Survey"),
			    T(c, "Item", "Item"), T(c, "Inversé", "Reversed"), T(c, "Répondants", "Respondents"),
			    T(c, "Moyenne", "Mean"), T(c, "Écart-type", "SD"),
			    T(c, "r item-reste", "Item-rest r"), T(c, "Alpha sans l'item", "Alpha if deleted"),
			    T(c, "Alpha standardisé sans l'item", "Standardised alpha if deleted"),
			    T(c, "Alpha", "Alpha"), T(c, "Alpha standardisé", "Standardised alpha"),
			    T(c, "Lecture", "Reading") };
	lxw_row_t row = 1;
	size_t i, k;

	header_row(c, ws, 0, h, 13);
	worksheet_set_column(ws, 0, 0, 40, NULL);
	worksheet_set_column(ws, 1, 12, 14, NULL);
	sheet_ready(c, ws, 1, 0);
	for (i = 0; i < r->nrel; i++) {
		const struct ind_reliability *rel = &r->rel[i];
		const struct ind_dimension *dim = &set->dims[rel->dim];
		const char *l = an_text_get(&dim->label, c->lang);

		if (rel->note == STAT_SUPPRESSED)
			continue;
		put_str(c, ws, row, 0, l ? l : dim->id, c->bold);
		put_str(c, ws, row, 1, r->forms[rel->form].form_id, NULL);
		put_num(c, ws, row, 4, (double)rel->alpha.n, NULL);
		if (rel->alpha.note == STAT_OK) {
			put_num(c, ws, row, 10, rel->alpha.raw, c->num3);
			put_num(c, ws, row, 11, rel->alpha.std, c->num3);
			put_str(c, ws, row, 12, report_alpha_word(rel->alpha.raw, c->lang), NULL);
		}
		row++;
		for (k = 0; rel->alpha.items && k < rel->nitems; k++) {
			const struct alpha_item *it = &rel->alpha.items[k];

			if (rel->item_hidden[k])
				continue;
			put_str(c, ws, row, 0, l ? l : dim->id, NULL);
			put_str(c, ws, row, 1, r->forms[rel->form].form_id, NULL);
			put_str(c, ws, row, 2, rel->items[k], NULL);
			if (rel->item_reverse[k])
				put_str(c, ws, row, 3, T(c, "oui", "yes"), NULL);
			put_num(c, ws, row, 4, (double)it->n, NULL);
			put_num(c, ws, row, 5, it->mean, c->num2);
			put_num(c, ws, row, 6, it->sd, c->num2);
			put_num(c, ws, row, 7, it->r_drop, c->num3);
			put_num(c, ws, row, 8, it->alpha_drop, c->num3);
			put_num(c, ws, row, 9, it->alpha_std_drop, c->num3);
			if (it->dropped)
				put_str(c, ws, row, 12, T(c, "aucune variance : hors de l'alpha (comme psych::alpha)",
							  "no variance: left out of alpha (as psych::alpha)"), NULL);
			row++;
		}
	}
}

static void sheet_reliability_prize(struct wctx *c, lxw_worksheet *ws)
{
	const struct prize_result *r = c->in->prize->res;
	const char *h[] = { T(c, "Indice", "Coefficient"), T(c, "Valeur", "Value"),
			    T(c, "IC bas", "CI low"), T(c, "IC haut", "CI high"), "F", "p",
			    T(c, "Lecture", "Reading"), T(c, "Remarque", "Note") };
	lxw_row_t row = 1;
	int f;

	header_row(c, ws, 0, h, 8);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 6, 12, NULL);
	worksheet_set_column(ws, 7, 7, 60, NULL);
	sheet_ready(c, ws, 0, 0);
	for (f = 0; f < ICC_NFORMS; f++) {
		const struct icc_row *ir = &r->icc.row[f];

		put_str(c, ws, row, 0, icc_form_name((enum icc_form)f), NULL);
		if (r->complete && r->icc.note == STAT_OK) {
			put_num(c, ws, row, 1, ir->icc, c->num3);
			put_num(c, ws, row, 2, ir->lower, c->num3);
			put_num(c, ws, row, 3, ir->upper, c->num3);
			put_num(c, ws, row, 4, ir->f, c->num2);
			put_num(c, ws, row, 5, ir->p, c->num3);
			put_str(c, ws, row, 6, reliability_band_word(reliability_band(BAND_ICC, ir->icc), c->fr ? "fr" : "en"), NULL);
		} else {
			put_str(c, ws, row, 7, T(c, "plan incomplet : non calculable", "incomplete design: not computable"), c->grey);
		}
		row++;
	}
	put_str(c, ws, row, 0, T(c, "W de Kendall", "Kendall's W"), NULL);
	if (r->complete && r->kendall.note == STAT_OK) {
		put_num(c, ws, row, 1, r->kendall.w, c->num3);
		put_num(c, ws, row, 5, r->kendall.p, c->num3);
		put_str(c, ws, row, 6, reliability_band_word(reliability_band(BAND_KENDALL_W, r->kendall.w), c->fr ? "fr" : "en"), NULL);
	} else {
		put_str(c, ws, row, 7, T(c, "plan incomplet : non calculable", "incomplete design: not computable"), c->grey);
	}
	row++;
	put_str(c, ws, row, 0, T(c, "Alpha de Krippendorff (intervalle)", "Krippendorff's alpha (interval)"), NULL);
	if (r->kalpha.note == STAT_OK) {
		put_num(c, ws, row, 1, r->kalpha.alpha, c->num3);
		put_str(c, ws, row, 6, reliability_band_word(reliability_band(BAND_KALPHA, r->kalpha.alpha), c->fr ? "fr" : "en"), NULL);
	} else {
		put_str(c, ws, row, 7, T(c, "non calculable", "not computable"), c->grey);
	}
}

/* --- prize: matrix, results, jurors ------------------------------------------------------- */

static void crit_header(struct strbuf *sb, const struct wctx *c, const struct edition *e, size_t k)
{
	const struct survey *grid = c->in->prize->pd->src.forms[1].latest;
	const char *l = e->crit[k].q ? label_in(c, grid, &e->crit[k].q->label) : NULL;

	strbuf_reset(sb);
	strbuf_addstr(sb, l ? l : e->crit[k].name);
}

static void sheet_matrix(struct wctx *c, const struct report_section *s)
{
	const struct prize_data *pd = c->in->prize->pd;
	const struct prize_result *r = c->in->prize->res;
	const struct edition *e = pd->e;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	struct strbuf sb = STRBUF_INIT;
	lxw_row_t row = 1;
	size_t i, j, k;

	if (!ws)
		return;
	put_str(c, ws, 0, 0, T(c, "N° candidature", "Candidate no."), c->head);
	put_str(c, ws, 0, 1, T(c, "Candidature", "Candidate"), c->head);
	put_str(c, ws, 0, 2, T(c, "Juré", "Juror"), c->head);
	put_str(c, ws, 0, 3, T(c, "Statut", "Status"), c->head);
	for (k = 0; k < e->ncrit; k++)
		put_str(c, ws, 0, (lxw_col_t)(4 + k), e->crit[k].name, c->head);
	put_str(c, ws, 0, (lxw_col_t)(4 + e->ncrit), T(c, "Total du juré (normalisé, sur 100)", "Juror's total (normalised, out of 100)"), c->head);
	worksheet_set_column(ws, 0, 0, 14, NULL);
	worksheet_set_column(ws, 1, 1, 44, NULL);
	worksheet_set_column(ws, 2, 3, 22, NULL);
	worksheet_set_column(ws, 4, (lxw_col_t)(4 + e->ncrit), 14, NULL);
	sheet_ready(c, ws, 1, 2);
	for (i = 0; i < pd->ncand; i++)
		for (j = 0; j < pd->njuror; j++) {
			size_t cell = i * pd->njuror + j;
			int scored = 0;

			if (!pd->assigned[cell] && !pd->conflict[cell])
				continue;
			for (k = 0; k < e->ncrit; k++)
				if (!isnan(pd->scores[cell * e->ncrit + k]))
					scored = 1;
			put_num(c, ws, row, 0, (double)pd->cand_id[i], NULL);
			put_str(c, ws, row, 1, pd->cand_name[i], NULL);
			put_str(c, ws, row, 2, pd->jurors[j].name, NULL);
			put_str(c, ws, row, 3, pd->conflict[cell] ? T(c, "conflit d'intérêts", "conflict of interest")
					       : scored ? T(c, "noté", "scored")
							: T(c, "attribué, pas noté", "assigned, not scored"),
				NULL);
			for (k = 0; k < e->ncrit; k++)
				put_num(c, ws, row, (lxw_col_t)(4 + k), pd->scores[cell * e->ncrit + k], NULL);
			put_num(c, ws, row, (lxw_col_t)(4 + e->ncrit), r->juror_totals[cell], c->num1);
			row++;
		}
	worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, (lxw_col_t)(4 + e->ncrit));
	strbuf_release(&sb);
}

static void sheet_results(struct wctx *c, const struct report_section *s)
{
	const struct prize_data *pd = c->in->prize->pd;
	const struct prize_result *r = c->in->prize->res;
	const struct edition *e = pd->e;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	struct strbuf sb = STRBUF_INIT;
	lxw_col_t cc = 11;	/* first criterion column */
	lxw_row_t wrow = 1, first = 3, row;
	char a[8], z[8], formula[256];
	size_t i, k;
	const char *h[] = { T(c, "Rang", "Rank"), T(c, "N° candidature", "Candidate no."),
			    T(c, "Candidature", "Candidate"), T(c, "Total sur 100", "Total out of 100"),
			    T(c, "Jurés", "Jurors"), T(c, "Écart-type des jurés", "Jurors' SD"),
			    T(c, "Médiane des jurés", "Jurors' median"), T(c, "Trop peu de jurés", "Too few jurors"),
			    T(c, "À discuter", "To discuss"), T(c, "Jurés éloignés", "Jurors far off"),
			    T(c, "Départagé par", "Tie broken by") };

	if (!ws)
		return;
	/* Row 2 holds the weights the totals' formulas use. */
	put_str(c, ws, 0, 0, T(c, "Résultats — totaux sur 100 ; notes agrégées des critères sur l'échelle de la grille",
			       "Results — totals out of 100; aggregated criterion scores on the grid's scale"), c->title);
	put_str(c, ws, wrow, cc - 1, T(c, "Poids", "Weight"), c->bold);
	for (k = 0; k < e->ncrit; k++)
		put_num(c, ws, wrow, cc + (lxw_col_t)k, e->crit[k].weight, c->bold);
	header_row(c, ws, 2, h, 11);
	for (k = 0; k < e->ncrit; k++) {
		crit_header(&sb, c, e, k);
		put_str(c, ws, 2, cc + (lxw_col_t)k, sb.buf, c->head);
	}
	if (c->in->prize->robust) {
		const char *rh[] = { T(c, "Rang le plus haut (variantes, un juré en moins)",
				       "Best rank (variants, one juror out)"),
				     T(c, "Rang le plus bas (variantes, un juré en moins)",
				       "Worst rank (variants, one juror out)"),
				     T(c, "Rang, bootstrap 95 % : borne basse", "Rank, bootstrap 95 %: lower bound"),
				     T(c, "Rang, bootstrap 95 % : borne haute", "Rank, bootstrap 95 %: upper bound"),
				     T(c, "Classement fragile", "Fragile ranking") };

		for (k = 0; k < 5; k++)
			put_str(c, ws, 2, cc + (lxw_col_t)(e->ncrit + k), rh[k], c->head);
	}
	worksheet_set_column(ws, 0, 1, 10, NULL);
	worksheet_set_column(ws, 2, 2, 44, NULL);
	worksheet_set_column(ws, 3, (lxw_col_t)(cc + e->ncrit + 5), 13, NULL);
	sheet_ready(c, ws, 3, 3);
	column_name(a, cc);
	column_name(z, cc + e->ncrit - 1);
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = r->order[i];
		const struct prize_candidate *cd = &r->cand[ci];
		int complete = 1;

		row = first + (lxw_row_t)i;
		if (cd->rank)
			put_num(c, ws, row, 0, (double)cd->rank, NULL);
		put_num(c, ws, row, 1, (double)pd->cand_id[ci], NULL);
		put_str(c, ws, row, 2, pd->cand_name[ci], NULL);
		for (k = 0; k < e->ncrit; k++) {
			put_num(c, ws, row, cc + (lxw_col_t)k, cd->crit[k].agg, c->num2);
			if (isnan(cd->crit[k].agg))
				complete = 0;
		}
		/* The total is the weighted mean of the criteria put on 0-100. */
		if (complete && !isnan(cd->total)) {
			snprintf(formula, sizeof(formula),
				 "=SUMPRODUCT($%s$%u:$%s$%u,(%s%u:%s%u-%.17g)*100/(%.17g-%.17g))/SUM($%s$%u:$%s$%u)",
				 a, wrow + 1, z, wrow + 1, a, row + 1, z, row + 1, e->lo, e->hi, e->lo, a, wrow + 1,
				 z, wrow + 1);
			check(c, worksheet_write_formula_num(ws, row, 3, formula, c->num1, cd->total), "a formula");
		} else {
			put_num(c, ws, row, 3, cd->total, c->num1);
		}
		put_num(c, ws, row, 4, (double)cd->njurors, NULL);
		put_num(c, ws, row, 5, cd->juror_sd, c->num1);
		put_num(c, ws, row, 6, cd->juror_median, c->num1);
		if (cd->too_few_jurors)
			put_str(c, ws, row, 7, T(c, "oui", "yes"), NULL);
		if (cd->to_discuss)
			put_str(c, ws, row, 8, T(c, "oui", "yes"), NULL);
		if (cd->nfar)
			put_num(c, ws, row, 9, (double)cd->nfar, NULL);
		if (cd->decider == DECIDED_CRITERION)
			put_str(c, ws, row, 10, e->crit[cd->decider_crit].name, NULL);
		else if (cd->decider == DECIDED_MEDIAN)
			put_str(c, ws, row, 10, T(c, "médiane des jurés", "jurors' median"), NULL);
		else if (cd->decider == DECIDED_SHARED)
			put_str(c, ws, row, 10, T(c, "ex æquo", "tied"), NULL);
		if (c->in->prize->robust) {
			const struct prize_robust *rb = &c->in->prize->robust[ci];
			lxw_col_t rc0 = cc + (lxw_col_t)e->ncrit;

			if (rb->rank_min)
				put_num(c, ws, row, rc0, (double)rb->rank_min, NULL);
			if (rb->rank_max)
				put_num(c, ws, row, rc0 + 1, (double)rb->rank_max, NULL);
			if (rb->boot_lo)
				put_num(c, ws, row, rc0 + 2, (double)rb->boot_lo, NULL);
			if (rb->boot_hi)
				put_num(c, ws, row, rc0 + 3, (double)rb->boot_hi, NULL);
			if (rb->fragile)
				put_str(c, ws, row, rc0 + 4, T(c, "oui", "yes"), NULL);
		}
	}
	if (pd->ncand)
		worksheet_autofilter(ws, 2, 0, first + (lxw_row_t)pd->ncand - 1,
				     (lxw_col_t)(cc + e->ncrit - 1 + (c->in->prize->robust ? 5 : 0)));
	/* A bar chart of the totals, best first (at most the first 40). */
	if (pd->ncand) {
		lxw_chart *ch = workbook_add_chart(c->wb, LXW_CHART_BAR);
		lxw_chart_options opt;
		size_t shown = pd->ncand < 40 ? pd->ncand : 40;

		if (ch) {
			lxw_chart_series *sr = chart_add_series(ch, NULL, NULL);

			chart_series_set_categories(sr, s->sheet, first, 2, first + (lxw_row_t)shown - 1, 2);
			chart_series_set_values(sr, s->sheet, first, 3, first + (lxw_row_t)shown - 1, 3);
			chart_series_set_name(sr, T(c, "Total sur 100", "Total out of 100"));
			chart_title_set_name(ch, T(c, "Classement", "Ranking"));
			chart_axis_set_min(ch->x_axis, 0);
			chart_axis_set_max(ch->x_axis, 100);
			chart_axis_set_reverse(ch->y_axis);
			memset(&opt, 0, sizeof(opt));
			opt.x_scale = 1.5;
			opt.y_scale = 1.0 + (double)shown / 12.0;
			check(c, worksheet_insert_chart_opt(ws, first + (lxw_row_t)pd->ncand + 2, 2, ch, &opt),
			      "the ranking chart");
		}
	}
	strbuf_release(&sb);
}

static void sheet_jurors(struct wctx *c, const struct report_section *s)
{
	const struct prize_data *pd = c->in->prize->pd;
	const struct prize_result *r = c->in->prize->res;
	lxw_worksheet *ws = add_sheet(c, s->sheet);
	const char *h[] = { T(c, "Juré", "Juror"), T(c, "Organisation", "Organisation"),
			    T(c, "Candidatures attribuées", "Candidates assigned"),
			    T(c, "Candidatures notées", "Candidates scored"),
			    T(c, "Moyenne des notes", "Mean score"), T(c, "Écart-type", "SD"),
			    T(c, "Sévérité (points sur 100)", "Severity (points out of 100)"),
			    T(c, "Notes constantes", "Constant scores") };
	size_t j, i;

	if (!ws)
		return;
	header_row(c, ws, 0, h, 8);
	worksheet_set_column(ws, 0, 1, 28, NULL);
	worksheet_set_column(ws, 2, 7, 16, NULL);
	sheet_ready(c, ws, 1, 0);
	for (j = 0; j < pd->njuror; j++) {
		const struct prize_juror *pj = &r->juror[j];
		size_t assigned = 0;

		for (i = 0; i < pd->ncand; i++)
			assigned += pd->assigned[i * pd->njuror + j];
		put_str(c, ws, (lxw_row_t)(j + 1), 0, pd->jurors[j].name, NULL);
		put_str(c, ws, (lxw_row_t)(j + 1), 1, pd->jurors[j].organisation, NULL);
		put_num(c, ws, (lxw_row_t)(j + 1), 2, (double)assigned, NULL);
		put_num(c, ws, (lxw_row_t)(j + 1), 3, (double)pj->nscored, NULL);
		put_num(c, ws, (lxw_row_t)(j + 1), 4, pj->mean, c->num2);
		put_num(c, ws, (lxw_row_t)(j + 1), 5, pj->sd, c->num2);
		put_num(c, ws, (lxw_row_t)(j + 1), 6, pj->severity, c->num1);
		if (pj->not_normalised && pj->nscored)
			put_str(c, ws, (lxw_row_t)(j + 1), 7, T(c, "oui", "yes"), NULL);
	}
	worksheet_autofilter(ws, 0, 0, pd->njuror ? (lxw_row_t)pd->njuror : 1, 7);
}

/* --- the laureates one year on ------------------------------------------------------------- */

/* An answer as a reader reads it: choices by their labels ("; " between several). */
static void answer_label(struct strbuf *sb, const struct wctx *c, const struct survey *s,
			 const struct question *q, const char *v)
{
	int li = survey_lang(s, c->lang);
	size_t lang = li < 0 ? s->default_lang : (size_t)li;

	strbuf_reset(sb);
	if ((q->type != Q_SELECT_ONE && q->type != Q_SELECT_MULTIPLE) || !q->list) {
		strbuf_addstr(sb, v);
		return;
	}
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, " ");
		const char *lab = NULL;

		for (size_t k = 0; k < q->list->n && !lab; k++)
			if (strlen(q->list->v[k].name) == n && !strncmp(q->list->v[k].name, p, n))
				lab = label_get(s, &q->list->v[k].label, lang);
		if (n) {
			if (sb->len)
				strbuf_addstr(sb, "; ");
			if (lab)
				strbuf_addstr(sb, lab);
			else
				strbuf_add(sb, p, n);
		}
		p += n;
		p += strspn(p, " ");
	}
}

/*
 * One row per laureate (a candidate given a follow-up link): its number,
 * name, rank and total in the edition, where its follow-up stands, then
 * its answers question by question (labels as headers).
 */
static void sheet_laureates(struct wctx *c, const struct report_section *sec)
{
	const struct prize_data *pd = c->in->prize->pd;
	const struct prize_result *r = c->in->prize->res;
	const struct prize_followup *f = c->in->prize->followup;
	lxw_worksheet *ws = add_sheet(c, sec->sheet);
	const char *h[] = { T(c, "Candidature n°", "Candidate no."), T(c, "Lauréat", "Laureate"),
			    T(c, "Rang", "Rank"), T(c, "Total sur 100", "Total out of 100"),
			    T(c, "Suivi", "Follow-up") };
	struct strbuf sb = STRBUF_INIT;
	lxw_col_t col;
	size_t i, q;
	int li;

	if (!ws || !f)
		return;
	if (!f->s) {
		put_str(c, ws, 0, 0, T(c, "Les lauréats un an après", "The laureates one year on"), c->title);
		strbuf_addf(&sb, T(c, "Le questionnaire de suivi « %s » n'est pas chargé dans l'espace de travail (utilis survey load, puis utilis prize followup).",
				   "The follow-up survey '%s' is not loaded in the workspace (utilis survey load, then utilis prize followup)."),
			    sec->followup);
		put_str(c, ws, 1, 0, sb.buf, c->grey);
		strbuf_release(&sb);
		return;
	}
	li = survey_lang(f->s, c->lang);
	put_str(c, ws, 0, 0, T(c, "Les lauréats un an après", "The laureates one year on"), c->title);
	strbuf_addf(&sb, T(c, "%zu lauréat%s avec un lien de suivi, %d réponse%s (questionnaire %s, version %d).",
			   "%zu laureate%s with a follow-up link, %d answer%s (survey %s, version %d)."),
		    f->n, f->n == 1 ? "" : "s", f->answered_n, f->answered_n == 1 ? "" : "s",
		    f->s->form_id, f->s->version);
	put_str(c, ws, 1, 0, sb.buf, c->grey);
	header_row(c, ws, 3, h, 5);
	col = 5;
	for (q = 0; q < f->s->nq; q++) {
		const struct question *fq = f->s->questions[q];
		const char *lab = label_get(f->s, &fq->label, li < 0 ? f->s->default_lang : (size_t)li);

		if (!q_is_answered(fq))
			continue;
		put_str(c, ws, 3, col++, lab && *lab ? lab : fq->name, c->head);
	}
	worksheet_set_column(ws, 0, 0, 12, NULL);
	worksheet_set_column(ws, 1, 1, 42, NULL);
	worksheet_set_column(ws, 2, 4, 11, NULL);
	if (col > 5)
		worksheet_set_column(ws, 5, col - 1, 28, c->wrap);
	sheet_ready(c, ws, 4, 2);
	for (i = 0; i < f->n; i++) {
		size_t ci = f->cand[i];
		lxw_row_t row = (lxw_row_t)(4 + i);
		const char *st = f->status[i];

		put_num(c, ws, row, 0, (double)pd->cand_id[ci], NULL);
		put_str(c, ws, row, 1, pd->cand_name[ci], NULL);
		if (r->cand[ci].rank)
			put_num(c, ws, row, 2, (double)r->cand[ci].rank, NULL);
		put_num(c, ws, row, 3, r->cand[ci].total, c->num1);
		put_str(c, ws, row, 4, !strcmp(st, "submitted") ? T(c, "répondu", "answered")
				       : !strcmp(st, "started") ? T(c, "commencé", "started")
				       : T(c, "lien envoyé", "link sent"), NULL);
		/* Answers typed from paper have a submitted row while the link stays unused. */
		if (strcmp(st, "submitted"))
			for (q = 0; q < f->s->nq; q++)
				if (f->values[i * f->s->nq + q]) {
					put_str(c, ws, row, 4, T(c, "répondu (papier)", "answered (paper)"), NULL);
					break;
				}
		col = 5;
		for (q = 0; q < f->s->nq; q++) {
			const struct question *fq = f->s->questions[q];
			const char *v = f->values[i * f->s->nq + q];

			if (!q_is_answered(fq))
				continue;
			if (v) {
				answer_label(&sb, c, f->s, fq, v);
				if (fq->type == Q_INTEGER || fq->type == Q_DECIMAL)
					put_num(c, ws, row, col, an_number(v), NULL);
				else
					put_str(c, ws, row, col, sb.buf, NULL);
			}
			col++;
		}
	}
	if (!f->n)
		put_str(c, ws, 4, 0, T(c, "Aucun lauréat n'a encore de lien de suivi (utilis prize followup).",
				       "No laureate has a follow-up link yet (utilis prize followup)."), c->grey);
	strbuf_release(&sb);
}

/* --- where the figures come from ---------------------------------------------------------- */

static void sheet_sources(struct wctx *c)
{
	const struct report_input *in = c->in;
	const struct report_layout *l = in->layout;
	lxw_worksheet *ws = add_sheet(c, "Sources");
	struct strbuf sb = STRBUF_INIT;
	lxw_row_t row = 0;
	char date[64], b[64];
	size_t i;

	if (!ws)
		return;
	worksheet_set_column(ws, 0, 0, 34, c->bold);
	worksheet_set_column(ws, 1, 1, 70, NULL);
	worksheet_set_column(ws, 2, 3, 16, NULL);
	sheet_ready(c, ws, 0, 0);
	put_str(c, ws, row++, 0, T(c, "D'où viennent les chiffres", "Where the figures come from"), c->title);
	row++;
	put_str(c, ws, row, 0, T(c, "Rapport", "Report"), c->bold);
	put_str(c, ws, row++, 1, report_text(&l->title, c->lang, l->id), NULL);
	put_str(c, ws, row, 0, T(c, "Mise en page", "Layout"), c->bold);
	put_str(c, ws, row++, 1, l->file, NULL);
	put_str(c, ws, row, 0, T(c, "Source", "Source"), c->bold);
	put_str(c, ws, row++, 1, l->source_path, NULL);
	put_str(c, ws, row, 0, T(c, "Date", "Date"), c->bold);
	put_str(c, ws, row++, 1, fmt_date(date, sizeof(date), in->when, c->lang), NULL);
	put_str(c, ws, row, 0, "utilis", c->bold);
	put_str(c, ws, row++, 1, UTILIS_VERSION, NULL);
	if (in->ind) {
		const struct ind_result *r = in->ind->res;

		put_str(c, ws, row, 0, T(c, "Réponses lues", "Answers read"), c->bold);
		put_num(c, ws, row++, 1, (double)r->nresp, NULL);
		for (i = 0; i < r->nforms; i++) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, T(c, "%s : %s réponses, versions %d à %d", "%s: %s answers, versions %d to %d"),
				    r->forms[i].form_id, fmt_count(b, sizeof(b), r->forms[i].nresp, c->lang),
				    r->forms[i].vmin, r->forms[i].vmax);
			put_str(c, ws, row++, 1, sb.buf, NULL);
		}
		put_str(c, ws, row, 0, T(c, "Réponses comptées", "Answers counted"), c->bold);
		put_str(c, ws, row++, 1, r->opt.submitted_only ? T(c, "envoyées seulement", "sent in only")
							       : T(c, "toutes, envoyées ou non", "all, sent in or not"), NULL);
		put_str(c, ws, row, 0, T(c, "Petits groupes", "Small groups"), c->bold);
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "les groupes de moins de %d répondants ne sont jamais montrés ; les répondants d'un groupe × vague de moins de %d sont laissés hors de tous les chiffres, totaux compris ; « < %d » : une réponse choisie par moins de %d, « masqué » : une case cachée pour qu'elle ne se déduise pas ; Min(%d) et Max(%d) : la %de plus petite et la %de plus grande valeur",
				   "groups of fewer than %d respondents are never shown; respondents of a group x wave of fewer than %d are left out of every figure, the totals included; \"< %d\": an answer chosen by fewer than %d, \"suppressed\": a cell hidden so that it cannot be worked out; Min(%d) and Max(%d): the %dth smallest and the %dth largest value"),
			    r->min_group, r->min_group, r->min_group, r->min_group, r->min_group,
			    r->min_group, r->min_group, r->min_group);
		put_str(c, ws, row++, 1, sb.buf, NULL);
		put_str(c, ws, row, 0, T(c, "Bootstrap de l'indice", "Bootstrap of the index"), c->bold);
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "%zu tirages, graine %llu", "%zu resamples, seed %llu"), r->opt.nboot,
			    (unsigned long long)r->opt.seed);
		put_str(c, ws, row++, 1, sb.buf, NULL);
		if (c->answers_cut) {
			put_str(c, ws, row, 0, T(c, "Attention", "Warning"), c->bold);
			strbuf_reset(&sb);
			strbuf_addf(&sb, T(c, "%zu répondants au-delà de la dernière ligne d'Excel ne sont pas dans la feuille des réponses : utilisez 'utilis responses export'.",
					   "%zu respondents beyond Excel's last row are not in the answers sheet: use 'utilis responses export'."),
				    c->answers_cut);
			put_str(c, ws, row++, 1, sb.buf, NULL);
		}
	} else if (in->prize) {
		const struct prize_data *pd = in->prize->pd;

		put_str(c, ws, row, 0, T(c, "Candidatures", "Candidates"), c->bold);
		put_num(c, ws, row++, 1, (double)pd->ncand, NULL);
		put_str(c, ws, row, 0, T(c, "Jurés", "Jurors"), c->bold);
		put_num(c, ws, row++, 1, (double)pd->njuror, NULL);
		put_str(c, ws, row, 0, T(c, "Fiches de notation", "Score sheets"), c->bold);
		put_num(c, ws, row++, 1, (double)pd->nsheets, NULL);
	}
	row++;
	put_str(c, ws, row, 0, T(c, "Questionnaire", "Survey"), c->head);
	put_str(c, ws, row, 1, "SHA-256", c->head);
	put_str(c, ws, row++, 2, "Version", c->head);
	for (i = 0; in->trace && i < in->trace->n; i++) {
		put_str(c, ws, row, 0, in->trace->v[i].form_id, NULL);
		put_str(c, ws, row, 1, in->trace->v[i].sha256, NULL);
		put_num(c, ws, row++, 2, in->trace->v[i].version, NULL);
	}
	strbuf_release(&sb);
}

/* --- the workbook ---------------------------------------------------------------------------- */

static void add_formats(struct wctx *c)
{
	c->bold = workbook_add_format(c->wb);
	format_set_bold(c->bold);
	c->head = workbook_add_format(c->wb);
	format_set_bold(c->head);
	format_set_bg_color(c->head, 0xE8EEF5);
	format_set_text_wrap(c->head);
	format_set_align(c->head, LXW_ALIGN_VERTICAL_TOP);
	c->title = workbook_add_format(c->wb);
	format_set_bold(c->title);
	format_set_font_size(c->title, 13);
	format_set_font_color(c->title, 0x0B4F8A);
	c->num1 = workbook_add_format(c->wb);
	format_set_num_format(c->num1, "0.0");
	c->num2 = workbook_add_format(c->wb);
	format_set_num_format(c->num2, "0.00");
	c->num3 = workbook_add_format(c->wb);
	format_set_num_format(c->num3, "0.000");
	c->wrap = workbook_add_format(c->wb);
	format_set_text_wrap(c->wrap);
	format_set_align(c->wrap, LXW_ALIGN_VERTICAL_TOP);
	c->grey = workbook_add_format(c->wb);
	format_set_font_color(c->grey, 0x5F5F5F);
	c->datetime = workbook_add_format(c->wb);
	format_set_num_format(c->datetime, "yyyy-mm-dd hh:mm:ss");
}

int report_xlsx(const struct report_input *in, const char *path, struct error *err)
{
	const struct report_layout *l = in->layout;
	lxw_workbook_options opts = { LXW_TRUE, NULL, LXW_FALSE };	/* zip64 off: readers check its archives less well */
	lxw_doc_properties props;
	struct wctx c;
	struct afile f;
	lxw_error e;
	struct xlsx_watch *w;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.in = in;
	c.lang = in->lang;
	c.fr = fmt_is_fr(in->lang);
	c.err = err;
	/* a report names candidates or shows answers: the analyst's alone (0600) */
	if (afile_open(&f, path, AFILE_PRIVATE, err) < 0)
		return -1;
	if (afile_close_fd(&f, err) < 0) {	/* libxlsxwriter writes the file by name */
		afile_abort(&f);
		return -1;
	}
	c.wb = workbook_new_opt(f.tmp, &opts);
	if (!c.wb) {
		error_set(err, "cannot write '%s': libxlsxwriter could not start the workbook", path);
		afile_abort(&f);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	props.title = (char *)report_text(&l->title, in->lang, l->id);
	props.author = (char *)l->author;
	props.comments = (char *)"utilis " UTILIS_VERSION;
	props.created = in->when;
	workbook_set_properties(c.wb, &props);
	add_formats(&c);
	for (i = 0; i < l->nsec && !c.failed; i++) {
		const struct report_section *s = &l->sec[i];

		switch (s->type) {
		case SEC_ANSWERS: sheet_answers(&c, s); break;
		case SEC_CODEBOOK: sheet_codebook(&c, s); break;
		case SEC_INDICATORS: sheet_indicators(&c, s); break;
		case SEC_DESCRIBE: sheet_describe(&c, s); break;
		case SEC_MATRIX: sheet_matrix(&c, s); break;
		case SEC_RESULTS: sheet_results(&c, s); break;
		case SEC_JURORS: sheet_jurors(&c, s); break;
		case SEC_LAUREATES: sheet_laureates(&c, s); break;
		case SEC_RELIABILITY: {
			lxw_worksheet *ws = add_sheet(&c, s->sheet);

			if (ws && in->ind)
				sheet_reliability_ind(&c, ws);
			else if (ws)
				sheet_reliability_prize(&c, ws);
			break;
		}
		default:
			break;
		}
	}
	if (!c.failed)
		sheet_sources(&c);
	for (i = 0; i < c.nheads; i++)
		free(c.heads[i].text);
	free(c.heads);
	/*
	 * A bad path or a full disk shows only here; a full disk may also have
	 * cut a part short without an error: each part is checked on the
	 * second core while it is deflated.
	 */
	w = c.failed ? NULL : xlsx_watch_start();
	e = workbook_close(c.wb);
	if (!c.failed && e != LXW_NO_ERROR) {
		error_set(err, "cannot write '%s': %s", path, lxw_strerror(e));
		c.failed = 1;
	}
	if (xlsx_watch_finish(w, c.failed ? NULL : f.tmp, path, err) < 0)
		c.failed = 1;
	if (c.failed) {
		afile_abort(&f);
		return -1;
	}
	return afile_commit(&f, err);
}
