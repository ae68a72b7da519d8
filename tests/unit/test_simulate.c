/*
 * Unit tests of simulated answers (src/collect/simulate.c): the same seed
 * gives the same respondents; every respondent of every questionnaire of
 * the programme passes the survey's own checks (response.h); items of one
 * dimension correlate (Cronbach's alpha of a simulated scale is that of
 * real data, 0.7 and above); groups differ; follow-up questions get
 * enough answers for a report to show them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/simulate.h"
#include "survey/response.h"

static struct survey *load_file(const char *path)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 20);
	size_t n;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	assert_int_equal(survey_load(&s, path, buf, n, &d), 0);
	diags_release(&d);
	free(buf);
	return s;
}

/* The answers of respondent values as one line. */
static void line_of(const struct survey *s, const char *const *v, const char *group,
		    struct strbuf *out)
{
	strbuf_addf(out, "%s:", group ? group : "");
	for (size_t i = 0; i < s->nq; i++)
		strbuf_addf(out, "%s,", v[i] ? v[i] : "");
	strbuf_addch(out, '\n');
}

static void draw(const struct survey *s, uint64_t seed, int n, struct strbuf *out)
{
	struct simulate_options opt = { seed, 3, "2025-06-01", 0 };
	struct simulator *sim;
	struct error err;

	assert_int_equal(simulator_new(&sim, s, &opt, &err), 0);
	for (int i = 0; i < n; i++) {
		const char *const *v;
		const char *g;

		assert_int_equal(simulator_next(sim, &v, &g, &err), 0);
		line_of(s, v, g, out);
	}
	simulator_free(sim);
}

static void test_same_seed(void **state)
{
	struct survey *s = load_file("../data/good/essai.yaml");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, c = STRBUF_INIT;

	(void)state;
	draw(s, 11, 50, &a);
	draw(s, 11, 50, &b);
	draw(s, 12, 50, &c);
	assert_string_equal(a.buf, b.buf);
	assert_true(strcmp(a.buf, c.buf) != 0);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&c);
	survey_free(s);
}

/* Every simulated respondent passes the checks an import or a web form applies. */
static void test_answers_pass_the_checks(void **state)
{
	glob_t g;

	(void)state;
	assert_int_equal(glob("../../surveys/*.yaml", 0, NULL, &g), 0);
	for (size_t f = 0; f < g.gl_pathc; f++) {
		struct survey *s = load_file(g.gl_pathv[f]);
		struct simulate_options opt = { 5, 2, "2025-06-01", 100 };	/* follow-ups aimed at */
		struct simulator *sim;
		struct response r;
		struct problems p = { NULL, 0, 0 };
		struct error err;

		assert_int_equal(simulator_new(&sim, s, &opt, &err), 0);
		assert_int_equal(response_init(&r, s), 0);
		r.today = "2025-06-01";
		for (int i = 0; i < 100; i++) {
			const char *const *v;
			const char *group;

			if (simulator_next(sim, &v, &group, &err) < 0)
				fail_msg("%s: %s", s->form_id, err.msg);
			response_clear(&r);
			for (size_t k = 0; k < s->nq; k++)
				if (v[k] && s->questions[k]->type != Q_CALCULATE)
					assert_int_equal(response_set(&r, s->questions[k]->name, v[k]), 0);
			/* and the repeats' instances, checked by the same rules */
			{
				const struct instance *inst;
				size_t ninst;

				assert_int_equal(simulator_instances(sim, &inst, &ninst), 0);
				assert_int_equal(response_set_instances(&r, inst, ninst, NULL), 0);
			}
			assert_int_equal(response_update(&r, 0), 0);
			assert_true(response_check(&r, NULL, &p) >= 0);
			if (p.n)
				fail_msg("%s: respondent %d: '%s' refused (kind %d)", s->form_id, i,
					 p.v[0].q->name, p.v[0].kind);
			/* the calculations given are those the survey computes */
			for (size_t k = 0; k < s->nq; k++)
				if (s->questions[k]->type == Q_CALCULATE)
					assert_true((v[k] == NULL) == (r.values[k] == NULL) &&
						    (!v[k] || !strcmp(v[k], r.values[k])));
		}
		problems_release(&p);
		response_release(&r);
		simulator_free(sim);
		survey_free(s);
	}
	globfree(&g);
}

/* Cronbach's alpha of the 'faire_equipe' scale of the board survey, and group means. */
static void test_latent_trait(void **state)
{
	struct survey *s = load_file("../../surveys/gouvernance.yaml");
	struct simulate_options opt = { 1, 2, "2025-06-01", 0 };
	struct simulator *sim;
	struct error err;
	size_t items[32], nitems = 0, i, k;
	enum { N = 1000 };
	double *x = calloc(N * 32, sizeof(double)), sum_var = 0, var_total, mean_g[2] = { 0, 0 };
	int ng[2] = { 0, 0 }, complete = 0;
	double totals[N];

	(void)state;
	assert_non_null(x);
	for (i = 0; i < s->nq && nitems < 32; i++)
		if (s->questions[i]->dimension && !strcmp(s->questions[i]->dimension, "faire_equipe"))
			items[nitems++] = i;
	assert_true(nitems >= 3);
	assert_int_equal(simulator_new(&sim, s, &opt, &err), 0);
	for (int r = 0; r < N; r++) {
		const char *const *v;
		const char *g;
		int ok = 1;
		double t = 0;

		assert_int_equal(simulator_next(sim, &v, &g, &err), 0);
		for (k = 0; k < nitems; k++) {
			const struct question *q = s->questions[items[k]];
			double val;

			if (!v[items[k]]) {
				ok = 0;
				break;
			}
			val = atof(v[items[k]]);
			if (q->reverse)
				val = q->scale_min + q->scale_max - val;
			x[complete * 32 + k] = val;
			t += val;
		}
		if (!ok)
			continue;
		totals[complete++] = t;
		mean_g[strcmp(g, "groupe_1") ? 1 : 0] += t;
		ng[strcmp(g, "groupe_1") ? 1 : 0]++;
	}
	simulator_free(sim);
	assert_true(complete > N / 2);
	for (k = 0; k < nitems; k++) {
		double m = 0, v = 0;

		for (int r = 0; r < complete; r++)
			m += x[r * 32 + k] / complete;
		for (int r = 0; r < complete; r++)
			v += pow(x[r * 32 + k] - m, 2) / (complete - 1);
		sum_var += v;
	}
	{
		double m = 0;

		var_total = 0;
		for (int r = 0; r < complete; r++)
			m += totals[r] / complete;
		for (int r = 0; r < complete; r++)
			var_total += pow(totals[r] - m, 2) / (complete - 1);
	}
	{
		double alpha = (double)nitems / (nitems - 1) * (1 - sum_var / var_total);

		if (alpha < 0.7 || alpha > 0.97)
			fail_msg("alpha of faire_equipe is %.3f", alpha);
	}
	/* the two groups' means differ by a visible amount */
	assert_true(ng[0] > 100 && ng[1] > 100);
	assert_true(fabs(mean_g[0] / ng[0] - mean_g[1] / ng[1]) > 0.5);
	free(x);
	survey_free(s);
}

/*
 * The follow-ups of every questionnaire of the programme: each question
 * that some answers make relevant gets at least max(5, n/10) answers, 20 of
 * 200 simulated respondents, 5 of 50 (the small-group threshold is 5: a
 * report masks fewer).  Without an aim, 'fonction_autre' of participation
 * got 1 answer of 200 and 'secteur_asso_autre' of benevolat-entreprises 5.
 */
static void followups_answered(uint64_t seed, size_t nresp)
{
	size_t aim = nresp / 10 > 5 ? nresp / 10 : 5;
	glob_t g;
	int short_total = 0;

	assert_int_equal(glob("../../surveys/*.yaml", 0, NULL, &g), 0);
	for (size_t f = 0; f < g.gl_pathc; f++) {
		struct survey *s = load_file(g.gl_pathv[f]);
		struct simulate_options opt = { seed, 3, "2025-06-01", nresp };
		struct simulator *sim;
		struct error err;
		size_t *n = calloc(s->nq + 1, sizeof(size_t));

		assert_non_null(n);
		assert_int_equal(simulator_new(&sim, s, &opt, &err), 0);
		for (size_t i = 0; i < nresp; i++) {
			const char *const *v;
			const char *group;

			if (simulator_next(sim, &v, &group, &err) < 0)
				fail_msg("%s: %s", s->form_id, err.msg);
			for (size_t k = 0; k < s->nq; k++)
				n[k] += v[k] != NULL;
		}
		for (size_t k = 0; k < s->nq; k++) {
			const struct question *q = s->questions[k], *a;
			int followup = 0;

			for (a = q; a; a = a->parent)
				followup |= a->relevant != NULL;
			if (!followup || q->repeat || !question_has_value(q) ||
			    q->type == Q_CALCULATE || q->read_only)
				continue;
			if (n[k] < aim) {
				print_error("%s: '%s' answered by %zu of %zu, fewer than %zu\n",
					    s->form_id, q->name, n[k], nresp, aim);
				short_total++;
			}
		}
		free(n);
		simulator_free(sim);
		survey_free(s);
	}
	globfree(&g);
	assert_int_equal(short_total, 0);
}

static void test_followups_answered(void **state)
{
	(void)state;
	followups_answered(7, 200);
	followups_answered(11, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed),
		cmocka_unit_test(test_answers_pass_the_checks),
		cmocka_unit_test(test_latent_trait),
		cmocka_unit_test(test_followups_answered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
