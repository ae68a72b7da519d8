/*
 * match followup, match indicators: the pairs introduced by `utilis match
 * introduce` followed up after N months — a personal link to the
 * follow-up survey (benevolat-suivi) for each side of each pair, kept with
 * the pair (store/match.c) so that its answers attach to it, and sent by
 * `utilis mail` as any invitation — and the programme's indicators from
 * their answers (missions started, seats filled, still active at six
 * months) by company and by sector, under the small-group rule
 * (docs/statistics.md), as a table, a PDF and a workbook.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "analysis/analysis.h"
#include "analysis/match.h"
#include "cli/cli.h"
#include "cli/match_run.h"
#include "collect/token.h"
#include "report/pdf.h"
#include "report/xlsx_check.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/csvout.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "version.h"
#include "util/i18n.h"

#define FOLLOWUP_FORM "benevolat-suivi"
#define ACTIVE_MONTHS 6

/* "YYYY-MM-DDTHH:MM:SSZ" as a time, or -1. */
static time_t parse_utc(const char *s)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	if (!s || !(end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) || *end)
		return -1;
	return timegm(&tm);
}

/* t moved by months (negative: back). */
static time_t add_months(time_t t, int months)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_mon += months;
	return timegm(&tm);
}

/* The follow-up survey: loaded and not anonymous.  An exit code (printed). */
static int followup_survey(struct store *st, const char *form, int version, struct survey_version *sv,
			   struct survey **s)
{
	struct diags d = DIAGS_INIT;
	struct error err = { { 0 } };
	int rc = store_survey_get(st, form, version, sv, &err);

	if (rc < 0)
		return cli_error(EXIT_IOERR, "%s", err.msg);
	if (rc == 0)
		return cli_error(EXIT_DATAERR, "no survey '%s' in the workspace (load it with 'utilis survey load "
				 "surveys/%s.yaml')", form, form);
	if (survey_load(s, sv->file ? sv->file : form, sv->source, strlen(sv->source), &d) < 0) {
		cli_print_diags(&d);
		diags_release(&d);
		survey_version_release(sv);
		memset(sv, 0, sizeof(*sv));
		return cli_error(EXIT_DATAERR, "survey '%s' in the workspace does not load", form);
	}
	diags_release(&d);
	if ((*s)->anonymous) {
		survey_free(*s);
		*s = NULL;
		survey_version_release(sv);
		memset(sv, 0, sizeof(*sv));
		return cli_error(EXIT_DATAERR, "survey '%s' is anonymous: its answers could not attach to a pair", form);
	}
	return EXIT_OK;
}

static long find_need(const struct match_input *in, const char *id)
{
	for (size_t i = 0; i < in->nneed; i++)
		if (!strcmp(in->need[i].id, id))
			return (long)i;
	return -1;
}

static long find_offer(const struct match_input *in, const char *id)
{
	for (size_t i = 0; i < in->noffer; i++)
		if (!strcmp(in->offer[i].id, id))
			return (long)i;
	return -1;
}

/* The sector of need n: the first people served it names (its French label), or "". */
static const char *need_sector(const struct match_input *in, const struct match_need *n)
{
	for (size_t b = 0; b < in->nsector; b++)
		if (n->sectors & (1u << b))
			return in->sector[b].fr ? in->sector[b].fr : in->sector[b].name;
	return "";
}

static int link_row(struct strbuf *o, const char *need, const char *offer, int side, const char *name,
		    const char *email, const char *status, const char *base, const char *token)
{
	return csvout_str(o, ',', 1, need, CSVOUT_TEXT) < 0 || csvout_str(o, ',', 0, offer, CSVOUT_TEXT) < 0 ||
	       csvout_str(o, ',', 0, side ? "volunteer" : "association", CSVOUT_TEXT) < 0 ||
	       csvout_str(o, ',', 0, name ? name : "", CSVOUT_TEXT) < 0 ||
	       csvout_str(o, ',', 0, email ? email : "", CSVOUT_TEXT) < 0 ||
	       csvout_str(o, ',', 0, status, CSVOUT_TEXT) < 0 || strbuf_addf(o, ",%s/r/%s", base, token) < 0 ||
	       csvout_end_row(o) < 0 ? -1 : 0;
}

/* A link's progress: answered (through it, or typed from paper with its token), started, invited. */
static const char *status_name(const struct store_match_pair *l)
{
	return l->respondent_id || l->status == RESP_SUBMITTED ? "submitted"
	       : l->status == RESP_STARTED ? "started" : "invited";
}

/* utilis match followup --after MONTHS [--survey FORM] [--base-url URL] */
static int run_followup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "survey", required_argument, NULL, 's' },
		{ "needs-survey", required_argument, NULL, 'n' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *form = FOLLOWUP_FORM, *needs_form = MATCH_FORM, *base_opt = NULL, *after = NULL;
	struct strbuf base = STRBUF_INIT, out = STRBUF_INIT;
	struct store *st = NULL;
	struct survey_version sv = { 0 };
	struct survey *s = NULL;
	struct match_data md = { 0 };
	struct store_match_pair *intro = NULL, *have = NULL;
	size_t nintro = 0, nhave = 0, i, made = 0, due = 0;
	struct error err = { { 0 } };
	time_t now, cutoff;
	long months = -1;
	int ch, rc, began = 0;

	optind = 0;
	while ((ch = cli_getopt(&cmd_match_followup, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'a': after = optarg; break;
		case 's': form = optarg; break;
		case 'n': needs_form = optarg; break;
		case 'b': base_opt = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_match_followup); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_match_followup, "unexpected argument '%s'", argv[optind]);
	if (after) {
		char *end;

		errno = 0;
		months = strtol(after, &end, 10);
		if (!*after || *end || errno || months < 0 || months > 120)
			return cli_usage_error(&cmd_match_followup, "--after is a number of months from 0 to 120, not '%s'",
					       after);
	}
	if (!strcmp(form, needs_form))
		return cli_usage_error(&cmd_match_followup, "'%s' is the needs and offers survey, not a follow-up survey",
				       form);
	if ((rc = cli_base_url(&cmd_match_followup, base_opt, &base)) != EXIT_OK)
		return rc;
	if ((rc = cli_open_store(cli, after ? 0 : STORE_READONLY, &st)) != EXIT_OK)
		goto out;
	if ((rc = followup_survey(st, form, 0, &sv, &s)) != EXIT_OK)
		goto out;
	if (store_match_followups(st, &have, &nhave, &err) < 0 ||
	    (after && store_match_introduced(st, &intro, &nintro, &err) < 0)) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (strbuf_addstr(&out, "need_id,offer_id,side,name,email,status,link\n") < 0)
		goto oom;
	if (after) {
		int arc = match_data_load(&md, st, needs_form, &err);

		if (arc < 0) {
			rc = cli_error(cli_exit(arc),
				       "%s", err.msg);
			goto out;
		}
		now = doc_time();
		cutoff = add_months(now, -(int)months);
		if (store_begin(st, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
		began = 1;
	}
	/* One transaction: every new link or none.  A side's existing link is printed again. */
	for (i = 0; after && i < nintro && rc == EXIT_OK; i++) {
		const struct store_match_pair *pr = &intro[i];
		time_t at = parse_utc(pr->introduced_at);
		long ni = find_need(&md.in, pr->need_id), oi = find_offer(&md.in, pr->offer_id);
		const struct match_need *n = ni >= 0 ? &md.in.need[ni] : NULL;
		const struct match_offer *o = oi >= 0 ? &md.in.offer[oi] : NULL;

		if (at < 0 || at > cutoff)
			continue;
		due++;
		if (!n || !o) {
			cli_warning("pair %s-%s: its need or offer is no longer in the answers; no follow-up link",
				    pr->need_id, pr->offer_id);
			continue;
		}
		for (int side = 0; side <= 1; side++) {
			const struct store_match_pair *old = NULL;
			const char *name = side ? o->name : n->association;
			const char *email = side ? o->email : n->email;
			const char *company = o->company < md.in.ncompany ? md.in.company[o->company].name : "";
			char token[TOKEN_LEN + 1];
			int64_t inv;

			for (size_t k = 0; k < nhave && !old; k++)
				if (!strcmp(have[k].need_id, pr->need_id) && !strcmp(have[k].offer_id, pr->offer_id) &&
				    have[k].side == side)
					old = &have[k];
			if (old) {
				if (link_row(&out, pr->need_id, pr->offer_id, side, name, email, status_name(old),
					     base.buf, old->token) < 0)
					goto oom;
				continue;
			}
			if (token_new(token, &err) < 0 ||
			    store_invitation_add(st, sv.id, token, 0, name, email && *email ? email : NULL,
						 company && *company ? company : NULL, NULL, &inv, &err) < 0 ||
			    store_match_followup_add(st, pr->need_id, pr->offer_id, side, company ? company : "",
						     need_sector(&md.in, n), n->kind == MATCH_SEAT ? "seat" : "mission",
						     pr->introduced_at, inv, &err) < 0) {
				rc = cli_error(EXIT_IOERR, "%s", err.msg);
				break;
			}
			if (link_row(&out, pr->need_id, pr->offer_id, side, name, email, "invited", base.buf, token) < 0)
				goto oom;
			made++;
		}
	}
	if (began) {
		if (rc == EXIT_OK && store_commit(st, &err) < 0)
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
		else if (rc != EXIT_OK)
			store_rollback(st);
		began = 0;
	}
	/* Without --after: the links made so far, with their progress. */
	for (i = 0; !after && i < nhave; i++)
		if (link_row(&out, have[i].need_id, have[i].offer_id, have[i].side, "", "", status_name(&have[i]),
			     base.buf, have[i].token) < 0)
			goto oom;
	if (rc == EXIT_OK) {
		fwrite(out.buf, 1, out.len, stdout);
		if (after && !cli->quiet)
			fprintf(stderr, _("%zu new follow-up link%s to %s version %d: %zu pair%s introduced %ld month%s "
				"ago or more, of %zu introduced\n"), made, made == 1 ? "" : "s", form, sv.version, due,
				due == 1 ? "" : "s", months, months == 1 ? "" : "s", nintro);
	}
	goto out;
oom:
	if (began)
		store_rollback(st);
	rc = cli_error(EXIT_FAIL, "out of memory");
out:
	store_match_pairs_free(intro, nintro);
	store_match_pairs_free(have, nhave);
	match_data_release(&md);
	survey_free(s);
	survey_version_release(&sv);
	if (st)
		store_close(st);
	strbuf_release(&base);
	strbuf_release(&out);
	return rc;
}

const struct command cmd_match_followup = {
	"match followup", run_followup,
	"utilis match followup [--after MONTHS] [--survey FORM] [--base-url URL]",
	N_("give both sides of each pair introduced MONTHS ago a link to the follow-up survey"),
	N_("Each pair introduced by 'utilis match introduce' at least MONTHS months\n"
	"ago (the first introduction sent) gets two links to the follow-up survey\n"
	"(default " FOLLOWUP_FORM "): one for the association, one for the\n"
	"volunteer, with their names and addresses, kept with the pair so that\n"
	"the answers attach to it.  The links are invitations like any other:\n"
	"send them with 'utilis mail " FOLLOWUP_FORM "'.  A side that has its link\n"
	"already is listed again, not given a second one.  Prints the links as\n"
	"CSV (need_id, offer_id, side, name, email, status, link).  Without\n"
	"--after, lists the links made so far with their progress.\n"
	"Options:\n"
	"  --after MONTHS       the months since the introduction (0 to 120)\n"
	"  --survey FORM        the follow-up survey (default " FOLLOWUP_FORM ")\n"
	"  --needs-survey FORM  the needs and offers survey (default " MATCH_FORM ")\n"
	"  --base-url URL       the server's public address for the links\n"),
};

/* --- match indicators ------------------------------------------------------------------- */

/* One pair's follow-up, both sides together. */
struct fpair {
	const char *need_id, *offer_id, *company, *sector, *kind;
	time_t introduced;
	int answered, started, seat, seat_filled, active_known, active;
};

/* A row of a breakdown. */
struct frow {
	const char *key;
	size_t pairs, answered, started, seats, seats_filled, eligible, active;
	unsigned char hide;		/* the row: an enum an_hide */
	unsigned char hide_started, hide_seats, hide_active; /* a count within it */
};

struct fsheet {
	struct frow *row;
	size_t n;
	struct frow total;
};

static struct frow *frow_get(struct fsheet *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->row[i].key, key))
			return &f->row[i];
	f->row[f->n].key = key;
	return &f->row[f->n++];
}

static void frow_add(struct frow *r, const struct fpair *p, time_t now)
{
	r->pairs++;
	if (!p->answered)
		return;
	r->answered++;
	r->started += p->started;
	if (p->seat) {
		r->seats++;
		r->seats_filled += p->seat_filled;
	}
	if (add_months(p->introduced, ACTIVE_MONTHS) <= now && p->active_known) {
		r->eligible++;
		r->active += p->active;
	}
}

/* Hide a count x of n when x or n - x is small (both hidden: either gives the other). */
static unsigned char hide_part(size_t x, size_t n, size_t min_group)
{
	size_t c[2] = { x, n - x };
	unsigned char h[2] = { 0, 0 };

	an_suppress(c, 2, min_group, h);
	return h[0] || h[1];
}

/* The small-group rule over the rows of one breakdown, then within each row shown. */
static void fsheet_protect(struct fsheet *f, size_t min_group)
{
	size_t *n = calloc(f->n ? f->n : 1, sizeof(*n));
	unsigned char *h = calloc(f->n ? f->n : 1, 1);
	size_t i;

	if (!n || !h) {	/* hide everything rather than risk it */
		for (i = 0; i < f->n; i++)
			f->row[i].hide = AN_HIDE_SMALL;
	} else {
		/* the pairs of each row, then those that answered, the first hidden staying hidden */
		for (i = 0; i < f->n; i++)
			n[i] = f->row[i].pairs;
		an_suppress(n, f->n, min_group, h);
		for (i = 0; i < f->n; i++)
			n[i] = f->row[i].answered;
		an_suppress(n, f->n, min_group, h);
		for (i = 0; i < f->n; i++)
			f->row[i].hide = h[i];
	}
	free(n);
	free(h);
	for (i = 0; i <= f->n; i++) {
		struct frow *r = i < f->n ? &f->row[i] : &f->total;

		if (i == f->n && r->answered > 0 && r->answered < min_group)
			r->hide = AN_HIDE_SMALL;
		r->hide_started = hide_part(r->started, r->answered, min_group);
		r->hide_seats = r->seats < min_group || hide_part(r->seats_filled, r->seats, min_group);
		r->hide_active = r->eligible < min_group || hide_part(r->active, r->eligible, min_group);
	}
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct frow *)a)->key, ((const struct frow *)b)->key);
}

/* A count as shown: the number, "< N" for a small group, "·" for one protected. */
static const char *shown(char *buf, size_t size, size_t x, size_t of, int hide, int row_hide, size_t min_group)
{
	(void)x;
	(void)of;
	if (row_hide == AN_HIDE_SMALL) {
		snprintf(buf, size, "< %zu", min_group);
		return buf;
	}
	if (row_hide || hide) {
		snprintf(buf, size, "·");
		return buf;
	}
	if (of)
		snprintf(buf, size, "%zu (%.0f %%)", x, 100.0 * (double)x / (double)of);
	else
		snprintf(buf, size, "%zu", x);
	return buf;
}

struct fctx {
	struct fsheet by[2];		/* by company, by sector */
	size_t min_group;
	int fr;
	time_t when;
	size_t npairs, nlinks, nanswers;
};

static const char *const fheads_fr[] = { "Paires suivies", "Paires ayant répondu", "Missions commencées",
					 "Sièges pourvus", "Actives à 6 mois" };
static const char *const fheads_en[] = { "Pairs followed", "Pairs that answered", "Assignments started",
					 "Seats filled", "Active at 6 months" };

/* The five cells of a row as text. */
static void row_cells(const struct fctx *c, const struct frow *r, char cells[5][48])
{
	int rh = r->hide;

	if (rh == AN_HIDE_SMALL)
		snprintf(cells[0], 48, "< %zu", c->min_group);
	else if (rh)
		snprintf(cells[0], 48, "·");
	else
		snprintf(cells[0], 48, "%zu", r->pairs);
	if (rh == AN_HIDE_SMALL)
		snprintf(cells[1], 48, "< %zu", c->min_group);
	else if (rh)
		snprintf(cells[1], 48, "·");
	else
		snprintf(cells[1], 48, "%zu", r->answered);
	if (!rh && !r->hide_started)
		snprintf(cells[2], 48, "%zu / %zu", r->started, r->answered);
	else
		shown(cells[2], 48, 0, 0, 1, rh, c->min_group);
	if (!rh && !r->hide_seats)
		snprintf(cells[3], 48, "%zu / %zu", r->seats_filled, r->seats);
	else
		shown(cells[3], 48, 0, 0, 1, rh, c->min_group);
	if (!rh && !r->hide_active)
		snprintf(cells[4], 48, "%zu / %zu", r->active, r->eligible);
	else
		shown(cells[4], 48, 0, 0, 1, rh, c->min_group);
}

static int print_table(struct strbuf *o, const struct fctx *c)
{
	const char *const *h = c->fr ? fheads_fr : fheads_en;
	char cells[5][48];
	int rc = 0;

	for (int b = 0; b < 2; b++) {
		const struct fsheet *f = &c->by[b];

		rc |= strbuf_addstr(o, b ? (c->fr ? "\nPar secteur\n" : "\nBy sector\n")
					 : (c->fr ? "Par entreprise\n" : "By company\n"));
		rc |= strbuf_add_cell(o, b ? (c->fr ? "Secteur" : "Sector") : (c->fr ? "Entreprise" : "Company"), 24, 0);
		for (int k = 0; k < 5; k++) {
			rc |= strbuf_addstr(o, "  ");
			rc |= strbuf_add_cell(o, h[k], 20, 1);
		}
		rc |= strbuf_addch(o, '\n');
		for (size_t i = 0; i <= f->n; i++) {
			const struct frow *r = i < f->n ? &f->row[i] : &f->total;

			row_cells(c, r, cells);
			rc |= strbuf_add_cell(o, i < f->n ? (*r->key ? r->key : (c->fr ? "(non dit)" : "(not given)"))
							  : (c->fr ? "Ensemble" : "All"), 24, 0);
			for (int k = 0; k < 5; k++) {
				rc |= strbuf_addstr(o, "  ");
				rc |= strbuf_add_cell(o, cells[k], 20, 1);
			}
			rc |= strbuf_addch(o, '\n');
		}
	}
	rc |= strbuf_addf(o, c->fr ? "\n< %zu : moins de %zu paires ont répondu, non montré ; · : caché pour protéger "
				     "un petit groupe (docs/statistics.md).\n"
				   : "\n< %zu: fewer than %zu pairs answered, not shown; ·: hidden to protect a small "
				     "group (docs/statistics.md).\n", c->min_group, c->min_group);
	return rc < 0 ? -1 : 0;
}

static int write_pdf(const struct fctx *c, const char *path, struct error *err)
{
	const char *const *h = c->fr ? fheads_fr : fheads_en;
	struct pdf_opts po = { 0 };
	struct pdf_style txt = { 0, 10, 1.35, PDF_TEXT, PDF_LEFT, 0, 6 };
	struct pdf_col cols[6];
	struct strbuf sb = STRBUF_INIT;
	char cells[5][48];
	struct pdf *p;
	int rc;

	po.title = c->fr ? "Mises en relation associations et entreprises : le suivi"
			 : "Associations and companies introductions: the follow-up";
	po.subject = c->fr ? "Indicateurs du programme" : "The programme's indicators";
	po.lang = c->fr ? "fr-FR" : "en-GB";
	po.font_dir = mrun_font_dir();
	po.when = c->when;
	if (pdf_open(&p, &po, err) < 0)
		return -1;
	strbuf_addf(&sb, "utilis %s · %s · %zu paires, %zu liens, %zu réponses", UTILIS_VERSION, FOLLOWUP_FORM,
		    c->npairs, c->nlinks, c->nanswers);
	if (!c->fr) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "utilis %s · %s · %zu pairs, %zu links, %zu answers", UTILIS_VERSION, FOLLOWUP_FORM,
			    c->npairs, c->nlinks, c->nanswers);
	}
	pdf_set_footer(p, sb.buf);
	pdf_new_page(p);
	pdf_heading(p, 0, po.title, 40);
	pdf_paragraph(p, &txt, c->fr
		      ? "Quelques mois après chaque mise en relation, l'association et le ou la bénévole ont reçu "
			"chacun un court questionnaire. Une paire compte comme ayant répondu dès qu'un des deux a "
			"répondu ; une mission est commencée, un siège pourvu ou un engagement actif quand l'un des "
			"deux le dit. « Actives à 6 mois » ne compte que les paires présentées il y a six mois ou plus."
		      : "A few months after each introduction, the association and the volunteer each received a "
			"short questionnaire. A pair counts as having answered as soon as one of the two has; an "
			"assignment started, a seat filled or a commitment active when either says so. \"Active at 6 "
			"months\" counts only the pairs introduced six months ago or more.");
	for (int b = 0; b < 2; b++) {
		const struct fsheet *f = &c->by[b];
		struct pdf_table t;

		pdf_heading(p, 1, b ? (c->fr ? "Par secteur" : "By sector") : (c->fr ? "Par entreprise" : "By company"),
			    60);
		cols[0].title = b ? (c->fr ? "Secteur" : "Sector") : (c->fr ? "Entreprise" : "Company");
		cols[0].width = 128;
		cols[0].align = PDF_LEFT;
		for (int k = 0; k < 5; k++) {
			cols[k + 1].title = h[k];
			cols[k + 1].width = 70;
			cols[k + 1].align = PDF_RIGHT;
		}
		pdf_table_begin(&t, p, cols, 6, 9);
		for (size_t i = 0; i <= f->n; i++) {
			const struct frow *r = i < f->n ? &f->row[i] : &f->total;
			const char *row[6];

			row_cells(c, r, cells);
			row[0] = i < f->n ? (*r->key ? r->key : (c->fr ? "(non dit)" : "(not given)"))
					  : (c->fr ? "Ensemble" : "All");
			for (int k = 0; k < 5; k++)
				row[k + 1] = cells[k];
			pdf_table_row(&t, row, i == f->n);
		}
		pdf_table_end(&t);
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, c->fr ? "< %zu : moins de %zu paires ont répondu, rien n'est montré ; · : caché pour qu'un "
				 "petit groupe ne puisse pas se déduire des autres chiffres. Aucun chiffre ne porte sur "
				 "moins de %zu paires."
			       : "< %zu: fewer than %zu pairs answered, nothing is shown; ·: hidden so that a small "
				 "group cannot be worked out from the other figures. No figure is about fewer than %zu "
				 "pairs.", c->min_group, c->min_group, c->min_group);
	pdf_paragraph(p, &txt, sb.buf);
	strbuf_release(&sb);
	rc = pdf_save(p, path, AFILE_PRIVATE, err);
	pdf_free(p);
	return rc;
}

static int write_xlsx(const struct fctx *c, const char *path, struct error *err)
{
	const char *const *h = c->fr ? fheads_fr : fheads_en;
	lxw_workbook_options opts = { LXW_TRUE, NULL, LXW_FALSE };
	lxw_doc_properties props;
	lxw_workbook *wb;
	lxw_format *head;
	struct afile f;
	char cells[5][48];
	int failed = 0;

	if (afile_open(&f, path, AFILE_PRIVATE, err) < 0)
		return -1;
	if (afile_close_fd(&f, err) < 0) {
		afile_abort(&f);
		return -1;
	}
	if (!(wb = workbook_new_opt(f.tmp, &opts))) {
		error_set(err, "cannot write '%s': libxlsxwriter could not start the workbook", path);
		afile_abort(&f);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	props.title = (char *)(c->fr ? "Suivi des mises en relation" : "Follow-up of the introductions");
	props.comments = (char *)"utilis " UTILIS_VERSION;
	props.created = c->when;
	workbook_set_properties(wb, &props);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xE8EEF5);
	format_set_text_wrap(head);
	for (int b = 0; b < 2 && !failed; b++) {
		const struct fsheet *fs = &c->by[b];
		lxw_worksheet *ws = workbook_add_worksheet(wb, b ? (c->fr ? "Par secteur" : "By sector")
							       : (c->fr ? "Par entreprise" : "By company"));

		if (!ws) {
			failed = 1;
			error_set(err, "cannot add a sheet to the workbook");
			break;
		}
		worksheet_set_column(ws, 0, 0, 30, NULL);
		worksheet_set_column(ws, 1, 5, 16, NULL);
		worksheet_write_string(ws, 0, 0, b ? (c->fr ? "Secteur" : "Sector") : (c->fr ? "Entreprise" : "Company"),
				       head);
		for (int k = 0; k < 5; k++)
			worksheet_write_string(ws, 0, (lxw_col_t)(k + 1), h[k], head);
		for (size_t i = 0; i <= fs->n; i++) {
			const struct frow *r = i < fs->n ? &fs->row[i] : &fs->total;

			row_cells(c, r, cells);
			worksheet_write_string(ws, (lxw_row_t)(i + 1), 0,
					       i < fs->n ? (*r->key ? r->key : (c->fr ? "(non dit)" : "(not given)"))
							 : (c->fr ? "Ensemble" : "All"), NULL);
			/* numbers where shown whole, the rule's marks as text */
			for (int k = 0; k < 5; k++) {
				char *end;
				double v = strtod(cells[k], &end);

				if (*cells[k] && !*end)
					worksheet_write_number(ws, (lxw_row_t)(i + 1), (lxw_col_t)(k + 1), v, NULL);
				else
					worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)(k + 1), cells[k], NULL);
			}
		}
		{
			char note[300];

			snprintf(note, sizeof(note), c->fr ? "< %zu : moins de %zu paires ont répondu ; · : caché pour "
							     "protéger un petit groupe."
							   : "< %zu: fewer than %zu pairs answered; ·: hidden to protect "
							     "a small group.", c->min_group, c->min_group);
			worksheet_write_string(ws, (lxw_row_t)(fs->n + 3), 0, note, NULL);
		}
	}
	if (workbook_close(wb) != LXW_NO_ERROR && !failed) {
		error_set(err, "cannot write '%s'", path);
		failed = 1;
	}
	if (!failed && xlsx_check_file(f.tmp, path, err) < 0)
		failed = 1;
	if (failed) {
		afile_abort(&f);
		return -1;
	}
	return afile_commit(&f, err);
}

/* The answer to question name of respondent id, in survey s, or NULL (values owned by the caller). */
static const char *answer(const struct survey *s, char **values, size_t n, const char *name)
{
	const struct question *q = survey_find(s, name);

	return q && q->index < n ? values[q->index] : NULL;
}

/* utilis match indicators [--pdf FILE] [--xlsx FILE] [--lang fr|en] [--min-group N] [--survey FORM] */
static int run_indicators(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pdf", required_argument, NULL, 'p' },
		{ "xlsx", required_argument, NULL, 'x' },
		{ "lang", required_argument, NULL, 'l' },
		{ "min-group", required_argument, NULL, 'm' },
		{ "survey", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *pdf = NULL, *xlsx = NULL, *lang = "fr", *form = FOLLOWUP_FORM;
	struct store *st = NULL;
	struct store_match_pair *fl = NULL;
	struct fpair *pairs = NULL;
	struct survey *sv_s[16] = { 0 };
	int sv_v[16] = { 0 };
	size_t nfl = 0, npairs = 0, i, nsv = 0;
	struct fctx c;
	struct strbuf out = STRBUF_INIT;
	struct error err = { { 0 } };
	int ch, rc;

	memset(&c, 0, sizeof(c));
	c.min_group = UT_MIN_GROUP;
	optind = 0;
	while ((ch = cli_getopt(&cmd_match_indicators, argc, argv, ":h", opts)) != -1) {
		switch (ch) {
		case 'p': pdf = optarg; break;
		case 'x': xlsx = optarg; break;
		case 'l':
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				return cli_usage_error(&cmd_match_indicators, "--lang must be fr or en, not '%s'", optarg);
			lang = optarg;
			break;
		case 'm': {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (!*optarg || *end || v < 5 || v > 1000)
				return cli_usage_error(&cmd_match_indicators, "--min-group is a number from 5 to 1000, "
						       "not '%s'", optarg);
			c.min_group = (size_t)v;
			break;
		}
		case 's': form = optarg; break;
		case 'h': cli_print_help(stdout, &cmd_match_indicators); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_match_indicators, "unexpected argument '%s'", argv[optind]);
	c.fr = strcmp(lang, "en") != 0;
	c.when = doc_time();
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)) != EXIT_OK)
		goto out;
	if (store_match_followups(st, &fl, &nfl, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (!(pairs = calloc(nfl ? nfl : 1, sizeof(*pairs))) ||
	    !(c.by[0].row = calloc(nfl ? nfl : 1, sizeof(struct frow))) ||
	    !(c.by[1].row = calloc(nfl ? nfl : 1, sizeof(struct frow))))
		goto oom;
	/* The pairs, both sides' answers together (the links come in pair order). */
	for (i = 0; i < nfl && rc == EXIT_OK; i++) {
		const struct store_match_pair *l = &fl[i];
		struct fpair *p;
		const struct survey *s = NULL;
		char **values = NULL;
		size_t nv = 0, k;
		const char *a;

		c.nlinks++;
		if (!npairs || strcmp(pairs[npairs - 1].need_id, l->need_id) || strcmp(pairs[npairs - 1].offer_id, l->offer_id)) {
			p = &pairs[npairs++];
			p->need_id = l->need_id;
			p->offer_id = l->offer_id;
			p->company = l->company;
			p->sector = l->sector;
			p->kind = l->kind;
			p->seat = !strcmp(l->kind, "seat");
			p->introduced = parse_utc(l->introduced_at);
		} else {
			p = &pairs[npairs - 1];
		}
		if (!l->respondent_id)
			continue;
		for (k = 0; k < nsv && !s; k++)
			if (sv_v[k] == l->version)
				s = sv_s[k];
		if (!s) {
			struct survey_version sv = { 0 };

			if (nsv == sizeof(sv_s) / sizeof(sv_s[0])) {
				rc = cli_error(EXIT_DATAERR, "more than %zu versions of '%s'", nsv, form);
				break;
			}
			if ((rc = followup_survey(st, form, l->version, &sv, &sv_s[nsv])) != EXIT_OK)
				break;
			survey_version_release(&sv);
			sv_v[nsv] = l->version;
			s = sv_s[nsv++];
		}
		if (store_answers_get(st, l->respondent_id, &values, &nv, &err) < 0) {
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			break;
		}
		c.nanswers++;
		p->answered = 1;
		if ((a = answer(s, values, nv, "mission_demarree")) && !strcmp(a, "oui"))
			p->started = 1;
		if ((a = answer(s, values, nv, "siege_pris")) && !strcmp(a, "oui"))
			p->seat_filled = 1;
		if ((a = answer(s, values, nv, "toujours_actif"))) {
			p->active_known = 1;
			if (!strcmp(a, "oui"))
				p->active = 1;
		} else if ((a = answer(s, values, nv, "mission_demarree")) && strcmp(a, "oui")) {
			p->active_known = 1;	/* never started: not active */
		}
		answers_free(values, nv);
	}
	if (rc != EXIT_OK)
		goto out;
	c.npairs = npairs;
	for (i = 0; i < npairs; i++) {
		pairs[i].seat_filled &= pairs[i].seat;
		frow_add(frow_get(&c.by[0], pairs[i].company), &pairs[i], c.when);
		frow_add(frow_get(&c.by[1], pairs[i].sector), &pairs[i], c.when);
		frow_add(&c.by[0].total, &pairs[i], c.when);
		frow_add(&c.by[1].total, &pairs[i], c.when);
	}
	for (int b = 0; b < 2; b++) {
		qsort(c.by[b].row, c.by[b].n, sizeof(struct frow), cmp_row);
		fsheet_protect(&c.by[b], c.min_group);
	}
	if (print_table(&out, &c) < 0)
		goto oom;
	if (pdf && write_pdf(&c, pdf, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (xlsx && write_xlsx(&c, xlsx, &err) < 0) {
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	fwrite(out.buf, 1, out.len, stdout);
	if (!cli->quiet)
		fprintf(stderr, _("%zu pair%s followed up, %zu answer%s from %zu link%s\n"), npairs, npairs == 1 ? "" : "s",
			c.nanswers, c.nanswers == 1 ? "" : "s", c.nlinks, c.nlinks == 1 ? "" : "s");
	rc = EXIT_OK;
	goto out;
oom:
	rc = cli_error(EXIT_FAIL, "out of memory");
out:
	for (i = 0; i < nsv; i++)
		survey_free(sv_s[i]);
	free(pairs);
	free(c.by[0].row);
	free(c.by[1].row);
	store_match_pairs_free(fl, nfl);
	strbuf_release(&out);
	if (st)
		store_close(st);
	return rc;
}

const struct command cmd_match_indicators = {
	"match indicators", run_indicators,
	"utilis match indicators [--pdf FILE] [--xlsx FILE] [--lang fr|en] [--min-group N]",
	N_("the programme's indicators from the follow-up of the pairs, by company and by sector"),
	N_("From the answers to the follow-up survey (" FOLLOWUP_FORM ", 'utilis match\n"
	"followup'), for each company and each sector (the people the\n"
	"association serves): the pairs followed up, those that answered (either\n"
	"side), the assignments started, the board seats filled (of the seats),\n"
	"and the commitments still active six months or more after the\n"
	"introduction.  Under the small-group rule (docs/statistics.md): no\n"
	"figure about fewer than --min-group pairs (5) is shown, nor one that\n"
	"would let a small group be worked out from the others.  Prints a table;\n"
	"--pdf and --xlsx write the report for the union and its partner\n"
	"companies.\n"
	"Options:\n"
	"  --pdf FILE           the report as PDF\n"
	"  --xlsx FILE          the same as a workbook\n"
	"  --lang LANG          fr (default) or en\n"
	"  --min-group N        the small-group threshold (5 or more; default 5)\n"
	"  --survey FORM        the follow-up survey (default " FOLLOWUP_FORM ")\n"),
};
