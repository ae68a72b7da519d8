/*
 * edition: a prize edition definition (indicators/prix-*.yaml), loaded and
 * checked against its two surveys — the application form whose submitted
 * answers are the candidates, and the jury's grid.  It names the criteria
 * and their weights, the scale, and the rules of analysis/prize.h.
 *
 *   edition: prix-2018                        identifier
 *   title: {fr: ..., en: ...}                 what jurors and reports show
 *   application: prix-candidature             form_id of the application form
 *   grid: prix-grille                         form_id of the grid
 *   candidate_name: [asso_nom, ent_nom]       application questions naming a candidate
 *   summary: [part_titre, part_description]   application questions shown to jurors
 *   siren: [asso_siret, ent_siret]            application questions giving a SIREN or SIRET (conflicts)
 *   criteria: {note_impact: 25, ...}          optional; default: every grid question with a weight
 *   min_jurors: 3                             default 3
 *   normalisation: none | zscore | range      default none
 *   aggregation: mean | median | trimmed      default mean
 *   tie_break: [note_impact, note_reciprocite]  criteria, in order; then the jurors' median
 *   divergence: 15                            points on 0-100 that flag "to discuss"; default 15
 *   competences:                              optional, for 'utilis jury assign'
 *     question: part_formes                   a select question of the application
 *     jurors: {EMAIL or NAME: [choice, ...]}  the forms each juror knows
 *
 * Errors are FILE:LINE:COL diagnostics, all at once, like survey definitions.
 */
#ifndef UTILIS_EDITION_H
#define UTILIS_EDITION_H

#include <stddef.h>

#include "analysis/prize.h"
#include "survey/survey.h"
#include "survey/yamldoc.h"
#include "util/diag.h"

struct edition_criterion {
	const char *name;		/* grid question */
	double weight;			/* its weight */
	const struct question *q;	/* resolved by edition_check() */
	int line, col;			/* where it is named */
};

struct edition {
	struct ydoc doc;		/* the YAML tree: strings point into it */
	char *src;			/* the text it was parsed from (owned) */
	const char *id;			/* edition identifier */
	struct label title;		/* per language of the grid survey (set by edition_check) */
	const struct ynode *title_node;	/* the title as written */
	const char *application;	/* form_id of the application form */
	const char *grid;		/* form_id of the grid */
	const char **candidate_name;	/* application questions naming a candidate */
	size_t ncandidate_name;		/* their number */
	const char **summary;		/* application questions shown to jurors */
	size_t nsummary;		/* their number */
	const char **siren;		/* application questions giving a SIREN or SIRET */
	size_t nsiren;			/* their number */
	struct edition_criterion *crit;	/* criteria (from the file, or the grid's weights) */
	size_t ncrit;			/* their number */
	size_t *tiebreak;		/* indices into crit, in order */
	size_t ntiebreak;		/* their number */
	size_t min_jurors;		/* fewer jurors flag a candidate */
	enum prize_norm norm;		/* juror normalisation */
	enum prize_agg agg;		/* aggregation over jurors */
	double divergence;		/* "to discuss" threshold */
	double lo, hi;			/* the criteria's common scale (set by edition_check) */
	const struct ynode *crit_node;	/* `criteria`, or NULL */
	const struct ynode *tiebreak_node; /* `tie_break`, or NULL */
	const struct ynode *names_node;	/* `candidate_name` */
	const struct ynode *summary_node; /* `summary`, or NULL */
	const struct ynode *siren_node;	/* `siren`, or NULL */
	const struct ynode *app_node, *grid_node; /* for messages */
	const char *competence_q;	/* competences.question, or NULL */
	const struct question *competence_qq; /* resolved by edition_check() */
	const struct ynode *competence_jurors; /* competences.jurors (a mapping), or NULL */
	const struct ynode *competence_node; /* `competences`, or NULL */
};

/*
 * Parse the definition (syntax and values, not yet the surveys).  src is
 * copied.  0 with *out (edition_free), or -1 with the errors in d.
 */
int edition_parse(struct edition **out, const char *file, const char *src, size_t len,
		  struct diags *d);
/*
 * Check it against the application form and the grid (either may be NULL
 * when not loaded: that is reported).  Resolves criteria, their scale and
 * the tie-break order.  0, or -1 with the errors in d.
 */
int edition_check(struct edition *e, const struct survey *application,
		  const struct survey *grid, struct diags *d);
void edition_free(struct edition *e);

#endif
