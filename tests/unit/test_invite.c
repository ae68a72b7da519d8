/*
 * Unit tests of the workspace's web-collection tables (src/store/invite.c):
 * links with contacts, drafts saved page by page, submission (anonymous or
 * not), counts, open links and server keys, on a real SQLite file in a
 * temporary directory.  SQLite is used directly only to look at what the
 * store wrote (the anonymity checks).
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

static int setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct error err;
	enum store_put_result res;
	struct survey_version sv;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_invite.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/w.db", dir);
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
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
	char p[4300];

	(void)state;
	store_close(st);
	for (const char *suffix = ""; ; suffix = suffix[0] ? NULL : "-wal") {
		if (!suffix)
			break;
		snprintf(p, sizeof(p), "%s%s", path, suffix);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
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

static void test_add_and_find(void **state)
{
	struct invitation inv;
	struct error err;
	int64_t id, id2;

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "tok_add_000000000000000a", 0,
					      "Anne", "anne@example.org", "CA", "2024", &id, &err), 0);
	assert_int_equal(store_invitation_by_token(st, "tok_add_000000000000000a", &inv, &err), 1);
	assert_int_equal(inv.id, id);
	assert_string_equal(inv.form_id, "f");
	assert_int_equal(inv.version, 1);
	assert_string_equal(inv.name, "Anne");
	assert_string_equal(inv.email, "anne@example.org");
	assert_string_equal(inv.group, "CA");
	assert_string_equal(inv.wave, "2024");
	assert_int_equal(inv.status, RESP_INVITED);
	assert_int_equal(inv.page, 0);
	assert_null(inv.lang);
	assert_null(inv.updated_at);
	assert_string_equal(inv.created_at, "2024-05-06T07:08:09Z");
	invitation_release(&inv);

	assert_int_equal(store_invitation_by_token(st, "nope", &inv, &err), 0);
	assert_int_equal(store_invitation_by_token(st, NULL, &inv, &err), 0);
	assert_int_equal(store_invitation_add(st, version_id, "tok_add_000000000000000a", 0, NULL,
					      NULL, NULL, NULL, &id2, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot add an invitation: its token is already in use");
	assert_int_equal(store_invitation_add(st, 999, "tok_add_000000000000000b", 0, NULL, NULL,
					      NULL, NULL, &id2, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot add an invitation: no survey version with id 999");
	assert_int_equal(store_invitation_add(st, version_id, "", 0, NULL, NULL, NULL, NULL, &id2,
					      &err), UT_EDATA);
}

static void test_draft_and_submit(void **state)
{
	const char *page1[] = { "34", NULL, "oui" };
	const char *final[] = { "35", "2020-01-01", "oui", "l'été" };
	const char *bad[] = { "\xff" };
	struct invitation inv;
	struct error err;
	char **v;
	size_t n;
	int64_t id, rid = 0;

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "tok_anon_00000000000000a", 0, "Bob",
					      NULL, "B", NULL, &id, &err), 0);
	assert_int_equal(store_invitation_draft(st, id, &v, &n, &err), 0);
	assert_int_equal(n, 0);
	answers_free(v, n);

	assert_int_equal(store_invitation_save(st, id, page1, 3, 1, "en", &err), 0);
	assert_int_equal(store_invitation_by_token(st, "tok_anon_00000000000000a", &inv, &err), 1);
	assert_int_equal(inv.status, RESP_STARTED);
	assert_int_equal(inv.page, 1);
	assert_string_equal(inv.lang, "en");
	assert_non_null(inv.updated_at);
	invitation_release(&inv);
	assert_int_equal(store_invitation_draft(st, id, &v, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "34");
	assert_null(v[1]);
	assert_string_equal(v[2], "oui");
	answers_free(v, n);
	/* the language is kept when not given */
	assert_int_equal(store_invitation_save(st, id, page1, 3, 2, NULL, &err), 0);
	assert_int_equal(store_invitation_by_token(st, "tok_anon_00000000000000a", &inv, &err), 1);
	assert_string_equal(inv.lang, "en");
	invitation_release(&inv);
	assert_int_equal(store_invitation_save(st, id, bad, 1, 2, NULL, &err), UT_EDATA);
	assert_int_equal(store_invitation_save(st, id, page1, 3, -1, NULL, &err), UT_EDATA);
	assert_int_equal(store_invitation_save(st, 4242, page1, 3, 0, NULL, &err), UT_EDATA);
	assert_string_equal(err.msg, "no link 4242");

	/* anonymous submission: the answers carry no way back */
	assert_int_equal(store_invitation_submit(st, id, final, 4, 1, NULL, 0, &rid, &err), 0);
	assert_true(rid > 0);
	assert_int_equal(store_invitation_by_token(st, "tok_anon_00000000000000a", &inv, &err), 1);
	assert_int_equal(inv.status, RESP_SUBMITTED);
	assert_int_equal(inv.respondent_id, 0);
	assert_null(inv.updated_at);
	invitation_release(&inv);
	assert_int_equal(sql_int("SELECT length(draft) FROM invitation WHERE token = "
				 "'tok_anon_00000000000000a'"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE token IS NOT NULL"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE grp = 'B' AND "
				 "status = 'submitted'"), 1);
	assert_int_equal(store_answers_get(st, rid, &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[3], "l'été");
	answers_free(v, n);

	/* locked */
	assert_int_equal(store_invitation_submit(st, id, final, 4, 1, NULL, 0, NULL, &err), UT_EDATA);
	assert_string_equal(err.msg, "link 2 has submitted: answers are locked");
	assert_int_equal(store_invitation_save(st, id, page1, 3, 0, NULL, &err), UT_EDATA);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), 1);
}

static void test_named_submit(void **state)
{
	const char *final[] = { "1" };
	struct invitation inv;
	struct error err;
	int64_t id, rid = 0;

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "tok_named_0000000000000a", 0, "Cé",
					      NULL, NULL, "2025", &id, &err), 0);
	assert_int_equal(store_invitation_submit(st, id, final, 1, 0, NULL, 0, &rid, &err), 0);
	assert_int_equal(store_invitation_by_token(st, "tok_named_0000000000000a", &inv, &err), 1);
	assert_int_equal(inv.respondent_id, rid);
	assert_non_null(inv.updated_at);
	invitation_release(&inv);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent WHERE token = "
				 "'tok_named_0000000000000a' AND wave = '2025'"), 1);
	assert_int_equal(store_invitation_submit(st, 9999, final, 1, 0, NULL, 0, NULL, &err), UT_EDATA);
	assert_string_equal(err.msg, "cannot submit: no link 9999");
}

/* Times in an anonymous submission: the day only; the link forgets its language. */
static void test_anonymous_times(void **state)
{
	const char *vals[] = { "x" };
	struct invitation inv;
	struct error err;
	int64_t id, rid = 0;

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "tok_time_00000000000000a", 0, "Ti",
					      "ti@example.org", NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_save(st, id, vals, 1, 0, "en", &err), 0);
	assert_int_equal(store_invitation_submit(st, id, vals, 1, 1, NULL, 0, &rid, &err), 0);
	assert_int_equal(store_invitation_by_token(st, "tok_time_00000000000000a", &inv, &err), 1);
	assert_null(inv.lang);
	assert_null(inv.updated_at);
	invitation_release(&inv);
	{
		char sql[200];

		snprintf(sql, sizeof(sql), "SELECT count(*) FROM respondent WHERE id = %lld AND"
			 " submitted_at = '2024-05-06T00:00:00Z' AND created_at = submitted_at"
			 " AND updated_at = submitted_at", (long long)rid);
		assert_int_equal(sql_int(sql), 1);
	}
}

/*
 * The row numbers of anonymous answers do not follow the order of
 * submission (whoever saw /admin between two submissions would otherwise
 * know which row is whose); a named survey's rows still do.
 */
static void test_anonymous_row_order(void **state)
{
	const char *vals[] = { "x" };
	struct error err;
	int64_t rid[20], id, named1 = 0, named2 = 0;
	int increasing = 1;

	(void)state;
	for (int i = 0; i < 20; i++) {
		char tok[32];

		snprintf(tok, sizeof(tok), "tok_order_%014d", i);
		assert_int_equal(store_invitation_add(st, version_id, tok, 0, NULL, NULL, NULL, NULL,
						      &id, &err), 0);
		assert_int_equal(store_invitation_submit(st, id, vals, 1, 1, NULL, 0, &rid[i], &err), 0);
		assert_true(rid[i] > 0 && rid[i] < ((int64_t)1 << 31));
		if (i > 0 && rid[i] < rid[i - 1])
			increasing = 0;
	}
	assert_false(increasing);	/* by chance once in 20! runs */
	assert_int_equal(store_invitation_add(st, version_id, "tok_order_named_000001", 0, NULL,
					      NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_submit(st, id, vals, 1, 0, NULL, 0, &named1, &err), 0);
	assert_int_equal(store_invitation_add(st, version_id, "tok_order_named_000002", 0, NULL,
					      NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_submit(st, id, vals, 1, 0, NULL, 0, &named2, &err), 0);
	assert_int_equal(named2, named1 + 1);
}

/* A page saved after the caller read the draft: the submission writes nothing, returns 1. */
static void test_submit_stale_draft(void **state)
{
	const char *before[] = { "avant" }, *after[] = { "après" };
	struct error err;
	int64_t id;
	long long n0 = sql_int("SELECT count(*) FROM respondent");

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "tok_race_00000000000000a", 0, NULL,
					      NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_save(st, id, before, 1, 1, NULL, &err), 0);
	/* another tab saves "après" */
	assert_int_equal(store_invitation_save(st, id, after, 1, 0, NULL, &err), 0);
	assert_int_equal(store_invitation_submit(st, id, before, 1, 1, before, 1, NULL, &err), 1);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), n0);
	assert_int_equal(sql_int("SELECT count(*) FROM invitation WHERE status = 'started'"
				 " AND token = 'tok_race_00000000000000a'"), 1);
	/* read again: submitted */
	assert_int_equal(store_invitation_submit(st, id, after, 1, 1, after, 1, NULL, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM respondent"), n0 + 1);
	/* then the late save is refused */
	assert_int_equal(store_invitation_save(st, id, before, 1, 0, NULL, &err), UT_EDATA);
}

/* Every connection deletes securely; the log is emptied unless a reader holds it. */
static void test_purge(void **state)
{
	const char *secret[] = { "CONFIDENTIEL-XYZ" }, *none[] = { "rien" };
	sqlite3 *db;
	sqlite3_stmt *stmt;
	struct error err;
	char wal[4300];
	FILE *fp;
	long size;
	int64_t id;

	(void)state;
	assert_int_equal(sql_int("PRAGMA secure_delete"), 1);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(store_invitation_add(st, version_id, "tok_purge_0000000000000a", 0, NULL,
					      NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_save(st, id, secret, 1, 0, NULL, &err), 0);

	/* a reader in a transaction keeps the old frames */
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM invitation", -1, &stmt, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	sqlite3_finalize(stmt);
	assert_int_equal(store_invitation_submit(st, id, none, 1, 1, NULL, 0, NULL, &err), 0);
	assert_int_equal(store_purge(st, 0, 0, &err), UT_EBUSY);
	assert_non_null(strstr(err.msg, "old copies of changed or erased data remain"));
	assert_int_equal(store_purge(st, 0, 1, &err), UT_EBUSY);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);

	assert_int_equal(store_purge(st, 0, 0, &err), 0);
	assert_non_null(fp = fopen(wal, "rb"));
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fclose(fp);
	assert_int_equal(size, 0);
	assert_int_equal(store_purge(st, 0, 1, &err), 0);
	/* the database file holds no copy of the text */
	{
		char *buf;
		long len, k, hits = 0;

		assert_non_null(fp = fopen(path, "rb"));
		fseek(fp, 0, SEEK_END);
		len = ftell(fp);
		rewind(fp);
		assert_non_null(buf = malloc((size_t)len));
		assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
		fclose(fp);
		for (k = 0; k + 16 <= len; k++)
			hits += !memcmp(buf + k, "CONFIDENTIEL-XYZ", 16);
		free(buf);
		assert_int_equal(hits, 0);
	}
}

static int count_each(void *ctx, const struct invitation *inv)
{
	int *n = ctx;

	assert_string_equal(inv->form_id, "f");
	(*n)++;
	return 0;
}

static void test_counts_and_list(void **state)
{
	struct invitation_counts k;
	struct error err;
	int n = 0;

	(void)state;
	assert_int_equal(store_invitation_counts(st, "f", &k, &err), 0);
	assert_int_equal(k.invited, 1);
	assert_int_equal(k.started, 0);
	assert_int_equal(k.submitted, 2);
	assert_int_equal(store_invitation_each(st, "f", count_each, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_invitation_counts(st, "none", &k, &err), 0);
	assert_int_equal(k.invited + k.started + k.submitted, 0);
}

static void test_open_link_and_secret(void **state)
{
	unsigned char fresh[32], got[32], again[32], other[32];
	struct error err;
	char *tok = NULL, *form = NULL;

	(void)state;
	assert_int_equal(store_open_link(st, "f", "open_tok_00000000000000a", &tok, &err), 1);
	assert_string_equal(tok, "open_tok_00000000000000a");
	free(tok);
	assert_int_equal(store_open_link(st, "f", "open_tok_00000000000000b", &tok, &err), 0);
	assert_string_equal(tok, "open_tok_00000000000000a");	/* one per survey */
	free(tok);
	assert_int_equal(store_open_link_find(st, "open_tok_00000000000000a", &form, &err), 1);
	assert_string_equal(form, "f");
	free(form);
	assert_int_equal(store_open_link_find(st, "open_tok_00000000000000b", &form, &err), 0);
	assert_null(form);

	memset(fresh, 1, sizeof(fresh));
	memset(other, 2, sizeof(other));
	assert_int_equal(store_secret(st, "k", fresh, got, sizeof(got), &err), 0);
	assert_memory_equal(got, fresh, sizeof(got));
	assert_int_equal(store_secret(st, "k", other, again, sizeof(again), &err), 0);
	assert_memory_equal(again, fresh, sizeof(again));	/* kept across restarts */
	assert_int_equal(store_secret(st, "k", other, again, 16, &err), UT_ESCHEMA);
}

/* What store_mail_each gives, by address, into *out (the first match). */
struct mail_seen {
	const char *email;		/* wanted */
	struct mail_contact k;		/* found (its strings are not kept: seen_*) */
	int found;
};

static char seen_at[32], seen_reply[64];	/* of the last mail_of() */

static int mail_seen_fn(void *ctx, const struct mail_contact *k)
{
	struct mail_seen *m = ctx;

	if (!strcmp(k->email, m->email) && !m->found) {
		m->k = *k;
		snprintf(seen_at, sizeof(seen_at), "%s", k->last_at ? k->last_at : "(null)");
		snprintf(seen_reply, sizeof(seen_reply), "%s", k->last_reply ? k->last_reply : "(null)");
		m->found = 1;
	}
	return 0;
}

static struct mail_contact mail_of(const char *email)
{
	struct mail_seen m = { email, { 0 }, 0 };
	struct error err;

	assert_int_equal(store_mail_each(st, "f", mail_seen_fn, &m, &err), 0);
	assert_int_equal(m.found, 1);
	return m.k;
}

/*
 * The send log: a message is claimed once; a deferred one can be claimed
 * again, one left sending only by an explicit resend; a refusal stops the
 * address on every link; an opt-out likewise; erasing the link erases its
 * log.
 */
static void test_mail_log(void **state)
{
	struct error err;
	int64_t a, b, c;
	struct mail_contact k;
	struct store_erased gone;
	int stop;

	(void)state;
	assert_int_equal(store_invitation_add(st, version_id, "mailAAAAAAAAAAAAAAAAAAAA", 0, "A",
					      "a@mail.example.org", NULL, NULL, &a, &err), 0);
	assert_int_equal(store_invitation_add(st, version_id, "mailBBBBBBBBBBBBBBBBBBBB", 0, "B",
					      "b@mail.example.org", NULL, NULL, &b, &err), 0);
	assert_int_equal(store_invitation_add(st, version_id, "mailCCCCCCCCCCCCCCCCCCCC", 0, "B again",
					      "B@Mail.example.org", NULL, NULL, &c, &err), 0);
	k = mail_of("a@mail.example.org");
	assert_int_equal(k.first, MAIL_NONE);
	assert_int_equal(k.last_seq, -1);

	/* claimed once: a second claim (another run) gets 0 */
	assert_int_equal(store_mail_claim(st, a, 0, "invitation.fr (built-in)", "<x.0@e.org>", 0, &err), 1);
	assert_int_equal(store_mail_claim(st, a, 0, "invitation.fr (built-in)", "<x.0@e.org>", 0, &err), 0);
	k = mail_of("a@mail.example.org");
	assert_int_equal(k.first, MAIL_SENDING);
	assert_int_equal(k.last_state, MAIL_SENDING);
	/* left sending: only an explicit resend claims it again */
	assert_int_equal(store_mail_claim(st, a, 0, "invitation.fr (built-in)", "<x.0@e.org>", 1, &err), 1);
	assert_int_equal(store_mail_record(st, a, 0, "invitation.fr (built-in)", "<x.0@e.org>", MAIL_SENT,
					   "250 ok", 0, 0, &err), 0);
	assert_int_equal(store_mail_claim(st, a, 0, "invitation.fr (built-in)", "<x.0@e.org>", 1, &err), 0);
	assert_int_equal(sql_int("SELECT attempts FROM mail_log WHERE seq = 0 AND invitation_id = "
				 "(SELECT id FROM invitation WHERE email = 'a@mail.example.org')"), 2);
	k = mail_of("a@mail.example.org");
	assert_int_equal(k.first, MAIL_SENT);
	assert_int_equal(k.nreminders, 0);
	assert_string_equal(seen_at, "2024-05-06T07:08:09Z");
	assert_string_equal(seen_reply, "250 ok");

	/* deferred: not sent, claimed again later */
	assert_int_equal(store_mail_record(st, b, 0, "t", "<y.0@e.org>", MAIL_DEFERRED, "421 busy", 1, 0,
					   &err), 0);
	k = mail_of("b@mail.example.org");
	assert_int_equal(k.first, MAIL_DEFERRED);
	assert_string_equal(seen_at, "(null)");
	assert_int_equal(store_mail_claim(st, b, 0, "t", "<y.0@e.org>", 0, &err), 1);
	/* refused on RCPT: the address is stopped on every link to it, any case */
	assert_int_equal(store_mail_record(st, b, 0, "t", "<y.0@e.org>", MAIL_REFUSED, "550 no", 0, 1,
					   &err), 0);
	assert_int_equal(mail_of("b@mail.example.org").stop, MAIL_STOP_REFUSED);
	assert_int_equal(mail_of("B@Mail.example.org").stop, MAIL_STOP_REFUSED);
	assert_int_equal(store_mail_stopped(st, c, &stop, &err), 0);
	assert_int_equal(stop, MAIL_STOP_REFUSED);

	/* an opt-out: recorded once */
	assert_int_equal(store_mail_optout(st, a, &err), 1);
	assert_int_equal(store_mail_optout(st, a, &err), 0);
	assert_int_equal(mail_of("a@mail.example.org").stop, MAIL_STOP_OPTOUT);
	assert_int_equal(store_mail_optout(st, 999999, &err), UT_EDATA);

	/* erasing the person erases the log and the opt-out */
	assert_int_equal(store_erase(st, "f", STORE_ERASE_EMAIL, "a@mail.example.org", "test", 0, &gone,
				     &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM mail_log WHERE message_id = '<x.0@e.org>'"), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM mail_stop WHERE email = 'a@mail.example.org'"), 0);
}

/* Short codes: kept by hash, unique, found while the link is open, gone when it submits or is erased. */
static void test_short_codes(void **state)
{
	unsigned char h1[32], h2[32];
	struct error err;
	int64_t id, id2, rid;
	char *token = NULL;

	(void)state;
	memset(h1, 0x11, sizeof(h1));
	memset(h2, 0x22, sizeof(h2));
	assert_int_equal(store_invitation_add(st, version_id, "tok_code_00000000000000a", 0, "Ann",
					      NULL, NULL, NULL, &id, &err), 0);
	assert_int_equal(store_invitation_add(st, version_id, "tok_code_00000000000000b", 0, "Ben",
					      NULL, NULL, NULL, &id2, &err), 0);
	assert_int_equal(store_short_code_add(st, id, h1, &err), 0);
	assert_int_equal(store_short_code_add(st, id2, h1, &err), UT_EDATA);	/* one link's */
	assert_int_equal(store_short_code_add(st, 999999, h2, &err), UT_EDATA);
	assert_int_equal(store_short_code_find(st, h1, &token, &err), 1);
	assert_string_equal(token, "tok_code_00000000000000a");
	free(token);
	assert_int_equal(store_short_code_find(st, h2, &token, &err), 0);
	assert_null(token);
	/* a second code for the same link (a reprint): both lead to it */
	assert_int_equal(store_short_code_add(st, id, h2, &err), 0);
	assert_int_equal(store_short_code_find(st, h2, &token, &err), 1);
	free(token);
	/* submitted: the codes no longer lead anywhere */
	assert_int_equal(store_invitation_submit(st, id, NULL, 0, 0, NULL, 0, &rid, &err), 0);
	assert_int_equal(store_short_code_find(st, h1, &token, &err), 0);
	assert_int_equal(store_short_code_find(st, h2, &token, &err), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM short_code WHERE invitation_id = 0 + "
				 "(SELECT id FROM invitation WHERE name = 'Ann')"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_and_find),
		cmocka_unit_test(test_draft_and_submit),
		cmocka_unit_test(test_named_submit),
		cmocka_unit_test(test_counts_and_list),
		cmocka_unit_test(test_open_link_and_secret),
		cmocka_unit_test(test_anonymous_times),
		cmocka_unit_test(test_anonymous_row_order),
		cmocka_unit_test(test_submit_stale_draft),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_mail_log),
		cmocka_unit_test(test_short_codes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
