/*
 * stats: the statistics of the analysis engine, on plain arrays.  Every
 * formula here is checked against a reference implementation (R's stats
 * package, psych::alpha, Newcombe 1998) in tests/unit/test_stats.c, and
 * docs/statistics.md states each one with its reference.
 *
 * Conventions.  A statistic that cannot be computed is NaN, and the result
 * says why in a `note` (enum stat_note): no value, too few values, no
 * variance...  Callers show the note, never the NaN.  Functions do not
 * allocate unless they say so; those that do return -1 when memory runs
 * out.  This module and the rest of src/analysis are the only ones that
 * include GSL headers; GSL's aborting error handler is turned off on first
 * use (stats_init) and every GSL result is checked.
 */
#ifndef UTILIS_STATS_H
#define UTILIS_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Why a statistic is missing (STAT_OK: it is there). */
enum stat_note {
	STAT_OK = 0,
	STAT_NO_DATA,		/* no value at all */
	STAT_TOO_FEW,		/* fewer values than the statistic needs */
	STAT_NO_VARIANCE,	/* every value is the same */
	STAT_ONE_ITEM,		/* reliability of a single item */
	STAT_ONE_GROUP,		/* a comparison needs two groups or more */
	STAT_NO_PAIRS,		/* two items were never answered together */
	STAT_SUPPRESSED,	/* fewer respondents than the smallest group shown */
	STAT_NOT_APPLICABLE,	/* the statistic does not apply here */
	STAT_TOO_LARGE,		/* too many cases to compute exactly (Fisher's exact test) */
};

/* A stable identifier of a note for JSON and CSV ("too_few"...). */
const char *stat_note_id(enum stat_note note);

/* Turn GSL's aborting error handler off.  Idempotent; the statistics call it. */
void stats_init(void);

/* --- distributions of values -------------------------------------------- */

/*
 * A set of values as its distinct values in ascending order with their
 * counts (run-length encoded sorted data).  Every order statistic and rank
 * test works on this form, which stays small for answers on a scale (a
 * 5-point item has 5 distinct values however many respondents).
 */
struct dist {
	double *v;		/* distinct values, ascending */
	size_t *c;		/* c[i]: how many times v[i] occurs (>= 1) */
	size_t nd;		/* number of distinct values */
	size_t n;		/* number of values, the sum of c */
	size_t alloc;		/* entries allocated in v and c */
};

#define DIST_INIT { NULL, NULL, 0, 0, 0 }

/*
 * Build d from the n finite values at x (x may be reordered).  Few distinct
 * values are counted in a hash table, in linear time; many are sorted.
 * Returns 0, or -1 when out of memory (d is then empty).  The buffers of d
 * are reused from one call to the next.
 */
int dist_build(struct dist *d, double *x, size_t n);
/* Same, always by sorting: the reference the fast path is tested against. */
int dist_build_sorted(struct dist *d, double *x, size_t n);
/*
 * d as dist_build() makes it from the values of parts[0..k) together,
 * from their distinct values and counts alone.  0 or -1 (memory: d empty).
 */
int dist_merge(struct dist *d, const struct dist *parts, size_t k);
void dist_release(struct dist *d);

/*
 * Quantile of probability p (0..1) of d, R's type 7 (the default of
 * quantile() in R, Hyndman & Fan 1996): linear interpolation between the
 * order statistics x[floor(h)] and x[floor(h)+1], h = (n-1)p.  NaN when d is
 * empty.
 */
double dist_quantile(const struct dist *d, double p);

/* --- descriptive statistics ----------------------------------------------- */

struct summary {
	size_t n;		/* values */
	double mean;		/* arithmetic mean */
	double sd;		/* standard deviation, denominator n-1 */
	double min, q1, median, q3, max;	/* quartiles of type 7 */
	double ci_lo, ci_hi;	/* t interval of the mean at level conf */
	double conf;		/* confidence level of the interval (0.95) */
	enum stat_note note;	/* STAT_OK, or why sd/ci are NaN (mean too when no data) */
};

/*
 * Describe d: n, mean, sd, quartiles, and the t interval of the mean
 * mean +- t(1-(1-conf)/2, n-1) sd/sqrt(n) (R: t.test(x)$conf.int).  One value
 * gives a mean and quartiles but no sd or interval (note STAT_TOO_FEW); equal
 * values give sd 0 and an interval of zero width (note STAT_NO_VARIANCE).
 */
void summary_of(struct summary *s, const struct dist *d, double conf);

/*
 * The small-group rule for extremes: replace s->min and s->max (of d) by
 * the k-th smallest and the k-th largest value: at least k values are at
 * or below the one, at least k others at or above the other, so that
 * neither is one person's value alone (k = min_group; k <= 1 leaves the
 * true extremes).  Both NaN when d has fewer than 2k values.
 */
void summary_extremes(struct summary *s, const struct dist *d, size_t k);

/*
 * Wilson score interval of a proportion k/n at level conf (Wilson 1927;
 * Newcombe 1998 method 3; R: prop.test(k, n, correct = FALSE)$conf.int).
 * Returns 0, or -1 when n is 0 (lo and hi NaN).
 */
int wilson_interval(size_t k, size_t n, double conf, double *lo, double *hi);

/* --- tests and effect sizes ----------------------------------------------- */

enum test_kind {
	TEST_NONE,
	TEST_WELCH,		/* Welch's two-sample t test */
	TEST_ANOVA,		/* one-way analysis of variance */
	TEST_MANN_WHITNEY,	/* Wilcoxon-Mann-Whitney rank-sum test */
	TEST_KRUSKAL,		/* Kruskal-Wallis rank-sum test */
	TEST_CHISQ,		/* Pearson's chi-square test of independence */
	TEST_SPEARMAN,		/* Spearman's rank correlation */
	TEST_FISHER,		/* Fisher's exact test of independence */
	TEST_PAIRED_T,		/* Student's t test of paired differences */
	TEST_SIGNED_RANK,	/* Wilcoxon signed-rank test of paired differences */
	TEST_MCNEMAR,		/* McNemar's test of a yes/no answer given twice */
};

enum effect_kind {
	EFFECT_NONE,
	EFFECT_COHEN_D,		/* (mean1 - mean2) / pooled sd */
	EFFECT_ETA2,		/* between-group / total sum of squares */
	EFFECT_RANK_BISERIAL,	/* 2 W / (n1 n2) - 1 */
	EFFECT_CRAMER_V,	/* sqrt(X2 / (N (min(r, c) - 1))) */
	EFFECT_RHO,		/* Spearman's rho itself */
	EFFECT_DZ,		/* mean difference / sd of the differences (Cohen's d_z) */
	EFFECT_R_Z,		/* z / sqrt(n) of the signed-rank test's normal approximation */
};

enum alternative { ALT_TWO_SIDED, ALT_LESS, ALT_GREATER };

struct test_result {
	enum test_kind kind;	/* which test */
	enum stat_note note;	/* STAT_OK, or why nothing below is set */
	double statistic;	/* t, F, W, H, X-squared or S */
	double df, df2;		/* degrees of freedom (df2: F's denominator); NaN when none */
	double p;		/* p-value for the alternative asked (two-sided by default) */
	int exact;		/* 1 when p comes from the exact distribution */
	int corrected;		/* continuity correction applied (Yates, Mann-Whitney) */
	enum effect_kind effect_kind;	/* what effect holds */
	double effect;		/* the effect size, NaN when undefined */
	double estimate;	/* Spearman: rho; else NaN */
	size_t n;		/* values (or pairs) used */
	size_t ngroups;		/* groups compared */
	size_t nsmall;		/* chi-square: cells with an expected count below 5 */
	double min_expected;	/* chi-square: the smallest expected count */
};

/* Stable identifiers for JSON and CSV ("welch", "cohen_d"...). */
const char *test_kind_id(enum test_kind k);
const char *effect_kind_id(enum effect_kind k);

/*
 * Welch's t test of two independent samples from their summaries (R:
 * t.test(x, y), var.equal = FALSE), two-sided, with Cohen's d over the
 * pooled standard deviation sqrt(((n1-1)s1^2 + (n2-1)s2^2) / (n1+n2-2)).
 * Needs two values in each group and some variance.
 */
void test_welch(struct test_result *r, const struct summary *a, const struct summary *b);

/*
 * One-way analysis of variance of k groups from their summaries (R:
 * oneway.test(var.equal = TRUE), anova(lm())), with eta squared.
 */
void test_anova(struct test_result *r, const struct summary *g, size_t k);

/*
 * Wilcoxon-Mann-Whitney rank-sum test of a against b (R: wilcox.test(x, y)):
 * W is the rank sum of a minus n1(n1+1)/2; the p-value is exact when both
 * groups have fewer than 50 values and there are no ties, else the normal
 * approximation with tie and continuity corrections.  Effect: rank-biserial
 * correlation 2W/(n1 n2) - 1.  Returns 0, or -1 when out of memory.
 */
int test_mann_whitney(struct test_result *r, const struct dist *a, const struct dist *b,
		      enum alternative alt);

/*
 * Kruskal-Wallis rank-sum test of k groups, corrected for ties (R:
 * kruskal.test()).  Returns 0 (r->note says when not computed).
 */
void test_kruskal(struct test_result *r, const struct dist *const *g, size_t k);

/*
 * Pearson's chi-square test of independence of an nrow x ncol table of
 * counts (row-major), as R's chisq.test(): rows and columns whose total is
 * zero are left out first; a 2x2 table gets Yates' continuity correction.
 * Cramer's V comes from the uncorrected statistic.  nsmall and min_expected
 * say whether the approximation may be poor (R warns when an expected count
 * is below 5).  Returns 0, or -1 when out of memory.
 */
int test_chisq(struct test_result *r, const double *counts, size_t nrow, size_t ncol);

/* Tables Fisher's exact test enumerates at most (about a second). */
#define FISHER_MAX_TABLES 20000000

/*
 * Fisher's exact test of independence of an nrow x ncol table of counts
 * (row-major, whole numbers), as R's fisher.test(): rows and columns whose
 * total is zero are left out first; the two-sided p-value is the sum of
 * the probabilities, given the margins (multivariate hypergeometric), of
 * every table no more probable than the one observed, with R's relative
 * tolerance 1 + 1e-7.  Every table with the margins is enumerated (the
 * last column follows from the others), and a partial table whose every
 * completion is known to be less probable than the one observed counts as
 * a whole, in closed form; past max_tables partial tables (0: the default
 * FISHER_MAX_TABLES) the test gives up with note STAT_TOO_LARGE.  r->exact
 * is 1; no statistic, no effect.
 * Returns 0, or -1 when out of memory.
 */
int test_fisher(struct test_result *r, const double *counts, size_t nrow, size_t ncol,
		size_t max_tables);

/*
 * Spearman's rank correlation of n pairs (R: cor.test(x, y, method =
 * "spearman")): rho is the correlation of mid-ranks; S = (n^3-n)(1-rho)/6;
 * the p-value is exact for n <= 9 without ties, from the Edgeworth series
 * of AS 89 (Best & Roberts 1975) for n < 1290 without ties, else from the t
 * approximation with n-2 degrees of freedom.  x and y are not modified.
 * Returns 0, or -1 when out of memory.
 */
int test_spearman(struct test_result *r, const double *x, const double *y, size_t n,
		  enum alternative alt);
/*
 * The same on k distinct pairs (x[i], y[i]) occurring w[i] times each (w
 * NULL: once), so that a million answers on small scales cost a table of
 * their combinations: the result is that of the n = sum of w pairs written
 * out one by one.
 */
int test_spearman_weighted(struct test_result *r, const double *x, const double *y,
			   const double *w, size_t k, enum alternative alt);

/*
 * Distinct pairs of numbers with their counts, for Spearman's correlation
 * of a million answers: on small scales the table holds a few dozen pairs.
 */
struct pair_counts {
	struct pair_slot {
		double x, y;	/* the pair */
		double c;	/* how many times; 0: empty slot */
	} *slot;		/* open addressing */
	size_t nslots;		/* a power of two, or 0 */
	size_t used;		/* distinct pairs */
	double n;		/* pairs added */
};

#define PAIR_COUNTS_INIT { NULL, 0, 0, 0 }

/* Count the pair (x, y).  Returns 0 or -1 (memory). */
int pair_counts_add(struct pair_counts *p, double x, double y);
/* test_spearman_weighted() on the pairs counted.  Returns 0 or -1 (memory). */
int test_spearman_counts(struct test_result *r, const struct pair_counts *p, enum alternative alt);
void pair_counts_release(struct pair_counts *p);

/* --- paired data: the same people twice (paired.c) ------------------------ */

/*
 * Student's t test of n paired differences d (after - before), as R's
 * t.test(after, before, paired = TRUE): t = mean / (sd / sqrt(n)) on n-1
 * degrees of freedom, two-sided, and the interval of the mean difference
 * at level conf into *lo, *hi (R: $conf.int).  Effect: d_z = mean / sd.
 * Needs 2 differences (STAT_TOO_FEW) and some variance (STAT_NO_VARIANCE).
 */
void test_paired_t(struct test_result *r, double *lo, double *hi, const double *d, size_t n,
		   double conf);

/*
 * Wilcoxon's signed-rank test of n paired differences d, as R's
 * wilcox.test(after, before, paired = TRUE): zero differences are dropped;
 * V is the sum of the mid-ranks of |d| over the positive ones; the p-value
 * is exact when fewer than 50 differences remain with neither ties nor
 * zeros, else from the normal approximation with the tie term and the
 * continuity correction.  Effect: r = z / sqrt(n), z the signed statistic
 * of that normal approximation (computed even when p is exact) and n the
 * non-zero differences.  r->n is the number of pairs given.  d is not
 * modified.  Returns 0, or -1 when out of memory.
 */
int test_signed_rank(struct test_result *r, const double *d, size_t n, enum alternative alt);

/*
 * McNemar's test of a yes/no answer given twice by the same people, as R's
 * mcnemar.test(): t[0..4) is the 2x2 table of counts, before in rows and
 * after in columns, row-major (yes-yes, yes-no, no-yes, no-no in either
 * coding); X2 = (|b - c| - 1)^2 / (b + c) with the continuity correction,
 * which R leaves out when b = c; one degree of freedom.  No discordant pair
 * (b + c = 0): STAT_NO_VARIANCE.  No effect size.
 */
void test_mcnemar(struct test_result *r, const double *t);

/* --- reliability: Cronbach's alpha ---------------------------------------- */

/*
 * Sums for the pairwise covariance matrix of k items, fed one respondent at
 * a time.  Missing answers (NaN) are handled pairwise, as psych::alpha does
 * with R's cov(use = "pairwise"): the covariance of two items uses the
 * respondents who answered both.  Values are shifted by `center` before
 * summing, which keeps the sums exact for answers on a scale.
 */
struct alpha_acc {
	size_t k;		/* items */
	double center;		/* subtracted from every value */
	double *npair;		/* k x k, i <= j: respondents who answered both items */
	double *sum;		/* k x k: sum[i*k+j] = sum of item i over those respondents */
	double *cross;		/* k x k, i <= j: sum of (item i)(item j) over them */
	double *isum, *isq;	/* k: sum and sum of squares of each item as answered (raw) */
	double *inum;		/* k: respondents who answered each item */
	size_t nresp;		/* respondents who answered at least one item */
	uint32_t *pat;		/* respondents counted by pattern (alpha_acc_patterns()), or NULL */
	double *px, *praw;	/* x and raw of answer c (0-9) to item i at [i * 10 + c] */
};

/* Allocate sums for k items.  Returns 0 or -1 (memory). */
int alpha_acc_init(struct alpha_acc *a, size_t k, double center);
void alpha_acc_release(struct alpha_acc *a);
/* Every sum and count back to zero, the patterns (if on) kept on. */
void alpha_acc_clear(struct alpha_acc *a);
/* Add one respondent: x[0..k) on the scored scale, raw[0..k) as answered; NaN = missing. */
void alpha_acc_add(struct alpha_acc *a, const double *x, const double *raw);

/*
 * Counting by answer pattern.  When each item's answers are the digits 0
 * to 9 with x[i * 10 + c] and raw[i * 10 + c] the values of answer c to
 * item i, and every one of them (x less the center, and raw) is a whole
 * number of magnitude at most ALPHA_EXACT, every sum of fewer than 2^32
 * respondents is a whole number below 2^53: a double holds it exactly, in
 * whatever order it is added.  A respondent is then one count, of the
 * pattern sum over the items of code_i ALPHA_CODES^i (code 0: no answer,
 * c + 1: answer c), given by alpha_acc_count(); alpha_acc_flush() adds the
 * counts to the sums, and alpha_compute() does it first.  The figures are
 * the same to the bit as those of alpha_acc_add() row by row.
 * alpha_acc_add() still takes the other respondents: values that are not
 * such whole numbers make it flush the counts and turn the patterns off
 * first, after which the sums go on in the order of the rows as before.
 * Turned on before the first respondent.  Returns 1 when the patterns are
 * on, 0 when they do not apply (more than ALPHA_PATTERN_ITEMS items, values
 * that are not exact, respondents already added), -1 (memory).
 */
#define ALPHA_CODES 11		/* no answer, and the answers 0 to 9 */
#define ALPHA_PATTERN_ITEMS 4	/* 11^4 = 14,641 counts at most */
#define ALPHA_EXACT 1024.0
int alpha_acc_patterns(struct alpha_acc *a, const double *x, const double *raw);
void alpha_acc_flush(struct alpha_acc *a);

/* One respondent of pattern idx (alpha_acc_patterns() on). */
static inline void alpha_acc_count(struct alpha_acc *a, size_t idx)
{
	if (a->pat[idx] == UINT32_MAX)	/* four billion of one pattern: add them first */
		alpha_acc_flush(a);
	a->pat[idx]++;
}

struct alpha_item {
	size_t n;		/* respondents who answered the item */
	double mean, sd;	/* of the answers as given (before reverse coding) */
	double r_drop;		/* item-rest correlation (psych: r.drop) */
	double alpha_drop;	/* raw alpha without this item (psych: alpha.drop raw_alpha) */
	double alpha_std_drop;	/* standardised alpha without this item (psych: alpha.drop std.alpha) */
	int dropped;		/* no variance: left out of every figure, as psych::alpha does */
};

struct alpha_result {
	enum stat_note note;	/* STAT_OK, or why raw is NaN */
	enum stat_note std_note; /* why std is NaN */
	size_t k;		/* items, those dropped included */
	size_t ndropped;	/* items left out for want of variance (items[i].dropped) */
	size_t n;		/* respondents who answered at least one item */
	double raw;		/* (k/(k-1)) (1 - tr(C)/sum(C)), C the covariance matrix */
	double std;		/* (k/(k-1)) (1 - k/sum(R)), R the correlation matrix */
	double average_r;	/* mean inter-item correlation (psych: average_r) */
	struct alpha_item *items;	/* k entries, malloc'd (alpha_result_release) */
};

/*
 * Cronbach's alpha, raw and standardised, with alpha if item deleted and
 * item-rest correlations, exactly as psych::alpha computes them from the
 * pairwise covariance matrix.  An item answered by two respondents or more
 * whose answers are all equal is left out of every figure (items[i].dropped,
 * its r_drop and alphas if deleted NaN), as psych::alpha does; fewer than
 * two items left: note STAT_NO_VARIANCE.  One item: note STAT_ONE_ITEM.
 * Returns 0, or -1 when out of memory.
 */
int alpha_compute(struct alpha_result *r, struct alpha_acc *a);
void alpha_result_release(struct alpha_result *r);

/* --- bootstrap ---------------------------------------------------------------- */

struct boot_result {
	enum stat_note note;	/* STAT_OK, or why lo and hi are NaN */
	double estimate;	/* the statistic on all n rows */
	double lo, hi;		/* percentile interval at level conf */
	size_t n;		/* rows */
	size_t m;		/* rows drawn per replicate (m < n: rescaled m-out-of-n) */
	size_t nboot;		/* replicates drawn */
	size_t nvalid;		/* replicates where the statistic was defined */
};

/*
 * Percentile bootstrap interval of a statistic of column means.  rows holds
 * rows of k values, row-major, NaN where missing; idx[0..n) selects the rows
 * resampled (NULL: rows 0..n-1).  stat(ctx, means) computes the statistic
 * from the k column means (NaN for a column without values) and returns NaN
 * when it is undefined.  Replicates resample rows with replacement; the
 * interval is the (1-conf)/2 and 1-(1-conf)/2 quantiles (type 7) of the
 * replicates.  When n > max_m, a simple random sample S of m = max_m rows is
 * drawn once and resampled instead, and the quantiles are scaled back to n:
 * estimate + sqrt(m/n) (q - stat(S)), the m-out-of-n bootstrap (Bickel,
 * Gotze & van Zwet 1997), sound for smooth statistics of means such as a
 * composite index.  Needs 2 rows and 99% of replicates defined (else
 * STAT_TOO_FEW).  Deterministic for a seed.  Returns 0, or -1 (memory).
 */
int boot_means(struct boot_result *r, const double *rows, size_t k, const size_t *idx,
	       size_t n, double (*stat)(void *ctx, const double *means), void *ctx,
	       size_t nboot, size_t max_m, double conf, uint64_t seed);

/* --- random numbers --------------------------------------------------------- */

/*
 * xoshiro256** (Blackman & Vigna 2018), seeded through splitmix64: a fast
 * generator whose stream is fixed by its seed on every platform, so that a
 * seeded bootstrap gives the same interval everywhere.
 */
struct rng {
	uint64_t s[4];		/* state */
};

void rng_seed(struct rng *g, uint64_t seed);

/*
 * Jump-ahead: rng_jump_poly() finds the polynomial jp of x^n modulo the
 * generator's characteristic polynomial (about fifty microseconds);
 * rng_jump() then moves a state to where n calls of rng_next() would
 * leave it, in 256 steps whatever n (the bootstrap's lanes, bootstrap.c).
 */
void rng_jump_poly(uint64_t jp[4], uint64_t n);
void rng_jump(struct rng *g, const uint64_t jp[4]);

/* The next 64 random bits.  Inline: the bootstrap draws millions of them. */
static inline uint64_t rng_next(struct rng *g)
{
	uint64_t *s = g->s, x = s[1] * 5;
	uint64_t result = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}

/* Uniform integer in [0, n), unbiased (Lemire 2019).  n > 0. */
static inline uint64_t rng_below(struct rng *g, uint64_t n)
{
	unsigned __int128 m = (unsigned __int128)rng_next(g) * n;
	uint64_t l = (uint64_t)m;

	if (l < n) {
		uint64_t t = -n % n;

		while (l < t) {
			m = (unsigned __int128)rng_next(g) * n;
			l = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/* --- the bootstrap's draws --------------------------------------------------- */

/*
 * The draws of the bootstrap's fixed-point loop (bootstrap.c), exposed for
 * the tests and the benchmark: nboot replicates of m draws rng_below(g, m)
 * of rows of K = 2, 4 or 8 int64 columns from fx[0..m K), replicate b's
 * column sums into sums[b K .. b K + K), *g left where the draws leave it.
 * Every path gives the same sums and the same *g; BOOT_PATH_AUTO takes the
 * fastest the processor has when the draws are many enough (BOOT_LANES_MIN)
 * to pay for the lanes' jumps.  Returns 0, or -1 for a path this processor
 * does not have.
 */
enum boot_path {
	BOOT_PATH_AUTO,		/* boot_path_best() for many draws, else scalar */
	BOOT_PATH_SCALAR,	/* one draw after another */
	BOOT_PATH_AVX2,		/* four lanes, AVX2 */
	BOOT_PATH_AVX512,	/* eight lanes, AVX-512VL */
};
/* the lanes' jumps take some 40 microseconds, 50,000 draws of the scalar loop */
#define BOOT_LANES_MIN (1 << 18)

enum boot_path boot_path_best(void);
int boot_draws(const int64_t *fx, size_t K, size_t m, struct rng *g, size_t nboot, int64_t *sums,
	       enum boot_path path);

#endif
