/*
 * instance: one instance of a repeat in a respondent's answers, in the flat
 * form that the record codec (store/record.h) stores and the response
 * model (survey/response.h) reads and writes, so that neither depends on
 * the other.  A list of instances is in pre-order: an instance comes after
 * its parent, and instance k of a repeat under one parent after instance
 * k - 1.
 */
#ifndef UTILIS_INSTANCE_H
#define UTILIS_INSTANCE_H

#include <stddef.h>

/* Deepest nesting of repeats (survey.h: SURVEY_MAX_REPEAT_DEPTH). */
#define INSTANCE_MAX_DEPTH 3

struct instance {
	unsigned repeat;		/* which repeat: its index in survey.repeats */
	unsigned depth;			/* entries in path: 1 for a repeat inside no other */
	size_t path[INSTANCE_MAX_DEPTH]; /* 0-based instance numbers, outermost first;
					    the last one is this instance's */
	const char *const *values;	/* by slot (question.slot); NULL: unanswered */
	size_t n;			/* slots in values (trailing empty ones may be left out) */
};

#endif
