/*
 * Diagnostics: the error and warning messages of the definition loaders
 * (surveys, indicator sets, report layouts), each tied to a place in a file,
 * and (through util/err.h) the error record of the other modules.  Modules collect
 * diagnostics; only the command-line layer prints them.
 *
 * A diagnostic prints as "FILE:LINE:COL: error: message" (1-based line and
 * column, columns counted in characters); line or column 0 means unknown
 * and is left out.
 */
#ifndef UTILIS_DIAG_H
#define UTILIS_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "util/err.h"
#include "util/utf8.h"

enum severity { SEV_ERROR, SEV_WARNING };

struct diag {
	char *file;		/* file name as given by the user, or NULL */
	int line;		/* 1-based line, 0 when unknown */
	int col;		/* 1-based column in characters, 0 when unknown */
	enum severity sev;	/* error or warning */
	char *msg;		/* message, starting lowercase, no trailing newline */
};

struct diags {
	struct diag *v;		/* diagnostics in the order they were found */
	size_t n;		/* number used */
	size_t alloc;		/* number allocated */
	size_t nerror;		/* how many of them are errors */
	size_t nwarning;	/* how many are warnings */
	int oom;		/* set when a diagnostic could not be recorded */
};

#define DIAGS_INIT { NULL, 0, 0, 0, 0, 0 }

/* Record a diagnostic.  Returns -1 for SEV_ERROR and 0 for a warning, so a
 * loader can write `return diag_add(...)`. */
int diag_add(struct diags *d, enum severity sev, const char *file, int line,
	     int col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int diag_vadd(struct diags *d, enum severity sev, const char *file, int line,
	      int col, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
/* Sort by file order of appearance, then line, then column (stable). */
void diags_sort(struct diags *d);
/* Write every diagnostic, one per line, as described above. */
void diags_print(FILE *fp, const struct diags *d);
/* Free every diagnostic; d is empty and reusable afterwards. */
void diags_release(struct diags *d);

/*
 * The closest of the NULL-terminated candidates to word, when it is close
 * enough to be a likely typo (Levenshtein distance at most 2, and less than
 * half the word), else NULL.
 */
const char *did_you_mean(const char *word, const char *const *candidates);
/* Levenshtein distance between two byte strings (capped inputs of 64 bytes). */
int edit_distance(const char *a, const char *b);

#endif
