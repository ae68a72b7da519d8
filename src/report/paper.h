/*
 * paper: the printable questionnaire, for respondents who answer on
 * paper, made from the same definition as the web form.  Questions are
 * numbered; choices get boxes to tick, numbers and dates boxes to write
 * in, free text lines to write on; a question asked only under a
 * condition says so in plain words ("Répondez seulement si vous avez
 * répondu « Oui » à la question 5"), and a choice that skips questions
 * says where to go ("→ passez à la question 12").  Both are written from
 * `relevant`: conditions on one question whose answers can be listed are
 * written out; anything else gets a general sentence, never the
 * expression.  A box for the respondent's number is on the first page and
 * a reminder on every page, and the small grey names beside questions and
 * choices are what the CSV import expects when answers are typed back in.
 */
#ifndef UTILIS_REPORT_PAPER_H
#define UTILIS_REPORT_PAPER_H

#include <stddef.h>
#include <time.h>

#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct paper_options {
	const char *lang;	/* language of the labels and instructions ("fr", "en") */
	int large;		/* large type (easy-to-read versions) */
	int codes;		/* print the question and choice names for data entry */
	time_t when;		/* the document's date */
	const char *font_dir;	/* DejaVu fonts; NULL: Debian's */
	const char *sha256;	/* the definition's SHA-256 (footer), or NULL */
};

/*
 * Write the paper form of survey s to path (through a temporary file).
 * Returns 0, or -1 with err.
 */
int paper_write(const struct survey *s, const char *path, const struct paper_options *o,
		struct error *err);

/*
 * Question numbers as printed: num[i] is the number of s->questions[i]
 * (1, 2...), 0 for groups, notes and calculations.  num has s->nq entries.
 */
void paper_number(const struct survey *s, size_t *num);

/*
 * The condition under which question (or group) q is asked, in plain words
 * after "if" ("vous avez répondu « Oui » à la question 5"), into sb.
 * Returns 1 when written, 0 when q has no condition, and -1 when it
 * cannot be said simply (sb then holds nothing useful).
 */
int paper_condition(struct strbuf *sb, const struct survey *s, const struct question *q,
		    const size_t *num, const char *lang);

/*
 * Where a respondent who gives answer `choice` to select_one q goes next
 * when that answer makes the following questions irrelevant: the number
 * of the next question asked (*end 0), or *end 1 for the end of the
 * questionnaire.  Returns 1 when there is a jump, else 0.
 */
int paper_skip(const struct survey *s, const struct question *q, const char *choice,
	       const size_t *num, size_t *target, int *end);

#endif
