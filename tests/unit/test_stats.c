/*
 * Unit tests of src/analysis/stats: every statistic against a reference,
 * to 1e-6 relative.  The reference numbers are in tests/data/stats/
 * reference.txt, written by tests/data/stats/reference.R (R 4.2, psych
 * 2.2.9; its printed output is reference.Rout); each test names the R call
 * or publication the numbers come from.  Then the edge cases: no value, one
 * value, equal values, a group of one, one item.
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

#include "analysis/stats.h"

#define DATA "../data/stats/"

/* --- the reference values ------------------------------------------------------- */

struct refval {
	char key[64];		/* "welch.sleep.t" */
	double v;		/* R's value */
};

static struct refval refs[512];
static size_t nrefs;
static int load_datasets(void);

static int load_refs(void **state)
{
	FILE *fp = fopen(DATA "reference.txt", "r");
	char line[256];

	(void)state;
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp) && nrefs < 512) {
		if (sscanf(line, "%63s %lf", refs[nrefs].key, &refs[nrefs].v) == 2)
			nrefs++;
	}
	fclose(fp);
	if (nrefs < 100)
		return -1;
	return load_datasets();
}

static double ref(const char *key)
{
	size_t i;

	for (i = 0; i < nrefs; i++)
		if (!strcmp(refs[i].key, key))
			return refs[i].v;
	fail_msg("no reference value '%s' in reference.txt", key);
	return NAN;
}

/* Equal to 1e-6 relative (absolute near zero). */
#define assert_close(got, key) assert_close_((got), (key), __FILE__, __LINE__)
static void assert_close_(double got, const char *key, const char *file, int line)
{
	double want = ref(key), tol = 1e-6 * fmax(fabs(want), 1e-12);

	if (!(fabs(got - want) <= tol)) {
		print_error("%s:%d: %s: got %.17g, R gives %.17g\n", file, line, key, got, want);
		fail();
	}
}

static void make_dist(struct dist *d, const double *x, size_t n)
{
	double *copy = malloc((n ? n : 1) * sizeof(*copy));

	assert_non_null(copy);
	if (n)
		memcpy(copy, x, n * sizeof(*x));
	assert_int_equal(dist_build(d, copy, n), 0);
	free(copy);
}

/* A vector of datasets.txt (written by reference.R from R's data sets), by name. */
struct vec {
	char name[32];		/* "sleep_extra" */
	double v[160];		/* values */
	size_t n;		/* how many */
};

static struct vec vecs[16];
static size_t nvecs;

static int load_datasets(void)
{
	FILE *fp = fopen(DATA "datasets.txt", "r");
	static char line[8192];

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp) && nvecs < 16) {
		struct vec *v = &vecs[nvecs++];
		char *p = line, *end;
		int used;

		if (sscanf(p, "%31s%n", v->name, &used) != 1)
			return -1;
		p += used;
		for (;;) {
			double d = strtod(p, &end);

			if (end == p || v->n == 160)
				break;
			v->v[v->n++] = d;
			p = end;
		}
	}
	fclose(fp);
	return 0;
}

static const struct vec *dataset(const char *name)
{
	size_t i;

	for (i = 0; i < nvecs; i++)
		if (!strcmp(vecs[i].name, name))
			return &vecs[i];
	fail_msg("no data set '%s' in datasets.txt", name);
	return NULL;
}

/* --- descriptives ------------------------------------------------------------------ */

/* R: mean, sd, quantile(type = 7) and t.test(x)$conf.int of sleep$extra. */
static void test_describe_sleep(void **state)
{
	struct dist d = DIST_INIT;
	struct summary s;
	const struct vec *x = dataset("sleep_extra");

	make_dist(&d, x->v, x->n);
	summary_of(&s, &d, 0.95);
	assert_int_equal(s.note, STAT_OK);
	assert_int_equal(s.n, 20);
	assert_close(s.mean, "desc.sleep.mean");
	assert_close(s.sd, "desc.sleep.sd");
	assert_close(s.min, "desc.sleep.q.1");
	assert_close(s.q1, "desc.sleep.q.2");
	assert_close(s.median, "desc.sleep.q.3");
	assert_close(s.q3, "desc.sleep.q.4");
	assert_close(s.max, "desc.sleep.q.5");
	assert_close(s.ci_lo, "desc.sleep.ci.1");
	assert_close(s.ci_hi, "desc.sleep.ci.2");
	dist_release(&d);
}

/* R: quantile(Ozone, c(0, .1, .25, .5, .75, .9, 1)) and t.test(Ozone)$conf.int (116 values: counted path). */
static void test_describe_ozone(void **state)
{
	static const char *const qk[] = {
		"desc.ozone.q.1", "desc.ozone.q.2", "desc.ozone.q.3", "desc.ozone.q.4",
		"desc.ozone.q.5", "desc.ozone.q.6", "desc.ozone.q.7",
	};
	static const double p[] = { 0, .1, .25, .5, .75, .9, 1 };
	struct dist d = DIST_INIT, ds = DIST_INIT;
	struct summary s;
	const struct vec *oz = dataset("ozone");
	double copy[160];
	size_t i;

	(void)state;
	assert_int_equal(oz->n, 116);
	make_dist(&d, oz->v, oz->n);
	memcpy(copy, oz->v, oz->n * sizeof(double));
	assert_int_equal(dist_build_sorted(&ds, copy, oz->n), 0);
	/* The counting path and the sorting path give the same distribution. */
	assert_int_equal(d.nd, ds.nd);
	for (i = 0; i < d.nd; i++) {
		assert_true(d.v[i] == ds.v[i]);
		assert_int_equal(d.c[i], ds.c[i]);
	}
	for (i = 0; i < 7; i++)
		assert_close(dist_quantile(&d, p[i]), qk[i]);
	summary_of(&s, &d, 0.95);
	assert_close(s.mean, "desc.ozone.mean");
	assert_close(s.sd, "desc.ozone.sd");
	assert_close(s.ci_lo, "desc.ozone.ci.1");
	assert_close(s.ci_hi, "desc.ozone.ci.2");
	dist_release(&d);
	dist_release(&ds);
}

/* Many distinct values: the counting path gives up and sorts; same result. */
static void test_dist_many_values(void **state)
{
	enum { N = 20000 };
	double *x = malloc(N * sizeof(*x)), *y = malloc(N * sizeof(*y));
	struct dist a = DIST_INIT, b = DIST_INIT;
	struct rng g;
	size_t i;

	(void)state;
	rng_seed(&g, 7);
	for (i = 0; i < N; i++)
		x[i] = y[i] = (double)rng_below(&g, 10000) / 7 - (i % 3 ? 0.0 : -0.0);
	assert_int_equal(dist_build(&a, x, N), 0);
	assert_int_equal(dist_build_sorted(&b, y, N), 0);
	assert_int_equal(a.nd, b.nd);
	assert_int_equal(a.n, N);
	for (i = 0; i < a.nd; i++) {
		assert_true(a.v[i] == b.v[i]);
		assert_int_equal(a.c[i], b.c[i]);
	}
	free(x);
	free(y);
	dist_release(&a);
	dist_release(&b);
}

/*
 * dist_merge() of the groups' distributions is the distribution of all
 * their values (the same bits: -0 counted as 0), with few or many
 * distinct values, values shared between groups, and empty groups.
 */
static void test_dist_merge(void **state)
{
	enum { N = 30000, K = 7 };
	double *x = malloc(N * sizeof(*x)), *y = malloc(N * sizeof(*y));
	struct dist parts[K], all = DIST_INIT, merged = DIST_INIT;
	size_t start[K + 1], i, k;
	struct rng g;

	(void)state;
	rng_seed(&g, 9);
	for (int t = 0; t < 4; t++) {
		uint64_t spread = t % 2 ? 20000 : 40;	/* many distinct values, or few */

		for (i = 0; i < N; i++)
			x[i] = y[i] = (double)rng_below(&g, spread) / 3 - (i % 5 ? 0.0 : -0.0);
		start[0] = 0;
		for (k = 1; k < K; k++)	/* group 2 empty; the rest of various sizes */
			start[k] = k == 3 ? start[2] : start[k - 1] + (size_t)rng_below(&g, N / K);
		start[K] = N;
		for (k = 0; k < K; k++) {
			parts[k] = (struct dist)DIST_INIT;
			assert_int_equal(dist_build(&parts[k], x + start[k], start[k + 1] - start[k]), 0);
		}
		assert_int_equal(dist_build(&all, y, N), 0);
		assert_int_equal(dist_merge(&merged, parts, K), 0);
		assert_int_equal(merged.n, all.n);
		assert_int_equal(merged.nd, all.nd);
		assert_memory_equal(merged.v, all.v, all.nd * sizeof(*all.v));
		assert_memory_equal(merged.c, all.c, all.nd * sizeof(*all.c));
		for (k = 0; k < K; k++)
			dist_release(&parts[k]);
	}
	assert_int_equal(dist_merge(&merged, parts, 0), 0);	/* no group: empty */
	assert_int_equal(merged.n, 0);
	assert_int_equal(merged.nd, 0);
	free(x);
	free(y);
	dist_release(&all);
	dist_release(&merged);
}

/* Newcombe (1998), Table I, method 3 (to its 4 decimals), and prop.test(correct = FALSE) to 1e-6. */
static void test_wilson(void **state)
{
	static const struct {
		size_t k, n;
		double lo, hi;		/* Newcombe's printed values */
		const char *key;
	} cases[] = {
		{ 81, 263, 0.2553, 0.3662, "wilson.81_263" },
		{ 15, 148, 0.0624, 0.1605, "wilson.15_148" },
		{ 0, 20, 0.0000, 0.1611, "wilson.0_20" },
		{ 1, 29, 0.0061, 0.1718, "wilson.1_29" },
	};
	double lo, hi;
	char key[80];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(wilson_interval(cases[i].k, cases[i].n, 0.95, &lo, &hi), 0);
		assert_true(fabs(lo - cases[i].lo) < 0.00005);
		assert_true(fabs(hi - cases[i].hi) < 0.00005);
		snprintf(key, sizeof(key), "%s.1", cases[i].key);
		assert_close(lo, key);
		snprintf(key, sizeof(key), "%s.2", cases[i].key);
		assert_close(hi, key);
	}
	assert_int_equal(wilson_interval(0, 0, 0.95, &lo, &hi), -1);
	assert_true(isnan(lo) && isnan(hi));
}

/* --- tests ----------------------------------------------------------------------------- */

static void summary_from(struct summary *s, const double *x, size_t n)
{
	struct dist d = DIST_INIT;

	make_dist(&d, x, n);
	summary_of(s, &d, 0.95);
	dist_release(&d);
}

/* R: t.test(extra ~ group, data = sleep) (?t.test); Cohen's d by the pooled-sd formula. */
static void test_welch_sleep(void **state)
{
	const struct vec *x = dataset("sleep_extra");
	struct summary a, b;
	struct test_result r;

	(void)state;
	summary_from(&a, x->v, 10);
	summary_from(&b, x->v + 10, 10);
	test_welch(&r, &a, &b);
	assert_int_equal(r.note, STAT_OK);
	assert_close(r.statistic, "welch.sleep.t");
	assert_close(r.df, "welch.sleep.df");
	assert_close(r.p, "welch.sleep.p");
	assert_int_equal(r.effect_kind, EFFECT_COHEN_D);
	assert_close(r.effect, "welch.sleep.d");
}

/* R: anova(lm(weight ~ group, data = PlantGrowth)) (?lm, Dobson 1990 p. 9); eta^2 = SSB / SST. */
static void test_anova_plants(void **state)
{
	static const char *const names[3] = { "plant_ctrl", "plant_trt1", "plant_trt2" };
	struct summary g[3];
	struct test_result r;
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		summary_from(&g[i], dataset(names[i])->v, dataset(names[i])->n);
	test_anova(&r, g, 3);
	assert_int_equal(r.note, STAT_OK);
	assert_close(r.statistic, "anova.plant.F");
	assert_close(r.df, "anova.plant.df1");
	assert_close(r.df2, "anova.plant.df2");
	assert_close(r.p, "anova.plant.p");
	assert_close(r.effect, "anova.plant.eta2");
}

/* R: kruskal.test(list(x, y, z)) (?kruskal.test, Hollander & Wolfe 1973 p. 116). */
static void test_kruskal_hw(void **state)
{
	static const double x[] = { 2.9, 3.0, 2.5, 2.6, 3.2 }, y[] = { 3.8, 2.7, 4.0, 2.4 },
			    z[] = { 2.8, 3.4, 3.7, 2.2, 2.0 };
	struct dist d[3] = { DIST_INIT, DIST_INIT, DIST_INIT };
	const struct dist *g[3] = { &d[0], &d[1], &d[2] };
	struct test_result r;
	int i;

	(void)state;
	make_dist(&d[0], x, 5);
	make_dist(&d[1], y, 4);
	make_dist(&d[2], z, 5);
	test_kruskal(&r, g, 3);
	assert_int_equal(r.note, STAT_OK);
	assert_close(r.statistic, "kruskal.hw.H");
	assert_close(r.df, "kruskal.hw.df");
	assert_close(r.p, "kruskal.hw.p");
	for (i = 0; i < 3; i++)
		dist_release(&d[i]);
}

/* The Ozone values of one month. */
static void month_dist(struct dist *d, int month)
{
	const struct vec *oz = dataset("ozone"), *mo = dataset("ozone_month");
	double x[160];
	size_t i, n = 0;

	for (i = 0; i < oz->n; i++)
		if (mo->v[i] == month)
			x[n++] = oz->v[i];
	assert_int_equal(dist_build(d, x, n), 0);
}

/* R: kruskal.test(Ozone ~ Month, data = airquality) (?kruskal.test; ties). */
static void test_kruskal_ozone(void **state)
{
	struct dist d[5] = { DIST_INIT, DIST_INIT, DIST_INIT, DIST_INIT, DIST_INIT };
	const struct dist *g[5] = { &d[0], &d[1], &d[2], &d[3], &d[4] };
	struct test_result r;
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		month_dist(&d[i], 5 + i);
	test_kruskal(&r, g, 5);
	assert_close(r.statistic, "kruskal.ozone.H");
	assert_close(r.df, "kruskal.ozone.df");
	assert_close(r.p, "kruskal.ozone.p");
	for (i = 0; i < 5; i++)
		dist_release(&d[i]);
}

/* R: wilcox.test(x, y, alternative = "g") and two-sided (?wilcox.test, Hollander & Wolfe 1973 p. 69: exact). */
static void test_mann_whitney_exact(void **state)
{
	static const double x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
	static const double y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
	struct dist a = DIST_INIT, b = DIST_INIT;
	struct test_result r;

	(void)state;
	make_dist(&a, x, 10);
	make_dist(&b, y, 5);
	assert_int_equal(test_mann_whitney(&r, &a, &b, ALT_GREATER), 0);
	assert_int_equal(r.note, STAT_OK);
	assert_true(r.exact);
	assert_close(r.statistic, "mw.hw.W");
	assert_close(r.p, "mw.hw.p_greater");
	assert_int_equal(test_mann_whitney(&r, &a, &b, ALT_TWO_SIDED), 0);
	assert_close(r.p, "mw.hw.p");
	/* rank-biserial: 2W/(n1 n2) - 1 */
	assert_true(fabs(r.effect - (2 * 35.0 / 50 - 1)) < 1e-12);
	dist_release(&a);
	dist_release(&b);
}

/* R: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8)) (?wilcox.test; ties: normal approximation). */
static void test_mann_whitney_ties(void **state)
{
	struct dist a = DIST_INIT, b = DIST_INIT;
	struct test_result r;

	(void)state;
	month_dist(&a, 5);
	month_dist(&b, 8);
	assert_int_equal(test_mann_whitney(&r, &a, &b, ALT_TWO_SIDED), 0);
	assert_false(r.exact);
	assert_true(r.corrected);
	assert_close(r.statistic, "mw.ozone.W");
	assert_close(r.p, "mw.ozone.p");
	dist_release(&a);
	dist_release(&b);
}

/* R: chisq.test(M) (?chisq.test, Agresti 2007 p. 39), Cramer's V from chisq.test(M, correct = FALSE). */
static void test_chisq_party(void **state)
{
	static const double m[6] = { 762, 327, 468, 484, 239, 477 };
	struct test_result r;

	(void)state;
	assert_int_equal(test_chisq(&r, m, 2, 3), 0);
	assert_int_equal(r.note, STAT_OK);
	assert_false(r.corrected);
	assert_close(r.statistic, "chisq.party.X2");
	assert_close(r.df, "chisq.party.df");
	assert_close(r.p, "chisq.party.p");
	assert_close(r.effect, "chisq.party.V");
	assert_int_equal(r.nsmall, 0);
}

/* R: chisq.test(matrix(c(12, 5, 7, 7), ncol = 2)) (?chisq.test: 2x2, Yates' correction). */
static void test_chisq_yates(void **state)
{
	static const double m[4] = { 12, 7, 5, 7 };	/* row-major of R's column-major matrix */
	/* and the same table with an empty row and column, which are left out */
	static const double m2[9] = { 12, 0, 7, 0, 0, 0, 5, 0, 7 };
	struct test_result r;

	(void)state;
	assert_int_equal(test_chisq(&r, m, 2, 2), 0);
	assert_true(r.corrected);
	assert_close(r.statistic, "chisq.yates.X2");
	assert_close(r.p, "chisq.yates.p");
	assert_close(r.effect, "chisq.yates.V");
	assert_close(r.min_expected, "chisq.yates.min_expected");
	assert_int_equal(test_chisq(&r, m2, 3, 3), 0);
	assert_close(r.statistic, "chisq.yates.X2");
	assert_true(r.df == 1);
}

/* R: cor.test(x, y, method = "spearman", alternative = "g") (?cor.test, Hollander & Wolfe 1973 p. 187: exact, n = 9). */
static void test_spearman_exact(void **state)
{
	static const double x[] = { 44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1 };
	static const double y[] = { 2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8 };
	struct test_result r;

	(void)state;
	assert_int_equal(test_spearman(&r, x, y, 9, ALT_GREATER), 0);
	assert_int_equal(r.note, STAT_OK);
	assert_true(r.exact);
	assert_close(r.statistic, "spearman.hw.S");
	assert_close(r.estimate, "spearman.hw.rho");
	assert_close(r.p, "spearman.hw.p_greater");
	assert_int_equal(test_spearman(&r, x, y, 9, ALT_TWO_SIDED), 0);
	assert_close(r.p, "spearman.hw.p");
}

/* R: cor.test(x, y, method = "spearman") on spearman20.txt (generated by reference.R: AS 89 Edgeworth series). */
static void test_spearman_edgeworth(void **state)
{
	double x[20], y[20];
	struct test_result r;
	FILE *fp = fopen(DATA "spearman20.txt", "r");
	int i;

	(void)state;
	assert_non_null(fp);
	for (i = 0; i < 20; i++)
		assert_int_equal(fscanf(fp, "%lf %lf", &x[i], &y[i]), 2);
	fclose(fp);
	assert_int_equal(test_spearman(&r, x, y, 20, ALT_TWO_SIDED), 0);
	assert_false(r.exact);
	assert_close(r.statistic, "spearman.n20.S");
	assert_close(r.estimate, "spearman.n20.rho");
	assert_close(r.p, "spearman.n20.p");
}

/* R: cor.test(Ozone, Temp, method = "spearman") on airquality (ties: t approximation). */
static void test_spearman_ties(void **state)
{
	struct test_result r;
	const struct vec *oz = dataset("ozone"), *temp = dataset("ozone_temp");

	assert_int_equal(test_spearman(&r, oz->v, temp->v, oz->n, ALT_TWO_SIDED), 0);
	assert_false(r.exact);
	assert_close(r.statistic, "spearman.ozone.S");
	assert_close(r.estimate, "spearman.ozone.rho");
	assert_close(r.p, "spearman.ozone.p");
	assert_true(r.df == 114);
}

/* Counted pairs give exactly the result of the pairs written out (Ozone ~ Temp, and 5,000 answers on small scales). */
static void test_spearman_counted(void **state)
{
	enum { N = 5000 };
	const struct vec *oz = dataset("ozone"), *temp = dataset("ozone_temp");
	static double x[N], y[N], ux[N], uy[N], uw[N];
	struct test_result a, b;
	struct rng g;
	size_t i, j, k = 0, n;
	int round;

	(void)state;
	for (round = 0; round < 2; round++) {
		if (round == 0) {
			n = oz->n;
			memcpy(x, oz->v, n * sizeof(double));
			memcpy(y, temp->v, n * sizeof(double));
		} else {
			n = N;
			rng_seed(&g, 11);
			for (i = 0; i < n; i++) {
				x[i] = 1 + (double)rng_below(&g, 5);
				y[i] = (double)((uint64_t)x[i] + rng_below(&g, 7));
			}
		}
		for (i = 0, k = 0; i < n; i++) {
			for (j = 0; j < k && !(ux[j] == x[i] && uy[j] == y[i]); j++)
				;
			if (j == k) {
				ux[k] = x[i];
				uy[k] = y[i];
				uw[k++] = 0;
			}
			uw[j]++;
		}
		assert_true(k < n);
		assert_int_equal(test_spearman(&a, x, y, n, ALT_TWO_SIDED), 0);
		assert_int_equal(test_spearman_weighted(&b, ux, uy, uw, k, ALT_TWO_SIDED), 0);
		assert_int_equal(a.n, b.n);
		assert_true(fabs(a.estimate - b.estimate) < 1e-12);
		assert_true(fabs(a.p - b.p) <= 1e-12 * fmax(a.p, 1e-300) + 1e-300);
		if (round == 0) {
			assert_close(b.estimate, "spearman.ozone.rho");
			assert_close(b.p, "spearman.ozone.p");
		}
	}
}

/* --- Cronbach's alpha ------------------------------------------------------------------ */

/* Read a CSV of 5 integer columns with a header; empty cells are NaN. */
static size_t read_items(const char *path, double (*x)[5])
{
	FILE *fp = fopen(path, "r");
	char line[256];
	size_t n = 0;

	assert_non_null(fp);
	assert_non_null(fgets(line, sizeof(line), fp));	/* header */
	while (fgets(line, sizeof(line), fp) && n < 300) {
		char *p = line;
		int j;

		for (j = 0; j < 5; j++) {
			char *end;

			x[n][j] = strtod(p, &end);
			if (end == p)
				x[n][j] = NAN;
			p = strchr(end, ',');
			if (p)
				p++;
			else
				assert_int_equal(j, 4);
		}
		n++;
	}
	fclose(fp);
	return n;
}

static void check_alpha(const char *csv, const char *key)
{
	static double x[300][5];
	struct alpha_acc acc;
	struct alpha_result a;
	char k[96];
	size_t n, i, j;

	n = read_items(csv, x);
	assert_int_equal(n, 300);
	assert_int_equal(alpha_acc_init(&acc, 5, 3), 0);
	for (i = 0; i < n; i++) {
		double scored[5];

		for (j = 0; j < 5; j++)
			scored[j] = j == 3 ? 6 - x[i][j] : x[i][j];	/* item 4 reverse-coded */
		alpha_acc_add(&acc, scored, x[i]);
	}
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_OK);
	snprintf(k, sizeof(k), "%s.raw", key);
	assert_close(a.raw, k);
	snprintf(k, sizeof(k), "%s.std", key);
	assert_close(a.std, k);
	snprintf(k, sizeof(k), "%s.average_r", key);
	assert_close(a.average_r, k);
	for (j = 0; j < 5; j++) {
		snprintf(k, sizeof(k), "%s.alpha_drop.%zu", key, j + 1);
		assert_close(a.items[j].alpha_drop, k);
		snprintf(k, sizeof(k), "%s.std_drop.%zu", key, j + 1);
		assert_close(a.items[j].alpha_std_drop, k);
		snprintf(k, sizeof(k), "%s.r_drop.%zu", key, j + 1);
		assert_close(a.items[j].r_drop, k);
		snprintf(k, sizeof(k), "%s.mean.%zu", key, j + 1);
		assert_close(a.items[j].mean, k);
		snprintf(k, sizeof(k), "%s.sd.%zu", key, j + 1);
		assert_close(a.items[j].sd, k);
		snprintf(k, sizeof(k), "%s.n.%zu", key, j + 1);
		assert_close((double)a.items[j].n, k);
	}
	alpha_result_release(&a);
	alpha_acc_release(&acc);
}

/* psych::alpha on alpha.csv (generated by reference.R): complete answers. */
/* alpha_acc_add() as it was before its path for rows with every item answered. */
static void ref_alpha_acc_add(struct alpha_acc *a, const double *x, const double *raw)
{
	size_t k = a->k, i, j, np = 0;
	size_t present[64];
	double xs[64];

	/* Items of a dimension are few; more than 64 go through the slow loop. */
	if (k > 64) {
		for (i = 0; i < k; i++) {
			if (isnan(x[i]))
				continue;
			np++;
			a->inum[i]++;
			a->isum[i] += raw[i];
			a->isq[i] += raw[i] * raw[i];
			for (j = i; j < k; j++) {
				double xi, xj;

				if (isnan(x[j]))
					continue;
				xi = x[i] - a->center;
				xj = x[j] - a->center;
				a->npair[i * k + j]++;
				a->sum[i * k + j] += xi;
				if (j != i)
					a->sum[j * k + i] += xj;
				a->cross[i * k + j] += xi * xj;
			}
		}
		if (np)
			a->nresp++;
		return;
	}
	for (i = 0; i < k; i++)
		if (!isnan(x[i])) {
			present[np] = i;
			xs[np++] = x[i] - a->center;
			a->inum[i]++;
			a->isum[i] += raw[i];
			a->isq[i] += raw[i] * raw[i];
		}
	if (!np)
		return;
	a->nresp++;
	/* The upper triangle (and diagonal) only; alpha_compute() mirrors it. */
	for (i = 0; i < np; i++) {
		size_t row = present[i] * k;

		for (j = i; j < np; j++) {
			size_t cell = row + present[j];

			a->npair[cell]++;
			a->sum[cell] += xs[i];
			if (j != i)
				a->sum[present[j] * k + present[i]] += xs[j];
			a->cross[cell] += xs[i] * xs[j];
		}
	}
}

/*
 * alpha_acc_add() gives the same sums to the bit as the former code, on
 * rows with every item, some, or none answered, and values of any kind.
 */
static void test_alpha_acc_same_bits(void **state)
{
	struct rng g;

	(void)state;
	rng_seed(&g, 4);
	for (size_t k = 1; k <= 10; k++) {
		struct alpha_acc a, b;
		double x[10], raw[10];

		assert_int_equal(alpha_acc_init(&a, k, k % 2 ? 50 : 0), 0);
		assert_int_equal(alpha_acc_init(&b, k, k % 2 ? 50 : 0), 0);
		for (int r = 0; r < 3000; r++) {
			int missing = (int)rng_below(&g, 3);	/* 0: every item answered */

			for (size_t i = 0; i < k; i++) {
				raw[i] = r % 2 ? (double)(rng_below(&g, 5) + 1)
					       : (double)rng_below(&g, 1000) / 7.0;
				x[i] = 100 * (raw[i] - 1) / 6;
				if (missing && rng_below(&g, 3) == 0)
					x[i] = raw[i] = NAN;
			}
			alpha_acc_add(&a, x, raw);
			ref_alpha_acc_add(&b, x, raw);
		}
		assert_int_equal(a.nresp, b.nresp);
		assert_memory_equal(a.npair, b.npair, k * k * sizeof(double));
		assert_memory_equal(a.sum, b.sum, k * k * sizeof(double));
		assert_memory_equal(a.cross, b.cross, k * k * sizeof(double));
		assert_memory_equal(a.isum, b.isum, k * sizeof(double));
		assert_memory_equal(a.isq, b.isq, k * sizeof(double));
		assert_memory_equal(a.inum, b.inum, k * sizeof(double));
		alpha_acc_release(&a);
		alpha_acc_release(&b);
	}
}

/*
 * Counting by answer pattern gives the sums of alpha_acc_add() row by row,
 * to the bit: rows counted, rows of whole numbers added directly among
 * them, and a row that is not exact turning the patterns off midway (its
 * counts added first); alpha_acc_clear() starts again with the patterns
 * kept.  Tables that are not exact (a 1-4 scale scored 0-100), more than
 * four items, or an acc already fed leave the patterns off.
 */
static void test_alpha_patterns_same_bits(void **state)
{
	struct rng g;

	(void)state;
	rng_seed(&g, 11);
	for (int t = 0; t < 60; t++) {
		size_t k = 1 + (size_t)t % ALPHA_PATTERN_ITEMS, i;
		double center = t % 2 ? 50 : 0, tx[ALPHA_PATTERN_ITEMS * 10], tr[ALPHA_PATTERN_ITEMS * 10];
		int inexact_at = t % 3 == 0 ? (int)rng_below(&g, 2000) : -1;
		struct alpha_acc a, b;

		/* a 0-9 or 1-5 scale scored 0-100, some items reversed */
		for (i = 0; i < k * 10; i++) {
			double c = (double)(i % 10), lo = t % 4 < 2 ? 1 : 0, hi = t % 4 < 2 ? 5 : 10;
			double x = (i / 10) % 2 ? lo + hi - c : c;

			tr[i] = c;
			tx[i] = 100 * (x - lo) / (hi - lo);
			if (t % 4 >= 2)
				tx[i] = 10 * (x - lo);
		}
		assert_int_equal(alpha_acc_init(&a, k, center), 0);
		assert_int_equal(alpha_acc_init(&b, k, center), 0);
		assert_int_equal(alpha_acc_patterns(&a, tx, tr), 1);
		for (int pass = 0; pass < 2; pass++) {
			for (int r = 0; r < 2000; r++) {
				double x[ALPHA_PATTERN_ITEMS], raw[ALPHA_PATTERN_ITEMS];
				size_t idx = 0, mul = 1;
				int direct = rng_below(&g, 10) == 0;

				for (i = 0; i < k; i++, mul *= ALPHA_CODES) {
					size_t c = (size_t)rng_below(&g, t % 4 < 2 ? 5 : 10);

					if (t % 4 < 2)
						c++;	/* answers 1-5 */
					if (rng_below(&g, 6) == 0) {
						x[i] = raw[i] = NAN;
						continue;
					}
					x[i] = tx[i * 10 + c];
					raw[i] = tr[i * 10 + c];
					idx += (c + 1) * mul;
				}
				if (r == inexact_at) {	/* a value that is not a whole number */
					x[0] = 12.5;
					raw[0] = 1.5;
					direct = 1;
				}
				if (direct || !a.pat)
					alpha_acc_add(&a, x, raw);
				else if (idx)
					alpha_acc_count(&a, idx);
				ref_alpha_acc_add(&b, x, raw);
			}
			alpha_acc_flush(&a);
			assert_int_equal(a.nresp, b.nresp);
			assert_memory_equal(a.npair, b.npair, k * k * sizeof(double));
			assert_memory_equal(a.sum, b.sum, k * k * sizeof(double));
			assert_memory_equal(a.cross, b.cross, k * k * sizeof(double));
			assert_memory_equal(a.isum, b.isum, k * sizeof(double));
			assert_memory_equal(a.isq, b.isq, k * sizeof(double));
			assert_memory_equal(a.inum, b.inum, k * sizeof(double));
			if (inexact_at >= 0)
				assert_null(a.pat);
			else
				assert_non_null(a.pat);
			alpha_acc_clear(&a);
			alpha_acc_release(&b);
			assert_int_equal(alpha_acc_init(&b, k, center), 0);
		}
		alpha_acc_release(&a);
		alpha_acc_release(&b);
	}
	{
		struct alpha_acc a;
		double tx[50], tr[50], x[5], raw[5];
		size_t i;

		for (i = 0; i < 50; i++) {
			tr[i] = (double)(i % 10);
			tx[i] = 100 * (tr[i] - 1) / 3;	/* 1-4 scale: 33.33... */
		}
		assert_int_equal(alpha_acc_init(&a, 4, 50), 0);
		assert_int_equal(alpha_acc_patterns(&a, tx, tr), 0);
		assert_null(a.pat);
		alpha_acc_release(&a);
		for (i = 0; i < 50; i++)
			tx[i] = 25 * (tr[i] - 1);
		assert_int_equal(alpha_acc_init(&a, 5, 50), 0);
		assert_int_equal(alpha_acc_patterns(&a, tx, tr), 0);	/* five items */
		alpha_acc_release(&a);
		assert_int_equal(alpha_acc_init(&a, 4, 50), 0);
		for (i = 0; i < 4; i++)
			x[i] = raw[i] = 1;
		alpha_acc_add(&a, x, raw);
		assert_int_equal(alpha_acc_patterns(&a, tx, tr), 0);	/* already fed */
		alpha_acc_release(&a);
	}
}

static void test_alpha_complete(void **state)
{
	(void)state;
	check_alpha(DATA "alpha.csv", "alpha");
}

/* psych::alpha on alpha-missing.csv: 8% missing, pairwise covariances. */
static void test_alpha_missing(void **state)
{
	(void)state;
	check_alpha(DATA "alpha-missing.csv", "alpha_missing");
}

/*
 * psych::alpha drops an item of no variance: alpha.csv with a sixth item
 * answered 3 by everyone gives the alpha of the five others, and the sixth
 * is marked dropped with no figure of its own.
 */
static void test_alpha_constant_item(void **state)
{
	static double x[300][5];
	struct alpha_acc acc;
	struct alpha_result a;
	char k[96];
	size_t n, i, j;

	(void)state;
	n = read_items(DATA "alpha.csv", x);
	assert_int_equal(n, 300);
	assert_int_equal(alpha_acc_init(&acc, 6, 3), 0);
	for (i = 0; i < n; i++) {
		double scored[6], raw[6];

		for (j = 0; j < 5; j++) {
			raw[j] = x[i][j];
			scored[j] = j == 3 ? 6 - x[i][j] : x[i][j];
		}
		raw[5] = scored[5] = 3;
		alpha_acc_add(&acc, scored, raw);
	}
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_OK);
	assert_int_equal(a.std_note, STAT_OK);
	assert_int_equal(a.k, 6);
	assert_int_equal(a.ndropped, 1);
	assert_close(a.raw, "alpha_constant.raw");
	assert_close(a.std, "alpha_constant.std");
	assert_close(a.average_r, "alpha_constant.average_r");
	for (j = 0; j < 5; j++) {
		assert_false(a.items[j].dropped);
		snprintf(k, sizeof(k), "alpha_constant.alpha_drop.%zu", j + 1);
		assert_close(a.items[j].alpha_drop, k);
		snprintf(k, sizeof(k), "alpha_constant.std_drop.%zu", j + 1);
		assert_close(a.items[j].alpha_std_drop, k);
		snprintf(k, sizeof(k), "alpha_constant.r_drop.%zu", j + 1);
		assert_close(a.items[j].r_drop, k);
	}
	assert_true(a.items[5].dropped);
	assert_true(a.items[5].mean == 3 && a.items[5].sd == 0 && a.items[5].n == 300);
	assert_true(isnan(a.items[5].alpha_drop) && isnan(a.items[5].alpha_std_drop));
	assert_true(isnan(a.items[5].r_drop));
	alpha_result_release(&a);
	alpha_acc_release(&acc);
}

/* --- Fisher's exact test ------------------------------------------------------------------ */

/* fisher.test() on the tables of reference.R, two-sided. */
static void test_fisher_reference(void **state)
{
	static const struct {
		const char *key;	/* in reference.txt */
		size_t nrow, ncol;
		double m[16];		/* row-major */
	} cases[] = {
		{ "fisher.tea", 2, 2, { 3, 1, 1, 3 } },
		{ "fisher.convictions", 2, 2, { 2, 15, 10, 3 } },
		{ "fisher.ties", 2, 2, { 3, 3, 3, 3 } },
		{ "fisher.lopsided", 2, 2, { 1, 11, 9, 3 } },
		{ "fisher.job", 4, 4, { 1, 3, 10, 6, 2, 3, 10, 7, 1, 6, 14, 12, 0, 1, 9, 11 } },
		{ "fisher.r3x2", 3, 2, { 4, 1, 0, 6, 2, 5 } },
		{ "fisher.r2x4", 2, 4, { 5, 3, 0, 1, 1, 2, 4, 6 } },
		{ "fisher.zeros", 3, 3, { 4, 0, 1, 0, 0, 0, 2, 0, 6 } },
		{ "fisher.essai", 3, 3, { 10, 5, 0, 0, 6, 5, 5, 5, 10 } },
	};
	struct test_result r, t;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(test_fisher(&r, cases[i].m, cases[i].nrow, cases[i].ncol, 0), 0);
		assert_int_equal(r.note, STAT_OK);
		assert_int_equal(r.kind, TEST_FISHER);
		assert_true(r.exact);
		assert_close(r.p, cases[i].key);
		/* the transposed table gives the same p-value */
		{
			double tr[16];

			for (j = 0; j < cases[i].nrow * cases[i].ncol; j++)
				tr[(j % cases[i].ncol) * cases[i].nrow + j / cases[i].ncol] = cases[i].m[j];
			assert_int_equal(test_fisher(&t, tr, cases[i].ncol, cases[i].nrow, 0), 0);
			assert_close(t.p, cases[i].key);
		}
	}
	/* past the limit of tables: not computed, said so */
	assert_int_equal(test_fisher(&r, cases[4].m, 4, 4, 50), 0);
	assert_int_equal(r.note, STAT_TOO_LARGE);
	assert_true(isnan(r.p));
	/* one group, no data */
	{
		static const double one[] = { 3, 4 }, none[] = { 0, 0, 0, 0 };

		assert_int_equal(test_fisher(&r, one, 2, 1, 0), 0);
		assert_int_equal(r.note, STAT_ONE_GROUP);
		assert_int_equal(test_fisher(&r, none, 2, 2, 0), 0);
		assert_int_equal(r.note, STAT_NO_DATA);
	}
}

/* --- edge cases ----------------------------------------------------------------------- */

static void test_edge_descriptives(void **state)
{
	static const double one[] = { 4 }, same[] = { 3, 3, 3, 3 };
	struct dist d = DIST_INIT;
	struct summary s;

	(void)state;
	/* no value */
	make_dist(&d, NULL, 0);
	summary_of(&s, &d, 0.95);
	assert_int_equal(s.note, STAT_NO_DATA);
	assert_int_equal(s.n, 0);
	assert_true(isnan(s.mean) && isnan(s.median) && isnan(s.ci_lo));
	assert_true(isnan(dist_quantile(&d, 0.5)));
	/* one value: a mean and a median, no sd, no interval */
	make_dist(&d, one, 1);
	summary_of(&s, &d, 0.95);
	assert_int_equal(s.note, STAT_TOO_FEW);
	assert_true(s.mean == 4 && s.median == 4 && s.q1 == 4 && s.q3 == 4);
	assert_true(isnan(s.sd) && isnan(s.ci_lo) && isnan(s.ci_hi));
	/* equal values: sd 0, no interval */
	make_dist(&d, same, 4);
	summary_of(&s, &d, 0.95);
	assert_int_equal(s.note, STAT_NO_VARIANCE);
	assert_true(s.sd == 0 && s.mean == 3);
	assert_true(isnan(s.ci_lo));
	dist_release(&d);
}

static void test_edge_tests(void **state)
{
	static const double a[] = { 1, 2, 3 }, one[] = { 5 }, same[] = { 2, 2, 2 };
	struct dist da = DIST_INIT, d1 = DIST_INIT, ds = DIST_INIT, d0 = DIST_INIT;
	const struct dist *g[3];
	struct summary sa, s1, ss, sg[2];
	struct test_result r;
	static const double zero_col[4] = { 3, 0, 4, 0 };

	(void)state;
	make_dist(&da, a, 3);
	make_dist(&d1, one, 1);
	make_dist(&ds, same, 3);
	make_dist(&d0, NULL, 0);
	summary_of(&sa, &da, 0.95);
	summary_of(&s1, &d1, 0.95);
	summary_of(&ss, &ds, 0.95);
	/* a group of one: no Welch test */
	test_welch(&r, &sa, &s1);
	assert_int_equal(r.note, STAT_TOO_FEW);
	assert_true(isnan(r.p));
	/* zero variance in both groups */
	test_welch(&r, &ss, &ss);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	sg[0] = ss;
	sg[1] = ss;
	test_anova(&r, sg, 2);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	/* one group */
	test_anova(&r, &sa, 1);
	assert_int_equal(r.note, STAT_ONE_GROUP);
	g[0] = &da;
	g[1] = &d0;
	test_kruskal(&r, g, 2);
	assert_int_equal(r.note, STAT_ONE_GROUP);
	/* all values tied */
	g[0] = &ds;
	g[1] = &ds;
	test_kruskal(&r, g, 2);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_int_equal(test_mann_whitney(&r, &ds, &ds, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_int_equal(test_mann_whitney(&r, &da, &d0, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_TOO_FEW);
	/* a group of one in a rank test is fine: W = rank sum */
	assert_int_equal(test_mann_whitney(&r, &d1, &da, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_OK);
	assert_true(r.statistic == 3 && r.exact);
	/* chi-square with only one non-empty column */
	assert_int_equal(test_chisq(&r, zero_col, 2, 2), 0);
	assert_int_equal(r.note, STAT_ONE_GROUP);
	assert_int_equal(test_chisq(&r, zero_col, 0, 0), 0);
	assert_int_equal(r.note, STAT_NO_DATA);
	/* Spearman: too few pairs, constant variable */
	assert_int_equal(test_spearman(&r, a, a, 2, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_TOO_FEW);
	assert_int_equal(test_spearman(&r, a, same, 3, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	/* a perfect correlation with ties: p = 0, not NaN */
	{
		static const double x[] = { 1, 1, 2, 3 }, y[] = { 5, 5, 6, 7 };

		assert_int_equal(test_spearman(&r, x, y, 4, ALT_TWO_SIDED), 0);
		assert_true(r.estimate == 1 && r.p == 0);
	}
	dist_release(&da);
	dist_release(&d1);
	dist_release(&ds);
	dist_release(&d0);
}

static void test_edge_alpha(void **state)
{
	struct alpha_acc acc;
	struct alpha_result a;
	double x[3];

	(void)state;
	/* one item: no alpha */
	assert_int_equal(alpha_acc_init(&acc, 1, 0), 0);
	x[0] = 3;
	alpha_acc_add(&acc, x, x);
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_ONE_ITEM);
	assert_true(isnan(a.raw));
	assert_true(a.items[0].mean == 3);
	alpha_result_release(&a);
	alpha_acc_release(&acc);
	/* no respondent */
	assert_int_equal(alpha_acc_init(&acc, 3, 0), 0);
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_NO_DATA);
	alpha_result_release(&a);
	/* one respondent: too few */
	x[0] = 1, x[1] = 2, x[2] = 3;
	alpha_acc_add(&acc, x, x);
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_TOO_FEW);
	assert_true(isnan(a.raw) && isnan(a.std));
	alpha_result_release(&a);
	alpha_acc_release(&acc);
	/* an item with no variance: left out, as psych::alpha does */
	assert_int_equal(alpha_acc_init(&acc, 3, 0), 0);
	{
		static const double rows[4][3] = { { 1, 2, 3 }, { 2, 3, 3 }, { 3, 4, 3 }, { 4, 4, 3 } };
		int i;

		for (i = 0; i < 4; i++)
			alpha_acc_add(&acc, rows[i], rows[i]);
	}
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_OK);
	assert_int_equal(a.std_note, STAT_OK);
	assert_int_equal(a.ndropped, 1);
	assert_true(a.items[2].dropped);
	/* two items left: alpha of (1 2 3 4) and (2 3 4 4) */
	assert_true(fabs(a.raw - 2 * (1 - (5.0 / 3 + 11.0 / 12) / (5.0 / 3 + 11.0 / 12 + 2 * 7.0 / 6))) < 1e-12);
	assert_true(isfinite(a.std));
	assert_true(isnan(a.items[2].r_drop));
	alpha_result_release(&a);
	/* every item but one without variance: no alpha */
	alpha_acc_release(&acc);
	assert_int_equal(alpha_acc_init(&acc, 3, 0), 0);
	{
		static const double rows[3][3] = { { 1, 3, 3 }, { 2, 3, 3 }, { 4, 3, 3 } };
		int i;

		for (i = 0; i < 3; i++)
			alpha_acc_add(&acc, rows[i], rows[i]);
	}
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_NO_VARIANCE);
	assert_int_equal(a.ndropped, 2);
	assert_true(isnan(a.raw) && isnan(a.std));
	alpha_result_release(&a);
	alpha_acc_release(&acc);
	/* two items never answered together */
	assert_int_equal(alpha_acc_init(&acc, 2, 0), 0);
	{
		static const double rows[4][2] = { { 1, NAN }, { 2, NAN }, { NAN, 3 }, { NAN, 5 } };
		int i;

		for (i = 0; i < 4; i++)
			alpha_acc_add(&acc, rows[i], rows[i]);
	}
	assert_int_equal(alpha_compute(&a, &acc), 0);
	assert_int_equal(a.note, STAT_NO_PAIRS);
	alpha_result_release(&a);
	alpha_acc_release(&acc);
}

/* The generator is the published xoshiro256** fed by splitmix64: fixed streams. */
static void test_rng(void **state)
{
	struct rng a, b;
	uint64_t counts[6] = { 0 };
	int i;

	(void)state;
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (i = 0; i < 1000; i++)
		assert_true(rng_next(&a) == rng_next(&b));
	rng_seed(&a, 1);
	for (i = 0; i < 60000; i++)
		counts[rng_below(&a, 6)]++;
	for (i = 0; i < 6; i++)
		assert_true(counts[i] > 9500 && counts[i] < 10500);
}

/* rng_jump(): n steps at once, the state n calls of rng_next() reach. */
static void test_rng_jump(void **state)
{
	static const uint64_t ns[] = { 0, 1, 2, 3, 255, 256, 257, 1000, 65537, 1000003, 20000000 };
	struct rng a, b;
	uint64_t jp[4], k;
	size_t t;

	(void)state;
	for (t = 0; t < sizeof(ns) / sizeof(ns[0]); t++) {
		rng_seed(&a, 1000 + t);
		b = a;
		for (k = 0; k < ns[t]; k++)
			(void)rng_next(&a);
		rng_jump_poly(jp, ns[t]);
		rng_jump(&b, jp);
		assert_memory_equal(a.s, b.s, sizeof(a.s));
		/* the same jump again, from where it led */
		for (k = 0; k < ns[t]; k++)
			(void)rng_next(&a);
		rng_jump(&b, jp);
		assert_memory_equal(a.s, b.s, sizeof(a.s));
	}
}

/* The draws of boot_draws(), written plainly: the reference of its paths. */
static void plain_draws(const int64_t *fx, size_t K, size_t m, struct rng *g, size_t nboot,
			int64_t *sums)
{
	size_t b, i, d;

	memset(sums, 0, nboot * K * sizeof(*sums));
	for (b = 0; b < nboot; b++)
		for (i = 0; i < m; i++) {
			const int64_t *row = fx + rng_below(g, m) * K;

			for (d = 0; d < K; d++)
				sums[b * K + d] += row[d];
		}
}

/* Each path this processor has against plain_draws(), from g: the same sums and end state. */
static void check_paths(const int64_t *fx, size_t K, size_t m, const struct rng *g, size_t nboot)
{
	int64_t *want = malloc((nboot ? nboot : 1) * K * sizeof(*want));
	int64_t *got = malloc((nboot ? nboot : 1) * K * sizeof(*got));
	struct rng ga = *g, gb;
	int p;

	assert_non_null(want);
	assert_non_null(got);
	plain_draws(fx, K, m, &ga, nboot, want);
	for (p = BOOT_PATH_AUTO; p <= BOOT_PATH_AVX512; p++) {
		gb = *g;
		memset(got, 0x5a, (nboot ? nboot : 1) * K * sizeof(*got));
		if (boot_draws(fx, K, m, &gb, nboot, got, (enum boot_path)p) < 0) {
			assert_true(p > (int)boot_path_best());	/* not on this processor */
			continue;
		}
		if (nboot > 0)
			assert_memory_equal(want, got, nboot * K * sizeof(*got));
		assert_memory_equal(ga.s, gb.s, sizeof(ga.s));
	}
	free(want);
	free(got);
}

/* 64-bit values with a few zeros, as the fixed-point block (values and counts). */
static int64_t *fixed_rows(size_t m, size_t K, uint64_t seed)
{
	int64_t *fx = aligned_alloc(64, (m * K * sizeof(*fx) + 63) / 64 * 64);
	struct rng g;
	size_t i;

	assert_non_null(fx);
	rng_seed(&g, seed);
	for (i = 0; i < m * K; i++)
		fx[i] = rng_below(&g, 9) ? (int64_t)(rng_next(&g) >> 20) : 0;
	return fx;
}

/*
 * boot_draws() on every path (scalar, four lanes, eight lanes) gives the
 * draws of rng_below() one after another: rows of 2, 4 and 8 columns,
 * blocks of 1 to 10,000 rows, fewer replicates than lanes or not a
 * multiple of them, so that the lanes' replicates and the scalar tail
 * meet at every boundary.
 */
static void test_boot_draws_paths(void **state)
{
	static const size_t Ks[] = { 2, 4, 8 };
	static const size_t ms[] = { 1, 2, 3, 7, 16, 999, 10000 };
	static const size_t nboots[] = { 0, 1, 3, 4, 5, 7, 8, 9, 17, 33 };
	size_t a, b, c;

	(void)state;
	for (a = 0; a < 3; a++)
		for (b = 0; b < sizeof(ms) / sizeof(ms[0]); b++) {
			int64_t *fx = fixed_rows(ms[b], Ks[a], 10 * a + b);

			for (c = 0; c < sizeof(nboots) / sizeof(nboots[0]); c++) {
				struct rng g;

				if (ms[b] == 10000 && nboots[c] > 9)
					continue;	/* time */
				rng_seed(&g, 100 * a + 10 * b + c);
				check_paths(fx, Ks[a], ms[b], &g, nboots[c]);
			}
			free(fx);
		}
}

static uint64_t inverse64(uint64_t a)	/* a odd: a x = 1 modulo 2^64 */
{
	uint64_t x = a;
	int i;

	for (i = 0; i < 6; i++)
		x *= 2 - a * x;
	return x;
}

/* One step of xoshiro256 backwards: rng_next() from the result gives g back. */
static void rng_back(struct rng *g)
{
	uint64_t *s = g->s, x = (s[3] >> 45) | (s[3] << 19), y = s[2] ^ s[1];	/* s3 ^ s1, s1 ^ s1 << 17 */
	uint64_t s0 = s[0] ^ x, s1 = y ^ y << 17 ^ y << 34 ^ y << 51;

	s[2] = s[1] ^ s1 ^ s0;
	s[3] = x ^ s1;
	s[0] = s0;
	s[1] = s1;
}

/* A state whose (p + 1)th number is r: rng_below(., m) then sees r m. */
static struct rng state_drawing(uint64_t r, uint64_t p, uint64_t seed)
{
	struct rng g, h;
	uint64_t x = r * inverse64(9), k;

	rng_seed(&g, seed);
	/* rng_next() returns rotl(s1 5, 7) 9 */
	g.s[1] = ((x >> 7) | (x << 57)) * inverse64(5);
	h = g;
	assert_true(rng_next(&h) == r);
	for (k = 0; k < p; k++)
		rng_back(&g);
	h = g;
	for (k = 0; k < p; k++)
		(void)rng_next(&h);
	assert_true(rng_next(&h) == r);
	return g;
}

/*
 * Lemire's rejection inside and outside the lanes: a number r whose
 * product r m has a low word below 2^64 mod m is drawn again, which
 * shifts every later draw; lanes started by jump-ahead cannot know it and
 * leave the task to the scalar path.  A low word below 2^32 but not below
 * 2^64 mod m is a false alarm of the lanes' test, checked and kept.  The
 * crafted number falls on the first draw, inside a lane, on the lanes'
 * last draw and in the scalar tail.
 */
static void test_boot_draws_rejection(void **state)
{
	static const size_t Ks[] = { 2, 4, 8 };
	static const uint64_t where[] = { 0, 1, 5 * 1000 + 17, 23 * 1000 + 999, 63 * 1000 + 999,
					  64 * 1000 + 3, 66 * 1000 + 998 };
	size_t a, w;

	(void)state;
	for (a = 0; a < 3; a++)
		for (w = 0; w < sizeof(where) / sizeof(where[0]); w++) {
			uint64_t m = 1000 - (w % 2), t = -m % m, lows[3], j;
			int64_t *fx = fixed_rows(m, Ks[a], a + 100 * w);

			assert_true(t > 1);
			lows[0] = 0;		/* rejected */
			lows[1] = t - 1;	/* rejected */
			lows[2] = t;		/* kept: only an alarm (low word < 2^32) */
			for (j = 0; j < 3; j++) {
				struct rng g;

				if (m % 2 == 0 && j > 0)
					continue;	/* r m = low: r = low / m needs m odd */
				g = state_drawing(lows[j] * inverse64(m | 1), where[w], 7 * w + j);
				check_paths(fx, Ks[a], m, &g, 67);
			}
			free(fx);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_describe_sleep),
		cmocka_unit_test(test_describe_ozone),
		cmocka_unit_test(test_dist_many_values),
		cmocka_unit_test(test_dist_merge),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_welch_sleep),
		cmocka_unit_test(test_anova_plants),
		cmocka_unit_test(test_kruskal_hw),
		cmocka_unit_test(test_kruskal_ozone),
		cmocka_unit_test(test_mann_whitney_exact),
		cmocka_unit_test(test_mann_whitney_ties),
		cmocka_unit_test(test_chisq_party),
		cmocka_unit_test(test_chisq_yates),
		cmocka_unit_test(test_spearman_exact),
		cmocka_unit_test(test_spearman_edgeworth),
		cmocka_unit_test(test_spearman_ties),
		cmocka_unit_test(test_spearman_counted),
		cmocka_unit_test(test_alpha_complete),
		cmocka_unit_test(test_alpha_acc_same_bits),
		cmocka_unit_test(test_alpha_patterns_same_bits),
		cmocka_unit_test(test_alpha_missing),
		cmocka_unit_test(test_alpha_constant_item),
		cmocka_unit_test(test_fisher_reference),
		cmocka_unit_test(test_edge_descriptives),
		cmocka_unit_test(test_edge_tests),
		cmocka_unit_test(test_edge_alpha),
		cmocka_unit_test(test_rng),
		cmocka_unit_test(test_rng_jump),
		cmocka_unit_test(test_boot_draws_paths),
		cmocka_unit_test(test_boot_draws_rejection),
	};

	return cmocka_run_group_tests(tests, load_refs, NULL);
}
