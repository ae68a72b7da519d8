/*
 * store/clock: the time of a change, UTC or $UTILIS_NOW (store_now).
 *
 * Timestamps are UTC 'YYYY-MM-DDTHH:MM:SSZ'.  The environment variable
 * UTILIS_NOW, in that same format, replaces the clock, so that command-line
 * tests get stable output.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/internal.h"

/* --- time ------------------------------------------------------------- */

static int digits(const char *s, int n, int lo, int hi)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/*
 * The current time as UTC 'YYYY-MM-DDTHH:MM:SSZ' in buf.  UTILIS_NOW, when
 * set and not empty, is used instead of the clock (command-line tests set
 * it for stable output); it must have that same form, else UT_EDATA.
 */
int store_now(struct store *st, char buf[21], struct error *err)
{
	const char *env = getenv("UTILIS_NOW");
	time_t t;
	struct tm tm;

	if (env && *env) {
		if (strlen(env) != 20 || env[4] != '-' || env[7] != '-' || env[10] != 'T' ||
		    env[13] != ':' || env[16] != ':' || env[19] != 'Z' ||
		    !digits(env, 4, 0, 9999) || !digits(env + 5, 2, 1, 12) ||
		    !digits(env + 8, 2, 1, 31) || !digits(env + 11, 2, 0, 23) ||
		    !digits(env + 14, 2, 0, 59) || !digits(env + 17, 2, 0, 60)) {
			error_set(err, "UTILIS_NOW is '%s', not a UTC time like "
				  "'2024-01-31T12:00:00Z'", env);
			return UT_EDATA;
		}
		memcpy(buf, env, 21);
		return 0;
	}
	t = time(NULL);
	if (t != st->clock_sec || !st->clock_text[0]) {
		/* a bulk import stamps many rows in the same second */
		if (!gmtime_r(&t, &tm) ||
		    strftime(st->clock_text, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20) {
			st->clock_text[0] = '\0';
			error_set(err, "cannot read the clock");
			return UT_EIO;
		}
		st->clock_sec = t;
	}
	memcpy(buf, st->clock_text, 21);
	return 0;
}
