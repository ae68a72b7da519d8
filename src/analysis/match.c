/*
 * match: needs and offers of volunteering, the pairs that may be made and
 * their scores, the optimal matching through analysis/optim, the greedy
 * reference, and the reasons in French and English (see match.h).
 */
#include "analysis/match.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/optim.h"
#include "analysis/postcodes.h"
#include "survey/yamldoc.h"
#include "util/diag.h"

void match_weights_default(struct match_weights *w)
{
	w->skills = 50;
	w->availability = 15;
	w->distance = 20;
	w->sector = 15;
	w->max_km = 30;
	w->min_score = 0;
	w->node_limit = 200;
}

/* --- distances ------------------------------------------------------------------- */

double match_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180, R = 6371.0;
	double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);

	if (a > 1)
		a = 1;
	return 2 * R * asin(sqrt(a));
}

static int cmp_postcode(const void *key, const void *elem)
{
	return strcmp(key, ((const struct postcode *)elem)->code);
}

int match_postcode(const char *postcode, double *lat, double *lon)
{
	const struct postcode *pc;

	if (!postcode || strlen(postcode) != 5)
		return -1;
	pc = bsearch(postcode, postcodes, npostcodes, sizeof(*postcodes), cmp_postcode);
	if (!pc)
		return -1;
	*lat = pc->lat;
	*lon = pc->lon;
	return 0;
}

/* --- the matching file ------------------------------------------------------------ */

void match_conflicts_free(struct match_conflict *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free((char *)c[i].company);
		free((char *)c[i].association);
		free((char *)c[i].reason);
	}
	free(c);
}

/* A number of the file into *out, within [lo, hi]: 0 or -1 (said in d). */
static int file_number(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		       const char *key, double lo, double hi, double *out)
{
	double v;

	if (ydoc_expect(doc, d, n, YNODE_SCALAR, key) < 0)
		return -1;
	if (ydoc_number(n->str, &v) < 0)
		return ydoc_error(d, doc->file, n, "'%s' must be a number, not '%s'", key, n->str);
	if (v < lo || v > hi)
		return ydoc_error(d, doc->file, n, "'%s' must be between %g and %g, not %g", key, lo, hi, v);
	*out = v;
	return 0;
}

int match_file_load(const char *file, const char *src, size_t len, struct match_weights *w,
		    struct match_conflict **conflicts, size_t *nconflict, struct diags *d)
{
	static const char *const top_keys[] = { "weights", "max_km", "min_score", "node_limit",
						"conflicts", NULL };
	static const char *const weight_keys[] = { "skills", "availability", "distance", "sector", NULL };
	static const char *const conflict_keys[] = { "company", "association", "reason", NULL };
	struct ydoc doc;
	const struct ynode *root, *n;
	struct match_weights nw = *w;
	size_t nerr = d->nerror, i;
	double v;

	if (ydoc_parse(&doc, file, src, len, d) < 0)
		return -1;
	root = doc.root;
	if (!root)
		goto done;
	if (ydoc_expect(&doc, d, root, YNODE_MAP, "the matching file") < 0)
		goto done;
	ydoc_check_keys(&doc, d, root, top_keys, "the matching file");
	if ((n = ynode_get(root, "weights"))) {
		if (ydoc_expect(&doc, d, n, YNODE_MAP, "weights") == 0) {
			ydoc_check_keys(&doc, d, n, weight_keys, "weights");
			double *slot[] = { &nw.skills, &nw.availability, &nw.distance, &nw.sector };

			for (i = 0; weight_keys[i]; i++) {
				const struct ynode *x = ynode_get(n, weight_keys[i]);

				if (x)
					file_number(&doc, d, x, weight_keys[i], 0, 1000, slot[i]);
			}
			if (nw.skills + nw.availability + nw.distance + nw.sector <= 0)
				ydoc_error(d, file, n, "the weights add up to 0: give at least one positive weight");
		}
	}
	if ((n = ynode_get(root, "max_km")))
		file_number(&doc, d, n, "max_km", 0, 2000, &nw.max_km);
	if ((n = ynode_get(root, "min_score")))
		file_number(&doc, d, n, "min_score", 0, 100, &nw.min_score);
	if ((n = ynode_get(root, "node_limit")) && file_number(&doc, d, n, "node_limit", 1, 1e7, &v) == 0) {
		if (v != floor(v))
			ydoc_error(d, file, n, "'node_limit' must be a whole number, not %g", v);
		nw.node_limit = (int)v;
	}
	if ((n = ynode_get(root, "conflicts")) && ydoc_expect(&doc, d, n, YNODE_SEQ, "conflicts") == 0) {
		for (i = 0; i < n->n; i++) {
			const struct ynode *c = n->items[i], *co, *as, *re;
			struct match_conflict *grown;

			if (ydoc_expect(&doc, d, c, YNODE_MAP, "a conflict") < 0)
				continue;
			ydoc_check_keys(&doc, d, c, conflict_keys, "a conflict");
			co = ynode_get(c, "company");
			as = ynode_get(c, "association");
			re = ynode_get(c, "reason");
			if (!co || !as) {
				ydoc_error(d, file, c, "a conflict needs 'company' and 'association'");
				continue;
			}
			if (ydoc_expect(&doc, d, co, YNODE_SCALAR, "company") < 0 ||
			    ydoc_expect(&doc, d, as, YNODE_SCALAR, "association") < 0 ||
			    (re && ydoc_expect(&doc, d, re, YNODE_SCALAR, "reason") < 0))
				continue;
			if (!*co->str || !*as->str) {
				ydoc_error(d, file, !*co->str ? co : as, "a conflict's company and association must not be empty");
				continue;
			}
			grown = realloc(*conflicts, (*nconflict + 1) * sizeof(**conflicts));
			if (!grown) {
				d->oom = 1;
				ydoc_error(d, file, c, "out of memory");
				break;
			}
			*conflicts = grown;
			grown[*nconflict].company = strdup(co->str);
			grown[*nconflict].association = strdup(as->str);
			grown[*nconflict].reason = strdup(re ? re->str : "");
			(*nconflict)++;
			if (!grown[*nconflict - 1].company || !grown[*nconflict - 1].association ||
			    !grown[*nconflict - 1].reason) {
				ydoc_error(d, file, c, "out of memory");
				break;
			}
		}
	}
done:
	ydoc_release(&doc);
	if (d->nerror > nerr)
		return -1;
	*w = nw;
	return 0;
}

/* --- pairs and scores ------------------------------------------------------------- */

void match_problem_release(struct match_problem *p)
{
	free(p->pair);
	free(p->need_why);
	free(p->need_near);
	free(p->offer_why);
	memset(p, 0, sizeof(*p));
}

void match_result_release(struct match_result *r)
{
	free(r->chosen);
	free(r->need_filled);
	free(r->offer_used);
	free(r->offer_hours);
	free(r->company_hours);
	memset(r, 0, sizeof(*r));
}

static unsigned popcount(unsigned x)
{
	return (unsigned)__builtin_popcount(x);
}

/* Names compare without case and surrounding blanks (ASCII case only). */
static int same_name(const char *a, const char *b)
{
	size_t la, lb;

	if (!a || !b)
		return 0;
	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	la = strlen(a);
	lb = strlen(b);
	while (la && a[la - 1] == ' ')
		la--;
	while (lb && b[lb - 1] == ' ')
		lb--;
	return la == lb && !strncasecmp(a, b, la);
}

static int conflicted(const struct match_input *in, const struct match_need *n,
		      const struct match_offer *o)
{
	size_t i;

	if (o->company >= in->ncompany)
		return 0;
	for (i = 0; i < in->nconflict; i++)
		if (same_name(in->conflict[i].company, in->company[o->company].name) &&
		    same_name(in->conflict[i].association, n->association))
			return 1;
	return 0;
}

/* How much a skill counts at a level: beginner 0.6, confirmed 0.85, expert 1. */
static double level_factor(unsigned char level)
{
	return level == 1 ? 0.6 : level == 3 ? 1.0 : 0.85;
}

/*
 * Score pair (n, o) into *pr, or return the stage it fails at (the
 * MATCH_WHY_* of the first filter that refuses it), MATCH_WHY_NONE when it
 * may be made.
 */
static enum match_why score_pair(const struct match_input *in, size_t ni, size_t oi,
				 struct match_pair *pr)
{
	const struct match_need *n = &in->need[ni];
	const struct match_offer *o = &in->offer[oi];
	const struct match_weights *w = &in->w;
	double km = -1, reach, fit = 1, avail = 1, near = 1, sector = 1, total, sum;
	unsigned s, met = n->skills & o->skills;
	int remote = n->remote && o->remote;

	if (n->skills && !met)
		return MATCH_WHY_SKILL;
	if (n->kind == MATCH_SEAT && !o->seat)
		return MATCH_WHY_SEAT;
	if (n->located && o->located)
		km = match_km(n->lat, n->lon, o->lat, o->lon);
	reach = o->max_km < w->max_km ? o->max_km : w->max_km;
	if (!remote) {
		if (!n->located)
			return MATCH_WHY_NOPOSTCODE;
		if (km < 0 || km > reach + 1e-9)
			return MATCH_WHY_DISTANCE;
	}
	if (conflicted(in, n, o))
		return MATCH_WHY_CONFLICT;
	if (o->hours + 1e-9 < n->hours ||
	    (o->company < in->ncompany && in->company[o->company].quota >= 0 &&
	     in->company[o->company].quota + 1e-9 < n->hours))
		return MATCH_WHY_HOURS;
	if (n->skills) {
		fit = 0;
		for (s = 0; s < in->nskill && s < MATCH_MAX_SKILLS; s++)
			if (met & (1u << s))
				fit += level_factor(o->level[s]);
		fit /= popcount(n->skills);
	}
	if (n->moments && o->moments)
		avail = (double)popcount(n->moments & o->moments) / popcount(n->moments);
	if (!remote)
		near = reach > 0 ? 1 - km / reach : 1;
	if (near < 0)
		near = 0;
	if (o->sectors && !(o->sectors & n->sectors))
		sector = 0;
	sum = w->skills + w->availability + w->distance + w->sector;
	total = sum > 0 ? 100 * (w->skills * fit + w->availability * avail + w->distance * near +
				 w->sector * sector) / sum : 0;
	total = round(total * 100) / 100;
	if (total < w->min_score)
		return MATCH_WHY_SCORE;
	pr->need = ni;
	pr->offer = oi;
	pr->score = total;
	pr->fit = fit;
	pr->avail = avail;
	pr->near = near;
	pr->sector = sector;
	pr->km = km;
	pr->remote = remote;
	pr->skills_met = met;
	return MATCH_WHY_NONE;
}

/* How far a pair got: an unknown postcode fails where the distance does. */
static int why_rank(enum match_why why)
{
	return why == MATCH_WHY_NOPOSTCODE ? MATCH_WHY_DISTANCE : (int)why;
}

int match_build(const struct match_input *in, struct match_problem *out, struct error *err)
{
	size_t ni, oi, alloc = 0;
	const struct match_weights *w = &in->w;

	memset(out, 0, sizeof(*out));
	out->in = in;
	if (in->nskill > MATCH_MAX_SKILLS || in->nsector > MATCH_MAX_SKILLS)
		return error_set(err, "at most %d skills and %d sectors", MATCH_MAX_SKILLS, MATCH_MAX_SKILLS),
		       UT_EDATA;
	if (!(w->skills >= 0 && w->availability >= 0 && w->distance >= 0 && w->sector >= 0) ||
	    w->skills + w->availability + w->distance + w->sector <= 0 || !(w->max_km >= 0))
		return error_set(err, "the weights must be positive numbers, not all 0"), UT_EDATA;
	for (ni = 0; ni < in->nneed; ni++)
		if (!(in->need[ni].hours > 0) || !in->need[ni].places)
			return error_set(err, "need '%s' asks no hours or no place", in->need[ni].id), UT_EDATA;
	for (oi = 0; oi < in->noffer; oi++)
		if (!(in->offer[oi].hours > 0) || !in->offer[oi].max_missions ||
		    (in->offer[oi].company > in->ncompany))
			return error_set(err, "offer '%s' has no hours, no mission or an unknown company",
					 in->offer[oi].id), UT_EDATA;
	out->need_why = calloc(in->nneed + 1, sizeof(*out->need_why));
	out->need_near = calloc(in->nneed + 1, sizeof(*out->need_near));
	out->offer_why = calloc(in->noffer + 1, sizeof(*out->offer_why));
	if (!out->need_why || !out->need_near || !out->offer_why)
		goto oom;
	for (oi = 0; oi < in->noffer; oi++)
		out->offer_why[oi] = MATCH_WHY_SKILL;
	for (ni = 0; ni < in->nneed; ni++) {
		enum match_why best = MATCH_WHY_SKILL;
		int any = 0;

		for (oi = 0; oi < in->noffer; oi++) {
			struct match_pair pr;
			enum match_why why = score_pair(in, ni, oi, &pr);

			if (why == MATCH_WHY_NONE || (why > MATCH_WHY_DISTANCE && why != MATCH_WHY_NOPOSTCODE))
				out->need_near[ni]++;
			if (why != MATCH_WHY_NONE) {
				if (why_rank(why) > why_rank(best))
					best = why;
				if (out->offer_why[oi] != MATCH_WHY_NONE &&
				    why_rank(why) > why_rank(out->offer_why[oi]))
					out->offer_why[oi] = why;
				continue;
			}
			out->offer_why[oi] = MATCH_WHY_NONE;
			any = 1;
			if (out->npair == alloc) {
				size_t na = alloc ? 2 * alloc : 256;
				struct match_pair *g = realloc(out->pair, na * sizeof(*g));

				if (!g)
					goto oom;
				out->pair = g;
				alloc = na;
			}
			out->pair[out->npair++] = pr;
		}
		out->need_why[ni] = any ? MATCH_WHY_NONE : best;
	}
	return 0;
oom:
	match_problem_release(out);
	return error_set(err, "out of memory"), UT_ENOMEM;
}

/* --- solving ---------------------------------------------------------------------- */

static int result_alloc(const struct match_problem *p, struct match_result *r)
{
	const struct match_input *in = p->in;

	memset(r, 0, sizeof(*r));
	r->chosen = calloc(p->npair + 1, 1);
	r->need_filled = calloc(in->nneed + 1, sizeof(*r->need_filled));
	r->offer_used = calloc(in->noffer + 1, sizeof(*r->offer_used));
	r->offer_hours = calloc(in->noffer + 1, sizeof(*r->offer_hours));
	r->company_hours = calloc(in->ncompany + 1, sizeof(*r->company_hours));
	if (!r->chosen || !r->need_filled || !r->offer_used || !r->offer_hours || !r->company_hours) {
		match_result_release(r);
		return UT_ENOMEM;
	}
	return 0;
}

/* Take pair i into r (the totals follow). */
static void take(const struct match_problem *p, struct match_result *r, size_t i)
{
	const struct match_pair *pr = &p->pair[i];
	const struct match_offer *o = &p->in->offer[pr->offer];
	double h = p->in->need[pr->need].hours;

	r->chosen[i] = 1;
	r->nchosen++;
	r->objective += pr->score;
	r->need_filled[pr->need]++;
	r->offer_used[pr->offer]++;
	r->offer_hours[pr->offer] += h;
	if (o->company < p->in->ncompany)
		r->company_hours[o->company] += h;
}

/* 1 when pair i still fits in r. */
static int fits(const struct match_problem *p, const struct match_result *r, size_t i)
{
	const struct match_pair *pr = &p->pair[i];
	const struct match_input *in = p->in;
	const struct match_offer *o = &in->offer[pr->offer];
	double h = in->need[pr->need].hours;

	if (r->need_filled[pr->need] >= in->need[pr->need].places ||
	    r->offer_used[pr->offer] >= o->max_missions ||
	    r->offer_hours[pr->offer] + h > o->hours + 1e-9)
		return 0;
	if (o->company < in->ncompany && in->company[o->company].quota >= 0 &&
	    r->company_hours[o->company] + h > in->company[o->company].quota + 1e-9)
		return 0;
	return 1;
}

static int cmp_score(const void *a, const void *b, void *ctx)
{
	const struct match_pair *pair = ctx;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (pair[x].score != pair[y].score)
		return pair[x].score > pair[y].score ? -1 : 1;
	return (x > y) - (x < y);
}

int match_greedy(const struct match_problem *p, struct match_result *r)
{
	size_t *order, i;

	if (result_alloc(p, r) < 0)
		return UT_ENOMEM;
	if (!(order = malloc((p->npair + 1) * sizeof(*order)))) {
		match_result_release(r);
		return UT_ENOMEM;
	}
	for (i = 0; i < p->npair; i++)
		order[i] = i;
	qsort_r(order, p->npair, sizeof(*order), cmp_score, p->pair);
	for (i = 0; i < p->npair; i++)
		if (fits(p, r, order[i]))
			take(p, r, order[i]);
	r->proven = 0;
	free(order);
	return 0;
}

int match_feasible(const struct match_problem *p, const unsigned char *chosen)
{
	struct match_result r;
	size_t i;
	int ok = 1;

	if (result_alloc(p, &r) < 0)
		return 0;
	for (i = 0; i < p->npair && ok; i++)
		if (chosen[i]) {
			ok = fits(p, &r, i);
			take(p, &r, i);
		}
	match_result_release(&r);
	return ok;
}

int match_solve(const struct match_problem *p, struct match_result *out, struct error *err)
{
	const struct match_input *in = p->in;
	struct optim_sparse sp = { 0 };
	struct optim_sparse_result sr = { 0 };
	struct optim_edge *edge = NULL;
	size_t *need_max = NULL, *cap = NULL, *group = NULL, i;
	double *budget = NULL, *gbudget = NULL;
	struct match_result greedy = { 0 };
	int rc = UT_ENOMEM;

	memset(out, 0, sizeof(*out));
	edge = calloc(p->npair + 1, sizeof(*edge));
	need_max = calloc(in->nneed + 1, sizeof(*need_max));
	cap = calloc(in->noffer + 1, sizeof(*cap));
	group = calloc(in->noffer + 1, sizeof(*group));
	budget = calloc(in->noffer + 1, sizeof(*budget));
	gbudget = calloc(in->ncompany + 1, sizeof(*gbudget));
	if (!edge || !need_max || !cap || !group || !budget || !gbudget ||
	    match_greedy(p, &greedy) < 0) {
		error_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < in->nneed; i++)
		need_max[i] = in->need[i].places;
	for (i = 0; i < in->noffer; i++) {
		cap[i] = in->offer[i].max_missions;
		budget[i] = in->offer[i].hours;
		group[i] = in->offer[i].company < in->ncompany ? in->offer[i].company : in->ncompany;
	}
	for (i = 0; i < in->ncompany; i++)
		gbudget[i] = in->company[i].quota;
	for (i = 0; i < p->npair; i++) {
		edge[i].left = p->pair[i].need;
		edge[i].right = p->pair[i].offer;
		edge[i].gain = p->pair[i].score;
		edge[i].use = in->need[p->pair[i].need].hours;
	}
	sp.nleft = in->nneed;
	sp.nright = in->noffer;
	sp.ngroup = in->ncompany;
	sp.need_max = need_max;
	sp.cap = cap;
	sp.budget = budget;
	sp.group = group;
	sp.group_budget = gbudget;
	sp.edge = edge;
	sp.nedge = p->npair;
	sp.node_limit = in->w.node_limit;
	sp.start = greedy.chosen;
	sp.exact_max = MATCH_EXACT_MAX;
	rc = optim_sparse_solve(&sp, &sr, err);
	if (rc != UT_OK) {
		rc = rc == UT_ENOMEM ? UT_ENOMEM : UT_ESOLVER;
		goto out;
	}
	if (result_alloc(p, out) < 0) {
		rc = UT_ENOMEM;
		error_set(err, "out of memory");
		goto out;
	}
	/* The solver's choice, or the greedy one should branch and bound stop below it. */
	{
		const unsigned char *pick = sr.chosen;
		double tot = 0;

		for (i = 0; i < p->npair; i++)
			tot += sr.chosen[i] ? p->pair[i].score : 0;
		if (!match_feasible(p, sr.chosen) || tot + 1e-6 < greedy.objective)
			pick = greedy.chosen;
		for (i = 0; i < p->npair; i++)
			if (pick[i])
				take(p, out, i);
		out->proven = pick == sr.chosen && sr.proven;
		out->bound = sr.bound > out->objective ? sr.bound : out->objective;
	}
	rc = 0;
out:
	optim_sparse_release(&sr);
	match_result_release(&greedy);
	free(edge);
	free(need_max);
	free(cap);
	free(group);
	free(budget);
	free(gbudget);
	return rc;
}

/* --- reasons ---------------------------------------------------------------------- */

/* Append to buf (size bytes, NUL-terminated) at *len. */
static void add(char *buf, size_t size, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len = *len + (size_t)n < size ? *len + (size_t)n : size - 1;
}

static const char *skill_label(const struct match_skill *s, int fr)
{
	const char *t = fr ? s->fr : s->en;

	return t ? t : s->name;
}

/* The labels of the skills in mask, "a, b ou c" / "a, b or c". */
static void add_skills(char *buf, size_t size, size_t *len, const struct match_input *in,
		       unsigned mask, int fr, int all)
{
	unsigned s, k = 0, n = popcount(mask);

	for (s = 0; s < in->nskill; s++) {
		if (!(mask & (1u << s)))
			continue;
		add(buf, size, len, "%s%s", k == 0 ? "" : k + 1 == n ? (all ? (fr ? " et " : " and ") : (fr ? " ou " : " or ")) : ", ",
		    skill_label(&in->skill[s], fr));
		k++;
	}
}

static const char *moment_text(unsigned m, int fr)
{
	if (m & MATCH_EVENING)
		return fr ? "disponible en soirée" : "available in the evening";
	if (m & MATCH_WEEKEND)
		return fr ? "disponible le week-end" : "available at weekends";
	return fr ? "disponible en journée" : "available in the daytime";
}

size_t match_pair_reasons(const struct match_problem *p, size_t i, const char *lang, char *buf,
			  size_t size)
{
	const struct match_input *in = p->in;
	const struct match_pair *pr = &p->pair[i];
	const struct match_need *n = &in->need[pr->need];
	const struct match_offer *o = &in->offer[pr->offer];
	int fr = !lang || strcmp(lang, "en");
	unsigned asked = popcount(n->skills), met = popcount(pr->skills_met), s;
	size_t len = 0;
	int expert = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	for (s = 0; s < in->nskill; s++)
		expert |= (pr->skills_met & (1u << s)) && o->level[s] == 3;
	if (asked == 1)
		add(buf, size, &len, fr ? "compétence demandée : " : "skill asked: ");
	else if (asked && met == asked)
		add(buf, size, &len, fr ? "les %u compétences demandées (" : "the %u skills asked (", asked);
	else if (asked)
		add(buf, size, &len, fr ? "%u des %u compétences demandées (" : "%u of the %u skills asked (",
		    met, asked);
	if (asked)
		add_skills(buf, size, &len, in, pr->skills_met, fr, 1);
	if (asked > 1)
		add(buf, size, &len, ")");
	if (expert)
		add(buf, size, &len, fr ? " au niveau expert" : " at expert level");
	if (n->kind == MATCH_SEAT)
		add(buf, size, &len, "%s%s", len ? ", " : "",
		    fr ? "intéressé(e) par un siège au conseil" : "interested in a board seat");
	if (pr->remote)
		add(buf, size, &len, "%s%s", len ? ", " : "", fr ? "à distance" : "remotely");
	else if (pr->km >= 0)
		add(buf, size, &len, "%s%.0f km", len ? ", " : "", pr->km);
	if (n->moments && o->moments) {
		unsigned both = n->moments & o->moments;

		add(buf, size, &len, "%s%s", len ? ", " : "",
		    both ? moment_text(both, fr) : fr ? "pas disponible aux moments demandés"
						      : "not available at the times asked");
	} else {
		add(buf, size, &len, "%s%s", len ? ", " : "", fr ? "disponible" : "available");
	}
	if (o->sectors && (o->sectors & n->sectors)) {
		for (s = 0; s < in->nsector; s++)
			if (o->sectors & n->sectors & (1u << s)) {
				add(buf, size, &len, fr ? ", attiré(e) par le secteur : %s" : ", drawn to the sector: %s",
				    skill_label(&in->sector[s], fr));
				break;
			}
	} else if (o->sectors) {
		add(buf, size, &len, "%s", fr ? ", hors des secteurs préférés" : ", outside the preferred sectors");
	}
	return len;
}

size_t match_need_why(const struct match_problem *p, const struct match_result *r, size_t ni,
		      const char *lang, char *buf, size_t size)
{
	const struct match_input *in = p->in;
	const struct match_need *n = &in->need[ni];
	int fr = !lang || strcmp(lang, "en");
	size_t len = 0, filled = r->need_filled[ni];

	if (!size)
		return 0;
	buf[0] = '\0';
	if (filled >= n->places)
		return 0;
	if (filled)
		add(buf, size, &len, fr ? "%zu place(s) pourvue(s) sur %zu : " : "%zu of %zu places filled: ",
		    filled, n->places);
	switch (p->need_why[ni]) {
	case MATCH_WHY_SKILL:
		add(buf, size, &len, fr ? "aucune offre en " : "no offer in ");
		add_skills(buf, size, &len, in, n->skills, fr, 0);
		break;
	case MATCH_WHY_SEAT:
		add(buf, size, &len, "%s", fr ? "aucun salarié ayant ces compétences ne souhaite un siège au conseil"
					      : "no employee with these skills wants a board seat");
		break;
	case MATCH_WHY_NOPOSTCODE:
		add(buf, size, &len, fr ? "code postal inconnu (%s) et mission impossible à distance"
					: "unknown postcode (%s) and the mission cannot be done remotely",
		    n->postcode ? n->postcode : "");
		break;
	case MATCH_WHY_DISTANCE:
		if (n->skills) {
			add(buf, size, &len, fr ? "aucune offre en " : "no offer in ");
			add_skills(buf, size, &len, in, n->skills, fr, 0);
		} else {
			add(buf, size, &len, "%s", fr ? "aucune offre" : "no offer");
		}
		add(buf, size, &len, fr ? " à moins de %g km" : " within %g km", in->w.max_km);
		break;
	case MATCH_WHY_CONFLICT:
		if (p->need_near[ni] == 1)
			add(buf, size, &len, "%s", fr ? "la seule offre possible est en conflit déclaré (financeur, prix)"
						     : "the only possible offer is in a declared conflict (funder, prize)");
		else
			add(buf, size, &len, fr ? "les %zu offres possibles sont en conflit déclaré (financeur, prix)"
						: "the %zu possible offers are in a declared conflict (funder, prize)",
			    p->need_near[ni]);
		break;
	case MATCH_WHY_HOURS:
		add(buf, size, &len, fr ? "les offres possibles ont moins de %g h par mois (ou leur quota d'entreprise)"
					: "the possible offers have fewer than %g hours a month (or their company's quota)",
		    n->hours);
		break;
	case MATCH_WHY_SCORE:
		add(buf, size, &len, fr ? "les offres possibles ont un score inférieur à %g"
					: "the possible offers score below %g", in->w.min_score);
		break;
	default: {
		size_t k, cand = 0;

		for (k = 0; k < p->npair; k++)
			cand += p->pair[k].need == ni;
		if (cand == 1)
			add(buf, size, &len, "%s", fr ? "le seul bénévole possible est proposé ailleurs (places, heures, quotas)"
						     : "the only possible volunteer is proposed elsewhere (places, hours, quotas)");
		else
			add(buf, size, &len, fr ? "les %zu bénévoles possibles sont proposés ailleurs (places, heures, quotas)"
						: "the %zu possible volunteers are proposed elsewhere (places, hours, quotas)", cand);
		break;
	}
	}
	return len;
}

size_t match_offer_why(const struct match_problem *p, const struct match_result *r, size_t oi,
		       const char *lang, char *buf, size_t size)
{
	const struct match_input *in = p->in;
	const struct match_offer *o = &in->offer[oi];
	int fr = !lang || strcmp(lang, "en");
	size_t len = 0, k, cand = 0, quota_full = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (r->offer_used[oi])
		return 0;
	for (k = 0; k < p->npair; k++)
		if (p->pair[k].offer == oi) {
			cand++;
			if (o->company < in->ncompany && in->company[o->company].quota >= 0 &&
			    r->company_hours[o->company] + in->need[p->pair[k].need].hours >
				    in->company[o->company].quota + 1e-9)
				quota_full++;
		}
	if (!cand) {
		static const char *const why_fr[] = {
			[MATCH_WHY_SKILL] = "aucun besoin dans ses compétences",
			[MATCH_WHY_SEAT] = "les besoins dans ses compétences sont des sièges au conseil, qui ne l'intéressent pas",
			[MATCH_WHY_DISTANCE] = "aucun besoin dans ses compétences à la distance qu'il ou elle accepte",
			[MATCH_WHY_NOPOSTCODE] = "aucun besoin dans ses compétences à la distance qu'il ou elle accepte",
			[MATCH_WHY_CONFLICT] = "les besoins possibles sont en conflit déclaré avec son entreprise (financeur, prix)",
			[MATCH_WHY_HOURS] = "les besoins possibles demandent plus d'heures que son offre ou le quota de son entreprise",
			[MATCH_WHY_SCORE] = "les besoins possibles ont un score trop bas",
		};
		static const char *const why_en[] = {
			[MATCH_WHY_SKILL] = "no need in their skills",
			[MATCH_WHY_SEAT] = "the needs in their skills are board seats, which do not interest them",
			[MATCH_WHY_DISTANCE] = "no need in their skills within the distance they accept",
			[MATCH_WHY_NOPOSTCODE] = "no need in their skills within the distance they accept",
			[MATCH_WHY_CONFLICT] = "the possible needs are in a declared conflict with their company (funder, prize)",
			[MATCH_WHY_HOURS] = "the possible needs ask more hours than they offer or their company's quota",
			[MATCH_WHY_SCORE] = "the possible needs score too low",
		};
		enum match_why w = p->offer_why[oi];

		if (w < MATCH_WHY_SKILL || w > MATCH_WHY_NOPOSTCODE || w == MATCH_WHY_TAKEN)
			w = MATCH_WHY_SKILL;
		add(buf, size, &len, "%s", fr ? why_fr[w] : why_en[w]);
	}
	else if (quota_full == cand)
		add(buf, size, &len, "%s", fr ? "quota d'heures de l'entreprise atteint"
					     : "the company's quota of hours is used up");
	else
		add(buf, size, &len, fr ? "%zu besoin(s) possible(s), pourvu(s) par d'autres bénévoles ou au-delà de ses heures"
					: "%zu possible need(s), filled by other volunteers or beyond their hours", cand);
	return len;
}

const char *match_need_title(const struct match_need *n, int fr)
{
	static const struct {
		const char *role, *fr, *en;
	} seats[] = {
		{ "presidence", "Présidence", "Chair" },
		{ "tresorerie", "Trésorerie", "Treasurer" },
		{ "secretariat", "Secrétariat", "Secretary" },
		{ "administrateur", "Administrateur·rice", "Board member" },
	};
	size_t i;

	if (n->kind == MATCH_SEAT) {
		for (i = 0; n->role && i < sizeof(seats) / sizeof(seats[0]); i++)
			if (!strcmp(n->role, seats[i].role))
				return fr ? seats[i].fr : seats[i].en;
		return fr ? "Siège au conseil" : "Board seat";
	}
	return n->role && *n->role ? n->role : fr ? "Mission" : "Assignment";
}

const char *match_offer_company(const struct match_input *in, const struct match_offer *o)
{
	return o->company < in->ncompany && in->company[o->company].name ? in->company[o->company].name : "";
}
