/*
 * Unit tests of the indicator engine (src/analysis: indicators, source,
 * score, bootstrap): indicator sets parsed and checked against a survey,
 * with the exact FILE:LINE:COL messages of broken ones; then a workspace of
 * 40 respondents written through the store API and scored, each number
 * compared with a direct computation of the documented rules (coverage,
 * reverse coding, 0-100 scaling, share, formula against a target,
 * composite), the suppression of small groups (with the secondary rule),
 * comparisons, reliability, and the bootstrap.  The statistics themselves
 * are checked against R in test_stats.c.  Edge cases: no respondent, one
 * respondent, equal answers, two survey versions.
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
#include "analysis/indicators.h"
#include "analysis/score.h"
#include "analysis/stats.h"
#include "store/store.h"
#include "survey/survey.h"

#include "boot_ref.inc"

static const char survey_v1[] =
	"form_id: essai-score\n"
	"version: 1\n"
	"title: Essai\n"
	"languages: [fr]\n"
	"choices:\n"
	"  accord5: [{name: '1', label: Non}, {name: '2', label: Plutot non}, {name: '3', label: Moyen},"
	" {name: '4', label: Plutot oui}, {name: '5', label: Oui}]\n"
	"  accord3: [{name: '1', label: Non}, {name: '2', label: Un peu}, {name: '3', label: Oui}]\n"
	"  profil: [{name: a, label: Groupe A}, {name: b, label: Groupe B}, {name: c, label: Groupe C},"
	" {name: d, label: Groupe D}]\n"
	"survey:\n"
	"  - {type: select_one profil, name: profil, label: Profil}\n"
	"  - {type: integer, name: age, label: Age, constraint: '. >= 0 and . <= 120'}\n"
	"  - {type: select_one accord5, name: q1, label: Q1, dimension: d1}\n"
	"  - {type: select_one accord5, name: q2, label: Q2, dimension: d1}\n"
	"  - {type: select_one accord5, name: q3, label: Q3, dimension: d1, reverse: true}\n"
	"  - {type: select_one accord3, name: s1, label: S1, dimension: d2}\n"
	"  - {type: integer, name: nb, label: Nb}\n"
	"  - {type: integer, name: total, label: Total}\n"
	"  - {type: text, name: libre, label: Libre}\n";

/* Version 2: a question added in front, so every slot moves by one. */
static const char survey_v2[] =
	"form_id: essai-score\n"
	"version: 2\n"
	"title: Essai\n"
	"languages: [fr]\n"
	"choices:\n"
	"  accord5: [{name: '1', label: Non}, {name: '2', label: Plutot non}, {name: '3', label: Moyen},"
	" {name: '4', label: Plutot oui}, {name: '5', label: Oui}]\n"
	"  accord3: [{name: '1', label: Non}, {name: '2', label: Un peu}, {name: '3', label: Oui}]\n"
	"  profil: [{name: a, label: Groupe A}, {name: b, label: Groupe B}, {name: c, label: Groupe C},"
	" {name: d, label: Groupe D}]\n"
	"survey:\n"
	"  - {type: text, name: nouveau, label: Nouveau}\n"
	"  - {type: select_one profil, name: profil, label: Profil}\n"
	"  - {type: integer, name: age, label: Age, constraint: '. >= 0 and . <= 120'}\n"
	"  - {type: select_one accord5, name: q1, label: Q1, dimension: d1}\n"
	"  - {type: select_one accord5, name: q2, label: Q2, dimension: d1}\n"
	"  - {type: select_one accord5, name: q3, label: Q3, dimension: d1, reverse: true}\n"
	"  - {type: select_one accord3, name: s1, label: S1, dimension: d2}\n"
	"  - {type: integer, name: nb, label: Nb}\n"
	"  - {type: integer, name: total, label: Total}\n"
	"  - {type: text, name: libre, label: Libre}\n";

static const char set_yaml[] =
	"indicators: essai\n"
	"survey: essai-score\n"
	"title: {fr: Essai, en: Test}\n"
	"group_by: profil\n"
	"dimensions:\n"
	"  - id: d1\n"
	"    label: Un\n"
	"    items: [q1, q2, q3]\n"
	"  - id: d2\n"
	"    label: Deux\n"
	"    score: share\n"
	"    threshold: 3\n"
	"  - id: taux\n"
	"    label: Taux\n"
	"    score: formula\n"
	"    formula: '100 * ${nb} div ${total}'\n"
	"    target: 50\n"
	"    weight: 2\n";

static char tmpdir[4096];
static int nfile;

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_score.XXXXXX", base && *base ? base : "/tmp");
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

static struct survey *load_survey(const char *src)
{
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;

	if (survey_load(&s, "essai.yaml", src, strlen(src), &d) < 0) {
		diags_print(stderr, &d);
		fail_msg("test survey does not load");
	}
	diags_release(&d);
	return s;
}

/* A new workspace with the survey's versions 1 (and 2) stored; version ids out. */
static struct store *new_workspace(int64_t *v1, int64_t *v2)
{
	char path[8192];
	struct store *st = NULL;
	struct error err;
	struct survey_version sv;
	enum store_put_result res;

	snprintf(path, sizeof(path), "%s/w%d.db", tmpdir, ++nfile);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &err), 0);
	assert_int_equal(store_survey_put(st, "essai-score", 1, "Essai", "essai.yaml", survey_v1,
					  &res, &err), 0);
	assert_int_equal(store_survey_get(st, "essai-score", 1, &sv, &err), 1);
	*v1 = sv.id;
	survey_version_release(&sv);
	if (v2) {
		assert_int_equal(store_survey_put(st, "essai-score", 2, "Essai", "essai.yaml",
						  survey_v2, &res, &err), 0);
		assert_int_equal(store_survey_get(st, "essai-score", 2, &sv, &err), 1);
		*v2 = sv.id;
		survey_version_release(&sv);
	}
	return st;
}

/* The answers of respondent i of the standard data set, by name. */
struct answers {
	char profil[4], age[16], q1[4], q2[4], q3[4], s1[4], nb[16], total[8];
	int has_q1, has_q2;
};

static void answers_of(int i, struct answers *a)
{
	memset(a, 0, sizeof(*a));
	strcpy(a->profil, i < 20 ? "a" : i < 32 ? "b" : i < 38 ? "c" : "d");
	snprintf(a->age, sizeof(a->age), "%d", 20 + i % 100);
	snprintf(a->q1, sizeof(a->q1), "%d", 1 + i % 5);
	snprintf(a->q2, sizeof(a->q2), "%d", 1 + (i * 3) % 5);
	snprintf(a->q3, sizeof(a->q3), "%d", 1 + (i * 7 + 2) % 5);
	snprintf(a->s1, sizeof(a->s1), "%d", 1 + i % 3);
	snprintf(a->nb, sizeof(a->nb), "%d", i);
	strcpy(a->total, "40");
	a->has_q1 = i % 11 != 0;
	a->has_q2 = i % 7 != 0 && i % 11 != 0;
}

/* Store respondent i in the version whose survey is s. */
static void add_respondent(struct store *st, int64_t vid, const struct survey *s, int i,
			   const char *wave)
{
	const char *values[16] = { 0 };
	struct answers a;
	struct error err;
	int64_t id;

	answers_of(i, &a);
	values[survey_find(s, "profil")->index] = a.profil;
	values[survey_find(s, "age")->index] = a.age;
	values[survey_find(s, "q1")->index] = a.has_q1 ? a.q1 : NULL;
	values[survey_find(s, "q2")->index] = a.has_q2 ? a.q2 : NULL;
	values[survey_find(s, "q3")->index] = a.q3;
	values[survey_find(s, "s1")->index] = a.s1;
	values[survey_find(s, "nb")->index] = a.nb;
	values[survey_find(s, "total")->index] = a.total;
	assert_int_equal(store_respondent_add_answers(st, vid, NULL, NULL, wave, NULL, values,
						      s->nq, 1, &id, &err), 0);
}

/* d1 of respondent i by the documented rule, NaN under the coverage rule (2 of 3). */
static double expect_d1(int i)
{
	struct answers a;
	double s = 0;
	int k = 0;

	answers_of(i, &a);
	if (a.has_q1)
		s += 100 * (atof(a.q1) - 1) / 4, k++;
	if (a.has_q2)
		s += 100 * (atof(a.q2) - 1) / 4, k++;
	s += 100 * ((6 - atof(a.q3)) - 1) / 4, k++;	/* reverse-coded */
	return k >= 2 ? s / k : NAN;
}

static struct indicator_set *load_set(const char *yaml, struct survey *s, struct diags *d)
{
	struct indicator_set *set = NULL;

	if (indicator_set_parse(&set, "essai-ind.yaml", yaml, strlen(yaml), d) < 0)
		return NULL;
	if (indicator_set_check(set, &s, d) < 0) {
		indicator_set_free(set);
		return NULL;
	}
	return set;
}

struct fixture {
	struct store *st;		/* the workspace */
	struct survey *s;		/* version 1 model */
	struct indicator_set *set;	/* the set above */
	struct an_source src;		/* surveys of the workspace */
};

static void fixture_open(struct fixture *f, int nresp)
{
	struct diags d = DIAGS_INIT;
	struct error err;
	int64_t v1;
	const char *forms[1] = { "essai-score" };
	int i;

	f->st = new_workspace(&v1, NULL);
	f->s = load_survey(survey_v1);
	for (i = 0; i < nresp; i++)
		add_respondent(f->st, v1, f->s, i, i % 2 ? "2" : "1");
	f->set = load_set(set_yaml, f->s, &d);
	if (!f->set)
		diags_print(stderr, &d);
	assert_non_null(f->set);
	assert_int_equal(d.nerror, 0);
	diags_release(&d);
	assert_int_equal(an_source_open(&f->src, f->st, forms, 1, &err), 0);
}

static void fixture_close(struct fixture *f)
{
	an_source_release(&f->src);
	indicator_set_free(f->set);
	survey_free(f->s);
	store_close(f->st);
}

static struct ind_result *compute(struct fixture *f, const struct ind_options *opt)
{
	struct ind_result *r = NULL;
	struct error err;
	int rc = ind_compute(&r, f->set, &f->src, f->st, opt, &err);

	if (rc < 0)
		fail_msg("ind_compute: %s", err.msg);
	return r;
}

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) <= 1e-9 * fmax(1, fabs((double)(b))))

/* --- the indicator set ------------------------------------------------------------------ */

static void test_set_parse(void **state)
{
	struct survey *s = load_survey(survey_v1);
	struct diags d = DIAGS_INIT;
	struct indicator_set *set = load_set(set_yaml, s, &d);

	(void)state;
	assert_non_null(set);
	assert_int_equal(set->ndims, 3);
	assert_string_equal(set->id, "essai");
	assert_int_equal(set->min_group, 5);
	/* d2 has no items: the questions tagged `dimension: d2` */
	assert_int_equal(set->dims[1].nitems, 1);
	assert_string_equal(set->dims[1].items[0], "s1");
	assert_int_equal(set->dims[0].norm, NORM_NONE);
	assert_int_equal(set->dims[2].norm, NORM_TARGET);
	assert_true(set->dims[2].baseline == 0);
	assert_string_equal(an_text_get(&set->title, "en"), "Test");
	assert_string_equal(an_text_get(&set->title, "de"), "Essai");
	assert_int_equal(d.n, 0);
	indicator_set_free(set);
	survey_free(s);
	/* a prize edition is recognised, not reported as a broken set */
	{
		static const char edition[] = "edition: prix-2018\ntitle: Prix\n";
		struct indicator_set *e = NULL;
		struct diags d2 = DIAGS_INIT;

		assert_int_equal(indicator_set_parse(&e, "prix.yaml", edition, strlen(edition), &d2),
				 IND_NOT_A_SET);
		assert_null(e);
		assert_int_equal(d2.n, 0);
	}
	/* coverage: two thirds rounded up */
	assert_int_equal(ind_coverage_needed(1), 1);
	assert_int_equal(ind_coverage_needed(2), 2);
	assert_int_equal(ind_coverage_needed(3), 2);
	assert_int_equal(ind_coverage_needed(4), 3);
	assert_int_equal(ind_coverage_needed(5), 4);
	assert_int_equal(ind_coverage_needed(6), 4);
}

/* Broken sets: one fault each, the exact message. */
static void test_set_errors(void **state)
{
	static const struct {
		const char *yaml;	/* after the common head */
		const char *msg;	/* the first diagnostic */
	} cases[] = {
		{ "dimensions:\n  - id: d1\n    label: Un\n    items: [q1, q22, q3]\n",
		  "essai-ind.yaml:7:17: error: item of dimension 'd1': no question 'q22' in survey 'essai-score'; did you mean 'q2'?" },
		{ "dimensions:\n  - id: d1\n    label: Un\n    items: [q1, libre]\n",
		  "essai-ind.yaml:7:17: error: item 'libre' of dimension 'd1' is a text question, not a scale: a 'mean' score needs scale items (a select_one over consecutive integers, a range, or a number bounded by its constraint)" },
		{ "dimensions:\n  - id: d1\n    label: Un\n    score: moyenne\n",
		  "essai-ind.yaml:7:12: error: unknown score 'moyenne' ('mean', 'sum', 'share' or 'formula')" },
		{ "dimensions:\n  - id: d1\n    label: Un\n    score: shar\n    threshold: 4\n",
		  "essai-ind.yaml:7:12: error: unknown score 'shar'; did you mean 'share'?" },
		{ "dimensions:\n  - id: d1\n    label: Un\n    itmes: [q1, q2]\n",
		  "essai-ind.yaml:7:5: error: unknown key 'itmes' in a dimension; did you mean 'items'?" },
		{ "dimensions:\n  - id: d2\n    label: Deux\n    score: share\n    threshold: 4\n",
		  "essai-ind.yaml:8:16: error: threshold 4 of dimension 'd2' is outside the scale of item 's1' (1 to 3)" },
		{ "dimensions:\n  - id: t\n    label: T\n    score: formula\n    formula: '${nb} div ${totl}'\n    target: 1\n",
		  "essai-ind.yaml:8:25: error: in 'formula' of 't': no question 'totl' in survey 'essai-score'; did you mean 'total'?" },
		{ "dimensions:\n  - id: t\n    label: T\n    score: formula\n    formula: '${nb} div (${total}'\n    target: 1\n",
		  "essai-ind.yaml:8:34: error: in 'formula' of 't': expected ')' to close '(' at column 11" },
		{ "dimensions:\n  - id: t\n    label: T\n    score: formula\n    formula: '${nb}'\n",
		  "essai-ind.yaml:5:5: error: dimension 't' is a formula of any values: give it a 'target' (the value that scores 100, with an optional 'baseline' that scores 0) or 'weight: 0' to report it outside the composite" },
		{ "dimensions:\n  - id: d1\n    label: Un\n  - id: d1\n    label: Encore\n",
		  "essai-ind.yaml:7:9: error: duplicate dimension id 'd1' (first at line 5)" },
		{ "dimensions:\n  - id: d9\n    label: Neuf\n",
		  "essai-ind.yaml:5:5: error: dimension 'd9' has no 'items', and no question of its survey has 'dimension: d9'" },
		{ "min_group: 0\ndimensions:\n  - id: d1\n    label: Un\n",
		  "essai-ind.yaml:4:12: error: 'min_group' must be a whole number of respondents, at least 1" },
		{ "group_by: profl\ndimensions:\n  - id: d1\n    label: Un\n",
		  "essai-ind.yaml:4:11: error: group_by: no question 'profl' in survey 'essai-score'; did you mean 'profil'?" },
	};
	struct survey *s = load_survey(survey_v1);
	size_t i;
	int bad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char yaml[1024], line[1024];
		struct diags d = DIAGS_INIT;
		struct indicator_set *set;
		size_t j;

		snprintf(yaml, sizeof(yaml), "indicators: essai\nsurvey: essai-score\ntitle: Essai\n%s",
			 cases[i].yaml);
		set = load_set(yaml, s, &d);
		assert_null(set);
		assert_true(d.nerror > 0);
		diags_sort(&d);
		for (j = 0; j < d.n && d.v[j].sev != SEV_ERROR; j++)
			;
		assert_true(j < d.n);
		snprintf(line, sizeof(line), "%s:%d:%d: error: %s", d.v[j].file, d.v[j].line,
			 d.v[j].col, d.v[j].msg);
		if (strcmp(line, cases[i].msg)) {
			print_error("case %zu:\n got: %s\nwant: %s\n", i, line, cases[i].msg);
			bad++;
		}
		diags_release(&d);
	}
	survey_free(s);
	assert_int_equal(bad, 0);
}

/* --- scoring ------------------------------------------------------------------------------- */

static void test_score_groups(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;
	double sum_all = 0, sum_a = 0, sum_b = 0;
	int n_all = 0, n_a = 0, n_b = 0, i, below = 0;

	(void)state;
	fixture_open(&f, 40);
	r = compute(&f, &opt);
	assert_string_equal(r->by, "profil");
	assert_int_equal(r->nresp, 40);
	assert_int_equal(r->all.n, 40);
	assert_int_equal(r->ngroups, 4);
	/* groups in the choice list's order, labels from the survey */
	assert_string_equal(r->groups[0].key, "a");
	assert_string_equal(an_text_get(&r->groups[0].label, "fr"), "Groupe A");
	assert_string_equal(r->groups[3].key, "d");
	/* d has 2 respondents: hidden; then c (6) too, or the total would give d away */
	assert_int_equal(r->groups[3].note, STAT_SUPPRESSED);
	assert_int_equal(r->groups[2].note, STAT_SUPPRESSED);
	assert_int_equal(r->groups[3].hidden, AN_HIDE_SMALL);
	assert_int_equal(r->groups[2].hidden, AN_HIDE_COMPLEMENT);
	assert_int_equal(r->groups[2].cells[0].note, STAT_SUPPRESSED);
	assert_int_equal(r->groups[2].cells[0].hidden, AN_HIDE_COMPLEMENT);
	assert_true(isnan(r->groups[2].cells[0].score));
	assert_int_equal(r->groups[2].composite.note, STAT_SUPPRESSED);
	assert_int_equal(r->groups[0].note, STAT_OK);
	assert_int_equal(r->groups[0].n, 20);
	assert_int_equal(r->groups[1].n, 12);
	/* d1: mean of the respondents' values, by the documented rule */
	for (i = 0; i < 40; i++) {
		double v = expect_d1(i);

		if (isnan(v)) {
			below++;
			continue;
		}
		sum_all += v, n_all++;
		if (i < 20)
			sum_a += v, n_a++;
		else if (i < 32)
			sum_b += v, n_b++;
	}
	assert_int_equal(r->all.cells[0].value.n, n_all);
	assert_int_equal(r->all.cells[0].nbelow, below);
	assert_int_equal(below, 4);
	assert_near(r->all.cells[0].value.mean, sum_all / n_all);
	assert_near(r->all.cells[0].score, sum_all / n_all);
	assert_near(r->groups[0].cells[0].score, sum_a / n_a);
	assert_near(r->groups[1].cells[0].score, sum_b / n_b);
	assert_int_equal(r->groups[0].cells[0].nbelow, 2);	/* i = 0 and 11 */
	/* d2: a one-item share is a proportion, with Wilson's interval */
	{
		int k = 0;
		double lo, hi;

		for (i = 0; i < 40; i++)
			k += 1 + i % 3 >= 3;
		assert_near(r->all.cells[1].score, 100.0 * k / 40);
		assert_true(r->all.cells[1].wilson);
		wilson_interval((size_t)k, 40, 0.95, &lo, &hi);
		assert_near(r->all.cells[1].score_lo, 100 * lo);
		assert_near(r->all.cells[1].score_hi, 100 * hi);
	}
	/* taux: mean of 100 nb / total, against target 50 (clamped to 100) */
	{
		double mean = 0;

		for (i = 0; i < 40; i++)
			mean += 100.0 * i / 40;
		mean /= 40;
		assert_near(r->all.cells[2].value.mean, mean);
		assert_near(r->all.cells[2].score, fmin(100, mean * 2));
	}
	/* the composite: (d1 + d2 + 2 taux) / 4 */
	{
		double want = (r->all.cells[0].score + r->all.cells[1].score + 2 * r->all.cells[2].score) / 4;

		assert_int_equal(r->all.composite.note, STAT_OK);
		assert_near(r->all.composite.score, want);
		assert_int_equal(r->all.composite.boot.note, STAT_OK);
		assert_near(r->all.composite.boot.estimate, want);
		assert_true(r->all.composite.boot.lo < want && want < r->all.composite.boot.hi);
		assert_int_equal(r->all.composite.boot.nvalid, 2000);
		assert_int_equal(r->all.composite.boot.m, 40);
	}
	/* comparisons between the two groups shown */
	{
		struct ind_compare *c = &r->cmp[0];

		assert_int_equal(c->param.kind, TEST_WELCH);
		assert_int_equal(c->param.note, STAT_OK);
		assert_int_equal(c->rank.kind, TEST_MANN_WHITNEY);
		assert_int_equal(c->ngroups_hidden, 2);
		{
			struct test_result t;

			test_welch(&t, &r->groups[0].cells[0].value, &r->groups[1].cells[0].value);
			assert_near(c->param.p, t.p);
		}
	}
	/* reliability: d1 on its three items; d2 is one item */
	assert_int_equal(r->nrel, 2);
	assert_int_equal(r->rel[0].nitems, 3);
	assert_int_equal(r->rel[0].alpha.note, STAT_OK);
	assert_int_equal(r->rel[0].alpha.items[0].n, 36);
	assert_int_equal(r->rel[1].alpha.note, STAT_ONE_ITEM);
	ind_result_free(r);
	/* The same seed gives the same interval; another seed another one. */
	{
		struct ind_result *r1 = compute(&f, &opt), *r2;

		r2 = compute(&f, &opt);
		assert_true(r1->all.composite.boot.lo == r2->all.composite.boot.lo);
		ind_result_free(r2);
		opt.seed = 2;
		r2 = compute(&f, &opt);
		assert_true(r1->all.composite.boot.lo != r2->all.composite.boot.lo);
		ind_result_free(r2);
		/* m-out-of-n: at most 25 rows resampled, the interval stays around the estimate */
		opt.boot_max = 25;
		r2 = compute(&f, &opt);
		assert_int_equal(r2->all.composite.boot.m, 25);
		assert_true(r2->all.composite.boot.lo < r2->all.composite.score);
		assert_true(r2->all.composite.boot.hi > r2->all.composite.score);
		assert_true(fabs((r2->all.composite.boot.hi - r2->all.composite.boot.lo) /
				 (r1->all.composite.boot.hi - r1->all.composite.boot.lo) - 1) < 0.5);
		ind_result_free(r2);
		ind_result_free(r1);
	}
	fixture_close(&f);
}

/* min_group 1 shows every group; another breakdown; a numeric breakdown; none. */
static void test_score_breakdowns(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;

	(void)state;
	fixture_open(&f, 40);
	opt.min_group = 1;
	r = compute(&f, &opt);
	assert_int_equal(r->groups[3].note, STAT_OK);
	assert_int_equal(r->groups[3].n, 2);
	assert_int_equal(r->cmp[0].param.kind, TEST_ANOVA);
	assert_int_equal(r->cmp[0].rank.kind, TEST_KRUSKAL);
	ind_result_free(r);
	opt.min_group = 0;
	opt.by = "_wave";
	r = compute(&f, &opt);
	assert_int_equal(r->ngroups, 2);
	assert_string_equal(r->groups[0].key, "1");
	assert_int_equal(r->groups[0].n, 20);
	assert_int_equal(r->cmp[1].param.kind, TEST_WELCH);
	ind_result_free(r);
	opt.by = "age";
	r = compute(&f, &opt);
	assert_int_equal(r->by_kind, BY_NUMBER);
	assert_int_equal(r->ngroups, 0);
	assert_int_equal(r->cmp[2].corr.kind, TEST_SPEARMAN);
	/* taux = 2.5 (age - 20): a perfect rank correlation */
	assert_true(r->cmp[2].corr.estimate == 1);
	ind_result_free(r);
	opt.by = "";
	r = compute(&f, &opt);
	assert_null(r->by);
	assert_null(r->cmp);
	assert_int_equal(r->all.cells[0].nbelow, 4);
	ind_result_free(r);
	{
		struct error err;
		struct ind_result *bad = NULL;

		opt.by = "profl";
		assert_int_equal(ind_compute(&bad, f.set, &f.src, f.st, &opt, &err), UT_ENOTFOUND);
		assert_string_equal(err.msg, "no question 'profl' to break down by in survey 'essai-score'; did you mean 'profil'?");
		opt.by = "libre";
		assert_int_equal(ind_compute(&bad, f.set, &f.src, f.st, &opt, &err), 0);
		ind_result_free(bad);
	}
	fixture_close(&f);
}

/*
 * A group (_group) of three, too small: its respondents are left out of
 * everything, and the figures are exactly those of the workspace without
 * them.  The pass counts the atoms as it reads, taking them all as large,
 * and reads again when one is small: what the first pass gathered (sums
 * of the alphas, counts under the coverage rule, groups) must all go.
 */
static void test_score_small_atom(void **state)
{
	struct fixture with, without;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *a, *b;
	struct survey_version sv;
	struct error err;
	size_t d, g, i;

	(void)state;
	fixture_open(&with, 40);
	fixture_open(&without, 40);
	assert_int_equal(store_survey_get(with.st, "essai-score", 1, &sv, &err), 1);
	for (i = 0; i < 3; i++) {
		const char *values[16] = { 0 };
		int64_t id;

		/* far from the others' answers, so that counting them would show */
		values[survey_find(with.s, "profil")->index] = "a";
		values[survey_find(with.s, "q1")->index] = "5";
		values[survey_find(with.s, "q2")->index] = "5";
		values[survey_find(with.s, "q3")->index] = "5";
		values[survey_find(with.s, "s1")->index] = "3";
		assert_int_equal(store_respondent_add_answers(with.st, sv.id, NULL, "petit", "1",
							      NULL, values, with.s->nq, 1, &id,
							      &err), 0);
	}
	survey_version_release(&sv);
	opt.by = "_wave";
	a = compute(&with, &opt);
	b = compute(&without, &opt);
	assert_int_equal(a->left_out, 1);
	assert_int_equal(b->left_out, 0);
	assert_int_equal(a->nresp, b->nresp);
	assert_int_equal(a->ngroups, b->ngroups);
	for (g = 0; g <= a->ngroups; g++) {
		const struct ind_group *ga = g ? &a->groups[g - 1] : &a->all;
		const struct ind_group *gb = g ? &b->groups[g - 1] : &b->all;

		assert_int_equal(ga->n, gb->n);
		for (d = 0; d < a->set->ndims; d++) {
			assert_int_equal(ga->cells[d].value.n, gb->cells[d].value.n);
			assert_int_equal(ga->cells[d].nbelow, gb->cells[d].nbelow);
			assert_true(ga->cells[d].score == gb->cells[d].score ||
				    (isnan(ga->cells[d].score) && isnan(gb->cells[d].score)));
		}
		assert_true(ga->composite.boot.lo == gb->composite.boot.lo ||
			    (isnan(ga->composite.boot.lo) && isnan(gb->composite.boot.lo)));
	}
	assert_int_equal(a->nrel, b->nrel);
	for (i = 0; i < a->nrel; i++) {
		assert_int_equal(a->rel[i].alpha.n, b->rel[i].alpha.n);
		assert_true(a->rel[i].alpha.raw == b->rel[i].alpha.raw ||
			    (isnan(a->rel[i].alpha.raw) && isnan(b->rel[i].alpha.raw)));
	}
	ind_result_free(a);
	ind_result_free(b);
	fixture_close(&with);
	fixture_close(&without);
}

/* No respondent: every cell says so; nothing crashes. */
static void test_score_empty(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;

	(void)state;
	fixture_open(&f, 0);
	r = compute(&f, &opt);
	assert_int_equal(r->nresp, 0);
	assert_int_equal(r->ngroups, 0);
	assert_int_equal(r->all.note, STAT_OK);
	assert_int_equal(r->all.cells[0].note, STAT_NO_DATA);
	assert_int_equal(r->all.cells[0].value.n, 0);
	assert_true(isnan(r->all.cells[0].score));
	assert_int_equal(r->all.composite.note, STAT_NO_DATA);
	assert_int_equal(r->rel[0].alpha.note, STAT_NO_DATA);
	assert_int_equal(r->cmp[0].param.note, STAT_ONE_GROUP);
	ind_result_free(r);
	fixture_close(&f);
}

/* One respondent: shown only with min_group 1, then a value without spread. */
static void test_score_one(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;

	(void)state;
	fixture_open(&f, 2);	/* respondents 0 (under the coverage rule for d1) and 1 */
	opt.min_group = 1;
	opt.by = "";
	r = compute(&f, &opt);
	assert_int_equal(r->all.cells[0].value.n, 1);
	assert_int_equal(r->all.cells[0].note, STAT_OK);
	assert_int_equal(r->all.cells[0].value.note, STAT_TOO_FEW);
	assert_near(r->all.cells[0].score, expect_d1(1));
	assert_true(isnan(r->all.cells[0].score_lo));
	assert_int_equal(r->all.composite.note, STAT_OK);
	/* a replicate without respondent 1 has no d1: too few for an interval */
	assert_int_equal(r->all.composite.boot.note, STAT_TOO_FEW);
	assert_true(isnan(r->all.composite.boot.lo));
	ind_result_free(r);
	fixture_close(&f);
}

/* Everyone gives the same answers: no spread, no interval, no alpha; no NaN shown as a number. */
static void test_score_no_variance(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;
	struct diags d = DIAGS_INIT;
	struct error err;
	const char *forms[1] = { "essai-score" };
	int64_t v1, id;
	int i;

	(void)state;
	f.st = new_workspace(&v1, NULL);
	f.s = load_survey(survey_v1);
	for (i = 0; i < 10; i++) {
		const char *values[16] = { 0 };

		values[survey_find(f.s, "profil")->index] = "a";
		values[survey_find(f.s, "q1")->index] = "4";
		values[survey_find(f.s, "q2")->index] = "4";
		values[survey_find(f.s, "q3")->index] = "2";
		values[survey_find(f.s, "s1")->index] = "3";
		values[survey_find(f.s, "nb")->index] = "5";
		values[survey_find(f.s, "total")->index] = "10";
		assert_int_equal(store_respondent_add_answers(f.st, v1, NULL, NULL, NULL, NULL, values,
							      f.s->nq, 1, &id, &err), 0);
	}
	f.set = load_set(set_yaml, f.s, &d);
	diags_release(&d);
	assert_int_equal(an_source_open(&f.src, f.st, forms, 1, &err), 0);
	r = compute(&f, &opt);
	assert_int_equal(r->ngroups, 1);
	assert_int_equal(r->all.cells[0].value.note, STAT_NO_VARIANCE);
	assert_near(r->all.cells[0].score, 75);
	assert_true(r->all.cells[0].value.sd == 0);
	assert_true(isnan(r->all.cells[0].score_lo));
	assert_int_equal(r->cmp[0].param.note, STAT_ONE_GROUP);
	assert_int_equal(r->rel[0].alpha.note, STAT_NO_VARIANCE);
	assert_near(r->all.composite.score, (75 + 100 + 2 * 100) / 4.0);
	/* every replicate gives the same composite: an interval of zero width */
	assert_true(r->all.composite.boot.lo == r->all.composite.boot.hi);
	ind_result_free(r);
	fixture_close(&f);
}

/*
 * Reliability counted by answer pattern (alpha.c) with some answers that
 * are not one digit ("3.0", read as 3): those respondents are added row by
 * row, whatever the position of that answer among the items, and alpha's
 * figures are the same to the bit as with every answer written "3".
 */
static void test_score_alpha_patterns(void **state)
{
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r[2];
	const char *forms[1] = { "essai-score" };
	const char *items[3] = { "q1", "q2", "q3" };

	(void)state;
	for (int t = 0; t < 2; t++) {
		struct fixture f;
		struct diags d = DIAGS_INIT;
		struct error err;
		int64_t v1, id;

		f.st = new_workspace(&v1, NULL);
		f.s = load_survey(survey_v1);
		for (int i = 0; i < 60; i++) {
			const char *values[16] = { 0 };
			char q[3][8];

			for (int k = 0; k < 3; k++) {
				snprintf(q[k], sizeof(q[k]), "%d", 1 + (i * (k + 2) + i / 7) % 5);
				/* the second time, a "3" written "3.0" on every third respondent */
				if (t == 1 && i % 3 == k && !strcmp(q[k], "3"))
					snprintf(q[k], sizeof(q[k]), "3.0");
				values[survey_find(f.s, items[k])->index] = i % 11 == k ? NULL : q[k];
			}
			values[survey_find(f.s, "profil")->index] = "a";
			values[survey_find(f.s, "s1")->index] = "2";
			assert_int_equal(store_respondent_add_answers(f.st, v1, NULL, NULL, NULL, NULL,
								      values, f.s->nq, 1, &id, &err), 0);
		}
		f.set = load_set(set_yaml, f.s, &d);
		diags_release(&d);
		assert_int_equal(an_source_open(&f.src, f.st, forms, 1, &err), 0);
		r[t] = compute(&f, &opt);
		fixture_close(&f);
	}
	assert_int_equal(r[0]->rel[0].alpha.note, STAT_OK);
	assert_int_equal(r[0]->rel[0].alpha.n, r[1]->rel[0].alpha.n);
	assert_memory_equal(&r[0]->rel[0].alpha.raw, &r[1]->rel[0].alpha.raw, sizeof(double));
	assert_memory_equal(&r[0]->rel[0].alpha.std, &r[1]->rel[0].alpha.std, sizeof(double));
	for (int k = 0; k < 3; k++) {
		assert_int_equal(r[0]->rel[0].alpha.items[k].n, r[1]->rel[0].alpha.items[k].n);
		assert_memory_equal(&r[0]->rel[0].alpha.items[k].sd, &r[1]->rel[0].alpha.items[k].sd,
				    sizeof(double));
		assert_memory_equal(&r[0]->rel[0].alpha.items[k].r_drop,
				    &r[1]->rel[0].alpha.items[k].r_drop, sizeof(double));
	}
	ind_result_free(r[0]);
	ind_result_free(r[1]);
}

/* Two versions with different slots: items are found by name in each. */
static void test_score_versions(void **state)
{
	struct fixture f;
	struct ind_options opt = IND_OPTIONS_INIT;
	struct ind_result *r;
	struct diags d = DIAGS_INIT;
	struct error err;
	struct survey *s2 = load_survey(survey_v2);
	const char *forms[1] = { "essai-score" };
	double sum = 0;
	int64_t v1, v2;
	int i, n = 0;

	(void)state;
	f.st = new_workspace(&v1, &v2);
	f.s = load_survey(survey_v1);
	for (i = 0; i < 40; i++)
		add_respondent(f.st, i % 2 ? v2 : v1, i % 2 ? s2 : f.s, i, NULL);
	f.set = load_set(set_yaml, s2, &d);
	assert_non_null(f.set);
	diags_release(&d);
	assert_int_equal(an_source_open(&f.src, f.st, forms, 1, &err), 0);
	assert_int_equal(f.src.nv, 2);
	opt.by = "_survey";
	r = compute(&f, &opt);
	assert_int_equal(r->forms[0].vmin, 1);
	assert_int_equal(r->forms[0].vmax, 2);
	assert_int_equal(r->ngroups, 1);
	assert_string_equal(r->groups[0].key, "essai-score");
	for (i = 0; i < 40; i++)
		if (!isnan(expect_d1(i)))
			sum += expect_d1(i), n++;
	assert_int_equal(r->all.cells[0].value.n, n);
	assert_near(r->all.cells[0].score, sum / n);
	ind_result_free(r);
	survey_free(s2);
	fixture_close(&f);
}

/* The suppression rule on its own. */
static void test_suppress(void **state)
{
	static const struct {
		size_t n[5];
		size_t k;
		const char *want;	/* per cell: 0 shown, 1 too small, 2 hidden to protect one */
	} cases[] = {
		{ { 20, 12, 6, 2 }, 4, "0021" },	/* 2 hidden, then 6 with it */
		{ { 20, 12, 3, 2 }, 4, "0011" },	/* 3 + 2 = 5: enough together */
		{ { 20, 12, 6, 0 }, 4, "0000" },	/* an empty cell hides nothing */
		{ { 4 }, 1, "1" },			/* alone and too small */
		{ { 20, 4, 30 }, 3, "210" },		/* 4 hidden, then the smallest shown */
		{ { 5, 5, 5 }, 3, "000" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned char hide[5] = { 0 };

		an_suppress(cases[i].n, cases[i].k, 5, hide);
		for (j = 0; j < cases[i].k; j++)
			if (hide[j] != cases[i].want[j] - '0')
				fail_msg("case %zu cell %zu: hide %d", i, j, hide[j]);
	}
	assert_string_equal(an_hide_id(AN_HIDE_COMPLEMENT), "protects_a_small_group");
}

static double first_mean(void *ctx, const double *means)
{
	(void)ctx;
	return means[0];
}

/*
 * The bootstrap of a plain mean: its percentile interval is close to the t
 * interval (the bootstrap's Monte Carlo error with 2000 replicates is a few
 * per cent of the width), with all rows resampled and with the m-out-of-n
 * rule on 50,000 rows of which 2,000 are resampled.
 */
static void test_bootstrap_mean(void **state)
{
	enum { N = 50000 };
	static double rows[N], copy[N];
	const size_t sizes[2] = { 400, N };
	struct rng g;
	size_t i, t;

	(void)state;
	rng_seed(&g, 3);
	for (i = 0; i < N; i++)
		rows[i] = (double)rng_below(&g, 5) + 1;
	for (t = 0; t < 2; t++) {
		struct boot_result b;
		struct dist d = DIST_INIT;
		struct summary s;
		size_t n = sizes[t];
		double wt, wb;

		memcpy(copy, rows, n * sizeof(*rows));
		assert_int_equal(dist_build(&d, copy, n), 0);
		summary_of(&s, &d, 0.95);
		assert_int_equal(boot_means(&b, rows, 1, NULL, n, first_mean, NULL, 2000, 2000, 0.95, 1), 0);
		assert_int_equal(b.note, STAT_OK);
		assert_int_equal(b.m, n < 2000 ? n : 2000);
		assert_near(b.estimate, s.mean);
		wt = s.ci_hi - s.ci_lo;
		wb = b.hi - b.lo;
		assert_true(fabs(wb / wt - 1) < 0.1);
		assert_true(fabs((b.lo + b.hi) / 2 - s.mean) < 0.1 * wt);
		dist_release(&d);
	}
	/* too few rows */
	{
		struct boot_result b;

		assert_int_equal(boot_means(&b, rows, 1, NULL, 1, first_mean, NULL, 2000, 2000, 0.95, 1), 0);
		assert_int_equal(b.note, STAT_TOO_FEW);
		assert_true(isnan(b.lo));
	}
}

/* The mean of the columns with a value, NaN when one has none (a composite's shape). */
static double mean_of_means(void *ctx, const double *means)
{
	size_t k = *(const size_t *)ctx, d;
	double s = 0;

	for (d = 0; d < k; d++) {
		if (isnan(means[d]))
			return NAN;
		s += (d + 1) * means[d];
	}
	return s / (double)(k * (k + 1) / 2);
}

/* One value of kind: what the rows of a dimension may hold (NaN: missing). */
static double hostile_value(struct rng *g, int kind)
{
	static const double steps[] = { 0, 25, 50, 75, 100 };
	double u = (double)rng_below(g, 1u << 30) / (double)(1u << 30);

	if (rng_below(g, 7) == 0)
		return NAN;
	switch (kind) {
	case 0: {	/* mean of 3 or 4 scaled Likert items: thirds and quarters */
		size_t n = 3 + rng_below(g, 2), i;
		double s = 0;

		for (i = 0; i < n; i++)
			s += steps[rng_below(g, 5)];
		return s / (double)n;
	}
	case 1: return (double)rng_below(g, 5) + 1;		/* raw sums */
	case 2: return 100 * u;					/* any double in 0-100 */
	case 3: return rng_below(g, 2) ? 1e-30 * u : 1e30 * u;	/* no fixed point */
	case 4: return -50 + 25 * (double)rng_below(g, 5) / 3;	/* negative */
	case 5: return ldexp(1, 40) + (double)rng_below(g, 9);	/* past the integer bound */
	case 6: return 0;
	default: return rng_below(g, 3) ? NAN : 1.0 / 3;	/* mostly missing */
	}
}

/*
 * boot_means() against the former code (boot_ref.inc) on hostile rows:
 * every kind of value, columns missing, one to ten columns, subsets,
 * samples smaller than the rows or not: the same result to the bit.
 */
static void test_bootstrap_same_bits(void **state)
{
	static const size_t sizes[] = { 2, 3, 57, 3001, 20011 };
	enum { N = 20011, K = 10 };
	double *rows = malloc(N * K * sizeof(*rows));
	size_t *idx = malloc(N * sizeof(*idx));
	struct rng g;
	size_t t, ncase = 0;

	(void)state;
	assert_non_null(rows);
	assert_non_null(idx);
	rng_seed(&g, 19);
	for (t = 0; t < 8 * 10 * 5; t++) {
		int kind = (int)(t % 8), mixed = rng_below(&g, 3) == 0;
		size_t k = t / 8 % 10 + 1, n = sizes[t / 80], i, d, ni = 0;
		size_t max_m = rng_below(&g, 2) ? 1000 : 100000, nboot = n > 1000 ? 60 : 500;
		struct boot_result a, b;
		const size_t *sel = NULL;

		for (i = 0; i < n; i++)
			for (d = 0; d < k; d++)
				rows[i * k + d] = hostile_value(&g, mixed ? (int)rng_below(&g, 8) : kind);
		if (kind == 7)	/* a column without any value */
			for (i = 0; i < n; i++)
				rows[i * k + k - 1] = NAN;
		if (rng_below(&g, 2)) {	/* a subset, as a group's rows */
			for (i = 0; i < n; i++)
				if (rng_below(&g, 3))
					idx[ni++] = i;
			sel = idx;
		} else {
			ni = n;
		}
		assert_int_equal(boot_means(&a, rows, k, sel, ni, mean_of_means, &k, nboot, max_m,
					    0.95, 1000 + t), 0);
		assert_int_equal(ref_boot_means(&b, rows, k, sel, ni, mean_of_means, &k, nboot,
						max_m, 0.95, 1000 + t), 0);
		assert_int_equal(a.note, b.note);
		assert_int_equal(a.m, b.m);
		assert_int_equal(a.nvalid, b.nvalid);
		assert_memory_equal(&a.estimate, &b.estimate, sizeof(double));
		assert_memory_equal(&a.lo, &b.lo, sizeof(double));
		assert_memory_equal(&a.hi, &b.hi, sizeof(double));
		ncase += a.note == STAT_OK;
	}
	assert_true(ncase > 150);	/* most cases give an interval */
	/*
	 * Draws enough to take the lanes (boot_draws(), BOOT_LANES_MIN): 1 to 8
	 * columns, replicates not a multiple of the lanes, a sample of 1,000 or
	 * 1,500 rows of a group, every kind of value.
	 */
	for (t = 0; t < 24; t++) {
		static const size_t nboots[] = { 1049, 1999, 2001 };
		size_t k = t % 8 + 1, n = N, i, d, ni = 0, nboot = nboots[t % 3];
		size_t max_m = t % 2 ? 1000 : 1500;
		struct boot_result a, b;

		for (i = 0; i < n; i++)
			for (d = 0; d < k; d++)
				rows[i * k + d] = hostile_value(&g, (int)(t / 3 % 8));
		if (t % 4 == 3)	/* negative zeros among the missing values, infinities once */
			for (i = 0; i < n * k; i += 7)
				rows[i] = t == 23 && i % 5 == 0 ? (i % 2 ? INFINITY : -INFINITY) : -0.0;
		for (i = 0; i < n; i++)
			if (rng_below(&g, 4))
				idx[ni++] = i;
		assert_int_equal(boot_means(&a, rows, k, idx, ni, mean_of_means, &k, nboot, max_m, 0.95,
					    5000 + t), 0);
		assert_int_equal(ref_boot_means(&b, rows, k, idx, ni, mean_of_means, &k, nboot, max_m,
						0.95, 5000 + t), 0);
		assert_int_equal(a.note, b.note);
		assert_int_equal(a.nvalid, b.nvalid);
		assert_memory_equal(&a.estimate, &b.estimate, sizeof(double));
		assert_memory_equal(&a.lo, &b.lo, sizeof(double));
		assert_memory_equal(&a.hi, &b.hi, sizeof(double));
	}
	free(rows);
	free(idx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_parse),
		cmocka_unit_test(test_set_errors),
		cmocka_unit_test(test_suppress),
		cmocka_unit_test(test_score_groups),
		cmocka_unit_test(test_score_breakdowns),
		cmocka_unit_test(test_score_small_atom),
		cmocka_unit_test(test_score_empty),
		cmocka_unit_test(test_score_one),
		cmocka_unit_test(test_score_no_variance),
		cmocka_unit_test(test_score_alpha_patterns),
		cmocka_unit_test(test_score_versions),
		cmocka_unit_test(test_bootstrap_mean),
		cmocka_unit_test(test_bootstrap_same_bits),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
