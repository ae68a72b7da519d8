/*
 * match_report: the documents of a matching (analysis/match.h) for the
 * union and the « rencontres » of the programme — a workbook of the pairs
 * with their scores and reasons and of the needs and offers left alone
 * with why, and one introduction sheet per pair (who, why, the next step,
 * the union's contact) as a PDF, in French or in English.  The words of
 * the introduction by e-mail are here too, so that the sheet and the
 * message say the same.  Files go through util/afile.h (mode 0600: they
 * name people).
 */
#ifndef UTILIS_REPORT_MATCH_REPORT_H
#define UTILIS_REPORT_MATCH_REPORT_H

#include <stddef.h>
#include <time.h>

#include "analysis/match.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct match_doc {
	const struct match_problem *p;	/* the pairs that may be made */
	const struct match_result *r;	/* the matching */
	const char *lang;		/* "fr" or "en" */
	const char *contact;		/* the union's contact (lines), or NULL */
	time_t when;			/* the documents' date */
	const char *font_dir;		/* DejaVu fonts, NULL: Debian's */
	const char *method;		/* "optimal" or "greedy" */
};

/* The workbook: Mises en relation, Besoins non pourvus, Offres sans mission, Sources.  0 or -1 with err. */
int match_report_xlsx(const struct match_doc *d, const char *path, struct error *err);
/* The introduction sheet of pair i (one A4 page).  0 or -1 with err. */
int match_report_sheet(const struct match_doc *d, size_t i, const char *path, struct error *err);

/* Which side of a pair a message goes to. */
enum match_side { MATCH_SIDE_ASSOCIATION, MATCH_SIDE_VOLUNTEER };

/*
 * The introduction of pair i by e-mail to side: its subject (one line) and
 * its plain text, into subject and text (appended).  0 or -1 (memory).
 */
int match_intro_text(const struct match_doc *d, size_t i, enum match_side side,
		     struct strbuf *subject, struct strbuf *text);

#endif
