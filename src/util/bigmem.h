/*
 * bigmem: arrays of megabytes (an analysis's rows of a million
 * respondents) in mappings of their own that ask for transparent huge
 * pages.  Each 4 KB page of fresh memory costs a page fault when first
 * written, which on a virtual machine is several microseconds: a 48 MB
 * array is twelve thousand faults of 4 KB, or two dozen of 2 MB.  A
 * mapping grows by mremap(), which moves the pages without copying them.
 * The memory is zeroed.  For arrays that come and go once or twice a run;
 * the heap (malloc) stays the place for everything else.
 */
#ifndef UTILIS_UTIL_BIGMEM_H
#define UTILIS_UTIL_BIGMEM_H

#include <stddef.h>

/*
 * size bytes (at least 1), new when p is NULL, else p's old bytes (old, as
 * last given) kept and grown to size: the mapping, or NULL with p left as
 * it was.  A size no larger than old returns p as it is.  Sizes are
 * rounded up to whole huge pages (2 MB), which cost only address space
 * until they are written.
 */
void *bigmem_grow(void *p, size_t old, size_t size);
/* Unmap p of size bytes (the largest given to bigmem_grow()); NULL does nothing. */
void bigmem_free(void *p, size_t size);

#endif
