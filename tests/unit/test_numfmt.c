/* The one number formatter of the reader's outputs (util/numfmt.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "report/fmt.h"
#include "util/numfmt.h"

#define NB NUMFMT_NBSP

static void test_missing(void **state)
{
	char buf[64];

	assert_string_equal(numfmt(buf, sizeof(buf), NAN, 2, 0, "fr"), "–");
	assert_string_equal(numfmt(buf, sizeof(buf), NAN, 2, NUMFMT_GROUP, "en"), "–");
	assert_string_equal(numfmt(buf, sizeof(buf), INFINITY, 1, 0, "fr"), "∞");
	assert_string_equal(numfmt(buf, sizeof(buf), -INFINITY, 1, 0, "en"), "-∞");
	assert_string_equal(numfmt_p(buf, sizeof(buf), NAN, 3, "fr"), "= –");
}

static void test_negative_zero(void **state)
{
	char buf[64];

	assert_string_equal(numfmt(buf, sizeof(buf), -0.0, 1, 0, "fr"), "0,0");
	assert_string_equal(numfmt(buf, sizeof(buf), -0.04, 1, 0, "fr"), "0,0");
	assert_string_equal(numfmt(buf, sizeof(buf), -0.0004, 3, 0, "en"), "0.000");
	assert_string_equal(numfmt(buf, sizeof(buf), -0.4, 0, NUMFMT_GROUP, "en"), "0");
	assert_string_equal(numfmt(buf, sizeof(buf), -0.05, 1, 0, "en"), "-0.1");	/* -0.05000000000000000277 */
	assert_string_equal(numfmt(buf, sizeof(buf), -0.06, 1, 0, "fr"), "-0,1");
}

/* printf's rule: the decimal nearest to the binary value, an exact tie to even (as R). */
static void test_rounding(void **state)
{
	char buf[64];

	assert_string_equal(numfmt(buf, sizeof(buf), 0.125, 2, 0, "en"), "0.12");	/* exact tie: even */
	assert_string_equal(numfmt(buf, sizeof(buf), 0.375, 2, 0, "en"), "0.38");	/* exact tie: even */
	assert_string_equal(numfmt(buf, sizeof(buf), 2.5, 0, 0, "en"), "2");
	assert_string_equal(numfmt(buf, sizeof(buf), 3.5, 0, 0, "en"), "4");
	assert_string_equal(numfmt(buf, sizeof(buf), 2.675, 2, 0, "en"), "2.67");	/* 2.67499999... */
	assert_string_equal(numfmt(buf, sizeof(buf), 1.005, 2, 0, "fr"), "1,00");	/* 1.00499999... */
	assert_string_equal(numfmt(buf, sizeof(buf), 0.35, 1, 0, "en"), "0.3");	/* 0.34999999... */
	assert_string_equal(numfmt(buf, sizeof(buf), 9.96, 1, 0, "en"), "10.0");
}

static void test_grouping_and_marks(void **state)
{
	char buf[64];

	assert_string_equal(numfmt(buf, sizeof(buf), 1234.5, 1, 0, "fr"), "1234,5");
	assert_string_equal(numfmt(buf, sizeof(buf), 1234.5, 1, 0, "en"), "1234.5");
	assert_string_equal(numfmt(buf, sizeof(buf), 1234.5, 1, NUMFMT_GROUP, "fr"), "1" NB "234,5");
	assert_string_equal(numfmt(buf, sizeof(buf), 1234.5, 1, NUMFMT_GROUP, "en"), "1,234.5");
	assert_string_equal(numfmt(buf, sizeof(buf), 1234.5, 1, NUMFMT_GROUP, "fr-FR"), "1" NB "234,5");
	assert_string_equal(numfmt(buf, sizeof(buf), -1234567, 0, NUMFMT_GROUP, "en"), "-1,234,567");
	assert_string_equal(numfmt(buf, sizeof(buf), 999, 0, NUMFMT_GROUP, "en"), "999");
	assert_string_equal(numfmt(buf, sizeof(buf), 3.14159, 2, 0, NULL), "3.14");	/* no language: English */
	assert_string_equal(numfmt(buf, sizeof(buf), 3.14159, 2, 0, "frisian"), "3.14");
	assert_string_equal(numfmt_count(buf, sizeof(buf), 1000000, NUMFMT_GROUP, "fr"),
			    "1" NB "000" NB "000");
	assert_string_equal(numfmt_count(buf, sizeof(buf), 1000000, 0, "en"), "1000000");
}

/* NUMFMT_TRIM: a figure as short as its value allows; the rounding and the sign as without. */
static void test_trim(void **state)
{
	char buf[64];

	assert_string_equal(numfmt(buf, sizeof(buf), 7.0, 1, NUMFMT_TRIM, "fr"), "7");
	assert_string_equal(numfmt(buf, sizeof(buf), 6.5, 2, NUMFMT_TRIM, "fr"), "6,5");
	assert_string_equal(numfmt(buf, sizeof(buf), 7.25, 1, NUMFMT_TRIM, "en"), "7.2");	/* exact tie: even */
	assert_string_equal(numfmt(buf, sizeof(buf), 6.96, 1, NUMFMT_TRIM, "en"), "7");
	assert_string_equal(numfmt(buf, sizeof(buf), 100, 0, NUMFMT_TRIM, "fr"), "100");
	assert_string_equal(numfmt(buf, sizeof(buf), 100.0, 1, NUMFMT_TRIM, "fr"), "100");
	assert_string_equal(numfmt(buf, sizeof(buf), -0.04, 1, NUMFMT_TRIM, "fr"), "0");
	assert_string_equal(numfmt(buf, sizeof(buf), 1000.5, 2, NUMFMT_TRIM | NUMFMT_GROUP, "fr"),
			    "1" NB "000,5");
	assert_string_equal(numfmt(buf, sizeof(buf), NAN, 1, NUMFMT_TRIM, "fr"), "–");
}

/* A number never cut short: too long for the buffer, it takes the exponent form. */
static void test_huge(void **state)
{
	char buf[64], small[12];

	assert_string_equal(numfmt(buf, sizeof(buf), 1e15, 0, NUMFMT_GROUP, "en"),
			    "1,000,000,000,000,000");
	assert_string_equal(numfmt(buf, sizeof(buf), 1e300, 2, 0, "en"), "1.00e+300");
	assert_string_equal(numfmt(buf, sizeof(buf), -1e300, 2, NUMFMT_GROUP, "fr"), "-1,00e+300");
	assert_string_equal(numfmt(buf, sizeof(buf), 1.7976931348623157e308, 1, 0, "en"), "1.8e+308");
	assert_string_equal(numfmt(small, sizeof(small), 123456789012.5, 1, 0, "en"), "1.2e+11");
	assert_string_equal(numfmt(small, sizeof(small), 123456789.5, 1, 0, "en"), "123456789.5");
	assert_int_equal(strlen(numfmt(small, sizeof(small), -1e300, 20, 0, "fr")), sizeof(small) - 1);
}

static void test_pvalues(void **state)
{
	char buf[64];

	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0004, 3, "fr"), "< 0,001");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0, 3, "en"), "< 0.001");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.00099, 3, "en"), "< 0.001");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.001, 3, "en"), "= 0.001");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0123, 3, "fr"), "= 0,012");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 1.0, 3, "en"), "= 1.000");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 1.0, 3, "fr"), "= 1,000");
	/* a sentence: two decimals from 0.01, three below and near 0.05 */
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0234, NUMFMT_P_SENTENCE, "fr"), "= 0,02");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0034, NUMFMT_P_SENTENCE, "en"), "= 0.003");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0496, NUMFMT_P_SENTENCE, "en"), "= 0.050");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0494, NUMFMT_P_SENTENCE, "en"), "= 0.049");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 1.0, NUMFMT_P_SENTENCE, "en"), "= 1.00");
	assert_string_equal(numfmt_p(buf, sizeof(buf), 0.0002, NUMFMT_P_SENTENCE, "fr"), "< 0,001");
}

/* report/fmt.h is numfmt with thousands grouped; its huge numbers were cut to 63 bytes. */
static void test_report_fmt(void **state)
{
	char buf[64];

	assert_string_equal(fmt_num(buf, sizeof(buf), 1234.5, 1, "fr"), "1" NB "234,5");
	assert_string_equal(fmt_num(buf, sizeof(buf), -0.04, 1, "fr"), "0,0");
	assert_string_equal(fmt_num(buf, sizeof(buf), NAN, 1, "en"), "–");
	assert_string_equal(fmt_pct(buf, sizeof(buf), 45.0, 0, "fr"), "45" NB "%");
	assert_string_equal(fmt_p(buf, sizeof(buf), 0.0234, "fr"), "p = 0,02");
	assert_string_equal(fmt_p(buf, sizeof(buf), 0.0004, "en"), "p < 0.001");
	assert_string_equal(fmt_p(buf, sizeof(buf), NAN, "fr"), "p = –");
	assert_string_equal(fmt_num(buf, sizeof(buf), 1e300, 2, "en"), "1.00e+300");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_negative_zero),
		cmocka_unit_test(test_rounding),
		cmocka_unit_test(test_grouping_and_marks),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_pvalues),
		cmocka_unit_test(test_report_fmt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
