/*
 * match: associations' needs and company employees' offers of volunteering
 * (axis 1.2 of the programme), matched optimally and with reasons.
 *
 * A need is a board seat (president, treasurer, secretary, board member) or
 * a skills mission of an association, with its places, hours per month,
 * moments, postcode, whether it can be done remotely and the people the
 * association serves.  An offer is an employee's: skills with a level,
 * hours per month, moments, postcode and how far they will travel, remote
 * accepted, sectors of interest, board seat interest, most missions, and
 * their company, which may cap its employees' hours (a quota per month).
 *
 * match_build() keeps the pairs that may be made (the skills asked, a seat
 * only to whom it interests, within the distance, no declared conflict,
 * enough hours) and scores each 0..100 from four parts weighted by the
 * matching file (struct match_weights): skills fit, availability, distance
 * and sector interest.  match_solve() chooses the pairs of greatest total
 * score through GLPK (analysis/optim: places, each employee's missions and
 * hours, each company's quota); match_greedy() is the reference it is
 * measured against.  match_explain() gives each pair its reasons and each
 * need or offer left alone why, in French and in English.  The same input
 * gives the same result: the pairs are built in input order, and GLPK is
 * deterministic.
 *
 * Nothing here prints; functions return 0 or a negative UT_E* code with
 * a message in err.  Strings of the input are borrowed (they must outlive
 * the problem); the problem and the result own what they allocate.
 */
#ifndef UTILIS_MATCH_H
#define UTILIS_MATCH_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

struct error;
struct diags;

/*
 * Above this many possible pairs, branch and bound decides only the pairs
 * the LP relaxation leaves fractional (the rest keep their LP value); the
 * result is then optimal only when it reaches the LP bound
 * (match_result.proven), and its gap to the bound is known.  At 2,000 x
 * 5,000 the cut rounds still take minutes: not yet bounded.
 */
#define MATCH_EXACT_MAX 5000

/* Most distinct skills (bits of a mask). */
#define MATCH_MAX_SKILLS 32

/* Moments of the week (bits of a mask); 0: any. */
enum {
	MATCH_DAYTIME = 1,	/* weekdays, working hours */
	MATCH_EVENING = 2,	/* weekday evenings */
	MATCH_WEEKEND = 4,	/* weekends */
};

/* Kinds of need. */
enum match_kind {
	MATCH_SEAT,		/* a board seat */
	MATCH_MISSION,		/* a skills mission */
};

/* A skill: its name (a choice name) and labels for the reasons. */
struct match_skill {
	const char *name;	/* "finances" */
	const char *fr, *en;	/* « finances, comptabilité », "finance, accounting" */
};

struct match_need {
	const char *id;		/* unique key: "12" or "12.2" (respondent, instance) */
	const char *association; /* the association's name */
	const char *email;	/* its contact, or NULL */
	enum match_kind kind;	/* seat or mission */
	const char *role;	/* seat: "presidence", "tresorerie", "secretariat",
				   "administrateur"; mission: its title; may be NULL */
	unsigned skills;	/* skills asked (bits of match_input.skill); 0: none */
	double hours;		/* hours per month asked (> 0) */
	int regular;		/* 1 regular, 0 one-off */
	unsigned moments;	/* MATCH_DAYTIME...: when; 0 any */
	const char *postcode;	/* 5 digits, or NULL */
	double lat, lon;	/* degrees, when located */
	int located;		/* the postcode is in the table */
	int remote;		/* can be done remotely */
	unsigned sectors;	/* people served (bits of match_input.sector); 0: unknown */
	size_t places;		/* volunteers wanted (>= 1) */
	const char *origin;	/* where it comes from: "besoins", "membres_ca" */
};

struct match_offer {
	const char *id;		/* unique key: the respondent */
	const char *name;	/* the employee's name */
	const char *email;	/* or NULL */
	size_t company;		/* index in match_input.company, or ncompany: none */
	unsigned skills;	/* skills offered */
	unsigned char level[MATCH_MAX_SKILLS]; /* per skill: 1 beginner, 2 confirmed, 3 expert */
	double hours;		/* hours per month offered (> 0) */
	unsigned moments;	/* when available; 0 any */
	const char *postcode;	/* 5 digits, or NULL */
	double lat, lon;	/* degrees, when located */
	int located;		/* the postcode is in the table */
	double max_km;		/* how far they will travel */
	int remote;		/* accepts remote missions */
	unsigned sectors;	/* sectors of interest; 0: all */
	int seat;		/* a board seat interests them (1 yes or maybe, 0 no) */
	size_t max_missions;	/* most missions at once (>= 1) */
};

struct match_company {
	const char *name;	/* as its employees and conflicts name it */
	double quota;		/* hours per month for all its employees; < 0: none */
};

/* A declared conflict: no employee of company is matched with association. */
struct match_conflict {
	const char *company;	/* a company's name */
	const char *association; /* an association's name */
	const char *reason;	/* "finance" (it funds it), "prix" (prize candidate), or free text */
};

/* The matching file's weights and limits (match_weights_default()). */
struct match_weights {
	double skills;		/* weight of the skills fit */
	double availability;	/* weight of the moments fit */
	double distance;	/* weight of nearness */
	double sector;		/* weight of the sector interest */
	double max_km;		/* no pair farther apart than this (km), unless remote */
	double min_score;	/* no pair below this score (0..100) */
	int node_limit;		/* branch-and-bound nodes before taking the best found */
};

struct match_input {
	const struct match_skill *skill;	/* the skills, bit i = skill[i] */
	size_t nskill;				/* <= MATCH_MAX_SKILLS */
	const struct match_skill *sector;	/* the sectors (people served), likewise */
	size_t nsector;
	const struct match_need *need;		/* the needs */
	size_t nneed;
	const struct match_offer *offer;	/* the offers */
	size_t noffer;
	const struct match_company *company;	/* the companies */
	size_t ncompany;
	const struct match_conflict *conflict;	/* declared conflicts */
	size_t nconflict;
	struct match_weights w;			/* the weights */
};

/* A pair that may be made, with its score and what it is made of. */
struct match_pair {
	size_t need, offer;	/* indexes in the input */
	double score;		/* 0..100, rounded to 0.01 */
	double fit;		/* skills fit 0..1 */
	double avail;		/* moments fit 0..1 */
	double near;		/* nearness 0..1 */
	double sector;		/* sector interest 0 or 1 */
	double km;		/* great-circle distance, or -1 when unknown */
	int remote;		/* made remotely (the distance does not count) */
	unsigned skills_met;	/* asked skills the offer has */
};

/* Why a need could not be paired with anyone (the first filter that failed all). */
enum match_why {
	MATCH_WHY_NONE = 0,	/* matched */
	MATCH_WHY_SKILL,	/* no offer has any of the skills asked */
	MATCH_WHY_SEAT,		/* nobody with the skills wants a board seat */
	MATCH_WHY_DISTANCE,	/* nobody suitable within the distance */
	MATCH_WHY_CONFLICT,	/* the suitable ones are all in conflict */
	MATCH_WHY_HOURS,	/* the suitable ones offer too few hours */
	MATCH_WHY_SCORE,	/* the suitable ones score below min_score */
	MATCH_WHY_TAKEN,	/* the possible ones went to other needs (places, hours, quotas) */
	MATCH_WHY_NOPOSTCODE,	/* the postcode is unknown and the need is not remote */
};

/* The pairs that may be made (match_build). */
struct match_problem {
	const struct match_input *in;	/* the input (borrowed) */
	struct match_pair *pair;	/* in need order, then offer order */
	size_t npair;
	enum match_why *need_why;	/* [need]: why it has no pair at all, or MATCH_WHY_NONE */
	size_t *need_near;		/* [need]: offers with a skill asked (and the seat) within reach */
	enum match_why *offer_why;	/* [offer]: why it has no pair at all, or MATCH_WHY_NONE */
};

/* A matching: the pairs chosen and the totals. */
struct match_result {
	unsigned char *chosen;		/* [pair]: 1 when made */
	size_t nchosen;			/* pairs made */
	double objective;		/* total score of the pairs made */
	int proven;			/* 1: optimal; 0: the best within the node limit (or greedy) */
	double bound;			/* match_solve: the LP relaxation's total, >= any matching's */
	size_t *need_filled;		/* [need]: places filled */
	size_t *offer_used;		/* [offer]: missions taken */
	double *offer_hours;		/* [offer]: hours taken */
	double *company_hours;		/* [company]: hours taken */
};

/* The defaults: skills 50, availability 15, distance 20, sector 15, 30 km, 0, 1,000 nodes. */
void match_weights_default(struct match_weights *w);

/*
 * Read a matching file (YAML: `weights: {skills:, availability:, distance:,
 * sector:}`, `max_km:`, `min_score:`, `node_limit:`, `conflicts: [{company:,
 * association:, reason:}]`) over the defaults in *w.  Conflicts are added
 * to *conflicts (malloc'd array, *nconflict entries; strings in the same
 * block, freed with match_conflicts_free).  Errors (FILE:LINE:COL) go to
 * d; returns 0, or -1 when d has an error.
 */
int match_file_load(const char *file, const char *src, size_t len, struct match_weights *w,
		    struct match_conflict **conflicts, size_t *nconflict, struct diags *d);
void match_conflicts_free(struct match_conflict *c, size_t n);

/* Great-circle distance in km between two points given in degrees (haversine, R = 6371 km). */
double match_km(double lat1, double lon1, double lat2, double lon2);
/* The coordinates of a French postcode (the table of data/codes-postaux-fr.csv): 0, or -1 when unknown. */
int match_postcode(const char *postcode, double *lat, double *lon);

/* Build the pairs of in.  Returns 0 (release with match_problem_release) or UT_E*. */
int match_build(const struct match_input *in, struct match_problem *out, struct error *err);
void match_problem_release(struct match_problem *p);

/* The optimal matching (GLPK).  Returns 0 (match_result_release) or UT_E*. */
int match_solve(const struct match_problem *p, struct match_result *out, struct error *err);
/* The greedy reference: pairs by decreasing score, each taken when it still fits.  0 or UT_ENOMEM. */
int match_greedy(const struct match_problem *p, struct match_result *out);
/* 1 when chosen respects every constraint of p (tests, the benchmark). */
int match_feasible(const struct match_problem *p, const unsigned char *chosen);
void match_result_release(struct match_result *r);

/* What need n is called: « Trésorerie », "Treasurer", or its mission's title. */
const char *match_need_title(const struct match_need *n, int fr);
/* The company of offer o, or "" without one. */
const char *match_offer_company(const struct match_input *in, const struct match_offer *o);

/*
 * The reasons of pair i in lang ("fr" or "en") into buf (at most size
 * bytes, NUL-terminated): « 3 des 4 compétences demandées, 12 km,
 * disponible en soirée ».  Returns the length written.
 */
size_t match_pair_reasons(const struct match_problem *p, size_t i, const char *lang, char *buf,
			  size_t size);
/*
 * Why need n is left (partly) unfilled in r, in lang: « aucune offre en
 * finances, comptabilité à moins de 30 km ».  Empty when it is filled.
 */
size_t match_need_why(const struct match_problem *p, const struct match_result *r, size_t n,
		      const char *lang, char *buf, size_t size);
/* Why offer o is left without a mission in r, in lang; empty when it has one. */
size_t match_offer_why(const struct match_problem *p, const struct match_result *r, size_t o,
		       const char *lang, char *buf, size_t size);

/* --- the workspace's answers as needs and offers (match_data.c) ------------------ */

struct store;

/*
 * The needs, offers, companies and declared conflicts in the submitted
 * answers to survey form (benevolat-entreprises, version 2 or later; the
 * earlier versions' answers have no offer or need and are skipped), plus
 * the prize's candidate pairs (prix-candidature, when loaded) as conflicts.
 * An association's needs are its `besoins` and, from its board described
 * member by member (`membres_ca`, the gouvernance survey's repeat), the
 * officer seats nobody staying holds and the board's missing skills.
 * Everything lives in md->arena.
 */
struct match_data {
	struct arena arena;		/* owns everything below */
	struct match_input in;		/* ready for match_build (weights to set) */
	size_t nskipped;		/* answers of versions without needs and offers */
	size_t nunknown_company;	/* employees whose company answered nothing (no quota) */
};

/* Returns 0, or an UT_E* code (analysis.h) with err set. */
int match_data_load(struct match_data *md, struct store *st, const char *form,
		    struct error *err);
void match_data_release(struct match_data *md);

#endif
