/*
 * followup: reading the laureates' follow-up answers (see followup.h).
 */
#include "analysis/followup.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"

/* Copy a respondent's answers into row i, by question name in the latest model. */
static int take(struct prize_followup *f, size_t i, const struct an_version *v,
		const char *const *values, size_t n)
{
	for (size_t q = 0; q < f->s->nq; q++) {
		const struct question *vq = survey_find(v->s, f->s->questions[q]->name);
		const char *t = vq && vq->index < n ? values[vq->index] : NULL;
		char **slot = &f->values[i * f->s->nq + q];

		free(*slot);
		*slot = NULL;
		if (t && !(*slot = strdup(t)))
			return -1;
	}
	return 0;
}

static int each(void *ctx, const struct an_version *v, const struct respondent *r,
		const char *const *values, size_t n)
{
	struct prize_followup *f = ctx;

	/* Given on the link (its token), or imported with the token as `_id`. */
	for (size_t i = 0; i < f->n; i++)
		if ((r->token && !strcmp(r->token, f->token[i])) ||
		    (r->ext_id && !strcmp(r->ext_id, f->token[i])))
			return take(f, i, v, values, n) < 0 ? UT_ENOMEM : 0;
	return 0;
}

int prize_followup_load(struct prize_followup *f, struct store *st, const struct prize_data *pd,
			const char *form_id, struct error *err)
{
	struct store_followup *links = NULL;
	size_t nlinks = 0, i;
	int rc;

	memset(f, 0, sizeof(*f));
	if ((rc = an_source_open(&f->src, st, &form_id, 1, err)) < 0)
		return rc;
	f->open = 1;
	f->s = f->src.forms[0].latest;
	if (store_followups(st, pd->e->id, &links, &nlinks, err) < 0)
		return UT_EIO;
	f->cand = calloc(nlinks + 1, sizeof(*f->cand));
	f->status = calloc(nlinks + 1, sizeof(*f->status));
	f->token = calloc(nlinks + 1, sizeof(*f->token));
	f->values = calloc(nlinks * f->s->nq + 1, sizeof(*f->values));
	if (!f->cand || !f->status || !f->token || !f->values) {
		store_followups_free(links, nlinks);
		return error_set(err, "out of memory"), UT_ENOMEM;
	}
	for (i = 0; i < nlinks; i++) {
		long ci = prize_data_candidate(pd, links[i].candidate_id);

		if (ci < 0)
			continue;	/* an application withdrawn since */
		f->cand[f->n] = (size_t)ci;
		f->status[f->n] = links[i].status;
		f->token[f->n] = links[i].token;
		links[i].status = links[i].token = NULL;
		f->n++;
	}
	store_followups_free(links, nlinks);
	rc = an_source_each(&f->src, st, 1, each, f, err);
	if (rc == UT_ENOMEM)
		error_set(err, "out of memory");
	for (i = 0; rc == 0 && i < f->n; i++)
		for (size_t q = 0; q < f->s->nq; q++)
			if (f->values[i * f->s->nq + q]) {
				f->answered_n++;
				break;
			}
	return rc;
}

void prize_followup_release(struct prize_followup *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->status[i]);
		free(f->token[i]);
		for (size_t q = 0; f->s && q < f->s->nq; q++)
			free(f->values[i * f->s->nq + q]);
	}
	free(f->cand);
	free(f->status);
	free(f->token);
	free(f->values);
	if (f->open)
		an_source_release(&f->src);
	memset(f, 0, sizeof(*f));
}
