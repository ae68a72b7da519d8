/*
 * Unit tests of the workspace (src/store) and of the JSON writer and flat
 * reader it stores answers with (src/util/json).  Every workspace lives in
 * a temporary directory made by the group setup and removed at the end.
 * SQLite is used directly only to forge files the store must refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/strbuf.h"

static char tmpdir[4096];
static int nfile;
static char last_path[8192];	/* file of the last open_new() */

static int group_setup(void **state)
{
	const char *base = getenv("TMPDIR");

	if (!base || !*base)
		base = "/tmp";
	snprintf(tmpdir, sizeof(tmpdir), "%s/test_store.XXXXXX", base);
	if (!mkdtemp(tmpdir))
		return -1;
	/* fixed clock for the whole run, as the command-line tests do */
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	return 0;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[8192];

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* A fresh file name in the temporary directory (static buffer). */
static const char *fresh_path(const char *stem)
{
	static char path[8192];

	snprintf(path, sizeof(path), "%s/%s-%d.db", tmpdir, stem, ++nfile);
	return path;
}

static struct store *open_new(const char *stem)
{
	struct store *st = NULL;
	struct error err = { "" };
	int rc;

	snprintf(last_path, sizeof(last_path), "%s", fresh_path(stem));
	rc = store_open(&st, last_path, STORE_CREATE, &err);
	if (rc)
		fail_msg("store_open: %s", err.msg);
	return st;
}

/* Store form_id/version with a source that differs by version (and tag). */
static int64_t put_survey(struct store *st, const char *form_id, int version,
			  const char *tag)
{
	char src[256];
	struct survey_version sv;
	enum store_put_result res;
	struct error err = { "" };
	int64_t id;

	snprintf(src, sizeof(src), "form_id: %s\nversion: %d\n# %s\n", form_id, version,
		 tag ? tag : "");
	if (store_survey_put(st, form_id, version, "Title", "f.yaml", src, &res, &err))
		fail_msg("store_survey_put: %s", err.msg);
	assert_int_equal(store_survey_get(st, form_id, version, &sv, &err), 1);
	id = sv.id;
	survey_version_release(&sv);
	return id;
}

static void file_digest(const char *path, char out[65])
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	assert_non_null(fp);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		assert_int_equal(strbuf_add(&sb, buf, n), 0);
	fclose(fp);
	sha256_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

/* Run SQL on a file with SQLite directly. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int64_t raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t v;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

/* --- opening ---------------------------------------------------------- */

static void test_create_open_reopen(void **state)
{
	const char *p = fresh_path("ws");
	char path[8192];
	struct store *st = NULL;
	struct error err = { "" };
	enum store_put_result res;

	snprintf(path, sizeof(path), "%s", p);
	assert_int_equal(store_open(&st, path, STORE_CREATE, &err), 0);
	assert_non_null(st);
	assert_int_equal(store_survey_put(st, "a", 1, NULL, NULL, "x", &res, &err), 0);
	store_close(st);

	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), 0x7574696c);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM survey_version"), 1);

	/* reopen without CREATE: same data, no second migration */
	assert_int_equal(store_open(&st, path, 0, &err), 0);
	assert_int_equal(store_survey_put(st, "a", 1, NULL, NULL, "x", &res, &err), 0);
	assert_int_equal(res, STORE_UNCHANGED);
	store_close(st);

	/* read-only: reads work, writes are refused */
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), 0);
	{
		struct survey_version sv;

		assert_int_equal(store_survey_get(st, "a", 0, &sv, &err), 1);
		assert_string_equal(sv.source, "x");
		survey_version_release(&sv);
	}
	assert_true(store_survey_put(st, "b", 1, NULL, NULL, "y", &res, &err) < 0);
	store_close(st);
	store_close(NULL);
}

static void test_missing_without_create(void **state)
{
	const char *path = fresh_path("missing");
	char want[9000];
	struct store *st = (struct store *)&st;
	struct error err = { "" };

	assert_int_equal(store_open(&st, path, 0, &err), STORE_ENOENT);
	assert_null(st);
	snprintf(want, sizeof(want), "no workspace at '%s' (create one with 'utilis init')",
		 path);
	assert_string_equal(err.msg, want);
	assert_int_equal(access(path, F_OK), -1);

	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), STORE_ENOENT);
	assert_int_equal(access(path, F_OK), -1);
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void test_not_sqlite(void **state)
{
	static const char *const contents[] = {
		"form_id: pss\nversion: 1\n",
		"SQLite format 3",	/* a truncated header */
	};
	char big[4096];

	memset(big, 'x', sizeof(big));
	for (size_t i = 0; i < 3; i++) {
		const char *path = fresh_path("text");
		struct store *st = NULL;
		struct error err = { "" };
		char before[65], after[65], want[9000];

		if (i < 2)
			write_file(path, contents[i], strlen(contents[i]) + (i == 1));
		else
			write_file(path, big, sizeof(big));
		file_digest(path, before);
		assert_int_equal(store_open(&st, path, 0, &err), STORE_ESCHEMA);
		assert_null(st);
		snprintf(want, sizeof(want), "'%s' is not a utilis workspace (", path);
		assert_memory_equal(err.msg, want, strlen(want));
		file_digest(path, after);
		assert_string_equal(before, after);
		assert_int_equal(store_open(&st, path, STORE_CREATE, &err), STORE_ESCHEMA);
		assert_int_equal(store_open(&st, path, STORE_READONLY, &err), STORE_ESCHEMA);
	}
}

static void test_unrelated_sqlite(void **state)
{
	static const char *const scripts[] = {
		"CREATE TABLE t(x); INSERT INTO t VALUES (1);",
		"PRAGMA application_id = 42;",
		"PRAGMA user_version = 1;",
		"PRAGMA application_id = 42; PRAGMA user_version = 1; CREATE TABLE t(x);",
	};

	for (size_t i = 0; i < sizeof(scripts) / sizeof(*scripts); i++) {
		const char *path = fresh_path("other");
		struct store *st = NULL;
		struct error err = { "" };
		char before[65], after[65], want[9000];

		raw_exec(path, scripts[i]);
		file_digest(path, before);
		assert_int_equal(store_open(&st, path, 0, &err), STORE_ESCHEMA);
		assert_null(st);
		snprintf(want, sizeof(want), "'%s' is not a utilis workspace (a SQLite database "
			 "of another program", path);
		assert_memory_equal(err.msg, want, strlen(want));
		file_digest(path, after);
		assert_string_equal(before, after);
	}
}

static void test_empty_sqlite_file_is_new(void **state)
{
	const char *path = fresh_path("empty");
	struct store *st = NULL;
	struct error err = { "" };

	write_file(path, "", 0);
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), STORE_ESCHEMA);
	assert_int_equal(store_open(&st, path, 0, &err), 0);
	store_close(st);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static void test_newer_schema_refused(void **state)
{
	char path[8192], want[9000], before[65], after[65];
	struct store *st = open_new("newer");
	struct error err = { "" };

	snprintf(path, sizeof(path), "%s", last_path);
	store_close(st);
	raw_exec(path, "PRAGMA user_version = 7");
	file_digest(path, before);

	for (int flags = 0; flags <= STORE_READONLY; flags++) {
		assert_int_equal(store_open(&st, path, flags, &err), STORE_ESCHEMA);
		snprintf(want, sizeof(want), "workspace '%s' was written by a newer utilis "
			 "(schema 7, this one reads up to %d)", path, STORE_SCHEMA_VERSION);
		assert_string_equal(err.msg, want);
	}
	file_digest(path, after);
	assert_string_equal(before, after);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 7);
}

static void test_corrupt_refused(void **state)
{
	char path[8192], want[9000], junk[2048];
	struct store *st = open_new("corrupt");
	struct error err = { "" };
	const struct answer a[] = { { "q1", "some text long enough to fill pages" } };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	FILE *fp;

	snprintf(path, sizeof(path), "%s", last_path);
	for (int i = 0; i < 2000; i++)
		assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL,
							      a, 1, 0, &id, &err), 0);
	store_close(st);
	/* scribble over a b-tree page in the middle of the file */
	memset(junk, 0xA5, sizeof(junk));
	fp = fopen(path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 4096 * 10 + 8, SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, sizeof(junk), fp), sizeof(junk));
	assert_int_equal(fclose(fp), 0);

	assert_int_equal(store_open(&st, path, 0, &err), STORE_ESCHEMA);
	snprintf(want, sizeof(want), "'%s' is not a utilis workspace (", path);
	assert_memory_equal(err.msg, want, strlen(want));
}

/* --- survey versions ------------------------------------------------- */

static void test_survey_put(void **state)
{
	struct store *st = open_new("put");
	struct error err = { "" };
	enum store_put_result res = -1;
	struct survey_version sv;
	char sha[65];

	assert_int_equal(store_survey_put(st, "pss", 1, "Stress", "pss.yaml", "v1 text",
					  &res, &err), 0);
	assert_int_equal(res, STORE_ADDED);

	res = -1;
	assert_int_equal(store_survey_put(st, "pss", 1, "Stress", "other.yaml", "v1 text",
					  &res, &err), 0);
	assert_int_equal(res, STORE_UNCHANGED);

	assert_int_equal(store_survey_put(st, "pss", 1, "Stress", "pss.yaml", "changed",
					  &res, &err), STORE_EDATA);
	assert_string_equal(err.msg, "survey 'pss' version 1 is already loaded with different "
			    "content (highest stored version: 1); increase 'version' to load "
			    "a change");

	assert_int_equal(store_survey_put(st, "pss", 3, "Stress", "pss.yaml", "v3 text",
					  &res, &err), 0);
	assert_int_equal(res, STORE_ADDED);
	/* a lower version than the highest, even if new, is refused */
	assert_int_equal(store_survey_put(st, "pss", 2, "Stress", "pss.yaml", "v2 text",
					  &res, &err), STORE_EDATA);
	assert_non_null(strstr(err.msg, "(highest stored version: 3)"));
	/* loading an old version again is still a no-op */
	assert_int_equal(store_survey_put(st, "pss", 1, NULL, NULL, "v1 text", &res, &err), 0);
	assert_int_equal(res, STORE_UNCHANGED);
	/* another form has its own numbering */
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "v1 text", &res, &err), 0);
	assert_int_equal(res, STORE_ADDED);

	assert_int_equal(store_survey_put(st, "pss", 0, NULL, NULL, "zero", &res, &err),
			 STORE_EDATA);
	assert_int_equal(store_survey_put(st, "", 1, NULL, NULL, "zero", &res, &err),
			 STORE_EDATA);

	assert_int_equal(store_survey_get(st, "pss", 3, &sv, &err), 1);
	sha256_hex("v3 text", 7, sha);
	assert_string_equal(sv.sha256, sha);
	assert_string_equal(sv.loaded_at, "2024-05-06T07:08:09Z");
	survey_version_release(&sv);
	store_close(st);
}

static void test_survey_put_audit(void **state)
{
	char path[8192];
	struct store *st = open_new("audit");
	struct error err = { "" };
	enum store_put_result res;

	snprintf(path, sizeof(path), "%s", last_path);
	assert_int_equal(store_survey_put(st, "pss", 1, NULL, "pss.yaml", "a", &res, &err), 0);
	assert_int_equal(store_survey_put(st, "pss", 1, NULL, "pss.yaml", "a", &res, &err), 0);
	assert_int_equal(store_survey_put(st, "pss", 1, NULL, "pss.yaml", "b", &res, &err),
			 STORE_EDATA);
	assert_int_equal(store_audit(st, "test.note", "hello", &err), 0);
	assert_int_equal(store_audit(st, "", "hello", &err), STORE_EDATA);
	store_close(st);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit WHERE action = 'survey.load'"
				 " AND at = '2024-05-06T07:08:09Z'"), 1);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM audit"), 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM survey_version"), 1);
}

static void test_survey_get(void **state)
{
	struct store *st = open_new("get");
	struct error err = { "" };
	struct survey_version sv;

	put_survey(st, "pss", 1, NULL);
	put_survey(st, "pss", 2, NULL);
	put_survey(st, "pss", 5, NULL);

	assert_int_equal(store_survey_get(st, "pss", 0, &sv, &err), 1);
	assert_int_equal(sv.version, 5);
	assert_string_equal(sv.form_id, "pss");
	assert_string_equal(sv.title, "Title");
	assert_string_equal(sv.file, "f.yaml");
	assert_string_equal(sv.source, "form_id: pss\nversion: 5\n# \n");
	survey_version_release(&sv);

	assert_int_equal(store_survey_get(st, "pss", 2, &sv, &err), 1);
	assert_int_equal(sv.version, 2);
	survey_version_release(&sv);

	memset(&sv, 0x5a, sizeof(sv));
	assert_int_equal(store_survey_get(st, "pss", 3, &sv, &err), 0);
	assert_int_equal(store_survey_get(st, "nope", 0, &sv, &err), 0);
	assert_int_equal(sv.version, 0x5a5a5a5a);	/* untouched */
	store_close(st);
}

static void test_survey_list(void **state)
{
	struct store *st = open_new("list");
	struct error err = { "" };
	struct survey_version *v;
	size_t n;
	int64_t id, ignored;

	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	survey_versions_free(v, n);

	put_survey(st, "who5", 1, NULL);
	put_survey(st, "pss", 1, NULL);
	id = put_survey(st, "pss", 2, NULL);
	put_survey(st, "abc", 1, NULL);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_respondent_add(st, id, NULL, NULL, NULL, NULL,
						      &ignored, &err), 0);
	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].form_id, "abc");
	assert_string_equal(v[1].form_id, "pss");
	assert_int_equal(v[1].version, 1);
	assert_int_equal(v[1].nrespondents, 0);
	assert_string_equal(v[2].form_id, "pss");
	assert_int_equal(v[2].version, 2);
	assert_int_equal(v[2].nrespondents, 3);
	assert_string_equal(v[3].form_id, "who5");
	for (size_t i = 0; i < n; i++)
		assert_null(v[i].source);
	survey_versions_free(v, n);
	store_close(st);
}

/* --- respondents ------------------------------------------------------ */

static void test_respondents(void **state)
{
	struct store *st = open_new("resp");
	struct error err = { "" };
	struct respondent r;
	int64_t sv = put_survey(st, "pss", 1, NULL), id1, id2;

	assert_int_equal(store_respondent_add(st, sv, "R001", "ctl", "w1", "tok-1", &id1,
					      &err), 0);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id2, &err), 0);
	assert_true(id2 > id1);

	assert_int_equal(store_respondent_get(st, id1, &r, &err), 1);
	assert_int_equal(r.id, id1);
	assert_int_equal(r.survey_version_id, sv);
	assert_string_equal(r.ext_id, "R001");
	assert_string_equal(r.group, "ctl");
	assert_string_equal(r.wave, "w1");
	assert_string_equal(r.token, "tok-1");
	assert_int_equal(r.status, RESP_INVITED);
	assert_string_equal(r.created_at, "2024-05-06T07:08:09Z");
	assert_null(r.updated_at);
	assert_null(r.submitted_at);
	respondent_release(&r);

	assert_int_equal(store_respondent_get(st, id2, &r, &err), 1);
	assert_null(r.ext_id);
	assert_null(r.token);
	respondent_release(&r);

	assert_int_equal(store_respondent_by_token(st, "tok-1", &r, &err), 1);
	assert_int_equal(r.id, id1);
	respondent_release(&r);
	assert_int_equal(store_respondent_by_token(st, "tok-2", &r, &err), 0);
	assert_int_equal(store_respondent_get(st, 999, &r, &err), 0);

	/* a token is unique; a version must exist */
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, "tok-1", &id2, &err),
			 STORE_EDATA);
	assert_string_equal(err.msg, "cannot add a respondent: token 'tok-1' is already in use");
	assert_int_equal(store_respondent_add(st, sv + 100, NULL, NULL, NULL, NULL, &id2,
					      &err), STORE_EDATA);
	assert_string_equal(err.msg, "cannot add a respondent: no survey version with id 101");
	store_close(st);
}

static void test_answers_save_get(void **state)
{
	struct store *st = open_new("answers");
	struct error err = { "" };
	struct respondent r;
	struct answer *got;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const struct answer first[] = {
		{ "q2", "3" }, { "q1", "1" }, { "skipped", NULL }, { "note", "a \"b\"\n" },
	};
	const struct answer second[] = { { "q1", "4" } };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, 0);
	answers_free(got, n);

	assert_int_equal(store_answers_save(st, id, first, 4, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(got[0].name, "q2");		/* saved order */
	assert_string_equal(got[0].value, "3");
	assert_string_equal(got[1].name, "q1");
	assert_string_equal(got[2].name, "note");
	assert_string_equal(got[2].value, "a \"b\"\n");
	answers_free(got, n);

	assert_int_equal(store_respondent_get(st, id, &r, &err), 1);
	assert_int_equal(r.status, RESP_STARTED);
	assert_string_equal(r.updated_at, "2024-05-06T07:08:09Z");
	assert_null(r.submitted_at);
	respondent_release(&r);

	/* a save replaces everything */
	assert_int_equal(store_answers_save(st, id, second, 1, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].name, "q1");
	assert_string_equal(got[0].value, "4");
	answers_free(got, n);

	/* refused saves change nothing */
	{
		const struct answer dup[] = { { "a", "1" }, { "b", "2" }, { "a", "3" } };
		const struct answer noname[] = { { "", "1" } };
		const struct answer badutf[] = { { "q", "\xC3(" } };

		assert_int_equal(store_answers_save(st, id, dup, 3, 0, &err), STORE_EDATA);
		assert_string_equal(err.msg, "cannot save the answers of respondent 1: "
				    "'a' is answered twice");
		assert_int_equal(store_answers_save(st, id, noname, 1, 0, &err), STORE_EDATA);
		assert_int_equal(store_answers_save(st, id, badutf, 1, 0, &err), STORE_EDATA);
	}
	assert_int_equal(store_answers_save(st, id + 1, second, 1, 0, &err), STORE_EDATA);
	assert_string_equal(err.msg, "cannot save answers: no respondent 2");
	assert_int_equal(store_answers_get(st, id + 1, &got, &n, &err), STORE_EDATA);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, 1);
	answers_free(got, n);
	store_close(st);
}

static void test_answers_many_names(void **state)
{
	/* more answers than the duplicate check's stack table holds */
	enum { N = 1500 };
	struct store *st = open_new("many");
	struct error err = { "" };
	struct answer *a = calloc(N, sizeof(*a)), *got;
	char (*names)[16] = calloc(N, 16);
	size_t n;
	int64_t id, sv = put_survey(st, "big", 1, NULL);

	assert_non_null(a);
	assert_non_null(names);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], 16, "q%d", i);
		a[i].name = names[i];
		a[i].value = names[i];
	}
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, N, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, N);
	assert_string_equal(got[N - 1].name, "q1499");
	answers_free(got, n);
	a[N - 1].name = "q7";
	assert_int_equal(store_answers_save(st, id, a, N, 0, &err), STORE_EDATA);
	free(a);
	free(names);
	store_close(st);
}

static void test_respondent_add_answers(void **state)
{
	char path[8192];
	struct store *st = open_new("addans");
	struct error err = { "" };
	struct respondent r;
	struct answer *got;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id[3], ignored;
	const struct answer a[] = { { "q1", "3" }, { "q2", NULL }, { "q3", "x y" } };
	const struct answer dup[] = { { "q1", "3" }, { "q1", "4" } };
	static const enum respondent_status want[3] = {
		RESP_INVITED, RESP_STARTED, RESP_SUBMITTED,
	};

	snprintf(path, sizeof(path), "%s", last_path);
	assert_int_equal(store_respondent_add_answers(st, sv, "e0", NULL, NULL, NULL, a, 0,
						      0, &id[0], &err), 0);
	assert_int_equal(store_respondent_add_answers(st, sv, "e1", "g", "w", "tok", a, 3,
						      0, &id[1], &err), 0);
	assert_int_equal(store_respondent_add_answers(st, sv, "e2", NULL, NULL, NULL, a, 3,
						      1, &id[2], &err), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_respondent_get(st, id[i], &r, &err), 1);
		assert_int_equal(r.status, want[i]);
		if (i == 0)
			assert_null(r.updated_at);
		else
			assert_string_equal(r.updated_at, "2024-05-06T07:08:09Z");
		if (i == 2)
			assert_string_equal(r.submitted_at, "2024-05-06T07:08:09Z");
		else
			assert_null(r.submitted_at);
		respondent_release(&r);
		assert_int_equal(store_answers_get(st, id[i], &got, &n, &err), 0);
		assert_int_equal(n, i ? 2 : 0);
		if (i) {
			assert_string_equal(got[0].name, "q1");
			assert_string_equal(got[1].value, "x y");
		}
		answers_free(got, n);
	}
	/* submitted at creation: locked */
	assert_int_equal(store_answers_save(st, id[2], a, 1, 0, &err), STORE_EDATA);

	assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL, dup, 2,
						      0, &ignored, &err), STORE_EDATA);
	assert_string_equal(err.msg, "cannot save the answers of a new respondent: "
			    "'q1' is answered twice");
	assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, "tok", a, 3,
						      0, &ignored, &err), STORE_EDATA);
	assert_int_equal(store_respondent_add_answers(st, 42, NULL, NULL, NULL, NULL, a, 3,
						      0, &ignored, &err), STORE_EDATA);
	store_close(st);

	/* the stored text stays usable for ad hoc queries in sqlite3 */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM respondent"), 3);
	assert_int_equal(raw_int(path, "SELECT answers ->> 'q1' FROM respondent WHERE ext_id = 'e2'"),
			 3);
	assert_int_equal(raw_int(path, "SELECT answers = '{\"q1\":\"3\",\"q3\":\"x y\"}'"
				 " FROM respondent WHERE ext_id = 'e1'"), 1);
}

static void test_submit_locks(void **state)
{
	struct store *st = open_new("submit");
	struct error err = { "" };
	struct respondent r;
	struct answer *got;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const struct answer a[] = { { "q1", "2" } }, b[] = { { "q1", "5" } };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, "t", &id, &err), 0);
	setenv("UTILIS_NOW", "2024-05-07T00:00:00Z", 1);
	assert_int_equal(store_answers_save(st, id, a, 1, 1, &err), 0);
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	assert_int_equal(store_respondent_get(st, id, &r, &err), 1);
	assert_int_equal(r.status, RESP_SUBMITTED);
	assert_string_equal(r.submitted_at, "2024-05-07T00:00:00Z");
	assert_string_equal(r.updated_at, "2024-05-07T00:00:00Z");
	respondent_release(&r);

	for (int submit = 0; submit <= 1; submit++) {
		assert_int_equal(store_answers_save(st, id, b, 1, submit, &err), STORE_EDATA);
		assert_string_equal(err.msg, "respondent 1 has submitted: answers are locked");
	}
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(got[0].value, "2");
	answers_free(got, n);
	store_close(st);
}

static void test_bad_clock(void **state)
{
	struct store *st = open_new("clock");
	struct error err = { "" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	setenv("UTILIS_NOW", "2024-05-07 00:00:00", 1);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err),
			 STORE_EDATA);
	assert_non_null(strstr(err.msg, "UTILIS_NOW"));
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	store_close(st);
}

struct collected {
	struct strbuf sb;	/* "id:status:name=value,...;" per respondent */
	int stop_after;		/* return 7 after that many calls (0: never) */
	int calls;		/* calls so far */
};

static int collect(void *ctx, const struct respondent *r, const struct answer *a,
		   size_t n)
{
	struct collected *c = ctx;

	strbuf_addf(&c->sb, "%lld:%d:", (long long)r->id, (int)r->status);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&c->sb, "%s=%s,", a[i].name, a[i].value);
	strbuf_addch(&c->sb, ';');
	c->calls++;
	return c->stop_after && c->calls == c->stop_after ? 7 : 0;
}

static void test_answers_each(void **state)
{
	struct store *st = open_new("each");
	struct error err = { "" };
	struct collected c = { STRBUF_INIT, 0, 0 };
	int64_t v1 = put_survey(st, "pss", 1, NULL), v2 = put_survey(st, "pss", 2, NULL);
	int64_t other = put_survey(st, "who5", 1, NULL), id;
	const struct answer a[] = { { "q1", "1" }, { "q2", "2" } };
	const struct answer b[] = { { "q1", "3" } };

	assert_int_equal(store_respondent_add(st, v1, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 2, 1, &err), 0);		/* 1 */
	assert_int_equal(store_respondent_add(st, other, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 2, 1, &err), 0);		/* 2 */
	assert_int_equal(store_respondent_add(st, v2, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, b, 1, 0, &err), 0);		/* 3 */
	assert_int_equal(store_respondent_add(st, v1, NULL, NULL, NULL, NULL, &id, &err), 0);
	/* 4: invited, no answers */
	assert_int_equal(store_respondent_add(st, v2, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, b, 1, 1, &err), 0);		/* 5 */

	assert_int_equal(store_answers_each(st, "pss", 0, 0, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "1:2:q1=1,q2=2,;3:1:q1=3,;4:0:;5:2:q1=3,;");
	strbuf_reset(&c.sb);
	assert_int_equal(store_answers_each(st, "pss", 0, 1, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "1:2:q1=1,q2=2,;5:2:q1=3,;");
	strbuf_reset(&c.sb);
	assert_int_equal(store_answers_each(st, "pss", 2, 0, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "3:1:q1=3,;5:2:q1=3,;");
	strbuf_reset(&c.sb);
	assert_int_equal(store_answers_each(st, "pss", 1, 1, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "1:2:q1=1,q2=2,;");
	strbuf_reset(&c.sb);
	assert_int_equal(store_answers_each(st, "who5", 0, 0, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "2:2:q1=1,q2=2,;");
	strbuf_reset(&c.sb);
	assert_int_equal(store_answers_each(st, "nope", 0, 0, collect, &c, &err), 0);
	assert_string_equal(c.sb.buf, "");

	/* fn's non-zero value stops the walk and comes back */
	c.stop_after = 2;
	c.calls = 0;
	assert_int_equal(store_answers_each(st, "pss", 0, 0, collect, &c, &err), 7);
	assert_string_equal(c.sb.buf, "1:2:q1=1,q2=2,;3:1:q1=3,;");
	strbuf_release(&c.sb);
	store_close(st);
}

static void test_answers_each_malformed_row(void **state)
{
	char path[8192];
	struct store *st = open_new("malformed");
	struct error err = { "" };
	struct collected c = { STRBUF_INIT, 0, 0 };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	struct answer *got;
	size_t n;

	snprintf(path, sizeof(path), "%s", last_path);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	store_close(st);
	/* valid JSON, but not a flat object of strings */
	raw_exec(path, "UPDATE respondent SET answers = '{\"q1\":1}'");
	assert_int_equal(store_open(&st, path, 0, &err), 0);
	assert_int_equal(store_answers_each(st, "pss", 0, 0, collect, &c, &err),
			 STORE_ESCHEMA);
	assert_non_null(strstr(err.msg, "respondent 1 in '"));
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), STORE_ESCHEMA);
	assert_int_equal(c.calls, 0);
	strbuf_release(&c.sb);
	store_close(st);
}

/* Nested use: fn reads through the same store while the walk goes on. */
static int nested(void *ctx, const struct respondent *r, const struct answer *a,
		  size_t n)
{
	struct store *st = ctx;
	struct answer *got;
	size_t ng;
	struct error err;

	if (store_answers_get(st, r->id, &got, &ng, &err))
		return -100;
	if (ng != n || (n && strcmp(got[0].value, a[0].value)))
		return -101;
	answers_free(got, ng);
	return 0;
}

static void test_answers_each_nested(void **state)
{
	struct store *st = open_new("nested");
	struct error err = { "" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const struct answer a[] = { { "q1", "1" } }, b[] = { { "q1", "22" }, { "q2", "x" } };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 1, 0, &err), 0);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, b, 2, 0, &err), 0);
	assert_int_equal(store_answers_each(st, "pss", 0, 0, nested, st, &err), 0);
	store_close(st);
}

static void test_transactions(void **state)
{
	struct store *st = open_new("tx");
	struct error err = { "" };
	struct survey_version *v;
	enum store_put_result res;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_begin(st, &err), STORE_EIO);	/* no nesting */
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w", &res, &err), 0);
	/* a refused put inside a transaction leaves the rest of it alone */
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w2", &res, &err),
			 STORE_EDATA);
	store_rollback(st);
	store_rollback(st);	/* harmless without a transaction */
	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].nrespondents, 0);
	survey_versions_free(v, n);

	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w", &res, &err), 0);
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w2", &res, &err),
			 STORE_EDATA);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].nrespondents, 1);
	survey_versions_free(v, n);
	store_close(st);
}

/* Tricky strings survive the store byte for byte. */
static const char *const tricky[] = {
	"",
	"plain",
	"quote \" backslash \\ slash /",
	"line\nbreak\r\ntab\there",
	"\x01\x02\x1f\x7f bell\a formfeed\f backspace\b",
	"é à ç œ « » €",
	"emoji \xF0\x9F\x98\x80 and \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7",
	"\xEF\xBF\xBF\xF4\x8F\xBF\xBF edge code points",
	"{\"looks\":\"like json\"}",
	"\\u0041 is not an escape here",
};

static void test_answers_tricky_strings(void **state)
{
	enum { N = sizeof(tricky) / sizeof(*tricky) };
	struct store *st = open_new("tricky");
	struct error err = { "" };
	struct answer a[N], *got;
	char names[N][32];
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	for (size_t i = 0; i < N; i++) {
		/* the names are tricky too */
		snprintf(names[i], sizeof(names[i]), "n%zu \"\xC3\xA9\"\n", i);
		a[i].name = names[i];
		a[i].value = tricky[i];
	}
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, N, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, N);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(got[i].name, names[i]);
		assert_string_equal(got[i].value, tricky[i]);
	}
	answers_free(got, n);
	store_close(st);
}

/* --- bulk ------------------------------------------------------------- */

struct bulk_check {
	int64_t rows;		/* rows seen */
	int64_t sum;		/* sum of every value */
	int bad;		/* rows whose shape was wrong */
};

static int bulk_fn(void *ctx, const struct respondent *r, const struct answer *a,
		   size_t n)
{
	struct bulk_check *c = ctx;

	if (n != 40 || strcmp(a[0].name, "q1") || strcmp(a[39].name, "q40"))
		c->bad++;
	for (size_t i = 0; i < n; i++)
		c->sum += atoi(a[i].value);
	c->rows++;
	return 0;
}

static void test_bulk(void **state)
{
	enum { NRESP = 100000, NQ = 40 };
	struct store *st = open_new("bulk");
	struct error err = { "" };
	struct answer a[NQ];
	char names[NQ][16], values[NQ][4];
	struct bulk_check c = { 0, 0, 0 };
	int64_t sv = put_survey(st, "bulk", 1, NULL), id, want = 0;

	for (int q = 0; q < NQ; q++) {
		snprintf(names[q], sizeof(names[q]), "q%d", q + 1);
		a[q].name = names[q];
		a[q].value = values[q];
	}
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < NRESP; i++) {
		for (int q = 0; q < NQ; q++) {
			int v = (i * 7 + q * 3) % 5 + 1;

			values[q][0] = (char)('0' + v);
			values[q][1] = '\0';
			want += v;
		}
		/* half as an import does, half as the web forms do */
		if (i % 2 ? store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL, a, NQ,
							 1, &id, &err) :
		    store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err) ||
		    store_answers_save(st, id, a, NQ, 1, &err))
			fail_msg("row %d: %s", i, err.msg);
	}
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_answers_each(st, "bulk", 0, 1, bulk_fn, &c, &err), 0);
	assert_int_equal(c.rows, NRESP);
	assert_int_equal(c.bad, 0);
	assert_true(c.sum == want);
	store_close(st);
}

/* --- JSON ------------------------------------------------------------- */

static void test_json_string_escaping(void **state)
{
	static const struct { const char *in; const char *out; } cases[] = {
		{ "", "\"\"" },
		{ "abc", "\"abc\"" },
		{ "a\"b\\c/", "\"a\\\"b\\\\c/\"" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
		{ "é€\xF0\x9F\x98\x80", "\"é€\xF0\x9F\x98\x80\"" },
		/* invalid UTF-8: each bad byte becomes U+FFFD */
		{ "a\xC3(", "\"a\xEF\xBF\xBD(\"" },
		{ "\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },		/* overlong '/' */
		{ "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },	/* surrogate */
		{ "\xF4\x90\x80\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
		{ "\xE2\x82", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"" },		/* truncated */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(json_add_string(&sb, cases[i].in), 0);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_release(&sb);
	}
	/* a capped strbuf reports the overflow */
	{
		struct strbuf sb;

		strbuf_init(&sb, 4);
		assert_int_equal(json_add_string(&sb, "abcdef"), -1);
		strbuf_release(&sb);
	}
}

static void test_json_round_trip(void **state)
{
	enum { N = sizeof(tricky) / sizeof(*tricky) };
	struct strbuf sb = STRBUF_INIT;
	struct json_flat jf = JSON_FLAT_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, 0);
	json_begin_object(&w);
	for (size_t i = 0; i < N; i++) {
		char name[16];

		snprintf(name, sizeof(name), "k%zu", i);
		json_kv_string(&w, name, tricky[i]);
	}
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);

	assert_int_equal(json_flat_parse(&jf, sb.buf, sb.len, JSON_FLAT_UNIQUE), 0);
	assert_int_equal(jf.n, N);
	for (size_t i = 0; i < N; i++)
		assert_string_equal(jf.v[i].value, tricky[i]);

	/* the reader undoes escapes the writer never makes */
	{
		static const char in[] =
			" {\"\\u00e9\\/\" : \"\\ud83d\\ude00\\u20AC\\u0041\" ,\"\":\"\"}\n";

		assert_int_equal(json_flat_parse(&jf, in, sizeof(in) - 1, 0), 0);
		assert_int_equal(jf.n, 2);
		assert_string_equal(jf.v[0].name, "é/");
		assert_string_equal(jf.v[0].value, "\xF0\x9F\x98\x80€A");
		assert_string_equal(jf.v[1].name, "");
		assert_int_equal(json_flat_parse(&jf, "{}", 2, 0), 0);
		assert_int_equal(jf.n, 0);
		/* duplicates pass unless JSON_FLAT_UNIQUE */
		assert_int_equal(json_flat_parse(&jf, "{\"a\":\"1\",\"a\":\"2\"}", 17, 0), 0);
		assert_int_equal(jf.n, 2);
		assert_int_equal(json_flat_parse(&jf, "{\"a\":\"1\",\"a\":\"2\"}", 17,
						 JSON_FLAT_UNIQUE), -1);
	}
	json_flat_release(&jf);
	strbuf_release(&sb);
}

static void test_json_flat_refuses(void **state)
{
	static const struct { const char *in; size_t len; } bad[] = {
#define B(s) { s, sizeof(s) - 1 }
		B(""),
		B("   "),
		B("{"),
		B("}"),
		B("[]"),
		B("\"a\""),
		B("null"),
		B("{\"a\"}"),
		B("{\"a\":}"),
		B("{\"a\":\"b\""),
		B("{\"a\":\"b\",}"),
		B("{,\"a\":\"b\"}"),
		B("{\"a\":\"b\" \"c\":\"d\"}"),
		B("{\"a\":\"b\"}}"),
		B("{\"a\":\"b\"} x"),
		B("{\"a\":\"b\"}{}"),
		B("{\"a\":1}"),
		B("{\"a\":null}"),
		B("{\"a\":true}"),
		B("{\"a\":[\"b\"]}"),
		B("{\"a\":{\"b\":\"c\"}}"),
		B("{a:\"b\"}"),
		B("{'a':'b'}"),
		B("{\"a\":\"b\nc\"}"),		/* raw control character */
		B("{\"a\":\"b\tc\"}"),
		B("{\"a\":\"\\x41\"}"),		/* unknown escape */
		B("{\"a\":\"\\\"}"),		/* escape eats the quote */
		B("{\"a\":\"\\u12\"}"),
		B("{\"a\":\"\\u12G4\"}"),
		B("{\"a\":\"\\u0000\"}"),	/* NUL */
		B("{\"a\":\"\\ud83d\"}"),	/* lone high surrogate */
		B("{\"a\":\"\\ud83dx\"}"),
		B("{\"a\":\"\\ud83d\\u0041\"}"),
		B("{\"a\":\"\\ude00\"}"),	/* lone low surrogate */
		B("{\"a\":\"\xC3\"}"),		/* truncated UTF-8 */
		B("{\"a\":\"\xC0\xAF\"}"),	/* overlong */
		B("{\"a\":\"\xED\xA0\x80\"}"),	/* surrogate in UTF-8 */
		B("{\"a\":\"\xF4\x90\x80\x80\"}"),	/* above U+10FFFF */
		B("{\"a\":\"\xFF\"}"),
		B("{\"a\xFE\":\"b\"}"),
		B("{\"a\":\"b\"\0}"),		/* NUL byte within the length */
		B("\xEF\xBB\xBF{}"),		/* byte order mark */
		B("{\"a\":\"b\\"),
		B("{\"a\":\"b\\u"),
		B("{\"a\":\"\\ud83d\\"),
		B("{\"a\"\"b\"}"),
#undef B
	};
	struct json_flat jf = JSON_FLAT_INIT;

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		/* a copy of exactly len bytes, so ASan sees any over-read */
		char *copy = malloc(bad[i].len ? bad[i].len : 1);

		assert_non_null(copy);
		memcpy(copy, bad[i].in, bad[i].len);
		if (json_flat_parse(&jf, copy, bad[i].len, 0) != -1)
			fail_msg("accepted bad input %zu: %s", i, bad[i].in);
		assert_int_equal(jf.n, 0);
		assert_true(jf.errpos <= bad[i].len);
		free(copy);
	}
	/* every prefix of a good object is refused, and read within bounds */
	{
		static const char good[] = "{\"a\":\"\\ud83d\\ude00\",\"b\":\"\xC3\xA9\\n\"}";

		for (size_t len = 0; len < sizeof(good) - 1; len++) {
			char *copy = malloc(len ? len : 1);

			memcpy(copy, good, len);
			assert_int_equal(json_flat_parse(&jf, copy, len, 0), -1);
			free(copy);
		}
		assert_int_equal(json_flat_parse(&jf, good, sizeof(good) - 1, 0), 0);
	}
	json_flat_release(&jf);
}

static void test_json_writer(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, 0);
	json_begin_object(&w);
	json_kv_string(&w, "form_id", "pss");
	json_kv_int(&w, "version", -3);
	json_key(&w, "items");
	json_begin_array(&w);
	json_double(&w, 0.1);
	json_double(&w, INFINITY);
	json_bool(&w, 1);
	json_bool(&w, 0);
	json_null(&w);
	json_string(&w, NULL);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	json_end_array(&w);
	json_key(&w, "alpha");
	json_double(&w, 0.8123456789);
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(sb.buf, "{\"form_id\":\"pss\",\"version\":-3,\"items\":"
			    "[0.1,null,true,false,null,null,{},[]],\"alpha\":0.8123456789}");

	strbuf_reset(&sb);
	json_writer_init(&w, &sb, 2);
	json_begin_object(&w);
	json_kv_string(&w, "a", "x");
	json_key(&w, "b");
	json_begin_array(&w);
	json_int(&w, 1);
	json_int(&w, 2);
	json_end_array(&w);
	json_key(&w, "c");
	json_begin_object(&w);
	json_end_object(&w);
	json_end_object(&w);
	assert_int_equal(json_writer_finish(&w), 0);
	assert_string_equal(sb.buf, "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ],\n"
			    "  \"c\": {}\n}");

	/* misuse is reported, once, at the end */
	{
		static const int scripts[][4] = {
			{ 1, 0, 0, 0 },		/* unclosed object */
			{ 2, 0, 0, 0 },		/* value where a key is due */
			{ 3, 0, 0, 0 },		/* key in an array */
			{ 4, 0, 0, 0 },		/* mismatched close */
			{ 5, 0, 0, 0 },		/* two top-level values */
			{ 6, 0, 0, 0 },		/* key without value */
		};

		for (size_t i = 0; i < sizeof(scripts) / sizeof(*scripts); i++) {
			strbuf_reset(&sb);
			json_writer_init(&w, &sb, 0);
			switch (scripts[i][0]) {
			case 1: json_begin_object(&w); break;
			case 2: json_begin_object(&w); json_int(&w, 1); json_end_object(&w); break;
			case 3: json_begin_array(&w); json_key(&w, "k"); json_end_array(&w); break;
			case 4: json_begin_array(&w); json_end_object(&w); break;
			case 5: json_int(&w, 1); json_int(&w, 2); break;
			case 6: json_begin_object(&w); json_key(&w, "k"); json_end_object(&w); break;
			}
			assert_int_equal(json_writer_finish(&w), -1);
		}
		/* nesting beyond JSON_MAX_DEPTH */
		strbuf_reset(&sb);
		json_writer_init(&w, &sb, 0);
		for (int d = 0; d < JSON_MAX_DEPTH + 2; d++)
			json_begin_array(&w);
		for (int d = 0; d < JSON_MAX_DEPTH + 2; d++)
			json_end_array(&w);
		assert_int_equal(json_writer_finish(&w), -1);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_open_reopen),
		cmocka_unit_test(test_missing_without_create),
		cmocka_unit_test(test_not_sqlite),
		cmocka_unit_test(test_unrelated_sqlite),
		cmocka_unit_test(test_empty_sqlite_file_is_new),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_corrupt_refused),
		cmocka_unit_test(test_survey_put),
		cmocka_unit_test(test_survey_put_audit),
		cmocka_unit_test(test_survey_get),
		cmocka_unit_test(test_survey_list),
		cmocka_unit_test(test_respondents),
		cmocka_unit_test(test_answers_save_get),
		cmocka_unit_test(test_answers_many_names),
		cmocka_unit_test(test_respondent_add_answers),
		cmocka_unit_test(test_submit_locks),
		cmocka_unit_test(test_bad_clock),
		cmocka_unit_test(test_answers_each),
		cmocka_unit_test(test_answers_each_malformed_row),
		cmocka_unit_test(test_answers_each_nested),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_answers_tricky_strings),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_json_string_escaping),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_flat_refuses),
		cmocka_unit_test(test_json_writer),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
