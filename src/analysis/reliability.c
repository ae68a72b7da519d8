/*
 * reliability: intraclass correlations, Kendall's W and Krippendorff's
 * alpha (see reliability.h for the references and the contract).
 */
#include "analysis/reliability.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

/* Upper quantile of F(d1, d2) at probability p, NaN when GSL cannot. */
static double f_quantile(double p, double d1, double d2)
{
	if (!(d1 > 0) || !(d2 > 0) || !isfinite(d1) || !isfinite(d2))
		return NAN;
	return gsl_cdf_fdist_Pinv(p, d1, d2);
}

static double f_upper(double f, double d1, double d2)
{
	if (!isfinite(f) || f < 0)
		return NAN;
	return gsl_cdf_fdist_Q(f, d1, d2);
}

/* A coefficient of exactly 1 from a nil error term. */
static void set_exact(struct icc_row *w)
{
	w->icc = 1;
	w->f = INFINITY;
	w->p = 0;
	w->lower = w->upper = 1;
}

const char *icc_form_name(enum icc_form f)
{
	static const char *const names[ICC_NFORMS] = {
		"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k",
	};

	return f < ICC_NFORMS ? names[f] : "?";
}

/*
 * Two-way ANOVA without replication, then psych::ICC's formulas (psych
 * 2.2.9, ICC() with lmer = FALSE), including its intervals: Shrout &
 * Fleiss (1979) for ICC1 and ICC3 and their k forms, and the
 * Satterthwaite-type approximation for ICC2.
 */
int reliability_icc(const double *x, size_t n, size_t k, struct icc_result *r)
{
	const double alpha = 0.05;
	double grand = 0, ssb = 0, ssj = 0, sst = 0, sse, ssw;
	double *rowm, *colm;
	double nn = (double)n, nk = (double)k;
	double f11, f21, f1l, f1u, f3l, f3u, fj, vn, vd, v, l2, u2;
	size_t i, j;
	int f;

	stats_init();
	memset(r, 0, sizeof(*r));
	r->n = n;
	r->k = k;
	for (f = 0; f < ICC_NFORMS; f++) {
		struct icc_row *w = &r->row[f];

		w->icc = w->f = w->df1 = w->df2 = w->p = w->lower = w->upper = NAN;
	}
	r->msb = r->msw = r->msj = r->mse = NAN;
	if (n < 2 || k < 2) {
		r->note = STAT_TOO_FEW;
		return 0;
	}
	rowm = calloc(n, sizeof(double));
	colm = calloc(k, sizeof(double));
	if (!rowm || !colm) {
		free(rowm);
		free(colm);
		return -1;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < k; j++) {
			rowm[i] += x[i * k + j];
			colm[j] += x[i * k + j];
			grand += x[i * k + j];
		}
	grand /= nn * nk;
	for (i = 0; i < n; i++) {
		rowm[i] /= nk;
		ssb += (rowm[i] - grand) * (rowm[i] - grand);
	}
	for (j = 0; j < k; j++) {
		colm[j] /= nn;
		ssj += (colm[j] - grand) * (colm[j] - grand);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < k; j++)
			sst += (x[i * k + j] - grand) * (x[i * k + j] - grand);
	free(rowm);
	free(colm);
	ssb *= nk;
	ssj *= nn;
	sse = sst - ssb - ssj;
	if (sse < 0)
		sse = 0;	/* rounding when the residual is nil */
	ssw = sst - ssb;
	r->msb = ssb / (nn - 1);
	r->msj = ssj / (nk - 1);
	r->mse = sse / ((nn - 1) * (nk - 1));
	r->msw = ssw / (nn * (nk - 1));
	if (!(sst > 0)) {
		r->note = STAT_NO_VARIANCE;
		return 0;
	}
	{
		double msb = r->msb, msw = r->msw, msj = r->msj, mse = r->mse;
		double icc2 = (msb - mse) / (msb + (nk - 1) * mse + nk * (msj - mse) / nn);

		r->row[ICC1].icc = (msb - msw) / (msb + (nk - 1) * msw);
		r->row[ICC2].icc = icc2;
		r->row[ICC3].icc = (msb - mse) / (msb + (nk - 1) * mse);
		r->row[ICC1K].icc = (msb - msw) / msb;
		r->row[ICC2K].icc = (msb - mse) / (msb + (msj - mse) / nn);
		r->row[ICC3K].icc = (msb - mse) / msb;

		f11 = msb / msw;
		f21 = msb / mse;
		for (f = 0; f < ICC_NFORMS; f++) {
			struct icc_row *w = &r->row[f];
			int one = f == ICC1 || f == ICC1K;

			w->f = one ? f11 : f21;
			w->df1 = nn - 1;
			w->df2 = one ? nn * (nk - 1) : (nn - 1) * (nk - 1);
			w->p = f_upper(w->f, w->df1, w->df2);
		}
		f1l = f11 / f_quantile(1 - alpha / 2, nn - 1, nn * (nk - 1));
		f1u = f11 * f_quantile(1 - alpha / 2, nn * (nk - 1), nn - 1);
		f3l = f21 / f_quantile(1 - alpha / 2, nn - 1, (nn - 1) * (nk - 1));
		f3u = f21 * f_quantile(1 - alpha / 2, (nn - 1) * (nk - 1), nn - 1);
		r->row[ICC1].lower = (f1l - 1) / (f1l + (nk - 1));
		r->row[ICC1].upper = (f1u - 1) / (f1u + nk - 1);
		r->row[ICC3].lower = (f3l - 1) / (f3l + nk - 1);
		r->row[ICC3].upper = (f3u - 1) / (f3u + nk - 1);
		r->row[ICC1K].lower = 1 - 1 / f1l;
		r->row[ICC1K].upper = 1 - 1 / f1u;
		r->row[ICC3K].lower = 1 - 1 / f3l;
		r->row[ICC3K].upper = 1 - 1 / f3u;

		fj = msj / mse;
		vn = (nk - 1) * (nn - 1) *
		     pow(nk * icc2 * fj + nn * (1 + (nk - 1) * icc2) - nk * icc2, 2);
		vd = (nn - 1) * nk * nk * icc2 * icc2 * fj * fj +
		     pow(nn * (1 + (nk - 1) * icc2) - nk * icc2, 2);
		v = vn / vd;
		f3u = f_quantile(1 - alpha / 2, nn - 1, v);
		f3l = f_quantile(1 - alpha / 2, v, nn - 1);
		l2 = nn * (msb - f3u * mse) /
		     (f3u * (nk * msj + (nk * nn - nk - nn) * mse) + nn * msb);
		u2 = nn * (f3l * msb - mse) /
		     (nk * msj + (nk * nn - nk - nn) * mse + nn * f3l * msb);
		r->row[ICC2].lower = l2;
		r->row[ICC2].upper = u2;
		r->row[ICC2K].lower = l2 * nk / (1 + l2 * (nk - 1));
		r->row[ICC2K].upper = u2 * nk / (1 + u2 * (nk - 1));

		/*
		 * Perfect agreement (a small jury often gives identical scores):
		 * no residual, F is infinite and the formulas above give NaN
		 * where the limit is plain.  msw = 0 makes ICC1 and ICC1k 1;
		 * mse = 0 makes ICC3 and ICC3k 1, and ICC2 too when the jurors
		 * have no offset either (msj = 0); ICC2's interval has no limit
		 * otherwise and stays NaN.
		 */
		if (msw == 0) {
			set_exact(&r->row[ICC1]);
			set_exact(&r->row[ICC1K]);
		}
		if (mse == 0) {
			set_exact(&r->row[ICC3]);
			set_exact(&r->row[ICC3K]);
			r->row[ICC2].f = r->row[ICC2K].f = INFINITY;
			r->row[ICC2].p = r->row[ICC2K].p = 0;
			if (msj == 0) {
				set_exact(&r->row[ICC2]);
				set_exact(&r->row[ICC2K]);
			}
		}
		/* msb = 0: the targets are indistinguishable; a k form is undefined. */
		for (f = 0; f < ICC_NFORMS; f++)
			if (!isfinite(r->row[f].icc))
				r->row[f].icc = NAN;
	}
	return 0;
}

/* An index into a column, for ranking one rater's scores. */
struct ranked {
	double v;	/* the score */
	size_t i;	/* object it belongs to */
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	return (x->v > y->v) - (x->v < y->v);
}

int reliability_kendall_w(const double *x, size_t n, size_t m, struct kendall_w *out)
{
	struct ranked *col;
	double *rsum, ties = 0, s = 0, mean, nn = (double)n, mm = (double)m, denom;
	size_t i, j;

	stats_init();
	memset(out, 0, sizeof(*out));
	out->n = n;
	out->m = m;
	out->w = out->chisq = out->p = NAN;
	out->df = n >= 1 ? nn - 1 : NAN;
	if (n < 2 || m < 2) {
		out->note = STAT_TOO_FEW;
		return 0;
	}
	col = malloc(n * sizeof(*col));
	rsum = calloc(n, sizeof(*rsum));
	if (!col || !rsum) {
		free(col);
		free(rsum);
		return -1;
	}
	for (j = 0; j < m; j++) {
		for (i = 0; i < n; i++) {
			col[i].v = x[i * m + j];
			col[i].i = i;
		}
		qsort(col, n, sizeof(*col), cmp_ranked);
		for (i = 0; i < n;) {
			size_t e = i + 1, t;
			double mid;

			while (e < n && col[e].v == col[i].v)
				e++;
			t = e - i;
			mid = ((double)i + (double)e + 1) / 2;	/* mean of ranks i+1..e */
			for (size_t q = i; q < e; q++)
				rsum[col[q].i] += mid;
			ties += (double)t * (double)t * (double)t - (double)t;
			i = e;
		}
	}
	mean = mm * (nn + 1) / 2;
	for (i = 0; i < n; i++)
		s += (rsum[i] - mean) * (rsum[i] - mean);
	free(col);
	free(rsum);
	denom = mm * mm * (nn * nn * nn - nn) - mm * ties;
	if (!(denom > 0)) {
		out->note = STAT_NO_VARIANCE;	/* every rater tied every object */
		return 0;
	}
	out->w = 12 * s / denom;
	out->chisq = mm * (nn - 1) * out->w;
	out->p = gsl_cdf_chisq_Q(out->chisq, out->df);
	return 0;
}

/*
 * With values v_1..v_m in a unit, sum over ordered pairs i != j of
 * (v_i - v_j)^2 is 2 (m S2 - S1^2): alpha needs one pass over the table.
 */
int reliability_kalpha_interval(const double *x, size_t units, size_t coders,
				struct kalpha *out)
{
	double n = 0, s1 = 0, s2 = 0, d_o = 0;
	size_t u, j;

	memset(out, 0, sizeof(*out));
	out->alpha = out->d_o = out->d_e = NAN;
	for (u = 0; u < units; u++) {
		double m = 0, a = 0, b = 0;

		for (j = 0; j < coders; j++) {
			double v = x[u * coders + j];

			if (isnan(v))
				continue;
			m++;
			a += v;
			b += v * v;
		}
		if (m < 2)
			continue;
		n += m;
		s1 += a;
		s2 += b;
		d_o += 2 * (m * b - a * a) / (m - 1);
	}
	out->n_pairable = (size_t)n;
	if (n < 2) {
		out->note = STAT_TOO_FEW;
		return 0;
	}
	out->d_o = d_o / n;
	out->d_e = 2 * (n * s2 - s1 * s1) / (n * (n - 1));
	if (!(out->d_e > 0)) {
		out->note = STAT_NO_VARIANCE;
		return 0;
	}
	out->alpha = 1 - out->d_o / out->d_e;
	return 0;
}

enum reliability_band reliability_band(enum band_scale scale, double v)
{
	if (isnan(v))
		return BAND_NONE;
	switch (scale) {
	case BAND_ICC:		/* Koo & Li (2016) */
		return v < 0.5 ? BAND_POOR : v < 0.75 ? BAND_MODERATE : v <= 0.9 ? BAND_GOOD
									 : BAND_EXCELLENT;
	case BAND_KENDALL_W:	/* Schmidt (1997) */
		return v < 0.3 ? BAND_POOR : v < 0.5 ? BAND_MODERATE : v < 0.7 ? BAND_GOOD
									: BAND_EXCELLENT;
	case BAND_KALPHA:	/* Krippendorff (2004): .667 and .800 */
		return v < 0.667 ? BAND_POOR : v < 0.8 ? BAND_MODERATE : BAND_GOOD;
	}
	return BAND_NONE;
}

const char *reliability_band_word(enum reliability_band band, const char *lang)
{
	static const char *const fr[] = { "non calculable", "faible", "modérée", "bonne",
					  "excellente" };
	static const char *const en[] = { "not computable", "poor", "moderate", "good",
					  "excellent" };
	int french = lang && !strcmp(lang, "fr");

	if (band > BAND_EXCELLENT)
		band = BAND_NONE;
	return french ? fr[band] : en[band];
}
