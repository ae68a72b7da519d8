/*
 * mailtext: the words of the invitations and reminders that `utilis mail`
 * sends — built-in French and English texts, and a survey's own in the
 * `mail:` section of its definition (docs/collection.md, "E-mail").  A
 * text is a template with placeholders in braces: {greeting} {name}
 * {title} {link} {stop_link} {deadline} {organiser} {contact} {purpose}
 * ("{{" is a brace).  A line in which a placeholder comes out empty is
 * left out (no deadline: no line about it).  The HTML part is the survey's
 * `html` template, values escaped, or else the text made into paragraphs
 * with its links clickable.  No network and no MIME here (collect/mailmsg.h).
 */
#ifndef UTILIS_SURVEY_MAILTEXT_H
#define UTILIS_SURVEY_MAILTEXT_H

#include "survey/survey.h"
#include "survey/yamldoc.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum mailtext_kind { MAILTEXT_INVITATION, MAILTEXT_REMINDER };

/* The mail section of a survey, parsed (mailtext_load). */
struct mailtext {
	struct ydoc doc;		/* the survey's YAML tree */
	const struct ynode *mail;	/* its `mail` mapping, or NULL */
	const struct survey *s;		/* the survey (not owned) */
};

/* What fills the placeholders of one message. */
struct mailtext_vars {
	const char *name;		/* the person's name, or NULL */
	const char *link;		/* their link */
	const char *stop_link;		/* their opt-out link */
	const char *contact_default;	/* {contact} when the survey names none (the sender) */
};

/* One message's words. */
struct mailtext_out {
	struct strbuf subject;		/* UTF-8, one line */
	struct strbuf text;		/* the plain text, lines ending in "\n" */
	struct strbuf html;		/* a whole HTML document */
	char tmpl[48];			/* which template: "invitation.fr (survey)", "reminder.en (built-in)" */
};

/*
 * Check the `mail` section mail (may be NULL) of survey s while it loads:
 * known keys, texts as strings or per-language mappings of s's languages,
 * known placeholders, a deadline as YYYY-MM-DD, and the `purpose` that a
 * survey which is not anonymous must give.  Problems go to d as errors at
 * their place; returns 0 or -1.
 */
int mailtext_check(const struct ydoc *doc, struct diags *d, const struct ynode *mail,
		   const struct survey *s);

/*
 * Parse the mail section of survey s from its source (src, len bytes, the
 * text s was loaded from; file for messages).  0, or -1 with the problems
 * in d.  Release with mailtext_release().
 */
int mailtext_load(struct mailtext *mt, const struct survey *s, const char *file,
		  const char *src, size_t len, struct diags *d);
void mailtext_release(struct mailtext *mt);

/*
 * What a sender must know before the first message: 0, or -1 with a
 * sentence in err (no `mail.organiser`: a message must say who runs the
 * survey).
 */
int mailtext_ready(const struct mailtext *mt, struct error *err);

/*
 * The words of message kind in language code lang (NULL: the survey's
 * default; the built-in texts are French for "fr" and English for any
 * other) into out, which must be initialised with mailtext_out_init().
 * 0, or -1 when out of memory.
 */
void mailtext_out_init(struct mailtext_out *out);
void mailtext_out_release(struct mailtext_out *out);
int mailtext_render(const struct mailtext *mt, enum mailtext_kind kind, const char *lang,
		    const struct mailtext_vars *vars, struct mailtext_out *out);

#endif
