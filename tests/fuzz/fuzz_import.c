/*
 * Fuzz target: the CSV import (collect/import.c over collect/csv.c and
 * libcsv), through its entry point import_csv() on the test survey
 * tests/data/good/essai.yaml in a workspace on /dev/shm.  The first byte
 * chooses the options (layout, dry run, separator, encoding, unknown
 * columns, group and wave); the rest is the file.  Each input is imported
 * twice, so that the second pass meets its own `_id`s, then the
 * respondents are deleted: every input starts from the same workspace.
 */
#include "fuzz.h"
#include "surveys.h"

#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect/import.h"

static char dir[200], db[256], csv[256];
static struct store *st;
static sqlite3 *raw;
static int64_t vid;

static void cleanup(void)
{
	char side[300];

	if (raw)
		sqlite3_close(raw);
	if (st)
		store_close(st);
	unlink(csv);
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
	rmdir(dir);
}

static void setup(void)
{
	struct error err;
	struct survey_version sv;
	enum store_put_result res;

	snprintf(dir, sizeof(dir), "%s/utilis-fuzz-import.%ld",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
	mkdir(dir, 0700);
	snprintf(db, sizeof(db), "%s/w.db", dir);
	snprintf(csv, sizeof(csv), "%s/in.csv", dir);
	unlink(db);
	setenv("UTILIS_NOW", "2026-01-15T10:00:00Z", 1);
	if (store_open(&st, db, STORE_CREATE, &err) < 0 ||
	    store_survey_put(st, "essai", 1, "Essai", NULL, "form_id: essai\n", &res, &err) < 0 ||
	    store_survey_get(st, "essai", 1, &sv, &err) != 1) {
		fprintf(stderr, "fuzz_import: %s\n", err.msg);
		abort();
	}
	vid = sv.id;
	survey_version_release(&sv);
	if (sqlite3_open(db, &raw) != SQLITE_OK)
		abort();
	sqlite3_busy_timeout(raw, 5000);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int seps[] = { 0, ',', ';', '\t' };
	static const enum import_layout layouts[] = { IMPORT_UTILIS, IMPORT_KOBO, IMPORT_ODK, IMPORT_UTILIS };
	const struct survey *s;
	struct import_options opt;
	FILE *fp;
	int pass;

	if (size < 1)
		return 0;
	if (!st)
		setup();
	s = fuzz_survey("essai");
	memset(&opt, 0, sizeof(opt));
	opt.layout = layouts[data[0] & 3];
	opt.dry_run = (data[0] >> 2) & 1;
	opt.csv.sep = seps[(data[0] >> 3) & 3];
	opt.csv.encoding = (data[0] & 32) ? CSV_WINDOWS_1252 : CSV_UTF8;
	opt.ignore_unknown = (data[0] >> 6) & 1;
	if (data[0] & 128) {
		opt.group = "G1";
		opt.wave = "2025";
	}
	opt.today = "2026-01-15";
	fp = fopen(csv, "wb");
	if (!fp || fwrite(data + 1, 1, size - 1, fp) != size - 1 || fclose(fp) != 0)
		abort();
	for (pass = 0; pass < 2; pass++) {
		struct import_result res;
		struct diags d = DIAGS_INIT;
		struct error err;
		int rc;

		import_result_init(&res);
		rc = import_csv(st, s, vid, csv, &opt, &res, &d, &err);
		if (rc == UT_EDATA && d.nerror == 0 && !d.oom)
			abort(); /* a refusal always says why */
		if (rc != 0 && rc != UT_EDATA && rc != UT_EIO) {
			fprintf(stderr, "fuzz_import: unexpected %d: %s\n", rc, err.msg);
			abort();
		}
		diags_sort(&d);
		diags_release(&d);
		import_result_release(&res);
	}
	if (sqlite3_exec(raw, "DELETE FROM respondent", NULL, NULL, NULL) != SQLITE_OK)
		abort();
	return 0;
}
