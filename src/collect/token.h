/*
 * token: the secrets of web collection.  Respondent and open-link tokens
 * are 144 random bits from the system's random source (getrandom(2)),
 * written as 24 characters of URL-safe base64, so a link cannot be guessed
 * or enumerated.  Anti-forgery tokens are HMAC-SHA256 of what a form
 * commits to (the link and the page it shows), under a server key kept in
 * the workspace.  Comparisons of secrets take constant time.
 */
#ifndef UTILIS_COLLECT_TOKEN_H
#define UTILIS_COLLECT_TOKEN_H

#include <stddef.h>

#include "util/diag.h"
#include "util/sha256.h"

#define TOKEN_BYTES 18			/* random bytes in a token (144 bits) */
#define TOKEN_LEN 24			/* characters of its base64url form */
#define CSRF_LEN 43			/* characters of an anti-forgery token (256 bits) */
#define SERVER_KEY_BYTES 32		/* size of the HMAC key */

/*
 * Fill buf with n bytes from getrandom(2).  Returns 0, or -1 with the
 * reason in err when the system's random source fails.
 */
int random_bytes(void *buf, size_t n, struct error *err);
/* A fresh token, NUL-terminated, into out.  0 or -1 (err set). */
int token_new(char out[TOKEN_LEN + 1], struct error *err);
/* 1 when s has the form of a token (24 base64url characters), else 0. */
int token_syntax_ok(const char *s);

/*
 * Short codes: the key of a link printed on a letter, to type on a phone
 * at /c.  SHORTCODE_CHARS characters of Crockford's base32 (digits and
 * letters without I, L, O and U, so nothing reads as something else),
 * 5 random bits each (50 bits), from the same random source as tokens,
 * written in two groups "K7M2Q-9QXDA".  Typed back, case, spaces and
 * dashes do not matter, and I or L reads as 1, O as 0.  The workspace
 * keeps only shortcode_hash() of a code, never the code.
 */
#define SHORTCODE_CHARS 10		/* symbols of a code (50 bits) */
#define SHORTCODE_LEN 11		/* written: two groups of five and a dash */
/* A fresh code, written (SHORTCODE_LEN characters and a NUL).  0 or -1 (err set). */
int shortcode_new(char out[SHORTCODE_LEN + 1], struct error *err);
/*
 * The code typed in s, normalised to its SHORTCODE_CHARS symbols and a NUL
 * into out: 1, or 0 when s is not a code (a wrong length or a character
 * outside the alphabet).
 */
int shortcode_normalize(const char *s, char out[SHORTCODE_CHARS + 1]);
/* What the workspace keeps of normalised code norm: HMAC-SHA256 under key. */
void shortcode_hash(const unsigned char key[SERVER_KEY_BYTES],
		    const char norm[SHORTCODE_CHARS + 1], unsigned char out[32]);

/* hmac_sha256() is in util/sha256.h, which the store's panel keys use too. */
/*
 * The anti-forgery token a form of link token at page carries, under key,
 * as CSRF_LEN base64url characters and a NUL.  kind separates the forms
 * of different purposes ("r" respondent pages, "o" open-link start).
 */
void csrf_make(const unsigned char key[SERVER_KEY_BYTES], const char *kind,
	       const char *token, int page, char out[CSRF_LEN + 1]);
/* 1 when given is the anti-forgery token of (kind, token, page), in constant time. */
int csrf_check(const unsigned char key[SERVER_KEY_BYTES], const char *kind,
	       const char *token, int page, const char *given);
/* 1 when the n bytes at a and b are equal; the time does not depend on where they differ. */
int equal_secret(const void *a, const void *b, size_t n);

#endif
