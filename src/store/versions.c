/*
 * store/versions: the survey versions: loading, reading and listing them.
 */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/internal.h"
#include "util/array.h"
#include "util/sha256.h"
#include "util/strbuf.h"

/* --- survey versions ------------------------------------------------- */

void survey_version_release(struct survey_version *sv)
{
	if (!sv)
		return;
	free(sv->form_id);
	free(sv->title);
	free(sv->sha256);
	free(sv->file);
	free(sv->loaded_at);
	free(sv->source);
	memset(sv, 0, sizeof(*sv));
}

void survey_versions_free(struct survey_version *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		survey_version_release(&v[i]);
	free(v);
}

/* Fill sv from a row of SV_COLS_NO_COUNT (and the source as column 8 when with_source). */
static int sv_from_row(sqlite3_stmt *stmt, struct survey_version *sv, int with_source)
{
	memset(sv, 0, sizeof(*sv));
	sv->id = sqlite3_column_int64(stmt, 0);
	sv->version = sqlite3_column_int(stmt, 2);
	sv->nrespondents = sqlite3_column_int64(stmt, 7);
	if (store_dup_col(stmt, 1, &sv->form_id) || store_dup_col(stmt, 3, &sv->title) ||
	    store_dup_col(stmt, 4, &sv->sha256) || store_dup_col(stmt, 5, &sv->file) ||
	    store_dup_col(stmt, 6, &sv->loaded_at) ||
	    (with_source && store_dup_col(stmt, 8, &sv->source))) {
		survey_version_release(sv);
		return -1;
	}
	return 0;
}

int store_survey_put(struct store *st, const char *form_id, int version,
		     const char *title, const char *file, const char *source,
		     enum store_put_result *res, struct error *err)
{
	char sha[65], now[21];
	struct strbuf detail = STRBUF_INIT;
	sqlite3_stmt *stmt;
	int outer, rc;

	if (!form_id || !*form_id || !source || version <= 0) {
		error_set(err, "cannot store survey '%s': %s", form_id ? form_id : "",
			  !form_id || !*form_id ? "no form_id" :
			  !source ? "no source" : "its version must be a positive integer");
		return UT_EDATA;
	}
	sha256_hex(source, strlen(source), sha);
	rc = store_now(st, now, err);
	if (rc < 0)
		return rc;
	rc = store_op_begin(st, &outer, err);
	if (rc < 0)
		return rc;

	/* the same text again: nothing to do */
	rc = prep(st, Q_SURVEY_SAME, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || store_bind_text(stmt, 2, sha)) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	switch (sqlite3_step(stmt)) {
	case SQLITE_ROW:
		*res = STORE_UNCHANGED;
		store_done(stmt);
		goto out;
	case SQLITE_DONE:
		break;
	default:
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	store_done(stmt);

	/* a change must come with a higher version */
	rc = prep(st, Q_SURVEY_MAX, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_step(stmt) != SQLITE_ROW) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		goto out;
	}
	if (sqlite3_column_type(stmt, 0) != SQLITE_NULL) {
		int64_t max = sqlite3_column_int64(stmt, 0);

		if (max >= version) {
			error_set(err, "survey '%s' version %d is already loaded with different "
				  "content (highest stored version: %lld); increase 'version' "
				  "to load a change", form_id, version, (long long)max);
			rc = UT_EDATA;
			store_done(stmt);
			goto out;
		}
	}
	store_done(stmt);

	rc = prep(st, Q_SURVEY_INSERT, &stmt, err);
	if (rc < 0)
		goto out;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version) ||
	    store_bind_text(stmt, 3, title) || store_bind_text(stmt, 4, sha) ||
	    store_bind_text(stmt, 5, file) || store_bind_text(stmt, 6, source) ||
	    store_bind_text(stmt, 7, now) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot store survey '%s' version %d", form_id, version);
	store_done(stmt);
	if (rc < 0)
		goto out;

	if (strbuf_addf(&detail, "%s version %d sha256 %s", form_id, version, sha) < 0 ||
	    (file && strbuf_addf(&detail, " file %s", file) < 0)) {
		rc = store_oom(err);
		goto out;
	}
	rc = audit_at(st, now, "survey.load", detail.buf, err);
	if (rc == 0)
		*res = STORE_ADDED;
out:
	strbuf_release(&detail);
	return store_op_end(st, outer, rc, err);
}

int store_survey_get(struct store *st, const char *form_id, int version,
		     struct survey_version *out, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_SURVEY_GET, &stmt, err);

	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id) || sqlite3_bind_int(stmt, 2, version)) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
	} else {
		switch (sqlite3_step(stmt)) {
		case SQLITE_ROW:
			rc = sv_from_row(stmt, out, 1) < 0 ? store_oom(err) : 1;
			break;
		case SQLITE_DONE:
			rc = 0;
			break;
		default:
			rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		}
	}
	store_done(stmt);
	return rc;
}

int store_survey_versions(struct store *st, const char *form_id, int **out, size_t *n,
			  struct error *err)
{
	int *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *stmt;
	int rc = store_prepare(st, "SELECT version FROM survey_version WHERE form_id = ?1"
			       " ORDER BY version", &stmt, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, form_id)) {
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
		store_done(stmt);
		return rc;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (ARRAY_GROW(v, alloc, nv + 1, 8) < 0)
			break;
		v[nv++] = sqlite3_column_int(stmt, 0);
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc == SQLITE_ROW)
		rc = store_oom(err);
	else
		rc = store_fail(st, err, "cannot look up survey '%s'", form_id);
	store_done(stmt);
	if (rc < 0) {
		free(v);
		return rc;
	}
	if (!v && !(v = malloc(sizeof(*v))))
		return store_oom(err);
	*out = v;
	*n = nv;
	return 0;
}

/*
 * Fill v[i].nrespondents for the nv versions of v: one pass over the
 * respondent table, each row counted against its version (the next row
 * almost always answers the same one as the last, so the search rarely
 * runs).  A count per version would read the whole table once per version:
 * the table has no index on the version alone, and a GROUP BY sorts every
 * row (twice the time of one pass for a million).  0 or a UT_E* code.
 */
static int count_respondents(struct store *st, struct survey_version *v, size_t nv,
			     struct error *err)
{
	sqlite3_stmt *stmt;
	size_t last = 0, i;
	int rc = prep(st, Q_SURVEY_COUNTS, &stmt, err);

	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(stmt, 0);

		if (last < nv && v[last].id == id) {
			v[last].nrespondents++;
			continue;
		}
		for (i = 0; i < nv && v[i].id != id; i++)
			;
		if (i < nv) {
			v[i].nrespondents++;
			last = i;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : store_fail(st, err, "cannot count the respondents of '%s'",
						st->path);
	store_done(stmt);
	return rc;
}

int store_survey_list(struct store *st, struct survey_version **out, size_t *n,
		      struct error *err)
{
	struct survey_version *v = NULL;
	size_t nv = 0, alloc = 0;
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_SURVEY_LIST, &stmt, err);

	*out = NULL;
	*n = 0;
	if (rc < 0)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (ARRAY_GROW(v, alloc, nv + 1, 16) < 0)
			break;
		if (sv_from_row(stmt, &v[nv], 0) < 0)
			break;
		nv++;
	}
	if (rc == SQLITE_DONE) {
		rc = 0;
	} else if (rc == SQLITE_ROW) {
		rc = store_oom(err);
	} else {
		rc = store_fail(st, err, "cannot list the surveys of '%s'", st->path);
	}
	store_done(stmt);
	if (rc == 0 && nv > 0)
		rc = count_respondents(st, v, nv, err);
	if (rc < 0) {
		survey_versions_free(v, nv);
		return rc;
	}
	if (!v && !(v = calloc(1, sizeof(*v))))
		return store_oom(err);
	*out = v;
	*n = nv;
	return 0;
}
