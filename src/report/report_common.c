/*
 * report_common: what every PDF report shares — opening the document with
 * its title, author, language, date and provenance footer, the cover, the
 * text sections written in the layout, the dispatch of sections to the
 * social-utility report or the jury's document, and the provenance line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"
#include "report/pdf.h"
#include "report/report.h"
#include "util/afile.h"
#include "util/strbuf.h"
#include "version.h"

const char *report_alpha_word(double alpha, const char *lang)
{
	int fr = fmt_is_fr(lang);

	/* George & Mallery (2003), the reading most handbooks give. */
	if (isnan(alpha))
		return fr ? "non calculable" : "not computable";
	if (alpha >= 0.9)
		return fr ? "excellente" : "excellent";
	if (alpha >= 0.8)
		return fr ? "bonne" : "good";
	if (alpha >= 0.7)
		return fr ? "acceptable" : "acceptable";
	if (alpha >= 0.6)
		return fr ? "discutable" : "questionable";
	return fr ? "faible" : "poor";
}

int report_trace_line(struct strbuf *sb, const struct report_input *in)
{
	int fr = fmt_is_fr(in->lang);
	char b[64];
	size_t i;

	strbuf_addstr(sb, fr ? "Données" FMT_NBSP ": " : "Data: ");
	for (i = 0; in->trace && i < in->trace->n; i++) {
		const struct an_trace_version *v = &in->trace->v[i];

		strbuf_addf(sb, "%s%s v%d (SHA-256 %.12s…)", i ? ", " : "", v->form_id, v->version,
			    v->sha256);
	}
	if (in->ind) {
		size_t n = in->ind->res->nresp;

		strbuf_addf(sb, fr ? ", %s réponse%s" : ", %s answer%s",
			    fmt_count(b, sizeof(b), n, in->lang), n > 1 ? "s" : "");
	} else if (in->prize) {
		const struct prize_data *pd = in->prize->pd;

		strbuf_addf(sb, fr ? ", %s candidature%s" : ", %s candidate%s",
			    fmt_count(b, sizeof(b), pd->ncand, in->lang), pd->ncand > 1 ? "s" : "");
		strbuf_addf(sb, fr ? ", %s fiche%s de notation" : ", %s score sheet%s",
			    fmt_count(b, sizeof(b), pd->nsheets, in->lang), pd->nsheets > 1 ? "s" : "");
	}
	return strbuf_addstr(sb, " · utilis " UTILIS_VERSION);
}

int report_pdf_open(struct pdf **out, const struct report_input *in, struct error *err)
{
	const struct report_layout *l = in->layout;
	struct pdf_opts o = { 0 };
	struct strbuf sb = STRBUF_INIT;
	int rc;

	o.title = report_text(&l->title, in->lang, l->id);
	o.author = l->author;
	o.subject = report_text(&l->subtitle, in->lang, NULL);
	o.lang = fmt_is_fr(in->lang) ? "fr-FR" : "en-GB";
	o.font_dir = in->font_dir;
	o.when = in->when;
	if (pdf_open(out, &o, err) < 0)
		return -1;
	rc = report_trace_line(&sb, in) < 0 ? -1 : pdf_set_footer(*out, sb.buf);
	strbuf_release(&sb);
	if (rc < 0) {
		pdf_free(*out);
		*out = NULL;
		return error_set(err, "out of memory");
	}
	return 0;
}

void report_cover(struct pdf *p, const struct report_input *in, const char *what)
{
	const struct report_layout *l = in->layout;
	struct pdf_style author = { 1, 11, 1.3, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style title = { 1, 26, 1.2, PDF_ACCENT, PDF_LEFT, 0, 12 };
	struct pdf_style sub = { 0, 15, 1.3, PDF_GREY, PDF_LEFT, 0, 18 };
	struct pdf_style body = { 0, 11, 1.4, PDF_TEXT, PDF_LEFT, 0, 6 };
	const char *subtitle = report_text(&l->subtitle, in->lang, NULL);
	char date[64];

	fmt_date(date, sizeof(date), in->when, in->lang);
	if (PDF_OBS(p))
		p->obs->cover(p->obs->ctx, l->author, report_text(&l->title, in->lang, l->id), subtitle,
			      what, date);
	p->obs_mute++;
	if (p->page && p->y < p->top)
		pdf_new_page(p);
	else if (!p->page)
		pdf_new_page(p);
	if (l->author)
		pdf_paragraph(p, &author, l->author);
	p->y = p->top - (p->top - p->bottom) * 0.28;
	pdf_rect(p, p->left, p->y + 10, 60, 5, PDF_ACCENT);
	pdf_skip(p, 4);
	pdf_paragraph(p, &title, report_text(&l->title, in->lang, l->id));
	if (subtitle)
		pdf_paragraph(p, &sub, subtitle);
	if (what)
		pdf_paragraph(p, &body, what);
	p->y = p->bottom + 40;
	pdf_paragraph(p, &body, date);
	/* Nothing more on this page: what follows starts on the next one. */
	p->y = p->bottom;
	p->obs_mute--;
}

void report_text_section(struct pdf *p, const struct report_input *in,
			 const struct report_section *s)
{
	struct pdf_style body = { 0, 10.5, 1.38, PDF_TEXT, PDF_LEFT, 0, 6 };
	const char *title = report_text(&s->title, in->lang, NULL);
	const char *text = report_text(&s->text, in->lang, "");
	struct strbuf para = STRBUF_INIT;
	const char *q = text;

	if (title)
		pdf_heading(p, 1, title, 40);
	/* Paragraphs are separated by an empty line. */
	while (*q) {
		const char *end = strstr(q, "\n\n");
		size_t n = end ? (size_t)(end - q) : strlen(q);

		strbuf_reset(&para);
		strbuf_add(&para, q, n);
		if (para.len)
			pdf_paragraph(p, &body, para.buf);
		q += n;
		while (*q == '\n')
			q++;
	}
	strbuf_release(&para);
}

/* The line under the title on the cover: what the figures are about. */
static void cover_line(struct strbuf *sb, const struct report_input *in)
{
	int fr = fmt_is_fr(in->lang);
	char b[64];

	if (in->ind) {
		const struct ind_result *r = in->ind->res;
		size_t i;

		for (i = 0; i < in->ind->set->nsurveys; i++) {
			const struct survey *s = in->ind->surveys[i];
			int li = survey_lang(s, in->lang);
			const char *t = label_get(s, &s->title, li < 0 ? s->default_lang : (size_t)li);

			strbuf_addf(sb, "%s%s%s%s", i ? (fr ? " et " : " and ") : "",
				    fr ? "« " : "“", t ? t : s->form_id, fr ? " »" : "”");
		}
		strbuf_addf(sb, fr ? FMT_NBSP ": %s réponse%s" : ": %s answer%s",
			    fmt_count(b, sizeof(b), r->nresp, in->lang), r->nresp > 1 ? "s" : "");
	} else if (in->prize) {
		const struct prize_data *pd = in->prize->pd;

		strbuf_addf(sb, fr ? "%s candidature%s, " : "%s candidate%s, ",
			    fmt_count(b, sizeof(b), pd->ncand, in->lang), pd->ncand > 1 ? "s" : "");
		strbuf_addf(sb, fr ? "%s juré%s" : "%s juror%s",
			    fmt_count(b, sizeof(b), pd->njuror, in->lang), pd->njuror > 1 ? "s" : "");
	}
}

/* Lay the document of a layout out on p, section by section. */
static void report_walk(struct pdf *p, const struct report_input *in)
{
	const struct report_layout *l = in->layout;
	struct strbuf what = STRBUF_INIT;
	size_t i;

	cover_line(&what, in);
	for (i = 0; i < l->nsec; i++) {
		const struct report_section *s = &l->sec[i];

		switch (s->type) {
		case SEC_COVER:
			report_cover(p, in, what.buf);
			break;
		case SEC_TEXT:
			report_text_section(p, in, s);
			break;
		case SEC_PAGE_BREAK:
			if (p->page && p->y < p->top)
				pdf_new_page(p);
			break;
		case SEC_WEIGHTS:
			report_weights_section(p, in, s);
			break;
		default:
			if (in->ind)
				report_social_section(p, in, s);
			else
				report_prize_section(p, in, s);
			break;
		}
	}
	strbuf_release(&what);
}

int report_pdf(const struct report_input *in, const char *path, struct error *err)
{
	struct pdf *p;
	int rc;

	if (report_pdf_open(&p, in, err) < 0)
		return -1;
	report_walk(p, in);
	rc = pdf_save(p, path, AFILE_PRIVATE, err);
	pdf_free(p);
	return rc;
}

int report_observe(const struct report_input *in, const struct pdf_observer *obs, struct error *err)
{
	struct pdf *p;
	int rc = 0;

	if (report_pdf_open(&p, in, err) < 0)
		return -1;
	p->obs = obs;
	report_walk(p, in);
	if (p->failed)
		rc = error_set(err, "%s", p->err.msg);
	else if (p->error)
		rc = error_set(err, "cannot lay the report out (libharu error 0x%04lX, detail %lu)", p->error,
			       p->detail);
	pdf_free(p);
	return rc;
}
