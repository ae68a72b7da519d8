/*
 * csvout: the one CSV writer of utilis.  Every CSV that utilis writes —
 * `responses export`, the admin download, `prize results --format csv`,
 * the CSV output of `indicators compute` and `describe`, the links of
 * `invite` — goes through csvout_field(), so that quoting and the defence
 * against formula injection are the same everywhere.
 *
 * Policy (OWASP, "CSV Injection"): a text cell whose first byte is one of
 * = + - @ TAB CR is neutralised: it is written with a single quote before
 * it, and the cell is quoted, so that a spreadsheet shows the text instead
 * of evaluating it as a formula.  A text cell that already starts with a
 * single quote gets one more, so that a reader of utilis's own layout
 * removes exactly one leading quote before a trigger character or a quote
 * (csvout_unneutralise()) and gets the text back byte for byte.  A cell of
 * a numeric column that is a plain number ("-3", "2.5", "2,5", "1e-3") is
 * written as it is; one that is not a plain number is treated as text.
 */
#ifndef UTILIS_CSVOUT_H
#define UTILIS_CSVOUT_H

#include <stddef.h>

struct strbuf;

enum csvout_kind {
	CSVOUT_TEXT,		/* free text: neutralised when it starts with a trigger */
	CSVOUT_NUMBER,		/* a numeric column: a plain number stays as it is */
};

/* 1 when c starts a formula in a spreadsheet (= + - @ TAB CR) or is a single quote. */
int csvout_is_trigger(int c);
/* 1 when the n bytes of s are a plain number: -?digits([.,]digits)?([eE][+-]?digits)? */
int csvout_is_number(const char *s, size_t n);
/*
 * Append the n bytes of s to out as one CSV field, preceded by sep unless
 * first.  The field is quoted when it holds sep, a double quote, CR or LF,
 * starts or ends with a blank, or is neutralised (see above).  s may be
 * NULL (an empty field).  Returns 0, or -1 when out cannot grow.
 */
int csvout_field(struct strbuf *out, int sep, int first, const char *s, size_t n,
		 enum csvout_kind kind);
/* csvout_field() of a NUL-terminated string (NULL: empty). */
int csvout_str(struct strbuf *out, int sep, int first, const char *s, enum csvout_kind kind);
/* End a row: "\n".  0 or -1. */
int csvout_end_row(struct strbuf *out);
/*
 * The inverse of the neutralisation, for a cell read back from a file of
 * utilis's layout: when s starts with a single quote followed by a trigger
 * character or another quote, *n is decreased by one and s + 1 returned;
 * otherwise s itself.
 */
const char *csvout_unneutralise(const char *s, size_t *n);

#endif
