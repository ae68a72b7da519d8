/*
 * prize followup: the laureates one year on.  Each laureate (a candidate
 * of the edition) gets a personal link to the follow-up survey, an
 * invitation whose candidate is kept (store/coi.c, jury_followup), so that
 * its answers attach to the candidate in the prize workbook (analysis/
 * followup.h).  Without candidates, the links made so far are listed with
 * their progress.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/edition.h"
#include "collect/token.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/csvout.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define FOLLOWUP_FORM "prix-suivi-laureats"

/* The base URL without its trailing slashes: http:// or https://.  Prints on error. */
static int followup_base(const char *given, struct strbuf *out)
{
	const char *b = given ? given : getenv("UTILIS_BASE_URL");
	size_t n;

	if (!b || !*b)
		b = "http://127.0.0.1:8080";
	if ((strncmp(b, "http://", 7) && strncmp(b, "https://", 8)) || strpbrk(b, " \"<>\\^`{|}?#"))
		return cli_usage_error(&cmd_prize_followup, "--base-url '%s' is not an http:// or https:// address", b);
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	strbuf_reset(out);
	return strbuf_add(out, b, n) < 0 ? cli_error(EXIT_FAIL, "out of memory") : EXIT_OK;
}

/* One CSV row: candidate_id,candidate,status,link. */
static int add_row(struct strbuf *o, long long id, const char *name, const char *status,
		   const char *base, const char *token)
{
	return strbuf_addf(o, "%lld", id) < 0 || csvout_str(o, ',', 0, name, CSVOUT_TEXT) < 0 ||
	       csvout_str(o, ',', 0, status, CSVOUT_TEXT) < 0 ||
	       strbuf_addf(o, ",%s/r/%s", base, token) < 0 || csvout_end_row(o) < 0 ? -1 : 0;
}

/* utilis prize followup EDITION [CANDIDATE...] [--survey FORM] [--base-url URL] */
static int run_followup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *form = FOLLOWUP_FORM, *base_opt = NULL;
	struct strbuf base = STRBUF_INIT, out = STRBUF_INIT;
	struct store_followup *links = NULL;
	struct survey_version sv = { 0 };
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;
	struct jury_ctx c;
	struct error err;
	size_t nlinks = 0, i, made = 0;
	int ch, rc, ncand;

	optind = 0;
	while ((ch = cli_getopt(&cmd_prize_followup, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 's': form = optarg; break;
		case 'b': base_opt = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_prize_followup); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_prize_followup, "give the EDITION file");
	if ((rc = followup_base(base_opt, &base)) != EXIT_OK)
		return rc;
	ncand = argc - optind - 1;
	rc = cli_open_edition(cli, argv[optind], ncand ? 0 : STORE_READONLY, &c);
	if (rc != EXIT_OK)
		goto out;
	/* The follow-up survey: loaded, and not anonymous (its answers must attach). */
	rc = store_survey_get(c.st, form, 0, &sv, &err);
	if (rc < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (rc == 0) {
		rc = cli_error(EXIT_DATAERR, "no survey '%s' in the workspace (load it with 'utilis survey load surveys/%s.yaml')",
			       form, form);
		goto out;
	}
	if (survey_load(&s, sv.file ? sv.file : form, sv.source, strlen(sv.source), &d) < 0) {
		cli_print_diags(&d);
		rc = cli_error(EXIT_DATAERR, "survey '%s' in the workspace does not load", form);
		goto out;
	}
	if (!strcmp(form, c.e->application) || !strcmp(form, c.e->grid)) {
		rc = cli_error(EXIT_DATAERR, "'%s' is the edition's %s, not a follow-up survey", form,
			       !strcmp(form, c.e->application) ? _("application form") : _("grid"));
		goto out;
	}
	if (s->anonymous) {
		rc = cli_error(EXIT_DATAERR, "survey '%s' is anonymous: its answers could not attach to a laureate", form);
		goto out;
	}
	rc = EXIT_OK;
	/* The candidates named: all known, before anything is written. */
	for (i = 0; i < (size_t)ncand; i++) {
		const char *key = argv[optind + 1 + i];
		char *end;
		long long id = strtoll(key, &end, 10);

		if (!*key || *end || prize_data_candidate(&c.pd, id) < 0) {
			rc = cli_error(EXIT_DATAERR, "no candidate '%s' in %s (give the number shown by 'utilis jury list')",
				       key, c.e->id);
			goto out;
		}
	}
	if (store_followups(c.st, c.e->id, &links, &nlinks, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (strbuf_addstr(&out, "candidate_id,candidate,status,link\n") < 0)
		goto oom;
	if (ncand && store_begin(c.st, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	/* One transaction: every new link or none.  A laureate's existing link is printed again. */
	for (i = 0; i < (size_t)ncand && rc == EXIT_OK; i++) {
		long long id = strtoll(argv[optind + 1 + i], NULL, 10);
		long ci = prize_data_candidate(&c.pd, id);
		const struct store_followup *have = NULL;
		char token[TOKEN_LEN + 1];
		int64_t inv;

		for (size_t k = 0; k < nlinks && !have; k++)
			if (links[k].candidate_id == id)
				have = &links[k];
		if (have) {
			if (add_row(&out, id, c.pd.cand_name[ci], have->status, base.buf, have->token) < 0) {
				store_rollback(c.st);
				goto oom;
			}
			continue;
		}
		if (token_new(token, &err) < 0 ||
		    store_invitation_add(c.st, sv.id, token, 0, c.pd.cand_name[ci], NULL, NULL, c.e->id,
					 &inv, &err) < 0 ||
		    store_followup_add(c.st, c.e->id, id, inv, &err) < 0) {
			store_rollback(c.st);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			break;
		}
		if (add_row(&out, id, c.pd.cand_name[ci], "invited", base.buf, token) < 0) {
			store_rollback(c.st);
			goto oom;
		}
		made++;
	}
	if (ncand && rc == EXIT_OK && store_commit(c.st, &err) < 0)
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
	/* Without candidates: the links made so far. */
	for (i = 0; !ncand && i < nlinks; i++) {
		long ci = prize_data_candidate(&c.pd, links[i].candidate_id);

		if (add_row(&out, (long long)links[i].candidate_id, ci >= 0 ? c.pd.cand_name[ci] : "?",
			    links[i].status, base.buf, links[i].token) < 0)
			goto oom;
	}
	if (rc == EXIT_OK)
		rc = cli_write_stdout(&out);
	if (rc == EXIT_OK) {
		if (ncand && !cli->quiet)	/* stdout is the CSV: the count goes to stderr, as invite's */
			fprintf(stderr, _("%zu new follow-up link%s to %s version %d for %s (%d laureate%s)\n"), made,
				made == 1 ? "" : "s", form, sv.version, c.e->id, ncand, ncand == 1 ? "" : "s");
	}
	goto out;
oom:
	rc = cli_error(EXIT_FAIL, "out of memory");
out:
	store_followups_free(links, nlinks);
	survey_free(s);
	survey_version_release(&sv);
	diags_release(&d);
	strbuf_release(&base);
	strbuf_release(&out);
	jury_ctx_release(&c);
	return rc;
}

const struct command cmd_prize_followup = {
	"prize followup", run_followup,
	"utilis prize followup EDITION [CANDIDATE...] [--survey FORM] [--base-url URL]",
	N_("give laureates a link to the follow-up survey, one year on; list the links"),
	N_("Each CANDIDATE (the number shown by 'jury list') gets a personal link to\n"
	"the follow-up survey (default " FOLLOWUP_FORM ", loaded first with\n"
	"'survey load'): its answers attach to the candidate, and the prize\n"
	"workbook's « Lauréats » sheet shows them.  A laureate that already has a\n"
	"link gets it again.  Answers typed from paper attach too when imported\n"
	"with the link's token as their _id.  Without CANDIDATE, every link made\n"
	"for the edition is listed with its progress (invited, started,\n"
	"submitted).  Output: CSV candidate_id,candidate,status,link.  The links\n"
	"are personal: keep the output private.\n"
	"Options:\n"
	"  --survey FORM      the follow-up survey's form_id (default " FOLLOWUP_FORM ")\n"
	"  --base-url URL     the server's public address (default $UTILIS_BASE_URL, else\n"
	"                     http://127.0.0.1:8080)\n"),
};
