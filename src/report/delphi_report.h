/*
 * delphi_report: the PDF report of a pilot group's Delphi rounds (for the
 * group, in French: the rounds, what was kept and why) and the workbook
 * of their figures for analysts, from the results of analysis/delphi.
 */
#ifndef UTILIS_DELPHI_REPORT_H
#define UTILIS_DELPHI_REPORT_H

#include <time.h>

#include "analysis/delphi.h"
#include "analysis/weights.h"
#include "survey/referential.h"
#include "util/diag.h"

struct delphi_report {
	const struct referential *ref;			/* the referential */
	const char *form_id;				/* delphi-ID */
	int nrounds;					/* rounds 1..nrounds */
	const struct delphi_round *rounds[DELPHI_MAX_ROUNDS + 1];	/* [1..nrounds] */
	const struct delphi_result *results[DELPHI_MAX_ROUNDS + 1];	/* [1..nrounds] */
	const struct weights_result *weights;		/* the last weights questionnaire's, or NULL */
	const char *weights_form;			/* poids-ID */
	int weights_version;				/* its version */
	const char *font_dir;				/* DejaVu fonts, NULL: Debian's */
	time_t when;					/* the documents' date */
};

/* Write the PDF report to path (0644, atomically).  Returns 0, or -1 with err. */
int delphi_report_pdf(const struct delphi_report *in, const char *path, struct error *err);
struct pdf_observer;
/*
 * Lay the PDF report out without writing it, telling obs every heading,
 * paragraph and table (report/pdf.h); *footer: its footer line (free()).
 * 0, or -1 with err.
 */
int delphi_report_observe(const struct delphi_report *in, const struct pdf_observer *obs, char **footer,
			  struct error *err);
/* Write the same content as one accessible web page (html_report.c).  0 or -1 with err. */
int delphi_report_html(const struct delphi_report *in, const char *path, struct error *err);
/* Write the workbook to path (0600: it holds the comments), read back before it is renamed.  0 or -1. */
int delphi_report_xlsx(const struct delphi_report *in, const char *path, struct error *err);

#endif
