/*
 * yamldoc: a YAML document as a tree of nodes that remember where they are
 * in the file, built with libyaml's event parser.  It is the front end of
 * every definition loader (surveys, indicator sets, report layouts).
 *
 * What it refuses, with a FILE:LINE:COL diagnostic: YAML syntax errors,
 * duplicate keys in a mapping (libyaml accepts them silently), keys that are
 * not scalars, aliases (so an alias bomb cannot expand), more than one
 * document, and nesting deeper than YDOC_MAX_DEPTH.
 */
#ifndef UTILIS_YAMLDOC_H
#define UTILIS_YAMLDOC_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"

#define YDOC_MAX_DEPTH 64

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

enum yscalar_style { YSTYLE_PLAIN, YSTYLE_SINGLE, YSTYLE_DOUBLE, YSTYLE_LITERAL, YSTYLE_FOLDED };

struct ynode {
	enum ynode_kind kind;		/* scalar, mapping or sequence */
	int line;			/* 1-based line of the node's first character */
	int col;			/* 1-based column, in characters */
	const char *str;		/* scalar: NUL-terminated value; else NULL */
	size_t len;			/* scalar: length of str in bytes */
	enum yscalar_style style;	/* scalar: how it was written */
	struct ynode **keys;		/* map: the key scalars, in file order */
	struct ynode **items;		/* map: values; seq: elements */
	size_t n;			/* map: pairs; seq: elements */
};

struct ydoc {
	struct arena arena;		/* every node and string */
	const char *file;		/* file name for diagnostics (not owned) */
	const char *src;		/* the source text (not owned) */
	size_t srclen;			/* its length */
	struct ynode *root;		/* NULL for an empty document */
};

/*
 * Parse src (len bytes, UTF-8) into doc.  file and src must outlive doc.
 * Returns 0, or -1 after adding at least one error to d (doc is then
 * released and empty).
 */
int ydoc_parse(struct ydoc *doc, const char *file, const char *src, size_t len,
	       struct diags *d);
void ydoc_release(struct ydoc *doc);

/* Value of key in a mapping, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/*
 * Line and column in the file of the character at offset (in characters)
 * inside scalar n's value: exact for single-line plain and quoted scalars
 * and for block scalars, the scalar's start otherwise.
 */
void ydoc_scalar_pos(const struct ydoc *doc, const struct ynode *n, int offset,
		     int *line, int *col);
/* Name of a node's kind for messages: "a string", "a mapping", "a list". */
const char *ynode_kind_name(const struct ynode *n);

/*
 * Helpers shared by the definition loaders.  Each reports a problem as an
 * error in d at the node's place and returns -1, or returns 0.
 */
/*
 * Record an error (ydoc_error returns -1) or a warning at node n of file
 * (n NULL: no place).  The loaders' one way of reporting a problem.
 */
int ydoc_error(struct diags *d, const char *file, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ydoc_warning(struct diags *d, const char *file, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "'what' must be a mapping, not a list" unless n is of that kind. */
int ydoc_expect(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		enum ynode_kind kind, const char *what);
/* Every key of map not in the NULL-terminated allowed list, with a "did you mean". */
int ydoc_check_keys(const struct ydoc *doc, struct diags *d, const struct ynode *map,
		    const char *const *allowed, const char *where);
/*
 * A text a person reads (a label, a hint, a title; scalar n, under key):
 * no control character but tab, line feed and carriage return
 * (utf8_control()): they would reach the questionnaires, the web pages
 * and the PDFs.  The error is at the character's place.
 */
int ydoc_check_text(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		    const char *key);
/* A boolean scalar: true/false/yes/no (and their capitalised forms). */
int ydoc_bool(const struct ydoc *doc, struct diags *d, const struct ynode *n,
	      const char *key, int *out);
/* Parse a finite decimal number (no hexadecimal, no infinity): 0 or -1. */
int ydoc_number(const char *s, double *out);
/* Parse a decimal integer that fits in int64: 0 or -1. */
int ydoc_int64(const char *s, int64_t *out);

#endif
