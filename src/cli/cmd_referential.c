/*
 * referential check: check social-utility referentials
 * (indicators/referentiel-*.yaml, docs/referential.md) and the survey
 * questions their indicators name.  Shared with delphi: cli_load_referential.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/referential.h"
#include "store/store.h"
#include "survey/referential.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/i18n.h"

#define MAX_MODELS 16

int cli_load_referential(const char *path, struct referential **out)
{
	struct diags d = DIAGS_INIT;
	char *src;
	size_t len;
	int rc = cli_read_file(path, UT_MAX_DEFINITION, &src, &len);

	*out = NULL;
	if (rc)
		return rc;
	rc = referential_parse(out, path, src, len, &d);
	free(src);
	cli_print_diags(&d);
	diags_release(&d);
	return rc < 0 ? EXIT_DATAERR : EXIT_OK;
}

int cli_referential_models(const struct referential *ref, struct store *st,
			   struct survey *const *files, size_t nfiles,
			   struct survey **models, size_t max, size_t *n)
{
	const char *forms[MAX_MODELS];
	size_t nforms = referential_surveys(ref, forms, MAX_MODELS);

	*n = 0;
	if (nforms > MAX_MODELS)
		nforms = MAX_MODELS;
	for (size_t i = 0; i < nforms && *n < max; i++) {
		struct survey_version sv;
		struct diags d = DIAGS_INIT;
		struct survey *s = NULL;
		struct error err;
		size_t k;
		int rc;

		for (k = 0; k < nfiles && strcmp(files[k]->form_id, forms[i]); k++)
			;
		if (k < nfiles) {
			models[(*n)++] = files[k];
			continue;
		}
		if (!st)
			continue;
		rc = store_survey_get(st, forms[i], 0, &sv, &err);
		if (rc < 0)
			return cli_error(EXIT_IOERR, "%s", err.msg);
		if (rc == 0)
			continue;
		if (survey_load(&s, sv.file ? sv.file : sv.form_id, sv.source, strlen(sv.source), &d) == 0)
			models[(*n)++] = s;	/* the caller frees what is not in files */
		diags_release(&d);
		survey_version_release(&sv);
	}
	return EXIT_OK;
}

/* utilis referential check FILE... [--survey FILE]... */
static int run_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct survey **files = NULL;
	size_t nfiles = 0, i, j;
	struct store *st = NULL;
	int c, rc, worst = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt(&cmd_referential_check, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 's':
			if ((rc = cli_add_survey(cli, optarg, &files, &nfiles)) != 0) {
				worst = rc;
				goto out;
			}
			break;
		case 'h':
			cli_print_help(stdout, &cmd_referential_check);
			goto out;
		default:
			worst = EXIT_USAGE;
			goto out;
		}
	}
	if (optind >= argc) {
		worst = cli_usage_error(&cmd_referential_check, "no referential to check");
		goto out;
	}
	/* without --survey, the surveys of the workspace when there is one */
	if (!nfiles && access(cli->db_path, F_OK) == 0 &&
	    (rc = cli_open_store(cli, STORE_READONLY, &st)) != EXIT_OK) {
		worst = rc;
		goto out;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct referential *ref;
		struct survey *models[MAX_MODELS];
		struct diags d = DIAGS_INIT;
		size_t nmodels = 0, nsurvey = 0, nfigure = 0;

		rc = cli_load_referential(argv[i], &ref);
		if (rc) {
			if (worst == EXIT_OK || rc == EXIT_IOERR)
				worst = rc;
			continue;
		}
		rc = cli_referential_models(ref, st, files, nfiles, models, MAX_MODELS, &nmodels);
		if (rc == EXIT_OK) {
			if (referential_check_sources(ref, models, nmodels, &d) < 0)
				rc = EXIT_DATAERR;
			cli_print_diags(&d);
			diags_release(&d);
		}
		for (j = 0; j < nmodels; j++) {
			size_t k;

			for (k = 0; k < nfiles && files[k] != models[j]; k++)
				;
			if (k == nfiles)
				survey_free(models[j]);
		}
		for (j = 0; j < ref->nind; j++) {
			nsurvey += ref->ind[j].source == REF_SOURCE_SURVEY;
			nfigure += ref->ind[j].source == REF_SOURCE_FIGURE;
		}
		if (rc == EXIT_OK)
			cli_info(cli, "%s: ok (%s: %zu stake%s, %zu criteri%s, %zu indicator%s: %zu from "
				 "surveys, %zu figure%s the association keeps)\n", argv[i], ref->id, ref->nstakes,
				 ref->nstakes == 1 ? "" : "s", ref->ncrit, ref->ncrit == 1 ? "on" : "a",
				 ref->nind, ref->nind == 1 ? "" : "s", nsurvey, nfigure,
				 nfigure == 1 ? "" : "s");
		referential_free(ref);
		if (rc && (worst == EXIT_OK || rc == EXIT_IOERR))
			worst = rc;
	}
out:
	for (i = 0; i < nfiles; i++)
		survey_free(files[i]);
	free(files);
	if (st)
		store_close(st);
	return worst;
}

const struct command cmd_referential_check = {
	"referential check", run_check,
	"utilis referential check FILE... [--survey FILE]...",
	N_("check social-utility referentials (stakes, criteria, candidate indicators)"),
	N_("Options:\n"
	"  --survey FILE      check the questions the sources name against this survey\n"
	"                     definition (repeatable); without it, against the surveys\n"
	"                     loaded in the workspace, when there is one\n"
	"\n"
	"A referential lists stakes, their criteria and the candidate indicators the\n"
	"pilot group rates in Delphi rounds (utilis delphi start), each with a label\n"
	"and a definition in French and English and its source: a question of a\n"
	"survey (source: FORM_ID:QUESTION) or a figure the association keeps\n"
	"(figure: {fr: ..., en: ...}).  Every mistake is reported as FILE:LINE:COL;\n"
	"a source naming a survey that is not at hand is a warning (its question is\n"
	"not checked).  Exit status 65 when a file has an error.  Format:\n"
	"docs/referential.md.\n"),
};
