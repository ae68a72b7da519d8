/*
 * weights: the stakes' weights chosen by the pilot group, by points or by
 * AHP pairwise comparisons (weights.h, docs/referential.md).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "analysis/delphi.h"
#include "analysis/weights.h"
#include "store/store.h"
#include "util/yamlout.h"

const char *weights_method_id(enum weights_method m)
{
	return m == WEIGHTS_AHP ? "ahp" : "points";
}

double ahp_random_index(size_t n)
{
	/* Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill, table 1.7 */
	static const double ri[] = { 0, 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 };

	return n >= 1 && n <= 10 ? ri[n] : NAN;
}

int ahp_eigen(const double *a, size_t n, double *w, double *lambda)
{
	gsl_matrix *m = NULL;
	gsl_vector_complex *eval = NULL;
	gsl_matrix_complex *evec = NULL;
	gsl_eigen_nonsymmv_workspace *ws = NULL;
	gsl_error_handler_t *old;
	size_t best = 0;
	double sum = 0;
	int rc = -1;

	if (n == 0)
		return -1;
	if (n == 1) {
		w[0] = 1;
		*lambda = a[0];
		return 0;
	}
	old = gsl_set_error_handler_off();
	m = gsl_matrix_alloc(n, n);
	eval = gsl_vector_complex_alloc(n);
	evec = gsl_matrix_complex_alloc(n, n);
	ws = gsl_eigen_nonsymmv_alloc(n);
	if (!m || !eval || !evec || !ws)
		goto out;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			gsl_matrix_set(m, i, j, a[i * n + j]);
	if (gsl_eigen_nonsymmv(m, eval, evec, ws) != GSL_SUCCESS)
		goto out;
	/* the Perron root: the eigenvalue of largest real part (real for a positive matrix) */
	for (size_t k = 1; k < n; k++)
		if (GSL_REAL(gsl_vector_complex_get(eval, k)) > GSL_REAL(gsl_vector_complex_get(eval, best)))
			best = k;
	*lambda = GSL_REAL(gsl_vector_complex_get(eval, best));
	for (size_t i = 0; i < n; i++) {
		w[i] = GSL_REAL(gsl_matrix_complex_get(evec, i, best));
		sum += w[i];
	}
	if (!(fabs(sum) > 0) || !isfinite(sum))
		goto out;
	for (size_t i = 0; i < n; i++)
		w[i] /= sum;	/* also makes the vector positive */
	rc = 0;
out:
	gsl_eigen_nonsymmv_free(ws);
	gsl_matrix_complex_free(evec);
	gsl_vector_complex_free(eval);
	gsl_matrix_free(m);
	gsl_set_error_handler(old);
	return rc;
}

void ahp_consistency(double lambda, size_t n, double *ci, double *cr)
{
	if (n <= 2) {
		*ci = *cr = 0;
		return;
	}
	*ci = (lambda - (double)n) / (double)(n - 1);
	if (*ci < 0 && *ci > -1e-9)
		*ci = 0;	/* rounding of a consistent matrix */
	*cr = *ci / ahp_random_index(n);
}

void ahp_geomean(const double *mats, size_t k, size_t n, double *out)
{
	for (size_t e = 0; e < n * n; e++) {
		double acc = 0;

		for (size_t m = 0; m < k; m++)
			acc += log(mats[m * n * n + e]);
		out[e] = k ? exp(acc / (double)k) : 1;
	}
}

int ahp_choice_value(const char *c, double *v)
{
	if (!c)
		return -1;
	if (!strcmp(c, "1")) {
		*v = 1;
		return 0;
	}
	if ((c[0] == 'A' || c[0] == 'B') && c[1] >= '2' && c[1] <= '9' && !c[2]) {
		double k = c[1] - '0';

		*v = c[0] == 'A' ? k : 1 / k;
		return 0;
	}
	return -1;
}

/* --- reading ------------------------------------------------------------------------- */

void weights_set_release(struct weights_set *ws)
{
	if (!ws)
		return;
	free(ws->judg);
	memset(ws, 0, sizeof(*ws));
}

struct row {
	char *key;
	size_t seq;
	double *v;		/* ndim points or ndim x ndim matrix */
};

struct reader {
	const struct referential *ref;
	enum weights_method method;
	size_t ndim, per;		/* values per row */
	long *q;			/* points: ndim question indexes; ahp: ndim x ndim (i < j) */
	struct delphi_links links;	/* the form's links, their members' keys */
	struct row *rows;
	size_t nrow, arow;
	size_t nincomplete, nunknown;
	int oom;
};

/* A whole number 0-100 as stored, else -1. */
static double points_of(const char *v)
{
	char *end;
	long x;

	if (!v || !*v)
		return -1;
	x = strtol(v, &end, 10);
	if (*end || x < 0 || x > 100)
		return -1;
	return (double)x;
}

static int collect_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct reader *R = ctx;
	const char *key = delphi_links_find(&R->links, r->token);
	char idbuf[512];
	double *v;
	size_t nd = R->ndim;

	if (!key && r->ext_id && *r->ext_id) {
		const char *hash = strrchr(r->ext_id, '#');
		size_t len = hash && hash > r->ext_id ? (size_t)(hash - r->ext_id) : strlen(r->ext_id);

		if (len >= sizeof(idbuf))
			len = sizeof(idbuf) - 1;
		memcpy(idbuf, r->ext_id, len);
		idbuf[len] = '\0';
		key = idbuf;
	}
	if (!key) {
		R->nunknown++;
		return 0;
	}
	if (!(v = malloc(R->per * sizeof(*v))))
		return R->oom = 1, -1;
	if (R->method == WEIGHTS_POINTS) {
		double tot = 0;

		for (size_t i = 0; i < nd; i++) {
			long q = R->q[i];

			v[i] = q >= 0 && (size_t)q < n ? points_of(values[q]) : -1;
			if (v[i] < 0)
				break;
			tot += v[i];
		}
		for (size_t i = 0; i < nd; i++)
			if (v[i] < 0 || !(tot > 0)) {
				free(v);
				R->nincomplete++;
				return 0;
			}
	} else {
		for (size_t i = 0; i < nd; i++) {
			v[i * nd + i] = 1;
			for (size_t j = i + 1; j < nd; j++) {
				long q = R->q[i * nd + j];
				double a;

				if (q < 0 || (size_t)q >= n || ahp_choice_value(values[q], &a) < 0) {
					free(v);
					R->nincomplete++;
					return 0;
				}
				v[i * nd + j] = a;
				v[j * nd + i] = 1 / a;
			}
		}
	}
	if (R->nrow == R->arow) {
		size_t na = R->arow ? 2 * R->arow : 32;
		struct row *nr = realloc(R->rows, na * sizeof(*nr));

		if (!nr) {
			free(v);
			return R->oom = 1, -1;
		}
		R->rows = nr;
		R->arow = na;
	}
	R->rows[R->nrow].key = strdup(key);
	R->rows[R->nrow].seq = R->nrow;
	R->rows[R->nrow].v = v;
	if (!R->rows[R->nrow].key) {
		free(v);
		return R->oom = 1, -1;
	}
	R->nrow++;
	return 0;
}

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

int weights_read(struct store *st, const struct referential *ref, const struct survey *s,
		 const char *form_id, int version, struct weights_set *out, struct error *err)
{
	struct reader R;
	size_t nd = ref->nstakes, m = 0;
	char name[256];
	const struct question *q;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&R, 0, sizeof(R));
	R.ref = ref;
	R.ndim = nd;
	snprintf(name, sizeof(name), "%s%s", WEIGHTS_Q_POINTS, nd ? ref->stakes[0].id : "");
	if (nd && survey_find(s, name)) {
		R.method = WEIGHTS_POINTS;
		R.per = nd;
	} else if (nd >= 2) {
		snprintf(name, sizeof(name), "%s%s__%s", WEIGHTS_Q_PAIR, ref->stakes[0].id, ref->stakes[1].id);
		if (!survey_find(s, name))
			return 1;
		R.method = WEIGHTS_AHP;
		R.per = nd * nd;
	} else {
		return 1;
	}
	if (!(R.q = calloc(R.per, sizeof(long))))
		return error_set(err, "out of memory");
	for (size_t i = 0; i < nd; i++) {
		if (R.method == WEIGHTS_POINTS) {
			snprintf(name, sizeof(name), "%s%s", WEIGHTS_Q_POINTS, ref->stakes[i].id);
			q = survey_find(s, name);
			R.q[i] = q ? (long)q->index : -1;
			continue;
		}
		for (size_t j = i + 1; j < nd; j++) {
			snprintf(name, sizeof(name), "%s%s__%s", WEIGHTS_Q_PAIR, ref->stakes[i].id,
				 ref->stakes[j].id);
			q = survey_find(s, name);
			R.q[i * nd + j] = q ? (long)q->index : -1;
		}
	}
	/* a stake the questionnaire does not ask about: the referential changed since */
	for (size_t i = 0; i < nd; i++)
		for (size_t j = R.method == WEIGHTS_POINTS ? i : i + 1; j < (R.method == WEIGHTS_POINTS ? i + 1 : nd); j++)
			if (R.q[R.method == WEIGHTS_POINTS ? i : i * nd + j] < 0) {
				free(R.q);
				return 1;
			}
	rc = delphi_links_read(st, form_id, &R.links, err);
	if (rc >= 0)
		rc = store_answers_each(st, form_id, version, 1, s->nq, collect_row, &R, err);
	if (R.oom)
		rc = error_set(err, "out of memory");
	if (rc >= 0) {
		if (R.nrow)
			qsort(R.rows, R.nrow, sizeof(*R.rows), cmp_row);
		out->judg = malloc((R.nrow * R.per + 1) * sizeof(double));
		if (!out->judg)
			rc = error_set(err, "out of memory");
	}
	if (rc >= 0) {
		/* one answer per member: the last submission of each key */
		for (size_t i = 0; i < R.nrow; i++) {
			if (i + 1 < R.nrow && !strcmp(R.rows[i + 1].key, R.rows[i].key))
				continue;
			memcpy(out->judg + m * R.per, R.rows[i].v, R.per * sizeof(double));
			m++;
		}
		out->method = R.method;
		out->version = version;
		out->ndim = nd;
		out->nmem = m;
		out->nincomplete = R.nincomplete;
		out->nunknown = R.nunknown;
		rc = 0;
	}
	delphi_links_release(&R.links);
	for (size_t i = 0; i < R.nrow; i++) {
		free(R.rows[i].key);
		free(R.rows[i].v);
	}
	free(R.rows);
	free(R.q);
	if (rc < 0)
		weights_set_release(out);
	return rc;
}

/* --- figures ------------------------------------------------------------------------- */

void weights_result_release(struct weights_result *r)
{
	if (!r)
		return;
	free(r->w);
	free(r->lambda);
	free(r->ci);
	free(r->cr);
	free(r->inconsistent);
	free(r->group);
	free(r->mean);
	free(r->median);
	free(r->min);
	free(r->max);
	free(r->q1);
	free(r->q3);
	memset(r, 0, sizeof(*r));
}

/* A member's weights to sort, with their length: qsort's comparator needs no global. */
struct wrow {
	const double *w;
	size_t nd;
};

static int cmp_wrow(const void *a, const void *b)
{
	const struct wrow *x = a, *y = b;

	for (size_t i = 0; i < x->nd; i++)
		if (x->w[i] != y->w[i])
			return x->w[i] < y->w[i] ? 1 : -1;	/* heaviest first stake first */
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int weights_compute(const struct weights_set *ws, size_t min_group, struct weights_result *out)
{
	size_t nd = ws->ndim, nm = ws->nmem, per = ws->method == WEIGHTS_AHP ? nd * nd : nd;
	double *raw = NULL, *col = NULL, *gm = NULL;
	struct wrow *order = NULL;

	memset(out, 0, sizeof(*out));
	out->method = ws->method;
	out->ndim = nd;
	out->nmem = nm;
	out->group_lambda = out->group_ci = out->group_cr = NAN;
	if (nm == 0 || nm < min_group || nd == 0)
		return 0;
	out->shown = 1;
	/* each member's weights, with [nd] = CR, [nd + 1] = lambda appended for sorting along */
	raw = malloc(nm * (nd + 2) * sizeof(*raw));
	order = malloc(nm * sizeof(*order));
	col = malloc(nm * sizeof(*col));
	out->w = malloc(nm * nd * sizeof(double));
	out->group = calloc(nd, sizeof(double));
	out->mean = calloc(nd, sizeof(double));
	out->median = calloc(nd, sizeof(double));
	out->min = calloc(nd, sizeof(double));
	out->max = calloc(nd, sizeof(double));
	out->q1 = calloc(nd, sizeof(double));
	out->q3 = calloc(nd, sizeof(double));
	if (!raw || !order || !col || !out->w || !out->group || !out->mean || !out->median ||
	    !out->min || !out->max || !out->q1 || !out->q3)
		goto fail;
	for (size_t m = 0; m < nm; m++) {
		const double *j = ws->judg + m * per;
		double *r = raw + m * (nd + 2);

		if (ws->method == WEIGHTS_AHP) {
			double ci, c;

			if (ahp_eigen(j, nd, r, &r[nd + 1]) < 0)
				goto fail;
			ahp_consistency(r[nd + 1], nd, &ci, &c);
			r[nd] = c;
		} else {
			double tot = 0;

			for (size_t i = 0; i < nd; i++)
				tot += j[i];
			for (size_t i = 0; i < nd; i++)
				r[i] = j[i] / tot;
			r[nd] = r[nd + 1] = NAN;
		}
		order[m].w = r;
		order[m].nd = nd;
	}
	/* the anonymous order: by the weights themselves, which says nothing of who */
	qsort(order, nm, sizeof(*order), cmp_wrow);
	if (ws->method == WEIGHTS_AHP) {
		out->lambda = malloc(nm * sizeof(double));
		out->ci = malloc(nm * sizeof(double));
		out->cr = malloc(nm * sizeof(double));
		out->inconsistent = calloc(nm, 1);
		gm = malloc(nd * nd * sizeof(*gm));
		if (!out->lambda || !out->ci || !out->cr || !out->inconsistent || !gm)
			goto fail;
	}
	for (size_t m = 0; m < nm; m++) {
		memcpy(out->w + m * nd, order[m].w, nd * sizeof(double));
		if (ws->method == WEIGHTS_AHP) {
			out->lambda[m] = order[m].w[nd + 1];
			ahp_consistency(out->lambda[m], nd, &out->ci[m], &out->cr[m]);
			out->inconsistent[m] = out->cr[m] > WEIGHTS_CR_MAX;
			out->ninconsistent += out->inconsistent[m];
		}
	}
	for (size_t i = 0; i < nd; i++) {
		double s = 0;

		for (size_t m = 0; m < nm; m++)
			s += col[m] = out->w[m * nd + i];
		qsort(col, nm, sizeof(*col), cmp_double);
		out->mean[i] = s / (double)nm;
		out->min[i] = col[0];
		out->max[i] = col[nm - 1];
		out->median[i] = delphi_quantile7(col, nm, 0.5);
		out->q1[i] = delphi_quantile7(col, nm, 0.25);
		out->q3[i] = delphi_quantile7(col, nm, 0.75);
	}
	if (ws->method == WEIGHTS_AHP) {
		ahp_geomean(ws->judg, nm, nd, gm);
		if (ahp_eigen(gm, nd, out->group, &out->group_lambda) < 0)
			goto fail;
		ahp_consistency(out->group_lambda, nd, &out->group_ci, &out->group_cr);
	} else {
		memcpy(out->group, out->mean, nd * sizeof(double));
	}
	free(raw);
	free(order);
	free(col);
	free(gm);
	return 0;
fail:
	free(raw);
	free(order);
	free(col);
	free(gm);
	weights_result_release(out);
	return -1;
}

/* --- the questionnaire ---------------------------------------------------------------- */

int weights_form_yaml(const struct referential *ref, enum weights_method m, int version,
		      struct strbuf *o)
{
	char fr[1024], en[1024];
	size_t nd = ref->nstakes;
	int rc = 0;

	strbuf_reset(o);
	rc |= strbuf_addf(o, "# Generated by utilis delphi weights from the referential '%s' (%s).\n"
			  "# Les poids des enjeux, donnés par chaque membre du groupe pilote.\n",
			  ref->id, weights_method_id(m));
	rc |= strbuf_addf(o, "form_id: %s%s\nversion: %d\ntitle: ", WEIGHTS_FORM_PREFIX, ref->id, version);
	snprintf(fr, sizeof(fr), "%s — poids des enjeux", ref->title.fr);
	snprintf(en, sizeof(en), "%s — weights of the stakes", ref->title.en);
	rc |= yaml_fr_en(o, fr, en);
	rc |= strbuf_addstr(o, "\ndefault_language: fr\nlanguages: [fr, en]\nsettings: {anonymous: false}\n");
	if (m == WEIGHTS_AHP) {
		static const char *const fr9[] = { "", "", "un peu plus", "modérément plus", "modérément à nettement plus",
			"nettement plus", "nettement à très nettement plus", "très nettement plus",
			"très nettement à absolument plus", "absolument plus" };
		static const char *const en9[] = { "", "", "slightly more", "moderately more",
			"moderately to strongly more", "strongly more", "strongly to very strongly more",
			"very strongly more", "very strongly to extremely more", "extremely more" };

		rc |= strbuf_addstr(o, "\nchoices:\n");
		for (size_t i = 0; i < nd; i++)
			for (size_t j = i + 1; j < nd; j++) {
				const struct ref_stake *a = &ref->stakes[i], *b = &ref->stakes[j];

				rc |= strbuf_addf(o, "  saaty_%s__%s:\n", a->id, b->id);
				for (int k = 9; k >= 2; k--) {
					snprintf(fr, sizeof(fr), "%d — « %s » compte %s", k, a->label.fr, fr9[k]);
					snprintf(en, sizeof(en), "%d — “%s” matters %s", k, a->label.en, en9[k]);
					rc |= strbuf_addf(o, "    - {name: \"A%d\", label: ", k);
					rc |= yaml_fr_en(o, fr, en);
					rc |= strbuf_addstr(o, "}\n");
				}
				rc |= strbuf_addstr(o, "    - {name: \"1\", label: ");
				rc |= yaml_fr_en(o, "1 — les deux comptent autant", "1 — both matter equally");
				rc |= strbuf_addstr(o, "}\n");
				for (int k = 2; k <= 9; k++) {
					snprintf(fr, sizeof(fr), "%d — « %s » compte %s", k, b->label.fr, fr9[k]);
					snprintf(en, sizeof(en), "%d — “%s” matters %s", k, b->label.en, en9[k]);
					rc |= strbuf_addf(o, "    - {name: \"B%d\", label: ", k);
					rc |= yaml_fr_en(o, fr, en);
					rc |= strbuf_addstr(o, "}\n");
				}
			}
	}
	rc |= strbuf_addstr(o, "\nsurvey:\n  - type: group\n    name: poids\n    label: ");
	rc |= yaml_fr_en(o, "Le poids des enjeux", "The weights of the stakes");
	rc |= strbuf_addstr(o, "\n    questions:\n      - type: note\n        name: consigne\n        label: ");
	if (m == WEIGHTS_POINTS)
		rc |= yaml_fr_en(o, "Répartissez 100 points entre les enjeux selon l'importance que chacun doit avoir "
			    "dans l'indice d'utilité sociale : plus un enjeu compte, plus il reçoit de points. "
			    "Le total doit faire 100. Les réponses de chacun ne sont jamais montrées avec son nom.",
			    "Share 100 points among the stakes by the importance each should have in the "
			    "social-utility index: the more a stake matters, the more points it gets. The total "
			    "must be 100. No one's answers are ever shown with their name.");
	else
		rc |= yaml_fr_en(o, "Comparez les enjeux deux à deux : lequel doit compter le plus dans l'indice "
			    "d'utilité sociale, et de combien, de 1 (autant) à 9 (absolument plus), l'échelle de "
			    "Saaty. Restez cohérent : si A compte plus que B et B plus que C, A compte plus que C. "
			    "Les réponses de chacun ne sont jamais montrées avec son nom.",
			    "Compare the stakes two by two: which should matter more in the social-utility "
			    "index, and by how much, from 1 (equally) to 9 (extremely more), Saaty's scale. Stay "
			    "consistent: if A matters more than B and B more than C, A matters more than C. No "
			    "one's answers are ever shown with their name.");
	rc |= strbuf_addstr(o, "\n");
	for (size_t i = 0; i < nd; i++) {
		const struct ref_stake *a = &ref->stakes[i];

		if (m == WEIGHTS_POINTS) {
			rc |= strbuf_addf(o, "      - type: integer\n        name: %s%s\n        required: true\n"
					  "        label: ", WEIGHTS_Q_POINTS, a->id);
			snprintf(fr, sizeof(fr), "Points pour « %s »", a->label.fr);
			snprintf(en, sizeof(en), "Points for “%s”", a->label.en);
			rc |= yaml_fr_en(o, fr, en);
			if (a->description.fr && *a->description.fr) {
				rc |= strbuf_addstr(o, "\n        hint: ");
				rc |= yaml_fr_en(o, a->description.fr, a->description.en ? a->description.en : a->description.fr);
			}
			rc |= strbuf_addstr(o, "\n        constraint: \"");
			if (i + 1 < nd) {
				rc |= strbuf_addstr(o, ". >= 0 and . <= 100\"\n        constraint_message: ");
				rc |= yaml_fr_en(o, "De 0 à 100 points.", "From 0 to 100 points.");
			} else {
				rc |= strbuf_addstr(o, ". >= 0 and . <= 100 and . ");
				for (size_t j = 0; j + 1 < nd; j++)
					rc |= strbuf_addf(o, "+ ${%s%s} ", WEIGHTS_Q_POINTS, ref->stakes[j].id);
				rc |= strbuf_addstr(o, "= 100\"\n        constraint_message: ");
				rc |= yaml_fr_en(o, "Le total des points doit faire 100 : vous en donnez ${total_points}.",
					    "The points must add up to 100: you give ${total_points}.");
			}
			rc |= strbuf_addstr(o, "\n");
			continue;
		}
		for (size_t j = i + 1; j < nd; j++) {
			const struct ref_stake *b = &ref->stakes[j];

			rc |= strbuf_addf(o, "      - type: select_one saaty_%s__%s\n        name: %s%s__%s\n"
					  "        required: true\n        label: ", a->id, b->id, WEIGHTS_Q_PAIR,
					  a->id, b->id);
			snprintf(fr, sizeof(fr), "« %s » ou « %s » : lequel doit compter le plus, et de combien ?",
				 a->label.fr, b->label.fr);
			snprintf(en, sizeof(en), "“%s” or “%s”: which should matter more, and by how much?",
				 a->label.en, b->label.en);
			rc |= yaml_fr_en(o, fr, en);
			rc |= strbuf_addstr(o, "\n");
		}
	}
	if (m == WEIGHTS_POINTS) {
		rc |= strbuf_addstr(o, "      - type: calculate\n        name: total_points\n        calculation: \"");
		for (size_t j = 0; j < nd; j++)
			rc |= strbuf_addf(o, "%sif(${%s%s} = '', 0, ${%s%s})", j ? " + " : "", WEIGHTS_Q_POINTS,
					  ref->stakes[j].id, WEIGHTS_Q_POINTS, ref->stakes[j].id);
		rc |= strbuf_addstr(o, "\"\n");
	}
	return rc ? -1 : 0;
}
