/*
 * array: the doubling of a growing array, with its overflow checks (see
 * array.h).
 */
#include "util/array.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int array_grow_(void *pp, size_t *alloc, size_t need, size_t size, size_t first)
{
	size_t na = *alloc ? *alloc : (first ? first : 1);
	void *p, *np;

	while (na < need) {
		if (na > SIZE_MAX / 2)
			return -1;
		na *= 2;
	}
	if (size && na > SIZE_MAX / size)
		return -1;
	/* the caller's pointer, of any object type, read and written as bytes */
	memcpy(&p, pp, sizeof(p));
	np = realloc(p, na * size);
	if (!np)
		return -1;
	memcpy(pp, &np, sizeof(np));
	*alloc = na;
	return 0;
}
