/*
 * jury order: the order in which the jury discusses the candidates at its
 * meeting, so that jurors with a conflict of interest leave the room as
 * seldom as possible (analysis/discuss).  Table or JSON; the scorecards
 * print the same order.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/discuss.h"
#include "analysis/jury.h"
#include "cli/cli.h"
#include "cli/edition.h"
#include "store/store.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* The jurors conflicted in cur and not in prev (NULL: none), comma-separated. */
static void names(struct strbuf *sb, const struct prize_data *pd, const unsigned char *cur,
		  const unsigned char *prev)
{
	size_t j;

	strbuf_reset(sb);
	for (j = 0; j < pd->njuror; j++)
		if (cur[j] && !(prev && prev[j]))
			strbuf_addf(sb, "%s%s", sb->len ? ", " : "", pd->jurors[j].name);
	if (!sb->len)
		strbuf_addstr(sb, "-");
}

static void json_jurors(struct json_writer *w, const char *key, const struct prize_data *pd,
			const unsigned char *cur, const unsigned char *prev)
{
	size_t j;

	json_key(w, key);
	json_begin_array(w);
	for (j = 0; j < pd->njuror; j++)
		if (cur && cur[j] && !(prev && prev[j])) {
			json_begin_object(w);
			json_kv_int(w, "id", pd->jurors[j].id);
			json_kv_string(w, "name", pd->jurors[j].name);
			json_end_object(w);
		}
	json_end_array(w);
}

/* utilis jury order EDITION [--format table|json] */
static int run_order(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf line = STRBUF_INIT, who = STRBUF_INIT;
	struct jury_ctx c;
	size_t *order = NULL, *id_order = NULL, exits = 0, i, nj;
	int ch, rc, json = 0;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_order, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'f':
			if (!strcmp(optarg, "json"))
				json = 1;
			else if (strcmp(optarg, "table"))
				return cli_usage_error(&cmd_jury_order, "--format is table or json, not '%s'", optarg);
			break;
		case 'h': cli_print_help(stdout, &cmd_jury_order); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_jury_order, "give the EDITION file");
	rc = cli_open_edition(cli, argv[optind], STORE_READONLY, &c);
	if (rc) {
		jury_ctx_release(&c);
		return rc;
	}
	nj = c.pd.njuror;
	order = malloc((c.pd.ncand + 1) * sizeof(*order));
	id_order = malloc((c.pd.ncand + 1) * sizeof(*id_order));
	if (!order || !id_order || discuss_order(c.pd.conflict, c.pd.ncand, nj, order, &exits) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < c.pd.ncand; i++)
		id_order[i] = i;
	if (json) {
		struct strbuf sb = STRBUF_INIT;
		struct json_writer w;

		json_writer_init(&w, &sb, 2);
		json_begin_object(&w);
		json_kv_string(&w, "edition", c.e->id);
		json_kv_int(&w, "exits", (int64_t)exits);
		json_kv_int(&w, "exits_in_application_order",
			    (int64_t)discuss_exits(c.pd.conflict, c.pd.ncand, nj, id_order));
		json_key(&w, "order");
		json_begin_array(&w);
		for (i = 0; i < c.pd.ncand; i++) {
			const unsigned char *cur = c.pd.conflict + order[i] * nj;
			const unsigned char *prev = i ? c.pd.conflict + order[i - 1] * nj : NULL;

			json_begin_object(&w);
			json_kv_int(&w, "position", (int64_t)i + 1);
			json_kv_int(&w, "candidate_id", c.pd.cand_id[order[i]]);
			json_kv_string(&w, "candidate", c.pd.cand_name[order[i]]);
			json_jurors(&w, "out", &c.pd, cur, NULL);
			json_jurors(&w, "leave", &c.pd, cur, prev);
			json_jurors(&w, "come_back", &c.pd, prev, cur);
			json_end_object(&w);
		}
		json_end_array(&w);
		json_end_object(&w);
		if (json_writer_finish(&w) < 0)
			rc = cli_error(EXIT_FAIL, "cannot write the JSON output");
		else
			printf("%s\n", sb.buf);
		strbuf_release(&sb);
		goto out;
	}
	printf("%s: %zu candidates; jurors leave the room %zu time%s (%zu in application order)\n\n",
	       c.e->id, c.pd.ncand, exits, exits == 1 ? "" : "s",
	       discuss_exits(c.pd.conflict, c.pd.ncand, nj, id_order));
	strbuf_add_cell(&line, "", 3, 1);
	strbuf_addstr(&line, "  ");
	strbuf_add_cell(&line, "ID", 4, 1);
	strbuf_addstr(&line, "  ");
	strbuf_add_cell(&line, "CANDIDATE", 44, 0);
	strbuf_addstr(&line, " OUT OF THE ROOM");
	puts(line.buf);
	for (i = 0; i < c.pd.ncand; i++) {
		char pos[24], id[24];

		snprintf(pos, sizeof(pos), "%zu", i + 1);
		snprintf(id, sizeof(id), "%lld", (long long)c.pd.cand_id[order[i]]);
		names(&who, &c.pd, c.pd.conflict + order[i] * nj, NULL);
		strbuf_reset(&line);
		strbuf_add_cell(&line, pos, 3, 1);
		strbuf_addstr(&line, "  ");
		strbuf_add_cell(&line, id, 4, 1);
		strbuf_addstr(&line, "  ");
		strbuf_add_cell(&line, c.pd.cand_name[order[i]], 44, 0);
		strbuf_addf(&line, " %s", who.buf);
		while (line.len && line.buf[line.len - 1] == ' ')
			line.buf[--line.len] = '\0';
		puts(line.buf);
	}
out:
	strbuf_release(&line);
	strbuf_release(&who);
	free(order);
	free(id_order);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_order = {
	"jury order", run_order,
	"utilis jury order EDITION [--format table|json]",
	N_("the order to discuss the candidates in, so that jurors leave the room least often"),
	N_("A juror with a conflict of interest leaves the room while the candidate\n"
	"is discussed.  The order puts next to each other the candidates whose\n"
	"conflicted jurors are the same, so that jurors leave and come back as\n"
	"seldom as possible (nearest neighbour then 2-opt over the differences\n"
	"between the conflict sets; the same conflicts always give the same\n"
	"order).  The table names the jurors out of the room for each candidate\n"
	"and says how many exits the order saves against the application order;\n"
	"the JSON also says who leaves and who comes back before each candidate.\n"
	"Options:\n"
	"  --format F   table (default) or json\n"),
};
