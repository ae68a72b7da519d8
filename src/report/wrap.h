/*
 * wrap: breaking UTF-8 text into lines that fit a width, the measuring
 * left to the caller (libharu's text width in a PDF, a fixed width per
 * character in the unit tests).  libharu's own HPDF_Font_MeasureText
 * counts bytes and can cut a character in two; this never does.
 *
 * Rules: lines break at ASCII spaces and tabs, and at every '\n' (an empty
 * line stays empty); a no-break space (U+00A0, U+202F) never breaks, so
 * "45 %" stays whole; as French typography wants, neither does a space
 * before : ; ! ? » or after «, so that a line never starts with a colon or
 * a closing guillemet; a word wider than the line is cut between two
 * characters, with at least one character per line.  Spaces at a break
 * belong to neither line.
 */
#ifndef UTILIS_REPORT_WRAP_H
#define UTILIS_REPORT_WRAP_H

#include <stddef.h>

/* One line: bytes [off, off + len) of the text, and its measured width. */
struct wrap_line {
	size_t off;		/* first byte in the text */
	size_t len;		/* bytes; 0 for an empty line */
	double width;		/* measured width of those bytes */
};

/* Width of the n bytes at s (whole UTF-8 characters). */
typedef double (*wrap_measure_fn)(void *ctx, const char *s, size_t n);

struct wrap_lines {
	struct wrap_line *v;	/* lines in order */
	size_t n;		/* used */
	size_t alloc;		/* allocated */
};

#define WRAP_LINES_INIT { NULL, 0, 0 }

/*
 * Wrap len bytes of text into lines no wider than width (except a single
 * character wider than the line, alone on its line).  The lines replace
 * those in out (its buffer is reused).  Returns the number of lines (at
 * least 1, an empty text giving one empty line), or -1 when out of memory.
 */
long wrap_text(struct wrap_lines *out, const char *text, size_t len, double width,
	       wrap_measure_fn measure, void *ctx);
void wrap_lines_release(struct wrap_lines *w);

/* Bytes of the UTF-8 character starting at s (1 for a stray byte). */
size_t wrap_char_len(const char *s);

#endif
