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

/* v as a varint at p (room for 10 bytes); returns the bytes written. */
static size_t varint_at(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	do {
		p[n] = (unsigned char)(v & 0x7F);
		v >>= 7;
		if (v)
			p[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

static int put_varint(struct strbuf *out, uint64_t v)
{
	unsigned char b[10];

	return strbuf_add(out, b, varint_at(b, v));
}

/* 1 when s[0..len) is valid UTF-8 without NUL, its ASCII head checked here (most answers). */
static int valid_text(const char *s, size_t len)
{
	size_t k = 0;

	while (k < len && (unsigned char)s[k] - 1u < 0x7Fu)	/* 1 to 0x7F */
		k++;
	return k == len || utf8_valid(s + k, len - k);
}

/*
 * Slots values[0..n) with trailing unanswered ones left out (their number
 * first when counted).  lens[i] is the length of values[i], or lens is
 * NULL and strlen() says.  One strbuf_grow() for all of them, each length
 * prefix written in place: an import encodes a million rows of 40.
 */
static int put_slots(struct strbuf *out, const char *const *values, const size_t *lens,
		     size_t n, int counted, size_t base, size_t *bad)
{
	size_t i, last = 0, total = 10;
	unsigned char *p;

	for (i = 0; i < n; i++)
		if (values[i]) {
			last = i + 1;
			total += lens ? lens[i] : strlen(values[i]);
		}
	total += 10 * last;
	if (counted && put_varint(out, last) < 0)
		return -1;
	if (strbuf_grow(out, total) < 0)
		return -1;
	p = (unsigned char *)out->buf + out->len;
	for (i = 0; i < last; i++) {
		const char *v = values[i];
		size_t len;

		if (!v) {
			*p++ = 0;
			continue;
		}
		len = lens ? lens[i] : strlen(v);
		if (len == 1 && (unsigned char)v[0] - 1u < 0x7Fu) {	/* one ASCII byte: no call */
			p[0] = 2;
			p[1] = (unsigned char)v[0];
			p += 2;
			continue;
		}
		if (!valid_text(values[i], len)) {
			if (bad)
				*bad = base + i;
			return -2;
		}
		if (len < 0x7F) {	/* a Likert answer, a short text: one length byte */
			*p++ = (unsigned char)(len + 1);
			if (len == 1)
				*p = (unsigned char)values[i][0];
			else
				memcpy(p, values[i], len);
		} else {
			p += varint_at(p, (uint64_t)len + 1);
			memcpy(p, values[i], len);
		}
		p += len;
	}
	out->len = (size_t)(p - (unsigned char *)out->buf);
	out->buf[out->len] = '\0';
	return 0;
}

/* The record of record_encode_repeats() appended to out (not reset); lens as put_slots(). */
static int encode(const char *const *values, const size_t *lens, size_t n,
		  const struct instance *inst, size_t ninst, struct strbuf *out, size_t *bad)
{
	size_t i, k, base = n;
	int rc;

	if (ninst == 0) {
		for (i = 0; i < n && !values[i]; i++)
			;
		if (i == n)
			return 0;	/* nothing answered: the empty blob */
		if (strbuf_addch(out, RECORD_FORMAT) < 0)
			return -1;
		return put_slots(out, values, lens, n, 0, 0, bad);
	}
	if (strbuf_addch(out, RECORD_FORMAT_REPEATS) < 0)
		return -1;
	if ((rc = put_slots(out, values, lens, n, 1, 0, bad)) < 0 || put_varint(out, ninst) < 0)
		return rc < 0 ? rc : -1;
	for (i = 0; i < ninst; i++) {
		const struct instance *in = &inst[i];

		if (in->depth == 0 || in->depth > INSTANCE_MAX_DEPTH) {
			if (bad)
				*bad = SIZE_MAX;
			return -2;
		}
		if (put_varint(out, in->repeat) < 0 || put_varint(out, in->depth) < 0)
			return -1;
		for (k = 0; k < in->depth; k++)
			if (put_varint(out, in->path[k]) < 0)
				return -1;
		if ((rc = put_slots(out, in->values, NULL, in->n, 1, base, bad)) < 0)
			return rc;
		base += in->n;
	}
	return 0;
}

int record_encode(const char *const *values, size_t n, struct strbuf *out, size_t *bad)
{
	return record_encode_repeats(values, n, NULL, 0, out, bad);
}

int record_encode_repeats(const char *const *values, size_t n, const struct instance *inst,
			  size_t ninst, struct strbuf *out, size_t *bad)
{
	strbuf_reset(out);
	return encode(values, NULL, n, inst, ninst, out, bad);
}

int record_append(const char *const *values, const size_t *lens, size_t n,
		  const struct instance *inst, size_t ninst, struct strbuf *out, size_t *bad)
{
	size_t start = out->len;
	int rc = encode(values, lens, n, inst, ninst, out, bad);

	if (rc < 0 && !strbuf_failed(out) && out->alloc) {	/* nothing of the record is left */
		out->len = start;
		out->buf[start] = '\0';
	}
	return rc;
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

/* A reader of len bytes at p, from pos. */
struct reader {
	const unsigned char *p;	/* the record */
	size_t len;		/* its length */
	size_t pos;		/* next byte */
};

/* One varint into *v: 0, or -2 (malformed or past the end; *errpos set). */
static int get_varint(struct reader *rd, uint64_t *v, size_t *errpos)
{
	int shift = 0;

	*v = 0;
	for (;;) {
		if (rd->pos >= rd->len || shift > 56) {
			*errpos = rd->pos;
			return -2;
		}
		*v |= (uint64_t)(rd->p[rd->pos] & 0x7F) << shift;
		shift += 7;
		if (!(rd->p[rd->pos++] & 0x80))
			return 0;
	}
}

/*
 * The answers of one ASCII byte (a Likert answer, a one-digit code), each
 * followed by its NUL: a decoding with want points into this table rather
 * than copying them, wanted or not (record_decode_some(): its values are
 * read-only, and a slot outside want may read its answer).
 */
static const char one_byte[256] = {
#define B2(c) (char)(c), '\0'
#define B16(h) B2(h + 0), B2(h + 1), B2(h + 2), B2(h + 3), B2(h + 4), B2(h + 5), B2(h + 6), \
	B2(h + 7), B2(h + 8), B2(h + 9), B2(h + 10), B2(h + 11), B2(h + 12), B2(h + 13), \
	B2(h + 14), B2(h + 15)
	B16(0), B16(16), B16(32), B16(48), B16(64), B16(80), B16(96), B16(112)
#undef B16
#undef B2
};

/*
 * Read slots into rb->values from *slot on: count of them, or up to the
 * end when count is SIZE_MAX.  Text goes to rb->text at *used.  With want
 * (a bitmap of nwant slots), a slot not in it is checked as any other but
 * not copied: it reads NULL, or its answer when that is one ASCII byte;
 * such an answer points into one_byte[] instead of rb->text.
 */
static int get_slots(struct reader *rd, struct record_buf *rb, size_t count, size_t *slotp,
		     size_t *usedp, size_t *errpos, const unsigned char *want, size_t nwant)
{
	/*
	 * In locals: written through pointers, they would be stored and
	 * loaded again around every byte of text copied (a char store may
	 * alias them), which was most of the time of a bulk read.
	 */
	const unsigned char *p = rd->p;
	size_t len = rd->len, pos = rd->pos, slot = *slotp, used = *usedp;
	size_t end = count == SIZE_MAX ? SIZE_MAX : slot + count;	/* the slot to stop at */
	char **values = rb->values, *text = rb->text;
	int rc = 0;

	for (;;) {
		uint64_t v;
		char *t;

		/*
		 * The common slots in a loop of their own: unanswered, and (with
		 * want) an answer of one ASCII byte, valid and not copied.
		 */
		if (pos + 1 < len) {
			/* each slot takes a byte at least: no more than len - pos of them */
			char **vp = values + slot, **vend = values + (end - slot < len - pos ?
								      end : slot + (len - pos));
			const unsigned char *q = p + pos, *qlast = p + len - 1;

			while (vp < vend && q < qlast) {
				if (q[0] == 0) {
					*vp++ = NULL;
					q++;
				} else if (q[0] == 2 && want && q[1] - 1u < 0x7Fu) {
					*vp++ = (char *)&one_byte[2 * q[1]];
					q += 2;
				} else {
					break;
				}
			}
			slot = (size_t)(vp - values);
			pos = (size_t)(q - p);
		}
		if (slot >= end || (pos >= len && count == SIZE_MAX))
			break;
		/* a one-byte length without the call */
		if (pos < len && p[pos] < 0x80) {
			v = p[pos++];
		} else {
			rd->pos = pos;
			if (get_varint(rd, &v, errpos) < 0) {
				rc = -2;
				break;
			}
			pos = rd->pos;
		}
		if (v == 0) {
			values[slot++] = NULL;
			continue;
		}
		v--;
		if (v > len - pos || !valid_text((const char *)p + pos, (size_t)v)) {
			*errpos = pos;
			rc = -2;
			break;
		}
		if (want && (slot >= nwant || !(want[slot >> 3] & (1u << (slot & 7))))) {
			values[slot++] = NULL;
			pos += (size_t)v;
			continue;
		}
		t = text + used;
		values[slot++] = t;
		if (v <= 8) {	/* a short code: a few bytes, no call */
			for (size_t b = 0; b < v; b++)
				t[b] = (char)p[pos + b];
		} else {
			memcpy(t, p + pos, (size_t)v);
		}
		t[v] = '\0';
		used += (size_t)v + 1;
		pos += (size_t)v;
	}
	rd->pos = pos;
	*slotp = slot;
	*usedp = used;
	return rc;
}

int record_decode(const void *blob, size_t len, size_t nslots, struct record_buf *rb,
		  size_t *errpos)
{
	return record_decode_some(blob, len, nslots, NULL, rb, errpos);
}

int record_decode_some(const void *blob, size_t len, size_t nslots, const unsigned char *want,
		       struct record_buf *rb, size_t *errpos)
{
	struct reader rd = { blob, len, 1 };
	size_t slot = 0, used = 0, i, ntop, k;
	uint64_t count, ninst;

	rb->ninst = 0;
	/*
	 * Each slot takes at least one byte: len bounds the slots of the record,
	 * so len + nslots the array (top-level slots padded to nslots, then the
	 * instances' slots).  The text buffer holds at most len bytes plus one
	 * NUL per answer, and each answer had at least one length byte.
	 */
	if (grow(rb, len + nslots + 1, len + 1) < 0)
		return -1;
	if (len > 0 && rd.p[0] != RECORD_FORMAT && rd.p[0] != RECORD_FORMAT_REPEATS) {
		*errpos = 0;
		return -2;
	}
	if (len > 0 && rd.p[0] == RECORD_FORMAT_REPEATS) {
		if (get_varint(&rd, &count, errpos) < 0)
			return -2;
		if (count > len - rd.pos) {
			*errpos = rd.pos;
			return -2;
		}
		if (get_slots(&rd, rb, (size_t)count, &slot, &used, errpos, want, nslots) < 0)
			return -2;
	} else if (len > 0 && get_slots(&rd, rb, SIZE_MAX, &slot, &used, errpos, want, nslots) < 0) {
		return -2;
	}
	for (i = slot; i < nslots; i++)
		rb->values[i] = NULL;
	ntop = slot > nslots ? slot : nslots;
	rb->n = ntop;
	if (len == 0 || rd.p[0] != RECORD_FORMAT_REPEATS)
		return 0;
	slot = ntop;
	if (get_varint(&rd, &ninst, errpos) < 0)
		return -2;
	/* each instance takes at least three bytes: repeat, depth, a path entry, a count */
	if (ninst > (len - rd.pos) / 4) {
		*errpos = rd.pos;
		return -2;
	}
	if (ninst > rb->installoc) {
		struct instance *v = realloc(rb->inst, (size_t)ninst * sizeof(*v));

		if (!v)
			return -1;
		rb->inst = v;
		rb->installoc = (size_t)ninst;
	}
	for (i = 0; i < ninst; i++) {
		struct instance *in = &rb->inst[i];
		uint64_t v;

		memset(in, 0, sizeof(*in));
		if (get_varint(&rd, &v, errpos) < 0)
			return -2;
		if (v > UINT32_MAX) {
			*errpos = rd.pos;
			return -2;
		}
		in->repeat = (unsigned)v;
		if (get_varint(&rd, &v, errpos) < 0)
			return -2;
		if (v == 0 || v > INSTANCE_MAX_DEPTH) {
			*errpos = rd.pos;
			return -2;
		}
		in->depth = (unsigned)v;
		for (k = 0; k < in->depth; k++) {
			if (get_varint(&rd, &v, errpos) < 0)
				return -2;
			if (v > SIZE_MAX / 2) {
				*errpos = rd.pos;
				return -2;
			}
			in->path[k] = (size_t)v;
		}
		if (get_varint(&rd, &count, errpos) < 0)
			return -2;
		if (count > len - rd.pos) {
			*errpos = rd.pos;
			return -2;
		}
		in->values = (const char *const *)rb->values + slot;
		in->n = (size_t)count;
		if (get_slots(&rd, rb, (size_t)count, &slot, &used, errpos, NULL, 0) < 0)
			return -2;
	}
	if (rd.pos != len) {
		*errpos = rd.pos;
		return -2;
	}
	rb->ninst = (size_t)ninst;
	return 0;
}

void record_buf_release(struct record_buf *rb)
{
	free(rb->values);
	free(rb->text);
	free(rb->inst);
	memset(rb, 0, sizeof(*rb));
}
