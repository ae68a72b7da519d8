/*
 * report: what people finally hold in their hands, made from the result
 * structures of the analysis — the social-utility report and the jury's
 * scorecards as PDF, the analysts' workbook as XLSX — following a layout
 * (layout.h).  Nothing here reads the workspace or computes a statistic:
 * every figure comes from the structures in struct report_input, and the
 * rows of a workbook's answers sheet come through the caller's callback.
 *
 * Every page of a PDF and a sheet of every workbook say where the figures
 * come from: the survey versions with their SHA-256, the number of answers
 * and the version of utilis.  Suppressed groups and cells never appear.
 * Files are written under a temporary name and renamed: a failure leaves
 * no half file, and the same inputs (with the same `when`) give the same
 * bytes.
 */
#ifndef UTILIS_REPORT_H
#define UTILIS_REPORT_H

#include <stddef.h>
#include <time.h>

#include "analysis/describe.h"
#include "analysis/followup.h"
#include "analysis/indicators.h"
#include "analysis/jury.h"
#include "analysis/prize.h"
#include "analysis/report_data.h"
#include "analysis/score.h"
#include "analysis/sensitivity.h"
#include "report/layout.h"
#include "util/diag.h"

/* The results of an indicator set. */
struct report_ind {
	const struct indicator_set *set;	/* the set */
	const struct ind_result *res;		/* its results */
	struct survey *const *surveys;		/* latest model of each of set->surveys */
	const struct an_item_counts *items;	/* answers to the items, [form * nitems + i], or NULL */
	const char *const *item_names;		/* the items counted */
	size_t nitems;				/* how many */
	const struct desc_result *desc;		/* every question summed up (workbooks), or NULL */
};

/* The results of a prize edition. */
struct report_prize {
	const struct prize_data *pd;		/* candidates, jurors, scores */
	const struct prize_result *res;		/* ranking, flags, reliability */
	const struct prize_robust *robust;	/* [ncand] how solid each rank is, or NULL */
	const struct prize_texts *texts;	/* applications and comments, or NULL */
	const char *const *summary;		/* the application questions in texts */
	const char *const *comments;		/* the grid questions in texts */
	size_t ncomments;			/* how many */
	const struct prize_followup *followup;	/* the laureates one year on, or NULL */
};

/* A respondent streamed to the answers sheet of a workbook. */
typedef int (*report_row_fn)(void *ctx, const struct an_version *v, const struct respondent *r,
			     const char *const *values, size_t n);

struct report_input {
	const struct report_layout *layout;	/* what goes in */
	const char *lang;			/* "fr" or "en" */
	time_t when;				/* the date printed and stored */
	const char *font_dir;			/* DejaVu fonts; NULL: Debian's */
	const struct an_trace *trace;		/* the survey versions read */
	const struct report_ind *ind;		/* SOURCE_INDICATORS */
	const struct report_prize *prize;	/* SOURCE_EDITION */
	const struct wsens_report *wsens;	/* weights_sensitivity: the index under the pilot group's weights, or NULL */
	/*
	 * Workbooks with an answers sheet: call fn for every respondent
	 * (submitted only) of the set's surveys, in order; 0 or an error.
	 */
	int (*each_answer)(void *ctx, report_row_fn fn, void *fn_ctx, struct error *err);
	void *each_ctx;				/* each_answer's */
};

/* Write the PDF of a layout with output pdf.  0, or -1 with err. */
int report_pdf(const struct report_input *in, const char *path, struct error *err);
/* Write the workbook of a layout with output xlsx.  0, or -1 with err. */
int report_xlsx(const struct report_input *in, const char *path, struct error *err);
/*
 * Write the accessible HTML version of a layout with output pdf: the same
 * content (html_report.c).  0, or -1 with err.
 */
int report_html(const struct report_input *in, const char *path, struct error *err);

/*
 * The provenance line of every page: "Données : utilite-sociale v1
 * (SHA-256 3f2a9c1b0e4d…), 300 réponses · utilis 0.1.0".  Into sb; 0 or -1.
 */
int report_trace_line(struct strbuf *sb, const struct report_input *in);

/* --- parts shared by the report writers (report_common.c) ------------------- */

struct pdf;

/* Open a PDF for in: title, author, language, date, fonts, footer.  0 or -1. */
int report_pdf_open(struct pdf **out, const struct report_input *in, struct error *err);
struct pdf_observer;

/*
 * Lay the PDF of a layout out without writing it, telling obs every
 * heading, paragraph, table and chart (pdf.h).  0, or -1 with err.
 */
int report_observe(const struct report_input *in, const struct pdf_observer *obs, struct error *err);
/* The cover page. */
void report_cover(struct pdf *p, const struct report_input *in, const char *what);
/* A `text` section of the layout. */
void report_text_section(struct pdf *p, const struct report_input *in,
			 const struct report_section *s);

/* The social-utility report's sections (social.c). */
void report_social_section(struct pdf *p, const struct report_input *in,
			   const struct report_section *s);
/* The weights_sensitivity section (weights_section.c). */
void report_weights_section(struct pdf *p, const struct report_input *in,
			    const struct report_section *s);
/* The jury's document's sections (scorecards.c). */
void report_prize_section(struct pdf *p, const struct report_input *in,
			  const struct report_section *s);

/* The plain reading of a Cronbach's alpha: "excellente", "bonne", "acceptable"... */
const char *report_alpha_word(double alpha, const char *lang);

#endif
