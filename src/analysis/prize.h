/*
 * prize: the scores of the "La part des autres" jury turned into results —
 * juror normalisation, aggregation per criterion, weighted totals on
 * 0-100, ranks with ties and their tie-break, flags for the deliberation,
 * each juror's severity, and the jury's reliability (analysis/reliability).
 *
 * Rules, in the order they apply (docs/prize.md says the same for jurors):
 *  1. Normalisation of each juror, over every score they gave:
 *     none; zscore: z = (x - m_j) / s_j with the juror's mean and SD, then
 *     x' = M + z S with the whole jury's mean and SD, clamped to the scale;
 *     range: x' = lo + (x - min_j) / (max_j - min_j) (hi - lo).  A juror
 *     whose scores do not vary cannot be normalised: their scores are kept
 *     as given and the result says so (prize_result.juror[].not_normalised).
 *  2. Aggregation per candidate and criterion over the jurors who scored
 *     it: mean, median, or trimmed mean (the highest and lowest dropped when
 *     at least 5 jurors scored; the plain mean otherwise).
 *  3. Total: sum over criteria of w_c 100 (a_c - lo) / (hi - lo), divided
 *     by the sum of the weights of the criteria that have a score.
 *  4. Rank by total, highest first.  Equal totals (to 1e-9) are tied; the
 *     tie is broken by the criteria of the tie-break order (higher
 *     aggregated score first), then by the median of the jurors' totals;
 *     candidates still equal share their rank.  Each candidate says which
 *     step decided its place.
 *  5. Flags: too few jurors (fewer than min_jurors scored the candidate);
 *     "to discuss" when the SD of the jurors' totals exceeds the divergence
 *     threshold (points on 0-100); a juror far from the others when their
 *     total differs from the mean of the other jurors' totals by more than
 *     twice that threshold.  Both flags read the normalised totals (those
 *     the ranking is built from; the raw ones under 'none'), so that a
 *     juror's overall severity, which normalisation removes and step 6
 *     reports, does not flag every candidate they scored.
 *  6. Severity of a juror: the mean, over the candidates they share with
 *     others, of their total minus the mean of the others' totals (raw
 *     scores: negative means severe).
 *  7. Reliability on the table candidates x jurors of raw totals: the six
 *     ICCs and Kendall's W when every juror scored every candidate (else
 *     marked not applicable), Krippendorff's interval alpha always.
 */
#ifndef UTILIS_PRIZE_H
#define UTILIS_PRIZE_H

#include <stddef.h>

#include "analysis/reliability.h"

enum prize_norm { PRIZE_NORM_NONE, PRIZE_NORM_ZSCORE, PRIZE_NORM_RANGE };
enum prize_agg { PRIZE_AGG_MEAN, PRIZE_AGG_MEDIAN, PRIZE_AGG_TRIMMED };

struct prize_input {
	size_t ncand;		/* candidates */
	size_t njuror;		/* jurors */
	size_t ncrit;		/* criteria */
	const double *scores;	/* [cand][juror][crit], NaN where not scored */
	const double *weights;	/* [crit], positive */
	double lo, hi;		/* the grid's scale */
	enum prize_norm norm;	/* step 1 */
	enum prize_agg agg;	/* step 2 */
	size_t min_jurors;	/* step 5 */
	double divergence;	/* step 5, points on 0-100 */
	const size_t *tiebreak;	/* criteria indices, in tie-break order */
	size_t ntiebreak;	/* their number */
	int ranks_only;		/* skip step 7 (reliability left zero): the reruns of prize_robustness() */
};

/* What decided a candidate's place against the one tied with it. */
enum prize_decider {
	DECIDED_TOTAL,		/* no tie */
	DECIDED_CRITERION,	/* a tie-break criterion (see decider_crit) */
	DECIDED_MEDIAN,		/* the median of the jurors' totals */
	DECIDED_SHARED,		/* still tied: the rank is shared */
};

struct prize_criterion_stats {
	double agg;		/* aggregated (normalised) score used in the total */
	double mean, sd;	/* of the raw scores (sd NaN below 2 jurors) */
	double min, max;	/* of the raw scores */
	size_t n;		/* jurors who scored it */
};

struct prize_candidate {
	double total;		/* weighted total on 0-100, NaN when nothing scored */
	double juror_median;	/* median of the jurors' totals (normalised) */
	double juror_sd;	/* SD of the jurors' totals (normalised) */
	size_t njurors;		/* jurors who scored at least one criterion */
	size_t rank;		/* 1 = first; equal for a shared rank; 0 when unranked */
	enum prize_decider decider; /* what placed it against its tie */
	size_t decider_crit;	/* the criterion when DECIDED_CRITERION */
	int too_few_jurors;	/* flag: njurors < min_jurors */
	int to_discuss;		/* flag: juror_sd > divergence */
	size_t nfar;		/* jurors far from the others on this candidate */
	struct prize_criterion_stats *crit; /* [ncrit] */
};

struct prize_juror {
	double severity;	/* mean deviation from the others (NaN: shares nothing) */
	size_t nscored;		/* candidates scored */
	double mean, sd;	/* of all their raw scores */
	int not_normalised;	/* their scores did not vary: kept as given */
};

struct prize_result {
	size_t ncand;			/* candidates, as in the input */
	struct prize_candidate *cand;	/* [ncand] */
	struct prize_juror *juror;	/* [njuror] */
	size_t *order;			/* candidate indices by rank */
	double *juror_totals;		/* [cand][juror] normalised totals, NaN when not scored */
	int complete;			/* every juror scored every candidate */
	struct icc_result icc;		/* STAT_NOT_APPLICABLE when incomplete */
	struct kendall_w kendall;	/* likewise */
	struct kalpha kalpha;		/* always */
};

/*
 * How solid a candidate's rank is (issue 15).  The ranking is computed again
 * under each normalisation x aggregation (the input's min_jurors, weights,
 * tie-break kept), and with each juror left out in turn (the input's rules);
 * rank_min and rank_max span the reference rank and all of these.  A
 * bootstrap over jurors (nboot samples of njuror jurors drawn with
 * replacement, GSL's mt19937 seeded with seed: same data, same interval)
 * gives the 2.5 and 97.5 percentiles of the rank.  Fragile: the candidate
 * is in the top three under some of these choices (rank_min <= 3) and its
 * place is not the same under all (rank_min != rank_max); the bootstrap,
 * which draws jurors twice, does not decide it.  A rank 0 (unranked: nobody
 * scored it) is left out of every span; all zero when never ranked.
 */
struct prize_robust {
	size_t variant[3][3];	/* rank under [enum prize_norm][enum prize_agg] */
	size_t loo_min, loo_max; /* with one juror left out (the rank itself below 2 jurors) */
	size_t boot_lo, boot_hi; /* bootstrap 95 % interval of the rank */
	size_t rank_min, rank_max; /* over the rank, the variants and leave-one-out */
	int fragile;		/* « classement fragile » */
};

/*
 * Fill out[ncand] for the input whose results are ref.  Returns 0, or -1
 * when memory runs out.
 */
#define PRIZE_BOOT_SAMPLES 200	/* what 'prize results' draws */
#define PRIZE_BOOT_SEED 2016UL		/* and its seed: the first edition */
int prize_robustness(const struct prize_input *in, const struct prize_result *ref, size_t nboot,
		     unsigned long seed, struct prize_robust *out);

/*
 * Compute the results.  Returns 0 and fills *out (release it with
 * prize_result_release()), or -1 when memory runs out.
 */
int prize_compute(const struct prize_input *in, struct prize_result *out);
void prize_result_release(struct prize_result *r);

#endif
