/*
 * csvout: quoting and formula neutralisation of CSV fields (see csvout.h).
 * The buffer grows once per field for the worst case (every byte a quote)
 * and the bytes are then copied: a million rows of forty fields pass here.
 */
#include "util/csvout.h"

#include <string.h>

#include "util/strbuf.h"

int csvout_is_trigger(int c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
	       c == '\'';
}

static size_t digits(const char *s, size_t i, size_t n)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

int csvout_is_number(const char *s, size_t n)
{
	size_t i = 0, j;

	if (i < n && s[i] == '-')
		i++;
	j = digits(s, i, n);
	if (j == i)
		return 0;
	i = j;
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		j = digits(s, i + 1, n);
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		j = digits(s, i, n);
		if (j == i)
			return 0;
		i = j;
	}
	return i == n;
}

int csvout_field(struct strbuf *out, int sep, int first, const char *s, size_t n,
		 enum csvout_kind kind)
{
	char *w;
	size_t i;
	int quote, neutral;

	if (!s)
		n = 0;
	neutral = n > 0 && csvout_is_trigger((unsigned char)s[0]) &&
		  !(kind == CSVOUT_NUMBER && csvout_is_number(s, n));
	quote = neutral || (n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' ||
				      s[n - 1] == '\t'));
	if (out->alloc - out->len < 2 * n + 6 && strbuf_grow(out, 2 * n + 6) < 0)
		return -1;
	w = out->buf + out->len;
	if (!first)
		*w++ = (char)sep;
	for (i = 0; i < n && !quote; i++)
		quote = s[i] == '"' || s[i] == sep || s[i] == '\n' || s[i] == '\r';
	if (!quote) {
		if (n)
			memcpy(w, s, n);
		w += n;
	} else {
		*w++ = '"';
		if (neutral)
			*w++ = '\'';
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				*w++ = '"';
			*w++ = s[i];
		}
		*w++ = '"';
	}
	*w = '\0';
	out->len = (size_t)(w - out->buf);
	return 0;
}

int csvout_str(struct strbuf *out, int sep, int first, const char *s, enum csvout_kind kind)
{
	return csvout_field(out, sep, first, s, s ? strlen(s) : 0, kind);
}

int csvout_end_row(struct strbuf *out)
{
	return strbuf_addch(out, '\n');
}

const char *csvout_unneutralise(const char *s, size_t *n)
{
	if (*n >= 2 && s[0] == '\'' && csvout_is_trigger((unsigned char)s[1])) {
		(*n)--;
		return s + 1;
	}
	return s;
}
