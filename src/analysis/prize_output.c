/*
 * prize_output: the results of a prize edition as a table, CSV and JSON,
 * and the lines of its audit log (see prize_output.h).  The table is for a
 * terminal, about 100 columns wide; widths count characters, not bytes.
 */
#include "analysis/prize_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/reliability.h"
#include "util/csvout.h"
#include "util/json.h"
#include "util/numfmt.h"

/* A number for a reader (util/numfmt.h): decimal comma in French, "–" when missing. */
static const char *num(char *buf, size_t n, double v, int decimals, int french)
{
	return numfmt(buf, n, v, decimals, 0, french ? "fr" : "en");
}

/*
 * num() right-aligned on width characters (printf's "%6s" counts bytes, and
 * "–" and "∞" take three).
 */
static const char *numw(char *buf, size_t n, double v, int decimals, int french, int width)
{
	int chars = 0, pad;
	size_t len;
	const char *p;

	num(buf, n, v, decimals, french);
	for (p = buf; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	len = strlen(buf);
	pad = chars < width ? width - chars : 0;
	if (len + (size_t)pad >= n)
		pad = (int)(n - 1 - len);
	memmove(buf + pad, buf, len + 1);
	memset(buf, ' ', (size_t)pad);
	return buf;
}

/* "= 0,012" or "< 0,001" (the p-value with its sign), "= –" when missing. */
static const char *pval(char *buf, size_t n, double p, int french)
{
	return numfmt_p(buf, n, p, 3, french ? "fr" : "en");
}

static const char *decider_id(enum prize_decider d)
{
	switch (d) {
	case DECIDED_CRITERION: return "criterion";
	case DECIDED_MEDIAN: return "juror_median";
	case DECIDED_SHARED: return "shared";
	default: return "total";
	}
}

/* The words of the table, French or English. */
struct words {
	const char *cands, *jurors, *rank, *candidate, *total, *njur, *flags, *few, *discuss,
		*far, *tie_crit, *tie_median, *juror, *scored, *severity, *not_norm, *reliability,
		*incomplete, *criteria, *kendall, *kalpha, *fragile, *robust, *robust_head;
};

static const struct words fr = {
	"candidatures", "jurés", "Rang", "Candidature", "Total", "Jurés", "Signalements",
	"trop peu de jurés", "à discuter", "juré(s) éloigné(s)", "départagé par", "départagé par la médiane",
	"Juré", "notées", "Sévérité", "notes constantes, non normalisées", "Fiabilité du jury",
	"plan incomplet (tous les jurés n'ont pas noté toutes les candidatures) : non calculable",
	"Critères (note agrégée sur l'échelle de la grille)",
	"W de Kendall", "alpha de Krippendorff", "classement fragile",
	"Robustesse du classement (rangs : normalisations × agrégations, un juré en moins, bootstrap 95 %)",
	"Rang  min–max   sans un juré  bootstrap",
};
static const struct words en = {
	"candidates", "jurors", "Rank", "Candidate", "Total", "Jurors", "Flags",
	"too few jurors", "to discuss", "juror(s) far from the others", "tie broken by", "tie broken by the median",
	"Juror", "scored", "Severity", "constant scores, not normalised", "Jury reliability",
	"incomplete design (not every juror scored every candidate): not computable",
	"Criteria (aggregated score on the grid's scale)",
	"Kendall's W", "Krippendorff's alpha", "fragile ranking",
	"How solid the ranking is (ranks: normalisations x aggregations, one juror left out, bootstrap 95 %)",
	"Rank  min-max  one juror out  bootstrap",
};

static void flags_text(struct strbuf *sb, const struct prize_data *pd, const struct prize_candidate *c,
		       const struct prize_robust *rb, const struct words *w)
{
	strbuf_reset(sb);
	if (rb->fragile)
		strbuf_addf(sb, "%s", w->fragile);
	if (c->too_few_jurors)
		strbuf_addf(sb, "%s%s", sb->len ? "; " : "", w->few);
	if (c->to_discuss)
		strbuf_addf(sb, "%s%s", sb->len ? "; " : "", w->discuss);
	if (c->nfar)
		strbuf_addf(sb, "%s%zu %s", sb->len ? "; " : "", c->nfar, w->far);
	if (c->decider == DECIDED_CRITERION)
		strbuf_addf(sb, "%s%s %s", sb->len ? "; " : "", w->tie_crit,
			    pd->e->crit[c->decider_crit].name);
	else if (c->decider == DECIDED_MEDIAN)
		strbuf_addf(sb, "%s%s", sb->len ? "; " : "", w->tie_median);
}

/* "a-b", "a" when equal, "-" when unranked. */
static void rank_span(char *buf, size_t n, size_t lo, size_t hi)
{
	if (lo == 0)
		snprintf(buf, n, "-");
	else if (lo == hi)
		snprintf(buf, n, "%zu", lo);
	else
		snprintf(buf, n, "%zu-%zu", lo, hi);
}

/*
 * The jurors' answers to the grid's deliberation questions (analysis/tally.h):
 * a legend of each question's choices, then per candidate, in ranking
 * order, the counts of each choice "2/1/0".
 */
static void tally_write(struct strbuf *sb, const struct prize_data *pd, const struct prize_result *r,
			const char *lang)
{
	const struct prize_tally *t = &pd->tally;
	const struct survey *grid = pd->src.forms[1].latest;
	int li = survey_lang(grid, lang);
	size_t lg = li < 0 ? grid->default_lang : (size_t)li, i, k, c;

	if (!t->nq)
		return;
	strbuf_addf(sb, "\n%s\n", !strcmp(lang, "fr") ? "Délibération (réponses des jurés, dans l'ordre des choix)"
						       : "Deliberation (the jurors' answers, in the order of the choices)");
	for (k = 0; k < t->nq; k++) {
		const struct question *q = t->q[k].q;

		strbuf_addf(sb, "  %s:", q->name);
		for (c = 0; c < q->list->n; c++) {
			const char *l = label_get(grid, &q->list->v[c].label, lg);

			strbuf_addf(sb, "%s %s", c ? " /" : "", l ? l : q->list->v[c].name);
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_add_cell(sb, "", 46, 0);
	for (k = 0; k < t->nq; k++) {
		strbuf_addch(sb, ' ');
		strbuf_add_cell(sb, t->q[k].q->name, strlen(t->q[k].q->name) > 9 ? strlen(t->q[k].q->name) : 9, 1);
	}
	strbuf_addch(sb, '\n');
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = r->order[i];

		strbuf_add_cell(sb, pd->cand_name[ci], 46, 0);
		for (k = 0; k < t->nq; k++) {
			char cell[64];
			size_t w = strlen(t->q[k].q->name) > 9 ? strlen(t->q[k].q->name) : 9, used = 0;

			cell[0] = '\0';
			for (c = 0; c < t->q[k].q->list->n && used + 24 < sizeof(cell); c++)
				used += (size_t)snprintf(cell + used, sizeof(cell) - used, "%s%zu", c ? "/" : "",
							 prize_tally_get(t, ci, k, c));
			strbuf_addch(sb, ' ');
			strbuf_add_cell(sb, cell, w, 1);
		}
		strbuf_addch(sb, '\n');
	}
}

static int table_write(struct strbuf *sb, const struct prize_data *pd, const struct prize_result *r,
			const struct prize_robust *rb, const char *lang)
{
	int french = !strcmp(lang, "fr");
	const struct words *w = french ? &fr : &en;
	const struct survey *grid = pd->src.forms[1].latest;
	int li = survey_lang(grid, lang);
	struct strbuf flags = STRBUF_INIT;
	char b1[32], b2[32], b3[32], b4[32], b5[32];
	size_t i, k;
	int f, fail;

	strbuf_addf(sb, "%s\n", label_get(grid, &pd->e->title, li < 0 ? grid->default_lang : (size_t)li)
				? label_get(grid, &pd->e->title, li < 0 ? grid->default_lang : (size_t)li)
				: pd->e->id);
	strbuf_addf(sb, "%zu %s, %zu %s\n\n", pd->ncand, w->cands, pd->njuror, w->jurors);
	strbuf_add_cell(sb, w->rank, 5, 0);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, w->candidate, 44, 0);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, w->total, 6, 1);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, w->njur, 6, 1);
	strbuf_addf(sb, "  %s", w->flags);
	strbuf_addch(sb, '\n');
	for (i = 0; i < pd->ncand; i++) {
		const struct prize_candidate *c = &r->cand[r->order[i]];
		char rank[32];
		int shared = (i > 0 && r->cand[r->order[i - 1]].rank == c->rank) ||
			     (i + 1 < pd->ncand && r->cand[r->order[i + 1]].rank == c->rank);

		if (c->rank)
			snprintf(rank, sizeof(rank), "%zu%s", c->rank, shared ? "=" : "");
		else
			snprintf(rank, sizeof(rank), "-");
		flags_text(&flags, pd, c, &rb[r->order[i]], w);
		strbuf_add_cell(sb, rank, 5, 0);
		strbuf_addch(sb, ' ');
		strbuf_add_cell(sb, pd->cand_name[r->order[i]], 44, 0);
		strbuf_addf(sb, " %s %6zu", numw(b1, sizeof(b1), c->total, 1, french, 6), c->njurors);
		if (flags.len)
			strbuf_addf(sb, "  %s", flags.buf);
		strbuf_addch(sb, '\n');
	}
	strbuf_addf(sb, "\n%s\n%-46s", w->criteria, "");
	for (k = 0; k < pd->e->ncrit; k++) {
		const char *name = pd->e->crit[k].name;

		if (!strncmp(name, "note_", 5))
			name += 5;
		strbuf_addf(sb, " %12.12s", name);
	}
	strbuf_addch(sb, '\n');
	for (i = 0; i < pd->ncand; i++) {
		const struct prize_candidate *c = &r->cand[r->order[i]];

		strbuf_add_cell(sb, pd->cand_name[r->order[i]], 46, 0);
		for (k = 0; k < pd->e->ncrit; k++)
			strbuf_addf(sb, " %s", numw(b1, sizeof(b1), c->crit[k].agg, 2, french, 12));
		strbuf_addch(sb, '\n');
	}
	tally_write(sb, pd, r, lang);
	strbuf_addf(sb, "\n%s\n%-46s %s\n", w->robust, "", w->robust_head);
	for (i = 0; i < pd->ncand; i++) {
		const struct prize_robust *o = &rb[r->order[i]];
		char rk[48], mm[48], loo[48], bt[48];

		rank_span(rk, sizeof(rk), r->cand[r->order[i]].rank, r->cand[r->order[i]].rank);
		rank_span(mm, sizeof(mm), o->rank_min, o->rank_max);
		rank_span(loo, sizeof(loo), o->loo_min, o->loo_max);
		rank_span(bt, sizeof(bt), o->boot_lo, o->boot_hi);
		strbuf_add_cell(sb, pd->cand_name[r->order[i]], 46, 0);
		strbuf_addf(sb, " %4s  %7s  %13s  %9s", rk, mm, loo, bt);
		if (o->fragile)
			strbuf_addf(sb, "  %s", w->fragile);
		strbuf_addch(sb, '\n');
	}
	strbuf_addch(sb, '\n');
	strbuf_add_cell(sb, w->juror, 28, 0);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, w->scored, 7, 1);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, w->severity, 9, 1);
	strbuf_addch(sb, '\n');
	for (i = 0; i < pd->njuror; i++) {
		const struct prize_juror *j = &r->juror[i];

		strbuf_add_cell(sb, pd->jurors[i].name, 28, 0);
		strbuf_addf(sb, " %7zu %s", j->nscored, numw(b1, sizeof(b1), j->severity, 1, french, 9));
		if (j->not_normalised)
			strbuf_addf(sb, "  %s", w->not_norm);
		strbuf_addch(sb, '\n');
	}
	strbuf_addf(sb, "\n%s\n", w->reliability);
	if (!r->complete) {
		strbuf_addf(sb, "  ICC, W: %s\n", w->incomplete);
	} else {
		for (f = 0; f < ICC_NFORMS; f++) {
			const struct icc_row *row = &r->icc.row[f];

			strbuf_addf(sb, "  %-6s %s  [%s ; %s]  F = %s, p %s  (%s)\n", icc_form_name(f),
				    numw(b1, sizeof(b1), row->icc, 3, french, 6),
				    num(b2, sizeof(b2), row->lower, 3, french),
				    num(b3, sizeof(b3), row->upper, 3, french),
				    num(b4, sizeof(b4), row->f, 2, french), pval(b5, sizeof(b5), row->p, french),
				    reliability_band_word(reliability_band(BAND_ICC, row->icc), lang));
		}
		strbuf_addf(sb, "  %s %s, chi2 = %s, p %s  (%s)\n", w->kendall,
			    num(b1, sizeof(b1), r->kendall.w, 3, french),
			    num(b2, sizeof(b2), r->kendall.chisq, 2, french),
			    pval(b3, sizeof(b3), r->kendall.p, french),
			    reliability_band_word(reliability_band(BAND_KENDALL_W, r->kendall.w), lang));
	}
	strbuf_addf(sb, "  %s %s  (%s)\n", w->kalpha, num(b1, sizeof(b1), r->kalpha.alpha, 3, french),
		    reliability_band_word(reliability_band(BAND_KALPHA, r->kalpha.alpha), lang));
	fail = strbuf_failed(&flags);
	strbuf_release(&flags);
	return fail ? -1 : 0;
}

/* The ranks of a ballot method, "-" when unranked, "=" when shared. */
static void ballot_rank(char *buf, size_t n, const size_t *rank, size_t nc, size_t ci)
{
	size_t k, same = 0;

	for (k = 0; k < nc; k++)
		same += rank[k] == rank[ci];
	if (!rank[ci])
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%zu%s", rank[ci], same > 1 ? "=" : "");
}

/* The ballot methods' ranks beside the score ranking (table format). */
static void ballots_write(struct strbuf *sb, const struct prize_data *pd, const struct prize_result *r,
			  const struct ballot_result *b, unsigned which, const char *lang)
{
	int french = !strcmp(lang, "fr");
	char rk[32], rb[32], rs[32], sc[32];
	size_t i;

	strbuf_addf(sb, "\n%s\n", french ? "Classements par les rangs des jurés (chaque juré classe les candidatures qu'il a notées)"
				 : "Rankings from the jurors' ranks (each juror ranks the candidates they scored)");
	strbuf_add_cell(sb, "", 46, 0);
	strbuf_addf(sb, " %6s", french ? "Notes" : "Scores");
	if (which & PRIZE_BALLOT_BORDA)
		strbuf_addf(sb, "  %5s %7s", "Borda", french ? "score" : "score");
	if (which & PRIZE_BALLOT_SCHULZE)
		strbuf_addf(sb, "  %7s %7s", "Schulze", french ? "bat" : "beats");
	strbuf_addch(sb, '\n');
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = r->order[i];

		if (r->cand[ci].rank)
			snprintf(rk, sizeof(rk), "%zu", r->cand[ci].rank);
		else
			snprintf(rk, sizeof(rk), "-");
		strbuf_add_cell(sb, pd->cand_name[ci], 46, 0);
		strbuf_addf(sb, " %6s", rk);
		if (which & PRIZE_BALLOT_BORDA) {
			ballot_rank(rb, sizeof(rb), b->borda_rank, pd->ncand, ci);
			strbuf_addf(sb, "  %5s %s", rb, numw(sc, sizeof(sc), b->borda[ci], 1, french, 7));
		}
		if (which & PRIZE_BALLOT_SCHULZE) {
			ballot_rank(rs, sizeof(rs), b->schulze_rank, pd->ncand, ci);
			if (b->schulze_rank[ci])
				snprintf(sc, sizeof(sc), "%zu", b->wins[ci]);
			else
				snprintf(sc, sizeof(sc), "-");
			strbuf_addf(sb, "  %7s %7s", rs, sc);
		}
		strbuf_addch(sb, '\n');
	}
}

/*
 * The results as CSV through the one CSV writer: a candidate's name is an
 * applicant's answer, so a name that starts like a formula is neutralised.
 * Unranked: no rank, no total.  0, or -1 when sb cannot grow.
 */
static int csv_write(struct strbuf *sb, const struct prize_data *pd, const struct prize_result *r,
		     const struct prize_robust *rb, const struct ballot_result *b, unsigned which)
{
	size_t i, k;
	int fail = 0;

	strbuf_addstr(sb, "rank,candidate_id,candidate,total,jurors,too_few_jurors,"
		      "to_discuss,far_jurors,decided_by,rank_min,rank_max,rank_one_juror_out_min,"
		      "rank_one_juror_out_max,rank_bootstrap_low,rank_bootstrap_high,fragile");
	for (k = 0; k < pd->e->ncrit; k++) {
		const char *c = pd->e->crit[k].name;

		strbuf_addf(sb, ",%s,%s_mean,%s_sd,%s_min,%s_max,%s_n", c, c, c, c, c, c);
	}
	if (which & PRIZE_BALLOT_BORDA)
		strbuf_addstr(sb, ",borda_rank,borda_score,borda_points,ballots");
	if (which & PRIZE_BALLOT_SCHULZE)
		strbuf_addstr(sb, ",schulze_rank,schulze_beats");
	for (k = 0; k < pd->tally.nq; k++)	/* the deliberation: one column per choice */
		for (size_t x = 0; x < pd->tally.q[k].q->list->n; x++) {
			struct strbuf col = STRBUF_INIT;

			fail |= strbuf_addf(&col, "%s_%s", pd->tally.q[k].q->name,
					    pd->tally.q[k].q->list->v[x].name) < 0;
			csvout_str(sb, ',', 0, col.buf, CSVOUT_TEXT);
			strbuf_release(&col);
		}
	csvout_end_row(sb);
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = r->order[i];
		const struct prize_candidate *c = &r->cand[ci];

		if (c->rank)
			strbuf_addf(sb, "%zu", c->rank);
		strbuf_addf(sb, ",%lld", (long long)pd->cand_id[ci]);
		csvout_str(sb, ',', 0, pd->cand_name[ci], CSVOUT_TEXT);
		strbuf_addch(sb, ',');
		if (!isnan(c->total))
			strbuf_addf(sb, "%.10g", c->total);
		strbuf_addf(sb, ",%zu,%d,%d,%zu", c->njurors, c->too_few_jurors,
				  c->to_discuss, c->nfar);
		csvout_str(sb, ',', 0, c->decider == DECIDED_CRITERION ?
				 pd->e->crit[c->decider_crit].name : decider_id(c->decider),
				 CSVOUT_TEXT);
		{
			const struct prize_robust *rob = &rb[ci];
			size_t v[6] = { rob->rank_min, rob->rank_max, rob->loo_min, rob->loo_max,
					rob->boot_lo, rob->boot_hi };

			for (int x = 0; x < 6; x++)
				v[x] ? strbuf_addf(sb, ",%zu", v[x]) : strbuf_addch(sb, ',');
			strbuf_addf(sb, ",%d", rob->fragile);
		}
		for (k = 0; k < pd->e->ncrit; k++) {
			const struct prize_criterion_stats *s = &c->crit[k];
			double v[5] = { s->agg, s->mean, s->sd, s->min, s->max };

			for (int x = 0; x < 5; x++)
				isnan(v[x]) ? strbuf_addch(sb, ',') : strbuf_addf(sb, ",%.10g", v[x]);
			strbuf_addf(sb, ",%zu", s->n);
		}
		if ((which & PRIZE_BALLOT_BORDA) && b->borda_rank[ci])
			strbuf_addf(sb, ",%zu,%.10g,%.10g,%zu", b->borda_rank[ci], b->borda[ci],
					  b->points[ci], b->nballot[ci]);
		else if (which & PRIZE_BALLOT_BORDA)
			strbuf_addf(sb, ",,,,%zu", b->nballot[ci]);
		if ((which & PRIZE_BALLOT_SCHULZE) && b->schulze_rank[ci])
			strbuf_addf(sb, ",%zu,%zu", b->schulze_rank[ci], b->wins[ci]);
		else if (which & PRIZE_BALLOT_SCHULZE)
			strbuf_addstr(sb, ",,");
		for (k = 0; k < pd->tally.nq; k++)
			for (size_t x = 0; x < pd->tally.q[k].q->list->n; x++)
				strbuf_addf(sb, ",%zu", prize_tally_get(&pd->tally, ci, k, x));
		csvout_end_row(sb);
	}
	return fail || strbuf_failed(sb) ? -1 : 0;
}

static void json_rank_pair(struct json_writer *w, const char *key, size_t lo, size_t hi)
{
	json_key(w, key);
	json_begin_array(w);
	json_int(w, (int64_t)lo);
	json_int(w, (int64_t)hi);
	json_end_array(w);
}

/* A candidate's "robustness": 0 stands for unranked, as "rank" does. */
static void json_robustness(struct json_writer *w, const struct prize_robust *o)
{
	static const char *const norm[3] = { "none", "zscore", "range" };
	static const char *const agg[3] = { "mean", "median", "trimmed" };
	char key[32];

	json_key(w, "robustness");
	json_begin_object(w);
	json_kv_int(w, "rank_min", (int64_t)o->rank_min);
	json_kv_int(w, "rank_max", (int64_t)o->rank_max);
	json_rank_pair(w, "one_juror_out", o->loo_min, o->loo_max);
	json_rank_pair(w, "bootstrap_95", o->boot_lo, o->boot_hi);
	json_key(w, "variants");
	json_begin_object(w);
	for (int n = 0; n < 3; n++)
		for (int a = 0; a < 3; a++) {
			snprintf(key, sizeof(key), "%s/%s", norm[n], agg[a]);
			json_kv_int(w, key, (int64_t)o->variant[n][a]);
		}
	json_end_object(w);
	json_key(w, "fragile");
	json_bool(w, o->fragile);
	json_end_object(w);
}

static int json_write(struct strbuf *sb, const struct prize_data *pd, const struct prize_result *r,
		      const struct prize_robust *rb, const struct ballot_result *b, unsigned which)
{
	struct json_writer w;
	size_t i, k;
	int f;

	json_writer_init(&w, sb, 2);
	json_begin_object(&w);
	json_kv_string(&w, "edition", pd->e->id);
	json_kv_int(&w, "candidates", (int64_t)pd->ncand);
	json_kv_int(&w, "jurors", (int64_t)pd->njuror);
	json_key(&w, "scale");
	json_begin_array(&w);
	json_double(&w, pd->e->lo);
	json_double(&w, pd->e->hi);
	json_end_array(&w);
	json_key(&w, "criteria");
	json_begin_array(&w);
	for (k = 0; k < pd->e->ncrit; k++) {
		json_begin_object(&w);
		json_kv_string(&w, "name", pd->e->crit[k].name);
		json_key(&w, "weight");
		json_double(&w, pd->e->crit[k].weight);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "ranking");
	json_begin_array(&w);
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = r->order[i];
		const struct prize_candidate *c = &r->cand[ci];

		json_begin_object(&w);
		json_kv_int(&w, "rank", (int64_t)c->rank);
		json_kv_int(&w, "candidate_id", pd->cand_id[ci]);
		json_kv_string(&w, "candidate", pd->cand_name[ci]);
		json_key(&w, "total");
		json_double(&w, c->total);
		json_kv_int(&w, "jurors", (int64_t)c->njurors);
		json_key(&w, "juror_sd");
		json_double(&w, c->juror_sd);
		json_kv_string(&w, "decided_by", decider_id(c->decider));
		if (c->decider == DECIDED_CRITERION)
			json_kv_string(&w, "decided_by_criterion", pd->e->crit[c->decider_crit].name);
		json_key(&w, "flags");
		json_begin_object(&w);
		json_key(&w, "too_few_jurors");
		json_bool(&w, c->too_few_jurors);
		json_key(&w, "to_discuss");
		json_bool(&w, c->to_discuss);
		json_kv_int(&w, "far_jurors", (int64_t)c->nfar);
		json_key(&w, "fragile");
		json_bool(&w, rb[ci].fragile);
		json_end_object(&w);
		json_robustness(&w, &rb[ci]);
		if (which & PRIZE_BALLOT_BORDA) {
			json_key(&w, "borda");
			json_begin_object(&w);
			json_kv_int(&w, "rank", (int64_t)b->borda_rank[ci]);
			json_key(&w, "score");
			json_double(&w, b->borda[ci]);
			json_key(&w, "points");
			json_double(&w, b->points[ci]);
			json_kv_int(&w, "ballots", (int64_t)b->nballot[ci]);
			json_end_object(&w);
		}
		if (which & PRIZE_BALLOT_SCHULZE) {
			json_key(&w, "schulze");
			json_begin_object(&w);
			json_kv_int(&w, "rank", (int64_t)b->schulze_rank[ci]);
			json_kv_int(&w, "beats", (int64_t)b->wins[ci]);
			json_end_object(&w);
		}
		json_key(&w, "criteria");
		json_begin_object(&w);
		for (k = 0; k < pd->e->ncrit; k++) {
			const struct prize_criterion_stats *s = &c->crit[k];

			json_key(&w, pd->e->crit[k].name);
			json_begin_object(&w);
			json_key(&w, "score");
			json_double(&w, s->agg);
			json_key(&w, "mean");
			json_double(&w, s->mean);
			json_key(&w, "sd");
			json_double(&w, s->sd);
			json_key(&w, "min");
			json_double(&w, s->min);
			json_key(&w, "max");
			json_double(&w, s->max);
			json_kv_int(&w, "n", (int64_t)s->n);
			json_end_object(&w);
		}
		json_end_object(&w);
		json_key(&w, "deliberation");	/* answers per choice of each deliberation question */
		json_begin_object(&w);
		for (k = 0; k < pd->tally.nq; k++) {
			json_key(&w, pd->tally.q[k].q->name);
			json_begin_object(&w);
			for (size_t x = 0; x < pd->tally.q[k].q->list->n; x++)
				json_kv_int(&w, pd->tally.q[k].q->list->v[x].name,
					    (int64_t)prize_tally_get(&pd->tally, ci, k, x));
			json_end_object(&w);
		}
		json_end_object(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "jurors_detail");
	json_begin_array(&w);
	for (i = 0; i < pd->njuror; i++) {
		json_begin_object(&w);
		json_kv_int(&w, "id", pd->jurors[i].id);
		json_kv_string(&w, "name", pd->jurors[i].name);
		json_kv_int(&w, "scored", (int64_t)r->juror[i].nscored);
		json_key(&w, "severity");
		json_double(&w, r->juror[i].severity);
		json_key(&w, "normalised");
		json_bool(&w, !r->juror[i].not_normalised);
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "reliability");
	json_begin_object(&w);
	json_key(&w, "complete_design");
	json_bool(&w, r->complete);
	json_key(&w, "icc");
	json_begin_array(&w);
	for (f = 0; r->complete && f < ICC_NFORMS; f++) {
		const struct icc_row *row = &r->icc.row[f];

		json_begin_object(&w);
		json_kv_string(&w, "type", icc_form_name(f));
		json_key(&w, "icc");
		json_double(&w, row->icc);
		json_key(&w, "f");
		json_double(&w, row->f);
		json_key(&w, "df1");
		json_double(&w, row->df1);
		json_key(&w, "df2");
		json_double(&w, row->df2);
		json_key(&w, "p");
		json_double(&w, row->p);
		json_key(&w, "lower");
		json_double(&w, row->lower);
		json_key(&w, "upper");
		json_double(&w, row->upper);
		json_kv_string(&w, "reading", reliability_band_word(reliability_band(BAND_ICC, row->icc), "en"));
		json_end_object(&w);
	}
	json_end_array(&w);
	json_key(&w, "kendall_w");
	json_begin_object(&w);
	json_key(&w, "w");
	json_double(&w, r->complete ? r->kendall.w : NAN);
	json_key(&w, "chisq");
	json_double(&w, r->complete ? r->kendall.chisq : NAN);
	json_key(&w, "df");
	json_double(&w, r->complete ? r->kendall.df : NAN);
	json_key(&w, "p");
	json_double(&w, r->complete ? r->kendall.p : NAN);
	json_end_object(&w);
	json_key(&w, "krippendorff_alpha");
	json_double(&w, r->kalpha.alpha);
	json_end_object(&w);
	json_end_object(&w);
	if (json_writer_finish(&w) < 0)
		return -1;
	return strbuf_addch(sb, '\n');
}


int prize_ballots_parse(const char *s, unsigned *out)
{
	if (!strcmp(s, "borda"))
		*out |= PRIZE_BALLOT_BORDA;
	else if (!strcmp(s, "schulze"))
		*out |= PRIZE_BALLOT_SCHULZE;
	else if (!strcmp(s, "all"))
		*out |= PRIZE_BALLOT_BORDA | PRIZE_BALLOT_SCHULZE;
	else
		return -1;
	return 0;
}

int prize_outcome_compute(struct prize_outcome *out, const struct prize_data *pd, unsigned ballots,
			  struct error *err)
{
	memset(out, 0, sizeof(*out));
	out->pd = pd;
	out->ballots = ballots;
	if (prize_compute(&pd->in, &out->res) < 0)	/* releases what it made */
		goto oom;
	out->robust = calloc(pd->ncand + 1, sizeof(*out->robust));
	if (!out->robust ||
	    prize_robustness(&pd->in, &out->res, PRIZE_BOOT_SAMPLES, PRIZE_BOOT_SEED, out->robust) < 0)
		goto oom;
	if (ballots && ballot_from_totals(out->res.juror_totals, pd->ncand, pd->njuror, &out->ballot) < 0)
		goto oom;
	return 0;
oom:
	error_set(err, "out of memory");
	return UT_ENOMEM;
}

void prize_outcome_release(struct prize_outcome *o)
{
	prize_result_release(&o->res);
	ballot_result_release(&o->ballot);
	free(o->robust);
	memset(o, 0, sizeof(*o));
}

int prize_results_write(struct strbuf *sb, const struct prize_outcome *o, enum an_format fmt,
			const char *lang)
{
	int rc = 0;

	switch (fmt) {
	case AN_FORMAT_TABLE:
		rc = table_write(sb, o->pd, &o->res, o->robust, lang);
		if (o->ballots)
			ballots_write(sb, o->pd, &o->res, &o->ballot, o->ballots, lang);
		break;
	case AN_FORMAT_CSV:
		rc = csv_write(sb, o->pd, &o->res, o->robust, &o->ballot, o->ballots);
		break;
	case AN_FORMAT_JSON:
		rc = json_write(sb, o->pd, &o->res, o->robust, &o->ballot, o->ballots);
		break;
	}
	return rc < 0 || strbuf_failed(sb) ? UT_ENOMEM : 0;
}

int prize_audit_line(struct strbuf *sb, const struct prize_data *pd, const char *at,
		     const char *juror, int64_t cand, const char *action, const char *detail)
{
	long ci = cand ? prize_data_candidate(pd, cand) : -1;
	size_t start = sb->len;

	strbuf_addf(sb, "%s  ", at);
	strbuf_add_cell(sb, juror ? juror : "-", 24, 0);
	strbuf_addch(sb, ' ');
	strbuf_add_cell(sb, action, 14, 0);
	if (cand)
		strbuf_addf(sb, " #%lld%s%s", (long long)cand, ci >= 0 ? " " : "",
			    ci >= 0 ? pd->cand_name[ci] : "");
	if (detail && *detail)
		strbuf_addf(sb, " — %s", detail);
	if (strbuf_failed(sb))
		return UT_ENOMEM;
	while (sb->len > start && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	return strbuf_addch(sb, '\n') < 0 ? UT_ENOMEM : 0;
}
