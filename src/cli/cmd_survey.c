/*
 * survey: the questionnaire commands — check definitions, load them into
 * the workspace as immutable versions, list what is loaded, and print a
 * readable codebook.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* Questions that take an answer from the respondent (not groups, notes, calculations). */
static size_t count_questions(const struct survey *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nq; i++)
		if (q_is_answered(s->questions[i]))
			n++;
	return n;
}

/* ", 2 repeats: membres, mandats in membres", or "" without repeats (static buffer). */
static const char *repeats_text(const struct survey *s)
{
	static char buf[512];
	size_t i, n;

	if (!s->nrepeats)
		return "";
	n = (size_t)snprintf(buf, sizeof(buf), ", %zu repeat%s:", s->nrepeats,
			     s->nrepeats == 1 ? "" : "s");
	for (i = 0; i < s->nrepeats && n < sizeof(buf); i++) {
		const struct question *r = s->repeats[i];

		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s %s%s%s", i ? "," : "", r->name,
				      r->repeat ? " in " : "", r->repeat ? r->repeat->name : "");
	}
	if (n >= sizeof(buf))
		snprintf(buf + sizeof(buf) - 5, 5, "...");
	return buf;
}

/* Options shared by check and load: only --help. */
static int parse_help_only(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, ":h", opts)) != -1) {
		if (c == 'h') {
			cli_print_help(stdout, cmd);
			return -1;
		}
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* utilis survey check FILE... */
static int run_check(struct cli *cli, int argc, char **argv)
{
	int i, rc = parse_help_only(&cmd_survey_check, argc, argv), worst = EXIT_OK;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return cli_usage_error(&cmd_survey_check, "no file to check");
	for (i = optind; i < argc; i++) {
		struct survey *s;

		rc = cli_load_survey(cli, argv[i], &s, NULL, NULL);
		if (rc) {
			if (worst == EXIT_OK || rc == EXIT_IOERR)
				worst = rc;
			continue;
		}
		cli_info(cli, "%s: ok (%s version %d, %zu question%s%s)\n", argv[i], s->form_id,
			 s->version, count_questions(s), count_questions(s) == 1 ? "" : "s",
			 repeats_text(s));
		survey_free(s);
	}
	return worst;
}

const struct command cmd_survey_check = {
	"survey check", run_check,
	"utilis survey check FILE...",
	N_("validate questionnaire definitions without loading them"),
	N_("Every problem is reported at once, as FILE:LINE:COL: error: message (or\n"
	"warning:), and the exit status is 65 when a file has an error.  Warnings\n"
	"(a missing translation, an unused choice list) do not fail the check.\n"
	"The format is described in docs/questionnaire-format.md.\n"),
};

/* utilis survey load FILE... */
static int run_load(struct cli *cli, int argc, char **argv)
{
	struct survey **sv;
	char **src;
	size_t *len;
	struct store *st = NULL;
	struct error err;
	int i, j, n, rc = parse_help_only(&cmd_survey_load, argc, argv), worst = EXIT_OK;

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind >= argc)
		return cli_usage_error(&cmd_survey_load, "no file to load");
	n = argc - optind;
	sv = calloc((size_t)n, sizeof(*sv));
	src = calloc((size_t)n, sizeof(*src));
	len = calloc((size_t)n, sizeof(*len));
	if (!sv || !src || !len) {
		worst = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	/* All files are checked before anything is written. */
	for (i = 0; i < n; i++) {
		rc = cli_load_survey(cli, argv[optind + i], &sv[i], &src[i], &len[i]);
		if (rc && (worst == EXIT_OK || rc == EXIT_IOERR))
			worst = rc;
	}
	for (i = 0; i < n && worst == EXIT_OK; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(sv[i]->form_id, sv[j]->form_id))
				worst = cli_error(EXIT_DATAERR, "'%s' and '%s' both define form_id '%s'",
						  argv[optind + j], argv[optind + i], sv[i]->form_id);
	if (worst) {
		fprintf(stderr, _("nothing was loaded\n"));
		goto out;
	}
	rc = cli_open_store(cli, 0, &st);
	if (rc) {
		worst = rc;
		goto out;
	}
	if (store_begin(st, &err) < 0) {
		worst = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	for (i = 0; i < n; i++) {
		enum store_put_result res;
		const char *title = label_get(sv[i], &sv[i]->title, sv[i]->default_lang);

		rc = store_survey_put(st, sv[i]->form_id, sv[i]->version, title, argv[optind + i],
				      src[i], &res, &err);
		if (rc < 0) {
			store_rollback(st);
			worst = cli_error(cli_exit(rc), "%s: %s",
					  argv[optind + i], err.msg);
			fprintf(stderr, _("nothing was loaded\n"));
			goto out;
		}
		if (res == STORE_ADDED)
			cli_info(cli, "loaded %s version %d (%zu questions%s) from %s\n", sv[i]->form_id,
				 sv[i]->version, count_questions(sv[i]), repeats_text(sv[i]),
				 argv[optind + i]);
		else
			cli_info(cli, "%s version %d is already loaded, unchanged\n", sv[i]->form_id,
				 sv[i]->version);
	}
	if (store_commit(st, &err) < 0)
		worst = cli_error(EXIT_IOERR, "%s", err.msg);
out:
	if (st)
		store_close(st);
	for (i = 0; sv && i < n; i++) {
		survey_free(sv[i]);
		free(src[i]);
	}
	free(sv);
	free(src);
	free(len);
	return worst;
}

const struct command cmd_survey_load = {
	"survey load", run_load,
	"utilis survey load FILE...",
	N_("check definitions and store them in the workspace as new versions"),
	N_("Each definition is stored as an immutable version: its form_id, version,\n"
	"SHA-256 and full text.  Loading the same file again changes nothing; a\n"
	"changed file must raise its 'version'.  All files are checked first and\n"
	"loaded in one transaction: on any error nothing is loaded (exit 65).\n"),
};

/* utilis survey list */
static int run_list(struct cli *cli, int argc, char **argv)
{
	struct store *st;
	struct survey_version *v;
	struct error err;
	size_t n, i;
	int rc = parse_help_only(&cmd_survey_list, argc, argv);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (optind < argc)
		return cli_usage_error(&cmd_survey_list, "unexpected argument '%s'", argv[optind]);
	rc = cli_open_store(cli, STORE_READONLY, &st);
	if (rc)
		return rc;
	if (store_survey_list(st, &v, &n, &err) < 0) {
		store_close(st);
		return cli_error(EXIT_IOERR, "%s", err.msg);
	}
	if (n == 0) {
		if (!cli->quiet)
			fprintf(stderr, _("no survey loaded yet; load one with 'utilis survey load FILE'\n"));
	} else {
		printf("%-24s %7s %11s  %-20s  %s\n", "FORM_ID", "VERSION", "RESPONDENTS",
		       "LOADED", "TITLE");
		for (i = 0; i < n; i++)
			printf("%-24s %7d %11lld  %-20s  %s\n", v[i].form_id, v[i].version,
			       (long long)v[i].nrespondents, v[i].loaded_at,
			       v[i].title ? v[i].title : "");
	}
	survey_versions_free(v, n);
	store_close(st);
	return EXIT_OK;
}

const struct command cmd_survey_list = {
	"survey list", run_list,
	"utilis survey list",
	N_("list the survey versions in the workspace"),
	N_("One line per stored version: form_id, version, number of respondents,\n"
	"when it was loaded (UTC) and its title in the default language.\n"),
};

/* --- survey show: the codebook ------------------------------------------ */

struct codebook {
	const struct survey *s;	/* the survey */
	size_t lang;		/* language index to print */
};

static void print_label_line(const struct codebook *cb, const char *indent, const char *what,
			     const struct label *l)
{
	const char *t = label_get(cb->s, l, cb->lang);

	if (t && *t)
		printf("%s%s%s\n", indent, what, t);
}

static void print_item(const struct codebook *cb, const struct question *q, const char *num,
		       int depth)
{
	char ind[64], sub[64];
	struct strbuf kind = STRBUF_INIT;
	size_t i;

	snprintf(ind, sizeof(ind), "%*s", depth * 2, "");
	snprintf(sub, sizeof(sub), "%*s", depth * 2 + 4, "");
	strbuf_addstr(&kind, qtype_name(q->type));
	if (q->list)
		strbuf_addf(&kind, " %s", q->list->name);
	if (q->required)
		strbuf_addstr(&kind, ", required");
	if (q->required_src)
		strbuf_addf(&kind, ", required if %s", q->required_src);
	printf("%s%s %s (%s)\n", ind, num, q->name, kind.buf);
	strbuf_release(&kind);
	print_label_line(cb, sub, "", &q->label);
	print_label_line(cb, sub, "hint: ", &q->hint);
	if (q->relevant_src)
		printf("%srelevant: %s\n", sub, q->relevant_src);
	if (q->constraint_src) {
		const char *msg = label_get(cb->s, &q->constraint_message, cb->lang);

		printf("%sconstraint: %s%s%s%s\n", sub, q->constraint_src, msg ? " (\"" : "",
		       msg ? msg : "", msg ? "\")" : "");
	}
	if (q->calculation_src)
		printf("%scalculation: %s\n", sub, q->calculation_src);
	if (q->choice_filter_src)
		printf("%schoice filter: %s\n", sub, q->choice_filter_src);
	if (q->default_value)
		printf("%sdefault: %s\n", sub, q->default_value);
	if (q->type == Q_RANGE)
		printf("%srange: %g to %g, step %g\n", sub, q->range_start, q->range_end,
		       q->range_step);
	if (q->type == Q_REPEAT) {
		if (q->repeat_count_src)
			printf("%sinstances: repeat_count %s, at most %u\n", sub, q->repeat_count_src,
			       q->max_count);
		else
			printf("%sinstances: 0 to %u\n", sub, q->max_count);
	}
	if (q->dimension || q->reverse || q->weight > 0) {
		printf("%s", sub);
		if (q->is_scale)
			printf("scale %g-%g", q->scale_min, q->scale_max);
		if (q->dimension)
			printf(", dimension %s", q->dimension);
		if (q->reverse)
			printf(", reverse-coded");
		if (q->weight > 0)
			printf(", weight %g", q->weight);
		printf("\n");
	}
	if (q->list) {
		int width = 1;

		for (i = 0; i < q->list->n; i++)
			if ((int)strlen(q->list->v[i].name) > width)
				width = (int)strlen(q->list->v[i].name);
		for (i = 0; i < q->list->n; i++)
			printf("%s  %-*s  %s\n", sub, width, q->list->v[i].name,
			       label_get(cb->s, &q->list->v[i].label, cb->lang));
	}
	for (i = 0; i < q->nchildren; i++) {
		char child[64];

		snprintf(child, sizeof(child), "%s.%zu", num, i + 1);
		print_item(cb, q->children[i], child, depth + 1);
	}
}

/* utilis survey show FORM_ID [--version N] [--lang CODE] */
static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'n' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st;
	struct error err;
	struct diags d = DIAGS_INIT;
	struct codebook cb;
	const char *lang = NULL;
	long version = 0;
	size_t i;
	int c, rc, li;

	optind = 0;
	while ((c = cli_getopt(&cmd_survey_show, argc, argv, ":h", opts)) != -1) {
		char *end;

		switch (c) {
		case 'n':
			version = strtol(optarg, &end, 10);
			if (*end || version <= 0)
				return cli_usage_error(&cmd_survey_show,
						       "--version needs a positive integer, not '%s'", optarg);
			break;
		case 'l':
			lang = optarg;
			break;
		case 'h':
			cli_print_help(stdout, &cmd_survey_show);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_survey_show, optind >= argc ? "which survey? give its FORM_ID" :
				       "unexpected argument '%s'", argv[argc - 1]);
	rc = cli_open_store(cli, STORE_READONLY, &st);
	if (rc)
		return rc;
	rc = store_survey_get(st, argv[optind], (int)version, &sv, &err);
	store_close(st);
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 0) {
		if (version)
			return cli_error(EXIT_FAIL, "no version %ld of survey '%s' in the workspace",
					 version, argv[optind]);
		return cli_error(EXIT_FAIL, "no survey '%s' in the workspace; see 'utilis survey list'",
				 argv[optind]);
	}
	if (survey_load(&s, sv.file ? sv.file : sv.form_id, sv.source, strlen(sv.source), &d) < 0) {
		cli_print_diags(&d);
		diags_release(&d);
		survey_version_release(&sv);
		return cli_error(EXIT_DATAERR, "stored survey '%s' no longer loads", argv[optind]);
	}
	diags_release(&d);
	cb.s = s;
	cb.lang = s->default_lang;
	if (lang) {
		li = survey_lang(s, lang);
		if (li < 0) {
			struct strbuf sb = STRBUF_INIT;

			for (i = 0; i < s->nlang; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", s->languages[i]);
			rc = cli_error(EXIT_USAGE, "survey '%s' has no language '%s' (it has: %s)",
				       s->form_id, lang, sb.buf);
			strbuf_release(&sb);
			goto out;
		}
		cb.lang = (size_t)li;
	}
	printf("%s\n", label_get(s, &s->title, cb.lang));
	printf("form_id %s, version %d, loaded %s from %s\n", s->form_id, s->version, sv.loaded_at,
	       sv.file ? sv.file : "?");
	printf("languages:");
	for (i = 0; i < s->nlang; i++)
		printf("%s %s%s", i ? "," : "", s->languages[i], i == s->default_lang ? " (default)" : "");
	printf("; %s%s; %zu question%s%s\nsha256 %s\n",
	       s->panel ? (s->anonymous ? "panel (pseudonymous)" : "panel, not anonymous") :
	       s->anonymous ? "anonymous" : "not anonymous",
	       s->is_public ? ", public link" : "", count_questions(s),
	       count_questions(s) == 1 ? "" : "s", repeats_text(s), sv.sha256);
	for (i = 0; i < s->ntop; i++) {
		char num[32];

		snprintf(num, sizeof(num), "%zu", i + 1);
		printf("\n");
		print_item(&cb, s->top[i], num, 0);
	}
	rc = EXIT_OK;
out:
	survey_free(s);
	survey_version_release(&sv);
	return rc;
}

const struct command cmd_survey_show = {
	"survey show", run_show,
	"utilis survey show FORM_ID [--version N] [--lang CODE]",
	N_("print the codebook of a loaded survey"),
	N_("Options:\n"
	"  --version N    that version (default: the highest loaded)\n"
	"  --lang CODE    labels in that language (default: the survey's default)\n"
	"\n"
	"The codebook lists every group and question in order with its number,\n"
	"name, type, label, hint, relevance, constraint, calculation, scale and\n"
	"dimension, and the choices of each list.\n"),
};
