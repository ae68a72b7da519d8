/*
 * Unit tests of panels in the workspace (src/store/panel.c and the panel
 * parts of invite.c and responses.c): the panel key of a submission, the
 * same for a person in every wave and nothing that names them in the row;
 * erasure by e-mail (every wave) and of one respondent (the other waves
 * unlinked); a panel secret missing from an older workspace, or removed
 * while answers carry keys.  On a real SQLite file in a temporary
 * directory; SQLite is used directly only to look at what the store wrote
 * and to play an older workspace.
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

#include <sqlite3.h>

#include "store/store.h"

static char dir[4096], path[4200];
static struct store *st;
static int64_t version_id;

static void remove_workspace(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char p[4300];

	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static int setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct error err;
	enum store_put_result res;
	struct survey_version sv;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_panel.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/w.db", dir);
	setenv("UTILIS_NOW", "2025-05-06T07:08:09Z", 1);
	if (store_open(&st, path, STORE_CREATE, &err) < 0 ||
	    store_survey_put(st, "f", 1, "F", "f.yaml", "form_id: f\n", &res, &err) < 0 ||
	    store_survey_get(st, "f", 0, &sv, &err) != 1)
		return -1;
	version_id = sv.id;
	survey_version_release(&sv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	remove_workspace();
	return rmdir(dir);
}

/* One integer from SQL run on a second connection. */
static long long sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long long v = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

static void sql_exec(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static int ntoken;

/* Invite and submit one link of wave with email (or contact key); its answer is value. */
static int submit(const char *email, const char *contact_key, const char *wave, const char *value,
		  int flags, struct error *err)
{
	char token[32];
	const char *values[1] = { value };
	int64_t id;
	int rc;

	snprintf(token, sizeof(token), "tok%08d", ntoken++);
	rc = store_invitation_add(st, version_id, token, 0, "Nom", email, "g", wave, &id, err);
	if (rc == 0 && contact_key)
		rc = store_invitation_set_contact_key(st, id, contact_key, err);
	if (rc == 0)
		rc = store_invitation_submit(st, id, values, 1, flags, NULL, 0, NULL, err);
	return rc;
}

#define PANEL (STORE_SUBMIT_ANONYMOUS | STORE_SUBMIT_PANEL)

/* The same person in two waves shares one key; the row names nobody. */
static void test_keys(void **state)
{
	struct error err;
	char k1[65], k2[65], k3[65];

	(void)state;
	/* a workspace without panel answers has no secret until one is needed */
	assert_int_equal(store_panel_key(st, "f", "anne@example.org", NULL, 0, k1, &err), 0);
	assert_string_equal(k1, "");
	assert_int_equal(submit("anne@example.org", NULL, "2024", "3", PANEL, &err), 0);
	assert_int_equal(submit(" Anne@Example.ORG ", NULL, "2025", "4", PANEL, &err), 0);
	assert_int_equal(submit("bruno@example.org", NULL, "2024", "2", PANEL, &err), 0);
	assert_int_equal(submit(NULL, "0123456789abcdef0123456789abcdef", "2024", "2", PANEL, &err), 0);
	assert_int_equal(submit(NULL, "0123456789abcdef0123456789abcdef", "2025", "5", PANEL, &err), 0);
	/* no contact at all (an open link): no key */
	assert_int_equal(submit(NULL, NULL, "2025", "1", PANEL, &err), 0);
	/* not a panel: no key */
	assert_int_equal(submit("anne@example.org", NULL, "2026", "1", STORE_SUBMIT_ANONYMOUS, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 7);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE panel IS NOT NULL"), 5);
	assert_int_equal(sql_int("SELECT count(DISTINCT panel) FROM respondent"), 3);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent GROUP BY panel HAVING panel IS NOT NULL"
				 " ORDER BY count(*) DESC LIMIT 1"), 2);
	/* pseudonymous: the row holds neither the token nor anything of the contact */
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE token IS NOT NULL"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent r, invitation i WHERE"
				 " instr(r.panel, i.email) OR instr(r.panel, i.contact_key)"
				 " OR r.id = i.respondent_id"), 0);
	/* the key is what store_panel_key gives, case and spaces aside; per survey */
	assert_int_equal(store_panel_key(st, "f", "ANNE@example.org", NULL, 0, k1, &err), 1);
	assert_int_equal(store_panel_key(st, "f", "anne@example.org\n", NULL, 1, k2, &err), 1);
	assert_string_equal(k1, k2);
	assert_int_equal(store_panel_key(st, "g", "anne@example.org", NULL, 0, k3, &err), 1);
	assert_string_not_equal(k1, k3);
	assert_int_equal(strlen(k1), 64);
	assert_int_equal(sql_int("SELECT length(value) FROM secret WHERE name = 'panel'"), 32);
}

/* Erasing by e-mail takes every wave; erasing one respondent unlinks the others. */
static void test_erase(void **state)
{
	struct store_erased n;
	struct error err;
	char num[32];
	long long id;

	(void)state;
	assert_int_equal(submit("chloe@example.org", NULL, "2024", "3", PANEL, &err), 0);
	assert_int_equal(submit("chloe@example.org", NULL, "2025", "4", PANEL, &err), 0);
	assert_int_equal(submit("chloe@example.org", NULL, "2026", "5", PANEL, &err), 0);
	assert_int_equal(submit("denis@example.org", NULL, "2024", "3", PANEL, &err), 0);
	assert_int_equal(submit("denis@example.org", NULL, "2025", "4", PANEL, &err), 0);
	/* the dry run counts what goes: three answers, three links */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_EMAIL, "Chloe@example.org", "t", 1, &n,
				     &err), 0);
	assert_int_equal(n.respondents, 3);
	assert_int_equal(n.contacts, 3);
	assert_int_equal(store_erase(st, "f", STORE_ERASE_EMAIL, "chloe@example.org", "t", 0, &n,
				     &err), 0);
	assert_int_equal(n.respondents, 3);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 2);
	/* one respondent of denis: the other wave keeps its answers, not its key */
	id = sql_int("SELECT id FROM respondent WHERE wave = '2024'");
	snprintf(num, sizeof(num), "%lld", id);
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, num, "t", 1, &n, &err), 0);
	assert_int_equal(n.respondents, 1);
	assert_int_equal(n.unlinked, 1);
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, num, "t", 0, &n, &err), 0);
	assert_int_equal(n.respondents, 1);
	assert_int_equal(n.unlinked, 1);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE panel IS NOT NULL"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM audit WHERE detail LIKE"
				 " '%1 respondent, 0 contacts erased, 1 other wave unlinked by t'"), 1);
	/* a person erased cannot come back linked: the secret still gives the key, no row has it */
	assert_int_equal(sql_int("SELECT count(*) FROM audit WHERE detail LIKE '%chloe%'"), 0);
}

/* An older workspace has no secret: the first panel answer makes one. */
static void test_older_workspace(void **state)
{
	struct error err;

	(void)state;
	assert_int_equal(sql_int("SELECT count(*) FROM secret WHERE name = 'panel'"), 0);
	assert_int_equal(submit("eve@example.org", NULL, "2024", "3", PANEL, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM secret WHERE name = 'panel'"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE panel IS NOT NULL"), 1);
}

/* The secret removed while answers carry keys: refused, nothing written. */
static void test_secret_removed(void **state)
{
	struct error err;
	char k[65];

	(void)state;
	assert_int_equal(submit("fanny@example.org", NULL, "2024", "3", PANEL, &err), 0);
	store_close(st);
	sql_exec("DELETE FROM secret WHERE name = 'panel'");
	assert_int_equal(store_open(&st, path, 0, &err), 0);
	assert_int_equal(submit("fanny@example.org", NULL, "2025", "4", PANEL, &err), UT_ESCHEMA);
	assert_non_null(strstr(err.msg, "panel secret"));
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM secret WHERE name = 'panel'"), 0);
	/* erasing by e-mail still works: no key can be computed, the links go */
	assert_int_equal(store_panel_key(st, "f", "fanny@example.org", NULL, 0, k, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_workspace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_secret_removed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
