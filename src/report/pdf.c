/*
 * pdf: the text layout layer of the reports over libharu (see pdf.h).
 */
#include "report/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/afile.h"
#include "util/array.h"
#include "util/strbuf.h"
#include "version.h"

#define DEFAULT_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define HEAD_SIZE 7.5
#define FOOT_SIZE 6.8

/* libharu calls this on every error; the first one is kept, the library carries on. */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
	struct pdf *p = user;

	if (!p->error) {
		p->error = code;
		p->detail = detail;
	}
}

static void set_rgb_fill(HPDF_Page page, unsigned c)
{
	HPDF_Page_SetRGBFill(page, (HPDF_REAL)((c >> 16) & 255) / 255, (HPDF_REAL)((c >> 8) & 255) / 255,
			     (HPDF_REAL)(c & 255) / 255);
}

static void set_rgb_stroke(HPDF_Page page, unsigned c)
{
	HPDF_Page_SetRGBStroke(page, (HPDF_REAL)((c >> 16) & 255) / 255,
			       (HPDF_REAL)((c >> 8) & 255) / 255, (HPDF_REAL)(c & 255) / 255);
}

static int fail(struct pdf *p, const char *msg)
{
	if (!p->failed) {
		error_set(&p->err, "%s", msg);
		p->failed = 1;
	}
	return -1;
}

/*
 * libharu 2.3.0 gives a TrueType font in UTF-8 a /ToUnicode stream that is
 * its encoding CMap (begincidrange), which is no ToUnicode CMap: poppler
 * warns "Invalid 'begincidrange' operator in ToUnicode CMap" and readers
 * guess the text back.  With the UTF-8 encoder a character's code is its
 * Unicode code point (CIDFontType2_New maps code to glyph through
 * CIDToGIDMap), so the right ToUnicode is the identity on the BMP: write
 * it into the same stream, ranges of 256 codes that never cross a first
 * byte, surrogates left out.  Returns font.
 */
static HPDF_Font fix_to_unicode(HPDF_Font font)
{
	HPDF_FontAttr attr = font ? (HPDF_FontAttr)font->attr : NULL;
	HPDF_Stream st;
	char line[64];
	unsigned hi, n = 0, left = 0;

	if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream)
		return font;
	st = attr->cmap_stream->stream;
	HPDF_MemStream_FreeData(st);
	HPDF_Stream_WriteStr(st, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
				 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
				 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (hi = 0; hi < 256; hi++) {
		if (hi >= 0xD8 && hi <= 0xDF)
			continue;
		if (!left) {
			/* At most 100 ranges a block; 248 in all. */
			left = 248 - n < 100 ? 248 - n : 100;
			snprintf(line, sizeof(line), "%u beginbfrange\n", left);
			HPDF_Stream_WriteStr(st, line);
		}
		snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
		HPDF_Stream_WriteStr(st, line);
		n++;
		if (!--left)
			HPDF_Stream_WriteStr(st, "endbfrange\n");
	}
	HPDF_Stream_WriteStr(st, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	return font;
}

static HPDF_Font load_font(struct pdf *p, const char *dir, const char *file, struct error *err)
{
	char path[4096];
	const char *name;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (access(path, R_OK) < 0) {
		error_set(err, "cannot open font '%s': %s (Debian package fonts-dejavu-core)", path,
			  strerror(errno));
		return NULL;
	}
	name = HPDF_LoadTTFontFromFile(p->doc, path, HPDF_TRUE);
	if (!name) {
		error_set(err, "cannot load font '%s' (libharu error 0x%04lX)", path, p->error);
		return NULL;
	}
	return fix_to_unicode(HPDF_GetFont(p->doc, name, "UTF-8"));
}

static void set_date(struct pdf *p, HPDF_InfoType which, time_t when)
{
	struct tm tm;
	HPDF_Date d;

	if (!gmtime_r(&when, &tm))
		return;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_SetInfoDateAttr(p->doc, which, d);
}

int pdf_open(struct pdf **out, const struct pdf_opts *o, struct error *err)
{
	struct pdf *p = calloc(1, sizeof(*p));
	const char *dir = o->font_dir && *o->font_dir ? o->font_dir : DEFAULT_FONT_DIR;
	double margin = o->margin > 0 ? o->margin : 56;
	HPDF_String lang;

	*out = NULL;
	if (!p)
		return error_set(err, "out of memory");
	p->doc = HPDF_New(on_error, p);
	if (!p->doc) {
		free(p);
		return error_set(err, "out of memory (libharu)");
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	if (!(p->font[0] = load_font(p, dir, "DejaVuSans.ttf", err)) ||
	    !(p->font[1] = load_font(p, dir, "DejaVuSans-Bold.ttf", err))) {
		pdf_free(p);
		return -1;
	}
	p->translucent = HPDF_CreateExtGState(p->doc);
	if (p->translucent)
		HPDF_ExtGState_SetAlphaFill(p->translucent, 0.22f);
	if (o->title)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, o->title);
	if (o->author)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_AUTHOR, o->author);
	if (o->subject)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_SUBJECT, o->subject);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "utilis " UTILIS_VERSION);
	set_date(p, HPDF_INFO_CREATION_DATE, o->when);
	set_date(p, HPDF_INFO_MOD_DATE, o->when);
	/* libharu has no call for /Lang: add it to the catalogue itself. */
	if (o->lang && (lang = HPDF_String_New(p->doc->mmgr, o->lang, NULL)))
		HPDF_Dict_Add(p->doc->catalog, "Lang", lang);
	p->lang = o->lang;
	p->left = margin;
	p->right = PDF_A4_W - margin;
	p->top = PDF_A4_H - margin;
	p->bottom = margin + 8;
	if (o->title && !(p->head = strdup(o->title))) {
		pdf_free(p);
		return error_set(err, "out of memory");
	}
	if (p->error) {
		error_set(err, "cannot start the PDF (libharu error 0x%04lX, detail %lu)", p->error,
			  p->detail);
		pdf_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

void pdf_free(struct pdf *p)
{
	if (!p)
		return;
	if (p->doc)
		HPDF_Free(p->doc);
	free(p->pages);
	free(p->head);
	free(p->footer);
	wrap_lines_release(&p->wl);
	free(p);
}

int pdf_set_footer(struct pdf *p, const char *text)
{
	free(p->footer);
	p->footer = text ? strdup(text) : NULL;
	if (text && !p->footer)
		return fail(p, "out of memory");
	return 0;
}

void pdf_new_page(struct pdf *p)
{
	HPDF_Page page;

	if (ARRAY_GROW(p->pages, p->apages, p->npages + 1, 32) < 0) {
		fail(p, "out of memory");
		return;
	}
	page = HPDF_AddPage(p->doc);
	if (!page) {
		fail(p, "cannot add a page (libharu)");
		return;
	}
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p->pages[p->npages++] = page;
	p->page = page;
	p->y = p->top;
}

double pdf_room(const struct pdf *p)
{
	return p->page ? p->y - p->bottom : 0;
}

int pdf_need(struct pdf *p, double h)
{
	if (p->page && pdf_room(p) >= h)
		return 0;
	pdf_new_page(p);
	return 1;
}

void pdf_skip(struct pdf *p, double h)
{
	if (!p->page)
		pdf_new_page(p);
	p->y -= h;
	if (p->y < p->bottom)
		p->y = p->bottom;
}

double pdf_width(struct pdf *p, int bold, double size, const char *s, size_t n)
{
	HPDF_TextWidth tw;

	if (n == 0)
		return 0;
	tw = HPDF_Font_TextWidth(p->font[bold ? 1 : 0], (const HPDF_BYTE *)s, (HPDF_UINT)n);
	return (double)tw.width * size / 1000.0;
}

/* Defaults for the zero fields of a style. */
static struct pdf_style style_of(const struct pdf_style *st)
{
	struct pdf_style s = { 0 };

	if (st)
		s = *st;
	if (s.size <= 0)
		s.size = 10;
	if (s.leading <= 0)
		s.leading = 1.3;
	return s;
}

struct measure_ctx {
	struct pdf *p;
	int bold;
	double size;
};

static double measure(void *ctx, const char *s, size_t n)
{
	struct measure_ctx *m = ctx;

	return pdf_width(m->p, m->bold, m->size, s, n);
}

long pdf_wrap(struct pdf *p, const struct pdf_style *st, const char *text, double width)
{
	struct pdf_style s = style_of(st);
	struct measure_ctx m = { p, s.bold, s.size };
	size_t len = text ? strlen(text) : 0;
	long n;

	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	n = wrap_text(&p->wl, text ? text : "", len, width, measure, &m);
	if (n < 0)
		fail(p, "out of memory");
	return n;
}

double pdf_text_height(struct pdf *p, const struct pdf_style *st, const char *text, double width)
{
	struct pdf_style s = style_of(st);
	long n = pdf_wrap(p, &s, text, width);

	return (n < 0 ? 0 : (double)n) * s.size * s.leading + s.after;
}

/* The baseline of a line whose box of height lh starts at ytop. */
static double baseline(double ytop, double size, double lh)
{
	return ytop - (lh + size) / 2 + 0.2 * size;
}

/* Draw n bytes at s with the baseline at (x, y). */
static void draw_bytes(struct pdf *p, const struct pdf_style *s, double x, double y, const char *str,
		       size_t n)
{
	char stackbuf[512], *buf = stackbuf;

	if (!p->page || n == 0)
		return;
	if (n >= sizeof(stackbuf) && !(buf = malloc(n + 1))) {
		fail(p, "out of memory");
		return;
	}
	memcpy(buf, str, n);
	buf[n] = '\0';
	set_rgb_fill(p->page, s->color);
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font[s->bold ? 1 : 0], (HPDF_REAL)s->size);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, buf);
	HPDF_Page_EndText(p->page);
	if (buf != stackbuf)
		free(buf);
}

/* Line i of p->wl drawn in a box of width starting at x. */
static void draw_wrapped_line(struct pdf *p, const struct pdf_style *s, const char *text, size_t i,
			      double x, double y, double width, int ellipsis)
{
	const struct wrap_line *l = &p->wl.v[i];
	double lx = x;

	if (ellipsis) {
		/* Cut the line until it and "…" fit. */
		struct strbuf sb = STRBUF_INIT;
		size_t len = l->len;
		double ew = pdf_width(p, s->bold, s->size, "…", strlen("…"));

		while (len > 0 && pdf_width(p, s->bold, s->size, text + l->off, len) + ew > width) {
			len--;
			while (len > 0 && ((unsigned char)text[l->off + len] & 0xC0) == 0x80)
				len--;
		}
		while (len > 0 && text[l->off + len - 1] == ' ')
			len--;
		if (strbuf_add(&sb, text + l->off, len) < 0 || strbuf_addstr(&sb, "…") < 0) {
			strbuf_release(&sb);
			fail(p, "out of memory");
			return;
		}
		if (s->align == PDF_RIGHT)
			lx = x + width - pdf_width(p, s->bold, s->size, sb.buf, sb.len);
		else if (s->align == PDF_CENTER)
			lx = x + (width - pdf_width(p, s->bold, s->size, sb.buf, sb.len)) / 2;
		draw_bytes(p, s, lx, y, sb.buf, sb.len);
		strbuf_release(&sb);
		return;
	}
	if (s->align == PDF_RIGHT)
		lx = x + width - l->width;
	else if (s->align == PDF_CENTER)
		lx = x + (width - l->width) / 2;
	draw_bytes(p, s, lx, y, text + l->off, l->len);
}

double pdf_text_box(struct pdf *p, const struct pdf_style *st, double x, double ytop,
		    double width, const char *text, size_t max_lines)
{
	struct pdf_style s = style_of(st);
	double lh = s.size * s.leading;
	long n = pdf_wrap(p, &s, text, width);
	size_t i, shown;

	if (PDF_OBS(p))
		p->obs->paragraph(p->obs->ctx, st, text);
	if (n <= 0)
		return 0;
	shown = max_lines && (size_t)n > max_lines ? max_lines : (size_t)n;
	for (i = 0; i < shown; i++)
		draw_wrapped_line(p, &s, text, i, x, baseline(ytop - (double)i * lh, s.size, lh), width,
				  i + 1 == shown && shown < (size_t)n);
	return (double)shown * lh;
}

void pdf_text_at(struct pdf *p, const struct pdf_style *st, double x, double y, const char *text)
{
	struct pdf_style s = style_of(st);
	size_t n = strlen(text);
	double w;

	if (s.align != PDF_LEFT) {
		w = pdf_width(p, s.bold, s.size, text, n);
		x -= s.align == PDF_RIGHT ? w : w / 2;
	}
	draw_bytes(p, &s, x, y, text, n);
}

void pdf_paragraph(struct pdf *p, const struct pdf_style *st, const char *text)
{
	struct pdf_style s = style_of(st);
	double lh = s.size * s.leading, x = p->left + s.indent, width = p->right - x;
	long n, i;

	if (PDF_OBS(p))
		p->obs->paragraph(p->obs->ctx, st, text);
	if (!p->page)
		pdf_new_page(p);
	n = pdf_wrap(p, &s, text, width);
	if (n <= 0)
		return;
	/* No orphan: a paragraph does not start with a single line at a page bottom. */
	if (pdf_room(p) < lh * (n >= 2 ? 2 : 1))
		pdf_new_page(p);
	for (i = 0; i < n; i++) {
		if (pdf_room(p) < lh) {
			pdf_new_page(p);
			/* The lines were wrapped into p->wl; a new page does not touch it. */
		}
		draw_wrapped_line(p, &s, text, (size_t)i, x, baseline(p->y, s.size, lh), width, 0);
		p->y -= lh;
	}
	pdf_skip(p, s.after);
}

void pdf_heading(struct pdf *p, int level, const char *text, double keep)
{
	struct pdf_style s = { 1, 11.5, 1.25, PDF_ACCENT, PDF_LEFT, 0, 3 };
	double before = 8, h;

	if (level <= 0) {
		s.size = 22;
		s.after = 10;
		before = 0;
	} else if (level == 1) {
		s.size = 15;
		s.after = 6;
		before = 14;
	}
	if (!p->page)
		pdf_new_page(p);
	h = pdf_text_height(p, &s, text, p->right - p->left);
	if (pdf_room(p) < before + h + keep)
		pdf_new_page(p);
	if (p->y < p->top)
		pdf_skip(p, before);
	if (PDF_OBS(p))
		p->obs->heading(p->obs->ctx, level, text);
	p->obs_mute++;
	pdf_paragraph(p, &s, text);
	p->obs_mute--;
}

/* --- shapes ------------------------------------------------------------------ */

void pdf_rect(struct pdf *p, double x, double y, double w, double h, unsigned fill)
{
	if (!p->page)
		return;
	set_rgb_fill(p->page, fill);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
}

void pdf_frame(struct pdf *p, double x, double y, double w, double h, unsigned stroke, double lw)
{
	if (!p->page)
		return;
	set_rgb_stroke(p->page, stroke);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Stroke(p->page);
}

void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2, unsigned stroke, double lw)
{
	if (!p->page)
		return;
	set_rgb_stroke(p->page, stroke);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x2, (HPDF_REAL)y2);
	HPDF_Page_Stroke(p->page);
}

void pdf_polygon(struct pdf *p, const double *xy, size_t n, unsigned color, int fill_alpha,
		 double lw)
{
	size_t i;

	if (!p->page || n < 2)
		return;
	if (fill_alpha && p->translucent) {
		HPDF_Page_GSave(p->page);
		HPDF_Page_SetExtGState(p->page, p->translucent);
		set_rgb_fill(p->page, color);
		HPDF_Page_MoveTo(p->page, (HPDF_REAL)xy[0], (HPDF_REAL)xy[1]);
		for (i = 1; i < n; i++)
			HPDF_Page_LineTo(p->page, (HPDF_REAL)xy[2 * i], (HPDF_REAL)xy[2 * i + 1]);
		HPDF_Page_ClosePath(p->page);
		HPDF_Page_Fill(p->page);
		HPDF_Page_GRestore(p->page);
	}
	set_rgb_stroke(p->page, color);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)xy[0], (HPDF_REAL)xy[1]);
	for (i = 1; i < n; i++)
		HPDF_Page_LineTo(p->page, (HPDF_REAL)xy[2 * i], (HPDF_REAL)xy[2 * i + 1]);
	HPDF_Page_ClosePathStroke(p->page);
}

void pdf_circle(struct pdf *p, double x, double y, double r, unsigned fill)
{
	if (!p->page)
		return;
	set_rgb_fill(p->page, fill);
	HPDF_Page_Circle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)r);
	HPDF_Page_Fill(p->page);
}

/* --- tables ------------------------------------------------------------------ */

#define ROW_RULE 0xdddddd
#define HEAD_FILL 0xe8eef5

void pdf_table_begin(struct pdf_table *t, struct pdf *p, const struct pdf_col *cols,
		     size_t ncols, double size)
{
	memset(t, 0, sizeof(*t));
	t->p = p;
	t->cols = cols;
	t->ncols = ncols;
	t->x = p->left;
	t->size = size > 0 ? size : 9;
	t->pad = 3;
	if (PDF_OBS(p))
		p->obs->table_begin(p->obs->ctx, cols, ncols);
	if (!p->page)
		pdf_new_page(p);
}

static double cell_height(struct pdf_table *t, const struct pdf_style *s, const char *text,
			  double width)
{
	long n;

	if (!text || !*text)
		return 0;
	n = pdf_wrap(t->p, s, text, width - 2 * t->pad);
	return n < 0 ? 0 : (double)n * s->size * s->leading;
}

static double row_height(struct pdf_table *t, const char *const *cells, int bold)
{
	struct pdf_style s = { bold, t->size, 1.22, PDF_TEXT, PDF_LEFT, 0, 0 };
	double h = s.size * s.leading;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		double ch = cell_height(t, &s, cells[i], t->cols[i].width);

		if (ch > h)
			h = ch;
	}
	return h + 2 * t->pad;
}

double pdf_table_row_height(struct pdf_table *t, const char *const *cells, int bold)
{
	return row_height(t, cells, bold);
}

/* Draw a row of cells at the cursor (its height h already known to fit, or clamped). */
static void draw_row(struct pdf_table *t, const char *const *cells, int bold, double h, unsigned fill)
{
	struct pdf *p = t->p;
	struct pdf_style s = { bold, t->size, 1.22, PDF_TEXT, PDF_LEFT, 0, 0 };
	double x = t->x, total = 0, lh = s.size * s.leading;
	size_t i, max_lines = 0;

	for (i = 0; i < t->ncols; i++)
		total += t->cols[i].width;
	if (h > pdf_room(p)) {
		/* Taller than a whole page: as many lines as fit, the last one cut with "…". */
		h = pdf_room(p);
		max_lines = (size_t)((h - 2 * t->pad) / lh);
		if (max_lines < 1)
			max_lines = 1;
	}
	if (fill)
		pdf_rect(p, x, p->y - h, total, h, fill);
	for (i = 0; i < t->ncols; i++) {
		if (cells[i] && *cells[i]) {
			s.align = t->cols[i].align;
			pdf_text_box(p, &s, x + t->pad, p->y - t->pad, t->cols[i].width - 2 * t->pad,
				     cells[i], max_lines);
		}
		x += t->cols[i].width;
	}
	p->y -= h;
	pdf_line(p, t->x, p->y, t->x + total, p->y, ROW_RULE, 0.5);
}

static void draw_header(struct pdf_table *t)
{
	const char *titles[32];
	size_t i, n = t->ncols < 32 ? t->ncols : 32;
	double h;

	for (i = 0; i < n; i++)
		titles[i] = t->cols[i].title;
	h = row_height(t, titles, 1);
	draw_row(t, titles, 1, h, HEAD_FILL);
	t->header_drawn = 1;
	t->page_at_header = t->p->npages;
	t->rows = 0;
}

void pdf_table_row(struct pdf_table *t, const char *const *cells, int bold)
{
	struct pdf *p = t->p;
	const char *titles[32];
	double h = row_height(t, cells, bold), hh;
	size_t i, n = t->ncols < 32 ? t->ncols : 32;

	if (PDF_OBS(p))
		p->obs->table_row(p->obs->ctx, cells, t->ncols, bold);
	p->obs_mute++;
	for (i = 0; i < n; i++)
		titles[i] = t->cols[i].title;
	hh = row_height(t, titles, 1);
	if (t->header_drawn && t->page_at_header != p->npages)
		t->header_drawn = 0;
	if (!t->header_drawn) {
		if (pdf_room(p) < hh + h)
			pdf_new_page(p);
		draw_header(t);
	} else if (pdf_room(p) < h) {
		pdf_new_page(p);
		draw_header(t);
	}
	draw_row(t, cells, bold, h, t->rows % 2 ? 0xf7f7f7 : 0);
	t->rows++;
	p->obs_mute--;
}

void pdf_table_end(struct pdf_table *t)
{
	if (PDF_OBS(t->p))
		t->p->obs->table_end(t->p->obs->ctx);
	pdf_skip(t->p, 8);
}

/* --- page furniture and saving ----------------------------------------------- */

static void furniture(struct pdf *p)
{
	struct pdf_style head = { 0, HEAD_SIZE, 1.2, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style foot = { 0, FOOT_SIZE, 1.25, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style num = { 0, 7.5, 1.2, PDF_GREY, PDF_RIGHT, 0, 0 };
	HPDF_Page saved = p->page;
	double numw = 60;
	size_t i;

	for (i = 0; i < p->npages; i++) {
		char page[64];

		p->page = p->pages[i];
		if (p->head && (i > 0 || p->head_on_first)) {
			pdf_text_box(p, &head, p->left, p->top + 24, p->right - p->left, p->head, 1);
			pdf_line(p, p->left, p->top + 12, p->right, p->top + 12, PDF_LIGHT, 0.5);
		}
		pdf_line(p, p->left, p->bottom - 12, p->right, p->bottom - 12, PDF_LIGHT, 0.5);
		if (p->footer)
			pdf_text_box(p, &foot, p->left, p->bottom - 16, p->right - p->left - numw,
				     p->footer, 3);
		snprintf(page, sizeof(page), "page %zu / %zu", i + 1, p->npages);
		pdf_text_at(p, &num, p->right, p->bottom - 23, page);
	}
	p->page = saved;
}

int pdf_save(struct pdf *p, const char *path, int mode, struct error *err)
{
	unsigned char buf[65536];
	struct afile f;

	if (!p->npages)
		pdf_new_page(p);
	furniture(p);
	if (p->failed) {
		*err = p->err;
		return -1;
	}
	if (p->error)
		return error_set(err, "cannot make the PDF (libharu error 0x%04lX, detail %lu)",
				 p->error, p->detail);
	/*
	 * The document goes to memory first, then to the file through
	 * util/afile.h, so that a full disk or a file size limit is reported
	 * with its reason.
	 */
	if (HPDF_SaveToStream(p->doc) != HPDF_OK || p->error)
		return error_set(err, "cannot make the PDF (libharu error 0x%04lX, detail %lu)",
				 p->error, p->detail);
	if (afile_open(&f, path, mode, err) < 0)
		return -1;
	HPDF_ResetStream(p->doc);
	for (;;) {
		HPDF_UINT32 n = sizeof(buf);
		HPDF_STATUS st = HPDF_ReadFromStream(p->doc, buf, &n);

		if (n && afile_write(&f, buf, n, err) < 0)
			goto fail;
		if (st == HPDF_STREAM_EOF)
			break;
		if (st != HPDF_OK) {
			error_set(err, "cannot write '%s' (libharu error 0x%04lX)", path, (unsigned long)st);
			goto fail;
		}
	}
	return afile_commit(&f, err);
fail:
	afile_abort(&f);
	return -1;
}
