/*
 * token: random link tokens, HMAC-SHA256 and anti-forgery tokens (see
 * token.h).
 */
#include "collect/token.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "util/sha256.h"

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int random_bytes(void *buf, size_t n, struct error *err)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return error_set(err, "cannot read the system's random source: %s",
					 strerror(errno));
		}
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

/* Base64url without padding of n bytes (n a multiple of 3) into out. */
static void b64url_encode(const unsigned char *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
		out[o++] = b64url[v & 63];
	}
	if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;

		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
		out[o++] = b64url[v >> 6 & 63];
	} else if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;

		out[o++] = b64url[v >> 18 & 63];
		out[o++] = b64url[v >> 12 & 63];
	}
	out[o] = '\0';
}

int token_new(char out[TOKEN_LEN + 1], struct error *err)
{
	unsigned char raw[TOKEN_BYTES];

	_Static_assert(TOKEN_BYTES % 3 == 0 && TOKEN_BYTES / 3 * 4 == TOKEN_LEN, "token size");
	if (random_bytes(raw, sizeof(raw), err) < 0)
		return -1;
	b64url_encode(raw, sizeof(raw), out);
	return 0;
}

int token_syntax_ok(const char *s)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; s[i]; i++)
		if (i >= TOKEN_LEN || !strchr(b64url, s[i]))
			return 0;
	return i == TOKEN_LEN;
}

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int shortcode_new(char out[SHORTCODE_LEN + 1], struct error *err)
{
	unsigned char raw[SHORTCODE_CHARS];
	size_t o = 0;

	/* one byte per symbol, its low five bits: each symbol uniform */
	if (random_bytes(raw, sizeof(raw), err) < 0)
		return -1;
	for (size_t i = 0; i < SHORTCODE_CHARS; i++) {
		if (i == SHORTCODE_CHARS / 2)
			out[o++] = '-';
		out[o++] = crockford[raw[i] & 31];
	}
	out[o] = '\0';
	return 0;
}

int shortcode_normalize(const char *s, char out[SHORTCODE_CHARS + 1])
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; *s; s++) {
		char c = *s;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'I' || c == 'L')
			c = '1';
		else if (c == 'O')
			c = '0';
		if (!strchr(crockford, c) || c == '\0' || n >= SHORTCODE_CHARS)
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == SHORTCODE_CHARS;
}

void shortcode_hash(const unsigned char key[SERVER_KEY_BYTES],
		    const char norm[SHORTCODE_CHARS + 1], unsigned char out[32])
{
	char msg[32 + SHORTCODE_CHARS];
	int n = snprintf(msg, sizeof(msg), "utilis-short-code|%s", norm);

	hmac_sha256(key, SERVER_KEY_BYTES, msg, n < 0 ? 0 : (size_t)n, out);
}

void csrf_make(const unsigned char key[SERVER_KEY_BYTES], const char *kind,
	       const char *token, int page, char out[CSRF_LEN + 1])
{
	unsigned char mac[33];
	char msg[160];
	int n = snprintf(msg, sizeof(msg), "utilis-form|%s|%s|%d", kind, token, page);

	hmac_sha256(key, SERVER_KEY_BYTES, msg, n < 0 ? 0 : (size_t)n, mac);
	mac[32] = 0;
	/* 33 bytes encode to 44 characters; the last one carries no key bits */
	{
		char tmp[45];

		b64url_encode(mac, 33, tmp);
		memcpy(out, tmp, CSRF_LEN);
		out[CSRF_LEN] = '\0';
	}
}

int csrf_check(const unsigned char key[SERVER_KEY_BYTES], const char *kind,
	       const char *token, int page, const char *given)
{
	char want[CSRF_LEN + 1];

	if (!given || strlen(given) != CSRF_LEN)
		return 0;
	csrf_make(key, kind, token, page, want);
	return equal_secret(want, given, CSRF_LEN);
}

int equal_secret(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
