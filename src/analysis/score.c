/*
 * score: computing an indicator set (see score.h).
 *
 * The pass over the answers keeps, per respondent, one row of dimension
 * values (NaN: no value) and a group index, and feeds the reliability sums
 * of each dimension and survey.  Each survey version gets a plan first:
 * the answer slot, bounds and direction of every item, so that the pass
 * itself only parses numbers and adds.  Everything after the pass works on
 * the rows: distributions per group and dimension, scores, suppression,
 * tests, and the bootstrap of the composite.
 */
#include "analysis/score.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "survey/survey.h"
#include "util/bigmem.h"

struct item_plan {
	size_t slot;		/* answer slot in the version */
	size_t aidx;		/* position in the reliability items of (dimension, survey) */
	double min, max;	/* scale bounds; NaN when not a scale */
	int reverse;		/* reverse-coded */
	double x1[10], s1[10];	/* x and s (item_value()) of the one-digit answers 0 to 9 */
	size_t pmul;		/* ALPHA_CODES^aidx: its place in an answer pattern (alpha_acc_count()) */
};

/* An answer raw of item it: x (reversed when reverse-coded) and s (scaled 0-100 on a scale). */
static inline void item_value(const struct item_plan *it, double raw, double *x, double *s)
{
	*x = it->reverse ? it->min + it->max - raw : raw;
	*s = isnan(it->min) ? *x : 100 * (*x - it->min) / (it->max - it->min);
}

/*
 * The answer to item it among values[0..n): 1 with raw, x and s, and
 * *digit the answer when it is one digit (most answers: its values come
 * from the plan), -1 otherwise; 0 when it has no number.
 */
static inline int item_answer(const struct item_plan *it, const char *const *values, size_t n,
			      double *raw, double *x, double *s, int *digit)
{
	const char *t;

	if (it->slot >= n || !(t = values[it->slot]))
		return 0;
	if (t[0] >= '0' && t[0] <= '9' && !t[1]) {
		/* an_number()'s value, x and s from the plan */
		*digit = t[0] - '0';
		*raw = *digit;
		*x = it->x1[*digit];
		*s = it->s1[*digit];
		return 1;
	}
	*digit = -1;
	*raw = an_number(t);
	if (isnan(*raw))
		return 0;
	item_value(it, *raw, x, s);
	return 1;
}

struct dim_plan {
	struct item_plan *items;	/* the items this version has */
	size_t nitems;			/* how many */
	size_t need;			/* answers needed for a value (coverage rule) */
	struct alpha_acc *acc;		/* reliability sums of (dimension, survey), or NULL */
};

struct run {
	const struct indicator_set *set;	/* what is computed */
	struct an_source *src;			/* surveys */
	struct ind_result *res;			/* being filled */
	size_t D;				/* dimensions */
	struct an_by by;			/* the breakdown */
	enum by_kind by_kind;			/* BY_NONE when none */
	struct dim_plan *plans;			/* plans[v * D + d] for version v */
	struct alpha_acc *accs;			/* accs[d * nforms + f] */
	const char ***acc_items;		/* names of each acc's items */
	double *rows;				/* nrows x D values (grow_rows()) */
	size_t rows_size;			/* bytes mapped for them */
	size_t nrows, arows;			/* used / allocated rows */
	uint32_t *gid;				/* group of each row */
	uint32_t *atom;				/* small-group atom of each row */
	size_t gid_size, atom_size;		/* bytes mapped for them */
	struct an_atoms atoms;			/* the small-group rule's atoms */
	int counting;				/* the pass counts the atoms as it goes */
	size_t *gleft;				/* gleft[g]: respondents of group g left out */
	size_t *fleft;				/* fleft[f]: respondents of survey f left out */
	double *byv;				/* numeric breakdown value of each row */
	size_t *below;				/* below[g * D + d]: under the coverage rule */
	size_t abelow;				/* groups allocated in below */
	struct an_groups groups;		/* breakdown values met */
	double *xa, *ra;			/* scratch: one respondent's items for alpha */
	size_t maxitems;			/* their size */
	int panel;				/* by _wave: rows carry their person (pid) */
	uint32_t *pid;				/* person of each row (panel key), NO_PERSON: none */
	struct an_groups people;		/* "survey\npanel key" of each person met */
	struct error *err;			/* for messages */
};

#define NO_PERSON UINT32_MAX

double ind_composite_of(const struct indicator_set *set, const double *scores)
{
	double W = 0, acc = 0;
	size_t d;

	for (d = 0; d < set->ndims; d++) {
		double w = set->dims[d].weight;

		if (!(w > 0))
			continue;
		if (isnan(scores[d]))
			return NAN;
		W += w;
		if (set->aggregate == AGG_GEOMETRIC) {
			if (scores[d] <= 0)
				return 0;
			acc += w * log(scores[d]);
		} else {
			acc += w * scores[d];
		}
	}
	if (W == 0)
		return NAN;
	return set->aggregate == AGG_GEOMETRIC ? exp(acc / W) : acc / W;
}

/* --- plans ----------------------------------------------------------------------------- */

static int oom(struct run *R)
{
	error_set(R->err, "out of memory");
	return UT_ENOMEM;
}

static int make_plans(struct run *R)
{
	const struct indicator_set *set = R->set;
	struct an_source *src = R->src;
	size_t D = R->D, F = src->nforms, d, f, v, i;

	R->plans = calloc((src->nv ? src->nv : 1) * D, sizeof(*R->plans));
	R->accs = calloc(D * F, sizeof(*R->accs));
	R->acc_items = calloc(D * F, sizeof(*R->acc_items));
	if (!R->plans || !R->accs || !R->acc_items)
		return oom(R);
	/* Reliability items of each (dimension, survey): the items any version of it has. */
	for (d = 0; d < D; d++) {
		const struct ind_dimension *dim = &set->dims[d];

		if (dim->score == SCORE_FORMULA || dim->nitems == 0)
			continue;
		if (dim->nitems > R->maxitems)
			R->maxitems = dim->nitems;
		for (f = 0; f < F; f++) {
			const char **names = arena_alloc(&R->res->arena, dim->nitems * sizeof(*names));
			size_t k = 0;
			int all_scale = 1;

			if (!names)
				return oom(R);
			for (i = 0; i < dim->nitems; i++) {
				int present = 0;

				for (v = 0; v < src->nv; v++) {
					const struct question *q;

					if (src->v[v].form != f)
						continue;
					q = survey_find(src->v[v].s, dim->items[i]);
					if (q && question_has_value(q)) {
						present = 1;
						if (!q->is_scale)
							all_scale = 0;
					}
				}
				if (present)
					names[k++] = dim->items[i];
			}
			if (k == 0)
				continue;
			R->acc_items[d * F + f] = names;
			if (alpha_acc_init(&R->accs[d * F + f], k, all_scale ? 50 : 0) < 0)
				return oom(R);
		}
	}
	for (v = 0; v < src->nv; v++) {
		const struct an_version *ver = &src->v[v];

		for (d = 0; d < D; d++) {
			const struct ind_dimension *dim = &set->dims[d];
			struct dim_plan *p = &R->plans[v * D + d];
			struct alpha_acc *acc = &R->accs[d * F + ver->form];
			const char **names = R->acc_items[d * F + ver->form];

			if (dim->score == SCORE_FORMULA || dim->nitems == 0)
				continue;
			p->items = arena_alloc(&R->res->arena, dim->nitems * sizeof(*p->items));
			if (!p->items)
				return oom(R);
			p->acc = acc->k ? acc : NULL;
			for (i = 0; i < dim->nitems; i++) {
				const struct question *q = survey_find(ver->s, dim->items[i]);
				struct item_plan *it;
				size_t a;

				if (!q || !question_has_value(q))
					continue;
				it = &p->items[p->nitems++];
				it->slot = q->index;
				it->min = q->is_scale ? q->scale_min : NAN;
				it->max = q->is_scale ? q->scale_max : NAN;
				it->reverse = q->is_scale && q->reverse;
				for (a = 0; a < 10; a++)
					item_value(it, (double)a, &it->x1[a], &it->s1[a]);
				for (a = 0; a < acc->k && strcmp(names[a], dim->items[i]); a++)
					;
				it->aidx = a;
				it->pmul = 1;
				while (a-- > 0 && a < ALPHA_PATTERN_ITEMS)
					it->pmul *= ALPHA_CODES;
			}
			p->need = ind_coverage_needed(p->nitems);
		}
	}
	/* Reliability counted by answer pattern where every version scores the digits alike. */
	for (d = 0; d < D * F; d++) {
		struct alpha_acc *acc = &R->accs[d];
		double x[ALPHA_PATTERN_ITEMS * 10], raw[ALPHA_PATTERN_ITEMS * 10];
		int alike = 1;

		if (!acc->k || acc->k > ALPHA_PATTERN_ITEMS)
			continue;
		for (i = 0; i < acc->k * 10; i++) {
			x[i] = NAN;
			raw[i] = (double)(i % 10);
		}
		for (v = 0; v < src->nv && alike; v++) {
			const struct dim_plan *p = &R->plans[v * D + d / F];

			if (src->v[v].form != d % F)
				continue;
			for (i = 0; i < p->nitems && alike; i++) {
				const struct item_plan *it = &p->items[i];
				size_t c;

				for (c = 0; c < 10 && it->aidx < acc->k; c++) {
					double *xc = &x[it->aidx * 10 + c];

					if (isnan(*xc))
						*xc = it->s1[c];
					else if (memcmp(xc, &it->s1[c], sizeof(*xc)))
						alike = 0;
				}
			}
		}
		if (alike && alpha_acc_patterns(acc, x, raw) < 0)
			return oom(R);
	}
	/* The slots the pass reads: the items, the breakdown; all of them for a formula. */
	for (d = 0; d < D && set->dims[d].score != SCORE_FORMULA; d++)
		;
	for (f = 0; f < F && d == D; f++) {
		unsigned char *want = arena_alloc(&R->res->arena, src->forms[f].nslots / 8 + 1);

		if (!want)
			return oom(R);
		memset(want, 0, src->forms[f].nslots / 8 + 1);
		for (v = 0; v < src->nv; v++) {
			const struct dim_plan *p = &R->plans[v * D];
			size_t slot = R->by_kind != BY_NONE && R->by.pseudo == BY_QUESTION ?
				      R->by.slot[v] : SIZE_MAX;

			if (src->v[v].form != f)
				continue;
			if (slot < src->forms[f].nslots)
				want[slot / 8] |= (unsigned char)(1u << slot % 8);
			for (i = 0; i < D; i++) {
				size_t k;

				for (k = 0; k < p[i].nitems; k++) {
					slot = p[i].items[k].slot;
					if (slot < src->forms[f].nslots)
						want[slot / 8] |= (unsigned char)(1u << slot % 8);
				}
			}
		}
		src->forms[f].want = want;
	}
	R->xa = malloc((R->maxitems + 1) * sizeof(*R->xa));
	R->ra = malloc((R->maxitems + 1) * sizeof(*R->ra));
	if (!R->xa || !R->ra)
		return oom(R);
	return 0;
}

/* --- the pass over the answers ------------------------------------------------------------ */

struct lookup_ctx {
	const struct survey *s;		/* the respondent's version */
	const char *const *values;	/* its answers */
	size_t n;			/* slots */
};

static const char *lookup_answer(void *ctx, const char *name)
{
	const struct lookup_ctx *l = ctx;
	const struct question *q = survey_find(l->s, name);

	return q && q->index < l->n ? l->values[q->index] : NULL;
}

/* The value of a formula dimension for one respondent (NaN: none). */
static double eval_formula(const struct ind_dimension *dim, const struct an_version *v,
			   const char *const *values, size_t n, int *oom_out)
{
	struct lookup_ctx l = { v->s, values, n };
	struct expr_env env = { lookup_answer, NULL, &l, NULL, NULL, NULL, NULL, NULL, NULL };
	struct value val;
	double x;

	if (expr_eval(dim->formula, &env, &val) < 0) {
		*oom_out = 1;
		return NAN;
	}
	x = value_to_number(&val);
	value_release(&val);
	return isfinite(x) ? x : NAN;
}

/*
 * Room for twice as many rows.  The arrays of a million rows are tens of
 * megabytes, in huge-page mappings (util/bigmem.h): grown without a copy,
 * and faulted in a few dozen times rather than thousands.
 */
static int grow_rows(struct run *R)
{
	size_t na = R->arows ? 2 * R->arows : 4096;
	size_t size = (na * R->D > 0 ? na * R->D : 1) * sizeof(*R->rows);
	double *rows = bigmem_grow(R->rows, R->rows_size, size);
	uint32_t *gid;

	if (!rows)
		return -1;
	R->rows = rows;
	R->rows_size = size;
	if (!(gid = bigmem_grow(R->gid, R->gid_size, na * sizeof(*gid))))
		return -1;
	R->gid = gid;
	R->gid_size = na * sizeof(*gid);
	if (!(gid = bigmem_grow(R->atom, R->atom_size, na * sizeof(*gid))))
		return -1;
	R->atom = gid;
	R->atom_size = na * sizeof(*gid);
	if (R->panel) {
		gid = realloc(R->pid, na * sizeof(*gid));
		if (!gid)
			return -1;
		R->pid = gid;
	}
	if (R->by_kind == BY_NUMBER) {
		double *byv = realloc(R->byv, na * sizeof(*byv));

		if (!byv)
			return -1;
		R->byv = byv;
	}
	R->arows = na;
	return 0;
}

static int on_respondent(void *ctx, const struct an_version *v, const struct respondent *r,
			 const char *const *values, size_t n)
{
	struct run *R = ctx;
	const struct indicator_set *set = R->set;
	const struct dim_plan *plans = R->plans + (size_t)(v - R->src->v) * R->D;
	double *row;
	long g = 0, atom;
	size_t d, i;

	if (R->counting) {
		/* every atom taken as large: the pass is done again if one is not */
		atom = an_atoms_add(&R->atoms, R->src, v, r);
		if (atom < 0)
			return oom(R);
	} else {
		atom = an_atoms_find(&R->atoms, R->src, v, r);
	}
	if (R->nrows == R->arows && grow_rows(R) < 0)
		return oom(R);
	if (R->by_kind == BY_CATEGORY) {
		g = an_groups_add(&R->groups, an_by_value(&R->by, R->src, v, r, values, n));
		if (g < 0)
			return oom(R);
		if ((size_t)g >= R->abelow) {
			size_t na = R->abelow ? 2 * R->abelow : 16;
			size_t *b = realloc(R->below, na * R->D * sizeof(*b));

			if (!b)
				return oom(R);
			memset(b + R->abelow * R->D, 0, (na - R->abelow) * R->D * sizeof(*b));
			R->below = b;
			b = realloc(R->gleft, na * sizeof(*b));
			if (!b)
				return oom(R);
			memset(b + R->abelow, 0, (na - R->abelow) * sizeof(*b));
			R->gleft = b;
			R->abelow = na;
		}
	} else if (R->by_kind == BY_NUMBER) {
		R->byv[R->nrows] = an_number(an_by_value(&R->by, R->src, v, r, values, n));
	}
	if (!R->counting && an_atoms_small(&R->atoms, atom)) {
		/* Left out of everything; its group is still shown as suppressed. */
		if (R->by_kind == BY_CATEGORY)
			R->gleft[g]++;
		R->fleft[v->form]++;
		R->res->left_out = 1;
		return 0;
	}
	R->atom[R->nrows] = (uint32_t)atom;
	if (R->panel) {
		R->pid[R->nrows] = NO_PERSON;
		if (r->panel) {
			char key[96];
			long p;

			snprintf(key, sizeof(key), "%zu\n%s", v->form, r->panel);
			if ((p = an_groups_add(&R->people, key)) < 0)
				return oom(R);
			R->pid[R->nrows] = (uint32_t)p;
		}
	}
	row = R->rows + R->nrows * R->D;
	for (d = 0; d < R->D; d++) {
		const struct ind_dimension *dim = &set->dims[d];
		const struct dim_plan *p = &plans[d];
		double sum_s = 0, sum_x = 0, nge = 0;
		size_t answered = 0, pidx;
		int pat, direct;

		if (dim->score == SCORE_FORMULA) {
			int failed = 0;

			row[d] = eval_formula(dim, v, values, n, &failed);
			if (failed)
				return oom(R);
			continue;
		}
		/* reliability: the answers' pattern when the acc counts them, else xa and ra */
		pat = p->acc && p->acc->pat;
		pidx = 0;
		direct = 0;
		if (p->acc && !pat)
			for (i = 0; i < p->acc->k; i++)
				R->xa[i] = R->ra[i] = NAN;
		for (i = 0; i < p->nitems; i++) {
			const struct item_plan *it = &p->items[i];
			double raw, x, s;
			int digit;

			if (!item_answer(it, values, n, &raw, &x, &s, &digit))
				continue;
			answered++;
			sum_s += s;
			sum_x += x;
			nge += x >= dim->threshold;
			if (pat) {
				if (digit >= 0)
					pidx += (size_t)(digit + 1) * it->pmul;
				else
					direct = 1;	/* not a pattern: added as a row below */
			} else if (p->acc) {
				R->xa[it->aidx] = s;
				R->ra[it->aidx] = raw;
			}
		}
		if (pat && !direct) {
			if (pidx)
				alpha_acc_count(p->acc, pidx);
		} else if (p->acc) {
			if (pat) {	/* an answer that is not one digit: the row as xa and ra */
				for (i = 0; i < p->acc->k; i++)
					R->xa[i] = R->ra[i] = NAN;
				for (i = 0; i < p->nitems; i++) {
					const struct item_plan *it = &p->items[i];
					double raw, x, s;
					int digit;

					if (item_answer(it, values, n, &raw, &x, &s, &digit)) {
						R->xa[it->aidx] = s;
						R->ra[it->aidx] = raw;
					}
				}
			}
			alpha_acc_add(p->acc, R->xa, R->ra);
		}
		if (answered == 0 || answered < p->need) {
			row[d] = NAN;
			if (answered > 0 && R->by_kind == BY_CATEGORY)
				R->below[(size_t)g * R->D + d]++;
			else if (answered > 0)
				R->res->all.cells[d].nbelow++;
			continue;
		}
		switch (dim->score) {
		case SCORE_MEAN: row[d] = sum_s / (double)answered; break;
		case SCORE_SHARE: row[d] = 100 * nge / (double)answered; break;
		case SCORE_SUM: row[d] = sum_x / (double)answered * (double)p->nitems; break;
		case SCORE_FORMULA: break;
		}
	}
	R->gid[R->nrows++] = (uint32_t)g;
	return 0;
}

/* --- cells ------------------------------------------------------------------------------ */

/* Scores of a cell from its distribution. */
static void fill_cell(struct ind_cell *c, const struct ind_dimension *dim, const struct dist *dd,
		      double conf, size_t min)
{
	summary_of(&c->value, dd, conf);
	summary_extremes(&c->value, dd, min);
	c->note = c->value.note == STAT_NO_DATA ? STAT_NO_DATA : STAT_OK;
	c->score = ind_normalise(dim, c->value.mean);
	c->score_lo = c->score_hi = NAN;
	if (dim->score == SCORE_SHARE && dim->nitems == 1 && dd->n > 0) {
		/* A one-item share is a proportion: Wilson's interval. */
		size_t k = 0, i;
		double lo, hi;

		for (i = 0; i < dd->nd; i++)
			if (dd->v[i] == 100)
				k = dd->c[i];
		if (wilson_interval(k, dd->n, conf, &lo, &hi) == 0) {
			c->score_lo = 100 * lo;
			c->score_hi = 100 * hi;
			c->wilson = 1;
		}
		return;
	}
	if (!isnan(c->value.ci_lo)) {
		double a = ind_normalise(dim, c->value.ci_lo), b = ind_normalise(dim, c->value.ci_hi);

		c->score_lo = fmin(a, b);
		c->score_hi = fmax(a, b);
	}
}

/* Empty c of any number (its count of respondents under the coverage rule kept). */
static void empty_cell(struct ind_cell *c, enum stat_note note, enum an_hide why)
{
	size_t nbelow = c->nbelow;

	memset(c, 0, sizeof(*c));
	c->note = note;
	c->hidden = why;
	c->nbelow = nbelow;
	c->value.note = note;
	c->value.mean = c->value.sd = c->value.median = NAN;
	c->value.min = c->value.max = c->value.q1 = c->value.q3 = NAN;
	c->value.ci_lo = c->value.ci_hi = NAN;
	c->score = c->score_lo = c->score_hi = NAN;
}

static void hide_cell(struct ind_cell *c, enum an_hide why)
{
	empty_cell(c, STAT_SUPPRESSED, why);
}

/* The composite statistic of raw dimension means, for the bootstrap. */
static double composite_stat(void *ctx, const double *means)
{
	const struct indicator_set *set = ctx;
	double scores[64] = { 0 }, *s = scores, v;
	size_t d;

	if (set->ndims > 64) {
		s = malloc(set->ndims * sizeof(*s));
		if (!s)
			return NAN;
	}
	for (d = 0; d < set->ndims; d++)
		s[d] = ind_normalise(&set->dims[d], means[d]);
	v = ind_composite_of(set, s);
	if (s != scores)
		free(s);
	return v;
}

/* The bootstrap seed of a group: the user's seed, mixed with the group's value. */
static uint64_t seed_of(uint64_t seed, const char *key, int no_answer)
{
	if (!key && !no_answer)
		return seed;
	if (no_answer)
		key = "\001no answer";
	return seed ^ an_hash(key, strlen(key));
}

/*
 * The composite of group G, its bootstrap interval taken from boot (drawn
 * beforehand, see struct boots) when it has one: 0 or UT_ENOMEM.
 */
static int fill_composite(struct run *R, struct ind_group *G, const struct boot_result *boot)
{
	const struct indicator_set *set = R->set;
	const struct ind_options *opt = &R->res->opt;
	struct ind_composite *c = &G->composite;
	double scores[64] = { 0 }, *s = scores;
	size_t d;

	c->score = c->boot.lo = c->boot.hi = c->boot.estimate = NAN;
	if (G->note == STAT_SUPPRESSED) {
		c->note = STAT_SUPPRESSED;
		c->hidden = G->hidden;
		return 0;
	}
	if (set->ndims > 64 && !(s = malloc(set->ndims * sizeof(*s))))
		return UT_ENOMEM;
	c->note = STAT_OK;
	for (d = 0; d < set->ndims; d++) {
		s[d] = G->cells[d].score;
		if (!(set->dims[d].weight > 0))
			continue;
		if (G->cells[d].note == STAT_SUPPRESSED) {
			c->note = STAT_SUPPRESSED;
			c->hidden = AN_HIDE_DIMENSION;
		}
		else if (isnan(s[d]) && c->note == STAT_OK)
			c->note = STAT_NO_DATA;
	}
	if (c->note != STAT_OK)
		goto out;
	c->score = ind_composite_of(set, s);
	if (isnan(c->score)) {
		c->note = STAT_NO_DATA;
		goto out;
	}
	c->boot.note = STAT_NOT_APPLICABLE;
	if (opt->nboot == 0)
		goto out;
	c->boot = *boot;
out:
	if (s != scores)
		free(s);
	return 0;
}

/*
 * The bootstraps of the composite, of the whole (task 0) and of each group
 * shown (task g + 1), drawn on a second thread while the first computes
 * the cells, then on both: each group's bootstrap has its own seed and
 * reads only the rows, final once the pass and the small-group rule are
 * done, so the results do not depend on which thread draws it or when.
 * A group whose composite turns out to have no interval (a dimension
 * suppressed or without data) has its bootstrap drawn for nothing: the
 * result is not used.  On two cores the bootstraps (a third of the time
 * of a breakdown into eleven groups) take half as long, and the cells'
 * time is hidden behind them.
 */
struct boots {
	struct run *R;
	const size_t *perm, *start;		/* the rows of each group (finish()) */
	size_t G;				/* groups */
	size_t *keep;				/* room for the rows of the bootstraps (keep_rows()) */
	const size_t *all;			/* the whole's rows, NULL: every row */
	size_t nall;				/* how many */
	size_t *kstart;				/* where each group's begin in keep + nrows */
	int ready;				/* keep is filled (guarded by mu) */
	pthread_cond_t cv;			/* it has been */
	const unsigned char *skip;		/* skip[t]: no bootstrap for task t */
	struct boot_result *out;		/* out[t]: task t's */
	size_t ntasks;				/* 1 + the groups */
	pthread_mutex_t mu;			/* guards what follows */
	size_t next;				/* the next task to take */
	int rc;					/* 0 or the first failure (UT_ENOMEM) */
};

/* Row r has a value of at least one dimension (the rows a bootstrap draws from). */
static int has_value(const struct run *R, size_t r)
{
	const double *row = R->rows + r * R->D;
	size_t d;

	for (d = 0; d < R->D && isnan(row[d]); d++)
		;
	return d < R->D;
}

/*
 * The rows of the bootstraps, those with a value, in B->keep (2 nrows
 * entries, one array of huge pages for them all where each bootstrap had
 * one of its own in small pages: 2,000 page faults at a million rows):
 * each group's, in display order (perm and start, as finish() sorts them),
 * at keep + nrows from kstart[g] to kstart[g + 1]; then the whole's, in
 * row order at keep, unless every row has a value: the whole's bootstrap
 * then reads every row without a list (the same rows, the same draws),
 * and those pages are never touched.
 */
static void keep_rows(struct boots *B)
{
	const struct run *R = B->R;
	size_t *gk = B->keep + R->nrows, i, g, m = 0;

	B->kstart[0] = 0;
	for (g = 0; g < B->G; g++) {
		for (i = B->start[g]; i < B->start[g + 1]; i++)
			if (has_value(R, B->perm[i]))
				gk[m++] = B->perm[i];
		B->kstart[g + 1] = m;
	}
	if (B->G == 0)		/* the groups did not count them */
		for (i = 0; i < R->nrows; i++)
			m += has_value(R, i);
	B->nall = R->nrows;
	B->all = NULL;
	if (m == R->nrows)
		return;
	for (i = 0, m = 0; i < R->nrows; i++)
		if (has_value(R, i))
			B->keep[m++] = i;
	B->all = B->keep;
	B->nall = m;
}

/* The bootstrap of the rows keep[0..n) (NULL: 0..n-1) into *out. */
static int boot_rows(struct run *R, const size_t *keep, size_t n, uint64_t seed,
		     struct boot_result *out)
{
	const struct ind_options *opt = &R->res->opt;

	if (boot_means(out, R->rows, R->D, keep, n, composite_stat, (void *)R->set, opt->nboot,
		       opt->boot_max, opt->conf, seed) < 0)
		return UT_ENOMEM;
	return 0;
}

static void *boots_run(void *arg)
{
	struct boots *B = arg;
	struct run *R = B->R;

	pthread_mutex_lock(&B->mu);
	while (!B->ready)
		pthread_cond_wait(&B->cv, &B->mu);
	pthread_mutex_unlock(&B->mu);
	for (;;) {
		size_t t;
		int rc;

		pthread_mutex_lock(&B->mu);
		t = B->rc ? B->ntasks : B->next++;
		pthread_mutex_unlock(&B->mu);
		if (t >= B->ntasks)
			return NULL;
		if (B->skip[t])
			continue;
		if (t == 0) {
			rc = boot_rows(R, B->all, B->nall,
				       seed_of(R->res->opt.seed, R->res->all.key, R->res->all.no_answer),
				       &B->out[0]);
		} else {
			const struct ind_group *G = &R->res->groups[t - 1];

			rc = boot_rows(R, B->keep + R->nrows + B->kstart[t - 1],
				       B->kstart[t] - B->kstart[t - 1],
				       seed_of(R->res->opt.seed, G->key, G->no_answer), &B->out[t]);
		}
		if (rc < 0) {
			pthread_mutex_lock(&B->mu);
			B->rc = rc;
			pthread_mutex_unlock(&B->mu);
		}
	}
}

/* The helper thread: the rows of the bootstraps, then bootstraps (the first thread computes the cells). */
static void *boots_helper(void *arg)
{
	struct boots *B = arg;

	keep_rows(B);
	pthread_mutex_lock(&B->mu);
	B->ready = 1;
	pthread_cond_broadcast(&B->cv);
	pthread_mutex_unlock(&B->mu);
	return boots_run(B);
}

/* --- after the pass ------------------------------------------------------------------------ */

static int init_group(struct run *R, struct ind_group *G)
{
	size_t d;

	G->cells = arena_alloc(&R->res->arena, (R->D ? R->D : 1) * sizeof(*G->cells));
	if (!G->cells)
		return oom(R);
	for (d = 0; d < R->D; d++)
		empty_cell(&G->cells[d], STAT_NO_DATA, AN_SHOWN);
	return 0;
}

/*
 * The small-group rule per dimension: a respondent whose atom has fewer
 * than min_group values of a dimension has no value there.  Returns 0 or
 * UT_ENOMEM.
 */
static int leave_out_small(struct run *R)
{
	size_t A = R->atoms.keys.n, D = R->D, i, d;
	size_t *cnt = calloc((A ? A : 1) * (D ? D : 1), sizeof(*cnt));

	if (!cnt)
		return oom(R);
	for (i = 0; i < R->nrows; i++)
		for (d = 0; d < D; d++)
			if (!isnan(R->rows[i * D + d]))
				cnt[R->atom[i] * D + d]++;
	for (i = 0; i < R->nrows; i++)
		for (d = 0; d < D; d++)
			if (!isnan(R->rows[i * D + d]) && cnt[R->atom[i] * D + d] < R->atoms.min_group) {
				R->rows[i * D + d] = NAN;
				R->res->left_out = 1;
			}
	free(cnt);
	return 0;
}

/*
 * Everything computed from the rows: groups sorted for display, cells,
 * suppression, comparisons and composites.
 */
static int finish(struct run *R)
{
	struct ind_result *res = R->res;
	const struct indicator_set *set = R->set;
	size_t D = R->D, G = R->by_kind == BY_CATEGORY ? R->groups.n : 0;
	size_t *order = NULL, *start = NULL, *perm = NULL, *rank = NULL, *nd = NULL, *pos = NULL;
	size_t *keep = NULL, *kstart = NULL;	/* the bootstraps' rows (keep_rows()) */
	struct dist *dists = NULL, all = DIST_INIT;
	const struct dist **shown = NULL;
	struct summary *sums = NULL;
	double *buf = NULL;
	unsigned char *hide = NULL, *bskip = NULL;
	struct boots B;
	struct boot_result *bout = NULL;
	pthread_t helper;
	int boots_on = 0, helper_on = 0;	/* B is in use; its helper thread runs */
	size_t d, g, i, min = (size_t)res->min_group;
	int rc = UT_ENOMEM;

	memset(&B, 0, sizeof(B));
	/* Group rows together: a counting sort by display position. */
	order = G ? an_groups_order(&R->groups, &R->by) : malloc(sizeof(*order));
	rank = malloc((G + 1) * sizeof(*rank));
	start = calloc(G + 2, sizeof(*start));
	/* the two arrays of a row each in huge pages (util/bigmem.h) */
	perm = bigmem_grow(NULL, 0, R->nrows * sizeof(*perm));
	nd = malloc((G + 1) * sizeof(*nd));
	dists = calloc(G + 1, sizeof(*dists));
	buf = bigmem_grow(NULL, 0, R->nrows * sizeof(*buf));
	hide = malloc(G + 1);
	pos = malloc((G + 1) * sizeof(*pos));
	if (!order || !rank || !start || !perm || !nd || !dists || !buf || !hide || !pos)
		goto out;
	for (g = 0; g < G; g++)
		rank[order[g]] = g;
	for (i = 0; i < R->nrows; i++)
		start[(G ? rank[R->gid[i]] : 0) + 1]++;
	for (g = 1; g <= G; g++)
		start[g] += start[g - 1];
	memcpy(pos, start, (G + 1) * sizeof(*pos));
	for (i = 0; i < R->nrows; i++)
		perm[pos[G ? rank[R->gid[i]] : 0]++] = i;
	res->ngroups = G;
	res->groups = arena_alloc(&res->arena, (G ? G : 1) * sizeof(*res->groups));
	if (!res->groups)
		goto out;
	res->all.n = R->nrows;
	shown = malloc((G + 1) * sizeof(*shown));
	sums = malloc((G + 1) * sizeof(*sums));
	if (!shown || !sums)
		goto out;
	for (g = 0; g < G; g++) {
		struct ind_group *gr = &res->groups[g];
		const char *key = R->groups.keys[order[g]];

		gr->no_answer = key == NULL;
		if (key && !(gr->key = arena_strdup(&res->arena, key)))
			goto out;
		if (an_group_label(&gr->label, &res->arena, &R->by, key) < 0)
			goto out;
		gr->n = start[g + 1] - start[g];
		if (init_group(R, gr) < 0)
			goto out;
		for (d = 0; d < D; d++) {
			gr->cells[d].nbelow = R->below[order[g] * D + d];
			res->all.cells[d].nbelow += gr->cells[d].nbelow;
		}
	}
	/* Whole groups too small to show; the overall too small hides everything. */
	/* (with no respondent there is nothing to hide: every cell says "no data") */
	for (g = 0; g < G; g++) {
		nd[g] = res->groups[g].n;
		hide[g] = res->all.n < min ? AN_HIDE_SMALL : AN_SHOWN;
		/* A group whose respondents were left out is shown as such. */
		if (nd[g] < min && R->gleft[order[g]] > 0)
			hide[g] = AN_HIDE_SMALL;
	}
	an_suppress(nd, G, min, hide);
	for (g = 0; g < G; g++)
		if (hide[g]) {
			res->groups[g].note = STAT_SUPPRESSED;
			res->groups[g].hidden = hide[g];
		}
	if ((res->all.n > 0 && res->all.n < min) || (res->all.n == 0 && res->left_out)) {
		res->all.note = STAT_SUPPRESSED;
		res->all.hidden = AN_HIDE_SMALL;
	}
	if (R->by_kind == BY_CATEGORY) {
		res->cmp = arena_alloc(&res->arena, (D ? D : 1) * sizeof(*res->cmp));
		if (!res->cmp)
			goto out;
	}
	/* The composites' bootstraps: on a second thread from now on (struct boots). */
	if (res->has_composite && res->opt.nboot > 0) {
		bskip = malloc(G + 1);
		bout = calloc(G + 1, sizeof(*bout));
		kstart = malloc((G + 1) * sizeof(*kstart));
		keep = bigmem_grow(NULL, 0, 2 * R->nrows * sizeof(*keep));
		if (!bskip || !bout || !kstart || !keep || pthread_mutex_init(&B.mu, NULL) != 0)
			goto out;
		if (pthread_cond_init(&B.cv, NULL) != 0) {
			pthread_mutex_destroy(&B.mu);
			goto out;
		}
		boots_on = 1;
		bskip[0] = res->all.note == STAT_SUPPRESSED;
		for (g = 0; g < G; g++)
			bskip[g + 1] = res->groups[g].note == STAT_SUPPRESSED;
		B.R = R;
		B.perm = perm;
		B.start = start;
		B.G = G;
		B.keep = keep;
		B.kstart = kstart;
		B.skip = bskip;
		B.out = bout;
		B.ntasks = G + 1;
		helper_on = pthread_create(&helper, NULL, boots_helper, &B) == 0;
		if (!helper_on) {	/* no second thread: this one does it all */
			keep_rows(&B);
			B.ready = 1;
		}
	}
	for (d = 0; d < D; d++) {
		const struct ind_dimension *dim = &set->dims[d];
		size_t nall = 0, k = 0, nhidden = 0;

		/*
		 * The values of each group, gathered in one sequential pass over
		 * the rows into the group's range of buf (pos), then everyone's.
		 */
		memcpy(pos, start, (G + 1) * sizeof(*pos));
		for (i = 0; i < R->nrows; i++) {
			double x = R->rows[i * D + d];

			if (!isnan(x))
				buf[pos[G ? rank[R->gid[i]] : 0]++] = x;
		}
		for (g = 0; g < G; g++) {
			if (dist_build(&dists[g], buf + start[g], pos[g] - start[g]) < 0)
				goto out;
			nd[g] = pos[g] - start[g];
			hide[g] = res->groups[g].hidden;
		}
		if (G > 0) {	/* everyone's: the groups' together */
			if (dist_merge(&all, dists, G) < 0)
				goto out;
		} else {
			for (i = 0; i < R->nrows; i++) {
				double x = R->rows[i * D + d];

				if (!isnan(x))
					buf[nall++] = x;
			}
			if (dist_build(&all, buf, nall) < 0)
				goto out;
		}
		fill_cell(&res->all.cells[d], dim, &all, res->opt.conf, min);
		if (res->all.note == STAT_SUPPRESSED || (all.n > 0 && all.n < min))
			hide_cell(&res->all.cells[d], AN_HIDE_SMALL);
		an_suppress(nd, G, min, hide);
		for (g = 0; g < G; g++) {
			struct ind_cell *c = &res->groups[g].cells[d];

			fill_cell(c, dim, &dists[g], res->opt.conf, min);
			if (hide[g]) {
				hide_cell(c, hide[g]);
				if (!res->groups[g].no_answer && nd[g] > 0)
					nhidden++;
			} else if (!res->groups[g].no_answer && nd[g] > 0) {
				shown[k] = &dists[g];
				sums[k++] = c->value;
			}
		}
		/* Comparisons between the groups shown. */
		if (res->cmp) {
			struct ind_compare *cmp = &res->cmp[d];

			memset(cmp, 0, sizeof(*cmp));
			cmp->ngroups_hidden = nhidden;
			cmp->corr.kind = TEST_NONE;
			if (k == 2) {
				test_welch(&cmp->param, &sums[0], &sums[1]);
				if (test_mann_whitney(&cmp->rank, shown[0], shown[1], ALT_TWO_SIDED) < 0)
					goto out;
			} else if (k > 2) {
				test_anova(&cmp->param, sums, k);
				test_kruskal(&cmp->rank, shown, k);
			} else {
				cmp->param.kind = cmp->rank.kind = TEST_NONE;
				cmp->param.note = cmp->rank.note = STAT_ONE_GROUP;
			}
		}
	}
	/* Composites, with their bootstrap intervals: this thread joins the helper's draws. */
	if (boots_on) {
		boots_run(&B);
		if (helper_on)
			pthread_join(helper, NULL);
		helper_on = 0;
		if (B.rc < 0) {
			rc = B.rc;
			goto out;
		}
	}
	if (res->has_composite) {
		static const struct boot_result none;

		if (fill_composite(R, &res->all, bout ? &bout[0] : &none) < 0)
			goto out;
		for (g = 0; g < G; g++)
			if (fill_composite(R, &res->groups[g], bout ? &bout[g + 1] : &none) < 0)
				goto out;
	}
	rc = 0;
out:
	if (helper_on) {	/* a failure while the helper draws: it stops at its next task */
		pthread_mutex_lock(&B.mu);
		if (!B.rc)
			B.rc = UT_ENOMEM;
		pthread_mutex_unlock(&B.mu);
		pthread_join(helper, NULL);
	}
	if (boots_on) {
		pthread_cond_destroy(&B.cv);
		pthread_mutex_destroy(&B.mu);
	}
	free(bskip);
	free(bout);
	free(kstart);
	bigmem_free(keep, 2 * R->nrows * sizeof(*keep));
	if (rc == UT_ENOMEM)
		oom(R);
	for (g = 0; dists && g <= G; g++)
		dist_release(&dists[g]);
	dist_release(&all);
	free(order);
	free(rank);
	free(start);
	bigmem_free(perm, R->nrows * sizeof(*perm));
	free(nd);
	free(dists);
	bigmem_free(buf, R->nrows * sizeof(*buf));
	free(hide);
	free(shown);
	free(sums);
	free(pos);
	return rc;
}

/* Spearman correlation of each dimension with a numeric breakdown, on counted pairs. */
static int correlations(struct run *R)
{
	struct ind_result *res = R->res;
	size_t d, i;
	int rc = 0;

	res->cmp = arena_alloc(&res->arena, (R->D ? R->D : 1) * sizeof(*res->cmp));
	if (!res->cmp)
		return oom(R);
	for (d = 0; d < R->D && rc == 0; d++) {
		struct ind_compare *c = &res->cmp[d];
		struct pair_counts pc = PAIR_COUNTS_INIT;

		memset(c, 0, sizeof(*c));
		c->param.kind = c->rank.kind = TEST_NONE;
		c->param.note = c->rank.note = STAT_NOT_APPLICABLE;
		for (i = 0; i < R->nrows && rc == 0; i++) {
			double v = R->rows[i * R->D + d];

			if (!isnan(v) && !isnan(R->byv[i]) && pair_counts_add(&pc, v, R->byv[i]) < 0)
				rc = oom(R);
		}
		if (rc == 0 && pc.n < (double)res->min_group) {
			memset(&c->corr, 0, sizeof(c->corr));
			c->corr.kind = TEST_SPEARMAN;
			c->corr.note = pc.n > 0 ? STAT_SUPPRESSED : STAT_NO_DATA;
			c->corr.statistic = c->corr.p = c->corr.estimate = c->corr.effect = NAN;
			c->corr.df = c->corr.df2 = c->corr.min_expected = NAN;
		} else if (rc == 0 && test_spearman_counts(&c->corr, &pc, ALT_TWO_SIDED) < 0) {
			rc = oom(R);
		}
		pair_counts_release(&pc);
	}
	return rc;
}

/* --- panels: the same people in two waves --------------------------------------------- */

/* A difference rounded to 1e-9, so that scores equal but for float noise tie as they should. */
static double clean_diff(double d)
{
	return round(d * 1e9) / 1e9;
}

/* A test not computed: kind, note, and no number. */
static void no_test(struct test_result *t, enum test_kind kind, enum stat_note note)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->note = note;
	t->statistic = t->df = t->df2 = t->p = t->effect = t->estimate = t->min_expected = NAN;
}

/* The value of row i in dimension d as a score (its raw value when unscored). */
static double pair_value(struct run *R, size_t i, size_t d)
{
	double x = R->rows[i * R->D + d], s = ind_normalise(&R->set->dims[d], x);

	return isnan(s) ? x : s;
}

/*
 * Pairs of waves a and b (indexes in res->groups) for every dimension.
 * first[p] / second[p]: the row of person p in each wave, SIZE_MAX when
 * none, SIZE_MAX - 1 when two or more (left out).
 */
static int pair_waves(struct run *R, struct ind_paired *P, size_t *first, size_t *second,
		      double *dbuf)
{
	struct ind_result *res = R->res;
	const char *ka = res->groups[P->from].key, *kb = res->groups[P->to].key;
	size_t np = R->people.n, min = (size_t)res->min_group, i, p, d;

	for (p = 0; p < np; p++)
		first[p] = second[p] = SIZE_MAX;
	for (i = 0; i < R->nrows; i++) {
		const char *key = R->groups.keys[R->gid[i]];
		size_t *slot;

		if (R->pid[i] == NO_PERSON || !key)
			continue;
		slot = !strcmp(key, ka) ? first : !strcmp(key, kb) ? second : NULL;
		if (slot)
			slot[R->pid[i]] = slot[R->pid[i]] == SIZE_MAX ? i : SIZE_MAX - 1;
	}
	for (p = 0; p < np; p++) {
		if (first[p] == SIZE_MAX || second[p] == SIZE_MAX)
			continue;
		if (first[p] == SIZE_MAX - 1 || second[p] == SIZE_MAX - 1)
			P->nduplicate++;
		else
			P->npeople++;
	}
	P->dims = arena_alloc(&res->arena, (R->D ? R->D : 1) * sizeof(*P->dims));
	if (!P->dims)
		return oom(R);
	for (d = 0; d < R->D; d++) {
		struct ind_paired_dim *pd = &P->dims[d];
		double lo = NAN, hi = NAN, va[2] = { NAN, NAN }, sb = 0, sa = 0;
		double table[4] = { 0, 0, 0, 0 };
		size_t n = 0, up = 0;
		int binary = 1;

		memset(pd, 0, sizeof(*pd));
		pd->before = pd->after = pd->diff = pd->diff_lo = pd->diff_hi = NAN;
		no_test(&pd->t, TEST_PAIRED_T, STAT_NO_DATA);
		no_test(&pd->w, TEST_SIGNED_RANK, STAT_NO_DATA);
		no_test(&pd->mcnemar, TEST_NONE, STAT_NOT_APPLICABLE);
		for (p = 0; p < np; p++) {
			double x, y;

			if (first[p] >= SIZE_MAX - 1 || second[p] >= SIZE_MAX - 1)
				continue;
			x = pair_value(R, first[p], d);
			y = pair_value(R, second[p], d);
			if (isnan(x) || isnan(y))
				continue;
			/* yes/no: every value of the pairs is one of two */
			for (int k = 0; k < 2 && binary; k++) {
				double z = k ? y : x;

				if (isnan(va[0]) || z == va[0])
					va[0] = z;
				else if (isnan(va[1]) || z == va[1])
					va[1] = z;
				else
					binary = 0;
			}
			dbuf[n++] = clean_diff(y - x);
			sb += x;
			sa += y;
			up += y - x > 1e-9;
		}
		pd->npairs = n;
		/* no pair, but people left out by the small-group rule: they may have been pairs */
		if (n == 0 && (!res->left_out || np == 0)) {
			pd->note = STAT_NO_DATA;
			continue;
		}
		if (n < min || res->groups[P->from].note == STAT_SUPPRESSED ||
		    res->groups[P->to].note == STAT_SUPPRESSED) {
			pd->note = STAT_SUPPRESSED;
			pd->t.note = pd->w.note = STAT_SUPPRESSED;
			continue;
		}
		pd->note = STAT_OK;
		pd->before = sb / (double)n;
		pd->after = sa / (double)n;
		/* the share who rose, unless it or its complement is about fewer than min people */
		if (up > 0 && up < min)
			pd->improved_hidden = -1;
		else if (n - up > 0 && n - up < min)
			pd->improved_hidden = 1;
		else
			pd->nimproved = up;
		test_paired_t(&pd->t, &lo, &hi, dbuf, n, res->opt.conf);
		pd->diff = pd->t.estimate;
		if (isnan(pd->diff))
			pd->diff = pd->after - pd->before;
		pd->diff_lo = lo;
		pd->diff_hi = hi;
		if (test_signed_rank(&pd->w, dbuf, n, ALT_TWO_SIDED) < 0)
			return oom(R);
		if (binary && !isnan(va[1])) {
			double yes = fmax(va[0], va[1]);

			/* the table before x after, "yes" (the higher value) first */
			for (p = 0; p < np; p++) {
				double x, y;

				if (first[p] >= SIZE_MAX - 1 || second[p] >= SIZE_MAX - 1)
					continue;
				x = pair_value(R, first[p], d);
				y = pair_value(R, second[p], d);
				if (!isnan(x) && !isnan(y))
					table[(x == yes ? 0 : 2) + (y == yes ? 0 : 1)]++;
			}
			test_mcnemar(&pd->mcnemar, table);
		}
	}
	return 0;
}

/* Paired comparisons of each two successive waves shown, on the panel's people. */
static int paired(struct run *R)
{
	struct ind_result *res = R->res;
	size_t np = R->people.n, g, k = 0, *first, *second, *shown;
	double *dbuf;
	int rc = 0;

	res->panel = 1;
	shown = malloc((res->ngroups ? res->ngroups : 1) * sizeof(*shown));
	first = malloc((np ? np : 1) * sizeof(*first));
	second = malloc((np ? np : 1) * sizeof(*second));
	dbuf = malloc((np ? np : 1) * sizeof(*dbuf));
	if (!shown || !first || !second || !dbuf) {
		rc = oom(R);
		goto out;
	}
	for (g = 0; g < res->ngroups; g++)
		if (!res->groups[g].no_answer)
			shown[k++] = g;
	res->npaired = k > 1 ? k - 1 : 0;
	res->paired = arena_alloc(&res->arena, (k ? k : 1) * sizeof(*res->paired));
	if (!res->paired) {
		rc = oom(R);
		goto out;
	}
	for (g = 0; g + 1 < k && rc == 0; g++) {
		struct ind_paired *P = &res->paired[g];

		memset(P, 0, sizeof(*P));
		P->from = shown[g];
		P->to = shown[g + 1];
		rc = pair_waves(R, P, first, second, dbuf);
	}
out:
	free(shown);
	free(first);
	free(second);
	free(dbuf);
	return rc;
}

static int reliability(struct run *R)
{
	struct ind_result *res = R->res;
	size_t F = R->src->nforms, d, f, n = 0, i;

	res->rel = arena_alloc(&res->arena, (R->D * F + 1) * sizeof(*res->rel));
	if (!res->rel)
		return oom(R);
	for (d = 0; d < R->D; d++)
		for (f = 0; f < F; f++) {
			struct alpha_acc *acc = &R->accs[d * F + f];
			struct ind_reliability *rel = &res->rel[n];

			if (!acc->k)
				continue;
			memset(rel, 0, sizeof(*rel));
			rel->dim = d;
			rel->form = f;
			rel->items = R->acc_items[d * F + f];
			rel->nitems = acc->k;
			if (alpha_compute(&rel->alpha, acc) < 0)
				return oom(R);
			n++;
			rel->item_hidden = arena_alloc(&res->arena, acc->k);
			rel->item_reverse = arena_alloc(&res->arena, acc->k);
			if (!rel->item_hidden || !rel->item_reverse)
				return oom(R);
			for (i = 0; i < acc->k; i++) {
				const struct question *q = survey_find(R->src->forms[f].latest,
								       rel->items[i]);

				rel->item_hidden[i] = rel->alpha.items[i].n < (size_t)res->min_group ||
						      res->all.note == STAT_SUPPRESSED;
				rel->item_reverse[i] = q && q->reverse;
			}
			if (acc->nresp < (size_t)res->min_group || res->all.note == STAT_SUPPRESSED)
				rel->note = STAT_SUPPRESSED;
		}
	res->nrel = n;
	return 0;
}

/*
 * Forget what a pass gathered, for the pass done again with the atoms
 * known: the groups come back in the same order, the sums are redone in
 * the same order, so the figures are those of a count first, then a pass.
 */
static int pass_reset(struct run *R)
{
	size_t d;

	R->nrows = 0;
	an_groups_release(&R->groups);
	an_groups_release(&R->people);
	if (R->below)
		memset(R->below, 0, R->abelow * R->D * sizeof(*R->below));
	if (R->gleft)
		memset(R->gleft, 0, R->abelow * sizeof(*R->gleft));
	memset(R->fleft, 0, (R->src->nforms ? R->src->nforms : 1) * sizeof(*R->fleft));
	R->res->left_out = 0;
	for (d = 0; d < R->D; d++)
		R->res->all.cells[d].nbelow = 0;
	for (d = 0; d < R->D * R->src->nforms; d++)
		if (R->accs[d].k)
			alpha_acc_clear(&R->accs[d]);
	return 0;
}

int ind_compute(struct ind_result **out, const struct indicator_set *set, struct an_source *src,
		struct store *st, const struct ind_options *opt, struct error *err)
{
	struct run R;
	struct ind_result *res;
	const char *by;
	size_t d, f;
	int rc;

	*out = NULL;
	memset(&R, 0, sizeof(R));
	R.err = err;
	err->msg[0] = '\0';
	if (!set->checked)
		return error_set(err, "indicator set '%s' was not checked against its surveys", set->id),
		       UT_EDATA;
	res = calloc(1, sizeof(*res));
	if (!res)
		return error_set(err, "out of memory"), UT_ENOMEM;
	R.set = set;
	R.src = src;
	R.res = res;
	R.D = set->ndims;
	an_groups_init(&R.groups);
	an_groups_init(&R.people);
	res->set = set;
	res->opt = *opt;
	res->min_group = opt->min_group > 0 ? opt->min_group : set->min_group;
	if (!(res->opt.conf > 0 && res->opt.conf < 1))
		res->opt.conf = 0.95;
	for (d = 0; d < set->ndims; d++)
		if (set->dims[d].weight > 0)
			res->has_composite = 1;
	by = opt->by ? opt->by : set->group_by;
	if (by && *by) {
		rc = an_by_resolve(&R.by, src, by, err);
		if (rc < 0)
			goto out;
		R.by_kind = R.by.kind;
		res->by = arena_strdup(&res->arena, by);
		res->by_kind = R.by_kind;
	}
	/* by _wave with a panel survey: keep each row's person */
	if (R.by_kind == BY_CATEGORY && R.by.pseudo == BY_WAVE)
		for (f = 0; f < src->nforms; f++)
			if (src->forms[f].latest->panel)
				R.panel = 1;
	rc = init_group(&R, &res->all);
	if (rc < 0)
		goto out;
	rc = make_plans(&R);
	if (rc < 0)
		goto out;
	an_atoms_init(&R.atoms, (size_t)res->min_group, 0);
	R.fleft = calloc(src->nforms ? src->nforms : 1, sizeof(*R.fleft));
	if (!R.fleft) {
		rc = oom(&R);
		goto out;
	}
	/*
	 * One pass that counts the atoms as it reads, every atom taken as large;
	 * when one is small after all (a _group or _wave of a few), the pass is
	 * done again, the atoms known, leaving its respondents out.
	 */
	R.counting = 1;
	rc = an_source_each_lean(src, st, opt->submitted_only, on_respondent, &R, err);
	if (rc < 0)
		goto out;
	if (an_atoms_any_small(&R.atoms)) {
		R.counting = 0;
		rc = pass_reset(&R);
		if (rc < 0)
			goto out;
		rc = an_source_each_lean(src, st, opt->submitted_only, on_respondent, &R, err);
		if (rc < 0)
			goto out;
	}
	rc = leave_out_small(&R);
	if (rc < 0)
		goto out;
	res->nresp = R.nrows;
	res->nforms = src->nforms;
	res->forms = arena_alloc(&res->arena, src->nforms * sizeof(*res->forms));
	if (!res->forms) {
		rc = oom(&R);
		goto out;
	}
	for (f = 0; f < src->nforms; f++) {
		res->forms[f].form_id = src->forms[f].form_id;
		res->forms[f].nresp = src->forms[f].nresp - R.fleft[f];
		res->forms[f].vmin = src->forms[f].vmin;
		res->forms[f].vmax = src->forms[f].vmax;
	}
	rc = finish(&R);
	if (rc < 0)
		goto out;
	if (R.by_kind == BY_NUMBER && (rc = correlations(&R)) < 0)
		goto out;
	if (R.panel && (rc = paired(&R)) < 0)
		goto out;
	rc = reliability(&R);
out:
	for (f = 0; f < src->nforms; f++)
		src->forms[f].want = NULL;	/* in res's arena */
	for (d = 0; R.accs && d < R.D * src->nforms; d++)
		alpha_acc_release(&R.accs[d]);
	free(R.accs);
	free(R.acc_items);
	free(R.plans);
	bigmem_free(R.rows, R.rows_size);
	bigmem_free(R.gid, R.gid_size);
	bigmem_free(R.atom, R.atom_size);
	free(R.gleft);
	free(R.fleft);
	an_atoms_release(&R.atoms);
	free(R.byv);
	free(R.below);
	free(R.xa);
	free(R.ra);
	an_groups_release(&R.groups);
	an_groups_release(&R.people);
	free(R.pid);
	an_by_release(&R.by);
	if (rc < 0) {
		ind_result_free(res);
		return rc;
	}
	*out = res;
	return 0;
}

void ind_result_free(struct ind_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nrel; i++)
		alpha_result_release(&r->rel[i].alpha);
	arena_release(&r->arena);
	free(r);
}
