/*
 * Unit tests of the bulk side of the workspace (src/store/responses.c):
 * batched inserts, lookups by `_id` for re-imports, counts, and erasure
 * of respondents with the invitations holding their contact, checked in
 * the database itself (no row left, no identifier in the audit log).
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

#include "store/record.h"
#include "store/store.h"

static char dir[4096];
static char path[8192];
static int nfile;

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_responses.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	setenv("UTILIS_NOW", "2025-06-01T12:00:00Z", 1);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[8300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A new workspace with survey 'f' version 1 loaded; its version id in *vid. */
static struct store *new_store(int64_t *vid)
{
	struct store *st;
	struct error err;
	struct survey_version sv;
	enum store_put_result res;

	snprintf(path, sizeof(path), "%s/w%d.db", dir, nfile++);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &err), 0);
	assert_int_equal(store_survey_put(st, "f", 1, "F", NULL, "form_id: f\n", &res, &err), 0);
	assert_int_equal(store_survey_get(st, "f", 1, &sv, &err), 1);
	*vid = sv.id;
	survey_version_release(&sv);
	return st;
}

/* An integer from SQL run on the workspace file itself. */
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

/* Add n rows "r1".."rn" with answers {i, NULL, "x"} through the bulk API. */
static void add_rows(struct store *st, int64_t vid, int n, const char *submitted)
{
	struct store_bulk *b;
	struct error err;
	int64_t written = 0;

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
	for (int i = 1; i <= n; i++) {
		char id[16], v[16];
		const char *values[3] = { v, NULL, "x" };
		struct store_row row = { id, i % 2 ? "a" : "b", "2025", submitted, values, 3, NULL, 0 };

		snprintf(id, sizeof(id), "r%d", i);
		snprintf(v, sizeof(v), "%d", i);
		assert_int_equal(store_bulk_add(b, &row, &err), 0);
	}
	assert_int_equal(store_bulk_finish(b, &written, &err), 0);
	assert_int_equal(written, n);
	assert_int_equal(store_commit(st, &err), 0);
}

struct collect {
	int n;			/* rows seen */
	char first[64];		/* first row: ext_id|group|wave|submitted|answers */
	char last[64];		/* last row, likewise */
};

static int collect_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct collect *c = ctx;
	char *dst = c->n == 0 ? c->first : c->last;

	snprintf(dst, 64, "%s|%s|%s|%s|%s,%s,%s", r->ext_id, r->group, r->wave, r->submitted_at,
		 n > 0 && values[0] ? values[0] : "-", n > 1 && values[1] ? values[1] : "-",
		 n > 2 && values[2] ? values[2] : "-");
	if (c->n == 0)
		strcpy(c->last, c->first);
	c->n++;
	return 0;
}

/* Full batches and a partial one (256 per INSERT) all arrive, in order. */
static void test_bulk_batches(void **state)
{
	struct collect c = { 0, "", "" };
	struct error err;
	int64_t vid, count;
	struct store *st = new_store(&vid);

	(void)state;
	add_rows(st, vid, 600, "2025-01-02T03:04:05Z");
	assert_int_equal(store_count_respondents(st, "f", 0, 1, &count, &err), 0);
	assert_int_equal(count, 600);
	assert_int_equal(store_answers_each(st, "f", 1, 1, 3, collect_row, &c, &err), 0);
	assert_int_equal(c.n, 600);
	assert_string_equal(c.first, "r1|a|2025|2025-01-02T03:04:05Z|1,-,x");
	assert_string_equal(c.last, "r600|b|2025|2025-01-02T03:04:05Z|600,-,x");
	assert_int_equal(store_count_ext_ids(st, "f", &count, &err), 0);
	assert_int_equal(count, 600);
	store_close(st);
}

/* The time of the store stands in for a missing submission time; a bad one is refused. */
static void test_bulk_times_and_refusals(void **state)
{
	struct collect c = { 0, "", "" };
	struct store_bulk *b;
	struct error err;
	int64_t vid;
	struct store *st = new_store(&vid);
	const char *bad_utf8[1] = { "caf\xe9" };
	struct store_row bad = { NULL, NULL, NULL, NULL, bad_utf8, 1, NULL, 0 };
	struct store_row badtime = { NULL, NULL, NULL, "2025-01-02 03:04", bad_utf8, 0, NULL, 0 };

	(void)state;
	add_rows(st, vid, 1, NULL);
	assert_int_equal(store_answers_each(st, "f", 0, 1, 3, collect_row, &c, &err), 0);
	assert_string_equal(c.first, "r1|a|2025|2025-06-01T12:00:00Z|1,-,x");

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
	assert_int_equal(store_bulk_add(b, &bad, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot add a respondent: the answer in slot 0 is not valid UTF-8");
	assert_int_equal(store_bulk_add(b, &badtime, &err), UT_EDATA);
	assert_non_null(strstr(err.msg, "'2025-01-02 03:04'"));
	store_bulk_abort(b);
	store_rollback(st);
	store_close(st);
}

/*
 * Rows already encoded (store_bulk_write(), the import's way) after rows
 * left pending by store_bulk_add(): a full statement and a partial one,
 * in order, the same as the other way; a bad time refused; a re-import
 * found by its encoded answers.
 */
static void test_bulk_write(void **state)
{
	struct collect c = { 0, "", "" };
	struct store_bulk *b;
	struct error err;
	int64_t vid, count, written = 0;
	struct store *st = new_store(&vid);
	struct store_enc_row rows[300];
	struct strbuf rec[300];
	char ids[300][16], vals[300][16];
	const char *values0[3] = { "0", NULL, "x" };
	struct store_row row0 = { "r0", "b", "2025", NULL, values0, 3, NULL, 0 };
	int same = -1;

	(void)state;
	for (int i = 0; i < 300; i++) {
		const char *values[3] = { vals[i], NULL, "x" };

		snprintf(ids[i], sizeof(ids[i]), "r%d", i + 1);
		snprintf(vals[i], sizeof(vals[i]), "%d", i + 1);
		strbuf_init(&rec[i], 0);
		assert_int_equal(record_encode(values, 3, &rec[i], NULL), 0);
		rows[i] = (struct store_enc_row){ ids[i], strlen(ids[i]), i % 2 ? "b" : "a", 1,
						  "2025", 4, "2025-01-02T03:04:05Z", rec[i].buf,
						  rec[i].len };
	}
	rows[299].submitted_at = NULL;	/* the time of the store */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
	assert_int_equal(store_bulk_add(b, &row0, &err), 0);
	assert_int_equal(store_bulk_write(b, rows, 300, &err), 0);
	assert_int_equal(store_bulk_finish(b, &written, &err), 0);
	assert_int_equal(written, 301);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_count_respondents(st, "f", 0, 1, &count, &err), 0);
	assert_int_equal(count, 301);
	assert_int_equal(store_answers_each(st, "f", 1, 1, 3, collect_row, &c, &err), 0);
	assert_int_equal(c.n, 301);
	assert_string_equal(c.first, "r0|b|2025|2025-06-01T12:00:00Z|0,-,x");
	assert_string_equal(c.last, "r300|b|2025|2025-06-01T12:00:00Z|300,-,x");
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE ext_id = 'r256' AND grp = 'b'"
				 " AND wave = '2025' AND submitted_at = '2025-01-02T03:04:05Z'"), 1);
	assert_int_equal(store_find_ext_id_blob(st, "f", "r7", rec[6].buf, rec[6].len, &same, &err), 1);
	assert_int_equal(same, 1);
	assert_int_equal(store_find_ext_id_blob(st, "f", "r7", rec[5].buf, rec[5].len, &same, &err), 1);
	assert_int_equal(same, 0);
	assert_int_equal(store_find_ext_id_blob(st, "f", "r999", rec[5].buf, rec[5].len, &same, &err), 0);

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
	rows[0].submitted_at = "2025-01-02 03:04:05Z";
	assert_int_equal(store_bulk_write(b, rows, 2, &err), UT_EDATA);
	assert_non_null(strstr(err.msg, "'2025-01-02 03:04:05Z'"));
	store_bulk_abort(b);
	store_rollback(st);
	for (int i = 0; i < 300; i++)
		strbuf_release(&rec[i]);
	store_close(st);
}

/*
 * A bulk transaction (store_begin_bulk()) turns the foreign keys off: the
 * bulk insert checks its one survey version itself, and they are on again
 * after the commit and after a rollback, where a row of a version that
 * does not exist is refused row by row as before.
 */
static void test_bulk_version_checked(void **state)
{
	struct store_bulk *b;
	struct error err;
	int64_t vid, written = 0;
	struct store *st = new_store(&vid);
	const char *values[1] = { "1" };
	struct store_row row = { "x1", NULL, NULL, NULL, values, 1, NULL, 0 };

	(void)state;
	for (int round = 0; round < 2; round++) {
		assert_int_equal(store_begin_bulk(st, &err), 0);
		assert_int_equal(store_bulk_begin(st, vid + 100, &b, &err), UT_EDATA);
		assert_string_equal(err.msg, "cannot add respondents: no survey version with id 101");
		assert_null(b);
		assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
		assert_int_equal(store_bulk_add(b, &row, &err), 0);
		assert_int_equal(store_bulk_finish(b, &written, &err), 0);
		assert_int_equal(written, 1);
		if (round == 0)
			assert_int_equal(store_commit(st, &err), 0);
		else
			store_rollback(st);
		/* the foreign keys again: a version that does not exist is refused by SQLite */
		assert_int_equal(store_begin(st, &err), 0);
		assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
		store_bulk_abort(b);
		assert_int_equal(store_respondent_add(st, vid + 100, NULL, NULL, NULL, NULL, &written,
						      &err), UT_EDATA);
		assert_string_equal(err.msg, "cannot add a respondent: no survey version with id 101");
		store_rollback(st);
	}
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 1);
	store_close(st);
}

/* Re-imports: found by `_id` in any version, same answers told apart from other ones. */
static void test_find_ext_id(void **state)
{
	struct error err;
	int64_t vid;
	struct store *st = new_store(&vid);
	const char *same[3] = { "2", NULL, "x" };
	const char *same_longer[5] = { "2", NULL, "x", NULL, NULL };
	const char *other[3] = { "2", "y", "x" };
	int found_same = -1;

	(void)state;
	add_rows(st, vid, 3, NULL);
	assert_int_equal(store_find_ext_id(st, "f", "r2", same, 3, &found_same, &err), 1);
	assert_int_equal(found_same, 1);
	assert_int_equal(store_find_ext_id(st, "f", "r2", same_longer, 5, &found_same, &err), 1);
	assert_int_equal(found_same, 1);
	assert_int_equal(store_find_ext_id(st, "f", "r2", other, 3, &found_same, &err), 1);
	assert_int_equal(found_same, 0);
	assert_int_equal(store_find_ext_id(st, "f", "r9", same, 3, &found_same, &err), 0);
	assert_int_equal(store_find_ext_id(st, "g", "r2", same, 3, &found_same, &err), 0);
	store_close(st);
}

/* Erasing one respondent takes its invitation (the contact) with it; the log names no one. */
static void test_erase_respondent_and_contact(void **state)
{
	struct store_erased n;
	struct error err;
	int64_t vid, inv, rid;
	struct store *st = new_store(&vid);
	const char *values[3] = { "7", NULL, "z" };
	char key[32];

	(void)state;
	add_rows(st, vid, 2, "2024-01-01T00:00:00Z");
	assert_int_equal(store_invitation_add(st, vid, "tok-anne", 0, "Anne Martin",
					      "anne@example.org", NULL, NULL, &inv, &err), 0);
	assert_int_equal(store_invitation_submit(st, inv, values, 3, 0, NULL, 0, &rid, &err), 0);
	assert_true(rid > 0);
	snprintf(key, sizeof(key), "%lld", (long long)rid);

	/* a dry run changes nothing */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, key, "ana", 1, &n, &err), 0);
	assert_int_equal(n.respondents, 1);
	assert_int_equal(n.contacts, 1);
	assert_int_equal(sql_int("SELECT count(*) FROM invitation"), 1);

	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, key, "ana", 0, &n, &err), 0);
	assert_int_equal(n.respondents, 1);
	assert_int_equal(n.contacts, 1);
	store_close(st);
	assert_int_equal(sql_int("SELECT count(*) FROM invitation"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 2);
	assert_int_equal(sql_int("SELECT count(*) FROM audit WHERE action = 'responses.erase'"
				 " AND detail LIKE '%by ana' AND detail NOT LIKE '%anne%'"
				 " AND detail NOT LIKE '%tok-anne%'"), 1);
	/* the erased name is nowhere in the file, not even in free pages */
	{
		FILE *fp = fopen(path, "rb");
		char buf[65536];
		size_t got;
		int seen = 0;

		assert_non_null(fp);
		while ((got = fread(buf, 1, sizeof(buf), fp)) > 0)
			if (memmem(buf, got, "Anne Martin", 11))
				seen = 1;
		fclose(fp);
		assert_int_equal(seen, 0);
	}
}

/* By `_id`, by number, ambiguous keys, by e-mail, by date. */
static void test_erase_criteria(void **state)
{
	struct store_erased n;
	struct error err;
	int64_t vid, inv, count;
	struct store *st = new_store(&vid);

	(void)state;
	add_rows(st, vid, 3, "2024-01-01T00:00:00Z");	/* ids 1..3, _id r1..r3 */
	add_rows(st, vid, 1, "2025-05-01T00:00:00Z");	/* id 4, _id r1 again: another import */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, "r1", "ana", 0, &n, &err),
			 UT_EDATA);
	assert_non_null(strstr(err.msg, "names 2 respondents"));
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, "r2", "ana", 0, &n, &err), 0);
	assert_int_equal(n.respondents, 1);
	/* a number names a respondent only when it has no `_id` */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_RESPONDENT, "3", "ana", 0, &n, &err), 0);
	assert_int_equal(n.respondents, 0);
	assert_int_equal(store_invitation_add(st, vid, "tok-b", 0, "B", "B@Example.org", NULL, NULL,
					      &inv, &err), 0);
	assert_int_equal(store_erase(st, "f", STORE_ERASE_EMAIL, "b@example.org", "ana", 0, &n, &err), 0);
	assert_int_equal(n.contacts, 1);
	assert_int_equal(n.respondents, 0);
	/* retention: before the day given, submissions of that day stay */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_BEFORE, "2025-05-01", "ana", 0, &n, &err), 0);
	assert_int_equal(n.respondents, 2);
	assert_int_equal(store_count_respondents(st, "f", 0, 0, &count, &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_erase(st, "f", STORE_ERASE_BEFORE, "", "ana", 0, &n, &err), UT_EDATA);
	store_close(st);
}

/*
 * An export reads the workspace three times (the count, the widths, the
 * rows): inside store_begin_read() all three see the same respondents,
 * while another connection (the server) commits one more, longer, between
 * them; the new one is seen once the read transaction ends.
 */
static void test_read_snapshot(void **state)
{
	struct collect c = { 0, "", "" };
	struct store_resp_widths w;
	struct store_bulk *b;
	struct store *rd;
	struct error err;
	int64_t vid, count, written = 0;
	struct store *st = new_store(&vid);
	const char *values[3] = { "7", NULL, "x" };
	struct store_row row = { "un identifiant bien plus long", "a", "2025", NULL, values, 3,
				 NULL, 0 };

	(void)state;
	add_rows(st, vid, 3, "2025-01-02T03:04:05Z");
	assert_int_equal(store_open(&rd, path, STORE_READONLY, &err), 0);
	assert_int_equal(store_begin_read(rd, &err), 0);
	assert_int_equal(store_count_respondents(rd, "f", 1, 1, &count, &err), 0);
	assert_int_equal(count, 3);
	/* the server's submission, committed after the count */
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_bulk_begin(st, vid, &b, &err), 0);
	assert_int_equal(store_bulk_add(b, &row, &err), 0);
	assert_int_equal(store_bulk_finish(b, &written, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_respondent_widths(rd, "f", 1, 1, &w, &err), 0);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.ext_id, 2);
	assert_int_equal(store_answers_each(rd, "f", 1, 1, 3, collect_row, &c, &err), 0);
	assert_int_equal(c.n, 3);
	store_rollback(rd);
	assert_int_equal(store_count_respondents(rd, "f", 1, 1, &count, &err), 0);
	assert_int_equal(count, 4);
	store_close(rd);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_batches),
		cmocka_unit_test(test_bulk_times_and_refusals),
		cmocka_unit_test(test_bulk_write),
		cmocka_unit_test(test_bulk_version_checked),
		cmocka_unit_test(test_find_ext_id),
		cmocka_unit_test(test_erase_respondent_and_contact),
		cmocka_unit_test(test_erase_criteria),
		cmocka_unit_test(test_read_snapshot),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
