/*
 * fmt: numbers and dates for readers, in French or English (see fmt.h).
 */
#include "report/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int fmt_is_fr(const char *lang)
{
	return lang && lang[0] == 'f' && lang[1] == 'r' && (!lang[2] || lang[2] == '-' || lang[2] == '_');
}

/* Copy digits (with an optional leading '-') into out, grouping by three. */
static void group_digits(char *out, size_t n, const char *digits, const char *sep)
{
	size_t len = strlen(digits), i, o = 0, lead = 0, seplen = strlen(sep);

	if (digits[0] == '-') {
		lead = 1;
		if (o + 1 < n)
			out[o++] = '-';
	}
	for (i = lead; i < len; i++) {
		size_t left = len - i;

		if (i > lead && left % 3 == 0) {
			if (o + seplen >= n)
				break;
			memcpy(out + o, sep, seplen);
			o += seplen;
		}
		if (o + 1 >= n)
			break;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

const char *fmt_num(char *buf, size_t n, double v, int decimals, const char *lang)
{
	char raw[64], ipart[64], *dot;
	int fr = fmt_is_fr(lang);

	if (isnan(v)) {
		snprintf(buf, n, "%s", FMT_DASH);
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, n, "%s", v > 0 ? "∞" : "-∞");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	/* "-0,0" reads as a negative zero: print it unsigned. */
	if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1))
		memmove(raw, raw + 1, strlen(raw));
	dot = strchr(raw, '.');
	if (dot)
		*dot = '\0';
	group_digits(ipart, sizeof(ipart), raw, fr ? FMT_NBSP : ",");
	if (dot)
		snprintf(buf, n, "%s%s%s", ipart, fr ? "," : ".", dot + 1);
	else
		snprintf(buf, n, "%s", ipart);
	return buf;
}

const char *fmt_count(char *buf, size_t n, size_t v, const char *lang)
{
	char raw[32];

	snprintf(raw, sizeof(raw), "%zu", v);
	group_digits(buf, n, raw, fmt_is_fr(lang) ? FMT_NBSP : ",");
	return buf;
}

const char *fmt_pct(char *buf, size_t n, double v, int decimals, const char *lang)
{
	char num[64];

	fmt_num(num, sizeof(num), v, decimals, lang);
	snprintf(buf, n, "%s%s%%", num, fmt_is_fr(lang) ? FMT_NBSP : "");
	return buf;
}

const char *fmt_p(char *buf, size_t n, double p, const char *lang)
{
	char num[32];
	int dec;

	if (isnan(p)) {
		snprintf(buf, n, "p = %s", FMT_DASH);
		return buf;
	}
	if (p < 0.001) {
		snprintf(buf, n, "p < %s", fmt_is_fr(lang) ? "0,001" : "0.001");
		return buf;
	}
	dec = p >= 0.01 ? 2 : 3;
	if (p >= 0.045 && p < 0.055)
		dec = 3;
	fmt_num(num, sizeof(num), p, dec, lang);
	snprintf(buf, n, "p = %s", num);
	return buf;
}

const char *fmt_date(char *buf, size_t n, time_t t, const char *lang)
{
	static const char *const fr[] = { "janvier", "février", "mars", "avril", "mai", "juin",
					  "juillet", "août", "septembre", "octobre", "novembre",
					  "décembre" };
	static const char *const en[] = { "January", "February", "March", "April", "May", "June",
					  "July", "August", "September", "October", "November",
					  "December" };
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, n, "%s", FMT_DASH);
		return buf;
	}
	if (fmt_is_fr(lang))
		snprintf(buf, n, "%d%s %s %d", tm.tm_mday, tm.tm_mday == 1 ? "er" : "",
			 fr[tm.tm_mon], tm.tm_year + 1900);
	else
		snprintf(buf, n, "%d %s %d", tm.tm_mday, en[tm.tm_mon], tm.tm_year + 1900);
	return buf;
}

int fmt_add_capitalised(struct strbuf *sb, const char *s)
{
	unsigned char c0 = (unsigned char)s[0], c1;

	if (c0 >= 'a' && c0 <= 'z') {
		if (strbuf_addch(sb, c0 - 'a' + 'A') < 0)
			return -1;
		return strbuf_addstr(sb, s + 1);
	}
	/* Latin-1 lowercase letters U+00E0..U+00FE (but not U+00F7 ÷) are C3 A0..BE. */
	c1 = (unsigned char)s[1];
	if (c0 == 0xC3 && c1 >= 0xA0 && c1 <= 0xBE && c1 != 0xB7) {
		char up[2] = { (char)0xC3, (char)(c1 - 0x20) };

		if (strbuf_add(sb, up, 2) < 0)
			return -1;
		return strbuf_addstr(sb, s + 2);
	}
	/* œ U+0153 -> Œ U+0152 */
	if (c0 == 0xC5 && c1 == 0x93) {
		if (strbuf_add(sb, "\xc5\x92", 2) < 0)
			return -1;
		return strbuf_addstr(sb, s + 2);
	}
	return strbuf_addstr(sb, s);
}
