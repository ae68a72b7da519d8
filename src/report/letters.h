/*
 * letters: printed invitation letters, one A4 page per person, to hand
 * over on paper.  Each page has the survey's title and opening words, the
 * QR code of the person's link (libqrencode, drawn as vector rectangles),
 * the link written out, and the short code to type at BASE/c
 * (collect/token.h).  French or English; large type for the easy-to-read
 * surveys (a form_id ending in "-facile").
 *
 * A letter is a key to someone's answers: the file is written 0600
 * (AFILE_PRIVATE) and should be printed and deleted.
 */
#ifndef UTILIS_REPORT_LETTERS_H
#define UTILIS_REPORT_LETTERS_H

#include <stddef.h>
#include <time.h>

#include "survey/survey.h"
#include "util/diag.h"

struct letter {
	const char *name;	/* whom it is for, or NULL */
	const char *url;	/* their personal link */
	const char *code;	/* their short code as written ("K7M2Q-9QXDA") */
};

struct letters_opts {
	const struct survey *s;	/* the survey: its title and opening note */
	const char *lang;	/* "fr" or "en" */
	const char *code_url;	/* where a code is typed (BASE/c) */
	const char *font_dir;	/* DejaVu fonts; NULL: Debian's */
	time_t when;		/* the document's date */
};

/* "fr" or "en" when lang is one the letters are written in, else NULL. */
const char *letters_lang(const char *lang);
/*
 * Write the n letters v to path (0600, through util/afile.h).  0, or -1
 * with err (a link too long for a QR code, fonts, libharu, the file).
 */
int letters_write(const char *path, const struct letters_opts *o, const struct letter *v,
		  size_t n, struct error *err);

#endif
