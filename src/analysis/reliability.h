/*
 * reliability: how far jurors (or any raters) agree.  Three families, each
 * tested against a published worked example in tests/unit/test_reliability.c:
 *
 *  - the six intraclass correlations of Shrout & Fleiss (1979) — ICC(1,1),
 *    ICC(2,1), ICC(3,1) and their k-rater forms — with their F tests and
 *    95 % intervals, computed as R's psych::ICC prints them; they need a
 *    complete design (every rater rates every target);
 *  - Kendall's coefficient of concordance W with the correction for ties,
 *    and its chi-square test (equal to Friedman's test: chi2 = m (n - 1) W);
 *  - Krippendorff's alpha for interval data, which accepts missing ratings
 *    (incomplete designs, conflicts of interest), after Krippendorff (2011).
 *
 * Each figure comes with a band (enum reliability_band) for its plain
 * reading: Koo & Li (2016) for the ICCs, Schmidt (1997) for W and
 * Krippendorff (2004) for alpha.  A figure that cannot be computed is NaN
 * with a note (stats.h) saying why.
 */
#ifndef UTILIS_RELIABILITY_H
#define UTILIS_RELIABILITY_H

#include <stddef.h>

#include "analysis/stats.h"

enum icc_form { ICC1, ICC2, ICC3, ICC1K, ICC2K, ICC3K, ICC_NFORMS };

struct icc_row {
	double icc;		/* the coefficient */
	double f;		/* its F statistic */
	double df1, df2;	/* degrees of freedom of the F test */
	double p;		/* one-sided p-value of F */
	double lower, upper;	/* 95 % interval */
};

struct icc_result {
	struct icc_row row[ICC_NFORMS];	/* indexed by enum icc_form */
	size_t n;		/* targets */
	size_t k;		/* raters */
	double msb, msw, msj, mse; /* the ANOVA mean squares they come from */
	enum stat_note note;	/* STAT_OK, or why nothing was computed */
};

/*
 * ICCs of the complete n x k table x (row-major: x[i * k + j] is rater j's
 * rating of target i; no NaN).  Needs n >= 2 and k >= 2 (else STAT_TOO_FEW)
 * and some variance (else STAT_NO_VARIANCE).  Perfect agreement gives
 * coefficients of 1 with an infinite F, p = 0 and the interval [1, 1]; a
 * form whose formula has no value (the k forms when the targets do not
 * differ at all) is NaN.  Returns 0, or -1 when memory runs out.
 */
int reliability_icc(const double *x, size_t n, size_t k, struct icc_result *out);
/* The name of a form as psych prints it: "ICC1", "ICC2k"... */
const char *icc_form_name(enum icc_form f);

struct kendall_w {
	double w;		/* W, with the tie correction */
	double chisq;		/* m (n - 1) W */
	double df;		/* n - 1 */
	double p;		/* upper tail of chi-square */
	size_t n;		/* objects ranked */
	size_t m;		/* raters */
	enum stat_note note;	/* STAT_OK or why W is NaN */
};

/*
 * Kendall's W of the complete n x m table x (x[i * m + j]: rater j's score
 * of object i; each rater's scores are ranked, ties getting mid-ranks).
 * Returns 0, or -1 when memory runs out.
 */
int reliability_kendall_w(const double *x, size_t n, size_t m, struct kendall_w *out);

struct kalpha {
	double alpha;		/* 1 - Do / De */
	double d_o, d_e;	/* observed and expected disagreement */
	size_t n_pairable;	/* values in units with at least two of them */
	enum stat_note note;	/* STAT_OK or why alpha is NaN */
};

/*
 * Krippendorff's alpha, interval metric, of the units x coders table x
 * (x[u * c + j]; NaN for a missing rating).  Units with fewer than two
 * ratings do not count.  Returns 0 (this one does not allocate).
 */
int reliability_kalpha_interval(const double *x, size_t units, size_t coders,
				struct kalpha *out);

/* Plain readings of a coefficient. */
enum reliability_band {
	BAND_NONE,		/* not computable */
	BAND_POOR,		/* ICC < .50; W < .30; alpha < .667 */
	BAND_MODERATE,		/* ICC .50-.75; W .30-.50; alpha .667-.80 (tentative) */
	BAND_GOOD,		/* ICC .75-.90; W .50-.70; alpha >= .80 */
	BAND_EXCELLENT,		/* ICC > .90; W >= .70 */
};

enum band_scale { BAND_ICC, BAND_KENDALL_W, BAND_KALPHA };

enum reliability_band reliability_band(enum band_scale scale, double value);
/*
 * The band as one word for a reader, in French ("fr") or English (any
 * other code): "faible", "modérée", "bonne", "excellente".
 */
const char *reliability_band_word(enum reliability_band band, const char *lang);

#endif
