/*
 * serve: run the web forms server until SIGTERM or SIGINT.  Prints where
 * it listens, the admin page with its secret (unless read from a file),
 * and the open links of public surveys; then waits for a signal and stops
 * cleanly: requests in progress finish, the workspace is closed.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/edition.h"
#include "collect/server.h"
#include "collect/token.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/array.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* Messages of the running server, one line each on stderr, with the UTC time. */
__attribute__((format(printf, 2, 0)))
static void log_line(void *ctx, const char *fmt, va_list ap)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	char when[32];
	time_t t = time(NULL);
	struct tm tm;
	size_t n;
	char msg[1024];

	(void)ctx;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pthread_mutex_lock(&mu);
	fprintf(stderr, "%s serve: %s\n", when, msg);
	pthread_mutex_unlock(&mu);
}

/* HOST:PORT, [V6]:PORT or PORT into host (static storage) and port. */
static int parse_listen(const char *arg, char host[64], unsigned *port)
{
	const char *colon, *h = "127.0.0.1";
	size_t hn;
	char *end;
	long p;

	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (!close || close[1] != ':')
			return -1;
		h = arg + 1;
		hn = (size_t)(close - h);
		colon = close + 1;
	} else if ((colon = strrchr(arg, ':'))) {
		h = arg;
		hn = (size_t)(colon - arg);
	} else {
		colon = arg - 1;
		hn = strlen(h);
	}
	if (hn == 0 || hn >= 64)
		return -1;
	memcpy(host, h, hn);
	host[hn] = '\0';
	errno = 0;
	p = strtol(colon + 1, &end, 10);
	if (errno || *end || colon[1] == '\0' || p < 0 || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

/* The admin secret from file: its first line, at least 16 characters. */
static int read_secret(const char *path, char **out)
{
	char *text;
	size_t len;
	int rc = cli_read_file(path, 4096, &text, &len);

	if (rc)
		return rc;
	text[strcspn(text, "\r\n")] = '\0';
	if (strlen(text) < 16) {
		free(text);
		return cli_error(EXIT_DATAERR, "the admin secret in '%s' is shorter than 16 characters",
				 path);
	}
	*out = text;
	return EXIT_OK;
}

/* Print the open link of every public survey, creating it when needed. */
static int print_open_links(struct cli *cli, const char *base)
{
	struct survey_version *v = NULL;
	struct store *st;
	struct error err;
	size_t n = 0;
	int rc = cli_open_store(cli, 0, &st);

	if (rc)
		return rc;
	if (store_survey_list(st, &v, &n, &err) < 0) {
		store_close(st);
		return cli_error(EXIT_IOERR, "%s", err.msg);
	}
	for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
		struct survey_version sv;
		struct diags d = DIAGS_INIT;
		struct survey *s = NULL;
		char fresh[TOKEN_LEN + 1], *token = NULL;

		if (i + 1 < n && !strcmp(v[i].form_id, v[i + 1].form_id))
			continue;	/* the latest version decides */
		if (store_survey_get(st, v[i].form_id, v[i].version, &sv, &err) != 1) {
			rc = cli_error(EXIT_IOERR, "cannot read survey '%s'", v[i].form_id);
			break;
		}
		if (survey_load(&s, v[i].form_id, sv.source, strlen(sv.source), &d) == 0 &&
		    s->is_public) {
			if (token_new(fresh, &err) < 0 ||
			    store_open_link(st, v[i].form_id, fresh, &token, &err) < 0)
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
			else
				cli_info(cli, "open link of %s: %s/o/%s\n", v[i].form_id, base, token);
		}
		free(token);
		survey_free(s);
		diags_release(&d);
		survey_version_release(&sv);
	}
	survey_versions_free(v, n);
	store_close(st);
	return rc;
}

#define MAX_EDITIONS 16		/* --edition given at most this many times */

/* The prize editions served (--edition), with the strings they point to. */
struct served {
	struct collect_edition *v;	/* what the server reads */
	size_t n, alloc;		/* used / allocated */
	size_t njuror[MAX_EDITIONS];	/* jurors of each, when loaded */
	size_t ncand[MAX_EDITIONS];	/* candidates of each, when loaded */
	char **owned;			/* every string and array below v, to free */
	size_t nowned, aowned;		/* used / allocated */
};

/* Keep p to be freed with the rest; p itself on success, NULL (p freed) when out of memory. */
static void *own(struct served *sv, void *p)
{
	if (!p)
		return NULL;
	if (ARRAY_GROW(sv->owned, sv->aowned, sv->nowned + 1, 32) < 0) {
		free(p);
		return NULL;
	}
	sv->owned[sv->nowned++] = p;
	return p;
}

static void served_release(struct served *sv)
{
	for (size_t i = 0; i < sv->nowned; i++)
		free(sv->owned[i]);
	free(sv->owned);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

/* A copy of n strings, kept in sv; NULL when out of memory. */
static const char *const *own_strings(struct served *sv, const char *const *v, size_t n)
{
	const char **out = own(sv, calloc(n + 1, sizeof(*out)));

	for (size_t i = 0; out && i < n; i++)
		if (!(out[i] = own(sv, strdup(v[i]))))
			return NULL;
	return out;
}

/*
 * Load the edition file at path, checked against the workspace, and add
 * what the jurors' pages need of it to sv, with its numbers of jurors and
 * candidates.  Prints what went wrong and returns an exit code.
 */
static int add_edition(struct cli *cli, struct served *sv, const char *path)
{
	struct jury_ctx c;
	struct collect_edition *e;
	const struct survey *grid;
	const char **crit, **tl, **tt;
	int rc = cli_open_edition(cli, path, STORE_READONLY, &c);

	if (rc != EXIT_OK) {
		jury_ctx_release(&c);
		return rc;
	}
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i].id, c.e->id)) {
			rc = cli_usage_error(&cmd_serve, "edition '%s' is given twice", c.e->id);
			jury_ctx_release(&c);
			return rc;
		}
	if (ARRAY_GROW(sv->v, sv->alloc, sv->n + 1, 4) < 0) {
		jury_ctx_release(&c);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	e = &sv->v[sv->n];
	memset(e, 0, sizeof(*e));
	grid = c.pd.src.forms[1].latest;
	crit = own(sv, calloc(c.e->ncrit + 1, sizeof(*crit)));
	tl = own(sv, calloc(grid->nlang + 1, sizeof(*tl)));
	tt = own(sv, calloc(grid->nlang + 1, sizeof(*tt)));
	rc = !crit || !tl || !tt;
	for (size_t i = 0; !rc && i < c.e->ncrit; i++)
		rc = !(crit[i] = own(sv, strdup(c.e->crit[i].name)));
	for (size_t i = 0; !rc && i < grid->nlang; i++) {
		if (!c.e->title.text[i])
			continue;
		rc = !(tl[e->ntitle] = own(sv, strdup(grid->languages[i]))) ||
		     !(tt[e->ntitle] = own(sv, strdup(c.e->title.text[i])));
		e->ntitle++;
	}
	if (!rc) {
		e->id = own(sv, strdup(c.e->id));
		e->application = own(sv, strdup(c.e->application));
		e->grid = own(sv, strdup(c.e->grid));
		e->names = own_strings(sv, c.e->candidate_name, c.e->ncandidate_name);
		e->nnames = c.e->ncandidate_name;
		e->summary = own_strings(sv, c.e->summary, c.e->nsummary);
		e->nsummary = c.e->nsummary;
		double *w = own(sv, malloc((c.e->ncrit + 1) * sizeof(double)));

		for (size_t i = 0; w && i < c.e->ncrit; i++)
			w[i] = c.e->crit[i].weight;
		e->criteria = crit;
		e->ncriteria = c.e->ncrit;
		e->weights = w;
		e->lo = c.e->lo;
		e->hi = c.e->hi;
		e->title_lang = tl;
		e->title = tt;
		rc = !e->id || !e->application || !e->grid || !e->names || !e->summary || !w;
	}
	if (rc) {
		jury_ctx_release(&c);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	sv->njuror[sv->n] = c.pd.njuror;
	sv->ncand[sv->n] = c.pd.ncand;
	sv->n++;
	jury_ctx_release(&c);
	return EXIT_OK;
}

static int run_serve(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "admin-secret-file", required_argument, NULL, 'a' },
		{ "threads", required_argument, NULL, 't' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "per-ip", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "request-timeout", required_argument, NULL, 'R' },
		{ "open-rate", required_argument, NULL, 'o' },
		{ "edition", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct collect_config cfg;
	struct collect_server *srv = NULL;
	struct strbuf base = STRBUF_INIT;
	const char *listen = "127.0.0.1:8080", *base_opt = NULL, *secret_file = NULL;
	const char *editions[MAX_EDITIONS];
	size_t neditions = 0;
	struct served served = { 0 };
	char host[64], generated[TOKEN_LEN + 1], *secret = NULL;
	unsigned *limit = NULL;
	struct error err;
	sigset_t set;
	int c, sig, rc;

	collect_config_init(&cfg);
	optind = 0;
	while ((c = cli_getopt(&cmd_serve, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'b': base_opt = optarg; break;
		case 'a': secret_file = optarg; break;
		case 'e':
			if (neditions == MAX_EDITIONS)
				return cli_usage_error(&cmd_serve, "at most %d editions", MAX_EDITIONS);
			editions[neditions++] = optarg;
			break;
		case 't': limit = &cfg.threads; goto number;
		case 'm': limit = &cfg.max_connections; goto number;
		case 'p': limit = &cfg.per_ip; goto number;
		case 'R': limit = &cfg.request_timeout; goto number;
		case 'o': limit = &cfg.open_rate; goto number;
		case 'T': limit = &cfg.timeout;
number:
			{
				char *end;
				long v;

				errno = 0;
				v = strtol(optarg, &end, 10);
				if (errno || *end || !*optarg ||
				    v < (limit == &cfg.per_ip || limit == &cfg.open_rate ? 0 : 1) ||
				    v > 100000)
					return cli_usage_error(&cmd_serve, "'%s' is not a valid number "
							       "for '%s'", optarg, argv[optind - 1]);
				*limit = (unsigned)v;
			}
			break;
		case 'h':
			cli_print_help(stdout, &cmd_serve);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_serve, "unexpected argument '%s'", argv[optind]);
	if (parse_listen(listen, host, &cfg.port) < 0)
		return cli_usage_error(&cmd_serve, "--listen takes HOST:PORT (such as "
				       "127.0.0.1:8080 or [::1]:8080), not '%s'", listen);
	if (cfg.threads > 64)
		return cli_usage_error(&cmd_serve, "--threads is at most 64");
	if (secret_file) {
		if ((rc = read_secret(secret_file, &secret)) != EXIT_OK)
			return rc;
	} else {
		if (token_new(generated, &err) < 0)
			return cli_error(EXIT_FAIL, "%s", err.msg);
	}
	for (size_t i = 0; i < neditions; i++)
		if ((rc = add_edition(cli, &served, editions[i])) != EXIT_OK) {
			served_release(&served);
			free(secret);
			return rc;
		}
	cfg.db_path = cli->db_path;
	cfg.host = host;
	cfg.admin_secret = secret ? secret : generated;
	cfg.log = log_line;
	cfg.editions = served.v;
	cfg.neditions = served.n;

	/* signals are blocked in every thread, then waited for here */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((rc = collect_server_start(&srv, &cfg, &err)) < 0) {
		served_release(&served);
		free(secret);
		return cli_error(cli_exit(rc), "%s", err.msg);
	}
	if (base_opt) {
		size_t n = strlen(base_opt);

		while (n > 0 && base_opt[n - 1] == '/')
			n--;
		rc = strbuf_add(&base, base_opt, n);
	} else {
		rc = strbuf_addf(&base, strchr(host, ':') ? "http://[%s]:%u" : "http://%s:%u", host,
				 collect_server_port(srv));
	}
	if (rc < 0) {
		collect_server_stop(srv);
		served_release(&served);
		free(secret);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	cli_info(cli, "serving %s at %s/\n", cli->db_path, base.buf);
	if (secret)
		cli_info(cli, "admin page: %s/admin (password in %s)\n", base.buf, secret_file);
	else
		cli_info(cli, "admin page: %s/admin (any user name, password %s)\n", base.buf,
			 generated);
	for (size_t i = 0; i < served.n; i++)
		cli_info(cli, "jurors' pages of %s: %zu juror%s, %zu candidate%s (links %s/j/...)\n",
			 served.v[i].id, served.njuror[i], served.njuror[i] == 1 ? "" : "s",
			 served.ncand[i], served.ncand[i] == 1 ? "" : "s", base.buf);
	rc = print_open_links(cli, base.buf);
	if (rc == EXIT_OK) {
		cli_info(cli, "stop with Ctrl-C or SIGTERM\n");
		fflush(stdout);
		while (sigwait(&set, &sig) != 0)
			;
		cli_info(cli, "stopping (%s)\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	}
	collect_server_stop(srv);
	served_release(&served);
	free(secret);
	strbuf_release(&base);
	fflush(stdout);
	return rc;
}

const struct command cmd_serve = {
	"serve", run_serve,
	"utilis serve [--listen HOST:PORT] [--base-url URL] [--admin-secret-file FILE]\n"
	"             [--edition EDITION]...",
	N_("serve the web forms to respondents and jurors, and the follow-up page to analysts"),
	N_("Respondents answer on their links (/r/TOKEN, made by 'utilis invite'), page\n"
	"by page; every page is saved on disk before the reply.  The jurors of each\n"
	"prize EDITION given (an edition file such as indicators/prix-2018.yaml)\n"
	"score their candidates on their links (/j/TOKEN, made by 'utilis jury\n"
	"add'); see docs/prize.md.  /admin shows, per survey, the links not\n"
	"started, started and submitted, and downloads the answers as CSV; it asks\n"
	"for the admin secret (any user name).  Stop with Ctrl-C or SIGTERM.  See\n"
	"docs/collection.md, also for running behind a reverse proxy (HTTPS).\n"
	"\n"
	"  --listen HOST:PORT        address to listen on (default 127.0.0.1:8080:\n"
	"                            this machine only; port 0 picks a free one)\n"
	"  --base-url URL            the public address printed (behind a proxy)\n"
	"  --admin-secret-file FILE  the admin password, first line of FILE (at least\n"
	"                            16 characters); else a new one is printed\n"
	"  --threads N               worker threads serving pages (default 4)\n"
	"  --max-connections N       open connections in all (default 512)\n"
	"  --per-ip N                open connections per client address (default 32;\n"
	"                            0 for none: behind a proxy every client is the proxy)\n"
	"  --timeout S               seconds before an idle connection is closed (30)\n"
	"  --request-timeout S       seconds a client has to send a whole request,\n"
	"                            from its connection's start or its last reply,\n"
	"                            however slowly it sends; then it is closed (20)\n"
	"  --open-rate N             links one address may make per minute through\n"
	"                            an open link, N at once at most (10; 0: no limit)\n"
	"  --edition EDITION         receive the jurors of this prize edition (repeat\n"
	"                            for several editions)\n"),
};
