/*
 * progress: what a long command (import, export, simulate, reports) shows
 * while it works — a one-line bar on standard error when it is a terminal,
 * nothing otherwise — and, under --verbose, one line saying how much was
 * done and how long it took.  Only the command-line layer uses it: modules
 * report their advance through a callback, and the command draws.
 *
 * When the bar shows:
 *   - never under --quiet;
 *   - UTILIS_PROGRESS=0: never; UTILIS_PROGRESS=1: always, even when
 *     standard error is not a terminal (tests, logs), from the first update;
 *   - otherwise when standard error is a terminal, once the operation has
 *     lasted half a second (short operations do not flicker).
 * The bar is redrawn at most ten times a second, and erased (the line is
 * cleared) by progress_end(), so the messages that follow start on a clean
 * line.  Standard output is never touched: a command's results can be
 * piped while its bar shows.
 */
#ifndef UTILIS_PROGRESS_H
#define UTILIS_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct cli;

/* How the units of a progress count are written. */
enum progress_unit {
	PROGRESS_ITEMS,		/* whole things, named by `what`: "1,204/5,000 rows" */
	PROGRESS_BYTES,		/* bytes, written as kB, MB or GB: "12.3/104.0 MB" */
};

struct progress {
	const char *label;	/* what is being done: "importing participation" */
	const char *what;	/* the units counted, plural: "rows" (PROGRESS_ITEMS) */
	enum progress_unit unit; /* how `done` and `total` are written */
	int64_t total;		/* units expected; 0 when not known */
	int64_t done;		/* units done so far */
	int mode;		/* 0 never draw, 1 draw on a terminal after a delay, 2 always */
	int verbose;		/* --verbose: progress_end() prints the time taken */
	int shown;		/* a bar is on the line and must be erased */
	int width;		/* columns of the terminal (80 when unknown) */
	double start;		/* monotonic seconds at progress_begin() */
	double last;		/* when the bar was last drawn */
};

/*
 * Start showing the advance of an operation of `total` units (0: unknown)
 * under the global options of cli.  label and what must outlive p.
 * Draws nothing yet (except in mode "always", where the empty bar shows).
 */
void progress_begin(struct progress *p, const struct cli *cli, const char *label,
		    enum progress_unit unit, const char *what, int64_t total);
/* Record that `done` units are done, and redraw when it is time to. */
void progress_update(struct progress *p, int64_t done);
/*
 * Erase the bar.  Under --verbose, print "LABEL: DONE WHAT in T s (R WHAT/s)"
 * to standard error (ok != 0), or "LABEL: stopped after T s" (ok == 0).
 * Only the first call does anything, and a zeroed struct progress (never
 * begun) is a bar that was never shown: a command may end its bar on every
 * way out.
 */
void progress_end(struct progress *p, int ok);

/*
 * progress_begin() for reading the answers of the nforms surveys forms
 * (an analysis source) passes times: the total is their respondents in the
 * workspace (the submitted ones when submitted_only) times passes.
 */
struct store;
void progress_begin_answers(struct progress *p, const struct cli *cli, const char *label,
			    struct store *st, const char *const *forms, size_t nforms,
			    int submitted_only, int passes);
/* A module's progress callback that counts what is done: ctx is a struct progress. */
void progress_count(void *ctx, size_t done);

/* Format n with thousands separators (1,234,567) into buf; returns buf. */
char *progress_thousands(char *buf, unsigned size, int64_t n);

#endif
