/*
 * xlsx_stream: a workbook of simple sheets written as a stream (see
 * xlsx_stream.h).  The zip is written by hand (PKWARE's APPNOTE 6.3):
 * local headers, deflated data, the central directory, zip64 records when
 * an offset or a size does not fit in 32 bits.  The sheet streamed into
 * the file does not know its sizes when its local header is written: the
 * header is written with room for a zip64 extra field and completed in
 * place (pwrite) once the sheet ends, as minizip does; when the sheet
 * stays under 4 GB that room becomes an extra field of no meaning, which
 * readers skip (APPNOTE 4.5.1).
 */
#include "report/xlsx_stream.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zlib.h>

#include "report/xlsx_check.h"
#include "survey/xlsx.h"
#include "util/afile.h"
#include "util/array.h"
#include "util/decimal.h"
#include "util/frtime.h"
#include "util/strbuf.h"
#include "util/utf8.h"

#define XML_FLUSH (256u << 10)		/* XML bytes gathered before deflating */
#define ZOUT_SIZE (256u << 10)		/* deflated bytes gathered before a write */
#define MAX_CHARS 32767			/* Excel's longest cell text */
#define U32_MAX 0xFFFFFFFFu
#define PAD_ID 0xD935			/* the extra field of no meaning: Android zipalign's padding */

static const char XML_HEAD[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
static const char NS_MAIN[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
static const char NS_REL[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
static const char NS_PKG_REL[] = "http://schemas.openxmlformats.org/package/2006/relationships";

struct entry {				/* a part in the zip */
	char *name;
	uint64_t off, csize, usize;
	uint32_t crc;
	int zip64_local;		/* its local header has a zip64 extra field */
};

struct xs_sheet {
	struct xs_book *b;
	size_t k;			/* index in the workbook */
	char *name;			/* the sheet's name */
	char part[48];			/* xl/worksheets/sheetN.xml */
	char *buf;			/* XML not yet deflated */
	size_t len, cap;
	z_stream z;
	int zinit;
	unsigned char *zout;
	int fd;				/* a sheet after the first: its deflated temporary, else -1 */
	uint64_t usize, csize, local;	/* sizes; the first sheet: its local header's offset */
	uint32_t crc;
	struct xlsx_part *wp;		/* the watch's */
	long rows;			/* rows begun, the header included */
	long dim;			/* the rows it will have, from xs_sheet_rows(), or 0 */
	size_t next_col;		/* the column a cell without reference is in */
	size_t ncols;
	int state;			/* 0 not begun, 1 begun, 2 ended */
	int autofilter;
	int failed;
	struct error ferr;		/* the failure of a cell's write */
};

struct xs_book {
	struct afile *af;
	char *path;			/* for messages */
	char *dir;			/* for the temporaries */
	uint64_t pos;			/* bytes written to af */
	struct xs_sheet *sheets;
	size_t nsheets;
	struct entry *ents;
	size_t nents, aents;
	struct xlsx_watch *w;
	unsigned char *zout;		/* the first sheet's deflated bytes */
};

/* --- little helpers ----------------------------------------------------- */

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Column col (0-based) as letters ("A", "AA"), NUL-terminated; their count. */
static size_t col_letters(size_t col, char *out)
{
	return strlen(xlsx_col_name((unsigned)col + 1, out));
}

double xs_serial(int y, int mo, int d, int h, int mi, int sec)
{
	/* days from 1899-12-30 (1970-01-01 is 25569), the serial Excel gives from 1900-03-01 on */
	long days = frtime_days_from_civil(y, mo, d) + 25569;

	if (days <= 60)		/* before 1900-03-01: Excel counts a 1900-02-29 that was not */
		days--;
	return (double)days + (h * 3600 + mi * 60 + sec) / 86400.0;
}

/* --- writing the file ---------------------------------------------------- */

static int book_write(struct xs_book *b, const void *buf, size_t n, struct error *err)
{
	if (afile_write(b->af, buf, n, err) < 0)
		return -1;
	b->pos += n;
	return 0;
}

static int tmp_write(struct xs_sheet *s, const unsigned char *buf, size_t n, struct error *err)
{
	while (n) {
		ssize_t w = write(s->fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return error_set(err, "cannot write '%s': %s (the temporary file of sheet '%s')",
					 s->b->path, w < 0 ? strerror(errno) : "write error", s->name);
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static struct entry *add_entry(struct xs_book *b, const char *name, struct error *err)
{
	struct entry *e;

	if (ARRAY_GROW(b->ents, b->aents, b->nents + 1, 16) < 0)
		return error_set(err, "out of memory"), NULL;
	e = &b->ents[b->nents];
	memset(e, 0, sizeof(*e));
	if (!(e->name = strdup(name)))
		return error_set(err, "out of memory"), NULL;
	b->nents++;
	return e;
}

/*
 * A local header for e at the current offset: sizes and CRC as known
 * (zero for the streamed sheet), with room for a zip64 extra field when
 * reserve is set or the sizes need it.
 */
static int local_header(struct xs_book *b, struct entry *e, int reserve, struct error *err)
{
	unsigned char h[30 + 64 + 20];
	size_t nl = strlen(e->name);
	int z64 = e->csize >= U32_MAX || e->usize >= U32_MAX;

	e->off = b->pos;
	e->zip64_local = z64 || reserve;
	put32(h, 0x04034b50);
	put16(h + 4, z64 ? 45 : 20);
	put16(h + 6, 6);		/* deflated at the fastest level */
	put16(h + 8, 8);
	put16(h + 10, 0);		/* 1980-01-01 00:00, as libxlsxwriter */
	put16(h + 12, 0x21);
	put32(h + 14, e->crc);
	put32(h + 18, z64 ? U32_MAX : (uint32_t)e->csize);
	put32(h + 22, z64 ? U32_MAX : (uint32_t)e->usize);
	put16(h + 26, (unsigned)nl);
	put16(h + 28, e->zip64_local ? 20 : 0);
	memcpy(h + 30, e->name, nl);
	if (e->zip64_local) {
		unsigned char *x = h + 30 + nl;

		put16(x, z64 ? 1 : PAD_ID);
		put16(x + 2, 16);
		put64(x + 4, e->usize);
		put64(x + 12, e->csize);
	}
	return book_write(b, h, 30 + nl + (e->zip64_local ? 20 : 0), err);
}

/* A small part, whole in memory: deflated, written, watched.  0 or -1. */
static int put_part(struct xs_book *b, const char *name, const char *data, size_t len,
		    struct error *err)
{
	uLongf clen = compressBound((uLong)len) + 16;
	unsigned char *c = malloc(clen);
	struct entry *e;
	z_stream z;
	int rc;

	if (!c)
		return error_set(err, "out of memory");
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(c);
		return error_set(err, "out of memory");
	}
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = c;
	z.avail_out = (uInt)clen;
	rc = deflate(&z, Z_FINISH);
	deflateEnd(&z);
	if (rc != Z_STREAM_END || !(e = add_entry(b, name, err))) {
		free(c);
		return rc != Z_STREAM_END ? error_set(err, "cannot deflate part '%s'", name) : -1;
	}
	e->crc = (uint32_t)crc32_z(0, (const Bytef *)data, len);
	e->usize = len;
	e->csize = clen - z.avail_out;
	if (b->w) {
		struct xlsx_part *wp = xlsx_watch_part(b->w, name);

		xlsx_watch_feed(b->w, wp, data, len);
		xlsx_watch_done(b->w, wp);
	}
	rc = local_header(b, e, 0, err);
	if (rc == 0)
		rc = book_write(b, c, (size_t)e->csize, err);
	free(c);
	return rc;
}

/* --- sheets -------------------------------------------------------------- */

/* Deflate what s holds (finish: to the end of its stream) and send it on.  0 or -1. */
static int sheet_flush(struct xs_sheet *s, int finish, struct error *err)
{
	int zr;

	if (s->len) {
		s->crc = (uint32_t)crc32_z(s->crc, (const Bytef *)s->buf, s->len);
		s->usize += s->len;
		xlsx_watch_feed(s->b->w, s->wp, s->buf, s->len);
	}
	s->z.next_in = (Bytef *)s->buf;
	s->z.avail_in = (uInt)s->len;
	do {
		size_t n;

		s->z.next_out = s->zout;
		s->z.avail_out = ZOUT_SIZE;
		zr = deflate(&s->z, finish ? Z_FINISH : Z_NO_FLUSH);
		if (zr == Z_STREAM_ERROR)
			return error_set(err, "cannot deflate sheet '%s'", s->name);
		n = ZOUT_SIZE - s->z.avail_out;
		s->csize += n;
		if (n && (s->fd >= 0 ? tmp_write(s, s->zout, n, err) :
			  book_write(s->b, s->zout, n, err)) < 0)
			return -1;
	} while (finish ? zr != Z_STREAM_END : s->z.avail_out == 0);
	s->len = 0;
	return 0;
}

/* Room for n more bytes of XML in s; 0, or -1 (s->failed set). */
static int room(struct xs_sheet *s, size_t n)
{
	if (s->failed)
		return -1;
	if (s->len + n <= s->cap)
		return 0;
	if (s->len >= XML_FLUSH && sheet_flush(s, 0, &s->ferr) < 0) {
		s->failed = 1;
		return -1;
	}
	if (s->len + n > s->cap) {
		size_t cap = s->cap * 2 > s->len + n ? s->cap * 2 : s->len + n;
		char *nb = realloc(s->buf, cap);

		if (!nb) {
			error_set(&s->ferr, "out of memory");
			s->failed = 1;
			return -1;
		}
		s->buf = nb;
		s->cap = cap;
	}
	return 0;
}

static void add(struct xs_sheet *s, const char *t, size_t n)
{
	memcpy(s->buf + s->len, t, n);
	s->len += n;
}

#define ADDS(s, lit) add((s), (lit), sizeof(lit) - 1)

/* Text escaped for XML, as libxlsxwriter does (room already made: 7 bytes a byte). */
static void add_escaped(struct xs_sheet *s, const char *t, size_t n, int attr)
{
	char *p = s->buf + s->len;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c >= 0x3f || (c >= 0x20 && c != '&' && c != '<' && c != '>' && c != '"')) {
			*p++ = (char)c;
		} else if (c == '&') {
			memcpy(p, "&amp;", 5);
			p += 5;
		} else if (c == '<') {
			memcpy(p, "&lt;", 4);
			p += 4;
		} else if (c == '>') {
			memcpy(p, "&gt;", 4);
			p += 4;
		} else if (c == '"') {
			if (attr) {
				memcpy(p, "&quot;", 6);
				p += 6;
			} else {
				*p++ = '"';
			}
		} else if (c == '\t' || c == '\n') {
			*p++ = (char)c;
		} else {
			p += sprintf(p, "_x%04X_", c);
		}
	}
	s->len = (size_t)(p - s->buf);
}

/* "<c", its reference when it does not follow, its style, its type: up to 48 bytes. */
static void cell_open(struct xs_sheet *s, size_t col, int style, const char *type)
{
	char *p = s->buf + s->len;

	*p++ = '<';
	*p++ = 'c';
	if (col != s->next_col) {
		memcpy(p, " r=\"", 4);
		p += 4;
		p += col_letters(col, p);
		p += decimal_u64(p, (uint64_t)s->rows);
		*p++ = '"';
	}
	if (style) {
		memcpy(p, " s=\"", 4);
		p += 4;
		*p++ = (char)('0' + style);
		*p++ = '"';
	}
	if (type) {
		size_t n = strlen(type);

		memcpy(p, type, n);
		p += n;
	}
	*p++ = '>';
	s->len = (size_t)(p - s->buf);
	s->next_col = col + 1;
}

void xs_num(struct xs_sheet *s, size_t col, double v, int style)
{
	if (room(s, 96) < 0)
		return;
	cell_open(s, col, style, NULL);
	ADDS(s, "<v>");
	s->len += decimal_double(s->buf + s->len, v);
	ADDS(s, "</v></c>");
}

void xs_int(struct xs_sheet *s, size_t col, long long v, int style)
{
	if (room(s, 96) < 0)
		return;
	cell_open(s, col, style, NULL);
	ADDS(s, "<v>");
	s->len += decimal_i64(s->buf + s->len, v);
	ADDS(s, "</v></c>");
}

void xs_blank(struct xs_sheet *s, size_t col, int style)
{
	if (room(s, 64) < 0)
		return;
	cell_open(s, col, style, NULL);
	s->buf[s->len - 1] = '/';	/* "<c ... />" */
	ADDS(s, ">");
}

static int is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int xs_str(struct xs_sheet *s, size_t col, const char *text, size_t len, int style)
{
	if (len > MAX_CHARS && utf8_chars(text, len) > MAX_CHARS)
		return -1;
	if (room(s, 96 + 7 * len) < 0)
		return 0;
	cell_open(s, col, style, " t=\"inlineStr\"");
	if (len && (is_space((unsigned char)text[0]) || is_space((unsigned char)text[len - 1])))
		ADDS(s, "<is><t xml:space=\"preserve\">");
	else
		ADDS(s, "<is><t>");
	add_escaped(s, text, len, 0);
	ADDS(s, "</t></is></c>");
	return 0;
}

void xs_row(struct xs_sheet *s)
{
	if (room(s, 32) < 0)
		return;
	s->rows++;
	ADDS(s, "<row r=\"");
	s->len += decimal_u64(s->buf + s->len, (uint64_t)s->rows);
	ADDS(s, "\">");
	s->next_col = 0;
}

int xs_row_end(struct xs_sheet *s, struct error *err)
{
	if (room(s, 8) == 0)
		ADDS(s, "</row>");
	if (s->failed) {
		*err = s->ferr;
		return -1;
	}
	if (s->len >= XML_FLUSH && sheet_flush(s, 0, err) < 0) {
		s->failed = 1;
		s->ferr = *err;
		return -1;
	}
	return 0;
}

long xs_rows(const struct xs_sheet *s)
{
	return s->rows;
}

struct xs_sheet *xs_sheet(struct xs_book *b, size_t k)
{
	return k < b->nsheets ? &b->sheets[k] : NULL;
}

void xs_sheet_rows(struct xs_sheet *s, long rows)
{
	if (s->state == 0)
		s->dim = rows > 0 ? rows : 0;
}

int xs_sheet_begin(struct xs_sheet *s, const double *widths, const unsigned char *col_style,
		   size_t ncols, struct error *err)
{
	struct xs_book *b = s->b;
	struct strbuf h = STRBUF_INIT;
	size_t i;
	int rc;

	if (s->state)
		return error_set(err, "sheet '%s' is begun twice", s->name);
	memset(&s->z, 0, sizeof(s->z));
	if (deflateInit2(&s->z, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return error_set(err, "out of memory");
	s->zinit = 1;
	s->cap = XML_FLUSH + (64u << 10);
	if (!(s->buf = malloc(s->cap)))
		return error_set(err, "out of memory");
	if (s->k == 0) {
		s->zout = b->zout;
	} else if (!(s->zout = malloc(ZOUT_SIZE))) {
		return error_set(err, "out of memory");
	}
	if (s->k) {
#ifdef O_TMPFILE
		s->fd = open(b->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
		if (s->fd < 0) {
			char *t = NULL;

			if (asprintf(&t, "%s/.utilis-sheet-XXXXXX", b->dir) < 0)
				return error_set(err, "out of memory");
			s->fd = mkostemp(t, O_CLOEXEC);
			if (s->fd >= 0)
				unlink(t);
			free(t);
		}
		if (s->fd < 0)
			return error_set(err, "cannot write '%s': %s (a temporary file beside it)",
					 b->path, strerror(errno));
	} else {
		struct entry *e = add_entry(b, s->part, err);

		if (!e || local_header(b, e, 1, err) < 0)
			return -1;
		s->local = b->nents - 1;
	}
	s->wp = xlsx_watch_part(b->w, s->part);
	s->ncols = ncols;
	s->state = 1;
	strbuf_addf(&h, "%s<worksheet xmlns=\"%s\" xmlns:r=\"%s\">", XML_HEAD, NS_MAIN, NS_REL);
	if (s->dim && ncols) {	/* its place: first in <worksheet> */
		char ref[64], *p = ref;

		p += col_letters(ncols - 1, p);
		p += decimal_u64(p, (uint64_t)s->dim);
		strbuf_addstr(&h, "<dimension ref=\"A1:");
		strbuf_add(&h, ref, (size_t)(p - ref));
		strbuf_addstr(&h, "\"/>");
	}
	strbuf_addf(&h, "<sheetViews><sheetView%s "
		    "workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
		    "state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView></sheetViews>"
		    "<sheetFormatPr defaultRowHeight=\"15\"/>", s->k == 0 ? " tabSelected=\"1\"" : "");
	if (ncols)
		strbuf_addstr(&h, "<cols>");
	for (i = 0; i < ncols; i++) {
		/* Excel's stored width: 7-pixel digits and 5 pixels of padding, in 1/256 */
		double w = widths[i], px = w < 1 ? floor(w * 12 + 0.5) : floor(w * 7 + 0.5) + 5;
		char num[40];

		w = floor(px / 7.0 * 256.0) / 256.0;
		num[decimal_double(num, w)] = '\0';
		strbuf_addf(&h, "<col min=\"%zu\" max=\"%zu\" width=\"%s\"", i + 1, i + 1, num);
		if (col_style && col_style[i])
			strbuf_addf(&h, " style=\"%d\"", col_style[i]);
		strbuf_addstr(&h, " customWidth=\"1\"/>");
	}
	if (ncols)
		strbuf_addstr(&h, "</cols>");
	strbuf_addstr(&h, "<sheetData>");
	if (strbuf_failed(&h)) {
		strbuf_release(&h);
		return error_set(err, "out of memory");
	}
	rc = room(s, h.len);
	if (rc == 0)
		add(s, h.buf, h.len);
	strbuf_release(&h);
	if (rc < 0) {
		*err = s->ferr;
		return -1;
	}
	return 0;
}

int xs_sheet_end(struct xs_sheet *s, int autofilter, struct error *err)
{
	char ref[64], *p = ref;

	if (s->state != 1)
		return error_set(err, "sheet '%s' is not begun", s->name);
	if (s->dim && s->ncols && s->rows != s->dim)
		return error_set(err, "sheet '%s' has %ld rows, not the %ld its dimension says",
				 s->name, s->rows, s->dim);
	if (room(s, 256) < 0) {
		*err = s->ferr;
		return -1;
	}
	ADDS(s, "</sheetData>");
	if (autofilter && s->ncols) {
		ADDS(s, "<autoFilter ref=\"A1:");
		p += col_letters(s->ncols - 1, p);
		p += decimal_u64(p, (uint64_t)(s->rows ? s->rows : 1));
		add(s, ref, (size_t)(p - ref));
		ADDS(s, "\"/>");
	}
	ADDS(s, "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
	     "footer=\"0.3\"/></worksheet>");
	s->autofilter = autofilter && s->ncols;
	if (sheet_flush(s, 1, err) < 0)
		return -1;
	xlsx_watch_done(s->b->w, s->wp);
	s->state = 2;
	if (s->k == 0) {	/* its local header completed in place, as if the sizes were known */
		struct xs_book *b = s->b;
		struct entry *e = &b->ents[s->local];
		unsigned char h[30 + 64 + 20];
		int z64;
		size_t nl = strlen(e->name);
		ssize_t w;

		e->crc = s->crc;
		e->csize = s->csize;
		e->usize = s->usize;
		z64 = e->csize >= U32_MAX || e->usize >= U32_MAX;
		put32(h, 0x04034b50);
		put16(h + 4, z64 ? 45 : 20);
		put16(h + 6, 6);
		put16(h + 8, 8);
		put16(h + 10, 0);
		put16(h + 12, 0x21);
		put32(h + 14, e->crc);
		put32(h + 18, z64 ? U32_MAX : (uint32_t)e->csize);
		put32(h + 22, z64 ? U32_MAX : (uint32_t)e->usize);
		put16(h + 26, (unsigned)nl);
		put16(h + 28, 20);
		memcpy(h + 30, e->name, nl);
		put16(h + 30 + nl, z64 ? 1 : PAD_ID);
		put16(h + 32 + nl, 16);
		put64(h + 34 + nl, e->usize);
		put64(h + 42 + nl, e->csize);
		do
			w = pwrite(b->af->fd, h, 50 + nl, (off_t)e->off);
		while (w < 0 && errno == EINTR);
		if (w != (ssize_t)(50 + nl))
			return error_set(err, "cannot write '%s': %s", b->path,
					 w < 0 ? strerror(errno) : "write error");
	}
	return 0;
}

/* --- the workbook -------------------------------------------------------- */

int xs_open(struct xs_book **out, struct afile *af, const char *path, const char *dir,
	    const char *const *names, size_t nsheets, struct error *err)
{
	struct xs_book *b = calloc(1, sizeof(*b));
	struct strbuf x = STRBUF_INIT;
	size_t k;
	int rc;

	*out = NULL;
	if (!b)
		return error_set(err, "out of memory");
	b->af = af;
	b->path = strdup(path);
	b->dir = strdup(dir);
	b->sheets = calloc(nsheets ? nsheets : 1, sizeof(*b->sheets));
	b->zout = malloc(ZOUT_SIZE);
	b->nsheets = nsheets;
	if (!b->path || !b->dir || !b->sheets || !b->zout) {
		xs_abort(b);
		return error_set(err, "out of memory");
	}
	for (k = 0; k < nsheets; k++) {
		struct xs_sheet *s = &b->sheets[k];

		s->b = b;
		s->k = k;
		s->fd = -1;
		snprintf(s->part, sizeof(s->part), "xl/worksheets/sheet%zu.xml", k + 1);
		if (!(s->name = strdup(names[k]))) {
			xs_abort(b);
			return error_set(err, "out of memory");
		}
	}
	b->w = xlsx_watch_start();	/* NULL: xs_close() reads the file back instead */
	/* what is known already: the types of the parts and the package's relationships */
	strbuf_addf(&x, "%s<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
		    "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd."
		    "openxmlformats-officedocument.extended-properties+xml\"/><Override PartName="
		    "\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-"
		    "properties+xml\"/><Override PartName=\"/xl/styles.xml\" ContentType=\"application/"
		    "vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/><Override PartName="
		    "\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet.main+xml\"/>", XML_HEAD);
	for (k = 0; k < nsheets; k++)
		strbuf_addf(&x, "<Override PartName=\"/%s\" ContentType=\"application/vnd."
			    "openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
			    b->sheets[k].part);
	strbuf_addstr(&x, "</Types>");
	rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
		put_part(b, "[Content_Types].xml", x.buf, x.len, err);
	strbuf_reset(&x);
	strbuf_addf(&x, "%s<Relationships xmlns=\"%s\"><Relationship Id=\"rId1\" Type=\"%s/"
		    "officeDocument\" Target=\"xl/workbook.xml\"/><Relationship Id=\"rId2\" Type=\""
		    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-"
		    "properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"%s/"
		    "extended-properties\" Target=\"docProps/app.xml\"/></Relationships>", XML_HEAD,
		    NS_PKG_REL, NS_REL, NS_REL);
	if (rc == 0)
		rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
			put_part(b, "_rels/.rels", x.buf, x.len, err);
	strbuf_release(&x);
	if (rc < 0) {
		xs_abort(b);
		return -1;
	}
	*out = b;
	return 0;
}

/* name escaped for XML into x. */
static void add_xml(struct strbuf *x, const char *name)
{
	for (; *name; name++)
		switch (*name) {
		case '&': strbuf_addstr(x, "&amp;"); break;
		case '<': strbuf_addstr(x, "&lt;"); break;
		case '>': strbuf_addstr(x, "&gt;"); break;
		case '"': strbuf_addstr(x, "&quot;"); break;
		case '\'': strbuf_addstr(x, "&apos;"); break;
		default: strbuf_addch(x, *name); break;
		}
}

/* A sheet's name in a formula: quoted unless letters, digits, '_' and '.' (not first). */
static void add_sheet_ref(struct strbuf *x, const char *name)
{
	const char *p;
	int quote = (*name >= '0' && *name <= '9') || *name == '.' || !*name;

	for (p = name; *p && !quote; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			quote = 1;
	if (!quote) {
		add_xml(x, name);
		return;
	}
	strbuf_addch(x, '\'');
	for (p = name; *p; p++) {
		char one[2] = { *p, 0 };

		if (*p == '\'')
			strbuf_addstr(x, "&apos;");
		add_xml(x, one);
	}
	strbuf_addch(x, '\'');
}

/* Copy sheet s's deflated temporary into the zip, after its local header.  0 or -1. */
static int copy_sheet(struct xs_book *b, struct xs_sheet *s, struct error *err)
{
	struct entry *e = add_entry(b, s->part, err);
	uint64_t left = s->csize;

	if (!e)
		return -1;
	e->crc = s->crc;
	e->csize = s->csize;
	e->usize = s->usize;
	if (local_header(b, e, 0, err) < 0)
		return -1;
	if (lseek(s->fd, 0, SEEK_SET) < 0)
		return error_set(err, "cannot read the temporary file of sheet '%s': %s", s->name,
				 strerror(errno));
	while (left) {
		ssize_t n = read(s->fd, b->zout, left < ZOUT_SIZE ? left : ZOUT_SIZE);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return error_set(err, "cannot read the temporary file of sheet '%s': %s", s->name,
					 n < 0 ? strerror(errno) : "it is shorter than written");
		if (book_write(b, b->zout, (size_t)n, err) < 0)
			return -1;
		left -= (uint64_t)n;
	}
	return 0;
}

static const char STYLES[] =
	"<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/></numFmts>"
	"<fonts count=\"2\"><font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/>"
	"<family val=\"2\"/><scheme val=\"minor\"/></font><font><b/><sz val=\"11\"/>"
	"<color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/>"
	"</font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"2\">"
	"<border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/>"
	"<bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
	"</cellStyleXfs><cellXfs count=\"5\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" "
	"borderId=\"0\" xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" "
	"xfId=\"0\" applyFont=\"1\" applyBorder=\"1\"/><xf numFmtId=\"164\" fontId=\"0\" "
	"fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\" "
	"fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
	"applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf></cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/>"
	"</cellStyles><dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle="
	"\"TableStyleMedium9\" defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";

/* The workbook's other parts: workbook, its relationships, styles, properties.  0 or -1. */
static int put_rest(struct xs_book *b, struct error *err)
{
	struct strbuf x = STRBUF_INIT;
	size_t k;
	int rc, any = 0;
	time_t now = time(NULL);
	struct tm tm;
	char when[32];

	strbuf_addf(&x, "%s<workbook xmlns=\"%s\" xmlns:r=\"%s\"><fileVersion appName=\"xl\" "
		    "lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/><workbookPr "
		    "defaultThemeVersion=\"124226\"/><bookViews><workbookView xWindow=\"240\" "
		    "yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>",
		    XML_HEAD, NS_MAIN, NS_REL);
	for (k = 0; k < b->nsheets; k++) {
		strbuf_addstr(&x, "<sheet name=\"");
		add_xml(&x, b->sheets[k].name);
		strbuf_addf(&x, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", k + 1, k + 1);
	}
	strbuf_addstr(&x, "</sheets>");
	for (k = 0; k < b->nsheets; k++) {
		struct xs_sheet *s = &b->sheets[k];
		char ref[32], *p = ref;

		if (!s->autofilter)
			continue;
		if (!any++)
			strbuf_addstr(&x, "<definedNames>");
		strbuf_addf(&x, "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"%zu\" "
			    "hidden=\"1\">", k);
		add_sheet_ref(&x, s->name);
		p += col_letters(s->ncols - 1, p);
		*p = '\0';
		strbuf_addf(&x, "!$A$1:$%s$%ld</definedName>", ref, s->rows ? s->rows : 1);
	}
	if (any)
		strbuf_addstr(&x, "</definedNames>");
	strbuf_addstr(&x, "<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
	rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
		put_part(b, "xl/workbook.xml", x.buf, x.len, err);
	strbuf_reset(&x);
	strbuf_addf(&x, "%s<Relationships xmlns=\"%s\">", XML_HEAD, NS_PKG_REL);
	for (k = 0; k < b->nsheets; k++)
		strbuf_addf(&x, "<Relationship Id=\"rId%zu\" Type=\"%s/worksheet\" Target=\""
			    "worksheets/sheet%zu.xml\"/>", k + 1, NS_REL, k + 1);
	strbuf_addf(&x, "<Relationship Id=\"rId%zu\" Type=\"%s/styles\" Target=\"styles.xml\"/>"
		    "</Relationships>", b->nsheets + 1, NS_REL);
	if (rc == 0)
		rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
			put_part(b, "xl/_rels/workbook.xml.rels", x.buf, x.len, err);
	strbuf_reset(&x);
	strbuf_addf(&x, "%s%s", XML_HEAD, STYLES);
	if (rc == 0)
		rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
			put_part(b, "xl/styles.xml", x.buf, x.len, err);
	strbuf_reset(&x);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strbuf_addf(&x, "%s<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
		    "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
		    "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/"
		    "dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>"
		    "</dc:creator><cp:lastModifiedBy></cp:lastModifiedBy><dcterms:created xsi:type="
		    "\"dcterms:W3CDTF\">%s</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">"
		    "%s</dcterms:modified></cp:coreProperties>", XML_HEAD, when, when);
	if (rc == 0)
		rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
			put_part(b, "docProps/core.xml", x.buf, x.len, err);
	strbuf_reset(&x);
	strbuf_addf(&x, "%s<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
		    "extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/"
		    "2006/docPropsVTypes\"><Application>Microsoft Excel</Application><DocSecurity>0"
		    "</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size=\"2\" "
		    "baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
		    "<vt:variant><vt:i4>%zu</vt:i4></vt:variant></vt:vector></HeadingPairs>"
		    "<TitlesOfParts><vt:vector size=\"%zu\" baseType=\"lpstr\">", XML_HEAD, b->nsheets,
		    b->nsheets);
	for (k = 0; k < b->nsheets; k++) {
		strbuf_addstr(&x, "<vt:lpstr>");
		add_xml(&x, b->sheets[k].name);
		strbuf_addstr(&x, "</vt:lpstr>");
	}
	strbuf_addstr(&x, "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false"
		      "</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false"
		      "</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>");
	if (rc == 0)
		rc = strbuf_failed(&x) ? error_set(err, "out of memory") :
			put_part(b, "docProps/app.xml", x.buf, x.len, err);
	strbuf_release(&x);
	return rc;
}

/* The central directory and its end (zip64 records when needed).  0 or -1. */
static int put_directory(struct xs_book *b, struct error *err)
{
	struct strbuf d = STRBUF_INIT;
	uint64_t start = b->pos, size;
	size_t k;
	unsigned char h[56 + 20 + 22];
	int rc;

	for (k = 0; k < b->nents; k++) {
		const struct entry *e = &b->ents[k];
		unsigned char c[46], x[28];
		size_t nl = strlen(e->name), xl = 0;
		int big_u = e->usize >= U32_MAX, big_c = e->csize >= U32_MAX, big_o = e->off >= U32_MAX;

		if (big_u || big_c || big_o) {
			xl = 4;
			if (big_u)
				put64(x + xl, e->usize), xl += 8;
			if (big_c)
				put64(x + xl, e->csize), xl += 8;
			if (big_o)
				put64(x + xl, e->off), xl += 8;
			put16(x, 1);
			put16(x + 2, (unsigned)(xl - 4));
		}
		put32(c, 0x02014b50);
		put16(c + 4, (3u << 8) | 45);	/* made by: Unix, zip 4.5 */
		put16(c + 6, big_u || big_c ? 45 : 20);	/* as the local header says */
		put16(c + 8, 6);
		put16(c + 10, 8);
		put16(c + 12, 0);
		put16(c + 14, 0x21);
		put32(c + 16, e->crc);
		put32(c + 20, big_c ? U32_MAX : (uint32_t)e->csize);
		put32(c + 24, big_u ? U32_MAX : (uint32_t)e->usize);
		put16(c + 28, (unsigned)nl);
		put16(c + 30, (unsigned)xl);
		put16(c + 32, 0);
		put16(c + 34, 0);
		put16(c + 36, 0);
		put32(c + 38, 0100600u << 16);	/* a regular file, rw------- */
		put32(c + 42, big_o ? U32_MAX : (uint32_t)e->off);
		strbuf_add(&d, c, sizeof(c));
		strbuf_add(&d, e->name, nl);
		strbuf_add(&d, x, xl);
	}
	if (strbuf_failed(&d)) {
		strbuf_release(&d);
		return error_set(err, "out of memory");
	}
	rc = book_write(b, d.buf, d.len, err);
	size = d.len;
	strbuf_release(&d);
	if (rc < 0)
		return -1;
	if (start >= U32_MAX || size >= U32_MAX) {
		uint64_t at = b->pos;

		put32(h, 0x06064b50);
		put64(h + 4, 44);
		put16(h + 12, (3u << 8) | 45);
		put16(h + 14, 45);
		put32(h + 16, 0);
		put32(h + 20, 0);
		put64(h + 24, b->nents);
		put64(h + 32, b->nents);
		put64(h + 40, size);
		put64(h + 48, start);
		put32(h + 56, 0x07064b50);
		put32(h + 60, 0);
		put64(h + 64, at);
		put32(h + 72, 1);
		if (book_write(b, h, 76, err) < 0)
			return -1;
	}
	put32(h, 0x06054b50);
	put16(h + 4, 0);
	put16(h + 6, 0);
	put16(h + 8, (unsigned)b->nents);
	put16(h + 10, (unsigned)b->nents);
	put32(h + 12, size >= U32_MAX ? U32_MAX : (uint32_t)size);
	put32(h + 16, start >= U32_MAX ? U32_MAX : (uint32_t)start);
	put16(h + 20, 0);
	return book_write(b, h, 22, err);
}

int xs_close(struct xs_book *b, struct error *err)
{
	size_t k;
	int rc = 0;

	for (k = 0; k < b->nsheets && rc == 0; k++)
		if (b->sheets[k].state != 2)
			rc = error_set(err, "sheet '%s' is not ended", b->sheets[k].name);
	for (k = 1; k < b->nsheets && rc == 0; k++)
		rc = copy_sheet(b, &b->sheets[k], err);
	if (rc == 0)
		rc = put_rest(b, err);
	if (rc == 0)
		rc = put_directory(b, err);
	/*
	 * Each part was checked on the second core while it was written; the
	 * file must now hold them, as they were checked.
	 */
	{
		int wrc = xlsx_watch_finish(b->w, rc == 0 ? b->af->tmp : NULL, b->path, err);

		b->w = NULL;
		if (rc == 0)
			rc = wrc;
	}
	xs_abort(b);
	return rc;
}

void xs_abort(struct xs_book *b)
{
	size_t k;

	if (!b)
		return;
	if (b->w) {
		struct error ignored;

		xlsx_watch_finish(b->w, NULL, b->path, &ignored);
	}
	for (k = 0; k < b->nsheets; k++) {
		struct xs_sheet *s = &b->sheets[k];

		if (s->zinit)
			deflateEnd(&s->z);
		if (s->fd >= 0)
			close(s->fd);
		if (s->k)
			free(s->zout);
		free(s->buf);
		free(s->name);
	}
	for (k = 0; k < b->nents; k++)
		free(b->ents[k].name);
	free(b->ents);
	free(b->sheets);
	free(b->zout);
	free(b->path);
	free(b->dir);
	free(b);
}
