/*
 * form_post: posted fields back into answers (see form.h): reading and
 * normalising what a browser posts, checking it, the page walk, the
 * follow-ups shown in place, signatures and repeat actions.  The HTML is
 * form_render.c's.
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
#include "util/array.h"

/* --- posted fields ---------------------------------------------------- */

int form_fields_add(struct form_fields *f, const char *name, const char *value, size_t vlen)
{
	struct form_field *x;

	if (ARRAY_GROW(f->v, f->alloc, f->n + 1, 16) < 0)
		return -1;
	x = &f->v[f->n];
	x->name = strdup(name);
	x->value = malloc(vlen + 1);
	if (!x->name || !x->value) {
		free(x->name);
		free(x->value);
		return -1;
	}
	memcpy(x->value, value, vlen);
	x->value[vlen] = '\0';
	/*
	 * A value with a NUL byte would be cut short at it without a word:
	 * mark it with a control character instead, which every question's
	 * check refuses, so that the respondent is told and nothing is kept.
	 */
	if (memchr(value, '\0', vlen))
		x->value[strlen(x->value)] = '\x01';
	f->n++;
	return 0;
}

const char *form_fields_get(const struct form_fields *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].name, name))
			return f->v[i].value;
	return NULL;
}

void form_fields_release(struct form_fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].name);
		free(f->v[i].value);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void form_errors_release(struct form_errors *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* No path: the top level. */
const size_t top_path[SURVEY_MAX_REPEAT_DEPTH];

/* 1 when error x is about q in instance path (q->depth indices). */
static int error_is(const struct form_error *x, const struct question *q, const size_t *path)
{
	if (x->q != q)
		return 0;
	for (unsigned k = 0; k < q->depth && k < SURVEY_MAX_REPEAT_DEPTH; k++)
		if (x->path[k] != (path ? path[k] : 0))
			return 0;
	return 1;
}

/* Add an error for q in instance path unless it already has one.  0 or -1. */
static int add_error_at(struct form_errors *e, const struct question *q, const size_t *path,
			const char *msg)
{
	struct form_error *x;

	for (size_t i = 0; i < e->n; i++)
		if (error_is(&e->v[i], q, path))
			return 0;
	if (ARRAY_GROW(e->v, e->alloc, e->n + 1, 8) < 0)
		return -1;
	x = &e->v[e->n++];
	memset(x, 0, sizeof(*x));
	x->q = q;
	x->msg = msg;
	if (path && q->depth)
		memcpy(x->path, path, q->depth * sizeof(*path));
	return 0;
}

const char *error_at(const struct form_errors *e, const struct question *q,
		     const size_t *path)
{
	for (size_t i = 0; e && i < e->n; i++)
		if (error_is(&e->v[i], q, path))
			return e->v[i].msg;
	return NULL;
}

/* --- items at their instance ------------------------------------------- */

/* The names of q at path, with n indices of path (q->depth, or one more for an instance). */
void fitem_init_n(struct fitem *it, const struct question *q, const size_t *path,
		  unsigned n)
{
	size_t k, m;

	it->q = q;
	it->path = path ? path : top_path;
	k = m = (size_t)snprintf(it->key, sizeof(it->key), "%s", q->name);
	memcpy(it->id, it->key, k + 1);
	for (unsigned d = 0; d < n && d < SURVEY_MAX_REPEAT_DEPTH; d++) {
		k += (size_t)snprintf(it->key + k, sizeof(it->key) - k, "[%zu]", it->path[d]);
		m += (size_t)snprintf(it->id + m, sizeof(it->id) - m, "-%zu", it->path[d]);
	}
}

void fitem_init(struct fitem *it, const struct question *q, const size_t *path)
{
	fitem_init_n(it, q, path, q->depth);
}

/*
 * Visit q at instance path, then what is inside: a group's items, each
 * instance of a repeat (path[q->depth] set to it) and its items.  fn
 * returns 0 to go on, 1 to skip what is inside, negative to stop (returned).
 */
typedef int (*walk_fn)(void *ctx, const struct question *q, size_t *path);

static int walk(const struct response *r, const struct question *q, size_t *path, walk_fn fn,
		void *ctx)
{
	int rc = fn(ctx, q, path);

	if (rc < 0)
		return rc;
	if (rc > 0)
		return 0;
	if (q->type == Q_GROUP) {
		for (size_t i = 0; i < q->nchildren; i++)
			if ((rc = walk(r, q->children[i], path, fn, ctx)) < 0)
				return rc;
	} else if (q->type == Q_REPEAT && q->depth < SURVEY_MAX_REPEAT_DEPTH) {
		size_t n = response_count(r, q, path);

		for (size_t k = 0; k < n; k++) {
			path[q->depth] = k;
			for (size_t i = 0; i < q->nchildren; i++)
				if ((rc = walk(r, q->children[i], path, fn, ctx)) < 0)
					return rc;
		}
	}
	return 0;
}

/* walk() over page (-1 or out of range: the whole survey). */
static int walk_page(const struct response *r, int page, walk_fn fn, void *ctx)
{
	size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };
	int rc = 0;

	if (page >= 0 && (size_t)page < r->s->ntop)
		return walk(r, r->s->top[page], path, fn, ctx);
	for (size_t i = 0; rc >= 0 && i < r->s->ntop; i++)
		rc = walk(r, r->s->top[i], path, fn, ctx);
	return rc;
}

/* The enclosing repeat of q at depth d (< q->depth). */
const struct question *repeat_at_depth(const struct question *q, unsigned d)
{
	const struct question *rep = q->repeat;

	while (rep && rep->depth > d)
		rep = rep->repeat;
	return rep;
}

/* --- pages and relevance ---------------------------------------------- */

const char *form_lang_code(const struct survey *s, size_t lang)
{
	return lang < s->nlang ? s->languages[lang] : "fr";
}

/* 1 when q is top or inside it. */
static int in_page(const struct question *q, const struct question *top)
{
	for (; q; q = q->parent)
		if (q == top)
			return 1;
	return 0;
}

/* Shown to the respondent at path: relevant and not a calculation. */
int shown_at(const struct response *r, const struct question *q, const size_t *path)
{
	return q->type != Q_CALCULATE && response_relevant_at(r, q, path ? path : top_path);
}

/*
 * 1 when q at path has something to show: a question or note shown, a
 * group with one, an open repeat shown (instances can be added), a
 * repeat with a fixed count with one inside an instance.
 */
static int visible_at(const struct response *r, const struct question *q, size_t *path)
{
	if (!shown_at(r, q, path))
		return 0;
	if (q->type == Q_GROUP) {
		for (size_t i = 0; i < q->nchildren; i++)
			if (visible_at(r, q->children[i], path))
				return 1;
		return 0;
	}
	if (q->type == Q_REPEAT) {
		size_t n = response_count(r, q, path);

		if (!q->repeat_count)
			return 1;
		for (size_t k = 0; k < n && q->depth < SURVEY_MAX_REPEAT_DEPTH; k++) {
			path[q->depth] = k;
			for (size_t i = 0; i < q->nchildren; i++)
				if (visible_at(r, q->children[i], path))
					return 1;
		}
		return 0;
	}
	return 1;
}

int form_page_visible(const struct response *r, int page)
{
	size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };

	if (page < 0 || (size_t)page >= r->s->ntop)
		return 0;
	return visible_at(r, r->s->top[page], path);
}

int form_next_page(const struct response *r, int page)
{
	int p = page < 0 ? 0 : page + 1;

	while ((size_t)p < r->s->ntop && !form_page_visible(r, p))
		p++;
	return p;
}

int form_prev_page(const struct response *r, int page)
{
	int p = page - 1;

	while (p >= 0 && !form_page_visible(r, p))
		p--;
	return p;
}

/* --- choice filters ---------------------------------------------------- */

/* 1 when the space-separated list has word. */
int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	while (list && *list) {
		const char *sp = strchr(list, ' ');
		size_t len = sp ? (size_t)(sp - list) : strlen(list);

		if (len == n && !strncmp(list, word, n))
			return 1;
		list = sp ? sp + 1 : NULL;
	}
	return 0;
}

/* --- reading posted fields --------------------------------------------- */

static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy of s without surrounding blanks into sb. */
static int trimmed(struct strbuf *sb, const char *s)
{
	size_t n;

	while (*s && is_blank((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && is_blank((unsigned char)s[n - 1]))
		n--;
	strbuf_reset(sb);
	return strbuf_add(sb, s, n);
}

/*
 * A number as people type it: "1 000" (with ordinary, no-break or narrow
 * no-break spaces) and, for decimals, "2,5".
 */
static int normalise_number(struct strbuf *sb, const char *s, int decimal)
{
	struct strbuf tmp = STRBUF_INIT;
	int rc = trimmed(&tmp, s);

	strbuf_reset(sb);
	for (size_t i = 0; rc == 0 && i < tmp.len; i++) {
		unsigned char c = (unsigned char)tmp.buf[i];

		if (c == ' ')
			continue;
		if (c == 0xc2 && (unsigned char)tmp.buf[i + 1] == 0xa0) {	/* U+00A0 */
			i++;
			continue;
		}
		if (c == 0xe2 && (unsigned char)tmp.buf[i + 1] == 0x80 &&
		    (unsigned char)tmp.buf[i + 2] == 0xaf) {			/* U+202F */
			i += 2;
			continue;
		}
		if (decimal && c == ',' && !strchr(tmp.buf, '.'))
			c = '.';
		rc = strbuf_addch(sb, c);
	}
	strbuf_release(&tmp);
	return rc;
}

/* A date typed D/M/YYYY (or with '.' or '-') becomes YYYY-MM-DD; anything else is kept. */
static int normalise_date(struct strbuf *sb, const char *s)
{
	unsigned d, m, y;
	char sep1, sep2;
	int used = 0;

	if (trimmed(sb, s) < 0)
		return -1;
	if (sscanf(sb->buf, "%2u%c%2u%c%4u%n", &d, &sep1, &m, &sep2, &y, &used) == 5 &&
	    (size_t)used == sb->len && sep1 == sep2 && (sep1 == '/' || sep1 == '.' || sep1 == '-') &&
	    y >= 1000) {
		strbuf_reset(sb);
		return strbuf_addf(sb, "%04u-%02u-%02u", y, m, d);
	}
	return 0;
}

/* Text: CRLF to LF and surrounding blanks removed. */
static int normalise_text(struct strbuf *sb, const char *s)
{
	struct strbuf tmp = STRBUF_INIT;
	int rc = trimmed(&tmp, s);

	strbuf_reset(sb);
	for (size_t i = 0; rc == 0 && i < tmp.len; i++)
		if (!(tmp.buf[i] == '\r' && tmp.buf[i + 1] == '\n'))
			rc = strbuf_addch(sb, tmp.buf[i]);
	strbuf_release(&tmp);
	return rc;
}

/*
 * The posted fields sorted by name (then by order received), so that a
 * page of many instances finds each field without reading them all.
 */
struct findex {
	const struct form_fields *f;	/* the fields */
	size_t *ord;			/* indices into f->v, sorted */
};

/* qsort() has no context argument; POSTs are answered on several threads */
static _Thread_local const struct form_fields *sort_fields;

static int cmp_field(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_fields->v[i].name, sort_fields->v[j].name);

	return c ? c : (i > j) - (i < j);
}

static int findex_init(struct findex *x, const struct form_fields *f)
{
	x->f = f;
	x->ord = malloc((f->n ? f->n : 1) * sizeof(*x->ord));
	if (!x->ord)
		return -1;
	for (size_t i = 0; i < f->n; i++)
		x->ord[i] = i;
	sort_fields = f;
	qsort(x->ord, f->n, sizeof(*x->ord), cmp_field);
	return 0;
}

static void findex_release(struct findex *x)
{
	free(x->ord);
	x->ord = NULL;
}

/* The first position in sorted order whose name is not below name. */
static size_t findex_lower(const struct findex *x, const char *name)
{
	size_t lo = 0, hi = x->f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(x->f->v[x->ord[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The value of the first field called name, or NULL. */
static const char *findex_get(const struct findex *x, const char *name)
{
	size_t k = findex_lower(x, name);

	return k < x->f->n && !strcmp(x->f->v[x->ord[k]].name, name) ? x->f->v[x->ord[k]].value
								       : NULL;
}

/* select_multiple: every field called key, in the list's order, then unknown values. */
static int collect_multiple(struct strbuf *sb, const struct question *q, const struct findex *x,
			    const char *key)
{
	const struct form_fields *f = x->f;
	size_t first = findex_lower(x, key), end = first;

	while (end < f->n && !strcmp(f->v[x->ord[end]].name, key))
		end++;
	strbuf_reset(sb);
	for (size_t c = 0; c < q->list->n; c++) {
		const char *cn = q->list->v[c].name;

		for (size_t i = first; i < end; i++)
			if (!strcmp(f->v[x->ord[i]].value, cn)) {
				if ((sb->len && strbuf_addch(sb, ' ') < 0) || strbuf_addstr(sb, cn) < 0)
					return -1;
				break;
			}
	}
	/* values not in the list are kept, so that the check reports them */
	for (size_t i = first; i < end; i++) {
		const char *v = f->v[x->ord[i]].value;
		size_t c;

		if (!*v)
			continue;
		for (c = 0; c < q->list->n && strcmp(q->list->v[c].name, v); c++)
			;
		if (c == q->list->n && ((sb->len && strbuf_addch(sb, ' ') < 0) ||
					strbuf_addstr(sb, v) < 0))
			return -1;
	}
	return 0;
}

/*
 * rank: a field "KEY.CHOICE" per choice holding its rank (empty: not
 * ranked).  Builds the choices in rank order; *dup is set when two choices
 * have the same rank or a rank is not a number in range.
 */
static int collect_rank(struct strbuf *sb, const struct question *q, const struct findex *x,
			const char *key, int *dup)
{
	const struct form_fields *f = x->f;
	size_t n = q->list->n, prefix = strlen(key);
	int *pos = calloc(n ? n : 1, sizeof(*pos));
	char lead[FORM_KEY_MAX + 1];

	if (!pos)
		return -1;
	*dup = 0;
	strbuf_reset(sb);
	snprintf(lead, sizeof(lead), "%s.", key);
	for (size_t k = findex_lower(x, lead); k < f->n; k++) {
		const char *name = f->v[x->ord[k]].name, *v = f->v[x->ord[k]].value;
		char *end;
		long rk;

		if (strncmp(name, lead, prefix + 1))
			break;
		if (!*v)
			continue;
		for (size_t c = 0; c < n; c++) {
			if (strcmp(name + prefix + 1, q->list->v[c].name))
				continue;
			rk = strtol(v, &end, 10);
			if (*end || rk < 1 || (size_t)rk > n)
				*dup = 1;
			else
				pos[c] = (int)rk;
		}
	}
	for (size_t k = 1; k <= n; k++) {
		int seen = 0;

		for (size_t c = 0; c < n; c++) {
			if (pos[c] != (int)k)
				continue;
			if (seen++)
				*dup = 1;
			if ((sb->len && strbuf_addch(sb, ' ') < 0) ||
			    strbuf_addstr(sb, q->list->v[c].name) < 0) {
				free(pos);
				return -1;
			}
		}
	}
	free(pos);
	return 0;
}

/* What form_apply() walks with. */
struct apply_ctx {
	struct response *r;		/* the answers */
	const struct findex *x;		/* the posted fields */
	struct form_errors *errs;	/* rank errors */
	const char *code;		/* the respondent's language */
	struct strbuf v;		/* scratch */
};

static int apply_one(void *ctx, const struct question *q, size_t *path)
{
	struct apply_ctx *ac = ctx;
	struct fitem it;
	const char *in;
	int dup = 0, rc = -1;

	/* a read-only question keeps its stored or calculated value, whatever is posted */
	if (!q_is_answered(q) || q->read_only)
		return 0;
	fitem_init(&it, q, path);
	in = findex_get(ac->x, it.key);
	switch (q->type) {
	case Q_SELECT_MULTIPLE:
		rc = collect_multiple(&ac->v, q, ac->x, it.key);
		break;
	case Q_RANK:
		rc = collect_rank(&ac->v, q, ac->x, it.key, &dup);
		if (rc == 0 && dup)
			rc = add_error_at(ac->errs, q, path, msg_get(M_RANK_DUPLICATE, ac->code));
		break;
	case Q_INTEGER:
		rc = normalise_number(&ac->v, in ? in : "", 0);
		break;
	case Q_DECIMAL:
	case Q_RANGE:
		rc = normalise_number(&ac->v, in ? in : "", 1);
		break;
	case Q_DATE:
		rc = normalise_date(&ac->v, in ? in : "");
		break;
	case Q_TEXT:
		rc = normalise_text(&ac->v, in ? in : "");
		break;
	case Q_SELECT_ONE:
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		rc = trimmed(&ac->v, in ? in : "");
	}
	if (rc == 0 && response_set_at(ac->r, q, path, ac->v.len ? ac->v.buf : NULL) == -1)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

int form_apply(struct response *r, int page, const struct form_fields *f,
	       struct form_errors *errs, size_t lang)
{
	const struct survey *s = r->s;
	struct apply_ctx ac;
	struct findex x;
	int rc;

	if (page < 0 || (size_t)page >= s->ntop)
		return 0;
	if (findex_init(&x, f) < 0)
		return -1;
	memset(&ac, 0, sizeof(ac));
	ac.r = r;
	ac.x = &x;
	ac.errs = errs;
	ac.code = form_lang_code(s, lang);
	ac.v = (struct strbuf)STRBUF_INIT;
	rc = walk_page(r, page, apply_one, &ac);
	strbuf_release(&ac.v);
	findex_release(&x);
	if (rc == 0 && response_update(r, 1) < 0)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

/* The respondent's sentence for a value that is not of q's type. */
static const char *invalid_message(const struct question *q, const char *lang)
{
	switch (q->type) {
	case Q_INTEGER: return msg_get(M_INVALID_INTEGER, lang);
	case Q_DECIMAL: return msg_get(M_INVALID_DECIMAL, lang);
	case Q_DATE: return msg_get(M_INVALID_DATE, lang);
	case Q_RANGE: return msg_get(M_INVALID_NUMBER, lang);
	case Q_TEXT: return msg_get(M_INVALID_TEXT, lang);
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
			break;
	}
	return msg_get(M_INVALID_CHOICE, lang);
}

/*
 * Document order of errors, instance by instance: an item sorts as its
 * chain of (enclosing repeat, instance) pairs then itself; a repeat's
 * count error comes before its instances.
 */
static int cmp_error(const void *a, const void *b)
{
	const struct form_error *x = a, *y = b;
	unsigned k;

	for (k = 0;; k++) {
		const struct question *qx = k < x->q->depth ? repeat_at_depth(x->q, k) : x->q;
		const struct question *qy = k < y->q->depth ? repeat_at_depth(y->q, k) : y->q;
		long long ix = k < x->q->depth ? (long long)x->path[k] : -1;
		long long iy = k < y->q->depth ? (long long)y->path[k] : -1;

		if (qx->index != qy->index)
			return qx->index < qy->index ? -1 : 1;
		if (ix != iy)
			return ix < iy ? -1 : 1;
		if (k >= x->q->depth || k >= y->q->depth)
			return 0;
	}
}

int form_check(const struct response *r, int page, struct form_errors *errs, size_t lang)
{
	const struct survey *s = r->s;
	const char *code = form_lang_code(s, lang);
	struct problems probs = { NULL, 0, 0 };
	int rc;

	rc = response_check(r, page >= 0 && (size_t)page < s->ntop ? s->top[page] : NULL, &probs);
	for (size_t i = 0; rc >= 0 && i < probs.n; i++) {
		const struct problem *p = &probs.v[i];
		const char *m = p->kind == PROBLEM_INVALID ? invalid_message(p->q, code)
							   : problem_message(s, p, lang);

		if (add_error_at(errs, p->q, p->path, m) < 0)
			rc = -1;
	}
	problems_release(&probs);
	if (rc < 0)
		return -1;
	/* keep errs in document order (a stable insertion sort: few errors) */
	for (size_t i = 1; i < errs->n; i++) {
		struct form_error x = errs->v[i];
		size_t j = i;

		while (j > 0 && cmp_error(&errs->v[j - 1], &x) > 0) {
			errs->v[j] = errs->v[j - 1];
			j--;
		}
		errs->v[j] = x;
	}
	return (int)errs->n;
}

void form_drop_invalid(struct response *r, const struct form_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		if (question_has_value(errs->v[i].q))
			response_set_at(r, errs->v[i].q, errs->v[i].path, NULL);
}

void form_errors_keep_given(const struct response *r, struct form_errors *errs)
{
	size_t k = 0;

	for (size_t i = 0; i < errs->n; i++)
		if (question_has_value(errs->v[i].q) &&
		    response_get_at(r, errs->v[i].q, errs->v[i].path))
			errs->v[k++] = errs->v[i];
	errs->n = k;
}

/* --- follow-up questions shown in place ------------------------------- */

/*
 * A follow-up question whose relevance depends on one radio or check box
 * question above it on the same page is written into the page even while
 * it is not relevant, and the style sheet shows it as soon as an answer
 * that makes it relevant is ticked (`form:has(.tK:checked) .wK`), with no
 * script.  The server's rules still decide: what is posted goes through
 * form_apply() and response_update() as before, and an answer to a
 * question that is not relevant is dropped.  The expression is tried with
 * each choice alone (and, for check boxes, with the others around it):
 * only a follow-up that shows exactly when one of some choices is ticked
 * is put in place; any other keeps the server's "Suivant" to appear.
 */
/* The expression env of truth_with(): question name has value, every other is unanswered. */
struct one_env {
	const char *name;		/* the question */
	const char *value;		/* its answer */
};

static const char *one_lookup(void *ctx, const char *name)
{
	const struct one_env *oe = ctx;

	return !strcmp(name, oe->name) ? oe->value : "";
}

/* e with only question name answered, value: 1, 0, or -1. */
static int truth_with(const struct expr *e, const char *name, const char *value)
{
	struct one_env oe = { name, value };
	struct expr_env env;

	memset(&env, 0, sizeof(env));
	env.lookup = one_lookup;
	env.ctx = &oe;
	env.today = "2000-01-01";
	return expr_eval_bool(e, &env);
}

static int one_ref(void *ctx, const char *name, int col)
{
	const char **only = ctx;

	(void)col;
	if (*only && strcmp(*only, name)) {
		*only = "";	/* a second question */
		return 1;
	}
	*only = name;
	return 0;
}

/* The choice names whose flag in on is want, space-separated, into sb ("" when none). */
static int choices_where(struct strbuf *sb, const struct choice_list *l, const unsigned char *on,
			 int want, const char *also)
{
	strbuf_reset(sb);
	for (size_t c = 0; c < l->n; c++)
		if ((on[c] != 0) == want &&
		    ((sb->len && strbuf_addch(sb, ' ') < 0) || strbuf_addstr(sb, l->v[c].name) < 0))
			return -1;
	if (also && ((sb->len && strbuf_addch(sb, ' ') < 0) || strbuf_addstr(sb, also) < 0))
		return -1;
	return 0;
}

/*
 * Whether q can be shown in place on page: 1 with x filled (x->on
 * malloc'd), 0 when not, -1 out of memory.
 */
static int inplace_of(const struct response *r, const struct question *top, const struct question *q,
		      struct inplace *x)
{
	const struct question *t;
	const char *name = NULL;
	struct strbuf sb = STRBUF_INIT;
	size_t non = 0;
	int rc = 1;

	if (!q->relevant || q->depth || q->read_only || !question_has_value(q) ||
	    q->type == Q_CALCULATE || question_is_container(q) || !in_page(q, top))
		return 0;
	for (const struct question *a = q->parent; a && a != top->parent; a = a->parent)
		if (!shown_at(r, a, NULL))
			return 0;
	expr_foreach_ref(q->relevant, one_ref, &name);
	if (!name || !*name || !(t = survey_find(r->s, name)) || t == q || t->depth ||
	    t->index > q->index || !in_page(t, top) || t->read_only || !shown_at(r, t, NULL) ||
	    (t->type != Q_SELECT_ONE && t->type != Q_SELECT_MULTIPLE) || !t->list ||
	    (t->appearance && !strcmp(t->appearance, "minimal")))
		return 0;
	if (truth_with(q->relevant, name, "") != 0)
		return 0;	/* shown unanswered, or out of memory: the server's way */
	if (!(x->on = calloc(t->list->n ? t->list->n : 1, 1)))
		return -1;
	for (size_t c = 0; c < t->list->n; c++) {
		int k = truth_with(q->relevant, name, t->list->v[c].name);

		if (k < 0)
			goto fail;
		x->on[c] = (unsigned char)k;
		non += (size_t)k;
	}
	if (non == 0)
		rc = 0;
	/* check boxes: any of the revealing choices with all the others, and none of them */
	for (size_t c = 0; rc == 1 && t->type == Q_SELECT_MULTIPLE && c < t->list->n; c++) {
		if (!x->on[c])
			continue;
		if (choices_where(&sb, t->list, x->on, 0, t->list->v[c].name) < 0)
			goto fail;
		rc = truth_with(q->relevant, name, sb.buf);
	}
	if (rc == 1 && t->type == Q_SELECT_MULTIPLE) {
		if (choices_where(&sb, t->list, x->on, 0, NULL) < 0)
			goto fail;
		rc = truth_with(q->relevant, name, sb.buf);
		rc = rc < 0 ? rc : !rc;
	}
	strbuf_release(&sb);
	if (rc != 1) {
		free(x->on);
		x->on = NULL;
		return rc < 0 ? -1 : 0;
	}
	x->q = q;
	x->t = t;
	return 1;
fail:
	strbuf_release(&sb);
	free(x->on);
	x->on = NULL;
	return -1;
}

/* Find page's follow-ups in place into pc.  0 or -1 (memory). */
int inplace_find(const struct response *r, int page, struct page_ctx *pc)
{
	const struct question *top;

	pc->n = 0;
	if (page < 0 || (size_t)page >= r->s->ntop)
		return 0;
	top = r->s->top[page];
	for (size_t i = 0; i < r->s->nq && pc->n < FORM_MAX_INPLACE; i++) {
		int k = inplace_of(r, top, r->s->questions[i], &pc->v[pc->n]);

		if (k < 0)
			return -1;
		pc->n += (size_t)k;
	}
	return 0;
}

void inplace_release(struct page_ctx *pc)
{
	for (size_t i = 0; i < pc->n; i++)
		free(pc->v[i].on);
	pc->n = 0;
}

/* 1-based number of q among the follow-ups in place at path, or 0. */
int inplace_number(const struct page_ctx *pc, const struct question *q, const size_t *path)
{
	(void)path;	/* only questions outside repeats are put in place */
	for (size_t i = 0; pc && i < pc->n; i++)
		if (pc->v[i].q == q)
			return (int)i + 1;
	return 0;
}

/* What form_signature() and form_structure() walk with. */
struct sig_ctx {
	const struct response *r;	/* the answers */
	struct strbuf *out;		/* the text */
	const struct page_ctx *pc;	/* the follow-ups in place (listed: they are on the page), or NULL */
};

static int sig_one(void *ctx, const struct question *q, size_t *path)
{
	struct sig_ctx *sc = ctx;
	const struct response *r = sc->r;
	struct strbuf *out = sc->out;
	struct fitem it;

	if ((!shown_at(r, q, path) && !inplace_number(sc->pc, q, path)) || q->type == Q_GROUP)
		return 0;
	fitem_init(&it, q, path);
	if ((out->len && strbuf_addch(out, ' ') < 0) || strbuf_addstr(out, it.key) < 0)
		return -1;
	if (q->choice_filter) {
		uint32_t h = 2166136261u;	/* FNV-1a of the choices offered */

		for (size_t c = 0; c < q->list->n; c++) {
			int ok = response_offers_at(r, q, path, &q->list->v[c]);

			if (ok < 0)
				return -1;
			for (const char *p = q->list->v[c].name; ok && *p; p++)
				h = (h ^ (unsigned char)*p) * 16777619u;
			if (ok)
				h = (h ^ ' ') * 16777619u;
		}
		if (strbuf_addf(out, "~%08x", h) < 0)
			return -1;
	}
	return 0;
}

int form_signature(const struct response *r, int page, struct strbuf *out)
{
	struct page_ctx *pc = calloc(1, sizeof(*pc));
	struct sig_ctx sc = { r, out, pc };
	int rc = pc ? 0 : -1;

	strbuf_reset(out);
	if (rc == 0 && (page < 0 || (size_t)page >= r->s->ntop))
		goto out;
	if (rc == 0)
		rc = inplace_find(r, page, pc);
	if (rc == 0)
		rc = walk_page(r, page, sig_one, &sc) < 0 ? -1 : 0;
out:
	if (pc)
		inplace_release(pc);
	free(pc);
	return rc;
}

static int structure_one(void *ctx, const struct question *q, size_t *path)
{
	struct sig_ctx *sc = ctx;
	struct fitem it;

	if (q->type != Q_REPEAT)
		return 0;
	fitem_init(&it, q, path);
	if ((sc->out->len && strbuf_addch(sc->out, ' ') < 0) ||
	    strbuf_addf(sc->out, "%s:%zu", it.key, response_count(sc->r, q, path)) < 0)
		return -1;
	return 0;
}

int form_structure(const struct response *r, int page, struct strbuf *out)
{
	struct sig_ctx sc = { r, out, NULL };

	strbuf_reset(out);
	if (page < 0 || (size_t)page >= r->s->ntop)
		return 0;
	return walk_page(r, page, structure_one, &sc) < 0 ? -1 : 0;
}

int form_revealed(const char *before, const char *now)
{
	while (now && *now) {
		const char *sp = strchr(now, ' ');
		size_t len = sp ? (size_t)(sp - now) : strlen(now);
		char word[256];

		if (len < sizeof(word)) {
			memcpy(word, now, len);
			word[len] = '\0';
			if (!has_word(before ? before : "", word))
				return 1;
		}
		now = sp ? sp + 1 : NULL;
	}
	return 0;
}

/* 1 when the signature lists question name (with or without a choice hash). */
int signature_has(const char *sig, const char *name)
{
	size_t n = strlen(name);

	while (sig && *sig) {
		const char *sp = strchr(sig, ' ');
		size_t len = sp ? (size_t)(sp - sig) : strlen(sig);

		if (len >= n && !strncmp(sig, name, n) && (len == n || sig[n] == '~'))
			return 1;
		sig = sp ? sp + 1 : NULL;
	}
	return 0;
}

void form_errors_forget_new(struct form_errors *errs, const char *before)
{
	size_t k = 0;

	for (size_t i = 0; i < errs->n; i++) {
		struct fitem it;

		fitem_init(&it, errs->v[i].q, errs->v[i].path);
		if (signature_has(before, it.key))
			errs->v[k++] = errs->v[i];
	}
	errs->n = k;
}

/* What form_prefill() walks with. */
struct prefill_ctx {
	struct response *r;		/* the answers */
	int answered;			/* one is answered by the respondent */
	int set;			/* 1: put the defaults in */
};

static int prefill_one(void *ctx, const struct question *q, size_t *path)
{
	struct prefill_ctx *pc = ctx;

	if (!q_is_answered(q))
		return 0;
	if (!pc->set) {
		if (response_get_at(pc->r, q, path) && !response_computed_at(pc->r, q, path))
			pc->answered = 1;
		return 0;
	}
	if (q->default_value && response_set_at(pc->r, q, path, q->default_value) == -1)
		return -1;
	return 0;
}

int form_prefill(struct response *r, int page)
{
	struct prefill_ctx pc = { r, 0, 0 };

	if (page < 0 || (size_t)page >= r->s->ntop)
		return 0;
	if (walk_page(r, page, prefill_one, &pc) < 0)
		return -1;
	if (pc.answered)
		return 0;
	pc.set = 1;
	if (walk_page(r, page, prefill_one, &pc) < 0)
		return -1;
	return response_update(r, 1);
}

/*
 * Read "[i]" n times from *p into path (decimal, no leading zero, at most
 * five digits: SURVEY_REPEAT_LIMIT is 10,000).  Returns 0 and moves *p,
 * or -1.
 */
static int parse_path(const char **p, unsigned n, size_t *path)
{
	const char *s = *p;

	for (unsigned k = 0; k < n; k++) {
		size_t v = 0, nd = 0;

		if (*s++ != '[')
			return -1;
		if (s[0] == '0' && s[1] != ']')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++, nd++)
			v = v * 10 + (size_t)(*s - '0');
		if (nd == 0 || nd > 5 || *s++ != ']')
			return -1;
		path[k] = v;
	}
	*p = s;
	return 0;
}

/* 1 when instance path (n indices) of the repeats enclosing or being rep exists. */
static int instance_exists(const struct response *r, const struct question *rep,
			   const size_t *path, unsigned n)
{
	for (unsigned k = 0; k < n; k++) {
		const struct question *at = k < rep->depth ? repeat_at_depth(rep, k) : rep;

		if (!at || path[k] >= response_count(r, at, path))
			return 0;
	}
	return 1;
}

/* The question whose name is the n bytes at s, or NULL. */
static const struct question *find_n(const struct survey *s, const char *name, size_t n)
{
	char buf[128];

	if (n == 0 || n >= sizeof(buf))
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return survey_find(s, buf);
}

int form_paths_ok(const struct response *r, int page, const struct form_fields *f)
{
	const struct survey *s = r->s;

	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->v[i].name, *br = strchr(name, '['), *p;
		size_t path[SURVEY_MAX_REPEAT_DEPTH];
		const struct question *q;

		if (!br)
			continue;
		q = find_n(s, name, (size_t)(br - name));
		if (!q || !q->depth || !question_has_value(q) || page < 0 ||
		    (size_t)page >= s->ntop || !in_page(q, s->top[page]))
			return 0;
		p = br;
		if (parse_path(&p, q->depth, path) < 0 ||
		    (*p && !(*p == '.' && q->type == Q_RANK)) ||
		    !instance_exists(r, q->repeat, path, q->depth))
			return 0;
	}
	return 1;
}

/* Put the defaults into the new instance path (rep->depth + 1 indices) of rep. */
static int defaults_in(struct response *r, const struct question *rep, size_t *path)
{
	struct prefill_ctx pc = { r, 0, 1 };

	for (size_t i = 0; i < rep->nchildren; i++)
		if (walk(r, rep->children[i], path, prefill_one, &pc) < 0)
			return -1;
	return 0;
}

int form_repeat_action(struct response *r, int page, const char *action, char *anchor)
{
	const struct survey *s = r->s;
	size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };
	const struct question *rep;
	const char *p, *name;
	struct fitem it;
	int add;

	if (!strncmp(action, "add:", 4))
		add = 1;
	else if (!strncmp(action, "remove:", 7))
		add = 0;
	else
		return 0;
	name = action + (add ? 4 : 7);
	p = name + strcspn(name, "[");
	rep = find_n(s, name, (size_t)(p - name));
	if (!rep || rep->type != Q_REPEAT || rep->repeat_count || page < 0 ||
	    (size_t)page >= s->ntop || !in_page(rep, s->top[page]) ||
	    rep->depth >= SURVEY_MAX_REPEAT_DEPTH ||
	    parse_path(&p, rep->depth + (add ? 0 : 1), path) < 0 || *p ||
	    !instance_exists(r, rep, path, rep->depth + (add ? 0 : 1)) ||
	    !response_relevant_at(r, rep, path))
		return -2;
	if (add) {
		size_t k;
		int rc = response_add(r, rep, path, &k);

		if (rc == -1)
			return -1;
		if (rc < 0)
			return -2;
		path[rep->depth] = k;
		if (defaults_in(r, rep, path) < 0)
			return -1;
		fitem_init_n(&it, rep, path, rep->depth + 1);
		snprintf(anchor, FORM_ANCHOR_MAX, "i-%s", it.id);
	} else {
		if (response_remove(r, rep, path) < 0)
			return -2;
		fitem_init(&it, rep, path);
		snprintf(anchor, FORM_ANCHOR_MAX, "q-%s", it.id);
	}
	return response_update(r, 1) < 0 ? -1 : 1;
}

