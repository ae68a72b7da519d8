/*
 * describe: every question of a survey, summed up — a frequency table with
 * percentages for choices, descriptives for numbers, the number of answers
 * for free text — overall and, with a breakdown, per group with the test
 * that fits: chi-square of independence (with Cramer's V and a warning
 * when expected counts are small) for choices; Welch's t or one-way ANOVA
 * and Mann-Whitney or Kruskal-Wallis for numbers and for choices on a
 * scale; Spearman's correlation when the breakdown is itself a number.
 *
 * Every stored version of the survey is read; questions are those of the
 * latest version, found by name in each older one.  The small-group rule
 * of analysis.h applies: respondents of atoms (survey x _group x _wave)
 * smaller than min_group are left out of every figure; columns (groups)
 * and cells (an answer in a group) with fewer respondents than min_group
 * are suppressed, with the cells that would give them away by difference;
 * min and max are the min_group-th smallest and largest values.
 * A question inside a repeat is summed up at the repeat level (per
 * instance, all instances of all respondents), its cells shown only when
 * enough respondents, not instances, stand behind them.
 */
#ifndef UTILIS_DESCRIBE_H
#define UTILIS_DESCRIBE_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "analysis/stats.h"
#include "util/consts.h"

struct desc_options {
	const char *by;		/* breakdown question, or NULL */
	double conf;		/* level of the intervals (0.95) */
	int submitted_only;	/* only submitted respondents (1) */
	int min_group;		/* smallest group shown (UT_MIN_GROUP) */
};

#define DESC_OPTIONS_INIT { NULL, 0.95, 1, UT_MIN_GROUP }

enum desc_kind {
	DESC_CHOICE,		/* one answer among categories: frequencies */
	DESC_MULTIPLE,		/* several answers among categories: frequencies of respondents */
	DESC_NUMBER,		/* a number: descriptives */
	DESC_TEXT,		/* free text, dates, rankings: the number of answers only */
};

/* A column: one group of the breakdown, or everyone (the last column). */
struct desc_group {
	const char *key;	/* breakdown value; NULL for everyone and for no answer */
	int no_answer;		/* respondents without a breakdown value */
	int all;		/* the column of everyone */
	struct an_text label;	/* label of the value */
	size_t n;		/* respondents */
	enum an_hide hidden;	/* AN_SHOWN, or why the whole column is hidden */
};

/* One category of a choice question: its counts per column. */
struct desc_category {
	const char *value;	/* stored value (choice name) */
	struct an_text label;	/* its label, or the value */
	size_t *count;		/* per column */
	unsigned char *hidden;	/* per column: an enum an_hide, the cell's count and percentage hidden */
};

struct desc_question {
	const char *name;		/* question name */
	const char *type;		/* "select_one", "integer"... as written */
	struct an_text label;		/* question text */
	enum desc_kind kind;		/* how it is summed up */
	int ordinal;			/* choices on a scale: also descriptives and rank tests */
	size_t *answered;		/* per column: respondents who answered */
	enum an_hide *hidden;		/* per column: AN_SHOWN, or why hidden */
	struct desc_category *cats;	/* DESC_CHOICE, DESC_MULTIPLE: categories in list order */
	size_t ncats;			/* how many */
	struct summary *sum;		/* DESC_NUMBER and ordinal: per column */
	struct test_result chisq;	/* choices by group */
	struct test_result fisher;	/* choices by group, an expected count below 5: Fisher's exact test */
	struct test_result param;	/* numbers by group: Welch or ANOVA */
	struct test_result rank;	/* numbers and scales by group: Mann-Whitney or Kruskal-Wallis */
	struct test_result corr;	/* numeric breakdown: Spearman */
	/*
	 * A question inside a repeat is summed up over all its instances:
	 * answered, the counts and the descriptives count instances; the
	 * small-group rule counts respondents.  No tests between groups
	 * (the instances of one respondent are not independent).
	 */
	const char *repeat;		/* its innermost repeat, or NULL at the top level */
	size_t *respondents;		/* repeat: per column, respondents with an answer in an instance */
};

struct desc_result {
	struct arena arena;		/* owns everything below */
	const char *form_id;		/* survey described */
	struct an_text title;		/* its title */
	int vmin, vmax;			/* versions answered */
	size_t nresp;			/* respondents counted (those of atoms too small left out) */
	int left_out;			/* some respondents were left out by the small-group rule */
	struct desc_options opt;	/* options as applied */
	const char *by;			/* breakdown, or NULL */
	enum by_kind by_kind;		/* what it gives */
	struct desc_group *cols;	/* groups in display order, then everyone */
	size_t ncols;			/* groups + 1 */
	struct desc_question *q;	/* questions in document order */
	size_t nq;			/* how many */
};

/*
 * Describe the survey of src (its first form) from the workspace.  Returns
 * 0 with *out (desc_result_free()), or an UT_E* code with a message.
 */
int desc_compute(struct desc_result **out, struct an_source *src, struct store *st,
		 const struct desc_options *opt, struct error *err);
void desc_result_free(struct desc_result *r);

/* "choice", "multiple", "number", "text". */
const char *desc_kind_id(enum desc_kind k);

#endif
