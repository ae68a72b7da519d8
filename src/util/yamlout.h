/*
 * yamlout: a string written into generated YAML (the Delphi rounds' and the
 * weights' questionnaires, the indicator set of `delphi build`), the one
 * way: a double-quoted scalar that libyaml reads back as exactly the same
 * string, whatever it holds.
 *
 * Written as is: every printable character, non-ASCII included, and the
 * signs that mean something in plain YAML (: # - ? * & ! | > { } [ ] , %
 * @ ` '), which a double-quoted scalar keeps as text.  Escaped: '"' and
 * '\', the line breaks (\n, \r, and U+0085, U+2028, U+2029, which YAML
 * would otherwise fold into a space), the tab (\t), and the characters a
 * YAML file may not hold (other C0 and C1 controls, DEL, U+FEFF, U+FFFE,
 * U+FFFF) as \xHH or \uHHHH.  A byte that is not well-formed UTF-8 is
 * written as U+FFFD, so the file stays readable.
 */
#ifndef UTILIS_UTIL_YAMLOUT_H
#define UTILIS_UTIL_YAMLOUT_H

struct strbuf;

/* Append s (NULL: the empty string) to o as a double-quoted YAML scalar.  Returns 0 or -1 (strbuf). */
int yaml_quote(struct strbuf *o, const char *s);
/* A text in both languages as a flow mapping: {fr: "...", en: "..."}.  Returns 0 or -1. */
int yaml_fr_en(struct strbuf *o, const char *fr, const char *en);

#endif
