/*
 * utf8: the little UTF-8 knowledge the project needs: counting characters
 * (columns in messages count characters) and validating input.
 */
#ifndef UTILIS_UTF8_H
#define UTILIS_UTF8_H

#include <stddef.h>

/* Number of UTF-8 characters in the first n bytes of s (stops at a NUL). */
size_t utf8_chars(const char *s, size_t n);
/*
 * 1 when the n bytes at s are well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF, no NUL), else 0.
 */
int utf8_valid(const char *s, size_t n);
/*
 * The first control character in the n bytes at s (NULs included) other
 * than tab, line feed and carriage return: U+0000-U+001F, U+007F (DEL) and
 * U+0080-U+009F (C1).  Returns its code point, with *at its offset in
 * characters from s, or -1 when there is none.  The one rule for the texts
 * of definitions a person reads (yamldoc's ydoc_check_text()).
 */
long utf8_control(const char *s, size_t n, size_t *at);
/*
 * French typography: a space is never a line break before : ; ! ? or »,
 * nor after «.  utf8_glued_before() is 1 when the n bytes at s start with
 * one of the signs a space before never separates from its word;
 * utf8_glued_after() is 1 when the n bytes at s end with «.  The PDFs keep
 * such a space unbroken (report/wrap.c), the web forms write it as a
 * no-break space (collect/html.c).
 */
int utf8_glued_before(const char *s, size_t n);
int utf8_glued_after(const char *s, size_t n);

#endif
