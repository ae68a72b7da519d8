/*
 * numfmt: numbers and p-values for a reader, in French or English (see
 * numfmt.h).
 */
#include "util/numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int numfmt_is_fr(const char *lang)
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

/* Drop the sign of a number that rounded to zero ("-0.00" -> "0.00"). */
static void unsigned_zero(char *raw)
{
	if (raw[0] == '-' && strspn(raw + 1, "0.") == strlen(raw + 1))
		memmove(raw, raw + 1, strlen(raw));
}

/* Drop the trailing zeros of raw's decimals, and its point with them ("7.0" -> "7", "6.50" -> "6.5"). */
static void trim_zeros(char *raw)
{
	size_t len = strlen(raw);

	while (len > 0 && raw[len - 1] == '0')
		raw[--len] = '\0';
	if (len > 0 && raw[len - 1] == '.')
		raw[--len] = '\0';
}

/* The decimal point of raw as a comma in French. */
static void decimal_mark(char *raw, int fr)
{
	char *dot = strchr(raw, '.');

	if (fr && dot)
		*dot = ',';
}

const char *numfmt(char *buf, size_t n, double v, int decimals, unsigned flags,
		   const char *lang)
{
	/* DBL_MAX has 309 digits: with 20 decimals and 102 two-byte separators, < 600 */
	char raw[400], out[800], *dot;
	int fr = numfmt_is_fr(lang);

	if (!n)
		return buf;
	if (isnan(v)) {
		snprintf(buf, n, "%s", NUMFMT_DASH);
		return buf;
	}
	if (isinf(v)) {
		snprintf(buf, n, "%s", v > 0 ? "∞" : "-∞");
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 20)
		decimals = 20;
	snprintf(raw, sizeof(raw), "%.*f", decimals, v);
	unsigned_zero(raw);
	if ((flags & NUMFMT_TRIM) && strchr(raw, '.'))
		trim_zeros(raw);
	dot = strchr(raw, '.');
	if (dot)
		*dot = '\0';
	if (flags & NUMFMT_GROUP)
		group_digits(out, sizeof(out), raw, fr ? NUMFMT_NBSP : ",");
	else
		snprintf(out, sizeof(out), "%s", raw);
	if (dot) {
		size_t len = strlen(out);

		snprintf(out + len, sizeof(out) - len, "%s%s", fr ? "," : ".", dot + 1);
	}
	if (strlen(out) < n) {
		memcpy(buf, out, strlen(out) + 1);
		return buf;
	}
	/* Too long for the caller's buffer: the exponent form, never a number cut short. */
	snprintf(raw, sizeof(raw), "%.*e", decimals, v);
	decimal_mark(raw, fr);
	snprintf(buf, n, "%s", raw);
	return buf;
}

const char *numfmt_count(char *buf, size_t n, size_t v, unsigned flags, const char *lang)
{
	char raw[32];

	snprintf(raw, sizeof(raw), "%zu", v);
	if (flags & NUMFMT_GROUP)
		group_digits(buf, n, raw, numfmt_is_fr(lang) ? NUMFMT_NBSP : ",");
	else
		snprintf(buf, n, "%s", raw);
	return buf;
}

const char *numfmt_p(char *buf, size_t n, double p, int decimals, const char *lang)
{
	char num[64];

	if (isnan(p)) {
		snprintf(buf, n, "= %s", NUMFMT_DASH);
		return buf;
	}
	if (p < 0.001) {
		snprintf(buf, n, "< %s", numfmt_is_fr(lang) ? "0,001" : "0.001");
		return buf;
	}
	if (decimals == NUMFMT_P_SENTENCE) {
		decimals = p >= 0.01 ? 2 : 3;
		if (p >= 0.045 && p < 0.055)
			decimals = 3;
	}
	numfmt(num, sizeof(num), p, decimals, 0, lang);
	snprintf(buf, n, "= %s", num);
	return buf;
}
