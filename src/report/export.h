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
 * for it the rows are streamed twice: first to export_scan(), then to
 * export_row().
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
/* 1 when every row must go through export_scan() before export_begin(). */
int export_needs_scan(const struct exporter *ex);
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

/* "csv", "xlsx", "sav". */
const char *export_format_name(enum export_format f);

#endif
