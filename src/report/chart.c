/*
 * chart: radar, bars with intervals, diverging Likert bars and the ranking
 * chart, as vectors (see chart.h).
 */
#include "report/chart.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

/* Okabe & Ito (2008): blue, orange, bluish green, reddish purple, sky blue, vermillion, black. */
static const unsigned palette[] = { 0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7,
				    0x56B4E9, 0xD55E00, 0x000000 };

#define FLAG_COLOR 0xD55E00
#define GRID 0xd9d9d9
#define WHISKER 0x333333

unsigned chart_color(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

/* --- radar ------------------------------------------------------------------ */

/* A label of the radar, placed outside the ring at angle th (0 at the top, clockwise). */
static void radar_label(struct pdf *p, double px, double py, double th, double maxw, double size,
			const char *text)
{
	struct pdf_style s = { 0, size, 1.15, PDF_TEXT, PDF_LEFT, 0, 0 };
	double sn = sin(th), cs = cos(th), lh = size * 1.15, h, bx, top;
	long n = pdf_wrap(p, &s, text, maxw);

	if (n <= 0)
		return;
	h = (double)n * lh;
	if (fabs(sn) < 0.2) {
		s.align = PDF_CENTER;
		bx = px - maxw / 2;
		top = cs > 0 ? py + h : py;
	} else {
		s.align = sn > 0 ? PDF_LEFT : PDF_RIGHT;
		bx = sn > 0 ? px : px - maxw;
		top = py + h / 2 + (cs > 0.5 ? h / 2 : cs < -0.5 ? -h / 2 : 0);
	}
	pdf_text_box(p, &s, bx, top, maxw, text, 0);
}

/* Legend squares and names in rows centred between x and x + w, from ytop down; returns its height. */
static double legend(struct pdf *p, double x, double ytop, double w, const char *const *names,
		     const unsigned *colors, size_t n, double size)
{
	struct pdf_style s = { 0, size, 1.2, PDF_TEXT, PDF_LEFT, 0, 0 };
	double row = size * 1.8, sq = size * 0.9, gap = size * 1.4, used = 0;
	size_t i = 0;

	while (i < n) {
		size_t j = i, k;
		double rw = 0, cx;

		/* As many entries as fit on this row (at least one). */
		while (j < n) {
			double ew = sq + 4 + pdf_width(p, 0, size, names[j], strlen(names[j])) + gap;

			if (j > i && rw + ew > w)
				break;
			rw += ew;
			j++;
		}
		cx = x + (w - rw + gap) / 2;
		if (cx < x)
			cx = x;
		for (k = i; k < j; k++) {
			double y = ytop - used - row / 2;

			pdf_rect(p, cx, y - sq / 2, sq, sq, colors[k]);
			pdf_text_box(p, &s, cx + sq + 4, y + size * 0.62, w - (cx - x) - sq - 4, names[k],
				     1);
			cx += sq + 4 + pdf_width(p, 0, size, names[k], strlen(names[k])) + gap;
		}
		used += row;
		i = j;
	}
	return used;
}

static void radar_draw(struct pdf *p, double x, double ytop, double w, double h,
		 const char *const *axes, size_t naxes, const struct chart_series *s, size_t ns,
		 double label_size, int with_legend)
{
	double leg = with_legend && ns > 0 ? label_size * 2.2 * (ns > 4 ? 2 : 1) : 0;
	double maxw = w * 0.24 < 120 ? w * 0.24 : 120;
	double lines = label_size * 1.15 * 3;
	double cx = x + w / 2, r, cy, xy[2 * 64];
	struct pdf_style tick = { 0, label_size * 0.8, 1.1, PDF_GREY, PDF_LEFT, 0, 0 };
	size_t i, k, ring;

	if (naxes < 3 || naxes > 64)
		return;
	r = w / 2 - maxw - 8;
	if ((h - leg) / 2 - lines < r)
		r = (h - leg) / 2 - lines;
	if (r < 20)
		r = 20;
	cy = ytop - (h - leg) / 2;
	/* Rings and axes. */
	for (ring = 1; ring <= 4; ring++) {
		double rr = r * (double)ring / 4;

		for (i = 0; i < naxes; i++) {
			double th = 2 * M_PI * (double)i / (double)naxes;

			xy[2 * i] = cx + rr * sin(th);
			xy[2 * i + 1] = cy + rr * cos(th);
		}
		pdf_polygon(p, xy, naxes, ring == 4 ? 0xb0b0b0 : GRID, 0, ring == 4 ? 0.8 : 0.5);
	}
	for (i = 0; i < naxes; i++) {
		double th = 2 * M_PI * (double)i / (double)naxes;

		pdf_line(p, cx, cy, cx + r * sin(th), cy + r * cos(th), GRID, 0.5);
	}
	for (ring = 1; ring <= 4; ring++) {
		char b[8];

		snprintf(b, sizeof(b), "%zu", ring * 25);
		pdf_text_at(p, &tick, cx + 2, cy + r * (double)ring / 4 + 1.5, b);
	}
	/* Series. */
	for (k = 0; k < ns; k++) {
		int complete = 1;

		for (i = 0; i < naxes; i++) {
			double v = s[k].v[i], th = 2 * M_PI * (double)i / (double)naxes;

			if (isnan(v)) {
				complete = 0;
				continue;
			}
			v = v < 0 ? 0 : v > 100 ? 100 : v;
			xy[2 * i] = cx + r * v / 100 * sin(th);
			xy[2 * i + 1] = cy + r * v / 100 * cos(th);
		}
		if (complete)
			pdf_polygon(p, xy, naxes, s[k].color, 1, 1.3);
		for (i = 0; i < naxes; i++)
			if (!isnan(s[k].v[i]))
				pdf_circle(p, xy[2 * i], xy[2 * i + 1], complete ? 1.6 : 2.4, s[k].color);
	}
	/* Labels. */
	for (i = 0; i < naxes; i++) {
		double th = 2 * M_PI * (double)i / (double)naxes;

		radar_label(p, cx + (r + 7) * sin(th), cy + (r + 7) * cos(th), th, maxw, label_size,
			    axes[i]);
	}
	if (leg > 0) {
		const char *names[16];
		unsigned colors[16];
		size_t n = ns < 16 ? ns : 16;

		for (k = 0; k < n; k++) {
			names[k] = s[k].name;
			colors[k] = s[k].color;
		}
		legend(p, x, ytop - h + leg, w, names, colors, n, label_size);
	}
}

/* --- bars with intervals ---------------------------------------------------------- */

struct axis {
	double x0, x1;		/* plot area */
	double lo, hi;		/* values at x0 and x1 */
};

static double ax(const struct axis *a, double v)
{
	if (v < a->lo)
		v = a->lo;
	if (v > a->hi)
		v = a->hi;
	return a->x0 + (v - a->lo) / (a->hi - a->lo) * (a->x1 - a->x0);
}

/* Tick labels under a 0-100 axis at the cursor; percent: "50 %" style labels. */
static void draw_axis(struct pdf *p, const struct axis *a, const double *ticks, size_t nt,
		      const char *lang, int percent, int absolute)
{
	struct pdf_style s = { 0, 7, 1.1, PDF_GREY, PDF_CENTER, 0, 0 };
	size_t i;

	pdf_line(p, a->x0, p->y, a->x1, p->y, 0x999999, 0.6);
	for (i = 0; i < nt; i++) {
		char b[32];
		double v = absolute ? fabs(ticks[i]) : ticks[i];

		if (percent && v != 0)
			fmt_pct(b, sizeof(b), v, 0, lang);
		else
			fmt_num(b, sizeof(b), v, 0, lang);
		pdf_line(p, ax(a, ticks[i]), p->y, ax(a, ticks[i]), p->y - 2.5, 0x999999, 0.6);
		pdf_text_at(p, &s, ax(a, ticks[i]), p->y - 10, b);
	}
	pdf_skip(p, 16);
}

static void grid_band(struct pdf *p, const struct axis *a, const double *ticks, size_t nt,
		      double ytop, double h)
{
	size_t i;

	for (i = 0; i < nt; i++)
		pdf_line(p, ax(a, ticks[i]), ytop, ax(a, ticks[i]), ytop - h, GRID, 0.4);
}

static void bars_draw(struct pdf *p, const struct chart_bar *b, size_t n, const char *lang)
{
	static const double ticks[] = { 0, 25, 50, 75, 100 };
	struct pdf_style label = { 0, 8.5, 1.2, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style note = { 0, 7, 1.2, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style val = { 1, 8, 1.1, PDF_TEXT, PDF_LEFT, 0, 0 };
	double lw = (p->right - p->left) * 0.36, total = 0, *heights;
	struct axis a;
	size_t i;
	double local[64];

	if (!p->page)
		pdf_new_page(p);
	a.x0 = p->left + lw + 10;
	a.x1 = p->right - 40;
	a.lo = 0;
	a.hi = 100;
	heights = n <= 64 ? local : NULL;
	for (i = 0; i < n; i++) {
		double h = pdf_text_height(p, &label, b[i].label, lw);

		if (b[i].note)
			h += pdf_text_height(p, &note, b[i].note, lw);
		h = (h < 20 ? 20 : h) + 4;
		if (heights)
			heights[i] = h;
		total += h;
	}
	/* The whole chart on one page when it fits on one. */
	if (total + 20 <= p->top - p->bottom)
		pdf_need(p, total + 20);
	for (i = 0; i < n; i++) {
		double h = heights ? heights[i] : 24, ytop, mid, lh;
		char v[32];

		if (!heights) {
			h = pdf_text_height(p, &label, b[i].label, lw);
			if (b[i].note)
				h += pdf_text_height(p, &note, b[i].note, lw);
			h = (h < 20 ? 20 : h) + 4;
		}
		if (pdf_room(p) < h + 18) {
			draw_axis(p, &a, ticks, 5, lang, 0, 0);
			pdf_new_page(p);
		}
		ytop = p->y;
		grid_band(p, &a, ticks, 5, ytop, h);
		lh = pdf_text_box(p, &label, p->left, ytop - 2, lw, b[i].label, 0);
		if (b[i].note)
			pdf_text_box(p, &note, p->left, ytop - 2 - lh, lw, b[i].note, 0);
		mid = ytop - h / 2;
		if (isnan(b[i].value)) {
			p->y = ytop - h;
			continue;
		}
		pdf_rect(p, a.x0, mid - 5, ax(&a, b[i].value) - a.x0, 10, b[i].color);
		if (!isnan(b[i].lo) && !isnan(b[i].hi)) {
			double l = ax(&a, b[i].lo), r = ax(&a, b[i].hi);

			pdf_line(p, l, mid, r, mid, WHISKER, 0.9);
			pdf_line(p, l, mid - 3.5, l, mid + 3.5, WHISKER, 0.9);
			pdf_line(p, r, mid - 3.5, r, mid + 3.5, WHISKER, 0.9);
		}
		{
			double end = ax(&a, b[i].value);

			if (!isnan(b[i].hi) && ax(&a, b[i].hi) > end)
				end = ax(&a, b[i].hi);
			pdf_text_at(p, &val, end + 4, mid - 2.8, fmt_num(v, sizeof(v), b[i].value, 1, lang));
		}
		p->y = ytop - h;
	}
	draw_axis(p, &a, ticks, 5, lang, 0, 0);
}

/* --- diverging stacked bars --------------------------------------------------------- */

static unsigned mix(unsigned a, unsigned b, double t)
{
	unsigned r = (unsigned)lround(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
	unsigned g = (unsigned)lround(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
	unsigned bl = (unsigned)lround((a & 255) * (1 - t) + (b & 255) * t);

	return (r << 16) | (g << 8) | bl;
}

/* Colour of answer i of n on a disagreement-to-agreement scale (ColorBrewer RdBu). */
static unsigned likert_color(size_t i, size_t n)
{
	static const unsigned c5[] = { 0xca0020, 0xf4a582, 0xcccccc, 0x92c5de, 0x0571b0 };
	static const unsigned c4[] = { 0xca0020, 0xf4a582, 0x92c5de, 0x0571b0 };
	static const unsigned c7[] = { 0xb2182b, 0xef8a62, 0xfddbc7, 0xcccccc, 0xd1e5f0, 0x67a9cf, 0x2166ac };
	static const unsigned c6[] = { 0xb2182b, 0xef8a62, 0xfddbc7, 0xd1e5f0, 0x67a9cf, 0x2166ac };
	double t;

	switch (n) {
	case 2: return i ? 0x0571b0 : 0xca0020;
	case 3: return i == 0 ? 0xca0020 : i == 1 ? 0xcccccc : 0x0571b0;
	case 4: return c4[i];
	case 5: return c5[i];
	case 6: return c6[i];
	case 7: return c7[i];
	default:
		t = 2.0 * (double)i / (double)(n - 1) - 1;
		return t < 0 ? mix(0xcccccc, 0xb2182b, -t) : mix(0xcccccc, 0x2166ac, t);
	}
}

unsigned chart_likert_color(size_t i, size_t n)
{
	return likert_color(i, n);
}

/* Dark colours take white text. */
static unsigned text_on(unsigned c)
{
	double l = 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);

	return l < 140 ? 0xffffff : PDF_TEXT;
}

static void segment(struct pdf *p, double x0, double x1, double mid, unsigned color, double pct,
		    const char *lang)
{
	struct pdf_style s = { 0, 6.5, 1.1, text_on(color), PDF_CENTER, 0, 0 };
	char b[16];

	if (x1 - x0 <= 0)
		return;
	pdf_rect(p, x0, mid - 6, x1 - x0, 12, color);
	if (x1 - x0 >= 15) {
		fmt_num(b, sizeof(b), pct, 0, lang);
		pdf_text_at(p, &s, (x0 + x1) / 2, mid - 2.3, b);
	}
}

static void likert_draw(struct pdf *p, const struct chart_likert_item *items, size_t nitems,
		  const char *const *cats, size_t ncat, const char *lang)
{
	static const double ticks[] = { -100, -50, 0, 50, 100 };
	struct pdf_style label = { 0, 8, 1.2, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style note = { 0, 6.8, 1.2, PDF_GREY, PDF_LEFT, 0, 0 };
	double lw = (p->right - p->left) * 0.38, total = 18, leg_h;
	unsigned colors[16];
	struct axis a;
	size_t i, k, half = ncat / 2;
	int odd = (int)(ncat % 2);
	char nb[64], nn[64];

	if (ncat < 2 || ncat > 16)
		return;
	if (!p->page)
		pdf_new_page(p);
	a.x0 = p->left + lw + 10;
	a.x1 = p->right - 4;
	a.lo = -100;
	a.hi = 100;
	for (k = 0; k < ncat; k++)
		colors[k] = likert_color(k, ncat);
	leg_h = 8 * 1.8 * (ncat > 5 ? 2 : 1) + 4;
	for (i = 0; i < nitems; i++) {
		double h = pdf_text_height(p, &label, items[i].label, lw) + 15;

		total += h < 28 ? 28 : h;
	}
	if (total + leg_h <= p->top - p->bottom)
		pdf_need(p, total + leg_h);
	for (i = 0; i < nitems; i++) {
		const double *pct = items[i].pct;
		double h = pdf_text_height(p, &label, items[i].label, lw) + 15, ytop, mid, xl, xr;

		if (h < 28)
			h = 28;
		if (pdf_room(p) < h + 18 + leg_h) {
			draw_axis(p, &a, ticks, 5, lang, 1, 1);
			pdf_new_page(p);
		}
		ytop = p->y;
		grid_band(p, &a, ticks, 5, ytop, h);
		{
			double lh = pdf_text_box(p, &label, p->left, ytop - 2, lw, items[i].label, 0);

			snprintf(nn, sizeof(nn), "n = %s", fmt_count(nb, sizeof(nb), items[i].n, lang));
			pdf_text_box(p, &note, p->left, ytop - 2 - lh, lw, nn, 1);
		}
		mid = ytop - h / 2;
		xl = xr = ax(&a, 0);
		if (odd) {
			double w = (ax(&a, pct[half] / 2) - ax(&a, 0));

			segment(p, xl - w, xr + w, mid, colors[half], pct[half], lang);
			xl -= w;
			xr += w;
		}
		/* Disagreement outward from the centre to the left, agreement to the right. */
		for (k = half; k-- > 0;) {
			double w = ax(&a, pct[k]) - ax(&a, 0);

			segment(p, xl - w, xl, mid, colors[k], pct[k], lang);
			xl -= w;
		}
		for (k = half + (size_t)odd; k < ncat; k++) {
			double w = ax(&a, pct[k]) - ax(&a, 0);

			segment(p, xr, xr + w, mid, colors[k], pct[k], lang);
			xr += w;
		}
		p->y = ytop - h;
	}
	pdf_line(p, ax(&a, 0), p->y, ax(&a, 0), p->y + 4, 0x555555, 0.8);
	draw_axis(p, &a, ticks, 5, lang, 1, 1);
	p->y -= legend(p, p->left, p->y, p->right - p->left, cats, colors, ncat, 8);
	pdf_skip(p, 4);
}

/* --- ranking ---------------------------------------------------------------------- */

/* A small diamond, the mark of a flagged candidate. */
static void diamond(struct pdf *p, double x, double y, double r)
{
	if (p->page) {
		HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)0xD5 / 255, (HPDF_REAL)0x5E / 255, 0);
		HPDF_Page_MoveTo(p->page, (HPDF_REAL)x, (HPDF_REAL)(y + r));
		HPDF_Page_LineTo(p->page, (HPDF_REAL)(x + r), (HPDF_REAL)y);
		HPDF_Page_LineTo(p->page, (HPDF_REAL)x, (HPDF_REAL)(y - r));
		HPDF_Page_LineTo(p->page, (HPDF_REAL)(x - r), (HPDF_REAL)y);
		HPDF_Page_ClosePath(p->page);
		HPDF_Page_Fill(p->page);
	}
}

static void ranking_draw(struct pdf *p, const struct chart_rank *r, size_t n, const char *lang,
		   const char *range_note, const char *flag_note)
{
	static const double ticks[] = { 0, 25, 50, 75, 100 };
	struct pdf_style label = { 0, 7.5, 1.1, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style rank = { 1, 7.5, 1.1, PDF_TEXT, PDF_RIGHT, 0, 0 };
	struct pdf_style val = { 1, 7, 1.1, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style note = { 0, 7.5, 1.3, PDF_GREY, PDF_LEFT, 14, 2 };
	double lw = (p->right - p->left) * 0.40, rowh = 13;
	struct axis a;
	size_t i;

	if (!p->page)
		pdf_new_page(p);
	a.x0 = p->left + 22 + lw + 8;
	a.x1 = p->right - 34;
	a.lo = 0;
	a.hi = 100;
	if ((double)n * rowh + 40 <= p->top - p->bottom)
		pdf_need(p, (double)n * rowh + 40);
	for (i = 0; i < n; i++) {
		double ytop, mid;
		char v[32];

		if (pdf_room(p) < rowh + 18) {
			draw_axis(p, &a, ticks, 5, lang, 0, 0);
			pdf_new_page(p);
		}
		ytop = p->y;
		mid = ytop - rowh / 2;
		grid_band(p, &a, ticks, 5, ytop, rowh);
		pdf_text_at(p, &rank, p->left + 18, mid - 2.6, r[i].rank);
		pdf_text_box(p, &label, p->left + 22, mid + 4.1, lw, r[i].label, 1);
		if (r[i].flagged)
			diamond(p, p->left + 22 + lw + 3, mid, 2.8);
		if (!isnan(r[i].total)) {
			double end = ax(&a, r[i].total);

			pdf_rect(p, a.x0, mid - 3.8, end - a.x0, 7.6, PDF_ACCENT);
			if (!isnan(r[i].lo) && !isnan(r[i].hi)) {
				double l = ax(&a, r[i].lo), h = ax(&a, r[i].hi);

				pdf_line(p, l, mid, h, mid, 0x888888, 0.8);
				pdf_line(p, l, mid - 2.5, l, mid + 2.5, 0x888888, 0.8);
				pdf_line(p, h, mid - 2.5, h, mid + 2.5, 0x888888, 0.8);
				if (h > end)
					end = h;
			}
			pdf_text_at(p, &val, end + 3, mid - 2.5, fmt_num(v, sizeof(v), r[i].total, 1, lang));
		}
		p->y = ytop - rowh;
	}
	draw_axis(p, &a, ticks, 5, lang, 0, 0);
	if (range_note)
		pdf_paragraph(p, &note, range_note);
	if (flag_note) {
		struct pdf_style s = note;
		double h = pdf_text_height(p, &s, flag_note, p->right - p->left - 14);

		pdf_need(p, h);
		diamond(p, p->left + 5, p->y - 5.2, 2.8);
		pdf_paragraph(p, &s, flag_note);
	}
}

/* --- the charts, told to the observer (pdf.h) before they are drawn ------------ */

void chart_radar(struct pdf *p, double x, double ytop, double w, double h,
		 const char *const *axes, size_t naxes, const struct chart_series *s, size_t ns,
		 double label_size, int with_legend)
{
	if (PDF_OBS(p))
		p->obs->radar(p->obs->ctx, axes, naxes, s, ns);
	p->obs_mute++;
	radar_draw(p, x, ytop, w, h, axes, naxes, s, ns, label_size, with_legend);
	p->obs_mute--;
}

void chart_bars(struct pdf *p, const struct chart_bar *b, size_t n, const char *lang)
{
	if (PDF_OBS(p))
		p->obs->bars(p->obs->ctx, b, n);
	p->obs_mute++;
	bars_draw(p, b, n, lang);
	p->obs_mute--;
}

void chart_likert(struct pdf *p, const struct chart_likert_item *items, size_t nitems,
		  const char *const *cats, size_t ncat, const char *lang)
{
	if (PDF_OBS(p))
		p->obs->likert(p->obs->ctx, items, nitems, cats, ncat);
	p->obs_mute++;
	likert_draw(p, items, nitems, cats, ncat, lang);
	p->obs_mute--;
}

void chart_ranking(struct pdf *p, const struct chart_rank *r, size_t n, const char *lang,
		   const char *range_note, const char *flag_note)
{
	if (PDF_OBS(p))
		p->obs->ranking(p->obs->ctx, r, n, range_note, flag_note);
	p->obs_mute++;
	ranking_draw(p, r, n, lang, range_note, flag_note);
	p->obs_mute--;
}
