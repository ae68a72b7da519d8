/*
 * Unit tests of describe (src/analysis/describe.c) and of the output
 * formats (src/analysis/output.c): a workspace of 30 respondents written
 * through the store API, each count, percentage and test compared with a
 * direct computation; suppression of small columns; calculate fields
 * classified by their values; the three formats checked for what they must
 * and must not contain (no number of a suppressed group, no NaN printed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "analysis/describe.h"
#include "analysis/output.h"
#include "analysis/stats.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/json.h"

static const char survey_src[] =
	"form_id: essai-desc\n"
	"version: 1\n"
	"title: {fr: Essai, en: Test}\n"
	"languages: [fr, en]\n"
	"choices:\n"
	"  oui_non: [{name: oui, label: {fr: Oui, en: 'Yes'}}, {name: non, label: {fr: Non, en: 'No'}}]\n"
	"  accord3: [{name: '1', label: {fr: Non, en: 'No'}}, {name: '2', label: {fr: Un peu, en: A little}},"
	" {name: '3', label: {fr: Oui, en: 'Yes'}}]\n"
	"  site: [{name: nord, label: {fr: Nord, en: North}}, {name: sud, label: {fr: Sud, en: South}},"
	" {name: est, label: {fr: Est, en: East}}]\n"
	"  aides: [{name: repas, label: {fr: Repas, en: Meals}}, {name: logement, label: {fr: Logement, en: Housing}}]\n"
	"survey:\n"
	"  - {type: select_one site, name: site, label: {fr: Site, en: Site}}\n"
	"  - {type: select_one oui_non, name: satisfait, label: {fr: Satisfait ?, en: Satisfied?}}\n"
	"  - {type: select_one accord3, name: ecoute, label: {fr: Écouté ?, en: Listened to?}}\n"
	"  - {type: select_multiple aides, name: aides, label: {fr: Aides, en: Help}}\n"
	"  - {type: integer, name: age, label: {fr: Âge, en: Age}}\n"
	"  - {type: text, name: remarque, label: {fr: Remarque, en: Remark}}\n"
	"  - {type: calculate, name: double_age, calculation: '${age} * 2'}\n"
	"  - {type: calculate, name: tranche, calculation: \"if(${age} < 40, 'jeune', 'senior')\"}\n";

static char tmpdir[4096];

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_describe.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	return 0;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[8192];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* Respondent i: site nord (i < 14), sud (14..25), est (26..29). */
static const char *site_of(int i)
{
	return i < 14 ? "nord" : i < 26 ? "sud" : "est";
}

struct fixture {
	struct store *st;		/* workspace */
	struct survey *s;		/* the model */
	struct an_source src;		/* its versions */
};

static void fixture_open(struct fixture *f, int n)
{
	char path[8192], age[16], dage[16];
	struct diags d = DIAGS_INIT;
	struct survey_version sv;
	enum store_put_result res;
	struct error err;
	const char *form = "essai-desc";
	int i;

	snprintf(path, sizeof(path), "%s/w%d.db", tmpdir, n);
	unlink(path);
	assert_int_equal(store_open(&f->st, path, STORE_CREATE, &err), 0);
	assert_int_equal(survey_load(&f->s, "essai.yaml", survey_src, strlen(survey_src), &d), 0);
	diags_release(&d);
	assert_int_equal(store_survey_put(f->st, "essai-desc", 1, "Essai", "essai.yaml", survey_src,
					  &res, &err), 0);
	assert_int_equal(store_survey_get(f->st, "essai-desc", 1, &sv, &err), 1);
	for (i = 0; i < n; i++) {
		const char *v[16] = { 0 };
		int64_t id;

		snprintf(age, sizeof(age), "%d", 20 + i);
		snprintf(dage, sizeof(dage), "%d", 2 * (20 + i));
		v[survey_find(f->s, "site")->index] = site_of(i);
		v[survey_find(f->s, "satisfait")->index] = i % 3 ? "oui" : "non";
		v[survey_find(f->s, "ecoute")->index] = i % 4 == 0 ? NULL : i % 2 ? "3" : "1";
		v[survey_find(f->s, "aides")->index] = i % 2 ? "repas logement" : "repas";
		v[survey_find(f->s, "age")->index] = age;
		v[survey_find(f->s, "remarque")->index] = i % 5 ? NULL : "bien";
		v[survey_find(f->s, "double_age")->index] = dage;
		v[survey_find(f->s, "tranche")->index] = 20 + i < 40 ? "jeune" : "senior";
		assert_int_equal(store_respondent_add_answers(f->st, sv.id, NULL, NULL, NULL, NULL, v,
							      f->s->nq, 1, &id, &err), 0);
	}
	survey_version_release(&sv);
	assert_int_equal(an_source_open(&f->src, f->st, &form, 1, &err), 0);
}

static void fixture_close(struct fixture *f)
{
	an_source_release(&f->src);
	survey_free(f->s);
	store_close(f->st);
}

static const struct desc_question *find_q(const struct desc_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nq; i++)
		if (!strcmp(r->q[i].name, name))
			return &r->q[i];
	fail_msg("no question %s", name);
	return NULL;
}

static struct desc_result *describe_min(struct fixture *f, const char *by, int min_group)
{
	struct desc_options opt = DESC_OPTIONS_INIT;
	struct desc_result *r = NULL;
	struct error err;

	opt.by = by;
	opt.min_group = min_group;
	if (desc_compute(&r, &f->src, f->st, &opt, &err) < 0)
		fail_msg("desc_compute: %s", err.msg);
	return r;
}

static struct desc_result *describe(struct fixture *f, const char *by)
{
	return describe_min(f, by, 5);
}

static void test_overall(void **state)
{
	struct fixture f;
	struct desc_result *r;
	const struct desc_question *q;
	size_t all;

	(void)state;
	fixture_open(&f, 30);
	r = describe(&f, NULL);
	assert_int_equal(r->nresp, 30);
	assert_int_equal(r->ncols, 1);
	all = 0;
	/* choices: the list's order, counts */
	q = find_q(r, "satisfait");
	assert_int_equal(q->kind, DESC_CHOICE);
	assert_int_equal(q->ncats, 2);
	assert_string_equal(q->cats[0].value, "oui");
	assert_int_equal(q->cats[0].count[all], 20);
	assert_int_equal(q->cats[1].count[all], 10);
	assert_string_equal(an_text_get(&q->cats[1].label, "en"), "No");
	/* a scale: frequencies and descriptives */
	q = find_q(r, "ecoute");
	assert_true(q->ordinal);
	assert_int_equal(q->answered[all], 22);
	assert_int_equal(q->cats[1].count[all], 0);	/* "2": nobody, still listed */
	assert_true(fabs(q->sum[all].mean - (15.0 * 3 + 7 * 1) / 22) < 1e-12);
	/* several answers: counts of respondents per choice */
	q = find_q(r, "aides");
	assert_int_equal(q->kind, DESC_MULTIPLE);
	assert_int_equal(q->cats[0].count[all], 30);
	assert_int_equal(q->cats[1].count[all], 15);
	/* numbers */
	q = find_q(r, "age");
	assert_int_equal(q->kind, DESC_NUMBER);
	/* ages 20 to 49: the extremes shown are the 5th smallest and the 5th largest */
	assert_true(q->sum[all].mean == 34.5 && q->sum[all].min == 24 && q->sum[all].max == 45);
	/* calculate fields: numeric, or categories */
	assert_int_equal(find_q(r, "double_age")->kind, DESC_NUMBER);
	assert_true(find_q(r, "double_age")->sum[all].mean == 69);
	q = find_q(r, "tranche");
	assert_int_equal(q->kind, DESC_CHOICE);
	assert_int_equal(q->ncats, 2);
	/* free text: only the number of answers */
	q = find_q(r, "remarque");
	assert_int_equal(q->kind, DESC_TEXT);
	assert_int_equal(q->answered[all], 6);
	desc_result_free(r);
	fixture_close(&f);
}

static void test_by_group(void **state)
{
	struct fixture f;
	struct desc_result *r;
	const struct desc_question *q;
	struct test_result t;
	double tab[4];
	int i;

	(void)state;
	fixture_open(&f, 30);
	r = describe(&f, "site");
	assert_int_equal(r->ncols, 4);	/* nord, sud, est, all */
	assert_string_equal(r->cols[0].key, "nord");
	assert_string_equal(r->cols[2].key, "est");
	/* est has 4 respondents: hidden; sud (12) then too, so that est cannot be worked out */
	assert_int_equal(r->cols[2].hidden, AN_HIDE_SMALL);
	assert_int_equal(r->cols[1].hidden, AN_HIDE_COMPLEMENT);
	assert_int_equal(r->cols[0].hidden, AN_SHOWN);
	q = find_q(r, "satisfait");
	assert_int_equal(q->hidden[1], AN_HIDE_COMPLEMENT);
	assert_int_equal(q->hidden[3], AN_SHOWN);
	/* one group shown: no test */
	assert_int_equal(q->chisq.note, STAT_ONE_GROUP);
	desc_result_free(r);
	/* by a calculate field of two categories of 20 and 10: 3 seniors say no, a hidden cell */
	r = describe(&f, "tranche");
	q = find_q(r, "satisfait");
	assert_int_equal(q->cats[1].hidden[1], AN_HIDE_SMALL);
	assert_int_equal(q->cats[0].hidden[1], AN_HIDE_COMPLEMENT);
	assert_int_equal(q->chisq.note, STAT_SUPPRESSED);	/* it could be solved from X² */
	desc_result_free(r);
	/* the same with min_group 3: no hidden cell, the test */
	r = describe_min(&f, "tranche", 3);
	assert_int_equal(r->ncols, 3);
	q = find_q(r, "satisfait");
	assert_int_equal(q->chisq.kind, TEST_CHISQ);
	for (i = 0, tab[0] = tab[1] = tab[2] = tab[3] = 0; i < 30; i++)
		tab[(i % 3 ? 0 : 2) + (20 + i < 40 ? 0 : 1)]++;
	assert_int_equal(test_chisq(&t, tab, 2, 2), 0);
	assert_true(fabs(q->chisq.statistic - t.statistic) < 1e-12);
	assert_true(fabs(q->chisq.p - t.p) < 1e-12);
	q = find_q(r, "age");
	assert_int_equal(q->param.kind, TEST_WELCH);
	assert_int_equal(q->rank.kind, TEST_MANN_WHITNEY);
	/* the breakdown question itself is not tested against itself */
	assert_int_equal(find_q(r, "tranche")->chisq.kind, TEST_NONE);
	/* a scale where 2 seniors answer "1": its descriptives would give that cell away */
	q = find_q(r, "ecoute");
	assert_int_equal(q->sum[1].note, STAT_SUPPRESSED);
	assert_int_equal(q->rank.note, STAT_ONE_GROUP);
	desc_result_free(r);
	r = describe_min(&f, "tranche", 2);
	q = find_q(r, "ecoute");
	assert_int_equal(q->rank.kind, TEST_MANN_WHITNEY);
	assert_int_equal(q->param.kind, TEST_NONE);	/* a scale: rank tests only */
	desc_result_free(r);
	/* a numeric breakdown: Spearman */
	r = describe(&f, "age");
	q = find_q(r, "double_age");
	assert_int_equal(q->corr.kind, TEST_SPEARMAN);
	assert_true(q->corr.estimate == 1);
	desc_result_free(r);
	fixture_close(&f);
}

/* Fewer respondents than min_group: nothing but counts. */
static void test_too_few(void **state)
{
	struct fixture f;
	struct desc_result *r;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	fixture_open(&f, 3);
	r = describe(&f, NULL);
	assert_int_equal(r->nresp, 0);	/* their atom (no _group, no _wave) is too small: left out */
	assert_true(r->left_out);
	assert_int_equal(r->cols[0].hidden, AN_HIDE_SMALL);
	assert_int_equal(find_q(r, "age")->hidden[0], AN_HIDE_SMALL);
	assert_int_equal(desc_result_write(&sb, r, AN_FORMAT_JSON, "fr"), 0);
	assert_null(strstr(sb.buf, "\"mean\""));
	strbuf_reset(&sb);
	assert_int_equal(desc_result_write(&sb, r, AN_FORMAT_TABLE, "fr"), 0);
	assert_non_null(strstr(sb.buf, "masqué : moins de 5 répondants"));
	strbuf_release(&sb);
	desc_result_free(r);
	fixture_close(&f);
	/* no respondent at all */
	fixture_open(&f, 0);
	r = describe(&f, "site");
	assert_int_equal(r->nresp, 0);
	assert_int_equal(find_q(r, "age")->sum[r->ncols - 1].note, STAT_NO_DATA);
	assert_int_equal(desc_result_write(&sb, r, AN_FORMAT_TABLE, "en"), 0);
	assert_null(strstr(sb.buf, "nan"));
	strbuf_release(&sb);
	desc_result_free(r);
	fixture_close(&f);
}

/* Add a respondent of group grp and wave wave, aged age (NULL: no answer). */
static void add_one(struct fixture *f, const char *grp, const char *wave, const char *age)
{
	const char *v[16] = { 0 };
	struct survey_version sv;
	struct error err;
	int64_t id;

	assert_int_equal(store_survey_get(f->st, "essai-desc", 1, &sv, &err), 1);
	v[survey_find(f->s, "age")->index] = age;
	v[survey_find(f->s, "satisfait")->index] = "non";
	assert_int_equal(store_respondent_add_answers(f->st, sv.id, NULL, grp, wave, NULL, v,
						      f->s->nq, 1, &id, &err), 0);
	survey_version_release(&sv);
}

/*
 * The small-group rule's atoms (survey x _group x _wave): one person of
 * G3 in wave 2025 is in no figure, the totals included; an atom of 6
 * where 2 answered the age is left out of the age only.
 */
static void test_atoms(void **state)
{
	struct fixture f;
	struct desc_result *r;
	const struct desc_question *q;
	size_t g;
	int i;

	(void)state;
	fixture_open(&f, 30);
	add_one(&f, "G3", "2025", "87");
	for (i = 0; i < 6; i++)
		add_one(&f, "G4", "2025", i < 2 ? "60" : NULL);
	r = describe(&f, NULL);
	assert_int_equal(r->nresp, 36);		/* the 30, and G4's 6 */
	assert_true(r->left_out);
	q = find_q(r, "age");
	assert_int_equal(q->answered[0], 30);	/* G3's age and G4's two ages left out */
	assert_true(q->sum[0].max == 45);	/* ages 20-49: the 5th largest */
	assert_int_equal(find_q(r, "satisfait")->answered[0], 36);
	desc_result_free(r);
	/* by wave: 2025 is G4's 6 (G3 left out), whose ages are left out */
	r = describe(&f, "_wave");
	for (g = 0; g < r->ncols && !(r->cols[g].key && !strcmp(r->cols[g].key, "2025")); g++)
		;
	assert_true(g < r->ncols);
	assert_int_equal(r->cols[g].n, 6);
	assert_int_equal(r->cols[g].hidden, AN_SHOWN);
	assert_int_equal(find_q(r, "age")->answered[g], 0);
	desc_result_free(r);
	/* by group: G3 is listed, suppressed; everyone is the same 36 */
	r = describe(&f, "_group");
	for (g = 0; g < r->ncols && !(r->cols[g].key && !strcmp(r->cols[g].key, "G3")); g++)
		;
	assert_true(g < r->ncols);
	assert_int_equal(r->cols[g].hidden, AN_HIDE_SMALL);
	assert_int_equal(r->cols[r->ncols - 1].n, 36);
	desc_result_free(r);
	fixture_close(&f);
}

/* The formats: JSON parses as JSON; no suppressed number anywhere; no "nan". */
static void test_formats(void **state)
{
	struct fixture f;
	struct desc_result *r;
	struct strbuf sb = STRBUF_INIT;
	enum an_format fmt;

	(void)state;
	fixture_open(&f, 30);
	r = describe(&f, "site");
	for (fmt = AN_FORMAT_TABLE; fmt <= AN_FORMAT_JSON; fmt++) {
		strbuf_reset(&sb);
		assert_int_equal(desc_result_write(&sb, r, fmt, fmt == AN_FORMAT_TABLE ? "fr" : "en"), 0);
		assert_null(strstr(sb.buf, "nan"));
		assert_null(strstr(sb.buf, "inf"));
	}
	/* the JSON: the hidden columns have a reason and no counts */
	strbuf_reset(&sb);
	desc_result_write(&sb, r, AN_FORMAT_JSON, "fr");
	assert_non_null(strstr(sb.buf, "\"format\": \"utilis.describe/2\""));
	assert_non_null(strstr(sb.buf, "\"reason\": \"fewer_than_min_group\""));
	{
		/* "est" (4 respondents) never appears with an "answered" count */
		const char *p = sb.buf;

		while ((p = strstr(p, "\"group\": \"est\""))) {
			const char *end = strchr(p, '}');

			assert_non_null(end);
			assert_true(memmem(p, (size_t)(end - p), "answered", 8) == NULL);
			p = end;
		}
	}
	/* the table: decimal comma in French, point in English */
	strbuf_reset(&sb);
	desc_result_write(&sb, r, AN_FORMAT_TABLE, "fr");
	assert_non_null(strstr(sb.buf, "34,5"));
	strbuf_reset(&sb);
	desc_result_write(&sb, r, AN_FORMAT_TABLE, "en");
	assert_non_null(strstr(sb.buf, "34.5"));
	assert_non_null(strstr(sb.buf, "suppressed: protects a small group"));
	strbuf_release(&sb);
	desc_result_free(r);
	fixture_close(&f);
	{
		enum an_format x;

		assert_int_equal(an_format_parse("csv", &x), 0);
		assert_int_equal(x, AN_FORMAT_CSV);
		assert_int_equal(an_format_parse("xlsx", &x), -1);
	}
}

/* Field i (0-based) of a CSV line without quoted commas, as a number (NaN when empty). */
static double csv_field(const char *line, int i)
{
	const char *p = line;
	char *end;
	double v;

	while (i-- > 0) {
		p = strchr(p, ',');
		assert_non_null(p);
		p++;
	}
	if (*p == ',' || *p == '\n')
		return NAN;
	v = strtod(p, &end);
	assert_true(end > p && (*end == ',' || *end == '\n'));
	return v;
}

/* The line of the CSV that starts with prefix. */
static const char *csv_line(const char *csv, const char *prefix)
{
	const char *p = csv;

	while (p && *p) {
		if (!strncmp(p, prefix, strlen(prefix)))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	fail_msg("no CSV line '%s'", prefix);
	return NULL;
}

/*
 * describe --format csv: each category has its own Wilson interval (in
 * percent, as the JSON), R's prop.test(k, n, correct = FALSE)$conf.int
 * (tests/data/stats/reference.txt, wilson.K_N); a scale's descriptives and
 * the t interval of its mean are on a row of their own, not repeated on its
 * categories.  Before: a choice's categories had no interval and a scale's
 * repeated the mean's.
 */
static void test_csv_wilson(void **state)
{
	static const struct {
		const char *prefix;	/* the row */
		double lo, hi;		/* R, as proportions */
	} cases[] = {
		{ "essai-desc,satisfait,choice,_all,All,30,oui,", 0.48780051644543848, 0.80769501916323849 },
		{ "essai-desc,satisfait,choice,_all,All,30,non,", 0.1923049808367614, 0.51219948355456146 },
		{ "essai-desc,ecoute,choice,_all,All,22,3,", 0.47318597741042762, 0.83639406818643747 },
		{ "essai-desc,ecoute,choice,_all,All,22,2,", 0, 0.14865487460862084 },
	};
	struct fixture f;
	struct desc_result *r;
	const struct desc_question *q;
	struct strbuf sb = STRBUF_INIT;
	const char *line;
	size_t i;

	(void)state;
	fixture_open(&f, 30);
	r = describe(&f, NULL);
	assert_int_equal(desc_result_write(&sb, r, AN_FORMAT_CSV, "en"), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		line = csv_line(sb.buf, cases[i].prefix);
		assert_true(fabs(csv_field(line, 17) - 100 * cases[i].lo) <= 1e-6 * fmax(100 * cases[i].lo, 1e-9));
		assert_true(fabs(csv_field(line, 18) - 100 * cases[i].hi) <= 1e-6 * 100 * cases[i].hi);
		assert_true(isnan(csv_field(line, 10)));	/* no mean on a category's row */
	}
	/* the scale's own row: mean and the t interval of the mean */
	q = find_q(r, "ecoute");
	line = csv_line(sb.buf, "essai-desc,ecoute,choice,_all,All,22,,,,,");
	assert_true(fabs(csv_field(line, 10) - q->sum[0].mean) < 1e-8);
	assert_true(fabs(csv_field(line, 17) - q->sum[0].ci_lo) < 1e-8);
	assert_true(fabs(csv_field(line, 18) - q->sum[0].ci_hi) < 1e-8);
	/* a plain choice has no such row */
	assert_null(strstr(sb.buf, "essai-desc,satisfait,choice,_all,All,30,,"));
	strbuf_release(&sb);
	desc_result_free(r);
	fixture_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overall),
		cmocka_unit_test(test_by_group),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_atoms),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_csv_wilson),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
