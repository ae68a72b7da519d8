/*
 * optim: optimal bipartite assignment with capacities, the one place that
 * talks to GLPK (only this module includes <glpk.h>).  Left nodes (the
 * prize's candidates, a volunteer programme's missions) each need between
 * need_min and need_max right nodes (jurors, volunteers); each right node
 * takes at most cap of them; some pairs are forbidden, some fixed; every
 * pair may have a cost.  Optional terms: loads made even (a convex cost on
 * each right node's load) and soft "cover" wishes (left l would like at
 * least one right node from a given set; each cover met earns its weight).
 *
 * The problem is solved as a 0-1 integer programme with glp_intopt after
 * an LP relaxation with glp_simplex; branch and bound may be bounded by a
 * number of nodes (not by time: the same input must give the same
 * result), starting from a known feasible assignment when given.  Without covers the constraint matrix
 * is that of a transportation problem (totally unimodular): the relaxation
 * is integral and the solve takes a few milliseconds for 200 x 40.  GLPK
 * never prints (glp_term_out off) and never aborts the process: its fatal
 * errors are caught through glp_error_hook and returned as UT_ESOLVER.
 * The result depends only on the input, its order included: the same input
 * gives the same assignment.
 */
#ifndef UTILIS_OPTIM_H
#define UTILIS_OPTIM_H

#include <stddef.h>

#include "util/err.h"

struct error;

/* A soft wish: left node `left` would like one of rights[0..nright-1]. */
struct optim_cover {
	size_t left;		/* the left node */
	const size_t *rights;	/* right nodes that satisfy it */
	size_t nright;		/* how many */
	double weight;		/* earned (subtracted from the cost) when met */
};

struct optim_assign {
	size_t nleft;			/* left nodes (candidates, missions) */
	size_t nright;			/* right nodes (jurors, volunteers) */
	const size_t *need_min;		/* [left]: fewest right nodes it gets */
	const size_t *need_max;		/* [left]: most right nodes it gets */
	const size_t *cap;		/* [right]: most left nodes it takes */
	const unsigned char *forbidden;	/* [l * nright + r]: never paired; may be NULL */
	const unsigned char *fixed;	/* [l * nright + r]: always paired; may be NULL */
	const double *cost;		/* [l * nright + r]: cost of the pair; may be NULL (0) */
	double even;			/* > 0: the t-th unit of a right node's load costs t * even */
	const struct optim_cover *cover; /* soft wishes; may be NULL */
	size_t ncover;			/* how many */
	int mem_limit_mb;		/* > 0: GLPK's memory cap (glp_mem_limit), else none */
	int node_limit;			/* > 0: branch-and-bound nodes before stopping (deterministic) */
	const unsigned char *start;	/* [l * nright + r]: a feasible assignment to start from; may be NULL */
};

struct optim_result {
	unsigned char *pair;		/* [l * nright + r]: 1 when paired */
	size_t *load;			/* [right]: left nodes taken */
	size_t ncovered;		/* covers met */
	double objective;		/* the minimised total (costs + even - covers met) */
	int proven;			/* 1: optimal; 0: the best found within node_limit */
};

/*
 * Solve p.  Costs, even and weights must be finite (else UT_ESOLVER,
 * said in err).  A fixed pair that is also forbidden is forbidden; a fixed pair
 * counts in its right node's cap (a cap below the fixed pairs is raised to
 * them).  Returns UT_OK and fills *out (release with
 * optim_result_release), or one of the negative codes with err set; on
 * UT_EINFEASIBLE and *bad_left not NULL, *bad_left is a left node with
 * fewer allowed right nodes than need_min (or nleft when the shortage is
 * only global: the caps together are too small).
 */
int optim_assign_solve(const struct optim_assign *p, struct optim_result *out,
		       size_t *bad_left, struct error *err);
void optim_result_release(struct optim_result *r);

/*
 * A sparse assignment with budgets, for matchings too large for the dense
 * matrices above (2,000 x 5,000): only the allowed pairs (edges) are
 * given.  Each left node takes at most need_max edges, each right node at
 * most cap; each edge uses `use` of its right node's budget and of the
 * budget of that right node's group (an employee's hours and their
 * company's quota).  The total gain of the chosen edges is maximised.
 */
struct optim_edge {
	size_t left, right;	/* its nodes */
	double gain;		/* earned when chosen (finite) */
	double use;		/* taken from the budgets (>= 0) */
};

struct optim_sparse {
	size_t nleft, nright, ngroup;	/* nodes and groups */
	const size_t *need_max;		/* [left]: most edges */
	const size_t *cap;		/* [right]: most edges */
	const double *budget;		/* [right]: most use; may be NULL (none); < 0: none */
	const size_t *group;		/* [right]: its group, or ngroup for none; may be NULL */
	const double *group_budget;	/* [group]: most use; < 0: none */
	const struct optim_edge *edge;	/* the allowed pairs */
	size_t nedge;
	int node_limit;			/* > 0: branch-and-bound nodes before stopping */
	const unsigned char *start;	/* [edge]: a feasible choice to start from; may be NULL */
	size_t exact_max;		/* > 0: above this many edges, branch only on the LP's
					   fractional ones (the others keep their LP value) */
};

struct optim_sparse_result {
	unsigned char *chosen;		/* [edge]: 1 when chosen */
	double objective;		/* total gain of the chosen edges */
	double bound;			/* the LP relaxation's gain (an upper bound) */
	int proven;			/* 1: optimal; 0: the best found within node_limit */
};

/*
 * Solve p (maximise the gain).  Returns UT_OK and fills *out (release
 * with optim_sparse_release), or a negative code with err set.
 */
int optim_sparse_solve(const struct optim_sparse *p, struct optim_sparse_result *out,
		       struct error *err);
void optim_sparse_release(struct optim_sparse_result *r);

#endif
