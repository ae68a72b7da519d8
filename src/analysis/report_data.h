/*
 * report_data: what the reports need from the workspace beyond the
 * results of indicators and prize: where the figures come from (every
 * survey version read, with its SHA-256), the distribution of answers to
 * the items of a scale (the diverging bars of a report), a prize
 * candidate's application in a few answers and the jurors' comments on
 * it, unsigned.  The report module never reads the workspace itself: it
 * gets these structures, and the answers for a workbook through
 * an_source_each().
 *
 * Functions return 0 or a negative UT_E* code with a message in err;
 * release what they fill in every case.
 */
#ifndef UTILIS_REPORT_DATA_H
#define UTILIS_REPORT_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/jury.h"

struct store;

/* One stored survey version read by an analysis. */
struct an_trace_version {
	char *form_id;		/* the survey */
	int version;		/* its version */
	char sha256[65];	/* hex digest of its source, as stored */
};

struct an_trace {
	struct an_trace_version *v;	/* by form (in the source's order), then version */
	size_t n;			/* how many */
};

/* The versions of the source's surveys, with their hashes. */
int an_trace_load(struct an_trace *t, struct store *st, const struct an_source *src,
		  struct error *err);
void an_trace_release(struct an_trace *t);

/* How the respondents answered one item of a scale (a select_one over a choice list). */
struct an_item_counts {
	const char *name;		/* the item (points into the caller's names) */
	const struct question *q;	/* the item in the form's latest model */
	size_t ncat;			/* choices of its list, in list order */
	size_t *count;			/* per choice (malloc'd) */
	unsigned char *hidden;		/* per choice: an enum an_hide, its count not shown (malloc'd) */
	size_t n;			/* respondents who answered (atoms too small left out) */
};

/*
 * Count the answers to items[0..nitems) in each form of src, over every
 * stored version (matched by question and choice name), with the
 * small-group rule of min_group (analysis.h): the answers of an atom where
 * fewer than min_group answered the item are left out, and a choice chosen
 * by fewer than min_group is hidden, with what would give it away.
 * *out is an array of src->nforms * nitems entries, form by form
 * (out[form * nitems + i]); an item that is not a select_one in a form's
 * latest model gets ncat 0 there.  Free it with an_item_counts_free(*out,
 * src->nforms * nitems).  submitted_only as in an_source_each().
 */
int an_item_counts(struct an_item_counts **out, struct an_source *src, struct store *st,
		   const char *const *items, size_t nitems, int submitted_only,
		   size_t min_group, struct error *err);
void an_item_counts_free(struct an_item_counts *c, size_t n);

/* A juror's comment on a candidate: which question, and the text (not who). */
struct prize_comment {
	size_t cand;		/* candidate index (prize_data) */
	size_t question;	/* index in the comment questions asked */
	char *text;		/* the comment, trimmed (malloc'd) */
};

struct prize_texts {
	size_t ncand;			/* candidates, as in prize_data */
	size_t nsummary;		/* application questions asked */
	char **summary;			/* [cand * nsummary + k]: the answer, or NULL */
	struct prize_comment *c;	/* by candidate, question, then text: no juror order */
	size_t nc;			/* how many */
	size_t *first;			/* [ncand + 1]: candidate i's comments are c[first[i]..first[i+1]) */
};

/*
 * Read the answers to the application questions summary[0..nsummary) of
 * every candidate of pd, and the non-empty answers to the grid questions
 * comments[0..ncomments) in every sheet of an assigned pair.  Comments
 * are sorted so that nothing in their order tells which juror wrote them.
 */
int prize_texts_load(struct prize_texts *t, struct store *st, struct prize_data *pd,
		     const char *const *summary, size_t nsummary, const char *const *comments,
		     size_t ncomments, struct error *err);
void prize_texts_release(struct prize_texts *t);

#endif
