/*
 * Unit tests of repeats: the model and its checks (survey.c), answers held
 * per instance with XLSForm's relative references and the aggregate
 * functions (response.c), the 0x02 record (record.c) and the workspace
 * functions that carry instances (answers.c, invite.c, responses.c).  The
 * survey is tests/data/good/conseil.yaml: a board, its members (a repeat
 * counted by repeat_count), each member's mandates (a repeat inside).
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
#include <unistd.h>

#include "store/record.h"
#include "store/store.h"
#include "survey/response.h"

static struct survey *conseil;

static struct survey *load_text(const char *src, struct diags *d)
{
	struct survey *s = NULL;

	survey_load(&s, "t.yaml", src, strlen(src), d);
	return s;
}

static int setup(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/conseil.yaml", "rb");
	char buf[16384];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (survey_load(&conseil, "conseil.yaml", buf, n, &d) < 0) {
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
	survey_free(conseil);
	return 0;
}

static const struct question *Q(const char *name)
{
	const struct question *q = survey_find(conseil, name);

	assert_non_null(q);
	return q;
}

/* --- the model ------------------------------------------------------------ */

static void test_model(void **state)
{
	const struct question *m = Q("membres"), *md = Q("mandats");

	(void)state;
	assert_int_equal(conseil->nrepeats, 2);
	assert_int_equal(conseil->ntopsub, 1);
	assert_ptr_equal(survey_first_repeat(conseil), m);
	assert_int_equal(m->type, Q_REPEAT);
	assert_null(m->repeat);
	assert_int_equal(m->depth, 0);
	assert_int_equal(m->max_count, 20);
	assert_non_null(m->repeat_count);
	assert_ptr_equal(md->repeat, m);
	assert_int_equal(md->depth, 1);
	assert_int_equal(md->max_count, SURVEY_REPEAT_MAX_DEFAULT);
	assert_int_equal(m->nsub, 1);
	assert_int_equal(md->sub, 0);
	/* nom sexe age rang est_femme fonction mandats anciennete */
	assert_int_equal(m->nown, 8);
	assert_ptr_equal(m->own[Q("age")->slot], Q("age"));
	assert_ptr_equal(Q("age")->repeat, m);
	assert_int_equal(Q("age")->depth, 1);
	assert_ptr_equal(Q("duree")->repeat, md);
	assert_int_equal(Q("duree")->depth, 2);
	assert_int_equal(md->nown, 2);
	assert_null(Q("nmembres")->repeat);
	assert_int_equal(Q("nmembres")->slot, Q("nmembres")->index);
	assert_false(question_has_value(m));
	assert_true(question_is_container(m));
	assert_true(question_in_repeat(Q("duree"), m));
	assert_false(question_in_repeat(Q("age"), md));
	assert_string_equal(qtype_name(Q_REPEAT), "repeat");
}

/* Definitions around a repeat, and the first diagnostic they give (or "" for none). */
static void test_checks(void **state)
{
	static const char head[] =
		"form_id: t\nversion: 1\ntitle: T\nsurvey:\n"
		"  - type: integer\n    name: n\n    label: N\n";
	static const struct {
		const char *body;	/* appended to head */
		const char *want;	/* the first diagnostic, "" when it loads */
	} cases[] = {
		/* a reference to a repeated question from outside, without an aggregate */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: ${a} + 1\n",
		  "t.yaml:16:18: error: in 'calculation' of 'c': 'a' is inside repeat 'r' and has a value per instance; from outside it, use it in count(), sum(), min(), max(), join() or indexed-repeat()" },
		/* the same in an aggregate: fine */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: sum(${a}) + max(${a}) + count(${r})\n",
		  "" },
		/* min() of two values is not an aggregate */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: min(${a}, 3)\n",
		  "t.yaml:16:22: error: in 'calculation' of 'c': 'a' is inside repeat 'r' and has a value per instance; from outside it, use it in count(), sum(), min(), max(), join() or indexed-repeat()" },
		/* a repeat's own relevant is evaluated outside it */
		{ "  - type: repeat\n    name: r\n    relevant: ${a} > 1\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n",
		  "t.yaml:10:15: error: in 'relevant' of 'r': 'a' is inside repeat 'r' and has a value per instance; from outside it, use it in count(), sum(), min(), max(), join() or indexed-repeat()" },
		/* from one repeat into a sibling */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: repeat\n    name: s\n    questions:\n"
		  "      - type: integer\n        name: b\n        label: B\n        relevant: ${a} = 1\n",
		  "t.yaml:20:19: error: in 'relevant' of 'b': 'a' is inside repeat 'r' and has a value per instance; from outside it, use it in count(), sum(), min(), max(), join() or indexed-repeat()" },
		/* from a nested repeat to its parent instance: fine */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "      - type: repeat\n        name: s\n        questions:\n"
		  "          - type: integer\n            name: b\n            label: B\n"
		  "            constraint: . <= ${a} + ${n}\n",
		  "" },
		/* a repeat is not a value */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: ${r}\n",
		  "t.yaml:16:18: error: in 'calculation' of 'c': 'r' is a repeat and has no value; count(${r}) gives its number of instances" },
		/* position(..) outside a repeat */
		{ "  - type: calculate\n    name: c\n    calculation: position(..)\n",
		  "t.yaml:10:18: error: in 'calculation' of 'c': position(..) is only meaningful inside a repeat" },
		{ "  - type: calculate\n    name: c\n    calculation: position(.)\n",
		  "t.yaml:10:27: error: in 'calculation' of 'c': position() takes '..' (the current repeat instance): write position(..)" },
		{ "  - type: calculate\n    name: c\n    calculation: sum(3)\n",
		  "t.yaml:10:22: error: in 'calculation' of 'c': sum() takes a ${reference} to a repeat or a repeated question" },
		/* indexed-repeat() of something not in that repeat */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: indexed-repeat(${n}, ${r}, 1)\n",
		  "t.yaml:16:33: error: in 'calculation' of 'c': indexed-repeat() takes a question inside a repeat; 'n' is not" },
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n"
		  "  - type: calculate\n    name: c\n    calculation: indexed-repeat(${a}, ${n}, 1)\n",
		  "t.yaml:16:39: error: in 'calculation' of 'c': 'n' is not a repeat (indexed-repeat(${question}, ${repeat}, position))" },
		{ "  - type: calculate\n    name: c\n    calculation: indexed-repeat(${n}, ${n})\n",
		  "t.yaml:10:18: error: in 'calculation' of 'c': indexed-repeat() takes ${question}, then pairs of ${repeat} and a position: 3, 5 or 7 arguments, not 2" },
		/* counts */
		{ "  - type: repeat\n    name: r\n    max_count: 0\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n",
		  "t.yaml:10:16: error: 'max_count' must be an integer between 1 and 10000" },
		{ "  - type: repeat\n    name: r\n    repeat_count: 40\n    max_count: 30\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n",
		  "t.yaml:11:16: error: 'max_count' 30 is below the 'repeat_count' 40" },
		{ "  - type: repeat\n    name: r\n    repeat_count: 10001\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n",
		  "t.yaml:10:19: error: 'repeat_count' must be between 0 and 10000" },
		{ "  - type: repeat\n    name: r\n    questions: []\n",
		  "t.yaml:10:16: error: repeat 'r' has no questions" },
		{ "  - type: repeat\n    name: r\n    required: true\n    questions:\n"
		  "      - type: integer\n        name: a\n        label: A\n",
		  "t.yaml:10:5: error: unknown key 'required' in a repeat" },
		/* three levels: supported; a fourth: refused */
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: repeat\n        name: s\n        questions:\n"
		  "          - type: repeat\n            name: u\n            questions:\n"
		  "              - type: integer\n                name: a\n                label: A\n"
		  "                constraint: . < position(..) + count(${u})\n",
		  "" },
		{ "  - type: repeat\n    name: r\n    questions:\n"
		  "      - type: repeat\n        name: s\n        questions:\n"
		  "          - type: repeat\n            name: u\n            questions:\n"
		  "              - type: repeat\n                name: w\n                questions:\n"
		  "                  - type: integer\n                    name: a\n                    label: A\n",
		  "t.yaml:17:17: error: repeat 'w' is inside 3 repeats: at most 3 repeats may be nested" },
	};
	size_t i, nbad = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diags d = DIAGS_INIT;
		char src[4096], got[1024] = "";
		struct survey *s;
		FILE *mem;

		snprintf(src, sizeof(src), "%s%s", head, cases[i].body);
		s = load_text(src, &d);
		if (d.nerror) {
			mem = fmemopen(got, sizeof(got) - 1, "w");
			diags_print(mem, &d);
			fclose(mem);
			got[strcspn(got, "\n")] = '\0';
		}
		if (strcmp(got, cases[i].want)) {
			fprintf(stderr, "case %zu: got '%s'\nwant '%s'\n", i, got, cases[i].want);
			nbad++;
		}
		assert_true((s != NULL) == (cases[i].want[0] == '\0'));
		survey_free(s);
		diags_release(&d);
	}
	assert_int_equal(nbad, 0);
}

/* --- answers per instance ------------------------------------------------- */

/* Problems as "name[1.2]:KIND" (1-based instance numbers) joined by spaces. */
static void expect(const struct response *r, const char *want)
{
	static const char *const kinds[] = { "INVALID", "REQUIRED", "CONSTRAINT", "NOT_RELEVANT",
					     "TOO_LONG", "COUNT" };
	struct problems p = { NULL, 0, 0 };
	char got[2048] = "";
	size_t i, k;

	assert_true(response_check(r, NULL, &p) >= 0);
	for (i = 0; i < p.n; i++) {
		char b[64];

		if (i)
			strcat(got, " ");
		strcat(got, p.v[i].q->name);
		for (k = 0; k < p.v[i].depth; k++) {
			snprintf(b, sizeof(b), "%s%zu", k ? "." : "[", p.v[i].path[k] + 1);
			strcat(got, b);
		}
		if (p.v[i].depth)
			strcat(got, "]");
		strcat(got, ":");
		strcat(got, kinds[p.v[i].kind]);
	}
	if (strcmp(got, want))
		fprintf(stderr, "got  '%s'\nwant '%s'\n", got, want);
	assert_string_equal(got, want);
	problems_release(&p);
}

static void set_at(struct response *r, const char *name, size_t i, size_t j, const char *v)
{
	size_t path[3] = { i, j, 0 };

	assert_int_equal(response_set_at(r, Q(name), path, v), 0);
}

static const char *get_at(const struct response *r, const char *name, size_t i, size_t j)
{
	size_t path[3] = { i, j, 0 };

	return response_get_at(r, Q(name), path);
}

/* Three members: Awa (f, 40, two mandates), Bruno (h, 17), Chloé (f, 61). */
static void fill_board(struct response *r)
{
	size_t i, top[1] = { 0 };

	assert_int_equal(response_set(r, "nmembres", "3"), 0);
	assert_int_equal(response_update(r, 1), 0);
	assert_int_equal(response_count(r, Q("membres"), NULL), 3);
	set_at(r, "nom", 0, 0, "Awa");
	set_at(r, "sexe", 0, 0, "f");
	set_at(r, "age", 0, 0, "40");
	set_at(r, "fonction", 0, 0, "présidente");
	set_at(r, "nom", 1, 0, "Bruno");
	set_at(r, "sexe", 1, 0, "h");
	set_at(r, "age", 1, 0, "17");
	set_at(r, "nom", 2, 0, "Chloé");
	set_at(r, "sexe", 2, 0, "f");
	set_at(r, "age", 2, 0, "61");
	for (i = 0; i < 2; i++)
		assert_int_equal(response_add(r, Q("mandats"), top, NULL), 0);
	set_at(r, "debut", 0, 0, "2015");
	set_at(r, "duree", 0, 0, "4");
	set_at(r, "debut", 0, 1, "2019");
	set_at(r, "duree", 0, 1, "3");
	assert_int_equal(response_update(r, 1), 0);
}

static void test_aggregates(void **state)
{
	struct response r;

	(void)state;
	assert_int_equal(response_init(&r, conseil), 0);
	fill_board(&r);
	assert_string_equal(response_get(&r, "age_moyen"), "39.333333333333336");
	assert_string_equal(response_get(&r, "doyen"), "61");
	assert_string_equal(response_get(&r, "benjamin"), "17");
	assert_string_equal(response_get(&r, "noms"), "Awa, Bruno, Chloé");
	assert_string_equal(response_get(&r, "femmes"), "2");
	assert_string_equal(response_get(&r, "deuxieme"), "Bruno");
	assert_string_equal(response_get(&r, "premier_mandat"), "2015");
	/* per instance: position(..), a calculation from the same instance, sum() below it */
	assert_string_equal(get_at(&r, "rang", 0, 0), "1");
	assert_string_equal(get_at(&r, "rang", 2, 0), "3");
	assert_string_equal(get_at(&r, "est_femme", 1, 0), "0");
	assert_string_equal(get_at(&r, "anciennete", 0, 0), "7");
	assert_string_equal(get_at(&r, "anciennete", 1, 0), "0");	/* sum of none */
	/* relevance per instance: Bruno is 17, his fonction does not apply */
	{
		size_t p0[1] = { 0 }, p1[1] = { 1 };

		assert_int_equal(response_relevant_at(&r, Q("fonction"), p0), 1);
		assert_int_equal(response_relevant_at(&r, Q("fonction"), p1), 0);
	}
	expect(&r, "");
	/* an unanswered age makes the sum, and the mean, unanswered (XPath's NaN) */
	set_at(&r, "age", 1, 0, NULL);
	assert_int_equal(response_update(&r, 1), 0);
	assert_null(response_get(&r, "age_moyen"));
	assert_null(response_get(&r, "doyen"));
	response_release(&r);
}

static void test_problems_name_instance(void **state)
{
	struct response r;
	size_t top[1] = { 2 };

	(void)state;
	assert_int_equal(response_init(&r, conseil), 0);
	fill_board(&r);
	set_at(&r, "age", 2, 0, "7");		/* constraint of member 3 */
	set_at(&r, "nom", 1, 0, NULL);		/* required in member 2 */
	assert_int_equal(response_add(&r, Q("mandats"), top, NULL), 0);
	set_at(&r, "debut", 2, 0, "1850");	/* member 3's first mandate */
	set_at(&r, "fonction", 1, 0, "trésorier");	/* not relevant: 17 years old */
	assert_int_equal(response_update(&r, 0), 0);
	expect(&r, "nom[2]:REQUIRED fonction[2]:NOT_RELEVANT age[3]:CONSTRAINT debut[3.1]:CONSTRAINT");
	/* dropped when not relevant */
	assert_int_equal(response_update(&r, 1), 0);
	assert_null(get_at(&r, "fonction", 1, 0));
	/* repeat_count against the count: a fourth member, not dropped */
	assert_int_equal(response_add(&r, Q("membres"), NULL, NULL), 0);
	assert_int_equal(response_update(&r, 0), 0);
	expect(&r, "membres:COUNT nom[2]:REQUIRED age[3]:CONSTRAINT debut[3.1]:CONSTRAINT nom[4]:REQUIRED");
	/* dropped: the count follows repeat_count */
	assert_int_equal(response_update(&r, 1), 0);
	assert_int_equal(response_count(&r, Q("membres"), NULL), 3);
	assert_int_equal(response_set(&r, "nmembres", "1"), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_int_equal(response_count(&r, Q("membres"), NULL), 1);
	assert_string_equal(response_get(&r, "noms"), "Awa");
	response_release(&r);
}

static void test_instances_api(void **state)
{
	struct response r;
	size_t i, idx, p[3];

	(void)state;
	assert_int_equal(response_init(&r, conseil), 0);
	fill_board(&r);
	/* past the count: nothing there, nothing set */
	p[0] = 3;
	p[1] = 0;
	assert_null(response_get_at(&r, Q("nom"), p));
	assert_int_equal(response_set_at(&r, Q("nom"), p, "X"), -3);
	assert_int_equal(response_relevant_at(&r, Q("nom"), p), 0);
	assert_int_equal(response_count(&r, Q("mandats"), p), 0);
	assert_int_equal(response_add(&r, Q("mandats"), p, NULL), -2);
	assert_int_equal(response_remove(&r, Q("membres"), p), -2);
	p[0] = 0;
	p[1] = 2;
	assert_null(response_get_at(&r, Q("duree"), p));
	assert_int_equal(response_set_at(&r, Q("duree"), p, "1"), -3);
	/* not a value, not a repeat */
	assert_int_equal(response_set_at(&r, Q("membres"), p, "1"), -2);
	assert_int_equal(response_add(&r, Q("nom"), NULL, NULL), -2);
	/* the top-level API does not reach into repeats */
	assert_int_equal(response_set(&r, "nom", "X"), -2);
	assert_null(response_get(&r, "nom"));
	/* remove the first member: the others move down, with their mandates */
	p[0] = 0;
	assert_int_equal(response_remove(&r, Q("membres"), p), 0);
	assert_int_equal(response_count(&r, Q("membres"), NULL), 2);
	assert_string_equal(get_at(&r, "nom", 0, 0), "Bruno");
	assert_int_equal(response_count(&r, Q("mandats"), p), 0);
	/* max_count */
	for (i = 2; i < 20; i++)
		assert_int_equal(response_add(&r, Q("membres"), NULL, &idx), 0);
	assert_int_equal(idx, 19);
	assert_int_equal(response_add(&r, Q("membres"), NULL, NULL), -3);
	response_clear(&r);
	assert_int_equal(response_count(&r, Q("membres"), NULL), 0);
	response_release(&r);
}

/* --- the record and the workspace ---------------------------------------- */

/* Encode r, decode it, load it into a fresh response, and compare. */
static void roundtrip(const struct response *r, struct strbuf *rec)
{
	struct instance *inst;
	struct record_buf rb = RECORD_BUF_INIT;
	struct response back;
	struct strbuf again = STRBUF_INIT;
	size_t ninst, pos = 0, bad = 0;

	assert_int_equal(response_instances(r, &inst, &ninst), 0);
	assert_int_equal(record_encode_repeats((const char *const *)r->values, conseil->nq, inst,
					       ninst, rec, &bad), 0);
	assert_int_equal(record_decode(rec->buf, rec->len, conseil->nq, &rb, &pos), 0);
	assert_int_equal(rb.ninst, ninst);
	assert_int_equal(response_init(&back, conseil), 0);
	for (size_t i = 0; i < rb.n; i++)
		if (rb.values[i])
			assert_int_equal(response_set(&back, conseil->questions[i]->name, rb.values[i]), 0);
	assert_int_equal(response_set_instances(&back, rb.inst, rb.ninst, NULL), 0);
	free(inst);
	assert_int_equal(response_instances(&back, &inst, &ninst), 0);
	assert_int_equal(record_encode_repeats((const char *const *)back.values, conseil->nq, inst,
					       ninst, &again, NULL), 0);
	assert_int_equal(again.len, rec->len);
	assert_memory_equal(again.buf, rec->buf, rec->len);
	free(inst);
	strbuf_release(&again);
	record_buf_release(&rb);
	response_release(&back);
}

static void test_record(void **state)
{
	struct strbuf rec = STRBUF_INIT;
	struct response r;
	const char *plain[] = { "1", NULL, "x" };
	struct record_buf rb = RECORD_BUF_INIT;
	size_t pos = 0;

	(void)state;
	assert_int_equal(response_init(&r, conseil), 0);
	fill_board(&r);
	roundtrip(&r, &rec);
	assert_int_equal((unsigned char)rec.buf[0], RECORD_FORMAT_REPEATS);
	/* 3 members, 2 mandates */
	assert_int_equal(record_decode(rec.buf, rec.len, 0, &rb, &pos), 0);
	assert_int_equal(rb.ninst, 5);
	assert_int_equal(rb.inst[1].depth, 2);
	assert_int_equal(rb.inst[1].path[0], 0);
	assert_int_equal(rb.inst[1].path[1], 0);
	assert_string_equal(rb.inst[1].values[Q("duree")->slot], "4");
	assert_string_equal(rb.inst[4].values[Q("nom")->slot], "Chloé");
	/* without instances: 0x01, as before, and a 0x01 record has none */
	assert_int_equal(record_encode_repeats(plain, 3, NULL, 0, &rec, NULL), 0);
	assert_memory_equal(rec.buf, "\x01\x02" "1\x00\x02x", 6);
	assert_int_equal(record_decode(rec.buf, rec.len, 0, &rb, &pos), 0);
	assert_int_equal(rb.ninst, 0);
	assert_int_equal(rb.n, 3);
	/* a response without instances gives the same bytes as before */
	response_clear(&r);
	assert_int_equal(response_set(&r, "nmembres", "0"), 0);
	roundtrip(&r, &rec);
	assert_memory_equal(rec.buf, "\x01\x02" "0", 3);
	strbuf_release(&rec);
	record_buf_release(&rb);
	response_release(&r);
}

/* Malformed 0x02 records: refused where they go wrong, never read past the end. */
static void test_record_refuses(void **state)
{
	static const struct {
		const char *bytes;	/* input */
		size_t len;		/* its length */
		size_t errpos;		/* where it must be refused */
	} bad[] = {
#define B(s, pos) { s, sizeof(s) - 1, pos }
		B("\x02", 1),				/* no slot count */
		B("\x02\x01", 2),			/* a slot announced, none */
		B("\x02\x05\x00", 2),			/* 5 slots in 1 byte */
		B("\x02\x00", 2),			/* no instance count */
		B("\x02\x00\x01", 3),			/* one instance, nothing of it */
		B("\x02\x00\x09\x00\x01\x00\x00", 3),	/* 9 instances in 4 bytes */
		B("\x02\x00\x01\x00\x00\x00\x00", 5),	/* depth 0 */
		B("\x02\x00\x01\x00\x04\x00\x00\x00\x00\x00", 5), /* depth 4 */
		B("\x02\x00\x01\x00\x01\x00\x02\x00", 7),	/* 2 slots, 1 byte left */
		B("\x02\x00\x01\x00\x01\x00\x01\x05" "ab", 8),	/* a value past the end */
		B("\x02\x00\x01\x00\x01\x00\x01\x02\xff", 8),	/* not UTF-8 */
		B("\x02\x00\x01\x00\x01\x00\x00\x00", 7),	/* a trailing byte */
		B("\x02\x00\x01\x00\x01\x00\x00" "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 7),
		B("\x02\x00\x01\xff\xff\xff\xff\xff\x01\x01\x00\x00", 9), /* repeat past 2^32 */
#undef B
	};
	struct record_buf rb = RECORD_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t pos = 999;
		/* a copy of exactly len bytes, so that ASan sees a read past the end */
		char *copy = malloc(bad[i].len);
		int rc;

		memcpy(copy, bad[i].bytes, bad[i].len);
		rc = record_decode(copy, bad[i].len, 4, &rb, &pos);
		if (rc != -2 || pos != bad[i].errpos)
			fprintf(stderr, "case %zu: rc %d pos %zu, want -2 at %zu\n", i, rc, pos,
				bad[i].errpos);
		assert_int_equal(rc, -2);
		assert_int_equal(pos, bad[i].errpos);
		free(copy);
	}
	record_buf_release(&rb);
}

/* Decoded instances that do not fit the survey are refused by the response. */
static void test_instances_refused(void **state)
{
	static const char *const v1[] = { "Awa" };
	static const struct {
		struct instance inst[2];	/* the instances */
		size_t n;			/* how many */
		const char *why;		/* the reason */
	} cases[] = {
		{ { { 7, 1, { 0 }, v1, 1 } }, 1, "repeat instance 1: no such repeat" },
		{ { { 0, 2, { 0, 0 }, v1, 1 } }, 1, "repeat instance 1: a path of the wrong length" },
		{ { { 0, 1, { 1 }, v1, 1 } }, 1, "repeat instance 1: out of order" },
		{ { { 1, 2, { 0, 0 }, v1, 1 } }, 1, "repeat instance 1: no parent instance" },
		{ { { 0, 1, { 0 }, v1, 1 }, { 0, 1, { 0 }, v1, 1 } }, 2,
		  "repeat instance 2: out of order" },
		{ { { 0, 1, { 0 }, v1, 99 } }, 1, "repeat instance 1: more values than the repeat has items" },
	};
	const char *mandat[8] = { NULL };
	struct instance at_mandats = { 0, 1, { 0 }, mandat, 8 };
	struct response r;
	size_t i;

	(void)state;
	assert_int_equal(response_init(&r, conseil), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf why = STRBUF_INIT;

		assert_int_equal(response_set_instances(&r, cases[i].inst, cases[i].n, &why), -2);
		assert_string_equal(why.buf, cases[i].why);
		assert_int_equal(response_count(&r, Q("membres"), NULL), 0);
		strbuf_release(&why);
	}
	/* a value where the nested repeat is: it holds none */
	mandat[Q("mandats")->slot] = "3";
	assert_int_equal(response_set_instances(&r, &at_mandats, 1, NULL), -2);
	response_release(&r);
}

static char dir[4096];

/* store_answers_each_rep()'s callback: count the rows, each with the board's 5 instances. */
static int count_rows(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	(void)r;
	assert_int_equal(rec->ninst, 5);
	assert_string_equal(rec->inst[3].values[Q("nom")->slot], "Bruno");
	++*(size_t *)ctx;
	return 0;
}

static void test_store(void **state)
{
	const char *base = getenv("TMPDIR");
	char path[4200], p[4300];
	struct store *st;
	struct error err;
	enum store_put_result res;
	struct survey_version sv;
	struct response r;
	struct instance *inst;
	size_t ninst;
	struct record_buf rb = RECORD_BUF_INIT;
	struct store_answers a;
	int64_t id, iid, rid;
	int same;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_repeat.XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &err), 0);
	assert_int_equal(store_survey_put(st, "conseil", 1, "C", "c.yaml", "form_id: conseil\n",
					  &res, &err), 0);
	assert_int_equal(store_survey_get(st, "conseil", 0, &sv, &err), 1);
	assert_int_equal(response_init(&r, conseil), 0);
	fill_board(&r);
	assert_int_equal(response_instances(&r, &inst, &ninst), 0);
	a.values = (const char *const *)r.values;
	a.n = conseil->nq;
	a.inst = inst;
	a.ninst = ninst;
	/* a respondent: saved, read back, found again by _id */
	assert_int_equal(store_respondent_add_rep(st, sv.id, "r1", NULL, NULL, NULL, &a, 1, &id,
						  &err), 0);
	assert_int_equal(store_answers_read(st, id, &rb, &err), 0);
	assert_int_equal(rb.ninst, 5);
	assert_string_equal(rb.inst[2].values[Q("duree")->slot], "3");
	assert_int_equal(store_find_ext_id_rep(st, "conseil", "r1", &a, &same, &err), 1);
	assert_int_equal(same, 1);
	a.ninst = 4;	/* one mandate fewer: not the same answers */
	assert_int_equal(store_find_ext_id_rep(st, "conseil", "r1", &a, &same, &err), 1);
	assert_int_equal(same, 0);
	a.ninst = ninst;
	/* a draft through a link, then its submission with the same seen */
	assert_int_equal(store_invitation_add(st, sv.id, "tok_0000000000000000000001", 0, NULL,
					      NULL, NULL, NULL, &iid, &err), 0);
	assert_int_equal(store_invitation_save_rep(st, iid, &a, 1, NULL, &err), 0);
	assert_int_equal(store_invitation_draft_read(st, iid, &rb, &err), 0);
	assert_int_equal(rb.ninst, 5);
	{
		struct store_answers stale = a;

		stale.ninst = 3;
		assert_int_equal(store_invitation_submit_rep(st, iid, &a, 1, &stale, &rid, &err), 1);
	}
	assert_int_equal(store_invitation_submit_rep(st, iid, &a, 1, &a, &rid, &err), 0);
	assert_int_equal(store_answers_read(st, rid, &rb, &err), 0);
	assert_int_equal(rb.ninst, 5);
	assert_string_equal(rb.inst[4].values[Q("nom")->slot], "Chloé");
	/* in bulk (imports), and read back row by row (exports) */
	{
		struct store_bulk *bulk;
		struct store_row row = { "r2", NULL, NULL, NULL, a.values, a.n, a.inst, a.ninst };
		struct store_erased gone;
		int64_t nrows = 0;
		size_t seen = 0;

		assert_int_equal(store_begin(st, &err), 0);
		assert_int_equal(store_bulk_begin(st, sv.id, &bulk, &err), 0);
		assert_int_equal(store_bulk_add(bulk, &row, &err), 0);
		assert_int_equal(store_bulk_finish(bulk, &nrows, &err), 0);
		assert_int_equal(store_commit(st, &err), 0);
		assert_int_equal(nrows, 1);
		assert_int_equal(store_answers_each_rep(st, "conseil", 0, 1, conseil->nq, count_rows,
							&seen, &err), 0);
		assert_int_equal(seen, 3);	/* r1, the submitted link, r2: 5 instances each */
		/* erasure takes the instances with the row */
		assert_int_equal(store_erase(st, "conseil", STORE_ERASE_RESPONDENT, "r2", "test", 0,
					     &gone, &err), 0);
		assert_int_equal(gone.respondents, 1);
		seen = 0;
		assert_int_equal(store_answers_each_rep(st, "conseil", 0, 1, conseil->nq, count_rows,
							&seen, &err), 0);
		assert_int_equal(seen, 2);
	}
	/* not UTF-8 in an instance: refused */
	{
		const char *badv[1] = { "\xff" };
		struct instance b = { 0, 1, { 0 }, badv, 1 };
		struct store_answers ba = { NULL, 0, &b, 1 };

		assert_int_equal(store_answers_save_rep(st, id, &ba, 0, &err), UT_EDATA);
	}
	free(inst);
	record_buf_release(&rb);
	response_release(&r);
	survey_version_release(&sv);
	store_close(st);
	for (const char *suffix = ""; suffix; suffix = suffix[0] ? NULL : "-wal") {
		snprintf(p, sizeof(p), "%s%s", path, suffix);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	rmdir(dir);
}

/* 10,000 instances: add, aggregate, flatten, encode, decode, load, in linear time. */
static void test_many(void **state)
{
	static const char src[] =
		"form_id: t\nversion: 1\ntitle: T\nsurvey:\n"
		"  - type: repeat\n    name: r\n    max_count: 10000\n    questions:\n"
		"      - type: integer\n        name: a\n        label: A\n"
		"        constraint: . >= 0\n"
		"      - type: calculate\n        name: b\n        calculation: ${a} * 2 + position(..)\n"
		"  - type: calculate\n    name: total\n    calculation: sum(${b})\n"
		"  - type: calculate\n    name: n\n    calculation: count(${r})\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = load_text(src, &d);
	const struct question *rq, *aq;
	struct response r, back;
	struct instance *inst;
	struct strbuf rec = STRBUF_INIT;
	struct record_buf rb = RECORD_BUF_INIT;
	struct problems p = { NULL, 0, 0 };
	size_t i, ninst, pos;
	struct timespec t0, t1;
	double secs;

	(void)state;
	assert_non_null(s);
	rq = survey_find(s, "r");
	aq = survey_find(s, "a");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(response_init(&r, s), 0);
	for (i = 0; i < 10000; i++) {
		char v[16];
		size_t path[1] = { i };

		assert_int_equal(response_add(&r, rq, NULL, NULL), 0);
		snprintf(v, sizeof(v), "%zu", i % 7);
		assert_int_equal(response_set_at(&r, aq, path, v), 0);
	}
	assert_int_equal(response_add(&r, rq, NULL, NULL), -3);
	assert_int_equal(response_update(&r, 1), 0);
	assert_string_equal(response_get(&r, "n"), "10000");
	/* sum of 2 * (i mod 7) + i + 1 */
	{
		double want = 0;

		for (i = 0; i < 10000; i++)
			want += 2.0 * (double)(i % 7) + (double)i + 1;
		char b[32];

		snprintf(b, sizeof(b), "%.0f", want);
		assert_string_equal(response_get(&r, "total"), b);
	}
	assert_int_equal(response_check(&r, NULL, &p), 0);
	assert_int_equal(response_instances(&r, &inst, &ninst), 0);
	assert_int_equal(ninst, 10000);
	assert_int_equal(record_encode_repeats((const char *const *)r.values, s->nq, inst, ninst,
					       &rec, NULL), 0);
	assert_int_equal(record_decode(rec.buf, rec.len, s->nq, &rb, &pos), 0);
	assert_int_equal(response_init(&back, s), 0);
	assert_int_equal(response_set_instances(&back, rb.inst, rb.ninst, NULL), 0);
	assert_int_equal(response_count(&back, rq, NULL), 10000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "10,000 instances: %.3f s, record %zu bytes\n", secs, rec.len);
	assert_true(secs < 10.0);	/* 0.04 s here; generous for valgrind and loaded machines */
	free(inst);
	strbuf_release(&rec);
	record_buf_release(&rb);
	problems_release(&p);
	response_release(&back);
	response_release(&r);
	survey_free(s);
	diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_problems_name_instance),
		cmocka_unit_test(test_instances_api),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_refuses),
		cmocka_unit_test(test_instances_refused),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
