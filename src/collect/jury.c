/*
 * jury: the pages of the prize's jurors in the web server.  A juror opens
 * their link /j/TOKEN and finds the candidates assigned to them, each with
 * the application's summary and the state of their sheet (not started, in
 * progress, done); /j/TOKEN/c/ID is the grid for candidate ID, rendered and
 * read back by form_post.c exactly as a respondent's pages are (the grid is a
 * survey, a sheet one respondent of it), with the candidate's name and
 * summary above and a form to declare a conflict of interest below;
 * /j/TOKEN/submit asks for confirmation, then sends every sheet at once.
 * A sheet is done when the grid's rules hold over all its pages and every
 * criterion of the edition is scored.  Only the editions the server was
 * given (collect_config.editions) are received.
 *
 * Reads go through the read connection.  Writes (a page of a sheet, a
 * conflict, the submission) take the writer's lock and call store/jury.c,
 * which checks again, in its own transaction, that the pair is assigned
 * and the juror has not submitted.  The sheet a page is applied to is read
 * under that lock as well, so that the audit's "old -> new" is exact even
 * when the juror has two windows open.
 *
 * Refusals: an unknown token, an unknown address below a link, or a
 * candidate not assigned to the juror get the server's bare 404; a change
 * after the juror submitted gets 409; a form without its anti-forgery
 * token gets 403.  Nothing is written in any of these cases.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/form.h"
#include "collect/html.h"
#include "collect/internal.h"
#include "collect/messages.h"
#include "survey/response.h"
#include "util/array.h"
#include "util/numfmt.h"
#include "util/utf8.h"

#define REASON_MAX 1000		/* characters of a conflict's reason */

enum sheet_state { SHEET_NOT_STARTED, SHEET_IN_PROGRESS, SHEET_DONE };

/* A candidate of the juror: the application and the juror's sheet. */
struct jcand {
	int64_t id;			/* respondent id of the application */
	int64_t sheet_id;		/* respondent id of the sheet; 0: none yet */
	const struct survey *app;	/* the application's survey version */
	struct response a;		/* its answers (a.s NULL until loaded) */
	const struct survey *grid;	/* the sheet's grid version (the latest when no sheet) */
	int64_t grid_id;		/* that version's row id */
	struct response g;		/* the sheet's answers (g.s NULL until loaded) */
	char *name;			/* "Association / Entreprise", or "#ID" */
	enum sheet_state state;		/* from the sheet's answers */
	double total;			/* the juror's own total on 0-100, NAN until every criterion is scored */
};

/* Everything one request of a juror works on. */
struct jvisit {
	struct juror j;			/* the juror */
	const struct collect_edition *e; /* their edition */
	const struct survey *grid;	/* the grid's latest version: languages, new sheets */
	int64_t grid_id;		/* its row id */
	size_t lang;			/* the language shown, an index into grid's */
	const char *code;		/* its code */
	struct jcand *c;		/* candidates assigned, by id */
	size_t nc;			/* their number */
	struct jcand *x;		/* candidates withdrawn for a conflict (name only) */
	size_t nx;			/* their number */
	size_t ndone;			/* sheets done */
	char token[TOKEN_LEN + 1];	/* the link's token */
	char lq[64];			/* "?lang=xx" to append to a link, or "" */
	char la[64];			/* "&lang=xx" to append to a link with a query, or "" */
};

/* What a request asks for, from the address. */
enum jroute { J_LIST, J_SUBMIT, J_CANDIDATE };

static void jcand_release(struct jcand *k)
{
	if (k->a.s)
		response_release(&k->a);
	if (k->g.s)
		response_release(&k->g);
	free(k->name);
}

static void jvisit_release(struct jvisit *v)
{
	for (size_t i = 0; i < v->nc; i++)
		jcand_release(&v->c[i]);
	for (size_t i = 0; i < v->nx; i++)
		jcand_release(&v->x[i]);
	free(v->c);
	free(v->x);
	juror_release(&v->j);
}

/* The edition's title in the language shown (else the first one given). */
static const char *edition_title(const struct jvisit *v)
{
	for (size_t i = 0; i < v->e->ntitle; i++)
		if (!strcmp(v->e->title_lang[i], v->code))
			return v->e->title[i];
	return v->e->ntitle ? v->e->title[0] : v->e->id;
}

/* Index of the language shown in survey s (which may be another version than v->grid). */
static size_t lang_in(const struct jvisit *v, const struct survey *s)
{
	int k = survey_lang(s, v->code);

	return k >= 0 ? (size_t)k : s->default_lang;
}

/*
 * Fill r (for survey s) with the answers of respondent id read from st,
 * taking the strings over.  0, or -1 with err set.
 */
static int load_answers(struct store *st, int64_t id, const struct survey *s,
			struct response *r, struct error *err)
{
	char **vals = NULL;
	size_t n = 0;

	if (store_answers_get(st, id, &vals, &n, err) < 0)
		return -1;
	if (response_init(r, s) < 0) {
		answers_free(vals, n);
		r->s = NULL;
		return error_set(err, "out of memory");
	}
	for (size_t i = 0; i < n && i < s->nq; i++) {
		r->values[i] = vals[i];
		vals[i] = NULL;
	}
	answers_free(vals, n);
	return 0;
}

/* The survey version of respondent id: its model and row id.  0, or -1 with err set. */
static int respondent_survey(struct collect_server *srv, int64_t id, const struct survey **s,
			     int64_t *version_id, struct error *err)
{
	struct respondent r;
	int rc = store_respondent_get(srv->rd, id, &r, err);

	if (rc == 0)
		return error_set(err, "respondent %lld is not in the workspace", (long long)id);
	if (rc < 0)
		return -1;
	*version_id = r.survey_version_id;
	respondent_release(&r);
	if (!(*s = srv_survey_by_id(srv, *version_id)))
		return error_set(err, "cannot load the survey of respondent %lld", (long long)id);
	return 0;
}

/* The candidate's application and name.  0, or -1 with err set.  Call with rlock held. */
static int load_candidate(struct collect_server *srv, const struct collect_edition *e,
			  struct jcand *k, struct error *err)
{
	struct strbuf name = STRBUF_INIT;
	int64_t vid;

	SRV_ASSERT_RLOCK();
	if (respondent_survey(srv, k->id, &k->app, &vid, err) < 0 ||
	    load_answers(srv->rd, k->id, k->app, &k->a, err) < 0)
		return -1;
	for (size_t i = 0; i < e->nnames; i++) {
		const struct question *q = survey_find(k->app, e->names[i]);
		const char *t = q ? k->a.values[q->index] : NULL;

		if (t && *t && strbuf_addf(&name, "%s%s", name.len ? " / " : "", t) < 0)
			break;
	}
	if (!name.len)
		strbuf_addf(&name, "#%lld", (long long)k->id);
	if (!(k->name = strbuf_detach(&name, NULL)))
		return error_set(err, "out of memory");
	return 0;
}

/* 1 when a sheet's answers make it done: the grid's rules hold and every criterion is scored. */
static int sheet_done(const struct collect_edition *e, const struct response *g)
{
	struct form_errors errs = { NULL, 0, 0 };
	int n = form_check(g, -1, &errs, g->s->default_lang);

	form_errors_release(&errs);
	if (n != 0)
		return 0;
	for (size_t i = 0; i < e->ncriteria; i++) {
		const struct question *q = survey_find(g->s, e->criteria[i]);

		if (q && !g->values[q->index])
			return 0;
	}
	return 1;
}

/* The state of a sheet, after response_update(). */
static enum sheet_state sheet_state(const struct collect_edition *e, const struct response *g)
{
	size_t i;

	for (i = 0; i < g->s->nq; i++)
		if (g->values[i] && g->s->questions[i]->type != Q_CALCULATE)
			break;
	if (i == g->s->nq)
		return SHEET_NOT_STARTED;
	return sheet_done(e, g) ? SHEET_DONE : SHEET_IN_PROGRESS;
}

/*
 * The juror's own total for a sheet on 0-100: their scores with the
 * edition's weights, each criterion brought from the scale to 0-100, as
 * the results compute a total (docs/prize.md, step 3) but on the raw
 * scores.  NAN until every criterion is scored.
 */
static double sheet_total(const struct collect_edition *e, const struct response *g)
{
	double sum = 0, wsum = 0;

	if (!e->weights || !(e->hi > e->lo))
		return NAN;
	for (size_t i = 0; i < e->ncriteria; i++) {
		const struct question *q = survey_find(g->s, e->criteria[i]);
		const char *t = q ? g->values[q->index] : NULL;
		char *end;
		double x;

		if (!t || !*t)
			return NAN;
		x = strtod(t, &end);
		if (*end)
			return NAN;
		sum += e->weights[i] * 100 * (x - e->lo) / (e->hi - e->lo);
		wsum += e->weights[i];
	}
	return wsum > 0 ? sum / wsum : NAN;
}

/* "72,5" in French, "72.5" in English, "–" when there is none (util/numfmt.h). */
static void total_text(char *buf, size_t n, double t, const char *code)
{
	numfmt(buf, n, t, 1, 0, code);
}

static int cmp_cand(const void *a, const void *b)
{
	int64_t x = ((const struct jcand *)a)->id, y = ((const struct jcand *)b)->id;

	return (x > y) - (x < y);
}

/* Append a zeroed candidate to *v (grown as needed).  NULL when out of memory. */
static struct jcand *cand_push(struct jcand **v, size_t *n, size_t *alloc)
{
	if (ARRAY_GROW(*v, *alloc, *n + 1, 8) < 0)
		return NULL;
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

/*
 * Everything the juror of token sees, read under rlock.  Returns 1, 0
 * when there is no such juror, 2 when their edition is not served, or -1
 * (logged).
 */
static int read_juror(struct collect_server *srv, const char *token, struct jvisit *v)
{
	struct jury_pair *pairs = NULL, *conf = NULL;
	size_t npairs = 0, nconf = 0, ac = 0, ax = 0;
	struct survey_version sv;
	struct error err;
	int rc;

	rc = store_juror_by_token(srv->rd, token, &v->j, &err);
	if (rc <= 0) {
		if (rc < 0)
			srv_log(srv, "%s", err.msg);
		return rc < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < srv->cfg.neditions && !v->e; i++)
		if (!strcmp(srv->cfg.editions[i].id, v->j.edition))
			v->e = &srv->cfg.editions[i];
	if (!v->e) {
		srv_log(srv, "a juror of edition '%s' opened their link, but the server was not "
			"started with --edition for it", v->j.edition);
		return 2;
	}
	rc = store_survey_get(srv->rd, v->e->grid, 0, &sv, &err);
	if (rc == 0)
		error_set(&err, "the grid '%s' is not in the workspace", v->e->grid);
	if (rc <= 0) {
		srv_log(srv, "%s", err.msg);
		return -1;
	}
	v->grid_id = sv.id;
	v->grid = srv_survey(srv, sv.id, sv.form_id, sv.version);
	survey_version_release(&sv);
	if (!v->grid)
		return -1;
	if (store_jury_assignments(srv->rd, v->e->id, &pairs, &npairs, &err) < 0 ||
	    store_jury_conflicts(srv->rd, v->e->id, &conf, &nconf, &err) < 0) {
		rc = -1;
		goto out;
	}
	rc = 1;
	for (size_t i = 0; i < npairs && rc == 1; i++) {
		struct jcand *k;

		if (pairs[i].juror_id != v->j.id)
			continue;
		if (!(k = cand_push(&v->c, &v->nc, &ac))) {
			error_set(&err, "out of memory");
			rc = -1;
			break;
		}
		k->id = pairs[i].candidate_id;
		k->sheet_id = pairs[i].sheet_id;
		k->grid = v->grid;
		k->grid_id = v->grid_id;
		if (load_candidate(srv, v->e, k, &err) < 0)
			rc = -1;
		else if (k->sheet_id)
			rc = respondent_survey(srv, k->sheet_id, &k->grid, &k->grid_id, &err) < 0 ||
			     load_answers(srv->rd, k->sheet_id, k->grid, &k->g, &err) < 0 ? -1 : 1;
		else if (response_init(&k->g, k->grid) < 0)
			rc = -1, error_set(&err, "out of memory");
	}
	for (size_t i = 0; i < nconf && rc == 1; i++) {
		struct jcand *k;

		if (conf[i].juror_id != v->j.id)
			continue;
		if (!(k = cand_push(&v->x, &v->nx, &ax))) {
			error_set(&err, "out of memory");
			rc = -1;
			break;
		}
		k->id = conf[i].candidate_id;
		if (load_candidate(srv, v->e, k, &err) < 0)
			rc = -1;
	}
out:
	free(pairs);
	free(conf);
	if (rc < 0)
		srv_log(srv, "%s", err.msg);
	return rc;
}

/*
 * Load the visit of token in language code (NULL: the grid's default).
 * Returns as read_juror(); release v with jvisit_release() in every case.
 */
static int jvisit_load(struct collect_server *srv, const char *token, const char *code,
		       struct jvisit *v)
{
	int rc;

	memset(v, 0, sizeof(*v));
	memcpy(v->token, token, TOKEN_LEN + 1);
	srv_rlock(srv);
	rc = read_juror(srv, token, v);
	srv_runlock(srv);
	if (rc != 1)
		return rc;
	if (v->nc)
		qsort(v->c, v->nc, sizeof(*v->c), cmp_cand);
	if (v->nx)
		qsort(v->x, v->nx, sizeof(*v->x), cmp_cand);
	for (size_t i = 0; i < v->nc; i++) {
		if (response_update(&v->c[i].g, 1) < 0) {
			srv_log(srv, "out of memory");
			return -1;
		}
		v->c[i].state = sheet_state(v->e, &v->c[i].g);
		v->c[i].total = sheet_total(v->e, &v->c[i].g);
		v->ndone += v->c[i].state == SHEET_DONE;
	}
	{
		int k = code ? survey_lang(v->grid, code) : -1;

		v->lang = k >= 0 ? (size_t)k : v->grid->default_lang;
		v->code = form_lang_code(v->grid, v->lang);
	}
	if (v->lang != v->grid->default_lang) {
		snprintf(v->lq, sizeof(v->lq), "?lang=%s", v->code);
		snprintf(v->la, sizeof(v->la), "&lang=%s", v->code);
	}
	return 1;
}

static struct jcand *find_cand(struct jvisit *v, int64_t id)
{
	struct jcand key;

	key.id = id;
	return v->nc ? bsearch(&key, v->c, v->nc, sizeof(*v->c), cmp_cand) : NULL;
}

/* 1 when every assigned sheet is done (and there is at least one). */
static int all_done(const struct jvisit *v)
{
	return v->nc > 0 && v->ndone == v->nc;
}

/* --- pieces of pages --------------------------------------------------- */

/* A view of the grid's latest version for the pages that are not a sheet. */
static void list_view(const struct jvisit *v, struct form_view *view, const char *root,
		      const char *lang_href)
{
	memset(view, 0, sizeof(*view));
	view->s = v->grid;
	view->lang = v->lang;
	view->root = root;
	view->lang_href = lang_href;
	view->site_title = edition_title(v);
}

/* A page with a title, a sentence and a link, in the jury's frame. */
static enum MHD_Result jury_message(struct MHD_Connection *c, const struct jvisit *v,
				    unsigned status, enum msg title, enum msg text,
				    const char *href, enum msg link, const char *root)
{
	struct strbuf o = STRBUF_INIT;
	struct form_view view;
	int rc;

	list_view(v, &view, root, NULL);
	rc = form_page_begin(&o, &view, msg_get(title, v->code), 0);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n", msg_get(title, v->code));
	if (rc == 0)
		rc = html_printf(&o, "<p class=\"lead\">%s</p>\n", msg_get(text, v->code));
	if (rc == 0 && href)
		rc = html_printf(&o, "<p><a class=\"button\" href=\"%s\">%s</a></p>\n", href,
			       msg_get(link, v->code));
	if (rc == 0)
		rc = form_page_end(&o);
	if (rc < 0) {
		strbuf_release(&o);
		return MHD_NO;
	}
	return srv_reply(c, status, "text/html; charset=utf-8", &o, 0);
}

static enum MHD_Result jury_error(struct MHD_Connection *c, const struct jvisit *v,
				  const char *root)
{
	return srv_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, v && v->code ? v->code : "fr",
			   M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, NULL, M_BACK_TO_FORM, root);
}

/* The application's summary: each summary question with its label and answer. */
static int render_summary(struct strbuf *o, const struct jvisit *v, const struct jcand *k)
{
	size_t lang = lang_in(v, k->app);
	int any = 0, rc = 0;

	for (size_t i = 0; rc == 0 && i < v->e->nsummary; i++) {
		const struct question *q = survey_find(k->app, v->e->summary[i]);
		const char *label;

		if (!q || !question_has_value(q))
			continue;
		if (!any++)
			rc = strbuf_addstr(o, "<dl class=\"answers\">\n");
		label = label_get(k->app, &q->label, lang);
		if (rc == 0)
			rc = html_printf(o, "<div class=\"answer\"><dt>%s</dt><dd>", label ? label : q->name);
		if (rc == 0)
			rc = form_render_answer(o, &k->a, q, lang);
		if (rc == 0)
			rc = strbuf_addstr(o, "</dd></div>\n");
	}
	if (rc == 0 && any)
		rc = strbuf_addstr(o, "</dl>\n");
	return rc;
}

static enum msg state_msg(enum sheet_state s)
{
	return s == SHEET_DONE ? M_JURY_DONE : s == SHEET_IN_PROGRESS ? M_JURY_IN_PROGRESS
								     : M_JURY_NOT_STARTED;
}

static const char *state_class(enum sheet_state s)
{
	return s == SHEET_DONE ? "done" : s == SHEET_IN_PROGRESS ? "started" : "todo";
}

/* "État : terminé" */
static int render_state(struct strbuf *o, const struct jvisit *v, const struct jcand *k)
{
	return html_printf(o, "<p class=\"state\">%s <strong class=\"state-%s\">%s</strong></p>\n",
			 msg_get(M_JURY_STATUS, v->code), state_class(k->state),
			 msg_get(state_msg(k->state), v->code));
}

/* --- the list ----------------------------------------------------------- */

/* GET /j/TOKEN[?lang=xx][&n=saved|conflict] */
/*
 * A message with two counts, "%d of %d" in its language, filled without a
 * format string (-Wformat=2): the first %d is done, the second total.
 */
static int add_two_counts(struct strbuf *o, const char *text, size_t done, size_t total)
{
	const char *first = strstr(text, "%d");

	if (!first)
		return strbuf_addstr(o, text);
	if (strbuf_add(o, text, (size_t)(first - text)) || strbuf_addf(o, "%zu", done))
		return -1;
	return strbuf_add_count(o, first + 2, (long long)total);
}

static enum MHD_Result list_page(struct MHD_Connection *c, struct jvisit *v,
				 const char *notice)
{
	const int sent = v->j.submitted_at != NULL;
	struct strbuf o = STRBUF_INIT, href = STRBUF_INIT;
	struct form_view view;
	int rc;

	rc = strbuf_addf(&href, "%s?", v->token);
	list_view(v, &view, "../", href.buf);
	if (rc == 0)
		rc = form_page_begin(&o, &view, msg_get(sent ? M_THANKS_TITLE : M_JURY_LIST_TITLE,
							 v->code), 0);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n",
				msg_get(sent ? M_THANKS_TITLE : M_JURY_LIST_TITLE, v->code));
	if (rc == 0 && sent)
		rc = html_printf(&o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
				 msg_get(M_JURY_THANKS_TEXT, v->code));
	else if (rc == 0)
		rc = html_printf(&o, "<p class=\"lead\">%s %s.</p>\n<p>%s</p>\n",
				 msg_get(M_JURY_HELLO, v->code), v->j.name,
				 msg_get(M_JURY_INTRO, v->code));
	if (rc == 0 && !sent && notice &&
	    (!strcmp(notice, "saved") || !strcmp(notice, "conflict")))
		rc = html_printf(&o, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
			       msg_get(!strcmp(notice, "saved") ? M_JURY_SAVED_NOTICE
								: M_JURY_CONFLICT_NOTICE, v->code));
	if (rc == 0 && v->nc == 0)
		rc = html_printf(&o, "<p>%s</p>\n", msg_get(M_JURY_NONE, v->code));
	else if (rc == 0) {
		/* First the compact table: candidate, state, my total, the link. */
		rc = strbuf_addstr(&o, "<p class=\"count\" id=\"count\">");
		if (rc == 0)
			rc = add_two_counts(&o, msg_get(M_JURY_COUNT, v->code), v->ndone, v->nc);
		if (rc == 0)
			rc = html_printf(&o, "</p>\n<table class=\"dossiers\" aria-describedby=\"count\">\n"
				       "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				       msg_get(M_JURY_COL_CANDIDATE, v->code), msg_get(M_JURY_COL_STATE, v->code),
				       msg_get(M_JURY_COL_TOTAL, v->code), msg_get(M_JURY_COL_LINK, v->code));
	}
	for (size_t i = 0; rc == 0 && i < v->nc; i++) {
		const struct jcand *k = &v->c[i];
		enum msg act = sent ? M_JURY_SEE : k->state == SHEET_DONE ? M_JURY_CHANGE :
			       k->state == SHEET_IN_PROGRESS ? M_JURY_RESUME : M_JURY_SCORE;
		char total[32];

		total_text(total, sizeof(total), k->total, v->code);
		rc = html_printf(&o, "<tr class=\"dossier\"><th scope=\"row\">%s</th>"
			       "<td><strong class=\"state-%s\">%s</strong></td><td class=\"num\">%s</td>",
			       k->name, state_class(k->state), msg_get(state_msg(k->state), v->code), total);
		if (rc == 0)
			rc = strbuf_addf(&o, "<td><a href=\"%s/c/%lld%s\">", v->token, (long long)k->id, v->lq);
		if (rc == 0)
			rc = html_printf(&o, "%s<span class=\"visually-hidden\"> : %s</span></a></td></tr>\n",
				       msg_get(act, v->code), k->name);
	}
	if (rc == 0 && v->nc)
		rc = html_printf(&o, "</tbody>\n</table>\n<p class=\"hint\">%s</p>\n",
			       msg_get(M_JURY_TOTAL_NOTE, v->code));
	/* Then the applications' summaries, folded. */
	if (rc == 0 && v->nc && v->e->nsummary)
		rc = html_textf(&o, "<h2>%s</h2>\n", msg_get(M_JURY_SUMMARIES, v->code));
	for (size_t i = 0; rc == 0 && v->e->nsummary && i < v->nc; i++) {
		const struct jcand *k = &v->c[i];

		rc = html_printf(&o, "<details class=\"summary dossier-summary\">\n<summary>%s</summary>\n",
			       k->name);
		if (rc == 0)
			rc = render_summary(&o, v, k);
		if (rc == 0)
			rc = strbuf_addstr(&o, "</details>\n");
	}
	if (rc == 0 && v->nx) {
		rc = html_textf(&o, "<h2>%s</h2>\n<ul>\n", msg_get(M_JURY_CONFLICTS, v->code));
		for (size_t i = 0; rc == 0 && i < v->nx; i++)
			rc = html_printf(&o, "<li>%s</li>\n", v->x[i].name);
		if (rc == 0)
			rc = strbuf_addstr(&o, "</ul>\n");
	}
	if (rc == 0 && !sent && v->nc) {
		rc = html_textf(&o, "<section class=\"send\" aria-labelledby=\"send-title\">\n"
				"<h2 id=\"send-title\">%s</h2>\n",
				msg_get(M_JURY_SUBMIT_TITLE, v->code));
		if (rc == 0)
			rc = html_printf(&o, "<p>%s</p>\n",
					 msg_get(all_done(v) ? M_JURY_SUBMIT_READY
							     : M_JURY_SUBMIT_NOT_READY, v->code));
		if (rc == 0 && all_done(v))
			rc = strbuf_addf(&o, "<p><a class=\"button\" href=\"%s/submit%s\">", v->token,
					 v->lq);
		if (rc == 0 && all_done(v))
			rc = html_printf(&o, "%s</a></p>\n", msg_get(M_JURY_SUBMIT_ALL, v->code));
		if (rc == 0)
			rc = strbuf_addstr(&o, "</section>\n");
	}
	if (rc == 0)
		rc = form_page_end(&o);
	strbuf_release(&href);
	if (rc < 0) {
		strbuf_release(&o);
		return jury_error(c, v, "../");
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/* --- the confirmation before sending ------------------------------------ */

/* GET /j/TOKEN/submit: what will be sent, and the button. */
static enum MHD_Result submit_page(struct collect_server *srv, struct MHD_Connection *c,
				   struct jvisit *v)
{
	struct strbuf o = STRBUF_INIT;
	char csrf[CSRF_LEN + 1];
	struct form_view view;
	int rc;

	csrf_make(srv->key, "js", v->token, 0, csrf);
	list_view(v, &view, "../../", "submit?");
	rc = form_page_begin(&o, &view, msg_get(M_JURY_CONFIRM_TITLE, v->code), 0);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n", msg_get(M_JURY_CONFIRM_TITLE, v->code));
	if (rc == 0)
		rc = html_printf(&o, "<p class=\"lead\">%s</p>\n<ul>\n",
				 msg_get(M_JURY_CONFIRM_TEXT, v->code));
	for (size_t i = 0; rc == 0 && i < v->nc; i++) {
		char total[32];

		total_text(total, sizeof(total), v->c[i].total, v->code);
		rc = html_printf(&o, "<li>%s — %s%s%s</li>\n", v->c[i].name,
			       msg_get(M_JURY_COL_TOTAL, v->code), !strcmp(v->code, "fr") ? " : " : ": ",
			       total);
	}
	if (rc == 0)
		rc = html_printf(&o, "</ul>\n<form method=\"post\" action=\"submit\" novalidate>\n"
			       "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			       "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n"
			       "<div class=\"actions\">\n<button class=\"button\" type=\"submit\" "
			       "name=\"_action\" value=\"submit\">%s</button>\n"
			       "<a class=\"button secondary\" href=\"../%s%s\">%s</a>\n</div>\n</form>\n",
			       csrf, v->code, msg_get(M_JURY_CONFIRM_BUTTON, v->code), v->token, v->lq,
			       msg_get(M_JURY_BACK, v->code));
	if (rc == 0)
		rc = form_page_end(&o);
	if (rc < 0) {
		strbuf_release(&o);
		return jury_error(c, v, "../../");
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/* --- a candidate: the grid, the conflict form, the sheet once sent ------- */

/* What the page of a candidate shows besides the grid. */
struct cand_extra {
	const char *reason;		/* the reason typed, when the conflict form is shown again */
	enum msg reason_error;		/* its problem, or M__COUNT for none */
};

/* The link back to the list, and the application's summary (folded after the first page). */
static int cand_before(struct strbuf *o, const struct jvisit *v, const struct jcand *k,
		       int open, const struct cand_extra *x)
{
	int rc = html_printf(o, "<p class=\"back\"><a href=\"../../%s%s\">%s</a></p>\n", v->token,
			   v->lq, msg_get(M_JURY_BACK, v->code));

	if (rc == 0 && x)	/* the grid (not the sheet sent): the conflict form is one click away */
		rc = html_printf(o, "<p class=\"conflict-jump\"><a href=\"#conflict\">%s</a></p>\n",
			       msg_get(M_JURY_CONFLICT_JUMP, v->code));

	if (rc == 0 && x && x->reason_error != M__COUNT)
		rc = html_textf(o, "<div class=\"error-summary\" role=\"alert\" "
				"aria-labelledby=\"error-summary-title\" tabindex=\"-1\">\n"
				"<h2 id=\"error-summary-title\">%s</h2>\n<ul>\n",
				msg_get(M_ERROR_SUMMARY, v->code));
	if (rc == 0 && x && x->reason_error != M__COUNT)
		rc = html_printf(o, "<li><a href=\"#f-_reason\">%s — %s</a></li>\n</ul>\n</div>\n",
				 msg_get(M_JURY_CONFLICT_REASON, v->code),
				 msg_get(x->reason_error, v->code));
	if (rc == 0 && v->e->nsummary) {
		rc = html_printf(o, "<details class=\"summary\"%s>\n<summary>%s</summary>\n",
			       open ? " open" : "", msg_get(M_JURY_SUMMARY, v->code));
		if (rc == 0)
			rc = render_summary(o, v, k);
		if (rc == 0)
			rc = strbuf_addstr(o, "</details>\n");
	}
	return rc;
}

/* The form that declares a conflict of interest with this candidate. */
static int cand_after(struct strbuf *o, struct collect_server *srv, const struct jvisit *v,
		      const struct jcand *k, int page, const struct cand_extra *x)
{
	char csrf[CSRF_LEN + 1], pair[TOKEN_LEN + 32];
	int err = x && x->reason_error != M__COUNT;
	int rc;

	snprintf(pair, sizeof(pair), "%s/c/%lld", v->token, (long long)k->id);
	csrf_make(srv->key, "jc", pair, 0, csrf);
	rc = html_textf(o, "<section class=\"conflict\" id=\"conflict\" "
			"aria-labelledby=\"conflict-title\">\n<h2 id=\"conflict-title\">%s</h2>\n",
			msg_get(M_JURY_CONFLICT_TITLE, v->code));
	if (rc == 0)
		rc = html_printf(o, "<p>%s</p>\n", msg_get(M_JURY_CONFLICT_TEXT, v->code));
	if (rc == 0)
		rc = strbuf_addf(o, "<form method=\"post\" action=\"%lld\" novalidate>\n",
				 (long long)k->id);
	if (rc == 0)
		rc = html_printf(o, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			       "<input type=\"hidden\" name=\"_page\" value=\"%d\">\n"
			       "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n"
			       "<div class=\"question%s\">\n<label class=\"label\" for=\"f-_reason\">%s "
			       "<span class=\"required\">%s</span></label>\n"
			       "<p class=\"hint\" id=\"h-_reason\">%s</p>\n",
			       csrf, page, v->code, err ? " has-error" : "",
			       msg_get(M_JURY_CONFLICT_REASON, v->code),
			       msg_get(M_REQUIRED_MARK, v->code), msg_get(M_JURY_CONFLICT_HINT, v->code));
	if (rc == 0 && err)
		rc = html_printf(o, "<p class=\"error-message\" id=\"e-_reason\"><span "
			       "class=\"visually-hidden\">%s</span> %s</p>\n",
			       msg_get(M_ERROR_PREFIX, v->code), msg_get(x->reason_error, v->code));
	if (rc == 0)
		rc = strbuf_addf(o, "<textarea class=\"input\" id=\"f-_reason\" name=\"_reason\" "
				 "rows=\"3\" aria-describedby=\"h-_reason%s\"%s>",
				 err ? " e-_reason" : "", err ? " aria-invalid=\"true\"" : "");
	if (rc == 0 && x && x->reason)
		rc = html_escape(o, x->reason);
	if (rc == 0)
		rc = html_printf(o, "</textarea>\n</div>\n<div class=\"actions\">\n"
			       "<button class=\"button danger\" type=\"submit\" name=\"_action\" "
			       "value=\"conflict\">%s</button>\n</div>\n</form>\n</section>\n",
			       msg_get(M_JURY_CONFLICT_BUTTON, v->code));
	return rc;
}

/*
 * The grid's page for candidate k, with r the sheet's answers (as posted,
 * errors included), errs next to their questions.  status is the reply's.
 */
static enum MHD_Result grid_page(struct collect_server *srv, struct MHD_Connection *c,
				 const struct jvisit *v, const struct jcand *k,
				 const struct response *r, int page,
				 const struct form_errors *errs, int revealed,
				 const struct cand_extra *x, unsigned status)
{
	struct strbuf o = STRBUF_INIT, before = STRBUF_INIT, after = STRBUF_INIT;
	struct strbuf href = STRBUF_INIT, action = STRBUF_INIT;
	char csrf[CSRF_LEN + 1], pair[TOKEN_LEN + 32];
	struct form_view view;
	int rc;

	static const struct cand_extra none = { NULL, M__COUNT };

	if (!x)
		x = &none;
	snprintf(pair, sizeof(pair), "%s/c/%lld", v->token, (long long)k->id);
	csrf_make(srv->key, "jg", pair, page, csrf);
	memset(&view, 0, sizeof(view));
	view.has_error = x->reason_error != M__COUNT;
	view.s = r->s;
	view.lang = lang_in(v, r->s);
	view.csrf = csrf;
	view.page = page;
	view.root = "../../../";
	view.site_title = edition_title(v);
	view.heading = k->name;
	view.finish = msg_get(M_JURY_FINISH, v->code);
	rc = strbuf_addf(&action, "%lld", (long long)k->id);
	if (rc == 0)
		rc = strbuf_addf(&href, "%lld?p=%d&", (long long)k->id, page);
	if (rc == 0)
		rc = cand_before(&before, v, k, page == form_next_page(r, -1), x);
	if (rc == 0)
		rc = cand_after(&after, srv, v, k, page, x);
	view.action = action.buf;
	view.lang_href = href.buf;
	view.before = before.buf;
	view.after = after.buf;
	if (rc == 0)
		rc = form_render_page(&o, &view, r, errs, revealed);
	strbuf_release(&before);
	strbuf_release(&after);
	strbuf_release(&href);
	strbuf_release(&action);
	if (rc < 0) {
		strbuf_release(&o);
		return jury_error(c, v, "../../../");
	}
	return srv_reply(c, status, "text/html; charset=utf-8", &o, 0);
}

/* The sheet of a juror who has sent their scores: read only. */
static enum MHD_Result sheet_page(struct MHD_Connection *c, const struct jvisit *v,
				  const struct jcand *k)
{
	struct strbuf o = STRBUF_INIT, href = STRBUF_INIT;
	const struct survey *g = k->grid;
	size_t lang = lang_in(v, g);
	struct form_view view;
	int any = 0, rc;

	rc = strbuf_addf(&href, "%lld?", (long long)k->id);
	list_view(v, &view, "../../../", href.buf);
	if (rc == 0)
		rc = form_page_begin(&o, &view, k->name, 0);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n", k->name);
	if (rc == 0)
		rc = cand_before(&o, v, k, 1, NULL);
	if (rc == 0)
		rc = html_textf(&o, "<h2>%s</h2>\n", msg_get(M_JURY_YOUR_SCORES, v->code));
	if (rc == 0)
		rc = render_state(&o, v, k);
	for (size_t i = 0; rc == 0 && i < g->nq; i++) {
		const struct question *q = g->questions[i];
		const char *label = label_get(g, &q->label, lang);

		if (!q_is_answered(q) || !k->g.relevant[i])
			continue;
		if (!any++)
			rc = strbuf_addstr(&o, "<dl class=\"answers\">\n");
		if (rc == 0)
			rc = html_printf(&o, "<div class=\"answer\"><dt>%s</dt><dd>",
				       label ? label : q->name);
		if (rc == 0)
			rc = form_render_answer(&o, &k->g, q, lang);
		if (rc == 0)
			rc = strbuf_addstr(&o, "</dd></div>\n");
	}
	if (rc == 0 && any)
		rc = strbuf_addstr(&o, "</dl>\n");
	if (rc == 0)
		rc = form_page_end(&o);
	strbuf_release(&href);
	if (rc < 0) {
		strbuf_release(&o);
		return jury_error(c, v, "../../../");
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/* 1 when a criterion of the edition on page p of r is relevant and not scored. */
static int unscored_on(const struct collect_edition *e, const struct response *r, int p)
{
	for (size_t i = 0; i < e->ncriteria; i++) {
		const struct question *q = survey_find(r->s, e->criteria[i]), *top = q;

		while (top && top->parent)
			top = top->parent;
		if (q && top == r->s->top[p] && r->relevant[q->index] && !r->values[q->index])
			return 1;
	}
	return 0;
}

/*
 * The page to show when none is asked for: the first page with a problem
 * (a criterion not scored, an answer missing or wrong), else the first.
 */
static int first_page(const struct collect_edition *e, const struct response *r)
{
	int first = form_next_page(r, -1);

	for (int p = first; (size_t)p < r->s->ntop; p = form_next_page(r, p)) {
		struct form_errors errs = { NULL, 0, 0 };
		int n = form_check(r, p, &errs, r->s->default_lang);

		form_errors_release(&errs);
		if (n != 0 || unscored_on(e, r, p))
			return p;
	}
	return first;
}

/* GET /j/TOKEN/c/ID[?p=N][&lang=xx] */
static enum MHD_Result cand_get(struct collect_server *srv, struct MHD_Connection *c,
				struct jvisit *v, struct jcand *k)
{
	const char *ps = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "p");
	int page = -1;

	if (v->j.submitted_at)
		return sheet_page(c, v, k);
	if (ps) {
		char *end;
		long p = strtol(ps, &end, 10);

		if (*ps && !*end && p >= 0 && (size_t)p < k->g.s->ntop &&
		    form_page_visible(&k->g, (int)p))
			page = (int)p;
	}
	if (page < 0)
		page = first_page(v->e, &k->g);
	if ((size_t)page >= k->g.s->ntop)	/* a grid with nothing to show */
		return jury_error(c, v, "../../../");
	if (form_prefill(&k->g, page) < 0)
		return jury_error(c, v, "../../../");
	return grid_page(srv, c, v, k, &k->g, page, NULL, 0, NULL, MHD_HTTP_OK);
}

/* --- writes -------------------------------------------------------------- */

/*
 * Under the writer's lock: 1 when the pair (juror, candidate k) is still
 * assigned and the juror has not submitted, with the current sheet in
 * *sheet (0: none); 0 when no longer assigned; 2 when submitted; -1 on
 * failure (err set).  k may be NULL: only the submission is checked.
 */
static int fresh_pair(struct collect_server *srv, const struct jvisit *v, const struct jcand *k,
		      int64_t *sheet, struct error *err)
{
	struct jury_pair *pairs = NULL;
	struct juror j;
	size_t n = 0;
	int rc = store_juror_by_token(srv->st, v->token, &j, err);

	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	rc = j.submitted_at ? 2 : 1;
	juror_release(&j);
	if (rc == 2 || !k)
		return rc;
	if (store_jury_assignments(srv->st, v->e->id, &pairs, &n, err) < 0)
		return -1;
	rc = 0;
	for (size_t i = 0; i < n; i++)
		if (pairs[i].juror_id == v->j.id && pairs[i].candidate_id == k->id) {
			*sheet = pairs[i].sheet_id;
			rc = 1;
			break;
		}
	free(pairs);
	return rc;
}

/* A value as the audit shows it: "-" when none, a text in quotes. */
static int audit_value(struct strbuf *sb, const struct question *q, const char *val)
{
	int rc = 0;

	if (!val)
		return strbuf_addch(sb, '-');
	if (q->type != Q_TEXT)
		return strbuf_addstr(sb, val);
	rc = strbuf_addch(sb, '"');
	for (const unsigned char *p = (const unsigned char *)val; rc == 0 && *p; p++) {
		if (*p == '\n')
			rc = strbuf_addstr(sb, "\\n");
		else if (*p == '"' || *p == '\\')
			rc = strbuf_addf(sb, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			rc = strbuf_addch(sb, ' ');
		else
			rc = strbuf_addch(sb, *p);
	}
	if (rc == 0)
		rc = strbuf_addch(sb, '"');
	return rc;
}

/*
 * What changed between the sheet's old answers (n of them) and new ones,
 * "note_impact: 3 -> 4; commentaire: - -> \"...\"", into out (empty when
 * nothing did).  Calculations are left out: they follow from the rest.
 */
static int sheet_changes(struct strbuf *out, const struct survey *s, char *const *old,
			 size_t n, char *const *now)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->nq; i++) {
		const struct question *q = s->questions[i];
		const char *a = i < n ? old[i] : NULL, *b = now[i];

		if (!q_is_answered(q))
			continue;
		if ((!a && !b) || (a && b && !strcmp(a, b)))
			continue;
		rc = strbuf_addf(out, "%s%s: ", out->len ? "; " : "", q->name);
		if (rc == 0)
			rc = audit_value(out, q, a);
		if (rc == 0)
			rc = strbuf_addstr(out, " -> ");
		if (rc == 0)
			rc = audit_value(out, q, b);
	}
	return rc;
}

/* The list's address from a page up (depth 1: /j/TOKEN/submit) or two (/j/TOKEN/c/ID) levels below it. */
static const char *list_href(const struct jvisit *v, int depth, char buf[192])
{
	snprintf(buf, 192, "%s%s%s", depth > 1 ? "../../" : "../", v->token, v->lq);
	return buf;
}

/* Where to go after a write, relative to /j/TOKEN/c/ID: the list with a notice. */
static enum MHD_Result to_list(struct MHD_Connection *c, const struct jvisit *v,
			       const char *notice)
{
	char loc[192];

	snprintf(loc, sizeof(loc), "../../%s?n=%s%s", v->token, notice, v->la);
	return srv_redirect(c, loc);
}

/*
 * Save the page of the grid posted for k: under the writer's lock, apply
 * the fields to the sheet as it is now, check the page, and write the
 * answers without those in error, with what changed for the audit.  The
 * reply: the page again (problems, or a question that appeared), else the
 * next page, the previous one, or the list.
 */
static enum MHD_Result grid_post(struct collect_server *srv, struct MHD_Connection *c,
				 struct jvisit *v, struct jcand *k, const struct form_fields *f,
				 int page)
{
	const char *action = form_fields_get(f, "_action");
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf sig = STRBUF_INIT, detail = STRBUF_INIT;
	const struct survey *s = k->grid;
	int64_t grid_id = k->grid_id, sheet = 0;
	char **old = NULL, **now = NULL;
	size_t nold = 0;
	struct response r = { NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL };
	enum MHD_Result ret;
	struct error err;
	int rc, revealed = 0, to;
	size_t lang = lang_in(v, k->grid);
	char back[192];

	if (!action)
		action = "next";
	pthread_mutex_lock(&srv->lock);
	rc = fresh_pair(srv, v, k, &sheet, &err);
	if (rc == 1 && sheet && sheet != k->sheet_id) {
		/* made meanwhile in another window, with the latest grid */
		s = v->grid;
		grid_id = v->grid_id;
	}
	if (rc == 1 && (s != k->grid || (size_t)page >= s->ntop))
		rc = 3;		/* the page posted is of another version: show the sheet again */
	if (rc == 1 && sheet && store_answers_get(srv->st, sheet, &old, &nold, &err) < 0)
		rc = -1;
	if (rc == 1 && response_init(&r, s) < 0)
		rc = -1, error_set(&err, "out of memory");
	if (rc == 1) {
		for (size_t i = 0; i < nold && i < s->nq; i++)
			if (old[i] && !(r.values[i] = strdup(old[i])))
				rc = -1;
		if (rc == 1 && (response_update(&r, 1) < 0 ||
				form_apply(&r, page, f, &errs, lang) < 0 ||
				form_check(&r, page, &errs, lang) < 0 ||
				form_signature(&r, page, &sig) < 0))
			rc = -1;
		if (rc < 0)
			error_set(&err, "out of memory");
	}
	if (rc == 1 && !(now = calloc(s->nq + 1, sizeof(*now))))
		rc = -1, error_set(&err, "out of memory");
	if (rc == 1) {
		for (size_t i = 0; i < s->nq; i++)
			now[i] = r.values[i];
		for (size_t i = 0; i < errs.n; i++)
			now[errs.v[i].q->index] = NULL;	/* a sheet holds valid answers only */
		if (sheet_changes(&detail, s, old, nold, now) < 0)
			rc = -1, error_set(&err, "out of memory");
	}
	if (rc == 1 && detail.len) {
		int w = store_jury_sheet_save(srv->st, v->e->id, v->j.id, k->id, grid_id,
					      (const char *const *)now, s->nq, detail.buf, &err);

		if (w == UT_EDATA)
			rc = 2;		/* submitted or unassigned meanwhile */
		else if (w == UT_EBUSY)
			rc = 4;		/* another program held the workspace: nothing saved */
		else if (w < 0)
			rc = -1;
	}
	pthread_mutex_unlock(&srv->lock);
	free(now);
	answers_free(old, nold);

	switch (rc) {
	case 1:
		break;
	case 0:
		ret = srv_not_found(c, "../../../");
		goto out;
	case 2:
		ret = jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_LOCKED_TITLE, M_JURY_LOCKED,
				   list_href(v, 2, back), M_JURY_BACK, "../../../");
		goto out;
	case 4:
		ret = jury_message(c, v, MHD_HTTP_SERVICE_UNAVAILABLE, M_BUSY_TITLE, M_BUSY_TEXT,
				   list_href(v, 2, back), M_JURY_BACK, "../../../");
		goto out;
	case 3: {
		char loc[192];

		snprintf(loc, sizeof(loc), "%lld%s", (long long)k->id, v->lq);
		ret = srv_redirect(c, loc);
		goto out;
	}
	default:
		srv_log(srv, "%s", err.msg);
		ret = jury_error(c, v, "../../../");
		goto out;
	}
	if (!strcmp(action, "save")) {
		ret = to_list(c, v, "saved");
		goto out;
	}
	if (!strcmp(action, "prev")) {
		char loc[192];

		to = form_prev_page(&r, page);
		snprintf(loc, sizeof(loc), "%lld?p=%d%s", (long long)k->id, to < 0 ? page : to,
			 v->la);
		ret = srv_redirect(c, loc);
		goto out;
	}
	/* next: problems, or a follow-up question that appeared, keep the juror on the page */
	revealed = form_revealed(form_fields_get(f, "_shown"), sig.buf);
	if (revealed)
		form_errors_forget_new(&errs, form_fields_get(f, "_shown"));
	if (errs.n > 0 || revealed) {
		ret = grid_page(srv, c, v, k, &r, page, &errs, revealed, NULL, MHD_HTTP_OK);
		goto out;
	}
	to = form_next_page(&r, page);
	if ((size_t)to >= s->ntop) {
		ret = to_list(c, v, "saved");
	} else {
		char loc[192];

		snprintf(loc, sizeof(loc), "%lld?p=%d%s", (long long)k->id, to, v->la);
		ret = srv_redirect(c, loc);
	}
out:
	if (r.s)
		response_release(&r);
	form_errors_release(&errs);
	strbuf_release(&sig);
	strbuf_release(&detail);
	return ret;
}

/* Copy of s without surrounding blanks, or NULL when out of memory. */
static char *trim_dup(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			 s[n - 1] == '\n'))
		n--;
	return strndup(s, n);
}

/*
 * The confirmation asked before a conflict is recorded: the reason typed,
 * kept in the form, and the two ways out.  The form carries the same
 * anti-forgery token as the conflict form.
 */
static enum MHD_Result conflict_confirm_page(struct collect_server *srv, struct MHD_Connection *c,
					     const struct jvisit *v, const struct jcand *k,
					     const char *reason, int page)
{
	char csrf[CSRF_LEN + 1], pair[TOKEN_LEN + 32];
	struct strbuf o = STRBUF_INIT, href = STRBUF_INIT;
	struct form_view view;
	int rc;

	snprintf(pair, sizeof(pair), "%s/c/%lld", v->token, (long long)k->id);
	csrf_make(srv->key, "jc", pair, 0, csrf);
	rc = strbuf_addf(&href, "%lld?p=%d&", (long long)k->id, page);
	list_view(v, &view, "../../../", href.buf);
	if (rc == 0)
		rc = form_page_begin(&o, &view, msg_get(M_JURY_CONFLICT_CONFIRM_TITLE, v->code), 0);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n", msg_get(M_JURY_CONFLICT_CONFIRM_TITLE, v->code));
	if (rc == 0)
		rc = html_printf(&o, "<p class=\"lead\">%s</p>\n<p>%s</p>\n"
				 "<blockquote><p>%s</p></blockquote>\n", k->name,
				 msg_get(M_JURY_CONFLICT_CONFIRM_TEXT, v->code), reason);
	if (rc == 0)
		rc = strbuf_addf(&o, "<form method=\"post\" action=\"%lld\" novalidate>\n", (long long)k->id);
	if (rc == 0)
		rc = html_printf(&o, "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			       "<input type=\"hidden\" name=\"_page\" value=\"%d\">\n"
			       "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n"
			       "<input type=\"hidden\" name=\"_reason\" value=\"%s\">\n"
			       "<input type=\"hidden\" name=\"_confirm\" value=\"yes\">\n"
			       "<div class=\"actions\">\n<button class=\"button danger\" type=\"submit\" "
			       "name=\"_action\" value=\"conflict\">%s</button>\n",
			       csrf, page, v->code, reason, msg_get(M_JURY_CONFLICT_CONFIRM_BUTTON, v->code));
	if (rc == 0)
		rc = strbuf_addf(&o, "<a class=\"button secondary\" href=\"%lld?p=%d%s\">", (long long)k->id,
				 page, v->la);
	if (rc == 0)
		rc = html_printf(&o, "%s</a>\n</div>\n</form>\n", msg_get(M_JURY_CONFLICT_CANCEL, v->code));
	if (rc == 0)
		rc = form_page_end(&o);
	strbuf_release(&href);
	if (rc < 0) {
		strbuf_release(&o);
		return jury_error(c, v, "../../../");
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/*
 * Declare a conflict of interest with k: recorded as declared by the
 * juror, which unassigns them and withdraws their sheet (store/jury.c
 * audits both); then back to the list with a notice.  Without a reason,
 * the candidate's page again, with the problem.
 */
static enum MHD_Result conflict_post(struct collect_server *srv, struct MHD_Connection *c,
				     struct jvisit *v, struct jcand *k,
				     const struct form_fields *f, int page)
{
	const char *given = form_fields_get(f, "_reason");
	const char *confirm = form_fields_get(f, "_confirm");
	int confirmed = confirm && !strcmp(confirm, "yes");
	struct cand_extra x = { NULL, M__COUNT };
	char *reason = trim_dup(given ? given : "");
	enum MHD_Result ret;
	struct error err;
	int64_t sheet = 0;
	char back[192];
	int rc;

	if (!reason)
		return jury_error(c, v, "../../../");
	if (!*reason)
		x.reason_error = M_JURY_CONFLICT_MISSING;
	else if (!utf8_valid(reason, strlen(reason)))
		x.reason_error = M_INVALID_TEXT;
	else if (utf8_chars(reason, strlen(reason)) > REASON_MAX)
		x.reason_error = M_JURY_CONFLICT_TOO_LONG;
	if (x.reason_error != M__COUNT) {
		if ((size_t)page >= k->g.s->ntop || !form_page_visible(&k->g, page))
			page = first_page(v->e, &k->g);
		x.reason = utf8_valid(reason, strlen(reason)) ? reason : NULL;
		ret = (size_t)page < k->g.s->ntop
		      ? grid_page(srv, c, v, k, &k->g, page, NULL, 0, &x, MHD_HTTP_OK)
		      : jury_error(c, v, "../../../");
		free(reason);
		return ret;
	}
	if (!confirmed) {
		ret = conflict_confirm_page(srv, c, v, k, reason, page);
		free(reason);
		return ret;
	}
	pthread_mutex_lock(&srv->lock);
	rc = fresh_pair(srv, v, k, &sheet, &err);
	if (rc == 1) {
		int w = store_jury_conflict(srv->st, v->e->id, v->j.id, k->id, reason, 1, &err);

		rc = w == UT_EBUSY ? 4 : w < 0 ? -1 : 1;
	}
	pthread_mutex_unlock(&srv->lock);
	free(reason);
	switch (rc) {
	case 1:
		return to_list(c, v, "conflict");
	case 0:
		return srv_not_found(c, "../../../");
	case 2:
		return jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_LOCKED_TITLE, M_JURY_LOCKED,
				    list_href(v, 2, back), M_JURY_BACK, "../../../");
	case 4:
		return jury_message(c, v, MHD_HTTP_SERVICE_UNAVAILABLE, M_BUSY_TITLE, M_BUSY_TEXT,
				    list_href(v, 2, back), M_JURY_BACK, "../../../");
	default:
		srv_log(srv, "%s", err.msg);
		return jury_error(c, v, "../../../");
	}
}

/* POST /j/TOKEN/c/ID: a page of the grid, or the conflict form. */
static enum MHD_Result cand_post(struct collect_server *srv, struct MHD_Connection *c,
				 struct jvisit *v, struct jcand *k, const struct form_fields *f)
{
	const char *fpage = form_fields_get(f, "_page");
	const char *action = form_fields_get(f, "_action");
	int conflict = action && !strcmp(action, "conflict");
	char pair[TOKEN_LEN + 32], back[128], list[192];
	long page;
	char *end;

	snprintf(pair, sizeof(pair), "%s/c/%lld", v->token, (long long)k->id);
	snprintf(back, sizeof(back), "%lld%s", (long long)k->id, v->lq);
	page = fpage ? strtol(fpage, &end, 10) : -1;
	if (!fpage || !*fpage || *end || page < 0 || page > 100000 ||
	    !csrf_check(srv->key, conflict ? "jc" : "jg", pair, conflict ? 0 : (int)page,
			form_fields_get(f, "_csrf")))
		return jury_message(c, v, MHD_HTTP_FORBIDDEN, M_EXPIRED_TITLE, M_EXPIRED_TEXT,
				    back, M_BACK_TO_FORM, "../../../");
	if (v->j.submitted_at)
		return jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_LOCKED_TITLE, M_JURY_LOCKED,
				    list_href(v, 2, list), M_JURY_BACK, "../../../");
	if (conflict)
		return conflict_post(srv, c, v, k, f, (int)page);
	return grid_post(srv, c, v, k, f, (int)page);
}

/* POST /j/TOKEN/submit: every sheet done, then sent at once. */
static enum MHD_Result submit_post(struct collect_server *srv, struct MHD_Connection *c,
				   struct jvisit *v, const struct form_fields *f)
{
	struct error err;
	char loc[192];
	int rc;

	if (!csrf_check(srv->key, "js", v->token, 0, form_fields_get(f, "_csrf")))
		return jury_message(c, v, MHD_HTTP_FORBIDDEN, M_EXPIRED_TITLE, M_EXPIRED_TEXT,
				    "submit", M_BACK_TO_FORM, "../../");
	if (v->j.submitted_at)
		return jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_LOCKED_TITLE, M_JURY_LOCKED,
				    list_href(v, 1, loc), M_JURY_BACK, "../../");
	if (!all_done(v))
		return jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_SUBMIT_TITLE,
				    M_JURY_NOT_READY_TEXT, list_href(v, 1, loc), M_JURY_BACK, "../../");
	pthread_mutex_lock(&srv->lock);
	rc = fresh_pair(srv, v, NULL, NULL, &err);
	if (rc == 1) {
		int w = store_jury_submit(srv->st, v->e->id, v->j.id, &err);

		rc = w == UT_EBUSY ? 4 : w < 0 ? -1 : 1;
	}
	pthread_mutex_unlock(&srv->lock);
	if (rc == 2)
		return jury_message(c, v, MHD_HTTP_CONFLICT, M_JURY_LOCKED_TITLE, M_JURY_LOCKED,
				    list_href(v, 1, loc), M_JURY_BACK, "../../");
	if (rc == 4)
		return jury_message(c, v, MHD_HTTP_SERVICE_UNAVAILABLE, M_BUSY_TITLE, M_BUSY_TEXT,
				    list_href(v, 1, loc), M_JURY_BACK, "../../");
	if (rc != 1) {
		srv_log(srv, "%s", rc == 0 ? "a juror disappeared while submitting" : err.msg);
		return jury_error(c, v, "../../");
	}
	return srv_redirect(c, list_href(v, 1, loc));
}

/* --- routing --------------------------------------------------------------- */

enum MHD_Result jury_handle(struct collect_server *srv, struct MHD_Connection *c,
			    const char *path, const struct form_fields *fields)
{
	char token[TOKEN_LEN + 1];
	const char *rest, *root, *code;
	enum jroute route;
	int64_t cand = 0;
	struct jvisit v;
	enum MHD_Result ret;
	struct jcand *k = NULL;

	/* TOKEN, TOKEN/submit or TOKEN/c/ID; anything else is not there */
	if (strlen(path) < TOKEN_LEN)
		return srv_not_found(c, "../");
	memcpy(token, path, TOKEN_LEN);
	token[TOKEN_LEN] = '\0';
	rest = path + TOKEN_LEN;
	if (!*rest) {
		route = J_LIST;
		root = "../";
	} else if (!strcmp(rest, "/submit")) {
		route = J_SUBMIT;
		root = "../../";
	} else if (!strncmp(rest, "/c/", 3) && rest[3] && strlen(rest + 3) <= 18 &&
		   strspn(rest + 3, "0123456789") == strlen(rest + 3) && rest[3] != '0') {
		route = J_CANDIDATE;
		root = "../../../";
		cand = strtoll(rest + 3, NULL, 10);
	} else {
		char buf[3 * 16 + 1];
		int depth = 0;

		for (const char *p = path; *p && depth < 16; p++)
			depth += *p == '/';
		buf[0] = '\0';
		for (int i = 0; i <= depth; i++)
			strcat(buf, "../");
		return srv_not_found(c, buf);
	}
	if (!token_syntax_ok(token))
		return srv_not_found(c, root);
	if (route == J_LIST && fields)
		return srv_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, NULL, "fr", M_NOT_ALLOWED_TITLE,
				   M_NOT_ALLOWED_TEXT, NULL, M_BACK_TO_FORM, root);
	code = fields ? form_fields_get(fields, "_lang")
		      : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	switch (jvisit_load(srv, token, code, &v)) {
	case 1:
		break;
	case 0:
		jvisit_release(&v);
		return srv_not_found(c, root);
	case 2:
		jvisit_release(&v);
		return srv_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, "fr", M_JURY_CLOSED_TITLE,
				   M_JURY_CLOSED_TEXT, NULL, M_BACK_TO_FORM, root);
	default:
		jvisit_release(&v);
		return jury_error(c, NULL, root);
	}
	if (route == J_CANDIDATE && !(k = find_cand(&v, cand))) {
		jvisit_release(&v);
		return srv_not_found(c, root);	/* not assigned to this juror */
	}
	switch (route) {
	case J_LIST:
		ret = list_page(c, &v, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "n"));
		break;
	case J_SUBMIT:
		if (fields) {
			ret = submit_post(srv, c, &v, fields);
		} else if (v.j.submitted_at || !all_done(&v)) {
			char loc[192];

			snprintf(loc, sizeof(loc), "../%s%s", v.token, v.lq);
			ret = srv_redirect(c, loc);
		} else {
			ret = submit_page(srv, c, &v);
		}
		break;
	default:
		ret = fields ? cand_post(srv, c, &v, k, fields) : cand_get(srv, c, &v, k);
	}
	jvisit_release(&v);
	return ret;
}
