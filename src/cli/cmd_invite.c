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
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/match_run.h"
#include "collect/contacts.h"
#include "collect/token.h"
#include "report/letters.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/array.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/i18n.h"

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

/*
 * The letters of a run (--letters): one per link, with a fresh short code
 * whose hash only is stored.  The strings are owned.
 */
struct letter_set {
	struct letter *v;		/* the letters, in link order */
	size_t n, alloc;		/* used / allocated */
	unsigned char key[SERVER_KEY_BYTES]; /* the workspace's form key (short codes' HMAC) */
};

static void letter_set_release(struct letter_set *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free((char *)ls->v[i].name);
		free((char *)ls->v[i].url);
		free((char *)ls->v[i].code);
	}
	free(ls->v);
	memset(ls, 0, sizeof(*ls));
}

/* Read (or make) the key the server hashes short codes with.  0 or an exit code. */
static int letter_set_init(struct store *st, struct letter_set *ls)
{
	unsigned char fresh[SERVER_KEY_BYTES];
	struct error err;

	memset(ls, 0, sizeof(*ls));
	if (random_bytes(fresh, sizeof(fresh), &err) < 0)
		return cli_error(EXIT_FAIL, "%s", err.msg);
	if (store_secret(st, "form-key", fresh, ls->key, sizeof(ls->key), &err) < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	return EXIT_OK;
}

/*
 * A short code for link id (its hash stored) and the letter of name and
 * url with it.  0 or an exit code (printed).
 */
static int letter_add(struct store *st, struct letter_set *ls, int64_t id, const char *name,
		      const char *base, const char *token)
{
	char code[SHORTCODE_LEN + 1], norm[SHORTCODE_CHARS + 1];
	unsigned char hash[32];
	struct strbuf url = STRBUF_INIT;
	struct letter *l;
	struct error err;
	int rc = UT_EDATA;

	/* 50 random bits: a clash with another link's code is rare; draw again */
	for (int attempt = 0; attempt < 4 && rc == UT_EDATA; attempt++) {
		if (shortcode_new(code, &err) < 0)
			return cli_error(EXIT_FAIL, "%s", err.msg);
		shortcode_normalize(code, norm);
		shortcode_hash(ls->key, norm, hash);
		rc = store_short_code_add(st, id, hash, &err);
	}
	if (rc < 0)
		return cli_error(rc == UT_EDATA ? EXIT_DATAERR : EXIT_IOERR, "%s", err.msg);
	if (ARRAY_GROW(ls->v, ls->alloc, ls->n + 1, 64) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	l = &ls->v[ls->n];
	memset(l, 0, sizeof(*l));
	if (strbuf_addf(&url, "%s/r/%s", base, token) < 0 ||
	    (name && *name && !(l->name = strdup(name))) || !(l->code = strdup(code)) ||
	    !(l->url = strbuf_detach(&url, NULL))) {
		free((char *)l->name);
		free((char *)l->code);
		strbuf_release(&url);
		return cli_error(EXIT_FAIL, "out of memory");
	}
	ls->n++;
	return EXIT_OK;
}

/* Write the letters of ls to path (0600).  0 or an exit code. */
static int letters_out(const struct survey *s, const struct letter_set *ls, const char *path,
		       const char *lang, const char *base)
{
	struct strbuf code_url = STRBUF_INIT;
	struct letters_opts lo = { s, lang, NULL, mrun_font_dir(), doc_time() };
	struct error err;
	int rc;

	if (strbuf_addf(&code_url, "%s/c", base) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	lo.code_url = code_url.buf;
	rc = letters_write(path, &lo, ls->v, ls->n, &err);
	strbuf_release(&code_url);
	if (rc < 0)
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
	int64_t optout, refused;	/* links whose address opted out / was refused */
	int failed;			/* out of memory */
	struct store *st;		/* with letters: where their codes go */
	struct letter_set *letters;	/* a letter per link listed (not submitted), or NULL */
	int rc;				/* a letter failed: its exit code (printed) */
};

static const char *const status_names[] = { "invited", "started", "submitted" };

/* The mail column: by enum mail_stop_reason, then 3 for "sent". */
static const char *const mail_names[] = { "", "opted out", "refused", "sent" };

static int list_row(void *ctx, const struct invitation *inv)
{
	struct list_ctx *x = ctx;
	struct strbuf *o = x->out;

	x->n[inv->status]++;
	if (inv->mail_stop == MAIL_STOP_OPTOUT)
		x->optout++;
	else if (inv->mail_stop == MAIL_STOP_REFUSED)
		x->refused++;
	if (x->status >= 0 && (int)inv->status != x->status)
		return 0;
	if (x->letters && !inv->is_open && inv->status != RESP_SUBMITTED &&
	    (x->rc = letter_add(x->st, x->letters, inv->id, inv->name, x->base, inv->token)))
		return 1;
	if (csv_add(o, inv->is_open ? "(open link)" : inv->name) < 0 || strbuf_addch(o, ',') < 0 ||
	    csv_add(o, inv->email) < 0 || strbuf_addch(o, ',') < 0 ||
	    csv_add(o, inv->group) < 0 ||
	    strbuf_addf(o, ",%s,%d,", status_names[inv->status], inv->version) < 0 ||
	    csv_add(o, inv->updated_at) < 0 ||
	    strbuf_addf(o, ",%s,%d,", mail_names[inv->mail_stop ? inv->mail_stop
						 : inv->mail_sent ? 3 : 0], inv->mail_sent) < 0 ||
	    csv_add(o, inv->mail_last) < 0 ||
	    strbuf_addf(o, ",%s/r/%s\n", x->base, inv->token) < 0) {
		x->failed = 1;
		return 1;
	}
	return 0;
}

/* utilis invite FORM_ID --list [--status S] [--letters FILE [--lang L]] */
static int do_list(struct cli *cli, struct store *st, const char *form_id, const char *base,
		   const char *status, const char *letters, const char *lang)
{
	struct strbuf out = STRBUF_INIT;
	struct list_ctx x = { &out, base, -1, { 0, 0, 0 }, 0, 0, 0, st, NULL, 0 };
	struct letter_set ls = { NULL, 0, 0, { 0 } };
	struct survey_version sv;
	struct survey *s = NULL;
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
	if (letters) {
		/* the letters' codes are written with the listing, or none */
		if ((rc = load_form(st, form_id, &sv, &s)) != EXIT_OK)
			return rc;
		if ((rc = letter_set_init(st, &ls)) != EXIT_OK)
			goto out_sv;
		if (store_begin(st, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out_sv;
		}
		x.letters = &ls;
	} else {
		rc = store_survey_get(st, form_id, 0, &sv, &err);
		if (rc <= 0)
			return rc < 0 ? cli_error(EXIT_IOERR, "%s", err.msg)
				      : cli_error(EXIT_DATAERR, "no survey '%s' in the workspace", form_id);
	}
	if (strbuf_addstr(&out, "name,email,group,status,version,last_saved,mail,"
			  "mails_sent,last_mail,url\n") < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out_tx;
	}
	rc = store_invitation_each(st, form_id, list_row, &x, &err);
	if (rc < 0 || x.failed || x.rc) {
		rc = x.rc ? x.rc : x.failed ? cli_error(EXIT_FAIL, "out of memory")
			  : cli_error(EXIT_IOERR, "%s", err.msg);
		goto out_tx;
	}
	if (letters && ls.n == 0) {
		rc = cli_error(EXIT_DATAERR, "no link of survey '%s' to print a letter for (the "
			       "links submitted and the open link have none)", form_id);
		goto out_tx;
	}
	if (letters) {
		if ((rc = letters_out(s, &ls, letters, lang, base)) != EXIT_OK)
			goto out_tx;
		if (store_commit(st, &err) < 0) {
			unlink(letters);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out_tx;
		}
		x.letters = NULL;
	}
	rc = write_output(NULL, &out);
	if (rc == EXIT_OK && letters && !cli->quiet)
		fprintf(stderr, _("%s: %zu letter%s in %s, each with a new short code (keep the "
			"file private: each letter opens its link)\n"), form_id, ls.n,
			ls.n == 1 ? "" : "s", letters);
out_tx:
	if (x.letters)
		store_rollback(st);
	strbuf_release(&out);
	if (rc != EXIT_OK)
		goto out_sv;
	all = x.n[0] + x.n[1] + x.n[2];
	if (rc == EXIT_OK && !cli->quiet)
		fprintf(stderr, _("%s: %lld link%s: %lld not started, %lld started, %lld submitted "
			"(completion %.0f %%)\n"), form_id, (long long)all, all == 1 ? "" : "s",
			(long long)x.n[0], (long long)x.n[1], (long long)x.n[2],
			all ? 100.0 * (double)x.n[2] / (double)all : 0.0);
	if (rc == EXIT_OK && !cli->quiet && (x.optout || x.refused))
		fprintf(stderr, _("%s: no more mail to %lld link%s: %lld opted out, %lld refused "
			"by the server\n"), form_id, (long long)(x.optout + x.refused),
			x.optout + x.refused == 1 ? "" : "s", (long long)x.optout,
			(long long)x.refused);
out_sv:
	letter_set_release(&ls);
	survey_free(s);
	survey_version_release(&sv);
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
				fprintf(stderr, _("created the open link of '%s'\n"), form_id);
			printf("%s/o/%s\n", base, token);
			rc = EXIT_OK;
		}
	}
	free(token);
	survey_free(s);
	survey_version_release(&sv);
	return rc;
}

/*
 * Create one link and add its CSV row.  lang (or NULL) is the language its
 * form opens and its mail is written in.  In a panel survey a link without
 * an e-mail address gets a contact key — contact_key (the person's earlier
 * link's) or a fresh random one — from which its answers' panel key comes.
 * With ls, the link gets a short code and a letter.
 * Returns 0 or an exit code (printed).
 */
static int add_link(struct store *st, int64_t version_id, int panel, const char *name,
		    const char *email, const char *contact_key, const char *group,
		    const char *wave, const char *lang, const char *base, struct strbuf *out,
		    struct letter_set *ls)
{
	char token[TOKEN_LEN + 1], fresh[33];
	struct error err;
	int64_t id;
	int rc = UT_EDATA;

	/* a clash of 144 random bits does not happen; retry once all the same */
	for (int attempt = 0; attempt < 2 && rc == UT_EDATA; attempt++) {
		if (token_new(token, &err) < 0)
			return cli_error(EXIT_FAIL, "%s", err.msg);
		rc = store_invitation_add(st, version_id, token, 0, name, email, group, wave,
					  &id, &err);
	}
	if (rc == 0 && lang)
		rc = store_invitation_set_lang(st, id, lang, &err);
	if (rc < 0)
		return cli_error(cli_exit(rc), "%s", err.msg);
	if (panel && (!email || !*email)) {
		if (!contact_key || !*contact_key) {
			unsigned char r[16];

			if (random_bytes(r, sizeof(r), &err) < 0)
				return cli_error(EXIT_FAIL, "%s", err.msg);
			for (int i = 0; i < 16; i++)
				snprintf(fresh + 2 * i, 3, "%02x", r[i]);
			contact_key = fresh;
		}
		if (store_invitation_set_contact_key(st, id, contact_key, &err) < 0)
			return cli_error(EXIT_IOERR, "%s", err.msg);
	}
	if (ls && (rc = letter_add(st, ls, id, name, base, token)) != EXIT_OK)
		return rc;
	if (csv_add(out, name) < 0 || strbuf_addch(out, ',') < 0 || csv_add(out, email) < 0 ||
	    strbuf_addch(out, ',') < 0 || csv_add(out, group) < 0 ||
	    strbuf_addf(out, ",%s/r/%s\n", base, token) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	return EXIT_OK;
}

/* A person of an earlier wave to invite again. */
struct again_link {
	char *name, *email, *group, *contact_key;	/* copied from their link (malloc'd, or NULL) */
	int skip;			/* already has a link of the new wave */
};

struct again {
	struct again_link *v;	/* the people, in the order of their first link */
	size_t n, alloc;	/* used / allocated */
	const char *from, *to;	/* --from-wave, --wave */
	size_t nunknown;	/* links of the earlier wave without a name or an e-mail */
	size_t nalready;	/* people who already have a link of the new wave */
	int failed;		/* out of memory */
};

static void again_release(struct again *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i].name);
		free(a->v[i].email);
		free(a->v[i].group);
		free(a->v[i].contact_key);
	}
	free(a->v);
}

static int empty(const char *s)
{
	return !s || !*s;
}

/*
 * 1 when link b is person k's: the same e-mail address (any case); without
 * one, the same contact key; without either (a link made before the survey
 * was a panel), the same name on a link without either.
 */
static int same_person(const struct again_link *k, const struct invitation *b)
{
	if (!empty(k->email))
		return !empty(b->email) && !strcasecmp(k->email, b->email);
	if (!empty(k->contact_key))
		return empty(b->email) && !empty(b->contact_key) && !strcmp(k->contact_key, b->contact_key);
	return empty(b->email) && empty(b->contact_key) && !empty(b->name) && !strcmp(k->name, b->name);
}

/* Collect the people of wave a->from (store_invitation_each), one entry each. */
static int again_row(void *ctx, const struct invitation *inv)
{
	struct again *a = ctx;
	struct again_link *k;

	if (inv->is_open || !inv->wave || strcmp(inv->wave, a->from))
		return 0;
	if (empty(inv->email) && empty(inv->name)) {
		a->nunknown++;
		return 0;
	}
	for (size_t i = 0; i < a->n; i++)
		if (same_person(&a->v[i], inv))
			return 0;
	if (ARRAY_GROW(a->v, a->alloc, a->n + 1, 64) < 0)
		goto oom;
	k = &a->v[a->n++];
	memset(k, 0, sizeof(*k));
	if ((inv->name && !(k->name = strdup(inv->name))) ||
	    (inv->email && !(k->email = strdup(inv->email))) ||
	    (inv->group && !(k->group = strdup(inv->group))) ||
	    (inv->contact_key && !(k->contact_key = strdup(inv->contact_key))))
		goto oom;
	return 0;
oom:
	a->failed = 1;
	return 1;
}

/* Mark the people who already have a link of wave a->to: a second run adds none. */
static int again_seen(void *ctx, const struct invitation *inv)
{
	struct again *a = ctx;

	if (inv->is_open || !inv->wave || strcmp(inv->wave, a->to))
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (!a->v[i].skip && same_person(&a->v[i], inv)) {
			a->v[i].skip = 1;
			a->nalready++;
		}
	return 0;
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
		{ "from-wave", required_argument, NULL, 'F' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "letters", required_argument, NULL, 'L' },
		{ "lang", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *group = NULL, *wave = NULL, *base_opt = NULL, *output = NULL;
	const char *status = NULL, *form_id, *from_wave = NULL, *letters = NULL, *lang = NULL;
	struct letter_set ls = { NULL, 0, 0, { 0 } }, *lp = NULL;
	struct again again = { NULL, 0, 0, NULL, NULL, 0, 0, 0 };
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
		case 'F': from_wave = optarg; break;
		case 'b': base_opt = optarg; break;
		case 'o': output = optarg; break;
		case 'L': letters = optarg; break;
		case 'G': lang = optarg; break;
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
	if (cli_check_output(output) != EXIT_OK || cli_check_output(letters) != EXIT_OK)
		return EXIT_USAGE;
	modes = (count > 0) + (from != NULL) + list + open + (from_wave != NULL);
	if (modes != 1)
		return cli_usage_error(&cmd_invite, modes ? "give only one of --count, --from, "
				       "--from-wave, --list and --open-link" : "say what to do: "
				       "--count N, --from FILE, --from-wave W, --list or --open-link");
	if (status && !list)
		return cli_usage_error(&cmd_invite, "--status goes with --list");
	if (from_wave && !wave)
		return cli_usage_error(&cmd_invite, "--from-wave needs --wave: the wave the people "
				       "of wave '%s' are invited to", from_wave);
	if (from_wave && group)
		return cli_usage_error(&cmd_invite, "--group does not go with --from-wave: each "
				       "person keeps the group of their earlier link");
	if (from_wave && !strcmp(from_wave, wave))
		return cli_usage_error(&cmd_invite, "--from-wave and --wave are both '%s': invite "
				       "the people of an earlier wave to a new one", wave);
	if ((group || wave) && !count && !from_wave)
		return cli_usage_error(&cmd_invite, "--group and --wave go with --count (a contact "
				       "list has its own columns)");
	if (output && (list || open))
		return cli_usage_error(&cmd_invite, "--output goes with --count, --from or "
				       "--from-wave");
	if (letters && open)
		return cli_usage_error(&cmd_invite, "--letters does not go with --open-link: a "
				       "letter is one person's link");
	if (letters && status && !strcmp(status, "submitted"))
		return cli_usage_error(&cmd_invite, "--letters does not go with --status "
				       "submitted: a link that has submitted is closed");
	if (lang && !letters)
		return cli_usage_error(&cmd_invite, "--lang goes with --letters");
	if (lang && !letters_lang(lang))
		return cli_usage_error(&cmd_invite, "--lang is 'fr' or 'en', not '%s'", lang);
	if (letters && output && !strcmp(letters, output))
		return cli_usage_error(&cmd_invite, "--letters and --output are the same file '%s'",
				       letters);
	if ((rc = cli_base_url(&cmd_invite, base_opt, &base)) != EXIT_OK)
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
			fprintf(stderr, _("no link was created\n"));
			return EXIT_DATAERR;
		}
	}

	rc = cli_open_store(cli, list && !letters ? STORE_READONLY : 0, &st);
	if (rc)
		goto out;
	if (list) {
		rc = do_list(cli, st, form_id, base.buf, status, letters, lang);
		goto out;
	}
	if (open) {
		rc = do_open(cli, st, form_id, base.buf);
		goto out;
	}
	if ((rc = load_form(st, form_id, &sv, &s)) != EXIT_OK)
		goto out;
	if (from_wave) {
		again.from = from_wave;
		again.to = wave;
		if (store_invitation_each(st, form_id, again_row, &again, &err) < 0 ||
		    (!again.failed && store_invitation_each(st, form_id, again_seen, &again, &err) < 0)) {
			rc = again.failed ? cli_error(EXIT_FAIL, "out of memory")
					  : cli_error(EXIT_IOERR, "%s", err.msg);
			goto out_sv;
		}
		if (again.n == 0) {
			rc = cli_error(EXIT_DATAERR, "no link of survey '%s' in wave '%s' has a contact "
				       "to invite again%s", form_id, from_wave, again.nunknown ?
				       _(" (its links have neither a name nor an e-mail)") : "");
			goto out_sv;
		}
		if (again.nalready == again.n) {
			cli_info(cli, "every person of wave '%s' already has a link of wave '%s': no "
				 "link was created\n", from_wave, wave);
			rc = EXIT_OK;
			goto out_sv;
		}
	}
	if (letters) {
		if ((rc = letter_set_init(st, &ls)) != EXIT_OK)
			goto out_sv;
		lp = &ls;
	}
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

			if (k->lang && survey_lang(s, k->lang) < 0) {
				rc = cli_error(EXIT_DATAERR, "%s:%d: language '%s' is not one of "
					       "survey '%s'", from, k->row, k->lang, form_id);
				break;
			}
			rc = add_link(st, sv.id, s->panel, k->name, k->email, NULL, k->group, k->wave,
				      k->lang, base.buf, &out, lp);
		}
	} else if (from_wave) {
		for (size_t i = 0; i < again.n && rc == EXIT_OK; i++) {
			const struct again_link *k = &again.v[i];

			if (!k->skip)
				rc = add_link(st, sv.id, s->panel, k->name, k->email, k->contact_key,
					      k->group, wave, NULL, base.buf, &out, lp);
		}
	} else {
		for (long i = 0; i < count && rc == EXIT_OK; i++)
			rc = add_link(st, sv.id, s->panel, NULL, NULL, NULL, group, wave, NULL,
				      base.buf, &out, lp);
	}
	if (rc != EXIT_OK) {
		store_rollback(st);
		fprintf(stderr, _("no link was created\n"));
		goto out_sv;
	}
	/* the files first: links nobody can send are not kept */
	if (letters && (rc = letters_out(s, &ls, letters, lang, base.buf)) != EXIT_OK) {
		store_rollback(st);
		fprintf(stderr, _("no link was created\n"));
		goto out_sv;
	}
	if (output && (rc = write_output(output, &out)) != EXIT_OK) {
		store_rollback(st);
		if (letters)
			unlink(letters);
		fprintf(stderr, _("no link was created\n"));
		goto out_sv;
	}
	if (store_commit(st, &err) < 0) {
		if (output)
			unlink(output);
		if (letters)
			unlink(letters);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		fprintf(stderr, _("no link was created\n"));
		goto out_sv;
	}
	if (!output)
		rc = write_output(NULL, &out);
	if (rc == EXIT_OK && !cli->quiet) {
		size_t made = from ? contacts.n : from_wave ? again.n - again.nalready : (size_t)count;

		fprintf(stderr, _("created %zu link%s for %s version %d%s%s\n"), made,
			made == 1 ? "" : "s", form_id, sv.version, output ? " in " : "",
			output ? output : "");
		if (letters)
			fprintf(stderr, _("%zu letter%s with a QR code and a short code in %s (keep "
				"the file private: each letter opens its link)\n"), ls.n,
				ls.n == 1 ? "" : "s", letters);
		if (from_wave && again.nalready)
			fprintf(stderr, _("%zu %s of wave '%s' already had a link of wave '%s': not "
				"invited twice\n"), again.nalready, again.nalready == 1 ? _("person") :
				_("people"), from_wave, wave);
		if (from_wave && again.nunknown)
			fprintf(stderr, _("%zu link%s of wave '%s' had neither a name nor an e-mail: "
				"nobody could tell whom to give a new one to\n"), again.nunknown,
				again.nunknown == 1 ? "" : "s", from_wave);
		if (from_wave && !s->panel)
			fprintf(stderr, _("note: survey '%s' is not a panel: the answers of the two "
				"waves will not be linked ('settings: {panel: true}')\n"), form_id);
	}
out_sv:
	survey_free(s);
	survey_version_release(&sv);
out:
	if (st)
		store_close(st);
	contacts_release(&contacts);
	again_release(&again);
	letter_set_release(&ls);
	strbuf_release(&out);
	strbuf_release(&base);
	return rc;
}

const struct command cmd_invite = {
	"invite", run_invite,
	"utilis invite FORM_ID (--count N | --from CONTACTS.csv) [--base-url URL] [-o FILE]\n"
	"                      [--letters FILE.pdf [--lang fr|en]]\n"
	"       utilis invite FORM_ID --from-wave V --wave W [--base-url URL] [-o FILE]\n"
	"       utilis invite FORM_ID --list [--status invited|started|submitted]\n"
	"                      [--letters FILE.pdf [--lang fr|en]]\n"
	"       utilis invite FORM_ID --open-link",
	N_("create respondent links, list them with their progress"),
	N_("Each link is one respondent's: https://…/r/TOKEN, where TOKEN holds 144\n"
	"random bits.  The respondent answers page by page, can stop and come back\n"
	"through the same link, and submits at the end (see docs/collection.md).\n"
	"\n"
	"  --count N          create N links without contact (hand them out yourself)\n"
	"  --group G          with --count: the comparison group of these respondents\n"
	"  --wave W           with --count: their collection wave (e.g. 2025)\n"
	"  --from FILE        create one link per row of a CSV contact list whose first\n"
	"                     row names the columns: name, email, group, wave,\n"
	"                     language (or nom, courriel, groupe, vague, langue);\n"
	"                     ',' or ';' separated, UTF-8\n"
	"  --from-wave V      with --wave W: a new link of wave W for each person\n"
	"                     invited to wave V whose name or e-mail is known, with the\n"
	"                     same name, e-mail and group; people who already have a\n"
	"                     link of wave W are not invited twice.  In a panel survey\n"
	"                     (settings.panel) their answers in both waves are linked\n"
	"                     by their panel key (docs/data-protection.md)\n"
	"  --base-url URL     the server's public address (default $UTILIS_BASE_URL,\n"
	"                     else " CLI_DEFAULT_BASE_URL ")\n"
	"  -o, --output FILE  write the links there rather than to standard output\n"
	"  --list             every link as CSV: name, email, group, status, version,\n"
	"                     last_saved, its e-mail (utilis mail): mail ('sent',\n"
	"                     'opted out', 'refused' or empty), mails_sent, last_mail,\n"
	"                     then url; a summary on standard error\n"
	"  --status S         with --list: only the links invited (not started),\n"
	"                     started or submitted (e.g. to send a reminder)\n"
	"  --open-link        the one open link of a public survey (settings.public):\n"
	"                     each person who starts it gets a link of their own\n"
	"  --letters FILE     also write a letter per link to hand over on paper (PDF,\n"
	"                     one A4 page each): the survey's title and opening note,\n"
	"                     the QR code of the link, the link, and a short code to\n"
	"                     type at URL/c (10 characters, e.g. K7M2Q-9QXDA).  With\n"
	"                     --list, letters for the links listed that have not\n"
	"                     submitted (e.g. --status invited, to remind them), each\n"
	"                     with a new code (earlier letters keep working).  The\n"
	"                     file is SENSITIVE: each letter opens a person's answers.\n"
	"                     It is written readable by you alone (mode 0600): print\n"
	"                     it, then delete it.  Only a hash of each code is kept\n"
	"  --lang L           the letters' language: fr (default) or en\n"
	"\n"
	"New links print as CSV name,email,group,url, ready for a mail merge.  Links\n"
	"answer the survey's latest version.  A contact list with any error creates\n"
	"no link (exit 65); its problems are listed as FILE:ROW:COL.\n"),
};
