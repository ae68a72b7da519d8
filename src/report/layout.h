/*
 * layout: report layouts (the YAML files of reports/, docs/reports.md): what a report
 * contains, so that the union's staff can change titles, introduction
 * texts and sections without touching C.  A layout names its source — an
 * indicator set or a prize edition — its output (a PDF or an XLSX
 * workbook), its title, author and language, and an ordered list of
 * sections, each of a type that fits the source and the output.
 *
 *   report: utilite-sociale
 *   title: {fr: "...", en: "..."}
 *   language: fr
 *   output: pdf
 *   source: {indicators: indicators/utilite-sociale.yaml}
 *   sections:
 *     - type: cover
 *     - type: text
 *       title: {fr: "Pourquoi ce rapport"}
 *       text: {fr: "..."}
 *     - type: dimensions
 *
 * Loading is in two steps, like indicator sets: report_layout_parse()
 * checks everything that needs no data and reports every problem at once
 * as FILE:LINE:COL diagnostics; report_layout_check() then checks the
 * question names a layout uses against the surveys of its source.
 */
#ifndef UTILIS_REPORT_LAYOUT_H
#define UTILIS_REPORT_LAYOUT_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "survey/survey.h"
#include "survey/yamldoc.h"
#include "util/diag.h"

enum report_output { REPORT_PDF, REPORT_XLSX };

enum report_source { SOURCE_INDICATORS, SOURCE_EDITION };

enum section_type {
	SEC_COVER,		/* title page */
	SEC_TEXT,		/* a heading and paragraphs written in the layout */
	SEC_PAGE_BREAK,		/* start a new page */
	SEC_METHOD,		/* what was measured and how, generated from the source */
	SEC_SUMMARY,		/* « L'essentiel »: the key messages with their figures */
	SEC_RADAR,		/* radar of the dimensions, values beside it */
	SEC_COMPOSITE,		/* the composite index by group, with intervals */
	SEC_SCORES,		/* every score by dimension and group in one table */
	SEC_DIMENSIONS,		/* one page per dimension */
	SEC_COMPARISONS,	/* the group comparisons written out */
	SEC_RELIABILITY,	/* Cronbach's alpha, or the jury's agreement */
	SEC_RANKING,		/* the prize's ranking, table and chart */
	SEC_FLAGS,		/* candidates flagged for the deliberation */
	SEC_SCORECARDS,		/* one page per candidate */
	SEC_ANSWERS,		/* workbook: every respondent's answers */
	SEC_CODEBOOK,		/* workbook: questions, types, choices */
	SEC_INDICATORS,		/* workbook: scores by group, with a radar and bars */
	SEC_DESCRIBE,		/* workbook: every question summed up */
	SEC_MATRIX,		/* workbook: juror x candidate x criterion scores */
	SEC_RESULTS,		/* workbook: the prize's results */
	SEC_JURORS,		/* workbook: jurors' load and severity */
	SEC_DELIBERATION,	/* the jurors' recommendations, candidate by candidate */
	SEC_LAUREATES,		/* workbook: the laureates one year on (follow-up answers) */
	SEC_DISCUSSION,		/* the order to discuss the candidates in, at the meeting */
	SEC_WEIGHTS,		/* the index under the pilot group's own weights (weights_section.c) */
	SEC_NTYPES
};

struct report_section {
	enum section_type type;		/* what it is */
	const struct ynode *node;	/* its mapping, for positions */
	struct an_text title;		/* heading (empty: the type's default) */
	struct an_text text;		/* paragraphs written in the layout (empty: none) */
	int likert;			/* dimensions: diverging bars of the items (default 1) */
	int chart;			/* ranking: the chart under the table (default 1) */
	const char *sheet;		/* workbook: sheet name, NULL for the default */
	const char *followup;		/* laureates: the follow-up survey's form_id */
	const char **application;	/* scorecards: application questions shown */
	size_t napplication;		/* how many (0: the edition's summary) */
	const struct ynode *application_node; /* for positions */
	const char **comments;		/* scorecards: grid questions quoted as comments */
	size_t ncomments;		/* how many (0: every text question of the grid) */
	const struct ynode *comments_node; /* for positions */
	int lines;			/* scorecards: lines of the application shown (default 8) */
	const char *referential;	/* weights_sensitivity: the referential whose pilot group weighed */
};

/* A reader's name for one group of the breakdown ("les parties prenantes internes"). */
struct report_group_name {
	const char *key;		/* the group's value */
	struct an_text name;		/* plural noun phrase, per language */
	const struct ynode *node;	/* the key, for positions */
};

struct report_layout {
	struct ydoc doc;		/* the YAML tree: strings point into it */
	char *src;			/* the text parsed (owned) */
	const char *file;		/* file name, for messages */
	const char *id;			/* `report` */
	struct an_text title;		/* required */
	struct an_text subtitle;	/* may be empty */
	const char *author;		/* NULL when not given */
	const char *language;		/* "fr" (default) or "en" */
	enum report_output output;	/* pdf (default) or xlsx */
	enum report_source source;	/* what the figures come from */
	const char *source_path;	/* the indicator set or edition file */
	const struct ynode *source_node; /* the path, for positions */
	const char *by;			/* indicators: breakdown; NULL: the set's */
	const struct ynode *by_node;	/* for positions */
	int overall;			/* indicators: `by: none`, no breakdown */
	long bootstrap;			/* indicators: replicates; -1: default */
	long seed;			/* indicators: bootstrap seed; -1: default */
	long min_group;			/* indicators: smallest group; 0: the set's */
	struct report_group_name *groups; /* group_names */
	size_t ngroups;			/* how many */
	struct report_section *sec;	/* sections in order */
	size_t nsec;			/* how many */
};

/*
 * Parse and check a layout (src: len bytes of UTF-8, copied).  Returns 0
 * with *out (report_layout_free()), or -1 with every error in d.
 */
int report_layout_parse(struct report_layout **out, const char *file, const char *src,
			size_t len, struct diags *d);
void report_layout_free(struct report_layout *l);

/*
 * Check the names a layout uses against the surveys of its source:
 * group_names against the choices of the breakdown question `by` of
 * survey s (indicators; by NULL or a pseudo-breakdown: not checked), or
 * the scorecards' application and comment questions against the
 * application form app and the grid (edition).  Pass NULL for what does
 * not apply.  Returns 0, or -1 with every error in d.
 */
int report_layout_check(const struct report_layout *l, const struct survey *s, const char *by,
			const struct survey *app, const struct survey *grid, struct diags *d);

/* The text of t in lang, else its first; def when t is empty. */
const char *report_text(const struct an_text *t, const char *lang, const char *def);

#endif
