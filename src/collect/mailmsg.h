/*
 * mailmsg: an e-mail message as its bytes (RFC 5322 and MIME), without any
 * network (collect/mail.h sends it).  A message is multipart/alternative:
 * a text/plain part and a text/html part, both UTF-8 in quoted-printable,
 * so that no line goes over 76 characters and a line that starts with a
 * dot or "From " reaches the reader as written.  Header values that are
 * not ASCII (a subject with accents, a name) are RFC 2047 encoded words,
 * folded under 78 characters; control characters in them become spaces,
 * so that no value can add a header.  Lines end in CRLF.
 */
#ifndef UTILIS_COLLECT_MAILMSG_H
#define UTILIS_COLLECT_MAILMSG_H

#include <stddef.h>
#include <time.h>

#include "util/strbuf.h"

/* What the header of a message says. */
struct mailmsg_head {
	const char *from_name;		/* the sender's display name, or NULL */
	const char *from_addr;		/* the sender's address */
	const char *to_name;		/* the person's name, or NULL */
	const char *to_addr;		/* their address */
	const char *subject;		/* UTF-8, one line */
	const char *message_id;		/* "<...@...>" (mailmsg_message_id) */
	time_t date;			/* when it is sent */
	const char *lang;		/* Content-Language, or NULL */
	const char *unsubscribe;	/* a List-Unsubscribe address (https://...), or NULL */
};

/*
 * 1 when addr is an address this program sends to: ASCII local@domain, no
 * space, control character, quote, comma, angle bracket or parenthesis,
 * a dot in the domain, at most 254 characters.  (Addresses in other
 * scripts would need SMTPUTF8, which is not used.)
 */
int mailmsg_address_ok(const char *addr);

/*
 * A Message-ID for message seq of the link whose token is token, sent
 * from from_addr: "<32 hex digits.seq@domain>", the digits a hash of the
 * token and seq (the token itself is not in it).  The same message tried
 * again has the same Message-ID, so that a copy sent twice can be told.
 * out must hold 128 bytes.  0, or -1 when from_addr has no domain.
 */
int mailmsg_message_id(char out[128], const char *token, int seq, const char *from_addr);

/* The Date header's value for t: "Sun, 06 Dec 2026 09:05:03 +0000" (UTC). */
void mailmsg_date(char out[40], time_t t);

/*
 * Append a header "Name: value" to out, value encoded as RFC 2047 words
 * when not ASCII and folded, ending in CRLF.  0 or -1 (memory).
 */
int mailmsg_header(struct strbuf *out, const char *name, const char *value);
/* Append text as quoted-printable, lines (LF or CRLF) ending in CRLF.  0 or -1. */
int mailmsg_qp(struct strbuf *out, const char *text);

/*
 * The whole message: header, then the text and HTML parts.  0, or -1
 * (memory, or an address mailmsg_address_ok refuses).
 */
int mailmsg_build(struct strbuf *out, const struct mailmsg_head *h, const char *text,
		  const char *html);

#endif
