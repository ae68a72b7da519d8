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
#include "util/i18n.h"

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
			rc = cli_error(cli_exit(rc), "%s", err.msg);
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
	N_("add a juror to a prize edition and print their personal link"),
	N_("EDITION is the edition's definition file, such as indicators/prix-2018.yaml.\n"
	"The juror's link (printed on stdout, one line) opens their page in\n"
	"'utilis serve': the candidates assigned to them and the grid for each.\n"
	"Options:\n"
	"  --name NAME            the juror's name (required)\n"
	"  --email EMAIL          their email; unique within an edition\n"
	"  --organisation ORG     the association or company they come from\n"
	"  --base-url URL         the server's public address (default http://127.0.0.1:8080)\n"),
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
			rc = cli_error(cli_exit(rc), "%s", err.msg);
		} else {
			rc = EXIT_OK;
			cli_info(cli, "recorded: %s has a conflict of interest with candidate %lld, %s%s\n",
				 j.name, (long long)c.pd.cand_id[ci], c.pd.cand_name[ci],
				 assigned ? _("; the assignment is removed (run 'utilis jury assign' to replace it)") : "");
		}
	}
	juror_release(&j);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_conflict = {
	"jury conflict", run_conflict,
	"utilis jury conflict EDITION JUROR CANDIDATE --reason TEXT",
	N_("record a juror's conflict of interest with a candidate"),
	N_("JUROR is the juror's id, email or token; CANDIDATE the candidate's number\n"
	"(both shown by 'utilis jury list').  The pair is never assigned from then\n"
	"on; an existing assignment is removed with any scores it had (the audit\n"
	"keeps them).  Run 'utilis jury assign' again to fill the place.\n"),
};

/* --- jury assign ------------------------------------------------------------ */

/* utilis jury assign EDITION --per-candidate K [--max-load L] [--seed S] [--rebalance] */
static int run_assign(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "per-candidate", required_argument, NULL, 'k' },
		{ "max-load", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "rebalance", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct assign_input in = { 0 };
	struct assign_result res = { 0 };
	unsigned char *unavailable = NULL, *kept = NULL, *juror_form = NULL;
	struct jury_pair *pairs = NULL;
	size_t npairs = 0;
	struct jury_ctx c;
	struct error err;
	long k = 0, maxload = 0;
	unsigned long seed = 1;
	size_t ci, ji, i, added = 0, removed = 0;
	int ch, rc, rebalance = 0;
	char *end;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_assign, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'k':
			k = strtol(optarg, &end, 10);
			if (*end || k < 1 || k > 1000)
				return cli_usage_error(&cmd_jury_assign, "--per-candidate needs a number from 1 to 1000, not '%s'", optarg);
			break;
		case 'm':
			maxload = strtol(optarg, &end, 10);
			if (*end || maxload < 1 || maxload > 100000)
				return cli_usage_error(&cmd_jury_assign, "--max-load needs a number from 1 to 100000, not '%s'", optarg);
			break;
		case 's':
			seed = strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return cli_usage_error(&cmd_jury_assign, "--seed needs a whole number, not '%s'", optarg);
			break;
		case 'r': rebalance = 1; break;
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
	if (prize_data_competences(&c.pd, &juror_form, &err) < 0) {
		rc = cli_error(EXIT_FAIL, "%s", err.msg);
		jury_ctx_release(&c);
		return rc;
	}
	{
		const struct ynode *n;
		size_t from = 0;

		while ((n = prize_data_competence_unknown(&c.pd, &from)))
			cli_warning("%s:%d: competences of '%s', who is no juror of %s: ignored (give an email or a name from 'utilis jury list')",
				    c.e->doc.file, n->line, n->str, c.e->id);
	}
	in.ncand = c.pd.ncand;
	in.njuror = c.pd.njuror;
	in.k = (size_t)k;
	in.max_load = (size_t)maxload;
	in.nform = juror_form ? c.pd.nform : 0;
	in.cand_form = c.pd.cand_form;
	in.juror_form = juror_form;
	/*
	 * Not eligible: a conflicted pair, and any new pair with a juror who has
	 * sent their scores (they could not score it).  Kept: every existing
	 * assignment, or with --rebalance those with a sheet or a juror who has
	 * sent their scores (their work stays).
	 */
	unavailable = malloc(c.pd.ncand * c.pd.njuror + 1);
	kept = calloc(c.pd.ncand * c.pd.njuror + 1, 1);
	if (!unavailable || !kept || store_jury_assignments(c.st, c.e->id, &pairs, &npairs, &err) < 0) {
		rc = cli_error(unavailable && kept ? EXIT_IOERR : EXIT_FAIL, "%s",
			       unavailable && kept ? err.msg : "out of memory");
		goto out;
	}
	for (ci = 0; ci < c.pd.ncand; ci++)
		for (ji = 0; ji < c.pd.njuror; ji++) {
			size_t cell = ci * c.pd.njuror + ji;

			unavailable[cell] = c.pd.conflict[cell] ||
					    (c.pd.jurors[ji].submitted_at && !c.pd.assigned[cell]);
			kept[cell] = c.pd.assigned[cell] && (!rebalance || c.pd.jurors[ji].submitted_at);
		}
	for (i = 0; rebalance && i < npairs; i++) {
		long pc = prize_data_candidate(&c.pd, pairs[i].candidate_id);
		long pj = prize_data_juror(&c.pd, pairs[i].juror_id);

		if (pc >= 0 && pj >= 0 && pairs[i].sheet_id)
			kept[(size_t)pc * c.pd.njuror + (size_t)pj] = 1;
	}
	in.conflict = unavailable;
	in.existing = kept;
	in.seed = seed;
	rc = assign_jurors(&in, &res, &err);
	if (rc == UT_EINFEASIBLE && res.bad_cand < in.ncand) {
		rc = cli_error(EXIT_DATAERR, "candidate %lld, %s, has %zu juror%s without a conflict of interest (or still able to score), fewer than --per-candidate %zu: nothing assigned",
			       (long long)c.pd.cand_id[res.bad_cand], c.pd.cand_name[res.bad_cand],
			       res.eligible, res.eligible == 1 ? "" : "s", in.k);
		goto out;
	}
	if (rc == UT_EINFEASIBLE) {
		rc = cli_error(EXIT_DATAERR, "%zu places (%zu candidates x %zu) do not fit under --max-load %ld with these conflicts and the assignments kept: nothing assigned (raise --max-load, leave it out, or --rebalance)",
			       in.ncand * in.k, in.ncand, in.k, maxload);
		goto out;
	}
	if (rc < 0) {
		rc = cli_error(EXIT_FAIL, "%s", err.msg);
		goto out;
	}
	rc = EXIT_OK;
	/* One transaction: all the changes or none. */
	if (store_begin(c.st, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	for (ci = 0; ci < in.ncand && rc == EXIT_OK; ci++)
		for (ji = 0; ji < in.njuror; ji++) {
			size_t cell = ci * in.njuror + ji;
			int64_t jid = c.pd.jurors[ji].id, cid = c.pd.cand_id[ci];
			int r = 0;

			if (res.assigned[cell] && !c.pd.assigned[cell]) {
				r = store_jury_assign(c.st, c.e->id, jid, cid, &err);
				added++;
			} else if (!res.assigned[cell] && c.pd.assigned[cell] && !c.pd.conflict[cell]) {
				r = store_jury_unassign(c.st, c.e->id, jid, cid, "rebalance", &err);
				removed++;
			}
			if (r < 0) {
				store_rollback(c.st);
				rc = cli_error(cli_exit(r), "%s", err.msg);
				break;
			}
		}
	if (rc == EXIT_OK && store_commit(c.st, &err) < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == EXIT_OK) {
		cli_info(cli, "%zu new assignment%s", added, added == 1 ? "" : "s");
		if (rebalance)
			cli_info(cli, ", %zu withdrawn", removed);
		cli_info(cli, " (%zu juror%s per candidate, at most %zu each, seed %lu); loads:", in.k,
			 in.k == 1 ? "" : "s", res.max_load, seed);
		for (ji = 0; ji < in.njuror; ji++)
			cli_info(cli, " %s %zu%s", c.pd.jurors[ji].name, res.load[ji],
				 ji + 1 < in.njuror ? "," : "\n");
		if (in.nform)
			cli_info(cli, "competences: %zu of the %zu candidates' forms that a juror free to score them knows are covered%s\n",
				 res.ncovered, res.nwanted,
				 res.proven ? "" : " (the best found in the search's limit; more may be possible)");
	}
out:
	free(unavailable);
	free(kept);
	free(pairs);
	free(juror_form);
	assign_result_release(&res);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_assign = {
	"jury assign", run_assign,
	"utilis jury assign EDITION --per-candidate K [--max-load L] [--seed S] [--rebalance]",
	N_("assign K jurors to each candidate: optimal, even loads, never a conflicted pair"),
	N_("The assignment is optimal (GLPK): every candidate gets K jurors, never one\n"
	"with a conflict of interest; no juror gets more than L candidates\n"
	"(default: the smallest largest load the conflicts allow); the jurors'\n"
	"competences (the edition's 'competences:', the partnership forms each\n"
	"knows) cover each candidate's forms wherever possible; then the loads are\n"
	"as even as possible.  The same seed gives the same assignment (default\n"
	"seed: 1).  Existing assignments are kept: running it again after a\n"
	"conflict fills only the places that became free.  With --rebalance, the\n"
	"assignments without a sheet yet are redistributed too.  A juror who has\n"
	"sent their scores gets no new candidate.  When a candidate has fewer than\n"
	"K jurors free to score it, nothing is assigned and the error names it\n"
	"(exit 65).\n"
	"Options:\n"
	"  --per-candidate K      jurors per candidate (required)\n"
	"  --max-load L           at most L candidates per juror\n"
	"  --seed S               the tie-breaks among equally good assignments\n"
	"  --rebalance            also move the assignments no juror has started\n"),
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
	N_("the jurors of an edition with their load and progress, and the candidates"),
	N_("For each juror: candidates assigned, sheets scored (saved at least once),\n"
	"conflicts declared, and when they submitted.  For each candidate (a\n"
	"submitted application): its number and the ids of its jurors.\n"),
};
