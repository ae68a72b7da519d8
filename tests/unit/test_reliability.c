/*
 * Unit tests of analysis/reliability against published worked examples:
 *  - Shrout & Fleiss (1979), Table 2 (6 targets x 4 judges): the six ICCs,
 *    F tests and 95 % intervals as R's psych::ICC 2.2.9 prints them
 *    (tests/data/reliability/shrout-fleiss.R and .out);
 *  - Kendall's W with ties through Friedman's test: R's friedman.test on
 *    the same table and on Hollander & Wolfe (1973, p. 140), the
 *    RoundingTimes example of ?friedman.test (same files);
 *  - Krippendorff (2011), section C: interval alpha 0.849 with missing
 *    values, recomputed in R with the paper's coincidence-matrix method
 *    (tests/data/reliability/krippendorff.R and .out).
 * Values are compared to 1e-9 relative (R printed 12 significant digits).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "analysis/reliability.h"

static void near(double got, double want, const char *what)
{
	double tol = 1e-9 * fmax(1, fabs(want));

	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.15g, want %.15g", what, got, want);
}

static const double shrout_fleiss[6 * 4] = {
	9, 2, 5, 8,
	6, 1, 3, 2,
	8, 4, 6, 8,
	7, 1, 2, 6,
	10, 5, 6, 9,
	6, 2, 4, 7,
};

static void test_icc_shrout_fleiss(void **state)
{
	/* psych::ICC(sf, lmer = FALSE)$results, printed with 12 digits */
	static const struct {
		double icc, f, df1, df2, p, lower, upper;
	} want[ICC_NFORMS] = {
		{ 0.165741768405, 1.79467849224, 5, 18, 0.164768808344640, -0.1329323248748, 0.722560062328 },
		{ 0.289763779528, 11.02724795640, 5, 15, 0.000134566516484, 0.0187865133747, 0.761084369649 },
		{ 0.714840714841, 11.02724795640, 5, 15, 0.000134566516484, 0.3424647650339, 0.945858259955 },
		{ 0.442797133679, 1.79467849224, 5, 18, 0.164768808344640, -0.8844421552381, 0.912415420341 },
		{ 0.620050547599, 11.02724795640, 5, 15, 0.000134566516484, 0.0711368153025, 0.927232040168 },
		{ 0.909315542377, 11.02724795640, 5, 15, 0.000134566516484, 0.6756747138163, 0.985891678169 },
	};
	struct icc_result r;
	int f;

	(void)state;
	assert_int_equal(reliability_icc(shrout_fleiss, 6, 4, &r), 0);
	assert_int_equal(r.note, STAT_OK);
	for (f = 0; f < ICC_NFORMS; f++) {
		char what[64];

		snprintf(what, sizeof(what), "%s icc", icc_form_name(f));
		/* R printed 12 significant digits: compare to 1e-11 absolute. */
		assert_true(fabs(r.row[f].icc - want[f].icc) < 1e-11);
		assert_true(fabs(r.row[f].f - want[f].f) < 1e-10);
		assert_true(r.row[f].df1 == want[f].df1 && r.row[f].df2 == want[f].df2);
		if (fabs(r.row[f].p - want[f].p) > 1e-14)
			fail_msg("%s p: got %.15g want %.15g", icc_form_name(f), r.row[f].p, want[f].p);
		if (fabs(r.row[f].lower - want[f].lower) > 1e-11 ||
		    fabs(r.row[f].upper - want[f].upper) > 1e-11)
			fail_msg("%s interval: got %.15g..%.15g want %.15g..%.15g", icc_form_name(f),
				 r.row[f].lower, r.row[f].upper, want[f].lower, want[f].upper);
		(void)what;
	}
	assert_int_equal(reliability_band(BAND_ICC, r.row[ICC3K].icc), BAND_EXCELLENT);
	assert_int_equal(reliability_band(BAND_ICC, r.row[ICC2].icc), BAND_POOR);
	assert_string_equal(reliability_band_word(BAND_GOOD, "fr"), "bonne");
	assert_string_equal(reliability_band_word(BAND_GOOD, "en"), "good");
}

static void test_icc_edge_cases(void **state)
{
	static const double same[3 * 2] = { 4, 4, 4, 4, 4, 4 };
	static const double one_target[1 * 3] = { 1, 2, 3 };
	/* Jurors agree perfectly, targets differ: no residual variance. */
	static const double perfect[3 * 2] = { 1, 1, 3, 3, 5, 5 };
	struct icc_result r;

	(void)state;
	assert_int_equal(reliability_icc(same, 3, 2, &r), 0);
	assert_int_equal(r.note, STAT_NO_VARIANCE);
	assert_true(isnan(r.row[ICC1].icc));
	assert_int_equal(reliability_icc(one_target, 1, 3, &r), 0);
	assert_int_equal(r.note, STAT_TOO_FEW);
	assert_int_equal(reliability_icc(perfect, 3, 2, &r), 0);
	assert_int_equal(r.note, STAT_OK);
	for (int f = 0; f < ICC_NFORMS; f++) {
		assert_true(r.row[f].icc == 1 && r.row[f].p == 0 && isinf(r.row[f].f));
		assert_true(r.row[f].lower == 1 && r.row[f].upper == 1);
	}
	/* Same ranking, one juror always two points higher: ICC3 1, ICC2 below. */
	{
		static const double offset[3 * 2] = { 1, 3, 3, 5, 5, 7 };

		assert_int_equal(reliability_icc(offset, 3, 2, &r), 0);
		assert_true(r.row[ICC3].icc == 1 && r.row[ICC3K].icc == 1);
		/* MSB 8, MSJ 6, MSE 0: ICC2 = 8 / (8 + 2 * 6 / 3) */
		near(r.row[ICC2].icc, 8.0 / (8 + 2 * 6.0 / 3), "ICC2 with an offset");
		assert_true(isnan(r.row[ICC2].lower));
		assert_true(r.row[ICC1].icc < 1 && isfinite(r.row[ICC1].lower));
	}
	assert_int_equal(reliability_band(BAND_ICC, NAN), BAND_NONE);
}

static void test_kendall_w(void **state)
{
	/* Hollander & Wolfe (1973) p. 140; ties in most rows. */
	static const double rounding[22 * 3] = {
		5.40, 5.50, 5.55, 5.85, 5.70, 5.75, 5.20, 5.60, 5.50, 5.55, 5.50, 5.40,
		5.90, 5.85, 5.70, 5.45, 5.55, 5.60, 5.40, 5.40, 5.35, 5.45, 5.50, 5.35,
		5.25, 5.15, 5.00, 5.85, 5.80, 5.70, 5.25, 5.20, 5.10, 5.65, 5.55, 5.45,
		5.60, 5.35, 5.45, 5.05, 5.00, 4.95, 5.50, 5.50, 5.40, 5.45, 5.55, 5.50,
		5.55, 5.55, 5.35, 5.45, 5.50, 5.55, 5.50, 5.45, 5.25, 5.65, 5.60, 5.40,
		5.70, 5.65, 5.55, 6.30, 6.30, 6.25,
	};
	double t[3 * 22];
	struct kendall_w w;
	size_t i, j;

	(void)state;
	/* Shrout & Fleiss: 6 targets ranked by each of 4 judges (objects x raters). */
	assert_int_equal(reliability_kendall_w(shrout_fleiss, 6, 4, &w), 0);
	near(w.chisq, 17.7407407407, "friedman chisq (S&F)");
	near(w.w, 0.887037037037, "W (S&F)");
	near(w.p, 0.00328950924368, "p (S&F)");
	assert_true(w.df == 5);
	/*
	 * RoundingTimes: friedman.test ranks the 3 methods within each of the
	 * 22 players, so the objects are the methods and the raters the players.
	 */
	for (i = 0; i < 22; i++)
		for (j = 0; j < 3; j++)
			t[j * 22 + i] = rounding[i * 3 + j];
	assert_int_equal(reliability_kendall_w(t, 3, 22, &w), 0);
	near(w.chisq, 11.1428571429, "friedman chisq (rounding)");
	near(w.w, 0.253246753247, "W (rounding)");
	near(w.p, 0.00380504077551, "p (rounding)");
	assert_int_equal(reliability_band(BAND_KENDALL_W, w.w), BAND_POOR);
}

static void test_kendall_w_edge_cases(void **state)
{
	static const double all_tied[3 * 2] = { 2, 2, 2, 2, 2, 2 };
	static const double agree[3 * 2] = { 1, 10, 2, 20, 3, 30 };
	struct kendall_w w;

	(void)state;
	assert_int_equal(reliability_kendall_w(all_tied, 3, 2, &w), 0);
	assert_int_equal(w.note, STAT_NO_VARIANCE);
	assert_true(isnan(w.w));
	assert_int_equal(reliability_kendall_w(agree, 3, 2, &w), 0);
	near(w.w, 1, "perfect agreement");
	assert_int_equal(reliability_kendall_w(agree, 3, 1, &w), 0);
	assert_int_equal(w.note, STAT_TOO_FEW);
}

static void test_kalpha(void **state)
{
	/* Krippendorff (2011): 12 units (rows here) x 4 observers, NaN = missing. */
	const double m = NAN;
	const double x[12 * 4] = {
		1, 1, m, 1,   2, 2, 3, 2,   3, 3, 3, 3,   3, 3, 3, 3,
		2, 2, 2, 2,   1, 2, 3, 4,   4, 4, 4, 4,   1, 1, 2, 1,
		2, 2, 2, 2,   m, 5, 5, 5,   m, m, 1, 1,   m, 3, m, m,
	};
	struct kalpha a;

	(void)state;
	assert_int_equal(reliability_kalpha_interval(x, 12, 4, &a), 0);
	assert_int_equal(a.note, STAT_OK);
	near(a.alpha, 0.849107142857, "interval alpha");
	assert_true(fabs(a.alpha - 0.849) < 1e-3);	/* as the paper prints it */
	assert_int_equal(a.n_pairable, 40);
	assert_int_equal(reliability_band(BAND_KALPHA, a.alpha), BAND_GOOD);
}

static void test_kalpha_edge_cases(void **state)
{
	const double m = NAN;
	const double lonely[3 * 2] = { 1, m, m, 2, 3, m };
	const double flat[2 * 2] = { 3, 3, 3, 3 };
	struct kalpha a;

	(void)state;
	assert_int_equal(reliability_kalpha_interval(lonely, 3, 2, &a), 0);
	assert_int_equal(a.note, STAT_TOO_FEW);
	assert_true(isnan(a.alpha));
	assert_int_equal(reliability_kalpha_interval(flat, 2, 2, &a), 0);
	assert_int_equal(a.note, STAT_NO_VARIANCE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_icc_shrout_fleiss),
		cmocka_unit_test(test_icc_edge_cases),
		cmocka_unit_test(test_kendall_w),
		cmocka_unit_test(test_kendall_w_edge_cases),
		cmocka_unit_test(test_kalpha),
		cmocka_unit_test(test_kalpha_edge_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
