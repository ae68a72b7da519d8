/*
 * Unit tests of the CSV import (src/collect/import.c) on the test survey
 * tests/data/good/essai.yaml: how each layout's columns are understood,
 * how values are normalised before the survey's checks, all-or-nothing,
 * the cap on reported problems, and re-imports by `_id`.  Each case
 * imports a small file into a fresh workspace and looks at what was stored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect/import.h"
#include "survey/survey.h"

static struct survey *essai;
static char dir[4096], db[8192], csv[8192];
static int nfile;
static int64_t vid;
static struct store *st;

static int group_setup(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/essai.yaml", "rb");
	const char *base = getenv("TMPDIR");
	char buf[16384];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (survey_load(&essai, "essai.yaml", buf, n, &d) < 0)
		return -1;
	diags_release(&d);
	snprintf(dir, sizeof(dir), "%s/test_import.XXXXXX", base && *base ? base : "/tmp");
	setenv("UTILIS_NOW", "2025-06-01T12:00:00Z", 1);
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[8300];

	(void)state;
	survey_free(essai);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh workspace with essai loaded, as the global st. */
static int setup(void **state)
{
	struct error err;
	struct survey_version sv;
	enum store_put_result res;

	(void)state;
	snprintf(db, sizeof(db), "%s/w%d.db", dir, nfile++);
	if (store_open(&st, db, STORE_CREATE, &err) < 0 ||
	    store_survey_put(st, "essai", 1, "Essai", NULL, "form_id: essai\n", &res, &err) < 0 ||
	    store_survey_get(st, "essai", 1, &sv, &err) != 1)
		return -1;
	vid = sv.id;
	survey_version_release(&sv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	return 0;
}

/*
 * Import text (layout lay) and return import_csv()'s code; the diagnostics
 * as "ROW:COL: message" lines go to msgs (may be NULL), the counts to *res.
 */
static int import_text(const char *text, enum import_layout lay, int dry, struct import_result *res,
		       struct strbuf *msgs)
{
	struct import_options opt;
	struct diags d = DIAGS_INIT;
	struct error err;
	FILE *fp;
	int rc;

	snprintf(csv, sizeof(csv), "%s/in%d.csv", dir, nfile++);
	fp = fopen(csv, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	memset(&opt, 0, sizeof(opt));
	opt.layout = lay;
	opt.dry_run = dry;
	import_result_init(res);
	rc = import_csv(st, essai, vid, csv, &opt, res, &d, &err);
	for (size_t i = 0; msgs && i < d.n; i++)
		strbuf_addf(msgs, "%d:%d: %s%s\n", d.v[i].line, d.v[i].col,
			    d.v[i].sev == SEV_WARNING ? "warning: " : "", d.v[i].msg);
	diags_release(&d);
	return rc;
}

/* The stored answers, one line per respondent: "_id|group|name=value,...". */
static int dump_row(void *ctx, const struct respondent *r, const char *const *v, size_t n)
{
	struct strbuf *sb = ctx;

	strbuf_addf(sb, "%s|%s|", r->ext_id ? r->ext_id : "-", r->group ? r->group : "-");
	for (size_t i = 0, k = 0; i < n && i < essai->nq; i++)
		if (v[i])
			strbuf_addf(sb, "%s%s=%s", k++ ? "," : "", essai->questions[i]->name, v[i]);
	strbuf_addch(sb, '\n');
	return 0;
}

static void expect_stored(const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct error err;

	assert_int_equal(store_answers_each(st, "essai", 0, 0, essai->nq, dump_row, &sb, &err), 0);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

/* French spellings become the stored forms; the calculation is recomputed. */
static void test_normalised(void **state)
{
	struct import_result res;

	(void)state;
	assert_int_equal(import_text("_id;_group;age;arrivee;budget;aides;aides_autre;majeur\r\n"
				     "a1; accueil ; 34 ;3/1/2025;2,5;\"repas\t logement  autre\";\"ligne 1\r\nligne 2\";non\r\n",
				     IMPORT_UTILIS, 0, &res, NULL), 0);
	assert_int_equal(res.added, 1);
	assert_string_equal(res.recomputed.buf, "majeur");
	assert_string_equal(res.missing.buf, "ecoute, seul, priorites, note");
	expect_stored("a1|accueil|age=34,arrivee=2025-01-03,aides=repas logement autre,"
		      "aides_autre=ligne 1\nligne 2,budget=2.5,majeur=oui\n");
	import_result_release(&res);
}

/* The 0/1 columns alone make the answer, in list order. */
static void test_choice_columns_alone(void **state)
{
	struct import_result res;

	(void)state;
	assert_int_equal(import_text("_id,age,aides/autre,aides/repas,aides_autre\n"
				     "a1,40,1,1,Bus\n"
				     "a2,41,0,,\n",
				     IMPORT_UTILIS, 0, &res, NULL), 0);
	expect_stored("a1|-|age=40,aides=repas autre,aides_autre=Bus,majeur=oui\n"
		      "a2|-|age=41,majeur=oui\n");
	import_result_release(&res);
}

/* KoboToolbox: group paths, 0/1 columns, metadata; ODK Central: '-' paths, KEY, review. */
static void test_tool_layouts(void **state)
{
	struct import_result res;
	struct strbuf msgs = STRBUF_INIT;

	(void)state;
	assert_int_equal(import_text("\"start\";\"profil/age\";\"avis/aides\";\"avis/aides/repas\";"
				     "\"avis/aides/autre\";\"avis/aides_autre\";\"_id\";\"_submission_time\";"
				     "\"_validation_status\";\"__version__\"\n"
				     "\"2025-01-01T10:00:00.000+01:00\";\"30\";\"repas\";\"1\";\"0\";\"\";"
				     "\"11\";\"2025-01-01T09:05:00\";\"\";\"v1\"\n",
				     IMPORT_KOBO, 0, &res, &msgs), 0);
	assert_string_equal(msgs.buf, "");
	assert_string_equal(res.ignored.buf, "start, __version__");
	import_result_release(&res);
	assert_int_equal(import_text("SubmissionDate,profil-age,avis-aides,avis-aides/logement,"
				     "meta-instanceID,KEY,ReviewState\n"
				     "2025-02-01T08:00:00.250Z,50,logement,1,uuid:x1,uuid:x1,approved\n"
				     "2025-02-01T09:00:00.250Z,51,logement,1,uuid:x2,uuid:x2,rejected\n",
				     IMPORT_ODK, 0, &res, &msgs), 0);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.rejected, 1);
	expect_stored("11|-|age=30,aides=repas,majeur=oui\n"
		      "uuid:x1|-|age=50,aides=logement,majeur=oui\n");
	strbuf_release(&msgs);
	import_result_release(&res);
}

/* One bad row and nothing is stored, even the good rows before it. */
static void test_all_or_nothing(void **state)
{
	struct import_result res;
	struct strbuf msgs = STRBUF_INIT;
	int64_t n = -1;
	struct error err;

	(void)state;
	assert_int_equal(import_text("_id,age\na1,30\na2,31\na3,3\n", IMPORT_UTILIS, 0, &res, &msgs),
			 UT_EDATA);
	assert_string_equal(msgs.buf, "4:2: 'age': '3' does not meet the constraint "
			    "\". >= 16 and . <= 110\" (Entre 16 et 110 ans.)\n");
	assert_int_equal(store_count_respondents(st, "essai", 0, 0, &n, &err), 0);
	assert_int_equal(n, 0);
	strbuf_release(&msgs);
	import_result_release(&res);
}

/* The first IMPORT_MAX_REPORTED problems are reported, all are counted. */
static void test_problem_cap(void **state)
{
	struct import_result res;
	struct strbuf text = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&text, "age,note\n");
	for (int i = 0; i < 70; i++)
		strbuf_addstr(&text, "1,11\n");
	assert_int_equal(import_text(text.buf, IMPORT_UTILIS, 0, &res, NULL), UT_EDATA);
	assert_int_equal(res.nerrors, 140);
	assert_int_equal(res.rows, 70);
	strbuf_release(&text);
	import_result_release(&res);
}

/* Re-imports: the same rows are skipped, changed ones kept as stored with a warning. */
static void test_reimport(void **state)
{
	struct import_result res;
	struct strbuf msgs = STRBUF_INIT;

	(void)state;
	assert_int_equal(import_text("_id,age\na1,30\na2,40\n", IMPORT_UTILIS, 0, &res, NULL), 0);
	import_result_release(&res);
	assert_int_equal(import_text("_id,age\na1,30\na2,41\na3,50\n", IMPORT_UTILIS, 0, &res, &msgs), 0);
	assert_int_equal(res.added, 1);
	assert_int_equal(res.unchanged, 1);
	assert_int_equal(res.changed, 1);
	assert_string_equal(msgs.buf, "3:1: warning: _id 'a2' was imported before with other answers: "
			    "the stored answers are kept (erase them first to replace them)\n");
	expect_stored("a1|-|age=30,majeur=oui\na2|-|age=40,majeur=oui\na3|-|age=50,majeur=oui\n");
	strbuf_release(&msgs);
	import_result_release(&res);
}

/* A dry run checks and counts, and writes nothing. */
static void test_dry_run(void **state)
{
	struct import_result res;

	(void)state;
	assert_int_equal(import_text("_id,age\na1,30\na2,40\n", IMPORT_UTILIS, 1, &res, NULL), 0);
	assert_int_equal(res.added, 2);
	expect_stored("");
	import_result_release(&res);
}

/* Thousands of rows cross many batches of the writer thread, in order. */
static void test_many_rows(void **state)
{
	struct import_result res;
	struct strbuf text = STRBUF_INIT;
	int64_t n = 0;
	struct error err;

	(void)state;
	strbuf_addstr(&text, "_id,age,ecoute,aides\n");
	for (int i = 0; i < 5000; i++)
		strbuf_addf(&text, "r%d,%d,%d,%s\n", i, 16 + i % 90, 1 + i % 3, i % 2 ? "repas" : "");
	assert_int_equal(import_text(text.buf, IMPORT_UTILIS, 0, &res, NULL), 0);
	assert_int_equal(res.added, 5000);
	assert_int_equal(store_count_respondents(st, "essai", 1, 1, &n, &err), 0);
	assert_int_equal(n, 5000);
	/* the same file again: all skipped, looked up by _id */
	import_result_release(&res);
	assert_int_equal(import_text(text.buf, IMPORT_UTILIS, 0, &res, NULL), 0);
	assert_int_equal(res.added, 0);
	assert_int_equal(res.unchanged, 5000);
	strbuf_release(&text);
	import_result_release(&res);
}

/*
 * `_id`s given twice in a file of thousands of rows: each repeat names the
 * row of the first, after the set of `_id`s has grown several times, and
 * nothing is stored.
 */
static void test_many_ids_twice(void **state)
{
	struct import_result res;
	struct strbuf text = STRBUF_INIT, msgs = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&text, "_id,age,ecoute,aides\n");
	for (int i = 0; i < 5000; i++)
		strbuf_addf(&text, "r%d,%d,%d,\n", i, 16 + i % 90, 1 + i % 3);
	strbuf_addstr(&text, "r0,30,1,\nr4999,30,1,\nr2500,30,1,\nr5000,30,1,\n");
	assert_int_equal(import_text(text.buf, IMPORT_UTILIS, 0, &res, &msgs), UT_EDATA);
	assert_string_equal(msgs.buf,
			    "5002:1: _id 'r0' is given twice (first at row 2)\n"
			    "5003:1: _id 'r4999' is given twice (first at row 5001)\n"
			    "5004:1: _id 'r2500' is given twice (first at row 2502)\n");
	expect_stored("");
	strbuf_release(&text);
	strbuf_release(&msgs);
	import_result_release(&res);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_normalised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choice_columns_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tool_layouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problem_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_ids_twice, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
