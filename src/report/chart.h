/*
 * chart: the report's charts, drawn as vectors on a pdf page — a radar of
 * 0-100 scores (axes in the order given, the first at the top, clockwise),
 * horizontal bars with their confidence intervals, diverging stacked bars
 * for agreement scales (disagreement to the left of a centre line,
 * agreement to the right, the neutral answer split across it), and a
 * ranking chart of totals with the jurors' spread.  Every chart prints its
 * values: a reader must never have to guess a number from a bar.
 *
 * Colours come from the Okabe-Ito palette, which colour-blind readers can
 * tell apart; the agreement scale uses a red-to-blue diverging scheme
 * (ColorBrewer RdBu) with a grey middle.
 */
#ifndef UTILIS_REPORT_CHART_H
#define UTILIS_REPORT_CHART_H

#include <stddef.h>

#include "report/pdf.h"

/* Colour of series i (cycles through the palette). */
unsigned chart_color(size_t i);
/* Colour of answer i of n on a disagreement-to-agreement scale. */
unsigned chart_likert_color(size_t i, size_t n);

struct chart_series {
	const char *name;	/* legend text */
	const double *v;	/* one value per axis, 0-100; NaN where there is none */
	unsigned color;		/* 0xRRGGBB */
};

/*
 * A radar in the box (x, ytop, w, h): rings at 0, 25, 50, 75 and 100, one
 * axis per label, each series a translucent polygon (or only its points
 * when a value is missing).  label_size: font size of the axis labels.
 * legend: draw the series' names under the chart.
 */
void chart_radar(struct pdf *p, double x, double ytop, double w, double h,
		 const char *const *axes, size_t naxes, const struct chart_series *s, size_t ns,
		 double label_size, int legend);

struct chart_bar {
	const char *label;	/* what the bar is */
	const char *note;	/* under the label in grey ("n = 120"), or NULL */
	double value;		/* 0-100; NaN: no bar, the label says why */
	double lo, hi;		/* interval; NaN when none */
	unsigned color;		/* bar colour */
};

/*
 * Horizontal bars on a 0-100 axis at the cursor, over the content width,
 * with intervals as whiskers and the value printed at the bar's end;
 * moves the cursor under the chart (keeping the chart on one page when it
 * fits on one).  lang: number format.
 */
void chart_bars(struct pdf *p, const struct chart_bar *b, size_t n, const char *lang);

struct chart_likert_item {
	const char *label;	/* the statement */
	const double *pct;	/* percentage of each answer, from disagreement to agreement */
	size_t n;		/* respondents who answered */
	const unsigned char *hidden; /* [ncat] 1: not shown (drawn as 0: too few people), or NULL */
};

/*
 * Diverging stacked bars at the cursor, one per item, with a legend of
 * the ncat answers (labels, from disagreement to agreement) and the
 * percentages printed in the segments wide enough to hold them.
 */
void chart_likert(struct pdf *p, const struct chart_likert_item *items, size_t nitems,
		  const char *const *cats, size_t ncat, const char *lang);

struct chart_rank {
	const char *rank;	/* "1", "2=" */
	const char *label;	/* the candidate */
	double total;		/* 0-100; NaN: unranked */
	double lo, hi;		/* lowest and highest juror's total; NaN when none */
	int flagged;		/* drawn with a mark */
};

/*
 * The ranking as bars of totals with the jurors' range, one row per
 * candidate, flowing onto new pages with the axis repeated.  The flagged
 * mark is explained by flag_note under the chart (NULL: nothing).
 */
void chart_ranking(struct pdf *p, const struct chart_rank *r, size_t n, const char *lang,
		   const char *range_note, const char *flag_note);

#endif
