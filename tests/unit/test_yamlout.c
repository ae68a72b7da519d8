/* util/yamlout: every string read back by libyaml as it was written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/strbuf.h"
#include "util/yamlout.h"

/* The scalars of the YAML document src, in order, NUL-separated into out; their count, or -1. */
static int scalars(const char *src, struct strbuf *out)
{
	yaml_parser_t p;
	yaml_event_t e;
	int n = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)src, strlen(src));
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			print_error("libyaml: %s (%s)\n", p.problem ? p.problem : "?", src);
			yaml_parser_delete(&p);
			return -1;
		}
		if (e.type == YAML_SCALAR_EVENT) {
			strbuf_add(out, e.data.scalar.value, e.data.scalar.length);
			strbuf_addch(out, '\0');
			n++;
		}
		done = e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return n;
}

/* s written by yaml_quote() in a block mapping, a flow mapping and a list reads back as s. */
static void round_trip(const char *s)
{
	struct strbuf q = STRBUF_INIT, doc = STRBUF_INIT, got = STRBUF_INIT;
	size_t len = strlen(s);
	const char *g;

	assert_int_equal(yaml_quote(&q, s), 0);
	strbuf_addf(&doc, "v: %s\nlabel:\n  - {fr: %s, en: %s}\n  - %s\n", q.buf, q.buf, q.buf, q.buf);
	assert_int_equal(scalars(doc.buf, &got), 8);
	g = got.buf;
	assert_string_equal(g, "v");
	g += strlen(g) + 1;
	assert_int_equal(strlen(g), len);
	assert_memory_equal(g, s, len);
	g += len + 1;
	assert_string_equal(g, "label");
	g += strlen(g) + 1;
	for (int i = 0; i < 2; i++) {
		assert_string_equal(g, i ? "en" : "fr");
		g += strlen(g) + 1;
		assert_memory_equal(g, s, len + 1);
		g += len + 1;
	}
	assert_memory_equal(g, s, len + 1);
	strbuf_release(&q);
	strbuf_release(&doc);
	strbuf_release(&got);
}

static void test_hostile(void **state)
{
	static const char *const hostile[] = {
		"", " ", "plain", "two\nlines", "ends with a break\n", "\n", "\n\nblank lines\n\n",
		"windows\r\nbreak", "cr\ronly", "tab\there", "\ttab first", "trailing space ",
		" leading space", "\"quoted\"", "'single'", "it's", "back\\slash", "\\n not a break",
		"key: value", "a: b: c", "x #comment", "#hash first", "- dash", "-", "--- ", "...",
		"? question", "* alias", "&anchor", "!tag", "!!str", "|", ">", "%YAML", "@at", "`tick`",
		"{a: b}", "[1, 2]", "a, b", "null", "~", "true", "no", "012", "0x1F", "1e3", ".nan",
		"é à ç « » ’", "日本語", "emoji 😀", "\x01\x02\x1b\x1f", "del\x7f", "nel\xc2\x85",
		"c1\xc2\x80\xc2\x9f", "no-break\xc2\xa0space", "line\xe2\x80\xa8sep",
		"para\xe2\x80\xa9sep", "bom\xef\xbb\xbf", "\357\273\277first", "nonchar\xef\xbf\xbe\xef\xbf\xbf",
		"replacement\xef\xbf\xbd", "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>",
	};

	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		round_trip(hostile[i]);
}

/* What it writes, byte for byte: the questionnaires stay as they were for ordinary text. */
static void test_bytes(void **state)
{
	struct strbuf q = STRBUF_INIT;

	yaml_quote(&q, "Répondre aux « besoins » : oui");
	assert_string_equal(q.buf, "\"Répondre aux « besoins » : oui\"");
	strbuf_reset(&q);
	yaml_quote(&q, "a\"b\\c\nd\te\x01\x7f\xc2\x85\xe2\x80\xa8");
	assert_string_equal(q.buf, "\"a\\\"b\\\\c\\nd\\te\\x01\\x7F\\x85\\u2028\"");
	strbuf_reset(&q);
	yaml_quote(&q, NULL);
	assert_string_equal(q.buf, "\"\"");
	strbuf_reset(&q);
	yaml_fr_en(&q, "Enjeu « 1 »", "Stake \"1\"");
	assert_string_equal(q.buf, "{fr: \"Enjeu « 1 »\", en: \"Stake \\\"1\\\"\"}");
	strbuf_release(&q);
}

/* A byte that is not UTF-8 becomes U+FFFD: the file still loads, and the rest is kept. */
static void test_not_utf8(void **state)
{
	static const char *const bad[] = { "a\377b", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
					   "x\xe2\x82" };
	struct strbuf q = STRBUF_INIT, doc = STRBUF_INIT, got = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strbuf_reset(&q);
		strbuf_reset(&doc);
		strbuf_reset(&got);
		yaml_quote(&q, bad[i]);
		strbuf_addf(&doc, "v: %s\n", q.buf);
		assert_int_equal(scalars(doc.buf, &got), 2);
		assert_non_null(strstr(got.buf + 2, "\xef\xbf\xbd"));
	}
	strbuf_reset(&q);
	yaml_quote(&q, "a\377b");
	assert_string_equal(q.buf, "\"a\\uFFFDb\"");
	strbuf_release(&q);
	strbuf_release(&doc);
	strbuf_release(&got);
}

/* An append that fails is reported. */
static void test_full(void **state)
{
	struct strbuf q;

	strbuf_init(&q, 4);
	assert_int_equal(yaml_quote(&q, "longer than four"), -1);
	strbuf_release(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
