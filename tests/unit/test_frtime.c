/* Stored UTC times shown in Paris time, in French (util/frtime.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/frtime.h"

static void test_format(void **state)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "2026-12-06T13:05:00Z", "6 déc. 2026 14:05" },	/* winter: UTC+1 */
		{ "2026-07-01T12:05:00Z", "1 juil. 2026 14:05" },	/* summer: UTC+2 */
		{ "2026-12-31T23:30:00Z", "1 janv. 2027 00:30" },	/* the next day, year */
		{ "2026-03-29T00:59:59Z", "29 mars 2026 01:59" },	/* last Sunday of March */
		{ "2026-03-29T01:00:00Z", "29 mars 2026 03:00" },	/* 02:00 becomes 03:00 */
		{ "2026-10-25T00:59:00Z", "25 oct. 2026 02:59" },	/* last Sunday of October */
		{ "2026-10-25T01:00:00Z", "25 oct. 2026 02:00" },	/* 03:00 becomes 02:00 */
		{ "2025-03-30T01:00:00Z", "30 mars 2025 03:00" },
		{ "2026-02-14 08:00:00", "14 févr. 2026 09:00" },	/* SQLite's own layout */
		{ "2026-08-15T10:00Z", "15 août 2026 12:00" },
		{ "2026-09-01", "1 sept. 2026" },			/* a date alone */
		{ "hier", "hier" },					/* not a time: as it is */
		{ "2026-13-01T00:00:00Z", "2026-13-01T00:00:00Z" },
		{ "", "" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(frtime_format(buf, sizeof(buf), cases[i].in), cases[i].want);
	assert_string_equal(frtime_format(buf, sizeof(buf), NULL), "");
	assert_string_equal(frtime_format(buf, 6, "2026-12-06T13:05:00Z"), "6 dé");
}

/* The day count against the C library's timegm(), every day from 1600 to 2400. */
static void test_days_from_civil(void **state)
{
	struct tm tm = { 0 };
	time_t t;
	long y;
	int m, d;

	(void)state;
	assert_int_equal(frtime_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(frtime_days_from_civil(1899, 12, 30), -25569);
	for (y = 1600; y <= 2400; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 31; d++) {
				tm.tm_year = (int)y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				t = timegm(&tm);

				if (tm.tm_mday != d)	/* 31 April and the like */
					continue;
				assert_int_equal(frtime_days_from_civil(y, m, d), t / 86400);
			}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_days_from_civil),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
