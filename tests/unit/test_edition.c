/*
 * Unit tests of analysis/edition: the shipped edition checked against the
 * shipped surveys, and broken definitions with their exact messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/edition.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	assert_non_null(fp);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static struct survey *survey(const char *path)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	size_t len;
	char *src = slurp(path, &len);

	assert_int_equal(survey_load(&s, path, src, len, &d), 0);
	diags_release(&d);
	free(src);
	return s;
}

static struct survey *app, *grid;

static int setup(void **state)
{
	(void)state;
	app = survey("../../surveys/prix-candidature.yaml");
	grid = survey("../../surveys/prix-grille.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	survey_free(app);
	survey_free(grid);
	return 0;
}

static void test_shipped_edition(void **state)
{
	struct diags d = DIAGS_INIT;
	struct edition *e;
	size_t len, i;
	char *src = slurp("../../indicators/prix-2018.yaml", &len);
	double wsum = 0;

	(void)state;
	assert_int_equal(edition_parse(&e, "prix-2018.yaml", src, len, &d), 0);
	assert_int_equal(edition_check(e, app, grid, &d), 0);
	diags_print(stderr, &d);
	assert_int_equal(d.n, 0);
	assert_string_equal(e->id, "prix-2018");
	assert_int_equal(e->ncrit, 6);
	for (i = 0; i < e->ncrit; i++)
		wsum += e->crit[i].weight;
	assert_true(wsum == 100);
	assert_true(e->lo == 0 && e->hi == 5);
	assert_int_equal(e->norm, PRIZE_NORM_ZSCORE);
	assert_int_equal(e->agg, PRIZE_AGG_TRIMMED);
	assert_int_equal(e->ntiebreak, 2);
	assert_string_equal(e->crit[e->tiebreak[0]].name, "note_impact");
	assert_int_equal(e->min_jurors, 3);
	assert_int_equal(e->nsiren, 2);
	assert_string_equal(e->siren[1], "ent_siret");
	assert_string_equal(label_get(grid, &e->title, 1), "“La part des autres” prize — 2018 edition");
	edition_free(e);
	diags_release(&d);
	free(src);
}

static void test_broken(void **state)
{
	static const struct {
		const char *src;
		const char *want;	/* every diagnostic, as printed */
	} cases[] = {
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\nnormalisation: zscores\n",
		  "e.yaml:6:16: error: unknown normalisation 'zscores'; did you mean 'zscore'?\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\naggregaton: mean\n",
		  "e.yaml:6:1: error: unknown key 'aggregaton' in the edition; did you mean 'aggregation'?\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nome]\n",
		  "e.yaml:5:18: error: candidate name 'asso_nome' is not a question of 'prix-candidature'; did you mean 'asso_nom'?\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\nsiren: [asso_siret, ent_sirte]\n",
		  "e.yaml:6:21: error: SIREN 'ent_sirte' is not a question of 'prix-candidature'; did you mean 'ent_siret'?\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\ncriteria: {note_impact: 30, com_impact: 10}\n",
		  "e.yaml:6:29: error: criterion 'com_impact' is not a scale question of 'prix-grille'\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\ntie_break: [note_impact, note_charme]\n",
		  "e.yaml:6:26: error: tie-break 'note_charme' is not one of the criteria\n" },
		{ "edition: x\ntitle: T\napplication: prix-candidature\ngrid: prix-grille\n"
		  "candidate_name: [asso_nom]\nmin_jurors: 0\ndivergence: -3\n",
		  "e.yaml:6:13: error: 'min_jurors' must be a whole number from 1 to 1000\n"
		  "e.yaml:7:13: error: 'divergence' must be a number of points above 0 and at most 100\n" },
		{ "edition: x\napplication: prix-candidature\n",
		  "e.yaml:1:1: error: missing 'grid'\n"
		  "e.yaml:1:1: error: missing 'title'\n"
		  "e.yaml:1:1: error: missing 'candidate_name' (the application questions that name a candidate)\n" },
		{ "edition: x\ntitle: T\napplication: absente\ngrid: prix-grille\ncandidate_name: [asso_nom]\n",
		  "e.yaml:3:14: error: survey 'absente' is not loaded in the workspace\n" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diags d = DIAGS_INIT;
		struct edition *e = NULL;
		char *buf = NULL;
		size_t len = 0;
		FILE *fp;
		int rc = edition_parse(&e, "e.yaml", cases[i].src, strlen(cases[i].src), &d);

		if (rc == 0) {
			int missing_app = strstr(cases[i].src, "absente") != NULL;

			assert_int_equal(edition_check(e, missing_app ? NULL : app, grid, &d), -1);
		}
		fp = open_memstream(&buf, &len);
		diags_print(fp, &d);
		fclose(fp);
		if (strcmp(buf, cases[i].want))
			fail_msg("case %zu:\n got: %s\nwant: %s", i, buf, cases[i].want);
		free(buf);
		edition_free(e);
		diags_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_edition),
		cmocka_unit_test(test_broken),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
