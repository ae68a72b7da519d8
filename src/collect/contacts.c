/*
 * contacts: parsing a contact list for invitations (see contacts.h).
 */
#include "collect/contacts.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/array.h"
#include "util/utf8.h"

enum col { C_IGNORED, C_NAME, C_EMAIL, C_GROUP, C_WAVE, C_LANG };

#define MAX_COLS 64
#define MAX_VALUE 500		/* longest value kept in a contact field */

struct parse {
	const char *file;		/* for messages */
	struct diags *d;		/* problems */
	struct contacts *out;		/* rows */
	int row;			/* current row, 1-based */
	int col;			/* next column of the row, 0-based */
	enum col cols[MAX_COLS];	/* meaning of each column */
	int ncols;			/* columns of the header */
	struct contact cur;		/* row being read */
	int oom;			/* allocation failed */
};

static enum col col_of(const char *h)
{
	static const struct { const char *name; enum col c; } names[] = {
		{ "name", C_NAME }, { "nom", C_NAME },
		{ "email", C_EMAIL }, { "e-mail", C_EMAIL }, { "mail", C_EMAIL },
		{ "courriel", C_EMAIL },
		{ "group", C_GROUP }, { "groupe", C_GROUP }, { "_group", C_GROUP },
		{ "wave", C_WAVE }, { "vague", C_WAVE }, { "_wave", C_WAVE },
		{ "language", C_LANG }, { "lang", C_LANG }, { "langue", C_LANG },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(h, names[i].name))
			return names[i].c;
	return C_IGNORED;
}

/* Trimmed malloc'd copy of the n bytes at s, NULL when empty. */
static char *trimmed_copy(const char *s, size_t n, int *oom)
{
	char *r;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	if (!(r = malloc(n + 1))) {
		*oom = 1;
		return NULL;
	}
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static void on_field(void *data, size_t n, void *ctx)
{
	struct parse *p = ctx;
	const char *s = data ? data : "";
	int col = p->col++;

	if (p->row == 1 && col == 0 && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, n -= 3;		/* byte-order mark */
	if (!utf8_valid(s, n)) {
		diag_add(p->d, SEV_ERROR, p->file, p->row, col + 1, "not valid UTF-8 text "
			 "(save the file as CSV UTF-8)");
		return;
	}
	if (p->row == 1) {
		char h[64];

		if (col >= MAX_COLS) {
			diag_add(p->d, SEV_ERROR, p->file, 1, col + 1, "more than %d columns",
				 MAX_COLS);
			return;
		}
		snprintf(h, sizeof(h), "%.*s", (int)(n < 63 ? n : 63), s);
		p->cols[col] = col_of(h);
		p->ncols = col + 1;
		if (p->cols[col] == C_IGNORED)
			diag_add(p->d, SEV_WARNING, p->file, 1, col + 1, "column '%s' is ignored "
				 "(known columns: name, email, group, wave, language)", h);
		else
			for (int k = 0; k < col; k++)
				if (p->cols[k] == p->cols[col])
					diag_add(p->d, SEV_ERROR, p->file, 1, col + 1,
						 "column '%s' repeats column %d", h, k + 1);
		return;
	}
	if (col >= p->ncols) {
		if (n)
			diag_add(p->d, SEV_ERROR, p->file, p->row, col + 1,
				 "value beyond the %d columns of the header", p->ncols);
		return;
	}
	if (p->cols[col] == C_IGNORED)
		return;
	if (n > MAX_VALUE) {
		diag_add(p->d, SEV_ERROR, p->file, p->row, col + 1, "value longer than %d bytes",
			 MAX_VALUE);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
			diag_add(p->d, SEV_ERROR, p->file, p->row, col + 1,
				 "line break or control character inside a value");
			return;
		}
	{
		char *v = trimmed_copy(s, n, &p->oom);
		char **slot = p->cols[col] == C_NAME ? &p->cur.name :
			      p->cols[col] == C_EMAIL ? &p->cur.email :
			      p->cols[col] == C_GROUP ? &p->cur.group :
			      p->cols[col] == C_LANG ? &p->cur.lang : &p->cur.wave;

		free(*slot);
		*slot = v;
		if (v && p->cols[col] == C_EMAIL) {
			const char *at = strchr(v, '@');

			if (!at || at == v || !strchr(at + 1, '.') || strchr(at + 1, '@') ||
			    strpbrk(v, " ,;<>\""))
				diag_add(p->d, SEV_ERROR, p->file, p->row, col + 1,
					 "'%s' is not an email address", v);
		}
	}
}

static void contact_free(struct contact *c)
{
	free(c->name);
	free(c->email);
	free(c->group);
	free(c->wave);
	free(c->lang);
	memset(c, 0, sizeof(*c));
}

static void on_row(int term, void *ctx)
{
	struct parse *p = ctx;

	(void)term;
	if (p->row == 1) {
		int known = 0;

		for (int i = 0; i < p->ncols; i++)
			known |= p->cols[i] != C_IGNORED;
		if (!known)
			diag_add(p->d, SEV_ERROR, p->file, 1, 1, "no known column in the header "
				 "(name, email, group, wave, language; or nom, courriel, groupe, vague, langue)");
	} else if (p->cur.name || p->cur.email || p->cur.group || p->cur.wave || p->cur.lang) {
		if (ARRAY_GROW(p->out->v, p->out->alloc, p->out->n + 1, 64) < 0) {
			p->oom = 1;
			contact_free(&p->cur);
			goto next;
		}
		p->cur.row = p->row;
		p->out->v[p->out->n++] = p->cur;
		memset(&p->cur, 0, sizeof(p->cur));
	}
next:
	p->row++;
	p->col = 0;
}

void contacts_release(struct contacts *c)
{
	for (size_t i = 0; i < c->n; i++)
		contact_free(&c->v[i]);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int contacts_parse(struct contacts *out, const char *file, const char *text, size_t len,
		   struct diags *d)
{
	struct csv_parser csv;
	struct parse p;
	size_t nerr = d->nerror, hdr = strcspn(text, "\n");
	unsigned char delim = ',';

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.file = file;
	p.d = d;
	p.out = out;
	p.row = 1;
	/* the header decides the separator: ';' when it has more of them than ',' */
	{
		size_t semi = 0, comma = 0;

		for (size_t i = 0; i < hdr && i < len; i++) {
			semi += text[i] == ';';
			comma += text[i] == ',';
		}
		if (semi > comma)
			delim = ';';
	}
	if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
		return -1;
	}
	csv_set_delim(&csv, delim);
	if (csv_parse(&csv, text, len, on_field, on_row, &p) != len ||
	    csv_fini(&csv, on_field, on_row, &p) != 0)
		diag_add(d, SEV_ERROR, file, p.row, p.col + 1, "%s",
			 csv_error(&csv) == CSV_EPARSE ? "malformed CSV (a quote is not closed "
			 "or is followed by text)" : csv_strerror(csv_error(&csv)));
	csv_free(&csv);
	contact_free(&p.cur);
	if (p.oom)
		diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	if (d->nerror == nerr && out->n == 0)
		diag_add(d, SEV_ERROR, file, p.row > 1 ? p.row - 1 : 1, 0,
			 "no contact in the file (the first row names the columns)");
	if (d->nerror > nerr) {
		contacts_release(out);
		return -1;
	}
	return 0;
}
