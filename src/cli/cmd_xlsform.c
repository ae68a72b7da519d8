/*
 * xlsform: the questionnaire commands that speak XLSForm, the spreadsheet
 * convention of KoboToolbox and ODK — import a workbook as a YAML
 * definition, export a definition as a workbook.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/xlsform_write.h"
#include "store/store.h"
#include "survey/survey.h"
#include "survey/xlsform.h"
#include "util/afile.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* Write len bytes of text to path (a definition: the usual permissions).  An exit code. */
static int write_file(const char *path, const char *text, size_t len)
{
	struct error err;

	if (afile_write_file(path, text, len, AFILE_PUBLIC, &err) < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	return EXIT_OK;
}

/* utilis survey import-xlsform FORM.xlsx [-o FILE.yaml] [--form-id ID] [--lang CODE] ... */
static int run_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "form-id", required_argument, NULL, 'i' },
		{ "lang", required_argument, NULL, 'l' },
		{ "drop-unsupported", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_survey_import_xlsform;
	struct xlsform_options opt = { NULL, NULL, 0 };
	struct strbuf yaml = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct error err = { "" };
	const char *out = NULL;
	char *form_id = NULL, *defpath = NULL;
	struct stat sb;
	int c, rc, force = 0;

	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":ho:f", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'i': opt.form_id = optarg; break;
		case 'l': opt.default_language = optarg; break;
		case 'D': opt.drop_unsupported = 1; break;
		case 'f': force = 1; break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, argc - optind < 1 ? "which workbook? give FORM.xlsx" :
				       "unexpected argument '%s'", argv[argc - 1]);
	rc = xlsform_read(argv[optind], &opt, &yaml, &form_id, &d, &err);
	if (rc < 0 && d.nerror == 0) {	/* not read at all: err says why */
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	cli_print_diags(&d);
	if (rc < 0) {
		fprintf(stderr, _("nothing was written: correct the workbook%s and import it again\n"),
			opt.drop_unsupported ? "" : _(" (or leave out what utilis cannot express with "
			"--drop-unsupported)"));
		rc = EXIT_DATAERR;
		goto out;
	}
	if (!out) {
		if (asprintf(&defpath, "%s.yaml", form_id) < 0) {
			defpath = NULL;
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		out = defpath;
	}
	if (!strcmp(out, "-")) {	/* standard output, as a filter */
		rc = cli_write_stdout(&yaml);
		goto out;
	}
	if ((rc = cli_check_output(out)) != EXIT_OK)
		goto out;
	if (!force && stat(out, &sb) == 0) {
		rc = cli_error(EXIT_FAIL, "'%s' exists; give --force to replace it, or another -o", out);
		goto out;
	}
	rc = write_file(out, yaml.buf, yaml.len);
	if (rc)
		goto out;
	cli_info(cli, "wrote %s (form_id %s)%s; check it with 'utilis survey check %s', then load it\n",
		 out, form_id, d.nwarning ? ", with the warnings above" : "", out);
out:
	free(defpath);
	free(form_id);
	strbuf_release(&yaml);
	diags_release(&d);
	return rc;
}

const struct command cmd_survey_import_xlsform = {
	"survey import-xlsform", run_import,
	"utilis survey import-xlsform FORM.xlsx [-o FILE.yaml] [--form-id ID] [--lang CODE]\n"
	"       [--drop-unsupported] [--force]",
	N_("turn an XLSForm workbook (KoboToolbox, ODK) into a questionnaire definition"),
	N_("Options:\n"
	"  -o, --output FILE   the YAML file to write, '-' for standard output\n"
	"                      (default: FORM_ID.yaml here)\n"
	"  --form-id ID        the form_id to use (default: the settings sheet's, else the\n"
	"                      workbook's name, made lowercase)\n"
	"  --lang CODE         the language of columns without one, such as 'label'\n"
	"                      (default: the settings' default_language, else the language\n"
	"                      of the first label column, else fr)\n"
	"  --drop-unsupported  leave out what utilis cannot express (repeats, geopoints,\n"
	"                      photos...) with a warning, instead of stopping\n"
	"  -f, --force         replace the output file if it exists\n"
	"\n"
	"The survey, choices and settings sheets are read, and the sheet 'utilis' that\n"
	"'utilis survey export-xlsform' writes; columns may carry a language\n"
	"(label::Français (fr), label::English, label:en).  Every problem is reported at\n"
	"its cell as FILE:SHEET:ROW:COLUMN (columns numbered from 1), including those of\n"
	"the resulting definition, and nothing is written when there is an error (exit 65).\n"
	"Metadata fields (start, end, deviceid...), media, and columns or settings utilis\n"
	"does not use are reported as warnings.  'or_other' becomes a choice 'other' and a\n"
	"text question NAME_other, as in KoboToolbox and ODK.\n"),
};

/* utilis survey export-xlsform FORM_ID|FILE.yaml [-o FORM.xlsx] [--version N] */
static int run_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "version", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_survey_export_xlsform;
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct error err;
	const char *out = NULL, *arg;
	char *defpath = NULL, *end;
	long version = 0;
	size_t len;
	int c, rc;

	memset(&sv, 0, sizeof(sv));
	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":ho:", opts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'n':
			version = strtol(optarg, &end, 10);
			if (*end || version <= 0 || version > 2147483647)
				return cli_usage_error(cmd, "--version needs a positive integer, not '%s'",
						       optarg);
			break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, argc - optind < 1 ? "which survey? give its FORM_ID or "
				       "its YAML file" : "unexpected argument '%s'", argv[argc - 1]);
	arg = argv[optind];
	len = strlen(arg);
	if ((len > 5 && !strcmp(arg + len - 5, ".yaml")) || (len > 4 && !strcmp(arg + len - 4, ".yml"))) {
		if (version)
			return cli_usage_error(cmd, "--version is for a survey of the workspace, not a file");
		rc = cli_load_survey(cli, arg, &s, NULL, NULL);
		if (rc)
			return rc;
	} else {
		rc = cli_open_store(cli, STORE_READONLY, &st);
		if (rc)
			return rc;
		rc = cli_stored_survey(st, arg, (int)version, &sv, &s);
		store_close(st);
		if (rc)
			goto out;
	}
	if (!out) {
		if (asprintf(&defpath, "%s.xlsx", s->form_id) < 0) {
			defpath = NULL;
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		out = defpath;
	}
	if ((rc = cli_check_output(out)) != EXIT_OK)
		goto out;
	if (xlsform_write(s, out, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	cli_info(cli, "wrote %s version %d to %s (survey, choices, settings and utilis sheets)\n",
		 s->form_id, s->version, out);
	rc = EXIT_OK;
out:
	free(defpath);
	survey_free(s);
	survey_version_release(&sv);
	return rc;
}

const struct command cmd_survey_export_xlsform = {
	"survey export-xlsform", run_export,
	"utilis survey export-xlsform FORM_ID|FILE.yaml [-o FORM.xlsx] [--version N]",
	N_("write a questionnaire as an XLSForm workbook for KoboToolbox or ODK"),
	N_("Options:\n"
	"  -o, --output FILE  the workbook to write (default: FORM_ID.xlsx here)\n"
	"  --version N        that version of a survey of the workspace (default: the highest)\n"
	"\n"
	"The argument is a survey of the workspace, or a definition file ending in .yaml.\n"
	"The workbook has the survey, choices and settings sheets of XLSForm, with only\n"
	"the columns XLSForm defines and one column per language (label::Français (fr)),\n"
	"so that KoboToolbox and ODK (pyxform) convert it.  What utilis has beyond\n"
	"XLSForm (the evaluation keys dimension, reverse and weight, the settings\n"
	"anonymous and public, the title in the other languages) is on a sheet 'utilis',\n"
	"which they leave alone and 'utilis survey import-xlsform' reads back.  See\n"
	"docs/questionnaire-format.md.\n"),
};
