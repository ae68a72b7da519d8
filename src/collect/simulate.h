/*
 * simulate: synthetic respondents for trying a questionnaire before it is
 * fielded, for demos, tests and benchmarks.  Answers respect the survey's
 * types, choices, choice filters, relevance, required answers and
 * constraints: each respondent is checked with survey/response.h, the
 * answers it refuses are drawn again.  Items of one `dimension` share a
 * latent trait (a one-factor model, loadings 0.65 to 0.85), so that scale
 * reliability and indicators look like those of real data; groups differ
 * by a shift of the traits, so that group comparisons show differences.
 * The same seed gives the same respondents.
 */
#ifndef UTILIS_SIMULATE_H
#define UTILIS_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "survey/survey.h"
#include "util/instance.h"
#include "util/diag.h"

struct simulate_options {
	uint64_t seed;			/* the same seed gives the same data */
	int ngroups;			/* 0: no `_group`; else groups "groupe_1".."groupe_N" */
	const char *today;		/* 'YYYY-MM-DD' for today(), NULL: the clock */
	size_t planned;			/* respondents the run will draw; from 20, each
					   follow-up question is aimed at max(5, planned/10)
					   answers (0: unknown, no aim) */
};

struct simulator;

/* A simulator for s (which must outlive it).  0 or -1 with err. */
int simulator_new(struct simulator **out, const struct survey *s,
		  const struct simulate_options *opt, struct error *err);
/*
 * Draw the next respondent: *values gets its answers by question index
 * (s->nq slots, NULL where unanswered) and *group its `_group` (NULL
 * without groups); both stay valid until the next call.  0, or -1 with err
 * when no answers satisfying the constraints were found (the message names
 * the question) or memory ran out.
 */
int simulator_next(struct simulator *sim, const char *const **values, const char **group,
		   struct error *err);
/*
 * Draw the answers of a person seen in several waves (simulate --links):
 * their traits have a lasting part that comes from person (any text that
 * stands for them, the same in each wave) and the seed, so that the same
 * person answers alike from one wave to the next, plus shift (in standard
 * deviations of the traits: the change between waves).  As
 * simulator_next() otherwise.
 */
int simulator_next_person(struct simulator *sim, const char *person, double shift,
			  const char *const **values, struct error *err);
/*
 * The repeat instances of the respondent simulator_next() last gave, flat
 * in pre-order (survey/response.h response_instances()) for store_row.inst:
 * *inst (NULL when none) and *n stay valid until the next call of either.
 * 0, or -1 when memory runs out.
 */
int simulator_instances(struct simulator *sim, const struct instance **inst, size_t *n);
void simulator_free(struct simulator *sim);

#endif
