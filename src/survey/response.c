/*
 * response: calculations, relevance and validation of one respondent's
 * answers (see response.h).
 */
#include "survey/response.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

_Static_assert(SURVEY_MAX_ANSWER == 32767, "problem_message() says 32 767");
_Static_assert(SURVEY_MAX_ANSWER == EXPR_MAX_TEXT, "a calculation's value is an answer");

int response_init(struct response *r, const struct survey *s)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->values = calloc(s->nq ? s->nq : 1, sizeof(*r->values));
	r->relevant = calloc(s->nq ? s->nq : 1, 1);
	r->computed = calloc(s->nq ? s->nq : 1, 1);
	if (!r->values || !r->relevant || !r->computed) {
		response_release(r);
		return -1;
	}
	memset(r->relevant, 1, s->nq);
	return 0;
}

void response_clear(struct response *r)
{
	size_t i;

	for (i = 0; i < r->s->nq; i++) {
		free(r->values[i]);
		r->values[i] = NULL;
		r->computed[i] = 0;
	}
}

void response_release(struct response *r)
{
	if (r->values)
		response_clear(r);
	free(r->values);
	free(r->relevant);
	free(r->computed);
	r->values = NULL;
	r->relevant = NULL;
	r->computed = NULL;
}

int response_set(struct response *r, const char *name, const char *value)
{
	struct question *q = survey_find(r->s, name);
	char *copy = NULL;

	if (!q || !question_has_value(q))
		return -2;
	if (r->computed[q->index]) {
		const char *now = r->values[q->index];

		if ((now ? now : "")[0] == '\0' ? !(value && *value) :
		    value && !strcmp(value, now))
			return 0;	/* the calculated value, given back as it was shown */
		r->computed[q->index] = 0;
	}
	if (value && *value && !(copy = strdup(value)))
		return -1;
	free(r->values[q->index]);
	r->values[q->index] = copy;
	return 0;
}

const char *response_get(const struct response *r, const char *name)
{
	struct question *q = survey_find(r->s, name);

	return q ? r->values[q->index] : NULL;
}

static const char *lookup(void *ctx, const char *name)
{
	const struct response *r = ctx;
	const struct question *q = survey_find(r->s, name);

	if (!q || !r->relevant[q->index])
		return NULL;
	return r->values[q->index];
}

static void env_init(const struct response *r, struct expr_env *env, const char *dot)
{
	memset(env, 0, sizeof(*env));
	env->lookup = lookup;
	env->ctx = (void *)r;
	env->dot = dot;
	env->today = r->today;
}

/* One pass: relevance in document order, then calculations.  Sets *changed. */
static int update_pass(struct response *r, int drop, int *changed)
{
	const struct survey *s = r->s;
	struct expr_env env;
	size_t i;

	env_init(r, &env, NULL);
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];
		int rel = q->parent ? r->relevant[q->parent->index] : 1;

		if (rel && q->relevant) {
			rel = expr_eval_bool(q->relevant, &env);
			if (rel < 0)
				return -1;
		}
		if (r->relevant[i] != rel) {
			r->relevant[i] = (unsigned char)rel;
			*changed = 1;
		}
		if (!rel && drop && r->values[i] && q->type != Q_CALCULATE) {
			free(r->values[i]);
			r->values[i] = NULL;
			*changed = 1;
		}
	}
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];
		unsigned too_long = 0;
		char *v;

		if (!q->calculation)
			continue;
		if (q->type != Q_CALCULATE) {	/* a calculated default */
			if (!r->relevant[i] || r->as_stored)
				continue;
			if (!q->read_only && r->values[i] && !r->computed[i])
				continue;	/* the respondent's own answer */
			r->computed[i] = 1;
		}
		env.too_long = &too_long;
		v = r->relevant[i] ? expr_eval_string(q->calculation, &env) : strdup("");
		if (!v)
			return -1;
		if ((too_long || strlen(v) > SURVEY_MAX_ANSWER) && !r->too_long)
			r->too_long = q;
		/*
		 * A result that is not text (copied from an answer that is not
		 * UTF-8, which the checks refuse) leaves the field unanswered, as
		 * NaN does: the workspace stores text only, and would refuse the
		 * whole draft or import for it.  So does a value longer than
		 * an answer may be: no export could hold it.
		 */
		if (!*v || strlen(v) > SURVEY_MAX_ANSWER || !utf8_valid(v, strlen(v))) {
			free(v);
			v = NULL;
		}
		if ((v == NULL) != (r->values[i] == NULL) ||
		    (v && strcmp(v, r->values[i]) != 0)) {
			free(r->values[i]);
			r->values[i] = v;
			*changed = 1;
		} else {
			free(v);
		}
	}
	return 0;
}

int response_update(struct response *r, int drop)
{
	size_t pass;

	r->too_long = NULL;
	/*
	 * Relevance and calculations may refer to each other in any order; the
	 * definitions have no cycle among calculations, so repeating the passes
	 * reaches a fixed point, usually in two.  The bound guards the rest.
	 */
	for (pass = 0; pass <= r->s->nq + 1; pass++) {
		int changed = 0;

		if (update_pass(r, drop, &changed) < 0)
			return -1;
		if (!changed)
			return 0;
	}
	return 0;
}

int response_required(const struct response *r, const struct question *q)
{
	struct expr_env env;

	if (q->required)
		return 1;
	if (!q->required_if)
		return 0;
	env_init(r, &env, r->values[q->index]);
	return expr_eval_bool(q->required_if, &env);
}

struct filter_ctx {
	const struct response *r;	/* the answers */
	const struct choice *c;		/* the choice being tested */
};

static const char *filter_attr(void *ctx, const char *name)
{
	const struct filter_ctx *fc = ctx;
	size_t i;

	if (!strcmp(name, "name"))
		return fc->c->name;
	if (!strcmp(name, "label"))
		return label_get(fc->r->s, &fc->c->label, fc->r->s->default_lang);
	for (i = 0; i < fc->c->nattr; i++)
		if (!strcmp(fc->c->attr_names[i], name))
			return fc->c->attr_values[i];
	return NULL;
}

static const char *filter_lookup(void *ctx, const char *name)
{
	const struct filter_ctx *fc = ctx;

	return lookup((void *)fc->r, name);
}

int response_offers(const struct response *r, const struct question *q, const struct choice *c)
{
	struct filter_ctx fc = { r, c };
	struct expr_env env;

	if (!q->choice_filter)
		return 1;
	memset(&env, 0, sizeof(env));
	env.lookup = filter_lookup;
	env.attr = filter_attr;
	env.ctx = &fc;
	env.today = r->today;
	return expr_eval_bool(q->choice_filter, &env);
}

/* 0 when every choice in answer v of q is offered; else the first that is not. */
static const struct choice *not_offered(const struct response *r, const struct question *q,
					const char *v, int *oom)
{
	size_t i;

	*oom = 0;
	if (!q->choice_filter || !q->list)
		return NULL;
	for (i = 0; i < q->list->n; i++) {
		const struct choice *c = &q->list->v[i];
		size_t len = strlen(c->name);
		const char *p = v;
		int chosen = 0, ok;

		/* v is a valid answer: one name, or names separated by single spaces */
		while (*p && !chosen) {
			size_t w = strcspn(p, " ");

			chosen = w == len && !memcmp(p, c->name, len);
			p += w + (p[w] == ' ');
		}
		if (!chosen)
			continue;
		ok = response_offers(r, q, c);
		if (ok < 0) {
			*oom = 1;
			return NULL;
		}
		if (!ok)
			return c;
	}
	return NULL;
}

static int add_problem(struct problems *p, const struct question *q, enum problem_kind kind,
		       const char *detail)
{
	struct problem *x;

	if (p->n == p->alloc) {
		size_t na = p->alloc ? p->alloc * 2 : 8;
		struct problem *v = realloc(p->v, na * sizeof(*v));

		if (!v)
			return -1;
		p->v = v;
		p->alloc = na;
	}
	x = &p->v[p->n];
	x->q = q;
	x->kind = kind;
	x->detail = NULL;
	if (detail && !(x->detail = strdup(detail)))
		return -1;
	p->n++;
	return 0;
}

static int in_scope(const struct question *q, const struct question *scope)
{
	for (; q; q = q->parent)
		if (q == scope)
			return 1;
	return 0;
}

int response_check(const struct response *r, const struct question *scope,
		   struct problems *out)
{
	const struct survey *s = r->s;
	struct strbuf why = STRBUF_INIT;
	size_t i, before = out->n;
	int rc = 0;

	for (i = 0; i < s->nq && rc == 0; i++) {
		const struct question *q = s->questions[i];
		const char *v = r->values[i];
		struct expr_env env;
		int req;

		if (!question_has_value(q) || q->type == Q_CALCULATE)
			continue;
		if (scope && !in_scope(q, scope))
			continue;
		if (!r->relevant[i]) {
			if (v)
				rc = add_problem(out, q, PROBLEM_NOT_RELEVANT, NULL);
			continue;
		}
		env_init(r, &env, v);
		if (!v) {
			req = response_required(r, q);
			if (req < 0)
				rc = -1;
			else if (req)
				rc = add_problem(out, q, PROBLEM_REQUIRED, NULL);
			continue;
		}
		strbuf_reset(&why);
		if (strlen(v) > SURVEY_MAX_ANSWER) {
			strbuf_addf(&why, "%zu", strlen(v));
			rc = add_problem(out, q, PROBLEM_TOO_LONG, why.buf);
			continue;
		}
		if (question_check_value(q, v, &why) < 0) {
			rc = add_problem(out, q, PROBLEM_INVALID, why.buf);
			continue;
		}
		{
			int oom;
			const struct choice *c = not_offered(r, q, v, &oom);

			if (oom) {
				rc = -1;
				continue;
			}
			if (c) {
				strbuf_addf(&why, "'%s' is not offered by the choice filter (%s)", c->name,
					    q->choice_filter_src);
				rc = add_problem(out, q, PROBLEM_INVALID, why.buf);
				continue;
			}
		}
		if (q->constraint) {
			int ok = expr_eval_bool(q->constraint, &env);

			if (ok < 0)
				rc = -1;
			else if (!ok)
				rc = add_problem(out, q, PROBLEM_CONSTRAINT, NULL);
		}
	}
	strbuf_release(&why);
	return rc < 0 ? -1 : (int)(out->n - before);
}

void problems_release(struct problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].detail);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const char *problem_message(const struct survey *s, const struct problem *p, size_t lang)
{
	/* Default sentences, French first; other languages read the English. */
	static const char *const fr[] = {
		"Cette réponse n'est pas valide.",
		"Cette question est obligatoire.",
		"Cette réponse ne convient pas.",
		"Cette question ne s'applique pas ici.",
		"Cette réponse est trop longue : 32 767 signes au plus, une lettre accentuée "
		"comptant pour deux. Raccourcissez-la.",
	};
	static const char *const en[] = {
		"This answer is not valid.",
		"This question is required.",
		"This answer is not acceptable.",
		"This question does not apply here.",
		"This answer is too long: 32,767 characters at most, an accented letter "
		"counting as two. Please shorten it.",
	};
	const char *own = NULL;
	const char *code = lang < s->nlang ? s->languages[lang] : "fr";

	if (p->kind == PROBLEM_REQUIRED)
		own = label_get(s, &p->q->required_message, lang);
	else if (p->kind == PROBLEM_CONSTRAINT)
		own = label_get(s, &p->q->constraint_message, lang);
	if (own && *own)
		return own;
	return !strcmp(code, "fr") ? fr[p->kind] : en[p->kind];
}

/* --- piping ------------------------------------------------------------ */

/* Append the choices named in v (names separated by single spaces) as labels, joined by ", ". */
static int pipe_choices(const struct response *r, const struct question *q, const char *v,
			size_t lang, struct strbuf *out)
{
	int n = 0;

	while (*v) {
		size_t w = strcspn(v, " "), i;
		const char *text = NULL;

		for (i = 0; i < q->list->n && !text; i++)
			if (strlen(q->list->v[i].name) == w && !memcmp(q->list->v[i].name, v, w))
				text = label_get(r->s, &q->list->v[i].label, lang);
		if (n++ && strbuf_addstr(out, ", ") < 0)
			return -1;
		if (text ? strbuf_addstr(out, text) < 0 : strbuf_add(out, v, w) < 0)
			return -1;
		v += w + (v[w] == ' ');
	}
	return 0;
}

int response_pipe(const struct response *r, const char *text, size_t lang, struct strbuf *out)
{
	const char *p = text;

	strbuf_reset(out);
	if (!text)
		return 0;
	while (*p) {
		const char *open = strstr(p, "${"), *close;
		const struct question *q = NULL;

		if (!open)
			return strbuf_addstr(out, p);
		if (strbuf_add(out, p, (size_t)(open - p)) < 0)
			return -1;
		close = strchr(open + 2, '}');
		if (close && close - open - 2 < 256) {
			char name[256];

			memcpy(name, open + 2, (size_t)(close - open - 2));
			name[close - open - 2] = '\0';
			q = survey_find(r->s, name);
		}
		if (!q || !question_has_value(q)) {
			if (strbuf_add(out, open, 2) < 0)
				return -1;
			p = open + 2;
			continue;
		}
		if (r->relevant[q->index] && r->values[q->index]) {
			const char *v = r->values[q->index];

			if (q->list && (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE ||
					q->type == Q_RANK)) {
				if (pipe_choices(r, q, v, lang, out) < 0)
					return -1;
			} else if (strbuf_addstr(out, v) < 0) {
				return -1;
			}
		}
		p = close + 1;
	}
	return 0;
}
