/*
 * Unit tests of the workspace (src/store): opening and refusing files,
 * survey versions, respondents and their positional answers (the record
 * format itself is tested in test_record.c).  Every workspace lives in a
 * temporary directory made by the group setup and removed at the end.
 * SQLite is used directly only to forge or damage files and to look at the
 * bytes the store wrote.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/store.h"
#include "store/record.h"
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

	assert_int_equal(store_open(&st, path, 0, &err), UT_ENOTFOUND);
	assert_null(st);
	snprintf(want, sizeof(want), "no workspace at '%s' (create one with 'utilis init')",
		 path);
	assert_string_equal(err.msg, want);
	assert_int_equal(access(path, F_OK), -1);

	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), UT_ENOTFOUND);
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
		assert_int_equal(store_open(&st, path, 0, &err), UT_ESCHEMA);
		assert_null(st);
		snprintf(want, sizeof(want), "'%s' is not a utilis workspace (", path);
		assert_memory_equal(err.msg, want, strlen(want));
		file_digest(path, after);
		assert_string_equal(before, after);
		assert_int_equal(store_open(&st, path, STORE_CREATE, &err), UT_ESCHEMA);
		assert_int_equal(store_open(&st, path, STORE_READONLY, &err), UT_ESCHEMA);
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
		assert_int_equal(store_open(&st, path, 0, &err), UT_ESCHEMA);
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
	assert_int_equal(store_open(&st, path, STORE_READONLY, &err), UT_ESCHEMA);
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
	raw_exec(path, "PRAGMA user_version = 99");
	file_digest(path, before);

	for (int flags = 0; flags <= STORE_READONLY; flags++) {
		assert_int_equal(store_open(&st, path, flags, &err), UT_ESCHEMA);
		snprintf(want, sizeof(want), "workspace '%s' was written by a newer utilis "
			 "(schema 99, this one reads up to %d)", path, STORE_SCHEMA_VERSION);
		assert_string_equal(err.msg, want);
	}
	file_digest(path, after);
	assert_string_equal(before, after);
	assert_int_equal(raw_int(path, "PRAGMA user_version"), 99);
}

/* store_answers_each callback that counts its calls in *(int *)ctx. */
static int count_calls(void *ctx, const struct respondent *r, const char *const *values,
		       size_t n)
{
	(*(int *)ctx)++;
	return 0;
}

/*
 * A workspace of nrows respondents with answers long enough to span many
 * pages; its path goes to path.  Closed on return.
 */
static void make_filled(const char *stem, char *path, size_t size, int nrows)
{
	struct store *st = open_new(stem);
	struct error err = { "" };
	const char *const a[] = { "some text long enough to fill pages", NULL, "2" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	snprintf(path, size, "%s", last_path);
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < nrows; i++)
		assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL,
							      a, 3, 0, &id, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_check(st, &err), 0);
	store_close(st);
}

/* Write n bytes at offset of an existing file. */
static void patch_file(const char *path, long offset, const void *bytes, size_t n)
{
	FILE *fp = fopen(path, "r+b");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, offset, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/*
 * A damaged file header is still found on open, before anything is written:
 * the first statement that reads the file fails.
 */
static void test_damaged_header_refused(void **state)
{
	static const struct {
		long offset;		/* in the file */
		const char *bytes;	/* written there */
		size_t n;		/* how many */
	} damage[] = {
		{ 0, "SQLite format 4", 15 },	/* magic string */
		{ 16, "\x00\x03", 2 },		/* page size not a power of two */
		{ 19, "\x03", 1 },		/* read version from the future */
		{ 21, "\x41\x20\x20", 3 },	/* payload fractions */
	};

	for (size_t i = 0; i < sizeof(damage) / sizeof(*damage); i++) {
		char path[8192], want[9000], before[65], after[65];
		struct store *st = NULL;
		struct error err = { "" };

		make_filled("header", path, sizeof(path), 10);
		patch_file(path, damage[i].offset, damage[i].bytes, damage[i].n);
		file_digest(path, before);
		snprintf(want, sizeof(want), "'%s' is not a utilis workspace (", path);
		for (int flags = 0; flags <= STORE_READONLY; flags++) {
			if (store_open(&st, path, flags, &err) != UT_ESCHEMA)
				fail_msg("damage %zu, flags %d: opened", i, flags);
			assert_null(st);
			assert_memory_equal(err.msg, want, strlen(want));
		}
		file_digest(path, after);
		assert_string_equal(before, after);
	}
}

/*
 * The number of a leaf page of table respondent past the first few, from
 * the dbstat table when this SQLite has it, else a page in the middle of
 * the file (where a file of many respondents has little else).
 */
static int64_t respondent_leaf(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int64_t page = 0;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, "SELECT pageno FROM dbstat WHERE name = 'respondent'"
			       " AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10",
			       -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			page = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return page ? page : raw_int(path, "PRAGMA page_count") / 2;
}

/*
 * A damaged data page is no longer looked for on open (PRAGMA quick_check
 * reads the whole file): the open succeeds, the statement that reads the
 * page reports it, and store_check() finds it.
 */
static void test_damaged_page_found_by_check(void **state)
{
	char path[8192], want[9000], junk[2048];
	struct store *st = NULL;
	struct error err = { "" };
	int64_t page, pagesize;

	make_filled("page", path, sizeof(path), 2000);
	pagesize = raw_int(path, "PRAGMA page_size");
	page = respondent_leaf(path);
	/* keep the page type byte, scribble over the cell pointers */
	memset(junk, 0xA5, sizeof(junk));
	patch_file(path, (long)((page - 1) * pagesize + 8), junk, sizeof(junk));

	snprintf(want, sizeof(want), "'%s' is not a utilis workspace (quick_check: ", path);
	for (int flags = 0; flags <= STORE_READONLY; flags++) {
		int calls = 0;

		assert_int_equal(store_open(&st, path, flags, &err), 0);
		assert_int_equal(store_check(st, &err), UT_ESCHEMA);
		assert_memory_equal(err.msg, want, strlen(want));
		/* the walk stops at the damaged page, short of the last row */
		assert_int_equal(store_answers_each(st, "pss", 0, 0, 0, count_calls, &calls,
						    &err), UT_ESCHEMA);
		assert_non_null(strstr(err.msg, "cannot read the answers of survey 'pss': "));
		assert_true(calls < 2000);
		store_close(st);
	}
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
					  &res, &err), UT_EDATA);
	assert_string_equal(err.msg, "survey 'pss' version 1 is already loaded with different "
			    "content (highest stored version: 1); increase 'version' to load "
			    "a change");

	assert_int_equal(store_survey_put(st, "pss", 3, "Stress", "pss.yaml", "v3 text",
					  &res, &err), 0);
	assert_int_equal(res, STORE_ADDED);
	/* a lower version than the highest, even if new, is refused */
	assert_int_equal(store_survey_put(st, "pss", 2, "Stress", "pss.yaml", "v2 text",
					  &res, &err), UT_EDATA);
	assert_non_null(strstr(err.msg, "(highest stored version: 3)"));
	/* loading an old version again is still a no-op */
	assert_int_equal(store_survey_put(st, "pss", 1, NULL, NULL, "v1 text", &res, &err), 0);
	assert_int_equal(res, STORE_UNCHANGED);
	/* another form has its own numbering */
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "v1 text", &res, &err), 0);
	assert_int_equal(res, STORE_ADDED);

	assert_int_equal(store_survey_put(st, "pss", 0, NULL, NULL, "zero", &res, &err),
			 UT_EDATA);
	assert_int_equal(store_survey_put(st, "", 1, NULL, NULL, "zero", &res, &err),
			 UT_EDATA);

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
			 UT_EDATA);
	assert_int_equal(store_audit(st, "test.note", "hello", &err), 0);
	assert_int_equal(store_audit(st, "", "hello", &err), UT_EDATA);
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
	int64_t id, who5, ignored;

	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	survey_versions_free(v, n);

	who5 = put_survey(st, "who5", 1, NULL);
	put_survey(st, "pss", 1, NULL);
	id = put_survey(st, "pss", 2, NULL);
	put_survey(st, "abc", 1, NULL);
	/* respondents of two versions, interleaved: each counted against its own */
	for (int i = 0; i < 5; i++)
		assert_int_equal(store_respondent_add(st, i == 1 || i == 3 ? who5 : id, NULL, NULL,
						      NULL, NULL, &ignored, &err), 0);
	assert_int_equal(store_survey_list(st, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[0].form_id, "abc");
	assert_int_equal(v[0].nrespondents, 0);
	assert_string_equal(v[1].form_id, "pss");
	assert_int_equal(v[1].version, 1);
	assert_int_equal(v[1].nrespondents, 0);
	assert_string_equal(v[2].form_id, "pss");
	assert_int_equal(v[2].version, 2);
	assert_int_equal(v[2].nrespondents, 3);
	assert_string_equal(v[3].form_id, "who5");
	assert_int_equal(v[3].nrespondents, 2);
	for (size_t i = 0; i < n; i++)
		assert_null(v[i].source);
	survey_versions_free(v, n);
	{
		/* one form's version numbers, without counting its respondents */
		int *nums;

		assert_int_equal(store_survey_versions(st, "pss", &nums, &n, &err), 0);
		assert_int_equal(n, 2);
		assert_int_equal(nums[0], 1);
		assert_int_equal(nums[1], 2);
		free(nums);
		assert_int_equal(store_survey_versions(st, "nope", &nums, &n, &err), 0);
		assert_int_equal(n, 0);
		free(nums);
	}
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
			 UT_EDATA);
	assert_string_equal(err.msg, "cannot add a respondent: token 'tok-1' is already in use");
	assert_int_equal(store_respondent_add(st, sv + 100, NULL, NULL, NULL, NULL, &id2,
					      &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot add a respondent: no survey version with id 101");
	store_close(st);
}

/*
 * Append values as "[a,-,b]" to sb, '-' for NULL (test values hold no ','
 * or '-' of their own where this is used).
 */
static void add_values(struct strbuf *sb, const char *const *values, size_t n)
{
	strbuf_addch(sb, '[');
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s", i ? "," : "", values[i] ? values[i] : "-");
	strbuf_addch(sb, ']');
}

/* The answers of respondent id are want, as add_values() writes them. */
static void assert_answers(struct store *st, int64_t id, const char *want)
{
	struct error err = { "" };
	struct strbuf sb = STRBUF_INIT;
	char **got = NULL;
	size_t n = 99;

	if (store_answers_get(st, id, &got, &n, &err))
		fail_msg("store_answers_get(%lld): %s", (long long)id, err.msg);
	add_values(&sb, (const char *const *)got, n);
	assert_string_equal(sb.buf, want);
	answers_free(got, n);
	strbuf_release(&sb);
}

static void test_answers_save_get(void **state)
{
	struct store *st = open_new("answers");
	struct error err = { "" };
	struct respondent r;
	char **got;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const char *const first[] = { "1", "3", NULL, "a \"b\"\n", NULL, NULL };
	const char *const second[] = { "4" };
	const char *const badutf[] = { "1", NULL, "\xC3(" };
	const char *const nulls[] = { NULL, NULL };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_answers(st, id, "[]");

	/* trailing unanswered slots are not kept */
	assert_int_equal(store_answers_save(st, id, first, 6, 0, &err), 0);
	assert_answers(st, id, "[1,3,-,a \"b\"\n]");

	assert_int_equal(store_respondent_get(st, id, &r, &err), 1);
	assert_int_equal(r.status, RESP_STARTED);
	assert_string_equal(r.updated_at, "2024-05-06T07:08:09Z");
	assert_null(r.submitted_at);
	respondent_release(&r);

	/* a save replaces everything */
	assert_int_equal(store_answers_save(st, id, second, 1, 0, &err), 0);
	assert_answers(st, id, "[4]");

	/* refused saves change nothing */
	assert_int_equal(store_answers_save(st, id, badutf, 3, 0, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot save the answers of respondent 1: "
			    "the answer in slot 2 is not valid UTF-8");
	assert_int_equal(store_answers_save(st, id, NULL, 2, 0, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot save the answers of respondent 1: none given");
	assert_answers(st, id, "[4]");

	assert_int_equal(store_answers_save(st, id + 1, second, 1, 0, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot save answers: no respondent 2");
	assert_int_equal(store_answers_get(st, id + 1, &got, &n, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot read answers: no respondent 2");
	assert_answers(st, id, "[4]");

	/* saving nothing, or only NULLs, empties the answers */
	assert_int_equal(store_answers_save(st, id, nulls, 2, 0, &err), 0);
	assert_answers(st, id, "[]");
	assert_int_equal(store_answers_save(st, id, second, 1, 0, &err), 0);
	assert_int_equal(store_answers_save(st, id, NULL, 0, 0, &err), 0);
	assert_answers(st, id, "[]");
	store_close(st);
}

/* Many slots, and answers whose lengths take 2- and 3-byte varints. */
static void test_answers_many_slots(void **state)
{
	enum { N = 1500 };
	char path[8192], sql[256];
	struct store *st = open_new("many");
	struct error err = { "" };
	const char **values = calloc(N, sizeof(*values));
	char (*text)[16] = calloc(N, 16);
	char *long2 = malloc(200 + 1), *long3 = malloc(20000 + 1);
	struct strbuf rec = STRBUF_INIT;
	char **got;
	size_t n;
	int64_t id, sv = put_survey(st, "big", 1, NULL);

	snprintf(path, sizeof(path), "%s", last_path);
	assert_non_null(values);
	assert_non_null(text);
	assert_non_null(long2);
	assert_non_null(long3);
	memset(long2, 'b', 200);
	long2[200] = '\0';
	memset(long3, 'c', 20000);
	long3[20000] = '\0';
	for (int i = 0; i < N; i++) {
		snprintf(text[i], 16, "q%d", i);
		values[i] = i % 4 == 1 ? NULL : text[i];
	}
	values[10] = long2;
	values[700] = long3;
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, values, N, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++) {
		if (values[i])
			assert_string_equal(got[i], values[i]);
		else
			assert_null(got[i]);
	}
	answers_free(got, n);
	store_close(st);

	/* the row holds the record, byte for byte */
	assert_int_equal(record_encode(values, N, &rec, NULL), 0);
	snprintf(sql, sizeof(sql), "SELECT length(answers) FROM respondent WHERE id = %lld",
		 (long long)id);
	assert_int_equal(raw_int(path, sql), rec.len);
	strbuf_release(&rec);
	free(long2);
	free(long3);
	free(values);
	free(text);
}

static void test_respondent_add_answers(void **state)
{
	char path[8192];
	struct store *st = open_new("addans");
	struct error err = { "" };
	struct respondent r;
	int64_t sv = put_survey(st, "pss", 1, NULL), id[3], ignored;
	const char *const a[] = { "3", NULL, "x y" };
	const char *const bad[] = { "3", NULL, "x y", "\xED\xA0\x80" };	/* a surrogate */
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
		assert_answers(st, id[i], i ? "[3,-,x y]" : "[]");
	}
	/* submitted at creation: locked */
	assert_int_equal(store_answers_save(st, id[2], a, 1, 0, &err), UT_EDATA);

	/* refused: nothing is added */
	assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL, bad, 4,
						      0, &ignored, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot save the answers of a new respondent: "
			    "the answer in slot 3 is not valid UTF-8");
	assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL, NULL, 2,
						      0, &ignored, &err), UT_EDATA);
	assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, "tok", a, 3,
						      0, &ignored, &err), UT_EDATA);
	assert_int_equal(store_respondent_add_answers(st, 42, NULL, NULL, NULL, NULL, a, 3,
						      0, &ignored, &err), UT_EDATA);
	store_close(st);

	/* the row holds the record of store/record.h: {"3", NULL, "x y"} */
	assert_int_equal(raw_int(path, "SELECT count(*) FROM respondent"), 3);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM respondent WHERE ext_id IN ('e1', 'e2')"
				 " AND answers = x'0102330004782079'"), 2);
	assert_int_equal(raw_int(path, "SELECT count(*) FROM respondent WHERE ext_id = 'e0'"
				 " AND typeof(answers) = 'blob' AND length(answers) = 0"), 1);
}

static void test_submit_locks(void **state)
{
	struct store *st = open_new("submit");
	struct error err = { "" };
	struct respondent r;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const char *const a[] = { "2" }, *const b[] = { "5" };

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
		assert_int_equal(store_answers_save(st, id, b, 1, submit, &err), UT_EDATA);
		assert_string_equal(err.msg, "respondent 1 has submitted: answers are locked");
		assert_int_equal(store_answers_save(st, id, NULL, 0, submit, &err), UT_EDATA);
	}
	assert_answers(st, id, "[2]");
	store_close(st);
}

static void test_bad_clock(void **state)
{
	struct store *st = open_new("clock");
	struct error err = { "" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	setenv("UTILIS_NOW", "2024-05-07 00:00:00", 1);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err),
			 UT_EDATA);
	assert_non_null(strstr(err.msg, "UTILIS_NOW"));
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	store_close(st);
}

struct collected {
	struct strbuf sb;	/* "id:ext_id:status:[values];" per respondent */
	size_t nslots;		/* as passed to store_answers_each */
	int stop_after;		/* return 7 (collect_lean: or stop_rc) after that many calls (0: never) */
	int stop_rc;		/* what to return then, 0: 7 */
	int calls;		/* calls so far */
	int short_rows;		/* calls with n below nslots */
};

static int collect(void *ctx, const struct respondent *r, const char *const *values,
		   size_t n)
{
	struct collected *c = ctx;

	strbuf_addf(&c->sb, "%lld:%s:%d:", (long long)r->id, r->ext_id ? r->ext_id : "-",
		    (int)r->status);
	add_values(&c->sb, values, n);
	strbuf_addch(&c->sb, ';');
	if (n < c->nslots)
		c->short_rows++;
	c->calls++;
	return c->stop_after && c->calls == c->stop_after ? 7 : 0;
}

/* store_answers_each into c->sb, which is emptied first; returns its value. */
static int each(struct store *st, struct collected *c, const char *form_id, int version,
		int submitted_only, size_t nslots)
{
	struct error err = { "" };

	strbuf_reset(&c->sb);
	c->nslots = nslots;
	c->calls = 0;
	return store_answers_each(st, form_id, version, submitted_only, nslots, collect, c,
				  &err);
}

static void test_answers_each(void **state)
{
	struct store *st = open_new("each");
	struct error err = { "" };
	struct collected c = { STRBUF_INIT, 0, 0, 0, 0, 0 };
	int64_t v1 = put_survey(st, "pss", 1, NULL), v2 = put_survey(st, "pss", 2, NULL);
	int64_t other = put_survey(st, "who5", 1, NULL), id;
	const char *const a[] = { "1", "2" };
	const char *const b[] = { NULL, NULL, "3" };

	assert_int_equal(store_respondent_add(st, v1, "e1", NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 2, 1, &err), 0);		/* 1 */
	assert_int_equal(store_respondent_add(st, other, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 2, 1, &err), 0);		/* 2 */
	assert_int_equal(store_respondent_add(st, v2, "e3", NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, b, 3, 0, &err), 0);		/* 3 */
	assert_int_equal(store_respondent_add(st, v1, NULL, NULL, NULL, NULL, &id, &err), 0);
	/* 4: invited, no answers */
	assert_int_equal(store_respondent_add_answers(st, v2, NULL, NULL, NULL, NULL, b, 3, 1,
						      &id, &err), 0);			/* 5 */

	/* nslots 0: each row as long as its record */
	assert_int_equal(each(st, &c, "pss", 0, 0, 0), 0);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2];3:e3:1:[-,-,3];4:-:0:[];5:-:2:[-,-,3];");
	/* padded with NULLs to nslots */
	assert_int_equal(each(st, &c, "pss", 0, 0, 4), 0);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2,-,-];3:e3:1:[-,-,3,-];4:-:0:[-,-,-,-];"
			    "5:-:2:[-,-,3,-];");
	/* a record longer than nslots comes whole */
	assert_int_equal(each(st, &c, "pss", 0, 1, 2), 0);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2];5:-:2:[-,-,3];");
	assert_int_equal(each(st, &c, "pss", 2, 0, 3), 0);
	assert_string_equal(c.sb.buf, "3:e3:1:[-,-,3];5:-:2:[-,-,3];");
	assert_int_equal(each(st, &c, "pss", 1, 1, 3), 0);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2,-];");
	assert_int_equal(each(st, &c, "pss", 1, 0, 1), 0);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2];4:-:0:[-];");
	assert_int_equal(each(st, &c, "who5", 0, 0, 0), 0);
	assert_string_equal(c.sb.buf, "2:-:2:[1,2];");
	assert_int_equal(each(st, &c, "pss", 9, 0, 3), 0);
	assert_string_equal(c.sb.buf, "");
	assert_int_equal(each(st, &c, "nope", 0, 0, 3), 0);
	assert_string_equal(c.sb.buf, "");
	assert_int_equal(c.short_rows, 0);

	/* fn's non-zero value stops the walk and comes back */
	c.stop_after = 2;
	assert_int_equal(each(st, &c, "pss", 0, 0, 0), 7);
	assert_string_equal(c.sb.buf, "1:e1:2:[1,2];3:e3:1:[-,-,3];");
	strbuf_release(&c.sb);
	store_close(st);
}

/* Rows the store did not write: refused with the respondent and the byte. */
static void test_answers_each_malformed_row(void **state)
{
	static const struct {
		const char *sql;	/* the forged answers */
		size_t pos;		/* where record_decode stops */
	} forged[] = {
		{ "CAST('{\"q1\":\"3\"}' AS BLOB)", 0 },	/* a row of the JSON layout */
		{ "x'00'", 0 },
		{ "x'0105616263'", 2 },		/* length past the end */
		{ "x'0180'", 2 },		/* truncated varint */
		{ "x'0102610361006200'", 4 },	/* NUL inside a value */
	};
	const char *const a[] = { "1" };

	for (size_t i = 0; i < sizeof(forged) / sizeof(*forged); i++) {
		char path[8192], sql[256], want[9000];
		struct store *st = open_new("malformed");
		struct error err = { "" };
		struct collected c = { STRBUF_INIT, 0, 0, 0, 0, 0 };
		int64_t sv = put_survey(st, "pss", 1, NULL), id;
		char **got;
		size_t n;

		snprintf(path, sizeof(path), "%s", last_path);
		assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL,
							      a, 1, 0, &id, &err), 0);
		assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err),
				 0);
		store_close(st);
		snprintf(sql, sizeof(sql), "UPDATE respondent SET answers = %s WHERE id = 2",
			 forged[i].sql);
		raw_exec(path, sql);

		snprintf(want, sizeof(want), "respondent 2 in '%s' has malformed answers "
			 "(at byte %zu)", path, forged[i].pos);
		assert_int_equal(store_open(&st, path, 0, &err), 0);
		assert_int_equal(store_answers_each(st, "pss", 0, 0, 4, collect, &c, &err),
				 UT_ESCHEMA);
		assert_string_equal(err.msg, want);
		assert_string_equal(c.sb.buf, "1:-:1:[1,-,-,-];");	/* the row before it */
		assert_int_equal(store_answers_get(st, 2, &got, &n, &err), UT_ESCHEMA);
		assert_string_equal(err.msg, want);
		assert_answers(st, 1, "[1]");
		strbuf_release(&c.sb);
		store_close(st);
	}
}

/* Nested use: fn reads through the same store while the walk goes on. */
static int nested(void *ctx, const struct respondent *r, const char *const *values,
		  size_t n)
{
	struct store *st = ctx;
	char **got;
	size_t ng;
	struct error err;
	int rc = 0;

	if (store_answers_get(st, r->id, &got, &ng, &err))
		return -100;
	if (ng != n)
		rc = -101;
	for (size_t i = 0; i < n && !rc; i++)
		if (!got[i] != !values[i] || (got[i] && strcmp(got[i], values[i])))
			rc = -102;
	answers_free(got, ng);
	return rc;
}

static void test_answers_each_nested(void **state)
{
	struct store *st = open_new("nested");
	struct error err = { "" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	const char *const a[] = { "1" }, *const b[] = { "22", NULL, "x" };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, a, 1, 0, &err), 0);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, b, 3, 0, &err), 0);
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_each(st, "pss", 0, 0, 0, nested, st, &err), 0);
	store_close(st);
}

/* What the lean read gives of a respondent, as "id:group:wave:panel:status:[values];". */
static int collect_lean(void *ctx, const struct respondent *r, const char *const *values,
			size_t n)
{
	struct collected *c = ctx;

	strbuf_addf(&c->sb, "%lld:%s:%s:%s:%d:", (long long)r->id, r->group ? r->group : "-",
		    r->wave ? r->wave : "-", r->panel ? r->panel : "-", (int)r->status);
	add_values(&c->sb, values, n);
	strbuf_addch(&c->sb, ';');
	c->calls++;
	return c->stop_after && c->calls == c->stop_after ? c->stop_rc ? c->stop_rc : 7 : 0;
}

/*
 * store_answers_each_lean() reads on a second thread and hands the rows
 * over in chunks of 1024: over several chunks, rows far larger than a
 * chunk's text, missing values, repeats, groups and waves, it gives fn
 * exactly what a read on one thread gives (store_answers_each()), in the
 * same order, stops where fn stops, and fails where a row is malformed.
 */
static void answers_each_lean(int who)
{
	struct store *st = open_new("lean");
	struct error err = { "" };
	struct collected one = { STRBUF_INIT, 0, 0, 0, 0, 0 }, two = { STRBUF_INIT, 0, 0, 0, 0, 0 };
	int64_t sv = put_survey(st, "pss", 1, NULL), id;
	char *big = malloc(300000), path[8192];
	static const int stops[] = { 1, 1023, 1024, 1025, 2048, 3001, 5000 };
	int i;

	store_lean_decoder(who);
	assert_non_null(big);
	memset(big, 'x', 299999);
	big[299999] = '\0';
	assert_int_equal(store_begin(st, &err), 0);
	for (i = 0; i < 5000; i++) {
		char v0[16], v2[16], grp[16];
		const char *vals[4] = { v0, NULL, v2, NULL };
		const char *const inner[] = { "in", NULL, "side" };
		struct instance inst = { 0, 1, { 0 }, inner, 3 };
		struct store_answers a = { vals, 3, &inst, i % 7 == 0 };

		snprintf(v0, sizeof(v0), "%d", i % 5 + 1);
		snprintf(v2, sizeof(v2), "%d.5", i);
		snprintf(grp, sizeof(grp), "g%d", i % 11);
		if (i % 13 == 0)
			vals[0] = NULL;			/* missing values */
		if (i == 1500 || i == 1501 || i == 4999)
			vals[3] = big, a.n = 4;		/* a row larger than a chunk's text */
		assert_int_equal(store_respondent_add_rep(st, sv, NULL, i % 17 ? grp : NULL,
							  i % 3 ? "w1" : "", NULL, &a, i % 2,
							  &id, &err), 0);
	}
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);

	for (size_t nslots = 0; nslots < 6; nslots += 5) {
		for (int sub = 0; sub < 2; sub++) {
			strbuf_reset(&one.sb);
			strbuf_reset(&two.sb);
			one.calls = two.calls = 0;
			assert_int_equal(store_answers_each(st, "pss", 0, sub, nslots, collect_lean,
							    &one, &err), 0);
			assert_int_equal(store_answers_each_lean(st, "pss", 0, sub, nslots,
								 collect_lean, &two, &err), 0);
			assert_int_equal(one.calls, sub ? 2500 : 5001);
			assert_int_equal(two.calls, one.calls);
			assert_true(one.sb.len == two.sb.len && !strcmp(one.sb.buf, two.sb.buf));
		}
	}
	/* fn's non-zero value stops the read wherever it comes */
	for (size_t k = 0; k < sizeof(stops) / sizeof(*stops); k++) {
		strbuf_reset(&one.sb);
		strbuf_reset(&two.sb);
		one.calls = two.calls = 0;
		one.stop_after = two.stop_after = stops[k];
		assert_int_equal(store_answers_each(st, "pss", 0, 0, 4, collect_lean, &one, &err), 7);
		assert_int_equal(store_answers_each_lean(st, "pss", 0, 0, 4, collect_lean, &two,
							 &err), 7);
		assert_int_equal(two.calls, stops[k]);
		assert_true(!strcmp(one.sb.buf, two.sb.buf));
	}
	/* fn's UT_EDATA (-2) too: the read stops there, it does not start again */
	strbuf_reset(&two.sb);
	two.calls = 0;
	two.stop_after = 1500;
	two.stop_rc = UT_EDATA;
	assert_int_equal(store_answers_each_lean(st, "pss", 0, 0, 4, collect_lean, &two, &err),
			 UT_EDATA);
	assert_int_equal(two.calls, 1500);
	two.stop_rc = 0;
	one.stop_after = two.stop_after = 0;
	store_close(st);

	/* a malformed row past the first chunks: the rows before it, then the failure */
	snprintf(path, sizeof(path), "%s", last_path);
	raw_exec(path, "UPDATE respondent SET answers = x'0105616263' WHERE id = 2500");
	assert_int_equal(store_open(&st, path, 0, &err), 0);
	strbuf_reset(&one.sb);
	strbuf_reset(&two.sb);
	assert_int_equal(store_answers_each(st, "pss", 0, 0, 4, collect_lean, &one, &err),
			 UT_ESCHEMA);
	assert_int_equal(store_answers_each_lean(st, "pss", 0, 0, 4, collect_lean, &two, &err),
			 UT_ESCHEMA);
	assert_non_null(strstr(err.msg, "respondent 2500 in '"));
	assert_non_null(strstr(err.msg, "has malformed answers (at byte 2)"));
	assert_true(!strcmp(one.sb.buf, two.sb.buf));
	assert_non_null(strstr(two.sb.buf, ";2499:"));
	assert_null(strstr(two.sb.buf, ";2500:"));
	strbuf_release(&one.sb);
	strbuf_release(&two.sb);
	free(big);
	store_close(st);
	store_lean_decoder(0);
}

/* The same whoever decodes: by load, the reading thread, fn's thread. */
/*
 * store_answers_each_lean() of a survey with several versions (their list
 * looked up), of one version among several, and of a survey with one
 * (compared with its id), with another survey's rows in between: the rows
 * a read on one thread gives, in the same order.
 */
static void test_answers_each_lean_versions(void **state)
{
	struct store *st = open_new("leanv");
	struct error err = { "" };
	struct collected one = { STRBUF_INIT, 0, 0, 0, 0, 0 }, two = { STRBUF_INIT, 0, 0, 0, 0, 0 };
	int64_t v1 = put_survey(st, "pss", 1, NULL), other = put_survey(st, "other", 1, NULL);
	int64_t v2 = put_survey(st, "pss", 2, NULL), id;
	static const struct { const char *form; int version, calls; } reads[] = {
		{ "pss", 0, 2000 }, { "pss", 1, 1000 }, { "pss", 2, 1000 }, { "other", 0, 1000 },
		{ "other", 1, 1000 }, { "pss", 3, 0 }, { "none", 0, 0 },
	};

	(void)state;
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < 3000; i++) {
		char v0[16];
		const char *vals[2] = { v0, "x" };
		struct store_answers a = { vals, 2, NULL, 0 };

		snprintf(v0, sizeof(v0), "%d", i);
		assert_int_equal(store_respondent_add_rep(st, i % 3 == 0 ? v1 : i % 3 == 1 ? other : v2,
							  NULL, NULL, NULL, NULL, &a, 1, &id, &err), 0);
	}
	assert_int_equal(store_commit(st, &err), 0);
	for (size_t k = 0; k < sizeof(reads) / sizeof(*reads); k++) {
		strbuf_reset(&one.sb);
		strbuf_reset(&two.sb);
		one.calls = two.calls = 0;
		assert_int_equal(store_answers_each(st, reads[k].form, reads[k].version, 0, 2,
						    collect_lean, &one, &err), 0);
		assert_int_equal(store_answers_each_lean(st, reads[k].form, reads[k].version, 0, 2,
							 collect_lean, &two, &err), 0);
		assert_int_equal(one.calls, reads[k].calls);
		assert_int_equal(two.calls, one.calls);
		assert_true(one.sb.len == two.sb.len && !strcmp(one.sb.buf, two.sb.buf));
	}
	strbuf_release(&one.sb);
	strbuf_release(&two.sb);
	store_close(st);
}

static void test_answers_each_lean(void **state)
{
	for (int who = 0; who < 3; who++)
		answers_each_lean(who);
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
	assert_int_equal(store_begin(st, &err), UT_EIO);	/* no nesting */
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w", &res, &err), 0);
	/* a refused put inside a transaction leaves the rest of it alone */
	assert_int_equal(store_survey_put(st, "who5", 1, NULL, NULL, "w2", &res, &err),
			 UT_EDATA);
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
			 UT_EDATA);
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
	"\x01\x02\x33",	/* looks like a record: 01 02 "3" */
};

/* store_answers_each callback: the one row's values must be c->want. */
struct tricky_check {
	const char *const *want;	/* expected values */
	size_t n;			/* how many */
	int rows;			/* rows seen */
	int bad;			/* rows that differed */
};

static int tricky_fn(void *ctx, const struct respondent *r, const char *const *values,
		     size_t n)
{
	struct tricky_check *c = ctx;

	c->rows++;
	if (n != c->n)
		c->bad++;
	for (size_t i = 0; i < n && i < c->n; i++)
		if (!values[i] != !c->want[i] || (values[i] && strcmp(values[i], c->want[i])))
			c->bad++;
	return 0;
}

static void test_answers_tricky_strings(void **state)
{
	enum { N = sizeof(tricky) / sizeof(*tricky), NV = 2 * N - 1 };
	struct store *st = open_new("tricky");
	struct error err = { "" };
	const char *values[NV];
	struct tricky_check c = { values, NV, 0, 0 };
	char **got;
	size_t n;
	int64_t sv = put_survey(st, "pss", 1, NULL), id;

	/* tricky strings in the even slots, unanswered ones between */
	for (size_t i = 0; i < NV; i++)
		values[i] = i % 2 ? NULL : tricky[i / 2];
	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, values, NV, 0, &err), 0);
	assert_int_equal(store_answers_get(st, id, &got, &n, &err), 0);
	assert_int_equal(n, NV);
	for (size_t i = 0; i < NV; i++) {
		if (i % 2) {
			assert_null(got[i]);
		} else {
			assert_non_null(got[i]);	/* "" is an answer, not NULL */
			assert_string_equal(got[i], values[i]);
		}
	}
	answers_free(got, n);
	assert_int_equal(store_answers_each(st, "pss", 0, 0, NV, tricky_fn, &c, &err), 0);
	assert_int_equal(c.rows, 1);
	assert_int_equal(c.bad, 0);
	store_close(st);
}

/* Text that is not UTF-8 is refused, with the slot it is in. */
static void test_answers_invalid_utf8(void **state)
{
	static const char *const bad[] = {
		"\xC3",			/* truncated */
		"caf\xC3(",
		"\xC0\xAF",		/* overlong '/' */
		"\xE0\x80\xAF",		/* overlong, 3 bytes */
		"\xED\xA0\x80",		/* surrogate */
		"\xED\xBF\xBF",
		"\xF4\x90\x80\x80",	/* above U+10FFFF */
		"\xF8\x88\x80\x80\x80",	/* 5 bytes */
		"\xFE",
		"\xFF",
		"\x80",			/* lone continuation byte */
		"latin-1 caf\xE9",
		"ok \xF0\x9F\x98",	/* emoji cut short */
	};
	struct store *st = open_new("badutf");
	struct error err = { "" };
	int64_t sv = put_survey(st, "pss", 1, NULL), id, ignored;
	const char *const good[] = { "1", "\xC3\xA9" };

	assert_int_equal(store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_answers_save(st, id, good, 2, 0, &err), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		const char *values[7] = { "1", NULL, "é", "", NULL, bad[i], "2" };

		if (store_answers_save(st, id, values, 7, 0, &err) != UT_EDATA)
			fail_msg("saved bad UTF-8 %zu", i);
		assert_string_equal(err.msg, "cannot save the answers of respondent 1: "
				    "the answer in slot 5 is not valid UTF-8");
		assert_int_equal(store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL,
							      values, 7, 1, &ignored, &err),
				 UT_EDATA);
		assert_string_equal(err.msg, "cannot save the answers of a new respondent: "
				    "the answer in slot 5 is not valid UTF-8");
	}
	assert_answers(st, id, "[1,\xC3\xA9]");
	store_close(st);
	assert_int_equal(raw_int(last_path, "SELECT count(*) FROM respondent"), 1);
}

/* --- bulk ------------------------------------------------------------- */

enum { BULK_NRESP = 100000, BULK_NQ = 40 };

/* The answer of row i to question q: a Likert value 1..5. */
static int bulk_value(int64_t i, int q)
{
	return (int)((i * 7 + q * 3) % 5) + 1;
}

struct bulk_check {
	int64_t rows;		/* rows seen */
	int64_t sum;		/* sum of every value */
	int bad;		/* rows whose shape or values were wrong */
};

static int bulk_fn(void *ctx, const struct respondent *r, const char *const *values,
		   size_t n)
{
	struct bulk_check *c = ctx;
	int wrong = n != BULK_NQ || r->id != c->rows + 1 || r->status != RESP_SUBMITTED;

	for (size_t q = 0; q < n && q < BULK_NQ && !wrong; q++) {
		int v = bulk_value(c->rows, (int)q);

		if (!values[q] || values[q][0] != '0' + v || values[q][1])
			wrong = 1;
		else
			c->sum += v;
	}
	c->bad += wrong;
	c->rows++;
	return 0;
}

static void test_bulk(void **state)
{
	struct store *st = open_new("bulk");
	struct error err = { "" };
	const char *values[BULK_NQ];
	char text[BULK_NQ][2];
	struct bulk_check c = { 0, 0, 0 };
	int64_t sv = put_survey(st, "bulk", 1, NULL), id, want = 0;

	for (int q = 0; q < BULK_NQ; q++) {
		text[q][1] = '\0';
		values[q] = text[q];
	}
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < BULK_NRESP; i++) {
		for (int q = 0; q < BULK_NQ; q++) {
			int v = bulk_value(i, q);

			text[q][0] = (char)('0' + v);
			want += v;
		}
		/* half as an import does, half as the web forms do */
		if (i % 2 ? store_respondent_add_answers(st, sv, NULL, NULL, NULL, NULL, values,
							 BULK_NQ, 1, &id, &err) :
		    store_respondent_add(st, sv, NULL, NULL, NULL, NULL, &id, &err) ||
		    store_answers_save(st, id, values, BULK_NQ, 1, &err))
			fail_msg("row %d: %s", i, err.msg);
	}
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_answers_each(st, "bulk", 0, 1, BULK_NQ, bulk_fn, &c, &err), 0);
	assert_int_equal(c.rows, BULK_NRESP);
	assert_int_equal(c.bad, 0);
	assert_true(c.sum == want);
	store_close(st);
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
		cmocka_unit_test(test_damaged_header_refused),
		cmocka_unit_test(test_damaged_page_found_by_check),
		cmocka_unit_test(test_survey_put),
		cmocka_unit_test(test_survey_put_audit),
		cmocka_unit_test(test_survey_get),
		cmocka_unit_test(test_survey_list),
		cmocka_unit_test(test_respondents),
		cmocka_unit_test(test_answers_save_get),
		cmocka_unit_test(test_answers_many_slots),
		cmocka_unit_test(test_respondent_add_answers),
		cmocka_unit_test(test_submit_locks),
		cmocka_unit_test(test_bad_clock),
		cmocka_unit_test(test_answers_each),
		cmocka_unit_test(test_answers_each_malformed_row),
		cmocka_unit_test(test_answers_each_nested),
		cmocka_unit_test(test_answers_each_lean),
		cmocka_unit_test(test_answers_each_lean_versions),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_answers_tricky_strings),
		cmocka_unit_test(test_answers_invalid_utf8),
		cmocka_unit_test(test_bulk),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
