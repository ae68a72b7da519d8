/*
 * prize_bench: the jury's results on a large edition — 2,000 candidates,
 * 60 jurors, 8 criteria, every juror scoring every candidate (so that all
 * the reliability figures apply) — timed end to end: normalisation,
 * aggregation, totals, ranking, flags, severity, six ICCs, Kendall's W and
 * Krippendorff's alpha.  The target of issue 6 is under one second.
 * Not part of `make check`: `make bench-prize` builds and runs it, or by hand:
 *
 *   make build/default/libutilis.a
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Isrc -o build/prize_bench bench/prize_bench.c \
 *      build/default/libutilis.a $(pkg-config --libs gsl) -lm
 *   build/prize_bench [CANDIDATES JURORS CRITERIA]
 *
 * Scores are drawn from a seeded model: a candidate's quality plus a
 * juror's severity plus noise, rounded to the 0-5 scale.
 *
 * Then the assignment (issue 15): 200 candidates x 40 jurors, 3 jurors per
 * candidate, 5% of the pairs conflicted, 8 partnership forms (a candidate
 * has 1 to 3, a juror knows 2), greedy against optimal (GLPK): time, forms
 * covered, sum of load(load+1)/2, largest load and spread.  Printed, not
 * asserted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/assign.h"
#include "analysis/prize.h"
#include "util/diag.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A small deterministic generator: splitmix64, then Box-Muller. */
static unsigned long long state = 20181127;

static double uniform(void)
{
	unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static void bench_assign(size_t nc, size_t nj, size_t k)
{
	size_t nform = 8, i, c, j, cov, mx, spr, sum;
	unsigned char *conflict = calloc(nc * nj, 1), *cf = calloc(nc * nform, 1);
	unsigned char *jf = calloc(nj * nform, 1);
	struct assign_input in = { 0 };
	struct assign_result r;
	struct error err;
	double t0, t1;
	int method;

	if (!conflict || !cf || !jf)
		exit(1);
	for (i = 0; i < nc * nj; i++)
		conflict[i] = uniform() < 0.05;
	for (c = 0; c < nc; c++)
		for (i = 0, j = 1 + (size_t)(uniform() * 3); i < j; i++)
			cf[c * nform + (size_t)(uniform() * (double)nform) % nform] = 1;
	for (j = 0; j < nj; j++)
		for (i = 0; i < 2; i++)
			jf[j * nform + (size_t)(uniform() * (double)nform) % nform] = 1;
	in.ncand = nc;
	in.njuror = nj;
	in.k = k;
	in.conflict = conflict;
	in.seed = 1;
	in.nform = nform;
	in.cand_form = cf;
	in.juror_form = jf;
	printf("jury assign: %zu candidates x %zu jurors, %zu each, 5%% conflicts, %zu forms\n",
	       nc, nj, k, nform);
	for (method = 0; method < 2; method++) {
		t0 = now();
		if ((method ? assign_jurors(&in, &r, &err) : assign_jurors_greedy(&in, &r)) < 0) {
			printf("  %s: %s\n", method ? "optimal" : "greedy", method ? err.msg : "out of memory");
			continue;
		}
		t1 = now();
		sum = assign_score(&in, r.assigned, &cov, &mx, &spr);
		printf("  %-8s %7.3f s   forms covered %zu   sum load(load+1)/2 %zu   largest load %zu   spread %zu   places empty %zu\n",
		       method ? "optimal" : "greedy", t1 - t0, cov, sum, mx, spr, r.nshort);
		if (method)
			printf("  (forms coverable by some juror without a conflict: %zu; optimum %s)\n", r.nwanted,
			       r.proven ? "proven" : "not proven: the best in the node limit");
		assign_result_release(&r);
	}
	free(conflict);
	free(cf);
	free(jf);
}

int main(int argc, char **argv)
{
	size_t nc = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	size_t nj = argc > 2 ? strtoul(argv[2], NULL, 10) : 60;
	size_t nk = argc > 3 ? strtoul(argv[3], NULL, 10) : 8;
	double *scores = malloc(nc * nj * nk * sizeof(double)), *w = malloc(nk * sizeof(double));
	double *quality = malloc(nc * sizeof(double)), *severity = malloc(nj * sizeof(double));
	size_t tiebreak[2] = { 0, 1 }, c, j, k;
	struct prize_input in = { 0 };
	struct prize_result r;
	double t0, t1;
	int norm;

	if (!scores || !w || !quality || !severity || nk < 2)
		return 1;
	for (c = 0; c < nc; c++)
		quality[c] = 2.5 + normal();
	for (j = 0; j < nj; j++)
		severity[j] = 0.5 * normal();
	for (k = 0; k < nk; k++)
		w[k] = (double)(k % 3 + 1) * 5;
	for (c = 0; c < nc; c++)
		for (j = 0; j < nj; j++)
			for (k = 0; k < nk; k++) {
				double x = round(quality[c] + severity[j] + 0.8 * normal());

				scores[(c * nj + j) * nk + k] = fmin(5, fmax(0, x));
			}
	in.ncand = nc;
	in.njuror = nj;
	in.ncrit = nk;
	in.scores = scores;
	in.weights = w;
	in.lo = 0;
	in.hi = 5;
	in.agg = PRIZE_AGG_TRIMMED;
	in.min_jurors = 3;
	in.divergence = 15;
	in.tiebreak = tiebreak;
	in.ntiebreak = 2;
	printf("prize results: %zu candidates x %zu jurors x %zu criteria, complete design\n", nc, nj, nk);
	for (norm = 0; norm < 3; norm++) {
		in.norm = (enum prize_norm)norm;
		t0 = now();
		if (prize_compute(&in, &r) < 0)
			return 1;
		t1 = now();
		printf("  normalisation %-6s %7.3f s   ICC2 %.3f  W %.3f  alpha %.3f  first: candidate %zu (%.1f)\n",
		       norm == 0 ? "none" : norm == 1 ? "zscore" : "range", t1 - t0,
		       r.icc.row[ICC2].icc, r.kendall.w, r.kalpha.alpha, r.order[0], r.cand[r.order[0]].total);
		prize_result_release(&r);
	}
	bench_assign(200, 40, 3);
	free(scores);
	free(w);
	free(quality);
	free(severity);
	return 0;
}
