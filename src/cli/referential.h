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

/*
 * The index of res (an indicator set written by `delphi build`) under the
 * weights of the last weights questionnaire of the referential at
 * ref_path (delphi sensitivity, and the report's weights section): into
 * *out (wsens_report_release()), its survey and version into wform and
 * *wversion.  optional: without a weights questionnaire, or with fewer
 * members than min_group, EXIT_OK and nothing in *out (ngroups 0).
 * Returns EXIT_OK or an exit code (printed).
 */
struct ind_result;
struct wsens_options;
struct wsens_report;
int cli_weights_sensitivity(struct store *st, const char *ref_path, const struct ind_result *res,
			    const struct wsens_options *opt, int optional, struct wsens_report *out,
			    char *wform, size_t nwform, int *wversion);

#endif
