/*
 * coi: conflicts of interest found before they are declared, in the
 * workspace — the ties each juror states (employer, board seats, funders)
 * and the suggestions made from them, pending until the analyst confirms
 * or dismisses each (the contract is in store.h; schema step 6 in store.c).
 * A confirmed suggestion becomes a jury_conflict row, which is what the
 * assignment reads; a dismissed one is remembered with what matched, so
 * it is not suggested again while the match is the same.
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/strbuf.h"

static const char ties_delete_sql[] = "DELETE FROM jury_tie WHERE juror_id = ?1";
static const char tie_insert_sql[] = "INSERT INTO jury_tie (juror_id, kind, name) VALUES (?1, ?2, ?3)";
static const char ties_sql[] =
	"SELECT t.juror_id, t.kind, t.name FROM jury_tie t JOIN juror j ON j.id = t.juror_id"
	" WHERE j.edition = ?1 ORDER BY t.juror_id, t.id";
static const char pending_delete_sql[] =
	"DELETE FROM jury_suggestion WHERE state = 'pending'"
	" AND juror_id IN (SELECT id FROM juror WHERE edition = ?1)";
/* A new match: pending, unless the pair is already a recorded conflict. */
static const char suggestion_insert_sql[] =
	"INSERT OR IGNORE INTO jury_suggestion (juror_id, candidate_id, match, reason, created_at)"
	" SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM jury_conflict c"
	" WHERE c.juror_id = ?1 AND c.candidate_id = ?2)";
static const char suggestions_sql[] =
	"SELECT s.juror_id, s.candidate_id, s.match, s.reason, s.state"
	" FROM jury_suggestion s JOIN juror j ON j.id = s.juror_id"
	" WHERE j.edition = ?1 ORDER BY s.candidate_id, s.juror_id, s.match";
static const char pending_count_sql[] =
	"SELECT count(*) FROM jury_suggestion s JOIN juror j ON j.id = s.juror_id"
	" WHERE j.edition = ?1 AND s.state = 'pending'";
static const char pair_pending_sql[] =
	"SELECT group_concat(reason, '; ') FROM (SELECT reason FROM jury_suggestion"
	" WHERE juror_id = ?1 AND candidate_id = ?2 AND state = 'pending' ORDER BY match)";
static const char pair_decide_sql[] =
	"UPDATE jury_suggestion SET state = ?3, decided_at = ?4"
	" WHERE juror_id = ?1 AND candidate_id = ?2 AND state = 'pending'";
static const char conflict_exists_sql[] =
	"SELECT 1 FROM jury_conflict WHERE juror_id = ?1 AND candidate_id = ?2";

void jury_ties_free(struct jury_tie *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].kind);
		free(v[i].name);
	}
	free(v);
}

void jury_suggestions_free(struct jury_suggestion *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].match);
		free(v[i].reason);
		free(v[i].state);
	}
	free(v);
}

int store_jury_ties_set(struct store *st, const char *edition, int64_t juror_id,
			const char *const *kinds, const char *const *names, size_t n,
			struct error *err)
{
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int outer, rc;
	size_t i;

	if ((rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, ties_delete_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot replace a juror's ties");
		store_done(stmt);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = store_prepare(st, tie_insert_sql, &stmt, err)) < 0)
			break;
		if (sqlite3_bind_int64(stmt, 1, juror_id) || store_bind_text(stmt, 2, kinds[i]) ||
		    store_bind_text(stmt, 3, names[i]) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot record a juror's tie");
		store_done(stmt);
		if (rc == 0 && strbuf_addf(&detail, "%s%s: %s", i ? "; " : "", kinds[i], names[i]) < 0)
			rc = store_oom(err);
	}
	if (rc == 0)
		rc = store_jury_audit(st, edition, juror_id, 0, "ties",
				      detail.len ? detail.buf : "none", err);
	strbuf_release(&detail);
	return store_op_end(st, outer, rc, err);
}

static int tie_row(sqlite3_stmt *stmt, void *elem)
{
	struct jury_tie *t = elem;

	t->juror_id = sqlite3_column_int64(stmt, 0);
	return store_dup_col(stmt, 1, &t->kind) || store_dup_col(stmt, 2, &t->name) ? -1 : 0;
}

int store_jury_ties(struct store *st, const char *edition, struct jury_tie **out, size_t *n,
		    struct error *err)
{
	void *v;
	int rc = store_list(st, ties_sql, "cannot read the jurors' ties", edition, sizeof(**out),
			    tie_row, &v, n, err);

	*out = v;
	if (rc < 0) {
		jury_ties_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_jury_suggestions_sync(struct store *st, const char *edition,
				const struct jury_suggestion *found, size_t n, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc;
	size_t i;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, pending_delete_sql, &stmt, err)) == 0) {
		if (store_bind_text(stmt, 1, edition) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot renew the suggested conflicts");
		store_done(stmt);
	}
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = store_prepare(st, suggestion_insert_sql, &stmt, err)) < 0)
			break;
		if (sqlite3_bind_int64(stmt, 1, found[i].juror_id) ||
		    sqlite3_bind_int64(stmt, 2, found[i].candidate_id) ||
		    store_bind_text(stmt, 3, found[i].match) ||
		    store_bind_text(stmt, 4, found[i].reason) || store_bind_text(stmt, 5, now) ||
		    sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot record a suggested conflict");
		store_done(stmt);
	}
	return store_op_end(st, outer, rc, err);
}

static int suggestion_row(sqlite3_stmt *stmt, void *elem)
{
	struct jury_suggestion *s = elem;

	s->juror_id = sqlite3_column_int64(stmt, 0);
	s->candidate_id = sqlite3_column_int64(stmt, 1);
	return store_dup_col(stmt, 2, &s->match) || store_dup_col(stmt, 3, &s->reason) ||
	       store_dup_col(stmt, 4, &s->state) ? -1 : 0;
}

int store_jury_suggestions(struct store *st, const char *edition,
			   struct jury_suggestion **out, size_t *n, struct error *err)
{
	void *v;
	int rc = store_list(st, suggestions_sql, "cannot read the suggested conflicts", edition,
			    sizeof(**out), suggestion_row, &v, n, err);

	*out = v;
	if (rc < 0) {
		jury_suggestions_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_jury_pending(struct store *st, const char *edition, int64_t *n, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*n = 0;
	if ((rc = store_prepare(st, pending_count_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, edition) || sqlite3_step(stmt) != SQLITE_ROW)
		rc = store_fail(st, err, "cannot read the suggested conflicts");
	else
		*n = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return rc;
}

int store_jury_suggestion_decide(struct store *st, const char *edition, int64_t juror_id,
				 int64_t candidate_id, int confirm, struct error *err)
{
	struct strbuf reason = STRBUF_INIT;
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc, step, exists = 0;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	/* The reasons of the pair's pending matches, joined. */
	if ((rc = store_prepare(st, pair_pending_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
		    sqlite3_step(stmt) != SQLITE_ROW) {
			rc = store_fail(st, err, "cannot read the suggested conflicts");
		} else if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
			error_set(err, "no suggested conflict to decide between juror %lld and candidate %lld"
				  " (see 'utilis jury conflicts EDITION --suggest')",
				  (long long)juror_id, (long long)candidate_id);
			rc = UT_EDATA;
		} else if (strbuf_addf(&reason, "suggested: %s",
				       (const char *)sqlite3_column_text(stmt, 0)) < 0) {
			rc = store_oom(err);
		}
		store_done(stmt);
	}
	if (rc == 0 && (rc = store_prepare(st, pair_decide_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
		    store_bind_text(stmt, 3, confirm ? "confirmed" : "dismissed") ||
		    store_bind_text(stmt, 4, now) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot decide a suggested conflict");
		store_done(stmt);
	}
	/* A conflict the juror declared meanwhile is already recorded. */
	if (rc == 0 && confirm && (rc = store_prepare(st, conflict_exists_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
		    ((step = sqlite3_step(stmt)) != SQLITE_ROW && step != SQLITE_DONE))
			rc = store_fail(st, err, "cannot read a conflict");
		else
			exists = step == SQLITE_ROW;
		store_done(stmt);
	}
	if (rc == 0 && confirm && !exists)
		rc = store_jury_conflict(st, edition, juror_id, candidate_id, reason.buf, 0, err);
	else if (rc == 0 && !confirm)
		rc = store_jury_audit(st, edition, juror_id, candidate_id, "conflict.dismiss",
				      reason.buf, err);
	strbuf_release(&reason);
	return store_op_end(st, outer, rc, err);
}

int store_followup_add(struct store *st, const char *edition, int64_t candidate_id,
		       int64_t invitation_id, struct error *err)
{
	static const char sql[] =
		"INSERT INTO jury_followup (edition, candidate_id, invitation_id, created_at)"
		" VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_prepare(st, sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, edition) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
	    sqlite3_bind_int64(stmt, 3, invitation_id) || store_bind_text(stmt, 4, now)) {
		rc = store_fail(st, err, "cannot record a follow-up link");
	} else if (sqlite3_step(stmt) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY) {
			error_set(err, "candidate %lld already has a follow-up link in '%s'",
				  (long long)candidate_id, edition);
			rc = UT_EDATA;
		} else {
			rc = store_fail(st, err, "cannot record a follow-up link");
		}
	}
	store_done(stmt);
	return rc;
}

static int followup_row(sqlite3_stmt *stmt, void *elem)
{
	struct store_followup *f = elem;

	f->candidate_id = sqlite3_column_int64(stmt, 0);
	f->invitation_id = sqlite3_column_int64(stmt, 1);
	f->respondent_id = sqlite3_column_int64(stmt, 4);
	return store_dup_col(stmt, 2, &f->token) || store_dup_col(stmt, 3, &f->status) ||
	       store_dup_col(stmt, 5, &f->email) ? -1 : 0;
}

int store_followups(struct store *st, const char *edition, struct store_followup **out,
		    size_t *n, struct error *err)
{
	static const char sql[] =
		"SELECT f.candidate_id, f.invitation_id, i.token, i.status,"
		" coalesce(i.respondent_id, 0), i.email"
		" FROM jury_followup f JOIN invitation i ON i.id = f.invitation_id"
		" WHERE f.edition = ?1 ORDER BY f.candidate_id";
	void *v;
	int rc = store_list(st, sql, "cannot read the follow-up links", edition, sizeof(**out),
			    followup_row, &v, n, err);

	*out = v;
	if (rc < 0) {
		store_followups_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void store_followups_free(struct store_followup *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].token);
		free(v[i].status);
		free(v[i].email);
	}
	free(v);
}
