/*
 * delphi: the statistics of Delphi rounds, reading a round's ratings, and
 * the round's questionnaire (delphi.h).  The figures follow the RAND/UCLA
 * appropriateness method user's manual (Fitch et al., 2001): median on the
 * 1-9 scale, the third of the scale that holds it, and the disagreement
 * index DI = IPR / IPRAS with IPR the 30th-70th interpercentile range,
 * IPRAS = 2.35 + 1.5 |5 - IPRCP| (docs/referential.md).  Percentiles are R's
 * type 7 (the manual does not name a definition; docs/referential.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/delphi.h"
#include "store/store.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/yamlout.h"

const char *delphi_verdict_id(enum delphi_verdict v)
{
	switch (v) {
	case DELPHI_KEPT: return "kept";
	case DELPHI_DISCUSS: return "to_discuss";
	case DELPHI_DROPPED: return "dropped";
	case DELPHI_TOO_FEW: return "too_few_ratings";
	}
	return "?";
}

const char *delphi_verdict_fr(enum delphi_verdict v)
{
	switch (v) {
	case DELPHI_KEPT: return "retenu";
	case DELPHI_DISCUSS: return "à discuter";
	case DELPHI_DROPPED: return "écarté";
	case DELPHI_TOO_FEW: return "trop peu de notes";
	}
	return "?";
}

double delphi_quantile7(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The third of the rule that holds median m: [1, drop], (drop, keep) or [keep, 9]. */
static void rule_band(const struct ref_rule *rule, double m, int *lo, int *hi)
{
	if (m >= rule->keep) {
		*lo = rule->keep;
		*hi = 9;
	} else if (m <= rule->drop) {
		*lo = 1;
		*hi = rule->drop;
	} else {
		*lo = rule->drop + 1;
		*hi = rule->keep - 1;
	}
}

int delphi_stat_compute(const unsigned char *r, size_t n, const struct ref_rule *rule,
			size_t min_group, struct delphi_stat *out)
{
	double x[256], *v = x;
	size_t k = 0, inband = 0;

	for (size_t i = 0; i < n; i++)
		if (r[i] > 9)
			return -1;
	memset(out, 0, sizeof(*out));
	out->median = out->q1 = out->q3 = out->iqr = out->p30 = out->p70 = NAN;
	out->ipr = out->iprcp = out->ai = out->ipras = out->di = out->agreement = NAN;
	if (n > sizeof(x) / sizeof(x[0]) && !(v = malloc(n * sizeof(*v))))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (r[i])
			v[k++] = r[i];
	out->n = k;
	out->verdict = DELPHI_TOO_FEW;
	if (k == 0 || k < min_group) {
		if (v != x)
			free(v);
		return 0;
	}
	qsort(v, k, sizeof(*v), cmp_double);
	out->shown = 1;
	out->median = delphi_quantile7(v, k, 0.5);
	out->q1 = delphi_quantile7(v, k, 0.25);
	out->q3 = delphi_quantile7(v, k, 0.75);
	out->iqr = out->q3 - out->q1;
	out->p30 = delphi_quantile7(v, k, 0.30);
	out->p70 = delphi_quantile7(v, k, 0.70);
	out->ipr = out->p70 - out->p30;
	out->iprcp = (out->p30 + out->p70) / 2;
	out->ai = fabs(5 - out->iprcp);
	out->ipras = 2.35 + 1.5 * out->ai;
	out->di = out->ipr / out->ipras;
	out->disagreement = out->di > 1;
	rule_band(rule, out->median, &out->band_lo, &out->band_hi);
	for (size_t i = 0; i < k; i++)
		if (v[i] >= out->band_lo && v[i] <= out->band_hi)
			inband++;
	out->agreement = (double)inband / (double)k;
	if (rule->disagreement && out->disagreement)
		out->verdict = DELPHI_DISCUSS;
	else if (out->median >= rule->keep && out->agreement >= rule->agreement)
		out->verdict = DELPHI_KEPT;
	else if (out->median <= rule->drop)
		out->verdict = DELPHI_DROPPED;
	else
		out->verdict = DELPHI_DISCUSS;
	if (v != x)
		free(v);
	return 0;
}

/* --- reading a round ------------------------------------------------------------------ */

void delphi_round_release(struct delphi_round *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nmem; i++)
		free(r->member[i]);
	if (r->comment)
		for (size_t i = 0; i < r->nmem * r->nind; i++)
			free(r->comment[i]);
	free(r->member);
	free(r->rel);
	free(r->feas);
	free(r->comment);
	memset(r, 0, sizeof(*r));
}

/* Reading a form's links: the list, and whether memory ran out. */
struct links_reader {
	struct delphi_links *l;
	size_t alloc;
	int oom;
};

static int collect_link(void *ctx, const struct invitation *inv)
{
	struct links_reader *R = ctx;
	struct delphi_links *l = R->l;
	const char *key = inv->email && *inv->email ? inv->email : inv->name && *inv->name ? inv->name : NULL;

	if (!key)
		return 0;
	if (l->n == R->alloc) {
		size_t na = R->alloc ? 2 * R->alloc : 32;
		struct delphi_link *nl = realloc(l->link, na * sizeof(*nl));

		if (!nl)
			return R->oom = 1, -1;
		l->link = nl;
		R->alloc = na;
	}
	l->link[l->n].token = strdup(inv->token);
	l->link[l->n].key = strdup(key);
	if (!l->link[l->n].token || !l->link[l->n].key) {
		free(l->link[l->n].token);
		free(l->link[l->n].key);
		return R->oom = 1, -1;
	}
	l->n++;
	return 0;
}

static int cmp_link(const void *a, const void *b)
{
	return strcmp(((const struct delphi_link *)a)->token, ((const struct delphi_link *)b)->token);
}

int delphi_links_read(struct store *st, const char *form_id, struct delphi_links *out, struct error *err)
{
	struct links_reader R = { out, 0, 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = store_invitation_each(st, form_id, collect_link, &R, err);
	if (R.oom)
		rc = error_set(err, "out of memory");
	if (rc < 0) {
		delphi_links_release(out);
		return rc;
	}
	if (out->n)	/* qsort and bsearch want a non-null array even for none */
		qsort(out->link, out->n, sizeof(*out->link), cmp_link);
	return 0;
}

const char *delphi_links_find(const struct delphi_links *l, const char *token)
{
	struct delphi_link probe = { (char *)token, NULL }, *hit;

	if (!token || !l->n)
		return NULL;
	hit = bsearch(&probe, l->link, l->n, sizeof(*l->link), cmp_link);
	return hit ? hit->key : NULL;
}

void delphi_links_release(struct delphi_links *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->link[i].token);
		free(l->link[i].key);
	}
	free(l->link);
	memset(l, 0, sizeof(*l));
}

struct reader {
	const struct referential *ref;
	const struct survey *s;
	struct delphi_links links;	/* every link of the form */
	long *qrel, *qfeas, *qcom;	/* question index per indicator, -1: none */
	/* rows as read, before members are merged */
	char **key;
	unsigned char *rel, *feas;
	char **com;
	size_t nrow, arow;
	size_t nunknown;
	char idbuf[512];		/* a member key taken from an `_id` */
	int oom;
};

/* A rating as stored: "1".."9" gives 1-9; anything else (unanswered, or not a rating) 0. */
static unsigned char rating_of(const char *v)
{
	if (v && v[0] >= '1' && v[0] <= '9' && !v[1])
		return (unsigned char)(v[0] - '0');
	return 0;
}

static int collect_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct reader *R = ctx;
	const char *key = delphi_links_find(&R->links, r->token);
	size_t nind = R->ref->nind, row;

	if (!key && r->ext_id && *r->ext_id) {
		/* a paper form typed in: `_id` is the member's e-mail or name, with "#ROUND" after
		   it from round 2 (an `_id` is imported once per survey, every version together) */
		const char *hash = strrchr(r->ext_id, '#');
		size_t len = strlen(r->ext_id);

		if (hash && hash > r->ext_id && hash[1] && strspn(hash + 1, "0123456789") == strlen(hash + 1))
			len = (size_t)(hash - r->ext_id);
		if (len >= sizeof(R->idbuf))
			len = sizeof(R->idbuf) - 1;
		memcpy(R->idbuf, r->ext_id, len);
		R->idbuf[len] = '\0';
		key = R->idbuf;
	}
	if (!key) {
		R->nunknown++;
		return 0;
	}
	if (R->nrow == R->arow) {
		size_t na = R->arow ? 2 * R->arow : 32;
		char **nk = realloc(R->key, na * sizeof(*nk));
		unsigned char *nr, *nf;
		char **nc;

		if (!nk)
			return R->oom = 1, -1;
		R->key = nk;
		if (!(nr = realloc(R->rel, na * nind + 1)))
			return R->oom = 1, -1;
		R->rel = nr;
		if (!(nf = realloc(R->feas, na * nind + 1)))
			return R->oom = 1, -1;
		R->feas = nf;
		if (!(nc = realloc(R->com, (na * nind + 1) * sizeof(*nc))))
			return R->oom = 1, -1;
		R->com = nc;
		R->arow = na;
	}
	row = R->nrow;
	if (!(R->key[row] = strdup(key)))
		return R->oom = 1, -1;
	for (size_t i = 0; i < nind; i++) {
		long q;
		const char *c;

		q = R->qrel[i];
		R->rel[row * nind + i] = q >= 0 && (size_t)q < n ? rating_of(values[q]) : 0;
		q = R->qfeas[i];
		R->feas[row * nind + i] = q >= 0 && (size_t)q < n ? rating_of(values[q]) : 0;
		q = R->qcom[i];
		c = q >= 0 && (size_t)q < n ? values[q] : NULL;
		R->com[row * nind + i] = NULL;
		if (c && *c && !(R->com[row * nind + i] = strdup(c))) {
			for (size_t j = 0; j < i; j++)
				free(R->com[row * nind + j]);
			free(R->key[row]);
			return R->oom = 1, -1;
		}
	}
	R->nrow++;
	return 0;
}

struct order {
	const char *key;
	size_t row;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->row > y->row) - (x->row < y->row);
}

static long qindex(const struct survey *s, const char *prefix, const char *id)
{
	char name[128];
	const struct question *q;

	snprintf(name, sizeof(name), "%s%s", prefix, id);
	q = survey_find(s, name);
	return q ? (long)q->index : -1;
}

int delphi_round_read(struct store *st, const struct referential *ref, const struct survey *s,
		      const char *form_id, int round, struct delphi_round *out, struct error *err)
{
	struct reader R;
	size_t nind = ref->nind, i, m;
	struct order *ord = NULL;
	int rc, has_feas = 0;

	memset(out, 0, sizeof(*out));
	memset(&R, 0, sizeof(R));
	R.ref = ref;
	R.s = s;
	R.qrel = calloc(nind + 1, sizeof(long));
	R.qfeas = calloc(nind + 1, sizeof(long));
	R.qcom = calloc(nind + 1, sizeof(long));
	if (!R.qrel || !R.qfeas || !R.qcom) {
		rc = error_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < nind; i++) {
		R.qrel[i] = qindex(s, DELPHI_Q_REL, ref->ind[i].id);
		R.qfeas[i] = qindex(s, DELPHI_Q_FEAS, ref->ind[i].id);
		R.qcom[i] = qindex(s, DELPHI_Q_COMMENT, ref->ind[i].id);
		if (R.qfeas[i] >= 0)
			has_feas = 1;
	}
	rc = delphi_links_read(st, form_id, &R.links, err);
	if (rc < 0)
		goto out;
	rc = store_answers_each(st, form_id, round, 1, s->nq, collect_row, &R, err);
	if (rc < 0 || R.oom) {
		rc = R.oom ? error_set(err, "out of memory") : rc;
		goto out;
	}
	/* one row per member: the last submission of each key */
	ord = calloc(R.nrow + 1, sizeof(*ord));
	if (!ord) {
		rc = error_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < R.nrow; i++) {
		ord[i].key = R.key[i];
		ord[i].row = i;
	}
	qsort(ord, R.nrow, sizeof(*ord), cmp_order);
	out->round = round;
	out->nind = nind;
	out->nunknown = R.nunknown;
	out->member = calloc(R.nrow + 1, sizeof(char *));
	out->rel = calloc(R.nrow * nind + 1, 1);
	out->feas = has_feas ? calloc(R.nrow * nind + 1, 1) : NULL;
	out->comment = calloc(R.nrow * nind + 1, sizeof(char *));
	if (!out->member || !out->rel || (has_feas && !out->feas) || !out->comment) {
		rc = error_set(err, "out of memory");
		goto out;
	}
	for (i = 0, m = 0; i < R.nrow; i++) {
		size_t row = ord[i].row;

		if (i + 1 < R.nrow && !strcmp(ord[i + 1].key, ord[i].key))
			continue;	/* a later submission of the same member follows */
		out->member[m] = R.key[row];
		R.key[row] = NULL;
		memcpy(out->rel + m * nind, R.rel + row * nind, nind);
		if (has_feas)
			memcpy(out->feas + m * nind, R.feas + row * nind, nind);
		for (size_t j = 0; j < nind; j++) {
			out->comment[m * nind + j] = R.com[row * nind + j];
			R.com[row * nind + j] = NULL;
		}
		m++;
	}
	out->nmem = m;
	rc = 0;
out:
	if (rc < 0)
		delphi_round_release(out);
	delphi_links_release(&R.links);
	for (i = 0; i < R.nrow; i++) {
		free(R.key[i]);
		for (size_t j = 0; j < nind; j++)
			free(R.com[i * nind + j]);
	}
	free(R.key);
	free(R.rel);
	free(R.feas);
	free(R.com);
	free(R.qrel);
	free(R.qfeas);
	free(R.qcom);
	free(ord);
	return rc;
}

long delphi_round_member(const struct delphi_round *r, const char *key)
{
	size_t lo = 0, hi = r->nmem;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(r->member[mid], key);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* --- the result of a round ------------------------------------------------------------ */

void delphi_result_release(struct delphi_result *res)
{
	if (!res)
		return;
	if (res->comments)
		for (size_t i = 0; i < res->nind; i++)
			free(res->comments[i]);	/* the strings belong to the round */
	free(res->comments);
	free(res->ncomments);
	free(res->rel);
	free(res->feas);
	free(res->stab);
	memset(res, 0, sizeof(*res));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int band_of(const struct ref_rule *rule, int x)
{
	return x >= rule->keep ? 2 : x <= rule->drop ? 0 : 1;
}

int delphi_result_compute(const struct referential *ref, const struct delphi_round *cur,
			  const struct delphi_round *prev, const struct delphi_result *prev_res,
			  struct delphi_result *out)
{
	size_t nind = cur->nind, nmem = cur->nmem, mg = (size_t)ref->min_group;
	unsigned char *col = NULL;
	double *x = NULL;
	size_t *complete = NULL, ncomplete = 0;

	memset(out, 0, sizeof(*out));
	out->round = cur->round;
	out->nmem = nmem;
	out->nind = nind;
	out->rel = calloc(nind + 1, sizeof(*out->rel));
	out->feas = cur->feas ? calloc(nind + 1, sizeof(*out->feas)) : NULL;
	out->comments = calloc(nind + 1, sizeof(*out->comments));
	out->ncomments = calloc(nind + 1, sizeof(*out->ncomments));
	col = malloc(nmem + 1);
	if (!out->rel || (cur->feas && !out->feas) || !out->comments || !out->ncomments || !col)
		goto oom;
	for (size_t i = 0; i < nind; i++) {
		size_t nc = 0;

		for (size_t m = 0; m < nmem; m++)
			col[m] = cur->rel[m * nind + i];
		if (delphi_stat_compute(col, nmem, &ref->rule, mg, &out->rel[i]) < 0)
			goto oom;
		if (cur->feas) {
			for (size_t m = 0; m < nmem; m++)
				col[m] = cur->feas[m * nind + i];
			if (delphi_stat_compute(col, nmem, &ref->rule, mg, &out->feas[i]) < 0)
				goto oom;
		}
		/* comments, unsigned and sorted, so that their order says nothing of who wrote them;
		   withheld with the figures when the round is smaller than min_group */
		if (nmem < mg)
			continue;
		out->comments[i] = calloc(nmem + 1, sizeof(char *));
		if (!out->comments[i])
			goto oom;
		for (size_t m = 0; m < nmem; m++)
			if (cur->comment[m * nind + i])
				out->comments[i][nc++] = cur->comment[m * nind + i];
		qsort(out->comments[i], nc, sizeof(char *), cmp_str);
		out->ncomments[i] = nc;
	}
	if (prev) {
		out->stab = calloc(nind + 1, sizeof(*out->stab));
		if (!out->stab)
			goto oom;
		for (size_t i = 0; i < nind; i++) {
			struct delphi_stability *sb = &out->stab[i];
			size_t same = 0;
			double moved = 0;

			for (size_t m = 0; m < nmem; m++) {
				long p = delphi_round_member(prev, cur->member[m]);
				int a, b;

				if (p < 0)
					continue;
				a = prev->rel[(size_t)p * nind + i];
				b = cur->rel[m * nind + i];
				if (!a || !b)
					continue;
				sb->n++;
				sb->changed += a != b;
				same += band_of(&ref->rule, a) == band_of(&ref->rule, b);
				moved += abs(a - b);
			}
			sb->shown = sb->n >= mg && sb->n > 0;
			sb->same_band = sb->shown ? (double)same / (double)sb->n : NAN;
			sb->mean_change = sb->shown ? moved / (double)sb->n : NAN;
			if (!sb->shown)
				sb->changed = 0;
			sb->verdict_changed = prev_res && prev_res->rel[i].verdict != out->rel[i].verdict;
		}
	}
	/* Kendall's W over the members who rated every indicator */
	complete = calloc(nmem + 1, sizeof(*complete));
	if (!complete)
		goto oom;
	for (size_t m = 0; m < nmem; m++) {
		size_t i;

		for (i = 0; i < nind; i++)
			if (!cur->rel[m * nind + i])
				break;
		if (i == nind)
			complete[ncomplete++] = m;
	}
	out->w.note = STAT_SUPPRESSED;
	out->w.n = nind;
	out->w.m = ncomplete;
	out->w.w = out->w.chisq = out->w.p = NAN;
	if (ncomplete >= mg && ncomplete >= 2 && nind >= 2) {
		x = malloc(nind * ncomplete * sizeof(*x));
		if (!x)
			goto oom;
		for (size_t i = 0; i < nind; i++)
			for (size_t j = 0; j < ncomplete; j++)
				x[i * ncomplete + j] = cur->rel[complete[j] * nind + i];
		if (reliability_kendall_w(x, nind, ncomplete, &out->w) < 0)
			goto oom;
		out->w_shown = 1;
	}
	free(x);
	free(col);
	free(complete);
	return 0;
oom:
	free(x);
	free(col);
	free(complete);
	delphi_result_release(out);
	return -1;
}

/* --- the round's questionnaire -------------------------------------------------------- */

/* A figure on the 1-9 scale as French and English print it (util/numfmt.h): "7", "6,5" / "6.5". */
static void num(char *fr, char *en, size_t n, double v)
{
	numfmt(fr, n, v, 1, NUMFMT_TRIM, "fr");
	numfmt(en, n, v, 1, NUMFMT_TRIM, "en");
}

int delphi_form_yaml(const struct referential *ref, int round, const struct delphi_result *prev,
		     struct strbuf *o)
{
	int rc = 0;
	char fr[512], en[512];

	strbuf_reset(o);
	rc |= strbuf_addf(o, "# Generated by utilis delphi start from the referential '%s': round %d.\n"
			  "# Tour %d de notation des indicateurs candidats par le groupe pilote.\n",
			  ref->id, round, round);
	rc |= strbuf_addf(o, "form_id: %s%s\nversion: %d\ntitle: ", DELPHI_FORM_PREFIX, ref->id, round);
	snprintf(fr, sizeof(fr), "%s — tour %d", ref->title.fr, round);
	snprintf(en, sizeof(en), "%s — round %d", ref->title.en, round);
	rc |= yaml_fr_en(o, fr, en);
	rc |= strbuf_addstr(o, "\ndefault_language: fr\nlanguages: [fr, en]\n"
			    "settings: {anonymous: false}\n\nchoices:\n  note9:\n");
	for (int k = 1; k <= 9; k++) {
		static const char *const fr9[] = { "", "1 — pas du tout", "2", "3", "4", "5 — moyennement",
						   "6", "7", "8", "9 — tout à fait" };
		static const char *const en9[] = { "", "1 — not at all", "2", "3", "4", "5 — moderately",
						   "6", "7", "8", "9 — entirely" };

		rc |= strbuf_addf(o, "    - {name: \"%d\", label: ", k);
		rc |= yaml_fr_en(o, fr9[k], en9[k]);
		rc |= strbuf_addstr(o, "}\n");
	}
	rc |= strbuf_addstr(o, "\nsurvey:\n  - type: group\n    name: consignes\n    label: ");
	rc |= yaml_fr_en(o, "Consignes", "Instructions");
	rc |= strbuf_addstr(o, "\n    questions:\n      - type: note\n        name: consigne\n        label: ");
	if (round == 1) {
		snprintf(fr, sizeof(fr), "Pour chaque indicateur candidat, donnez une note de 1 (pas du tout) à 9 "
			 "(tout à fait) : est-il pertinent pour rendre visible l'utilité sociale%s ? "
			 "Vous pouvez ajouter un commentaire. Les notes de chacun ne sont jamais montrées aux "
			 "autres membres ; au tour suivant, chacun voit la médiane et l'écart du groupe.",
			 ref->feasibility ? " et faisable à mesurer" : "");
		snprintf(en, sizeof(en), "Rate each candidate indicator from 1 (not at all) to 9 (entirely): "
			 "is it relevant to make social utility visible%s? You may add a comment. No "
			 "member's ratings are ever shown to the others; in the next round everyone sees the "
			 "group's median and spread.", ref->feasibility ? ", and feasible to measure" : "");
	} else {
		snprintf(fr, sizeof(fr), "Tour %d. Pour chaque indicateur, vous voyez la médiane et l'écart "
			 "interquartile des notes du groupe au tour %d et, sur votre lien personnel, votre propre "
			 "note de ce tour, déjà cochée : gardez-la ou changez-la. Les notes des autres membres ne "
			 "sont jamais montrées.", round, round - 1);
		snprintf(en, sizeof(en), "Round %d. For each indicator you see the median and interquartile "
			 "range of the group's ratings in round %d and, on your personal link, your own rating of "
			 "that round, already ticked: keep it or change it. Other members' ratings are never "
			 "shown.", round, round - 1);
	}
	rc |= yaml_fr_en(o, fr, en);
	rc |= strbuf_addstr(o, "\n");
	for (size_t si = 0; si < ref->nstakes; si++) {
		const struct ref_stake *sk = &ref->stakes[si];

		rc |= strbuf_addf(o, "\n  - type: group\n    name: enjeu_%s\n    label: ", sk->id);
		snprintf(fr, sizeof(fr), "Enjeu : %s", sk->label.fr);
		snprintf(en, sizeof(en), "Stake: %s", sk->label.en);
		rc |= yaml_fr_en(o, fr, en);
		rc |= strbuf_addstr(o, "\n    questions:\n");
		for (size_t ci = sk->first; ci < sk->first + sk->n; ci++) {
			const struct ref_criterion *cr = &ref->crit[ci];

			rc |= strbuf_addf(o, "      - type: note\n        name: critere_%s\n        label: ", cr->id);
			snprintf(fr, sizeof(fr), "Critère : %s", cr->label.fr);
			snprintf(en, sizeof(en), "Criterion: %s", cr->label.en);
			rc |= yaml_fr_en(o, fr, en);
			rc |= strbuf_addstr(o, "\n");
			for (size_t ii = cr->first; ii < cr->first + cr->n; ii++) {
				const struct ref_indicator *ind = &ref->ind[ii];
				const struct delphi_stat *ps = prev ? &prev->rel[ii] : NULL;
				char hfr[1400], hen[1400];

				snprintf(hfr, sizeof(hfr), "%s", ind->definition.fr);
				snprintf(hen, sizeof(hen), "%s", ind->definition.en);
				if (ps && ps->shown) {
					char mf[16], me[16], af[16], ae[16], bf[16], be[16];

					num(mf, me, sizeof(mf), ps->median);
					num(af, ae, sizeof(af), ps->q1);
					num(bf, be, sizeof(bf), ps->q3);
					snprintf(hfr + strlen(hfr), sizeof(hfr) - strlen(hfr),
						 "\nLe groupe au tour %d (%zu notes) : médiane %s, la moitié des notes "
						 "entre %s et %s.", round - 1, ps->n, mf, af, bf);
					snprintf(hen + strlen(hen), sizeof(hen) - strlen(hen),
						 "\nThe group in round %d (%zu ratings): median %s, half the ratings "
						 "between %s and %s.", round - 1, ps->n, me, ae, be);
				} else if (ps) {
					snprintf(hfr + strlen(hfr), sizeof(hfr) - strlen(hfr),
						 "\nAu tour %d, moins de %d membres ont noté cet indicateur : la "
						 "position du groupe n'est pas montrée.", round - 1, ref->min_group);
					snprintf(hen + strlen(hen), sizeof(hen) - strlen(hen),
						 "\nIn round %d fewer than %d members rated this indicator: the "
						 "group's position is not shown.", round - 1, ref->min_group);
				}
				if (prev) {
					rc |= strbuf_addf(o, "      - type: integer\n        name: %s%s\n"
							  "        read_only: true\n        label: ",
							  DELPHI_Q_BEFORE, ind->id);
					snprintf(fr, sizeof(fr), "Votre note au tour %d pour « %s »", round - 1,
						 ind->label.fr);
					snprintf(en, sizeof(en), "Your rating in round %d for “%s”", round - 1,
						 ind->label.en);
					rc |= yaml_fr_en(o, fr, en);
					rc |= strbuf_addstr(o, "\n");
				}
				rc |= strbuf_addf(o, "      - type: select_one note9\n        name: %s%s\n"
						  "        appearance: likert\n        label: ", DELPHI_Q_REL, ind->id);
				snprintf(fr, sizeof(fr), "%s — pertinence", ind->label.fr);
				snprintf(en, sizeof(en), "%s — relevance", ind->label.en);
				rc |= yaml_fr_en(o, fr, en);
				rc |= strbuf_addstr(o, "\n        hint: ");
				rc |= yaml_fr_en(o, hfr, hen);
				rc |= strbuf_addstr(o, "\n");
				if (ref->feasibility) {
					rc |= strbuf_addf(o, "      - type: select_one note9\n        name: %s%s\n"
							  "        appearance: likert\n        label: ",
							  DELPHI_Q_FEAS, ind->id);
					snprintf(fr, sizeof(fr), "%s — faisabilité de la mesure", ind->label.fr);
					snprintf(en, sizeof(en), "%s — feasibility of measuring it", ind->label.en);
					rc |= yaml_fr_en(o, fr, en);
					rc |= strbuf_addstr(o, "\n");
				}
				rc |= strbuf_addf(o, "      - type: text\n        name: %s%s\n        label: ",
						  DELPHI_Q_COMMENT, ind->id);
				snprintf(fr, sizeof(fr), "Commentaire sur « %s » (facultatif)", ind->label.fr);
				snprintf(en, sizeof(en), "Comment on “%s” (optional)", ind->label.en);
				rc |= yaml_fr_en(o, fr, en);
				rc |= strbuf_addstr(o, "\n");
			}
		}
	}
	return rc ? -1 : 0;
}

int delphi_prefill(const struct referential *ref, const struct survey *s,
		   const struct delphi_round *prev, size_t m, char **values)
{
	int n = 0;

	for (size_t i = 0; i < ref->nind; i++) {
		static const char *const prefixes[] = { DELPHI_Q_REL, DELPHI_Q_BEFORE, DELPHI_Q_FEAS };

		for (int k = 0; k < 3; k++) {
			const unsigned char *src = k == 2 ? prev->feas : prev->rel;
			long q;
			char v[4];

			if (!src || !src[m * prev->nind + i])
				continue;
			q = qindex(s, prefixes[k], ref->ind[i].id);
			if (q < 0)
				continue;
			snprintf(v, sizeof(v), "%d", src[m * prev->nind + i]);
			free(values[q]);
			if (!(values[q] = strdup(v)))
				return -1;
			n += k == 0;
		}
	}
	return n;
}
