/*
 * Fuzz target: the prize edition loader (analysis/edition.c), parsed, then
 * checked against the application form and the grid it names when they are
 * among the fixed surveys (else against NULL, as when they are not loaded).
 */
#include "fuzz.h"
#include "surveys.h"

#include "analysis/edition.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct edition *e = NULL;
	char *src = fuzz_text(data, size);

	(void)fuzz_survey(NULL);
	if (edition_parse(&e, "fuzz.yaml", src, size, &d) == 0)
		(void)edition_check(e, fuzz_survey(e->application), fuzz_survey(e->grid), &d);
	else if (e)
		abort();
	diags_sort(&d);
	edition_free(e);
	diags_release(&d);
	free(src);
	return 0;
}
