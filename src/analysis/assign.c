/*
 * assign: balanced, conflict-free assignment of jurors (see assign.h): the
 * optimal one through analysis/optim, and the greedy reference.
 */
#include "analysis/assign.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/optim.h"
#include "util/diag.h"

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

int assign_jurors_greedy(const struct assign_input *in, struct assign_result *r)
{
	size_t nc = in->ncand, nj = in->njuror, c, j, i;
	size_t *cand_order = NULL, *eligible = NULL, *ctie = NULL, *jrank = NULL;
	gsl_rng *rng = NULL;
	int rc = UT_ENOMEM;

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

size_t assign_score(const struct assign_input *in, const unsigned char *assigned,
		    size_t *covered, size_t *maxload, size_t *spread)
{
	size_t c, j, f, sum = 0, lo = (size_t)-1, hi = 0;

	*covered = 0;
	for (j = 0; j < in->njuror; j++) {
		size_t n = 0;

		for (c = 0; c < in->ncand; c++)
			n += assigned[c * in->njuror + j] != 0;
		sum += n * (n + 1) / 2;
		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	for (c = 0; in->cand_form && in->juror_form && c < in->ncand; c++)
		for (f = 0; f < in->nform; f++) {
			if (!in->cand_form[c * in->nform + f])
				continue;
			for (j = 0; j < in->njuror; j++)
				if (assigned[c * in->njuror + j] && in->juror_form[j * in->nform + f]) {
					(*covered)++;
					break;
				}
		}
	*maxload = in->njuror ? hi : 0;
	*spread = in->njuror ? hi - lo : 0;
	return sum;
}

static int conflicted(const struct assign_input *in, size_t c, size_t j)
{
	return in->conflict && in->conflict[c * in->njuror + j];
}

/* UT_E* to UT_E*, keeping the candidate that cannot be served. */
static int from_optim(int rc, size_t bad, const struct assign_input *in, struct assign_result *r)
{
	size_t j;

	if (rc != UT_EINFEASIBLE)
		return rc == UT_ENOMEM ? UT_ENOMEM : UT_ESOLVER;
	r->bad_cand = bad;
	r->eligible = 0;
	for (j = 0; bad < in->ncand && j < in->njuror; j++)
		r->eligible += !conflicted(in, bad, j);
	return UT_EINFEASIBLE;
}

/* The optimal assignment of in, in its order (see assign_jurors). */
static int solve(const struct assign_input *in, struct assign_result *r, struct error *err)
{
	size_t nc = in->ncand, nj = in->njuror, c, j, f, g, ncover = 0, bad = nc;
	size_t *need = NULL, *cap = NULL, *rights = NULL;
	unsigned char *fixed = NULL;
	double weight = 1, *pcost = NULL;
	struct optim_cover *cover = NULL;
	struct optim_assign p = { 0 };
	struct optim_result res = { 0 };
	int rc = UT_ENOMEM;

	memset(r, 0, sizeof(*r));
	r->bad_cand = nc;
	need = calloc(nc + 1, sizeof(*need));
	cap = calloc(nj + 1, sizeof(*cap));
	fixed = calloc(nc * nj + 1, 1);
	cover = calloc(nc * (in->nform + 1) + 1, sizeof(*cover));
	rights = calloc(nc * (in->nform + 1) * (nj + 1) + 1, sizeof(*rights));
	if (!need || !cap || !fixed || !cover || !rights) {
		error_set(err, "out of memory");
		goto out;
	}

	/* Existing pairs are kept unless now conflicted; a candidate keeps its surplus. */
	for (c = 0; c < nc; c++) {
		size_t have = 0;

		for (j = 0; j < nj; j++)
			if (in->existing && in->existing[c * nj + j] && !conflicted(in, c, j)) {
				fixed[c * nj + j] = 1;
				have++;
			}
		need[c] = have > in->k ? have : in->k;
	}
	p.nleft = nc;
	p.nright = nj;
	p.need_min = need;
	p.need_max = need;
	p.cap = cap;
	p.forbidden = in->conflict;
	p.fixed = fixed;
	p.even = 1;

	/*
	 * First solve: loads only, capped by max_load, else by the greedy
	 * method's largest load when it fills every place (the optimum's
	 * largest load is no larger, and a tight cap keeps the convex cost's
	 * columns few: 500 x 40 in a second rather than forty), else by nc.
	 */
	{
		size_t cap0 = nc;

		if (!in->max_load) {
			struct assign_result gr;

			if (assign_jurors_greedy(in, &gr) < 0) {
				error_set(err, "out of memory");
				rc = UT_ENOMEM;
				goto out;
			}
			if (!gr.nshort) {
				cap0 = 0;
				for (j = 0; j < nj; j++)
					cap0 = gr.load[j] > cap0 ? gr.load[j] : cap0;
			}
			assign_result_release(&gr);
		}
		for (j = 0; j < nj; j++)
			cap[j] = in->max_load ? in->max_load : cap0;
	}
	rc = optim_assign_solve(&p, &res, &bad, err);
	if (rc != UT_OK) {
		rc = from_optim(rc, bad, in, r);
		goto out;
	}
	r->max_load = 0;
	for (j = 0; j < nj; j++)
		r->max_load = res.load[j] > r->max_load ? res.load[j] : r->max_load;
	if (in->max_load)
		r->max_load = in->max_load;

	/* The covers: each form of a candidate that some eligible juror knows. */
	for (c = 0; in->cand_form && in->juror_form && c < nc; c++)
		for (f = 0; f < in->nform; f++) {
			struct optim_cover *cv = &cover[ncover];
			size_t *rs = rights + ncover * (nj + 1);

			if (!in->cand_form[c * in->nform + f])
				continue;
			cv->left = c;
			cv->rights = rs;
			cv->nright = 0;
			for (j = 0; j < nj; j++)
				if (in->juror_form[j * in->nform + f] && !conflicted(in, c, j))
					rs[cv->nright++] = j;
			if (cv->nright)
				ncover++;
		}
	r->nwanted = ncover;
	r->proven = 1;
	if (ncover) {
		/* Worth more than any difference in the loads' cost and tie-breaks. */
		for (j = 0; j < nj; j++) {
			cap[j] = r->max_load;
			weight += (double)(cap[j] * (cap[j] + 1) / 2);
		}
		for (g = 0; g < ncover; g++)
			cover[g].weight = weight + 1;
		/*
		 * A start for branch and bound: the loads' problem again with a
		 * linear stand-in for the covers (each pair earns the weight for
		 * every form of the candidate the juror knows), totally
		 * unimodular like the first, so as fast; then the covers
		 * themselves from there.
		 */
		pcost = calloc(nc * nj + 1, sizeof(*pcost));
		if (!pcost) {
			error_set(err, "out of memory");
			rc = UT_ENOMEM;
			goto out;
		}
		for (g = 0; g < ncover; g++)
			for (f = 0; f < cover[g].nright; f++)
				pcost[cover[g].left * nj + cover[g].rights[f]] -= weight + 1;
		p.cost = pcost;
		{
			struct optim_result proxy;

			if (optim_assign_solve(&p, &proxy, &bad, err) == UT_OK) {
				optim_result_release(&res);
				res = proxy;
			}
		}
		p.cost = NULL;
		p.cover = cover;
		p.ncover = ncover;
		p.node_limit = ASSIGN_NODE_LIMIT;
		p.start = res.pair;	/* the first solve's assignment fits the second */
		{
			struct optim_result first = res;

			memset(&res, 0, sizeof(res));
			rc = optim_assign_solve(&p, &res, &bad, err);
			optim_result_release(&first);
		}
		if (rc != UT_OK) {
			rc = from_optim(rc, bad, in, r);
			goto out;
		}
		r->ncovered = res.ncovered;
		r->proven = res.proven;
	}
	r->assigned = res.pair;
	r->load = res.load;
	r->missing = calloc(nc + 1, sizeof(*r->missing));
	res.pair = NULL;
	res.load = NULL;
	if (!r->missing) {
		error_set(err, "out of memory");
		rc = UT_ENOMEM;
		goto out;
	}
	rc = 0;
out:
	optim_result_release(&res);
	free(need);
	free(cap);
	free(fixed);
	free(cover);
	free(rights);
	free(pcost);
	if (rc < 0) {
		size_t keep_bad = r->bad_cand, keep_elig = r->eligible;

		assign_result_release(r);
		r->bad_cand = keep_bad;
		r->eligible = keep_elig;
	}
	return rc;
}

int assign_jurors(const struct assign_input *in, struct assign_result *r, struct error *err)
{
	size_t nc = in->ncand, nj = in->njuror, nf = in->nform, c, j, f;
	size_t *cperm = NULL, *jperm = NULL;
	unsigned char *pconf = NULL, *pexist = NULL, *pcf = NULL, *pjf = NULL;
	struct assign_input q = *in;
	struct assign_result pr = { 0 };
	gsl_rng *rng = NULL;
	int rc = UT_ENOMEM;

	stats_init();
	memset(r, 0, sizeof(*r));
	r->bad_cand = nc;
	/* A candidate short of jurors, named in the caller's order whatever the seed. */
	for (c = 0; c < nc; c++) {
		size_t n = 0;

		for (j = 0; j < nj; j++)
			n += !conflicted(in, c, j);
		if (n < in->k) {
			r->bad_cand = c;
			r->eligible = n;
			error_set(err, "candidate %zu has %zu jurors free, fewer than %zu", c, n, in->k);
			return UT_EINFEASIBLE;
		}
	}
	/*
	 * The seed's tie-break: the problem goes to the solver with its
	 * candidates and jurors in a seeded random order (GSL's MT19937), and
	 * the solver's choice among equally good assignments follows the
	 * order.  (Random costs would do it too, but make the simplex ten
	 * times slower.)
	 */
	cperm = malloc((nc + 1) * sizeof(*cperm));
	jperm = malloc((nj + 1) * sizeof(*jperm));
	pconf = calloc(nc * nj + 1, 1);
	pexist = calloc(nc * nj + 1, 1);
	pcf = calloc(nc * nf + 1, 1);
	pjf = calloc(nj * nf + 1, 1);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!cperm || !jperm || !pconf || !pexist || !pcf || !pjf || !rng) {
		error_set(err, "out of memory");
		goto out;
	}
	gsl_rng_set(rng, in->seed);
	for (c = 0; c < nc; c++)
		cperm[c] = c;
	for (j = 0; j < nj; j++)
		jperm[j] = j;
	gsl_ran_shuffle(rng, cperm, nc, sizeof(size_t));
	gsl_ran_shuffle(rng, jperm, nj, sizeof(size_t));
	/* Position (c, j) of q is candidate cperm[c] and juror jperm[j] of in. */
	for (c = 0; c < nc; c++) {
		for (j = 0; j < nj; j++) {
			size_t from = cperm[c] * nj + jperm[j];

			pconf[c * nj + j] = in->conflict && in->conflict[from];
			pexist[c * nj + j] = in->existing && in->existing[from];
		}
		for (f = 0; in->cand_form && f < nf; f++)
			pcf[c * nf + f] = in->cand_form[cperm[c] * nf + f];
	}
	for (j = 0; in->juror_form && j < nj; j++)
		for (f = 0; f < nf; f++)
			pjf[j * nf + f] = in->juror_form[jperm[j] * nf + f];
	q.conflict = pconf;
	q.existing = pexist;
	q.cand_form = in->cand_form ? pcf : NULL;
	q.juror_form = in->juror_form ? pjf : NULL;
	rc = solve(&q, &pr, err);
	if (rc < 0) {
		r->bad_cand = pr.bad_cand < nc ? cperm[pr.bad_cand] : nc;
		r->eligible = pr.eligible;
		goto out;
	}
	r->assigned = calloc(nc * nj + 1, 1);
	r->load = calloc(nj + 1, sizeof(*r->load));
	r->missing = calloc(nc + 1, sizeof(*r->missing));
	if (!r->assigned || !r->load || !r->missing) {
		error_set(err, "out of memory");
		rc = UT_ENOMEM;
		goto out;
	}
	for (c = 0; c < nc; c++)
		for (j = 0; j < nj; j++)
			r->assigned[cperm[c] * nj + jperm[j]] = pr.assigned[c * nj + j];
	for (j = 0; j < nj; j++)
		r->load[jperm[j]] = pr.load[j];
	r->max_load = pr.max_load;
	r->proven = pr.proven;
	r->nwanted = pr.nwanted;
	r->ncovered = pr.ncovered;
	rc = 0;
out:
	assign_result_release(&pr);
	free(cperm);
	free(jperm);
	free(pconf);
	free(pexist);
	free(pcf);
	free(pjf);
	if (rng)
		gsl_rng_free(rng);
	if (rc < 0) {
		size_t keep_bad = r->bad_cand, keep_elig = r->eligible;

		free(r->assigned);
		free(r->load);
		free(r->missing);
		memset(r, 0, sizeof(*r));
		r->bad_cand = keep_bad;
		r->eligible = keep_elig;
	}
	return rc;
}

void assign_result_release(struct assign_result *r)
{
	free(r->assigned);
	free(r->load);
	free(r->missing);
	memset(r, 0, sizeof(*r));
}
