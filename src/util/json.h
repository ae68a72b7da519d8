/*
 * json: the JSON writer of the project.  It appends JSON text to a struct
 * strbuf: escaped strings (json_add_string), and a json_writer that places
 * commas, colons and, on request, indentation for nested objects and
 * arrays.
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

#endif
