/*
 * Unit tests of the set of an import's `_id`s (src/collect/idset.c): the
 * first row of every repeat, whether the first occurrence is still in a
 * bucket's buffer or already written to the temporary file; long `_id`s;
 * `_id`s that differ by one byte or by their length; memory that stops
 * growing once the buckets fill (the entries go to the file).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/idset.h"

/* Add "r<i>" for i in [0, n) at rows 2 + i: all new. */
static void add_many(struct idset *set, long n)
{
	struct error err;
	char id[32];

	for (long i = 0; i < n; i++) {
		int len = snprintf(id, sizeof(id), "r%ld", i);

		assert_int_equal(idset_add(set, id, (size_t)len, 2 + i, &err), 0);
	}
}

/* 300,000 `_id`s fill every bucket past a block: repeats are found in the file and in memory. */
static void test_repeats_found(void **state)
{
	struct idset set;
	struct error err;
	const long n = 300000;

	(void)state;
	idset_init(&set);
	add_many(&set, n);
	assert_int_equal(set.n, (size_t)n);
	assert_true(set.fd >= 0);	/* the buckets were written out */
	assert_int_equal(idset_add(&set, "r0", 2, n + 2, &err), 2);
	assert_int_equal(idset_add(&set, "r1234", 5, n + 3, &err), 1236);
	assert_int_equal(idset_add(&set, "r299999", 7, n + 4, &err), 300001);	/* likely in a buffer */
	assert_int_equal(idset_add(&set, "r0", 2, n + 5, &err), 2);		/* still the first row */
	/* near misses are new */
	assert_int_equal(idset_add(&set, "r300000", 7, n + 6, &err), 0);
	assert_int_equal(idset_add(&set, "r300000", 7, n + 7, &err), n + 6);
	assert_int_equal(idset_add(&set, "r10000x", 6, n + 8, &err), 10002);	/* its first 6 bytes */
	assert_int_equal(idset_add(&set, "r1", 2, n + 9, &err), 3);
	assert_int_equal(idset_add(&set, "R1", 2, n + 10, &err), 0);
	assert_int_equal(set.n, (size_t)n + 2);
	idset_release(&set);
	assert_int_equal(set.fd, -1);
	assert_null(set.bloom);
}

/* `_id`s longer than a block, alone in the blocks they fill. */
static void test_long_ids(void **state)
{
	struct idset set;
	struct error err;
	size_t len = 3 * IDSET_BLOCK;
	char *id = malloc(len);

	(void)state;
	assert_non_null(id);
	idset_init(&set);
	for (long i = 0; i < 3000; i++) {
		memset(id, 'a' + (int)(i % 26), len);
		snprintf(id, 16, "%d", (int)i);
		assert_int_equal(idset_add(&set, id, len, 10 + i, &err), 0);
	}
	memset(id, 'a' + 7, len);
	snprintf(id, 16, "%d", 7);
	assert_int_equal(idset_add(&set, id, len, 99999, &err), 17);
	assert_int_equal(idset_add(&set, id, len - 1, 99999, &err), 0);
	idset_release(&set);
	free(id);
}

/* The bytes held do not grow with the `_id`s once the buckets fill. */
static void test_memory_bounded(void **state)
{
	struct idset set;
	size_t held = 0, blocks = 0, buffered = 0, bytes = 0;
	char id[32];

	(void)state;
	idset_init(&set);
	add_many(&set, 400000);
	for (size_t k = 0; k < IDSET_BUCKETS; k++) {
		held += set.b[k].buf.alloc;
		blocks += set.b[k].nblk;
		buffered += set.b[k].buf.len;
	}
	for (long i = 0; i < 400000; i++)
		bytes += 20 + (size_t)snprintf(id, sizeof(id), "r%ld", i);
	/* each buffer at most a block, the file's blocks 12 bytes each */
	assert_true(held <= IDSET_BUCKETS * (size_t)IDSET_BLOCK);
	assert_true(blocks * 12 < ((size_t)1 << 20));
	assert_true(buffered <= IDSET_BUCKETS * (size_t)IDSET_BLOCK);
	assert_int_equal(set.end + buffered, bytes);	/* the rest is in the file */
	idset_release(&set);
}

/* No temporary file can be made: the add that would write a bucket fails and says where. */
static void test_no_temporary_file(void **state)
{
	struct idset set;
	struct error err = { "" };
	char id[32];
	long i, rc = 0;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	(void)state;
	setenv("TMPDIR", "/nonexistent-utilis-test-dir", 1);
	idset_init(&set);
	for (i = 0; i < 1000000 && rc == 0; i++)
		rc = idset_add(&set, id, (size_t)snprintf(id, sizeof(id), "r%ld", i), 2 + i, &err);
	assert_int_equal(rc, -1);
	assert_true(i < 200000);	/* the first bucket to fill */
	assert_non_null(strstr(err.msg, "cannot create a temporary file in '/nonexistent-utilis-test-dir'"));
	idset_release(&set);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

/* Whole-number `_id`s kept by number, then moved to the filter when another form comes. */
static void test_whole_numbers(void **state)
{
	struct idset set;
	struct error err;
	char id[32];

	(void)state;
	idset_init(&set);
	for (long i = 1; i <= 200000; i++) {
		int len = snprintf(id, sizeof(id), "%ld", i);

		assert_int_equal(idset_add(&set, id, (size_t)len, 1 + i, &err), 0);
	}
	assert_null(set.bloom);			/* by number: no filter */
	assert_non_null(set.direct);
	assert_int_equal(idset_add(&set, "7", 1, 900000, &err), 8);
	assert_int_equal(idset_add(&set, "200000", 6, 900000, &err), 200001);
	/* other forms of a number are other `_id`s: leading zero, sign, blank, too large */
	assert_int_equal(idset_add(&set, "0", 1, 300000, &err), 0);
	assert_int_equal(idset_add(&set, "0", 1, 300001, &err), 300000);
	assert_int_equal(idset_add(&set, "4194303", 7, 300002, &err), 0);
	assert_non_null(set.direct);
	assert_int_equal(idset_add(&set, "007", 3, 300003, &err), 0);	/* moves them all */
	assert_null(set.direct);
	assert_non_null(set.bloom);
	assert_int_equal(set.n, 200003);
	assert_int_equal(idset_add(&set, "7", 1, 300004, &err), 8);
	assert_int_equal(idset_add(&set, "07", 2, 300005, &err), 0);
	assert_int_equal(idset_add(&set, "007", 3, 300006, &err), 300003);
	assert_int_equal(idset_add(&set, "0", 1, 300007, &err), 300000);
	assert_int_equal(idset_add(&set, "4194303", 7, 300008, &err), 300002);
	assert_int_equal(idset_add(&set, "150000", 6, 300009, &err), 150001);
	assert_int_equal(idset_add(&set, "200001", 6, 300010, &err), 0);
	idset_release(&set);
	/* a number past the array's bound, or with a sign, goes to the filter at once */
	idset_init(&set);
	assert_int_equal(idset_add(&set, "12", 2, 2, &err), 0);
	assert_int_equal(idset_add(&set, "4194304", 7, 3, &err), 0);
	assert_null(set.direct);
	assert_int_equal(idset_add(&set, "12", 2, 4, &err), 2);
	assert_int_equal(idset_add(&set, "4194304", 7, 5, &err), 3);
	assert_int_equal(idset_add(&set, "+12", 3, 6, &err), 0);
	assert_int_equal(idset_add(&set, "-12", 3, 7, &err), 0);
	assert_int_equal(idset_add(&set, "12 ", 3, 8, &err), 0);
	idset_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repeats_found),
		cmocka_unit_test(test_long_ids),
		cmocka_unit_test(test_memory_bounded),
		cmocka_unit_test(test_no_temporary_file),
		cmocka_unit_test(test_whole_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
