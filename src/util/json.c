/*
 * json: the JSON writer and the flat-object reader (see json.h).  Both sides
 * share one UTF-8 validator, so whatever the writer produces from valid
 * UTF-8 the reader accepts and gives back byte for byte.  The reader is on
 * the bulk path of the workspace (one object per respondent, a million rows
 * in a pass), so it decodes into buffers sized once from the input length
 * and copies unescaped runs with memcpy.
 */
#include "json.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes available), or 0
 * when the bytes there are not one.  Rules of RFC 3629: no overlong forms,
 * no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = 0x80, hi = 0xBF;

		if (c == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
		if (n < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = 0x80, hi = 0xBF;

		if (c == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
		if (n < 4 || s[1] < lo || s[1] > hi ||
		    (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

/* Bytes that cannot be copied verbatim into a JSON string. */
static int needs_care(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

int json_add_stringn(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	if (strbuf_grow(sb, n + 2) < 0)
		return -1;
	while (i < n && !needs_care(p[i]))
		i++;
	if (i == n) {
		/* nothing to escape (the usual case for names and codes) */
		char *o = sb->buf + sb->len;

		o[0] = '"';
		memcpy(o + 1, s, n);
		o[n + 1] = '"';
		o[n + 2] = '\0';
		sb->len += n + 2;
		return 0;
	}
	i = 0;
	if (strbuf_addch(sb, '"') < 0)
		return -1;
	while (i < n) {
		size_t run = i, k;
		unsigned char c;

		while (run < n && !needs_care(p[run]))
			run++;
		if (run > i && strbuf_add(sb, p + i, run - i) < 0)
			return -1;
		i = run;
		if (i == n)
			break;
		c = p[i];
		if (c >= 0x80) {
			k = utf8_seq_len(p + i, n - i);
			if (k) {
				if (strbuf_add(sb, p + i, k) < 0)
					return -1;
				i += k;
			} else {
				/* U+FFFD for each byte that starts no valid sequence */
				if (strbuf_add(sb, "\xEF\xBF\xBD", 3) < 0)
					return -1;
				i++;
			}
			continue;
		}
		switch (c) {
		case '"':  if (strbuf_add(sb, "\\\"", 2) < 0) return -1; break;
		case '\\': if (strbuf_add(sb, "\\\\", 2) < 0) return -1; break;
		case '\b': if (strbuf_add(sb, "\\b", 2) < 0) return -1; break;
		case '\f': if (strbuf_add(sb, "\\f", 2) < 0) return -1; break;
		case '\n': if (strbuf_add(sb, "\\n", 2) < 0) return -1; break;
		case '\r': if (strbuf_add(sb, "\\r", 2) < 0) return -1; break;
		case '\t': if (strbuf_add(sb, "\\t", 2) < 0) return -1; break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			if (strbuf_add(sb, u, sizeof(u)) < 0)
				return -1;
		}
		}
		i++;
	}
	return strbuf_addch(sb, '"');
}

int json_add_string(struct strbuf *sb, const char *s)
{
	return json_add_stringn(sb, s, strlen(s));
}

/* --- structured writer ---------------------------------------------- */

void json_writer_init(struct json_writer *w, struct strbuf *sb, int indent)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
	w->indent = indent > 0 ? indent : 0;
}

static void put(struct json_writer *w, const char *s, size_t n)
{
	if (!w->failed && strbuf_add(w->sb, s, n) < 0)
		w->failed = 1;
}

static void newline_indent(struct json_writer *w, int depth)
{
	if (!w->indent)
		return;
	put(w, "\n", 1);
	for (int i = 0; i < depth * w->indent && !w->failed; i++)
		put(w, " ", 1);
}

/*
 * Everything a value needs before it: a comma and indentation inside a
 * container, nothing after a key.  Returns 0 when the value may be written.
 * A bare value is allowed only as the single top-level value.
 */
static int before_value(struct json_writer *w)
{
	if (w->failed)
		return -1;
	if (w->after_key) {
		w->after_key = 0;
		return 0;
	}
	if (w->depth == 0) {
		if (w->top_done) {
			w->failed = 1;	/* a second top-level value */
			return -1;
		}
		w->top_done = 1;
		return 0;
	}
	if (w->is_object[w->depth - 1]) {
		w->failed = 1;		/* a value where a key is due */
		return -1;
	}
	if (w->nitems[w->depth - 1])
		put(w, ",", 1);
	w->nitems[w->depth - 1] = 1;
	newline_indent(w, w->depth);
	return w->failed ? -1 : 0;
}

static void begin(struct json_writer *w, int object)
{
	if (before_value(w) < 0)
		return;
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		w->failed = 1;
		return;
	}
	put(w, object ? "{" : "[", 1);
	w->depth++;
	w->nitems[w->depth - 1] = 0;
	w->is_object[w->depth - 1] = (unsigned char)object;
}

static void end(struct json_writer *w, int object)
{
	if (w->failed)
		return;
	if (w->depth == 0 || w->after_key ||
	    w->is_object[w->depth - 1] != (unsigned char)object) {
		w->failed = 1;
		return;
	}
	w->depth--;
	if (w->nitems[w->depth])
		newline_indent(w, w->depth);
	put(w, object ? "}" : "]", 1);
}

void json_begin_object(struct json_writer *w) { begin(w, 1); }
void json_end_object(struct json_writer *w) { end(w, 1); }
void json_begin_array(struct json_writer *w) { begin(w, 0); }
void json_end_array(struct json_writer *w) { end(w, 0); }

void json_key(struct json_writer *w, const char *name)
{
	if (w->failed)
		return;
	if (w->depth == 0 || !w->is_object[w->depth - 1] || w->after_key || !name) {
		w->failed = 1;
		return;
	}
	if (w->nitems[w->depth - 1])
		put(w, ",", 1);
	w->nitems[w->depth - 1] = 1;
	newline_indent(w, w->depth);
	if (!w->failed && json_add_string(w->sb, name) < 0)
		w->failed = 1;
	put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
	w->after_key = 1;
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	if (before_value(w) < 0)
		return;
	if (json_add_string(w->sb, s) < 0)
		w->failed = 1;
}

void json_int(struct json_writer *w, int64_t v)
{
	char buf[32];
	int n;

	if (before_value(w) < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%" PRId64, v);
	put(w, buf, (size_t)n);
}

void json_double(struct json_writer *w, double v)
{
	char buf[40];
	int n = 0;

	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	if (before_value(w) < 0)
		return;
	for (int prec = 15; prec <= 17; prec++) {
		n = snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	put(w, buf, (size_t)n);
}

void json_bool(struct json_writer *w, int v)
{
	if (before_value(w) < 0)
		return;
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void json_null(struct json_writer *w)
{
	if (before_value(w) < 0)
		return;
	put(w, "null", 4);
}

void json_kv_string(struct json_writer *w, const char *name, const char *s)
{
	json_key(w, name);
	json_string(w, s);
}

void json_kv_int(struct json_writer *w, const char *name, int64_t v)
{
	json_key(w, name);
	json_int(w, v);
}

int json_writer_finish(const struct json_writer *w)
{
	return w->failed || w->depth || w->after_key ? -1 : 0;
}
