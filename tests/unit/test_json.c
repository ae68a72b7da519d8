/*
 * Unit tests of the JSON writer (src/util/json): escaping, and the
 * structured writer and its misuse checks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"
#include "util/strbuf.h"

static void test_json_string_escaping(void **state)
{
	static const struct { const char *in; const char *out; } cases[] = {
		{ "", "\"\"" },
		{ "abc", "\"abc\"" },
		{ "a\"b\\c/", "\"a\\\"b\\\\c/\"" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
		{ "é€\xF0\x9F\x98\x80", "\"é€\xF0\x9F\x98\x80\"" },
		/* invalid UTF-8: each bad byte becomes U+FFFD */
		{ "a\xC3(", "\"a\xEF\xBF\xBD(\"" },
		{ "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },		/* overlong '/' */
		{ "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },	/* surrogate */
		{ "\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
		{ "\xE2\x82", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },		/* truncated */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(json_add_string(&sb, cases[i].in), 0);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_release(&sb);
	}
	/* a capped strbuf reports the overflow */
	{
		struct strbuf sb;

		strbuf_init(&sb, 4);
		assert_int_equal(json_add_string(&sb, "abcdef"), -1);
		strbuf_release(&sb);
	}
}

static void test_json_writer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, 0);
	json_begin_object(&w);
	json_kv_string(&w, "form_id", "pss");
	json_kv_int(&w, "version", -3);
	json_key(&w, "items");
	json_begin_array(&w);
	json_double(&w, 0.1);
	json_double(&w, INFINITY);
	json_bool(&w, 1);
	json_bool(&w, 0);
	json_null(&w);
	json_string(&w, NULL);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	json_end_array(&w);
	json_key(&w, "alpha");
	json_double(&w, 0.8123456789);
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(sb.buf, "{\"form_id\":\"pss\",\"version\":-3,\"items\":"
			    "[0.1,null,true,false,null,null,{},[]],\"alpha\":0.8123456789}");

	strbuf_reset(&sb);
	json_writer_init(&w, &sb, 2);
	json_begin_object(&w);
	json_kv_string(&w, "a", "x");
	json_key(&w, "b");
	json_begin_array(&w);
	json_int(&w, 1);
	json_int(&w, 2);
	json_end_array(&w);
	json_key(&w, "c");
	json_begin_object(&w);
	json_end_object(&w);
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(sb.buf, "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ],\n"
			    "  \"c\": {}\n}");

	/* misuse is reported, once, at the end */
	{
		static const int scripts[][4] = {
			{ 1, 0, 0, 0 },		/* unclosed object */
			{ 2, 0, 0, 0 },		/* value where a key is due */
			{ 3, 0, 0, 0 },		/* key in an array */
			{ 4, 0, 0, 0 },		/* mismatched close */
			{ 5, 0, 0, 0 },		/* two top-level values */
			{ 6, 0, 0, 0 },		/* key without value */
		};

		for (size_t i = 0; i < sizeof(scripts) / sizeof(*scripts); i++) {
			strbuf_reset(&sb);
			json_writer_init(&w, &sb, 0);
			switch (scripts[i][0]) {
			case 1: json_begin_object(&w); break;
			case 2: json_begin_object(&w); json_int(&w, 1); json_end_object(&w); break;
			case 3: json_begin_array(&w); json_key(&w, "k"); json_end_array(&w); break;
			case 4: json_begin_array(&w); json_end_object(&w); break;
			case 5: json_int(&w, 1); json_int(&w, 2); break;
			case 6: json_begin_object(&w); json_key(&w, "k"); json_end_object(&w); break;
			}
			assert_int_equal(json_writer_finish(&w), -1);
		}
		/* nesting beyond JSON_MAX_DEPTH */
		strbuf_reset(&sb);
		json_writer_init(&w, &sb, 0);
		for (int d = 0; d < JSON_MAX_DEPTH + 2; d++)
			json_begin_array(&w);
		for (int d = 0; d < JSON_MAX_DEPTH + 2; d++)
			json_end_array(&w);
		assert_int_equal(json_writer_finish(&w), -1);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string_escaping),
		cmocka_unit_test(test_json_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
