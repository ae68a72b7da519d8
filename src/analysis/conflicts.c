/*
 * conflicts: potential conflicts of interest between jurors and candidates,
 * found by comparing names and SIREN numbers (see conflicts.h).
 */
#include "analysis/conflicts.h"

#include <stdlib.h>
#include <string.h>

/* Latin letters with accents (U+00C0 to U+00FF) folded to ASCII; "" drops. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/*
 * Words that say what kind of body an organisation is, not which one:
 * left out of the key.  Lowercase, accents folded.
 */
static const char *const legal_forms[] = {
	"sa", "sas", "sasu", "sarl", "sarlu", "eurl", "snc", "sca", "scs", "sci", "scm",
	"scop", "scic", "sem", "sep", "gie", "ei", "eirl", "selarl", "selas", "sele",
	"ste", "societe", "ets", "etablissements", "association", "asso", "fondation",
	"cooperative", "fonds de dotation", NULL,
};

/* Bytes [*start, *end) of the first 9- or 14-digit run of text; 0 when none. */
static int siren_span(const char *text, size_t *start, size_t *end, char digits[15])
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (s[i]) {
		size_t j = i, last = i, nd = 0;

		if (s[i] < '0' || s[i] > '9' || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')) {
			i++;
			continue;
		}
		for (;;) {
			if (s[j] >= '0' && s[j] <= '9') {
				if (nd < 14)
					digits[nd] = (char)s[j];
				nd++;
				last = ++j;
			} else if (s[j] == ' ' || s[j] == '.') {
				j++;
			} else if (s[j] == 0xc2 && s[j + 1] == 0xa0) {		/* U+00A0 */
				j += 2;
			} else if (s[j] == 0xe2 && s[j + 1] == 0x80 && s[j + 2] == 0xaf) { /* U+202F */
				j += 3;
			} else {
				break;
			}
		}
		if (nd == 9 || nd == 14) {
			digits[nd] = '\0';
			*start = i;
			*end = last;
			return 1;
		}
		i = last;
	}
	return 0;
}

int coi_siren(const char *text, char siren[10])
{
	char digits[15];
	size_t a, b;

	if (!text || !siren_span(text, &a, &b, digits))
		return 0;
	memcpy(siren, digits, 9);
	siren[9] = '\0';
	return 1;
}

static int is_legal_form(const char *w, size_t n)
{
	for (size_t i = 0; legal_forms[i]; i++)
		if (strlen(legal_forms[i]) == n && !memcmp(legal_forms[i], w, n))
			return 1;
	return 0;
}

int coi_name_key(const char *name, struct strbuf *out)
{
	struct strbuf folded = STRBUF_INIT;
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	char digits[15];
	size_t i, a = 0, b = 0, w;
	int has_siren = siren_span((const char *)s, &a, &b, digits), rc = 0;

	strbuf_reset(out);
	/* 1. Fold to lowercase ASCII words separated by single spaces. */
	for (i = 0; s[i] && rc == 0;) {
		unsigned c = s[i];

		if (has_siren && i >= a && i < b) {
			i = b;
			rc = strbuf_addch(&folded, ' ');
		} else if (c < 0x80) {
			i++;
			if (c >= 'A' && c <= 'Z')
				rc = strbuf_addch(&folded, (int)(c - 'A' + 'a'));
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				rc = strbuf_addch(&folded, (int)c);
			else if (c == '&')
				rc = strbuf_addstr(&folded, " et ");
			else if (c != '.')
				rc = strbuf_addch(&folded, ' ');
		} else if (c == 0xc3 && s[i + 1] >= 0x80 && s[i + 1] <= 0xbf) {
			rc = strbuf_addstr(&folded, latin1[s[i + 1] - 0x80]);
			i += 2;
		} else if (c == 0xc5 && (s[i + 1] == 0x92 || s[i + 1] == 0x93)) {	/* Œ œ */
			rc = strbuf_addstr(&folded, "oe");
			i += 2;
		} else if (c == 0xc5 && s[i + 1] == 0xb8) {				/* Ÿ */
			rc = strbuf_addch(&folded, 'y');
			i += 2;
		} else {
			/* Other characters: kept whole, unless punctuation (« » ’ – …). */
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			int punct = (c == 0xc2) || (c == 0xe2 && s[i + 1] == 0x80);

			for (size_t k = 1; k < n; k++)
				if (!s[i + k])
					n = k;
			rc = punct ? strbuf_addch(&folded, ' ') : strbuf_add(&folded, s + i, n);
			i += n;
		}
	}
	if (rc < 0) {
		strbuf_release(&folded);
		return -1;
	}
	/* 2. The words, without the legal forms ("fonds de dotation" is three). */
	for (i = 0; i < folded.len && rc == 0;) {
		while (i < folded.len && folded.buf[i] == ' ')
			i++;
		for (w = i; w < folded.len && folded.buf[w] != ' '; w++)
			;
		if (w == i)
			break;
		if (folded.len - i >= 17 && !memcmp(folded.buf + i, "fonds de dotation", 17) &&
		    (i + 17 == folded.len || folded.buf[i + 17] == ' ')) {
			i += 17;
			continue;
		}
		if (!is_legal_form(folded.buf + i, w - i)) {
			if (out->len)
				rc = strbuf_addch(out, ' ');
			if (rc == 0)
				rc = strbuf_add(out, folded.buf + i, w - i);
		}
		i = w;
	}
	strbuf_release(&folded);
	return rc < 0 ? -1 : 0;
}

static int cmp_match(const void *pa, const void *pb)
{
	const struct coi_match *a = pa, *b = pb;

	if (a->cand != b->cand)
		return a->cand < b->cand ? -1 : 1;
	if (a->juror != b->juror)
		return a->juror < b->juror ? -1 : 1;
	return strcmp(a->key, b->key);
}

void coi_matches_free(struct coi_match *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].key);
		free(v[i].reason);
	}
	free(v);
}

/* An item with its key and SIREN, computed once. */
struct keyed {
	char *name;		/* name key, or NULL when empty */
	char siren[10];		/* "" when none */
};

static int keyed_make(const struct coi_item *v, size_t n, struct keyed **out)
{
	struct strbuf key = STRBUF_INIT;
	struct keyed *k = calloc(n + 1, sizeof(*k));
	size_t i;

	if (!k)
		return -1;
	for (i = 0; i < n; i++) {
		if (!coi_siren(v[i].text, k[i].siren))
			k[i].siren[0] = '\0';
		if (coi_name_key(v[i].text, &key) < 0)
			goto oom;
		/* One letter or digit is not a name worth comparing. */
		if (key.len >= 2 && !(k[i].name = strbuf_detach(&key, NULL)))
			goto oom;
	}
	strbuf_release(&key);
	*out = k;
	return 0;
oom:
	strbuf_release(&key);
	for (i = 0; i < n; i++)
		free(k[i].name);
	free(k);
	return -1;
}

static void keyed_free(struct keyed *k, size_t n)
{
	for (size_t i = 0; k && i < n; i++)
		free(k[i].name);
	free(k);
}

static int add_match(struct coi_match **v, size_t *n, size_t *alloc, size_t juror, size_t cand,
		     const char *key_kind, const char *key,
		     const struct coi_item *tie, const struct coi_item *org)
{
	struct strbuf k = STRBUF_INIT, r = STRBUF_INIT;

	for (size_t i = 0; i < *n; i++)	/* the same link found twice */
		if ((*v)[i].juror == juror && (*v)[i].cand == cand &&
		    !strncmp((*v)[i].key, key_kind, strlen(key_kind)) &&
		    !strcmp((*v)[i].key + strlen(key_kind), key))
			return 0;
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 16;
		struct coi_match *nv = realloc(*v, na * sizeof(*nv));

		if (!nv)
			return -1;
		*v = nv;
		*alloc = na;
	}
	if (strbuf_addf(&k, "%s%s", key_kind, key) < 0 ||
	    strbuf_addf(&r, "%s \"%s\" %s %s \"%s\"", tie->kind, tie->text,
			!strcmp(key_kind, "siren:") ? "has the SIREN of" : "~", org->kind,
			org->text) < 0) {
		strbuf_release(&k);
		strbuf_release(&r);
		return -1;
	}
	(*v)[*n].juror = juror;
	(*v)[*n].cand = cand;
	(*v)[*n].key = strbuf_detach(&k, NULL);
	(*v)[*n].reason = strbuf_detach(&r, NULL);
	if (!(*v)[*n].key || !(*v)[*n].reason) {
		free((*v)[*n].key);
		free((*v)[*n].reason);
		return -1;
	}
	(*n)++;
	return 0;
}

int coi_suggest(const struct coi_item *ties, size_t nties, const struct coi_item *orgs,
		size_t norgs, struct coi_match **out, size_t *n)
{
	struct keyed *kt = NULL, *ko = NULL;
	struct coi_match *v = NULL;
	size_t alloc = 0, i, j;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (keyed_make(ties, nties, &kt) < 0)
		return -1;
	if (keyed_make(orgs, norgs, &ko) < 0) {
		keyed_free(kt, nties);
		return -1;
	}
	for (i = 0; i < nties && rc == 0; i++)
		for (j = 0; j < norgs && rc == 0; j++) {
			if (kt[i].siren[0] && !strcmp(kt[i].siren, ko[j].siren))
				rc = add_match(&v, n, &alloc, ties[i].owner, orgs[j].owner,
					       "siren:", kt[i].siren, &ties[i], &orgs[j]);
			if (rc == 0 && kt[i].name && ko[j].name && !strcmp(kt[i].name, ko[j].name))
				rc = add_match(&v, n, &alloc, ties[i].owner, orgs[j].owner,
					       "name:", kt[i].name, &ties[i], &orgs[j]);
		}
	keyed_free(kt, nties);
	keyed_free(ko, norgs);
	if (rc < 0) {
		coi_matches_free(v, *n);
		*n = 0;
		return -1;
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_match);
	*out = v;
	return 0;
}
