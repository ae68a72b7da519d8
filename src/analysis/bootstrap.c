/*
 * bootstrap: the percentile bootstrap of a statistic of column means (see
 * stats.h), used for the interval of the composite index.
 *
 * Cost.  A replicate draws m rows; with B replicates the work is B m k.
 * For a million respondents the ordinary bootstrap would draw two billion
 * rows to learn what a sample of ten thousand already tells: the width of
 * the interval shrinks as 1/sqrt(n), which the m-out-of-n rescaling applies
 * exactly, while the Monte Carlo error of the 2.5% and 97.5% quantiles of
 * B = 2000 replicates (about 3% of the half-width) is far larger than the
 * error of estimating the spread from 10,000 rows instead of all (about 0.7%).
 * So no more than max_m rows are ever resampled (docs/statistics.md).
 * The sample of m rows is drawn by a partial Fisher-Yates shuffle that
 * keeps only the positions it moved (a small hash), not a copy of all n
 * row numbers: the same rows in the same order, without touching n.
 *
 * The rows resampled are first copied into a compact block (value with 0
 * for missing, and a 0/1 weight) so that the inner loop has no branch and
 * stays in cache; up to BOOT_LANES columns the block has a fixed width (one
 * 64-byte cache line a row, values as float summed in double, counts as
 * integers), so that the sums stay in registers and the additions are
 * vectorised.  Single precision changes a 0-100 score by at most 1e-5, far
 * below what an interval shows and its Monte Carlo error.
 *
 * Exact sums in integers.  When every value of the block is a multiple of
 * 2^-S and m times the largest of them is below 2^(53-S) (scores averaged
 * from a few answers always are: 100 (x - min) / (max - min) as a float
 * needs some twenty bits after the point), every partial sum of a
 * replicate, in whatever order, is a multiple of 2^-S below 2^(53-S): a
 * double holds it exactly, so the double sums above never round, and the
 * sum of the integers v 2^S is the same number.  The block then holds, per
 * column, one 64-bit integer v 2^S 2^CB + w (CB bits for the count): a row
 * is one integer addition per column, on a 1-cycle chain rather than a
 * 3-cycle float one, and the means come out the same to the bit.  Any
 * other block takes the float loop.
 *
 * Lanes.  The fixed-point draws (boot_draws()) are a serial stream of B m
 * numbers of xoshiro256** per task, each mapped to a row by Lemire's
 * multiply, about twenty instructions a draw, most of them the
 * generator's.  They are cut into L lanes (4 with AVX2, 8 with AVX-512)
 * of q = B / L replicates: lane l starts where the stream stands after
 * l q m numbers, reached by jump-ahead (rng_jump(): the generator is
 * linear over GF(2), so n steps are x^n modulo its characteristic
 * polynomial, applied in 256 steps), and the L streams are stepped
 * together in one vector, each lane adding its rows to its own
 * replicates' sums.  Lane l's numbers are then exactly the numbers the
 * scalar loop would consume for those replicates, in the same order, and
 * the sums are the same integers; the B - L q replicates left over are
 * drawn by the scalar loop from where the last lane stopped.  That holds
 * while no draw is rejected: Lemire's method draws again when the low
 * word of r m is below 2^64 mod m (a chance of m / 2^64 a draw, about one
 * task in a hundred million), which would shift every later lane.  The
 * lanes see a possible rejection cheaply (the low word below 2^32), check
 * that replicate draw by draw, and on a real one the task is drawn again
 * on the scalar path from its start; the tests force both by crafted
 * states.  Dispatch (boot_path_best()): AVX-512VL when the processor has
 * it, else AVX2, else the scalar loop (other processors, and draws too
 * few to pay for the jumps, BOOT_LANES_MIN); the same sums on each.
 */
#include "analysis/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Columns handled by the fixed-width inner loop. */
#define BOOT_LANES 8

/*
 * A resampled row of the fixed-width loop: one 64-byte cache line.  The
 * counts are integers (exact either way, and integer additions are
 * cheaper than converting and adding doubles): the same means as before.
 */
struct boot_row {
	float v[BOOT_LANES];		/* values, 0 for missing */
	uint32_t w[BOOT_LANES];		/* 1: a value, 0: missing */
};

/*
 * The column sums and counts of rows idx[0..n) (or 0..n-1) of K columns
 * (K a constant where it is called: the sums stay in registers).  A
 * missing value adds +0 to its column's sum and 0 to its count, without
 * the branch that missing values scattered at random would mispredict:
 * the same sums to the bit, since a sum begun at +0 is never -0, and
 * x + 0 = x for every other x (infinities and NaN included).
 */
static inline __attribute__((always_inline)) void column_sums(const double *rows, size_t K,
							      const size_t *idx, size_t n,
							      double *sum, double *cnt)
{
	double s[BOOT_LANES] = { 0 }, c[BOOT_LANES] = { 0 };
	size_t i, d;

	for (i = 0; i < n; i++) {
		const double *row = rows + (idx ? idx[i] : i) * K;

		/* a group's rows are scattered among all: ask for them ahead */
		if (idx && i + 16 < n)
			__builtin_prefetch(rows + idx[i + 16] * K);
#pragma GCC unroll 8
		for (d = 0; d < K; d++) {
			double v = row[d];
			uint64_t u, ok = -(uint64_t)!isnan(v);

			/* v or +0, 1 or 0, by masks rather than branches */
			memcpy(&u, &v, sizeof(u));
			u &= ok;
			memcpy(&v, &u, sizeof(v));
			s[d] += v;
			c[d] += (double)(ok & 1);
		}
	}
	for (d = 0; d < K; d++) {
		sum[d] = s[d];
		cnt[d] = c[d];
	}
}

/* Column means of the rows idx[0..n) (or 0..n-1) into means (NaN without values). */
static void column_means(const double *rows, size_t k, const size_t *idx, size_t n,
			 double *sum, double *cnt, double *means)
{
	size_t i, d;

	switch (k) {
	case 1: column_sums(rows, 1, idx, n, sum, cnt); break;
	case 2: column_sums(rows, 2, idx, n, sum, cnt); break;
	case 3: column_sums(rows, 3, idx, n, sum, cnt); break;
	case 4: column_sums(rows, 4, idx, n, sum, cnt); break;
	case 5: column_sums(rows, 5, idx, n, sum, cnt); break;
	case 6: column_sums(rows, 6, idx, n, sum, cnt); break;
	case 7: column_sums(rows, 7, idx, n, sum, cnt); break;
	case 8: column_sums(rows, 8, idx, n, sum, cnt); break;
	default:
		for (d = 0; d < k; d++)
			sum[d] = cnt[d] = 0;
		for (i = 0; i < n; i++) {
			const double *row = rows + (idx ? idx[i] : i) * k;

			for (d = 0; d < k; d++)
				if (!isnan(row[d])) {
					sum[d] += row[d];
					cnt[d]++;
				}
		}
	}
	for (d = 0; d < k; d++)
		means[d] = cnt[d] > 0 ? sum[d] / cnt[d] : NAN;
}

/*
 * The fixed-point form of a block (see the head of this file): the scale
 * S and count bits CB such that every value v is q 2^-S with q an integer,
 * and m |q| stays below 2^(53) and 2^(63 - CB).  Returns 1 with *S and
 * *cb, or 0 when the values do not allow it.
 */
static int fixed_scale(const struct boot_row *block, size_t m, size_t k, int *S, int *cb)
{
	int need = 0, c = 0, e, lim;
	double amax = 0;
	size_t i, d;

	while (c < 62 && ((size_t)1 << c) <= m)
		c++;
	for (i = 0; i < m; i++)
		for (d = 0; d < k; d++) {
			double v = block[i].v[d], f;
			uint32_t mant;
			int bits;

			if (v == 0)
				continue;
			if (!isfinite(v))
				return 0;
			/* v = mant 2^(e - 24) with a 24-bit mant: its last set bit says how fine */
			f = frexp(fabs(v), &e);
			mant = (uint32_t)ldexp(f, 24);
			bits = 24 - e - __builtin_ctz(mant);
			if (bits > need)
				need = bits;
			if (fabs(v) > amax)
				amax = fabs(v);
		}
	if (need < 0)
		need = 0;
	if (need > 900)
		return 0;
	/* m |q| < 2^min(53, 63 - c); amax 2^need m is exact but for the last product's rounding */
	lim = 63 - c < 53 ? 63 - c : 53;
	if (ldexp(amax, need) * (double)m >= ldexp(1, lim))
		return 0;
	*S = need;
	*cb = c;
	return 1;
}

/*
 * Replicates b0..b1 of m draws each from a fixed-point block of K columns,
 * from *g (K a constant where it is called, so that the row is a few
 * integer vector additions): replicate b's column sums into sums[b K ..].
 */
static inline __attribute__((always_inline)) void scalar_sums(const int64_t *fx, size_t K, size_t m,
							      struct rng *gp, size_t b0, size_t b1,
							      int64_t *sums)
{
	struct rng g = *gp;	/* a copy the rows cannot alias: the state stays in registers */
	size_t b, i, d;

	for (b = b0; b < b1; b++) {
		int64_t acc[BOOT_LANES] = { 0 };

		for (i = 0; i < m; i++) {
			const int64_t *row = fx + (size_t)rng_below(&g, m) * K;

#pragma GCC unroll 8
			for (d = 0; d < K; d++)
				acc[d] += row[d];
		}
		for (d = 0; d < K; d++)
			sums[b * K + d] = acc[d];
	}
	*gp = g;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* 1 when one of the m draws from g would be rejected by rng_below(g, m). */
static int draws_reject(struct rng g, size_t m)
{
	uint64_t t = -(uint64_t)m % m;
	size_t i;

	for (i = 0; i < m; i++)
		if ((uint64_t)((unsigned __int128)rng_next(&g) * m) < t)
			return 1;
	return 0;
}

typedef uint64_t u64x4 __attribute__((vector_size(32)));
typedef int64_t i64x8 __attribute__((vector_size(64)));
typedef int64_t i64x4 __attribute__((vector_size(32)));
typedef int64_t i64x2 __attribute__((vector_size(16)));

/*
 * A row of K = 8, 4 or 2 columns added to a lane's sums: K = 8 into a8
 * (one 512-bit vector) when wide, else into a4[0] and a4[1]; K = 4 into
 * a4[0]; K = 2 into a2.
 */
static inline __attribute__((always_inline)) void lane_add(const int64_t *row, size_t K, int wide,
							   i64x8 *a8, i64x4 *a4, i64x2 *a2)
{
	i64x8 v8;
	i64x4 v4;
	i64x2 v2;

	if (K == 8 && wide) {
		memcpy(&v8, row, sizeof(v8));
		*a8 += v8;
	} else if (K >= 4) {
		memcpy(&v4, row, sizeof(v4));
		a4[0] += v4;
		if (K == 8) {
			memcpy(&v4, row + 4, sizeof(v4));
			a4[1] += v4;
		}
	} else {
		memcpy(&v2, row, sizeof(v2));
		*a2 += v2;
	}
}

/* Lane l's sums (lane_add()) into out[0..K). */
static inline __attribute__((always_inline)) void lane_sums(size_t K, int wide, const i64x8 *a8,
							    const i64x4 *a4, const i64x2 *a2, int64_t *out)
{
	size_t d;

	for (d = 0; d < K; d++)
		out[d] = K == 8 && wide ? (*a8)[d] : K >= 4 ? a4[d / 4][d % 4] : (*a2)[d];
}

/*
 * The lanes (see the head of this file): lane l draws replicates
 * l q .. l q + q - 1 from lane[l], the four streams stepped together in
 * one vector.  Lemire's product of a draw r by m < 2^32 comes from the
 * 32-bit halves of r: r m = (r_hi m + (r_lo m >> 32)) 2^32 + (r_lo m mod
 * 2^32), so its high word is h >> 32 with h = r_hi m + (r_lo m >> 32), and
 * its low word, which rng_below() compares with 2^64 mod m < 2^32, can be
 * below it only when h's low half is 0.  A replicate where a lane saw such
 * a draw is checked draw by draw (draws_reject(), from the states saved at
 * its start): a real rejection returns -1 (the caller then draws the task
 * on the scalar path), a false alarm (1 in 2^32 draws) costs m draws.
 * Returns 0 with lane[] where each stream stopped.
 */
static inline __attribute__((always_inline, target("avx2"))) int lanes_body(const int64_t *fx, size_t K,
									size_t m, struct rng *lane,
									size_t q, int64_t *sums)
{
	const u64x4 vm = { m, m, m, m };
	u64x4 s0, s1, s2, s3;
	size_t b, i, l;

	for (l = 0; l < 4; l++) {
		s0[l] = lane[l].s[0];
		s1[l] = lane[l].s[1];
		s2[l] = lane[l].s[2];
		s3[l] = lane[l].s[3];
	}
	for (b = 0; b < q; b++) {
		const u64x4 a0 = s0, a1 = s1, a2 = s2, a3 = s3;
		u64x4 alarm = { 0, 0, 0, 0 };
		i64x8 acc8[1] = { { 0 } };	/* unused: rows of 8 in two 256-bit halves */
		i64x4 acc4[4][2] = { { { 0 } } };	/* each lane's sums (lane_add()) */
		i64x2 acc2[4] = { { 0 } };

		for (i = 0; i < m; i++) {
			u64x4 x = s1 * 5, r = ((x << 7) | (x >> 57)) * 9, t = s1 << 17, h;

			s2 ^= s0;
			s3 ^= s1;
			s1 ^= s2;
			s0 ^= s3;
			s2 ^= t;
			s3 = (s3 << 45) | (s3 >> 19);
			h = (u64x4)_mm256_mul_epu32((__m256i)(r >> 32), (__m256i)vm) +
			    ((u64x4)_mm256_mul_epu32((__m256i)r, (__m256i)vm) >> 32);
			alarm |= (u64x4)((h << 32) == 0);
			h = (h >> 32) * K;
#pragma GCC unroll 4
			for (l = 0; l < 4; l++)
				lane_add(fx + h[l], K, 0, &acc8[0], acc4[l], &acc2[l]);
		}
		if (alarm[0] | alarm[1] | alarm[2] | alarm[3])
			for (l = 0; l < 4; l++) {
				struct rng g = { { a0[l], a1[l], a2[l], a3[l] } };

				if (draws_reject(g, m))
					return -1;
			}
		for (l = 0; l < 4; l++)
			lane_sums(K, 0, &acc8[0], acc4[l], &acc2[l], sums + (l * q + b) * K);
	}
	for (l = 0; l < 4; l++) {
		lane[l].s[0] = s0[l];
		lane[l].s[1] = s1[l];
		lane[l].s[2] = s2[l];
		lane[l].s[3] = s3[l];
	}
	return 0;
}

static __attribute__((target("avx2"))) int lanes_avx2(const int64_t *fx, size_t K, size_t m,
						       struct rng *lane, size_t q, int64_t *sums)
{
	switch (K) {
	case 2: return lanes_body(fx, 2, m, lane, q, sums);
	case 4: return lanes_body(fx, 4, m, lane, q, sums);
	default: return lanes_body(fx, 8, m, lane, q, sums);
	}
}

typedef uint64_t u64x8 __attribute__((vector_size(64)));

/* lanes_body() with eight lanes in 512-bit vectors. */
static inline __attribute__((always_inline, target("avx2,avx512f,avx512vl"))) int
lanes8_body(const int64_t *fx, size_t K, size_t m, struct rng *lane, size_t q, int64_t *sums)
{
	const u64x8 vm = { m, m, m, m, m, m, m, m }, lo32 = vm * 0 + 0xffffffff;
	u64x8 s0, s1, s2, s3;
	volatile uint64_t off[8] __attribute__((aligned(64)));
	size_t b, i, l;

	for (l = 0; l < 8; l++) {
		s0[l] = lane[l].s[0];
		s1[l] = lane[l].s[1];
		s2[l] = lane[l].s[2];
		s3[l] = lane[l].s[3];
	}
	for (b = 0; b < q; b++) {
		const u64x8 a0 = s0, a1 = s1, a2 = s2, a3 = s3;
		__mmask8 alarm = 0;
		i64x8 acc8[8] = { { 0 } };	/* each lane's sums (lane_add()) */
		i64x4 acc4[8][2] = { { { 0 } } };
		i64x2 acc2[8] = { { 0 } };

		for (i = 0; i < m; i++) {
			u64x8 x = s1 * 5, r = ((x << 7) | (x >> 57)) * 9, t = s1 << 17, h;

			s2 ^= s0;
			s3 ^= s1;
			s1 ^= s2;
			s0 ^= s3;
			s2 ^= t;
			s3 = (s3 << 45) | (s3 >> 19);
			h = (u64x8)_mm512_mul_epu32((__m512i)(r >> 32), (__m512i)vm) +
			    ((u64x8)_mm512_mul_epu32((__m512i)r, (__m512i)vm) >> 32);
			alarm |= _mm512_testn_epi64_mask((__m512i)h, (__m512i)lo32);
			/* the rows' offsets through memory: loads are cheaper than extractions */
			*(volatile u64x8 *)off = (h >> 32) * K;
#pragma GCC unroll 8
			for (l = 0; l < 8; l++)
				lane_add(fx + off[l], K, 1, &acc8[l], acc4[l], &acc2[l]);
		}
		for (l = 0; l < 8; l++)
			if (alarm >> l & 1) {
				struct rng g = { { a0[l], a1[l], a2[l], a3[l] } };

				if (draws_reject(g, m))
					return -1;
			}
		for (l = 0; l < 8; l++)
			lane_sums(K, 1, &acc8[l], acc4[l], &acc2[l], sums + (l * q + b) * K);
	}
	for (l = 0; l < 8; l++) {
		lane[l].s[0] = s0[l];
		lane[l].s[1] = s1[l];
		lane[l].s[2] = s2[l];
		lane[l].s[3] = s3[l];
	}
	return 0;
}

static __attribute__((target("avx2,avx512f,avx512vl"))) int lanes_avx512(const int64_t *fx, size_t K,
									  size_t m, struct rng *lane,
									  size_t q, int64_t *sums)
{
	switch (K) {
	case 2: return lanes8_body(fx, 2, m, lane, q, sums);
	case 4: return lanes8_body(fx, 4, m, lane, q, sums);
	default: return lanes8_body(fx, 8, m, lane, q, sums);
	}
}
#endif

enum boot_path boot_path_best(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512f"))
		return BOOT_PATH_AVX512;
	if (__builtin_cpu_supports("avx2"))
		return BOOT_PATH_AVX2;
#endif
	return BOOT_PATH_SCALAR;
}

int boot_draws(const int64_t *fx, size_t K, size_t m, struct rng *g, size_t nboot, int64_t *sums,
	       enum boot_path path)
{
	size_t b0 = 0;

	if (path == BOOT_PATH_AUTO)
		path = (double)nboot * (double)m >= BOOT_LANES_MIN ? boot_path_best() : BOOT_PATH_SCALAR;
	if (path != BOOT_PATH_SCALAR && path != boot_path_best() && !(path == BOOT_PATH_AVX2 &&
								      boot_path_best() == BOOT_PATH_AVX512))
		return -1;
#if defined(__x86_64__) && defined(__GNUC__)
	if (path != BOOT_PATH_SCALAR && m > 0 && m <= UINT32_MAX) {
		size_t L = path == BOOT_PATH_AVX512 ? 8 : 4, q = nboot / L, l;
		struct rng lane[8];
		uint64_t jp[4];
		int rc;

		if (q > 0) {
			rng_jump_poly(jp, (uint64_t)q * m);
			lane[0] = *g;
			for (l = 1; l < L; l++) {
				lane[l] = lane[l - 1];
				rng_jump(&lane[l], jp);
			}
			rc = L == 8 ? lanes_avx512(fx, K, m, lane, q, sums) : lanes_avx2(fx, K, m, lane, q, sums);
			if (rc == 0) {
				*g = lane[L - 1];
				b0 = L * q;
			}
		}
	}
#endif
	switch (K) {
	case 2: scalar_sums(fx, 2, m, g, b0, nboot, sums); break;
	case 4: scalar_sums(fx, 4, m, g, b0, nboot, sums); break;
	default: scalar_sums(fx, 8, m, g, b0, nboot, sums); break;
	}
	return 0;
}

/* One hash entry of the sparse shuffle: position + 1 (0: empty) and the row there. */
struct moved {
	size_t pos1, row;
};

/* The row at position p of the shuffle: moved there, or idx[p] (p). */
static size_t moved_get(const struct moved *h, size_t mask, const size_t *idx, size_t p)
{
	size_t k = (p * 0x9E3779B97F4A7C15ull) >> 20 & mask;

	for (; h[k].pos1; k = (k + 1) & mask)
		if (h[k].pos1 == p + 1)
			return h[k].row;
	return idx ? idx[p] : p;
}

static void moved_set(struct moved *h, size_t mask, size_t p, size_t row)
{
	size_t k = (p * 0x9E3779B97F4A7C15ull) >> 20 & mask;

	for (; h[k].pos1 && h[k].pos1 != p + 1; k = (k + 1) & mask)
		;
	h[k].pos1 = p + 1;
	h[k].row = row;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Type 7 quantile of sorted x[0..n). */
static double sorted_quantile(const double *x, size_t n, double p)
{
	double h = (double)(n - 1) * p, g;
	size_t j = (size_t)floor(h);

	g = h - (double)j;
	if (j + 1 >= n)
		return x[n - 1];
	return x[j] + g * (x[j + 1] - x[j]);
}

int boot_means(struct boot_result *r, const double *rows, size_t k, const size_t *idx,
	       size_t n, double (*stat)(void *ctx, const double *means), void *ctx,
	       size_t nboot, size_t max_m, double conf, uint64_t seed)
{
	double *sum = NULL, *cnt = NULL, *means = NULL, *val = NULL, *w = NULL, *rep = NULL;
	struct boot_row *block = NULL;	/* k <= BOOT_LANES: per row, values and 0/1 weights */
	int64_t *fx = NULL;		/* the block in fixed point, when exact (fixed_scale) */
	int64_t *sums = NULL;		/* its replicates' column sums (boot_draws) */
	struct moved *moved = NULL;	/* the positions the shuffle moved */
	size_t *pick = NULL, m, i, b, d, hmask = 0, nfloat = nboot; /* replicates of the float loop */
	double theta_s;
	struct rng g;
	int rc = -1, S, cb;

	memset(r, 0, sizeof(*r));
	r->estimate = r->lo = r->hi = NAN;
	r->n = n;
	r->nboot = nboot;
	sum = malloc((k + 1) * sizeof(*sum));
	cnt = malloc((k + 1) * sizeof(*cnt));
	means = malloc((k + 1) * sizeof(*means));
	if (!sum || !cnt || !means)
		goto out;
	column_means(rows, k, idx, n, sum, cnt, means);
	r->estimate = stat(ctx, means);
	rc = 0;
	if (isnan(r->estimate)) {
		r->note = STAT_NO_DATA;
		goto out;
	}
	if (n < 2 || nboot < 2 || !(conf > 0 && conf < 1)) {
		r->note = STAT_TOO_FEW;
		goto out;
	}
	rc = -1;
	rng_seed(&g, seed);
	m = max_m > 1 && n > max_m ? max_m : n;
	r->m = m;
	pick = malloc(m * sizeof(*pick));
	if (k <= BOOT_LANES)
		block = calloc(m, sizeof(*block));
	else {
		val = malloc(m * k * sizeof(*val));
		w = malloc(m * k * sizeof(*w));
	}
	rep = malloc(nboot * sizeof(*rep));
	if (!pick || (k <= BOOT_LANES ? !block : !val || !w) || !rep)
		goto out;
	/*
	 * Simple random sample of m rows without replacement: a partial
	 * Fisher-Yates shuffle of idx[0..n), the positions it moves kept in a
	 * hash (at most 2m of them) rather than in a copy of the n rows.
	 */
	if (m < n) {
		for (hmask = 1; hmask < 4 * m; hmask <<= 1)
			;
		moved = calloc(hmask, sizeof(*moved));
		if (!moved)
			goto out;
		hmask--;
		for (i = 0; i < m; i++) {
			size_t j = i + (size_t)rng_below(&g, n - i);
			size_t ri = moved_get(moved, hmask, idx, i), rj = moved_get(moved, hmask, idx, j);

			/* position i is not read again: only j needs its new row */
			moved_set(moved, hmask, j, ri);
			pick[i] = rj;
		}
	} else {
		for (i = 0; i < m; i++)
			pick[i] = idx ? idx[i] : i;
	}
	for (i = 0; i < m; i++) {
		const double *row = rows + pick[i] * k;

		for (d = 0; d < k; d++) {
			int miss = isnan(row[d]);

			if (k <= BOOT_LANES) {
				block[i].v[d] = miss ? 0 : (float)row[d];
				block[i].w[d] = miss ? 0 : 1;
			} else {
				val[i * k + d] = miss ? 0 : row[d];
				w[i * k + d] = miss ? 0 : 1;
			}
		}
	}
	column_means(rows, k, pick, m, sum, cnt, means);
	theta_s = stat(ctx, means);
	if (k <= BOOT_LANES && fixed_scale(block, m, k, &S, &cb)) {
		/* rows of K = k rounded up to 2, 4 or 8 columns */
		size_t K = k <= 2 ? 2 : k <= 4 ? 4 : 8;

		/* rows on cache lines: the lanes load a row of 8 as one 64-byte vector */
		fx = aligned_alloc(64, (m * K * sizeof(*fx) + 63) / 64 * 64);
		if (!fx)
			goto out;
		for (i = 0; i < m; i++)
			for (d = 0; d < K; d++)
				fx[i * K + d] = d < k && block[i].w[d] ?
						(int64_t)ldexp(block[i].v[d], S) * ((int64_t)1 << cb) + 1 : 0;
		sums = malloc(nboot * K * sizeof(*sums));
		if (!sums)
			goto out;
		boot_draws(fx, K, m, &g, nboot, sums, BOOT_PATH_AUTO);
		for (b = 0; b < nboot; b++) {
			const int64_t mask = ((int64_t)1 << cb) - 1;
			double t;

			for (d = 0; d < k; d++) {
				int64_t c = sums[b * K + d], cn = c & mask;

				means[d] = cn > 0 ? ldexp((double)((c - cn) / ((int64_t)1 << cb)), -S) /
						    (double)cn : NAN;
			}
			t = stat(ctx, means);
			if (isfinite(t))
				rep[r->nvalid++] = t;
		}
		nfloat = 0;
	}
	for (b = 0; b < nfloat; b++) {
		double t;

		if (k <= BOOT_LANES) {
			/* Fixed width: the compiler keeps the sums in registers and vectorises. */
			double ls[BOOT_LANES] = { 0 };
			uint32_t lc[BOOT_LANES] = { 0 };

			for (i = 0; i < m; i++) {
				const struct boot_row *row = &block[rng_below(&g, m)];

				/* unrolled, so that the sums stay in registers rather than memory */
#pragma GCC unroll 8
				for (d = 0; d < BOOT_LANES; d++) {
					ls[d] += row->v[d];
					lc[d] += row->w[d];
				}
			}
			for (d = 0; d < k; d++)
				means[d] = lc[d] > 0 ? ls[d] / (double)lc[d] : NAN;
		} else {
			for (d = 0; d < k; d++)
				sum[d] = cnt[d] = 0;
			for (i = 0; i < m; i++) {
				size_t row = (size_t)rng_below(&g, m) * k;

				for (d = 0; d < k; d++) {
					sum[d] += val[row + d];
					cnt[d] += w[row + d];
				}
			}
			for (d = 0; d < k; d++)
				means[d] = cnt[d] > 0 ? sum[d] / cnt[d] : NAN;
		}
		t = stat(ctx, means);
		if (isfinite(t))
			rep[r->nvalid++] = t;
	}
	rc = 0;
	if ((double)r->nvalid < 0.99 * (double)nboot || r->nvalid < 2) {
		r->note = STAT_TOO_FEW;
		goto out;
	}
	qsort(rep, r->nvalid, sizeof(*rep), cmp_dbl);
	r->lo = sorted_quantile(rep, r->nvalid, (1 - conf) / 2);
	r->hi = sorted_quantile(rep, r->nvalid, 1 - (1 - conf) / 2);
	if (m < n) {
		double f = sqrt((double)m / (double)n);

		r->lo = r->estimate + f * (r->lo - theta_s);
		r->hi = r->estimate + f * (r->hi - theta_s);
	}
	r->note = STAT_OK;
out:
	free(sum);
	free(cnt);
	free(means);
	free(val);
	free(w);
	free(block);
	free(fx);
	free(sums);
	free(moved);
	free(rep);
	free(pick);
	return rc;
}
