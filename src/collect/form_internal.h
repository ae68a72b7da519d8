/*
 * collect/form_internal: what form_post.c (posted fields into answers) and
 * form_render.c (answers into HTML) share: an item at its instance, the
 * follow-ups shown in place, and the walks over a page.  Nothing outside
 * src/collect/form_*.c includes it.
 */
#ifndef UTILIS_COLLECT_FORM_INTERNAL_H
#define UTILIS_COLLECT_FORM_INTERNAL_H

#include <stddef.h>

#include "collect/form.h"

/* No path: the top level. */
extern const size_t top_path[SURVEY_MAX_REPEAT_DEPTH];

/* An item of the page at its instance, with the names it is known by in the HTML. */
struct fitem {
	const struct question *q;	/* the item */
	const size_t *path;		/* its instance: q->depth indices (a repeat: its parent's) */
	char key[FORM_KEY_MAX];		/* its field name: "age", "age[1]", "duree[1][0]" */
	char id[FORM_KEY_MAX];		/* the same in element ids: "age", "age-1", "duree-1-0" */
};


/* --- follow-up questions shown in place ------------------------------- */

#define FORM_MAX_INPLACE 20	/* classes .t1/.w1 … .t20/.w20 in form_css */

struct inplace {
	const struct question *q;	/* the follow-up */
	const struct question *t;	/* the question whose answer reveals it */
	unsigned char *on;		/* t->list->n flags: the choices that reveal q */
};

/* What a page is written with. */
struct page_ctx {
	const struct form_errors *errs;	/* the problems to show */
	const char *before;		/* the signature the page was posted with, when the
					   server shows questions that appeared; else NULL */
	int focused;			/* an element has autofocus already */
	int nnew;			/* questions marked new */
	struct inplace v[FORM_MAX_INPLACE]; /* the follow-ups in place */
	size_t n;			/* used */
};

/* The message of the error about q in instance path, or NULL. */
const char *error_at(const struct form_errors *e, const struct question *q,
		     const size_t *path);
/* The names of q at path, with n indices of path (q->depth, or one more for an instance). */
void fitem_init_n(struct fitem *it, const struct question *q, const size_t *path,
		  unsigned n);

void fitem_init(struct fitem *it, const struct question *q, const size_t *path);

/* 1 when the space-separated list has word. */
int has_word(const char *list, const char *word);

/* Find page's follow-ups in place into pc.  0 or -1 (memory). */
int inplace_find(const struct response *r, int page, struct page_ctx *pc);

/* 1-based number of q among the follow-ups in place at path, or 0. */
int inplace_number(const struct page_ctx *pc, const struct question *q, const size_t *path);

void inplace_release(struct page_ctx *pc);

/* The enclosing repeat of q at depth d (< q->depth). */
const struct question *repeat_at_depth(const struct question *q, unsigned d);

/* Shown to the respondent at path: relevant and not a calculation. */
int shown_at(const struct response *r, const struct question *q, const size_t *path);

/* 1 when the signature lists question name (with or without a choice hash). */
int signature_has(const char *sig, const char *name);

#endif
