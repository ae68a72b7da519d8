/*
 * layout: loading and checking report layouts (see layout.h).
 */
#include "report/layout.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/utf8.h"

enum { OUT_PDF = 1, OUT_XLSX = 2 };
enum { SRC_IND = 1, SRC_ED = 2 };

static const char *const k_plain[] = { "type", NULL };
static const char *const k_text[] = { "type", "title", "text", NULL };
static const char *const k_dims[] = { "type", "likert", NULL };
static const char *const k_rel[] = { "type", "title", "text", "sheet", NULL };
static const char *const k_rank[] = { "type", "title", "text", "chart", NULL };
static const char *const k_cards[] = { "type", "application", "comments", "lines", NULL };
static const char *const k_sheet[] = { "type", "sheet", NULL };
static const char *const k_laureates[] = { "type", "sheet", "followup", NULL };
static const char *const k_weights[] = { "type", "title", "text", "referential", NULL };

static const struct sec_spec {
	const char *name;		/* as written */
	unsigned outputs;		/* OUT_* bits */
	unsigned sources;		/* SRC_* bits */
	const char *const *keys;	/* allowed keys */
	const char *sheet_fr, *sheet_en; /* default sheet names */
} specs[SEC_NTYPES] = {
	[SEC_COVER] = { "cover", OUT_PDF, SRC_IND | SRC_ED, k_plain, NULL, NULL },
	[SEC_TEXT] = { "text", OUT_PDF, SRC_IND | SRC_ED, k_text, NULL, NULL },
	[SEC_PAGE_BREAK] = { "page_break", OUT_PDF, SRC_IND | SRC_ED, k_plain, NULL, NULL },
	[SEC_METHOD] = { "method", OUT_PDF, SRC_IND | SRC_ED, k_text, NULL, NULL },
	[SEC_SUMMARY] = { "summary", OUT_PDF, SRC_IND, k_text, NULL, NULL },
	[SEC_RADAR] = { "radar", OUT_PDF, SRC_IND, k_text, NULL, NULL },
	[SEC_COMPOSITE] = { "composite", OUT_PDF, SRC_IND, k_text, NULL, NULL },
	[SEC_SCORES] = { "scores", OUT_PDF, SRC_IND, k_text, NULL, NULL },
	[SEC_DIMENSIONS] = { "dimensions", OUT_PDF, SRC_IND, k_dims, NULL, NULL },
	[SEC_COMPARISONS] = { "comparisons", OUT_PDF, SRC_IND, k_text, NULL, NULL },
	[SEC_RELIABILITY] = { "reliability", OUT_PDF | OUT_XLSX, SRC_IND | SRC_ED, k_rel,
			      "Fiabilité", "Reliability" },
	[SEC_RANKING] = { "ranking", OUT_PDF, SRC_ED, k_rank, NULL, NULL },
	[SEC_FLAGS] = { "flags", OUT_PDF, SRC_ED, k_text, NULL, NULL },
	[SEC_SCORECARDS] = { "scorecards", OUT_PDF, SRC_ED, k_cards, NULL, NULL },
	[SEC_ANSWERS] = { "answers", OUT_XLSX, SRC_IND, k_sheet, "Réponses", "Answers" },
	[SEC_CODEBOOK] = { "codebook", OUT_XLSX, SRC_IND, k_sheet, "Dictionnaire", "Codebook" },
	[SEC_INDICATORS] = { "indicators", OUT_XLSX, SRC_IND, k_sheet, "Indicateurs", "Indicators" },
	[SEC_DESCRIBE] = { "describe", OUT_XLSX, SRC_IND, k_sheet, "Tableaux", "Tables" },
	[SEC_MATRIX] = { "matrix", OUT_XLSX, SRC_ED, k_sheet, "Notes du jury", "Jury scores" },
	[SEC_RESULTS] = { "results", OUT_XLSX, SRC_ED, k_sheet, "Résultats", "Results" },
	[SEC_JURORS] = { "jurors", OUT_XLSX, SRC_ED, k_sheet, "Jurés", "Jurors" },
	[SEC_DELIBERATION] = { "deliberation", OUT_PDF, SRC_ED, k_text, NULL, NULL },
	[SEC_LAUREATES] = { "laureates", OUT_XLSX, SRC_ED, k_laureates, "Lauréats", "Laureates" },
	[SEC_DISCUSSION] = { "discussion_order", OUT_PDF, SRC_ED, k_text, NULL, NULL },
	[SEC_WEIGHTS] = { "weights_sensitivity", OUT_PDF, SRC_IND, k_weights, NULL, NULL },
};

/* The sheet every workbook ends with: where its figures come from. */
#define SOURCES_SHEET "Sources"

static const char *const top_keys[] = { "report", "title", "subtitle", "author", "language",
					"output", "source", "group_names", "sections", NULL };
static const char *const source_keys[] = { "indicators", "edition", "by", "bootstrap", "seed",
					   "min_group", NULL };

const char *report_text(const struct an_text *t, const char *lang, const char *def)
{
	const char *s = t->n ? an_text_get(t, lang) : NULL;

	return s ? s : def;
}

struct parser {
	struct report_layout *l;	/* being filled */
	struct diags *d;		/* problems */
	const char *file;		/* the layout's path, for its folder */
};

static int err(struct parser *ps, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int err(struct parser *ps, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(ps->d, SEV_ERROR, ps->l->file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

static int is_lang_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* A text: a string, or a mapping of language codes to strings. */
static int get_text(struct parser *ps, const struct ynode *n, const char *what, struct an_text *t)
{
	size_t i;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	if (n->kind == YNODE_SCALAR) {
		if (!*n->str)
			return err(ps, n, "'%s' must not be empty", what);
		t->text[0] = n->str;
		t->n = 1;
		return 0;
	}
	if (n->kind != YNODE_MAP)
		return err(ps, n, "'%s' must be a text or a mapping of languages ({fr: ..., en: ...}), not %s",
			   what, ynode_kind_name(n));
	if (n->n == 0)
		return err(ps, n, "'%s' must not be empty", what);
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->keys[i], *v = n->items[i];

		if (!is_lang_code(k->str)) {
			rc = err(ps, k, "'%s' is not a language code in '%s' (fr, en...)", k->str, what);
			continue;
		}
		if (v->kind != YNODE_SCALAR) {
			rc = err(ps, v, "'%s' in %s must be a text, not %s", what, k->str, ynode_kind_name(v));
			continue;
		}
		if (t->n < AN_MAX_LANGS) {
			t->lang[t->n] = k->str;
			t->text[t->n] = v->str;
			t->n++;
		}
	}
	return rc;
}

/* A list of question names. */
static int get_names(struct parser *ps, const struct ynode *n, const char *what, const char ***out,
		     size_t *nout)
{
	size_t i;

	*nout = 0;
	if (ydoc_expect(&ps->l->doc, ps->d, n, YNODE_SEQ, what) < 0)
		return -1;
	if (n->n == 0)
		return err(ps, n, "'%s' must not be empty", what);
	*out = arena_alloc(&ps->l->doc.arena, n->n * sizeof(char *));
	if (!*out)
		return err(ps, n, "out of memory");
	for (i = 0; i < n->n; i++) {
		if (ydoc_expect(&ps->l->doc, ps->d, n->items[i], YNODE_SCALAR, what) < 0)
			return -1;
		(*out)[(*nout)++] = n->items[i]->str;
	}
	return 0;
}

/* A whole number in [lo, hi]. */
static int get_whole(struct parser *ps, const struct ynode *n, const char *what, long lo, long hi,
		     long *out)
{
	int64_t v;

	if (n->kind != YNODE_SCALAR || ydoc_int64(n->str, &v) < 0 || v < lo || v > hi)
		return err(ps, n, "'%s' must be a whole number from %ld to %ld", what, lo, hi);
	*out = (long)v;
	return 0;
}

/* One of the words of a NULL-terminated list. */
static int get_word(struct parser *ps, const struct ynode *n, const char *what,
		    const char *const *words, int *out)
{
	const char *hint;
	int i;

	if (ydoc_expect(&ps->l->doc, ps->d, n, YNODE_SCALAR, what) < 0)
		return -1;
	for (i = 0; words[i]; i++)
		if (!strcmp(n->str, words[i]))
			return *out = i, 0;
	hint = did_you_mean(n->str, words);
	if (hint)
		return err(ps, n, "unknown %s '%s'; did you mean '%s'?", what, n->str, hint);
	return err(ps, n, "unknown %s '%s' ('%s' or '%s')", what, n->str, words[0], words[1]);
}

static int parse_source(struct parser *ps, const struct ynode *n)
{
	struct report_layout *l = ps->l;
	const struct ynode *ind, *ed, *v;
	int rc = 0;

	if (ydoc_expect(&l->doc, ps->d, n, YNODE_MAP, "source") < 0)
		return -1;
	rc |= ydoc_check_keys(&l->doc, ps->d, n, source_keys, "the source");
	ind = ynode_get(n, "indicators");
	ed = ynode_get(n, "edition");
	if (ind && ed)
		return err(ps, ed, "a report has one source: 'indicators' or 'edition', not both");
	if (!ind && !ed)
		return err(ps, n, "'source' needs 'indicators' (an indicator set file) or 'edition' (a prize edition file)");
	l->source = ind ? SOURCE_INDICATORS : SOURCE_EDITION;
	l->source_node = ind ? ind : ed;
	if (ydoc_expect(&l->doc, ps->d, l->source_node, YNODE_SCALAR, ind ? "indicators" : "edition") < 0)
		return -1;
	if (!*l->source_node->str)
		return err(ps, l->source_node, "'%s' must name a file", ind ? "indicators" : "edition");
	l->source_path = l->source_node->str;
	/*
	 * A relative path is the layout's folder's: reports/x.yaml names
	 * ../indicators/y.yaml, wherever utilis runs.  Layouts written when it
	 * was the current directory's still work: when nothing is at the
	 * folder's path and something is at the current directory's, that one.
	 */
	if (l->source_path[0] != '/' && ps->file && strrchr(ps->file, '/')) {
		size_t nd = (size_t)(strrchr(ps->file, '/') - ps->file) + 1;
		size_t ns = strlen(l->source_path);
		char *p = arena_alloc(&l->doc.arena, nd + ns + 1);

		if (!p)
			return err(ps, l->source_node, "out of memory");
		memcpy(p, ps->file, nd);
		memcpy(p + nd, l->source_path, ns + 1);
		if (access(p, F_OK) == 0 || access(l->source_path, F_OK) != 0)
			l->source_path = p;
	}
	if ((v = ynode_get(n, "by"))) {
		if (ed)
			rc = err(ps, v, "'by' applies to an indicator set, not to a prize edition");
		else if (ydoc_expect(&l->doc, ps->d, v, YNODE_SCALAR, "by") < 0 || !*v->str)
			rc = v->kind == YNODE_SCALAR ? err(ps, v, "'by' must name a question, or be 'none'") : -1;
		else if (!strcmp(v->str, "none"))
			l->overall = 1;
		else
			l->by = v->str;
		l->by_node = v;
	}
	if ((v = ynode_get(n, "bootstrap"))) {
		if (ed)
			rc = err(ps, v, "'bootstrap' applies to an indicator set, not to a prize edition");
		else
			rc |= get_whole(ps, v, "bootstrap", 0, 100000, &l->bootstrap);
	}
	if ((v = ynode_get(n, "seed"))) {
		if (ed)
			rc = err(ps, v, "'seed' applies to an indicator set, not to a prize edition");
		else
			rc |= get_whole(ps, v, "seed", 0, 2147483647L, &l->seed);
	}
	if ((v = ynode_get(n, "min_group"))) {
		if (ed)
			rc = err(ps, v, "'min_group' applies to an indicator set, not to a prize edition");
		else
			rc |= get_whole(ps, v, "min_group", 1, 1000000, &l->min_group);
	}
	return rc;
}

/* Sheet names: at most 31 characters, none of []:*?/\, no leading or trailing quote. */
static int check_sheet_name(struct parser *ps, const struct ynode *n, const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return err(ps, n, "'sheet' must not be empty");
	if (utf8_chars(name, len) > 31)
		return err(ps, n, "sheet name '%s' is longer than 31 characters (Excel's limit)", name);
	if (strpbrk(name, "[]:*?/\\"))
		return err(ps, n, "sheet name '%s' must not contain any of [ ] : * ? / \\", name);
	if (name[0] == '\'' || name[len - 1] == '\'')
		return err(ps, n, "sheet name '%s' must not start or end with an apostrophe", name);
	return 0;
}

static int same_sheet(const char *a, const char *b)
{
	/* Excel compares sheet names without regard to case (ASCII here). */
	return !strcasecmp(a, b);
}

static int parse_section(struct parser *ps, const struct ynode *n, struct report_section *s)
{
	static const char *names[SEC_NTYPES + 1];
	struct report_layout *l = ps->l;
	const struct ynode *t, *v;
	const struct sec_spec *sp;
	int i, rc = 0;

	if (!names[0])
		for (i = 0; i < SEC_NTYPES; i++)
			names[i] = specs[i].name;
	memset(s, 0, sizeof(*s));
	s->node = n;
	s->likert = 1;
	s->chart = 1;
	s->lines = 8;
	if (ydoc_expect(&l->doc, ps->d, n, YNODE_MAP, "a section") < 0)
		return -1;
	if (!(t = ynode_get(n, "type")))
		return err(ps, n, "a section needs a 'type' (cover, text, method...)");
	if (ydoc_expect(&l->doc, ps->d, t, YNODE_SCALAR, "type") < 0)
		return -1;
	for (i = 0; i < SEC_NTYPES && strcmp(t->str, specs[i].name); i++)
		;
	if (i == SEC_NTYPES) {
		const char *hint = did_you_mean(t->str, names);

		if (hint)
			return err(ps, t, "unknown section type '%s'; did you mean '%s'?", t->str, hint);
		return err(ps, t, "unknown section type '%s'", t->str);
	}
	s->type = (enum section_type)i;
	sp = &specs[i];
	if (!(sp->outputs & (l->output == REPORT_PDF ? OUT_PDF : OUT_XLSX)))
		rc = err(ps, t, "section '%s' belongs in a %s, and this layout makes a %s (output: %s)",
			 sp->name, l->output == REPORT_PDF ? "workbook" : "PDF",
			 l->output == REPORT_PDF ? "PDF" : "workbook",
			 l->output == REPORT_PDF ? "pdf" : "xlsx");
	else if (l->source_path && !(sp->sources & (l->source == SOURCE_INDICATORS ? SRC_IND : SRC_ED)))
		rc = err(ps, t, "section '%s' needs %s as its source, not %s", sp->name,
			 l->source == SOURCE_INDICATORS ? "a prize edition" : "an indicator set",
			 l->source == SOURCE_INDICATORS ? "an indicator set" : "a prize edition");
	{
		/*
		 * A workbook's sheet in a PDF, or a PDF's title in a workbook, gets
		 * its own message below rather than "unknown key".
		 */
		const char *keys[16];
		size_t nk = 0, j;
		char where[64];

		for (j = 0; sp->keys[j] && nk < 12; j++)
			keys[nk++] = sp->keys[j];
		if (l->output == REPORT_PDF)
			keys[nk++] = "sheet";
		else {
			keys[nk++] = "title";
			keys[nk++] = "text";
		}
		keys[nk] = NULL;
		snprintf(where, sizeof(where), "a '%s' section", sp->name);
		rc |= ydoc_check_keys(&l->doc, ps->d, n, keys, where);
	}
	if ((v = ynode_get(n, "title"))) {
		if (l->output == REPORT_XLSX)
			rc = err(ps, v, "a workbook section has no 'title': name its sheet with 'sheet'");
		else
			rc |= get_text(ps, v, "title", &s->title);
	}
	if ((v = ynode_get(n, "text"))) {
		if (l->output == REPORT_XLSX)
			rc = err(ps, v, "a workbook section has no 'text'");
		else
			rc |= get_text(ps, v, "text", &s->text);
	} else if (s->type == SEC_TEXT) {
		rc = err(ps, n, "a 'text' section needs 'text'");
	}
	if ((v = ynode_get(n, "sheet"))) {
		if (l->output == REPORT_PDF)
			rc = err(ps, v, "'sheet' names a sheet of a workbook; this layout makes a PDF");
		else if (ydoc_expect(&l->doc, ps->d, v, YNODE_SCALAR, "sheet") < 0 ||
			 check_sheet_name(ps, v, v->str) < 0)
			rc = -1;
		else
			s->sheet = v->str;
	}
	if ((v = ynode_get(n, "followup"))) {
		if (ydoc_expect(&l->doc, ps->d, v, YNODE_SCALAR, "followup") < 0)
			rc = -1;
		else
			s->followup = v->str;
	}
	if (s->type == SEC_LAUREATES && !s->followup)
		s->followup = "prix-suivi-laureats";
	if ((v = ynode_get(n, "referential"))) {
		if (ydoc_expect(&l->doc, ps->d, v, YNODE_SCALAR, "referential") < 0)
			rc = -1;
		else
			s->referential = v->str;
	} else if (s->type == SEC_WEIGHTS) {
		rc = err(ps, n, "a 'weights_sensitivity' section needs 'referential': the referential file "
			 "whose pilot group gave the weights");
	}
	if ((v = ynode_get(n, "likert")))
		rc |= ydoc_bool(&l->doc, ps->d, v, "likert", &s->likert);
	if ((v = ynode_get(n, "chart")))
		rc |= ydoc_bool(&l->doc, ps->d, v, "chart", &s->chart);
	if ((v = ynode_get(n, "application"))) {
		s->application_node = v;
		rc |= get_names(ps, v, "application", &s->application, &s->napplication);
	}
	if ((v = ynode_get(n, "comments"))) {
		s->comments_node = v;
		rc |= get_names(ps, v, "comments", &s->comments, &s->ncomments);
	}
	if ((v = ynode_get(n, "lines"))) {
		long lines;

		if (get_whole(ps, v, "lines", 1, 40, &lines) < 0)
			rc = -1;
		else
			s->lines = (int)lines;
	}
	if (l->output == REPORT_XLSX && !s->sheet)
		s->sheet = !strcmp(l->language, "fr") ? sp->sheet_fr : sp->sheet_en;
	return rc;
}

int report_layout_parse(struct report_layout **out, const char *file, const char *src,
			size_t len, struct diags *d)
{
	static const char *const langs[] = { "fr", "en", NULL };
	static const char *const outputs[] = { "pdf", "xlsx", NULL };
	struct report_layout *l = calloc(1, sizeof(*l));
	struct parser ps = { l, d, file };
	const struct ynode *root, *n;
	size_t nerr = d->nerror, i, j;
	int rc = 0, w;

	*out = NULL;
	if (!l || !(l->src = malloc(len + 1))) {
		free(l);
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	}
	memcpy(l->src, src, len);
	l->src[len] = '\0';
	l->file = file;
	l->language = "fr";
	l->bootstrap = -1;
	l->seed = -1;
	if (ydoc_parse(&l->doc, file, l->src, len, d) < 0) {
		report_layout_free(l);
		return -1;
	}
	root = l->doc.root;
	if (!root) {
		diag_add(d, SEV_ERROR, file, 1, 1, "empty layout: expected report, title, source, sections");
		report_layout_free(l);
		return -1;
	}
	if (root->kind != YNODE_MAP) {
		err(&ps, root, "a report layout must be a mapping (report, title, source, sections), not %s",
		    ynode_kind_name(root));
		report_layout_free(l);
		return -1;
	}
	rc |= ydoc_check_keys(&l->doc, d, root, top_keys, "the report");
	if (!(n = ynode_get(root, "report")))
		rc = err(&ps, root, "missing 'report' (the layout's identifier)");
	else if (ydoc_expect(&l->doc, d, n, YNODE_SCALAR, "report") < 0)
		rc = -1;
	else if (!*n->str)
		rc = err(&ps, n, "'report' must not be empty");
	else
		l->id = n->str;
	if (!(n = ynode_get(root, "title")))
		rc = err(&ps, root, "missing 'title'");
	else
		rc |= get_text(&ps, n, "title", &l->title);
	if ((n = ynode_get(root, "subtitle")))
		rc |= get_text(&ps, n, "subtitle", &l->subtitle);
	if ((n = ynode_get(root, "author"))) {
		if (ydoc_expect(&l->doc, d, n, YNODE_SCALAR, "author") < 0)
			rc = -1;
		else
			l->author = n->str;
	}
	if ((n = ynode_get(root, "language"))) {
		if (get_word(&ps, n, "language", langs, &w) < 0)
			rc = -1;
		else
			l->language = langs[w];
	}
	if ((n = ynode_get(root, "output"))) {
		if (get_word(&ps, n, "output", outputs, &w) < 0)
			rc = -1;
		else
			l->output = w ? REPORT_XLSX : REPORT_PDF;
	}
	if (!(n = ynode_get(root, "source")))
		rc = err(&ps, root, "missing 'source' ({indicators: FILE} or {edition: FILE})");
	else
		rc |= parse_source(&ps, n);
	if ((n = ynode_get(root, "group_names"))) {
		if (l->source_path && l->source == SOURCE_EDITION) {
			rc = err(&ps, n, "'group_names' applies to an indicator set, not to a prize edition");
		} else if (ydoc_expect(&l->doc, d, n, YNODE_MAP, "group_names") < 0) {
			rc = -1;
		} else {
			l->groups = arena_alloc(&l->doc.arena, (n->n + 1) * sizeof(*l->groups));
			if (!l->groups)
				rc = err(&ps, n, "out of memory");
			for (i = 0; l->groups && i < n->n; i++) {
				struct report_group_name *g = &l->groups[l->ngroups];

				g->key = n->keys[i]->str;
				g->node = n->keys[i];
				if (get_text(&ps, n->items[i], "group_names", &g->name) < 0)
					rc = -1;
				else
					l->ngroups++;
			}
		}
	}
	if (!(n = ynode_get(root, "sections"))) {
		rc = err(&ps, root, "missing 'sections' (what the report contains, in order)");
	} else if (ydoc_expect(&l->doc, d, n, YNODE_SEQ, "sections") < 0) {
		rc = -1;
	} else if (n->n == 0) {
		rc = err(&ps, n, "'sections' is empty");
	} else {
		l->sec = arena_alloc(&l->doc.arena, n->n * sizeof(*l->sec));
		if (!l->sec)
			rc = err(&ps, n, "out of memory");
		for (i = 0; l->sec && i < n->n; i++) {
			if (parse_section(&ps, n->items[i], &l->sec[l->nsec]) < 0)
				rc = -1;
			else
				l->nsec++;
		}
		/* Sheet names are unique in a workbook, the sources sheet included. */
		for (i = 0; l->output == REPORT_XLSX && i < l->nsec; i++) {
			const struct ynode *at = ynode_get(l->sec[i].node, "sheet");

			if (!at)
				at = ynode_get(l->sec[i].node, "type");
			if (same_sheet(l->sec[i].sheet, SOURCES_SHEET)) {
				rc = err(&ps, at, "sheet name '%s' is taken by the sheet every workbook ends with (where its figures come from)",
					 l->sec[i].sheet);
				continue;
			}
			for (j = 0; j < i; j++)
				if (same_sheet(l->sec[i].sheet, l->sec[j].sheet)) {
					rc = err(&ps, at, "sheet name '%s' is used twice (first at line %d): give this section a 'sheet' name of its own",
						 l->sec[i].sheet, l->sec[j].node->line);
					break;
				}
		}
	}
	if (rc < 0 || d->nerror > nerr) {
		report_layout_free(l);
		return -1;
	}
	*out = l;
	return 0;
}

void report_layout_free(struct report_layout *l)
{
	if (!l)
		return;
	ydoc_release(&l->doc);
	free(l->src);
	free(l);
}

/* n names a question of s that holds an answer; reports it otherwise, with a suggestion. */
static int check_question(struct parser *ps, const struct ynode *n, const struct survey *s,
			  const char *what, int text_only)
{
	const struct question *q = survey_find(s, n->str);
	const char **names, *hint;
	size_t i;

	if (q && question_has_value(q)) {
		if (text_only && q->type != Q_TEXT)
			return err(ps, n, "%s '%s' is a %s question of '%s', not a text", what, n->str,
				   qtype_name(q->type), s->form_id);
		return 0;
	}
	if (q)
		return err(ps, n, "%s '%s' is a %s of '%s' and holds no answer", what, n->str,
			   qtype_name(q->type), s->form_id);
	names = calloc(s->nq + 1, sizeof(char *));
	for (i = 0; names && i < s->nq; i++)
		names[i] = s->questions[i]->name;
	hint = names ? did_you_mean(n->str, names) : NULL;
	if (hint)
		err(ps, n, "%s '%s' is not a question of '%s'; did you mean '%s'?", what, n->str,
		    s->form_id, hint);
	else
		err(ps, n, "%s '%s' is not a question of '%s'", what, n->str, s->form_id);
	free(names);
	return -1;
}

int report_layout_check(const struct report_layout *l, const struct survey *s, const char *by,
			const struct survey *app, const struct survey *grid, struct diags *d)
{
	struct parser ps = { (struct report_layout *)l, d, NULL };
	size_t nerr = d->nerror, i, k;

	if (s && by && by[0] != '_' && l->ngroups) {
		const struct question *q = survey_find(s, by);
		const struct choice_list *list = q ? q->list : NULL;

		/* A calculate takes the labels of the choice list of its own name. */
		for (k = 0; q && !list && k < s->nlists; k++)
			if (!strcmp(s->lists[k].name, q->name))
				list = &s->lists[k];
		for (i = 0; list && i < l->ngroups; i++) {
			const char **names = calloc(list->n + 1, sizeof(char *));
			const char *hint;

			for (k = 0; k < list->n && strcmp(list->v[k].name, l->groups[i].key); k++)
				;
			if (k < list->n) {
				free(names);
				continue;
			}
			for (k = 0; names && k < list->n; k++)
				names[k] = list->v[k].name;
			hint = names ? did_you_mean(l->groups[i].key, names) : NULL;
			if (hint)
				err(&ps, l->groups[i].node, "group '%s' is not an answer to '%s'; did you mean '%s'?",
				    l->groups[i].key, by, hint);
			else
				err(&ps, l->groups[i].node, "group '%s' is not an answer to '%s'",
				    l->groups[i].key, by);
			free(names);
		}
	}
	for (i = 0; i < l->nsec; i++) {
		const struct report_section *sec = &l->sec[i];

		if (sec->type != SEC_SCORECARDS)
			continue;
		for (k = 0; app && k < sec->napplication; k++)
			check_question(&ps, sec->application_node->items[k], app, "application question", 0);
		for (k = 0; grid && k < sec->ncomments; k++)
			check_question(&ps, sec->comments_node->items[k], grid, "comment", 1);
	}
	return d->nerror > nerr ? -1 : 0;
}
