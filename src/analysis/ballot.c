/*
 * ballot: Borda and Schulze over the jurors' rankings (see ballot.h).
 */
#include "analysis/ballot.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TIE_EPS 1e-9

void ballot_result_release(struct ballot_result *r)
{
	free(r->points);
	free(r->borda);
	free(r->borda_rank);
	free(r->d);
	free(r->p);
	free(r->wins);
	free(r->schulze_rank);
	free(r->nballot);
	memset(r, 0, sizeof(*r));
}

/* -1 when x is preferred to y on this ballot, 1 when y is, 0 when tied. */
static int cmp_pref(double x, double y)
{
	if (fabs(x - y) <= TIE_EPS * (1 + fabs(x) + fabs(y)))
		return 0;
	return x > y ? -1 : 1;
}

int ballot_compute(const struct ballot_input *in, struct ballot_result *r)
{
	size_t nc = in->ncand, v, x, y, z;
	double *nb_w = NULL;	/* [cand]: voters (weighted) of the ballots of 2+ holding it */

	memset(r, 0, sizeof(*r));
	r->ncand = nc;
	r->points = calloc(nc + 1, sizeof(double));
	r->borda = calloc(nc + 1, sizeof(double));
	r->borda_rank = calloc(nc + 1, sizeof(size_t));
	r->d = calloc(nc * nc + 1, sizeof(double));
	r->p = calloc(nc * nc + 1, sizeof(double));
	r->wins = calloc(nc + 1, sizeof(size_t));
	r->schulze_rank = calloc(nc + 1, sizeof(size_t));
	r->nballot = calloc(nc + 1, sizeof(size_t));
	nb_w = calloc(nc + 1, sizeof(double));
	if (!r->points || !r->borda || !r->borda_rank || !r->d || !r->p || !r->wins ||
	    !r->schulze_rank || !r->nballot || !nb_w) {
		free(nb_w);
		ballot_result_release(r);
		return -1;
	}
	for (v = 0; v < in->nvoter; v++) {
		const double *b = in->pref + v * nc;
		double w = in->count ? in->count[v] : 1;
		size_t m = 0;

		for (x = 0; x < nc; x++)
			m += !isnan(b[x]);
		if (m < 2 || !(w > 0))
			continue;	/* ranks nothing */
		for (x = 0; x < nc; x++) {
			double pts = 0;

			if (isnan(b[x]))
				continue;
			for (y = 0; y < nc; y++) {
				int c;

				if (y == x || isnan(b[y]))
					continue;
				c = cmp_pref(b[x], b[y]);
				if (c < 0) {
					pts += 1;
					r->d[x * nc + y] += w;
				} else if (c == 0) {
					pts += 0.5;
				}
			}
			r->points[x] += w * pts;
			r->borda[x] += w * pts / (double)(m - 1);
			nb_w[x] += w;
			r->nballot[x]++;
		}
	}
	/* Borda: the mean share of the ballots, on 0-100. */
	for (x = 0; x < nc; x++)
		r->borda[x] = r->nballot[x] ? 100 * r->borda[x] / nb_w[x] : NAN;
	for (x = 0; x < nc; x++) {
		if (!r->nballot[x])
			continue;
		r->borda_rank[x] = 1;
		for (y = 0; y < nc; y++)
			if (r->nballot[y] && r->borda[y] > r->borda[x] + TIE_EPS)
				r->borda_rank[x]++;
	}
	/* Schulze: strongest paths by winning votes. */
	for (x = 0; x < nc; x++)
		for (y = 0; y < nc; y++)
			if (x != y && r->d[x * nc + y] > r->d[y * nc + x])
				r->p[x * nc + y] = r->d[x * nc + y];
	for (x = 0; x < nc; x++)
		for (y = 0; y < nc; y++) {
			if (y == x)
				continue;
			for (z = 0; z < nc; z++) {
				double via;

				if (z == x || z == y)
					continue;
				via = fmin(r->p[y * nc + x], r->p[x * nc + z]);
				if (via > r->p[y * nc + z])
					r->p[y * nc + z] = via;
			}
		}
	for (x = 0; x < nc; x++)
		for (y = 0; y < nc; y++)
			if (x != y && r->nballot[x] && r->nballot[y] && r->p[x * nc + y] > r->p[y * nc + x])
				r->wins[x]++;
	/*
	 * Ranks in rounds: the candidates no remaining one beats (Schulze's
	 * winners) take the next place together, then leave.  The strict
	 * relation is transitive, so each round takes at least one.
	 */
	{
		size_t placed = 0, nranked = 0, round;

		for (x = 0; x < nc; x++)
			nranked += r->nballot[x] != 0;
		while (placed < nranked) {
			round = 0;
			for (x = 0; x < nc; x++) {
				int beaten = 0;

				if (!r->nballot[x] || r->schulze_rank[x])
					continue;
				/* Remaining: not placed in an earlier round (0, or this round's mark). */
				for (y = 0; y < nc && !beaten; y++)
					beaten = y != x && r->nballot[y] &&
						 (!r->schulze_rank[y] || r->schulze_rank[y] == SIZE_MAX) &&
						 r->p[y * nc + x] > r->p[x * nc + y];
				if (!beaten)
					r->schulze_rank[x] = SIZE_MAX;	/* this round */
			}
			for (x = 0; x < nc; x++)
				if (r->schulze_rank[x] == SIZE_MAX) {
					r->schulze_rank[x] = placed + 1;
					round++;
				}
			if (!round)
				break;	/* cannot happen: the relation is acyclic */
			placed += round;
		}
	}
	free(nb_w);
	return 0;
}

int ballot_from_totals(const double *totals, size_t ncand, size_t njuror, struct ballot_result *out)
{
	double *pref = malloc((ncand * njuror + 1) * sizeof(double));
	struct ballot_input in = { ncand, njuror, pref, NULL };
	size_t c, j;
	int rc;

	if (!pref) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	for (c = 0; c < ncand; c++)
		for (j = 0; j < njuror; j++)
			pref[j * ncand + c] = totals[c * njuror + j];
	rc = ballot_compute(&in, out);
	free(pref);
	return rc;
}
