/*
 * Unit tests of the stakeholders' weights (analysis/weights) and of the
 * index's dependence on them (analysis/sensitivity):
 *  - AHP's principal eigenvector, lambda, CI and CR against R's eigen()
 *    (tests/data/weights/ahp.R and .out), among them the published example
 *    of Saaty (2008), "Decision making with the analytic hierarchy
 *    process", Int. J. Services Sciences 1(1):83-98, table 3 (which drink
 *    is consumed more in the U.S.: derived priorities .177 .019 .042 .116
 *    .190 .129 .327, CR .022), and the textbook three-criterion matrix
 *    (3, 5, 3: weights .637 .258 .105, lambda 3.039, CR .033);
 *  - Saaty's random indices (Saaty 1980, table 1.7) and the 0.10 rule;
 *  - the group's judgements by element-wise geometric mean;
 *  - points normalised; the members' anonymous order; the small-group rule;
 *  - the questionnaires load as surveys;
 *  - the Monte Carlo: each member's vector, by hand; the Dirichlet draws
 *    seeded (same seed, same figures) and centred on the weights;
 *  - weights_compute() re-entrant (two threads at once).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sensitivity.h"
#include "analysis/weights.h"
#include "survey/referential.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.15g, want %.15g", what, got, want);
}

/* The reciprocal n x n matrix of the judgements a_ij, i < j, row by row (as ahp.R's recip). */
static void recip(const double *upper, size_t n, double *a)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		a[i * n + i] = 1;
		for (size_t j = i + 1; j < n; j++) {
			a[i * n + j] = upper[k];
			a[j * n + i] = 1 / upper[k];
			k++;
		}
	}
}

/* tests/data/weights/ahp.out */
static const struct rcase {
	const char *name;
	size_t n;
	double upper[21];
	double w[7], lambda, ci, cr;
} cases[] = {
	{ "saaty2008_drinks", 7,
	  { 9, 5, 2, 1, 1, 1. / 2, 1. / 3, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 3, 1. / 4, 1. / 3, 1. / 9,
	    1. / 2, 1, 1. / 3, 2, 1. / 2, 1. / 3 },
	  { 0.177456747446, 0.0191494760244, 0.0418311816621, 0.116417031735, 0.189572375326,
	    0.128780548539, 0.326792639268 }, 7.17662903933, 0.0294381732217, 0.0223016463801 },
	{ "three", 3, { 3, 5, 3 }, { 0.636985571745, 0.258284994374, 0.104729433881 },
	  3.03851109056, 0.0192555452791, 0.0331992159984 },
	{ "consistent", 4, { 2, 4, 4, 2, 2, 1 }, { 0.5, 0.25, 0.125, 0.125 }, 4, 0, 0 },
	{ "cycle", 4, { 5, 1. / 5, 5, 3, 1, 1. / 3 },
	  { 0.326651596568, 0.189764483122, 0.293819437188, 0.189764483122 }, 6.98928258491,
	  0.996427528304, 1.10714169812 },
};

static void test_ahp_against_r(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct rcase *t = &cases[c];
		double a[49], w[7], lambda, ci, cr;
		char what[64];

		recip(t->upper, t->n, a);
		assert_int_equal(ahp_eigen(a, t->n, w, &lambda), 0);
		for (size_t i = 0; i < t->n; i++) {
			snprintf(what, sizeof(what), "%s w[%zu]", t->name, i);
			near(w[i], t->w[i], 1e-10, what);
		}
		snprintf(what, sizeof(what), "%s lambda", t->name);
		near(lambda, t->lambda, 1e-9, what);
		ahp_consistency(lambda, t->n, &ci, &cr);
		snprintf(what, sizeof(what), "%s ci", t->name);
		near(ci, t->ci, 1e-9, what);
		snprintf(what, sizeof(what), "%s cr", t->name);
		near(cr, t->cr, 1e-9, what);
	}
}

/* The published figures, to the paper's three decimals. */
static void test_ahp_published(void **state)
{
	static const double drinks[7] = { .177, .019, .042, .116, .190, .129, .327 };
	double a[49], w[7], lambda, ci, cr;

	(void)state;
	recip(cases[0].upper, 7, a);
	assert_int_equal(ahp_eigen(a, 7, w, &lambda), 0);
	for (size_t i = 0; i < 7; i++)
		near(w[i], drinks[i], 0.0005, "Saaty 2008 drinks");
	ahp_consistency(lambda, 7, &ci, &cr);
	near(cr, 0.022, 0.0005, "Saaty 2008 drinks CR");
	recip(cases[1].upper, 3, a);
	assert_int_equal(ahp_eigen(a, 3, w, &lambda), 0);
	near(w[0], .637, 0.0005, "three w1");
	near(w[1], .258, 0.0005, "three w2");
	near(w[2], .105, 0.0005, "three w3");
	near(lambda, 3.039, 0.0005, "three lambda");
	ahp_consistency(lambda, 3, &ci, &cr);
	near(cr, 0.033, 0.0005, "three CR");
}

static void test_random_index(void **state)
{
	double ci, cr;

	(void)state;
	near(ahp_random_index(3), 0.58, 0, "RI 3");
	near(ahp_random_index(4), 0.90, 0, "RI 4");
	near(ahp_random_index(10), 1.49, 0, "RI 10");
	assert_true(isnan(ahp_random_index(11)));
	/* two stakes are always consistent */
	ahp_consistency(2, 2, &ci, &cr);
	near(cr, 0, 0, "n = 2");
}

static void test_choice_value(void **state)
{
	double v;

	(void)state;
	assert_int_equal(ahp_choice_value("A9", &v), 0);
	near(v, 9, 0, "A9");
	assert_int_equal(ahp_choice_value("1", &v), 0);
	near(v, 1, 0, "1");
	assert_int_equal(ahp_choice_value("B3", &v), 0);
	near(v, 1. / 3, 1e-15, "B3");
	assert_int_equal(ahp_choice_value("A1", &v), -1);
	assert_int_equal(ahp_choice_value("B10", &v), -1);
	assert_int_equal(ahp_choice_value("", &v), -1);
	assert_int_equal(ahp_choice_value(NULL, &v), -1);
}

/* Three members on four stakes: the group's weights are the eigenvector of the geometric mean (ahp.out). */
static void test_group_geomean(void **state)
{
	static const double up[3][6] = { { 3, 5, 2, 2, 1, 1. / 2 }, { 1, 3, 1, 3, 1, 1. / 3 },
					 { 5, 7, 3, 2, 1. / 2, 1. / 3 } };
	static const double want[4] = { 0.459676632315, 0.19866676853, 0.0929464588416, 0.248710140314 };
	struct weights_set ws = { WEIGHTS_AHP, 1, 4, 3, NULL, 0, 0 };
	struct weights_result r;
	double g[16];

	(void)state;
	ws.judg = malloc(3 * 16 * sizeof(double));
	assert_non_null(ws.judg);
	for (size_t m = 0; m < 3; m++)
		recip(up[m], 4, ws.judg + m * 16);
	ahp_geomean(ws.judg, 3, 4, g);
	near(g[1], cbrt(3 * 1 * 5), 1e-12, "geometric mean a12");
	near(g[4], 1 / cbrt(15), 1e-12, "its reciprocal");
	assert_int_equal(weights_compute(&ws, 3, &r), 0);
	assert_true(r.shown);
	for (size_t i = 0; i < 4; i++)
		near(r.group[i], want[i], 1e-10, "group weight");
	near(r.group_lambda, 4.00294501233, 1e-9, "group lambda");
	near(r.group_cr, 0.00109074530698, 1e-9, "group CR");
	/* each member's weights sum to 1; the spread brackets the mean */
	for (size_t m = 0; m < 3; m++) {
		double s = 0;

		for (size_t i = 0; i < 4; i++)
			s += r.w[m * 4 + i];
		near(s, 1, 1e-12, "member sum");
	}
	for (size_t i = 0; i < 4; i++) {
		assert_true(r.min[i] <= r.q1[i] && r.q1[i] <= r.median[i] && r.median[i] <= r.q3[i] &&
			    r.q3[i] <= r.max[i]);
		assert_true(r.min[i] <= r.mean[i] && r.mean[i] <= r.max[i]);
	}
	weights_result_release(&r);
	/* fewer members than min_group: nothing */
	assert_int_equal(weights_compute(&ws, 4, &r), 0);
	assert_false(r.shown);
	assert_null(r.w);
	assert_null(r.group);
	weights_result_release(&r);
	weights_set_release(&ws);
}

static void test_inconsistent(void **state)
{
	struct weights_set ws = { WEIGHTS_AHP, 1, 4, 2, NULL, 0, 0 };
	struct weights_result r;

	(void)state;
	ws.judg = malloc(2 * 16 * sizeof(double));
	assert_non_null(ws.judg);
	recip(cases[2].upper, 4, ws.judg);	/* consistent */
	recip(cases[3].upper, 4, ws.judg + 16);	/* a cycle */
	assert_int_equal(weights_compute(&ws, 1, &r), 0);
	assert_int_equal(r.ninconsistent, 1);
	/* anonymous order: heaviest first stake first, the consistent member (0.5) before the cycle (0.33) */
	near(r.w[0], 0.5, 1e-12, "first member");
	assert_false(r.inconsistent[0]);
	assert_true(r.inconsistent[1]);
	near(r.cr[1], 1.10714169812, 1e-9, "the cycle's CR");
	weights_result_release(&r);
	weights_set_release(&ws);
}

static void test_points(void **state)
{
	/* three members on three stakes; the last gives 50 points in all (paper): normalised */
	static const double pts[9] = { 50, 30, 20, 20, 40, 40, 25, 25, 0 };
	struct weights_set ws = { WEIGHTS_POINTS, 1, 3, 3, NULL, 0, 0 };
	struct weights_result r;

	(void)state;
	ws.judg = malloc(sizeof(pts));
	assert_non_null(ws.judg);
	memcpy(ws.judg, pts, sizeof(pts));
	assert_int_equal(weights_compute(&ws, 3, &r), 0);
	/* members ordered by their weights: (.5 .5 0), (.5 .3 .2), (.2 .4 .4) */
	near(r.w[0], .5, 1e-12, "m1");
	near(r.w[1], .5, 1e-12, "m1");
	near(r.w[3], .5, 1e-12, "m2");
	near(r.w[4], .3, 1e-12, "m2");
	near(r.w[6], .2, 1e-12, "m3");
	near(r.group[0], 0.4, 1e-12, "mean");
	near(r.group[1], 0.4, 1e-12, "mean");
	near(r.group[2], 0.2, 1e-12, "mean");
	near(r.median[2], 0.2, 1e-12, "median");
	near(r.min[2], 0, 0, "min");
	near(r.max[2], 0.4, 1e-12, "max");
	near(r.q1[2], 0.1, 1e-12, "q1 (type 7)");
	near(r.q3[2], 0.3, 1e-12, "q3 (type 7)");
	assert_null(r.cr);
	weights_result_release(&r);
	weights_set_release(&ws);
}

#define REF "referential: essai\ntitle: {fr: Essai, en: Test}\nstakes:\n"
#define STAKE(id) "  - id: " id "\n    label: {fr: E " id ", en: S " id "}\n    criteria:\n" \
	"      - id: c_" id "\n        label: {fr: C, en: C}\n        indicators:\n" \
	"          - id: i_" id "\n            label: {fr: L, en: L}\n" \
	"            definition: {fr: D, en: D}\n            figure: {fr: F, en: F}\n"

static void test_forms(void **state)
{
	static const char src[] = REF STAKE("besoins") STAKE("lien") STAKE("emploi");
	struct referential *ref = NULL;
	struct diags d = DIAGS_INIT;
	struct strbuf o = STRBUF_INIT;

	(void)state;
	assert_int_equal(referential_parse(&ref, "r.yaml", src, strlen(src), &d), 0);
	for (int m = 0; m < 2; m++) {
		struct survey *s = NULL;

		assert_int_equal(weights_form_yaml(ref, m ? WEIGHTS_AHP : WEIGHTS_POINTS, 1, &o), 0);
		if (survey_load(&s, "w.yaml", o.buf, o.len, &d) < 0) {
			for (size_t i = 0; i < d.n; i++)
				fprintf(stderr, "%d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
			fail_msg("the %s questionnaire does not load:\n%s", m ? "ahp" : "points", o.buf);
		}
		assert_string_equal(s->form_id, "poids-essai");
		if (m) {
			assert_non_null(survey_find(s, "cmp_besoins__lien"));
			assert_non_null(survey_find(s, "cmp_besoins__emploi"));
			assert_non_null(survey_find(s, "cmp_lien__emploi"));
			assert_null(survey_find(s, "cmp_lien__besoins"));
		} else {
			assert_non_null(survey_find(s, "pts_besoins"));
			assert_non_null(survey_find(s, "pts_emploi"));
			assert_non_null(survey_find(s, "total_points"));
		}
		survey_free(s);
	}
	strbuf_release(&o);
	referential_free(ref);
	diags_release(&d);
}

/* Two groups, two dimensions: group 0 scores (80, 40), group 1 (50, 60). */
static const double scores[4] = { 80, 40, 50, 60 };

static void test_sens_members(void **state)
{
	/* members: all on the first dimension, equal, all on the second */
	static const double vecs[6] = { 1, 0, .5, .5, 0, 1 };
	static const double base[2] = { .5, .5 };
	struct wsens_options opt = WSENS_OPTIONS_INIT;
	struct wsens_result r;

	(void)state;
	assert_int_equal(wsens_compute(scores, 2, 2, base, vecs, 3, &opt, &r), 0);
	assert_int_equal(r.nvec, 3);
	near(r.g[0].base, 60, 1e-12, "group 0 with the group's weights");
	near(r.g[0].lo, 40, 1e-12, "group 0 low");
	near(r.g[0].hi, 80, 1e-12, "group 0 high");
	near(r.g[1].base, 55, 1e-12, "group 1");
	near(r.g[1].lo, 50, 1e-12, "group 1 low");
	near(r.g[1].hi, 60, 1e-12, "group 1 high");
	assert_int_equal(r.npair, 1);
	assert_int_equal(r.pair[0].a, 0);
	assert_int_equal(r.pair[0].b, 1);
	/* 80 > 50, 60 > 55, 40 < 60: two members of three keep the direction */
	near(r.pair[0].p_keep, 2. / 3, 1e-12, "direction kept");
	wsens_result_release(&r);
	/* geometric: group 0 under the equal member is sqrt(80 x 40) */
	opt.aggregate = AGG_GEOMETRIC;
	assert_int_equal(wsens_compute(scores, 2, 2, base, vecs, 3, &opt, &r), 0);
	near(r.g[0].base, sqrt(3200), 1e-9, "geometric");
	wsens_result_release(&r);
}

static void test_sens_dirichlet(void **state)
{
	static const double base[2] = { .5, .5 };
	struct wsens_options opt = WSENS_OPTIONS_INIT;
	struct wsens_result a, b, c;

	(void)state;
	opt.mode = WSENS_DIRICHLET;
	opt.draws = 5000;
	opt.seed = 42;
	assert_int_equal(wsens_compute(scores, 2, 2, base, NULL, 0, &opt, &a), 0);
	assert_int_equal(wsens_compute(scores, 2, 2, base, NULL, 0, &opt, &b), 0);
	/* seeded: the same input gives the same figures, to the bit */
	assert_memory_equal(&a.g[0], &b.g[0], sizeof(a.g[0]));
	assert_memory_equal(&a.g[1], &b.g[1], sizeof(a.g[1]));
	assert_true(a.pair[0].p_keep == b.pair[0].p_keep);
	/* centred on the weights: the mean composite is near the base (Beta(25, 25) on w1) */
	near(a.g[0].mean, 60, 0.2, "centred");
	assert_true(a.g[0].lo < 60 && a.g[0].hi > 60);
	/* w1 ~ Beta(25, 25): group 0 - group 1 = 55 w1 - 20 + ... > 0 iff w1 > 1/3 + ...; nearly always */
	assert_true(a.pair[0].p_keep > 0.9 && a.pair[0].p_keep < 1);
	opt.seed = 43;
	assert_int_equal(wsens_compute(scores, 2, 2, base, NULL, 0, &opt, &c), 0);
	assert_true(c.g[0].lo != a.g[0].lo);
	/* a tighter Dirichlet gives a narrower interval */
	wsens_result_release(&c);
	opt.concentration = 500;
	assert_int_equal(wsens_compute(scores, 2, 2, base, NULL, 0, &opt, &c), 0);
	assert_true(c.g[0].hi - c.g[0].lo < a.g[0].hi - a.g[0].lo);
	/* nonsense refused */
	wsens_result_release(&c);
	opt.concentration = 0;
	assert_int_equal(wsens_compute(scores, 2, 2, base, NULL, 0, &opt, &c), -1);
	wsens_result_release(&a);
	wsens_result_release(&b);
}

/*
 * weights_compute() is re-entrant: two threads sorting members' weights of
 * different lengths at once get the order each gets alone (the comparator
 * once read the length from a file-level static).
 */
struct sort_job {
	size_t nd, nm;
	double *judg;
	double *want;		/* nm x nd: the members' weights computed alone */
	int bad;
};

static void sort_job_fill(struct sort_job *j, size_t nd, size_t nm)
{
	j->nd = nd;
	j->nm = nm;
	j->bad = 0;
	j->judg = malloc(nd * nm * sizeof(double));
	assert_non_null(j->judg);
	/* the same total, and ties on all stakes but the last two: the order is the next-to-last's */
	for (size_t m = 0; m < nm; m++)
		for (size_t i = 0; i < nd; i++)
			j->judg[m * nd + i] = i + 2 < nd ? 10 : i + 2 == nd ? (double)((m * 7) % nm + 1)
				: 100 - (double)((m * 7) % nm + 1);
}

static int sort_job_once(struct sort_job *j, double *w)
{
	struct weights_set ws = { WEIGHTS_POINTS, 1, j->nd, j->nm, j->judg, 0, 0 };
	struct weights_result r;

	if (weights_compute(&ws, 1, &r) < 0)
		return -1;
	memcpy(w, r.w, j->nd * j->nm * sizeof(double));
	weights_result_release(&r);
	return 0;
}

static void *sort_job_run(void *arg)
{
	struct sort_job *j = arg;
	double *w = malloc(j->nd * j->nm * sizeof(double));

	for (int k = 0; w && k < 300 && !j->bad; k++)
		if (sort_job_once(j, w) < 0 || memcmp(w, j->want, j->nd * j->nm * sizeof(double)))
			j->bad = 1;
	free(w);
	return NULL;
}

static void test_reentrant(void **state)
{
	struct sort_job j[2];
	pthread_t t[2];

	(void)state;
	sort_job_fill(&j[0], 2, 400);
	sort_job_fill(&j[1], 7, 400);
	for (int i = 0; i < 2; i++) {
		j[i].want = malloc(j[i].nd * j[i].nm * sizeof(double));
		assert_non_null(j[i].want);
		assert_int_equal(sort_job_once(&j[i], j[i].want), 0);
		/* heaviest next-to-last stake first */
		assert_true(j[i].want[j[i].nd - 2] > j[i].want[2 * j[i].nd - 2]);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, sort_job_run, &j[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(j[i].bad, 0);
		free(j[i].judg);
		free(j[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ahp_against_r),
		cmocka_unit_test(test_ahp_published),
		cmocka_unit_test(test_random_index),
		cmocka_unit_test(test_choice_value),
		cmocka_unit_test(test_group_geomean),
		cmocka_unit_test(test_inconsistent),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_sens_members),
		cmocka_unit_test(test_sens_dirichlet),
		cmocka_unit_test(test_reentrant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
