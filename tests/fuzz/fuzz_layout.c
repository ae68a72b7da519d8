/*
 * Fuzz target: the report layout loader (report/layout.c), parsed, then
 * checked against fixed surveys as `utilis report` does: for an indicator
 * source, the social-utility survey and the layout's breakdown; for a
 * prize edition, the programme's application form and grid.
 */
#include "fuzz.h"
#include "surveys.h"

#include "report/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct report_layout *l = NULL;
	char *src = fuzz_text(data, size);

	(void)fuzz_survey(NULL);
	if (report_layout_parse(&l, "fuzz.yaml", src, size, &d) == 0) {
		if (l->source == SOURCE_INDICATORS)
			(void)report_layout_check(l, fuzz_survey("utilite-sociale"),
						  l->overall ? NULL : l->by ? l->by : "partie_prenante",
						  NULL, NULL, &d);
		else
			(void)report_layout_check(l, NULL, NULL, fuzz_survey("prix-candidature"),
						  fuzz_survey("prix-grille"), &d);
	} else if (l) {
		abort();
	}
	diags_sort(&d);
	report_layout_free(l);
	diags_release(&d);
	free(src);
	return 0;
}
