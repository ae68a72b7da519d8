/*
 * optim: optimal bipartite assignment through GLPK (see optim.h).
 *
 * Columns: one 0-1 variable x per allowed pair; when p->even > 0, for each
 * right node r, cap[r] continuous variables z(r,t) in [0,1] of cost t*even
 * with sum_t z(r,t) = load(r) (convex, so the cheapest units fill first and
 * the total is even * load(load+1)/2); one 0-1 variable y per cover, with
 * y <= sum of its x.  Rows: per left node, need_min <= sum x <= need_max;
 * per right node, load <= cap (or the z equality); per cover, y - sum x <= 0.
 */
#include "analysis/optim.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"

void optim_result_release(struct optim_result *r)
{
	free(r->pair);
	free(r->load);
	memset(r, 0, sizeof(*r));
}

/* GLPK calls this instead of abort(): back to optim_assign_solve. */
static void on_glpk_error(void *info)
{
	longjmp(*(jmp_buf *)info, 1);
}

/*
 * GLPK's terminal output, kept (the first line) instead of printed: its
 * error messages bypass glp_term_out(GLP_OFF), not this hook.
 */
struct glpk_said {
	char first[256];	/* the first line GLPK wanted to print */
};

static int on_glpk_print(void *info, const char *s)
{
	struct glpk_said *said = info;
	size_t n = strcspn(s, "\n");

	if (said && !said->first[0] && n) {
		if (n >= sizeof(said->first))
			n = sizeof(said->first) - 1;
		memcpy(said->first, s, n);
		said->first[n] = '\0';
	}
	return 1;	/* never to the terminal */
}

/* Allowed: not forbidden.  Fixed pairs are allowed pairs forced to 1. */
static int allowed(const struct optim_assign *p, size_t l, size_t r)
{
	return !(p->forbidden && p->forbidden[l * p->nright + r]);
}

static int fixed(const struct optim_assign *p, size_t l, size_t r)
{
	return p->fixed && p->fixed[l * p->nright + r] && allowed(p, l, r);
}

/* The checks GLPK would only answer with "no primal feasible solution". */
static int precheck(const struct optim_assign *p, const size_t *capx, size_t *bad_left,
		    struct error *err)
{
	size_t l, r, g, total_min = 0, total_cap = 0;

	if (!isfinite(p->even))
		return error_set(err, "the load cost is not a finite number"), UT_ESOLVER;
	for (l = 0; p->cost && l < p->nleft * p->nright; l++)
		if (!isfinite(p->cost[l]))
			return error_set(err, "the cost of pair %zu, %zu is not a finite number",
					 l / p->nright, l % p->nright), UT_ESOLVER;
	for (g = 0; g < p->ncover; g++)
		if (!isfinite(p->cover[g].weight))
			return error_set(err, "the weight of cover %zu is not a finite number", g),
			       UT_ESOLVER;
	for (l = 0; l < p->nleft; l++) {
		size_t n = 0;

		if (p->need_min[l] > p->need_max[l])
			return error_set(err, "left node %zu needs at least %zu but at most %zu", l,
					 p->need_min[l], p->need_max[l]), UT_EINFEASIBLE;
		for (r = 0; r < p->nright; r++)
			n += allowed(p, l, r) && capx[r] > 0;
		if (n < p->need_min[l]) {
			if (bad_left)
				*bad_left = l;
			error_set(err, "left node %zu needs %zu but only %zu are allowed", l,
				  p->need_min[l], n);
			return UT_EINFEASIBLE;
		}
		total_min += p->need_min[l];
	}
	for (r = 0; r < p->nright; r++)
		total_cap += capx[r];
	if (total_min > total_cap) {
		if (bad_left)
			*bad_left = p->nleft;
		error_set(err, "%zu places to fill but the capacities add up to %zu", total_min, total_cap);
		return UT_EINFEASIBLE;
	}
	return UT_OK;
}

/* What the GLPK part reads and writes (plain memory, safe across longjmp). */
struct solve_ctx {
	const struct optim_assign *p;	/* the problem */
	const size_t *capx;		/* caps raised to the fixed pairs */
	size_t *col_of;			/* [l*nr+r]: x's column, 0 if none */
	int *ia, *ja;			/* the matrix, 1-based */
	double *ar;
	size_t nx, nz;			/* x and z columns */
	glp_prob *lp;			/* the problem, while it lives */
	struct glpk_said said;		/* what GLPK wanted to print */
	double *start;			/* the start vector (freed by the caller) */
};

/* Branch and bound: the node limit, and the start as a first incumbent. */
struct bb_ctx {
	const struct optim_assign *p;	/* the problem */
	const size_t *col_of;		/* x's columns */
	size_t nx, nz;			/* x and z columns */
	const size_t *capx;		/* caps (z columns per right node) */
	int nodes;			/* nodes selected so far */
	int stopped;			/* stopped at the limit */
	double *sol;			/* [1 + columns]: the start, as GLPK wants it */
};

static void on_bb(glp_tree *T, void *info)
{
	struct bb_ctx *b = info;
	int reason = glp_ios_reason(T);

	if (reason == GLP_ISELECT && b->p->node_limit > 0 && ++b->nodes > b->p->node_limit) {
		b->stopped = 1;
		glp_ios_terminate(T);
	} else if (reason == GLP_IHEUR && b->sol && glp_ios_curr_node(T) == 1) {
		glp_ios_heur_sol(T, b->sol);
	}
}

/* The start as a full column vector (x, then z filled in order, then y). */
static double *start_vector(const struct bb_ctx *b)
{
	const struct optim_assign *p = b->p;
	size_t l, r, t, g, col, ncol = b->nx + b->nz + p->ncover;
	size_t *load = calloc(p->nright + 1, sizeof(*load));
	double *v = calloc(ncol + 2, sizeof(*v));

	if (!load || !v) {
		free(load);
		free(v);
		return NULL;
	}
	for (l = 0; l < p->nleft; l++)
		for (r = 0; r < p->nright; r++)
			if (b->col_of[l * p->nright + r] && p->start[l * p->nright + r]) {
				v[b->col_of[l * p->nright + r]] = 1;
				load[r]++;
			}
	col = b->nx;
	for (r = 0; b->nz && r < p->nright; r++)
		for (t = 1; t <= b->capx[r]; t++)
			v[++col] = t <= load[r];
	for (g = 0; g < p->ncover; g++) {
		const struct optim_cover *cv = &p->cover[g];

		for (t = 0; t < cv->nright; t++) {
			size_t xc = b->col_of[cv->left * p->nright + cv->rights[t]];

			if (xc && v[xc] > 0.5)
				v[b->nx + b->nz + g + 1] = 1;
		}
	}
	free(load);
	return v;
}

/* A column's value in the MIP solution, or the LP one when no MIP was run. */
static double value(glp_prob *lp, int col, int mip)
{
	return mip ? glp_mip_col_val(lp, col) : glp_get_col_prim(lp, col);
}

/* Build and solve; every GLPK call is here.  OPTIM_* code. */
static int glpk_solve(struct solve_ctx *x, struct optim_result *out, struct error *err)
{
	const struct optim_assign *p = x->p;
	size_t nl = p->nleft, nr = p->nright, l, r, t, g, nnz = 0;
	int col = 0, st, mip = 0;
	glp_smcp smcp;
	glp_iocp iocp;

	glp_term_out(GLP_OFF);
	glp_term_hook(on_glpk_print, &x->said);
	if (p->mem_limit_mb > 0)
		glp_mem_limit(p->mem_limit_mb);
	x->lp = glp_create_prob();
	glp_set_obj_dir(x->lp, GLP_MIN);

	/* Rows: left nodes 1..nl, right nodes nl+1..nl+nr, covers after. */
	glp_add_rows(x->lp, (int)(nl + nr + p->ncover));
	for (l = 0; l < nl; l++) {
		if (p->need_min[l] == p->need_max[l])
			glp_set_row_bnds(x->lp, (int)l + 1, GLP_FX, (double)p->need_min[l], 0);
		else
			glp_set_row_bnds(x->lp, (int)l + 1, GLP_DB, (double)p->need_min[l],
					 (double)p->need_max[l]);
	}
	for (r = 0; r < nr; r++) {
		if (p->even > 0)
			glp_set_row_bnds(x->lp, (int)(nl + r) + 1, GLP_FX, 0, 0);
		else
			glp_set_row_bnds(x->lp, (int)(nl + r) + 1, GLP_UP, 0, (double)x->capx[r]);
	}
	for (g = 0; g < p->ncover; g++)
		glp_set_row_bnds(x->lp, (int)(nl + nr + g) + 1, GLP_UP, 0, 0);

	/* Columns x, in the caller's order (left-major). */
	if (x->nx)
		glp_add_cols(x->lp, (int)x->nx);
	for (l = 0; l < nl; l++)
		for (r = 0; r < nr; r++) {
			if (!allowed(p, l, r))
				continue;
			col++;
			x->col_of[l * nr + r] = (size_t)col;
			glp_set_col_kind(x->lp, col, GLP_BV);
			if (fixed(p, l, r))
				glp_set_col_bnds(x->lp, col, GLP_FX, 1, 1);
			glp_set_obj_coef(x->lp, col, p->cost ? p->cost[l * nr + r] : 0);
			nnz++;
			x->ia[nnz] = (int)l + 1, x->ja[nnz] = col, x->ar[nnz] = 1;
			nnz++;
			x->ia[nnz] = (int)(nl + r) + 1, x->ja[nnz] = col, x->ar[nnz] = 1;
		}
	/* Columns z: the convex cost of each right node's load. */
	if (x->nz) {
		glp_add_cols(x->lp, (int)x->nz);
		for (r = 0; r < nr; r++)
			for (t = 1; t <= x->capx[r]; t++) {
				col++;
				glp_set_col_bnds(x->lp, col, GLP_DB, 0, 1);
				glp_set_obj_coef(x->lp, col, p->even * (double)t);
				nnz++;
				x->ia[nnz] = (int)(nl + r) + 1, x->ja[nnz] = col, x->ar[nnz] = -1;
			}
	}
	/* Columns y: the covers. */
	if (p->ncover) {
		glp_add_cols(x->lp, (int)p->ncover);
		for (g = 0; g < p->ncover; g++) {
			const struct optim_cover *cv = &p->cover[g];
			int row = (int)(nl + nr + g) + 1;

			col++;
			glp_set_col_kind(x->lp, col, GLP_BV);
			glp_set_obj_coef(x->lp, col, -cv->weight);
			nnz++;
			x->ia[nnz] = row, x->ja[nnz] = col, x->ar[nnz] = 1;
			for (t = 0; t < cv->nright; t++) {
				size_t xc = cv->left < nl && cv->rights[t] < nr
					    ? x->col_of[cv->left * nr + cv->rights[t]] : 0;

				if (!xc)
					continue;
				nnz++;
				x->ia[nnz] = row, x->ja[nnz] = (int)xc, x->ar[nnz] = -1;
			}
		}
	}
	if (nnz)
		glp_load_matrix(x->lp, (int)nnz, x->ia, x->ja, x->ar);

	/*
	 * The LP relaxation first: without covers the matrix is totally
	 * unimodular and the simplex's vertex is integral, and glp_intopt's
	 * own presolver would take a minute where the simplex takes a second
	 * (500 x 40).  Branch and bound only when some variable is fractional.
	 */
	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.presolve = GLP_ON;
	st = glp_simplex(x->lp, &smcp);
	if (st == GLP_ENOPFS || st == GLP_ENODFS || (st == 0 && glp_get_status(x->lp) == GLP_NOFEAS))
		return error_set(err, "the constraints cannot all hold (the caps are too small for the conflicts)"),
		       UT_EINFEASIBLE;
	if (st != 0 || glp_get_status(x->lp) != GLP_OPT)
		return error_set(err, "the solver (GLPK) found no optimal assignment (glp_simplex returned %d)", st),
		       UT_ESOLVER;
	for (t = 1; t <= (size_t)glp_get_num_cols(x->lp) && !mip; t++) {
		double v = glp_get_col_prim(x->lp, (int)t);

		mip = glp_get_col_kind(x->lp, (int)t) == GLP_BV && fabs(v - round(v)) > 1e-7;
	}
	out->proven = 1;
	if (mip) {
		struct bb_ctx bb = { p, x->col_of, x->nx, x->nz, x->capx, 0, 0, NULL };

		if (p->start && !(bb.sol = x->start = start_vector(&bb)))
			return error_set(err, "out of memory"), UT_ENOMEM;
		glp_init_iocp(&iocp);
		iocp.msg_lev = GLP_MSG_OFF;
		iocp.presolve = GLP_OFF;	/* from the simplex's optimal basis */
		iocp.cb_func = on_bb;
		iocp.cb_info = &bb;
		st = glp_intopt(x->lp, &iocp);
		if (st == GLP_ENOPFS || st == GLP_ENODFS || (st == 0 && glp_mip_status(x->lp) == GLP_NOFEAS))
			return error_set(err, "the constraints cannot all hold (the caps are too small for the conflicts)"),
			       UT_EINFEASIBLE;
		if (bb.stopped && glp_mip_status(x->lp) == GLP_FEAS)
			out->proven = 0;
		else if (st != 0 || glp_mip_status(x->lp) != GLP_OPT)
			return error_set(err, "the solver (GLPK) found no optimal assignment (glp_intopt returned %d)", st),
			       UT_ESOLVER;
	}
	for (l = 0; l < nl; l++)
		for (r = 0; r < nr; r++) {
			size_t xc = x->col_of[l * nr + r];

			if (xc && value(x->lp, (int)xc, mip) > 0.5) {
				out->pair[l * nr + r] = 1;
				out->load[r]++;
			}
		}
	for (g = 0; g < p->ncover; g++)
		if (value(x->lp, (int)(x->nx + x->nz + g) + 1, mip) > 0.5)
			out->ncovered++;
	out->objective = mip ? glp_mip_obj_val(x->lp) : glp_get_obj_val(x->lp);
	return UT_OK;
}

/*
 * glpk_solve() under GLPK's error hook: a GLPK error lands here instead of
 * abort(), and glp_free_env() then frees all GLPK memory, the problem too.
 */
static int glpk_protected(struct solve_ctx *x, struct optim_result *out, struct error *err)
{
	jmp_buf jb;
	int rc;

	if (setjmp(jb)) {
		glp_free_env();
		x->lp = NULL;
		return error_set(err, "the solver (GLPK) stopped on an internal error: %s",
				 x->said.first[0] ? x->said.first : "no message"), UT_ESOLVER;
	}
	glp_error_hook(on_glpk_error, &jb);
	rc = glpk_solve(x, out, err);
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	if (x->p->mem_limit_mb > 0)
		glp_mem_limit(0x7fffffff);	/* GLPK's "no limit" */
	if (x->lp)
		glp_delete_prob(x->lp);
	x->lp = NULL;
	return rc;
}

int optim_assign_solve(const struct optim_assign *p, struct optim_result *out,
		       size_t *bad_left, struct error *err)
{
	size_t nl = p->nleft, nr = p->nright, l, r, g, maxnz;
	struct solve_ctx x = { 0 };
	size_t *capx = NULL;
	int rc = UT_ENOMEM;

	memset(out, 0, sizeof(*out));
	x.p = p;
	if (bad_left)
		*bad_left = nl;
	capx = calloc(nr + 1, sizeof(*capx));
	x.col_of = calloc(nl * nr + 1, sizeof(*x.col_of));
	out->pair = calloc(nl * nr + 1, 1);
	out->load = calloc(nr + 1, sizeof(*out->load));
	if (!capx || !x.col_of || !out->pair || !out->load) {
		error_set(err, "out of memory");
		goto done;
	}
	/* A cap below the fixed pairs is raised to them. */
	for (r = 0; r < nr; r++) {
		size_t nf = 0;

		for (l = 0; l < nl; l++)
			nf += fixed(p, l, r);
		capx[r] = p->cap[r] > nf ? p->cap[r] : nf;
	}
	x.capx = capx;
	if ((rc = precheck(p, capx, bad_left, err)) != UT_OK)
		goto done;
	rc = UT_ENOMEM;

	/* Matrix size: x in a left row and a right row; z in a right row; covers. */
	for (l = 0; l < nl; l++)
		for (r = 0; r < nr; r++)
			x.nx += allowed(p, l, r);
	if (p->even > 0)
		for (r = 0; r < nr; r++)
			x.nz += capx[r];
	maxnz = 2 * x.nx + x.nz + 1;
	for (g = 0; g < p->ncover; g++)
		maxnz += 1 + p->cover[g].nright;
	x.ia = malloc((maxnz + 1) * sizeof(*x.ia));
	x.ja = malloc((maxnz + 1) * sizeof(*x.ja));
	x.ar = malloc((maxnz + 1) * sizeof(*x.ar));
	if (!x.ia || !x.ja || !x.ar) {
		error_set(err, "out of memory");
		goto done;
	}
	if (maxnz > (size_t)INT_MAX / 2) {
		error_set(err, "the problem is too large for the solver (%zu pairs)", x.nx);
		rc = UT_ESOLVER;
		goto done;
	}
	rc = glpk_protected(&x, out, err);
done:
	free(capx);
	free(x.col_of);
	free(x.ia);
	free(x.ja);
	free(x.ar);
	free(x.start);
	if (rc != UT_OK)
		optim_result_release(out);
	return rc;
}

/* --- the sparse assignment with budgets ------------------------------------------- */

void optim_sparse_release(struct optim_sparse_result *r)
{
	free(r->chosen);
	memset(r, 0, sizeof(*r));
}

/* Branch and bound of the sparse problem: the node limit and the start. */
struct sbb_ctx {
	int node_limit;		/* > 0: nodes before stopping */
	int nodes;		/* nodes selected so far */
	int stopped;		/* stopped at the limit */
	double *sol;		/* [1 + nedge]: the start, or NULL */
};

static void on_sparse_bb(glp_tree *T, void *info)
{
	struct sbb_ctx *b = info;
	int reason = glp_ios_reason(T);

	if (reason == GLP_ISELECT && b->node_limit > 0 && ++b->nodes > b->node_limit) {
		b->stopped = 1;
		glp_ios_terminate(T);
	} else if (reason == GLP_IHEUR && b->sol && glp_ios_curr_node(T) == 1) {
		glp_ios_heur_sol(T, b->sol);
	}
}

/* What the sparse GLPK part reads and writes (plain memory, safe across longjmp). */
struct sparse_ctx {
	const struct optim_sparse *p;	/* the problem */
	int *ia, *ja;			/* the matrix, 1-based */
	double *ar;
	int *brow;			/* [right]: its budget row, 0 if none */
	int *grow;			/* [group]: its budget row, 0 if none */
	double *sol;			/* the start vector */
	glp_prob *lp;			/* the problem, while it lives */
	struct glpk_said said;		/* what GLPK wanted to print */
};

static int sparse_glpk(struct sparse_ctx *x, struct optim_sparse_result *out, struct error *err)
{
	const struct optim_sparse *p = x->p;
	size_t e, r, g, nnz = 0;
	int nrow, st, mip = 0, fixed_lp = 0;
	glp_smcp smcp;
	glp_iocp iocp;

	glp_term_out(GLP_OFF);
	glp_term_hook(on_glpk_print, &x->said);
	x->lp = glp_create_prob();
	glp_set_obj_dir(x->lp, GLP_MAX);
	/* Rows: left nodes, right nodes, right budgets, group budgets. */
	nrow = (int)(p->nleft + p->nright);
	for (r = 0; r < p->nright; r++)
		if (p->budget && p->budget[r] >= 0)
			x->brow[r] = ++nrow;
	for (g = 0; g < p->ngroup; g++)
		if (p->group_budget[g] >= 0)
			x->grow[g] = ++nrow;
	glp_add_rows(x->lp, nrow);
	for (e = 0; e < p->nleft; e++)
		glp_set_row_bnds(x->lp, (int)e + 1, GLP_UP, 0, (double)p->need_max[e]);
	for (r = 0; r < p->nright; r++) {
		glp_set_row_bnds(x->lp, (int)(p->nleft + r) + 1, GLP_UP, 0, (double)p->cap[r]);
		if (x->brow[r])
			glp_set_row_bnds(x->lp, x->brow[r], GLP_UP, 0, p->budget[r]);
	}
	for (g = 0; g < p->ngroup; g++)
		if (x->grow[g])
			glp_set_row_bnds(x->lp, x->grow[g], GLP_UP, 0, p->group_budget[g]);
	glp_add_cols(x->lp, (int)p->nedge);
	for (e = 0; e < p->nedge; e++) {
		const struct optim_edge *ed = &p->edge[e];
		int col = (int)e + 1;
		size_t grp = p->group ? p->group[ed->right] : p->ngroup;

		glp_set_col_kind(x->lp, col, GLP_BV);
		glp_set_obj_coef(x->lp, col, ed->gain);
		nnz++, x->ia[nnz] = (int)ed->left + 1, x->ja[nnz] = col, x->ar[nnz] = 1;
		nnz++, x->ia[nnz] = (int)(p->nleft + ed->right) + 1, x->ja[nnz] = col, x->ar[nnz] = 1;
		if (x->brow[ed->right] && ed->use > 0)
			nnz++, x->ia[nnz] = x->brow[ed->right], x->ja[nnz] = col, x->ar[nnz] = ed->use;
		if (grp < p->ngroup && x->grow[grp] && ed->use > 0)
			nnz++, x->ia[nnz] = x->grow[grp], x->ja[nnz] = col, x->ar[nnz] = ed->use;
	}
	glp_load_matrix(x->lp, (int)nnz, x->ia, x->ja, x->ar);

	glp_init_smcp(&smcp);
	smcp.msg_lev = GLP_MSG_OFF;
	smcp.presolve = GLP_ON;
	st = glp_simplex(x->lp, &smcp);
	if (st != 0 || glp_get_status(x->lp) != GLP_OPT)
		return error_set(err, "the solver (GLPK) found no optimal matching (glp_simplex returned %d)", st),
		       UT_ESOLVER;
	out->bound = glp_get_obj_val(x->lp);
	for (e = 0; e < p->nedge && !mip; e++) {
		double v = glp_get_col_prim(x->lp, (int)e + 1);

		mip = fabs(v - round(v)) > 1e-7;
	}
	out->proven = 1;
	if (mip) {
		struct sbb_ctx bb = { p->node_limit, 0, 0, NULL };

		if (p->start) {
			if (!(x->sol = calloc(p->nedge + 2, sizeof(*x->sol))))
				return error_set(err, "out of memory"), UT_ENOMEM;
			for (e = 0; e < p->nedge; e++)
				x->sol[e + 1] = p->start[e] ? 1 : 0;
			bb.sol = x->sol;
		}
		/*
		 * A large problem: the LP's integral values are kept (fixed) and
		 * branch and bound decides only the fractional pairs, so that
		 * the time stays bounded; the result is then not proven optimal
		 * unless it reaches the LP bound.
		 */
		if (p->exact_max && p->nedge > p->exact_max) {
			for (e = 0; e < p->nedge; e++) {
				double v = glp_get_col_prim(x->lp, (int)e + 1);

				if (fabs(v - round(v)) <= 1e-7)
					glp_set_col_bnds(x->lp, (int)e + 1, GLP_FX, round(v), round(v));
			}
			fixed_lp = 1;
			bb.sol = NULL;	/* the greedy start may not fit the fixed values */
		}
		glp_init_iocp(&iocp);
		iocp.msg_lev = GLP_MSG_OFF;
		iocp.presolve = GLP_OFF;
		/*
		 * The budgets are knapsack rows: cover and MIR cuts close most
		 * of the gap at the root (200 x 500: 1 node instead of 330).
		 */
		iocp.cov_cuts = GLP_ON;
		iocp.mir_cuts = GLP_ON;
		/*
		 * On the large problem the cut separation itself takes minutes
		 * (2,000 x 5,000: more than 5 minutes of CPU at the root without
		 * finishing; without MIR 171 s, without both 129 s): there the
		 * fixed LP keeps only its fractional pairs and plain branch and
		 * bound decides them.
		 */
		if (fixed_lp)
			iocp.mir_cuts = iocp.cov_cuts = GLP_OFF;
		iocp.cb_func = on_sparse_bb;
		iocp.cb_info = &bb;
		st = glp_intopt(x->lp, &iocp);
		if (fixed_lp && st == 0 && (glp_mip_status(x->lp) == GLP_OPT || glp_mip_status(x->lp) == GLP_FEAS))
			out->proven = glp_mip_obj_val(x->lp) >= out->bound - 1e-6;
		else if (bb.stopped && glp_mip_status(x->lp) == GLP_FEAS)
			out->proven = 0;
		else if (st != 0 || glp_mip_status(x->lp) != GLP_OPT)
			return error_set(err, "the solver (GLPK) found no optimal matching (glp_intopt returned %d)", st),
			       UT_ESOLVER;
	}
	out->objective = 0;
	for (e = 0; e < p->nedge; e++)
		if (value(x->lp, (int)e + 1, mip) > 0.5) {
			out->chosen[e] = 1;
			out->objective += p->edge[e].gain;
		}
	return UT_OK;
}

int optim_sparse_solve(const struct optim_sparse *p, struct optim_sparse_result *out,
		       struct error *err)
{
	struct sparse_ctx x = { 0 };
	size_t e, maxnz = 4 * p->nedge + 1;
	jmp_buf jb;
	int rc = UT_ENOMEM;

	memset(out, 0, sizeof(*out));
	x.p = p;
	for (e = 0; e < p->nedge; e++) {
		const struct optim_edge *ed = &p->edge[e];

		if (ed->left >= p->nleft || ed->right >= p->nright || !isfinite(ed->gain) ||
		    !isfinite(ed->use) || ed->use < 0)
			return error_set(err, "edge %zu is not a valid pair (nodes %zu, %zu)", e, ed->left,
					 ed->right), UT_ESOLVER;
	}
	if (p->nleft + p->nright + p->ngroup + p->nright > (size_t)INT_MAX / 2 || maxnz > (size_t)INT_MAX / 2)
		return error_set(err, "the problem is too large for the solver (%zu pairs)", p->nedge),
		       UT_ESOLVER;
	out->chosen = calloc(p->nedge + 1, 1);
	x.ia = malloc((maxnz + 1) * sizeof(*x.ia));
	x.ja = malloc((maxnz + 1) * sizeof(*x.ja));
	x.ar = malloc((maxnz + 1) * sizeof(*x.ar));
	x.brow = calloc(p->nright + 1, sizeof(*x.brow));
	x.grow = calloc(p->ngroup + 1, sizeof(*x.grow));
	if (!out->chosen || !x.ia || !x.ja || !x.ar || !x.brow || !x.grow) {
		error_set(err, "out of memory");
		goto done;
	}
	if (!p->nedge) {
		out->proven = 1;
		rc = UT_OK;
		goto done;
	}
	if (setjmp(jb)) {
		glp_free_env();
		x.lp = NULL;
		error_set(err, "the solver (GLPK) stopped on an internal error: %s",
			  x.said.first[0] ? x.said.first : "no message");
		rc = UT_ESOLVER;
		goto done;
	}
	glp_error_hook(on_glpk_error, &jb);
	rc = sparse_glpk(&x, out, err);
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	if (x.lp)
		glp_delete_prob(x.lp);
	x.lp = NULL;
done:
	free(x.ia);
	free(x.ja);
	free(x.ar);
	free(x.brow);
	free(x.grow);
	free(x.sol);
	if (rc != UT_OK)
		optim_sparse_release(out);
	return rc;
}
