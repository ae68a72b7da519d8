/*
 * prize: the results of a prize edition — ranking, criteria, flags, the
 * jurors' severity and the jury's reliability — and its audit log.  The
 * computing and the writing are src/analysis's (prize_output.h); this file
 * reads the options, opens the edition, prints and chooses the exit code.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis/output.h"
#include "analysis/prize_output.h"
#include "cli/edition.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* utilis prize results EDITION [--format table|csv|json] [--lang fr|en] [--aggregate borda|schulze|all] */
static int run_results(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "aggregate", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum an_format fmt = AN_FORMAT_TABLE;
	const char *lang = "fr";
	unsigned ballots = 0;
	struct prize_outcome o;
	struct strbuf out = STRBUF_INIT;
	struct jury_ctx c;
	struct error err;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(&cmd_prize_results, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'f':
			if (an_format_parse(optarg, &fmt) < 0)
				return cli_usage_error(&cmd_prize_results, "--format is table, csv or json, not '%s'", optarg);
			break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_prize_results, "--lang is fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'a':
			if (prize_ballots_parse(optarg, &ballots) < 0)
				return cli_usage_error(&cmd_prize_results, "--aggregate is borda, schulze or all, not '%s'", optarg);
			break;
		case 'h': cli_print_help(stdout, &cmd_prize_results); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_prize_results, "give the EDITION file");
	rc = cli_open_edition(cli, argv[optind], STORE_READONLY, &c);
	if (rc) {
		jury_ctx_release(&c);
		return rc;
	}
	if ((rc = prize_outcome_compute(&o, &c.pd, ballots, &err)) < 0)
		rc = cli_error(cli_exit(rc), "%s", err.msg);
	else if (prize_results_write(&out, &o, fmt, lang) < 0)
		rc = cli_error(EXIT_FAIL, "out of memory");
	else
		rc = cli_write_stdout(&out);
	strbuf_release(&out);
	prize_outcome_release(&o);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_prize_results = {
	"prize results", run_results,
	"utilis prize results EDITION [--format table|csv|json] [--lang fr|en] [--aggregate borda|schulze|all]",
	N_("rank the candidates of a prize edition from the jurors' scores"),
	N_("Per candidate: the weighted total on 0-100, the rank (ties shared, or\n"
	"broken by the edition's tie-break order and said so), the aggregated\n"
	"score per criterion with the raw mean, SD, min, max and number of\n"
	"jurors, and flags (too few jurors, to discuss, jurors far from the\n"
	"others).  Per juror: candidates scored and severity (mean deviation from\n"
	"the other jurors, in points).  The jury's reliability: the six ICCs and\n"
	"Kendall's W when every juror scored every candidate, Krippendorff's alpha\n"
	"always, each with its plain reading.  The rules are in docs/prize.md.\n"
	"Options:\n"
	"  --format F   table (default), csv or json (stable keys, for reports and scripts)\n"
	"  --lang L     the table in French (fr, default) or English (en)\n"
	"  --aggregate M  beside the scores, the ranking from the jurors' own rankings\n"
	"               (each juror's candidates by their total): borda (mean Borda\n"
	"               share on 0-100), schulze (Condorcet: head-to-head wins through\n"
	"               the strongest paths), or all; may be given twice\n"),
};

struct audit_ctx {
	const struct prize_data *pd;	/* candidate names */
	size_t n;			/* entries printed */
	int oom;			/* a line could not be made: stopped */
};

static int print_audit(void *ctx, const char *at, const char *juror, int64_t cand,
		       const char *action, const char *detail)
{
	struct audit_ctx *a = ctx;
	struct strbuf line = STRBUF_INIT;
	int rc = prize_audit_line(&line, a->pd, at, juror, cand, action, detail);

	if (rc == 0)
		fputs(line.buf, stdout);
	strbuf_release(&line);
	a->n++;
	a->oom = rc != 0;
	return rc;
}

/* utilis prize audit EDITION */
static int run_audit(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_ctx a = { NULL, 0, 0 };
	struct jury_ctx c;
	struct error err;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(&cmd_prize_audit, argc, argv, ":h", opts)) != -1) {
		if (ch == 'h') {
			cli_print_help(stdout, &cmd_prize_audit);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_prize_audit, "give the EDITION file");
	rc = cli_open_edition(cli, argv[optind], STORE_READONLY, &c);
	if (rc == EXIT_OK) {
		a.pd = &c.pd;
		if (store_jury_audit_each(c.st, c.e->id, print_audit, &a, &err) < 0)
			rc = a.oom ? cli_error(EXIT_FAIL, "out of memory") : cli_error(EXIT_IOERR, "%s", err.msg);
		else if (a.n == 0 && !cli->quiet)
			fprintf(stderr, _("nothing recorded yet for %s\n"), c.e->id);
	}
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_prize_audit = {
	"prize audit", run_audit,
	"utilis prize audit EDITION",
	N_("print the jury's audit log: every juror, assignment, conflict and score change"),
	N_("One line per event, oldest first: when (UTC), the juror, what happened,\n"
	"the candidate and what changed (old -> new scores).\n"),
};
