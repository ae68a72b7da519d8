/*
 * source: the surveys of the workspace as the analysis reads them (every
 * stored version, since answers are positional per version), breakdowns
 * into groups, and the small-group suppression rule (see analysis.h).
 */
#include "analysis/analysis.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "survey/survey.h"
#include "util/decimal.h"

const char *an_text_get(const struct an_text *t, const char *lang)
{
	size_t i;

	if (t->n == 0)
		return NULL;
	for (i = 0; lang && i < t->n; i++)
		if (t->lang[i] && !strcmp(t->lang[i], lang))
			return t->text[i];
	return t->text[0];
}

int an_text_from_label(struct an_text *t, struct arena *a, const struct survey *s,
		       const struct label *label)
{
	size_t i;
	const char *def = label_get(s, label, s->default_lang);

	memset(t, 0, sizeof(*t));
	if (!def)
		return 0;
	/* The default language first: it is the fallback of an_text_get(). */
	t->lang[0] = arena_strdup(a, s->languages[s->default_lang]);
	t->text[0] = arena_strdup(a, def);
	if (!t->lang[0] || !t->text[0])
		return UT_ENOMEM;
	t->n = 1;
	for (i = 0; i < s->nlang && t->n < AN_MAX_LANGS; i++) {
		if (i == s->default_lang || !label->text[i])
			continue;
		t->lang[t->n] = arena_strdup(a, s->languages[i]);
		t->text[t->n] = arena_strdup(a, label->text[i]);
		if (!t->lang[t->n] || !t->text[t->n])
			return UT_ENOMEM;
		t->n++;
	}
	return 0;
}

/* --- sources ------------------------------------------------------------------------- */

int an_source_open(struct an_source *src, struct store *st, const char *const *forms,
		   size_t nforms, struct error *err)
{
	int *versions = NULL;
	size_t nversions = 0, i, j, cap = 0;
	int rc = 0;

	memset(src, 0, sizeof(*src));
	src->forms = calloc(nforms ? nforms : 1, sizeof(*src->forms));
	if (!src->forms)
		return error_set(err, "out of memory"), UT_ENOMEM;
	src->nforms = nforms;
	for (i = 0; i < nforms; i++)
		src->forms[i].form_id = forms[i];
	/* The versions of each form (store_survey_list() would count each one's respondents: a pass over all of them). */
	for (i = 0; i < nforms && rc == 0; i++) {
		struct an_form *f = &src->forms[i];

		free(versions);
		versions = NULL;
		if (store_survey_versions(st, f->form_id, &versions, &nversions, err) < 0) {
			rc = UT_EIO;
			break;
		}
		if (nversions == 0) {
			error_set(err, "survey '%s' is not in the workspace; load its definition with 'utilis survey load FILE'",
				  f->form_id);
			rc = UT_ENOTFOUND;
			break;
		}
		if (src->nv + nversions > cap) {
			size_t nc = cap + nversions + 4;
			struct an_version *nv = realloc(src->v, nc * sizeof(*nv));

			if (!nv) {
				rc = UT_ENOMEM;
				error_set(err, "out of memory");
				break;
			}
			memset(nv + cap, 0, (nc - cap) * sizeof(*nv));
			src->v = nv;
			cap = nc;
		}
		for (j = 0; j < nversions && rc == 0; j++) {
			struct survey_version sv;
			struct diags d = DIAGS_INIT;
			struct an_version *v;

			rc = store_survey_get(st, f->form_id, versions[j], &sv, err);
			if (rc <= 0) {
				if (rc == 0)	/* removed since the list was read */
					error_set(err, "survey '%s' version %d is no longer in the workspace",
						  f->form_id, versions[j]);
				rc = UT_EIO;
				break;
			}
			rc = 0;
			v = &src->v[src->nv];
			v->id = sv.id;
			v->version = sv.version;
			v->form = i;
			if (survey_load(&v->s, sv.file ? sv.file : sv.form_id, sv.source,
					strlen(sv.source), &d) < 0) {
				error_set(err, "stored survey '%s' version %d no longer loads: %s",
					  f->form_id, sv.version, d.n ? d.v[0].msg : "?");
				rc = UT_EDATA;
			} else {
				/* with repeats: values[] holds the top-level answers, and a
				 * question inside a repeat is read per instance
				 * (describe) or not at all */
				src->nv++;
				if (!f->latest || v->version > f->latest->version)
					f->latest = v->s;
				if (v->s->nq > f->nslots)
					f->nslots = v->s->nq;
			}
			diags_release(&d);
			survey_version_release(&sv);
		}
	}
	free(versions);
	if (!src->v && !(src->v = calloc(1, sizeof(*src->v))))
		return error_set(err, "out of memory"), UT_ENOMEM;
	return rc;
}

void an_source_release(struct an_source *src)
{
	size_t i;

	for (i = 0; i < src->nv; i++)
		survey_free(src->v[i].s);
	free(src->v);
	free(src->forms);
	memset(src, 0, sizeof(*src));
}

const struct an_version *an_source_version(struct an_source *src, int64_t id)
{
	size_t i;

	if (src->last < src->nv && src->v[src->last].id == id)
		return &src->v[src->last];
	for (i = 0; i < src->nv; i++)
		if (src->v[i].id == id) {
			src->last = i;
			return &src->v[i];
		}
	return NULL;
}

struct each_ctx {
	struct an_source *src;		/* the sources */
	struct an_form *form;		/* form being read */
	int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
		  const char *const *values, size_t n);
	void *ctx;			/* fn's */
	int (*fn_rep)(void *ctx, const struct an_version *v, const struct respondent *r,
		      const struct record_buf *rec); /* an_source_each_rep()'s, else NULL */
};

/* The version of r, its form's counts updated; NULL for a version stored after an_source_open(). */
static const struct an_version *each_version(struct each_ctx *e, const struct respondent *r)
{
	const struct an_version *v = an_source_version(e->src, r->survey_version_id);

	if (!v)		/* not analysed */
		return NULL;
	if (e->src->progress && (++e->src->nread & 4095) == 0)
		e->src->progress(e->src->progress_ctx, e->src->nread);
	e->form->nresp++;
	if (!e->form->vmin || v->version < e->form->vmin)
		e->form->vmin = v->version;
	if (v->version > e->form->vmax)
		e->form->vmax = v->version;
	return v;
}

static int each_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct each_ctx *e = ctx;
	const struct an_version *v = each_version(e, r);

	return v ? e->fn(e->ctx, v, r, values, n) : 0;
}

static int each_rec(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	struct each_ctx *e = ctx;
	const struct an_version *v = each_version(e, r);

	return v ? e->fn_rep(e->ctx, v, r, rec) : 0;
}

int an_source_each_rep(struct an_source *src, struct store *st, int submitted_only,
		       int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
				 const struct record_buf *rec),
		       void *ctx, struct error *err)
{
	struct each_ctx e = { src, NULL, NULL, ctx, fn };
	size_t i;
	int rc;

	src->nread = 0;
	for (i = 0; i < src->nforms; i++) {
		e.form = &src->forms[i];
		e.form->nresp = 0;
		e.form->vmin = e.form->vmax = 0;
		rc = store_answers_each_rep(st, e.form->form_id, 0, submitted_only, e.form->nslots,
					    each_rec, &e, err);
		if (rc < 0)
			return UT_EIO;
		if (rc)
			return rc;
	}
	return 0;
}

/* an_source_each() and an_source_each_lean(): read by store_answers_each() or _lean(). */
static int source_each(struct an_source *src, struct store *st, int submitted_only, int lean,
		       int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
				 const char *const *values, size_t n),
		       void *ctx, struct error *err)
{
	struct each_ctx e = { src, NULL, fn, ctx, NULL };
	size_t i;
	int rc;

	src->nread = 0;
	for (i = 0; i < src->nforms; i++) {
		e.form = &src->forms[i];
		e.form->nresp = 0;
		e.form->vmin = e.form->vmax = 0;
		rc = lean ? store_answers_each_some(st, e.form->form_id, 0, submitted_only,
						    e.form->nslots, e.form->want, each_row, &e, err)
			  : store_answers_each(st, e.form->form_id, 0, submitted_only,
					       e.form->nslots, each_row, &e, err);
		if (rc < 0)
			return UT_EIO;
		if (rc)
			return rc;
	}
	return 0;
}

int an_source_each(struct an_source *src, struct store *st, int submitted_only,
		   int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
			     const char *const *values, size_t n),
		   void *ctx, struct error *err)
{
	return source_each(src, st, submitted_only, 0, fn, ctx, err);
}

int an_source_each_lean(struct an_source *src, struct store *st, int submitted_only,
			int (*fn)(void *ctx, const struct an_version *v,
				  const struct respondent *r, const char *const *values,
				  size_t n),
			void *ctx, struct error *err)
{
	return source_each(src, st, submitted_only, 1, fn, ctx, err);
}

double an_number(const char *s)
{
	const char *p = s;
	long long v = 0;
	int neg = 0, nd = 0;
	char *end;
	double d;

	if (!s || !*s)
		return NAN;
	/* Canonical integers of up to 15 digits, the common case, without strtod. */
	if (*p == '-') {
		neg = 1;
		p++;
	}
	while (*p >= '0' && *p <= '9' && nd < 16) {
		v = v * 10 + (*p++ - '0');
		nd++;
	}
	if (!*p && nd > 0 && nd < 16)
		return neg ? -(double)v : (double)v;
	errno = 0;
	d = strtod(s, &end);
	if (*end || end == s || errno == ERANGE || !isfinite(d))
		return NAN;
	/* strtod also reads hex and "inf"; answers are plain decimals. */
	for (p = s; *p; p++)
		if (!strchr("0123456789+-.eE", *p))
			return NAN;
	return d;
}

/* --- breakdowns ----------------------------------------------------------------------- */

static const struct {
	const char *name;		/* as written after --by */
	enum by_pseudo pseudo;		/* what it reads */
} pseudo_names[] = {
	{ "_group", BY_GROUP },
	{ "_wave", BY_WAVE },
	{ "_survey", BY_SURVEY },
};

int an_by_resolve(struct an_by *by, const struct an_source *src, const char *name,
		  struct error *err)
{
	size_t i, j;

	memset(by, 0, sizeof(*by));
	by->name = name;
	by->kind = BY_CATEGORY;
	for (i = 0; i < sizeof(pseudo_names) / sizeof(pseudo_names[0]); i++)
		if (!strcmp(name, pseudo_names[i].name)) {
			by->pseudo = pseudo_names[i].pseudo;
			return 0;
		}
	for (i = 0; i < src->nforms && !by->q; i++) {
		by->q = survey_find(src->forms[i].latest, name);
		by->qs = src->forms[i].latest;
	}
	if (by->q && by->q->repeat) {
		error_set(err, "'%s' is inside repeat '%s', with a value per instance: break down by a question of the respondent",
			  name, by->q->repeat->name);
		return UT_EDATA;
	}
	if (!by->q || !question_has_value(by->q)) {
		const char **names;
		const char *hint;
		size_t n = 0, cap = 4;

		for (i = 0; i < src->nforms; i++)
			cap += src->forms[i].latest->nq;
		names = calloc(cap, sizeof(*names));
		if (!names)
			return error_set(err, "out of memory"), UT_ENOMEM;
		for (i = 0; i < sizeof(pseudo_names) / sizeof(pseudo_names[0]); i++)
			names[n++] = pseudo_names[i].name;
		for (i = 0; i < src->nforms; i++)
			for (j = 0; j < src->forms[i].latest->nq; j++)
				if (question_has_value(src->forms[i].latest->questions[j]))
					names[n++] = src->forms[i].latest->questions[j]->name;
		hint = did_you_mean(name, names);
		if (hint)
			error_set(err, "no question '%s' to break down by in survey '%s'; did you mean '%s'?",
				  name, src->forms[0].form_id, hint);
		else
			error_set(err, "no question '%s' to break down by in survey '%s' (or use _group, _wave or _survey)",
				  name, src->forms[0].form_id);
		free(names);
		return UT_ENOTFOUND;
	}
	switch (by->q->type) {
	case Q_SELECT_ONE:
		by->list = by->q->list;
		break;
	case Q_CALCULATE:
		/* A calculate named like a choice list takes its labels from it. */
		for (i = 0; i < by->qs->nlists; i++)
			if (!strcmp(by->qs->lists[i].name, name))
				by->list = &by->qs->lists[i];
		break;
	case Q_TEXT:
		break;
	case Q_INTEGER: case Q_DECIMAL: case Q_RANGE:
		by->kind = BY_NUMBER;
		break;
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
	case Q_DATE:
	case Q_NOTE:
	case Q_GROUP:
	case Q_REPEAT:
		return error_set(err, "cannot break down by '%s': a %s question does not put each respondent in one group",
				 name, qtype_name(by->q->type)), UT_EDATA;
	}
	by->slot = malloc((src->nv ? src->nv : 1) * sizeof(*by->slot));
	if (!by->slot)
		return error_set(err, "out of memory"), UT_ENOMEM;
	for (i = 0; i < src->nv; i++) {
		const struct question *q = survey_find(src->v[i].s, name);

		by->slot[i] = q && question_has_value(q) ? q->index : SIZE_MAX;
	}
	return 0;
}

void an_by_release(struct an_by *by)
{
	free(by->slot);
	by->slot = NULL;
}

const char *an_by_value(const struct an_by *by, const struct an_source *src,
			const struct an_version *v, const struct respondent *r,
			const char *const *values, size_t n)
{
	const char *s = NULL;
	size_t slot;

	switch (by->pseudo) {
	case BY_GROUP: s = r->group; break;
	case BY_WAVE: s = r->wave; break;
	case BY_SURVEY: s = src->forms[v->form].form_id; break;
	case BY_QUESTION:
		slot = by->slot[v - src->v];
		s = slot < n ? values[slot] : NULL;
		break;
	}
	return s && *s ? s : NULL;
}

/* --- groups ----------------------------------------------------------------------------- */

void an_groups_init(struct an_groups *g)
{
	memset(g, 0, sizeof(*g));
	g->no_answer = -1;
}

void an_groups_release(struct an_groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->keys[i]);
	free(g->keys);
	free(g->hash);
	an_groups_init(g);
}

uint64_t an_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static uint64_t hash_str(const char *s)
{
	return an_hash(s, strlen(s));
}

static int groups_rehash(struct an_groups *g, size_t nhash)
{
	uint32_t *h = calloc(nhash, sizeof(*h));
	size_t i;

	if (!h)
		return -1;
	for (i = 0; i < g->n; i++) {
		size_t k;

		if (!g->keys[i])
			continue;
		k = hash_str(g->keys[i]) & (nhash - 1);
		while (h[k])
			k = (k + 1) & (nhash - 1);
		h[k] = (uint32_t)i + 1;
	}
	free(g->hash);
	g->hash = h;
	g->nhash = nhash;
	return 0;
}

long an_groups_add(struct an_groups *g, const char *key)
{
	size_t k;

	if (!key) {
		if (g->no_answer >= 0)
			return g->no_answer;
	} else {
		if (!g->hash && groups_rehash(g, 64) < 0)
			return -1;
		k = hash_str(key) & (g->nhash - 1);
		while (g->hash[k]) {
			if (!strcmp(g->keys[g->hash[k] - 1], key))
				return (long)g->hash[k] - 1;
			k = (k + 1) & (g->nhash - 1);
		}
	}
	if (g->n == g->alloc) {
		size_t na = g->alloc ? 2 * g->alloc : 16;
		char **keys = realloc(g->keys, na * sizeof(*keys));

		if (!keys)
			return -1;
		g->keys = keys;
		g->alloc = na;
	}
	if (!key) {
		g->keys[g->n] = NULL;
		g->no_answer = (int)g->n;
		return (long)g->n++;
	}
	g->keys[g->n] = strdup(key);
	if (!g->keys[g->n])
		return -1;
	g->n++;
	if (2 * g->n > g->nhash) {
		if (groups_rehash(g, 2 * g->nhash) < 0)
			return -1;
	} else {
		g->hash[k] = (uint32_t)g->n;
	}
	return (long)g->n - 1;
}

struct order_ctx {
	const struct an_groups *g;	/* the groups */
	const struct choice_list *list;	/* choice order, or NULL */
	int numeric;			/* every key is a number */
};

static long choice_pos(const struct choice_list *l, const char *key)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (!strcmp(l->v[i].name, key))
			return (long)i;
	return -1;
}

static int cmp_group(const void *a, const void *b, void *ctx)
{
	const struct order_ctx *o = ctx;
	const char *x = o->g->keys[*(const size_t *)a], *y = o->g->keys[*(const size_t *)b];

	if (!x || !y)
		return (x == NULL) - (y == NULL);	/* no answer last */
	if (o->list) {
		long px = choice_pos(o->list, x), py = choice_pos(o->list, y);

		if (px != py) {
			if (px < 0 || py < 0)
				return px < 0 ? 1 : -1;
			return px < py ? -1 : 1;
		}
	}
	if (o->numeric) {
		double dx = an_number(x), dy = an_number(y);

		if (dx != dy)
			return dx < dy ? -1 : 1;
	}
	return strcmp(x, y);
}

size_t *an_groups_order(const struct an_groups *g, const struct an_by *by)
{
	size_t *order = malloc((g->n ? g->n : 1) * sizeof(*order)), i;
	struct order_ctx o = { g, by ? by->list : NULL, 1 };

	if (!order)
		return NULL;
	for (i = 0; i < g->n; i++) {
		order[i] = i;
		if (g->keys[i] && isnan(an_number(g->keys[i])))
			o.numeric = 0;
	}
	qsort_r(order, g->n, sizeof(*order), cmp_group, &o);
	return order;
}

int an_group_label(struct an_text *t, struct arena *a, const struct an_by *by, const char *key)
{
	long pos;

	memset(t, 0, sizeof(*t));
	if (!key)
		return 0;
	pos = by ? choice_pos(by->list, key) : -1;
	if (pos >= 0)
		return an_text_from_label(t, a, by->qs, &by->list->v[pos].label);
	t->text[0] = arena_strdup(a, key);
	if (!t->text[0])
		return UT_ENOMEM;
	t->n = 1;
	return 0;
}

/* --- suppression ------------------------------------------------------------------------ */

const char *an_hide_id(enum an_hide h)
{
	switch (h) {
	case AN_SHOWN: return "shown";
	case AN_HIDE_SMALL: return "fewer_than_min_group";
	case AN_HIDE_COMPLEMENT: return "protects_a_small_group";
	case AN_HIDE_DIMENSION: return "a_dimension_is_suppressed";
	}
	return "?";
}

size_t an_suppress(const size_t *n, size_t k, size_t min_group, unsigned char *hide)
{
	size_t i, hidden = 0, nhidden = 0;

	for (i = 0; i < k; i++) {
		if (!hide[i] && n[i] > 0 && n[i] < min_group)
			hide[i] = AN_HIDE_SMALL;
		if (hide[i]) {
			hidden += n[i];
			nhidden++;
		}
	}
	/* The total is shown: the hidden cells together must not be a small group. */
	while (hidden > 0 && hidden < min_group) {
		size_t best = k;

		for (i = 0; i < k; i++)
			if (!hide[i] && n[i] > 0 && (best == k || n[i] < n[best]))
				best = i;
		if (best == k)
			break;
		hide[best] = AN_HIDE_COMPLEMENT;
		hidden += n[best];
		nhidden++;
	}
	return nhidden;
}

/* --- atoms ------------------------------------------------------------------------------- */

void an_atoms_init(struct an_atoms *a, size_t min_group, size_t nvar)
{
	memset(a, 0, sizeof(*a));
	an_groups_init(&a->keys);
	a->min_group = min_group;
	a->nvar = nvar;
}

void an_atoms_release(struct an_atoms *a)
{
	an_groups_release(&a->keys);
	free(a->n);
	free(a->var);
	free(a->buf);
	free(a->lgrp);
	free(a->lwave);
	memset(a, 0, sizeof(*a));
}

/* Append "/LEN:TEXT", or "/-" without text, at p; the end. */
static char *put_part(char *p, const char *s, size_t len)
{
	*p++ = '/';
	if (!s) {
		*p++ = '-';
		return p;
	}
	p += decimal_u64(p, len);
	*p++ = ':';
	memcpy(p, s, len);
	return p + len;
}

/* The key of r's atom in a->buf; NULL on memory. */
static const char *atom_key(struct an_atoms *a, const struct an_source *src,
			    const struct an_version *v, const struct respondent *r)
{
	/* Length-prefixed, so that no two (group, wave) pairs share a key; "-" for no value. */
	const char *grp = r->group && *r->group ? r->group : NULL;
	const char *wave = r->wave && *r->wave ? r->wave : NULL;
	size_t lg = grp ? strlen(grp) : 0, lw = wave ? strlen(wave) : 0, need = lg + lw + 80;
	char *p;

	if (need > a->abuf) {
		char *b = realloc(a->buf, need);

		if (!b)
			return NULL;
		a->buf = b;
		a->abuf = need;
	}
	/* "%zu/%zu:%s/%zu:%s" and its forms with "-", without the cost of printf per respondent */
	p = a->buf + decimal_u64(a->buf, (uint64_t)(v ? v->form : 0));
	p = put_part(p, grp, lg);
	p = put_part(p, wave, lw);
	*p = '\0';
	(void)src;
	return a->buf;
}

/* a and b the same text, or both NULL. */
static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* s, or NULL for NULL or "" (atom_key()'s "no value"). */
static const char *text_or_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* Remember r as the last respondent added, in atom i (no harm when out of memory). */
static void atoms_remember(struct an_atoms *a, size_t form, const char *grp, const char *wave,
			   long i)
{
	free(a->lgrp);
	free(a->lwave);
	a->lgrp = grp ? strdup(grp) : NULL;
	a->lwave = wave ? strdup(wave) : NULL;
	a->lform = form;
	a->last = i;
	a->lvalid = (!grp || a->lgrp) && (!wave || a->lwave);
}

long an_atoms_add(struct an_atoms *a, const struct an_source *src, const struct an_version *v,
		  const struct respondent *r)
{
	const char *grp = text_or_null(r->group), *wave = text_or_null(r->wave), *key;
	size_t form = v ? v->form : 0;
	long i;

	/* respondents come in runs of one atom (often a single one): no key for those */
	if (a->lvalid && form == a->lform && same_text(grp, a->lgrp) && same_text(wave, a->lwave)) {
		a->n[a->last]++;
		return a->last;
	}
	key = atom_key(a, src, v, r);
	i = key ? an_groups_add(&a->keys, key) : -1;
	if (i < 0)
		return -1;
	if ((size_t)i >= a->alloc) {
		size_t na = a->alloc ? 2 * a->alloc : 16;
		size_t *nn = realloc(a->n, na * sizeof(*nn));

		if (!nn)
			return -1;
		a->n = nn;
		memset(a->n + a->alloc, 0, (na - a->alloc) * sizeof(*nn));
		if (a->nvar) {
			size_t *nv = realloc(a->var, na * a->nvar * sizeof(*nv));

			if (!nv)
				return -1;
			a->var = nv;
			memset(a->var + a->alloc * a->nvar, 0,
			       (na - a->alloc) * a->nvar * sizeof(*nv));
		}
		a->alloc = na;
	}
	a->n[i]++;
	atoms_remember(a, form, grp, wave, i);
	return i;
}

int an_atoms_any_small(const struct an_atoms *a)
{
	size_t i;

	for (i = 0; i < a->keys.n; i++)
		if (a->n[i] > 0 && a->n[i] < a->min_group)
			return 1;
	return 0;
}

struct atoms_ctx {
	struct an_atoms *a;		/* being counted */
	struct an_source *src;		/* the sources */
	int (*fn)(void *ctx, size_t atom, const struct an_version *v,
		  const char *const *values, size_t n);
	void *ctx;			/* fn's */
	struct error *err;		/* for messages */
};

static int atoms_row(void *ctx, const struct an_version *v, const struct respondent *r,
		     const char *const *values, size_t n)
{
	struct atoms_ctx *c = ctx;
	long i = an_atoms_add(c->a, c->src, v, r);

	if (i < 0)
		return error_set(c->err, "out of memory"), UT_ENOMEM;
	return c->fn ? c->fn(c->ctx, (size_t)i, v, values, n) : 0;
}

/* The respondent of a count without answers (an_atoms_count() without fn). */
struct resp_ctx {
	struct each_ctx e;		/* the sources and the form being read */
	struct atoms_ctx *c;		/* the count */
};

static int atoms_resp(void *ctx, const struct respondent *r)
{
	struct resp_ctx *x = ctx;
	const struct an_version *v = each_version(&x->e, r);

	return v ? atoms_row(x->c, v, r, NULL, 0) : 0;
}

int an_atoms_count(struct an_atoms *a, struct an_source *src, struct store *st,
		   int submitted_only,
		   int (*fn)(void *ctx, size_t atom, const struct an_version *v,
			     const char *const *values, size_t n),
		   void *ctx, struct error *err)
{
	struct atoms_ctx c = { a, src, fn, ctx, err };
	struct resp_ctx x = { { src, NULL, NULL, NULL, NULL }, &c };
	size_t i;
	int rc;

	if (fn)
		return an_source_each(src, st, submitted_only, atoms_row, &c, err);
	/* only the groups and waves are counted: the answers are not read */
	src->nread = 0;
	for (i = 0; i < src->nforms; i++) {
		x.e.form = &src->forms[i];
		x.e.form->nresp = 0;
		x.e.form->vmin = x.e.form->vmax = 0;
		rc = store_respondents_each(st, x.e.form->form_id, 0, submitted_only, atoms_resp, &x,
					    err);
		if (rc < 0)
			return UT_EIO;
		if (rc)
			return rc;
	}
	return 0;
}

long an_atoms_find(struct an_atoms *a, const struct an_source *src, const struct an_version *v,
		   const struct respondent *r)
{
	const char *key = atom_key(a, src, v, r);
	size_t k;

	if (!key || !a->keys.hash)
		return -1;
	k = hash_str(key) & (a->keys.nhash - 1);
	while (a->keys.hash[k]) {
		if (!strcmp(a->keys.keys[a->keys.hash[k] - 1], key))
			return (long)a->keys.hash[k] - 1;
		k = (k + 1) & (a->keys.nhash - 1);
	}
	return -1;
}

int an_atoms_small(const struct an_atoms *a, long i)
{
	return i < 0 || (size_t)i >= a->keys.n || a->n[i] < a->min_group;
}

int an_atoms_small_var(const struct an_atoms *a, long i, size_t j)
{
	return an_atoms_small(a, i) || a->var[(size_t)i * a->nvar + j] < a->min_group;
}
