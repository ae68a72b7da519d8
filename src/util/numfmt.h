/*
 * numfmt: the one place where utilis writes a number or a p-value for a
 * reader (report/fmt.c, the tables of analysis/output.c, the tables of
 * `prize results`).  Machine outputs (CSV, JSON) do not come here: they
 * write "%.10g" (the analysis's documented 10 digits) or every digit
 * (util/decimal.h) with a point, and leave a missing value empty or null.
 *
 * The rules, the same for every reader's output:
 *  - French ("fr", "fr-FR", "fr_FR") takes a decimal comma, English a point;
 *  - a missing value (NaN) is an en dash "–" (NUMFMT_DASH);
 *  - infinity is "∞" or "-∞";
 *  - a value that rounds to zero is written without a sign: never "-0,0";
 *  - rounding is printf's: the decimal nearest to the binary value, an
 *    exact tie to the even digit (0.125 -> "0.12", 0.375 -> "0.38"; 2.675
 *    is 2.67499999... in binary, so "2.67").  R's format() and sprintf()
 *    round the same way, so that the second opinions agree digit for digit;
 *  - a p-value below 0.001 is "< 0,001", never "0,000".
 * What differs between outputs is asked for explicitly: NUMFMT_GROUP
 * groups thousands ("1 234,5" with a no-break space, "1,234.5"), as a
 * report does; a table column does not.  NUMFMT_TRIM writes a figure of a
 * sentence or of a report's table as short as its value allows ("médiane
 * 7", "6,5"), where a column of figures keeps every decimal.
 */
#ifndef UTILIS_UTIL_NUMFMT_H
#define UTILIS_UTIL_NUMFMT_H

#include <stddef.h>

/* The no-break space (U+00A0) that keeps "1 000" and "45 %" on one line. */
#define NUMFMT_NBSP "\xc2\xa0"
/* A missing number in a reader's output. */
#define NUMFMT_DASH "–"

enum numfmt_flags {
	NUMFMT_GROUP = 1,	/* thousands grouped: "1 234" (fr), "1,234" (en) */
	NUMFMT_TRIM = 2,	/* at most `decimals`, trailing zeros dropped: "7", "6,5" */
};

/* numfmt_p()'s decimals for a sentence: 2 from 0.01 up, 3 below and near 0.05. */
#define NUMFMT_P_SENTENCE (-1)

/* 1 for French ("fr", "fr-FR", "fr_FR"), else 0. */
int numfmt_is_fr(const char *lang);

/*
 * v with the given number of decimals (0 to 20) into buf and returns buf.
 * A number too long for buf is written in exponent form ("1.00e+300"), so
 * that a number is never cut short.
 */
const char *numfmt(char *buf, size_t n, double v, int decimals, unsigned flags,
		   const char *lang);

/* A whole count, grouped by thousands with NUMFMT_GROUP ("1 000 000"). */
const char *numfmt_count(char *buf, size_t n, size_t v, unsigned flags, const char *lang);

/*
 * A p-value with its comparison: "= 0,012", "< 0,001", "= –" when missing.
 * decimals: 3 in tables, NUMFMT_P_SENTENCE in a report's sentences (two
 * decimals from 0.01 up, three below 0.01 and from 0.045 to 0.055 so that a
 * value just under 0.05 never reads "0,05").
 */
const char *numfmt_p(char *buf, size_t n, double p, int decimals, const char *lang);

#endif
