/*
 * referential: the social-utility referential of a pilot group
 * (indicators/referentiel-*.yaml, docs/referential.md): stakes, their
 * criteria, and under each criterion the candidate indicators the group
 * rates in Delphi rounds, each with a definition in French and English and
 * where its data would come from (a question of a survey, or a figure the
 * association keeps).  The file also states the rule that turns a round's
 * ratings into a verdict (kept, to discuss, dropped) and the smallest
 * group whose figures are shown.
 *
 * Loading has two steps, like indicator sets: referential_parse() checks
 * everything that needs no survey; referential_check_sources() then checks
 * the survey questions the sources name against the models the caller
 * could load.  Both report every problem at once as FILE:LINE:COL
 * diagnostics.  A referential lives in its arena and is freed by
 * referential_free().
 *
 * Weights per stake (issue 16, part 3) are not part of the format yet: a
 * stake has no `weight` key, and the indicator set written from the rounds
 * gives every stake the same weight.
 */
#ifndef UTILIS_REFERENTIAL_H
#define UTILIS_REFERENTIAL_H

#include <stddef.h>

#include "survey/survey.h"
#include "survey/yamldoc.h"
#include "util/arena.h"
#include "util/consts.h"
#include "util/diag.h"

/* A text in both languages of the referential. */
struct ref_text {
	const char *fr;			/* French */
	const char *en;			/* English */
};

enum ref_source_kind {
	REF_SOURCE_SURVEY,		/* a question of a survey: `source: FORM_ID:QUESTION` */
	REF_SOURCE_FIGURE,		/* a figure the association keeps: `figure: {fr, en}` */
};

struct ref_indicator {
	const char *id;			/* unique in the referential */
	struct ref_text label;		/* short name */
	struct ref_text definition;	/* what it measures, how */
	enum ref_source_kind source;	/* where its data would come from */
	const char *form_id;		/* REF_SOURCE_SURVEY: the survey */
	const char *question;		/* REF_SOURCE_SURVEY: the question */
	struct ref_text figure;		/* REF_SOURCE_FIGURE: which figure, kept where */
	size_t stake, criterion;	/* indices of its stake and criterion */
	const struct ynode *source_node; /* where the source was written */
	int line, col;			/* where the indicator starts */
};

struct ref_criterion {
	const char *id;			/* unique in the referential */
	struct ref_text label;		/* what readers see */
	size_t first, n;		/* its indicators: ind[first .. first + n) */
};

struct ref_stake {
	const char *id;			/* unique; the dimension id of the indicator set */
	struct ref_text label;		/* what readers see */
	struct ref_text description;	/* why it matters (may be empty) */
	size_t first, n;		/* its criteria: crit[first .. first + n) */
};

/* The verdict rule (RAND/UCLA: median third, and no disagreement). */
struct ref_rule {
	int keep;			/* kept: median >= keep, without disagreement */
	int drop;			/* dropped: median <= drop, without disagreement */
	int disagreement;		/* 1: disagreement (IPRAS) sends to discussion */
	double agreement;		/* kept also needs this share (0-1) of ratings in the median's third */
};

struct referential {
	struct arena arena;		/* owns everything below */
	struct ydoc doc;		/* the YAML tree the texts point into */
	const char *file;		/* file name it was loaded from */
	const char *id;			/* `referential` */
	struct ref_text title;		/* title */
	struct ref_text description;	/* may be empty */
	int feasibility;		/* rate feasibility as well as relevance */
	int min_group;			/* no figure about fewer ratings is shown */
	struct ref_rule rule;		/* verdict rule */
	struct ref_stake *stakes;	/* in file order */
	size_t nstakes;
	struct ref_criterion *crit;	/* every criterion, file order */
	size_t ncrit;
	struct ref_indicator *ind;	/* every indicator, file order */
	size_t nind;
};

#define REF_MIN_GROUP_LEAST 3
#define REF_MAX_INDICATORS 500
/* Identifiers: letters, digits and '_', starting with a letter, at most this long. */
#define REF_MAX_ID 40

/*
 * Parse and check a referential (src: len bytes of UTF-8).  Returns 0 and
 * *out (referential_free()), warnings possibly in d; or -1 with every error
 * in d and *out NULL.
 */
int referential_parse(struct referential **out, const char *file, const char *src,
		      size_t len, struct diags *d);

/*
 * Check the survey sources against the models given (nmodels of them, any
 * form_ids): a question that does not exist in a loaded survey, or that
 * holds no answer (a group, a note), is an error at the source's place,
 * with a suggestion; a survey not among the models is a warning (its
 * questions could not be checked), once per survey.  Returns 0 or -1.
 */
int referential_check_sources(const struct referential *ref, struct survey *const *models,
			      size_t nmodels, struct diags *d);

/* The distinct form_ids the sources name, in file order (at most n written); returns how many there are. */
size_t referential_surveys(const struct referential *ref, const char **out, size_t n);

/* The indicator called id, or NULL. */
const struct ref_indicator *referential_find(const struct referential *ref, const char *id);

void referential_free(struct referential *ref);

#endif
