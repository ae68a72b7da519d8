/*
 * fmt: numbers, p-values, dates and sentence capitals as a reader of a
 * report expects them in French or in English.  French uses a decimal
 * comma, a no-break space (U+00A0) between thousands and before "%", and
 * day-month-year dates in words ("15 janvier 2026"); English uses a point,
 * commas between thousands and "15 January 2026".  Every function writes
 * into the caller's buffer and returns it, so calls nest in a printf.
 */
#ifndef UTILIS_REPORT_FMT_H
#define UTILIS_REPORT_FMT_H

#include <stddef.h>
#include <time.h>

#include "util/numfmt.h"
#include "util/strbuf.h"

/* The no-break space (U+00A0) that keeps "1 000" and "45 %" on one line. */
#define FMT_NBSP NUMFMT_NBSP
/* The dash shown for a missing number. */
#define FMT_DASH NUMFMT_DASH

/* 1 for French ("fr", "fr-FR"...), else 0. */
int fmt_is_fr(const char *lang);

/*
 * v with the given number of decimals, grouped by thousands: "1 234,5"
 * in French, "1,234.5" in English; "–" for NaN, "∞" for infinity.  A
 * value that rounds to zero prints without a minus sign (util/numfmt.h
 * with NUMFMT_GROUP).
 */
const char *fmt_num(char *buf, size_t n, double v, int decimals, const char *lang);
/* A whole count, grouped by thousands ("1 000 000"). */
const char *fmt_count(char *buf, size_t n, size_t v, const char *lang);
/* A percentage with its sign: "45 %" (French, no-break space), "45%" (English). */
const char *fmt_pct(char *buf, size_t n, double v, int decimals, const char *lang);
/*
 * A p-value as it is written in a sentence: "p = 0,02", "p = 0,003",
 * "p < 0,001".  Two decimals from 0.01 up (three near 0.05, so that a
 * value just under 0.05 never reads "0,05"), three below; "p = –" for NaN.
 */
const char *fmt_p(char *buf, size_t n, double p, const char *lang);
/* A calendar date in words, in UTC: "15 janvier 2026", "15 January 2026". */
const char *fmt_date(char *buf, size_t n, time_t t, const char *lang);

/*
 * Append s to sb with its first letter in upper case (ASCII and the
 * accented Latin letters of French: é -> É, à -> À...).  Returns 0 or -1.
 */
int fmt_add_capitalised(struct strbuf *sb, const char *s);

#endif
