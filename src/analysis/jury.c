/*
 * jury: reading a prize edition's data out of the workspace (see jury.h).
 */
#include "analysis/jury.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* A sheet: which pair its answers belong to. */
struct sheet_ref {
	int64_t sheet;	/* respondent id of the grid answers */
	size_t cand;	/* candidate index */
	size_t juror;	/* juror index */
};

static int cmp_sheet(const void *a, const void *b)
{
	int64_t x = ((const struct sheet_ref *)a)->sheet, y = ((const struct sheet_ref *)b)->sheet;

	return (x > y) - (x < y);
}

static long find_id(const int64_t *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] == id)
			return (long)mid;
		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long prize_data_candidate(const struct prize_data *pd, int64_t id)
{
	return find_id(pd->cand_id, pd->ncand, id);
}

size_t prize_data_norg(const struct prize_data *pd)
{
	return pd->e->ncandidate_name + pd->e->nsiren;
}

long prize_data_juror(const struct prize_data *pd, int64_t id)
{
	size_t i;

	for (i = 0; i < pd->njuror; i++)	/* a jury has tens of jurors */
		if (pd->jurors[i].id == id)
			return (long)i;
	return -1;
}

struct read_ctx {
	struct prize_data *pd;		/* being filled */
	struct sheet_ref *sheets;	/* sorted by sheet id */
	size_t nsheets;			/* their number */
	size_t alloc;			/* candidates allocated */
	int failed;			/* out of memory */
};

/* Candidates: submitted applications, named from the edition's questions. */
static int read_candidate(struct read_ctx *c, const struct an_version *v,
			  const struct respondent *r, const char *const *values, size_t n)
{
	struct prize_data *pd = c->pd;
	struct strbuf name = STRBUF_INIT;
	size_t i;

	if (pd->ncand == c->alloc) {
		size_t na = c->alloc ? c->alloc * 2 : 32;
		int64_t *ids = realloc(pd->cand_id, na * sizeof(*ids));
		char **names;

		if (!ids)
			return c->failed = 1;
		pd->cand_id = ids;
		names = realloc(pd->cand_name, na * sizeof(*names));
		if (!names)
			return c->failed = 1;
		pd->cand_name = names;
		if (pd->nform) {
			unsigned char *f = realloc(pd->cand_form, na * pd->nform);

			if (!f)
				return c->failed = 1;
			pd->cand_form = f;
		}
		names = realloc(pd->cand_org, (na * prize_data_norg(pd) + 1) * sizeof(*names));
		if (!names)
			return c->failed = 1;
		pd->cand_org = names;
		c->alloc = na;
	}
	/* The organisations' names, then their SIREN/SIRET, kept apart. */
	for (i = 0; i < prize_data_norg(pd); i++) {
		const char *qn = i < pd->e->ncandidate_name ? pd->e->candidate_name[i]
							     : pd->e->siren[i - pd->e->ncandidate_name];
		const struct question *q = survey_find(v->s, qn);
		const char *t = q && q->index < n ? values[q->index] : NULL;
		char **slot = &pd->cand_org[pd->ncand * prize_data_norg(pd) + i];

		*slot = NULL;
		if (t && *t && !(*slot = strdup(t))) {
			while (i-- > 0)
				free(pd->cand_org[pd->ncand * prize_data_norg(pd) + i]);
			return c->failed = 1;
		}
	}
	for (i = 0; i < pd->e->ncandidate_name; i++) {
		const struct question *q = survey_find(v->s, pd->e->candidate_name[i]);
		const char *t = q && q->index < n ? values[q->index] : NULL;

		if (t && *t)
			strbuf_addf(&name, "%s%s", name.len ? " / " : "", t);
	}
	if (!name.len)
		strbuf_addf(&name, "#%lld", (long long)r->id);
	if (pd->nform) {
		const struct question *q = survey_find(v->s, pd->e->competence_q);
		const char *t = q && q->index < n ? values[q->index] : NULL;
		const struct choice_list *l = pd->e->competence_qq->list;

		/* A select_multiple answer is its choice names, space-separated. */
		for (i = 0; i < pd->nform; i++) {
			size_t len = strlen(l->v[i].name);
			const char *p = t;

			pd->cand_form[pd->ncand * pd->nform + i] = 0;
			while (p && (p = strstr(p, l->v[i].name))) {
				if ((p == t || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0')) {
					pd->cand_form[pd->ncand * pd->nform + i] = 1;
					break;
				}
				p += len;
			}
		}
	}
	pd->cand_id[pd->ncand] = r->id;
	pd->cand_name[pd->ncand] = strbuf_detach(&name, NULL);
	if (!pd->cand_name[pd->ncand])
		return c->failed = 1;
	pd->ncand++;
	return 0;
}

/* Scores: each sheet's criteria, through the model of its grid version. */
static int read_sheet(struct read_ctx *c, const struct an_version *v,
		      const struct respondent *r, const char *const *values, size_t n)
{
	struct prize_data *pd = c->pd;
	struct sheet_ref key = { r->id, 0, 0 }, *ref;
	size_t k;

	ref = bsearch(&key, c->sheets, c->nsheets, sizeof(key), cmp_sheet);
	if (!ref)
		return 0;	/* a grid answered outside the jury */
	pd->nsheets++;
	for (k = 0; k < pd->e->ncrit; k++) {
		const struct question *q = survey_find(v->s, pd->e->crit[k].name);
		const char *t = q && q->index < n ? values[q->index] : NULL;

		pd->scores[(ref->cand * pd->njuror + ref->juror) * pd->e->ncrit + k] =
			t ? an_number(t) : NAN;
	}
	prize_tally_add(&pd->tally, ref->cand, v->s, values, n);
	return 0;
}

static int read_each(void *ctx, const struct an_version *v, const struct respondent *r,
		     const char *const *values, size_t n)
{
	struct read_ctx *c = ctx;

	if (v->form == 0)
		return r->status == RESP_SUBMITTED ? read_candidate(c, v, r, values, n) : 0;
	return 0;
}

static int read_sheets(void *ctx, const struct an_version *v, const struct respondent *r,
		       const char *const *values, size_t n)
{
	struct read_ctx *c = ctx;

	return v->form == 1 ? read_sheet(c, v, r, values, n) : 0;
}

int prize_data_load(struct prize_data *pd, struct store *st, struct edition *e,
		    struct diags *d, struct error *err)
{
	const char *forms[2] = { e->application, e->grid };
	struct read_ctx c;
	struct jury_pair *pairs = NULL;
	size_t npairs = 0, i, cells;
	int rc;

	memset(pd, 0, sizeof(*pd));
	memset(&c, 0, sizeof(c));
	pd->e = e;
	c.pd = pd;
	rc = an_source_open(&pd->src, st, forms, 2, err);
	if (rc == UT_ENOTFOUND) {
		/* Say it at the edition's line, like any other definition problem. */
		edition_check(e, NULL, NULL, d);
		return UT_EDATA;
	}
	if (rc < 0)
		return rc;
	if (edition_check(e, pd->src.forms[0].latest, pd->src.forms[1].latest, d) < 0)
		return UT_EDATA;
	if (e->competence_qq)
		pd->nform = e->competence_qq->list->n;
	/* Candidates first (an_source_each reads the forms in order). */
	rc = an_source_each(&pd->src, st, 1, read_each, &c, err);
	if (c.failed)
		rc = UT_ENOMEM;
	if (rc < 0)
		return rc;
	if (store_juror_list(st, e->id, &pd->jurors, &pd->njuror, err) < 0)
		return UT_EIO;
	cells = pd->ncand * pd->njuror;
	pd->assigned = calloc(cells + 1, 1);
	pd->conflict = calloc(cells + 1, 1);
	pd->scores = malloc((cells * e->ncrit + 1) * sizeof(double));
	if (!pd->assigned || !pd->conflict || !pd->scores)
		return error_set(err, "out of memory"), UT_ENOMEM;
	for (i = 0; i < cells * e->ncrit; i++)
		pd->scores[i] = NAN;
	if (store_jury_conflicts(st, e->id, &pairs, &npairs, err) < 0)
		return UT_EIO;
	for (i = 0; i < npairs; i++) {
		long ci = prize_data_candidate(pd, pairs[i].candidate_id);
		long ji = prize_data_juror(pd, pairs[i].juror_id);

		if (ci >= 0 && ji >= 0)
			pd->conflict[(size_t)ci * pd->njuror + (size_t)ji] = 1;
	}
	free(pairs);
	if (store_jury_assignments(st, e->id, &pairs, &npairs, err) < 0)
		return UT_EIO;
	c.sheets = malloc((npairs + 1) * sizeof(*c.sheets));
	if (!c.sheets) {
		free(pairs);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	for (i = 0; i < npairs; i++) {
		long ci = prize_data_candidate(pd, pairs[i].candidate_id);
		long ji = prize_data_juror(pd, pairs[i].juror_id);

		if (ci < 0 || ji < 0)
			continue;	/* a candidate withdrawn since */
		pd->assigned[(size_t)ci * pd->njuror + (size_t)ji] = 1;
		if (pairs[i].sheet_id) {
			c.sheets[c.nsheets].sheet = pairs[i].sheet_id;
			c.sheets[c.nsheets].cand = (size_t)ci;
			c.sheets[c.nsheets].juror = (size_t)ji;
			c.nsheets++;
		}
	}
	free(pairs);
	qsort(c.sheets, c.nsheets, sizeof(*c.sheets), cmp_sheet);
	if (prize_tally_init(&pd->tally, pd->src.forms[1].latest, e, pd->ncand) < 0) {
		free(c.sheets);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	rc = an_source_each(&pd->src, st, 0, read_sheets, &c, err);
	free(c.sheets);
	if (rc < 0)
		return rc;
	/* The input of prize_compute(). */
	pd->in.ncand = pd->ncand;
	pd->in.njuror = pd->njuror;
	pd->in.ncrit = e->ncrit;
	pd->in.scores = pd->scores;
	pd->in.lo = e->lo;
	pd->in.hi = e->hi;
	pd->in.norm = e->norm;
	pd->in.agg = e->agg;
	pd->in.min_jurors = e->min_jurors;
	pd->in.divergence = e->divergence;
	pd->in.tiebreak = e->tiebreak;
	pd->in.ntiebreak = e->ntiebreak;
	{
		double *w = malloc((e->ncrit + 1) * sizeof(double));

		if (!w)
			return error_set(err, "out of memory"), UT_ENOMEM;
		for (i = 0; i < e->ncrit; i++)
			w[i] = e->crit[i].weight;
		pd->in.weights = w;
	}
	return 0;
}

void prize_data_release(struct prize_data *pd)
{
	size_t i;

	an_source_release(&pd->src);
	for (i = 0; pd->cand_name && i < pd->ncand; i++)
		free(pd->cand_name[i]);
	free(pd->cand_name);
	for (i = 0; pd->cand_org && i < pd->ncand * prize_data_norg(pd); i++)
		free(pd->cand_org[i]);
	free(pd->cand_org);
	free(pd->cand_id);
	jurors_free(pd->jurors, pd->njuror);
	free(pd->assigned);
	free(pd->conflict);
	free(pd->scores);
	free(pd->cand_form);
	prize_tally_release(&pd->tally);
	free((double *)pd->in.weights);
	memset(pd, 0, sizeof(*pd));
}

/* A juror of the edition by id, email or token, in memory; -1 when none. */
static long juror_by_key(const struct prize_data *pd, const char *key)
{
	char *end;
	long long id = strtoll(key, &end, 10);
	size_t i;

	for (i = 0; i < pd->njuror; i++) {
		const struct juror *j = &pd->jurors[i];

		if ((*key && !*end && j->id == id) || (j->email && !strcmp(j->email, key)) ||
		    !strcmp(j->token, key))
			return (long)i;
	}
	return -1;
}

/* A candidate by its number, in memory; -1 when none. */
static long candidate_by_key(const struct prize_data *pd, const char *key)
{
	char *end;
	long long id = strtoll(key, &end, 10);

	return *key && !*end ? prize_data_candidate(pd, id) : -1;
}

int prize_import_check(void *ctx, const char *juror, const char *candidate, long row,
		       struct strbuf *why)
{
	struct prize_import *pi = ctx;
	struct prize_data *pd = pi->pd;
	long ji = juror_by_key(pd, juror), ci = candidate_by_key(pd, candidate);
	size_t cell;

	if (ji < 0) {
		strbuf_addf(why, "no juror '%s' in edition %s (give an id, an email or a token; "
			    "see 'utilis jury list')", juror, pd->e->id);
		return 1;
	}
	if (ci < 0) {
		strbuf_addf(why, "no candidate '%s' in edition %s (give the number shown by "
			    "'utilis jury list')", candidate, pd->e->id);
		return 1;
	}
	cell = (size_t)ci * pd->njuror + (size_t)ji;
	if (pd->conflict[cell]) {
		strbuf_addf(why, "%s has declared a conflict of interest with candidate %s: "
			    "their scores cannot count", pd->jurors[ji].name, candidate);
		return 1;
	}
	if (pi->seen[cell]) {
		strbuf_addf(why, "%s's scores for candidate %s are given twice (first at row %ld)",
			    pd->jurors[ji].name, candidate, pi->seen[cell]);
		return 1;
	}
	if (pd->jurors[ji].submitted_at) {
		strbuf_addf(why, "%s has submitted their scores: they are locked", pd->jurors[ji].name);
		return 1;
	}
	pi->seen[cell] = row;
	return 0;
}

int prize_import_sheet(void *ctx, const char *juror, const char *candidate,
		       const char *const *values, size_t n, long row, struct error *err)
{
	struct prize_import *pi = ctx;
	struct prize_data *pd = pi->pd;
	long ji = juror_by_key(pd, juror), ci = candidate_by_key(pd, candidate);
	struct strbuf detail = STRBUF_INIT;
	size_t cell, k;
	int rc;

	if (ji < 0 || ci < 0)	/* prize_import_check() let it through: cannot happen */
		return error_set(err, "row %ld: unknown juror or candidate", row), UT_EDATA;
	cell = (size_t)ci * pd->njuror + (size_t)ji;
	if (!pd->assigned[cell]) {
		rc = store_jury_assign(pi->st, pd->e->id, pd->jurors[ji].id, pd->cand_id[ci], err);
		if (rc < 0)
			return rc;
		pd->assigned[cell] = 1;
		pi->assigned++;
	}
	/* What changes, criterion by criterion, for the audit. */
	strbuf_addf(&detail, "imported from %s, row %ld", pi->file, row);
	for (k = 0; k < pd->e->ncrit; k++) {
		const struct question *q = survey_find(pi->grid, pd->e->crit[k].name);
		const char *now = q && q->index < n ? values[q->index] : NULL;
		double before = pd->scores[cell * pd->e->ncrit + k];
		double after = now ? an_number(now) : NAN;
		char old[32];

		if ((isnan(before) && isnan(after)) || before == after)
			continue;
		if (isnan(before))
			snprintf(old, sizeof(old), "-");
		else
			snprintf(old, sizeof(old), "%g", before);
		strbuf_addf(&detail, "%s %s %s -> %s", detail.len && strchr(detail.buf, ':') ? ";" : ":",
			    pd->e->crit[k].name, old, now ? now : "-");
		pd->scores[cell * pd->e->ncrit + k] = after;
	}
	rc = store_jury_sheet_save(pi->st, pd->e->id, pd->jurors[ji].id, pd->cand_id[ci],
				   pi->grid_version_id, values, n, detail.buf, err);
	strbuf_release(&detail);
	if (rc == 0)
		pi->sheets++;
	return rc;
}

const struct ynode *prize_data_competence_unknown(const struct prize_data *pd, size_t *from)
{
	const struct ynode *m = pd->e->competence_jurors;
	size_t i, j;

	for (i = *from; pd->nform && m && i < m->n; i++) {
		const char *key = m->keys[i]->str;

		for (j = 0; j < pd->njuror; j++)
			if ((pd->jurors[j].email && !strcmp(pd->jurors[j].email, key)) ||
			    !strcmp(pd->jurors[j].name, key))
				break;
		if (j == pd->njuror) {
			*from = i + 1;
			return m->keys[i];
		}
	}
	*from = m ? m->n : 0;
	return NULL;
}

int prize_data_competences(const struct prize_data *pd, unsigned char **out, struct error *err)
{
	const struct ynode *m = pd->e->competence_jurors;
	const struct choice_list *l;
	unsigned char *v;
	size_t i, j, k, f;

	*out = NULL;
	if (!pd->nform || !m)
		return 0;
	l = pd->e->competence_qq->list;
	v = calloc(pd->njuror * pd->nform + 1, 1);
	if (!v)
		return error_set(err, "out of memory");
	for (i = 0; i < m->n; i++) {
		const char *key = m->keys[i]->str;

		for (j = 0; j < pd->njuror; j++)
			if ((pd->jurors[j].email && !strcmp(pd->jurors[j].email, key)) ||
			    !strcmp(pd->jurors[j].name, key))
				break;
		if (j == pd->njuror)
			continue;	/* not added yet: prize_data_competence_unknown() */
		for (k = 0; k < m->items[i]->n; k++)
			for (f = 0; f < pd->nform; f++)
				if (!strcmp(l->v[f].name, m->items[i]->items[k]->str))
					v[j * pd->nform + f] = 1;
	}
	*out = v;
	return 0;
}
