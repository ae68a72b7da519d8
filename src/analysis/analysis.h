/*
 * analysis: what the parts of the analysis engine share — texts in several
 * languages, error codes, the surveys of the workspace with every stored
 * version (answers are positional per version, so each version has its own
 * model), the breakdown of respondents into groups (a question, or the
 * respondents' _group, _wave or survey), and the small-group suppression
 * rule that keeps the people accompanied from being recognised.
 *
 * Functions return 0 or a negative UT_E* code with a message in *err;
 * nothing here prints.
 */
#ifndef UTILIS_ANALYSIS_H
#define UTILIS_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"

struct store;
struct survey;
struct label;
struct question;
struct choice_list;
struct respondent;

#define AN_MAX_LANGS 8

/* A text in several languages: {fr: ..., en: ...}, or one plain string. */
struct an_text {
	const char *lang[AN_MAX_LANGS];	/* language codes; NULL for a plain string */
	const char *text[AN_MAX_LANGS];	/* the texts */
	size_t n;			/* entries used; 0 when absent */
};

/* The text in language lang, else the first one given; NULL when absent. */
const char *an_text_get(const struct an_text *t, const char *lang);
/* Copy the label of a survey (one text per survey language) into t, strings in a. */
int an_text_from_label(struct an_text *t, struct arena *a, const struct survey *s,
		       const struct label *label);

/* --- the surveys of the workspace ------------------------------------------------- */

struct an_version {
	int64_t id;		/* survey_version row id, as respondents refer to it */
	int version;		/* its `version` */
	size_t form;		/* index of its form in an_source.forms */
	struct survey *s;	/* its model */
};

struct an_form {
	const char *form_id;	/* as asked */
	struct survey *latest;	/* model of the highest version */
	size_t nslots;		/* most answer slots of any version */
	size_t nresp;		/* respondents read (filled by an_source_each) */
	int vmin, vmax;		/* versions that had respondents; 0 when none */
	const unsigned char *want; /* answer slots an_source_each_lean() copies (a bitmap of
				      nslots bits, not owned); NULL: all */
};

struct an_source {
	struct an_form *forms;	/* in the order asked */
	size_t nforms;		/* how many */
	struct an_version *v;	/* every stored version of those forms */
	size_t nv;		/* how many */
	size_t last;		/* cache of an_source_version() */
	/* Called every 4,096 respondents an_source_each() reads, with how many so far (a progress bar), or NULL. */
	void (*progress)(void *ctx, size_t nread);
	void *progress_ctx;	/* passed to progress */
	size_t nread;		/* respondents read by the current an_source_each() */
};

/*
 * Load every stored version of each of the nforms surveys.  Returns 0,
 * UT_ENOTFOUND when a survey is not in the workspace, UT_EIO, UT_EDATA
 * when a stored definition no longer loads, or UT_ENOMEM.  Release with
 * an_source_release() in every case.
 */
int an_source_open(struct an_source *src, struct store *st, const char *const *forms,
		   size_t nforms, struct error *err);
void an_source_release(struct an_source *src);
/* The version of a respondent (by survey_version id), or NULL. */
const struct an_version *an_source_version(struct an_source *src, int64_t id);

/*
 * Read every respondent of every form (submitted ones only when
 * submitted_only), in form order then id order, calling fn with the
 * respondent's version and answers (values[i], NULL when unanswered; n at
 * least the version's number of questions).  Stops when fn returns
 * non-zero and returns that.  Fills forms[].nresp, vmin and vmax.
 */
int an_source_each(struct an_source *src, struct store *st, int submitted_only,
		   int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
			     const char *const *values, size_t n),
		   void *ctx, struct error *err);
/*
 * Likewise, the respondents without what an analysis does not read: their
 * ext_id, token and times are NULL, and the answers outside a form's want
 * may read NULL (store_answers_each_some()).
 */
int an_source_each_lean(struct an_source *src, struct store *st, int submitted_only,
			int (*fn)(void *ctx, const struct an_version *v,
				  const struct respondent *r, const char *const *values,
				  size_t n),
			void *ctx, struct error *err);
struct record_buf;
/* Likewise with each respondent's repeat instances (store/record.h: values, n, inst, ninst). */
int an_source_each_rep(struct an_source *src, struct store *st, int submitted_only,
		       int (*fn)(void *ctx, const struct an_version *v, const struct respondent *r,
				 const struct record_buf *rec),
		       void *ctx, struct error *err);

/* FNV-1a hash of n bytes at s: group tables, answer counts, per-group seeds. */
uint64_t an_hash(const char *s, size_t n);

/* An answer as a number: integers and decimals in canonical form; NaN otherwise. */
double an_number(const char *text);

/* --- breakdowns ------------------------------------------------------------------ */

enum by_kind {
	BY_NONE,		/* no breakdown */
	BY_CATEGORY,		/* groups of respondents with the same answer */
	BY_NUMBER,		/* a number: correlations instead of groups */
};

enum by_pseudo { BY_QUESTION, BY_GROUP, BY_WAVE, BY_SURVEY };

struct an_by {
	const char *name;		/* as given */
	enum by_kind kind;		/* what it gives */
	enum by_pseudo pseudo;		/* a question or the respondents' _group, _wave, survey */
	const struct question *q;	/* BY_QUESTION: in the first latest model that has it */
	const struct survey *qs;	/* the survey of q, for labels */
	const struct choice_list *list;	/* labels of the values, or NULL */
	size_t *slot;			/* per version (an_source.v): answer slot, SIZE_MAX when absent */
};

/*
 * Resolve a breakdown name (a question of the sources' surveys, or _group,
 * _wave, _survey).  Returns 0, UT_ENOTFOUND with a message (and a
 * suggestion) when there is no such question, UT_EDATA when the question
 * cannot split respondents (select_multiple, rank, date...), or UT_ENOMEM.
 */
int an_by_resolve(struct an_by *by, const struct an_source *src, const char *name,
		  struct error *err);
void an_by_release(struct an_by *by);
/* The breakdown value of one respondent, or NULL when it has none. */
const char *an_by_value(const struct an_by *by, const struct an_source *src,
			const struct an_version *v, const struct respondent *r,
			const char *const *values, size_t n);

/*
 * The groups met while reading: each distinct breakdown value gets an
 * index in order of appearance (an_groups_add); an_groups_order() then
 * gives the order they are shown in: the choice list's order, else numbers
 * ascending, else text in byte order, and "no answer" last.
 */
struct an_groups {
	char **keys;		/* keys[i]: the value of group i (malloc'd); NULL: no answer */
	size_t n;		/* groups */
	size_t alloc;		/* entries allocated in keys */
	uint32_t *hash;		/* open addressing: group index + 1, 0 empty */
	size_t nhash;		/* slots, a power of two */
	int no_answer;		/* index of the no-answer group, or -1 */
};

void an_groups_init(struct an_groups *g);
void an_groups_release(struct an_groups *g);
/* Index of the group of value key (NULL: no answer), adding it when new; -1 on memory. */
long an_groups_add(struct an_groups *g, const char *key);
/* order[0..n): group indexes in display order (malloc'd); NULL on memory. */
size_t *an_groups_order(const struct an_groups *g, const struct an_by *by);
/* Fill t with the label of a group value (choice labels, else the value itself). */
int an_group_label(struct an_text *t, struct arena *a, const struct an_by *by, const char *key);

/* --- suppression ------------------------------------------------------------------ */

/* Why a cell is hidden. */
enum an_hide {
	AN_SHOWN = 0,		/* not hidden */
	AN_HIDE_SMALL,		/* fewer respondents than min_group */
	AN_HIDE_COMPLEMENT,	/* hidden so that a small group cannot be worked out by difference */
	AN_HIDE_DIMENSION,	/* a composite whose dimension is hidden */
};

/* Stable identifier for JSON and CSV ("fewer_than_min_group"...). */
const char *an_hide_id(enum an_hide h);

/*
 * The small-group rule (docs/statistics.md).  n[0..k) are the respondents
 * behind the k cells of one breakdown (every respondent in exactly one
 * cell, the no-answer group included), whose total is also shown.  On
 * entry hide[i] is non-zero (an enum an_hide) for cells already hidden; the
 * rule hides each cell with fewer than min_group respondents (but at least
 * one) as AN_HIDE_SMALL, then more cells, smallest first, as
 * AN_HIDE_COMPLEMENT, until the hidden cells together hold none or at
 * least min_group respondents — otherwise the total minus the cells shown
 * would give the hidden ones away.  Returns the number of cells hidden.
 */
size_t an_suppress(const size_t *n, size_t k, size_t min_group, unsigned char *hide);

/*
 * The atoms of the small-group rule (docs/statistics.md, "Small groups are
 * never shown"): the finest cells any output can break respondents down
 * into without reading an answer — survey x _group x _wave.  A respondent
 * of an atom with fewer than min_group respondents is left out of every
 * figure, the totals included; a respondent of an atom where fewer than
 * min_group respondents have a value for a statistic is left out of that
 * statistic.  Every published figure is then about a union of atoms of at
 * least min_group, and so is the difference of two nested ones.
 *
 * An analysis reads the respondents twice: an_atoms_count() first counts
 * the atoms (and, through fn, whatever per-atom counts the analysis needs,
 * nvar per atom in var[]), then the analysis's own pass asks
 * an_atoms_find() for each respondent's atom.
 */
struct an_atoms {
	struct an_groups keys;	/* atom keys ("form/length:group/length:wave") -> index */
	size_t *n;		/* respondents per atom */
	size_t *var;		/* var[atom * nvar + j]: counted by the caller's fn */
	size_t nvar;		/* counts per atom in var */
	size_t alloc;		/* atoms allocated in n and var */
	size_t min_group;	/* the rule's threshold */
	char *buf;		/* scratch for keys */
	size_t abuf;		/* its size */
	int lvalid;		/* an_atoms_add()'s last respondent is below */
	size_t lform;		/* its form */
	char *lgrp, *lwave;	/* its group and wave (copies), NULL for none */
	long last;		/* its atom: the next respondent of the same is found without a key */
};

void an_atoms_init(struct an_atoms *a, size_t min_group, size_t nvar);
void an_atoms_release(struct an_atoms *a);

/*
 * Read every respondent of src (submitted ones only when submitted_only),
 * counting each atom's respondents; fn, when not NULL, is then called with
 * the atom's index to count more (into a->var).  Returns 0 or an UT_E*
 * code with a message (what an_source_each() returns).
 */
int an_atoms_count(struct an_atoms *a, struct an_source *src, struct store *st,
		   int submitted_only,
		   int (*fn)(void *ctx, size_t atom, const struct an_version *v,
			     const char *const *values, size_t n),
		   void *ctx, struct error *err);

/*
 * Count respondent r in its atom, as an_atoms_count() does: for an analysis
 * that reads the respondents once, counting as it goes (and reading them
 * again, an_atoms_find() then, only when an_atoms_any_small()).  The atom's
 * index, or -1 when out of memory.
 */
long an_atoms_add(struct an_atoms *a, const struct an_source *src, const struct an_version *v,
		  const struct respondent *r);
/* Some atom has respondents, fewer than min_group of them. */
int an_atoms_any_small(const struct an_atoms *a);

/* The atom of respondent r, or -1 when an_atoms_count() did not meet it (answers since). */
long an_atoms_find(struct an_atoms *a, const struct an_source *src, const struct an_version *v,
		   const struct respondent *r);

/* Atom i is left out of everything: fewer than min_group respondents (or unknown: i < 0). */
int an_atoms_small(const struct an_atoms *a, long i);
/* Atom i is left out of the statistic counted in var[.. + j]. */
int an_atoms_small_var(const struct an_atoms *a, long i, size_t j);

#endif
