/*
 * Unit tests of analysis/assign: k jurors per candidate, never a
 * conflicted pair, even loads, the same seed giving the same result,
 * existing assignments kept, and candidates left short said so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analysis/assign.h"

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
	struct assign_input in = { 12, 5, 3, NULL, NULL, 42 };
	struct assign_result r;
	unsigned long seed;

	(void)state;
	for (seed = 1; seed <= 50; seed++) {
		in.seed = seed;
		assert_int_equal(assign_jurors(&in, &r), 0);
		check(&in, &r);
		assert_int_equal(r.nshort, 0);
		assert_true(spread(&in, &r) <= 1);
		assign_result_release(&r);
	}
}

static void test_conflicts_never_assigned(void **state)
{
	unsigned char conflict[12 * 5];
	struct assign_input in = { 12, 5, 3, conflict, NULL, 7 };
	struct assign_result r;
	size_t c;

	(void)state;
	memset(conflict, 0, sizeof(conflict));
	for (c = 0; c < 12; c += 2)
		conflict[c * 5 + 0] = 1;	/* juror 0 is conflicted with half the candidates */
	conflict[3 * 5 + 1] = conflict[3 * 5 + 2] = 1;
	assert_int_equal(assign_jurors(&in, &r), 0);
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
	struct assign_input in = { 2, 3, 2, conflict, NULL, 1 };
	struct assign_result r;

	(void)state;
	assert_int_equal(assign_jurors(&in, &r), 0);
	check(&in, &r);
	assert_int_equal(r.nshort, 1);
	assert_int_equal(r.missing[1], 1);
	assert_int_equal(r.assigned[1 * 3 + 2], 1);
	assign_result_release(&r);
}

static void test_deterministic_and_incremental(void **state)
{
	unsigned char conflict[6 * 4];
	struct assign_input in = { 6, 4, 2, conflict, NULL, 2026 };
	struct assign_result a, b;
	size_t c, j, moved = 0;

	(void)state;
	memset(conflict, 0, sizeof(conflict));
	assert_int_equal(assign_jurors(&in, &a), 0);
	assert_int_equal(assign_jurors(&in, &b), 0);
	assert_memory_equal(a.assigned, b.assigned, sizeof(conflict));
	assign_result_release(&b);
	/* A juror declares a conflict on one of their candidates: only that place moves. */
	for (c = 0; c < 6; c++)
		if (a.assigned[c * 4 + 0]) {
			conflict[c * 4 + 0] = 1;
			break;
		}
	in.existing = a.assigned;
	assert_int_equal(assign_jurors(&in, &b), 0);
	check(&in, &b);
	for (c = 0; c < 6; c++)
		for (j = 0; j < 4; j++)
			if (a.assigned[c * 4 + j] && !b.assigned[c * 4 + j])
				moved++;
	assert_int_equal(moved, 1);
	assign_result_release(&a);
	assign_result_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_balanced_without_conflicts),
		cmocka_unit_test(test_conflicts_never_assigned),
		cmocka_unit_test(test_short_of_jurors),
		cmocka_unit_test(test_deterministic_and_incremental),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
