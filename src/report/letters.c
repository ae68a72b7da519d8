/*
 * letters: printed invitation letters (see letters.h).  One page each,
 * laid out from the top with a cursor of our own: every block is bounded
 * (max lines) so that a letter never runs onto a second page.
 */
#include "report/letters.h"

#include <qrencode.h>
#include <string.h>
#include <strings.h>

#include "report/pdf.h"
#include "util/afile.h"

enum { L_FOR, L_HOW, L_SCAN, L_ADDRESS, L_CODE_AT, L_CODE_TYPE, L_KEEP, L_AGAIN, L_FOOT,
       L_SUBJECT, L_COUNT };

static const char *const words[2][L_COUNT] = {
	{
		[L_FOR] = "Pour : ",
		[L_HOW] = "Pour répondre, vous avez trois façons.",
		[L_SCAN] = "1. Avec un téléphone. Ouvrez l'appareil photo. Visez ce carré.",
		[L_ADDRESS] = "2. Ou tapez cette adresse :",
		[L_CODE_AT] = "3. Ou allez sur ",
		[L_CODE_TYPE] = " et tapez votre code :",
		[L_KEEP] = "Ce code est à vous. Ne le donnez à personne.",
		[L_AGAIN] = "Vous pouvez arrêter et revenir plus tard. Vos réponses sont gardées.",
		[L_FOOT] = "Lettre personnelle : elle ouvre vos réponses.",
		[L_SUBJECT] = "Lettres d'invitation",
	},
	{
		[L_FOR] = "For: ",
		[L_HOW] = "There are three ways to answer.",
		[L_SCAN] = "1. With a phone. Open the camera. Point it at this square.",
		[L_ADDRESS] = "2. Or type this address:",
		[L_CODE_AT] = "3. Or go to ",
		[L_CODE_TYPE] = " and type your code:",
		[L_KEEP] = "This code is yours. Do not give it to anyone.",
		[L_AGAIN] = "You can stop and come back later. Your answers are kept.",
		[L_FOOT] = "Personal letter: it opens your answers.",
		[L_SUBJECT] = "Invitation letters",
	},
};

const char *letters_lang(const char *lang)
{
	if (!lang || !strcmp(lang, "fr"))
		return "fr";
	if (!strcmp(lang, "en"))
		return "en";
	return NULL;
}

/* The survey's opening words: its note named "intro", else its first note. */
static const char *intro_of(const struct survey *s, size_t li)
{
	const struct question *first = NULL;

	for (size_t i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];

		if (q->type != Q_NOTE)
			continue;
		if (!strcmp(q->name, "intro"))
			return label_get(s, &q->label, li);
		if (!first)
			first = q;
	}
	return first ? label_get(s, &first->label, li) : NULL;
}

/* An easy-to-read survey: its form_id ends in "-facile". */
static int easy(const struct survey *s)
{
	size_t n = strlen(s->form_id);

	return n >= 7 && !strcmp(s->form_id + n - 7, "-facile");
}

/*
 * The QR code of url, its top-left corner at (x, ytop), side points wide
 * (the four-module quiet zone included): black modules as rectangles,
 * one per horizontal run.  0, or -1 when url does not fit in a QR code.
 */
static int draw_qr(struct pdf *p, const char *url, double x, double ytop, double side)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;

	if (!q)
		return -1;
	m = side / (q->width + 8);
	for (int r = 0; r < q->width; r++) {
		for (int c = 0; c < q->width;) {
			int run = 0;

			while (c + run < q->width && (q->data[r * q->width + c + run] & 1))
				run++;
			if (run) {
				/* a hair wider: no white seam between neighbours */
				pdf_rect(p, x + (c + 4) * m, ytop - (r + 5) * m - 0.05,
					 run * m + 0.05, m + 0.1, PDF_BLACK);
				c += run;
			} else {
				c++;
			}
		}
	}
	QRcode_free(q);
	return 0;
}

/* One letter on a new page. */
static int letter(struct pdf *p, const struct letters_opts *o, size_t li, int k,
		  const struct letter *l)
{
	const struct survey *s = o->s;
	int big = easy(s);
	double body = big ? 16 : 12.5, w = p->right - p->left, y = p->top, qr = big ? 170 : 150;
	struct pdf_style small = { 0, 11, 1.3, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style title = { 1, big ? 26 : 21, 1.2, PDF_ACCENT, PDF_LEFT, 0, 0 };
	struct pdf_style text = { 0, body, 1.45, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style strong = { 1, body, 1.45, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style link = { 0, big ? 13 : 11.5, 1.3, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style code = { 1, big ? 34 : 30, 1.2, PDF_BLACK, PDF_LEFT, 0, 0 };
	const char *t = label_get(s, &s->title, li), *intro = intro_of(s, li);
	char line[512];

	pdf_new_page(p);
	if (l->name && *l->name) {
		snprintf(line, sizeof(line), "%s%s", words[k][L_FOR], l->name);
		y -= pdf_text_box(p, &small, p->left, y, w, line, 2) + 14;
	}
	if (t && *t)
		y -= pdf_text_box(p, &title, p->left, y, w, t, 3) + 14;
	if (intro && *intro)
		y -= pdf_text_box(p, &text, p->left, y, w, intro, big ? 9 : 8) + 14;
	y -= pdf_text_box(p, &strong, p->left, y, w, words[k][L_HOW], 2) + 10;

	/* 1: the QR code, the sentence beside it */
	if (draw_qr(p, l->url, p->left, y, qr) < 0)
		return -1;
	pdf_text_box(p, &text, p->left + qr + 8, y - 16, w - qr - 8, words[k][L_SCAN], 5);
	y -= qr + 8;

	/* 2: the link written out */
	y -= pdf_text_box(p, &text, p->left, y, w, words[k][L_ADDRESS], 2) + 4;
	y -= pdf_text_box(p, &link, p->left + 12, y, w - 12, l->url, 3) + 16;

	/* 3: the short code */
	snprintf(line, sizeof(line), "%s%s%s", words[k][L_CODE_AT], o->code_url,
		 words[k][L_CODE_TYPE]);
	y -= pdf_text_box(p, &text, p->left, y, w, line, 3) + 8;
	pdf_frame(p, p->left, y - code.size * 1.2 - 14, w, code.size * 1.2 + 14, PDF_ACCENT, 1.5);
	pdf_text_box(p, &code, p->left + 16, y - 7, w - 32, l->code, 1);
	y -= code.size * 1.2 + 14 + 18;

	y -= pdf_text_box(p, &strong, p->left, y, w, words[k][L_KEEP], 2) + 6;
	pdf_text_box(p, &text, p->left, y, w, words[k][L_AGAIN], 3);
	return 0;
}

int letters_write(const char *path, const struct letters_opts *o, const struct letter *v,
		  size_t n, struct error *err)
{
	int k = o->lang && !strcmp(o->lang, "en");
	int li = survey_lang(o->s, k ? "en" : "fr");
	const char *t = label_get(o->s, &o->s->title, li >= 0 ? (size_t)li : o->s->default_lang);
	struct pdf_opts po = { t && *t ? t : o->s->form_id, NULL, words[k][L_SUBJECT],
			       k ? "en-GB" : "fr-FR", o->font_dir, o->when, 0 };
	struct pdf *p;
	int rc = 0;

	if (pdf_open(&p, &po, err) < 0)
		return -1;
	if (pdf_set_footer(p, words[k][L_FOOT]) < 0) {
		pdf_free(p);
		return error_set(err, "out of memory");
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		if (letter(p, o, li >= 0 ? (size_t)li : o->s->default_lang, k, &v[i]) < 0)
			rc = error_set(err, "the link '%s' is too long for a QR code", v[i].url);
	if (rc == 0)
		rc = pdf_save(p, path, AFILE_PRIVATE, err);
	pdf_free(p);
	return rc;
}
