/*
 * indicators: loading and checking indicator sets (see indicators.h and
 * docs/indicators.md).
 *
 * The parse pass walks the YAML tree once, keeps going after an error and
 * records every problem with its position; the check pass resolves the
 * items and formulas against the surveys and reports, with "did you mean",
 * every unknown name and every item that cannot carry its score.
 */
#include "analysis/indicators.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/i18n.h"

struct loader {
	struct indicator_set *set;	/* being built */
	struct diags *d;		/* where problems go */
	const char *file;		/* for messages */
};

static const char *const top_keys[] = {
	"indicators", "survey", "title", "description", "group_by", "min_group", "aggregate",
	"dimensions", NULL,
};
static const char *const dim_keys[] = {
	"id", "label", "description", "items", "score", "threshold", "formula", "weight",
	"target", "baseline", NULL,
};
static const char *const score_names[] = { "mean", "sum", "share", "formula", NULL };
static const char *const aggregate_names[] = { "arithmetic", "geometric", NULL };

/* Pseudo-questions a breakdown may use besides the survey's questions. */
static const char *const pseudo_by[] = { "_group", "_wave", "_survey", NULL };

const char *score_kind_name(enum score_kind k)
{
	return k <= SCORE_FORMULA ? score_names[k] : "?";
}

size_t ind_coverage_needed(size_t k)
{
	return (2 * k + 2) / 3;
}

double ind_normalise(const struct ind_dimension *dim, double v)
{
	double s;

	if (isnan(v))
		return NAN;
	switch (dim->norm) {
	case NORM_NONE:
		return v;
	case NORM_SCALE:
		return dim->hi > dim->lo ? 100 * (v - dim->lo) / (dim->hi - dim->lo) : NAN;
	case NORM_TARGET:
		s = 100 * (v - dim->baseline) / (dim->target - dim->baseline);
		return fmin(100, fmax(0, s));
	case NORM_UNSCORED:
		break;
	}
	return NAN;
}

/* Problems at a node of the file being loaded. */
#define err_at(L, n, ...) ydoc_error((L)->d, (L)->file, (n), __VA_ARGS__)
#define warn_at(L, n, ...) ydoc_warning((L)->d, (L)->file, (n), __VA_ARGS__)

static int expect_scalar(struct loader *L, const struct ynode *n, const char *what)
{
	return ydoc_expect(&L->set->doc, L->d, n, YNODE_SCALAR, what);
}

static int get_number(struct loader *L, const struct ynode *n, const char *key, double *out)
{
	if (n->kind != YNODE_SCALAR || ydoc_number(n->str, out) < 0)
		return err_at(L, n, "'%s' must be a number", key);
	return 0;
}

/* [a-z][a-z0-9_-]*, like form ids. */
static int valid_set_id(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("_-", *s))
			return 0;
	return 1;
}

/* [A-Za-z][A-Za-z0-9_]{0,63}, like question names and dimensions. */
static int valid_name(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)*s))
		return 0;
	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return n <= 64;
}

static int valid_lang(const char *s)
{
	size_t n = 0;

	while (islower((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	if (!s[n])
		return 1;
	if (s[n] != '-' && s[n] != '_')
		return 0;
	for (s += n + 1, n = 0; isalnum((unsigned char)s[n]); n++)
		;
	return n > 0 && !s[n];
}

static int check_keys(struct loader *L, const struct ynode *map, const char *const *allowed,
		      const char *where)
{
	return ydoc_check_keys(&L->set->doc, L->d, map, allowed, where);
}

/* One of names (NULL-terminated) or an error with a suggestion.  Returns the index or -1. */
static int get_enum(struct loader *L, const struct ynode *n, const char *key,
		    const char *const *names)
{
	struct strbuf all = STRBUF_INIT;
	const char *hint;
	int i;

	if (expect_scalar(L, n, key) < 0)
		return -1;
	for (i = 0; names[i]; i++)
		if (!strcmp(n->str, names[i]))
			return i;
	for (i = 0; names[i]; i++)
		strbuf_addf(&all, "%s'%s'", i ? (names[i + 1] ? ", " : _(" or ")) : "", names[i]);
	hint = did_you_mean(n->str, names);
	if (hint)
		err_at(L, n, "unknown %s '%s'; did you mean '%s'?", key, n->str, hint);
	else
		err_at(L, n, "unknown %s '%s' (%s)", key, n->str, all.buf);
	strbuf_release(&all);
	return -1;
}

/* A text: a plain string or a mapping {lang: text}. */
static int get_text(struct loader *L, const struct ynode *n, const char *key, struct an_text *t)
{
	size_t i;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (n->kind == YNODE_SCALAR) {
		if (!*n->str)
			return err_at(L, n, "'%s' is empty", key);
		t->text[0] = n->str;
		t->n = 1;
		return 0;
	}
	if (n->kind != YNODE_MAP)
		return err_at(L, n, "'%s' must be a string or a mapping of languages ({fr: ..., en: ...}), not %s",
			      key, ynode_kind_name(n));
	if (n->n == 0)
		return err_at(L, n, "'%s' has no text", key);
	for (i = 0; i < n->n; i++) {
		if (!valid_lang(n->keys[i]->str)) {
			rc = err_at(L, n->keys[i], "'%s' is not a language code (such as fr or en) in '%s'",
				    n->keys[i]->str, key);
			continue;
		}
		if (n->items[i]->kind != YNODE_SCALAR) {
			rc = err_at(L, n->items[i], "'%s' in language '%s' must be a string, not %s", key,
				    n->keys[i]->str, ynode_kind_name(n->items[i]));
			continue;
		}
		if (t->n == AN_MAX_LANGS) {
			rc = err_at(L, n->keys[i], "too many languages in '%s' (at most %d)", key,
				    AN_MAX_LANGS);
			break;
		}
		t->lang[t->n] = n->keys[i]->str;
		t->text[t->n++] = n->items[i]->str;
	}
	return rc;
}

/* --- parse --------------------------------------------------------------------------- */

static int load_dimension(struct loader *L, const struct ynode *n, struct ind_dimension *dim)
{
	struct indicator_set *set = L->set;
	const struct ynode *v;
	int rc = 0, k;

	dim->node = n;
	dim->line = n->line;
	dim->col = n->col;
	dim->weight = 1;
	dim->target = dim->baseline = NAN;
	dim->threshold = NAN;
	if (n->kind != YNODE_MAP)
		return err_at(L, n, "a dimension must be a mapping (id, label, items, score...), not %s",
			      ynode_kind_name(n));
	if (check_keys(L, n, dim_keys, N_("a dimension")) < 0)
		rc = -1;
	if (!(v = ynode_get(n, "id")))
		rc = err_at(L, n, "dimension without 'id'");
	else if (expect_scalar(L, v, "id") < 0)
		rc = -1;
	else if (!valid_name(v->str))
		rc = err_at(L, v, "invalid dimension id '%s' (letters, digits and '_', starting with a letter)",
			    v->str);
	else
		dim->id = v->str;
	if (!(v = ynode_get(n, "label")))
		rc = err_at(L, n, "dimension '%s' has no 'label'", dim->id ? dim->id : "?");
	else if (get_text(L, v, "label", &dim->label) < 0)
		rc = -1;
	if ((v = ynode_get(n, "description")) && get_text(L, v, "description", &dim->description) < 0)
		rc = -1;
	dim->score = SCORE_MEAN;
	if ((v = ynode_get(n, "score"))) {
		k = get_enum(L, v, "score", score_names);
		if (k < 0)
			rc = -1;
		else
			dim->score = (enum score_kind)k;
	}
	if ((v = ynode_get(n, "items"))) {
		size_t i;

		if (v->kind != YNODE_SEQ) {
			rc = err_at(L, v, "'items' must be a list of question names, not %s",
				    ynode_kind_name(v));
		} else if (v->n == 0) {
			rc = err_at(L, v, "'items' is empty");
		} else {
			dim->items = arena_alloc(&set->arena, v->n * sizeof(*dim->items));
			dim->item_nodes = arena_alloc(&set->arena, v->n * sizeof(*dim->item_nodes));
			if (!dim->items || !dim->item_nodes)
				return err_at(L, NULL, "out of memory");
			for (i = 0; i < v->n; i++) {
				const struct ynode *it = v->items[i];
				size_t j;

				if (expect_scalar(L, it, "items") < 0) {
					rc = -1;
					continue;
				}
				for (j = 0; j < dim->nitems; j++)
					if (!strcmp(dim->items[j], it->str))
						break;
				if (j < dim->nitems) {
					rc = err_at(L, it, "item '%s' is listed twice in dimension '%s'",
						    it->str, dim->id ? dim->id : "?");
					continue;
				}
				dim->items[dim->nitems] = it->str;
				dim->item_nodes[dim->nitems++] = it;
			}
		}
	} else if (dim->score != SCORE_FORMULA) {
		dim->items_from_tags = 1;
	}
	v = ynode_get(n, "formula");
	if (dim->score == SCORE_FORMULA) {
		struct expr_error ee;

		if (!v) {
			rc = err_at(L, n, "dimension '%s' has 'score: formula' but no 'formula'",
				    dim->id ? dim->id : "?");
		} else if (expect_scalar(L, v, "formula") < 0) {
			rc = -1;
		} else if (expr_parse(&dim->formula, v->str, EXPR_DEFAULT, &ee) < 0) {
			int line, col;

			ydoc_scalar_pos(&set->doc, v, ee.col > 0 ? ee.col - 1 : 0, &line, &col);
			diag_add(L->d, SEV_ERROR, L->file, line, col, "in 'formula' of '%s': %s",
				 dim->id ? dim->id : "?", ee.msg);
			rc = -1;
		} else {
			dim->formula_src = v->str;
			dim->formula_node = v;
			if (expr_uses_dot(dim->formula)) {
				rc = err_at(L, v, "in 'formula' of '%s': '.' has no meaning in a formula; name questions as ${name}",
					    dim->id ? dim->id : "?");
			}
		}
		if (ynode_get(n, "items"))
			warn_at(L, ynode_get(n, "items"),
				"'items' is not used by a formula; the formula names its questions itself");
	} else if (v) {
		rc = err_at(L, v, "'formula' needs 'score: formula'");
	}
	v = ynode_get(n, "threshold");
	if (dim->score == SCORE_SHARE) {
		if (!v)
			rc = err_at(L, n, "dimension '%s' has 'score: share' but no 'threshold' (the answer from which an item counts, such as 4 on a 1-5 scale)",
				    dim->id ? dim->id : "?");
		else if (get_number(L, v, "threshold", &dim->threshold) < 0)
			rc = -1;
	} else if (v) {
		rc = err_at(L, v, "'threshold' needs 'score: share'");
	}
	if ((v = ynode_get(n, "weight"))) {
		if (get_number(L, v, "weight", &dim->weight) < 0)
			rc = -1;
		else if (dim->weight < 0)
			rc = err_at(L, v, "'weight' must not be negative");
	}
	if ((v = ynode_get(n, "target")) && get_number(L, v, "target", &dim->target) < 0)
		rc = -1;
	if ((v = ynode_get(n, "baseline")) && get_number(L, v, "baseline", &dim->baseline) < 0)
		rc = -1;
	if (!isnan(dim->baseline) && isnan(dim->target))
		rc = err_at(L, ynode_get(n, "baseline"), "'baseline' without a 'target'");
	return rc;
}

static int load_root(struct loader *L, const struct ynode *root)
{
	struct indicator_set *set = L->set;
	const struct ynode *v;
	int rc = 0, k;
	size_t i, j;

	if (!root)
		return diag_add(L->d, SEV_ERROR, L->file, 1, 1,
				"empty indicator set: expected indicators, survey, title and dimensions");
	if (root->kind != YNODE_MAP)
		return err_at(L, root, "an indicator set must be a mapping (indicators, survey, title, dimensions...), not %s",
			      ynode_kind_name(root));
	if (check_keys(L, root, top_keys, N_("the indicator set")) < 0)
		rc = -1;
	if (!(v = ynode_get(root, "indicators")))
		rc = err_at(L, root, "missing 'indicators' (the identifier of the set)");
	else if (expect_scalar(L, v, "indicators") < 0)
		rc = -1;
	else if (!valid_set_id(v->str))
		rc = err_at(L, v, "invalid identifier '%s' (lowercase letters, digits, '_' and '-', starting with a letter)",
			    v->str);
	else
		set->id = v->str;
	if (!(v = ynode_get(root, "survey"))) {
		rc = err_at(L, root, "missing 'survey' (the form_id of the survey scored, or a list of them)");
	} else if (v->kind == YNODE_SCALAR || v->kind == YNODE_SEQ) {
		size_t n = v->kind == YNODE_SCALAR ? 1 : v->n;

		if (n == 0)
			rc = err_at(L, v, "'survey' is empty");
		set->surveys = arena_alloc(&set->arena, (n ? n : 1) * sizeof(*set->surveys));
		if (!set->surveys)
			return err_at(L, NULL, "out of memory");
		for (i = 0; i < n; i++) {
			const struct ynode *s = v->kind == YNODE_SCALAR ? v : v->items[i];

			if (expect_scalar(L, s, "survey") < 0) {
				rc = -1;
				continue;
			}
			if (!valid_set_id(s->str)) {
				rc = err_at(L, s, "invalid form_id '%s' in 'survey'", s->str);
				continue;
			}
			for (j = 0; j < set->nsurveys; j++)
				if (!strcmp(set->surveys[j], s->str))
					break;
			if (j < set->nsurveys) {
				rc = err_at(L, s, "survey '%s' is listed twice", s->str);
				continue;
			}
			set->surveys[set->nsurveys++] = s->str;
		}
	} else {
		rc = err_at(L, v, "'survey' must be a form_id or a list of them, not %s",
			    ynode_kind_name(v));
	}
	if (!(v = ynode_get(root, "title")))
		rc = err_at(L, root, "missing 'title'");
	else if (get_text(L, v, "title", &set->title) < 0)
		rc = -1;
	if ((v = ynode_get(root, "description")) && get_text(L, v, "description", &set->description) < 0)
		rc = -1;
	if ((v = ynode_get(root, "group_by"))) {
		if (expect_scalar(L, v, "group_by") < 0)
			rc = -1;
		else {
			set->group_by = v->str;
			set->group_by_node = v;
		}
	}
	set->min_group = UT_MIN_GROUP;
	if ((v = ynode_get(root, "min_group"))) {
		double m;

		if (get_number(L, v, "min_group", &m) < 0)
			rc = -1;
		else if (m != floor(m) || m < 1 || m > 1000000)
			rc = err_at(L, v, "'min_group' must be a whole number of respondents, at least 1");
		else {
			set->min_group = (int)m;
			if (m < UT_MIN_GROUP)
				warn_at(L, v, "'min_group' %d shows groups of fewer than %d respondents, who may be recognised from their answers",
					set->min_group, UT_MIN_GROUP);
		}
	}
	if ((v = ynode_get(root, "aggregate"))) {
		k = get_enum(L, v, "aggregate", aggregate_names);
		if (k < 0)
			rc = -1;
		else
			set->aggregate = (enum aggregate_kind)k;
	}
	if (!(v = ynode_get(root, "dimensions")))
		return err_at(L, root, "missing 'dimensions' (the list of what is scored)");
	if (v->kind != YNODE_SEQ)
		return err_at(L, v, "'dimensions' must be a list, not %s", ynode_kind_name(v));
	if (v->n == 0)
		return err_at(L, v, "'dimensions' is empty");
	set->dims = arena_alloc(&set->arena, v->n * sizeof(*set->dims));
	if (!set->dims)
		return err_at(L, NULL, "out of memory");
	set->ndims = v->n;
	for (i = 0; i < v->n; i++) {
		if (load_dimension(L, v->items[i], &set->dims[i]) < 0)
			rc = -1;
		for (j = 0; j < i && set->dims[i].id; j++)
			if (set->dims[j].id && !strcmp(set->dims[i].id, set->dims[j].id)) {
				rc = err_at(L, ynode_get(v->items[i], "id"),
					    "duplicate dimension id '%s' (first at line %d)",
					    set->dims[i].id, set->dims[j].line);
				break;
			}
	}
	return rc;
}

int indicator_set_parse(struct indicator_set **out, const char *file, const char *src,
			size_t len, struct diags *d)
{
	struct indicator_set *set;
	struct loader L;
	size_t nerr = d->nerror;
	char *srccopy, *filecopy;
	int rc;

	*out = NULL;
	set = calloc(1, sizeof(*set));
	if (!set)
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	srccopy = arena_strndup(&set->arena, src, len);
	filecopy = arena_strdup(&set->arena, file);
	if (!srccopy || !filecopy) {
		indicator_set_free(set);
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	}
	set->file = filecopy;
	if (ydoc_parse(&set->doc, filecopy, srccopy, len, d) < 0) {
		indicator_set_free(set);
		return -1;
	}
	L.set = set;
	L.d = d;
	L.file = filecopy;
	if (set->doc.root && set->doc.root->kind == YNODE_MAP && !ynode_get(set->doc.root, "indicators") &&
	    (ynode_get(set->doc.root, "edition") || ynode_get(set->doc.root, "referential"))) {
		rc = ynode_get(set->doc.root, "edition") ? IND_NOT_A_SET : IND_REFERENTIAL;
		indicator_set_free(set);
		return rc;
	}
	rc = load_root(&L, set->doc.root);
	if (rc < 0 || d->nerror > nerr) {
		indicator_set_free(set);
		return -1;
	}
	*out = set;
	return 0;
}

void indicator_set_free(struct indicator_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->ndims; i++)
		expr_free(set->dims[i].formula);
	ydoc_release(&set->doc);
	arena_release(&set->arena);
	free(set);
}

/* --- check against the surveys -------------------------------------------------------- */

struct checker {
	struct loader *L;
	struct indicator_set *set;
	struct survey *const *surveys;	/* one per set->surveys */
	const char **names;		/* every question name with a value, for suggestions */
	struct ind_dimension *dim;	/* dimension being checked */
	int rc;				/* -1 after an error */
};

/*
 * The question called name in the first survey that has it (and which
 * survey).  A question inside a repeat is not one: an indicator reads one
 * value per respondent, which a calculate outside the repeat gives
 * (sum(${q}), count(${q}), ...).
 */
static struct question *find_question(const struct checker *c, const char *name, size_t *which)
{
	size_t i;

	for (i = 0; i < c->set->nsurveys; i++) {
		struct question *q = survey_find(c->surveys[i], name);

		if (q && !q->repeat) {
			if (which)
				*which = i;
			return q;
		}
	}
	return NULL;
}

static void unknown_question(struct checker *c, const struct ynode *n, int line, int col,
			     const char *what, const char *name)
{
	struct strbuf forms = STRBUF_INIT;
	const char *hint = did_you_mean(name, c->names);
	size_t i;

	for (i = 0; i < c->set->nsurveys; i++)
		strbuf_addf(&forms, "%s'%s'", i ? (i + 1 < c->set->nsurveys ? ", " : " or ") : "",
			    c->set->surveys[i]);
	if (n) {
		line = n->line;
		col = n->col;
	}
	for (i = 0; i < c->set->nsurveys; i++) {
		const struct question *q = survey_find(c->surveys[i], name);

		if (q && q->repeat) {
			diag_add(c->L->d, SEV_ERROR, c->L->file, line, col,
				 "%s: '%s' is inside repeat '%s' of survey '%s', with a value per instance: an indicator reads one value per respondent; add a calculate outside the repeat that sums it up (sum(${%s}), count(${%s}), min(), max()) and use that",
				 what, name, q->repeat->name, c->set->surveys[i], name, name);
			strbuf_release(&forms);
			c->rc = -1;
			return;
		}
	}
	if (hint)
		diag_add(c->L->d, SEV_ERROR, c->L->file, line, col,
			 "%s: no question '%s' in survey %s; did you mean '%s'?", what, name, forms.buf,
			 hint);
	else
		diag_add(c->L->d, SEV_ERROR, c->L->file, line, col, "%s: no question '%s' in survey %s",
			 what, name, forms.buf);
	strbuf_release(&forms);
	c->rc = -1;
}

static int check_formula_ref(void *ctx, const char *name, int col)
{
	struct checker *c = ctx;
	struct ind_dimension *dim = c->dim;
	struct question *q = find_question(c, name, NULL);
	int line, pcol;
	char what[160];

	ydoc_scalar_pos(&c->set->doc, dim->formula_node, col - 1, &line, &pcol);
	snprintf(what, sizeof(what), "in 'formula' of '%s'", dim->id);
	if (!q) {
		unknown_question(c, NULL, line, pcol, what, name);
	} else if (!question_has_value(q)) {
		diag_add(c->L->d, SEV_ERROR, c->L->file, line, pcol, "%s: '%s' is a %s and has no value",
			 what, name, qtype_name(q->type));
		c->rc = -1;
	}
	return 0;
}

/* Scale bounds of an item over the surveys that have it; 0 when not a scale in one of them. */
static int item_scale(const struct checker *c, const char *name, double *lo, double *hi)
{
	size_t i;
	int found = 0;

	for (i = 0; i < c->set->nsurveys; i++) {
		struct question *q = survey_find(c->surveys[i], name);

		if (!q || q->repeat)
			continue;
		if (!q->is_scale)
			return 0;
		if (!found || q->scale_min < *lo)
			*lo = q->scale_min;
		if (!found || q->scale_max > *hi)
			*hi = q->scale_max;
		found = 1;
	}
	return found;
}

/* Fill the items of a dimension without `items` from the surveys' `dimension:` tags. */
static int items_from_tags(struct checker *c, struct ind_dimension *dim)
{
	struct indicator_set *set = c->set;
	size_t i, j, n = 0, cap = 0;

	for (i = 0; i < set->nsurveys; i++)
		cap += set->surveys ? c->surveys[i]->nq : 0;
	dim->items = arena_alloc(&set->arena, (cap ? cap : 1) * sizeof(*dim->items));
	dim->item_nodes = arena_alloc(&set->arena, (cap ? cap : 1) * sizeof(*dim->item_nodes));
	if (!dim->items || !dim->item_nodes)
		return diag_add(c->L->d, SEV_ERROR, c->L->file, 0, 0, "out of memory");
	for (i = 0; i < set->nsurveys; i++) {
		const struct survey *s = c->surveys[i];

		for (j = 0; j < s->nq; j++) {
			const struct question *q = s->questions[j];
			size_t k;

			if (!q->dimension || strcmp(q->dimension, dim->id) || q->repeat)
				continue;
			for (k = 0; k < n && strcmp(dim->items[k], q->name); k++)
				;
			if (k < n)
				continue;
			dim->items[n] = arena_strdup(&set->arena, q->name);
			if (!dim->items[n])
				return diag_add(c->L->d, SEV_ERROR, c->L->file, 0, 0, "out of memory");
			dim->item_nodes[n++] = NULL;
		}
	}
	dim->nitems = n;
	if (n == 0) {
		diag_add(c->L->d, SEV_ERROR, c->L->file, dim->line, dim->col,
			 "dimension '%s' has no 'items', and no question of its survey has 'dimension: %s'",
			 dim->id, dim->id);
		return -1;
	}
	return 0;
}

static void check_dimension(struct checker *c, struct ind_dimension *dim)
{
	struct loader *L = c->L;
	size_t i;
	int all_scale = 1;
	double lo_sum = 0, hi_sum = 0;

	c->dim = dim;
	if (dim->score == SCORE_FORMULA) {
		if (dim->formula)
			expr_foreach_ref(dim->formula, check_formula_ref, c);
	} else if (dim->items_from_tags && items_from_tags(c, dim) < 0) {
		c->rc = -1;
		return;
	}
	for (i = 0; i < dim->nitems; i++) {
		const char *name = dim->items[i];
		const struct ynode *n = dim->item_nodes[i];
		size_t which;
		struct question *q = find_question(c, name, &which);
		double lo = 0, hi = 0;
		char what[160];

		snprintf(what, sizeof(what), "item of dimension '%s'", dim->id);
		if (!q) {
			unknown_question(c, n, dim->line, dim->col, what, name);
			continue;
		}
		if (!question_has_value(q)) {
			err_at(L, n, "item '%s' of dimension '%s' is a %s and has no answer", name,
			       dim->id, qtype_name(q->type));
			c->rc = -1;
			continue;
		}
		if (item_scale(c, name, &lo, &hi)) {
			lo_sum += lo;
			hi_sum += hi;
			if (dim->score == SCORE_SHARE && (dim->threshold < lo || dim->threshold > hi)) {
				err_at(L, n ? n : ynode_get(dim->node, "threshold"),
				       "threshold %g of dimension '%s' is outside the scale of item '%s' (%g to %g)",
				       dim->threshold, dim->id, name, lo, hi);
				c->rc = -1;
			}
		} else {
			all_scale = 0;
			if (dim->score == SCORE_MEAN || dim->score == SCORE_SHARE ||
			    (dim->score == SCORE_SUM && q->type != Q_INTEGER && q->type != Q_DECIMAL &&
			     q->type != Q_CALCULATE)) {
				err_at(L, n, "item '%s' of dimension '%s' is a %s question, not a scale: a '%s' score needs scale items (a select_one over consecutive integers, a range, or a number bounded by its constraint)%s",
				       name, dim->id, qtype_name(q->type), score_kind_name(dim->score),
				       dim->score == SCORE_SUM ? " or numbers" : "");
				c->rc = -1;
				continue;
			}
		}
		/* (a share or a sum may well reuse an item of another dimension) */
		if (q->dimension && strcmp(q->dimension, dim->id) && n && dim->score == SCORE_MEAN)
			warn_at(L, n, "item '%s' is tagged 'dimension: %s' in survey '%s', not '%s'",
				name, q->dimension, c->set->surveys[which], dim->id);
	}
	/* How the value becomes a 0-100 score. */
	if (dim->score == SCORE_MEAN || dim->score == SCORE_SHARE) {
		dim->norm = NORM_NONE;
	} else if (dim->score == SCORE_SUM && all_scale && dim->nitems > 0) {
		dim->norm = NORM_SCALE;
		dim->lo = lo_sum;
		dim->hi = hi_sum;
	} else if (!isnan(dim->target)) {
		dim->norm = NORM_TARGET;
		if (isnan(dim->baseline))
			dim->baseline = 0;
		if (dim->target == dim->baseline) {
			diag_add(L->d, SEV_ERROR, L->file, dim->line, dim->col,
				 "dimension '%s': 'target' and 'baseline' are both %g; a score needs them apart",
				 dim->id, dim->target);
			c->rc = -1;
		}
	} else {
		dim->norm = NORM_UNSCORED;
		if (dim->weight > 0) {
			diag_add(L->d, SEV_ERROR, L->file, dim->line, dim->col,
				 "dimension '%s' is a %s of %s: give it a 'target' (the value that scores 100, with an optional 'baseline' that scores 0) or 'weight: 0' to report it outside the composite",
				 dim->id, score_kind_name(dim->score),
				 dim->score == SCORE_FORMULA ? _("any values") : _("numbers that are not on a scale"));
			c->rc = -1;
		}
	}
}

/* Questions tagged with a dimension of the set but left out of its items. */
static void warn_untagged(struct checker *c)
{
	struct indicator_set *set = c->set;
	size_t i, j, k, l;

	for (i = 0; i < set->nsurveys; i++) {
		const struct survey *s = c->surveys[i];

		for (j = 0; j < s->nq; j++) {
			const struct question *q = s->questions[j];

			if (!q->dimension)
				continue;
			for (k = 0; k < set->ndims; k++) {
				const struct ind_dimension *dim = &set->dims[k];

				if (!dim->id || strcmp(dim->id, q->dimension) || dim->score == SCORE_FORMULA)
					continue;
				for (l = 0; l < dim->nitems && strcmp(dim->items[l], q->name); l++)
					;
				if (l == dim->nitems)
					diag_add(c->L->d, SEV_WARNING, c->L->file, dim->line, dim->col,
						 "question '%s' of survey '%s' has 'dimension: %s' but is not an item of dimension '%s'",
						 q->name, set->surveys[i], q->dimension, dim->id);
			}
		}
	}
}

static void check_group_by(struct checker *c)
{
	struct indicator_set *set = c->set;
	const struct question *q;
	size_t i;

	if (!set->group_by)
		return;
	for (i = 0; pseudo_by[i]; i++)
		if (!strcmp(set->group_by, pseudo_by[i]))
			return;
	q = find_question(c, set->group_by, NULL);
	if (!q) {
		unknown_question(c, set->group_by_node, 0, 0, "group_by", set->group_by);
		return;
	}
	switch (q->type) {
	case Q_SELECT_ONE: case Q_CALCULATE: case Q_TEXT: case Q_INTEGER: case Q_DECIMAL: case Q_RANGE:
		return;
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
	case Q_DATE:
	case Q_NOTE:
	case Q_GROUP:
	case Q_REPEAT:
		err_at(c->L, set->group_by_node,
		       "group_by: '%s' is a %s question; a breakdown needs one answer per respondent (select_one, a number, text or a calculate)",
		       set->group_by, qtype_name(q->type));
		c->rc = -1;
	}
}

int indicator_set_check(struct indicator_set *set, struct survey *const *surveys,
			struct diags *d)
{
	struct loader L = { set, d, set->file };
	struct checker c = { &L, set, surveys, NULL, NULL, 0 };
	size_t i, j, n = 0, cap = 1;

	for (i = 0; i < set->nsurveys; i++)
		cap += surveys[i]->nq;
	c.names = calloc(cap, sizeof(*c.names));
	if (!c.names)
		return diag_add(d, SEV_ERROR, set->file, 0, 0, "out of memory");
	for (i = 0; i < set->nsurveys; i++)
		for (j = 0; j < surveys[i]->nq; j++)
			if (question_has_value(surveys[i]->questions[j]))
				c.names[n++] = surveys[i]->questions[j]->name;
	for (i = 0; i < set->ndims; i++)
		check_dimension(&c, &set->dims[i]);
	/* An item in two dimensions counts twice in the composite. */
	for (i = 0; i < set->ndims; i++)
		for (j = 0; j < set->dims[i].nitems; j++) {
			size_t k, l;

			for (k = 0; k < i; k++)
				for (l = 0; l < set->dims[k].nitems; l++)
					if (!strcmp(set->dims[i].items[j], set->dims[k].items[l]) &&
					    set->dims[i].item_nodes[j] && set->dims[i].weight > 0 &&
					    set->dims[k].weight > 0)
						warn_at(&L, set->dims[i].item_nodes[j],
							"item '%s' is in dimensions '%s' and '%s'; it counts twice in the composite",
							set->dims[i].items[j], set->dims[k].id,
							set->dims[i].id);
		}
	warn_untagged(&c);
	check_group_by(&c);
	free(c.names);
	if (c.rc == 0)
		set->checked = 1;
	return c.rc;
}
