/*
 * report: the report commands — check a layout, make the PDF or workbook a
 * layout describes from the workspace, and print a survey's paper form.
 * The figures come from src/analysis (indicators, describe, prize); the
 * documents from src/report; this file reads the options, gathers the
 * results, prints what went wrong and chooses the exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "analysis/analysis.h"
#include "analysis/describe.h"
#include "analysis/ind_run.h"
#include "analysis/indicators.h"
#include "analysis/jury.h"
#include "analysis/prize.h"
#include "analysis/prize_output.h"
#include "analysis/report_data.h"
#include "analysis/score.h"
#include "cli/cli.h"
#include "cli/referential.h"
#include "cli/progress.h"
#include "cli/edition.h"
#include "report/layout.h"
#include "report/paper.h"
#include "report/report.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/sha256.h"
#include "util/i18n.h"

/*
 * The date a document carries: $SOURCE_DATE_EPOCH (reproducible builds),
 * else $UTILIS_NOW (the tests' clock), else now.  -1 after an error.
 */
static int document_time(time_t *out)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	char *end;

	if (e && *e) {
		long long v;

		errno = 0;
		v = strtoll(e, &end, 10);
		if (*end || errno || v < 0)
			return cli_error(EXIT_USAGE, "SOURCE_DATE_EPOCH is '%s', not a number of seconds since 1970", e), -1;
		*out = (time_t)v;
		return 0;
	}
	e = getenv("UTILIS_NOW");
	if (e && *e) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(e, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (!end || *end)
			return cli_error(EXIT_USAGE, "UTILIS_NOW is '%s', not a UTC time like 2026-01-15T10:00:00Z", e), -1;
		*out = timegm(&tm);
		return 0;
	}
	*out = time(NULL);
	return 0;
}

static const char *extension(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static const char *font_dir(void)
{
	const char *d = getenv("UTILIS_FONT_DIR");

	return d && *d ? d : NULL;
}

/*
 * Write the document of a layout: its workbook, or its PDF or the PDF's
 * accessible HTML version as the output's extension says.  0 or -1 with err.
 */
static int write_document(const struct report_input *in, const char *out, struct error *err)
{
	if (in->layout->output == REPORT_XLSX)
		return report_xlsx(in, out, err);
	if (!strcasecmp(extension(out), "html") || !strcasecmp(extension(out), "htm"))
		return report_html(in, out, err);
	return report_pdf(in, out, err);
}

/* Read and parse a layout, printing its diagnostics.  EXIT_OK with *out, or an exit code. */
static int read_layout(const char *path, struct report_layout **out)
{
	struct diags d = DIAGS_INIT;
	char *src;
	size_t len;
	int rc = cli_read_file(path, UT_MAX_DEFINITION, &src, &len);

	*out = NULL;
	if (rc)
		return rc;
	rc = report_layout_parse(out, path, src, len, &d);
	free(src);
	cli_print_diags(&d);
	diags_release(&d);
	return rc < 0 ? EXIT_DATAERR : EXIT_OK;
}

/* The layout's source file cannot be read: say it at the layout's line. */
static int source_missing(const struct report_layout *l)
{
	struct diags d = DIAGS_INIT;

	diag_add(&d, SEV_ERROR, l->file, l->source_node->line, l->source_node->col,
		 "cannot open '%s': %s", l->source_path, strerror(errno));
	cli_print_diags(&d);
	diags_release(&d);
	return EXIT_DATAERR;
}

/* --- report check ------------------------------------------------------------------------ */

/* utilis report check FILE... */
static int run_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, i, worst = EXIT_OK;

	optind = 0;
	while ((c = cli_getopt(&cmd_report_check, argc, argv, ":h", opts)) != -1) {
		if (c == 'h') {
			cli_print_help(stdout, &cmd_report_check);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_report_check, "no layout to check");
	for (i = optind; i < argc; i++) {
		struct report_layout *l;
		FILE *fp;
		int rc = read_layout(argv[i], &l);

		if (rc == EXIT_OK) {
			if (!(fp = fopen(l->source_path, "r"))) {
				rc = source_missing(l);
			} else {
				fclose(fp);
				cli_info(cli, "%s: ok (%s, %zu section%s, %s from %s)\n", argv[i], l->id, l->nsec,
					 l->nsec > 1 ? "s" : "", l->output == REPORT_PDF ? "PDF" : "workbook",
					 l->source_path);
			}
			report_layout_free(l);
		}
		if (rc && (worst == EXIT_OK || rc == EXIT_IOERR))
			worst = rc;
	}
	return worst;
}

const struct command cmd_report_check = {
	"report check", run_check,
	"utilis report check FILE...",
	N_("validate report layouts"),
	N_("Checks the structure of each layout (reports/*.yaml): keys, section types\n"
	"and what they need, texts, sheet names, and that the source file exists.\n"
	"Every problem is reported at once as FILE:LINE:COL: error: message; the exit\n"
	"status is 65 when a layout has an error.  The format is in docs/reports.md.\n"),
};

/* --- report -------------------------------------------------------------------------------- */

struct answers_src {
	struct an_source *src;	/* the surveys */
	struct store *st;	/* the workspace */
};

static int each_answer(void *ctx, report_row_fn fn, void *fn_ctx, struct error *err)
{
	struct answers_src *a = ctx;
	int rc = an_source_each(a->src, a->st, 1, fn, fn_ctx, err);

	return rc < 0 ? -1 : 0;
}

static int layout_has(const struct report_layout *l, enum section_type t)
{
	size_t i;

	for (i = 0; i < l->nsec; i++)
		if (l->sec[i].type == t && (t != SEC_DIMENSIONS || l->sec[i].likert))
			return 1;
	return 0;
}

/* Print a layout check's diagnostics; EXIT_DATAERR when there is an error. */
static int print_check(struct diags *d)
{
	size_t nerr = d->nerror;

	cli_print_diags(d);
	diags_release(d);
	return nerr ? EXIT_DATAERR : EXIT_OK;
}

/*
 * The answers to the items (the diverging bars) are counted beside
 * ind_compute(), on a connection and models of their own: each pass reads
 * the whole workspace, and on two cores they take the time of one.
 */
struct count_job {
	const char *db;			/* the workspace */
	const char *const *forms;	/* the set's surveys */
	size_t nforms;			/* how many */
	const char *const *items;	/* the items counted */
	size_t nitems;			/* how many */
	int submitted_only;		/* as the indicators */
	size_t min_group;		/* as the indicators */
	struct store *st;		/* its own connection */
	struct an_source src;		/* its own models: the counts point into them */
	struct an_item_counts *counts;	/* the result, [form * nitems + i] */
	int rc;				/* 0 or an UT_E* code */
	struct error err;		/* why not */
};

static void *count_items(void *arg)
{
	struct count_job *j = arg;

	if (store_open(&j->st, j->db, STORE_READONLY, &j->err) < 0) {
		j->rc = UT_EIO;
		return NULL;
	}
	j->rc = an_source_open(&j->src, j->st, j->forms, j->nforms, &j->err);
	if (j->rc == 0)
		j->rc = an_item_counts(&j->counts, &j->src, j->st, j->items, j->nitems, j->submitted_only,
				       j->min_group, &j->err);
	return NULL;
}

/* The bar of a report: every pass over the answers, one after the other. */
struct report_reading {
	struct progress *bar;	/* the bar */
	int64_t base;		/* respondents read by the passes before this one */
};

static void report_read(void *ctx, size_t nread)
{
	struct report_reading *r = ctx;

	progress_update(r->bar, r->base + (int64_t)nread);
}

/*
 * What a report adds to the indicators' run (the hooks' context): its
 * layout checked against the surveys, the answers to the items counted on
 * a thread of their own while the indicators are computed, and the bar.
 */
struct report_run {
	struct cli_ind c;		/* first: cli_ind_hooks() */
	const struct report_layout *l;	/* the layout */
	const char *out;		/* the document, named by the bar */
	const char **items;		/* the items counted, or NULL */
	size_t nitems;			/* how many */
	struct count_job job;		/* the counting */
	pthread_t counter;		/* its thread */
	int counting;			/* the thread runs: join it */
	struct progress bar;		/* every pass over the answers */
	struct report_reading reading;	/* the passes made so far */
	char label[128];		/* the bar's */
};

static int report_prepare(void *ctx, struct ind_run *run, struct diags *d, struct error *err)
{
	struct report_run *rr = ctx;
	const struct report_layout *l = rr->l;
	const struct indicator_set *set = run->set;
	size_t i, k;

	if (report_layout_check(l, run->models[0], l->overall ? NULL : l->by ? l->by : set->group_by, NULL,
				NULL, d) < 0) {
		rr->c.exit = print_check(d);
		return UT_EDATA;
	}
	diags_release(d);
	if (layout_has(l, SEC_DIMENSIONS)) {
		for (i = 0; i < set->ndims; i++)
			rr->nitems += set->dims[i].nitems;
		rr->items = calloc(rr->nitems + 1, sizeof(char *));
		if (!rr->items) {
			rr->c.exit = cli_error(EXIT_FAIL, "out of memory");
			return UT_ENOMEM;
		}
		rr->nitems = 0;
		for (i = 0; i < set->ndims; i++)
			for (k = 0; k < set->dims[i].nitems; k++)
				rr->items[rr->nitems++] = set->dims[i].items[k];
		rr->job.db = rr->c.cli->db_path;
		rr->job.forms = set->surveys;
		rr->job.nforms = set->nsurveys;
		rr->job.items = rr->items;
		rr->job.nitems = rr->nitems;
		rr->job.submitted_only = run->opt.submitted_only;
		rr->job.min_group = (size_t)(run->opt.min_group > 0 ? run->opt.min_group : set->min_group);
		if (pthread_create(&rr->counter, NULL, count_items, &rr->job) == 0)
			rr->counting = 1;
		else
			count_items(&rr->job);
	}
	/* Passes over the answers: the indicators, describe, the answers sheet. */
	snprintf(rr->label, sizeof(rr->label), "writing %s",
		 strrchr(rr->out, '/') ? strrchr(rr->out, '/') + 1 : rr->out);
	progress_begin_answers(&rr->bar, rr->c.cli, rr->label, run->st, set->surveys, set->nsurveys,
			       run->opt.submitted_only,
			       1 + layout_has(l, SEC_DESCRIBE) + layout_has(l, SEC_ANSWERS));
	run->src.progress = report_read;
	run->src.progress_ctx = &rr->reading;
	return 0;
}

static int report_indicators(struct report_input *in, const struct cli *cli, const char *out)
{
	const struct report_layout *l = in->layout;
	struct report_run rr;
	struct ind_request rq = { 0 };
	struct ind_run run;
	struct desc_result *desc = NULL;
	struct an_trace trace = { 0 };
	struct report_ind ri = { 0 };
	struct wsens_report wsens = { 0 };
	struct answers_src as;
	struct diags d = DIAGS_INIT;
	struct error err;
	char *text;
	size_t i;
	int rc;

	memset(&rr, 0, sizeof(rr));
	memset(&run, 0, sizeof(run));
	rr.c.cli = cli;
	rr.l = l;
	rr.out = out;
	rr.reading.bar = &rr.bar;
	{
		FILE *fp = fopen(l->source_path, "r");

		if (!fp)
			return source_missing(l);
		fclose(fp);
	}
	rc = cli_read_file(l->source_path, UT_MAX_DEFINITION, &text, &rq.len);
	if (rc)
		return rc;
	rq.path = l->source_path;
	rq.text = text;
	rq.opt = (struct ind_options)IND_OPTIONS_INIT;
	rq.opt.by = l->overall ? "" : l->by;
	if (l->bootstrap >= 0)
		rq.opt.nboot = (size_t)l->bootstrap;
	if (l->seed >= 0)
		rq.opt.seed = (uint64_t)l->seed;
	rq.opt.min_group = (int)l->min_group;
	cli_ind_hooks(&rq.hooks, &rr.c);
	rq.hooks.prepare = report_prepare;
	rc = indicators_run(&run, &rq, &d, &err);
	free(text);
	rr.reading.base += (int64_t)run.src.nread;
	if (rr.counting) {
		pthread_join(rr.counter, NULL);
		rr.counting = 0;
	}
	if (rc < 0) {
		if (run.stage == IND_STAGE_PARSE && run.parsed == IND_REFERENTIAL) {
			diag_add(&d, SEV_ERROR, l->file, l->source_node->line, l->source_node->col,
				 "'%s' is a referential, not an indicator set (see 'utilis help delphi build')",
				 l->source_path);
			rc = print_check(&d);
		} else if (run.stage == IND_STAGE_PARSE && run.parsed == IND_NOT_A_SET) {
			diag_add(&d, SEV_ERROR, l->file, l->source_node->line, l->source_node->col,
				 "'%s' is a prize edition: name it with 'edition:', not 'indicators:'", l->source_path);
			rc = print_check(&d);
		} else if (run.stage == IND_STAGE_MIN_GROUP) {
			diag_add(&d, SEV_ERROR, l->file, 0, 0,
				 "min_group %ld is below the set's min_group %d: groups that small are never shown",
				 l->min_group, run.set->min_group);
			rc = print_check(&d);
		} else {
			rc = cli_ind_exit(&run, rc, &err, &rr.c);
		}
		goto out;
	}
	if (rr.job.rc < 0) {
		rc = cli_error(cli_exit(rr.job.rc), "%s", rr.job.err.msg);
		goto out;
	}
	if (layout_has(l, SEC_DESCRIBE)) {
		struct desc_options dopt = DESC_OPTIONS_INIT;

		dopt.by = run.res->by_kind == BY_CATEGORY ? run.res->by : NULL;
		dopt.min_group = run.res->min_group > UT_MIN_GROUP ? run.res->min_group : UT_MIN_GROUP;
		if ((rc = desc_compute(&desc, &run.src, run.st, &dopt, &err)) < 0) {
			rc = cli_error(cli_exit(rc), "%s", err.msg);
			goto out;
		}
		rr.reading.base += (int64_t)run.src.nread;
	}
	if ((rc = an_trace_load(&trace, run.st, &run.src, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	ri.set = run.set;
	ri.res = run.res;
	ri.surveys = run.models;
	ri.items = rr.job.counts;
	ri.item_names = rr.items;
	ri.nitems = rr.nitems;
	ri.desc = desc;
	in->ind = &ri;
	in->trace = &trace;
	for (i = 0; i < l->nsec; i++)
		if (l->sec[i].type == SEC_WEIGHTS) {
			/* the index under the pilot group's own weights (delphi sensitivity) */
			struct wsens_options wopt = WSENS_OPTIONS_INIT;
			char wform[64];
			int wversion;

			rc = cli_weights_sensitivity(run.st, l->sec[i].referential, run.res, &wopt, 1, &wsens,
						     wform, sizeof(wform), &wversion);
			if (rc)
				goto out;
			in->wsens = &wsens;
			break;
		}
	as.src = &run.src;
	as.st = run.st;
	in->each_answer = each_answer;
	in->each_ctx = &as;
	rc = write_document(in, out, &err);
	if (rc == 0)
		progress_update(&rr.bar, rr.bar.total);	/* every pass was made */
	progress_end(&rr.bar, rc == 0);
	if (rc < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	else
		cli_info(cli, "wrote %s (%zu respondents)\n", out, run.res->nresp);
out:
	progress_end(&rr.bar, 0);
	diags_release(&d);
	an_trace_release(&trace);
	if (rr.counting)
		pthread_join(rr.counter, NULL);
	an_item_counts_free(rr.job.counts, rr.job.src.nforms * rr.nitems);
	an_source_release(&rr.job.src);
	if (rr.job.st)
		store_close(rr.job.st);
	free(rr.items);
	desc_result_free(desc);
	wsens_report_release(&wsens);
	ind_run_release(&run);
	return rc;
}

/* Append name to v (n entries) unless it is there already. */
static void add_name(const char **v, size_t *n, const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(v[i], name))
			return;
	v[(*n)++] = name;
}

static int report_edition(struct report_input *in, const struct cli *cli, const char *out)
{
	const struct report_layout *l = in->layout;
	const struct report_section *cards = NULL;
	struct jury_ctx jc;
	struct prize_outcome po;
	struct prize_texts texts = { 0 };
	struct an_trace trace = { 0 };
	struct report_prize rp = { 0 };
	struct prize_followup followup = { 0 };
	struct diags d = DIAGS_INIT;
	const char **summary = NULL, **comments = NULL;
	size_t nsummary = 0, ncomments = 0, i;
	const struct survey *grid;
	int rc;
	struct error err;
	FILE *fp = fopen(l->source_path, "r");

	if (!fp)
		return source_missing(l);
	fclose(fp);
	memset(&po, 0, sizeof(po));
	rc = cli_open_edition(cli, l->source_path, STORE_READONLY, &jc);
	if (rc)
		goto out;
	grid = jc.pd.src.forms[1].latest;
	if (report_layout_check(l, NULL, NULL, jc.pd.src.forms[0].latest, grid, &d) < 0) {
		rc = print_check(&d);
		goto out;
	}
	diags_release(&d);
	if ((rc = prize_outcome_compute(&po, &jc.pd, 0, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	for (i = 0; i < l->nsec; i++)
		if (l->sec[i].type == SEC_SCORECARDS)
			cards = &l->sec[i];
	/* The application answers: the names first, then what the scorecards show. */
	summary = calloc(jc.e->ncandidate_name + jc.e->nsummary + (cards ? cards->napplication : 0) + 1,
			 sizeof(char *));
	comments = calloc(grid->nq + (cards ? cards->ncomments : 0) + 1, sizeof(char *));
	if (!summary || !comments) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < jc.e->ncandidate_name; i++)
		add_name(summary, &nsummary, jc.e->candidate_name[i]);
	if (cards && cards->napplication)
		for (i = 0; i < cards->napplication; i++)
			add_name(summary, &nsummary, cards->application[i]);
	else
		for (i = 0; i < jc.e->nsummary; i++)
			add_name(summary, &nsummary, jc.e->summary[i]);
	if (cards && cards->ncomments)
		for (i = 0; i < cards->ncomments; i++)
			add_name(comments, &ncomments, cards->comments[i]);
	else
		/* By default every optional text question of the grid is a comment. */
		for (i = 0; i < grid->nq; i++)
			if (grid->questions[i]->type == Q_TEXT && !grid->questions[i]->required &&
			    !grid->questions[i]->required_if)
				add_name(comments, &ncomments, grid->questions[i]->name);
	if ((rc = prize_texts_load(&texts, jc.st, &jc.pd, summary, nsummary, comments, ncomments, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	if ((rc = an_trace_load(&trace, jc.st, &jc.pd.src, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	/* The laureates one year on: the follow-up answers, when the workbook shows them. */
	for (i = 0; i < l->nsec; i++)
		if (l->sec[i].type == SEC_LAUREATES) {
			rc = prize_followup_load(&followup, jc.st, &jc.pd, l->sec[i].followup, &err);
			if (rc == UT_ENOTFOUND) {	/* not loaded yet: the sheet says so */
				prize_followup_release(&followup);
				rc = 0;
			}
			if (rc < 0) {
				rc = cli_error(cli_exit(rc), "%s", err.msg);
				goto out;
			}
			rp.followup = &followup;
			break;
		}
	rp.pd = &jc.pd;
	rp.res = &po.res;
	rp.robust = po.robust;
	rp.texts = &texts;
	rp.summary = summary;
	rp.comments = comments;
	rp.ncomments = ncomments;
	in->prize = &rp;
	in->trace = &trace;
	rc = write_document(in, out, &err);
	if (rc < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	else
		cli_info(cli, "wrote %s (%zu candidates, %zu jurors)\n", out, jc.pd.ncand, jc.pd.njuror);
out:
	diags_release(&d);
	prize_followup_release(&followup);
	an_trace_release(&trace);
	if (texts.first || texts.summary)
		prize_texts_release(&texts);
	prize_outcome_release(&po);
	free(summary);
	free(comments);
	jury_ctx_release(&jc);
	return rc;
}

/* utilis report FILE -o OUT.pdf|OUT.html|OUT.xlsx [--lang fr|en] */
static int run_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_layout *l = NULL;
	struct report_input in;
	const char *out = NULL, *lang = NULL, *ext;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt(&cmd_report, argc, argv, ":o:h", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_report, "--lang is fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'h':
			cli_print_help(stdout, &cmd_report);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_report, optind >= argc ? "which layout? give its file (reports/*.yaml)"
								  : "unexpected argument '%s'", argv[argc - 1]);
	if (!out)
		return cli_usage_error(&cmd_report, "-o FILE is required (FILE.pdf or FILE.xlsx, as the layout says)");
	if (cli_check_output(out) != EXIT_OK)
		return EXIT_USAGE;
	memset(&in, 0, sizeof(in));
	if (document_time(&in.when) < 0)
		return EXIT_USAGE;
	rc = read_layout(argv[optind], &l);
	if (rc)
		return rc;
	ext = extension(out);
	if (l->output == REPORT_PDF && strcasecmp(ext, "pdf") && strcasecmp(ext, "html") && strcasecmp(ext, "htm")) {
		rc = cli_usage_error(&cmd_report, "'%s' makes a PDF: give -o FILE.pdf, not '%s'", argv[optind], out);
		goto done;
	}
	if (l->output == REPORT_XLSX && strcasecmp(ext, "xlsx")) {
		rc = cli_usage_error(&cmd_report, "'%s' makes a workbook: give -o FILE.xlsx, not '%s'", argv[optind],
				     out);
		goto done;
	}
	in.layout = l;
	in.lang = lang ? lang : l->language;
	in.font_dir = font_dir();
	rc = l->source == SOURCE_INDICATORS ? report_indicators(&in, cli, out) : report_edition(&in, cli, out);
done:
	report_layout_free(l);
	return rc;
}

const struct command cmd_report = {
	"report", run_report,
	"utilis report FILE -o OUT.pdf|OUT.html|OUT.xlsx [--lang fr|en]",
	N_("make the PDF (or its web page) or workbook a report layout describes"),
	N_("Options:\n"
	"  -o, --output FILE  the document: .pdf or .xlsx, as the layout's 'output' says;\n"
	"                     .html for a PDF layout: the same content as one accessible\n"
	"                     web page (headings, a table behind each chart, no script)\n"
	"  --lang fr|en       language of the document (default: the layout's)\n"
	"\n"
	"The layout (reports/*.yaml, docs/reports.md) names its source, an indicator\n"
	"set or a prize edition, computed on the workspace's answers like 'utilis\n"
	"indicators compute' and 'utilis prize results' do.  The document is written\n"
	"under a temporary name and renamed: a failure leaves no half file.  Every\n"
	"page of a PDF and the 'Sources' sheet of a workbook name the survey versions\n"
	"with their SHA-256, the number of answers and the version of utilis.\n"
	"Groups smaller than the set's min_group never appear.\n"
	"\n"
	"Environment: SOURCE_DATE_EPOCH fixes the date printed and stored (the same\n"
	"inputs then give the same bytes); UTILIS_FONT_DIR says where DejaVuSans.ttf\n"
	"and DejaVuSans-Bold.ttf are (default /usr/share/fonts/truetype/dejavu).\n"),
};

/* --- survey paper ------------------------------------------------------------------------- */

/* utilis survey paper FORM_ID|FILE.yaml -o FORM.pdf [--lang L] [--large] [--no-codes] [--version N] */
static int run_paper(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "large", no_argument, NULL, 'L' },
		{ "no-codes", no_argument, NULL, 'C' },
		{ "version", required_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct paper_options po = { NULL, 0, 1, 0, NULL, NULL };
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	const char *out = NULL, *what, *ext;
	char sha[65];
	struct error err;
	long version = 0;
	int c, rc, is_file;

	memset(&sv, 0, sizeof(sv));
	optind = 0;
	while ((c = cli_getopt(&cmd_survey_paper, argc, argv, ":o:h", opts)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'l': po.lang = optarg; break;
		case 'L': po.large = 1; break;
		case 'C': po.codes = 0; break;
		case 'V': {
			char *end;

			version = strtol(optarg, &end, 10);
			if (*end || version < 1 || version > 1000000)
				return cli_usage_error(&cmd_survey_paper, "--version needs a positive whole number, not '%s'", optarg);
			break;
		}
		case 'h':
			cli_print_help(stdout, &cmd_survey_paper);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_survey_paper, optind >= argc ? "which survey? give its form_id or its file"
									 : "unexpected argument '%s'", argv[argc - 1]);
	if (!out)
		return cli_usage_error(&cmd_survey_paper, "-o FILE.pdf is required");
	if (cli_check_output(out) != EXIT_OK)
		return EXIT_USAGE;
	ext = extension(out);
	if (strcasecmp(ext, "pdf"))
		return cli_usage_error(&cmd_survey_paper, "the paper form is a PDF: give -o FILE.pdf, not '%s'", out);
	if (document_time(&po.when) < 0)
		return EXIT_USAGE;
	what = argv[optind];
	ext = extension(what);
	is_file = !strcmp(ext, "yaml") || !strcmp(ext, "yml");
	if (is_file) {
		char *src;
		size_t len;

		if (version)
			return cli_usage_error(&cmd_survey_paper, "--version applies to a survey of the workspace, not to a file");
		rc = cli_load_survey(cli, what, &s, &src, &len);
		if (rc)
			return rc;
		sha256_hex(src, len, sha);
		free(src);
		po.sha256 = sha;
	} else {
		if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
			return rc;
		rc = cli_stored_survey(st, what, (int)version, &sv, &s);
		if (rc)
			goto out;
		po.sha256 = sv.sha256;
	}
	if (po.lang && survey_lang(s, po.lang) < 0) {
		rc = cli_usage_error(&cmd_survey_paper, "survey '%s' has no language '%s'", s->form_id, po.lang);
		goto out;
	}
	if (!po.lang)
		po.lang = s->languages[s->default_lang];
	po.font_dir = font_dir();
	if (paper_write(s, out, &po, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	cli_info(cli, "wrote %s (%s version %d)\n", out, s->form_id, s->version);
	rc = EXIT_OK;
out:
	survey_free(s);
	survey_version_release(&sv);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_survey_paper = {
	"survey paper", run_paper,
	"utilis survey paper FORM_ID|FILE.yaml -o FORM.pdf [--lang fr|en] [--large] [--no-codes] [--version N]",
	N_("print a survey as a paper form (PDF)"),
	N_("Options:\n"
	"  -o, --output FILE  the PDF to write\n"
	"  --lang fr|en       language of the form (default: the survey's)\n"
	"  --large            large type, for easy-to-read versions and readers who need it\n"
	"  --no-codes         leave out the small grey question and choice names\n"
	"  --version N        a stored version other than the latest\n"
	"\n"
	"Questions are numbered, with boxes to tick, boxes to write numbers and dates\n"
	"in and lines to write on.  Conditions ('relevant') are written in plain words\n"
	"('Répondez seulement si vous avez répondu « Oui » à la question 5') and answers\n"
	"that skip questions say where to go ('→ passez à la question 12').  The grey\n"
	"names are the columns of 'utilis responses import': answers typed back in come\n"
	"through the CSV import, the questionnaire number in its _id column.\n"),
};
