/*
 * delphi: the Delphi rounds of a pilot group rating the candidate
 * indicators of a referential (survey/referential.h, docs/referential.md),
 * as in the RAND/UCLA appropriateness method (Fitch et al., 2001): each
 * member rates each indicator from 1 to 9 for relevance (and feasibility
 * when the referential asks), with a comment; from round 2 each member sees
 * the group's median and spread of the previous round and their own rating.
 *
 * A round is version ROUND of the generated survey "delphi-ID"; this
 * module writes that survey's YAML (delphi_form_yaml), reads a round's
 * ratings from the workspace (delphi_round_read) and computes, per
 * indicator: the median and quartiles (R's quantile type 7), the share of
 * ratings in the median's third, RAND's disagreement index (IPR / IPRAS),
 * the verdict under the referential's rule, the stability between two
 * rounds; and Kendall's W of the members' rankings.  No figure about fewer
 * ratings than the referential's min_group is computed for showing
 * (docs/statistics.md, small groups).
 *
 * A member is followed from round to round by the contact of their link:
 * its e-mail, else its name; a paper answer imported with `_id` is the
 * member whose e-mail or name that is, "#ROUND" after it ignored (an
 * `_id` is imported once per survey: m1@example.org, then m1@example.org#2).
 */
#ifndef UTILIS_DELPHI_H
#define UTILIS_DELPHI_H

#include <stddef.h>

#include "analysis/reliability.h"
#include "survey/referential.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct store;

#define DELPHI_FORM_PREFIX "delphi-"
#define DELPHI_MAX_ROUNDS 20

/* Question names of the round survey, for indicator id: p_ID, f_ID, c_ID, avant_p_ID. */
#define DELPHI_Q_REL "p_"
#define DELPHI_Q_FEAS "f_"
#define DELPHI_Q_COMMENT "c_"
#define DELPHI_Q_BEFORE "avant_p_"

enum delphi_verdict {
	DELPHI_KEPT,		/* median in the keep third, no disagreement, enough agreement */
	DELPHI_DISCUSS,		/* anything else */
	DELPHI_DROPPED,		/* median in the drop third, no disagreement */
	DELPHI_TOO_FEW,		/* fewer ratings than min_group: to discuss, no figure */
};

/* Identifier for CSV and JSON: "kept", "to_discuss", "dropped", "too_few_ratings". */
const char *delphi_verdict_id(enum delphi_verdict v);
/* French, for the pilot group: « retenu », « à discuter », « écarté », « trop peu de notes ». */
const char *delphi_verdict_fr(enum delphi_verdict v);

/* The figures of one indicator in one round (a 1-9 rating). */
struct delphi_stat {
	size_t n;		/* ratings */
	int shown;		/* n >= min_group: the figures below are set (else NaN) */
	double median;		/* R quantile type 7, p = 0.5 */
	double q1, q3;		/* type 7, p = 0.25 and 0.75 */
	double iqr;		/* q3 - q1 */
	double p30, p70;	/* type 7, p = 0.3 and 0.7 */
	double ipr;		/* p70 - p30 */
	double iprcp;		/* (p30 + p70) / 2, the IPR's central point */
	double ai;		/* asymmetry index |5 - iprcp| */
	double ipras;		/* 2.35 + 1.5 ai */
	double di;		/* disagreement index ipr / ipras */
	int disagreement;	/* di > 1 */
	int band_lo, band_hi;	/* the rule's third that holds the median */
	double agreement;	/* share of ratings in [band_lo, band_hi] */
	enum delphi_verdict verdict; /* under the rule (relevance only) */
};

/*
 * R's quantile(x, p, type = 7) of the n sorted values x (n >= 1):
 * x[h] + (h - floor h)(x[h+1] - x[h]) with h = (n - 1) p, 0-based.
 */
double delphi_quantile7(const double *sorted, size_t n, double p);

/*
 * The figures of ratings r[0..n) (1-9; 0 entries are skipped) under rule,
 * into *out.  With fewer than min_group ratings only n is set, shown is 0
 * and the verdict is DELPHI_TOO_FEW.  Returns 0, or -1 for a rating out of
 * 1-9 (nothing then is set).
 */
int delphi_stat_compute(const unsigned char *r, size_t n, const struct ref_rule *rule,
			size_t min_group, struct delphi_stat *out);

/* How one indicator's ratings moved between two rounds, among the members who rated it in both. */
struct delphi_stability {
	size_t n;		/* members with a rating in both rounds */
	int shown;		/* n >= min_group */
	size_t changed;		/* ratings that changed */
	double same_band;	/* share whose rating stayed in the same third of the rule */
	double mean_change;	/* mean absolute change, in points */
	int verdict_changed;	/* the verdict differs from the previous round's */
};

/* A round's ratings, as submitted (members sorted by their key). */
struct delphi_round {
	int round;		/* its number, the survey version */
	size_t nind;		/* indicators (the referential's, in its order) */
	size_t nmem;		/* members who submitted */
	char **member;		/* their keys (e-mail, else name, else `_id`) */
	unsigned char *rel;	/* nmem x nind relevance ratings, 0: not rated */
	unsigned char *feas;	/* likewise for feasibility, or NULL when not asked */
	char **comment;		/* nmem x nind comments, NULL: none */
	size_t nunknown;	/* submissions that could not be tied to a member (left out) */
};

void delphi_round_release(struct delphi_round *r);

/*
 * Read round `round` (version `round` of form_id, whose model is s) of
 * referential ref from the workspace: every submitted answer, tied to its
 * member through the link's contact.  A member who submitted twice (two
 * links) counts once, with the later submission.  Returns 0, or a negative
 * store code with err set.
 */
int delphi_round_read(struct store *st, const struct referential *ref, const struct survey *s,
		      const char *form_id, int round, struct delphi_round *out, struct error *err);

/* A link of the form and its member's key: the link's e-mail, else its name. */
struct delphi_link {
	char *token;
	char *key;
};

/* Every link of a form that has a contact, sorted by token. */
struct delphi_links {
	struct delphi_link *link;
	size_t n;
};

/*
 * Read the links of form_id (links with neither e-mail nor name are left
 * out; the Delphi rounds and the weights' questionnaire follow their members
 * this way).  Returns 0, or a negative store code with err set (out empty).
 */
int delphi_links_read(struct store *st, const char *form_id, struct delphi_links *out, struct error *err);
/* The member key of the link with this token (NULL: none, or no such link). */
const char *delphi_links_find(const struct delphi_links *l, const char *token);
void delphi_links_release(struct delphi_links *l);

/* Index of member key in r (sorted), or -1. */
long delphi_round_member(const struct delphi_round *r, const char *key);

/* Everything computed for one round. */
struct delphi_result {
	int round;			/* its number */
	size_t nmem;			/* members who submitted */
	size_t nind;			/* indicators */
	struct delphi_stat *rel;	/* nind relevance figures */
	struct delphi_stat *feas;	/* nind feasibility figures, or NULL */
	struct delphi_stability *stab;	/* nind, against the previous round, or NULL in round 1 */
	struct kendall_w w;		/* of the members who rated every indicator */
	int w_shown;			/* at least min_group such members (else w is unset) */
	char ***comments;		/* nind arrays of comments, sorted, NULL-terminated; NULL when withheld */
	size_t *ncomments;		/* their counts */
};

/*
 * Compute the result of round cur (prev: the previous round, or NULL).
 * Returns 0, or -1 when memory runs out.
 */
int delphi_result_compute(const struct referential *ref, const struct delphi_round *cur,
			  const struct delphi_round *prev, const struct delphi_result *prev_res,
			  struct delphi_result *out);
void delphi_result_release(struct delphi_result *res);

/*
 * Write into out the YAML of the survey of round `round` for referential
 * ref: version `round` of form "delphi-ID", not anonymous (a member is
 * followed from round to round), one page per stake; each indicator rated
 * on a 1-9 scale (relevance, and feasibility when asked) with a comment.
 * From round 2, prev is the previous round's result: each indicator's hint
 * gives the group's median and interquartile range, or says they are not
 * shown when fewer than min_group rated it; and a read-only question
 * avant_p_ID holds the member's own previous rating (filled per link, see
 * delphi_prefill).  Returns 0, or -1 when memory runs out.
 */
int delphi_form_yaml(const struct referential *ref, int round, const struct delphi_result *prev,
		     struct strbuf *out);

/*
 * The draft that opens round 2 or later for member m of the previous round
 * prev: values[i] for the questions of s (nq slots, NULL where none) hold
 * their previous ratings, both as the answer they keep or change (p_ID,
 * f_ID) and as the read-only reminder avant_p_ID.  values must have s->nq
 * slots; the strings are malloc'd (answers_free).  Returns the number of
 * ratings prefilled, or -1 when memory runs out.
 */
int delphi_prefill(const struct referential *ref, const struct survey *s,
		   const struct delphi_round *prev, size_t m, char **values);

#endif
