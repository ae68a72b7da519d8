/*
 * Unit tests of the JSON writer and of the flat-object reader (src/util/json):
 * escaping, the structured writer and its misuse checks, round trips of
 * tricky strings, and a table of inputs the reader must refuse.  Inputs to
 * the reader are copied to buffers of exactly their length, so that ASan
 * sees any read past the end.
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

/* Tricky strings that must survive a write and a read byte for byte. */
static const char *const tricky[] = {
	"",
	"plain",
	"quote \" backslash \\ slash /",
	"line\nbreak\r\ntab\there",
	"\x01\x02\x1f\x7f bell\a formfeed\f backspace\b",
	"é à ç œ « » €",
	"emoji \xF0\x9F\x98\x80 and \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",
	"\xEF\xBF\xBF\xF4\x8F\xBF\xBF edge code points",
	"{\"looks\":\"like json\"}",
	"\\u0041 is not an escape here",
};

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

static void test_json_round_trip(void **state)
{
	enum { N = sizeof(tricky) / sizeof(*tricky) };
	struct strbuf sb = STRBUF_INIT;
	struct json_flat jf = JSON_FLAT_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, 0);
	json_begin_object(&w);
	for (size_t i = 0; i < N; i++) {
		char name[16];

		snprintf(name, sizeof(name), "k%zu", i);
		json_kv_string(&w, name, tricky[i]);
	}
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);

	assert_int_equal(json_flat_parse(&jf, sb.buf, sb.len, JSON_FLAT_UNIQUE), 0);
	assert_int_equal(jf.n, N);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(jf.v[i].value, tricky[i]);

	/* the reader undoes escapes the writer never makes */
	{
		static const char in[] =
			" {\"\\u00e9\\/\" : \"\\ud83d\\ude00\\u20AC\\u0041\" ,\"\":\"\"}\n";

		assert_int_equal(json_flat_parse(&jf, in, sizeof(in) - 1, 0), 0);
		assert_int_equal(jf.n, 2);
		assert_string_equal(jf.v[0].name, "é/");
		assert_string_equal(jf.v[0].value, "\xF0\x9F\x98\x80€A");
		assert_string_equal(jf.v[1].name, "");
		assert_int_equal(json_flat_parse(&jf, "{}", 2, 0), 0);
		assert_int_equal(jf.n, 0);
		/* duplicates pass unless JSON_FLAT_UNIQUE */
		assert_int_equal(json_flat_parse(&jf, "{\"a\":\"1\",\"a\":\"2\"}", 17, 0), 0);
		assert_int_equal(jf.n, 2);
		assert_int_equal(json_flat_parse(&jf, "{\"a\":\"1\",\"a\":\"2\"}", 17,
						 JSON_FLAT_UNIQUE), -1);
	}
	json_flat_release(&jf);
	strbuf_release(&sb);
}

static void test_json_flat_refuses(void **state)
{
	static const struct { const char *in; size_t len; } bad[] = {
#define B(s) { s, sizeof(s) - 1 }
		B(""),
		B("   "),
		B("{"),
		B("}"),
		B("[]"),
		B("\"a\""),
		B("null"),
		B("{\"a\"}"),
		B("{\"a\":}"),
		B("{\"a\":\"b\""),
		B("{\"a\":\"b\",}"),
		B("{,\"a\":\"b\"}"),
		B("{\"a\":\"b\" \"c\":\"d\"}"),
		B("{\"a\":\"b\"}}"),
		B("{\"a\":\"b\"} x"),
		B("{\"a\":\"b\"}{}"),
		B("{\"a\":1}"),
		B("{\"a\":null}"),
		B("{\"a\":true}"),
		B("{\"a\":[\"b\"]}"),
		B("{\"a\":{\"b\":\"c\"}}"),
		B("{a:\"b\"}"),
		B("{'a':'b'}"),
		B("{\"a\":\"b\nc\"}"),		/* raw control character */
		B("{\"a\":\"b\tc\"}"),
		B("{\"a\":\"\\x41\"}"),		/* unknown escape */
		B("{\"a\":\"\\\"}"),		/* escape eats the quote */
		B("{\"a\":\"\\u12\"}"),
		B("{\"a\":\"\\u12G4\"}"),
		B("{\"a\":\"\\u0000\"}"),	/* NUL */
		B("{\"a\":\"\\ud83d\"}"),	/* lone high surrogate */
		B("{\"a\":\"\\ud83dx\"}"),
		B("{\"a\":\"\\ud83d\\u0041\"}"),
		B("{\"a\":\"\\ude00\"}"),	/* lone low surrogate */
		B("{\"a\":\"\xC3\"}"),		/* truncated UTF-8 */
		B("{\"a\":\"\xC0\xAF\"}"),	/* overlong */
		B("{\"a\":\"\xED\xA0\x80\"}"),	/* surrogate in UTF-8 */
		B("{\"a\":\"\xF4\x90\x80\x80\"}"),	/* above U+10FFFF */
		B("{\"a\":\"\xFF\"}"),
		B("{\"a\xFE\":\"b\"}"),
		B("{\"a\":\"b\"\0}"),		/* NUL byte within the length */
		B("\xEF\xBB\xBF{}"),		/* byte order mark */
		B("{\"a\":\"b\\"),
		B("{\"a\":\"b\\u"),
		B("{\"a\":\"\\ud83d\\"),
		B("{\"a\"\"b\"}"),
#undef B
	};
	struct json_flat jf = JSON_FLAT_INIT;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		/* a copy of exactly len bytes, so ASan sees any over-read */
		char *copy = malloc(bad[i].len ? bad[i].len : 1);

		assert_non_null(copy);
		memcpy(copy, bad[i].in, bad[i].len);
		if (json_flat_parse(&jf, copy, bad[i].len, 0) != -1)
			fail_msg("accepted bad input %zu: %s", i, bad[i].in);
		assert_int_equal(jf.n, 0);
		assert_true(jf.errpos <= bad[i].len);
		free(copy);
	}
	/* every prefix of a good object is refused, and read within bounds */
	{
		static const char good[] = "{\"a\":\"\\ud83d\\ude00\",\"b\":\"\xC3\xA9\\n\"}";

		for (size_t len = 0; len < sizeof(good) - 1; len++) {
			char *copy = malloc(len ? len : 1);

			memcpy(copy, good, len);
			assert_int_equal(json_flat_parse(&jf, copy, len, 0), -1);
			free(copy);
		}
		assert_int_equal(json_flat_parse(&jf, good, sizeof(good) - 1, 0), 0);
	}
	json_flat_release(&jf);
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
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_flat_refuses),
		cmocka_unit_test(test_json_writer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
