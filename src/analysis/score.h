/*
 * score: computing an indicator set on the answers of the workspace.  One
 * pass over the respondents scores each dimension per respondent (with the
 * coverage rule), feeds the reliability sums, and keeps one row of
 * dimension values per respondent; then come the descriptives and 0-100
 * scores per group, the composite index with its bootstrap interval, the
 * comparisons between groups, and the small-group suppression.  The result
 * is a plain structure that the report module and the output formats read;
 * cells that must not be shown carry STAT_SUPPRESSED and no numbers.
 *
 * Per respondent (docs/statistics.md has the formulas):
 *   scale item        x, reversed to min + max - x when `reverse`,
 *                     scaled 100 (x - min) / (max - min)
 *   mean              mean of the scaled items answered
 *   share             100 x (items answered >= threshold) / items answered
 *   sum               mean of the items answered x number of items
 *   formula           the expression, NaN (no value) when it has none
 *   coverage          mean, share and sum need ceil(2k/3) of the k items
 *                     the respondent's survey version has
 */
#ifndef UTILIS_SCORE_H
#define UTILIS_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/indicators.h"
#include "analysis/stats.h"

struct ind_options {
	const char *by;		/* breakdown; NULL: the set's group_by; "": none */
	double conf;		/* level of every interval (0.95) */
	size_t nboot;		/* bootstrap replicates (2000); 0: no interval for the composite */
	size_t boot_max;	/* most rows resampled (10000): the m-out-of-n rule */
	uint64_t seed;		/* bootstrap seed (1) */
	int submitted_only;	/* only submitted respondents (1) */
	int min_group;		/* smallest group shown; 0: the set's min_group */
};

#define IND_OPTIONS_INIT { NULL, 0.95, 2000, 10000, 1, 1, 0 }

/* One dimension in one group. */
struct ind_cell {
	enum stat_note note;	/* STAT_OK, STAT_SUPPRESSED, STAT_NO_DATA... */
	enum an_hide hidden;	/* why, when STAT_SUPPRESSED */
	size_t nbelow;		/* respondents who answered some items, too few for a value */
	struct summary value;	/* respondents' values in the dimension's units (n: those with one) */
	double score;		/* 0-100 score of the mean value; NaN when unscored */
	double score_lo, score_hi; /* its interval (t, or Wilson for a one-item share) */
	int wilson;		/* 1 when the interval is a Wilson interval of a proportion */
};

/* The composite index of a group. */
struct ind_composite {
	enum stat_note note;	/* STAT_OK, STAT_SUPPRESSED or STAT_NO_DATA */
	enum an_hide hidden;	/* why, when STAT_SUPPRESSED */
	double score;		/* weighted mean of the dimension scores (0-100) */
	struct boot_result boot; /* its percentile interval (boot.note says if there is one) */
};

struct ind_group {
	const char *key;	/* breakdown value; NULL for everyone and for "no answer" */
	int no_answer;		/* the respondents without a breakdown value */
	struct an_text label;	/* the value's label per language (empty for the two above) */
	size_t n;		/* respondents */
	enum stat_note note;	/* STAT_SUPPRESSED when the whole group is hidden */
	enum an_hide hidden;	/* why */
	struct ind_cell *cells;	/* one per dimension */
	struct ind_composite composite; /* when the set has one */
};

/* Comparisons of one dimension between the groups shown (no-answer group left out). */
struct ind_compare {
	struct test_result param;	/* Welch (2 groups) or ANOVA (more) */
	struct test_result rank;	/* Mann-Whitney (2 groups) or Kruskal-Wallis */
	struct test_result corr;	/* numeric breakdown: Spearman with the breakdown */
	size_t ngroups_hidden;		/* groups left out because suppressed */
};

/*
 * A panel (settings.panel) broken down by _wave: the people who answered
 * two successive waves, matched by their panel key, and how each
 * dimension moved for them.  Differences are after - before, in score
 * points (the dimension's value when it has no 0-100 score).
 */
struct ind_paired_dim {
	enum stat_note note;	/* STAT_OK; STAT_SUPPRESSED: fewer pairs than min_group; STAT_NO_DATA */
	size_t npairs;		/* people with a value in both waves */
	size_t nimproved;	/* of them, those whose value rose (0 when hidden) */
	int improved_hidden;	/* 0 shown; -1: fewer than min_group rose; 1: fewer than min_group did not */
	double before, after;	/* mean of the pairs in each wave */
	double diff, diff_lo, diff_hi; /* mean difference with its t interval */
	struct test_result t;	/* paired t (estimate: the mean difference; effect d_z) */
	struct test_result w;	/* Wilcoxon signed-rank (effect r = z / sqrt(n)) */
	struct test_result mcnemar; /* yes/no values (two distinct values): McNemar; else TEST_NONE */
};

struct ind_paired {
	size_t from, to;	/* the two waves: indexes in ind_result.groups */
	size_t npeople;		/* people of the panel in both waves (a value or not) */
	size_t nduplicate;	/* people with two answers in one of the waves: left out */
	struct ind_paired_dim *dims; /* one per dimension */
};

/* Reliability of one dimension on one survey. */
struct ind_reliability {
	size_t dim;		/* index in set->dims */
	size_t form;		/* index in the sources' forms */
	const char **items;	/* names of the items (point into the set) */
	size_t nitems;		/* how many */
	enum stat_note note;	/* STAT_SUPPRESSED when fewer respondents than min_group */
	struct alpha_result alpha; /* alpha and item statistics */
	unsigned char *item_hidden; /* per item: answered by fewer than min_group */
	unsigned char *item_reverse; /* per item: reverse-coded in the latest version */
};

struct ind_form {
	const char *form_id;	/* survey */
	size_t nresp;		/* respondents read */
	int vmin, vmax;		/* versions they answered */
};

struct ind_result {
	struct arena arena;		/* owns everything below */
	const struct indicator_set *set; /* what was computed (not owned) */
	struct ind_options opt;		/* options as applied */
	int min_group;			/* the rule applied */
	const char *by;			/* breakdown name, or NULL */
	enum by_kind by_kind;		/* what the breakdown gives */
	struct ind_form *forms;		/* surveys read */
	size_t nforms;			/* how many */
	size_t nresp;			/* respondents counted (those of atoms too small left out) */
	int left_out;			/* some respondents or values were left out by the small-group rule */
	struct ind_group all;		/* everyone */
	struct ind_group *groups;	/* by breakdown value, in display order */
	size_t ngroups;			/* how many (0 without breakdown) */
	struct ind_compare *cmp;	/* per dimension, with a breakdown; else NULL */
	struct ind_reliability *rel;	/* per dimension with items, per survey */
	size_t nrel;			/* how many */
	int has_composite;		/* some dimension has a weight */
	int panel;			/* by _wave with a panel survey: paired comparisons below */
	struct ind_paired *paired;	/* each two successive waves shown, in display order */
	size_t npaired;			/* how many */
};

/*
 * Compute set (checked against the latest models of src) on the
 * respondents of the workspace.  Returns 0 with *out (ind_result_free()),
 * or an UT_E* code with a message in err.
 */
int ind_compute(struct ind_result **out, const struct indicator_set *set, struct an_source *src,
		struct store *st, const struct ind_options *opt, struct error *err);
void ind_result_free(struct ind_result *r);

/*
 * The composite of 0-100 dimension scores (ndims of them, as the set's
 * dimensions): weighted arithmetic or geometric mean over the dimensions
 * with a weight; NaN when one of them is NaN or none has a weight.
 */
double ind_composite_of(const struct indicator_set *set, const double *scores);

#endif
