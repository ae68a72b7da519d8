/*
 * Unit tests of the survey model: what the loader builds from a valid
 * definition (types, scales, labels and fallbacks, groups, lookups), the
 * answer check shared by every way answers come in, and the loading time of
 * a 2,000-question definition (printed, not asserted).  The broken
 * definitions and their exact messages are tested on the real binary in
 * tests/data/bad/.
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
#include <time.h>

#include "survey/survey.h"
#include "util/strbuf.h"

static const char good[] =
	"form_id: essai\n"
	"version: 3\n"
	"title: {fr: \"Essai\", en: \"Test\"}\n"
	"default_language: fr\n"
	"languages: [fr, en]\n"
	"settings: {anonymous: false, public: true}\n"
	"choices:\n"
	"  accord:\n"
	"    - {name: \"3\", label: {fr: \"Oui\", en: \"Yes\"}}\n"
	"    - {name: \"1\", label: {fr: \"Non\", en: \"No\"}}\n"
	"    - {name: \"2\", label: {fr: \"Un peu\"}}\n"
	"  aides:\n"
	"    - {name: repas, label: {fr: \"Repas\", en: \"Meals\"}, type: alim}\n"
	"    - {name: logement, label: {fr: \"Logement\", en: \"Housing\"}, type: toit}\n"
	"  trous:\n"
	"    - {name: \"1\", label: {fr: \"Un\", en: \"One\"}}\n"
	"    - {name: \"3\", label: {fr: \"Trois\", en: \"Three\"}}\n"
	"survey:\n"
	"  - type: group\n"
	"    name: profil\n"
	"    label: {fr: \"Profil\", en: \"Profile\"}\n"
	"    questions:\n"
	"      - type: integer\n"
	"        name: age\n"
	"        label: {fr: \"Âge ?\", en: \"Age?\"}\n"
	"        required: true\n"
	"        constraint: \". >= 16 and . <= 110\"\n"
	"      - type: select_one accord\n"
	"        name: satisfait\n"
	"        label: {fr: \"Satisfait ?\", en: \"Satisfied?\"}\n"
	"        dimension: besoins\n"
	"        reverse: yes\n"
	"        relevant: \"${age} >= 18\"\n"
	"  - type: select_multiple aides\n"
	"    name: aides\n"
	"    label: {fr: \"Aides\", en: \"Help\"}\n"
	"    choice_filter: \"type != 'toit' or ${age} > 25\"\n"
	"    required: \"${age} < 30\"\n"
	"  - type: range\n"
	"    name: note\n"
	"    label: {fr: \"Note\", en: \"Score\"}\n"
	"    parameters: \"start=0 end=10 step=0.5\"\n"
	"    weight: 2.5\n"
	"  - type: select_one trous\n"
	"    name: trou\n"
	"    label: {fr: \"Trou\", en: \"Gap\"}\n"
	"  - type: decimal\n"
	"    name: montant\n"
	"    label: {fr: \"Montant\", en: \"Amount\"}\n"
	"    constraint: \". > 0\"\n"
	"  - type: calculate\n"
	"    name: double_age\n"
	"    calculation: \"${age} * 2\"\n"
	"  - type: note\n"
	"    name: merci\n"
	"    label: Merci !\n";

static struct survey *load(const char *src, struct diags *d)
{
	struct survey *s = NULL;

	if (survey_load(&s, "essai.yaml", src, strlen(src), d) < 0) {
		diags_print(stderr, d);
		return NULL;
	}
	return s;
}

static void test_model(void **state)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = load(good, &d);
	struct question *q;

	(void)state;
	assert_non_null(s);
	assert_string_equal(s->form_id, "essai");
	assert_int_equal(s->version, 3);
	assert_int_equal(s->nlang, 2);
	assert_string_equal(s->languages[s->default_lang], "fr");
	assert_int_equal(s->anonymous, 0);
	assert_int_equal(s->is_public, 1);
	assert_int_equal(s->nlists, 3);
	assert_int_equal(s->ntop, 7);
	assert_int_equal(s->nq, 9);

	/* A scale list need not be written in order; a gap is no scale. */
	assert_true(s->lists[0].is_scale);
	assert_true(s->lists[0].min == 1 && s->lists[0].max == 3);
	assert_false(s->lists[1].is_scale);
	assert_false(s->lists[2].is_scale);

	q = survey_find(s, "profil");
	assert_non_null(q);
	assert_int_equal(q->type, Q_GROUP);
	assert_int_equal(q->nchildren, 2);
	q = survey_find(s, "age");
	assert_int_equal(q->type, Q_INTEGER);
	assert_ptr_equal(q->parent, survey_find(s, "profil"));
	assert_true(q->required);
	assert_true(q->is_scale);
	assert_true(q->scale_min == 16 && q->scale_max == 110);
	q = survey_find(s, "satisfait");
	assert_true(q->is_scale && q->reverse);
	assert_string_equal(q->dimension, "besoins");
	assert_non_null(q->relevant);
	assert_string_equal(q->relevant_src, "${age} >= 18");
	q = survey_find(s, "aides");
	assert_non_null(q->choice_filter);
	assert_non_null(q->required_if);
	assert_false(q->required);
	assert_int_equal(q->list->v[1].nattr, 1);
	assert_string_equal(q->list->v[1].attr_values[0], "toit");
	q = survey_find(s, "note");
	assert_true(q->is_scale);
	assert_true(q->range_step == 0.5 && q->scale_max == 10);
	assert_true(q->weight == 2.5);
	/* A one-sided constraint bounds nothing: not a scale. */
	assert_false(survey_find(s, "montant")->is_scale);
	assert_int_equal(survey_find(s, "double_age")->type, Q_CALCULATE);
	assert_null(survey_find(s, "absent"));

	/* Labels fall back to the default language. */
	assert_string_equal(label_get(s, &s->lists[0].v[2].label, 1), "Un peu");
	assert_string_equal(label_get(s, &s->lists[0].v[0].label, 1), "Yes");
	assert_string_equal(label_get(s, &survey_find(s, "merci")->label, 1), "Merci !");
	assert_int_equal(survey_lang(s, "en"), 1);
	assert_int_equal(survey_lang(s, "de"), -1);
	/* ...and the loader said so: "Un peu" and "Merci !" lack English. */
	assert_int_equal(d.nerror, 0);
	assert_int_equal(d.nwarning, 2);
	survey_free(s);
	diags_release(&d);
}

static void test_check_value(void **state)
{
	static const struct {
		const char *question;
		const char *value;
		int ok;
		const char *why;
	} cases[] = {
		{ "age", "42", 1, NULL },
		{ "age", "-3", 1, NULL },
		{ "age", "042", 0, "not a whole number" },
		{ "age", "4.5", 0, "not a whole number" },
		{ "age", "", 0, "not a whole number" },
		{ "age", "-0", 0, "not a whole number" },
		{ "age", "99999999999999999999", 0, "not a whole number" },
		{ "montant", "12.50", 1, NULL },
		{ "montant", "12,50", 0, "not a number (digits with an optional '.' and decimals)" },
		{ "montant", "1e3", 0, "not a number (digits with an optional '.' and decimals)" },
		{ "montant", ".5", 0, "not a number (digits with an optional '.' and decimals)" },
		{ "satisfait", "2", 1, NULL },
		{ "satisfait", "4", 0, "'4' is not a choice of list 'accord'" },
		/* a scale in no order (3, 1, 2): the place of a name is looked for */
		{ "satisfait", "1", 1, NULL },
		{ "satisfait", "3", 1, NULL },
		{ "satisfait", "0", 0, "'0' is not a choice of list 'accord'" },
		{ "satisfait", "-1", 0, "'-1' is not a choice of list 'accord'" },
		{ "satisfait", "-", 0, "'-' is not a choice of list 'accord'" },
		{ "satisfait", "02", 0, "'02' is not a choice of list 'accord'" },
		{ "satisfait", "2 ", 0, "'2 ' is not a choice of list 'accord'" },
		{ "satisfait", "", 0, "'' is not a choice of list 'accord'" },
		{ "aides", "repas logement", 1, NULL },
		{ "aides", "logement", 1, NULL },
		{ "aides", "repas repas", 0, "choice 'repas' is given twice" },
		{ "aides", "repas  logement", 0, "choices must be separated by single spaces" },
		{ "aides", "repas ", 0, "trailing space after the last choice" },
		{ "aides", "", 0, "no choice given" },
		{ "aides", "voiture", 0, "'voiture' is not a choice of list 'aides'" },
		{ "note", "7.5", 1, NULL },
		{ "note", "10", 1, NULL },
		{ "note", "7.3", 0, "not a step of 0.5 from 0" },
		{ "note", "11", 0, "outside the range 0 to 10" },
		{ "merci", "x", 0, "a note holds no answer" },
		{ "profil", "x", 0, "a group holds no answer" },
	};
	struct diags d = DIAGS_INIT;
	struct survey *s = load(good, &d);
	struct strbuf why = STRBUF_INIT;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct question *q = survey_find(s, cases[i].question);
		int rc;

		strbuf_reset(&why);
		rc = question_check_value(q, cases[i].value, &why);
		if ((rc == 0) != cases[i].ok)
			fail_msg("case %zu: %s = '%s': got %d (%s)", i, cases[i].question,
				 cases[i].value, rc, why.buf);
		if (cases[i].why)
			assert_string_equal(why.buf, cases[i].why);
	}
	strbuf_release(&why);
	survey_free(s);
	diags_release(&d);
}

static void test_dates_and_text(void **state)
{
	static const char src[] =
		"form_id: d\nversion: 1\ntitle: D\nsurvey:\n"
		"  - {type: date, name: quand, label: Quand}\n"
		"  - {type: text, name: mot, label: Mot}\n";
	static const struct {
		const char *q, *v;
		int ok;
	} cases[] = {
		{ "quand", "2024-02-29", 1 }, { "quand", "2023-02-29", 0 },
		{ "quand", "2000-02-29", 1 }, { "quand", "1900-02-29", 0 },
		{ "quand", "2024-04-31", 0 }, { "quand", "2024-4-01", 0 },
		{ "quand", "24-04-01", 0 },   { "quand", "2024-04-01 ", 0 },
		{ "mot", "Ça va « bien »\nmerci", 1 }, { "mot", "caf\xE9", 0 },
		{ "mot", "bip\x07", 0 },
		/* DEL and C1 controls, refused as in the definitions' texts (utf8_control()) */
		{ "mot", "bip\x7f", 0 }, { "mot", "bip\xC2\x85", 0 }, { "mot", "\xC2\x9B" "2J", 0 },
		{ "mot", "\xC2\x80", 0 }, { "mot", "fin\xC2\x9F", 0 },
		{ "mot", "\xC2\xA0non-break\xC2\xA0ok", 1 }, { "mot", "tab\tok\r\n", 1 },
	};
	struct diags d = DIAGS_INIT;
	struct survey *s = load(src, &d);
	struct strbuf why = STRBUF_INIT;
	size_t i;

	(void)state;
	assert_non_null(s);
	assert_int_equal(d.n, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&why);
		if ((question_check_value(survey_find(s, cases[i].q), cases[i].v, &why) == 0) !=
		    cases[i].ok)
			fail_msg("case %zu: '%s'", i, cases[i].v);
	}
	strbuf_release(&why);
	survey_free(s);
	diags_release(&d);
}

/* Every error of a file is reported in one run, not just the first. */
static void test_all_errors_at_once(void **state)
{
	static const char src[] =
		"form_id: Essai\nversion: 0\ntitle: T\nsurvey:\n"
		"  - {type: integr, name: a, label: A}\n"
		"  - {type: text, name: b, label: B, relevant: \"${zz} = 1\"}\n"
		"  - {type: text, name: b, label: C}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;

	(void)state;
	assert_int_equal(survey_load(&s, "e.yaml", src, strlen(src), &d), -1);
	assert_null(s);
	assert_int_equal(d.nerror, 5);
	diags_release(&d);
}

/*
 * Calculations whose value can grow past the limit of a value, because
 * they repeat an answer, are warned about (the first of a chain, with what
 * is built on it); joining different answers is not.
 */
static void test_growth_warnings(void **state)
{
	static const struct {
		const char *questions;	/* after "survey:\n" */
		const char *warning;	/* the only diagnostic, or NULL */
	} cases[] = {
		{ "  - {type: text, name: prenom, label: P}\n"
		  "  - {type: text, name: nom, label: N}\n"
		  "  - {type: calculate, name: qui, calculation: \"concat(${prenom}, ' ', ${nom})\"}\n",
		  NULL },
		{ "  - {type: text, name: x, label: X}\n"
		  "  - {type: calculate, name: deux, calculation: \"concat(${x}, ${x})\"}\n",
		  "g.yaml:6:5: warning: calculation 'deux' repeats the answer to 'x' 2 times: it can be "
		  "65534 bytes long, and a value longer than 32767 bytes is left unanswered" },
		{ "  - {type: integer, name: n, label: N}\n"
		  "  - {type: calculate, name: c1, calculation: \"concat(${n}, '-', ${n})\"}\n"
		  "  - {type: calculate, name: c2, calculation: \"if(${n} > 0, ${c1}, ${n})\"}\n",
		  NULL },
		/* an integer is 20 bytes at most: 2^11 copies are too many */
		{ "  - {type: integer, name: n, label: N}\n"
		  "  - {type: calculate, name: c1, calculation: \"concat(${n}, ${n}, ${n}, ${n})\"}\n"
		  "  - {type: calculate, name: c2, calculation: \"concat(${c1}, ${c1}, ${c1}, ${c1})\"}\n"
		  "  - {type: calculate, name: c3, calculation: \"concat(${c2}, ${c2}, ${c2}, ${c2})\"}\n"
		  "  - {type: calculate, name: c4, calculation: \"concat(${c3}, ${c3}, ${c3}, ${c3})\"}\n"
		  "  - {type: calculate, name: c5, calculation: \"concat(${c4}, ${c4}, ${c4}, ${c4})\"}\n"
		  "  - {type: calculate, name: c6, calculation: \"concat(${c5}, ${c5}, ${c5}, ${c5})\"}\n"
		  "  - {type: calculate, name: l, calculation: \"string-length(${c6})\"}\n",
		  "g.yaml:11:5: warning: calculation 'c6' repeats the answer to 'n' 4096 times: it can be "
		  "81920 bytes long, and a value longer than 32767 bytes is left unanswered" },
		/* declared before what it uses: still the first of the chain */
		{ "  - {type: calculate, name: b, calculation: \"concat(${a}, ${a}, '.')\"}\n"
		  "  - {type: calculate, name: a, calculation: \"concat(${x}, ${x})\"}\n"
		  "  - {type: text, name: x, label: X}\n",
		  "g.yaml:6:5: warning: calculation 'a' repeats the answer to 'x' 2 times: it can be "
		  "65534 bytes long, and a value longer than 32767 bytes is left unanswered (1 "
		  "calculation built on it grows further, to 131069 bytes in 'b')" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct diags d = DIAGS_INIT;
		struct survey *s = NULL;
		char *got = NULL;
		size_t n = 0;
		FILE *fp;

		strbuf_addf(&sb, "form_id: g\nversion: 1\ntitle: G\nsurvey:\n%s", cases[i].questions);
		assert_int_equal(survey_load(&s, "g.yaml", sb.buf, sb.len, &d), 0);
		assert_int_equal(d.nerror, 0);
		assert_int_equal(d.nwarning, cases[i].warning ? 1 : 0);
		if (cases[i].warning) {
			fp = open_memstream(&got, &n);
			assert_non_null(fp);
			diags_print(fp, &d);
			fclose(fp);
			assert_int_equal(got[n - 1], '\n');
			got[n - 1] = '\0';
			assert_string_equal(got, cases[i].warning);
			free(got);
		}
		survey_free(s);
		diags_release(&d);
		strbuf_release(&sb);
	}
}

/* The loading time of a large definition, printed for the notes. */
static void test_large_definition(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct timespec t0, t1;
	int i;

	(void)state;
	strbuf_addstr(&sb, "form_id: grand\nversion: 1\ntitle: {fr: Grand, en: Large}\n"
			   "languages: [fr, en]\nchoices:\n  accord:\n");
	for (i = 1; i <= 5; i++)
		strbuf_addf(&sb, "    - {name: \"%d\", label: {fr: \"Niveau %d\", en: \"Level %d\"}}\n",
			    i, i, i);
	strbuf_addstr(&sb, "survey:\n");
	for (i = 0; i < 2000; i++) {
		if (i % 50 == 0)
			strbuf_addf(&sb, "  - type: group\n    name: page%d\n    label: {fr: \"Page %d\", en: \"Page %d\"}\n    questions:\n",
				    i / 50, i / 50, i / 50);
		strbuf_addf(&sb, "      - type: select_one accord\n        name: q%d\n"
				 "        label: {fr: \"Question numéro %d ?\", en: \"Question number %d?\"}\n"
				 "        dimension: d%d\n", i, i, i, i % 6);
		if (i > 0)
			strbuf_addf(&sb, "        relevant: \"${q%d} != '' and ${q%d} >= 2\"\n"
					 "        constraint: \". != '5' or string-length(${q0}) > 0\"\n",
				    i - 1, i - 1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(survey_load(&s, "grand.yaml", sb.buf, sb.len, &d), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(s->nq, 2000 + 40);
	print_message("loading a 2,000-question definition (%zu KB): %.1f ms\n", sb.len / 1024,
		      (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	survey_free(s);
	diags_release(&d);
	strbuf_release(&sb);
}

/*
 * The question-type table says what the lists of types written across the
 * program said before it (issue 20): a row a type, named as in definitions.
 */
static void test_type_table(void **state)
{
	struct question q;
	size_t t;

	(void)state;
	memset(&q, 0, sizeof(q));
	for (t = 0; t < QTYPE_COUNT; t++) {
		q.type = (enum qtype)t;
		assert_non_null(qtype_info(q.type)->name);
		assert_string_equal(qtype_name(q.type), qtype_info(q.type)->name);
		assert_int_equal(q_has_choices(&q), q.type == Q_SELECT_ONE ||
				 q.type == Q_SELECT_MULTIPLE || q.type == Q_RANK);
		assert_int_equal(q_is_multiple(&q), q.type == Q_SELECT_MULTIPLE || q.type == Q_RANK);
		assert_int_equal(q_is_numeric(&q), q.type == Q_INTEGER || q.type == Q_DECIMAL ||
				 q.type == Q_RANGE);
		assert_int_equal(question_has_value(&q), q.type != Q_NOTE && q.type != Q_GROUP &&
				 q.type != Q_REPEAT);
		assert_int_equal(q_is_answered(&q), question_has_value(&q) && q.type != Q_CALCULATE);
		assert_int_equal(question_is_container(&q), q.type == Q_GROUP || q.type == Q_REPEAT);
		assert_int_equal(q_exports_number(&q), q_is_numeric(&q) || q.type == Q_CALCULATE);
		assert_int_equal(qtype_info(q.type)->sav,
				 q.type == Q_CALCULATE ? QSAV_IF_NUMBERS :
				 q.type == Q_SELECT_ONE || q_is_numeric(&q) || q.type == Q_DATE ?
				 QSAV_NUMBER : QSAV_STRING);
	}
	assert_string_equal(qtype_name(Q_SELECT_MULTIPLE), "select_multiple");
	assert_string_equal(qtype_name(Q_CALCULATE), "calculate");
}

/* The table choice_find() looks names up in, against the plain scan. */
static void test_choice_index(void **state)
{
	struct arena a = ARENA_INIT;
	struct choice_list cl, scan;
	struct choice v[1100];
	char names[1100][24], long_name[400];
	size_t i;

	(void)state;
	memset(&cl, 0, sizeof(cl));
	memset(v, 0, sizeof(v));
	/* empty list: nothing found, with or without a table */
	cl.v = v;
	assert_int_equal(choice_list_index(&cl, &a), 0);
	assert_null(cl.index);
	assert_null(choice_find(&cl, "1", 1));
	assert_null(choice_find(&cl, "", 0));
	assert_null(choice_find(NULL, "1", 1));
	/* a thousand names in 2,048 slots: many share a home slot (linear probing) */
	for (i = 0; i < 1000; i++) {
		snprintf(names[i], sizeof(names[i]), "c%zu", i);
		v[i].name = names[i];
	}
	v[1000].name = "\xC3\xA9t\xC3\xA9";		/* été: multibyte UTF-8 */
	v[1001].name = "\xC3\xA9t\xC3\xA9s";
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	v[1002].name = long_name;			/* 399 bytes */
	v[1003].name = "c7";				/* the same name again: the first wins */
	cl.n = 1004;
	assert_int_equal(choice_list_index(&cl, &a), 0);
	assert_non_null(cl.index);
	assert_int_equal(cl.index_mask + 1, 2048);
	scan = cl;
	scan.index = NULL;
	for (i = 0; i < 1003; i++) {
		assert_ptr_equal(choice_find(&cl, v[i].name, strlen(v[i].name)), &v[i]);
		assert_ptr_equal(choice_find(&scan, v[i].name, strlen(v[i].name)), &v[i]);
	}
	assert_ptr_equal(choice_find(&cl, "c7", 2), &v[7]);
	/* a name given with its length, not NUL-terminated: "c12" read as "c1" */
	assert_ptr_equal(choice_find(&cl, "c12", 2), &v[1]);
	assert_ptr_equal(choice_find(&cl, "\xC3\xA9t\xC3\xA9s", 5), &v[1000]);
	/* not choices: prefixes, extensions, other cases, halves of a character, empty */
	{
		static const char *const no[] = { "c", "c1000", "C1", "c01", "\xC3\xA9t\xC3", "\xC3",
						  "ete", "", "c1 ", " c1" };

		for (i = 0; i < sizeof(no) / sizeof(*no); i++) {
			assert_null(choice_find(&cl, no[i], strlen(no[i])));
			assert_null(choice_find(&scan, no[i], strlen(no[i])));
		}
	}
	long_name[398] = 'y';
	assert_null(choice_find(&cl, long_name, 399));
	assert_null(choice_find(&cl, long_name, 398));
	long_name[398] = 'x';
	assert_ptr_equal(choice_find(&cl, long_name, 399), &v[1002]);
	/* one-byte names, looked up by their byte: a Likert scale, the first of a name twice */
	{
		static const char *const likert[] = { "1", "2", "3", "4", "5", "x", "2", "\xC3\xA9" };
		struct choice lv[8];

		memset(&cl, 0, sizeof(cl));
		memset(lv, 0, sizeof(lv));
		for (i = 0; i < 8; i++)
			lv[i].name = likert[i];
		cl.v = lv;
		cl.n = 8;
		assert_int_equal(choice_list_index(&cl, &a), 0);
		assert_non_null(cl.one);
		for (i = 0; i < 6; i++)
			assert_ptr_equal(choice_find(&cl, likert[i], 1), &lv[i]);
		assert_ptr_equal(choice_find(&cl, "2", 1), &lv[1]);
		assert_ptr_equal(choice_find(&cl, "\xC3\xA9", 2), &lv[7]);
		assert_null(choice_find(&cl, "\xC3", 1));
		assert_null(choice_find(&cl, "6", 1));
		assert_null(choice_find(&cl, "0", 1));
		assert_ptr_equal(choice_find(&cl, "12", 1), &lv[0]);	/* its length, not its NUL */
		assert_null(choice_find(&cl, " ", 1));
		assert_null(choice_find(&cl, "", 0));
		assert_null(choice_find(&cl, "15", 2));
	}
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_check_value),
		cmocka_unit_test(test_dates_and_text),
		cmocka_unit_test(test_all_errors_at_once),
		cmocka_unit_test(test_growth_warnings),
		cmocka_unit_test(test_large_definition),
		cmocka_unit_test(test_type_table),
		cmocka_unit_test(test_choice_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
