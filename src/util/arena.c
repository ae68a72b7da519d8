/*
 * arena: bump allocation in chunks.  The first chunk is small (an arena per
 * expression must stay cheap) and each new one doubles, up to 64 KiB.
 */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;	/* older chunk */
	size_t used;			/* bytes handed out */
	size_t size;			/* bytes available in data */
	alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_chunk *c = a->head;
	void *p;

	if (n > (size_t)-1 / 2)
		return NULL;
	n = (n + align - 1) & ~(align - 1);
	if (!c || c->size - c->used < n) {
		size_t size = c ? (c->size < 32768 ? c->size * 2 : 65536) : 512;

		if (size < n)
			size = n;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

void *arena_realloc(struct arena *a, void *old, size_t oldn, size_t newn)
{
	void *p = arena_alloc(a, newn);

	if (p && old)
		memcpy(p, old, oldn < newn ? oldn : newn);
	return p;
}

void arena_merge(struct arena *dst, struct arena *src)
{
	struct arena_chunk *c = src->head;

	if (!c)
		return;
	while (c->next)
		c = c->next;
	c->next = dst->head;
	dst->head = src->head;
	src->head = NULL;
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	a->head = NULL;
}
