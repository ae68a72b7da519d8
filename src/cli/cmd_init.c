/*
 * init: create the workspace file, or bring an existing one to the current
 * schema.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"
#include "util/i18n.h"

static int run_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store *st;
	int c, rc;

	optind = 0;
	while ((c = cli_getopt(&cmd_init, argc, argv, ":h", opts)) != -1) {
		if (c == 'h') {
			cli_print_help(stdout, &cmd_init);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind < argc)
		return cli_usage_error(&cmd_init, "unexpected argument '%s'", argv[optind]);
	rc = cli_open_store(cli, STORE_CREATE, &st);
	if (rc)
		return rc;
	store_close(st);
	cli_info(cli, "workspace '%s' is ready\n", cli->db_path);
	return EXIT_OK;
}

const struct command cmd_init = {
	"init", run_init,
	"utilis [--db FILE] init",
	N_("create the workspace (or update an existing one to this version's schema)"),
	N_("The workspace is one SQLite file holding surveys, respondents, answers and\n"
	"the audit log: ./utilis.db unless --db or $UTILIS_DB names another.\n"
	"Running init on an existing workspace is harmless.\n"),
};
