/*
 * mail: an SMTP session through libcurl, the only file of the project that
 * includes <curl/curl.h>.  smtp://HOST:PORT upgrades with STARTTLS and
 * refuses to go on in clear unless told (loopback tests), smtps:// is TLS
 * from the start; certificates are checked.  One connection serves every
 * message of a run and is opened again when the server drops it.
 *
 * Sending one message tells what happened to it precisely enough for the
 * send log (store.h, "e-mail"): refused for its address (5xx to RCPT TO),
 * refused as a message, deferred (4xx, or a connection lost before its
 * text went: certainly not delivered), or uncertain (its text went out and
 * no reply came: the server may have it).  The caller's claim function is
 * called once the server has accepted the envelope (MAIL FROM, RCPT TO,
 * DATA) and before the first byte of the text goes, so that the message
 * is on record as "sending" exactly while it could be delivered.
 */
#ifndef UTILIS_COLLECT_MAIL_H
#define UTILIS_COLLECT_MAIL_H

#include <stddef.h>

#include "util/diag.h"

struct mail_conn;

struct mail_config {
	const char *url;		/* smtp://HOST[:PORT] or smtps://HOST[:PORT] */
	const char *user;		/* login, or NULL for none */
	const char *password;		/* its password (with user) */
	int insecure;			/* smtp:// without TLS (the caller checks it is loopback) */
	long timeout_s;			/* the longest one message may take; 0: 60 s */
};

enum mail_result {
	SEND_OK,		/* the server answered 250 to the text: sent */
	SEND_REFUSED_RCPT,	/* 5xx to RCPT TO: the address is refused */
	SEND_REFUSED_MSG,	/* 5xx to DATA or to the text: this message is refused */
	SEND_DEFERRED,		/* 4xx, or the connection lost before the text went: not sent */
	SEND_UNCERTAIN,		/* the text went and no reply came: the server may have it */
	SEND_NOT_CLAIMED,	/* the claim function said no: nothing was sent */
	SEND_FATAL,		/* nothing can be sent (no server, TLS, login, sender refused) */
};

/* Check cfg and prepare a session (no connection yet).  0, or -1 with err. */
int mail_open(struct mail_conn **out, const struct mail_config *cfg, struct error *err);
/* Say QUIT and close. */
void mail_close(struct mail_conn *m);

/*
 * Send msg (len bytes, CRLF lines, as collect/mailmsg.h builds it) from
 * address from to address to.  claim(ctx) is called before the text's
 * first byte goes: non-zero abandons the message (SEND_NOT_CLAIMED).
 * reply gets the server's last reply line (code and text), or what went
 * wrong; for SEND_FATAL, err says what.
 */
enum mail_result mail_send(struct mail_conn *m, const char *from, const char *to,
			   const char *msg, size_t len, int (*claim)(void *ctx), void *ctx,
			   char *reply, size_t replylen, struct error *err);

/* 1 when url is smtp:// or smtps:// to 127.0.0.0/8, ::1 or localhost. */
int mail_url_is_loopback(const char *url);

#endif
