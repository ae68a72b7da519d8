/*
 * Unit tests of the exports (src/report/export.c) on the test survey: the
 * exact CSV text (quoting, 0/1 columns, decimal commas and byte-order mark
 * for French Excel, labels), and that a file appears whole or not at all.
 * XLSX and .sav are read back by openpyxl and PSPP in the command-line
 * tests (tests/cli/cases/roundtrip.cmd).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/export.h"

static struct survey *essai;
static char dir[4096];

static int group_setup(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/essai.yaml", "rb");
	const char *base = getenv("TMPDIR");
	char buf[16384];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (survey_load(&essai, "essai.yaml", buf, n, &d) < 0)
		return -1;
	diags_release(&d);
	snprintf(dir, sizeof(dir), "%s/test_export.XXXXXX", base && *base ? base : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[8300];

	(void)state;
	survey_free(essai);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Two respondents: values by question name. */
static void values_of(const char *const *kv, const char **v)
{
	for (size_t i = 0; i < essai->nq; i++)
		v[i] = NULL;
	for (; kv[0]; kv += 2)
		v[survey_find(essai, kv[0])->index] = kv[1];
}

static char *export_text(const struct export_options *opt)
{
	static const char *const r1[] = {
		"age", "34", "ecoute", "3", "aides", "repas autre", "aides_autre", "Bus, \"vert\"",
		"budget", "12.5", "majeur", "oui", NULL,
	};
	static const char *const r2[] = { "age", "17", "note", "10", "majeur", "non", NULL };
	struct respondent a = { 1, 1, "x1", "accueil", "2025", NULL, RESP_SUBMITTED,
				"2025-01-01T00:00:00Z", NULL, "2025-01-02T03:04:05Z", NULL };
	struct respondent b = { 7, 1, NULL, NULL, NULL, NULL, RESP_SUBMITTED,
				"2025-01-01T00:00:00Z", NULL, NULL, NULL };
	const char *v[64];
	char path[8192], *text;
	struct exporter *ex;
	struct error err;
	FILE *fp;
	long n = 0, size;

	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(export_open(&ex, essai, path, opt, &err), 0);
	assert_int_equal(export_needs_scan(ex), 0);
	assert_int_equal(export_begin(ex, &err), 0);
	values_of(r1, v);
	assert_int_equal(export_row(ex, &a, v, essai->nq, &err), 0);
	values_of(r2, v);
	assert_int_equal(export_row(ex, &b, v, essai->nq, &err), 0);
	assert_int_equal(export_finish(ex, &n, &err), 0);
	assert_int_equal(n, 2);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t)size + 1);
	assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	return text;
}

static void test_csv(void **state)
{
	struct export_options opt = { EXPORT_CSV, ',', 0, 0 };
	char *text = export_text(&opt);

	(void)state;
	assert_string_equal(text,
		"_id,_group,_wave,_submitted_at,age,arrivee,ecoute,seul,aides,aides/repas,aides/logement,"
		"aides/autre,aides_autre,priorites,note,budget,majeur\n"
		"x1,accueil,2025,2025-01-02T03:04:05Z,34,,3,,repas autre,1,0,1,\"Bus, \"\"vert\"\"\",,,12.5,oui\n"
		"7,,,,17,,,,,,,,,,10,,non\n");
	free(text);
}

static void test_csv_french_labels(void **state)
{
	struct export_options opt = { EXPORT_CSV, ';', 1, 1 };
	char *text = export_text(&opt);

	(void)state;
	assert_string_equal(text,
		"\xEF\xBB\xBF_id;_group;_wave;_submitted_at;age;arrivee;ecoute;seul;aides;aides/repas;"
		"aides/logement;aides/autre;aides_autre;priorites;note;budget;majeur\n"
		"x1;accueil;2025;2025-01-02T03:04:05Z;34;;Yes;;\"Meals; Other\";1;0;1;\"Bus, \"\"vert\"\"\";;;12,5;oui\n"
		"7;;;;17;;;;;;;;;;10;;non\n");
	free(text);
}

static int count_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* An export dropped half-way leaves nothing; one that cannot start says where. */
static void test_whole_or_nothing(void **state)
{
	struct export_options opts[] = {
		{ EXPORT_CSV, ',', 0, 0 }, { EXPORT_XLSX, ',', 0, 0 }, { EXPORT_SAV, ',', 0, 0 },
	};
	struct respondent a = { 1, 1, "x1", NULL, NULL, NULL, RESP_SUBMITTED, "", NULL, NULL, NULL };
	const char *v[64] = { NULL };
	char path[8192];
	struct exporter *ex;
	struct error err;
	int before;

	(void)state;
	before = count_entries();
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/dropped.%s", dir, export_format_name(opts[i].format));
		assert_int_equal(export_open(&ex, essai, path, &opts[i], &err), 0);
		if (export_needs_scan(ex))
			assert_int_equal(export_scan(ex, &a, v, essai->nq, &err), 0);
		assert_int_equal(export_begin(ex, &err), 0);
		assert_int_equal(export_row(ex, &a, v, essai->nq, &err), 0);
		export_abort(ex);
		assert_int_equal(count_entries(), before);
	}
	snprintf(path, sizeof(path), "%s/no/such/dir/out.csv", dir);
	assert_int_equal(export_open(&ex, essai, path, &opts[0], &err), -1);
	assert_non_null(strstr(err.msg, "no/such/dir/out.csv"));
}

/* A .sav file is written after its scan: it starts with SPSS's magic. */
static void test_sav(void **state)
{
	struct export_options opt = { EXPORT_SAV, ',', 0, 0 };
	struct respondent a = { 1, 1, "x1", "g", "2025", NULL, RESP_SUBMITTED, "", NULL,
				"2025-01-02T03:04:05Z", NULL };
	const char *v[64] = { NULL };
	char path[8192], magic[5] = "";
	struct exporter *ex;
	struct error err;
	FILE *fp;
	long n = 0;

	(void)state;
	v[survey_find(essai, "age")->index] = "40";
	v[survey_find(essai, "aides")->index] = "logement";
	snprintf(path, sizeof(path), "%s/out.sav", dir);
	assert_int_equal(export_open(&ex, essai, path, &opt, &err), 0);
	assert_int_equal(export_needs_scan(ex), 1);
	assert_int_equal(export_scan(ex, &a, v, essai->nq, &err), 0);
	assert_int_equal(export_begin(ex, &err), 0);
	assert_int_equal(export_row(ex, &a, v, essai->nq, &err), 0);
	assert_int_equal(export_finish(ex, &n, &err), 0);
	assert_int_equal(n, 1);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(magic, 1, 4, fp), 4);
	fclose(fp);
	assert_string_equal(magic, "$FL2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_french_labels),
		cmocka_unit_test(test_whole_or_nothing),
		cmocka_unit_test(test_sav),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
