/*
 * server: the web forms server (libmicrohttpd; this module, admin.c and
 * jury.c are the only ones that include <microhttpd.h>).  Respondents
 * open /r/TOKEN, a public survey's open link is /o/TOKEN, the jurors of a
 * prize edition score their candidates at /j/TOKEN (jury.c), analysts
 * follow the collection at /admin with the admin secret (HTTP Basic
 * authentication), and /static/utilis.css is the style sheet.  Every
 * generated address is relative, so the server works unchanged behind a
 * reverse proxy that maps it under a path prefix.
 *
 * One connection to the workspace serves every request, behind a mutex:
 * SQLite serialises writers anyway, and one writer with a mutex keeps the
 * latency flat where connections competing through busy_timeout starve
 * each other (SQLite's busy handler sleeps and retries, with no queue:
 * https://www.sqlite.org/c3ref/busy_handler.html).  Each page saved is one transaction with
 * synchronous=FULL: a reply that says "saved" means it is on disk.
 *
 * The server never prints: messages go to the log function of the
 * configuration.
 */
#ifndef UTILIS_COLLECT_SERVER_H
#define UTILIS_COLLECT_SERVER_H

#include <stdarg.h>
#include <stddef.h>

#include "collect/token.h"
#include "util/diag.h"

#define COLLECT_MAX_BODY (256u << 10)	/* largest POST body accepted (413 above) */
#define COLLECT_MAX_FIELD (32u << 10)	/* largest single field value (413 above) */
#define COLLECT_MAX_FIELDS 2000		/* most fields in one POST (413 above) */

/*
 * A prize edition whose jurors the server receives at /j/TOKEN: what the
 * juror's pages need of the edition's definition (analysis/edition.h),
 * which the caller loads and checks.  Strings and arrays belong to the
 * caller and must outlive the server.
 */
struct collect_edition {
	const char *id;			/* edition identifier, as jurors are stored */
	const char *application;	/* form_id of the application form (candidates) */
	const char *grid;		/* form_id of the jury's grid (sheets) */
	const char *const *title_lang;	/* language codes of the title... */
	const char *const *title;	/* ...and the title in each */
	size_t ntitle;			/* their number */
	const char *const *names;	/* application questions naming a candidate, joined " / " */
	size_t nnames;			/* their number */
	const char *const *summary;	/* application questions shown to jurors */
	size_t nsummary;		/* their number */
	const char *const *criteria;	/* grid questions scored: a sheet is done when all are */
	size_t ncriteria;		/* their number */
	const double *weights;		/* [ncriteria] their weights (a juror's own total), or NULL */
	double lo, hi;			/* the criteria's scale */
};

struct collect_config {
	const char *db_path;		/* the workspace file */
	const char *host;		/* address to listen on: "127.0.0.1", "::1", "0.0.0.0" */
	unsigned port;			/* port; 0 lets the system choose (collect_server_port) */
	const char *admin_secret;	/* password of /admin (at least 16 characters) */
	unsigned threads;		/* worker threads (libmicrohttpd thread pool) */
	unsigned max_connections;	/* open connections in all */
	unsigned per_ip;		/* open connections per client address; 0: no limit */
	unsigned timeout;		/* seconds an idle connection is kept */
	unsigned request_timeout;	/* seconds a client has to send a whole request
					   (headers and body) before it is closed */
	unsigned open_rate;		/* links an address may make per minute through
					   open links (as many at once); 0: no limit */
	const struct collect_edition *editions;	/* prize editions whose jurors are received */
	size_t neditions;		/* their number */
	/* Where messages go (errors of the workspace, of libmicrohttpd); may be NULL. */
	void (*log)(void *ctx, const char *fmt, va_list ap);
	void *log_ctx;			/* passed to log */
};

/* Defaults for the fields above (db_path, host and admin_secret NULL). */
void collect_config_init(struct collect_config *cfg);

struct collect_server;

/*
 * Open the workspace and start listening.  Returns 0 with *out, or with
 * the reason in err (nothing left running): UT_EDATA for a bad setting (the
 * secret, the address), the store's code when the workspace cannot be
 * opened (UT_ENOTFOUND: none there), UT_ENOMEM, UT_EIO when a thread cannot
 * start or the address cannot be listened on.
 */
int collect_server_start(struct collect_server **out, const struct collect_config *cfg,
			 struct error *err);
/* The port listened on (useful with port 0). */
unsigned collect_server_port(const struct collect_server *srv);
/* Stop accepting, finish the requests in progress, close the workspace, free srv. */
void collect_server_stop(struct collect_server *srv);

#endif
