/*
 * decimal: numbers written for a program to read back (see decimal.h).
 * The integers by their digit loop; a double by the cheapest of three
 * ways that gives the shortest decimal: few places found in double
 * arithmetic, then exact integer arithmetic on the binary fraction, then
 * printf at 15, 16 and 17 significant digits checked with strtod().
 */
#include "util/decimal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t decimal_u64(char *p, uint64_t v)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

size_t decimal_i64(char *p, int64_t v)
{
	if (v < 0) {
		*p = '-';
		return 1 + decimal_u64(p + 1, (uint64_t)0 - (uint64_t)v);
	}
	return decimal_u64(p, (uint64_t)v);
}

/*
 * v (1 <= v < 2^53, a date and time's serial) as the shortest decimal
 * that reads back as v, in exact integer arithmetic: v is I + F / 2^q; the
 * fewest places k for which the nearest C / 10^k lies within half a unit
 * in the last place of F / 2^q.  Its length; 0 for an integer (F = 0) and
 * when none was found (the caller then uses printf).
 */
static size_t frac_shortest(char *p, double v)
{
	int e, q, k;
	uint64_t ip = (uint64_t)v, f;
	unsigned __int128 ten = 1;

	(void)frexp(v, &e);
	q = 53 - e;
	if (q < 1 || q > 60)
		return 0;
	f = (uint64_t)ldexp(v - (double)ip, q);
	if (!f)		/* an integer from 10^15 on: printf's "1e+15", not "1000000000000000.0" */
		return 0;
	for (k = 1; k <= 17; k++) {
		unsigned __int128 num, c, cs, diff;

		ten *= 10;
		num = (unsigned __int128)f * ten;
		c = (num + ((unsigned __int128)1 << (q - 1))) >> q;
		cs = c << q;
		diff = cs > num ? cs - num : num - cs;
		if (c < ten && diff * 2 < ten) {
			size_t n = decimal_u64(p, ip);
			int i;

			p[n++] = '.';
			for (i = k - 1; i >= 0; i--, c /= 10)
				p[n + (size_t)i] = (char)('0' + (int)(c % 10));
			return n + (size_t)k;
		}
	}
	return 0;
}

size_t decimal_double(char *p, double v)
{
	static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8 };
	int prec, k;

	if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		return decimal_i64(p, (int64_t)v);
	/*
	 * A decimal of few places (most answers): the first k for which m / 10^k,
	 * both exact, gives v back is what "%.15g" would print, found without it.
	 */
	for (k = 1; k <= 8 && v > -1e7 && v < 1e7; k++) {
		double m = v * pow10[k];

		if (m == (double)(long long)m && (double)(long long)m / pow10[k] == v) {
			long long im = (long long)m;
			uint64_t u = im < 0 ? (uint64_t)0 - (uint64_t)im : (uint64_t)im;
			char digits[24];
			size_t n = decimal_u64(digits, u), at = 0, i;

			while (k > 0 && digits[n - 1] == '0') {	/* the same decimal, written short */
				n--;
				k--;
			}
			if (im < 0)
				p[at++] = '-';
			if (n <= (size_t)k) {	/* 0.00ddd */
				p[at++] = '0';
				p[at++] = '.';
				for (i = n; i < (size_t)k; i++)
					p[at++] = '0';
				memcpy(p + at, digits, n);
				return at + n;
			}
			memcpy(p + at, digits, n - (size_t)k);
			at += n - (size_t)k;
			p[at++] = '.';
			memcpy(p + at, digits + n - k, (size_t)k);
			return at + (size_t)k;
		}
	}
	if (v >= 1 && v < 9007199254740992.0) {	/* 2^53 */
		size_t n = frac_shortest(p, v);

		if (n)
			return n;
	}
	/* below DBL_MIN fewer digits are significant: 5e-324, not 4.94065645841247e-324 */
	for (prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		int n = snprintf(p, DECIMAL_MAX, "%.*g", prec, v);

		if (prec == 17 || strtod(p, NULL) == v)
			return (size_t)n;
	}
	return 0;
}
