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
#include "analysis/indicators.h"
#include "analysis/jury.h"
#include "analysis/prize.h"
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

static int report_indicators(struct report_input *in, const struct cli *cli, const char *out)
{
	const struct report_layout *l = in->layout;
	struct indicator_set *set = NULL;
	struct an_source src = { 0 };
	struct store *st = NULL;
	struct ind_result *res = NULL;
	struct desc_result *desc = NULL;
	struct count_job job;
	pthread_t counter;
	int counting = 0;
	struct an_trace trace = { 0 };
	struct ind_options opt = IND_OPTIONS_INIT;
	struct report_ind ri = { 0 };
	struct wsens_report wsens = { 0 };
	struct answers_src as;
	struct diags d = DIAGS_INIT;
	struct survey *models[64];
	const char **items = NULL;
	size_t nitems = 0, i, k;
	struct error err;
	char *text, label[128];
	size_t len;
	int rc;
	struct progress bar;
	struct report_reading reading = { &bar, 0 };

	memset(&job, 0, sizeof(job));
	memset(&bar, 0, sizeof(bar));
	{
		FILE *fp = fopen(l->source_path, "r");

		if (!fp)
			return source_missing(l);
		fclose(fp);
	}
	rc = cli_read_file(l->source_path, UT_MAX_DEFINITION, &text, &len);
	if (rc)
		return rc;
	rc = indicator_set_parse(&set, l->source_path, text, len, &d);
	free(text);
	if (rc == IND_REFERENTIAL) {
		diags_release(&d);
		diag_add(&d, SEV_ERROR, l->file, l->source_node->line, l->source_node->col,
			 "'%s' is a referential, not an indicator set (see 'utilis help delphi build')",
			 l->source_path);
		return print_check(&d);
	}
	if (rc == IND_NOT_A_SET) {
		diags_release(&d);
		diag_add(&d, SEV_ERROR, l->file, l->source_node->line, l->source_node->col,
			 "'%s' is a prize edition: name it with 'edition:', not 'indicators:'", l->source_path);
		return print_check(&d);
	}
	if (rc < 0)
		return print_check(&d);
	cli_print_diags(&d);
	diags_release(&d);
	if (set->nsurveys > sizeof(models) / sizeof(models[0])) {
		rc = cli_error(EXIT_DATAERR, "%s: too many surveys", l->source_path);
		goto out;
	}
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		goto out;
	if ((rc = an_source_open(&src, st, set->surveys, set->nsurveys, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	for (i = 0; i < set->nsurveys; i++)
		models[i] = src.forms[i].latest;
	if (indicator_set_check(set, models, &d) < 0) {
		rc = print_check(&d);
		goto out;
	}
	cli_print_diags(&d);
	diags_release(&d);
	opt.by = l->overall ? "" : l->by;
	if (l->bootstrap >= 0)
		opt.nboot = (size_t)l->bootstrap;
	if (l->seed >= 0)
		opt.seed = (uint64_t)l->seed;
	if (l->min_group && l->min_group < set->min_group) {
		diag_add(&d, SEV_ERROR, l->file, 0, 0,
			 "min_group %ld is below the set's min_group %d: groups that small are never shown",
			 l->min_group, set->min_group);
		rc = print_check(&d);
		goto out;
	}
	opt.min_group = (int)l->min_group;
	if (report_layout_check(l, models[0], l->overall ? NULL : l->by ? l->by : set->group_by, NULL,
				NULL, &d) < 0) {
		rc = print_check(&d);
		goto out;
	}
	diags_release(&d);
	if (layout_has(l, SEC_DIMENSIONS)) {
		for (i = 0; i < set->ndims; i++)
			nitems += set->dims[i].nitems;
		items = calloc(nitems + 1, sizeof(char *));
		if (!items) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		nitems = 0;
		for (i = 0; i < set->ndims; i++)
			for (k = 0; k < set->dims[i].nitems; k++)
				items[nitems++] = set->dims[i].items[k];
		job.db = cli->db_path;
		job.forms = set->surveys;
		job.nforms = set->nsurveys;
		job.items = items;
		job.nitems = nitems;
		job.submitted_only = opt.submitted_only;
		job.min_group = (size_t)(opt.min_group > 0 ? opt.min_group : set->min_group);
		if (pthread_create(&counter, NULL, count_items, &job) == 0)
			counting = 1;
		else
			count_items(&job);
	}
	/* Passes over the answers: the indicators, describe, the answers sheet. */
	snprintf(label, sizeof(label), "writing %s", strrchr(out, '/') ? strrchr(out, '/') + 1 : out);
	progress_begin_answers(&bar, cli, label, st, set->surveys, set->nsurveys, opt.submitted_only,
			       1 + layout_has(l, SEC_DESCRIBE) + layout_has(l, SEC_ANSWERS));
	src.progress = report_read;
	src.progress_ctx = &reading;
	rc = ind_compute(&res, set, &src, st, &opt, &err);
	reading.base += (int64_t)src.nread;
	if (counting) {
		pthread_join(counter, NULL);
		counting = 0;
	}
	if (rc < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	if (job.rc < 0) {
		rc = cli_error(cli_exit(job.rc), "%s", job.err.msg);
		goto out;
	}
	if (layout_has(l, SEC_DESCRIBE)) {
		struct desc_options dopt = DESC_OPTIONS_INIT;

		dopt.by = res->by_kind == BY_CATEGORY ? res->by : NULL;
		dopt.min_group = res->min_group > UT_MIN_GROUP ? res->min_group : UT_MIN_GROUP;
		if ((rc = desc_compute(&desc, &src, st, &dopt, &err)) < 0) {
			rc = cli_error(cli_exit(rc), "%s", err.msg);
			goto out;
		}
		reading.base += (int64_t)src.nread;
	}
	if ((rc = an_trace_load(&trace, st, &src, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s", err.msg);
		goto out;
	}
	ri.set = set;
	ri.res = res;
	ri.surveys = models;
	ri.items = job.counts;
	ri.item_names = items;
	ri.nitems = nitems;
	ri.desc = desc;
	in->ind = &ri;
	in->trace = &trace;
	for (i = 0; i < l->nsec; i++)
		if (l->sec[i].type == SEC_WEIGHTS) {
			/* the index under the pilot group's own weights (delphi sensitivity) */
			struct wsens_options wopt = WSENS_OPTIONS_INIT;
			char wform[64];
			int wversion;

			rc = cli_weights_sensitivity(st, l->sec[i].referential, res, &wopt, 1, &wsens, wform,
						     sizeof(wform), &wversion);
			if (rc)
				goto out;
			in->wsens = &wsens;
			break;
		}
	as.src = &src;
	as.st = st;
	in->each_answer = each_answer;
	in->each_ctx = &as;
	rc = write_document(in, out, &err);
	if (rc == 0)
		progress_update(&bar, bar.total);	/* every pass was made */
	progress_end(&bar, rc == 0);
	if (rc < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	else
		cli_info(cli, "wrote %s (%zu respondents)\n", out, res->nresp);
out:
	progress_end(&bar, 0);
	diags_release(&d);
	an_trace_release(&trace);
	if (counting)
		pthread_join(counter, NULL);
	an_item_counts_free(job.counts, job.src.nforms * nitems);
	an_source_release(&job.src);
	if (job.st)
		store_close(job.st);
	free(items);
	desc_result_free(desc);
	wsens_report_release(&wsens);
	ind_result_free(res);
	an_source_release(&src);
	if (st)
		store_close(st);
	indicator_set_free(set);
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
	struct prize_result res;
	struct prize_robust *robust = NULL;
	struct prize_texts texts = { 0 };
	struct an_trace trace = { 0 };
	struct report_prize rp = { 0 };
	struct prize_followup followup = { 0 };
	struct diags d = DIAGS_INIT;
	const char **summary = NULL, **comments = NULL;
	size_t nsummary = 0, ncomments = 0, i;
	const struct survey *grid;
	int computed = 0, rc;
	struct error err;
	FILE *fp = fopen(l->source_path, "r");

	if (!fp)
		return source_missing(l);
	fclose(fp);
	memset(&res, 0, sizeof(res));
	rc = cli_open_edition(cli, l->source_path, STORE_READONLY, &jc);
	if (rc)
		goto out;
	grid = jc.pd.src.forms[1].latest;
	if (report_layout_check(l, NULL, NULL, jc.pd.src.forms[0].latest, grid, &d) < 0) {
		rc = print_check(&d);
		goto out;
	}
	diags_release(&d);
	if (prize_compute(&jc.pd.in, &res) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	computed = 1;
	robust = calloc(jc.pd.ncand + 1, sizeof(*robust));
	if (!robust || prize_robustness(&jc.pd.in, &res, PRIZE_BOOT_SAMPLES, PRIZE_BOOT_SEED, robust) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
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
	rp.res = &res;
	rp.robust = robust;
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
	if (computed)
		prize_result_release(&res);
	free(robust);
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
