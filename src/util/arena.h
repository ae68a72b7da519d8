/*
 * arena: a bump allocator for data that lives and dies together, such as a
 * loaded survey model.  Nothing is freed individually; arena_release() frees
 * everything at once.  Allocation failure returns NULL.
 */
#ifndef UTILIS_ARENA_H
#define UTILIS_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* most recent chunk, or NULL */
};

#define ARENA_INIT { NULL }

/* n zeroed bytes aligned for any type, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies of a string / of n bytes plus a NUL; NULL in gives NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Grow an array allocated in the arena (the old block is abandoned). */
void *arena_realloc(struct arena *a, void *old, size_t oldn, size_t newn);
/* Move every chunk of src into dst; src is left empty. */
void arena_merge(struct arena *dst, struct arena *src);
/* Free every chunk. */
void arena_release(struct arena *a);

#endif
