/*
 * prize_output: the results of a prize edition as a reader or a script
 * sees them — the table for a terminal (French or English), CSV (one row
 * per candidate, for spreadsheets) and JSON (stable keys, for reports and
 * scripts) — and the lines of its audit log.  Beside analysis/output.h,
 * which writes the indicators' and describe's results the same three ways.
 * Everything is appended to a strbuf; printing is the caller's.
 *
 * Numbers for a reader go through util/numfmt.h (decimal comma in French,
 * "–" when missing, never "-0,0"); CSV goes through util/csvout.h (a
 * candidate's name is an applicant's answer: a name that starts like a
 * formula is neutralised) with "%.10g" numbers and empty missing cells;
 * JSON writes a missing number as null.
 */
#ifndef UTILIS_PRIZE_OUTPUT_H
#define UTILIS_PRIZE_OUTPUT_H

#include <stdint.h>

#include "analysis/ballot.h"
#include "analysis/jury.h"
#include "analysis/output.h"
#include "analysis/prize.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Which rankings from the jurors' ballots (analysis/ballot.h) go beside the scores. */
enum prize_ballots {
	PRIZE_BALLOT_BORDA = 1,		/* Borda count */
	PRIZE_BALLOT_SCHULZE = 2,	/* Schulze (Condorcet) */
};

/* "borda", "schulze" or "all" into *out (or'ed in): 0, or -1 for anything else. */
int prize_ballots_parse(const char *s, unsigned *out);

/*
 * What `prize results` and a prize report show: the results of the
 * edition's rules, how solid each rank is, and the ballot rankings asked for.
 */
struct prize_outcome {
	const struct prize_data *pd;	/* the edition's data (not owned) */
	struct prize_result res;	/* prize_compute() of pd->in */
	struct prize_robust *robust;	/* [pd->ncand]: prize_robustness(), PRIZE_BOOT_* */
	unsigned ballots;		/* enum prize_ballots, or'ed; 0: none */
	struct ballot_result ballot;	/* ballot_from_totals() when ballots */
};

/*
 * Compute the outcome of pd with the ballot rankings ballots (0: none).
 * Returns 0 with *out filled, or UT_ENOMEM with err set; release *out with
 * prize_outcome_release() in every case.
 */
int prize_outcome_compute(struct prize_outcome *out, const struct prize_data *pd, unsigned ballots,
			  struct error *err);
void prize_outcome_release(struct prize_outcome *o);

/*
 * Append the results to sb in format fmt: the table in language lang ("fr"
 * or "en"; the grid's labels fall back to its default language), with the
 * ballot rankings after it; CSV and JSON are the same in every language.
 * Returns 0, or UT_ENOMEM when sb cannot grow.
 */
int prize_results_write(struct strbuf *sb, const struct prize_outcome *o, enum an_format fmt,
			const char *lang);

/*
 * One line of the audit log (store_jury_audit_each()'s arguments) with its
 * newline: when, the juror ("-" for none), the action, "#ID NAME" of the
 * candidate when there is one, and "— detail".  0, or UT_ENOMEM.
 */
int prize_audit_line(struct strbuf *sb, const struct prize_data *pd, const char *at,
		     const char *juror, int64_t cand, const char *action, const char *detail);

#endif
