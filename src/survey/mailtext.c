/*
 * mailtext: the words of invitations and reminders (see mailtext.h).  The
 * built-in texts say what data-protection law asks a message inviting
 * someone to a survey to say: who runs it, how the answers are used, whom
 * to write to about them, and how to get no more mail.
 */
#include "survey/mailtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const section_keys[] = {
	"organiser", "contact", "deadline", "purpose", "invitation", "reminder", NULL,
};
static const char *const message_keys[] = { "subject", "text", "html", NULL };
static const char *const placeholders[] = {
	"greeting", "name", "title", "link", "stop_link", "deadline", "organiser", "contact",
	"purpose", NULL,
};
static const char *const kind_names[] = { "invitation", "reminder" };

/* Built-in texts: [kind][0 French, 1 English] = { subject, text }. */
static const char *const builtin[2][2][2] = {
	[MAILTEXT_INVITATION] = {
		{ "Questionnaire : {title}",
		  "{greeting}\n"
		  "\n"
		  "{organiser} vous invite à répondre au questionnaire « {title} ».\n"
		  "\n"
		  "Votre lien personnel (gardez-le pour vous : il ouvre vos réponses) :\n"
		  "{link}\n"
		  "\n"
		  "Vous pouvez vous arrêter et reprendre plus tard avec le même lien.\n"
		  "Merci de répondre avant le {deadline}.\n"
		  "\n"
		  "{purpose}\n"
		  "Pour toute question sur vos réponses, ou pour les consulter ou les faire "
		  "effacer, écrivez à {contact}.\n"
		  "\n"
		  "Pour ne plus recevoir de message de notre part à cette adresse :\n"
		  "{stop_link}\n" },
		{ "Survey: {title}",
		  "{greeting}\n"
		  "\n"
		  "{organiser} invites you to answer the survey \"{title}\".\n"
		  "\n"
		  "Your personal link (keep it to yourself: it opens your answers):\n"
		  "{link}\n"
		  "\n"
		  "You can stop and come back later with the same link.\n"
		  "Please answer by {deadline}.\n"
		  "\n"
		  "{purpose}\n"
		  "For any question about your answers, or to see or erase them, write to "
		  "{contact}.\n"
		  "\n"
		  "To receive no more messages from us at this address:\n"
		  "{stop_link}\n" },
	},
	[MAILTEXT_REMINDER] = {
		{ "Rappel : {title}",
		  "{greeting}\n"
		  "\n"
		  "Nous vous avons invité à répondre au questionnaire « {title} » de "
		  "{organiser}, et nous n'avons pas encore reçu vos réponses.\n"
		  "Si vous l'avez commencé, vous reprendrez là où vous vous étiez arrêté.\n"
		  "\n"
		  "Votre lien personnel :\n"
		  "{link}\n"
		  "\n"
		  "Merci de répondre avant le {deadline}.\n"
		  "\n"
		  "{purpose}\n"
		  "Pour toute question sur vos réponses, ou pour les consulter ou les faire "
		  "effacer, écrivez à {contact}.\n"
		  "\n"
		  "Pour ne plus recevoir de message de notre part à cette adresse :\n"
		  "{stop_link}\n" },
		{ "Reminder: {title}",
		  "{greeting}\n"
		  "\n"
		  "We invited you to answer the survey \"{title}\" of {organiser}, and we have "
		  "not received your answers yet.\n"
		  "If you have started it, you will resume where you stopped.\n"
		  "\n"
		  "Your personal link:\n"
		  "{link}\n"
		  "\n"
		  "Please answer by {deadline}.\n"
		  "\n"
		  "{purpose}\n"
		  "For any question about your answers, or to see or erase them, write to "
		  "{contact}.\n"
		  "\n"
		  "To receive no more messages from us at this address:\n"
		  "{stop_link}\n" },
	},
};

/* What an anonymous survey can say of itself without the analyst's words. */
static const char *const anonymous_purpose[2] = {
	"Vos réponses sont anonymes : elles ne sont pas reliées à votre nom ni à votre "
	"adresse, et ne servent qu'à des statistiques d'ensemble.",
	"Your answers are anonymous: they are not linked to your name or your address, "
	"and are only used for overall statistics.",
};

static const char *const months[2][12] = {
	{ "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	  "septembre", "octobre", "novembre", "décembre" },
	{ "January", "February", "March", "April", "May", "June", "July", "August",
	  "September", "October", "November", "December" },
};

/* --- checking ------------------------------------------------------------ */

/* 1 when s is a valid date 'YYYY-MM-DD' (*y, *m, *d set). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return 0;
	if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
		return 0;
	return 1;
}

/* Check the placeholders of template text n: every {name} known, braces paired. */
static int check_placeholders(const struct ydoc *doc, struct diags *d, const struct ynode *n,
			      const char *what)
{
	const char *p = n->str;

	while ((p = strpbrk(p, "{}"))) {
		const char *end;
		size_t len;
		int known = 0;

		if (p[0] == p[1]) {	/* "{{" or "}}" */
			p += 2;
			continue;
		}
		if (*p == '}' || !(end = strchr(p, '}')))
			return ydoc_error(d, doc->file, n, "'%s' has a lone '%c' (write '%c%c' for "
					  "the character)", what, *p, *p, *p);
		len = (size_t)(end - p - 1);
		for (int i = 0; placeholders[i]; i++)
			if (strlen(placeholders[i]) == len && !strncmp(placeholders[i], p + 1, len))
				known = 1;
		if (!known)
			return ydoc_error(d, doc->file, n, "'%s' has an unknown placeholder '%.*s' "
					  "(known: {greeting} {name} {title} {link} {stop_link} "
					  "{deadline} {organiser} {contact} {purpose})", what,
					  (int)(len + 2 > 40 ? 40 : len + 2), p);
		p = end + 1;
	}
	return 0;
}

/* A text: a string, or a mapping of the survey's languages to strings. */
static int check_text(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		      const struct survey *s, const char *what, int is_template, int one_line)
{
	int rc = 0;

	if (n->kind == YNODE_SCALAR) {
		if (one_line && strchr(n->str, '\n'))
			return ydoc_error(d, doc->file, n, "'%s' must be one line", what);
		return is_template ? check_placeholders(doc, d, n, what) : 0;
	}
	if (n->kind != YNODE_MAP)
		return ydoc_error(d, doc->file, n, "'%s' must be a string or a mapping of "
				  "languages, not %s", what, ynode_kind_name(n));
	for (size_t i = 0; i < n->n; i++) {
		if (survey_lang(s, n->keys[i]->str) < 0) {
			rc = ydoc_error(d, doc->file, n->keys[i], "language '%s' of '%s' is not in "
					"'languages'", n->keys[i]->str, what);
			continue;
		}
		if (check_text(doc, d, n->items[i], s, what, is_template, one_line) < 0)
			rc = -1;
	}
	return rc;
}

int mailtext_check(const struct ydoc *doc, struct diags *d, const struct ynode *mail,
		   const struct survey *s)
{
	static const char *const info[] = { "organiser", "contact", "purpose" };
	const struct ynode *v;
	int rc, y, m, dd;

	if (!mail)
		return 0;
	if (ydoc_expect(doc, d, mail, YNODE_MAP, "mail") < 0)
		return -1;
	rc = ydoc_check_keys(doc, d, mail, section_keys, "'mail'");
	for (size_t i = 0; i < sizeof(info) / sizeof(info[0]); i++) {
		char what[32];

		snprintf(what, sizeof(what), "mail.%s", info[i]);
		if ((v = ynode_get(mail, info[i])) && check_text(doc, d, v, s, what, 0, i < 2) < 0)
			rc = -1;
	}
	if ((v = ynode_get(mail, "deadline"))) {
		if (v->kind != YNODE_SCALAR || !parse_date(v->str, &y, &m, &dd))
			rc = ydoc_error(d, doc->file, v, "'mail.deadline' must be a date written "
					"YYYY-MM-DD");
	}
	if (!s->anonymous && !ynode_get(mail, "purpose"))
		rc = ydoc_error(d, doc->file, mail, "a survey that is not anonymous must say in "
				"'mail.purpose' how the answers are used");
	for (int k = 0; k < 2; k++) {
		const struct ynode *msg = ynode_get(mail, kind_names[k]);
		char where[32];

		if (!msg)
			continue;
		snprintf(where, sizeof(where), "mail.%s", kind_names[k]);
		if (ydoc_expect(doc, d, msg, YNODE_MAP, where) < 0) {
			rc = -1;
			continue;
		}
		if (ydoc_check_keys(doc, d, msg, message_keys, where) < 0)
			rc = -1;
		for (int f = 0; message_keys[f]; f++) {
			char what[48];

			snprintf(what, sizeof(what), "%s.%s", where, message_keys[f]);
			if ((v = ynode_get(msg, message_keys[f])) &&
			    check_text(doc, d, v, s, what, 1, f == 0) < 0)
				rc = -1;
		}
	}
	return rc;
}

/* --- loading -------------------------------------------------------------- */

int mailtext_load(struct mailtext *mt, const struct survey *s, const char *file,
		  const char *src, size_t len, struct diags *d)
{
	memset(mt, 0, sizeof(*mt));
	mt->s = s;
	if (ydoc_parse(&mt->doc, file, src, len, d) < 0)
		return -1;
	mt->mail = mt->doc.root ? ynode_get(mt->doc.root, "mail") : NULL;
	if (mailtext_check(&mt->doc, d, mt->mail, s) < 0) {
		mailtext_release(mt);
		return -1;
	}
	return 0;
}

void mailtext_release(struct mailtext *mt)
{
	ydoc_release(&mt->doc);
	mt->mail = NULL;
}

int mailtext_ready(const struct mailtext *mt, struct error *err)
{
	if (!mt->mail || !ynode_get(mt->mail, "organiser")) {
		error_set(err, "survey '%s' does not say who runs it: its definition needs "
			  "'mail: {organiser: ...}' (and 'purpose', how the answers are used, "
			  "when it is not anonymous; see docs/collection.md)", mt->s->form_id);
		return -1;
	}
	if (!mt->s->anonymous && !ynode_get(mt->mail, "purpose")) {
		error_set(err, "survey '%s' is not anonymous: its definition must say in "
			  "'mail.purpose' how the answers are used", mt->s->form_id);
		return -1;
	}
	return 0;
}

/* --- rendering ------------------------------------------------------------ */

/* The text of n in language code lang: a string, or that language's entry, or NULL. */
static const char *pick(const struct ynode *n, const char *lang)
{
	const struct ynode *v;

	if (!n)
		return NULL;
	if (n->kind == YNODE_SCALAR)
		return n->str;
	if (n->kind == YNODE_MAP && lang && (v = ynode_get(n, lang)) && v->kind == YNODE_SCALAR)
		return v->str;
	return NULL;
}

void mailtext_out_init(struct mailtext_out *out)
{
	strbuf_init(&out->subject, 0);
	strbuf_init(&out->text, 0);
	strbuf_init(&out->html, 0);
	out->tmpl[0] = '\0';
}

void mailtext_out_release(struct mailtext_out *out)
{
	strbuf_release(&out->subject);
	strbuf_release(&out->text);
	strbuf_release(&out->html);
}

/* The five characters that matter in HTML text and quoted attributes. */
static int esc(struct strbuf *sb, const char *s, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		switch (s[i]) {
		case '&': rc = strbuf_addstr(sb, "&amp;"); break;
		case '<': rc = strbuf_addstr(sb, "&lt;"); break;
		case '>': rc = strbuf_addstr(sb, "&gt;"); break;
		case '"': rc = strbuf_addstr(sb, "&quot;"); break;
		case '\'': rc = strbuf_addstr(sb, "&#39;"); break;
		default: rc = strbuf_addch(sb, s[i]);
		}
	}
	return rc;
}

enum mode {
	M_TEXT,		/* plain text */
	M_HTML,		/* an HTML template: values escaped, the template as written */
	M_TEXT_HTML,	/* plain text made HTML: all escaped, links made anchors */
};

/* The placeholders' values for one message. */
struct values {
	const char *v[9];	/* indexed like placeholders[] */
};

static int is_link(int i)
{
	return i == 3 || i == 4;
}

/*
 * Expand template t into out in mode, line by line: a line in which a
 * placeholder comes out empty is left out.
 */
static int expand(struct strbuf *out, const char *t, const struct values *val, enum mode mode)
{
	struct strbuf line = STRBUF_INIT;
	int rc = 0;

	while (*t && rc == 0) {
		const char *eol = strchr(t, '\n');
		const char *end = eol ? eol : t + strlen(t);
		int empty = 0;

		strbuf_reset(&line);
		for (const char *p = t; p < end && rc == 0;) {
			const char *q = p;
			int k = -1;

			while (q < end && *q != '{' && *q != '}')
				q++;
			rc = mode == M_TEXT_HTML ? esc(&line, p, (size_t)(q - p))
						 : strbuf_add(&line, p, (size_t)(q - p));
			if (rc || q >= end)
				break;
			if (q + 1 < end && q[1] == q[0]) {	/* "{{" or "}}" */
				rc = strbuf_addch(&line, *q);
				p = q + 2;
				continue;
			}
			for (int i = 0; *q == '{' && placeholders[i]; i++) {
				size_t n = strlen(placeholders[i]);

				if (!strncmp(q + 1, placeholders[i], n) && q[1 + n] == '}')
					k = i;
			}
			if (k < 0) {	/* checked at load: cannot happen; kept as written */
				rc = strbuf_addch(&line, *q);
				p = q + 1;
				continue;
			}
			if (!val->v[k] || !*val->v[k])
				empty = 1;
			else if (mode == M_TEXT)
				rc = strbuf_addstr(&line, val->v[k]);
			else if (mode == M_TEXT_HTML && is_link(k))
				rc = strbuf_addstr(&line, "<a href=\"") || esc(&line, val->v[k], strlen(val->v[k])) ||
				     strbuf_addstr(&line, "\">") || esc(&line, val->v[k], strlen(val->v[k])) ||
				     strbuf_addstr(&line, "</a>") ? -1 : 0;
			else
				rc = esc(&line, val->v[k], strlen(val->v[k]));
			p = q + strlen(placeholders[k]) + 2;
		}
		if (rc == 0 && !empty)
			rc = strbuf_add(out, line.buf, line.len) || strbuf_addch(out, '\n') ? -1 : 0;
		t = eol ? eol + 1 : end;
	}
	strbuf_release(&line);
	return rc;
}

/* Lines: no blank line first or last, no two in a row. */
static int tidy_lines(struct strbuf *sb)
{
	struct strbuf o = STRBUF_INIT;
	int blank = 1, pending = 0, rc = 0;

	for (const char *p = sb->buf; *p && rc == 0;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		int is_blank = 1;

		for (size_t i = 0; i < n; i++)
			if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
				is_blank = 0;
		if (is_blank) {
			pending = !blank;
		} else {
			if (pending)
				rc = strbuf_addch(&o, '\n');
			if (rc == 0)
				rc = strbuf_add(&o, p, n) || strbuf_addch(&o, '\n') ? -1 : 0;
			pending = 0;
			blank = 0;
		}
		p = eol ? eol + 1 : p + n;
	}
	if (rc == 0) {
		strbuf_reset(sb);
		rc = strbuf_add(sb, o.buf, o.len);
	}
	strbuf_release(&o);
	return rc;
}

/* Paragraphs (blank lines) into <p>, lines into <br>. */
static int paragraphs(struct strbuf *out, const char *body)
{
	int open = 0, rc = 0;

	for (const char *p = body; *p && rc == 0;) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n == 0) {
			if (open)
				rc = strbuf_addstr(out, "</p>\n");
			open = 0;
		} else {
			rc = strbuf_addstr(out, open ? "<br>\n" : "<p>") || strbuf_add(out, p, n) ? -1 : 0;
			open = 1;
		}
		p = eol ? eol + 1 : p + n;
	}
	if (rc == 0 && open)
		rc = strbuf_addstr(out, "</p>\n");
	return rc;
}

int mailtext_render(const struct mailtext *mt, enum mailtext_kind kind, const char *lang,
		    const struct mailtext_vars *vars, struct mailtext_out *out)
{
	const struct survey *s = mt->s;
	const struct ynode *msg = mt->mail ? ynode_get(mt->mail, kind_names[kind]) : NULL;
	const char *deflang = s->languages[s->default_lang];
	const char *subject, *text, *html, *title;
	struct strbuf greet = STRBUF_INIT, date = STRBUF_INIT, body = STRBUF_INIT;
	struct values val;
	int li, en, from_survey, rc, y, m, d;

	if (!lang || survey_lang(s, lang) < 0)
		lang = deflang;
	li = survey_lang(s, lang);
	en = strcmp(lang, "fr") != 0;
	subject = pick(msg ? ynode_get(msg, "subject") : NULL, lang);
	text = pick(msg ? ynode_get(msg, "text") : NULL, lang);
	html = pick(msg ? ynode_get(msg, "html") : NULL, lang);
	from_survey = subject || text || html;
	if (!subject)
		subject = builtin[kind][en][0];
	if (!text)
		text = builtin[kind][en][1];
	snprintf(out->tmpl, sizeof(out->tmpl), "%s.%s (%s)", kind_names[kind], lang,
		 from_survey ? "survey" : "built-in");

	memset(&val, 0, sizeof(val));
	rc = vars->name && *vars->name ? strbuf_addf(&greet, en ? "Hello %s," : "Bonjour %s,", vars->name)
				       : strbuf_addstr(&greet, en ? "Hello," : "Bonjour,");
	val.v[0] = greet.buf;
	val.v[1] = vars->name;
	title = label_get(s, &s->title, (size_t)li);
	val.v[2] = title ? title : s->form_id;
	val.v[3] = vars->link;
	val.v[4] = vars->stop_link;
	{
		const struct ynode *dl = mt->mail ? ynode_get(mt->mail, "deadline") : NULL;

		if (rc == 0 && dl && dl->kind == YNODE_SCALAR && parse_date(dl->str, &y, &m, &d))
			rc = en ? strbuf_addf(&date, "%d %s %d", d, months[1][m - 1], y)
				: strbuf_addf(&date, "%d%s %s %d", d, d == 1 ? "er" : "",
					      months[0][m - 1], y);
		val.v[5] = date.buf;
	}
	{
		const struct ynode *n;

		n = mt->mail ? ynode_get(mt->mail, "organiser") : NULL;
		val.v[6] = pick(n, lang) ? pick(n, lang) : pick(n, deflang);
		n = mt->mail ? ynode_get(mt->mail, "contact") : NULL;
		val.v[7] = pick(n, lang) ? pick(n, lang) : pick(n, deflang);
		if (!val.v[7])
			val.v[7] = vars->contact_default;
		n = mt->mail ? ynode_get(mt->mail, "purpose") : NULL;
		val.v[8] = pick(n, lang) ? pick(n, lang) : pick(n, deflang);
		if (!val.v[8] && s->anonymous)
			val.v[8] = anonymous_purpose[en];
	}

	/* the subject: one line, spaces for line breaks */
	if (rc == 0)
		rc = expand(&out->subject, subject, &val, M_TEXT);
	while (rc == 0 && out->subject.len && out->subject.buf[out->subject.len - 1] == '\n')
		out->subject.buf[--out->subject.len] = '\0';
	for (size_t i = 0; rc == 0 && i < out->subject.len; i++)
		if (out->subject.buf[i] == '\n' || out->subject.buf[i] == '\r' ||
		    out->subject.buf[i] == '\t')
			out->subject.buf[i] = ' ';
	if (rc == 0)
		rc = expand(&out->text, text, &val, M_TEXT);
	if (rc == 0)
		rc = tidy_lines(&out->text);

	/* the HTML part */
	if (rc == 0 && html && (!strncmp(html, "<!DOCTYPE", 9) || !strncmp(html, "<html", 5))) {
		rc = expand(&out->html, html, &val, M_HTML);
	} else if (rc == 0) {
		rc = strbuf_addf(&out->html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
				 "<meta charset=\"utf-8\">\n<title>", lang) ||
		     esc(&out->html, out->subject.buf, out->subject.len) ||
		     strbuf_addstr(&out->html, "</title>\n</head>\n<body style=\"font-family: "
				   "sans-serif; font-size: 16px; line-height: 1.5; max-width: 40em\">\n")
		     ? -1 : 0;
		if (rc == 0 && html) {
			rc = expand(&out->html, html, &val, M_HTML);
		} else if (rc == 0) {
			rc = expand(&body, text, &val, M_TEXT_HTML);
			if (rc == 0)
				rc = tidy_lines(&body);
			if (rc == 0)
				rc = paragraphs(&out->html, body.buf);
		}
		if (rc == 0)
			rc = strbuf_addstr(&out->html, "</body>\n</html>\n");
	}
	strbuf_release(&greet);
	strbuf_release(&date);
	strbuf_release(&body);
	return rc;
}
