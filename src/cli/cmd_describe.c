/*
 * describe: every question of a loaded survey summed up from the answers
 * in the workspace — frequencies, descriptives, and with --by a crosstab
 * per question with the test that fits — as a table, CSV or JSON.  The
 * computing is src/analysis/describe.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/describe.h"
#include "analysis/indicators.h"
#include "analysis/output.h"
#include "cli/cli.h"
#include "cli/progress.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* utilis describe FORM_ID [--by QUESTION] [--format F] [--lang L] [--min-group N] [--all] */
static int run_describe(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "min-group", required_argument, NULL, 'm' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct desc_options opt = DESC_OPTIONS_INIT;
	enum an_format fmt = AN_FORMAT_TABLE;
	const char *lang = NULL, *form;
	struct an_source src = { 0 };
	struct store *st = NULL;
	struct desc_result *res = NULL;
	struct strbuf out = STRBUF_INIT;
	struct progress bar;
	char label[128];
	struct error err;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt(&cmd_describe, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 'b': opt.by = optarg; break;
		case 'f':
			if (an_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_describe, "--format is table, csv or json, not '%s'",
						       optarg);
			break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_describe, "--lang is fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'm': {
			char *end;
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (*end || !*optarg || errno || v < UT_MIN_GROUP || v > 1000000)
				return cli_usage_error(&cmd_describe,
						       "--min-group needs a whole number from %d to 1000000, not '%s'",
						       UT_MIN_GROUP, optarg);
			opt.min_group = (int)v;
			break;
		}
		case 'a': opt.submitted_only = 0; break;
		case 'h':
			cli_print_help(stdout, &cmd_describe);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_describe, optind >= argc ? "which survey? give its FORM_ID"
				       : "unexpected argument '%s'", argv[argc - 1]);
	form = argv[optind];
	rc = cli_open_store(cli, STORE_READONLY, &st);
	if (rc)
		return rc;
	rc = an_source_open(&src, st, &form, 1, &err);
	if (rc < 0) {
		rc = cli_error(cli_exit(rc),
			       "%s", err.msg);
		goto out;
	}
	if (!lang)
		lang = src.forms[0].latest->languages[src.forms[0].latest->default_lang];
	snprintf(label, sizeof(label), "describing %s", form);
	progress_begin_answers(&bar, cli, label, st, &form, 1, opt.submitted_only, 1);
	src.progress = progress_count;
	src.progress_ctx = &bar;
	rc = desc_compute(&res, &src, st, &opt, &err);
	progress_update(&bar, (int64_t)src.nread);
	progress_end(&bar, rc >= 0);
	if (rc < 0) {
		rc = cli_error(cli_exit(rc),
			       "%s", err.msg);
		goto out;
	}
	if (desc_result_write(&out, res, fmt, lang) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	rc = cli_write_stdout(&out);
out:
	strbuf_release(&out);
	desc_result_free(res);
	an_source_release(&src);
	store_close(st);
	return rc;
}

const struct command cmd_describe = {
	"describe", run_describe,
	"utilis describe FORM_ID [--by QUESTION] [--format table|csv|json] [--lang fr|en]\n"
	"       [--min-group N] [--all]",
	N_("sum up every question of a survey, overall or by group"),
	N_("Options:\n"
	"  --by QUESTION    one column per answer to QUESTION (or _group, _wave,\n"
	"                   _survey), with a test per question: chi-square for choices,\n"
	"                   Welch/ANOVA and Mann-Whitney/Kruskal-Wallis for numbers and\n"
	"                   scales; a numeric QUESTION gives Spearman correlations\n"
	"  --format F       table (default), csv or json (layout in docs/statistics.md)\n"
	"  --lang fr|en     language of the table and labels (default: the survey's)\n"
	"  --min-group N    the small-group rule's N (default 5, the least)\n"
	"  --all            include respondents who have not submitted\n"
	"\n"
	"Choices get a frequency table with percentages of those who answered (and\n"
	"Wilson intervals); numbers get n, mean, sd, quartiles, Min(N) and Max(N)\n"
	"(the Nth smallest and largest values) and a 95% interval; free text only\n"
	"its number of answers.  Every stored version of the survey is read.  A\n"
	"question inside a repeat is summed up over all its instances (n: instances,\n"
	"with the respondents they come from), without tests between groups.\n"
	"Small groups (docs/statistics.md): respondents of a group x wave of fewer\n"
	"than N are left out of every figure, the totals included; groups and\n"
	"answers of fewer than N are suppressed, with what would give them away,\n"
	"in every format; inside a repeat, fewer than N respondents, not instances.\n"),
};
