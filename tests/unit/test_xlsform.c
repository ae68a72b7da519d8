/*
 * Unit tests of XLSForm both ways (src/survey/xlsform.c, src/survey/xlsx.c,
 * src/report/xlsform_write.c): every questionnaire of the programme, and
 * the test survey, written as a workbook and read back gives the same
 * survey model, compared field by field; language columns are understood
 * in the spellings KoboToolbox, ODK and pyxform use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "report/xlsform_write.h"
#include "survey/survey.h"
#include "survey/xlsform.h"
#include "survey/xlsx.h"

static struct survey *load_text(const char *name, const char *text, size_t len)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;

	if (survey_load(&s, name, text, len, &d) < 0) {
		diags_print(stderr, &d);
		fail_msg("%s does not load", name);
	}
	diags_release(&d);
	return s;
}

static struct survey *load_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 20);
	size_t n;
	struct survey *s;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	s = load_text(path, buf, n);
	free(buf);
	return s;
}

static void same_text(const char *what, const char *a, const char *b)
{
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
		fail_msg("%s: '%s' became '%s'", what, a ? a : "(none)", b ? b : "(none)");
}

static void same_label(const char *what, const struct survey *s, const struct label *a,
		       const struct label *b)
{
	for (size_t l = 0; l < s->nlang; l++) {
		char buf[320];

		snprintf(buf, sizeof(buf), "%.256s [%.16s]", what, s->languages[l]);
		same_text(buf, a->text[l], b->text[l]);
	}
}

static const char *attr_of(const struct choice *c, const char *name)
{
	for (size_t k = 0; k < c->nattr; k++)
		if (!strcmp(c->attr_names[k], name))
			return c->attr_values[k];
	return NULL;
}

/* Every field of the models that a definition sets. */
static void same_survey(const struct survey *a, const struct survey *b)
{
	size_t i, k;
	char what[256];

	same_text("form_id", a->form_id, b->form_id);
	assert_int_equal(a->version, b->version);
	assert_int_equal(a->nlang, b->nlang);
	for (i = 0; i < a->nlang; i++)
		same_text("language", a->languages[i], b->languages[i]);
	assert_int_equal(a->default_lang, b->default_lang);
	same_label("title", a, &a->title, &b->title);
	assert_int_equal(a->anonymous, b->anonymous);
	assert_int_equal(a->is_public, b->is_public);
	assert_int_equal(a->nlists, b->nlists);
	for (i = 0; i < a->nlists; i++) {
		const struct choice_list *x = &a->lists[i], *y = &b->lists[i];

		same_text("list", x->name, y->name);
		assert_int_equal(x->n, y->n);
		assert_int_equal(x->is_scale, y->is_scale);
		for (k = 0; k < x->n; k++) {
			snprintf(what, sizeof(what), "choice %s/%s", x->name, x->v[k].name);
			same_text(what, x->v[k].name, y->v[k].name);
			same_label(what, a, &x->v[k].label, &y->v[k].label);
			assert_int_equal(x->v[k].nattr, y->v[k].nattr);
			for (size_t m = 0; m < x->v[k].nattr; m++)
				same_text(what, x->v[k].attr_values[m],
					  attr_of(&y->v[k], x->v[k].attr_names[m]));
		}
	}
	assert_int_equal(a->nq, b->nq);
	assert_int_equal(a->ntop, b->ntop);
	for (i = 0; i < a->nq; i++) {
		const struct question *x = a->questions[i], *y = b->questions[i];

		snprintf(what, sizeof(what), "question %s", x->name);
		same_text(what, x->name, y->name);
		assert_int_equal(x->type, y->type);
		same_label(what, a, &x->label, &y->label);
		same_label(what, a, &x->hint, &y->hint);
		same_label(what, a, &x->required_message, &y->required_message);
		same_label(what, a, &x->constraint_message, &y->constraint_message);
		assert_int_equal(x->required, y->required);
		same_text(what, x->required_src, y->required_src);
		same_text(what, x->relevant_src, y->relevant_src);
		same_text(what, x->constraint_src, y->constraint_src);
		same_text(what, x->calculation_src, y->calculation_src);
		same_text(what, x->choice_filter_src, y->choice_filter_src);
		same_text(what, x->default_value, y->default_value);
		same_text(what, x->appearance, y->appearance);
		same_text(what, x->list ? x->list->name : NULL, y->list ? y->list->name : NULL);
		assert_true(x->range_start == y->range_start && x->range_end == y->range_end &&
			    x->range_step == y->range_step);
		same_text(what, x->dimension, y->dimension);
		assert_int_equal(x->reverse, y->reverse);
		assert_true(x->weight == y->weight);
		assert_int_equal(x->is_scale, y->is_scale);
		assert_true(x->scale_min == y->scale_min && x->scale_max == y->scale_max);
		same_text(what, x->parent ? x->parent->name : NULL, y->parent ? y->parent->name : NULL);
		assert_int_equal(x->nchildren, y->nchildren);
		same_text(what, x->repeat ? x->repeat->name : NULL, y->repeat ? y->repeat->name : NULL);
		same_text(what, x->repeat_count_src, y->repeat_count_src);
		assert_int_equal(x->max_count, y->max_count);
	}
}

/* Write s as an XLSForm, read it back, load it. */
static struct survey *round_trip(const struct survey *s, struct strbuf *yaml)
{
	char path[] = "/tmp/test_xlsform.XXXXXX";
	char xlsx[64];
	struct xlsform_options opt = { NULL, NULL, 0 };
	struct diags d = DIAGS_INIT;
	struct error err;
	char *form_id = NULL;
	struct survey *b;

	/* the same file name each time: the YAML names it in its first line */
	assert_non_null(mkdtemp(path));
	snprintf(xlsx, sizeof(xlsx), "%s/form.xlsx", path);
	if (xlsform_write(s, xlsx, &err) < 0)
		fail_msg("%s", err.msg);
	if (xlsform_read(xlsx, &opt, yaml, &form_id, &d, &err) != 0) {
		diags_print(stderr, &d);
		fail_msg("%s does not come back", s->form_id);
	}
	assert_int_equal(d.nwarning, 0);
	same_text("form_id", s->form_id, form_id);
	unlink(xlsx);
	rmdir(path);
	diags_release(&d);
	free(form_id);
	b = load_text("back.yaml", yaml->buf, yaml->len);
	return b;
}

static void test_programme_round_trip(void **state)
{
	glob_t g;

	(void)state;
	assert_int_equal(glob("../../surveys/*.yaml", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 7);
	for (size_t i = 0; i <= g.gl_pathc + 1; i++) {
		const char *path = i < g.gl_pathc ? g.gl_pathv[i] : i == g.gl_pathc ?
			"../data/good/essai.yaml" : "../data/good/conseil.yaml";
		struct strbuf y1 = STRBUF_INIT, y2 = STRBUF_INIT;
		struct survey *a = load_file(path), *b, *c;

		b = round_trip(a, &y1);
		same_survey(a, b);
		/* and a second time: the very same text */
		c = round_trip(b, &y2);
		assert_string_equal(y1.buf, y2.buf);
		survey_free(a);
		survey_free(b);
		survey_free(c);
		strbuf_release(&y1);
		strbuf_release(&y2);
	}
	globfree(&g);
}

static void test_language_codes(void **state)
{
	static const struct { const char *in, *code; } cases[] = {
		{ "Français (fr)", "fr" }, { "French (fr)", "fr" }, { "English (en)", "en" },
		{ "english", "en" }, { "English", "en" }, { "français", "fr" }, { "Francais", "fr" },
		{ "EN", "en" }, { "fr", "fr" }, { "chinese", "zh" }, { " Deutsch (de) ", "de" },
		{ "Español", "es" }, { "Klingon (tlh)", "tlh" }, { "Klingon", NULL }, { "x", NULL },
		{ "Name ()", NULL },
	};
	char code[16];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = xlsform_language_code(cases[i].in, code);

		if (!cases[i].code) {
			if (rc == 0)
				fail_msg("'%s' gave '%s'", cases[i].in, code);
			continue;
		}
		if (rc != 0 || strcmp(code, cases[i].code))
			fail_msg("'%s' gave %s, want %s", cases[i].in, rc ? "nothing" : code, cases[i].code);
	}
	assert_string_equal(xlsform_language_name("fr"), "Français");
	assert_null(xlsform_language_name("tlh"));
}

/* The workbook reader on pyxform's test file: sheets, rows, numbers, formulas. */
static void test_reader(void **state)
{
	struct xlsx_book book;
	struct error err;
	const struct xlsx_sheet *sh;
	char col[8];

	(void)state;
	assert_int_equal(xlsx_read(&book, "../data/xlsform/xlsform_spec_test.xlsx", &err), 0);
	sh = xlsx_sheet(&book, "SURVEY");
	assert_non_null(sh);
	assert_string_equal(sh->name, "survey");
	assert_string_equal(xlsx_cell(&sh->rows[0], 5), "label::english");
	assert_string_equal(xlsx_cell(&sh->rows[3], 3), "12");		/* a number cell, 12.0 */
	assert_string_equal(xlsx_cell(&sh->rows[21], 11), "true");	/* =TRUE() */
	assert_null(xlsx_cell(&sh->rows[0], 27));
	assert_string_equal(xlsx_col_name(1, col), "A");
	assert_string_equal(xlsx_col_name(27, col), "AA");
	assert_string_equal(xlsx_col_name(16384, col), "XFD");
	xlsx_release(&book);
	assert_int_equal(xlsx_read(&book, "../data/good/essai.yaml", &err), UT_EDATA);
	xlsx_release(&book);
	assert_int_equal(xlsx_read(&book, "../data/xlsform/missing.xlsx", &err), UT_EIO);
	xlsx_release(&book);
}

/*
 * Nothing lost silently: in every workbook of the corpus of real forms that
 * loads with --drop-unsupported, each named row of the survey and choices
 * sheets is in the definition, or a diagnostic names it or stands at its
 * row; each column with a value is read (its key is in the definition) or a
 * diagnostic names it.  And at least 90 % of them load.
 */
static int said(const struct diags *d, const char *sheet, unsigned row, const char *what)
{
	char q[300];

	snprintf(q, sizeof(q), "'%s'", what ? what : "");
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		const char *sh = g->file ? strrchr(g->file, ':') : NULL;

		if (what && strstr(g->msg, q))
			return 1;
		if (sh && !strcasecmp(sh + 1, sheet) && g->line > 0 &&
		    ((unsigned)g->line == row ||
		     ((unsigned)g->line < row && strstr(g->msg, "after it are not read"))))
			return 1;
	}
	return 0;
}

static int header_read(const char *yaml, const char *header)
{
	char k[200], pat[210];
	size_t n = 0;
	const char *h = header, *p;

	if (!strncasecmp(h, "bind:", 5))
		h += 5;
	if (!strncasecmp(h, "jr:", 3))
		h += 3;
	for (; *h && n + 1 < sizeof(k) && strncmp(h, "::", 2) && (*h != ':' || n == 0); h++)
		k[n++] = *h == ' ' ? '_' : (char)(*h >= 'A' && *h <= 'Z' ? *h + 32 : *h);
	k[n] = '\0';
	if (!strcmp(k, "constraintmsg"))
		strcpy(k, "constraint_message");
	if (!strcmp(k, "requiredmsg"))
		strcpy(k, "required_message");
	if (!strcmp(k, "type") || !strcmp(k, "name") || !strcmp(k, "list_name") ||
	    !strcmp(k, "form_id") || !strcmp(k, "id_string") || !strcmp(k, "form_title"))
		return 1;
	snprintf(pat, sizeof(pat), "%s: ", k);
	for (p = yaml; (p = strstr(p, pat)) != NULL; p++)
		if (p == yaml || p[-1] == ' ' || p[-1] == '{')
			return 1;
	snprintf(pat, sizeof(pat), "%s: ", header);	/* a choice's filter column */
	if (strstr(yaml, pat))
		return 1;
	snprintf(pat, sizeof(pat), "\"%s\": ", header);
	return strstr(yaml, pat) != NULL;
}

static void test_corpus_nothing_lost(void **state)
{
	glob_t g;
	size_t loaded = 0, lost = 0;

	(void)state;
	assert_int_equal(glob("../data/xlsform/corpus/*.xlsx", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 60);
	for (size_t f = 0; f < g.gl_pathc; f++) {
		struct xlsform_options opt = { NULL, NULL, 1 };
		struct diags d = DIAGS_INIT;
		struct strbuf yaml = STRBUF_INIT;
		struct xlsx_book book;
		struct error err;
		char *form_id = NULL;
		static const char *const sheets[] = { "survey", "choices" };

		if (xlsform_read(g.gl_pathv[f], &opt, &yaml, &form_id, &d, &err) != 0 || !form_id) {
			diags_release(&d);
			strbuf_release(&yaml);
			free(form_id);
			continue;
		}
		loaded++;
		assert_int_equal(xlsx_read(&book, g.gl_pathv[f], &err), 0);
		for (size_t s = 0; s < 2; s++) {
			const struct xlsx_sheet *sh = xlsx_sheet(&book, sheets[s]);
			unsigned ncol = 0, lcol = 0, tcol = 0;

			if (!sh && s == 0 && book.nsheets == 1)
				sh = &book.sheets[0];
			if (!sh || sh->nrows == 0)
				continue;
			for (size_t i = 0; i < sh->rows[0].n; i++) {
				const struct xlsx_cell *h = &sh->rows[0].cells[i];
				size_t r;

				if (!strcasecmp(h->text, "name"))
					ncol = h->col;
				if (!strcasecmp(h->text, "type"))
					tcol = h->col;
				if (!strcasecmp(h->text, "list_name") || !strcasecmp(h->text, "list name"))
					lcol = h->col;
				char head[200];
				size_t hl;

				/* a column is read when its key is in the definition, said when
				 * a diagnostic names it or each of its values' rows */
				snprintf(head, sizeof(head), "%s", h->text);
				for (hl = strlen(head); hl > 0 && head[hl - 1] == ' '; hl--)
					head[hl - 1] = '\0';
				for (r = 1; r < sh->nrows; r++)
					if (xlsx_cell(&sh->rows[r], h->col) &&
					    !said(&d, sheets[s], sh->rows[r].row, NULL))
						break;
				if (r < sh->nrows && !header_read(yaml.buf, head) &&
				    !said(&d, sheets[s], sh->rows[0].row, h->text) && ++lost)
					print_message("%s: column '%s' of sheet %s is neither read nor said\n",
						 g.gl_pathv[f], h->text, sheets[s]);
			}
			for (size_t r = 1; ncol && r < sh->nrows; r++) {
				const char *name = xlsx_cell(&sh->rows[r], ncol);
				char pat[300], pat2[300];

				if (!name || (s == 1 && (!lcol || !xlsx_cell(&sh->rows[r], lcol))))
					continue;
				if (s == 0 && tcol && xlsx_cell(&sh->rows[r], tcol) &&
				    !strncasecmp(xlsx_cell(&sh->rows[r], tcol), "end", 3))
					continue;	/* the name of an end_group row means nothing */
				snprintf(pat, sizeof(pat), "name: %s\n", name);
				snprintf(pat2, sizeof(pat2), "name: \"%s\"", name);
				if (!strstr(yaml.buf, pat) && !strstr(yaml.buf, pat2) &&
				    !said(&d, sheets[s], sh->rows[r].row, name) && ++lost)
					print_message("%s: '%s' (sheet %s, row %u) is neither in the definition nor said\n",
						 g.gl_pathv[f], name, sheets[s], sh->rows[r].row);
			}
		}
		xlsx_release(&book);
		diags_release(&d);
		strbuf_release(&yaml);
		free(form_id);
	}
	assert_int_equal(lost, 0);
	/* the goal of issue 13: at least 90 % of real forms load */
	assert_true(loaded * 10 >= g.gl_pathc * 9);
	globfree(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_programme_round_trip),
		cmocka_unit_test(test_language_codes),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_corpus_nothing_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
