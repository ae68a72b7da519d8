/*
 * Unit tests of store/jury: jurors, conflicts, assignments with their
 * sheets, submission and the audit log, on a real workspace file.
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

#include "store/store.h"

static char dir[256], path[300];
static struct store *st;
static int64_t app_v, grid_v, cand[3];

static int setup(void **state)
{
	struct error err;
	enum store_put_result res;
	const char *tmp = getenv("TMPDIR");
	int i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/utilis-jury.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/w.db", dir);
	if (store_open(&st, path, STORE_CREATE, &err) < 0 ||
	    store_survey_put(st, "app", 1, "App", "app.yaml", "form_id: app", &res, &err) < 0 ||
	    store_survey_put(st, "grid", 1, "Grid", "grid.yaml", "form_id: grid", &res, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	app_v = 1;
	grid_v = 2;
	for (i = 0; i < 3; i++) {
		const char *v[1] = { "Association" };

		if (store_respondent_add_answers(st, app_v, NULL, NULL, NULL, NULL, v, 1, 1, &cand[i],
						 &err) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];

	(void)state;
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int64_t juror(const char *name, const char *email, const char *token)
{
	struct error err;
	int64_t id = 0;

	assert_int_equal(store_juror_add(st, "prix", name, email, "FACE", token, &id, &err), 0);
	return id;
}

static void test_jurors(void **state)
{
	struct error err;
	struct juror j;
	int64_t id, a = juror("Anne", "anne@example.org", "tok-anne");

	(void)state;
	juror("Bruno", "bruno@example.org", "tok-bruno");
	assert_int_equal(store_juror_add(st, "prix", "Anne bis", "anne@example.org", NULL, "t3",
					 &id, &err), UT_EDATA);
	assert_string_equal(err.msg, "a juror of 'prix' already has the email 'anne@example.org'");
	/* Another edition may have the same person. */
	assert_int_equal(store_juror_add(st, "prix-2020", "Anne", "anne@example.org", NULL, "t4",
					 &id, &err), 0);
	{
		char key[32];

		snprintf(key, sizeof(key), "%lld", (long long)a);
		assert_int_equal(store_juror_find(st, "prix", key, &j, &err), 1);
		assert_string_equal(j.name, "Anne");
		juror_release(&j);
	}
	assert_int_equal(store_juror_find(st, "prix", "bruno@example.org", &j, &err), 1);
	assert_string_equal(j.organisation, "FACE");
	juror_release(&j);
	assert_int_equal(store_juror_find(st, "prix", "1x", &j, &err), 0);
	assert_int_equal(store_juror_find(st, "prix-2020", "tok-anne", &j, &err), 0);
	assert_int_equal(store_juror_by_token(st, "tok-bruno", &j, &err), 1);
	assert_string_equal(j.edition, "prix");
	juror_release(&j);
}

static void test_assign_conflict_sheet(void **state)
{
	struct error err;
	struct jury_pair *p;
	struct juror *list;
	size_t n;
	char **vals;
	const char *scores[2] = { "4", "3" }, *rescored[2] = { "5", "3" };
	int64_t c = juror("Chloé", "chloe@example.org", "tok-chloe");

	(void)state;
	assert_int_equal(store_jury_assign(st, "prix", c, cand[0], &err), 0);
	assert_int_equal(store_jury_assign(st, "prix", c, cand[1], &err), 0);
	assert_int_equal(store_jury_assign(st, "prix", c, cand[1], &err), UT_EDATA);
	/* Scores only on an assigned pair. */
	assert_int_equal(store_jury_sheet_save(st, "prix", c, cand[2], grid_v, scores, 2, NULL,
					       &err), UT_EDATA);
	assert_int_equal(store_jury_sheet_save(st, "prix", c, cand[0], grid_v, scores, 2,
					       "note_a: - -> 4; note_b: - -> 3", &err), 0);
	assert_int_equal(store_jury_sheet_save(st, "prix", c, cand[0], grid_v, rescored, 2,
					       "note_a: 4 -> 5", &err), 0);
	assert_int_equal(store_jury_assignments(st, "prix", &p, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_true(p[0].candidate_id == cand[0] && p[0].sheet_id > 0);
	assert_int_equal(store_answers_get(st, p[0].sheet_id, &vals, &n, &err), 0);
	assert_string_equal(vals[0], "5");
	answers_free(vals, n);
	free(p);
	/* A conflict removes the assignment and its sheet; assigning again is refused. */
	assert_int_equal(store_jury_conflict(st, "prix", c, cand[0], "administratrice de l'association",
					     1, &err), 0);
	assert_int_equal(store_jury_conflict(st, "prix", c, cand[0], "encore", 0, &err), UT_EDATA);
	assert_int_equal(store_jury_assign(st, "prix", c, cand[0], &err), UT_EDATA);
	assert_int_equal(store_jury_assignments(st, "prix", &p, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(p[0].candidate_id == cand[1] && p[0].sheet_id == 0);
	free(p);
	assert_int_equal(store_jury_conflicts(st, "prix", &p, &n, &err), 0);
	assert_int_equal(n, 1);
	free(p);
	assert_int_equal(store_juror_list(st, "prix", &list, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(list[2].nassigned, 1);
	assert_int_equal(list[2].nconflicts, 1);
	jurors_free(list, n);
	/* Submitting locks the scores. */
	assert_int_equal(store_jury_sheet_save(st, "prix", c, cand[1], grid_v, scores, 2, NULL,
					       &err), 0);
	assert_int_equal(store_jury_submit(st, "prix", c, &err), 0);
	assert_int_equal(store_jury_submit(st, "prix", c, &err), UT_EDATA);
	assert_int_equal(store_jury_sheet_save(st, "prix", c, cand[1], grid_v, rescored, 2, NULL,
					       &err), UT_EDATA);
	assert_string_equal(err.msg, "juror 4 has submitted: their scores are locked");
}

static int collect(void *ctx, const char *at, const char *juror, int64_t candidate,
		   const char *action, const char *detail)
{
	char *buf = ctx;
	char line[256];

	(void)at;
	snprintf(line, sizeof(line), "%s|%lld|%s|%s\n", juror ? juror : "-", (long long)candidate,
		 action, detail ? detail : "");
	strcat(buf, line);
	return 0;
}

static void test_audit(void **state)
{
	struct error err;
	char buf[4096] = "";

	(void)state;
	assert_int_equal(store_jury_audit_each(st, "prix", collect, buf, &err), 0);
	assert_string_equal(buf,
			    "Anne|0|juror.add|anne@example.org\n"
			    "Bruno|0|juror.add|bruno@example.org\n"
			    "Chloé|0|juror.add|chloe@example.org\n"
			    "Chloé|1|assign|\n"
			    "Chloé|2|assign|\n"
			    "Chloé|1|score|note_a: - -> 4; note_b: - -> 3\n"
			    "Chloé|1|score|note_a: 4 -> 5\n"
			    "Chloé|1|conflict.juror|administratrice de l'association\n"
			    "Chloé|1|unassign|conflict of interest; the sheet is withdrawn\n"
			    "Chloé|0|submit|\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jurors),
		cmocka_unit_test(test_assign_conflict_sheet),
		cmocka_unit_test(test_audit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
