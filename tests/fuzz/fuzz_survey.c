/*
 * Fuzz target: the survey loader (survey/survey.c over survey/yamldoc.c),
 * which reads every questionnaire definition, including those made from
 * an XLSForm workbook.  A definition that loads is also rendered into its
 * codebook strings the way the other modules read it (labels, lookups).
 */
#include "fuzz.h"

#include "survey/survey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	char *src = fuzz_text(data, size);

	if (survey_load(&s, "fuzz.yaml", src, size, &d) == 0) {
		size_t i, l;

		for (i = 0; i < s->nq; i++) {
			const struct question *q = s->questions[i];

			if (survey_find(s, q->name) != q)
				abort();
			for (l = 0; l < s->nlang; l++)
				(void)label_get(s, &q->label, l);
		}
	}
	diags_sort(&d);
	survey_free(s);
	diags_release(&d);
	free(src);
	return 0;
}
