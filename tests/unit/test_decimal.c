/*
 * Unit tests of the machine numbers (util/decimal.h): the integers at
 * their boundaries, doubles from a table, and 200,000 doubles of every
 * kind checked to read back as themselves with as few digits as any
 * decimal that does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/decimal.h"

static void test_integers(void **state)
{
	static const struct { uint64_t v; const char *want; } u[] = {
		{ 0, "0" }, { 9, "9" }, { 10, "10" }, { 99, "99" }, { 100, "100" },
		{ 4294967295u, "4294967295" }, { 4294967296u, "4294967296" },
		{ UINT64_MAX / 10, "1844674407370955161" },
		{ 10000000000000000000u, "10000000000000000000" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	static const struct { int64_t v; const char *want; } s[] = {
		{ 0, "0" }, { 9, "9" }, { 10, "10" }, { -1, "-1" }, { -9, "-9" }, { -10, "-10" },
		{ INT64_MAX, "9223372036854775807" },
		{ INT64_MIN + 1, "-9223372036854775807" },
		{ INT64_MIN, "-9223372036854775808" },
	};
	char buf[DECIMAL_MAX];
	size_t i, n;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		n = decimal_u64(buf, u[i].v);
		assert_int_equal(n, strlen(u[i].want));
		assert_memory_equal(buf, u[i].want, n);
		assert_int_equal(buf[n], 'x');	/* nothing written after */
	}
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		n = decimal_i64(buf, s[i].v);
		assert_int_equal(n, strlen(s[i].want));
		assert_memory_equal(buf, s[i].want, n);
		assert_int_equal(buf[n], 'x');
	}
}

static const char *dbl(char *buf, double v)
{
	buf[decimal_double(buf, v)] = '\0';
	return buf;
}

static void test_doubles(void **state)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0.0, "0" }, { -0.0, "0" }, { 1, "1" }, { -3, "-3" }, { 42, "42" },
		{ 999999999999999.0, "999999999999999" },
		{ 1e15, "1e+15" },			/* integers from 10^15: as printf */
		{ 0.1, "0.1" }, { -2.5, "-2.5" }, { 0.001, "0.001" }, { 0.05, "0.05" },
		{ 3.14159, "3.14159" }, { 1.0 / 3, "0.3333333333333333" },
		{ 2.0 / 3, "0.6666666666666666" }, { 0.1 + 0.2, "0.30000000000000004" },
		{ 45658.5, "45658.5" },			/* an XLSX serial at noon */
		{ 45658.0 + 1.0 / 86400, "45658.00001157408" },
		{ 8.13 / 3, "2.7100000000000004" },
		{ 1e-5, "0.00001" }, { 1.5e-7, "0.00000015" }, { 1.5e-9, "1.5e-09" }, { 1e300, "1e+300" },
		{ 123456789.123, "123456789.123" },
		{ 9007199254740993.0, "9007199254740992" },	/* 2^53 + 1 is 2^53 */
		{ DBL_MAX, "1.7976931348623157e+308" },
		{ DBL_MIN, "2.2250738585072014e-308" },
		{ 4.9406564584124654e-324, "5e-324" },
		{ -1.2345678901234567e-300, "-1.2345678901234568e-300" },
	};
	char buf[DECIMAL_MAX];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(dbl(buf, cases[i].v), cases[i].want);
}

/* The count of significant digits of a decimal written by decimal_double(). */
static int sig_digits(const char *s)
{
	int n = 0, lead = 1, trail = 0;

	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s == '0' && lead)
			continue;
		lead = 0;
		n++;
		trail = *s == '0' ? trail + 1 : 0;
	}
	return n - trail;
}

/* The fewest significant digits with which printf writes a decimal that reads back as v. */
static int fewest_digits(double v)
{
	char buf[40];

	for (int prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return prec;
	}
	return 17;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Doubles of every kind (random bits; decimals of few places; dates and
 * times as XLSX serials; integers near 2^53): each reads back as itself,
 * with the fewest digits any decimal needs unless an integer below 10^15.
 */
static void test_round_trip(void **state)
{
	uint64_t seed = 0x9E3779B97F4A7C15u;
	char buf[DECIMAL_MAX + 8];

	for (int i = 0; i < 200000; i++) {
		uint64_t r = rnd(&seed);
		double v;
		size_t n;

		switch (i % 4) {
		case 0:
			memcpy(&v, &r, sizeof(v));
			if (!isfinite(v))
				continue;
			break;
		case 1:
			v = (double)(int64_t)(r % 2000000001u - 1000000000) / pow(10, (double)((r >> 40) % 9));
			break;
		case 2:
			v = (double)(r % 80000) + (double)((r >> 20) % 86400) / 86400.0;
			break;
		default:
			v = ldexp((double)(r >> 11), -(int)((r >> 3) % 64));
			break;
		}
		memset(buf, 'x', sizeof(buf));
		n = decimal_double(buf, v);
		assert_true(n > 0 && n < DECIMAL_MAX);
		buf[n] = '\0';
		if (strtod(buf, NULL) != v)
			fail_msg("%.17g written %s", v, buf);
		if (!(fabs(v) < 1e15 && v == floor(v)) && sig_digits(buf) != fewest_digits(v))
			fail_msg("%.17g written %s, %d digits are enough", v, buf, fewest_digits(v));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_doubles),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
