/*
 * assign: which jurors score which candidates.  Each candidate gets k
 * jurors, never one with a declared conflict of interest; no juror takes
 * more than max_load candidates; the jurors' competences (the partnership
 * forms they know) cover each candidate's forms wherever possible; the
 * loads are as even as the rest allows; the same seed gives the same
 * assignment.
 *
 * assign_jurors() is optimal, through analysis/optim (GLPK).  Existing
 * assignments are kept (fixed pairs), so running it again after a conflict
 * only fills the places that became free.  The objective, lexicographic:
 * first the number of (candidate, form) pairs covered by at least one
 * juror who knows the form, then the sum over jurors of load*(load+1)/2
 * (the most even loads; this also minimises the largest load), then a
 * seeded random cost per pair below one unit of the rest (the tie-break).
 * Without max_load the cap is the smallest largest load possible, found
 * by a first solve without competences.
 *
 * assign_jurors_greedy() is the method it replaces, kept as the reference
 * the benchmark compares against: candidates with the fewest eligible
 * jurors first, each taking the least loaded eligible jurors, seeded
 * tie-breaks; it leaves places empty rather than fail.
 */
#ifndef UTILIS_ASSIGN_H
#define UTILIS_ASSIGN_H

#include <stddef.h>

#include "util/err.h"

struct error;

struct assign_input {
	size_t ncand;			/* candidates */
	size_t njuror;			/* jurors */
	size_t k;			/* jurors wanted per candidate */
	const unsigned char *conflict;	/* [cand * njuror + juror]: 1 when conflicted; may be NULL */
	const unsigned char *existing;	/* same shape: already assigned (kept); may be NULL */
	unsigned long seed;		/* random tie-breaks */
	size_t max_load;		/* most candidates per juror; 0: the smallest possible */
	size_t nform;			/* partnership forms (competences) */
	const unsigned char *cand_form;	/* [cand * nform + f]: the candidate's forms; may be NULL */
	const unsigned char *juror_form; /* [juror * nform + f]: the forms a juror knows; may be NULL */
};

struct assign_result {
	unsigned char *assigned;	/* [cand * njuror + juror]: 1 when assigned */
	size_t *load;			/* [juror]: candidates assigned to them */
	size_t *missing;		/* [cand]: places left empty (greedy only; 0 otherwise) */
	size_t nshort;			/* candidates with missing places (greedy only) */
	size_t max_load;		/* the cap used (optimal only) */
	size_t nwanted;			/* (candidate, form) pairs some juror could cover */
	size_t ncovered;		/* of those, covered by an assigned juror */
	size_t bad_cand;		/* on UT_EINFEASIBLE: the candidate, or ncand if global */
	size_t eligible;		/* on UT_EINFEASIBLE with bad_cand: its eligible jurors */
	int proven;			/* the competences' optimum proven (else the best in ASSIGN_NODE_LIMIT nodes) */
};

/*
 * Branch-and-bound nodes for the competences before taking the best
 * assignment found (a count, not a time: the same data give the same
 * result on any machine).
 */
#define ASSIGN_NODE_LIMIT 50

/*
 * The optimal assignment.  An existing assignment to a conflicted pair is
 * dropped.  Returns 0 and fills *out (assign_result_release), or a
 * negative UT_E* code with err set (out->bad_cand and out->eligible
 * stay readable until assign_result_release).
 */
int assign_jurors(const struct assign_input *in, struct assign_result *out, struct error *err);

/* The greedy reference (ignores max_load and competences); 0 or -1 (memory). */
int assign_jurors_greedy(const struct assign_input *in, struct assign_result *out);

/*
 * The optimal objective's parts for any assignment, to compare methods:
 * *covered (candidate, form) pairs covered, *spread (largest minus
 * smallest load), *maxload, and the sum of load*(load+1)/2 (returned).
 */
size_t assign_score(const struct assign_input *in, const unsigned char *assigned,
		    size_t *covered, size_t *maxload, size_t *spread);

void assign_result_release(struct assign_result *r);

#endif
