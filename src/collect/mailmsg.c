/*
 * mailmsg: the bytes of an e-mail message (see mailmsg.h).  Encoded words
 * are base64 ("B"), at most 75 characters each, cut between UTF-8
 * characters; quoted-printable lines are at most 76 characters with the
 * soft break.  The MIME boundary starts with "=_", which quoted-printable
 * text never holds ("=" is always followed by two hex digits or a line
 * break there), so no part can end the message early.
 */
#include "collect/mailmsg.h"

#include <stdio.h>
#include <string.h>

#include "util/sha256.h"

#define LINE_MAX_CHARS 76	/* a quoted-printable line, with its soft break */
#define HEADER_FOLD 76		/* fold header lines before this many characters */

int mailmsg_address_ok(const char *addr)
{
	const char *at, *dot;
	size_t n;

	if (!addr || (n = strlen(addr)) < 3 || n > 254)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)addr[i];

		if (c <= ' ' || c >= 0x7f || strchr("\"(),:;<>[\\]", c))
			return 0;
	}
	at = strchr(addr, '@');
	if (!at || at == addr || strchr(at + 1, '@') || (size_t)(at - addr) > 64)
		return 0;
	dot = strchr(at + 1, '.');
	if (!dot || dot == at + 1 || addr[n - 1] == '.' || strstr(at, ".."))
		return 0;
	return 1;
}

int mailmsg_message_id(char out[128], const char *token, int seq, const char *from_addr)
{
	static const char label[] = "utilis message-id";
	const char *domain = from_addr ? strrchr(from_addr, '@') : NULL;
	unsigned char h[32];
	struct sha256 c;
	char num[16];
	int len;

	if (!domain || !domain[1] || strlen(domain) > 80)
		return -1;
	snprintf(num, sizeof(num), "%d", seq);
	sha256_init(&c);
	sha256_update(&c, label, sizeof(label));
	sha256_update(&c, token, strlen(token) + 1);
	sha256_update(&c, num, strlen(num));
	sha256_final(&c, h);
	len = snprintf(out, 128, "<");
	for (int i = 0; i < 16; i++)
		len += snprintf(out + len, 128 - (size_t)len, "%02x", h[i]);
	snprintf(out + len, 128 - (size_t)len, ".%d%s>", seq, domain);
	return 0;
}

void mailmsg_date(char out[40], time_t t)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mons[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
					  "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		 mons[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int is_ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* s into sb, every control character (CR and LF among them) a space. */
static int clean(struct strbuf *sb, const char *s)
{
	strbuf_reset(sb);
	for (; *s; s++)
		if (strbuf_addch(sb, (unsigned char)*s < ' ' || *s == 0x7f ? ' ' : *s) < 0)
			return -1;
	return 0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int base64(struct strbuf *out, const unsigned char *p, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		char q[4] = { b64[v >> 18 & 63], b64[v >> 12 & 63],
			      i + 1 < n ? b64[v >> 6 & 63] : '=', i + 2 < n ? b64[v & 63] : '=' };

		rc = strbuf_add(out, q, 4);
	}
	return rc;
}

/* Characters on the last line of sb. */
static size_t line_col(const struct strbuf *sb)
{
	size_t i = sb->len;

	while (i > 0 && sb->buf[i - 1] != '\n')
		i--;
	return sb->len - i;
}

/*
 * Append s (no control characters) as RFC 2047 encoded words, each
 * fitting the line it is on (78 characters), the later ones on folded
 * lines.
 */
static int encoded_words(struct strbuf *out, const char *s)
{
	size_t n = strlen(s), i = 0;
	int rc = 0;

	while (i < n && rc == 0) {
		size_t col = line_col(out), avail, take;

		if (i > 0 || col + 12 + 16 > 78) {
			if ((rc = strbuf_addstr(out, "\r\n ")) < 0)
				break;
			col = 1;
		}
		avail = 78 - col - 12;		/* "=?UTF-8?B?" and "?=" */
		take = avail / 4 * 3;		/* bytes that fit as base64 */
		if (take > n - i)
			take = n - i;
		while (take > 0 && i + take < n && ((unsigned char)s[i + take] & 0xc0) == 0x80)
			take--;	/* do not cut a character */
		if (take == 0)
			take = 1;
		rc = strbuf_addstr(out, "=?UTF-8?B?") ||
		     base64(out, (const unsigned char *)s + i, take) ||
		     strbuf_addstr(out, "?=") ? -1 : 0;
		i += take;
	}
	return rc;
}

/* Append ASCII s folded at spaces so that lines stay under HEADER_FOLD. */
static int folded(struct strbuf *out, const char *s, size_t col)
{
	int rc = 0;

	while (*s && rc == 0) {
		const char *sp = strchr(s + 1, ' ');
		size_t w = sp ? (size_t)(sp - s) : strlen(s);

		if (col + w > HEADER_FOLD && col > 1 && *s == ' ') {
			rc = strbuf_addstr(out, "\r\n");
			col = 0;
		}
		if (rc == 0)
			rc = strbuf_add(out, s, w);
		col += w;
		s += w;
	}
	return rc;
}

int mailmsg_header(struct strbuf *out, const char *name, const char *value)
{
	struct strbuf v = STRBUF_INIT;
	size_t col = strlen(name) + 2;
	int rc = clean(&v, value ? value : "");

	if (rc == 0)
		rc = strbuf_addf(out, "%s: ", name);
	if (rc == 0)
		rc = is_ascii_printable(v.buf) ? folded(out, v.buf, col) : encoded_words(out, v.buf);
	if (rc == 0)
		rc = strbuf_addstr(out, "\r\n");
	strbuf_release(&v);
	return rc;
}

/* A mailbox "Name <addr>" (or "addr") for From and To. */
static int mailbox(struct strbuf *out, const char *hname, const char *name, const char *addr)
{
	struct strbuf v = STRBUF_INIT;
	int rc;

	if (!mailmsg_address_ok(addr))
		return -1;
	rc = strbuf_addf(out, "%s: ", hname);
	if (rc == 0 && name && *name && (rc = clean(&v, name)) == 0) {
		if (is_ascii_printable(v.buf)) {	/* a quoted string: always safe */
			rc = strbuf_addch(out, '"');
			for (size_t i = 0; rc == 0 && i < v.len; i++)
				rc = (v.buf[i] == '"' || v.buf[i] == '\\' ? strbuf_addch(out, '\\') : 0) ||
				     strbuf_addch(out, v.buf[i]) ? -1 : 0;
			if (rc == 0)
				rc = strbuf_addch(out, '"');
		} else {
			rc = encoded_words(out, v.buf);
		}
		if (rc == 0)
			rc = strbuf_addstr(out, line_col(out) + strlen(addr) + 3 > 78 ? "\r\n " : " ");
	}
	if (rc == 0)
		rc = strbuf_addf(out, name && *name ? "<%s>\r\n" : "%s\r\n", addr);
	strbuf_release(&v);
	return rc;
}

int mailmsg_qp(struct strbuf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p = text;
	int rc = 0;

	while (*p && rc == 0) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p), col = 0;

		if (n > 0 && p[n - 1] == '\r')
			n--;
		for (size_t i = 0; i < n && rc == 0; i++) {
			unsigned char c = (unsigned char)p[i];
			char enc[4];
			size_t w;
			int literal = c >= 33 && c <= 126 && c != '=';

			if (c == ' ' || c == '\t')	/* literal unless it ends the line */
				literal = i + 1 < n;
			if (i == 0 && (c == '.' || (c == 'F' && !strncmp(p, "From ", 5 < n ? 5 : n))))
				literal = 0;
			if (literal) {
				enc[0] = (char)c;
				w = 1;
			} else {
				enc[0] = '=';
				enc[1] = hex[c >> 4];
				enc[2] = hex[c & 15];
				w = 3;
			}
			/* room for the soft break "=" unless this ends the line */
			if (col + w > LINE_MAX_CHARS - (i + 1 < n ? 1 : 0)) {
				rc = strbuf_addstr(out, "=\r\n");
				col = 0;
			}
			if (rc == 0)
				rc = strbuf_add(out, enc, w);
			col += w;
		}
		if (rc == 0 && (eol || n > 0))
			rc = strbuf_addstr(out, "\r\n");
		p = eol ? eol + 1 : p + strlen(p);
	}
	return rc;
}

int mailmsg_build(struct strbuf *out, const struct mailmsg_head *h, const char *text,
		  const char *html)
{
	char date[40], boundary[64];
	const char *id = h->message_id;
	size_t k = 0;
	int rc;

	mailmsg_date(date, h->date);
	/* the boundary: "=_utilis_" and the Message-ID's digits */
	k = (size_t)snprintf(boundary, sizeof(boundary), "=_utilis_");
	for (const char *p = id + 1; *p && *p != '.' && k < 9 + 24; p++)
		boundary[k++] = *p;
	boundary[k] = '\0';
	rc = mailbox(out, "From", h->from_name, h->from_addr);
	if (rc == 0)
		rc = mailbox(out, "To", h->to_name, h->to_addr);
	if (rc == 0)
		rc = mailmsg_header(out, "Subject", h->subject);
	if (rc == 0)
		rc = strbuf_addf(out, "Date: %s\r\nMessage-ID: %s\r\n", date, id);
	if (rc == 0 && h->lang)
		rc = mailmsg_header(out, "Content-Language", h->lang);
	if (rc == 0 && h->unsubscribe)
		rc = strbuf_addf(out, "List-Unsubscribe: <%s>\r\n", h->unsubscribe);
	if (rc == 0)
		rc = strbuf_addf(out, "Auto-Submitted: auto-generated\r\n"
				 "MIME-Version: 1.0\r\n"
				 "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n"
				 "\r\n"
				 "This is a message in MIME format.\r\n"
				 "\r\n"
				 "--%s\r\n"
				 "Content-Type: text/plain; charset=utf-8\r\n"
				 "Content-Transfer-Encoding: quoted-printable\r\n"
				 "\r\n", boundary, boundary);
	if (rc == 0)
		rc = mailmsg_qp(out, text);
	if (rc == 0)
		rc = strbuf_addf(out, "\r\n--%s\r\n"
				 "Content-Type: text/html; charset=utf-8\r\n"
				 "Content-Transfer-Encoding: quoted-printable\r\n"
				 "\r\n", boundary);
	if (rc == 0)
		rc = mailmsg_qp(out, html);
	if (rc == 0)
		rc = strbuf_addf(out, "\r\n--%s--\r\n", boundary);
	return rc;
}
