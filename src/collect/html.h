/*
 * html: escaping for the pages the server writes.  Everything that comes
 * from a survey definition, a respondent or a contact list goes through
 * html_escape() before it reaches a page: text content and attribute
 * values alike (the five characters & < > " ' are replaced), so neither
 * can close an element or an attribute.  Invalid UTF-8 is replaced by
 * U+FFFD rather than passed to the browser.
 */
#ifndef UTILIS_COLLECT_HTML_H
#define UTILIS_COLLECT_HTML_H

#include <stddef.h>

#include "util/strbuf.h"

/* Append s escaped for text or a quoted attribute.  0, or -1 when sb cannot grow. */
int html_escape(struct strbuf *sb, const char *s);
int html_escape_n(struct strbuf *sb, const char *s, size_t n);
/*
 * Text content, never an attribute: as html_escape(), and a space before
 * : ; ! ? » or after « written as a no-break space (U+00A0), so that French
 * punctuation stays with its word as in the PDFs (utf8_glued_before()).
 * html_escape_lines() also writes each line break as <br>.
 */
int html_escape_text(struct strbuf *sb, const char *s);
int html_escape_lines(struct strbuf *sb, const char *s);
/*
 * Append a formatted string whose %s arguments are all escaped
 * (html_escape()); only %s, %d, %zu and %%: a printf format, which the
 * compiler checks.
 */
int html_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * The same for text content only, never an attribute: the %s arguments
 * escaped as by html_escape_text() (French punctuation kept to its word).
 */
int html_textf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
