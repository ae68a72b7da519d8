/*
 * export: a survey's answers as a file for the tools analysts know — CSV
 * (Excel, R, pandas), XLSX (libxlsxwriter: a data sheet and a codebook
 * sheet) and SPSS .sav (ReadStat: variable and value labels, measures,
 * formats, declared missing values).  docs/data.md describes the files.
 *
 * The caller streams the rows (store_answers_each) into an exporter: it
 * keeps nothing per row, so memory stays flat as the data grows.  The file
 * is written under a temporary name beside the target and renamed when
 * complete; a failure leaves no partial file.  A .sav file needs the width
 * of every text variable and the number of rows before its first row, so
 * for it the rows are streamed twice, first to export_scan(), then to
 * export_row(), unless the survey and the store tell them
 * (export_needs_scan()).
 */
#ifndef UTILIS_EXPORT_H
#define UTILIS_EXPORT_H

#include <stddef.h>

#include "store/store.h"
#include "survey/survey.h"
#include "util/diag.h"

enum export_format { EXPORT_CSV, EXPORT_XLSX, EXPORT_SAV };

struct export_options {
	enum export_format format;	/* which file to write */
	int sep;			/* CSV: ',' or ';' (';' for French Excel: decimal commas and a BOM) */
	int labels;			/* CSV and XLSX: choice labels rather than names */
	size_t lang;			/* language of labels, index in survey.languages */
};

struct exporter;

/*
 * Start an export of survey s's respondents to path.  Nothing is visible
 * at path before export_finish().  0 or -1 with err.
 */
int export_open(struct exporter **out, const struct survey *s, const char *path,
		const struct export_options *opt, struct error *err);
/*
 * Start a CSV export to the open descriptor fd (a pipe, a socket) rather
 * than a file: the same columns and bytes as export_open(), written as
 * they come; fd is neither renamed nor closed.  0 or -1 with err.
 */
int export_open_fd(struct exporter **out, const struct survey *s, int fd,
		   const struct export_options *opt, struct error *err);
/*
 * 1 when every row must go through export_scan() before export_begin(): a
 * .sav file whose variables take their widths from the answers (texts,
 * numbers, several choices) or that has repeats.  A .sav file without is
 * given the number of rows and the widths of _id, _group and _wave by
 * export_set_sizes() (store_respondent_widths()) instead, and the
 * answers are read once.
 */
int export_needs_scan(const struct exporter *ex);
void export_set_sizes(struct exporter *ex, const struct store_resp_widths *w);
/*
 * The number of respondents export_row() will be given, when it is known
 * exactly (counted in the same read transaction as the rows are read,
 * store_begin_read()): an XLSX file then declares its sheet's size, and
 * fails at export_finish() when another number came.
 */
void export_set_rows(struct exporter *ex, long n);
int export_scan(struct exporter *ex, const struct respondent *r, const char *const *values,
		size_t n, struct error *err);
/* Write the header (after the scan, when one is needed).  0 or -1 with err. */
int export_begin(struct exporter *ex, struct error *err);
/* Write one respondent.  values are positional as in store.h.  0 or -1. */
int export_row(struct exporter *ex, const struct respondent *r, const char *const *values,
	       size_t n, struct error *err);
/* Complete the file and move it to its name; frees ex, also on failure.  0 or -1. */
int export_finish(struct exporter *ex, long *nrows, struct error *err);
/* Drop the export and its temporary file; frees ex. */
void export_abort(struct exporter *ex);

/*
 * Repeats.  A survey with repeats is exported as one file per repeat
 * beside the respondents' (CSV, .sav: OUT.csv and OUT-REPEAT.csv) or one
 * sheet per repeat (XLSX: the sheet named as the repeat, cut at
 * EXPORT_SHEET_MAX bytes as Excel wants), one row per instance, with
 * `_id` (the respondent's), `_index` (the instance's row number in that
 * file, from 1) and, for a repeat inside another, `_parent_index` (the
 * parent instance's `_index` in its file), as KoboToolbox exports them.
 * Every file is written whole before the first is moved to its name.
 * The rows are given with export_row_rep() (export_scan_rep() for .sav).
 */
#define EXPORT_SHEET_MAX 31
int export_scan_rep(struct exporter *ex, const struct respondent *r,
		    const struct record_buf *rec, struct error *err);
int export_row_rep(struct exporter *ex, const struct respondent *r,
		   const struct record_buf *rec, struct error *err);
/* The sheet of repeat name in an XLSX export (out: EXPORT_SHEET_MAX bytes and a NUL). */
void export_sheet_name(const char *repeat, char out[EXPORT_SHEET_MAX + 1]);
/* The file (CSV, .sav) or sheet (XLSX) of repeat k of the survey, or NULL. */
const char *export_sub_path(const struct exporter *ex, size_t k);

/* "csv", "xlsx", "sav". */
const char *export_format_name(enum export_format f);

#endif
