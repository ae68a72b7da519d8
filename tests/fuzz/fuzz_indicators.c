/*
 * Fuzz target: the indicator set loader (analysis/indicators.c), parsed,
 * then checked against the questionnaires of the programme when every
 * survey it names is one of them (tests/fuzz/surveys.h).
 */
#include "fuzz.h"
#include "surveys.h"

#include "analysis/indicators.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct indicator_set *set = NULL;
	char *src = fuzz_text(data, size);
	int rc;

	(void)fuzz_survey(NULL);
	rc = indicator_set_parse(&set, "fuzz.yaml", src, size, &d);
	if (rc == 0) {
		struct survey *models[16];
		size_t i;

		if (set->nsurveys < 1 || set->nsurveys > 16)
			goto out;
		for (i = 0; i < set->nsurveys; i++) {
			/* indicator_set_check() takes the models as the cli does: not modified. */
			models[i] = (struct survey *)fuzz_survey(set->surveys[i]);
			if (!models[i])
				goto out;
		}
		if (indicator_set_check(set, models, &d) == 0) {
			for (i = 0; i < set->ndims; i++) {
				(void)ind_normalise(&set->dims[i], 3.5);
				(void)ind_coverage_needed(set->dims[i].nitems);
			}
		}
	} else if (set) {
		abort();
	}
out:
	diags_sort(&d);
	indicator_set_free(set);
	diags_release(&d);
	free(src);
	return 0;
}
