/*
 * Diagnostics and error records (see diag.h).
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "util/array.h"
#include "util/i18n.h"

int diag_vadd(struct diags *d, enum severity sev, const char *file, int line,
	      int col, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *x;
	int ret = sev == SEV_ERROR ? -1 : 0;


	if (ARRAY_GROW(d->v, d->alloc, d->n + 1, 16) < 0) {
		d->oom = 1;
		return ret;
	}
	if (strbuf_vaddf(&sb, _(fmt), ap) < 0) {	/* in French when po/ has it (util/i18n.h) */
		strbuf_release(&sb);
		d->oom = 1;
		return ret;
	}
	x = &d->v[d->n++];
	x->file = xstrdup_or_null(file);
	x->line = line;
	x->col = col;
	x->sev = sev;
	x->msg = strbuf_detach(&sb, NULL);
	if (sev == SEV_ERROR)
		d->nerror++;
	else
		d->nwarning++;
	return ret;
}

int diag_add(struct diags *d, enum severity sev, const char *file, int line,
	     int col, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = diag_vadd(d, sev, file, line, col, fmt, ap);
	va_end(ap);
	return rc;
}

/* Insertion sort: lists are short and stability keeps the order of finding. */
void diags_sort(struct diags *d)
{
	size_t i, j;

	for (i = 1; i < d->n; i++) {
		struct diag t = d->v[i];

		for (j = i; j > 0; j--) {
			const struct diag *p = &d->v[j - 1];
			int samefile = (p->file == NULL && t.file == NULL) ||
				       (p->file && t.file && !strcmp(p->file, t.file));

			if (!samefile)
				break;
			if (p->line < t.line || (p->line == t.line && p->col <= t.col))
				break;
			d->v[j] = d->v[j - 1];
		}
		d->v[j] = t;
	}
}

void diags_print(FILE *fp, const struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		const char *kind = x->sev == SEV_ERROR ? "error" : "warning";

		if (x->file && x->line && x->col)
			fprintf(fp, "%s:%d:%d: %s: %s\n", x->file, x->line, x->col, kind, x->msg);
		else if (x->file && x->line)
			fprintf(fp, "%s:%d: %s: %s\n", x->file, x->line, kind, x->msg);
		else if (x->file)
			fprintf(fp, "%s: %s: %s\n", x->file, kind, x->msg);
		else
			fprintf(fp, "%s: %s\n", kind, x->msg);
	}
	if (d->oom)
		fprintf(fp, "error: out of memory while recording diagnostics\n");
}

void diags_release(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int error_set(struct error *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	fmt = _(fmt);	/* in French when po/ has it, as in diag_vadd() */
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int edit_distance(const char *a, const char *b)
{
	int prev[65], cur[65];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > 64)
		la = 64;
	if (lb > 64)
		lb = 64;
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			int m = sub < del ? sub : del;

			cur[j] = m < ins ? m : ins;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(int));
	}
	return prev[lb];
}

const char *did_you_mean(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	int bestd = 3;
	size_t len = strlen(word);

	for (; *candidates; candidates++) {
		int dist = edit_distance(word, *candidates);

		if (dist < bestd && (size_t)dist * 2 < (len > 2 ? len : 2)) {
			bestd = dist;
			best = *candidates;
		}
	}
	return best;
}
