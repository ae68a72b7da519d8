/*
 * utf8: character counting and validation (RFC 3629).
 */
#include "util/utf8.h"

size_t utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		unsigned need, min, cp;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			need = 1; min = 0x80; cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			need = 2; min = 0x800; cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			need = 3; min = 0x10000; cp = c & 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		p += need + 1;
	}
	return 1;
}

long utf8_control(const char *s, size_t n, size_t *at)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
		    (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)) {
			*at = k;
			return c == 0xC2 ? (long)p[i + 1] : (long)c;
		}
		if ((c & 0xC0) != 0x80)
			k++;
	}
	return -1;
}

int utf8_glued_before(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] == ':' || s[0] == ';' || s[0] == '!' || s[0] == '?')
		return 1;
	return n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xBB;	/* » */
}

int utf8_glued_after(const char *s, size_t n)
{
	return n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xAB;	/* « */
}
