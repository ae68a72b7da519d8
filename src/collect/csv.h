/*
 * csv: reading the CSV files analysts bring, by libcsv's rules in strict
 * mode (the parser is csv.c's own; tests/unit/test_csv.c compares it with
 * libcsv).  A file is streamed in blocks and handed over one record at a
 * time, so memory does not grow with the file.
 *
 * What it accepts: UTF-8 with or without a byte-order mark (or
 * Windows-1252, the encoding of Excel's "CSV (séparateur : point-virgule)",
 * when asked), ',' ';' or tab as separator (found from the header line
 * when not given: the most frequent of the three outside quotes), fields
 * quoted with '"' and inner quotes doubled, CR, LF or CRLF line ends,
 * quoted fields spanning lines.  Blank lines are skipped.  Rows are
 * numbered as a spreadsheet shows them: the header is row 1, a record that
 * spans several lines is still one row.
 *
 * What it refuses, with FILE:ROW:COLUMN: a quote inside a field that is
 * not quoted, text after a closing quote, a quote left open at the end of
 * the file, a row with more or fewer fields than the header, bytes that are
 * not UTF-8, a NUL byte, an empty file.
 */
#ifndef UTILIS_CSV_H
#define UTILIS_CSV_H

#include <stddef.h>

#include "util/diag.h"

enum csv_encoding {
	CSV_UTF8,		/* UTF-8, with or without a byte-order mark */
	CSV_WINDOWS_1252,	/* converted to UTF-8 while reading */
};

/* One record: its fields, valid during the callback only. */
struct csv_record {
	const char *const *fields;	/* NUL-terminated UTF-8 */
	const size_t *lens;		/* their lengths in bytes */
	size_t n;			/* number of fields */
	long row;			/* 1-based row number; the header is row 1 */
	long long offset;		/* bytes of the file read so far (a block ahead), for progress */
};

struct csv_options {
	int sep;			/* ',' ';' '\t', or 0 to detect from the header */
	enum csv_encoding encoding;	/* how the bytes are to be read */
};

/*
 * Read path, calling fn for each record, the header first.  The number of
 * fields of every record is checked against the header's.  fn returns 0
 * to go on, or non-zero to stop the reading, which then returns that value.
 * Returns 0 at the end of the file; -1 when the file cannot be read (the
 * reason in err); -2 when it is not well-formed CSV, after adding one
 * FILE:ROW:COLUMN error to d (file named as given).  *sep_used (may be
 * NULL) gets the separator.
 */
int csv_read(const char *path, const struct csv_options *opt,
	     int (*fn)(void *ctx, const struct csv_record *rec), void *ctx,
	     int *sep_used, struct diags *d, struct error *err);

/* Name of a separator for messages: "comma", "semicolon", "tab". */
const char *csv_sep_name(int sep);

#endif
