/*
 * Unit tests of the CSV reader (src/collect/csv.c), as a table: bytes in,
 * the records read (fields joined by '|', records by '/') or the one
 * FILE:ROW:COL message out.  Each input is written to a temporary file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/csv.h"
#include "util/strbuf.h"

#include "csv_libcsv.inc"

struct csv_case {
	const char *in;			/* file contents */
	size_t len;			/* bytes, 0: strlen */
	int sep;			/* separator given, 0: detect */
	enum csv_encoding enc;		/* encoding given */
	const char *want;		/* records, or the message after "f.csv:" */
	int want_sep;			/* separator that must be found (0: do not check) */
};

static const struct csv_case cases[] = {
	{ "a,b\n1,2\n", 0, 0, CSV_UTF8, "a|b/1|2", ',' },
	{ "a;b\r\n1,5;2\r\n", 0, 0, CSV_UTF8, "a|b/1,5|2", ';' },
	{ "a\tb\n1\t2\n", 0, 0, CSV_UTF8, "a|b/1|2", '\t' },
	{ "\xEF\xBB\xBF" "a,b\n1,2", 0, 0, CSV_UTF8, "a|b/1|2", ',' },
	{ "a,b\n\"x, \"\"y\"\"\",\"two\nlines\"\n", 0, 0, CSV_UTF8, "a|b/x, \"y\"|two\nlines", 0 },
	{ "a,b\n1,2\n\n\n3,4\n", 0, 0, CSV_UTF8, "a|b/1|2/3|4", 0 },
	{ "a,b\n,\n1,2\n", 0, 0, CSV_UTF8, "a|b/1|2", 0 },		/* an empty row is skipped */
	{ "a,b,\n1,2,\n3,4,,\n", 0, 0, CSV_UTF8, "a|b/1|2/3|4", 0 },	/* Excel's trailing separators */
	{ "a;\"b;c\"\n1;2\n", 0, 0, CSV_UTF8, "a|b;c/1|2", ';' },	/* quoted separators do not count */
	{ "a,b\n1,2\n", 0, ';', CSV_UTF8, "a,b/1,2", ';' },		/* the separator given wins */
	{ "a;b\nd\xe9j\xe0;\x80\n", 0, 0, CSV_WINDOWS_1252, "a|b/déjà|€", ';' },
	{ "\xEF\xBB\xBF" "a;b\n\xc3\xa9;2\n", 0, 0, CSV_WINDOWS_1252, "a|b/é|2", ';' },
	{ "a,b\n1,x\"y\n", 0, 0, CSV_UTF8,
	  "2:2: error: a quote (\") inside a field that does not start with one: put the whole "
	  "field in quotes and double its inner quotes (\"\")", 0 },
	{ "a,b\n\"1\"2,3\n", 0, 0, CSV_UTF8,
	  "2:1: error: text after the closing quote of a field: a quoted field must end at the "
	  "separator; double a quote (\"\") to put one inside", 0 },
	{ "a,b\n1,\"open\n", 0, 0, CSV_UTF8,
	  "2:2: error: a quoted field is not closed: its closing quote (\") is missing", 0 },
	{ "a,b\n1,2,3\n", 0, 0, CSV_UTF8,
	  "2:3: error: this row has 3 fields but the header has 2: a separator is missing or one "
	  "too many, or a field with a separator is not quoted", 0 },
	{ "a,b\nx\n", 0, 0, CSV_UTF8,
	  "2:2: error: this row has 1 field but the header has 2: a separator is missing or one "
	  "too many, or a field with a separator is not quoted", 0 },
	{ "a,b\n1,caf\xe9\n", 0, 0, CSV_UTF8,
	  "2:2: error: the field is not UTF-8 text: save the file as 'CSV UTF-8', or give "
	  "--encoding windows-1252 for Excel's plain 'CSV'", 0 },
	{ "a,b\n1,x\0y\n", 10, 0, CSV_UTF8,
	  "2:2: error: the field contains a NUL byte: this is not a text file", 0 },
	{ "", 0, 0, CSV_UTF8, "1:1: error: the file is empty: the first row must name the columns", 0 },
	{ "\n\n", 0, 0, CSV_UTF8, "1:1: error: the file is empty: the first row must name the columns", 0 },
};

static int join(void *ctx, const struct csv_record *rec)
{
	struct strbuf *sb = ctx;

	if (sb->len)
		strbuf_addch(sb, '/');
	for (size_t i = 0; i < rec->n; i++) {
		if (i)
			strbuf_addch(sb, '|');
		assert_int_equal(strlen(rec->fields[i]), rec->lens[i]);
		strbuf_addstr(sb, rec->fields[i]);
	}
	return 0;
}

static void test_table(void **state)
{
	char path[] = "/tmp/test_csv.XXXXXX";

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *c = &cases[i];
		struct csv_options opt = { c->sep, c->enc };
		struct strbuf got = STRBUF_INIT, msg = STRBUF_INIT;
		struct diags d = DIAGS_INIT;
		struct error err;
		int fd = mkstemp(path), sep = 0, rc;
		size_t len = c->len ? c->len : strlen(c->in);

		assert_true(fd >= 0);
		assert_int_equal(write(fd, c->in, len), (ssize_t)len);
		close(fd);
		rc = csv_read(path, &opt, join, &got, &sep, &d, &err);
		if (rc == 0) {
			if (strcmp(got.buf, c->want))
				fail_msg("case %zu: read '%s', want '%s'", i, got.buf, c->want);
			if (c->want_sep && sep != c->want_sep)
				fail_msg("case %zu: separator '%c', want '%c'", i, sep, c->want_sep);
		} else {
			assert_int_equal(rc, -2);
			assert_int_equal(d.n, 1);
			strbuf_addf(&msg, "%d:%d: error: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
			if (strcmp(msg.buf, c->want))
				fail_msg("case %zu: message '%s', want '%s'", i, msg.buf, c->want);
		}
		diags_release(&d);
		strbuf_release(&got);
		strbuf_release(&msg);
		unlink(path);
		strcpy(path, "/tmp/test_csv.XXXXXX");
	}
}

static int stop_at_two(void *ctx, const struct csv_record *rec)
{
	(void)ctx;
	return rec->row == 2 ? 7 : 0;
}

/* The callback stops the reading with its value; a missing file is an I/O error. */
static void test_stop_and_missing(void **state)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	struct diags d = DIAGS_INIT;
	struct error err;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\n1\n2\n", 6), 6);
	close(fd);
	assert_int_equal(csv_read(path, NULL, stop_at_two, NULL, NULL, &d, &err), 7);
	unlink(path);
	assert_int_equal(csv_read(path, NULL, stop_at_two, NULL, NULL, &d, &err), -1);
	assert_non_null(strstr(err.msg, "No such file"));
	assert_int_equal(d.n, 0);
}

/* Rows are numbered as a spreadsheet shows them across block boundaries. */
static void test_large(void **state)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	struct diags d = DIAGS_INIT;
	struct error err;
	struct strbuf got = STRBUF_INIT;
	FILE *fp;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("id,text\n", fp);
	for (long i = 0; i < 60000; i++)
		fprintf(fp, "%ld,\"quoted, long enough to cross the 1 MB blocks of the reader\"\n", i);
	fputs("60000,bad\"quote\n", fp);
	fclose(fp);
	assert_int_equal(csv_read(path, NULL, join, &got, NULL, &d, &err), -2);
	strbuf_release(&got);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 60002);
	assert_int_equal(d.v[0].col, 2);
	diags_release(&d);
	unlink(path);
}

/* What a reading gave: rc, the records (with row numbers and lengths), the message. */
static int dump(void *ctx, const struct csv_record *rec)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "[%ld:%zu]", rec->row, rec->n);
	for (size_t i = 0; i < rec->n; i++) {
		assert_int_equal(rec->fields[i][rec->lens[i]], '\0');
		strbuf_addf(sb, "%zu<", rec->lens[i]);
		strbuf_add(sb, rec->fields[i], rec->lens[i]);
		strbuf_addch(sb, '>');
	}
	/* a record "stop" stops the reading, as a caller's error does */
	return rec->n == 1 && !strcmp(rec->fields[0], "stop") ? 3 : 0;
}

static void read_with(int (*reader)(const char *, const struct csv_options *,
				    int (*)(void *, const struct csv_record *), void *, int *,
				    struct diags *, struct error *),
		      const char *path, int sep, struct strbuf *out)
{
	struct csv_options opt = { sep, CSV_UTF8 };
	struct diags d = DIAGS_INIT;
	struct error err;
	int used = 0, rc = reader(path, &opt, dump, out, &used, &d, &err);

	strbuf_addf(out, " rc=%d sep=%d", rc, used);
	for (size_t i = 0; i < d.n; i++)
		strbuf_addf(out, " %d:%d: %s", d.v[i].line, d.v[i].col, d.v[i].msg);
	diags_release(&d);
}

/* Compare the reader with libcsv's on the len bytes at in; 0 when they agree. */
static int same_as_libcsv(const char *in, size_t len, int sep, struct strbuf *why)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int fd = mkstemp(path), rc;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, in, len), (ssize_t)len);
	close(fd);
	read_with(csv_read, path, sep, &a);
	read_with(libcsv_read, path, sep, &b);
	unlink(path);
	rc = strcmp(a.buf, b.buf) != 0;
	if (rc)
		strbuf_addf(why, "reader: %s\nlibcsv: %s", a.buf, b.buf);
	strbuf_release(&a);
	strbuf_release(&b);
	return rc;
}

/*
 * The reader against libcsv in strict mode, which it replaced: the same
 * records, row numbers, lengths, errors and places on random files made of
 * the bytes that matter (separators, quotes, blanks, CR, LF, UTF-8 and not,
 * NUL), and on fields longer than the 1 MB a field may hold.
 */
static void test_same_as_libcsv(void **state)
{
	static const char alphabet[] = "ab,;\"\" \t\r\n\xC3\xA9\xFF" "stop";
	static const int seps[] = { 0, ',', ';', '\t' };
	struct strbuf why = STRBUF_INIT, big = STRBUF_INIT;
	char in[64];
	unsigned seed = 12345;
	long i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		size_t len = (size_t)(rand_r(&seed) % 40), k;

		for (k = 0; k < len; k++) {
			unsigned x = (unsigned)rand_r(&seed);

			in[k] = x % 97 == 0 ? '\0' : alphabet[x % (sizeof(alphabet) - 1)];
		}
		if (same_as_libcsv(in, len, seps[i % 4], &why))
			fail_msg("case %ld (%zu bytes):\n%s", i, len, why.buf);
	}
	/* fields of 1.5 MB: across blocks, closed or not, then a quote where none may be */
	static const char *const tails[] = { "\n1,2\n", "", "\"\n", "x\"y\n", "\",2\n", "\" x\n" };
	for (i = 0; i < 12; i++) {
		strbuf_reset(&big);
		strbuf_addstr(&big, "a,b\n1,");
		if (i % 2)
			strbuf_addch(&big, '"');
		for (long k = 0; k < 1500000; k++)
			strbuf_addch(&big, k % 100 == 99 ? ' ' : 'x');
		strbuf_addstr(&big, tails[i / 2]);
		if (same_as_libcsv(big.buf, big.len, 0, &why))
			fail_msg("long field %ld:\n%.300s", i, why.buf);
	}
	/*
	 * files of 1.15 MB of short fields, mostly plain ASCII (the reader's short
	 * way) with blanks, quotes, CR, non-ASCII and NUL among them, so that
	 * fields of every kind end on either side of the blocks' boundaries
	 */
	for (i = 0; i < 4; i++) {
		static const char mostly[] = "12345678,,,,\n123456789,,,,\nab ,\t\r\xC3\xA9";

		strbuf_reset(&big);
		while (big.len < 1150000) {
			unsigned x = (unsigned)rand_r(&seed);

			/* files 2 and 3 end in an error: a NUL, a quote inside a field */
			strbuf_addch(&big, big.len > (size_t)(1040000 + 30000 * i) && i >= 2 && x % 997 == 0 ?
				     (i == 2 ? '\0' : '"') :
				     x % 50 == 0 ? mostly[x / 50 % (sizeof(mostly) - 1)] :
				     "1234567,,\n"[x % 10]);
		}
		if (same_as_libcsv(big.buf, big.len, seps[i], &why))
			fail_msg("file of short fields %ld:\n%.300s", i, why.buf);
	}
	strbuf_release(&why);
	strbuf_release(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_stop_and_missing),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_same_as_libcsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
