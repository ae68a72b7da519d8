/*
 * cli/referential: what `referential check` and the delphi commands share:
 * loading a referential with its diagnostics printed, and finding the
 * survey models its sources name.
 */
#ifndef UTILIS_CLI_REFERENTIAL_H
#define UTILIS_CLI_REFERENTIAL_H

#include <stddef.h>

struct referential;
struct store;
struct survey;

/* Load a referential from path, printing its diagnostics: EXIT_OK with *out, or an exit code. */
int cli_load_referential(const char *path, struct referential **out);

/*
 * The models of the surveys ref's sources name, at most max: from files
 * (nfiles survey models, not copied) when one has that form_id, else the
 * latest version in the workspace st (may be NULL), loaded here: the caller
 * frees every model of models[0..*n) that is not one of files.  A survey
 * found nowhere is left out.  Returns EXIT_OK or an exit code (printed).
 */
int cli_referential_models(const struct referential *ref, struct store *st,
			   struct survey *const *files, size_t nfiles,
			   struct survey **models, size_t max, size_t *n);

#endif
