/*
 * idset: the `_id`s of an imported file, to name the first row of an `_id`
 * given twice, in the same memory whatever the number of rows.
 *
 * A blocked Bloom filter of IDSET_BLOOM_BYTES answers "never seen" for
 * almost every new `_id` without more work.  Every `_id` is also appended,
 * with its row and its 64-bit hash, to one of IDSET_BUCKETS buckets chosen
 * by the hash; a bucket keeps its last IDSET_BLOCK bytes in memory and
 * writes the older ones to an unlinked temporary file (mode 0600, in
 * $TMPDIR), created only when a bucket first fills.  When the filter says
 * "maybe", the `_id`'s bucket is read back and compared in full: a
 * repeat is always found with the row of its first occurrence, and a hash
 * collision never makes two `_id`s one.  Memory: the filter, the buckets'
 * buffers (about 4 MB once they fill) and 12 bytes per 4 KB written.
 *
 * `_id`s that are whole numbers below IDSET_DIRECT (no sign, no leading
 * zero: 1, 2, 3..., as utilis, KoboToolbox and numbered sheets write them)
 * are kept first in an array of rows indexed by the number, 4 bytes a
 * number up to the largest seen (at most the filter's 16 MB): one store a
 * row, no hashing.  The first `_id` of another form moves them all to
 * the filter and the buckets.
 */
#ifndef UTILIS_IDSET_H
#define UTILIS_IDSET_H

#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/strbuf.h"

#define IDSET_BLOOM_BYTES ((size_t)16 << 20)	/* the filter: 16 bits an `_id` at 8 million */
#define IDSET_BUCKETS 1024			/* read back on a "maybe": 1/1024 of the entries */
#define IDSET_BLOCK 4096			/* a bucket's buffer, written before it outgrows this */
#define IDSET_DIRECT ((size_t)1 << 22)		/* whole-number `_id`s below this: by number */

struct idset_bucket {
	struct strbuf buf;		/* entries not written yet */
	uint64_t *off;			/* where each written block is in the file */
	uint32_t *len;			/* and its length */
	size_t nblk, ablk;		/* blocks written / allocated */
};

struct idset {
	uint64_t *bloom;		/* the filter, IDSET_BLOOM_BYTES; NULL until the first add */
	struct idset_bucket *b;		/* IDSET_BUCKETS buckets */
	int fd;				/* the temporary file, -1 until a bucket fills */
	uint64_t end;			/* its length */
	struct strbuf scan;		/* a block read back */
	size_t n;			/* `_id`s held */
	size_t nscans;			/* buckets read back (the filter's "maybe"s) */
	uint32_t *direct;		/* by whole-number `_id`: its row, 0 when not seen */
	size_t ndirect;			/* entries allocated */
	int general;			/* an `_id` of another form came: the filter and buckets only */
};

/* An empty set (nothing allocated until the first idset_add()). */
void idset_init(struct idset *set);
/*
 * Remember id (n bytes), first seen at row.  Returns 0 when it is new, the
 * row where it was first seen when it is a repeat (then it is not added
 * again), or -1 with err set when memory or the temporary file fails.
 */
long idset_add(struct idset *set, const char *id, size_t n, long row, struct error *err);
/*
 * Start loading the memory that idset_add(set, id, n, ...) will touch, so
 * that the work done in between hides its cache misses.  Nothing else.
 */
void idset_prefetch(const struct idset *set, const char *id, size_t n);
/*
 * The same with id's hash computed once, by idset_hash(), for the caller
 * that prefetches then adds.
 */
uint64_t idset_hash(const char *id, size_t n);
void idset_prefetch_hash(const struct idset *set, uint64_t h);
long idset_add_hash(struct idset *set, uint64_t h, const char *id, size_t n, long row,
		    struct error *err);
/* Free the set and close its file; it is empty and reusable afterwards. */
void idset_release(struct idset *set);

#endif
