/*
 * assign: which jurors score which candidates.  Each candidate gets k
 * jurors, never one with a declared conflict of interest, and the jurors'
 * loads stay as even as the conflicts allow; the same seed gives the same
 * assignment.
 *
 * Method: the candidates with the fewest eligible jurors are served first
 * (they have the least choice); each takes the eligible jurors with the
 * lowest load so far, ties broken by a seeded random order of the jurors
 * (GSL's MT19937).  Assignments that already exist are kept, so running it
 * again after a conflict only fills the places that became free.  Without
 * conflicts the loads differ by at most one.
 */
#ifndef UTILIS_ASSIGN_H
#define UTILIS_ASSIGN_H

#include <stddef.h>

struct assign_input {
	size_t ncand;			/* candidates */
	size_t njuror;			/* jurors */
	size_t k;			/* jurors wanted per candidate */
	const unsigned char *conflict;	/* [cand * njuror + juror]: 1 when conflicted; may be NULL */
	const unsigned char *existing;	/* same shape: already assigned (kept); may be NULL */
	unsigned long seed;		/* random tie-breaks */
};

struct assign_result {
	unsigned char *assigned;	/* [cand * njuror + juror]: 1 when assigned */
	size_t *load;			/* [juror]: candidates assigned to them */
	size_t *missing;		/* [cand]: places left empty for want of eligible jurors */
	size_t nshort;			/* candidates with missing places */
};

/*
 * Compute an assignment.  An existing assignment to a conflicted pair is
 * dropped.  Returns 0 and fills *out (assign_result_release), or -1 when
 * memory runs out.
 */
int assign_jurors(const struct assign_input *in, struct assign_result *out);
void assign_result_release(struct assign_result *r);

#endif
