/*
 * html: escaping of untrusted text for HTML pages (see html.h).
 */
#include "collect/html.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

/* What escape() does besides the five characters: */
#define ESC_LINES 1	/* a line break becomes <br> */
#define ESC_GLUE 2	/* a space before : ; ! ? » or after « becomes a no-break space */

static int escape(struct strbuf *sb, const char *str, size_t n, int how)
{
	int lines = how & ESC_LINES;
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;

	while (i < n) {
		const char *rep = NULL;
		size_t len = 1;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case ' ':
			if ((how & ESC_GLUE) && (utf8_glued_before(str + i + 1, n - i - 1) ||
						 utf8_glued_after(str, i)))
				rep = "\xc2\xa0";
			break;
		case '\r':
			if (lines) {
				rep = "";
				break;
			}
			/* fall through */
		case '\n':
			if (lines) {
				rep = "<br>\n";
				break;
			}
			/* fall through */
		default:
			if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') {
				rep = "\xef\xbf\xbd";
			} else if (s[i] >= 0x80) {
				len = utf8_seq(s + i, n - i);
				if (!len) {
					rep = "\xef\xbf\xbd";
					len = 1;
				}
			} else if (s[i] == 0x7f) {
				rep = "\xef\xbf\xbd";
			}
		}
		if (rep) {
			if (strbuf_add(sb, s + i - run, run) < 0 || strbuf_addstr(sb, rep) < 0)
				return -1;
			run = 0;
			i += len;
		} else {
			run += len;
			i += len;
		}
	}
	return strbuf_add(sb, s + n - run, run);
}

int html_escape_n(struct strbuf *sb, const char *s, size_t n)
{
	return s ? escape(sb, s, n, 0) : 0;
}

int html_escape(struct strbuf *sb, const char *s)
{
	return s ? escape(sb, s, strlen(s), 0) : 0;
}

int html_escape_lines(struct strbuf *sb, const char *s)
{
	return s ? escape(sb, s, strlen(s), ESC_LINES | ESC_GLUE) : 0;
}

int html_escape_text(struct strbuf *sb, const char *s)
{
	return s ? escape(sb, s, strlen(s), ESC_GLUE) : 0;
}

/* How vaddf() escapes a %s: for an attribute or for text content. */
enum how_s { S_ESCAPE, S_TEXT };

static int vaddf(struct strbuf *sb, enum how_s how, const char *fmt, va_list ap)
{
	int rc = 0;
	const char *p = fmt;

	while (*p && rc == 0) {
		const char *pct = strchr(p, '%');

		if (!pct) {
			rc = strbuf_addstr(sb, p);
			break;
		}
		rc = strbuf_add(sb, p, (size_t)(pct - p));
		if (rc)
			break;
		if (pct[1] == 's') {
			const char *s = va_arg(ap, const char *);

			rc = how == S_TEXT ? html_escape_text(sb, s) : html_escape(sb, s);
			p = pct + 2;
		} else if (pct[1] == 'd') {
			rc = strbuf_addf(sb, "%d", va_arg(ap, int));
			p = pct + 2;
		} else if (pct[1] == 'z' && pct[2] == 'u') {
			rc = strbuf_addf(sb, "%zu", va_arg(ap, size_t));
			p = pct + 3;
		} else if (pct[1] == '%') {
			rc = strbuf_addch(sb, '%');
			p = pct + 2;
		} else {
			rc = -1;	/* a format this function does not know: a bug */
		}
	}
	return rc;
}

int html_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vaddf(sb, S_ESCAPE, fmt, ap);
	va_end(ap);
	return rc;
}

int html_textf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vaddf(sb, S_TEXT, fmt, ap);
	va_end(ap);
	return rc;
}
