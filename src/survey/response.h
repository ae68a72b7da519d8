/*
 * response: one respondent's answers held against a survey model, and the
 * rules of the form applied to them — calculations, relevance, required
 * answers, constraints and the type of each value.  Web forms, imports and
 * simulated answers all go through here, so the rules live in one place and
 * use the one expression evaluator.
 *
 * Rules (XLSForm's):
 *  - a question is relevant when its own `relevant` holds and so does every
 *    enclosing group's; the answer to a question that is not relevant is
 *    dropped, as ODK drops it from a submission;
 *  - calculations are evaluated in dependency order over the current
 *    answers; a `calculation` on a question that takes an answer is its
 *    calculated default: it gives the value while the question is
 *    unanswered or still holds the calculated value (response_set() with
 *    that same value keeps it so), and always when the question is
 *    read_only; a NaN result leaves the field unanswered, and so does one
 *    that is not UTF-8 text (copied from an answer that is not);
 *  - a required question (`required: true`, or its expression true) must be
 *    answered when relevant; a constraint is checked only on a relevant,
 *    non-empty answer, with '.' bound to it;
 *  - a chosen choice must be one the question's choice_filter offers;
 *  - no answer is longer than SURVEY_MAX_ANSWER bytes (what an XLSX cell
 *    and an SPSS string hold), and a calculation whose value would be
 *    longer is left unanswered.
 */
#ifndef UTILIS_RESPONSE_H
#define UTILIS_RESPONSE_H

#include <stddef.h>

#include "survey/survey.h"
#include "util/strbuf.h"

struct response {
	const struct survey *s;		/* the model answered */
	char **values;			/* by question index: malloc'd text, NULL when unanswered */
	unsigned char *relevant;	/* by question index: 1 when relevant (after response_update) */
	unsigned char *computed;	/* by question index: 1 when a calculated default's
					   value is the calculation's, not the respondent's */
	const char *today;		/* 'YYYY-MM-DD' for today(), NULL: the system's date */
	const struct question *too_long; /* after response_update: the first calculation left
					    unanswered because its value would be longer
					    than SURVEY_MAX_ANSWER, else NULL */
	int as_stored;			/* 1: the answers are stored ones, final: calculated
					   defaults are not computed again (exports) */
};

enum problem_kind {
	PROBLEM_INVALID,	/* the value is not of the question's type or choices */
	PROBLEM_REQUIRED,	/* a required answer is missing */
	PROBLEM_CONSTRAINT,	/* the constraint does not hold */
	PROBLEM_NOT_RELEVANT,	/* an answer was given to a question that is not relevant */
	PROBLEM_TOO_LONG,	/* the answer is longer than SURVEY_MAX_ANSWER bytes */
};

struct problem {
	const struct question *q;	/* the question */
	enum problem_kind kind;		/* what is wrong */
	char *detail;			/* PROBLEM_INVALID: why (English, for analysts);
					   PROBLEM_TOO_LONG: the length in bytes; else NULL */
};

struct problems {
	struct problem *v;		/* in question order */
	size_t n, alloc;		/* used / allocated */
};

/* Start with no answer.  Returns 0 or -1 when out of memory. */
int response_init(struct response *r, const struct survey *s);
void response_release(struct response *r);
/* Forget every answer. */
void response_clear(struct response *r);

/*
 * Set the answer to question name (value NULL or "" clears it).  The value
 * is copied as is; response_check() says whether it is acceptable.  A
 * value other than the one a calculated default holds makes it the
 * respondent's own.  Returns
 * 0, -1 when out of memory, or -2 when the survey has no such question (or
 * it is a group or note, which hold no answer).
 */
int response_set(struct response *r, const char *name, const char *value);
/* The answer to question name, or NULL when unanswered. */
const char *response_get(const struct response *r, const char *name);

/*
 * Text with each `${name}` replaced by the answer to question name
 * (piping, as XLSForm writes it in labels and hints): a choice's label in
 * language lang for select_one, the chosen choices' labels joined by ", "
 * for select_multiple and rank, the answer as stored otherwise; nothing
 * when unanswered or not relevant.  out is reset first.  A name the
 * survey does not have is left as written (survey_load() refuses it).
 * Returns 0 or -1 when out of memory.
 */
int response_pipe(const struct response *r, const char *text, size_t lang, struct strbuf *out);

/*
 * Apply calculations and relevance: compute every calculate field, mark
 * each question relevant or not, and when drop is non-zero remove the
 * answers of questions that are not relevant.  Sets r->too_long.  Returns
 * 0 or -1 (memory).
 */
int response_update(struct response *r, int drop);

/*
 * 1 when question q must be answered with the current answers (`required:
 * true`, or its `required` expression holds), 0 when not, -1 when memory
 * runs out.  Whether q is relevant is not considered.
 */
int response_required(const struct response *r, const struct question *q);

/*
 * 1 when question q's choice_filter offers choice c given the current
 * answers (always, without a filter), 0 when it filters c out, -1 when
 * memory runs out.  In the filter, a bare name is a column of the choice:
 * `name`, `label` (default language) or one of its extra columns.
 */
int response_offers(const struct response *r, const struct question *q,
		    const struct choice *c);

/*
 * Check the answers to the questions inside scope (a group: that group's
 * questions, at any depth; NULL: the whole survey) after response_update():
 * types and choices, required answers and constraints.  Problems are
 * appended to out in question order.  Returns the number of problems
 * added, or -1 when out of memory.
 */
int response_check(const struct response *r, const struct question *scope,
		   struct problems *out);
void problems_release(struct problems *p);

/*
 * The message a respondent reads for a problem, in language lang: the
 * question's required_message or constraint_message when it has one, else
 * a default sentence in French or English.  Not owned by the caller.
 */
const char *problem_message(const struct survey *s, const struct problem *p, size_t lang);

#endif
