/*
 * Unit tests of src/analysis/paired.c: the paired t test with its interval,
 * Wilcoxon's signed-rank test (exact, and normal with ties and zeros) and
 * McNemar's test against R, to 1e-6 relative.  The numbers are in
 * tests/data/stats/paired.txt and the pairs in paired-data.txt, both
 * written by tests/data/stats/paired.R (R 4.2); R's printed output of each
 * call is paired.Rout.  Each case names the R call its numbers come from.
 * Then the edge cases: no pair, one pair, every difference zero, equal
 * differences, no discordant pair.
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

struct refval {
	char key[64];		/* "sleep.t" */
	double v;		/* R's value */
};

static struct refval refs[256];
static size_t nrefs;

struct vec {
	char name[40];		/* "sleep_before" */
	double v[64];		/* values */
	size_t n;		/* how many */
};

static struct vec vecs[32];
static size_t nvecs;

static int load(void **state)
{
	FILE *fp = fopen(DATA "paired.txt", "r");
	static char line[8192];

	(void)state;
	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp) && nrefs < 256)
		if (sscanf(line, "%63s %lf", refs[nrefs].key, &refs[nrefs].v) == 2)
			nrefs++;
	fclose(fp);
	fp = fopen(DATA "paired-data.txt", "r");
	if (!fp || nrefs < 60)
		return -1;
	while (fgets(line, sizeof(line), fp) && nvecs < 32) {
		struct vec *v = &vecs[nvecs++];
		char *p = line, *end;
		int used;

		if (sscanf(p, "%39s%n", v->name, &used) != 1)
			return -1;
		for (p += used; v->n < 64; p = end) {
			double d = strtod(p, &end);

			if (end == p)
				break;
			v->v[v->n++] = d;
		}
	}
	fclose(fp);
	return 0;
}

static double ref(const char *key)
{
	for (size_t i = 0; i < nrefs; i++)
		if (!strcmp(refs[i].key, key))
			return refs[i].v;
	fail_msg("no reference value '%s' in paired.txt", key);
	return NAN;
}

static const struct vec *vec(const char *name)
{
	for (size_t i = 0; i < nvecs; i++)
		if (!strcmp(vecs[i].name, name))
			return &vecs[i];
	fail_msg("no vector '%s' in paired-data.txt", name);
	return NULL;
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

/*
 * One case of paired.R: the differences after - before of NAME_before and
 * NAME_after against t.test(after, before, paired = TRUE) and
 * wilcox.test(after, before, paired = TRUE) (two-sided and "greater"),
 * d_z = mean(d) / sd(d), r = z / sqrt(n) and the counts of improved and
 * worse.
 */
static void check_case(const char *name)
{
	char key[64];
	const struct vec *b, *a;
	struct test_result t, w;
	double d[64], lo, hi;
	size_t i, up = 0, down = 0;

	snprintf(key, sizeof(key), "%s_before", name);
	b = vec(key);
	snprintf(key, sizeof(key), "%s_after", name);
	a = vec(key);
	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		d[i] = a->v[i] - b->v[i];
		up += d[i] > 0;
		down += d[i] < 0;
	}
#define K(suffix) (snprintf(key, sizeof(key), "%s." suffix, name), key)
	test_paired_t(&t, &lo, &hi, d, a->n, 0.95);
	assert_int_equal(t.note, STAT_OK);
	assert_int_equal(t.kind, TEST_PAIRED_T);
	assert_close(t.statistic, K("t"));
	assert_close(t.df, K("df"));
	assert_close(t.p, K("t_p"));
	assert_close(lo, K("ci.1"));
	assert_close(hi, K("ci.2"));
	assert_close(t.estimate, K("mean"));
	assert_int_equal(t.effect_kind, EFFECT_DZ);
	assert_close(t.effect, K("dz"));

	assert_int_equal(test_signed_rank(&w, d, a->n, ALT_TWO_SIDED), 0);
	assert_int_equal(w.note, STAT_OK);
	assert_close(w.statistic, K("V"));
	assert_close(w.p, K("w_p"));
	assert_int_equal(w.exact, (int)ref(K("w_exact")));
	assert_int_equal(w.corrected, !w.exact);
	assert_int_equal(w.effect_kind, EFFECT_R_Z);
	assert_close(w.effect, K("r"));
	assert_int_equal(w.n, a->n);
	assert_int_equal(test_signed_rank(&w, d, a->n, ALT_GREATER), 0);
	assert_close(w.p, K("w_p_greater"));

	assert_int_equal((double)up, ref(K("improved")));
	assert_int_equal((double)down, ref(K("worse")));
#undef K
}

/* R: t.test / wilcox.test(extra[11:20], extra[1:10], paired = TRUE) on ?sleep: a zero and ties, normal approximation. */
static void test_sleep(void **state)
{
	(void)state;
	check_case("sleep");
}

/* R: wilcox.test(y, x, paired = TRUE) of ?wilcox.test (Hollander & Wolfe 1973 p. 29): exact. */
static void test_depression(void **state)
{
	(void)state;
	check_case("depression");
}

/* R: 60 pairs without ties (set.seed(14)): n >= 50, normal approximation without tie term. */
static void test_sixty(void **state)
{
	(void)state;
	check_case("sixty");
}

/* R: 40 scores on 0-100 in steps of 12.5 (set.seed(2026)): many ties and zeros. */
static void test_scores(void **state)
{
	(void)state;
	check_case("scores");
}

/* R: 12 pairs, 10 improving, no ties: exact with a small p. */
static void test_twelve(void **state)
{
	(void)state;
	check_case("twelve");
}

/* R: mcnemar.test(M) on the tables of paired.R (?mcnemar.test's approval, a panel of 40, b = c, one discordant pair). */
static void test_mcnemar_reference(void **state)
{
	static const char *const cases[] = { "approval", "panel40", "balanced", "one" };
	char key[64];

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct test_result r;
		const struct vec *m;

		snprintf(key, sizeof(key), "%s_table", cases[i]);
		m = vec(key);
		assert_int_equal(m->n, 4);
		test_mcnemar(&r, m->v);
		assert_int_equal(r.note, STAT_OK);
		assert_int_equal(r.kind, TEST_MCNEMAR);
		snprintf(key, sizeof(key), "%s.X2", cases[i]);
		assert_close(r.statistic, key);
		snprintf(key, sizeof(key), "%s.df", cases[i]);
		assert_close(r.df, key);
		snprintf(key, sizeof(key), "%s.p", cases[i]);
		assert_close(r.p, key);
		assert_int_equal((size_t)r.n, (size_t)(m->v[0] + m->v[1] + m->v[2] + m->v[3]));
		/* R leaves the correction out when b = c */
		assert_int_equal(r.corrected, m->v[1] != m->v[2]);
	}
}

/* No pair, one pair, only zeros, equal differences, no discordant pair. */
static void test_edges(void **state)
{
	static const double zeros[] = { 0, 0, 0, 0, 0 };
	static const double same[] = { 2.5, 2.5, 2.5, 2.5, 2.5, 2.5 };
	static const double one = 3;
	static const double concordant[4] = { 10, 0, 0, 12 };
	struct test_result r;
	double lo, hi;

	(void)state;
	test_paired_t(&r, &lo, &hi, NULL, 0, 0.95);
	assert_int_equal(r.note, STAT_NO_DATA);
	test_paired_t(&r, &lo, &hi, &one, 1, 0.95);
	assert_int_equal(r.note, STAT_TOO_FEW);
	assert_true(isnan(lo) && isnan(hi) && isnan(r.p));
	test_paired_t(&r, &lo, &hi, same, 6, 0.95);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_true(r.estimate == 2.5 && isnan(r.statistic));
	assert_int_equal(test_signed_rank(&r, NULL, 0, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_NO_DATA);
	/* R: wilcox.test(rep(0, 5)) has V = 0 and p NaN: no value here either */
	assert_int_equal(test_signed_rank(&r, zeros, 5, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_true(isnan(r.p));
	/* equal differences: one tie of six, V = 21, normal approximation (R: p = 0.03125 exact is not used) */
	assert_int_equal(test_signed_rank(&r, same, 6, ALT_TWO_SIDED), 0);
	assert_int_equal(r.note, STAT_OK);
	assert_false(r.exact);
	assert_true(r.statistic == 21);
	test_mcnemar(&r, concordant);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_true(isnan(r.p));
	assert_string_equal(test_kind_id(TEST_SIGNED_RANK), "wilcoxon_signed_rank");
	assert_string_equal(effect_kind_id(EFFECT_DZ), "d_z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sleep),
		cmocka_unit_test(test_depression),
		cmocka_unit_test(test_sixty),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_twelve),
		cmocka_unit_test(test_mcnemar_reference),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
