/*
 * cli: what the subcommands share.  The command-line layer is the only one
 * that prints to the terminal and chooses exit codes; the modules below it
 * return errors.
 */
#ifndef UTILIS_CLI_H
#define UTILIS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "util/consts.h"

struct store;
struct survey;
struct diags;

/* Exit codes (sysexits.h where one fits). */
enum {
	EXIT_OK = 0,		/* success */
	EXIT_FAIL = 1,		/* failure not otherwise classified */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_DATAERR = 65,	/* bad input data (EX_DATAERR) */
	EXIT_IOERR = 74,	/* input/output error (EX_IOERR) */
};

/* Options that apply to every command. */
struct cli {
	const char *db_path;	/* workspace file: --db, UTILIS_DB, or ./utilis.db */
	int quiet;		/* --quiet: only errors */
	int verbose;		/* --verbose: more detail */
};

/* One entry of the command table. */
struct command {
	const char *name;	/* "init", "survey check"... */
	int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is the command name */
	const char *usage;	/* one or more lines: "utilis survey check FILE..." */
	const char *summary;	/* one line for the command list */
	const char *help;	/* the rest of `utilis help CMD`: options, details */
};

extern const struct command cmd_init, cmd_survey_check, cmd_survey_load,
	cmd_survey_list, cmd_survey_show;
extern const struct command cmd_invite, cmd_mail, cmd_serve;
extern const struct command cmd_jury_add, cmd_jury_conflict, cmd_jury_assign, cmd_jury_list,
	cmd_prize_results, cmd_prize_audit;
extern const struct command cmd_jury_order;
extern const struct command cmd_jury_ties, cmd_jury_conflicts, cmd_prize_followup;
extern const struct command cmd_indicators_check, cmd_indicators_compute, cmd_describe;
extern const struct command cmd_responses_import, cmd_responses_export, cmd_responses_erase,
	cmd_simulate, cmd_survey_import_xlsform, cmd_survey_export_xlsform;
extern const struct command cmd_report_check, cmd_report, cmd_survey_paper;
extern const struct command cmd_referential_check, cmd_delphi_start, cmd_delphi_results,
	cmd_delphi_build, cmd_delphi_weights, cmd_delphi_sensitivity;
extern const struct command cmd_match;
extern const struct command cmd_match_sheets, cmd_match_introduce, cmd_match_followup,
	cmd_match_indicators;

/*
 * Load the model of a stored survey version (version 0: the highest) into
 * *out, with its row in *sv (release both).  Prints the reason and returns
 * an exit code when there is no such survey or it no longer loads.
 */
struct survey_version;
int cli_stored_survey(struct store *st, const char *form_id, int version,
		      struct survey_version *sv, struct survey **out);

/* Print "error: MESSAGE" to stderr and return ret (an exit code). */
int cli_error(int ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The exit status of a module's UT_E* code (util/err.h): the one mapping. */
int cli_exit(int code);
/* Print "warning: MESSAGE" to stderr. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage error for cmd with a pointer to its help; returns EXIT_USAGE. */
int cli_usage_error(const struct command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print to stdout unless --quiet. */
void cli_info(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Parse the options of a command with getopt_long.  Handles -h/--help
 * (prints the command's help, returns EXIT_OK through *done) and unknown
 * options (usage error).  Returns the option character, -1 at the end of
 * options, or '?' after printing a usage error.
 */
struct option;
int cli_getopt(const struct command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);
/* Print the full help of a command to fp. */
void cli_print_help(FILE *fp, const struct command *cmd);

/*
 * Read a whole file (at most max bytes) into a malloc'd NUL-terminated
 * buffer.  Returns 0, or prints "cannot read 'PATH': reason" and returns
 * EXIT_IOERR (EXIT_DATAERR when the file is too large).
 */
int cli_read_file(const char *path, size_t max, char **out, size_t *len);
/*
 * Open the workspace; prints the reason and returns an exit code on
 * failure.  When another program holds the workspace's write lock, the
 * command then waits up to $UTILIS_WAIT seconds (default 600) and says, on
 * standard error, that it waits.
 */
int cli_open_store(const struct cli *cli, int flags, struct store **out);
/*
 * Refuse an output file that is the workspace or one of its files
 * (util/afile.h): prints the reason and returns EXIT_USAGE, else EXIT_OK.
 * Called before any work, so that nothing is written.
 */
int cli_check_output(const char *path);
/* Where links point unless told: --base-url, else $UTILIS_BASE_URL, else this. */
#define CLI_DEFAULT_BASE_URL "http://127.0.0.1:8080"
struct strbuf;
/*
 * Write a whole result to standard output, checked once: EXIT_OK, or an
 * error printed and EXIT_FAIL when an append to sb failed (its sticky
 * error: nothing is written then), EXIT_IOERR when stdout cannot take it.
 */
int cli_write_stdout(const struct strbuf *sb);
/*
 * The server's public address for links (given, else $UTILIS_BASE_URL,
 * else CLI_DEFAULT_BASE_URL) into out without its trailing slashes,
 * checked: http:// or https://, no character a link cannot hold.  Prints
 * the reason (a usage error of cmd) and returns an exit code.
 */
int cli_base_url(const struct command *cmd, const char *given, struct strbuf *out);
/*
 * An indicator set from path, its diagnostics printed (a prize edition or a
 * referential: a message); then checked against models (one per
 * set->surveys).  EXIT_OK, or an exit code.
 */
struct indicator_set;
int cli_read_set(const char *path, struct indicator_set **out);
int cli_check_set(struct indicator_set *set, struct survey *const *models);
/*
 * The command line's side of analysis/ind_run.h: the workspace opened by
 * cli_open_store(), each stage's diagnostics printed as they come.  The
 * hooks' ctx is c, which a command may embed first in a larger context
 * (for its own prepare hook).  A hook that fails says why and leaves the
 * exit code in c->exit.
 */
struct cli_ind {
	const struct cli *cli;	/* the global options */
	int exit;		/* the exit code of a hook that failed and said why, else 0 */
};
struct ind_hooks;
struct ind_run;
struct error;
void cli_ind_hooks(struct ind_hooks *h, struct cli_ind *c);
/*
 * The exit code of a run that stopped with rc: for a parse or a check, the
 * diagnostics said why; for a hook, its own; else err's message printed.
 * The messages of a file that is not a set and of a min_group below the
 * set's are the command's, which words them for its own options.
 */
int cli_ind_exit(const struct ind_run *run, int rc, const struct error *err, const struct cli_ind *c);
/* Print diagnostics to stderr (sorted). */
void cli_print_diags(struct diags *d);
/*
 * Load a survey definition from a file, printing its diagnostics.  Returns
 * EXIT_OK with *out, or an exit code.  When src_out is not NULL it gets the
 * file's text (malloc'd).
 */
int cli_load_survey(const struct cli *cli, const char *path, struct survey **out,
		    char **src_out, size_t *len_out);
/*
 * Load the definition at path (cli_load_survey) and append it to the
 * growing array *files of *n: a `--survey FILE` option given again and
 * again.  Returns 0 or the exit code (printed).
 */
int cli_add_survey(const struct cli *cli, const char *path, struct survey ***files, size_t *n);

#endif
