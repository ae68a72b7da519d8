/*
 * bootstrap: the percentile bootstrap of a statistic of column means (see
 * stats.h), used for the interval of the composite index.
 *
 * Cost.  A replicate draws m rows; with B replicates the work is B m k.
 * For a million respondents the ordinary bootstrap would draw two billion
 * rows to learn what a sample of ten thousand already tells: the width of
 * the interval shrinks as 1/sqrt(n), which the m-out-of-n rescaling applies
 * exactly, while the Monte Carlo error of the 2.5% and 97.5% quantiles of
 * B = 2000 replicates (about 3% of the half-width) is far larger than the
 * error of estimating the spread from 10,000 rows instead of all (about 0.7%).
 * So no more than max_m rows are ever resampled (docs/statistics.md).
 * The sample of m rows is drawn by a partial Fisher-Yates shuffle that
 * keeps only the positions it moved (a small hash), not a copy of all n
 * row numbers: the same rows in the same order, without touching n.
 *
 * The rows resampled are first copied into a compact block (value with 0
 * for missing, and a 0/1 weight) so that the inner loop has no branch and
 * stays in cache; up to BOOT_LANES columns the block has a fixed width (one
 * 64-byte cache line a row, values as float summed in double, counts as
 * integers), so that the sums stay in registers and the additions are
 * vectorised.  Single precision changes a 0-100 score by at most 1e-5, far
 * below what an interval shows and its Monte Carlo error.
 *
 * Exact sums in integers.  When every value of the block is a multiple of
 * 2^-S and m times the largest of them is below 2^(53-S) (scores averaged
 * from a few answers always are: 100 (x - min) / (max - min) as a float
 * needs some twenty bits after the point), every partial sum of a
 * replicate, in whatever order, is a multiple of 2^-S below 2^(53-S): a
 * double holds it exactly, so the double sums above never round, and the
 * sum of the integers v 2^S is the same number.  The block then holds, per
 * column, one 64-bit integer v 2^S 2^CB + w (CB bits for the count): a row
 * is one integer addition per column, on a 1-cycle chain rather than a
 * 3-cycle float one, and the means come out the same to the bit.  Any
 * other block takes the float loop.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Columns handled by the fixed-width inner loop. */
#define BOOT_LANES 8

/*
 * A resampled row of the fixed-width loop: one 64-byte cache line.  The
 * counts are integers (exact either way, and integer additions are
 * cheaper than converting and adding doubles): the same means as before.
 */
struct boot_row {
	float v[BOOT_LANES];		/* values, 0 for missing */
	uint32_t w[BOOT_LANES];		/* 1: a value, 0: missing */
};

/* Column means of the rows idx[0..n) (or 0..n-1) into means (NaN without values). */
static void column_means(const double *rows, size_t k, const size_t *idx, size_t n,
			 double *sum, double *cnt, double *means)
{
	size_t i, d;

	for (d = 0; d < k; d++)
		sum[d] = cnt[d] = 0;
	for (i = 0; i < n; i++) {
		const double *row = rows + (idx ? idx[i] : i) * k;

		for (d = 0; d < k; d++)
			if (!isnan(row[d])) {
				sum[d] += row[d];
				cnt[d]++;
			}
	}
	for (d = 0; d < k; d++)
		means[d] = cnt[d] > 0 ? sum[d] / cnt[d] : NAN;
}

/*
 * The fixed-point form of a block (see the head of this file): the scale
 * S and count bits CB such that every value v is q 2^-S with q an integer,
 * and m |q| stays below 2^(53) and 2^(63 - CB).  Returns 1 with *S and
 * *cb, or 0 when the values do not allow it.
 */
static int fixed_scale(const struct boot_row *block, size_t m, size_t k, int *S, int *cb)
{
	int need = 0, c = 0, e, lim;
	double amax = 0;
	size_t i, d;

	while (c < 62 && ((size_t)1 << c) <= m)
		c++;
	for (i = 0; i < m; i++)
		for (d = 0; d < k; d++) {
			double v = block[i].v[d], f;
			uint32_t mant;
			int bits;

			if (v == 0)
				continue;
			if (!isfinite(v))
				return 0;
			/* v = mant 2^(e - 24) with a 24-bit mant: its last set bit says how fine */
			f = frexp(fabs(v), &e);
			mant = (uint32_t)ldexp(f, 24);
			bits = 24 - e - __builtin_ctz(mant);
			if (bits > need)
				need = bits;
			if (fabs(v) > amax)
				amax = fabs(v);
		}
	if (need < 0)
		need = 0;
	if (need > 900)
		return 0;
	/* m |q| < 2^min(53, 63 - c); amax 2^need m is exact but for the last product's rounding */
	lim = 63 - c < 53 ? 63 - c : 53;
	if (ldexp(amax, need) * (double)m >= ldexp(1, lim))
		return 0;
	*S = need;
	*cb = c;
	return 1;
}

/*
 * B replicates of m draws from a fixed-point block of K columns (K a
 * constant where it is called, so that the row is a few integer vector
 * additions): each replicate's statistic into rep[], as the float loop.
 */
static inline __attribute__((always_inline)) void fixed_reps(const int64_t *fx, size_t K, size_t k, size_t m, int S, int cb,
			      struct rng *g, size_t nboot,
			      double (*stat)(void *ctx, const double *means), void *ctx,
			      double *means, struct boot_result *r, double *rep)
{
	const int64_t mask = ((int64_t)1 << cb) - 1;
	size_t b, i, d;

	for (b = 0; b < nboot; b++) {
		int64_t acc[BOOT_LANES] = { 0 };
		double t;

		for (i = 0; i < m; i++) {
			const int64_t *row = fx + (size_t)rng_below(g, m) * K;

#pragma GCC unroll 8
			for (d = 0; d < K; d++)
				acc[d] += row[d];
		}
		for (d = 0; d < k; d++) {
			int64_t n = acc[d] & mask;

			means[d] = n > 0 ? ldexp((double)((acc[d] - n) / ((int64_t)1 << cb)), -S) /
					   (double)n : NAN;
		}
		t = stat(ctx, means);
		if (isfinite(t))
			rep[r->nvalid++] = t;
	}
}

/* One hash entry of the sparse shuffle: position + 1 (0: empty) and the row there. */
struct moved {
	size_t pos1, row;
};

/* The row at position p of the shuffle: moved there, or idx[p] (p). */
static size_t moved_get(const struct moved *h, size_t mask, const size_t *idx, size_t p)
{
	size_t k = (p * 0x9E3779B97F4A7C15ull) >> 20 & mask;

	for (; h[k].pos1; k = (k + 1) & mask)
		if (h[k].pos1 == p + 1)
			return h[k].row;
	return idx ? idx[p] : p;
}

static void moved_set(struct moved *h, size_t mask, size_t p, size_t row)
{
	size_t k = (p * 0x9E3779B97F4A7C15ull) >> 20 & mask;

	for (; h[k].pos1 && h[k].pos1 != p + 1; k = (k + 1) & mask)
		;
	h[k].pos1 = p + 1;
	h[k].row = row;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Type 7 quantile of sorted x[0..n). */
static double sorted_quantile(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p, g;
	size_t j = (size_t)floor(h);

	g = h - (double)j;
	if (j + 1 >= n)
		return x[n - 1];
	return x[j] + g * (x[j + 1] - x[j]);
}

int boot_means(struct boot_result *r, const double *rows, size_t k, const size_t *idx,
	       size_t n, double (*stat)(void *ctx, const double *means), void *ctx,
	       size_t nboot, size_t max_m, double conf, uint64_t seed)
{
	double *sum = NULL, *cnt = NULL, *means = NULL, *val = NULL, *w = NULL, *rep = NULL;
	struct boot_row *block = NULL;	/* k <= BOOT_LANES: per row, values and 0/1 weights */
	int64_t *fx = NULL;		/* the block in fixed point, when exact (fixed_scale) */
	struct moved *moved = NULL;	/* the positions the shuffle moved */
	size_t *pick = NULL, m, i, b, d, hmask = 0, nfloat = nboot; /* replicates of the float loop */
	double theta_s;
	struct rng g;
	int rc = -1, S, cb;

	memset(r, 0, sizeof(*r));
	r->estimate = r->lo = r->hi = NAN;
	r->n = n;
	r->nboot = nboot;
	sum = malloc((k + 1) * sizeof(*sum));
	cnt = malloc((k + 1) * sizeof(*cnt));
	means = malloc((k + 1) * sizeof(*means));
	if (!sum || !cnt || !means)
		goto out;
	column_means(rows, k, idx, n, sum, cnt, means);
	r->estimate = stat(ctx, means);
	rc = 0;
	if (isnan(r->estimate)) {
		r->note = STAT_NO_DATA;
		goto out;
	}
	if (n < 2 || nboot < 2 || !(conf > 0 && conf < 1)) {
		r->note = STAT_TOO_FEW;
		goto out;
	}
	rc = -1;
	rng_seed(&g, seed);
	m = max_m > 1 && n > max_m ? max_m : n;
	r->m = m;
	pick = malloc(m * sizeof(*pick));
	if (k <= BOOT_LANES)
		block = calloc(m, sizeof(*block));
	else {
		val = malloc(m * k * sizeof(*val));
		w = malloc(m * k * sizeof(*w));
	}
	rep = malloc(nboot * sizeof(*rep));
	if (!pick || (k <= BOOT_LANES ? !block : !val || !w) || !rep)
		goto out;
	/*
	 * Simple random sample of m rows without replacement: a partial
	 * Fisher-Yates shuffle of idx[0..n), the positions it moves kept in a
	 * hash (at most 2m of them) rather than in a copy of the n rows.
	 */
	if (m < n) {
		for (hmask = 1; hmask < 4 * m; hmask <<= 1)
			;
		moved = calloc(hmask, sizeof(*moved));
		if (!moved)
			goto out;
		hmask--;
		for (i = 0; i < m; i++) {
			size_t j = i + (size_t)rng_below(&g, n - i);
			size_t ri = moved_get(moved, hmask, idx, i), rj = moved_get(moved, hmask, idx, j);

			/* position i is not read again: only j needs its new row */
			moved_set(moved, hmask, j, ri);
			pick[i] = rj;
		}
	} else {
		for (i = 0; i < m; i++)
			pick[i] = idx ? idx[i] : i;
	}
	for (i = 0; i < m; i++) {
		const double *row = rows + pick[i] * k;

		for (d = 0; d < k; d++) {
			int miss = isnan(row[d]);

			if (k <= BOOT_LANES) {
				block[i].v[d] = miss ? 0 : (float)row[d];
				block[i].w[d] = miss ? 0 : 1;
			} else {
				val[i * k + d] = miss ? 0 : row[d];
				w[i * k + d] = miss ? 0 : 1;
			}
		}
	}
	column_means(rows, k, pick, m, sum, cnt, means);
	theta_s = stat(ctx, means);
	if (k <= BOOT_LANES && fixed_scale(block, m, k, &S, &cb)) {
		/* rows of K = k rounded up to an even number of columns */
		size_t K = k <= 2 ? 2 : k <= 4 ? 4 : k <= 6 ? 6 : 8;

		fx = malloc(m * K * sizeof(*fx));
		if (!fx)
			goto out;
		for (i = 0; i < m; i++)
			for (d = 0; d < K; d++)
				fx[i * K + d] = d < k && block[i].w[d] ?
						(int64_t)ldexp(block[i].v[d], S) * ((int64_t)1 << cb) + 1 : 0;
		/* a constant K each: the compiler unrolls the row into vector additions */
		switch (K) {
		case 2: fixed_reps(fx, 2, k, m, S, cb, &g, nboot, stat, ctx, means, r, rep); break;
		case 4: fixed_reps(fx, 4, k, m, S, cb, &g, nboot, stat, ctx, means, r, rep); break;
		case 6: fixed_reps(fx, 6, k, m, S, cb, &g, nboot, stat, ctx, means, r, rep); break;
		default: fixed_reps(fx, 8, k, m, S, cb, &g, nboot, stat, ctx, means, r, rep); break;
		}
		nfloat = 0;
	}
	for (b = 0; b < nfloat; b++) {
		double t;

		if (k <= BOOT_LANES) {
			/* Fixed width: the compiler keeps the sums in registers and vectorises. */
			double ls[BOOT_LANES] = { 0 };
			uint32_t lc[BOOT_LANES] = { 0 };

			for (i = 0; i < m; i++) {
				const struct boot_row *row = &block[rng_below(&g, m)];

				/* unrolled, so that the sums stay in registers rather than memory */
#pragma GCC unroll 8
				for (d = 0; d < BOOT_LANES; d++) {
					ls[d] += row->v[d];
					lc[d] += row->w[d];
				}
			}
			for (d = 0; d < k; d++)
				means[d] = lc[d] > 0 ? ls[d] / (double)lc[d] : NAN;
		} else {
			for (d = 0; d < k; d++)
				sum[d] = cnt[d] = 0;
			for (i = 0; i < m; i++) {
				size_t row = (size_t)rng_below(&g, m) * k;

				for (d = 0; d < k; d++) {
					sum[d] += val[row + d];
					cnt[d] += w[row + d];
				}
			}
			for (d = 0; d < k; d++)
				means[d] = cnt[d] > 0 ? sum[d] / cnt[d] : NAN;
		}
		t = stat(ctx, means);
		if (isfinite(t))
			rep[r->nvalid++] = t;
	}
	rc = 0;
	if ((double)r->nvalid < 0.99 * (double)nboot || r->nvalid < 2) {
		r->note = STAT_TOO_FEW;
		goto out;
	}
	qsort(rep, r->nvalid, sizeof(*rep), cmp_dbl);
	r->lo = sorted_quantile(rep, r->nvalid, (1 - conf) / 2);
	r->hi = sorted_quantile(rep, r->nvalid, 1 - (1 - conf) / 2);
	if (m < n) {
		double f = sqrt((double)m / (double)n);

		r->lo = r->estimate + f * (r->lo - theta_s);
		r->hi = r->estimate + f * (r->hi - theta_s);
	}
	r->note = STAT_OK;
out:
	free(sum);
	free(cnt);
	free(means);
	free(val);
	free(w);
	free(block);
	free(fx);
	free(moved);
	free(rep);
	free(pick);
	return rc;
}
