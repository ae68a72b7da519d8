/*
 * cli/edition: opening a prize edition for the jury and prize commands —
 * the definition file, the workspace, and the edition's data read from it.
 */
#ifndef UTILIS_CLI_EDITION_H
#define UTILIS_CLI_EDITION_H

#include "analysis/jury.h"
#include "cli/cli.h"

struct jury_ctx {
	struct edition *e;	/* the definition */
	struct store *st;	/* the workspace */
	struct prize_data pd;	/* candidates, jurors, assignments, scores */
	int loaded;		/* pd was loaded (and must be released) */
};

/*
 * Load the edition file at path, open the workspace (store flags) and read
 * the edition's data.  Prints what went wrong and returns an exit code;
 * release c with jury_ctx_release() in every case.
 */
int cli_open_edition(const struct cli *cli, const char *path, int flags, struct jury_ctx *c);
void jury_ctx_release(struct jury_ctx *c);

#endif
