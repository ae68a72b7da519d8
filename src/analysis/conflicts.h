/*
 * conflicts: conflicts of interest found before they are declared.  Each
 * juror's organisation and declared ties (employer, board seats, funders)
 * are compared with each candidate's association and company, by name
 * once normalised (case, accents, punctuation, legal forms) and by SIREN
 * (the first 9 digits of a SIRET) when both sides give one.  The result is
 * a list of suggestions for the analyst to confirm or dismiss
 * (`utilis jury conflicts --suggest`); nothing here touches the workspace.
 */
#ifndef UTILIS_CONFLICTS_H
#define UTILIS_CONFLICTS_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * The comparison key of an organisation's name: lowercase ASCII words
 * separated by one space, accents folded (é → e, œ → oe), "&" read as
 * "et", dots dropped (S.A.S. → sas), other punctuation a space, legal
 * forms left out (SA, SAS, SASU, SARL, EURL, SCOP, SCIC, SNC, GIE, EI,
 * EIRL, « Association », « Fondation », « Société »…) and a SIREN or SIRET
 * in the text left out.  "SAS Dupont & Fils" and "DUPONT ET FILS" both
 * give "dupont et fils".  out is reset first; an empty key (a name made
 * only of a legal form) matches nothing.  0, or -1 out of memory.
 */
int coi_name_key(const char *name, struct strbuf *out);

/*
 * The SIREN in a text: the first run of 9 or 14 digits (spaces, dots and
 * non-breaking spaces allowed between them, nothing but a non-digit
 * around), its first 9 digits.  1 with siren[] filled, 0 when there is none.
 */
int coi_siren(const char *text, char siren[10]);

/* One side of a comparison: a juror's tie, or a candidate's organisation. */
struct coi_item {
	size_t owner;		/* juror or candidate index */
	const char *kind;	/* "employer", "board", ... or the question's name */
	const char *text;	/* the name (and perhaps a SIREN/SIRET) as written */
};

/* A potential conflict: one reason a juror and a candidate may be linked. */
struct coi_match {
	size_t juror;		/* juror index */
	size_t cand;		/* candidate index */
	char *key;		/* what matched: "name:dupont et fils" or "siren:552100554" */
	char *reason;		/* employer "SAS Dupont & Fils" ~ ent_nom "DUPONT ET FILS" */
};

/*
 * Compare every tie with every organisation.  Matches come out ordered by
 * candidate, then juror, then key, each (juror, candidate, key) once.
 * 0 with *out (coi_matches_free), or -1 out of memory.
 */
int coi_suggest(const struct coi_item *ties, size_t nties, const struct coi_item *orgs,
		size_t norgs, struct coi_match **out, size_t *n);
void coi_matches_free(struct coi_match *v, size_t n);

#endif
