/*
 * fmt: numbers and dates for readers, in French or English (see fmt.h);
 * the numbers themselves come from util/numfmt.h.
 */
#include "report/fmt.h"

#include <stdio.h>
#include <string.h>

int fmt_is_fr(const char *lang)
{
	return numfmt_is_fr(lang);
}

const char *fmt_num(char *buf, size_t n, double v, int decimals, const char *lang)
{
	return numfmt(buf, n, v, decimals, NUMFMT_GROUP, lang);
}

const char *fmt_count(char *buf, size_t n, size_t v, const char *lang)
{
	return numfmt_count(buf, n, v, NUMFMT_GROUP, lang);
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
	char cmp[64];

	snprintf(buf, n, "p %s", numfmt_p(cmp, sizeof(cmp), p, NUMFMT_P_SENTENCE, lang));
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
