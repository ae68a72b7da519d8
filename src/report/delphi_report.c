/*
 * delphi_report: the co-construction report (PDF, French, for the pilot
 * group) and the analysts' workbook (XLSX) of a referential's Delphi
 * rounds (delphi_report.h).  Figures about fewer ratings than the
 * referential's min_group are not in either: the results already hold
 * NaN and shown = 0 for them, and the comments of such a round are
 * withheld.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "report/delphi_report.h"
#include "report/pdf.h"
#include "report/xlsx_check.h"
#include "util/afile.h"
#include "util/numfmt.h"
#include "util/strbuf.h"
#include "version.h"

/* A figure in French (util/numfmt.h): "7", "6,5", "0,23"; "–" when not shown. */
static const char *fr_num(char *buf, size_t n, double v, int dec)
{
	return numfmt(buf, n, v, dec, NUMFMT_TRIM, "fr");
}

/* Why the verdict, in French, into sb. */
static int reason_fr(struct strbuf *sb, const struct referential *ref, const struct delphi_stat *s)
{
	char m[16], a[16], di[16], lo[8], hi[8], need[16];

	if (!s->shown)
		return strbuf_addf(sb, "moins de %d notes : aucun chiffre n'est montré, l'indicateur reste "
				   "à discuter", ref->min_group);
	fr_num(m, sizeof(m), s->median, 1);
	fr_num(a, sizeof(a), 100 * s->agreement, 0);
	fr_num(di, sizeof(di), s->di, 2);
	snprintf(lo, sizeof(lo), "%d", s->band_lo);
	snprintf(hi, sizeof(hi), "%d", s->band_hi);
	if (ref->rule.disagreement && s->disagreement)
		return strbuf_addf(sb, "médiane %s, mais les avis divergent (indice de désaccord %s, au-dessus "
				   "de 1)", m, di);
	switch (s->verdict) {
	case DELPHI_KEPT:
		return strbuf_addf(sb, "médiane %s, %s %% des notes entre %s et %s, sans désaccord (indice %s)",
				   m, a, lo, hi, di);
	case DELPHI_DROPPED:
		return strbuf_addf(sb, "médiane %s, dans le tiers bas, sans désaccord (indice %s)", m, di);
	default:
		if (s->median >= ref->rule.keep)
			return strbuf_addf(sb, "médiane %s, mais %s %% seulement des notes entre %s et %s (il en "
					   "faut %s %%)", m, a, lo, hi,
					   fr_num(need, sizeof(need), 100 * ref->rule.agreement, 0));
		return strbuf_addf(sb, "médiane %s, entre %d et %d : ni retenu ni écarté", m,
				   ref->rule.drop + 1, ref->rule.keep - 1);
	}
}

/* The stakes' weights the pilot group gave (or that it has not), with their spread. */
static void weights_pdf(struct pdf *p, const struct delphi_report *in, const struct pdf_style *body,
			const struct pdf_style *small, const struct pdf_style *item)
{
	const struct referential *ref = in->ref;
	const struct weights_result *w = in->weights;
	static const struct pdf_col cols[] = {
		{ "Enjeu", 190, PDF_LEFT }, { "Poids du groupe", 70, PDF_RIGHT },
		{ "Moitié des membres", 90, PDF_RIGHT }, { "Du plus bas au plus haut", 100, PDF_RIGHT },
	};
	struct strbuf sb = STRBUF_INIT;
	struct pdf_table t;

	if (!w) {
		pdf_paragraph(p, small, "Les poids des enjeux ne sont pas encore choisis par le groupe : dans le "
			      "jeu d'indicateurs écrit à partir de ces tours, chaque enjeu compte autant.");
		return;
	}
	pdf_heading(p, 1, "Les poids des enjeux", 80);
	if (!w->shown) {
		strbuf_addf(&sb, "Moins de %d membres ont donné les poids des enjeux : ils ne sont pas montrés, "
			    "et chaque enjeu compte autant dans le jeu d'indicateurs.", ref->min_group);
		pdf_paragraph(p, body, sb.buf);
		strbuf_release(&sb);
		return;
	}
	if (w->method == WEIGHTS_POINTS)
		strbuf_addf(&sb, "%zu membres ont réparti 100 points entre les %zu enjeux. Le poids du groupe est "
			    "la moyenne des parts données par chacun.", w->nmem, ref->nstakes);
	else
		strbuf_addf(&sb, "%zu membres ont comparé les %zu enjeux deux à deux sur l'échelle de Saaty (de 1, "
			    "autant, à 9, absolument plus). Les poids de chacun sont le vecteur propre principal de "
			    "ses comparaisons (méthode AHP) ; ceux du groupe viennent de la moyenne géométrique des "
			    "comparaisons de tous les membres.", w->nmem, ref->nstakes);
	strbuf_addstr(&sb, " Ce sont les poids du jeu d'indicateurs écrit à partir de ces tours.");
	pdf_paragraph(p, body, sb.buf);
	pdf_table_begin(&t, p, cols, sizeof(cols) / sizeof(cols[0]), 9);
	for (size_t i = 0; i < ref->nstakes; i++) {
		char g[16], a[16], b[16], lo[16], hi[16], q[48], mm[48];
		const char *cells[4];

		snprintf(q, sizeof(q), "%s – %s %%", fr_num(a, sizeof(a), 100 * w->q1[i], 1),
			 fr_num(b, sizeof(b), 100 * w->q3[i], 1));
		snprintf(mm, sizeof(mm), "%s – %s %%", fr_num(lo, sizeof(lo), 100 * w->min[i], 1),
			 fr_num(hi, sizeof(hi), 100 * w->max[i], 1));
		fr_num(g, sizeof(g), 100 * w->group[i], 1);
		strcat(g, " %");
		cells[0] = ref->stakes[i].label.fr;
		cells[1] = g;
		cells[2] = q;
		cells[3] = mm;
		pdf_table_row(&t, cells, 0);
	}
	pdf_table_end(&t);
	if (w->method == WEIGHTS_AHP) {
		char cr[16];

		strbuf_reset(&sb);
		strbuf_addf(&sb, "Cohérence : le ratio de cohérence des comparaisons du groupe est de %s (Saaty "
			    "tient pour cohérent ce qui ne dépasse pas 0,10). ",
			    fr_num(cr, sizeof(cr), w->group_cr, 3));
		if (!w->ninconsistent) {
			strbuf_addstr(&sb, "Les comparaisons de chaque membre sont cohérentes.");
		} else {
			int first = 1;

			strbuf_addf(&sb, "%zu membre%s sur %zu %s des comparaisons incohérentes (ratio au-dessus de "
				    "0,10) : n° ", w->ninconsistent, w->ninconsistent > 1 ? "s" : "", w->nmem,
				    w->ninconsistent > 1 ? "ont" : "a");
			for (size_t m = 0; m < w->nmem; m++)
				if (w->inconsistent[m]) {
					strbuf_addf(&sb, "%s%zu", first ? "" : ", ", m + 1);
					first = 0;
				}
			strbuf_addstr(&sb, " dans le tableau ci-dessous. Leurs poids comptent dans ceux du groupe ; "
				      "le groupe peut leur proposer de revoir leurs comparaisons.");
		}
		pdf_paragraph(p, body, sb.buf);
	}
	pdf_heading(p, 2, "Les poids de chaque membre", 40);
	pdf_paragraph(p, small, "Sans nom : les membres sont numérotés dans l'ordre de leurs poids, pas dans "
		      "celui des liens.");
	for (size_t m = 0; m < w->nmem; m++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "n° %zu : ", m + 1);
		for (size_t i = 0; i < ref->nstakes; i++) {
			char v[16];

			strbuf_addf(&sb, "%s%s %s %%", i ? ", " : "", ref->stakes[i].label.fr,
				    fr_num(v, sizeof(v), 100 * w->w[m * ref->nstakes + i], 1));
		}
		if (w->method == WEIGHTS_AHP) {
			char v[16];

			strbuf_addf(&sb, " (ratio de cohérence %s%s)", fr_num(v, sizeof(v), w->cr[m], 2),
				    w->inconsistent[m] ? ", incohérent" : "");
		}
		pdf_paragraph(p, item, sb.buf);
	}
	strbuf_release(&sb);
}

/* Lay the report out on a new document (*out), telling obs (NULL: nobody).  0 or -1 with err. */
static int delphi_layout(const struct delphi_report *in, const struct pdf_observer *obs, struct pdf **out,
			 struct error *err)
{
	const struct referential *ref = in->ref;
	const struct delphi_result *last = in->results[in->nrounds];
	struct pdf_style body = { 0, 10.5, 1.4, PDF_TEXT, PDF_LEFT, 0, 6 };
	struct pdf_style small = { 0, 9, 1.35, PDF_GREY, PDF_LEFT, 0, 4 };
	struct pdf_style item = { 0, 10, 1.35, PDF_TEXT, PDF_LEFT, 14, 3 };
	struct pdf_opts o = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct pdf *p;
	char title[512];

	snprintf(title, sizeof(title), "La co-construction du référentiel : %s", ref->title.fr);
	o.title = title;
	o.subject = "Tours Delphi du groupe pilote";
	o.lang = "fr-FR";
	o.font_dir = in->font_dir;
	o.when = in->when;
	if (pdf_open(&p, &o, err) < 0)
		return -1;
	p->obs = obs;
	strbuf_addf(&sb, "utilis %s · %s · %s · %d tour%s", UTILIS_VERSION, ref->file, in->form_id,
		    in->nrounds, in->nrounds > 1 ? "s" : "");
	if (pdf_set_footer(p, sb.buf) < 0) {
		strbuf_release(&sb);
		pdf_free(p);
		return error_set(err, "out of memory");
	}
	pdf_new_page(p);
	pdf_heading(p, 0, title, 80);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "Le groupe pilote a noté les %zu indicateurs candidats du référentiel (%zu enjeux, "
		    "%zu critères) en %d tour%s, à la manière de la méthode RAND/UCLA : chaque membre donne à "
		    "chaque indicateur une note de 1 (pas du tout pertinent) à 9 (tout à fait pertinent), avec "
		    "un commentaire s'il le souhaite. À partir du deuxième tour, chacun voit la médiane et "
		    "l'écart interquartile des notes du groupe au tour précédent, et sa propre note, qu'il garde "
		    "ou change ; personne ne voit la note d'un autre membre.",
		    ref->nind, ref->nstakes, ref->ncrit, in->nrounds, in->nrounds > 1 ? "s" : "");
	pdf_paragraph(p, &body, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "La règle, écrite dans le référentiel : un indicateur est retenu quand la médiane de "
		    "ses notes est de %d ou plus%s, écarté quand elle est de %d ou moins%s, et reste à discuter "
		    "sinon. ", ref->rule.keep, ref->rule.disagreement ? " sans désaccord" : "",
		    ref->rule.drop, ref->rule.disagreement ? " sans désaccord" : "");
	if (ref->rule.disagreement)
		strbuf_addstr(&sb, "Il y a désaccord quand l'indice de désaccord de RAND dépasse 1 : l'écart "
			      "entre le 30e et le 70e centile des notes, rapporté à l'écart que la méthode tolère "
			      "(2,35 + 1,5 × l'asymétrie des notes autour du milieu de l'échelle). ");
	strbuf_addf(&sb, "Aucun chiffre ne porte sur moins de %d notes.", ref->min_group);
	pdf_paragraph(p, &body, sb.buf);

	/* what was kept and why */
	pdf_heading(p, 1, "Ce qui est retenu, et pourquoi", 60);
	strbuf_reset(&sb);
	if (in->rounds[in->nrounds]->nmem >= (size_t)ref->min_group)
		strbuf_addf(&sb, "D'après le tour %d (%zu membres).", in->nrounds, in->rounds[in->nrounds]->nmem);
	else
		strbuf_addf(&sb, "D'après le tour %d (moins de %d membres).", in->nrounds, ref->min_group);
	pdf_paragraph(p, &body, sb.buf);
	for (int v = 0; v < 4; v++) {
		static const enum delphi_verdict order[] = { DELPHI_KEPT, DELPHI_DISCUSS, DELPHI_TOO_FEW,
							     DELPHI_DROPPED };
		static const char *const heads[] = { "Indicateurs retenus", "À discuter en réunion",
						     "Trop peu de notes", "Indicateurs écartés" };
		int any = 0;

		for (size_t k = 0; k < ref->nind; k++) {
			const struct ref_indicator *ind = &ref->ind[k];

			if (last->rel[k].verdict != order[v])
				continue;
			if (!any)
				pdf_heading(p, 2, heads[v], 30);
			any = 1;
			strbuf_reset(&sb);
			strbuf_addf(&sb, "• %s (%s) : ", ind->label.fr, ref->stakes[ind->stake].label.fr);
			reason_fr(&sb, ref, &last->rel[k]);
			strbuf_addstr(&sb, ".");
			pdf_paragraph(p, &item, sb.buf);
		}
	}
	weights_pdf(p, in, &body, &small, &item);

	/* the rounds */
	for (int r = 1; r <= in->nrounds; r++) {
		const struct delphi_result *res = in->results[r];
		static const struct pdf_col cols[] = {
			{ "Indicateur", 170, PDF_LEFT }, { "Notes", 38, PDF_RIGHT },
			{ "Médiane", 46, PDF_RIGHT }, { "Moitié des notes", 62, PDF_RIGHT },
			{ "Désaccord", 52, PDF_RIGHT }, { "Stables", 44, PDF_RIGHT },
			{ "Verdict", 71, PDF_LEFT },
		};
		struct pdf_table t;
		char head[64];

		snprintf(head, sizeof(head), "Tour %d", r);
		pdf_heading(p, 1, head, 80);
		strbuf_reset(&sb);
		if (in->rounds[r]->nmem >= (size_t)ref->min_group)
			strbuf_addf(&sb, "%zu membres ont répondu.", in->rounds[r]->nmem);
		else
			strbuf_addf(&sb, "Moins de %d membres ont répondu : aucun chiffre n'est montré.",
				    ref->min_group);
		if (res->w_shown) {
			char w[16];

			strbuf_addf(&sb, " Concordance des classements des membres (W de Kendall) : %s, sur les "
				    "%zu membres qui ont noté tous les indicateurs.", fr_num(w, sizeof(w), res->w.w, 2),
				    res->w.m);
		}
		if (r > 1)
			strbuf_addstr(&sb, " « Stables » : la part des membres, parmi ceux qui ont noté "
				      "l'indicateur aux deux tours, dont la note est restée dans le même tiers de "
				      "l'échelle.");
		pdf_paragraph(p, &body, sb.buf);
		pdf_table_begin(&t, p, cols, sizeof(cols) / sizeof(cols[0]), 8.5);
		for (size_t k = 0; k < ref->nind; k++) {
			const struct delphi_stat *s = &res->rel[k];
			char n[16], m[16], q[40], a[16], b[16], di[16], st[16];
			const char *cells[7];

			if (s->shown)
				snprintf(n, sizeof(n), "%zu", s->n);
			else
				snprintf(n, sizeof(n), "< %d", ref->min_group);
			fr_num(m, sizeof(m), s->median, 1);
			if (s->shown)
				snprintf(q, sizeof(q), "%s – %s", fr_num(a, sizeof(a), s->q1, 2),
					 fr_num(b, sizeof(b), s->q3, 2));
			else
				snprintf(q, sizeof(q), "%s", NUMFMT_DASH);
			fr_num(di, sizeof(di), s->di, 2);
			if (res->stab && res->stab[k].shown)
				snprintf(st, sizeof(st), "%s %%", fr_num(b, sizeof(b), 100 * res->stab[k].same_band, 0));
			else
				snprintf(st, sizeof(st), "%s", NUMFMT_DASH);
			cells[0] = ref->ind[k].label.fr;
			cells[1] = n;
			cells[2] = m;
			cells[3] = q;
			cells[4] = di;
			cells[5] = st;
			cells[6] = delphi_verdict_fr(s->verdict);
			pdf_table_row(&t, cells, 0);
		}
		pdf_table_end(&t);
	}

	/* the comments of the last round */
	if (in->rounds[in->nrounds]->nmem >= (size_t)ref->min_group) {
		int any = 0;

		for (size_t k = 0; k < ref->nind; k++) {
			if (!last->ncomments[k])
				continue;
			if (!any) {
				char head[64];

				snprintf(head, sizeof(head), "Les commentaires du tour %d", in->nrounds);
				pdf_heading(p, 1, head, 60);
				pdf_paragraph(p, &small, "Sans nom, dans l'ordre alphabétique.");
			}
			any = 1;
			pdf_heading(p, 2, ref->ind[k].label.fr, 24);
			for (size_t j = 0; j < last->ncomments[k]; j++) {
				strbuf_reset(&sb);
				strbuf_addf(&sb, "« %s »", last->comments[k][j]);
				pdf_paragraph(p, &item, sb.buf);
			}
		}
	}
	strbuf_release(&sb);
	*out = p;
	return 0;
}

int delphi_report_pdf(const struct delphi_report *in, const char *path, struct error *err)
{
	struct pdf *p;
	int rc;

	if (delphi_layout(in, NULL, &p, err) < 0)
		return -1;
	rc = pdf_save(p, path, AFILE_PUBLIC, err);
	pdf_free(p);
	return rc;
}

int delphi_report_observe(const struct delphi_report *in, const struct pdf_observer *obs, char **footer,
			  struct error *err)
{
	struct pdf *p;
	int rc = 0;

	*footer = NULL;
	if (delphi_layout(in, obs, &p, err) < 0)
		return -1;
	if (p->failed)
		rc = error_set(err, "%s", p->err.msg);
	else if (p->error)
		rc = error_set(err, "cannot lay the report out (libharu error 0x%04lX, detail %lu)", p->error,
			       p->detail);
	else if (p->footer && !(*footer = strdup(p->footer)))
		rc = error_set(err, "out of memory");
	pdf_free(p);
	return rc;
}

/* --- the workbook ------------------------------------------------------------------------- */

struct wb {
	lxw_workbook *wb;
	lxw_format *head, *num2, *wrap;
	struct error *err;
	int failed;
};

static void check(struct wb *c, lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR && !c->failed) {
		error_set(c->err, "cannot write the workbook (%s): %s", what, lxw_strerror(e));
		c->failed = 1;
	}
}

static void put_str(struct wb *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const char *s,
		    lxw_format *f)
{
	if (s && *s)
		check(c, worksheet_write_string(ws, r, col, s, f), "a text cell");
}

static void put_num(struct wb *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, double v,
		    lxw_format *f)
{
	if (!isnan(v) && !isinf(v))
		check(c, worksheet_write_number(ws, r, col, v, f), "a number cell");
}

static void sheet_round(struct wb *c, const struct delphi_report *in, int r)
{
	static const char *const heads[] = {
		"stake", "criterion", "indicator", "label", "source", "n", "median", "q1", "q3", "iqr",
		"p30", "p70", "ipr", "asymmetry", "ipras", "disagreement_index", "agreement", "verdict",
		"feasibility_n", "feasibility_median", "feasibility_iqr", "same_third", "changed",
		"mean_change", "comments",
	};
	const struct referential *ref = in->ref;
	const struct delphi_result *res = in->results[r];
	char name[32];
	lxw_worksheet *ws;

	snprintf(name, sizeof(name), "Round %d", r);
	ws = workbook_add_worksheet(c->wb, name);
	if (!ws) {
		if (!c->failed)
			error_set(c->err, "cannot add the sheet '%s'", name);
		c->failed = 1;
		return;
	}
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		put_str(c, ws, 0, (lxw_col_t)i, heads[i], c->head);
	worksheet_freeze_panes(ws, 1, 3);
	for (size_t k = 0; k < ref->nind && !c->failed; k++) {
		const struct ref_indicator *ind = &ref->ind[k];
		const struct delphi_stat *s = &res->rel[k];
		lxw_row_t row = (lxw_row_t)(k + 1);
		char src[160];
		struct strbuf com = STRBUF_INIT;

		if (ind->source == REF_SOURCE_SURVEY)
			snprintf(src, sizeof(src), "%s:%s", ind->form_id, ind->question);
		else
			snprintf(src, sizeof(src), "figure");
		put_str(c, ws, row, 0, ref->stakes[ind->stake].id, NULL);
		put_str(c, ws, row, 1, ref->crit[ind->criterion].id, NULL);
		put_str(c, ws, row, 2, ind->id, NULL);
		put_str(c, ws, row, 3, ind->label.fr, NULL);
		put_str(c, ws, row, 4, src, NULL);
		if (s->shown)
			put_num(c, ws, row, 5, (double)s->n, NULL);
		else
			put_str(c, ws, row, 5, "suppressed", NULL);
		put_num(c, ws, row, 6, s->median, c->num2);
		put_num(c, ws, row, 7, s->q1, c->num2);
		put_num(c, ws, row, 8, s->q3, c->num2);
		put_num(c, ws, row, 9, s->iqr, c->num2);
		put_num(c, ws, row, 10, s->p30, c->num2);
		put_num(c, ws, row, 11, s->p70, c->num2);
		put_num(c, ws, row, 12, s->ipr, c->num2);
		put_num(c, ws, row, 13, s->ai, c->num2);
		put_num(c, ws, row, 14, s->ipras, c->num2);
		put_num(c, ws, row, 15, s->di, c->num2);
		put_num(c, ws, row, 16, s->agreement, c->num2);
		put_str(c, ws, row, 17, delphi_verdict_id(s->verdict), NULL);
		if (res->feas && res->feas[k].shown) {
			put_num(c, ws, row, 18, (double)res->feas[k].n, NULL);
			put_num(c, ws, row, 19, res->feas[k].median, c->num2);
			put_num(c, ws, row, 20, res->feas[k].iqr, c->num2);
		}
		if (res->stab && res->stab[k].shown) {
			put_num(c, ws, row, 21, res->stab[k].same_band, c->num2);
			put_num(c, ws, row, 22, (double)res->stab[k].changed, NULL);
			put_num(c, ws, row, 23, res->stab[k].mean_change, c->num2);
		}
		if (res->comments[k]) {
			for (size_t j = 0; j < res->ncomments[k]; j++)
				strbuf_addf(&com, "%s%s", j ? "\n" : "", res->comments[k][j]);
			/* a comment is text a member typed: never a formula */
			if (com.len)
				check(c, worksheet_write_string(ws, row, 24, com.buf, c->wrap), "a comment");
		}
		strbuf_release(&com);
	}
	worksheet_set_column(ws, 0, 2, 22, NULL);
	worksheet_set_column(ws, 3, 3, 40, NULL);
	worksheet_set_column(ws, 24, 24, 60, NULL);
	if (res->w_shown) {
		lxw_row_t row = (lxw_row_t)(ref->nind + 2);

		put_str(c, ws, row, 0, "kendall_w", c->head);
		put_num(c, ws, row, 1, res->w.w, c->num2);
		put_str(c, ws, row, 2, "members", c->head);
		put_num(c, ws, row, 3, (double)res->w.m, NULL);
		put_str(c, ws, row, 4, "p", c->head);
		put_num(c, ws, row, 5, res->w.p, NULL);
	}
}

/* The sheet of the weights: the group's with their spread, then each member's (anonymous). */
static void sheet_weights(struct wb *c, const struct delphi_report *in)
{
	static const char *const heads[] = { "member", "stake", "weight", "mean", "min", "q1", "median",
					     "q3", "max", "cr", "inconsistent" };
	const struct weights_result *w = in->weights;
	const struct referential *ref = in->ref;
	size_t nd = ref->nstakes;
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, "Weights");
	lxw_row_t row = 1;

	if (!ws) {
		if (!c->failed)
			error_set(c->err, "cannot add the sheet 'Weights'");
		c->failed = 1;
		return;
	}
	for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		put_str(c, ws, 0, (lxw_col_t)k, heads[k], c->head);
	for (size_t i = 0; i < nd; i++, row++) {
		put_str(c, ws, row, 0, "group", NULL);
		put_str(c, ws, row, 1, ref->stakes[i].id, NULL);
		put_num(c, ws, row, 2, w->group[i], NULL);
		put_num(c, ws, row, 3, w->mean[i], NULL);
		put_num(c, ws, row, 4, w->min[i], NULL);
		put_num(c, ws, row, 5, w->q1[i], NULL);
		put_num(c, ws, row, 6, w->median[i], NULL);
		put_num(c, ws, row, 7, w->q3[i], NULL);
		put_num(c, ws, row, 8, w->max[i], NULL);
		if (w->method == WEIGHTS_AHP)
			put_num(c, ws, row, 9, w->group_cr, NULL);
	}
	for (size_t m = 0; m < w->nmem; m++)
		for (size_t i = 0; i < nd; i++, row++) {
			put_num(c, ws, row, 0, (double)(m + 1), NULL);
			put_str(c, ws, row, 1, ref->stakes[i].id, NULL);
			put_num(c, ws, row, 2, w->w[m * nd + i], NULL);
			if (w->method == WEIGHTS_AHP) {
				put_num(c, ws, row, 9, w->cr[m], NULL);
				put_str(c, ws, row, 10, w->inconsistent[m] ? "yes" : "no", NULL);
			}
		}
	worksheet_set_column(ws, 1, 1, 18, NULL);
}

int delphi_report_xlsx(const struct delphi_report *in, const char *path, struct error *err)
{
	lxw_workbook_options opts;
	lxw_doc_properties props;
	struct wb c;
	struct afile f;
	lxw_worksheet *ws;
	lxw_error e;
	char title[300];

	memset(&c, 0, sizeof(c));
	c.err = err;
	if (afile_open(&f, path, AFILE_PRIVATE, err) < 0)
		return -1;
	if (afile_close_fd(&f, err) < 0) {
		afile_abort(&f);
		return -1;
	}
	memset(&opts, 0, sizeof(opts));
	c.wb = workbook_new_opt(f.tmp, &opts);
	if (!c.wb) {
		error_set(err, "cannot write '%s': libxlsxwriter could not start the workbook", path);
		afile_abort(&f);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	snprintf(title, sizeof(title), "%s — Delphi", in->ref->title.en);
	props.title = title;
	props.comments = (char *)"utilis " UTILIS_VERSION;
	props.created = in->when;
	workbook_set_properties(c.wb, &props);
	c.head = workbook_add_format(c.wb);
	format_set_bold(c.head);
	format_set_bg_color(c.head, 0xE8EEF5);
	c.num2 = workbook_add_format(c.wb);
	format_set_num_format(c.num2, "0.00");
	c.wrap = workbook_add_format(c.wb);
	format_set_text_wrap(c.wrap);
	for (int r = 1; r <= in->nrounds && !c.failed; r++)
		sheet_round(&c, in, r);
	if (!c.failed && in->weights && in->weights->shown)
		sheet_weights(&c, in);
	ws = c.failed ? NULL : workbook_add_worksheet(c.wb, "Method");
	if (ws) {
		char line[400], share[32];

		put_str(&c, ws, 0, 0, "referential", c.head);
		put_str(&c, ws, 0, 1, in->ref->id, NULL);
		put_str(&c, ws, 1, 0, "survey", c.head);
		put_str(&c, ws, 1, 1, in->form_id, NULL);
		put_str(&c, ws, 2, 0, "rule", c.head);
		snprintf(line, sizeof(line), "kept: median >= %d%s; dropped: median <= %d%s; else to_discuss; "
			 "kept also needs a share of %s of the ratings in the median's third",
			 in->ref->rule.keep, in->ref->rule.disagreement ? " and DI <= 1" : "",
			 in->ref->rule.drop, in->ref->rule.disagreement ? " and DI <= 1" : "",
			 numfmt(share, sizeof(share), in->ref->rule.agreement, 2, 0, "en"));
		put_str(&c, ws, 2, 1, line, NULL);
		put_str(&c, ws, 3, 0, "quantiles", c.head);
		put_str(&c, ws, 3, 1, "R quantile type 7 (linear interpolation between order statistics)", NULL);
		put_str(&c, ws, 4, 0, "disagreement", c.head);
		put_str(&c, ws, 4, 1, "IPR = p70 - p30; IPRAS = 2.35 + 1.5 * |5 - (p30 + p70) / 2|; "
			"DI = IPR / IPRAS; DI > 1: disagreement (Fitch et al. 2001)", NULL);
		put_str(&c, ws, 5, 0, "min_group", c.head);
		put_num(&c, ws, 5, 1, in->ref->min_group, NULL);
		put_str(&c, ws, 6, 0, "weights", c.head);
		if (!in->weights)
			put_str(&c, ws, 6, 1, "not chosen yet: every stake weighs the same", NULL);
		else if (!in->weights->shown)
			put_str(&c, ws, 6, 1, "fewer members than min_group gave them: not shown, every stake "
				"weighs the same", NULL);
		else if (in->weights->method == WEIGHTS_POINTS)
			put_str(&c, ws, 6, 1, "100 points: a member's weights are their points / 100; the group's, "
				"the mean of the members' (sheet Weights)", NULL);
		else
			put_str(&c, ws, 6, 1, "AHP: a member's weights are the principal eigenvector of their "
				"pairwise comparisons (Saaty 1-9), CR = ((lambda - n) / (n - 1)) / RI (Saaty 1980), "
				"inconsistent above 0.10; the group's, the eigenvector of the element-wise geometric "
				"mean of the members' matrices (sheet Weights)", NULL);
		worksheet_set_column(ws, 0, 0, 16, NULL);
		worksheet_set_column(ws, 1, 1, 100, NULL);
	} else if (!c.failed) {
		error_set(err, "cannot add the sheet 'Method'");
		c.failed = 1;
	}
	e = workbook_close(c.wb);
	if (!c.failed && e != LXW_NO_ERROR) {
		error_set(err, "cannot write '%s': %s", path, lxw_strerror(e));
		c.failed = 1;
	}
	if (!c.failed && xlsx_check_file(f.tmp, path, err) < 0)
		c.failed = 1;
	if (c.failed) {
		afile_abort(&f);
		return -1;
	}
	return afile_commit(&f, err);
}
