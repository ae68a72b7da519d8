/*
 * json: the JSON of the project, in two small parts.  The writer appends
 * JSON text to a struct strbuf: escaped strings (json_add_string), and a
 * json_writer that places commas, colons and, on request, indentation for
 * nested objects and arrays.  The reader (json_flat_parse) decodes only what
 * the workspace stores: one flat object whose values are all strings, such
 * as {"q1":"3","comment":"ok"}.  It is meant for untrusted input: anything
 * that is not exactly such an object (other value types, nesting, trailing
 * text, invalid UTF-8, bad escapes, lone surrogates, "\u0000") is refused,
 * and it never reads outside the given length.
 *
 * Strings are UTF-8.  Output is always valid JSON: the writer escapes '"',
 * '\\' and every control character, passes valid UTF-8 through unchanged and
 * replaces each byte of an invalid sequence with U+FFFD.  Callers that must
 * not alter data check utf8_valid() (util/utf8.h) first.
 */
#ifndef UTILIS_JSON_H
#define UTILIS_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/*
 * Append s (n bytes, or a NUL-terminated string) as a quoted JSON string.
 * Returns 0, or -1 when sb cannot grow (out of memory or over its cap); sb
 * may then hold part of the string.
 */
int json_add_string(struct strbuf *sb, const char *s);
int json_add_stringn(struct strbuf *sb, const char *s, size_t n);

/* --- structured writer ---------------------------------------------- */

#define JSON_MAX_DEPTH 64

/*
 * Writes one JSON value, typically an object, with separators placed
 * automatically.  Errors are sticky: after a failed append (or misuse such
 * as a value where a key is due) every call does nothing, and
 * json_writer_finish() reports it, so callers check once at the end.
 */
struct json_writer {
	struct strbuf *sb;		/* output, appended to */
	int indent;			/* spaces per level; 0 writes compact JSON */
	int depth;			/* containers open */
	int failed;			/* sticky error flag */
	int after_key;			/* a key was written, its value is due */
	int top_done;			/* the top-level value has been started */
	unsigned char nitems[JSON_MAX_DEPTH];	/* 0 until a level has an item (saturates at 1) */
	unsigned char is_object[JSON_MAX_DEPTH];	/* 1 for an object, 0 for an array */
};

/* Start writing into sb with indent spaces per level (0: compact). */
void json_writer_init(struct json_writer *w, struct strbuf *sb, int indent);
void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);
/* The name of the next member; only inside an object. */
void json_key(struct json_writer *w, const char *name);
/* Values.  json_string(w, NULL) writes null. */
void json_string(struct json_writer *w, const char *s);
void json_int(struct json_writer *w, int64_t v);
/* Shortest form that reads back to the same double; NaN and infinities
 * (which JSON lacks) are written as null. */
void json_double(struct json_writer *w, double v);
void json_bool(struct json_writer *w, int v);
void json_null(struct json_writer *w);
/* Convenience: a key and a string value. */
void json_kv_string(struct json_writer *w, const char *name, const char *s);
void json_kv_int(struct json_writer *w, const char *name, int64_t v);
/*
 * 0 when everything was written and every container closed, else -1 (an
 * append failed, the calls were out of order, or nesting exceeded
 * JSON_MAX_DEPTH).  Adds nothing to the output.
 */
int json_writer_finish(const struct json_writer *w);

/* --- flat object reader ---------------------------------------------- */

/* One member of a decoded object.  Both strings are NUL-terminated. */
struct json_pair {
	const char *name;	/* member name, unescaped */
	const char *value;	/* member value, unescaped */
};

/*
 * The decoded members of one object.  Reuse one json_flat for many parses:
 * its buffers grow to the largest input and are kept, so decoding a table
 * of rows costs no allocation per row.  The strings point into the json_flat
 * and stay valid until the next parse or json_flat_release().
 */
struct json_flat {
	struct json_pair *v;	/* members in document order */
	size_t n;		/* members decoded */
	size_t alloc;		/* members allocated in v */
	char *text;		/* unescaped names and values, NUL after each */
	size_t text_alloc;	/* bytes allocated in text */
	size_t errpos;		/* after a -1: byte offset where decoding stopped */
};

#define JSON_FLAT_INIT { NULL, 0, 0, NULL, 0, 0 }

/* json_flat_parse() flags. */
enum {
	JSON_FLAT_UNIQUE = 1,	/* refuse an object that repeats a name (quadratic: small objects) */
};

/*
 * Decode the len bytes at in, which must hold one JSON object whose values
 * are all strings (whitespace around tokens allowed, nothing after the
 * object).  Returns 0 with the members in jf->v[0..n), -1 when the input is
 * malformed (jf->errpos says where; jf->n is 0), or -2 when out of memory.
 * Without JSON_FLAT_UNIQUE a repeated name is returned as often as it
 * appears.
 */
int json_flat_parse(struct json_flat *jf, const char *in, size_t len, int flags);
/* Free the buffers; jf is empty and reusable afterwards. */
void json_flat_release(struct json_flat *jf);

#endif
