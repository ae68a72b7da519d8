/*
 * sha256: the SHA-256 digest (FIPS 180-4), used to fingerprint survey
 * sources in the workspace, and HMAC-SHA256 for anti-forgery tokens and
 * panel keys.  Checked against the FIPS test vectors in
 * tests/unit/test_util.c.
 */
#ifndef UTILIS_SHA256_H
#define UTILIS_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];		/* chaining state */
	uint64_t nbytes;	/* bytes hashed so far */
	unsigned char blk[64];	/* pending partial block */
	size_t nblk;		/* bytes in blk */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char out[32]);
/* Digest of data as 64 lowercase hexadecimal digits and a NUL. */
void sha256_hex(const void *data, size_t n, char out[65]);

/*
 * HMAC-SHA256 (RFC 2104) of msg under key into out: the web forms'
 * anti-forgery tokens and the panel keys (checked against RFC 4231 in
 * tests/unit/test_collect.c).
 */
void hmac_sha256(const unsigned char *key, size_t keylen, const void *msg, size_t n,
		 unsigned char out[32]);

#endif
