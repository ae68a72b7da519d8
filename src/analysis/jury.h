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
#include "analysis/tally.h"
#include "store/store.h"
#include "util/strbuf.h"

struct prize_data {
	struct edition *e;		/* the edition (not owned) */
	struct an_source src;		/* forms[0]: application, forms[1]: grid */
	size_t ncand;			/* candidates */
	int64_t *cand_id;		/* their respondent ids, ascending */
	char **cand_name;		/* "Association / Entreprise" */
	char **cand_org;		/* [cand * prize_data_norg() + k]: the answer to the k-th
					   candidate_name question, then to the siren ones; NULL when empty */
	struct juror *jurors;		/* jurors of the edition, id order */
	size_t njuror;			/* their number */
	unsigned char *assigned;	/* [cand * njuror + juror] */
	unsigned char *conflict;	/* likewise */
	double *scores;			/* [cand][juror][crit], NaN where not scored */
	size_t nsheets;			/* sheets read */
	struct prize_tally tally;	/* the deliberation questions' answers per candidate */
	struct prize_input in;		/* the table and rules for prize_compute() */
	size_t nform;			/* choices of the edition's competence question, 0 without */
	unsigned char *cand_form;	/* [cand * nform + f]: the candidate ticked choice f */
};

/*
 * The competences the edition's file states (`competences: jurors:`), as
 * [juror * pd->nform + f] flags in *out (the caller frees; NULL with 0
 * when the edition states none).  A juror is named by email or by name; a
 * name that is no juror of the edition (not added yet, or a typo) is
 * skipped: prize_data_competence_unknown() lists them.  0, or -1 (memory).
 */
int prize_data_competences(const struct prize_data *pd, unsigned char **out, struct error *err);
/*
 * The next key of `competences: jurors:` from index *from on that names no
 * juror of the edition (its node: line and text), or NULL; advances *from.
 */
const struct ynode *prize_data_competence_unknown(const struct prize_data *pd, size_t *from);

/*
 * Gather an edition's data: loads the application form and the grid from
 * the workspace, checks the edition against them (problems go to d, with
 * UT_EDATA), reads candidates, jurors, assignments, conflicts and sheets.
 * Returns 0 or a negative UT_E* code with a message in err.  Release with
 * prize_data_release() in every case.
 */
int prize_data_load(struct prize_data *pd, struct store *st, struct edition *e,
		    struct diags *d, struct error *err);
void prize_data_release(struct prize_data *pd);
/*
 * Storing a jury's scores typed from paper (`utilis responses import` of
 * the grid with `_juror` and `_candidate` columns): one row is one sheet.
 */
struct prize_import {
	struct prize_data *pd;		/* the edition's data, loaded before */
	struct store *st;		/* the import's connection (its transaction) */
	int64_t grid_version_id;	/* the grid version the rows answer */
	const struct survey *grid;	/* its model: the rows' values are in its order */
	const char *file;		/* for the audit */
	long *seen;			/* [cand * njuror + juror]: row of the pair's sheet, 0 none */
	long assigned;			/* pairs assigned by the import */
	long sheets;			/* sheets stored */
};

/*
 * import_jury (collect/import.h) for a prize edition.  check(): the juror
 * (id, email or token) and the candidate (its number) exist, have no
 * conflict of interest and appear once in the file — from the data loaded
 * in memory, without touching the workspace.  sheet(): a pair not yet
 * assigned is assigned (audited), then the sheet is saved with the audit
 * detail "imported from FILE, row N: note_impact - -> 4; ..." (the
 * criteria that change, old -> new).  ctx is a struct prize_import whose
 * seen array the caller allocated (ncand * njuror longs, zeroed).
 */
int prize_import_check(void *ctx, const char *juror, const char *candidate, long row,
		       struct strbuf *why);
int prize_import_sheet(void *ctx, const char *juror, const char *candidate,
		       const char *const *values, size_t n, long row, struct error *err);

/* Index of a candidate by respondent id, or -1. */
long prize_data_candidate(const struct prize_data *pd, int64_t id);
/* Number of cand_org entries per candidate. */
size_t prize_data_norg(const struct prize_data *pd);
/* Index of a juror by id, or -1. */
long prize_data_juror(const struct prize_data *pd, int64_t id);

#endif
