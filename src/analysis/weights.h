/*
 * weights: the stakes' weights chosen by the pilot group (issue 16, part
 * 3; docs/referential.md).  After the Delphi rounds, each member gives the
 * weights of the referential's stakes (the dimensions of the indicator set
 * `delphi build` writes) in a questionnaire of its own, the survey
 * "poids-ID" (version V: the V-th weights questionnaire), either
 *
 *   points   100 points spread over the stakes (pts_STAKE, summing to 100);
 *            a member's weights are their points over their total;
 *   ahp      a pairwise comparison of every two stakes on Saaty's 1-9
 *            scale (cmp_A__B); a member's weights are the principal
 *            eigenvector of their reciprocal matrix (GSL's nonsymmetric
 *            eigensolver), with its consistency index CI = (lambda - n) /
 *            (n - 1) and ratio CR = CI / RI, RI Saaty's random index; a
 *            member with CR > 0.10 is inconsistent.
 *
 * The group's weights: the mean of the members' weights (points), or the
 * eigenvector of the element-wise geometric mean of their matrices (AHP:
 * the aggregation of individual judgements, Aczél and Saaty 1983).  With
 * their spread per stake (min, quartiles R type 7, median, max).  Nothing
 * is computed for showing when fewer members than the referential's
 * min_group answered (docs/statistics.md, small groups); members are
 * shown by an anonymous number, in an order that says nothing of who.
 */
#ifndef UTILIS_WEIGHTS_H
#define UTILIS_WEIGHTS_H

#include <stddef.h>

#include "survey/referential.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct store;

#define WEIGHTS_FORM_PREFIX "poids-"
#define WEIGHTS_Q_POINTS "pts_"		/* pts_STAKE */
#define WEIGHTS_Q_PAIR "cmp_"		/* cmp_A__B */
#define WEIGHTS_CR_MAX 0.10		/* Saaty: above, the judgements are inconsistent */
#define AHP_MAX_STAKES 10		/* 45 comparisons; Saaty's random indices up to 10 */

enum weights_method { WEIGHTS_POINTS, WEIGHTS_AHP };

/* "points", "ahp". */
const char *weights_method_id(enum weights_method m);

/*
 * Saaty's random index of an n x n matrix (Saaty 1980, The Analytic
 * Hierarchy Process, table 1.7): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
 * 1.45, 1.49 for n = 1..10; NaN beyond.
 */
double ahp_random_index(size_t n);

/*
 * The principal (Perron) eigenvector of the positive n x n matrix a (row
 * major) into w, normalised to sum 1, and its eigenvalue into *lambda,
 * through gsl_eigen_nonsymmv.  Returns 0, or -1 when the solver fails or
 * memory runs out.
 */
int ahp_eigen(const double *a, size_t n, double *w, double *lambda);

/* CI = (lambda - n) / (n - 1), CR = CI / RI; both 0 for n <= 2 (always consistent). */
void ahp_consistency(double lambda, size_t n, double *ci, double *cr);

/* out[i][j] = (prod_k mats[k][i][j])^(1/k): k matrices of n x n, one after the other. */
void ahp_geomean(const double *mats, size_t k, size_t n, double *out);

/*
 * The value a_AB of a stored comparison cmp_A__B: "A9".."A2" A is that
 * much more important (9..2), "1" equal, "B2".."B9" B is (1/2..1/9).
 * Returns 0, or -1 for anything else.
 */
int ahp_choice_value(const char *choice, double *v);

/* What one weights questionnaire collected. */
struct weights_set {
	enum weights_method method;
	int version;		/* of poids-ID */
	size_t ndim;		/* stakes, the referential's order */
	size_t nmem;		/* members with a complete answer */
	double *judg;		/* points: nmem x ndim; ahp: nmem x ndim x ndim reciprocal matrices */
	size_t nincomplete;	/* submissions left out: a comparison missing, or no point at all */
	size_t nunknown;	/* submissions not tied to a member (left out) */
};

void weights_set_release(struct weights_set *ws);

/*
 * Read version `version` of form_id (model s) of referential ref: every
 * submitted answer, tied to its member through the link's contact (or a
 * paper answer's `_id`, "#..." after it ignored), the later submission of
 * a member counting.  The method is the one of the questions s has.
 * Returns 0, 1 when s is not a weights questionnaire of ref (or does not
 * ask about one of its stakes: the referential changed since), or a
 * negative store code with err set.
 */
int weights_read(struct store *st, const struct referential *ref, const struct survey *s,
		 const char *form_id, int version, struct weights_set *out, struct error *err);

/* The figures of a weights questionnaire. */
struct weights_result {
	enum weights_method method;
	size_t ndim, nmem;
	int shown;			/* nmem >= min_group: everything below is set */
	double *w;			/* nmem x ndim members' weights (sum 1), anonymous order */
	double *lambda, *ci, *cr;	/* ahp: per member */
	unsigned char *inconsistent;	/* ahp: CR > WEIGHTS_CR_MAX */
	size_t ninconsistent;
	double *group;			/* ndim, the group's weights (sum 1) */
	double group_lambda, group_ci, group_cr; /* ahp: of the geometric-mean matrix */
	double *mean, *median, *min, *max, *q1, *q3; /* ndim: the members' weights, per stake */
};

/* Compute; 0, or -1 when memory runs out or the eigensolver fails. */
int weights_compute(const struct weights_set *ws, size_t min_group, struct weights_result *out);
void weights_result_release(struct weights_result *r);

/*
 * The YAML of version `version` of the weights questionnaire of ref
 * ("poids-ID"), for method m, in French and English.  Returns 0, or -1
 * when memory runs out.
 */
int weights_form_yaml(const struct referential *ref, enum weights_method m, int version,
		      struct strbuf *out);

#endif
