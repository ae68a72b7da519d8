/*
 * response: calculations, relevance and validation of one respondent's
 * answers (see response.h).
 */
#include "survey/response.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

_Static_assert(SURVEY_MAX_ANSWER == 32767, "problem_message() says 32 767");
_Static_assert(SURVEY_MAX_ANSWER == EXPR_MAX_TEXT, "a calculation's value is an answer");

_Static_assert(SURVEY_MAX_REPEAT_DEPTH == INSTANCE_MAX_DEPTH, "one nesting limit");

/* --- instances ----------------------------------------------------------- */

/* Allocate an instance of rep with room for its items and repeats. */
static int inst_init(struct rinst *in, const struct question *rep)
{
	size_t n = rep->nown ? rep->nown : 1;

	memset(in, 0, sizeof(*in));
	in->values = calloc(n, sizeof(*in->values));
	in->relevant = malloc(n);
	in->computed = calloc(n, 1);
	in->sets = rep->nsub ? calloc(rep->nsub, sizeof(*in->sets)) : NULL;
	if (!in->values || !in->relevant || !in->computed || (rep->nsub && !in->sets))
		return -1;
	memset(in->relevant, 1, n);
	return 0;
}

static void set_release(struct rset *set, const struct question *rep);

/* Free an instance of rep (its memory, not the struct). */
static void inst_release(struct rinst *in, const struct question *rep)
{
	size_t i;

	if (in->values)
		for (i = 0; i < rep->nown; i++)
			free(in->values[i]);
	if (in->sets)
		for (i = 0; i < rep->nown; i++)
			if (rep->own[i]->type == Q_REPEAT)
				set_release(&in->sets[rep->own[i]->sub], rep->own[i]);
	free(in->values);
	free(in->relevant);
	free(in->computed);
	free(in->sets);
	memset(in, 0, sizeof(*in));
}

static void set_release(struct rset *set, const struct question *rep)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		inst_release(&set->v[i], rep);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

/* Append an empty instance of rep to set; NULL when out of memory. */
static struct rinst *set_push(struct rset *set, const struct question *rep)
{
	if (set->n == set->alloc) {
		size_t na = set->alloc ? set->alloc * 2 : 4;
		struct rinst *v = realloc(set->v, na * sizeof(*v));

		if (!v)
			return NULL;
		set->v = v;
		set->alloc = na;
	}
	if (inst_init(&set->v[set->n], rep) < 0) {
		inst_release(&set->v[set->n], rep);
		return NULL;
	}
	return &set->v[set->n++];
}

/* The top level as an instance: its arrays are the response's. */
static struct rinst top_of(const struct response *r)
{
	struct rinst t;

	t.values = r->values;
	t.relevant = r->relevant;
	t.computed = r->computed;
	t.sets = r->sets;
	return t;
}

/* The repeats enclosing rep and rep, outermost first, into chain; their number. */
static unsigned chain_of(const struct question *rep, const struct question **chain)
{
	unsigned d = rep->depth + 1, k = d;

	for (; rep && k > 0; rep = rep->repeat)
		chain[--k] = rep;
	return d;
}

/* The instance path of repeat rep (rep->depth + 1 indices), or NULL. */
static struct rinst *inst_at(const struct response *r, const struct question *rep,
			     const size_t *path)
{
	const struct question *chain[SURVEY_MAX_REPEAT_DEPTH];
	unsigned d, k;
	struct rset *set;
	struct rinst *in = NULL;

	if (!r->sets || !rep || rep->type != Q_REPEAT || rep->depth >= SURVEY_MAX_REPEAT_DEPTH)
		return NULL;
	d = chain_of(rep, chain);
	for (k = 0; k < d; k++) {
		set = k == 0 ? &r->sets[chain[0]->sub] : &in->sets[chain[k]->sub];
		if (path[k] >= set->n)
			return NULL;
		in = &set->v[path[k]];
	}
	return in;
}

/* Where q's value lives for instance path: *t for the top level. */
static struct rinst *holder(const struct response *r, const struct question *q,
			    const size_t *path, struct rinst *t)
{
	if (!q->repeat) {
		*t = top_of(r);
		return t;
	}
	return path ? inst_at(r, q->repeat, path) : NULL;
}

/* The instances of rep under parent (rep->depth indices), or NULL. */
static struct rset *set_at(const struct response *r, const struct question *rep,
			   const size_t *parent)
{
	struct rinst *in;

	if (!rep || rep->type != Q_REPEAT || !r->sets)
		return NULL;
	if (!rep->repeat)
		return &r->sets[rep->sub];
	if (!parent || !(in = inst_at(r, rep->repeat, parent)))
		return NULL;
	return &in->sets[rep->sub];
}

int response_init(struct response *r, const struct survey *s)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->values = calloc(s->nq ? s->nq : 1, sizeof(*r->values));
	r->relevant = calloc(s->nq ? s->nq : 1, 1);
	r->computed = calloc(s->nq ? s->nq : 1, 1);
	if (s->ntopsub)
		r->sets = calloc(s->ntopsub, sizeof(*r->sets));
	if (!r->values || !r->relevant || !r->computed || (s->ntopsub && !r->sets)) {
		response_release(r);
		return -1;
	}
	memset(r->relevant, 1, s->nq);
	return 0;
}

/* Remove every instance. */
static void clear_instances(struct response *r)
{
	size_t i;

	if (!r->sets)
		return;
	for (i = 0; i < r->s->nrepeats; i++) {
		const struct question *rep = r->s->repeats[i];

		if (!rep->repeat)
			set_release(&r->sets[rep->sub], rep);
	}
}

void response_clear(struct response *r)
{
	size_t i;

	for (i = 0; i < r->s->nq; i++) {
		free(r->values[i]);
		r->values[i] = NULL;
		r->computed[i] = 0;
	}
	clear_instances(r);
}

void response_release(struct response *r)
{
	if (r->values)
		response_clear(r);
	free(r->values);
	free(r->relevant);
	free(r->computed);
	free(r->sets);
	r->values = NULL;
	r->relevant = NULL;
	r->computed = NULL;
	r->sets = NULL;
}

/* Set the value at slot of in, as response_set() describes. */
static int set_value(struct rinst *in, size_t slot, const char *value)
{
	char *copy = NULL;

	if (in->computed[slot]) {
		const char *now = in->values[slot];

		if ((now ? now : "")[0] == '\0' ? !(value && *value) :
		    value && !strcmp(value, now))
			return 0;	/* the calculated value, given back as it was shown */
		in->computed[slot] = 0;
	}
	if (value && *value && !(copy = strdup(value)))
		return -1;
	free(in->values[slot]);
	in->values[slot] = copy;
	return 0;
}

int response_set(struct response *r, const char *name, const char *value)
{
	struct question *q = survey_find(r->s, name);
	struct rinst t;

	if (!q || !question_has_value(q) || q->repeat)
		return -2;
	t = top_of(r);
	return set_value(&t, q->index, value);
}

const char *response_get(const struct response *r, const char *name)
{
	struct question *q = survey_find(r->s, name);

	return q && !q->repeat ? r->values[q->index] : NULL;
}

size_t response_count(const struct response *r, const struct question *rep,
		      const size_t *parent)
{
	const struct rset *set = set_at(r, rep, parent);

	return set ? set->n : 0;
}

int response_add(struct response *r, const struct question *rep, const size_t *parent,
		 size_t *index)
{
	struct rset *set = set_at(r, rep, parent);

	if (!set)
		return -2;
	if (set->n >= rep->max_count)
		return -3;
	if (!set_push(set, rep))
		return -1;
	if (index)
		*index = set->n - 1;
	return 0;
}

int response_remove(struct response *r, const struct question *rep, const size_t *path)
{
	struct rset *set = set_at(r, rep, path);
	size_t i;

	if (!set || !path || path[rep->depth] >= set->n)
		return -2;
	i = path[rep->depth];
	inst_release(&set->v[i], rep);
	memmove(&set->v[i], &set->v[i + 1], (set->n - i - 1) * sizeof(*set->v));
	set->n--;
	return 0;
}

const char *response_get_at(const struct response *r, const struct question *q,
			    const size_t *path)
{
	struct rinst t, *in = holder(r, q, path, &t);

	return in && question_has_value(q) ? in->values[q->slot] : NULL;
}

int response_set_at(struct response *r, const struct question *q, const size_t *path,
		    const char *value)
{
	struct rinst t, *in;

	if (!question_has_value(q))
		return -2;
	if (!(in = holder(r, q, path, &t)))
		return -3;
	return set_value(in, q->slot, value);
}

int response_relevant_at(const struct response *r, const struct question *q,
			 const size_t *path)
{
	struct rinst t, *in = holder(r, q, path, &t);

	return in ? in->relevant[q->slot] : 0;
}

int response_computed_at(const struct response *r, const struct question *q,
			 const size_t *path)
{
	struct rinst t, *in = holder(r, q, path, &t);

	return in ? in->computed[q->slot] : 0;
}

/* --- evaluation context -------------------------------------------------- */

/* Where an expression is evaluated: an instance of a repeat, or the top level. */
struct ectx {
	const struct response *r;	/* the answers */
	const struct question *rep;	/* innermost repeat of the context, or NULL */
	size_t path[SURVEY_MAX_REPEAT_DEPTH]; /* its instance: rep->depth + 1 indices */
};

/* 1 when ctx (a repeat, or NULL for the top level) is rep or inside it. */
static int within(const struct question *ctx, const struct question *rep)
{
	for (; ctx; ctx = ctx->repeat)
		if (ctx == rep)
			return 1;
	return rep == NULL;
}

static const char *lookup(void *ctx, const char *name)
{
	const struct ectx *cx = ctx;
	const struct response *r = cx->r;
	const struct question *q = survey_find(r->s, name);
	const struct rinst *in;

	if (!q)
		return NULL;
	if (!q->repeat)
		return r->relevant[q->index] ? r->values[q->index] : NULL;
	if (!within(cx->rep, q->repeat) || !(in = inst_at(r, q->repeat, cx->path)))
		return NULL;	/* a value per instance: only in aggregates */
	return in->relevant[q->slot] ? in->values[q->slot] : NULL;
}

/* Call fn for q's value (a repeat: NULL) in every instance below in, down chain[k..d). */
static int each_below(const struct rinst *in, const struct question *const *chain, unsigned k,
		      unsigned d, const struct question *q,
		      int (*fn)(void *arg, const char *value), void *arg)
{
	const struct rset *set;
	size_t i;
	int rc;

	if (k == d) {
		if (q->type == Q_REPEAT)
			return fn(arg, NULL);
		return fn(arg, in->relevant[q->slot] ? in->values[q->slot] : NULL);
	}
	set = &in->sets[chain[k]->sub];
	for (i = 0; i < set->n; i++)
		if ((rc = each_below(&set->v[i], chain, k + 1, d, q, fn, arg)) != 0)
			return rc;
	return 0;
}

/*
 * The nodeset of ${name} seen from the context: the instances of the
 * repeats that hold it and that the context is not in (all of them under
 * the instance the context shares), one value in each.
 */
static int each(void *ctx, const char *name, int (*fn)(void *arg, const char *value), void *arg)
{
	const struct ectx *cx = ctx;
	const struct response *r = cx->r;
	const struct question *q = survey_find(r->s, name);
	const struct question *chain[SURVEY_MAX_REPEAT_DEPTH];
	const struct question *inner;
	struct rinst t;
	const struct rinst *in;
	unsigned d, k;

	if (!q)
		return fn(arg, NULL);
	inner = q->type == Q_REPEAT ? q : q->repeat;
	if (!inner)
		return fn(arg, r->relevant[q->index] ? r->values[q->index] : NULL);
	d = chain_of(inner, chain);
	/* the repeats of the chain the context is in: k of them (a repeat's own instances: all) */
	for (k = 0; k < d && within(cx->rep, chain[k]) && !(q->type == Q_REPEAT && k == d - 1); k++)
		;
	if (k == 0) {
		t = top_of(r);
		in = &t;
	} else if (!(in = inst_at(r, chain[k - 1], cx->path))) {
		return 0;
	}
	return each_below(in, chain, k, d, q, fn, arg);
}

static double position(void *ctx)
{
	const struct ectx *cx = ctx;

	return cx->rep ? (double)cx->path[cx->rep->depth] + 1 : NAN;
}

static const char *indexed(void *ctx, const char *name, const char *const *repeats,
			   const double *at, int n)
{
	const struct ectx *cx = ctx;
	const struct response *r = cx->r;
	const struct question *q = survey_find(r->s, name);
	const struct question *chain[SURVEY_MAX_REPEAT_DEPTH];
	size_t path[SURVEY_MAX_REPEAT_DEPTH];
	const struct rinst *in;
	unsigned d, k;
	int j;

	if (!q || !q->repeat || !question_has_value(q))
		return NULL;
	d = chain_of(q->repeat, chain);
	for (k = 0; k < d; k++) {
		for (j = 0; j < n && strcmp(repeats[j], chain[k]->name); j++)
			;
		if (j < n) {
			if (!(at[j] >= 1 && at[j] <= SURVEY_REPEAT_LIMIT) || at[j] != floor(at[j]))
				return NULL;
			path[k] = (size_t)at[j] - 1;
		} else if (within(cx->rep, chain[k])) {
			path[k] = cx->path[k];
		} else {
			return NULL;
		}
	}
	if (!(in = inst_at(r, q->repeat, path)))
		return NULL;
	return in->relevant[q->slot] ? in->values[q->slot] : NULL;
}

static void env_init(const struct ectx *cx, struct expr_env *env, const char *dot)
{
	memset(env, 0, sizeof(*env));
	env->lookup = lookup;
	env->ctx = (void *)cx;
	env->dot = dot;
	env->today = cx->r->today;
	if (cx->r->s->nrepeats) {
		env->each = each;
		env->position = position;
		env->indexed = indexed;
	}
}

/* The context of q's expressions (those of a repeat: around it) at path. */
static void ectx_of(struct ectx *cx, const struct response *r, const struct question *q,
		    const size_t *path)
{
	memset(cx, 0, sizeof(*cx));
	cx->r = r;
	cx->rep = q->repeat;
	if (cx->rep && path)
		memcpy(cx->path, path, q->depth * sizeof(*path));
}

/* --- update -------------------------------------------------------------- */

/* The items of a container: a repeat's own, or the whole survey (top level). */
static void items_of(const struct survey *s, const struct question *rep,
		     struct question *const **v, size_t *n)
{
	*v = rep ? rep->own : s->questions;
	*n = rep ? rep->nown : s->nq;
}

/* The number of instances repeat q's repeat_count asks for, in context cx. */
static int wanted_count(const struct question *q, const struct ectx *cx, size_t *out)
{
	struct expr_env env;
	struct value v;
	double d;

	env_init(cx, &env, NULL);
	if (expr_eval(q->repeat_count, &env, &v) < 0)
		return -1;
	d = value_to_number(&v);
	value_release(&v);
	*out = isnan(d) || d < 0 ? 0 : d > q->max_count ? q->max_count : (size_t)floor(d);
	return 0;
}

/*
 * One pass over the container in (an instance of rep, or the top level),
 * then over the instances inside it: relevance in document order, the
 * counts of the repeats with repeat_count, calculations.  parent_rel is
 * the relevance of rep itself.  Sets *changed.
 */
static int update_in(struct response *r, struct rinst *in, const struct ectx *cx,
		     int parent_rel, int drop, int *changed)
{
	const struct survey *s = r->s;
	struct question *const *items;
	struct expr_env env;
	size_t k, n;

	items_of(s, cx->rep, &items, &n);
	env_init(cx, &env, NULL);
	for (k = 0; k < n; k++) {
		const struct question *q = items[k];
		size_t i = q->slot;
		int rel;

		if (q->repeat != cx->rep)
			continue;	/* top level: an item inside a repeat */
		rel = !q->parent ? 1 : q->parent == cx->rep ? parent_rel : in->relevant[q->parent->slot];
		if (rel && q->relevant) {
			rel = expr_eval_bool(q->relevant, &env);
			if (rel < 0)
				return -1;
		}
		if (in->relevant[i] != rel) {
			in->relevant[i] = (unsigned char)rel;
			*changed = 1;
		}
		if (q->type == Q_REPEAT) {
			struct rset *set = &in->sets[q->sub];
			size_t want = set->n;

			if (rel && q->repeat_count && wanted_count(q, cx, &want) < 0)
				return -1;
			if (!rel && drop)
				want = 0;
			while (set->n < want && rel) {
				if (!set_push(set, q))
					return -1;
				*changed = 1;
			}
			while (set->n > want && drop) {
				inst_release(&set->v[--set->n], q);
				*changed = 1;
			}
			continue;
		}
		if (!rel && drop && in->values[i] && q->type != Q_CALCULATE) {
			free(in->values[i]);
			in->values[i] = NULL;
			*changed = 1;
		}
	}
	for (k = 0; k < n; k++) {
		const struct question *q = items[k];
		size_t i = q->slot;
		unsigned too_long = 0;
		char *v;

		if (!q->calculation || q->repeat != cx->rep)
			continue;
		if (q->type != Q_CALCULATE) {	/* a calculated default */
			if (!in->relevant[i] || r->as_stored)
				continue;
			if (!q->read_only && in->values[i] && !in->computed[i])
				continue;	/* the respondent's own answer */
			in->computed[i] = 1;
		}
		env.too_long = &too_long;
		v = in->relevant[i] ? expr_eval_string(q->calculation, &env) : strdup("");
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
		if ((v == NULL) != (in->values[i] == NULL) ||
		    (v && strcmp(v, in->values[i]) != 0)) {
			free(in->values[i]);
			in->values[i] = v;
			*changed = 1;
		} else {
			free(v);
		}
	}
	if (!s->nrepeats)
		return 0;
	for (k = 0; k < n; k++) {
		const struct question *q = items[k];
		struct rset *set;
		struct ectx sub;
		size_t i;

		if (q->type != Q_REPEAT || q->repeat != cx->rep)
			continue;
		set = &in->sets[q->sub];
		sub = *cx;
		sub.rep = q;
		for (i = 0; i < set->n; i++) {
			sub.path[q->depth] = i;
			if (update_in(r, &set->v[i], &sub, in->relevant[q->slot], drop, changed) < 0)
				return -1;
		}
	}
	return 0;
}

int response_update(struct response *r, int drop)
{
	struct rinst t = top_of(r);
	struct ectx cx;
	size_t pass;

	r->too_long = NULL;
	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	/*
	 * Relevance and calculations may refer to each other in any order; the
	 * definitions have no cycle among calculations, so repeating the passes
	 * reaches a fixed point, usually in two.  The bound guards the rest.
	 */
	for (pass = 0; pass <= r->s->nq + 1; pass++) {
		int changed = 0;

		if (update_in(r, &t, &cx, 1, drop, &changed) < 0)
			return -1;
		if (!changed)
			return 0;
	}
	return 0;
}

static int required_in(const struct ectx *cx, const struct question *q, const char *dot)
{
	struct expr_env env;

	if (q->required)
		return 1;
	if (!q->required_if)
		return 0;
	env_init(cx, &env, dot);
	return expr_eval_bool(q->required_if, &env);
}

int response_required(const struct response *r, const struct question *q)
{
	return response_required_at(r, q, NULL);
}

int response_required_at(const struct response *r, const struct question *q,
			 const size_t *path)
{
	struct ectx cx;

	ectx_of(&cx, r, q, path);
	return required_in(&cx, q, response_get_at(r, q, path));
}

struct filter_ctx {
	struct ectx cx;			/* the answers, where: first, for lookup() */
	const struct choice *c;		/* the choice being tested */
};

static const char *filter_attr(void *ctx, const char *name)
{
	const struct filter_ctx *fc = ctx;
	const struct survey *s = fc->cx.r->s;
	size_t i;

	if (!strcmp(name, "name"))
		return fc->c->name;
	if (!strcmp(name, "label"))
		return label_get(s, &fc->c->label, s->default_lang);
	for (i = 0; i < fc->c->nattr; i++)
		if (!strcmp(fc->c->attr_names[i], name))
			return fc->c->attr_values[i];
	return NULL;
}

int response_offers(const struct response *r, const struct question *q, const struct choice *c)
{
	return response_offers_at(r, q, NULL, c);
}

int response_offers_at(const struct response *r, const struct question *q,
		       const size_t *path, const struct choice *c)
{
	struct filter_ctx fc;
	struct expr_env env;

	if (!q->choice_filter)
		return 1;
	ectx_of(&fc.cx, r, q, path);
	fc.c = c;
	env_init(&fc.cx, &env, NULL);
	env.attr = filter_attr;
	env.ctx = &fc;		/* its first member is the ectx lookup() reads */
	return expr_eval_bool(q->choice_filter, &env);
}

/* 0 when every choice in answer v of q is offered; else the first that is not. */
static const struct choice *not_offered(const struct ectx *cx, const struct question *q,
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
		ok = response_offers_at(cx->r, q, cx->path, c);
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
		       const char *detail, const struct ectx *cx)
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
	memset(x, 0, sizeof(*x));
	x->q = q;
	x->kind = kind;
	x->depth = q->depth;
	memcpy(x->path, cx->path, sizeof(x->path));
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

/* Check one answered or required item q of the container in. */
static int check_item(const struct ectx *cx, const struct rinst *in, const struct question *q,
		      struct strbuf *why, struct problems *out)
{
	const char *v = in->values[q->slot];
	struct expr_env env;
	const struct choice *c;
	int req, oom, ok;

	if (!in->relevant[q->slot])
		return v ? add_problem(out, q, PROBLEM_NOT_RELEVANT, NULL, cx) : 0;
	if (!v) {
		req = required_in(cx, q, NULL);
		if (req < 0)
			return -1;
		return req ? add_problem(out, q, PROBLEM_REQUIRED, NULL, cx) : 0;
	}
	strbuf_reset(why);
	if (strlen(v) > SURVEY_MAX_ANSWER) {
		strbuf_addf(why, "%zu", strlen(v));
		return add_problem(out, q, PROBLEM_TOO_LONG, why->buf, cx);
	}
	if (question_check_value(q, v, why) < 0)
		return add_problem(out, q, PROBLEM_INVALID, why->buf, cx);
	c = not_offered(cx, q, v, &oom);
	if (oom)
		return -1;
	if (c) {
		strbuf_addf(why, "'%s' is not offered by the choice filter (%s)", c->name,
			    q->choice_filter_src);
		return add_problem(out, q, PROBLEM_INVALID, why->buf, cx);
	}
	if (!q->constraint)
		return 0;
	env_init(cx, &env, v);
	ok = expr_eval_bool(q->constraint, &env);
	if (ok < 0)
		return -1;
	return ok ? 0 : add_problem(out, q, PROBLEM_CONSTRAINT, NULL, cx);
}

/* The number of instances of repeat q in the container in, against its rules. */
static int check_count(const struct ectx *cx, const struct rinst *in, const struct question *q,
		       struct strbuf *why, struct problems *out)
{
	size_t n = in->sets[q->sub].n, want;

	strbuf_reset(why);
	if (n > q->max_count) {
		strbuf_addf(why, "%zu instances, more than max_count %u", n, q->max_count);
		return add_problem(out, q, PROBLEM_COUNT, why->buf, cx);
	}
	if (!q->repeat_count || !in->relevant[q->slot])
		return 0;
	if (wanted_count(q, cx, &want) < 0)
		return -1;
	if (n == want)
		return 0;
	strbuf_addf(why, "%zu instance%s where repeat_count (%s) gives %zu", n, n == 1 ? "" : "s",
		    q->repeat_count_src, want);
	return add_problem(out, q, PROBLEM_COUNT, why->buf, cx);
}

static int check_in(const struct response *r, const struct rinst *in, const struct ectx *cx,
		    const struct question *scope, struct strbuf *why, struct problems *out)
{
	struct question *const *items;
	size_t k, i, n;

	items_of(r->s, cx->rep, &items, &n);
	for (k = 0; k < n; k++) {
		const struct question *q = items[k];

		if (q->repeat != cx->rep)
			continue;
		if (q->type == Q_REPEAT) {
			const struct rset *set = &in->sets[q->sub];
			struct ectx sub = *cx;
			int in_sc = !scope || in_scope(q, scope);

			if (in_sc && check_count(cx, in, q, why, out) < 0)
				return -1;
			sub.rep = q;
			for (i = 0; i < set->n; i++) {
				sub.path[q->depth] = i;
				/* inside the scope, every item of the repeat is */
				if (check_in(r, &set->v[i], &sub, in_sc ? NULL : scope, why, out) < 0)
					return -1;
			}
			continue;
		}
		if (!q_is_answered(q))
			continue;
		if (scope && !in_scope(q, scope))
			continue;
		if (check_item(cx, in, q, why, out) < 0)
			return -1;
	}
	return 0;
}

int response_check(const struct response *r, const struct question *scope,
		   struct problems *out)
{
	struct strbuf why = STRBUF_INIT;
	struct rinst t = top_of(r);
	struct ectx cx;
	size_t before = out->n;
	int rc;

	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	rc = check_in(r, &t, &cx, scope, &why, out);
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
		("Cette réponse est trop longue : 32 767 signes au plus, une lettre accentuée "
		 "comptant pour deux. Raccourcissez-la."),
		"Le nombre de réponses de cette partie ne convient pas.",
	};
	static const char *const en[] = {
		"This answer is not valid.",
		"This question is required.",
		"This answer is not acceptable.",
		"This question does not apply here.",
		("This answer is too long: 32,767 characters at most, an accented letter "
		 "counting as two. Please shorten it."),
		"The number of entries in this part is not acceptable.",
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

/* --- the flat form, for the workspace ------------------------------------ */

struct flat {
	struct instance *v;		/* the instances so far */
	size_t n, alloc;		/* used / allocated */
};

/* Append the instances below container in (the context cx) to f, in pre-order. */
static int flatten(const struct response *r, const struct rinst *in, const struct ectx *cx,
		   struct flat *f)
{
	struct question *const *items;
	size_t k, i, n;

	items_of(r->s, cx->rep, &items, &n);
	for (k = 0; k < n; k++) {
		const struct question *q = items[k];
		const struct rset *set;
		struct ectx sub;

		if (q->type != Q_REPEAT || q->repeat != cx->rep)
			continue;
		set = &in->sets[q->sub];
		sub = *cx;
		sub.rep = q;
		for (i = 0; i < set->n; i++) {
			struct instance *x;

			if (f->n == f->alloc) {
				size_t na = f->alloc ? f->alloc * 2 : 16;
				struct instance *v = realloc(f->v, na * sizeof(*v));

				if (!v)
					return -1;
				f->v = v;
				f->alloc = na;
			}
			sub.path[q->depth] = i;
			x = &f->v[f->n++];
			memset(x, 0, sizeof(*x));
			x->repeat = (unsigned)q->rindex;
			x->depth = q->depth + 1;
			memcpy(x->path, sub.path, sizeof(x->path));
			x->values = (const char *const *)set->v[i].values;
			x->n = q->nown;
			if (flatten(r, &set->v[i], &sub, f) < 0)
				return -1;
		}
	}
	return 0;
}

int response_instances(const struct response *r, struct instance **out, size_t *n)
{
	struct flat f = { NULL, 0, 0 };
	struct rinst t = top_of(r);
	struct ectx cx;

	*out = NULL;
	*n = 0;
	if (!r->s->nrepeats)
		return 0;
	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	if (flatten(r, &t, &cx, &f) < 0) {
		free(f.v);
		return -1;
	}
	*out = f.v;
	*n = f.n;
	return 0;
}

int response_set_instances(struct response *r, const struct instance *v, size_t n,
			   struct strbuf *why)
{
	const struct survey *s = r->s;
	size_t i, k;

	clear_instances(r);
	for (i = 0; i < n; i++) {
		const struct instance *x = &v[i];
		const struct question *rep;
		struct rset *set;
		struct rinst *in;
		const char *bad = NULL;

		if (x->repeat >= s->nrepeats)
			bad = "no such repeat";
		else if (x->depth != (rep = s->repeats[x->repeat])->depth + 1)
			bad = "a path of the wrong length";
		else if (!(set = set_at(r, rep, x->path)))
			bad = "no parent instance";
		else if (x->path[rep->depth] != set->n)
			bad = "out of order";
		else if (set->n >= rep->max_count)
			bad = "more instances than max_count";
		else if (x->n > rep->nown || (x->n && !x->values))
			bad = "more values than the repeat has items";
		if (!bad)
			for (k = 0; k < x->n && !bad; k++)
				if (x->values[k] && !question_has_value(rep->own[k]))
					bad = "a value for an item that holds none";
		if (bad) {
			if (why)
				strbuf_addf(why, "repeat instance %zu: %s", i + 1, bad);
			clear_instances(r);
			return -2;
		}
		if (!(in = set_push(set, rep)))
			goto oom;
		for (k = 0; k < x->n; k++)
			if (x->values[k] && *x->values[k] && !(in->values[k] = strdup(x->values[k])))
				goto oom;
	}
	return 0;
oom:
	clear_instances(r);
	return -1;
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
	return response_pipe_at(r, text, lang, NULL, NULL, out);
}

int response_pipe_at(const struct response *r, const char *text, size_t lang,
		     const struct question *rep, const size_t *path, struct strbuf *out)
{
	const char *p = text;
	struct ectx cx;

	memset(&cx, 0, sizeof(cx));
	cx.r = r;
	if (rep && rep->type == Q_REPEAT && path) {
		cx.rep = rep;
		memcpy(cx.path, path, (rep->depth + 1) * sizeof(*path));
	}
	strbuf_reset(out);
	if (!text)
		return 0;
	while (*p) {
		const char *open = strstr(p, "${"), *close;
		const struct question *q = NULL;
		const char *v;

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
		/* the instance's own value, or an enclosing one's; nothing from another instance */
		v = lookup(&cx, q->name);
		if (v) {
			if (q->list && q_has_choices(q)) {
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
