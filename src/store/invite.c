/*
 * invite: the workspace side of web collection (see store.h, "web
 * collection"): respondent links with their contact and progress, the
 * draft answers saved page by page, the submission that turns a draft into
 * a respondent row, the open link of a public survey, and the server keys.
 * Tables are created by migration step 2 in store.c.
 *
 * Anonymity.  A draft belongs to its link until the respondent submits.
 * Submission writes a new respondent row and, for an anonymous survey,
 * empties the draft, clears updated_at and the language and leaves
 * respondent_id NULL, in the same transaction: afterwards nothing in the
 * invitation (timestamps, pointers, language) lines up with the respondent
 * row.  The row itself gets no token, and its times are the day only
 * (T00:00:00Z): the time of the last save, which `invite --list` and
 * /admin show while a link is started, cannot be matched with it.
 * secure_delete is on for every connection (store_open), so the draft's
 * bytes are overwritten in the database file rather than left in a free
 * page; the caller then empties the log with store_purge().
 */
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"
#include "store/record.h"
#include "store/store.h"

#define INV_COLS "i.id, i.survey_version_id, v.form_id, v.version, i.token, i.is_open, " \
	"i.name, i.email, i.grp, i.wave, i.status, i.page, i.lang, i.respondent_id, " \
	"i.created_at, i.updated_at, i.contact_key"
#define INV_NCOLS 17	/* the columns of INV_COLS: those after them start there */

static const char inv_by_token_sql[] =
	"SELECT " INV_COLS " FROM invitation i JOIN survey_version v ON v.id = i.survey_version_id"
	" WHERE i.token = ?1";
/* with the mail state of each link (store/mail.c): stop, messages sent, the last one */
static const char inv_each_sql[] =
	"SELECT " INV_COLS ", CASE (SELECT s.reason FROM mail_stop s WHERE i.email IS NOT NULL"
	" AND s.email = lower(i.email) ORDER BY s.reason LIMIT 1) WHEN 'optout' THEN 1"
	" WHEN 'refused' THEN 2 ELSE 0 END,"
	" (SELECT count(*) FROM mail_log l WHERE l.invitation_id = i.id AND l.state = 'sent'),"
	" (SELECT max(l.updated_at) FROM mail_log l WHERE l.invitation_id = i.id"
	" AND l.state = 'sent')"
	" FROM invitation i CROSS JOIN survey_version v"
	" ON v.id = i.survey_version_id WHERE v.form_id = ?1 ORDER BY i.id";
static const char inv_insert_sql[] =
	"INSERT INTO invitation (survey_version_id, token, is_open, name, email, grp, wave,"
	" created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char inv_lang_sql[] = "UPDATE invitation SET lang = ?2 WHERE id = ?1";
static const char inv_draft_sql[] = "SELECT draft FROM invitation WHERE id = ?1";
static const char inv_save_sql[] =
	"UPDATE invitation SET draft = ?2, page = ?3, lang = coalesce(?4, lang),"
	" status = 'started', updated_at = ?5 WHERE id = ?1 AND status <> 'submitted'";
static const char inv_state_sql[] =
	"SELECT i.status, i.grp, i.wave, i.token, i.survey_version_id, i.email, i.contact_key,"
	" v.form_id FROM invitation i JOIN survey_version v ON v.id = i.survey_version_id"
	" WHERE i.id = ?1";
static const char inv_contact_key_sql[] = "UPDATE invitation SET contact_key = ?2 WHERE id = ?1";
static const char inv_submit_sql[] =
	"UPDATE invitation SET status = 'submitted', draft = x'', page = 0,"
	" respondent_id = ?2, updated_at = ?3, lang = CASE WHEN ?4 THEN NULL ELSE lang END"
	" WHERE id = ?1 AND status <> 'submitted'";
static const char inv_counts_sql[] =
	"SELECT i.status, i.is_open, count(*) FROM invitation i CROSS JOIN survey_version v"
	" ON v.id = i.survey_version_id WHERE v.form_id = ?1 GROUP BY i.status, i.is_open";
static const char open_get_sql[] = "SELECT token FROM open_link WHERE form_id = ?1";
static const char open_insert_sql[] =
	"INSERT INTO open_link (form_id, token, created_at) VALUES (?1, ?2, ?3)";
static const char open_find_sql[] = "SELECT form_id FROM open_link WHERE token = ?1";
static const char code_insert_sql[] =
	"INSERT INTO short_code (hash, invitation_id, created_at) VALUES (?1, ?2, ?3)";
static const char code_find_sql[] =
	"SELECT i.token FROM short_code c JOIN invitation i ON i.id = c.invitation_id"
	" WHERE c.hash = ?1 AND i.status <> 'submitted' AND i.is_open = 0";
static const char secret_get_sql[] = "SELECT value FROM secret WHERE name = ?1";
static const char secret_put_sql[] = "INSERT INTO secret (name, value) VALUES (?1, ?2)";

void invitation_release(struct invitation *inv)
{
	if (!inv)
		return;
	free(inv->form_id);
	free(inv->token);
	free(inv->name);
	free(inv->email);
	free(inv->group);
	free(inv->wave);
	free(inv->lang);
	free(inv->created_at);
	free(inv->updated_at);
	free(inv->contact_key);
	memset(inv, 0, sizeof(*inv));
}

/*
 * Fill inv from a row of INV_COLS: malloc'd copies when copy (release with
 * invitation_release), else pointers into the row.  0, UT_EIO (memory)
 * or UT_ESCHEMA (unknown status).
 */
static int inv_from_row(struct store *st, sqlite3_stmt *stmt, struct invitation *inv,
			int copy, struct error *err)
{
	static const int text_cols[] = { 2, 4, 6, 7, 8, 9, 12, 14, 15, 16 };
	char **const text_out[] = { &inv->form_id, &inv->token, &inv->name, &inv->email,
				    &inv->group, &inv->wave, &inv->lang, &inv->created_at,
				    &inv->updated_at, &inv->contact_key };

	memset(inv, 0, sizeof(*inv));
	inv->id = sqlite3_column_int64(stmt, 0);
	inv->survey_version_id = sqlite3_column_int64(stmt, 1);
	inv->version = sqlite3_column_int(stmt, 3);
	inv->is_open = sqlite3_column_int(stmt, 5);
	inv->page = sqlite3_column_int(stmt, 11);
	inv->respondent_id = sqlite3_column_int64(stmt, 13);
	if (store_status_parse((const char *)sqlite3_column_text(stmt, 10), &inv->status) < 0) {
		error_set(err, "invitation %lld in '%s' has an unknown status",
			  (long long)inv->id, st->path);
		return UT_ESCHEMA;
	}
	if (store_text_cols(stmt, text_cols, text_out, sizeof(text_cols) / sizeof(text_cols[0]),
			    copy) < 0) {
		invitation_release(inv);
		return store_oom(err);
	}
	return 0;
}

int store_invitation_add(struct store *st, int64_t survey_version_id, const char *token,
			 int is_open, const char *name, const char *email,
			 const char *group, const char *wave, int64_t *id,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if (!token || !*token) {
		error_set(err, "cannot add an invitation without a token");
		return UT_EDATA;
	}
	if ((rc = store_now(st, now, err)) < 0 ||
	    (rc = store_prepare(st, inv_insert_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, survey_version_id) || store_bind_text(stmt, 2, token) ||
	    sqlite3_bind_int(stmt, 3, is_open != 0) || store_bind_text(stmt, 4, name) ||
	    store_bind_text(stmt, 5, email) || store_bind_text(stmt, 6, group) ||
	    store_bind_text(stmt, 7, wave) || store_bind_text(stmt, 8, now)) {
		rc = store_fail(st, err, "cannot add an invitation");
	} else if (sqlite3_step(stmt) == SQLITE_DONE) {
		*id = sqlite3_last_insert_rowid(st->db);
	} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
		error_set(err, "cannot add an invitation: no survey version with id %lld",
			  (long long)survey_version_id);
		rc = UT_EDATA;
	} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE) {
		error_set(err, "cannot add an invitation: its token is already in use");
		rc = UT_EDATA;
	} else {
		rc = store_fail(st, err, "cannot add an invitation");
	}
	store_done(stmt);
	return rc;
}

int store_invitation_set_lang(struct store *st, int64_t id, const char *lang,
			      struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, inv_lang_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id) || store_bind_text(stmt, 2, lang) ||
	    sqlite3_step(stmt) != SQLITE_DONE) {
		rc = store_fail(st, err, "cannot set the language of a link");
	} else if (sqlite3_changes(st->db) == 0) {
		error_set(err, "no link %lld", (long long)id);
		rc = UT_EDATA;
	}
	store_done(stmt);
	return rc;
}

int store_invitation_by_token(struct store *st, const char *token, struct invitation *out,
			      struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (!token)
		return 0;
	if ((rc = store_prepare(st, inv_by_token_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, token)) {
		rc = store_fail(st, err, "cannot look up a link");
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			rc = inv_from_row(st, stmt, out, 1, err);
			if (rc == 0)
				rc = 1;
			break;
		case SQLITE_DONE:
			rc = 0;
			break;
		default:
			rc = store_fail(st, err, "cannot look up a link");
		}
	}
	store_done(stmt);
	return rc;
}

int store_invitation_draft_read(struct store *st, int64_t id, struct record_buf *rb,
				struct error *err)
{
	sqlite3_stmt *stmt;
	size_t pos = 0;
	int rc;

	if ((rc = store_prepare(st, inv_draft_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot read the draft of link %lld", (long long)id);
		goto out;
	}
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		error_set(err, "cannot read a draft: no link %lld", (long long)id);
		rc = UT_EDATA;
		goto out;
	default:
		rc = store_fail(st, err, "cannot read the draft of link %lld", (long long)id);
		goto out;
	}
	rc = record_decode(sqlite3_column_blob(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0),
			   0, rb, &pos);
	if (rc == -1) {
		rc = store_oom(err);
	} else if (rc < 0) {
		error_set(err, "link %lld in '%s' has a malformed draft (at byte %zu)",
			  (long long)id, st->path, pos);
		rc = UT_ESCHEMA;
	}
out:
	store_done(stmt);
	return rc;
}

int store_invitation_draft(struct store *st, int64_t id, char ***out, size_t *n,
			   struct error *err)
{
	struct record_buf dec = RECORD_BUF_INIT;
	char **v = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = store_invitation_draft_read(st, id, &dec, err)) < 0)
		goto out;
	if (!(v = calloc(dec.n ? dec.n : 1, sizeof(*v)))) {
		rc = store_oom(err);
		goto out;
	}
	for (size_t i = 0; i < dec.n; i++) {
		if (dec.values[i] && !(v[i] = strdup(dec.values[i]))) {
			answers_free(v, dec.n);
			rc = store_oom(err);
			goto out;
		}
	}
	*out = v;
	*n = dec.n;
out:
	record_buf_release(&dec);
	return rc;
}

/* Why an update of invitation id changed nothing: UT_EDATA with the reason. */
static int explain_locked(struct store *st, int64_t id, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, inv_state_sql, &stmt, err);

	if (rc < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot look up link %lld", (long long)id);
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			error_set(err, "link %lld has submitted: answers are locked", (long long)id);
			rc = UT_EDATA;
			break;
		case SQLITE_DONE:
			error_set(err, "no link %lld", (long long)id);
			rc = UT_EDATA;
			break;
		default:
			rc = store_fail(st, err, "cannot look up link %lld", (long long)id);
		}
	}
	store_done(stmt);
	return rc;
}

int store_invitation_save(struct store *st, int64_t id, const char *const *values,
			  size_t n, int page, const char *lang, struct error *err)
{
	struct store_answers all = { values, n, NULL, 0 };

	return store_invitation_save_rep(st, id, &all, page, lang, err);
}

int store_invitation_save_rep(struct store *st, int64_t id, const struct store_answers *a,
			      int page, const char *lang, struct error *err)
{
	sqlite3_stmt *stmt;
	size_t bad = 0;
	char now[21];
	int rc;

	if (page < 0) {
		error_set(err, "cannot save link %lld: negative page", (long long)id);
		return UT_EDATA;
	}
	if ((a->n && !a->values) || (a->ninst && !a->inst)) {
		error_set(err, "cannot save link %lld: no answers given", (long long)id);
		return UT_EDATA;
	}
	switch (record_encode_repeats(a->values, a->n, a->inst, a->ninst, &st->rec, &bad)) {
	case 0:
		break;
	case -2:
		if (bad >= a->n)
			error_set(err, "cannot save link %lld: an answer in a repeat is not valid UTF-8, or an instance is nested too deep",
				  (long long)id);
		else
			error_set(err, "cannot save link %lld: the answer in slot %zu is not valid UTF-8",
				  (long long)id, bad);
		return UT_EDATA;
	default:
		return store_oom(err);
	}
	if ((rc = store_now(st, now, err)) < 0 ||
	    (rc = store_prepare(st, inv_save_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id) ||
	    sqlite3_bind_blob64(stmt, 2, st->rec.buf, st->rec.len, SQLITE_STATIC) ||
	    sqlite3_bind_int(stmt, 3, page) || store_bind_text(stmt, 4, lang) ||
	    store_bind_text(stmt, 5, now) || sqlite3_step(stmt) != SQLITE_DONE) {
		rc = store_fail(st, err, "cannot save the draft of link %lld", (long long)id);
		store_done(stmt);
		return rc;
	}
	store_done(stmt);
	return sqlite3_changes(st->db) > 0 ? 0 : explain_locked(st, id, err);
}

/*
 * 1 when the draft rb holds the same answers as seen (trailing unanswered
 * slots aside), 0 when not, -1 when memory runs out.  Both are encoded: the
 * encoding is canonical.
 */
static int same_answers(const struct record_buf *rb, const struct store_answers *seen)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	int rc;
	int ex = record_encode_repeats((const char *const *)rb->values, rb->n, rb->inst,
				       rb->ninst, &x, NULL);
	int ey = record_encode_repeats(seen->values, seen->n, seen->inst, seen->ninst, &y, NULL);

	if (ex == -1 || ey == -1)
		rc = -1;
	else	/* -2: not text, so not what is stored */
		rc = ex == 0 && ey == 0 && x.len == y.len && !memcmp(x.buf, y.buf, x.len);
	strbuf_release(&x);
	strbuf_release(&y);
	return rc;
}

int store_invitation_set_contact_key(struct store *st, int64_t id, const char *contact_key,
				     struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, inv_contact_key_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id) || store_bind_text(stmt, 2, contact_key) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record the contact key of link %lld", (long long)id);
	store_done(stmt);
	return rc;
}

int store_invitation_submit(struct store *st, int64_t id, const char *const *values,
			    size_t n, int flags, const char *const *seen, size_t nseen,
			    int64_t *respondent_id, struct error *err)
{
	struct store_answers all = { values, n, NULL, 0 }, was = { seen, nseen, NULL, 0 };

	return store_invitation_submit_rep(st, id, &all, flags, seen ? &was : NULL,
					   respondent_id, err);
}

int store_invitation_submit_rep(struct store *st, int64_t id, const struct store_answers *a,
				int flags, const struct store_answers *seen,
				int64_t *respondent_id, struct error *err)
{
	int anonymous = (flags & STORE_SUBMIT_ANONYMOUS) != 0;
	sqlite3_stmt *stmt;
	char *grp = NULL, *wave = NULL, *token = NULL, *email = NULL, *contact_key = NULL;
	char *form_id = NULL, panel[65] = "";
	struct record_buf draft = RECORD_BUF_INIT;
	int64_t version_id = 0, rid = 0;
	char now[21], day[21];
	int outer, rc, step;

	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	/* the day alone: the same for every submission of that day (UTC) */
	snprintf(day, sizeof(day), "%.10sT00:00:00Z", now);

	/* read the link under the write lock */
	if ((rc = store_prepare(st, inv_state_sql, &stmt, err)) < 0)
		goto out;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot look up link %lld", (long long)id);
		store_done(stmt);
		goto out;
	}
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(stmt, 0);

		if (status && !strcmp(status, "submitted")) {
			error_set(err, "link %lld has submitted: answers are locked", (long long)id);
			rc = UT_EDATA;
		} else if (store_dup_col(stmt, 1, &grp) || store_dup_col(stmt, 2, &wave) ||
			   store_dup_col(stmt, 3, &token) || store_dup_col(stmt, 5, &email) ||
			   store_dup_col(stmt, 6, &contact_key) || store_dup_col(stmt, 7, &form_id)) {
			rc = store_oom(err);
		}
		version_id = sqlite3_column_int64(stmt, 4);
	} else if (step == SQLITE_DONE) {
		error_set(err, "cannot submit: no link %lld", (long long)id);
		rc = UT_EDATA;
	} else {
		rc = store_fail(st, err, "cannot look up link %lld", (long long)id);
	}
	store_done(stmt);
	if (rc < 0)
		goto out;

	/*
	 * A page saved since the caller read the draft (another tab) was
	 * acknowledged: submitting the older answers would lose it.
	 */
	if (seen) {
		if ((rc = store_invitation_draft_read(st, id, &draft, err)) < 0)
			goto out;
		if ((rc = same_answers(&draft, seen)) < 0) {
			rc = store_oom(err);
			goto out;
		}
		if (!rc) {
			rc = 1;
			goto out;
		}
	}

	/* a panel: the key of the link's contact, the same in every wave */
	if ((flags & STORE_SUBMIT_PANEL) &&
	    (rc = store_panel_key(st, form_id, email, contact_key, 1, panel, err)) < 0)
		goto out;
	rc = store_resp_insert(st, version_id, NULL, grp, wave, anonymous ? NULL : token,
			       a, 1, anonymous ? day : NULL, anonymous != 0, &rid, err);
	if (rc < 0 || (*panel && (rc = store_panel_set(st, rid, panel, err)) < 0))
		goto out;
	if ((rc = store_prepare(st, inv_submit_sql, &stmt, err)) < 0)
		goto out;
	if (sqlite3_bind_int64(stmt, 1, id) ||
	    (anonymous ? sqlite3_bind_null(stmt, 2) : sqlite3_bind_int64(stmt, 2, rid)) ||
	    store_bind_text(stmt, 3, anonymous ? NULL : now) ||
	    sqlite3_bind_int(stmt, 4, anonymous != 0) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot submit link %lld", (long long)id);
	store_done(stmt);
out:
	if (rc == 1) {
		/* nothing written: end the transaction as a success */
		rc = store_op_end(st, outer, 0, err);
		if (rc == 0)
			rc = 1;
	} else {
		rc = store_op_end(st, outer, rc, err);
	}
	record_buf_release(&draft);
	free(grp);
	free(wave);
	free(token);
	free(email);
	free(contact_key);
	free(form_id);
	if (rc == 0 && respondent_id)
		*respondent_id = rid;
	return rc;
}

int store_invitation_each(struct store *st, const char *form_id,
			  int (*fn)(void *ctx, const struct invitation *inv),
			  void *ctx, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = 0, step;

	/* a statement of its own: fn may call back into the store */
	if (sqlite3_prepare_v2(st->db, inv_each_sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, err, "cannot prepare a query on '%s'", st->path);
	if (store_bind_text(stmt, 1, form_id)) {
		rc = store_fail(st, err, "cannot list the links of '%s'", form_id);
		goto out;
	}
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct invitation inv;

		if ((rc = inv_from_row(st, stmt, &inv, 0, err)) < 0)
			goto out;
		inv.mail_stop = sqlite3_column_int(stmt, INV_NCOLS);
		inv.mail_sent = sqlite3_column_int(stmt, INV_NCOLS + 1);
		inv.mail_last = (char *)sqlite3_column_text(stmt, INV_NCOLS + 2);
		if ((rc = fn(ctx, &inv)))
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot list the links of '%s'", form_id);
out:
	sqlite3_finalize(stmt);
	return rc;
}

int store_invitation_counts(struct store *st, const char *form_id,
			    struct invitation_counts *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc, step;

	memset(out, 0, sizeof(*out));
	if ((rc = store_prepare(st, inv_counts_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id)) {
		rc = store_fail(st, err, "cannot count the links of '%s'", form_id);
		store_done(stmt);
		return rc;
	}
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		enum respondent_status s;
		int open = sqlite3_column_int(stmt, 1);
		int64_t k = sqlite3_column_int64(stmt, 2);

		if (store_status_parse((const char *)sqlite3_column_text(stmt, 0), &s) < 0)
			continue;
		if (s == RESP_INVITED && open)
			out->opened += k;
		else if (s == RESP_INVITED)
			out->invited += k;
		else if (s == RESP_STARTED)
			out->started += k;
		else
			out->submitted += k;
	}
	if (step != SQLITE_DONE)
		rc = store_fail(st, err, "cannot count the links of '%s'", form_id);
	store_done(stmt);
	return rc;
}

/* Step a bound one-text-column query into a malloc'd *out: 1, 0 or negative. */
static int one_text(struct store *st, sqlite3_stmt *stmt, char **out, const char *what,
		    struct error *err)
{
	int rc;

	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		rc = store_dup_col(stmt, 0, out) < 0 ? store_oom(err) : 1;
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(st, err, "%s", what);
	}
	store_done(stmt);
	return rc;
}

int store_open_link(struct store *st, const char *form_id, const char *new_token,
		    char **token, struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int outer, rc;

	*token = NULL;
	if ((rc = store_now(st, now, err)) < 0 || (rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, open_get_sql, &stmt, err)) < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id)) {
		rc = store_fail(st, err, "cannot look up the open link of '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	rc = one_text(st, stmt, token, "cannot look up an open link", err);
	if (rc != 0) {
		if (rc == 1)
			rc = 0;		/* it exists */
		goto out;
	}
	if ((rc = store_prepare(st, open_insert_sql, &stmt, err)) < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || store_bind_text(stmt, 2, new_token) ||
	    store_bind_text(stmt, 3, now) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot create the open link of '%s'", form_id);
	store_done(stmt);
	if (rc == 0 && !(*token = strdup(new_token)))
		rc = store_oom(err);
	if (rc == 0)
		rc = 1;
out:
	{
		int end = store_op_end(st, outer, rc < 0 ? rc : 0, err);

		if (end < 0)
			rc = end;
	}
	if (rc < 0) {
		free(*token);
		*token = NULL;
	}
	return rc;
}

int store_open_link_find(struct store *st, const char *token, char **form_id,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*form_id = NULL;
	if ((rc = store_prepare(st, open_find_sql, &stmt, err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, token)) {
		rc = store_fail(st, err, "cannot look up an open link");
		store_done(stmt);
		return rc;
	}
	return one_text(st, stmt, form_id, "cannot look up an open link", err);
}

int store_secret(struct store *st, const char *name, const unsigned char *fresh,
		 unsigned char *out, size_t n, struct error *err)
{
	sqlite3_stmt *stmt;
	int outer, rc, step;

	if ((rc = store_op_begin(st, &outer, err)) < 0)
		return rc;
	if ((rc = store_prepare(st, secret_get_sql, &stmt, err)) < 0)
		goto out;
	if (store_bind_text(stmt, 1, name)) {
		rc = store_fail(st, err, "cannot read key '%s'", name);
		store_done(stmt);
		goto out;
	}
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW) {
		if ((size_t)sqlite3_column_bytes(stmt, 0) != n) {
			error_set(err, "key '%s' in '%s' has the wrong size", name, st->path);
			rc = UT_ESCHEMA;
		} else {
			memcpy(out, sqlite3_column_blob(stmt, 0), n);
		}
		store_done(stmt);
		goto out;
	}
	store_done(stmt);
	if (step != SQLITE_DONE) {
		rc = store_fail(st, err, "cannot read key '%s'", name);
		goto out;
	}
	if ((rc = store_prepare(st, secret_put_sql, &stmt, err)) < 0)
		goto out;
	if (store_bind_text(stmt, 1, name) ||
	    sqlite3_bind_blob64(stmt, 2, fresh, n, SQLITE_STATIC) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot store key '%s'", name);
	store_done(stmt);
	if (rc == 0)
		memcpy(out, fresh, n);
out:
	return store_op_end(st, outer, rc, err);
}

int store_short_code_add(struct store *st, int64_t invitation_id, const unsigned char hash[32],
			 struct error *err)
{
	sqlite3_stmt *stmt;
	char now[21];
	int rc;

	if ((rc = store_now(st, now, err)) < 0 ||
	    (rc = store_prepare(st, code_insert_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_blob(stmt, 1, hash, 32, SQLITE_STATIC) ||
	    sqlite3_bind_int64(stmt, 2, invitation_id) || store_bind_text(stmt, 3, now)) {
		rc = store_fail(st, err, "cannot record a short code");
	} else if (sqlite3_step(stmt) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY) {
			error_set(err, "cannot record a short code: it is already in use");
			rc = UT_EDATA;
		} else if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
			error_set(err, "cannot record a short code: no link %lld",
				  (long long)invitation_id);
			rc = UT_EDATA;
		} else {
			rc = store_fail(st, err, "cannot record a short code");
		}
	}
	store_done(stmt);
	return rc;
}

int store_short_code_find(struct store *st, const unsigned char hash[32], char **token,
			  struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	*token = NULL;
	if ((rc = store_prepare(st, code_find_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_blob(stmt, 1, hash, 32, SQLITE_STATIC)) {
		rc = store_fail(st, err, "cannot look up a short code");
		store_done(stmt);
		return rc;
	}
	return one_text(st, stmt, token, "cannot look up a short code", err);
}
