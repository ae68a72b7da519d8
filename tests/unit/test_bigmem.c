/*
 * Unit tests of the huge-page arrays (util/bigmem.h): zeroed, grown from a
 * few bytes to megabytes with their contents kept, aligned on 2 MB, a
 * smaller size left as it is, and sizes too large refused with
 * the array unchanged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/bigmem.h"

static void test_grow_keeps(void **state)
{
	uint32_t *v = NULL;
	size_t n = 0, na, i;

	(void)state;
	for (na = 1; na <= ((size_t)8 << 20) / sizeof(*v); na *= 4) {
		uint32_t *w = bigmem_grow(v, n * sizeof(*v), na * sizeof(*v));

		assert_non_null(w);
		v = w;
		for (i = 0; i < n; i++)
			assert_int_equal(v[i], (uint32_t)(i * 2654435761u));
		for (i = n; i < na; i++) {
			assert_int_equal(v[i], 0);	/* zeroed */
			v[i] = (uint32_t)(i * 2654435761u);
		}
		assert_int_equal((uintptr_t)v % ((uintptr_t)2 << 20), 0);	/* on a huge page */
		n = na;
	}
	/* no smaller: the same array */
	assert_ptr_equal(bigmem_grow(v, n * sizeof(*v), 100), v);
	bigmem_free(v, n * sizeof(*v));
	bigmem_free(NULL, 0);
	v = bigmem_grow(NULL, 0, 0);	/* nothing asked: still an array */
	assert_non_null(v);
	bigmem_free(v, 0);
}

static void test_too_large(void **state)
{
	unsigned char *v;

	(void)state;
	v = bigmem_grow(NULL, 0, 4096);
	assert_non_null(v);
	v[0] = 7;
	assert_null(bigmem_grow(v, 4096, SIZE_MAX - 10));
	assert_null(bigmem_grow(v, 4096, SIZE_MAX / 2));
	assert_int_equal(v[0], 7);	/* left as it was */
	assert_null(bigmem_grow(NULL, 0, SIZE_MAX - 10));
	bigmem_free(v, 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_keeps),
		cmocka_unit_test(test_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
