/*
 * responses: answers in and out of the workspace — import a CSV file (the
 * utilis layout or the exports of KoboToolbox and ODK Central), export to
 * CSV, XLSX or SPSS, and erase what data protection asks to erase.
 * docs/data.md is the analysts' guide to all three.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/edition.h"
#include "collect/import.h"
#include "report/export.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/i18n.h"

int cli_stored_survey(struct store *st, const char *form_id, int version,
		      struct survey_version *sv, struct survey **out)
{
	struct diags d = DIAGS_INIT;
	struct error err;
	int rc;

	*out = NULL;
	memset(sv, 0, sizeof(*sv));
	rc = store_survey_get(st, form_id, version, sv, &err);
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 0) {
		if (version)
			return cli_error(EXIT_FAIL, "no version %d of survey '%s' in the workspace",
					 version, form_id);
		return cli_error(EXIT_FAIL, "no survey '%s' in the workspace; see 'utilis survey list'",
				 form_id);
	}
	if (survey_load(out, sv->file ? sv->file : sv->form_id, sv->source, strlen(sv->source),
			&d) < 0) {
		cli_print_diags(&d);
		diags_release(&d);
		survey_version_release(sv);
		return cli_error(EXIT_DATAERR, "stored survey '%s' no longer loads", form_id);
	}
	diags_release(&d);
	return EXIT_OK;
}

/* A positive --version N; 0 and a usage error when it is not one. */
static int parse_version(const struct command *cmd, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end || v <= 0 || v > 2147483647) {
		cli_usage_error(cmd, "--version needs a positive integer, not '%s'", arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int parse_sep(const struct command *cmd, const char *arg, int *out)
{
	if (!strcmp(arg, ",") || !strcmp(arg, "comma"))
		*out = ',';
	else if (!strcmp(arg, ";") || !strcmp(arg, "semicolon"))
		*out = ';';
	else if (!strcmp(arg, "tab") || !strcmp(arg, "\t"))
		*out = '\t';
	else {
		cli_usage_error(cmd, "--sep must be ',' or ';'%s, not '%s'",
				cmd == &cmd_responses_import ? " (or tab)" : "", arg);
		return -1;
	}
	return 0;
}

/* --- import ----------------------------------------------------------------- */

/* utilis responses import FORM_ID FILE [--format F] [--sep S] [--encoding E] ... */
/* import_csv()'s progress callback: the bytes read, against the file's size. */
static void import_progress(void *ctx, long rows, long long bytes)
{
	(void)rows;
	progress_update(ctx, bytes);
}

/* The --errors file being written: every error of the import, one CSV row each. */
struct error_file {
	struct afile f;			/* the file, written under a temporary name */
	struct strbuf buf;		/* rows not yet written */
	long n;				/* errors written */
	int failed;			/* a write failed: err says why */
	struct error err;		/* its reason */
};

/* Write what buf holds; 0 or -1 (ef->failed set). */
static int error_file_flush(struct error_file *ef)
{
	if (ef->failed)
		return -1;
	if (strbuf_failed(&ef->buf)) {
		ef->failed = 1;
		error_set(&ef->err, "out of memory");
		return -1;
	}
	if (ef->buf.len && afile_write(&ef->f, ef->buf.buf, ef->buf.len, &ef->err) < 0) {
		ef->failed = 1;
		return -1;
	}
	strbuf_reset(&ef->buf);
	return 0;
}

/* import_csv()'s on_error: one row of row, column, value, message. */
static void error_file_add(void *ctx, long row, int col, const char *value, const char *msg)
{
	struct error_file *ef = ctx;
	char num[32];

	if (ef->failed)
		return;
	snprintf(num, sizeof(num), "%ld", row);
	if (csvout_str(&ef->buf, ',', 1, num, CSVOUT_NUMBER) < 0)
		goto oom;
	snprintf(num, sizeof(num), "%d", col);
	if (csvout_str(&ef->buf, ',', 0, num, CSVOUT_NUMBER) < 0 ||
	    csvout_str(&ef->buf, ',', 0, value, CSVOUT_TEXT) < 0 ||
	    csvout_str(&ef->buf, ',', 0, msg, CSVOUT_TEXT) < 0 || csvout_end_row(&ef->buf) < 0)
		goto oom;
	ef->n++;
	if (ef->buf.len >= 65536)
		error_file_flush(ef);
	return;
oom:
	ef->failed = 1;
	error_set(&ef->err, "out of memory");
}

static int import_main(struct cli *cli, int argc, char **argv, const char **rnames,
		       const char **rpaths, char **rcopies)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "sep", required_argument, NULL, 's' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "group", required_argument, NULL, 'g' },
		{ "wave", required_argument, NULL, 'w' },
		{ "version", required_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "ignore-unknown-columns", no_argument, NULL, 'U' },
		{ "edition", required_argument, NULL, 'E' },
		{ "errors", required_argument, NULL, 'R' },
		{ "repeat", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_responses_import;
	size_t nrep = 0;
	const char *edition = NULL, *errors_path = NULL;
	struct error_file ef;
	struct jury_ctx jc;
	struct prize_import pi;
	struct import_jury jury;
	struct import_options opt;
	struct import_result res;
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct diags d = DIAGS_INIT;
	struct error err;
	struct progress bar;
	struct stat sb;
	char label[128];
	int c, rc, version = 0;

	memset(&opt, 0, sizeof(opt));
	opt.repeat_names = rnames;
	opt.repeat_paths = rpaths;
	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 'P': {
			char *eq = strchr(optarg, '=');

			if (!eq || eq == optarg || !eq[1])
				return cli_usage_error(cmd, "--repeat takes NAME=FILE (the repeat's name, its "
						       "file), not '%s'", optarg);
			if (!(rcopies[nrep] = strdup(optarg)))
				return cli_error(EXIT_FAIL, "out of memory");
			rcopies[nrep][eq - optarg] = '\0';
			rnames[nrep] = rcopies[nrep];
			rpaths[nrep] = rcopies[nrep] + (eq - optarg) + 1;
			opt.nrepeat_files = ++nrep;
			break;
		}
		case 'f':
			if (!strcmp(optarg, "utilis"))
				opt.layout = IMPORT_UTILIS;
			else if (!strcmp(optarg, "kobo"))
				opt.layout = IMPORT_KOBO;
			else if (!strcmp(optarg, "odk"))
				opt.layout = IMPORT_ODK;
			else
				return cli_usage_error(cmd, "--format must be utilis, kobo or odk, not '%s'",
						       optarg);
			break;
		case 's':
			if (parse_sep(cmd, optarg, &opt.csv.sep) < 0)
				return EXIT_USAGE;
			break;
		case 'e':
			if (!strcasecmp(optarg, "utf-8") || !strcasecmp(optarg, "utf8"))
				opt.csv.encoding = CSV_UTF8;
			else if (!strcasecmp(optarg, "windows-1252") || !strcasecmp(optarg, "cp1252") ||
				 !strcasecmp(optarg, "latin1") || !strcasecmp(optarg, "iso-8859-1"))
				opt.csv.encoding = CSV_WINDOWS_1252;
			else
				return cli_usage_error(cmd, "--encoding must be utf-8 or windows-1252, not '%s'",
						       optarg);
			break;
		case 'g':
			opt.group = optarg;
			break;
		case 'w':
			opt.wave = optarg;
			break;
		case 'n':
			if (parse_version(cmd, optarg, &version) < 0)
				return EXIT_USAGE;
			break;
		case 'D':
			opt.dry_run = 1;
			break;
		case 'U':
			opt.ignore_unknown = 1;
			break;
		case 'E':
			edition = optarg;
			break;
		case 'R':
			errors_path = optarg;
			break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(cmd, argc - optind < 2 ? "give the survey's FORM_ID and the CSV file"
				       : "unexpected argument '%s'", argv[argc - 1]);
	memset(&jc, 0, sizeof(jc));
	memset(&pi, 0, sizeof(pi));
	memset(&ef, 0, sizeof(ef));
	ef.f = (struct afile)AFILE_INIT;
	strbuf_init(&ef.buf, 0);
	if (errors_path) {
		struct stat in, eo;

		if (stat(argv[optind + 1], &in) == 0 && stat(errors_path, &eo) == 0 &&
		    in.st_dev == eo.st_dev && in.st_ino == eo.st_ino)
			return cli_usage_error(cmd, "--errors '%s' is the file imported: give another name",
					       errors_path);
	}
	if (edition && opt.layout != IMPORT_UTILIS)
		return cli_usage_error(cmd, "--edition reads the utilis layout (with _juror and _candidate columns)");
	if (edition) {
		/* The edition's candidates, jurors and assignments, read before the import starts. */
		rc = cli_open_edition(cli, edition, 0, &jc);
		if (rc == EXIT_OK && strcmp(jc.e->grid, argv[optind]) != 0)
			rc = cli_usage_error(cmd, "edition '%s' is scored on grid '%s', not on '%s'",
					     jc.e->id, jc.e->grid, argv[optind]);
		store_close(jc.st);
		jc.st = NULL;
		if (rc) {
			jury_ctx_release(&jc);
			return rc;
		}
		pi.pd = &jc.pd;
		pi.file = argv[optind + 1];
		pi.seen = calloc(jc.pd.ncand * jc.pd.njuror + 1, sizeof(long));
		if (!pi.seen) {
			jury_ctx_release(&jc);
			return cli_error(EXIT_FAIL, "out of memory");
		}
		jury.check = prize_import_check;
		jury.sheet = prize_import_sheet;
		jury.ctx = &pi;
		opt.jury = &jury;
	}
	rc = cli_open_store(cli, 0, &st);
	if (rc) {
		free(pi.seen);
		jury_ctx_release(&jc);
		return rc;
	}
	import_result_init(&res);
	rc = cli_stored_survey(st, argv[optind], version, &sv, &s);
	if (rc)
		goto out;
	for (size_t k = 0; k < opt.nrepeat_files; k++) {	/* --repeat NAME=FILE: a repeat of s */
		const struct question *q = survey_find(s, rnames[k]);

		if (!q || q->type != Q_REPEAT) {
			rc = cli_usage_error(cmd, "--repeat %s=%s: survey '%s' has no repeat '%s'%s%s",
					     rnames[k], rpaths[k], s->form_id, rnames[k],
					     s->nrepeats ? "; its first is " : "",
					     s->nrepeats ? s->repeats[0]->name : "");
			goto out;
		}
		for (size_t j = 0; j < k; j++)
			if (!strcmp(rnames[j], rnames[k])) {
				rc = cli_usage_error(cmd, "--repeat %s is given twice", rnames[k]);
				goto out;
			}
	}
	pi.st = st;
	pi.grid_version_id = sv.id;
	pi.grid = s;
	snprintf(label, sizeof(label), "%s %s", opt.dry_run ? "checking" : "importing",
		 strrchr(argv[optind + 1], '/') ? strrchr(argv[optind + 1], '/') + 1 : argv[optind + 1]);
	progress_begin(&bar, cli, label, PROGRESS_BYTES, NULL,
		       stat(argv[optind + 1], &sb) == 0 ? (int64_t)sb.st_size : 0);
	opt.progress = import_progress;
	opt.progress_ctx = &bar;
	if (errors_path) {
		/* row, column, value, message: the value is an answer, so the file is private */
		if (afile_open(&ef.f, errors_path, AFILE_PRIVATE, &err) < 0) {
			progress_end(&bar, 0);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
		if (strbuf_addstr(&ef.buf, "row,column,value,message\n") < 0) {
			ef.failed = 1;
			error_set(&ef.err, "out of memory");
		}
		opt.on_error = error_file_add;
		opt.error_ctx = &ef;
	}
	rc = import_csv(st, s, sv.id, argv[optind + 1], &opt, &res, &d, &err);
	if (rc == 0)
		progress_update(&bar, bar.total);
	progress_end(&bar, rc == 0);
	cli_print_diags(&d);
	if (errors_path) {
		int wrc = error_file_flush(&ef);

		if (wrc == 0 && afile_commit(&ef.f, &ef.err) < 0)
			wrc = -1;
		if (wrc < 0) {
			afile_abort(&ef.f);
			cli_error(EXIT_IOERR, "%s", ef.err.msg);
			errors_path = NULL;
			ef.failed = 2;	/* the import itself stands: exit 74 at the end */
		}
	}
	if (res.nerrors > IMPORT_MAX_REPORTED && errors_path)
		fprintf(stderr, _("%s: %ld errors in all; the first %d are shown, all of them are in %s\n"),
			argv[optind + 1], res.nerrors, IMPORT_MAX_REPORTED, errors_path);
	else if (res.nerrors > IMPORT_MAX_REPORTED)
		fprintf(stderr, _("%s: %ld errors in all; the first %d are shown (--errors FILE writes "
			"them all)\n"), argv[optind + 1], res.nerrors, IMPORT_MAX_REPORTED);
	else if (res.nerrors > 0 && errors_path)
		fprintf(stderr, _("%s: the %ld error%s %s also in %s\n"), argv[optind + 1], res.nerrors,
			res.nerrors == 1 ? "" : "s", res.nerrors == 1 ? "is" : "are", errors_path);
	if (res.nwarnings > IMPORT_MAX_REPORTED)
		fprintf(stderr, _("%s: %ld warnings in all; the first %d are shown\n"), argv[optind + 1],
			res.nwarnings, IMPORT_MAX_REPORTED);
	if (res.no_repeat.len)	/* also when the import fails: often the reason why */
		cli_warning("no file for repeat %s: no instance of it is read; name its file with "
			    "--repeat NAME=FILE", res.no_repeat.buf);
	if (rc == UT_EDATA && res.nerrors > 0) {	/* the problems are in the diagnostics */
		fprintf(stderr, _("nothing was imported: correct the file and import it again\n"));
		rc = EXIT_DATAERR;
		goto out;
	}
	if (rc < 0) {
		int unread = rc == UT_EIO && res.rows == 0;	/* the file could not be read */

		rc = cli_error(cli_exit(rc), "%s", err.msg);
		if (!unread)
			fprintf(stderr, _("nothing was imported\n"));
		goto out;
	}
	if (res.unknown.len)
		cli_warning("not read: %s, which name%s no question of '%s'", res.unknown.buf,
			    strchr(res.unknown.buf, ',') ? "" : "s", s->form_id);
	if (res.sheets.len)
		cli_warning("not read: sheet%s %s of %s (the first sheet holds the respondents, and "
			    "a sheet named as a repeat of '%s' its instances; these name none)",
			    strchr(res.sheets.buf, ',') ? "s" : "", res.sheets.buf, argv[optind + 1],
			    s->form_id);
	if (res.repeats.len)
		cli_info(cli, "repeats read: %s\n", res.repeats.buf);
	if (res.geopoints.len)
		cli_warning("not read: geopoint %s: utilis has no geopoint question", res.geopoints.buf);
	if (res.metadata.len)
		cli_warning("not read: %s, which name%s no question of '%s' and hold%s only dates, times "
			    "or device ids (metadata such as today, start, end or deviceid under a name "
			    "of its own)", res.metadata.buf, strchr(res.metadata.buf, ',') ? "" : "s",
			    s->form_id, strchr(res.metadata.buf, ',') ? "" : "s");
	if (res.empty_columns.len)
		cli_warning("not read: %s, empty, which name%s no question of '%s'", res.empty_columns.buf,
			    strchr(res.empty_columns.buf, ',') ? "" : "s", s->form_id);
	if (res.old_columns.len)
		cli_info(cli, "not read: %s, of other versions of '%s' and empty here\n",
			 res.old_columns.buf, s->form_id);
	if (res.missing.len)
		cli_warning("no column for %s; %s unanswered", res.missing.buf,
			    strchr(res.missing.buf, ',') ? _("they stay") : _("it stays"));
	if (res.hxl)
		cli_info(cli, "row 2 holds HXL hashtags (KoboToolbox): not read\n");
	if (res.recomputed.len)
		cli_info(cli, "calculated from the answers, not read: %s\n", res.recomputed.buf);
	if (res.ignored.len && cli->verbose)
		cli_info(cli, "columns of %s not imported: %s\n", import_layout_name(opt.layout),
			 res.ignored.buf);
	if (opt.dry_run && edition)
		cli_info(cli, "%s: %ld row%s checked, no problem; %ld jury sheet%s would be stored "
			 "(nothing written: --dry-run)\n", argv[optind + 1], res.rows,
			 res.rows == 1 ? "" : "s", res.added, res.added == 1 ? "" : "s");
	else if (opt.dry_run)
		cli_info(cli, "%s: %ld row%s checked, no problem; %ld respondent%s would be added "
			 "to %s version %d (nothing written: --dry-run)\n", argv[optind + 1], res.rows,
			 res.rows == 1 ? "" : "s", res.added, res.added == 1 ? "" : "s", s->form_id,
			 s->version);
	else if (edition)
		cli_info(cli, "imported %ld jury sheet%s of %s from %s (%ld pair%s assigned by the import)\n",
			 pi.sheets, pi.sheets == 1 ? "" : "s", jc.e->id, argv[optind + 1], pi.assigned,
			 pi.assigned == 1 ? "" : "s");
	else
		cli_info(cli, "imported %ld respondent%s into %s version %d from %s (%s layout, %s%s)\n",
			 res.added, res.added == 1 ? "" : "s", s->form_id, s->version, argv[optind + 1],
			 import_layout_name(opt.layout), res.xlsx ? _("first sheet of the workbook") :
			 csv_sep_name(res.sep), res.xlsx ? "" : _(" separator"));
	if (res.unchanged)
		cli_info(cli, "%ld row%s already imported with the same answers: skipped\n",
			 res.unchanged, res.unchanged == 1 ? "" : "s");
	if (res.changed)
		cli_info(cli, "%ld row%s already imported with other answers: kept as stored (see the warnings)\n",
			 res.changed, res.changed == 1 ? "" : "s");
	if (res.rejected)
		cli_info(cli, "%ld row%s rejected in %s: skipped\n", res.rejected,
			 res.rejected == 1 ? "" : "s",
			 opt.layout == IMPORT_ODK ? "ODK Central's review" : "KoboToolbox's validation");
	rc = ef.failed == 2 ? EXIT_IOERR : EXIT_OK;
out:
	afile_abort(&ef.f);
	strbuf_release(&ef.buf);
	import_result_release(&res);
	diags_release(&d);
	survey_free(s);
	survey_version_release(&sv);
	store_close(st);
	free(pi.seen);
	jury_ctx_release(&jc);
	return rc;
}

/* --repeat NAME=FILE: the arrays for them (one at most per argument), freed after. */
static int run_import(struct cli *cli, int argc, char **argv)
{
	const char **rnames = calloc((size_t)argc + 1, sizeof(char *));
	const char **rpaths = calloc((size_t)argc + 1, sizeof(char *));
	char **rcopies = calloc((size_t)argc + 1, sizeof(char *));
	int rc, i;

	if (!rnames || !rpaths || !rcopies)
		rc = cli_error(EXIT_FAIL, "out of memory");
	else
		rc = import_main(cli, argc, argv, rnames, rpaths, rcopies);
	for (i = 0; rcopies && i < argc; i++)
		free(rcopies[i]);
	free(rcopies);
	free(rnames);
	free(rpaths);
	return rc;
}

const struct command cmd_responses_import = {
	"responses import", run_import,
	"utilis responses import FORM_ID FILE.csv [--format utilis|kobo|odk] [--sep ,|;]\n"
	"       [--encoding utf-8|windows-1252] [--group G] [--wave W] [--version N] [--dry-run]\n"
	"       [--ignore-unknown-columns] [--edition FILE] [--errors FILE]",
	N_("import answers collected elsewhere from a CSV file or an XLSX workbook"),
	N_("Options:\n"
	"  --format F     how the columns are named (default: utilis):\n"
	"                   utilis  one column per question name, as 'responses export' writes;\n"
	"                           optional _id, _group, _wave, _submitted_at columns\n"
	"                   kobo    KoboToolbox's CSV or XLSX export, 'XML values and headers'\n"
	"                   odk     ODK Central's submissions CSV\n"
	"  --sep S        the separator: ',' or ';' (or tab); default: found from the first line\n"
	"  --encoding E   utf-8 (default; a byte-order mark is fine) or windows-1252, the\n"
	"                 encoding of Excel's plain 'CSV (séparateur : point-virgule)'\n"
	"  --group G      _group of the rows that give none (e.g. a site)\n"
	"  --wave W       _wave of the rows that give none (e.g. 2025, for before/after)\n"
	"  --version N    the survey version answered (default: the highest loaded)\n"
	"  --dry-run      check everything, write nothing\n"
	"  --ignore-unknown-columns  skip, with a warning, the columns that name no question\n"
	"                 (e.g. a question left out by 'survey import-xlsform --drop-unsupported';\n"
	"                 a geopoint's columns are always skipped, with a warning)\n"
	"  --edition FILE the rows are a prize jury's scores typed from paper: each names its\n"
	"                 juror (_juror: id, email or token) and candidate (_candidate: its\n"
	"                 number); FORM_ID is the edition's grid.  A pair not yet assigned is\n"
	"                 assigned; a conflicted pair, an unknown juror or candidate, a pair\n"
	"                 given twice or a juror who has submitted is an error\n"
	"  --errors FILE  write every error, not only the first 50, to FILE (CSV: row,\n"
	"                 column, value, message); written even when there is none\n"
	"  --repeat NAME=FILE  the instances of repeat NAME are in FILE (CSV), one row\n"
	"                 each; by default FILE-NAME.csv beside FILE.csv ('responses\n"
	"                 export' and ODK Central name them so), or the sheet NAME\n"
	"\n"
	"An .xlsx workbook (KoboToolbox's default export) is read from its first sheet,\n"
	"with the same columns as the CSV, and each repeat from the sheet of its name;\n"
	"the other sheets are named in a warning and not read.  A repeat's rows are\n"
	"joined to the respondents by _id (Kobo: _submission__id; ODK: PARENT_KEY) and,\n"
	"for a repeat inside another, by _parent_index naming the parent's _index\n"
	"(ODK: PARENT_KEY naming its KEY); each instance is checked by the rules.\n"
	"\n"
	"Every value is checked against the questionnaire: its type, its choices, the\n"
	"constraint, required questions, and no answer where a question does not apply.\n"
	"A decimal comma (2,5), thousands separators (16 588), a date written 31/01/2025\n"
	"and a time 31/01/2025 21:30 (day first) are accepted.  The import is\n"
	"all-or-nothing: on any problem nothing is written, and each problem is listed as\n"
	"FILE:ROW:COLUMN: error: message (the header is row 1; the first 50 problems are\n"
	"shown, then a count; --errors FILE lists them all), exit status 65.  Rows whose _id was imported before are not\n"
	"imported twice.  See docs/data.md.\n"),
};

/* --- export ------------------------------------------------------------------ */

struct export_ctx {
	struct exporter *ex;		/* the file being written */
	struct error *err;		/* its failure */
	int scan;			/* 1: the first pass of a .sav export */
	struct progress *bar;		/* rows written (and scanned) so far */
};

static int export_one(void *ctx, const struct respondent *r, const struct record_buf *rec)
{
	struct export_ctx *x = ctx;

	if ((++x->bar->done & 255) == 0)
		progress_update(x->bar, x->bar->done);
	if (x->scan)
		return export_scan_rep(x->ex, r, rec, x->err) < 0 ? 1 : 0;
	return export_row_rep(x->ex, r, rec, x->err) < 0 ? 1 : 0;
}

/* The format named by the extension of path; -1 when it has none of ours. */
static int format_of_path(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (!dot || strchr(dot, '/'))
		return -1;
	if (!strcasecmp(dot, ".csv"))
		return EXPORT_CSV;
	if (!strcasecmp(dot, ".xlsx"))
		return EXPORT_XLSX;
	if (!strcasecmp(dot, ".sav"))
		return EXPORT_SAV;
	return -1;
}

/* Tell about respondents of other versions, which this export leaves out. */
static void note_other_versions(struct store *st, const struct survey *s)
{
	struct survey_version *v;
	struct error err;
	size_t n, i;

	if (store_survey_list(st, &v, &n, &err) < 0)
		return;
	for (i = 0; i < n; i++)
		if (!strcmp(v[i].form_id, s->form_id) && v[i].version != s->version &&
		    v[i].nrespondents > 0)
			cli_warning("%lld respondent%s of %s version %d %s not in this file; export "
				    "them with --version %d", (long long)v[i].nrespondents,
				    v[i].nrespondents == 1 ? "" : "s", s->form_id, v[i].version,
				    v[i].nrespondents == 1 ? "is" : "are", v[i].version);
	survey_versions_free(v, n);
}

/* utilis responses export FORM_ID [--format F] [-o FILE] [--sep S] [--labels] [--lang L] */
static int run_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "sep", required_argument, NULL, 's' },
		{ "labels", no_argument, NULL, 'l' },
		{ "lang", required_argument, NULL, 'L' },
		{ "version", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_responses_export;
	struct export_options opt = { EXPORT_CSV, ',', 0, 0 };
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct exporter *ex = NULL;
	struct export_ctx x;
	struct error err;
	struct progress bar;
	const char *out = NULL, *lang = NULL;
	char *defpath = NULL, label[128];
	int c, rc, version = 0, format = -1;
	int64_t total = 0;
	long nrows = 0;
	struct strbuf subs = STRBUF_INIT;

	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":ho:", opts)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "csv"))
				format = EXPORT_CSV;
			else if (!strcmp(optarg, "xlsx"))
				format = EXPORT_XLSX;
			else if (!strcmp(optarg, "sav") || !strcmp(optarg, "spss"))
				format = EXPORT_SAV;
			else
				return cli_usage_error(cmd, "--format must be csv, xlsx or sav, not '%s'",
						       optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			if (parse_sep(cmd, optarg, &opt.sep) < 0)
				return EXIT_USAGE;
			if (opt.sep == '\t')
				return cli_usage_error(cmd, "--sep must be ',' or ';', not a tab");
			break;
		case 'l':
			opt.labels = 1;
			break;
		case 'L':
			lang = optarg;
			break;
		case 'n':
			if (parse_version(cmd, optarg, &version) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, argc - optind < 1 ? "which survey? give its FORM_ID" :
				       "unexpected argument '%s'", argv[argc - 1]);
	/* the workspace and its files first: no other complaint hides that one */
	if (out && (rc = cli_check_output(out)) != EXIT_OK)
		return rc;
	/* -o x.txt wrote CSV without a word: the extension decides, or --format does */
	if (format < 0 && out && format_of_path(out) < 0)
		return cli_usage_error(cmd, "cannot tell the format of '%s' from its extension: "
				       "name it .csv, .xlsx or .sav, or give --format", out);
	if (format < 0)
		format = out ? format_of_path(out) : EXPORT_CSV;
	opt.format = (enum export_format)format;
	if (out && format_of_path(out) >= 0 && format_of_path(out) != format)
		cli_warning("'%s' is written as %s, whatever its extension says", out,
			    export_format_name(opt.format));
	if (opt.format != EXPORT_CSV && opt.sep != ',')
		return cli_usage_error(cmd, "--sep is for CSV files");
	if (opt.format == EXPORT_SAV && opt.labels)
		return cli_usage_error(cmd, "--labels is for CSV and XLSX files: a .sav file has "
				       "both codes and labels");
	rc = cli_open_store(cli, STORE_READONLY, &st);
	if (rc)
		return rc;
	rc = cli_stored_survey(st, argv[optind], version, &sv, &s);
	if (rc)
		goto out;
	opt.lang = s->default_lang;
	if (lang) {
		int li = survey_lang(s, lang);

		if (li < 0) {
			rc = cli_usage_error(cmd, "survey '%s' has no language '%s'", s->form_id, lang);
			goto out;
		}
		opt.lang = (size_t)li;
	}
	if (!out) {
		if (asprintf(&defpath, "%s.%s", s->form_id, export_format_name(opt.format)) < 0) {
			defpath = NULL;
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		out = defpath;
	}
	if ((rc = cli_check_output(out)) != EXIT_OK)
		goto out;
	if (export_open(&ex, s, out, &opt, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	x.ex = ex;
	x.err = &err;
	x.scan = export_needs_scan(ex);
	x.bar = &bar;
	/*
	 * Every read of the export in one snapshot: the server may commit a
	 * submission meanwhile, and a .sav file's row count and widths, read
	 * first, must be those of the rows written.
	 */
	if (store_begin_read(st, &err) < 0)
		goto fail_early;
	if (store_count_respondents(st, s->form_id, s->version, 1, &total, &err) < 0)
		total = 0;	/* only the bar needs it */
	else
		export_set_rows(ex, (long)total);	/* exact: the rows come from this snapshot */
	err.msg[0] = '\0';
	if (opt.format == EXPORT_SAV && !x.scan) {	/* sizes from the store: one pass */
		struct store_resp_widths w;

		if (store_respondent_widths(st, s->form_id, s->version, 1, &w, &err) < 0)
			goto fail_early;
		export_set_sizes(ex, &w);
	}
	snprintf(label, sizeof(label), "exporting %s", strrchr(out, '/') ? strrchr(out, '/') + 1 : out);
	/* A .sav export that scans reads the answers twice: its bar counts both passes. */
	progress_begin(&bar, cli, label, PROGRESS_ITEMS, _("rows"), x.scan ? 2 * total : total);
	if (x.scan) {
		rc = store_answers_each_rep(st, s->form_id, s->version, 1, s->nq, export_one, &x, &err);
		if (rc != 0)
			goto fail;
		x.scan = 0;
	}
	if (export_begin(ex, &err) < 0)
		goto fail;
	rc = store_answers_each_rep(st, s->form_id, s->version, 1, s->nq, export_one, &x, &err);
	if (rc != 0)
		goto fail;
	for (size_t k = 0; k < s->nrepeats; k++) {	/* named before export_finish() frees ex */
		if (!subs.len)
			strbuf_addstr(&subs, opt.format == EXPORT_XLSX ? "sheet" : "file");
		strbuf_addf(&subs, "%s %s", k ? "," : (s->nrepeats > 1 ? "s" : ""),
			    export_sub_path(ex, k));
	}
	if (export_finish(ex, &nrows, &err) < 0) {
		ex = NULL;
		goto fail;
	}
	ex = NULL;
	progress_update(&bar, nrows);
	progress_end(&bar, 1);
	cli_info(cli, "wrote %ld respondent%s of %s version %d to %s\n", nrows, nrows == 1 ? "" : "s",
		 s->form_id, s->version, out);
	if (subs.len)
		cli_info(cli, "their repeats: %s (one row per instance, joined by _id, _index and "
			 "_parent_index)\n", subs.buf);
	note_other_versions(st, s);
	rc = EXIT_OK;
	goto out;
fail:
	progress_end(&bar, 0);
fail_early:
	export_abort(ex);
	rc = cli_error(EXIT_IOERR, "%s", err.msg);
	fprintf(stderr, _("nothing was written to '%s'%s\n"), out,
		s->nrepeats && opt.format != EXPORT_XLSX ? " nor to its repeats' files" : "");
out:
	store_rollback(st);	/* the read transaction, if any */
	strbuf_release(&subs);
	free(defpath);
	survey_free(s);
	survey_version_release(&sv);
	store_close(st);
	return rc;
}

const struct command cmd_responses_export = {
	"responses export", run_export,
	"utilis responses export FORM_ID [--format csv|xlsx|sav] [-o FILE] [--sep ,|;]\n"
	"       [--labels] [--lang CODE] [--version N]",
	N_("write the submitted answers of a survey to CSV, Excel or SPSS"),
	N_("Options:\n"
	"  --format F     csv (default), xlsx or sav; by default the extension of -o decides\n"
	"                 (another extension than .csv, .xlsx or .sav needs --format)\n"
	"  -o, --output FILE  where to write (default: FORM_ID.csv, .xlsx or .sav here)\n"
	"  --sep S        CSV separator: ',' (default) or ';' for French Excel, which also\n"
	"                 writes decimal commas and a byte-order mark\n"
	"  --labels       choice labels rather than choice names (CSV and XLSX)\n"
	"  --lang CODE    language of the labels (default: the survey's default)\n"
	"  --version N    that version of the survey (default: the highest loaded)\n"
	"\n"
	"One row per respondent, one column per question (header: question names), with\n"
	"_id, _group, _wave and _submitted_at first.  A select_multiple gives one column\n"
	"with the chosen names, space-separated, and one 0/1 column per choice (q/choice).\n"
	"XLSX has a 'data' sheet (frozen header, filters) and a 'codebook' sheet.  SPSS\n"
	"files have variable and value labels, Likert items as ordinal, and the code -9\n"
	"declared missing for 'not applicable' (a question that did not apply), system-\n"
	"missing for no answer.  The file is written whole or not at all.\n"
	"\n"
	"A survey with repeats gives one more file per repeat beside FILE, FILE-REPEAT.csv\n"
	"(.sav), or one more sheet per repeat (XLSX), one row per instance: _id (the\n"
	"respondent's), _index (its number in that file), _parent_index (a nested\n"
	"repeat's parent's _index), then the repeat's questions; 'responses import' reads\n"
	"them back.  See docs/data.md.\n"),
};

/* --- erase -------------------------------------------------------------------- */

/*
 * The user running the command, for the audit log: the account of the real
 * user id, which $USER (set by whoever starts the program) cannot forge.
 */
static const char *who_am_i(char *buf, size_t size)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	snprintf(buf, size, "uid %ld", (long)getuid());
	return buf;
}

/* How long erase waits for other programs to let go of the log's old frames. */
#define ERASE_PURGE_WAIT_MS 10000

/*
 * Which other process holds the workspace open, found by reading the links
 * of /proc/PID/fd: "NAME (process PID)" into buf, or "another program" when
 * none can be seen (another user's processes, no /proc).  Best effort.
 */
static const char *holder_of(const char *path, char *buf, size_t size)
{
	char real[PATH_MAX], wal[PATH_MAX + 8], link[PATH_MAX + 64], target[PATH_MAX];
	struct dirent *pe, *fe;
	DIR *procs, *fds;
	long self = (long)getpid();

	snprintf(buf, size, "another program");
	if (!realpath(path, real) || !(procs = opendir("/proc")))
		return buf;
	snprintf(wal, sizeof(wal), "%s-wal", real);
	while ((pe = readdir(procs))) {
		char *end;
		long pid = strtol(pe->d_name, &end, 10);
		int found = 0;

		if (*end || pid <= 0 || pid == self)
			continue;
		snprintf(link, sizeof(link), "/proc/%ld/fd", pid);
		if (!(fds = opendir(link)))
			continue;
		while (!found && (fe = readdir(fds))) {
			ssize_t n;

			if (fe->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "/proc/%ld/fd/%s", pid, fe->d_name);
			n = readlink(link, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			found = !strcmp(target, real) || !strcmp(target, wal);
		}
		closedir(fds);
		if (found) {
			char comm[64] = "";
			FILE *fp;

			snprintf(link, sizeof(link), "/proc/%ld/comm", pid);
			if ((fp = fopen(link, "r"))) {
				if (!fgets(comm, sizeof(comm), fp))
					comm[0] = '\0';
				fclose(fp);
			}
			comm[strcspn(comm, "\n")] = '\0';
			snprintf(buf, size, "%s (process %ld)", *comm ? comm : "a program", pid);
			break;
		}
	}
	closedir(procs);
	return buf;
}

/*
 * Remove the old copies of changed and erased data from the workspace's
 * log, waiting up to ERASE_PURGE_WAIT_MS for other programs; with
 * every_reader, also for those that only read (see store_purge()).
 * EXIT_OK, or EXIT_FAIL after saying which program holds the workspace
 * open and what follows (then is printed after "...: old copies of what
 * was erased remain...").
 */
static int purge_log(const struct cli *cli, struct store *st, int every_reader,
		     const char *then)
{
	struct error err;
	char who[128];
	int rc = store_purge(st, ERASE_PURGE_WAIT_MS, every_reader, &err);

	if (rc == 0)
		return EXIT_OK;
	if (rc != UT_EBUSY)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	return cli_error(EXIT_FAIL, "%s holds workspace '%s' open (waited %d s): %s",
			 holder_of(cli->db_path, who, sizeof(who)), cli->db_path,
			 ERASE_PURGE_WAIT_MS / 1000, then);
}

static int valid_day(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10] || y < 1000 ||
	    m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

/* Ask on the terminal; 1 when the answer is "yes". */
static int confirm(const char *question)
{
	char line[64];

	fprintf(stderr, _("%s\nType 'yes' to erase, anything else to stop: "), question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, "yes");
}

/* utilis responses erase FORM_ID (--respondent ID | --email ADDRESS | --before DATE) [--yes] */
static int run_erase(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "respondent", required_argument, NULL, 'r' },
		{ "email", required_argument, NULL, 'm' },
		{ "before", required_argument, NULL, 'b' },
		{ "yes", no_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_responses_erase;
	enum store_erase_kind kind = STORE_ERASE_RESPONDENT;
	struct survey_version sv;
	struct store_erased n;
	struct store *st = NULL;
	struct error err;
	const char *key = NULL, *form_id, *who;
	char whobuf[32], question[512];
	int c, rc, yes = 0, ncrit = 0;

	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":hy", opts)) != -1) {
		switch (c) {
		case 'r':
			kind = STORE_ERASE_RESPONDENT, key = optarg, ncrit++;
			break;
		case 'm':
			kind = STORE_ERASE_EMAIL, key = optarg, ncrit++;
			break;
		case 'b':
			kind = STORE_ERASE_BEFORE, key = optarg, ncrit++;
			break;
		case 'y':
			yes = 1;
			break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, argc - optind < 1 ? "which survey? give its FORM_ID" :
				       "unexpected argument '%s'", argv[argc - 1]);
	if (ncrit != 1)
		return cli_usage_error(cmd, "give exactly one of --respondent, --email and --before");
	if (!*key)
		return cli_usage_error(cmd, "the value of the criterion is empty");
	if (kind == STORE_ERASE_BEFORE && !valid_day(key))
		return cli_usage_error(cmd, "--before needs a date written YYYY-MM-DD, not '%s'", key);
	form_id = argv[optind];
	rc = cli_open_store(cli, 0, &st);
	if (rc)
		return rc;
	rc = store_survey_get(st, form_id, 0, &sv, &err);
	if (rc <= 0) {
		rc = rc < 0 ? cli_error(EXIT_IOERR, "%s", err.msg) :
			cli_error(EXIT_FAIL, "no survey '%s' in the workspace; see 'utilis survey list'",
				  form_id);
		store_close(st);
		return rc;
	}
	survey_version_release(&sv);
	who = who_am_i(whobuf, sizeof(whobuf));
	rc = store_erase(st, form_id, kind, key, who, 1, &n, &err);
	if (rc < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	if (n.respondents == 0 && n.contacts == 0) {
		/* an earlier erasure may have left copies behind a reader: remove them now */
		if ((rc = purge_log(cli, st, 0, "old copies of what was erased earlier remain in "
				    "the file until it is closed")) != EXIT_OK)
			goto out;
		if (kind == STORE_ERASE_BEFORE) {
			cli_info(cli, "nothing to erase: no respondent or link of '%s' was last active "
				 "before %s\n", form_id, key);
			rc = EXIT_OK;
		} else {
			rc = cli_error(EXIT_FAIL, "no %s '%s' in survey '%s'; nothing was erased",
				       kind == STORE_ERASE_EMAIL ? _("link sent to") : _("respondent"),
				       key, form_id);
		}
		goto out;
	}
	snprintf(question, sizeof(question),
		 "This erases %lld respondent%s with %s answers and %lld contact%s (invitation "
		 "link%s) of survey '%s', for good.", (long long)n.respondents,
		 n.respondents == 1 ? "" : "s", n.respondents == 1 ? "its" : "their",
		 (long long)n.contacts, n.contacts == 1 ? "" : "s", n.contacts == 1 ? "" : "s",
		 form_id);
	if (n.unlinked)
		snprintf(question + strlen(question), sizeof(question) - strlen(question),
			 " The same person's answers in %lld other wave%s lose their panel key.",
			 (long long)n.unlinked, n.unlinked == 1 ? "" : "s");
	if (!yes) {
		if (!isatty(STDIN_FILENO)) {
			fprintf(stderr, "%s\n", question);
			rc = cli_error(EXIT_USAGE, "not on a terminal: add --yes to confirm; nothing was "
				       "erased");
			goto out;
		}
		if (!confirm(question)) {
			fprintf(stderr, _("nothing was erased\n"));
			rc = EXIT_FAIL;
			goto out;
		}
	}
	/*
	 * Erased rows stay readable in the file while another program reads
	 * the workspace (its snapshot keeps them): wait for it before erasing.
	 */
	if ((rc = purge_log(cli, st, 1, "what it reads stays in the file until it is closed; "
			    "nothing was erased: close it and run this command again")) != EXIT_OK)
		goto out;
	rc = store_erase(st, form_id, kind, key, who, 0, &n, &err);
	if (rc < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		fprintf(stderr, _("nothing was erased\n"));
		goto out;
	}
	if ((rc = purge_log(cli, st, 0, "old copies of what was erased remain in the file "
			    "until it is closed")) != EXIT_OK) {
		fprintf(stderr, _("erased %lld respondent%s and %lld contact%s of survey '%s' from its "
			"tables, not yet from the file\n"), (long long)n.respondents,
			n.respondents == 1 ? "" : "s", (long long)n.contacts,
			n.contacts == 1 ? "" : "s", form_id);
		goto out;
	}
	cli_info(cli, "erased %lld respondent%s and %lld contact%s of survey '%s' (logged in the "
		 "workspace's audit log, without the identifier)\n", (long long)n.respondents,
		 n.respondents == 1 ? "" : "s", (long long)n.contacts, n.contacts == 1 ? "" : "s",
		 form_id);
	if (n.unlinked)
		cli_info(cli, "the same person's answers in %lld other wave%s are kept without their "
			 "panel key: no longer linked to anything\n", (long long)n.unlinked,
			 n.unlinked == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	store_close(st);
	return rc;
}

const struct command cmd_responses_erase = {
	"responses erase", run_erase,
	"utilis responses erase FORM_ID --respondent ID | --email ADDRESS | --before DATE [--yes]",
	N_("erase a person's answers and contact, or everything older than a date"),
	N_("Options (exactly one criterion):\n"
	"  --respondent ID  the respondent whose _id is ID (as in exports): their answers\n"
	"                   and the invitation link holding their contact (right to erasure)\n"
	"  --email ADDRESS  every link sent to ADDRESS and, for surveys that are not\n"
	"                   anonymous, the answers given through them; in a panel\n"
	"                   survey, the person's answers in every wave (their panel key)\n"
	"  --before DATE    respondents and links last active before DATE (YYYY-MM-DD):\n"
	"                   the retention limit\n"
	"  -y, --yes        do not ask for confirmation (required when not on a terminal)\n"
	"\n"
	"Every version of the survey is searched.  The command says how much it will\n"
	"erase and asks for 'yes'.  Erased data is overwritten in the workspace file and\n"
	"its log; while another program reads the workspace (a sqlite3 shell...), that\n"
	"cannot be done: the command waits up to 10 s, then erases nothing, names the\n"
	"program and exits 1.  The audit log records who erased (the account, not $USER),\n"
	"when, the criterion and how many, never the identifier, the contact or the\n"
	"answers.  Indicators are computed on what remains.\n"
	"In an anonymous survey answers are not linked to links: erasing by e-mail then\n"
	"removes the contact only.  In a panel survey (settings.panel), erasing one\n"
	"respondent also removes the panel key from the person's other waves, so that\n"
	"nothing links them any more.\n"),
};
