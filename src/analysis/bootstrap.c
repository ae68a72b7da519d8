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
 *
 * The rows resampled are first copied into a compact block (value with 0
 * for missing, and a 0/1 weight) so that the inner loop has no branch and
 * stays in cache; up to BOOT_LANES columns the block has a fixed width (one
 * 64-byte cache line a row, values as float summed in double, counts as
 * integers), so that the
 * sums stay in registers and the additions are vectorised.  Single
 * precision changes a 0-100 score by at most 1e-5, far below what an
 * interval shows and its Monte Carlo error.
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
	size_t *pick = NULL, m, i, b, d;
	double theta_s;
	struct rng g;
	int rc = -1;

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
	pick = malloc(n * sizeof(*pick));
	if (k <= BOOT_LANES)
		block = calloc(m, sizeof(*block));
	else {
		val = malloc(m * k * sizeof(*val));
		w = malloc(m * k * sizeof(*w));
	}
	rep = malloc(nboot * sizeof(*rep));
	if (!pick || (k <= BOOT_LANES ? !block : !val || !w) || !rep)
		goto out;
	for (i = 0; i < n; i++)
		pick[i] = idx ? idx[i] : i;
	/* Simple random sample of m rows without replacement: a partial Fisher-Yates shuffle. */
	if (m < n)
		for (i = 0; i < m; i++) {
			size_t j = i + (size_t)rng_below(&g, n - i), t = pick[i];

			pick[i] = pick[j];
			pick[j] = t;
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
	for (b = 0; b < nboot; b++) {
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
	free(rep);
	free(pick);
	return rc;
}
