/*
 * form_render: pages of a survey as HTML (see form.h; posted fields back
 * into answers are form_post.c's).  The markup follows the patterns that screen readers and
 * people with little practice of screens handle best: one <label> per
 * field, a <fieldset> with a <legend> around each group of radios or
 * check boxes, hints and errors tied to their field by aria-describedby,
 * an error summary whose links lead to the fields, large targets, and
 * nothing that needs JavaScript.
 */
#include "collect/form.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/html.h"
#include "collect/form_internal.h"
#include "survey/expr.h"

/* --- HTML -------------------------------------------------------------- */

/* The name of a language in that language. */
static const char *lang_name(const char *code)
{
	static const char *const names[][2] = {
		{ "fr", "Français" }, { "en", "English" }, { "de", "Deutsch" },
		{ "es", "Español" }, { "it", "Italiano" }, { "pt", "Português" },
		{ "ar", "العربية" }, { "nl", "Nederlands" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], code))
			return names[i][1];
	return code;
}

static const char *label(const struct survey *s, const struct label *l, size_t lang)
{
	const char *t = label_get(s, l, lang);

	return t ? t : "";
}

/* Escape text (newlines as <br>) after putting in the answers it shows (`${name}`). */
static int escape_piped(struct strbuf *o, const struct response *r, const char *text, size_t lang,
			const struct fitem *it)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (!text || !strstr(text, "${"))
		return html_escape_lines(o, text ? text : "");
	rc = response_pipe_at(r, text, lang, it ? it->q->repeat : NULL, it ? it->path : NULL, &sb);
	if (rc == 0)
		rc = html_escape_lines(o, sb.buf);
	strbuf_release(&sb);
	return rc;
}

/*
 * Open a page: doctype, head with title, the site's title (the view's, or
 * its survey's) and the language switch (links to lang_href + "lang=xx",
 * or action?lang=xx, when either is set).
 */
static int page_begin(struct strbuf *o, const struct form_view *v, const char *code,
		      const char *title, int has_error, int lang_submit)
{
	const struct survey *s = v->s;
	const char *stitle = v->site_title ? v->site_title : s ? label(s, &s->title, v->lang) : "";
	int rc = html_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n"
			     "<meta charset=\"utf-8\">\n"
			     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			     "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
			     code, strcmp(code, "ar") ? "ltr" : "rtl");

	if (rc == 0 && has_error)
		rc = html_printf(o, "%s ", msg_get(M_ERROR_PREFIX, code));
	if (rc == 0)
		rc = html_escape(o, title);
	if (rc == 0 && *stitle && strcmp(stitle, title))
		rc = html_printf(o, " – %s", stitle);
	if (rc == 0)
		rc = html_printf(o, "</title>\n<link rel=\"stylesheet\" href=\"%sstatic/utilis.css\">\n"
			         "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n"
			         "<header class=\"header\">\n",
			         v->root ? v->root : "../", msg_get(M_SKIP_LINK, code));
	if (rc == 0 && *stitle)
		rc = html_printf(o, "<p class=\"survey-title\">%s</p>\n", stitle);
	if (rc == 0 && s && s->nlang > 1 && (v->lang_href || v->action)) {
		rc = html_printf(o, "<nav class=\"langs\" aria-label=\"%s\"><ul>\n",
			         msg_get(M_LANGUAGE, code));
		for (size_t i = 0; rc == 0 && i < s->nlang; i++) {
			const char *c = s->languages[i];

			if (i == v->lang)
				rc = html_printf(o, "<li><span class=\"current\" lang=\"%s\" "
					         "aria-current=\"true\">%s</span></li>\n",
					         c, lang_name(c));
			else if (lang_submit)	/* the page's answers are saved first */
				rc = html_printf(o, "<li><button class=\"lang-switch\" type=\"submit\" "
					         "form=\"answers\" name=\"_action\" value=\"lang:%s\" "
					         "lang=\"%s\">%s</button></li>\n", c, c, lang_name(c));
			else
				rc = html_printf(o, "<li><a href=\"%s%slang=%s\" lang=\"%s\" "
					         "hreflang=\"%s\">%s</a></li>\n",
					         v->lang_href ? v->lang_href : v->action,
					         v->lang_href ? "" : "?", c, c, c, lang_name(c));
		}
		if (rc == 0)
			rc = strbuf_addstr(o, "</ul></nav>\n");
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
	return rc;
}

static int page_end(struct strbuf *o)
{
	return strbuf_addstr(o, "</main>\n</body>\n</html>\n");
}

int form_page_begin(struct strbuf *o, const struct form_view *v, const char *title,
		    int has_error)
{
	return page_begin(o, v, v->s ? form_lang_code(v->s, v->lang) : "fr", title, has_error, 0);
}

int form_page_end(struct strbuf *o)
{
	return page_end(o);
}

/* The hidden fields every posted form carries. */
static int hidden_fields(struct strbuf *o, const struct form_view *v, const char *code)
{
	return html_printf(o, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			   "<input type=\"hidden\" name=\"_page\" value=\"%d\">\n"
			   "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n",
			   v->csrf, v->page, code);
}

/* Label text, required mark, hint and error of q (inside a <label> or <legend> already open). */
static int label_body(struct strbuf *o, const struct response *r, const struct fitem *it,
		      size_t lang, const char *code)
{
	const struct question *q = it->q;
	int rc = escape_piped(o, r, label(r->s, &q->label, lang), lang, it);

	if (rc == 0 && response_required_at(r, q, it->path) == 1)
		rc = html_printf(o, " <span class=\"required\">%s</span>", msg_get(M_REQUIRED_MARK, code));
	return rc;
}

/* Hint and error paragraphs after the label, with their ids. */
static int hint_error(struct strbuf *o, const struct response *r, const struct fitem *it,
		      size_t lang, const char *code, const char *err)
{
	const struct question *q = it->q;
	const char *hint = label_get(r->s, &q->hint, lang);
	int rc = 0;

	if (hint && *hint) {
		rc = html_printf(o, "<p class=\"hint\" id=\"h-%s\">", it->id);
		if (rc == 0)
			rc = escape_piped(o, r, hint, lang, it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</p>\n");
	}
	if (rc == 0 && q->type == Q_RANK)
		rc = html_printf(o, "<p class=\"hint\" id=\"r-%s\">%s</p>\n", it->id,
			         msg_get(M_RANK_HINT, code));
	if (rc == 0 && err) {
		rc = html_printf(o, "<p class=\"error-message\" id=\"e-%s\"><span class=\"visually-hidden\">"
			         "%s</span> ", it->id, msg_get(M_ERROR_PREFIX, code));
		if (rc == 0)
			rc = escape_piped(o, r, err, lang, it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</p>\n");
	}
	return rc;
}

/* aria-describedby="h-q r-q e-q" listing the hint, rank hint and error present. */
static int described_by(struct strbuf *o, const struct response *r, const struct fitem *it,
			size_t lang, const char *err)
{
	const struct question *q = it->q;
	const char *hint = label_get(r->s, &q->hint, lang);
	int any = 0, rc = 0;

	if (hint && *hint) {
		rc = html_printf(o, " aria-describedby=\"h-%s", it->id);
		any = 1;
	}
	if (rc == 0 && q->type == Q_RANK) {
		rc = html_printf(o, any ? " r-%s" : " aria-describedby=\"r-%s", it->id);
		any = 1;
	}
	if (rc == 0 && err) {
		rc = html_printf(o, any ? " e-%s" : " aria-describedby=\"e-%s", it->id);
		any = 1;
	}
	if (rc == 0 && any)
		rc = strbuf_addch(o, '"');
	if (rc == 0 && err)
		rc = strbuf_addstr(o, " aria-invalid=\"true\"");
	return rc;
}

/* A text-like input: integer, decimal, date, text, a long range. */
static int render_input(struct strbuf *o, const struct response *r, const struct fitem *it,
			size_t lang, const char *code, const char *err)
{
	const struct question *q = it->q;
	const char *val = response_get_at(r, q, it->path);
	int rc, multiline = q->type == Q_TEXT && q->appearance &&
			    !strcmp(q->appearance, "multiline");

	rc = html_printf(o, "<div class=\"question%s\" id=\"q-%s\">\n<label class=\"label\" for=\"f-%s\">",
		         err ? " has-error" : "", it->id, it->id);
	if (rc == 0)
		rc = label_body(o, r, it, lang, code);
	if (rc == 0)
		rc = strbuf_addstr(o, "</label>\n");
	if (rc == 0)
		rc = hint_error(o, r, it, lang, code, err);
	if (rc)
		return rc;
	if (multiline) {
		rc = html_printf(o, "<textarea class=\"input\" id=\"f-%s\" name=\"%s\" rows=\"5\"",
			         it->id, it->key);
		if (rc == 0)
			rc = described_by(o, r, it, lang, err);
		if (rc == 0)
			rc = strbuf_addstr(o, ">");
		if (rc == 0)
			rc = html_escape(o, val);
		if (rc == 0)
			rc = strbuf_addstr(o, "</textarea>\n</div>\n");
		return rc;
	}
	switch (q->type) {
	case Q_INTEGER:
		rc = html_printf(o, "<input class=\"input narrow\" type=\"text\" inputmode=\"numeric\" "
			         "autocomplete=\"off\"");
		break;
	case Q_DECIMAL:
		rc = html_printf(o, "<input class=\"input narrow\" type=\"text\" inputmode=\"decimal\" "
			         "autocomplete=\"off\"");
		break;
	case Q_DATE:
		rc = html_printf(o, "<input class=\"input narrow\" type=\"date\"");
		break;
	case Q_RANGE: {
		char a[32], b[32], st[32];

		expr_format_number(q->range_start, a);
		expr_format_number(q->range_end, b);
		expr_format_number(q->range_step, st);
		rc = html_printf(o, "<input class=\"input narrow\" type=\"number\" min=\"%s\" "
			         "max=\"%s\" step=\"%s\"", a, b, st);
		break;
	}
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
	case Q_TEXT:
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		rc = html_printf(o, "<input class=\"input\" type=\"text\" autocomplete=\"off\"");
	}
	if (rc == 0)
		rc = html_printf(o, " id=\"f-%s\" name=\"%s\" value=\"%s\"", it->id, it->key,
			         val ? val : "");
	if (rc == 0)
		rc = described_by(o, r, it, lang, err);
	if (rc == 0)
		rc = strbuf_addstr(o, ">\n</div>\n");
	return rc;
}

/* One radio button or check box of a group; the first carries id f-NAME for the error links. */
static int render_option(struct strbuf *o, const struct fitem *it, size_t k, const char *type,
			 const char *value, const char *text, int checked, const char *cls)
{
	int rc = html_printf(o, "<div class=\"choice\"><input type=\"%s\"", type);

	if (rc == 0 && cls && *cls)
		rc = html_printf(o, " class=\"%s\"", cls);
	if (rc == 0 && k == 0)
		rc = html_printf(o, " id=\"f-%s\" name=\"%s\" value=\"%s\"%s><label for=\"f-%s\">",
			         it->id, it->key, value, checked ? " checked" : "", it->id);
	else if (rc == 0)
		rc = html_printf(o, " id=\"f-%s-%zu\" name=\"%s\" value=\"%s\"%s><label for=\"f-%s-%zu\">",
			         it->id, k, it->key, value, checked ? " checked" : "", it->id, k);
	if (rc == 0)
		rc = html_escape_text(o, text);
	if (rc == 0)
		rc = strbuf_addstr(o, "</label></div>\n");
	return rc;
}

/* Start a <fieldset> with its legend, hint and error. */
static int fieldset_begin(struct strbuf *o, const struct response *r, const struct fitem *it,
			  size_t lang, const char *code, const char *err)
{
	int rc = html_printf(o, "<fieldset class=\"question%s\" id=\"q-%s\"",
			     err ? " has-error" : "", it->id);

	if (rc == 0)
		rc = described_by(o, r, it, lang, err);
	if (rc == 0)
		rc = strbuf_addstr(o, ">\n<legend class=\"label\">");
	if (rc == 0)
		rc = label_body(o, r, it, lang, code);
	if (rc == 0)
		rc = strbuf_addstr(o, "</legend>\n");
	if (rc == 0)
		rc = hint_error(o, r, it, lang, code, err);
	return rc;
}

static int render_select(struct strbuf *o, const struct response *r, const struct fitem *it,
			 size_t lang, const char *code, const char *err, const struct page_ctx *pc)
{
	const struct question *q = it->q;
	const char *val = response_get_at(r, q, it->path);
	int multiple = q->type == Q_SELECT_MULTIPLE;
	int minimal = q->appearance && !strcmp(q->appearance, "minimal") && !multiple;
	int row = q->appearance && (!strcmp(q->appearance, "likert") ||
				    !strcmp(q->appearance, "horizontal"));
	size_t k = 0;
	int rc;

	if (minimal) {
		rc = html_printf(o, "<div class=\"question%s\" id=\"q-%s\">\n<label class=\"label\" "
			         "for=\"f-%s\">", err ? " has-error" : "", it->id, it->id);
		if (rc == 0)
			rc = label_body(o, r, it, lang, code);
		if (rc == 0)
			rc = strbuf_addstr(o, "</label>\n");
		if (rc == 0)
			rc = hint_error(o, r, it, lang, code, err);
		if (rc == 0)
			rc = html_printf(o, "<select class=\"input\" id=\"f-%s\" name=\"%s\"", it->id,
				         it->key);
		if (rc == 0)
			rc = described_by(o, r, it, lang, err);
		if (rc == 0)
			rc = html_printf(o, ">\n<option value=\"\">%s</option>\n", msg_get(M_CHOOSE, code));
		for (size_t c = 0; rc == 0 && c < q->list->n; c++) {
			const struct choice *ch = &q->list->v[c];
			int ok = response_offers_at(r, q, it->path, ch);

			if (ok < 0)
				return -1;
			if (ok)
				rc = html_printf(o, "<option value=\"%s\"%s>%s</option>\n", ch->name,
					         val && !strcmp(val, ch->name) ? " selected" : "",
					         label(r->s, &ch->label, lang));
		}
		if (rc == 0)
			rc = strbuf_addstr(o, "</select>\n</div>\n");
		return rc;
	}
	rc = fieldset_begin(o, r, it, lang, code, err);
	if (rc == 0)
		rc = html_printf(o, "<div class=\"choices%s\">\n", row ? " row" : "");
	for (size_t c = 0; rc == 0 && c < q->list->n; c++) {
		const struct choice *ch = &q->list->v[c];
		int ok = response_offers_at(r, q, it->path, ch);
		int checked = val && (multiple ? has_word(val, ch->name) : !strcmp(val, ch->name));
		char cls[FORM_MAX_INPLACE * 5 + 1] = "";
		size_t ncls = 0;

		if (ok < 0)
			return -1;
		/* the follow-ups in place this choice shows: classes t1 … */
		for (size_t i = 0; pc && i < pc->n; i++)
			if (pc->v[i].t == it->q && pc->v[i].on[c])
				ncls += (size_t)snprintf(cls + ncls, sizeof(cls) - ncls, "%st%zu",
							 ncls ? " " : "", i + 1);
		if (ok)
			rc = render_option(o, it, k++, multiple ? "checkbox" : "radio", ch->name,
					   label(r->s, &ch->label, lang), checked, cls);
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n</fieldset>\n");
	return rc;
}

/* range with few steps: a row of radio buttons; else a number field. */
static int render_range(struct strbuf *o, const struct response *r, const struct fitem *it,
			size_t lang, const char *code, const char *err)
{
	const struct question *q = it->q;
	double nsteps = q->range_step > 0 ? (q->range_end - q->range_start) / q->range_step : 1e9;
	const char *val = response_get_at(r, q, it->path);
	int rc;

	if (!(nsteps >= 0 && nsteps <= 20))
		return render_input(o, r, it, lang, code, err);
	rc = fieldset_begin(o, r, it, lang, code, err);
	if (rc == 0)
		rc = strbuf_addstr(o, "<div class=\"choices row\">\n");
	for (size_t k = 0; rc == 0 && k <= (size_t)llround(nsteps); k++) {
		char num[32];

		expr_format_number(q->range_start + (double)k * q->range_step, num);
		rc = render_option(o, it, k, "radio", num, num,
				   val && expr_text_to_number(val) == expr_text_to_number(num), NULL);
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n</fieldset>\n");
	return rc;
}

/* rank: each choice offered with a drop-down of ranks. */
static int render_rank(struct strbuf *o, const struct response *r, const struct fitem *it,
		       size_t lang, const char *code, const char *err)
{
	const struct question *q = it->q;
	const char *val = response_get_at(r, q, it->path);
	size_t noffered = 0;
	int rc;

	for (size_t c = 0; c < q->list->n; c++) {
		int ok = response_offers_at(r, q, it->path, &q->list->v[c]);

		if (ok < 0)
			return -1;
		noffered += (size_t)ok;
	}
	rc = fieldset_begin(o, r, it, lang, code, err);
	if (rc == 0)
		rc = strbuf_addstr(o, "<div class=\"ranks\">\n");
	for (size_t c = 0, k = 0; rc == 0 && c < q->list->n; c++) {
		const struct choice *ch = &q->list->v[c];
		size_t rank = 0, pos = 1;
		int ok = response_offers_at(r, q, it->path, ch);

		if (ok < 0)
			return -1;
		if (!ok)
			continue;
		/* the current rank of ch: its place in the stored list */
		for (const char *p = val; p && *p; pos++) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);

			if (len == strlen(ch->name) && !strncmp(p, ch->name, len)) {
				rank = pos;
				break;
			}
			p = sp ? sp + 1 : NULL;
		}
		rc = k == 0 ? html_printf(o, "<div class=\"rank\"><label for=\"f-%s\">", it->id)
			    : html_printf(o, "<div class=\"rank\"><label for=\"f-%s-%zu\">", it->id, k);
		if (rc == 0)
			rc = html_escape_text(o, label(r->s, &ch->label, lang));
		if (rc == 0)
			rc = k == 0 ? html_printf(o, "</label><select class=\"input rank-select\" "
						  "id=\"f-%s\" name=\"%s.%s\">", it->id, it->key, ch->name)
				    : html_printf(o, "</label><select class=\"input rank-select\" "
						"id=\"f-%s-%zu\" name=\"%s.%s\">", it->id, k, it->key,
						ch->name);
		if (rc == 0)
			rc = html_printf(o, "<option value=\"\">%s</option>", msg_get(M_UNRANKED, code));
		for (size_t i = 1; rc == 0 && i <= noffered; i++)
			rc = html_printf(o, "<option value=\"%zu\"%s>%s %zu</option>", i,
				         i == rank ? " selected" : "", msg_get(M_RANK_LABEL, code), i);
		if (rc == 0)
			rc = strbuf_addstr(o, "</select></div>\n");
		k++;
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n</fieldset>\n");
	return rc;
}

static int render_note(struct strbuf *o, const struct response *r, const struct fitem *it,
		       size_t lang)
{
	const struct question *q = it->q;
	const char *hint = label_get(r->s, &q->hint, lang);
	int rc = html_printf(o, "<div class=\"note\" id=\"q-%s\"><p>", it->id);

	if (rc == 0)
		rc = escape_piped(o, r, label(r->s, &q->label, lang), lang, it);
	if (rc == 0)
		rc = strbuf_addstr(o, "</p>");
	if (rc == 0 && hint && *hint) {
		rc = strbuf_addstr(o, "<p class=\"hint\">");
		if (rc == 0)
			rc = escape_piped(o, r, hint, lang, it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</p>");
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n");
	return rc;
}

static int answer_text(struct strbuf *o, const struct response *r, const struct question *q,
		       const size_t *path, size_t lang, const char *code);

/* A read-only question: its label, hint and value as text, no field to change. */
static int render_read_only(struct strbuf *o, const struct response *r, const struct fitem *it,
			    size_t lang, const char *code, const char *err)
{
	const struct question *q = it->q;
	int rc = html_printf(o, "<div class=\"question read-only%s\" id=\"q-%s\">\n"
			     "<p class=\"label\" id=\"f-%s\">", err ? " has-error" : "", it->id,
			     it->id);

	if (rc == 0)
		rc = escape_piped(o, r, label(r->s, &q->label, lang), lang, it);
	if (rc == 0)
		rc = strbuf_addstr(o, "</p>\n");
	if (rc == 0)
		rc = hint_error(o, r, it, lang, code, err);
	if (rc == 0)
		rc = strbuf_addstr(o, "<div class=\"value\">");
	if (rc == 0)
		rc = answer_text(o, r, q, it->path, lang, code);
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n</div>\n");
	return rc;
}

/* The title of instance path (rep->depth + 1 indices) of rep: "Membre 2". */
static int instance_title(struct strbuf *o, const struct response *r, const struct question *rep,
			  const size_t *path, size_t lang)
{
	struct fitem it;
	const char *t = label(r->s, &rep->label, lang);
	int rc;

	fitem_init(&it, rep, path);
	rc = escape_piped(o, r, *t ? t : rep->name, lang, &it);
	if (rc == 0)
		rc = html_printf(o, " %zu", path[rep->depth] + 1);
	return rc;
}

/*
 * The titles of the instances from the outermost repeat down to rep's
 * (path: rep->depth + 1 indices), joined by " — ": "Membre 1 — Mandat 2".
 * With around, only those of the repeats around rep.
 */
static int instance_chain(struct strbuf *o, const struct response *r, const struct question *rep,
			  const size_t *path, size_t lang, int around)
{
	unsigned n = rep->depth + (around ? 0 : 1);
	int rc = 0;

	for (unsigned d = 0; rc == 0 && d < n; d++) {
		if (d)
			rc = strbuf_addstr(o, " — ");
		if (rc == 0)
			rc = instance_title(o, r, d < rep->depth ? repeat_at_depth(rep, d) : rep, path,
					    lang);
	}
	return rc;
}

static int render_item(struct strbuf *o, const struct response *r, const struct question *q,
		       size_t *path, size_t lang, const char *code, struct page_ctx *pc, int depth);

/*
 * A repeat: its title, then each instance in a fieldset titled with its
 * number, with a button to remove it, then a button to add one, unless
 * repeat_count fixes their number or max_count is reached.
 */
static int render_repeat(struct strbuf *o, const struct response *r, const struct question *rep,
			 size_t *path, size_t lang, const char *code, struct page_ctx *pc, int depth)
{
	size_t n = response_count(r, rep, path);
	const char *err = error_at(pc->errs, rep, path);
	const char *hint = label_get(r->s, &rep->hint, lang);
	const char *t = label(r->s, &rep->label, lang);
	int h = 2 + (int)rep->depth, open = !rep->repeat_count, rc;
	struct fitem it;

	if (h > 4)
		h = 4;
	fitem_init(&it, rep, path);
	rc = html_printf(o, "<section class=\"repeat%s\" id=\"q-%s\" aria-labelledby=\"t-%s\">\n",
		         err ? " has-error" : "", it.id, it.id);
	/* a top-level repeat is the page: its label is the page's title already */
	if (rc == 0 && depth > 0) {
		rc = html_printf(o, "<h%d id=\"t-%s\">", h, it.id);
		if (rc == 0)
			rc = escape_piped(o, r, *t ? t : rep->name, lang, &it);
		if (rc == 0)
			rc = html_printf(o, "</h%d>\n", h);
		if (rc == 0 && hint && *hint) {
			rc = strbuf_addstr(o, "<p class=\"hint\">");
			if (rc == 0)
				rc = escape_piped(o, r, hint, lang, &it);
			if (rc == 0)
				rc = strbuf_addstr(o, "</p>\n");
		}
	} else if (rc == 0) {
		rc = html_printf(o, "<span id=\"t-%s\" class=\"visually-hidden\">", it.id);
		if (rc == 0)
			rc = escape_piped(o, r, *t ? t : rep->name, lang, &it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</span>\n");
	}
	if (rc == 0 && err) {
		rc = html_printf(o, "<p class=\"error-message\" id=\"e-%s\"><span class=\"visually-hidden\">"
			         "%s</span> ", it.id, msg_get(M_ERROR_PREFIX, code));
		if (rc == 0)
			rc = escape_piped(o, r, err, lang, &it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</p>\n");
	}
	if (rc == 0 && !open)
		rc = html_printf(o, "<p class=\"hint\">%s %zu</p>\n", msg_get(M_REPEAT_FIXED, code), n);
	if (rc == 0 && open && n == 0)
		rc = html_printf(o, "<p class=\"none\">%s</p>\n", msg_get(M_REPEAT_NONE, code));
	for (size_t k = 0; rc == 0 && k < n; k++) {
		struct fitem in;

		path[rep->depth] = k;
		fitem_init_n(&in, rep, path, rep->depth + 1);
		rc = html_printf(o, "<fieldset class=\"instance\" id=\"i-%s\" tabindex=\"-1\">\n"
			         "<legend class=\"instance-title\">", in.id);
		if (rc == 0)
			rc = instance_title(o, r, rep, path, lang);
		if (rc == 0)
			rc = strbuf_addstr(o, "</legend>\n");
		for (size_t i = 0; rc == 0 && i < rep->nchildren; i++) {
			path[rep->depth] = k;
			rc = render_item(o, r, rep->children[i], path, lang, code, pc, depth + 1);
		}
		path[rep->depth] = k;
		if (rc == 0 && open) {
			rc = html_printf(o, "<button class=\"button secondary\" type=\"submit\" "
				         "name=\"_action\" value=\"remove:%s\">%s<span "
				         "class=\"visually-hidden\"> : ", in.key,
				         msg_get(M_REPEAT_REMOVE, code));
			/* named in full: "Retirer : Membre 1 — Mandat 2" */
			if (rc == 0)
				rc = instance_chain(o, r, rep, path, lang, 0);
			if (rc == 0)
				rc = strbuf_addstr(o, "</span></button>\n");
		}
		if (rc == 0)
			rc = strbuf_addstr(o, "</fieldset>\n");
	}
	if (rc == 0 && open && n < rep->max_count) {
		rc = html_printf(o, "<div class=\"repeat-add\"><button class=\"button secondary\" "
			         "type=\"submit\" name=\"_action\" value=\"add:%s\">%s ", it.key,
			         msg_get(M_REPEAT_ADD, code));
		if (rc == 0)
			rc = escape_piped(o, r, *t ? t : rep->name, lang, &it);
		/* inside another repeat, which one: "Ajouter : Mandat (Membre 1)" */
		if (rc == 0 && rep->depth)
			rc = strbuf_addstr(o, "<span class=\"visually-hidden\"> (");
		if (rc == 0 && rep->depth)
			rc = instance_chain(o, r, rep, path, lang, 1);
		if (rc == 0 && rep->depth)
			rc = strbuf_addstr(o, ")</span>");
		if (rc == 0)
			rc = html_printf(o, "</button>\n<p class=\"hint\">%s %zu</p></div>\n",
				         msg_get(M_REPEAT_MAX, code), (size_t)rep->max_count);
	} else if (rc == 0 && open) {
		rc = html_printf(o, "<p class=\"hint\">%s</p>\n", msg_get(M_REPEAT_FULL, code));
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</section>\n");
	return rc;
}

static int render_leaf(struct strbuf *o, const struct response *r, const struct question *q,
		       size_t *path, size_t lang, const char *code, struct page_ctx *pc);

/*
 * A question in a frame: a follow-up in place (class followup wK, shown by
 * the style sheet when a choice of class tK is ticked), or one that the
 * server shows because it just appeared (class revealed, marked "Nouvelle
 * question"; the first gets the focus unless the error summary has it).
 */
static int render_marked(struct strbuf *o, const struct response *r, const struct question *q,
			 size_t *path, size_t lang, const char *code, struct page_ctx *pc,
			 int fresh, int inpl)
{
	struct strbuf body = STRBUF_INIT;
	struct fitem it;
	int rc = 0;

	fitem_init(&it, q, path);
	if (inpl)
		rc = html_printf(o, "<div class=\"followup w%d\">\n", inpl);
	if (rc == 0 && fresh) {
		rc = html_printf(o, "<div class=\"revealed\">\n<p class=\"revealed-tag\" id=\"n-%s\">",
				 it.id);
		if (rc == 0)
			rc = html_textf(o, "%s</p>\n", msg_get(M_NEW_QUESTION, code));
		pc->nnew++;
	}
	if (rc == 0)
		rc = render_leaf(&body, r, q, path, lang, code, pc);
	if (rc == 0 && fresh && !pc->focused) {
		char needle[FORM_KEY_MAX + 16];
		char *at;

		snprintf(needle, sizeof(needle), " id=\"f-%s\"", it.id);
		at = body.len ? strstr(body.buf, needle) : NULL;
		if (at) {
			size_t k = (size_t)(at - body.buf);

			rc = strbuf_add(o, body.buf, k);
			if (rc == 0)
				rc = strbuf_addstr(o, " autofocus");
			if (rc == 0)
				rc = strbuf_addstr(o, body.buf + k);
			pc->focused = 1;
		} else {
			rc = strbuf_add(o, body.buf, body.len);
		}
	} else if (rc == 0) {
		rc = strbuf_add(o, body.buf, body.len);
	}
	if (rc == 0 && fresh)
		rc = strbuf_addstr(o, "</div>\n");
	if (rc == 0 && inpl)
		rc = strbuf_addstr(o, "</div>\n");
	strbuf_release(&body);
	return rc;
}

/* One item at instance path and, for a group or repeat, its shown children. */
static int render_item(struct strbuf *o, const struct response *r, const struct question *q,
		       size_t *path, size_t lang, const char *code, struct page_ctx *pc, int depth)
{
	const char *err = error_at(pc->errs, q, path);
	struct fitem it;
	int rc = 0, shown = shown_at(r, q, path), inpl = inplace_number(pc, q, path), fresh;

	if (!shown && !inpl)
		return 0;
	fitem_init(&it, q, path);
	/* a question the page posted did not hold: it has just appeared */
	fresh = shown && pc->before && q_is_answered(q) &&
		!signature_has(pc->before, it.key);
	if (inpl || fresh)
		return render_marked(o, r, q, path, lang, code, pc, fresh, inpl);
	if (q->read_only && question_has_value(q))
		return render_read_only(o, r, &it, lang, code, err);
	switch (q->type) {
	case Q_GROUP:
		if (depth > 0) {
			const char *hint = label_get(r->s, &q->hint, lang);

			rc = html_printf(o, "<section class=\"subgroup\" id=\"q-%s\" "
				         "aria-labelledby=\"t-%s\">\n<h2 id=\"t-%s\">", it.id, it.id,
				         it.id);
			if (rc == 0)
				rc = escape_piped(o, r, label(r->s, &q->label, lang), lang, &it);
			if (rc == 0)
				rc = strbuf_addstr(o, "</h2>\n");
			if (rc == 0 && hint && *hint) {
				rc = strbuf_addstr(o, "<p class=\"hint\">");
				if (rc == 0)
					rc = escape_piped(o, r, hint, lang, &it);
				if (rc == 0)
					rc = strbuf_addstr(o, "</p>\n");
			}
		}
		for (size_t i = 0; rc == 0 && i < q->nchildren; i++)
			rc = render_item(o, r, q->children[i], path, lang, code, pc, depth + 1);
		if (rc == 0 && depth > 0)
			rc = strbuf_addstr(o, "</section>\n");
		return rc;
	case Q_REPEAT:
		return render_repeat(o, r, q, path, lang, code, pc, depth);
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
	case Q_INTEGER:
	case Q_DECIMAL:
	case Q_TEXT:
	case Q_DATE:
	case Q_NOTE:
	case Q_RANGE:
	case Q_CALCULATE:
		break;
	}
	return render_leaf(o, r, q, path, lang, code, pc);
}

/* A question or note (not a group or repeat) at instance path. */
static int render_leaf(struct strbuf *o, const struct response *r, const struct question *q,
		       size_t *path, size_t lang, const char *code, struct page_ctx *pc)
{
	const char *err = error_at(pc->errs, q, path);
	struct fitem it;

	fitem_init(&it, q, path);
	if (q->read_only && question_has_value(q))
		return render_read_only(o, r, &it, lang, code, err);
	switch (q->type) {
	case Q_NOTE:
		return render_note(o, r, &it, lang);
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
		return render_select(o, r, &it, lang, code, err, pc);
	case Q_RANK:
		return render_rank(o, r, &it, lang, code, err);
	case Q_RANGE:
		return render_range(o, r, &it, lang, code, err);
	case Q_CALCULATE:
		return 0;
	case Q_INTEGER:
	case Q_DECIMAL:
	case Q_TEXT:
	case Q_DATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return render_input(o, r, &it, lang, code, err);
}

/* The title of page p: the group's or repeat's label, else the survey's title. */
static const char *page_title(const struct survey *s, int p, size_t lang)
{
	const struct question *top = s->top[p];

	if (question_is_container(top))
		return label(s, &top->label, lang);
	return label(s, &s->title, lang);
}

/*
 * The error summary: a heading and a link to each field with a problem;
 * inside repeats, the instances first: "Membre 2 — Âge : message".
 */
static int error_summary(struct strbuf *o, const struct response *r,
			 const struct form_errors *errs, size_t lang, const char *code, int review)
{
	int rc;

	if (!errs || errs->n == 0)
		return 0;
	rc = html_printf(o, "<div class=\"error-summary\" role=\"alert\" "
		         "aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus>\n"
		         "<h2 id=\"error-summary-title\">%s</h2>\n", msg_get(M_ERROR_SUMMARY, code));
	if (rc == 0 && review)
		rc = html_printf(o, "<p>%s</p>\n", msg_get(M_REVIEW_PROBLEMS, code));
	if (rc == 0)
		rc = strbuf_addstr(o, "<ul>\n");
	for (size_t i = 0; rc == 0 && i < errs->n; i++) {
		const struct question *q = errs->v[i].q;
		struct fitem it;

		fitem_init(&it, q, errs->v[i].path);
		rc = html_printf(o, "<li><a href=\"#%s-%s\">",
			         review ? "a" : q->type == Q_REPEAT ? "q" : "f", it.id);
		for (unsigned d = 0; rc == 0 && d < q->depth; d++) {
			rc = instance_title(o, r, repeat_at_depth(q, d), errs->v[i].path, lang);
			if (rc == 0)
				rc = strbuf_addstr(o, " — ");
		}
		if (rc == 0)
			rc = escape_piped(o, r, label(r->s, &q->label, lang), lang, &it);
		if (rc == 0)
			rc = strbuf_addstr(o, q->depth ? " : " : " — ");
		if (rc == 0)
			rc = escape_piped(o, r, errs->v[i].msg, lang, &it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</a></li>\n");
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</ul>\n</div>\n");
	return rc;
}

/* Visible pages: how many, and the place of page among them (1-based). */
static void page_position(const struct response *r, int page, int *pos, int *total)
{
	*pos = *total = 0;
	for (int p = 0; (size_t)p < r->s->ntop; p++)
		if (form_page_visible(r, p)) {
			(*total)++;
			if (p <= page)
				*pos = *total;
		}
}

/* The page's group hint as a lead paragraph, when it has one. */
static int group_hint(struct strbuf *o, const struct form_view *v)
{
	const char *hint;
	int rc;

	if (!question_is_container(v->s->top[v->page]))
		return 0;
	hint = label_get(v->s, &v->s->top[v->page]->hint, v->lang);
	if (!hint || !*hint)
		return 0;
	rc = strbuf_addstr(o, "<p class=\"lead\">");
	if (rc == 0)
		rc = html_escape_lines(o, hint);
	if (rc == 0)
		rc = strbuf_addstr(o, "</p>\n");
	return rc;
}

int form_render_page(struct strbuf *o, const struct form_view *v, const struct response *r,
		     const struct form_errors *errs, int revealed)
{
	const struct survey *s = v->s;
	const char *code = form_lang_code(s, v->lang);
	const char *ptitle, *next;
	size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };
	struct strbuf sig = STRBUF_INIT, body = STRBUF_INIT;
	struct page_ctx *pc;
	int pos, total, rc;

	if (v->page < 0 || (size_t)v->page >= s->ntop)
		return -1;
	if (!(pc = calloc(1, sizeof(*pc))))
		return -1;
	pc->errs = errs;
	pc->before = revealed == 1 ? v->shown_before : NULL;
	pc->focused = errs && errs->n > 0;	/* the error summary has the focus */
	ptitle = page_title(s, v->page, v->lang);
	next = v->finish && (size_t)form_next_page(r, v->page) >= s->ntop ? v->finish
									    : msg_get(M_NEXT, code);
	page_position(r, v->page, &pos, &total);
	/* the questions first: the notice above them counts those just shown */
	rc = inplace_find(r, v->page, pc);
	if (rc == 0)
		rc = render_item(&body, r, s->top[v->page], path, v->lang, code, pc, 0);
	if (rc == 0)
		rc = page_begin(o, v, code, v->heading ? v->heading : ptitle,
				(errs && errs->n > 0) || v->has_error, !v->lang_href);
	if (rc == 0)
		rc = html_textf(o, "<p class=\"progress\">%s %d %s %d</p>\n<h1>%s</h1>\n",
				msg_get(M_PAGE, code), pos, msg_get(M_OF, code), total,
				v->heading ? v->heading : ptitle);
	/*
	 * A respondent's page: title, hint, problems, notice.  A page with a
	 * heading of its own: heading, problems, what comes before, then the
	 * page's title and hint over its questions.
	 */
	if (rc == 0 && !v->heading)
		rc = group_hint(o, v);
	if (rc == 0)
		rc = error_summary(o, r, errs, v->lang, code, 0);
	if (rc == 0 && v->before)
		rc = strbuf_addstr(o, v->before);
	if (rc == 0 && v->heading) {
		rc = html_textf(o, "<h2>%s</h2>\n", ptitle);
		if (rc == 0)
			rc = group_hint(o, v);
	}
	if (rc == 0 && revealed) {
		struct strbuf t = STRBUF_INIT;

		if (revealed == 2)
			rc = strbuf_addstr(&t, msg_get(M_REPEAT_STALE, code));
		else if (pc->nnew == 1 || (pc->nnew == 0 && !pc->before))
			rc = strbuf_addstr(&t, msg_get(M_REVEALED, code));
		else if (pc->nnew > 1)
			rc = strbuf_add_count(&t, msg_get(M_REVEALED_MANY, code), (long long)pc->nnew);
		else
			rc = strbuf_addstr(&t, msg_get(M_REVEALED_CHANGED, code));
		if (rc == 0)
			rc = html_textf(o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
					t.buf);
		strbuf_release(&t);
	}
	/* the page's number in the address: the browser's Back and Forward keep to pages */
	if (rc == 0 && !v->lang_href)
		rc = html_printf(o, "<form id=\"answers\" method=\"post\" action=\"%s?page=%d\" "
			         "novalidate>\n", v->action, v->page + 1);
	else if (rc == 0)
		rc = html_printf(o, "<form id=\"answers\" method=\"post\" action=\"%s\" novalidate>\n",
			         v->action);
	if (rc == 0)
		rc = hidden_fields(o, v, code);
	if (rc == 0)
		rc = form_signature(r, v->page, &sig);
	if (rc == 0)
		rc = html_printf(o, "<input type=\"hidden\" name=\"_shown\" value=\"%s\">\n", sig.buf);
	if (rc == 0)
		rc = form_structure(r, v->page, &sig);
	if (rc == 0 && sig.len)
		rc = html_printf(o, "<input type=\"hidden\" name=\"_n\" value=\"%s\">\n", sig.buf);
	if (rc == 0)
		rc = strbuf_add(o, body.buf, body.len);
	if (rc == 0)
		rc = html_printf(o, "<div class=\"actions\">\n"
			         "<button class=\"button\" type=\"submit\" name=\"_action\" "
			         "value=\"next\">%s</button>\n", next);
	if (rc == 0 && form_prev_page(r, v->page) >= 0)
		rc = html_printf(o, "<button class=\"button secondary\" type=\"submit\" "
			         "name=\"_action\" value=\"prev\">%s</button>\n",
			         msg_get(M_PREV, code));
	if (rc == 0)
		rc = html_printf(o, "<button class=\"button secondary\" type=\"submit\" "
			         "name=\"_action\" value=\"save\">%s</button>\n</div>\n</form>\n"
			         "<p class=\"small\">%s</p>\n",
			         msg_get(M_SAVE_LATER, code), msg_get(M_SAVED_EACH_PAGE, code));
	if (rc == 0 && v->after)
		rc = strbuf_addstr(o, v->after);
	if (rc == 0)
		rc = page_end(o);
	strbuf_release(&sig);
	strbuf_release(&body);
	inplace_release(pc);
	free(pc);
	return rc;
}

/* An answer as the respondent reads it: choice labels, a date in their way. */
static int answer_text(struct strbuf *o, const struct response *r, const struct question *q,
		       const size_t *path, size_t lang, const char *code)
{
	const char *v = q->index < r->s->nq ? response_get_at(r, q, path ? path : top_path) : NULL;
	int rc = 0;

	if (!v)
		return html_printf(o, "<span class=\"none\">%s</span>", msg_get(M_NO_ANSWER, code));
	switch (q->type) {
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK: {
		int n = 0;

		if (q->type != Q_SELECT_ONE)
			rc = strbuf_addstr(o, q->type == Q_RANK ? "<ol>" : "<ul>");
		for (const char *p = v; rc == 0 && p && *p;) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);
			const char *text = NULL;

			for (size_t c = 0; c < q->list->n && !text; c++)
				if (strlen(q->list->v[c].name) == len &&
				    !strncmp(q->list->v[c].name, p, len))
					text = label(r->s, &q->list->v[c].label, lang);
			if (q->type != Q_SELECT_ONE)
				rc = strbuf_addstr(o, "<li>");
			if (rc == 0)
				rc = text ? html_escape_text(o, text) : html_escape_n(o, p, len);
			if (rc == 0 && q->type != Q_SELECT_ONE)
				rc = strbuf_addstr(o, "</li>");
			n++;
			p = sp ? sp + 1 : NULL;
		}
		if (rc == 0 && q->type != Q_SELECT_ONE)
			rc = strbuf_addstr(o, q->type == Q_RANK ? "</ol>" : "</ul>");
		return rc;
	}
	case Q_DATE:
		if (!strcmp(code, "fr") && strlen(v) == 10)
			return html_printf(o, "%s", (char[11]){ v[8], v[9], '/', v[5], v[6], '/', v[0],
							      v[1], v[2], v[3], 0 });
		return html_escape(o, v);
	case Q_DECIMAL:
		if (!strcmp(code, "fr")) {	/* a decimal comma; escaped like any text */
			const char *p = v, *dot;

			while (rc == 0 && (dot = strchr(p, '.'))) {
				rc = html_escape_n(o, p, (size_t)(dot - p));
				if (rc == 0)
					rc = strbuf_addch(o, ',');
				p = dot + 1;
			}
			return rc ? rc : html_escape(o, p);
		}
		return html_escape(o, v);
	case Q_INTEGER:
	case Q_TEXT:
	case Q_NOTE:
	case Q_RANGE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return html_escape_lines(o, v);
}

int form_render_answer(struct strbuf *o, const struct response *r, const struct question *q,
		       size_t lang)
{
	return answer_text(o, r, q, NULL, lang, form_lang_code(r->s, lang));
}

int form_render_answer_at(struct strbuf *o, const struct response *r,
			  const struct question *q, const size_t *path, size_t lang)
{
	return answer_text(o, r, q, path, lang, form_lang_code(r->s, lang));
}

/* What the review page writes as it goes. */
struct review {
	struct strbuf *o;		/* the page */
	const struct response *r;	/* the answers */
	const struct form_errors *errs;	/* their problems */
	size_t lang;			/* the language shown */
	const char *code;		/* its code */
	int dl;				/* a <dl> is open */
};

/* Close the open list of answers, if any. */
static int review_close(struct review *rv)
{
	if (!rv->dl)
		return 0;
	rv->dl = 0;
	return strbuf_addstr(rv->o, "</dl>\n");
}

/* The answers of q at path (and inside it), each instance of a repeat under its number. */
static int review_item(struct review *rv, const struct question *q, size_t *path)
{
	const struct response *r = rv->r;
	struct strbuf *o = rv->o;
	const char *err;
	struct fitem it;
	int rc = 0;

	if (!shown_at(r, q, path))
		return 0;
	fitem_init(&it, q, path);
	err = error_at(rv->errs, q, path);
	if (q->type == Q_GROUP) {
		for (size_t i = 0; rc == 0 && i < q->nchildren; i++)
			rc = review_item(rv, q->children[i], path);
		return rc;
	}
	if (q->type == Q_REPEAT) {
		size_t n = response_count(r, q, path);
		int h = 3 + (int)q->depth;

		if (h > 5)
			h = 5;
		rc = review_close(rv);
		if (rc == 0)
			rc = html_printf(o, "<div class=\"review-repeat%s\" id=\"a-%s\">\n",
				         err ? " has-error" : "", it.id);
		if (rc == 0 && err) {
			rc = html_printf(o, "<p class=\"error-message\"><span class=\"visually-hidden\">"
				         "%s</span> ", msg_get(M_ERROR_PREFIX, rv->code));
			if (rc == 0)
				rc = escape_piped(o, r, err, rv->lang, &it);
			if (rc == 0)
				rc = strbuf_addstr(o, "</p>\n");
		}
		if (rc == 0 && n == 0) {
			rc = html_printf(o, "<h%d>", h);
			if (rc == 0)
				rc = escape_piped(o, r, label(r->s, &q->label, rv->lang), rv->lang, &it);
			if (rc == 0)
				rc = html_printf(o, "</h%d>\n<p><span class=\"none\">%s</span></p>\n", h,
					         msg_get(M_NO_ANSWER, rv->code));
		}
		for (size_t k = 0; rc == 0 && k < n; k++) {
			path[q->depth] = k;
			rc = html_printf(o, "<section class=\"review-instance\">\n<h%d>", h);
			if (rc == 0)
				rc = instance_title(o, r, q, path, rv->lang);
			if (rc == 0)
				rc = html_printf(o, "</h%d>\n", h);
			for (size_t i = 0; rc == 0 && i < q->nchildren; i++) {
				path[q->depth] = k;
				rc = review_item(rv, q->children[i], path);
			}
			if (rc == 0)
				rc = review_close(rv);
			if (rc == 0)
				rc = strbuf_addstr(o, "</section>\n");
		}
		if (rc == 0)
			rc = strbuf_addstr(o, "</div>\n");
		return rc;
	}
	if (!question_has_value(q))
		return 0;
	if (!rv->dl) {
		rv->dl = 1;
		rc = strbuf_addstr(o, "<dl class=\"answers\">\n");
	}
	if (rc == 0)
		rc = html_printf(o, "<div class=\"answer%s\" id=\"a-%s\"><dt>", err ? " has-error" : "",
			         it.id);
	if (rc == 0)
		rc = escape_piped(o, r, label(r->s, &q->label, rv->lang), rv->lang, &it);
	if (rc == 0)
		rc = strbuf_addstr(o, "</dt><dd>");
	if (rc == 0)
		rc = answer_text(o, r, q, path, rv->lang, rv->code);
	if (rc == 0 && err) {
		rc = html_printf(o, "<p class=\"error-message\"><span class=\"visually-hidden\">%s</span> ",
			         msg_get(M_ERROR_PREFIX, rv->code));
		if (rc == 0)
			rc = escape_piped(o, r, err, rv->lang, &it);
		if (rc == 0)
			rc = strbuf_addstr(o, "</p>");
	}
	if (rc == 0)
		rc = strbuf_addstr(o, "</dd></div>\n");
	return rc;
}

int form_render_review(struct strbuf *o, const struct form_view *v, const struct response *r,
		       const struct form_errors *errs)
{
	const struct survey *s = v->s;
	const char *code = form_lang_code(s, v->lang);
	int rc, last = form_prev_page(r, (int)s->ntop);

	rc = page_begin(o, v, code, msg_get(M_REVIEW_TITLE, code), errs && errs->n > 0, 0);
	if (rc == 0)
		rc = html_textf(o, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n",
				msg_get(M_REVIEW_TITLE, code), msg_get(M_REVIEW_INTRO, code));
	if (rc == 0)
		rc = error_summary(o, r, errs, v->lang, code, 1);
	if (rc == 0)
		rc = html_printf(o, "<form method=\"post\" action=\"%s\" novalidate>\n", v->action);
	if (rc == 0)
		rc = hidden_fields(o, v, code);
	for (int p = 0; rc == 0 && (size_t)p < s->ntop; p++) {
		size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };
		struct review rv = { o, r, errs, v->lang, code, 0 };

		if (!form_page_visible(r, p))
			continue;
		rc = html_textf(o, "<section class=\"review-page\" id=\"p-%d\" "
				"aria-labelledby=\"pt-%d\">\n<h2 id=\"pt-%d\">%s</h2>\n",
				p, p, p, page_title(s, p, v->lang));
		if (rc == 0)
			rc = review_item(&rv, s->top[p], path);
		if (rc == 0)
			rc = review_close(&rv);
		if (rc == 0)
			rc = html_printf(o, "<button class=\"button secondary\" type=\"submit\" "
				         "name=\"_action\" value=\"goto-%d\">%s<span "
				         "class=\"visually-hidden\"> : %s</span></button>\n</section>\n",
				         p, msg_get(M_CHANGE, code), page_title(s, p, v->lang));
	}
	if (rc == 0)
		rc = html_textf(o, "<p class=\"warning\">%s</p>\n", msg_get(M_SUBMIT_WARN, code));
	if (rc == 0)
		rc = html_printf(o, "<div class=\"actions\">\n"
				 "<button class=\"button\" type=\"submit\" name=\"_action\" "
				 "value=\"submit\">%s</button>\n", msg_get(M_SUBMIT, code));
	if (rc == 0 && last >= 0)
		rc = html_printf(o, "<button class=\"button secondary\" type=\"submit\" "
			         "name=\"_action\" value=\"prev\">%s</button>\n", msg_get(M_PREV, code));
	if (rc == 0)
		rc = strbuf_addstr(o, "</div>\n</form>\n");
	if (rc == 0)
		rc = page_end(o);
	return rc;
}

int form_render_open(struct strbuf *o, const struct form_view *v)
{
	const struct survey *s = v->s;
	const char *code = form_lang_code(s, v->lang);
	const char *title = label(s, &s->title, v->lang);
	int rc = page_begin(o, v, code, title, 0, 0);

	if (rc == 0)
		rc = html_textf(o, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title,
				msg_get(M_OPEN_INTRO, code));
	if (rc == 0)
		rc = html_printf(o, "<form method=\"post\" action=\"%s\">\n", v->action);
	if (rc == 0)
		rc = hidden_fields(o, v, code);
	if (rc == 0)
		rc = html_printf(o, "<div class=\"actions\"><button class=\"button\" type=\"submit\" "
			         "name=\"_action\" value=\"start\">%s</button></div>\n</form>\n",
			         msg_get(M_START, code));
	if (rc == 0)
		rc = page_end(o);
	return rc;
}

/* form_render_message(), its paragraph followed by the retry sentence when retry. */
static int message_page(struct strbuf *o, const struct survey *s, const char *lang,
			enum msg title, enum msg text, const char *href, enum msg link,
			const char *root, int retry, unsigned wait)
{
	const char *code = lang ? lang : "fr";
	struct form_view v;
	char again[64] = "";
	int rc;

	memset(&v, 0, sizeof(v));
	v.s = s;
	v.root = root;
	if (s) {
		int k = survey_lang(s, code);

		v.lang = k >= 0 ? (size_t)k : s->default_lang;
		code = form_lang_code(s, v.lang);
	}
	if (retry)
		msg_retry_after(again, sizeof(again), wait, code);
	rc = page_begin(o, &v, code, msg_get(title, code), 0, 0);
	if (rc == 0)
		rc = html_textf(o, "<h1>%s</h1>\n<p class=\"lead\">%s%s%s</p>\n",
				msg_get(title, code), msg_get(text, code), retry ? " " : "",
				again);
	if (rc == 0 && href)
		rc = html_printf(o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", href,
			         msg_get(link, code));
	if (rc == 0)
		rc = page_end(o);
	return rc;
}

int form_render_message(struct strbuf *o, const struct survey *s, const char *lang,
			enum msg title, enum msg text, const char *href, enum msg link,
			const char *root)
{
	return message_page(o, s, lang, title, text, href, link, root, 0, 0);
}

int form_render_retry(struct strbuf *o, const struct survey *s, const char *lang,
		      enum msg title, enum msg text, unsigned wait, const char *href,
		      enum msg link, const char *root)
{
	return message_page(o, s, lang, title, text, href, link, root, 1, wait);
}

/*
 * Plain and large: 20 px text, one column at most 40 em wide, targets of
 * at least 44 px, a thick yellow-and-black focus ring, colours above the
 * 4.5:1 contrast ratio, rem units throughout so that 200 % zoom reflows.
 */
const char form_css[] =
	"*,*::before,*::after{box-sizing:border-box}\n"
	"html{font-size:100%;-webkit-text-size-adjust:100%}\n"
	"body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
	"\"DejaVu Sans\",Arial,sans-serif;font-size:1.25rem;line-height:1.5;color:#0b0c0c;"
	"background:#fff;overflow-wrap:anywhere}\n"
	".skip{position:absolute;left:-999rem;top:0;background:#ffdd00;color:#0b0c0c;padding:.5rem 1rem}\n"
	".skip:focus{left:0}\n"
	".header{background:#1d3557;color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;"
	"gap:.5rem 1.5rem;align-items:center;justify-content:space-between}\n"
	".survey-title{margin:0;font-weight:700}\n"
	".langs ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}\n"
	".langs a,.lang-switch{color:#fff;text-decoration:underline;text-underline-offset:.2em;"
	"display:inline-flex;align-items:center;min-height:2.75rem;min-width:2.75rem;padding:0 .5rem}\n"
	".lang-switch{font:inherit;background:none;border:0;cursor:pointer}\n"
	".langs .current{font-weight:700;display:inline-flex;align-items:center;min-height:2.75rem}\n"
	"main{display:block;max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}\n"
	"main:focus{outline:none}\n"
	"h1{font-size:1.75rem;line-height:1.25;margin:1rem 0}\n"
	"h2{font-size:1.4rem;line-height:1.3;margin:1.5rem 0 .75rem}\n"
	".progress{margin:.5rem 0 0;color:#3d4247}\n"
	".lead{font-size:1.25rem}\n"
	".question{margin:0 0 2rem;padding:0;border:0;min-width:0}\n"
	".label{display:block;font-weight:700;margin-bottom:.5rem;padding:0}\n"
	"legend.label{float:none;width:100%}\n"
	".required{font-weight:400;color:#3d4247}\n"
	".hint{color:#3d4247;margin:0 0 .75rem}\n"
	".has-error{border-left:.3rem solid #b3261e;padding-left:1rem}\n"
	".error-message{color:#b3261e;font-weight:700;margin:0 0 .75rem}\n"
	".input{font:inherit;width:100%;max-width:100%;min-height:2.75rem;padding:.4rem .6rem;"
	"border:.125rem solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}\n"
	".input.narrow{max-width:12rem}\n"
	"textarea.input{min-height:8rem}\n"
	".has-error .input{border-color:#b3261e;border-width:.2rem}\n"
	/*
	 * A choice is a row at least 2.75rem (44 px) high, tappable from end to
	 * end: its label's ::after covers the row.  A scale (likert,
	 * horizontal, a short range) is one row of equal cells on a wide
	 * screen, and a list like the others on a phone.
	 */
	".choices{display:flex;flex-direction:column;gap:.25rem}\n"
	".choice{position:relative;display:flex;align-items:center;gap:.75rem;min-height:2.75rem;"
	"padding:.25rem .5rem;border-radius:.25rem}\n"
	".choice:hover{background:#f3f2f1}\n"
	".choice:has(input:checked){background:#e8eef7}\n"
	".choice input{position:relative;z-index:1;width:1.75rem;height:1.75rem;margin:0;flex:none;"
	"accent-color:#1d3557;cursor:pointer}\n"
	".choice label{flex:1;padding:.25rem 0;cursor:pointer}\n"
	".choice label::after{content:\"\";position:absolute;inset:0}\n"
	"@media (min-width:40rem){"
	".choices.row{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(0,1fr);gap:.25rem}"
	".choices.row:has(>.choice:nth-child(12)){grid-auto-flow:row;"
	"grid-template-columns:repeat(auto-fill,minmax(3rem,1fr))}"
	".choices.row .choice{flex-direction:column;justify-content:flex-start;gap:.25rem;"
	"text-align:center;border:.0625rem solid #b1b4b6;padding:.5rem .25rem}"
	".choices.row .choice label{flex:none;padding:0;line-height:1.3}}\n"
	/* follow-up questions: in place, shown when their answer is ticked; or just shown by the server */
	".followup,.revealed{border-left:.3rem solid #1d3557;padding-left:1rem;margin-bottom:2rem}\n"
	".followup .question,.revealed .question{margin-bottom:0}\n"
	"@supports selector(:has(a)){.followup{display:none}"
	"form:has(.t1:checked) .w1,form:has(.t2:checked) .w2,form:has(.t3:checked) .w3,"
	"form:has(.t4:checked) .w4,form:has(.t5:checked) .w5,form:has(.t6:checked) .w6,"
	"form:has(.t7:checked) .w7,form:has(.t8:checked) .w8,form:has(.t9:checked) .w9,"
	"form:has(.t10:checked) .w10,form:has(.t11:checked) .w11,form:has(.t12:checked) .w12,"
	"form:has(.t13:checked) .w13,form:has(.t14:checked) .w14,form:has(.t15:checked) .w15,"
	"form:has(.t16:checked) .w16,form:has(.t17:checked) .w17,form:has(.t18:checked) .w18,"
	"form:has(.t19:checked) .w19,form:has(.t20:checked) .w20{display:block}}\n"
	".revealed-tag{display:inline-block;background:#1d3557;color:#fff;font-weight:700;"
	"font-size:1rem;padding:.1rem .5rem;margin:0 0 .5rem}\n"
	".ranks{display:flex;flex-direction:column;gap:.75rem}\n"
	".rank{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem}\n"
	".rank label{min-width:8rem}\n"
	".rank-select{width:auto;min-width:8rem}\n"
	".subgroup{margin:0 0 1.5rem}\n"
	/* repeats: each instance framed, its title above its questions */
	".repeat{margin:0 0 2rem}\n"
	".instance{border:.125rem solid #505a5f;padding:.75rem 1rem 1rem;margin:0 0 1.5rem;"
	"min-width:0}\n"
	".instance-title{font-weight:700;font-size:1.4rem;padding:0 .25rem}\n"
	".instance .instance{border-color:#b1b4b6}\n"
	".repeat-add{margin:0 0 1rem}\n"
	".repeat-add .hint{margin-top:.5rem}\n"
	".note{background:#f3f2f1;border-left:.3rem solid #1d3557;padding:.75rem 1rem;"
	"margin:0 0 2rem}\n"
	".note p{margin:0}\n"
	".notice{border:.2rem solid #1d3557;padding:.75rem 1rem;margin:0 0 1.5rem;font-weight:700}\n"
	".error-summary{border:.3rem solid #b3261e;padding:1rem;margin:0 0 2rem}\n"
	".error-summary:focus{outline:.2rem solid #0b0c0c;outline-offset:.1rem}\n"
	".error-summary h2{margin-top:0}\n"
	".error-summary ul{margin:0;padding-left:1.25rem}\n"
	".error-summary a{color:#b3261e;font-weight:700}\n"
	".actions{display:flex;flex-wrap:wrap;gap:1rem;margin:2rem 0 1rem}\n"
	".button{font:inherit;font-weight:700;display:inline-block;min-height:2.75rem;"
	"padding:.5rem 1.25rem;border:.125rem solid #00532b;border-radius:.25rem;"
	"background:#00703c;color:#fff;cursor:pointer;text-decoration:none;"
	"box-shadow:0 .125rem 0 #002d18}\n"
	".button.secondary{background:#f3f2f1;color:#0b0c0c;border-color:#505a5f;"
	"box-shadow:0 .125rem 0 #505a5f}\n"
	"a{color:#1d4e89}\n"
	"a:focus,.button:focus,.input:focus,.choice input:focus,main a:focus{outline:.2rem solid "
	"#0b0c0c;outline-offset:0;box-shadow:0 0 0 .3rem #ffdd00}\n"
	".langs a:focus,.lang-switch:focus,.skip:focus{outline:.2rem solid #ffdd00;outline-offset:.1rem;"
	"background:#ffdd00;color:#0b0c0c}\n"
	".review-page{border-top:.125rem solid #b1b4b6;padding-top:.5rem;margin-bottom:1.5rem}\n"
	".answers{margin:0 0 1rem}\n"
	".answer{padding:.5rem 0;border-bottom:.0625rem solid #b1b4b6}\n"
	".answer dt{font-weight:700}\n"
	".answer dd{margin:0}\n"
	".answer ul,.answer ol{margin:0;padding-left:1.5rem}\n"
	".none{color:#3d4247;font-style:italic}\n"
	".warning{font-weight:700}\n"
	".small{font-size:1rem;color:#3d4247}\n"
	".visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;"
	"overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}\n"
	"table{border-collapse:collapse;font-size:1rem;margin:1rem 0}\n"
	"th,td{border:.0625rem solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}\n"
	".wide{max-width:none}\n"
	/* the follow-up pages (admin.c): wide tables scroll, their cells keep words and numbers whole */
	".table-scroll{overflow-x:auto;max-width:100%;margin:1rem 0}\n"
	".table-scroll table{margin:0}\n"
	".table-scroll:focus{outline:.2rem solid #0b0c0c;outline-offset:.1rem}\n"
	".table-scroll th,.table-scroll td{overflow-wrap:normal;word-break:normal;hyphens:none}\n"
	".table-scroll td{white-space:nowrap}\n"
	".table-scroll td.text{white-space:normal;min-width:12rem;max-width:28rem;overflow-wrap:break-word}\n"
	".table-scroll .num{white-space:nowrap;text-align:right;font-variant-numeric:tabular-nums}\n"
	".downloads a{margin-right:1rem}\n"
	/* the jurors' pages */
	".back{margin:.5rem 0 1rem}\n"
	".summary{border:.125rem solid #b1b4b6;padding:0 1rem;margin:0 0 1.5rem}\n"
	".summary summary{font-weight:700;cursor:pointer;min-height:2.75rem;padding:.5rem 0}\n"
	"summary:focus{outline:.2rem solid #0b0c0c;outline-offset:0;box-shadow:0 0 0 .3rem #ffdd00}\n"
	".dossiers{list-style:none;margin:0;padding:0}\n"
	".dossier{border-top:.125rem solid #b1b4b6;padding:.25rem 0 1rem}\n"
	".state-done{color:#00703c}\n"
	".state-started{color:#1d3557}\n"
	".state-todo{color:#3d4247}\n"
	".conflict{border-top:.3rem solid #b3261e;margin-top:3rem}\n"
	".button.danger{background:#fff;color:#b3261e;border-color:#b3261e;"
	"box-shadow:0 .125rem 0 #b3261e}\n"
	"@media (max-width:30rem){body{font-size:1.125rem}h1{font-size:1.5rem}"
	".button{width:100%}}\n";
