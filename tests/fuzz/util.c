/*
 * Helpers shared by the fuzz targets: reading the fixed surveys they run
 * against from the source tree.
 */
#include "fuzz.h"

#include <stdio.h>

const char *fuzz_top(void)
{
	const char *top = getenv("UTILIS_TOP");

	return top && *top ? top : ".";
}

char *fuzz_read_file(const char *path, size_t *len)
{
	char full[4096];
	FILE *fp;
	char *buf = NULL;
	size_t n = 0, cap = 0;

	snprintf(full, sizeof(full), "%s/%s", fuzz_top(), path);
	fp = fopen(full, "rb");
	if (!fp) {
		fprintf(stderr, "fuzz: cannot open '%s' (set UTILIS_TOP to the source tree)\n", full);
		abort();
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = (cap + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		size_t got = fread(buf + n, 1, 4096, fp);

		n += got;
		if (got < 4096)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#include "surveys.h"

static const char *const survey_files[] = {
	"surveys/utilite-sociale.yaml", "surveys/gouvernance.yaml", "surveys/participation.yaml",
	"surveys/prix-candidature.yaml", "surveys/prix-grille.yaml", "tests/data/good/essai.yaml",
	"tests/data/prize/candidature.yaml", "tests/data/prize/grille.yaml", NULL,
};
static struct survey *loaded[sizeof(survey_files) / sizeof(survey_files[0])];

const struct survey *fuzz_survey(const char *id)
{
	size_t i;

	if (!loaded[0]) {
		for (i = 0; survey_files[i]; i++) {
			struct diags d = DIAGS_INIT;
			size_t len;
			char *src = fuzz_read_file(survey_files[i], &len);

			if (survey_load(&loaded[i], survey_files[i], src, len, &d) < 0) {
				diags_print(stderr, &d);
				abort();
			}
			/* The model points into its own arena, not into src. */
			free(src);
			diags_release(&d);
		}
	}
	for (i = 0; survey_files[i]; i++)
		if (id && !strcmp(loaded[i]->form_id, id))
			return loaded[i];
	return NULL;
}
