/*
 * tests: the hypothesis tests and effect sizes of the analysis engine —
 * Welch's t, one-way ANOVA, Mann-Whitney, Kruskal-Wallis, chi-square of
 * independence, Fisher's exact test and Spearman's correlation (see
 * stats.h).  Each follows the
 * computation of the R function named in its contract, including R's
 * choices of exact or approximate p-values and corrections, so that the
 * numbers agree with R to rounding; tests/unit/test_stats.c checks them on
 * the examples of R's documentation.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

const char *test_kind_id(enum test_kind k)
{
	switch (k) {
	case TEST_NONE: return "none";
	case TEST_WELCH: return "welch_t";
	case TEST_ANOVA: return "anova";
	case TEST_MANN_WHITNEY: return "mann_whitney";
	case TEST_KRUSKAL: return "kruskal_wallis";
	case TEST_CHISQ: return "chi_square";
	case TEST_SPEARMAN: return "spearman";
	case TEST_FISHER: return "fisher";
	case TEST_PAIRED_T: return "paired_t";
	case TEST_SIGNED_RANK: return "wilcoxon_signed_rank";
	case TEST_MCNEMAR: return "mcnemar";
	}
	return "?";
}

const char *effect_kind_id(enum effect_kind k)
{
	switch (k) {
	case EFFECT_NONE: return "none";
	case EFFECT_COHEN_D: return "cohen_d";
	case EFFECT_ETA2: return "eta_squared";
	case EFFECT_RANK_BISERIAL: return "rank_biserial";
	case EFFECT_CRAMER_V: return "cramer_v";
	case EFFECT_RHO: return "rho";
	case EFFECT_DZ: return "d_z";
	case EFFECT_R_Z: return "r";
	}
	return "?";
}

static void test_reset(struct test_result *r, enum test_kind kind)
{
	stats_init();
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->statistic = r->df = r->df2 = r->p = r->effect = r->estimate = NAN;
	r->min_expected = NAN;
}

/* Two-sided p-value of a t statistic. */
static double t_two_sided(double t, double df)
{
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

/* p-value of a standard normal z for the alternative. */
static double z_pvalue(double z, enum alternative alt)
{
	switch (alt) {
	case ALT_LESS: return gsl_cdf_ugaussian_P(z);
	case ALT_GREATER: return gsl_cdf_ugaussian_Q(z);
	default: return 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
	}
}

void test_welch(struct test_result *r, const struct summary *a, const struct summary *b)
{
	double n1, n2, v1, v2, se1, se2, se, pooled;

	test_reset(r, TEST_WELCH);
	r->ngroups = 2;
	r->n = a->n + b->n;
	if (a->n < 2 || b->n < 2) {
		r->note = STAT_TOO_FEW;
		return;
	}
	n1 = (double)a->n;
	n2 = (double)b->n;
	v1 = a->sd * a->sd;
	v2 = b->sd * b->sd;
	se1 = v1 / n1;
	se2 = v2 / n2;
	se = sqrt(se1 + se2);
	if (!(se > 0)) {
		r->note = STAT_NO_VARIANCE;
		return;
	}
	r->statistic = (a->mean - b->mean) / se;
	r->df = (se1 + se2) * (se1 + se2) / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1));
	r->p = t_two_sided(r->statistic, r->df);
	pooled = sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2));
	r->effect_kind = EFFECT_COHEN_D;
	r->effect = (a->mean - b->mean) / pooled;
	r->note = STAT_OK;
}

void test_anova(struct test_result *r, const struct summary *g, size_t k)
{
	double total = 0, grand = 0, ssb = 0, ssw = 0;
	size_t i, ng = 0;

	test_reset(r, TEST_ANOVA);
	for (i = 0; i < k; i++) {
		if (g[i].n == 0)
			continue;
		ng++;
		total += (double)g[i].n;
		grand += (double)g[i].n * g[i].mean;
	}
	r->ngroups = ng;
	r->n = (size_t)total;
	if (ng < 2) {
		r->note = STAT_ONE_GROUP;
		return;
	}
	if (total <= (double)ng) {
		r->note = STAT_TOO_FEW;
		return;
	}
	grand /= total;
	for (i = 0; i < k; i++) {
		double dm;

		if (g[i].n == 0)
			continue;
		dm = g[i].mean - grand;
		ssb += (double)g[i].n * dm * dm;
		if (g[i].n > 1)
			ssw += ((double)g[i].n - 1) * g[i].sd * g[i].sd;
	}
	r->df = (double)ng - 1;
	r->df2 = total - (double)ng;
	if (!(ssw > 0)) {
		r->note = STAT_NO_VARIANCE;
		return;
	}
	r->statistic = (ssb / r->df) / (ssw / r->df2);
	r->p = gsl_cdf_fdist_Q(r->statistic, r->df, r->df2);
	r->effect_kind = EFFECT_ETA2;
	r->effect = ssb / (ssb + ssw);
	r->note = STAT_OK;
}

/* --- rank tests -------------------------------------------------------------------- */

/*
 * Walk the k sorted distributions together, value by value: for each
 * distinct value of the pooled data, counts[g] is its count in group g.
 * Calls fn with the value's mid-rank and total count.  Returns the number of
 * distinct pooled values.
 */
struct rank_walk {
	const struct dist *const *g;	/* the groups */
	size_t k;			/* how many */
	size_t *pos;			/* next distinct value of each group */
};

static size_t rank_walk(const struct dist *const *g, size_t k, size_t *pos,
			double *rank_sum, double *tie_term, int *ties)
{
	double before = 0;
	size_t ndistinct = 0, i;

	memset(pos, 0, k * sizeof(*pos));
	for (i = 0; i < k; i++)
		rank_sum[i] = 0;
	*tie_term = 0;
	*ties = 0;
	for (;;) {
		double v = INFINITY, t = 0, mid;
		int any = 0;

		for (i = 0; i < k; i++)
			if (pos[i] < g[i]->nd && (!any || g[i]->v[pos[i]] < v)) {
				v = g[i]->v[pos[i]];
				any = 1;
			}
		if (!any)
			break;
		for (i = 0; i < k; i++)
			if (pos[i] < g[i]->nd && g[i]->v[pos[i]] == v)
				t += (double)g[i]->c[pos[i]];
		mid = before + (t + 1) / 2;
		for (i = 0; i < k; i++)
			if (pos[i] < g[i]->nd && g[i]->v[pos[i]] == v) {
				rank_sum[i] += mid * (double)g[i]->c[pos[i]];
				pos[i]++;
			}
		if (t > 1)
			*ties = 1;
		*tie_term += t * t * t - t;
		before += t;
		ndistinct++;
	}
	return ndistinct;
}

/*
 * Exact distribution of the Mann-Whitney U for sample sizes m and n without
 * ties: out[u] for u = 0..mn is the number of arrangements with that U
 * (placing the pooled values in order, U counts the pairs where an element
 * of the first sample follows one of the second).  Returns a malloc'd array
 * or NULL.
 */
static double *mw_counts(size_t m, size_t n)
{
	size_t umax = m * n, j, t, u, N = m + n;
	double *dp = calloc((m + 1) * (umax + 1), sizeof(*dp)), *out;

	if (!dp)
		return NULL;
	dp[0] = 1;	/* no element placed yet: j = 0, u = 0 */
	for (t = 0; t < N; t++) {
		/* Place element t; go down in j so that each step uses the previous row. */
		size_t jmax = t + 1 < m ? t + 1 : m;

		for (j = jmax; j >= 1; j--) {
			size_t ybefore, jprev = j - 1;

			if (t < jprev)
				continue;
			ybefore = t - jprev;	/* second-sample elements already placed */
			if (ybefore > n)
				continue;
			for (u = umax; ; u--) {
				if (u >= ybefore)
					dp[j * (umax + 1) + u] += dp[jprev * (umax + 1) + u - ybefore];
				if (u == 0)
					break;
			}
		}
	}
	out = malloc((umax + 1) * sizeof(*out));
	if (out)
		memcpy(out, dp + m * (umax + 1), (umax + 1) * sizeof(*out));
	free(dp);
	return out;
}

/* P(U <= q) from the exact counts (q may be negative: 0). */
static double mw_cdf(const double *cnt, size_t umax, double q)
{
	double below = 0, total = 0;
	size_t u;

	for (u = 0; u <= umax; u++) {
		total += cnt[u];
		if ((double)u <= q)
			below += cnt[u];
	}
	return below / total;
}

int test_mann_whitney(struct test_result *r, const struct dist *a, const struct dist *b,
		      enum alternative alt)
{
	const struct dist *g[2] = { a, b };
	size_t pos[2];
	double rs[2], tie_term, n1, n2, N, w;
	int ties;

	test_reset(r, TEST_MANN_WHITNEY);
	r->ngroups = 2;
	r->n = a->n + b->n;
	if (a->n == 0 || b->n == 0) {
		r->note = STAT_TOO_FEW;
		return 0;
	}
	rank_walk(g, 2, pos, rs, &tie_term, &ties);
	n1 = (double)a->n;
	n2 = (double)b->n;
	N = n1 + n2;
	w = rs[0] - n1 * (n1 + 1) / 2;
	r->statistic = w;
	r->effect_kind = EFFECT_RANK_BISERIAL;
	r->effect = 2 * w / (n1 * n2) - 1;
	if (a->n < 50 && b->n < 50 && !ties) {
		size_t umax = a->n * b->n;
		double *cnt = mw_counts(a->n, b->n);

		if (!cnt)
			return -1;
		r->exact = 1;
		switch (alt) {
		case ALT_GREATER:
			r->p = 1 - mw_cdf(cnt, umax, w - 1);
			break;
		case ALT_LESS:
			r->p = mw_cdf(cnt, umax, w);
			break;
		default:
			if (w > n1 * n2 / 2)
				r->p = 1 - mw_cdf(cnt, umax, w - 1);
			else
				r->p = mw_cdf(cnt, umax, w);
			r->p = fmin(2 * r->p, 1);
		}
		free(cnt);
	} else {
		double z = w - n1 * n2 / 2, corr, sigma;

		sigma = sqrt((n1 * n2 / 12) * ((N + 1) - tie_term / (N * (N - 1))));
		if (!(sigma > 0)) {
			r->note = STAT_NO_VARIANCE;
			return 0;
		}
		switch (alt) {
		case ALT_GREATER: corr = 0.5; break;
		case ALT_LESS: corr = -0.5; break;
		default: corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
		}
		r->corrected = 1;
		r->p = z_pvalue((z - corr) / sigma, alt);
	}
	r->note = STAT_OK;
	return 0;
}

void test_kruskal(struct test_result *r, const struct dist *const *g, size_t k)
{
	size_t *pos, i, ng = 0;
	double *rs, tie_term, n = 0, h = 0;
	int ties;

	test_reset(r, TEST_KRUSKAL);
	for (i = 0; i < k; i++) {
		n += (double)g[i]->n;
		if (g[i]->n)
			ng++;
	}
	r->ngroups = ng;
	r->n = (size_t)n;
	if (ng < 2) {
		r->note = STAT_ONE_GROUP;
		return;
	}
	pos = malloc(k * sizeof(*pos));
	rs = malloc(k * sizeof(*rs));
	if (!pos || !rs) {
		free(pos);
		free(rs);
		r->note = STAT_NOT_APPLICABLE;
		return;
	}
	rank_walk(g, k, pos, rs, &tie_term, &ties);
	for (i = 0; i < k; i++)
		if (g[i]->n)
			h += rs[i] * rs[i] / (double)g[i]->n;
	free(pos);
	free(rs);
	if (!(n * n * n - n - tie_term > 0)) {
		r->note = STAT_NO_VARIANCE;
		return;
	}
	h = (12 * h / (n * (n + 1)) - 3 * (n + 1)) / (1 - tie_term / (n * n * n - n));
	r->statistic = h;
	r->df = (double)ng - 1;
	r->p = gsl_cdf_chisq_Q(h, r->df);
	r->note = STAT_OK;
}

/* --- chi-square ---------------------------------------------------------------------- */

int test_chisq(struct test_result *r, const double *counts, size_t nrow, size_t ncol)
{
	double *rowsum = calloc(nrow ? nrow : 1, sizeof(double));
	double *colsum = calloc(ncol ? ncol : 1, sizeof(double));
	double total = 0, x2 = 0, x2u = 0, yates = 0;
	size_t i, j, nr = 0, nc = 0;

	test_reset(r, TEST_CHISQ);
	if (!rowsum || !colsum) {
		free(rowsum);
		free(colsum);
		return -1;
	}
	for (i = 0; i < nrow; i++)
		for (j = 0; j < ncol; j++) {
			rowsum[i] += counts[i * ncol + j];
			colsum[j] += counts[i * ncol + j];
			total += counts[i * ncol + j];
		}
	for (i = 0; i < nrow; i++)
		nr += rowsum[i] > 0;
	for (j = 0; j < ncol; j++)
		nc += colsum[j] > 0;
	r->n = (size_t)total;
	r->ngroups = nc;
	if (total == 0) {
		r->note = STAT_NO_DATA;
		goto out;
	}
	if (nr < 2 || nc < 2) {
		r->note = nc < 2 ? STAT_ONE_GROUP : STAT_NO_VARIANCE;
		goto out;
	}
	r->min_expected = INFINITY;
	if (nr == 2 && nc == 2) {
		/* Yates: min(0.5, |x - E|), the same |x - E| in every cell of a 2x2 table. */
		yates = 0.5;
		for (i = 0; i < nrow; i++)
			for (j = 0; j < ncol; j++) {
				double e;

				if (rowsum[i] == 0 || colsum[j] == 0)
					continue;
				e = rowsum[i] * colsum[j] / total;
				yates = fmin(yates, fabs(counts[i * ncol + j] - e));
			}
		r->corrected = yates > 0;
	}
	for (i = 0; i < nrow; i++)
		for (j = 0; j < ncol; j++) {
			double e, d;

			if (rowsum[i] == 0 || colsum[j] == 0)
				continue;
			e = rowsum[i] * colsum[j] / total;
			d = fabs(counts[i * ncol + j] - e);
			x2u += d * d / e;
			x2 += (d - yates) * (d - yates) / e;
			if (e < 5)
				r->nsmall++;
			if (e < r->min_expected)
				r->min_expected = e;
		}
	r->statistic = x2;
	r->df = (double)((nr - 1) * (nc - 1));
	r->p = gsl_cdf_chisq_Q(x2, r->df);
	r->effect_kind = EFFECT_CRAMER_V;
	r->effect = sqrt(x2u / (total * (double)((nr < nc ? nr : nc) - 1)));
	r->note = STAT_OK;
out:
	free(rowsum);
	free(colsum);
	return 0;
}

/* --- Fisher's exact test ------------------------------------------------------ */

/*
 * The enumeration of Fisher's exact test.  Tables are filled column by
 * column, each column row by row; lf[x] = log x!.  With K = log(prod R! prod
 * C! / N!), a table's probability is exp(K - sum log n_ij!).
 */
struct fisher_run {
	size_t nr, nc;		/* rows (the fewer) and columns */
	size_t *rem;		/* nr: what each row still has to place */
	const size_t *col;	/* nc: column totals */
	const double *lf;	/* lf[x] = log(x!), x = 0..N */
	double K;		/* log of prod R! prod C! / N! */
	double lim;		/* log probability of the observed table, with R's tolerance */
	double p;		/* probability of the tables counted so far */
	size_t nodes, max;	/* partial tables visited, and the limit */
	int over;		/* the limit was passed */
};

static void fisher_col(struct fisher_run *F, size_t j, double s);

/* Place `left` more of column j from row i on; s: sum of log n! so far. */
static void fisher_cell(struct fisher_run *F, size_t j, size_t i, size_t left, double s)
{
	size_t after = 0, lo, hi, x, k;

	if (i == F->nr - 1) {
		if (left > F->rem[i])
			return;
		F->rem[i] -= left;
		fisher_col(F, j + 1, s + F->lf[left]);
		F->rem[i] += left;
		return;
	}
	for (k = i + 1; k < F->nr; k++)
		after += F->rem[k];
	lo = left > after ? left - after : 0;
	hi = left < F->rem[i] ? left : F->rem[i];
	for (x = lo; x <= hi && !F->over; x++) {
		F->rem[i] -= x;
		fisher_cell(F, j, i + 1, left - x, s + F->lf[x]);
		F->rem[i] += x;
	}
}

/* Columns j.. still to fill; s: sum of log n! of the columns before. */
static void fisher_col(struct fisher_run *F, size_t j, double s)
{
	size_t i, k, m = F->nc - j, total = 0;
	double even = 0, most = 0, most_c = 0, mass;

	if (F->over)
		return;
	if (++F->nodes > F->max) {
		F->over = 1;
		return;
	}
	if (j == F->nc - 1) {
		for (i = 0; i < F->nr; i++)
			s += F->lf[F->rem[i]];
		if (F->K - s <= F->lim)
			F->p += exp(F->K - s);
		return;
	}
	/*
	 * Bounds on the completions: sum log n! is at least that of each row
	 * spread evenly over the columns left (the column totals relaxed), and
	 * at most min(sum log R!, sum log C!) (log x! is superadditive).
	 */
	for (i = 0; i < F->nr; i++) {
		size_t q = F->rem[i] / m, r = F->rem[i] % m;

		even += (double)r * F->lf[q + 1] + (double)(m - r) * F->lf[q];
		most += F->lf[F->rem[i]];
		total += F->rem[i];
	}
	for (k = j; k < F->nc; k++)
		most_c += F->lf[F->col[k]];
	if (F->K - s - even <= F->lim) {
		/* Every completion is no more probable: all of them, in closed form. */
		mass = F->K - s + F->lf[total] - most - most_c;
		F->p += exp(mass);
		return;
	}
	if (F->K - s - fmin(most, most_c) > F->lim)
		return;		/* every completion is more probable */
	fisher_cell(F, j, 0, F->col[j], s);
}

int test_fisher(struct test_result *r, const double *counts, size_t nrow, size_t ncol,
		size_t max_tables)
{
	size_t *rs = calloc(nrow + 1, sizeof(size_t)), *cs = calloc(ncol + 1, sizeof(size_t));
	size_t *ri = malloc((nrow + 1) * sizeof(size_t)), *ci = malloc((ncol + 1) * sizeof(size_t));
	size_t *rem = NULL, *col = NULL, i, j, nr = 0, nc = 0, N = 0;
	double *lf = NULL, obs = 0;
	struct fisher_run F;
	int rc = -1, flip;

	test_reset(r, TEST_FISHER);
	if (!rs || !cs || !ri || !ci)
		goto out;
	for (i = 0; i < nrow; i++)
		for (j = 0; j < ncol; j++) {
			size_t v = (size_t)counts[i * ncol + j];

			rs[i] += v;
			cs[j] += v;
			N += v;
		}
	for (i = 0; i < nrow; i++)
		if (rs[i])
			ri[nr++] = i;
	for (j = 0; j < ncol; j++)
		if (cs[j])
			ci[nc++] = j;
	r->n = N;
	r->ngroups = nc;
	r->exact = 1;
	rc = 0;
	if (N == 0) {
		r->note = STAT_NO_DATA;
		goto out;
	}
	if (nr < 2 || nc < 2) {
		r->note = nc < 2 ? STAT_ONE_GROUP : STAT_NO_VARIANCE;
		goto out;
	}
	rc = -1;
	/* The fewer categories become the rows: a column is then a short vector. */
	flip = nr > nc;
	memset(&F, 0, sizeof(F));
	F.nr = flip ? nc : nr;
	F.nc = flip ? nr : nc;
	rem = malloc(F.nr * sizeof(*rem));
	col = malloc(F.nc * sizeof(*col));
	lf = malloc((N + 1) * sizeof(*lf));
	if (!rem || !col || !lf)
		goto out;
	for (i = 0; i <= N; i++)
		lf[i] = lgamma((double)i + 1);
	for (i = 0; i < F.nr; i++)
		rem[i] = flip ? cs[ci[i]] : rs[ri[i]];
	for (j = 0; j < F.nc; j++)
		col[j] = flip ? rs[ri[j]] : cs[ci[j]];
	F.K = -lf[N];
	for (i = 0; i < F.nr; i++)
		F.K += lf[rem[i]];
	for (j = 0; j < F.nc; j++)
		F.K += lf[col[j]];
	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++)
			obs += lf[(size_t)counts[ri[i] * ncol + ci[j]]];
	/* R: sum(d[d <= d[obs] * (1 + 1e-7)]), in logarithms. */
	F.lim = F.K - obs + log1p(1e-7);
	F.rem = rem;
	F.col = col;
	F.lf = lf;
	F.max = max_tables ? max_tables : FISHER_MAX_TABLES;
	fisher_col(&F, 0, 0);
	if (F.over) {
		r->note = STAT_TOO_LARGE;
	} else {
		r->p = fmin(1, F.p);
		r->note = STAT_OK;
	}
	rc = 0;
out:
	free(rs);
	free(cs);
	free(ri);
	free(ci);
	free(rem);
	free(col);
	free(lf);
	return rc;
}

/* --- Spearman ------------------------------------------------------------------------ */

struct keyed {
	double v;		/* value */
	size_t i;		/* its position */
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->v != y->v)
		return (x->v > y->v) - (x->v < y->v);
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * Mid-ranks of the k values x, value i occurring w[i] times (w NULL: once),
 * into rank.  Returns 1 when there are ties, else 0.
 */
static int midranks(const double *x, const double *w, size_t k, double *rank, struct keyed *tmp)
{
	size_t i, j;
	double before = 0;
	int ties = 0;

	for (i = 0; i < k; i++) {
		tmp[i].v = x[i];
		tmp[i].i = i;
	}
	qsort(tmp, k, sizeof(*tmp), cmp_keyed);
	for (i = 0; i < k; i = j) {
		double count = 0, mid;
		size_t t;

		for (j = i; j < k && tmp[j].v == tmp[i].v; j++)
			count += w ? w[tmp[j].i] : 1;
		if (count > 1)
			ties = 1;
		mid = before + (count + 1) / 2;
		for (t = i; t < j; t++)
			rank[tmp[t].i] = mid;
		before += count;
	}
	return ties;
}

/*
 * AS 89 (Best & Roberts 1975) as R's prho(): Pr[S >= is], or Pr[S < is] when
 * lower, for S = sum of squared rank differences of n independent ranks.
 * Exact enumeration of the n! permutations for n <= 9, Edgeworth series above.
 */
static double prho(size_t n, double is, int lower)
{
	static const double c[12] = {
		.2274, .2531, .1745, .0758, .1033, .3932, .0879, .0151, .0072, .0831, .0131, 4.6e-4,
	};
	double n3 = (double)n * ((double)n * (double)n - 1) / 3;

	if (n <= 1)
		return NAN;
	if (is <= 0)
		return lower ? 0 : 1;
	if (is > n3)
		return lower ? 1 : 0;
	if (n <= 9) {
		/* Heap's algorithm over the permutations of 1..n. */
		int perm[9], cnt[9] = { 0 };
		double nfac = 1, ifr = 0;
		size_t i;

		for (i = 0; i < n; i++) {
			perm[i] = (int)i + 1;
			nfac *= (double)(i + 1);
		}
		for (;;) {
			int s = 0;

			for (i = 0; i < n; i++) {
				int d = (int)i + 1 - perm[i];

				s += d * d;
			}
			if (is <= s)
				ifr++;
			for (i = 1; i < n && cnt[i] >= (int)i; i++)
				cnt[i] = 0;
			if (i >= n)
				break;
			{
				size_t swap = i % 2 ? (size_t)cnt[i] : 0;
				int t = perm[swap];

				perm[swap] = perm[i];
				perm[i] = t;
				cnt[i]++;
			}
		}
		return (lower ? nfac - ifr : ifr) / nfac;
	} else {
		double y = (double)n, b = 1 / y, x, u, pv;

		x = (6 * (is - 1) * b / (y * y - 1) - 1) * sqrt(y - 1);
		y = x * x;
		u = x * b * (c[0] + b * (c[1] + c[2] * b) +
			     y * (-c[3] + b * (c[4] + c[5] * b) -
				  y * b * (c[6] + c[7] * b -
					   y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
		y = u / exp(y / 2);
		pv = (lower ? -y : y) + (lower ? gsl_cdf_ugaussian_P(x) : gsl_cdf_ugaussian_Q(x));
		return fmin(1, fmax(0, pv));
	}
}

/* R's pspearman() inside cor.test(). */
static double pspearman(double q, size_t n, int lower, int exact)
{
	if (exact)
		return prho(n, nearbyint(q) + 2 * lower, lower);
	{
		double nn = (double)n, den = nn * (nn * nn - 1) / 6, rr = 1 - q / den;
		double t = rr / sqrt((1 - rr * rr) / (nn - 2));

		if (!isfinite(t))
			return (t > 0) == (lower != 0) ? 0 : 1;
		return lower ? gsl_cdf_tdist_Q(t, nn - 2) : gsl_cdf_tdist_P(t, nn - 2);
	}
}

int test_spearman(struct test_result *r, const double *x, const double *y, size_t n,
		  enum alternative alt)
{
	return test_spearman_weighted(r, x, y, NULL, n, alt);
}

int test_spearman_weighted(struct test_result *r, const double *x, const double *y,
			   const double *w, size_t k, enum alternative alt)
{
	double *rx, *ry, m, sxy = 0, sxx = 0, syy = 0, nn = 0, q;
	struct keyed *tmp;
	size_t i, n;
	int ties, exact;

	test_reset(r, TEST_SPEARMAN);
	for (i = 0; i < k; i++)
		nn += w ? w[i] : 1;
	n = (size_t)nn;
	r->n = n;
	if (n < 3) {
		r->note = n == 0 ? STAT_NO_DATA : STAT_TOO_FEW;
		return 0;
	}
	rx = malloc(k * sizeof(*rx));
	ry = malloc(k * sizeof(*ry));
	tmp = malloc(k * sizeof(*tmp));
	if (!rx || !ry || !tmp) {
		free(rx);
		free(ry);
		free(tmp);
		return -1;
	}
	ties = midranks(x, w, k, rx, tmp);
	ties |= midranks(y, w, k, ry, tmp);
	free(tmp);
	m = (nn + 1) / 2;
	for (i = 0; i < k; i++) {
		double c = w ? w[i] : 1;

		sxy += c * (rx[i] - m) * (ry[i] - m);
		sxx += c * (rx[i] - m) * (rx[i] - m);
		syy += c * (ry[i] - m) * (ry[i] - m);
	}
	free(rx);
	free(ry);
	if (!(sxx > 0 && syy > 0)) {
		r->note = STAT_NO_VARIANCE;
		return 0;
	}
	r->estimate = sxy / sqrt(sxx * syy);
	r->effect_kind = EFFECT_RHO;
	r->effect = r->estimate;
	q = (nn * nn * nn - nn) * (1 - r->estimate) / 6;
	r->statistic = q;
	exact = !ties && n < 1290;
	r->exact = exact && n <= 9;
	switch (alt) {
	case ALT_GREATER:
		r->p = pspearman(q, n, 1, exact);
		break;
	case ALT_LESS:
		r->p = pspearman(q, n, 0, exact);
		break;
	default:
		r->p = q > (nn * nn * nn - nn) / 6 ? pspearman(q, n, 0, exact)
						 : pspearman(q, n, 1, exact);
		r->p = fmin(2 * r->p, 1);
	}
	if (!exact)
		r->df = nn - 2;
	r->note = STAT_OK;
	return 0;
}

/* --- counted pairs ---------------------------------------------------------------- */

static uint64_t pair_hash(double x, double y)
{
	uint64_t a, b;

	memcpy(&a, &x, sizeof(a));
	memcpy(&b, &y, sizeof(b));
	return (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full + (b >> 29));
}

int pair_counts_add(struct pair_counts *p, double x, double y)
{
	size_t k;

	if (x == 0)
		x = 0;	/* -0 counts as 0 */
	if (y == 0)
		y = 0;
	if (2 * (p->used + 1) > p->nslots) {
		size_t nt = p->nslots ? 2 * p->nslots : 64, i;
		struct pair_slot *t = calloc(nt, sizeof(*t));

		if (!t)
			return -1;
		for (i = 0; i < p->nslots; i++) {
			if (p->slot[i].c == 0)
				continue;
			k = pair_hash(p->slot[i].x, p->slot[i].y) & (nt - 1);
			while (t[k].c != 0)
				k = (k + 1) & (nt - 1);
			t[k] = p->slot[i];
		}
		free(p->slot);
		p->slot = t;
		p->nslots = nt;
	}
	k = pair_hash(x, y) & (p->nslots - 1);
	while (p->slot[k].c != 0 && !(p->slot[k].x == x && p->slot[k].y == y))
		k = (k + 1) & (p->nslots - 1);
	if (p->slot[k].c == 0) {
		p->slot[k].x = x;
		p->slot[k].y = y;
		p->used++;
	}
	p->slot[k].c++;
	p->n++;
	return 0;
}

int test_spearman_counts(struct test_result *r, const struct pair_counts *p, enum alternative alt)
{
	double *x = malloc((p->used + 1) * sizeof(*x));
	double *y = malloc((p->used + 1) * sizeof(*y));
	double *w = malloc((p->used + 1) * sizeof(*w));
	size_t i, k = 0;
	int rc = -1;

	if (x && y && w) {
		for (i = 0; i < p->nslots; i++)
			if (p->slot[i].c > 0) {
				x[k] = p->slot[i].x;
				y[k] = p->slot[i].y;
				w[k++] = p->slot[i].c;
			}
		rc = test_spearman_weighted(r, x, y, w, k, alt);
	}
	free(x);
	free(y);
	free(w);
	return rc;
}

void pair_counts_release(struct pair_counts *p)
{
	free(p->slot);
	memset(p, 0, sizeof(*p));
}
