/*
 * The matching's introductions and follow-up links (schema 7): the send
 * log of the introductions by e-mail, one row per pair and side, and the
 * follow-up invitation of each side of a pair (store.h, "matching").
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/store.h"
#include "util/array.h"

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

/* --- the follow-up of the pairs ------------------------------------------------------- */

static const char introduced_sql[] =
	"SELECT need_id, offer_id, min(updated_at) FROM match_intro WHERE state = 'sent'"
	" GROUP BY need_id, offer_id ORDER BY need_id, offer_id";
/*
 * A link's answers: submitted through it (respondent.token), or imported
 * with its token as their _id (respondent.ext_id, as typed from paper).
 */
static const char followups_sql[] =
	"SELECT f.need_id, f.offer_id, f.introduced_at, f.side, f.company, f.sector, f.kind, i.token,"
	" i.status, a.id, (SELECT v.version FROM respondent r JOIN survey_version v"
	"  ON v.id = r.survey_version_id WHERE r.id = a.id)"
	" FROM match_followup f JOIN invitation i ON i.id = f.invitation_id"
	" LEFT JOIN respondent a ON a.id = (SELECT r.id FROM respondent r"
	"  JOIN survey_version rv ON rv.id = r.survey_version_id"
	"  JOIN survey_version iv ON iv.id = i.survey_version_id"
	"  WHERE (r.token = i.token OR r.ext_id = i.token) AND r.status = 'submitted'"
	"  AND rv.form_id = iv.form_id ORDER BY r.id DESC LIMIT 1)"
	" ORDER BY f.need_id, f.offer_id, f.side";
static const char followup_add_sql[] =
	"INSERT INTO match_followup (need_id, offer_id, side, company, sector, kind, introduced_at,"
	" invitation_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

void store_match_pairs_free(struct store_match_pair *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].need_id);
		free(v[i].offer_id);
		free(v[i].introduced_at);
		free(v[i].company);
		free(v[i].sector);
		free(v[i].kind);
		free(v[i].token);
	}
	free(v);
}

static char *col_dup(sqlite3_stmt *stmt, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(stmt, i);
	char *s;

	if (!t)
		return NULL;
	if (!(s = strdup((const char *)t)))
		*oom = 1;
	return s;
}

static int pairs_read(struct store *st, const char *sql, int full, struct store_match_pair **out,
		      size_t *n, struct error *err)
{
	struct store_match_pair *v = NULL;
	size_t nv = 0, av = 0;
	sqlite3_stmt *stmt;
	int rc, step, oom = 0;

	*out = NULL;
	*n = 0;
	if ((rc = store_prepare(st, sql, &stmt, err)) < 0)
		return rc;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_match_pair *p;

		if (ARRAY_GROW(v, av, nv + 1, 16) < 0) {
			oom = 1;
			break;
		}
		p = &v[nv++];
		memset(p, 0, sizeof(*p));
		p->need_id = col_dup(stmt, 0, &oom);
		p->offer_id = col_dup(stmt, 1, &oom);
		p->introduced_at = col_dup(stmt, 2, &oom);
		if (full) {
			p->side = sqlite3_column_int(stmt, 3);
			if (sqlite3_column_text(stmt, 3))
				p->side = !strcmp((const char *)sqlite3_column_text(stmt, 3), "volunteer");
			p->company = col_dup(stmt, 4, &oom);
			p->sector = col_dup(stmt, 5, &oom);
			p->kind = col_dup(stmt, 6, &oom);
			p->token = col_dup(stmt, 7, &oom);
			if (store_status_parse((const char *)sqlite3_column_text(stmt, 8), &p->status) < 0)
				p->status = RESP_INVITED;
			p->respondent_id = sqlite3_column_int64(stmt, 9);
			p->version = sqlite3_column_int(stmt, 10);
		}
		if (oom)
			break;
	}
	if (oom)
		rc = store_oom(err);
	else if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read the matching's pairs in '%s'", st->path);
	store_done(stmt);
	if (rc < 0) {
		store_match_pairs_free(v, nv);
		return rc;
	}
	*out = v;
	*n = nv;
	return 0;
}

int store_match_introduced(struct store *st, struct store_match_pair **out, size_t *n, struct error *err)
{
	return pairs_read(st, introduced_sql, 0, out, n, err);
}

int store_match_followups(struct store *st, struct store_match_pair **out, size_t *n, struct error *err)
{
	return pairs_read(st, followups_sql, 1, out, n, err);
}

int store_match_followup_add(struct store *st, const char *need_id, const char *offer_id, int side,
			     const char *company, const char *sector, const char *kind,
			     const char *introduced_at, int64_t invitation_id, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_prepare(st, followup_add_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, need_id) || store_bind_text(stmt, 2, offer_id) ||
	    store_bind_text(stmt, 3, side_names[side != 0]) || store_bind_text(stmt, 4, company) ||
	    store_bind_text(stmt, 5, sector) || store_bind_text(stmt, 6, kind) ||
	    store_bind_text(stmt, 7, introduced_at) || sqlite3_bind_int64(stmt, 8, invitation_id) ||
	    store_bind_text(stmt, 9, now))
		rc = store_fail(st, err, "cannot record a follow-up link");
	else if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record a follow-up link in '%s'", st->path);
	store_done(stmt);
	return rc;
}
