/*
 * describe: frequencies, descriptives and crosstabs of every question of a
 * survey (see describe.h).
 *
 * One pass counts, for each question, how often each answer occurs in each
 * group: a hash table of (answer, group) -> count, which stays small for
 * choices and scales whatever the number of respondents.  Numbers become
 * distributions from those counts; a calculate field is a number when all
 * its values are, else a choice (up to 50 distinct values), else text.
 * A numeric breakdown adds a table of (answer, breakdown) pairs with their
 * counts, from which Spearman's correlation is computed.
 */
#include "analysis/describe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/record.h"
#include "store/store.h"
#include "survey/survey.h"

/* A calculate field with more distinct text values than this is summed up as text. */
#define DESC_MAX_CATEGORIES 50

enum pending { KIND_FIXED, KIND_CALCULATE };

struct vcount {
	const char *value;	/* answer text (in the run's arena) */
	uint32_t gid;		/* group, in order of appearance */
	uint64_t hash;		/* of value */
	size_t count;		/* respondents */
};

struct qstate {
	const struct question *q;	/* in the latest version */
	size_t *slot;			/* per version: answer slot or SIZE_MAX */
	enum desc_kind kind;		/* decided kind (calculate: after the pass) */
	enum pending pending;		/* calculate: kind decided at the end */
	int numeric;			/* numbers or an ordinal scale: pairs for Spearman */
	struct vcount *tab;		/* open addressing, power of two */
	size_t ntab, used;		/* slots / entries */
	size_t *answered;		/* per group (order of appearance) */
	struct pair_counts pairs;	/* numeric breakdown: (answer, breakdown value) counted */
	/* a question inside a repeat: tab and answered count instances, and */
	size_t *rep;			/* per version: index of its repeat, or SIZE_MAX */
	struct qstate *resp;		/* respondents: per (answer, group) and per group */
};

struct run {
	struct an_source *src;		/* the survey's versions */
	struct desc_result *res;	/* being filled */
	struct arena values;		/* interned answer texts */
	struct qstate *qs;		/* per question */
	size_t nq;			/* how many */
	struct an_by by;		/* breakdown */
	enum by_kind by_kind;		/* BY_NONE when none */
	struct an_groups groups;	/* breakdown values met */
	size_t agroups;			/* groups allocated in each answered[] */
	size_t *gn;			/* respondents per group */
	size_t *gleft;			/* respondents per group left out (atoms too small) */
	size_t nleft;			/* respondents left out */
	struct an_atoms atoms;		/* the small-group rule's atoms; var: answered per question */
	struct error *err;		/* for messages */
};

const char *desc_kind_id(enum desc_kind k)
{
	switch (k) {
	case DESC_CHOICE: return "choice";
	case DESC_MULTIPLE: return "multiple";
	case DESC_NUMBER: return "number";
	case DESC_TEXT: return "text";
	}
	return "?";
}

static int oom(struct run *R)
{
	error_set(R->err, "out of memory");
	return UT_ENOMEM;
}

/* Count one answer (n bytes at s) of group g. */
static int vcount_add(struct run *R, struct qstate *qs, const char *s, size_t n, uint32_t g)
{
	uint64_t h = an_hash(s, n) ^ ((uint64_t)g * 0x9E3779B97F4A7C15ull);
	size_t k;

	if (2 * (qs->used + 1) > qs->ntab) {
		size_t nt = qs->ntab ? 2 * qs->ntab : 16, i;
		struct vcount *t = calloc(nt, sizeof(*t));

		if (!t)
			return -1;
		for (i = 0; i < qs->ntab; i++) {
			if (!qs->tab[i].value)
				continue;
			k = qs->tab[i].hash & (nt - 1);
			while (t[k].value)
				k = (k + 1) & (nt - 1);
			t[k] = qs->tab[i];
		}
		free(qs->tab);
		qs->tab = t;
		qs->ntab = nt;
	}
	k = h & (qs->ntab - 1);
	while (qs->tab[k].value) {
		struct vcount *e = &qs->tab[k];

		if (e->hash == h && e->gid == g && !strncmp(e->value, s, n) && !e->value[n]) {
			e->count++;
			return 0;
		}
		k = (k + 1) & (qs->ntab - 1);
	}
	qs->tab[k].value = arena_strndup(&R->values, s, n);
	if (!qs->tab[k].value)
		return -1;
	qs->tab[k].gid = g;
	qs->tab[k].hash = h;
	qs->tab[k].count = 1;
	qs->used++;
	return 0;
}

static int grow_groups(struct run *R, size_t need)
{
	size_t na = R->agroups ? R->agroups : 8, i;

	while (na < need)
		na *= 2;
	for (i = 0; i < 2 * R->nq; i++) {
		struct qstate *qs = i < R->nq ? &R->qs[i] : R->qs[i - R->nq].resp;
		size_t *a;

		if (!qs)
			continue;
		if (!(a = realloc(qs->answered, na * sizeof(*a))))
			return -1;
		memset(a + R->agroups, 0, (na - R->agroups) * sizeof(*a));
		qs->answered = a;
	}
	{
		size_t *gn = realloc(R->gn, na * sizeof(*gn));

		if (!gn)
			return -1;
		memset(gn + R->agroups, 0, (na - R->agroups) * sizeof(*gn));
		R->gn = gn;
		gn = realloc(R->gleft, na * sizeof(*gn));
		if (!gn)
			return -1;
		memset(gn + R->agroups, 0, (na - R->agroups) * sizeof(*gn));
		R->gleft = gn;
	}
	R->agroups = na;
	return 0;
}

/* First pass: how many of each atom answered each question. */
static int count_atom(void *ctx, size_t atom, const struct an_version *v,
		      const char *const *values, size_t n)
{
	struct run *R = ctx;
	size_t vi = (size_t)(v - R->src->v), i;

	for (i = 0; i < R->nq; i++) {
		size_t slot = R->qs[i].slot[vi];

		if (R->qs[i].resp)	/* instances: counted per respondent below */
			continue;
		if (slot < n && values[slot] && *values[slot])
			R->atoms.var[atom * R->nq + i]++;
	}
	return 0;
}

/* 1 when token s (len bytes) is in answer a (a list of tokens when multiple). */
static int has_token(const char *a, const char *s, size_t len, int multiple)
{
	if (!multiple)
		return strlen(a) == len && !strncmp(a, s, len);
	while (*a) {
		size_t l = strcspn(a, " ");

		if (l == len && !strncmp(a, s, len))
			return 1;
		a += l;
		while (*a == ' ')
			a++;
	}
	return 0;
}

/*
 * The instances of one respondent (group g): each answer to a question
 * inside a repeat counted once per instance in qs, and once per respondent
 * in qs->resp (the small-group rule's counts).
 */
static int on_instances(struct run *R, size_t vi, long g, const struct instance *inst,
			size_t ninst)
{
	size_t i, k, j;

	for (i = 0; i < R->nq; i++) {
		struct qstate *qs = &R->qs[i];
		size_t ri = qs->resp ? qs->rep[vi] : SIZE_MAX, slot = qs->slot[vi];
		int any = 0, multiple = qs->kind == DESC_MULTIPLE;

		if (ri == SIZE_MAX)
			continue;
		for (k = 0; k < ninst; k++) {
			const char *s = inst[k].repeat == ri && slot < inst[k].n ? inst[k].values[slot] : NULL;

			if (!s || !*s)
				continue;
			any = 1;
			qs->answered[g]++;
			if (qs->kind == DESC_TEXT && qs->pending == KIND_FIXED)
				continue;
			while (*s) {
				size_t len = multiple ? strcspn(s, " ") : strlen(s);
				int seen = 0;

				for (j = 0; j < k && !seen; j++) {
					const char *o = inst[j].repeat == ri && slot < inst[j].n
							? inst[j].values[slot] : NULL;

					seen = o && has_token(o, s, len, multiple);
				}
				if (len && (vcount_add(R, qs, s, len, (uint32_t)g) < 0 ||
					    (!seen && vcount_add(R, qs->resp, s, len, (uint32_t)g) < 0)))
					return oom(R);
				s += len;
				while (*s == ' ')
					s++;
			}
		}
		qs->resp->answered[g] += (size_t)any;
	}
	return 0;
}

static int on_respondent_rec(void *ctx, const struct an_version *v, const struct respondent *r,
			     const char *const *values, size_t n, const struct instance *inst,
			     size_t ninst);

static int on_respondent(void *ctx, const struct an_version *v, const struct respondent *r,
			 const char *const *values, size_t n)
{
	return on_respondent_rec(ctx, v, r, values, n, NULL, 0);
}

static int on_record(void *ctx, const struct an_version *v, const struct respondent *r,
		     const struct record_buf *rec)
{
	return on_respondent_rec(ctx, v, r, (const char *const *)rec->values, rec->n, rec->inst,
				 rec->ninst);
}

static int on_respondent_rec(void *ctx, const struct an_version *v, const struct respondent *r,
			     const char *const *values, size_t n, const struct instance *inst,
			     size_t ninst)
{
	struct run *R = ctx;
	size_t vi = (size_t)(v - R->src->v), i;
	long g = 0, atom = an_atoms_find(&R->atoms, R->src, v, r);
	double byv = NAN;

	if (R->by_kind == BY_CATEGORY) {
		g = an_groups_add(&R->groups, an_by_value(&R->by, R->src, v, r, values, n));
		if (g < 0)
			return oom(R);
	} else if (R->by_kind == BY_NUMBER) {
		byv = an_number(an_by_value(&R->by, R->src, v, r, values, n));
	}
	if ((size_t)g >= R->agroups && grow_groups(R, (size_t)g + 1) < 0)
		return oom(R);
	if (an_atoms_small(&R->atoms, atom)) {
		/* Left out of everything; its group is still shown as suppressed. */
		R->gleft[g]++;
		R->nleft++;
		return 0;
	}
	R->gn[g]++;
	for (i = 0; i < R->nq; i++) {
		struct qstate *qs = &R->qs[i];
		size_t slot = qs->slot[vi];
		const char *s;

		if (qs->resp || slot >= n || !(s = values[slot]) || !*s)
			continue;
		if (an_atoms_small_var(&R->atoms, atom, i)) {
			R->res->left_out = 1;
			continue;
		}
		qs->answered[g]++;
		if (qs->kind == DESC_TEXT && qs->pending == KIND_FIXED)
			continue;
		if (qs->kind == DESC_MULTIPLE) {
			while (*s) {
				size_t len = strcspn(s, " ");

				if (len && vcount_add(R, qs, s, len, (uint32_t)g) < 0)
					return oom(R);
				s += len;
				while (*s == ' ')
					s++;
			}
			continue;
		}
		if (vcount_add(R, qs, s, strlen(s), (uint32_t)g) < 0)
			return oom(R);
		if (R->by_kind == BY_NUMBER && qs->numeric && !isnan(byv)) {
			double x = an_number(s);

			if (!isnan(x) && pair_counts_add(&qs->pairs, x, byv) < 0)
				return oom(R);
		}
	}
	return ninst ? on_instances(R, vi, g, inst, ninst) : 0;
}

/* --- after the pass ------------------------------------------------------------------ */

struct numcount {
	double v;		/* value */
	size_t c;		/* count */
};

static int cmp_numcount(const void *a, const void *b)
{
	double x = ((const struct numcount *)a)->v, y = ((const struct numcount *)b)->v;

	return (x > y) - (x < y);
}

/* A distribution from (value, count) pairs (reordered). */
static int dist_from_counts(struct dist *d, struct numcount *p, size_t n)
{
	size_t i, nd = 0, total = 0;

	qsort(p, n, sizeof(*p), cmp_numcount);
	free(d->v);
	free(d->c);
	d->v = malloc((n ? n : 1) * sizeof(*d->v));
	d->c = malloc((n ? n : 1) * sizeof(*d->c));
	d->alloc = n;
	if (!d->v || !d->c)
		return -1;
	for (i = 0; i < n; i++) {
		if (nd && d->v[nd - 1] == p[i].v) {
			d->c[nd - 1] += p[i].c;
		} else {
			d->v[nd] = p[i].v;
			d->c[nd++] = p[i].c;
		}
		total += p[i].c;
	}
	d->nd = nd;
	d->n = total;
	return 0;
}

/* Decide what a calculate field is from its values. */
static void settle_calculate(struct qstate *qs)
{
	size_t i, j, distinct = 0;
	int numeric = 1;

	if (qs->pending != KIND_CALCULATE)
		return;
	for (i = 0; i < qs->ntab && numeric; i++)
		if (qs->tab[i].value && isnan(an_number(qs->tab[i].value)))
			numeric = 0;
	if (numeric) {
		qs->kind = qs->used > 0 ? DESC_NUMBER : DESC_TEXT;
		return;
	}
	/* Distinct values over the groups, stopping past the limit. */
	for (i = 0; i < qs->ntab && distinct <= DESC_MAX_CATEGORIES; i++) {
		const char *v = qs->tab[i].value;

		if (!v)
			continue;
		for (j = 0; j < i; j++)
			if (qs->tab[j].value && !strcmp(qs->tab[j].value, v))
				break;
		if (j == i)
			distinct++;
	}
	qs->kind = distinct <= DESC_MAX_CATEGORIES ? DESC_CHOICE : DESC_TEXT;
	qs->numeric = 0;
}

/* Category index of value v, adding it at the end when not yet there. */
static long category_of(struct run *R, struct desc_question *dq, size_t *acats, const char *v,
			size_t ncols)
{
	size_t i;

	for (i = 0; i < dq->ncats; i++)
		if (!strcmp(dq->cats[i].value, v))
			return (long)i;
	if (dq->ncats == *acats) {
		size_t na = *acats ? 2 * *acats : 8;
		struct desc_category *c = arena_realloc(&R->res->arena, dq->cats,
							*acats * sizeof(*c), na * sizeof(*c));

		if (!c)
			return -1;
		dq->cats = c;
		*acats = na;
	}
	memset(&dq->cats[dq->ncats], 0, sizeof(dq->cats[0]));
	dq->cats[dq->ncats].value = arena_strdup(&R->res->arena, v);
	dq->cats[dq->ncats].count = arena_alloc(&R->res->arena, ncols * sizeof(size_t));
	if (!dq->cats[dq->ncats].value || !dq->cats[dq->ncats].count)
		return -1;
	dq->cats[dq->ncats].label.text[0] = dq->cats[dq->ncats].value;
	dq->cats[dq->ncats].label.n = 1;
	return (long)dq->ncats++;
}

static void no_test(struct test_result *t, enum stat_note note)
{
	memset(t, 0, sizeof(*t));
	t->kind = TEST_NONE;
	t->note = note;
	t->statistic = t->df = t->df2 = t->p = t->effect = t->estimate = t->min_expected = NAN;
}

/*
 * The small-group rule in a frequency table or crosstab (categories x
 * columns, the last column everyone's): a cell with fewer than min
 * respondents is hidden, then more cells, smallest first, until in every
 * column (against the respondents who answered) and in every category
 * (against everyone's column) the hidden cells hold none or at least min
 * respondents.  For several answers (select_multiple) a column's cells do
 * not add up, but a cell also tells how many did not tick the answer:
 * that number follows the same rule.  hide: the columns hidden as a whole.
 * Returns -1 on memory.
 */
static int suppress_cells(struct desc_question *dq, struct arena *a, size_t ncols, size_t min,
			  const unsigned char *hide)
{
	size_t C = dq->ncats, G = ncols - 1, c, g, k = C > ncols ? C : ncols, pass;
	size_t *n = malloc((k + 1) * sizeof(*n));
	unsigned char *h = malloc(k + 1);
	int changed = 1, rc = -1, multiple = dq->kind == DESC_MULTIPLE;

	if (!n || !h)
		goto out;
	for (c = 0; c < C; c++) {
		dq->cats[c].hidden = arena_alloc(a, ncols);
		if (!dq->cats[c].hidden)
			goto out;
		for (g = 0; g < ncols; g++)
			dq->cats[c].hidden[g] = hide[g];
	}
	while (changed) {
		changed = 0;
		for (g = 0; g < ncols; g++) {
			if (hide[g])
				continue;
			for (c = 0; c < C; c++) {
				n[c] = dq->cats[c].count[g];
				h[c] = dq->cats[c].hidden[g];
				if (multiple && !h[c] && ((n[c] > 0 && n[c] < min) ||
				    (dq->answered[g] - n[c] > 0 && dq->answered[g] - n[c] < min)))
					h[c] = AN_HIDE_SMALL;
			}
			if (!multiple)
				an_suppress(n, C, min, h);
			for (c = 0; c < C; c++)
				if (h[c] != dq->cats[c].hidden[g]) {
					dq->cats[c].hidden[g] = h[c];
					changed = 1;
				}
		}
		for (c = 0; G > 0 && c < C; c++) {
			if (dq->cats[c].hidden[G])
				continue;
			for (pass = 0; pass < (multiple ? 2u : 1u); pass++) {
				for (g = 0; g < G; g++) {
					n[g] = pass ? dq->answered[g] - dq->cats[c].count[g]
						    : dq->cats[c].count[g];
					h[g] = dq->cats[c].hidden[g];
				}
				an_suppress(n, G, min, h);
				for (g = 0; g < G; g++)
					if (h[g] != dq->cats[c].hidden[g]) {
						dq->cats[c].hidden[g] = h[g];
						changed = 1;
					}
			}
		}
	}
	rc = 0;
out:
	free(n);
	free(h);
	return rc;
}

/* qs->answered per column in display order, everyone last, into *out (the result's arena). */
static int column_counts(struct run *R, const struct qstate *qs, const size_t *rank, size_t **out)
{
	size_t G = R->res->ncols - 1, g, total = 0;
	size_t *a = arena_alloc(&R->res->arena, (G + 1) * sizeof(*a));

	*out = a;
	if (!a)
		return -1;
	for (g = 0; g < G; g++) {
		a[rank[g]] = qs->answered[g];
		total += qs->answered[g];
	}
	if (R->by_kind != BY_CATEGORY)
		total = qs->answered[0];
	a[G] = total;
	return 0;
}

static int finish_question(struct run *R, size_t qi, const size_t *rank)
{
	struct desc_result *res = R->res;
	struct qstate *qs = &R->qs[qi];
	struct desc_question *dq = &res->q[qi];
	size_t G = res->ncols - 1, ncols = res->ncols, g, i, acats = 0, total = 0;
	size_t min = (size_t)res->opt.min_group, *instances = NULL;
	unsigned char *hide = NULL;
	struct dist *dists = NULL;
	int rc = -1, is_by = R->by.q && !strcmp(R->by.q->name, qs->q->name);

	settle_calculate(qs);
	if (qs->resp) {	/* the respondents' counts rule what is shown */
		qs->resp->kind = qs->kind;
		if (column_counts(R, qs->resp, rank, &dq->respondents) < 0)
			goto out;
		dq->repeat = qs->q->repeat->name;
	}
	dq->kind = qs->kind;
	dq->hidden = arena_alloc(&res->arena, ncols * sizeof(*dq->hidden));
	hide = malloc(ncols);
	if (column_counts(R, qs, rank, &dq->answered) < 0 || !dq->hidden || !hide)
		goto out;
	total = dq->answered[G];
	if (qs->resp) {	/* swapped back once the cells are decided */
		instances = dq->answered;
		dq->answered = dq->respondents;
		total = dq->answered[G];
	}
	/* Columns: groups hidden as a whole, then this question's rule. */
	for (g = 0; g < G; g++)
		hide[g] = res->cols[g].hidden;
	if (dq->kind != DESC_TEXT) {
		an_suppress(dq->answered, G, min, hide);
		hide[G] = total > 0 && total < min ? AN_HIDE_SMALL : res->cols[G].hidden;
		if (hide[G])
			for (g = 0; g < G; g++)
				if (!hide[g])
					hide[g] = AN_HIDE_SMALL;
	} else {
		hide[G] = AN_SHOWN;
		for (g = 0; g < G; g++)
			hide[g] = res->cols[g].hidden;
	}
	/*
	 * The breakdown question's own table: its "all" column counts each
	 * group, so it would give away the size of a hidden one.
	 */
	if (is_by)
		for (g = 0; g < G; g++)
			if (hide[g] && !hide[G])
				hide[G] = AN_HIDE_COMPLEMENT;
	for (g = 0; g < ncols; g++)
		dq->hidden[g] = hide[g];
	no_test(&dq->chisq, STAT_NOT_APPLICABLE);
	no_test(&dq->fisher, STAT_NOT_APPLICABLE);
	no_test(&dq->param, STAT_NOT_APPLICABLE);
	no_test(&dq->rank, STAT_NOT_APPLICABLE);
	no_test(&dq->corr, STAT_NOT_APPLICABLE);

	/* Categories: the choice list's, in order, then any other value met. */
	if (dq->kind == DESC_CHOICE || dq->kind == DESC_MULTIPLE) {
		const struct choice_list *list = qs->q->list;

		if (!list && qs->q->type == Q_CALCULATE)
			for (i = 0; i < R->src->forms[0].latest->nlists; i++)
				if (!strcmp(R->src->forms[0].latest->lists[i].name, qs->q->name))
					list = &R->src->forms[0].latest->lists[i];
		for (i = 0; list && i < list->n; i++) {
			long c = category_of(R, dq, &acats, list->v[i].name, ncols);

			if (c < 0 || an_text_from_label(&dq->cats[c].label, &res->arena,
							R->src->forms[0].latest, &list->v[i].label) < 0)
				goto out;
		}
		for (i = 0; i < qs->ntab; i++) {
			const struct vcount *e = &qs->tab[i];
			long c;

			if (!e->value)
				continue;
			c = category_of(R, dq, &acats, e->value, ncols);
			if (c < 0)
				goto out;
			dq->cats[c].count[R->by_kind == BY_CATEGORY ? rank[e->gid] : 0] += e->count;
			if (R->by_kind == BY_CATEGORY)
				dq->cats[c].count[G] += e->count;
		}
		if (R->by_kind != BY_CATEGORY)
			for (i = 0; i < dq->ncats; i++)
				dq->cats[i].count[G] = dq->cats[i].count[0];
		if (qs->resp) {
			/* cells decided on respondents: each shown one has at least
			 * min_group of them, and no hidden one follows by difference */
			size_t **inst_counts = malloc((dq->ncats + 1) * sizeof(*inst_counts));

			if (!inst_counts)
				goto out;
			for (i = 0; i < dq->ncats; i++) {
				inst_counts[i] = dq->cats[i].count;
				dq->cats[i].count = arena_alloc(&res->arena, ncols * sizeof(size_t));
				if (!dq->cats[i].count) {
					dq->cats[i].count = inst_counts[i];
					while (i-- > 0)
						dq->cats[i].count = inst_counts[i];
					free(inst_counts);
					goto out;
				}
				memset(dq->cats[i].count, 0, ncols * sizeof(size_t));
			}
			for (i = 0; i < qs->resp->ntab; i++) {
				const struct vcount *e = &qs->resp->tab[i];
				size_t k;

				if (!e->value)
					continue;
				for (k = 0; k < dq->ncats && strcmp(dq->cats[k].value, e->value); k++)
					;
				if (k == dq->ncats)
					continue;
				dq->cats[k].count[R->by_kind == BY_CATEGORY ? rank[e->gid] : 0] += e->count;
				if (R->by_kind == BY_CATEGORY)
					dq->cats[k].count[G] += e->count;
			}
			if (R->by_kind != BY_CATEGORY)
				for (i = 0; i < dq->ncats; i++)
					dq->cats[i].count[G] = dq->cats[i].count[0];
			rc = suppress_cells(dq, &res->arena, ncols, min, hide);
			for (i = 0; i < dq->ncats; i++)
				dq->cats[i].count = inst_counts[i];
			free(inst_counts);
			if (rc < 0)
				goto out;
			rc = -1;
		} else if (suppress_cells(dq, &res->arena, ncols, min, hide) < 0) {
			goto out;
		}
		dq->ordinal = dq->kind == DESC_CHOICE && qs->q->is_scale;
	}
	if (instances)
		dq->answered = instances;
	/* Distributions per column for numbers and scales. */
	if (dq->kind == DESC_NUMBER || dq->ordinal) {
		struct numcount *p = malloc((qs->used + 1) * sizeof(*p));
		size_t np;

		dists = calloc(ncols, sizeof(*dists));
		dq->sum = arena_alloc(&res->arena, ncols * sizeof(*dq->sum));
		if (!p || !dists || !dq->sum) {
			free(p);
			goto out;
		}
		for (g = 0; g < ncols; g++) {
			np = 0;
			for (i = 0; i < qs->ntab; i++) {
				const struct vcount *e = &qs->tab[i];
				size_t col = R->by_kind == BY_CATEGORY ? rank[e->gid] : G;
				double x;

				if (!e->value || (g < G && col != g) || (g < G && R->by_kind != BY_CATEGORY))
					continue;
				x = an_number(e->value);
				if (isnan(x))
					continue;
				p[np].v = x;
				p[np++].c = e->count;
			}
			if (dist_from_counts(&dists[g], p, np) < 0) {
				free(p);
				goto out;
			}
			summary_of(&dq->sum[g], &dists[g], res->opt.conf);
			summary_extremes(&dq->sum[g], &dists[g], min);
			/* the min_group-th smallest instance may be one board's */
			if (qs->resp)
				dq->sum[g].min = dq->sum[g].max = NAN;
			/*
			 * On a scale, the mean and the answers shown would give
			 * the hidden answers' counts away (two unknowns, two
			 * equations): no descriptives where an answer is hidden.
			 */
			for (i = 0; dq->ordinal && !hide[g] && i < dq->ncats; i++)
				if (dq->cats[i].hidden[g])
					hide[g] = AN_HIDE_COMPLEMENT;
			if (hide[g]) {
				memset(&dq->sum[g], 0, sizeof(dq->sum[g]));
				dq->sum[g].note = STAT_SUPPRESSED;
				dq->sum[g].mean = dq->sum[g].sd = dq->sum[g].median = NAN;
				dq->sum[g].min = dq->sum[g].max = dq->sum[g].q1 = dq->sum[g].q3 = NAN;
				dq->sum[g].ci_lo = dq->sum[g].ci_hi = NAN;
			}
		}
		free(p);
	}
	/* Tests between the groups shown (the no-answer group left out). */
	/* instances of one respondent are not independent: no test between groups */
	if (R->by_kind == BY_CATEGORY && !is_by && G > 0 && !qs->resp) {
		size_t *cols = malloc(G * sizeof(*cols)), k = 0;
		int break_hidden = 0;

		if (!cols)
			goto out;
		for (g = 0; g < G; g++)
			if (!hide[g] && !res->cols[g].no_answer && dq->answered[g] > 0)
				cols[k++] = g;
		if (dq->kind == DESC_CHOICE) {
			double *tab = malloc((dq->ncats * k + 1) * sizeof(*tab));

			if (!tab) {
				free(cols);
				goto out;
			}
			for (i = 0; i < dq->ncats; i++)
				for (g = 0; g < k; g++)
					tab[i * k + g] = (double)dq->cats[i].count[cols[g]];
			/* A hidden cell could be solved for from the statistic: no test then. */
			for (i = 0; i < dq->ncats; i++)
				for (g = 0; g < k; g++)
					if (dq->cats[i].hidden[cols[g]])
						break_hidden = 1;
			if (k < 2)
				no_test(&dq->chisq, STAT_ONE_GROUP);
			else if (break_hidden) {
				/* said as withheld, not left out without a word */
				no_test(&dq->chisq, STAT_SUPPRESSED);
				dq->chisq.kind = TEST_CHISQ;
			}
			else if (test_chisq(&dq->chisq, tab, dq->ncats, k) < 0 ||
				 (dq->chisq.note == STAT_OK && dq->chisq.nsmall > 0 &&
				  test_fisher(&dq->fisher, tab, dq->ncats, k, 0) < 0)) {
				free(tab);
				free(cols);
				goto out;
			}
			free(tab);
		}
		if (dists) {
			const struct dist **ds = malloc((k + 1) * sizeof(*ds));
			struct summary *ss = malloc((k + 1) * sizeof(*ss));

			if (!ds || !ss) {
				free(ds);
				free(ss);
				free(cols);
				goto out;
			}
			for (g = 0; g < k; g++) {
				ds[g] = &dists[cols[g]];
				ss[g] = dq->sum[cols[g]];
			}
			if (k < 2) {
				no_test(&dq->rank, STAT_ONE_GROUP);
				if (!dq->ordinal)
					no_test(&dq->param, STAT_ONE_GROUP);
			} else if (k == 2) {
				if (!dq->ordinal)
					test_welch(&dq->param, &ss[0], &ss[1]);
				if (test_mann_whitney(&dq->rank, ds[0], ds[1], ALT_TWO_SIDED) < 0) {
					free(ds);
					free(ss);
					free(cols);
					goto out;
				}
			} else {
				if (!dq->ordinal)
					test_anova(&dq->param, ss, k);
				test_kruskal(&dq->rank, ds, k);
			}
			free(ds);
			free(ss);
		}
		free(cols);
	}
	if (R->by_kind == BY_NUMBER && !is_by && !qs->resp && (dq->kind == DESC_NUMBER || dq->ordinal)) {
		if (qs->pairs.n < (double)min) {
			no_test(&dq->corr, qs->pairs.n > 0 ? STAT_SUPPRESSED : STAT_NO_DATA);
			dq->corr.kind = TEST_SPEARMAN;
		} else if (test_spearman_counts(&dq->corr, &qs->pairs, ALT_TWO_SIDED) < 0) {
			goto out;
		}
	}
	rc = 0;
out:
	for (g = 0; dists && g < ncols; g++)
		dist_release(&dists[g]);
	free(dists);
	free(hide);
	return rc;
}

static int finish(struct run *R)
{
	struct desc_result *res = R->res;
	size_t G = R->by_kind == BY_CATEGORY ? R->groups.n : 0, g, i;
	size_t *order = NULL, *rank = NULL, *n = NULL;
	unsigned char *hide = NULL;
	size_t min = (size_t)res->opt.min_group;
	int rc = UT_ENOMEM;

	if (R->agroups == 0 && grow_groups(R, 1) < 0)
		return oom(R);
	order = G ? an_groups_order(&R->groups, &R->by) : calloc(1, sizeof(*order));
	rank = malloc((G + 1) * sizeof(*rank));
	n = malloc((G + 1) * sizeof(*n));
	hide = calloc(G + 1, 1);
	res->ncols = G + 1;
	res->cols = arena_alloc(&res->arena, res->ncols * sizeof(*res->cols));
	if (!order || !rank || !n || !hide || !res->cols)
		goto out;
	for (g = 0; g < G; g++)
		rank[order[g]] = g;
	for (g = 0; g < G; g++) {
		struct desc_group *c = &res->cols[g];
		const char *key = R->groups.keys[order[g]];

		c->no_answer = key == NULL;
		if (key && !(c->key = arena_strdup(&res->arena, key)))
			goto out;
		if (an_group_label(&c->label, &res->arena, &R->by, key) < 0)
			goto out;
		c->n = R->gn[order[g]];
		n[g] = c->n;
		hide[g] = res->nresp < min && (res->nresp || R->nleft) ? AN_HIDE_SMALL : AN_SHOWN;
		/* A group whose respondents were left out is shown as such. */
		if (c->n < min && R->gleft[order[g]] > 0)
			hide[g] = AN_HIDE_SMALL;
	}
	an_suppress(n, G, min, hide);
	for (g = 0; g < G; g++)
		res->cols[g].hidden = hide[g];
	res->cols[G].all = 1;
	res->cols[G].n = res->nresp;
	res->cols[G].hidden = (res->nresp > 0 && res->nresp < min) || (res->nresp == 0 && R->nleft)
			      ? AN_HIDE_SMALL : AN_SHOWN;
	if (G == 0)
		rank[0] = 0;
	res->nq = R->nq;
	res->q = arena_alloc(&res->arena, (R->nq ? R->nq : 1) * sizeof(*res->q));
	if (!res->q)
		goto out;
	for (i = 0; i < R->nq; i++) {
		struct desc_question *dq = &res->q[i];
		const struct question *q = R->qs[i].q;

		dq->name = q->name;
		dq->type = qtype_name(q->type);
		if (an_text_from_label(&dq->label, &res->arena, R->src->forms[0].latest, &q->label) < 0)
			goto out;
		if (finish_question(R, i, rank) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		oom(R);
	free(order);
	free(rank);
	free(n);
	free(hide);
	return rc;
}

int desc_compute(struct desc_result **out, struct an_source *src, struct store *st,
		 const struct desc_options *opt, struct error *err)
{
	struct run R;
	struct desc_result *res;
	const struct survey *s = src->forms[0].latest;
	size_t i, v;
	int rc = UT_ENOMEM;

	*out = NULL;
	memset(&R, 0, sizeof(R));
	R.src = src;
	R.err = err;
	an_groups_init(&R.groups);
	res = calloc(1, sizeof(*res));
	if (!res)
		return error_set(err, "out of memory"), UT_ENOMEM;
	R.res = res;
	res->opt = *opt;
	if (res->opt.min_group < 1)
		res->opt.min_group = UT_MIN_GROUP;
	if (!(res->opt.conf > 0 && res->opt.conf < 1))
		res->opt.conf = 0.95;
	res->form_id = src->forms[0].form_id;
	if (an_text_from_label(&res->title, &res->arena, s, &s->title) < 0)
		goto fail;
	if (opt->by && *opt->by) {
		rc = an_by_resolve(&R.by, src, opt->by, err);
		if (rc < 0)
			goto fail;
		R.by_kind = R.by.kind;
		res->by = arena_strdup(&res->arena, opt->by);
		res->by_kind = R.by_kind;
		rc = UT_ENOMEM;
	}
	R.qs = calloc(s->nq + 1, sizeof(*R.qs));
	if (!R.qs)
		goto fail;
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];
		struct qstate *qs = &R.qs[R.nq];

		if (!question_has_value(q))
			continue;
		qs->q = q;
		qs->slot = malloc((src->nv ? src->nv : 1) * sizeof(*qs->slot));
		if (!qs->slot)
			goto fail;
		R.nq++;
		if (q->repeat && (!(qs->rep = malloc((src->nv ? src->nv : 1) * sizeof(*qs->rep))) ||
				  !(qs->resp = calloc(1, sizeof(*qs->resp)))))
			goto fail;
		for (v = 0; v < src->nv; v++) {
			const struct question *vq = survey_find(src->v[v].s, q->name);

			if (!q->repeat) {
				qs->slot[v] = vq && question_has_value(vq) && !vq->repeat ? vq->index : SIZE_MAX;
				continue;
			}
			/* inside a repeat: its slot in the instances of its repeat */
			qs->slot[v] = qs->rep[v] = SIZE_MAX;
			for (size_t k = 0; vq && question_has_value(vq) && vq->repeat &&
					   k < src->v[v].s->nrepeats; k++)
				if (src->v[v].s->repeats[k] == vq->repeat) {
					qs->rep[v] = k;
					qs->slot[v] = vq->slot;
				}
		}
		switch (q->type) {
		case Q_SELECT_ONE:
			qs->kind = DESC_CHOICE;
			qs->numeric = q->is_scale;
			break;
		case Q_SELECT_MULTIPLE:
			qs->kind = DESC_MULTIPLE;
			break;
		case Q_INTEGER: case Q_DECIMAL: case Q_RANGE:
			qs->kind = DESC_NUMBER;
			qs->numeric = 1;
			break;
		case Q_CALCULATE:
			qs->kind = DESC_TEXT;
			qs->pending = KIND_CALCULATE;
			qs->numeric = 1;
			break;
		case Q_RANK:
		case Q_TEXT:
		case Q_DATE:
		case Q_NOTE:
		case Q_GROUP:
		case Q_REPEAT:
			qs->kind = DESC_TEXT;
		}
	}
	if (grow_groups(&R, 1) < 0)
		goto fail;
	an_atoms_init(&R.atoms, (size_t)res->opt.min_group, R.nq);
	rc = an_atoms_count(&R.atoms, src, st, opt->submitted_only, count_atom, &R, err);
	if (rc < 0)
		goto fail;
	rc = s->nrepeats ? an_source_each_rep(src, st, opt->submitted_only, on_record, &R, err)
			 : an_source_each(src, st, opt->submitted_only, on_respondent, &R, err);
	if (rc < 0)
		goto fail;
	res->nresp = src->forms[0].nresp - R.nleft;
	if (R.nleft)
		res->left_out = 1;
	res->vmin = src->forms[0].vmin;
	res->vmax = src->forms[0].vmax;
	rc = finish(&R);
	if (rc < 0)
		goto fail;
	goto done;
fail:
	desc_result_free(res);
	res = NULL;
done:
	for (i = 0; i < R.nq; i++) {
		free(R.qs[i].slot);
		free(R.qs[i].tab);
		free(R.qs[i].answered);
		pair_counts_release(&R.qs[i].pairs);
		free(R.qs[i].rep);
		if (R.qs[i].resp) {
			free(R.qs[i].resp->tab);
			free(R.qs[i].resp->answered);
			free(R.qs[i].resp);
		}
	}
	free(R.qs);
	free(R.gn);
	free(R.gleft);
	an_atoms_release(&R.atoms);
	arena_release(&R.values);
	an_groups_release(&R.groups);
	an_by_release(&R.by);
	if (!res)
		return rc < 0 ? rc : UT_ENOMEM;
	*out = res;
	return 0;
}

void desc_result_free(struct desc_result *r)
{
	if (!r)
		return;
	arena_release(&r->arena);
	free(r);
}
