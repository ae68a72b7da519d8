/*
 * match: the associations' needs and the employees' offers of the
 * workspace (benevolat-entreprises, version 2 or later) matched optimally
 * (analysis/match.h), printed as a table, CSV or JSON: the pairs with
 * their score and reasons, then the needs and offers left alone with why.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/match.h"
#include "cli/cli.h"
#include "store/store.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define MATCH_FORM "benevolat-entreprises"

enum fmt { FMT_TABLE, FMT_CSV, FMT_JSON };

static int csv_row(struct strbuf *o, const char *kind, const char *need_id, const char *asso,
		   const char *need, const char *offer_id, const char *who, const char *company,
		   const char *score, const char *km, const char *text)
{
	const char *f[] = { need_id, asso, need, offer_id, who, company };
	size_t i;

	if (csvout_str(o, ',', 1, kind, CSVOUT_TEXT) < 0)
		return -1;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (csvout_str(o, ',', 0, f[i] ? f[i] : "", CSVOUT_TEXT) < 0)
			return -1;
	if (csvout_str(o, ',', 0, score, CSVOUT_NUMBER) < 0 || csvout_str(o, ',', 0, km, CSVOUT_NUMBER) < 0 ||
	    csvout_str(o, ',', 0, text, CSVOUT_TEXT) < 0)
		return -1;
	return csvout_end_row(o);
}

/* The matching in the chosen format into out. */
static int print_matching(struct strbuf *out, enum fmt fmt, const char *lang,
			  const struct match_problem *p, const struct match_result *r, int greedy)
{
	const char *method = greedy ? "greedy" : "optimal";
	const struct match_input *in = p->in;
	int fr = strcmp(lang, "en") != 0;
	char why[1024], score[32], km[32];
	struct json_writer jw;
	size_t i;
	int rc = 0;

	if (fmt == FMT_CSV)
		rc |= strbuf_addstr(out, "kind,need_id,association,need,offer_id,volunteer,company,score,km,reasons\n");
	if (fmt == FMT_JSON) {
		json_writer_init(&jw, out, 2);
		json_begin_object(&jw);
		json_kv_string(&jw, "method", method);
		json_key(&jw, "objective");
		json_double(&jw, r->objective);
		json_key(&jw, "proven");
		json_bool(&jw, r->proven);
		if (!greedy) {
			json_key(&jw, "bound");
			json_double(&jw, round(r->bound * 100) / 100);
		}
		json_kv_int(&jw, "needs", (int64_t)in->nneed);
		json_kv_int(&jw, "offers", (int64_t)in->noffer);
		json_kv_int(&jw, "possible_pairs", (int64_t)p->npair);
		json_key(&jw, "pairs");
		json_begin_array(&jw);
	}
	if (fmt == FMT_TABLE) {
		double gap = r->bound > 0 ? 100 * (r->bound - r->objective) / r->bound : 0;

		if (r->proven || greedy)
			rc |= strbuf_addf(out, fr ? "Mises en relation (%zu) — score total %.2f, %s\n"
						  : "Pairs (%zu) — total score %.2f, %s\n", r->nchosen, r->objective,
					  greedy ? (fr ? "méthode gloutonne" : "greedy method") : "optimal");
		else
			rc |= strbuf_addf(out, fr ? "Mises en relation (%zu) — score total %.2f, à %.2f %% au plus de l'optimum\n"
						  : "Pairs (%zu) — total score %.2f, within %.2f %% of the optimum\n",
					  r->nchosen, r->objective, gap);
		rc |= strbuf_add_cell(out, fr ? "Association" : "Association", 24, 0);
		rc |= strbuf_addstr(out, "  ");
		rc |= strbuf_add_cell(out, fr ? "Besoin" : "Need", 20, 0);
		rc |= strbuf_addstr(out, "  ");
		rc |= strbuf_add_cell(out, fr ? "Bénévole" : "Volunteer", 20, 0);
		rc |= strbuf_addstr(out, "  ");
		rc |= strbuf_add_cell(out, fr ? "Entreprise" : "Company", 16, 0);
		rc |= strbuf_addstr(out, "  ");
		rc |= strbuf_add_cell(out, "Score", 6, 1);
		rc |= strbuf_addstr(out, fr ? "  Raisons\n" : "  Reasons\n");
	}
	for (i = 0; i < p->npair; i++) {
		const struct match_pair *pr = &p->pair[i];
		const struct match_need *n = &in->need[pr->need];
		const struct match_offer *o = &in->offer[pr->offer];

		if (!r->chosen[i])
			continue;
		match_pair_reasons(p, i, lang, why, sizeof(why));
		snprintf(score, sizeof(score), "%.2f", pr->score);
		if (pr->km >= 0)
			snprintf(km, sizeof(km), "%.1f", pr->km);
		else
			km[0] = '\0';
		if (fmt == FMT_CSV) {
			rc |= csv_row(out, "pair", n->id, n->association, match_need_title(n, fr), o->id, o->name,
				      match_offer_company(in, o), score, km, why);
		} else if (fmt == FMT_JSON) {
			json_begin_object(&jw);
			json_kv_string(&jw, "need_id", n->id);
			json_kv_string(&jw, "association", n->association);
			json_kv_string(&jw, "need", match_need_title(n, fr));
			json_kv_string(&jw, "kind", n->kind == MATCH_SEAT ? "seat" : "mission");
			json_kv_string(&jw, "offer_id", o->id);
			json_kv_string(&jw, "volunteer", o->name);
			json_kv_string(&jw, "company", match_offer_company(in, o));
			json_key(&jw, "score");
			json_double(&jw, pr->score);
			json_key(&jw, "km");
			if (pr->km >= 0)
				json_double(&jw, round(pr->km * 10) / 10);
			else
				json_null(&jw);
			json_key(&jw, "remote");
			json_bool(&jw, pr->remote);
			json_kv_string(&jw, "reasons", why);
			json_end_object(&jw);
		} else {
			rc |= strbuf_add_cell(out, n->association, 24, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, match_need_title(n, fr), 20, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, o->name, 20, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, match_offer_company(in, o), 16, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, score, 6, 1);
			rc |= strbuf_addf(out, "  %s\n", why);
		}
	}
	if (fmt == FMT_JSON) {
		json_end_array(&jw);
		json_key(&jw, "unmatched_needs");
		json_begin_array(&jw);
	}
	if (fmt == FMT_TABLE)
		rc |= strbuf_addstr(out, fr ? "\nBesoins non pourvus\n" : "\nNeeds not filled\n");
	for (i = 0; i < in->nneed; i++) {
		const struct match_need *n = &in->need[i];

		if (!match_need_why(p, r, i, lang, why, sizeof(why)))
			continue;
		if (fmt == FMT_CSV) {
			rc |= csv_row(out, "need", n->id, n->association, match_need_title(n, fr), "", "", "", "", "", why);
		} else if (fmt == FMT_JSON) {
			json_begin_object(&jw);
			json_kv_string(&jw, "need_id", n->id);
			json_kv_string(&jw, "association", n->association);
			json_kv_string(&jw, "need", match_need_title(n, fr));
			json_kv_int(&jw, "places", (int64_t)n->places);
			json_kv_int(&jw, "filled", (int64_t)r->need_filled[i]);
			json_kv_string(&jw, "why", why);
			json_end_object(&jw);
		} else {
			rc |= strbuf_add_cell(out, n->association, 24, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, match_need_title(n, fr), 20, 0);
			rc |= strbuf_addf(out, "  %s\n", why);
		}
	}
	if (fmt == FMT_JSON) {
		json_end_array(&jw);
		json_key(&jw, "unmatched_offers");
		json_begin_array(&jw);
	}
	if (fmt == FMT_TABLE)
		rc |= strbuf_addstr(out, fr ? "\nOffres sans mission\n" : "\nOffers without a mission\n");
	for (i = 0; i < in->noffer; i++) {
		const struct match_offer *o = &in->offer[i];

		if (!match_offer_why(p, r, i, lang, why, sizeof(why)))
			continue;
		if (fmt == FMT_CSV) {
			rc |= csv_row(out, "offer", "", "", "", o->id, o->name, match_offer_company(in, o), "", "", why);
		} else if (fmt == FMT_JSON) {
			json_begin_object(&jw);
			json_kv_string(&jw, "offer_id", o->id);
			json_kv_string(&jw, "volunteer", o->name);
			json_kv_string(&jw, "company", match_offer_company(in, o));
			json_kv_string(&jw, "why", why);
			json_end_object(&jw);
		} else {
			rc |= strbuf_add_cell(out, o->name, 20, 0);
			rc |= strbuf_addstr(out, "  ");
			rc |= strbuf_add_cell(out, match_offer_company(in, o), 16, 0);
			rc |= strbuf_addf(out, "  %s\n", why);
		}
	}
	if (fmt == FMT_JSON) {
		json_end_array(&jw);
		json_end_object(&jw);
		rc |= json_writer_finish(&jw);
		rc |= strbuf_addch(out, '\n');
	}
	return rc < 0 ? -1 : 0;
}

/* utilis match [--rules FILE] [--format table|csv|json] [--lang fr|en] [--greedy] [--survey FORM] */
static int run_match(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rules", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "greedy", no_argument, NULL, 'g' },
		{ "survey", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rules = NULL, *lang = "fr", *form = MATCH_FORM;
	enum fmt fmt = FMT_TABLE;
	int greedy = 0, ch, rc;
	struct store *st = NULL;
	struct match_data md = { 0 };
	struct match_problem p = { 0 };
	struct match_result r = { 0 };
	struct match_conflict *extra = NULL, *all = NULL;
	size_t nextra = 0;
	struct diags d = DIAGS_INIT;
	struct strbuf out = STRBUF_INIT;
	struct error err = { { 0 } };
	char *src = NULL;
	size_t srclen = 0;

	optind = 0;
	while ((ch = cli_getopt(&cmd_match, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'r': rules = optarg; break;
		case 'f':
			if (!strcmp(optarg, "table"))
				fmt = FMT_TABLE;
			else if (!strcmp(optarg, "csv"))
				fmt = FMT_CSV;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else
				return cli_usage_error(&cmd_match, "--format must be table, csv or json, not '%s'", optarg);
			break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_match, "--lang must be fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'g': greedy = 1; break;
		case 's': form = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_match); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_match, "unexpected argument '%s'", argv[optind]);
	/* The matching file first: a bad one costs no workspace read. */
	if (rules) {
		struct match_weights w;

		if ((rc = cli_read_file(rules, 1 << 20, &src, &srclen)) != EXIT_OK)
			return rc;
		match_weights_default(&w);
		if (match_file_load(rules, src, srclen, &w, &extra, &nextra, &d) < 0) {
			cli_print_diags(&d);
			rc = EXIT_DATAERR;
			goto out;
		}
		cli_print_diags(&d);
		md.in.w = w;
	}
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)) != EXIT_OK)
		goto out;
	{
		struct match_weights w = md.in.w;
		int arc = match_data_load(&md, st, form, &err);

		if (arc < 0) {
			rc = cli_error(cli_exit(arc),
				       "%s", err.msg);
			goto out;
		}
		if (rules)
			md.in.w = w;
	}
	if (nextra) {
		size_t i;

		if (!(all = calloc(md.in.nconflict + nextra, sizeof(*all)))) {
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		for (i = 0; i < md.in.nconflict; i++)
			all[i] = md.in.conflict[i];
		for (i = 0; i < nextra; i++)
			all[md.in.nconflict + i] = extra[i];
		md.in.conflict = all;
		md.in.nconflict += nextra;
	}
	if (match_build(&md.in, &p, &err) < 0 ||
	    (greedy ? match_greedy(&p, &r) : match_solve(&p, &r, &err)) < 0) {
		rc = cli_error(EXIT_FAIL, "%s", greedy ? "out of memory" : err.msg);
		goto out;
	}
	if (print_matching(&out, fmt, lang, &p, &r, greedy) < 0) {
		rc = cli_error(EXIT_FAIL, "out of memory");
		goto out;
	}
	fwrite(out.buf, 1, out.len, stdout);
	fflush(stdout);
	if (!cli->quiet && fmt != FMT_TABLE)
		fprintf(stderr, _("%zu pair%s made of %zu possible; %zu needs, %zu offers\n"), r.nchosen,
			r.nchosen == 1 ? "" : "s", p.npair, md.in.nneed, md.in.noffer);
	rc = EXIT_OK;
out:
	match_result_release(&r);
	match_problem_release(&p);
	match_data_release(&md);
	match_conflicts_free(extra, nextra);
	free(all);
	free(src);
	diags_release(&d);
	strbuf_release(&out);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_match = {
	"match", run_match,
	"utilis match [--rules FILE] [--format table|csv|json] [--lang fr|en] [--greedy] [--survey FORM]",
	N_("match associations' needs with company employees' offers of volunteering"),
	N_("Reads the submitted answers to " MATCH_FORM " (version 2 or later):\n"
	"associations' needs (board seats and skills missions, and the officer\n"
	"seats and skills missing from the board they describe), employees'\n"
	"offers and companies' quotas of hours.  Each possible pair is scored\n"
	"0-100 from skills fit, availability, distance and sector interest; the\n"
	"pairs of greatest total score are chosen (GLPK) within each need's\n"
	"places, each employee's missions and hours, each company's quota, the\n"
	"maximum distance and without declared conflicts (a company that funds\n"
	"the association, or a prize candidate pair).  Each pair comes with its\n"
	"reasons; each need or offer left alone with why.  The same workspace\n"
	"and file give the same matching.  See docs/matching.md.\n"
	"Options:\n"
	"  --rules FILE       the matching file: weights, max_km, min_score,\n"
	"                     node_limit, conflicts (defaults without it)\n"
	"  --format FMT       table (default), csv or json\n"
	"  --lang LANG        reasons in fr (default) or en\n"
	"  --greedy           the greedy reference instead of the optimal matching\n"
	"  --survey FORM      the needs and offers survey (default " MATCH_FORM ")\n"),
};
