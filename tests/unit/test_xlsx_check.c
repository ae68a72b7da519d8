/*
 * Unit tests of report/xlsx_check.h: libxlsxwriter's parts are deflated at
 * level 1 (the interposed zipOpenNewFileInZip4_64); a whole workbook
 * passes the read-back; a sheet cut short inside a valid zip, and a part
 * whose deflated bytes were damaged, are both caught.  The watch (parts
 * checked on their way to deflate) passes a whole workbook, catches a part
 * that is not well-formed, and a file whose directory does not match what
 * it checked.  The export's own writer (report/xlsx_stream.h) makes a zip
 * that libzip's consistency check and the read-back pass, with its cells as
 * written; its parts, watched, must be in the file as they were checked.
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

#include <xlsxwriter.h>
#include <zip.h>

#include "report/xlsx_check.h"
#include "report/xlsx_stream.h"
#include "util/afile.h"
#include "util/diag.h"

static char dir[] = "/tmp/utilis-xlsx-check-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) && chdir(dir) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return chdir("/") == 0 && system(cmd) == 0 ? 0 : -1;
}

/*
 * A workbook of rows x 20 numbers and a text column, in constant-memory
 * mode, at path; its parts watched by w when w is not NULL.  The text is
 * text, unless it is given.
 */
static void write_watched(const char *path, int rows, struct xlsx_watch **w, const char *text)
{
	lxw_workbook_options o = { LXW_TRUE, NULL, LXW_FALSE };
	lxw_workbook *wb = workbook_new_opt(path, &o);
	lxw_worksheet *ws;
	struct error err;
	int r, c;

	assert_non_null(wb);
	ws = workbook_add_worksheet(wb, "data");
	for (r = 0; r < rows; r++) {
		for (c = 0; c < 20; c++)
			assert_int_equal(worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c,
								(double)((r * 7 + c) % 5 + 1), NULL), 0);
		assert_int_equal(worksheet_write_string(ws, (lxw_row_t)r, 20,
							text ? text : "texte libre é", NULL), 0);
	}
	assert_int_equal(xlsx_check_tmpfiles(wb, path, &err), 0);
	if (w)
		*w = xlsx_watch_start();
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void write_workbook(const char *path, int rows)
{
	write_watched(path, rows, NULL, NULL);
}

static long file_size(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fclose(fp);
	return n;
}

/*
 * Every part's local header says "deflated at the fastest level": bits 1
 * and 2 of the general purpose flags, which minizip sets for level 1 (0 for
 * the default level 6).
 */
static void test_fast_deflate(void **state)
{
	unsigned char h[30];
	FILE *fp;
	long at = 0;
	int parts = 0;
	struct error err;

	(void)state;
	write_workbook("fast.xlsx", 2000);
	assert_int_equal(xlsx_check_file("fast.xlsx", "fast.xlsx", &err), 0);
	/* walk the local headers (minizip writes the sizes in them, no data descriptor) */
	fp = fopen("fast.xlsx", "rb");
	assert_non_null(fp);
	while (fseek(fp, at, SEEK_SET) == 0 && fread(h, 1, sizeof(h), fp) == sizeof(h) &&
	       !memcmp(h, "PK\003\004", 4)) {
		unsigned long csize = h[18] | h[19] << 8 | (unsigned long)h[20] << 16 |
				      (unsigned long)h[21] << 24;

		assert_int_equal(h[8] | h[9] << 8, 8);	/* deflate */
		assert_int_equal((h[6] | h[7] << 8) & 6, 6);
		at += 30 + (h[26] | h[27] << 8) + (h[28] | h[29] << 8) + (long)csize;
		parts++;
	}
	fclose(fp);
	assert_true(parts >= 5);
}

/* A sheet cut short inside an otherwise valid zip (a full disk under libxlsxwriter). */
static void test_cut_sheet_caught(void **state)
{
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	zip_source_t *src;
	char *buf;
	struct error err;

	(void)state;
	write_workbook("cut.xlsx", 3000);
	z = zip_open("cut.xlsx", 0, NULL);
	assert_non_null(z);
	assert_int_equal(zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st), 0);
	buf = malloc(st.size);
	assert_non_null(buf);
	f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	/* a stdio buffer's worth short of the end: the last rows and the closing tags lost */
	src = zip_source_buffer(z, buf, st.size - 4096, 1);
	assert_non_null(src);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(xlsx_check_file("cut.xlsx", "out.xlsx", &err), -1);
	assert_non_null(strstr(err.msg, "cannot write 'out.xlsx': part 'xl/worksheets/sheet1.xml' "
			       "of the workbook came out incomplete"));
}

/* Deflated bytes damaged in the middle of the sheet: the CRC (or inflate) says so. */
static void test_damaged_part_caught(void **state)
{
	FILE *fp;
	long size;
	struct error err;

	(void)state;
	write_workbook("bad.xlsx", 3000);
	size = file_size("bad.xlsx");
	fp = fopen("bad.xlsx", "r+b");
	assert_non_null(fp);
	/* the sheet is the bulk of the file: its middle is the file's middle */
	fseek(fp, size / 2, SEEK_SET);
	fwrite("\xff\x00\xff\x00\xff\x00\xff\x00", 1, 8, fp);
	fclose(fp);
	assert_int_equal(xlsx_check_file("bad.xlsx", "out.xlsx", &err), -1);
	assert_non_null(strstr(err.msg, "cannot write 'out.xlsx': part 'xl/worksheets/sheet1.xml' "
			       "of the workbook"));
}

/* Watched: a whole workbook passes, with its directory matched to what was checked. */
static void test_watch_whole(void **state)
{
	struct xlsx_watch *w;
	struct error err;

	(void)state;
	write_watched("whole.xlsx", 3000, &w, NULL);
	assert_non_null(w);
	assert_int_equal(xlsx_watch_finish(w, "whole.xlsx", "whole.xlsx", &err), 0);
	assert_int_equal(xlsx_check_file("whole.xlsx", "whole.xlsx", &err), 0);
	/* stopped without a file (the workbook failed anyway): nothing to say */
	write_watched("again.xlsx", 10, &w, NULL);
	assert_int_equal(xlsx_watch_finish(w, NULL, "again.xlsx", &err), 0);
}

/* Watched: a sheet that is not well-formed XML (here bytes that are not UTF-8) is caught. */
static void test_watch_bad_xml(void **state)
{
	struct xlsx_watch *w;
	struct error err;

	(void)state;
	write_watched("bad.xlsx", 3000, &w, "not \xff UTF-8");
	assert_int_equal(xlsx_watch_finish(w, "bad.xlsx", "out.xlsx", &err), -1);
	assert_non_null(strstr(err.msg, "cannot write 'out.xlsx': part 'xl/worksheets/sheet1.xml' "
			       "of the workbook came out incomplete (not well-formed"));
}

/*
 * Watched: the file on disk must hold the parts that were checked; one
 * changed after the write (here cut short, as a full disk would have) is
 * caught by the directory's size and CRC, without inflating anything.
 */
static void test_watch_file_differs(void **state)
{
	struct xlsx_watch *w;
	zip_t *z;
	zip_source_t *src;
	static const char cut[] = "<?xml version=\"1.0\"?><worksheet/>";
	struct error err;

	(void)state;
	write_watched("diff.xlsx", 3000, &w, NULL);
	z = zip_open("diff.xlsx", 0, NULL);
	assert_non_null(z);
	src = zip_source_buffer(z, cut, sizeof(cut) - 1, 0);
	assert_non_null(src);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(xlsx_watch_finish(w, "diff.xlsx", "out.xlsx", &err), -1);
	assert_string_equal(err.msg, "cannot write 'out.xlsx': part 'xl/worksheets/sheet1.xml' of "
			    "the workbook is damaged: it is not what was written");
}

/* The bytes of part name of the zip at path, NUL-terminated (malloc'd). */
static char *part_text(const char *path, const char *name)
{
	zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
	zip_stat_t st;
	zip_file_t *f;
	char *buf;

	assert_non_null(z);
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	return buf;
}

/* A workbook of two sheets by the stream writer: whole, and its cells as written. */
static void test_stream_whole(void **state)
{
	static const char *const names[] = { "data", "autre feuille" };
	static const double widths[] = { 8, 12, 30 };
	struct afile af = AFILE_INIT;
	struct xs_book *b;
	struct xs_sheet *s, *t;
	struct error err;
	char *x;
	int r;

	(void)state;
	assert_int_equal(afile_open(&af, "stream.xlsx", AFILE_PRIVATE, &err), 0);
	assert_int_equal(xs_open(&b, &af, "stream.xlsx", ".", names, 2, &err), 0);
	s = xs_sheet(b, 0);
	t = xs_sheet(b, 1);
	assert_int_equal(xs_sheet_begin(s, widths, NULL, 3, &err), 0);
	assert_int_equal(xs_sheet_begin(t, widths, NULL, 1, &err), 0);
	for (r = 0; r < 5000; r++) {	/* the two sheets interleaved, as a repeat's */
		xs_row(s);
		xs_int(s, 0, r, XS_PLAIN);
		if (r % 2)
			xs_num(s, 1, r + 0.25, XS_PLAIN);
		assert_int_equal(xs_str(s, 2, " <a & b> ", 9, XS_PLAIN), 0);
		assert_int_equal(xs_row_end(s, &err), 0);
		xs_row(t);
		xs_num(t, 0, xs_serial(2025, 3, 1, 10, 0, 0), XS_DATETIME);
		assert_int_equal(xs_row_end(t, &err), 0);
	}
	assert_int_equal(xs_sheet_end(s, 1, &err), 0);
	assert_int_equal(xs_sheet_end(t, 0, &err), 0);
	assert_int_equal(xs_close(b, &err), 0);
	assert_int_equal(xlsx_check_file(af.tmp, "stream.xlsx", &err), 0);
	x = part_text(af.tmp, "xl/worksheets/sheet1.xml");
	/* the position follows, except after the skipped column */
	assert_non_null(strstr(x, "<row r=\"1\"><c><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is>"
			       "<t xml:space=\"preserve\"> &lt;a &amp; b&gt; </t></is></c></row>"
			       "<row r=\"2\"><c><v>1</v></c><c><v>1.25</v></c>"));
	assert_non_null(strstr(x, "<autoFilter ref=\"A1:C5000\"/>"));
	free(x);
	x = part_text(af.tmp, "xl/worksheets/sheet2.xml");
	assert_non_null(strstr(x, "<c s=\"3\"><v>45717.416666666664</v></c>"));
	free(x);
	x = part_text(af.tmp, "xl/workbook.xml");
	assert_non_null(strstr(x, "<sheet name=\"autre feuille\" sheetId=\"2\" r:id=\"rId2\"/>"));
	assert_non_null(strstr(x, ">data!$A$1:$C$5000</definedName>"));
	free(x);
	afile_abort(&af);
	/* Excel's serials: 1900-01-01 is 1, 1900-03-01 is 61 (after its 1900-02-29) */
	assert_true(xs_serial(1900, 1, 1, 0, 0, 0) == 1);
	assert_true(xs_serial(1900, 2, 28, 0, 0, 0) == 59);
	assert_true(xs_serial(1900, 3, 1, 0, 0, 0) == 61);
	assert_true(xs_serial(2025, 3, 1, 12, 0, 0) == 45717.5);
}

/* A zip at path holding part name with text (libzip). */
static void write_zip(const char *path, const char *name, const char *text)
{
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	zip_source_t *src;

	assert_non_null(z);
	src = zip_source_buffer(z, text, strlen(text), 0);
	assert_non_null(src);
	assert_true(zip_file_add(z, name, src, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
}

/*
 * A writer of its own, watched: the part as checked must be what the file
 * holds (not another text of it, nor missing); one not well-formed is caught.
 */
static void test_stream_watch(void **state)
{
	struct xlsx_watch *w;
	struct xlsx_part *p;
	struct error err;

	(void)state;
	w = xlsx_watch_start();
	p = xlsx_watch_part(w, "x.xml");
	xlsx_watch_feed(w, p, "<a>", 3);
	xlsx_watch_feed(w, p, "</a>", 4);
	xlsx_watch_done(w, p);
	write_zip("w.zip", "x.xml", "<a></a>");
	assert_int_equal(xlsx_watch_finish(w, "w.zip", "out.xlsx", &err), 0);

	w = xlsx_watch_start();
	p = xlsx_watch_part(w, "x.xml");
	xlsx_watch_feed(w, p, "<a></a>", 7);
	xlsx_watch_done(w, p);
	write_zip("w.zip", "x.xml", "<b></b>");
	assert_int_equal(xlsx_watch_finish(w, "w.zip", "out.xlsx", &err), -1);
	assert_string_equal(err.msg, "cannot write 'out.xlsx': part 'x.xml' of the workbook is "
			    "damaged: it is not what was written");

	w = xlsx_watch_start();
	p = xlsx_watch_part(w, "y.xml");
	xlsx_watch_feed(w, p, "<a></a>", 7);
	xlsx_watch_done(w, p);
	p = xlsx_watch_part(w, "x.xml");
	xlsx_watch_feed(w, p, "<a></a>", 7);
	xlsx_watch_done(w, p);
	write_zip("w.zip", "x.xml", "<a></a>");
	assert_int_equal(xlsx_watch_finish(w, "w.zip", "out.xlsx", &err), -1);
	assert_string_equal(err.msg, "cannot write 'out.xlsx': part 'y.xml' of the workbook is "
			    "missing");

	w = xlsx_watch_start();
	p = xlsx_watch_part(w, "x.xml");
	xlsx_watch_feed(w, p, "<a>", 3);
	xlsx_watch_done(w, p);
	write_zip("w.zip", "x.xml", "<a>");
	assert_int_equal(xlsx_watch_finish(w, "w.zip", "out.xlsx", &err), -1);
	assert_non_null(strstr(err.msg, "part 'x.xml' of the workbook came out incomplete"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_deflate),
		cmocka_unit_test(test_cut_sheet_caught),
		cmocka_unit_test(test_damaged_part_caught),
		cmocka_unit_test(test_watch_whole),
		cmocka_unit_test(test_watch_bad_xml),
		cmocka_unit_test(test_watch_file_differs),
		cmocka_unit_test(test_stream_whole),
		cmocka_unit_test(test_stream_watch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
