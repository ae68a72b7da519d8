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

/* size rounded up to whole pages, as the kernel maps it; 0 when that would overflow. */
static size_t pages(size_t size)
{
	size_t page = 4096;

	if (size > SIZE_MAX - HUGE_PAGE)
		return 0;
	return size ? (size + page - 1) / page * page : page;
}

void *bigmem_grow(void *p, size_t old, size_t size)
{
	void *q;

	if (!(size = pages(size)))
		return NULL;
	if (p && pages(old) >= size)
		return p;	/* no smaller: the pages past size stay mapped until freed */
	if (size >= HUGE_PAGE) {
		if (!(q = map_aligned(size)))
			return NULL;
		/* the old pages moved to the head of the new mapping, without a copy */
		if (p && mremap(p, pages(old), pages(old), MREMAP_MAYMOVE | MREMAP_FIXED, q) == MAP_FAILED) {
			munmap(q, size);
			return NULL;
		}
	} else if (!p) {
		q = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	} else {
		q = mremap(p, pages(old), size, MREMAP_MAYMOVE);
	}
	if (q == MAP_FAILED)
		return NULL;
	/* advice only: without it (or without THP) the pages are small */
	(void)madvise(q, size, MADV_HUGEPAGE);
	return q;
}

void bigmem_free(void *p, size_t size)
{
	if (p)
		munmap(p, pages(size));
}
