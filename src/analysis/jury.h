/*
 * jury: a prize edition's data gathered from the workspace — the
 * candidates (submitted applications), the jurors, who is assigned to whom
 * and who declared a conflict, and the score table that analysis/prize.h
 * turns into results.  Commands and reports start here.
 */
#ifndef UTILIS_JURY_H
#define UTILIS_JURY_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/analysis.h"
#include "analysis/edition.h"
#include "analysis/prize.h"
#include "store/store.h"

struct prize_data {
	struct edition *e;		/* the edition (not owned) */
	struct an_source src;		/* forms[0]: application, forms[1]: grid */
	size_t ncand;			/* candidates */
	int64_t *cand_id;		/* their respondent ids, ascending */
	char **cand_name;		/* "Association / Entreprise" */
	struct juror *jurors;		/* jurors of the edition, id order */
	size_t njuror;			/* their number */
	unsigned char *assigned;	/* [cand * njuror + juror] */
	unsigned char *conflict;	/* likewise */
	double *scores;			/* [cand][juror][crit], NaN where not scored */
	size_t nsheets;			/* sheets read */
	struct prize_input in;		/* the table and rules for prize_compute() */
};

/*
 * Gather an edition's data: loads the application form and the grid from
 * the workspace, checks the edition against them (problems go to d, with
 * AN_EDATA), reads candidates, jurors, assignments, conflicts and sheets.
 * Returns 0 or a negative AN_E* code with a message in err.  Release with
 * prize_data_release() in every case.
 */
int prize_data_load(struct prize_data *pd, struct store *st, struct edition *e,
		    struct diags *d, struct error *err);
void prize_data_release(struct prize_data *pd);
/* Index of a candidate by respondent id, or -1. */
long prize_data_candidate(const struct prize_data *pd, int64_t id);
/* Index of a juror by id, or -1. */
long prize_data_juror(const struct prize_data *pd, int64_t id);

#endif
