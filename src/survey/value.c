/*
 * value: what counts as an answer to a question.  One function decides it
 * for every way answers come in (defaults in definitions, web forms,
 * imports, simulation), so they cannot disagree.
 */
#include "survey/survey.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 'YYYY-MM-DD' naming a real day between years 1000 and 9999. */
static int valid_date(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (s[10])
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1000 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static int valid_integer(const char *s)
{
	const char *p = s + (*s == '-');
	char *end;
	long long v;

	if (!isdigit((unsigned char)*p) || (p[0] == '0' && p[1]))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	(void)v;
	return !*end && errno != ERANGE && strcmp(s, "-0") != 0;
}

/* -?digits(.digits)? : what a decimal answer looks like once canonical. */
static int valid_decimal(const char *s, double *out)
{
	const char *p = s + (*s == '-');
	char *end;

	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	return errno != ERANGE && isfinite(*out);
}

/*
 * The choice called name (len bytes, not NUL-terminated) in cl, or NULL.
 * Compares without measuring each choice name first: this runs for every
 * answer of an import (40 million times for a million respondents).
 */
static const struct choice *find_choice(const struct choice_list *cl, const char *name,
					size_t len)
{
	size_t i;

	/*
	 * A scale's names are consecutive integers, in increasing or decreasing
	 * order most often: the name's value gives its place, confirmed by the
	 * comparison below (any other order falls back to the scan).
	 */
	if (cl->is_scale && len > 0 && len < 9) {
		long x = 0;
		size_t k = name[0] == '-';

		for (; k < len && name[k] >= '0' && name[k] <= '9'; k++)
			x = x * 10 + (name[k] - '0');
		if (k == len && len > (size_t)(name[0] == '-')) {
			if (name[0] == '-')
				x = -x;
			if (x >= (long)cl->min && x <= (long)cl->max) {
				size_t up = (size_t)(x - (long)cl->min), down = (size_t)((long)cl->max - x);

				if (!strncmp(cl->v[up].name, name, len) && cl->v[up].name[len] == '\0')
					return &cl->v[up];
				if (!strncmp(cl->v[down].name, name, len) && cl->v[down].name[len] == '\0')
					return &cl->v[down];
			}
		}
	}
	for (i = 0; i < cl->n; i++) {
		const char *c = cl->v[i].name;

		if (c[0] == name[0] && !strncmp(c, name, len) && c[len] == '\0')
			return &cl->v[i];
	}
	return NULL;
}

/* Space-separated distinct choice names. */
static int check_multiple(const struct question *q, const char *text, struct strbuf *why)
{
	const char *p = text;
	size_t count = 0;

	if (!*text)
		return strbuf_addstr(why, "no choice given"), -1;
	while (*p) {
		size_t len = strcspn(p, " ");
		const char *q2;

		if (len == 0) {
			strbuf_addstr(why, "choices must be separated by single spaces");
			return -1;
		}
		if (!find_choice(q->list, p, len)) {
			strbuf_addf(why, "'%.*s' is not a choice of list '%s'", (int)len, p,
				    q->list->name);
			return -1;
		}
		/* Duplicates: look for the same word earlier in the text. */
		for (q2 = text; q2 < p; q2 += strcspn(q2, " ") + 1)
			if (strcspn(q2, " ") == len && !memcmp(q2, p, len)) {
				strbuf_addf(why, "choice '%.*s' is given twice", (int)len, p);
				return -1;
			}
		count++;
		p += len;
		if (*p == ' ') {
			p++;
			if (!*p) {
				strbuf_addstr(why, "trailing space after the last choice");
				return -1;
			}
		}
	}
	return 0;
}

int question_check_value(const struct question *q, const char *text, struct strbuf *why)
{
	size_t len = strlen(text);
	double d;

	if (len > SURVEY_MAX_ANSWER && question_has_value(q))
		return strbuf_addf(why, "%zu bytes long: an answer holds at most %u", len,
				   SURVEY_MAX_ANSWER), -1;
	switch (q->type) {
	case Q_INTEGER:
		if (!valid_integer(text))
			return strbuf_addstr(why, "not a whole number"), -1;
		return 0;
	case Q_DECIMAL:
		if (!valid_decimal(text, &d))
			return strbuf_addstr(why, "not a number (digits with an optional '.' and decimals)"), -1;
		return 0;
	case Q_RANGE:
		if (!valid_decimal(text, &d))
			return strbuf_addstr(why, "not a number"), -1;
		if (d < fmin(q->range_start, q->range_end) || d > fmax(q->range_start, q->range_end)) {
			strbuf_addf(why, "outside the range %g to %g", q->range_start, q->range_end);
			return -1;
		} else {
			double k = (d - q->range_start) / q->range_step;

			if (fabs(k - round(k)) > 1e-9) {
				strbuf_addf(why, "not a step of %g from %g", q->range_step, q->range_start);
				return -1;
			}
		}
		return 0;
	case Q_DATE:
		if (!valid_date(text))
			return strbuf_addstr(why, "not a date written YYYY-MM-DD"), -1;
		return 0;
	case Q_SELECT_ONE:
		if (!find_choice(q->list, text, strlen(text))) {
			strbuf_addf(why, "'%s' is not a choice of list '%s'", text, q->list->name);
			return -1;
		}
		return 0;
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
		return check_multiple(q, text, why);
	case Q_TEXT: {
		const char *p;

		if (!utf8_valid(text, len))
			return strbuf_addstr(why, "not valid UTF-8 text"), -1;
		for (p = text; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
				return strbuf_addstr(why, "contains a control character"), -1;
		return 0;
	}
	case Q_CALCULATE:
		if (!utf8_valid(text, len))
			return strbuf_addstr(why, "not valid UTF-8 text"), -1;
		return 0;
	case Q_NOTE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	strbuf_addf(why, "a %s holds no answer", qtype_name(q->type));
	return -1;
}
