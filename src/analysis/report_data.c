/*
 * report_data: provenance, item distributions, applications and jurors'
 * comments read for the reports (see report_data.h).
 */
#include "analysis/report_data.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "survey/survey.h"

/* --- provenance ---------------------------------------------------------------------- */

int an_trace_load(struct an_trace *t, struct store *st, const struct an_source *src,
		  struct error *err)
{
	struct survey_version *list = NULL;
	size_t nlist = 0, f, j;

	memset(t, 0, sizeof(*t));
	if (store_survey_list(st, &list, &nlist, err) < 0)
		return UT_EIO;
	t->v = calloc(nlist + 1, sizeof(*t->v));
	if (!t->v) {
		survey_versions_free(list, nlist);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	for (f = 0; f < src->nforms; f++)
		for (j = 0; j < nlist; j++) {
			struct an_trace_version *v = &t->v[t->n];

			if (strcmp(list[j].form_id, src->forms[f].form_id))
				continue;
			if (!(v->form_id = strdup(list[j].form_id))) {
				survey_versions_free(list, nlist);
				return error_set(err, "out of memory"), UT_ENOMEM;
			}
			v->version = list[j].version;
			snprintf(v->sha256, sizeof(v->sha256), "%s", list[j].sha256 ? list[j].sha256 : "");
			t->n++;
		}
	survey_versions_free(list, nlist);
	return 0;
}

void an_trace_release(struct an_trace *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].form_id);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* --- item distributions ------------------------------------------------------------- */

struct count_ctx {
	const struct an_source *src;	/* versions */
	struct an_item_counts *c;	/* [form * nitems + i] */
	size_t nitems;			/* items */
	size_t *slot;			/* [version * nitems + i]: answer slot, SIZE_MAX when absent */
	struct an_atoms atoms;		/* the small-group rule; var: answers per item */
};

/* The first pass: answers to each item per atom. */
static int count_atom(void *ctx, size_t atom, const struct an_version *v,
		      const char *const *values, size_t n)
{
	struct count_ctx *x = ctx;
	size_t vi = (size_t)(v - x->src->v), i;

	for (i = 0; i < x->nitems; i++) {
		size_t slot = x->slot[vi * x->nitems + i];

		if (slot != SIZE_MAX && slot < n && values[slot] && *values[slot])
			x->atoms.var[atom * x->nitems + i]++;
	}
	return 0;
}

static int count_row(void *ctx, const struct an_version *v, const struct respondent *r,
		     const char *const *values, size_t n)
{
	struct count_ctx *x = ctx;
	size_t vi = (size_t)(v - x->src->v), i, k;
	long atom = an_atoms_find(&x->atoms, x->src, v, r);

	for (i = 0; i < x->nitems; i++) {
		struct an_item_counts *c = &x->c[v->form * x->nitems + i];
		size_t slot = x->slot[vi * x->nitems + i];
		const char *t;

		if (slot == SIZE_MAX || slot >= n || !(t = values[slot]) || !*t || !c->ncat)
			continue;
		if (an_atoms_small_var(&x->atoms, atom, i))
			continue;
		for (k = 0; k < c->ncat; k++)
			if (!strcmp(t, c->q->list->v[k].name)) {
				c->count[k]++;
				c->n++;
				break;
			}
	}
	return 0;
}

int an_item_counts(struct an_item_counts **out, struct an_source *src, struct store *st,
		   const char *const *items, size_t nitems, int submitted_only,
		   size_t min_group, struct error *err)
{
	struct count_ctx x;
	size_t total = src->nforms * nitems, f, i, vi;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.src = src;
	x.nitems = nitems;
	x.c = calloc(total + 1, sizeof(*x.c));
	x.slot = malloc((src->nv * nitems + 1) * sizeof(size_t));
	if (!x.c || !x.slot) {
		free(x.c);
		free(x.slot);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	*out = x.c;
	for (f = 0; f < src->nforms; f++)
		for (i = 0; i < nitems; i++) {
			struct an_item_counts *c = &x.c[f * nitems + i];
			const struct question *q = src->forms[f].latest
							   ? survey_find(src->forms[f].latest, items[i])
							   : NULL;

			c->name = items[i];
			c->q = q;
			if (!q || q->repeat || q->type != Q_SELECT_ONE || !q->list || !q->list->n)
				continue;
			c->count = calloc(q->list->n, sizeof(size_t));
			c->hidden = calloc(q->list->n, 1);
			if (!c->count || !c->hidden) {
				free(x.slot);
				return error_set(err, "out of memory"), UT_ENOMEM;
			}
			c->ncat = q->list->n;
		}
	for (vi = 0; vi < src->nv; vi++)
		for (i = 0; i < nitems; i++) {
			const struct question *q = survey_find(src->v[vi].s, items[i]);

			x.slot[vi * nitems + i] = q && !q->repeat && q->type == Q_SELECT_ONE ? q->index : SIZE_MAX;
		}
	an_atoms_init(&x.atoms, min_group, nitems);
	rc = an_atoms_count(&x.atoms, src, st, submitted_only, count_atom, &x, err);
	if (rc >= 0)
		rc = an_source_each(src, st, submitted_only, count_row, &x, err);
	an_atoms_release(&x.atoms);
	free(x.slot);
	for (i = 0; rc >= 0 && i < total; i++)
		if (x.c[i].ncat)
			an_suppress(x.c[i].count, x.c[i].ncat, min_group, x.c[i].hidden);
	return rc < 0 ? rc : 0;
}

void an_item_counts_free(struct an_item_counts *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].count);
		free(c[i].hidden);
	}
	free(c);
}

/* --- applications and comments --------------------------------------------------------- */

struct sheet_cand {
	int64_t sheet;		/* respondent id of a sheet */
	size_t cand;		/* its candidate */
};

static int cmp_sheet(const void *a, const void *b)
{
	int64_t x = ((const struct sheet_cand *)a)->sheet, y = ((const struct sheet_cand *)b)->sheet;

	return (x > y) - (x < y);
}

static int cmp_comment(const void *a, const void *b)
{
	const struct prize_comment *x = a, *y = b;

	if (x->cand != y->cand)
		return x->cand < y->cand ? -1 : 1;
	if (x->question != y->question)
		return x->question < y->question ? -1 : 1;
	return strcmp(x->text, y->text);
}

struct text_ctx {
	struct prize_texts *t;			/* being filled */
	struct prize_data *pd;			/* candidates */
	const char *const *summary;		/* application questions */
	const char *const *comments;		/* grid questions */
	size_t ncomments;			/* how many */
	struct sheet_cand *sheets;		/* sorted by sheet */
	size_t nsheets;				/* how many */
	size_t alloc;				/* comments allocated */
	int failed;				/* out of memory */
};

/* A copy of s without surrounding blanks, or NULL when nothing is left (or no memory: *oom). */
static char *trimmed(const char *s, int *oom)
{
	size_t n;
	char *c;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return NULL;
	c = strndup(s, n);
	if (!c)
		*oom = 1;
	return c;
}

static int text_row(void *ctx, const struct an_version *v, const struct respondent *r,
		    const char *const *values, size_t n)
{
	struct text_ctx *x = ctx;
	struct prize_texts *t = x->t;
	size_t k;

	if (v->form == 0) {
		long ci = prize_data_candidate(x->pd, r->id);

		if (ci < 0)
			return 0;
		for (k = 0; k < t->nsummary; k++) {
			const struct question *q = survey_find(v->s, x->summary[k]);
			const char *a = q && q->index < n ? values[q->index] : NULL;
			char **slot = &t->summary[(size_t)ci * t->nsummary + k];

			if (a && !*slot)
				*slot = trimmed(a, &x->failed);
		}
	} else {
		struct sheet_cand key = { r->id, 0 }, *sc;

		sc = bsearch(&key, x->sheets, x->nsheets, sizeof(key), cmp_sheet);
		if (!sc)
			return 0;
		for (k = 0; k < x->ncomments; k++) {
			const struct question *q = survey_find(v->s, x->comments[k]);
			const char *a = q && q->index < n ? values[q->index] : NULL;
			char *c;

			if (!a || !(c = trimmed(a, &x->failed)))
				continue;
			if (t->nc == x->alloc) {
				size_t na = x->alloc ? x->alloc * 2 : 64;
				struct prize_comment *nv = realloc(t->c, na * sizeof(*nv));

				if (!nv) {
					free(c);
					x->failed = 1;
					return 1;
				}
				t->c = nv;
				x->alloc = na;
			}
			t->c[t->nc].cand = sc->cand;
			t->c[t->nc].question = k;
			t->c[t->nc].text = c;
			t->nc++;
		}
	}
	return x->failed;
}

int prize_texts_load(struct prize_texts *t, struct store *st, struct prize_data *pd,
		     const char *const *summary, size_t nsummary, const char *const *comments,
		     size_t ncomments, struct error *err)
{
	struct text_ctx x;
	struct jury_pair *pairs = NULL;
	size_t npairs = 0, i;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&x, 0, sizeof(x));
	t->ncand = pd->ncand;
	t->nsummary = nsummary;
	t->summary = calloc(pd->ncand * nsummary + 1, sizeof(char *));
	t->first = calloc(pd->ncand + 1, sizeof(size_t));
	if (!t->summary || !t->first)
		return error_set(err, "out of memory"), UT_ENOMEM;
	if (store_jury_assignments(st, pd->e->id, &pairs, &npairs, err) < 0)
		return UT_EIO;
	x.sheets = malloc((npairs + 1) * sizeof(*x.sheets));
	if (!x.sheets) {
		free(pairs);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	for (i = 0; i < npairs; i++) {
		long ci = prize_data_candidate(pd, pairs[i].candidate_id);

		if (ci < 0 || !pairs[i].sheet_id)
			continue;
		x.sheets[x.nsheets].sheet = pairs[i].sheet_id;
		x.sheets[x.nsheets].cand = (size_t)ci;
		x.nsheets++;
	}
	free(pairs);
	qsort(x.sheets, x.nsheets, sizeof(*x.sheets), cmp_sheet);
	x.t = t;
	x.pd = pd;
	x.summary = summary;
	x.comments = comments;
	x.ncomments = ncomments;
	rc = an_source_each(&pd->src, st, 0, text_row, &x, err);
	free(x.sheets);
	if (x.failed)
		return error_set(err, "out of memory"), UT_ENOMEM;
	if (rc < 0)
		return rc;
	if (t->nc > 1)	/* no comment yet: t->c is NULL, which qsort() must not get */
		qsort(t->c, t->nc, sizeof(*t->c), cmp_comment);
	for (i = 0; i < t->nc; i++)
		t->first[t->c[i].cand + 1]++;
	for (i = 0; i < pd->ncand; i++)
		t->first[i + 1] += t->first[i];
	return 0;
}

void prize_texts_release(struct prize_texts *t)
{
	size_t i;

	for (i = 0; t->summary && i < t->ncand * t->nsummary; i++)
		free(t->summary[i]);
	free(t->summary);
	for (i = 0; i < t->nc; i++)
		free(t->c[i].text);
	free(t->c);
	free(t->first);
	memset(t, 0, sizeof(*t));
}
