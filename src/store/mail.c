/*
 * mail: the workspace side of e-mail (see store.h, "e-mail"): the send log
 * of every message to a link, and the addresses that get no more mail.
 * Tables are created by migration step 4 in store.c.
 *
 * Exactly once.  A message is claimed ('sending', committed with
 * synchronous=FULL) before its text goes to the server, and recorded
 * 'sent' once the server answered 250.  The claim is a conditional
 * UPSERT: a message the log holds sent, refused or already sending is not
 * claimed again, so that a second run started meanwhile cannot send it
 * twice.  A run killed between the claim and the 'sent' leaves the
 * message 'sending': the server may or may not have it, and only an
 * explicit choice of the analyst sends it again (cli/cmd_mail.c).
 *
 * Addresses are compared lower-cased (ASCII, as SQLite's lower()): a
 * person who opted out through one link gets no mail through another
 * link to the same address.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/store.h"

static const char mail_each_sql[] =
	"SELECT i.id, v.version, i.token, i.name, i.email, i.lang, i.status,"
	" CASE (SELECT s.reason FROM mail_stop s WHERE s.email = lower(i.email)"
	"  ORDER BY s.reason LIMIT 1) WHEN 'optout' THEN 1 WHEN 'refused' THEN 2 ELSE 0 END,"
	" (SELECT f.state FROM mail_log f WHERE f.invitation_id = i.id AND f.seq = 0),"
	" (SELECT count(*) FROM mail_log r WHERE r.invitation_id = i.id AND r.seq > 0"
	"  AND r.state IN ('sent', 'sending')),"
	" (SELECT max(a.updated_at) FROM mail_log a WHERE a.invitation_id = i.id"
	"  AND a.state IN ('sent', 'sending')),"
	" l.seq, l.state, l.reply"
	" FROM invitation i CROSS JOIN survey_version v ON v.id = i.survey_version_id"
	" LEFT JOIN mail_log l ON l.invitation_id = i.id"
	"  AND l.seq = (SELECT max(m.seq) FROM mail_log m WHERE m.invitation_id = i.id)"
	" WHERE v.form_id = ?1 AND i.is_open = 0 AND i.email IS NOT NULL AND i.email <> ''"
	" ORDER BY i.id";
/* ?6: 1 when a message left 'sending' may be claimed again (an explicit resend) */
static const char mail_claim_sql[] =
	"INSERT INTO mail_log (invitation_id, seq, template, message_id, state, attempts,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'sending', 1, ?5, ?5)"
	" ON CONFLICT (invitation_id, seq) DO UPDATE SET state = 'sending',"
	" attempts = attempts + 1, template = excluded.template,"
	" message_id = excluded.message_id, reply = NULL, updated_at = excluded.updated_at"
	" WHERE mail_log.state = 'deferred' OR (?6 AND mail_log.state = 'sending')";
static const char mail_record_sql[] =
	"INSERT INTO mail_log (invitation_id, seq, template, message_id, state, attempts, reply,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
	" ON CONFLICT (invitation_id, seq) DO UPDATE SET state = excluded.state,"
	" attempts = attempts + excluded.attempts, template = excluded.template,"
	" message_id = excluded.message_id, reply = excluded.reply,"
	" updated_at = excluded.updated_at";
static const char mail_stop_sql[] =
	"INSERT INTO mail_stop (invitation_id, email, reason, at, reply)"
	" SELECT i.id, lower(coalesce(i.email, '')), ?2, ?3, ?4 FROM invitation i WHERE i.id = ?1"
	" ON CONFLICT (invitation_id) DO NOTHING";
static const char mail_link_sql[] = "SELECT 1 FROM invitation WHERE id = ?1";
static const char mail_stopped_sql[] =
	"SELECT CASE (SELECT s.reason FROM mail_stop s WHERE s.email = lower(i.email)"
	"  OR s.invitation_id = i.id ORDER BY s.reason LIMIT 1)"
	" WHEN 'optout' THEN 1 WHEN 'refused' THEN 2 ELSE 0 END"
	" FROM invitation i WHERE i.id = ?1";

static const char *const state_names[] = {
	[MAIL_SENDING] = "sending", [MAIL_SENT] = "sent", [MAIL_REFUSED] = "refused",
	[MAIL_DEFERRED] = "deferred",
};

/* The state stored as text (NULL: MAIL_NONE). */
static enum mail_state state_parse(const unsigned char *s)
{
	for (int i = MAIL_SENDING; s && i <= MAIL_DEFERRED; i++)
		if (!strcmp((const char *)s, state_names[i]))
			return (enum mail_state)i;
	return MAIL_NONE;
}

int store_mail_each(struct store *st, const char *form_id,
		    int (*fn)(void *ctx, const struct mail_contact *k),
		    void *ctx, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = 0, step;

	/* a statement of its own: fn calls back into the store to record */
	if (sqlite3_prepare_v2(st->db, mail_each_sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	if (store_bind_text(stmt, 1, form_id)) {
		rc = store_fail(st, err, "cannot list the addresses of '%s'", form_id);
		goto out;
	}
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct mail_contact k;

		memset(&k, 0, sizeof(k));
		k.invitation_id = sqlite3_column_int64(stmt, 0);
		k.version = sqlite3_column_int(stmt, 1);
		k.token = (const char *)sqlite3_column_text(stmt, 2);
		k.name = (const char *)sqlite3_column_text(stmt, 3);
		k.email = (const char *)sqlite3_column_text(stmt, 4);
		k.lang = (const char *)sqlite3_column_text(stmt, 5);
		if (store_status_parse((const char *)sqlite3_column_text(stmt, 6), &k.status) < 0) {
			error_set(err, "link %lld in '%s' has an unknown status",
				  (long long)k.invitation_id, st->path);
			rc = UT_ESCHEMA;
			goto out;
		}
		k.stop = (enum mail_stop_reason)sqlite3_column_int(stmt, 7);
		k.first = state_parse(sqlite3_column_text(stmt, 8));
		k.nreminders = sqlite3_column_int(stmt, 9);
		k.last_at = (const char *)sqlite3_column_text(stmt, 10);
		k.last_seq = sqlite3_column_type(stmt, 11) == SQLITE_NULL ? -1
			     : sqlite3_column_int(stmt, 11);
		k.last_state = state_parse(sqlite3_column_text(stmt, 12));
		k.last_reply = (const char *)sqlite3_column_text(stmt, 13);
		if (!k.token || !k.email) {
			rc = store_oom(err);
			goto out;
		}
		if ((rc = fn(ctx, &k)))
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot list the addresses of '%s'", form_id);
out:
	sqlite3_finalize(stmt);
	return rc;
}

int store_mail_claim(struct store *st, int64_t invitation_id, int seq, const char *template,
		     const char *message_id, int resend, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	assert(seq >= 0 && template && message_id);
	if ((rc = store_now(st, now, err)) < 0 ||
	    (rc = store_prepare(st, mail_claim_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, invitation_id) || sqlite3_bind_int(stmt, 2, seq) ||
	    store_bind_text(stmt, 3, template) || store_bind_text(stmt, 4, message_id) ||
	    store_bind_text(stmt, 5, now) || sqlite3_bind_int(stmt, 6, resend != 0))
		rc = store_fail(st, err, "cannot record a message");
	else if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record a message in '%s'", st->path);
	else
		rc = sqlite3_changes(st->db) > 0;
	store_done(stmt);
	return rc;
}

int store_mail_record(struct store *st, int64_t invitation_id, int seq, const char *template,
		      const char *message_id, enum mail_state state, const char *reply,
		      int new_attempt, int stop_address, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc, outer;

	assert(state == MAIL_SENT || state == MAIL_REFUSED || state == MAIL_DEFERRED);
	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, mail_record_sql, &stmt, err)) < 0)
		return store_op_end(st, outer, rc, err);
	if (sqlite3_bind_int64(stmt, 1, invitation_id) || sqlite3_bind_int(stmt, 2, seq) ||
	    store_bind_text(stmt, 3, template) || store_bind_text(stmt, 4, message_id) ||
	    store_bind_text(stmt, 5, state_names[state]) ||
	    sqlite3_bind_int(stmt, 6, new_attempt != 0) || store_bind_text(stmt, 7, reply) ||
	    store_bind_text(stmt, 8, now))
		rc = store_fail(st, err, "cannot record a message");
	else if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record a message in '%s'", st->path);
	store_done(stmt);
	if (rc == 0 && state == MAIL_REFUSED && stop_address) {
		if ((rc = store_prepare(st, mail_stop_sql, &stmt, err)) < 0)
			return store_op_end(st, outer, rc, err);
		if (sqlite3_bind_int64(stmt, 1, invitation_id) ||
		    store_bind_text(stmt, 2, "refused") || store_bind_text(stmt, 3, now) ||
		    store_bind_text(stmt, 4, reply) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot record a refused address in '%s'", st->path);
		store_done(stmt);
	}
	return store_op_end(st, outer, rc, err);
}

int store_mail_optout(struct store *st, int64_t invitation_id, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc, outer, found = 0;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, mail_link_sql, &stmt, err)) < 0)
		return store_op_end(st, outer, rc, err);
	if (sqlite3_bind_int64(stmt, 1, invitation_id)) {
		rc = store_fail(st, err, "cannot look up a link");
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW: found = 1; break;
		case SQLITE_DONE: break;
		default: rc = store_fail(st, err, "cannot look up a link");
		}
	}
	store_done(stmt);
	if (rc == 0 && !found) {
		error_set(err, "no link %lld in '%s'", (long long)invitation_id, st->path);
		rc = UT_EDATA;
	}
	if (rc < 0)
		return store_op_end(st, outer, rc, err);
	if ((rc = store_prepare(st, mail_stop_sql, &stmt, err)) < 0)
		return store_op_end(st, outer, rc, err);
	if (sqlite3_bind_int64(stmt, 1, invitation_id) || store_bind_text(stmt, 2, "optout") ||
	    store_bind_text(stmt, 3, now) || store_bind_text(stmt, 4, NULL) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record an opt-out in '%s'", st->path);
	else
		found = sqlite3_changes(st->db) > 0;
	store_done(stmt);
	rc = store_op_end(st, outer, rc, err);
	return rc < 0 ? rc : found;
}

int store_mail_stopped(struct store *st, int64_t invitation_id, int *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*out = MAIL_STOP_NONE;
	if ((rc = store_prepare(st, mail_stopped_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, invitation_id)) {
		rc = store_fail(st, err, "cannot look up a link");
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW: *out = sqlite3_column_int(stmt, 0); break;
		case SQLITE_DONE: break;
		default: rc = store_fail(st, err, "cannot look up a link");
		}
	}
	store_done(stmt);
	return rc;
}
