/*
 * xlsform: an XLSForm workbook into a YAML definition (see xlsform.h).
 *
 * The conversion reads the header rows of the survey, choices and settings
 * sheets (keys in any case, pyxform's aliases such as "list name" and
 * "jr:constraintMsg", language columns "label::Français (fr)",
 * "label::English", "label:en"), walks the survey rows into a tree of
 * groups and questions, and emits YAML one key per line.  While emitting
 * it remembers, for each YAML line, which cells its values came from; the
 * definition is then loaded with survey_load() and each of its
 * diagnostics is moved from its YAML line and column to that cell.  So the
 * analyst sees every problem, XLSForm's and the definition's, at a place
 * of the workbook, and the checks stay those of survey.c.
 */
#include "survey/xlsform.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "survey/survey.h"
#include "survey/xlsx.h"
#include "util/arena.h"
#include "util/array.h"
#include "util/i18n.h"

/* SH_UTILIS: what utilis writes beyond XLSForm (see report/xlsform_write.c) */
enum { SH_SURVEY, SH_CHOICES, SH_SETTINGS, SH_UTILIS, NSHEETS };

/* Where a YAML value came from: a cell, or nowhere (sheet -1). */
struct origin {
	int sheet;			/* SH_*, or -1 */
	unsigned row, col;		/* 1-based */
};

/* A value on a YAML line: its first column there and its cell. */
struct seg {
	int ycol;			/* 1-based column in characters */
	struct origin o;		/* its cell */
};

struct yline {
	struct seg *segs;		/* in column order */
	size_t n, alloc;		/* used / allocated */
};

/* A column of a sheet's header row. */
struct hcol {
	unsigned col;			/* 1-based column */
	const char *header;		/* as written */
	char key[64];			/* normalised key ("label", "list_name"...) */
	int lang;			/* language index for texts, -1 otherwise */
	int known;			/* a key utilis reads on this sheet */
};

/* A row of the survey sheet, classified. */
struct item {
	const struct xlsx_row *row;	/* its row, NULL for a generated question */
	int group;			/* begins a group */
	int depth;			/* nesting: 0 at top level */
	const char *type;		/* YAML type ("select_one colors", "group") */
	const char *other_of;		/* generated "specify other" question: the select's name */
	unsigned other_row;		/* and its row */
};

struct conv {
	const char *path;		/* the workbook, for messages */
	const struct xlsform_options *opt; /* form_id, default language, dropping */
	const struct xlsx_sheet *sh[NSHEETS]; /* the sheets, or NULL */
	struct diags *d;		/* the final diagnostics */
	struct arena arena;		/* strings made here */
	char langs[SURVEY_MAX_LANGS][16]; /* language codes in order of appearance */
	size_t nlang;			/* how many */
	int deflang;			/* index of the default language */
	char defcode[16];		/* its code */
	struct hcol *cols[NSHEETS];	/* header columns per sheet */
	size_t ncols[NSHEETS];		/* how many */
	unsigned head_row[NSHEETS];	/* row of each header */
	const struct xlsx_row *settings; /* the settings' values, or NULL */
	const struct xlsx_row *uform;	/* the form's row of sheet utilis, or NULL */
	struct item *items;		/* survey rows, in order */
	size_t nitems, aitems;		/* used / allocated */
	struct dropped { const char *name; unsigned row; } *dropped; /* left out, with their rows */
	size_t ndropped;		/* how many */
	const char **other_lists;	/* lists that get a choice 'other' */
	size_t nother;			/* how many */
	/* the YAML being written */
	struct strbuf *out;		/* the text */
	int ycol;			/* characters on the current line so far */
	struct yline *lines;		/* lines[i] is line i + 1 */
	size_t nlines, alines;		/* used / allocated */
	int oom;			/* memory ran out */
	int probe;			/* a trial emission: nothing is reported */
};

/* --- languages ------------------------------------------------------- */

static const struct {
	const char *code;		/* ISO 639-1 */
	const char *name;		/* the language's own name */
	const char *english;		/* its English name */
	const char *french;		/* its French name, without accents */
} languages[] = {
	{ "fr", "Français", "french", "francais" },
	{ "en", "English", "english", "anglais" },
	{ "de", "Deutsch", "german", "allemand" },
	{ "es", "Español", "spanish", "espagnol" },
	{ "it", "Italiano", "italian", "italien" },
	{ "pt", "Português", "portuguese", "portugais" },
	{ "nl", "Nederlands", "dutch", "neerlandais" },
	{ "ar", "العربية", "arabic", "arabe" },
	{ "zh", "中文", "chinese", "chinois" },
	{ "ru", "Русский", "russian", "russe" },
	{ "tr", "Türkçe", "turkish", "turc" },
	{ "pl", "Polski", "polish", "polonais" },
	{ "ro", "Română", "romanian", "roumain" },
	{ "sw", "Kiswahili", "swahili", "swahili" },
	{ "br", "Brezhoneg", "breton", "breton" },
	{ "eu", "Euskara", "basque", "basque" },
	{ "ca", "Català", "catalan", "catalan" },
	{ "oc", "Occitan", "occitan", "occitan" },
	{ "uk", "Українська", "ukrainian", "ukrainien" },
	{ "fa", "فارسی", "persian", "persan" },
	/* languages of the forms of humanitarian and development surveys */
	{ "am", "አማርኛ", "amharic", "amharique" },
	{ "ti", "ትግርኛ", "tigrinya", "tigrigna" },
	{ "tet", "Tetun", "tetun", "tetoum" },
	{ "so", "Soomaali", "somali", "somali" },
	{ "om", "Afaan Oromoo", "oromo", "oromo" },
	{ "ha", "Hausa", "hausa", "haoussa" },
	{ "yo", "Yorùbá", "yoruba", "yoruba" },
	{ "ig", "Igbo", "igbo", "igbo" },
	{ "ff", "Fulfulde", "fula", "peul" },
	{ "wo", "Wolof", "wolof", "wolof" },
	{ "bm", "Bamanankan", "bambara", "bambara" },
	{ "ln", "Lingála", "lingala", "lingala" },
	{ "rw", "Kinyarwanda", "kinyarwanda", "kinyarwanda" },
	{ "rn", "Ikirundi", "kirundi", "kirundi" },
	{ "mg", "Malagasy", "malagasy", "malgache" },
	{ "ht", "Kreyòl ayisyen", "haitian creole", "creole haitien" },
	{ "sg", "Sängö", "sango", "sango" },
	{ "ny", "Chichewa", "chichewa", "chichewa" },
	{ "sn", "chiShona", "shona", "shona" },
	{ "zu", "isiZulu", "zulu", "zoulou" },
	{ "xh", "isiXhosa", "xhosa", "xhosa" },
	{ "af", "Afrikaans", "afrikaans", "afrikaans" },
	{ "hi", "हिन्दी", "hindi", "hindi" },
	{ "bn", "বাংলা", "bengali", "bengali" },
	{ "ur", "اردو", "urdu", "ourdou" },
	{ "ne", "नेपाली", "nepali", "nepalais" },
	{ "ps", "پښتو", "pashto", "pachto" },
	{ "prs", "دری", "dari", "dari" },
	{ "ku", "Kurdî", "kurdish", "kurde" },
	{ "my", "မြန်မာ", "burmese", "birman" },
	{ "km", "ខ្មែរ", "khmer", "khmer" },
	{ "lo", "ລາວ", "lao", "lao" },
	{ "th", "ไทย", "thai", "thai" },
	{ "vi", "Tiếng Việt", "vietnamese", "vietnamien" },
	{ "id", "Bahasa Indonesia", "indonesian", "indonesien" },
	{ "ms", "Bahasa Melayu", "malay", "malais" },
	{ "tl", "Tagalog", "tagalog", "tagalog" },
	{ "ja", "日本語", "japanese", "japonais" },
	{ "ko", "한국어", "korean", "coreen" },
	{ "el", "Ελληνικά", "greek", "grec" },
	{ "he", "עברית", "hebrew", "hebreu" },
	{ "hy", "Հայերեն", "armenian", "armenien" },
	{ "ka", "ქართული", "georgian", "georgien" },
	{ "sq", "Shqip", "albanian", "albanais" },
	{ "sr", "Српски", "serbian", "serbe" },
	{ "hr", "Hrvatski", "croatian", "croate" },
	{ "bs", "Bosanski", "bosnian", "bosniaque" },
	{ "bg", "Български", "bulgarian", "bulgare" },
	{ "cs", "Čeština", "czech", "tcheque" },
	{ "hu", "Magyar", "hungarian", "hongrois" },
	{ "sv", "Svenska", "swedish", "suedois" },
	{ "da", "Dansk", "danish", "danois" },
	{ "no", "Norsk", "norwegian", "norvegien" },
	{ "fi", "Suomi", "finnish", "finnois" },
	{ "ta", "தமிழ்", "tamil", "tamoul" },
	{ "uz", "Oʻzbek", "uzbek", "ouzbek" },
	{ "tg", "Тоҷикӣ", "tajik", "tadjik" },
	{ "ber", "Tamaziɣt", "tamazight", "tamazight" },
};
#define NLANGUAGES (sizeof(languages) / sizeof(languages[0]))

const char *xlsform_language_name(const char *code)
{
	for (size_t i = 0; i < NLANGUAGES; i++)
		if (!strcmp(languages[i].code, code))
			return languages[i].name;
	return NULL;
}

/* s without accents on e and c (for "Français"), lowercased, into out. */
static void fold(const char *s, char *out, size_t size)
{
	size_t n = 0;

	while (*s && n + 1 < size) {
		if (!strncmp(s, "ç", 2) || !strncmp(s, "Ç", 2)) {
			out[n++] = 'c';
			s += 2;
		} else if (!strncmp(s, "é", 2) || !strncmp(s, "è", 2) || !strncmp(s, "É", 2)) {
			out[n++] = 'e';
			s += 2;
		} else {
			out[n++] = (char)tolower((unsigned char)*s++);
		}
	}
	out[n] = '\0';
}

int xlsform_language_code(const char *suffix, char code[16])
{
	char name[64];
	const char *open = strrchr(suffix, '(');
	size_t n, i;

	while (isspace((unsigned char)*suffix))
		suffix++;
	if (open && strchr(open, ')')) {
		/* "Name (code)" */
		const char *p = open + 1;

		n = strcspn(p, ")");
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		while (n && isspace((unsigned char)*p))
			p++, n--;
		if (n < 2 || n > 15)
			return -1;
		for (i = 0; i < n; i++) {
			if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '_')
				return -1;
			code[i] = (char)tolower((unsigned char)p[i]);
		}
		code[n] = '\0';
		return 0;
	}
	fold(suffix, name, sizeof(name));
	n = strlen(name);
	while (n && isspace((unsigned char)name[n - 1]))
		name[--n] = '\0';
	for (i = 0; i < NLANGUAGES; i++)
		if (!strcmp(name, languages[i].english) || !strcmp(name, languages[i].french) ||
		    !strcasecmp(suffix, languages[i].name) || !strcmp(name, languages[i].code)) {
			strcpy(code, languages[i].code);
			return 0;
		}
	/* a bare code such as "en" or "EN" */
	if (n >= 2 && n <= 3) {
		for (i = 0; i < n; i++)
			if (!isalpha((unsigned char)name[i]))
				return -1;
		strcpy(code, name);
		return 0;
	}
	return -1;
}

/* --- diagnostics ------------------------------------------------------- */

static const char *const sheet_names[] = { "survey", "choices", "settings", "utilis" };

__attribute__((format(printf, 6, 0)))
static void vreport(struct conv *c, enum severity sev, int sheet, unsigned row, unsigned col,
		    const char *fmt, va_list ap)
{
	char file[4200];

	if (c->probe)
		return;
	if (sheet >= 0 && c->sh[sheet])
		snprintf(file, sizeof(file), "%s:%s", c->path, c->sh[sheet]->name);
	else
		snprintf(file, sizeof(file), "%s", c->path);
	diag_vadd(c->d, sev, file, (int)row, (int)col, fmt, ap);
}

__attribute__((format(printf, 5, 6)))
static void xerror(struct conv *c, int sheet, unsigned row, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, SEV_ERROR, sheet, row, col, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 5, 6)))
static void xwarn(struct conv *c, int sheet, unsigned row, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, SEV_WARNING, sheet, row, col, fmt, ap);
	va_end(ap);
}

/* An unsupported feature: an error, or a warning when dropping was asked for. */
__attribute__((format(printf, 5, 6)))
static void xunsupported(struct conv *c, int sheet, unsigned row, unsigned col,
			 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, c->opt->drop_unsupported ? SEV_WARNING : SEV_ERROR, sheet, row, col, fmt, ap);
	va_end(ap);
}

/* --- headers -------------------------------------------------------------- */

static const char *const survey_keys[] = {
	"type", "name", "label", "hint", "required", "required_message", "relevant",
	"constraint", "constraint_message", "calculation", "default", "appearance",
	"choice_filter", "parameters", "dimension", "reverse", "weight", "read_only",
	"repeat_count", NULL,
};
static const char *const text_keys[] = {
	"label", "hint", "required_message", "constraint_message", "form_title", NULL,
};
static const char *const settings_keys[] = {
	"form_id", "form_title", "version", "default_language", "anonymous", "public", "panel",
	NULL,
};
static const char *const utilis_keys[] = {
	"name", "dimension", "reverse", "weight", "max_count", "anonymous", "public", "panel",
	"form_title",
	NULL,
};

/* Columns of XLSForm that utilis does not read, and why. */
static const struct { const char *key, *why; } not_read[] = {
	{ "image", "utilis shows no media" },
	{ "audio", "utilis shows no media" },
	{ "video", "utilis shows no media" },
	{ "big-image", "utilis shows no media" },
	{ "media", "utilis shows no media" },
	{ "guidance_hint", "utilis has no guidance hints" },
	{ "trigger", "utilis has no triggers" },
	{ "autoplay", "utilis shows no media" },
	{ "body", "utilis writes no XForm" },
	{ "bind", "utilis writes no XForm" },
	{ "instance", "utilis writes no XForm" },
	{ "save_to", "utilis has no entities" },
};

static const struct { const char *alias, *key; } aliases[] = {
	{ "list_name", "list_name" },
	{ "listname", "list_name" },
	{ "jr:constraintmsg", "constraint_message" },
	{ "constraintmsg", "constraint_message" },
	{ "jr:requiredmsg", "required_message" },
	{ "requiredmsg", "required_message" },
	{ "choice_filter", "choice_filter" },
	{ "id_string", "form_id" },
	{ "calculate", "calculation" },
	{ "readonly", "read_only" },
	{ "jr:constraint_message", "constraint_message" },
	{ "jr:required_message", "required_message" },
};

/* 1 when s is one of the NULL-terminated list. */
static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Index of language code in c->langs, added when new; -1 when there are too many. */
static int lang_index(struct conv *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nlang; i++)
		if (!strcmp(c->langs[i], code))
			return (int)i;
	if (c->nlang == SURVEY_MAX_LANGS)
		return -1;
	snprintf(c->langs[c->nlang], sizeof(c->langs[0]), "%s", code);
	return (int)c->nlang++;
}

/*
 * Split a header into its key (lowercase, '_' for spaces, aliases
 * resolved) and its language suffix (NULL when none): "label::English (en)",
 * "label:English", "jr:constraintMsg", "media::image::French (fr)".
 */
static void split_header(const char *text, char key[64], const char **suffix)
{
	char low[64];
	const char *sep;
	size_t n, i;

	/* bind:relevant, bind::jr:constraintMsg: the older names of relevant... */
	while (isspace((unsigned char)*text))
		text++;
	if (!strncasecmp(text, "bind:", 5)) {
		const char *rest = text + 5 + (text[5] == ':');

		if (!strncasecmp(rest, "relevant", 8) || !strncasecmp(rest, "constraint", 10) ||
		    !strncasecmp(rest, "required", 8) || !strncasecmp(rest, "calculate", 9) ||
		    !strncasecmp(rest, "jr:", 3) || !strncasecmp(rest, "readonly", 8))
			text = rest;
	}
	sep = strstr(text, "::");
	*suffix = NULL;
	if (!sep && strncasecmp(text, "jr:", 3) && (sep = strchr(text, ':')) != NULL)
		*suffix = sep + 1;
	else if (sep)
		*suffix = sep + 2;
	n = sep ? (size_t)(sep - text) : strlen(text);
	while (n && isspace((unsigned char)*text))
		text++, n--;
	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	if (n >= sizeof(low))
		n = sizeof(low) - 1;
	for (i = 0; i < n; i++)
		low[i] = text[i] == ' ' ? '_' : (char)tolower((unsigned char)text[i]);
	low[n] = '\0';
	snprintf(key, 64, "%s", low);
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(low, aliases[i].alias))
			snprintf(key, 64, "%s", aliases[i].key);
	/* media::image::French: the medium is part of the key */
	if (!strcmp(key, "media") && *suffix) {
		const char *inner = strstr(*suffix, "::");

		*suffix = inner ? inner + 2 : NULL;
	}
}

/* The first row of a sheet holding cells: its header. */
static const struct xlsx_row *header_row(const struct xlsx_sheet *sh)
{
	return sh && sh->nrows ? &sh->rows[0] : NULL;
}

/* Read the header of sheet s into c->cols[s]; languages are added in column order. */
static int read_header(struct conv *c, int s)
{
	const struct xlsx_row *h = header_row(c->sh[s]);
	size_t i;
	int rc = 0;

	if (!h)
		return 0;
	c->head_row[s] = h->row;
	c->cols[s] = arena_alloc(&c->arena, (h->n ? h->n : 1) * sizeof(struct hcol));
	if (!c->cols[s])
		return c->oom = 1, -1;
	for (i = 0; i < h->n; i++) {
		struct hcol *hc = &c->cols[s][c->ncols[s]++];
		const char *suffix;

		hc->col = h->cells[i].col;
		hc->header = h->cells[i].text;
		hc->lang = -1;
		split_header(hc->header, hc->key, &suffix);
		if (s == SH_SURVEY)
			hc->known = in_list(hc->key, survey_keys);
		else if (s == SH_CHOICES)
			hc->known = !strcmp(hc->key, "list_name") || !strcmp(hc->key, "name") ||
				    !strcmp(hc->key, "label");
		else if (s == SH_UTILIS)
			hc->known = in_list(hc->key, utilis_keys);
		else
			hc->known = in_list(hc->key, settings_keys);
		if (!hc->known || !in_list(hc->key, text_keys)) {
			if (suffix && hc->known) {
				xerror(c, s, h->row, hc->col, "column '%s': '%s' has no languages",
				       hc->header, hc->key);
				rc = -1;
			}
			continue;
		}
		if (suffix) {
			char code[16];

			if (xlsform_language_code(suffix, code) < 0) {
				xerror(c, s, h->row, hc->col, "cannot tell the language of column '%s': "
				       "add its ISO 639 code, as in '%s::%s (xx)' or '%s::Français (fr)'",
				       hc->header, hc->key, suffix, hc->key);
				rc = -1;
				continue;
			}
			hc->lang = lang_index(c, code);
		} else {
			hc->lang = lang_index(c, c->defcode);
		}
		if (hc->lang < 0) {
			xerror(c, s, h->row, hc->col, "column '%s': more than %d languages", hc->header,
			       SURVEY_MAX_LANGS);
			rc = -1;
		}
	}
	return rc;
}

/* The header column of sheet s with key (and language lang, -2 for any), or NULL. */
static const struct hcol *find_col(const struct conv *c, int s, const char *key, int lang)
{
	size_t i;

	for (i = 0; i < c->ncols[s]; i++)
		if (!strcmp(c->cols[s][i].key, key) && (lang == -2 || c->cols[s][i].lang == lang))
			return &c->cols[s][i];
	return NULL;
}

/* The text of key in a row of sheet s (language lang, -2 for the first), or NULL. */
static const char *get(const struct conv *c, int s, const struct xlsx_row *row, const char *key,
		       int lang, unsigned *col)
{
	size_t i;

	for (i = 0; i < c->ncols[s]; i++) {
		const struct hcol *hc = &c->cols[s][i];
		const char *t;

		if (strcmp(hc->key, key) || (lang != -2 && hc->lang != lang))
			continue;
		t = xlsx_cell(row, hc->col);
		if (t) {
			if (col)
				*col = hc->col;
			return t;
		}
	}
	return NULL;
}

/* Warn once for each column of sheet s that is not read but holds data. */
static void warn_unread_columns(struct conv *c, int s)
{
	size_t i, k;

	for (i = 0; i < c->ncols[s]; i++) {
		const struct hcol *hc = &c->cols[s][i];
		const char *why = NULL;
		int data = 0;

		if (hc->known || (s == SH_CHOICES))
			continue;
		for (k = 1; k < c->sh[s]->nrows && !data; k++)
			data = xlsx_cell(&c->sh[s]->rows[k], hc->col) != NULL;
		if (!data)
			continue;
		for (k = 0; k < sizeof(not_read) / sizeof(not_read[0]); k++)
			if (!strcmp(hc->key, not_read[k].key))
				why = not_read[k].why;
		if (s == SH_SETTINGS)
			xwarn(c, s, c->head_row[s], hc->col, "setting '%s' is not used by utilis", hc->header);
		else if (why)
			xwarn(c, s, c->head_row[s], hc->col, "column '%s' is not read: %s", hc->header, why);
		else
			xwarn(c, s, c->head_row[s], hc->col, "column '%s' is not read by utilis", hc->header);
	}
}

/*
 * Names with blanks around them (" age", "yn "), which pyxform trims: trim
 * them too, with a warning, in column key of sheet s.  The cells' texts are
 * replaced by trimmed copies, so that every later look-up sees the name.
 */
static void trim_names(struct conv *c, int s, const char *key)
{
	const struct hcol *hc = find_col(c, s, key, -2);
	size_t r, i;

	if (!hc || !c->sh[s])
		return;
	for (r = 1; r < c->sh[s]->nrows; r++) {
		const struct xlsx_row *row = &c->sh[s]->rows[r];

		for (i = 0; i < row->n; i++) {
			struct xlsx_cell *cell = &row->cells[i];
			const char *t = cell->text;
			size_t n = strlen(t), lead = strspn(t, " \t\r\n");
			char *copy;

			if (cell->col != hc->col)
				continue;
			while (n > lead && isspace((unsigned char)t[n - 1]))
				n--;
			if (lead == 0 && n == strlen(t))
				continue;
			copy = arena_alloc(&c->arena, n - lead + 1);
			if (!copy) {
				c->oom = 1;
				return;
			}
			memcpy(copy, t + lead, n - lead);
			copy[n - lead] = '\0';
			xwarn(c, s, row->row, cell->col, "%s '%s' has blanks around it: it is read as '%s', "
			      "as KoboToolbox and ODK do", key, t, copy);
			cell->text = copy;
		}
	}
}

/* --- the YAML emitter ---------------------------------------------------- */

static struct yline *cur_line(struct conv *c)
{
	size_t need = (size_t)c->nlines + 1;

	if (c->alines < need) {
		size_t old = c->alines;

		if (ARRAY_GROW(c->lines, c->alines, need, 256) < 0) {
			c->oom = 1;
			return NULL;
		}
		memset(c->lines + old, 0, (c->alines - old) * sizeof(*c->lines));
	}
	return &c->lines[c->nlines];
}

/* Text without line breaks, counted in characters. */
static void emit(struct conv *c, const char *s)
{
	if (strbuf_addstr(c->out, s) < 0)
		c->oom = 1;
	c->ycol += (int)utf8_chars(s, strlen(s));
}

/* End the current YAML line (its segments stay with it). */
static void emit_nl(struct conv *c)
{
	if (!cur_line(c))
		return;
	if (strbuf_addch(c->out, '\n') < 0)
		c->oom = 1;
	c->nlines++;
	c->ycol = 0;
}

/* The value about to be written comes from cell (row, col) of sheet s. */
static void mark(struct conv *c, int s, unsigned row, unsigned col)
{
	struct yline *l = cur_line(c);

	if (!l)
		return;
	if (ARRAY_GROW(l->segs, l->alloc, l->n + 1, 4) < 0) {
		c->oom = 1;
		return;
	}
	l->segs[l->n].ycol = c->ycol + 1;
	l->segs[l->n].o.sheet = s;
	l->segs[l->n].o.row = row;
	l->segs[l->n].o.col = col;
	l->n++;
}

/* A double-quoted YAML scalar. */
static void emit_quoted(struct conv *c, const char *s)
{
	struct strbuf q = STRBUF_INIT;

	strbuf_addch(&q, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			strbuf_addch(&q, '\\'), strbuf_addch(&q, (char)ch);
		else if (ch == '\n')
			strbuf_addstr(&q, "\\n");
		else if (ch == '\t')
			strbuf_addstr(&q, "\\t");
		else if (ch == '\r')
			strbuf_addstr(&q, "\\r");
		else if (ch < 0x20 || ch == 0x7f)
			strbuf_addf(&q, "\\x%02x", ch);
		else
			strbuf_addch(&q, (char)ch);
	}
	strbuf_addch(&q, '"');
	emit(c, q.buf);
	strbuf_release(&q);
}

/* [A-Za-z_][A-Za-z0-9_]* and not a word YAML tools read as something else. */
static int plain_word(const char *s)
{
	static const char *const special[] = {
		"true", "false", "yes", "no", "on", "off", "null", "y", "n", NULL,
	};
	const char *p = s;

	if (!isalpha((unsigned char)*p) && *p != '_')
		return 0;
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return 0;
	for (size_t i = 0; special[i]; i++)
		if (!strcasecmp(s, special[i]))
			return 0;
	return 1;
}

/* s plain when YAML reads it as that word, else double-quoted. */
static void emit_word(struct conv *c, const char *s)
{
	if (plain_word(s))
		emit(c, s);
	else
		emit_quoted(c, s);
}

/* n spaces. */
static void indent(struct conv *c, int n)
{
	char sp[128];

	if (n > (int)sizeof(sp) - 1)
		n = (int)sizeof(sp) - 1;
	memset(sp, ' ', (size_t)n);
	sp[n] = '\0';
	emit(c, sp);
}

/*
 * The texts of key in a row (every language) as a YAML label: a plain
 * string for a survey with one language, else a mapping of the languages
 * given.  A language the row lacks is taken from row2 of sheet s2 when
 * row2 is not NULL (the title on sheets settings and utilis).  Returns 0
 * when the rows have none of them.
 */
static int emit_label2(struct conv *c, int s, const struct xlsx_row *row, int s2,
		       const struct xlsx_row *row2, const char *key)
{
	const char *text[SURVEY_MAX_LANGS];
	unsigned col[SURVEY_MAX_LANGS], rown[SURVEY_MAX_LANGS];
	int sh[SURVEY_MAX_LANGS];
	size_t i, n = 0;

	for (i = 0; i < c->nlang; i++) {
		sh[i] = s;
		rown[i] = row ? row->row : 0;
		text[i] = row ? get(c, s, row, key, (int)i, &col[i]) : NULL;
		if (!text[i] && row2) {
			sh[i] = s2;
			rown[i] = row2->row;
			text[i] = get(c, s2, row2, key, (int)i, &col[i]);
		}
		if (text[i])
			n++;
	}
	if (n == 0)
		return 0;
	if (c->nlang > 1 && !text[c->deflang]) {
		/* pyxform takes it; the definition needs the default language */
		for (i = 0; !text[i]; i++)
			;
		if (!c->probe)
			xwarn(c, sh[i], rown[i], col[i], "'%s' has no text in the default language "
			      "'%s': its '%s' text is shown there", key, c->langs[c->deflang],
			      c->langs[i]);
		text[c->deflang] = text[i];
		sh[c->deflang] = sh[i];
		rown[c->deflang] = rown[i];
		col[c->deflang] = col[i];
	}
	if (c->nlang == 1) {
		mark(c, sh[0], rown[0], col[0]);
		emit_quoted(c, text[0]);
		return 1;
	}
	emit(c, "{");
	for (i = 0, n = 0; i < c->nlang; i++) {
		if (!text[i])
			continue;
		if (n++)
			emit(c, ", ");
		mark(c, sh[i], rown[i], col[i]);
		emit(c, c->langs[i]);
		emit(c, ": ");
		emit_quoted(c, text[i]);
	}
	emit(c, "}");
	return 1;
}

static int emit_label(struct conv *c, int s, const struct xlsx_row *row, const char *key)
{
	return emit_label2(c, s, row, -1, NULL, key);
}

/* The row of question name on sheet utilis, or NULL. */
static const struct xlsx_row *utilis_row(const struct conv *c, const char *name)
{
	const struct xlsx_sheet *sh = c->sh[SH_UTILIS];
	size_t r;

	if (!sh || !name)
		return NULL;
	for (r = 1; r < sh->nrows; r++) {
		const char *n = get(c, SH_UTILIS, &sh->rows[r], "name", -2, NULL);

		if (n && !strcmp(n, name))
			return &sh->rows[r];
	}
	return NULL;
}

/* A setting: from the settings sheet, else the form's row of sheet utilis; NULL when none. */
static const char *get_setting(const struct conv *c, const char *key, int *sheet, unsigned *row,
			       unsigned *col)
{
	const char *v = NULL;

	if (c->settings && (v = get(c, SH_SETTINGS, c->settings, key, -2, col)) != NULL) {
		*sheet = SH_SETTINGS;
		*row = c->settings->row;
	} else if (c->uform && (v = get(c, SH_UTILIS, c->uform, key, -2, col)) != NULL) {
		*sheet = SH_UTILIS;
		*row = c->uform->row;
	}
	return v;
}

/* Same for a generated text in every language (English and French wording). */
static void emit_generated_label(struct conv *c, const char *en, const char *fr)
{
	size_t i;

	if (c->nlang == 1) {
		emit_quoted(c, !strcmp(c->langs[0], "fr") ? fr : en);
		return;
	}
	emit(c, "{");
	for (i = 0; i < c->nlang; i++) {
		if (i)
			emit(c, ", ");
		emit(c, c->langs[i]);
		emit(c, ": ");
		emit_quoted(c, !strcmp(c->langs[i], "fr") ? fr : en);
	}
	emit(c, "}");
}

/* --- types ------------------------------------------------------------- */

enum tkind {
	T_QUESTION, T_BEGIN_GROUP, T_END_GROUP, T_BEGIN_REPEAT, T_END_REPEAT, T_BEGIN_LOOP,
	T_END_LOOP, T_METADATA,
	T_UNSUPPORTED, T_UNKNOWN,
};

struct rtype {
	enum tkind kind;		/* what the row is */
	char yaml[200];			/* T_QUESTION: the utilis type */
	int or_other;			/* `or_other` after the list name */
	const char *why;		/* T_UNSUPPORTED: what utilis lacks */
};

static const char *const metadata_types[] = {
	"start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
	"phonenumber", "audit", "start-geopoint", "email", "uri:deviceid", "uri:username",
	"uri:email", "uri:phonenumber", "uri:subscriberid", "uri:simserial", "imei",
	"background-audio", NULL,
};

static const char time_why[] = "utilis has dates only; use a text question";
static const struct { const char *type, *why; } unsupported_types[] = {
	{ "geopoint", "utilis has no geographic questions" },
	{ "geotrace", "utilis has no geographic questions" },
	{ "geoshape", "utilis has no geographic questions" },
	{ "osm", "utilis has no geographic questions" },
	{ "image", "utilis takes no photos or files" },
	{ "photo", "utilis takes no photos or files" },
	{ "audio", "utilis takes no photos or files" },
	{ "video", "utilis takes no photos or files" },
	{ "file", "utilis takes no photos or files" },
	{ "barcode", "utilis reads no barcodes" },
	{ "acknowledge", "use a select_one yes/no question" },
	{ "trigger", "use a select_one yes/no question" },
	{ "time", time_why },
	{ "datetime", "utilis has dates only; use a date and a text question" },
	{ "hidden", "use a calculate question" },
	{ "xml-external", "utilis has no external data" },
	{ "csv-external", "utilis has no external data" },
	{ "phone_number", "use a text question with a regex constraint" },
	{ "phone number", "use a text question with a regex constraint" },
};

/* The survey sheet's type cell, classified. */
static void parse_type(const char *cell, struct rtype *t)
{
	char low[160], *p, *list = NULL;
	size_t i, n = 0;
	int space = 0;

	memset(t, 0, sizeof(*t));
	/* lowercase the type word, collapse blanks; keep the case of what follows */
	for (p = (char *)cell; *p && n + 1 < sizeof(low); p++) {
		if (isspace((unsigned char)*p)) {
			space = n > 0;
			continue;
		}
		if (space)
			low[n++] = ' ';
		space = 0;
		low[n++] = *p;
	}
	low[n] = '\0';
	for (i = 0; low[i] && low[i] != ' '; i++)
		low[i] = (char)tolower((unsigned char)low[i]);
	/* two-word forms of the older syntax */
	static const struct { const char *from, *to; } forms[] = {
		{ "select one from ", "select_one " }, { "select one ", "select_one " },
		{ "select_one_from ", "select_one " },
		{ "select all that apply from ", "select_multiple " },
		{ "select all that apply ", "select_multiple " },
		{ "select multiple from ", "select_multiple " },
		{ "select multiple ", "select_multiple " },
		{ "begin group", "begin_group" }, { "end group", "end_group" },
		{ "begin repeat", "begin_repeat" }, { "end repeat", "end_repeat" },
		{ "begin loop", "begin_loop" }, { "end loop", "end_loop" },
	};
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t fl = strlen(forms[i].from);

		if (!strncasecmp(low, forms[i].from, fl)) {
			char tmp[160];

			snprintf(tmp, sizeof(tmp), "%s%s", forms[i].to, low + fl);
			snprintf(low, sizeof(low), "%s", tmp);
			break;
		}
	}
	/* the oldest syntax: "add text prompt" is text */
	if (!strncmp(low, "add ", 4) && n > 11 && !strcmp(low + n - 7, " prompt")) {
		char tmp[160];

		snprintf(tmp, sizeof(tmp), "%.*s", (int)(n - 11), low + 4);
		snprintf(low, sizeof(low), "%s", tmp);
	}
	if (!strcmp(low, "gps"))	/* the older name of geopoint */
		snprintf(low, sizeof(low), "geopoint");
	if (!strncmp(low, "begin_group", 11) && (!low[11] || low[11] == ' ')) {
		t->kind = T_BEGIN_GROUP;
		return;
	}
	if (!strcmp(low, "end_group")) {
		t->kind = T_END_GROUP;
		return;
	}
	if (!strncmp(low, "begin_repeat", 12)) {
		t->kind = T_BEGIN_REPEAT;
		return;
	}
	if (!strcmp(low, "end_repeat")) {
		t->kind = T_END_REPEAT;
		return;
	}
	if (!strncmp(low, "begin_loop", 10)) {
		t->kind = T_BEGIN_LOOP;
		return;
	}
	if (!strcmp(low, "end_loop")) {
		t->kind = T_END_LOOP;
		return;
	}
	if (in_list(low, metadata_types)) {
		t->kind = T_METADATA;
		return;
	}
	for (i = 0; i < sizeof(unsupported_types) / sizeof(unsupported_types[0]); i++)
		if (!strcasecmp(cell, unsupported_types[i].type) || !strcmp(low, unsupported_types[i].type) ||
		    (!strncmp(low, unsupported_types[i].type, strlen(unsupported_types[i].type)) &&
		     low[strlen(unsupported_types[i].type)] == ' ')) {
			t->kind = T_UNSUPPORTED;
			t->why = unsupported_types[i].why;
			return;
		}
	if (!strncmp(low, "select_one_from_file", 20) || !strncmp(low, "select_multiple_from_file", 25) ||
	    !strncmp(low, "select_one_external", 19)) {
		t->kind = T_UNSUPPORTED;
		t->why = "utilis has no external choice lists: put the choices in the choices sheet";
		return;
	}
	p = strchr(low, ' ');
	if (p) {
		*p = '\0';
		list = p + 1;
	}
	if (!strcmp(low, "select_one") || !strcmp(low, "select_multiple") || !strcmp(low, "rank")) {
		char *other;

		if (list && ((other = strstr(list, " or_other")) != NULL ||
			     (other = strstr(list, " or specify other")) != NULL)) {
			*other = '\0';
			t->or_other = 1;
		}
		t->kind = T_QUESTION;
		snprintf(t->yaml, sizeof(t->yaml), "%s%s%s", low, list ? " " : "", list ? list : "");
		return;
	}
	{
		static const struct { const char *xls, *yaml; } plain[] = {
			{ "integer", "integer" }, { "int", "integer" }, { "decimal", "decimal" },
			{ "text", "text" }, { "string", "text" }, { "date", "date" }, { "note", "note" },
			{ "range", "range" }, { "calculate", "calculate" },
		};

		for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
			if (!strcmp(low, plain[i].xls)) {
				t->kind = list ? T_UNKNOWN : T_QUESTION;
				snprintf(t->yaml, sizeof(t->yaml), "%s", plain[i].yaml);
				return;
			}
	}
	t->kind = T_UNKNOWN;
	snprintf(t->yaml, sizeof(t->yaml), "%s", low);
}

static const char *const known_type_words[] = {
	"select_one", "select_multiple", "rank", "integer", "decimal", "text", "date", "note",
	"range", "calculate", "begin_group", "end_group", "begin_repeat", "end_repeat", NULL,
};

/* --- the survey sheet ---------------------------------------------------- */

static int add_item(struct conv *c, const struct xlsx_row *row, int group, int depth,
		    const char *type)
{
	struct item *it;

	if (ARRAY_GROW(c->items, c->aitems, c->nitems + 1, 64) < 0)
		return c->oom = 1, -1;
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->row = row;
	it->group = group;
	it->depth = depth;
	it->type = arena_strdup(&c->arena, type);
	if (!it->type)
		return c->oom = 1, -1;
	return 0;
}

#define MAX_DEPTH 32

/* Remember a row left out (name NULL for none), for groups and references. */
static void note_dropped(struct conv *c, const char *name, unsigned row)
{
	struct dropped *v;

	if (!c->opt->drop_unsupported)
		return;
	v = arena_realloc(&c->arena, c->dropped, c->ndropped * sizeof(*v),
			  (c->ndropped + 1) * sizeof(*v));
	if (!v) {
		c->oom = 1;
		return;
	}
	v[c->ndropped].name = name;
	v[c->ndropped++].row = row;
	c->dropped = v;
}

/* The row of an item (of the select, for a generated NAME_other). */
static unsigned item_row(const struct item *it)
{
	return it->row ? it->row->row : it->other_row;
}

/*
 * Groups left without questions because theirs were left out are left out
 * too, with a warning (a group empty in the workbook stays the definition's
 * error); then, when no question is left at all, say so.
 */
static int drop_empty_groups(struct conv *c)
{
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	size_t i, j, k, n = 0, nquestions = 0;

	for (i = 0; i < c->nitems; i++) {
		const struct item *it = &c->items[i];
		unsigned end = (unsigned)-1;
		int has_question = 0, lost = 0;

		if (!it->group) {
			c->items[n++] = *it;
			nquestions++;
			continue;
		}
		for (j = i + 1; j < c->nitems && c->items[j].depth > it->depth; j++)
			has_question |= !c->items[j].group;
		if (j < c->nitems)
			end = item_row(&c->items[j]);
		for (k = 0; k < c->ndropped; k++)
			lost |= c->dropped[k].row > item_row(it) && c->dropped[k].row < end;
		if (has_question || !lost) {
			c->items[n++] = *it;
			continue;
		}
		xwarn(c, SH_SURVEY, item_row(it), tcol ? tcol->col : 0, "group '%s' is left out: all "
		      "its questions were",
		      get(c, SH_SURVEY, it->row, "name", -2, NULL) ?
		      get(c, SH_SURVEY, it->row, "name", -2, NULL) : "?");
		/* its subgroups go with it */
		for (j = i + 1; j < c->nitems && c->items[j].depth > it->depth; j++)
			;
		i = j - 1;
	}
	c->nitems = n;
	if (nquestions == 0 && tcol) {
		xerror(c, SH_SURVEY, c->head_row[SH_SURVEY], 0, "no question is left that utilis "
		       "can take%s", c->ndropped ? " once what it cannot express is left out" : "");
		return -1;
	}
	return 0;
}

/*
 * pulldata(), which reads a CSV file sent with the form (a lookup table):
 * utilis has none, so the question is refused, or left out when dropping.
 */
static int uses_pulldata(struct conv *c, const struct xlsx_row *row)
{
	size_t i;

	for (i = 0; i < c->ncols[SH_SURVEY]; i++) {
		const struct hcol *hc = &c->cols[SH_SURVEY][i];
		const char *v = xlsx_cell(row, hc->col), *p;

		if (!v || !hc->known || in_list(hc->key, text_keys) || !(p = strstr(v, "pulldata")))
			continue;
		p += strlen("pulldata");
		while (*p == ' ')
			p++;
		if (*p != '(')
			continue;
		xunsupported(c, SH_SURVEY, row->row, hc->col, "'%s': pulldata() in '%s' reads a CSV "
			     "file sent with the form, which utilis does not have%s",
			     get(c, SH_SURVEY, row, "name", -2, NULL) ?
			     get(c, SH_SURVEY, row, "name", -2, NULL) : "?", hc->header,
			     c->opt->drop_unsupported ? "; left out" :
			     "; put the values in the workbook, or give --drop-unsupported");
		return c->opt->drop_unsupported;
	}
	return 0;
}

static struct xlsx_cell *cell_at(const struct xlsx_row *row, unsigned col);

/* A time question's default as Excel stores it (0.395833 for 09:30): as HH:MM. */
static void time_default(struct conv *c, const struct xlsx_row *row)
{
	const struct hcol *dcol = find_col(c, SH_SURVEY, "default", -2);
	struct xlsx_cell *cell = dcol ? cell_at(row, dcol->col) : NULL;
	char *end, buf[16];
	double v;
	long secs;

	if (!cell)
		return;
	v = strtod(cell->text, &end);
	if (*end || end == cell->text || !(v >= 0 && v < 1))
		return;
	secs = (long)(v * 86400 + 0.5) % 86400;
	if (secs % 60)
		snprintf(buf, sizeof(buf), "%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, sizeof(buf), "%02ld:%02ld", secs / 3600, secs / 60 % 60);
	xwarn(c, SH_SURVEY, row->row, dcol->col, "default '%s' is the time %s, written so in the "
	      "text question", cell->text, buf);
	if ((end = arena_strdup(&c->arena, buf)) != NULL)
		cell->text = end;
	else
		c->oom = 1;
}

/* Walk the survey rows into c->items; report what utilis cannot express. */
static void read_rows(struct conv *c)
{
	const struct xlsx_sheet *sh = c->sh[SH_SURVEY];
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	static const char *const what[] = { "group", "repeat", "loop" };
	struct { unsigned row; int repeat; int dropped; } stack[MAX_DEPTH]; /* repeat: what[] */
	int depth = 0, dropping = 0;
	size_t r;

	if (!tcol) {
		xerror(c, SH_SURVEY, c->head_row[SH_SURVEY], 0,
		       "the survey sheet has no 'type' column in its first row");
		return;
	}
	for (r = 1; r < sh->nrows; r++) {
		const struct xlsx_row *row = &sh->rows[r];
		const char *type = xlsx_cell(row, tcol->col);
		const char *name = get(c, SH_SURVEY, row, "name", -2, NULL);
		struct rtype t;

		if (!type) {
			xwarn(c, SH_SURVEY, row->row, 0, "row has no type: it is not read");
			continue;
		}
		parse_type(type, &t);
		if (t.kind == T_UNSUPPORTED && c->opt->drop_unsupported && !dropping &&
		    !strcmp(t.why, time_why)) {
			/* kept as the text it is (14:30), rather than lost */
			xwarn(c, SH_SURVEY, row->row, tcol->col, "'%s': type '%s' becomes a text "
			      "question (utilis has dates only): its answers are kept as written",
			      name ? name : "?", type);
			t.kind = T_QUESTION;
			snprintf(t.yaml, sizeof(t.yaml), "text");
			time_default(c, row);
		}
		switch (t.kind) {
		case T_END_GROUP:
		case T_END_REPEAT:
		case T_END_LOOP: {
			int k = t.kind == T_END_GROUP ? 0 : t.kind == T_END_REPEAT ? 1 : 2;

			if (depth == 0) {
				xerror(c, SH_SURVEY, row->row, tcol->col, "'%s' without a matching begin_%s",
				       type, what[k]);
				break;
			}
			if (stack[depth - 1].repeat != k)
				xerror(c, SH_SURVEY, row->row, tcol->col, "'%s' closes the %s begun at row %u",
				       type, what[stack[depth - 1].repeat], stack[depth - 1].row);
			depth--;
			if (stack[depth].dropped)
				dropping--;
			break;
		}
		case T_BEGIN_GROUP:
		case T_BEGIN_REPEAT:
		case T_BEGIN_LOOP:
			if (depth == MAX_DEPTH) {
				xerror(c, SH_SURVEY, row->row, tcol->col, "groups nested more than %d deep",
				       MAX_DEPTH);
				break;
			}
			stack[depth].row = row->row;
			stack[depth].repeat = t.kind == T_BEGIN_GROUP ? 0 : t.kind == T_BEGIN_REPEAT ? 1 : 2;
			stack[depth].dropped = 0;
			if (t.kind == T_BEGIN_LOOP) {
				xunsupported(c, SH_SURVEY, row->row, tcol->col, "'%s': 'begin loop' (the same "
					     "questions for each choice of a list) is not supported; %s",
					     name ? name : type, c->opt->drop_unsupported ?
					     "the loop and its questions are left out" :
					     "write a repeat, or a group per choice");
				if (c->opt->drop_unsupported) {
					stack[depth].dropped = 1;
					dropping++;
				}
			}
			if (!dropping && !stack[depth].dropped)
				add_item(c, row, 1, depth,
					 t.kind == T_BEGIN_REPEAT ? "repeat" : "group");
			depth++;
			break;
		case T_METADATA:
			xwarn(c, SH_SURVEY, row->row, tcol->col, "'%s' (metadata of KoboToolbox and ODK) "
			      "is not kept: utilis records when answers are submitted", type);
			note_dropped(c, name, row->row);
			break;
		case T_UNSUPPORTED:
			if (!dropping)
				xunsupported(c, SH_SURVEY, row->row, tcol->col, "'%s': type '%s' is not "
					     "supported (%s)%s", name ? name : "?", type, t.why,
					     c->opt->drop_unsupported ? "; left out" : "");
			note_dropped(c, name, row->row);
			break;
		case T_UNKNOWN: {
			char word[64];
			const char *hint;

			snprintf(word, sizeof(word), "%.*s", (int)strcspn(t.yaml, " "), t.yaml);
			hint = did_you_mean(word, known_type_words);
			xerror(c, SH_SURVEY, row->row, tcol->col, "unknown question type '%s'%s%s%s", type,
			       hint ? _("; did you mean '") : "", hint ? hint : "", hint ? _("'?") : "");
			break;
		}
		case T_QUESTION:
			if (dropping) {
				xwarn(c, SH_SURVEY, row->row, tcol->col, "'%s' is left out with the loop "
				      "it is in", name ? name : "?");
				note_dropped(c, name, row->row);
				break;
			}
			if (uses_pulldata(c, row)) {
				note_dropped(c, name, row->row);
				break;
			}
			add_item(c, row, 0, depth, t.yaml);
			if (t.or_other) {
				const char *list = strchr(t.yaml, ' ') + 1;
				size_t k;

				xwarn(c, SH_SURVEY, row->row, tcol->col, "'or_other' of '%s' becomes choice "
				      "'other' of list '%s' and text question '%s_other', as KoboToolbox "
				      "and ODK do", name ? name : "?", list, name ? name : "?");
				if (name && add_item(c, NULL, 0, depth, "text") == 0) {
					c->items[c->nitems - 1].other_of = name;
					c->items[c->nitems - 1].other_row = row->row;
				}
				for (k = 0; k < c->nother; k++)
					if (!strcmp(c->other_lists[k], list))
						break;
				if (k == c->nother) {
					const char **v = arena_realloc(&c->arena, c->other_lists,
								       c->nother * sizeof(*v),
								       (c->nother + 1) * sizeof(*v));

					if (!v) {
						c->oom = 1;
						break;
					}
					v[c->nother++] = arena_strdup(&c->arena, list);
					c->other_lists = v;
				}
			}
			break;
		}
	}
	while (depth > 0) {
		depth--;
		xerror(c, SH_SURVEY, stack[depth].row, tcol->col, "this begin_%s is never closed: add an "
		       "end_%s row after its questions", what[stack[depth].repeat],
		       what[stack[depth].repeat]);
	}
}

/* Keys of a question in the order they are written, and those a group has. */
static const char *const question_order[] = {
	"label", "hint", "required", "required_message", "relevant", "constraint",
	"constraint_message", "calculation", "default", "appearance", "choice_filter",
	"read_only", "parameters", "dimension", "reverse", "weight", NULL,
};
static const char *const group_keys[] = { "label", "hint", "relevant", "appearance", NULL };
static const char *const repeat_keys[] = {
	"label", "hint", "relevant", "appearance", "repeat_count", "max_count", NULL,
};

/* XLSForm's ways of writing true, and false (falsy). */
static int truthy(const char *s)
{
	return !strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcasecmp(s, "true()") ||
	       !strcmp(s, "1");
}

static int falsy(const char *s)
{
	return !strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcasecmp(s, "false()") ||
	       !strcmp(s, "0");
}

static void emit_key_line(struct conv *c, int ind, const char *key)
{
	indent(c, ind);
	emit(c, key);
	emit(c, ": ");
}

/* Emit the keys of an item's row. */
static void emit_keys(struct conv *c, const struct item *it, int ind)
{
	const struct xlsx_row *row = it->row;
	int repeat = !strcmp(it->type, "repeat");
	const char *const *keys = repeat ? repeat_keys : it->group ? group_keys : question_order;
	const struct xlsx_row *vrow;
	size_t i, k;
	int vs;

	for (k = 0; keys[k]; k++) {
		const char *key = keys[k], *v;
		unsigned col = 0;

		if (!strcmp(it->type, "note") && (!strcmp(key, "required") ||
		    !strcmp(key, "constraint") || !strcmp(key, "required_message") ||
		    !strcmp(key, "constraint_message"))) {
			/* pyxform accepts them and ODK ignores them: so does utilis, saying so */
			v = get(c, SH_SURVEY, row, key, -2, &col);
			if (v && (strcmp(key, "required") || !falsy(v)))
				xwarn(c, SH_SURVEY, row->row, col, "'%s' of note '%s' is not read: a note "
				      "takes no answer", key, get(c, SH_SURVEY, row, "name", -2, NULL));
			continue;
		}
		if (!strcmp(key, "read_only") && (!strcmp(it->type, "note") ||
						   !strcmp(it->type, "calculate"))) {
			continue;	/* read-only by nature, as pyxform makes every note */
		}
		if (in_list(key, text_keys)) {
			size_t before = c->out->len;
			int before_col = c->ycol;

			emit_key_line(c, ind, key);
			if (emit_label(c, SH_SURVEY, row, key)) {
				emit_nl(c);
			} else if (!strcmp(key, "label") && !it->group && strcmp(it->type, "calculate") &&
				   get(c, SH_SURVEY, row, "name", -2, NULL)) {
				/* pyxform takes a question with only a hint or an image */
				const char *name = get(c, SH_SURVEY, row, "name", -2, &col);
				size_t li;

				xwarn(c, SH_SURVEY, row->row, col, "question '%s' has no label: its name is "
				      "shown instead", name);
				if (c->nlang > 1)
					emit(c, "{");
				for (li = 0; li < c->nlang; li++) {
					if (li)
						emit(c, ", ");
					if (c->nlang > 1) {
						emit(c, c->langs[li]);
						emit(c, ": ");
					}
					mark(c, SH_SURVEY, row->row, col);
					emit_quoted(c, name);
				}
				if (c->nlang > 1)
					emit(c, "}");
				emit_nl(c);
			} else {	/* nothing to write: take the key back */
				c->out->len = before;
				c->out->buf[before] = '\0';
				c->ycol = before_col;
				if (c->nlines < c->alines)
					c->lines[c->nlines].n = 0;
			}
			continue;
		}
		vs = SH_SURVEY;
		vrow = row;
		v = get(c, SH_SURVEY, row, key, -2, &col);
		if (!v && (repeat ? !strcmp(key, "max_count") : !it->group &&
			   (!strcmp(key, "dimension") || !strcmp(key, "reverse") ||
			    !strcmp(key, "weight"))) &&
		    (vrow = utilis_row(c, get(c, SH_SURVEY, row, "name", -2, NULL))) != NULL) {
			vs = SH_UTILIS;
			v = get(c, SH_UTILIS, vrow, key, -2, &col);
		}
		if (!v)
			continue;
		if ((!strcmp(key, "required") || !strcmp(key, "reverse") ||
		     !strcmp(key, "read_only")) && falsy(v))
			continue;
		emit_key_line(c, ind, key);
		mark(c, vs, vrow->row, col);
		if ((!strcmp(key, "required") || !strcmp(key, "reverse") ||
		     !strcmp(key, "read_only")) && truthy(v)) {
			emit(c, "true");
		} else if (!strcmp(key, "dimension") || !strcmp(key, "appearance")) {
			emit_word(c, v);
		} else if (!strcmp(key, "weight") || !strcmp(key, "max_count")) {
			char *end;

			strtod(v, &end);
			if (*v && !*end && strspn(v, "0123456789.") == strlen(v))
				emit(c, v);
			else
				emit_quoted(c, v);
		} else {
			emit_quoted(c, v);
		}
		emit_nl(c);
	}
	if (!repeat) {
		unsigned col = 0;
		const char *v = get(c, SH_SURVEY, row, "repeat_count", -2, &col);

		if (v)
			xwarn(c, SH_SURVEY, row->row, col, "'repeat_count' of '%s' is not read: it "
			      "applies to repeats (begin_repeat)",
			      get(c, SH_SURVEY, row, "name", -2, NULL) ?
			      get(c, SH_SURVEY, row, "name", -2, NULL) : "?");
	}
	/* keys a group does not take */
	if (it->group)
		for (i = 0; i < c->ncols[SH_SURVEY]; i++) {
			const struct hcol *hc = &c->cols[SH_SURVEY][i];
			const char *v = xlsx_cell(row, hc->col);

			if (v && hc->known && strcmp(hc->key, "type") && strcmp(hc->key, "name") &&
			    strcmp(hc->key, "repeat_count") && !in_list(hc->key, keys) &&
			    !((!strcmp(hc->key, "required") || !strcmp(hc->key, "reverse") ||
			       !strcmp(hc->key, "read_only")) && falsy(v)))
				xwarn(c, SH_SURVEY, row->row, hc->col, "'%s' of a %s is not read: only "
				      "label, hint, relevant%s and appearance apply to %ss", hc->header,
				      repeat ? "repeat" : "group", repeat ? ", repeat_count" : "",
				      repeat ? "repeat" : "group");
		}
}

/* Warn of the rows of sheet utilis that name no question: their keys are not read. */
static void check_utilis_names(struct conv *c)
{
	const struct xlsx_sheet *sh = c->sh[SH_UTILIS];
	size_t r, i;

	for (r = 1; sh && r < sh->nrows; r++) {
		unsigned col = 0;
		const char *name = get(c, SH_UTILIS, &sh->rows[r], "name", -2, &col);

		if (!name)
			continue;
		for (i = 0; i < c->nitems; i++) {
			const char *n = c->items[i].row && (!c->items[i].group ||
							    !strcmp(c->items[i].type, "repeat")) ?
				get(c, SH_SURVEY, c->items[i].row, "name", -2, NULL) : NULL;

			if (n && !strcmp(n, name))
				break;
		}
		if (i == c->nitems)
			xwarn(c, SH_UTILIS, sh->rows[r].row, col, "'%s' is not a question of the survey "
			      "sheet: this row is not read", name);
	}
}

static void emit_items(struct conv *c)
{
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	size_t i;

	emit(c, "survey:");
	emit_nl(c);
	for (i = 0; i < c->nitems; i++) {
		const struct item *it = &c->items[i];
		int ind = 2 + 4 * it->depth;
		unsigned col = 0;
		const char *name;

		if (it->other_of) {
			/* the question XLSForm's or_other stands for */
			char qname[256];

			snprintf(qname, sizeof(qname), "%s_other", it->other_of);
			indent(c, ind);
			emit(c, "- ");
			mark(c, SH_SURVEY, it->other_row, tcol->col);
			emit(c, "type: text");
			emit_nl(c);
			emit_key_line(c, ind + 2, "name");
			mark(c, SH_SURVEY, it->other_row, tcol->col);
			emit_word(c, qname);
			emit_nl(c);
			emit_key_line(c, ind + 2, "label");
			mark(c, SH_SURVEY, it->other_row, tcol->col);
			emit_generated_label(c, "Specify other.", "Précisez.");
			emit_nl(c);
			emit_key_line(c, ind + 2, "relevant");
			mark(c, SH_SURVEY, it->other_row, tcol->col);
			snprintf(qname, sizeof(qname), "selected(${%s}, 'other')", it->other_of);
			emit_quoted(c, qname);
			emit_nl(c);
			continue;
		}
		indent(c, ind);
		emit(c, "- ");
		mark(c, SH_SURVEY, it->row->row, tcol->col);
		emit(c, "type: ");
		if (strchr(it->type, ':') || strchr(it->type, '#') || strchr(it->type, '"'))
			emit_quoted(c, it->type);
		else
			emit(c, it->type);
		emit_nl(c);
		name = get(c, SH_SURVEY, it->row, "name", -2, &col);
		if (name) {
			emit_key_line(c, ind + 2, "name");
			mark(c, SH_SURVEY, it->row->row, col);
			emit_word(c, name);
			emit_nl(c);
		} else if (!strcmp(it->type, "note")) {
			/* pyxform names a note without a name */
			char gen[64];

			snprintf(gen, sizeof(gen), "generated_note_name_%u", it->row->row);
			xwarn(c, SH_SURVEY, it->row->row, tcol->col, "note without a name: it is "
			      "named '%s', as pyxform does", gen);
			emit_key_line(c, ind + 2, "name");
			mark(c, SH_SURVEY, it->row->row, tcol->col);
			emit_word(c, gen);
			emit_nl(c);
		}
		emit_keys(c, it, ind + 2);
		if (it->group) {
			indent(c, ind + 2);
			mark(c, SH_SURVEY, it->row->row, tcol->col);
			/* an empty group is the definition's error, reported at its row */
			emit(c, i + 1 >= c->nitems || c->items[i + 1].depth <= it->depth ?
			     "questions: []" : "questions:");
			emit_nl(c);
		}
	}
}

/* --- choices ----------------------------------------------------------- */

static void emit_choices(struct conv *c)
{
	const struct xlsx_sheet *sh = c->sh[SH_CHOICES];
	const struct hcol *lcol = sh ? find_col(c, SH_CHOICES, "list_name", -2) : NULL;
	const struct hcol *ncol = sh ? find_col(c, SH_CHOICES, "name", -2) : NULL;
	const char **lists = NULL;
	size_t nlists = 0, i, r, k;

	if (!sh || sh->nrows < 2) {
		if (c->nother)
			xerror(c, -1, 0, 0, "'or_other' needs a choices sheet");
		return;
	}
	if (!lcol || !ncol) {
		xerror(c, SH_CHOICES, c->head_row[SH_CHOICES], 0,
		       "the choices sheet needs 'list_name' and 'name' columns in its first row");
		return;
	}
	/* lists in order of first appearance */
	for (r = 1; r < sh->nrows; r++) {
		const char *l = xlsx_cell(&sh->rows[r], lcol->col);

		if (!l)
			continue;
		for (i = 0; i < nlists && strcmp(lists[i], l); i++)
			;
		if (i == nlists) {
			const char **v = realloc(lists, (nlists + 1) * sizeof(*v));

			if (!v) {
				c->oom = 1;
				free(lists);
				return;
			}
			lists = v;
			lists[nlists++] = l;
		}
	}
	if (nlists == 0) {
		if (c->nother)
			xerror(c, -1, 0, 0, "'or_other' needs a choices sheet");
		free(lists);
		return;
	}
	emit(c, "choices:");
	emit_nl(c);
	for (i = 0; i < nlists; i++) {
		int has_other = 0, first = 1;

		for (r = 1; r < sh->nrows; r++) {
			const struct xlsx_row *row = &sh->rows[r];
			const char *l = xlsx_cell(row, lcol->col), *name = xlsx_cell(row, ncol->col);

			if (!l || strcmp(l, lists[i]))
				continue;
			if (first) {
				indent(c, 2);
				mark(c, SH_CHOICES, row->row, lcol->col);
				emit_word(c, lists[i]);
				emit(c, ":");
				emit_nl(c);
				first = 0;
			}
			indent(c, 4);
			emit(c, "- {");
			if (name) {
				emit(c, "name: ");
				mark(c, SH_CHOICES, row->row, ncol->col);
				emit_quoted(c, name);
				has_other |= !strcmp(name, "other");
			} else {
				mark(c, SH_CHOICES, row->row, lcol->col);
			}
			{
				size_t before = c->out->len;
				int before_col = c->ycol;

				emit(c, name ? ", label: " : "label: ");
				if (emit_label(c, SH_CHOICES, row, "label")) {
					/* written */
				} else if (name) {
					/* pyxform takes a choice without a label (an image's, say):
					 * its name is shown, said once per choice */
					size_t li;

					xwarn(c, SH_CHOICES, row->row, ncol->col, "choice '%s' of list "
					      "'%s' has no label: its name is shown instead", name,
					      lists[i]);
					if (c->nlang > 1)
						emit(c, "{");
					for (li = 0; li < c->nlang; li++) {
						if (li)
							emit(c, ", ");
						if (c->nlang > 1) {
							emit(c, c->langs[li]);
							emit(c, ": ");
						}
						mark(c, SH_CHOICES, row->row, ncol->col);
						emit_quoted(c, name);
					}
					if (c->nlang > 1)
						emit(c, "}");
				} else {
					c->out->len = before;
					c->out->buf[before] = '\0';
					c->ycol = before_col;
				}
			}
			/* the other columns: filter columns of the choice */
			for (k = 0; k < c->ncols[SH_CHOICES]; k++) {
				const struct hcol *hc = &c->cols[SH_CHOICES][k];
				const char *v = xlsx_cell(row, hc->col);
				size_t m;
				int media = 0;

				if (hc->known || !v)
					continue;
				for (m = 0; m < sizeof(not_read) / sizeof(not_read[0]); m++)
					if (!strcmp(hc->key, not_read[m].key))
						media = 1;
				if (media)
					continue;
				emit(c, ", ");
				mark(c, SH_CHOICES, row->row, hc->col);
				emit_word(c, hc->header);
				emit(c, ": ");
				emit_quoted(c, v);
			}
			emit(c, "}");
			emit_nl(c);
		}
		for (k = 0; k < c->nother && !has_other; k++)
			if (!strcmp(c->other_lists[k], lists[i])) {
				indent(c, 4);
				emit(c, "- {name: \"other\", label: ");
				emit_generated_label(c, "Other", "Autre");
				emit(c, "}");
				emit_nl(c);
			}
	}
	/* media columns of choices: warned once */
	for (k = 0; k < c->ncols[SH_CHOICES]; k++) {
		const struct hcol *hc = &c->cols[SH_CHOICES][k];
		size_t m;

		if (hc->known)
			continue;
		for (m = 0; m < sizeof(not_read) / sizeof(not_read[0]); m++)
			if (!strcmp(hc->key, not_read[m].key)) {
				for (r = 1; r < sh->nrows; r++)
					if (xlsx_cell(&sh->rows[r], hc->col))
						break;
				if (r < sh->nrows)
					xwarn(c, SH_CHOICES, c->head_row[SH_CHOICES], hc->col,
					      "column '%s' is not read: %s", hc->header, not_read[m].why);
			}
	}
	for (k = 0; k < c->nother; k++) {
		for (i = 0; i < nlists && strcmp(lists[i], c->other_lists[k]); i++)
			;
		if (i == nlists)
			xerror(c, SH_SURVEY, 0, 0, "'or_other' on list '%s', which the choices sheet "
			       "does not have", c->other_lists[k]);
	}
	free(lists);
}

/* --- settings and the top of the file ----------------------------------- */

/* form_id as utilis writes them: lowercase letters, digits, '_' and '-', a letter first. */
static char *clean_form_id(struct conv *c, const char *raw)
{
	char buf[128];
	size_t n = 0;
	const char *p;

	if (!isalpha((unsigned char)*raw))
		buf[n++] = 'f';
	for (p = raw; *p && n + 1 < sizeof(buf); p++) {
		unsigned char ch = (unsigned char)*p;

		if (isalnum(ch))
			buf[n++] = (char)tolower(ch);
		else if ((ch == '-' || ch == '_' || ch == ' ' || ch == '.') && n && buf[n - 1] != '_')
			buf[n++] = ch == '-' ? '-' : '_';
	}
	while (n > 1 && (buf[n - 1] == '_' || buf[n - 1] == '-'))
		n--;
	buf[n] = '\0';
	return arena_strdup(&c->arena, buf);
}

/* The form_id: the option, the settings', else the file's name. */
static const char *form_id_of(struct conv *c)
{
	unsigned col = 0;
	const char *raw = c->opt->form_id, *id;

	if (!raw && c->settings)
		raw = get(c, SH_SETTINGS, c->settings, "form_id", -2, &col);
	if (!raw) {
		const char *base = strrchr(c->path, '/');
		char *copy, *dot;

		copy = arena_strdup(&c->arena, base ? base + 1 : c->path);
		if (!copy)
			return NULL;
		if ((dot = strrchr(copy, '.')) != NULL)
			*dot = '\0';
		raw = copy;
	}
	id = clean_form_id(c, raw);
	if (id && strcmp(id, raw) && !c->opt->form_id) {
		if (col)
			xwarn(c, SH_SETTINGS, c->settings->row, col, "form_id '%s' becomes '%s' (utilis "
			      "form_ids are lowercase letters, digits, '_' and '-')", raw, id);
		else
			xwarn(c, -1, 0, 0, "form_id '%s' (from the file name) becomes '%s'", raw, id);
	}
	return id;
}

static void emit_top(struct conv *c, const char *form_id)
{
	const struct xlsx_row *st = c->settings;
	const char *v;
	unsigned col = 0, vrow = 0;
	size_t i;
	int vs = -1;
	char buf[64];

	emit(c, "# Imported from ");
	emit(c, strrchr(c->path, '/') ? strrchr(c->path, '/') + 1 : c->path);
	emit(c, " by 'utilis survey import-xlsform'.");
	emit_nl(c);
	emit(c, "form_id: ");
	if (st && get(c, SH_SETTINGS, st, "form_id", -2, &col))
		mark(c, SH_SETTINGS, st->row, col);
	emit(c, form_id);	/* clean_form_id() made it plain */
	emit_nl(c);

	emit(c, "version: ");
	v = st ? get(c, SH_SETTINGS, st, "version", -2, &col) : NULL;
	if (v) {
		char *end;
		long ver = strtol(v, &end, 10);

		mark(c, SH_SETTINGS, st->row, col);
		if (*end || ver <= 0 || ver > 2147483647) {
			xwarn(c, SH_SETTINGS, st->row, col, "version '%s' is not a positive whole number: "
			      "version 1 is written (raise it at each change)", v);
			emit(c, "1");
		} else {
			snprintf(buf, sizeof(buf), "%ld", ver);
			emit(c, buf);
		}
	} else {
		emit(c, "1");
	}
	emit_nl(c);

	emit(c, "title: ");
	if (!emit_label2(c, SH_SETTINGS, st, SH_UTILIS, c->uform, "form_title"))
		emit_generated_label(c, form_id, form_id);	/* no title: the form_id, in every language */
	emit_nl(c);

	emit(c, "default_language: ");
	if (st && get(c, SH_SETTINGS, st, "default_language", -2, &col))
		mark(c, SH_SETTINGS, st->row, col);
	emit(c, c->defcode);
	emit_nl(c);
	emit(c, "languages: [");
	for (i = 0; i < c->nlang; i++) {
		if (i)
			emit(c, ", ");
		emit(c, c->langs[i]);
	}
	emit(c, "]");
	emit_nl(c);

	if (get_setting(c, "anonymous", &vs, &vrow, &col) || get_setting(c, "public", &vs, &vrow, &col) ||
	    get_setting(c, "panel", &vs, &vrow, &col)) {
		static const char *const keys[] = { "anonymous", "public", "panel" };
		int n = 0;

		emit(c, "settings: {");
		for (i = 0; i < 3; i++) {
			const char *key = keys[i];

			if (!(v = get_setting(c, key, &vs, &vrow, &col)))
				continue;
			if (n++)
				emit(c, ", ");
			emit(c, key);
			emit(c, ": ");
			mark(c, vs, vrow, col);
			if (truthy(v))
				emit(c, "true");
			else if (falsy(v))
				emit(c, "false");
			else
				emit_quoted(c, v);
		}
		emit(c, "}");
		emit_nl(c);
	}
}

/* The default language: the option, the settings', the first language of a label column, else fr. */
static int choose_default(struct conv *c)
{
	const char *v = c->opt->default_language;
	unsigned col = 0;
	size_t i;

	if (v) {
		if (xlsform_language_code(v, c->defcode) < 0) {
			xerror(c, -1, 0, 0, "'%s' is not a language code such as 'fr' or 'en'", v);
			return -1;
		}
		return 0;
	}
	if (c->settings && (v = get(c, SH_SETTINGS, c->settings, "default_language", -2, &col)) &&
	    strcasecmp(v, "default")) {
		if (xlsform_language_code(v, c->defcode) < 0) {
			xerror(c, SH_SETTINGS, c->settings->row, col, "cannot tell the language of '%s': "
			       "write it like 'Français (fr)'", v);
			return -1;
		}
		return 0;
	}
	if (c->sh[SH_SURVEY] && c->sh[SH_SURVEY]->nrows) {
		const struct xlsx_row *h = &c->sh[SH_SURVEY]->rows[0];

		for (i = 0; i < h->n; i++) {
			char key[64];
			const char *suffix;

			split_header(h->cells[i].text, key, &suffix);
			if (!strcmp(key, "label") && suffix &&
			    xlsform_language_code(suffix, c->defcode) == 0)
				return 0;
		}
	}
	strcpy(c->defcode, "fr");
	return 0;
}

/* --- from YAML positions to cells --------------------------------------- */

static struct origin origin_of(const struct conv *c, int line, int col)
{
	struct origin none = { -1, 0, 0 };
	const struct yline *l;
	size_t i;

	if (line < 1 || (size_t)line > c->nlines)
		return none;
	l = &c->lines[line - 1];
	if (l->n == 0)
		return none;
	for (i = l->n; i > 0; i--)
		if (l->segs[i - 1].ycol <= col)
			return l->segs[i - 1].o;
	return l->segs[0].o;
}

/* Load the YAML and move its diagnostics to the cells; 0 or -1. */
static int check_yaml(struct conv *c, const char *yaml, size_t len)
{
	struct diags yd = DIAGS_INIT;
	struct survey *s = NULL;
	size_t i;
	int rc = survey_load(&s, c->path, yaml, len, &yd);

	for (i = 0; i < yd.n; i++) {
		const struct diag *dg = &yd.v[i];
		struct origin o = origin_of(c, dg->line, dg->col);

		/* as the messages say it, in the catalogue's language (diag_vadd) */
		const char *mark = _("at line ");
		size_t mlen = strlen(mark);
		const char *at = strstr(dg->msg, mark);
		struct strbuf msg = STRBUF_INIT;

		/* "(first at line 12)": a line of the YAML, which is a row of the sheet */
		if (at && isdigit((unsigned char)at[mlen])) {
			struct origin first = origin_of(c, atoi(at + mlen), 1);

			strbuf_add(&msg, dg->msg, (size_t)(at - dg->msg));
			strbuf_addf(&msg, _("at row %u"), first.row);
			for (at += mlen; isdigit((unsigned char)*at); at++)
				;
			strbuf_addstr(&msg, at);
		} else {
			strbuf_addstr(&msg, dg->msg);
		}
		/* a reference to a question left out: say so, at the referring cell */
		if ((at = strstr(dg->msg, "unknown question '")) != NULL) {
			size_t k, nlen;

			at += strlen("unknown question '");
			nlen = strcspn(at, "'");
			for (k = 0; k < c->ndropped; k++)
				if (c->dropped[k].name && strlen(c->dropped[k].name) == nlen &&
				    !strncmp(c->dropped[k].name, at, nlen)) {
					strbuf_reset(&msg);
					strbuf_add(&msg, dg->msg, (size_t)(at - dg->msg) + nlen + 1);
					strbuf_addf(&msg, ": it was left out (row %u); remove or change "
						    "this reference and import again", c->dropped[k].row);
					break;
				}
		}
		if (dg->sev == SEV_ERROR)
			xerror(c, o.sheet, o.row, o.col, "%s", msg.buf);
		else
			xwarn(c, o.sheet, o.row, o.col, "%s", msg.buf);
		strbuf_release(&msg);
	}
	diags_release(&yd);
	survey_free(s);
	return rc;
}

/* --- what depends on what was left out ----------------------------------- */

static void reset_lines(struct conv *c)
{
	size_t i;

	for (i = 0; i < c->alines; i++)
		c->lines[i].n = 0;
	c->nlines = 0;
	c->ycol = 0;
}

/*
 * With --drop-unsupported, a question whose expression or label names a
 * question left out is left out too, said at its cell, and so on until
 * nothing refers to what is gone (a group goes with its questions).  Trial
 * definitions are written and loaded, silently, to find them; -1 when no
 * question is left.
 */
static int drop_dependents(struct conv *c, const char *id)
{
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	struct strbuf *out = c->out;
	int pass;

	for (pass = 0; pass < 32 && c->ndropped && !c->oom; pass++) {
		struct strbuf tmp = STRBUF_INIT;
		struct diags yd = DIAGS_INIT;
		struct survey *s = NULL;
		const char **why = calloc(c->nitems ? c->nitems : 1, sizeof(*why));
		unsigned *wcol = calloc(c->nitems ? c->nitems : 1, sizeof(*wcol));
		const char **wkey = calloc(c->nitems ? c->nitems : 1, sizeof(*wkey));
		size_t i, j, k, n = 0, nmarked = 0;

		if (!why || !wcol || !wkey) {
			free(why);
			free(wkey);
			free(wcol);
			c->oom = 1;
			break;
		}
		reset_lines(c);
		c->out = &tmp;
		c->probe = 1;
		emit_top(c, id);
		emit_choices(c);
		emit_items(c);
		c->probe = 0;
		c->out = out;
		if (!c->oom)
			survey_load(&s, c->path, tmp.buf ? tmp.buf : "", tmp.len, &yd);
		for (i = 0; i < yd.n; i++) {
			const struct diag *dg = &yd.v[i];
			const char *at = strstr(dg->msg, "unknown question '");
			struct origin o;
			size_t nlen;

			if (dg->sev != SEV_ERROR || !at)
				continue;
			at += strlen("unknown question '");
			nlen = strcspn(at, "'");
			for (k = 0; k < c->ndropped; k++)
				if (c->dropped[k].name && strlen(c->dropped[k].name) == nlen &&
				    !strncmp(c->dropped[k].name, at, nlen))
					break;
			o = origin_of(c, dg->line, dg->col);
			if (k == c->ndropped || o.sheet != SH_SURVEY)
				continue;
			for (j = 0; j < c->nitems; j++)
				if (c->items[j].row && c->items[j].row->row == o.row && !why[j]) {
					why[j] = c->dropped[k].name;
					wcol[j] = o.col;
					/* "in 'label' of 'q': ...": the key, said as the message says it */
					if (!strncmp(dg->msg, "in '", 4)) {
						size_t kl = strcspn(dg->msg + 4, "'");

						wkey[j] = arena_strndup(&c->arena, dg->msg + 4, kl);
					}
					nmarked++;
				}
		}
		survey_free(s);
		diags_release(&yd);
		strbuf_release(&tmp);
		for (i = 0; i < c->nitems && nmarked; i++) {
			const struct item *it = &c->items[i];
			const char *name = it->row ? get(c, SH_SURVEY, it->row, "name", -2, NULL) : NULL;
			const struct hcol *hc = NULL;
			size_t end = i + 1;

			if (!why[i]) {
				c->items[n++] = *it;
				continue;
			}
			for (k = 0; k < c->ncols[SH_SURVEY]; k++)
				if (c->cols[SH_SURVEY][k].col == wcol[i])
					hc = &c->cols[SH_SURVEY][k];
			if (wkey[i])
				hc = NULL;
			for (k = 0; k < c->ndropped; k++)
				if (c->dropped[k].name && !strcmp(c->dropped[k].name, why[i]))
					break;
			xwarn(c, SH_SURVEY, it->row->row, wcol[i], "'%s' is left out too: its '%s' "
			      "names '%s', which was left out (row %u)", name ? name : "?",
			      hc ? hc->header : wkey[i] ? wkey[i] : "?", why[i], k < c->ndropped ? c->dropped[k].row : 0);
			note_dropped(c, name, it->row->row);
			if (it->group)	/* its questions go with it */
				for (; end < c->nitems && c->items[end].depth > it->depth; end++) {
					const struct item *q = &c->items[end];

					if (q->row)
						note_dropped(c, get(c, SH_SURVEY, q->row, "name", -2, NULL),
							     q->row->row);
				}
			/* and the "specify other" question made for it */
			while (end < c->nitems && c->items[end].other_of && name &&
			       !strcmp(c->items[end].other_of, name))
				end++;
			i = end - 1;
		}
		if (nmarked)
			c->nitems = n;
		free(why);
		free(wcol);
		free(wkey);
		if (!nmarked)
			break;
		if (drop_empty_groups(c) < 0)
			return -1;
	}
	(void)tcol;
	reset_lines(c);
	return 0;
}

/* --- names and quotes as pyxform takes them ------------------------------ */

/* s with every `from` replaced by `to`, in the arena; s itself when none. */
static const char *replace_all(struct conv *c, const char *s, const char *from, const char *to)
{
	struct strbuf b = STRBUF_INIT;
	const char *p = s, *q;
	size_t fl = strlen(from);
	char *copy;

	if (!strstr(s, from))
		return s;
	while ((q = strstr(p, from)) != NULL) {
		strbuf_add(&b, p, (size_t)(q - p));
		strbuf_addstr(&b, to);
		p = q + fl;
	}
	strbuf_addstr(&b, p);
	copy = b.buf ? arena_strdup(&c->arena, b.buf) : NULL;
	strbuf_release(&b);
	if (!copy) {
		c->oom = 1;
		return s;
	}
	return copy;
}

/* The cell of row at column col, or NULL. */
static struct xlsx_cell *cell_at(const struct xlsx_row *row, unsigned col)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		if (row->cells[i].col == col)
			return &row->cells[i];
	return NULL;
}

/*
 * A name pyxform takes (an XML name) that utilis does not: '.' and '-' become
 * '_', and one that begins with '_' (utilis keeps those for _id, _wave...)
 * gets a 'q' before it.
 */
static char *clean_name(struct conv *c, const char *name)
{
	char *copy;
	size_t i;

	if (name[0] == '_' && name[1] && !strpbrk(name, ".-") &&
	    strspn(name, "_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
	    strlen(name)) {
		struct strbuf b = STRBUF_INIT;

		strbuf_addf(&b, "q%s", name);
		copy = b.buf ? arena_strdup(&c->arena, b.buf) : NULL;
		strbuf_release(&b);
		if (!copy)
			c->oom = 1;
		return copy;
	}
	if (!strpbrk(name, ".-") || !isalpha((unsigned char)name[0]))
		return NULL;
	copy = arena_strdup(&c->arena, name);
	if (!copy) {
		c->oom = 1;
		return NULL;
	}
	for (i = 0; copy[i]; i++)
		if (copy[i] == '.' || copy[i] == '-')
			copy[i] = '_';
	return copy;
}

/* Every ${from} in the survey sheet's cells (but names) becomes ${to}. */
static void rename_refs(struct conv *c, const char *from, const char *to)
{
	const struct xlsx_sheet *sh = c->sh[SH_SURVEY];
	const struct hcol *ncol = find_col(c, SH_SURVEY, "name", -2);
	char f[200], t[200];
	size_t r, i;

	snprintf(f, sizeof(f), "${%s}", from);
	snprintf(t, sizeof(t), "${%s}", to);
	for (r = 1; r < sh->nrows; r++)
		for (i = 0; i < sh->rows[r].n; i++) {
			struct xlsx_cell *cell = &sh->rows[r].cells[i];

			if (!ncol || cell->col != ncol->col)
				cell->text = replace_all(c, cell->text, f, t);
		}
}

/*
 * What pyxform takes and utilis's names do not: '.' and '-' in question and
 * list names (XML names) become '_', and the references follow; a question
 * name met again in another group gets the group's name before it
 * (pyxform's names need only be unique among siblings); typographic quotes
 * in expressions become straight ones.  Each change is said at its cell, and
 * the cells' texts are replaced, so that every later look-up sees the new
 * text.
 */
static void pyxform_names(struct conv *c)
{
	static const char *const expr_keys[] = {
		"relevant", "constraint", "calculation", "choice_filter", "repeat_count",
		"default", "required", "read_only", NULL,
	};
	static const char *const curly[][2] = {
		{ "\xe2\x80\x98", "'" }, { "\xe2\x80\x99", "'" },	/* ‘ ’ */
		{ "\xe2\x80\x9c", "\"" }, { "\xe2\x80\x9d", "\"" },	/* “ ” */
	};
	const struct xlsx_sheet *sh = c->sh[SH_SURVEY];
	const struct hcol *ncol = find_col(c, SH_SURVEY, "name", -2);
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	const char **seen = NULL, *groups[MAX_DEPTH];
	size_t nseen = 0, r, i, k;
	int depth = 0;

	if (!sh || !tcol)
		return;
	/* typographic quotes in expressions */
	for (i = 0; i < c->ncols[SH_SURVEY]; i++) {
		const struct hcol *hc = &c->cols[SH_SURVEY][i];

		if (!in_list(hc->key, expr_keys))
			continue;
		for (r = 1; r < sh->nrows; r++) {
			struct xlsx_cell *cell = cell_at(&sh->rows[r], hc->col);
			const char *t;

			if (!cell)
				continue;
			t = cell->text;
			for (k = 0; k < sizeof(curly) / sizeof(curly[0]); k++)
				t = replace_all(c, t, curly[k][0], curly[k][1]);
			if (t != cell->text) {
				xwarn(c, SH_SURVEY, sh->rows[r].row, hc->col, "'%s' has typographic quotes "
				      "(‘ ’ “ ”): they are read as straight quotes ' and \"", hc->header);
				cell->text = t;
			}
		}
	}
	/* question names */
	for (r = 1; ncol && r < sh->nrows && !c->oom; r++) {
		const struct xlsx_row *row = &sh->rows[r];
		struct xlsx_cell *cell = cell_at(row, ncol->col);
		const char *type = xlsx_cell(row, tcol->col);
		struct rtype t;
		char *clean;

		if (!type)
			continue;
		parse_type(type, &t);
		if (t.kind == T_END_GROUP || t.kind == T_END_REPEAT || t.kind == T_END_LOOP) {
			if (depth > 0)
				depth--;
			continue;
		}
		if (!cell)
			continue;
		if ((clean = clean_name(c, cell->text)) != NULL) {
			for (k = 1; k < sh->nrows; k++) {
				const char *o = k == r ? NULL : xlsx_cell(&sh->rows[k], ncol->col);

				if (o && !strcmp(o, cell->text))
					break;
			}
			xwarn(c, SH_SURVEY, row->row, ncol->col, "name '%s' becomes '%s' (utilis "
			      "names are letters, digits and '_', a letter first)%s", cell->text, clean,
			      k == sh->nrows ? "; the references to it follow" : "");
			if (k == sh->nrows)
				rename_refs(c, cell->text, clean);
			cell->text = clean;
		}
		for (k = 0; k < nseen && strcmp(seen[k], cell->text); k++)
			;
		if (k < nseen && depth > 0) {
			/* met again, here in a group: the group's name before it */
			struct strbuf b = STRBUF_INIT;
			const char *n;
			int tries;

			for (tries = 1; tries < 100; tries++) {
				strbuf_reset(&b);
				strbuf_addf(&b, "%s_%s", groups[depth - 1], cell->text);
				if (tries > 1)
					strbuf_addf(&b, "_%d", tries);
				for (k = 0; k < nseen && strcmp(seen[k], b.buf); k++)
					;
				for (i = 1; k == nseen && i < sh->nrows; i++) {
					n = xlsx_cell(&sh->rows[i], ncol->col);
					if (n && !strcmp(n, b.buf))
						k = 0;	/* taken further on */
				}
				if (k == nseen)
					break;
			}
			n = b.buf ? arena_strdup(&c->arena, b.buf) : NULL;
			strbuf_release(&b);
			if (!n) {
				c->oom = 1;
				break;
			}
			xwarn(c, SH_SURVEY, row->row, ncol->col, "name '%s' is taken by an earlier "
			      "question: in group '%s' it becomes '%s' (utilis names are unique in "
			      "the whole survey)", cell->text, groups[depth - 1], n);
			cell->text = n;
		}
		if (!(nseen & (nseen + 1)) || nseen == 0) {
			const char **v = arena_realloc(&c->arena, seen, nseen * sizeof(*v),
						       (nseen ? 2 * nseen + 1 : 8) * sizeof(*v));

			if (!v) {
				c->oom = 1;
				break;
			}
			seen = v;
		}
		seen[nseen++] = cell->text;
		if ((t.kind == T_BEGIN_GROUP || t.kind == T_BEGIN_REPEAT || t.kind == T_BEGIN_LOOP) &&
		    depth < MAX_DEPTH)
			groups[depth++] = cell->text;
	}
	/* ${note} in an expression: ODK reads a note's value as empty */
	for (r = 1; ncol && r < sh->nrows && !c->oom; r++) {
		const struct xlsx_row *row = &sh->rows[r];
		const char *type = xlsx_cell(row, tcol->col), *name = xlsx_cell(row, ncol->col);
		struct rtype t;
		char ref[200];
		size_t q;

		if (!type || !name || get(c, SH_SURVEY, row, "calculation", -2, NULL))
			continue;
		parse_type(type, &t);
		if (t.kind != T_QUESTION || strcmp(t.yaml, "note"))
			continue;
		snprintf(ref, sizeof(ref), "${%s}", name);
		for (i = 0; i < c->ncols[SH_SURVEY]; i++) {
			const struct hcol *hc = &c->cols[SH_SURVEY][i];

			if (!in_list(hc->key, expr_keys))
				continue;
			for (q = 1; q < sh->nrows; q++) {
				struct xlsx_cell *cell = cell_at(&sh->rows[q], hc->col);

				if (!cell || !strstr(cell->text, ref))
					continue;
				xwarn(c, SH_SURVEY, sh->rows[q].row, hc->col, "'%s' in '%s' is a note, "
				      "which has no value: it is read as '' (empty), as ODK does", ref,
				      hc->header);
				cell->text = replace_all(c, cell->text, ref, "''");
			}
		}
	}
	/* list names */
	if (c->sh[SH_CHOICES]) {
		const struct xlsx_sheet *ch = c->sh[SH_CHOICES];
		const struct hcol *lcol = find_col(c, SH_CHOICES, "list_name", -2);

		for (r = 1; lcol && r < ch->nrows && !c->oom; r++) {
			struct xlsx_cell *cell = cell_at(&ch->rows[r], lcol->col);
			const char *old;
			char *clean;

			if (!cell || !(clean = clean_name(c, cell->text)))
				continue;
			old = cell->text;
			xwarn(c, SH_CHOICES, ch->rows[r].row, lcol->col, "list_name '%s' becomes '%s' "
			      "(utilis list names are letters, digits and '_'); the questions that "
			      "use it follow", old, clean);
			for (k = r; k < ch->nrows; k++) {
				struct xlsx_cell *o = cell_at(&ch->rows[k], lcol->col);

				if (o && !strcmp(o->text, old))
					o->text = clean;
			}
			for (k = 1; k < sh->nrows; k++) {
				struct xlsx_cell *o = cell_at(&sh->rows[k], tcol->col);
				const char *sp = o ? strrchr(o->text, ' ') : NULL;
				const char *word = o ? strstr(o->text, old) : NULL;
				size_t ol = strlen(old);

				/* the list name is a word of the type: "select_one x-y [or_other]" */
				if (!sp || !word || word == o->text || word[-1] != ' ' ||
				    (word[ol] && word[ol] != ' '))
					continue;
				{
					struct strbuf b = STRBUF_INIT;
					char *copy;

					strbuf_add(&b, o->text, (size_t)(word - o->text));
					strbuf_addstr(&b, clean);
					strbuf_addstr(&b, word + ol);
					copy = arena_strdup(&c->arena, b.buf);
					strbuf_release(&b);
					if (!copy) {
						c->oom = 1;
						break;
					}
					o->text = copy;
				}
			}
		}
	}
}

/*
 * A choice filter "${q}=col" (or "col = ${q}"): col's header in *col, q's
 * name in q (its size qsize); 0 when the filter is not of that form.
 */
static int simple_filter(const char *f, char *col, size_t csize, char *q, size_t qsize)
{
	const char *p = f, *eq = strchr(f, '=');
	const char *a = f, *b;
	size_t al, bl;

	if (!eq || strchr(eq + 1, '=') || eq == f || eq[-1] == '!' || eq[-1] == '<' || eq[-1] == '>')
		return 0;
	(void)p;
	while (*a == ' ')
		a++;
	al = (size_t)(eq - a);
	while (al && a[al - 1] == ' ')
		al--;
	b = eq + 1;
	while (*b == ' ')
		b++;
	bl = strlen(b);
	while (bl && b[bl - 1] == ' ')
		bl--;
	if (al > 3 && !strncmp(a, "${", 2) && a[al - 1] == '}' && bl > 0 &&
	    strspn(b, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == bl) {
		snprintf(q, qsize, "%.*s", (int)(al - 3), a + 2);
		snprintf(col, csize, "%.*s", (int)bl, b);
		return strcspn(q, "${} ") == strlen(q);
	}
	if (bl > 3 && !strncmp(b, "${", 2) && b[bl - 1] == '}' && al > 0 &&
	    strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") >= al) {
		snprintf(q, qsize, "%.*s", (int)(bl - 3), b + 2);
		snprintf(col, csize, "%.*s", (int)al, a);
		return strcspn(q, "${} ") == strlen(q);
	}
	return 0;
}

/*
 * A choice name twice in a list, for a cascading select (pyxform takes it
 * when a choice filter tells them apart: 'king' county of Washington and of
 * Texas).  utilis's choices are one per name: when every filter on the list
 * is "${q}=col", the two rows have the same label, and they differ only in
 * col, they become one choice whose col lists both values, and the filters
 * become selected(col, ${q}).  Otherwise the definition reports the
 * duplicate.
 */
static void merge_filtered_duplicates(struct conv *c)
{
	const struct xlsx_sheet *ch = c->sh[SH_CHOICES], *sh = c->sh[SH_SURVEY];
	const struct hcol *lcol = find_col(c, SH_CHOICES, "list_name", -2);
	const struct hcol *ncol = find_col(c, SH_CHOICES, "name", -2);
	const struct hcol *tcol = find_col(c, SH_SURVEY, "type", -2);
	const struct hcol *fcol = find_col(c, SH_SURVEY, "choice_filter", -2);
	size_t r, k, i, q;

	if (!ch || !sh || !lcol || !ncol || !tcol || !fcol)
		return;
	for (r = 1; r < ch->nrows && !c->oom; r++) {
		struct xlsx_row *row = &ch->rows[r];
		const char *list = xlsx_cell(row, lcol->col), *name = xlsx_cell(row, ncol->col);
		char col[64] = "", qn[128];
		int nfilters = 0, ok = 1;
		const struct hcol *dc = NULL;

		if (!list || !name)
			continue;
		for (k = 1; k < r; k++) {
			const char *l2 = xlsx_cell(&ch->rows[k], lcol->col);
			const char *n2 = xlsx_cell(&ch->rows[k], ncol->col);

			if (l2 && n2 && !strcmp(l2, list) && !strcmp(n2, name))
				break;
		}
		if (k == r)
			continue;	/* not a duplicate */
		/* every question on the list filters it by "${q}=col", with one col */
		for (q = 1; q < sh->nrows && ok; q++) {
			const char *type = xlsx_cell(&sh->rows[q], tcol->col), *f;
			struct rtype t;
			char c2[64];

			if (!type)
				continue;
			parse_type(type, &t);
			if (t.kind != T_QUESTION || !strchr(t.yaml, ' ') ||
			    strcmp(strchr(t.yaml, ' ') + 1, list))
				continue;
			f = xlsx_cell(&sh->rows[q], fcol->col);
			if (!f || !simple_filter(f, c2, sizeof(c2), qn, sizeof(qn)) ||
			    (*col && strcmp(col, c2)))
				ok = 0;
			else
				snprintf(col, sizeof(col), "%s", c2), nfilters++;
		}
		if (!ok || !nfilters)
			continue;
		for (i = 0; i < c->ncols[SH_CHOICES]; i++)
			if (!strcmp(c->cols[SH_CHOICES][i].header, col))
				dc = &c->cols[SH_CHOICES][i];
		if (!dc || dc->known)
			continue;
		/* the rows agree on every other column (labels included) */
		for (i = 0; i < c->ncols[SH_CHOICES] && ok; i++) {
			const struct hcol *hc = &c->cols[SH_CHOICES][i];
			const char *a = xlsx_cell(&ch->rows[k], hc->col), *b = xlsx_cell(row, hc->col);

			if (hc != dc && ((!a) != (!b) || (a && strcmp(a, b))))
				ok = 0;
		}
		{
			struct xlsx_cell *first = cell_at(&ch->rows[k], dc->col);
			const char *v = xlsx_cell(row, dc->col);
			struct strbuf b = STRBUF_INIT;
			char *merged;

			if (!ok || !first || !v || strchr(v, ' ') || strchr(first->text, ' ') ||
			    !strcmp(v, first->text))
				continue;
			strbuf_addf(&b, "%s %s", first->text, v);
			merged = b.buf ? arena_strdup(&c->arena, b.buf) : NULL;
			strbuf_release(&b);
			if (!merged) {
				c->oom = 1;
				return;
			}
			xwarn(c, SH_CHOICES, row->row, ncol->col, "choice '%s' is also at row %u of list "
			      "'%s', for another '%s' ('%s'): they are one choice, offered for '%s' or "
			      "'%s', and the choice filters on the list read selected(%s, ${...})",
			      name, ch->rows[k].row, list, col, v, first->text, v, col);
			first->text = merged;
			/* this row goes: without its cells, no list is read from it */
			row->n = 0;
		}
		/* the filters: "${q}=col" becomes "selected(col, ${q})" */
		for (q = 1; q < sh->nrows; q++) {
			const char *type = xlsx_cell(&sh->rows[q], tcol->col);
			struct xlsx_cell *f = cell_at(&sh->rows[q], fcol->col);
			struct rtype t;
			char c2[64], *nf;
			struct strbuf b = STRBUF_INIT;

			if (!type || !f)
				continue;
			parse_type(type, &t);
			if (t.kind != T_QUESTION || !strchr(t.yaml, ' ') ||
			    strcmp(strchr(t.yaml, ' ') + 1, list) ||
			    !simple_filter(f->text, c2, sizeof(c2), qn, sizeof(qn)))
				continue;
			strbuf_addf(&b, "selected(%s, ${%s})", c2, qn);
			nf = b.buf ? arena_strdup(&c->arena, b.buf) : NULL;
			strbuf_release(&b);
			if (!nf) {
				c->oom = 1;
				return;
			}
			f->text = nf;
		}
	}
}

/* The first row of sheet sh has a cell key (in any case). */
static int first_row_has(const struct xlsx_sheet *sh, const char *key)
{
	size_t i;

	for (i = 0; sh->nrows > 0 && i < sh->rows[0].n; i++)
		if (!strcasecmp(sh->rows[0].cells[i].text, key))
			return 1;
	return 0;
}

/*
 * pyxform stops reading a sheet after 60 empty rows: so does utilis, saying
 * which rows are not read.
 */
static void stop_after_blank_rows(struct conv *c, struct xlsx_sheet *sh, int s)
{
	size_t r;

	for (r = 1; r < sh->nrows; r++)
		if (sh->rows[r].row - sh->rows[r - 1].row > 60) {
			xwarn(c, s, sh->rows[r].row, 0, "this row and the %zu after it are not read: "
			      "they follow %u empty rows, after which pyxform (KoboToolbox, ODK) "
			      "stops reading too", sh->nrows - r - 1,
			      sh->rows[r].row - sh->rows[r - 1].row - 1);
			sh->nrows = r;
			return;
		}
}

int xlsform_read(const char *path, const struct xlsform_options *opt, struct strbuf *yaml,
		 char **form_id, struct diags *d, struct error *err)
{
	struct xlsx_book book;
	struct conv c;
	size_t nerr = d->nerror, i, start = yaml->len;
	const char *id;
	int rc;

	*form_id = NULL;
	rc = xlsx_read(&book, path, err);
	if (rc < 0) {
		xlsx_release(&book);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.path = path;
	c.opt = opt;
	c.d = d;
	c.out = yaml;
	for (i = 0; i < NSHEETS; i++)
		c.sh[i] = xlsx_sheet(&book, sheet_names[i]);
	if (!c.sh[SH_SURVEY] && book.nsheets == 1 && book.sheets[0].nrows > 0 &&
	    first_row_has(&book.sheets[0], "type")) {
		/* one sheet, with a 'type' column: pyxform reads it as the survey */
		c.sh[SH_SURVEY] = &book.sheets[0];
		xwarn(&c, -1, 0, 0, "the only sheet, '%s', is read as the survey sheet, as pyxform "
		      "does; name it 'survey'", book.sheets[0].name);
	}
	for (i = 0; i < NSHEETS; i++)
		if (c.sh[i])
			stop_after_blank_rows(&c, (struct xlsx_sheet *)c.sh[i], (int)i);
	for (i = 0; i < book.nsheets; i++) {
		const struct xlsx_sheet *sh = &book.sheets[i];

		if (sh != c.sh[SH_SURVEY] && sh != c.sh[SH_CHOICES] && sh != c.sh[SH_SETTINGS] &&
		    sh != c.sh[SH_UTILIS] && sh->nrows > 0)
			xwarn(&c, -1, 0, 0, "sheet '%s' is not read: utilis reads the survey, choices "
			      "and settings sheets", sh->name);
	}
	if (!c.sh[SH_SURVEY] || c.sh[SH_SURVEY]->nrows == 0) {
		xerror(&c, -1, 0, 0, "no 'survey' sheet with questions: is this an XLSForm?");
		goto out;
	}
	if (c.sh[SH_SETTINGS] && c.sh[SH_SETTINGS]->nrows >= 2) {
		c.settings = &c.sh[SH_SETTINGS]->rows[1];
	}
	/* the settings' header first: the default language may be there */
	c.head_row[SH_SETTINGS] = 0;
	{
		int s = SH_SETTINGS;
		const struct xlsx_row *h = header_row(c.sh[s]);

		if (h) {
			c.cols[s] = arena_alloc(&c.arena, (h->n ? h->n : 1) * sizeof(struct hcol));
			if (!c.cols[s])
				goto out;
			for (i = 0; i < h->n; i++) {
				struct hcol *hc = &c.cols[s][c.ncols[s]++];
				const char *suffix;

				hc->col = h->cells[i].col;
				hc->header = h->cells[i].text;
				hc->lang = -1;
				split_header(hc->header, hc->key, &suffix);
				hc->known = in_list(hc->key, settings_keys);
			}
		}
	}
	if (choose_default(&c) < 0)
		goto out;
	c.deflang = 0;
	c.ncols[SH_SETTINGS] = 0;
	read_header(&c, SH_SURVEY);
	read_header(&c, SH_CHOICES);
	read_header(&c, SH_SETTINGS);
	read_header(&c, SH_UTILIS);
	c.deflang = lang_index(&c, c.defcode);
	warn_unread_columns(&c, SH_SURVEY);
	warn_unread_columns(&c, SH_SETTINGS);
	warn_unread_columns(&c, SH_UTILIS);
	trim_names(&c, SH_SURVEY, "name");
	trim_names(&c, SH_CHOICES, "list_name");
	trim_names(&c, SH_CHOICES, "name");
	trim_names(&c, SH_UTILIS, "name");
	pyxform_names(&c);
	merge_filtered_duplicates(&c);
	if (c.sh[SH_UTILIS])
		for (i = 1; i < c.sh[SH_UTILIS]->nrows && !c.uform; i++)
			if (!get(&c, SH_UTILIS, &c.sh[SH_UTILIS]->rows[i], "name", -2, NULL))
				c.uform = &c.sh[SH_UTILIS]->rows[i];
	if (!find_col(&c, SH_SURVEY, "name", -2))
		xerror(&c, SH_SURVEY, c.head_row[SH_SURVEY], 0, "the survey sheet has no 'name' column");
	read_rows(&c);
	if (drop_empty_groups(&c) < 0)
		goto out;	/* no definition to check */
	id = form_id_of(&c);
	if (!id || c.oom)
		goto out;
	if (opt->drop_unsupported && drop_dependents(&c, id) < 0)
		goto out;
	if (c.oom)
		goto out;
	emit_top(&c, id);
	emit_choices(&c);
	emit_items(&c);
	check_utilis_names(&c);
	if (c.oom)
		goto out;
	/* the definition's checks run even after the workbook's errors: all at once */
	if (check_yaml(&c, yaml->buf + start, yaml->len - start) == 0 && d->nerror == nerr)
		*form_id = strdup(id);
	else if (d->nerror == nerr)	/* survey_load failed without a diagnostic: memory */
		c.oom = 1;
out:
	if (c.oom)
		diag_add(d, SEV_ERROR, path, 0, 0, "out of memory");
	rc = d->nerror > nerr || !*form_id ? UT_EDATA : 0;
	for (i = 0; i < c.nlines; i++)
		free(c.lines[i].segs);
	for (i = c.nlines; i < c.alines; i++)
		free(c.lines[i].segs);
	free(c.lines);
	free(c.items);
	arena_release(&c.arena);
	xlsx_release(&book);
	return rc;
}
