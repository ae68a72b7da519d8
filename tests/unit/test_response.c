/*
 * Unit tests of response: calculations, relevance, required answers,
 * constraints and value checks applied to answers of the test survey
 * tests/data/good/essai.yaml.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/response.h"

static struct survey *essai;

static int setup(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/essai.yaml", "rb");
	char buf[16384];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (survey_load(&essai, "essai.yaml", buf, n, &d) < 0) {
		diags_print(stderr, &d);
		diags_release(&d);
		return -1;
	}
	diags_release(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	survey_free(essai);
	return 0;
}

/* Set name=value pairs from a NULL-terminated list. */
static void fill(struct response *r, const char *const *kv)
{
	for (; *kv; kv += 2)
		assert_int_equal(response_set(r, kv[0], kv[1]), 0);
}

/* Problems as "name:KIND" joined by spaces. */
static void expect(const struct response *r, const struct question *scope, const char *want)
{
	static const char *const kinds[] = { "INVALID", "REQUIRED", "CONSTRAINT", "NOT_RELEVANT",
					     "TOO_LONG" };
	struct problems p = { NULL, 0, 0 };
	char got[1024] = "";
	size_t i;

	assert_true(response_check(r, scope, &p) >= 0);
	for (i = 0; i < p.n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, p.v[i].q->name);
		strcat(got, ":");
		strcat(got, kinds[p.v[i].kind]);
	}
	assert_string_equal(got, want);
	problems_release(&p);
}

static void test_rules(void **state)
{
	static const struct {
		const char *answers[13];	/* name, value, ..., NULL */
		const char *problems;		/* expected problems */
	} cases[] = {
		{ { NULL }, "age:REQUIRED" },
		{ { "age", "30", NULL }, "" },
		{ { "age", "15", NULL }, "age:CONSTRAINT" },
		{ { "age", "111", NULL }, "age:CONSTRAINT" },
		{ { "age", "trente", NULL }, "age:INVALID" },
		{ { "age", "30", "aides", "repas autre", NULL }, "aides_autre:REQUIRED" },
		{ { "age", "30", "aides", "repas autre", "aides_autre", "Vêtements", NULL }, "" },
		{ { "age", "30", "aides", "repas", "aides_autre", "Vêtements", NULL },
		  "aides_autre:NOT_RELEVANT" },
		{ { "age", "30", "aides", "repas velo", NULL }, "aides:INVALID" },
		{ { "age", "30", "arrivee", "2026-01-15", NULL }, "" },
		{ { "age", "30", "arrivee", "2026-01-16", NULL }, "arrivee:CONSTRAINT" },
		{ { "age", "30", "arrivee", "2026-02-30", NULL }, "arrivee:INVALID" },
		{ { "age", "30", "note", "10", "budget", "-1", NULL }, "budget:CONSTRAINT" },
		{ { "age", "30", "note", "11", "budget", "0.5", NULL }, "note:INVALID" },
		{ { "age", "30", "priorites", "logement repas", "ecoute", "3", NULL }, "" },
		{ { "age", "30", "seul", "0", NULL }, "seul:INVALID" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct response r;

		assert_int_equal(response_init(&r, essai), 0);
		r.today = "2026-01-15";
		fill(&r, cases[i].answers);
		assert_int_equal(response_update(&r, 0), 0);
		expect(&r, NULL, cases[i].problems);
		response_release(&r);
	}
}

static void test_calculation_and_drop(void **state)
{
	struct response r;

	(void)state;
	assert_int_equal(response_init(&r, essai), 0);
	/* Unanswered age: '' >= 18 is false (NaN), so the calculation says 'non'. */
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "majeur"), "non");
	response_set(&r, "age", "40");
	response_set(&r, "aides", "autre");
	response_set(&r, "aides_autre", "Transport");
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "majeur"), "oui");
	assert_string_equal(response_get(&r, "aides_autre"), "Transport");
	/* The follow-up stops being relevant: its answer is dropped. */
	response_set(&r, "aides", "repas");
	assert_int_equal(response_update(&r, 1), 0);
	assert_null(response_get(&r, "aides_autre"));
	assert_false(r.relevant[survey_find(essai, "aides_autre")->index]);
	/* Clearing with "" or NULL. */
	response_set(&r, "age", "");
	assert_null(response_get(&r, "age"));
	assert_int_equal(response_set(&r, "absent", "1"), -2);
	assert_int_equal(response_set(&r, "merci", "1"), -2);
	assert_int_equal(response_set(&r, "profil", "1"), -2);
	response_release(&r);
}

static void test_scope_and_messages(void **state)
{
	struct problems p = { NULL, 0, 0 };
	struct response r;

	(void)state;
	assert_int_equal(response_init(&r, essai), 0);
	fill(&r, (const char *const[]){ "age", "12", "aides", "autre", NULL });
	assert_int_equal(response_update(&r, 0), 0);
	/* Only the page being submitted is checked. */
	expect(&r, survey_find(essai, "profil"), "age:CONSTRAINT");
	expect(&r, survey_find(essai, "avis"), "aides_autre:REQUIRED");
	assert_int_equal(response_check(&r, NULL, &p), 2);
	/* The question's own message, in the respondent's language. */
	assert_string_equal(problem_message(essai, &p.v[0], 0), "Entre 16 et 110 ans.");
	assert_string_equal(problem_message(essai, &p.v[0], 1), "Between 16 and 110.");
	/* No message of its own: the default sentence. */
	assert_string_equal(problem_message(essai, &p.v[1], 0), "Cette question est obligatoire.");
	assert_string_equal(problem_message(essai, &p.v[1], 1), "This question is required.");
	problems_release(&p);
	response_release(&r);
}

/* A chosen choice must be one the filter offers; response_required follows `required`. */
static void test_choice_filter_and_required(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"choices:\n"
		"  dep:\n"
		"    - {name: d44, label: Loire-Atlantique}\n"
		"    - {name: d49, label: Maine-et-Loire}\n"
		"  ville:\n"
		"    - {name: nantes, label: Nantes, dep: d44}\n"
		"    - {name: angers, label: Angers, dep: d49}\n"
		"    - {name: cholet, label: Cholet, dep: d49}\n"
		"survey:\n"
		"  - {type: select_one dep, name: dep, label: D}\n"
		"  - {type: select_multiple ville, name: villes, label: V, choice_filter: \"dep = ${dep}\","
		"     required: \"${dep} = 'd49'\"}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct problems p = { NULL, 0, 0 };
	struct response r;

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), 0);
	assert_int_equal(response_init(&r, s), 0);
	response_set(&r, "dep", "d49");
	response_set(&r, "villes", "angers cholet");
	assert_int_equal(response_update(&r, 0), 0);
	expect(&r, NULL, "");
	assert_int_equal(response_offers(&r, survey_find(s, "villes"), &survey_find(s, "villes")->list->v[0]), 0);
	assert_int_equal(response_required(&r, survey_find(s, "villes")), 1);
	/* The department changes: Angers is no longer offered. */
	response_set(&r, "dep", "d44");
	assert_int_equal(response_update(&r, 0), 0);
	assert_int_equal(response_check(&r, NULL, &p), 1);
	assert_int_equal(p.v[0].kind, PROBLEM_INVALID);
	assert_string_equal(p.v[0].detail, "'angers' is not offered by the choice filter (dep = ${dep})");
	assert_int_equal(response_required(&r, survey_find(s, "villes")), 0);
	problems_release(&p);
	response_release(&r);
	survey_free(s);
	diags_release(&d);
}

/*
 * A calculation that copies an answer that is not UTF-8 leaves its field
 * unanswered: the workspace stores text only, and the server saved no
 * page of a survey with such a calculation (found by tests/fuzz/fuzz_form).
 */
static void test_calculation_not_text(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"survey:\n"
		"  - {type: text, name: nom, label: N}\n"
		"  - {type: calculate, name: salut, calculation: \"concat('Bonjour ', ${nom})\"}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct problems p = { NULL, 0, 0 };
	struct response r;

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), 0);
	assert_int_equal(response_init(&r, s), 0);
	response_set(&r, "nom", "Ren\xE9");	/* Windows-1252, not UTF-8 */
	assert_int_equal(response_update(&r, 1), 0);
	assert_null(response_get(&r, "salut"));
	assert_int_equal(response_check(&r, NULL, &p), 1);
	assert_string_equal(p.v[0].q->name, "nom");
	problems_release(&p);
	response_set(&r, "nom", "Ren\xC3\xA9");
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "salut"), "Bonjour Ren\xC3\xA9");
	response_release(&r);
	survey_free(s);
	diags_release(&d);
}

/* A text of n copies of the UTF-8 character c, then tail (malloc'd). */
static char *repeat(const char *c, size_t n, const char *tail)
{
	size_t w = strlen(c), i;
	char *s = malloc(n * w + strlen(tail) + 1);

	assert_non_null(s);
	for (i = 0; i < n; i++)
		memcpy(s + i * w, c, w);
	strcpy(s + n * w, tail);
	return s;
}

/*
 * An answer holds at most SURVEY_MAX_ANSWER = 32,767 bytes, whatever its
 * type: what an XLSX cell and an SPSS string hold.  32,768 'a' (accepted
 * until then) made every XLSX and SAV export of the survey fail.  An
 * accented letter counts two bytes.
 */
static void test_answer_length(void **state)
{
	static const struct {
		const char *c;		/* repeated */
		size_t n;		/* times */
		const char *tail;	/* then */
		const char *question;	/* answered */
		const char *problems;	/* expected */
	} cases[] = {
		{ "a", 32767, "", "aides_autre", "" },
		{ "a", 32768, "", "aides_autre", "aides_autre:TOO_LONG" },
		{ "\xC3\xA9", 16383, "a", "aides_autre", "" },	/* 16,384 characters, 32,767 bytes */
		{ "\xC3\xA9", 16384, "", "aides_autre", "aides_autre:TOO_LONG" },
		{ "0", 32766, ".5", "budget", "budget:TOO_LONG" },	/* any type */
	};
	size_t i;

	(void)state;
	assert_int_equal(SURVEY_MAX_ANSWER, 32767);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *v = repeat(cases[i].c, cases[i].n, cases[i].tail);
		struct problems p = { NULL, 0, 0 };
		struct response r;

		assert_int_equal(response_init(&r, essai), 0);
		fill(&r, (const char *const[]){ "age", "30", "aides",
			strcmp(cases[i].question, "aides_autre") ? "repas" : "autre",
			cases[i].question, v, NULL });
		assert_int_equal(response_update(&r, 0), 0);
		expect(&r, NULL, cases[i].problems);
		if (*cases[i].problems) {
			assert_int_equal(response_check(&r, NULL, &p), 1);
			assert_string_equal(problem_message(essai, &p.v[0], 0),
					    "Cette réponse est trop longue : 32 767 signes au plus, une "
					    "lettre accentuée comptant pour deux. Raccourcissez-la.");
			assert_string_equal(p.v[0].detail, "32768");
			problems_release(&p);
		}
		response_release(&r);
		free(v);
	}
}

/* A calculated value longer than an answer may be is left unanswered. */
static void test_calculation_too_long(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"survey:\n"
		"  - {type: text, name: nom, label: N}\n"
		"  - {type: calculate, name: deux, calculation: \"concat(${nom}, ${nom})\"}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct response r;
	char *v = repeat("a", 16384, "");

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), 0);
	assert_int_equal(response_init(&r, s), 0);
	response_set(&r, "nom", v);
	assert_int_equal(response_update(&r, 1), 0);
	assert_null(response_get(&r, "deux"));		/* 32,768 bytes */
	v[16383] = '\0';
	response_set(&r, "nom", v);
	assert_int_equal(response_update(&r, 1), 0);
	assert_int_equal(strlen(response_get(&r, "deux")), 32766);
	response_release(&r);
	survey_free(s);
	diags_release(&d);
	free(v);
}

/* A calculation on an answered question is its default: it follows the
 * calculation until the respondent gives another value; read_only: always. */
static void test_calculated_default(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"survey:\n"
		"  - {type: integer, name: n, label: N}\n"
		"  - {type: integer, name: double_n, label: D, calculation: \"${n} * 2\"}\n"
		"  - {type: integer, name: fixed, label: F, calculation: \"${n} + 1\", read_only: true}\n"
		"  - {type: text, name: kept, label: K, read_only: true}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct response r;

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), 0);
	assert_int_equal(response_init(&r, s), 0);
	assert_int_equal(response_set(&r, "n", "3"), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "double_n"), "6");
	assert_string_equal(response_get(&r, "fixed"), "4");
	/* given back as shown: it still follows the calculation */
	assert_int_equal(response_set(&r, "double_n", "6"), 0);
	assert_int_equal(response_set(&r, "n", "5"), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "double_n"), "10");
	/* changed by the respondent: it is theirs, whatever n becomes */
	assert_int_equal(response_set(&r, "double_n", "11"), 0);
	assert_int_equal(response_set(&r, "fixed", "99"), 0);
	assert_int_equal(response_set(&r, "n", "7"), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "double_n"), "11");
	assert_string_equal(response_get(&r, "fixed"), "8");	/* read_only: always computed */
	/* cleared: the calculation gives it again */
	assert_int_equal(response_set(&r, "double_n", NULL), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "double_n"), "14");
	assert_null(response_get(&r, "kept"));
	expect(&r, NULL, "");
	response_release(&r);
	survey_free(s);
	diags_release(&d);
}

/* Piping: `${q}` in a label shows the answer, a choice by its label (XLSForm's output). */
static void test_pipe(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: {fr: F, en: F}\nlanguages: [fr, en]\n"
		"choices:\n  c:\n    - {name: a, label: {fr: Pommes, en: Apples}}\n"
		"    - {name: b, label: {fr: Poires, en: Pears}}\n"
		"survey:\n"
		"  - {type: text, name: prenom, label: {fr: Prénom, en: Name}}\n"
		"  - {type: select_multiple c, name: fruits, label: {fr: F, en: F}}\n"
		"  - {type: integer, name: n, label: {fr: 'Merci ${prenom} : ${fruits} (${n}) ${', en: '${fruits}'}}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct strbuf out = STRBUF_INIT;
	struct response r;

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), -1);
	assert_non_null(strstr(d.v[0].msg, "'${' without its '}'"));
	diags_release(&d);
	{
		char fixed[sizeof(src)];
		char *brace;

		memcpy(fixed, src, sizeof(src));
		brace = strstr(fixed, " ${'");
		memcpy(brace, "  x'", 4);
		assert_int_equal(survey_load(&s, "f.yaml", fixed, strlen(fixed), &d), 0);
	}
	assert_int_equal(response_init(&r, s), 0);
	assert_int_equal(response_pipe(&r, s->questions[2]->label.text[0], 0, &out), 0);
	assert_string_equal(out.buf, "Merci  :  ()  x");
	fill(&r, (const char *const[]){ "prenom", "Zoé <b>", "fruits", "b a", "n", "3", NULL });
	assert_int_equal(response_update(&r, 1), 0);
	assert_int_equal(response_pipe(&r, s->questions[2]->label.text[0], 0, &out), 0);
	assert_string_equal(out.buf, "Merci Zoé <b> : Poires, Pommes (3)  x");
	assert_int_equal(response_pipe(&r, s->questions[2]->label.text[1], 1, &out), 0);
	assert_string_equal(out.buf, "Pears, Apples");
	assert_int_equal(response_pipe(&r, "${nope} $x", 0, &out), 0);
	assert_string_equal(out.buf, "${nope} $x");
	response_release(&r);
	survey_free(s);
	strbuf_release(&out);
	diags_release(&d);

	/* unknown names and groups are refused, with a suggestion */
	static const char bad[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"survey:\n"
		"  - {type: text, name: prenom, label: P}\n"
		"  - {type: group, name: g, label: G, questions: [{type: text, name: t, label: T}]}\n"
		"  - {type: text, name: x, label: 'Bonjour ${prenon}', hint: '${g}'}\n";
	assert_int_equal(survey_load(&s, "f.yaml", bad, strlen(bad), &d), -1);
	assert_int_equal(d.n, 2);
	assert_string_equal(d.v[0].msg, "in 'label' of 'x': unknown question 'prenon'; did you mean 'prenom'?");
	assert_string_equal(d.v[1].msg, "in 'hint' of 'x': 'g' is a group and has no answer to show");
	diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_calculation_and_drop),
		cmocka_unit_test(test_scope_and_messages),
		cmocka_unit_test(test_choice_filter_and_required),
		cmocka_unit_test(test_calculation_not_text),
		cmocka_unit_test(test_answer_length),
		cmocka_unit_test(test_calculation_too_long),
		cmocka_unit_test(test_calculated_default),
		cmocka_unit_test(test_pipe),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
