/*
 * Unit tests of the util layer: SHA-256 against the FIPS 180-4 examples,
 * strbuf growth and caps, UTF-8 validation, "did you mean", diagnostics.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/utf8.h"

/* FIPS 180-4 / NIST CSRC "SHA256.pdf" example values. */
static void test_sha256_vectors(void **state)
{
	static const struct {
		const char *in;
		const char *hex;
	} cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	char hex[65];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sha256_hex(cases[i].in, strlen(cases[i].in), hex);
		assert_string_equal(hex, cases[i].hex);
	}
}

/* One million 'a', fed in uneven pieces (FIPS 180-4 long message). */
static void test_sha256_million(void **state)
{
	struct sha256 c;
	unsigned char d[32];
	char buf[997], hex[65];
	size_t left = 1000000;
	int i;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	sha256_init(&c);
	while (left) {
		size_t n = left < sizeof(buf) ? left : sizeof(buf);

		sha256_update(&c, buf, n);
		left -= n;
	}
	sha256_final(&c, d);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* A translated text with one count: %d and %zu stand for it, %% for %, nothing else converts. */
static void test_strbuf_add_count(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(strbuf_add_count(&sb, "Min(%d), Max(%d): at least %d", 5), 0);
	assert_string_equal(sb.buf, "Min(5), Max(5): at least 5");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_count(&sb, "95 %% ; moins de %zu répondants", 10000), 0);
	assert_string_equal(sb.buf, "95 % ; moins de 10000 répondants");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_count(&sb, "%s is not a conversion, nor a final %", -3), 0);
	assert_string_equal(sb.buf, "%s is not a conversion, nor a final %");
	strbuf_reset(&sb);
	assert_int_equal(strbuf_add_count(&sb, "no count", 1), 0);
	assert_string_equal(sb.buf, "no count");
	strbuf_release(&sb);
}

static void test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *p;
	size_t len;
	int i;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i % 10), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(sb.buf[1999], ',');
	strbuf_reset(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "é");
	p = strbuf_detach(&sb, &len);
	assert_string_equal(p, "é");
	assert_int_equal(len, 2);
	free(p);
	assert_int_equal(sb.len, 0);
	/* A cap refuses growth past it and leaves the contents intact. */
	strbuf_init(&sb, 8);
	assert_int_equal(strbuf_addstr(&sb, "12345678"), 0);
	assert_int_equal(strbuf_addch(&sb, '9'), -1);
	assert_string_equal(sb.buf, "12345678");
	/*
	 * The error is sticky: a later append that would fit fails too, so a
	 * writer that checks once at the end never writes text with a hole in
	 * it; detach refuses the partial text; reset clears the error.
	 */
	assert_true(strbuf_failed(&sb));
	strbuf_release(&sb);	/* keeps the cap of 8 */
	assert_false(strbuf_failed(&sb));
	assert_int_equal(strbuf_addstr(&sb, "1234567"), 0);
	assert_int_equal(strbuf_addstr(&sb, "89"), -1);
	assert_int_equal(strbuf_addch(&sb, '8'), -1);
	assert_int_equal(strbuf_addf(&sb, "%s", ""), -1);
	assert_int_equal(strbuf_add(&sb, "", 0), -1);
	assert_string_equal(sb.buf, "1234567");
	assert_true(strbuf_failed(&sb));
	assert_null(strbuf_detach(&sb, &len));
	assert_int_equal(len, 0);
	assert_false(strbuf_failed(&sb));
	assert_int_equal(strbuf_addstr(&sb, "12345678"), 0);
	assert_int_equal(strbuf_addch(&sb, '9'), -1);
	strbuf_reset(&sb);
	assert_false(strbuf_failed(&sb));
	assert_int_equal(strbuf_addstr(&sb, "ok"), 0);
	assert_string_equal(sb.buf, "ok");
	strbuf_release(&sb);
	p = strbuf_detach(&sb, NULL);
	assert_string_equal(p, "");
	free(p);
}

static void test_cells(void **state)
{
	static const struct {
		const char *text;
		size_t width;
		int right;
		const char *want;
	} cases[] = {
		{ "Chloé", 7, 0, "Chloé  " },
		{ "Chloé", 7, 1, "  Chloé" },
		{ "Chloé", 5, 0, "Chloé" },
		{ "Chloé Durand", 6, 0, "Chloé…" },
		{ "été", 2, 0, "é…" },
		{ "", 3, 0, "   " },
		{ "abc", 1, 0, "…" },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(strbuf_add_cell(&sb, cases[i].text, cases[i].width, cases[i].right), 0);
		assert_string_equal(sb.buf, cases[i].want);
	}
	strbuf_release(&sb);
}

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		int valid;
	} cases[] = {
		{ "plain ascii", 1 },
		{ "Ça va ? « oui » — 100 €", 1 },
		{ "emoji \xF0\x9F\x98\x80", 1 },
		{ "\xC3", 0 },			/* truncated */
		{ "caf\xE9", 0 },		/* Latin-1 */
		{ "\xC0\xAF", 0 },		/* overlong '/' */
		{ "\xED\xA0\x80", 0 },		/* surrogate */
		{ "\xF4\x90\x80\x80", 0 },	/* above U+10FFFF */
		{ "\xFF", 0 },
		{ "\x80", 0 },			/* lone continuation */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(utf8_valid(cases[i].s, strlen(cases[i].s)), cases[i].valid);
	assert_int_equal(utf8_valid("a\0b", 3), 0);
	assert_int_equal(utf8_chars("été", strlen("été")), 3);
	assert_int_equal(utf8_chars("abc", 2), 2);
}

/* The control characters a label may not hold: C0 but tab, LF and CR, DEL, C1. */
static void test_utf8_control(void **state)
{
	static const char fine[] = "Été\tà\r\nNoël « € » \xC2\xA0";
	size_t at = 99;

	(void)state;
	assert_int_equal(utf8_control(fine, strlen(fine), &at), -1);
	assert_int_equal(at, 99);
	assert_int_equal(utf8_control("éé\x01", 5, &at), 0x01);
	assert_int_equal(at, 2);
	assert_int_equal(utf8_control("a\0b", 3, &at), 0);
	assert_int_equal(at, 1);
	assert_int_equal(utf8_control("x\x7F", 2, &at), 0x7F);
	assert_int_equal(at, 1);
	assert_int_equal(utf8_control("’\xC2\x85", 5, &at), 0x85);	/* NEL */
	assert_int_equal(at, 1);
	assert_int_equal(utf8_control("\xC2\x9F", 2, &at), 0x9F);
	assert_int_equal(at, 0);
	assert_int_equal(utf8_control("\x1B[31m", 5, &at), 0x1B);
	assert_int_equal(utf8_control("\xC2\xA0\xC3\x80", 4, &at), -1);	/* U+00A0, À */
}

static void test_did_you_mean(void **state)
{
	static const char *const keys[] = { "label", "hint", "relevant", "constraint", NULL };

	(void)state;
	assert_string_equal(did_you_mean("lable", keys), "label");
	assert_string_equal(did_you_mean("relevent", keys), "relevant");
	assert_string_equal(did_you_mean("hnt", keys), "hint");
	assert_null(did_you_mean("weight", keys));
	assert_null(did_you_mean("x", keys));
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("", "abc"), 3);
}

static void test_diags(void **state)
{
	struct diags d = DIAGS_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	assert_int_equal(diag_add(&d, SEV_ERROR, "b.yaml", 3, 2, "third %s", "x"), -1);
	assert_int_equal(diag_add(&d, SEV_WARNING, "b.yaml", 1, 5, "first"), 0);
	diag_add(&d, SEV_ERROR, "b.yaml", 3, 1, "second");
	diag_add(&d, SEV_ERROR, NULL, 0, 0, "no place");
	assert_int_equal(d.nerror, 3);
	assert_int_equal(d.nwarning, 1);
	diags_sort(&d);
	fp = open_memstream(&buf, &len);
	diags_print(fp, &d);
	fclose(fp);
	assert_string_equal(buf,
			    "b.yaml:1:5: warning: first\n"
			    "b.yaml:3:1: error: second\n"
			    "b.yaml:3:2: error: third x\n"
			    "error: no place\n");
	free(buf);
	diags_release(&d);
	assert_int_equal(d.n, 0);
}

static void test_arena(void **state)
{
	struct arena a = ARENA_INIT, b = ARENA_INIT;
	char *s, *big;
	int *v;
	int i;

	(void)state;
	s = arena_strdup(&a, "bonjour");
	assert_string_equal(s, "bonjour");
	assert_null(arena_strdup(&a, NULL));
	big = arena_alloc(&a, 200000);	/* larger than a chunk */
	assert_non_null(big);
	assert_int_equal(big[199999], 0);
	v = arena_alloc(&b, 4 * sizeof(int));
	for (i = 0; i < 4; i++)
		v[i] = i;
	v = arena_realloc(&b, v, 4 * sizeof(int), 8 * sizeof(int));
	assert_int_equal(v[3], 3);
	arena_merge(&a, &b);
	assert_null(b.head);
	assert_string_equal(s, "bonjour");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_sha256_million),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_strbuf_add_count),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_utf8_control),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_diags),
		cmocka_unit_test(test_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
