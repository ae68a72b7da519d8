/*
 * pdf: a small text layout layer over libharu for the reports — A4 pages,
 * DejaVu Sans embedded (regular and bold, UTF-8: French exact), a cursor
 * that flows paragraphs down the page and onto the next, headings kept
 * with what follows them, tables whose rows are never cut by a page break
 * and whose header is repeated on each page, a running head, and a footer
 * on every page with the data's provenance and "page N / M".  The
 * document's title, author, subject, language and date are set in its
 * catalogue and information dictionary.
 *
 * Coordinates are PDF points (1/72 inch) from the bottom-left corner of
 * the page; `y` is the top of the space left on the current page.
 *
 * libharu's error handler only records the first error (code and detail)
 * here: drawing calls return nothing, and pdf_save() reports the error and
 * writes no file.  The file is written under a temporary name beside the
 * target, flushed to disk and renamed, so a failure leaves no half file.
 */
#ifndef UTILIS_REPORT_PDF_H
#define UTILIS_REPORT_PDF_H

#include <hpdf.h>
#include <stddef.h>
#include <time.h>

#include "report/wrap.h"
#include "util/diag.h"

/* A4 portrait, in points. */
#define PDF_A4_W 595.276
#define PDF_A4_H 841.89

/* Colours as 0xRRGGBB. */
#define PDF_BLACK 0x000000
#define PDF_TEXT 0x1a1a1a
#define PDF_GREY 0x5f5f5f
#define PDF_LIGHT 0xd0d0d0
#define PDF_PALE 0xf2f2f2
#define PDF_ACCENT 0x0b4f8a

enum pdf_align { PDF_LEFT, PDF_RIGHT, PDF_CENTER };

struct pdf_style;
struct pdf_col;
struct chart_series;
struct chart_bar;
struct chart_likert_item;
struct chart_rank;

/*
 * What a document says, as the report writers say it: an observer set on
 * a pdf (p->obs) is told every heading, paragraph, text box, table and
 * chart with the very strings and numbers drawn, so that another renderer
 * (html_report.c) shows the same content without a second copy of the
 * report's wording.  Drawing is unchanged; what a call draws through
 * other calls (a heading's paragraph, a chart's labels) is told once.
 */
struct pdf_observer {
	void *ctx;
	void (*cover)(void *ctx, const char *author, const char *title, const char *subtitle,
		      const char *what, const char *date);
	void (*heading)(void *ctx, int level, const char *text);
	void (*paragraph)(void *ctx, const struct pdf_style *st, const char *text);
	void (*table_begin)(void *ctx, const struct pdf_col *cols, size_t ncols);
	void (*table_row)(void *ctx, const char *const *cells, size_t ncols, int bold);
	void (*table_end)(void *ctx);
	void (*radar)(void *ctx, const char *const *axes, size_t naxes,
		      const struct chart_series *s, size_t ns);
	void (*bars)(void *ctx, const struct chart_bar *b, size_t n);
	void (*likert)(void *ctx, const struct chart_likert_item *items, size_t nitems,
		       const char *const *cats, size_t ncat);
	void (*ranking)(void *ctx, const struct chart_rank *r, size_t n, const char *range_note,
			const char *flag_note);
};

struct pdf_opts {
	const char *title;	/* document title (information dictionary, running head) */
	const char *author;	/* author, or NULL */
	const char *subject;	/* subject, or NULL */
	const char *lang;	/* BCP 47 language of the catalogue: "fr-FR", "en-GB" */
	const char *font_dir;	/* where DejaVuSans.ttf and DejaVuSans-Bold.ttf are; NULL: Debian's */
	time_t when;		/* the document's date (CreationDate, ModDate) */
	double margin;		/* page margins in points; 0: 56 (about 2 cm) */
};

struct pdf {
	HPDF_Doc doc;		/* the libharu document */
	HPDF_Font font[2];	/* regular, bold */
	HPDF_ExtGState translucent; /* fill alpha 0.22, for radar areas */
	HPDF_Page page;		/* current page, NULL before the first */
	HPDF_Page *pages;	/* every page, for the footers */
	size_t npages;		/* pages made */
	size_t apages;		/* allocated in pages */
	double left, right;	/* content area: x from left to right */
	double top, bottom;	/* and y from bottom to top */
	double y;		/* top of the space left on the current page */
	int head_on_first;	/* draw the running head on page 1 too */
	char *head;		/* running head text (malloc'd), or NULL */
	char *footer;		/* provenance line of every page (malloc'd), or NULL */
	const char *lang;	/* language of the words the layer writes ("page") */
	struct wrap_lines wl;	/* scratch lines */
	unsigned long error;	/* first libharu error code, 0 when none */
	unsigned long detail;	/* its detail code */
	struct error err;	/* what failed outside libharu */
	int failed;		/* err is set */
	const struct pdf_observer *obs;	/* told what is drawn, or NULL */
	int obs_mute;		/* > 0: inside a call already told */
};

/* The observer to tell, or NULL (none, or inside a call already told). */
#define PDF_OBS(p) ((p)->obs && !(p)->obs_mute ? (p)->obs : NULL)

/* A text style.  Zero fields take the defaults (regular, 10 pt, leading 1.3). */
struct pdf_style {
	int bold;		/* 1: DejaVu Sans Bold */
	double size;		/* font size in points */
	double leading;		/* line height as a multiple of the size */
	unsigned color;		/* 0xRRGGBB; 0 is black */
	enum pdf_align align;	/* within the width */
	double indent;		/* left indent from the content's left edge */
	double after;		/* space after the paragraph */
};

/*
 * Start a document.  Returns 0 with *out (pdf_free), or -1 with err: the
 * fonts cannot be loaded (the message names the file), or memory.
 */
int pdf_open(struct pdf **out, const struct pdf_opts *o, struct error *err);
void pdf_free(struct pdf *p);
/* The footer line of every page (copied), typically the data's provenance. */
int pdf_set_footer(struct pdf *p, const char *text);

/* Add a page and put the cursor at the top of its content area. */
void pdf_new_page(struct pdf *p);
/* Space left on the current page (0 before the first page). */
double pdf_room(const struct pdf *p);
/* Start a new page unless h points are left; returns 1 when it did. */
int pdf_need(struct pdf *p, double h);
/* Move the cursor down h points (not past the bottom). */
void pdf_skip(struct pdf *p, double h);
/* Width of the n bytes at s in the font and size. */
double pdf_width(struct pdf *p, int bold, double size, const char *s, size_t n);

/*
 * Lines of text wrapped to width in style st (into p->wl, valid until the
 * next call); returns their number, or -1 (memory: p->failed).
 */
long pdf_wrap(struct pdf *p, const struct pdf_style *st, const char *text, double width);
/* Height of text wrapped to width in style st, space after included. */
double pdf_text_height(struct pdf *p, const struct pdf_style *st, const char *text, double width);
/*
 * Draw text wrapped to width with its first line's top at (x, ytop),
 * without moving the cursor or breaking pages.  Returns the height used
 * (space after excluded).  At most max_lines lines (0: all); when cut, the
 * last line drawn ends with "…".
 */
double pdf_text_box(struct pdf *p, const struct pdf_style *st, double x, double ytop,
		    double width, const char *text, size_t max_lines);
/* One line of text, its baseline at (x, y), aligned on x as align says. */
void pdf_text_at(struct pdf *p, const struct pdf_style *st, double x, double y, const char *text);

/*
 * A paragraph at the cursor over the content width (minus the indent),
 * flowing onto new pages line by line; keeps at least two lines together
 * at a page bottom.  Trailing newlines are ignored.
 */
void pdf_paragraph(struct pdf *p, const struct pdf_style *st, const char *text);
/*
 * A heading: level 0 (document title), 1 (section, starts high on the page
 * when keep is room enough) or 2; it moves to a new page unless the heading
 * and keep more points fit below it.
 */
void pdf_heading(struct pdf *p, int level, const char *text, double keep);

/* Filled and stroked shapes, colours as 0xRRGGBB. */
void pdf_rect(struct pdf *p, double x, double y, double w, double h, unsigned fill);
void pdf_frame(struct pdf *p, double x, double y, double w, double h, unsigned stroke, double lw);
void pdf_line(struct pdf *p, double x1, double y1, double x2, double y2, unsigned stroke, double lw);
/* A closed polygon of n points (xy[2i], xy[2i+1]): translucent fill when fill_alpha, then stroke. */
void pdf_polygon(struct pdf *p, const double *xy, size_t n, unsigned color, int fill_alpha,
		 double lw);
void pdf_circle(struct pdf *p, double x, double y, double r, unsigned fill);

/* --- tables -------------------------------------------------------------- */

struct pdf_col {
	const char *title;	/* header text (wraps) */
	double width;		/* points */
	enum pdf_align align;	/* of the cells; the header follows it */
};

struct pdf_table {
	struct pdf *p;			/* the document */
	const struct pdf_col *cols;	/* columns (not owned) */
	size_t ncols;			/* how many */
	double x;			/* left edge */
	double size;			/* font size of the cells */
	double pad;			/* cell padding */
	size_t rows;			/* rows drawn since the last header */
	int header_drawn;		/* on the current page */
	size_t page_at_header;		/* p->npages when the header was drawn */
};

/* Start a table at the cursor (header drawn with the first row). */
void pdf_table_begin(struct pdf_table *t, struct pdf *p, const struct pdf_col *cols,
		     size_t ncols, double size);
/*
 * One row of ncols cells (NULL: empty), wrapped in their columns.  A row
 * that does not fit in the space left goes whole to a new page, under a
 * repeated header.  bold: the whole row in bold (totals).
 */
void pdf_table_row(struct pdf_table *t, const char *const *cells, int bold);
/* End the table: a rule under the last row and a little space. */
void pdf_table_end(struct pdf_table *t);
/* Height a row would take. */
double pdf_table_row_height(struct pdf_table *t, const char *const *cells, int bold);

/*
 * Draw the footers ("page N / M" and the provenance line) and the running
 * heads, then write the document to path through a temporary file.
 * Returns 0, or -1 with err (a libharu error, a file error naming the
 * step that failed); the temporary file is removed on failure.  mode is
 * AFILE_PUBLIC or AFILE_PRIVATE (util/afile.h).
 */
int pdf_save(struct pdf *p, const char *path, int mode, struct error *err);

#endif
