/*
 * Unit tests of the answers record (src/store/record): what record_encode()
 * writes, byte for byte, that record_decode() gives back every record it
 * wrote, and that it refuses every blob that is not a record with -2 and
 * the offset of the problem.  Inputs to the decoder are copied to buffers of
 * exactly their length, so that ASan sees any read past the end.
 *
 * errpos, as record_decode() reports it: 0 for a wrong format byte; the
 * offset where a varint runs out of input or passes 9 bytes; the first byte
 * of the value for a length past the end, a NUL inside the value or text
 * that is not UTF-8.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/record.h"
#include "util/strbuf.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Decode n bytes from an exact-size copy of blob.  Returns record_decode()'s value. */
static int decode_copy(const void *blob, size_t n, size_t nslots, struct record_buf *rb,
		       size_t *errpos)
{
	void *copy = malloc(n ? n : 1);
	int rc;

	assert_non_null(copy);
	if (n)
		memcpy(copy, blob, n);
	rc = record_decode(n ? copy : NULL, n, nslots, rb, errpos);
	free(copy);
	return rc;
}

/* values[0..n) and rb->values[0..n) say the same, NULL for NULL. */
static void assert_values_equal(const char *const *values, size_t n,
				const struct record_buf *rb)
{
	for (size_t i = 0; i < n; i++) {
		if (!values[i]) {
			if (rb->values[i])
				fail_msg("slot %zu: want NULL, got '%s'", i, rb->values[i]);
		} else {
			if (!rb->values[i])
				fail_msg("slot %zu: want '%s', got NULL", i, values[i]);
			assert_string_equal(rb->values[i], values[i]);
		}
	}
}

/* --- exact bytes ------------------------------------------------------ */

static void test_encode_bytes(void **state)
{
	static const char *const v_small[] = { "3", NULL, "ab" };
	static const char *const v_nulls[] = { NULL, NULL, NULL };
	static const char *const v_trail[] = { "1", NULL, NULL };
	static const char *const v_lead[] = { NULL, "a", NULL, "bc" };
	static const char *const v_empty_str[] = { "" };
	static const char *const v_likert[] = { "1", "2", "3", "4", "5" };
	static const char *const v_utf8[] = { "\xC3\xA9", NULL, "\xF0\x9F\x98\x80" };
	static const struct {
		const char *const *values;	/* input */
		size_t n;			/* slots given */
		const char *bytes;		/* expected encoding */
		size_t len;			/* its length */
	} cases[] = {
#define E(v, n, s) { v, n, s, sizeof(s) - 1 }
		E(NULL, 0, ""),
		E(v_nulls, 3, ""),
		E(v_small, 3, "\x01\x02\x33\x00\x03\x61\x62"),
		E(v_small, 1, "\x01\x02\x33"),
		E(v_small, 2, "\x01\x02\x33"),		/* a trailing NULL is left out */
		E(v_trail, 3, "\x01\x02\x31"),
		E(v_lead, 4, "\x01\x00\x02\x61\x00\x03\x62\x63"),
		E(v_lead, 1, ""),
		E(v_empty_str, 1, "\x01\x01"),		/* answered, empty: not NULL */
		E(v_likert, 5, "\x01\x02" "1\x02" "2\x02" "3\x02" "4\x02" "5"),
		E(v_utf8, 3, "\x01\x03\xC3\xA9\x00\x05\xF0\x9F\x98\x80"),
#undef E
	};
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < NELEM(cases); i++) {
		size_t bad = 12345;

		/* out is reset first: leftovers of the previous case do not show */
		assert_int_equal(record_encode(cases[i].values, cases[i].n, &out, &bad), 0);
		if (out.len != cases[i].len || memcmp(out.buf, cases[i].bytes, out.len))
			fail_msg("case %zu: %zu bytes, want %zu", i, out.len, cases[i].len);
		assert_int_equal(bad, 12345);
	}
	strbuf_release(&out);
}

/* A value of len bytes: the header is the varint of len + 1. */
static void test_encode_varint_lengths(void **state)
{
	static const struct {
		size_t len;		/* value length */
		unsigned char head[4];	/* varint expected after the format byte */
		size_t nhead;		/* its length */
	} cases[] = {
		{ 0, { 0x01 }, 1 },
		{ 126, { 0x7F }, 1 },			/* 127: the largest 1-byte varint */
		{ 127, { 0x80, 0x01 }, 2 },		/* 128 */
		{ 128, { 0x81, 0x01 }, 2 },
		{ 300, { 0xAD, 0x02 }, 2 },		/* 301 = 0x12D */
		{ 16382, { 0xFF, 0x7F }, 2 },		/* 16383: the largest 2-byte varint */
		{ 16383, { 0x80, 0x80, 0x01 }, 3 },	/* 16384 */
		{ 16384, { 0x81, 0x80, 0x01 }, 3 },
		{ 100000, { 0xA1, 0x8D, 0x06 }, 3 },	/* 100001 = 0x186A1 */
		{ 2097151, { 0x80, 0x80, 0x80, 0x01 }, 4 },	/* 2097152 = 2^21 */
	};
	struct strbuf out = STRBUF_INIT;
	struct record_buf rb = RECORD_BUF_INIT;

	for (size_t i = 0; i < NELEM(cases); i++) {
		char *val = malloc(cases[i].len + 1);
		const char *values[2];
		size_t errpos = 0;

		assert_non_null(val);
		for (size_t k = 0; k < cases[i].len; k++)
			val[k] = (char)('a' + k % 26);
		val[cases[i].len] = '\0';
		values[0] = val;
		values[1] = "z";
		assert_int_equal(record_encode(values, 2, &out, NULL), 0);
		assert_int_equal(out.len, 1 + cases[i].nhead + cases[i].len + 2);
		assert_int_equal((unsigned char)out.buf[0], RECORD_FORMAT);
		assert_memory_equal(out.buf + 1, cases[i].head, cases[i].nhead);
		assert_memory_equal(out.buf + 1 + cases[i].nhead, val, cases[i].len);
		assert_memory_equal(out.buf + 1 + cases[i].nhead + cases[i].len, "\x02z", 2);

		assert_int_equal(decode_copy(out.buf, out.len, 0, &rb, &errpos), 0);
		assert_int_equal(rb.n, 2);
		assert_values_equal(values, 2, &rb);
		free(val);
	}
	record_buf_release(&rb);
	strbuf_release(&out);
}

static void test_encode_refuses_bad_utf8(void **state)
{
	static const char *const bad[] = {
		"\xC3",			/* truncated */
		"a\xC3(",
		"\xC0\xAF",		/* overlong '/' */
		"\xE0\x80\xAF",		/* overlong, 3 bytes */
		"\xED\xA0\x80",		/* surrogate */
		"\xF4\x90\x80\x80",	/* above U+10FFFF */
		"\xFF",
		"\x80",			/* lone continuation byte */
		"ok \xE2\x82",		/* truncated at the end */
	};
	struct strbuf out = STRBUF_INIT;

	for (size_t i = 0; i < NELEM(bad); i++) {
		/* the bad value in slot 4, after good, NULL and empty ones */
		const char *values[6] = { "1", NULL, "\xC3\xA9", "", bad[i], "2" };
		size_t slot = 99;

		if (record_encode(values, 6, &out, &slot) != -2)
			fail_msg("accepted bad UTF-8 %zu", i);
		assert_int_equal(slot, 4);
		/* bad may be NULL */
		assert_int_equal(record_encode(values, 6, &out, NULL), -2);
	}
	/* a bad value beyond n is not looked at */
	{
		const char *values[2] = { "1", "\xFF" };

		assert_int_equal(record_encode(values, 1, &out, NULL), 0);
		assert_int_equal(out.len, 3);
	}
	strbuf_release(&out);
}

/* --- round trips ------------------------------------------------------ */

static void round_trip(const char *const *values, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	struct record_buf rb = RECORD_BUF_INIT;
	size_t last = 0, errpos = 0;

	for (size_t i = 0; i < n; i++)
		if (values[i])
			last = i + 1;
	assert_int_equal(record_encode(values, n, &out, NULL), 0);
	assert_int_equal(out.len == 0, last == 0);

	/* nslots 0: exactly the slots up to the last answer */
	assert_int_equal(decode_copy(out.buf, out.len, 0, &rb, &errpos), 0);
	assert_int_equal(rb.n, last);
	assert_values_equal(values, last, &rb);

	/* nslots n: padded with NULL to n */
	assert_int_equal(decode_copy(out.buf, out.len, n, &rb, &errpos), 0);
	assert_int_equal(rb.n, n);
	assert_values_equal(values, n, &rb);

	/* nslots beyond n: more NULLs */
	assert_int_equal(decode_copy(out.buf, out.len, n + 7, &rb, &errpos), 0);
	assert_int_equal(rb.n, n + 7);
	assert_values_equal(values, n, &rb);
	for (size_t i = n; i < n + 7; i++)
		assert_null(rb.values[i]);

	/* nslots below the record's length: the record's slots all the same */
	if (last > 1) {
		assert_int_equal(decode_copy(out.buf, out.len, 1, &rb, &errpos), 0);
		assert_int_equal(rb.n, last);
		assert_values_equal(values, last, &rb);
	}
	record_buf_release(&rb);
	strbuf_release(&out);
}

static void test_round_trip_small(void **state)
{
	static const char *const all_null[] = { NULL, NULL, NULL, NULL };
	static const char *const trailing[] = { "5", "4", NULL, NULL, NULL };
	static const char *const leading[] = { NULL, NULL, "x" };
	static const char *const middle[] = { "a", NULL, NULL, "b", NULL, "c" };
	static const char *const empties[] = { "", NULL, "", "" };
	static const char *const tricky[] = {
		"quote \" backslash \\",
		"line\nbreak\r\ntab\t",
		"\x01\x1f\x7f",
		"é à ç œ « » €",
		"emoji \xF0\x9F\x98\x80 flag \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",
		"\xEF\xBF\xBF\xF4\x8F\xBF\xBF",
		"{\"looks\":\"like json\"}",
		"\x01\x02",	/* looks like a record */
	};
	static const struct {
		const char *const *values;
		size_t n;
	} cases[] = {
		{ NULL, 0 },
		{ all_null, NELEM(all_null) },
		{ trailing, NELEM(trailing) },
		{ leading, NELEM(leading) },
		{ middle, NELEM(middle) },
		{ empties, NELEM(empties) },
		{ tricky, NELEM(tricky) },
	};

	for (size_t i = 0; i < NELEM(cases); i++)
		round_trip(cases[i].values, cases[i].n);
}

static void test_round_trip_long_values(void **state)
{
	static const size_t lens[] = { 127, 128, 200, 16383, 16384, 16385, 70000 };
	char *buf[NELEM(lens)];
	const char *values[2 * NELEM(lens)];

	for (size_t i = 0; i < NELEM(lens); i++) {
		buf[i] = malloc(lens[i] + 1);
		assert_non_null(buf[i]);
		/* multi-byte characters that never straddle the end */
		for (size_t k = 0; k < lens[i]; k++)
			buf[i][k] = (char)('A' + (i + k) % 26);
		if (lens[i] >= 2)
			memcpy(buf[i] + lens[i] - 2, "\xC3\xA9", 2);
		buf[i][lens[i]] = '\0';
		values[2 * i] = buf[i];
		values[2 * i + 1] = i % 2 ? NULL : "1";
		round_trip(&values[2 * i], 1);		/* alone */
	}
	round_trip(values, NELEM(values));		/* all together */
	for (size_t i = 0; i < NELEM(lens); i++)
		free(buf[i]);
}

static void test_round_trip_many_slots(void **state)
{
	enum { N = 10000 };
	const char **values = calloc(N, sizeof(*values));
	char (*text)[8] = calloc(N, 8);
	struct record_buf rb = RECORD_BUF_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t errpos = 0;

	assert_non_null(values);
	assert_non_null(text);
	for (size_t i = 0; i < N; i++) {
		snprintf(text[i], 8, "%zu", i % 1000);
		values[i] = i % 3 == 1 ? NULL : text[i];
	}
	round_trip(values, N);

	/* the same record_buf reads a big record, a small one, then the big one again */
	assert_int_equal(record_encode(values, N, &out, NULL), 0);
	assert_int_equal(decode_copy(out.buf, out.len, 0, &rb, &errpos), 0);
	assert_int_equal(rb.n, N);
	assert_values_equal(values, N, &rb);
	assert_int_equal(decode_copy("\x01\x00\x02z", 4, 3, &rb, &errpos), 0);
	assert_int_equal(rb.n, 3);
	assert_null(rb.values[0]);
	assert_string_equal(rb.values[1], "z");
	assert_null(rb.values[2]);
	assert_int_equal(decode_copy(out.buf, out.len, N, &rb, &errpos), 0);
	assert_values_equal(values, N, &rb);
	assert_int_equal(decode_copy(NULL, 0, 2, &rb, &errpos), 0);
	assert_int_equal(rb.n, 2);
	assert_null(rb.values[0]);
	assert_null(rb.values[1]);

	record_buf_release(&rb);
	record_buf_release(&rb);	/* released twice: harmless */
	strbuf_release(&out);
	free(values);
	free(text);
}

/* Records the encoder never writes, but which mean the same. */
static void test_decode_lenient(void **state)
{
	static const struct {
		const char *bytes;	/* input */
		size_t len;		/* its length */
		size_t n;		/* slots decoded, nslots 0 */
		const char *first;	/* slot 0, or NULL */
	} cases[] = {
#define D(s, n, first) { s, sizeof(s) - 1, n, first }
		D("\x01", 0, NULL),				/* format byte alone */
		D("\x01\x00\x00", 2, NULL),			/* trailing NULLs kept */
		D("\x01\x80\x00", 1, NULL),			/* 0 in two bytes */
		D("\x01\x82\x00z", 1, "z"),			/* 2 in two bytes */
		D("\x01\x82\x80\x80\x80\x80\x80\x80\x80\x00z", 1, "z"),	/* 9 bytes */
#undef D
	};
	struct record_buf rb = RECORD_BUF_INIT;

	for (size_t i = 0; i < NELEM(cases); i++) {
		size_t errpos = 0;

		if (decode_copy(cases[i].bytes, cases[i].len, 0, &rb, &errpos) != 0)
			fail_msg("case %zu refused at %zu", i, errpos);
		assert_int_equal(rb.n, cases[i].n);
		if (cases[i].first)
			assert_string_equal(rb.values[0], cases[i].first);
		else if (cases[i].n)
			assert_null(rb.values[0]);
	}
	record_buf_release(&rb);
}

/* --- malformed input -------------------------------------------------- */

static void test_decode_refuses(void **state)
{
	static const struct {
		const char *bytes;	/* input */
		size_t len;		/* its length */
		size_t errpos;		/* where it must be refused */
	} bad[] = {
#define B(s, pos) { s, sizeof(s) - 1, pos }
		/* wrong format byte */
		B("\x00", 0),
		B("\x00\x02\x33", 0),
		B("\x03\x02\x33", 0),
		B("\x02\x02\x33", 2),	/* 0x02: two slots, the first 50 bytes long */
		B("\x81\x02\x33", 0),
		B("\xFF", 0),
		B("{\"q1\":\"3\"}", 0),		/* a row of the JSON layout */
		B("{}", 0),
		/* a varint that runs out of input */
		B("\x01\x80", 2),
		B("\x01\xFF\xFF", 3),
		B("\x01\x02\x33\x80", 4),
		B("\x01\x00\x00\x81", 4),
		B("\x01\x80\x80\x80\x80\x80\x80\x80\x80", 9),	/* 8 bytes, all continued */
		B("\x01\x80\x80\x80\x80\x80\x80\x80\x80\x80", 10),	/* 9 */
		/* a varint longer than 9 bytes */
		B("\x01\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 10),
		B("\x01\x81\x80\x80\x80\x80\x80\x80\x80\x80\x01z", 10),
		B("\x01\x02z\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01", 12),
		/* a length past the end */
		B("\x01\x02", 2),
		B("\x01\x05" "abc", 2),
		B("\x01\x00\x03" "a", 3),
		B("\x01\x02" "a\x00\x00\x04" "xy", 6),
		B("\x01\x80\x01" "a", 3),				/* 127 bytes announced */
		B("\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F" "a", 10),	/* 2^63 - 2 */
		B("\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01" "a", 10),
		/* a NUL inside a value */
		B("\x01\x02\x00", 2),
		B("\x01\x04" "a\x00" "b", 2),
		B("\x01\x03" "a\x00", 2),
		B("\x01\x02" "a\x03\x00" "b", 4),
		B("\x01\x00\x02\x00", 3),
		/* text that is not UTF-8: a forged or damaged row */
		B("\x01\x02\xFF", 2),
		B("\x01\x03\xC0\xAF", 2),
		B("\x01\x02" "a\x04" "\xED\xA0\x80", 4),
#undef B
	};
	struct record_buf rb = RECORD_BUF_INIT;

	assert_true(NELEM(bad) >= 20);
	for (size_t i = 0; i < NELEM(bad); i++) {
		size_t errpos = 99999;
		int rc = decode_copy(bad[i].bytes, bad[i].len, 4, &rb, &errpos);

		if (rc != -2)
			fail_msg("case %zu: returned %d, want -2", i, rc);
		if (errpos != bad[i].errpos)
			fail_msg("case %zu: errpos %zu, want %zu", i, errpos, bad[i].errpos);
		/* the slots not wanted are checked all the same */
		for (unsigned want = 0; want < 16; want++) {
			unsigned char w = (unsigned char)want;

			errpos = 99999;
			rc = record_decode_some(bad[i].bytes, bad[i].len, 4, &w, &rb, &errpos);
			if (rc != -2 || errpos != bad[i].errpos)
				fail_msg("case %zu, want %u: returned %d at %zu, want -2 at %zu", i,
					 want, rc, errpos, bad[i].errpos);
		}
	}
	record_buf_release(&rb);
}

/*
 * record_decode_some() gives the wanted slots as record_decode() does and
 * NULL for the others (or their answer, when it is one ASCII byte), on
 * random records with and without repeats, every mask of the first slots.
 */
static void test_decode_some(void **state)
{
	static const char *const pool[] = { "1", "5", "", "\xC3\xA9t\xC3\xA9", "une réponse longue",
					     NULL, "ab", "3.5" };
	struct strbuf out = STRBUF_INIT;
	struct record_buf all = RECORD_BUF_INIT, some = RECORD_BUF_INIT;
	unsigned seed = 7;

	for (int t = 0; t < 400; t++) {
		const char *values[12], *ivalues[3] = { "x", NULL, "4" };
		struct instance inst;
		size_t n = 1 + (size_t)(t % 12), nslots = 10, i, e1 = 0, e2 = 0;
		unsigned char want[2];

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			values[i] = pool[(seed >> 16) % 8];
		}
		memset(&inst, 0, sizeof(inst));
		inst.depth = 1;
		inst.values = ivalues;
		inst.n = 3;
		seed = seed * 1103515245u + 12345u;
		want[0] = (unsigned char)(seed >> 8);
		want[1] = (unsigned char)(seed >> 16);
		assert_int_equal(record_encode_repeats(values, n, &inst, t % 3 == 0, &out, NULL), 0);
		assert_int_equal(record_decode(out.buf, out.len, nslots, &all, &e1), 0);
		assert_int_equal(record_decode_some(out.buf, out.len, nslots, want, &some, &e2), 0);
		assert_int_equal(all.n, some.n);
		assert_int_equal(all.ninst, some.ninst);
		for (i = 0; i < all.n; i++) {
			int wanted = i < nslots && (want[i / 8] >> (i % 8) & 1);

			if (!all.values[i])
				assert_null(some.values[i]);
			else if (wanted)
				assert_string_equal(some.values[i], all.values[i]);
			else if (some.values[i])	/* not copied: one ASCII byte, pointed to */
				assert_true(strlen(all.values[i]) == 1 &&
					    !strcmp(some.values[i], all.values[i]));
		}
		for (i = 0; i < all.ninst; i++)
			for (size_t j = 0; j < all.inst[i].n; j++)
				if (all.inst[i].values[j])
					assert_string_equal(some.inst[i].values[j],
							    all.inst[i].values[j]);
	}
	record_buf_release(&all);
	record_buf_release(&some);
	strbuf_release(&out);
}

/*
 * Every prefix of a valid record: one that ends between two slots is a
 * shorter record; one that cuts a varint or a value is refused where that
 * varint or value starts.
 */
static void test_decode_prefixes(void **state)
{
	char long_value[200];
	const char *values[] = { "ab", NULL, "", long_value, "\xC3\xA9t\xC3\xA9", NULL, "5" };
	enum { N = sizeof(values) / sizeof(*values) };
	size_t end[N];		/* offset where slot i ends */
	size_t head[N];		/* offset where slot i's varint ends (its value starts) */
	struct strbuf out = STRBUF_INIT;
	struct record_buf rb = RECORD_BUF_INIT;
	size_t pos = 1;

	memset(long_value, 'x', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	for (size_t i = 0; i < N; i++) {
		size_t len = values[i] ? strlen(values[i]) : 0;

		head[i] = pos + (len + 1 > 127 ? 2 : 1);
		end[i] = head[i] + len;
		pos = end[i];
	}
	assert_int_equal(record_encode(values, N, &out, NULL), 0);
	assert_int_equal(out.len, end[N - 1]);

	for (size_t len = 0; len <= out.len; len++) {
		size_t errpos = 99999, slots = 0, want_pos = 0;
		int boundary = len <= 1, rc;

		for (size_t i = 0; i < N; i++) {
			if (end[i] == len) {
				boundary = 1;
				slots = i + 1;
			}
			if (len > (i ? end[i - 1] : 1) && len < end[i])
				want_pos = len < head[i] ? len : head[i];
		}
		rc = decode_copy(out.buf, len, 0, &rb, &errpos);
		if (boundary) {
			if (rc != 0)
				fail_msg("prefix %zu: refused at %zu", len, errpos);
			assert_int_equal(rb.n, slots);
			assert_values_equal(values, slots, &rb);
		} else {
			if (rc != -2)
				fail_msg("prefix %zu: returned %d, want -2", len, rc);
			if (errpos != want_pos)
				fail_msg("prefix %zu: errpos %zu, want %zu", len, errpos, want_pos);
		}
	}
	record_buf_release(&rb);
	strbuf_release(&out);
}

/*
 * record_append() appends exactly what record_encode_repeats() writes, with
 * the lengths given or measured, and leaves out nothing of what was before;
 * a value that is not UTF-8 leaves out as it was.
 */
static void test_append(void **state)
{
	static const char *const v1[] = { "1", NULL, "Ça va", "", NULL, NULL };
	static const char *const v2[] = { NULL, NULL };
	static const char *const iv[] = { "x", NULL, "yz" };
	static const size_t l1[] = { 1, 0, 6, 0, 0, 0 };
	const char *const bad[] = { "ok", "caf\xE9" };
	const size_t lbad[] = { 2, 4 };
	char longv[300];
	const char *const v3[] = { longv, "5" };
	const size_t l3[] = { sizeof(longv) - 1, 1 };
	struct instance in = { 0, 1, { 2 }, iv, 3 };
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT, one = STRBUF_INIT;
	size_t at = 0;

	(void)state;
	memset(longv, 'a', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	strbuf_addstr(&out, "head");
	assert_int_equal(record_append(v1, l1, NELEM(v1), NULL, 0, &out, NULL), 0);
	assert_int_equal(record_append(v2, NULL, NELEM(v2), NULL, 0, &out, NULL), 0);	/* empty */
	assert_int_equal(record_append(v1, NULL, NELEM(v1), &in, 1, &out, NULL), 0);
	assert_int_equal(record_append(v3, l3, NELEM(v3), NULL, 0, &out, NULL), 0);
	strbuf_addstr(&want, "head");
	assert_int_equal(record_encode_repeats(v1, NELEM(v1), NULL, 0, &one, NULL), 0);
	strbuf_add(&want, one.buf, one.len);
	assert_int_equal(record_encode_repeats(v2, NELEM(v2), NULL, 0, &one, NULL), 0);
	assert_int_equal(one.len, 0);
	assert_int_equal(record_encode_repeats(v1, NELEM(v1), &in, 1, &one, NULL), 0);
	strbuf_add(&want, one.buf, one.len);
	assert_int_equal(record_encode_repeats(v3, NELEM(v3), NULL, 0, &one, NULL), 0);
	strbuf_add(&want, one.buf, one.len);
	assert_int_equal(out.len, want.len);
	assert_memory_equal(out.buf, want.buf, want.len);
	/* not UTF-8: -2 with its slot, nothing appended */
	assert_int_equal(record_append(bad, lbad, NELEM(bad), NULL, 0, &out, &at), -2);
	assert_int_equal(at, 1);
	assert_int_equal(out.len, want.len);
	assert_memory_equal(out.buf, want.buf, want.len);
	strbuf_release(&out);
	strbuf_release(&want);
	strbuf_release(&one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_bytes),
		cmocka_unit_test(test_encode_varint_lengths),
		cmocka_unit_test(test_encode_refuses_bad_utf8),
		cmocka_unit_test(test_round_trip_small),
		cmocka_unit_test(test_round_trip_long_values),
		cmocka_unit_test(test_round_trip_many_slots),
		cmocka_unit_test(test_decode_lenient),
		cmocka_unit_test(test_decode_refuses),
		cmocka_unit_test(test_decode_prefixes),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_decode_some),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
