/*
 * boot_bench: the bootstrap's draws (boot_draws(), src/analysis/bootstrap.c)
 * on each path this processor has, as indicators compute runs them per
 * group: nboot = 2000 replicates of m = 10,000 draws of rows of K = 8
 * fixed-point columns, six of them used (the dimensions of utilite-sociale).
 *
 *   build/default/boot_bench [PATH [TASKS]]
 *
 * Without PATH, every path in turn, interleaved, TASKS times each (default
 * 5): the median CPU time of a task, nanoseconds per draw, and whether its
 * sums and final state are the scalar path's to the bit (exit 1 if not).
 * With PATH (scalar, avx2, avx512), that path only, TASKS times, for
 * `perf stat -e instructions:u,cycles:u`.  With `means`, the whole of
 * boot_means() (sample, block, draws, quantiles) on a group of 90,909 rows
 * of six scores, TASKS times: the median CPU time of a task, the
 * interval's bits (to compare two builds).  Not part of `make check`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/stats.h"

enum { M = 10000, NBOOT = 2000, K = 8, KUSED = 6 };

static const char *const names[] = { "auto", "scalar", "avx2", "avx512" };

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#ifndef BOOT_BENCH_MEANS_ONLY	/* defined to time an older boot_means(), without boot_draws() */
/* One task of path p from seed: its CPU time; its sums and state into sums, g. */
static double task(const int64_t *fx, enum boot_path p, uint64_t seed, int64_t *sums, struct rng *g)
{
	double t0;

	rng_seed(g, seed);
	t0 = cpu_now();
	if (boot_draws(fx, K, M, g, NBOOT, sums, p) < 0)
		return -1;
	return cpu_now() - t0;
}
#endif

static double mean_of_means(void *ctx, const double *means)
{
	double s = 0;
	int d;

	(void)ctx;
	for (d = 0; d < KUSED; d++)
		s += means[d];
	return s / KUSED;
}

/* boot_means() on a group's rows, ntask times: prints the median CPU time and the interval. */
static int bench_means(int ntask)
{
	if (ntask < 1 || ntask > 64)
		return 2;
	enum { N = 90909 };
	double *rows = malloc((size_t)N * KUSED * sizeof(*rows)), times[64];
	struct boot_result r;
	struct rng g;
	size_t i;
	int t;

	if (!rows)
		return 1;
	rng_seed(&g, 7);
	/* a dimension score: the mean of four 1-5 answers on 0-100, about 4% missing */
	for (i = 0; i < (size_t)N * KUSED; i++)
		rows[i] = rng_below(&g, 25) ? 6.25 * (double)rng_below(&g, 17) : NAN;
	for (t = 0; t < ntask; t++) {
		double t0 = cpu_now();

		if (boot_means(&r, rows, KUSED, NULL, N, mean_of_means, NULL, NBOOT, M, 0.95, 42) < 0)
			return 1;
		times[t] = cpu_now() - t0;
	}
	qsort(times, (size_t)ntask, sizeof(double), cmp_dbl);
	printf("boot_means %7.1f ms a task; interval %a %a %a\n", times[ntask / 2] * 1e3, r.estimate,
	       r.lo, r.hi);
	free(rows);
	return 0;
}

#ifndef BOOT_BENCH_MEANS_ONLY
/* boot_draws() on one path or on each, interleaved (see the head of this file). */
static int bench_draws(int argc, char **argv)
{
	int64_t *fx = aligned_alloc(64, (size_t)M * K * sizeof(*fx));
	int64_t *ref = malloc((size_t)NBOOT * K * sizeof(*ref));
	int64_t *sums = malloc((size_t)NBOOT * K * sizeof(*sums));
	enum boot_path only = BOOT_PATH_AUTO;
	int ntask = argc > 2 ? atoi(argv[2]) : 5, p, t, bad = 0;
	double times[4][64];
	struct rng g, gref;
	size_t i;

	if (!fx || !ref || !sums || ntask < 1 || ntask > 64)
		return 2;
	if (argc > 1) {
		for (p = 1; p < 4 && strcmp(argv[1], names[p]); p++)
			;
		if (p == 4) {
			fprintf(stderr, "usage: boot_bench [scalar|avx2|avx512 [TASKS]]\n");
			return 2;
		}
		only = (enum boot_path)p;
	}
	/* scores in 0-100 by twelfths, as fixed point with 14 count bits, 4% missing */
	rng_seed(&g, 19);
	for (i = 0; i < (size_t)M * K; i++)
		fx[i] = i % K >= KUSED ? 0 : rng_below(&g, 25) ? (int64_t)rng_below(&g, 1201) * 256 * 16384 + 1 : 0;
	if (only != BOOT_PATH_AUTO) {
		for (t = 0; t < ntask; t++)
			if (task(fx, only, 1000 + (uint64_t)t, sums, &g) < 0) {
				fprintf(stderr, "boot_bench: no %s on this processor\n", names[only]);
				return 1;
			}
		return 0;
	}
	printf("boot_draws: %d replicates of %d draws, K = %d; best path here: %s\n", NBOOT, M, K,
	       names[boot_path_best()]);
	for (t = 0; t < ntask; t++)
		for (p = 1; p < 4; p++) {
			times[p][t] = task(fx, (enum boot_path)p, 1000 + (uint64_t)t, p == 1 ? ref : sums,
					   p == 1 ? &gref : &g);
			if (p > 1 && times[p][t] >= 0 &&
			    (memcmp(ref, sums, (size_t)NBOOT * K * sizeof(*ref)) ||
			     memcmp(&g, &gref, sizeof(g))))
				bad = 1;
		}
	for (p = 1; p < 4; p++) {
		double med;

		if (times[p][0] < 0) {
			printf("%-7s not on this processor\n", names[p]);
			continue;
		}
		qsort(times[p], (size_t)ntask, sizeof(double), cmp_dbl);
		med = times[p][ntask / 2];
		printf("%-7s %7.1f ms a task, %5.2f ns a draw\n", names[p], med * 1e3,
		       med * 1e9 / ((double)M * NBOOT));
	}
	printf("%s\n", bad ? "DIFFERENT sums or state" : "same sums and state on every path");
	free(fx);
	free(ref);
	free(sums);
	return bad;
}
#endif

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "means"))
		return bench_means(argc > 2 ? atoi(argv[2]) : 5);
#ifndef BOOT_BENCH_MEANS_ONLY
	return bench_draws(argc, argv);
#else
	return 2;
#endif
}
