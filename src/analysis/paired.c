/*
 * paired: the tests of a panel, where the same people answered two waves
 * and each person gives one difference (after - before) — Student's paired
 * t with its interval, Wilcoxon's signed-rank test and McNemar's test of a
 * yes/no answer (see stats.h).  Each follows the R function named in its
 * contract, R's choices of exact or approximate p-values and corrections
 * included; tests/unit/test_paired.c checks them against R's own output
 * (tests/data/stats/paired.R).
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

static void paired_reset(struct test_result *r, enum test_kind kind, size_t n)
{
	stats_init();
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->statistic = r->df = r->df2 = r->p = r->effect = r->estimate = NAN;
	r->min_expected = NAN;
	r->n = n;
	r->ngroups = 2;
}

void test_paired_t(struct test_result *r, double *lo, double *hi, const double *d, size_t n,
		   double conf)
{
	double mean = 0, ss = 0, sd, se, q;
	size_t i;

	paired_reset(r, TEST_PAIRED_T, n);
	*lo = *hi = NAN;
	if (n < 2) {
		r->note = n ? STAT_TOO_FEW : STAT_NO_DATA;
		return;
	}
	for (i = 0; i < n; i++)
		mean += d[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		ss += (d[i] - mean) * (d[i] - mean);
	sd = sqrt(ss / (double)(n - 1));
	r->estimate = mean;
	if (!(sd > 0)) {
		r->note = STAT_NO_VARIANCE;
		return;
	}
	se = sd / sqrt((double)n);
	r->statistic = mean / se;
	r->df = (double)(n - 1);
	r->p = 2 * gsl_cdf_tdist_Q(fabs(r->statistic), r->df);
	if (!(conf > 0 && conf < 1))
		conf = 0.95;
	q = gsl_cdf_tdist_Pinv(1 - (1 - conf) / 2, r->df);
	*lo = mean - q * se;
	*hi = mean + q * se;
	r->effect_kind = EFFECT_DZ;
	r->effect = mean / sd;
	r->note = STAT_OK;
}

struct absval {
	double a;		/* |d| */
	int pos;		/* d > 0 */
};

static int cmp_abs(const void *x, const void *y)
{
	double a = ((const struct absval *)x)->a, b = ((const struct absval *)y)->a;

	return (a > b) - (a < b);
}

/*
 * P(V <= q) for n differences without ties, from the exact distribution:
 * the number of subsets of {1..n} with each rank sum, over 2^n (R's
 * psignrank).  Returns NaN when out of memory.
 */
static double psignrank(double q, size_t n)
{
	size_t vmax = n * (n + 1) / 2, k, v;
	double *cnt, below = 0, total = 0;

	if (q < 0)
		return 0;
	cnt = calloc(vmax + 1, sizeof(*cnt));
	if (!cnt)
		return NAN;
	cnt[0] = 1;
	for (k = 1; k <= n; k++)
		for (v = k * (k + 1) / 2; v >= k; v--)
			cnt[v] += cnt[v - k];
	for (v = 0; v <= vmax; v++) {
		total += cnt[v];
		if ((double)v <= q)
			below += cnt[v];
	}
	free(cnt);
	return below / total;
}

int test_signed_rank(struct test_result *r, const double *d, size_t n, enum alternative alt)
{
	struct absval *a;
	size_t m = 0, i, j;
	double V = 0, tie = 0, nn, z, sigma, corr;
	int ties = 0, zeros = 0;

	paired_reset(r, TEST_SIGNED_RANK, n);
	if (n == 0) {
		r->note = STAT_NO_DATA;
		return 0;
	}
	a = malloc(n * sizeof(*a));
	if (!a)
		return -1;
	for (i = 0; i < n; i++) {
		if (d[i] == 0) {
			zeros = 1;
			continue;
		}
		a[m].a = fabs(d[i]);
		a[m++].pos = d[i] > 0;
	}
	qsort(a, m, sizeof(*a), cmp_abs);
	/* Mid-ranks of |d| over runs of equal values; the tie term sum(t^3 - t). */
	for (i = 0; i < m; i = j) {
		double t, rank;

		for (j = i + 1; j < m && a[j].a == a[i].a; j++)
			;
		t = (double)(j - i);
		rank = ((double)i + 1 + (double)j) / 2;
		if (t > 1) {
			ties = 1;
			tie += t * t * t - t;
		}
		for (size_t k = i; k < j; k++)
			if (a[k].pos)
				V += rank;
	}
	free(a);
	nn = (double)m;
	r->statistic = V;
	/* The normal approximation's z: the p-value when not exact, and the effect always. */
	z = V - nn * (nn + 1) / 4;
	sigma = sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - tie / 48);
	if (m == 0 || !(sigma > 0)) {
		r->note = STAT_NO_VARIANCE;
		return 0;
	}
	r->effect_kind = EFFECT_R_Z;
	r->effect = ((z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sigma) / sqrt(nn);
	if (m < 50 && !ties && !zeros) {
		double p;

		r->exact = 1;
		switch (alt) {
		case ALT_GREATER:
			p = 1 - psignrank(V - 1, m);
			break;
		case ALT_LESS:
			p = psignrank(V, m);
			break;
		default:
			p = V > nn * (nn + 1) / 4 ? 1 - psignrank(V - 1, m) : psignrank(V, m);
			p = fmin(2 * p, 1);
		}
		if (isnan(p))
			return -1;
		r->p = p;
	} else {
		switch (alt) {
		case ALT_GREATER: corr = 0.5; break;
		case ALT_LESS: corr = -0.5; break;
		default: corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
		}
		r->corrected = 1;
		z = (z - corr) / sigma;
		switch (alt) {
		case ALT_LESS: r->p = gsl_cdf_ugaussian_P(z); break;
		case ALT_GREATER: r->p = gsl_cdf_ugaussian_Q(z); break;
		default: r->p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
		}
	}
	r->note = STAT_OK;
	return 0;
}

void test_mcnemar(struct test_result *r, const double *t)
{
	double b = t[1], c = t[2], diff = fabs(b - c);

	paired_reset(r, TEST_MCNEMAR, (size_t)(t[0] + t[1] + t[2] + t[3]));
	if (!(b + c > 0)) {
		r->note = STAT_NO_VARIANCE;
		return;
	}
	if (diff != 0) {
		diff -= 1;
		r->corrected = 1;
	}
	r->statistic = diff * diff / (b + c);
	r->df = 1;
	r->p = gsl_cdf_chisq_Q(r->statistic, 1);
	r->note = STAT_OK;
}
