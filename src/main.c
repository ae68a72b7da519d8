/*
 * main: global options, the command table and dispatch.  Each command lives
 * in its own file under cli/ with its usage and help text beside its code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/afile.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "version.h"

static const struct command *const commands[] = {
	&cmd_init,
	&cmd_survey_check,
	&cmd_survey_load,
	&cmd_survey_list,
	&cmd_survey_show,
	&cmd_survey_import_xlsform,
	&cmd_survey_export_xlsform,
	&cmd_survey_paper,
	&cmd_invite,
	&cmd_mail,
	&cmd_serve,
	&cmd_responses_import,
	&cmd_responses_export,
	&cmd_responses_erase,
	&cmd_simulate,
	&cmd_indicators_check,
	&cmd_indicators_compute,
	&cmd_referential_check,
	&cmd_delphi_start,
	&cmd_delphi_results,
	&cmd_delphi_build,
	&cmd_delphi_weights,
	&cmd_delphi_sensitivity,
	&cmd_describe,
	&cmd_jury_add,
	&cmd_jury_conflict,
	&cmd_jury_assign,
	&cmd_jury_list,
	&cmd_jury_order,
	&cmd_jury_ties,
	&cmd_jury_conflicts,
	&cmd_prize_results,
	&cmd_prize_audit,
	&cmd_prize_followup,
	&cmd_match_sheets,	/* before "match": find_command takes the first match */
	&cmd_match_introduce,
	&cmd_match_followup,
	&cmd_match_indicators,
	&cmd_match,
	&cmd_report_check,	/* before "report": find_command takes the first match */
	&cmd_report,
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char main_usage[] = N_(
	"usage: utilis [--db FILE] [--quiet | --verbose] COMMAND [ARGS]\n"
	"       utilis --help | --version | help COMMAND\n");

/* Width of the command-name column: the longest name. */
static int name_width(void)
{
	size_t i, w = 0;

	for (i = 0; i < NCOMMANDS; i++)
		if (strlen(commands[i]->name) > w)
			w = strlen(commands[i]->name);
	return (int)w;
}

static void print_main_help(FILE *fp)
{
	size_t i;

	fputs(_(main_usage), fp);
	fputs(_("\nutilis measures the social utility of solidarity associations: questionnaires,\n"
	      "collection, indicators and reports, around one workspace file.\n\n"
	      "Commands:\n"), fp);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-*s  %s\n", name_width(), commands[i]->name, _(commands[i]->summary));
	fputs(_("\nGlobal options:\n"
	      "  --db FILE        workspace file (default: $UTILIS_DB, else ./utilis.db)\n"
	      "  -q, --quiet      print only errors and warnings: no progress bars, no summaries\n"
	      "  -v, --verbose    print more detail: what was left out, how long long steps took\n"
	      "  -h, --help       this help; 'utilis help COMMAND' for one command\n"
	      "  --version        print the version\n"
	      "\nExit status: 0 ok, 1 failure, 2 usage error, 65 bad data, 74 input/output error.\n"), fp);
}

/*
 * The main help, written whole: it is longer than stdio's buffer, so printed
 * straight to stdout a write failed in its middle and the final flush found
 * the error flag without its reason.  Printed to memory, then written and
 * flushed at once, a failure keeps its errno.  Returns an exit status,
 * having said why when it is not EXIT_OK.
 */
static int main_help(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int err;

	if (!mem) {
		fputs("error: out of memory\n", stderr);
		return EXIT_FAIL;
	}
	print_main_help(mem);
	if (fclose(mem) == EOF) {
		free(buf);
		fputs("error: out of memory\n", stderr);
		return EXIT_FAIL;
	}
	errno = 0;
	if (fwrite(buf, 1, len, stdout) == len && fflush(stdout) != EOF) {
		free(buf);
		return EXIT_OK;
	}
	err = errno;
	free(buf);
	if (err == EPIPE)
		return EXIT_OK;	/* the reader went away: as finish_stdout() */
	fprintf(stderr, _("error: cannot write standard output: %s\n"), strerror(err));
	return EXIT_IOERR;
}

/* Find the command named by argv[0] (and argv[1] for two-word commands). */
static const struct command *find_command(int argc, char **argv, int *nwords)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		const char *name = commands[i]->name;
		const char *sp = strchr(name, ' ');

		if (!sp) {
			if (!strcmp(argv[0], name)) {
				*nwords = 1;
				return commands[i];
			}
		} else if (argc >= 2 && strlen(argv[0]) == (size_t)(sp - name) &&
			   !strncmp(argv[0], name, (size_t)(sp - name)) && !strcmp(argv[1], sp + 1)) {
			*nwords = 2;
			return commands[i];
		}
	}
	return NULL;
}

/* Is word the first word of a two-word command ("survey")? */
static int is_group(const char *word)
{
	size_t i, n = strlen(word);

	for (i = 0; i < NCOMMANDS; i++)
		if (!strncmp(commands[i]->name, word, n) && commands[i]->name[n] == ' ')
			return 1;
	return 0;
}

/*
 * The command word closest to word, for a "did you mean": among the first
 * words of the commands when group is NULL, else among the second words of
 * group's commands ("lod" in "survey" gives "load").  NULL when none is
 * close enough (util/diag.h did_you_mean()).
 */
static const char *suggest_command(const char *word, const char *group)
{
	static char words[NCOMMANDS][40];
	const char *cand[NCOMMANDS + 1];
	size_t i, k = 0, n = group ? strlen(group) : 0;

	for (i = 0; i < NCOMMANDS; i++) {
		const char *name = commands[i]->name, *sp = strchr(name, ' ');
		size_t len;

		if (group) {
			if (!sp || (size_t)(sp - name) != n || strncmp(name, group, n))
				continue;
			name = sp + 1;
			len = strlen(name);
		} else {
			len = sp ? (size_t)(sp - name) : strlen(name);
		}
		if (len >= sizeof(words[0]))
			continue;
		memcpy(words[k], name, len);
		words[k][len] = '\0';
		cand[k] = words[k];
		k++;
	}
	cand[k] = NULL;
	return did_you_mean(word, cand);
}

/* "; did you mean 'utilis survey load'?" after an unknown command, or nothing. */
static void print_no_command(const char *word, const char *group)
{
	const char *hint = suggest_command(word, group);

	if (group)
		fprintf(stderr, _("error: no command 'utilis %s %s'"), group, word);
	else
		fprintf(stderr, _("error: no command '%s'"), word);
	if (hint)
		fprintf(stderr, _("; did you mean 'utilis %s%s%s'?\n"), group ? group : "", group ? " " : "",
			hint);
	else
		fputs(group ? "\n" : _("; see 'utilis --help'\n"), stderr);
}

static void print_group(FILE *fp, const char *word)
{
	size_t i, n = strlen(word);

	fprintf(fp, _("'utilis %s' commands:\n"), word);
	for (i = 0; i < NCOMMANDS; i++)
		if (!strncmp(commands[i]->name, word, n) && commands[i]->name[n] == ' ')
			fprintf(fp, "  %-*s  %s\n", name_width(), commands[i]->name, _(commands[i]->summary));
}

static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;
	int nwords;

	if (argc < 2)
		return main_help();
	cmd = find_command(argc - 1, argv + 1, &nwords);
	if (cmd) {
		cli_print_help(stdout, cmd);
		return EXIT_OK;
	}
	if (is_group(argv[1])) {
		print_group(stdout, argv[1]);
		return EXIT_OK;
	}
	print_no_command(argv[1], NULL);
	return EXIT_USAGE;
}

/*
 * Standard output is buffered: a command that printed to a full disk or a
 * closed file descriptor saw every printf succeed.  Check once here, after
 * the command, as git does: flush, look at the stream's error flag, close.
 * Returns status unchanged when the command already failed or everything
 * was written, else prints why and returns EXIT_IOERR.  A reader that went
 * away (EPIPE, when SIGPIPE is ignored) is no error of ours: the output was
 * not wanted any more.
 */
static int finish_stdout(int status)
{
	int rc = 0, err = 0;

	if (status != EXIT_OK)
		return status;
	errno = 0;
	if (fflush(stdout) == EOF) {
		rc = -1;
		err = errno;
	} else if (ferror(stdout)) {
		rc = -1;	/* an earlier write failed; its reason is gone */
	}
	errno = 0;
	if (fclose(stdout) == EOF && !rc) {
		rc = -1;
		err = errno;
	}
	if (!rc || err == EPIPE)
		return status;
	if (err)
		fprintf(stderr, _("error: cannot write standard output: %s\n"), strerror(err));
	else
		fputs(_("error: cannot write standard output\n"), stderr);
	return EXIT_IOERR;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { NULL, 0, 0 };
	const struct command *cmd;
	int c, nwords;

	/* '+': stop at the first non-option, the command name. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+qvh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': cli.db_path = optarg; break;
		case 'q': cli.quiet = 1; break;
		case 'v': cli.verbose = 1; break;
		case 'h': return main_help();
		case 'V': printf("utilis %s\n", UTILIS_VERSION); return EXIT_OK;
		default:
			fprintf(stderr, _("error: unknown option '%s'\n%s"), argv[optind - 1], _(main_usage));
			return EXIT_USAGE;
		}
	}
	if (!cli.db_path)
		cli.db_path = getenv("UTILIS_DB");
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "utilis.db";
	afile_protect(cli.db_path);	/* no output replaces it, even before it is opened */
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs(_(main_usage), stderr);
		fputs(_("see 'utilis --help' for the commands\n"), stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[0], "help"))
		return cmd_help(argc, argv);
	cmd = find_command(argc, argv, &nwords);
	if (!cmd) {
		if (is_group(argv[0])) {
			if (argc >= 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h"))
				print_no_command(argv[1], argv[0]);
			else if (argc < 2)
				fprintf(stderr, _("error: 'utilis %s' needs a subcommand\n"), argv[0]);
			else {
				print_group(stdout, argv[0]);
				return EXIT_OK;
			}
			print_group(stderr, argv[0]);
			return EXIT_USAGE;
		}
		print_no_command(argv[0], NULL);
		return EXIT_USAGE;
	}
	/* The command sees its own name as argv[0], options after it. */
	argv[nwords - 1] = (char *)cmd->name;
	return cmd->run(&cli, argc - (nwords - 1), argv + (nwords - 1));
}

int main(int argc, char **argv)
{
	i18n_init();
	return finish_stdout(run(argc, argv));
}
