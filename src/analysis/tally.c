/*
 * tally: counting the jurors' recommendations (see tally.h).
 */
#include "analysis/tally.h"

#include <stdlib.h>
#include <string.h>

int prize_tally_init(struct prize_tally *t, const struct survey *grid,
		     const struct edition *e, size_t ncand)
{
	size_t i, k;

	memset(t, 0, sizeof(*t));
	t->ncand = ncand;
	t->q = calloc(grid->nq + 1, sizeof(*t->q));
	if (!t->q)
		return -1;
	for (i = 0; i < grid->nq; i++) {
		const struct question *q = grid->questions[i];
		int crit = 0;

		if (q->type != Q_SELECT_ONE || !q->list || !q->list->n)
			continue;
		for (k = 0; k < e->ncrit && !crit; k++)
			crit = !strcmp(e->crit[k].name, q->name);
		if (crit)
			continue;
		t->q[t->nq].q = q;
		t->q[t->nq].off = t->width;
		t->width += q->list->n;
		t->nq++;
	}
	t->count = calloc(ncand * t->width + 1, sizeof(*t->count));
	if (!t->count) {
		prize_tally_release(t);
		return -1;
	}
	return 0;
}

void prize_tally_add(struct prize_tally *t, size_t cand, const struct survey *s,
		     const char *const *values, size_t n)
{
	for (size_t k = 0; k < t->nq; k++) {
		const struct question *q = survey_find(s, t->q[k].q->name);
		const char *v = q && q->index < n ? values[q->index] : NULL;
		const struct choice_list *l = t->q[k].q->list;

		if (!v || !*v)
			continue;
		for (size_t c = 0; c < l->n; c++)
			if (!strcmp(l->v[c].name, v)) {
				t->count[cand * t->width + t->q[k].off + c]++;
				break;
			}
	}
}

size_t prize_tally_get(const struct prize_tally *t, size_t cand, size_t qi, size_t choice)
{
	return t->count[cand * t->width + t->q[qi].off + choice];
}

void prize_tally_release(struct prize_tally *t)
{
	free(t->q);
	free(t->count);
	memset(t, 0, sizeof(*t));
}
