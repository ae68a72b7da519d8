/*
 * jury ties, jury conflicts: conflicts of interest found before they are
 * declared.  A juror's ties (employer, board seats, funders) are stated
 * with `jury ties`; `jury conflicts --suggest` compares them, and the
 * juror's organisation, with each candidate's association and company
 * (analysis/conflicts.h) and records what it finds as pending suggestions;
 * the analyst confirms each (a conflict, like `jury conflict`) or
 * dismisses it.  The assignment refuses to run while one is pending
 * (store/coi.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/conflicts.h"
#include "cli/cli.h"
#include "cli/edition.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define TIES_MAX 100		/* ties per juror */

/* A juror given as id, email or token; prints the error. */
static int coi_find_juror(struct jury_ctx *c, const char *key, long *ji)
{
	struct juror j = { 0 };
	struct error err;
	int rc = store_juror_find(c->st, c->e->id, key, &j, &err);

	*ji = -1;
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc > 0)
		*ji = prize_data_juror(&c->pd, j.id);
	juror_release(&j);
	if (*ji < 0)
		return cli_error(EXIT_DATAERR, "no juror '%s' in %s (give an id, an email or a token; see 'utilis jury list')",
				 key, c->e->id);
	return EXIT_OK;
}

/* A candidate given as its number; prints the error. */
static int coi_find_candidate(struct jury_ctx *c, const char *key, long *ci)
{
	char *end;
	long long id = strtoll(key, &end, 10);

	*ci = -1;
	if (*key && !*end)
		*ci = prize_data_candidate(&c->pd, id);
	if (*ci < 0)
		return cli_error(EXIT_DATAERR, "no candidate '%s' in %s (give the number shown by 'utilis jury list')",
				 key, c->e->id);
	return EXIT_OK;
}

/* --- jury ties --------------------------------------------------------------- */

/* utilis jury ties EDITION JUROR [--employer NAME]... [--board NAME]... [--funder NAME]... [--none] */
static int run_ties(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "employer", required_argument, NULL, 'e' },
		{ "board", required_argument, NULL, 'b' },
		{ "funder", required_argument, NULL, 'f' },
		{ "none", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kinds[TIES_MAX], *names[TIES_MAX];
	struct jury_tie *ties = NULL;
	struct jury_ctx c;
	struct error err;
	size_t n = 0, nties = 0, i;
	int ch, rc, none = 0, shown = 0;
	long ji;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_ties, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'e':
		case 'b':
		case 'f':
			if (!*optarg || strspn(optarg, " \t") == strlen(optarg))
				return cli_usage_error(&cmd_jury_ties, "an empty tie: give the organisation's name");
			if (strlen(optarg) > 500)
				return cli_usage_error(&cmd_jury_ties, "a tie of more than 500 bytes");
			if (n == TIES_MAX)
				return cli_usage_error(&cmd_jury_ties, "more than %d ties", TIES_MAX);
			kinds[n] = ch == 'e' ? "employer" : ch == 'b' ? "board" : "funder";
			names[n++] = optarg;
			break;
		case 'n': none = 1; break;
		case 'h': cli_print_help(stdout, &cmd_jury_ties); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 2)
		return cli_usage_error(&cmd_jury_ties, "give EDITION and JUROR");
	if (none && n)
		return cli_usage_error(&cmd_jury_ties, "--none cannot go with ties");
	rc = cli_open_edition(cli, argv[optind], n || none ? 0 : STORE_READONLY, &c);
	if (rc == EXIT_OK)
		rc = coi_find_juror(&c, argv[optind + 1], &ji);
	if (rc == EXIT_OK && (n || none)) {
		const struct juror *j = &c.pd.jurors[ji];

		if (store_jury_ties_set(c.st, c.e->id, j->id, kinds, names, n, &err) < 0)
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
		else
			cli_info(cli, "%s: %s; run 'utilis jury conflicts %s --suggest'\n", j->name,
				 n == 0 ? "no tie" : n == 1 ? "1 tie recorded" : "ties recorded",
				 argv[optind]);
	} else if (rc == EXIT_OK) {
		const struct juror *j = &c.pd.jurors[ji];

		if (store_jury_ties(c.st, c.e->id, &ties, &nties, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
		} else {
			if (j->organisation)
				printf("organisation  %s\n", j->organisation), shown++;
			for (i = 0; i < nties; i++)
				if (ties[i].juror_id == j->id)
					printf("%-12s  %s\n", ties[i].kind, ties[i].name), shown++;
			if (!shown)
				printf("%s states no tie\n", j->name);
		}
	}
	jury_ties_free(ties, nties);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_ties = {
	"jury ties", run_ties,
	"utilis jury ties EDITION JUROR [--employer NAME]... [--board NAME]... [--funder NAME]... [--none]",
	N_("state a juror's ties (employer, board seats, funders), or show them"),
	N_("JUROR is the juror's id, email or token.  The ties given replace the\n"
	"juror's list; --none empties it; without any, the list is shown, after\n"
	"the organisation given to 'jury add' (which counts as an employer).\n"
	"A SIREN or SIRET in a name (9 or 14 digits, spaces allowed) is compared\n"
	"as a number: --employer \"Dupont & Fils 552 100 554 00012\".\n"
	"Options:\n"
	"  --employer NAME   where the juror works (repeatable)\n"
	"  --board NAME      a board or office the juror holds (repeatable)\n"
	"  --funder NAME     an organisation that funds the juror's own (repeatable)\n"
	"  --none            the juror states no tie\n"),
};

/* --- jury conflicts ---------------------------------------------------------- */

/* Compare the ties with the candidates; the matches as store rows (ids). */
static int find_matches(struct jury_ctx *c, struct jury_suggestion **out, size_t *nout)
{
	struct prize_data *pd = &c->pd;
	size_t norg = prize_data_norg(pd), nitem = 0, nmatch = 0, i, k;
	struct coi_item *ties = NULL, *orgs = NULL;
	struct coi_match *m = NULL;
	struct jury_tie *t = NULL;
	struct jury_suggestion *s = NULL;
	struct error err;
	size_t nt = 0;
	int rc = EXIT_OK;

	*out = NULL;
	*nout = 0;
	if (store_jury_ties(c->st, c->e->id, &t, &nt, &err) < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	ties = calloc(nt + pd->njuror + 1, sizeof(*ties));
	orgs = calloc(pd->ncand * norg + 1, sizeof(*orgs));
	if (!ties || !orgs) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < pd->njuror; i++)
		if (pd->jurors[i].organisation && *pd->jurors[i].organisation)
			ties[nitem++] = (struct coi_item){ i, "organisation", pd->jurors[i].organisation };
	for (i = 0; i < nt; i++) {
		long ji = prize_data_juror(pd, t[i].juror_id);

		if (ji >= 0)
			ties[nitem++] = (struct coi_item){ (size_t)ji, t[i].kind, t[i].name };
	}
	for (i = 0, k = 0; i < pd->ncand * norg; i++)
		if (pd->cand_org[i]) {
			size_t q = i % norg;

			orgs[k++] = (struct coi_item){
				i / norg,
				q < c->e->ncandidate_name ? c->e->candidate_name[q]
							  : c->e->siren[q - c->e->ncandidate_name],
				pd->cand_org[i],
			};
		}
	if (coi_suggest(ties, nitem, orgs, k, &m, &nmatch) < 0 ||
	    !(s = calloc(nmatch + 1, sizeof(*s)))) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	for (i = 0; i < nmatch; i++) {
		s[i].juror_id = pd->jurors[m[i].juror].id;
		s[i].candidate_id = pd->cand_id[m[i].cand];
		s[i].match = m[i].key;
		s[i].reason = m[i].reason;
		m[i].key = m[i].reason = NULL;	/* now s[i]'s */
	}
	*out = s;
	*nout = nmatch;
out:
	coi_matches_free(m, nmatch);
	jury_ties_free(t, nt);
	free(ties);
	free(orgs);
	return rc;
}

/* Print the suggestions in state `state` (NULL: all), one line each. */
static size_t print_suggestions(struct jury_ctx *c, const struct jury_suggestion *s, size_t n,
				const char *state)
{
	struct strbuf line = STRBUF_INIT;
	size_t i, shown = 0;

	for (i = 0; i < n; i++) {
		long ci = prize_data_candidate(&c->pd, s[i].candidate_id);
		long ji = prize_data_juror(&c->pd, s[i].juror_id);

		if (state && strcmp(s[i].state, state))
			continue;
		if (!shown++)
			printf("%4s  %-30s %4s  %-20s %-9s  %s\n", "CAND", "CANDIDATE", "JUROR", "NAME",
			       "STATE", "REASON");
		strbuf_reset(&line);
		strbuf_addf(&line, "%4lld  ", (long long)s[i].candidate_id);
		strbuf_add_cell(&line, ci >= 0 ? c->pd.cand_name[ci] : "?", 30, 0);
		strbuf_addf(&line, " %4lld  ", (long long)s[i].juror_id);
		strbuf_add_cell(&line, ji >= 0 ? c->pd.jurors[ji].name : "?", 20, 0);
		strbuf_addf(&line, " %-9s  %s", s[i].state, s[i].reason);
		puts(line.buf);
	}
	strbuf_release(&line);
	return shown;
}

/* utilis jury conflicts EDITION [--suggest | --confirm JUROR CANDIDATE | --dismiss JUROR CANDIDATE] */
static int run_conflicts(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "suggest", no_argument, NULL, 's' },
		{ "confirm", no_argument, NULL, 'c' },
		{ "dismiss", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct jury_suggestion *found = NULL, *all = NULL;
	size_t nfound = 0, nall = 0, i, npending = 0, ndismissed = 0;
	struct jury_ctx c;
	struct error err;
	int ch, rc, mode = 0;
	long ji, ci;

	optind = 0;
	while ((ch = cli_getopt(&cmd_jury_conflicts, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 's':
		case 'c':
		case 'd':
			if (mode && mode != ch)
				return cli_usage_error(&cmd_jury_conflicts,
						       "give one of --suggest, --confirm and --dismiss");
			mode = ch;
			break;
		case 'h': cli_print_help(stdout, &cmd_jury_conflicts); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if ((mode == 'c' || mode == 'd') && optind != argc - 3)
		return cli_usage_error(&cmd_jury_conflicts, "--%s needs EDITION, JUROR and CANDIDATE",
				       mode == 'c' ? "confirm" : "dismiss");
	if (mode != 'c' && mode != 'd' && optind != argc - 1)
		return cli_usage_error(&cmd_jury_conflicts, "give the EDITION file");
	rc = cli_open_edition(cli, argv[optind], mode ? 0 : STORE_READONLY, &c);
	if (rc == EXIT_OK && mode == 's') {
		rc = find_matches(&c, &found, &nfound);
		if (rc == EXIT_OK &&
		    store_jury_suggestions_sync(c.st, c.e->id, found, nfound, &err) < 0)
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
	}
	if (rc == EXIT_OK && (mode == 'c' || mode == 'd')) {
		rc = coi_find_juror(&c, argv[optind + 1], &ji);
		if (rc == EXIT_OK)
			rc = coi_find_candidate(&c, argv[optind + 2], &ci);
		if (rc == EXIT_OK) {
			int w = store_jury_suggestion_decide(c.st, c.e->id, c.pd.jurors[ji].id,
							     c.pd.cand_id[ci], mode == 'c', &err);

			if (w < 0)
				rc = cli_error(cli_exit(w), "%s", err.msg);
			else if (mode == 'c')
				cli_info(cli, "confirmed: %s has a conflict of interest with candidate %lld, %s%s\n",
					 c.pd.jurors[ji].name, (long long)c.pd.cand_id[ci], c.pd.cand_name[ci],
					 c.pd.assigned[(size_t)ci * c.pd.njuror + (size_t)ji]
						 ? _("; the assignment is removed (run 'utilis jury assign' to replace it)") : "");
			else
				cli_info(cli, "dismissed: %s and candidate %lld, %s (not suggested again for the same match)\n",
					 c.pd.jurors[ji].name, (long long)c.pd.cand_id[ci], c.pd.cand_name[ci]);
		}
	}
	if (rc == EXIT_OK && store_jury_suggestions(c.st, c.e->id, &all, &nall, &err) < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == EXIT_OK) {
		for (i = 0; i < nall; i++) {
			npending += !strcmp(all[i].state, "pending");
			ndismissed += !strcmp(all[i].state, "dismissed");
		}
		if (mode == 's') {
			print_suggestions(&c, all, nall, "pending");
			cli_info(cli, "%zu suggested conflict%s to decide (%zu dismissed before, not shown)%s\n",
				 npending, npending == 1 ? "" : "s", ndismissed,
				 npending ? _(": --confirm or --dismiss each; 'jury assign' waits until then") : "");
		} else if (!mode) {
			if (!print_suggestions(&c, all, nall, NULL))
				printf("no suggested conflict in %s (run 'utilis jury conflicts %s --suggest')\n",
				       c.e->id, argv[optind]);
		}
	}
	jury_suggestions_free(found, nfound);
	jury_suggestions_free(all, nall);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_jury_conflicts = {
	"jury conflicts", run_conflicts,
	"utilis jury conflicts EDITION [--suggest | --confirm JUROR CANDIDATE | --dismiss JUROR CANDIDATE]",
	N_("suggest conflicts of interest from the jurors' ties; confirm or dismiss each"),
	N_("--suggest compares each juror's organisation and ties ('jury ties') with\n"
	"each candidate's names (the edition's candidate_name questions) and\n"
	"SIREN/SIRET (its siren questions): names match once case, accents,\n"
	"punctuation and legal forms (SAS, SARL, SCOP, Association, Fondation...)\n"
	"are set aside; numbers by their SIREN (a SIRET's first 9 digits).  It\n"
	"lists the suggestions to decide, with the reason.  --confirm records the\n"
	"conflict (as 'jury conflict' does: the pair is unassigned); --dismiss\n"
	"sets it aside, and the same match is not suggested again.  'jury assign'\n"
	"refuses to run while a suggestion is undecided.  Without an option, every\n"
	"suggestion is listed with its state.\n"
	"Options:\n"
	"  --suggest                    find the potential conflicts and list those to decide\n"
	"  --confirm JUROR CANDIDATE    record the suggested conflict of that pair\n"
	"  --dismiss JUROR CANDIDATE    set it aside\n"),
};
