/*
 * Shared helpers of the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput() and, when it needs a fixed
 * survey or workspace, builds it once on the first call.  Built with clang
 * -fsanitize=fuzzer by `make fuzz`; built with any compiler and
 * tests/fuzz/replay.c as main() by `make check`, which replays the seeds
 * and every input that once crashed (docs/robustness.md).
 */
#ifndef UTILIS_FUZZ_H
#define UTILIS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input as a NUL-terminated malloc'd string, as every caller of the
 * loaders passes it (cli_read_file() and the stored sources both end with
 * a NUL); NUL bytes inside the input stay.  Aborts when memory runs out.
 */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Read a whole file of the source tree into a NUL-terminated malloc'd string; aborts on failure. */
char *fuzz_read_file(const char *path, size_t *len);

/* The directory of the project's sources (where tests/ lives): $UTILIS_TOP, else ".". */
const char *fuzz_top(void);

#endif
