/*
 * The matching as `utilis match` computes it, for the commands that make
 * documents, introductions and follow-ups of it (cmd_match_intro.c,
 * cmd_match_followup.c).
 */
#ifndef UTILIS_CLI_MATCH_RUN_H
#define UTILIS_CLI_MATCH_RUN_H

#include <time.h>

#include "analysis/match.h"
#include "cli/cli.h"

#define MATCH_FORM "benevolat-entreprises"

struct mrun {
	struct store *st;		/* the workspace */
	struct match_data md;		/* needs, offers, companies */
	struct match_problem p;		/* the possible pairs */
	struct match_result r;		/* the matching */
	struct match_conflict *extra, *all;
	size_t nextra;
	char *src;
	int greedy;			/* set before mrun_open: the greedy reference */
};

/* Read the matching file (or NULL), open the workspace with flags, load and solve.  An exit code (printed). */
int mrun_open(struct mrun *m, struct cli *cli, const char *rules, const char *form, int flags);
void mrun_close(struct mrun *m);
/* The documents' date: $SOURCE_DATE_EPOCH, else $UTILIS_NOW, else now. */
time_t doc_time(void);
/* $UTILIS_FONT_DIR, or NULL. */
const char *mrun_font_dir(void);

#endif
