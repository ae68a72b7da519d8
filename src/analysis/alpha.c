/*
 * alpha: Cronbach's alpha as psych::alpha (Revelle) computes it, from the
 * pairwise covariance matrix of the items (see stats.h).  The sums are fed
 * one respondent at a time so that a million respondents cost k^2 sums and
 * no copy of the answers.
 *
 * With C the covariance matrix of k items and R its correlation matrix
 * (psych: C <- cov(x, use = "pairwise"); R <- cov2cor(C)):
 *   raw alpha          (k/(k-1)) (1 - tr(C) / sum(C))
 *   standardised       (k/(k-1)) (1 - k / sum(R))
 *   average r          (sum(R) - k) / (k(k-1))
 *   alpha if deleted   the same on C and R without item i
 *   item-rest r        (sum(C[,i]) - C[i,i]) / sqrt(C[i,i] sum(C[-i,-i]))
 * An item whose answers are all equal is left out first, as psych::alpha
 * does by default (delete = TRUE: "Item = x had no variance and was
 * deleted"): every figure above is then that of the other items.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int alpha_acc_init(struct alpha_acc *a, size_t k, double center)
{
	memset(a, 0, sizeof(*a));
	a->k = k;
	a->center = center;
	a->npair = calloc(k * k + 1, sizeof(double));
	a->sum = calloc(k * k + 1, sizeof(double));
	a->cross = calloc(k * k + 1, sizeof(double));
	a->isum = calloc(k + 1, sizeof(double));
	a->isq = calloc(k + 1, sizeof(double));
	a->inum = calloc(k + 1, sizeof(double));
	if (!a->npair || !a->sum || !a->cross || !a->isum || !a->isq || !a->inum) {
		alpha_acc_release(a);
		return -1;
	}
	return 0;
}

void alpha_acc_release(struct alpha_acc *a)
{
	free(a->npair);
	free(a->sum);
	free(a->cross);
	free(a->isum);
	free(a->isq);
	free(a->inum);
	free(a->pat);
	free(a->px);
	free(a->praw);
	memset(a, 0, sizeof(*a));
}

/* ALPHA_CODES^k, the patterns of k items. */
static size_t npatterns(size_t k)
{
	size_t n = 1;

	while (k--)
		n *= ALPHA_CODES;
	return n;
}

void alpha_acc_clear(struct alpha_acc *a)
{
	size_t k = a->k;

	memset(a->npair, 0, (k * k + 1) * sizeof(double));
	memset(a->sum, 0, (k * k + 1) * sizeof(double));
	memset(a->cross, 0, (k * k + 1) * sizeof(double));
	memset(a->isum, 0, (k + 1) * sizeof(double));
	memset(a->isq, 0, (k + 1) * sizeof(double));
	memset(a->inum, 0, (k + 1) * sizeof(double));
	a->nresp = 0;
	if (a->pat)
		memset(a->pat, 0, npatterns(k) * sizeof(*a->pat));
}

/* v a whole number small enough that the sums of it stay exact (stats.h). */
static int exact(double v)
{
	return v == floor(v) && fabs(v) <= ALPHA_EXACT;
}

int alpha_acc_patterns(struct alpha_acc *a, const double *x, const double *raw)
{
	size_t k = a->k, i;

	if (k == 0 || k > ALPHA_PATTERN_ITEMS || a->nresp > 0 || a->pat)	/* on an empty acc only */
		return 0;
	for (i = 0; i < k * 10; i++)
		if (!exact(x[i] - a->center) || !exact(raw[i]))
			return 0;
	a->pat = calloc(npatterns(k), sizeof(*a->pat));
	a->px = malloc(k * 10 * sizeof(*a->px));
	a->praw = malloc(k * 10 * sizeof(*a->praw));
	if (!a->pat || !a->px || !a->praw) {
		free(a->pat);
		free(a->px);
		free(a->praw);
		a->pat = NULL;
		a->px = a->praw = NULL;
		return -1;
	}
	memcpy(a->px, x, k * 10 * sizeof(*a->px));
	memcpy(a->praw, raw, k * 10 * sizeof(*a->praw));
	return 1;
}

/*
 * c respondents who answered np items, present[0..np) in order, with
 * values xs (centred) and raw: the sums alpha_acc_add() makes, c times.
 */
static void add_times(struct alpha_acc *a, const size_t *present, const double *xs,
		      const double *raw, size_t np, double c)
{
	size_t k = a->k, i, j;

	a->nresp += (size_t)c;
	for (i = 0; i < np; i++) {
		size_t row = present[i] * k;

		a->inum[present[i]] += c;
		a->isum[present[i]] += c * raw[i];
		a->isq[present[i]] += c * (raw[i] * raw[i]);
		for (j = i; j < np; j++) {
			size_t cell = row + present[j];

			a->npair[cell] += c;
			a->sum[cell] += c * xs[i];
			if (j != i)
				a->sum[present[j] * k + present[i]] += c * xs[j];
			a->cross[cell] += c * (xs[i] * xs[j]);
		}
	}
}

void alpha_acc_flush(struct alpha_acc *a)
{
	size_t k = a->k, n, idx, i;

	if (!a->pat)
		return;
	n = npatterns(k);
	for (idx = 1; idx < n; idx++) {	/* pattern 0 answered nothing: not counted */
		size_t present[ALPHA_PATTERN_ITEMS], np = 0, rest = idx;
		double xs[ALPHA_PATTERN_ITEMS], raw[ALPHA_PATTERN_ITEMS];

		if (!a->pat[idx])
			continue;
		for (i = 0; i < k; i++, rest /= ALPHA_CODES) {
			size_t code = rest % ALPHA_CODES;

			if (!code)
				continue;
			present[np] = i;
			xs[np] = a->px[i * 10 + code - 1] - a->center;
			raw[np++] = a->praw[i * 10 + code - 1];
		}
		add_times(a, present, xs, raw, np, (double)a->pat[idx]);
		a->pat[idx] = 0;
	}
}

void alpha_acc_add(struct alpha_acc *a, const double *x, const double *raw)
{
	size_t k = a->k, i, j, np = 0;
	size_t present[64];
	double xs[64], rp[64];

	/* Items of a dimension are few; more than 64 go through the slow loop. */
	if (k > 64) {
		for (i = 0; i < k; i++) {
			if (isnan(x[i]))
				continue;
			np++;
			a->inum[i]++;
			a->isum[i] += raw[i];
			a->isq[i] += raw[i] * raw[i];
			for (j = i; j < k; j++) {
				double xi, xj;

				if (isnan(x[j]))
					continue;
				xi = x[i] - a->center;
				xj = x[j] - a->center;
				a->npair[i * k + j]++;
				a->sum[i * k + j] += xi;
				if (j != i)
					a->sum[j * k + i] += xj;
				a->cross[i * k + j] += xi * xj;
			}
		}
		if (np)
			a->nresp++;
		return;
	}
	if (a->pat) {
		/* counted by pattern: a value that is not exact ends it, the counts added first */
		for (i = 0; i < k; i++)
			if (!isnan(x[i]) && (!exact(x[i] - a->center) || !exact(raw[i])))
				break;
		if (i < k) {
			alpha_acc_flush(a);
			free(a->pat);
			a->pat = NULL;
		}
	}
	for (i = 0; i < k; i++)
		if (!isnan(x[i])) {
			present[np] = i;
			rp[np] = raw[i];
			xs[np++] = x[i] - a->center;
		}
	if (!np)
		return;
	if (np < k) {	/* the sums of one respondent: times 1 is exact, the same bits */
		add_times(a, present, xs, rp, np, 1);
		return;
	}
	/* every item answered, the common case: the same sums, without the indirection */
	a->nresp++;
	for (i = 0; i < k; i++) {
		double *npair = a->npair + i * k, *sum = a->sum + i * k, *cross = a->cross + i * k;
		double xi = xs[i];

		a->inum[i]++;
		a->isum[i] += raw[i];
		a->isq[i] += raw[i] * raw[i];
		npair[i]++;
		sum[i] += xi;
		cross[i] += xi * xi;
		for (j = i + 1; j < k; j++) {
			npair[j]++;
			sum[j] += xi;
			a->sum[j * k + i] += xs[j];
			cross[j] += xi * xs[j];
		}
	}
}

/*
 * Alpha of the items whose flag in keep is set, from C and R (k x k).
 * Sets *raw, *std and *avr; NaN where undefined.
 */
static void alpha_of(const double *C, const double *R, size_t k, const unsigned char *keep,
		     double *raw, double *std, double *avr)
{
	double tr = 0, sc = 0, sr = 0, m = 0;
	size_t i, j;

	for (i = 0; i < k; i++) {
		if (!keep[i])
			continue;
		m++;
		tr += C[i * k + i];
		for (j = 0; j < k; j++)
			if (keep[j]) {
				sc += C[i * k + j];
				sr += R[i * k + j];
			}
	}
	if (m < 2) {
		*raw = *std = *avr = NAN;
		return;
	}
	*raw = sc != 0 ? (1 - tr / sc) * (m / (m - 1)) : NAN;
	*std = isfinite(sr) && sr != 0 ? (1 - m / sr) * (m / (m - 1)) : NAN;
	*avr = isfinite(sr) ? (sr - m) / (m * (m - 1)) : NAN;
}

int alpha_compute(struct alpha_result *r, struct alpha_acc *a)
{
	size_t k = a->k, i, j;
	double *C = NULL, *R = NULL;
	unsigned char *keep = NULL;

	alpha_acc_flush(a);
	memset(r, 0, sizeof(*r));
	r->k = k;
	r->n = a->nresp;
	r->raw = r->std = r->average_r = NAN;
	r->items = calloc(k ? k : 1, sizeof(*r->items));
	if (!r->items)
		return -1;
	for (i = 0; i < k; i++) {
		struct alpha_item *it = &r->items[i];
		double n = a->inum[i];

		it->n = (size_t)n;
		it->mean = n > 0 ? a->isum[i] / n : NAN;
		it->sd = n > 1 ? sqrt(fmax(0, (a->isq[i] - a->isum[i] * a->isum[i] / n) / (n - 1))) : NAN;
		it->r_drop = it->alpha_drop = it->alpha_std_drop = NAN;
	}
	if (k < 2) {
		r->note = r->std_note = STAT_ONE_ITEM;
		return 0;
	}
	if (a->nresp == 0) {
		r->note = r->std_note = STAT_NO_DATA;
		return 0;
	}
	C = malloc(k * k * sizeof(*C));
	R = malloc(k * k * sizeof(*R));
	keep = malloc(k);
	if (!C || !R || !keep) {
		free(C);
		free(R);
		free(keep);
		alpha_result_release(r);
		return -1;
	}
	r->note = STAT_OK;
	/* Variances first: an item without any is left out, as psych does. */
	for (i = 0; i < k; i++) {
		size_t u = i * k + i;
		double n = a->npair[u], ss;

		if (n < 2) {
			r->note = STAT_TOO_FEW;
			continue;
		}
		ss = a->cross[u] - a->sum[u] * a->sum[u] / n;
		/* Sums of equal shifted values cancel exactly or to rounding. */
		if (!(ss > 1e-12 * a->cross[u])) {
			r->items[i].dropped = 1;
			r->ndropped++;
		}
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			/* npair and cross are kept for i <= j; sum in both orders. */
			size_t u = i <= j ? i * k + j : j * k + i;
			double n = a->npair[u];

			if (r->items[i].dropped || r->items[j].dropped) {
				C[i * k + j] = NAN;
				continue;
			}
			if (n < 2) {
				if (r->note == STAT_OK)
					r->note = i == j ? STAT_TOO_FEW : STAT_NO_PAIRS;
				C[i * k + j] = NAN;
				continue;
			}
			C[i * k + j] = (a->cross[u] - a->sum[i * k + j] * a->sum[j * k + i] / n) / (n - 1);
		}
	if (r->note != STAT_OK) {
		r->std_note = r->note;
		goto out;
	}
	if (k - r->ndropped < 2) {
		r->note = r->std_note = STAT_NO_VARIANCE;
		goto out;
	}
	r->std_note = STAT_OK;
	for (i = 0; i < k; i++) {
		keep[i] = !r->items[i].dropped;
		for (j = 0; j < k; j++) {
			double d = sqrt(C[i * k + i] * C[j * k + j]);

			R[i * k + j] = d > 0 ? C[i * k + j] / d : NAN;
		}
	}
	alpha_of(C, R, k, keep, &r->raw, &r->std, &r->average_r);
	if (isnan(r->raw))
		r->note = STAT_NO_VARIANCE;
	if (isnan(r->std))
		r->std_note = STAT_NO_VARIANCE;
	for (i = 0; i < k; i++) {
		struct alpha_item *it = &r->items[i];
		double avr, rest = 0, cov = 0;

		if (it->dropped)
			continue;
		keep[i] = 0;
		alpha_of(C, R, k, keep, &it->alpha_drop, &it->alpha_std_drop, &avr);
		keep[i] = 1;
		for (j = 0; j < k; j++) {
			if (j == i || !keep[j])
				continue;
			cov += C[j * k + i];
			for (size_t l = 0; l < k; l++)
				if (l != i && keep[l])
					rest += C[j * k + l];
		}
		if (C[i * k + i] > 0 && rest > 0)
			it->r_drop = cov / sqrt(C[i * k + i] * rest);
	}
out:
	free(C);
	free(R);
	free(keep);
	return 0;
}

void alpha_result_release(struct alpha_result *r)
{
	free(r->items);
	r->items = NULL;
}
