/*
 * match_report: the matching's workbook, its introduction sheets and the
 * words of its introductions by e-mail (report/match_report.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "report/fmt.h"
#include "report/match_report.h"
#include "report/pdf.h"
#include "report/xlsx_check.h"
#include "util/afile.h"
#include "version.h"

#define T(fr, f, e) ((fr) ? (f) : (e))

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* --- the workbook ---------------------------------------------------------------------- */

struct wb {
	lxw_workbook *wb;
	lxw_format *head, *title, *num1, *num2, *wrap, *bold;
	struct error *err;
	int failed;
};

static void wcheck(struct wb *c, lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR && !c->failed) {
		error_set(c->err, "cannot write the workbook (%s): %s", what, lxw_strerror(e));
		c->failed = 1;
	}
}

static void wstr(struct wb *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, const char *s, lxw_format *f)
{
	if (s && *s)
		wcheck(c, worksheet_write_string(ws, r, col, s, f), "a text cell");
}

static void wnum(struct wb *c, lxw_worksheet *ws, lxw_row_t r, lxw_col_t col, double v, lxw_format *f)
{
	if (!isnan(v) && !isinf(v))
		wcheck(c, worksheet_write_number(ws, r, col, v, f), "a number cell");
}

static lxw_worksheet *wsheet(struct wb *c, const char *name, const char *const *head, size_t n,
			     const double *widths)
{
	lxw_worksheet *ws = workbook_add_worksheet(c->wb, name);
	size_t i;

	if (!ws) {
		if (!c->failed)
			error_set(c->err, "cannot add the sheet '%s' to the workbook", name);
		c->failed = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		wstr(c, ws, 0, (lxw_col_t)i, head[i], c->head);
		worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

int match_report_xlsx(const struct match_doc *d, const char *path, struct error *err)
{
	const struct match_problem *p = d->p;
	const struct match_result *r = d->r;
	const struct match_input *in = p->in;
	int fr = fmt_is_fr(d->lang);
	lxw_workbook_options opts = { LXW_TRUE, NULL, LXW_FALSE };
	lxw_doc_properties props;
	struct wb c;
	struct afile f;
	lxw_worksheet *ws;
	lxw_row_t row;
	char why[1024], date[64];
	size_t i;
	lxw_error e;

	memset(&c, 0, sizeof(c));
	c.err = err;
	if (afile_open(&f, path, AFILE_PRIVATE, err) < 0)
		return -1;
	if (afile_close_fd(&f, err) < 0) {
		afile_abort(&f);
		return -1;
	}
	if (!(c.wb = workbook_new_opt(f.tmp, &opts))) {
		error_set(err, "cannot write '%s': libxlsxwriter could not start the workbook", path);
		afile_abort(&f);
		return -1;
	}
	memset(&props, 0, sizeof(props));
	props.title = (char *)T(fr, "Mises en relation associations et entreprises",
				"Associations and companies: the matching");
	props.comments = (char *)"utilis " UTILIS_VERSION;
	props.created = d->when;
	workbook_set_properties(c.wb, &props);
	c.bold = workbook_add_format(c.wb);
	format_set_bold(c.bold);
	c.head = workbook_add_format(c.wb);
	format_set_bold(c.head);
	format_set_bg_color(c.head, 0xE8EEF5);
	format_set_text_wrap(c.head);
	c.title = workbook_add_format(c.wb);
	format_set_bold(c.title);
	format_set_font_size(c.title, 13);
	format_set_font_color(c.title, 0x0B4F8A);
	c.num1 = workbook_add_format(c.wb);
	format_set_num_format(c.num1, "0.0");
	c.num2 = workbook_add_format(c.wb);
	format_set_num_format(c.num2, "0.00");
	c.wrap = workbook_add_format(c.wb);
	format_set_text_wrap(c.wrap);
	format_set_align(c.wrap, LXW_ALIGN_VERTICAL_TOP);

	{
		const char *h_fr[] = { "Besoin n°", "Association", "Besoin", "Type", "Offre n°", "Bénévole",
				       "Entreprise", "Score", "Compétences", "Disponibilité", "Proximité",
				       "Secteur", "km", "À distance", "Raisons" };
		const char *h_en[] = { "Need no.", "Association", "Need", "Kind", "Offer no.", "Volunteer",
				       "Company", "Score", "Skills", "Availability", "Nearness", "Sector",
				       "km", "Remote", "Reasons" };
		const double w[] = { 9, 28, 22, 10, 9, 22, 20, 8, 11, 11, 11, 8, 7, 9, 80 };

		ws = wsheet(&c, T(fr, "Mises en relation", "Pairs"), fr ? h_fr : h_en, 15, w);
		for (i = 0, row = 1; ws && i < p->npair && !c.failed; i++) {
			const struct match_pair *pr = &p->pair[i];
			const struct match_need *n = &in->need[pr->need];
			const struct match_offer *o = &in->offer[pr->offer];

			if (!r->chosen[i])
				continue;
			match_pair_reasons(p, i, d->lang, why, sizeof(why));
			wstr(&c, ws, row, 0, n->id, NULL);
			wstr(&c, ws, row, 1, n->association, NULL);
			wstr(&c, ws, row, 2, match_need_title(n, fr), NULL);
			wstr(&c, ws, row, 3, n->kind == MATCH_SEAT ? T(fr, "siège", "seat") : "mission", NULL);
			wstr(&c, ws, row, 4, o->id, NULL);
			wstr(&c, ws, row, 5, o->name, NULL);
			wstr(&c, ws, row, 6, match_offer_company(in, o), NULL);
			wnum(&c, ws, row, 7, pr->score, c.num2);
			wnum(&c, ws, row, 8, pr->fit, c.num2);
			wnum(&c, ws, row, 9, pr->avail, c.num2);
			wnum(&c, ws, row, 10, pr->near, c.num2);
			wnum(&c, ws, row, 11, pr->sector, c.num2);
			if (pr->km >= 0)
				wnum(&c, ws, row, 12, round(pr->km * 10) / 10, c.num1);
			wstr(&c, ws, row, 13, pr->remote ? T(fr, "oui", "yes") : T(fr, "non", "no"), NULL);
			wstr(&c, ws, row, 14, why, NULL);
			row++;
		}
		if (ws && row > 1)
			worksheet_autofilter(ws, 0, 0, row - 1, 14);
	}
	{
		const char *h_fr[] = { "Besoin n°", "Association", "Besoin", "Places", "Pourvues", "Pourquoi" };
		const char *h_en[] = { "Need no.", "Association", "Need", "Places", "Filled", "Why" };
		const double w[] = { 9, 28, 22, 8, 9, 80 };

		ws = wsheet(&c, T(fr, "Besoins non pourvus", "Needs not filled"), fr ? h_fr : h_en, 6, w);
		for (i = 0, row = 1; ws && i < in->nneed && !c.failed; i++) {
			const struct match_need *n = &in->need[i];

			if (!match_need_why(p, r, i, d->lang, why, sizeof(why)))
				continue;
			wstr(&c, ws, row, 0, n->id, NULL);
			wstr(&c, ws, row, 1, n->association, NULL);
			wstr(&c, ws, row, 2, match_need_title(n, fr), NULL);
			wnum(&c, ws, row, 3, (double)n->places, NULL);
			wnum(&c, ws, row, 4, (double)r->need_filled[i], NULL);
			wstr(&c, ws, row, 5, why, NULL);
			row++;
		}
	}
	{
		const char *h_fr[] = { "Offre n°", "Bénévole", "Entreprise", "Pourquoi" };
		const char *h_en[] = { "Offer no.", "Volunteer", "Company", "Why" };
		const double w[] = { 9, 24, 24, 80 };

		ws = wsheet(&c, T(fr, "Offres sans mission", "Offers without one"), fr ? h_fr : h_en, 4, w);
		for (i = 0, row = 1; ws && i < in->noffer && !c.failed; i++) {
			const struct match_offer *o = &in->offer[i];

			if (!match_offer_why(p, r, i, d->lang, why, sizeof(why)))
				continue;
			wstr(&c, ws, row, 0, o->id, NULL);
			wstr(&c, ws, row, 1, o->name, NULL);
			wstr(&c, ws, row, 2, match_offer_company(in, o), NULL);
			wstr(&c, ws, row, 3, why, NULL);
			row++;
		}
	}
	if (!c.failed && (ws = workbook_add_worksheet(c.wb, "Sources"))) {
		row = 0;
		worksheet_set_column(ws, 0, 0, 30, c.bold);
		worksheet_set_column(ws, 1, 1, 60, NULL);
		wstr(&c, ws, row++, 0, T(fr, "D'où vient la mise en relation", "Where the matching comes from"), c.title);
		row++;
		wstr(&c, ws, row, 0, "Date", c.bold);
		wstr(&c, ws, row++, 1, fmt_date(date, sizeof(date), d->when, d->lang), NULL);
		wstr(&c, ws, row, 0, "utilis", c.bold);
		wstr(&c, ws, row++, 1, UTILIS_VERSION, NULL);
		wstr(&c, ws, row, 0, T(fr, "Méthode", "Method"), c.bold);
		wstr(&c, ws, row++, 1, !strcmp(nz(d->method), "greedy") ? T(fr, "gloutonne (référence)", "greedy (reference)")
				       : r->proven ? T(fr, "optimale (GLPK)", "optimal (GLPK)")
				       : T(fr, "meilleure trouvée dans la limite de nœuds (GLPK)",
					   "best found within the node limit (GLPK)"), NULL);
		wstr(&c, ws, row, 0, T(fr, "Score total", "Total score"), c.bold);
		wnum(&c, ws, row++, 1, r->objective, c.num2);
		wstr(&c, ws, row, 0, T(fr, "Besoins", "Needs"), c.bold);
		wnum(&c, ws, row++, 1, (double)in->nneed, NULL);
		wstr(&c, ws, row, 0, T(fr, "Offres", "Offers"), c.bold);
		wnum(&c, ws, row++, 1, (double)in->noffer, NULL);
		wstr(&c, ws, row, 0, T(fr, "Paires possibles", "Possible pairs"), c.bold);
		wnum(&c, ws, row++, 1, (double)p->npair, NULL);
		wstr(&c, ws, row, 0, T(fr, "Mises en relation", "Pairs made"), c.bold);
		wnum(&c, ws, row++, 1, (double)r->nchosen, NULL);
		wstr(&c, ws, row, 0, T(fr, "Poids", "Weights"), c.bold);
		{
			char wbuf[160];

			snprintf(wbuf, sizeof(wbuf), T(fr, "compétences %g, disponibilité %g, distance %g, secteur %g ; %g km au plus",
						       "skills %g, availability %g, distance %g, sector %g; %g km at most"),
				 in->w.skills, in->w.availability, in->w.distance, in->w.sector, in->w.max_km);
			wstr(&c, ws, row++, 1, wbuf, NULL);
		}
	} else if (!c.failed) {
		error_set(err, "cannot add the sheet 'Sources' to the workbook");
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

/* --- the introduction sheet ------------------------------------------------------------ */

/* How much, when and where need n asks, in a sentence. */
static void need_terms(struct strbuf *sb, const struct match_need *n, int fr)
{
	strbuf_addf(sb, T(fr, "%g h par mois, %s", "%g h a month, %s"), n->hours,
		    n->regular ? T(fr, "régulier", "regular") : T(fr, "ponctuel", "one-off"));
	if (n->moments) {
		const char *sep = T(fr, " ; ", "; ");

		const char *m[3];
		size_t k = 0, j;

		if (n->moments & MATCH_DAYTIME)
			m[k++] = T(fr, "en journée", "daytime");
		if (n->moments & MATCH_EVENING)
			m[k++] = T(fr, "en soirée", "evenings");
		if (n->moments & MATCH_WEEKEND)
			m[k++] = T(fr, "le week-end", "weekends");
		strbuf_addstr(sb, sep);
		for (j = 0; j < k; j++)
			strbuf_addf(sb, "%s%s", j == 0 ? "" : j + 1 == k ? T(fr, " ou ", " or ") : ", ", m[j]);
	}
	if (n->postcode)
		strbuf_addf(sb, T(fr, " ; %s%s", "; %s%s"), n->postcode,
			    n->remote ? T(fr, " ou à distance", " or remotely") : "");
	else if (n->remote)
		strbuf_addstr(sb, T(fr, " ; à distance", "; remotely"));
	if (n->places > 1)
		strbuf_addf(sb, T(fr, " ; %zu places", "; %zu places"), n->places);
}

static const char *next_step(int fr, const struct match_need *n)
{
	if (n->kind == MATCH_SEAT)
		return T(fr,
			 "L'association prend contact avec le ou la bénévole dans les quinze jours pour un premier "
			 "échange : le projet associatif, le rôle du conseil, le temps demandé. Une réunion du "
			 "conseil peut être suivie en observateur avant toute candidature. L'union reste "
			 "disponible pour accompagner chacun des deux, et un court questionnaire de suivi sera "
			 "envoyé aux deux parties quelques mois après.",
			 "The association contacts the volunteer within a fortnight for a first conversation: "
			 "its purpose, the board's role, the time asked. A board meeting can be attended as an "
			 "observer before standing. The union remains available to support both, and a short "
			 "follow-up questionnaire will be sent to both sides a few months later.");
	return T(fr,
		 "L'association prend contact avec le ou la bénévole dans les quinze jours pour préciser la "
		 "mission : ce qui est attendu, le calendrier, la personne référente. L'union reste "
		 "disponible pour accompagner chacun des deux, et un court questionnaire de suivi sera "
		 "envoyé aux deux parties quelques mois après.",
		 "The association contacts the volunteer within a fortnight to settle the assignment: what "
		 "is expected, the timetable, the contact person. The union remains available to support "
		 "both, and a short follow-up questionnaire will be sent to both sides a few months later.");
}

int match_report_sheet(const struct match_doc *d, size_t i, const char *path, struct error *err)
{
	const struct match_problem *p = d->p;
	const struct match_input *in = p->in;
	const struct match_pair *pr = &p->pair[i];
	const struct match_need *n = &in->need[pr->need];
	const struct match_offer *o = &in->offer[pr->offer];
	int fr = fmt_is_fr(d->lang);
	struct pdf_opts po = { 0 };
	struct pdf_style big = { 1, 18, 1.2, PDF_ACCENT, PDF_LEFT, 0, 4 };
	struct pdf_style sub = { 0, 10, 1.3, PDF_GREY, PDF_LEFT, 0, 12 };
	struct pdf_style lbl = { 1, 10.5, 1.3, PDF_TEXT, PDF_LEFT, 0, 1 };
	struct pdf_style txt = { 0, 10.5, 1.35, PDF_TEXT, PDF_LEFT, 0, 6 };
	struct strbuf sb = STRBUF_INIT;
	char why[1024], date[64], title[512];
	struct pdf *pdf;
	int rc;

	snprintf(title, sizeof(title), T(fr, "Mise en relation : %s et %s", "Introduction: %s and %s"),
		 nz(n->association), nz(o->name));
	po.title = title;
	po.subject = T(fr, "Rencontres associations et entreprises", "Associations and companies meetings");
	po.lang = fr ? "fr-FR" : "en-GB";
	po.font_dir = d->font_dir;
	po.when = d->when;
	if (pdf_open(&pdf, &po, err) < 0)
		return -1;
	strbuf_addf(&sb, "utilis %s · %s %s-%s · %s", UTILIS_VERSION, T(fr, "mise en relation", "pair"), nz(n->id),
		    nz(o->id), fmt_date(date, sizeof(date), d->when, d->lang));
	if (pdf_set_footer(pdf, sb.buf) < 0) {
		strbuf_release(&sb);
		pdf_free(pdf);
		return error_set(err, "out of memory");
	}
	pdf_new_page(pdf);
	pdf_paragraph(pdf, &big, T(fr, "Fiche de mise en relation", "Introduction sheet"));
	pdf_paragraph(pdf, &sub, T(fr, "Rencontres associations et entreprises — bénévolat de compétences et "
				       "gouvernance associative",
				   "Associations and companies meetings — skills volunteering and board membership"));

	pdf_heading(pdf, 1, T(fr, "L'association", "The association"), 60);
	pdf_paragraph(pdf, &lbl, nz(n->association));
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(fr, "Recherche : %s (%s)", "Looking for: %s (%s)"), match_need_title(n, fr),
		    n->kind == MATCH_SEAT ? T(fr, "un siège au conseil d'administration", "a seat on the board")
					  : T(fr, "une mission de compétences", "a skills assignment"));
	pdf_paragraph(pdf, &txt, sb.buf);
	strbuf_reset(&sb);
	need_terms(&sb, n, fr);
	pdf_paragraph(pdf, &txt, sb.buf);
	if (n->email) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(fr, "Contact : %s", "Contact: %s"), n->email);
		pdf_paragraph(pdf, &txt, sb.buf);
	}

	pdf_heading(pdf, 1, T(fr, "Le ou la bénévole", "The volunteer"), 60);
	pdf_paragraph(pdf, &lbl, nz(o->name));
	strbuf_reset(&sb);
	if (*match_offer_company(in, o))
		strbuf_addf(&sb, T(fr, "Entreprise : %s ; ", "Company: %s; "), match_offer_company(in, o));
	strbuf_addf(&sb, T(fr, "%g h par mois disponibles", "%g h a month available"), o->hours);
	if (o->postcode)
		strbuf_addf(&sb, T(fr, " ; %s", "; %s"), o->postcode);
	pdf_paragraph(pdf, &txt, sb.buf);
	if (o->email) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, T(fr, "Contact : %s", "Contact: %s"), o->email);
		pdf_paragraph(pdf, &txt, sb.buf);
	}

	pdf_heading(pdf, 1, T(fr, "Pourquoi cette mise en relation", "Why this introduction"), 60);
	match_pair_reasons(p, i, d->lang, why, sizeof(why));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s.", why);
	if (sb.len && sb.buf[0] >= 'a' && sb.buf[0] <= 'z')
		sb.buf[0] = (char)(sb.buf[0] - 'a' + 'A');
	pdf_paragraph(pdf, &txt, sb.buf);
	strbuf_reset(&sb);
	strbuf_addf(&sb, T(fr, "Score d'adéquation : %.0f sur 100 (compétences, disponibilité, distance, "
			       "intérêt pour le secteur).",
			   "Fit score: %.0f out of 100 (skills, availability, distance, interest in the sector)."),
		    pr->score);
	pdf_paragraph(pdf, &txt, sb.buf);

	pdf_heading(pdf, 1, T(fr, "Prochaine étape", "Next step"), 60);
	pdf_paragraph(pdf, &txt, next_step(fr, n));

	pdf_heading(pdf, 1, T(fr, "Votre contact à l'union", "Your contact at the union"), 40);
	pdf_paragraph(pdf, &txt, d->contact && *d->contact ? d->contact
				 : T(fr, "(contact à préciser)", "(contact to be given)"));
	strbuf_release(&sb);
	rc = pdf_save(pdf, path, AFILE_PRIVATE, err);
	pdf_free(pdf);
	return rc;
}

/* --- the introduction by e-mail ----------------------------------------------------------- */

int match_intro_text(const struct match_doc *d, size_t i, enum match_side side,
		     struct strbuf *subject, struct strbuf *text)
{
	const struct match_problem *p = d->p;
	const struct match_input *in = p->in;
	const struct match_pair *pr = &p->pair[i];
	const struct match_need *n = &in->need[pr->need];
	const struct match_offer *o = &in->offer[pr->offer];
	const char *company = match_offer_company(in, o);
	int fr = fmt_is_fr(d->lang), rc = 0;
	char why[1024];

	match_pair_reasons(p, i, d->lang, why, sizeof(why));
	rc |= strbuf_addf(subject, T(fr, "Mise en relation : %s et %s", "Introduction: %s and %s"),
			  nz(n->association), nz(o->name));
	if (side == MATCH_SIDE_ASSOCIATION) {
		rc |= strbuf_addf(text, T(fr, "Bonjour,\n\nPour votre besoin « %s », nous vous proposons de "
					      "rencontrer %s%s%s%s.\n\n",
					  "Hello,\n\nFor your need \"%s\", we suggest you meet %s%s%s%s.\n\n"),
				  match_need_title(n, fr), nz(o->name), *company ? T(fr, " (", " (") : "",
				  company, *company ? ")" : "");
		if (o->email)
			rc |= strbuf_addf(text, T(fr, "Son adresse : %s\n\n", "Their address: %s\n\n"), o->email);
	} else {
		rc |= strbuf_addf(text, T(fr, "Bonjour %s,\n\nNous vous proposons de rencontrer l'association "
					      "%s, qui recherche : %s.\n\n",
					  "Hello %s,\n\nWe suggest you meet the association %s, which is looking "
					  "for: %s.\n\n"),
				  nz(o->name), nz(n->association), match_need_title(n, fr));
		if (n->email)
			rc |= strbuf_addf(text, T(fr, "Son adresse : %s\n\n", "Its address: %s\n\n"), n->email);
	}
	rc |= strbuf_addf(text, T(fr, "Pourquoi : %s.\n\n", "Why: %s.\n\n"), why);
	rc |= strbuf_addf(text, T(fr, "Prochaine étape : %s\n\n", "Next step: %s\n\n"), next_step(fr, n));
	if (d->contact && *d->contact)
		rc |= strbuf_addf(text, T(fr, "Votre contact à l'union :\n%s\n", "Your contact at the union:\n%s\n"),
				  d->contact);
	return rc < 0 ? -1 : 0;
}
