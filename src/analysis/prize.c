/*
 * prize: jury results for the prize (rules and contract in prize.h).
 */
#include "analysis/prize.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IDX(in, c, j, k) (((c) * (in)->njuror + (j)) * (in)->ncrit + (k))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of the n values at v (reordered), NaN when n is 0. */
static double median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double aggregate(enum prize_agg agg, double *v, size_t n)
{
	double s = 0;
	size_t i, from = 0, to = n;

	if (n == 0)
		return NAN;
	if (agg == PRIZE_AGG_MEDIAN)
		return median(v, n);
	if (agg == PRIZE_AGG_TRIMMED && n >= 5) {
		qsort(v, n, sizeof(*v), cmp_double);
		from = 1;
		to = n - 1;
	}
	for (i = from; i < to; i++)
		s += v[i];
	return s / (double)(to - from);
}

/* Mean and sample SD of the n values at v (SD NaN below 2). */
static void mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double m = 0, ss = 0;
	size_t i;

	*mean = *sd = NAN;
	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		m += v[i];
	m /= (double)n;
	for (i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	*mean = m;
	if (n > 1)
		*sd = sqrt(ss / (double)(n - 1));
}

/* Step 1: normalised copy of the scores into out. */
static void normalise(const struct prize_input *in, struct prize_result *r, double *out,
		      double *buf)
{
	size_t c, j, k, n, total = in->ncand * in->njuror * in->ncrit;
	double gm, gsd;

	memcpy(out, in->scores, total * sizeof(double));
	/* Each juror's raw mean and SD, whatever the rule (they are reported). */
	for (j = 0; j < in->njuror; j++) {
		n = 0;
		for (c = 0; c < in->ncand; c++)
			for (k = 0; k < in->ncrit; k++)
				if (!isnan(in->scores[IDX(in, c, j, k)]))
					buf[n++] = in->scores[IDX(in, c, j, k)];
		mean_sd(buf, n, &r->juror[j].mean, &r->juror[j].sd);
	}
	if (in->norm == PRIZE_NORM_NONE)
		return;
	n = 0;
	for (c = 0; c < total; c++)
		if (!isnan(in->scores[c]))
			buf[n++] = in->scores[c];
	mean_sd(buf, n, &gm, &gsd);
	for (j = 0; j < in->njuror; j++) {
		double lo = INFINITY, hi = -INFINITY, m = r->juror[j].mean, s = r->juror[j].sd;

		for (c = 0; c < in->ncand; c++)
			for (k = 0; k < in->ncrit; k++) {
				double x = in->scores[IDX(in, c, j, k)];

				if (!isnan(x)) {
					lo = fmin(lo, x);
					hi = fmax(hi, x);
				}
			}
		if (isinf(lo))
			continue;	/* scored nothing */
		if (hi == lo || (in->norm == PRIZE_NORM_ZSCORE && !(s > 0 && gsd > 0))) {
			r->juror[j].not_normalised = 1;
			continue;
		}
		for (c = 0; c < in->ncand; c++)
			for (k = 0; k < in->ncrit; k++) {
				double *x = &out[IDX(in, c, j, k)];

				if (isnan(*x))
					continue;
				if (in->norm == PRIZE_NORM_ZSCORE)
					*x = gm + (*x - m) / s * gsd;
				else
					*x = in->lo + (*x - lo) / (hi - lo) * (in->hi - in->lo);
				*x = fmin(in->hi, fmax(in->lo, *x));
			}
	}
}

/*
 * A juror's total on one candidate from the scores at s (one juror's
 * criteria): the weighted mean on 0-100 over the criteria they scored.
 */
static double juror_total(const struct prize_input *in, const double *s)
{
	double sum = 0, wsum = 0;
	size_t k;

	for (k = 0; k < in->ncrit; k++) {
		if (isnan(s[k]))
			continue;
		sum += in->weights[k] * 100 * (s[k] - in->lo) / (in->hi - in->lo);
		wsum += in->weights[k];
	}
	return wsum > 0 ? sum / wsum : NAN;
}

/* Higher first on total, then on the tie-break criteria, then the median. */
static int cmp_cand(const void *pa, const void *pb, void *ctx)
{
	const struct prize_input *sort_in = ((const void *const *)ctx)[0];
	const struct prize_result *sort_r = ((const void *const *)ctx)[1];
	const struct prize_candidate *a = &sort_r->cand[*(const size_t *)pa];
	const struct prize_candidate *b = &sort_r->cand[*(const size_t *)pb];
	size_t t;

	if (isnan(a->total) != isnan(b->total))
		return isnan(a->total) ? 1 : -1;
	if (fabs(a->total - b->total) > 1e-9)
		return a->total > b->total ? -1 : 1;
	for (t = 0; t < sort_in->ntiebreak; t++) {
		size_t k = sort_in->tiebreak[t];
		double x = a->crit[k].agg, y = b->crit[k].agg;

		if (!isnan(x) && !isnan(y) && fabs(x - y) > 1e-9)
			return x > y ? -1 : 1;
	}
	if (!isnan(a->juror_median) && !isnan(b->juror_median) &&
	    fabs(a->juror_median - b->juror_median) > 1e-9)
		return a->juror_median > b->juror_median ? -1 : 1;
	return (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
}

/* What separates candidates a and b, known to have equal totals. */
static enum prize_decider separate(const struct prize_input *in, const struct prize_result *r,
				   size_t a, size_t b, size_t *crit)
{
	size_t t;

	for (t = 0; t < in->ntiebreak; t++) {
		size_t k = in->tiebreak[t];
		double x = r->cand[a].crit[k].agg, y = r->cand[b].crit[k].agg;

		if (!isnan(x) && !isnan(y) && fabs(x - y) > 1e-9) {
			*crit = k;
			return DECIDED_CRITERION;
		}
	}
	if (!isnan(r->cand[a].juror_median) && !isnan(r->cand[b].juror_median) &&
	    fabs(r->cand[a].juror_median - r->cand[b].juror_median) > 1e-9)
		return DECIDED_MEDIAN;
	return DECIDED_SHARED;
}

static void rank(const struct prize_input *in, struct prize_result *r)
{
	size_t i;
	const void *ctx[2] = { in, r };

	for (i = 0; i < in->ncand; i++)
		r->order[i] = i;
	qsort_r(r->order, in->ncand, sizeof(size_t), cmp_cand, ctx);
	for (i = 0; i < in->ncand; i++) {
		struct prize_candidate *c = &r->cand[r->order[i]];
		struct prize_candidate *prev = i ? &r->cand[r->order[i - 1]] : NULL;
		struct prize_candidate *next = i + 1 < in->ncand ? &r->cand[r->order[i + 1]] : NULL;

		if (isnan(c->total)) {
			c->rank = 0;
			continue;
		}
		c->rank = i + 1;
		c->decider = DECIDED_TOTAL;
		if (prev && !isnan(prev->total) && fabs(prev->total - c->total) <= 1e-9) {
			c->decider = separate(in, r, r->order[i - 1], r->order[i], &c->decider_crit);
			if (c->decider == DECIDED_SHARED)
				c->rank = prev->rank;
		}
		if (next && !isnan(next->total) && fabs(next->total - c->total) <= 1e-9 &&
		    c->decider == DECIDED_TOTAL)
			c->decider = separate(in, r, r->order[i], r->order[i + 1], &c->decider_crit);
	}
}

static int reliability(const struct prize_input *in, struct prize_result *r, const double *raw)
{
	int rc;

	r->complete = in->ncand > 0 && in->njuror > 0;
	for (size_t i = 0; i < in->ncand * in->njuror; i++)
		if (isnan(raw[i]))
			r->complete = 0;
	reliability_kalpha_interval(raw, in->ncand, in->njuror, &r->kalpha);
	if (!r->complete) {
		memset(&r->icc, 0, sizeof(r->icc));
		memset(&r->kendall, 0, sizeof(r->kendall));
		r->icc.note = r->kendall.note = STAT_NOT_APPLICABLE;
		r->kendall.w = NAN;
		for (int f = 0; f < ICC_NFORMS; f++)
			r->icc.row[f].icc = NAN;
		return 0;
	}
	rc = reliability_icc(raw, in->ncand, in->njuror, &r->icc);
	if (rc == 0)
		rc = reliability_kendall_w(raw, in->ncand, in->njuror, &r->kendall);
	return rc;
}

int prize_compute(const struct prize_input *in, struct prize_result *r)
{
	size_t total = in->ncand * in->njuror * in->ncrit, c, j, k;
	size_t nbuf = total > in->njuror ? total : in->njuror;
	double *norm, *buf, *raw, *dev;
	size_t *ndev;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	r->ncand = in->ncand;
	r->cand = calloc(in->ncand ? in->ncand : 1, sizeof(*r->cand));
	r->juror = calloc(in->njuror ? in->njuror : 1, sizeof(*r->juror));
	r->order = calloc(in->ncand ? in->ncand : 1, sizeof(*r->order));
	r->juror_totals = calloc(in->ncand * in->njuror + 1, sizeof(double));
	norm = malloc((total + 1) * sizeof(double));
	buf = malloc((nbuf + 1) * sizeof(double));
	raw = malloc((in->ncand * in->njuror + 1) * sizeof(double));
	dev = calloc(in->njuror + 1, sizeof(double));
	ndev = calloc(in->njuror + 1, sizeof(size_t));
	if (!r->cand || !r->juror || !r->order || !r->juror_totals || !norm || !buf || !raw ||
	    !dev || !ndev)
		goto out;
	for (c = 0; c < in->ncand; c++) {
		r->cand[c].crit = calloc(in->ncrit ? in->ncrit : 1, sizeof(*r->cand[c].crit));
		if (!r->cand[c].crit)
			goto out;
	}
	normalise(in, r, norm, buf);

	for (c = 0; c < in->ncand; c++) {
		struct prize_candidate *pc = &r->cand[c];
		double sum = 0, wsum = 0;
		size_t n = 0;

		for (k = 0; k < in->ncrit; k++) {
			struct prize_criterion_stats *cs = &pc->crit[k];
			size_t m = 0;

			cs->min = INFINITY;
			cs->max = -INFINITY;
			for (j = 0; j < in->njuror; j++) {
				double x = in->scores[IDX(in, c, j, k)];

				if (isnan(x))
					continue;
				buf[m++] = x;
				cs->min = fmin(cs->min, x);
				cs->max = fmax(cs->max, x);
			}
			cs->n = m;
			mean_sd(buf, m, &cs->mean, &cs->sd);
			if (m == 0)
				cs->min = cs->max = NAN;
			m = 0;
			for (j = 0; j < in->njuror; j++)
				if (!isnan(norm[IDX(in, c, j, k)]))
					buf[m++] = norm[IDX(in, c, j, k)];
			cs->agg = aggregate(in->agg, buf, m);
			if (!isnan(cs->agg)) {
				sum += in->weights[k] * 100 * (cs->agg - in->lo) / (in->hi - in->lo);
				wsum += in->weights[k];
			}
		}
		pc->total = wsum > 0 ? sum / wsum : NAN;
		for (j = 0; j < in->njuror; j++) {
			double t = juror_total(in, &norm[IDX(in, c, j, 0)]);

			r->juror_totals[c * in->njuror + j] = t;
			raw[c * in->njuror + j] = juror_total(in, &in->scores[IDX(in, c, j, 0)]);
			if (!isnan(t))
				buf[n++] = t;
		}
		pc->njurors = n;
		mean_sd(buf, n, &sum, &pc->juror_sd);
		pc->juror_median = median(buf, n);
		pc->too_few_jurors = n < in->min_jurors;
		pc->to_discuss = !isnan(pc->juror_sd) && pc->juror_sd > in->divergence;
		/*
		 * Each juror's deviation from the others: on the raw totals for
		 * the severity (what normalisation would remove), on the
		 * normalised totals for "far from the others", like "to discuss".
		 */
		for (j = 0; j < in->njuror; j++) {
			const double *nt = &r->juror_totals[c * in->njuror];
			const double *rt = &raw[c * in->njuror];
			double others = 0, nothers = 0, tn = 0;
			size_t o;

			if (isnan(rt[j]))
				continue;
			r->juror[j].nscored++;
			for (o = 0; o < in->njuror; o++)
				if (o != j && !isnan(rt[o])) {
					others += rt[o];
					nothers += nt[o];
					tn++;
				}
			if (tn == 0)
				continue;
			dev[j] += rt[j] - others / tn;
			ndev[j]++;
			if (fabs(nt[j] - nothers / tn) > 2 * in->divergence)
				pc->nfar++;
		}
	}
	for (j = 0; j < in->njuror; j++)
		r->juror[j].severity = ndev[j] ? dev[j] / (double)ndev[j] : NAN;
	rank(in, r);
	rc = in->ranks_only ? 0 : reliability(in, r, raw);
out:
	free(norm);
	free(buf);
	free(raw);
	free(dev);
	free(ndev);
	if (rc < 0)
		prize_result_release(r);
	return rc;
}

void prize_result_release(struct prize_result *r)
{
	size_t c;

	for (c = 0; r->cand && c < r->ncand; c++)
		free(r->cand[c].crit);
	free(r->cand);
	free(r->juror);
	free(r->order);
	free(r->juror_totals);
	memset(r, 0, sizeof(*r));
}

/* Ranks of the input with its jurors replaced by picks[npick] into rank[ncand]. */
static int ranks_with(const struct prize_input *in, const size_t *picks, size_t npick,
		      double *scores, size_t *rank)
{
	struct prize_input sub = *in;
	struct prize_result r;
	size_t c, j;

	for (c = 0; c < in->ncand; c++)
		for (j = 0; j < npick; j++)
			memcpy(&scores[(c * npick + j) * in->ncrit], &in->scores[IDX(in, c, picks[j], 0)],
			       in->ncrit * sizeof(double));
	sub.njuror = npick;
	sub.scores = scores;
	sub.ranks_only = 1;
	if (prize_compute(&sub, &r) < 0)
		return -1;
	for (c = 0; c < in->ncand; c++)
		rank[c] = r.cand[c].rank;
	prize_result_release(&r);
	return 0;
}

static void span(struct prize_robust *o, size_t rank)
{
	if (rank == 0)
		return;
	if (o->rank_min == 0 || rank < o->rank_min)
		o->rank_min = rank;
	if (rank > o->rank_max)
		o->rank_max = rank;
}

int prize_robustness(const struct prize_input *in, const struct prize_result *ref, size_t nboot,
		     unsigned long seed, struct prize_robust *out)
{
	size_t nc = in->ncand, nj = in->njuror, c, j, b, *picks, *rank, *boot, *nb;
	double *scores;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int rc = -1;

	memset(out, 0, (nc ? nc : 1) * sizeof(*out));
	picks = calloc(nj + 1, sizeof(*picks));
	rank = calloc(nc + 1, sizeof(*rank));
	boot = calloc(nc * nboot + 1, sizeof(*boot));
	nb = calloc(nc + 1, sizeof(*nb));
	scores = malloc((in->ncand * in->njuror * in->ncrit + 1) * sizeof(double));
	if (!rng || !picks || !rank || !boot || !nb || !scores)
		goto out;
	for (c = 0; c < nc; c++) {
		span(&out[c], ref->cand[c].rank);
		out[c].loo_min = out[c].loo_max = out[c].boot_lo = out[c].boot_hi = ref->cand[c].rank;
	}
	for (int n = 0; n < 3; n++)
		for (int a = 0; a < 3; a++) {
			struct prize_input v = *in;
			struct prize_result r;

			v.norm = (enum prize_norm)n;
			v.agg = (enum prize_agg)a;
			v.ranks_only = 1;
			if (prize_compute(&v, &r) < 0)
				goto out;
			for (c = 0; c < nc; c++) {
				out[c].variant[n][a] = r.cand[c].rank;
				span(&out[c], r.cand[c].rank);
			}
			prize_result_release(&r);
		}
	for (j = 0; nj >= 2 && j < nj; j++) {
		size_t m = 0;

		for (size_t o = 0; o < nj; o++)
			if (o != j)
				picks[m++] = o;
		if (ranks_with(in, picks, m, scores, rank) < 0)
			goto out;
		for (c = 0; c < nc; c++) {
			if (rank[c] == 0)
				continue;
			if (j == 0 || out[c].loo_min == 0 || rank[c] < out[c].loo_min)
				out[c].loo_min = rank[c];
			if (j == 0 || rank[c] > out[c].loo_max)
				out[c].loo_max = rank[c];
			span(&out[c], rank[c]);
		}
	}
	gsl_rng_set(rng, seed);
	for (b = 0; nj >= 2 && b < nboot; b++) {
		for (j = 0; j < nj; j++)
			picks[j] = gsl_rng_uniform_int(rng, nj);
		if (ranks_with(in, picks, nj, scores, rank) < 0)
			goto out;
		for (c = 0; c < nc; c++)
			if (rank[c])
				boot[c * nboot + nb[c]++] = rank[c];
	}
	for (c = 0; c < nc; c++) {
		size_t *v = &boot[c * nboot], n = nb[c];

		if (n > 0) {
			/* sorted by insertion: n is a few hundred at most */
			for (size_t x = 1; x < n; x++)
				for (size_t y = x; y > 0 && v[y - 1] > v[y]; y--) {
					size_t t = v[y];

					v[y] = v[y - 1];
					v[y - 1] = t;
				}
			out[c].boot_lo = v[(size_t)floor(0.025 * (double)(n - 1))];
			out[c].boot_hi = v[(size_t)ceil(0.975 * (double)(n - 1))];
		}
		out[c].fragile = out[c].rank_min != 0 && out[c].rank_min <= 3 &&
				 out[c].rank_min != out[c].rank_max;
	}
	rc = 0;
out:
	if (rng)
		gsl_rng_free(rng);
	free(picks);
	free(rank);
	free(boot);
	free(nb);
	free(scores);
	return rc;
}
