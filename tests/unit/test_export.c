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

/* The bytes of file path into a malloc'd buffer, its size in *size. */
static char *slurp(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*size = (size_t)n;
	return buf;
}

/*
 * A .sav file of select_one and date questions is written in one pass, its
 * sizes given by export_set_sizes(): the same bytes as after a scan (the
 * header's creation date and time aside), choices found by their names
 * whatever the order, a value of no choice missing, relevance honoured.
 */
static void test_sav_one_pass(void **state)
{
	static const char yaml[] =
		"form_id: court\nversion: 1\ntitle: {fr: \"Court\"}\n"
		"default_language: fr\nlanguages: [fr]\n"
		"choices:\n"
		"  lettres:\n"
		"    - {name: zeta, label: {fr: \"Z\"}}\n"
		"    - {name: alpha, label: {fr: \"A\"}}\n"
		"    - {name: mu, label: {fr: \"M\"}}\n"
		"  notes:\n"
		"    - {name: \"10\", label: {fr: \"Dix\"}}\n"
		"    - {name: \"2\", label: {fr: \"Deux\"}}\n"
		"survey:\n"
		"  - {type: select_one lettres, name: lettre, label: {fr: \"Lettre\"}}\n"
		"  - {type: select_one notes, name: note, label: {fr: \"Note\"},\n"
		"     relevant: \"${lettre} != 'mu'\"}\n"
		"  - {type: date, name: jour, label: {fr: \"Jour\"}}\n";
	static const char *const rows[][3] = {
		{ "alpha", "2", "2025-03-04" }, { "mu", NULL, NULL }, { "zeta", "10", "1999-12-31" },
		{ "omega", NULL, "2025-01-01" }, { NULL, NULL, NULL },
	};
	struct respondent r[5] = {
		{ 1, 1, "premier", "accueil", "2025", NULL, RESP_SUBMITTED, "", NULL,
		  "2025-01-02T03:04:05Z", NULL },
		{ 2, 1, NULL, NULL, "2026", NULL, RESP_SUBMITTED, "", NULL, NULL, NULL },
		{ 3, 1, "x", "atelier du jeudi", NULL, NULL, RESP_SUBMITTED, "", NULL,
		  "2025-02-02T00:00:00Z", NULL },
		{ 4, 1, "y", NULL, NULL, NULL, RESP_SUBMITTED, "", NULL, NULL, NULL },
		{ 5, 1, "un identifiant très long", NULL, NULL, NULL, RESP_SUBMITTED, "", NULL,
		  NULL, NULL },
	};
	struct export_options opt = { EXPORT_SAV, ',', 0, 0 };
	struct store_resp_widths w = { 5, 0, 0, 0 };
	struct diags d = DIAGS_INIT;
	struct survey *s;
	struct exporter *ex;
	struct error err;
	char path[2][8192], *bytes[2];
	size_t size[2], i, pass;
	long n = 0;

	(void)state;
	assert_int_equal(survey_load(&s, "court.yaml", yaml, sizeof(yaml) - 1, &d), 0);
	diags_release(&d);
	/* the widths store_respondent_widths() gives: bytes, 20 for no _id */
	for (i = 0; i < 5; i++) {
		size_t id = r[i].ext_id ? strlen(r[i].ext_id) : 20;
		size_t g = r[i].group ? strlen(r[i].group) : 0, wv = r[i].wave ? strlen(r[i].wave) : 0;

		w.ext_id = id > w.ext_id ? id : w.ext_id;
		w.grp = g > w.grp ? g : w.grp;
		w.wave = wv > w.wave ? wv : w.wave;
	}
	for (pass = 0; pass < 2; pass++) {
		snprintf(path[pass], sizeof(path[pass]), "%s/court-%zu.sav", dir, pass);
		assert_int_equal(export_open(&ex, s, path[pass], &opt, &err), 0);
		assert_int_equal(export_needs_scan(ex), 0);
		for (i = 0; i < 5; i++)
			if (pass == 0)
				assert_int_equal(export_scan(ex, &r[i], rows[i], 3, &err), 0);
		if (pass == 1)
			export_set_sizes(ex, &w);
		assert_int_equal(export_begin(ex, &err), 0);
		for (i = 0; i < 5; i++)
			assert_int_equal(export_row(ex, &r[i], rows[i], 3, &err), 0);
		assert_int_equal(export_finish(ex, &n, &err), 0);
		assert_int_equal(n, 5);
		bytes[pass] = slurp(path[pass], &size[pass]);
	}
	assert_int_equal(size[0], size[1]);
	/* bytes 92 to 108: the creation date and time, which may tick between the two */
	assert_true(size[0] > 109);
	assert_memory_equal(bytes[0], bytes[1], 92);
	assert_memory_equal(bytes[0] + 109, bytes[1] + 109, size[0] - 109);
	free(bytes[0]);
	free(bytes[1]);
	survey_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_french_labels),
		cmocka_unit_test(test_whole_or_nothing),
		cmocka_unit_test(test_sav),
		cmocka_unit_test(test_sav_one_pass),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
