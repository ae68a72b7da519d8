/*
 * delphi start, delphi results, delphi build: the Delphi rounds of the
 * pilot group over a referential (docs/referential.md).  A round is a
 * version of the generated survey "delphi-ID" stored in the workspace;
 * round 1's links are made with `utilis invite`, those of later rounds by
 * `delphi start` itself, one per member of the previous round, opened on
 * their previous ratings.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "analysis/delphi.h"
#include "analysis/score.h"
#include "analysis/sensitivity.h"
#include "analysis/weights.h"
#include "cli/cli.h"
#include "cli/referential.h"
#include "collect/token.h"
#include "report/delphi_report.h"
#include "store/store.h"
#include "survey/referential.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/array.h"
#include "util/csvout.h"
#include "util/decimal.h"
#include "util/diag.h"
#include "util/json.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/yamlout.h"
#include "util/i18n.h"

#define MAX_MODELS 16

/* Every round of a referential read from the workspace, with its result. */
struct rounds {
	char form_id[64];			/* delphi-ID */
	int n;					/* rounds stored (versions 1..n) */
	struct survey *s[DELPHI_MAX_ROUNDS + 1];	/* model of each round, [1..n] */
	struct delphi_round r[DELPHI_MAX_ROUNDS + 1];	/* ratings */
	struct delphi_result res[DELPHI_MAX_ROUNDS + 1]; /* figures */
};

static void rounds_release(struct rounds *R)
{
	for (int i = 1; i <= R->n; i++) {
		survey_free(R->s[i]);
		delphi_result_release(&R->res[i]);
		delphi_round_release(&R->r[i]);
	}
	R->n = 0;
}

/* The highest round stored for ref (0: none).  Prints and returns an exit code on failure. */
static int last_round(struct store *st, const char *form_id, int *last)
{
	struct survey_version sv;
	struct error err;
	int rc = store_survey_get(st, form_id, 0, &sv, &err);

	*last = 0;
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 1) {
		*last = sv.version;
		survey_version_release(&sv);
	}
	return EXIT_OK;
}

/* Read rounds 1..upto of ref and compute their results.  Prints and returns an exit code. */
static int rounds_read(struct store *st, const struct referential *ref, int upto, struct rounds *R)
{
	struct error err;

	memset(R, 0, sizeof(*R));
	snprintf(R->form_id, sizeof(R->form_id), "%s%s", DELPHI_FORM_PREFIX, ref->id);
	if (upto > DELPHI_MAX_ROUNDS)
		return cli_error(EXIT_DATAERR, "more than %d rounds", DELPHI_MAX_ROUNDS);
	for (int i = 1; i <= upto; i++) {
		struct survey_version sv;
		int rc = cli_stored_survey(st, R->form_id, i, &sv, &R->s[i]);

		if (rc)
			return rc;
		survey_version_release(&sv);
		R->n = i;
		if (delphi_round_read(st, ref, R->s[i], R->form_id, i, &R->r[i], &err) < 0)
			return cli_error(EXIT_IOERR, "%s", err.msg);
		if (delphi_result_compute(ref, &R->r[i], i > 1 ? &R->r[i - 1] : NULL,
					  i > 1 ? &R->res[i - 1] : NULL, &R->res[i]) < 0)
			return cli_error(EXIT_FAIL, "out of memory");
	}
	return EXIT_OK;
}

/* The referential and its sources checked against the workspace's surveys (warnings only for absent ones). */
static int load_checked(struct store *st, const char *path, struct referential **ref)
{
	struct survey *models[MAX_MODELS];
	struct diags d = DIAGS_INIT;
	size_t n = 0;
	int rc = cli_load_referential(path, ref);

	if (rc)
		return rc;
	rc = cli_referential_models(*ref, st, NULL, 0, models, MAX_MODELS, &n);
	if (rc == EXIT_OK && referential_check_sources(*ref, models, n, &d) < 0)
		rc = EXIT_DATAERR;
	cli_print_diags(&d);
	diags_release(&d);
	for (size_t i = 0; i < n; i++)
		survey_free(models[i]);
	if (rc) {
		referential_free(*ref);
		*ref = NULL;
	}
	return rc;
}

/* Write text to path (0600: links are secrets; else public), or stdout when path is NULL. */
static int write_text(const char *path, const struct strbuf *text, int mode)
{
	struct error err;

	if (!path) {
		if (fwrite(text->buf, 1, text->len, stdout) != text->len || fflush(stdout) != 0)
			return cli_error(EXIT_IOERR, "cannot write to standard output: %s", strerror(errno));
		return EXIT_OK;
	}
	if (afile_write_file(path, text->buf, text->len, mode, &err) < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	return EXIT_OK;
}

/* A positive round number from an option. */
static int parse_round(const struct command *cmd, const char *arg, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < 1 || v > DELPHI_MAX_ROUNDS) {
		cli_usage_error(cmd, "--round takes a number from 1 to %d, not '%s'", DELPHI_MAX_ROUNDS, arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* The options the delphi subcommands share, and the referential named. */
struct dopts {
	const char *ref_path;	/* REFERENTIAL */
	int round;		/* --round N; 0: not given */
	const char *format;	/* --format: table (the default), csv or json */
	const char *yaml_out;	/* --yaml FILE */
	const char *out;	/* -o, --output FILE */
	const char *base_url;	/* --base-url URL */
	const char *method;	/* --method (delphi weights) */
	int weights;		/* --weights (delphi results) */
	const char *pdf, *xlsx;	/* --pdf FILE, --xlsx FILE (delphi build) */
};

/* An option of one subcommand alone (optarg: its value): 0, or an exit code (message printed). */
typedef int (*dopt_fn)(const struct command *cmd, int c, void *ctx);

/*
 * Parse argv for cmd with its options opts (shortopts: cli_getopt's): the
 * shared ones, by the letters 'r' (--round), 'f' (--format), 'y' (--yaml),
 * 'o' (--output), 'b' (--base-url), 'm' (--method), 'w' (--weights), 'p'
 * (--pdf), 'x' (--xlsx) and 'h' (--help), into *o; any other
 * through more(cmd, c, ctx); then --format's value and the one REFERENTIAL.
 * Returns -1 to go on, else the exit code to return (EXIT_OK after --help).
 */
static int dopts_parse(const struct command *cmd, int argc, char **argv, const char *shortopts,
		       const struct option *opts, dopt_fn more, void *ctx, struct dopts *o)
{
	int c, rc;

	memset(o, 0, sizeof(*o));
	o->format = "table";
	optind = 0;
	while ((c = cli_getopt(cmd, argc, argv, shortopts, opts)) != -1) {
		switch (c) {
		case 'r':
			if (parse_round(cmd, optarg, &o->round) < 0)
				return EXIT_USAGE;
			break;
		case 'f': o->format = optarg; break;
		case 'y': o->yaml_out = optarg; break;
		case 'o': o->out = optarg; break;
		case 'b': o->base_url = optarg; break;
		case 'm': o->method = optarg; break;
		case 'w': o->weights = 1; break;
		case 'p': o->pdf = optarg; break;
		case 'x': o->xlsx = optarg; break;
		case 'h':
			cli_print_help(stdout, cmd);
			return EXIT_OK;
		default:
			if (!more || c == '?' || c == ':')
				return EXIT_USAGE;
			if ((rc = more(cmd, c, ctx)) != EXIT_OK)
				return rc;
		}
	}
	if (strcmp(o->format, "table") && strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return cli_usage_error(cmd, "--format is table, csv or json, not '%s'", o->format);
	if (optind >= argc)
		return cli_usage_error(cmd, "which referential? give its file");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	o->ref_path = argv[optind];
	return -1;
}

/* Open the workspace (flags: cli_open_store's) and the referential at path, checked against it. */
static int open_ref(struct cli *cli, int flags, const char *path, struct store **st, struct referential **ref)
{
	int rc = cli_open_store(cli, flags, st);

	return rc != EXIT_OK ? rc : load_checked(*st, path, ref);
}

/* --- delphi start --------------------------------------------------------------------- */

struct follow {
	int version;			/* links of this round */
	struct invitation *v;		/* copies of them */
	size_t n, a;
	int oom;
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int follow_link(void *ctx, const struct invitation *inv)
{
	struct follow *f = ctx;
	struct invitation *c;

	if (inv->version != f->version || inv->is_open)
		return 0;
	if (ARRAY_GROW(f->v, f->a, f->n + 1, 16) < 0)
		return f->oom = 1, -1;
	c = &f->v[f->n];
	memset(c, 0, sizeof(*c));
	c->name = dup_or_null(inv->name);
	c->email = dup_or_null(inv->email);
	c->group = dup_or_null(inv->group);
	c->wave = dup_or_null(inv->wave);
	f->n++;
	if ((inv->name && !c->name) || (inv->email && !c->email) || (inv->group && !c->group) ||
	    (inv->wave && !c->wave))
		return f->oom = 1, -1;
	return 0;
}

/*
 * The links of version version_id (model s) of form to_form: one per link
 * of version from_version of from_form that has a contact, with the same
 * contact, group and wave; with prev (the previous round of a Delphi
 * round), opened on the member's previous ratings.  Written in one
 * transaction, printed as CSV.  Used for round 2 onwards (from the
 * previous round) and for the weights questionnaire (from the last round).
 */
static int make_links(struct store *st, const struct referential *ref, const char *from_form,
		      int from_version, const char *to_form, const char *to_what,
		      const struct delphi_round *prev,
		      int64_t version_id, const struct survey *s, const char *base, struct strbuf *csv,
		      size_t *nlinks, size_t *nprefilled)
{
	struct follow f = { from_version, NULL, 0, 0, 0 };
	struct error err;
	size_t skipped = 0;
	int rc;

	*nlinks = *nprefilled = 0;
	rc = store_invitation_each(st, from_form, follow_link, &f, &err);
	if (f.oom) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	if (rc < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (strbuf_addstr(csv, "name,email,group,url\n") < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	if (store_begin(st, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	for (size_t i = 0; i < f.n; i++) {
		const struct invitation *inv = &f.v[i];
		const char *key = inv->email && *inv->email ? inv->email : inv->name && *inv->name ? inv->name : NULL;
		char token[TOKEN_LEN + 1];
		char **values;
		int64_t id;
		long m;

		if (!key) {
			skipped++;
			continue;
		}
		{
			/* a member sent two links in the previous round gets one now */
			size_t j;

			for (j = 0; j < i; j++) {
				const struct invitation *o = &f.v[j];
				const char *k = o->email && *o->email ? o->email : o->name && *o->name ? o->name : NULL;

				if (k && !strcmp(k, key))
					break;
			}
			if (j < i)
				continue;
		}
		if (token_new(token, &err) < 0 ||
		    store_invitation_add(st, version_id, token, 0, inv->name, inv->email, inv->group,
					 inv->wave, &id, &err) < 0) {
			store_rollback(st);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
		(*nlinks)++;
		m = prev ? delphi_round_member(prev, key) : -1;
		if (m >= 0) {
			int k;

			values = calloc(s->nq + 1, sizeof(char *));
			if (!values || (k = delphi_prefill(ref, s, prev, (size_t)m, values)) < 0) {
				answers_free(values, s->nq);
				store_rollback(st);
				rc = cli_error(EXIT_FAIL, "out of memory");
				goto out;
			}
			if (k > 0 && store_invitation_save(st, id, (const char *const *)values, s->nq, 0,
							   NULL, &err) < 0) {
				answers_free(values, s->nq);
				store_rollback(st);
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				goto out;
			}
			*nprefilled += k > 0;
			answers_free(values, s->nq);
		}
		if (csvout_str(csv, ',', 1, inv->name, CSVOUT_TEXT) < 0 || strbuf_addch(csv, ',') < 0 ||
		    csvout_str(csv, ',', 1, inv->email, CSVOUT_TEXT) < 0 || strbuf_addch(csv, ',') < 0 ||
		    csvout_str(csv, ',', 1, inv->group, CSVOUT_TEXT) < 0 ||
		    strbuf_addf(csv, ",%s/r/%s\n", base, token) < 0) {
			store_rollback(st);
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
	}
	if (store_audit(st, "delphi.links", to_form, &err) < 0 || store_commit(st, &err) < 0) {
		store_rollback(st);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (skipped)
		cli_warning("%zu link%s of round %d had neither a name nor an e-mail: a member without "
			    "one cannot be followed to %s (give them a link with 'utilis invite %s')",
			    skipped, skipped == 1 ? "" : "s", from_version, to_what, to_form);
	rc = EXIT_OK;
out:
	for (size_t i = 0; i < f.n; i++) {
		free(f.v[i].name);
		free(f.v[i].email);
		free(f.v[i].group);
		free(f.v[i].wave);
	}
	free(f.v);
	return rc;
}

/* utilis delphi start REFERENTIAL --round N [--yaml FILE] [--output LINKS.csv] [--base-url URL] */
static int run_start(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "round", required_argument, NULL, 'r' },
		{ "yaml", required_argument, NULL, 'y' },
		{ "output", required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *yaml_out, *links_out, *path;
	struct strbuf yaml = STRBUF_INIT, csv = STRBUF_INIT, basebuf = STRBUF_INIT;
	struct referential *ref = NULL;
	struct store *st = NULL;
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;
	struct rounds R;
	struct error err;
	struct dopts o;
	enum store_put_result put;
	int rc, round, last;

	memset(&R, 0, sizeof(R));
	if ((rc = dopts_parse(&cmd_delphi_start, argc, argv, ":ho:", opts, NULL, NULL, &o)) >= 0)
		return rc;
	path = o.ref_path;
	round = o.round;
	yaml_out = o.yaml_out;
	links_out = o.out;
	if (!round)
		return cli_usage_error(&cmd_delphi_start, "say which round: --round N");
	if (cli_check_output(yaml_out) || cli_check_output(links_out))
		return EXIT_USAGE;
	if ((rc = cli_base_url(&cmd_delphi_start, o.base_url, &basebuf)) != EXIT_OK)
		goto out;
	if ((rc = open_ref(cli, 0, path, &st, &ref)) != EXIT_OK)
		goto out;
	snprintf(R.form_id, sizeof(R.form_id), "%s%s", DELPHI_FORM_PREFIX, ref->id);
	if ((rc = last_round(st, R.form_id, &last)) != EXIT_OK)
		goto out;
	if (round <= last) {
		rc = cli_error(EXIT_FAIL, "round %d of '%s' is already started (rounds 1 to %d are in the "
			       "workspace); see 'utilis delphi results %s'", round, ref->id, last, path);
		goto out;
	}
	if (round != last + 1) {
		if (last)
			rc = cli_error(EXIT_FAIL, "the next round of '%s' is round %d, not %d", ref->id,
				       last + 1, round);
		else
			rc = cli_error(EXIT_FAIL, "'%s' has no round yet: start with --round 1", ref->id);
		goto out;
	}
	if (round > 1) {
		if ((rc = rounds_read(st, ref, round - 1, &R)) != EXIT_OK)
			goto out;
		if (R.r[round - 1].nmem == 0) {
			rc = cli_error(EXIT_FAIL, "nobody has submitted round %d yet: round %d shows the "
				       "group's answers to it", round - 1, round);
			goto out;
		}
	}
	if (delphi_form_yaml(ref, round, round > 1 ? &R.res[round - 1] : NULL, &yaml) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	if (survey_load(&s, path, yaml.buf, yaml.len, &d) < 0) {
		cli_print_diags(&d);
		rc = cli_error(EXIT_FAIL, "the questionnaire made from '%s' does not load (a bug: please "
			       "report it)", path);
		goto out;
	}
	if (yaml_out && (rc = write_text(yaml_out, &yaml, AFILE_PUBLIC)) != EXIT_OK)
		goto out;
	if (store_survey_put(st, R.form_id, round, ref->title.fr, path, yaml.buf, &put, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	{
		char detail[128];

		snprintf(detail, sizeof(detail), "%s round %d", R.form_id, round);
		if (store_audit(st, "delphi.start", detail, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
	}
	if (round == 1) {
		cli_info(cli, "round 1 of '%s': survey '%s' version 1 stored (%zu indicators to rate%s)\n"
			 "make the members' links with: utilis invite %s --from MEMBERS.csv\n",
			 ref->id, R.form_id, ref->nind, ref->feasibility ? " for relevance and feasibility" : "",
			 R.form_id);
	} else {
		struct survey_version sv;
		size_t nlinks, npre;

		rc = store_survey_get(st, R.form_id, round, &sv, &err);
		if (rc != 1) {
			rc = cli_error(EXIT_IOERR, "%s", rc < 0 ? err.msg : "the round just stored is missing");
			goto out;
		}
		{
			char what[32];

			snprintf(what, sizeof(what), "round %d", round);
			rc = make_links(st, ref, R.form_id, round - 1, R.form_id, what, &R.r[round - 1],
					sv.id, s, basebuf.buf, &csv, &nlinks, &npre);
		}
		survey_version_release(&sv);
		if (rc)
			goto out;
		if ((rc = write_text(links_out, &csv, AFILE_PRIVATE)) != EXIT_OK)
			goto out;
		if (!cli->quiet)
			fprintf(links_out ? stdout : stderr,
				"round %d of '%s': survey '%s' version %d stored; %zu link%s made, %zu opened on "
				"the member's round-%d ratings%s%s\n", round, ref->id, R.form_id, round, nlinks,
				nlinks == 1 ? "" : "s", npre, round - 1, links_out ? " in " : "",
				links_out ? links_out : "");
	}
	rc = EXIT_OK;
out:
	diags_release(&d);
	survey_free(s);
	rounds_release(&R);
	referential_free(ref);
	if (st)
		store_close(st);
	strbuf_release(&yaml);
	strbuf_release(&csv);
	strbuf_release(&basebuf);
	return rc;
}

const struct command cmd_delphi_start = {
	"delphi start", run_start,
	"utilis delphi start REFERENTIAL --round N [--yaml FILE] [--output LINKS.csv]\n"
	"       [--base-url URL]",
	N_("make the rating questionnaire of a Delphi round of the pilot group"),
	N_("Options:\n"
	"  --round N          the round to start: 1, then each next one in turn\n"
	"  --yaml FILE        also write the round's questionnaire as YAML\n"
	"  -o, --output FILE  from round 2: write the members' links there (CSV, 0600)\n"
	"                     rather than to standard output\n"
	"  --base-url URL     the server's address in the links (default $UTILIS_BASE_URL,\n"
	"                     else " CLI_DEFAULT_BASE_URL ")\n"
	"\n"
	"Stores the questionnaire of round N as version N of the survey\n"
	"delphi-ID (ID: the referential's): each candidate indicator rated from 1 to\n"
	"9 for relevance (and feasibility when the referential says so), with a\n"
	"comment, one page per stake, as in the RAND/UCLA appropriateness method.\n"
	"Round 1's links are made with 'utilis invite delphi-ID --from MEMBERS.csv'.\n"
	"From round 2 the page of each indicator shows the group's median and\n"
	"interquartile range of the previous round (not shown when fewer than the\n"
	"referential's min_group rated it) and the member's own previous rating,\n"
	"ticked already; this command makes one link per member of the previous\n"
	"round, with the same contact, and prints them as CSV (name,email,group,url).\n"
	"Members are followed by their link's e-mail, else name.  Format and\n"
	"method: docs/referential.md.\n"),
};

/* --- delphi results ------------------------------------------------------------------- */

/* A number of the tables (util/numfmt.h, in English): "–" when missing. */
static const char *num(char *buf, size_t n, double v, int dec)
{
	return numfmt(buf, n, v, dec, 0, "en");
}

/*
 * num(), then pct ("%" after a number, nothing after "–"), right-aligned on
 * width characters (printf's "%6s" counts bytes, and "–" takes three);
 * never cut.
 */
static const char *cell(char *buf, size_t n, double v, int dec, int pct, int width)
{
	char t[64];
	size_t len, chars, pad;

	num(t, sizeof(t), v, dec);
	if (pct && !isnan(v))
		strcat(t, "%");
	len = strlen(t);
	chars = utf8_chars(t, len);
	pad = chars < (size_t)width ? (size_t)width - chars : 0;
	if (pad + len >= n)
		pad = n > len ? n - 1 - len : 0;
	memset(buf, ' ', pad);
	snprintf(buf + pad, n - pad, "%s", t);
	return buf;
}

static int table_round(struct strbuf *o, const struct referential *ref, const struct rounds *R, int i)
{
	const struct delphi_result *res = &R->res[i];
	const struct delphi_round *rd = &R->r[i];
	int rc = 0;

	if (rd->nmem >= (size_t)ref->min_group)
		rc |= strbuf_addf(o, "Round %d: %zu members submitted", i, rd->nmem);
	else
		rc |= strbuf_addf(o, "Round %d: fewer than %d members submitted", i, ref->min_group);
	if (rd->nunknown)
		rc |= strbuf_addf(o, " (%zu more answer%s not tied to a member, left out)", rd->nunknown,
				  rd->nunknown == 1 ? "" : "s");
	rc |= strbuf_addstr(o, "\n");
	rc |= strbuf_addf(o, "%-28s %3s %6s %5s %5s %5s %5s", "indicator", "n", "median", "q1", "q3",
			  "agree", "DI");
	if (res->feas)
		rc |= strbuf_addstr(o, "  feas");
	if (res->stab)
		rc |= strbuf_addstr(o, " stable changed");
	rc |= strbuf_addstr(o, " verdict\n");
	for (size_t k = 0; k < ref->nind; k++) {
		const struct delphi_stat *s = &res->rel[k];
		char med[32], q1[32], q3[32], ag[32], di[32], fe[32], nb[16];

		cell(med, sizeof(med), s->median, 1, 0, 6);
		cell(q1, sizeof(q1), s->q1, 1, 0, 5);
		cell(q3, sizeof(q3), s->q3, 1, 0, 5);
		cell(ag, sizeof(ag), s->shown ? 100 * s->agreement : NAN, 0, 1, 5);
		cell(di, sizeof(di), s->di, 2, 0, 5);
		cell(fe, sizeof(fe), res->feas ? res->feas[k].median : NAN, 1, 0, 5);
		if (s->shown)
			snprintf(nb, sizeof(nb), "%zu", s->n);
		else
			snprintf(nb, sizeof(nb), "<%d", ref->min_group);
		rc |= strbuf_addf(o, "%-28s %3s %s %s %s %s %s", ref->ind[k].id, nb, med, q1, q3, ag, di);
		if (res->feas)
			rc |= strbuf_addf(o, " %s", fe);
		if (res->stab) {
			const struct delphi_stability *b = &res->stab[k];
			char sb[32], ch[32];

			cell(sb, sizeof(sb), b->shown ? 100 * b->same_band : NAN, 0, 1, 6);
			cell(ch, sizeof(ch), b->shown ? (double)b->changed : NAN, 0, 0, 7);
			rc |= strbuf_addf(o, " %s %s", sb, ch);
		}
		rc |= strbuf_addf(o, " %s", delphi_verdict_id(s->verdict));
		rc |= strbuf_addstr(o, "\n");
	}
	if (res->w_shown) {
		char w[32], p[32], chi[32], df[32];

		num(w, sizeof(w), res->w.w, 3);
		numfmt_p(p, sizeof(p), res->w.p, 3, "en");
		rc |= strbuf_addf(o, "Kendall's W of the members' rankings: %s (%zu members, chi2 %s, df %s, p %s)\n",
				  w, res->w.m, num(chi, sizeof(chi), res->w.chisq, 1), num(df, sizeof(df), res->w.df, 0),
				  p[0] == '=' ? p + 2 : p);
	} else {
		rc |= strbuf_addf(o, "Kendall's W: not shown (fewer than %d members rated every indicator)\n",
				  ref->min_group);
	}
	if (rd->nmem >= (size_t)ref->min_group) {
		int any = 0;

		for (size_t k = 0; k < ref->nind; k++) {
			if (!res->ncomments[k])
				continue;
			if (!any)
				rc |= strbuf_addstr(o, "Comments (unsigned, in alphabetical order):\n");
			any = 1;
			rc |= strbuf_addf(o, "  %s:\n", ref->ind[k].id);
			for (size_t j = 0; j < res->ncomments[k]; j++)
				rc |= strbuf_addf(o, "    - %s\n", res->comments[k][j]);
		}
	} else {
		rc |= strbuf_addf(o, "Comments: not shown (fewer than %d members)\n", ref->min_group);
	}
	return rc ? -1 : 0;
}

/* ",v" in a CSV for programs: the shortest decimal that reads back as v (as JSON has it); "," for NaN. */
static int csv_num(struct strbuf *o, double v)
{
	char buf[1 + DECIMAL_MAX];

	if (isnan(v))
		return strbuf_addch(o, ',');
	buf[0] = ',';
	return strbuf_add(o, buf, 1 + decimal_double(buf + 1, v));
}

static int csv_round(struct strbuf *o, const struct referential *ref, const struct rounds *R, int i)
{
	const struct delphi_result *res = &R->res[i];
	int rc = 0;

	for (size_t k = 0; k < ref->nind; k++) {
		const struct ref_indicator *ind = &ref->ind[k];
		const struct delphi_stat *s = &res->rel[k];

		rc |= strbuf_addf(o, "%d,%s,%s,%s,", i, ref->stakes[ind->stake].id,
				  ref->crit[ind->criterion].id, ind->id);
		if (s->shown)
			rc |= strbuf_addf(o, "%zu", s->n);
		rc |= csv_num(o, s->median);
		rc |= csv_num(o, s->q1);
		rc |= csv_num(o, s->q3);
		rc |= csv_num(o, s->iqr);
		rc |= csv_num(o, s->p30);
		rc |= csv_num(o, s->p70);
		rc |= csv_num(o, s->ipr);
		rc |= csv_num(o, s->ipras);
		rc |= csv_num(o, s->di);
		rc |= csv_num(o, s->agreement);
		rc |= strbuf_addf(o, ",%s", delphi_verdict_id(s->verdict));
		rc |= csv_num(o, res->feas ? res->feas[k].median : NAN);
		rc |= csv_num(o, res->feas ? res->feas[k].iqr : NAN);
		rc |= csv_num(o, res->stab && res->stab[k].shown ? res->stab[k].same_band : NAN);
		rc |= csv_num(o, res->stab && res->stab[k].shown ? (double)res->stab[k].changed : NAN);
		rc |= csv_num(o, res->stab && res->stab[k].shown ? res->stab[k].mean_change : NAN);
		rc |= strbuf_addstr(o, "\n");
	}
	return rc ? -1 : 0;
}

static void json_num(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	if (isnan(v))
		json_null(w);
	else
		json_double(w, v);
}

static void json_stat(struct json_writer *w, const char *key, const struct delphi_stat *s)
{
	json_key(w, key);
	json_begin_object(w);
	json_key(w, "n");
	if (s->shown)
		json_int(w, (int64_t)s->n);
	else
		json_null(w);	/* fewer than min_group: not how many */
	json_key(w, "shown");
	json_bool(w, s->shown);
	json_num(w, "median", s->median);
	json_num(w, "q1", s->q1);
	json_num(w, "q3", s->q3);
	json_num(w, "iqr", s->iqr);
	json_num(w, "p30", s->p30);
	json_num(w, "p70", s->p70);
	json_num(w, "ipr", s->ipr);
	json_num(w, "asymmetry", s->ai);
	json_num(w, "ipras", s->ipras);
	json_num(w, "disagreement_index", s->di);
	json_key(w, "disagreement");
	if (s->shown)
		json_bool(w, s->disagreement);
	else
		json_null(w);
	json_num(w, "agreement", s->agreement);
	json_end_object(w);
}

static int json_rounds(struct strbuf *o, const struct referential *ref, const struct rounds *R,
		       int from, int to)
{
	struct json_writer w;

	json_writer_init(&w, o, 2);
	json_begin_object(&w);
	json_kv_string(&w, "referential", ref->id);
	json_kv_string(&w, "survey", R->form_id);
	json_kv_int(&w, "min_group", ref->min_group);
	json_key(&w, "rule");
	json_begin_object(&w);
	json_kv_int(&w, "keep", ref->rule.keep);
	json_kv_int(&w, "drop", ref->rule.drop);
	json_kv_string(&w, "disagreement", ref->rule.disagreement ? "ipras" : "none");
	json_num(&w, "agreement", ref->rule.agreement);
	json_end_object(&w);
	json_key(&w, "rounds");
	json_begin_array(&w);
	for (int i = from; i <= to; i++) {
		const struct delphi_result *res = &R->res[i];

		json_begin_object(&w);
		json_kv_int(&w, "round", i);
		json_key(&w, "members");
		if (R->r[i].nmem >= (size_t)ref->min_group)
			json_int(&w, (int64_t)R->r[i].nmem);
		else
			json_null(&w);
		json_kv_int(&w, "not_tied_to_a_member", (int64_t)R->r[i].nunknown);
		json_key(&w, "kendall_w");
		if (res->w_shown) {
			json_begin_object(&w);
			json_num(&w, "w", res->w.w);
			json_kv_int(&w, "members", (int64_t)res->w.m);
			json_kv_int(&w, "indicators", (int64_t)res->w.n);
			json_num(&w, "chisq", res->w.chisq);
			json_num(&w, "df", res->w.df);
			json_num(&w, "p", res->w.p);
			json_end_object(&w);
		} else {
			json_null(&w);
		}
		json_key(&w, "indicators");
		json_begin_array(&w);
		for (size_t k = 0; k < ref->nind; k++) {
			json_begin_object(&w);
			json_kv_string(&w, "id", ref->ind[k].id);
			json_kv_string(&w, "stake", ref->stakes[ref->ind[k].stake].id);
			json_kv_string(&w, "criterion", ref->crit[ref->ind[k].criterion].id);
			json_stat(&w, "relevance", &res->rel[k]);
			if (res->feas)
				json_stat(&w, "feasibility", &res->feas[k]);
			json_kv_string(&w, "verdict", delphi_verdict_id(res->rel[k].verdict));
			if (res->stab) {
				const struct delphi_stability *b = &res->stab[k];

				json_key(&w, "stability");
				json_begin_object(&w);
				json_key(&w, "n");
				if (b->shown)
					json_int(&w, (int64_t)b->n);
				else
					json_null(&w);
				json_key(&w, "shown");
				json_bool(&w, b->shown);
				json_num(&w, "same_third", b->shown ? b->same_band : NAN);
				json_key(&w, "changed");
				if (b->shown)
					json_int(&w, (int64_t)b->changed);
				else
					json_null(&w);
				json_num(&w, "mean_change", b->shown ? b->mean_change : NAN);
				json_key(&w, "verdict_changed");
				json_bool(&w, b->verdict_changed);
				json_end_object(&w);
			}
			json_key(&w, "comments");
			if (res->comments[k]) {
				json_begin_array(&w);
				for (size_t j = 0; j < res->ncomments[k]; j++)
					json_string(&w, res->comments[k][j]);
				json_end_array(&w);
			} else {
				json_null(&w);
			}
			json_end_object(&w);
		}
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	if (json_writer_finish(&w) < 0 || strbuf_addch(o, '\n') < 0)
		return -1;
	return 0;
}

/* --- the weights questionnaire -------------------------------------------------------- */

/* The weights questionnaire of a referential read from the workspace, with its figures. */
struct wround {
	char form_id[64];		/* poids-ID */
	int version;			/* the version read; 0: there is none */
	struct survey *s;		/* its model */
	struct weights_set ws;		/* the members' answers */
	struct weights_result res;	/* the figures */
};

static void wround_release(struct wround *W)
{
	survey_free(W->s);
	weights_set_release(&W->ws);
	weights_result_release(&W->res);
	W->s = NULL;
	W->version = 0;
}

/* The last weights questionnaire of ref (W->version 0 when none).  Prints and returns an exit code. */
static int wround_read(struct store *st, const struct referential *ref, struct wround *W)
{
	struct survey_version sv;
	struct error err;
	int rc, last;

	memset(W, 0, sizeof(*W));
	snprintf(W->form_id, sizeof(W->form_id), "%s%s", WEIGHTS_FORM_PREFIX, ref->id);
	if ((rc = last_round(st, W->form_id, &last)) != EXIT_OK || !last)
		return rc;
	if ((rc = cli_stored_survey(st, W->form_id, last, &sv, &W->s)) != EXIT_OK)
		return rc;
	survey_version_release(&sv);
	W->version = last;
	rc = weights_read(st, ref, W->s, W->form_id, last, &W->ws, &err);
	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 1)
		return cli_error(EXIT_DATAERR, "version %d of '%s' does not ask the weights of the stakes of "
				 "'%s' (did its stakes change? start a new one with 'utilis delphi weights')",
				 last, W->form_id, ref->id);
	if (weights_compute(&W->ws, (size_t)ref->min_group, &W->res) < 0)
		return cli_error(EXIT_FAIL, "out of memory, or the eigenvalues of a member's comparisons "
				 "could not be computed");
	return EXIT_OK;
}

static const char *method_en(enum weights_method m)
{
	return m == WEIGHTS_AHP ? "pairwise comparisons (AHP, Saaty's 1-9 scale)" : "100 points";
}

static int table_weights(struct strbuf *o, const struct referential *ref, const struct wround *W)
{
	const struct weights_result *r = &W->res;
	size_t nd = ref->nstakes;
	int rc = 0;

	rc |= strbuf_addf(o, "%s (%s version %d): weights by %s; ", ref->id, W->form_id, W->version,
			  method_en(r->method));
	if (!r->shown) {
		rc |= strbuf_addf(o, "fewer than %d members answered: nothing is shown\n", ref->min_group);
		return rc ? -1 : 0;
	}
	rc |= strbuf_addf(o, "%zu members answered", r->nmem);
	if (W->ws.nincomplete)
		rc |= strbuf_addf(o, " (%zu incomplete answer%s left out)", W->ws.nincomplete,
				  W->ws.nincomplete == 1 ? "" : "s");
	if (W->ws.nunknown)
		rc |= strbuf_addf(o, " (%zu answer%s not tied to a member, left out)", W->ws.nunknown,
				  W->ws.nunknown == 1 ? "" : "s");
	rc |= strbuf_addf(o, "\nThe group's weights (%s) and their spread among the members, in %%:\n",
			  r->method == WEIGHTS_AHP ? "eigenvector of the geometric mean of the judgements"
			  : "mean of the members' weights");
	rc |= strbuf_addf(o, "%-20s %6s %6s %6s %6s %6s %6s %6s\n", "stake", "group", "mean", "min", "q1",
			  "median", "q3", "max");
	for (size_t i = 0; i < nd; i++) {
		const double v[7] = { r->group[i], r->mean[i], r->min[i], r->q1[i], r->median[i], r->q3[i],
				      r->max[i] };
		char c[32];

		rc |= strbuf_addf(o, "%-20s", ref->stakes[i].id);
		for (size_t k = 0; k < 7; k++)
			rc |= strbuf_addf(o, " %s", cell(c, sizeof(c), 100 * v[k], 1, 0, 6));
		rc |= strbuf_addstr(o, "\n");
	}
	if (r->method == WEIGHTS_AHP) {
		char cr[32], lambda[32], ci[32], max[32];

		rc |= strbuf_addf(o, "Consistency of the group's judgements: CR %s (lambda %s, CI %s)\n",
				  num(cr, sizeof(cr), r->group_cr, 3), num(lambda, sizeof(lambda), r->group_lambda, 3),
				  num(ci, sizeof(ci), r->group_ci, 3));
		rc |= strbuf_addf(o, "Members with CR > %s (inconsistent): %zu of %zu",
				  num(max, sizeof(max), WEIGHTS_CR_MAX, 2), r->ninconsistent, r->nmem);
		if (r->ninconsistent) {
			int first = 1;

			rc |= strbuf_addstr(o, " (no. ");
			for (size_t m = 0; m < r->nmem; m++)
				if (r->inconsistent[m]) {
					rc |= strbuf_addf(o, "%s%zu", first ? "" : ", ", m + 1);
					first = 0;
				}
			rc |= strbuf_addstr(o, ")");
		}
		rc |= strbuf_addstr(o, "\n");
	}
	rc |= strbuf_addstr(o, "Each member's weights, in % (anonymous numbers, ordered by the weights):\n");
	rc |= strbuf_addf(o, "%4s", "no.");
	for (size_t i = 0; i < nd; i++)
		rc |= strbuf_addf(o, " %12.12s", ref->stakes[i].id);
	if (r->method == WEIGHTS_AHP)
		rc |= strbuf_addf(o, " %6s", "CR");
	rc |= strbuf_addstr(o, "\n");
	for (size_t m = 0; m < r->nmem; m++) {
		char c[32];

		rc |= strbuf_addf(o, "%4zu", m + 1);
		for (size_t i = 0; i < nd; i++)
			rc |= strbuf_addf(o, " %s", cell(c, sizeof(c), 100 * r->w[m * nd + i], 1, 0, 12));
		if (r->method == WEIGHTS_AHP)
			rc |= strbuf_addf(o, " %s%s", cell(c, sizeof(c), r->cr[m], 3, 0, 6),
					  r->inconsistent[m] ? " inconsistent" : "");
		rc |= strbuf_addstr(o, "\n");
	}
	return rc ? -1 : 0;
}

static int csv_weights(struct strbuf *o, const struct referential *ref, const struct wround *W)
{
	const struct weights_result *r = &W->res;
	size_t nd = ref->nstakes;
	int rc = 0;

	rc |= strbuf_addstr(o, "version,method,member,stake,weight,mean,min,q1,median,q3,max,cr,inconsistent\n");
	if (!r->shown)
		return rc ? -1 : 0;
	for (size_t i = 0; i < nd; i++) {
		rc |= strbuf_addf(o, "%d,%s,group,%s", W->version, weights_method_id(r->method), ref->stakes[i].id);
		rc |= csv_num(o, r->group[i]);
		rc |= csv_num(o, r->mean[i]);
		rc |= csv_num(o, r->min[i]);
		rc |= csv_num(o, r->q1[i]);
		rc |= csv_num(o, r->median[i]);
		rc |= csv_num(o, r->q3[i]);
		rc |= csv_num(o, r->max[i]);
		rc |= csv_num(o, r->group_cr);
		rc |= strbuf_addstr(o, ",\n");
	}
	for (size_t m = 0; m < r->nmem; m++)
		for (size_t i = 0; i < nd; i++) {
			rc |= strbuf_addf(o, "%d,%s,%zu,%s", W->version, weights_method_id(r->method), m + 1,
					  ref->stakes[i].id);
			rc |= csv_num(o, r->w[m * nd + i]);
			rc |= strbuf_addstr(o, ",,,,,,");
			if (r->method == WEIGHTS_AHP)
				rc |= csv_num(o, r->cr[m]) | strbuf_addf(o, ",%s\n", r->inconsistent[m] ? "yes" : "no");
			else
				rc |= strbuf_addstr(o, ",,\n");
		}
	return rc ? -1 : 0;
}

static int json_weights(struct strbuf *o, const struct referential *ref, const struct wround *W)
{
	const struct weights_result *r = &W->res;
	size_t nd = ref->nstakes;
	struct json_writer w;

	json_writer_init(&w, o, 2);
	json_begin_object(&w);
	json_kv_string(&w, "referential", ref->id);
	json_kv_string(&w, "survey", W->form_id);
	json_kv_int(&w, "version", W->version);
	json_kv_string(&w, "method", weights_method_id(r->method));
	json_kv_int(&w, "min_group", ref->min_group);
	json_key(&w, "shown");
	json_bool(&w, r->shown);
	json_key(&w, "members");
	if (r->shown)
		json_int(&w, (int64_t)r->nmem);
	else
		json_null(&w);
	if (r->shown) {
		json_kv_int(&w, "incomplete", (int64_t)W->ws.nincomplete);
		json_key(&w, "stakes");
		json_begin_array(&w);
		for (size_t i = 0; i < nd; i++) {
			json_begin_object(&w);
			json_kv_string(&w, "id", ref->stakes[i].id);
			json_num(&w, "weight", r->group[i]);
			json_num(&w, "mean", r->mean[i]);
			json_num(&w, "min", r->min[i]);
			json_num(&w, "q1", r->q1[i]);
			json_num(&w, "median", r->median[i]);
			json_num(&w, "q3", r->q3[i]);
			json_num(&w, "max", r->max[i]);
			json_end_object(&w);
		}
		json_end_array(&w);
		if (r->method == WEIGHTS_AHP) {
			json_key(&w, "group_consistency");
			json_begin_object(&w);
			json_num(&w, "lambda", r->group_lambda);
			json_num(&w, "ci", r->group_ci);
			json_num(&w, "cr", r->group_cr);
			json_end_object(&w);
			json_kv_int(&w, "inconsistent", (int64_t)r->ninconsistent);
		}
		json_key(&w, "member_weights");
		json_begin_array(&w);
		for (size_t m = 0; m < r->nmem; m++) {
			json_begin_object(&w);
			json_kv_int(&w, "member", (int64_t)(m + 1));
			json_key(&w, "weights");
			json_begin_object(&w);
			for (size_t i = 0; i < nd; i++)
				json_num(&w, ref->stakes[i].id, r->w[m * nd + i]);
			json_end_object(&w);
			if (r->method == WEIGHTS_AHP) {
				json_num(&w, "cr", r->cr[m]);
				json_key(&w, "inconsistent");
				json_bool(&w, r->inconsistent[m]);
			}
			json_end_object(&w);
		}
		json_end_array(&w);
	}
	json_end_object(&w);
	if (json_writer_finish(&w) < 0 || strbuf_addch(o, '\n') < 0)
		return -1;
	return 0;
}

/* Open the workspace, the referential, and read rounds 1..(round or the last). */
static int open_rounds(struct cli *cli, const char *path, int round,
		       struct store **st, struct referential **ref, struct rounds *R, int *upto)
{
	int rc, last;

	memset(R, 0, sizeof(*R));
	if ((rc = open_ref(cli, STORE_READONLY, path, st, ref)) != EXIT_OK)
		return rc;
	snprintf(R->form_id, sizeof(R->form_id), "%s%s", DELPHI_FORM_PREFIX, (*ref)->id);
	if ((rc = last_round(*st, R->form_id, &last)) != EXIT_OK)
		return rc;
	if (!last)
		return cli_error(EXIT_FAIL, "no round of '%s' in the workspace: start one with "
				 "'utilis delphi start %s --round 1'", (*ref)->id, path);
	if (round > last)
		return cli_error(EXIT_FAIL, "round %d of '%s' is not started (the last is %d)", round,
				 (*ref)->id, last);
	*upto = round ? round : last;
	return rounds_read(*st, *ref, *upto, R);
}

/* utilis delphi results REFERENTIAL [--round N] [--format table|csv|json] */
static int run_results(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "round", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "weights", no_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format, *path;
	struct referential *ref = NULL;
	struct strbuf o = STRBUF_INIT;
	struct store *st = NULL;
	struct rounds R;
	struct wround W;
	struct dopts op;
	int rc, round, upto = 0, from, weights;

	memset(&R, 0, sizeof(R));
	if ((rc = dopts_parse(&cmd_delphi_results, argc, argv, ":h", opts, NULL, NULL, &op)) >= 0)
		return rc;
	weights = op.weights;
	format = op.format;
	path = op.ref_path;
	round = op.round;
	memset(&W, 0, sizeof(W));
	if (weights && round)
		return cli_usage_error(&cmd_delphi_results, "--weights shows the last weights questionnaire, "
				       "not a round: leave out --round");
	if (weights) {
		if ((rc = open_ref(cli, STORE_READONLY, path, &st, &ref)) != EXIT_OK)
			goto out;
		if ((rc = wround_read(st, ref, &W)) != EXIT_OK)
			goto out;
		if (!W.version) {
			rc = cli_error(EXIT_FAIL, "no weights questionnaire of '%s' in the workspace: start one "
				       "with 'utilis delphi weights %s --method points' (or ahp)", ref->id,
				       path);
			goto out;
		}
		if (!strcmp(format, "json"))
			rc = json_weights(&o, ref, &W);
		else if (!strcmp(format, "csv"))
			rc = csv_weights(&o, ref, &W);
		else
			rc = table_weights(&o, ref, &W);
		if (rc < 0) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		rc = write_text(NULL, &o, 0);
		goto out;
	}
	rc = open_rounds(cli, path, round, &st, &ref, &R, &upto);
	if (rc)
		goto out;
	from = round ? round : 1;
	if (!strcmp(format, "json")) {
		rc = json_rounds(&o, ref, &R, from, upto);
	} else if (!strcmp(format, "csv")) {
		rc = strbuf_addstr(&o, "round,stake,criterion,indicator,n,median,q1,q3,iqr,p30,p70,ipr,"
				   "ipras,disagreement_index,agreement,verdict,feasibility_median,"
				   "feasibility_iqr,same_third,changed,mean_change\n");
		for (int i = from; i <= upto && rc == 0; i++)
			rc = csv_round(&o, ref, &R, i);
	} else {
		rc = strbuf_addf(&o, "%s (%s): rule: kept when the median is %d or more, dropped when %d or "
				 "less, %s; figures about fewer than %d ratings are not shown\n\n", ref->id,
				 R.form_id, ref->rule.keep, ref->rule.drop,
				 ref->rule.disagreement ? "to discuss when DI > 1 (IPRAS)" : "disagreement not used",
				 ref->min_group);
		for (int i = from; i <= upto && rc == 0; i++) {
			rc = table_round(&o, ref, &R, i);
			if (rc == 0 && i < upto)
				rc = strbuf_addch(&o, '\n');
		}
	}
	if (rc < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	rc = write_text(NULL, &o, 0);
out:
	strbuf_release(&o);
	rounds_release(&R);
	wround_release(&W);
	referential_free(ref);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_delphi_results = {
	"delphi results", run_results,
	"utilis delphi results REFERENTIAL [--round N | --weights] [--format table|csv|json]",
	N_("the figures of the Delphi rounds: median, spread, disagreement, verdict"),
	N_("Options:\n"
	"  --round N          only round N (default: every round)\n"
	"  --weights          the stakes' weights of the last weights questionnaire\n"
	"                     ('delphi weights') rather than the rounds\n"
	"  --format F         table (default), csv (one row per round and indicator) or\n"
	"                     json (everything, with the comments)\n"
	"\n"
	"Per indicator and round: the number of ratings, the median and quartiles\n"
	"(R's quantile type 7), the share of ratings in the third of the scale that\n"
	"holds the median, RAND's disagreement index DI = IPR / IPRAS (DI > 1:\n"
	"disagreement), the verdict under the referential's rule (kept, to_discuss,\n"
	"dropped, too_few_ratings), the feasibility median when asked, and from round\n"
	"2 the stability: the share of members (who rated it in both rounds) whose\n"
	"rating stayed in the same third, and how many changed.  Kendall's W of the\n"
	"members' rankings (members who rated everything); the comments, unsigned and\n"
	"sorted.  No figure about fewer ratings than the referential's min_group is\n"
	"shown.\n"
	"\n"
	"With --weights: the group's weight of each stake (100 points: the mean of\n"
	"the members' shares; AHP: the principal eigenvector of the element-wise\n"
	"geometric mean of their comparison matrices) with the mean, minimum,\n"
	"quartiles, median and maximum of the members' weights; each member's\n"
	"weights under an anonymous number (members ordered by their weights, not by\n"
	"name); for AHP, each member's consistency ratio (CR > 0.10: inconsistent)\n"
	"and the group's.  Nothing is shown when fewer members than min_group\n"
	"answered.  Method: docs/referential.md.\n"),
};

/* --- delphi weights ------------------------------------------------------------------- */

/* utilis delphi weights REFERENTIAL --method points|ahp [--yaml FILE] [-o LINKS.csv] [--base-url URL] */
static int run_weights(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "yaml", required_argument, NULL, 'y' },
		{ "output", required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *yaml_out, *links_out, *method, *path;
	struct strbuf yaml = STRBUF_INIT, csv = STRBUF_INIT, base = STRBUF_INIT;
	struct referential *ref = NULL;
	struct store *st = NULL;
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;
	struct error err;
	struct dopts o;
	enum store_put_result put;
	enum weights_method m;
	char dform[64], wform[64];
	int rc, dlast, wlast;

	if ((rc = dopts_parse(&cmd_delphi_weights, argc, argv, ":ho:", opts, NULL, NULL, &o)) >= 0)
		return rc;
	method = o.method;
	path = o.ref_path;
	yaml_out = o.yaml_out;
	links_out = o.out;
	if (!method)
		return cli_usage_error(&cmd_delphi_weights, "say how the members give the weights: "
				       "--method points or --method ahp");
	if (!strcmp(method, "points"))
		m = WEIGHTS_POINTS;
	else if (!strcmp(method, "ahp"))
		m = WEIGHTS_AHP;
	else
		return cli_usage_error(&cmd_delphi_weights, "--method is points or ahp, not '%s'", method);
	if (cli_check_output(yaml_out) || cli_check_output(links_out))
		return EXIT_USAGE;
	if ((rc = cli_base_url(&cmd_delphi_weights, o.base_url, &base)) != EXIT_OK)
		goto out;
	if ((rc = open_ref(cli, 0, path, &st, &ref)) != EXIT_OK)
		goto out;
	if (ref->nstakes < 2) {
		rc = cli_error(EXIT_DATAERR, "'%s' has one stake: there is no weight to choose", ref->id);
		goto out;
	}
	if (m == WEIGHTS_AHP && ref->nstakes > AHP_MAX_STAKES) {
		rc = cli_error(EXIT_DATAERR, "'%s' has %zu stakes: pairwise comparisons go up to %d stakes "
			       "(%d comparisons); use --method points", ref->id, ref->nstakes, AHP_MAX_STAKES,
			       AHP_MAX_STAKES * (AHP_MAX_STAKES - 1) / 2);
		goto out;
	}
	snprintf(dform, sizeof(dform), "%s%s", DELPHI_FORM_PREFIX, ref->id);
	snprintf(wform, sizeof(wform), "%s%s", WEIGHTS_FORM_PREFIX, ref->id);
	if ((rc = last_round(st, dform, &dlast)) != EXIT_OK || (rc = last_round(st, wform, &wlast)) != EXIT_OK)
		goto out;
	if (wlast >= DELPHI_MAX_ROUNDS) {
		rc = cli_error(EXIT_FAIL, "'%s' has %d weights questionnaires already", wform, wlast);
		goto out;
	}
	if (weights_form_yaml(ref, m, wlast + 1, &yaml) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	if (survey_load(&s, path, yaml.buf, yaml.len, &d) < 0) {
		cli_print_diags(&d);
		rc = cli_error(EXIT_FAIL, "the weights questionnaire made from '%s' does not load (a bug: "
			       "please report it)", path);
		goto out;
	}
	if (yaml_out && (rc = write_text(yaml_out, &yaml, AFILE_PUBLIC)) != EXIT_OK)
		goto out;
	if (store_survey_put(st, wform, wlast + 1, ref->title.fr, path, yaml.buf, &put, &err) < 0 ||
	    store_audit(st, "delphi.weights", wform, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (!dlast) {
		cli_info(cli, "weights of '%s' by %s: survey '%s' version %d stored\n"
			 "make the members' links with: utilis invite %s --from MEMBERS.csv\n", ref->id,
			 method_en(m), wform, wlast + 1, wform);
	} else {
		struct survey_version sv;
		size_t nlinks, npre;

		rc = store_survey_get(st, wform, wlast + 1, &sv, &err);
		if (rc != 1) {
			rc = cli_error(EXIT_IOERR, "%s", rc < 0 ? err.msg : "the questionnaire just stored is missing");
			goto out;
		}
		rc = make_links(st, ref, dform, dlast, wform, "the weights questionnaire", NULL, sv.id, s,
				base.buf, &csv, &nlinks, &npre);
		survey_version_release(&sv);
		if (rc)
			goto out;
		if ((rc = write_text(links_out, &csv, AFILE_PRIVATE)) != EXIT_OK)
			goto out;
		if (!cli->quiet)
			fprintf(links_out ? stdout : stderr,
				"weights of '%s' by %s: survey '%s' version %d stored; %zu link%s made for the "
				"members of round %d%s%s\n", ref->id, method_en(m), wform, wlast + 1, nlinks,
				nlinks == 1 ? "" : "s", dlast, links_out ? " in " : "", links_out ? links_out : "");
	}
	rc = EXIT_OK;
out:
	diags_release(&d);
	survey_free(s);
	referential_free(ref);
	if (st)
		store_close(st);
	strbuf_release(&yaml);
	strbuf_release(&csv);
	strbuf_release(&base);
	return rc;
}

const struct command cmd_delphi_weights = {
	"delphi weights", run_weights,
	"utilis delphi weights REFERENTIAL --method points|ahp [--yaml FILE]\n"
	"       [--output LINKS.csv] [--base-url URL]",
	N_("make the questionnaire in which the pilot group weighs the stakes"),
	N_("Options:\n"
	"  --method M         points: each member shares 100 points among the stakes;\n"
	"                     ahp: each member compares the stakes two by two on\n"
	"                     Saaty's 1-9 scale (up to 10 stakes)\n"
	"  --yaml FILE        also write the questionnaire as YAML\n"
	"  -o, --output FILE  write the members' links there (CSV, 0600) rather than\n"
	"                     to standard output\n"
	"  --base-url URL     the server's address in the links (default $UTILIS_BASE_URL,\n"
	"                     else " CLI_DEFAULT_BASE_URL ")\n"
	"\n"
	"Stores the next version of the survey poids-ID (ID: the referential's), in\n"
	"French and English, and makes one link per member of the last Delphi round\n"
	"(same contact), printed as CSV (name,email,group,url); without a round, make\n"
	"them with 'utilis invite poids-ID --from MEMBERS.csv'.  With points, the\n"
	"form refuses a total other than 100.  See the weights with 'utilis delphi\n"
	"results REFERENTIAL --weights'; 'delphi build' then writes them into the\n"
	"indicator set.  Method: docs/referential.md.\n"),
};

/* --- delphi sensitivity --------------------------------------------------------------- */

int cli_weights_sensitivity(struct store *st, const char *ref_path, const struct ind_result *res,
			    const struct wsens_options *opt, int optional, struct wsens_report *out,
			    char *wform, size_t nwform, int *wversion)
{
	struct referential *ref = NULL;
	struct wround W;
	char why[256];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&W, 0, sizeof(W));
	if ((rc = load_checked(st, ref_path, &ref)) != EXIT_OK)
		return rc;
	if ((rc = wround_read(st, ref, &W)) != EXIT_OK)
		goto out;
	if (optional && (!W.version || !W.res.shown))
		goto out;	/* nothing to say yet: rc is EXIT_OK, out empty */
	if (!W.version) {
		rc = cli_error(EXIT_FAIL, "no weights questionnaire of '%s' in the workspace: start one with "
			       "'utilis delphi weights %s --method points' (or ahp)", ref->id, ref_path);
		goto out;
	}
	if (!W.res.shown) {
		rc = cli_error(EXIT_FAIL, "fewer than %d members answered the weights questionnaire (%s "
			       "version %d): their weights are not shown, nor used", ref->min_group, W.form_id,
			       W.version);
		goto out;
	}
	snprintf(wform, nwform, "%s", W.form_id);
	*wversion = W.version;
	rc = wsens_report_compute(res, ref, &W.res, opt, out, why, sizeof(why));
	if (rc == UT_EDATA)
		rc = cli_error(cli_exit(rc), "%s", why);
	else if (rc < 0)
		rc = cli_error(cli_exit(rc), "out of memory");
	else
		rc = EXIT_OK;
out:
	wround_release(&W);
	referential_free(ref);
	return rc;
}

static const char *group_name(const struct ind_group *g, size_t i)
{
	if (i == 0)
		return "everyone";
	return g->key ? g->key : "(no answer)";
}

static int table_sens(struct strbuf *o, const struct indicator_set *set, const struct wsens_report *rep,
		      const char *wform, int wversion)
{
	const struct wsens_result *r = &rep->res;
	int rc = 0;

	rc |= strbuf_addf(o, "%s: the composite index under ", set->id);
	if (rep->opt.mode == WSENS_MEMBERS) {
		rc |= strbuf_addf(o, "each member's own weights (%s version %d, %s, %zu members): from the "
				  "lowest to the highest\n", wform, wversion,
				  weights_method_id((enum weights_method)rep->method), rep->nmem);
	} else {
		char conc[64];

		rc |= strbuf_addf(o, "weights drawn around the set's (Dirichlet, concentration %s, %zu draws, "
				  "seed %llu): the 95%% interval\n",
				  numfmt(conc, sizeof(conc), rep->opt.concentration, 10, NUMFMT_TRIM, "en"),
				  rep->opt.draws, (unsigned long long)rep->opt.seed);
	}
	/* a name's cell counts characters, not bytes (cut with "…" past 30: in full below) */
	rc |= strbuf_add_cell(o, "group", 30, 0);
	rc |= strbuf_addf(o, " %6s %6s %6s %6s\n", "n", "index", "low", "high");
	for (size_t g = 0; g < rep->ngroups; g++) {
		char base[32], lo[32], hi[32];

		rc |= strbuf_add_cell(o, group_name(rep->groups[g], g), 30, 0);
		rc |= strbuf_addf(o, " %6zu %s %s %s\n", rep->groups[g]->n,
				  cell(base, sizeof(base), r->g[g].base, 1, 0, 6), cell(lo, sizeof(lo), r->g[g].lo, 1, 0, 6),
				  cell(hi, sizeof(hi), r->g[g].hi, 1, 0, 6));
	}
	if (r->npair) {
		rc |= strbuf_addf(o, "Comparisons: the share of the %s under which the order stays\n",
				  rep->opt.mode == WSENS_MEMBERS ? "members' weights" : "draws");
		for (size_t k = 0; k < r->npair; k++) {
			const struct wsens_pair *P = &r->pair[k];
			char diff[32], keep[32];

			rc |= strbuf_addf(o, "  %s > %s (%s points): %s%%\n",
					  group_name(rep->groups[P->a], P->a), group_name(rep->groups[P->b], P->b),
					  num(diff, sizeof(diff), P->base_diff, 1), num(keep, sizeof(keep), 100 * P->p_keep, 0));
		}
	}
	return rc ? -1 : 0;
}

static int csv_sens(struct strbuf *o, const struct wsens_report *rep)
{
	const struct wsens_result *r = &rep->res;
	int rc = strbuf_addstr(o, "kind,group,other,n,index,low,high,difference,share_kept\n");

	for (size_t g = 0; g < rep->ngroups; g++) {
		rc |= strbuf_addstr(o, "index,");
		rc |= csvout_str(o, ',', 1, group_name(rep->groups[g], g), CSVOUT_TEXT);
		rc |= strbuf_addf(o, ",,%zu", rep->groups[g]->n);
		rc |= csv_num(o, r->g[g].base);
		rc |= csv_num(o, r->g[g].lo);
		rc |= csv_num(o, r->g[g].hi);
		rc |= strbuf_addstr(o, ",,\n");
	}
	for (size_t k = 0; k < r->npair; k++) {
		const struct wsens_pair *P = &r->pair[k];

		rc |= strbuf_addstr(o, "comparison,");
		rc |= csvout_str(o, ',', 1, group_name(rep->groups[P->a], P->a), CSVOUT_TEXT);
		rc |= strbuf_addch(o, ',');
		rc |= csvout_str(o, ',', 1, group_name(rep->groups[P->b], P->b), CSVOUT_TEXT);
		rc |= strbuf_addstr(o, ",,,,");
		rc |= csv_num(o, P->base_diff);
		rc |= csv_num(o, P->p_keep);
		rc |= strbuf_addstr(o, "\n");
	}
	return rc ? -1 : 0;
}

static int json_sens(struct strbuf *o, const struct indicator_set *set, const struct wsens_report *rep,
		     const char *wform, int wversion)
{
	const struct wsens_result *r = &rep->res;
	struct json_writer w;

	json_writer_init(&w, o, 2);
	json_begin_object(&w);
	json_kv_string(&w, "indicators", set->id);
	json_key(&w, "weights");
	json_begin_object(&w);
	json_kv_string(&w, "survey", wform);
	json_kv_int(&w, "version", wversion);
	json_kv_string(&w, "method", weights_method_id((enum weights_method)rep->method));
	json_kv_int(&w, "members", (int64_t)rep->nmem);
	json_end_object(&w);
	json_kv_string(&w, "mode", rep->opt.mode == WSENS_MEMBERS ? "members" : "dirichlet");
	if (rep->opt.mode == WSENS_DIRICHLET) {
		json_num(&w, "concentration", rep->opt.concentration);
		json_kv_int(&w, "draws", (int64_t)rep->opt.draws);
		json_kv_int(&w, "seed", (int64_t)rep->opt.seed);
	}
	json_key(&w, "groups");
	json_begin_array(&w);
	for (size_t g = 0; g < rep->ngroups; g++) {
		json_begin_object(&w);
		json_key(&w, "group");
		if (g == 0 || !rep->groups[g]->key)
			json_null(&w);
		else
			json_string(&w, rep->groups[g]->key);
		json_kv_int(&w, "n", (int64_t)rep->groups[g]->n);
		json_num(&w, "index", r->g[g].base);
		json_num(&w, "low", r->g[g].lo);
		json_num(&w, "high", r->g[g].hi);
		json_num(&w, "mean", r->g[g].mean);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "comparisons");
	json_begin_array(&w);
	for (size_t k = 0; k < r->npair; k++) {
		const struct wsens_pair *P = &r->pair[k];

		json_begin_object(&w);
		json_kv_string(&w, "higher", group_name(rep->groups[P->a], P->a));
		json_kv_string(&w, "lower", group_name(rep->groups[P->b], P->b));
		json_num(&w, "difference", P->base_diff);
		json_num(&w, "share_kept", P->p_keep);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	if (json_writer_finish(&w) < 0 || strbuf_addch(o, '\n') < 0)
		return -1;
	return 0;
}

/* A whole number in [lo, hi] from an option, or a usage error (-1). */
static int whole_opt(const struct command *cmd, const char *name, const char *arg, long lo, long hi,
		     long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		cli_usage_error(cmd, "%s takes a whole number from %ld to %ld, not '%s'", name, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* The options of delphi sensitivity alone. */
struct sens_args {
	struct wsens_options wopt;
	struct ind_options opt;
	const char *set_path;
	int overall, draws_given, seed_given;
};

static int sens_opt(const struct command *cmd, int c, void *ctx)
{
	struct sens_args *a = ctx;
	long v;

	switch (c) {
	case 's': a->set_path = optarg; break;
	case 'B': a->opt.by = optarg; break;
	case 'O': a->overall = 1; break;
	case 'd': {
		char *end;

		errno = 0;
		a->wopt.concentration = strtod(optarg, &end);
		if (errno || end == optarg || *end || !(a->wopt.concentration > 0) ||
		    a->wopt.concentration > 1e6)
			return cli_usage_error(cmd, "--dirichlet takes a concentration above 0 (e.g. 50), "
					       "not '%s'", optarg);
		a->wopt.mode = WSENS_DIRICHLET;
		break;
	}
	case 'n':
		if (whole_opt(cmd, "--draws", optarg, 100, 1000000, &v) < 0)
			return EXIT_USAGE;
		a->wopt.draws = (size_t)v;
		a->draws_given = 1;
		break;
	case 'S':
		if (whole_opt(cmd, "--seed", optarg, 0, 2147483647L, &v) < 0)
			return EXIT_USAGE;
		a->wopt.seed = (uint64_t)v;
		a->seed_given = 1;
		break;
	default:
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* utilis delphi sensitivity REFERENTIAL --set SET.yaml [--by Q | --overall] [--dirichlet K ...] */
static int run_sensitivity(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "by", required_argument, NULL, 'B' },
		{ "overall", no_argument, NULL, 'O' },
		{ "dirichlet", required_argument, NULL, 'd' },
		{ "draws", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct command *cmd = &cmd_delphi_sensitivity;
	struct sens_args a = { WSENS_OPTIONS_INIT, IND_OPTIONS_INIT, NULL, 0, 0, 0 };
	struct wsens_options wopt;
	struct ind_options opt;
	const char *set_path, *format;
	struct indicator_set *set = NULL;
	struct an_source src = { 0 };
	struct ind_result *res = NULL;
	struct wsens_report rep;
	struct strbuf o = STRBUF_INIT;
	struct survey *models[MAX_MODELS];
	struct store *st = NULL;
	struct error err;
	struct dopts op;
	char wform[64] = "";
	int rc, overall, wversion = 0, draws_given, seed_given;

	memset(&rep, 0, sizeof(rep));
	if ((rc = dopts_parse(cmd, argc, argv, ":h", opts, sens_opt, &a, &op)) >= 0)
		return rc;
	wopt = a.wopt;
	opt = a.opt;
	set_path = a.set_path;
	overall = a.overall;
	draws_given = a.draws_given;
	seed_given = a.seed_given;
	format = op.format;
	if (!set_path)
		return cli_usage_error(cmd, "which indicator set? --set SET.yaml (the one 'delphi build' wrote)");
	if (overall && opt.by)
		return cli_usage_error(cmd, "--by and --overall do not go together");
	if ((draws_given || seed_given) && wopt.mode != WSENS_DIRICHLET)
		return cli_usage_error(cmd, "--draws and --seed go with --dirichlet K (each member's weights "
				       "are all used, no draw)");
	if (overall)
		opt.by = "";
	opt.nboot = 0;	/* the interval here is the weights', not the sampling's */
	if ((rc = cli_read_set(set_path, &set)) != EXIT_OK)
		goto out;
	if (set->nsurveys > MAX_MODELS) {
		rc = cli_error(EXIT_DATAERR, "%s: too many surveys", set_path);
		goto out;
	}
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)) != EXIT_OK)
		goto out;
	if ((rc = an_source_open(&src, st, set->surveys, set->nsurveys, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s",
			       err.msg);
		goto out;
	}
	for (size_t j = 0; j < set->nsurveys; j++)
		models[j] = src.forms[j].latest;
	if ((rc = cli_check_set(set, models)) != EXIT_OK)
		goto out;
	if ((rc = ind_compute(&res, set, &src, st, &opt, &err)) < 0) {
		rc = cli_error(cli_exit(rc), "%s",
			       err.msg);
		goto out;
	}
	rc = cli_weights_sensitivity(st, op.ref_path, res, &wopt, 0, &rep, wform, sizeof(wform), &wversion);
	if (rc)
		goto out;
	if (!strcmp(format, "json"))
		rc = json_sens(&o, set, &rep, wform, wversion);
	else if (!strcmp(format, "csv"))
		rc = csv_sens(&o, &rep);
	else
		rc = table_sens(&o, set, &rep, wform, wversion);
	if (rc < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	rc = write_text(NULL, &o, 0);
out:
	wsens_report_release(&rep);
	strbuf_release(&o);
	ind_result_free(res);
	an_source_release(&src);
	indicator_set_free(set);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_delphi_sensitivity = {
	"delphi sensitivity", run_sensitivity,
	"utilis delphi sensitivity REFERENTIAL --set SET.yaml [--by QUESTION | --overall]\n"
	"       [--dirichlet K [--draws N] [--seed S]] [--format table|csv|json]",
	N_("how much the composite index depends on the pilot group's weights"),
	N_("Options:\n"
	"  --set FILE         the indicator set whose index is looked at (the one\n"
	"                     'delphi build' wrote: its dimensions are the stakes)\n"
	"  --by QUESTION      the breakdown (default: the set's)\n"
	"  --overall          no breakdown\n"
	"  --dirichlet K      rather than each member's weights, draw weights from a\n"
	"                     Dirichlet distribution centred on the set's, of\n"
	"                     concentration K (the larger, the closer: 50 moves a\n"
	"                     weight of 25% by about 6 points)\n"
	"  --draws N          with --dirichlet: how many (default 10000)\n"
	"  --seed S           with --dirichlet: the generator's seed (default 1): the\n"
	"                     same input gives the same figures\n"
	"  --format F         table (default), csv or json\n"
	"\n"
	"Computes the set's composite index for everyone and for each group shown,\n"
	"with the set's weights, then again with each pilot-group member's own\n"
	"weights (the last weights questionnaire, 'delphi weights'): the index's\n"
	"interval due to the weights (from the lowest to the highest; with\n"
	"--dirichlet the 2.5th and 97.5th percentiles), and, for every two groups,\n"
	"the share of the weight vectors under which the order of their indices\n"
	"stays.  Groups too small are never shown.  Method: docs/referential.md.\n"),
};

/* --- delphi build --------------------------------------------------------------------- */

/* The indicator set of the kept indicators of round `round` (their survey questions). */
static int build_set(struct strbuf *o, const struct referential *ref, const struct rounds *R, int round,
		     const struct wround *W, size_t *ndims, size_t *nitems)
{
	const struct weights_result *wr = W && W->version && W->res.shown ? &W->res : NULL;
	const struct delphi_result *res = &R->res[round];
	const char *forms[MAX_MODELS];
	size_t nforms = 0;
	int rc = 0;

	*ndims = *nitems = 0;
	for (size_t k = 0; k < ref->nind; k++) {
		const struct ref_indicator *ind = &ref->ind[k];
		size_t j;

		if (res->rel[k].verdict != DELPHI_KEPT || ind->source != REF_SOURCE_SURVEY)
			continue;
		for (j = 0; j < nforms && strcmp(forms[j], ind->form_id); j++)
			;
		if (j == nforms && nforms < MAX_MODELS)
			forms[nforms++] = ind->form_id;
	}
	if (!nforms)
		return 1;
	rc |= strbuf_addf(o, "# Written by utilis delphi build from the referential '%s' (%s), round %d\n"
			  "# of the pilot group: the indicators kept (median %d or more, %s), the ones\n"
			  "# that come from a survey question.", ref->id, ref->file, round, ref->rule.keep,
			  ref->rule.disagreement ? "without disagreement" : "disagreement not used");
	if (wr)
		rc |= strbuf_addf(o, "  Each stake's weight is the pilot group's, in %%\n"
				  "# (%s version %d, %s, %zu members; 'utilis delphi results --weights').\n",
				  W->form_id, W->version, weights_method_id(wr->method), wr->nmem);
	else
		rc |= strbuf_addstr(o, "  Every stake weighs the same: the pilot\n"
				    "# group has not given the stakes' weights ('utilis delphi weights').\n");
	for (size_t k = 0; k < ref->nind; k++) {
		const struct ref_indicator *ind = &ref->ind[k];

		if (res->rel[k].verdict == DELPHI_KEPT && ind->source == REF_SOURCE_FIGURE)
			rc |= strbuf_addf(o, "# Kept, a figure the association keeps (not computed here): %s — %s\n",
					  ind->id, ind->figure.fr);
	}
	rc |= strbuf_addf(o, "indicators: %s-delphi\n", ref->id);
	if (nforms == 1) {
		rc |= strbuf_addf(o, "survey: %s\n", forms[0]);
	} else {
		rc |= strbuf_addstr(o, "surveys: [");
		for (size_t j = 0; j < nforms; j++)
			rc |= strbuf_addf(o, "%s%s", j ? ", " : "", forms[j]);
		rc |= strbuf_addstr(o, "]\n");
	}
	rc |= strbuf_addstr(o, "title:\n  fr: ");
	rc |= yaml_quote(o, ref->title.fr);
	rc |= strbuf_addstr(o, "\n  en: ");
	rc |= yaml_quote(o, ref->title.en);
	if (wr)
		rc |= strbuf_addf(o, "\ndescription:\n  fr: \"Les indicateurs retenus par le groupe pilote au tour "
				  "%d, pondérés par le groupe pilote.\"\n  en: \"The indicators the pilot group kept "
				  "in round %d, weighted by the pilot group.\"\n", round, round);
	else
		rc |= strbuf_addf(o, "\ndescription:\n  fr: \"Les indicateurs retenus par le groupe pilote au tour %d, "
				  "à poids égaux.\"\n  en: \"The indicators the pilot group kept in round %d, equally "
				  "weighted.\"\n", round, round);
	rc |= strbuf_addf(o, "min_group: %d\naggregate: arithmetic\n\ndimensions:\n",
			  ref->min_group > UT_MIN_GROUP ? ref->min_group : UT_MIN_GROUP);
	for (size_t si = 0; si < ref->nstakes; si++) {
		const struct ref_stake *sk = &ref->stakes[si];
		int first = 1;

		for (size_t k = 0; k < ref->nind; k++) {
			const struct ref_indicator *ind = &ref->ind[k];

			if (ind->stake != si || res->rel[k].verdict != DELPHI_KEPT ||
			    ind->source != REF_SOURCE_SURVEY)
				continue;
			if (first) {
				rc |= strbuf_addf(o, "  - id: %s\n    label:\n      fr: ", sk->id);
				rc |= yaml_quote(o, sk->label.fr);
				rc |= strbuf_addstr(o, "\n      en: ");
				rc |= yaml_quote(o, sk->label.en);
				if (wr)
					rc |= strbuf_addf(o, "\n    score: mean\n    weight: %.1f\n    items: [",
							  floor(1000 * wr->group[si] + 0.5) / 10);
				else
					rc |= strbuf_addstr(o, "\n    score: mean\n    weight: 1\n    items: [");
				(*ndims)++;
			}
			rc |= strbuf_addf(o, "%s%s", first ? "" : ", ", ind->question);
			(*nitems)++;
			first = 0;
		}
		if (!first)
			rc |= strbuf_addstr(o, "]\n");
	}
	return rc ? -1 : 0;
}

/* utilis delphi build REFERENTIAL -o SET.yaml [--round N] [--pdf FILE] [--xlsx FILE] */
static int run_build(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "round", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "pdf", required_argument, NULL, 'p' },
		{ "xlsx", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out_path, *pdf_path, *xlsx_path;
	struct referential *ref = NULL;
	struct strbuf o = STRBUF_INIT;
	struct store *st = NULL;
	struct rounds R;
	struct error err;
	size_t ndims = 0, nitems = 0, nkept = 0;
	struct wround W;
	struct dopts op;
	int rc, upto = 0;

	memset(&R, 0, sizeof(R));
	memset(&W, 0, sizeof(W));
	if ((rc = dopts_parse(&cmd_delphi_build, argc, argv, ":ho:", opts, NULL, NULL, &op)) >= 0)
		return rc;
	out_path = op.out;
	pdf_path = op.pdf;
	xlsx_path = op.xlsx;
	if (!out_path && !pdf_path && !xlsx_path)
		return cli_usage_error(&cmd_delphi_build, "say what to write: -o SET.yaml, --pdf FILE or "
				       "--xlsx FILE");
	if (cli_check_output(out_path) || cli_check_output(pdf_path) || cli_check_output(xlsx_path))
		return EXIT_USAGE;
	rc = open_rounds(cli, op.ref_path, op.round, &st, &ref, &R, &upto);
	if (rc)
		goto out;
	for (size_t k = 0; k < ref->nind; k++)
		nkept += R.res[upto].rel[k].verdict == DELPHI_KEPT;
	if ((rc = wround_read(st, ref, &W)) != EXIT_OK)
		goto out;
	if (W.version && !W.res.shown)
		cli_warning("fewer than %d members answered the weights questionnaire (%s version %d): "
			    "the stakes weigh the same", ref->min_group, W.form_id, W.version);
	if (out_path) {
		rc = build_set(&o, ref, &R, upto, &W, &ndims, &nitems);
		if (rc < 0) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		if (rc == 1) {
			rc = cli_error(EXIT_FAIL, "round %d of '%s' kept no indicator that comes from a "
				       "survey: there is no indicator set to write", upto, ref->id);
			goto out;
		}
		if ((rc = write_text(out_path, &o, AFILE_PUBLIC)) != EXIT_OK)
			goto out;
		cli_info(cli, "%s: %zu dimension%s, %zu item%s from the %zu indicator%s kept in round %d "
			 "(%s)\n", out_path, ndims, ndims == 1 ? "" : "s", nitems,
			 nitems == 1 ? "" : "s", nkept, nkept == 1 ? "" : "s", upto,
			 W.version && W.res.shown ? "the pilot group's weights" : "equal weights");
	}
	{
		struct delphi_report in;

		memset(&in, 0, sizeof(in));
		in.ref = ref;
		in.form_id = R.form_id;
		in.nrounds = upto;
		if (W.version) {
			in.weights = &W.res;
			in.weights_form = W.form_id;
			in.weights_version = W.version;
		}
		in.font_dir = getenv("UTILIS_FONT_DIR") && *getenv("UTILIS_FONT_DIR") ?
			getenv("UTILIS_FONT_DIR") : NULL;
		for (int i = 1; i <= upto; i++) {
			in.rounds[i] = &R.r[i];
			in.results[i] = &R.res[i];
		}
		in.when = getenv("SOURCE_DATE_EPOCH") ? (time_t)strtoll(getenv("SOURCE_DATE_EPOCH"), NULL, 10) :
			time(NULL);
		if (pdf_path) {
			const char *dot = strrchr(pdf_path, '.');
			int html = dot && !strchr(dot, '/') && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));

			if ((html ? delphi_report_html(&in, pdf_path, &err) : delphi_report_pdf(&in, pdf_path, &err)) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				goto out;
			}
			cli_info(cli, "%s: the co-construction report (%d round%s)\n", pdf_path, upto,
				 upto == 1 ? "" : "s");
		}
		if (xlsx_path) {
			if (delphi_report_xlsx(&in, xlsx_path, &err) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				goto out;
			}
			cli_info(cli, "%s: the rounds' figures for analysts\n", xlsx_path);
		}
	}
	rc = EXIT_OK;
out:
	strbuf_release(&o);
	rounds_release(&R);
	wround_release(&W);
	referential_free(ref);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_delphi_build = {
	"delphi build", run_build,
	"utilis delphi build REFERENTIAL [-o SET.yaml] [--pdf FILE] [--xlsx FILE] [--round N]",
	N_("write the indicator set the pilot group kept, and the report of the rounds"),
	N_("Options:\n"
	"  -o, --output FILE  the indicator set (indicators/*.yaml) of the indicators\n"
	"                     kept, ready for 'utilis indicators compute'\n"
	"  --pdf FILE         the report of the co-construction for the pilot group:\n"
	"                     the rounds, what was kept and why (in French); FILE.html:\n"
	"                     the same as one accessible web page\n"
	"  --xlsx FILE        the rounds' figures for analysts, one sheet per round\n"
	"  --round N          the round whose verdicts count (default: the last)\n"
	"\n"
	"The set has one dimension per stake that kept at least one indicator drawn\n"
	"from a survey question, its items those questions, scored as a mean.  Each\n"
	"stake weighs what the pilot group gave it in the last weights questionnaire\n"
	"('delphi weights'), in %; the same for all without one (or when fewer\n"
	"members than min_group answered it).  Indicators kept that are figures the\n"
	"association keeps are listed in the file's comments, not computed.  Method:\n"
	"docs/referential.md.\n"),
};
