/*
 * REPEATS: THE API IN SHORT (for the web form, paper, import/export, analysis)
 *
 * Model (survey.h).  A repeat is a question of type Q_REPEAT with children,
 * like a group.  Every item knows q->repeat, its innermost enclosing repeat
 * (NULL at the top level; for a repeat, the one around it), and q->depth,
 * the number of repeats around it.  s->repeats[0..s->nrepeats) lists them
 * in document order; survey_first_repeat(s) is NULL for a survey without.
 * rep->own[0..rep->nown) are the items whose innermost repeat is rep
 * (questions, groups, notes, nested repeats), in document order;
 * rep->max_count bounds its instances, rep->repeat_count (an expression,
 * or NULL for an open repeat) fixes their number.
 *
 * Paths.  An answer inside repeats is addressed by a path: one 0-based
 * instance index per enclosing repeat, outermost first (q->depth entries,
 * at most SURVEY_MAX_REPEAT_DEPTH; a top-level question ignores it).  The
 * instances of rep sit under a parent path of rep->depth entries.
 *
 * Iterating, e.g. every member and each member's mandates:
 *     size_t p[SURVEY_MAX_REPEAT_DEPTH];
 *     for (p[0] = 0; p[0] < response_count(r, membres, NULL); p[0]++) {
 *             const char *age = response_get_at(r, age_q, p);
 *             for (p[1] = 0; p[1] < response_count(r, mandats, p); p[1]++)
 *                     ... response_get_at(r, duree_q, p) ...
 *     }
 * Generic code walks rep->own and recurses into the repeats among them.
 * response_add(r, rep, parent, &i) appends an empty instance (-3 at
 * max_count; `default` values are the caller's to put in, as form_prefill()
 * does at the top level), response_remove(r, rep, path) removes one (later
 * ones move down),
 * response_set_at()/response_get_at()/response_relevant_at() read and
 * write one answer.  response_set()/response_get() only reach top-level
 * questions (a repeated one gives -2 / NULL).
 *
 * Rules.  response_update() evaluates relevance and calculations in every
 * instance: ${q} of the same instance (or an enclosing one) means that
 * instance's value; a repeat's own `relevant` and `repeat_count` are
 * evaluated around it; with drop, the count follows repeat_count and a
 * repeat that is not relevant loses its instances.  Aggregates: count(),
 * sum(), min(), max(), join() over a repeated question, position(..),
 * indexed-repeat() (docs/expressions.md).
 *
 * Problems.  response_check() appends problems with p->depth and p->path:
 * the instance, as response_get_at() takes it (show it 1-based: "membres
 * 2, age").  PROBLEM_COUNT names the repeat itself (p->q), with the path
 * of the parent instance: more instances than max_count, or not as many
 * as repeat_count says.
 *
 * Workspace.  response_instances() flattens the instances (util/instance.h)
 * for the store's `_rep` functions (store.h: struct store_answers), which
 * keep them in the respondent's own `answers` BLOB (record format 0x02);
 * store_answers_read()/store_invitation_draft_read()/store_answers_each_rep()
 * give them back in a struct record_buf (rb.inst, rb.ninst), and
 * response_set_instances() loads them, refusing what does not fit.
 *
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
#include "util/instance.h"
#include "util/strbuf.h"

struct rinst;

/* The instances of one repeat under one parent instance (or the top level). */
struct rset {
	struct rinst *v;		/* in order; moves when instances are added */
	size_t n, alloc;		/* used / allocated */
};

/* One instance of a repeat: its items' answers, and the repeats inside it. */
struct rinst {
	char **values;			/* by slot (question.slot): malloc'd, NULL unanswered */
	unsigned char *relevant;	/* by slot: 1 when relevant (after response_update) */
	unsigned char *computed;	/* by slot: as response.computed */
	struct rset *sets;		/* by question.sub: the repeats directly inside */
};

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
	struct rset *sets;		/* by question.sub: the repeats not inside another
					   (survey.ntopsub of them; NULL without) */
};

enum problem_kind {
	PROBLEM_INVALID,	/* the value is not of the question's type or choices */
	PROBLEM_REQUIRED,	/* a required answer is missing */
	PROBLEM_CONSTRAINT,	/* the constraint does not hold */
	PROBLEM_NOT_RELEVANT,	/* an answer was given to a question that is not relevant */
	PROBLEM_TOO_LONG,	/* the answer is longer than SURVEY_MAX_ANSWER bytes */
	PROBLEM_COUNT,		/* a repeat has more instances than its max_count, or
				   not as many as its repeat_count says */
};

struct problem {
	const struct question *q;	/* the question (PROBLEM_COUNT: the repeat) */
	enum problem_kind kind;		/* what is wrong */
	char *detail;			/* PROBLEM_INVALID: why (English, for analysts);
					   PROBLEM_TOO_LONG: the length in bytes;
					   PROBLEM_COUNT: the count and the rule; else NULL */
	unsigned depth;			/* q->depth: entries in path */
	size_t path[SURVEY_MAX_REPEAT_DEPTH]; /* the instance, as response_get_at() takes it */
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
 * response_pipe() for a text shown in instance path of repeat rep
 * (rep->depth + 1 indices; rep NULL: the top level): `${q}` of a question
 * in that instance, or in an enclosing one, is its value there, as
 * relative references are in expressions; a question of another repeat
 * gives nothing.
 */
int response_pipe_at(const struct response *r, const char *text, size_t lang,
		     const struct question *rep, const size_t *path, struct strbuf *out);

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

/* --- repeats ----------------------------------------------------------- */

/*
 * Number of instances of repeat rep under the instance parent of its
 * enclosing repeats (rep->depth indices; NULL or anything at the top
 * level).  0 when the parent instance does not exist.
 */
size_t response_count(const struct response *r, const struct question *rep,
		      const size_t *parent);
/*
 * Append an empty instance of rep under parent (as above); *index (may be
 * NULL) gets its 0-based number.  Returns 0, -1 when out of memory, -2 when
 * rep is not a repeat or parent does not exist, -3 when rep already has
 * max_count instances there.
 */
int response_add(struct response *r, const struct question *rep, const size_t *parent,
		 size_t *index);
/*
 * Remove the instance path of rep (rep->depth + 1 indices: the parent's,
 * then the instance's) with everything in it; later ones move down by one.
 * Returns 0, or -2 when there is no such instance.
 */
int response_remove(struct response *r, const struct question *rep, const size_t *path);
/*
 * The answer to q in the instance path (q->depth indices, outermost repeat
 * first; ignored for a question at the top level), or NULL when unanswered
 * or when the instance does not exist.
 */
const char *response_get_at(const struct response *r, const struct question *q,
			    const size_t *path);
/*
 * Set the answer to q in the instance path, as response_set() does.
 * Returns 0, -1 when out of memory, -2 when q holds no answer, -3 when the
 * instance does not exist.
 */
int response_set_at(struct response *r, const struct question *q, const size_t *path,
		    const char *value);
/*
 * 1 when q (a repeat: its instances as a whole) is relevant in the instance
 * path after response_update(), 0 when not or when there is no such
 * instance.
 */
int response_relevant_at(const struct response *r, const struct question *q,
			 const size_t *path);
/* 1 when q's calculated default gives its value in instance path (response.computed). */
int response_computed_at(const struct response *r, const struct question *q,
			 const size_t *path);
/* response_required() and response_offers() for q in instance path. */
int response_required_at(const struct response *r, const struct question *q,
			 const size_t *path);
int response_offers_at(const struct response *r, const struct question *q,
		       const size_t *path, const struct choice *c);

/*
 * Every instance, flat, in pre-order (util/instance.h), for the workspace:
 * *out is a malloc'd array of *n (free() it; NULL when there are none)
 * whose values point into r and stay valid until r changes.  Returns 0 or
 * -1 when out of memory.
 */
int response_instances(const struct response *r, struct instance **out, size_t *n);
/*
 * Replace r's instances with v[0..n), as response_instances() gives them
 * or the workspace stores them; the values are copied.  Instances must
 * come in pre-order, each of a repeat of r's survey at its depth, within
 * max_count, with values only in slots that hold an answer.  Returns 0,
 * -1 when out of memory, or -2 with the reason in why (may be NULL) and r
 * left without instances.
 */
int response_set_instances(struct response *r, const struct instance *v, size_t n,
			   struct strbuf *why);
#endif
