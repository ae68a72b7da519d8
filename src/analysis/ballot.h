/*
 * ballot: the jurors' rankings aggregated by two voting methods, beside the
 * ranking by scores (analysis/prize): the Borda count and the Schulze
 * method (a Condorcet method: a candidate that beats every other one head
 * to head comes first).  Each juror's ballot is the order of the candidates
 * they scored, by their total; equal totals are a tie on the ballot.  The
 * jurors score only the candidates assigned to them, so ballots are
 * partial: a ballot says nothing about the candidates it does not hold.
 *
 * Borda, for partial ballots with ties: on a ballot of m >= 2 candidates a
 * candidate gets one point for each candidate ranked below it and half a
 * point for each tied with it (0 to m-1: the textbook count on complete
 * ballots).  Its Borda score is the mean over the ballots that hold it of
 * points / (m - 1), times 100: a candidate scored by few jurors is neither
 * helped nor harmed by it.  A ballot of one candidate ranks nothing and
 * counts for nothing.  Ranked by score, highest first; equal scores (1e-9)
 * share the rank.
 *
 * Schulze: d[X][Y], the number of ballots that hold both X and Y and rank
 * X above Y (ties and absent candidates give nothing); strongest paths by
 * winning votes (Schulze 2011, section 2.3, the Floyd-Warshall variant);
 * X beats Y when p[X][Y] > p[Y][X], a relation Schulze proves transitive.
 * Rank, in rounds: the candidates that no remaining candidate beats (the
 * Schulze winners) share the next place and leave; then again (1=, 1=, 3).
 *
 * Candidates on no ballot of two or more are unranked (rank 0) in both.
 */
#ifndef UTILIS_BALLOT_H
#define UTILIS_BALLOT_H

#include <stddef.h>

struct ballot_input {
	size_t ncand;		/* candidates */
	size_t nvoter;		/* ballots (jurors, or groups of voters) */
	const double *pref;	/* [voter * ncand + cand]: higher is preferred; NaN: not on the ballot */
	const double *count;	/* [voter]: voters casting that ballot; NULL for 1 each */
};

struct ballot_result {
	size_t ncand;		/* as in the input */
	double *points;		/* [cand]: Borda points, summed over ballots (textbook count) */
	double *borda;		/* [cand]: Borda score on 0-100; NaN when unranked */
	size_t *borda_rank;	/* [cand]: 1 = first, shared on ties; 0 unranked */
	double *d;		/* [x * ncand + y]: ballots ranking x above y */
	double *p;		/* [x * ncand + y]: strength of the strongest path x to y */
	size_t *wins;		/* [cand]: candidates it beats (Schulze) */
	size_t *schulze_rank;	/* [cand]: by rounds of Schulze winners, shared; 0 unranked */
	size_t *nballot;	/* [cand]: ballots of two or more that hold it */
};

/* Both methods.  0 with *out filled (ballot_result_release), or -1 (memory). */
int ballot_compute(const struct ballot_input *in, struct ballot_result *out);
void ballot_result_release(struct ballot_result *r);

/*
 * The jurors' ballots from their totals ([cand * njuror + juror], NaN when
 * not scored: prize_result.juror_totals), then ballot_compute().  0 or -1.
 */
int ballot_from_totals(const double *totals, size_t ncand, size_t njuror, struct ballot_result *out);

#endif
