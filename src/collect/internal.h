/*
 * collect/internal: what server.c, admin.c and jury.c share — the server
 * state, the survey cache, and the reply helpers.  Nothing outside
 * src/collect/ includes it.
 */
#ifndef UTILIS_COLLECT_INTERNAL_H
#define UTILIS_COLLECT_INTERNAL_H

#include <assert.h>
#include <pthread.h>
#include <stdint.h>

#include <microhttpd.h>

#include "collect/form.h"
#include "collect/messages.h"
#include "collect/ratelimit.h"
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

/* A write waiting for the writer thread: a draft saved, a submission or an opt-out. */
struct write_job {
	int submit;			/* 1: store_invitation_submit, else _save */
	int optout;			/* 1: store_mail_optout (the link's address gets no more mail) */
	int64_t id;			/* the link */
	struct store_answers a;		/* answers, positional, with repeat instances */
	int page;			/* save: page to resume at */
	const char *lang;		/* save: language chosen */
	int anonymous;			/* submit: the survey's setting */
	int panel;			/* submit: settings.panel (the row gets the contact's panel key) */
	const struct store_answers *seen; /* submit: the draft the answers were computed from */
	int rc;				/* the store call's result */
	struct error err;		/* its message */
	int done;			/* set by the writer once committed (or failed) */
	struct write_job *next;		/* queue */
};

/* An open connection, for the whole-request deadline (server.c). */
struct conn_watch {
	int fd;				/* its socket */
	double since;			/* when its current request began; 0 while it is
					   answered (the whole request is in) */
	struct conn_watch *prev, *next;	/* list of the open connections */
};

struct request;

struct collect_server {
	struct MHD_Daemon *daemon;	/* libmicrohttpd */
	struct store *st;		/* the workspace, for writing; only with lock held */
	pthread_mutex_t lock;		/* guards st */
	struct store *rd;		/* a read-only connection (WAL: reads do not wait
					   for a commit); only with rlock held */
	pthread_mutex_t rlock;		/* guards rd and the survey cache */
	struct cached_survey *cache;	/* loaded versions */
	size_t ncache, acache;		/* used / allocated */
	unsigned char key[SERVER_KEY_BYTES]; /* HMAC key of anti-forgery tokens */
	unsigned char admin_hash[32];	/* SHA-256 of the admin secret */
	pthread_mutex_t qlock;		/* guards the queue below */
	pthread_cond_t qcond;		/* a job was queued, or stop */
	pthread_cond_t qdone;		/* a batch was committed */
	struct write_job *queue;	/* jobs waiting, oldest first */
	struct write_job **qtail;	/* where the next job goes */
	int stopping;			/* the writer must finish and exit */
	pthread_t writer;		/* commits queued jobs in batches */
	int writer_started;		/* writer is running */
	int purge_pending;		/* writer: the log holds old copies of an anonymous draft */
	int purge_logged;		/* writer: said that another program keeps them there */
	struct collect_config cfg;	/* as started */
	unsigned port;			/* bound port */
	/* the admin pages' own read connection, so that they never hold up respondents */
	struct store *ard;		/* read-only; only with arlock held */
	pthread_mutex_t arlock;		/* guards ard (taken before rlock, never after) */
	/* limits per client address */
	struct ratelimit open_rl;	/* links made by open links */
	struct ratelimit login_rl;	/* failed admin logins, per address */
	struct ratelimit login_all;	/* failed admin logins, all addresses together */
	struct ratelimit code_rl;	/* wrong short codes (/c), per address */
	struct ratelimit code_all;	/* wrong short codes, all addresses together */
	/* the whole-request deadline: a watchdog closes late connections */
	pthread_mutex_t wlock;		/* guards the list, since and wstop */
	pthread_cond_t wcond;		/* stop */
	struct conn_watch *watched;	/* open connections */
	int wstop;			/* the watchdog must exit */
	pthread_t watchdog;		/* closes connections past the deadline */
	int watchdog_started;		/* watchdog is running */
	/* POSTs are answered by threads of their own, the connection suspended
	   meanwhile: a save waiting for the workspace never holds up a page view */
	pthread_mutex_t plock;		/* guards the queue below */
	pthread_cond_t pcond;		/* a POST was queued, or stop */
	pthread_cond_t pidle;		/* the queue is empty and no POST is running */
	struct request *pqueue;		/* POSTs waiting, oldest first */
	struct request **ptail;		/* where the next goes */
	unsigned pbusy;			/* POSTs being answered */
	int pclosing;			/* stopping: answer POSTs in place */
	pthread_t *pworkers;		/* the threads */
	unsigned npworkers;		/* their number */
};

/* Monotonic clock, in seconds. */
double srv_now(void);
/*
 * Queue resp with status on c and release resp: at once, or, on a POST
 * thread, when libmicrohttpd resumes the connection.  Every reply goes
 * through here.
 */
enum MHD_Result srv_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *resp);
/*
 * A 429 page asking to retry in wait seconds (also in Retry-After), in the
 * language the page refused would have had: s and lang as for
 * form_render_message() (s NULL: French unless lang is "en"); a link to
 * href with text link when href is not NULL (back to the form, to the code
 * page; none for /admin); root as for srv_message().
 */
enum MHD_Result srv_too_many(struct MHD_Connection *c, unsigned wait, const struct survey *s,
			     const char *lang, const char *href, enum msg link, const char *root);

/*
 * Run job through the writer thread and wait until it is on disk: the
 * writer commits every job queued meanwhile in one transaction (group
 * commit), each in a savepoint of its own, so one fsync serves many
 * respondents and a failing job does not undo the others.  Returns
 * job->rc.  Do not hold lock.
 */
int srv_write(struct collect_server *srv, struct write_job *job);
/* Log through the configuration's function. */
void srv_log(struct collect_server *srv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Take and release srv->rlock.  Functions to be called with it held
 * assert it with SRV_ASSERT_RLOCK(): in a debug build (NDEBUG not
 * defined) each thread counts the rlocks it holds.
 */
void srv_rlock(struct collect_server *srv);
void srv_runlock(struct collect_server *srv);
#ifndef NDEBUG
int srv_rlock_held(void);
#define SRV_ASSERT_RLOCK() assert(srv_rlock_held())
#else
#define SRV_ASSERT_RLOCK() ((void)0)
#endif
/*
 * The model of survey version (form_id, version) whose row id is
 * version_id, loading it on first use.  Call with rlock held.  NULL
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
/*
 * A page with a title and a sentence from the message table (see
 * form_render_message(); root is the server's root relative to the
 * page, NULL: "../").  srv_not_found() is the one 404 of the server: it
 * says nothing about what exists.
 */
enum MHD_Result srv_message(struct MHD_Connection *c, unsigned status, const struct survey *s,
			    const char *lang, enum msg title, enum msg text, const char *href,
			    enum msg link, const char *root);
enum MHD_Result srv_not_found(struct MHD_Connection *c, const char *root);
/*
 * The model of the survey version whose row id is version_id, whatever
 * its form, loading it on first use.  Call with rlock held.  NULL when
 * there is no such version or it cannot be loaded (logged).
 */
const struct survey *srv_survey_by_id(struct collect_server *srv, int64_t version_id);
/*
 * The jurors' pages: path is what follows "/j/" in the request's address;
 * fields are the posted fields of a POST, NULL for a GET.
 */
enum MHD_Result jury_handle(struct collect_server *srv, struct MHD_Connection *c,
			    const char *path, const struct form_fields *fields);
/* The short-code page (codepage.c): GET /c (fields NULL) and POST /c. */
enum MHD_Result code_handle(struct collect_server *srv, struct MHD_Connection *c,
			    const struct form_fields *fields);
/* The admin pages: GET /admin, /admin/FORM, /admin/FORM.csv (path after "/admin"). */
enum MHD_Result admin_handle(struct collect_server *srv, struct MHD_Connection *c,
			     const char *path);

#endif
