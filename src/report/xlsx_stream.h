/*
 * xlsx_stream: a workbook of simple sheets written as a stream, for the
 * export of answers (report/export.c), where libxlsxwriter's per-cell
 * formatting and its copy through a temporary file were most of the time
 * (docs/data.md, "Figures").  Cells are typed (numbers, inline strings,
 * dates and times as serial numbers with a number format), with a header
 * style, column widths, a frozen header row and an autofilter; nothing
 * else.  The package is written by hand: each part deflated at level 1
 * with zlib straight into the file (zip64 where a part or the file passes
 * 4 GB), the first sheet streamed into the zip as its rows come, the
 * other sheets into a deflated temporary file beside the target, copied
 * into the zip at the end.  Every part is also checked while it is written,
 * on a second thread (report/xlsx_check.h's watch: CRC, size, XML parsed to
 * its end), and the zip's directory is read back and compared at the end.
 *
 * A cell's column may be left out from one cell to the next (the position
 * follows); after a skipped column the next cell carries its reference.
 * Strings are escaped as libxlsxwriter does (&, <, > and control
 * characters as _xHHHH_), with xml:space="preserve" when they begin or end
 * with a space.
 */
#ifndef UTILIS_REPORT_XLSX_STREAM_H
#define UTILIS_REPORT_XLSX_STREAM_H

#include <stddef.h>

#include "util/diag.h"

struct afile;
struct xs_book;
struct xs_sheet;

/* The cell styles of every workbook. */
enum xs_style {
	XS_PLAIN = 0,
	XS_HEADER = 1,		/* bold, thin bottom border */
	XS_DATE = 2,		/* yyyy-mm-dd */
	XS_DATETIME = 3,	/* yyyy-mm-dd hh:mm:ss */
	XS_WRAP = 4,		/* wrapped text, aligned to the top */
};

/*
 * Begin the workbook in af (open, at its start; the caller commits or
 * aborts it) with nsheets sheets named names (checked by the caller: at
 * most 31 characters, none of []:*?/\, unique).  Sheet 0 is written
 * straight into the file, the others into one temporary file in dir.
 * path is the name for messages.  0, or -1 with err.
 */
int xs_open(struct xs_book **out, struct afile *af, const char *path, const char *dir,
	    const char *const *names, size_t nsheets, struct error *err);
/* Sheet k of b. */
struct xs_sheet *xs_sheet(struct xs_book *b, size_t k);
/*
 * Start sheet s: ncols columns of widths (Excel's character widths) with
 * styles col_style (NULL: none), the first row frozen.  Sheet 0 first; a
 * sheet other than 0 is started when sheet 0 is, or after sheet 0 ended.
 */
int xs_sheet_begin(struct xs_sheet *s, const double *widths, const unsigned char *col_style,
		   size_t ncols, struct error *err);
/*
 * The rows sheet s will have, its header included, when they are known
 * exactly before it begins: xs_sheet_begin() then writes its <dimension>
 * (a reader in streaming mode, openpyxl's read-only one, knows its size),
 * and xs_sheet_end() fails when another number of rows was written.
 * Call before xs_sheet_begin(); without it, no <dimension>.
 */
void xs_sheet_rows(struct xs_sheet *s, long rows);
/* Start the next row of s (the first is row 1). */
void xs_row(struct xs_sheet *s);
/* A cell in column col (0-based, after the previous cell of the row). */
void xs_num(struct xs_sheet *s, size_t col, double v, int style);
void xs_int(struct xs_sheet *s, size_t col, long long v, int style);
/* A cell with a style and no value (libxlsxwriter's for an empty string with a format). */
void xs_blank(struct xs_sheet *s, size_t col, int style);
/*
 * A string of len bytes of UTF-8; -1 when it is longer than Excel's 32,767
 * characters (nothing written).
 */
int xs_str(struct xs_sheet *s, size_t col, const char *text, size_t len, int style);
/* Excel's serial number of a date and time (1900 system, its leap day included). */
double xs_serial(int y, int mo, int d, int h, int mi, int sec);
/* End the row; the bytes may go out here.  0 or -1 with err. */
int xs_row_end(struct xs_sheet *s, struct error *err);
/*
 * End s, with an autofilter over its header and rows when autofilter is
 * set.  0 or -1 with err.
 */
int xs_sheet_end(struct xs_sheet *s, int autofilter, struct error *err);
/* Rows written into s, the header included. */
long xs_rows(const struct xs_sheet *s);
/*
 * Write the rest of the workbook (every sheet ended), check it, free b.
 * 0 or -1 with err; af is left for the caller to commit or abort.
 */
int xs_close(struct xs_book *b, struct error *err);
/* Drop b, whatever state it is in (af is the caller's). */
void xs_abort(struct xs_book *b);

#endif
