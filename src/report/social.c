/*
 * social: the sections of the social-utility report for the pilot group,
 * written from the results of an indicator set — the method note
 * (generated from the set and its surveys: items, scales, respondents,
 * reliability, the suppression rule), the radar of the dimensions with its
 * values, the composite index, one page per dimension (its score by group
 * with intervals, the comparison between groups in a plain sentence, the
 * agreement with each statement as diverging bars), the comparisons
 * gathered, and the reliability table.
 *
 * Groups and cells the analysis suppressed are left out of every table,
 * chart and sentence: only the rule is stated, never the group.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/output.h"
#include "report/chart.h"
#include "report/fmt.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/strbuf.h"

#define T(c, f, e) ((c)->fr ? (f) : (e))
/* Opening and closing quotes of a quoted label. */
#define OQ(c) ((c)->fr ? "«" FMT_NBSP : "“")
#define CQ(c) ((c)->fr ? FMT_NBSP "»" : "”")
#define COLON(c) ((c)->fr ? FMT_NBSP ": " : ": ")

/* Groups drawn on the radar and in its table at most (the palette stays readable). */
#define RADAR_GROUPS 4

struct sctx {
	struct pdf *p;				/* the document */
	const struct report_input *in;		/* everything */
	const struct report_ind *ri;		/* the indicator results */
	const struct indicator_set *set;	/* their set */
	const struct ind_result *r;		/* the results */
	const char *lang;			/* language */
	int fr;					/* French */
	int min_group;				/* the suppression rule applied */
};

static const struct pdf_style body = { 0, 10.5, 1.38, PDF_TEXT, PDF_LEFT, 0, 6 };
static const struct pdf_style small = { 0, 8.5, 1.3, PDF_GREY, PDF_LEFT, 0, 4 };
static const struct pdf_style keyfig = { 1, 12, 1.3, PDF_TEXT, PDF_LEFT, 0, 2 };

static const char *dim_label(const struct sctx *c, size_t d)
{
	const char *l = an_text_get(&c->set->dims[d].label, c->lang);

	return l ? l : c->set->dims[d].id;
}

static int group_shown(const struct ind_group *g)
{
	return g->note != STAT_SUPPRESSED;
}

static int cell_shown(const struct ind_cell *cell)
{
	return cell->note != STAT_SUPPRESSED && cell->value.n > 0 && !isnan(cell->score);
}

/* The label of a group as a column or legend heading. */
static const char *group_label(const struct sctx *c, const struct ind_group *g)
{
	const char *l;

	if (!g->key && !g->no_answer)
		return T(c, "Ensemble", "Everyone");
	if (g->no_answer)
		return T(c, "Sans réponse", "No answer");
	l = an_text_get(&g->label, c->lang);
	return l ? l : g->key;
}

/* A group as the subject of a sentence: the layout's name, else the label in quotes. */
static void group_phrase(struct strbuf *sb, const struct sctx *c, const struct ind_group *g,
			 int capital)
{
	const struct report_layout *l = c->in->layout;
	struct strbuf tmp = STRBUF_INIT;
	size_t i;

	for (i = 0; g->key && i < l->ngroups; i++)
		if (!strcmp(l->groups[i].key, g->key)) {
			strbuf_addstr(&tmp, an_text_get(&l->groups[i].name, c->lang));
			break;
		}
	if (i == l->ngroups || !g->key)
		strbuf_addf(&tmp, "%s%s%s%s", T(c, "les répondants ", "respondents "), OQ(c),
			    group_label(c, g), CQ(c));
	if (capital)
		fmt_add_capitalised(sb, tmp.buf);
	else
		strbuf_addstr(sb, tmp.buf);
	strbuf_release(&tmp);
}

/* The question text of the breakdown, or what a pseudo-breakdown is. */
static void by_phrase(struct strbuf *sb, const struct sctx *c)
{
	const char *by = c->r->by;
	size_t i;

	if (!by)
		return;
	if (!strcmp(by, "_group")) {
		strbuf_addstr(sb, T(c, "le groupe des répondants", "the respondents' group"));
		return;
	}
	if (!strcmp(by, "_wave")) {
		strbuf_addstr(sb, T(c, "la vague de collecte (avant, après)", "the collection wave (before, after)"));
		return;
	}
	if (!strcmp(by, "_survey")) {
		strbuf_addstr(sb, T(c, "le questionnaire rempli", "the questionnaire answered"));
		return;
	}
	for (i = 0; i < c->set->nsurveys; i++) {
		const struct survey *s = c->ri->surveys[i];
		const struct question *q = survey_find(s, by);
		int li = survey_lang(s, c->lang);
		const char *t;

		if (!q)
			continue;
		t = label_get(s, &q->label, li < 0 ? s->default_lang : (size_t)li);
		if (t) {
			strbuf_addf(sb, T(c, "la réponse à la question %s%s%s", "the answer to the question %s%s%s"),
				    OQ(c), t, CQ(c));
			return;
		}
	}
	/* A question without a text (a calculation): name its groups instead. */
	if (c->r->by_kind == BY_CATEGORY && c->r->ngroups) {
		size_t n = 0;

		strbuf_addstr(sb, T(c, "le groupe de chaque répondant (", "each respondent's group ("));
		for (i = 0; i < c->r->ngroups; i++) {
			const struct ind_group *g = &c->r->groups[i];

			if (!group_shown(g) || g->no_answer)
				continue;
			strbuf_addf(sb, "%s%s%s%s", n ? T(c, " ou ", " or ") : "", OQ(c), group_label(c, g), CQ(c));
			n++;
		}
		strbuf_addch(sb, ')');
		return;
	}
	strbuf_addf(sb, T(c, "la réponse à %s", "the answer to %s"), by);
}

/* The colour of a group, the same in every chart: its place among the groups shown. */
static unsigned group_color(const struct sctx *c, const struct ind_group *g)
{
	size_t i, k = 0;

	if (g->no_answer)
		return 0xAAAAAA;
	for (i = 0; i < c->r->ngroups && &c->r->groups[i] != g; i++)
		if (group_shown(&c->r->groups[i]) && !c->r->groups[i].no_answer)
			k++;
	return chart_color(k);
}

/* A group as a column heading or in a legend: the layout's name with a capital, else its label. */
static const char *group_heading(struct strbuf *sb, const struct sctx *c, const struct ind_group *g)
{
	const struct report_layout *l = c->in->layout;
	size_t i;

	strbuf_reset(sb);
	for (i = 0; g->key && i < l->ngroups; i++)
		if (!strcmp(l->groups[i].key, g->key)) {
			fmt_add_capitalised(sb, an_text_get(&l->groups[i].name, c->lang));
			return sb->buf;
		}
	strbuf_addstr(sb, group_label(c, g));
	return sb->buf;
}

/* "8,2 points" */
static void points(struct strbuf *sb, const struct sctx *c, double v)
{
	char b[32];

	strbuf_addf(sb, "%s point%s", fmt_num(b, sizeof(b), v, 1, c->lang),
		    fabs(v) >= 2 || !c->fr ? "s" : "");
}

/*
 * The comparison of dimension d between groups, in a plain sentence
 * (nothing when there is no breakdown).  Returns 1 when a sentence was
 * written.
 */
static int compare_sentence(struct strbuf *sb, const struct sctx *c, size_t d)
{
	const struct ind_result *r = c->r;
	const struct ind_compare *cmp = r->cmp ? &r->cmp[d] : NULL;
	const struct ind_group *g[64];
	char b1[32], b2[32], pv[48];
	size_t n = 0, i;

	if (!cmp)
		return 0;
	if (r->by_kind == BY_NUMBER) {
		const struct test_result *t = &cmp->corr;
		struct strbuf q = STRBUF_INIT;

		by_phrase(&q, c);
		if (t->note != STAT_OK) {
			strbuf_addf(sb, T(c, "Le lien avec %s ne peut pas être mesuré ici (trop peu de réponses).",
					  "The link with %s cannot be measured here (too few answers)."), q.buf);
		} else if (t->p < 0.05) {
			strbuf_addf(sb, T(c, "Plus %s est élevée, plus le score est %s (rho de Spearman = %s, %s).",
					  "The higher %s, the %s the score (Spearman's rho = %s, %s)."),
				    q.buf, t->estimate > 0 ? T(c, "élevé", "higher") : T(c, "bas", "lower"),
				    fmt_num(b1, sizeof(b1), t->estimate, 2, c->lang),
				    fmt_p(pv, sizeof(pv), t->p, c->lang));
		} else {
			strbuf_addf(sb, T(c, "Le score ne varie pas nettement avec %s (rho de Spearman = %s, %s).",
					  "The score does not clearly vary with %s (Spearman's rho = %s, %s)."),
				    q.buf, fmt_num(b1, sizeof(b1), t->estimate, 2, c->lang),
				    fmt_p(pv, sizeof(pv), t->p, c->lang));
		}
		strbuf_release(&q);
		return 1;
	}
	for (i = 0; i < r->ngroups && n < 64; i++)
		if (group_shown(&r->groups[i]) && !r->groups[i].no_answer &&
		    cell_shown(&r->groups[i].cells[d]))
			g[n++] = &r->groups[i];
	if (n < 2 || cmp->param.note != STAT_OK) {
		strbuf_addstr(sb, T(c, "Les groupes ne peuvent pas être comparés ici : trop peu de réponses dans les groupes montrés.",
				    "The groups cannot be compared here: too few answers in the groups shown."));
		return 1;
	}
	fmt_p(pv, sizeof(pv), cmp->param.p, c->lang);
	if (n == 2) {
		const struct ind_group *hi = g[0], *lo = g[1];
		double diff;

		if (lo->cells[d].score > hi->cells[d].score) {
			hi = g[1];
			lo = g[0];
		}
		diff = hi->cells[d].score - lo->cells[d].score;
		if (cmp->param.p < 0.05) {
			group_phrase(sb, c, hi, 1);
			strbuf_addstr(sb, T(c, " donnent un score plus élevé que ", " give a higher score than "));
			group_phrase(sb, c, lo, 0);
			strbuf_addstr(sb, T(c, " (différence de ", " (a difference of "));
			points(sb, c, diff);
			strbuf_addf(sb, ", %s).", pv);
		} else {
			strbuf_addstr(sb, T(c, "La différence entre ", "The difference between "));
			group_phrase(sb, c, hi, 0);
			strbuf_addf(sb, " (%s)%s", fmt_num(b1, sizeof(b1), hi->cells[d].score, 1, c->lang),
				    T(c, " et ", " and "));
			group_phrase(sb, c, lo, 0);
			strbuf_addf(sb, " (%s) ", fmt_num(b2, sizeof(b2), lo->cells[d].score, 1, c->lang));
			strbuf_addstr(sb, T(c, "n'est pas nette (", "is not clear-cut ("));
			points(sb, c, diff);
			strbuf_addf(sb, ", %s)%s", pv,
				    T(c, FMT_NBSP ": elle peut tenir au hasard.", ": it may be due to chance."));
		}
		return 1;
	}
	{
		const struct ind_group *hi = g[0], *lo = g[0];

		for (i = 1; i < n; i++) {
			if (g[i]->cells[d].score > hi->cells[d].score)
				hi = g[i];
			if (g[i]->cells[d].score < lo->cells[d].score)
				lo = g[i];
		}
		if (cmp->param.p < 0.05) {
			strbuf_addf(sb, T(c, "Les scores diffèrent nettement d'un groupe à l'autre (%s)" FMT_NBSP ": le plus élevé est donné par ",
					  "Scores clearly differ between groups (%s): the highest is given by "),
				    pv);
			group_phrase(sb, c, hi, 0);
			strbuf_addf(sb, " (%s), %s", fmt_num(b1, sizeof(b1), hi->cells[d].score, 1, c->lang),
				    T(c, "le plus bas par ", "the lowest by "));
			group_phrase(sb, c, lo, 0);
			strbuf_addf(sb, " (%s).", fmt_num(b2, sizeof(b2), lo->cells[d].score, 1, c->lang));
		} else {
			strbuf_addf(sb, T(c, "Les scores ne diffèrent pas nettement d'un groupe à l'autre (%s)" FMT_NBSP "; ils vont de %s (",
					  "Scores do not clearly differ between groups (%s); they range from %s ("),
				    pv, fmt_num(b1, sizeof(b1), lo->cells[d].score, 1, c->lang));
			group_phrase(sb, c, lo, 0);
			strbuf_addf(sb, T(c, ") à %s (", ") to %s ("),
				    fmt_num(b2, sizeof(b2), hi->cells[d].score, 1, c->lang));
			group_phrase(sb, c, hi, 0);
			strbuf_addstr(sb, ").");
		}
	}
	return 1;
}

/*
 * The way travelled in dimension d by the people of a panel who answered
 * two successive waves (by _wave on a panel survey), one sentence per two
 * waves: "Entre 2024 et 2025, parmi les 40 personnes qui ont répondu deux
 * fois, 28 ont progressé ; en moyenne +6,3 points (…)".  Returns 1 when
 * something was written.
 */
static int travelled_sentence(struct strbuf *sb, const struct sctx *c, size_t d)
{
	const struct ind_result *r = c->r;
	char b1[32], b2[32], b3[32], b4[32], pv[48];
	int any = 0;

	for (size_t i = 0; r->panel && i < r->npaired; i++) {
		const struct ind_paired *P = &r->paired[i];
		const struct ind_paired_dim *pd = &P->dims[d];

		if (any)
			strbuf_addch(sb, ' ');
		any = 1;
		strbuf_addf(sb, T(c, "Entre %s et %s, ", "Between %s and %s, "),
			    group_label(c, &r->groups[P->from]), group_label(c, &r->groups[P->to]));
		ind_paired_sentence(sb, pd, c->min_group, c->lang);
		if (pd->note != STAT_OK || pd->t.note != STAT_OK) {
			strbuf_addch(sb, '.');
			continue;
		}
		strbuf_addstr(sb, T(c, " ; en moyenne ", "; on average "));
		strbuf_addstr(sb, pd->diff > 0 ? "+" : "");
		points(sb, c, pd->diff);
		fmt_p(pv, sizeof(pv), pd->t.p, c->lang);
		strbuf_addf(sb, T(c, " (de %s à %s, intervalle de confiance %s à %s ; test t apparié, %s)",
				  " (from %s to %s, confidence interval %s to %s; paired t test, %s)"),
			    fmt_num(b1, sizeof(b1), pd->before, 1, c->lang),
			    fmt_num(b2, sizeof(b2), pd->after, 1, c->lang),
			    fmt_num(b3, sizeof(b3), pd->diff_lo, 1, c->lang),
			    fmt_num(b4, sizeof(b4), pd->diff_hi, 1, c->lang), pv);
		if (pd->t.p >= 0.05)
			strbuf_addstr(sb, T(c, FMT_NBSP ": l'écart peut tenir au hasard.",
					    ": the change may be due to chance."));
		else if (pd->diff > 0)
			strbuf_addstr(sb, T(c, FMT_NBSP ": un progrès net.", ": a clear progress."));
		else
			strbuf_addstr(sb, T(c, FMT_NBSP ": un recul net.", ": a clear decline."));
	}
	return any;
}

/* Something of the breakdown is hidden: a group or a cell of dimension d (d < 0: any). */
static int something_hidden(const struct sctx *c, long d)
{
	size_t i, k;

	for (i = 0; i < c->r->ngroups; i++) {
		const struct ind_group *g = &c->r->groups[i];

		if (!group_shown(g))
			return 1;
		for (k = 0; k < c->set->ndims; k++)
			if ((d < 0 || (size_t)d == k) && g->cells[k].note == STAT_SUPPRESSED)
				return 1;
	}
	return 0;
}

static void hidden_note(const struct sctx *c)
{
	char b[256];

	snprintf(b, sizeof(b),
		 T(c, "Les groupes de moins de %d personnes ne sont pas montrés, pour que personne ne puisse être reconnu.",
		   "Groups of fewer than %d people are not shown, so that nobody can be recognised."),
		 c->min_group);
	pdf_paragraph(c->p, &small, b);
}

/* The reliability of dimension d on form f, or NULL. */
static const struct ind_reliability *reliability_of(const struct sctx *c, size_t d, size_t f)
{
	size_t i;

	for (i = 0; i < c->r->nrel; i++)
		if (c->r->rel[i].dim == d && c->r->rel[i].form == f)
			return &c->r->rel[i];
	return NULL;
}

/* "0,78 (acceptable)", or a dash with the reason. */
static void alpha_text(struct strbuf *sb, const struct sctx *c, const struct ind_reliability *rel)
{
	char b[32];

	if (!rel || rel->note == STAT_SUPPRESSED) {
		strbuf_addstr(sb, FMT_DASH);
		return;
	}
	if (rel->alpha.note == STAT_ONE_ITEM) {
		strbuf_addstr(sb, T(c, "– (un seul item)", "– (a single item)"));
		return;
	}
	if (rel->alpha.note != STAT_OK) {
		strbuf_addstr(sb, FMT_DASH);
		return;
	}
	strbuf_addf(sb, "%s (%s)", fmt_num(b, sizeof(b), rel->alpha.raw, 2, c->lang),
		    report_alpha_word(rel->alpha.raw, c->lang));
}

/* The latest model's question of an item, in the first survey that has it. */
static const struct question *item_question(const struct sctx *c, const char *name, size_t *form)
{
	size_t i;

	for (i = 0; i < c->set->nsurveys; i++) {
		const struct question *q = survey_find(c->ri->surveys[i], name);

		if (q) {
			if (form)
				*form = i;
			return q;
		}
	}
	return NULL;
}

static const char *label_in(const struct sctx *c, const struct survey *s, const struct label *l)
{
	int li = survey_lang(s, c->lang);

	return label_get(s, l, li < 0 ? s->default_lang : (size_t)li);
}

/* --- the key points ------------------------------------------------------------------- */

/* The groups compared in dimension d: shown, not "no answer", with a score.  Their number. */
static size_t compared_groups(const struct sctx *c, size_t d, const struct ind_group **g, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < c->r->ngroups && n < max; i++)
		if (group_shown(&c->r->groups[i]) && !c->r->groups[i].no_answer &&
		    cell_shown(&c->r->groups[i].cells[d]))
			g[n++] = &c->r->groups[i];
	return n;
}

/* The highest and lowest of n groups in dimension d. */
static void group_extremes(const struct ind_group *const *g, size_t n, size_t d,
			   const struct ind_group **hi, const struct ind_group **lo)
{
	size_t i;

	*hi = *lo = g[0];
	for (i = 1; i < n; i++) {
		if (g[i]->cells[d].score > (*hi)->cells[d].score)
			*hi = g[i];
		if (g[i]->cells[d].score < (*lo)->cells[d].score)
			*lo = g[i];
	}
}

/* A dimension's groups differ clearly (p < 0.05 between at least two groups shown). */
static int clear_difference(const struct sctx *c, size_t d)
{
	const struct ind_group *g[64];
	const struct ind_compare *cmp = c->r->cmp ? &c->r->cmp[d] : NULL;

	if (!cmp || c->r->by_kind != BY_CATEGORY || compared_groups(c, d, g, 64) < 2 ||
	    cmp->param.note != STAT_OK)
		return 0;
	return cmp->param.p < 0.05;
}

/* "« Label »" */
static void quoted(struct strbuf *sb, const struct sctx *c, const char *text)
{
	strbuf_addf(sb, "%s%s%s", OQ(c), text, CQ(c));
}

static void bullet(struct sctx *c, struct strbuf *sb)
{
	struct pdf_style st = body;

	st.size = 11;
	st.after = 9;
	pdf_paragraph(c->p, &st, sb->buf);
	strbuf_reset(sb);
}

/*
 * "L'essentiel": the few things a reader should take away, each in one
 * plain sentence with the figure behind it — who answered, the overall
 * index, the most and least recognised dimensions, where the groups
 * differ, and which dimensions to read with caution.  Only figures shown
 * elsewhere in the report are used: suppressed groups and cells stay out.
 */
static void summary_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct ind_result *r = c->r;
	const struct ind_composite *cp = &r->all.composite;
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32], b3[32];
	size_t d, i, n, ndims = c->set->ndims, nclear = 0, ncompared = 0, nweak = 0, nrel = 0;
	long best = -1, worst = -1;
	double amin = NAN, amax = NAN;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "L'essentiel", "Key points")), 200);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	/* Who answered. */
	fmt_count(b1, sizeof(b1), r->nresp, c->lang);
	if (c->fr)
		strbuf_addf(&sb, r->nresp > 1 ? "• %s personnes ont répondu" : "• %s personne a répondu", b1);
	else
		strbuf_addf(&sb, r->nresp > 1 ? "• %s people answered" : "• %s person answered", b1);
	n = 0;
	if (r->by_kind == BY_CATEGORY) {
		size_t nshown = 0;

		for (i = 0; i < r->ngroups; i++)
			if (group_shown(&r->groups[i]) && !r->groups[i].no_answer)
				nshown++;
		for (i = 0; nshown >= 2 && nshown <= 6 && i < r->ngroups; i++) {
			const struct ind_group *g = &r->groups[i];

			if (!group_shown(g) || g->no_answer)
				continue;
			strbuf_addstr(&sb, n == 0 ? T(c, ", dont ", ": ") : n + 1 == nshown ? T(c, " et ", " and ") : ", ");
			strbuf_addf(&sb, T(c, "%s parmi ", "%s among "), fmt_count(b1, sizeof(b1), g->n, c->lang));
			group_phrase(&sb, c, g, 0);
			n++;
		}
	}
	strbuf_addch(&sb, '.');
	bullet(c, &sb);
	/* The overall index. */
	if (r->has_composite && cp->note == STAT_OK && !isnan(cp->score)) {
		strbuf_addf(&sb, T(c, "• Dans l'ensemble, l'indice composite est de %s sur 100",
				   "• Overall, the composite index is %s out of 100"),
			    fmt_num(b1, sizeof(b1), cp->score, 1, c->lang));
		if (cp->boot.note == STAT_OK)
			strbuf_addf(&sb, T(c, " (très probablement entre %s et %s)", " (very probably between %s and %s)"),
				    fmt_num(b2, sizeof(b2), cp->boot.lo, 1, c->lang),
				    fmt_num(b3, sizeof(b3), cp->boot.hi, 1, c->lang));
		strbuf_addf(&sb, T(c, "%s0 voudrait dire que tout le monde est en désaccord avec les affirmations, 100 que tout le monde est d'accord.",
				   "%s0 would mean that everyone disagrees with the statements, 100 that everyone agrees."),
			    COLON(c));
		bullet(c, &sb);
	}
	/* The most and the least recognised dimensions. */
	for (d = 0; d < ndims; d++) {
		const struct ind_cell *cell = &r->all.cells[d];

		if (!cell_shown(cell) || c->set->dims[d].norm == NORM_UNSCORED)
			continue;
		if (best < 0 || cell->score > r->all.cells[best].score)
			best = (long)d;
		if (worst < 0 || cell->score < r->all.cells[worst].score)
			worst = (long)d;
	}
	if (best >= 0 && worst >= 0 && best != worst) {
		strbuf_addstr(&sb, T(c, "• La dimension la plus reconnue" FMT_NBSP ": ", "• The most recognised dimension: "));
		quoted(&sb, c, dim_label(c, (size_t)best));
		strbuf_addf(&sb, T(c, " (%s sur 100). La moins reconnue" FMT_NBSP ": ", " (%s out of 100). The least recognised: "),
			    fmt_num(b1, sizeof(b1), r->all.cells[best].score, 1, c->lang));
		quoted(&sb, c, dim_label(c, (size_t)worst));
		strbuf_addf(&sb, T(c, " (%s sur 100).", " (%s out of 100)."),
			    fmt_num(b2, sizeof(b2), r->all.cells[worst].score, 1, c->lang));
		bullet(c, &sb);
	}
	/* Where the groups differ. */
	if (r->cmp && r->by_kind == BY_CATEGORY) {
		const struct ind_group *g[64];

		for (d = 0; d < ndims; d++) {
			if (compared_groups(c, d, g, 64) < 2 || r->cmp[d].param.note != STAT_OK)
				continue;
			ncompared++;
			nclear += (size_t)clear_difference(c, d);
		}
	}
	if (ncompared) {
		if (nclear == 0) {
			strbuf_addf(&sb, T(c, "• Les groupes ne se distinguent nettement sur aucune %s%s%s.",
					   "• The groups do not clearly differ on %s%s%s."),
				    ncompared > 1 ? T(c, "des ", "any of the ") : T(c, "dimension", "the dimension"),
				    ncompared > 1 ? fmt_count(b1, sizeof(b1), ncompared, c->lang) : "",
				    ncompared > 1 ? T(c, " dimensions comparées", " dimensions compared") : "");
		} else {
			size_t k = 0;

			if (ncompared == 1)
				strbuf_addstr(&sb, T(c, "• Les groupes se distinguent nettement sur la dimension comparée" FMT_NBSP ": ",
						     "• The groups clearly differ on the dimension compared: "));
			else
				strbuf_addf(&sb, T(c, "• Les groupes se distinguent nettement sur %s des %s dimensions comparées" FMT_NBSP ": ",
						   "• The groups clearly differ on %s of the %s dimensions compared: "),
					    fmt_count(b1, sizeof(b1), nclear, c->lang),
					    fmt_count(b2, sizeof(b2), ncompared, c->lang));
			for (d = 0; d < ndims; d++) {
				const struct ind_group *g[64], *hi, *lo;
				size_t ng;

				if (!clear_difference(c, d))
					continue;
				ng = compared_groups(c, d, g, 64);
				group_extremes(g, ng, d, &hi, &lo);
				strbuf_addstr(&sb, k == 0 ? "" : k + 1 == nclear ? T(c, " et ", " and ") : c->fr ? " ; " : "; ");
				quoted(&sb, c, dim_label(c, d));
				strbuf_addstr(&sb, T(c, ", où ", ", where "));
				group_phrase(&sb, c, hi, 0);
				strbuf_addstr(&sb, T(c, " donnent ", " give "));
				points(&sb, c, hi->cells[d].score - lo->cells[d].score);
				strbuf_addstr(&sb, T(c, " de plus que ", " more than "));
				group_phrase(&sb, c, lo, 0);
				k++;
			}
			strbuf_addch(&sb, '.');
			if (nclear < ncompared)
				strbuf_addstr(&sb, nclear + 1 == ncompared
					      ? T(c, " Sur l'autre, l'écart peut tenir au hasard.", " On the other, the gap may be due to chance.")
					      : T(c, " Sur les autres, les écarts peuvent tenir au hasard.", " On the others, the gaps may be due to chance."));
		}
		bullet(c, &sb);
	} else if (r->cmp && r->by_kind == BY_NUMBER) {
		struct strbuf q = STRBUF_INIT;

		for (d = 0; d < ndims; d++)
			if (r->cmp[d].corr.note == STAT_OK) {
				ncompared++;
				nclear += r->cmp[d].corr.p < 0.05;
			}
		by_phrase(&q, c);
		if (ncompared > 1)
			strbuf_addf(&sb, T(c, "• Le score varie nettement avec %s sur %s des %s dimensions mesurées.",
					   "• The score clearly varies with %s on %s of the %s dimensions measured."),
				    q.buf, fmt_count(b1, sizeof(b1), nclear, c->lang),
				    fmt_count(b2, sizeof(b2), ncompared, c->lang));
		else if (ncompared)
			strbuf_addf(&sb, nclear ? T(c, "• Le score varie nettement avec %s.", "• The score clearly varies with %s.")
					: T(c, "• Le score ne varie pas nettement avec %s.", "• The score does not clearly vary with %s."),
				    q.buf);
		if (ncompared)
			bullet(c, &sb);
		strbuf_release(&q);
	}
	/* Reliability: which scores to read with caution. */
	for (i = 0; i < r->nrel; i++) {
		const struct ind_reliability *rel = &r->rel[i];

		if (rel->note == STAT_SUPPRESSED || rel->alpha.note != STAT_OK)
			continue;
		nrel++;
		if (isnan(amin) || rel->alpha.raw < amin)
			amin = rel->alpha.raw;
		if (isnan(amax) || rel->alpha.raw > amax)
			amax = rel->alpha.raw;
		nweak += rel->alpha.raw < 0.7;
	}
	if (nrel && !nweak) {
		if (nrel == 1)
			strbuf_addf(&sb, T(c, "• Les affirmations de la dimension mesurent bien une même chose (alpha de Cronbach %s).",
					   "• The statements of the dimension measure one thing (Cronbach's alpha %s)."),
				    fmt_num(b1, sizeof(b1), amin, 2, c->lang));
		else
			strbuf_addf(&sb, T(c, "• Les affirmations de chaque dimension mesurent bien une même chose (alpha de Cronbach de %s à %s).",
					   "• The statements of each dimension measure one thing (Cronbach's alpha from %s to %s)."),
				    fmt_num(b1, sizeof(b1), amin, 2, c->lang), fmt_num(b2, sizeof(b2), amax, 2, c->lang));
		bullet(c, &sb);
	} else if (nweak) {
		size_t k = 0;

		if (nweak == 1)
			strbuf_addstr(&sb, T(c, "• Une dimension est à lire avec prudence, car ses affirmations mesurent mal une même chose" FMT_NBSP ": ",
					     "• One dimension is to be read with caution, as its statements do not measure one thing well: "));
		else
			strbuf_addstr(&sb, T(c, "• Des dimensions sont à lire avec prudence, car leurs affirmations mesurent mal une même chose" FMT_NBSP ": ",
					     "• Some dimensions are to be read with caution, as their statements do not measure one thing well: "));
		for (i = 0; i < r->nrel; i++) {
			const struct ind_reliability *rel = &r->rel[i];

			if (rel->note == STAT_SUPPRESSED || rel->alpha.note != STAT_OK || rel->alpha.raw >= 0.7)
				continue;
			strbuf_addstr(&sb, k == 0 ? "" : k + 1 == nweak ? T(c, " et ", " and ") : ", ");
			quoted(&sb, c, dim_label(c, rel->dim));
			strbuf_addf(&sb, " (alpha %s)", fmt_num(b1, sizeof(b1), rel->alpha.raw, 2, c->lang));
			k++;
		}
		strbuf_addch(&sb, '.');
		bullet(c, &sb);
	}
	if (something_hidden(c, -1))
		hidden_note(c);
	pdf_paragraph(p, &small, T(c, "Les chiffres, la façon dont ils sont calculés et le détail de chaque dimension suivent.",
				   "The figures, how they are computed and each dimension in detail follow."));
	strbuf_release(&sb);
}

/* --- method ------------------------------------------------------------------------- */

/* The scale of a dimension's items in words ("5 points, de « Pas du tout d'accord » à « Tout à fait d'accord »"). */
static void scale_words(struct strbuf *sb, const struct sctx *c, const struct ind_dimension *dim)
{
	const struct choice_list *list = NULL;
	const struct survey *s = NULL;
	size_t i, f;
	int same = 1;

	for (i = 0; i < dim->nitems; i++) {
		const struct question *q = item_question(c, dim->items[i], &f);

		if (!q || !q->list) {
			same = 0;
			break;
		}
		if (!list) {
			list = q->list;
			s = c->ri->surveys[f];
		} else if (q->list != list) {
			same = 0;
		}
	}
	if (dim->score == SCORE_FORMULA) {
		strbuf_addstr(sb, T(c, "formule", "formula"));
		return;
	}
	if (!same || !list || list->n < 2) {
		strbuf_addstr(sb, T(c, "échelles diverses", "various scales"));
		return;
	}
	strbuf_addf(sb, T(c, "%zu points, de %s%s%s à %s%s%s", "%zu points, from %s%s%s to %s%s%s"), list->n,
		    OQ(c), label_in(c, s, &list->v[0].label), CQ(c), OQ(c),
		    label_in(c, s, &list->v[list->n - 1].label), CQ(c));
}

static void method_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct ind_result *r = c->r;
	struct strbuf sb = STRBUF_INIT, cells[5], scale;
	struct pdf_col cols[5];
	struct pdf_table t;
	double w = p->right - p->left;
	char b1[64], b2[64];
	size_t i, d, nweighted = 0, ncols;
	int equal = 1, one_scale = 1;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Ce qui a été mesuré, et comment", "What was measured, and how")), 60);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	/* The surveys and their answers. */
	for (i = 0; i < r->nforms; i++) {
		const struct ind_form *f = &r->forms[i];
		const struct survey *s = c->ri->surveys[i < c->set->nsurveys ? i : 0];

		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "Le questionnaire %s%s%s (%s", "The questionnaire %s%s%s (%s"), OQ(c),
			    label_in(c, s, &s->title), CQ(c), f->form_id);
		if (f->vmin && f->vmin != f->vmax)
			strbuf_addf(&sb, T(c, ", versions %d à %d", ", versions %d to %d"), f->vmin, f->vmax);
		else if (f->vmin)
			strbuf_addf(&sb, ", version %d", f->vmin);
		strbuf_addf(&sb, T(c, ") a reçu %s réponse%s%s.", ") received %s answer%s%s."),
			    fmt_count(b1, sizeof(b1), f->nresp, c->lang), f->nresp > 1 ? "s" : "",
			    !r->opt.submitted_only ? T(c, ", envoyées ou non", ", sent in or not")
			    : !c->fr ? " sent in" : f->nresp > 1 ? " envoyées" : " envoyée");
		pdf_paragraph(p, &body, sb.buf);
	}
	if (r->opt.submitted_only)
		pdf_paragraph(p, &body, T(c, "Seules les réponses envoyées sont comptées : un questionnaire commencé mais pas envoyé ne l'est pas.",
					  "Only answers sent in are counted: a questionnaire started but not sent in is not."));
	/* The dimensions. */
	strbuf_reset(&sb);
	if (c->set->ndims == 1)
		strbuf_addstr(&sb, T(c, "Une dimension est mesurée. ", "One dimension is measured. "));
	else
		strbuf_addf(&sb, T(c, "%zu dimensions sont mesurées. ", "%zu dimensions are measured. "), c->set->ndims);
	strbuf_addstr(&sb, T(c, "Chaque réponse à une affirmation est ramenée sur une échelle de 0 à 100 (0 pour la réponse la plus en désaccord, 100 pour la plus d'accord)" FMT_NBSP "; les affirmations formulées à l'envers sont retournées. Le score d'une personne sur une dimension est la moyenne de ses réponses, à condition qu'elle ait répondu à au moins deux tiers des affirmations. Le score d'un groupe est la moyenne des scores des personnes, donné avec son intervalle de confiance à 95" FMT_NBSP "%" FMT_NBSP ": la plage où se trouve très probablement la vraie valeur.",
			   "Each answer to a statement is put on a scale from 0 to 100 (0 for the strongest disagreement, 100 for the strongest agreement); statements worded the other way round are reversed. A person's score on a dimension is the mean of their answers, provided they answered at least two thirds of the statements. A group's score is the mean of its members' scores, given with its 95% confidence interval: the range that very probably holds the true value."));
	pdf_paragraph(p, &body, sb.buf);
	/*
	 * The table of dimensions.  When every dimension has the same scale,
	 * the scale is said once under the table, not on every row.
	 */
	for (i = 0; i < 5; i++)
		strbuf_init(&cells[i], 0);
	strbuf_init(&scale, 0);
	for (d = 0; d < c->set->ndims; d++) {
		strbuf_reset(&cells[0]);
		scale_words(&cells[0], c, &c->set->dims[d]);
		if (d == 0)
			strbuf_addstr(&scale, cells[0].buf);
		else if (strcmp(scale.buf, cells[0].buf))
			one_scale = 0;
	}
	ncols = 0;
	cols[ncols++] = (struct pdf_col){ T(c, "Dimension", "Dimension"), w * (one_scale ? 0.52 : 0.36), PDF_LEFT };
	cols[ncols++] = (struct pdf_col){ T(c, "Affirmations", "Statements"), w * 0.15, PDF_RIGHT };
	if (!one_scale)
		cols[ncols++] = (struct pdf_col){ T(c, "Échelle", "Scale"), w * 0.21, PDF_LEFT };
	cols[ncols++] = (struct pdf_col){ T(c, "Poids", "Weight"), w * 0.10, PDF_RIGHT };
	cols[ncols++] = (struct pdf_col){ T(c, "Fiabilité (alpha)", "Reliability (alpha)"), w * (one_scale ? 0.23 : 0.18), PDF_LEFT };
	pdf_need(p, 60);
	pdf_table_begin(&t, p, cols, ncols, 8.5);
	for (d = 0; d < c->set->ndims; d++) {
		const struct ind_dimension *dim = &c->set->dims[d];
		const char *row[5];
		size_t k = 0;

		for (i = 0; i < 5; i++)
			strbuf_reset(&cells[i]);
		strbuf_addstr(&cells[k++], dim_label(c, d));
		strbuf_addf(&cells[k++], "%zu", dim->nitems);
		if (!one_scale)
			scale_words(&cells[k++], c, dim);
		if (dim->weight > 0)
			strbuf_addstr(&cells[k++], fmt_num(b1, sizeof(b1), dim->weight, dim->weight == floor(dim->weight) ? 0 : 1, c->lang));
		else
			strbuf_addstr(&cells[k++], T(c, "hors indice", "not in index"));
		alpha_text(&cells[k++], c, reliability_of(c, d, 0));
		for (i = 0; i < ncols; i++)
			row[i] = cells[i].buf;
		pdf_table_row(&t, row, 0);
		if (dim->weight > 0) {
			nweighted++;
			if (dim->weight != c->set->dims[0].weight)
				equal = 0;
		}
	}
	pdf_table_end(&t);
	if (one_scale && scale.len) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "Échelle des réponses%s%s.", "Answer scale%s%s."),
			    c->set->ndims > 1 ? T(c, ", la même pour toutes les dimensions" FMT_NBSP ": ", ", the same for every dimension: ")
					      : COLON(c), scale.buf);
		pdf_paragraph(p, &small, sb.buf);
	}
	strbuf_release(&scale);
	for (i = 0; i < 5; i++)
		strbuf_release(&cells[i]);
	/* The composite. */
	if (r->has_composite) {
		strbuf_reset(&sb);
		if (nweighted == 1)
			strbuf_addstr(&sb, T(c, "L'indice composite reprend la seule dimension pondérée, sur 0 à 100.",
					     "The composite index is the only weighted dimension, from 0 to 100."));
		else if (c->set->aggregate == AGG_GEOMETRIC)
			strbuf_addf(&sb, T(c, "L'indice composite résume les %zu dimensions pondérées en une note de 0 à 100" FMT_NBSP ": c'est leur moyenne géométrique pondérée, qu'une dimension faible tire vers le bas plus qu'une moyenne ordinaire.",
					  "The composite index sums up the %zu weighted dimensions in one score from 0 to 100: their weighted geometric mean, which a weak dimension pulls down more than an ordinary mean."),
				    nweighted);
		else
			strbuf_addf(&sb, T(c, "L'indice composite résume les %zu dimensions pondérées en une note de 0 à 100" FMT_NBSP ": c'est leur moyenne pondérée%s.",
					  "The composite index sums up the %zu weighted dimensions in one score from 0 to 100: their weighted mean%s."),
				    nweighted, equal ? T(c, ", chaque dimension comptant autant", ", each dimension counting the same") : "");
		if (r->opt.nboot)
			strbuf_addf(&sb, T(c, " Son intervalle de confiance vient d'un bootstrap (%s tirages).",
					  " Its confidence interval comes from a bootstrap (%s resamples)."),
				    fmt_count(b2, sizeof(b2), r->opt.nboot, c->lang));
		pdf_paragraph(p, &body, sb.buf);
	}
	/* Reliability and the breakdown. */
	pdf_paragraph(p, &body, T(c, "La fiabilité d'une dimension est mesurée par l'alpha de Cronbach" FMT_NBSP ": au-dessus de 0,7, ses affirmations mesurent bien une même chose" FMT_NBSP "; au-dessous de 0,6, le score est à lire avec prudence.",
				  "A dimension's reliability is measured by Cronbach's alpha: above 0.7 its statements measure one thing; below 0.6 its score should be read with caution."));
	if (r->by && r->by_kind == BY_CATEGORY) {
		struct strbuf q = STRBUF_INIT;

		by_phrase(&q, c);
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "Les résultats sont comparés selon %s. Deux groupes sont comparés par le test t de Welch, davantage par une analyse de variance" FMT_NBSP "; une différence est dite nette quand p < 0,05, c'est-à-dire qu'une différence aussi grande aurait moins de 5 chances sur 100 d'apparaître par hasard.",
				   "Results are compared by %s. Two groups are compared with Welch's t test, more with an analysis of variance; a difference is called clear-cut when p < 0.05, that is when a difference as large would have less than 5 chances in 100 of arising by chance."),
			    q.buf);
		pdf_paragraph(p, &body, sb.buf);
		strbuf_release(&q);
	} else if (r->by && r->by_kind == BY_NUMBER) {
		struct strbuf q = STRBUF_INIT;

		by_phrase(&q, c);
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(c, "Le lien entre chaque score et %s est mesuré par la corrélation de Spearman (rho, de -1 à 1)" FMT_NBSP "; il est dit net quand p < 0,05.",
				   "The link between each score and %s is measured by Spearman's correlation (rho, from -1 to 1); it is called clear-cut when p < 0.05."),
			    q.buf);
		pdf_paragraph(p, &body, sb.buf);
		strbuf_release(&q);
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(c, "Pour que personne ne puisse être reconnu à ses réponses, un groupe de moins de %d personnes n'est jamais montré, ni aucun chiffre qui permettrait de le retrouver par différence.",
			   "So that nobody can be recognised from their answers, a group of fewer than %d people is never shown, nor any figure from which it could be worked out by difference."),
		    c->min_group);
	if (c->r->left_out)
		strbuf_addf(&sb, T(c, " Les personnes d'un groupe et d'une vague de moins de %d ne sont comptées dans aucun chiffre, pas même les totaux.",
				   " The people of a group and wave of fewer than %d are counted in no figure, not even the totals."),
			    c->min_group);
	pdf_paragraph(p, &body, sb.buf);
	/* Where the figures come from, in full. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, T(c, "Versions des questionnaires lues" FMT_NBSP ": ", "Survey versions read: "));
	for (i = 0; c->in->trace && i < c->in->trace->n; i++)
		strbuf_addf(&sb, "%s%s v%d, SHA-256 %s", i ? " ; " : "", c->in->trace->v[i].form_id,
			    c->in->trace->v[i].version, c->in->trace->v[i].sha256);
	strbuf_addch(&sb, '.');
	pdf_paragraph(p, &small, sb.buf);
	strbuf_release(&sb);
}

/* --- radar ---------------------------------------------------------------------------- */

/* The groups of the radar and its table: shown, not "no answer", at most RADAR_GROUPS. */
static size_t radar_groups(const struct sctx *c, const struct ind_group **g)
{
	size_t i, n = 0;

	for (i = 0; i < c->r->ngroups; i++)
		if (group_shown(&c->r->groups[i]) && !c->r->groups[i].no_answer)
			n++;
	if (n > RADAR_GROUPS || c->r->by_kind != BY_CATEGORY)
		return 0;
	n = 0;
	for (i = 0; i < c->r->ngroups; i++)
		if (group_shown(&c->r->groups[i]) && !c->r->groups[i].no_answer)
			g[n++] = &c->r->groups[i];
	return n;
}

static void radar_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct ind_group *g[RADAR_GROUPS];
	size_t ng = radar_groups(c, g), d, k, ndims = c->set->ndims, nseries = 0;
	const char **axes = calloc(ndims + 1, sizeof(char *));
	double *values = calloc((ng + 1) * ndims + 1, sizeof(double));
	struct chart_series series[RADAR_GROUPS + 1];
	struct strbuf heads[RADAR_GROUPS] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	struct pdf_col cols[RADAR_GROUPS + 2];
	struct strbuf *cells = calloc(ng + 2, sizeof(struct strbuf));
	double w = p->right - p->left, h = 330;
	struct pdf_table t;

	if (!axes || !values || !cells) {
		free(axes);
		free(values);
		free(cells);
		return;
	}
	/*
	 * The heading stays with the radar; its table may go on over the page.
	 * Fewer than three dimensions make no shape: the table alone.
	 */
	if (ndims < 3) {
		h = 0;
	} else {
		/* A little smaller rather than half a page blank. */
		double room = pdf_room(p) - 60 -
			      (sec->text.n ? pdf_text_height(p, &body, report_text(&sec->text, c->lang, ""), w) : 0);

		if (room < h && room >= 240)
			h = room;
	}
	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Les dimensions en un coup d'œil", "The dimensions at a glance")),
		    h ? h + 10 + (sec->text.n ? pdf_text_height(p, &body, report_text(&sec->text, c->lang, ""), w) : 0) : 80);
	if (sec->text.n && h)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	for (d = 0; d < ndims; d++) {
		const struct ind_cell *cell = &c->r->all.cells[d];

		axes[d] = dim_label(c, d);
		values[d] = cell_shown(cell) ? cell->score : NAN;
		for (k = 0; k < ng; k++) {
			cell = &g[k]->cells[d];
			values[(k + 1) * ndims + d] = cell_shown(cell) ? cell->score : NAN;
		}
	}
	series[nseries++] = (struct chart_series){ group_label(c, &c->r->all), values, 0x333333 };
	for (k = 0; k < ng; k++)
		series[nseries++] = (struct chart_series){ group_heading(&heads[k], c, g[k]),
							   values + (k + 1) * ndims, group_color(c, g[k]) };
	if (h) {
		pdf_need(p, h);
		chart_radar(p, p->left, p->y, w, h, axes, ndims, series, nseries, 7.5, 1);
		pdf_skip(p, h + 6);
	}
	/* The values beside it. */
	cols[0] = (struct pdf_col){ T(c, "Dimension (score sur 100)", "Dimension (score out of 100)"), w - 78.0 * (double)(ng + 1), PDF_LEFT };
	for (k = 0; k <= ng; k++)
		cols[k + 1] = (struct pdf_col){ series[k].name, 78, PDF_RIGHT };
	for (k = 0; k < ng + 2; k++)
		strbuf_init(&cells[k], 0);
	pdf_table_begin(&t, p, cols, ng + 2, 8.5);
	for (d = 0; d < ndims; d++) {
		const char *row[RADAR_GROUPS + 2];
		char b[32];

		row[0] = axes[d];
		for (k = 0; k <= ng; k++) {
			strbuf_reset(&cells[k + 1]);
			strbuf_addstr(&cells[k + 1], fmt_num(b, sizeof(b), values[k * ndims + d], 1, c->lang));
			row[k + 1] = cells[k + 1].buf;
		}
		pdf_table_row(&t, row, 0);
	}
	pdf_table_end(&t);
	if (something_hidden(c, -1))
		hidden_note(c);
	if (!ng && c->r->ngroups && c->r->by_kind == BY_CATEGORY)
		pdf_paragraph(p, &small, T(c, "Les scores de chaque groupe sont donnés dimension par dimension dans les pages qui suivent.",
					   "Each group's scores are given dimension by dimension in the pages that follow."));
	for (k = 0; k < ng + 2; k++)
		strbuf_release(&cells[k]);
	for (k = 0; k < RADAR_GROUPS; k++)
		strbuf_release(&heads[k]);
	free(cells);
	free(axes);
	free(values);
}

/* --- bars by group ------------------------------------------------------------------- */

/* Bars of dimension d (or the composite when d is SIZE_MAX): everyone, then each group shown. */
static void group_bars(struct sctx *c, size_t d)
{
	const struct ind_result *r = c->r;
	size_t n = 0, i;
	struct chart_bar *b = calloc(r->ngroups + 1, sizeof(*b));
	char (*notes)[64] = calloc(r->ngroups + 1, sizeof(*notes));
	struct strbuf *heads = calloc(r->ngroups + 1, sizeof(*heads));
	char num[48];

	if (!b || !notes || !heads) {
		free(b);
		free(notes);
		free(heads);
		return;
	}
	for (i = 0; i <= r->ngroups; i++) {
		const struct ind_group *g = i == 0 ? &r->all : &r->groups[i - 1];
		struct chart_bar *x = &b[n];

		if (!group_shown(g))
			continue;
		x->color = i == 0 ? 0x555555 : group_color(c, g);
		if (d == SIZE_MAX) {
			const struct ind_composite *cp = &g->composite;

			if (cp->note != STAT_OK || isnan(cp->score))
				continue;
			x->value = cp->score;
			x->lo = cp->boot.note == STAT_OK ? cp->boot.lo : NAN;
			x->hi = cp->boot.note == STAT_OK ? cp->boot.hi : NAN;
			snprintf(notes[n], sizeof(notes[n]), "n = %s", fmt_count(num, sizeof(num), g->n, c->lang));
		} else {
			const struct ind_cell *cell = &g->cells[d];

			if (!cell_shown(cell))
				continue;
			x->value = cell->score;
			x->lo = cell->score_lo;
			x->hi = cell->score_hi;
			snprintf(notes[n], sizeof(notes[n]), "n = %s",
				 fmt_count(num, sizeof(num), cell->value.n, c->lang));
		}
		x->note = notes[n];
		x->label = group_heading(&heads[n], c, g);
		n++;
	}
	if (n)
		chart_bars(c->p, b, n, c->lang);
	for (i = 0; i <= r->ngroups; i++)
		strbuf_release(&heads[i]);
	free(heads);
	free(b);
	free(notes);
}

static void composite_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct ind_composite *cp = &c->r->all.composite;
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32], b3[32];
	size_t d;

	if (!c->r->has_composite)
		return;
	/* The heading, the index and the bars of every group on one page when they fit on one. */
	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "L'indice composite", "The composite index")),
		    150 + 26.0 * (double)(c->r->ngroups + 1));
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	if (cp->note == STAT_OK && !isnan(cp->score)) {
		strbuf_addf(&sb, T(c, "Indice d'ensemble" FMT_NBSP ": %s sur 100", "Overall index: %s out of 100"),
			    fmt_num(b1, sizeof(b1), cp->score, 1, c->lang));
		pdf_paragraph(p, &keyfig, sb.buf);
		if (cp->boot.note == STAT_OK) {
			strbuf_reset(&sb);
			strbuf_addf(&sb, T(c, "Intervalle de confiance à 95" FMT_NBSP "%% (bootstrap)" FMT_NBSP ": %s à %s.",
					  "95%% confidence interval (bootstrap): %s to %s."),
				    fmt_num(b2, sizeof(b2), cp->boot.lo, 1, c->lang),
				    fmt_num(b3, sizeof(b3), cp->boot.hi, 1, c->lang));
			pdf_paragraph(p, &small, sb.buf);
		}
	} else {
		pdf_paragraph(p, &body, T(c, "Pas d'indice d'ensemble : une dimension n'a pas de score.",
					  "No overall index: a dimension has no score."));
	}
	/* The weights. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, T(c, "Poids des dimensions" FMT_NBSP ": ", "Weights of the dimensions: "));
	for (d = 0; d < c->set->ndims; d++) {
		const struct ind_dimension *dim = &c->set->dims[d];

		strbuf_addf(&sb, "%s%s (%s)", d ? (c->fr ? " ; " : "; ") : "", dim_label(c, d),
			    dim->weight > 0 ? fmt_num(b1, sizeof(b1), dim->weight, dim->weight == floor(dim->weight) ? 0 : 1, c->lang)
					    : T(c, "hors indice", "not in the index"));
	}
	strbuf_addch(&sb, '.');
	pdf_paragraph(p, &small, sb.buf);
	pdf_skip(p, 4);
	group_bars(c, SIZE_MAX);
	if (something_hidden(c, -1))
		hidden_note(c);
	strbuf_release(&sb);
}

/* --- every score in one table ---------------------------------------------------------- */

static void scores_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	const struct ind_result *r = c->r;
	double w = p->right - p->left;
	struct pdf_col cols[5] = {
		{ T(c, "Dimension", "Dimension"), w * 0.36, PDF_LEFT },
		{ T(c, "Groupe", "Group"), w * 0.32, PDF_LEFT },
		{ "n", w * 0.08, PDF_RIGHT },
		{ T(c, "Score", "Score"), w * 0.09, PDF_RIGHT },
		{ T(c, "IC à 95" FMT_NBSP "%", "95% CI"), w * 0.15, PDF_RIGHT },
	};
	struct strbuf head = STRBUF_INIT;
	struct pdf_table t;
	size_t d, i, ndims = c->set->ndims + (r->has_composite ? 1 : 0);

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Tous les scores", "All the scores")), 80);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	pdf_table_begin(&t, p, cols, 5, 8.5);
	for (d = 0; d < ndims; d++) {
		int first = 1;

		for (i = 0; i <= r->ngroups; i++) {
			const struct ind_group *g = i == 0 ? &r->all : &r->groups[i - 1];
			char n[32], sc[32], lo[32], hi[32], ci[80];
			const char *row[5];
			double score, l, h;
			size_t cnt;

			if (!group_shown(g))
				continue;
			if (d < c->set->ndims) {
				const struct ind_cell *cell = &g->cells[d];

				if (!cell_shown(cell))
					continue;
				score = cell->score;
				l = cell->score_lo;
				h = cell->score_hi;
				cnt = cell->value.n;
			} else {
				const struct ind_composite *cp = &g->composite;

				if (cp->note != STAT_OK || isnan(cp->score))
					continue;
				score = cp->score;
				l = cp->boot.note == STAT_OK ? cp->boot.lo : NAN;
				h = cp->boot.note == STAT_OK ? cp->boot.hi : NAN;
				cnt = g->n;
			}
			if (isnan(l))
				snprintf(ci, sizeof(ci), "%s", FMT_DASH);
			else
				snprintf(ci, sizeof(ci), "%s – %s", fmt_num(lo, sizeof(lo), l, 1, c->lang),
					 fmt_num(hi, sizeof(hi), h, 1, c->lang));
			row[0] = first ? (d < c->set->ndims ? dim_label(c, d) : T(c, "Indice composite", "Composite index")) : "";
			row[1] = group_heading(&head, c, g);
			row[2] = fmt_count(n, sizeof(n), cnt, c->lang);
			row[3] = fmt_num(sc, sizeof(sc), score, 1, c->lang);
			row[4] = ci;
			pdf_table_row(&t, row, i == 0);
			first = 0;
		}
	}
	pdf_table_end(&t);
	pdf_paragraph(p, &small, T(c, "Scores de 0 à 100 ; IC : intervalle de confiance à 95 %, par bootstrap pour l'indice composite.",
				   "Scores from 0 to 100; CI: 95% confidence interval, from a bootstrap for the composite index."));
	if (something_hidden(c, -1))
		hidden_note(c);
	strbuf_release(&head);
}

/* --- one page per dimension ------------------------------------------------------------ */

/* Diverging bars of the items of dimension d, form by form. */
static void dimension_items(struct sctx *c, size_t d)
{
	const struct ind_dimension *dim = &c->set->dims[d];
	const struct report_ind *ri = c->ri;
	size_t f, i, k;
	int hidden_answers = 0, reversed = 0;
	const char *rev_lo = NULL, *rev_hi = NULL;	/* the ends of a reversed item's scale */

	if (!ri->items)
		return;
	for (f = 0; f < c->set->nsurveys; f++) {
		const struct survey *s = ri->surveys[f];
		size_t start = 0;

		/* Runs of items on the same choice list make one chart each. */
		while (start < dim->nitems) {
			const struct choice_list *list = NULL;
			struct chart_likert_item *items = calloc(dim->nitems, sizeof(*items));
			double *pct = calloc(dim->nitems * 32 + 1, sizeof(double));
			unsigned char *hid = calloc(dim->nitems * 32 + 1, 1);
			struct strbuf *labels = calloc(dim->nitems, sizeof(struct strbuf));
			const char *cats[32];
			size_t n = 0, end = start;

			if (!items || !pct || !hid || !labels) {
				free(items);
				free(pct);
				free(hid);
				free(labels);
				return;
			}
			for (; end < dim->nitems; end++) {
				const struct an_item_counts *ic = NULL;
				const struct question *q;

				for (i = 0; i < ri->nitems; i++)
					if (!strcmp(ri->item_names[i], dim->items[end])) {
						ic = &ri->items[f * ri->nitems + i];
						break;
					}
				if (!ic || ic->ncat < 2 || ic->ncat > 32 || !ic->q)
					continue;
				q = ic->q;
				if (list && q->list != list)
					break;
				list = q->list;
				/* Too few answers to show a distribution: left out, like a small group. */
				if (ic->n < (size_t)c->min_group)
					continue;
				strbuf_init(&labels[n], 0);
				strbuf_addstr(&labels[n], label_in(c, s, &q->label));
				if (q->reverse) {
					strbuf_addstr(&labels[n], T(c, " (formulée à l'envers" FMT_NBSP ": réponses retournées)",
								  " (worded the other way round: answers reversed)"));
					reversed = 1;
					if (q->list && q->list->n >= 2) {
						rev_lo = label_in(c, s, &q->list->v[0].label);
						rev_hi = label_in(c, s, &q->list->v[q->list->n - 1].label);
					}
				}
				/* An answer of fewer than min_group (and what would give it away): no bar. */
				for (k = 0; k < ic->ncat; k++)
					if (ic->hidden && ic->hidden[k])
						break;
				if (k < ic->ncat) {
					strbuf_addf(&labels[n], T(c, " (réponses de moins de %d personnes masquées)",
								  " (answers of fewer than %d people hidden)"),
						    c->min_group);
					hidden_answers = 1;
				}
				/*
				 * A statement worded the other way round is drawn
				 * recoded, as it is scored: its "strongly disagree"
				 * counts on the favourable side, with the others'
				 * "strongly agree".
				 */
				for (k = 0; k < ic->ncat; k++) {
					size_t src = q->reverse ? ic->ncat - 1 - k : k;

					pct[n * 32 + k] = ic->hidden && ic->hidden[src] ? 0
						: 100.0 * (double)ic->count[src] / (double)ic->n;
					hid[n * 32 + k] = ic->hidden && ic->hidden[src];
				}
				items[n].label = labels[n].buf;
				items[n].pct = &pct[n * 32];
				items[n].hidden = &hid[n * 32];
				items[n].n = ic->n;
				n++;
			}
			if (n && list) {
				for (k = 0; k < list->n && k < 32; k++)
					cats[k] = label_in(c, s, &list->v[k].label);
				/* The heading stays with the chart (which goes whole to a new page when it fits on one). */
				if (start == 0 && f == 0)
					pdf_heading(c->p, 2, T(c, "Les réponses aux affirmations", "Answers to the statements"),
						    32.0 * (double)n + 70);
				if (c->set->nsurveys > 1) {
					struct strbuf t = STRBUF_INIT;

					strbuf_addf(&t, "%s%s%s", OQ(c), label_in(c, s, &s->title), CQ(c));
					pdf_paragraph(c->p, &small, t.buf);
					strbuf_release(&t);
				}
				chart_likert(c->p, items, n, cats, list->n, c->lang);
			}
			for (i = 0; i < n; i++)
				strbuf_release(&labels[i]);
			free(labels);
			free(items);
			free(pct);
			free(hid);
			start = end > start ? end : start + 1;
		}
	}
	if (reversed) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addstr(&t, T(c, "Les affirmations formulées à l'envers sont dessinées retournées, comme elles sont comptées dans le score" FMT_NBSP ": à droite, ce qui est favorable à l'utilité sociale.",
				    "Statements worded the other way round are drawn reversed, as they are counted in the score: on the right, what speaks for social utility."));
		if (rev_lo && rev_hi) {
			strbuf_addstr(&t, T(c, " Pour elles, ", " For them, "));
			quoted(&t, c, rev_lo);
			strbuf_addstr(&t, T(c, " compte comme ", " counts as "));
			quoted(&t, c, rev_hi);
			strbuf_addstr(&t, T(c, " aux autres affirmations, et inversement.", " does for the other statements, and the other way round."));
		}
		pdf_paragraph(c->p, &small, t.buf);
		strbuf_release(&t);
	}
	if (hidden_answers) {
		char b[256];

		snprintf(b, sizeof(b),
			 T(c, "Une barre incomplète : les réponses choisies par moins de %d personnes, et celles qui les feraient déduire, ne sont pas montrées.",
			   "An incomplete bar: the answers chosen by fewer than %d people, and those that would give them away, are not shown."),
			 c->min_group);
		pdf_paragraph(c->p, &small, b);
	}
}

static void dimension_page(struct sctx *c, size_t d, int likert)
{
	struct pdf *p = c->p;
	const struct ind_dimension *dim = &c->set->dims[d];
	const struct ind_cell *all = &c->r->all.cells[d];
	const char *desc = dim->description.n ? an_text_get(&dim->description, c->lang) : NULL;
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32], b3[32], b4[32];
	size_t f;

	/*
	 * Dimensions follow one another on the page; a dimension's heading
	 * goes to the next page unless its description, score and bars by
	 * group fit under it.
	 */
	strbuf_addf(&sb, "%zu. %s", d + 1, dim_label(c, d));
	pdf_heading(p, 1, sb.buf,
		    (desc ? pdf_text_height(p, &body, desc, p->right - p->left) : 0) + 60 +
		    (c->r->by_kind == BY_CATEGORY ? 70 + 26.0 * (double)(c->r->ngroups + 1) : 0));
	if (desc)
		pdf_paragraph(p, &body, desc);
	strbuf_reset(&sb);
	if (cell_shown(all)) {
		strbuf_addf(&sb, T(c, "Score d'ensemble" FMT_NBSP ": %s sur 100", "Overall score: %s out of 100"),
			    fmt_num(b1, sizeof(b1), all->score, 1, c->lang));
		pdf_paragraph(p, &keyfig, sb.buf);
		strbuf_reset(&sb);
		if (!isnan(all->score_lo))
			strbuf_addf(&sb, T(c, "Intervalle de confiance à 95" FMT_NBSP "%%" FMT_NBSP ": %s à %s" FMT_NBSP "; %s répondant%s.",
					  "95%% confidence interval: %s to %s; %s respondent%s."),
				    fmt_num(b2, sizeof(b2), all->score_lo, 1, c->lang),
				    fmt_num(b3, sizeof(b3), all->score_hi, 1, c->lang),
				    fmt_count(b4, sizeof(b4), all->value.n, c->lang), all->value.n > 1 ? "s" : "");
		else
			strbuf_addf(&sb, T(c, "%s répondant%s.", "%s respondent%s."),
				    fmt_count(b4, sizeof(b4), all->value.n, c->lang), all->value.n > 1 ? "s" : "");
		if (dim->norm == NORM_TARGET || dim->norm == NORM_SCALE) {
			strbuf_addf(&sb, T(c, " Valeur moyenne" FMT_NBSP ": %s", " Mean value: %s"),
				    fmt_num(b1, sizeof(b1), all->value.mean, 2, c->lang));
			if (dim->norm == NORM_TARGET)
				strbuf_addf(&sb, T(c, " (100 à la cible %s, 0 à %s)", " (100 at the target %s, 0 at %s)"),
					    fmt_num(b2, sizeof(b2), dim->target, 2, c->lang),
					    fmt_num(b3, sizeof(b3), dim->baseline, 2, c->lang));
			strbuf_addch(&sb, '.');
		}
		pdf_paragraph(p, &small, sb.buf);
	} else {
		pdf_paragraph(p, &body, T(c, "Pas de score d'ensemble : trop peu de réponses.",
					  "No overall score: too few answers."));
	}
	if (c->r->ngroups || c->r->by_kind == BY_NUMBER) {
		strbuf_reset(&sb);
		if (c->r->by_kind == BY_CATEGORY) {
			pdf_heading(p, 2, T(c, "Par groupe", "By group"), 30 + 26.0 * (double)(c->r->ngroups + 1));
			group_bars(c, d);
		}
		if (compare_sentence(&sb, c, d))
			pdf_paragraph(p, &body, sb.buf);
		strbuf_reset(&sb);
		if (travelled_sentence(&sb, c, d)) {
			pdf_heading(p, 2, T(c, "Le chemin parcouru", "The way travelled"), 40);
			pdf_paragraph(p, &body, sb.buf);
		}
		if (something_hidden(c, (long)d))
			hidden_note(c);
	}
	/* Its reliability, every questionnaire on one line. */
	strbuf_reset(&sb);
	for (f = 0; f < c->set->nsurveys; f++) {
		const struct ind_reliability *rel = reliability_of(c, d, f);

		if (!rel || rel->note == STAT_SUPPRESSED || rel->alpha.note != STAT_OK)
			continue;
		strbuf_addstr(&sb, sb.len ? (c->fr ? " ; " : "; ")
				   : T(c, "Fiabilité (alpha de Cronbach)" FMT_NBSP ": ", "Reliability (Cronbach's alpha): "));
		alpha_text(&sb, c, rel);
		if (c->set->nsurveys > 1)
			strbuf_addf(&sb, " — %s", c->r->forms[f].form_id);
	}
	if (sb.len) {
		strbuf_addch(&sb, '.');
		pdf_paragraph(p, &small, sb.buf);
	}
	if (likert)
		dimension_items(c, d);
	strbuf_release(&sb);
}

/* --- comparisons and reliability ------------------------------------------------------ */

/* A p-value for a column headed "p": "0,02", "< 0,001". */
static const char *p_cell(char *b, size_t n, double pv, const char *lang)
{
	const char *x = fmt_p(b, n, pv, lang);

	if (!strncmp(x, "p = ", 4))
		return x + 4;
	if (!strncmp(x, "p ", 2))
		return x + 2;
	return x;
}

/* The layout has a section of type t. */
static int layout_has(const struct sctx *c, enum section_type t)
{
	size_t i;

	for (i = 0; i < c->in->layout->nsec; i++)
		if (c->in->layout->sec[i].type == t)
			return 1;
	return 0;
}

/* The comparisons of every dimension in one table: who gives the most, the least, the gap, p. */
static void comparisons_table(struct sctx *c)
{
	struct pdf *p = c->p;
	const struct ind_result *r = c->r;
	double w = p->right - p->left;
	struct pdf_col cols[6];
	struct strbuf cells[6];
	struct pdf_table t;
	size_t d, k, ncols = 0;

	if (r->by_kind == BY_NUMBER) {
		cols[ncols++] = (struct pdf_col){ T(c, "Dimension", "Dimension"), w * 0.46, PDF_LEFT };
		cols[ncols++] = (struct pdf_col){ T(c, "Rho de Spearman", "Spearman's rho"), w * 0.16, PDF_RIGHT };
		cols[ncols++] = (struct pdf_col){ "p", w * 0.13, PDF_RIGHT };
		cols[ncols++] = (struct pdf_col){ T(c, "Lien", "Link"), w * 0.25, PDF_LEFT };
	} else {
		cols[ncols++] = (struct pdf_col){ T(c, "Dimension", "Dimension"), w * 0.28, PDF_LEFT };
		cols[ncols++] = (struct pdf_col){ T(c, "Score le plus élevé", "Highest score"), w * 0.2, PDF_LEFT };
		cols[ncols++] = (struct pdf_col){ T(c, "Score le plus bas", "Lowest score"), w * 0.2, PDF_LEFT };
		cols[ncols++] = (struct pdf_col){ T(c, "Écart", "Gap"), w * 0.08, PDF_RIGHT };
		cols[ncols++] = (struct pdf_col){ "p", w * 0.1, PDF_RIGHT };
		cols[ncols++] = (struct pdf_col){ T(c, "Différence", "Difference"), w * 0.14, PDF_LEFT };
	}
	for (k = 0; k < 6; k++)
		strbuf_init(&cells[k], 0);
	pdf_need(p, 60);
	pdf_table_begin(&t, p, cols, ncols, 8.5);
	for (d = 0; d < c->set->ndims; d++) {
		const struct ind_compare *cmp = &r->cmp[d];
		const char *row[6];
		char b[48];

		for (k = 0; k < 6; k++)
			strbuf_reset(&cells[k]);
		strbuf_addstr(&cells[0], dim_label(c, d));
		if (r->by_kind == BY_NUMBER) {
			if (cmp->corr.note == STAT_OK) {
				strbuf_addstr(&cells[1], fmt_num(b, sizeof(b), cmp->corr.estimate, 2, c->lang));
				strbuf_addstr(&cells[2], p_cell(b, sizeof(b), cmp->corr.p, c->lang));
				strbuf_addstr(&cells[3], cmp->corr.p < 0.05 ? T(c, "net", "clear-cut")
							    : T(c, "pas net", "not clear-cut"));
			} else {
				strbuf_addstr(&cells[1], FMT_DASH);
				strbuf_addstr(&cells[3], T(c, "trop peu de réponses", "too few answers"));
			}
		} else {
			const struct ind_group *g[64], *hi, *lo;
			size_t ng = compared_groups(c, d, g, 64);

			if (ng >= 2 && cmp->param.note == STAT_OK) {
				struct strbuf h = STRBUF_INIT;

				group_extremes(g, ng, d, &hi, &lo);
				strbuf_addf(&cells[1], "%s" FMT_NBSP "(%s)", group_heading(&h, c, hi),
					    fmt_num(b, sizeof(b), hi->cells[d].score, 1, c->lang));
				strbuf_addf(&cells[2], "%s" FMT_NBSP "(%s)", group_heading(&h, c, lo),
					    fmt_num(b, sizeof(b), lo->cells[d].score, 1, c->lang));
				strbuf_addstr(&cells[3], fmt_num(b, sizeof(b), hi->cells[d].score - lo->cells[d].score, 1, c->lang));
				strbuf_addstr(&cells[4], p_cell(b, sizeof(b), cmp->param.p, c->lang));
				strbuf_addstr(&cells[5], cmp->param.p < 0.05 ? T(c, "nette", "clear-cut")
							     : T(c, "peut tenir au hasard", "may be chance"));
				strbuf_release(&h);
			} else {
				strbuf_addstr(&cells[1], FMT_DASH);
				strbuf_addstr(&cells[5], T(c, "trop peu de réponses", "too few answers"));
			}
		}
		for (k = 0; k < ncols; k++)
			row[k] = cells[k].buf;
		pdf_table_row(&t, row, 0);
	}
	pdf_table_end(&t);
	pdf_paragraph(p, &small, r->by_kind == BY_NUMBER
		      ? T(c, "Un lien est dit net quand p < 0,05.", "A link is called clear-cut when p < 0.05.")
		      : T(c, "Scores sur 100 ; écart en points. Une différence est dite nette quand p < 0,05.",
			  "Scores out of 100; gap in points. A difference is called clear-cut when p < 0.05."));
	for (k = 0; k < 6; k++)
		strbuf_release(&cells[k]);
}

/* The way travelled by the panel's people, every dimension and pair of waves in one table. */
static void travelled_table(struct sctx *c)
{
	struct pdf *p = c->p;
	const struct ind_result *r = c->r;
	double w = p->right - p->left;
	struct pdf_col cols[6] = {
		{ T(c, "Dimension", "Dimension"), w * 0.30, PDF_LEFT },
		{ T(c, "Vagues", "Waves"), w * 0.18, PDF_LEFT },
		{ T(c, "Personnes", "People"), w * 0.12, PDF_RIGHT },
		{ T(c, "Avant", "Before"), w * 0.12, PDF_RIGHT },
		{ T(c, "Après", "After"), w * 0.12, PDF_RIGHT },
		{ "p", w * 0.16, PDF_RIGHT },
	};
	struct pdf_table t;
	size_t d, i;

	pdf_heading(p, 2, T(c, "Le chemin parcouru par les mêmes personnes", "The way travelled by the same people"), 60);
	pdf_paragraph(p, &body, T(c, "Les personnes qui ont répondu aux deux vagues sont comparées à elles-mêmes "
				  "(leurs réponses sont reliées par une clé de panel, jamais par leur nom ni leur "
				  "adresse) ; le test est le test t apparié.",
				  "The people who answered both waves are compared with themselves (their answers "
				  "are linked by a panel key, never by their name or address); the test is the paired t test."));
	pdf_table_begin(&t, p, cols, 6, 8.5);
	for (d = 0; d < c->set->ndims; d++)
		for (i = 0; i < r->npaired; i++) {
			const struct ind_paired *P = &r->paired[i];
			const struct ind_paired_dim *pd = &P->dims[d];
			char wv[128], n[32], b1[32], b2[32], pv[48];
			const char *row[6];
			int ok = pd->note == STAT_OK && pd->t.note == STAT_OK;

			snprintf(wv, sizeof(wv), "%s → %s", group_label(c, &r->groups[P->from]),
				 group_label(c, &r->groups[P->to]));
			row[0] = i == 0 ? dim_label(c, d) : "";
			row[1] = wv;
			row[2] = pd->note == STAT_SUPPRESSED ? FMT_DASH : fmt_count(n, sizeof(n), pd->npairs, c->lang);
			row[3] = ok ? fmt_num(b1, sizeof(b1), pd->before, 1, c->lang) : FMT_DASH;
			row[4] = ok ? fmt_num(b2, sizeof(b2), pd->after, 1, c->lang) : FMT_DASH;
			row[5] = ok ? p_cell(pv, sizeof(pv), pd->t.p, c->lang) : FMT_DASH;
			pdf_table_row(&t, row, 0);
		}
	pdf_table_end(&t);
}

static void comparisons_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	struct pdf_style item = body;
	struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
	size_t d;

	if (!c->r->cmp)
		return;
	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "Les différences entre groupes", "Differences between groups")), 60);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	by_phrase(&q, c);
	strbuf_addf(&sb, T(c, "Comparaison selon %s, dimension par dimension.", "Comparison by %s, dimension by dimension."), q.buf);
	pdf_paragraph(p, &body, sb.buf);
	/* The dimension pages say each comparison in a sentence: here, the table that sets them side by side. */
	if (layout_has(c, SEC_DIMENSIONS)) {
		comparisons_table(c);
		if (c->r->panel)
			travelled_table(c);
		if (something_hidden(c, -1))
			hidden_note(c);
		strbuf_release(&sb);
		strbuf_release(&q);
		return;
	}
	for (d = 0; d < c->set->ndims; d++) {
		size_t at;

		strbuf_reset(&sb);
		strbuf_addf(&sb, "• %s%s", dim_label(c, d), COLON(c));
		at = sb.len;
		if (!compare_sentence(&sb, c, d))
			continue;
		/* After a colon the sentence goes on in lower case (but not "URIOPSS"). */
		if (sb.buf[at] >= 'A' && sb.buf[at] <= 'Z' && sb.buf[at + 1] >= 'a' && sb.buf[at + 1] <= 'z')
			sb.buf[at] = (char)(sb.buf[at] - 'A' + 'a');
		pdf_paragraph(p, &item, sb.buf);
	}
	if (c->r->panel) {
		pdf_heading(p, 2, T(c, "Le chemin parcouru par les mêmes personnes",
				    "The way travelled by the same people"), 60);
		pdf_paragraph(p, &body, T(c, "Les personnes qui ont répondu aux deux vagues sont "
					  "comparées à elles-mêmes (leurs réponses sont reliées par une clé "
					  "de panel, jamais par leur nom ni leur adresse).",
					  "The people who answered both waves are compared with themselves "
					  "(their answers are linked by a panel key, never by their name or "
					  "address)."));
		for (d = 0; d < c->set->ndims; d++) {
			strbuf_reset(&sb);
			size_t at;

			strbuf_addf(&sb, "• %s%s", dim_label(c, d), COLON(c));
			at = sb.len;
			if (!travelled_sentence(&sb, c, d))
				continue;
			sb.buf[at] = (char)(sb.buf[at] - 'A' + 'a');	/* "entre", "between" */
			pdf_paragraph(p, &item, sb.buf);
		}
	}
	if (something_hidden(c, -1))
		hidden_note(c);
	strbuf_release(&sb);
	strbuf_release(&q);
}

static void reliability_section(struct sctx *c, const struct report_section *sec)
{
	struct pdf *p = c->p;
	double w = p->right - p->left;
	int multi = c->set->nsurveys > 1;
	struct pdf_col cols[5];
	struct strbuf cells[5], neg = STRBUF_INIT, flat = STRBUF_INIT;
	struct pdf_table t;
	size_t i, k, ncols = 0;

	pdf_heading(p, 1, report_text(&sec->title, c->lang, T(c, "La fiabilité des dimensions", "Reliability of the dimensions")), 80);
	if (sec->text.n)
		pdf_paragraph(p, &body, report_text(&sec->text, c->lang, ""));
	cols[ncols++] = (struct pdf_col){ T(c, "Dimension", "Dimension"), multi ? w * 0.32 : w * 0.48, PDF_LEFT };
	if (multi)
		cols[ncols++] = (struct pdf_col){ T(c, "Questionnaire", "Questionnaire"), w * 0.16, PDF_LEFT };
	cols[ncols++] = (struct pdf_col){ T(c, "Affirmations", "Statements"), w * 0.15, PDF_RIGHT };
	cols[ncols++] = (struct pdf_col){ T(c, "Répondants", "Respondents"), w * 0.14, PDF_RIGHT };
	cols[ncols++] = (struct pdf_col){ T(c, "Alpha (lecture)", "Alpha (reading)"), w * 0.23, PDF_LEFT };
	for (k = 0; k < 5; k++)
		strbuf_init(&cells[k], 0);
	pdf_table_begin(&t, p, cols, ncols, 8.5);
	for (i = 0; i < c->r->nrel; i++) {
		const struct ind_reliability *rel = &c->r->rel[i];
		const char *row[5];
		char b[32];
		size_t col = 0, it;

		if (rel->note == STAT_SUPPRESSED)
			continue;
		for (k = 0; k < 5; k++)
			strbuf_reset(&cells[k]);
		strbuf_addstr(&cells[col++], dim_label(c, rel->dim));
		if (multi)
			strbuf_addstr(&cells[col++], c->r->forms[rel->form].form_id);
		strbuf_addf(&cells[col++], "%zu", rel->nitems);
		strbuf_addstr(&cells[col++], fmt_count(b, sizeof(b), rel->alpha.n, c->lang));
		alpha_text(&cells[col++], c, rel);
		for (k = 0; k < ncols; k++)
			row[k] = cells[k].buf;
		pdf_table_row(&t, row, 0);
		for (it = 0; rel->alpha.items && it < rel->nitems; it++)
			if (!rel->item_hidden[it] && rel->alpha.items[it].r_drop < 0)
				strbuf_addf(&neg, "%s%s", neg.len ? ", " : "", rel->items[it]);
		for (it = 0; rel->alpha.items && it < rel->nitems; it++)
			if (!rel->item_hidden[it] && rel->alpha.items[it].dropped)
				strbuf_addf(&flat, "%s%s", flat.len ? ", " : "", rel->items[it]);
	}
	pdf_table_end(&t);
	pdf_paragraph(p, &small, T(c, "Lecture de l'alpha : 0,9 et plus excellente, 0,8 bonne, 0,7 acceptable, 0,6 discutable, en dessous faible (George et Mallery, 2003).",
				   "Reading alpha: 0.9 and above excellent, 0.8 good, 0.7 acceptable, 0.6 questionable, below poor (George and Mallery, 2003)."));
	if (neg.len) {
		struct strbuf sb = STRBUF_INIT;

		if (strchr(neg.buf, ','))
			strbuf_addf(&sb, T(c, "À revoir" FMT_NBSP ": %s vont à l'encontre de leur dimension (corrélation item-reste négative)" FMT_NBSP "; s'ils sont formulés à l'envers, il faut les déclarer comme tels dans le questionnaire.",
					   "To review: %s go against their dimension (negative item-rest correlation); if they are worded the other way round, declare them so in the questionnaire."),
				    neg.buf);
		else
			strbuf_addf(&sb, T(c, "À revoir" FMT_NBSP ": %s va à l'encontre de sa dimension (corrélation item-reste négative)" FMT_NBSP "; s'il est formulé à l'envers, il faut le déclarer comme tel dans le questionnaire.",
					   "To review: %s goes against its dimension (negative item-rest correlation); if it is worded the other way round, declare it so in the questionnaire."),
				    neg.buf);
		pdf_paragraph(p, &body, sb.buf);
		strbuf_release(&sb);
	}
	if (flat.len) {
		struct strbuf sb = STRBUF_INIT;

		/* As psych::alpha: an item of no variance is left out of alpha. */
		strbuf_addf(&sb, T(c, "Sans variance" FMT_NBSP ": à %s, tout le monde a donné la même réponse" FMT_NBSP "; l'alpha de sa dimension est calculé sans lui.",
				   "No variance: everyone gave the same answer to %s; its dimension's alpha is computed without it."),
			    flat.buf);
		pdf_paragraph(p, &body, sb.buf);
		strbuf_release(&sb);
	}
	for (k = 0; k < 5; k++)
		strbuf_release(&cells[k]);
	strbuf_release(&neg);
	strbuf_release(&flat);
}

void report_social_section(struct pdf *p, const struct report_input *in,
			   const struct report_section *s)
{
	struct sctx c;
	size_t d;

	c.p = p;
	c.in = in;
	c.ri = in->ind;
	c.set = in->ind->set;
	c.r = in->ind->res;
	c.lang = in->lang;
	c.fr = fmt_is_fr(in->lang);
	c.min_group = c.r->min_group;
	switch (s->type) {
	case SEC_SUMMARY:
		summary_section(&c, s);
		break;
	case SEC_METHOD:
		method_section(&c, s);
		break;
	case SEC_RADAR:
		radar_section(&c, s);
		break;
	case SEC_COMPOSITE:
		composite_section(&c, s);
		break;
	case SEC_SCORES:
		scores_section(&c, s);
		break;
	case SEC_DIMENSIONS:
		for (d = 0; d < c.set->ndims; d++)
			dimension_page(&c, d, s->likert);
		break;
	case SEC_COMPARISONS:
		comparisons_section(&c, s);
		break;
	case SEC_RELIABILITY:
		reliability_section(&c, s);
		break;
	default:
		break;
	}
}
