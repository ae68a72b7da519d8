/*
 * followup: the laureates one year on.  Each laureate of an edition gets a
 * link to the follow-up survey (`utilis prize followup`, store/coi.c keeps
 * which candidate each link is for); this gathers their answers for the
 * prize workbook: the answer given on the link, or imported on paper with
 * the link's token as its `_id`.  The answers are an organisation's about
 * its own action, one laureate per row by design: no small-group rule
 * applies (docs/prize.md).
 */
#ifndef UTILIS_FOLLOWUP_H
#define UTILIS_FOLLOWUP_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "analysis/jury.h"

struct prize_followup {
	struct an_source src;		/* the follow-up form */
	const struct survey *s;		/* its latest model: the columns */
	size_t n;			/* laureates with a link, by candidate id */
	size_t *cand;			/* [n] their candidate index (prize_data) */
	char **status;			/* [n] the link's progress: invited, started, submitted */
	char **token;			/* [n] the link's token */
	char **values;			/* [n * s->nq]: the answers once submitted, NULL when none */
	int answered_n;			/* laureates whose answers are in */
	int open;			/* src is open (release it) */
};

/*
 * Read the follow-up links of pd's edition and the answers to form_id.
 * A form not in the workspace is UT_ENOTFOUND.  0 or a negative UT_E*
 * code with err; release f with prize_followup_release() in every case.
 */
int prize_followup_load(struct prize_followup *f, struct store *st, const struct prize_data *pd,
			const char *form_id, struct error *err);
void prize_followup_release(struct prize_followup *f);

#endif
