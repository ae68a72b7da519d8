/*
 * form: the web form of a survey, page by page, without the network —
 * what the server shows and how it reads back what a browser posts.  A
 * page is a top-level item of the survey (a group, a repeat, or a lone
 * question or note); page number ntop is the review page.
 *
 * Repeats.  A field inside repeats is named after its question and its
 * instance, 0-based, outermost first: `age[1]`, `duree[1][0]` (a rank's
 * choices: `rang[1].CHOICE`).  Question names hold no '[', so a path never
 * collides with a name; form_paths_ok() parses every such field strictly.
 * Element ids write the path with dashes (`f-age-1`), the instance of a
 * repeat is `i-membres-1`.  A repeat's instances are adjusted by the
 * buttons `_action=add:membres` (then the parent instance's path, for a
 * nested repeat: `add:mandats[1]`) and `_action=remove:membres[1]`.  The
 * form carries `_n`, the number of instances of every repeat on the page
 * as it was shown (form_structure()): a page posted from an older view
 * (another tab added or removed an instance) is not applied.  The rules (relevance,
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

/*
 * Append a field (copies of the n bytes given; a NUL byte among them is
 * kept as a control character, which every question's check refuses).
 * 0 or -1 (memory).
 */
int form_fields_add(struct form_fields *f, const char *name, const char *value, size_t vlen);
/* The value of the first field called name, or NULL. */
const char *form_fields_get(const struct form_fields *f, const char *name);
void form_fields_release(struct form_fields *f);

/* A message shown next to a question. */
struct form_error {
	const struct question *q;	/* the question (a repeat: its count) */
	const char *msg;		/* the sentence (survey label or message table; not owned) */
	size_t path[SURVEY_MAX_REPEAT_DEPTH]; /* q's instance: q->depth indices, as
						 response_get_at() takes them */
};

struct form_errors {
	struct form_error *v;		/* in question order */
	size_t n, alloc;		/* used / allocated */
};

void form_errors_release(struct form_errors *e);

/*
 * What a rendered page needs besides the answers.  The fields after page
 * are for pages other than a respondent's (a juror's grid): left NULL, the
 * page is a respondent's, at /r/TOKEN.
 */
struct form_view {
	const struct survey *s;		/* the survey answered */
	size_t lang;			/* index of the language shown */
	const char *action;		/* the form's address, relative to the page ("TOKEN") */
	const char *csrf;		/* the anti-forgery token of this page */
	int page;			/* the page shown (s->ntop: the review) */
	const char *root;		/* the server's root relative to the page; NULL: "../" */
	const char *lang_href;		/* language links go to lang_href + "lang=xx"; NULL: action + "?" */
	const char *site_title;		/* the header's title instead of the survey's, or NULL */
	const char *heading;		/* the <h1> instead of the page's title (then an <h2>), or NULL */
	const char *before;		/* HTML (escaped already) put before the page's questions, or NULL */
	const char *after;		/* HTML (escaped already) put after the form, or NULL */
	const char *finish;		/* the label of "next" on the last page, or NULL */
	int has_error;			/* an error shown in before/after: the title says so too */
	const char *shown_before;	/* with revealed 1: the `_shown` the page was posted
					   with, to mark the questions that appeared, or NULL */
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
/*
 * The instances of every repeat on page, as a short text ("membres:3
 * mandats[0]:2"; empty without a repeat): what `_n` carries.
 */
int form_structure(const struct response *r, int page, struct strbuf *out);
/*
 * 1 when every posted field whose name has a path (a '[') names an
 * answer of page in an instance that exists: the question is on the
 * page, inside the repeats the path counts, each index written in
 * decimal without a leading zero and below its repeat's count.  0 when
 * one does not (a forged or stale field).
 */
int form_paths_ok(const struct response *r, int page, const struct form_fields *f);
/*
 * Carry out a repeat's button: action is "add:REPEAT[parent path]" or
 * "remove:REPEAT[path]".  The repeat must be on page, open (no
 * repeat_count), relevant where it is, and the instance must exist; add
 * stops at max_count.  A new instance gets its questions' defaults.
 * anchor (FORM_ANCHOR_MAX bytes) gets the id to show: the new instance, or
 * the repeat after a removal.  Returns 1 done, 0 when action is not a
 * repeat's, -2 refused, -1 out of memory.  Applies response_update().
 */
#define FORM_KEY_MAX 160		/* a field's name with its path, NUL included */
#define FORM_ANCHOR_MAX (FORM_KEY_MAX + 4)
int form_repeat_action(struct response *r, int page, const char *action, char *anchor);
/*
 * Keep in errs only the errors on an answer that is given (not a missing
 * one): after a repeat's button, what the respondent typed and cannot be
 * saved is shown, and the fields left blank are not yet wrong.
 */
void form_errors_keep_given(const struct response *r, struct form_errors *errs);

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

/*
 * The frame of a page: the document's head with title (prefixed "Erreur :"
 * when has_error), the header with the view's site title or the survey's
 * and the language links (none when neither lang_href nor action is set),
 * then <main>; form_page_end() closes it.  For pages that are not a form
 * of the survey (a juror's list).  0 or -1.
 */
int form_page_begin(struct strbuf *out, const struct form_view *v, const char *title,
		    int has_error);
int form_page_end(struct strbuf *out);
/*
 * Answer q of r as a reader reads it, escaped: choice labels in language
 * lang, a date the French way in French, line breaks kept; "Pas de
 * réponse" when unanswered.  0 or -1.
 */
int form_render_answer(struct strbuf *out, const struct response *r, const struct question *q,
		       size_t lang);
/* Likewise in instance path (q->depth indices). */
int form_render_answer_at(struct strbuf *out, const struct response *r,
			  const struct question *q, const size_t *path, size_t lang);

/*
 * A question page, with errs next to their fields and in a summary (which
 * then has the focus); revealed adds a notice (1: a follow-up question
 * appeared: those not in v->shown_before are marked "Nouvelle question"
 * and the first has the focus; 2: the page changed in another window and
 * was not saved).  The form posts to action?page=N (N: page + 1), and
 * on a respondent's page (no lang_href) the language switch is a button
 * of the form, so that the answers are saved before the language changes
 * (`_action=lang:xx`).
 */
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
 * says otherwise); href, when not NULL, adds a link with text link; root
 * is the server's root relative to the page (NULL: "../", right for
 * /r/TOKEN and the like).
 */
int form_render_message(struct strbuf *out, const struct survey *s, const char *lang,
			enum msg title, enum msg text, const char *href, enum msg link,
			const char *root);
/*
 * The same page, its paragraph followed by the sentence asking to try
 * again in wait seconds (msg_retry_after()), for a 429 whose Retry-After
 * says wait.
 */
int form_render_retry(struct strbuf *out, const struct survey *s, const char *lang,
		      enum msg title, enum msg text, unsigned wait, const char *href,
		      enum msg link, const char *root);

/* The style sheet of every page (served as /static/utilis.css). */
extern const char form_css[];

#endif
