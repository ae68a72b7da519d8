/*
 * mail: SMTP through libcurl (see mail.h).  libcurl runs MAIL FROM, RCPT
 * TO and DATA itself and asks for the message's text through the read
 * callback only once DATA was answered 354: the first call of that
 * callback is where the message is claimed.  Which command a 5xx answered
 * is read from libcurl's error text ("RCPT failed: 550"); the server's
 * reply lines come through the debug callback (the commands sent, which
 * hold the login, are not kept).
 */
#include "collect/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

struct mail_conn {
	CURL *curl;			/* one handle: its connection is reused */
	char errbuf[CURL_ERROR_SIZE];	/* libcurl's message of the last failure */
	char lines[4][256];		/* the server's last reply lines, a ring */
	unsigned nlines;		/* lines received in this transfer */
	char last[256];			/* the reply that counts (mail_send) */
	/* the message being sent */
	const char *msg;		/* its text */
	size_t len, off;		/* its length, bytes handed to libcurl */
	int (*claim)(void *ctx);	/* called before the first byte */
	void *ctx;			/* its argument */
	int started;			/* the claim was made: the text is going */
	int refused;			/* the claim was refused */
};

static int global_done;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct mail_conn *m = userp;
	size_t room = size * nitems, n;

	if (!m->started) {
		if (m->claim && m->claim(m->ctx)) {
			m->refused = 1;
			return CURL_READFUNC_ABORT;
		}
		m->started = 1;
	}
	n = m->len - m->off < room ? m->len - m->off : room;
	memcpy(buf, m->msg + m->off, n);
	m->off += n;
	return n;
}

/* Keep the server's last reply line (CURLINFO_HEADER_IN), never what is sent. */
static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	struct mail_conn *m = userp;
	size_t n = size;

	(void)h;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n == 0)
		return 0;
	char *line = m->lines[m->nlines++ % 4];

	if (n >= sizeof(m->lines[0]))
		n = sizeof(m->lines[0]) - 1;
	memcpy(line, data, n);
	line[n] = '\0';
	for (size_t i = 0; i < n; i++)	/* the log keeps one printable line */
		if ((unsigned char)line[i] < ' ')
			line[i] = ' ';
	return 0;
}

/*
 * Into m->last, the latest reply line that carries code (libcurl's
 * response code leaves out the answer to QUIT), else the latest line.
 */
static void pick_reply(struct mail_conn *m, long code)
{
	char want[8];

	m->last[0] = '\0';
	if (m->nlines == 0)
		return;
	snprintf(want, sizeof(want), "%ld", code);
	for (unsigned k = 0; k < 4 && k < m->nlines; k++) {
		const char *line = m->lines[(m->nlines - 1 - k) % 4];

		if (code > 0 && !strncmp(line, want, strlen(want))) {
			snprintf(m->last, sizeof(m->last), "%s", line);
			return;
		}
	}
	snprintf(m->last, sizeof(m->last), "%s", m->lines[(m->nlines - 1) % 4]);
}

int mail_url_is_loopback(const char *url)
{
	const char *h;
	size_t n;

	if (!strncasecmp(url, "smtp://", 7))
		h = url + 7;
	else if (!strncasecmp(url, "smtps://", 8))
		h = url + 8;
	else
		return 0;
	if (!strncmp(h, "[::1]", 5))
		return h[5] == '\0' || h[5] == ':' || h[5] == '/';
	n = strcspn(h, ":/");
	if (n == 9 && !strncasecmp(h, "localhost", 9))
		return 1;
	if (strncmp(h, "127.", 4))
		return 0;
	for (size_t i = 4; i < n; i++)
		if (!(h[i] == '.' || (h[i] >= '0' && h[i] <= '9')))
			return 0;
	return 1;
}

int mail_open(struct mail_conn **out, const struct mail_config *cfg, struct error *err)
{
	struct mail_conn *m;
	int tls_always;

	*out = NULL;
	if (!strncasecmp(cfg->url, "smtps://", 8))
		tls_always = 1;
	else if (!strncasecmp(cfg->url, "smtp://", 7))
		tls_always = 0;
	else
		return error_set(err, "'%s' is not an SMTP server's address (smtp://HOST:PORT "
				 "or smtps://HOST:PORT)", cfg->url);
	if (!global_done) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return error_set(err, "cannot start libcurl");
		global_done = 1;
	}
	if (!(m = calloc(1, sizeof(*m))) || !(m->curl = curl_easy_init())) {
		free(m);
		return error_set(err, "out of memory");
	}
	curl_easy_setopt(m->curl, CURLOPT_URL, cfg->url);
	curl_easy_setopt(m->curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (!tls_always)
		curl_easy_setopt(m->curl, CURLOPT_USE_SSL,
				 (long)(cfg->insecure ? CURLUSESSL_NONE : CURLUSESSL_ALL));
	if (cfg->user) {
		curl_easy_setopt(m->curl, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(m->curl, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	curl_easy_setopt(m->curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(m->curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(m->curl, CURLOPT_READDATA, m);
	curl_easy_setopt(m->curl, CURLOPT_ERRORBUFFER, m->errbuf);
	curl_easy_setopt(m->curl, CURLOPT_VERBOSE, 1L);	/* for the debug callback only */
	curl_easy_setopt(m->curl, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(m->curl, CURLOPT_DEBUGDATA, m);
	curl_easy_setopt(m->curl, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(m->curl, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 60L);
	*out = m;
	return 0;
}

void mail_close(struct mail_conn *m)
{
	if (!m)
		return;
	curl_easy_cleanup(m->curl);	/* says QUIT on a live connection */
	free(m);
}

/* Failures after which nothing else can be sent either. */
static int is_fatal(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_OUT_OF_MEMORY:
	case CURLE_AUTH_ERROR:
		return 1;
	default:
		return 0;
	}
}

enum mail_result mail_send(struct mail_conn *m, const char *from, const char *to,
			   const char *msg, size_t len, int (*claim)(void *ctx), void *ctx,
			   char *reply, size_t replylen, struct error *err)
{
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	long code = 0;
	CURLcode c;
	enum mail_result r;

	if (!rcpt) {
		error_set(err, "out of memory");
		return SEND_FATAL;
	}
	m->msg = msg;
	m->len = len;
	m->off = 0;
	m->claim = claim;
	m->ctx = ctx;
	m->started = 0;
	m->refused = 0;
	m->errbuf[0] = '\0';
	m->last[0] = '\0';
	m->nlines = 0;
	curl_easy_setopt(m->curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(m->curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	c = curl_easy_perform(m->curl);
	curl_easy_getinfo(m->curl, CURLINFO_RESPONSE_CODE, &code);
	pick_reply(m, code);
	curl_easy_setopt(m->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);

	if (c == CURLE_OK) {
		r = SEND_OK;
	} else if (m->refused) {
		r = SEND_NOT_CLAIMED;
	} else if (m->started) {
		/* the text went: only an explicit reply says it was not taken */
		r = code >= 500 && code < 600 ? SEND_REFUSED_MSG
		    : code >= 400 && code < 500 ? SEND_DEFERRED : SEND_UNCERTAIN;
	} else if (code >= 500 && code < 600 && !strncmp(m->errbuf, "RCPT", 4)) {
		r = SEND_REFUSED_RCPT;
	} else if (code >= 500 && code < 600 && !strncmp(m->errbuf, "MAIL", 4)) {
		error_set(err, "the server refused the sender '%s': %s", from,
			  m->last[0] ? m->last : m->errbuf);
		r = SEND_FATAL;
	} else if (code >= 500 && code < 600 && c != CURLE_LOGIN_DENIED) {
		r = SEND_REFUSED_MSG;
	} else if (is_fatal(c)) {
		error_set(err, "cannot send through the SMTP server: %s%s%s",
			  m->errbuf[0] ? m->errbuf : curl_easy_strerror(c),
			  m->last[0] ? "; the server said: " : "", m->last);
		r = SEND_FATAL;
	} else {
		r = SEND_DEFERRED;
	}
	if (reply && replylen) {
		if (r == SEND_OK || r == SEND_REFUSED_RCPT || r == SEND_REFUSED_MSG ||
		    (r == SEND_DEFERRED && code >= 400 && m->last[0]))
			snprintf(reply, replylen, "%s", m->last[0] ? m->last : m->errbuf);
		else
			snprintf(reply, replylen, "%s", m->errbuf[0] ? m->errbuf : curl_easy_strerror(c));
	}
	return r;
}
