/*
 * idset: the `_id`s of an imported file in bounded memory (see idset.h).
 *
 * An entry is the `_id`'s mixed 64-bit hash, its row (int64), its length
 * (uint32) and its bytes, unaligned, copied with memcpy.  A bucket holds
 * its entries in the order they came, the written blocks first, so that
 * the first match is the first occurrence; a repeat is never added.  The
 * filter is "blocked": the IDSET_K bits of an `_id` lie in one 64-byte
 * line, one cache miss a lookup (about 0.03 % of false "maybe"s at 4
 * million `_id`s, each costing the read of one bucket, 1/1024 of the file).
 */
#include "collect/idset.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define IDSET_K 6			/* bits set per `_id`, in one line of 512 */
#define LINE_WORDS 8			/* 64-bit words in a line */
#define NLINES (IDSET_BLOOM_BYTES / (LINE_WORDS * sizeof(uint64_t)))
#define ENTRY_HEAD (8 + 8 + 4)		/* hash, row, length */
#define HUGE_PAGE ((size_t)2 << 20)	/* the filter's alignment */

/* FNV-1a over the bytes, then a 64-bit finaliser to spread them (murmur3's fmix64). */
static uint64_t id_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

void idset_init(struct idset *set)
{
	memset(set, 0, sizeof(*set));
	set->fd = -1;
	strbuf_init(&set->scan, 0);
}

/*
 * 1 when every bit of h is set in the filter; sets them all when set_them.
 * The line is chosen by the top bits of h, the bits in it by another mix of
 * h (9 bits each), independent of the line and of the bucket (h's low bits).
 */
static int bloom_test_set(struct idset *set, uint64_t h, int set_them)
{
	uint64_t *line = set->bloom + (size_t)(h >> 40) % NLINES * LINE_WORDS;
	uint64_t g = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ULL;
	int all = 1, k;

	g ^= g >> 32;
	for (k = 0; k < IDSET_K; k++) {
		unsigned bit = (unsigned)(g >> (9 * k)) & 511;
		uint64_t mask = (uint64_t)1 << (bit & 63);

		if (!(line[bit >> 6] & mask)) {
			all = 0;
			if (set_them)
				line[bit >> 6] |= mask;
		}
	}
	return all;
}

/* Open the unlinked temporary file; 0 or -1 with err. */
static int open_spill(struct idset *set, struct error *err)
{
	const char *dir = getenv("TMPDIR");
	char *path = NULL;
	int fd;

	if (!dir || !*dir)
		dir = P_tmpdir;
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0) {
		set->fd = fd;
		return 0;
	}
#endif
	if (asprintf(&path, "%s/utilis-ids-XXXXXX", dir) < 0)
		return error_set(err, "out of memory");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		error_set(err, "cannot create a temporary file in '%s': %s", dir, strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	set->fd = fd;
	return 0;
}

/* Write bucket b's buffer to the file as one more block; 0 or -1 with err. */
static int spill(struct idset *set, struct idset_bucket *b, struct error *err)
{
	size_t done = 0;

	if (set->fd < 0 && open_spill(set, err) < 0)
		return -1;
	if (b->nblk == b->ablk) {
		size_t na = b->ablk ? 2 * b->ablk : 8;
		uint64_t *off = realloc(b->off, na * sizeof(*off));
		uint32_t *len;

		if (!off)
			return error_set(err, "out of memory");
		b->off = off;
		len = realloc(b->len, na * sizeof(*len));
		if (!len)
			return error_set(err, "out of memory");
		b->len = len;
		b->ablk = na;
	}
	while (done < b->buf.len) {
		ssize_t w = pwrite(set->fd, b->buf.buf + done, b->buf.len - done,
				   (off_t)(set->end + done));

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return error_set(err, "cannot write the temporary file of the import's _ids: %s",
					 w < 0 ? strerror(errno) : "disk full");
		done += (size_t)w;
	}
	b->off[b->nblk] = set->end;
	b->len[b->nblk++] = (uint32_t)b->buf.len;
	set->end += b->buf.len;
	strbuf_reset(&b->buf);
	return 0;
}

/* The row of the entry for (h, id, n) in the n bytes at p, or 0. */
static long find_in(const char *p, size_t len, uint64_t h, const char *id, size_t n)
{
	size_t at = 0;

	while (at + ENTRY_HEAD <= len) {
		uint64_t eh;
		int64_t row;
		uint32_t elen;

		memcpy(&eh, p + at, 8);
		memcpy(&row, p + at + 8, 8);
		memcpy(&elen, p + at + 16, 4);
		if (eh == h && elen == n && !memcmp(p + at + ENTRY_HEAD, id, n))
			return (long)row;
		at += ENTRY_HEAD + elen;
	}
	return 0;
}

/* Read bucket b back: the row of id's entry, 0 when none, -1 with err. */
static long scan_bucket(struct idset *set, const struct idset_bucket *b, uint64_t h,
			const char *id, size_t n, struct error *err)
{
	size_t k;
	long row;

	set->nscans++;
	for (k = 0; k < b->nblk; k++) {
		size_t done = 0;

		strbuf_reset(&set->scan);
		if (strbuf_grow(&set->scan, b->len[k]) < 0)
			return error_set(err, "out of memory");
		while (done < b->len[k]) {
			ssize_t r = pread(set->fd, set->scan.buf + done, b->len[k] - done,
					  (off_t)(b->off[k] + done));

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return error_set(err, "cannot read the temporary file of the import's _ids: %s",
						 r < 0 ? strerror(errno) : "file cut short");
			done += (size_t)r;
		}
		if ((row = find_in(set->scan.buf, done, h, id, n)) > 0)
			return row;
	}
	return find_in(b->buf.buf, b->buf.len, h, id, n);
}

uint64_t idset_hash(const char *id, size_t n)
{
	return id_hash(id, n);
}

long idset_add(struct idset *set, const char *id, size_t n, long row, struct error *err)
{
	return idset_add_hash(set, id_hash(id, n), id, n, row, err);
}

/* The number id (n bytes) writes when it is a whole number below IDSET_DIRECT, else -1. */
static long direct_number(const char *id, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 7 || (id[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++) {
		if (id[i] < '0' || id[i] > '9')
			return -1;
		v = v * 10 + (id[i] - '0');
	}
	return (size_t)v < IDSET_DIRECT ? v : -1;
}

static long add_general(struct idset *set, uint64_t h, const char *id, size_t n, long row,
			struct error *err);

/* Move the whole-number `_id`s to the filter and buckets; 0 or -1 with err. */
static int leave_direct(struct idset *set, struct error *err)
{
	size_t v;

	set->general = 1;
	set->n = 0;
	for (v = 0; v < set->ndirect; v++) {
		char id[24];
		int len;

		if (!set->direct[v])
			continue;
		len = snprintf(id, sizeof(id), "%zu", v);
		if (add_general(set, id_hash(id, (size_t)len), id, (size_t)len, (long)set->direct[v],
				err) < 0)
			return -1;
	}
	free(set->direct);
	set->direct = NULL;
	set->ndirect = 0;
	return 0;
}

long idset_add_hash(struct idset *set, uint64_t h, const char *id, size_t n, long row,
		    struct error *err)
{
	if (!set->general) {
		long v = direct_number(id, n);

		if (v >= 0 && row > 0 && row <= (long)UINT32_MAX) {
			if ((size_t)v >= set->ndirect) {
				size_t na = set->ndirect ? set->ndirect : 4096;
				uint32_t *p;

				while (na <= (size_t)v)
					na *= 2;
				p = realloc(set->direct, na * sizeof(*p));
				if (!p)
					return error_set(err, "out of memory");
				memset(p + set->ndirect, 0, (na - set->ndirect) * sizeof(*p));
				set->direct = p;
				set->ndirect = na;
			}
			if (set->direct[v])
				return (long)set->direct[v];
			set->direct[v] = (uint32_t)row;
			set->n++;
			return 0;
		}
		if (leave_direct(set, err) < 0)
			return -1;
	}
	return add_general(set, h, id, n, row, err);
}

static long add_general(struct idset *set, uint64_t h, const char *id, size_t n, long row,
			struct error *err)
{
	int64_t row64 = row;
	uint32_t n32 = (uint32_t)n;
	struct idset_bucket *b;
	char *p;

	if (!set->bloom) {
		/* in huge pages where the system allows: 8 page faults instead of 4,096, fewer TLB misses */
		set->bloom = aligned_alloc(HUGE_PAGE, IDSET_BLOOM_BYTES);
		if (set->bloom) {
			madvise(set->bloom, IDSET_BLOOM_BYTES, MADV_HUGEPAGE);
			memset(set->bloom, 0, IDSET_BLOOM_BYTES);
		}
		set->b = calloc(IDSET_BUCKETS, sizeof(*set->b));
		if (!set->bloom || !set->b) {
			free(set->bloom);
			free(set->b);
			set->bloom = NULL;
			set->b = NULL;
			return error_set(err, "out of memory");
		}
		for (size_t k = 0; k < IDSET_BUCKETS; k++)
			strbuf_init(&set->b[k].buf, 0);
	}
	if (n > UINT32_MAX)
		return error_set(err, "an _id of %zu bytes is too long", n);
	b = &set->b[h % IDSET_BUCKETS];
	if (bloom_test_set(set, h, 1)) {
		long first = scan_bucket(set, b, h, id, n, err);

		if (first != 0)
			return first;
	}
	/* written before it would grow past a block (and its allocation past 4 KB) */
	if (b->buf.len && b->buf.len + ENTRY_HEAD + n + 1 > IDSET_BLOCK && spill(set, b, err) < 0)
		return -1;
	if (strbuf_grow(&b->buf, ENTRY_HEAD + n) < 0)
		return error_set(err, "out of memory");
	p = b->buf.buf + b->buf.len;
	memcpy(p, &h, 8);
	memcpy(p + 8, &row64, 8);
	memcpy(p + 16, &n32, 4);
	memcpy(p + ENTRY_HEAD, id, n);
	b->buf.len += ENTRY_HEAD + n;
	b->buf.buf[b->buf.len] = '\0';
	set->n++;
	return 0;
}

void idset_prefetch(const struct idset *set, const char *id, size_t n)
{
	if (set->bloom)
		idset_prefetch_hash(set, id_hash(id, n));
}

void idset_prefetch_hash(const struct idset *set, uint64_t h)
{
	const struct idset_bucket *b;

	/* no filter yet, or whole numbers in the array (read in order, most often: not needed) */
	if (!set->bloom)
		return;
	b = &set->b[h % IDSET_BUCKETS];
	/* the bucket itself, not its buffer's end: reading b->buf would wait for the miss */
	__builtin_prefetch(set->bloom + (size_t)(h >> 40) % NLINES * LINE_WORDS, 1);
	__builtin_prefetch(b, 1);
}

void idset_release(struct idset *set)
{
	size_t k;

	if (set->b) {
		for (k = 0; k < IDSET_BUCKETS; k++) {
			strbuf_release(&set->b[k].buf);
			free(set->b[k].off);
			free(set->b[k].len);
		}
	}
	free(set->b);
	free(set->bloom);
	free(set->direct);
	if (set->fd >= 0)
		close(set->fd);
	strbuf_release(&set->scan);
	idset_init(set);
}
