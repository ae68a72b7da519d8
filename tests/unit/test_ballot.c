/*
 * Unit tests of analysis/ballot against published worked examples:
 *  - the example of Wikipedia's article "Schulze method" (section
 *    "Example"), which is Example 1 of Markus Schulze's own "Schulze method
 *    examples" (his Wikipedia user page, User:MarkusSchulze/Schulze
 *    method examples): 45 voters over A-E, the pairwise preferences d,
 *    the strongest paths p and the order E > A > C > B > D;
 *  - the Tennessee capital example of Wikipedia's "Borda count" (and
 *    electowiki's "Effects of different voting systems under similar
 *    circumstances"): 42 % Memphis > Nashville > Chattanooga > Knoxville,
 *    26 % Nashville > Chattanooga > Knoxville > Memphis, 15 % Chattanooga >
 *    Knoxville > Nashville > Memphis, 17 % Knoxville > Chattanooga >
 *    Nashville > Memphis: Borda points Nashville 194, Chattanooga 173,
 *    Memphis 126, Knoxville 107; Nashville is the Condorcet winner and the
 *    Condorcet order is Nashville > Chattanooga > Knoxville > Memphis;
 * and on what the jury adds: ties on a ballot, partial ballots, a ballot
 * of one candidate, a candidate on no ballot.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "analysis/ballot.h"

/* Ballots written as "ACBED" (first to last) with their number of voters. */
struct group {
	double n;
	const char *order;
};

static void fill(const struct group *g, size_t ng, size_t nc, double *pref, double *count)
{
	size_t i, k;

	for (i = 0; i < ng; i++) {
		for (k = 0; k < nc; k++)
			pref[i * nc + k] = NAN;
		for (k = 0; g[i].order[k]; k++)	/* first gets nc, then nc-1... */
			pref[i * nc + (size_t)(g[i].order[k] - 'A')] = (double)(nc - k);
		count[i] = g[i].n;
	}
}

static void test_schulze_wikipedia_45_voters(void **state)
{
	static const struct group g[] = {
		{ 5, "ACBED" }, { 5, "ADECB" }, { 8, "BEDAC" }, { 3, "CABED" },
		{ 7, "CAEBD" }, { 2, "CBADE" }, { 7, "DCEBA" }, { 8, "EBADC" },
	};
	/* The article's tables, rows x over columns y. */
	static const double d[5][5] = {
		{ 0, 20, 26, 30, 22 }, { 25, 0, 16, 33, 18 }, { 19, 29, 0, 17, 24 },
		{ 15, 12, 28, 0, 14 }, { 23, 27, 21, 31, 0 },
	};
	static const double p[5][5] = {
		{ 0, 28, 28, 30, 24 }, { 25, 0, 28, 33, 24 }, { 25, 29, 0, 29, 24 },
		{ 25, 28, 28, 0, 24 }, { 25, 28, 28, 31, 0 },
	};
	static const size_t rank[5] = { 2, 4, 3, 5, 1 };	/* E > A > C > B > D */
	double pref[8 * 5], count[8];
	struct ballot_input in = { 5, 8, pref, count };
	struct ballot_result r;
	size_t x, y;

	(void)state;
	fill(g, 8, 5, pref, count);
	assert_int_equal(ballot_compute(&in, &r), 0);
	for (x = 0; x < 5; x++) {
		for (y = 0; y < 5; y++) {
			if (x == y)
				continue;
			if (r.d[x * 5 + y] != d[x][y] || r.p[x * 5 + y] != p[x][y])
				fail_msg("%c over %c: d %g p %g, expected %g %g", (int)('A' + x), (int)('A' + y),
					 r.d[x * 5 + y], r.p[x * 5 + y], d[x][y], p[x][y]);
		}
		assert_int_equal(r.schulze_rank[x], rank[x]);
		assert_int_equal(r.wins[x], 5 - rank[x]);
	}
	ballot_result_release(&r);
}

static void test_tennessee_borda_and_condorcet(void **state)
{
	/* A Memphis, B Nashville, C Chattanooga, D Knoxville. */
	static const struct group g[] = {
		{ 42, "ABCD" }, { 26, "BCDA" }, { 15, "CDBA" }, { 17, "DCBA" },
	};
	static const double points[4] = { 126, 194, 173, 107 };
	static const size_t borda_rank[4] = { 3, 1, 2, 4 };
	static const size_t schulze_rank[4] = { 4, 1, 2, 3 };
	double pref[4 * 4], count[4];
	struct ballot_input in = { 4, 4, pref, count };
	struct ballot_result r;
	size_t x;

	(void)state;
	fill(g, 4, 4, pref, count);
	assert_int_equal(ballot_compute(&in, &r), 0);
	for (x = 0; x < 4; x++) {
		assert_true(fabs(r.points[x] - points[x]) < 1e-9);
		/* Complete ballots: the score is the points over voters x (m - 1). */
		assert_true(fabs(r.borda[x] - 100 * points[x] / 300) < 1e-9);
		assert_int_equal(r.borda_rank[x], borda_rank[x]);
		assert_int_equal(r.schulze_rank[x], schulze_rank[x]);
	}
	/* Nashville beats each city head to head: 58-42, 68-32, 68-32. */
	assert_true(r.d[1 * 4 + 0] == 58 && r.d[1 * 4 + 2] == 68 && r.d[1 * 4 + 3] == 68);
	ballot_result_release(&r);
}

static void test_partial_ties_and_singletons(void **state)
{
	/*
	 * Four candidates, four jurors (their totals; NaN: not scored):
	 *   juror 0: A 80, B 80, C 40       (A and B tied)
	 *   juror 1: B 70, C 60
	 *   juror 2: A 55                   (a ballot of one: counts for nothing)
	 *   juror 3: C 90, A 10
	 * D is on no ballot: unranked in both methods.
	 * Borda shares: A (1.5/2 + 0/1) / 2 = 37.5; B (1.5/2 + 1) / 2 = 87.5;
	 * C (0 + 0 + 1) / 3 = 33.33.  Pairwise: A>C 1, C>A 1, B>C 2, A-B tied.
	 * Schulze: B beats C (2-0); A and C are even (1-1) and A-B 0-0, so
	 * p(B,C) = 2 > p(C,B) = 0 and nothing else is strict: nobody beats A
	 * or B (both rank 1), then C (rank 3, after two).
	 */
	const double N = NAN;
	double pref[4 * 4] = {
		80, 80, 40, N,
		N, 70, 60, N,
		55, N, N, N,
		10, N, 90, N,
	};
	struct ballot_input in = { 4, 4, pref, NULL };
	struct ballot_result r;

	(void)state;
	assert_int_equal(ballot_compute(&in, &r), 0);
	assert_true(fabs(r.borda[0] - 37.5) < 1e-9);
	assert_true(fabs(r.borda[1] - 87.5) < 1e-9);
	assert_true(fabs(r.borda[2] - 100.0 / 3) < 1e-9);
	assert_true(isnan(r.borda[3]));
	assert_int_equal(r.nballot[0], 2);	/* the ballot of one is not counted */
	assert_int_equal(r.borda_rank[1], 1);
	assert_int_equal(r.borda_rank[0], 2);
	assert_int_equal(r.borda_rank[2], 3);
	assert_int_equal(r.borda_rank[3], 0);
	assert_true(r.d[1 * 4 + 2] == 2 && r.d[0 * 4 + 2] == 1 && r.d[2 * 4 + 0] == 1);
	assert_true(r.d[0 * 4 + 1] == 0 && r.d[1 * 4 + 0] == 0);
	assert_int_equal(r.schulze_rank[1], 1);
	assert_int_equal(r.schulze_rank[0], 1);	/* nobody beats A */
	assert_int_equal(r.schulze_rank[2], 3);	/* B beats C */
	assert_int_equal(r.schulze_rank[3], 0);
	ballot_result_release(&r);
}

static void test_schulze_rounds(void **state)
{
	/*
	 * Four candidates where "beats" is a partial order: A beats C, B beats
	 * D, nothing else.  Counting the candidates that beat each one would
	 * give A 1, B 1, C 2, D 2; in rounds: A and B first (1=), then C and D
	 * (3=).
	 */
	const double N = NAN;
	double pref[2 * 4] = {
		2, N, 1, N,
		N, 2, N, 1,
	};
	struct ballot_input in = { 4, 2, pref, NULL };
	struct ballot_result r;

	(void)state;
	assert_int_equal(ballot_compute(&in, &r), 0);
	assert_int_equal(r.schulze_rank[0], 1);
	assert_int_equal(r.schulze_rank[1], 1);
	assert_int_equal(r.schulze_rank[2], 3);
	assert_int_equal(r.schulze_rank[3], 3);
	ballot_result_release(&r);
}

static void test_nothing_to_rank(void **state)
{
	double pref[2] = { 3, NAN };
	struct ballot_input in = { 2, 1, pref, NULL };
	struct ballot_result r;

	(void)state;
	assert_int_equal(ballot_compute(&in, &r), 0);
	assert_int_equal(r.borda_rank[0], 0);
	assert_int_equal(r.schulze_rank[0], 0);
	ballot_result_release(&r);
	in.nvoter = 0;
	in.ncand = 0;
	assert_int_equal(ballot_compute(&in, &r), 0);
	ballot_result_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schulze_wikipedia_45_voters),
		cmocka_unit_test(test_tennessee_borda_and_condorcet),
		cmocka_unit_test(test_partial_ties_and_singletons),
		cmocka_unit_test(test_schulze_rounds),
		cmocka_unit_test(test_nothing_to_rank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
