/*
 * value: what counts as an answer to a question.  One function decides it
 * for every way answers come in (defaults in definitions, web forms,
 * imports, simulation), so they cannot disagree.
 */
#include "survey/survey.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
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

/* FNV-1a of the len bytes at s: choice names are short, often one byte. */
static size_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ^ (h >> 15);
}

int choice_list_index(struct choice_list *cl, struct arena *a)
{
	size_t size = 4, i;

	cl->index = NULL;
	cl->index_mask = 0;
	cl->one = NULL;
	if (!cl->n)
		return 0;
	cl->one = arena_alloc(a, 256 * sizeof(*cl->one));
	if (!cl->one)
		return -1;
	memset(cl->one, 0, 256 * sizeof(*cl->one));
	for (i = cl->n; i-- > 0;)	/* backwards: the first of a name given twice wins */
		if (cl->v[i].name[0] && !cl->v[i].name[1])
			cl->one[(unsigned char)cl->v[i].name[0]] = (unsigned)i + 1;
	while (size < 2 * cl->n)
		size *= 2;
	cl->index = arena_alloc(a, size * sizeof(*cl->index));
	if (!cl->index)
		return -1;
	memset(cl->index, 0, size * sizeof(*cl->index));
	cl->index_mask = size - 1;
	for (i = 0; i < cl->n; i++) {
		size_t len = strlen(cl->v[i].name), at = name_hash(cl->v[i].name, len) & cl->index_mask;

		for (;; at = (at + 1) & cl->index_mask) {
			struct choice_slot *sl = &cl->index[at];

			if (!sl->choice) {
				sl->choice = (unsigned)i + 1;
				sl->len = (unsigned)len;
				break;
			}
			if (sl->len == len && !memcmp(cl->v[sl->choice - 1].name, cl->v[i].name, len))
				break;	/* the same name again: the first one is found */
		}
	}
	return 0;
}

const struct choice *choice_find(const struct choice_list *cl, const char *name, size_t len)
{
	size_t i;

	if (!cl)
		return NULL;
	if (len == 1 && cl->index && cl->one) {	/* a Likert answer: one look */
		unsigned k = cl->one[(unsigned char)name[0]];

		return k ? &cl->v[k - 1] : NULL;
	}
	if (cl->index) {
		for (i = name_hash(name, len) & cl->index_mask;; i = (i + 1) & cl->index_mask) {
			const struct choice_slot *sl = &cl->index[i];

			const char *c;
			size_t k;

			if (!sl->choice)
				return NULL;
			if (sl->len != len)
				continue;
			/* names are short: compared here rather than by a call */
			for (c = cl->v[sl->choice - 1].name, k = 0; k < len && c[k] == name[k]; k++)
				;
			if (k == len)
				return &cl->v[sl->choice - 1];
		}
	}
	for (i = 0; i < cl->n; i++) {
		const char *c = cl->v[i].name;

		if (!strncmp(c, name, len) && c[len] == '\0')
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
		if (!choice_find(q->list, p, len)) {
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
	return question_check_value_n(q, text, strlen(text), why);
}

int question_check_value_n(const struct question *q, const char *text, size_t len,
			   struct strbuf *why)
{
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
		if (!choice_find(q->list, text, len)) {
			strbuf_addf(why, "'%s' is not a choice of list '%s'", text, q->list->name);
			return -1;
		}
		return 0;
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
		return check_multiple(q, text, why);
	case Q_TEXT: {
		size_t at;

		if (!utf8_valid(text, len))
			return strbuf_addstr(why, "not valid UTF-8 text"), -1;
		/* the rule of the definitions' texts: DEL and C1 (U+0080-U+009F) too */
		if (utf8_control(text, len, &at) >= 0)
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
