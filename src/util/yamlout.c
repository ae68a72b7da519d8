/*
 * yamlout: strings as double-quoted YAML scalars (see yamlout.h).
 */
#include "util/yamlout.h"

#include <stddef.h>

#include "util/strbuf.h"

/*
 * The code point of the well-formed UTF-8 sequence at s (1 to 4 bytes, its
 * length in *len), or -1 when s does not start one (*len = 1).
 */
static long utf8_next(const unsigned char *s, size_t *len)
{
	long c;
	size_t n, i;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, c = s[0] & 0x07;
	else
		return -1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*len = n;
	return c;
}

int yaml_quote(struct strbuf *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	strbuf_addch(o, '"');
	while (*p) {
		size_t len;
		long c = utf8_next(p, &len);

		if (c == '"' || c == '\\')
			strbuf_addch(o, '\\'), strbuf_addch(o, (int)c);
		else if (c == '\n')
			strbuf_addstr(o, "\\n");
		else if (c == '\r')
			strbuf_addstr(o, "\\r");
		else if (c == '\t')
			strbuf_addstr(o, "\\t");
		else if (c < 0)
			strbuf_addstr(o, "\\uFFFD");
		else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
			strbuf_addf(o, "\\x%02lX", c);
		else if (c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF)
			strbuf_addf(o, "\\u%04lX", c);
		else
			strbuf_add(o, p, len);
		p += len;
	}
	strbuf_addch(o, '"');
	return strbuf_failed(o) ? -1 : 0;
}

int yaml_fr_en(struct strbuf *o, const char *fr, const char *en)
{
	strbuf_addstr(o, "{fr: ");
	yaml_quote(o, fr);
	strbuf_addstr(o, ", en: ");
	yaml_quote(o, en);
	strbuf_addch(o, '}');
	return strbuf_failed(o) ? -1 : 0;
}
