/*
 * xlsx_check: reading back what libxlsxwriter wrote (see xlsx_check.h).
 * The parts are streamed through libzip and expat: a workbook of a million
 * rows is read back in a second or two, with memory that does not grow.
 */
#include "report/xlsx_check.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <expat.h>
#include <zip.h>
#include <zlib.h>

/*
 * The deflate level of every part libxlsxwriter zips.  libxlsxwriter 1.1.4
 * opens each part with minizip's zipOpenNewFileInZip4_64() at
 * Z_DEFAULT_COMPRESSION (level 6), and has no option to change it: on a
 * sheet of a million rows deflate is then half of the export's time.  Level 1
 * (Z_BEST_SPEED) deflates the same sheet 2 to 3 times faster into a file
 * 1.4 times the size, which every reader reads alike (the level is the
 * writer's business: inflating does not depend on it).
 *
 * This is a symbol interposition, the one place utilis does it, and it lives
 * here, beside the other code that knows libxlsxwriter's insides: defined in
 * the program, this function is the one the dynamic linker binds
 * libxlsxwriter's calls to (ELF looks the program up first); it calls
 * minizip's own, found with dlsym(RTLD_NEXT), with the level changed and
 * every other argument as given.  It needs an ELF system and a shared
 * libxlsxwriter that calls minizip's exported function (Debian links the
 * system libminizip; a libxlsxwriter built with its own copy of minizip
 * exports the same name, found the same way).  Elsewhere (macOS's two-level
 * namespace, a static libxlsxwriter) it is not called and the workbooks are
 * deflated at level 6, only more slowly; a static libxlsxwriter with its
 * bundled minizip would fail to link, not misbehave.  The prototype is
 * minizip's (zip.h, unchanged since minizip 1.1): zipFile and zip_fileinfo *
 * are pointers, uInt unsigned int, uLong unsigned long.
 */
int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
			    const void *extrafield_local, unsigned size_extrafield_local,
			    const void *extrafield_global, unsigned size_extrafield_global,
			    const char *comment, int method, int level, int raw, int windowBits,
			    int memLevel, int strategy, const char *password,
			    unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64);

typedef int zip_open_fn(void *, const char *, const void *, const void *, unsigned,
			const void *, unsigned, const char *, int, int, int, int, int, int,
			const char *, unsigned long, unsigned long, unsigned long, int);
static zip_open_fn *real_open;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
	*(void **)&real_open = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
			    const void *extrafield_local, unsigned size_extrafield_local,
			    const void *extrafield_global, unsigned size_extrafield_global,
			    const char *comment, int method, int level, int raw, int windowBits,
			    int memLevel, int strategy, const char *password,
			    unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64)
{
	pthread_once(&real_once, find_real);
	if (!real_open)
		return -102;	/* ZIP_PARAMERROR: libxlsxwriter reports it */
	if (method == Z_DEFLATED && !raw && level == Z_DEFAULT_COMPRESSION)
		level = Z_BEST_SPEED;
	return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
			 extrafield_global, size_extrafield_global, comment, method, level, raw,
			 windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
			 flagBase, zip64);
}

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
