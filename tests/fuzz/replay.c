/*
 * A main() for the fuzz targets without libFuzzer: runs
 * LLVMFuzzerTestOneInput() once on each file named, or on each file of
 * each directory named, so that `make check` replays the seed corpora and
 * every input that once crashed with the ordinary compiler, under
 * ASan+UBSan in check-asan and valgrind in check-valgrind.
 *
 *   replay_TARGET FILE|DIR...
 *
 * Prints "TARGET: N inputs" and exits 0; a crash is the sanitizer's or
 * the abort's own exit status.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_file(const char *path, long *count)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp) {
		perror(path);
		exit(1);
	}
	do {
		if (n + 65536 > cap) {
			cap = (cap + 65536) * 2;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + n, 1, 65536, fp);
		n += got;
	} while (got == 65536);
	fclose(fp);
	/* An exact-size copy, so that reading past the end is caught as it is by libFuzzer. */
	{
		unsigned char *exact = malloc(n ? n : 1);

		if (!exact)
			abort();
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	(*count)++;
}

static void run_path(const char *path, long *count)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;

	if (stat(path, &st) < 0) {
		perror(path);
		exit(1);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path, count);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		perror(path);
		exit(1);
	}
	while ((e = readdir(dir))) {
		char full[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n] = strdup(full)))
			abort();
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		run_path(names[i], count);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	long count = 0;
	int i;

	for (i = 1; i < argc; i++)
		run_path(argv[i], &count);
	printf("%s: %ld inputs\n", argc ? argv[0] : "replay", count);
	return 0;
}
