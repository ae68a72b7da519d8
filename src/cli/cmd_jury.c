/*
 * jury: the prize jury's commands — add jurors, record conflicts of
 * interest, assign candidates to jurors, and follow their progress.  An
 * EDITION argument is the edition's definition file (indicators/prix-*.yaml).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/assign.h"
#include "analysis/jury.h"
#include "cli/cli.h"
#include "collect/token.h"
#include "cli/edition.h"
#include "store/store.h"
#include "util/strbuf.h"

/* --- jury add --------------------------------------------------------------- */

/* utilis jury add EDITION --name NAME [--email EMAIL] [--organisation ORG] [--base-url URL] */
static int run_add(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "email", required_argument, NULL, 'e' },
		{ "organisation", required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *email = NULL, *org = NULL, *base = "http://127.0.0.1:8080";
	char token[TOKEN_LEN + 1];
	struct jury_ctx c;
	struct error err;
	int64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_add, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'n': name = optarg; break;
		case 'e': email = optarg; break;
		case 'o': org = optarg; break;
		case 'b': base = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_jury_add); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_jury_add, "give the EDITION file");
	if (!name || !*name)
		return cli_usage_error(&cmd_jury_add, "--name is required");
	if (email && !strchr(email, '@'))
		return cli_usage_error(&cmd_jury_add, "'%s' is not an email address", email);
	rc = cli_open_edition(cli, argv[optind], 0, &c);
	if (rc == EXIT_OK) {
		if (token_new(token, &err) < 0) {
			rc = cli_error(EXIT_FAIL, "%s", err.msg);
		} else if ((rc = store_juror_add(c.st, c.e->id, name, email, org, token, &id, &err)) < 0) {
			rc = cli_error(rc == STORE_EDATA ? EXIT_DATAERR : EXIT_IOERR, "%s", err.msg);
		} else {
			rc = EXIT_OK;
			cli_info(cli, "added juror %lld, %s, to %s\n", (long long)id, name, c.e->id);
			int n = (int)strlen(base);

			while (n > 0 && base[n - 1] == '/')	/* "https://x.org/" is meant too */
				n--;
			printf("%.*s/j/%s\n", n, base, token);
		}
	}
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_add = {
	"jury add", run_add,
	"utilis jury add EDITION --name NAME [--email EMAIL] [--organisation ORG] [--base-url URL]",
	"add a juror to a prize edition and print their personal link",
	"EDITION is the edition's definition file, such as indicators/prix-2018.yaml.\n"
	"The juror's link (printed on stdout, one line) opens their page in\n"
	"'utilis serve': the candidates assigned to them and the grid for each.\n"
	"Options:\n"
	"  --name NAME            the juror's name (required)\n"
	"  --email EMAIL          their email; unique within an edition\n"
	"  --organisation ORG     the association or company they come from\n"
	"  --base-url URL         the server's public address (default http://127.0.0.1:8080)\n",
};

/* --- jury conflict ---------------------------------------------------------- */

/* Resolve a juror given as id, email or token; prints the error. */
static int find_juror(struct jury_ctx *c, const char *key, struct juror *j)
{
	struct error err;
	int rc = store_juror_find(c->st, c->e->id, key, j, &err);

	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 0)
		return cli_error(EXIT_DATAERR, "no juror '%s' in %s (give an id, an email or a token; see 'utilis jury list')",
				 key, c->e->id);
	return EXIT_OK;
}

/* Resolve a candidate given as its respondent id; prints the error. */
static int find_candidate(struct jury_ctx *c, const char *key, long *idx)
{
	char *end;
	long long id = strtoll(key, &end, 10);

	*idx = -1;
	if (*key && !*end)
		*idx = prize_data_candidate(&c->pd, id);
	if (*idx < 0)
		return cli_error(EXIT_DATAERR, "no candidate '%s' in %s (give the number shown by 'utilis jury list')",
				 key, c->e->id);
	return EXIT_OK;
}

/* utilis jury conflict EDITION JUROR CANDIDATE --reason TEXT */
static int run_conflict(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL;
	struct jury_ctx c;
	struct juror j = { 0 };
	struct error err;
	long ci;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_conflict, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'r': reason = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_jury_conflict); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 3)
		return cli_usage_error(&cmd_jury_conflict, "give EDITION, JUROR and CANDIDATE");
	if (!reason || !*reason)
		return cli_usage_error(&cmd_jury_conflict, "--reason is required: the audit keeps it");
	rc = cli_open_edition(cli, argv[optind], 0, &c);
	if (rc == EXIT_OK)
		rc = find_juror(&c, argv[optind + 1], &j);
	if (rc == EXIT_OK)
		rc = find_candidate(&c, argv[optind + 2], &ci);
	if (rc == EXIT_OK) {
		int assigned = c.pd.assigned[(size_t)ci * c.pd.njuror + (size_t)prize_data_juror(&c.pd, j.id)];

		rc = store_jury_conflict(c.st, c.e->id, j.id, c.pd.cand_id[ci], reason, 0, &err);
		if (rc < 0) {
			rc = cli_error(rc == STORE_EDATA ? EXIT_DATAERR : EXIT_IOERR, "%s", err.msg);
		} else {
			rc = EXIT_OK;
			cli_info(cli, "recorded: %s has a conflict of interest with candidate %lld, %s%s\n",
				 j.name, (long long)c.pd.cand_id[ci], c.pd.cand_name[ci],
				 assigned ? "; the assignment is removed (run 'utilis jury assign' to replace it)" : "");
		}
	}
	juror_release(&j);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_conflict = {
	"jury conflict", run_conflict,
	"utilis jury conflict EDITION JUROR CANDIDATE --reason TEXT",
	"record a juror's conflict of interest with a candidate",
	"JUROR is the juror's id, email or token; CANDIDATE the candidate's number\n"
	"(both shown by 'utilis jury list').  The pair is never assigned from then\n"
	"on; an existing assignment is removed with any scores it had (the audit\n"
	"keeps them).  Run 'utilis jury assign' again to fill the place.\n",
};

/* --- jury assign ------------------------------------------------------------ */

/* utilis jury assign EDITION --per-candidate K [--seed S] */
static int run_assign(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "per-candidate", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct assign_input in = { 0 };
	struct assign_result res = { 0 };
	unsigned char *unavailable = NULL;
	struct jury_ctx c;
	struct error err;
	long k = 0;
	unsigned long seed = 1;
	size_t ci, ji, added = 0;
	int ch, rc;
	char *end;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_assign, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'k':
			k = strtol(optarg, &end, 10);
			if (*end || k < 1 || k > 1000)
				return cli_usage_error(&cmd_jury_assign, "--per-candidate needs a number from 1 to 1000, not '%s'", optarg);
			break;
		case 's':
			seed = strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return cli_usage_error(&cmd_jury_assign, "--seed needs a whole number, not '%s'", optarg);
			break;
		case 'h': cli_print_help(stdout, &cmd_jury_assign); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_jury_assign, "give the EDITION file");
	if (!k)
		return cli_usage_error(&cmd_jury_assign, "--per-candidate is required");
	rc = cli_open_edition(cli, argv[optind], 0, &c);
	if (rc) {
		jury_ctx_release(&c);
		return rc;
	}
	if (c.pd.ncand == 0 || c.pd.njuror == 0) {
		rc = cli_error(EXIT_FAIL, "%s has %zu submitted applications and %zu jurors: nothing to assign",
			       c.e->id, c.pd.ncand, c.pd.njuror);
		jury_ctx_release(&c);
		return rc;
	}
	in.ncand = c.pd.ncand;
	in.njuror = c.pd.njuror;
	in.k = (size_t)k;
	/*
	 * Not eligible: a conflicted pair, and any new pair with a juror who has
	 * sent their scores (they could not score it).
	 */
	unavailable = malloc(c.pd.ncand * c.pd.njuror + 1);
	if (!unavailable) {
		jury_ctx_release(&c);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	for (ci = 0; ci < c.pd.ncand; ci++)
		for (ji = 0; ji < c.pd.njuror; ji++) {
			size_t cell = ci * c.pd.njuror + ji;

			unavailable[cell] = c.pd.conflict[cell] ||
					    (c.pd.jurors[ji].submitted_at && !c.pd.assigned[cell]);
		}
	in.conflict = unavailable;
	in.existing = c.pd.assigned;
	in.seed = seed;
	if (assign_jurors(&in, &res) < 0) {
		free(unavailable);
		jury_ctx_release(&c);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	/* One transaction: all the new assignments or none. */
	if (store_begin(c.st, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	for (ci = 0; ci < in.ncand && rc == EXIT_OK; ci++)
		for (ji = 0; ji < in.njuror; ji++) {
			size_t cell = ci * in.njuror + ji;

			if (!res.assigned[cell] || c.pd.assigned[cell])
				continue;
			if (store_jury_assign(c.st, c.e->id, c.pd.jurors[ji].id, c.pd.cand_id[ci], &err) < 0) {
				store_rollback(c.st);
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
			added++;
		}
	if (rc == EXIT_OK && store_commit(c.st, &err) < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == EXIT_OK) {
		cli_info(cli, "%zu new assignment%s (%zu juror%s per candidate, seed %lu); loads:", added,
			 added == 1 ? "" : "s", in.k, in.k == 1 ? "" : "s", seed);
		for (ji = 0; ji < in.njuror; ji++)
			cli_info(cli, " %s %zu%s", c.pd.jurors[ji].name, res.load[ji],
				 ji + 1 < in.njuror ? "," : "\n");
		for (ci = 0; ci < in.ncand; ci++)
			if (res.missing[ci])
				cli_warning("candidate %lld, %s, has %zu juror(s) fewer than %zu: too many conflicts",
					    (long long)c.pd.cand_id[ci], c.pd.cand_name[ci], res.missing[ci], in.k);
	}
out:
	free(unavailable);
	assign_result_release(&res);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_assign = {
	"jury assign", run_assign,
	"utilis jury assign EDITION --per-candidate K [--seed S]",
	"assign K jurors to each candidate: balanced, never a conflicted pair",
	"Existing assignments are kept: running it again after a conflict fills\n"
	"only the places that became free.  The same seed gives the same\n"
	"assignment (default seed: 1).  A juror who has sent their scores gets no\n"
	"new candidate.  Candidates that cannot get K jurors because of conflicts\n"
	"are named in a warning.\n",
};

/* --- jury list -------------------------------------------------------------- */

/* utilis jury list EDITION */
static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf line = STRBUF_INIT;
	struct jury_ctx c;
	size_t ci, ji;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_list, argc, argv, ":h", opts)) != -1) {
		if (ch == 'h') {
			cli_print_help(stdout, &cmd_jury_list);
			return EXIT_OK;
		}
		return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_usage_error(&cmd_jury_list, "give the EDITION file");
	rc = cli_open_edition(cli, argv[optind], STORE_READONLY, &c);
	if (rc) {
		jury_ctx_release(&c);
		return rc;
	}
	printf("%s: %zu candidates, %zu jurors\n\n", c.e->id, c.pd.ncand, c.pd.njuror);
	printf("%4s  %-28s %-26s %8s %7s %9s  %s\n", "ID", "JUROR", "ORGANISATION", "ASSIGNED",
	       "SCORED", "CONFLICTS", "SUBMITTED");
	for (ji = 0; ji < c.pd.njuror; ji++) {
		const struct juror *j = &c.pd.jurors[ji];

		strbuf_reset(&line);
		strbuf_addf(&line, "%4lld  ", (long long)j->id);
		strbuf_add_cell(&line, j->name, 28, 0);
		strbuf_addch(&line, ' ');
		strbuf_add_cell(&line, j->organisation ? j->organisation : "-", 26, 0);
		strbuf_addf(&line, " %8lld %7lld %9lld  %s", (long long)j->nassigned,
			    (long long)j->nstarted, (long long)j->nconflicts,
			    j->submitted_at ? j->submitted_at : "no");
		puts(line.buf);
	}
	printf("\n%4s  %-44s %s\n", "ID", "CANDIDATE", "JURORS");
	for (ci = 0; ci < c.pd.ncand; ci++) {
		int first = 1;

		strbuf_reset(&line);
		strbuf_addf(&line, "%4lld  ", (long long)c.pd.cand_id[ci]);
		strbuf_add_cell(&line, c.pd.cand_name[ci], 44, 0);
		strbuf_addch(&line, ' ');
		for (ji = 0; ji < c.pd.njuror; ji++)
			if (c.pd.assigned[ci * c.pd.njuror + ji]) {
				strbuf_addf(&line, "%s%lld", first ? "" : ", ", (long long)c.pd.jurors[ji].id);
				first = 0;
			}
		if (first)
			strbuf_addch(&line, '-');
		puts(line.buf);
	}
	strbuf_release(&line);
	(void)cli;
	jury_ctx_release(&c);
	return EXIT_OK;
}

const struct command cmd_jury_list = {
	"jury list", run_list,
	"utilis jury list EDITION",
	"the jurors of an edition with their load and progress, and the candidates",
	"For each juror: candidates assigned, sheets scored (saved at least once),\n"
	"conflicts declared, and when they submitted.  For each candidate (a\n"
	"submitted application): its number and the ids of its jurors.\n",
};
