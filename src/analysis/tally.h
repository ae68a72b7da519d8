/*
 * tally: what the jurors recommend, candidate by candidate.  The grid's
 * deliberation questions are its single-choice questions that are not
 * criteria (in prix-grille: informations manquantes, audition souhaitée,
 * coup de cœur, recommandation lauréat / à discuter / non retenu); each
 * sheet's answer is counted per candidate and choice, for the ranking and
 * the scorecards.  A juror's vote is not a respondent's answer about
 * themselves: no small-group rule applies, as for the scores.
 */
#ifndef UTILIS_TALLY_H
#define UTILIS_TALLY_H

#include <stddef.h>

#include "analysis/edition.h"
#include "survey/survey.h"

struct tally_q {
	const struct question *q;	/* in the latest grid: its name, label and choices */
	size_t off;			/* its first count in a candidate's row */
};

struct prize_tally {
	struct tally_q *q;		/* deliberation questions, in grid order */
	size_t nq;			/* their number */
	size_t width;			/* counts per candidate: every question's choices */
	size_t ncand;			/* candidates */
	size_t *count;			/* [cand * width + q.off + choice] */
};

/*
 * Find the deliberation questions of the grid (not criteria of e) and
 * make room for ncand candidates, counts at zero.  0, or -1 out of memory.
 */
int prize_tally_init(struct prize_tally *t, const struct survey *grid,
		     const struct edition *e, size_t ncand);
/*
 * Count one sheet of candidate cand: values[] in the order of the grid
 * version s that stored it; questions and choices are found by name (an
 * answer no longer among the choices is not counted).
 */
void prize_tally_add(struct prize_tally *t, size_t cand, const struct survey *s,
		     const char *const *values, size_t n);
/* Count of a choice (index in q's list) for a candidate. */
size_t prize_tally_get(const struct prize_tally *t, size_t cand, size_t qi, size_t choice);
void prize_tally_release(struct prize_tally *t);

#endif
