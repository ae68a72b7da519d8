/*
 * survey: the questionnaire model, loaded and validated from a YAML
 * definition with XLSForm's meaning (docs/questionnaire-format.md).
 *
 * survey_load() reports every problem it finds at once, as FILE:LINE:COL
 * diagnostics, and returns a model only when there is no error.  A model is
 * immutable once loaded; everything in it lives in the survey's arena and is
 * freed by survey_free().
 */
#ifndef UTILIS_SURVEY_H
#define UTILIS_SURVEY_H

#include <stddef.h>

#include "survey/expr.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

#define SURVEY_MAX_LANGS 8
/*
 * Longest answer of any type, and longest calculated value, in bytes of
 * UTF-8: 32,767, what every export can hold.  Bytes, not characters: an
 * SPSS string holds 32,767 bytes, and a count of bytes also bounds the two
 * ways of counting characters in a spreadsheet cell (libxlsxwriter counts
 * code points, Excel UTF-16 units; each is at most the number of bytes), so
 * an answer within it goes into every XLSX and SAV file.  Plain text is one
 * byte a character, an accented letter two (docs/data.md).
 */
#define SURVEY_MAX_ANSWER 32767u

enum qtype {
	Q_SELECT_ONE, Q_SELECT_MULTIPLE, Q_RANK, Q_INTEGER, Q_DECIMAL, Q_TEXT,
	Q_DATE, Q_NOTE, Q_RANGE, Q_CALCULATE, Q_GROUP,
	Q_REPEAT,	/* a group answered any number of times (docs/questionnaire-format.md) */
	/* A new type goes last, with its row in qtype_table[] (survey.c); the
	   switches over a type have no default: -Wswitch lists each place to
	   teach it. */
};
#define QTYPE_COUNT ((size_t)Q_REPEAT + 1)

/* How an SPSS (.sav) export stores a type's answers. */
enum qtype_sav {
	QSAV_STRING,		/* a string variable */
	QSAV_NUMBER,		/* a numeric variable (a choice's code, a date) */
	QSAV_IF_NUMBERS,	/* numeric when every value read is a number */
};

/*
 * What a question type is, in one place: one row a type in qtype_table[]
 * (survey.c), read through qtype_info() and the predicates below rather
 * than by comparing q->type with a list of types.
 */
struct qtype_info {
	const char *name;	/* as written in definitions and XLSForm's type column */
	unsigned choices : 1;	/* takes a choice list: `TYPE LIST` (select_one, select_multiple, rank) */
	unsigned multiple : 1;	/* answer: several choice names separated by spaces */
	unsigned numeric : 1;	/* answer: a number the respondent types or picks (integer, decimal, range) */
	unsigned stored : 1;	/* holds a value (not a note, group or repeat) */
	unsigned answered : 1;	/* stored and given by the respondent (not a calculate) */
	unsigned container : 1;	/* has children (group, repeat) */
	unsigned csv_number : 1; /* CSV and XLSX write it as a number when it reads as one */
	enum qtype_sav sav;	/* how a .sav export stores it */
};

/* The row of type t. */
const struct qtype_info *qtype_info(enum qtype t);

/*
 * Repeats: at most SURVEY_MAX_REPEAT_DEPTH nested (a repeat inside a repeat
 * inside a repeat; a fourth is refused).  max_count bounds the instances of
 * each: SURVEY_REPEAT_MAX_DEFAULT unless the definition says otherwise, at
 * most SURVEY_REPEAT_LIMIT.
 */
#define SURVEY_MAX_REPEAT_DEPTH 3
#define SURVEY_REPEAT_MAX_DEFAULT 30
#define SURVEY_REPEAT_LIMIT 10000

/* A text in each language of the survey (NULL where not translated). */
struct label {
	const char *text[SURVEY_MAX_LANGS];	/* indexed like survey.languages */
};

struct choice {
	const char *name;		/* the stored value */
	struct label label;		/* what respondents read */
	const char **attr_names;	/* extra columns, for choice filters */
	const char **attr_values;	/* their values */
	size_t nattr;			/* number of extra columns */
	int line, col;			/* where the item starts */
};

struct choice_list {
	const char *name;		/* list name, as in `select_one NAME` */
	struct choice *v;		/* items in file order */
	size_t n;			/* number of items */
	int is_scale;			/* names are consecutive integers */
	double min, max;		/* their range when is_scale */
	int used;			/* referenced by a question */
	int line, col;			/* where the list name is */
	struct choice_slot *index;	/* the names hashed (choice_list_index()), or NULL: scan */
	size_t index_mask;		/* the table's size minus one */
	unsigned *one;			/* by byte: choice number + 1 of a one-byte name (a Likert
					   scale's 1 to 5), 0 for none; NULL without index */
};

/* A slot of a choice list's hash table: choice number + 1 (0: empty) and its name's length. */
struct choice_slot {
	unsigned choice, len;
};

struct question {
	enum qtype type;		/* kind of question, or Q_GROUP */
	const char *name;		/* unique in the survey */
	struct label label;		/* question text (empty for calculate) */
	struct label hint;		/* help text, may be empty */
	int required;			/* 1 when `required: true` */
	struct expr *required_if;	/* `required` as an expression, or NULL */
	struct label required_message;	/* shown when a required answer is missing */
	struct expr *relevant;		/* shown only when true; NULL: always */
	struct expr *constraint;	/* must hold for an answer; NULL: none */
	struct label constraint_message; /* shown when the constraint fails */
	struct expr *calculation;	/* Q_CALCULATE: the value; another answered
					   type: its calculated default */
	struct expr *choice_filter;	/* selects: which choices are offered */
	const char *default_value;	/* initial answer, or NULL */
	const char *appearance;		/* display hint, or NULL */
	const struct choice_list *list;	/* selects and rank: the choices */
	double range_start, range_end, range_step; /* Q_RANGE parameters */
	const char *dimension;		/* evaluation dimension, or NULL */
	int reverse;			/* reverse-coded item */
	int read_only;			/* shown, not changed by the respondent */
	double weight;			/* criterion weight; 0 when not given */
	int is_scale;			/* a scale question (see survey_scale_of) */
	double scale_min, scale_max;	/* its bounds when is_scale */
	struct question *parent;	/* enclosing group or repeat, or NULL */
	struct question **children;	/* Q_GROUP, Q_REPEAT: its questions */
	size_t nchildren;		/* number of children */
	size_t index;			/* position in survey.questions */
	int line, col;			/* where the question starts */
	/* Source text of the expressions, for codebooks and messages. */
	const char *relevant_src, *constraint_src, *calculation_src;
	const char *required_src, *choice_filter_src;
	/*
	 * Repeats.  Every item has an innermost enclosing repeat (NULL at the
	 * top level; a repeat's is the one around it, where its `relevant` and
	 * `repeat_count` are evaluated).  An answer to an item inside repeats
	 * is addressed by one instance index per enclosing repeat, outermost
	 * first (depth of them); it lives at `slot` in its instance: the
	 * position of the item in repeat->own.  At the top level slot is index.
	 */
	struct question *repeat;	/* innermost enclosing repeat, or NULL */
	unsigned depth;			/* number of enclosing repeats */
	size_t slot;			/* see above */
	struct expr *repeat_count;	/* Q_REPEAT: the number of instances, or NULL */
	const char *repeat_count_src;	/* its source text */
	unsigned max_count;		/* Q_REPEAT: most instances (1..SURVEY_REPEAT_LIMIT) */
	struct question **own;		/* Q_REPEAT: the items whose innermost repeat it
					   is (groups, notes and repeats too), in document order */
	size_t nown;			/* number of them */
	size_t sub;			/* Q_REPEAT: its number among the repeats whose
					   innermost repeat is the same (top level: survey.ntopsub) */
	size_t nsub;			/* Q_REPEAT: number of repeats directly inside */
	size_t rindex;			/* Q_REPEAT: its index in survey.repeats */
};

struct survey {
	struct arena arena;		/* owns everything below */
	const char *file;		/* file name it was loaded from */
	const char *form_id;		/* identifier */
	int version;			/* positive, increases with each change */
	struct label title;		/* title per language */
	const char *languages[SURVEY_MAX_LANGS]; /* language codes */
	size_t nlang;			/* number of languages (at least 1) */
	size_t default_lang;		/* index of default_language */
	int anonymous;			/* settings.anonymous */
	int is_public;			/* settings.public: one open link */
	int panel;			/* settings.panel: answers carry the contact's panel key */
	struct choice_list *lists;	/* choice lists in file order */
	size_t nlists;			/* number of lists */
	struct question **questions;	/* every question and group, document order */
	size_t nq;			/* number of them */
	struct question **top;		/* top-level items (pages are top-level groups) */
	size_t ntop;			/* number of top-level items */
	struct question **by_name;	/* hash table of questions by name */
	size_t nbuckets;		/* its size, a power of two */
	struct question **repeats;	/* every repeat, document order */
	size_t nrepeats;		/* number of them (0: a survey without repeats) */
	size_t ntopsub;			/* repeats not inside another */
	struct expr **exprs;		/* every parsed expression (malloc'd, owned) */
	size_t nexprs, aexprs;		/* used / allocated */
};

/*
 * Load and validate a definition.  src is the file's text (len bytes).  On
 * success returns 0 and *out (free with survey_free()); warnings may have
 * been added to d.  On error returns -1 with every error found in d and
 * *out NULL.
 */
int survey_load(struct survey **out, const char *file, const char *src, size_t len,
		struct diags *d);
void survey_free(struct survey *s);

/* The question or group called name, or NULL. */
struct question *survey_find(const struct survey *s, const char *name);
/* Index of a language code in s->languages, or -1. */
int survey_lang(const struct survey *s, const char *code);
/* A label's text in language lang, falling back to the default language, then to any. */
const char *label_get(const struct survey *s, const struct label *l, size_t lang);
/* Type name as written in definitions ("select_one", "integer", "group"...). */
const char *qtype_name(enum qtype t);
/*
 * Check that text is an acceptable answer to q, in canonical form:
 * integer: optional '-' and digits; decimal: a finite number with '.';
 * date: a valid 'YYYY-MM-DD'; select_one: a choice name; select_multiple:
 * distinct choice names separated by single spaces; rank: likewise, in
 * order of preference; range: a number between the bounds, on a step;
 * text: valid UTF-8 without control characters other than tab, carriage return and newline
 * (utf8_control(): U+0000-U+001F, U+007F and U+0080-U+009F, the rule of the survey's texts).
 * Any answer is at most SURVEY_MAX_ANSWER bytes.
 * Returns 0, or -1 with the reason in *why (lowercase, no place).
 */
int question_check_value(const struct question *q, const char *text, struct strbuf *why);
/* question_check_value() for text of len bytes (text[len] is NUL), which it does not measure. */
int question_check_value_n(const struct question *q, const char *text, size_t len,
			   struct strbuf *why);
/*
 * The choice of cl called name (len bytes, not necessarily NUL-terminated),
 * or NULL: one hash lookup once choice_list_index() has built cl's table,
 * a scan before.  Runs for every answer of an import.
 */
const struct choice *choice_find(const struct choice_list *cl, const char *name, size_t len);
/* Build cl's table of names in a (the first of equal names wins).  0 or -1 (memory). */
int choice_list_index(struct choice_list *cl, struct arena *a);
/* 1 when a question holds an answer (not a note, group or repeat). */
int question_has_value(const struct question *q);
/* 1 when q is a group or a repeat (has children). */
int question_is_container(const struct question *q);
/* 1 when q takes a choice list (select_one, select_multiple, rank). */
int q_has_choices(const struct question *q);
/* 1 when q's answer is several choice names (select_multiple, rank). */
int q_is_multiple(const struct question *q);
/* 1 when q's answer is a number the respondent gives (integer, decimal, range). */
int q_is_numeric(const struct question *q);
/* 1 when the respondent answers q: it holds a value and is not a calculate. */
int q_is_answered(const struct question *q);
/* 1 when CSV and XLSX exports write q's value as a number when it reads as one. */
int q_exports_number(const struct question *q);
/*
 * The first repeat of s, or NULL.  A part of the program that does not
 * handle repeats refuses a survey that has one, naming it.
 */
const struct question *survey_first_repeat(const struct survey *s);
/* 1 when repeat rep is q's innermost repeat or encloses it (rep NULL: always). */
int question_in_repeat(const struct question *q, const struct question *rep);

#endif
