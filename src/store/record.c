/*
 * record: encoding and decoding of the answers BLOB (see record.h).  The
 * decoder treats its input as hostile: a corrupt or forged row must give an
 * error, never a read out of bounds.
 */
#include "store/record.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static int put_varint(struct strbuf *out, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	return strbuf_add(out, b, n);
}

int record_encode(const char *const *values, size_t n, struct strbuf *out, size_t *bad)
{
	size_t i, last = 0;

	strbuf_reset(out);
	for (i = 0; i < n; i++)
		if (values[i])
			last = i + 1;
	if (last == 0)
		return 0;
	if (strbuf_addch(out, RECORD_FORMAT) < 0)
		return -1;
	for (i = 0; i < last; i++) {
		size_t len;

		if (!values[i]) {
			if (strbuf_addch(out, 0) < 0)
				return -1;
			continue;
		}
		len = strlen(values[i]);
		if (!utf8_valid(values[i], len)) {
			if (bad)
				*bad = i;
			return -2;
		}
		if (put_varint(out, (uint64_t)len + 1) < 0 || strbuf_add(out, values[i], len) < 0)
			return -1;
	}
	return 0;
}

static int grow(struct record_buf *rb, size_t slots, size_t text)
{
	if (slots > rb->nalloc) {
		size_t na = rb->nalloc ? rb->nalloc : 64;
		char **v;

		while (na < slots)
			na *= 2;
		v = realloc(rb->values, na * sizeof(*v));
		if (!v)
			return -1;
		rb->values = v;
		rb->nalloc = na;
	}
	if (text > rb->textalloc) {
		size_t na = rb->textalloc ? rb->textalloc : 1024;
		char *t;

		while (na < text)
			na *= 2;
		t = realloc(rb->text, na);
		if (!t)
			return -1;
		rb->text = t;
		rb->textalloc = na;
	}
	return 0;
}

int record_decode(const void *blob, size_t len, size_t nslots, struct record_buf *rb,
		  size_t *errpos)
{
	const unsigned char *p = blob;
	size_t pos = 1, slot = 0, used = 0, i;

	/* Each slot takes at least one byte: len bounds both arrays. */
	if (grow(rb, (len > nslots ? len : nslots) + 1, len + 1) < 0)
		return -1;
	if (len > 0 && p[0] != RECORD_FORMAT) {
		*errpos = 0;
		return -2;
	}
	while (len > 0 && pos < len) {
		uint64_t v = 0;
		int shift = 0;

		for (;;) {
			if (pos >= len || shift > 56) {
				*errpos = pos;
				return -2;
			}
			v |= (uint64_t)(p[pos] & 0x7F) << shift;
			shift += 7;
			if (!(p[pos++] & 0x80))
				break;
		}
		if (v == 0) {
			rb->values[slot++] = NULL;
			continue;
		}
		v--;
		if (v > len - pos || !utf8_valid((const char *)p + pos, (size_t)v)) {
			*errpos = pos;
			return -2;
		}
		rb->values[slot++] = rb->text + used;
		memcpy(rb->text + used, p + pos, (size_t)v);
		used += (size_t)v;
		rb->text[used++] = '\0';
		pos += (size_t)v;
	}
	/*
	 * The text buffer holds at most len bytes plus one NUL per answer; each
	 * answer had at least one length byte in the record, so len + 1 suffices.
	 */
	for (i = slot; i < nslots; i++)
		rb->values[i] = NULL;
	rb->n = slot > nslots ? slot : nslots;
	return 0;
}

void record_buf_release(struct record_buf *rb)
{
	free(rb->values);
	free(rb->text);
	memset(rb, 0, sizeof(*rb));
}
