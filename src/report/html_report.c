/*
 * html_report: the accessible HTML version of a report, for readers with
 * screen readers and to put online (libharu cannot tag a PDF).  It is not
 * a second report: the PDF's own section writers run (report_observe())
 * and every heading, paragraph, table and chart they draw is told here
 * with the very strings and numbers of the PDF; this file only chooses
 * the elements.  Nothing is computed again, and what the PDF leaves out
 * (small groups) is not here either: the sentences that say so are.
 *
 * One self-contained HTML5 file: lang, <header> with the title, a <nav>
 * table of contents, <main> with h2 for the PDF's sections and h3 for
 * their parts, each chart as inline SVG (role="img", its name in a
 * figcaption) followed by a real <table> of its numbers, and a <footer>
 * with the data's provenance.  Inline CSS only, no script and nothing
 * fetched (a Content-Security-Policy says so), readable on a phone (only
 * the table wrappers scroll sideways) and printable.  Every string is
 * escaped (collect/html.h): answers come from respondents.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/html.h"
#include "report/chart.h"
#include "report/delphi_report.h"
#include "report/fmt.h"
#include "report/layout.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/afile.h"
#include "util/strbuf.h"
#include "version.h"

#define T(h, f, e) ((h)->fr ? (f) : (e))

struct hctx {
	const char *title;		/* the document's, or NULL: its level-0 heading (h1) */
	const char *author;		/* or NULL */
	const char *footer;		/* the PDF's footer line: where the figures come from */
	char h1[512];			/* the level-0 heading */
	const char *lang;		/* number format */
	int fr;				/* French */
	struct strbuf body;		/* <main>'s content */
	struct strbuf toc;		/* the <nav>'s items */
	struct strbuf head;		/* the cover, in <header> */
	char caption[512];		/* the last headings ("section — part"), for the captions */
	char h2[256];			/* the last section's heading */
	size_t nid;			/* ids given */
	int section;			/* a <section> is open */
	int list;			/* a <ul> of the PDF's bullets is open */
	const struct pdf_col *cols;	/* the table begun, its header not written yet */
	size_t ncols;			/* its columns */
	int table;			/* a <table> is open */
	size_t tables;			/* tables written */
};

/* --- text ---------------------------------------------------------------------- */

static void esc(struct hctx *h, const char *s)
{
	html_escape(&h->body, s);
}

/* Text content: French punctuation glued to its word, line breaks kept. */
static void text(struct hctx *h, const char *s)
{
	html_escape_lines(&h->body, s);
}

/* At most max bytes of s (cut on a character boundary, "…" added): SVG text does not wrap. */
static void esc_short(struct strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		html_escape(sb, s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	html_escape_n(sb, s, max);
	strbuf_addstr(sb, "…");
}

/* Close the list of bullets before anything else is written. */
static void end_list(struct hctx *h)
{
	if (h->list)
		strbuf_addstr(&h->body, "</ul>\n");
	h->list = 0;
}

static void close_section(struct hctx *h)
{
	end_list(h);
	if (h->section)
		strbuf_addstr(&h->body, "</section>\n");
	h->section = 0;
}

static void on_heading(void *ctx, int level, const char *t)
{
	struct hctx *h = ctx;
	size_t id = ++h->nid;

	end_list(h);
	/* The document's title, the <h1> of the header, when it has none of its own. */
	if (level <= 0 && !h->title && !*h->h1) {
		snprintf(h->h1, sizeof(h->h1), "%s", t);
		return;
	}
	if (level <= 1) {
		snprintf(h->h2, sizeof(h->h2), "%s", t);
		snprintf(h->caption, sizeof(h->caption), "%s", t);
	} else if (*h->h2) {
		snprintf(h->caption, sizeof(h->caption), "%s — %s", h->h2, t);
	} else {
		snprintf(h->caption, sizeof(h->caption), "%s", t);
	}
	if (level <= 1) {
		close_section(h);
		strbuf_addf(&h->body, "<section aria-labelledby=\"s%zu\">\n<h2 id=\"s%zu\">", id, id);
		text(h, t);
		strbuf_addstr(&h->body, "</h2>\n");
		h->section = 1;
		strbuf_addf(&h->toc, "<li><a href=\"#s%zu\">", id);
		html_escape_text(&h->toc, t);
		strbuf_addstr(&h->toc, "</a></li>\n");
		return;
	}
	strbuf_addf(&h->body, "<h3 id=\"s%zu\">", id);
	text(h, t);
	strbuf_addstr(&h->body, "</h3>\n");
}

static void on_paragraph(void *ctx, const struct pdf_style *st, const char *t)
{
	struct hctx *h = ctx;
	const char *cls = st->bold ? (st->size >= 11.5 ? "key" : "b") : st->color == PDF_GREY ? "note" : NULL;

	if (!*t)
		return;
	/* The PDF's bullets ("• ...") are a list. */
	if (!strncmp(t, "\xe2\x80\xa2 ", 4)) {
		if (!h->list)
			strbuf_addstr(&h->body, "<ul>\n");
		h->list = 1;
		strbuf_addstr(&h->body, "<li>");
		text(h, t + 4);
		strbuf_addstr(&h->body, "</li>\n");
		return;
	}
	end_list(h);
	if (cls)
		strbuf_addf(&h->body, "<p class=\"%s\">", cls);
	else
		strbuf_addstr(&h->body, "<p>");
	text(h, t);
	strbuf_addstr(&h->body, "</p>\n");
}

static void on_cover(void *ctx, const char *author, const char *title, const char *subtitle,
		     const char *what, const char *date)
{
	struct hctx *h = ctx;

	(void)title;	/* the <h1>, written from the layout */
	strbuf_reset(&h->head);
	if (author) {
		strbuf_addstr(&h->head, "<p class=\"author\">");
		html_escape_text(&h->head, author);
		strbuf_addstr(&h->head, "</p>\n");
	}
	if (subtitle) {
		strbuf_addstr(&h->head, "<p class=\"subtitle\">");
		html_escape_text(&h->head, subtitle);
		strbuf_addstr(&h->head, "</p>\n");
	}
	if (what && *what) {
		strbuf_addstr(&h->head, "<p>");
		html_escape_text(&h->head, what);
		strbuf_addstr(&h->head, "</p>\n");
	}
	strbuf_addstr(&h->head, "<p>");
	html_escape_text(&h->head, date);
	strbuf_addstr(&h->head, "</p>\n");
}

/* --- tables ---------------------------------------------------------------------- */

/*
 * Open a table in its scrolling wrapper, with a caption (escaped text
 * content); the wrapper is a named region a keyboard can scroll.
 */
static void table_open(struct hctx *h, const char *what, const char *caption)
{
	size_t id = ++h->nid;

	strbuf_addf(&h->body, "<div class=\"tw\" role=\"region\" tabindex=\"0\" aria-labelledby=\"t%zu\">\n"
			      "<table>\n<caption id=\"t%zu\">", id, id);
	if (what)
		text(h, what);
	text(h, caption);
	strbuf_addstr(&h->body, "</caption>\n");
	h->tables++;
}

static void table_close(struct hctx *h)
{
	strbuf_addstr(&h->body, "</tbody>\n</table>\n</div>\n");
}

static void th_col(struct hctx *h, const char *t, int num)
{
	strbuf_addstr(&h->body, num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
	if (t)
		text(h, t);
	strbuf_addstr(&h->body, "</th>");
}

static void on_table_begin(void *ctx, const struct pdf_col *cols, size_t ncols)
{
	struct hctx *h = ctx;

	h->cols = cols;
	h->ncols = ncols;
	h->table = 0;
}

static void on_table_row(void *ctx, const char *const *cells, size_t ncols, int bold)
{
	struct hctx *h = ctx;
	size_t i;

	end_list(h);

	if (!h->table) {
		/* not the name of the section around it: landmarks' names differ */
		table_open(h, T(h, "Tableau" FMT_NBSP ": ", "Table: "), h->caption);
		strbuf_addstr(&h->body, "<thead>\n<tr>");
		for (i = 0; i < h->ncols; i++)
			th_col(h, h->cols[i].title, h->cols[i].align == PDF_RIGHT);
		strbuf_addstr(&h->body, "</tr>\n</thead>\n<tbody>\n");
		h->table = 1;
	}
	strbuf_addstr(&h->body, bold ? "<tr class=\"total\">" : "<tr>");
	for (i = 0; i < ncols; i++) {
		int num = h->cols[i].align == PDF_RIGHT;

		/* a row's first cell heads it, unless it is empty (a row that goes on the one above) */
		int head = i == 0 && cells[0] && *cells[0];

		if (head)
			strbuf_addstr(&h->body, "<th scope=\"row\">");
		else
			strbuf_addstr(&h->body, num ? "<td class=\"num\">" : "<td>");
		if (cells[i])
			text(h, cells[i]);
		strbuf_addstr(&h->body, head ? "</th>" : "</td>");
	}
	strbuf_addstr(&h->body, "</tr>\n");
}

static void on_table_end(void *ctx)
{
	struct hctx *h = ctx;

	if (h->table)
		table_close(h);
	h->table = 0;
	h->cols = NULL;
}

/* --- charts ---------------------------------------------------------------------- */

/* Open a figure: the SVG named by its caption.  Returns the caption's id. */
static size_t figure_open(struct hctx *h, double w, double hh)
{
	size_t id = ++h->nid;

	end_list(h);

	strbuf_addf(&h->body, "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"f%zu\" "
			      "viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\" "
			      "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">\n",
		    id, w, hh);
	return id;
}

/* Close the figure: its caption says what it shows and that the table below has its numbers. */
static void figure_close(struct hctx *h, size_t id, const char *fr, const char *en)
{
	strbuf_addf(&h->body, "</svg>\n<figcaption id=\"f%zu\">", id);
	text(h, T(h, fr, en));
	if (*h->caption) {
		strbuf_addstr(&h->body, T(h, FMT_NBSP ": ", ": "));
		text(h, h->caption);
	}
	strbuf_addstr(&h->body, T(h, ". Les valeurs sont dans le tableau qui suit.",
				  ". The values are in the table that follows."));
	strbuf_addstr(&h->body, "</figcaption>\n</figure>\n");
}

static void rgb(struct strbuf *sb, unsigned c)
{
	strbuf_addf(sb, "#%06x", c & 0xffffff);
}

static const char *num(char *b, size_t n, double v, int dec, const char *lang)
{
	return fmt_num(b, n, v, dec, lang);
}

/* A 0-100 axis from x0 to x1 under a plot of height hh starting at y0. */
static void axis(struct hctx *h, double x0, double x1, double y0, double hh, double lo, double hi)
{
	size_t k;
	char b[32];

	for (k = 0; k <= 4; k++) {
		double v = lo + (hi - lo) * (double)k / 4, x = x0 + (x1 - x0) * (double)k / 4;

		strbuf_addf(&h->body, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>"
				      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#5f5f5f\" font-size=\"11\">%s</text>\n",
			    x, y0, x, y0 + hh, x, y0 + hh + 14, num(b, sizeof(b), fabs(v), 0, h->lang));
	}
}

static void on_bars(void *ctx, const struct chart_bar *b, size_t n)
{
	struct hctx *h = ctx;
	const double row = 30, x0 = 210, x1 = 520, top = 6;
	double height = top + row * (double)n + 24;
	size_t i, id;
	int notes = 0, ci = 0;
	char v[32], lo[32], hi[32];

	id = figure_open(h, 560, height);
	axis(h, x0, x1, top, row * (double)n, 0, 100);
	for (i = 0; i < n; i++) {
		double y = top + row * (double)i, mid = y + row / 2;

		strbuf_addf(&h->body, "<text x=\"0\" y=\"%.1f\">", mid + 4);
		esc_short(&h->body, b[i].label, 30);
		strbuf_addstr(&h->body, "</text>\n");
		if (!isnan(b[i].value)) {
			double w = (x1 - x0) * b[i].value / 100;

			strbuf_addf(&h->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x0,
				    y + 7, w, row - 14);
			rgb(&h->body, b[i].color);
			strbuf_addstr(&h->body, "\"/>");
			if (!isnan(b[i].lo) && !isnan(b[i].hi))
				strbuf_addf(&h->body, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\"/>",
					    x0 + (x1 - x0) * b[i].lo / 100, mid, x0 + (x1 - x0) * b[i].hi / 100, mid);
			strbuf_addf(&h->body, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">%s</text>\n",
				    x0 + w + 4 < x1 - 30 ? x0 + w + 4 : x1 - 30, mid - 6,
				    num(v, sizeof(v), b[i].value, 1, h->lang));
		}
		if (b[i].note)
			notes = 1;
		if (!isnan(b[i].lo) && !isnan(b[i].hi))
			ci = 1;
	}
	figure_close(h, id, "Scores sur 100", "Scores out of 100");
	table_open(h, T(h, "Valeurs du graphique" FMT_NBSP ": ", "Values of the chart: "), h->caption);
	strbuf_addstr(&h->body, "<thead>\n<tr>");
	th_col(h, T(h, "Groupe", "Group"), 0);
	if (notes)
		th_col(h, T(h, "Effectif", "Count"), 0);
	th_col(h, T(h, "Score sur 100", "Score out of 100"), 1);
	if (ci)
		th_col(h, T(h, "Intervalle de confiance", "Confidence interval"), 1);
	strbuf_addstr(&h->body, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		strbuf_addstr(&h->body, "<tr><th scope=\"row\">");
		text(h, b[i].label);
		strbuf_addstr(&h->body, "</th>");
		if (notes) {
			strbuf_addstr(&h->body, "<td>");
			if (b[i].note)
				text(h, b[i].note);
			strbuf_addstr(&h->body, "</td>");
		}
		strbuf_addf(&h->body, "<td class=\"num\">%s</td>", num(v, sizeof(v), b[i].value, 1, h->lang));
		if (ci) {
			if (!isnan(b[i].lo) && !isnan(b[i].hi))
				strbuf_addf(&h->body, "<td class=\"num\">%s – %s</td>",
					    num(lo, sizeof(lo), b[i].lo, 1, h->lang), num(hi, sizeof(hi), b[i].hi, 1, h->lang));
			else
				strbuf_addstr(&h->body, "<td class=\"num\">" FMT_DASH "</td>");
		}
		strbuf_addstr(&h->body, "</tr>\n");
	}
	table_close(h);
}

static void on_radar(void *ctx, const char *const *axes, size_t naxes, const struct chart_series *s,
		     size_t ns)
{
	struct hctx *h = ctx;
	const double cx = 320, cy = 200, r = 130;
	size_t i, k, ring, id;
	char v[32];

	if (naxes < 3 || naxes > 64)
		return;
	id = figure_open(h, 640, 400 + 22 * (double)((ns + 2) / 3));
	for (ring = 1; ring <= 4; ring++) {
		strbuf_addstr(&h->body, "<polygon fill=\"none\" stroke=\"#d0d0d0\" points=\"");
		for (k = 0; k < naxes; k++) {
			double th = 2 * M_PI * (double)k / (double)naxes;

			strbuf_addf(&h->body, "%.1f,%.1f ", cx + r * (double)ring / 4 * sin(th),
				    cy - r * (double)ring / 4 * cos(th));
		}
		strbuf_addstr(&h->body, "\"/>\n");
	}
	for (k = 0; k < naxes; k++) {
		double th = 2 * M_PI * (double)k / (double)naxes, sx = sin(th), sy = -cos(th);
		const char *anchor = sx > 0.3 ? "start" : sx < -0.3 ? "end" : "middle";

		strbuf_addf(&h->body, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0d0d0\"/>"
				      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
			    cx, cy, cx + r * sx, cy + r * sy, cx + (r + 12) * sx, cy + (r + 12) * sy + (sy > 0.3 ? 12 : 4),
			    anchor);
		esc_short(&h->body, axes[k], 26);
		strbuf_addstr(&h->body, "</text>\n");
	}
	for (i = 0; i < ns; i++) {
		int whole = 1;

		for (k = 0; k < naxes; k++)
			if (isnan(s[i].v[k]))
				whole = 0;
		if (whole) {
			strbuf_addstr(&h->body, "<polygon fill-opacity=\"0.22\" stroke-width=\"2\" fill=\"");
			rgb(&h->body, s[i].color);
			strbuf_addstr(&h->body, "\" stroke=\"");
			rgb(&h->body, s[i].color);
			strbuf_addstr(&h->body, "\" points=\"");
			for (k = 0; k < naxes; k++) {
				double th = 2 * M_PI * (double)k / (double)naxes;

				strbuf_addf(&h->body, "%.1f,%.1f ", cx + r * s[i].v[k] / 100 * sin(th),
					    cy - r * s[i].v[k] / 100 * cos(th));
			}
			strbuf_addstr(&h->body, "\"/>\n");
		}
		for (k = 0; k < naxes; k++) {
			double th = 2 * M_PI * (double)k / (double)naxes;

			if (isnan(s[i].v[k]))
				continue;
			strbuf_addf(&h->body, "<circle r=\"3\" cx=\"%.1f\" cy=\"%.1f\" fill=\"",
				    cx + r * s[i].v[k] / 100 * sin(th), cy - r * s[i].v[k] / 100 * cos(th));
			rgb(&h->body, s[i].color);
			strbuf_addstr(&h->body, "\"/>");
		}
		/* the legend, three to a line */
		strbuf_addf(&h->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"",
			    20 + 205 * (double)(i % 3), 382 + 22 * (double)(i / 3));
		rgb(&h->body, s[i].color);
		strbuf_addf(&h->body, "\"/><text x=\"%.1f\" y=\"%.1f\">", 38 + 205 * (double)(i % 3),
			    392 + 22 * (double)(i / 3));
		esc_short(&h->body, s[i].name ? s[i].name : "", 24);
		strbuf_addstr(&h->body, "</text>\n");
	}
	figure_close(h, id, "Radar des scores sur 100", "Radar of the scores out of 100");
	table_open(h, T(h, "Valeurs du graphique" FMT_NBSP ": ", "Values of the chart: "), h->caption);
	strbuf_addstr(&h->body, "<thead>\n<tr>");
	th_col(h, T(h, "Axe du radar", "Axis of the radar"), 0);
	for (i = 0; i < ns; i++)
		th_col(h, s[i].name, 1);
	strbuf_addstr(&h->body, "</tr>\n</thead>\n<tbody>\n");
	for (k = 0; k < naxes; k++) {
		strbuf_addstr(&h->body, "<tr><th scope=\"row\">");
		text(h, axes[k]);
		strbuf_addstr(&h->body, "</th>");
		for (i = 0; i < ns; i++)
			strbuf_addf(&h->body, "<td class=\"num\">%s</td>", num(v, sizeof(v), s[i].v[k], 1, h->lang));
		strbuf_addstr(&h->body, "</tr>\n");
	}
	table_close(h);
}

static void segment(struct hctx *h, double x0, double x1, double y, double hh, unsigned color,
		    double pct)
{
	double l = 0.299 * ((color >> 16) & 255) + 0.587 * ((color >> 8) & 255) + 0.114 * (color & 255);
	char b[32];

	if (x1 - x0 <= 0)
		return;
	strbuf_addf(&h->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"", x0, y,
		    x1 - x0, hh);
	rgb(&h->body, color);
	strbuf_addstr(&h->body, "\"/>");
	if (x1 - x0 >= 22)
		strbuf_addf(&h->body, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" fill=\"%s\">%s</text>",
			    (x0 + x1) / 2, y + hh / 2 + 4, l < 140 ? "#ffffff" : "#1a1a1a",
			    num(b, sizeof(b), pct, 0, h->lang));
	strbuf_addstr(&h->body, "\n");
}

static void on_likert(void *ctx, const struct chart_likert_item *items, size_t nitems,
		      const char *const *cats, size_t ncat)
{
	struct hctx *h = ctx;
	const double row = 34, x0 = 200, x1 = 540, top = 6, mid = (x0 + x1) / 2, sc = (x1 - x0) / 200;
	size_t i, k, half = ncat / 2, id;
	int odd = (int)(ncat % 2);
	double legend_y, height;
	char b[32];

	if (ncat < 2 || ncat > 16)
		return;
	legend_y = top + row * (double)nitems + 30;
	height = legend_y + 22 * (double)((ncat + 2) / 3) + 4;
	id = figure_open(h, 560, height);
	axis(h, x0, x1, top, row * (double)nitems, -100, 100);
	for (i = 0; i < nitems; i++) {
		const double *pct = items[i].pct;
		double y = top + row * (double)i, xl = mid, xr = mid;

		strbuf_addf(&h->body, "<text x=\"0\" y=\"%.1f\">", y + 15);
		esc_short(&h->body, items[i].label, 28);
		strbuf_addf(&h->body, "</text><text x=\"0\" y=\"%.1f\" font-size=\"10\" fill=\"#5f5f5f\">n = %s</text>\n",
			    y + 28, fmt_count(b, sizeof(b), items[i].n, h->lang));
		if (odd) {
			double w = pct[half] / 2 * sc;

			segment(h, xl - w, xr + w, y + 8, row - 14, chart_likert_color(half, ncat), pct[half]);
			xl -= w;
			xr += w;
		}
		for (k = half; k-- > 0;) {
			double w = pct[k] * sc;

			segment(h, xl - w, xl, y + 8, row - 14, chart_likert_color(k, ncat), pct[k]);
			xl -= w;
		}
		for (k = half + (size_t)odd; k < ncat; k++) {
			double w = pct[k] * sc;

			segment(h, xr, xr + w, y + 8, row - 14, chart_likert_color(k, ncat), pct[k]);
			xr += w;
		}
	}
	for (k = 0; k < ncat; k++) {
		strbuf_addf(&h->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"",
			    10 + 185 * (double)(k % 3), legend_y + 22 * (double)(k / 3));
		rgb(&h->body, chart_likert_color(k, ncat));
		strbuf_addf(&h->body, "\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", 28 + 185 * (double)(k % 3),
			    legend_y + 10 + 22 * (double)(k / 3));
		esc_short(&h->body, cats[k], 26);
		strbuf_addstr(&h->body, "</text>\n");
	}
	figure_close(h, id, "Réponses à chaque affirmation, en pourcentage",
		     "Answers to each statement, in per cent");
	table_open(h, T(h, "Réponses en pourcentage" FMT_NBSP ": ", "Answers in per cent: "), h->caption);
	strbuf_addstr(&h->body, "<thead>\n<tr>");
	th_col(h, T(h, "Affirmation", "Statement"), 0);
	th_col(h, T(h, "Répondants", "Respondents"), 1);
	for (k = 0; k < ncat; k++)
		th_col(h, cats[k], 1);
	strbuf_addstr(&h->body, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < nitems; i++) {
		strbuf_addstr(&h->body, "<tr><th scope=\"row\">");
		text(h, items[i].label);
		strbuf_addf(&h->body, "</th><td class=\"num\">%s</td>", fmt_count(b, sizeof(b), items[i].n, h->lang));
		for (k = 0; k < ncat; k++)
			if (items[i].hidden && items[i].hidden[k])
				strbuf_addstr(&h->body, T(h, "<td class=\"num\">masqué</td>", "<td class=\"num\">hidden</td>"));
			else
				strbuf_addf(&h->body, "<td class=\"num\">%s</td>",
					    fmt_pct(b, sizeof(b), items[i].pct[k], 0, h->lang));
		strbuf_addstr(&h->body, "</tr>\n");
	}
	table_close(h);
}

static void on_ranking(void *ctx, const struct chart_rank *r, size_t n, const char *range_note,
		       const char *flag_note)
{
	struct hctx *h = ctx;
	const double row = 24, x0 = 260, x1 = 600, top = 6;
	size_t i, id;
	char v[32], lo[32], hi[32];

	id = figure_open(h, 640, top + row * (double)n + 24);
	axis(h, x0, x1, top, row * (double)n, 0, 100);
	for (i = 0; i < n; i++) {
		double y = top + row * (double)i, mid = y + row / 2;

		strbuf_addf(&h->body, "<text x=\"24\" y=\"%.1f\" text-anchor=\"end\" font-weight=\"bold\">", mid + 4);
		esc(h, r[i].rank ? r[i].rank : "");
		strbuf_addf(&h->body, "</text><text x=\"%d\" y=\"%.1f\">", r[i].flagged ? 44 : 30, mid + 4);
		esc_short(&h->body, r[i].label ? r[i].label : "", 34);
		strbuf_addstr(&h->body, "</text>\n");
		if (r[i].flagged)
			strbuf_addf(&h->body, "<polygon fill=\"#d55e00\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>",
				    36.0, mid - 5, 41.0, mid, 36.0, mid + 5, 31.0, mid);
		if (isnan(r[i].total))
			continue;
		strbuf_addf(&h->body, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#0072b2\"/>",
			    x0, y + 5, (x1 - x0) * r[i].total / 100, row - 10);
		if (!isnan(r[i].lo) && !isnan(r[i].hi))
			strbuf_addf(&h->body, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\"/>",
				    x0 + (x1 - x0) * r[i].lo / 100, mid, x0 + (x1 - x0) * r[i].hi / 100, mid);
		strbuf_addf(&h->body, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\" font-size=\"11\">%s</text>\n",
			    x0 + (x1 - x0) * r[i].total / 100 + 4 < x1 - 26 ? x0 + (x1 - x0) * r[i].total / 100 + 4 : x1 - 26,
			    mid - 4, num(v, sizeof(v), r[i].total, 1, h->lang));
	}
	figure_close(h, id, "Classement par total sur 100", "Ranking by total out of 100");
	table_open(h, T(h, "Valeurs du graphique" FMT_NBSP ": ", "Values of the chart: "), h->caption);
	strbuf_addstr(&h->body, "<thead>\n<tr>");
	th_col(h, T(h, "Rang", "Rank"), 1);
	th_col(h, T(h, "Candidature", "Candidate"), 0);
	th_col(h, T(h, "Total sur 100", "Total out of 100"), 1);
	th_col(h, T(h, "Juré le plus bas – le plus haut", "Lowest – highest juror"), 1);
	th_col(h, T(h, "Signalé", "Flagged"), 0);
	strbuf_addstr(&h->body, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		strbuf_addstr(&h->body, "<tr><td class=\"num\">");
		esc(h, r[i].rank ? r[i].rank : "");
		strbuf_addstr(&h->body, "</td><th scope=\"row\">");
		text(h, r[i].label ? r[i].label : "");
		strbuf_addf(&h->body, "</th><td class=\"num\">%s</td>", num(v, sizeof(v), r[i].total, 1, h->lang));
		if (!isnan(r[i].lo) && !isnan(r[i].hi))
			strbuf_addf(&h->body, "<td class=\"num\">%s – %s</td>", num(lo, sizeof(lo), r[i].lo, 1, h->lang),
				    num(hi, sizeof(hi), r[i].hi, 1, h->lang));
		else
			strbuf_addstr(&h->body, "<td class=\"num\">" FMT_DASH "</td>");
		strbuf_addf(&h->body, "<td>%s</td></tr>\n", r[i].flagged ? T(h, "oui", "yes") : "");
	}
	table_close(h);
	/* what the marks of the chart mean, under its table */
	if (range_note) {
		strbuf_addstr(&h->body, "<p class=\"note\">");
		text(h, range_note);
		strbuf_addstr(&h->body, "</p>\n");
	}
	if (flag_note) {
		strbuf_addstr(&h->body, "<p class=\"note\">");
		text(h, flag_note);
		strbuf_addstr(&h->body, "</p>\n");
	}
}

/* --- the document ------------------------------------------------------------------ */

static const char style[] =
	":root{color-scheme:light}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0 auto;max-width:56rem;padding:1rem;font:1rem/1.5 'DejaVu Sans',Verdana,sans-serif;"
	"color:#1a1a1a;background:#fff;overflow-wrap:break-word}\n"
	"a{color:#0b4f8a}\n"
	".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}\n"
	".skip:focus{left:1rem}\n"
	"header{border-top:.4rem solid #0b4f8a;padding-top:1rem;margin-bottom:1.5rem}\n"
	"h1{font-size:1.9rem;line-height:1.2;color:#0b4f8a;margin:.3rem 0 .6rem}\n"
	"h2{font-size:1.45rem;line-height:1.25;color:#0b4f8a;margin:2.2rem 0 .6rem}\n"
	"h3{font-size:1.15rem;color:#0b4f8a;margin:1.5rem 0 .4rem}\n"
	".author,.subtitle{color:#5f5f5f}\n"
	".subtitle{font-size:1.2rem}\n"
	"nav{background:#f2f2f2;padding:.5rem 1rem;border-radius:.3rem}\n"
	"nav h2{margin:.5rem 0;font-size:1.2rem}\n"
	"nav ul{list-style:none;padding-left:0}\n"
	"nav li{padding:.45rem 0}\n"
	"p.key{font-weight:bold;font-size:1.1rem}\n"
	"p.b{font-weight:bold}\n"
	"p.note{color:#5f5f5f;font-size:.9rem}\n"
	"figure{margin:1rem 0}\n"
	"svg{display:block;width:100%;height:auto;max-width:42rem}\n"
	"figcaption{color:#5f5f5f;font-size:.9rem}\n"
	".tw{overflow-x:auto;margin:.5rem 0 1.5rem;max-width:100%}\n"
	".tw:focus{outline:2px solid #0b4f8a}\n"
	"table{border-collapse:collapse;font-size:.9rem;min-width:60%}\n"
	"caption{text-align:left;font-weight:bold;padding:.3rem 0}\n"
	"th,td{padding:.35rem .5rem;border-bottom:1px solid #dddddd;vertical-align:top;text-align:left}\n"
	"thead th{background:#e8eef5}\n"
	"tbody th{font-weight:normal;min-width:9rem}\n"
	"thead th.num{white-space:normal}\n"
	".num{text-align:right;white-space:nowrap}\n"
	"tr.total th,tr.total td{font-weight:bold}\n"
	"footer{margin-top:2rem;border-top:1px solid #d0d0d0;color:#5f5f5f;font-size:.85rem}\n"
	"@media print{body{max-width:none;font-size:10.5pt}.skip,nav{display:none}"
	".tw{overflow:visible}h2,h3{break-after:avoid}figure,tr{break-inside:avoid}"
	"section{break-before:page}a{color:inherit;text-decoration:none}}\n";

/* The whole page around what the observer wrote.  0, or -1 (memory). */
static int assemble(struct strbuf *out, struct hctx *h)
{
	const char *title = h->title ? h->title : h->h1;

	strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", h->fr ? "fr" : "en");
	strbuf_addstr(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
			   "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			   "<meta name=\"generator\" content=\"utilis " UTILIS_VERSION "\">\n<title>");
	html_escape(out, title);
	strbuf_addstr(out, "</title>\n");
	if (h->author) {
		strbuf_addstr(out, "<meta name=\"author\" content=\"");
		html_escape(out, h->author);
		strbuf_addstr(out, "\">\n");
	}
	strbuf_addf(out, "<style>\n%s</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n<header>\n",
		    style, T(h, "Aller au contenu", "Skip to the content"));
	strbuf_addstr(out, "<h1>");
	html_escape_text(out, title);
	strbuf_addstr(out, "</h1>\n");
	strbuf_add(out, h->head.buf, h->head.len);
	strbuf_addstr(out, "</header>\n");
	if (h->toc.len) {
		strbuf_addf(out, "<nav aria-labelledby=\"toc\">\n<h2 id=\"toc\">%s</h2>\n<ul>\n",
			    T(h, "Sommaire", "Contents"));
		strbuf_add(out, h->toc.buf, h->toc.len);
		strbuf_addstr(out, "</ul>\n</nav>\n");
	}
	strbuf_addstr(out, "<main id=\"main\">\n");
	strbuf_add(out, h->body.buf, h->body.len);
	strbuf_addstr(out, "</main>\n<footer>\n<p>");
	html_escape_text(out, h->footer ? h->footer : "");
	strbuf_addstr(out, "</p>\n</footer>\n</body>\n</html>\n");
	return strbuf_failed(out) ? -1 : 0;
}

static const struct pdf_observer observer = {
	NULL, on_cover, on_heading, on_paragraph, on_table_begin, on_table_row, on_table_end,
	on_radar, on_bars, on_likert, on_ranking,
};

static void html_start(struct hctx *h, const char *lang)
{
	memset(h, 0, sizeof(*h));
	h->lang = lang;
	h->fr = fmt_is_fr(lang);
	strbuf_init(&h->body, 0);
	strbuf_init(&h->toc, 0);
	strbuf_init(&h->head, 0);
}

/*
 * After the observed layout (rc): the page, written to path with the
 * PDF's mode (util/afile.h).  0 or -1 with err; h released.
 */
static int html_finish(struct hctx *h, int rc, const char *path, int mode, struct error *err)
{
	struct strbuf out = STRBUF_INIT;

	if (rc == 0) {
		if (h->table)
			table_close(h);
		end_list(h);
		close_section(h);
		if (strbuf_failed(&h->body) || strbuf_failed(&h->toc) || strbuf_failed(&h->head) ||
		    assemble(&out, h) < 0)
			rc = error_set(err, "out of memory");
	}
	if (rc == 0)
		rc = afile_write_file(path, out.buf, out.len, mode, err);
	strbuf_release(&out);
	strbuf_release(&h->body);
	strbuf_release(&h->toc);
	strbuf_release(&h->head);
	return rc;
}

int report_html(const struct report_input *in, const char *path, struct error *err)
{
	struct pdf_observer obs = observer;
	struct strbuf footer = STRBUF_INIT;
	struct hctx h;
	int rc;

	html_start(&h, in->lang);
	h.title = report_text(&in->layout->title, in->lang, in->layout->id);
	h.author = in->layout->author;
	obs.ctx = &h;
	rc = report_trace_line(&footer, in) < 0 ? error_set(err, "out of memory") : report_observe(in, &obs, err);
	h.footer = footer.buf;
	rc = html_finish(&h, rc, path, AFILE_PRIVATE, err);
	strbuf_release(&footer);
	return rc;
}

int delphi_report_html(const struct delphi_report *in, const char *path, struct error *err)
{
	struct pdf_observer obs = observer;
	struct hctx h;
	char *footer = NULL;
	int rc;

	html_start(&h, "fr");
	obs.ctx = &h;
	rc = delphi_report_observe(in, &obs, &footer, err);
	h.footer = footer;
	rc = html_finish(&h, rc, path, AFILE_PUBLIC, err);
	free(footer);
	return rc;
}
