/*
 * panel: the keys that link a person's answers from one wave of a panel
 * survey to the next (settings.panel; see store.h, "panels").  A key is
 * HMAC-SHA-256, under the workspace's 'panel' secret, of the survey's
 * form_id and the contact: the e-mail address, trimmed and in lower case,
 * or, for a link without one, the link's contact key (random, copied to
 * the links that invite the same person again).  The respondent row holds
 * the key, never the contact; erasing the person removes the key from
 * every row that carries it.  Schema: migration step 5 in store.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store/internal.h"
#include "store/store.h"
#include "util/sha256.h"

#define PANEL_SECRET "panel"
#define PANEL_SECRET_LEN 32

static const char panel_any_sql[] = "SELECT 1 FROM respondent WHERE panel IS NOT NULL LIMIT 1";
static const char secret_has_sql[] = "SELECT length(value) FROM secret WHERE name = ?1";
static const char panel_set_sql[] = "UPDATE respondent SET panel = ?2 WHERE id = ?1";
static const char panel_count_sql[] =
	"SELECT count(*) FROM respondent WHERE panel = ?1 AND survey_version_id IN"
	" (SELECT id FROM survey_version WHERE form_id = ?2)";
static const char panel_clear_sql[] =
	"UPDATE respondent SET panel = NULL WHERE panel = ?1 AND survey_version_id IN"
	" (SELECT id FROM survey_version WHERE form_id = ?2)";

/* 1 when a row of sql (bound with text a, or nothing) exists, 0 when not, or negative. */
static int exists(struct store *st, const char *sql, const char *a, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc, step;

	if ((rc = store_prepare(st, sql, &stmt, err)) < 0)
		return rc;
	if (a && store_bind_text(stmt, 1, a)) {
		rc = store_fail(st, err, "cannot read the panel keys");
		store_done(stmt);
		return rc;
	}
	step = sqlite3_step(stmt);
	if (step == SQLITE_ROW)
		rc = 1;
	else if (step == SQLITE_DONE)
		rc = 0;
	else
		rc = store_fail(st, err, "cannot read the panel keys");
	store_done(stmt);
	return rc;
}

/*
 * The panel secret into key.  When the workspace has none: with create, a
 * fresh one is drawn and stored — unless answers already carry panel keys
 * (the secret was removed: new keys would not match theirs), which is
 * UT_ESCHEMA; without create, 0 is returned.  1 when key is set.
 */
static int panel_secret(struct store *st, int create, unsigned char key[PANEL_SECRET_LEN],
			struct error *err)
{
	unsigned char fresh[PANEL_SECRET_LEN] = { 0 };
	int rc = exists(st, secret_has_sql, PANEL_SECRET, err);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (!create)
			return 0;
		rc = exists(st, panel_any_sql, NULL, err);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			error_set(err, "the panel secret of '%s' is missing while answers carry panel "
				  "keys: new answers could not be linked to theirs (restore the "
				  "workspace from a backup)", st->path);
			return UT_ESCHEMA;
		}
		if (getrandom(fresh, sizeof(fresh), 0) != (ssize_t)sizeof(fresh))
			return error_set(err, "cannot draw the panel secret: %s", strerror(errno)),
			       UT_EIO;
	}
	rc = store_secret(st, PANEL_SECRET, fresh, key, PANEL_SECRET_LEN, err);
	memset(fresh, 0, sizeof(fresh));
	return rc < 0 ? rc : 1;
}

int store_panel_key(struct store *st, const char *form_id, const char *email,
		    const char *contact_key, int create, char out[65], struct error *err)
{
	unsigned char key[PANEL_SECRET_LEN], mac[32];
	char *msg;
	size_t n = 0, len;
	int rc;

	out[0] = '\0';
	while (email && isspace((unsigned char)*email))
		email++;
	len = email ? strlen(email) : 0;
	while (len > 0 && isspace((unsigned char)email[len - 1]))
		len--;
	if (len == 0 && (!contact_key || !*contact_key))
		return 0;
	if ((rc = panel_secret(st, create, key, err)) <= 0)
		return rc;
	/* "form_id\nmail:address" or "form_id\nkey:contact key" */
	msg = malloc(strlen(form_id) + 6 + (len ? len : strlen(contact_key)) + 1);
	if (!msg)
		return store_oom(err);
	n = (size_t)sprintf(msg, "%s\n%s", form_id, len ? "mail:" : "key:");
	if (len) {
		for (size_t i = 0; i < len; i++)
			msg[n++] = (char)tolower((unsigned char)email[i]);
	} else {
		n += (size_t)sprintf(msg + n, "%s", contact_key);
	}
	hmac_sha256(key, sizeof(key), msg, n, mac);
	memset(key, 0, sizeof(key));
	free(msg);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return 1;
}

int store_panel_set(struct store *st, int64_t respondent_id, const char *panel,
		    struct error *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if ((rc = store_prepare(st, panel_set_sql, &stmt, err)) < 0)
		return rc;
	if (sqlite3_bind_int64(stmt, 1, respondent_id) || store_bind_text(stmt, 2, panel) ||
	    sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot record the panel key of respondent %lld",
				(long long)respondent_id);
	store_done(stmt);
	return rc;
}

int store_panel_forget(struct store *st, const char *form_id, const char *panel,
		       int count_only, int64_t *nrows, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc, step;

	if ((rc = store_prepare(st, count_only ? panel_count_sql : panel_clear_sql, &stmt,
				err)) < 0)
		return rc;
	if (store_bind_text(stmt, 1, panel) || store_bind_text(stmt, 2, form_id)) {
		store_done(stmt);
		return store_fail(st, err, "cannot remove a panel key");
	}
	step = sqlite3_step(stmt);
	if (count_only && step == SQLITE_ROW)
		*nrows += sqlite3_column_int64(stmt, 0);
	else if (!count_only && step == SQLITE_DONE)
		*nrows += sqlite3_changes(st->db);
	else
		rc = store_fail(st, err, "cannot remove a panel key");
	store_done(stmt);
	return rc;
}
