/*
 * decimal: numbers written for a program to read back (the XLSX export's
 * cells, the keys of the analysis, CSV files documented for programs):
 * plain ASCII digits, a point, no grouping, nothing that depends on the
 * locale, and a double as the shortest decimal that reads back as the same
 * double.  A number for a reader goes through util/numfmt.h instead.
 *
 * Every function writes at p and returns the count of bytes written, no
 * terminating NUL counted (decimal_double() may write one after them, the
 * integers never do); p has room for DECIMAL_MAX bytes.
 */
#ifndef UTILIS_UTIL_DECIMAL_H
#define UTILIS_UTIL_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* Room for any number of this module: "-1.2345678901234567e-308" is 24. */
#define DECIMAL_MAX 32

/* v's decimal digits ("0", "18446744073709551615"). */
size_t decimal_u64(char *p, uint64_t v);
/* v's decimal digits after a '-' when negative ("-9223372036854775808"). */
size_t decimal_i64(char *p, int64_t v);
/*
 * v (finite) as the shortest decimal that strtod() reads back as v, at
 * most 17 significant digits: an integer below 10^15 as its digits ("42",
 * "-3"), a fraction with a point ("0.1", "-2.5", "45658.5"), otherwise as
 * "%.17g" would write it but no longer than needed ("1e+300",
 * "1.2345678901234567e-05").  NaN and infinities are the caller's to
 * write (CSV leaves them empty, JSON writes null): here "nan", "inf".
 */
size_t decimal_double(char *p, double v);

#endif
