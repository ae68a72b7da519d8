/*
 * Unit tests of the referential loader (survey/referential) and of the
 * Delphi statistics and round questionnaire (analysis/delphi):
 *  - quantiles, IPR, IPRAS and the disagreement index against R (quantile
 *    type 7; tests/data/delphi/ipras.R and .out), one of the sets being
 *    the worked example of BMJ Open 2012;2:e001431, Table 1 (15
 *    panellists: median 7, P30 7, P70 8, IPR 1, AI 2.5, IPRAS 6.1, no
 *    disagreement), and the RAND/UCLA manual's classic case of
 *    disagreement in a panel of nine (Fitch et al. 2001, classifying the ratings: a third
 *    of the ratings in 1-3 and a third in 7-9);
 *  - the verdict rule and the small-group rule;
 *  - the referential's mistakes, each at its line and column;
 *  - the round questionnaire: it loads as a survey, and round 2 shows the
 *    group's position only for indicators rated by min_group members or more;
 *  - nothing to read or sort (a round without links or answers, a round of
 *    no indicator): every figure empty, and no qsort or bsearch on a null
 *    array (undefined behaviour, which UBSan stops in the ASan build).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/delphi.h"
#include "store/store.h"
#include "survey/referential.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

static void near(double got, double want, const char *what)
{
	double tol = 1e-9 * fmax(1, fabs(want));

	if (!(fabs(got - want) <= tol))
		fail_msg("%s: got %.15g, want %.15g", what, got, want);
}

static const struct ref_rule rand_rule = { 7, 3, 1, 0 };

struct rset {
	const char *name;
	unsigned char r[16];
	size_t n;
	double q1, p30, median, p70, q3, ipr, ai, ipras, di;
	int disagreement;
};

/* tests/data/delphi/ipras.out */
static const struct rset sets[] = {
	{ "bmj_open_2012", { 4, 5, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 9, 9 }, 15,
	  7, 7, 7, 8, 8, 1, 2.5, 6.1, 0.16393442623, 0 },
	{ "thirds", { 1, 1, 1, 5, 5, 5, 9, 9, 9 }, 9,
	  1, 2.6, 5, 7.4, 9, 4.8, 0, 2.35, 2.04255319149, 1 },
	{ "divided", { 1, 2, 2, 3, 3, 7, 8, 8, 9, 9 }, 10,
	  2.25, 2.7, 5, 8, 8, 5.3, 0.35, 2.875, 1.84347826087, 1 },
	{ "agree", { 8, 8, 8, 8, 8, 8, 8, 8, 8 }, 9,
	  8, 8, 8, 8, 8, 0, 3, 6.85, 0, 0 },
	{ "low", { 1, 1, 2, 2, 2, 3, 3, 4, 6 }, 9,
	  2, 2, 2, 3, 3, 1, 2.5, 6.1, 0.16393442623, 0 },
	{ "even", { 2, 3, 4, 5, 6, 6, 7, 8 }, 8,
	  3.75, 4.1, 5.5, 6, 6.25, 1.9, 0.05, 2.425, 0.783505154639, 0 },
};

static void nearish(double got, double want, const char *what)
{
	/* R printed 12 significant digits */
	if (!(fabs(got - want) <= 1e-10 * fmax(1, fabs(want))))
		fail_msg("%s: got %.15g, want %.15g", what, got, want);
}

static void test_against_r(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		const struct rset *t = &sets[i];
		struct delphi_stat s;
		unsigned char shuffled[16];
		char what[64];

		/* the order of the ratings does not matter: reverse them */
		for (size_t k = 0; k < t->n; k++)
			shuffled[k] = t->r[t->n - 1 - k];
		assert_int_equal(delphi_stat_compute(shuffled, t->n, &rand_rule, 5, &s), 0);
		assert_true(s.shown);
		assert_int_equal(s.n, t->n);
		snprintf(what, sizeof(what), "%s q1", t->name);
		near(s.q1, t->q1, what);
		snprintf(what, sizeof(what), "%s p30", t->name);
		near(s.p30, t->p30, what);
		snprintf(what, sizeof(what), "%s median", t->name);
		near(s.median, t->median, what);
		snprintf(what, sizeof(what), "%s p70", t->name);
		near(s.p70, t->p70, what);
		snprintf(what, sizeof(what), "%s q3", t->name);
		near(s.q3, t->q3, what);
		snprintf(what, sizeof(what), "%s ipr", t->name);
		nearish(s.ipr, t->ipr, what);
		snprintf(what, sizeof(what), "%s ai", t->name);
		if (fabs(s.ai - t->ai) > 1e-9)
			fail_msg("%s: got %.15g, want %.15g", what, s.ai, t->ai);
		snprintf(what, sizeof(what), "%s ipras", t->name);
		nearish(s.ipras, t->ipras, what);
		snprintf(what, sizeof(what), "%s di", t->name);
		nearish(s.di, t->di, what);
		if (s.disagreement != t->disagreement)
			fail_msg("%s: disagreement %d, want %d", t->name, s.disagreement, t->disagreement);
	}
}

static void test_quantile7(void **state)
{
	double one[] = { 4 }, two[] = { 1, 9 };

	(void)state;
	near(delphi_quantile7(one, 1, 0.3), 4, "one value");
	near(delphi_quantile7(two, 2, 0.5), 5, "two values, median");
	near(delphi_quantile7(two, 2, 0.3), 3.4, "two values, p30");
	near(delphi_quantile7(two, 2, 1), 9, "p100");
	near(delphi_quantile7(two, 2, 0), 1, "p0");
}

static void test_verdicts(void **state)
{
	static const unsigned char kept[] = { 7, 8, 8, 9, 9, 8, 7 };
	static const unsigned char dropped[] = { 1, 2, 2, 3, 1, 2, 3 };
	static const unsigned char middle[] = { 4, 5, 5, 6, 5, 4, 6 };
	static const unsigned char divided[] = { 1, 1, 1, 9, 9, 9, 8, 2 };
	static const unsigned char gaps[] = { 0, 8, 0, 8, 0, 8, 9, 0, 7 }; /* 0: not rated */
	struct ref_rule strict = { 7, 3, 1, 0.9 };
	struct delphi_stat s;

	(void)state;
	assert_int_equal(delphi_stat_compute(kept, 7, &rand_rule, 5, &s), 0);
	assert_int_equal(s.verdict, DELPHI_KEPT);
	assert_int_equal(s.band_lo, 7);
	assert_int_equal(s.band_hi, 9);
	near(s.agreement, 1, "all in the top third");
	assert_int_equal(delphi_stat_compute(dropped, 7, &rand_rule, 5, &s), 0);
	assert_int_equal(s.verdict, DELPHI_DROPPED);
	assert_int_equal(delphi_stat_compute(middle, 7, &rand_rule, 5, &s), 0);
	assert_int_equal(s.verdict, DELPHI_DISCUSS);
	assert_int_equal(s.band_lo, 4);
	assert_int_equal(s.band_hi, 6);
	assert_int_equal(delphi_stat_compute(divided, 8, &rand_rule, 5, &s), 0);
	assert_true(s.disagreement);
	assert_int_equal(s.verdict, DELPHI_DISCUSS);
	/* without the disagreement rule, the median alone decides */
	{
		struct ref_rule nodis = { 7, 3, 0, 0 };

		assert_int_equal(delphi_stat_compute(divided, 8, &nodis, 5, &s), 0);
		near(s.median, 5, "divided median");
		assert_int_equal(s.verdict, DELPHI_DISCUSS);
	}
	/* a required share of agreement the ratings do not reach */
	assert_int_equal(delphi_stat_compute((const unsigned char[]){ 7, 8, 9, 8, 5, 8, 9, 8, 4, 8 }, 10,
					     &strict, 5, &s), 0);
	near(s.agreement, 0.8, "8 of 10 in the top third");
	assert_int_equal(s.verdict, DELPHI_DISCUSS);
	/* unrated entries are skipped */
	assert_int_equal(delphi_stat_compute(gaps, 9, &rand_rule, 5, &s), 0);
	assert_int_equal(s.n, 5);
	near(s.median, 8, "median of the rated");
}

static void test_small_group(void **state)
{
	static const unsigned char two[] = { 9, 1 };
	static const unsigned char four[] = { 9, 9, 8, 8 };
	struct delphi_stat s;

	(void)state;
	assert_int_equal(delphi_stat_compute(two, 2, &rand_rule, 5, &s), 0);
	assert_false(s.shown);
	assert_int_equal(s.n, 2);
	assert_true(isnan(s.median) && isnan(s.q1) && isnan(s.di) && isnan(s.agreement));
	assert_int_equal(s.verdict, DELPHI_TOO_FEW);
	assert_int_equal(delphi_stat_compute(four, 4, &rand_rule, 5, &s), 0);
	assert_false(s.shown);
	assert_int_equal(delphi_stat_compute(four, 4, &rand_rule, 3, &s), 0);
	assert_true(s.shown);
	assert_int_equal(s.verdict, DELPHI_KEPT);
	/* a rating out of 1-9 is refused */
	assert_int_equal(delphi_stat_compute((const unsigned char[]){ 5, 10, 5 }, 3, &rand_rule, 1, &s), -1);
}

/* --- the referential --------------------------------------------------------------------- */

#define HEAD "referential: essai\ntitle: {fr: Essai, en: Test}\n"
#define IND(id, src) "          - id: " id "\n            label: {fr: L, en: L}\n" \
	"            definition: {fr: D, en: D}\n            " src "\n"
#define STAKE(id, crit, inds) "  - id: " id "\n    label: {fr: E, en: S}\n    criteria:\n" \
	"      - id: " crit "\n        label: {fr: C, en: C}\n        indicators:\n" inds

static const char good_ref[] = HEAD "stakes:\n"
	STAKE("besoins", "reponse", IND("reels", "source: s:q1") IND("signales", "figure: {fr: F, en: F}"))
	STAKE("lien", "isolement", IND("isole", "source: s:q2"));

/* Parse src; return the first diagnostic as "LINE:COL: message" (or "" when it loads). */
static const char *first_error(const char *src, char *buf, size_t n)
{
	struct referential *ref = NULL;
	struct diags d = DIAGS_INIT;
	int rc = referential_parse(&ref, "r.yaml", src, strlen(src), &d);

	buf[0] = '\0';
	if (rc < 0 && d.n)
		snprintf(buf, n, "%d:%d: %s", d.v[0].line, d.v[0].col, d.v[0].msg);
	else if (rc < 0)
		snprintf(buf, n, "error without a diagnostic");
	referential_free(ref);
	diags_release(&d);
	return buf;
}

static void test_referential_good(void **state)
{
	struct referential *ref = NULL;
	struct diags d = DIAGS_INIT;
	const char *forms[4];

	(void)state;
	assert_int_equal(referential_parse(&ref, "r.yaml", good_ref, strlen(good_ref), &d), 0);
	assert_int_equal(d.nerror, 0);
	assert_string_equal(ref->id, "essai");
	assert_int_equal(ref->nstakes, 2);
	assert_int_equal(ref->ncrit, 2);
	assert_int_equal(ref->nind, 3);
	assert_int_equal(ref->min_group, UT_MIN_GROUP);
	assert_int_equal(ref->rule.keep, 7);
	assert_int_equal(ref->rule.drop, 3);
	assert_true(ref->rule.disagreement);
	assert_string_equal(ref->ind[0].form_id, "s");
	assert_string_equal(ref->ind[0].question, "q1");
	assert_int_equal(ref->ind[1].source, REF_SOURCE_FIGURE);
	assert_int_equal(ref->ind[2].stake, 1);
	assert_int_equal(referential_surveys(ref, forms, 4), 1);
	assert_non_null(referential_find(ref, "isole"));
	assert_null(referential_find(ref, "nope"));
	referential_free(ref);
	diags_release(&d);
}

static void test_referential_mistakes(void **state)
{
	char buf[512];
	int bad = 0;
	static const struct {
		const char *src;
		const char *want;
	} cases[] = {
		/* the same id twice, across indicators */
		{ HEAD "stakes:\n" STAKE("besoins", "reponse", IND("reels", "source: s:q1") IND("reels", "source: s:q2")),
		  "14:17: duplicate id 'reels': an indicator here, an indicator at line 10 "
		  "(ids are unique across stakes, criteria and indicators)" },
		/* an indicator named like a stake */
		{ HEAD "stakes:\n" STAKE("besoins", "reponse", IND("besoins", "source: s:q1")),
		  "10:17: duplicate id 'besoins': an indicator here, a stake at line 4 "
		  "(ids are unique across stakes, criteria and indicators)" },
		{ HEAD "stakes:\n" STAKE("besoins", "reponse", IND("reels", "source: q1")),
		  "13:21: 'source' is FORM_ID:QUESTION (such as utilite-sociale:bes_reels), not 'q1'" },
		{ HEAD "stakes:\n" STAKE("besoins", "reponse", IND("reels", "lien: s:q1")),
		  "13:13: unknown key 'lien' in an indicator" },
		{ HEAD "stakes:\n" STAKE("besoins", "reponse",
			"          - id: x\n            label: {fr: L}\n            definition: {fr: D, en: D}\n"
			"            source: s:q\n"),
		  "11:20: 'label' of indicator 'x' has no English ('en') text" },
		{ HEAD "rule: {keep: 3, drop: 7}\nstakes:\n" STAKE("b", "c", IND("i", "source: s:q")),
		  "3:7: 'drop' (7) must be below 'keep' (3): a median cannot be both kept and dropped" },
		{ HEAD "rule: {keep: 10}\nstakes:\n" STAKE("b", "c", IND("i", "source: s:q")),
		  "3:14: 'keep' must be a whole number from 1 to 9, not '10'" },
		{ HEAD "min_group: 2\nstakes:\n" STAKE("b", "c", IND("i", "source: s:q")),
		  "3:12: 'min_group' must be a whole number from 3 to 1000, not '2'" },
		{ HEAD "stakes: []\n", "3:9: 'stakes' is empty: a referential has at least one stake" },
		{ "referential: Bad Id\ntitle: {fr: a, en: b}\nstakes:\n" STAKE("b", "c", IND("i", "source: s:q")),
		  "1:14: invalid referential id 'Bad Id' (lowercase letters, digits, '_' and '-', starting with a letter, at most 40)" },
		{ HEAD "stakes:\n" STAKE("b", "c", "          - id: i\n            label: {fr: L, en: L}\n"
			"            definition: {fr: D, en: D}\n"),
		  "10:13: indicator 'i' says nowhere where its data come from: give 'source: FORM_ID:QUESTION' or 'figure: {fr: ..., en: ...}'" },
	};

	(void)state;
	assert_string_equal(first_error(good_ref, buf, sizeof(buf)), "");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		first_error(cases[i].src, buf, sizeof(buf));
		if (strcmp(buf, cases[i].want))
			print_message("case %zu:\n got  %s\n want %s\n", i, buf, cases[i].want), bad++;
	}
	assert_int_equal(bad, 0);
}

static const char survey_src[] =
	"form_id: s\nversion: 1\ntitle: S\nsurvey:\n"
	"  - {type: integer, name: q1, label: Q1}\n"
	"  - {type: note, name: n1, label: N}\n";

static void test_sources(void **state)
{
	struct referential *ref = NULL;
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(survey_load(&s, "s.yaml", survey_src, strlen(survey_src), &d), 0);
	assert_int_equal(referential_parse(&ref, "r.yaml", good_ref, strlen(good_ref), &d), 0);
	/* q2 does not exist */
	assert_int_equal(referential_check_sources(ref, &s, 1, &d), -1);
	assert_int_equal(d.nerror, 1);
	assert_int_equal(d.v[d.n - 1].line, 27);
	assert_string_equal(d.v[d.n - 1].msg, "indicator 'isole': survey 's' has no question 'q2'");
	diags_release(&d);
	/* without the survey: one warning, no error */
	assert_int_equal(referential_check_sources(ref, NULL, 0, &d), 0);
	assert_int_equal(d.nwarning, 1);
	assert_int_equal(d.nerror, 0);
	diags_release(&d);
	referential_free(ref);
	survey_free(s);
}

/* --- the round questionnaire ------------------------------------------------------------- */

static void test_form(void **state)
{
	struct referential *ref = NULL;
	struct survey *s1 = NULL, *s2 = NULL;
	struct diags d = DIAGS_INIT;
	struct strbuf y = STRBUF_INIT;
	struct delphi_round r1;
	struct delphi_result res;
	const struct question *q;
	char *members[6] = { "a", "b", "c", "d", "e", "f" };
	unsigned char rel[6 * 3] = {
		8, 0, 9,  8, 0, 9,  7, 2, 9,  9, 0, 8,  8, 0, 8,  7, 3, 9,
	};
	char *comment[6 * 3] = { 0 };
	char **values;

	(void)state;
	assert_int_equal(referential_parse(&ref, "r.yaml", good_ref, strlen(good_ref), &d), 0);
	assert_int_equal(delphi_form_yaml(ref, 1, NULL, &y), 0);
	if (survey_load(&s1, "round1", y.buf, y.len, &d) < 0) {
		diags_print(stderr, &d);
		fail_msg("round 1 does not load:\n%s", y.buf);
	}
	assert_string_equal(s1->form_id, "delphi-essai");
	assert_int_equal(s1->version, 1);
	assert_false(s1->anonymous);
	assert_non_null(q = survey_find(s1, "p_reels"));
	assert_true(q->list->is_scale);
	near(q->list->min, 1, "scale min");
	near(q->list->max, 9, "scale max");
	assert_non_null(survey_find(s1, "c_signales"));
	assert_null(survey_find(s1, "f_reels"));	/* feasibility not asked */
	assert_null(survey_find(s1, "avant_p_reels"));	/* nothing before round 1 */

	/* round 1 as read: indicator 'signales' rated by 2 members only */
	memset(&r1, 0, sizeof(r1));
	r1.round = 1;
	r1.nind = 3;
	r1.nmem = 6;
	r1.member = members;
	r1.rel = rel;
	r1.comment = comment;
	assert_int_equal(delphi_result_compute(ref, &r1, NULL, NULL, &res), 0);
	assert_true(res.rel[0].shown);
	assert_false(res.rel[1].shown);
	assert_int_equal(res.rel[1].verdict, DELPHI_TOO_FEW);
	assert_true(res.w_shown == 0);	/* 2 members rated all three: fewer than 5 */
	assert_int_equal(delphi_form_yaml(ref, 2, &res, &y), 0);
	if (survey_load(&s2, "round2", y.buf, y.len, &d) < 0) {
		diags_print(stderr, &d);
		fail_msg("round 2 does not load:\n%s", y.buf);
	}
	assert_int_equal(s2->version, 2);
	q = survey_find(s2, "p_reels");
	assert_non_null(strstr(q->hint.text[0], "Le groupe au tour 1 (6 notes) : médiane 8, la moitié des notes entre 7,2 et 8."));
	q = survey_find(s2, "p_signales");
	assert_non_null(strstr(q->hint.text[0], "moins de 5 membres ont noté cet indicateur : la position du groupe n'est pas montrée"));
	assert_null(strstr(q->hint.text[0], "médiane"));
	q = survey_find(s2, "avant_p_reels");
	assert_non_null(q);
	assert_true(q->read_only);

	/* member c's previous ratings open their round-2 page */
	values = calloc(s2->nq, sizeof(char *));
	assert_int_equal(delphi_prefill(ref, s2, &r1, 2, values), 3);
	assert_string_equal(values[survey_find(s2, "p_reels")->index], "7");
	assert_string_equal(values[survey_find(s2, "avant_p_reels")->index], "7");
	assert_string_equal(values[survey_find(s2, "p_signales")->index], "2");
	for (size_t i = 0; i < s2->nq; i++)
		free(values[i]);
	free(values);
	/* member b did not rate 'signales': nothing prefilled there */
	values = calloc(s2->nq, sizeof(char *));
	assert_int_equal(delphi_prefill(ref, s2, &r1, 1, values), 2);
	assert_null(values[survey_find(s2, "p_signales")->index]);
	for (size_t i = 0; i < s2->nq; i++)
		free(values[i]);
	free(values);

	delphi_result_release(&res);
	strbuf_release(&y);
	survey_free(s1);
	survey_free(s2);
	referential_free(ref);
	diags_release(&d);
}

static void test_stability(void **state)
{
	struct referential *ref = NULL;
	struct diags d = DIAGS_INIT;
	struct delphi_round r1, r2;
	struct delphi_result a, b;
	/* five members in round 1; in round 2, 'a' left and 'z' joined */
	char *m1[5] = { "a", "b", "c", "d", "e" }, *m2[5] = { "b", "c", "d", "e", "z" };
	unsigned char rel1[5 * 3] = { 5, 5, 5,  6, 5, 5,  4, 5, 5,  8, 5, 5,  9, 5, 5 };
	unsigned char rel2[5 * 3] = { 7, 5, 5,  4, 5, 5,  8, 5, 5,  9, 5, 5,  1, 5, 5 };
	char *c1[15] = { 0 }, *c2[15] = { 0 };

	(void)state;
	assert_int_equal(referential_parse(&ref, "r.yaml", good_ref, strlen(good_ref), &d), 0);
	ref->min_group = 3;
	memset(&r1, 0, sizeof(r1));
	memset(&r2, 0, sizeof(r2));
	r1.round = 1, r1.nind = 3, r1.nmem = 5, r1.member = m1, r1.rel = rel1, r1.comment = c1;
	r2.round = 2, r2.nind = 3, r2.nmem = 5, r2.member = m2, r2.rel = rel2, r2.comment = c2;
	assert_int_equal(delphi_result_compute(ref, &r1, NULL, NULL, &a), 0);
	assert_int_equal(delphi_result_compute(ref, &r2, &r1, &a, &b), 0);
	assert_non_null(b.stab);
	/* b 6->7 (4-6 -> 7-9), c 4->4, d 8->8, e 9->9: z has no round 1 */
	assert_int_equal(b.stab[0].n, 4);
	assert_true(b.stab[0].shown);
	assert_int_equal(b.stab[0].changed, 1);
	near(b.stab[0].same_band, 0.75, "same third");
	near(b.stab[0].mean_change, 0.25, "mean change");
	assert_int_equal(b.stab[1].changed, 0);
	near(b.stab[1].same_band, 1, "unchanged");
	delphi_result_release(&a);
	delphi_result_release(&b);
	referential_free(ref);
	diags_release(&d);
}

/* A round without a link or an answer, read from a workspace, and a round of no indicator. */
static void test_empty(void **state)
{
	struct referential *ref = NULL;
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;
	struct strbuf y = STRBUF_INIT;
	struct store *st = NULL;
	struct error err;
	enum store_put_result put;
	struct delphi_round r1, none;
	struct delphi_result a, b;
	struct delphi_links links;
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300], cmd[320];
	char *members[2] = { "a", "b" };

	(void)state;
	snprintf(dir, sizeof(dir), "%s/utilis-delphi.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	assert_int_equal(referential_parse(&ref, "r.yaml", good_ref, strlen(good_ref), &d), 0);
	assert_int_equal(delphi_form_yaml(ref, 1, NULL, &y), 0);
	assert_int_equal(survey_load(&s, "round1", y.buf, y.len, &d), 0);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &err), 0);
	assert_int_equal(store_survey_put(st, "delphi-essai", 1, "Essai", "r.yaml", y.buf, &put, &err), 0);

	/* no link, no answer */
	assert_int_equal(delphi_links_read(st, "delphi-essai", &links, &err), 0);
	assert_int_equal(links.n, 0);
	assert_null(delphi_links_find(&links, "abc"));
	delphi_links_release(&links);
	assert_int_equal(delphi_round_read(st, ref, s, "delphi-essai", 1, &r1, &err), 0);
	assert_int_equal(r1.nmem, 0);
	assert_int_equal(r1.nind, 3);
	assert_int_equal(delphi_round_member(&r1, "a"), -1);
	assert_int_equal(delphi_result_compute(ref, &r1, NULL, NULL, &a), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_false(a.rel[i].shown);
		assert_int_equal(a.rel[i].verdict, DELPHI_TOO_FEW);
		assert_null(a.comments[i]);
	}
	assert_false(a.w_shown);
	/* a second round after an empty one: no one to follow */
	assert_int_equal(delphi_result_compute(ref, &r1, &r1, &a, &b), 0);
	assert_false(b.stab[0].shown);
	assert_int_equal(b.stab[0].n, 0);
	delphi_result_release(&b);
	assert_int_equal(delphi_form_yaml(ref, 2, &a, &y), 0);
	delphi_result_release(&a);

	/* members but no indicator */
	memset(&none, 0, sizeof(none));
	none.round = 1, none.nmem = 2, none.member = members;
	ref->min_group = 1;
	assert_int_equal(delphi_result_compute(ref, &none, &none, NULL, &a), 0);
	assert_int_equal(a.nind, 0);
	assert_false(a.w_shown);
	assert_int_equal(delphi_round_member(&none, "b"), 1);
	delphi_result_release(&a);

	delphi_round_release(&r1);
	store_close(st);
	survey_free(s);
	referential_free(ref);
	strbuf_release(&y);
	diags_release(&d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_r),
		cmocka_unit_test(test_quantile7),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_small_group),
		cmocka_unit_test(test_referential_good),
		cmocka_unit_test(test_referential_mistakes),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_stability),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
