/* bigmem: large arrays in huge-page mappings (see bigmem.h). */
#include "util/bigmem.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

/*
 * A new mapping of size bytes starting on a huge-page boundary: a huge
 * page is used only where a whole aligned 2 MB lies in the mapping, so an
 * unaligned one would fault up to 4 MB of it in small pages.  NULL on
 * failure.
 */
static void *map_aligned(size_t size)
{
	size_t len = size + HUGE_PAGE, head;
	unsigned char *p;

	if (len < size)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	head = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
	if (head)
		munmap(p, head);
	if (len - head > size)
		munmap(p + head + size, len - head - size);
	return p + head;
}

/* size rounded up to whole huge pages (2 MB at least); 0 when that would overflow. */
static size_t pages(size_t size)
{
	if (size > SIZE_MAX - HUGE_PAGE)
		return 0;
	return size ? (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE : HUGE_PAGE;
}

/*
 * Every mapping is whole huge pages on a huge-page boundary: a growth
 * moves the old ones whole (the kernel moves a huge page without
 * splitting it) and the new ones are huge from the start.  A mapping that
 * is not a whole number of aligned huge pages is faulted in small pages
 * where it is not: growing 48 MB by doubling from 200 KB made a thousand
 * faults where two dozen do.  Pages never touched cost nothing but
 * address space.
 */
void *bigmem_grow(void *p, size_t old, size_t size)
{
	void *q;

	if (!(size = pages(size)))
		return NULL;
	if (p && pages(old) >= size)
		return p;	/* no smaller: the pages past size stay mapped until freed */
	if (!(q = map_aligned(size)))
		return NULL;
	/* advice only: without it (or without THP) the pages are small */
	(void)madvise(q, size, MADV_HUGEPAGE);
	/* the old pages moved to the head of the new mapping, without a copy */
	if (p && mremap(p, pages(old), pages(old), MREMAP_MAYMOVE | MREMAP_FIXED, q) == MAP_FAILED) {
		munmap(q, size);
		return NULL;
	}
	return q;
}

void bigmem_free(void *p, size_t size)
{
	if (p)
		munmap(p, pages(size));
}
