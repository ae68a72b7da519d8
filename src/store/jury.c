/*
 * jury: the prize jury in the workspace — jurors, conflicts of interest,
 * assignments with their grid sheets, and the jury's audit log (the
 * contract is in store.h; schema step 3 in store.c).
 *
 * Every change that affects a result is written to jury_audit in the same
 * transaction as the change itself, so the log cannot miss one.
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "util/i18n.h"

#define JUROR_COLS "j.id, j.edition, j.name, j.email, j.organisation, j.token, " \
	"j.submitted_at, j.created_at"

static const char juror_insert_sql[] =
	"INSERT INTO juror (edition, name, email, organisation, token, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char juror_list_sql[] =
	"SELECT " JUROR_COLS ","
	" (SELECT count(*) FROM jury_assignment a WHERE a.juror_id = j.id),"
	" (SELECT count(*) FROM jury_assignment a WHERE a.juror_id = j.id AND a.sheet_id IS NOT NULL),"
	" (SELECT count(*) FROM jury_conflict c WHERE c.juror_id = j.id)"
	" FROM juror j WHERE j.edition = ?1 ORDER BY j.id";
static const char juror_find_sql[] =
	"SELECT " JUROR_COLS " FROM juror j WHERE j.edition = ?1"
	" AND ((?2 NOT GLOB '*[^0-9]*' AND j.id = CAST(?2 AS INTEGER)) OR j.email = ?2 OR j.token = ?2)"
	" ORDER BY j.id LIMIT 1";
static const char juror_by_token_sql[] =
	"SELECT " JUROR_COLS " FROM juror j WHERE j.token = ?1";
static const char conflict_insert_sql[] =
	"INSERT INTO jury_conflict (juror_id, candidate_id, reason, declared_by, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";
static const char assignment_get_sql[] =
	"SELECT sheet_id FROM jury_assignment WHERE juror_id = ?1 AND candidate_id = ?2";
static const char assignment_delete_sql[] =
	"DELETE FROM jury_assignment WHERE juror_id = ?1 AND candidate_id = ?2";
static const char respondent_delete_sql[] = "DELETE FROM respondent WHERE id = ?1";
static const char assignment_insert_sql[] =
	"INSERT INTO jury_assignment (juror_id, candidate_id, created_at) VALUES (?1, ?2, ?3)";
static const char conflict_get_sql[] =
	"SELECT 1 FROM jury_conflict WHERE juror_id = ?1 AND candidate_id = ?2";
static const char assignments_sql[] =
	"SELECT a.juror_id, a.candidate_id, coalesce(a.sheet_id, 0)"
	" FROM jury_assignment a JOIN juror j ON j.id = a.juror_id"
	" WHERE j.edition = ?1 ORDER BY a.candidate_id, a.juror_id";
static const char conflicts_sql[] =
	"SELECT c.juror_id, c.candidate_id, 0"
	" FROM jury_conflict c JOIN juror j ON j.id = c.juror_id"
	" WHERE j.edition = ?1 ORDER BY c.candidate_id, c.juror_id";
static const char sheet_link_sql[] =
	"UPDATE jury_assignment SET sheet_id = ?3 WHERE juror_id = ?1 AND candidate_id = ?2";
static const char juror_submitted_sql[] =
	"SELECT submitted_at FROM juror WHERE id = ?1 AND edition = ?2";
static const char juror_submit_sql[] =
	"UPDATE juror SET submitted_at = ?3 WHERE id = ?1 AND edition = ?2";
static const char sheets_submit_sql[] =
	"UPDATE respondent SET status = 'submitted', submitted_at = ?2"
	" WHERE id IN (SELECT sheet_id FROM jury_assignment WHERE juror_id = ?1)"
	" AND status <> 'submitted'";
static const char audit_insert_sql[] =
	"INSERT INTO jury_audit (at, edition, juror_id, candidate_id, action, detail)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char audit_each_sql[] =
	"SELECT a.at, j.name, coalesce(a.candidate_id, 0), a.action, a.detail"
	" FROM jury_audit a LEFT JOIN juror j ON j.id = a.juror_id"
	" WHERE a.edition = ?1 ORDER BY a.id";

void juror_release(struct juror *j)
{
	free(j->edition);
	free(j->name);
	free(j->email);
	free(j->organisation);
	free(j->token);
	free(j->submitted_at);
	free(j->created_at);
	memset(j, 0, sizeof(*j));
}

void jurors_free(struct juror *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		juror_release(&v[i]);
	free(v);
}

static int juror_from_row(sqlite3_stmt *stmt, struct juror *j, struct error *err)
{
	memset(j, 0, sizeof(*j));
	j->id = sqlite3_column_int64(stmt, 0);
	if (store_dup_col(stmt, 1, &j->edition) || store_dup_col(stmt, 2, &j->name) ||
	    store_dup_col(stmt, 3, &j->email) || store_dup_col(stmt, 4, &j->organisation) ||
	    store_dup_col(stmt, 5, &j->token) || store_dup_col(stmt, 6, &j->submitted_at) ||
	    store_dup_col(stmt, 7, &j->created_at)) {
		juror_release(j);
		return store_oom(err);
	}
	return 0;
}

int store_jury_audit(struct store *st, const char *edition, int64_t juror_id,
		     int64_t candidate_id, const char *action, const char *detail,
		     struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0 ||
	    (rc = store_prepare(st, audit_insert_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, now) || store_bind_text(stmt, 2, edition) ||
	    (juror_id ? sqlite3_bind_int64(stmt, 3, juror_id) : sqlite3_bind_null(stmt, 3)) ||
	    (candidate_id ? sqlite3_bind_int64(stmt, 4, candidate_id)
			  : sqlite3_bind_null(stmt, 4)) ||
	    store_bind_text(stmt, 5, action) || store_bind_text(stmt, 6, detail) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot write the jury's audit log");
	store_done(stmt);
	return rc;
}

int store_juror_add(struct store *st, const char *edition, const char *name,
		    const char *email, const char *organisation, const char *token,
		    int64_t *id, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, juror_insert_sql, &stmt, err)) < 0)
		return store_op_end(st, outer, rc, err);
	if (store_bind_text(stmt, 1, edition) || store_bind_text(stmt, 2, name) ||
	    store_bind_text(stmt, 3, email) || store_bind_text(stmt, 4, organisation) ||
	    store_bind_text(stmt, 5, token) || store_bind_text(stmt, 6, now)) {
		rc = store_fail(st, err, "cannot add a juror");
	} else if (sqlite3_step(stmt) == SQLITE_DONE) {
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE) {
		error_set(err, "a juror of '%s' already has the email '%s'", edition,
			  email ? email : "");
		rc = UT_EDATA;
	} else {
		rc = store_fail(st, err, "cannot add a juror");
	}
	store_done(stmt);
	if (rc == 0)
		rc = store_jury_audit(st, edition, *id, 0, "juror.add", email, err);
	return store_op_end(st, outer, rc, err);
}

static int juror_list_row(sqlite3_stmt *stmt, void *elem)
{
	struct juror *j = elem;

	if (juror_from_row(stmt, j, NULL) < 0)
		return -1;
	j->nassigned = sqlite3_column_int64(stmt, 8);
	j->nstarted = sqlite3_column_int64(stmt, 9);
	j->nconflicts = sqlite3_column_int64(stmt, 10);
	return 0;
}

int store_juror_list(struct store *st, const char *edition, struct juror **out, size_t *n,
		     struct error *err)
{
	void *v;
	int rc = store_list(st, juror_list_sql, "cannot list the jurors", edition, sizeof(**out),
			    juror_list_row, &v, n, err);

	*out = v;
	if (rc < 0) {
		jurors_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static int juror_fetch(struct store *st, sqlite3_stmt *stmt, struct juror *out,
		       struct error *err)
{
	int rc;

	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		rc = juror_from_row(stmt, out, err);
		rc = rc < 0 ? rc : 1;
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(st, err, "cannot look up a juror");
	}
	store_done(stmt);
	return rc;
}

int store_juror_find(struct store *st, const char *edition, const char *key,
		     struct juror *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, juror_find_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, edition) || store_bind_text(stmt, 2, key)) {
		rc = store_fail(st, err, "cannot look up a juror");
		store_done(stmt);
		return rc;
	}
	return juror_fetch(st, stmt, out, err);
}

int store_juror_by_token(struct store *st, const char *token, struct juror *out,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, juror_by_token_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, token)) {
		rc = store_fail(st, err, "cannot look up a juror");
		store_done(stmt);
		return rc;
	}
	return juror_fetch(st, stmt, out, err);
}

/* Run a statement bound to (juror, candidate) that returns no row; what: an N_() message. */
static int pair_exec(struct store *st, const char *sql, int64_t juror_id, int64_t candidate_id,
		     const char *what, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "%s", _(what));
	store_done(stmt);
	return rc;
}

/* 1 and the sheet id (0: none yet) when the pair is assigned, 0 when not. */
static int assignment_get(struct store *st, int64_t juror_id, int64_t candidate_id,
			  int64_t *sheet, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*sheet = 0;
	if ((rc = store_prepare(st, assignment_get_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id)) {
		rc = store_fail(st, err, "cannot read an assignment");
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			*sheet = sqlite3_column_int64(stmt, 0);
			rc = 1;
			break;
		case SQLITE_DONE:
			rc = 0;
			break;
		default:
			rc = store_fail(st, err, "cannot read an assignment");
		}
	}
	store_done(stmt);
	return rc;
}

static int is_conflicted(struct store *st, int64_t juror_id, int64_t candidate_id,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, conflict_get_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id))
		rc = store_fail(st, err, "cannot read a conflict");
	else if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = 1;
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = store_fail(st, err, "cannot read a conflict");
	store_done(stmt);
	return rc;
}

int store_jury_conflict(struct store *st, const char *edition, int64_t juror_id,
			int64_t candidate_id, const char *reason, int by_juror,
			struct error *err)
{
	sqlite3_stmt *stmt;
	int64_t sheet = 0;
	char now[21];
	int outer, rc, assigned;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, conflict_insert_sql, &stmt, err)) < 0)
		return store_op_end(st, outer, rc, err);
	if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
	    store_bind_text(stmt, 3, reason) ||
	    store_bind_text(stmt, 4, by_juror ? "juror" : "analyst") ||
	    store_bind_text(stmt, 5, now)) {
		rc = store_fail(st, err, "cannot record a conflict");
	} else if (sqlite3_step(stmt) != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(st->db);

		if (ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
			error_set(err, "this conflict is already recorded");
			rc = UT_EDATA;
		} else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
			error_set(err, "no juror %lld or no candidate %lld", (long long)juror_id,
				  (long long)candidate_id);
			rc = UT_EDATA;
		} else {
			rc = store_fail(st, err, "cannot record a conflict");
		}
	}
	store_done(stmt);
	if (rc == 0)
		rc = store_jury_audit(st, edition, juror_id, candidate_id,
				      by_juror ? "conflict.juror" : "conflict", reason, err);
	if (rc == 0 && (assigned = assignment_get(st, juror_id, candidate_id, &sheet, err)) < 0)
		rc = assigned;
	else if (rc == 0 && assigned) {
		rc = pair_exec(st, assignment_delete_sql, juror_id, candidate_id,
			       N_("cannot remove an assignment"), err);
		if (rc == 0 && sheet) {
			if ((rc = store_prepare(st, respondent_delete_sql, &stmt, err)) == 0) {
				if (sqlite3_bind_int64(stmt, 1, sheet) || sqlite3_step(stmt) != SQLITE_DONE)
					rc = store_fail(st, err, "cannot remove a sheet");
				store_done(stmt);
			}
		}
		if (rc == 0)
			rc = store_jury_audit(st, edition, juror_id, candidate_id, "unassign",
					      sheet ? "conflict of interest; the sheet is withdrawn"
						    : "conflict of interest", err);
	}
	return store_op_end(st, outer, rc, err);
}

int store_jury_assign(struct store *st, const char *edition, int64_t juror_id,
		      int64_t candidate_id, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	rc = is_conflicted(st, juror_id, candidate_id, err);
	if (rc > 0) {
		error_set(err, "juror %lld has a conflict of interest with candidate %lld",
			  (long long)juror_id, (long long)candidate_id);
		rc = UT_EDATA;
	}
	/* Nothing is assigned on a suggested conflict until it is decided. */
	if (rc == 0) {
		int64_t pending;

		rc = store_jury_pending(st, edition, &pending, err);
		if (rc == 0 && pending > 0) {
			if (pending == 1)
				error_set(err, "%lld suggested conflict of interest in '%s' is not decided:"
					  " confirm or dismiss it first ('utilis jury conflicts')",
					  (long long)pending, edition);
			else
				error_set(err, "%lld suggested conflicts of interest in '%s' are not decided:"
					  " confirm or dismiss them first ('utilis jury conflicts')",
					  (long long)pending, edition);
			rc = UT_EDATA;
		}
	}
	if (rc == 0 && (rc = store_prepare(st, assignment_insert_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || sqlite3_bind_int64(stmt, 2, candidate_id) ||
		    store_bind_text(stmt, 3, now)) {
			rc = store_fail(st, err, "cannot assign");
		} else if (sqlite3_step(stmt) != SQLITE_DONE) {
			int ext = sqlite3_extended_errcode(st->db);

			if (ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
				error_set(err, "candidate %lld is already assigned to juror %lld",
					  (long long)candidate_id, (long long)juror_id);
				rc = UT_EDATA;
			} else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
				error_set(err, "no juror %lld or no candidate %lld", (long long)juror_id,
					  (long long)candidate_id);
				rc = UT_EDATA;
			} else {
				rc = store_fail(st, err, "cannot assign");
			}
		}
		store_done(stmt);
	}
	if (rc == 0)
		rc = store_jury_audit(st, edition, juror_id, candidate_id, "assign", NULL, err);
	return store_op_end(st, outer, rc, err);
}

int store_jury_unassign(struct store *st, const char *edition, int64_t juror_id,
			int64_t candidate_id, const char *reason, struct error *err)
{
	int64_t sheet = 0;
	int outer, rc, assigned;

	if ((rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((assigned = assignment_get(st, juror_id, candidate_id, &sheet, err)) < 0) {
		rc = assigned;
	} else if (!assigned || sheet) {
		error_set(err, "candidate %lld %s juror %lld", (long long)candidate_id,
			  assigned ? _("already has a sheet from") : _("is not assigned to"), (long long)juror_id);
		rc = UT_EDATA;
	} else {
		rc = pair_exec(st, assignment_delete_sql, juror_id, candidate_id,
			       N_("cannot remove an assignment"), err);
		if (rc == 0)
			rc = store_jury_audit(st, edition, juror_id, candidate_id, "unassign", reason, err);
	}
	return store_op_end(st, outer, rc, err);
}

static int pair_row(sqlite3_stmt *stmt, void *elem)
{
	struct jury_pair *p = elem;

	p->juror_id = sqlite3_column_int64(stmt, 0);
	p->candidate_id = sqlite3_column_int64(stmt, 1);
	p->sheet_id = sqlite3_column_int64(stmt, 2);
	return 0;
}

static int pairs(struct store *st, const char *sql, const char *edition,
		 struct jury_pair **out, size_t *n, struct error *err)
{
	void *v;
	int rc = store_list(st, sql, "cannot read the jury", edition, sizeof(**out), pair_row, &v,
			    n, err);

	*out = v;
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_jury_assignments(struct store *st, const char *edition, struct jury_pair **out,
			   size_t *n, struct error *err)
{
	return pairs(st, assignments_sql, edition, out, n, err);
}

int store_jury_conflicts(struct store *st, const char *edition, struct jury_pair **out,
			 size_t *n, struct error *err)
{
	return pairs(st, conflicts_sql, edition, out, n, err);
}

/* 1 when the juror has submitted, 0 when not, UT_EDATA when unknown. */
static int juror_submitted(struct store *st, const char *edition, int64_t juror_id,
			   struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, juror_submitted_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, juror_id) || store_bind_text(stmt, 2, edition)) {
		rc = store_fail(st, err, "cannot read a juror");
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			rc = sqlite3_column_type(stmt, 0) != SQLITE_NULL;
			break;
		case SQLITE_DONE:
			error_set(err, "no juror %lld in edition '%s'", (long long)juror_id, edition);
			rc = UT_EDATA;
			break;
		default:
			rc = store_fail(st, err, "cannot read a juror");
		}
	}
	store_done(stmt);
	return rc;
}

int store_jury_sheet_save(struct store *st, const char *edition, int64_t juror_id,
			  int64_t candidate_id, int64_t grid_version_id,
			  const char *const *values, size_t n, const char *detail,
			  struct error *err)
{
	sqlite3_stmt *stmt;
	int64_t sheet = 0;
	int outer, rc;

	if ((rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	rc = juror_submitted(st, edition, juror_id, err);
	if (rc > 0) {
		error_set(err, "juror %lld has submitted: their scores are locked",
			  (long long)juror_id);
		rc = UT_EDATA;
	}
	if (rc == 0) {
		rc = assignment_get(st, juror_id, candidate_id, &sheet, err);
		if (rc == 0) {
			error_set(err, "candidate %lld is not assigned to juror %lld",
				  (long long)candidate_id, (long long)juror_id);
			rc = UT_EDATA;
		} else if (rc > 0) {
			rc = 0;
		}
	}
	if (rc == 0 && !sheet) {
		rc = store_respondent_add_answers(st, grid_version_id, NULL, NULL, NULL, NULL,
						  values, n, 0, &sheet, err);
		if (rc == 0 && (rc = store_prepare(st, sheet_link_sql, &stmt, err)) == 0) {
			if (sqlite3_bind_int64(stmt, 1, juror_id) ||
			    sqlite3_bind_int64(stmt, 2, candidate_id) ||
			    sqlite3_bind_int64(stmt, 3, sheet) || sqlite3_step(stmt) != SQLITE_DONE)
				rc = store_fail(st, err, "cannot link a sheet");
			store_done(stmt);
		}
	} else if (rc == 0) {
		rc = store_answers_save(st, sheet, values, n, 0, err);
	}
	if (rc == 0 && detail && *detail)
		rc = store_jury_audit(st, edition, juror_id, candidate_id, "score", detail, err);
	return store_op_end(st, outer, rc, err);
}

int store_jury_submit(struct store *st, const char *edition, int64_t juror_id,
		      struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	rc = juror_submitted(st, edition, juror_id, err);
	if (rc > 0) {
		error_set(err, "juror %lld has already submitted", (long long)juror_id);
		rc = UT_EDATA;
	}
	if (rc == 0 && (rc = store_prepare(st, juror_submit_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || store_bind_text(stmt, 2, edition) ||
		    store_bind_text(stmt, 3, now) || sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot record the submission");
		store_done(stmt);
	}
	if (rc == 0 && (rc = store_prepare(st, sheets_submit_sql, &stmt, err)) == 0) {
		if (sqlite3_bind_int64(stmt, 1, juror_id) || store_bind_text(stmt, 2, now) ||
		    sqlite3_step(stmt) != SQLITE_DONE)
			rc = store_fail(st, err, "cannot lock the sheets");
		store_done(stmt);
	}
	if (rc == 0)
		rc = store_jury_audit(st, edition, juror_id, 0, "submit", NULL, err);
	return store_op_end(st, outer, rc, err);
}

int store_jury_audit_each(struct store *st, const char *edition,
			  int (*fn)(void *ctx, const char *at, const char *juror,
				    int64_t candidate_id, const char *action, const char *detail),
			  void *ctx, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc, step;

	/* A statement of its own: fn may call into the store. */
	if (sqlite3_prepare_v2(st->db, audit_each_sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot read the jury's audit log");
	if (store_bind_text(stmt, 1, edition)) {
		rc = store_fail(st, err, "cannot read the jury's audit log");
		goto out;
	}
	rc = 0;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = fn(ctx, (const char *)sqlite3_column_text(stmt, 0),
			(const char *)sqlite3_column_text(stmt, 1), sqlite3_column_int64(stmt, 2),
			(const char *)sqlite3_column_text(stmt, 3),
			(const char *)sqlite3_column_text(stmt, 4));
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read the jury's audit log");
out:
	sqlite3_finalize(stmt);
	return rc;
}
