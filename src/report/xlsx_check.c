/*
 * xlsx_check: making sure what libxlsxwriter wrote is whole (see
 * xlsx_check.h).  xlsx_check_file() reads a workbook back, its parts
 * streamed through libzip and expat, with memory that does not grow.
 * xlsx_watch_start() and xlsx_watch_finish() check the same parts without
 * reading them back: on their way to deflate, on a second thread.
 */
#include "report/xlsx_check.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
typedef int zip_write_fn(void *, const void *, unsigned);
typedef int zip_close_fn(void *);
static zip_open_fn *real_open;
static zip_write_fn *real_write;
static zip_close_fn *real_close;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
	*(void **)&real_open = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
	*(void **)&real_write = dlsym(RTLD_NEXT, "zipWriteInFileInZip");
	*(void **)&real_close = dlsym(RTLD_NEXT, "zipCloseFileInZip");
}

enum { ZIP_PARAMERROR = -102 };	/* minizip's, which libxlsxwriter reports */

static void watch_begin(const char *name);
static void watch_data(const void *buf, size_t len);
static void watch_end(void);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
			    const void *extrafield_local, unsigned size_extrafield_local,
			    const void *extrafield_global, unsigned size_extrafield_global,
			    const char *comment, int method, int level, int raw, int windowBits,
			    int memLevel, int strategy, const char *password,
			    unsigned long crcForCrypting, unsigned long versionMadeBy,
			    unsigned long flagBase, int zip64)
{
	int rc;

	pthread_once(&real_once, find_real);
	if (!real_open)
		return ZIP_PARAMERROR;
	if (method == Z_DEFLATED && !raw && level == Z_DEFAULT_COMPRESSION)
		level = Z_BEST_SPEED;
	rc = real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
		       extrafield_global, size_extrafield_global, comment, method, level, raw,
		       windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
		       flagBase, zip64);
	if (rc == 0)
		watch_begin(filename);
	return rc;
}

/* Each part's bytes, on their way to deflate: also to the watch (xlsx_watch_start). */
int zipWriteInFileInZip(void *file, const void *buf, unsigned len);

int zipWriteInFileInZip(void *file, const void *buf, unsigned len)
{
	pthread_once(&real_once, find_real);
	if (!real_write)
		return ZIP_PARAMERROR;
	watch_data(buf, len);
	return real_write(file, buf, len);
}

int zipCloseFileInZip(void *file);

int zipCloseFileInZip(void *file)
{
	pthread_once(&real_once, find_real);
	if (!real_close)
		return ZIP_PARAMERROR;
	watch_end();
	return real_close(file);
}

/*
 * The watch: the parts libxlsxwriter zips, seen as they go to deflate and
 * checked on a second thread (CRC, size, XML parsed to its end) while the
 * first deflates.  The producer (the interposed functions, on the thread
 * that called xlsx_watch_start) copies the bytes into SLOTS buffers of a
 * ring; the checker takes them in order.  Each part's result is kept in its
 * struct part, read by the producer once the checker has ended.
 */
#define SLOTS 4
#define SLOT_SIZE (1u << 20)

struct part {
	struct part *next;
	char *name;
	uint32_t crc;			/* zlib's crc32 of the bytes seen */
	uint64_t size;
	XML_Parser parser;		/* the checker's, while the part is open */
	int ended;			/* its end was seen */
	int started;			/* the producer handed over its first slot */
	int seen;			/* xlsx_watch_finish() found it in the zip */
	char msg[256];			/* what was wrong with it, or "" */
};

struct slot {
	struct part *part;
	char *buf;
	size_t len;
	int begin, end, stop;
};

struct xlsx_watch {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t nonempty, notfull;
	struct slot slots[SLOTS];
	unsigned head, count;		/* the next slot to fill; slots published */
	struct slot *cur;		/* the slot being filled, or NULL */
	struct part *parts, **tail;	/* in the order zipped */
	int lost;			/* a part could not be followed (out of memory) */
};

static __thread struct xlsx_watch *watching;

/* The checker's work on one slot. */
static void check_slot(struct slot *s)
{
	struct part *p = s->part;

	if (s->begin) {
		size_t len = strlen(p->name);

		p->crc = (uint32_t)crc32(0, NULL, 0);
		if (len > 4 && (!strcmp(p->name + len - 4, ".xml") ||
				(len > 5 && !strcmp(p->name + len - 5, ".rels"))) &&
		    !(p->parser = XML_ParserCreate(NULL)))
			snprintf(p->msg, sizeof(p->msg), "out of memory");
	}
	if (s->len) {
		p->crc = (uint32_t)crc32_z(p->crc, (const unsigned char *)s->buf, s->len);
		p->size += s->len;
		if (p->parser && !*p->msg &&
		    XML_Parse(p->parser, s->buf, (int)s->len, 0) == XML_STATUS_ERROR)
			snprintf(p->msg, sizeof(p->msg), "%s",
				 XML_ErrorString(XML_GetErrorCode(p->parser)));
	}
	if (s->end) {
		if (p->parser && !*p->msg && XML_Parse(p->parser, "", 0, 1) == XML_STATUS_ERROR)
			snprintf(p->msg, sizeof(p->msg), "%s",
				 XML_ErrorString(XML_GetErrorCode(p->parser)));
		p->ended = 1;
	}
	if (p->parser && (s->end || *p->msg)) {
		XML_ParserFree(p->parser);
		p->parser = NULL;
	}
}

static void *checker_main(void *arg)
{
	struct xlsx_watch *w = arg;
	unsigned at = 0;

	for (;;) {
		struct slot *s;

		pthread_mutex_lock(&w->mu);
		while (w->count == 0)
			pthread_cond_wait(&w->nonempty, &w->mu);
		s = &w->slots[at];
		pthread_mutex_unlock(&w->mu);
		if (s->stop)
			break;
		check_slot(s);
		pthread_mutex_lock(&w->mu);
		w->count--;
		pthread_cond_signal(&w->notfull);
		pthread_mutex_unlock(&w->mu);
		at = (at + 1) % SLOTS;
	}
	return NULL;
}

/* The producer's side: the next free slot, then handing it to the checker. */
static struct slot *slot_take(struct xlsx_watch *w)
{
	struct slot *s;

	pthread_mutex_lock(&w->mu);
	while (w->count == SLOTS)
		pthread_cond_wait(&w->notfull, &w->mu);
	s = &w->slots[w->head];
	pthread_mutex_unlock(&w->mu);
	s->len = 0;
	s->begin = s->end = s->stop = 0;
	return s;
}

static void slot_give(struct xlsx_watch *w)
{
	pthread_mutex_lock(&w->mu);
	w->head = (w->head + 1) % SLOTS;
	w->count++;
	pthread_cond_signal(&w->nonempty);
	pthread_mutex_unlock(&w->mu);
	w->cur = NULL;
}

static void watch_begin(const char *name)
{
	struct xlsx_watch *w = watching;
	struct part *p;

	if (!w)
		return;
	if (w->cur)	/* a part not closed: minizip closes it itself; hand it over */
		slot_give(w);
	p = calloc(1, sizeof(*p));
	if (!p || !(p->name = strdup(name ? name : ""))) {
		free(p);
		w->lost = 1;
		return;
	}
	*w->tail = p;
	w->tail = &p->next;
	w->cur = slot_take(w);
	w->cur->part = p;
	w->cur->begin = 1;
}

static void watch_data(const void *buf, size_t len)
{
	struct xlsx_watch *w = watching;
	const char *b = buf;

	if (!w || !w->cur)
		return;
	while (len) {
		size_t n = SLOT_SIZE - w->cur->len;

		if (n == 0) {
			struct part *p = w->cur->part;

			slot_give(w);
			w->cur = slot_take(w);
			w->cur->part = p;
			continue;
		}
		if (n > len)
			n = len;
		memcpy(w->cur->buf + w->cur->len, b, n);
		w->cur->len += n;
		b += n;
		len -= n;
	}
}

static void watch_end(void)
{
	struct xlsx_watch *w = watching;

	if (!w || !w->cur)
		return;
	w->cur->end = 1;
	slot_give(w);
}

struct xlsx_part *xlsx_watch_part(struct xlsx_watch *w, const char *name)
{
	struct part *p;

	if (!w)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p || !(p->name = strdup(name))) {
		free(p);
		w->lost = 1;
		return NULL;
	}
	*w->tail = p;
	w->tail = &p->next;
	return (struct xlsx_part *)p;
}

/* One slot of part xp: its next bytes, or its end. */
static void part_slot(struct xlsx_watch *w, struct part *p, const char *b, size_t len, int end)
{
	struct slot *s = slot_take(w);

	s->part = p;
	s->begin = !p->started;
	p->started = 1;
	memcpy(s->buf, b, len);
	s->len = len;
	s->end = end;
	w->cur = s;
	slot_give(w);
}

void xlsx_watch_feed(struct xlsx_watch *w, struct xlsx_part *xp, const void *buf, size_t len)
{
	const char *b = buf;

	if (!w || !xp)
		return;
	while (len) {
		size_t n = len < SLOT_SIZE ? len : SLOT_SIZE;

		part_slot(w, (struct part *)xp, b, n, 0);
		b += n;
		len -= n;
	}
}

void xlsx_watch_done(struct xlsx_watch *w, struct xlsx_part *xp)
{
	if (w && xp)
		part_slot(w, (struct part *)xp, "", 0, 1);
}

static void watch_free(struct xlsx_watch *w)
{
	struct part *p, *next;
	int i;

	for (p = w->parts; p; p = next) {
		next = p->next;
		if (p->parser)
			XML_ParserFree(p->parser);
		free(p->name);
		free(p);
	}
	for (i = 0; i < SLOTS; i++)
		free(w->slots[i].buf);
	pthread_cond_destroy(&w->nonempty);
	pthread_cond_destroy(&w->notfull);
	pthread_mutex_destroy(&w->mu);
	free(w);
}

struct xlsx_watch *xlsx_watch_start(void)
{
	struct xlsx_watch *w = calloc(1, sizeof(*w));
	int i;

	if (!w)
		return NULL;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->nonempty, NULL);
	pthread_cond_init(&w->notfull, NULL);
	w->tail = &w->parts;
	for (i = 0; i < SLOTS; i++)
		if (!(w->slots[i].buf = malloc(SLOT_SIZE))) {
			watch_free(w);
			return NULL;
		}
	if (pthread_create(&w->thread, NULL, checker_main, w) != 0) {
		watch_free(w);
		return NULL;
	}
	watching = w;
	return w;
}

/* Stop the checker and wait for it. */
static void watch_stop(struct xlsx_watch *w)
{
	if (w->cur)
		slot_give(w);
	w->cur = slot_take(w);
	w->cur->stop = 1;
	slot_give(w);
	pthread_join(w->thread, NULL);
	watching = NULL;
}

/*
 * Open the workbook just written, its zip structure checked (ZIP_CHECKCONS);
 * NULL with *rc and err set when it came out damaged.
 */
static zip_t *open_written(const char *tmp, const char *path, int *rc, struct error *err)
{
	int zerr = 0;
	zip_t *z = zip_open(tmp, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);

	if (!z) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		*rc = error_set(err, "cannot write '%s': the workbook came out damaged (%s): is the "
				"disk full?", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
	}
	return z;
}

int xlsx_watch_finish(struct xlsx_watch *w, const char *tmp, const char *path,
		      struct error *err)
{
	struct part *p;
	zip_t *z;
	zip_int64_t n, i;
	int rc = 0;

	if (!w)
		return tmp ? xlsx_check_file(tmp, path, err) : 0;
	watch_stop(w);
	if (!tmp) {
		watch_free(w);
		return 0;
	}
	if (w->lost || !w->parts) {	/* not followed (or not interposed here): read it back */
		watch_free(w);
		return xlsx_check_file(tmp, path, err);
	}
	for (p = w->parts; p && rc == 0; p = p->next)
		if (*p->msg || !p->ended)
			rc = error_set(err, "cannot write '%s': part '%s' of the workbook came out "
				       "incomplete (%s): is the disk full?", path, p->name,
				       *p->msg ? p->msg : "not ended");
	if (rc) {
		watch_free(w);
		return rc;
	}
	/* the file holds those parts, as they were checked: names, sizes, CRCs */
	z = open_written(tmp, path, &rc, err);
	if (!z) {
		watch_free(w);
		return rc;
	}
	n = zip_get_num_entries(z, 0);
	for (i = 0; rc == 0 && i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		zip_stat_t st;

		for (p = w->parts; p && name && (p->seen || strcmp(p->name, name)); p = p->next)
			;
		if (!p || zip_stat_index(z, (zip_uint64_t)i, 0, &st) < 0 ||
		    !(st.valid & ZIP_STAT_SIZE) || !(st.valid & ZIP_STAT_CRC) ||
		    st.size != p->size || st.crc != p->crc)
			rc = error_set(err, "cannot write '%s': part '%s' of the workbook is damaged: "
				       "it is not what was written", path, name ? name : "?");
		else
			p->seen = 1;
	}
	for (p = w->parts; rc == 0 && p; p = p->next)
		if (!p->seen)
			rc = error_set(err, "cannot write '%s': part '%s' of the workbook is missing",
				       path, p->name);
	zip_discard(z);
	watch_free(w);
	return rc;
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
	int rc = 0;

	z = open_written(tmp, path, &rc, err);
	if (!z)
		return rc;
	n = zip_get_num_entries(z, 0);
	for (i = 0; rc == 0 && i < n; i++)
		rc = check_part(z, (zip_uint64_t)i, path, err);
	zip_discard(z);
	return rc;
}
