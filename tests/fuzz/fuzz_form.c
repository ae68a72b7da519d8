/*
 * Fuzz target: what the server does with a posted page of a web form
 * (collect/form_post.c over survey/response.c), without the network, in the
 * order of respondent_post() in collect/server.c: form_apply() of the
 * posted fields, form_check(), the signature of what the page shows, the
 * draft encoded as the workspace stores it (record_encode() must accept
 * it: a refused draft would lose the page), the errors of questions that
 * just appeared forgotten, and the page rendered again with its errors;
 * then form_drop_invalid() and the review page.  No HTML may carry markup
 * from the survey or the answers.
 *
 * The survey is tests/fuzz/form.yaml.  Input: byte 0 the page (modulo the
 * number of pages + 1), byte 1 the language (bit 0) and whether the draft
 * starts with answers (bit 1); the rest is an
 * application/x-www-form-urlencoded body ("name=value&...", %XX and +).
 */
#include "fuzz.h"

#include <stdio.h>

#include "collect/form.h"
#include "store/record.h"
#include "survey/response.h"

static struct survey *form_survey;

static void load_survey(void)
{
	struct diags d = DIAGS_INIT;
	size_t len;
	char *src = fuzz_read_file("tests/fuzz/form.yaml", &len);

	if (survey_load(&form_survey, "form.yaml", src, len, &d) < 0) {
		diags_print(stderr, &d);
		abort();
	}
	diags_release(&d);
	free(src);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode n bytes of urlencoded text into out (at least n bytes); returns the length. */
static size_t url_decode(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[k++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[k++] = s[i];
		}
	}
	return k;
}

/* Names of the fields posted with a NUL byte in their value (at most 8 kept). */
static char *nul_names[8];
static size_t nnul;

static void parse_body(const char *p, size_t n, struct form_fields *f)
{
	const char *end = p + n;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		const char *vs = eq ? eq + 1 : stop;
		char *name = malloc((size_t)((eq ? eq : stop) - p) + 1);
		char *value = malloc((size_t)(stop - vs) + 1);
		size_t nl, vl;

		if (!name || !value)
			abort();
		nl = url_decode(p, (size_t)((eq ? eq : stop) - p), name);
		name[nl] = '\0';
		vl = url_decode(vs, (size_t)(stop - vs), value);
		value[vl] = '\0';
		if (form_fields_add(f, name, value, vl) < 0)
			abort();
		/* the first field of a name is the one read */
		if (memchr(value, '\0', vl) && nnul < 8 && f->v[f->n - 1].value == form_fields_get(f, name) &&
		    !(nul_names[nnul++] = strdup(name)))
			abort();
		free(name);
		free(value);
		p = stop + 1;
	}
}

static void no_markup(const struct strbuf *html)
{
	static const char *const bad[] = { "<script", "<un>", "<b>", "<i>", "<ans>", NULL };
	size_t i;

	for (i = 0; bad[i]; i++)
		if (html->buf && strstr(html->buf, bad[i])) {
			fprintf(stderr, "fuzz_form: unescaped '%s' in the page\n", bad[i]);
			abort();
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form_fields f = { NULL, 0, 0 };
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf sig, html, rec;
	struct response r;
	struct form_view v;
	const char **vals;
	size_t lang, i, bad = 0;
	int page, rc;

	if (size < 2)
		return 0;
	if (!form_survey)
		load_survey();
	page = data[0] % (int)(form_survey->ntop + 1);
	lang = data[1] & 1;
	if (response_init(&r, form_survey) < 0)
		abort();
	r.today = "2026-01-15";
	if (data[1] & 2) {
		response_set(&r, "age", "40");
		response_set(&r, "secteur", "nord");
		response_set(&r, "ville", "lille");
		response_set(&r, "aides", "repas autre");
		response_set(&r, "aides_autre", "Vestiaire");
	}
	parse_body((const char *)data + 2, size - 2, &f);
	strbuf_init(&sig, 0);
	strbuf_init(&html, 0);
	strbuf_init(&rec, 0);
	if (response_update(&r, 1) < 0)
		abort();
	if ((size_t)page < form_survey->ntop) {
		if (form_apply(&r, page, &f, &errs, lang) < 0 || form_check(&r, page, &errs, lang) < 0 ||
		    form_signature(&r, page, &sig) < 0)
			abort();
	} else if (form_check(&r, -1, &errs, lang) < 0) {
		abort();
	}
	/* The draft as save_draft() in server.c hands it to the workspace: every error counts. */
	vals = calloc(form_survey->nq, sizeof(*vals));
	if (!vals)
		abort();
	for (i = 0; i < form_survey->nq; i++)
		vals[i] = r.values[i];
	for (i = 0; i < errs.n; i++)
		vals[errs.v[i].q->index] = NULL;
	/* a value cut short at a NUL byte is refused, never kept */
	for (i = 0; i < nnul; i++) {
		const struct question *q = survey_find(form_survey, nul_names[i]), *top = q;

		while (top && top->parent)
			top = top->parent;
		/* (a rank is posted as NAME.CHOICE fields: a field NAME is not read) */
		if (q && (size_t)page < form_survey->ntop && top == form_survey->top[page] &&
		    question_has_value(q) && q->type != Q_CALCULATE && q->type != Q_RANK &&
		    vals[q->index]) {
			fprintf(stderr, "fuzz_form: '%s' posted with a NUL byte was kept as '%s'\n",
				q->name, vals[q->index]);
			abort();
		}
	}
	while (nnul > 0)
		free(nul_names[--nnul]);
	rc = record_encode(vals, form_survey->nq, &rec, &bad);
	/* then the errors of the questions that just appeared are not shown */
	if ((size_t)page < form_survey->ntop && form_revealed(form_fields_get(&f, "_shown"), sig.buf))
		form_errors_forget_new(&errs, form_fields_get(&f, "_shown"));
	if (rc != 0) {
		fprintf(stderr, "fuzz_form: the draft cannot be stored (%d, slot %zu: '%s')\n", rc, bad,
			form_survey->questions[bad]->name);
		abort();
	}
	free(vals);
	memset(&v, 0, sizeof(v));
	v.s = form_survey;
	v.lang = lang;
	v.action = "TOKEN";
	v.csrf = "CSRF";
	v.page = page;
	if ((size_t)page < form_survey->ntop) {
		if (form_render_page(&html, &v, &r, &errs, 0) < 0)
			abort();
	} else if (form_render_review(&html, &v, &r, &errs) < 0) {
		abort();
	}
	no_markup(&html);
	form_drop_invalid(&r, &errs);
	strbuf_reset(&html);
	v.page = (int)form_survey->ntop;
	if (form_render_review(&html, &v, &r, NULL) < 0)
		abort();
	no_markup(&html);
	form_errors_release(&errs);
	form_fields_release(&f);
	response_release(&r);
	strbuf_release(&sig);
	strbuf_release(&html);
	strbuf_release(&rec);
	return 0;
}
