/*
 * Unit tests of the growing arrays (util/array.h): the capacities, the
 * elements kept, and the requests too large to count refused with the
 * array unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/array.h"

static void test_grow(void **state)
{
	int *v = NULL;
	size_t alloc = 0, none = 0, n;

	assert_int_equal(ARRAY_GROW(v, alloc, none, 16), 0);	/* nothing asked: nothing made */
	assert_null(v);
	for (n = 0; n < 1000; n++) {
		assert_int_equal(ARRAY_GROW(v, alloc, n + 1, 16), 0);
		assert_true(alloc >= n + 1);
		v[n] = (int)n;
		if (n == 0)
			assert_int_equal(alloc, 16);
		if (n == 16)
			assert_int_equal(alloc, 32);
	}
	assert_int_equal(alloc, 1024);
	for (n = 0; n < 1000; n++)
		assert_int_equal(v[n], (int)n);
	/* room for many at once: doubled until they fit */
	assert_int_equal(ARRAY_GROW(v, alloc, 5000, 16), 0);
	assert_int_equal(alloc, 8192);
	assert_int_equal(v[999], 999);
	free(v);

	v = NULL;
	alloc = 0;
	assert_int_equal(ARRAY_GROW(v, alloc, 100, 0), 0);	/* first 0: from 1 */
	assert_int_equal(alloc, 128);
	free(v);
}

/* A capacity or a size in bytes that would overflow fails; nothing changes. */
static void test_overflow(void **state)
{
	struct big { char b[64]; } *v = NULL;
	char *c;
	size_t alloc, before;
	void *keep;

	/* alloc * 2 would wrap around */
	c = malloc(1);
	keep = c;
	alloc = SIZE_MAX / 2 + 1;
	assert_int_equal(ARRAY_GROW(c, alloc, alloc + 1, 8), -1);
	assert_ptr_equal(c, keep);
	assert_int_equal(alloc, SIZE_MAX / 2 + 1);
	free(c);

	/* the capacity fits, its size in bytes does not */
	v = malloc(sizeof(*v));
	keep = v;
	alloc = 1;
	before = SIZE_MAX / sizeof(*v) + 1;
	assert_int_equal(ARRAY_GROW(v, alloc, before, 1), -1);
	assert_ptr_equal(v, keep);
	assert_int_equal(alloc, 1);

	/* the largest need: no capacity reaches it by doubling */
	assert_int_equal(ARRAY_GROW(v, alloc, SIZE_MAX, 1), -1);
	assert_int_equal(alloc, 1);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
