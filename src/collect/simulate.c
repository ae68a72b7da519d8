/*
 * simulate: synthetic respondents (see simulate.h).
 *
 * A respondent is drawn in three steps.  First its latent traits: one per
 * dimension of the survey, theta_d = mu(group, d) + sqrt(R) g + sqrt(1 - R) e_d
 * with g a general factor shared by the dimensions (R = 0.3), and one
 * general trait for scale items without a dimension.  Then an answer to
 * every question in document order: a scale item maps
 * z = l theta + sqrt(1 - l^2) e, with loading l, to a level through the
 * normal distribution function shifted towards agreement (social surveys
 * lean that way), reversed for reverse-coded items; other questions draw
 * from per-question weights.  Last, the response is checked: answers of
 * questions that do not apply are dropped, refused ones are drawn again
 * (numbers from a range that narrows towards its lower bound at each try,
 * which satisfies comparisons with other answers), missing required ones
 * drawn, until nothing is refused.
 *
 * Follow-up questions (relevant on one choice of an earlier one, such as
 * "Autre : précisez") would be answered by a few respondents only, too few
 * for a report to show them.  When the run's size n is known, each follow-up
 * is aimed at max(5, n/10) answers: a choice that opens a follow-up still
 * short of its aim is found by trying each choice of the parent question
 * (the relevance rules decide, not a reading of the expressions), and is
 * taken with the probability that spreads the missing answers over the
 * respondents left, with certainty when as many are missing as are left.
 * Such a follow-up is not left unanswered while it is short of its aim.
 * A parent of a follow-up (the job, when "Autre" of the job opens a
 * question) is opened the same way while the follow-up is short.  Runs of
 * fewer than 20 respondents have no aim: 5 answers would be a quarter of
 * them or more.
 *
 * Per-question parameters (loading, choice weights) come from the seed and
 * the question's name, so a survey's items keep their character from run
 * to run and between surveys that share names.  The generator is
 * xoshiro256** seeded through splitmix64.
 */
#include "collect/simulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "survey/expr.h"
#include "survey/response.h"
#include "util/array.h"
#include "util/strbuf.h"

#define MAX_ROUNDS 40		/* check-and-repair rounds per respondent */
#define MAX_RESTARTS 20		/* respondents drawn again from scratch */
#define GENERAL_SHARE 0.3	/* variance of a dimension shared with the others */
#define AGREE_SHIFT 0.35	/* lean of scale answers towards agreement */
#define MISSING_RATE 0.04	/* optional questions left unanswered */
#define MISSING_TEXT 0.55	/* optional text questions left unanswered */

struct rng {
	uint64_t s[4];			/* xoshiro256** state */
	int has_spare;			/* a second normal deviate is waiting */
	double spare;			/* it */
};

/* What is fixed per question for the whole run. */
struct qparam {
	double loading;			/* scale items: weight of the latent trait */
	double *weights;		/* choices: relative frequency of each, or NULL */
	double p_multi;			/* select_multiple: mean share of choices ticked */
	int dim;			/* index of its dimension, -1 for the general trait */
	int answer_optional;		/* this respondent: leave it unanswered if allowed */
	int followup;			/* top level, relevant on some answers only: aimed at */
	int parent;			/* a top-level select whose answer a follow-up's relevance reads */
	size_t answered;		/* respondents given so far who answered it */
	int boosted;			/* this respondent: given a choice that opens a follow-up */
	size_t choice;			/* that choice */
	size_t *reads;			/* follow-ups: the questions their relevance reads */
	size_t nreads, areads;		/* used / allocated */
};

struct simulator {
	const struct survey *s;		/* the questionnaire */
	struct simulate_options opt;	/* seed, groups */
	struct rng rng;			/* the respondents' draws */
	struct response r;		/* the current respondent */
	struct qparam *qp;		/* by question index */
	const char **dims;		/* dimension names */
	size_t ndims;			/* how many */
	double *theta;			/* this respondent's trait per dimension, then the general one */
	double *shift;			/* per group and dimension: mean of the trait */
	struct problems probs;		/* the checks' findings */
	struct strbuf buf;		/* a value being built */
	char group[32];			/* this respondent's `_group` */
	const size_t *path;		/* the instance being answered (NULL: top level) */
	struct instance *inst;		/* simulator_instances(): the last one given */
	size_t aim;			/* answers each follow-up should get (0: no aim) */
	size_t ndrawn;			/* respondents given so far */
	unsigned char *dep;		/* nq x nq: dep[j * nq + i] when j's relevance reads i */
	size_t *want;			/* by question: answers still wanted of it or of a
					   follow-up it opens (wants_update()) */
	unsigned char *saved;		/* boost(): the relevance before the trials */
	unsigned char *open;		/* boost(): by choice, it opens a follow-up short of its aim */
	unsigned char *allowed;		/* draw()'s flags, one per choice of the longest list */
	unsigned char *allowed_boost;	/* boost()'s, the same size */
	int use_open;			/* draw(): 1 take one of the open choices, 2 the
					   question's boosted choice alone (its answer was refused) */
};

/* --- random numbers ------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Seed xoshiro256** from one 64-bit number through splitmix64. */
static void rng_seed(struct rng *g, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		g->s[i] = splitmix64(&seed);
	g->has_spare = 0;
}

/* x rotated left by k bits. */
static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits (xoshiro256**). */
static uint64_t rng_next(struct rng *g)
{
	uint64_t result = rotl(g->s[1] * 5, 7) * 9, t = g->s[1] << 17;

	g->s[2] ^= g->s[0];
	g->s[3] ^= g->s[1];
	g->s[1] ^= g->s[2];
	g->s[0] ^= g->s[3];
	g->s[2] ^= t;
	g->s[3] = rotl(g->s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double rng_unif(struct rng *g)
{
	return (double)(rng_next(g) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n). */
static uint64_t rng_below(struct rng *g, uint64_t n)
{
	return n ? (uint64_t)(rng_unif(g) * (double)n) % n : 0;
}

/* A standard normal deviate (Marsaglia's polar method, the second one kept). */
static double rng_normal(struct rng *g)
{
	double u, v, s;

	if (g->has_spare) {
		g->has_spare = 0;
		return g->spare;
	}
	do {
		u = 2 * rng_unif(g) - 1;
		v = 2 * rng_unif(g) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	s = sqrt(-2 * log(s) / s);
	g->spare = v * s;
	g->has_spare = 1;
	return u * s;
}

/* A seed for what belongs to name s in a run seeded with seed (FNV-1a). */
static uint64_t hash_name(uint64_t seed, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ seed;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* --- follow-ups ----------------------------------------------------------- */

struct refs {
	struct simulator *sim;
	struct qparam *p;	/* the follow-up whose relevance is read */
	unsigned depth;		/* calculations followed so far */
	int oom;		/* memory ran out */
};

static void refs_of(struct refs *r, const struct expr *e);

/* expr_foreach_ref(): note question name in r->p->reads, through calculations. */
static int ref_seen(void *ctx, const char *name, int col)
{
	struct refs *r = ctx;
	const struct question *q = survey_find(r->sim->s, name);
	struct qparam *p = r->p;
	size_t k;

	(void)col;
	if (!q)
		return 0;
	for (k = 0; k < p->nreads && p->reads[k] != q->index; k++)
		;
	if (k == p->nreads) {
		if (ARRAY_GROW(p->reads, p->areads, p->nreads + 1, 4) < 0) {
			r->oom = 1;
			return 1;
		}
		p->reads[p->nreads++] = q->index;
	}
	/* a calculation in between: what it reads (they have no cycle; bounded anyway) */
	if (q->type == Q_CALCULATE && r->depth < 8) {
		r->depth++;
		refs_of(r, q->calculation);
		r->depth--;
	}
	return r->oom;
}

static void refs_of(struct refs *r, const struct expr *e)
{
	if (e && !r->oom)
		expr_foreach_ref(e, ref_seen, r);
}

/*
 * The follow-ups and their parents: a top-level question whose relevance
 * (its own or an enclosing group's) reads other answers is a follow-up;
 * a top-level select it reads is a parent.  0, or -1 when memory runs out.
 */
static int followups_init(struct simulator *sim)
{
	const struct survey *s = sim->s;
	size_t j, k, most = 1;

	for (j = 0; j < s->nq; j++) {
		const struct question *q = s->questions[j], *a;
		struct refs r = { sim, &sim->qp[j], 0, 0 };

		if (q->list && q->list->n > most)
			most = q->list->n;
		if (q->repeat || !question_has_value(q) || q->type == Q_CALCULATE || q->read_only)
			continue;
		for (a = q; a; a = a->parent)
			refs_of(&r, a->relevant);
		if (r.oom)
			return -1;
		sim->qp[j].followup = sim->qp[j].nreads > 0;
		for (k = 0; k < sim->qp[j].nreads; k++) {
			const struct question *p = s->questions[sim->qp[j].reads[k]];

			if (!p->repeat && (p->type == Q_SELECT_ONE || p->type == Q_SELECT_MULTIPLE))
				sim->qp[p->index].parent = 1;
		}
	}
	sim->saved = calloc(s->nq + 1, 1);
	sim->open = calloc(most, 1);
	sim->want = calloc(s->nq + 1, sizeof(size_t));
	return sim->saved && sim->open && sim->want ? 0 : -1;
}

/* Is question j a follow-up still short of its aim? */
static int short_of(const struct simulator *sim, size_t j)
{
	return sim->aim && sim->qp[j].followup && sim->qp[j].answered < sim->aim;
}

/*
 * The answers still wanted of each question: a follow-up short of its aim
 * wants the difference, and a parent wants what the follow-ups that read it
 * want (in 'fonction' → 'fonction_autre', the job is a follow-up of the
 * status: a professional is wanted as long as 'fonction_autre' is short).
 * Follow-ups come after what they read: one pass backwards.
 */
static void wants_update(struct simulator *sim)
{
	size_t j = sim->s->nq, k;

	memset(sim->want, 0, sim->s->nq * sizeof(size_t));
	while (j-- > 0) {
		const struct qparam *p = &sim->qp[j];

		if (p->followup && p->answered < sim->aim && sim->aim - p->answered > sim->want[j])
			sim->want[j] = sim->aim - p->answered;
		for (k = 0; k < p->nreads && sim->want[j]; k++)
			if (p->reads[k] < j && sim->qp[p->reads[k]].parent &&
			    sim->want[p->reads[k]] < sim->want[j])
				sim->want[p->reads[k]] = sim->want[j];
	}
}

/* Does the relevance of question j read question i? */
static int reads(const struct simulator *sim, size_t j, size_t i)
{
	for (size_t k = 0; k < sim->qp[j].nreads; k++)
		if (sim->qp[j].reads[k] == i)
			return 1;
	return 0;
}

/* --- set-up -------------------------------------------------------------- */

static int dim_index(struct simulator *sim, const char *name)
{
	for (size_t i = 0; i < sim->ndims; i++)
		if (!strcmp(sim->dims[i], name))
			return (int)i;
	return -1;
}

int simulator_new(struct simulator **out, const struct survey *s,
		  const struct simulate_options *opt, struct error *err)
{
	struct simulator *sim = calloc(1, sizeof(*sim));
	size_t i, k, ng, nallowed = 1;

	*out = NULL;
	if (!sim)
		return error_set(err, "out of memory");
	sim->s = s;
	sim->opt = *opt;
	rng_seed(&sim->rng, opt->seed);
	strbuf_init(&sim->buf, 0);
	sim->qp = calloc(s->nq + 1, sizeof(*sim->qp));
	sim->dims = calloc(s->nq + 1, sizeof(*sim->dims));
	for (i = 0; i < s->nq; i++)
		if (s->questions[i]->list && s->questions[i]->list->n > nallowed)
			nallowed = s->questions[i]->list->n;
	sim->allowed = malloc(nallowed);
	sim->allowed_boost = malloc(nallowed);
	if (!sim->qp || !sim->dims || !sim->allowed || !sim->allowed_boost ||
	    response_init(&sim->r, s) < 0)
		goto oom;
	sim->r.today = opt->today;
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];
		struct qparam *p = &sim->qp[i];
		struct rng g;

		rng_seed(&g, hash_name(opt->seed, q->name));
		p->loading = 0.65 + 0.2 * rng_unif(&g);
		p->p_multi = 0.25 + 0.25 * rng_unif(&g);
		p->dim = -1;
		if (q->dimension) {
			p->dim = dim_index(sim, q->dimension);
			if (p->dim < 0) {
				p->dim = (int)sim->ndims;
				sim->dims[sim->ndims++] = q->dimension;
			}
		}
		if (q->list) {
			p->weights = calloc(q->list->n, sizeof(double));
			if (!p->weights)
				goto oom;
			/* uneven but never negligible: a choice or two dominate */
			for (k = 0; k < q->list->n; k++)
				p->weights[k] = 0.2 + pow(rng_unif(&g), 2) * 2;
		}
	}
	if (opt->planned >= 20) {	/* fewer: 5 answers would be a quarter of them or more */
		sim->aim = (opt->planned + 9) / 10 > 5 ? (opt->planned + 9) / 10 : 5;
		if (followups_init(sim) < 0)
			goto oom;
		wants_update(sim);
	}
	sim->theta = calloc(sim->ndims + 1, sizeof(double));
	ng = opt->ngroups > 0 ? (size_t)opt->ngroups : 1;
	sim->shift = calloc(ng * (sim->ndims + 1), sizeof(double));
	if (!sim->theta || !sim->shift)
		goto oom;
	/* groups: evenly spaced means, in a direction of each dimension's own */
	for (k = 0; k < sim->ndims + 1; k++) {
		struct rng g;
		double dir;

		rng_seed(&g, hash_name(opt->seed, k < sim->ndims ? sim->dims[k] : ""));
		dir = rng_unif(&g) < 0.7 ? 1 : -1;
		for (i = 0; i < ng && ng > 1; i++)
			sim->shift[i * (sim->ndims + 1) + k] =
				dir * 0.6 * ((double)i - (double)(ng - 1) / 2) / (double)(ng - 1);
	}
	*out = sim;
	return 0;
oom:
	simulator_free(sim);
	return error_set(err, "out of memory");
}

void simulator_free(struct simulator *sim)
{
	size_t i;

	if (!sim)
		return;
	if (sim->qp)
		for (i = 0; i < sim->s->nq; i++) {
			free(sim->qp[i].weights);
			free(sim->qp[i].reads);
		}
	if (sim->r.values)
		response_release(&sim->r);
	free(sim->qp);
	free(sim->allowed);
	free(sim->allowed_boost);
	free(sim->dims);
	free(sim->theta);
	free(sim->shift);
	free(sim->saved);
	free(sim->open);
	free(sim->want);
	problems_release(&sim->probs);
	strbuf_release(&sim->buf);
	free(sim->inst);
	free(sim);
}

/* --- drawing answers ------------------------------------------------------- */

/*
 * Which choices of q its choice filter offers now (response_offers(), the
 * rule the web form and the imports apply): allowed[k] 1 or 0; how many.
 */
static size_t offered(struct simulator *sim, const struct question *q, unsigned char *allowed)
{
	size_t k, n = 0;

	for (k = 0; k < q->list->n; k++) {
		int ok = response_offers_at(&sim->r, q, sim->path, &q->list->v[k]) > 0;

		allowed[k] = (unsigned char)ok;
		n += (size_t)ok;
	}
	return n;
}

/* A choice index among the allowed ones, following the weights. */
static size_t weighted_choice(struct simulator *sim, const struct question *q,
			      const unsigned char *allowed)
{
	const double *w = sim->qp[q->index].weights;
	double total = 0, x;
	size_t k, last = 0;

	for (k = 0; k < q->list->n; k++)
		if (allowed[k])
			total += w[k];
	x = rng_unif(&sim->rng) * total;
	for (k = 0; k < q->list->n; k++) {
		if (!allowed[k])
			continue;
		last = k;
		if (x < w[k])
			return k;
		x -= w[k];
	}
	return last;
}

/* The level (0 .. nlevels-1) of a scale item for this respondent. */
static long scale_level(struct simulator *sim, const struct question *q, long nlevels)
{
	const struct qparam *p = &sim->qp[q->index];
	double theta = sim->theta[p->dim >= 0 ? (size_t)p->dim : sim->ndims];
	double z = p->loading * theta + sqrt(1 - p->loading * p->loading) * rng_normal(&sim->rng);
	double u = 0.5 * erfc(-(z + AGREE_SHIFT) / sqrt(2.0));
	long level = (long)floor(u * (double)nlevels);

	if (level < 0)
		level = 0;
	if (level >= nlevels)
		level = nlevels - 1;
	return q->reverse ? nlevels - 1 - level : level;
}

static const char *const texts[] = {
	"RAS", "Très bonne expérience.", "Plus de temps pour échanger entre bénévoles.",
	"Un meilleur accueil des nouveaux.", "Rien à ajouter.", "Merci pour ce questionnaire.",
	"Les réunions sont trop longues.", "Davantage de formations.",
	"Une meilleure communication avec les salariés.", "Je ne sais pas.",
};

/* Shapes that common text constraints ask for: e-mail, postcode, phone, year. */
static const char *const text_shapes[] = {
	"contact@exemple.org", "44000", "02 40 00 00 00", "2024", "Texte", "A",
};

/* Bounds of a number question: its constraint's, else a plausible range. */
static void number_bounds(const struct question *q, double *lo, double *hi)
{
	double a = NAN, b = NAN;

	if (q->type == Q_RANGE) {
		*lo = fmin(q->range_start, q->range_end);
		*hi = fmax(q->range_start, q->range_end);
		return;
	}
	if (q->constraint)
		expr_bounds(q->constraint, &a, &b);
	if (isnan(a) && isnan(b))
		a = 0, b = 100;
	else if (isnan(a))
		a = b - 100;
	else if (isnan(b))
		b = a + 100;
	*lo = a;
	*hi = b;
}

/* Draw an answer to q into sim->buf (try: how many times it was refused). 1 drawn, 0 none. */
static int draw(struct simulator *sim, const struct question *q, int try)
{
	struct strbuf *b = &sim->buf;
	char num[32];
	size_t k;

	strbuf_reset(b);
	switch (q->type) {
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
	case Q_RANK: {
		unsigned char *allowed = sim->allowed;
		size_t n = offered(sim, q, allowed);

		if (n == 0)
			return 0;
		if (q->type == Q_SELECT_ONE) {
			if (sim->use_open) {	/* boost(): a choice that opens a follow-up */
				k = sim->use_open == 2 ? sim->qp[q->index].choice :
					weighted_choice(sim, q, sim->open);
				sim->qp[q->index].choice = k;
				strbuf_addstr(b, q->list->v[k].name);
				return 1;
			}
			if (q->is_scale && try < 3) {
				long nl = (long)(q->scale_max - q->scale_min + 1);
				long level = scale_level(sim, q, nl);

				snprintf(num, sizeof(num), "%ld", (long)q->scale_min + level);
				for (k = 0; k < q->list->n; k++)
					if (allowed[k] && !strcmp(q->list->v[k].name, num))
						return strbuf_addstr(b, num), 1;
			}
			if (try < 6) {
				k = weighted_choice(sim, q, allowed);
			} else {	/* refused often: any offered choice */
				k = (size_t)rng_below(&sim->rng, q->list->n);
				while (!allowed[k])
					k = (k + 1) % q->list->n;
			}
			strbuf_addstr(b, q->list->v[k].name);
			return 1;
		}
		if (q->type == Q_SELECT_MULTIPLE) {
			const double *w = sim->qp[q->index].weights;
			double p = sim->qp[q->index].p_multi, mean = 0;
			int hit = 0;

			if (sim->use_open == 2) {	/* boosted, refused: that choice alone */
				strbuf_addstr(b, q->list->v[sim->qp[q->index].choice].name);
				return 1;
			}

			for (k = 0; k < q->list->n; k++)
				mean += w[k] / (double)q->list->n;
			/* each choice ticked with a probability around p; after a few
			 * refusals, a single choice (exclusive answers) */
			if (try < 3) {
				for (k = 0; k < q->list->n; k++)
					if (allowed[k] && rng_unif(&sim->rng) < fmin(0.85, p * w[k] / mean)) {
						if (b->len)
							strbuf_addch(b, ' ');
						strbuf_addstr(b, q->list->v[k].name);
						if (sim->use_open && !hit && sim->open[k]) {
							hit = 1;
							sim->qp[q->index].choice = k;
						}
					}
			}
			if (sim->use_open && !hit) {	/* boost(): one that opens a follow-up too */
				k = weighted_choice(sim, q, sim->open);
				sim->qp[q->index].choice = k;
				if (b->len)
					strbuf_addch(b, ' ');
				strbuf_addstr(b, q->list->v[k].name);
			}
			if (!b->len) {
				k = weighted_choice(sim, q, allowed);
				strbuf_addstr(b, q->list->v[k].name);
			}
			return 1;
		}
		/* rank: up to three of the offered choices in a random order */
		{
			size_t want = n < 3 ? n : 3, got = 0;

			while (got < want) {
				k = weighted_choice(sim, q, allowed);
				allowed[k] = 0;
				if (b->len)
					strbuf_addch(b, ' ');
				strbuf_addstr(b, q->list->v[k].name);
				got++;
			}
			return 1;
		}
	}
	case Q_INTEGER:
	case Q_DECIMAL:
	case Q_RANGE: {
		double lo, hi, x;

		number_bounds(q, &lo, &hi);
		if (try > 0) {
			/* narrow towards one bound, then the other: comparisons with other answers */
			double width = (hi - lo) / pow(2, (try + 1) / 2 < 20 ? (try + 1) / 2 : 20);

			if (try % 2)
				hi = lo + width;
			else
				lo = hi - width;
		}
		if (q->type == Q_RANGE) {
			long steps = (long)floor((hi - lo) / q->range_step + 1e-9);

			if (q->is_scale && q->dimension && try == 0)
				x = lo + (double)scale_level(sim, q, steps + 1) * q->range_step;
			else
				x = lo + (double)rng_below(&sim->rng, (uint64_t)steps + 1) * q->range_step;
			if (q->range_start > q->range_end)
				x = q->range_start - (x - lo);
			expr_format_number(x, num);
		} else if (q->type == Q_INTEGER) {
			long a = (long)ceil(lo), z = (long)floor(hi);

			if (z < a)
				z = a;
			if (q->is_scale && q->dimension && try == 0)
				x = (double)(a + scale_level(sim, q, z - a + 1));
			else	/* triangular, leaning low: counts and ages are skewed */
				x = (double)a + floor(fmin(rng_unif(&sim->rng), rng_unif(&sim->rng)) *
						      (double)(z - a + 1));
			snprintf(num, sizeof(num), "%ld", (long)x);
		} else {
			x = lo + fmin(rng_unif(&sim->rng), rng_unif(&sim->rng)) * (hi - lo);
			snprintf(num, sizeof(num), "%.1f", x);
			if (!strcmp(num, "-0.0"))
				strcpy(num, "0.0");
		}
		strbuf_addstr(b, num);
		return 1;
	}
	case Q_DATE: {
		/* 2015-01-01 .. 2024-12-31, later dates after many refusals */
		long day = 16436 + (long)rng_below(&sim->rng, 3653);
		time_t t;
		struct tm tm;

		if (try > 10)
			day = 20089 + (long)rng_below(&sim->rng, 3650);
		t = (time_t)day * 86400;
		gmtime_r(&t, &tm);
		strftime(num, sizeof(num), "%Y-%m-%d", &tm);
		strbuf_addstr(b, num);
		return 1;
	}
	case Q_TEXT:
		if (try < 3) {
			strbuf_addstr(b, texts[rng_below(&sim->rng, sizeof(texts) / sizeof(*texts))]);
		} else if (try % 2) {
			strbuf_addstr(b, text_shapes[(size_t)try / 2 % (sizeof(text_shapes) / sizeof(*text_shapes))]);
		} else {
			/* a minimum length: 4, 8, 16... sentences */
			size_t n = (size_t)1 << (try / 2 < 9 ? try / 2 : 9);

			for (k = 0; k < n; k++) {
				if (k)
					strbuf_addch(b, ' ');
				strbuf_addstr(b, texts[1 + rng_below(&sim->rng, sizeof(texts) / sizeof(*texts) - 1)]);
			}
		}
		return 1;
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return 0;
}

/* Replace the answer of question index i by the text in sim->buf (or none). */
static int put(struct simulator *sim, size_t i, int has)
{
	char *copy = NULL;

	if (has && !(copy = strdup(sim->buf.buf)))
		return -1;
	free(sim->r.values[i]);
	sim->r.computed[i] = 0;	/* the simulated respondent's own */
	sim->r.values[i] = copy;
	return 0;
}

/* The same for q in the instance path (q->depth indices; ignored at the top level). */
static int put_at(struct simulator *sim, const struct question *q, const size_t *path, int has)
{
	if (!q->repeat)
		return put(sim, q->index, has);
	return response_set_at(&sim->r, q, path, has ? sim->buf.buf : NULL) == -1 ? -1 : 0;
}

/*
 * Before the first draw of parent question q for this respondent: whether
 * to take one of its choices that open a follow-up still short of its aim,
 * those choices in sim->open.  Each offered choice is tried with the
 * relevance rules, and q is left unanswered again.  The probability spreads
 * the answers missing over the respondents left who answer q (estimated
 * from those so far); it is 1 when as many are missing as are left.
 * 1 take one, 0 draw freely, -1 memory.
 */
static int boost(struct simulator *sim, const struct question *q)
{
	const struct survey *s = sim->s;
	size_t i = q->index, j, k, need = 0, nopen = 0;
	unsigned char *allowed = sim->allowed_boost;
	double left, rate;
	int any = 0;

	for (j = i + 1; j < s->nq && !any; j++)
		any = sim->want[j] && reads(sim, j, i);
	if (!any || sim->r.values[i])
		return 0;
	if (response_update(&sim->r, 0) < 0)
		return -1;
	memcpy(sim->saved, sim->r.relevant, s->nq);
	offered(sim, q, allowed);
	for (k = 0; k < q->list->n; k++) {
		sim->open[k] = 0;
		if (!allowed[k])
			continue;
		strbuf_reset(&sim->buf);
		strbuf_addstr(&sim->buf, q->list->v[k].name);
		if (put(sim, i, 1) < 0 || response_update(&sim->r, 0) < 0)
			return -1;
		for (j = i + 1; j < s->nq; j++)
			if (!sim->saved[j] && sim->r.relevant[j] && sim->want[j] && reads(sim, j, i)) {
				sim->open[k] = 1;
				if (sim->want[j] > need)
					need = sim->want[j];
			}
		nopen += sim->open[k];
	}
	if (put(sim, i, 0) < 0 || response_update(&sim->r, 0) < 0)
		return -1;
	memcpy(sim->r.relevant, sim->saved, s->nq);
	if (!nopen)
		return 0;
	rate = ((double)sim->qp[i].answered + 1) / ((double)sim->ndrawn + 1);
	/* a third of the respondents left: a margin for the luck of the draw */
	left = rate * (sim->opt.planned > sim->ndrawn ? (double)(sim->opt.planned - sim->ndrawn) : 1) / 3;
	return (double)need >= left || rng_unif(&sim->rng) * left < (double)need;
}

/* How many instances a respondent gives an open repeat: 1 to 12, leaning to the middle. */
static size_t open_count(struct simulator *sim, const struct question *rep)
{
	size_t cap = rep->max_count && rep->max_count < 12 ? rep->max_count : 12;

	return 1 + (size_t)(rng_below(&sim->rng, cap) + rng_below(&sim->rng, cap)) / 2;
}

/*
 * Answer what applies and has no answer yet in every instance of rep under
 * path[0..rep->depth), by the rules of the top level; an open repeat
 * without instances gets some first (a repeat_count gives its own, through
 * response_update()).  1 when something changed, 0 when not, -1 memory.
 */
static int fill_repeat(struct simulator *sim, const struct question *rep, size_t *path,
		       const int *tries)
{
	size_t n = response_count(&sim->r, rep, path), k, j;
	int changed = 0, rc;

	if (!response_relevant_at(&sim->r, rep, path))
		return 0;
	if (n == 0 && !rep->repeat_count) {
		size_t want = open_count(sim, rep);

		for (k = 0; k < want; k++)
			if ((rc = response_add(&sim->r, rep, path, NULL)) == -1)
				return -1;
		/* relevance and calculations of the new instances */
		if (response_update(&sim->r, 1) < 0)
			return -1;
		n = response_count(&sim->r, rep, path);
		changed = n > 0;
	}
	for (k = 0; k < n; k++) {
		path[rep->depth] = k;
		for (j = 0; j < rep->nown; j++) {
			const struct question *q = rep->own[j];

			if (q->type == Q_REPEAT) {
				if ((rc = fill_repeat(sim, q, path, tries)) < 0)
					return -1;
				changed |= rc;
				continue;
			}
			if (!q_is_answered(q) || q->read_only ||
			    response_get_at(&sim->r, q, path) ||
			    !response_relevant_at(&sim->r, q, path))
				continue;
			if (sim->qp[q->index].answer_optional && !q->required && !q->required_src)
				continue;
			/* an optional answer refused too often is left out */
			if (tries[q->index] > 25 && !q->required && !q->required_src)
				continue;
			sim->path = path;
			rc = draw(sim, q, 0);
			sim->path = NULL;
			if (put_at(sim, q, path, rc) < 0)
				return -1;
			changed = 1;
		}
	}
	return changed;
}

/* One attempt at a whole respondent; 0 done, 1 refused answers remain (*bad), -1 memory. */
static int attempt(struct simulator *sim, const struct question **bad)
{
	const struct survey *s = sim->s;
	int *tries = NULL;
	size_t i;
	int round, rc = 1, drawn;

	response_clear(&sim->r);
	memset(sim->r.relevant, 1, s->nq);
	tries = calloc(s->nq + 1, sizeof(int));
	if (!tries)
		return -1;
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];
		double miss = q->type == Q_TEXT ? MISSING_TEXT : MISSING_RATE;

		sim->qp[i].answer_optional = rng_unif(&sim->rng) < miss;
		sim->qp[i].boosted = 0;
	}
	for (round = 0; round < MAX_ROUNDS; round++) {
		int changed = 0;

		if (response_update(&sim->r, 1) < 0)
			goto oom;
		/* answer what applies and has no answer yet (document order: filters see earlier answers) */
		for (i = 0; i < s->nq; i++) {
			const struct question *q = s->questions[i];

			if (q->repeat || !q_is_answered(q) ||
			    q->read_only || sim->r.values[i] || !sim->r.relevant[i] || tries[i] > 0)
				continue;
			if (sim->qp[i].answer_optional && !q->required && !q->required_src &&
			    !short_of(sim, i))
				continue;
			if (sim->qp[i].parent && sim->aim && (sim->use_open = boost(sim, q)) < 0)
				goto oom;
			drawn = draw(sim, q, 0);
			sim->qp[i].boosted = sim->use_open;
			sim->use_open = 0;
			if (put(sim, i, drawn) < 0)
				goto oom;
			tries[i] = 1;
			changed = 1;
		}
		/* then the repeats, each instance's answers by the same rules */
		for (i = 0; i < s->nrepeats; i++) {
			size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 };
			int fc;

			if (s->repeats[i]->repeat)
				continue;
			/* instances a repeat_count just asked for get their relevance */
			if (response_update(&sim->r, 1) < 0 ||
			    (fc = fill_repeat(sim, s->repeats[i], path, tries)) < 0)
				goto oom;
			if (fc && response_update(&sim->r, 1) < 0)
				goto oom;
			changed |= fc;
		}
		if (changed && response_update(&sim->r, 1) < 0)
			goto oom;
		sim->probs.n = 0;
		if (response_check(&sim->r, NULL, &sim->probs) < 0)
			goto oom;
		/* done when nothing is refused and this round answered nothing new: an
		 * optional follow-up that this round's answers made relevant is
		 * answered in the next */
		if (sim->probs.n == 0 && !changed) {
			rc = 0;
			break;
		}
		for (size_t p = 0; p < sim->probs.n; p++) {
			const struct problem *pb = &sim->probs.v[p];
			const struct question *q = pb->q;

			free(sim->probs.v[p].detail);
			sim->probs.v[p].detail = NULL;
			*bad = q;
			if (pb->kind == PROBLEM_COUNT)	/* response_update() follows repeat_count */
				continue;
			if (pb->kind == PROBLEM_NOT_RELEVANT) {
				if (put_at(sim, q, pb->path, 0) < 0)
					goto oom;
				continue;
			}
			/* an optional answer refused too often is left out */
			if (tries[q->index] > 25 && pb->kind == PROBLEM_CONSTRAINT &&
			    !q->required && !q->required_src) {
				if (put_at(sim, q, pb->path, 0) < 0)
					goto oom;
				continue;
			}
			sim->path = q->repeat ? pb->path : NULL;
			/* a required question first drawn here (its relevance came with this round's answers) */
			if (!q->repeat && !tries[q->index] && sim->qp[q->index].parent && sim->aim &&
			    (sim->use_open = boost(sim, q)) < 0)
				goto oom;
			else if (!q->repeat && tries[q->index] && tries[q->index] < 6 && sim->qp[q->index].boosted)
				sim->use_open = 2;
			drawn = draw(sim, q, tries[q->index]);
			if (!q->repeat && !tries[q->index])
				sim->qp[q->index].boosted = sim->use_open;
			sim->use_open = 0;
			sim->path = NULL;
			if (put_at(sim, q, pb->path, drawn) < 0)
				goto oom;
			tries[q->index]++;
		}
	}
	free(tries);
	return rc;
oom:
	free(tries);
	return -1;
}

/*
 * Draw answers with the traits set by traits(sim, ctx) for each attempt,
 * into *values.  0, or -1 with err.
 */
static int draw_respondent(struct simulator *sim, void (*traits)(struct simulator *, void *),
			   void *ctx, const char *const **values, struct error *err)
{
	const struct question *bad = NULL;
	int restart, rc = 1;

	for (restart = 0; restart < MAX_RESTARTS && rc == 1; restart++) {
		traits(sim, ctx);
		rc = attempt(sim, &bad);
	}
	if (rc < 0)
		return error_set(err, "out of memory");
	if (rc > 0)
		return error_set(err, "cannot draw answers that pass the checks of '%s' "
				 "(constraint \"%s\"): simulate a survey whose constraints other "
				 "answers can meet", bad ? bad->name : "?",
				 bad && bad->constraint_src ? bad->constraint_src : "");
	/* what the follow-ups' aims count */
	for (size_t i = 0; i < sim->s->nq; i++)
		if (sim->r.values[i] && sim->r.relevant[i] && !sim->s->questions[i]->repeat)
			sim->qp[i].answered++;
	sim->ndrawn++;
	if (sim->aim)
		wants_update(sim);
	*values = (const char *const *)sim->r.values;
	return 0;
}

/* Traits of a respondent of group *(size_t *)ctx: independent draws. */
static void group_traits(struct simulator *sim, void *ctx)
{
	size_t g = *(size_t *)ctx, d, nd = sim->ndims + 1;
	double general = rng_normal(&sim->rng);

	for (d = 0; d < nd; d++)
		sim->theta[d] = sim->shift[g * nd + d] + sqrt(GENERAL_SHARE) * general +
			sqrt(1 - GENERAL_SHARE) * rng_normal(&sim->rng);
}

struct person {
	uint64_t seed;		/* the person's own seed */
	double shift;		/* added to every trait */
};

/*
 * Traits of a person seen in several waves: a lasting part drawn from the
 * person's seed (70 % of the variance, so that their answers in two waves
 * correlate about as a retest does) and a part of the day.
 */
static void person_traits(struct simulator *sim, void *ctx)
{
	const struct person *p = ctx;
	struct rng g;
	size_t d, nd = sim->ndims + 1;
	double general;

	rng_seed(&g, p->seed);
	general = sqrt(0.7) * rng_normal(&g) + sqrt(0.3) * rng_normal(&sim->rng);
	for (d = 0; d < nd; d++) {
		double own = sqrt(0.7) * rng_normal(&g) + sqrt(0.3) * rng_normal(&sim->rng);

		sim->theta[d] = p->shift + sqrt(GENERAL_SHARE) * general +
			sqrt(1 - GENERAL_SHARE) * own;
	}
}

int simulator_next(struct simulator *sim, const char *const **values, const char **group,
		   struct error *err)
{
	size_t g = 0;

	if (sim->opt.ngroups > 0) {
		g = (size_t)rng_below(&sim->rng, (uint64_t)sim->opt.ngroups);
		snprintf(sim->group, sizeof(sim->group), "groupe_%zu", g + 1);
	}
	if (draw_respondent(sim, group_traits, &g, values, err) < 0)
		return -1;
	*group = sim->opt.ngroups > 0 ? sim->group : NULL;
	return 0;
}

int simulator_next_person(struct simulator *sim, const char *person, double shift,
			  const char *const **values, struct error *err)
{
	struct person p = { hash_name(sim->opt.seed ^ 0x70616e656cULL, person), shift };

	return draw_respondent(sim, person_traits, &p, values, err);
}

int simulator_instances(struct simulator *sim, const struct instance **inst, size_t *n)
{
	free(sim->inst);
	sim->inst = NULL;
	*n = 0;
	if (response_instances(&sim->r, &sim->inst, n) < 0)
		return -1;
	*inst = sim->inst;
	return 0;
}
