/*
 * Unit tests of collect/ratelimit: the budget of an address, its refill,
 * addresses apart, IPv6 by its /64, and a table that stays the same size
 * whatever the number of addresses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "collect/ratelimit.h"

static void key4(const char *a, unsigned char key[RATELIMIT_KEY])
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, a, &sa.sin_addr), 1);
	ratelimit_key((const struct sockaddr *)&sa, key);
}

static void key6(const char *a, unsigned char key[RATELIMIT_KEY])
{
	struct sockaddr_in6 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, a, &sa.sin6_addr), 1);
	ratelimit_key((const struct sockaddr *)&sa, key);
}

static void test_budget_and_refill(void **state)
{
	struct ratelimit rl;
	unsigned char a[RATELIMIT_KEY], b[RATELIMIT_KEY];
	int first;

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 3, 3 / 60.0, 42), 0);	/* 3 a minute */
	key4("127.0.0.1", a);
	key4("127.0.0.2", b);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ratelimit_take(&rl, a, 100.0, 1, NULL), 0);
	assert_int_equal(ratelimit_take(&rl, a, 100.0, 1, &first), 20);	/* one in 20 s */
	assert_int_equal(first, 1);
	assert_int_equal(ratelimit_take(&rl, a, 101.0, 1, &first), 19);
	assert_int_equal(first, 0);	/* said once */
	assert_int_equal(ratelimit_take(&rl, b, 101.0, 1, NULL), 0);	/* another address */
	assert_int_equal(ratelimit_take(&rl, a, 120.0, 0, NULL), 0);	/* only looks */
	assert_int_equal(ratelimit_take(&rl, a, 120.0, 1, NULL), 0);
	assert_int_equal(ratelimit_take(&rl, a, 120.0, 1, NULL), 20);
	/* a long time later: full again, never more than the burst */
	for (int i = 0; i < 3; i++)
		assert_int_equal(ratelimit_take(&rl, a, 100000.0, 1, NULL), 0);
	assert_true(ratelimit_take(&rl, a, 100000.0, 1, NULL) > 0);
	ratelimit_release(&rl);
}

static void test_keys(void **state)
{
	unsigned char a[RATELIMIT_KEY], b[RATELIMIT_KEY];

	(void)state;
	key6("2001:db8:1:2::1", a);
	key6("2001:db8:1:2:ffff::9", b);
	assert_memory_equal(a, b, RATELIMIT_KEY);	/* one /64 */
	key6("2001:db8:1:3::1", b);
	assert_memory_not_equal(a, b, RATELIMIT_KEY);
	key4("192.0.2.7", a);
	key6("::ffff:192.0.2.7", b);
	assert_memory_equal(a, b, RATELIMIT_KEY);	/* IPv4 mapped is IPv4 */
}

static void test_unlimited(void **state)
{
	struct ratelimit rl;
	unsigned char a[RATELIMIT_KEY];

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 0, 0, 1), 0);
	key4("127.0.0.1", a);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(ratelimit_take(&rl, a, 1.0, 1, NULL), 0);
	ratelimit_release(&rl);
}

/* 100,000 addresses in a table of 4,096: it reuses full buckets, and an
 * address that spent its budget recently is still remembered. */
static void test_many_addresses(void **state)
{
	struct ratelimit rl;
	unsigned char a[RATELIMIT_KEY], k[RATELIMIT_KEY];

	(void)state;
	assert_int_equal(ratelimit_init(&rl, 2, 1 / 60.0, 7), 0);
	key4("127.0.0.1", a);
	assert_int_equal(ratelimit_take(&rl, a, 10.0, 1, NULL), 0);
	assert_int_equal(ratelimit_take(&rl, a, 10.0, 1, NULL), 0);
	for (uint32_t i = 0; i < 100000; i++) {
		memset(k, 0, sizeof(k));
		k[0] = 4;
		memcpy(k + 1, &i, sizeof(i));
		k[5] = 1;
		ratelimit_take(&rl, k, 10.0 + i * 1e-6, 1, NULL);
	}
	/* the others spent 1 of 2: fuller than a, which is kept */
	assert_true(ratelimit_take(&rl, a, 10.2, 1, NULL) > 0);
	ratelimit_release(&rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_and_refill),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_unlimited),
		cmocka_unit_test(test_many_addresses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
