/*
 * The matching's introductions and follow-up links (schema 7): the send
 * log of the introductions by e-mail, one row per pair and side, and the
 * follow-up invitation of each side of a pair (store.h, "matching").
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/store.h"

static const char *const side_names[] = { "association", "volunteer" };
static const char *const intro_states[] = {
	[MAIL_SENDING] = "sending", [MAIL_SENT] = "sent", [MAIL_REFUSED] = "refused",
	[MAIL_DEFERRED] = "deferred",
};

static const char intro_state_sql[] =
	"SELECT state FROM match_intro WHERE need_id = ?1 AND offer_id = ?2 AND side = ?3";
/* ?7: 1 when a message left 'sending' may be claimed again (an explicit resend) */
static const char intro_claim_sql[] =
	"INSERT INTO match_intro (need_id, offer_id, side, email, message_id, state, attempts,"
	" created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'sending', 1, ?6, ?6)"
	" ON CONFLICT (need_id, offer_id, side) DO UPDATE SET state = 'sending',"
	" attempts = attempts + 1, email = excluded.email, message_id = excluded.message_id,"
	" reply = NULL, updated_at = excluded.updated_at"
	" WHERE match_intro.state = 'deferred' OR (?7 AND match_intro.state = 'sending')";
static const char intro_record_sql[] =
	"UPDATE match_intro SET state = ?4, reply = ?5, updated_at = ?6"
	" WHERE need_id = ?1 AND offer_id = ?2 AND side = ?3";
static const char intro_settle_sql[] =
	"UPDATE match_intro SET state = 'sent', reply = ?4, updated_at = ?5"
	" WHERE need_id = ?1 AND offer_id = ?2 AND side = ?3 AND state = 'sending'";

int store_match_intro_state(struct store *st, const char *need_id, const char *offer_id, int side,
			    enum mail_state *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc, step;

	*out = MAIL_NONE;
	if ((rc = store_prepare(st, intro_state_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, need_id) || store_bind_text(stmt, 2, offer_id) ||
	    store_bind_text(stmt, 3, side_names[side != 0])) {
		rc = store_fail(st, err, "cannot read the introductions");
	} else if ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(stmt, 0);

		for (int i = MAIL_SENDING; s && i <= MAIL_DEFERRED; i++)
			if (!strcmp(s, intro_states[i]))
				*out = (enum mail_state)i;
	} else if (step != SQLITE_DONE) {
		rc = store_fail(st, err, "cannot read the introductions in '%s'", st->path);
	}
	store_done(stmt);
	return rc;
}

int store_match_intro_claim(struct store *st, const char *need_id, const char *offer_id, int side,
			    const char *email, const char *message_id, int resend, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_prepare(st, intro_claim_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, need_id) || store_bind_text(stmt, 2, offer_id) ||
	    store_bind_text(stmt, 3, side_names[side != 0]) || store_bind_text(stmt, 4, email) ||
	    store_bind_text(stmt, 5, message_id) || store_bind_text(stmt, 6, now) ||
	    sqlite3_bind_int(stmt, 7, resend != 0))
		rc = store_fail(st, err, "cannot record an introduction");
	else if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record an introduction in '%s'", st->path);
	else
		rc = sqlite3_changes(st->db) > 0;
	store_done(stmt);
	return rc;
}

int store_match_intro_record(struct store *st, const char *need_id, const char *offer_id, int side,
			     enum mail_state state, const char *reply, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, state == MAIL_NONE ? intro_settle_sql : intro_record_sql, &stmt, err)) < 0)
		return rc;
	if (state == MAIL_NONE) {	/* settle an uncertain one as sent */
		if (store_bind_text(stmt, 1, need_id) || store_bind_text(stmt, 2, offer_id) ||
		    store_bind_text(stmt, 3, side_names[side != 0]) || store_bind_text(stmt, 4, reply) ||
		    store_bind_text(stmt, 5, now))
			rc = store_fail(st, err, "cannot record an introduction");
	} else if (store_bind_text(stmt, 1, need_id) || store_bind_text(stmt, 2, offer_id) ||
		   store_bind_text(stmt, 3, side_names[side != 0]) ||
		   store_bind_text(stmt, 4, intro_states[state]) || store_bind_text(stmt, 5, reply) ||
		   store_bind_text(stmt, 6, now)) {
		rc = store_fail(st, err, "cannot record an introduction");
	}
	if (rc == 0 && sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record an introduction in '%s'", st->path);
	store_done(stmt);
	return rc;
}
