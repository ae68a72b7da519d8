/*
 * edition: loading and checking prize edition definitions (see edition.h).
 */
#include "analysis/edition.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const top_keys[] = {
	"edition", "title", "application", "grid", "candidate_name", "summary", "criteria",
	"siren", "min_jurors", "normalisation", "aggregation", "tie_break", "divergence",
	"competences", NULL,
};

/* A problem at a node of the edition's file. */
#define err(e, d, n, ...) ydoc_error((d), (e)->doc.file, (n), __VA_ARGS__)

/* A required identifier-like string. */
static int get_name(struct edition *e, struct diags *d, const struct ynode *root,
		    const char *key, const char **out, const struct ynode **node)
{
	const struct ynode *n = ynode_get(root, key);

	if (node)
		*node = n;
	if (!n)
		return err(e, d, root, "missing '%s'", key);
	if (ydoc_expect(&e->doc, d, n, YNODE_SCALAR, key) < 0)
		return -1;
	if (!*n->str)
		return err(e, d, n, "'%s' must not be empty", key);
	*out = n->str;
	return 0;
}

/* A list of strings into an arena array. */
static int get_list(struct edition *e, struct diags *d, const struct ynode *n, const char *key,
		    const char ***out, size_t *nout)
{
	size_t i;

	*nout = 0;
	if (ydoc_expect(&e->doc, d, n, YNODE_SEQ, key) < 0)
		return -1;
	*out = arena_alloc(&e->doc.arena, (n->n + 1) * sizeof(char *));
	if (!*out)
		return err(e, d, n, "out of memory");
	for (i = 0; i < n->n; i++) {
		if (ydoc_expect(&e->doc, d, n->items[i], YNODE_SCALAR, key) < 0)
			return -1;
		(*out)[(*nout)++] = n->items[i]->str;
	}
	return 0;
}

/* One of the words of a NULL-terminated list; its index in *out. */
static int get_choice(struct edition *e, struct diags *d, const struct ynode *root,
		      const char *key, const char *const *words, int *out)
{
	const struct ynode *n = ynode_get(root, key);
	const char *hint;
	int i;

	if (!n)
		return 0;
	if (ydoc_expect(&e->doc, d, n, YNODE_SCALAR, key) < 0)
		return -1;
	for (i = 0; words[i]; i++)
		if (!strcmp(n->str, words[i])) {
			*out = i;
			return 0;
		}
	hint = did_you_mean(n->str, words);
	if (hint)
		return err(e, d, n, "unknown %s '%s'; did you mean '%s'?", key, n->str, hint);
	return err(e, d, n, "unknown %s '%s' (one of: %s%s%s%s%s)", key, n->str, words[0],
		   words[1] ? ", " : "", words[1] ? words[1] : "", words[2] ? ", " : "",
		   words[2] ? words[2] : "");
}

int edition_parse(struct edition **out, const char *file, const char *src, size_t len,
		  struct diags *d)
{
	static const char *const norms[] = { "none", "zscore", "range", NULL };
	static const char *const aggs[] = { "mean", "median", "trimmed", NULL };
	struct edition *e = calloc(1, sizeof(*e));
	const struct ynode *root, *n;
	size_t nerr = d->nerror, i;
	int rc = 0, choice;

	*out = NULL;
	if (!e || !(e->src = malloc(len + 1))) {
		free(e);
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	}
	memcpy(e->src, src, len);
	e->src[len] = '\0';
	if (ydoc_parse(&e->doc, file, e->src, len, d) < 0) {
		edition_free(e);
		return -1;
	}
	root = e->doc.root;
	if (!root) {
		diag_add(d, SEV_ERROR, file, 1, 1, "empty definition: expected edition, application, grid...");
		edition_free(e);
		return -1;
	}
	if (root->kind != YNODE_MAP) {
		err(e, d, root, "a prize edition must be a mapping (edition, application, grid...), not %s",
		    ynode_kind_name(root));
		edition_free(e);
		return -1;
	}
	e->min_jurors = 3;
	e->divergence = 15;
	rc |= ydoc_check_keys(&e->doc, d, root, top_keys, "the edition");
	rc |= get_name(e, d, root, "edition", &e->id, NULL);
	rc |= get_name(e, d, root, "application", &e->application, &e->app_node);
	rc |= get_name(e, d, root, "grid", &e->grid, &e->grid_node);
	e->title_node = ynode_get(root, "title");
	if (!e->title_node)
		rc |= err(e, d, root, "missing 'title'");
	if (!(e->names_node = ynode_get(root, "candidate_name")))
		rc |= err(e, d, root, "missing 'candidate_name' (the application questions that name a candidate)");
	else
		rc |= get_list(e, d, e->names_node, "candidate_name", &e->candidate_name,
			       &e->ncandidate_name);
	if ((e->summary_node = ynode_get(root, "summary")))
		rc |= get_list(e, d, e->summary_node, "summary", &e->summary, &e->nsummary);
	if ((e->siren_node = ynode_get(root, "siren")))
		rc |= get_list(e, d, e->siren_node, "siren", &e->siren, &e->nsiren);
	if ((n = ynode_get(root, "min_jurors"))) {
		int64_t v;

		if (n->kind != YNODE_SCALAR || ydoc_int64(n->str, &v) < 0 || v < 1 || v > 1000)
			rc |= err(e, d, n, "'min_jurors' must be a whole number from 1 to 1000");
		else
			e->min_jurors = (size_t)v;
	}
	if ((n = ynode_get(root, "divergence"))) {
		if (n->kind != YNODE_SCALAR || ydoc_number(n->str, &e->divergence) < 0 ||
		    e->divergence <= 0 || e->divergence > 100)
			rc |= err(e, d, n, "'divergence' must be a number of points above 0 and at most 100");
	}
	choice = 0;
	rc |= get_choice(e, d, root, "normalisation", norms, &choice);
	e->norm = (enum prize_norm)choice;
	choice = 0;
	rc |= get_choice(e, d, root, "aggregation", aggs, &choice);
	e->agg = (enum prize_agg)choice;
	if ((e->crit_node = ynode_get(root, "criteria"))) {
		n = e->crit_node;
		if (ydoc_expect(&e->doc, d, n, YNODE_MAP, "criteria") < 0) {
			rc = -1;
		} else if (n->n == 0) {
			rc |= err(e, d, n, "'criteria' is empty");
		} else {
			e->crit = arena_alloc(&e->doc.arena, n->n * sizeof(*e->crit));
			if (!e->crit)
				rc |= err(e, d, n, "out of memory");
			for (i = 0; e->crit && i < n->n; i++) {
				struct edition_criterion *c = &e->crit[e->ncrit];

				c->name = n->keys[i]->str;
				c->line = n->keys[i]->line;
				c->col = n->keys[i]->col;
				if (n->items[i]->kind != YNODE_SCALAR ||
				    ydoc_number(n->items[i]->str, &c->weight) < 0 || c->weight <= 0) {
					rc |= err(e, d, n->items[i], "the weight of '%s' must be a positive number",
						  c->name);
					continue;
				}
				e->ncrit++;
			}
		}
	}
	if ((e->tiebreak_node = ynode_get(root, "tie_break")) &&
	    ydoc_expect(&e->doc, d, e->tiebreak_node, YNODE_SEQ, "tie_break") < 0)
		rc = -1;
	if ((e->competence_node = ynode_get(root, "competences"))) {
		static const char *const ckeys[] = { "question", "jurors", NULL };

		n = e->competence_node;
		if (ydoc_expect(&e->doc, d, n, YNODE_MAP, "competences") < 0) {
			rc = -1;
		} else {
			rc |= ydoc_check_keys(&e->doc, d, n, ckeys, "competences");
			rc |= get_name(e, d, n, "question", &e->competence_q, NULL);
			e->competence_jurors = ynode_get(n, "jurors");
			if (!e->competence_jurors)
				rc |= err(e, d, n, "'competences' needs 'jurors': the forms each juror knows");
			else if (ydoc_expect(&e->doc, d, e->competence_jurors, YNODE_MAP, "jurors") < 0)
				rc = -1;
			for (i = 0; e->competence_jurors && e->competence_jurors->kind == YNODE_MAP &&
				    i < e->competence_jurors->n; i++) {
				const struct ynode *v = e->competence_jurors->items[i];
				size_t k;

				if (ydoc_expect(&e->doc, d, v, YNODE_SEQ, "a juror's competences") < 0) {
					rc = -1;
					continue;
				}
				for (k = 0; k < v->n; k++)
					if (ydoc_expect(&e->doc, d, v->items[k], YNODE_SCALAR, "a competence") < 0)
						rc = -1;
			}
		}
	}
	if (rc < 0 || d->nerror > nerr) {
		edition_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

/* The question name at node n in survey s, with a "did you mean". */
static const struct question *resolve(struct edition *e, struct diags *d, const struct survey *s,
				      const struct ynode *n, const char *what)
{
	const struct question *q = survey_find(s, n->str);
	const char **names;
	const char *hint;
	size_t i;

	if (q && question_has_value(q))
		return q;
	if (q) {
		err(e, d, n, "'%s' is a %s of '%s' and holds no answer", n->str, qtype_name(q->type),
		    s->form_id);
		return NULL;
	}
	names = calloc(s->nq + 1, sizeof(char *));
	for (i = 0; names && i < s->nq; i++)
		names[i] = s->questions[i]->name;
	hint = names ? did_you_mean(n->str, names) : NULL;
	if (hint)
		err(e, d, n, "%s '%s' is not a question of '%s'; did you mean '%s'?", what, n->str,
		    s->form_id, hint);
	else
		err(e, d, n, "%s '%s' is not a question of '%s'", what, n->str, s->form_id);
	free(names);
	return NULL;
}

/* The key node of criterion i (criteria given in the file). */
static const struct ynode *crit_key(const struct edition *e, size_t i)
{
	size_t k;

	for (k = 0; e->crit_node && k < e->crit_node->n; k++)
		if (!strcmp(e->crit_node->keys[k]->str, e->crit[i].name))
			return e->crit_node->keys[k];
	return e->grid_node;
}

int edition_check(struct edition *e, const struct survey *app, const struct survey *grid,
		  struct diags *d)
{
	size_t nerr = d->nerror, i, k;

	if (!app)
		err(e, d, e->app_node, "survey '%s' is not loaded in the workspace", e->application);
	if (!grid)
		err(e, d, e->grid_node, "survey '%s' is not loaded in the workspace", e->grid);
	if (!app || !grid)
		return -1;
	for (i = 0; i < e->ncandidate_name; i++)
		resolve(e, d, app, e->names_node->items[i], "candidate name");
	for (i = 0; i < e->nsummary; i++)
		resolve(e, d, app, e->summary_node->items[i], "summary");
	for (i = 0; i < e->nsiren; i++)
		resolve(e, d, app, e->siren_node->items[i], "SIREN");
	/* Criteria: from the file, else every grid question with a weight. */
	if (!e->crit_node) {
		e->crit = arena_alloc(&e->doc.arena, (grid->nq + 1) * sizeof(*e->crit));
		if (!e->crit)
			return err(e, d, NULL, "out of memory");
		for (i = 0; i < grid->nq; i++)
			if (grid->questions[i]->weight > 0) {
				e->crit[e->ncrit].name = grid->questions[i]->name;
				e->crit[e->ncrit].weight = grid->questions[i]->weight;
				e->ncrit++;
			}
		if (e->ncrit == 0)
			return err(e, d, e->grid_node,
				   "grid '%s' has no question with a 'weight': name the criteria under 'criteria'",
				   grid->form_id);
	}
	e->lo = NAN;
	e->hi = NAN;
	for (i = 0; i < e->ncrit; i++) {
		struct edition_criterion *c = &e->crit[i];
		const struct ynode *at = crit_key(e, i);
		const struct question *q = survey_find(grid, c->name);

		if (!q) {
			struct ynode fake = *at;

			fake.str = c->name;
			resolve(e, d, grid, &fake, "criterion");
			continue;
		}
		if (!q->is_scale) {
			err(e, d, at, "criterion '%s' is not a scale question of '%s'", c->name, grid->form_id);
			continue;
		}
		c->q = q;
		if (isnan(e->lo)) {
			e->lo = q->scale_min;
			e->hi = q->scale_max;
		} else if (q->scale_min != e->lo || q->scale_max != e->hi) {
			err(e, d, at, "criterion '%s' is scored %g-%g, the others %g-%g: a grid needs one scale",
			    c->name, q->scale_min, q->scale_max, e->lo, e->hi);
		}
	}
	if (e->tiebreak_node) {
		e->tiebreak = arena_alloc(&e->doc.arena, (e->tiebreak_node->n + 1) * sizeof(size_t));
		if (!e->tiebreak)
			return err(e, d, NULL, "out of memory");
		for (i = 0; i < e->tiebreak_node->n; i++) {
			const struct ynode *n = e->tiebreak_node->items[i];

			if (ydoc_expect(&e->doc, d, n, YNODE_SCALAR, "tie_break") < 0)
				continue;
			for (k = 0; k < e->ncrit; k++)
				if (!strcmp(e->crit[k].name, n->str))
					break;
			if (k == e->ncrit)
				err(e, d, n, "tie-break '%s' is not one of the criteria", n->str);
			else
				e->tiebreak[e->ntiebreak++] = k;
		}
	}
	/* Competences: choices of a select question of the application. */
	if (e->competence_q) {
		const struct ynode *qn = ynode_get(e->competence_node, "question");
		const struct question *q = resolve(e, d, app, qn, "competence question");

		if (q && q->type != Q_SELECT_MULTIPLE && q->type != Q_SELECT_ONE) {
			err(e, d, qn, "competence question '%s' is a %s, not a select question", q->name,
			    qtype_name(q->type));
		} else if (q) {
			e->competence_qq = q;
			for (i = 0; i < e->competence_jurors->n; i++) {
				const struct ynode *v = e->competence_jurors->items[i];

				for (k = 0; k < v->n; k++) {
					size_t c;

					for (c = 0; c < q->list->n; c++)
						if (!strcmp(q->list->v[c].name, v->items[k]->str))
							break;
					if (c == q->list->n)
						err(e, d, v->items[k], "competence '%s' is not a choice of '%s'",
						    v->items[k]->str, q->name);
				}
			}
		}
	}
	/* The title, in the grid's languages (jurors read the grid). */
	if (e->title_node) {
		memset(&e->title, 0, sizeof(e->title));
		if (e->title_node->kind == YNODE_SCALAR) {
			e->title.text[grid->default_lang] = e->title_node->str;
		} else if (e->title_node->kind == YNODE_MAP) {
			for (i = 0; i < e->title_node->n; i++) {
				int li = survey_lang(grid, e->title_node->keys[i]->str);

				if (li < 0)
					err(e, d, e->title_node->keys[i], "language '%s' of 'title' is not a language of '%s'",
					    e->title_node->keys[i]->str, grid->form_id);
				else if (e->title_node->items[i]->kind != YNODE_SCALAR)
					err(e, d, e->title_node->items[i], "'title' in '%s' must be a string",
					    e->title_node->keys[i]->str);
				else
					e->title.text[li] = e->title_node->items[i]->str;
			}
		} else {
			err(e, d, e->title_node, "'title' must be a string or a mapping of languages");
		}
	}
	return d->nerror > nerr ? -1 : 0;
}

void edition_free(struct edition *e)
{
	if (!e)
		return;
	ydoc_release(&e->doc);
	free(e->src);
	free(e);
}
