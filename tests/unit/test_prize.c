/*
 * Unit tests of analysis/prize: the scoring rules of the jury, computed by
 * hand in the comments (prize.h states the rules): totals, each
 * aggregation, each normalisation, ties and their tie-break, flags,
 * severity, and which reliability figures apply to a design.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "analysis/prize.h"

#define N NAN

static void near(double got, double want)
{
	if (!(fabs(got - want) <= 1e-9 * fmax(1, fabs(want))))
		fail_msg("got %.15g, want %.15g", got, want);
}

static struct prize_input input(size_t nc, size_t nj, size_t nk, const double *scores,
				const double *weights)
{
	struct prize_input in;

	memset(&in, 0, sizeof(in));
	in.ncand = nc;
	in.njuror = nj;
	in.ncrit = nk;
	in.scores = scores;
	in.weights = weights;
	in.lo = 0;
	in.hi = 5;
	in.min_jurors = 3;
	in.divergence = 15;
	return in;
}

static void test_totals_and_ranks(void **state)
{
	/* [cand][juror][crit], scale 0-5, weights 2 and 1 */
	static const double s[3 * 3 * 2] = {
		5, 4, 4, 4, 3, 5,	/* A: c1 mean 4, c2 mean 13/3 */
		2, 2, 3, 1, 1, 3,	/* B: 2 and 2 */
		4, 0, 4, 2, 5, 1,	/* C: 13/3 and 1 */
	};
	static const double w[2] = { 2, 1 };
	struct prize_input in = input(3, 3, 2, s, w);
	struct prize_result r;

	(void)state;
	assert_int_equal(prize_compute(&in, &r), 0);
	/* A: (2 * 80 + 86.67) / 3 */
	near(r.cand[0].total, (2 * 80 + 100 * (13.0 / 3) / 5) / 3);
	near(r.cand[1].total, 40);
	near(r.cand[2].total, (2 * 100 * (13.0 / 3) / 5 + 20) / 3);
	assert_int_equal(r.cand[0].rank, 1);
	assert_int_equal(r.cand[2].rank, 2);
	assert_int_equal(r.cand[1].rank, 3);
	assert_int_equal(r.order[0], 0);
	assert_int_equal(r.order[1], 2);
	assert_int_equal(r.cand[0].decider, DECIDED_TOTAL);
	/* Criterion statistics are on the raw scores. */
	near(r.cand[0].crit[1].mean, 13.0 / 3);
	near(r.cand[0].crit[1].min, 4);
	near(r.cand[0].crit[1].max, 5);
	assert_int_equal(r.cand[0].crit[1].n, 3);
	/* Juror totals: A by juror 1 = (2 * 100 + 80) / 3 */
	near(r.juror_totals[0 * 3 + 0], 280.0 / 3);
	assert_true(r.complete);
	assert_int_equal(r.icc.note, STAT_OK);
	assert_false(r.cand[0].too_few_jurors);
	prize_result_release(&r);
}

static void test_aggregations(void **state)
{
	/* one candidate, one criterion, five jurors: 0 3 3 3 5 */
	static const double five[5] = { 0, 3, 3, 3, 5 };
	static const double four[4] = { 0, 3, 3, 5 };
	static const double w[1] = { 1 };
	struct prize_input in = input(1, 5, 1, five, w);
	struct prize_result r;

	(void)state;
	in.agg = PRIZE_AGG_MEAN;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].total, 100 * 2.8 / 5);
	prize_result_release(&r);
	in.agg = PRIZE_AGG_MEDIAN;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].total, 60);
	prize_result_release(&r);
	in.agg = PRIZE_AGG_TRIMMED;	/* 0 and 5 dropped */
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].total, 60);
	prize_result_release(&r);
	in = input(1, 4, 1, four, w);	/* fewer than 5 jurors: the plain mean */
	in.agg = PRIZE_AGG_TRIMMED;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].total, 100 * 2.75 / 5);
	prize_result_release(&r);
}

static void test_ties(void **state)
{
	/*
	 * One juror, two criteria of equal weight.  X (5, 0) and Y (0, 5) both
	 * total 50; the tie-break order puts criterion 1 (the second) first,
	 * so Y wins.  Z equals X in everything: they share second place.
	 */
	static const double s[3 * 1 * 2] = { 5, 0, 0, 5, 5, 0 };
	static const double w[2] = { 1, 1 };
	static const size_t order[2] = { 1, 0 };
	struct prize_input in = input(3, 1, 2, s, w);
	struct prize_result r;

	(void)state;
	in.tiebreak = order;
	in.ntiebreak = 2;
	assert_int_equal(prize_compute(&in, &r), 0);
	assert_int_equal(r.cand[1].rank, 1);
	assert_int_equal(r.cand[1].decider, DECIDED_CRITERION);
	assert_int_equal(r.cand[1].decider_crit, 1);
	assert_int_equal(r.cand[0].rank, 2);
	assert_int_equal(r.cand[2].rank, 2);
	assert_int_equal(r.cand[2].decider, DECIDED_SHARED);
	assert_true(r.cand[0].too_few_jurors);
	prize_result_release(&r);
}

static void test_tie_broken_by_median(void **state)
{
	/* Same mean (3) on the only criterion; juror medians 60 and 40. */
	static const double s[2 * 3] = { 1, 3, 5, 2, 2, 5 };
	static const double w[1] = { 1 };
	struct prize_input in = input(2, 3, 1, s, w);
	struct prize_result r;

	(void)state;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].total, 60);
	near(r.cand[1].total, 60);
	near(r.cand[0].juror_median, 60);
	near(r.cand[1].juror_median, 40);
	assert_int_equal(r.cand[0].rank, 1);
	assert_int_equal(r.cand[1].rank, 2);
	assert_int_equal(r.cand[1].decider, DECIDED_MEDIAN);
	prize_result_release(&r);
}

static void test_normalisation(void **state)
{
	/*
	 * Three candidates, one criterion.  Juror 0 scores 1, 2, 3; juror 1
	 * gives 3 everywhere (no variance: cannot be normalised).
	 */
	static const double s[3 * 2] = { 1, 3, 2, 3, 3, 3 };
	static const double w[1] = { 1 };
	struct prize_input in = input(3, 2, 1, s, w);
	struct prize_result r;

	(void)state;
	in.norm = PRIZE_NORM_RANGE;	/* juror 0: 1..3 -> 0..5 */
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.juror_totals[0 * 2 + 0], 0);
	near(r.juror_totals[1 * 2 + 0], 50);
	near(r.juror_totals[2 * 2 + 0], 100);
	assert_false(r.juror[0].not_normalised);
	assert_true(r.juror[1].not_normalised);
	near(r.juror_totals[0 * 2 + 1], 60);	/* kept as given */
	prize_result_release(&r);

	in.norm = PRIZE_NORM_ZSCORE;
	assert_int_equal(prize_compute(&in, &r), 0);
	assert_true(r.juror[1].not_normalised);
	/*
	 * Juror 0: mean 2, SD 1; the jury's six scores: mean 2.5, SD
	 * sqrt(0.7).  So 1 -> 2.5 - sqrt(0.7), 3 -> 2.5 + sqrt(0.7).
	 */
	near(r.juror_totals[0], 100 * (2.5 - sqrt(0.7)) / 5);
	near(r.juror_totals[4], 100 * (2.5 + sqrt(0.7)) / 5);
	for (size_t c = 0; c < 3; c++)
		assert_false(isnan(r.cand[c].total));
	prize_result_release(&r);
}

static void test_severity_and_flags(void **state)
{
	/* Juror 0 always one point below jurors 1 and 2, who agree. */
	static const double s[3 * 3] = { 3, 4, 4, 2, 3, 3, 4, 5, 5 };
	static const double w[1] = { 1 };
	struct prize_input in = input(3, 3, 1, s, w);
	struct prize_result r;

	(void)state;
	in.divergence = 5;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.juror[0].severity, -20);
	near(r.juror[1].severity, 10);	/* 80 - (60 + 80) / 2 on each */
	assert_int_equal(r.juror[0].nscored, 3);
	/* SD of totals (60, 80, 80) = 11.5 > 5: to discuss; juror 0 is 20 away > 10. */
	assert_true(r.cand[0].to_discuss);
	assert_int_equal(r.cand[0].nfar, 1);
	prize_result_release(&r);
}

/*
 * Issue 15: the two disagreement flags read the same totals.  Scale 0-20,
 * one criterion, two jurors.  On candidate A the raw totals are 75 (15/20)
 * and 32.5 (6.5/20): 42.5 apart, so both jurors were "far" (> 2 x 15) while
 * the normalised SD kept A off "to discuss".  Under range normalisation
 * juror 0 (10..20) gives A 50 and juror 1 (2..10) gives A 56.25: SD 4.4,
 * 6.25 apart: neither flag.  Under none both flags are raised (SD 30.05).
 */
static void test_flags_read_the_same_totals(void **state)
{
	static const double s[3 * 2] = { 15, 6.5, 20, 10, 10, 2 };
	static const double w[1] = { 1 };
	struct prize_input in = input(3, 2, 1, s, w);
	struct prize_result r;

	(void)state;
	in.lo = 0;
	in.hi = 20;
	in.norm = PRIZE_NORM_RANGE;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.juror_totals[0], 50);
	near(r.juror_totals[1], 56.25);
	assert_false(r.cand[0].to_discuss);
	assert_int_equal(r.cand[0].nfar, 0);
	/* the severity still reads the raw totals: juror 0 is 42.5 above on A */
	near(r.juror[0].severity, (42.5 + 50 + 40) / 3);
	prize_result_release(&r);
	in.norm = PRIZE_NORM_NONE;
	assert_int_equal(prize_compute(&in, &r), 0);
	near(r.cand[0].juror_sd, 42.5 / sqrt(2));
	assert_true(r.cand[0].to_discuss);
	assert_int_equal(r.cand[0].nfar, 2);
	prize_result_release(&r);
}

/*
 * Issue 15, robustness: A (5, 5, 2: mean 4) is first and B (4, 4, 3.5:
 * 3.83) second; without juror 0, A has 3.5 and B 3.75: they swap, and the
 * flag says so for both.  C (1, 1, 1) is third whatever is chosen: solid.
 */
static void test_robustness_leave_one_out(void **state)
{
	static const double s[3 * 3] = { 5, 5, 2, 4, 4, 3.5, 1, 1, 1 };
	static const double w[1] = { 1 };
	struct prize_input in = input(3, 3, 1, s, w);
	struct prize_result r;
	struct prize_robust rb[3], again[3];

	(void)state;
	assert_int_equal(prize_compute(&in, &r), 0);
	assert_int_equal(r.cand[0].rank, 1);
	assert_int_equal(r.cand[1].rank, 2);
	assert_int_equal(prize_robustness(&in, &r, 200, 2018, rb), 0);
	assert_int_equal(rb[0].loo_min, 1);
	assert_int_equal(rb[0].loo_max, 2);
	assert_int_equal(rb[1].loo_min, 1);
	assert_int_equal(rb[1].loo_max, 2);
	assert_int_equal(rb[0].rank_min, 1);
	assert_int_equal(rb[0].rank_max, 2);
	assert_true(rb[0].fragile);
	assert_true(rb[1].fragile);
	/* the median of A is 5, of B 4: the variants keep the order */
	assert_int_equal(rb[0].variant[PRIZE_NORM_NONE][PRIZE_AGG_MEDIAN], 1);
	assert_int_equal(rb[2].rank_min, 3);
	assert_int_equal(rb[2].rank_max, 3);
	assert_int_equal(rb[2].boot_lo, 3);
	assert_int_equal(rb[2].boot_hi, 3);
	assert_false(rb[2].fragile);
	/* the bootstrap: within the two places, and the same seed, the same result */
	assert_true(rb[0].boot_lo >= 1 && rb[0].boot_hi <= 2);
	assert_int_equal(prize_robustness(&in, &r, 200, 2018, again), 0);
	assert_memory_equal(rb, again, sizeof(rb));
	prize_result_release(&r);
}

static void test_incomplete_design(void **state)
{
	/* Juror 2 has a conflict with candidate 0: no score there. */
	static const double s[3 * 3] = { 3, 4, N, 2, 3, 3, 4, 5, 5 };
	static const double w[1] = { 1 };
	struct prize_input in = input(3, 3, 1, s, w);
	struct prize_result r;

	(void)state;
	assert_int_equal(prize_compute(&in, &r), 0);
	assert_false(r.complete);
	assert_int_equal(r.icc.note, STAT_NOT_APPLICABLE);
	assert_int_equal(r.kendall.note, STAT_NOT_APPLICABLE);
	assert_int_equal(r.kalpha.note, STAT_OK);
	assert_int_equal(r.cand[0].njurors, 2);
	assert_true(r.cand[0].too_few_jurors);
	near(r.cand[0].total, 70);
	prize_result_release(&r);
}

static void test_nothing_scored(void **state)
{
	static const double s[2 * 1] = { N, 4 };
	static const double w[1] = { 1 };
	struct prize_input in = input(2, 1, 1, s, w);
	struct prize_result r;

	(void)state;
	assert_int_equal(prize_compute(&in, &r), 0);
	assert_true(isnan(r.cand[0].total));
	assert_int_equal(r.cand[0].rank, 0);	/* unranked, listed last */
	assert_int_equal(r.cand[1].rank, 1);
	assert_int_equal(r.order[1], 0);
	prize_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals_and_ranks),
		cmocka_unit_test(test_aggregations),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_tie_broken_by_median),
		cmocka_unit_test(test_normalisation),
		cmocka_unit_test(test_severity_and_flags),
		cmocka_unit_test(test_flags_read_the_same_totals),
		cmocka_unit_test(test_robustness_leave_one_out),
		cmocka_unit_test(test_incomplete_design),
		cmocka_unit_test(test_nothing_scored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
