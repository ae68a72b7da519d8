/*
 * Unit tests of analysis/assign: k jurors per candidate, never a
 * conflicted pair, even loads, the same seed giving the same result,
 * existing assignments kept, and candidates left short said so (the greedy
 * reference leaves the place empty, the optimal one refuses and names the
 * candidate); the optimal assignment (GLPK, through analysis/optim) checked
 * against brute force on 300 small random cases with conflicts, existing
 * pairs, competences and load caps; GLPK's own errors caught (its memory
 * cap exceeded) without a word on the terminal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "analysis/assign.h"
#include "analysis/optim.h"
#include "util/diag.h"

static void check(const struct assign_input *in, const struct assign_result *r)
{
	size_t c, j, lo = (size_t)-1, hi = 0;

	for (c = 0; c < in->ncand; c++) {
		size_t n = 0;

		for (j = 0; j < in->njuror; j++) {
			if (!r->assigned[c * in->njuror + j])
				continue;
			n++;
			if (in->conflict && in->conflict[c * in->njuror + j])
				fail_msg("candidate %zu got conflicted juror %zu", c, j);
		}
		if (n + r->missing[c] != in->k)
			fail_msg("candidate %zu: %zu jurors + %zu missing != %zu", c, n,
				 r->missing[c], in->k);
	}
	for (j = 0; j < in->njuror; j++) {
		size_t n = 0;

		for (c = 0; c < in->ncand; c++)
			n += r->assigned[c * in->njuror + j];
		assert_int_equal(n, r->load[j]);
		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	(void)lo;
	(void)hi;
}

static size_t spread(const struct assign_input *in, const struct assign_result *r)
{
	size_t j, lo = (size_t)-1, hi = 0;

	for (j = 0; j < in->njuror; j++) {
		lo = r->load[j] < lo ? r->load[j] : lo;
		hi = r->load[j] > hi ? r->load[j] : hi;
	}
	return hi - lo;
}

static void test_balanced_without_conflicts(void **state)
{
	/* The demo edition: 12 candidates, 5 jurors, 3 each: 36 places, loads 7 or 8. */
	struct assign_input in = { 12, 5, 3, NULL, NULL, 42, 0, 0, NULL, NULL };
	struct assign_result r;
	unsigned long seed;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		in.seed = seed;
		assert_int_equal(assign_jurors_greedy(&in, &r), 0);
		check(&in, &r);
		assert_int_equal(r.nshort, 0);
		assert_true(spread(&in, &r) <= 1);
		assign_result_release(&r);
	}
}

static void test_conflicts_never_assigned(void **state)
{
	unsigned char conflict[12 * 5];
	struct assign_input in = { 12, 5, 3, conflict, NULL, 7, 0, 0, NULL, NULL };
	struct assign_result r;
	size_t c;

	(void)state;
	memset(conflict, 0, sizeof(conflict));
	for (c = 0; c < 12; c += 2)
		conflict[c * 5 + 0] = 1;	/* juror 0 is conflicted with half the candidates */
	conflict[3 * 5 + 1] = conflict[3 * 5 + 2] = 1;
	assert_int_equal(assign_jurors_greedy(&in, &r), 0);
	check(&in, &r);
	assert_int_equal(r.nshort, 0);
	/*
	 * Juror 0 can take at most the 6 candidates without a conflict, and
	 * takes them all; the other 30 places spread over 4 jurors as 7 or 8.
	 */
	assert_int_equal(r.load[0], 6);
	for (size_t j = 1; j < 5; j++)
		assert_true(r.load[j] == 7 || r.load[j] == 8);
	assign_result_release(&r);
}

static void test_short_of_jurors(void **state)
{
	/* Candidate 1 conflicts with 2 of 3 jurors: one place stays empty. */
	unsigned char conflict[2 * 3] = { 0, 0, 0, 1, 1, 0 };
	struct assign_input in = { 2, 3, 2, conflict, NULL, 1, 0, 0, NULL, NULL };
	struct assign_result r;

	(void)state;
	assert_int_equal(assign_jurors_greedy(&in, &r), 0);
	check(&in, &r);
	assert_int_equal(r.nshort, 1);
	assert_int_equal(r.missing[1], 1);
	assert_int_equal(r.assigned[1 * 3 + 2], 1);
	assign_result_release(&r);
}

static void test_deterministic_and_incremental(void **state)
{
	unsigned char conflict[6 * 4];
	struct assign_input in = { 6, 4, 2, conflict, NULL, 2026, 0, 0, NULL, NULL };
	struct assign_result a, b;
	size_t c, j, moved = 0;

	(void)state;
	memset(conflict, 0, sizeof(conflict));
	assert_int_equal(assign_jurors_greedy(&in, &a), 0);
	assert_int_equal(assign_jurors_greedy(&in, &b), 0);
	assert_memory_equal(a.assigned, b.assigned, sizeof(conflict));
	assign_result_release(&b);
	/* A juror declares a conflict on one of their candidates: only that place moves. */
	for (c = 0; c < 6; c++)
		if (a.assigned[c * 4 + 0]) {
			conflict[c * 4 + 0] = 1;
			break;
		}
	in.existing = a.assigned;
	assert_int_equal(assign_jurors_greedy(&in, &b), 0);
	check(&in, &b);
	for (c = 0; c < 6; c++)
		for (j = 0; j < 4; j++)
			if (a.assigned[c * 4 + j] && !b.assigned[c * 4 + j])
				moved++;
	assert_int_equal(moved, 1);
	assign_result_release(&a);
	assign_result_release(&b);
}

/* The optimal method on the greedy tests' cases. */
static int optimal(const struct assign_input *in, struct assign_result *r)
{
	struct error err;

	return assign_jurors(in, r, &err);
}

static void test_optimal_balanced_and_conflicts(void **state)
{
	unsigned char conflict[12 * 5];
	struct assign_input in = { 12, 5, 3, NULL, NULL, 42, 0, 0, NULL, NULL };
	struct assign_result r;
	unsigned long seed;
	size_t c;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		in.seed = seed;
		in.conflict = NULL;
		assert_int_equal(optimal(&in, &r), 0);
		check(&in, &r);
		assert_true(spread(&in, &r) <= 1);
		assert_int_equal(r.max_load, 8);
		assign_result_release(&r);
		/* Conflicts on a third of the pairs: still k each and loads within one. */
		for (c = 0; c < sizeof(conflict); c++)
			conflict[c] = (c * 7 + seed) % 3 == 0;
		in.conflict = conflict;
		assert_int_equal(optimal(&in, &r), 0);
		check(&in, &r);
		assert_true(spread(&in, &r) <= 1);
		assign_result_release(&r);
	}
}

static void test_optimal_refuses_short(void **state)
{
	/* Candidate 1 conflicts with 2 of 3 jurors: the optimal method names it. */
	unsigned char conflict[2 * 3] = { 0, 0, 0, 1, 1, 0 };
	struct assign_input in = { 2, 3, 2, conflict, NULL, 1, 0, 0, NULL, NULL };
	struct assign_result r;
	struct error err;

	(void)state;
	assert_int_equal(assign_jurors(&in, &r, &err), UT_EINFEASIBLE);
	assert_int_equal(r.bad_cand, 1);
	assert_int_equal(r.eligible, 1);
	assert_null(r.assigned);
	assign_result_release(&r);
	/* Every juror conflicted. */
	memset(conflict, 1, sizeof(conflict));
	assert_int_equal(assign_jurors(&in, &r, &err), UT_EINFEASIBLE);
	assert_int_equal(r.bad_cand, 0);
	assert_int_equal(r.eligible, 0);
	assign_result_release(&r);
	/* No juror at all. */
	in.njuror = 0;
	in.conflict = NULL;
	assert_int_equal(assign_jurors(&in, &r, &err), UT_EINFEASIBLE);
	assert_int_equal(r.bad_cand, 0);
	assign_result_release(&r);
	/* A cap too small for the places: the shortage is global. */
	in.njuror = 3;
	in.max_load = 1;
	assert_int_equal(assign_jurors(&in, &r, &err), UT_EINFEASIBLE);
	assert_int_equal(r.bad_cand, 2);
	assign_result_release(&r);
}

static void test_optimal_deterministic_and_incremental(void **state)
{
	unsigned char conflict[6 * 4];
	struct assign_input in = { 6, 4, 2, conflict, NULL, 2026, 0, 0, NULL, NULL };
	struct assign_result a, b;
	size_t c, j, moved = 0;

	(void)state;
	memset(conflict, 0, sizeof(conflict));
	assert_int_equal(optimal(&in, &a), 0);
	assert_int_equal(optimal(&in, &b), 0);
	assert_memory_equal(a.assigned, b.assigned, sizeof(conflict));
	assign_result_release(&b);
	for (c = 0; c < 6; c++)
		if (a.assigned[c * 4 + 0]) {
			conflict[c * 4 + 0] = 1;
			break;
		}
	in.existing = a.assigned;
	assert_int_equal(optimal(&in, &b), 0);
	check(&in, &b);
	for (c = 0; c < 6; c++)
		for (j = 0; j < 4; j++)
			if (a.assigned[c * 4 + j] && !b.assigned[c * 4 + j])
				moved++;
	assert_int_equal(moved, 1);
	assign_result_release(&a);
	assign_result_release(&b);
}

/* --- brute force ---------------------------------------------------------- */

#define BF_MAXC 4
#define BF_MAXJ 5

struct bf {
	const struct assign_input *in;	/* the case */
	unsigned char cur[BF_MAXC * BF_MAXJ];	/* the assignment being built */
	size_t cap;			/* load cap for this pass */
	int found;			/* some assignment is feasible */
	size_t best_cov, best_sum, best_max; /* best (covered desc, sum asc) */
	size_t min_max;			/* smallest largest load seen */
};

static void bf_rec(struct bf *b, size_t c)
{
	const struct assign_input *in = b->in;
	size_t nj = in->njuror, j, n = 0, cov, mx, spr, sum;
	unsigned mask;

	if (c == in->ncand) {
		sum = assign_score(in, b->cur, &cov, &mx, &spr);
		if (mx > b->cap)
			return;
		if (mx < b->min_max)
			b->min_max = mx;
		if (!b->found || cov > b->best_cov || (cov == b->best_cov && sum < b->best_sum)) {
			b->best_cov = cov;
			b->best_sum = sum;
			b->best_max = mx;
		}
		b->found = 1;
		return;
	}
	for (mask = 0; mask < (1u << nj); mask++) {
		int ok = 1;

		n = 0;
		for (j = 0; j < nj; j++) {
			int on = (mask >> j) & 1;
			int ex = in->existing && in->existing[c * nj + j] &&
				 !(in->conflict && in->conflict[c * nj + j]);

			if (on && in->conflict && in->conflict[c * nj + j])
				ok = 0;
			if (ex && !on)
				ok = 0;
			n += (size_t)on;
		}
		if (!ok || n != in->k)
			continue;
		for (j = 0; j < nj; j++)
			b->cur[c * nj + j] = (mask >> j) & 1;
		bf_rec(b, c + 1);
	}
}

static unsigned long lcg(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void test_optimal_against_brute_force(void **state)
{
	unsigned long s = 15;
	int t, nfeasible = 0, ncovers = 0;

	(void)state;
	for (t = 0; t < 300; t++) {
		unsigned char conflict[BF_MAXC * BF_MAXJ], existing[BF_MAXC * BF_MAXJ];
		unsigned char cf[BF_MAXC * 3], jf[BF_MAXJ * 3];
		struct assign_input in = { 0 };
		struct assign_result r;
		struct error err;
		struct bf b;
		size_t i, cov, mx, spr, sum;
		int rc;

		in.ncand = 2 + lcg(&s) % (BF_MAXC - 1);
		in.njuror = 2 + lcg(&s) % (BF_MAXJ - 1);
		in.k = 1 + lcg(&s) % 2;
		in.seed = (unsigned long)t;
		in.nform = 3;
		for (i = 0; i < in.ncand * in.njuror; i++) {
			conflict[i] = lcg(&s) % 5 == 0;
			existing[i] = lcg(&s) % 9 == 0;
		}
		for (i = 0; i < in.ncand * 3; i++)
			cf[i] = lcg(&s) % 2;
		for (i = 0; i < in.njuror * 3; i++)
			jf[i] = lcg(&s) % 3 == 0;
		in.conflict = conflict;
		in.existing = t % 2 ? existing : NULL;
		in.cand_form = cf;
		in.juror_form = jf;
		in.max_load = t % 3 == 0 ? 1 + lcg(&s) % 3 : 0;
		/* An existing pair beyond k would change k: keep the cases simple. */
		for (i = 0; in.existing && i < in.ncand; i++) {
			size_t j, n = 0;

			for (j = 0; j < in.njuror; j++)
				if (existing[i * in.njuror + j] && !conflict[i * in.njuror + j] && ++n > in.k)
					existing[i * in.njuror + j] = 0;
		}

		memset(&b, 0, sizeof(b));
		b.in = &in;
		b.min_max = (size_t)-1;
		b.cap = in.max_load ? in.max_load : (size_t)-1;
		if (!in.max_load) {
			/* The default cap: the smallest largest load possible. */
			bf_rec(&b, 0);
			b.cap = b.min_max;
			b.found = 0;
		}
		bf_rec(&b, 0);
		rc = assign_jurors(&in, &r, &err);
		if (!b.found) {
			if (rc != UT_EINFEASIBLE)
				fail_msg("case %d: brute force finds nothing, optimal returns %d", t, rc);
			assign_result_release(&r);
			continue;
		}
		if (rc != 0)
			fail_msg("case %d: %s", t, err.msg);
		check(&in, &r);
		sum = assign_score(&in, r.assigned, &cov, &mx, &spr);
		if (cov != b.best_cov || sum != b.best_sum || mx > b.cap)
			fail_msg("case %d (%zu x %zu, k %zu, cap %zu): optimal covers %zu, sum %zu, max %zu; brute force %zu, %zu, %zu",
				 t, in.ncand, in.njuror, in.k, b.cap, cov, sum, mx, b.best_cov, b.best_sum, b.best_max);
		assert_int_equal(r.ncovered, cov);
		nfeasible++;
		ncovers += cov > 0;
		assign_result_release(&r);
	}
	/* The cases exercise what they should. */
	assert_true(nfeasible > 150);
	assert_true(ncovers > 100);
}

/* GLPK's own errors come back as UT_ESOLVER, silently, and the next solve works. */
static void test_optim_glpk_error_caught(void **state)
{
	size_t need[200], cap[40], i;
	double cost[4] = { NAN, 0, 0, 0 };
	struct optim_assign p = { 0 };
	struct optim_result r;
	struct error err;
	size_t bad;

	(void)state;
	for (i = 0; i < 200; i++)
		need[i] = 3;
	for (i = 0; i < 40; i++)
		cap[i] = 20;
	p.nleft = 200;
	p.nright = 40;
	p.need_min = need;
	p.need_max = need;
	p.cap = cap;
	p.even = 1;
	p.mem_limit_mb = 1;	/* GLPK runs out of its 1 MB: glp_error, caught */
	assert_int_equal(optim_assign_solve(&p, &r, &bad, &err), UT_ESOLVER);
	assert_non_null(strstr(err.msg, "memory allocation limit exceeded"));
	assert_null(r.pair);
	p.mem_limit_mb = 0;
	assert_int_equal(optim_assign_solve(&p, &r, &bad, &err), UT_OK);
	assert_int_equal(r.load[0], 15);
	optim_result_release(&r);
	/* A cost that is not a number is refused before GLPK sees it. */
	p.nleft = 2;
	p.nright = 2;
	need[0] = need[1] = 1;
	p.cost = cost;
	assert_int_equal(optim_assign_solve(&p, &r, &bad, &err), UT_ESOLVER);
	assert_non_null(strstr(err.msg, "not a finite number"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balanced_without_conflicts),
		cmocka_unit_test(test_conflicts_never_assigned),
		cmocka_unit_test(test_short_of_jurors),
		cmocka_unit_test(test_deterministic_and_incremental),
		cmocka_unit_test(test_optimal_balanced_and_conflicts),
		cmocka_unit_test(test_optimal_refuses_short),
		cmocka_unit_test(test_optimal_deterministic_and_incremental),
		cmocka_unit_test(test_optimal_against_brute_force),
		cmocka_unit_test(test_optim_glpk_error_caught),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
