/*
 * collect/internal: what server.c and admin.c share — the server state,
 * the survey cache, and the reply helpers.  Nothing outside src/collect/
 * includes it.
 */
#ifndef UTILIS_COLLECT_INTERNAL_H
#define UTILIS_COLLECT_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include <microhttpd.h>

#include "collect/server.h"
#include "collect/token.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/strbuf.h"

/* A loaded survey version, kept for the life of the server (versions are immutable). */
struct cached_survey {
	int64_t version_id;		/* survey_version.id */
	struct survey *s;		/* the model */
	char *source;			/* its text (the model points into it) */
};

struct collect_server {
	struct MHD_Daemon *daemon;	/* libmicrohttpd */
	struct store *st;		/* the workspace; only with lock held */
	pthread_mutex_t lock;		/* guards st and the cache */
	struct cached_survey *cache;	/* loaded versions */
	size_t ncache, acache;		/* used / allocated */
	unsigned char key[SERVER_KEY_BYTES]; /* HMAC key of anti-forgery tokens */
	unsigned char admin_hash[32];	/* SHA-256 of the admin secret */
	struct collect_config cfg;	/* as started */
	unsigned port;			/* bound port */
};

/* Log through the configuration's function. */
void srv_log(struct collect_server *srv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * The model of survey version (form_id, version) whose row id is
 * version_id, loading it on first use.  Call with the lock held.  NULL
 * when it cannot be loaded (logged).
 */
const struct survey *srv_survey(struct collect_server *srv, int64_t version_id,
				const char *form_id, int version);
/*
 * Queue a reply: status, a content type, the body (taken over from sb,
 * which is left empty), the security headers, and Cache-Control: no-store
 * unless cache is set.  Returns what MHD_queue_response does.
 */
enum MHD_Result srv_reply(struct MHD_Connection *c, unsigned status, const char *type,
			  struct strbuf *sb, int cache);
/* A 303 redirect to location (relative to the request's address). */
enum MHD_Result srv_redirect(struct MHD_Connection *c, const char *location);
/* The admin pages: GET /admin, /admin/FORM, /admin/FORM.csv (path after "/admin"). */
enum MHD_Result admin_handle(struct collect_server *srv, struct MHD_Connection *c,
			     const char *path);

#endif
