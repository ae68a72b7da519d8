/*
 * Unit tests of the report module: UTF-8 line breaking, French and English
 * number formats, pagination of paragraphs and tables (a row is never cut,
 * the header comes back on every page), saving (no half file), report
 * layouts with their exact FILE:LINE:COL messages, and the plain-words
 * conditions and jumps of the paper questionnaire.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "report/fmt.h"
#include "report/layout.h"
#include "report/paper.h"
#include "report/pdf.h"
#include "report/wrap.h"
#include "util/afile.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* --- wrapping ------------------------------------------------------------------------- */

/* Every character is one unit wide. */
static double count_chars(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return (double)utf8_chars(s, n);
}

static void test_wrap_table(void **state)
{
	static const struct {
		const char *text;
		double width;
		const char *lines;	/* expected lines joined by '|' */
	} cases[] = {
		{ "le chat dort", 20, "le chat dort" },
		{ "le chat dort", 7, "le chat|dort" },
		{ "le chat dort", 6, "le|chat|dort" },
		{ "élève à l'œuvre", 6, "élève|à|l'œuvr|e" },
		/* a no-break space keeps "45 %" and « mot » whole */
		{ "45\xc2\xa0% des réponses", 4, "45\xc2\xa0%|des|répo|nses" },
		{ "«\xc2\xa0oui\xc2\xa0» ou non", 7, "«\xc2\xa0oui\xc2\xa0»|ou non" },
		{ "a\n\nb", 10, "a||b" },
		{ "", 5, "" },
		{ "  lots   of   spaces  ", 30, "lots   of   spaces" },
		{ "un mot", 0.5, "u|n|m|o|t" },
		{ "€€€€€€", 4, "€€€€|€€" },
		/* no break before a colon or », nor after « (ordinary spaces) */
		{ "oui : non", 6, "oui :|non" },
		{ "il dit « oui » et part", 10, "il dit|« oui » et|part" },
		{ "ligne un\nligne deux qui est longue", 12, "ligne un|ligne deux|qui est|longue" },
	};
	struct wrap_lines w = WRAP_LINES_INIT;
	struct strbuf got = STRBUF_INIT;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long n = wrap_text(&w, cases[i].text, strlen(cases[i].text), cases[i].width, count_chars, NULL);

		assert_true(n >= 1);
		strbuf_reset(&got);
		for (k = 0; k < w.n; k++) {
			if (k)
				strbuf_addch(&got, '|');
			strbuf_add(&got, cases[i].text + w.v[k].off, w.v[k].len);
			/* a line never ends inside a character, and its width is what was measured */
			assert_true(utf8_valid(cases[i].text + w.v[k].off, w.v[k].len) || w.v[k].len == 0);
			assert_true(w.v[k].width == count_chars(NULL, cases[i].text + w.v[k].off, w.v[k].len));
		}
		if (strcmp(got.buf, cases[i].lines))
			fail_msg("case %zu: '%s' wrapped to %g gave '%s', expected '%s'", i, cases[i].text,
				 cases[i].width, got.buf, cases[i].lines);
	}
	strbuf_release(&got);
	wrap_lines_release(&w);
}

/* --- formats ----------------------------------------------------------------------------- */

static void test_formats(void **state)
{
	char b[64];
	struct strbuf sb = STRBUF_INIT;
	struct tm tm = { 0 };

	(void)state;
	assert_string_equal(fmt_num(b, sizeof(b), 1234.5, 1, "fr"), "1\xc2\xa0" "234,5");
	assert_string_equal(fmt_num(b, sizeof(b), 1234.5, 1, "en"), "1,234.5");
	assert_string_equal(fmt_num(b, sizeof(b), 63.1874, 1, "fr"), "63,2");
	assert_string_equal(fmt_num(b, sizeof(b), -0.04, 1, "fr"), "0,0");
	assert_string_equal(fmt_num(b, sizeof(b), -12.5, 0, "fr"), "-12");
	assert_string_equal(fmt_num(b, sizeof(b), NAN, 1, "fr"), "–");
	assert_string_equal(fmt_num(b, sizeof(b), 999, 0, "fr"), "999");
	assert_string_equal(fmt_count(b, sizeof(b), 1000000, "fr"), "1\xc2\xa0" "000\xc2\xa0" "000");
	assert_string_equal(fmt_count(b, sizeof(b), 1000000, "en"), "1,000,000");
	assert_string_equal(fmt_pct(b, sizeof(b), 45, 0, "fr"), "45\xc2\xa0%");
	assert_string_equal(fmt_pct(b, sizeof(b), 45, 0, "en"), "45%");
	assert_string_equal(fmt_p(b, sizeof(b), 0.0204, "fr"), "p = 0,02");
	assert_string_equal(fmt_p(b, sizeof(b), 0.41, "fr"), "p = 0,41");
	assert_string_equal(fmt_p(b, sizeof(b), 0.003, "fr"), "p = 0,003");
	/* just under 0.05 never reads "0,05" */
	assert_string_equal(fmt_p(b, sizeof(b), 0.0496, "fr"), "p = 0,050");
	assert_string_equal(fmt_p(b, sizeof(b), 0.0004, "fr"), "p < 0,001");
	assert_string_equal(fmt_p(b, sizeof(b), 0.0004, "en"), "p < 0.001");
	assert_string_equal(fmt_date(b, sizeof(b), 1768471200, "fr"), "15 janvier 2026");
	assert_string_equal(fmt_date(b, sizeof(b), 1768471200, "en"), "15 January 2026");
	tm.tm_year = 126;
	tm.tm_mon = 2;
	tm.tm_mday = 1;
	assert_string_equal(fmt_date(b, sizeof(b), timegm(&tm), "fr"), "1er mars 2026");
	fmt_add_capitalised(&sb, "élan");
	fmt_add_capitalised(&sb, " / ");
	fmt_add_capitalised(&sb, "œuvre");
	fmt_add_capitalised(&sb, " / ");
	fmt_add_capitalised(&sb, "les usagers");
	assert_string_equal(sb.buf, "Élan / Œuvre / Les usagers");
	assert_true(fmt_is_fr("fr") && fmt_is_fr("fr-FR") && !fmt_is_fr("en") && !fmt_is_fr("fra"));
	strbuf_release(&sb);
}

/* --- pagination ------------------------------------------------------------------------- */

static struct pdf *open_doc(void)
{
	struct pdf_opts o = { "Essai de mise en page", "utilis", NULL, "fr-FR", NULL, 1768471200, 0 };
	struct pdf *p = NULL;
	struct error err;

	if (pdf_open(&p, &o, &err) < 0)
		fail_msg("pdf_open: %s", err.msg);
	return p;
}

/* A table row is never cut: it fits where it is drawn, or starts under a repeated header. */
static void test_table_rows_never_cut(void **state)
{
	struct pdf *p = open_doc();
	struct pdf_col cols[3] = { { "Critère", 200, PDF_LEFT }, { "Commentaire", 230, PDF_LEFT },
				   { "Note", 50, PDF_RIGHT } };
	const char *titles[3] = { "Critère", "Commentaire", "Note" };
	struct pdf_table t;
	double header_h;
	size_t i, breaks = 0;

	(void)state;
	pdf_new_page(p);
	pdf_skip(p, 100);
	pdf_table_begin(&t, p, cols, 3, 9);
	header_h = pdf_table_row_height(&t, titles, 1);
	for (i = 0; i < 150; i++) {
		char c0[64], c1[512], c2[16];
		const char *row[3] = { c0, c1, c2 };
		size_t pages = p->npages, k;
		double y, h;

		snprintf(c0, sizeof(c0), "Ligne %zu", i + 1);
		c1[0] = '\0';
		for (k = 0; k < i % 9; k++)
			strcat(c1, "Un commentaire assez long pour tenir sur plusieurs lignes. ");
		snprintf(c2, sizeof(c2), "%zu,5", i % 6);
		h = pdf_table_row_height(&t, row, 0);
		y = p->y;
		pdf_table_row(&t, row, 0);
		if (p->npages == pages) {
			if (i == 0)	/* the first row comes under the header */
				assert_true(fabs((y - header_h - h) - p->y) < 1e-6);
			else
				assert_true(fabs((y - h) - p->y) < 1e-6);
		} else {
			/* a new page, its header again, then the whole row */
			assert_int_equal(p->npages, pages + 1);
			assert_true(y - p->bottom < h);
			assert_true(fabs((p->top - header_h - h) - p->y) < 1e-6);
			breaks++;
		}
		assert_true(p->y >= p->bottom - 1e-6);
	}
	pdf_table_end(&t);
	assert_true(breaks >= 3);
	assert_int_equal(p->npages, breaks + 1);
	pdf_free(p);
}

/* A paragraph flows line by line over pages and never runs below the bottom margin. */
static void test_paragraph_flows(void **state)
{
	struct pdf *p = open_doc();
	struct pdf_style st = { 0, 11, 1.4, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	double lh = 11 * 1.4, body;
	size_t i, lines, pages;

	(void)state;
	for (i = 0; i < 400; i++)
		strbuf_addf(&sb, "Les bénévoles s'engagent, l'association grandit : « ça marche » (%zu). ", i);
	pdf_new_page(p);
	lines = (size_t)pdf_wrap(p, &st, sb.buf, p->right - p->left);
	pdf_paragraph(p, &st, sb.buf);
	body = p->top - p->bottom;
	/* each page holds as many whole lines as fit, the last one the rest */
	pages = (lines + (size_t)(body / lh) - 1) / (size_t)(body / lh);
	assert_int_equal(p->npages, pages);
	assert_true(p->y >= p->bottom);
	strbuf_release(&sb);
	pdf_free(p);
}

/* A heading is not left alone at the bottom of a page. */
static void test_heading_keeps_with_next(void **state)
{
	struct pdf *p = open_doc();

	(void)state;
	pdf_new_page(p);
	p->y = p->bottom + 50;
	pdf_heading(p, 1, "Une partie qui commence trop bas", 60);
	assert_int_equal(p->npages, 2);
	assert_true(p->y < p->top && p->y > p->top - 40);
	pdf_free(p);
}

/* Saving: a bad directory gives a message and no file; a good one a whole PDF. */
static void test_save(void **state)
{
	struct pdf *p = open_doc();
	char dir[] = "/tmp/utilis-report-test.XXXXXX", path[256], bad[300];
	struct error err;
	struct stat stt;
	FILE *fp;
	char head[8] = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	pdf_new_page(p);
	pdf_paragraph(p, NULL, "Élève à l'œuvre : « ça coûte 5 € ».");
	snprintf(bad, sizeof(bad), "%s/nowhere/out.pdf", dir);
	assert_int_equal(pdf_save(p, bad, AFILE_PUBLIC, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_int_equal(stat(bad, &stt), -1);
	snprintf(path, sizeof(path), "%s/out.pdf", dir);
	assert_int_equal(pdf_save(p, path, AFILE_PUBLIC, &err), 0);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(head, 1, 5, fp), 5);
	fclose(fp);
	assert_string_equal(head, "%PDF-");
	unlink(path);
	rmdir(dir);
	pdf_free(p);
}

/* A missing font directory is a clear error. */
static void test_missing_font(void **state)
{
	struct pdf_opts o = { "x", NULL, NULL, "fr-FR", "/nonexistent/fonts", 0, 0 };
	struct pdf *p = NULL;
	struct error err;

	(void)state;
	assert_int_equal(pdf_open(&p, &o, &err), -1);
	assert_null(p);
	assert_string_equal(err.msg, "cannot open font '/nonexistent/fonts/DejaVuSans.ttf': No such file or directory (Debian package fonts-dejavu-core)");
}

/* --- layouts --------------------------------------------------------------------------- */

#define HEAD "report: essai\ntitle: {fr: \"Essai\", en: \"Test\"}\n"
#define SRC_IND "source: {indicators: indicators/utilite-sociale.yaml}\n"
#define SRC_ED "source: {edition: indicators/prix-2018.yaml}\n"

static void test_layouts(void **state)
{
	static const struct {
		const char *yaml;
		const char *first;	/* first diagnostic "LINE:COL: message", NULL: loads */
	} cases[] = {
		{ HEAD SRC_IND "sections:\n  - type: cover\n  - type: radar\n", NULL },
		{ HEAD SRC_ED "output: xlsx\nsections:\n  - type: results\n  - {type: matrix, sheet: \"Notes\"}\n", NULL },
		{ HEAD "titel: x\n" SRC_IND "sections: [{type: cover}]\n",
		  "3:1: unknown key 'titel' in the report; did you mean 'title'?" },
		{ HEAD SRC_IND "sections:\n  - type: radr\n", "5:11: unknown section type 'radr'; did you mean 'radar'?" },
		{ HEAD SRC_IND "sections:\n  - type: answers\n",
		  "5:11: section 'answers' belongs in a workbook, and this layout makes a PDF (output: pdf)" },
		{ HEAD SRC_IND "sections:\n  - type: ranking\n",
		  "5:11: section 'ranking' needs a prize edition as its source, not an indicator set" },
		{ HEAD SRC_IND "output: xlsx\nsections:\n  - {type: answers, sheet: \"Réponses [brutes]\"}\n",
		  "6:28: sheet name 'Réponses [brutes]' must not contain any of [ ] : * ? / \\" },
		{ HEAD SRC_IND "output: xlsx\nsections:\n  - {type: answers, sheet: \"Les réponses de tous les répondants\"}\n",
		  "6:28: sheet name 'Les réponses de tous les répondants' is longer than 31 characters (Excel's limit)" },
		{ HEAD SRC_IND "output: xlsx\nsections:\n  - type: answers\n  - type: answers\n",
		  "7:11: sheet name 'Réponses' is used twice (first at line 6): give this section a 'sheet' name of its own" },
		{ HEAD SRC_IND "output: xlsx\nsections:\n  - {type: codebook, sheet: sources}\n",
		  "6:29: sheet name 'sources' is taken by the sheet every workbook ends with (where its figures come from)" },
		{ HEAD SRC_IND, "1:1: missing 'sections' (what the report contains, in order)" },
		{ HEAD SRC_IND "sections: []\n", "4:11: 'sections' is empty" },
		{ HEAD "source: {indicators: a.yaml, edition: b.yaml}\nsections: [{type: cover}]\n",
		  "3:39: a report has one source: 'indicators' or 'edition', not both" },
		{ HEAD "source: {by: x}\nsections: [{type: cover}]\n",
		  "3:9: 'source' needs 'indicators' (an indicator set file) or 'edition' (a prize edition file)" },
		{ HEAD "source: {edition: e.yaml, by: role}\nsections: [{type: cover}]\n",
		  "3:31: 'by' applies to an indicator set, not to a prize edition" },
		{ HEAD "language: de\n" SRC_IND "sections: [{type: cover}]\n", "3:11: unknown language 'de' ('fr' or 'en')" },
		{ HEAD "output: docx\n" SRC_IND "sections: [{type: cover}]\n", "3:9: unknown output 'docx' ('pdf' or 'xlsx')" },
		{ HEAD SRC_IND "sections:\n  - type: text\n    title: Intro\n", "5:5: a 'text' section needs 'text'" },
		{ HEAD SRC_IND "sections:\n  - {type: dimensions, likert: peut-être}\n",
		  "5:32: 'likert' must be true or false, not 'peut-être'" },
		{ HEAD SRC_ED "sections:\n  - {type: scorecards, lines: 100}\n", "5:31: 'lines' must be a whole number from 1 to 40" },
		{ HEAD SRC_IND "sections:\n  - type: text\n    text: {français: Bonjour}\n",
		  "6:12: 'français' is not a language code in 'text' (fr, en...)" },
		{ HEAD SRC_IND "sections:\n  - {type: radar, sheet: Radar}\n",
		  "5:26: 'sheet' names a sheet of a workbook; this layout makes a PDF" },
		{ HEAD SRC_IND "output: xlsx\nsections:\n  - {type: indicators, title: Scores}\n",
		  "6:31: a workbook section has no 'title': name its sheet with 'sheet'" },
		{ HEAD SRC_IND "sections:\n  - {type: cover, chart: true}\n",
		  "5:19: unknown key 'chart' in a 'cover' section" },
		{ HEAD SRC_ED "group_names: {interne: Internes}\nsections: [{type: cover}]\n",
		  "4:14: 'group_names' applies to an indicator set, not to a prize edition" },
		{ "- report: essai\n", "1:1: a report layout must be a mapping (report, title, source, sections), not a list" },
		{ "", "1:1: empty layout: expected report, title, source, sections" },
		{ "report: [a]\ntitle: T\n" SRC_IND "sections: [{type: cover}]\n", "1:9: 'report' must be a string, not a list" },
	};
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diags d = DIAGS_INIT;
		struct report_layout *l = NULL;
		int rc = report_layout_parse(&l, "essai.yaml", cases[i].yaml, strlen(cases[i].yaml), &d);
		char got[600] = "";

		if (d.nerror) {
			diags_sort(&d);
			for (size_t k = 0; k < d.n; k++)
				if (d.v[k].sev == SEV_ERROR) {
					snprintf(got, sizeof(got), "%d:%d: %s", d.v[k].line, d.v[k].col, d.v[k].msg);
					break;
				}
		}
		if (!cases[i].first) {
			if (rc != 0)
				fail_msg("case %zu should load, got '%s'", i, got);
			assert_non_null(l);
		} else {
			assert_int_equal(rc, -1);
			assert_null(l);
			if (strcmp(got, cases[i].first)) {
				print_error("case %zu: got '%s', expected '%s'\n", i, got, cases[i].first);
				bad++;
			}
		}
		report_layout_free(l);
		diags_release(&d);
	}
	assert_int_equal(bad, 0);
}

/* The layouts of the programme load, with their defaults. */
static void test_programme_layouts(void **state)
{
	static const char *const files[] = { "../../reports/utilite-sociale.yaml", "../../reports/prix-scorecards.yaml",
					     "../../reports/classeur-analyste.yaml", "../../reports/prix-classeur.yaml" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct diags d = DIAGS_INIT;
		struct report_layout *l = NULL;
		FILE *fp = fopen(files[i], "rb");
		char buf[65536];
		size_t n;

		assert_non_null(fp);
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		if (report_layout_parse(&l, files[i], buf, n, &d) < 0)
			fail_msg("%s: %s", files[i], d.n ? d.v[0].msg : "?");
		assert_string_equal(l->language, "fr");
		if (l->output == REPORT_XLSX)
			for (size_t k = 0; k < l->nsec; k++)
				assert_non_null(l->sec[k].sheet);
		report_layout_free(l);
		diags_release(&d);
	}
}

/* --- the paper questionnaire ------------------------------------------------------------ */

static struct survey *load(const char *path, const char *inline_src)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	char *buf = NULL;
	size_t n = 0;

	if (path) {
		FILE *fp = fopen(path, "rb");

		assert_non_null(fp);
		buf = malloc(1 << 20);
		n = fread(buf, 1, 1 << 20, fp);
		fclose(fp);
	}
	if (survey_load(&s, path ? path : "inline.yaml", path ? buf : inline_src,
			path ? n : strlen(inline_src), &d) < 0)
		fail_msg("survey_load: %s", d.n ? d.v[0].msg : "?");
	free(buf);
	diags_release(&d);
	return s;
}

static void expect_condition(const struct survey *s, const size_t *num, const char *q, const char *lang,
			     int rc, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	int got = paper_condition(&sb, s, survey_find(s, q), num, lang);

	if (got != rc || (rc == 1 && strcmp(sb.buf, text)))
		fail_msg("%s: got %d '%s', expected %d '%s'", q, got, sb.buf, rc, text);
	strbuf_release(&sb);
}

static void test_paper_conditions(void **state)
{
	struct survey *s = load("../../surveys/gouvernance.yaml", NULL);
	size_t *num = calloc(s->nq, sizeof(size_t)), target;
	int end;

	(void)state;
	paper_number(s, num);
	assert_int_equal(num[survey_find(s, "role")->index], 1);
	expect_condition(s, num, "role_autre", "fr", 1, "vous avez répondu «\xc2\xa0" "Autre\xc2\xa0» à la question 1");
	expect_condition(s, num, "role_autre", "en", 1, "you answered “Other” to question 1");
	expect_condition(s, num, "leviers_efficaces", "fr", 1,
			 "vous avez coché au moins une case à la question 35, mais pas «\xc2\xa0" "Aucun levier particulier pour l'instant\xc2\xa0»");
	expect_condition(s, num, "raisons_depart", "fr", 1,
			 "vous avez répondu «\xc2\xa0Non, probablement pas\xc2\xa0» ou «\xc2\xa0Non, certainement pas\xc2\xa0» à la question 49");
	expect_condition(s, num, "role", "fr", 0, "");
	/* A president skips the question "which other role?" */
	assert_int_equal(paper_skip(s, survey_find(s, "role"), "president", num, &target, &end), 1);
	assert_int_equal(target, 3);
	assert_int_equal(end, 0);
	assert_int_equal(paper_skip(s, survey_find(s, "role"), "autre", num, &target, &end), 0);
	free(num);
	survey_free(s);

	/* Numbers, two questions, and a condition on a calculation (not printed). */
	s = load(NULL,
		 "form_id: essai\nversion: 1\ntitle: Essai\n"
		 "choices:\n  on: [{name: oui, label: Oui}, {name: non, label: Non}]\n"
		 "survey:\n"
		 "  - {type: integer, name: age, label: Âge}\n"
		 "  - {type: select_one on, name: aide, label: Aidé ?}\n"
		 "  - {type: calculate, name: majeur, calculation: \"if(${age} >= 18, 'oui', 'non')\"}\n"
		 "  - {type: text, name: a, label: A, relevant: \"${age} >= 18\"}\n"
		 "  - {type: text, name: b, label: B, relevant: \"${aide} = 'oui' and ${age} < 26\"}\n"
		 "  - {type: text, name: c, label: C, relevant: \"${majeur} = 'oui'\"}\n"
		 "  - {type: text, name: d, label: D, relevant: \"${age} + 1 > 18\"}\n"
		 "  - {type: text, name: e, label: E, relevant: \"${aide} != 'non' or ${age} > 60\"}\n");
	num = calloc(s->nq, sizeof(size_t));
	paper_number(s, num);
	expect_condition(s, num, "a", "fr", 1, "votre réponse à la question 1 est d'au moins 18");
	expect_condition(s, num, "b", "fr", 1,
			 "vous avez répondu «\xc2\xa0Oui\xc2\xa0» à la question 2 et votre réponse à la question 1 est inférieure à 26");
	expect_condition(s, num, "c", "fr", -1, "");
	expect_condition(s, num, "d", "fr", -1, "");
	expect_condition(s, num, "e", "en", 1,
			 "you did not answer “Non” to question 2 or your answer to question 1 is more than 60");
	free(num);
	survey_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_table_rows_never_cut),
		cmocka_unit_test(test_paragraph_flows),
		cmocka_unit_test(test_heading_keeps_with_next),
		cmocka_unit_test(test_save),
		cmocka_unit_test(test_missing_font),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_programme_layouts),
		cmocka_unit_test(test_paper_conditions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
