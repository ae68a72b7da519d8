/*
 * store/respondents: respondents: their status and rows read by id or token.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/internal.h"

/* --- respondents ------------------------------------------------------ */

static const char *const status_names[] = {
	[RESP_INVITED] = "invited",
	[RESP_STARTED] = "started",
	[RESP_SUBMITTED] = "submitted",
};

int store_status_parse(const char *s, enum respondent_status *out)
{
	for (int i = 0; i < 3; i++)
		if (s && !strcmp(s, status_names[i])) {
			*out = (enum respondent_status)i;
			return 0;
		}
	return -1;
}

void respondent_release(struct respondent *r)
{
	if (!r)
		return;
	free(r->ext_id);
	free(r->group);
	free(r->wave);
	free(r->token);
	free(r->created_at);
	free(r->updated_at);
	free(r->submitted_at);
	free(r->panel);
	memset(r, 0, sizeof(*r));
}

/* store_resp_from_row()'s work: the text columns cols[0..n) into out[0..n), the others left NULL. */
static int resp_from_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r, int copy,
			 const int *text_cols, char **const *text_out, size_t n, struct error *err)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(stmt, 0);
	r->survey_version_id = sqlite3_column_int64(stmt, 1);
	if (store_status_parse(peek_col(stmt, 6), &r->status) < 0) {
		error_set(err, "respondent %lld in '%s' has an unknown status",
			  (long long)r->id, st->path);
		return UT_ESCHEMA;
	}
	if (store_text_cols(stmt, text_cols, text_out, n, copy) < 0) {
		respondent_release(r);
		return store_oom(err);
	}
	return 0;
}

/*
 * Fill r from a row of RESP_COLS.  With copy, strings are malloc'd (release
 * with respondent_release); without, they point into the row and live until
 * the next step.  0, UT_EIO (out of memory) or UT_ESCHEMA.
 */
int store_resp_from_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r,
			 int copy, struct error *err)
{
	static const int text_cols[] = { 2, 3, 4, 5, 7, 8, 9, 10 };
	char **const text_out[] = { &r->ext_id, &r->group, &r->wave, &r->token,
				    &r->created_at, &r->updated_at, &r->submitted_at, &r->panel };

	return resp_from_row(st, stmt, r, copy, text_cols, text_out,
			     sizeof(text_cols) / sizeof(text_cols[0]), err);
}

int store_resp_from_lean_row(struct store *st, sqlite3_stmt *stmt, struct respondent *r,
			     struct error *err)
{
	static const int text_cols[] = { 3, 4, 10 };
	char **const text_out[] = { &r->group, &r->wave, &r->panel };

	return resp_from_row(st, stmt, r, 0, text_cols, text_out,
			     sizeof(text_cols) / sizeof(text_cols[0]), err);
}

/* Run Q_RESP_GET or Q_RESP_BY_TOKEN, already bound, into *out. */
static int resp_fetch(struct store *st, sqlite3_stmt *stmt, struct respondent *out,
		      struct error *err)
{
	int rc;

	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		rc = store_resp_from_row(st, stmt, out, 1, err);
		if (rc == 0)
			rc = 1;
		break;
	case SQLITE_DONE:
		rc = 0;
		break;
	default:
		rc = store_fail(st, err, "cannot look up a respondent in '%s'", st->path);
	}
	store_done(stmt);
	return rc;
}

int store_respondent_get(struct store *st, int64_t id, struct respondent *out,
			 struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_RESP_GET, &stmt, err);

	if (rc < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, id)) {
		rc = store_fail(st, err, "cannot look up respondent %lld", (long long)id);
		store_done(stmt);
		return rc;
	}
	return resp_fetch(st, stmt, out, err);
}

int store_respondent_by_token(struct store *st, const char *token,
			      struct respondent *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (!token)
		return 0;
	rc = prep(st, Q_RESP_BY_TOKEN, &stmt, err);
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, token)) {
		rc = store_fail(st, err, "cannot look up a respondent by token");
		store_done(stmt);
		return rc;
	}
	return resp_fetch(st, stmt, out, err);
}
