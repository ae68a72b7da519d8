/*
 * record: the compact encoding of one respondent's answers, as stored in
 * the `answers` BLOB of the workspace (see the layout note in answers.c).
 *
 * A record is positional: slot i holds the answer to the question of index
 * i in the survey version the respondent answers (survey.h: question.index;
 * versions are immutable, so the slots never move).  Encoding:
 *   empty blob              nothing answered
 *   0x01                    format byte, then for each slot in order:
 *     varint 0              unanswered
 *     varint L+1, L bytes   an answer of L bytes (UTF-8, no NUL)
 *   0x02                    format byte, then the answers with their repeats:
 *     varint S, S slots     the top-level slots as in 0x01, S of them
 *     varint N              the number of repeat instances, then each one:
 *       varint repeat, varint depth (1..INSTANCE_MAX_DEPTH), depth varints
 *       (its path), varint S, S slots (util/instance.h)
 * where varint is unsigned LEB128 (7 bits a byte, low first).  Trailing
 * unanswered slots are left out.  A Likert answer costs two bytes.  0x02 is
 * a strict superset of 0x01: answers without repeat instances are written
 * 0x01, byte for byte as before, and a reader of 0x02 reads 0x01.  The
 * codec checks the bytes, not the survey: that the instances fit the
 * survey's repeats is response_set_instances()'s to check.
 */
#ifndef UTILIS_RECORD_H
#define UTILIS_RECORD_H

#include <stddef.h>

#include "util/instance.h"
#include "util/strbuf.h"

#define RECORD_FORMAT 0x01
#define RECORD_FORMAT_REPEATS 0x02

/*
 * Encode n values (NULL: unanswered) into out, which is reset first.
 * Returns 0, -1 when out of memory, or -2 when a value is not valid UTF-8
 * (*bad is then its slot).
 */
int record_encode(const char *const *values, size_t n, struct strbuf *out, size_t *bad);
/*
 * Likewise with ninst repeat instances (0x02; 0x01 when ninst is 0).  A
 * value of an instance that is not UTF-8 gives -2 with *bad set to n + the
 * number of slots of the instances before it + its slot.  An instance of
 * depth 0 or more than INSTANCE_MAX_DEPTH gives -2 with *bad SIZE_MAX.
 */
int record_encode_repeats(const char *const *values, size_t n, const struct instance *inst,
			  size_t ninst, struct strbuf *out, size_t *bad);

/*
 * Likewise, appended to out (not reset; on failure out is as it was, but
 * for a failed strbuf), with lens[i] the length of values[i] when lens is
 * not NULL (the top-level slots; the instances' values are measured): the
 * import encodes its rows into its batches this way, without measuring
 * again what the reading measured.
 */
int record_append(const char *const *values, const size_t *lens, size_t n,
		  const struct instance *inst, size_t ninst, struct strbuf *out, size_t *bad);

/* Decoded values, reused from row to row so that bulk reads do not allocate. */
struct record_buf {
	char **values;		/* values[i]: NUL-terminated text in text, or NULL */
	size_t n;		/* slots decoded */
	size_t nalloc;		/* slots allocated */
	char *text;		/* the answers, each followed by a NUL */
	size_t textalloc;	/* bytes allocated */
	struct instance *inst;	/* repeat instances (0x02), their values in values[] past n */
	size_t ninst;		/* instances decoded */
	size_t installoc;	/* instances allocated */
};

#define RECORD_BUF_INIT { NULL, 0, 0, NULL, 0, NULL, 0, 0 }

/*
 * Decode len bytes at blob into rb (at least nslots slots are set, the ones
 * past the end of the record to NULL, and the repeat instances of a 0x02
 * record into rb->inst).  Returns 0, -1 when out of memory,
 * or -2 when the bytes are not a record (*errpos is then the offset of the
 * problem).  It uses at most len + nslots + 1 slots of rb->values and
 * len + 1 bytes of rb->text, and reallocates them only when rb has fewer:
 * a caller may hand it a view on memory of its own that large
 * (store_answers_each_lean() decodes in place into its chunks).
 */
int record_decode(const void *blob, size_t len, size_t nslots, struct record_buf *rb,
		  size_t *errpos);
/*
 * record_decode() with the top-level slots outside want (a bitmap of
 * nslots bits, slot i at bit i % 8 of byte i / 8; NULL: every slot) not
 * copied, for a reader that needs a few of them: they read NULL, or their
 * answer when it is one ASCII byte; they are checked all the same (the
 * same errors, at the same offsets).  With want, the answers of one ASCII
 * byte point into a constant table rather than rb->text: the values are
 * read-only.
 */
int record_decode_some(const void *blob, size_t len, size_t nslots, const unsigned char *want,
		       struct record_buf *rb, size_t *errpos);
void record_buf_release(struct record_buf *rb);

#endif
