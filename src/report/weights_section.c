/*
 * weights_section: the social-utility report's `weights_sensitivity`
 * section (issue 16, part 4): how much the composite index depends on the
 * weights the pilot group chose, in plain words — « avec les pondérations
 * de chacun des membres du groupe pilote, l'indice reste entre 58 et 63 » —
 * with the interval of each group shown and, for every two groups, how
 * often their order stays.  The figures come computed in
 * report_input.wsens (analysis/sensitivity.h); groups too small were never
 * in it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/strbuf.h"

#define T(fr, f, e) ((fr) ? (f) : (e))

static const struct pdf_style body = { 0, 10.5, 1.38, PDF_TEXT, PDF_LEFT, 0, 6 };
static const struct pdf_style small = { 0, 8.5, 1.3, PDF_GREY, PDF_LEFT, 0, 4 };
static const struct pdf_style keyfig = { 1, 12, 1.3, PDF_TEXT, PDF_LEFT, 0, 2 };

/* A group's label: everyone, else its label in the report's language, else its key. */
static const char *label_of(const struct ind_group *g, size_t i, const char *lang, int fr)
{
	const char *l;

	if (i == 0)
		return T(fr, "Ensemble", "Everyone");
	l = an_text_get(&g->label, lang);
	return l ? l : g->key ? g->key : "?";
}

/* A group as in a sentence: the layout's name for it, else « label ». */
static void phrase(struct strbuf *sb, const struct report_input *in, const struct ind_group *g, size_t i,
		   int fr)
{
	const struct report_layout *l = in->layout;

	for (size_t k = 0; g->key && k < l->ngroups; k++)
		if (!strcmp(l->groups[k].key, g->key)) {
			strbuf_addstr(sb, an_text_get(&l->groups[k].name, in->lang));
			return;
		}
	strbuf_addf(sb, "%s%s%s%s", T(fr, "les répondants ", "respondents "), T(fr, "«" FMT_NBSP, "“"),
		    label_of(g, i, in->lang, fr), T(fr, FMT_NBSP "»", "”"));
}

/* "of" + the group: French contracts « de les » into « des », « de le » into « du ». */
static void of_phrase(struct strbuf *sb, const struct report_input *in, const struct ind_group *g, size_t i,
		      int fr)
{
	struct strbuf t = STRBUF_INIT;

	phrase(&t, in, g, i, fr);
	if (!fr)
		strbuf_addf(sb, "of %s", t.buf);
	else if (!strncmp(t.buf, "les ", 4))
		strbuf_addf(sb, "des %s", t.buf + 4);
	else if (!strncmp(t.buf, "le ", 3))
		strbuf_addf(sb, "du %s", t.buf + 3);
	else
		strbuf_addf(sb, "de %s", t.buf);
	strbuf_release(&t);
}

/* The two ends of an interval, to the unit when it is wide enough, else to a tenth. */
static void ends(char *a, char *b, size_t n, double lo, double hi, const char *lang)
{
	int dec = hi - lo >= 2 ? 0 : 1;

	fmt_num(a, n, lo, dec, lang);
	fmt_num(b, n, hi, dec, lang);
}

void report_weights_section(struct pdf *p, const struct report_input *in, const struct report_section *s)
{
	const struct wsens_report *w = in->wsens;
	int fr = fmt_is_fr(in->lang), members;
	size_t nsure = 0;
	struct strbuf sb = STRBUF_INIT;
	char a[32], b[32], c[32];

	if (!w || !w->ngroups)
		return;
	members = w->opt.mode == WSENS_MEMBERS;
	pdf_heading(p, 1, report_text(&s->title, in->lang, T(fr, "L'indice et les pondérations du groupe pilote",
							      "The index and the pilot group's weights")),
		    140);
	if (s->text.n)
		pdf_paragraph(p, &body, report_text(&s->text, in->lang, ""));
	strbuf_addf(&sb, T(fr, "Les %zu membres du groupe pilote ont donné chacun leurs poids des dimensions, %s. "
			   "Pour voir combien l'indice dépend des poids, il est calculé à nouveau ",
			   "The %zu members of the pilot group each gave their weights of the dimensions, %s. "
			   "To see how much the index depends on the weights, it is computed again "), w->nmem,
		    w->method ? T(fr, "par des comparaisons deux à deux", "by pairwise comparisons")
			      : T(fr, "en répartissant 100 points", "by sharing 100 points"));
	if (members)
		strbuf_addstr(&sb, T(fr, "avec les pondérations de chaque membre.",
				     "with each member's weights."));
	else
		strbuf_addf(&sb, T(fr, "avec %s pondérations tirées au hasard autour de celles de l'indice "
				   "(loi de Dirichlet de concentration %s, graine %llu)" FMT_NBSP "; l'intervalle "
				   "retient 95" FMT_NBSP "%% des tirages.",
				   "with %s weights drawn at random around the index's (a Dirichlet distribution "
				   "of concentration %s, seed %llu); the interval holds 95%% of the draws."),
			    fmt_count(a, sizeof(a), w->opt.draws, in->lang),
			    fmt_num(b, sizeof(b), w->opt.concentration, 0, in->lang),
			    (unsigned long long)w->opt.seed);
	pdf_paragraph(p, &body, sb.buf);
	/* the key sentence, on the overall index */
	strbuf_reset(&sb);
	ends(a, b, sizeof(a), w->res.g[0].lo, w->res.g[0].hi, in->lang);
	fmt_num(c, sizeof(c), w->res.g[0].base, 1, in->lang);
	if (members)
		strbuf_addf(&sb, T(fr, "Avec les pondérations de chacun des membres du groupe pilote, l'indice reste "
				   "entre %s et %s (%s avec les poids de l'indice).",
				   "With the weights of each member of the pilot group, the index stays between %s "
				   "and %s (%s with the index's weights)."), a, b, c);
	else
		strbuf_addf(&sb, T(fr, "Avec des pondérations proches de celles de l'indice, l'indice reste entre %s "
				   "et %s (%s avec les poids de l'indice).",
				   "With weights close to the index's, the index stays between %s and %s (%s with its "
				   "weights)."), a, b, c);
	pdf_paragraph(p, &keyfig, sb.buf);
	if (w->ngroups > 1) {
		double wd = p->right - p->left;
		struct pdf_col cols[3] = {
			{ T(fr, "Groupe", "Group"), wd * 0.5, PDF_LEFT },
			{ T(fr, "Indice", "Index"), wd * 0.25, PDF_RIGHT },
			{ members ? T(fr, "Selon le membre", "By member") : T(fr, "Intervalle à 95" FMT_NBSP "%", "95% interval"),
			  wd * 0.25, PDF_RIGHT },
		};
		struct pdf_table t;

		pdf_table_begin(&t, p, cols, 3, 9);
		for (size_t g = 0; g < w->ngroups; g++) {
			char iv[80];
			const char *cells[3];

			snprintf(iv, sizeof(iv), "%s – %s", fmt_num(a, sizeof(a), w->res.g[g].lo, 1, in->lang),
				 fmt_num(b, sizeof(b), w->res.g[g].hi, 1, in->lang));
			cells[0] = label_of(w->groups[g], g, in->lang, fr);
			cells[1] = fmt_num(c, sizeof(c), w->res.g[g].base, 1, in->lang);
			cells[2] = iv;
			pdf_table_row(&t, cells, 0);
		}
		pdf_table_end(&t);
	}
	/* the comparisons whose order may change, one sentence each; the others together */
	for (size_t k = 0; k < w->res.npair; k++) {
		const struct wsens_pair *P = &w->res.pair[k];
		size_t kept = (size_t)floor(P->p_keep * (double)w->res.nvec + 0.5);

		if (members ? kept == w->res.nvec : P->p_keep >= 0.95) {
			nsure++;
			continue;
		}

		strbuf_reset(&sb);
		strbuf_addstr(&sb, T(fr, "L'indice ", "The index "));
		of_phrase(&sb, in, w->groups[P->a], P->a, fr);
		strbuf_addstr(&sb, T(fr, " reste au-dessus de celui ", " stays above that "));
		of_phrase(&sb, in, w->groups[P->b], P->b, fr);
		if (members)
			strbuf_addf(&sb, T(fr, " avec les pondérations de %zu membres sur %zu (%s).",
					   " with the weights of %zu members out of %zu (%s)."), kept, w->res.nvec,
				    fmt_pct(a, sizeof(a), 100 * P->p_keep, 0, in->lang));
		else
			strbuf_addf(&sb, T(fr, " dans %s des tirages.", " in %s of the draws."),
				    fmt_pct(a, sizeof(a), 100 * P->p_keep, 0, in->lang));
		pdf_paragraph(p, &body, sb.buf);
	}
	if (nsure) {
		strbuf_reset(&sb);
		if (nsure == w->res.npair && members)
			strbuf_addstr(&sb, T(fr, "Avec les pondérations de chacun des membres, l'ordre des groupes ne "
					     "change pas.", "With each member's weights, the groups keep their order."));
		else if (nsure == w->res.npair)
			strbuf_addstr(&sb, T(fr, "Dans au moins 95" FMT_NBSP "% des tirages, l'ordre des groupes ne "
					     "change pas.", "In at least 95% of the draws, the groups keep their order."));
		else if (members)
			strbuf_addf(&sb, T(fr, "Les %zu autres comparaisons gardent leur sens avec les pondérations de "
					   "chacun des membres.", "The %zu other comparisons keep their direction with "
					   "every member's weights."), nsure);
		else
			strbuf_addf(&sb, T(fr, "Les %zu autres comparaisons gardent leur sens dans au moins 95" FMT_NBSP
					   "%% des tirages.", "The %zu other comparisons keep their direction in at "
					   "least 95%% of the draws."), nsure);
		pdf_paragraph(p, &body, sb.buf);
	}
	pdf_paragraph(p, &small, T(fr, "Les groupes trop petits pour être montrés ne le sont pas ici non plus. "
				   "Cet intervalle ne dit rien de l'incertitude due à l'échantillon, donnée avec "
				   "l'indice composite.",
				   "Groups too small to be shown are not shown here either. This interval says "
				   "nothing of the uncertainty due to the sample, given with the composite index."));
	strbuf_release(&sb);
}
