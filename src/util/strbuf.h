/*
 * strbuf: the one growable string of the project.  A strbuf always holds a
 * NUL-terminated string (buf is never NULL once initialised), may carry a
 * size cap (used for input that comes from the network), and reports
 * allocation failure or an exceeded cap through its return values rather
 * than aborting.
 *
 * The error is sticky, as SQLite's sqlite3_str: once an append has failed,
 * every later append fails too and strbuf_failed() says so until the
 * buffer is reset.  A writer may therefore chain appends without checking
 * each one and check once before it uses the text (an output written
 * through strbuf_failed() never has a silent hole in the middle).
 */
#ifndef UTILIS_STRBUF_H
#define UTILIS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;	/* NUL-terminated contents; points at a static "" until first growth */
	size_t len;	/* bytes used, excluding the NUL */
	size_t alloc;	/* bytes allocated, 0 while buf is the static "" */
	size_t cap;	/* maximum len allowed, 0 for no limit */
	int failed;	/* an append failed since the last init/reset: all later ones fail */
};

#define STRBUF_INIT { strbuf_empty_, 0, 0, 0, 0 }
extern char strbuf_empty_[];

/* Initialise sb empty, with an optional cap on its length (0: none). */
void strbuf_init(struct strbuf *sb, size_t cap);
/* Free the buffer and leave sb empty and reusable. */
void strbuf_release(struct strbuf *sb);
/* Make sb empty without freeing its buffer, and clear its error. */
void strbuf_reset(struct strbuf *sb);
/* Non-zero when an append failed since the last init or reset (sticky error). */
static inline int strbuf_failed(const struct strbuf *sb) { return sb->failed; }
/*
 * Make room for extra more bytes.  Returns 0, or -1 when memory is exhausted
 * or the cap would be exceeded (the contents are unchanged then, and the
 * error is sticky), or when an earlier append of sb failed.
 */
int strbuf_grow(struct strbuf *sb, size_t extra);
/* Append n bytes / a string / one byte.  Return 0 or -1 as strbuf_grow(). */
int strbuf_add(struct strbuf *sb, const void *data, size_t n);
int strbuf_addstr(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, int c);
/* Append printf-formatted text.  Returns 0 or -1. */
int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * Append a text of a table of translations that carries one count: each
 * %d or %zu in text stands for n, %% for %, and nothing else is a
 * conversion.  The format-free way to fill such a text (-Wformat=2).
 */
int strbuf_add_count(struct strbuf *sb, const char *text, long long n);
/*
 * Append text as a table cell of exactly width characters (UTF-8 aware):
 * padded with spaces (on the left when right is non-zero), or cut with an
 * ellipsis "…" when longer.  Returns 0 or -1.
 */
int strbuf_add_cell(struct strbuf *sb, const char *text, size_t width, int right);
/*
 * Give the buffer to the caller (who frees it with free()) and leave sb
 * empty.  Returns a malloc'd string, or NULL when out of memory or when an
 * append of sb had failed (the partial text is freed).
 */
char *strbuf_detach(struct strbuf *sb, size_t *len_out);

/* malloc'd copy of s, or NULL (also when s is NULL). */
char *xstrdup_or_null(const char *s);

#endif
