/*
 * Fuzz target: the survey loader (survey/survey.c over survey/yamldoc.c),
 * which reads every questionnaire definition, including those made from
 * an XLSForm workbook.  A definition that loads is also rendered into its
 * codebook strings the way the other modules read it (labels, lookups);
 * one with repeats gets two instances of each, every answer '1', its rules
 * applied per instance, and its instances through the record and back.
 */
#include "fuzz.h"

#include "store/record.h"
#include "survey/response.h"
#include "survey/survey.h"

/* Two instances of every repeat inside the container rep (NULL: the top level) at path. */
static void fill(struct response *r, const struct question *rep, size_t *path)
{
	const struct survey *s = r->s;
	size_t i, k, n = rep ? rep->nown : s->nq, idx;

	for (i = 0; i < n; i++) {
		const struct question *q = rep ? rep->own[i] : s->questions[i];

		if (q->repeat != rep)
			continue;
		if (question_has_value(q) && q->type != Q_CALCULATE &&
		    response_set_at(r, q, path, "1") < 0)
			abort();
		if (q->type != Q_REPEAT)
			continue;
		for (k = 0; k < 2; k++) {
			if (response_add(r, q, path, &idx) < 0)
				abort();
			path[q->depth] = idx;
			fill(r, q, path);
		}
	}
}

static void encode(const struct response *r, struct strbuf *out)
{
	struct instance *inst;
	size_t n;

	if (response_instances(r, &inst, &n) < 0 ||
	    record_encode_repeats((const char *const *)r->values, r->s->nq, inst, n, out, NULL) < 0)
		abort();
	free(inst);
}

static void exercise(const struct survey *s)
{
	struct response r, back;
	struct problems p = { NULL, 0, 0 };
	struct strbuf a, b;
	struct record_buf rb = RECORD_BUF_INIT;
	size_t path[SURVEY_MAX_REPEAT_DEPTH] = { 0 }, pos;

	if (!s->nrepeats || response_init(&r, s) < 0)
		return;
	r.today = "2025-01-01";
	fill(&r, NULL, path);
	if (response_update(&r, 0) < 0 || response_check(&r, NULL, &p) < 0 ||
	    response_update(&r, 1) < 0 || response_check(&r, NULL, &p) < 0)
		abort();
	strbuf_init(&a, 0);
	strbuf_init(&b, 0);
	encode(&r, &a);
	if (record_decode(a.buf, a.len, s->nq, &rb, &pos) < 0 || response_init(&back, s) < 0)
		abort();
	for (size_t i = 0; i < rb.n && i < s->nq; i++)
		if (rb.values[i] && (back.values[i] = strdup(rb.values[i])) == NULL)
			abort();
	if (response_set_instances(&back, rb.inst, rb.ninst, NULL) < 0)
		abort();
	encode(&back, &b);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len))
		abort();
	strbuf_release(&a);
	strbuf_release(&b);
	record_buf_release(&rb);
	problems_release(&p);
	response_release(&back);
	response_release(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	char *src = fuzz_text(data, size);

	if (survey_load(&s, "fuzz.yaml", src, size, &d) == 0) {
		size_t i, l;

		for (i = 0; i < s->nq; i++) {
			const struct question *q = s->questions[i];

			if (survey_find(s, q->name) != q)
				abort();
			for (l = 0; l < s->nlang; l++)
				(void)label_get(s, &q->label, l);
		}
		exercise(s);
	}
	diags_sort(&d);
	survey_free(s);
	diags_release(&d);
	free(src);
	return 0;
}
