/*
 * Unit tests of analysis/discuss: the meeting's discussion order keeps the
 * jurors in the room.  A constructed case whose best order is known (two
 * jurors each conflicted on a block of candidates spread through the
 * list: 5 exits in application order, 2 at best), the same order twice,
 * and 200 random small cases against every permutation (brute force): the
 * order found is never worse than the application order, and is the
 * optimum in most cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analysis/discuss.h"

static void test_blocks_grouped(void **state)
{
	/* 7 candidates x 3 jurors: J0 on c0, c3, c6; J1 on c1, c4; J2 never. */
	static const unsigned char conflict[7 * 3] = {
		1, 0, 0,  0, 1, 0,  0, 0, 0,  1, 0, 0,  0, 1, 0,  0, 0, 0,  1, 0, 0,
	};
	static const size_t id_order[7] = { 0, 1, 2, 3, 4, 5, 6 };
	size_t order[7], again[7], exits, i, seen = 0;

	(void)state;
	assert_int_equal(discuss_exits(conflict, 7, 3, id_order), 5);
	assert_int_equal(discuss_order(conflict, 7, 3, order, &exits), 0);
	assert_int_equal(exits, 2);
	assert_int_equal(discuss_exits(conflict, 7, 3, order), 2);
	for (i = 0; i < 7; i++)
		seen |= 1u << order[i];
	assert_int_equal(seen, 0x7f);	/* a permutation */
	assert_int_equal(discuss_order(conflict, 7, 3, again, NULL), 0);
	assert_memory_equal(order, again, sizeof(order));
}

static size_t best;

static void permute(const unsigned char *conflict, size_t n, size_t nj, size_t *p, size_t k)
{
	size_t i, e;

	if (k == n) {
		e = discuss_exits(conflict, n, nj, p);
		if (e < best)
			best = e;
		return;
	}
	for (i = k; i < n; i++) {
		size_t t = p[k];

		p[k] = p[i];
		p[i] = t;
		permute(conflict, n, nj, p, k + 1);
		p[i] = p[k];
		p[k] = t;
	}
}

static void test_against_brute_force(void **state)
{
	unsigned long s = 7;
	int t, optimal = 0;

	(void)state;
	for (t = 0; t < 200; t++) {
		unsigned char conflict[7 * 5];
		size_t n = 2 + (size_t)(t % 6), nj = 2 + (size_t)(t % 4), i, order[7], id[7], exits;

		for (i = 0; i < n * nj; i++) {
			s = s * 6364136223846793005UL + 1442695040888963407UL;
			conflict[i] = (s >> 33) % 4 == 0;
		}
		for (i = 0; i < n; i++)
			id[i] = i;
		assert_int_equal(discuss_order(conflict, n, nj, order, &exits), 0);
		assert_true(exits <= discuss_exits(conflict, n, nj, id));
		best = (size_t)-1;
		permute(conflict, n, nj, id, 0);
		assert_true(exits >= best);
		optimal += exits == best;
	}
	assert_true(optimal >= 180);
}

static void test_empty(void **state)
{
	size_t order[1], exits = 9;

	(void)state;
	assert_int_equal(discuss_order(NULL, 0, 0, order, &exits), 0);
	assert_int_equal(exits, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_grouped),
		cmocka_unit_test(test_against_brute_force),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
