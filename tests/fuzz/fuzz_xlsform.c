/*
 * Fuzz target: the XLSForm reader (survey/xlsform.c over survey/xlsx.c,
 * libzip and expat), through xlsform_read() on a file.  The first byte
 * chooses the options and the mode:
 *   bit 0 clear: the rest is the .xlsx file itself (the zip layer);
 *   bit 0 set:   the rest is the XML of the parts, separated by the line
 *                "--part--": workbook.xml, its relationships,
 *                sharedStrings.xml, styles.xml, then sheet1.xml, sheet2.xml
 *                and sheet3.xml, which this target zips into a workbook
 *                (so that the mutations reach the XML readers).
 * The YAML made from a workbook that reads is then loaded as a survey.
 */
#include "fuzz.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "survey/survey.h"
#include "survey/xlsform.h"

static char dir[256], path[300];

static const char *const part_names[] = {
	"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml",
	"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", NULL,
};
#define SEP "\n--part--\n"

static void cleanup(void)
{
	unlink(path);
	rmdir(dir);
}

static void write_raw(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
}

static void write_parts(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	int zerr, i;
	zip_t *z;

	unlink(path);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!z)
		abort();
	for (i = 0; part_names[i] && p <= end; i++) {
		const char *q = memmem(p, (size_t)(end - p), SEP, strlen(SEP));
		size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
		zip_source_t *src = zip_source_buffer(z, p, n, 0);
		zip_int64_t idx;

		if (!src)
			abort();
		idx = zip_file_add(z, part_names[i], src, ZIP_FL_OVERWRITE);
		if (idx < 0)
			abort();
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		if (!q)
			break;
		p = q + strlen(SEP);
	}
	if (zip_close(z) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlsform_options opt;
	struct strbuf yaml;
	struct diags d = DIAGS_INIT;
	struct error err = { "" };
	char *form_id = NULL;
	int rc;

	if (size < 1)
		return 0;
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s/utilis-fuzz-xlsform.%ld",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
		mkdir(dir, 0700);
		snprintf(path, sizeof(path), "%s/form.xlsx", dir);
		atexit(cleanup);
	}
	if (data[0] & 1)
		write_parts(data + 1, size - 1);
	else
		write_raw(data + 1, size - 1);
	memset(&opt, 0, sizeof(opt));
	opt.drop_unsupported = (data[0] >> 1) & 1;
	if (data[0] & 4)
		opt.form_id = "essai";
	if (data[0] & 8)
		opt.default_language = (data[0] & 16) ? "en" : "fr";
	strbuf_init(&yaml, 0);
	rc = xlsform_read(path, &opt, &yaml, &form_id, &d, &err);
	if (rc == 0) {
		struct survey *s = NULL;
		struct diags d2 = DIAGS_INIT;

		if (!form_id)
			abort();
		/* What the reader accepted must load: it checked it with survey_load() itself. */
		if (survey_load(&s, "fuzz.yaml", yaml.buf ? yaml.buf : "", yaml.len, &d2) < 0) {
			diags_print(stderr, &d2);
			abort();
		}
		survey_free(s);
		diags_release(&d2);
	} else if (rc < 0 && d.nerror == 0 && !d.oom && !err.msg[0]) {
		abort(); /* a refusal always says why */
	}
	diags_sort(&d);
	diags_release(&d);
	strbuf_release(&yaml);
	free(form_id);
	return 0;
}
