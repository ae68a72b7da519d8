/*
 * sensitivity: the composite index under the pilot group's own weights or
 * weights drawn around the group's (sensitivity.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis/delphi.h"
#include "analysis/score.h"
#include "analysis/sensitivity.h"
#include "analysis/weights.h"
#include "survey/referential.h"

double wsens_composite(const double *scores, const double *w, size_t ndim, enum aggregate_kind agg)
{
	double W = 0, acc = 0;

	for (size_t d = 0; d < ndim; d++) {
		if (!(w[d] > 0))
			continue;
		if (isnan(scores[d]))
			return NAN;
		W += w[d];
		if (agg == AGG_GEOMETRIC) {
			if (scores[d] <= 0)
				return 0;
			acc += w[d] * log(scores[d]);
		} else {
			acc += w[d] * scores[d];
		}
	}
	if (!(W > 0))
		return NAN;
	return agg == AGG_GEOMETRIC ? exp(acc / W) : acc / W;
}

void wsens_result_release(struct wsens_result *r)
{
	if (!r)
		return;
	free(r->g);
	free(r->pair);
	memset(r, 0, sizeof(*r));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int wsens_compute(const double *scores, size_t ng, size_t nd, const double *base,
		  const double *vecs, size_t nvec, const struct wsens_options *opt,
		  struct wsens_result *out)
{
	double *comp = NULL, *alpha = NULL, *w = NULL, *col = NULL;
	size_t *keep = NULL, npos = 0;
	gsl_rng *rng = NULL;
	size_t nv = opt->mode == WSENS_DIRICHLET ? opt->draws : nvec;

	memset(out, 0, sizeof(*out));
	if (nv == 0 || nd == 0 || (opt->mode == WSENS_DIRICHLET && !(opt->concentration > 0)))
		return -1;
	out->ngroups = ng;
	out->ndim = nd;
	out->nvec = nv;
	out->g = calloc(ng + 1, sizeof(*out->g));
	out->pair = calloc(ng * ng / 2 + 1, sizeof(*out->pair));
	comp = malloc((nv * ng + 1) * sizeof(*comp));
	w = malloc(nd * sizeof(*w));
	alpha = malloc(nd * sizeof(*alpha));
	col = malloc((nv + 1) * sizeof(*col));
	keep = malloc((nd + 1) * sizeof(*keep));
	if (!out->g || !out->pair || !comp || !w || !alpha || !col || !keep)
		goto fail;
	if (opt->mode == WSENS_DIRICHLET) {
		/* only the dimensions with a weight are drawn; the others stay at 0 */
		double W = 0;

		for (size_t d = 0; d < nd; d++)
			if (base[d] > 0) {
				keep[npos++] = d;
				W += base[d];
			}
		if (!npos)
			goto fail;
		for (size_t k = 0; k < npos; k++)
			alpha[k] = opt->concentration * base[keep[k]] / W;
		if (!(rng = gsl_rng_alloc(gsl_rng_mt19937)))
			goto fail;
		gsl_rng_set(rng, (unsigned long)opt->seed);
	}
	for (size_t v = 0; v < nv; v++) {
		const double *wv;

		if (opt->mode == WSENS_DIRICHLET) {
			double theta[64], *th = theta;

			if (npos > 64 && !(th = malloc(npos * sizeof(*th))))
				goto fail;
			gsl_ran_dirichlet(rng, npos, alpha, th);
			memset(w, 0, nd * sizeof(*w));
			for (size_t k = 0; k < npos; k++)
				w[keep[k]] = th[k];
			if (th != theta)
				free(th);
			wv = w;
		} else {
			/* a member's weights count only on the set's dimensions that have one */
			for (size_t d = 0; d < nd; d++)
				w[d] = base[d] > 0 ? vecs[v * nd + d] : 0;
			wv = w;
		}
		for (size_t g = 0; g < ng; g++)
			comp[v * ng + g] = wsens_composite(scores + g * nd, wv, nd, opt->aggregate);
	}
	for (size_t g = 0; g < ng; g++) {
		struct wsens_group *G = &out->g[g];
		size_t k = 0;
		double s = 0;

		G->base = wsens_composite(scores + g * nd, base, nd, opt->aggregate);
		G->lo = G->hi = G->mean = NAN;
		if (isnan(G->base))
			continue;
		for (size_t v = 0; v < nv; v++)
			if (!isnan(comp[v * ng + g])) {
				col[k++] = comp[v * ng + g];
				s += comp[v * ng + g];
			}
		if (!k)
			continue;
		qsort(col, k, sizeof(*col), cmp_double);
		G->mean = s / (double)k;
		if (opt->mode == WSENS_DIRICHLET) {
			G->lo = delphi_quantile7(col, k, 0.025);
			G->hi = delphi_quantile7(col, k, 0.975);
		} else {
			G->lo = col[0];
			G->hi = col[k - 1];
		}
	}
	for (size_t a = opt->compare_from; a < ng; a++)
		for (size_t b = a + 1; b < ng; b++) {
			double da = out->g[a].base, db = out->g[b].base;
			size_t hi = da >= db ? a : b, lo = da >= db ? b : a, n = 0, same = 0;
			struct wsens_pair *P;

			if (isnan(da) || isnan(db) || da == db)
				continue;
			for (size_t v = 0; v < nv; v++) {
				double x = comp[v * ng + hi], y = comp[v * ng + lo];

				if (isnan(x) || isnan(y))
					continue;
				n++;
				same += x > y;
			}
			if (!n)
				continue;
			P = &out->pair[out->npair++];
			P->a = hi;
			P->b = lo;
			P->base_diff = out->g[hi].base - out->g[lo].base;
			P->p_keep = (double)same / (double)n;
		}
	gsl_rng_free(rng);
	free(comp);
	free(w);
	free(alpha);
	free(col);
	free(keep);
	return 0;
fail:
	gsl_rng_free(rng);
	free(comp);
	free(w);
	free(alpha);
	free(col);
	free(keep);
	wsens_result_release(out);
	return -1;
}

void wsens_report_release(struct wsens_report *rep)
{
	if (!rep)
		return;
	free(rep->groups);
	wsens_result_release(&rep->res);
	memset(rep, 0, sizeof(*rep));
}

static int has_composite(const struct ind_group *g)
{
	return g->note != STAT_SUPPRESSED && g->composite.note == STAT_OK && !isnan(g->composite.score);
}

int wsens_report_compute(const struct ind_result *r, const struct referential *ref,
			 const struct weights_result *w, const struct wsens_options *opt,
			 struct wsens_report *out, char *why, size_t nwhy)
{
	const struct indicator_set *set = r->set;
	size_t nd = set->ndims, ng = 0, *stake = NULL;
	double *scores = NULL, *base = NULL, *vecs = NULL;
	int rc = UT_ENOMEM;

	memset(out, 0, sizeof(*out));
	out->opt = *opt;
	out->opt.aggregate = set->aggregate;
	out->opt.compare_from = 1;
	if (!w->shown) {
		snprintf(why, nwhy, "fewer members than min_group answered the weights questionnaire");
		return UT_EDATA;
	}
	stake = malloc((nd + 1) * sizeof(*stake));
	base = malloc((nd + 1) * sizeof(*base));
	vecs = malloc((w->nmem * nd + 1) * sizeof(*vecs));
	out->groups = malloc((r->ngroups + 1) * sizeof(*out->groups));
	scores = malloc(((r->ngroups + 1) * nd + 1) * sizeof(*scores));
	if (!stake || !base || !vecs || !out->groups || !scores)
		goto done;
	for (size_t d = 0; d < nd; d++) {
		size_t k;

		base[d] = set->dims[d].weight > 0 && set->dims[d].norm != NORM_UNSCORED ? set->dims[d].weight : 0;
		for (k = 0; k < ref->nstakes && strcmp(ref->stakes[k].id, set->dims[d].id); k++)
			;
		if (k == ref->nstakes && base[d] > 0) {
			snprintf(why, nwhy, "dimension '%s' of '%s' is not a stake of the referential '%s'",
				 set->dims[d].id, set->id, ref->id);
			rc = UT_EDATA;
			goto done;
		}
		stake[d] = k;
	}
	for (size_t m = 0; m < w->nmem; m++)
		for (size_t d = 0; d < nd; d++)
			vecs[m * nd + d] = stake[d] < ref->nstakes ? w->w[m * w->ndim + stake[d]] : 0;
	if (has_composite(&r->all))
		out->groups[ng++] = &r->all;
	else {
		snprintf(why, nwhy, "'%s' has no composite index to compute", set->id);
		rc = UT_EDATA;
		goto done;
	}
	for (size_t g = 0; g < r->ngroups; g++)
		if (!r->groups[g].no_answer && has_composite(&r->groups[g]))
			out->groups[ng++] = &r->groups[g];
	for (size_t g = 0; g < ng; g++)
		for (size_t d = 0; d < nd; d++) {
			const struct ind_cell *c = &out->groups[g]->cells[d];

			scores[g * nd + d] = c->note == STAT_OK ? c->score : NAN;
		}
	out->ngroups = ng;
	out->nmem = w->nmem;
	out->method = (int)w->method;
	rc = wsens_compute(scores, ng, nd, base, vecs, w->nmem, &out->opt, &out->res) < 0 ? UT_ENOMEM : 0;
done:
	free(stake);
	free(base);
	free(vecs);
	free(scores);
	if (rc < 0) {
		free(out->groups);
		out->groups = NULL;
	}
	return rc;
}
