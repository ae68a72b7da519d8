/*
 * xlsx: the cells of an Excel workbook (.xlsx), read with libzip and expat,
 * for the XLSForm reader.  Every sheet is read whole into memory (a
 * questionnaire is a few hundred rows): each cell's text as a spreadsheet
 * shows it — shared and inline strings as written, numbers in their
 * shortest form ("12", "2.5"), dates formatted as dates ('YYYY-MM-DD'),
 * booleans as "true" and "false", the cached result of a formula (or
 * TRUE()/FALSE() themselves when no result is cached).  Empty cells are
 * left out.
 */
#ifndef UTILIS_XLSX_H
#define UTILIS_XLSX_H

#include <stddef.h>

#include "util/arena.h"
#include "util/diag.h"

struct xlsx_cell {
	unsigned col;			/* 1-based column (A is 1) */
	const char *text;		/* the cell's text, not empty */
};

struct xlsx_row {
	unsigned row;			/* 1-based row number */
	struct xlsx_cell *cells;	/* in column order */
	size_t n;			/* how many */
};

struct xlsx_sheet {
	const char *name;		/* as the tab shows it */
	struct xlsx_row *rows;		/* rows that have a cell, in order */
	size_t nrows;			/* how many */
};

struct xlsx_book {
	struct arena arena;		/* everything below */
	struct xlsx_sheet *sheets;	/* in tab order */
	size_t nsheets;			/* how many */
};

/*
 * Read the workbook at path into book.  0; UT_EIO with err when the file
 * cannot be read; UT_EDATA with err when it is not an .xlsx workbook, or one
 * that inflates to more than a questionnaire can hold (release
 * the book either way).
 */
int xlsx_read(struct xlsx_book *book, const char *path, struct error *err);

/* What a file's first bytes say it is (an unreadable file is OTHER). */
enum xlsx_kind {
	XLSX_KIND_OTHER,	/* neither: CSV, text, anything else */
	XLSX_KIND_ZIP,		/* a zip archive, as an .xlsx is */
	XLSX_KIND_XLS,		/* an OLE2 compound file: an Excel 97-2003 .xls */
};
enum xlsx_kind xlsx_sniff(const char *path);
void xlsx_release(struct xlsx_book *book);

/*
 * Stream the first sheet of the workbook at path, for answers too many to
 * hold: fn gets each row that has a cell (cells in column order, texts as
 * xlsx_read() gives them, except that a date with a time of day is
 * 'YYYY-MM-DDTHH:MM:SS'), valid during the call only.  Memory stays that of
 * one row and the shared strings.  sheets (may be NULL) gets the names of
 * the other sheets, comma-separated.  Returns 0; fn's non-zero return,
 * which stops the reading; -1 with err when the file cannot be read; -2
 * with err when it is not an .xlsx workbook.
 */
struct strbuf;
int xlsx_stream_rows(const char *path, int (*fn)(void *ctx, const struct xlsx_row *row),
		     void *ctx, struct strbuf *sheets, struct error *err);

/*
 * Likewise for the sheet named name (ignoring ASCII case; NULL: the first
 * sheet); sheets (may be NULL) gets the names of the others.  Returns as
 * xlsx_stream_rows(), and 1 when the workbook has no sheet of that name.
 * fn must then return non-zero values other than 1 to stop.
 */
int xlsx_stream_sheet(const char *path, const char *name,
		      int (*fn)(void *ctx, const struct xlsx_row *row), void *ctx,
		      struct strbuf *sheets, struct error *err);

/* The sheet named name, ignoring ASCII case, or NULL. */
const struct xlsx_sheet *xlsx_sheet(const struct xlsx_book *book, const char *name);
/* The text of cell (row, col) of a row, or NULL when empty. */
const char *xlsx_cell(const struct xlsx_row *row, unsigned col);
/* "A", "B", ..., "AA" for column col into buf. */
const char *xlsx_col_name(unsigned col, char buf[8]);

#endif
