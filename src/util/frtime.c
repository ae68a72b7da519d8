/*
 * frtime: stored UTC times as French readers expect them, in Paris time
 * (frtime.h).
 */
#include <stdio.h>
#include <string.h>

#include "util/frtime.h"

/* 00:00 UTC of the last Sunday of month mon (0-11) of year (tm_year form). */
static time_t last_sunday(int year, int mon)
{
	struct tm tm = { 0 };
	time_t t;

	tm.tm_year = year;
	tm.tm_mon = mon + 1;	/* the first of the next month... */
	tm.tm_mday = 1;
	t = timegm(&tm) - 86400;	/* ...less a day: the last of this one */
	gmtime_r(&t, &tm);
	return t - (time_t)tm.tm_wday * 86400;
}

long frtime_days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int frtime_paris_offset(time_t t)
{
	struct tm tm;
	time_t start, end;

	gmtime_r(&t, &tm);
	start = last_sunday(tm.tm_year, 2) + 3600;
	end = last_sunday(tm.tm_year, 9) + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

const char *frtime_format(char *buf, size_t n, const char *iso)
{
	static const char *const month[] = { "janv.", "févr.", "mars", "avr.", "mai", "juin",
					     "juil.", "août", "sept.", "oct.", "nov.", "déc." };
	struct tm tm = { 0 };
	int y, mo, d, h = 0, mi = 0, s = 0, len = 0, date_only;
	time_t t;

	if (n == 0)
		return buf;
	buf[0] = '\0';
	if (!iso)
		return buf;
	if (sscanf(iso, "%4d-%2d-%2d%n", &y, &mo, &d, &len) != 3 || len != 10 || mo < 1 ||
	    mo > 12 || d < 1 || d > 31)
		goto asis;
	date_only = iso[10] == '\0';
	if (!date_only) {
		int len2 = 0;

		if ((iso[10] != 'T' && iso[10] != ' ') ||
		    sscanf(iso + 11, "%2d:%2d%n", &h, &mi, &len2) != 2 || len2 != 5)
			goto asis;
		if (iso[16] == ':' && sscanf(iso + 17, "%2d", &s) != 1)
			goto asis;
		if (h > 23 || mi > 59 || s > 60)
			goto asis;
	}
	if (date_only) {
		snprintf(buf, n, "%d %s %d", d, month[mo - 1], y);
		return buf;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	t += frtime_paris_offset(t);
	gmtime_r(&t, &tm);
	snprintf(buf, n, "%d %s %d %02d:%02d", tm.tm_mday, month[tm.tm_mon], tm.tm_year + 1900,
		 tm.tm_hour, tm.tm_min);
	return buf;
asis:
	snprintf(buf, n, "%s", iso);
	return buf;
}
