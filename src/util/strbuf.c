/*
 * strbuf: growable NUL-terminated strings with an optional size cap.
 */
#include "strbuf.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char strbuf_empty_[1];

void strbuf_init(struct strbuf *sb, size_t cap)
{
	sb->buf = strbuf_empty_;
	sb->len = 0;
	sb->alloc = 0;
	sb->cap = cap;
	sb->failed = 0;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, sb->cap);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->failed = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
}

/* The one way out of an append that cannot be done: the error sticks. */
static int fail(struct strbuf *sb)
{
	sb->failed = 1;
	return -1;
}

int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need, n;
	char *p;

	if (sb->failed)
		return -1;
	if (extra > (size_t)-1 / 2 - sb->len - 1)
		return fail(sb);
	need = sb->len + extra + 1;
	if (sb->cap && need - 1 > sb->cap)
		return fail(sb);
	if (need <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 64;
	while (n < need)
		n *= 2;
	p = realloc(sb->alloc ? sb->buf : NULL, n);
	if (!p)
		return fail(sb);
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (strbuf_grow(sb, n) < 0)
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_addstr(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	return strbuf_add(sb, &ch, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return fail(sb);
	if (strbuf_grow(sb, (size_t)n) < 0)
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

int strbuf_add_count(struct strbuf *sb, const char *text, long long n)
{
	const char *p;
	int rc = 0;

	while (rc == 0 && (p = strchr(text, '%'))) {
		rc = strbuf_add(sb, text, (size_t)(p - text));
		if (p[1] == 'd') {
			rc |= strbuf_addf(sb, "%lld", n);
			text = p + 2;
		} else if (p[1] == 'z' && p[2] == 'u') {
			rc |= strbuf_addf(sb, "%lld", n);
			text = p + 3;
		} else {
			rc |= strbuf_addch(sb, '%');
			text = p + (p[1] == '%' ? 2 : 1);
		}
	}
	return rc | strbuf_addstr(sb, text);
}

int strbuf_add_cell(struct strbuf *sb, const char *text, size_t width, int right)
{
	size_t len = strlen(text), chars = utf8_chars(text, len), i;
	int rc = 0;

	if (chars > width) {
		size_t keep = 0, c = 0;

		/* the bytes of the first width - 1 characters, then the ellipsis */
		while (keep < len && c + 1 < width) {
			keep++;
			while (keep < len && ((unsigned char)text[keep] & 0xC0) == 0x80)
				keep++;
			c++;
		}
		rc |= strbuf_add(sb, text, keep);
		return rc | (width ? strbuf_addstr(sb, "…") : 0);
	}
	for (i = chars; right && i < width; i++)
		rc |= strbuf_addch(sb, ' ');
	rc |= strbuf_add(sb, text, len);
	for (i = chars; !right && i < width; i++)
		rc |= strbuf_addch(sb, ' ');
	return rc;
}

char *strbuf_detach(struct strbuf *sb, size_t *len_out)
{
	char *p;

	if (sb->failed) {	/* never hand out text with a hole in it */
		strbuf_release(sb);
		if (len_out)
			*len_out = 0;
		return NULL;
	}
	if (len_out)
		*len_out = sb->len;
	if (!sb->alloc) {
		p = malloc(1);
		if (p)
			p[0] = '\0';
	} else {
		p = sb->buf;
	}
	strbuf_init(sb, sb->cap);
	return p;
}

char *xstrdup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}
