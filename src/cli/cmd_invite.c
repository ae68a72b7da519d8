/*
 * invite: respondent links.  Creates links for a number of anonymous
 * respondents or for a contact list and prints them as CSV for a mail
 * merge, lists the links with their progress, and prints the open link of
 * a public survey.  Links are written in one transaction: a contact list
 * with an error creates none.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "collect/contacts.h"
#include "collect/token.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/strbuf.h"

#define DEFAULT_BASE_URL "http://127.0.0.1:8080"
#define MAX_COUNT 1000000
#define MAX_CONTACTS_FILE (64u << 20)

/*
 * Append v to sb as one CSV field through the one CSV writer: quoted when
 * needed, a name that starts like a formula neutralised (util/csvout.h).
 */
static int csv_add(struct strbuf *sb, const char *v)
{
	return csvout_str(sb, ',', 1, v, CSVOUT_TEXT);
}

/* The base URL without its trailing slashes, checked: http:// or https://. */
static int base_url(const char *given, struct strbuf *out)
{
	const char *b = given ? given : getenv("UTILIS_BASE_URL");
	size_t n;

	if (!b || !*b)
		b = DEFAULT_BASE_URL;
	if (strncmp(b, "http://", 7) && strncmp(b, "https://", 8))
		return cli_error(EXIT_USAGE, "--base-url '%s' must start with http:// or https://", b);
	if (strpbrk(b, " \"<>\\^`{|}?#"))
		return cli_error(EXIT_USAGE, "--base-url '%s' has characters a link cannot hold", b);
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	strbuf_reset(out);
	if (strbuf_add(out, b, n) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	return EXIT_OK;
}

/*
 * Write text to path, or to stdout when path is NULL.  The links are
 * secrets: the file is written 0600 through util/afile.h.
 */
static int write_output(const char *path, const struct strbuf *text)
{
	struct error err;

	if (!path) {
		if (fwrite(text->buf, 1, text->len, stdout) != text->len || fflush(stdout) != 0)
			return cli_error(EXIT_IOERR, "cannot write the links: %s", strerror(errno));
		return EXIT_OK;
	}
	if (afile_write_file(path, text->buf, text->len, AFILE_PRIVATE, &err) < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	return EXIT_OK;
}

/* Load the latest version of form_id: its row and model.  Prints and returns an exit code. */
static int load_form(struct store *st, const char *form_id, struct survey_version *sv,
		     struct survey **s)
{
	struct diags d = DIAGS_INIT;
	struct error err;
	int rc = store_survey_get(st, form_id, 0, sv, &err);

	*s = NULL;
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 0)
		return cli_error(EXIT_DATAERR, "no survey '%s' in the workspace (load it with "
				 "'utilis survey load FILE')", form_id);
	if (survey_load(s, sv->file ? sv->file : form_id, sv->source, strlen(sv->source), &d) < 0) {
		cli_print_diags(&d);
		diags_release(&d);
		survey_version_release(sv);
		return cli_error(EXIT_DATAERR, "survey '%s' in the workspace does not load", form_id);
	}
	diags_release(&d);
	return EXIT_OK;
}

struct list_ctx {
	struct strbuf *out;		/* CSV */
	const char *base;		/* base URL */
	int status;			/* only this status, or -1 */
	int64_t n[3];			/* links by status */
	int failed;			/* out of memory */
};

static const char *const status_names[] = { "invited", "started", "submitted" };

static int list_row(void *ctx, const struct invitation *inv)
{
	struct list_ctx *x = ctx;
	struct strbuf *o = x->out;

	x->n[inv->status]++;
	if (x->status >= 0 && (int)inv->status != x->status)
		return 0;
	if (csv_add(o, inv->is_open ? "(open link)" : inv->name) < 0 || strbuf_addch(o, ',') < 0 ||
	    csv_add(o, inv->email) < 0 || strbuf_addch(o, ',') < 0 ||
	    csv_add(o, inv->group) < 0 ||
	    strbuf_addf(o, ",%s,%d,", status_names[inv->status], inv->version) < 0 ||
	    csv_add(o, inv->updated_at) < 0 ||
	    strbuf_addf(o, ",%s/r/%s\n", x->base, inv->token) < 0) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

/* utilis invite FORM_ID --list [--status S] */
static int do_list(struct cli *cli, struct store *st, const char *form_id, const char *base,
		   const char *status)
{
	struct strbuf out = STRBUF_INIT;
	struct list_ctx x = { &out, base, -1, { 0, 0, 0 }, 0 };
	struct survey_version sv;
	struct error err;
	int64_t all;
	int rc;

	if (status) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(status, status_names[i]))
				x.status = i;
		if (x.status < 0)
			return cli_usage_error(&cmd_invite, "--status is 'invited', 'started' or "
					       "'submitted', not '%s'", status);
	}
	rc = store_survey_get(st, form_id, 0, &sv, &err);
	if (rc <= 0)
		return rc < 0 ? cli_error(EXIT_IOERR, "%s", err.msg)
			      : cli_error(EXIT_DATAERR, "no survey '%s' in the workspace", form_id);
	survey_version_release(&sv);
	if (strbuf_addstr(&out, "name,email,group,status,version,last_saved,url\n") < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	rc = store_invitation_each(st, form_id, list_row, &x, &err);
	if (rc < 0 || x.failed) {
		strbuf_release(&out);
		return x.failed ? cli_error(EXIT_FAIL, "out of memory")
				: cli_error(EXIT_IOERR, "%s", err.msg);
	}
	rc = write_output(NULL, &out);
	strbuf_release(&out);
	all = x.n[0] + x.n[1] + x.n[2];
	if (rc == EXIT_OK && !cli->quiet)
		fprintf(stderr, "%s: %lld link%s: %lld not started, %lld started, %lld submitted "
			"(completion %.0f %%)\n", form_id, (long long)all, all == 1 ? "" : "s",
			(long long)x.n[0], (long long)x.n[1], (long long)x.n[2],
			all ? 100.0 * (double)x.n[2] / (double)all : 0.0);
	return rc;
}

/* utilis invite FORM_ID --open-link */
static int do_open(struct cli *cli, struct store *st, const char *form_id, const char *base)
{
	struct survey_version sv;
	struct survey *s;
	struct error err;
	char fresh[TOKEN_LEN + 1], *token = NULL;
	int rc = load_form(st, form_id, &sv, &s);

	if (rc)
		return rc;
	if (!s->is_public) {
		rc = cli_error(EXIT_DATAERR, "survey '%s' is not public: only personal links "
			       "answer it ('settings: {public: true}' gives it an open link)",
			       form_id);
	} else if (token_new(fresh, &err) < 0) {
		rc = cli_error(EXIT_FAIL, "%s", err.msg);
	} else {
		rc = store_open_link(st, form_id, fresh, &token, &err);
		if (rc < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
		} else {
			if (rc == 1 && !cli->quiet)
				fprintf(stderr, "created the open link of '%s'\n", form_id);
			printf("%s/o/%s\n", base, token);
			rc = EXIT_OK;
		}
	}
	free(token);
	survey_free(s);
	survey_version_release(&sv);
	return rc;
}

/* Create one link and add its CSV row.  Returns 0 or an exit code (printed). */
static int add_link(struct store *st, int64_t version_id, const char *name, const char *email,
		    const char *group, const char *wave, const char *base, struct strbuf *out)
{
	char token[TOKEN_LEN + 1];
	struct error err;
	int64_t id;
	int rc = STORE_EDATA;

	/* a clash of 144 random bits does not happen; retry once all the same */
	for (int attempt = 0; attempt < 2 && rc == STORE_EDATA; attempt++) {
		if (token_new(token, &err) < 0)
			return cli_error(EXIT_FAIL, "%s", err.msg);
		rc = store_invitation_add(st, version_id, token, 0, name, email, group, wave,
					  &id, &err);
	}
	if (rc < 0)
		return cli_error(rc == STORE_EDATA ? EXIT_DATAERR : EXIT_IOERR, "%s", err.msg);
	if (csv_add(out, name) < 0 || strbuf_addch(out, ',') < 0 || csv_add(out, email) < 0 ||
	    strbuf_addch(out, ',') < 0 || csv_add(out, group) < 0 ||
	    strbuf_addf(out, ",%s/r/%s\n", base, token) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	return EXIT_OK;
}

static int run_invite(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "from", required_argument, NULL, 'f' },
		{ "list", no_argument, NULL, 'l' },
		{ "status", required_argument, NULL, 's' },
		{ "open-link", no_argument, NULL, 'O' },
		{ "group", required_argument, NULL, 'g' },
		{ "wave", required_argument, NULL, 'w' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *group = NULL, *wave = NULL, *base_opt = NULL, *output = NULL;
	const char *status = NULL, *form_id;
	struct strbuf base = STRBUF_INIT, out = STRBUF_INIT;
	struct contacts contacts = { NULL, 0, 0 };
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct error err;
	long count = 0;
	int c, list = 0, open = 0, modes, rc;
	char *end;

	optind = 0;
	while ((c = cli_getopt(&cmd_invite, argc, argv, ":ho:", opts)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || *end || count < 1 || count > MAX_COUNT)
				return cli_usage_error(&cmd_invite, "--count takes a number from 1 to %d, "
						       "not '%s'", MAX_COUNT, optarg);
			break;
		case 'f': from = optarg; break;
		case 'l': list = 1; break;
		case 's': status = optarg; break;
		case 'O': open = 1; break;
		case 'g': group = optarg; break;
		case 'w': wave = optarg; break;
		case 'b': base_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'h':
			cli_print_help(stdout, &cmd_invite);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(&cmd_invite, "no survey named (give its form_id)");
	if (optind + 1 < argc)
		return cli_usage_error(&cmd_invite, "unexpected argument '%s'", argv[optind + 1]);
	form_id = argv[optind];
	if (cli_check_output(output) != EXIT_OK)
		return EXIT_USAGE;
	modes = (count > 0) + (from != NULL) + list + open;
	if (modes != 1)
		return cli_usage_error(&cmd_invite, modes ? "give only one of --count, --from, --list "
				       "and --open-link" : "say what to do: --count N, --from FILE, "
				       "--list or --open-link");
	if (status && !list)
		return cli_usage_error(&cmd_invite, "--status goes with --list");
	if ((group || wave) && !count)
		return cli_usage_error(&cmd_invite, "--group and --wave go with --count (a contact "
				       "list has its own columns)");
	if (output && (list || open))
		return cli_usage_error(&cmd_invite, "--output goes with --count or --from");
	if ((rc = base_url(base_opt, &base)) != EXIT_OK)
		return rc;

	if (from) {	/* the whole list is checked before the workspace is opened */
		struct diags d = DIAGS_INIT;
		char *text;
		size_t len;

		rc = cli_read_file(from, MAX_CONTACTS_FILE, &text, &len);
		if (rc) {
			strbuf_release(&base);
			return rc;
		}
		rc = contacts_parse(&contacts, from, text, len, &d);
		free(text);
		cli_print_diags(&d);
		diags_release(&d);
		if (rc < 0) {
			strbuf_release(&base);
			fprintf(stderr, "no link was created\n");
			return EXIT_DATAERR;
		}
	}

	rc = cli_open_store(cli, list ? STORE_READONLY : 0, &st);
	if (rc)
		goto out;
	if (list) {
		rc = do_list(cli, st, form_id, base.buf, status);
		goto out;
	}
	if (open) {
		rc = do_open(cli, st, form_id, base.buf);
		goto out;
	}
	if ((rc = load_form(st, form_id, &sv, &s)) != EXIT_OK)
		goto out;
	if (strbuf_addstr(&out, "name,email,group,url\n") < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out_sv;
	}
	if (store_begin(st, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out_sv;
	}
	if (from) {
		for (size_t i = 0; i < contacts.n && rc == EXIT_OK; i++) {
			const struct contact *k = &contacts.v[i];

			rc = add_link(st, sv.id, k->name, k->email, k->group, k->wave, base.buf, &out);
		}
	} else {
		for (long i = 0; i < count && rc == EXIT_OK; i++)
			rc = add_link(st, sv.id, NULL, NULL, group, wave, base.buf, &out);
	}
	if (rc != EXIT_OK) {
		store_rollback(st);
		fprintf(stderr, "no link was created\n");
		goto out_sv;
	}
	/* the file first: links nobody can send are not kept */
	if (output && (rc = write_output(output, &out)) != EXIT_OK) {
		store_rollback(st);
		fprintf(stderr, "no link was created\n");
		goto out_sv;
	}
	if (store_commit(st, &err) < 0) {
		if (output)
			unlink(output);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		fprintf(stderr, "no link was created\n");
		goto out_sv;
	}
	if (!output)
		rc = write_output(NULL, &out);
	if (rc == EXIT_OK && !cli->quiet)
		fprintf(stderr, "created %zu link%s for %s version %d%s%s\n",
			from ? contacts.n : (size_t)count, (from ? contacts.n : (size_t)count) == 1 ?
			"" : "s", form_id, sv.version, output ? " in " : "", output ? output : "");
out_sv:
	survey_free(s);
	survey_version_release(&sv);
out:
	if (st)
		store_close(st);
	contacts_release(&contacts);
	strbuf_release(&out);
	strbuf_release(&base);
	return rc;
}

const struct command cmd_invite = {
	"invite", run_invite,
	"utilis invite FORM_ID (--count N | --from CONTACTS.csv) [--base-url URL] [-o FILE]\n"
	"       utilis invite FORM_ID --list [--status invited|started|submitted]\n"
	"       utilis invite FORM_ID --open-link",
	"create respondent links, list them with their progress",
	"Each link is one respondent's: https://…/r/TOKEN, where TOKEN holds 144\n"
	"random bits.  The respondent answers page by page, can stop and come back\n"
	"through the same link, and submits at the end (see docs/collection.md).\n"
	"\n"
	"  --count N          create N links without contact (hand them out yourself)\n"
	"  --group G          with --count: the comparison group of these respondents\n"
	"  --wave W           with --count: their collection wave (e.g. 2025)\n"
	"  --from FILE        create one link per row of a CSV contact list whose first\n"
	"                     row names the columns: name, email, group, wave (or nom,\n"
	"                     courriel, groupe, vague); ',' or ';' separated, UTF-8\n"
	"  --base-url URL     the server's public address (default $UTILIS_BASE_URL,\n"
	"                     else " DEFAULT_BASE_URL ")\n"
	"  -o, --output FILE  write the links there rather than to standard output\n"
	"  --list             every link as CSV: name, email, group, status, version,\n"
	"                     last_saved, url; a summary on standard error\n"
	"  --status S         with --list: only the links invited (not started),\n"
	"                     started or submitted (e.g. to send a reminder)\n"
	"  --open-link        the one open link of a public survey (settings.public):\n"
	"                     each person who starts it gets a link of their own\n"
	"\n"
	"New links print as CSV name,email,group,url, ready for a mail merge.  Links\n"
	"answer the survey's latest version.  A contact list with any error creates\n"
	"no link (exit 65); its problems are listed as FILE:ROW:COL.\n",
};
