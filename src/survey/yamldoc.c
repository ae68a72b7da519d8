/*
 * yamldoc: builds a position-aware tree from libyaml's events (see yamldoc.h).
 *
 * The event parser is used rather than yaml_parser_load() so that aliases
 * are refused before anything is expanded, duplicate keys are caught while
 * the mapping is built, and nesting depth is bounded.
 */
#include "survey/yamldoc.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/i18n.h"

struct builder {
	struct ydoc *doc;
	struct diags *d;
	yaml_parser_t parser;
	int depth;
};

/*
 * Append an item (and its key, for a mapping).  Arrays live in the arena and
 * are reallocated when n reaches 0, 4, 8, 16...: capacity is always > n.
 */
static int push(struct ydoc *doc, struct ynode *n, struct ynode *key, struct ynode *item)
{
	if (n->n == 0 || (n->n >= 4 && (n->n & (n->n - 1)) == 0)) {
		size_t cap = n->n ? n->n * 2 : 4;
		struct ynode **items = arena_realloc(&doc->arena, n->items,
						     n->n * sizeof(*items), cap * sizeof(*items));

		if (!items)
			return -1;
		n->items = items;
		if (n->kind == YNODE_MAP) {
			struct ynode **keys = arena_realloc(&doc->arena, n->keys,
							    n->n * sizeof(*keys), cap * sizeof(*keys));

			if (!keys)
				return -1;
			n->keys = keys;
		}
	}
	if (n->kind == YNODE_MAP)
		n->keys[n->n] = key;
	n->items[n->n++] = item;
	return 0;
}

static int yerror(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int yerror(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = diag_vadd(b->d, SEV_ERROR, b->doc->file, (int)m->line + 1, (int)m->column + 1, fmt, ap);
	va_end(ap);
	return rc;
}

static int next_event(struct builder *b, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&b->parser, ev)) {
		const yaml_mark_t *m = &b->parser.problem_mark;
		const char *problem = b->parser.problem ? b->parser.problem : "invalid YAML";

		if (b->parser.error == YAML_MEMORY_ERROR)
			return diag_add(b->d, SEV_ERROR, b->doc->file, 0, 0, "out of memory");
		if (b->parser.error == YAML_READER_ERROR) {
			/* The reader reports a byte offset, not a mark. */
			size_t off = b->parser.problem_offset, i, bol = 0, k;
			int line = 1;

			/* A bad trailing byte: point at the character it was meant to end. */
			for (k = 1; k <= 3 && k <= off && off < b->doc->srclen &&
			     ((unsigned char)b->doc->src[off] & 0xC0) != 0xC0; k++)
				if (((unsigned char)b->doc->src[off - k] & 0xC0) == 0xC0) {
					off -= k;
					break;
				}

			for (i = 0; i < off && i < b->doc->srclen; i++)
				if (b->doc->src[i] == '\n') {
					line++;
					bol = i + 1;
				}
			return diag_add(b->d, SEV_ERROR, b->doc->file, line,
					(int)utf8_chars(b->doc->src + bol, i - bol) + 1,
					"the file is not valid UTF-8 (%s); save it as UTF-8", problem);
		}
		if (b->parser.context)
			return diag_add(b->d, SEV_ERROR, b->doc->file, (int)m->line + 1,
					(int)m->column + 1, "YAML syntax: %s %s", problem,
					b->parser.context);
		return diag_add(b->d, SEV_ERROR, b->doc->file, (int)m->line + 1,
				(int)m->column + 1, "YAML syntax: %s", problem);
	}
	return 0;
}

static struct ynode *new_node(struct builder *b, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = arena_alloc(&b->doc->arena, sizeof(*n));

	if (!n) {
		diag_add(b->d, SEV_ERROR, b->doc->file, 0, 0, "out of memory");
		return NULL;
	}
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	return n;
}

static int build_node(struct builder *b, yaml_event_t *ev, struct ynode **out);

/* Build the children of a collection until its end event. */
static int build_collection(struct builder *b, struct ynode *n, yaml_event_type_t end)
{
	for (;;) {
		yaml_event_t ev;
		struct ynode *key = NULL, *val = NULL;

		if (next_event(b, &ev) < 0)
			return -1;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (n->kind == YNODE_MAP) {
			size_t i;

			if (ev.type != YAML_SCALAR_EVENT && ev.type != YAML_ALIAS_EVENT) {
				yerror(b, &ev.start_mark, "%s", "a key must be a plain string");
				yaml_event_delete(&ev);
				return -1;
			}
			if (build_node(b, &ev, &key) < 0)
				return -1;
			for (i = 0; i < n->n; i++) {
				if (!strcmp(n->keys[i]->str, key->str)) {
					struct strbuf sb = STRBUF_INIT;

					strbuf_addf(&sb, "duplicate key '%s' (first at line %d)",
						    key->str, n->keys[i]->line);
					diag_add(b->d, SEV_ERROR, b->doc->file, key->line, key->col,
						 "%s", sb.buf);
					strbuf_release(&sb);
					return -1;
				}
			}
			if (next_event(b, &ev) < 0)
				return -1;
		}
		if (build_node(b, &ev, &val) < 0)
			return -1;
		if (push(b->doc, n, key, val) < 0)
			return diag_add(b->d, SEV_ERROR, b->doc->file, 0, 0, "out of memory");
	}
}

/* Build the node that starts with event ev (consumed). */
static int build_node(struct builder *b, yaml_event_t *ev, struct ynode **out)
{
	struct ynode *n;
	int rc = 0;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = new_node(b, YNODE_SCALAR, &ev->start_mark);
		if (!n)
			break;
		n->str = arena_strndup(&b->doc->arena, (const char *)ev->data.scalar.value,
				       ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = YSTYLE_SINGLE; break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = YSTYLE_DOUBLE; break;
		case YAML_LITERAL_SCALAR_STYLE: n->style = YSTYLE_LITERAL; break;
		case YAML_FOLDED_SCALAR_STYLE: n->style = YSTYLE_FOLDED; break;
		default: n->style = YSTYLE_PLAIN; break;
		}
		if (!n->str) {
			diag_add(b->d, SEV_ERROR, b->doc->file, 0, 0, "out of memory");
			n = NULL;
		} else if (memchr(n->str, '\0', n->len)) {
			yerror(b, &ev->start_mark, "%s", "a value contains a NUL character");
			n = NULL;
		}
		*out = n;
		yaml_event_delete(ev);
		return n ? 0 : -1;
	case YAML_ALIAS_EVENT:
		yerror(b, &ev->start_mark, "YAML aliases (*%s) are not supported in definitions",
		       (const char *)ev->data.alias.anchor);
		yaml_event_delete(ev);
		return -1;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int is_map = ev->type == YAML_MAPPING_START_EVENT;

		if (b->depth >= YDOC_MAX_DEPTH) {
			yerror(b, &ev->start_mark, "%s", "definition nested too deeply");
			yaml_event_delete(ev);
			return -1;
		}
		n = new_node(b, is_map ? YNODE_MAP : YNODE_SEQ, &ev->start_mark);
		yaml_event_delete(ev);
		if (!n)
			return -1;
		b->depth++;
		rc = build_collection(b, n, is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT);
		b->depth--;
		*out = n;
		return rc;
	}
	default:
		yerror(b, &ev->start_mark, "%s", "unexpected YAML structure");
		yaml_event_delete(ev);
		return -1;
	}
	yaml_event_delete(ev);
	return -1;
}

int ydoc_parse(struct ydoc *doc, const char *file, const char *src, size_t len,
	       struct diags *d)
{
	struct builder b;
	yaml_event_t ev;
	int rc = -1, ndocs = 0;

	memset(doc, 0, sizeof(*doc));
	doc->file = file;
	doc->src = src;
	doc->srclen = len;
	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.d = d;
	if (!yaml_parser_initialize(&b.parser))
		return diag_add(d, SEV_ERROR, file, 0, 0, "out of memory");
	yaml_parser_set_input_string(&b.parser, (const unsigned char *)src, len);
	yaml_parser_set_encoding(&b.parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (next_event(&b, &ev) < 0)
			goto out;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (++ndocs > 1) {
				yerror(&b, &ev.start_mark, "%s",
				       "more than one YAML document in the file");
				yaml_event_delete(&ev);
				goto out;
			}
		} else if (ev.type != YAML_STREAM_START_EVENT &&
			   ev.type != YAML_DOCUMENT_END_EVENT) {
			if (build_node(&b, &ev, &doc->root) < 0)
				goto out;
			continue;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
out:
	yaml_parser_delete(&b.parser);
	if (rc < 0) {
		ydoc_release(doc);
		doc->file = file;
	}
	return rc;
}

void ydoc_release(struct ydoc *doc)
{
	arena_release(&doc->arena);
	memset(doc, 0, sizeof(*doc));
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i]->str, key))
			return map->items[i];
	return NULL;
}

const char *ynode_kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_MAP: return "a mapping";
	case YNODE_SEQ: return "a list";
	default: return "a string";
	}
}

/* Byte offset of (line, col) in the source, or srclen when beyond it. */
static size_t src_offset(const struct ydoc *doc, int line, int col)
{
	size_t i = 0;
	int l = 1, c = 1;

	while (i < doc->srclen && l < line)
		if (doc->src[i++] == '\n')
			l++;
	while (i < doc->srclen && c < col && doc->src[i] != '\n') {
		i++;
		while (i < doc->srclen && ((unsigned char)doc->src[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

void ydoc_scalar_pos(const struct ydoc *doc, const struct ynode *n, int offset,
		     int *line, int *col)
{
	size_t i = src_offset(doc, n->line, n->col);
	int l = n->line, c = n->col, k = 0;

	*line = n->line;
	*col = n->col;
	if (!doc->src || i >= doc->srclen)
		return;
	if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED) {
		/* Content starts on the next line, after its indentation. */
		while (i < doc->srclen && doc->src[i] != '\n')
			i++;
		if (i >= doc->srclen)
			return;
		i++;
		l++;
		c = 1;
		while (i < doc->srclen && doc->src[i] == ' ') {
			i++;
			c++;
		}
	} else if (n->style == YSTYLE_SINGLE || n->style == YSTYLE_DOUBLE) {
		i++;
		c++;
	}
	while (k < offset && i < doc->srclen && doc->src[i] != '\n') {
		if (n->style == YSTYLE_SINGLE && doc->src[i] == '\'' && i + 1 < doc->srclen &&
		    doc->src[i + 1] == '\'') {
			i++;
			c++;
		} else if (n->style == YSTYLE_DOUBLE && doc->src[i] == '\\' && i + 1 < doc->srclen) {
			char e = doc->src[i + 1];
			int extra = e == 'x' ? 3 : e == 'u' ? 5 : e == 'U' ? 9 : 1;

			i += (size_t)extra;
			c += extra;
		}
		i++;
		while (i < doc->srclen && ((unsigned char)doc->src[i] & 0xC0) == 0x80)
			i++;
		c++;
		k++;
	}
	if (k == offset) {
		*line = l;
		*col = c;
	}
}

int ydoc_check_text(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		    const char *key)
{
	size_t at;
	long cp;
	int line, col;

	if (n->kind != YNODE_SCALAR || (cp = utf8_control(n->str, n->len, &at)) < 0)
		return 0;
	ydoc_scalar_pos(doc, n, (int)at, &line, &col);
	diag_add(d, SEV_ERROR, doc->file, line, col,
		 "'%s' contains control character U+%04lX: remove it (tabs and line breaks are the only ones a text may hold)",
		 key, (unsigned long)cp);
	return -1;
}

int ydoc_error(struct diags *d, const char *file, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, SEV_ERROR, file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
	return -1;
}

void ydoc_warning(struct diags *d, const char *file, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, SEV_WARNING, file, n ? n->line : 0, n ? n->col : 0, fmt, ap);
	va_end(ap);
}

int ydoc_expect(const struct ydoc *doc, struct diags *d, const struct ynode *n,
		enum ynode_kind kind, const char *what)
{
	static const char *const names[] = { "a string", "a mapping", "a list" };

	if (n->kind == kind)
		return 0;
	return diag_add(d, SEV_ERROR, doc->file, n->line, n->col, "'%s' must be %s, not %s",
			what, names[kind], ynode_kind_name(n));
}

int ydoc_check_keys(const struct ydoc *doc, struct diags *d, const struct ynode *map,
		    const char *const *allowed, const char *where)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < map->n; i++) {
		const struct ynode *key = map->keys[i];
		const char *hint;

		for (j = 0; allowed[j]; j++)
			if (!strcmp(key->str, allowed[j]))
				break;
		if (allowed[j])
			continue;
		hint = did_you_mean(key->str, allowed);
		if (hint)
			rc = diag_add(d, SEV_ERROR, doc->file, key->line, key->col,
				      "unknown key '%s' in %s; did you mean '%s'?", key->str, _(where), hint);
		else
			rc = diag_add(d, SEV_ERROR, doc->file, key->line, key->col,
				      "unknown key '%s' in %s", key->str, _(where));
	}
	return rc;
}

int ydoc_bool(const struct ydoc *doc, struct diags *d, const struct ynode *n,
	      const char *key, int *out)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "YES", NULL };
	static const char *const no[] = { "false", "False", "FALSE", "no", "No", "NO", NULL };
	size_t i;

	if (ydoc_expect(doc, d, n, YNODE_SCALAR, key) < 0)
		return -1;
	for (i = 0; yes[i]; i++)
		if (!strcmp(n->str, yes[i]))
			return *out = 1, 0;
	for (i = 0; no[i]; i++)
		if (!strcmp(n->str, no[i]))
			return *out = 0, 0;
	return diag_add(d, SEV_ERROR, doc->file, n->line, n->col,
			"'%s' must be true or false, not '%s'", key, n->str);
}

int ydoc_number(const char *s, double *out)
{
	const char *p;
	char *end;
	double v;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	/* Refuse hexadecimal, infinities and NaN, which strtod would take. */
	for (p = s; *p; p++)
		if (!strchr("0123456789+-.eE", *p))
			return -1;
	errno = 0;
	v = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int ydoc_int64(const char *s, int64_t *out)
{
	const char *p = s;
	char *end;
	long long v;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}
