/*
 * frtime: a stored UTC time ("2026-12-06T13:05:00Z", as the workspace
 * keeps them) shown as a reader in France expects it: the local time of
 * Europe/Paris, the month abbreviated in French, "6 déc. 2026 14:05".
 * The offset follows the European rule (UTC+1; UTC+2 from the last Sunday
 * of March 01:00 UTC to the last Sunday of October 01:00 UTC), computed
 * here rather than through TZ and localtime(), which a threaded server
 * must not change and a machine may not have.
 */
#ifndef UTILIS_FRTIME_H
#define UTILIS_FRTIME_H

#include <stddef.h>
#include <time.h>

/*
 * Days from 1970-01-01 to y-m-d (m 1-12) in the proleptic Gregorian
 * calendar, negative before: the one day count of the expressions'
 * dates, the SPSS export's and the XLSX export's serial numbers.
 */
long frtime_days_from_civil(long y, int m, int d);
/* Europe/Paris's offset from UTC at instant t, in seconds (3600 or 7200). */
int frtime_paris_offset(time_t t);
/*
 * iso (YYYY-MM-DD, optionally followed by THH:MM[:SS[.fff]] and Z or
 * nothing, which is UTC) as "6 déc. 2026 14:05" in Paris time, or "6 déc.
 * 2026" for a date alone, into buf.  Returns buf; iso unchanged (copied,
 * cut at n - 1 bytes) when it is not such a time; "" for NULL.
 */
const char *frtime_format(char *buf, size_t n, const char *iso);

#endif
