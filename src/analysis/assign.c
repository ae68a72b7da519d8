/*
 * assign: balanced, conflict-free assignment of jurors (see assign.h).
 */
#include "analysis/assign.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis/stats.h"

struct order_ctx {
	const struct assign_input *in;	/* the problem */
	const size_t *eligible;		/* eligible jurors per candidate */
	const size_t *tiebreak;		/* random rank of each candidate */
};

static int cmp_cand(const void *a, const void *b, void *p)
{
	const struct order_ctx *o = p;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (o->eligible[x] != o->eligible[y])
		return o->eligible[x] < o->eligible[y] ? -1 : 1;
	return (o->tiebreak[x] > o->tiebreak[y]) - (o->tiebreak[x] < o->tiebreak[y]);
}

int assign_jurors(const struct assign_input *in, struct assign_result *r)
{
	size_t nc = in->ncand, nj = in->njuror, c, j, i;
	size_t *cand_order = NULL, *eligible = NULL, *ctie = NULL, *jrank = NULL;
	gsl_rng *rng = NULL;
	int rc = -1;

	stats_init();
	memset(r, 0, sizeof(*r));
	r->assigned = calloc(nc * nj + 1, 1);
	r->load = calloc(nj + 1, sizeof(size_t));
	r->missing = calloc(nc + 1, sizeof(size_t));
	cand_order = malloc((nc + 1) * sizeof(size_t));
	eligible = calloc(nc + 1, sizeof(size_t));
	ctie = malloc((nc + 1) * sizeof(size_t));
	jrank = malloc((nj + 1) * sizeof(size_t));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!r->assigned || !r->load || !r->missing || !cand_order || !eligible || !ctie ||
	    !jrank || !rng)
		goto out;
	gsl_rng_set(rng, in->seed);

	/* Keep what exists, unless it is now a conflict. */
	for (c = 0; c < nc; c++)
		for (j = 0; j < nj; j++) {
			int conflicted = in->conflict && in->conflict[c * nj + j];

			if (!conflicted)
				eligible[c]++;
			if (in->existing && in->existing[c * nj + j] && !conflicted) {
				r->assigned[c * nj + j] = 1;
				r->load[j]++;
			}
		}
	for (c = 0; c < nc; c++) {
		cand_order[c] = c;
		ctie[c] = c;
	}
	gsl_ran_shuffle(rng, ctie, nc, sizeof(size_t));
	{
		struct order_ctx o = { in, eligible, ctie };

		qsort_r(cand_order, nc, sizeof(size_t), cmp_cand, &o);
	}
	for (i = 0; i < nc; i++) {
		size_t have = 0, want;

		c = cand_order[i];
		for (j = 0; j < nj; j++)
			have += r->assigned[c * nj + j];
		want = in->k > have ? in->k - have : 0;
		/* A fresh random order of the jurors for the ties of this candidate. */
		for (j = 0; j < nj; j++)
			jrank[j] = j;
		gsl_ran_shuffle(rng, jrank, nj, sizeof(size_t));
		while (want > 0) {
			size_t best = nj, t;

			for (t = 0; t < nj; t++) {
				size_t cand_j = jrank[t];

				if (r->assigned[c * nj + cand_j] ||
				    (in->conflict && in->conflict[c * nj + cand_j]))
					continue;
				if (best == nj || r->load[cand_j] < r->load[best])
					best = cand_j;
			}
			if (best == nj)
				break;
			r->assigned[c * nj + best] = 1;
			r->load[best]++;
			want--;
		}
		r->missing[c] = want;
		if (want)
			r->nshort++;
	}
	rc = 0;
out:
	free(cand_order);
	free(eligible);
	free(ctie);
	free(jrank);
	if (rng)
		gsl_rng_free(rng);
	if (rc < 0)
		assign_result_release(r);
	return rc;
}

void assign_result_release(struct assign_result *r)
{
	free(r->assigned);
	free(r->load);
	free(r->missing);
	memset(r, 0, sizeof(*r));
}
