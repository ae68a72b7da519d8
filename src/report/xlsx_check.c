/*
 * xlsx_check: reading back what libxlsxwriter wrote (see xlsx_check.h).
 * The parts are streamed through libzip and expat: a workbook of a million
 * rows is read back in a second or two, with memory that does not grow.
 */
#include "report/xlsx_check.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

int xlsx_check_tmpfiles(lxw_workbook *wb, const char *path, struct error *err)
{
	lxw_worksheet *ws;

	LXW_FOREACH_WORKSHEET(ws, wb) {
		FILE *fp = ws->optimize_tmpfile;

		errno = 0;
		if (fp && (fflush(fp) != 0 || ferror(fp)))
			return error_set(err, "cannot write '%s': %s (writing the temporary file of "
					 "sheet '%s')", path, errno ? strerror(errno) : "write error",
					 ws->name);
	}
	return 0;
}

/* One part of the archive: inflated to its end, parsed when it is XML.  0 or -1. */
static int check_part(zip_t *z, zip_uint64_t i, const char *path, struct error *err)
{
	const char *name = zip_get_name(z, i, 0);
	size_t len = name ? strlen(name) : 0;
	int xml = len > 4 && (!strcmp(name + len - 4, ".xml") || !strcmp(name + len - 5, ".rels"));
	zip_file_t *f = zip_fopen_index(z, i, 0);
	XML_Parser p = NULL;
	char buf[65536];
	zip_int64_t got;
	int rc = 0;

	if (!f)
		return error_set(err, "cannot write '%s': part '%s' of the workbook is unreadable: %s",
				 path, name ? name : "?", zip_strerror(z));
	if (xml && !(p = XML_ParserCreate(NULL))) {
		zip_fclose(f);
		return error_set(err, "out of memory");
	}
	do {
		got = zip_fread(f, buf, sizeof(buf));
		if (got < 0) {
			rc = error_set(err, "cannot write '%s': part '%s' of the workbook is damaged: %s",
				       path, name, zip_file_strerror(f));
			break;
		}
		if (p && XML_Parse(p, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
			rc = error_set(err, "cannot write '%s': part '%s' of the workbook came out "
				       "incomplete (%s): is the disk full?", path, name,
				       XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
	} while (got > 0);
	if (p)
		XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

int xlsx_check_file(const char *tmp, const char *path, struct error *err)
{
	zip_t *z;
	zip_int64_t n, i;
	int zerr = 0, rc = 0;

	z = zip_open(tmp, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!z) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		rc = error_set(err, "cannot write '%s': the workbook came out damaged (%s): is the "
			       "disk full?", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	n = zip_get_num_entries(z, 0);
	for (i = 0; rc == 0 && i < n; i++)
		rc = check_part(z, (zip_uint64_t)i, path, err);
	zip_discard(z);
	return rc;
}
