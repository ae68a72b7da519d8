/*
 * stats: distributions, descriptive statistics, intervals and the random
 * generator of the analysis engine (see stats.h; the tests are in tests.c
 * and reliability in alpha.c).  References for every formula are in
 * docs/statistics.md; tests/unit/test_stats.c checks them against R.
 */
#include "analysis/stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

void stats_init(void)
{
	static int done;

	if (!done) {
		gsl_set_error_handler_off();
		done = 1;
	}
}

const char *stat_note_id(enum stat_note note)
{
	switch (note) {
	case STAT_OK: return "ok";
	case STAT_NO_DATA: return "no_data";
	case STAT_TOO_FEW: return "too_few";
	case STAT_NO_VARIANCE: return "no_variance";
	case STAT_ONE_ITEM: return "one_item";
	case STAT_ONE_GROUP: return "one_group";
	case STAT_NO_PAIRS: return "no_pairs";
	case STAT_SUPPRESSED: return "suppressed";
	case STAT_NOT_APPLICABLE: return "not_applicable";
	case STAT_TOO_LARGE: return "too_large";
	}
	return "?";
}

/* --- distributions ----------------------------------------------------------- */

static int dist_reserve(struct dist *d, size_t n)
{
	double *v;
	size_t *c;

	if (n <= d->alloc)
		return 0;
	v = realloc(d->v, n * sizeof(*v));
	if (!v)
		return -1;
	d->v = v;
	c = realloc(d->c, n * sizeof(*c));
	if (!c)
		return -1;
	d->c = c;
	d->alloc = n;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int dist_build_sorted(struct dist *d, double *x, size_t n)
{
	size_t i;

	d->nd = d->n = 0;
	if (n == 0)
		return 0;
	qsort(x, n, sizeof(*x), cmp_double);
	/* Worst case every value distinct; count runs first to size exactly. */
	{
		size_t runs = 1;

		for (i = 1; i < n; i++)
			if (x[i] != x[i - 1])
				runs++;
		if (dist_reserve(d, runs) < 0)
			return -1;
	}
	for (i = 0; i < n; i++) {
		if (d->nd && d->v[d->nd - 1] == x[i]) {
			d->c[d->nd - 1]++;
		} else {
			d->v[d->nd] = x[i] == 0 ? 0.0 : x[i];	/* -0 counts as 0 */
			d->c[d->nd++] = 1;
		}
	}
	d->n = n;
	return 0;
}

/* Distinct values counted in a hash table before giving up and sorting. */
#define DIST_HASH_MAX 4096

struct vc {
	double v;		/* a distinct value */
	size_t c;		/* its count */
};

static int cmp_vc(const void *a, const void *b)
{
	return cmp_double(&((const struct vc *)a)->v, &((const struct vc *)b)->v);
}

/*
 * d from tab[0..nd), distinct values in ascending order with their counts,
 * n values in all; tab freed.  0, or -1 when out of memory (d empty).
 */
static int dist_take(struct dist *d, struct vc *tab, size_t nd, size_t n)
{
	size_t i;

	d->nd = d->n = 0;
	if (dist_reserve(d, nd) < 0) {
		free(tab);
		return -1;
	}
	for (i = 0; i < nd; i++) {
		d->v[i] = tab[i].v;
		d->c[i] = tab[i].c;
	}
	d->nd = nd;
	d->n = n;
	free(tab);
	return 0;
}

int dist_build(struct dist *d, double *x, size_t n)
{
	enum { SLOTS = 2 * DIST_HASH_MAX };	/* a power of two, at most half full */
	struct vc *tab;
	unsigned char *used;
	size_t i, nd = 0;

	if (n < 64)
		return dist_build_sorted(d, x, n);
	tab = malloc(SLOTS * sizeof(*tab));
	used = calloc(SLOTS, 1);
	if (!tab || !used) {
		free(tab);
		free(used);
		return -1;
	}
	for (i = 0; i < n; i++) {
		double v = x[i] == 0 ? 0.0 : x[i];
		uint64_t bits, h;

		memcpy(&bits, &v, sizeof(bits));
		h = (bits * 0x9E3779B97F4A7C15ull) >> (64 - 13);	/* 2^13 = SLOTS */
		while (used[h] && tab[h].v != v)
			h = (h + 1) & (SLOTS - 1);
		if (used[h]) {
			tab[h].c++;
			continue;
		}
		if (nd == DIST_HASH_MAX)
			break;
		used[h] = 1;
		tab[h].v = v;
		tab[h].c = 1;
		nd++;
	}
	if (i < n) {	/* too many distinct values: sort instead */
		free(tab);
		free(used);
		return dist_build_sorted(d, x, n);
	}
	/* Pack the used slots and sort them by value. */
	{
		size_t j = 0;

		for (i = 0; i < SLOTS; i++)
			if (used[i])
				tab[j++] = tab[i];
		assert(j == nd);
	}
	free(used);
	qsort(tab, nd, sizeof(*tab), cmp_vc);
	return dist_take(d, tab, nd, n);
}

int dist_merge(struct dist *d, const struct dist *parts, size_t k)
{
	size_t total = 0, n = 0, i, j, nd = 0;
	struct vc *all;

	for (i = 0; i < k; i++)
		total += parts[i].nd;
	d->nd = d->n = 0;
	if (total == 0)
		return 0;
	all = malloc(total * sizeof(*all));
	if (!all)
		return -1;
	for (i = 0, j = 0; i < k; i++) {
		for (size_t t = 0; t < parts[i].nd; t++, j++) {
			all[j].v = parts[i].v[t];
			all[j].c = parts[i].c[t];
		}
		n += parts[i].n;
	}
	qsort(all, total, sizeof(*all), cmp_vc);
	for (i = 0; i < total; i++)
		if (nd && all[nd - 1].v == all[i].v)
			all[nd - 1].c += all[i].c;
		else
			all[nd++] = all[i];
	return dist_take(d, all, nd, n);
}

void dist_release(struct dist *d)
{
	free(d->v);
	free(d->c);
	memset(d, 0, sizeof(*d));
}

/* The value at 0-based position pos of the sorted data, continuing the walk kept in idx and before. */
static double dist_at(const struct dist *d, size_t pos, size_t *idx, size_t *before)
{
	while (*idx < d->nd && *before + d->c[*idx] <= pos) {
		*before += d->c[*idx];
		(*idx)++;
	}
	assert(*idx < d->nd);
	return d->v[*idx];
}

double dist_quantile(const struct dist *d, double p)
{
	double h, lo, hi, g;
	size_t j, idx = 0, before = 0;

	if (d->n == 0 || !(p >= 0 && p <= 1))
		return NAN;
	h = (double)(d->n - 1) * p;
	j = (size_t)floor(h);
	g = h - (double)j;
	lo = dist_at(d, j, &idx, &before);
	if (g == 0 || j + 1 >= d->n)
		return lo;
	hi = dist_at(d, j + 1, &idx, &before);
	return lo + g * (hi - lo);
}

/* --- descriptive statistics ---------------------------------------------------- */

void summary_extremes(struct summary *s, const struct dist *d, size_t k)
{
	size_t i, seen;

	if (k <= 1 || d->n == 0)
		return;
	s->min = s->max = NAN;
	if (d->n < 2 * k)	/* the two would cross, or be the same people */
		return;
	for (i = 0, seen = 0; i < d->nd; i++)
		if ((seen += d->c[i]) >= k) {
			s->min = d->v[i];
			break;
		}
	for (i = d->nd, seen = 0; i-- > 0;)
		if ((seen += d->c[i]) >= k) {
			s->max = d->v[i];
			break;
		}
}

void summary_of(struct summary *s, const struct dist *d, double conf)
{
	double sum = 0, corr = 0, ss = 0, n;
	size_t i;

	stats_init();
	s->n = d->n;
	s->conf = conf;
	s->mean = s->sd = s->min = s->q1 = s->median = s->q3 = s->max = NAN;
	s->ci_lo = s->ci_hi = NAN;
	if (d->n == 0) {
		s->note = STAT_NO_DATA;
		return;
	}
	n = (double)d->n;
	for (i = 0; i < d->nd; i++)
		sum += d->v[i] * (double)d->c[i];
	s->mean = sum / n;
	/* Second pass, as R's mean(): correct the rounding of the first. */
	for (i = 0; i < d->nd; i++)
		corr += (d->v[i] - s->mean) * (double)d->c[i];
	s->mean += corr / n;
	s->min = d->v[0];
	s->max = d->v[d->nd - 1];
	s->q1 = dist_quantile(d, 0.25);
	s->median = dist_quantile(d, 0.5);
	s->q3 = dist_quantile(d, 0.75);
	if (d->n < 2) {
		s->note = STAT_TOO_FEW;
		return;
	}
	for (i = 0; i < d->nd; i++) {
		double dv = d->v[i] - s->mean;

		ss += dv * dv * (double)d->c[i];
	}
	s->sd = sqrt(ss / (n - 1));
	if (d->nd == 1) {
		s->sd = 0;
		s->note = STAT_NO_VARIANCE;
		return;
	}
	s->note = STAT_OK;
	if (conf > 0 && conf < 1) {
		double t = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, n - 1);
		double half = t * s->sd / sqrt(n);

		if (isfinite(half)) {
			s->ci_lo = s->mean - half;
			s->ci_hi = s->mean + half;
		}
	}
}

int wilson_interval(size_t k, size_t n, double conf, double *lo, double *hi)
{
	double z, p, denom, centre, half, nn = (double)n;

	stats_init();
	*lo = *hi = NAN;
	if (n == 0 || k > n || !(conf > 0 && conf < 1))
		return -1;
	z = gsl_cdf_ugaussian_Pinv(1 - (1 - conf) / 2);
	p = (double)k / nn;
	denom = 1 + z * z / nn;
	centre = p + z * z / (2 * nn);
	half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
	/* The bounds at k = 0 and k = n are exactly 0 and 1; rounding would miss them. */
	*lo = k == 0 ? 0 : fmax(0, (centre - half) / denom);
	*hi = k == n ? 1 : fmin(1, (centre + half) / denom);
	return 0;
}

/* --- random numbers ---------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *g, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		g->s[i] = splitmix64(&seed);
}

/*
 * The characteristic polynomial of xoshiro256's transition T (linear over
 * GF(2)): x^256 + the sum of x^i for the bits i set here.  Found by
 * Berlekamp-Massey on the low bit of s[0] (degree 256: the polynomial is
 * primitive); x^(2^128) modulo it is the generator's published JUMP
 * constant, and test_rng_jump checks jumps against stepping.
 */
static const uint64_t rng_poly[4] = {
	0x9d116f2bb0f0f001ull, 0x0280002bcefd1a5eull, 0x04b4edcf26259f85ull, 0x0003c03c3f3ecb19ull,
};

/* a (degree < 256) times x, modulo the characteristic polynomial. */
static void poly_mulx(uint64_t a[4])
{
	uint64_t top = a[3] >> 63;
	int w;

	for (w = 3; w > 0; w--)
		a[w] = a[w] << 1 | a[w - 1] >> 63;
	a[0] <<= 1;
	if (top)
		for (w = 0; w < 4; w++)
			a[w] ^= rng_poly[w];
}

/* r = a b modulo the characteristic polynomial (r may be a or b). */
static void poly_mulmod(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
	uint64_t acc[4] = { 0 };
	int i, w;

	for (i = 255; i >= 0; i--) {
		poly_mulx(acc);
		if (b[i / 64] >> (i % 64) & 1)
			for (w = 0; w < 4; w++)
				acc[w] ^= a[w];
	}
	memcpy(r, acc, sizeof(acc));
}

void rng_jump_poly(uint64_t jp[4], uint64_t n)
{
	int i;

	memset(jp, 0, 4 * sizeof(*jp));
	jp[0] = 1;
	for (i = 63; i >= 0 && !(n >> i & 1); i--)
		;
	for (; i >= 0; i--) {
		poly_mulmod(jp, jp, jp);
		if (n >> i & 1)
			poly_mulx(jp);
	}
}

void rng_jump(struct rng *g, const uint64_t jp[4])
{
	uint64_t s[4] = { 0 };
	int i, w;

	/* T^n = the sum of jp_i T^i (Cayley-Hamilton): the state is linear */
	for (i = 0; i < 256; i++) {
		if (jp[i / 64] >> (i % 64) & 1)
			for (w = 0; w < 4; w++)
				s[w] ^= g->s[w];
		(void)rng_next(g);
	}
	memcpy(g->s, s, sizeof(s));
}
