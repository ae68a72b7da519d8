/*
 * form: the web form of a survey, page by page, without the network —
 * what the server shows and how it reads back what a browser posts.  A
 * page is a top-level item of the survey (a group, or a lone question or
 * note); page number ntop is the review page.  The rules (relevance,
 * calculations, required answers, constraints) are response.h's: this
 * module only turns posted fields into answers, problems into messages,
 * and answers into HTML.  Choice filters, which response.h does not apply,
 * are evaluated here with the same expression evaluator.
 *
 * Every function that writes HTML appends to a strbuf and returns 0, or
 * -1 when the buffer cannot grow; every text from the definition or from
 * the respondent is escaped (html.h).
 */
#ifndef UTILIS_COLLECT_FORM_H
#define UTILIS_COLLECT_FORM_H

#include <stddef.h>

#include "collect/messages.h"
#include "survey/response.h"
#include "survey/survey.h"
#include "util/strbuf.h"

/* One field of a posted form. */
struct form_field {
	char *name;		/* field name, malloc'd */
	char *value;		/* its value, malloc'd, NUL-terminated */
};

/* The fields of one posted form, in the order received. */
struct form_fields {
	struct form_field *v;	/* fields */
	size_t n, alloc;	/* used / allocated */
};

/* Append a field (copies of the n bytes given).  0 or -1 (memory). */
int form_fields_add(struct form_fields *f, const char *name, const char *value, size_t vlen);
/* The value of the first field called name, or NULL. */
const char *form_fields_get(const struct form_fields *f, const char *name);
void form_fields_release(struct form_fields *f);

/* A message shown next to a question. */
struct form_error {
	const struct question *q;	/* the question */
	const char *msg;		/* the sentence (survey label or message table; not owned) */
};

struct form_errors {
	struct form_error *v;		/* in question order */
	size_t n, alloc;		/* used / allocated */
};

void form_errors_release(struct form_errors *e);

/* What a rendered page needs besides the answers. */
struct form_view {
	const struct survey *s;		/* the survey answered */
	size_t lang;			/* index of the language shown */
	const char *action;		/* the form's URL path ("/r/TOKEN") */
	const char *csrf;		/* the anti-forgery token of this page */
	int page;			/* the page shown (s->ntop: the review) */
};

/* Language code of index lang ("fr" when out of range). */
const char *form_lang_code(const struct survey *s, size_t lang);

/* 1 when page has something to show with these answers (after response_update). */
int form_page_visible(const struct response *r, int page);
/* The first visible page after page, or ntop (the review) when none. */
int form_next_page(const struct response *r, int page);
/* The last visible page before page, or -1 when none. */
int form_prev_page(const struct response *r, int page);

/*
 * Set the answers of page's questions from posted fields, normalised
 * (spaces in numbers, a decimal comma, a date written DD/MM/YYYY, CRLF in
 * text); a question without a field is cleared.  Ranks given twice add an
 * error to errs.  Then applies calculations and relevance
 * (response_update, dropping answers that are no longer relevant).
 * Returns 0 or -1 (memory).
 */
int form_apply(struct response *r, int page, const struct form_fields *f,
	       struct form_errors *errs, size_t lang);
/*
 * Check the answers of page (-1: the whole survey) after form_apply or
 * response_update, adding one error per question with a problem, in the
 * respondent's language.  Returns the number of errors in errs, or -1.
 */
int form_check(const struct response *r, int page, struct form_errors *errs, size_t lang);
/* Remove from r the answers that have an error in errs (so that a draft holds valid answers only). */
void form_drop_invalid(struct response *r, const struct form_errors *errs);
/*
 * What page shows with these answers (the questions relevant, and the
 * choices each filtered select offers) as a short text carried by the
 * form.  form_revealed() is 1 when now shows something before did not: a
 * follow-up question appeared, so the page must be shown again.
 */
int form_signature(const struct response *r, int page, struct strbuf *out);
int form_revealed(const char *before, const char *now);
/*
 * Forget the errors of questions that before did not show: a question
 * that has just appeared is not yet wrong for being unanswered.
 */
void form_errors_forget_new(struct form_errors *errs, const char *before);
/*
 * Put the `default` answers of page's questions into r when none of its
 * questions is answered yet (a page shown for the first time).
 */
int form_prefill(struct response *r, int page);

/* A question page, with errs next to their fields and in a summary; revealed adds a notice. */
int form_render_page(struct strbuf *out, const struct form_view *v, const struct response *r,
		     const struct form_errors *errs, int revealed);
/* The review page: every answer by page with a button to change it, then submit. */
int form_render_review(struct strbuf *out, const struct form_view *v, const struct response *r,
		       const struct form_errors *errs);
/* The start page of an open link. */
int form_render_open(struct strbuf *out, const struct form_view *v);
/*
 * A page with a title and one paragraph, such as the thank-you page or a
 * refusal; s may be NULL (then no survey title and French unless lang
 * says otherwise); href, when not NULL, adds a link with text link.
 */
int form_render_message(struct strbuf *out, const struct survey *s, const char *lang,
			enum msg title, enum msg text, const char *href, enum msg link);

/* The style sheet of every page (served as /static/utilis.css). */
extern const char form_css[];

#endif
