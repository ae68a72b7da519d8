/*
 * admin: the analysts' follow-up pages of the server, behind HTTP Basic
 * authentication with the admin secret (any user name).  /admin lists the
 * surveys with their links invited, started and submitted and the
 * completion rate; /admin/FORM shows one survey: its counts, who has not
 * started, started or submitted, and its latest submitted answers; and
 * /admin/FORM.csv downloads the submitted answers of one version
 * (?version=N, default the latest): the very file `utilis responses
 * export FORM` writes (report/export.h, util/csvout.h), text that would
 * run as a formula in a spreadsheet neutralised, streamed from a read
 * connection of its own.  The pages are in French, like the union's
 * staff.  Nothing here changes the workspace, so a GET is all there is.
 * The HTML pages read a connection of their own (ard), so that a long
 * page does not hold up respondents.
 *
 * Logins: the password is the whole of what follows the first ':' of the
 * decoded credentials, bytes after a NUL included, compared through its
 * SHA-256 in constant time.  Each refused password is logged with the
 * client's address (never the password); past SRV_LOGIN_BURST failures
 * from one address, or SRV_LOGIN_ALL_BURST from all (server.c), logins
 * are refused with a 429 until the budget refills, the right password
 * too.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "collect/form.h"
#include "collect/html.h"
#include "collect/internal.h"
#include "report/export.h"
#include "util/frtime.h"
#include "util/sha256.h"

#define ADMIN_MAX_ROWS 200	/* answers shown on a survey's page (the CSV has them all) */

/* Decode base64 text of n characters into out (room for n * 3 / 4): its length, or -1. */
static long base64_decode(const char *text, size_t n, unsigned char *out)
{
	unsigned acc = 0, bits = 0;
	long len = 0;
	size_t i;

	while (n > 0 && text[n - 1] == '=')
		n--;
	for (i = 0; i < n; i++) {
		char ch = text[i];
		int v = ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26 :
			ch >= '0' && ch <= '9' ? ch - '0' + 52 : ch == '+' ? 62 : ch == '/' ? 63 : -1;

		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[len++] = (unsigned char)(acc >> bits);
		}
	}
	return len;
}

/*
 * The request's Basic credentials checked against the admin secret: 1
 * right, 0 none given, -1 wrong.  The password is all the bytes after the
 * first ':' (libmicrohttpd's helper stops at a NUL, so "secret\0junk"
 * passed).
 */
static int check_password(struct collect_server *srv, struct MHD_Connection *c)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						       MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char buf[768], got[32];
	unsigned char *colon;
	struct sha256 h;
	size_t n;
	long len;

	if (!auth)
		return 0;
	if (strncasecmp(auth, "Basic ", 6))
		return -1;
	for (auth += 6; *auth == ' '; auth++)
		;
	n = strlen(auth);
	while (n > 0 && auth[n - 1] == ' ')
		n--;
	if (n > sizeof(buf) * 4 / 3 || (len = base64_decode(auth, n, buf)) < 0 ||
	    !(colon = memchr(buf, ':', (size_t)len)))
		return -1;
	colon++;
	sha256_init(&h);
	sha256_update(&h, colon, (size_t)(buf + len - colon));
	sha256_final(&h, got);
	return equal_secret(got, srv->admin_hash, sizeof(got)) ? 1 : -1;
}

/* The client's address as text, for the log. */
static const char *client_text(const struct sockaddr *sa, char *buf, size_t size)
{
	const void *a = NULL;

	if (sa && sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)sa)->sin_addr;
	else if (sa && sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (!a || !inet_ntop(sa->sa_family, a, buf, (socklen_t)size))
		snprintf(buf, size, "an unknown address");
	return buf;
}

/*
 * 1 when the request carries the admin secret; else 0 with a reply
 * queued: 401 (asking for the password), or 429 when this address, or
 * all, failed too often.
 */
static enum MHD_Result deny(struct MHD_Connection *c);

static int authorised(struct collect_server *srv, struct MHD_Connection *c, const char *root,
		      enum MHD_Result *ret)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	unsigned char key[RATELIMIT_KEY], all[RATELIMIT_KEY] = { 0 };
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned wait, wait_all;
	double now = srv_now();
	int first, first_all, ok;
	/* the pages are French; the refusal follows ?lang=en as the forms do */
	const char *lang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");

	ratelimit_key(sa, key);
	wait = ratelimit_take(&srv->login_rl, key, now, 0, &first);
	wait_all = wait ? 0 : ratelimit_take(&srv->login_all, all, now, 0, &first_all);
	if (wait || wait_all) {
		if (wait && first)
			srv_log(srv, "admin login: too many wrong passwords from %s, refused for %u s",
				client_text(sa, addr, sizeof(addr)), wait);
		else if (wait_all && first_all)
			srv_log(srv, "admin login: too many wrong passwords from all addresses, "
				"refused for %u s", wait_all);
		*ret = srv_too_many(c, wait ? wait : wait_all, NULL,
				    lang && !strcmp(lang, "en") ? "en" : "fr", NULL, M_BACK_TO_FORM, root);
		return 0;
	}
	ok = check_password(srv, c);
	if (ok == 1)
		return 1;
	if (ok < 0) {
		ratelimit_take(&srv->login_rl, key, now, 1, NULL);
		ratelimit_take(&srv->login_all, all, now, 1, NULL);
		srv_log(srv, "admin login: wrong password from %s", client_text(sa, addr, sizeof(addr)));
	}
	*ret = deny(c);
	return 0;
}

static enum MHD_Result deny(struct MHD_Connection *c)
{
	static const char page[] =
		"<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
		"<title>Accès réservé</title></head><body><h1>Accès réservé</h1>"
		"<p>Cette page est réservée à l'équipe qui suit l'enquête.</p></body></html>\n";
	struct MHD_Response *resp = MHD_create_response_from_buffer(sizeof(page) - 1, (void *)page,
								    MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	ret = MHD_queue_basic_auth_fail_response(c, "utilis admin", resp);
	MHD_destroy_response(resp);
	return ret;	/* a GET: never deferred to a POST thread */
}

/* Start a page; depth is 0 at /admin, 1 below it (the style sheet's address is relative). */
static int head(struct strbuf *o, const char *title, int depth)
{
	return html_printf(o, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<title>%s – suivi utilis</title>\n"
			   "<link rel=\"stylesheet\" href=\"%sstatic/utilis.css\">\n</head>\n<body>\n"
			   "<header class=\"header\"><p class=\"survey-title\">Suivi de la collecte"
			   "</p></header>\n<main id=\"main\" class=\"wide\">\n<h1>%s</h1>\n",
			   title, depth ? "../" : "", title);
}

static int tail(struct strbuf *o)
{
	return strbuf_addstr(o, "</main>\n</body>\n</html>\n");
}

/*
 * Open a table inside a region that scrolls sideways on a narrow screen,
 * so that cells keep their words and numbers whole (the style sheet's
 * .table-scroll); the region is focusable, so that a keyboard scrolls it.
 */
static int table_open(struct strbuf *o, const char *label)
{
	return html_printf(o, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
			   "aria-label=\"%s\">\n<table>\n", label);
}

static int table_close(struct strbuf *o)
{
	return strbuf_addstr(o, "</tbody>\n</table>\n</div>\n");
}

/* A stored UTC time as « 6 déc. 2026 14:05 » (Paris), escaped; nothing for NULL. */
static int add_time(struct strbuf *o, const char *iso)
{
	char buf[64];

	return html_escape(o, frtime_format(buf, sizeof(buf), iso));
}

/* "12 %" of part in all, or "–". */
static int rate(struct strbuf *o, int64_t part, int64_t all)
{
	if (all <= 0)
		return strbuf_addstr(o, "–");
	return strbuf_addf(o, "%.0f %%", 100.0 * (double)part / (double)all);
}

/*
 * The jury's progress, one table per edition the server receives: each
 * juror's candidates, the sheets begun, the conflicts declared and when
 * they submitted.  0, or -2 with err.
 */
static int jury_progress(struct collect_server *srv, struct strbuf *o, struct error *err)
{
	int rc = 0;

	for (size_t e = 0; rc == 0 && e < srv->cfg.neditions; e++) {
		const struct collect_edition *ed = &srv->cfg.editions[e];
		struct juror *j = NULL;
		size_t n = 0, ndone = 0;

		if (store_juror_list(srv->ard, ed->id, &j, &n, err) < 0)
			return -2;
		for (size_t i = 0; i < n; i++)
			ndone += j[i].submitted_at != NULL;
		rc = html_printf(o, "<h2>Jury « %s »</h2>\n", ed->ntitle ? ed->title[0] : ed->id);
		if (rc == 0)
			rc = strbuf_addf(o, "<p>%zu juré%s sur %zu %s envoyé leurs notes.</p>\n", ndone,
					 ndone > 1 ? "s" : "", n, ndone > 1 ? "ont" : "a");
		if (rc == 0 && n == 0)
			rc = strbuf_addstr(o, "<p>Aucun juré pour l'instant (utilis jury add).</p>\n");
		if (rc == 0 && n > 0)
			rc = table_open(o, "Avancement du jury");
		if (rc == 0 && n > 0)
			rc = strbuf_addstr(o, "<thead><tr><th scope=\"col\">Juré</th>"
					   "<th scope=\"col\">Organisation</th>"
					   "<th scope=\"col\">Candidatures confiées</th>"
					   "<th scope=\"col\">Fiches commencées</th>"
					   "<th scope=\"col\">Conflits déclarés</th>"
					   "<th scope=\"col\">Notes envoyées</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; rc == 0 && i < n; i++) {
			rc = html_printf(o, "<tr><th scope=\"row\">%s</th><td>%s</td>", j[i].name,
				         j[i].organisation ? j[i].organisation : "");
			if (rc == 0)
				rc = strbuf_addf(o, "<td class=\"num\">%lld</td><td class=\"num\">%lld"
						 "</td><td class=\"num\">%lld</td><td>",
						 (long long)j[i].nassigned, (long long)j[i].nstarted,
						 (long long)j[i].nconflicts);
			if (rc == 0)
				rc = j[i].submitted_at ? add_time(o, j[i].submitted_at) :
					strbuf_addstr(o, "pas encore");
			if (rc == 0)
				rc = strbuf_addstr(o, "</td></tr>\n");
		}
		if (rc == 0 && n > 0)
			rc = table_close(o);
		jurors_free(j, n);
	}
	return rc;
}

/* GET /admin */
static enum MHD_Result overview(struct collect_server *srv, struct MHD_Connection *c)
{
	struct strbuf o = STRBUF_INIT;
	struct survey_version *v = NULL;
	struct error err;
	size_t n = 0;
	int rc;

	rc = head(&o, "Questionnaires", 0);
	if (rc == 0)
		rc = table_open(&o, "Questionnaires");
	if (rc == 0)
		rc = strbuf_addstr(&o, "<thead><tr><th scope=\"col\">Questionnaire</th>"
				   "<th scope=\"col\">form_id</th><th scope=\"col\">Liens</th>"
				   "<th scope=\"col\">Pas commencé</th><th scope=\"col\">Ouvert, rien "
				   "enregistré</th><th scope=\"col\">Commencé</th>"
				   "<th scope=\"col\">Envoyé</th><th scope=\"col\">Taux de réponse</th>"
				   "<th scope=\"col\">Réponses enregistrées</th>"
				   "<th scope=\"col\">Réponses</th></tr></thead>\n<tbody>\n");
	pthread_mutex_lock(&srv->arlock);
	if (rc == 0 && store_survey_list(srv->ard, &v, &n, &err) < 0)
		rc = -2;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct invitation_counts k;
		int64_t all = 0;
		size_t j;

		if (i + 1 < n && !strcmp(v[i].form_id, v[i + 1].form_id))
			continue;	/* one row per form: its latest version */
		for (j = 0; j < n; j++)
			if (!strcmp(v[j].form_id, v[i].form_id))
				all += v[j].nrespondents;
		if (store_invitation_counts(srv->ard, v[i].form_id, &k, &err) < 0) {
			rc = -2;
			break;
		}
		rc = html_printf(&o, "<tr><td><a href=\"admin/%s\">%s</a></td><td>%s</td>",
			         v[i].form_id, v[i].title ? v[i].title : v[i].form_id, v[i].form_id);
		if (rc == 0)
			rc = strbuf_addf(&o, "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
					 "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
					 "<td class=\"num\">%lld</td><td class=\"num\">",
					 (long long)(k.invited + k.opened + k.started + k.submitted),
					 (long long)k.invited, (long long)k.opened,
					 (long long)k.started, (long long)k.submitted);
		if (rc == 0)
			rc = rate(&o, k.submitted, k.invited + k.started + k.submitted);
		if (rc == 0)
			rc = html_printf(&o, "</td><td class=\"num\">%d</td><td class=\"downloads\">"
				         "<a href=\"admin/%s.csv\">CSV</a> <a href=\"admin/%s.xlsx\">XLSX</a>"
				         "</td></tr>\n", (int)all, v[i].form_id, v[i].form_id);
	}
	survey_versions_free(v, n);
	if (rc == 0)
		rc = table_close(&o);
	if (rc == 0)
		rc = strbuf_addstr(&o, "<p class=\"small\">Taux de réponse : "
				   "liens envoyés sur l'ensemble des liens (sans les liens ouverts "
				   "par le lien public où rien n'a été enregistré). Réponses "
				   "enregistrées : "
				   "toutes les sources (formulaires, imports). CSV : séparé par des "
				   "points-virgules, comme Excel l'ouvre en français ; un fichier par "
				   "groupe répété, dans une archive zip, pour un questionnaire qui en a."
				   "</p>\n");
	if (rc == 0)
		rc = jury_progress(srv, &o, &err);
	pthread_mutex_unlock(&srv->arlock);
	if (rc == 0)
		rc = tail(&o);
	if (rc == -2)
		srv_log(srv, "%s", err.msg);
	if (rc < 0) {
		strbuf_release(&o);
		return MHD_queue_response(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
					  MHD_create_response_from_buffer(0, (void *)"",
									  MHD_RESPMEM_PERSISTENT));
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/* --- one survey -------------------------------------------------------- */

struct rows_ctx {
	struct strbuf *o;		/* output */
	const struct survey *s;		/* version read */
	size_t nrow;			/* rows seen */
	struct strbuf remind;		/* the rows of the people to remind */
	size_t nremind;			/* their number */
	size_t nnocontact;		/* links not submitted that name nobody */
	size_t noptout;			/* people not submitted who asked for no more e-mail */
	struct strbuf tmp;		/* one cell's labels */
};

static const char *const status_fr[] = { "pas commencé", "commencé", "envoyé" };

/* What utilis mail did for inv, into buf: the address stopped, or the messages sent. */
static const char *mail_text(const struct invitation *inv, char *buf, size_t size)
{
	char when[64];

	if (inv->mail_stop == MAIL_STOP_OPTOUT)
		snprintf(buf, size, "désinscrit (plus de courriel)");
	else if (inv->mail_stop == MAIL_STOP_REFUSED)
		snprintf(buf, size, "adresse refusée par le serveur");
	else if (inv->mail_sent > 0)
		snprintf(buf, size, "%d envoyé%s, le dernier le %s", inv->mail_sent,
			 inv->mail_sent > 1 ? "s" : "",
			 frtime_format(when, sizeof(when), inv->mail_last));
	else
		buf[0] = '\0';
	return buf;
}

/*
 * One link in the table of links, and in the list of people to remind when
 * it names someone who has not submitted.  The list says who has not
 * answered yet, never what anyone answered: in an anonymous survey the
 * store keeps no time nor row that ties a submitted link to its answers
 * (store.h, struct invitation), and nothing here adds one.
 */
static int contact_row(void *ctx, const struct invitation *inv)
{
	struct rows_ctx *x = ctx;
	char mail[128];
	int rc;

	if (inv->is_open)
		return 0;	/* open-link visitors have no contact */
	mail_text(inv, mail, sizeof(mail));
	rc = html_printf(x->o, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		         inv->name ? inv->name : "", inv->email ? inv->email : "",
		         inv->group ? inv->group : "", status_fr[inv->status]);
	if (rc == 0)
		rc = add_time(x->o, inv->updated_at);
	if (rc == 0)
		rc = html_printf(x->o, "</td><td>%s</td></tr>\n", mail);
	if (rc < 0 || inv->status == RESP_SUBMITTED)
		return rc < 0 ? -1 : 0;
	if (!inv->name && !inv->email) {
		x->nnocontact++;
		return 0;
	}
	if (inv->mail_stop == MAIL_STOP_OPTOUT) {
		x->noptout++;
		return 0;
	}
	x->nremind++;
	rc = html_printf(&x->remind, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		         inv->name ? inv->name : "", inv->email ? inv->email : "",
		         inv->group ? inv->group : "", status_fr[inv->status], mail);
	return rc < 0 ? -1 : 0;
}

/* Questions that are columns: every one holding an answer. */
static int is_column(const struct question *q)
{
	return question_has_value(q);
}

/*
 * The answer text of q as people read it: a choice's label in the survey's
 * language rather than its name ("Oui" for "1"), the labels of a multiple
 * choice or a ranking joined by "; "; other answers as they are.  Into
 * x->tmp; returns its text.
 */
static const char *answer_label(struct rows_ctx *x, const struct question *q, const char *v)
{
	struct strbuf *b = &x->tmp;

	if (!q->list || !v || !*v)
		return v ? v : "";
	strbuf_reset(b);
	while (*v) {
		size_t len = strcspn(v, " "), k;
		const char *label = NULL;

		for (k = 0; k < q->list->n && !label; k++)
			if (strlen(q->list->v[k].name) == len && !memcmp(q->list->v[k].name, v, len))
				label = label_get(x->s, &q->list->v[k].label, x->s->default_lang);
		if (b->len && strbuf_addstr(b, "; ") < 0)
			return "";
		if ((label && *label ? strbuf_addstr(b, label) : strbuf_add(b, v, len)) < 0)
			return "";
		v += len;
		while (*v == ' ')
			v++;
	}
	return b->buf ? b->buf : "";
}

static int answer_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct rows_ctx *x = ctx;
	const struct survey *s = x->s;
	int rc;

	if (x->nrow++ >= ADMIN_MAX_ROWS)
		return 0;
	rc = strbuf_addf(x->o, "<tr><td class=\"num\">%lld</td><td>", (long long)r->id);
	if (rc == 0)
		rc = html_printf(x->o, "%s</td><td>", r->group ? r->group : "");
	if (rc == 0)
		rc = add_time(x->o, r->submitted_at);
	if (rc == 0)
		rc = strbuf_addstr(x->o, "</td>");
	for (size_t i = 0; rc == 0 && i < s->nq; i++) {
		const struct question *q = s->questions[i];

		if (!is_column(q))
			continue;
		rc = strbuf_addstr(x->o, q->list ? "<td>" : "<td class=\"text\">");
		if (rc == 0 && i < n)
			rc = html_escape_lines(x->o, answer_label(x, q, values[i]));
		if (rc == 0)
			rc = strbuf_addstr(x->o, "</td>");
	}
	if (rc == 0)
		rc = strbuf_addstr(x->o, "</tr>\n");
	return rc < 0 ? -1 : 0;
}

/* --- the downloads, streamed ------------------------------------------- */

/*
 * A download runs in a thread of its own that opens a read connection of
 * its own and writes into a pipe, which libmicrohttpd reads as the client
 * takes the data; the server's shared read connection is never held, so
 * respondents' pages do not wait.  The rows go through report/export.h,
 * the same bytes as `utilis responses export`:
 *  - CSV: `--sep ';'` (a BOM, decimal commas: French Excel opens it in
 *    columns), written straight into the pipe, so memory stays at a pipe
 *    and a buffer whatever the number of answers;
 *  - XLSX, and the CSV files of a survey with repeats (the respondents'
 *    and one per repeat, joined by _id, _index and _parent_index) put in
 *    a zip: written whole into a private temporary directory first (a
 *    workbook and an archive end with their index), then copied into the
 *    pipe and removed.
 */
enum dl_kind { DL_CSV, DL_XLSX, DL_ZIP };

struct dl_stream {
	const char *db_path;		/* the workspace */
	const struct survey *s;		/* the version exported (the server's cache) */
	enum dl_kind kind;		/* what is sent */
	int rfd, wfd;			/* the pipe: MHD reads rfd, the thread writes wfd */
	pthread_t thread;		/* the producer */
	int started;			/* thread runs and must be joined */
	volatile int failed;		/* the producer stopped on an error */
	struct collect_server *srv;	/* for the log */
};

struct dl_rows {
	struct exporter *ex;		/* the writer */
	struct error *err;		/* its error */
};

static int dl_row(void *ctx, const struct respondent *r, const char *const *values, size_t n)
{
	struct dl_rows *x = ctx;

	return export_row(x->ex, r, values, n, x->err) < 0 ? 1 : 0;
}

static int dl_row_rep(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	struct dl_rows *x = ctx;

	return export_row_rep(x->ex, r, rec, x->err) < 0 ? 1 : 0;
}

/* Copy file path into fd.  0 or -1 with err. */
static int copy_file(const char *path, int fd, struct error *err)
{
	char buf[64 * 1024];
	int in = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (in < 0)
		return error_set(err, "cannot open '%s': %s", path, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(err, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(fd, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				close(in);
				return error_set(err, "%s", strerror(errno));
			}
			off += w;
		}
	}
	close(in);
	return n == 0 ? 0 : -1;
}

/* Put the nfile files of dir into the zip archive zpath, under their names.  0 or -1. */
static int zip_files(const char *zpath, const char *dir, char **names, size_t nfile,
		     struct error *err)
{
	zip_t *z;
	int zerr = 0;

	if (!(z = zip_open(zpath, ZIP_CREATE | ZIP_TRUNCATE, &zerr)))
		return error_set(err, "cannot create the zip archive (libzip error %d)", zerr);
	for (size_t i = 0; i < nfile; i++) {
		char path[4096];
		zip_source_t *src;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >= (int)sizeof(path)) {
			zip_discard(z);
			return error_set(err, "temporary path too long");
		}
		if (!(src = zip_source_file(z, path, 0, -1)) ||
		    zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8) < 0) {
			if (src)
				zip_source_free(src);
			error_set(err, "cannot add '%s' to the zip archive: %s", names[i],
				  zip_strerror(z));
			zip_discard(z);
			return -1;
		}
	}
	if (zip_close(z) < 0) {
		error_set(err, "cannot write the zip archive: %s", zip_strerror(z));
		zip_discard(z);
		return -1;
	}
	return 0;
}

/*
 * The XLSX workbook or the zip of CSV files of cs->s, made in a private
 * temporary directory, copied into the pipe, removed.  0 or -1 with err.
 */
static int dl_by_file(struct dl_stream *cs, struct store *rd, struct error *err)
{
	struct export_options opt = { cs->kind == DL_XLSX ? EXPORT_XLSX : EXPORT_CSV, ';', 0, 0 };
	const struct survey *s = cs->s;
	const char *tmp = getenv("TMPDIR");
	char dir[4096], out[4096], **names = calloc(1 + s->nrepeats, sizeof(*names));
	struct exporter *ex = NULL;
	struct dl_rows x = { NULL, err };
	size_t nfile = 0;
	int rc;

	if (!names)
		return error_set(err, "out of memory");
	if (snprintf(dir, sizeof(dir), "%s/utilis-admin.XXXXXX", tmp && *tmp ? tmp : P_tmpdir) >=
	    (int)sizeof(dir) - 200 || !mkdtemp(dir)) {
		free(names);
		return error_set(err, "cannot make a temporary directory: %s", strerror(errno));
	}
	if (snprintf(out, sizeof(out), "%s/%s.%s", dir, s->form_id,
		     cs->kind == DL_XLSX ? "xlsx" : "csv") >= (int)sizeof(out)) {
		free(names);
		rmdir(dir);
		return error_set(err, "temporary path too long");
	}
	opt.lang = s->default_lang;
	rc = export_open(&ex, s, out, &opt, err);
	if (rc == 0)
		rc = export_begin(ex, err);
	if (rc == 0) {
		x.ex = ex;
		rc = store_answers_each_rep(rd, s->form_id, s->version, 1, s->nq, dl_row_rep, &x, err);
	}
	if (rc == 0) {	/* the files' names, before export_finish() frees ex */
		names[nfile++] = strdup(strrchr(out, '/') + 1);
		for (size_t k = 0; cs->kind == DL_ZIP && k < s->nrepeats; k++)
			names[nfile++] = strdup(strrchr(export_sub_path(ex, k), '/') + 1);
		rc = export_finish(ex, NULL, err);
		ex = NULL;
	}
	if (ex)
		export_abort(ex);
	for (size_t i = 0; rc == 0 && i < nfile; i++)
		if (!names[i])
			rc = error_set(err, "out of memory");
	if (rc == 0 && cs->kind == DL_ZIP) {
		char zpath[4200];

		if (snprintf(zpath, sizeof(zpath), "%s/%s.zip", dir, s->form_id) >= (int)sizeof(zpath))
			rc = error_set(err, "temporary path too long");
		else
			rc = zip_files(zpath, dir, names, nfile, err);
		if (rc == 0)
			rc = copy_file(zpath, cs->wfd, err);
		unlink(zpath);
	} else if (rc == 0) {
		rc = copy_file(out, cs->wfd, err);
	}
	for (size_t i = 0; i < nfile; i++) {
		char path[4400];

		if (names[i]) {
			if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) < (int)sizeof(path))
				unlink(path);
		}
		free(names[i]);
	}
	free(names);
	rmdir(dir);
	return rc;
}

static void *dl_produce(void *arg)
{
	struct dl_stream *cs = arg;
	struct export_options opt = { EXPORT_CSV, ';', 0, 0 };
	struct exporter *ex = NULL;
	struct store *rd = NULL;
	struct dl_rows x;
	struct error err;
	sigset_t pipe_sig;
	int rc;

	/* a client that leaves closes the pipe: EPIPE here, not a SIGPIPE for the server */
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, NULL);
	rc = store_open(&rd, cs->db_path, STORE_READONLY, &err);
	if (rc == 0 && cs->kind != DL_CSV) {
		rc = dl_by_file(cs, rd, &err);
		goto done;
	}
	if (rc == 0)
		rc = export_open_fd(&ex, cs->s, cs->wfd, &opt, &err);
	if (rc == 0)
		rc = export_begin(ex, &err);
	if (rc == 0) {
		x.ex = ex;
		x.err = &err;
		rc = store_answers_each(rd, cs->s->form_id, cs->s->version, 1, cs->s->nq,
					dl_row, &x, &err);
	}
	if (rc == 0) {
		rc = export_finish(ex, NULL, &err);
		ex = NULL;
	}
	if (ex)
		export_abort(ex);
done:
	if (rc != 0) {
		cs->failed = 1;
		if (!strstr(err.msg, strerror(EPIPE)))	/* the client left: not an error of ours */
			srv_log(cs->srv, "admin download of %s: %s", cs->s->form_id, err.msg);
	}
	store_close(rd);
	close(cs->wfd);
	cs->wfd = -1;
	return NULL;
}

static ssize_t dl_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct dl_stream *cs = cls;
	ssize_t n;

	(void)pos;
	do
		n = read(cs->rfd, buf, max);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		return n;
	if (n == 0 && !cs->failed)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return MHD_CONTENT_READER_END_WITH_ERROR;	/* the client sees a cut transfer */
}

static void dl_free(void *cls)
{
	struct dl_stream *cs = cls;

	close(cs->rfd);		/* a producer still writing gets EPIPE and stops */
	if (cs->started)
		pthread_join(cs->thread, NULL);
	if (cs->wfd >= 0)
		close(cs->wfd);
	free(cs);
}

/* GET /admin/FORM.csv, .xlsx or .zip for version s: a streamed response. */
static enum MHD_Result download(struct collect_server *srv, struct MHD_Connection *c,
				const struct survey *s, int version, enum dl_kind kind)
{
	static const char *const type[] = {
		"text/csv; charset=utf-8",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/zip",
	};
	static const char *const ext[] = { "csv", "xlsx", "zip" };
	struct dl_stream *cs = calloc(1, sizeof(*cs));
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char disp[160];
	int fds[2];

	if (!cs)
		return MHD_NO;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		free(cs);
		return MHD_NO;
	}
	cs->rfd = fds[0];
	cs->wfd = fds[1];
	cs->db_path = srv->cfg.db_path;
	cs->s = s;
	cs->kind = kind;
	cs->srv = srv;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, dl_read, cs, dl_free);
	if (!resp) {
		close(fds[0]);
		close(fds[1]);
		free(cs);
		return MHD_NO;
	}
	if (pthread_create(&cs->thread, NULL, dl_produce, cs) == 0) {
		cs->started = 1;
	} else {
		cs->failed = 1;
		close(cs->wfd);
		cs->wfd = -1;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s-v%d.%s\"", s->form_id, version,
		 ext[kind]);
	MHD_add_response_header(resp, "Content-Type", type[kind]);
	MHD_add_response_header(resp, "Content-Disposition", disp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'");
	ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);	/* dl_free runs once the response is done with */
	return ret;
}

/*
 * GET /admin/FORM (dl < 0) and its downloads FORM.csv, FORM.xlsx, FORM.zip.
 * The CSV of a survey with repeats is several files: FORM.csv sends to
 * FORM.zip, which holds them.
 */
static enum MHD_Result survey_page(struct collect_server *srv, struct MHD_Connection *c,
				   const char *form_id, int dl)
{
	const char *qv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "version");
	struct strbuf o = STRBUF_INIT;
	struct survey_version sv;
	struct invitation_counts k;
	const struct survey *s = NULL;
	struct rows_ctx x = { &o, NULL, 0, STRBUF_INIT, 0, 0, 0, STRBUF_INIT };
	struct error err;
	int version = qv ? atoi(qv) : 0, rc, found;
	enum MHD_Result ret;
	int locked = 1;

	pthread_mutex_lock(&srv->arlock);
	found = store_survey_get(srv->ard, form_id, version > 0 ? version : 0, &sv, &err);
	if (found == 1) {
		srv_rlock(srv);	/* the survey cache */
		s = srv_survey(srv, sv.id, sv.form_id, sv.version);
		srv_runlock(srv);
		x.s = s;
	}
	rc = found < 0 || (found == 1 && !s) ? -2 : 0;
	if (rc == 0 && found == 1 && dl == DL_CSV && s->nrepeats) {
		char to[160];

		pthread_mutex_unlock(&srv->arlock);
		snprintf(to, sizeof(to), "%s.zip?version=%d", form_id, sv.version);
		survey_version_release(&sv);
		return srv_redirect(c, to);
	}
	if (rc == 0 && found == 1 && dl == DL_ZIP && !s->nrepeats) {
		pthread_mutex_unlock(&srv->arlock);
		locked = 0;
		survey_version_release(&sv);
		found = 0;	/* a single CSV: no archive */
	} else if (rc == 0 && found == 1 && dl >= 0) {
		pthread_mutex_unlock(&srv->arlock);
		ret = download(srv, c, s, sv.version, (enum dl_kind)dl);
		survey_version_release(&sv);
		return ret;
	} else if (rc == 0 && found == 1 && store_invitation_counts(srv->ard, form_id, &k, &err) < 0) {
		rc = -2;
	} else if (rc == 0 && found == 1) {
		const char *title = label_get(s, &s->title, s->default_lang);

		rc = head(&o, title ? title : form_id, 1);
		if (rc == 0)
			rc = html_printf(&o, "<p><a href=\"../admin\">Tous les questionnaires</a></p>\n"
				         "<p>%s, version %d%s.</p>\n", form_id,
				         sv.version, s->panel ? ", panel (pseudonyme)" :
				         s->anonymous ? ", anonyme" : ", nominatif");
		if (rc == 0)
			rc = table_open(&o, "Où en est la collecte");
		if (rc == 0)
			rc = strbuf_addf(&o, "<tbody>\n<tr><th scope=\"row\">Pas commencé</th>"
					 "<td class=\"num\">%lld</td></tr>\n"
					 "<tr><th scope=\"row\">Ouvert par le lien public, rien "
					 "enregistré</th><td class=\"num\">%lld</td></tr>\n"
					 "<tr><th scope=\"row\">Commencé</th><td class=\"num\">%lld</td></tr>\n"
					 "<tr><th scope=\"row\">Envoyé</th><td class=\"num\">%lld</td></tr>\n"
					 "<tr><th scope=\"row\">Taux de réponse</th><td class=\"num\">",
					 (long long)k.invited, (long long)k.opened, (long long)k.started,
					 (long long)k.submitted);
		if (rc == 0)
			rc = rate(&o, k.submitted, k.invited + k.started + k.submitted);
		if (rc == 0)
			rc = strbuf_addstr(&o, "</td></tr>\n");
		if (rc == 0)
			rc = table_close(&o);
		if (rc == 0)
			rc = html_printf(&o, "<p class=\"downloads\"><a class=\"button\" href=\"%s.%s?version=%d\">"
				         "Télécharger les réponses (CSV%s)</a> <a class=\"button\" "
				         "href=\"%s.xlsx?version=%d\">Télécharger les réponses (Excel)</a>"
				         "</p>\n<p class=\"small\">CSV séparé par des points-virgules, "
				         "comme Excel l'ouvre en français%s. Le classeur Excel a une feuille "
				         "des réponses%s et une feuille qui décrit les questions.</p>\n",
				         form_id, s->nrepeats ? "zip" : "csv", sv.version,
				         s->nrepeats ? ", un fichier par groupe répété, en zip" : "",
				         form_id, sv.version,
				         s->nrepeats ? " : les fichiers des groupes répétés se joignent "
				         "à celui des personnes par _id" : "",
				         s->nrepeats ? ", une par groupe répété" : "");
		/* the links: into o; the people to remind: into x.remind, shown first */
		if (rc == 0) {
			struct strbuf links = STRBUF_INIT;

			x.o = &links;
			if (store_invitation_each(srv->ard, form_id, contact_row, &x, &err) < 0)
				rc = -2;
			x.o = &o;
			if (rc == 0)
				rc = strbuf_addf(&o, "<h2>À relancer (%zu)</h2>\n", x.nremind);
			if (rc == 0)
				rc = strbuf_addstr(&o, "<p>Les personnes invitées qui n'ont pas encore "
						   "envoyé leurs réponses.");
			if (rc == 0 && s->anonymous)
				rc = strbuf_addstr(&o, " Questionnaire anonyme : la liste dit qui n'a "
						   "pas encore répondu, jamais qui a répondu quoi.");
			if (rc == 0 && x.noptout)
				rc = strbuf_addf(&o, " %zu %s demandé à ne plus recevoir de courriel "
						 "et n'y %s pas.", x.noptout, x.noptout > 1 ?
						 "personnes ont" : "personne a",
						 x.noptout > 1 ? "sont" : "est");
			if (rc == 0 && x.nnocontact)
				rc = strbuf_addf(&o, " %zu lien%s sans nom ni courriel ne peu%s être "
						 "relancé%s qu'en les redonnant.", x.nnocontact,
						 x.nnocontact > 1 ? "s" : "", x.nnocontact > 1 ? "vent" : "t",
						 x.nnocontact > 1 ? "s" : "");
			if (rc == 0)
				rc = strbuf_addstr(&o, "</p>\n");
			if (rc == 0 && x.nremind)
				rc = table_open(&o, "À relancer");
			if (rc == 0 && x.nremind)
				rc = strbuf_addstr(&o, "<thead><tr><th scope=\"col\">Nom</th>"
						   "<th scope=\"col\">Courriel</th><th scope=\"col\">Groupe"
						   "</th><th scope=\"col\">État</th><th scope=\"col\">"
						   "Courriels (utilis mail)</th></tr></thead>\n<tbody>\n");
			if (rc == 0 && x.nremind)
				rc = strbuf_add(&o, x.remind.buf, x.remind.len);
			if (rc == 0 && x.nremind)
				rc = table_close(&o);
			if (rc == 0)
				rc = strbuf_addstr(&o, "<h2>Liens envoyés</h2>\n");
			if (rc == 0)
				rc = table_open(&o, "Liens envoyés");
			if (rc == 0)
				rc = strbuf_addstr(&o, "<thead><tr><th scope=\"col\">Nom</th>"
						   "<th scope=\"col\">Courriel</th><th scope=\"col\">Groupe"
						   "</th><th scope=\"col\">État</th><th scope=\"col\">"
						   "Dernier enregistrement</th><th scope=\"col\">Courriels "
						   "(utilis mail)</th></tr></thead>\n<tbody>\n");
			if (rc == 0 && links.len)
				rc = strbuf_add(&o, links.buf, links.len);
			if (rc == 0)
				rc = table_close(&o);
			strbuf_release(&links);
		}
		if (rc == 0)
			rc = strbuf_addf(&o, "<h2>Réponses envoyées (version %d)</h2>\n"
					 "<p class=\"small\">Heures de Paris.</p>\n", sv.version);
		if (rc == 0)
			rc = table_open(&o, "Réponses envoyées");
		if (rc == 0)
			rc = strbuf_addstr(&o, "<thead><tr><th scope=\"col\">_id</th><th scope=\"col\">"
					   "_group</th><th scope=\"col\">_submitted_at</th>");
		for (size_t i = 0; rc == 0 && i < s->nq; i++)
			if (is_column(s->questions[i]))
				rc = html_printf(&o, "<th scope=\"col\">%s</th>", s->questions[i]->name);
		if (rc == 0)
			rc = strbuf_addstr(&o, "</tr></thead>\n<tbody>\n");
		if (rc == 0 && store_answers_each(srv->ard, form_id, sv.version, 1, s->nq,
						  answer_row, &x, &err) < 0)
			rc = -2;
		if (rc == 0)
			rc = table_close(&o);
		if (rc == 0 && x.nrow > ADMIN_MAX_ROWS)
			rc = strbuf_addf(&o, "<p>%zu réponses de plus dans les fichiers à "
					 "télécharger.</p>\n", x.nrow - ADMIN_MAX_ROWS);
		if (rc == 0)
			rc = tail(&o);
	}
	if (locked)
		pthread_mutex_unlock(&srv->arlock);
	strbuf_release(&x.remind);
	strbuf_release(&x.tmp);
	if (found == 1)
		survey_version_release(&sv);
	if (rc == -2)
		srv_log(srv, "%s", err.msg);
	if (rc < 0) {
		strbuf_release(&o);
		return MHD_queue_response(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
					  MHD_create_response_from_buffer(0, (void *)"",
									  MHD_RESPMEM_PERSISTENT));
	}
	if (found != 1) {
		strbuf_release(&o);
		if (head(&o, "Questionnaire inconnu", 1) < 0 ||
		    html_printf(&o, "<p>Aucun questionnaire « %s » dans l'espace de travail%s.</p>\n"
			        "<p><a href=\"../admin\">Tous les questionnaires</a></p>\n", form_id,
			        dl == DL_ZIP ? " qui ait des groupes répétés (son CSV est un fichier seul)" :
			        "") < 0 ||
		    tail(&o) < 0) {
			strbuf_release(&o);
			return MHD_NO;
		}
		return srv_reply(c, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", &o, 0);
	}
	return srv_reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", &o, 0);
}

/* 1 when s is a form_id: letters, digits, '_' and '-'. */
static int is_form_id(const char *s, size_t n)
{
	if (n == 0 || n > 100)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

enum MHD_Result admin_handle(struct collect_server *srv, struct MHD_Connection *c,
			     const char *path)
{
	char form_id[101];
	enum MHD_Result ret;
	size_t n;
	int dl = -1;

	if (!authorised(srv, c, *path ? "../" : "", &ret))
		return ret;
	if (!*path)
		return overview(srv, c);
	if (!strcmp(path, "/"))
		return srv_redirect(c, "../admin");
	path++;
	n = strlen(path);
	if (n > 4 && !strcmp(path + n - 4, ".csv")) {
		dl = DL_CSV;
		n -= 4;
	} else if (n > 5 && !strcmp(path + n - 5, ".xlsx")) {
		dl = DL_XLSX;
		n -= 5;
	} else if (n > 4 && !strcmp(path + n - 4, ".zip")) {
		dl = DL_ZIP;
		n -= 4;
	}
	if (!is_form_id(path, n)) {
		struct strbuf o = STRBUF_INIT;

		if (head(&o, "Page introuvable", 1) < 0 || tail(&o) < 0) {
			strbuf_release(&o);
			return MHD_NO;
		}
		return srv_reply(c, MHD_HTTP_NOT_FOUND, "text/html; charset=utf-8", &o, 0);
	}
	memcpy(form_id, path, n);
	form_id[n] = '\0';
	return survey_page(srv, c, form_id, dl);
}
