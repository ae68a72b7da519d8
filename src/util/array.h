/*
 * array: room in a growing array of the heap, the one doubling loop of
 * utilis.  An array is a pointer p with its capacity alloc (a size_t, in
 * elements); ARRAY_GROW(p, alloc, need, first) makes room for need
 * elements, doubling the capacity (from first) until it holds them:
 *
 *	if (ARRAY_GROW(v, alloc, n + 1, 16) < 0)
 *		return -1;
 *	v[n++] = x;
 *
 * The capacity and its size in bytes are checked for overflow: a request
 * too large to count fails as when memory runs out.  The new elements are
 * not zeroed.
 */
#ifndef UTILIS_UTIL_ARRAY_H
#define UTILIS_UTIL_ARRAY_H

#include <stddef.h>

/*
 * 0 when p has room for need elements of its type (realloc'd when it had
 * not, alloc raised); -1 when out of memory or when the size would
 * overflow, p and alloc unchanged.  p and alloc are lvalues, evaluated
 * more than once.
 */
#define ARRAY_GROW(p, alloc, need, first) \
	((need) <= (alloc) ? 0 : array_grow_(&(p), &(alloc), (need), sizeof(*(p)), (first)))

/*
 * ARRAY_GROW's work: pp is the address of the array's pointer, size its
 * element's size; the capacity becomes first (at least 1), doubled until
 * it reaches need.  0, or -1 with nothing changed.
 */
int array_grow_(void *pp, size_t *alloc, size_t need, size_t size, size_t first);

#endif
