/*
 * indicators: the indicator-set commands — check a set against its
 * surveys, and compute it on the answers of the workspace (scores by
 * dimension, composite index, comparisons between groups, reliability) as
 * a table, CSV or JSON.  The computing is src/analysis's; this file reads
 * the options, prints, and chooses the exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/ind_run.h"
#include "analysis/indicators.h"
#include "analysis/output.h"
#include "analysis/score.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"


/* A whole number in [lo, hi] from arg; -1 after a usage error otherwise. */
static int parse_whole(const struct command *cmd, const char *opt, const char *arg, long lo,
		       long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*end || !*arg || errno || v < lo || v > hi) {
		cli_usage_error(cmd, "%s needs a whole number from %ld to %ld, not '%s'", opt, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The message for a file that parsed as a referential or a prize edition
 * (indicator_set_parse()'s IND_REFERENTIAL or IND_NOT_A_SET): EXIT_DATAERR.
 */
static int not_a_set(const char *path, int parsed)
{
	if (parsed == IND_REFERENTIAL)
		return cli_error(EXIT_DATAERR, "'%s' is a referential, not an indicator set; see 'utilis help delphi build'",
				 path);
	return cli_error(EXIT_DATAERR, "'%s' is a prize edition, not an indicator set; see 'utilis help prize results'",
			 path);
}

/*
 * Parse an indicator set file, printing its diagnostics.  EXIT_OK with *out,
 * or an exit code; a prize edition or a referential gives EXIT_OK with
 * *out NULL when skip_editions (*skipped, when not NULL, says which:
 * IND_NOT_A_SET or IND_REFERENTIAL), else a message and EXIT_DATAERR.
 */
static int read_set(const char *path, struct indicator_set **out, int skip_editions, int *skipped)
{
	struct diags d = DIAGS_INIT;
	char *src;
	size_t len;
	int rc = cli_read_file(path, UT_MAX_DEFINITION, &src, &len);

	*out = NULL;
	if (rc)
		return rc;
	rc = indicator_set_parse(out, path, src, len, &d);
	free(src);
	if (skipped)
		*skipped = rc;
	cli_print_diags(&d);
	diags_release(&d);
	if (rc == IND_REFERENTIAL || rc == IND_NOT_A_SET)
		return skip_editions ? EXIT_OK : not_a_set(path, rc);
	return rc < 0 ? EXIT_DATAERR : EXIT_OK;
}

/* Check set against models (one per set->surveys), printing the diagnostics. */
static int check_set(struct indicator_set *set, struct survey *const *models)
{
	struct diags d = DIAGS_INIT;
	int rc = indicator_set_check(set, models, &d);

	cli_print_diags(&d);
	diags_release(&d);
	return rc < 0 ? EXIT_DATAERR : EXIT_OK;
}

/* --- indicators check ------------------------------------------------------------------- */

/* utilis indicators check FILE... [--survey FILE]... */
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
	int c, rc, worst = EXIT_OK, skipped = 0;

	optind = 0;
	while ((c = cli_getopt(&cmd_indicators_check, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 's':
			if ((rc = cli_add_survey(cli, optarg, &files, &nfiles)) != 0) {
				worst = rc;
				goto out;
			}
			break;
		case 'h':
			cli_print_help(stdout, &cmd_indicators_check);
			goto out;
		default:
			worst = EXIT_USAGE;
			goto out;
		}
	}
	if (optind >= argc) {
		worst = cli_usage_error(&cmd_indicators_check, "no indicator set to check");
		goto out;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		struct indicator_set *set;
		struct survey *models[IND_MAX_SURVEYS] = { 0 };
		struct an_source src = { 0 };
		struct error err;

		rc = read_set(argv[i], &set, 1, &skipped);
		if (rc) {
			if (worst == EXIT_OK || rc == EXIT_IOERR)
				worst = rc;
			continue;
		}
		if (!set) {
			cli_info(cli, "%s: a %s, not an indicator set: skipped\n", argv[i],
				 skipped == IND_REFERENTIAL ? _("referential") : _("prize edition"));
			continue;
		}
		if (set->nsurveys > sizeof(models) / sizeof(models[0])) {
			rc = cli_error(EXIT_DATAERR, "%s: too many surveys", argv[i]);
			goto next;
		}
		/* The surveys: from --survey files, else from the workspace. */
		for (j = 0; j < set->nsurveys; j++) {
			size_t k;

			for (k = 0; k < nfiles && strcmp(files[k]->form_id, set->surveys[j]); k++)
				;
			if (k < nfiles)
				models[j] = files[k];
		}
		for (j = 0; j < set->nsurveys && models[j]; j++)
			;
		if (j < set->nsurveys) {
			if (nfiles) {
				rc = cli_error(EXIT_FAIL, "%s: survey '%s' is not among the --survey files",
					       argv[i], set->surveys[j]);
				goto next;
			}
			if (!st && (rc = cli_open_store(cli, STORE_READONLY, &st)) != EXIT_OK)
				goto next;
			rc = an_source_open(&src, st, set->surveys, set->nsurveys, &err);
			if (rc < 0) {
				rc = cli_error(cli_exit(rc), "%s: %s", argv[i], err.msg);
				an_source_release(&src);
				goto next;
			}
			for (j = 0; j < set->nsurveys; j++)
				models[j] = src.forms[j].latest;
		}
		rc = check_set(set, models);
		if (rc == EXIT_OK)
			cli_info(cli, "%s: ok (%s, %zu dimension%s on %s%s)\n", argv[i], set->id,
				 set->ndims, set->ndims > 1 ? "s" : "", set->surveys[0],
				 set->nsurveys > 1 ? _(" and others") : "");
		an_source_release(&src);
next:
		indicator_set_free(set);
		if (rc && (worst == EXIT_OK || rc == EXIT_IOERR))
			worst = rc;
	}
out:
	if (st)
		store_close(st);
	for (i = 0; i < nfiles; i++)
		survey_free(files[i]);
	free(files);
	return worst;
}

const struct command cmd_indicators_check = {
	"indicators check", run_check,
	"utilis indicators check FILE... [--survey SURVEY_FILE]...",
	N_("validate indicator sets against their surveys"),
	N_("Options:\n"
	"  --survey FILE  check against this survey definition instead of the\n"
	"                 workspace's latest version (repeat for several surveys)\n"
	"\n"
	"Every problem is reported at once, as FILE:LINE:COL: error: message, and\n"
	"the exit status is 65 when a set has an error.  The format is described in\n"
	"docs/indicators.md.\n"),
};

/* --- indicators compute ------------------------------------------------------------------ */

/* The hooks' context of indicators compute: the bar begins once the set is checked. */
struct compute_ctx {
	struct cli_ind c;		/* first: cli_ind_hooks() */
	struct progress bar;		/* reading the answers */
	char label[128];		/* its label */
};

static int compute_prepare(void *ctx, struct ind_run *run, struct diags *d, struct error *err)
{
	struct compute_ctx *cc = ctx;

	snprintf(cc->label, sizeof(cc->label), "computing %s", run->set->id);
	progress_begin_answers(&cc->bar, cc->c.cli, cc->label, run->st, run->set->surveys,
			       run->set->nsurveys, run->opt.submitted_only, 1);
	run->src.progress = progress_count;
	run->src.progress_ctx = &cc->bar;
	return 0;
}

/* utilis indicators compute FILE [--by Q | --overall] [--format F] [--lang L] [--bootstrap N] [--seed S] [--min-group N] [--all] [--paired] */
static int run_compute(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "overall", no_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "bootstrap", required_argument, NULL, 'B' },
		{ "seed", required_argument, NULL, 's' },
		{ "min-group", required_argument, NULL, 'm' },
		{ "all", no_argument, NULL, 'a' },
		{ "paired", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ind_request rq = { 0 };
	struct ind_options *opt = &rq.opt;
	enum an_format fmt = AN_FORMAT_TABLE;
	const char *lang = NULL;
	struct compute_ctx cc;
	struct ind_run run;
	struct strbuf out = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct error err;
	char *text;
	long v, min_group = 0;
	int c, rc = EXIT_OK, overall = 0, paired = 0;

	*opt = (struct ind_options)IND_OPTIONS_INIT;
	optind = 0;
	while ((c = cli_getopt(&cmd_indicators_compute, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 'b': opt->by = optarg; break;
		case 'o': overall = 1; break;
		case 'f':
			if (an_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_indicators_compute,
						       "--format is table, csv or json, not '%s'", optarg);
			break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_indicators_compute,
						       "--lang is fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'B':
			if (parse_whole(&cmd_indicators_compute, "--bootstrap", optarg, 0, 100000, &v) < 0)
				return EXIT_USAGE;
			opt->nboot = (size_t)v;
			break;
		case 's':
			if (parse_whole(&cmd_indicators_compute, "--seed", optarg, 0, 2147483647L, &v) < 0)
				return EXIT_USAGE;
			opt->seed = (uint64_t)v;
			break;
		case 'm':
			if (parse_whole(&cmd_indicators_compute, "--min-group", optarg, 1, 1000000, &min_group) < 0)
				return EXIT_USAGE;
			break;
		case 'a': opt->submitted_only = 0; break;
		case 'P': paired = 1; break;
		case 'h':
			cli_print_help(stdout, &cmd_indicators_compute);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_indicators_compute, optind >= argc
				       ? "which indicator set? give its file" : "unexpected argument '%s'",
				       argv[argc - 1]);
	if (overall && opt->by)
		return cli_usage_error(&cmd_indicators_compute, "--by and --overall do not go together");
	if (overall)
		opt->by = "";
	if (paired && (fmt != AN_FORMAT_CSV || !opt->by || strcmp(opt->by, "_wave")))
		return cli_usage_error(&cmd_indicators_compute, "--paired goes with --by _wave "
				       "--format csv (the table and the JSON hold the pairs already)");
	opt->min_group = (int)min_group;
	rc = cli_read_file(argv[optind], UT_MAX_DEFINITION, &text, &rq.len);
	if (rc)
		return rc;
	rq.path = argv[optind];
	rq.text = text;
	memset(&cc, 0, sizeof(cc));
	cc.c.cli = cli;
	cli_ind_hooks(&rq.hooks, &cc.c);
	rq.hooks.prepare = compute_prepare;
	rc = indicators_run(&run, &rq, &d, &err);
	free(text);
	progress_update(&cc.bar, (int64_t)run.src.nread);
	progress_end(&cc.bar, rc >= 0);
	if (rc < 0) {
		if (run.stage == IND_STAGE_PARSE && (run.parsed == IND_REFERENTIAL || run.parsed == IND_NOT_A_SET))
			rc = not_a_set(argv[optind], run.parsed);
		else if (run.stage == IND_STAGE_MIN_GROUP)
			rc = cli_error(EXIT_USAGE, "--min-group %ld is below the set's min_group %d: groups that small are never shown",
				       min_group, run.set->min_group);
		else
			rc = cli_ind_exit(&run, rc, &err, &cc.c);
		goto out;
	}
	if (!lang)
		lang = run.models[0]->languages[run.models[0]->default_lang];
	if (paired && !run.res->panel) {
		rc = cli_error(EXIT_DATAERR, "no survey of '%s' is a panel ('settings: {panel: "
			       "true}'): its waves have no pairs", run.set->id);
		goto out;
	}
	if ((paired ? ind_paired_csv(&out, run.res, lang) : ind_result_write(&out, run.res, fmt, lang)) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	rc = cli_write_stdout(&out);
out:
	strbuf_release(&out);
	diags_release(&d);
	ind_run_release(&run);
	return rc;
}

const struct command cmd_indicators_compute = {
	"indicators compute", run_compute,
	"utilis indicators compute FILE [--by QUESTION | --overall] [--format table|csv|json]\n"
	"       [--lang fr|en] [--bootstrap N] [--seed S] [--min-group N] [--all] [--paired]",
	N_("score the dimensions of an indicator set on the answers in the workspace"),
	N_("Options:\n"
	"  --by QUESTION      break down by the answers to QUESTION (default: the set's\n"
	"                     group_by); _group, _wave (before/after) and _survey are the\n"
	"                     respondents' group, wave and survey; a numeric question\n"
	"                     gives Spearman correlations instead of groups\n"
	"  --overall          no breakdown, even when the set has a group_by\n"
	"  --format F         table (default), csv (one row per group and dimension) or\n"
	"                     json (everything; layout in docs/statistics.md)\n"
	"  --lang fr|en       language of the table and labels (default: the survey's)\n"
	"  --bootstrap N      resamples for the composite's interval (default 2000; 0: none)\n"
	"  --seed S           seed of the bootstrap (default 1): same seed, same interval\n"
	"  --min-group N      the small-group rule's N (at least the set's min_group,\n"
	"                     which cannot be lowered here)\n"
	"  --all              include respondents who have not submitted\n"
	"  --paired           with --by _wave --format csv: the pairs of a panel survey\n"
	"                     (settings.panel) rather than the groups: per two successive\n"
	"                     waves and dimension, the people who answered both, the\n"
	"                     mean difference, paired t, Wilcoxon signed-rank, McNemar\n"
	"\n"
	"Each dimension is scored 0-100 per respondent (with the two-thirds coverage\n"
	"rule), then summed up per group with its 95% interval; groups are compared\n"
	"(Welch's t or ANOVA, Mann-Whitney or Kruskal-Wallis); Cronbach's alpha is\n"
	"given per dimension.  Respondents of a group x wave of fewer than N are left\n"
	"out of every figure, the totals included, and groups of fewer than N are\n"
	"suppressed in every format.  By _wave on a panel survey, the people who\n"
	"answered two successive waves are also compared with themselves (paired\n"
	"t, Wilcoxon signed-rank, McNemar for yes/no, the share who progressed);\n"
	"fewer pairs than N are not shown.  Formulas and rules: docs/statistics.md.\n"),
};

/* --- what the commands that compute a set share (cli.h) --------------------------------- */

static int ind_open(void *ctx, struct store **st, struct error *err)
{
	struct cli_ind *c = ctx;

	c->exit = cli_open_store(c->cli, STORE_READONLY, st);
	err->msg[0] = '\0';	/* cli_open_store() said why */
	return c->exit ? UT_EIO : 0;
}

static void ind_diags(void *ctx, struct diags *d)
{
	cli_print_diags(d);
}

void cli_ind_hooks(struct ind_hooks *h, struct cli_ind *c)
{
	memset(h, 0, sizeof(*h));
	h->open = ind_open;
	h->diags = ind_diags;
	h->ctx = c;
}

int cli_ind_exit(const struct ind_run *run, int rc, const struct error *err, const struct cli_ind *c)
{
	switch (run->stage) {
	case IND_STAGE_PARSE:
	case IND_STAGE_CHECK:
		return EXIT_DATAERR;	/* the diagnostics said why */
	case IND_STAGE_OPEN:
	case IND_STAGE_PREPARE:
		if (c->exit)
			return c->exit;	/* the hook said why */
		break;
	default:
		break;
	}
	return cli_error(cli_exit(rc), "%s", err->msg);
}

/* read_set() and check_set() for the other commands that read a set. */
int cli_read_set(const char *path, struct indicator_set **out)
{
	return read_set(path, out, 0, NULL);
}

int cli_check_set(struct indicator_set *set, struct survey *const *models)
{
	return check_set(set, models);
}
