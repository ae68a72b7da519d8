/*
 * Unit tests of the HTML version of a report (report/html_report.c): every
 * text escaped (markup, quotes and apostrophes in a layout's title, author,
 * subtitle and text, as in the respondents' answers the scorecards show),
 * nothing written when the file cannot be, and the PDF layer telling its
 * observer each heading, table and chart once (not their inner
 * paragraphs and labels).
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
#include <unistd.h>

#include "report/chart.h"
#include "report/layout.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/diag.h"

#define HOSTILE "<script>alert(\"x\")</script><img src=x onerror='y'> l'été & « co » </p></main>"

static const char layout_yaml[] =
	"report: essai\n"
	"title: |-\n  Titre " HOSTILE "\n"
	"subtitle: |-\n  Sous-titre " HOSTILE "\n"
	"author: |-\n  Auteur " HOSTILE "\n"
	"source: {indicators: a.yaml}\n"
	"sections:\n"
	"  - type: cover\n"
	"  - type: text\n"
	"    title: |-\n      Section " HOSTILE "\n"
	"    text: |-\n      Premier " HOSTILE "\n\n      Second paragraphe.\n";

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc((size_t)n + 1, 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_escaped(void **state)
{
	struct report_layout *l = NULL;
	struct diags d = DIAGS_INIT;
	struct report_input in;
	char dir[] = "/tmp/utilis-html-test.XXXXXX", path[256], bad[300];
	struct error err;
	struct stat st;
	char *html;

	(void)state;
	assert_int_equal(report_layout_parse(&l, "essai.yaml", layout_yaml, strlen(layout_yaml), &d), 0);
	diags_release(&d);
	memset(&in, 0, sizeof(in));
	in.layout = l;
	in.lang = "fr";
	in.when = 1768471200;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.html", dir);
	assert_int_equal(report_html(&in, path, &err), 0);
	html = slurp(path);
	assert_non_null(html);
	/* no markup came through: only the document's own elements */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "onerror='"));
	assert_int_equal(count(html, "</main>"), 1);
	assert_int_equal(count(html, "</p></main>"), 0);
	/* every copy is escaped, in text and attributes alike */
	assert_int_equal(count(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;"), 8);
	assert_non_null(strstr(html, "<title>Titre &lt;script&gt;"));
	assert_non_null(strstr(html, "<meta name=\"author\" content=\"Auteur &lt;script&gt;alert(&quot;x&quot;)"));
	assert_non_null(strstr(html, "<h1>Titre &lt;script&gt;"));
	assert_non_null(strstr(html, "l&#39;été &amp; «\xc2\xa0" "co\xc2\xa0" "» &lt;/p&gt;&lt;/main&gt;"));
	/* the document's frame */
	assert_non_null(strstr(html, "<!DOCTYPE html>\n<html lang=\"fr\">"));
	assert_non_null(strstr(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"));
	assert_int_equal(count(html, "<h2 id=\"s1\">Section &lt;script&gt;"), 1);
	assert_int_equal(count(html, "<li><a href=\"#s1\">Section &lt;script&gt;"), 1);
	assert_non_null(strstr(html, "<p>Second paragraphe.</p>"));
	free(html);
	/* English */
	in.lang = "en";
	assert_int_equal(report_html(&in, path, &err), 0);
	html = slurp(path);
	assert_non_null(html);
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	free(html);
	/* a file that cannot be written: an error, and nothing there */
	snprintf(bad, sizeof(bad), "%s/nowhere/r.html", dir);
	assert_int_equal(report_html(&in, bad, &err), -1);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_int_equal(stat(bad, &st), -1);
	unlink(path);
	rmdir(dir);
	report_layout_free(l);
}

/* --- what the PDF layer tells its observer ------------------------------------- */

struct told {
	int headings, paragraphs, tables, rows, ends, bars, radars;
};

static void t_cover(void *c, const char *a, const char *t, const char *s, const char *w, const char *d) { (void)c; (void)a; (void)t; (void)s; (void)w; (void)d; }
static void t_heading(void *c, int level, const char *t) { (void)level; (void)t; ((struct told *)c)->headings++; }
static void t_paragraph(void *c, const struct pdf_style *st, const char *t) { (void)st; (void)t; ((struct told *)c)->paragraphs++; }
static void t_begin(void *c, const struct pdf_col *cols, size_t n) { (void)cols; (void)n; ((struct told *)c)->tables++; }
static void t_row(void *c, const char *const *cells, size_t n, int bold) { (void)cells; (void)n; (void)bold; ((struct told *)c)->rows++; }
static void t_end(void *c) { ((struct told *)c)->ends++; }
static void t_radar(void *c, const char *const *a, size_t na, const struct chart_series *s, size_t ns) { (void)a; (void)na; (void)s; (void)ns; ((struct told *)c)->radars++; }
static void t_bars(void *c, const struct chart_bar *b, size_t n) { (void)b; (void)n; ((struct told *)c)->bars++; }
static void t_likert(void *c, const struct chart_likert_item *i, size_t n, const char *const *cats, size_t nc) { (void)c; (void)i; (void)n; (void)cats; (void)nc; }
static void t_ranking(void *c, const struct chart_rank *r, size_t n, const char *rn, const char *fn) { (void)c; (void)r; (void)n; (void)rn; (void)fn; }

static void test_told_once(void **state)
{
	struct told told = { 0 };
	const struct pdf_observer obs = { &told, t_cover, t_heading, t_paragraph, t_begin, t_row, t_end,
					  t_radar, t_bars, t_likert, t_ranking };
	struct pdf_opts o = { "Essai", NULL, NULL, "fr-FR", NULL, 0, 0 };
	struct pdf *p;
	struct error err;
	struct pdf_col cols[2] = { { "A", 200, PDF_LEFT }, { "B", 100, PDF_RIGHT } };
	const char *row[2] = { "un", "1" };
	struct pdf_table t;
	struct chart_bar b[2] = { { "Ensemble", "n = 12", 62.5, 55, 70, 0x0072B2 },
				  { "Groupe", NULL, NAN, NAN, NAN, 0x0072B2 } };
	const char *axes[3] = { "x", "y", "z" };
	double v[3] = { 10, 50, 90 };
	struct chart_series s = { "Série", v, 0x0072B2 };

	(void)state;
	if (pdf_open(&p, &o, &err) < 0)
		fail_msg("pdf_open: %s", err.msg);
	p->obs = &obs;
	pdf_heading(p, 1, "Titre", 20);
	pdf_paragraph(p, NULL, "Un paragraphe.");
	pdf_table_begin(&t, p, cols, 2, 9);
	for (int i = 0; i < 80; i++)	/* over two pages: the header drawn again, told once */
		pdf_table_row(&t, row, 0);
	pdf_table_end(&t);
	chart_bars(p, b, 2, "fr");
	chart_radar(p, p->left, p->y, 300, 200, axes, 3, &s, 1, 7, 1);
	assert_int_equal(told.headings, 1);
	assert_int_equal(told.paragraphs, 1);
	assert_int_equal(told.tables, 1);
	assert_int_equal(told.rows, 80);
	assert_int_equal(told.ends, 1);
	assert_int_equal(told.bars, 1);
	assert_int_equal(told.radars, 1);
	assert_true(p->npages >= 2);
	assert_int_equal(p->obs_mute, 0);
	pdf_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_told_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
