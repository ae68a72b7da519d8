/*
 * contacts: the contact list an analyst invites from (`utilis invite
 * FORM --from contacts.csv`), read with libcsv.  The first row names the
 * columns; recognised names, in English or French, any case: name / nom,
 * email / courriel / mail / e-mail, group / groupe / _group, wave / vague /
 * _wave, language / lang / langue (the language of the link and its mail).  Other columns are ignored (a warning says which).  The separator
 * is ',' or ';' (French spreadsheets), chosen from the header row; a UTF-8
 * byte-order mark is skipped.  Every problem is reported as a FILE:ROW:COL
 * diagnostic, and a list with an error yields nothing.
 */
#ifndef UTILIS_COLLECT_CONTACTS_H
#define UTILIS_COLLECT_CONTACTS_H

#include <stddef.h>

#include "util/diag.h"

struct contact {
	char *name;		/* or NULL when empty */
	char *email;		/* or NULL */
	char *group;		/* or NULL */
	char *wave;		/* or NULL */
	char *lang;		/* language code of the link, or NULL (the survey's default) */
	int row;		/* 1-based row in the file (the header is row 1) */
};

struct contacts {
	struct contact *v;	/* in file order */
	size_t n, alloc;	/* used / allocated */
};

/*
 * Parse len bytes of text read from file.  Returns 0 with the contacts in
 * out (contacts_release), or -1 with every error in d (out empty).  A list
 * without data rows is an error.
 */
int contacts_parse(struct contacts *out, const char *file, const char *text, size_t len,
		   struct diags *d);
void contacts_release(struct contacts *c);

#endif
