/*
 * wrap: greedy line breaking of UTF-8 text (see wrap.h).  Each word is
 * measured once; a line's width is measured again on the bytes it finally
 * holds, so that what is drawn is exactly what was measured.
 */
#include "report/wrap.h"

#include <stdlib.h>
#include <string.h>

#include "util/array.h"
#include "util/utf8.h"

size_t wrap_char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n, i;

	if (c < 0x80)
		return 1;
	n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 1;	/* malformed: one byte at a time */
	return n;
}

static int push(struct wrap_lines *w, size_t off, size_t len, double width)
{
	if (ARRAY_GROW(w->v, w->alloc, w->n + 1, 16) < 0)
		return -1;
	w->v[w->n].off = off;
	w->v[w->n].len = len;
	w->v[w->n].width = width;
	w->n++;
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/*
 * Cut the word [off, end) into pieces no wider than width, pushing every
 * piece but the last as a line; the last piece's start goes to *rest.
 */
static int cut_word(struct wrap_lines *w, const char *text, size_t off, size_t end, double width,
		    wrap_measure_fn measure, void *ctx, size_t *rest)
{
	size_t start = off, p = off;

	while (p < end) {
		size_t cl = wrap_char_len(text + p);

		if (p + cl > end)
			cl = end - p;
		if (p > start && measure(ctx, text + start, p + cl - start) > width) {
			if (push(w, start, p - start, measure(ctx, text + start, p - start)) < 0)
				return -1;
			start = p;
		}
		p += cl;
	}
	*rest = start;
	return 0;
}

long wrap_text(struct wrap_lines *out, const char *text, size_t len, double width,
	       wrap_measure_fn measure, void *ctx)
{
	size_t p = 0;

	out->n = 0;
	for (;;) {
		/* One paragraph: [p, pend). */
		const char *nlp = memchr(text + p, '\n', len - p);
		size_t pend = nlp ? (size_t)(nlp - text) : len;
		size_t line_start = 0, line_end = 0;	/* the line being built: bytes [start, end) */
		double line_w = 0;
		int have = 0;
		size_t q = p;

		while (q < pend) {
			size_t ws, we;
			double ww;

			while (q < pend && is_space(text[q]))
				q++;
			if (q >= pend)
				break;
			ws = q;
			for (;;) {
				size_t sp;

				while (q < pend && !is_space(text[q]))
					q++;
				/* French typography: no break before : ; ! ? » nor after « */
				for (sp = q; sp < pend && is_space(text[sp]); sp++)
					;
				if (sp < pend && sp > q && (utf8_glued_after(text + ws, q - ws) ||
								    utf8_glued_before(text + sp, pend - sp))) {
					q = sp;
					continue;
				}
				break;
			}
			we = q;
			ww = measure(ctx, text + ws, we - ws);
			if (have) {
				double sp = measure(ctx, text + line_end, ws - line_end);

				if (line_w + sp + ww <= width) {
					line_end = we;
					line_w += sp + ww;
					continue;
				}
				if (push(out, line_start, line_end - line_start,
					 measure(ctx, text + line_start, line_end - line_start)) < 0)
					return -1;
				have = 0;
			}
			if (ww > width) {
				size_t rest;

				if (cut_word(out, text, ws, we, width, measure, ctx, &rest) < 0)
					return -1;
				ws = rest;
				ww = measure(ctx, text + ws, we - ws);
			}
			line_start = ws;
			line_end = we;
			line_w = ww;
			have = 1;
		}
		if (have) {
			if (push(out, line_start, line_end - line_start,
				 measure(ctx, text + line_start, line_end - line_start)) < 0)
				return -1;
		} else if (push(out, p, 0, 0) < 0) {
			return -1;
		}
		if (!nlp)
			break;
		p = pend + 1;
	}
	return (long)out->n;
}

void wrap_lines_release(struct wrap_lines *w)
{
	free(w->v);
	w->v = NULL;
	w->n = w->alloc = 0;
}
