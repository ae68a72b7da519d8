/*
 * scorecards: the sections of the jury's document for the « La part des
 * autres » prize, written from the results of an edition — how the scores
 * became a ranking (generated from the edition), the ranking as a table
 * and a chart with the jurors' spread, the jury's agreement with its plain
 * reading, the candidates flagged for the deliberation, and one page per
 * candidate: the association and the company, the partnership in a few
 * lines of the application, the criteria (weight, mean, lowest and
 * highest score, number of jurors), the total and rank, a small radar,
 * the jurors' comments without their names, and the flags.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/discuss.h"
#include "report/chart.h"
#include "report/fmt.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/strbuf.h"

#define T(c, f, e) ((c)->fr ? (f) : (e))
#define OQ(c) ((c)->fr ? "«" FMT_NBSP : "“")
#define CQ(c) ((c)->fr ? FMT_NBSP "»" : "”")
#define COLON(c) ((c)->fr ? FMT_NBSP ": " : ": ")

struct pctx {
	struct pdf *p;				/* the document */
	const struct report_input *in;		/* everything */
	const struct prize_data *pd;		/* candidates, jurors */
	const struct edition *e;		/* the rules */
	const struct prize_result *r;		/* results */
	const struct prize_robust *rb;		/* [ncand] how solid each rank is, or NULL */
	const struct prize_texts *texts;	/* applications, comments (may be NULL) */
	const struct survey *app, *grid;	/* latest models */
	const char *lang;			/* language */
	int fr;					/* French */
};

static const struct pdf_style body = { 0, 10.5, 1.38, PDF_TEXT, PDF_LEFT, 0, 6 };
static const struct pdf_style small = { 0, 8.5, 1.3, PDF_GREY, PDF_LEFT, 0, 4 };

static const char *label_in(const struct pctx *c, const struct survey *s, const struct label *l)
{
	int li = survey_lang(s, c->lang);

	return label_get(s, l, li < 0 ? s->default_lang : (size_t)li);
}

/* A criterion's label without a trailing "(poids 20)" / "(weight 20)": the table shows the weight. */
static void crit_label(struct strbuf *sb, const struct pctx *c, size_t k)
{
	const struct edition_criterion *cr = &c->e->crit[k];
	const char *l = cr->q ? label_in(c, c->grid, &cr->q->label) : NULL;
	const char *open;
	size_t n;

	if (!l) {
		strbuf_addstr(sb, cr->name);
		return;
	}
	n = strlen(l);
	open = strrchr(l, '(');
	if (open && n && l[n - 1] == ')' && (strstr(open, "poids") || strstr(open, "weight"))) {
		n = (size_t)(open - l);
		while (n && l[n - 1] == ' ')
			n--;
	}
	strbuf_add(sb, l, n);
}

static void rank_text(char *buf, size_t n, const struct pctx *c, size_t i)
{
	const struct prize_result *r = c->r;
	const struct prize_candidate *cd = &r->cand[r->order[i]];
	int shared = (i > 0 && r->cand[r->order[i - 1]].rank == cd->rank) ||
		     (i + 1 < c->pd->ncand && r->cand[r->order[i + 1]].rank == cd->rank);

	if (!cd->rank)
		snprintf(buf, n, "%s", FMT_DASH);
	else
		snprintf(buf, n, "%zu%s", cd->rank, shared ? "=" : "");
}

/* The flags of a candidate in words, separated by "; ".  Returns 1 when there is one. */
static int flags_text(struct strbuf *sb, const struct pctx *c, const struct prize_candidate *cd,
		      int with_tie)
{
	char b[32];
	size_t start = sb->len;
	const char *sep = c->fr ? " ; " : "; ";

	const struct prize_robust *rb = c->rb ? &c->rb[cd - c->r->cand] : NULL;

	if (rb && rb->fragile)
		strbuf_addf(sb, T(c, "classement fragile" FMT_NBSP ": rang %zu à %zu selon la normalisation, "
				  "l'agrégation ou le juré laissé de côté",
				  "fragile ranking: rank %zu to %zu depending on the normalisation, the "
				  "aggregation or the juror left out"), rb->rank_min, rb->rank_max);
	if (cd->too_few_jurors)
		strbuf_addf(sb, T(c, "%strop peu de jurés (%zu pour %zu demandés)", "%stoo few jurors (%zu of %zu required)"),
			    sb->len > start ? sep : "", cd->njurors, c->e->min_jurors);
	if (cd->to_discuss)
		strbuf_addf(sb, T(c, "%sà discuter" FMT_NBSP ": les totaux des jurés s'écartent (écart-type de %s points)",
				  "%sto discuss: the jurors' totals diverge (standard deviation of %s points)"),
			    sb->len > start ? sep : "", fmt_num(b, sizeof(b), cd->juror_sd, 1, c->lang));
	if (cd->nfar)
		strbuf_addf(sb, T(c, "%s%zu juré%s éloigné%s des autres", "%s%zu juror%s far from the others"),
			    sb->len > start ? sep : "", cd->nfar, cd->nfar > 1 ? "s" : "",
			    c->fr && cd->nfar > 1 ? "s" : "");
	if (with_tie && cd->decider == DECIDED_CRITERION) {
		struct strbuf l = STRBUF_INIT;

		crit_label(&l, c, cd->decider_crit);
		strbuf_addf(sb, T(c, "%sdépartagé par %s%s%s", "%stie broken by %s%s%s"), sb->len > start ? sep : "",
			    OQ(c), l.buf, CQ(c));
		strbuf_release(&l);
	} else if (with_tie && cd->decider == DECIDED_MEDIAN) {
		strbuf_addf(sb, T(c, "%sdépartagé par la médiane des jurés", "%stie broken by the jurors' median"),
			    sb->len > start ? sep : "");
	} else if (with_tie && cd->decider == DECIDED_SHARED) {
		strbuf_addf(sb, T(c, "%sex æquo", "%stied"), sb->len > start ? sep : "");
	}
	return sb->len > start;
}

static int flagged(const struct pctx *c, const struct prize_candidate *cd)
{
	return cd->too_few_jurors || cd->to_discuss || cd->nfar ||
	       (c->rb && c->rb[cd - c->r->cand].fragile);
}

/* --- method ---------------------------------------------------------------------------- */

static void method_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct edition *e = c->e;
	struct strbuf sb = STRBUF_INIT, l = STRBUF_INIT;
	char b1[32], b2[32], b3[32];
	size_t k;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Comment les notes deviennent un classement", "How scores become a ranking")), 60);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	strbuf_addf(&sb, T(c, "Chaque juré note les candidatures qui lui sont confiées sur %zu critères, de %s à %s, pondérés" FMT_NBSP ": ",
			   "Each juror scores the candidates given to them on %zu criteria, from %s to %s, weighted: "),
		    e->ncrit, fmt_num(b1, sizeof(b1), e->lo, 0, c->lang), fmt_num(b2, sizeof(b2), e->hi, 0, c->lang));
	for (k = 0; k < e->ncrit; k++) {
		strbuf_reset(&l);
		crit_label(&l, c, k);
		strbuf_addf(&sb, "%s%s (%s)", k ? (c->fr ? " ; " : "; ") : "", l.buf,
			    fmt_num(b3, sizeof(b3), e->crit[k].weight, e->crit[k].weight == floor(e->crit[k].weight) ? 0 : 1, c->lang));
	}
	strbuf_addch(&sb, '.');
	pdf_paragraph(p, &body, sb.buf);
	switch (e->norm) {
	case PRIZE_NORM_ZSCORE:
		pdf_paragraph(p, &body, T(c, "Chaque juré a sa sévérité : ses notes sont centrées et réduites sur l'ensemble de ses candidatures, puis ramenées sur l'échelle de la grille avec la moyenne et l'écart-type de tout le jury.",
					  "Each juror has their own severity: their scores are standardised over all their candidates, then put back on the grid's scale with the whole jury's mean and standard deviation."));
		break;
	case PRIZE_NORM_RANGE:
		pdf_paragraph(p, &body, T(c, "Chaque juré a sa sévérité : ses notes sont étirées de sa note la plus basse à sa note la plus haute sur toute l'échelle de la grille.",
					  "Each juror has their own severity: their scores are stretched from their lowest to their highest over the grid's whole scale."));
		break;
	default:
		pdf_paragraph(p, &body, T(c, "Les notes sont prises telles que les jurés les ont données.",
					  "Scores are taken as the jurors gave them."));
		break;
	}
	pdf_paragraph(p, &body, e->agg == PRIZE_AGG_MEDIAN
		? T(c, "Pour chaque critère, la note retenue est la médiane des jurés.", "For each criterion, the score kept is the jurors' median.")
		: e->agg == PRIZE_AGG_TRIMMED
		? T(c, "Pour chaque critère, la note retenue est la moyenne des jurés sans la note la plus haute ni la plus basse à partir de cinq jurés (la moyenne simple en dessous).",
		    "For each criterion, the score kept is the jurors' mean without the highest and the lowest score from five jurors up (the plain mean below).")
		: T(c, "Pour chaque critère, la note retenue est la moyenne des jurés.", "For each criterion, the score kept is the jurors' mean."));
	pdf_paragraph(p, &body, T(c, "Le total sur 100 est la moyenne pondérée des critères, chacun ramené de 0 à 100. Les candidatures sont classées par total décroissant.",
				  "The total out of 100 is the weighted mean of the criteria, each put on 0 to 100. Candidates are ranked by total, highest first."));
	pdf_paragraph(p, &body, T(c, "Sur chaque fiche, la moyenne, le minimum et le maximum d'un critère sont ceux des notes telles que les jurés les ont données ; la note retenue est celle qui compte dans le total, après normalisation et agrégation.",
				  "On each scorecard, a criterion's mean, minimum and maximum are those of the scores as the jurors gave them; the score kept is the one that counts in the total, after normalisation and aggregation."));
	strbuf_reset(&sb);
	strbuf_addstr(&sb, T(c, "En cas d'égalité" FMT_NBSP ": ", "On a tie: "));
	for (k = 0; k < e->ntiebreak; k++) {
		strbuf_reset(&l);
		crit_label(&l, c, e->tiebreak[k]);
		strbuf_addf(&sb, "%s%s%s%s", k ? ", " : T(c, "le critère ", "the criterion "), OQ(c), l.buf, CQ(c));
	}
	strbuf_addstr(&sb, e->ntiebreak ? T(c, ", puis la médiane des totaux des jurés" FMT_NBSP "; les candidatures encore à égalité partagent leur rang (noté 2=).",
					   ", then the median of the jurors' totals; candidates still equal share their rank (shown 2=).")
				       : T(c, "la médiane des totaux des jurés" FMT_NBSP "; les candidatures encore à égalité partagent leur rang (noté 2=).",
					   "the median of the jurors' totals; candidates still equal share their rank (shown 2=)."));
	pdf_paragraph(p, &body, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(c, "Une candidature est signalée au jury quand moins de %zu jurés l'ont notée, quand les totaux de ses jurés s'écartent de plus de %s points en écart-type (« à discuter »), ou quand un juré s'écarte de plus de %s points de la moyenne des autres.",
			   "A candidate is flagged to the jury when fewer than %zu jurors scored it, when its jurors' totals diverge by more than %s points in standard deviation (\"to discuss\"), or when one juror is more than %s points away from the mean of the others."),
		    e->min_jurors, fmt_num(b1, sizeof(b1), e->divergence, 0, c->lang),
		    fmt_num(b2, sizeof(b2), 2 * e->divergence, 0, c->lang));
	pdf_paragraph(p, &body, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&l);
}

/* --- ranking ----------------------------------------------------------------------------- */

/* The lowest and highest total of the jurors of candidate ci. */
static void juror_range(const struct pctx *c, size_t ci, double *lo, double *hi)
{
	size_t j;

	*lo = *hi = NAN;
	for (j = 0; j < c->pd->njuror; j++) {
		double t = c->r->juror_totals[ci * c->pd->njuror + j];

		if (isnan(t))
			continue;
		if (isnan(*lo) || t < *lo)
			*lo = t;
		if (isnan(*hi) || t > *hi)
			*hi = t;
	}
}

static void ranking_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	double w = p->right - p->left;
	struct pdf_col cols[5] = {
		{ T(c, "Rang", "Rank"), w * 0.08, PDF_RIGHT },
		{ T(c, "Candidature", "Candidate"), w * 0.42, PDF_LEFT },
		{ T(c, "Total", "Total"), w * 0.09, PDF_RIGHT },
		{ T(c, "Jurés", "Jurors"), w * 0.08, PDF_RIGHT },
		{ T(c, "Signalements", "Flags"), w * 0.33, PDF_LEFT },
	};
	struct strbuf flags = STRBUF_INIT;
	struct chart_rank *cr = NULL;
	struct pdf_table t;
	size_t i;
	int any_flag = 0;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Le classement", "The ranking")), 80);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	pdf_table_begin(&t, p, cols, 5, 8.5);
	for (i = 0; i < c->pd->ncand; i++) {
		size_t ci = c->r->order[i];
		const struct prize_candidate *cd = &c->r->cand[ci];
		char rank[16], total[32], nj[32];
		const char *row[5];

		rank_text(rank, sizeof(rank), c, i);
		strbuf_reset(&flags);
		flags_text(&flags, c, cd, 1);
		row[0] = rank;
		row[1] = c->pd->cand_name[ci];
		row[2] = fmt_num(total, sizeof(total), cd->total, 1, c->lang);
		snprintf(nj, sizeof(nj), "%zu", cd->njurors);
		row[3] = nj;
		row[4] = flags.buf;
		pdf_table_row(&t, row, 0);
	}
	pdf_table_end(&t);
	pdf_paragraph(p, &small, T(c, "Total sur 100. « 2= » : rang partagé par des candidatures à égalité.",
				   "Total out of 100. \"2=\": a rank shared by tied candidates."));
	if (sec->chart && c->pd->ncand && (cr = calloc(c->pd->ncand, sizeof(*cr)))) {
		char (*ranks)[16] = calloc(c->pd->ncand, sizeof(*ranks));

		if (ranks) {
			for (i = 0; i < c->pd->ncand; i++) {
				size_t ci = c->r->order[i];

				rank_text(ranks[i], sizeof(ranks[i]), c, i);
				cr[i].rank = ranks[i];
				cr[i].label = c->pd->cand_name[ci];
				cr[i].total = c->r->cand[ci].total;
				juror_range(c, ci, &cr[i].lo, &cr[i].hi);
				cr[i].flagged = flagged(c, &c->r->cand[ci]);
				any_flag |= cr[i].flagged;
			}
			pdf_heading(p, 2, T(c, "Les totaux et l'écart entre jurés", "Totals and the spread between jurors"),
				    c->pd->ncand < 40 ? (double)c->pd->ncand * 13 + 30 : 200);
			chart_ranking(p, cr, c->pd->ncand, c->lang,
				      T(c, "Barre : total de la candidature. Trait fin : du total le plus bas au plus haut parmi ses jurés.",
					"Bar: the candidate's total. Thin line: from the lowest to the highest total among its jurors."),
				      any_flag ? T(c, "Candidature signalée au jury (voir les signalements).",
						   "Candidate flagged to the jury (see the flags).")
					       : NULL);
			free(ranks);
		}
		free(cr);
	}
	strbuf_release(&flags);
}

/* --- reliability ------------------------------------------------------------------------- */

static void reliability_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct prize_result *r = c->r;
	double w = p->right - p->left;
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32], b3[32];

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "L'accord entre les jurés", "How far the jurors agree")), 80);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	if (r->kalpha.note == STAT_OK) {
		enum reliability_band band = reliability_band(BAND_KALPHA, r->kalpha.alpha);

		strbuf_addf(&sb, T(c, "Fiabilité du jury" FMT_NBSP ": %s", "Jury reliability: %s"),
			    reliability_band_word(band, c->fr ? "fr" : "en"));
		pdf_paragraph(p, &(struct pdf_style){ 1, 12, 1.3, PDF_TEXT, PDF_LEFT, 0, 2 }, sb.buf);
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "Alpha de Krippendorff = %s. Au-dessus de 0,800 l'accord est bon, de 0,667 à 0,800 il est modéré (à prendre avec prudence), en dessous il est faible (Krippendorff, 2004). Cet indice accepte qu'un juré n'ait pas noté toutes les candidatures.",
				   "Krippendorff's alpha = %s. Above 0.800 agreement is good, from 0.667 to 0.800 moderate (to be taken with care), below that poor (Krippendorff, 2004). This coefficient accepts that a juror did not score every candidate."),
			    fmt_num(b1, sizeof(b1), r->kalpha.alpha, 3, c->lang));
		pdf_paragraph(p, &body, sb.buf);
	} else {
		pdf_paragraph(p, &body, T(c, "La fiabilité du jury n'est pas calculable : trop peu de candidatures notées par au moins deux jurés.",
					  "The jury's reliability cannot be computed: too few candidates scored by two jurors or more."));
	}
	if (r->complete && r->icc.note == STAT_OK) {
		struct pdf_col cols[4] = {
			{ T(c, "Indice", "Coefficient"), w * 0.34, PDF_LEFT },
			{ T(c, "Valeur", "Value"), w * 0.14, PDF_RIGHT },
			{ T(c, "Intervalle à 95 %", "95% interval"), w * 0.26, PDF_RIGHT },
			{ T(c, "Lecture", "Reading"), w * 0.26, PDF_LEFT },
		};
		static const enum icc_form forms[] = { ICC2, ICC2K };
		struct pdf_table t;
		size_t i;

		pdf_paragraph(p, &body, T(c, "Tous les jurés ont noté toutes les candidatures : les coefficients de corrélation intraclasse et le W de Kendall s'appliquent aussi.",
					  "Every juror scored every candidate: the intraclass correlations and Kendall's W apply too."));
		pdf_table_begin(&t, p, cols, 4, 8.5);
		for (i = 0; i < 2; i++) {
			const struct icc_row *row = &r->icc.row[forms[i]];
			char ci[64];
			const char *cells[4];

			snprintf(ci, sizeof(ci), "%s %s %s", fmt_num(b1, sizeof(b1), row->lower, 3, c->lang),
				 T(c, "à", "to"), fmt_num(b2, sizeof(b2), row->upper, 3, c->lang));
			cells[0] = forms[i] == ICC2 ? T(c, "ICC(2,1) : un juré", "ICC(2,1): one juror")
						    : T(c, "ICC(2,k) : le jury entier", "ICC(2,k): the whole jury");
			cells[1] = fmt_num(b3, sizeof(b3), row->icc, 3, c->lang);
			cells[2] = ci;
			cells[3] = reliability_band_word(reliability_band(BAND_ICC, row->icc), c->fr ? "fr" : "en");
			pdf_table_row(&t, cells, 0);
		}
		if (r->kendall.note == STAT_OK) {
			char pv[48];
			const char *cells[4];

			cells[0] = T(c, "W de Kendall (classements)", "Kendall's W (rankings)");
			cells[1] = fmt_num(b1, sizeof(b1), r->kendall.w, 3, c->lang);
			cells[2] = fmt_p(pv, sizeof(pv), r->kendall.p, c->lang);
			cells[3] = reliability_band_word(reliability_band(BAND_KENDALL_W, r->kendall.w), c->fr ? "fr" : "en");
			pdf_table_row(&t, cells, 0);
		}
		pdf_table_end(&t);
		pdf_paragraph(p, &small, T(c, "ICC (Koo et Li, 2016) : moins de 0,50 faible, 0,50 à 0,75 modérée, 0,75 à 0,90 bonne, au-delà excellente. W (Schmidt, 1997) : moins de 0,3 faible, 0,3 à 0,5 modérée, 0,5 à 0,7 bonne, au-delà excellente.",
					   "ICC (Koo and Li, 2016): below 0.50 poor, 0.50 to 0.75 moderate, 0.75 to 0.90 good, above excellent. W (Schmidt, 1997): below 0.3 poor, 0.3 to 0.5 moderate, 0.5 to 0.7 good, above excellent."));
	} else {
		pdf_paragraph(p, &body, T(c, "Les jurés n'ont pas tous noté toutes les candidatures : les corrélations intraclasses et le W de Kendall, qui demandent un tableau complet, ne s'appliquent pas.",
					  "Not every juror scored every candidate: the intraclass correlations and Kendall's W, which need a complete table, do not apply."));
	}
	pdf_paragraph(p, &body, T(c, "Un accord faible ne veut pas dire que le jury se trompe : les jurés ne regardent pas tous la même chose, et c'est à la délibération d'en discuter, en commençant par les candidatures signalées.",
				  "Weak agreement does not mean the jury is wrong: jurors do not all look at the same thing, and the deliberation is where to discuss it, starting with the flagged candidates."));
	strbuf_release(&sb);
}

/* --- flags ---------------------------------------------------------------------------------- */

static void flags_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0, constant = 0;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Les points à discuter", "Points to discuss")), 60);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	for (i = 0; i < c->pd->ncand; i++) {
		size_t ci = c->r->order[i];
		const struct prize_candidate *cd = &c->r->cand[ci];
		char rank[16];

		if (!flagged(c, cd))
			continue;
		rank_text(rank, sizeof(rank), c, i);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "• %s (%s %s)%s", c->pd->cand_name[ci], T(c, "rang", "rank"), rank, COLON(c));
		flags_text(&sb, c, cd, 0);
		strbuf_addch(&sb, '.');
		pdf_paragraph(p, &body, sb.buf);
		n++;
	}
	if (!n)
		pdf_paragraph(p, &body, T(c, "Aucune candidature n'est signalée.", "No candidate is flagged."));
	for (i = 0; i < c->pd->njuror; i++)
		if (c->r->juror[i].not_normalised && c->r->juror[i].nscored)
			constant++;
	if (constant && c->e->norm != PRIZE_NORM_NONE) {
		strbuf_reset(&sb);
		if (constant == 1)
			strbuf_addstr(&sb, T(c, "Un juré a donné partout la même note : ses notes n'ont pas pu être normalisées et sont prises telles quelles.",
					     "One juror gave the same score everywhere: their scores could not be normalised and are taken as given."));
		else
			strbuf_addf(&sb, T(c, "%zu jurés ont donné partout la même note : leurs notes n'ont pas pu être normalisées et sont prises telles quelles.",
					   "%zu jurors gave the same score everywhere: their scores could not be normalised and are taken as given."),
				    constant);
		pdf_paragraph(p, &body, sb.buf);
	}
	strbuf_release(&sb);
}

/* --- what the jurors recommend ----------------------------------------------------------- */

/* "Label 2 · Label 1 · Label 0": a deliberation question's answers for a candidate. */
static void tally_text(struct strbuf *sb, const struct pctx *c, size_t ci, size_t k)
{
	const struct prize_tally *t = &c->pd->tally;
	const struct choice_list *l = t->q[k].q->list;

	for (size_t x = 0; x < l->n; x++) {
		const char *lab = label_in(c, c->grid, &l->v[x].label);

		strbuf_addf(sb, "%s%s%s%zu", x ? "  ·  " : "", lab && *lab ? lab : l->v[x].name,
			    FMT_NBSP, prize_tally_get(t, ci, k, x));
	}
}

/*
 * The deliberation questions of the grid in one table, candidates in
 * ranking order: a column per question, the counts of its choices in the
 * order of the legend above.
 */
static void deliberation_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct prize_tally *t = &c->pd->tally;
	struct strbuf sb = STRBUF_INIT;
	struct pdf_col cols[10];
	struct pdf_table tb;
	double w = p->right - p->left, qw;
	size_t i, k, x, nq = t->nq < 7 ? t->nq : 7;
	char cells[8][48], heads[8][8];

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Les avis des jurés", "What the jurors recommend")), 90);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	if (!nq) {
		pdf_paragraph(p, &body, T(c, "La grille ne pose pas de question de délibération.",
					  "The grid asks no deliberation question."));
		return;
	}
	/* The legend: each question and its choices, in the order of the counts. */
	for (k = 0; k < nq; k++) {
		const struct question *q = t->q[k].q;

		strbuf_reset(&sb);
		strbuf_addf(&sb, "(%zu) %s%s", k + 1, label_in(c, c->grid, &q->label), COLON(c));
		for (x = 0; x < q->list->n; x++) {
			const char *lab = label_in(c, c->grid, &q->list->v[x].label);

			strbuf_addf(&sb, "%s%s", x ? " / " : "", lab && *lab ? lab : q->list->v[x].name);
		}
		pdf_paragraph(p, &small, sb.buf);
	}
	pdf_skip(p, 4);
	qw = (w * 0.40) / (double)nq;
	cols[0] = (struct pdf_col){ T(c, "Rang", "Rank"), w * 0.06, PDF_LEFT };
	cols[1] = (struct pdf_col){ T(c, "Candidature", "Candidate"), w * 0.54, PDF_LEFT };
	for (k = 0; k < nq; k++) {
		snprintf(heads[k], sizeof(heads[k]), "(%zu)", k + 1);
		cols[2 + k] = (struct pdf_col){ heads[k], qw, PDF_RIGHT };
	}
	pdf_table_begin(&tb, p, cols, 2 + nq, 8);
	for (i = 0; i < c->pd->ncand; i++) {
		size_t ci = c->r->order[i];
		const char *row[10];
		char rank[16];

		rank_text(rank, sizeof(rank), c, i);
		row[0] = rank;
		row[1] = c->pd->cand_name[ci];
		for (k = 0; k < nq; k++) {
			size_t used = 0;

			cells[k][0] = '\0';
			for (x = 0; x < t->q[k].q->list->n && used + 16 < sizeof(cells[k]); x++)
				used += (size_t)snprintf(cells[k] + used, sizeof(cells[k]) - used, "%s%zu",
							 x ? " / " : "", prize_tally_get(t, ci, k, x));
			row[2 + k] = cells[k];
		}
		pdf_table_row(&tb, row, 0);
	}
	pdf_table_end(&tb);
	pdf_paragraph(p, &small, T(c, "Nombre de jurés ayant donné chaque réponse, dans l'ordre de la légende ; chaque fiche les détaille.",
				   "Number of jurors who gave each answer, in the order of the legend; each scorecard details them."));
	strbuf_release(&sb);
}

/* --- the meeting's discussion order --------------------------------------------------------- */

/*
 * The order to discuss the candidates in (analysis/discuss: jurors leave
 * the room as seldom as possible), with the jurors out of the room for each.
 */
static void discussion_section(struct pctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct prize_data *pd = c->pd;
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	struct pdf_col cols[3];
	struct pdf_table tb;
	double w = p->right - p->left;
	size_t *order = calloc(pd->ncand + 1, sizeof(*order)), *numbered;
	size_t i, j, exits = 0, plain;
	char pos[24];

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "L'ordre de la délibération",
							       "The order of the deliberation")), 90);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	numbered = calloc(pd->ncand + 1, sizeof(*numbered));
	if (!order || !numbered || discuss_order(pd->conflict, pd->ncand, pd->njuror, order, &exits) < 0) {
		pdf_paragraph(p, &body, T(c, "L'ordre n'a pas pu être calculé (mémoire insuffisante).",
					  "The order could not be computed (out of memory)."));
		free(order);
		free(numbered);
		return;
	}
	for (i = 0; i < pd->ncand; i++)
		numbered[i] = i;
	plain = discuss_exits(pd->conflict, pd->ncand, pd->njuror, numbered);
	if (exits == 0)
		strbuf_addstr(&sb, T(c, "Aucun juré n'a de conflit d'intérêts : personne ne quitte la salle.",
				     "No juror has a conflict of interest: nobody leaves the room."));
	else
		strbuf_addf(&sb, T(c, "Dans cet ordre, un juré quitte la salle %zu fois pendant la délibération "
				      "(%zu fois en suivant les numéros des dossiers) : il sort avant la "
				      "candidature avec laquelle il a un conflit d'intérêts et revient après. "
				      "Qui sort : « utilis jury order », pour la présidence du jury.",
				   "In this order a juror leaves the room %zu times during the deliberation "
				   "(%zu times following the applications' numbers): they leave before the "
				   "candidate they have a conflict of interest with and come back after it. "
				   "Who leaves: 'utilis jury order', for the jury's chair."),
			    exits, plain);
	pdf_paragraph(p, &body, sb.buf);
	if (exits == 0)
		goto done;
	cols[0] = (struct pdf_col){ T(c, "Ordre", "Order"), w * 0.08, PDF_LEFT };
	cols[1] = (struct pdf_col){ T(c, "Candidature", "Candidate"), w * 0.52, PDF_LEFT };
	cols[2] = (struct pdf_col){ T(c, "Jurés hors de la salle", "Jurors out of the room"), w * 0.40, PDF_RIGHT };
	pdf_table_begin(&tb, p, cols, 3, 8);
	for (i = 0; i < pd->ncand; i++) {
		size_t ci = order[i];
		const char *row[3];

		snprintf(pos, sizeof(pos), "%zu", i + 1);
		size_t nout = 0;

		for (j = 0; j < pd->njuror; j++)
			nout += pd->conflict[ci * pd->njuror + j] != 0;
		strbuf_reset(&out);
		if (nout)
			strbuf_addf(&out, "%zu", nout);
		row[0] = pos;
		row[1] = pd->cand_name[ci];
		row[2] = nout ? out.buf : "—";
		pdf_table_row(&tb, row, 0);
	}
	pdf_table_end(&tb);
done:
	strbuf_release(&sb);
	strbuf_release(&out);
	free(order);
	free(numbered);
}

/* --- one page per candidate ---------------------------------------------------------------- */

/* An answer of the application as a reader sees it: choice labels, numbers grouped. */
static void answer_text(struct strbuf *sb, const struct pctx *c, const struct question *q,
			const char *value)
{
	char b[64];

	if (q->list && (q->type == Q_SELECT_ONE || q->type == Q_SELECT_MULTIPLE)) {
		const char *s = value;
		int first = 1;

		while (*s) {
			const char *e = strchr(s, ' ');
			size_t n = e ? (size_t)(e - s) : strlen(s), k;

			for (k = 0; k < q->list->n; k++)
				if (strlen(q->list->v[k].name) == n && !strncmp(q->list->v[k].name, s, n))
					break;
			if (!first)
				strbuf_addstr(sb, c->fr ? " ; " : "; ");
			if (k < q->list->n)
				strbuf_addstr(sb, label_in(c, c->app, &q->list->v[k].label));
			else
				strbuf_add(sb, s, n);
			first = 0;
			s += n;
			while (*s == ' ')
				s++;
		}
		return;
	}
	if (q->type == Q_INTEGER) {
		char *end;
		long long v = strtoll(value, &end, 10);

		if (!*end && v >= 0) {
			strbuf_addstr(sb, fmt_count(b, sizeof(b), (size_t)v, c->lang));
			return;
		}
	}
	strbuf_addstr(sb, value);
}

/* A label without its closing "?", ":" or "." (it is followed by " : " and the answer). */
static void short_label(struct strbuf *sb, const char *l)
{
	size_t n = strlen(l);

	while (n && (l[n - 1] == '?' || l[n - 1] == ':' || l[n - 1] == '.' || l[n - 1] == ' '))
		n--;
	/* a no-break space before "?" or ":" */
	while (n >= 2 && (unsigned char)l[n - 1] == 0xA0 && (unsigned char)l[n - 2] == 0xC2)
		n -= 2;
	strbuf_add(sb, l, n);
}

/*
 * The application's answers in at most sec->lines lines of width w at the
 * cursor, whole answers first: the last one that does not fit is cut with
 * "…" only when it is free text (a number is never cut).  Returns the height.
 */
static double application_block(struct pctx *c, const struct report_section *sec, size_t ci, double w)
{
	struct pdf *p = c->p;
	const struct report_prize *rp = c->in->prize;
	const struct prize_texts *tx = c->texts;
	struct pdf_style st = { 0, 8.8, 1.3, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style head = { 1, 11.5, 1.25, PDF_ACCENT, PDF_LEFT, 0, 3 };
	struct strbuf sb = STRBUF_INIT;
	double y = p->y;
	size_t k, used = 0, max = (size_t)sec->lines;

	if (!tx || tx->nsummary <= c->e->ncandidate_name)
		return 0;
	y -= pdf_text_box(p, &head, p->left, y, w, T(c, "Le partenariat", "The partnership"), 1) + head.after;
	for (k = c->e->ncandidate_name; k < tx->nsummary && used < max; k++) {
		const char *v = tx->summary[ci * tx->nsummary + k];
		const struct question *q = survey_find(c->app, rp->summary[k]);
		const char *label;
		long n;

		if (!v || !q)
			continue;
		label = label_in(c, c->app, &q->label);
		strbuf_reset(&sb);
		short_label(&sb, label ? label : q->name);
		strbuf_addstr(&sb, COLON(c));
		answer_text(&sb, c, q, v);
		n = pdf_wrap(p, &st, sb.buf, w);
		if (n <= 0)
			continue;
		if (used + (size_t)n > max && q->type != Q_TEXT)
			break;
		y -= pdf_text_box(p, &st, p->left, y, w, sb.buf, max - used);
		used += (size_t)n < max - used ? (size_t)n : max - used;
	}
	strbuf_release(&sb);
	return p->y - y;
}

/* The small radar of a candidate's criteria (score kept, on 0-100). */
static void criteria_radar(struct pctx *c, const struct prize_candidate *cd, double x, double ytop,
			   double w, double h)
{
	const struct edition *e = c->e;
	const char **axes = calloc(e->ncrit, sizeof(char *));
	struct strbuf *labels = calloc(e->ncrit, sizeof(struct strbuf));
	double *v = calloc(e->ncrit, sizeof(double));
	size_t k;

	if (axes && labels && v) {
		struct chart_series s = { T(c, "Note retenue", "Score kept"), v, PDF_ACCENT };

		for (k = 0; k < e->ncrit; k++) {
			strbuf_init(&labels[k], 0);
			crit_label(&labels[k], c, k);
			axes[k] = labels[k].buf;
			v[k] = 100 * (cd->crit[k].agg - e->lo) / (e->hi - e->lo);
		}
		chart_radar(c->p, x, ytop, w, h, axes, e->ncrit, &s, 1, 6.3, 0);
	}
	for (k = 0; labels && k < e->ncrit; k++)
		strbuf_release(&labels[k]);
	free(labels);
	free(axes);
	free(v);
}

static void candidate_page(struct pctx *c, const struct report_section *sec, size_t i)
{
	struct pdf *p = c->p;
	const struct report_prize *rp = c->in->prize;
	const struct edition *e = c->e;
	size_t ci = c->r->order[i], k, nnames = e->ncandidate_name;
	const struct prize_candidate *cd = &c->r->cand[ci];
	const struct prize_texts *tx = c->texts;
	struct strbuf sb = STRBUF_INIT, l = STRBUF_INIT;
	double w = p->right - p->left;
	char rank[16], b1[32], b2[32], b3[32], b4[32];
	int show_agg = e->norm != PRIZE_NORM_NONE || e->agg != PRIZE_AGG_MEAN;

	if (p->page && p->y < p->top)
		pdf_new_page(p);
	rank_text(rank, sizeof(rank), c, i);
	pdf_heading(p, 1, c->pd->cand_name[ci], 200);
	/* Its number, then the questions that name it (association, company), on one line. */
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(c, "Candidature n° %lld", "Candidate no. %lld"), (long long)c->pd->cand_id[ci]);
	for (k = 0; tx && k < nnames && k < tx->nsummary; k++) {
		const char *v = tx->summary[ci * tx->nsummary + k];
		const struct question *q = survey_find(c->app, rp->summary[k]);

		if (!v || !q)
			continue;
		strbuf_addf(&sb, "%s%s%s%s", sb.len ? "   ·   " : "", label_in(c, c->app, &q->label), COLON(c), v);
	}
	if (sb.len)
		pdf_paragraph(p, &(struct pdf_style){ 0, 9, 1.3, PDF_GREY, PDF_LEFT, 0, 1 }, sb.buf);
	pdf_skip(p, 4);
	/* Total and rank, the key figures. */
	strbuf_reset(&sb);
	if (cd->rank)
		strbuf_addf(&sb, T(c, "Total" FMT_NBSP ": %s sur 100 — rang %s sur %zu", "Total: %s out of 100 — rank %s of %zu"),
			    fmt_num(b1, sizeof(b1), cd->total, 1, c->lang), rank, c->pd->ncand);
	else
		strbuf_addstr(&sb, T(c, "Pas encore de total : aucune note.", "No total yet: no score."));
	pdf_rect(p, p->left, p->y - 22, w, 22, 0xe8eef5);
	pdf_text_box(p, &(struct pdf_style){ 1, 12.5, 1.2, PDF_ACCENT, PDF_LEFT, 0, 0 }, p->left + 8, p->y - 3.5,
		     w - 16, sb.buf, 1);
	pdf_skip(p, 28);
	/* The partnership in a few lines of the application, and a small radar beside it. */
	{
		double top = p->y, left_h, radar_h = 0, lw = w * 0.60;

		left_h = application_block(c, sec, ci, lw);
		if (e->ncrit >= 3 && cd->njurors) {
			radar_h = 140;
			criteria_radar(c, cd, p->left + w * 0.62, top, w * 0.38, radar_h);
		}
		p->y = top - (left_h > radar_h ? left_h : radar_h) - 6;
	}
	/* The criteria. */
	{
		struct pdf_col cols[6];
		struct pdf_table t;
		size_t nc = 0, col;
		double crit_w = show_agg ? 0.45 : 0.59;

		cols[nc++] = (struct pdf_col){ T(c, "Critère", "Criterion"), w * crit_w, PDF_LEFT };
		cols[nc++] = (struct pdf_col){ T(c, "Poids", "Weight"), w * 0.08, PDF_RIGHT };
		cols[nc++] = (struct pdf_col){ T(c, "Moyenne", "Mean"), w * 0.11, PDF_RIGHT };
		cols[nc++] = (struct pdf_col){ T(c, "Min – max", "Min – max"), w * 0.13, PDF_RIGHT };
		cols[nc++] = (struct pdf_col){ T(c, "Jurés", "Jurors"), w * 0.09, PDF_RIGHT };
		if (show_agg)
			cols[nc++] = (struct pdf_col){ T(c, "Note retenue", "Score kept"), w * 0.14, PDF_RIGHT };
		pdf_heading(p, 2, T(c, "Les critères", "The criteria"), 90);
		pdf_table_begin(&t, p, cols, nc, 8);
		for (k = 0; k < e->ncrit; k++) {
			const struct prize_criterion_stats *st = &cd->crit[k];
			char mm[80], n[16], w1[32];
			const char *row[6];

			strbuf_reset(&l);
			crit_label(&l, c, k);
			col = 0;
			row[col++] = l.buf;
			row[col++] = fmt_num(w1, sizeof(w1), e->crit[k].weight, e->crit[k].weight == floor(e->crit[k].weight) ? 0 : 1, c->lang);
			row[col++] = fmt_num(b1, sizeof(b1), st->mean, 2, c->lang);
			if (st->n)
				snprintf(mm, sizeof(mm), "%s – %s", fmt_num(b2, sizeof(b2), st->min, 0, c->lang),
					 fmt_num(b3, sizeof(b3), st->max, 0, c->lang));
			else
				snprintf(mm, sizeof(mm), "%s", FMT_DASH);
			row[col++] = mm;
			snprintf(n, sizeof(n), "%zu", st->n);
			row[col++] = n;
			if (show_agg)
				row[col++] = fmt_num(b4, sizeof(b4), st->agg, 2, c->lang);
			pdf_table_row(&t, row, 0);
		}
		{
			const char *row[6] = { NULL };
			char nj[16];

			snprintf(nj, sizeof(nj), "%zu", cd->njurors);
			row[0] = T(c, "Total sur 100", "Total out of 100");
			row[4] = nj;
			row[nc - 1] = fmt_num(b1, sizeof(b1), cd->total, 1, c->lang);
			pdf_table_row(&t, row, 1);
		}
		pdf_table_end(&t);
	}
	/* The flags. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, T(c, "Signalements" FMT_NBSP ": ", "Flags: "));
	if (!flags_text(&sb, c, cd, 1))
		strbuf_addstr(&sb, T(c, "aucun", "none"));
	strbuf_addch(&sb, '.');
	pdf_paragraph(p, &(struct pdf_style){ 1, 9.5, 1.3, flagged(c, cd) ? 0xB04000 : PDF_TEXT, PDF_LEFT, 0, 4 }, sb.buf);
	/* What the jurors recommend: each deliberation question, its answers counted, a line each. */
	for (k = 0; k < c->pd->tally.nq; k++) {
		strbuf_reset(&l);
		strbuf_addf(&l, "%s%s", label_in(c, c->grid, &c->pd->tally.q[k].q->label), COLON(c));
		tally_text(&l, c, ci, k);
		pdf_paragraph(p, &(struct pdf_style){ 0, 8.5, 1.25, PDF_TEXT, PDF_LEFT, 0, k + 1 == c->pd->tally.nq ? 4 : 0 },
			      l.buf);
	}
	/* The jurors' comments, without their names, grouped by question. */
	if (tx && rp->ncomments) {
		size_t a = tx->first[ci], z = tx->first[ci + 1];
		struct pdf_style quote = { 0, 8.3, 1.28, PDF_TEXT, PDF_LEFT, 10, 2 };
		struct pdf_style qhead = { 1, 8, 1.3, PDF_GREY, PDF_LEFT, 0, 1 };

		strbuf_reset(&sb);
		if (a == z)
			strbuf_addstr(&sb, T(c, "Ce qu'en disent les jurés : aucun commentaire", "What the jurors say: no comment"));
		else
			strbuf_addf(&sb, T(c, "Ce qu'en disent les jurés (%zu commentaire%s, sans leur auteur)",
					   "What the jurors say (%zu comment%s, unsigned)"), z - a, z - a > 1 ? "s" : "");
		pdf_heading(p, 2, sb.buf, 40);
		/* One paragraph per question: the comments one after the other, in quotes. */
		for (k = a; k < z;) {
			size_t q0 = tx->c[k].question, m;
			const struct question *gq = survey_find(c->grid, rp->comments[q0]);
			double h;

			strbuf_reset(&sb);
			for (m = k; m < z && tx->c[m].question == q0; m++)
				strbuf_addf(&sb, "%s%s%s%s", m > k ? "   " : "", OQ(c), tx->c[m].text, CQ(c));
			h = pdf_text_height(p, &qhead, "x", w) + pdf_text_height(p, &quote, sb.buf, w - quote.indent);
			if (pdf_need(p, h < p->top - p->bottom ? h : 40)) {
				struct strbuf cont = STRBUF_INIT;

				strbuf_addf(&cont, T(c, "%s (suite)", "%s (continued)"), c->pd->cand_name[ci]);
				pdf_paragraph(p, &small, cont.buf);
				strbuf_release(&cont);
			}
			pdf_paragraph(p, &qhead, gq ? label_in(c, c->grid, &gq->label) : rp->comments[q0]);
			pdf_paragraph(p, &quote, sb.buf);
			k = m;
		}
	}
	strbuf_release(&sb);
	strbuf_release(&l);
}

void report_prize_section(struct pdf *p, const struct report_input *in,
			  const struct report_section *s)
{
	struct pctx c;
	size_t i;

	c.p = p;
	c.in = in;
	c.pd = in->prize->pd;
	c.e = c.pd->e;
	c.r = in->prize->res;
	c.rb = in->prize->robust;
	c.texts = in->prize->texts;
	c.app = c.pd->src.forms[0].latest;
	c.grid = c.pd->src.forms[1].latest;
	c.lang = in->lang;
	c.fr = fmt_is_fr(in->lang);
	switch (s->type) {
	case SEC_METHOD:
		method_section(&c, s);
		break;
	case SEC_RANKING:
		ranking_section(&c, s);
		break;
	case SEC_RELIABILITY:
		reliability_section(&c, s);
		break;
	case SEC_FLAGS:
		flags_section(&c, s);
		break;
	case SEC_DELIBERATION:
		deliberation_section(&c, s);
		break;
	case SEC_DISCUSSION:
		discussion_section(&c, s);
		break;
	case SEC_SCORECARDS:
		for (i = 0; i < c.pd->ncand; i++)
			candidate_page(&c, s, i);
		break;
	default:
		break;
	}
}
