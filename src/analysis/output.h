/*
 * output: the three renderings of analysis results — a table for a
 * terminal, in French or English; CSV, one row per cell, for spreadsheets;
 * and JSON, complete and stable, for reports and scripts (its layout is
 * documented in docs/statistics.md, "JSON output", and versioned by its
 * "format" member).  They write into a strbuf; printing is the caller's.
 *
 * Whatever the format, a suppressed cell carries no number, only the word
 * and the reason; a statistic that could not be computed is null in JSON,
 * empty in CSV and a dash in the table, with its note.
 */
#ifndef UTILIS_OUTPUT_H
#define UTILIS_OUTPUT_H

#include "analysis/describe.h"
#include "analysis/score.h"
#include "util/strbuf.h"

enum an_format { AN_FORMAT_TABLE, AN_FORMAT_CSV, AN_FORMAT_JSON };

/* "table", "csv" or "json" into *out: 0, or -1 for anything else. */
int an_format_parse(const char *s, enum an_format *out);

/* Version of the JSON layouts ("format" member), raised at any incompatible change. */
#define IND_JSON_FORMAT "utilis.indicators/2"
#define DESC_JSON_FORMAT "utilis.describe/2"

/*
 * Append r to sb in format fmt; texts (labels, headings, notes) in
 * language lang ("fr" or "en"; labels fall back to their first language).
 * Returns 0, or -1 when sb cannot grow.
 */
int ind_result_write(struct strbuf *sb, const struct ind_result *r, enum an_format fmt,
		     const char *lang);
/*
 * The paired comparisons of a panel by _wave (r->panel) as CSV, one row
 * per two successive waves and dimension, its header first (docs/
 * statistics.md, "Panels").  Returns 0, or -1 when sb cannot grow.
 */
int ind_paired_csv(struct strbuf *sb, const struct ind_result *r, const char *lang);
/*
 * The way travelled in one dimension as a sentence in lang ("parmi les 40
 * personnes qui ont répondu deux fois, 28 ont progressé"), without final
 * full stop; the small-group rule as in the result.  Returns what
 * strbuf_addf returns.
 */
int ind_paired_sentence(struct strbuf *sb, const struct ind_paired_dim *pd, int min_group,
			const char *lang);
int desc_result_write(struct strbuf *sb, const struct desc_result *r, enum an_format fmt,
		      const char *lang);

#endif
