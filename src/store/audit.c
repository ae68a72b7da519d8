/*
 * store/audit: the audit log.
 */
#include "store/store.h"

#include <sqlite3.h>

#include "store/internal.h"

/* --- audit log -------------------------------------------------------- */

int audit_at(struct store *st, const char *at, const char *action,
	     const char *detail, struct error *err)
{
	sqlite3_stmt *stmt;
	int rc = prep(st, Q_AUDIT, &stmt, err);

	if (rc < 0)
		return rc;
	if (store_bind_text(stmt, 1, at) || store_bind_text(stmt, 2, action) ||
	    store_bind_text(stmt, 3, detail) || sqlite3_step(stmt) != SQLITE_DONE)
		rc = store_fail(st, err, "cannot write the audit log of '%s'", st->path);
	store_done(stmt);
	return rc;
}

int store_audit(struct store *st, const char *action, const char *detail,
		struct error *err)
{
	char now[21];
	int rc;

	if (!action || !*action) {
		error_set(err, "audit entry without an action");
		return UT_EDATA;
	}
	rc = store_now(st, now, err);
	return rc < 0 ? rc : audit_at(st, now, action, detail, err);
}
