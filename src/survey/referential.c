/*
 * referential: loading and checking a social-utility referential
 * (referential.h, docs/referential.md).  The YAML tree comes from yamldoc,
 * which already refuses duplicate keys, aliases and syntax errors with
 * their place; this file checks the structure, the identifiers (unique
 * across stakes, criteria and indicators, since they become question and
 * dimension names), the two languages of every text, the sources and the
 * verdict rule.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/referential.h"
#include "util/i18n.h"

struct loader {
	struct referential *ref;	/* what is being filled */
	struct diags *d;		/* where problems go */
	const char *file;		/* for diagnostics */
};

static const char *const root_keys[] = {
	"referential", "title", "description", "feasibility", "min_group", "rule", "stakes", NULL,
};
static const char *const rule_keys[] = { "keep", "drop", "disagreement", "agreement", NULL };
static const char *const stake_keys[] = { "id", "label", "description", "criteria", NULL };
static const char *const crit_keys[] = { "id", "label", "indicators", NULL };
static const char *const ind_keys[] = { "id", "label", "definition", "source", "figure", NULL };

static int err_at(struct loader *L, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int err_at(struct loader *L, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(L->d, SEV_ERROR, L->file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

/* [A-Za-z][A-Za-z0-9_]*, at most REF_MAX_ID: it becomes part of question names. */
static int valid_id(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return n <= REF_MAX_ID;
}

/* [A-Za-z][A-Za-z0-9_]{0,63}, as survey question names. */
static int valid_question(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return n <= 64;
}

/* [a-z][a-z0-9_-]*, as survey form ids. */
static int valid_form_id(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("_-", *s))
			return 0;
	return 1;
}

static int expect_scalar(struct loader *L, const struct ynode *n, const char *key)
{
	if (n->kind != YNODE_SCALAR)
		return err_at(L, n, "'%s' must be a string, not %s", key, ynode_kind_name(n));
	return 0;
}

/*
 * A text in French and English: {fr: ..., en: ...}, both non-empty, with
 * no control character (the survey labels' rule, ydoc_check_text()).
 */
static int get_text(struct loader *L, const struct ynode *parent, const char *key,
		    int required, const char *whose, struct ref_text *t)
{
	const struct ynode *n = ynode_get(parent, key), *v;
	static const char *const langs[] = { "fr", "en", NULL };
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (!n) {
		if (required)
			return err_at(L, parent, "%s has no '%s' (give it in French and English: {fr: ..., en: ...})",
				      whose, key);
		return 0;
	}
	if (n->kind != YNODE_MAP)
		return err_at(L, n, "'%s' must be a mapping {fr: ..., en: ...}, not %s", key,
			      ynode_kind_name(n));
	if (ydoc_check_keys(&L->ref->doc, L->d, n, langs, key) < 0)
		rc = -1;
	for (int i = 0; langs[i]; i++) {
		v = ynode_get(n, langs[i]);
		if (!v) {
			rc = err_at(L, n, "'%s' of %s has no %s text", key, whose,
				    i == 0 ? "French ('fr')" : "English ('en')");
			continue;
		}
		if (expect_scalar(L, v, key) < 0) {
			rc = -1;
			continue;
		}
		if (!*v->str) {
			rc = err_at(L, v, "'%s' of %s is empty in '%s'", key, whose, langs[i]);
			continue;
		}
		if (ydoc_check_text(&L->ref->doc, L->d, v, key) < 0) {
			rc = -1;
			continue;
		}
		if (i == 0)
			t->fr = v->str;
		else
			t->en = v->str;
	}
	return rc;
}

/* `id` of a mapping: present, a valid identifier.  *id NULL on error. */
static int get_id(struct loader *L, const struct ynode *n, const char *what, const char **id)
{
	const struct ynode *v = ynode_get(n, "id");

	*id = NULL;
	if (!v)
		return err_at(L, n, "%s without 'id'", what);
	if (expect_scalar(L, v, "id") < 0)
		return -1;
	if (!valid_id(v->str))
		return err_at(L, v, "invalid %s id '%s' (letters, digits and '_', starting with a letter, "
			      "at most %d)", what, v->str, REF_MAX_ID);
	*id = v->str;
	return 0;
}

/* A whole number in [lo, hi]. */
static int get_int(struct loader *L, const struct ynode *n, const char *key, int lo, int hi, int *out)
{
	int64_t x;

	if (expect_scalar(L, n, key) < 0)
		return -1;
	if (ydoc_int64(n->str, &x) < 0 || x < lo || x > hi)
		return err_at(L, n, "'%s' must be a whole number from %d to %d, not '%s'", key, lo, hi,
			      n->str);
	*out = (int)x;
	return 0;
}

static int load_rule(struct loader *L, const struct ynode *n)
{
	struct ref_rule *r = &L->ref->rule;
	const struct ynode *v;
	int rc = 0;

	if (n->kind != YNODE_MAP)
		return err_at(L, n, "'rule' must be a mapping (keep, drop, disagreement, agreement), not %s",
			      ynode_kind_name(n));
	if (ydoc_check_keys(&L->ref->doc, L->d, n, rule_keys, N_("the rule")) < 0)
		rc = -1;
	if ((v = ynode_get(n, "keep")) && get_int(L, v, "keep", 1, 9, &r->keep) < 0)
		rc = -1;
	if ((v = ynode_get(n, "drop")) && get_int(L, v, "drop", 1, 9, &r->drop) < 0)
		rc = -1;
	if ((v = ynode_get(n, "disagreement"))) {
		if (expect_scalar(L, v, "disagreement") < 0)
			rc = -1;
		else if (!strcmp(v->str, "ipras"))
			r->disagreement = 1;
		else if (!strcmp(v->str, "none"))
			r->disagreement = 0;
		else
			rc = err_at(L, v, "'disagreement' is 'ipras' (RAND/UCLA) or 'none', not '%s'", v->str);
	}
	if ((v = ynode_get(n, "agreement"))) {
		double x;

		if (expect_scalar(L, v, "agreement") < 0)
			rc = -1;
		else if (ydoc_number(v->str, &x) < 0 || x < 0 || x > 1)
			rc = err_at(L, v, "'agreement' is a share from 0 to 1 (such as 0.7), not '%s'", v->str);
		else
			r->agreement = x;
	}
	if (rc == 0 && r->drop >= r->keep)
		rc = err_at(L, n, "'drop' (%d) must be below 'keep' (%d): a median cannot be both kept and dropped",
			    r->drop, r->keep);
	return rc;
}

static int load_indicator(struct loader *L, const struct ynode *n, struct ref_indicator *ind)
{
	const struct ynode *src, *fig;
	char whose[96];
	int rc = 0;

	ind->line = n->line;
	ind->col = n->col;
	if (n->kind != YNODE_MAP)
		return err_at(L, n, "an indicator must be a mapping (id, label, definition, source or figure), not %s",
			      ynode_kind_name(n));
	if (ydoc_check_keys(&L->ref->doc, L->d, n, ind_keys, N_("an indicator")) < 0)
		rc = -1;
	if (get_id(L, n, "indicator", &ind->id) < 0)
		rc = -1;
	snprintf(whose, sizeof(whose), "indicator '%s'", ind->id ? ind->id : "?");
	if (get_text(L, n, "label", 1, whose, &ind->label) < 0)
		rc = -1;
	if (get_text(L, n, "definition", 1, whose, &ind->definition) < 0)
		rc = -1;
	src = ynode_get(n, "source");
	fig = ynode_get(n, "figure");
	if (src && fig)
		return err_at(L, fig, "%s has both 'source' and 'figure': give one", whose);
	if (!src && !fig)
		return err_at(L, n, "%s says nowhere where its data come from: give 'source: FORM_ID:QUESTION' "
			      "or 'figure: {fr: ..., en: ...}'", whose);
	if (fig) {
		ind->source = REF_SOURCE_FIGURE;
		ind->source_node = fig;
		return get_text(L, n, "figure", 1, whose, &ind->figure) < 0 ? -1 : rc;
	}
	ind->source = REF_SOURCE_SURVEY;
	ind->source_node = src;
	if (expect_scalar(L, src, "source") < 0)
		return -1;
	{
		const char *colon = strchr(src->str, ':');
		char *form;

		if (!colon || colon == src->str || !colon[1] || strchr(colon + 1, ':'))
			return err_at(L, src, "'source' is FORM_ID:QUESTION (such as utilite-sociale:bes_reels), "
				      "not '%s'", src->str);
		form = arena_strndup(&L->ref->arena, src->str, (size_t)(colon - src->str));
		if (!form)
			return err_at(L, src, "out of memory");
		if (!valid_form_id(form))
			return err_at(L, src, "'%s' in 'source' is not a survey form_id", form);
		if (!valid_question(colon + 1))
			return err_at(L, src, "'%s' in 'source' is not a question name", colon + 1);
		ind->form_id = form;
		ind->question = colon + 1;
	}
	return rc;
}

/* Where an identifier was first used, to refuse the second use. */
struct seen {
	const char *id;
	const char *what;
	int line;
};

static int check_unique(struct loader *L, struct seen *seen, size_t *nseen, const struct ynode *map,
			const char *id, const char *what)
{
	for (size_t i = 0; i < *nseen; i++)
		if (!strcmp(seen[i].id, id))
			return err_at(L, ynode_get(map, "id"), "duplicate id '%s': %s here, %s at line %d "
				      "(ids are unique across stakes, criteria and indicators)",
				      id, _(what), _(seen[i].what), seen[i].line);
	seen[*nseen].id = id;
	seen[*nseen].what = what;
	seen[*nseen].line = map->line;
	(*nseen)++;
	return 0;
}

/*
 * The head of a stake (crit 0) or a criterion (crit 1) n: a mapping of its
 * keys, a unique id, a label (and a stake's description); whose gets
 * "stake 'ID'" or "criterion 'ID'".  *list: its criteria or indicators to
 * read, NULL when there are none to read.  Returns 0 or -1 (errors added).
 */
static int load_head(struct loader *L, struct seen *seen, size_t *nseen, const struct ynode *n, int crit,
		     const char **id, struct ref_text *label, struct ref_text *description, char *whose,
		     size_t nwhose, const struct ynode **list)
{
	struct referential *ref = L->ref;
	const char *what = crit ? "criterion" : "stake", *a_what = crit ? N_("a criterion") : N_("a stake");
	const char *key = crit ? "indicators" : "criteria";
	int rc = 0;

	*list = NULL;
	if (n->kind != YNODE_MAP)
		return crit ? err_at(L, n, "a criterion must be a mapping (id, label, indicators), not %s",
				     ynode_kind_name(n))
			: err_at(L, n, "a stake must be a mapping (id, label, criteria), not %s",
				 ynode_kind_name(n));
	if (ydoc_check_keys(&ref->doc, L->d, n, crit ? crit_keys : stake_keys, a_what) < 0)
		rc = -1;
	if (get_id(L, n, what, id) < 0)
		rc = -1;
	else if (check_unique(L, seen, nseen, n, *id, a_what) < 0)
		rc = -1;
	snprintf(whose, nwhose, crit ? "criterion '%s'" : "stake '%s'", *id ? *id : "?");
	if (get_text(L, n, "label", 1, whose, label) < 0)
		rc = -1;
	if (description && get_text(L, n, "description", 0, whose, description) < 0)
		rc = -1;
	*list = ynode_get(n, key);
	if (!*list)
		return crit ? err_at(L, n, "%s has no 'indicators'", whose) : err_at(L, n, "%s has no 'criteria'", whose);
	if (ydoc_expect(&ref->doc, L->d, *list, YNODE_SEQ, key) < 0) {
		*list = NULL;
		return -1;
	}
	if ((*list)->n == 0)
		rc = crit ? err_at(L, *list, "%s has no indicator", whose) : err_at(L, *list, "%s has no criterion", whose);
	return rc;
}

static int load_stakes(struct loader *L, const struct ynode *stakes)
{
	struct referential *ref = L->ref;
	size_t nst = 0, ncr = 0, nin = 0, nseen = 0, i, j, k;
	struct seen *seen;
	int rc = 0;

	if (ydoc_expect(&ref->doc, L->d, stakes, YNODE_SEQ, "stakes") < 0)
		return -1;
	if (stakes->n == 0)
		return err_at(L, stakes, "'stakes' is empty: a referential has at least one stake");
	/* count first, so that the arrays are allocated once */
	for (i = 0; i < stakes->n; i++) {
		const struct ynode *c = stakes->items[i]->kind == YNODE_MAP ?
			ynode_get(stakes->items[i], "criteria") : NULL;

		nst++;
		if (!c || c->kind != YNODE_SEQ)
			continue;
		for (j = 0; j < c->n; j++) {
			const struct ynode *in = c->items[j]->kind == YNODE_MAP ?
				ynode_get(c->items[j], "indicators") : NULL;

			ncr++;
			if (in && in->kind == YNODE_SEQ)
				nin += in->n;
		}
	}
	if (nin > REF_MAX_INDICATORS)
		return err_at(L, stakes, "%zu indicators: a referential has at most %d", nin,
			      REF_MAX_INDICATORS);
	ref->stakes = arena_alloc(&ref->arena, (nst + 1) * sizeof(*ref->stakes));
	ref->crit = arena_alloc(&ref->arena, (ncr + 1) * sizeof(*ref->crit));
	ref->ind = arena_alloc(&ref->arena, (nin + 1) * sizeof(*ref->ind));
	seen = calloc(nst + ncr + nin + 1, sizeof(*seen));
	if (!ref->stakes || !ref->crit || !ref->ind || !seen) {
		free(seen);
		return err_at(L, NULL, "out of memory");
	}
	for (i = 0; i < stakes->n; i++) {
		const struct ynode *sn = stakes->items[i], *cs;
		struct ref_stake *st = &ref->stakes[ref->nstakes++];
		char whose[96];

		st->first = ref->ncrit;
		if (load_head(L, seen, &nseen, sn, 0, &st->id, &st->label, &st->description, whose,
			      sizeof(whose), &cs) < 0)
			rc = -1;
		if (!cs)
			continue;
		for (j = 0; j < cs->n; j++) {
			const struct ynode *cn = cs->items[j], *is;
			struct ref_criterion *cr = &ref->crit[ref->ncrit++];
			char cwhose[96];

			cr->first = ref->nind;
			st->n++;
			if (load_head(L, seen, &nseen, cn, 1, &cr->id, &cr->label, NULL, cwhose, sizeof(cwhose),
				      &is) < 0)
				rc = -1;
			if (!is)
				continue;
			for (k = 0; k < is->n; k++) {
				struct ref_indicator *ind = &ref->ind[ref->nind++];

				cr->n++;
				ind->stake = ref->nstakes - 1;
				ind->criterion = ref->ncrit - 1;
				if (load_indicator(L, is->items[k], ind) < 0)
					rc = -1;
				if (ind->id && check_unique(L, seen, &nseen, is->items[k], ind->id,
							    N_("an indicator")) < 0)
					rc = -1;
			}
		}
	}
	free(seen);
	return rc;
}

static int load_root(struct loader *L, const struct ynode *root)
{
	struct referential *ref = L->ref;
	const struct ynode *v;
	int rc = 0;

	if (!root)
		return err_at(L, NULL, "empty file: a referential needs 'referential', 'title' and 'stakes'");
	if (root->kind != YNODE_MAP)
		return err_at(L, root, "a referential must be a mapping, not %s", ynode_kind_name(root));
	if (!ynode_get(root, "referential") && (ynode_get(root, "indicators") || ynode_get(root, "edition")))
		return err_at(L, root, "this is %s, not a referential (see 'utilis help %s')",
			      ynode_get(root, "edition") ? _("a prize edition") : _("an indicator set"),
			      ynode_get(root, "edition") ? "prize results" : "indicators check");
	if (ydoc_check_keys(&ref->doc, L->d, root, root_keys, N_("a referential")) < 0)
		rc = -1;
	if (!(v = ynode_get(root, "referential")))
		rc = err_at(L, root, "no 'referential' (its identifier, such as uriopss)");
	else if (expect_scalar(L, v, "referential") < 0)
		rc = -1;
	else if (!valid_form_id(v->str) || strlen(v->str) > REF_MAX_ID)
		rc = err_at(L, v, "invalid referential id '%s' (lowercase letters, digits, '_' and '-', "
			    "starting with a letter, at most %d)", v->str, REF_MAX_ID);
	else
		ref->id = v->str;
	if (get_text(L, root, "title", 1, "the referential", &ref->title) < 0)
		rc = -1;
	if (get_text(L, root, "description", 0, "the referential", &ref->description) < 0)
		rc = -1;
	ref->min_group = UT_MIN_GROUP;
	if ((v = ynode_get(root, "min_group")) &&
	    get_int(L, v, "min_group", REF_MIN_GROUP_LEAST, 1000, &ref->min_group) < 0)
		rc = -1;
	if ((v = ynode_get(root, "feasibility")) &&
	    ydoc_bool(&ref->doc, L->d, v, "feasibility", &ref->feasibility) < 0)
		rc = -1;
	ref->rule.keep = 7;
	ref->rule.drop = 3;
	ref->rule.disagreement = 1;
	ref->rule.agreement = 0;
	if ((v = ynode_get(root, "rule")) && load_rule(L, v) < 0)
		rc = -1;
	if (!(v = ynode_get(root, "stakes")))
		rc = err_at(L, root, "no 'stakes': a referential lists its stakes, their criteria and "
			    "their candidate indicators");
	else if (load_stakes(L, v) < 0)
		rc = -1;
	return rc;
}

int referential_parse(struct referential **out, const char *file, const char *src, size_t len,
		      struct diags *d)
{
	struct referential *ref;
	struct loader L;
	size_t nerr = d->nerror;
	char *srccopy, *filecopy;
	int rc;

	*out = NULL;
	ref = calloc(1, sizeof(*ref));
	if (!ref)
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	srccopy = arena_strndup(&ref->arena, src, len);
	filecopy = arena_strdup(&ref->arena, file);
	if (!srccopy || !filecopy) {
		referential_free(ref);
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	}
	ref->file = filecopy;
	if (ydoc_parse(&ref->doc, filecopy, srccopy, len, d) < 0) {
		referential_free(ref);
		return -1;
	}
	L.ref = ref;
	L.d = d;
	L.file = filecopy;
	rc = load_root(&L, ref->doc.root);
	if (rc < 0 || d->nerror > nerr) {
		referential_free(ref);
		return -1;
	}
	*out = ref;
	return 0;
}

size_t referential_surveys(const struct referential *ref, const char **out, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < ref->nind; i++) {
		size_t j;

		if (ref->ind[i].source != REF_SOURCE_SURVEY)
			continue;
		for (j = 0; j < k && j < n; j++)
			if (!strcmp(out[j], ref->ind[i].form_id))
				break;
		if (j < k && j < n)
			continue;
		if (k < n)
			out[k] = ref->ind[i].form_id;
		k++;
	}
	return k;
}

int referential_check_sources(const struct referential *ref, struct survey *const *models,
			      size_t nmodels, struct diags *d)
{
	const char *warned[64];
	size_t nwarned = 0;
	int rc = 0;

	for (size_t i = 0; i < ref->nind; i++) {
		const struct ref_indicator *ind = &ref->ind[i];
		const struct survey *s = NULL;
		const struct question *q;
		size_t j;

		if (ind->source != REF_SOURCE_SURVEY)
			continue;
		for (j = 0; j < nmodels; j++)
			if (!strcmp(models[j]->form_id, ind->form_id))
				s = models[j];
		if (!s) {
			for (j = 0; j < nwarned; j++)
				if (!strcmp(warned[j], ind->form_id))
					break;
			if (j == nwarned && nwarned < 64) {
				warned[nwarned++] = ind->form_id;
				ydoc_warning(d, ref->file, ind->source_node,
					     "survey '%s' is not loaded: its questions are not checked "
					     "(load it, or give --survey FILE)", ind->form_id);
			}
			continue;
		}
		q = survey_find(s, ind->question);
		if (!q) {
			const char **names = calloc(s->nq + 1, sizeof(*names));
			const char *hint = NULL;

			if (names) {
				size_t m = 0;

				for (j = 0; j < s->nq; j++)
					if (question_has_value(s->questions[j]))
						names[m++] = s->questions[j]->name;
				hint = did_you_mean(ind->question, names);
			}
			if (hint)
				rc = ydoc_error(d, ref->file, ind->source_node,
						"indicator '%s': survey '%s' has no question '%s'; did you mean '%s'?",
						ind->id, ind->form_id, ind->question, hint);
			else
				rc = ydoc_error(d, ref->file, ind->source_node,
						"indicator '%s': survey '%s' has no question '%s'",
						ind->id, ind->form_id, ind->question);
			free(names);
			continue;
		}
		if (!question_has_value(q))
			rc = ydoc_error(d, ref->file, ind->source_node,
					"indicator '%s': '%s' of survey '%s' is a %s, which holds no answer",
					ind->id, ind->question, ind->form_id, qtype_name(q->type));
	}
	return rc;
}

const struct ref_indicator *referential_find(const struct referential *ref, const char *id)
{
	for (size_t i = 0; i < ref->nind; i++)
		if (!strcmp(ref->ind[i].id, id))
			return &ref->ind[i];
	return NULL;
}

void referential_free(struct referential *ref)
{
	if (!ref)
		return;
	ydoc_release(&ref->doc);
	arena_release(&ref->arena);
	free(ref);
}
