/*
 * sensitivity: how much a composite index depends on its weights (issue
 * 16, part 4; docs/referential.md).  Given the 0-100 dimension scores of
 * some groups (stakeholder groups, associations) and the weights the set
 * uses, recompute every group's composite index
 *
 *   members    with each member's own weight vector (the pilot group's
 *              answers to the weights questionnaire): every vector once,
 *              the exact limit of a Monte Carlo over them;
 *   dirichlet  with `draws` vectors drawn from a Dirichlet distribution
 *              centred on the weights, of concentration K (alpha_d = K w_d;
 *              the larger K, the closer to the weights), GSL's MT19937
 *              seeded with `seed`: the same input gives the same output;
 *
 * and report, per group, the interval of the index (members: from the
 * lowest to the highest; dirichlet: the 2.5th and 97.5th percentiles,
 * R type 7), and for every two groups the share of the vectors under which
 * their comparison keeps the direction it has with the set's weights.
 * Composites are the weighted arithmetic or geometric mean of
 * ind_composite_of() (score.h).
 */
#ifndef UTILIS_SENSITIVITY_H
#define UTILIS_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/indicators.h"

enum wsens_mode { WSENS_MEMBERS, WSENS_DIRICHLET };

struct wsens_options {
	enum wsens_mode mode;
	double concentration;		/* dirichlet: K (default 50) */
	size_t draws;			/* dirichlet: vectors drawn (default 10000) */
	uint64_t seed;			/* dirichlet: the generator's seed (default 1) */
	enum aggregate_kind aggregate;	/* the set's rule */
	size_t compare_from;		/* pairs only among groups compare_from.. (0: all) */
};

#define WSENS_OPTIONS_INIT { WSENS_MEMBERS, 50, 10000, 1, AGG_ARITHMETIC, 0 }

struct wsens_group {
	double base;		/* the composite with the set's weights (NaN: no composite) */
	double lo, hi;		/* its interval due to the weights */
	double mean;		/* over the vectors */
};

struct wsens_pair {
	size_t a, b;		/* groups; with the set's weights a's index is above b's */
	double base_diff;	/* composite a - composite b with the set's weights (> 0) */
	double p_keep;		/* share of the vectors under which a stays above b */
};

struct wsens_result {
	size_t ngroups, ndim;
	size_t nvec;			/* vectors used */
	struct wsens_group *g;		/* ngroups */
	struct wsens_pair *pair;	/* every two groups with a composite and a direction */
	size_t npair;
};

/*
 * scores: ngroups x ndim 0-100 dimension scores (NaN: none); base: ndim
 * weights (0: dimension left out); vecs: nvec x ndim member weight vectors
 * (mode members; ignored for dirichlet, whose centre is base).  Returns 0,
 * or -1 when memory runs out or the options make no sense (no vector, K <= 0).
 */
int wsens_compute(const double *scores, size_t ngroups, size_t ndim, const double *base,
		  const double *vecs, size_t nvec, const struct wsens_options *opt,
		  struct wsens_result *out);
void wsens_result_release(struct wsens_result *r);

/* The composite of ndim scores with weights w under aggregate (as ind_composite_of). */
double wsens_composite(const double *scores, const double *w, size_t ndim, enum aggregate_kind agg);

/*
 * The index of an indicator set's results under the pilot group's weights:
 * the groups are everyone (groups[0]) then every group of the breakdown
 * that is shown and has a composite; the set's dimensions must be stakes
 * of ref (as `delphi build` writes them), the member vectors w's (shown).
 * opt's aggregate and compare_from are set here.  Returns 0; -1 when
 * memory runs out; -2 with a message in why when the set does not fit.
 */
struct ind_result;
struct ind_group;
struct referential;
struct weights_result;

struct wsens_report {
	struct wsens_options opt;	/* as applied */
	size_t ngroups;			/* everyone, then the groups shown */
	const struct ind_group **groups; /* into the ind_result */
	size_t nmem;			/* members whose weights were used */
	int method;			/* enum weights_method of their questionnaire */
	struct wsens_result res;
};

/* The figures of r under the members' weights w: 0; UT_EDATA with why when they
 * cannot be computed (too few members, a dimension not a stake...); UT_ENOMEM. */
int wsens_report_compute(const struct ind_result *r, const struct referential *ref,
			 const struct weights_result *w, const struct wsens_options *opt,
			 struct wsens_report *out, char *why, size_t nwhy);
void wsens_report_release(struct wsens_report *rep);

#endif
