/*
 * survey: loading and validating questionnaire definitions (see survey.h).
 *
 * Loading runs in passes over the YAML tree: languages first (labels need
 * them), then the top-level keys, the choice lists, the questions (each
 * expression parsed as soon as it is met), and finally the checks that need
 * the whole survey: references to other questions, cycles between
 * calculations, choice filter columns, unused lists.  Every pass keeps going
 * after an error, so the user sees every problem in one run.
 */
#include "survey/survey.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "survey/mailtext.h"
#include "survey/yamldoc.h"
#include "util/array.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* An expression waiting for the reference checks of the last pass. */
struct pending_expr {
	struct question *q;		/* the question it belongs to */
	const struct ynode *node;	/* its scalar, for positions */
	const struct expr *e;		/* the parsed tree */
	const char *key;		/* which key: "relevant", "constraint"... */
};

struct loader {
	struct survey *s;		/* the model being built */
	struct ydoc doc;		/* the YAML tree */
	struct diags *d;		/* where problems go */
	const char *file;		/* file name for messages */
	struct pending_expr *pend;	/* expressions to check at the end */
	size_t npend, apend;		/* used / allocated */
	size_t aq;			/* allocated slots in s->questions */
};

static const char *const top_keys[] = {
	"form_id", "version", "title", "default_language", "languages", "settings",
	"choices", "survey", "mail", NULL,
};
static const char *const settings_keys[] = { "anonymous", "public", "panel", NULL };
static const char *const question_keys[] = {
	"type", "name", "label", "hint", "required", "required_message", "relevant",
	"constraint", "constraint_message", "default", "calculation", "appearance",
	"choice_filter", "parameters", "dimension", "reverse", "weight", "read_only", NULL,
};
static const char *const group_keys[] = {
	"type", "name", "label", "hint", "relevant", "appearance", "questions", NULL,
};
static const char *const repeat_keys[] = {
	"type", "name", "label", "hint", "relevant", "appearance", "questions",
	"repeat_count", "max_count", NULL,
};
static const char *const choice_keys[] = { "name", "label", NULL };

/*
 * One row a question type, indexed by enum qtype.  Fields in the order of
 * struct qtype_info: name, choices, multiple, numeric, stored, answered,
 * container, csv_number, sav.
 */
static const struct qtype_info qtype_table[] = {
	[Q_SELECT_ONE] = { "select_one", 1, 0, 0, 1, 1, 0, 0, QSAV_NUMBER },
	[Q_SELECT_MULTIPLE] = { "select_multiple", 1, 1, 0, 1, 1, 0, 0, QSAV_STRING },
	[Q_RANK] = { "rank", 1, 1, 0, 1, 1, 0, 0, QSAV_STRING },
	[Q_INTEGER] = { "integer", 0, 0, 1, 1, 1, 0, 1, QSAV_NUMBER },
	[Q_DECIMAL] = { "decimal", 0, 0, 1, 1, 1, 0, 1, QSAV_NUMBER },
	[Q_TEXT] = { "text", 0, 0, 0, 1, 1, 0, 0, QSAV_STRING },
	[Q_DATE] = { "date", 0, 0, 0, 1, 1, 0, 0, QSAV_NUMBER },
	[Q_NOTE] = { "note", 0, 0, 0, 0, 0, 0, 0, QSAV_STRING },
	[Q_RANGE] = { "range", 0, 0, 1, 1, 1, 0, 1, QSAV_NUMBER },
	[Q_CALCULATE] = { "calculate", 0, 0, 0, 1, 0, 0, 1, QSAV_IF_NUMBERS },
	[Q_GROUP] = { "group", 0, 0, 0, 0, 0, 1, 0, QSAV_STRING },
	[Q_REPEAT] = { "repeat", 0, 0, 0, 0, 0, 1, 0, QSAV_STRING },
};
_Static_assert(sizeof(qtype_table) / sizeof(qtype_table[0]) == QTYPE_COUNT,
	       "one row of qtype_table a question type");
#define NTYPES QTYPE_COUNT

const struct qtype_info *qtype_info(enum qtype t)
{
	return &qtype_table[t];
}

const char *qtype_name(enum qtype t)
{
	return (size_t)t < NTYPES ? qtype_table[t].name : "?";
}

int question_has_value(const struct question *q)
{
	return qtype_table[q->type].stored;
}

int question_is_container(const struct question *q)
{
	return qtype_table[q->type].container;
}

int q_has_choices(const struct question *q)
{
	return qtype_table[q->type].choices;
}

int q_is_multiple(const struct question *q)
{
	return qtype_table[q->type].multiple;
}

int q_is_numeric(const struct question *q)
{
	return qtype_table[q->type].numeric;
}

int q_is_answered(const struct question *q)
{
	return qtype_table[q->type].answered;
}

int q_exports_number(const struct question *q)
{
	return qtype_table[q->type].csv_number;
}

const struct question *survey_first_repeat(const struct survey *s)
{
	return s->nrepeats ? s->repeats[0] : NULL;
}

/* 1 when ctx (a repeat, or NULL for the top level) is rep or inside it. */
static int within(const struct question *ctx, const struct question *rep)
{
	for (; ctx; ctx = ctx->repeat)
		if (ctx == rep)
			return 1;
	return rep == NULL;
}

int question_in_repeat(const struct question *q, const struct question *rep)
{
	return within(q->repeat, rep);
}

/* Problems at a node of the file being loaded. */
#define err_at(L, n, ...) ydoc_error((L)->d, (L)->file, (n), __VA_ARGS__)
#define warn_at(L, n, ...) ydoc_warning((L)->d, (L)->file, (n), __VA_ARGS__)

static int oom(struct loader *L)
{
	return diag_add(L->d, SEV_ERROR, L->file, 0, 0, "out of memory");
}

/* --- scalar conversions ---------------------------------------------- */





/*
 * [A-Za-z][A-Za-z0-9_]{0,63}: stricter than XLSForm, which also allows '.'
 * and '-', because names become column names in CSV, SPSS and R, where
 * those characters are not allowed or read as operators.
 */
static int valid_name(const char *s)
{
	size_t n = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return n <= 64;
}

/* [a-z][a-z0-9_-]* for form ids */
static int valid_form_id(const char *s)
{
	if (!islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && !strchr("_-", *s))
			return 0;
	return 1;
}


/* --- labels ------------------------------------------------------------ */

/*
 * Fill l from a plain string (the default language) or a mapping
 * {lang: text}, texts without control characters (ydoc_check_text()).
 * Warns about missing translations.  Returns 0 or -1.
 */
static int get_label(struct loader *L, const struct ynode *n, const char *key,
		     struct label *l)
{
	struct survey *s = L->s;
	size_t i;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (n->kind == YNODE_SCALAR) {
		if (ydoc_check_text(&L->doc, L->d, n, key) < 0)
			return -1;
		l->text[s->default_lang] = n->str;
		if (s->nlang > 1 && *n->str)
			warn_at(L, n, "'%s' is not translated: give a mapping {%s: ..., %s: ...}; '%s' is shown in every language",
				key, s->languages[s->default_lang],
				s->languages[s->default_lang ? 0 : 1], s->languages[s->default_lang]);
		return 0;
	}
	if (n->kind != YNODE_MAP)
		return err_at(L, n, "'%s' must be a string or a mapping of languages, not %s",
			      key, ynode_kind_name(n));
	for (i = 0; i < n->n; i++) {
		int li = survey_lang(s, n->keys[i]->str);

		if (li < 0) {
			rc = err_at(L, n->keys[i], "language '%s' of '%s' is not in 'languages'",
				    n->keys[i]->str, key);
			continue;
		}
		if (n->items[i]->kind != YNODE_SCALAR) {
			rc = err_at(L, n->items[i], "'%s' in language '%s' must be a string, not %s",
				    key, n->keys[i]->str, ynode_kind_name(n->items[i]));
			continue;
		}
		if (ydoc_check_text(&L->doc, L->d, n->items[i], key) < 0) {
			rc = -1;
			continue;
		}
		l->text[li] = n->items[i]->str;
	}
	if (rc < 0)
		return rc;
	if (!l->text[s->default_lang])
		return err_at(L, n, "'%s' has no text in the default language '%s'", key,
			      s->languages[s->default_lang]);
	for (i = 0; i < s->nlang; i++)
		if (!l->text[i])
			warn_at(L, n, "'%s' has no '%s' translation; '%s' is shown instead", key,
				s->languages[i], s->languages[s->default_lang]);
	return 0;
}

int survey_lang(const struct survey *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->nlang; i++)
		if (!strcmp(s->languages[i], code))
			return (int)i;
	return -1;
}

const char *label_get(const struct survey *s, const struct label *l, size_t lang)
{
	size_t i;

	if (lang < s->nlang && l->text[lang])
		return l->text[lang];
	if (l->text[s->default_lang])
		return l->text[s->default_lang];
	for (i = 0; i < s->nlang; i++)
		if (l->text[i])
			return l->text[i];
	return NULL;
}

/* --- top level ----------------------------------------------------------- */

static int valid_lang_code(const char *s)
{
	size_t n = 0;

	while (islower((unsigned char)s[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	if (s[n] == '\0')
		return 1;
	if (s[n] != '-' && s[n] != '_')
		return 0;
	for (s += n + 1, n = 0; isalnum((unsigned char)s[n]); n++)
		;
	return n > 0 && s[n] == '\0';
}

static int load_languages(struct loader *L, const struct ynode *root)
{
	struct survey *s = L->s;
	const struct ynode *langs = ynode_get(root, "languages");
	const struct ynode *def = ynode_get(root, "default_language");
	const char *defcode = "fr";
	size_t i;
	int rc = 0;

	if (def) {
		if (ydoc_expect(&L->doc, L->d, def, YNODE_SCALAR, "default_language") < 0)
			return -1;
		if (!valid_lang_code(def->str))
			return err_at(L, def, "'%s' is not a language code such as 'fr' or 'en'",
				      def->str);
		defcode = def->str;
	}
	if (!langs) {
		s->languages[0] = defcode;
		s->nlang = 1;
		return 0;
	}
	if (ydoc_expect(&L->doc, L->d, langs, YNODE_SEQ, "languages") < 0)
		return -1;
	if (langs->n == 0)
		return err_at(L, langs, "'languages' must list at least one language");
	for (i = 0; i < langs->n; i++) {
		const struct ynode *it = langs->items[i];

		if (ydoc_expect(&L->doc, L->d, it, YNODE_SCALAR, "languages") < 0) {
			rc = -1;
			continue;
		}
		if (!valid_lang_code(it->str)) {
			rc = err_at(L, it, "'%s' is not a language code such as 'fr' or 'en'", it->str);
			continue;
		}
		if (survey_lang(s, it->str) >= 0) {
			rc = err_at(L, it, "language '%s' is listed twice", it->str);
			continue;
		}
		if (s->nlang == SURVEY_MAX_LANGS) {
			rc = err_at(L, it, "too many languages (at most %d)", SURVEY_MAX_LANGS);
			break;
		}
		s->languages[s->nlang++] = it->str;
	}
	if (rc < 0)
		return rc;
	if (survey_lang(s, defcode) < 0)
		return err_at(L, def ? def : langs, "default language '%s' is not in 'languages'",
			      defcode);
	s->default_lang = (size_t)survey_lang(s, defcode);
	return 0;
}

static int load_settings(struct loader *L, const struct ynode *n)
{
	const struct ynode *v;
	int rc;

	L->s->anonymous = 1;
	if (!n)
		return 0;
	if (ydoc_expect(&L->doc, L->d, n, YNODE_MAP, "settings") < 0)
		return -1;
	rc = ydoc_check_keys(&L->doc, L->d, n, settings_keys, "'settings'");
	if ((v = ynode_get(n, "anonymous")) && ydoc_bool(&L->doc, L->d, v, "anonymous", &L->s->anonymous) < 0)
		rc = -1;
	if ((v = ynode_get(n, "public")) && ydoc_bool(&L->doc, L->d, v, "public", &L->s->is_public) < 0)
		rc = -1;
	if ((v = ynode_get(n, "panel")) && ydoc_bool(&L->doc, L->d, v, "panel", &L->s->panel) < 0)
		rc = -1;
	/*
	 * A panel links a person's waves: it is pseudonymous, not anonymous.
	 * Answers are stored as an anonymous survey's (no link to the token
	 * or the contact) with the panel key added, unless `anonymous: false`;
	 * `anonymous: true` written beside `panel: true` promises respondents
	 * what the panel does not keep, and is refused.
	 */
	if (L->s->panel && (v = ynode_get(n, "anonymous")) && L->s->anonymous)
		rc = err_at(L, v, "a panel survey is not anonymous: 'panel: true' links each person's "
			    "answers from one wave to the next (pseudonymous); remove 'anonymous: "
			    "true', or 'panel'");
	return rc;
}

/* --- choice lists ------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A list is a scale when every name is an integer and they are consecutive. */
static void classify_list(struct arena *a, struct choice_list *cl)
{
	double *v;
	size_t i;

	if (cl->n < 2)
		return;
	v = arena_alloc(a, cl->n * sizeof(*v));
	if (!v)
		return;
	for (i = 0; i < cl->n; i++) {
		int64_t x;

		if (ydoc_int64(cl->v[i].name, &x) < 0 || cl->v[i].name[0] == '+' ||
		    (cl->v[i].name[0] == '0' && cl->v[i].name[1]) || x < -1000000 || x > 1000000)
			return;
		v[i] = (double)x;
	}
	qsort(v, cl->n, sizeof(*v), cmp_double);
	for (i = 1; i < cl->n; i++)
		if (v[i] != v[i - 1] + 1)
			return;
	cl->is_scale = 1;
	cl->min = v[0];
	cl->max = v[cl->n - 1];
}

static int load_choice(struct loader *L, struct choice_list *cl, const struct ynode *it)
{
	struct choice *c = &cl->v[cl->n];
	const struct ynode *name, *label;
	size_t i, j;
	int rc = 0;

	if (ydoc_expect(&L->doc, L->d, it, YNODE_MAP, "a choice") < 0)
		return -1;
	c->line = it->line;
	c->col = it->col;
	name = ynode_get(it, "name");
	label = ynode_get(it, "label");
	if (!name)
		return err_at(L, it, "choice in list '%s' has no 'name'", cl->name);
	if (ydoc_expect(&L->doc, L->d, name, YNODE_SCALAR, "name") < 0)
		return -1;
	if (!*name->str || isspace((unsigned char)name->str[0]) ||
	    isspace((unsigned char)name->str[name->len - 1]))
		return err_at(L, name, "choice name '%s' in list '%s' must not be empty or start or end with a space",
			      name->str, cl->name);
	for (j = 0; j < cl->n; j++)
		if (!strcmp(cl->v[j].name, name->str))
			return err_at(L, name, "duplicate choice '%s' in list '%s' (first at line %d)",
				      name->str, cl->name, cl->v[j].line);
	c->name = name->str;
	if (!label)
		rc = err_at(L, it, "choice '%s' in list '%s' has no 'label'", name->str, cl->name);
	else if (get_label(L, label, "label", &c->label) < 0)
		rc = -1;
	/* Other keys are filter columns; a near miss of name/label is a typo. */
	for (i = 0; i < it->n; i++) {
		const char *k = it->keys[i]->str;
		const char *hint;

		if (!strcmp(k, "name") || !strcmp(k, "label"))
			continue;
		if ((hint = did_you_mean(k, choice_keys)) != NULL) {
			rc = err_at(L, it->keys[i], "unknown key '%s' in a choice; did you mean '%s'?",
				    k, hint);
			continue;
		}
		if (it->items[i]->kind != YNODE_SCALAR) {
			rc = err_at(L, it->items[i], "choice column '%s' must be a string, not %s",
				    k, ynode_kind_name(it->items[i]));
			continue;
		}
		if (!c->attr_names) {
			c->attr_names = arena_alloc(&L->s->arena, it->n * sizeof(char *));
			c->attr_values = arena_alloc(&L->s->arena, it->n * sizeof(char *));
			if (!c->attr_names || !c->attr_values)
				return oom(L);
		}
		c->attr_names[c->nattr] = k;
		c->attr_values[c->nattr++] = it->items[i]->str;
	}
	if (rc == 0)
		cl->n++;
	return rc;
}

static int load_choices(struct loader *L, const struct ynode *n)
{
	struct survey *s = L->s;
	size_t i, j;
	int rc = 0;

	if (!n)
		return 0;
	if (ydoc_expect(&L->doc, L->d, n, YNODE_MAP, "choices") < 0)
		return -1;
	s->lists = arena_alloc(&s->arena, (n->n ? n->n : 1) * sizeof(*s->lists));
	if (!s->lists)
		return oom(L);
	for (i = 0; i < n->n; i++) {
		struct choice_list *cl = &s->lists[s->nlists];
		const struct ynode *items = n->items[i];

		cl->name = n->keys[i]->str;
		cl->line = n->keys[i]->line;
		cl->col = n->keys[i]->col;
		if (!valid_name(cl->name)) {
			rc = err_at(L, n->keys[i], "invalid choice list name '%s' (letters, digits and '_', starting with a letter)",
				    cl->name);
			continue;
		}
		if (ydoc_expect(&L->doc, L->d, items, YNODE_SEQ, cl->name) < 0) {
			rc = -1;
			continue;
		}
		if (items->n == 0) {
			rc = err_at(L, items, "choice list '%s' is empty", cl->name);
			continue;
		}
		cl->v = arena_alloc(&s->arena, items->n * sizeof(*cl->v));
		if (!cl->v)
			return oom(L);
		for (j = 0; j < items->n; j++)
			if (load_choice(L, cl, items->items[j]) < 0)
				rc = -1;
		classify_list(&s->arena, cl);
		if (choice_list_index(cl, &s->arena) < 0)
			return oom(L);
		s->nlists++;
	}
	return rc;
}

static struct choice_list *find_list(const struct survey *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nlists; i++)
		if (!strcmp(s->lists[i].name, name))
			return &s->lists[i];
	return NULL;
}

/* --- questions ------------------------------------------------------- */

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct question *survey_find(const struct survey *s, const char *name)
{
	size_t i;

	if (!s->nbuckets)
		return NULL;
	for (i = hash_name(name) & (s->nbuckets - 1); s->by_name[i];
	     i = (i + 1) & (s->nbuckets - 1))
		if (!strcmp(s->by_name[i]->name, name))
			return s->by_name[i];
	return NULL;
}

static int index_add(struct loader *L, struct question *q)
{
	struct survey *s = L->s;
	size_t i;

	if ((s->nq + 1) * 2 > s->nbuckets) {
		size_t nb = s->nbuckets ? s->nbuckets * 2 : 64, k;
		struct question **t = arena_alloc(&s->arena, nb * sizeof(*t));

		if (!t)
			return oom(L);
		for (k = 0; k < s->nbuckets; k++) {
			struct question *x = s->by_name[k];

			if (!x)
				continue;
			for (i = hash_name(x->name) & (nb - 1); t[i]; i = (i + 1) & (nb - 1))
				;
			t[i] = x;
		}
		s->by_name = t;
		s->nbuckets = nb;
	}
	for (i = hash_name(q->name) & (s->nbuckets - 1); s->by_name[i];
	     i = (i + 1) & (s->nbuckets - 1))
		;
	s->by_name[i] = q;
	if (s->nq == L->aq) {
		size_t na = L->aq ? L->aq * 2 : 64;
		struct question **v = arena_realloc(&s->arena, s->questions,
						    L->aq * sizeof(*v), na * sizeof(*v));

		if (!v)
			return oom(L);
		s->questions = v;
		L->aq = na;
	}
	q->index = s->nq;
	s->questions[s->nq++] = q;
	return 0;
}

/* Parse an expression found at node n; errors point inside the expression. */
static int get_expr(struct loader *L, struct question *q, const struct ynode *n,
		    const char *key, enum expr_context ctx, struct expr **out,
		    const char **src_out)
{
	struct expr_error ee;
	int line, col;

	*out = NULL;
	if (ydoc_expect(&L->doc, L->d, n, YNODE_SCALAR, key) < 0)
		return -1;
	if (expr_parse(out, n->str, ctx, &ee) < 0) {
		/* col is 0 only when memory ran out: point at the scalar. */
		ydoc_scalar_pos(&L->doc, n, ee.col > 0 ? ee.col - 1 : 0, &line, &col);
		return diag_add(L->d, SEV_ERROR, L->file, line, col, "in '%s' of '%s': %s",
				key, q->name, ee.msg);
	}
	*src_out = n->str;
	if (ARRAY_GROW(L->s->exprs, L->s->aexprs, L->s->nexprs + 1, 64) < 0) {
		expr_free(*out);
		*out = NULL;
		return oom(L);
	}
	L->s->exprs[L->s->nexprs++] = *out;
	if (ARRAY_GROW(L->pend, L->apend, L->npend + 1, 64) < 0)
		return oom(L);
	L->pend[L->npend].q = q;
	L->pend[L->npend].node = n;
	L->pend[L->npend].e = *out;
	L->pend[L->npend].key = key;
	L->npend++;
	return 0;
}

/* Parse "start=1 end=10 step=1" (XLSForm) or a mapping of the same keys. */
static int get_range_params(struct loader *L, struct question *q, const struct ynode *n)
{
	double v[3] = { NAN, NAN, 1 };
	static const char *const keys[] = { "start", "end", "step", NULL };
	size_t i, k;

	if (n->kind == YNODE_MAP) {
		if (ydoc_check_keys(&L->doc, L->d, n, keys, "'parameters'") < 0)
			return -1;
		for (i = 0; i < n->n; i++) {
			for (k = 0; strcmp(keys[k], n->keys[i]->str); k++)
				;
			if (n->items[i]->kind != YNODE_SCALAR ||
			    ydoc_number(n->items[i]->str, &v[k]) < 0)
				return err_at(L, n->items[i], "'%s' of a range must be a number",
					      keys[k]);
		}
	} else if (n->kind == YNODE_SCALAR) {
		const char *p = n->str;

		while (*p) {
			char word[64], *eq, *end;
			size_t len = strcspn(p, " \t");

			if (len == 0) {
				p++;
				continue;
			}
			if (len >= sizeof(word))
				return err_at(L, n, "invalid range parameters '%s'", n->str);
			memcpy(word, p, len);
			word[len] = '\0';
			p += len;
			eq = strchr(word, '=');
			if (!eq)
				return err_at(L, n, "invalid range parameter '%s': write start=N end=N step=N",
					      word);
			*eq = '\0';
			for (k = 0; keys[k] && strcmp(keys[k], word); k++)
				;
			if (!keys[k])
				return err_at(L, n, "unknown range parameter '%s' (start, end, step)", word);
			v[k] = strtod(eq + 1, &end);
			if (end == eq + 1 || *end || !isfinite(v[k]))
				return err_at(L, n, "range parameter '%s' must be a number", word);
		}
	} else {
		return err_at(L, n, "'parameters' must be a string such as 'start=1 end=10 step=1'");
	}
	if (isnan(v[0]) || isnan(v[1]))
		return err_at(L, n, "a range needs 'start' and 'end' parameters");
	if (v[2] <= 0)
		return err_at(L, n, "the 'step' of a range must be positive");
	if (v[0] == v[1])
		return err_at(L, n, "the 'start' and 'end' of a range must differ");
	{
		double steps = fabs(v[1] - v[0]) / v[2];

		if (fabs(steps - round(steps)) > 1e-9 || steps > 1e6)
			return err_at(L, n, "the 'step' of a range must divide 'end' - 'start' (at most 1000000 steps)");
	}
	q->range_start = v[0];
	q->range_end = v[1];
	q->range_step = v[2];
	return 0;
}

static int load_items(struct loader *L, const struct ynode *seq, struct question *parent,
		      struct question ***out, size_t *nout);

/* Which keys a type accepts, beyond type/name/label/hint/relevant/appearance. */
static int key_applies(enum qtype t, const char *key)
{
	int is_select = qtype_info(t)->choices;
	int answered = t != Q_NOTE && t != Q_CALCULATE;

	if (!strcmp(key, "choice_filter"))
		return is_select;
	if (!strcmp(key, "parameters"))
		return t == Q_RANGE;
	if (!strcmp(key, "calculation"))
		return t == Q_CALCULATE || answered;
	if (!strcmp(key, "required") || !strcmp(key, "read_only") ||
	    !strcmp(key, "required_message") ||
	    !strcmp(key, "constraint") || !strcmp(key, "constraint_message") ||
	    !strcmp(key, "default"))
		return answered;
	return 1;
}

/*
 * A repeat's own keys: max_count (default SURVEY_REPEAT_MAX_DEFAULT, or
 * the repeat_count when that is a larger number) and repeat_count (a
 * number or an expression), and its depth.
 */
static int load_repeat(struct loader *L, struct question *q, const struct ynode *n)
{
	const struct ynode *v, *cnt = ynode_get(n, "repeat_count");
	int64_t x, fixed = -1;
	int rc = 0;

	if (q->depth + 1 > SURVEY_MAX_REPEAT_DEPTH)
		rc = err_at(L, n, "repeat '%s' is inside %u repeats: at most %d repeats may be nested",
			    q->name ? q->name : "?", q->depth, SURVEY_MAX_REPEAT_DEPTH);
	if (cnt && cnt->kind == YNODE_SCALAR && ydoc_int64(cnt->str, &x) == 0) {
		if (x < 0 || x > SURVEY_REPEAT_LIMIT)
			rc = err_at(L, cnt, "'repeat_count' must be between 0 and %d", SURVEY_REPEAT_LIMIT);
		else
			fixed = x;
	}
	if (cnt && get_expr(L, q, cnt, "repeat_count", EXPR_DEFAULT, &q->repeat_count,
			    &q->repeat_count_src) < 0)
		rc = -1;
	q->max_count = fixed > SURVEY_REPEAT_MAX_DEFAULT ? (unsigned)fixed : SURVEY_REPEAT_MAX_DEFAULT;
	if ((v = ynode_get(n, "max_count")) != NULL) {
		if (v->kind != YNODE_SCALAR || ydoc_int64(v->str, &x) < 0 || x < 1 ||
		    x > SURVEY_REPEAT_LIMIT)
			rc = err_at(L, v, "'max_count' must be an integer between 1 and %d",
				    SURVEY_REPEAT_LIMIT);
		else if (fixed > x)
			rc = err_at(L, v, "'max_count' %lld is below the 'repeat_count' %lld",
				    (long long)x, (long long)fixed);
		else
			q->max_count = (unsigned)x;
	}
	return rc;
}

static int load_question(struct loader *L, const struct ynode *n, struct question *parent,
			 struct question **out)
{
	struct survey *s = L->s;
	struct question *q;
	const struct ynode *type, *name, *v;
	const char *tstr, *listname = NULL;
	char tword[32];
	size_t i, tlen;
	int rc = 0, found = 0;

	*out = NULL;
	if (ydoc_expect(&L->doc, L->d, n, YNODE_MAP, "a question") < 0)
		return -1;
	q = arena_alloc(&s->arena, sizeof(*q));
	if (!q)
		return oom(L);
	q->line = n->line;
	q->col = n->col;
	q->parent = parent;
	q->repeat = !parent ? NULL : parent->type == Q_REPEAT ? parent : parent->repeat;
	q->depth = q->repeat ? q->repeat->depth + 1 : 0;
	type = ynode_get(n, "type");
	name = ynode_get(n, "name");
	if (!type)
		return err_at(L, n, "question has no 'type'%s%s%s", name && name->kind == YNODE_SCALAR ? " ('" : "",
			      name && name->kind == YNODE_SCALAR ? name->str : "",
			      name && name->kind == YNODE_SCALAR ? "')" : "");
	if (ydoc_expect(&L->doc, L->d, type, YNODE_SCALAR, "type") < 0)
		return -1;
	/* Type: a word, then a list name for selects and rank. */
	tstr = type->str;
	tlen = strcspn(tstr, " \t");
	if (tlen >= sizeof(tword))
		tlen = sizeof(tword) - 1;
	memcpy(tword, tstr, tlen);
	tword[tlen] = '\0';
	for (i = 0; i < NTYPES; i++) {
		if (!strcmp(qtype_table[i].name, tword)) {
			q->type = (enum qtype)i;
			found = 1;
			break;
		}
	}
	if (!found) {
		const char *names[NTYPES + 1];
		const char *hint;

		for (i = 0; i < NTYPES; i++)
			names[i] = qtype_table[i].name;
		names[NTYPES] = NULL;
		hint = did_you_mean(tword, names);
		if (hint)
			return err_at(L, type, "unknown question type '%s'; did you mean '%s'?", tword, hint);
		return err_at(L, type, "unknown question type '%s'", tword);
	}
	listname = tstr + strcspn(tstr, " \t");
	while (*listname == ' ' || *listname == '\t')
		listname++;
	if (qtype_table[i].choices) {
		struct choice_list *cl;

		if (!*listname)
			return err_at(L, type, "'%s' needs a choice list: '%s LIST'", tword, tword);
		if (strcspn(listname, " \t") != strlen(listname))
			return err_at(L, type, "unexpected text after the list name in '%s'", tstr);
		cl = find_list(s, listname);
		if (!cl) {
			const char **names = arena_alloc(&s->arena, (s->nlists + 1) * sizeof(char *));
			const char *hint;
			int line, col;

			if (!names)
				return oom(L);
			for (i = 0; i < s->nlists; i++)
				names[i] = s->lists[i].name;
			hint = did_you_mean(listname, names);
			ydoc_scalar_pos(&L->doc, type, (int)utf8_chars(tstr, (size_t)(listname - tstr)),
					&line, &col);
			if (hint)
				return diag_add(L->d, SEV_ERROR, L->file, line, col,
						"undefined choice list '%s'; did you mean '%s'?", listname, hint);
			return diag_add(L->d, SEV_ERROR, L->file, line, col,
					"undefined choice list '%s'", listname);
		}
		cl->used = 1;
		q->list = cl;
	} else if (*listname) {
		return err_at(L, type, "type '%s' takes no choice list", tword);
	}

	/* Keys. */
	if (ydoc_check_keys(&L->doc, L->d, n,
			    q->type == Q_GROUP ? group_keys : q->type == Q_REPEAT ? repeat_keys :
			    question_keys,
			    q->type == Q_GROUP ? N_("a group") : q->type == Q_REPEAT ? N_("a repeat") :
			    N_("a question")) < 0)
		rc = -1;
	for (i = 0; i < n->n; i++)
		if (!key_applies(q->type, n->keys[i]->str))
			rc = err_at(L, n->keys[i], "'%s' does not apply to %s questions",
				    n->keys[i]->str, tword);

	/* Name. */
	if (!name)
		return err_at(L, n, "%s has no 'name'", q->type == Q_GROUP ? "group" :
			      q->type == Q_REPEAT ? "repeat" : "question");
	if (ydoc_expect(&L->doc, L->d, name, YNODE_SCALAR, "name") < 0)
		return -1;
	q->name = name->str;
	if (name->str[0] == '_')
		rc = err_at(L, name, "question name '%s' must not start with '_' (reserved for _id, _group, _wave...)",
			    name->str);
	else if (!valid_name(name->str))
		rc = err_at(L, name, "invalid question name '%s' (letters, digits and '_', starting with a letter; at most 64)",
			    name->str);
	else {
		struct question *prev = survey_find(s, name->str);

		if (prev)
			rc = err_at(L, name, "duplicate question name '%s' (first at line %d)",
				    name->str, prev->line);
		else if (index_add(L, q) < 0)
			return -1;
	}

	/* Texts. */
	if ((v = ynode_get(n, "label")) != NULL) {
		if (get_label(L, v, "label", &q->label) < 0)
			rc = -1;
	} else if (q->type != Q_CALCULATE && !question_is_container(q)) {
		rc = err_at(L, n, "question '%s' has no 'label'", q->name);
	}
	if ((v = ynode_get(n, "hint")) && get_label(L, v, "hint", &q->hint) < 0)
		rc = -1;
	if ((v = ynode_get(n, "required_message")) &&
	    get_label(L, v, "required_message", &q->required_message) < 0)
		rc = -1;
	if ((v = ynode_get(n, "constraint_message")) &&
	    get_label(L, v, "constraint_message", &q->constraint_message) < 0)
		rc = -1;
	if ((v = ynode_get(n, "appearance")) != NULL) {
		if (ydoc_expect(&L->doc, L->d, v, YNODE_SCALAR, "appearance") < 0)
			rc = -1;
		else
			q->appearance = v->str;
	}

	/* Expressions. */
	if ((v = ynode_get(n, "required")) != NULL && key_applies(q->type, "required")) {
		if (v->kind == YNODE_SCALAR && v->style == YSTYLE_PLAIN &&
		    (!strcasecmp(v->str, "true") || !strcasecmp(v->str, "false") ||
		     !strcasecmp(v->str, "yes") || !strcasecmp(v->str, "no"))) {
			if (ydoc_bool(&L->doc, L->d, v, "required", &q->required) < 0)
				rc = -1;
		} else if (get_expr(L, q, v, "required", EXPR_DEFAULT, &q->required_if,
				    &q->required_src) < 0) {
			rc = -1;
		}
	}
	if ((v = ynode_get(n, "relevant")) &&
	    get_expr(L, q, v, "relevant", EXPR_DEFAULT, &q->relevant, &q->relevant_src) < 0)
		rc = -1;
	if ((v = ynode_get(n, "constraint")) && key_applies(q->type, "constraint") &&
	    get_expr(L, q, v, "constraint", EXPR_DEFAULT, &q->constraint, &q->constraint_src) < 0)
		rc = -1;
	if ((v = ynode_get(n, "calculation")) && key_applies(q->type, "calculation") &&
	    get_expr(L, q, v, "calculation", EXPR_DEFAULT, &q->calculation,
		     &q->calculation_src) < 0)
		rc = -1;
	if ((v = ynode_get(n, "choice_filter")) && key_applies(q->type, "choice_filter") &&
	    get_expr(L, q, v, "choice_filter", EXPR_CHOICE_FILTER, &q->choice_filter,
		     &q->choice_filter_src) < 0)
		rc = -1;
	if (q->type == Q_CALCULATE && !ynode_get(n, "calculation"))
		rc = err_at(L, n, "calculate question '%s' has no 'calculation'", q->name);

	/* Type-specific. */
	if (q->type == Q_RANGE) {
		if (!(v = ynode_get(n, "parameters")))
			rc = err_at(L, n, "range question '%s' has no 'parameters' (start=N end=N step=N)",
				    q->name);
		else if (get_range_params(L, q, v) < 0)
			rc = -1;
	}
	if (q->list && q->type != Q_SELECT_ONE) {
		for (i = 0; i < q->list->n; i++) {
			const struct choice *c = &q->list->v[i];

			if (strpbrk(c->name, " \t")) {
				diag_add(L->d, SEV_ERROR, L->file, c->line, c->col,
					 "choice name '%s' in list '%s' contains a space; %s answers are stored as space-separated names",
					 c->name, q->list->name, tword);
				rc = -1;
			}
		}
	}

	/* Evaluation extensions. */
	if ((v = ynode_get(n, "weight")) != NULL) {
		if (v->kind != YNODE_SCALAR || ydoc_number(v->str, &q->weight) < 0 || q->weight <= 0)
			rc = err_at(L, v, "'weight' must be a positive number");
	}
	if ((v = ynode_get(n, "read_only")) && key_applies(q->type, "read_only") &&
	    ydoc_bool(&L->doc, L->d, v, "read_only", &q->read_only) < 0)
		rc = -1;
	if ((v = ynode_get(n, "reverse")) && ydoc_bool(&L->doc, L->d, v, "reverse", &q->reverse) < 0)
		rc = -1;
	if ((v = ynode_get(n, "dimension")) != NULL) {
		if (ydoc_expect(&L->doc, L->d, v, YNODE_SCALAR, "dimension") < 0)
			rc = -1;
		else if (!valid_name(v->str))
			rc = err_at(L, v, "invalid dimension '%s' (letters, digits and '_', starting with a letter)",
				    v->str);
		else
			q->dimension = v->str;
	}

	/* Scale questions: what dimension and reverse work on. */
	if (q->type == Q_SELECT_ONE && q->list && q->list->is_scale) {
		q->is_scale = 1;
		q->scale_min = q->list->min;
		q->scale_max = q->list->max;
	} else if (q->type == Q_RANGE && q->range_step > 0) {
		q->is_scale = 1;
		q->scale_min = fmin(q->range_start, q->range_end);
		q->scale_max = fmax(q->range_start, q->range_end);
	} else if ((q->type == Q_INTEGER || q->type == Q_DECIMAL) && q->constraint) {
		double lo = NAN, hi = NAN;

		if (expr_bounds(q->constraint, &lo, &hi) && lo < hi) {
			q->is_scale = 1;
			q->scale_min = lo;
			q->scale_max = hi;
		}
	}
	if (!q->is_scale && !question_is_container(q)) {
		static const char why[] =
			"a scale question is a select_one over consecutive integer choices, a range, or an integer or decimal bounded by its constraint";

		if ((v = ynode_get(n, "dimension")) != NULL && q->dimension)
			rc = err_at(L, v, "'dimension' on '%s', which is not a scale question (%s)",
				    q->name, why);
		if ((v = ynode_get(n, "reverse")) != NULL && q->reverse)
			rc = err_at(L, v, "'reverse' on '%s', which is not a scale question (%s)",
				    q->name, why);
	}

	/* Default value: must be an acceptable answer. */
	if ((v = ynode_get(n, "default")) != NULL && key_applies(q->type, "default")) {
		struct strbuf why = STRBUF_INIT;

		if (ydoc_expect(&L->doc, L->d, v, YNODE_SCALAR, "default") < 0)
			rc = -1;
		else if (question_check_value(q, v->str, &why) < 0)
			rc = err_at(L, v, "default '%s' of '%s': %s", v->str, q->name, why.buf);
		else
			q->default_value = v->str;
		strbuf_release(&why);
	}

	/* Repeats. */
	if (q->type == Q_REPEAT && load_repeat(L, q, n) < 0)
		rc = -1;

	/* Groups and repeats. */
	if (question_is_container(q)) {
		v = ynode_get(n, "questions");
		if (!v)
			rc = err_at(L, n, "%s '%s' has no 'questions'", tword, q->name);
		else if (ydoc_expect(&L->doc, L->d, v, YNODE_SEQ, "questions") < 0)
			rc = -1;
		else if (v->n == 0)
			rc = err_at(L, v, "%s '%s' has no questions", tword, q->name);
		else if (load_items(L, v, q, &q->children, &q->nchildren) < 0)
			rc = -1;
	}
	*out = q;
	return rc;
}

static int load_items(struct loader *L, const struct ynode *seq, struct question *parent,
		      struct question ***out, size_t *nout)
{
	struct question **v = arena_alloc(&L->s->arena, seq->n * sizeof(*v));
	size_t i, n = 0;
	int rc = 0;

	if (!v)
		return oom(L);
	for (i = 0; i < seq->n; i++) {
		struct question *q;

		if (load_question(L, seq->items[i], parent, &q) < 0)
			rc = -1;
		if (q)
			v[n++] = q;
	}
	*out = v;
	*nout = n;
	return rc;
}

/* --- whole-survey checks ------------------------------------------------ */

struct ref_check {
	struct loader *L;
	const struct pending_expr *p;
	const char **names;	/* NULL-terminated candidates for "did you mean" */
	const struct question *indexed;	/* the last indexed-repeat() target seen */
	int rc;
};

/*
 * Where each item's answer lives (question.slot, .own, .sub): the top
 * level keeps question indexes; a repeat numbers its own items.
 */
static int layout_repeats(struct loader *L)
{
	struct survey *s = L->s;
	size_t i;

	for (i = 0; i < s->nq; i++) {
		struct question *q = s->questions[i];

		q->slot = q->repeat ? q->repeat->nown++ : q->index;
		if (q->type == Q_REPEAT) {
			q->rindex = s->nrepeats++;
			q->sub = q->repeat ? q->repeat->nsub++ : s->ntopsub++;
		}
	}
	if (!s->nrepeats)
		return 0;
	s->repeats = arena_alloc(&s->arena, s->nrepeats * sizeof(*s->repeats));
	if (!s->repeats)
		return oom(L);
	for (i = 0; i < s->nq; i++) {
		struct question *q = s->questions[i];

		if (q->type == Q_REPEAT) {
			s->repeats[q->rindex] = q;
			q->own = arena_alloc(&s->arena, (q->nown ? q->nown : 1) * sizeof(*q->own));
			if (!q->own)
				return oom(L);
		}
		if (q->repeat && q->repeat->own)	/* NULL: a repeat refused by an error */
			q->repeat->own[q->slot] = q;
	}
	return 0;
}

/* An error at column col of p's expression: "in 'KEY' of 'QUESTION': " and the message. */
static void expr_error_at(struct loader *L, const struct pending_expr *p, int col,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void expr_error_at(struct loader *L, const struct pending_expr *p, int col,
			  const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int line, c;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ydoc_scalar_pos(&L->doc, p->node, col - 1, &line, &c);
	diag_add(L->d, SEV_ERROR, L->file, line, c, "in '%s' of '%s': %s", p->key, p->q->name, msg);
}

static int check_ref(void *ctx, const char *name, int col, enum expr_ref_role role)
{
	struct ref_check *rc = ctx;
	struct question *target = survey_find(rc->L->s, name);
	const struct question *here = rc->p->q->repeat;	/* the context */

	if (!target) {
		const char *hint = did_you_mean(name, rc->names);

		if (hint)
			expr_error_at(rc->L, rc->p, col,
				      "unknown question '%s'; did you mean '%s'?",
				      name, hint);
		else
			expr_error_at(rc->L, rc->p, col, "unknown question '%s'",
				      name);
		rc->rc = -1;
	} else if (target->type == Q_REPEAT && role != EXPR_REF_NODESET && role != EXPR_REF_REPEAT) {
		expr_error_at(rc->L, rc->p, col,
			      "'%s' is a repeat and has no value; count(${%s}) gives its number of instances",
			      name, name);
		rc->rc = -1;
	} else if (target->type != Q_REPEAT && role == EXPR_REF_REPEAT) {
		expr_error_at(rc->L, rc->p, col,
			      "'%s' is not a repeat (indexed-repeat(${question}, ${repeat}, position))",
			      name);
		rc->rc = -1;
	} else if (target->type == Q_GROUP || target->type == Q_NOTE) {
		expr_error_at(rc->L, rc->p, col,
			      "'%s' is a %s and has no value",
			      name, qtype_name(target->type));
		rc->rc = -1;
	} else if (role == EXPR_REF_VALUE && target->repeat && !within(here, target->repeat)) {
		expr_error_at(rc->L, rc->p, col,
			      "'%s' is inside repeat '%s' and has a value per instance; from outside it, use it in count(), sum(), min(), max(), join() or indexed-repeat()",
			      name, target->repeat->name);
		rc->rc = -1;
	} else if (role == EXPR_REF_INDEXED) {
		rc->indexed = target;
		if (!target->repeat) {
			expr_error_at(rc->L, rc->p, col,
				      "indexed-repeat() takes a question inside a repeat; '%s' is not",
				      name);
			rc->rc = -1;
		}
	} else if (role == EXPR_REF_REPEAT && rc->indexed &&
		   !question_in_repeat(rc->indexed, target)) {
		expr_error_at(rc->L, rc->p, col,
			      "repeat '%s' does not contain '%s'",
			      name, rc->indexed->name);
		rc->rc = -1;
	}
	return 0;
}

static int check_attr(void *ctx, const char *name, int col)
{
	struct ref_check *rc = ctx;
	const struct choice_list *cl = rc->p->q->list;
	size_t i, k;

	if (!strcmp(name, "name") || !strcmp(name, "label"))
		return 0;
	for (i = 0; cl && i < cl->n; i++)
		for (k = 0; k < cl->v[i].nattr; k++)
			if (!strcmp(cl->v[i].attr_names[k], name))
				return 0;
	expr_error_at(rc->L, rc->p, col,
		      "no choice in list '%s' has a column '%s'",
		      cl ? cl->name : "?", name);
	rc->rc = -1;
	return 0;
}

/* Depth-first search for a cycle among calculations; state 0 new, 1 on stack, 2 done. */
struct cycle_search {
	struct loader *L;
	unsigned char *state;	/* per question index */
	struct question **stack; /* current path */
	size_t depth;		/* its length */
	int found;		/* a cycle was reported */
};

static int visit_calc(struct cycle_search *cs, struct question *q);

static int visit_ref(void *ctx, const char *name, int col)
{
	struct cycle_search *cs = ctx;
	struct question *t = survey_find(cs->L->s, name);

	(void)col;
	if (t && t->calculation)	/* a calculate, or a calculated default */
		return visit_calc(cs, t);
	return 0;
}

static int visit_calc(struct cycle_search *cs, struct question *q)
{
	if (cs->state[q->index] == 2)
		return 0;
	if (cs->state[q->index] == 1) {
		struct strbuf sb = STRBUF_INIT;
		size_t i = 0;

		while (cs->stack[i] != q)
			i++;
		for (; i < cs->depth; i++)
			strbuf_addf(&sb, "%s -> ", cs->stack[i]->name);
		strbuf_addstr(&sb, q->name);
		diag_add(cs->L->d, SEV_ERROR, cs->L->file, q->line, q->col,
			 "calculations form a cycle: %s", sb.buf);
		strbuf_release(&sb);
		cs->found = 1;
		return 1;
	}
	cs->state[q->index] = 1;
	cs->stack[cs->depth++] = q;
	if (expr_foreach_ref(q->calculation, visit_ref, cs))
		return 1;
	cs->depth--;
	cs->state[q->index] = 2;
	return 0;
}

/*
 * Calculations that can grow past the limit of a value (SURVEY_MAX_ANSWER,
 * where concat() stops and the calculation is left unanswered).  Each
 * calculation's length is bounded by expr_length(), a calculation it uses
 * standing for its own bound, an answer for one copy of itself.  Joining
 * answers is no concern, whatever their length could add up to; repeating
 * one is: `concat(${x}, ${x})` forty times over is 2^40 copies of x.  So a
 * calculation is reported when it can be longer than the limit and either
 * copies one answer more than once or is too long without any.  Only the
 * first of a chain is reported, with what is built on it.
 */
struct growth {
	struct loader *L;
	struct expr_length *len;	/* per question index: a calculation's bound */
	unsigned char *state;		/* per question index: 1 computing, 2 done */
	const struct question **root;	/* per question index: the reported calculation
					   it grows from, or NULL */
	int rc;				/* -1 when memory ran out */
};

static int growth_calc(struct growth *g, const struct question *q);

static int growth_ref(void *ctx, const char *name, struct expr_length *out)
{
	struct growth *g = ctx;
	const struct question *q = survey_find(g->L->s, name);
	struct expr_copies *c;

	if (!q)
		return 0;
	if (q->type == Q_CALCULATE && q->calculation) {
		if (growth_calc(g, q) < 0)
			return -1;
		return expr_length_add(out, &g->len[q->index]);
	}
	if (!(c = malloc(sizeof(*c))))
		return -1;
	c->q = q->index;
	c->n = 1;
	out->v = c;
	out->n = out->alloc = 1;
	return 0;
}

/* Bound q's value into g->len (the definitions have no cycle: checked before). */
static int growth_calc(struct growth *g, const struct question *q)
{
	if (g->state[q->index])
		return 0;
	g->state[q->index] = 1;
	if (expr_length(q->calculation, growth_ref, g, &g->len[q->index]) < 0)
		return -1;
	g->state[q->index] = 2;
	return 0;
}

/* The longest answer q can be given, in bytes. */
static double answer_max(const struct question *q)
{
	double n = 0;
	size_t i;

	switch (q->type) {
	case Q_INTEGER:
		return 20;	/* -9223372036854775808 */
	case Q_DATE:
		return 10;
	case Q_SELECT_ONE:
		for (i = 0; i < q->list->n; i++)
			n = fmax(n, (double)strlen(q->list->v[i].name));
		return n;
	case Q_SELECT_MULTIPLE:
	case Q_RANK:
		for (i = 0; i < q->list->n; i++)
			n += (double)strlen(q->list->v[i].name) + (i > 0);
		return fmin(n, SURVEY_MAX_ANSWER);
	case Q_DECIMAL:
	case Q_TEXT:
	case Q_NOTE:
	case Q_RANGE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return SURVEY_MAX_ANSWER;
}

/* Largest length and the answer copied most in the bound l. */
static double growth_total(const struct survey *s, const struct expr_length *l,
			   const struct question **most, double *copies)
{
	double total = l->fixed;
	size_t i;

	*most = NULL;
	*copies = 0;
	for (i = 0; i < l->n; i++) {
		total += l->v[i].n * answer_max(s->questions[l->v[i].q]);
		if (l->v[i].n > *copies) {
			*copies = l->v[i].n;
			*most = s->questions[l->v[i].q];
		}
	}
	return total < EXPR_LENGTH_HUGE ? total : EXPR_LENGTH_HUGE;
}

static int growth_flagged(const struct survey *s, const struct expr_length *l)
{
	const struct question *most;
	double copies, total = growth_total(s, l, &most, &copies);

	return total > SURVEY_MAX_ANSWER && (copies >= 2 || l->fixed > SURVEY_MAX_ANSWER);
}

static const struct question *growth_root(struct growth *g, const struct question *q);

struct growth_root {
	struct growth *g;
	const struct question *root;	/* the root of the first reported calculation used */
};

static int find_root(void *ctx, const char *name, int col)
{
	struct growth_root *gr = ctx;
	const struct question *q = survey_find(gr->g->L->s, name);

	(void)col;
	if (q && q->type == Q_CALCULATE && q->calculation)
		gr->root = growth_root(gr->g, q);
	return gr->root != NULL;
}

/*
 * The reported calculation q grows from: q itself when it is flagged and
 * uses no flagged calculation, that one's root when it uses one, NULL when
 * q is not flagged.
 */
static const struct question *growth_root(struct growth *g, const struct question *q)
{
	struct growth_root gr = { g, NULL };

	if (g->state[q->index] == 3)
		return g->root[q->index];
	g->state[q->index] = 3;
	if (growth_flagged(g->L->s, &g->len[q->index])) {
		expr_foreach_ref(q->calculation, find_root, &gr);
		g->root[q->index] = gr.root ? gr.root : q;
	}
	return g->root[q->index];
}

/* "65534", or "more than 10^18" for the figures that stopped growing. */
static const char *bytes_text(double x, char buf[32])
{
	if (x >= EXPR_LENGTH_HUGE)
		return "more than 10^18";
	snprintf(buf, 32, "%.0f", x);
	return buf;
}

/* Warn about the first calculation of each chain that grows past the limit. */
static void growth_report(struct growth *g, const struct question *q)
{
	const struct survey *s = g->L->s;
	const struct question *most, *last = NULL, *m2;
	double copies, total, c2, t2, top = 0;
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32];
	size_t j, nbuilt = 0;

	total = growth_total(s, &g->len[q->index], &most, &copies);
	for (j = 0; j < s->nq; j++) {
		if (j == q->index || g->root[j] != q)
			continue;
		nbuilt++;
		t2 = growth_total(s, &g->len[j], &m2, &c2);
		if (!last || t2 > top) {
			last = s->questions[j];
			top = t2;
		}
	}
	if (copies >= 2)
		strbuf_addf(&sb, "calculation '%s' repeats the answer to '%s' %s times: it can be %s "
			    "bytes long", q->name, most->name, bytes_text(copies, b1),
			    bytes_text(total, b2));
	else
		strbuf_addf(&sb, "calculation '%s' can be %s bytes long", q->name,
			    bytes_text(total, b2));
	strbuf_addf(&sb, ", and a value longer than %u bytes is left unanswered", SURVEY_MAX_ANSWER);
	if (nbuilt)
		strbuf_addf(&sb, " (%zu calculation%s built on it grow%s further, to %s bytes in '%s')",
			    nbuilt, nbuilt == 1 ? "" : "s", nbuilt == 1 ? "s" : "",
			    bytes_text(top, b1), last->name);
	if (sb.buf)
		diag_add(g->L->d, SEV_WARNING, g->L->file, q->line, q->col, "%s", sb.buf);
	else
		g->rc = -1;
	strbuf_release(&sb);
}

static int check_growth(struct loader *L)
{
	const struct survey *s = L->s;
	struct growth g = { L, NULL, NULL, NULL, 0 };
	size_t i;

	g.len = calloc(s->nq + 1, sizeof(*g.len));
	g.state = calloc(s->nq + 1, 1);
	g.root = calloc(s->nq + 1, sizeof(*g.root));
	if (!g.len || !g.state || !g.root)
		g.rc = -1;
	for (i = 0; i < s->nq && g.rc == 0; i++)
		if (s->questions[i]->type == Q_CALCULATE && s->questions[i]->calculation &&
		    growth_calc(&g, s->questions[i]) < 0)
			g.rc = -1;
	for (i = 0; i < s->nq && g.rc == 0; i++)
		if (s->questions[i]->type == Q_CALCULATE && s->questions[i]->calculation)
			growth_root(&g, s->questions[i]);
	for (i = 0; i < s->nq && g.rc == 0; i++)
		if (g.root[i] == s->questions[i])
			growth_report(&g, s->questions[i]);
	for (i = 0; g.len && i <= s->nq; i++)
		expr_length_release(&g.len[i]);
	free(g.len);
	free(g.state);
	free(g.root);
	return g.rc < 0 ? oom(L) : 0;
}

/*
 * Piping: each `${name}` in a label or hint must name a question that
 * holds an answer (response_pipe() puts the answer there).  Reported at
 * the question, as the text's own place is no longer known here.
 */
static int check_pipes_in(struct loader *L, const struct question *q, const char *key,
			  const struct label *l, const char **names)
{
	struct survey *s = L->s;
	int rc = 0;

	for (size_t li = 0; li < s->nlang; li++) {
		const char *p = l->text[li];

		while (p && (p = strstr(p, "${")) != NULL) {
			const char *close = strchr(p + 2, '}');
			const struct question *t = NULL;
			char name[256];
			size_t len;

			if (!close) {
				diag_add(L->d, SEV_ERROR, L->file, q->line, q->col,
					 "'%s' of '%s' has '${' without its '}': write ${name} to show an answer",
					 key, q->name);
				return -1;
			}
			len = (size_t)(close - p - 2);
			if (len < sizeof(name)) {
				memcpy(name, p + 2, len);
				name[len] = '\0';
				t = survey_find(s, name);
			} else {
				snprintf(name, sizeof(name), "%.*s...", 64, p + 2);
			}
			if (!t) {
				const char *hint = did_you_mean(name, names);

				if (hint)
					diag_add(L->d, SEV_ERROR, L->file, q->line, q->col,
						 "in '%s' of '%s': unknown question '%s'; did you mean '%s'?",
						 key, q->name, name, hint);
				else
					diag_add(L->d, SEV_ERROR, L->file, q->line, q->col,
						 "in '%s' of '%s': unknown question '%s'", key, q->name, name);
				rc = -1;
			} else if (!question_has_value(t)) {
				diag_add(L->d, SEV_ERROR, L->file, q->line, q->col,
					 "in '%s' of '%s': '%s' is a %s and has no answer to show", key,
					 q->name, name, qtype_name(t->type));
				rc = -1;
			}
			p = close + 1;
		}
	}
	return rc;
}

static int check_whole(struct loader *L)
{
	struct survey *s = L->s;
	struct ref_check rc = { L, NULL, NULL, NULL, 0 };
	struct cycle_search cs = { L, NULL, NULL, 0, 0 };
	size_t i;

	if (layout_repeats(L) < 0)
		return -1;
	rc.names = calloc(s->nq + 1, sizeof(char *));
	cs.state = calloc(s->nq + 1, 1);
	cs.stack = calloc(s->nq + 1, sizeof(*cs.stack));
	if (!rc.names || !cs.state || !cs.stack) {
		free(rc.names);
		free(cs.state);
		free(cs.stack);
		return oom(L);
	}
	for (i = 0; i < s->nq; i++)
		rc.names[i] = s->questions[i]->name;
	for (i = 0; i < L->npend; i++) {
		const struct pending_expr *p = &L->pend[i];

		rc.p = p;
		rc.indexed = NULL;
		expr_foreach_ref_role(p->e, check_ref, &rc);
		if (expr_uses_position(p->e) && !p->q->repeat) {
			expr_error_at(L, p, expr_uses_position(p->e),
				      "position(..) is only meaningful inside a repeat");
			rc.rc = -1;
		}
		if (p->e == p->q->choice_filter)
			expr_foreach_attr(p->e, check_attr, &rc);
		if (expr_uses_dot(p->e) && strcmp(p->key, "constraint") != 0 &&
		    strcmp(p->key, "choice_filter") != 0) {
			diag_add(L->d, SEV_ERROR, L->file, p->node->line, p->node->col,
				 "in '%s' of '%s': '.' (the current answer) is only meaningful in a constraint",
				 p->key, p->q->name);
			rc.rc = -1;
		}
	}
	for (i = 0; i < s->nq && !cs.found; i++) {
		struct question *q = s->questions[i];

		if (q->calculation) {
			cs.depth = 0;
			visit_calc(&cs, q);
		}
	}
	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];

		if (check_pipes_in(L, q, "label", &q->label, rc.names) < 0)
			rc.rc = -1;
		if (check_pipes_in(L, q, "hint", &q->hint, rc.names) < 0)
			rc.rc = -1;
		if (check_pipes_in(L, q, "required_message", &q->required_message, rc.names) < 0)
			rc.rc = -1;
		if (check_pipes_in(L, q, "constraint_message", &q->constraint_message, rc.names) < 0)
			rc.rc = -1;
	}
	for (i = 0; i < s->nlists; i++) {
		const struct choice_list *cl = &s->lists[i];

		if (!cl->used)
			diag_add(L->d, SEV_WARNING, L->file, cl->line, cl->col,
				 "choice list '%s' is not used by any question", cl->name);
	}
	free(rc.names);
	free(cs.state);
	free(cs.stack);
	if (rc.rc < 0 || cs.found)
		return -1;
	return check_growth(L);
}

/* --- entry points ------------------------------------------------------ */

static int load_root(struct loader *L, const struct ynode *root)
{
	struct survey *s = L->s;
	const struct ynode *v;
	int rc = 0;

	if (!root)
		return diag_add(L->d, SEV_ERROR, L->file, 1, 1,
				"empty definition: expected form_id, version, title and survey");
	if (root->kind != YNODE_MAP)
		return err_at(L, root, "a survey definition must be a mapping (form_id, version, title, survey...), not %s",
			      ynode_kind_name(root));
	if (ydoc_check_keys(&L->doc, L->d, root, top_keys, N_("the survey")) < 0)
		rc = -1;
	if (load_languages(L, root) < 0)
		return -1;

	if (!(v = ynode_get(root, "form_id")))
		rc = err_at(L, root, "missing 'form_id'");
	else if (ydoc_expect(&L->doc, L->d, v, YNODE_SCALAR, "form_id") < 0)
		rc = -1;
	else if (!valid_form_id(v->str))
		rc = err_at(L, v, "invalid form_id '%s' (lowercase letters, digits, '_' and '-', starting with a letter)",
			    v->str);
	else
		s->form_id = v->str;
	if (!(v = ynode_get(root, "version"))) {
		rc = err_at(L, root, "missing 'version' (a positive integer, raised at each change)");
	} else {
		int64_t ver;

		if (v->kind != YNODE_SCALAR || ydoc_int64(v->str, &ver) < 0 || ver <= 0 ||
		    ver > 2147483647)
			rc = err_at(L, v, "'version' must be a positive integer");
		else
			s->version = (int)ver;
	}
	if (!(v = ynode_get(root, "title")))
		rc = err_at(L, root, "missing 'title'");
	else if (get_label(L, v, "title", &s->title) < 0)
		rc = -1;
	if (load_settings(L, ynode_get(root, "settings")) < 0)
		rc = -1;
	if (load_choices(L, ynode_get(root, "choices")) < 0)
		rc = -1;
	if (mailtext_check(&L->doc, L->d, ynode_get(root, "mail"), s) < 0)	/* the e-mail texts */
		rc = -1;
	if (!(v = ynode_get(root, "survey")))
		return err_at(L, root, "missing 'survey' (the list of questions)");
	if (ydoc_expect(&L->doc, L->d, v, YNODE_SEQ, "survey") < 0)
		return -1;
	if (v->n == 0)
		return err_at(L, v, "'survey' has no questions");
	if (load_items(L, v, NULL, &s->top, &s->ntop) < 0)
		rc = -1;
	if (check_whole(L) < 0)
		rc = -1;
	return rc;
}

int survey_load(struct survey **out, const char *file, const char *src, size_t len,
		struct diags *d)
{
	struct loader L;
	struct survey *s;
	size_t nerr = d->nerror;
	char *srccopy, *filecopy;
	int rc;

	*out = NULL;
	memset(&L, 0, sizeof(L));
	s = calloc(1, sizeof(*s));
	if (!s)
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	/* The model points into the YAML tree: keep the tree in the survey's arena. */
	srccopy = arena_strndup(&s->arena, src, len);
	filecopy = arena_strdup(&s->arena, file);
	if (!srccopy || !filecopy) {
		survey_free(s);
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	}
	s->file = filecopy;
	L.s = s;
	L.d = d;
	L.file = filecopy;
	if (ydoc_parse(&L.doc, filecopy, srccopy, len, d) < 0) {
		survey_free(s);
		return -1;
	}
	rc = load_root(&L, L.doc.root);
	free(L.pend);
	/* The model points into the tree: its memory now belongs to the survey. */
	arena_merge(&s->arena, &L.doc.arena);
	if (rc < 0 || d->nerror > nerr) {
		survey_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void survey_free(struct survey *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nexprs; i++)
		expr_free(s->exprs[i]);
	free(s->exprs);
	arena_release(&s->arena);
	free(s);
}
