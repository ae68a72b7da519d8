/*
 * import: answers collected elsewhere, read from a CSV file or the first
 * sheet of an XLSX workbook into the workspace — the utilis layout (one
 * column per question, as `utilis responses export` writes it) and the
 * exports of KoboToolbox (CSV or XLSX) and ODK Central (group paths in
 * column names, one 0/1 column per choice of a select_multiple, their own
 * metadata columns, Kobo's HXL tag row, geopoint parts, columns of other
 * versions of the form).  docs/data.md describes the layouts for analysts.
 *
 * Every value goes through the survey's rules (survey/response.h: type,
 * choice, constraint, required when relevant, nothing answered where a
 * question does not apply).  The import is all-or-nothing: the rows are
 * written in one transaction, which is rolled back when any problem is
 * found, and every problem is reported as FILE:ROW:COLUMN (the first
 * ones in the diagnostics, all of them counted).  A row whose `_id` is
 * already stored for the survey is not stored again.
 */
#ifndef UTILIS_IMPORT_H
#define UTILIS_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "collect/csv.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum import_layout {
	IMPORT_UTILIS,		/* columns named as questions; _id _group _wave _submitted_at */
	IMPORT_KOBO,		/* KoboToolbox CSV export, "XML values and headers" */
	IMPORT_ODK,		/* ODK Central CSV export (submissions.csv) */
};

#define IMPORT_MAX_REPORTED 50

/*
 * Scores of a prize jury on paper: the rows of the grid name a juror and a
 * candidate (`_juror`, `_candidate` columns) and become that pair's sheet
 * instead of a respondent.  check() is called for every row as it is read,
 * with the texts of the two columns: 0 when the pair can be scored, 1 when
 * not, with the reason in why (an error at the row; nothing is written).
 * It must not touch the workspace: it runs beside the writer.  sheet() is
 * called, in the import's transaction, for each row that passed every
 * check, to store it: 0, or a negative UT_E* code with err.
 */
struct import_jury {
	int (*check)(void *ctx, const char *juror, const char *candidate, long row,
		     struct strbuf *why);
	int (*sheet)(void *ctx, const char *juror, const char *candidate,
		     const char *const *values, size_t n, long row, struct error *err);
	void *ctx;			/* passed to both */
};

struct import_options {
	enum import_layout layout;	/* how columns are named */
	struct csv_options csv;		/* separator and encoding */
	const char *group;		/* `_group` of rows that give none, or NULL */
	const char *wave;		/* `_wave` of rows that give none, or NULL */
	int dry_run;			/* check everything, write nothing */
	int ignore_unknown;		/* a column naming no question is skipped with a warning */
	const char *today;		/* 'YYYY-MM-DD' for today() in constraints, NULL: the clock */
	const struct import_jury *jury;	/* rows are jury sheets (_juror, _candidate); NULL: respondents */
	/* Called every 1,024 rows with the rows and bytes read so far (a progress bar), or NULL. */
	void (*progress)(void *ctx, long rows, long long bytes);
	void *progress_ctx;		/* passed to progress */
	/*
	 * Called for every error, beyond the IMPORT_MAX_REPORTED kept in the
	 * diagnostics, or NULL: its row and column (1-based; 0 for the whole
	 * row), the cell as written ("" when the error is not about one cell)
	 * and the message.  The strings are valid during the call only.
	 */
	void (*on_error)(void *ctx, long row, int col, const char *value, const char *msg);
	void *error_ctx;		/* passed to on_error */
	/*
	 * Repeats: the file of each repeat named here (--repeat NAME=FILE);
	 * a repeat not named is read from the sheet of its name when the file
	 * is a workbook, else from FILE-NAME.csv beside it (FILE.csv's
	 * extension), as `responses export` and ODK Central name them.
	 */
	const char *const *repeat_names;	/* repeats named */
	const char *const *repeat_paths;	/* their files */
	size_t nrepeat_files;		/* how many */
};

struct import_result {
	long rows;			/* data rows read (header and blank rows aside) */
	long added;			/* respondents stored (or that would be, in a dry run) */
	long unchanged;			/* `_id` already stored with the same answers: skipped */
	long changed;			/* `_id` already stored with other answers: skipped, warned */
	long rejected;			/* rejected in the source (review or validation status): skipped */
	long nerrors;			/* problems found; the first IMPORT_MAX_REPORTED are in d */
	long nwarnings;			/* warnings found; likewise */
	int sep;			/* the separator read */
	int hxl;			/* row 2 held HXL hashtags (KoboToolbox): skipped */
	int xlsx;			/* the file was a workbook (its first sheet read) */
	struct strbuf sheets;		/* the workbook's other sheets, not read (Kobo's repeats) */
	struct strbuf ignored;		/* columns not read (source metadata), comma-separated */
	struct strbuf recomputed;	/* calculated columns recomputed rather than read */
	struct strbuf missing;		/* questions without a column */
	struct strbuf unknown;		/* columns naming no question, skipped (ignore_unknown) */
	struct strbuf geopoints;	/* geopoints skipped: "lieu (lieu, lieu-Latitude, ...); ..." */
	struct strbuf metadata;		/* columns of dates, times, device ids naming no question: skipped */
	struct strbuf empty_columns;	/* empty columns naming no question (Kobo, ODK): skipped */
	struct strbuf old_columns;	/* empty columns of another loaded version (Kobo, ODK): skipped */
	struct strbuf repeats;		/* repeats read: "membres (FILE, N rows); ..." */
	struct strbuf no_repeat;	/* repeats without a file or sheet: "membres (FILE), ..." */
	long repeat_rows;		/* rows of the repeats' files read */
};

void import_result_init(struct import_result *res);
void import_result_release(struct import_result *res);

/*
 * Repeats (docs/data.md): the rows of each repeat's file are read first,
 * whole, and joined to the respondents' rows by the respondent's `_id`
 * (KoboToolbox: `_submission__id`; ODK Central: PARENT_KEY) and, for a
 * repeat inside another, by `_parent_index` (ODK: PARENT_KEY) naming the
 * parent's `_index` (ODK: KEY).  Each respondent's instances then go
 * through the rules with the respondent's answers; a problem in an
 * instance is reported at its own file, row and column.  A repeat row
 * whose respondent or parent is not in the files is an error.
 *
 * Read path into survey version survey_version_id of the workspace, whose
 * model is s.  Returns 0 when the rows were stored (or checked, dry run);
 * UT_EDATA when the data has problems, each in d as FILE:ROW:COLUMN
 * (at most IMPORT_MAX_REPORTED errors and as many warnings; res counts
 * all), nothing written; UT_EIO or a UT_E* code with err.  Opens
 * and ends its own transaction.
 */
int import_csv(struct store *st, const struct survey *s, int64_t survey_version_id,
	       const char *path, const struct import_options *opt,
	       struct import_result *res, struct diags *d, struct error *err);

/* "utilis", "kobo", "odk". */
const char *import_layout_name(enum import_layout layout);

#endif
