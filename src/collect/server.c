/*
 * server: libmicrohttpd set-up, request bodies, routing and the respondent
 * pages (see server.h).  A respondent request goes: find the link by its
 * token (an unknown or malformed token gets the same bare 404), load the
 * draft into a struct response, and for a POST check the anti-forgery
 * token, apply the posted page with form_apply(), check it with
 * form_check(), save, and redirect (303) to the link, so that reloading
 * never posts twice.  Limits: bodies over COLLECT_MAX_BODY, fields over
 * COLLECT_MAX_FIELD or more than COLLECT_MAX_FIELDS fields get 413; a body
 * that is neither urlencoded nor multipart form data, or that carries a
 * file, gets 415; nothing is written in either case.
 *
 * /r/TOKEN/stop is the link's opt-out from e-mail (utilis mail): a page
 * with a button, posted with its anti-forgery token.
 *
 * Under abuse (docs/collection.md): a request must be in within
 * request_timeout (a watchdog closes the connection), an address holds
 * per_ip connections at most, the open link makes open_rate links a
 * minute per address (429 past it), and a POST is answered on a POST
 * thread with its connection suspended, so that a save waiting for the
 * workspace never holds up a page view.
 */
#include "collect/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "collect/form.h"
#include "collect/html.h"
#include "collect/internal.h"
#include "collect/messages.h"
#include "survey/response.h"
#include "util/array.h"
#include "util/sha256.h"

/*
 * How long saving a page waits for another program's write (an import)
 * before a 503 "try again in a moment": nothing is lost, since nothing was
 * acknowledged, and page views go on meanwhile (they read a connection of
 * their own, and POSTs are answered on threads of their own).
 */
#define SRV_WRITE_WAIT_MS 2000
#define SRV_START_WAIT_MS 30000	/* the wait at start (the form key is written once) */
#define SRV_POST_THREADS 8	/* threads answering POSTs (most wait for the writer) */
#define SRV_LOGIN_BURST 10	/* failed admin logins an address may make at once... */
#define SRV_LOGIN_EVERY 10	/* ...then one every this many seconds */
#define SRV_LOGIN_ALL_BURST 100	/* failed admin logins of all addresses at once... */
#define SRV_LOGIN_ALL_RATE 1	/* ...then this many a second */
#define SRV_CODE_BURST 10	/* wrong short codes an address may type at once... */
#define SRV_CODE_EVERY 60	/* ...then one every this many seconds */
#define SRV_CODE_ALL_BURST 100	/* wrong short codes of all addresses at once... */
#define SRV_CODE_ALL_RATE 0.2	/* ...then this many a second (720 an hour) */
/*
 * Emptying the log after an anonymous submission: how long one try waits
 * for readers (the writer thread is busy meanwhile), and how often it is
 * tried again while another program's reader keeps old copies there.
 */
#define SRV_PURGE_WAIT_MS 100
#define SRV_PURGE_RETRY_S 1
#define SRV_PURGE_STOP_WAIT_MS 2000
/* How many times a submission is tried again after a page saved from another tab. */
#define SRV_SUBMIT_TRIES 5

/* What a request carries between libmicrohttpd's calls. */
struct request {
	struct MHD_PostProcessor *pp;	/* body decoder, POST only */
	struct form_fields fields;	/* decoded fields */
	struct strbuf cur;		/* value of the field being received */
	char *cur_name;			/* its name, NULL when none */
	size_t body;			/* body bytes received */
	unsigned refuse;		/* 413 or 415 once decided, else 0 */
	int oom;			/* out of memory while decoding */
	/* a POST answered on a POST thread (see post_main) */
	struct MHD_Connection *c;	/* its connection, suspended meanwhile */
	char *url;			/* its address */
	int state;			/* 0, 1 queued or running, 2 answered */
	struct MHD_Response *resp;	/* the reply to queue once resumed, or NULL */
	unsigned status;		/* its status */
	enum MHD_Result ret;		/* what the handler returned */
	struct request *pnext;		/* queue */
};

/* On a POST thread: the request it answers (its reply is kept for later). */
static _Thread_local struct request *deferred;

void collect_config_init(struct collect_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8080;
	cfg->threads = 4;
	cfg->max_connections = 512;
	cfg->per_ip = 32;
	cfg->timeout = 30;
	cfg->request_timeout = 20;
	cfg->open_rate = 10;
}

double srv_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void srv_log(struct collect_server *srv, const char *fmt, ...)
{
	va_list ap;

	if (!srv->cfg.log)
		return;
	va_start(ap, fmt);
	srv->cfg.log(srv->cfg.log_ctx, fmt, ap);
	va_end(ap);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct collect_server *srv = cls;

	/* said by 0.9.75 even when it is first, once per pool thread: noise */
	if (!strncmp(fmt, "MHD_OPTION_EXTERNAL_LOGGER is not the first", 43))
		return;
	if (srv->cfg.log)
		srv->cfg.log(srv->cfg.log_ctx, fmt, ap);
}

/* --- survey cache ------------------------------------------------------ */

#ifndef NDEBUG
static _Thread_local int rlock_depth;	/* rlocks this thread holds */

int srv_rlock_held(void)
{
	return rlock_depth > 0;
}
#endif

void srv_rlock(struct collect_server *srv)
{
	pthread_mutex_lock(&srv->rlock);
#ifndef NDEBUG
	rlock_depth++;
#endif
}

void srv_runlock(struct collect_server *srv)
{
#ifndef NDEBUG
	assert(rlock_depth > 0);
	rlock_depth--;
#endif
	pthread_mutex_unlock(&srv->rlock);
}

const struct survey *srv_survey(struct collect_server *srv, int64_t version_id,
				const char *form_id, int version)
{
	struct survey_version sv;
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct error err;
	int rc;

	SRV_ASSERT_RLOCK();
	for (size_t i = 0; i < srv->ncache; i++)
		if (srv->cache[i].version_id == version_id)
			return srv->cache[i].s;
	rc = store_survey_get(srv->rd, form_id, version, &sv, &err);
	if (rc <= 0) {
		srv_log(srv, "cannot load survey '%s' version %d: %s", form_id, version,
			rc == 0 ? "not in the workspace" : err.msg);
		return NULL;
	}
	if (sv.id != version_id ||
	    survey_load(&s, sv.file ? sv.file : form_id, sv.source, strlen(sv.source), &d) < 0) {
		srv_log(srv, "cannot load survey '%s' version %d from the workspace", form_id,
			version);
		diags_release(&d);
		survey_version_release(&sv);
		return NULL;
	}
	diags_release(&d);
	if (ARRAY_GROW(srv->cache, srv->acache, srv->ncache + 1, 8) < 0) {
		survey_free(s);
		survey_version_release(&sv);
		return NULL;
	}
	srv->cache[srv->ncache].version_id = version_id;
	srv->cache[srv->ncache].s = s;
	srv->cache[srv->ncache].source = sv.source;	/* kept: the model may point into it */
	sv.source = NULL;
	srv->ncache++;
	survey_version_release(&sv);
	return s;
}

const struct survey *srv_survey_by_id(struct collect_server *srv, int64_t version_id)
{
	struct survey_version *v = NULL;
	const struct survey *s = NULL;
	struct error err;
	size_t n = 0;

	SRV_ASSERT_RLOCK();
	for (size_t i = 0; i < srv->ncache; i++)
		if (srv->cache[i].version_id == version_id)
			return srv->cache[i].s;
	if (store_survey_list(srv->rd, &v, &n, &err) < 0) {
		srv_log(srv, "%s", err.msg);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].id == version_id) {
			s = srv_survey(srv, version_id, v[i].form_id, v[i].version);
			break;
		}
	survey_versions_free(v, n);
	return s;
}

/* --- the writer: group commit ------------------------------------------ */

int srv_write(struct collect_server *srv, struct write_job *job)
{
	job->done = 0;
	job->next = NULL;
	pthread_mutex_lock(&srv->qlock);
	*srv->qtail = job;
	srv->qtail = &job->next;
	pthread_cond_signal(&srv->qcond);
	while (!job->done)
		pthread_cond_wait(&srv->qdone, &srv->qlock);
	pthread_mutex_unlock(&srv->qlock);
	return job->rc;
}

/*
 * One job inside the batch's transaction.  A submission makes a savepoint
 * of its own (store_op_begin); a save is one UPDATE, which SQLite undoes
 * alone when it fails, so a refused job leaves the others of the batch.
 */
static void run_job(struct collect_server *srv, struct write_job *j)
{
	if (j->optout)
		j->rc = store_mail_optout(srv->st, j->id, &j->err);
	else if (j->submit)
		j->rc = store_invitation_submit_rep(srv->st, j->id, &j->a,
						    (j->anonymous ? STORE_SUBMIT_ANONYMOUS : 0) |
						    (j->panel ? STORE_SUBMIT_PANEL : 0),
						    j->seen, NULL, &j->err);
	else
		j->rc = store_invitation_save_rep(srv->st, j->id, &j->a, j->page, j->lang, &j->err);
}

/*
 * After an anonymous submission the log holds the link's earlier drafts
 * (token, contact and answers in one page): empty it (store_purge).  A
 * reader of another program can keep it from doing so; then it stays
 * pending, tried again every SRV_PURGE_RETRY_S, and said once in the log.
 * Called by the writer thread only, outside a batch.
 */
static void purge_log(struct collect_server *srv, int wait_ms)
{
	struct error err;
	int rc;

	pthread_mutex_lock(&srv->lock);
	rc = store_purge(srv->st, wait_ms, 0, &err);
	pthread_mutex_unlock(&srv->lock);
	if (rc == 0) {
		srv->purge_pending = 0;
		if (srv->purge_logged)
			srv_log(srv, "the workspace's log is emptied: no old copy of a submitted "
				"anonymous draft remains");
		srv->purge_logged = 0;
	} else if (!srv->purge_logged) {
		srv->purge_logged = 1;
		srv_log(srv, "%s; trying again every %d s", err.msg, SRV_PURGE_RETRY_S);
	}
}

static void *writer_main(void *arg)
{
	struct collect_server *srv = arg;

	for (;;) {
		struct write_job *batch, *j;
		struct error err;
		int rc, stopping;

		pthread_mutex_lock(&srv->qlock);
		while (!srv->queue && !srv->stopping) {
			struct timespec until;

			if (!srv->purge_pending) {
				pthread_cond_wait(&srv->qcond, &srv->qlock);
				continue;
			}
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SRV_PURGE_RETRY_S;
			if (pthread_cond_timedwait(&srv->qcond, &srv->qlock, &until) == ETIMEDOUT)
				break;
		}
		batch = srv->queue;
		srv->queue = NULL;
		srv->qtail = &srv->queue;
		stopping = srv->stopping;
		pthread_mutex_unlock(&srv->qlock);
		if (!batch) {
			if (!stopping) {
				purge_log(srv, SRV_PURGE_WAIT_MS);
				continue;
			}
			if (srv->purge_pending)
				purge_log(srv, SRV_PURGE_STOP_WAIT_MS);
			return NULL;	/* stopping, nothing left */
		}

		pthread_mutex_lock(&srv->lock);
		rc = store_begin(srv->st, &err);
		for (j = batch; j; j = j->next) {
			if (rc < 0) {
				j->rc = rc;
				j->err = err;
			} else {
				run_job(srv, j);
			}
		}
		if (rc == 0 && (rc = store_commit(srv->st, &err)) < 0)
			for (j = batch; j; j = j->next)
				if (j->rc == 0) {
					j->rc = rc;
					j->err = err;
				}
		for (j = batch; j; j = j->next)
			if (j->submit && j->anonymous && j->rc == 0)
				srv->purge_pending = 1;
		pthread_mutex_unlock(&srv->lock);
		/* before the replies: a respondent told "sent" leaves no copy behind */
		if (srv->purge_pending)
			purge_log(srv, SRV_PURGE_WAIT_MS);

		pthread_mutex_lock(&srv->qlock);
		for (j = batch; j; ) {
			struct write_job *next = j->next;	/* j belongs to its waiter once done */

			j->done = 1;
			j = next;
		}
		pthread_cond_broadcast(&srv->qdone);
		pthread_mutex_unlock(&srv->qlock);
	}
}

/* --- replies ----------------------------------------------------------- */

static const char csp[] =
	"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'";

enum MHD_Result srv_queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *resp)
{
	enum MHD_Result ret;

	if (deferred && deferred->c == c) {
		if (deferred->resp)
			MHD_destroy_response(deferred->resp);
		deferred->resp = resp;
		deferred->status = status;
		return MHD_YES;
	}
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void security_headers(struct MHD_Response *resp, int cache)
{
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cache-Control", cache ? "public, max-age=86400" : "no-store");
}

enum MHD_Result srv_reply(struct MHD_Connection *c, unsigned status, const char *type,
			  struct strbuf *sb, int cache)
{
	struct MHD_Response *resp;
	size_t len = 0;
	char *body = strbuf_detach(sb, &len);

	if (!body)
		return MHD_NO;
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", type);
	security_headers(resp, cache);
	return srv_queue(c, status, resp);
}

enum MHD_Result srv_redirect(struct MHD_Connection *c, const char *location)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(0, (void *)"",
								    MHD_RESPMEM_PERSISTENT);

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Location", location);
	security_headers(resp, 0);
	return srv_queue(c, MHD_HTTP_SEE_OTHER, resp);
}

enum MHD_Result srv_message(struct MHD_Connection *c, unsigned status, const struct survey *s,
			    const char *lang, enum msg title, enum msg text, const char *href,
			    enum msg link, const char *root)
{
	struct strbuf sb = STRBUF_INIT;

	if (form_render_message(&sb, s, lang, title, text, href, link, root) < 0) {
		strbuf_release(&sb);
		return MHD_NO;
	}
	return srv_reply(c, status, "text/html; charset=utf-8", &sb, 0);
}

/* A message page at /r/TOKEN and the like (the root is "../"). */
static enum MHD_Result reply_message(struct MHD_Connection *c, unsigned status,
				     const struct survey *s, const char *lang, enum msg title,
				     enum msg text, const char *href, enum msg link)
{
	return srv_message(c, status, s, lang, title, text, href, link, NULL);
}

enum MHD_Result srv_too_many(struct MHD_Connection *c, unsigned wait, const struct survey *s,
			     const char *lang, const char *href, enum msg link, const char *root)
{
	struct strbuf sb = STRBUF_INIT;
	struct MHD_Response *resp;
	char after[16];
	size_t len = 0;
	char *body;

	if (wait == 0)
		wait = 1;
	if (form_render_retry(&sb, s, lang, M_TOO_MANY_TITLE, M_TOO_MANY_TEXT, wait, href, link,
			      root) < 0 ||
	    !(body = strbuf_detach(&sb, &len))) {
		strbuf_release(&sb);
		return MHD_NO;
	}
	if (!(resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE))) {
		free(body);
		return MHD_NO;
	}
	snprintf(after, sizeof(after), "%u", wait);
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Retry-After", after);
	security_headers(resp, 0);
	return srv_queue(c, MHD_HTTP_TOO_MANY_REQUESTS, resp);
}

enum MHD_Result srv_not_found(struct MHD_Connection *c, const char *root)
{
	return srv_message(c, MHD_HTTP_NOT_FOUND, NULL, "fr", M_NOT_FOUND_TITLE,
			   M_NOT_FOUND_TEXT, NULL, M_BACK_TO_FORM, root);
}

static enum MHD_Result not_found(struct MHD_Connection *c)
{
	return srv_not_found(c, NULL);
}

static enum MHD_Result server_error(struct MHD_Connection *c, const struct survey *s,
				    const char *lang)
{
	return reply_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, s, lang, M_SERVER_ERROR_TITLE,
			     M_SERVER_ERROR_TEXT, NULL, M_BACK_TO_FORM);
}

/* --- request bodies ---------------------------------------------------- */

/* Move the field being received into the list. */
static int flush_field(struct request *rq)
{
	int rc = 0;

	if (!rq->cur_name)
		return 0;
	if (form_fields_add(&rq->fields, rq->cur_name, rq->cur.buf, rq->cur.len) < 0)
		rc = -1;
	free(rq->cur_name);
	rq->cur_name = NULL;
	strbuf_reset(&rq->cur);
	return rc;
}

static enum MHD_Result post_iterator(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *filename, const char *content_type,
				     const char *transfer_encoding, const char *data,
				     uint64_t off, size_t size)
{
	struct request *rq = cls;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (rq->refuse || rq->oom)
		return MHD_YES;		/* keep reading, to answer properly */
	if (filename) {
		rq->refuse = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		return MHD_YES;
	}
	if (off == 0 || !rq->cur_name || strcmp(rq->cur_name, key)) {
		if (flush_field(rq) < 0) {
			rq->oom = 1;
			return MHD_YES;
		}
		if (rq->fields.n >= COLLECT_MAX_FIELDS) {
			rq->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
			return MHD_YES;
		}
		if (!(rq->cur_name = strdup(key))) {
			rq->oom = 1;
			return MHD_YES;
		}
	}
	if (size && strbuf_add(&rq->cur, data, size) < 0) {
		if (rq->cur.len + size > COLLECT_MAX_FIELD)
			rq->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
		else
			rq->oom = 1;
	}
	return MHD_YES;
}

/*
 * libmicrohttpd's unescaping of the path and the query, except that a
 * "%00" is left as it is: decoded, it would cut the path short
 * ("/r/TOKEN%00.html" read as "/r/TOKEN"); kept, it matches no route and
 * gets the plain 404.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	for (const char *p = strchr(s, '%'); p; p = strchr(p + 1, '%'))
		if (p[1] == '0' && p[2] == '0')
			return strlen(s);
	return MHD_http_unescape(s);
}

static void request_free(struct request *rq)
{
	if (!rq)
		return;
	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	form_fields_release(&rq->fields);
	strbuf_release(&rq->cur);
	free(rq->cur_name);
	free(rq->url);
	if (rq->resp)
		MHD_destroy_response(rq->resp);
	free(rq);
}

/* --- the whole-request deadline ---------------------------------------- */

/*
 * libmicrohttpd's --timeout closes a connection idle that long, and a
 * client sending one byte every few seconds is never idle: 600 such
 * connections held every slot.  So each connection is watched from its
 * start: the clock of a request starts when the connection opens or the
 * previous reply is sent, stops once the whole request is in, and a
 * watchdog shuts down the socket of any connection whose request is
 * older than request_timeout; libmicrohttpd then sees it closed and
 * frees it (it closes the socket only after NOTIFY_CLOSED, which takes
 * the connection off the list under wlock: no socket is shut down after
 * it is reused).
 */
static struct conn_watch *watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* Start (when) or stop (0) the clock of c's request. */
static void watch_set(struct collect_server *srv, struct MHD_Connection *c, double when)
{
	struct conn_watch *w = watch_of(c);

	if (!w)
		return;
	pthread_mutex_lock(&srv->wlock);
	if (w->since >= 0)	/* -1: already shut down */
		w->since = when;
	pthread_mutex_unlock(&srv->wlock);
}

static void notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			      enum MHD_ConnectionNotificationCode toe)
{
	struct collect_server *srv = cls;
	struct conn_watch *w;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		*socket_context = NULL;
		if (!ci || !(w = calloc(1, sizeof(*w))))
			return;	/* not watched; the idle timeout still applies */
		w->fd = ci->connect_fd;
		w->since = srv_now();
		pthread_mutex_lock(&srv->wlock);
		w->next = srv->watched;
		if (w->next)
			w->next->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->wlock);
		*socket_context = w;
		return;
	}
	if (!(w = *socket_context))
		return;
	pthread_mutex_lock(&srv->wlock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->wlock);
	free(w);
	*socket_context = NULL;
}

static void *watchdog_main(void *arg)
{
	struct collect_server *srv = arg;
	double limit = srv->cfg.request_timeout, last_log = 0;
	unsigned closed = 0;

	pthread_mutex_lock(&srv->wlock);
	while (!srv->wstop) {
		struct timespec ts;
		double now = srv_now();

		for (struct conn_watch *w = srv->watched; w; w = w->next)
			if (w->since > 0 && now - w->since > limit) {
				shutdown(w->fd, SHUT_RDWR);
				w->since = -1;
				closed++;
			}
		if (closed && now - last_log >= 60) {
			srv_log(srv, "closed %u connection%s that had not sent a whole request "
				"within %u s", closed, closed == 1 ? "" : "s",
				srv->cfg.request_timeout);
			closed = 0;
			last_log = now;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000 * 1000;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&srv->wcond, &srv->wlock, &ts);
	}
	pthread_mutex_unlock(&srv->wlock);
	return NULL;
}

static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			      enum MHD_RequestTerminationCode toe)
{
	struct collect_server *srv = cls;

	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
	watch_set(srv, c, srv_now());	/* the next request's clock */
}

/* 1 when the request's Content-Type is a form encoding the post processor reads. */
static int form_content_type(struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);

	if (!ct)
		return 0;
	while (*ct == ' ')
		ct++;
	return !strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
			    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) ||
	       !strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
			    strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA));
}

/* --- respondent pages -------------------------------------------------- */

/* Everything a respondent request works on. */
struct visit {
	struct invitation inv;		/* the link */
	const struct survey *s;		/* its survey version */
	struct response r;		/* the draft answers */
	struct record_buf seen;		/* the draft as read, for a submission to compare */
	size_t lang;			/* language shown */
	char action[TOKEN_LEN + 1];	/* the form's address, relative: the token */
};

static void visit_release(struct visit *v)
{
	if (v->s)
		response_release(&v->r);
	record_buf_release(&v->seen);
	invitation_release(&v->inv);
}

/*
 * Find the link and load its draft.  Returns 1 when found, 0 when not, -1
 * on a workspace failure (logged).  The lock is taken and released here.
 */
static int visit_load(struct collect_server *srv, const char *token, struct visit *v)
{
	struct record_buf draft = RECORD_BUF_INIT;
	struct strbuf why = STRBUF_INIT;
	struct error err;
	int rc;

	memset(v, 0, sizeof(*v));
	v->seen = draft;
	srv_rlock(srv);
	rc = store_invitation_by_token(srv->rd, token, &v->inv, &err);
	if (rc == 1) {
		v->s = srv_survey(srv, v->inv.survey_version_id, v->inv.form_id, v->inv.version);
		if (!v->s)
			rc = -1;
		else if (v->inv.status != RESP_SUBMITTED &&
			 store_invitation_draft_read(srv->rd, v->inv.id, &draft, &err) < 0)
			rc = -2;
	} else if (rc < 0) {
		rc = -2;
	}
	srv_runlock(srv);
	if (rc == -2) {
		srv_log(srv, "%s", err.msg);
		rc = -1;
	}
	if (rc != 1) {
		v->s = NULL;	/* no response to release */
		record_buf_release(&draft);
		invitation_release(&v->inv);
		return rc;
	}
	if (response_init(&v->r, v->s) < 0) {
		record_buf_release(&draft);
		invitation_release(&v->inv);
		v->s = NULL;
		return -1;
	}
	for (size_t i = 0; i < draft.n && i < v->s->nq; i++) {
		if (draft.values[i] && !(v->r.values[i] = strdup(draft.values[i]))) {
			rc = -1;
			break;
		}
	}
	if (rc == 1 && draft.ninst) {
		int k = response_set_instances(&v->r, draft.inst, draft.ninst, &why);

		if (k == -2)	/* logged; the draft's instances do not fit: the link starts them again */
			srv_log(srv, "link %lld: the draft's repeat answers are not kept: %s",
				(long long)v->inv.id, why.buf);
		else if (k < 0)
			rc = -1;
	}
	strbuf_release(&why);
	if (rc != 1) {
		record_buf_release(&draft);
		response_release(&v->r);
		invitation_release(&v->inv);
		v->s = NULL;
		return -1;
	}
	v->seen = draft;
	memcpy(v->action, token, TOKEN_LEN + 1);
	{
		int k = v->inv.lang ? survey_lang(v->s, v->inv.lang) : -1;

		v->lang = k >= 0 ? (size_t)k : v->s->default_lang;
	}
	return 1;
}

/* Switch to language code when the survey has it. */
static void visit_set_lang(struct visit *v, const char *code)
{
	int k = code ? survey_lang(v->s, code) : -1;

	if (k >= 0)
		v->lang = (size_t)k;
}

static const char *visit_code(const struct visit *v)
{
	return form_lang_code(v->s, v->lang);
}

/* Render page (or the review) with errs into a 200 (or status) reply. */
static enum MHD_Result show_page_shown(struct collect_server *srv, struct MHD_Connection *c,
				       struct visit *v, int page, const struct form_errors *errs,
				       int revealed, const char *shown, unsigned status)
{
	struct strbuf sb = STRBUF_INIT;
	char csrf[CSRF_LEN + 1];
	struct form_view view;
	int rc;

	csrf_make(srv->key, "r", v->inv.token, page, csrf);
	memset(&view, 0, sizeof(view));
	view.s = v->s;
	view.lang = v->lang;
	view.action = v->action;
	view.csrf = csrf;
	view.page = page;
	view.shown_before = shown;
	if ((size_t)page >= v->s->ntop)
		rc = form_render_review(&sb, &view, &v->r, errs);
	else
		rc = form_render_page(&sb, &view, &v->r, errs, revealed);
	if (rc < 0) {
		strbuf_release(&sb);
		return server_error(c, v->s, visit_code(v));
	}
	return srv_reply(c, status, "text/html; charset=utf-8", &sb, 0);
}

static enum MHD_Result show_page(struct collect_server *srv, struct MHD_Connection *c,
				 struct visit *v, int page, const struct form_errors *errs,
				 int revealed, unsigned status)
{
	return show_page_shown(srv, c, v, page, errs, revealed, NULL, status);
}

/*
 * Redirect (303) to page of the link: TOKEN?page=N (N: page + 1, the
 * review ntop + 1), then #anchor when not NULL.  Each page has its own
 * address, so that the browser's Back and Forward go from page to page;
 * what a GET of it shows is still the server's choice (page_allowed()).
 */
static enum MHD_Result redirect_page(struct MHD_Connection *c, const struct visit *v, int page,
				     const char *anchor)
{
	char where[TOKEN_LEN + FORM_ANCHOR_MAX + 32];

	snprintf(where, sizeof(where), "%s?page=%d%s%s", v->action, page + 1, anchor ? "#" : "",
		 anchor ? anchor : "");
	return srv_redirect(c, where);
}

/*
 * 1 when the respondent may open page (ntop: the review) by its address:
 * it is visible, and every visible page before it is complete (form_check
 * finds nothing), as "Suivant" would have required.  0 when not, -1 on
 * memory.
 */
static int page_allowed(const struct visit *v, int page)
{
	struct form_errors errs = { NULL, 0, 0 };
	int rc = 1;

	if (page < 0 || (size_t)page > v->s->ntop)
		return 0;
	if ((size_t)page < v->s->ntop && !form_page_visible(&v->r, page))
		return 0;
	for (int p = 0; rc == 1 && p < page; p++) {
		if (!form_page_visible(&v->r, p))
			continue;
		errs.n = 0;
		rc = form_check(&v->r, p, &errs, v->lang);
		rc = rc < 0 ? -1 : rc == 0;
	}
	form_errors_release(&errs);
	return rc;
}

/* The page a link resumes at: the stored one, moved to a visible page. */
static int resume_page(const struct visit *v)
{
	int page = v->inv.page;

	if (page < 0 || (size_t)page > v->s->ntop)
		page = 0;
	if ((size_t)page < v->s->ntop && !form_page_visible(&v->r, page))
		page = form_next_page(&v->r, page);
	return page;
}

static enum MHD_Result thanks(struct MHD_Connection *c, const struct visit *v, unsigned status)
{
	return reply_message(c, status, v->s, visit_code(v), M_THANKS_TITLE,
			     status == MHD_HTTP_OK ? M_THANKS_TEXT : M_ALREADY_SENT, NULL,
			     M_BACK_TO_FORM);
}

/* GET /r/TOKEN[?lang=xx][&page=N] */
static enum MHD_Result respondent_get(struct collect_server *srv, struct MHD_Connection *c,
				      const char *token)
{
	struct visit v;
	enum MHD_Result ret;
	int page;

	switch (visit_load(srv, token, &v)) {
	case 1:
		break;
	case 0:
		return not_found(c);
	default:
		return server_error(c, NULL, "fr");
	}
	visit_set_lang(&v, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
	if (v.inv.status == RESP_SUBMITTED) {
		ret = thanks(c, &v, MHD_HTTP_OK);
		visit_release(&v);
		return ret;
	}
	if (response_update(&v.r, 1) < 0) {
		visit_release(&v);
		return server_error(c, v.s, "fr");
	}
	page = resume_page(&v);
	{
		const char *want = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page");
		char *end;
		long n = want ? strtol(want, &end, 10) : 0;

		/* a page asked by its address, when the answers allow it; else where the link is */
		if (want && *want && !*end && n >= 1 && n <= (long)v.s->ntop + 1 && n - 1 != page) {
			int k = page_allowed(&v, (int)n - 1);

			if (k < 0) {
				visit_release(&v);
				return server_error(c, v.s, "fr");
			}
			if (k)
				page = (int)n - 1;
		}
	}
	if ((size_t)page < v.s->ntop && form_prefill(&v.r, page) < 0) {
		visit_release(&v);
		return server_error(c, NULL, "fr");
	}
	ret = show_page(srv, c, &v, page, NULL, 0, MHD_HTTP_OK);
	visit_release(&v);
	return ret;
}

/* The answers of a visit as the workspace takes them (answers_of()); free with answers_drop(). */
struct held {
	struct store_answers a;		/* what is written */
	const char **vals;		/* top-level values (a.values) */
	struct instance *inst;		/* the instances (a.inst) */
	const char **ivals;		/* their values, copied so that some can be left out */
};

static void answers_drop(struct held *h)
{
	free(h->vals);
	free(h->inst);
	free(h->ivals);
	memset(h, 0, sizeof(*h));
}

/*
 * The answers of r with their repeat instances, without those that have
 * an error in errs (may be NULL).  They point into r.  0 or -1 (memory).
 */
static int answers_of(const struct response *r, const struct form_errors *errs, struct held *h)
{
	const struct survey *s = r->s;
	size_t total = 0, off = 0;

	memset(h, 0, sizeof(*h));
	if (!(h->vals = calloc(s->nq ? s->nq : 1, sizeof(*h->vals))) ||
	    response_instances(r, &h->inst, &h->a.ninst) < 0)
		goto oom;
	for (size_t i = 0; i < s->nq; i++)
		h->vals[i] = r->values[i];
	for (size_t i = 0; i < h->a.ninst; i++)
		total += h->inst[i].n;
	if (!(h->ivals = calloc(total ? total : 1, sizeof(*h->ivals))))
		goto oom;
	for (size_t i = 0; i < h->a.ninst; i++) {
		struct instance *in = &h->inst[i];

		memcpy(h->ivals + off, in->values, in->n * sizeof(*h->ivals));
		in->values = h->ivals + off;
		off += in->n;
	}
	for (size_t e = 0; errs && e < errs->n; e++) {
		const struct question *q = errs->v[e].q;

		if (!question_has_value(q))
			continue;
		if (!q->repeat) {
			h->vals[q->index] = NULL;
			continue;
		}
		for (size_t i = 0; i < h->a.ninst; i++) {
			struct instance *in = &h->inst[i];

			if (in->repeat == q->repeat->rindex && in->depth == q->depth &&
			    !memcmp(in->path, errs->v[e].path, q->depth * sizeof(size_t)) &&
			    q->slot < in->n)
				((const char **)in->values)[q->slot] = NULL;
		}
	}
	h->a.values = h->vals;
	h->a.n = s->nq;
	h->a.inst = h->inst;
	return 0;
oom:
	answers_drop(h);
	return -1;
}

/*
 * Save the draft (without the answers that have an error) with the page
 * to resume at.  0, or the HTTP status of the failure: 409 when the link
 * was submitted meanwhile, 500 otherwise (logged).
 */
static unsigned save_draft(struct collect_server *srv, struct visit *v,
			   const struct form_errors *errs, int page)
{
	struct write_job job;
	struct held h;
	int rc;

	if (answers_of(&v->r, errs, &h) < 0)
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	memset(&job, 0, sizeof(job));
	job.id = v->inv.id;
	job.a = h.a;
	job.page = page;
	job.lang = visit_code(v);
	rc = srv_write(srv, &job);
	answers_drop(&h);
	if (rc == UT_EDATA)
		return MHD_HTTP_CONFLICT;
	if (rc < 0) {
		srv_log(srv, "%s", job.err.msg);
		/* the page is not saved: the respondent is asked to send it again */
		return rc == UT_EBUSY ? MHD_HTTP_SERVICE_UNAVAILABLE
					 : MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
	return 0;
}

/* After a failed save: the reply that says why. */
static enum MHD_Result save_failed(struct MHD_Connection *c, const struct visit *v,
				   unsigned status)
{
	if (status == MHD_HTTP_CONFLICT)
		return thanks(c, v, MHD_HTTP_CONFLICT);
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		return reply_message(c, status, v->s, visit_code(v), M_BUSY_TITLE, M_BUSY_TEXT,
				     v->action, M_BACK_TO_FORM);
	return server_error(c, v->s, visit_code(v));
}

/* POST on the review page: submit, go back, or change a page. */
static enum MHD_Result review_post(struct collect_server *srv, struct MHD_Connection *c,
				   struct visit *v, const char *action)
{
	struct form_errors errs = { NULL, 0, 0 };
	enum MHD_Result ret;
	unsigned status;
	int page = (int)v->s->ntop;

	if (response_update(&v->r, 1) < 0)
		return server_error(c, v->s, visit_code(v));
	if (!strcmp(action, "submit")) {
		struct write_job job;
		struct store_answers seen;
		struct held h;
		char token[TOKEN_LEN + 1], where[TOKEN_LEN + 64];
		int rc, tries = 0;

		for (;;) {
			size_t lang = v->lang;

			if (form_check(&v->r, -1, &errs, v->lang) < 0) {
				form_errors_release(&errs);
				return server_error(c, v->s, visit_code(v));
			}
			if (errs.n > 0) {
				ret = show_page(srv, c, v, (int)v->s->ntop, &errs, 0, MHD_HTTP_OK);
				form_errors_release(&errs);
				return ret;
			}
			if (answers_of(&v->r, NULL, &h) < 0)
				return server_error(c, v->s, visit_code(v));
			seen.values = (const char *const *)v->seen.values;
			seen.n = v->seen.n;
			seen.inst = v->seen.inst;
			seen.ninst = v->seen.ninst;
			memset(&job, 0, sizeof(job));
			job.submit = 1;
			job.id = v->inv.id;
			job.a = h.a;
			job.anonymous = v->s->anonymous;
			job.panel = v->s->panel;
			job.seen = &seen;
			rc = srv_write(srv, &job);
			answers_drop(&h);
			if (rc != 1)
				break;
			/*
			 * A page was saved (from another tab) after this draft was
			 * read, and its reply said so: submit what the link holds now.
			 */
			if (++tries == SRV_SUBMIT_TRIES)
				return save_failed(c, v, MHD_HTTP_SERVICE_UNAVAILABLE);
			memcpy(token, v->action, sizeof(token));
			visit_release(v);
			switch (visit_load(srv, token, v)) {
			case 1:
				break;
			case 0:
				return not_found(c);
			default:
				return server_error(c, NULL, "fr");
			}
			v->lang = lang;
			if (v->inv.status == RESP_SUBMITTED)
				return thanks(c, v, MHD_HTTP_CONFLICT);
			if (response_update(&v->r, 1) < 0)
				return server_error(c, v->s, visit_code(v));
		}
		if (rc == UT_EDATA)
			return thanks(c, v, MHD_HTTP_CONFLICT);
		if (rc < 0) {
			srv_log(srv, "%s", job.err.msg);
			return rc == UT_EBUSY ? save_failed(c, v, MHD_HTTP_SERVICE_UNAVAILABLE)
						 : server_error(c, v->s, visit_code(v));
		}
		/* an anonymous link forgets its language: the thank-you page keeps it */
		if (v->lang != v->s->default_lang)
			snprintf(where, sizeof(where), "%s?lang=%s", v->action, visit_code(v));
		else
			snprintf(where, sizeof(where), "%s", v->action);
		return srv_redirect(c, where);
	}
	if (!strcmp(action, "prev")) {
		int p = form_prev_page(&v->r, page);

		page = p >= 0 ? p : page;
	} else if (!strncmp(action, "goto-", 5)) {
		char *end;
		long p = strtol(action + 5, &end, 10);

		if (*end || p < 0 || (size_t)p >= v->s->ntop || !form_page_visible(&v->r, (int)p))
			return reply_message(c, MHD_HTTP_BAD_REQUEST, v->s, visit_code(v),
					     M_NOT_ALLOWED_TITLE, M_NOT_ALLOWED_TEXT, v->action,
					     M_BACK_TO_FORM);
		page = (int)p;
	}
	status = save_draft(srv, v, NULL, page);
	if (status)
		return save_failed(c, v, status);
	return redirect_page(c, v, page, NULL);
}

/*
 * A repeat's button on a question page whose answers are applied: add or
 * remove the instance, save the draft, and show the page again at the
 * instance added (or the repeat).  An answer typed that cannot be kept
 * is shown with its error rather than lost; a blank one is not yet wrong.
 */
static enum MHD_Result repeat_post(struct collect_server *srv, struct MHD_Connection *c,
				   struct visit *v, int page, const char *action,
				   struct form_errors *errs)
{
	char anchor[FORM_ANCHOR_MAX];
	unsigned status;
	int k = form_repeat_action(&v->r, page, action, anchor);

	if (k == -1)
		return server_error(c, v->s, visit_code(v));
	if (k != 1)
		return reply_message(c, MHD_HTTP_BAD_REQUEST, v->s, visit_code(v),
				     M_NOT_ALLOWED_TITLE, M_NOT_ALLOWED_TEXT, v->action,
				     M_BACK_TO_FORM);
	errs->n = 0;	/* the paths moved: check again */
	if (form_check(&v->r, page, errs, v->lang) < 0)
		return server_error(c, v->s, visit_code(v));
	form_errors_keep_given(&v->r, errs);
	status = save_draft(srv, v, errs, page);
	if (status)
		return save_failed(c, v, status);
	if (errs->n > 0)
		return show_page(srv, c, v, page, errs, 0, MHD_HTTP_OK);
	return redirect_page(c, v, page, anchor);
}

/* POST /r/TOKEN */
static enum MHD_Result respondent_post(struct collect_server *srv, struct MHD_Connection *c,
				       const char *token, struct request *rq)
{
	struct form_errors errs = { NULL, 0, 0 };
	const char *fpage = form_fields_get(&rq->fields, "_page");
	const char *action = form_fields_get(&rq->fields, "_action");
	struct strbuf sig = STRBUF_INIT;
	enum MHD_Result ret;
	struct visit v;
	unsigned status;
	int revealed;
	long page;
	char *end;

	switch (visit_load(srv, token, &v)) {
	case 1:
		break;
	case 0:
		return not_found(c);
	default:
		return server_error(c, NULL, "fr");
	}
	visit_set_lang(&v, form_fields_get(&rq->fields, "_lang"));
	if (v.inv.status == RESP_SUBMITTED) {
		ret = thanks(c, &v, MHD_HTTP_CONFLICT);
		visit_release(&v);
		return ret;
	}
	page = fpage ? strtol(fpage, &end, 10) : -1;
	if (!fpage || *end || page < 0 || (size_t)page > v.s->ntop ||
	    !csrf_check(srv->key, "r", v.inv.token, (int)page,
			form_fields_get(&rq->fields, "_csrf"))) {
		ret = reply_message(c, MHD_HTTP_FORBIDDEN, v.s, visit_code(&v), M_EXPIRED_TITLE,
				    M_EXPIRED_TEXT, v.action, M_BACK_TO_FORM);
		visit_release(&v);
		return ret;
	}
	if (!action)
		action = "next";
	if ((size_t)page == v.s->ntop) {
		ret = review_post(srv, c, &v, action);
		visit_release(&v);
		return ret;
	}

	/* a question page */
	if (response_update(&v.r, 1) < 0 || form_structure(&v.r, (int)page, &sig) < 0) {
		ret = server_error(c, v.s, visit_code(&v));
		goto out;
	}
	/*
	 * Posted from a view whose repeats had other instances (another tab
	 * added or removed one): its fields would land in the wrong ones.
	 */
	if (strcmp(sig.buf, form_fields_get(&rq->fields, "_n") ? form_fields_get(&rq->fields, "_n")
							       : "")) {
		ret = show_page(srv, c, &v, (int)page, NULL, 2, MHD_HTTP_CONFLICT);
		goto out;
	}
	if (!form_paths_ok(&v.r, (int)page, &rq->fields)) {
		ret = reply_message(c, MHD_HTTP_BAD_REQUEST, v.s, visit_code(&v), M_NOT_ALLOWED_TITLE,
				    M_NOT_ALLOWED_TEXT, v.action, M_BACK_TO_FORM);
		goto out;
	}
	if (form_apply(&v.r, (int)page, &rq->fields, &errs, v.lang) < 0 ||
	    form_check(&v.r, (int)page, &errs, v.lang) < 0 ||
	    form_signature(&v.r, (int)page, &sig) < 0) {
		ret = server_error(c, v.s, visit_code(&v));
		goto out;
	}
	if (!strncmp(action, "add:", 4) || !strncmp(action, "remove:", 7)) {
		ret = repeat_post(srv, c, &v, (int)page, action, &errs);
		goto out;
	}
	if (!strcmp(action, "prev") || !strcmp(action, "save") || !strncmp(action, "lang:", 5)) {
		int to = (int)page;

		if (!strcmp(action, "prev")) {
			to = form_prev_page(&v.r, (int)page);
			if (to < 0)
				to = (int)page;
		}
		/* the language switch: the page's answers are saved, then shown in the other language */
		if (!strncmp(action, "lang:", 5))
			visit_set_lang(&v, action + 5);
		status = save_draft(srv, &v, &errs, to);
		if (status)
			ret = save_failed(c, &v, status);
		else if (!strcmp(action, "save"))
			ret = reply_message(c, MHD_HTTP_OK, v.s, visit_code(&v), M_SAVED_TITLE,
					    M_SAVED_TEXT, v.action, M_CONTINUE);
		else if (!strncmp(action, "lang:", 5)) {
			/*
			 * What cannot be saved is shown with its error, in the new
			 * language; a question left blank is not yet wrong.
			 */
			errs.n = 0;
			if (form_check(&v.r, (int)page, &errs, v.lang) < 0) {
				ret = server_error(c, v.s, visit_code(&v));
			} else {
				form_errors_keep_given(&v.r, &errs);
				ret = errs.n ? show_page(srv, c, &v, (int)page, &errs, 0, MHD_HTTP_OK)
					     : redirect_page(c, &v, to, NULL);
			}
		} else
			ret = redirect_page(c, &v, to, NULL);
		goto out;
	}
	/* next: errors, or a follow-up that appeared, keep the respondent on the page */
	revealed = form_revealed(form_fields_get(&rq->fields, "_shown"), sig.buf);
	if (errs.n > 0 || revealed) {
		/*
		 * Every error counts for the draft, which holds valid answers only
		 * (a value posted for a question not shown yet, not UTF-8, say,
		 * would make the workspace refuse the whole draft); the errors of
		 * the questions that just appeared are then not shown.
		 */
		status = save_draft(srv, &v, &errs, (int)page);
		if (revealed)
			form_errors_forget_new(&errs, form_fields_get(&rq->fields, "_shown"));
		if (status)
			ret = save_failed(c, &v, status);
		else
			ret = show_page_shown(srv, c, &v, (int)page, &errs, revealed,
					      form_fields_get(&rq->fields, "_shown"), MHD_HTTP_OK);
		goto out;
	}
	{
		int to = form_next_page(&v.r, (int)page);

		status = save_draft(srv, &v, NULL, to);
		ret = status ? save_failed(c, &v, status) : redirect_page(c, &v, to, NULL);
	}
out:
	form_errors_release(&errs);
	strbuf_release(&sig);
	visit_release(&v);
	return ret;
}

/* --- opting out of e-mail ---------------------------------------------- */

/*
 * GET /r/TOKEN/stop: a page that says what opting out does, with a button
 * (a form posted with its anti-forgery token: a mail scanner that follows
 * the link changes nothing), or that it is done.  POST /r/TOKEN/stop:
 * the address of the link gets no more mail (store_mail_optout), then a
 * redirect to the page.  French unless the link's language, or the
 * language asked, is another of the survey's.
 */
static enum MHD_Result stop_page(struct collect_server *srv, struct MHD_Connection *c,
				 const char *token, struct request *rq)
{
	struct strbuf o = STRBUF_INIT;
	char csrf[CSRF_LEN + 1], where[64];
	struct form_view view;
	enum MHD_Result ret;
	struct error err;
	struct visit v;
	int stopped = 0, rc;

	switch (visit_load(srv, token, &v)) {
	case 1:
		break;
	case 0:
		return srv_not_found(c, "../../");
	default:
		return srv_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, "fr",
				   M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, NULL, M_BACK_TO_FORM,
				   "../../");
	}
	visit_set_lang(&v, rq ? form_fields_get(&rq->fields, "_lang")
			      : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"));
	srv_rlock(srv);
	rc = store_mail_stopped(srv->rd, v.inv.id, &stopped, &err);
	srv_runlock(srv);
	if (rc < 0) {
		srv_log(srv, "%s", err.msg);
		ret = srv_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, v.s, visit_code(&v),
				  M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, NULL, M_BACK_TO_FORM,
				  "../../");
		visit_release(&v);
		return ret;
	}
	if (v.lang != v.s->default_lang)
		snprintf(where, sizeof(where), "stop?lang=%s", visit_code(&v));
	else
		snprintf(where, sizeof(where), "stop");
	if (rq) {
		struct write_job job;

		if (!csrf_check(srv->key, "stop", v.inv.token, 0,
				form_fields_get(&rq->fields, "_csrf"))) {
			ret = srv_message(c, MHD_HTTP_FORBIDDEN, v.s, visit_code(&v),
					  M_EXPIRED_TITLE, M_EXPIRED_TEXT, where, M_BACK_TO_FORM,
					  "../../");
			visit_release(&v);
			return ret;
		}
		if (!stopped) {
			memset(&job, 0, sizeof(job));
			job.optout = 1;
			job.id = v.inv.id;
			if (srv_write(srv, &job) < 0) {
				srv_log(srv, "%s", job.err.msg);
				ret = srv_message(c, job.rc == UT_EBUSY ? MHD_HTTP_SERVICE_UNAVAILABLE
						  : MHD_HTTP_INTERNAL_SERVER_ERROR, v.s, visit_code(&v),
						  job.rc == UT_EBUSY ? M_BUSY_TITLE : M_SERVER_ERROR_TITLE,
						  job.rc == UT_EBUSY ? M_BUSY_TEXT : M_SERVER_ERROR_TEXT,
						  where, M_BACK_TO_FORM, "../../");
				visit_release(&v);
				return ret;
			}
		}
		visit_release(&v);
		return srv_redirect(c, where);
	}
	if (stopped) {
		snprintf(where, sizeof(where), "../%s", v.inv.token);
		ret = srv_message(c, MHD_HTTP_OK, v.s, visit_code(&v), M_STOP_DONE_TITLE,
				  M_STOP_DONE_TEXT, where, M_BACK_TO_FORM, "../../");
		visit_release(&v);
		return ret;
	}
	csrf_make(srv->key, "stop", v.inv.token, 0, csrf);
	memset(&view, 0, sizeof(view));
	view.s = v.s;
	view.lang = v.lang;
	view.root = "../../";
	view.lang_href = "stop?";
	rc = form_page_begin(&o, &view, msg_get(M_STOP_TITLE, visit_code(&v)), 0);
	if (rc == 0)
		rc = html_printf(&o, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n"
			         "<form method=\"post\" action=\"stop\" novalidate>\n"
			         "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">\n"
			         "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n"
			         "<div class=\"actions\">\n<button class=\"button\" type=\"submit\">"
			         "%s</button>\n<a class=\"button secondary\" href=\"../%s\">%s</a>\n"
			         "</div>\n</form>\n", msg_get(M_STOP_TITLE, visit_code(&v)),
			         msg_get(M_STOP_TEXT, visit_code(&v)), csrf, visit_code(&v),
			         msg_get(M_STOP_BUTTON, visit_code(&v)), v.inv.token,
			         msg_get(M_BACK_TO_FORM, visit_code(&v)));
	if (rc == 0)
		rc = form_page_end(&o);
	if (rc < 0) {
		strbuf_release(&o);
		ret = srv_message(c, MHD_HTTP_INTERNAL_SERVER_ERROR, v.s, visit_code(&v),
				  M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, NULL, M_BACK_TO_FORM,
				  "../../");
	} else {
		ret = srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
	}
	visit_release(&v);
	return ret;
}

/* The token of url when it is "/r/TOKEN/stop", copied into buf; else NULL. */
static const char *stop_token(const char *url, char buf[TOKEN_LEN + 1])
{
	if (strncmp(url, "/r/", 3) || strlen(url) != 3 + TOKEN_LEN + 5 ||
	    strcmp(url + 3 + TOKEN_LEN, "/stop"))
		return NULL;
	memcpy(buf, url + 3, TOKEN_LEN);
	buf[TOKEN_LEN] = '\0';
	return token_syntax_ok(buf) ? buf : NULL;
}

/* --- open links ------------------------------------------------------- */

/*
 * The survey of open link token: its latest version, if it is still
 * public.  Returns 1 with *s and *version_id, 0 when there is none, -1 on
 * failure.  Takes the lock.
 */
static int open_survey(struct collect_server *srv, const char *token, const struct survey **s,
		       int64_t *version_id)
{
	struct survey_version sv;
	struct error err;
	char *form_id = NULL;
	int rc;

	*s = NULL;
	srv_rlock(srv);
	rc = store_open_link_find(srv->rd, token, &form_id, &err);
	if (rc == 1) {
		rc = store_survey_get(srv->rd, form_id, 0, &sv, &err);
		if (rc == 1) {
			*s = srv_survey(srv, sv.id, sv.form_id, sv.version);
			*version_id = sv.id;
			survey_version_release(&sv);
			rc = !*s ? -1 : (*s)->is_public ? 1 : 0;
		}
	}
	srv_runlock(srv);
	if (rc < 0 && !*s)
		srv_log(srv, "%s", err.msg);
	free(form_id);
	return rc;
}

/* GET /o/TOKEN: the start page; POST /o/TOKEN: a new link, then its first page. */
static enum MHD_Result open_link(struct collect_server *srv, struct MHD_Connection *c,
				 const char *token, struct request *rq)
{
	const struct survey *s;
	int64_t version_id = 0;
	size_t lang;
	int k;

	switch (open_survey(srv, token, &s, &version_id)) {
	case 1:
		break;
	case 0:
		return not_found(c);
	default:
		return server_error(c, NULL, "fr");
	}
	k = survey_lang(s, rq ? (form_fields_get(&rq->fields, "_lang") ?
				 form_fields_get(&rq->fields, "_lang") : "")
			      : (MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang") ?
				 MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang") : ""));
	lang = k >= 0 ? (size_t)k : s->default_lang;
	if (!rq) {
		struct strbuf sb = STRBUF_INIT;
		char csrf[CSRF_LEN + 1];
		struct form_view view = { .s = s, .lang = lang, .action = token, .csrf = csrf };

		csrf_make(srv->key, "o", token, 0, csrf);
		if (form_render_open(&sb, &view) < 0) {
			strbuf_release(&sb);
			return server_error(c, s, form_lang_code(s, lang));
		}
		return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &sb, 0);
	}
	if (!csrf_check(srv->key, "o", token, 0, form_fields_get(&rq->fields, "_csrf")))
		return reply_message(c, MHD_HTTP_FORBIDDEN, s, form_lang_code(s, lang),
				     M_EXPIRED_TITLE, M_EXPIRED_TEXT, token, M_BACK_TO_FORM);
	{
		char fresh[TOKEN_LEN + 1], location[TOKEN_LEN + 64];
		unsigned char key[RATELIMIT_KEY];
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		struct error err;
		unsigned wait;
		int64_t id;
		int rc;

		/* one client made 3,000 links in 25 s: a budget per address */
		ratelimit_key(ci ? ci->client_addr : NULL, key);
		if ((wait = ratelimit_take(&srv->open_rl, key, srv_now(), 1, NULL)))
			return srv_too_many(c, wait, s, form_lang_code(s, lang), token,
					    M_BACK_TO_FORM, NULL);
		if (token_new(fresh, &err) < 0) {
			srv_log(srv, "%s", err.msg);
			return server_error(c, s, form_lang_code(s, lang));
		}
		/*
		 * The link is made, not saved: until its first page is, /admin
		 * counts it as opened, apart from the links started.  The
		 * language chosen goes in the address.
		 */
		pthread_mutex_lock(&srv->lock);
		rc = store_invitation_add(srv->st, version_id, fresh, 1, NULL, NULL, NULL, NULL,
					  &id, &err);
		pthread_mutex_unlock(&srv->lock);
		if (rc < 0) {
			srv_log(srv, "%s", err.msg);
			if (rc == UT_EBUSY)
				return reply_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, s,
						     form_lang_code(s, lang), M_BUSY_TITLE,
						     M_BUSY_TEXT, token, M_BACK_TO_FORM);
			return server_error(c, s, form_lang_code(s, lang));
		}
		if (lang == s->default_lang)
			snprintf(location, sizeof(location), "../r/%s", fresh);
		else
			snprintf(location, sizeof(location), "../r/%s?lang=%s", fresh,
				 form_lang_code(s, lang));
		return srv_redirect(c, location);
	}
}

/* --- routing ----------------------------------------------------------- */

/* The token after prefix ("/r/") in url, or NULL when url is not prefix + a token. */
static const char *token_in(const char *url, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(url, prefix, n) || !token_syntax_ok(url + n))
		return NULL;
	return url + n;
}

/*
 * The server's root relative to the page at url ("../" for /r/TOKEN, ""
 * for /admin), in buf, so that a page at any depth finds the style sheet.
 * Beyond 16 levels, the usual "../" (such addresses are not the server's).
 */
static const char *url_root(const char *url, char buf[3 * 16 + 1])
{
	int depth = -1;

	for (const char *p = url; *p; p++)
		depth += *p == '/';
	if (depth < 0 || depth > 16)
		return NULL;
	buf[0] = '\0';
	for (int i = 0; i < depth; i++)
		strcat(buf, "../");
	return buf;
}

/* 413 or 415 for a body refused, at url. */
static enum MHD_Result refused(struct MHD_Connection *c, unsigned status, const char *url)
{
	char root[3 * 16 + 1];

	return srv_message(c, status, NULL, "fr",
			   status == MHD_HTTP_CONTENT_TOO_LARGE ? M_TOO_LARGE_TITLE : M_BAD_TYPE_TITLE,
			   status == MHD_HTTP_CONTENT_TOO_LARGE ? M_TOO_LARGE_TEXT : M_BAD_TYPE_TEXT,
			   NULL, M_BACK_TO_FORM, url_root(url, root));
}

/* Answer a request whose whole body is in (rq may be NULL for a GET). */
static enum MHD_Result route(struct collect_server *srv, struct MHD_Connection *c,
			     const char *url, int is_get, int is_post, struct request *rq)
{
	const char *token;
	char root[3 * 16 + 1], tokbuf[TOKEN_LEN + 1];

	if (!strcmp(url, "/static/utilis.css") && is_get) {
		struct strbuf sb = STRBUF_INIT;

		if (strbuf_addstr(&sb, form_css) < 0)
			return MHD_NO;
		return srv_reply(c, MHD_HTTP_OK, "text/css; charset=utf-8", &sb, 1);
	}
	if ((token = stop_token(url, tokbuf))) {
		if (is_get)
			return stop_page(srv, c, token, NULL);
		if (is_post)
			return stop_page(srv, c, token, rq);
	} else if ((token = token_in(url, "/r/"))) {
		if (is_get)
			return respondent_get(srv, c, token);
		if (is_post)
			return respondent_post(srv, c, token, rq);
	} else if ((token = token_in(url, "/o/"))) {
		if (is_get)
			return open_link(srv, c, token, NULL);
		if (is_post)
			return open_link(srv, c, token, rq);
	} else if (!strncmp(url, "/j/", 3)) {
		if (is_get || is_post)
			return jury_handle(srv, c, url + 3, is_post ? &rq->fields : NULL);
	} else if (!strcmp(url, "/c")) {	/* a letter's short code (codepage.c) */
		if (is_get || is_post)
			return code_handle(srv, c, is_post ? &rq->fields : NULL);
	} else if (!strcmp(url, "/admin") || !strncmp(url, "/admin/", 7)) {
		if (is_get)
			return admin_handle(srv, c, url + 6);
	} else {
		return srv_not_found(c, url_root(url, root));
	}
	return srv_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, NULL, "fr", M_NOT_ALLOWED_TITLE,
			   M_NOT_ALLOWED_TEXT, NULL, M_BACK_TO_FORM, url_root(url, root));
}

/*
 * A POST thread: answers queued POSTs, whose connections are suspended
 * meanwhile.  A save waits here for the writer (and the writer, a bounded
 * time, for another program's write), not on one of libmicrohttpd's
 * threads, whose other connections (page views) would wait with it.
 */
static void *post_main(void *arg)
{
	struct collect_server *srv = arg;

	for (;;) {
		struct request *rq;

		pthread_mutex_lock(&srv->plock);
		while (!srv->pqueue && !srv->pclosing)
			pthread_cond_wait(&srv->pcond, &srv->plock);
		if (!(rq = srv->pqueue)) {
			pthread_mutex_unlock(&srv->plock);
			return NULL;
		}
		if (!(srv->pqueue = rq->pnext))
			srv->ptail = &srv->pqueue;
		srv->pbusy++;
		pthread_mutex_unlock(&srv->plock);

		deferred = rq;
		rq->ret = route(srv, rq->c, rq->url, 0, 1, rq);
		deferred = NULL;
		rq->state = 2;
		MHD_resume_connection(rq->c);	/* the handler is called again: it replies */

		pthread_mutex_lock(&srv->plock);
		if (--srv->pbusy == 0 && !srv->pqueue)
			pthread_cond_broadcast(&srv->pidle);
		pthread_mutex_unlock(&srv->plock);
	}
}

/* Hand the POST rq to a POST thread, suspending c: 1 done, 0 answer it here (stopping). */
static int post_defer(struct collect_server *srv, struct MHD_Connection *c, const char *url,
		      struct request *rq)
{
	int queued = 0;

	if (!srv->npworkers || !(rq->url = strdup(url)))
		return 0;
	rq->c = c;
	pthread_mutex_lock(&srv->plock);
	if (!srv->pclosing) {
		MHD_suspend_connection(c);
		rq->state = 1;
		rq->pnext = NULL;
		*srv->ptail = rq;
		srv->ptail = &rq->pnext;
		pthread_cond_signal(&srv->pcond);
		queued = 1;
	}
	pthread_mutex_unlock(&srv->plock);
	return queued;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **con_cls)
{
	struct collect_server *srv = cls;
	struct request *rq = *con_cls;
	int is_post = !strcmp(method, MHD_HTTP_METHOD_POST);
	int is_get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);

	(void)version;
	if (!rq) {
		/* first call: headers only */
		const char *cl;

		if (!(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		strbuf_init(&rq->cur, COLLECT_MAX_FIELD);
		*con_cls = rq;
		if (!is_post)
			return MHD_YES;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						 MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > COLLECT_MAX_BODY) {
			rq->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
			/*
			 * A body up to four times the limit is read and thrown
			 * away, then answered: a client still sending when the
			 * connection closes would see a reset, not the 413.
			 * Larger is answered now and the connection closed.
			 */
			if (strtoull(cl, NULL, 10) <= 4ull * COLLECT_MAX_BODY)
				return MHD_YES;
		} else if (!form_content_type(c) ||
			   !(rq->pp = MHD_create_post_processor(c, 16 * 1024, post_iterator, rq))) {
			rq->refuse = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		}
		if (rq->refuse)	/* answer now; the body is not read */
			return refused(c, rq->refuse, url);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (!is_post || rq->refuse)
			return MHD_YES;
		rq->body += n;
		if (rq->body > COLLECT_MAX_BODY) {
			rq->refuse = MHD_HTTP_CONTENT_TOO_LARGE;
			return MHD_YES;
		}
		if (MHD_post_process(rq->pp, upload_data, n) != MHD_YES && !rq->refuse)
			rq->refuse = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
		return MHD_YES;
	}

	/* the whole request is in: its clock stops */
	if (rq->state == 2) {	/* answered on a POST thread, resumed */
		enum MHD_Result ret = MHD_NO;

		if (rq->resp) {
			ret = MHD_queue_response(c, rq->status, rq->resp);
			MHD_destroy_response(rq->resp);
			rq->resp = NULL;
		}
		return ret;
	}
	watch_set(srv, c, 0);
	if (is_post) {
		if (!rq->refuse && !rq->oom && flush_field(rq) < 0)
			rq->oom = 1;
		if (rq->refuse)
			return refused(c, rq->refuse, url);
		if (rq->oom)
			return server_error(c, NULL, "fr");
		if (post_defer(srv, c, url, rq))
			return MHD_YES;
	}
	return route(srv, c, url, is_get, is_post, rq);
}

/* --- start and stop ---------------------------------------------------- */

int collect_server_start(struct collect_server **out, const struct collect_config *cfg,
			 struct error *err)
{
	struct collect_server *srv;
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;
	unsigned char fresh[SERVER_KEY_BYTES];
	struct sha256 h;
	const struct sockaddr *addr;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
			 MHD_ALLOW_SUSPEND_RESUME;
	uint64_t seed;
	const union MHD_DaemonInfo *info;
	int rc;

	*out = NULL;
	if (!cfg->admin_secret || strlen(cfg->admin_secret) < 16)
		return error_set(err, "the admin secret must be at least 16 characters long"), UT_EDATA;
	memset(&a4, 0, sizeof(a4));
	memset(&a6, 0, sizeof(a6));
	if (inet_pton(AF_INET, cfg->host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)cfg->port);
		addr = (const struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, cfg->host, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)cfg->port);
		addr = (const struct sockaddr *)&a6;
		flags |= MHD_USE_IPv6;
	} else {
		return error_set(err, "'%s' is not an IP address to listen on", cfg->host), UT_EDATA;
	}
	if (cfg->port > 65535)
		return error_set(err, "port %u is out of range", cfg->port), UT_EDATA;
	if (!(srv = calloc(1, sizeof(*srv))))
		return error_set(err, "out of memory"), UT_ENOMEM;
	srv->cfg = *cfg;
	pthread_mutex_init(&srv->lock, NULL);
	pthread_mutex_init(&srv->rlock, NULL);
	pthread_mutex_init(&srv->qlock, NULL);
	pthread_cond_init(&srv->qcond, NULL);
	pthread_cond_init(&srv->qdone, NULL);
	srv->qtail = &srv->queue;
	pthread_mutex_init(&srv->arlock, NULL);
	pthread_mutex_init(&srv->wlock, NULL);
	pthread_cond_init(&srv->wcond, NULL);
	pthread_mutex_init(&srv->plock, NULL);
	pthread_cond_init(&srv->pcond, NULL);
	pthread_cond_init(&srv->pidle, NULL);
	srv->ptail = &srv->pqueue;
	sha256_init(&h);
	sha256_update(&h, cfg->admin_secret, strlen(cfg->admin_secret));
	sha256_final(&h, srv->admin_hash);
	if ((rc = store_open(&srv->st, cfg->db_path, 0, err)) == 0)
		/* starting may wait for an import as long as commands do */
		store_set_wait(srv->st, SRV_START_WAIT_MS, NULL, NULL);
	if (rc < 0 || (rc = random_bytes(fresh, sizeof(fresh), err)) < 0 ||
	    (rc = store_secret(srv->st, "form-key", fresh, srv->key, sizeof(srv->key), err)) < 0 ||
	    (rc = store_open(&srv->rd, cfg->db_path, STORE_READONLY, err)) < 0 ||
	    (rc = store_open(&srv->ard, cfg->db_path, STORE_READONLY, err)) < 0) {
		collect_server_stop(srv);
		return rc;
	}
	/* a page waits for an import's transaction a bounded time, then 503 */
	store_set_wait(srv->st, SRV_WRITE_WAIT_MS, NULL, NULL);
	memcpy(&seed, srv->key, sizeof(seed));
	if (ratelimit_init(&srv->open_rl, cfg->open_rate, cfg->open_rate / 60.0, seed) < 0 ||
	    ratelimit_init(&srv->login_rl, SRV_LOGIN_BURST, 1.0 / SRV_LOGIN_EVERY, seed) < 0 ||
	    ratelimit_init(&srv->login_all, SRV_LOGIN_ALL_BURST, SRV_LOGIN_ALL_RATE, seed) < 0 ||
	    ratelimit_init(&srv->code_rl, SRV_CODE_BURST, 1.0 / SRV_CODE_EVERY, seed) < 0 ||
	    ratelimit_init(&srv->code_all, SRV_CODE_ALL_BURST, SRV_CODE_ALL_RATE, seed) < 0) {
		error_set(err, "out of memory");
		collect_server_stop(srv);
		return UT_ENOMEM;
	}
	if (pthread_create(&srv->writer, NULL, writer_main, srv) != 0) {
		error_set(err, "cannot start the writer thread");
		collect_server_stop(srv);
		return UT_EIO;
	}
	srv->writer_started = 1;
	if (cfg->request_timeout) {
		if (pthread_create(&srv->watchdog, NULL, watchdog_main, srv) != 0) {
			error_set(err, "cannot start the watchdog thread");
			collect_server_stop(srv);
			return UT_EIO;
		}
		srv->watchdog_started = 1;
	}
	if (!(srv->pworkers = calloc(SRV_POST_THREADS, sizeof(*srv->pworkers)))) {
		error_set(err, "out of memory");
		collect_server_stop(srv);
		return UT_ENOMEM;
	}
	while (srv->npworkers < SRV_POST_THREADS &&
	       pthread_create(&srv->pworkers[srv->npworkers], NULL, post_main, srv) == 0)
		srv->npworkers++;
	if (!srv->npworkers) {
		error_set(err, "cannot start the threads answering forms");
		collect_server_stop(srv);
		return UT_EIO;
	}
	srv->daemon = MHD_start_daemon(
		flags, (uint16_t)cfg->port, NULL, NULL, handler, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, srv,
		MHD_OPTION_SOCK_ADDR, addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, request_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, srv,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_END);
	if (!srv->daemon) {
		error_set(err, "cannot listen on %s port %u (address in use, or not allowed)",
			  cfg->host, cfg->port);
		collect_server_stop(srv);
		return UT_EIO;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : cfg->port;
	*out = srv;
	return 0;
}

unsigned collect_server_port(const struct collect_server *srv)
{
	return srv->port;
}

void collect_server_stop(struct collect_server *srv)
{
	if (!srv)
		return;
	/*
	 * The POSTs queued or running are answered and their connections
	 * resumed (libmicrohttpd must not stop with a connection suspended);
	 * a POST arriving meanwhile is answered in place.
	 */
	pthread_mutex_lock(&srv->plock);
	while (srv->pqueue || srv->pbusy)
		pthread_cond_wait(&srv->pidle, &srv->plock);
	srv->pclosing = 1;
	pthread_cond_broadcast(&srv->pcond);
	pthread_mutex_unlock(&srv->plock);
	for (unsigned i = 0; i < srv->npworkers; i++)
		pthread_join(srv->pworkers[i], NULL);
	free(srv->pworkers);
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);	/* requests in progress finish first */
	if (srv->watchdog_started) {
		pthread_mutex_lock(&srv->wlock);
		srv->wstop = 1;
		pthread_cond_signal(&srv->wcond);
		pthread_mutex_unlock(&srv->wlock);
		pthread_join(srv->watchdog, NULL);
	}
	if (srv->writer_started) {
		pthread_mutex_lock(&srv->qlock);
		srv->stopping = 1;
		pthread_cond_signal(&srv->qcond);
		pthread_mutex_unlock(&srv->qlock);
		pthread_join(srv->writer, NULL);
	}
	for (size_t i = 0; i < srv->ncache; i++) {
		survey_free(srv->cache[i].s);
		free(srv->cache[i].source);
	}
	free(srv->cache);
	store_close(srv->rd);
	store_close(srv->ard);
	store_close(srv->st);
	ratelimit_release(&srv->open_rl);
	ratelimit_release(&srv->login_rl);
	ratelimit_release(&srv->login_all);
	ratelimit_release(&srv->code_rl);
	ratelimit_release(&srv->code_all);
	pthread_mutex_destroy(&srv->lock);
	pthread_mutex_destroy(&srv->rlock);
	pthread_mutex_destroy(&srv->qlock);
	pthread_cond_destroy(&srv->qcond);
	pthread_cond_destroy(&srv->qdone);
	pthread_mutex_destroy(&srv->arlock);
	pthread_mutex_destroy(&srv->wlock);
	pthread_cond_destroy(&srv->wcond);
	pthread_mutex_destroy(&srv->plock);
	pthread_cond_destroy(&srv->pcond);
	pthread_cond_destroy(&srv->pidle);
	free(srv);
}
