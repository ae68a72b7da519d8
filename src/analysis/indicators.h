/*
 * indicators: indicator sets (the YAML files of indicators/, docs/indicators.md), the
 * definition of what an analysis computes from a survey: dimensions scored
 * 0-100 from the survey's items, their weights in a composite index, the
 * default breakdown and the smallest group that may be shown.
 *
 * Loading has two steps.  indicator_set_parse() reads the YAML and checks
 * everything that needs no survey; indicator_set_check() then resolves the
 * items and formulas against the survey models the set names (their latest
 * versions) and checks that each item can carry the score asked of it.
 * Both report every problem at once as FILE:LINE:COL diagnostics, like
 * survey definitions.  A set is immutable once checked; everything in it
 * lives in its arena and is freed by indicator_set_free().
 */
#ifndef UTILIS_INDICATORS_H
#define UTILIS_INDICATORS_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "survey/survey.h"
#include "survey/yamldoc.h"
#include "util/arena.h"
#include "util/consts.h"
#include "util/diag.h"

enum score_kind {
	SCORE_MEAN,		/* mean of the items, each scaled 0-100 */
	SCORE_SUM,		/* sum of the items */
	SCORE_SHARE,		/* share of the items answered at or above a threshold */
	SCORE_FORMULA,		/* an expression computed per respondent */
};

enum aggregate_kind {
	AGG_ARITHMETIC,		/* weighted arithmetic mean of the dimension scores */
	AGG_GEOMETRIC,		/* weighted geometric mean */
};

/* How a dimension's value becomes a 0-100 score. */
enum norm_kind {
	NORM_NONE,		/* the value is already a 0-100 score (mean, share) */
	NORM_SCALE,		/* a sum of scale items: against the sum of their bounds */
	NORM_TARGET,		/* against baseline (0) and target (100), clamped */
	NORM_UNSCORED,		/* no target: reported as is, not in the composite */
};

struct ind_dimension {
	const char *id;			/* identifier, unique in the set */
	struct an_text label;		/* what readers see */
	struct an_text description;	/* what it measures and why, may be empty */
	const char **items;		/* question names, in the order given */
	const struct ynode **item_nodes; /* where each was written (NULL: from the survey's tags) */
	size_t nitems;			/* number of items */
	int items_from_tags;		/* no `items`: the questions tagged `dimension: id` */
	enum score_kind score;		/* how respondents are scored */
	double threshold;		/* SCORE_SHARE: the answer that counts (raw units) */
	const char *formula_src;	/* SCORE_FORMULA: the expression */
	struct expr *formula;		/* its parsed tree (owned by the set) */
	const struct ynode *formula_node; /* for positions */
	double weight;			/* weight in the composite (default 1; 0: left out) */
	double target, baseline;	/* NaN when not given; raw units */
	enum norm_kind norm;		/* set by indicator_set_check() */
	double lo, hi;			/* NORM_SCALE: the sums of the items' bounds */
	const struct ynode *node;	/* the dimension's mapping, for positions */
	int line, col;			/* where the dimension starts */
};

struct indicator_set {
	struct arena arena;		/* owns everything below */
	struct ydoc doc;		/* the YAML tree, which the texts point into */
	const char *file;		/* file name it was loaded from */
	const char *id;			/* `indicators` */
	const char **surveys;		/* form_ids, as given */
	size_t nsurveys;		/* how many (at least 1) */
	struct an_text title;		/* title per language */
	struct an_text description;	/* optional */
	const char *group_by;		/* default breakdown question, or NULL */
	const struct ynode *group_by_node; /* for positions */
	int min_group;			/* smallest group shown (default UT_MIN_GROUP) */
	enum aggregate_kind aggregate;	/* composite rule */
	struct ind_dimension *dims;	/* dimensions in file order */
	size_t ndims;			/* how many */
	int checked;			/* indicator_set_check() succeeded */
};


/*
 * Parse and check the structure of an indicator set (src: len bytes of
 * UTF-8).  On success returns 0 and *out (free with indicator_set_free());
 * warnings may be in d.  On error returns -1 with every error in d and *out
 * NULL.  A prize edition (indicators/ holds those too: a mapping with
 * `edition` and no `indicators`) returns IND_NOT_A_SET, and a referential
 * (`referential` and no `indicators`, survey/referential.h) IND_REFERENTIAL,
 * with nothing in d.
 */
#define IND_NOT_A_SET (-2)
#define IND_REFERENTIAL (-3)
int indicator_set_parse(struct indicator_set **out, const char *file, const char *src,
			size_t len, struct diags *d);

/*
 * Check set against the models of its surveys: surveys[i] is the latest
 * version of set->surveys[i].  Items must exist and be of a kind the score
 * accepts; formulas may only name questions of the surveys; the breakdown
 * question must exist.  Dimensions without `items` take the questions
 * tagged with their id.  Returns 0 (warnings may be in d), or -1 with every
 * error in d.  The set keeps no pointer into the surveys.
 */
int indicator_set_check(struct indicator_set *set, struct survey *const *surveys,
			struct diags *d);

void indicator_set_free(struct indicator_set *set);

/* "mean", "sum"... */
const char *score_kind_name(enum score_kind k);

/*
 * The number of answered items a respondent needs for a dimension of k
 * items to have a score: two thirds, rounded up (1 of 1, 2 of 2 or 3, 3 of
 * 4, 4 of 5 or 6...).
 */
size_t ind_coverage_needed(size_t k);

/*
 * The 0-100 score of a dimension's value v (its mean over respondents)
 * according to dim->norm; NaN for NORM_UNSCORED or a NaN v.
 */
double ind_normalise(const struct ind_dimension *dim, double v);

#endif
