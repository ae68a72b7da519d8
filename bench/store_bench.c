/*
 * store_bench: how fast the workspace stores and reads answers at scale.
 * It writes N respondents (default 1,000,000) with 40 Likert answers
 * ("1".."5") each in one transaction through the public store API, once
 * with two calls per respondent (store_respondent_add, store_answers_save,
 * as the web forms do) and once with one (store_respondent_add_answers, as
 * an import does); then it reopens the file, runs store_check() (PRAGMA
 * quick_check, no longer part of opening) and reads every answer back with
 * store_answers_each().  It prints the wall-clock time of each step and the
 * file size.  Compiled by `make check`, run by hand:
 *
 *   make bench-store [BENCH_N=N]      (or build/default/store_bench [N] [FILE])
 *
 * FILE defaults to $TMPDIR/utilis-store-bench.db (or under /tmp); it is
 * replaced at the start and removed at the end.  Exit status 0 when every
 * answer read back is the one written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define NQ 40	/* questions per respondent */

/* The answers: the five points of a Likert scale. */
static const char *const likert[5] = { "1", "2", "3", "4", "5" };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Remove the workspace and its WAL files. */
static void remove_db(const char *path)
{
	char aux[4200];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

/* Answer of respondent i to question q, 1..5. */
static int answer_of(long i, int q)
{
	return (int)((i * 7 + q * 3) % 5) + 1;
}

struct sums {
	long long rows;		/* respondents seen */
	long long total;	/* sum of all answers */
	long long bad;		/* rows with the wrong number of answers or a NULL */
};

static int add_up(void *ctx, const struct respondent *r, const char *const *values,
		  size_t n)
{
	struct sums *s = ctx;

	(void)r;
	if (n != NQ)
		s->bad++;
	for (size_t i = 0; i < n; i++) {
		if (values[i])
			s->total += values[i][0] - '0';
		else
			s->bad++;
	}
	s->rows++;
	return 0;
}

static int die(const char *step, const struct error *err)
{
	fprintf(stderr, "store_bench: %s: %s\n", step, err->msg);
	return 1;
}

/*
 * Fill a new workspace at path with n respondents, through
 * store_respondent_add_answers() when one_insert, else through
 * store_respondent_add() and store_answers_save(); print the times.
 * *want receives the sum of all answers.  0, or 1 after a message.
 */
static int fill(const char *path, long n, int one_insert, long long *want)
{
	const char *values[NQ];
	struct store *st;
	struct error err;
	struct survey_version sv;
	enum store_put_result res;
	struct stat sb;
	double t0, t1, t2;
	int64_t id;

	remove_db(path);
	if (store_open(&st, path, STORE_CREATE, &err) ||
	    store_survey_put(st, "bench", 1, "Bench", NULL, "form_id: bench\n", &res, &err) ||
	    store_survey_get(st, "bench", 1, &sv, &err) != 1)
		return die("setup", &err);

	*want = 0;
	t0 = now();
	if (store_begin(st, &err))
		return die("begin", &err);
	for (long i = 0; i < n; i++) {
		for (int q = 0; q < NQ; q++) {
			int v = answer_of(i, q);

			values[q] = likert[v - 1];
			*want += v;
		}
		if (one_insert) {
			if (store_respondent_add_answers(st, sv.id, NULL, NULL, NULL, NULL,
							 values, NQ, 1, &id, &err))
				return die("insert", &err);
		} else if (store_respondent_add(st, sv.id, NULL, NULL, NULL, NULL, &id, &err) ||
			   store_answers_save(st, id, values, NQ, 1, &err)) {
			return die("insert", &err);
		}
	}
	t1 = now();
	if (store_commit(st, &err))
		return die("commit", &err);
	t2 = now();
	survey_version_release(&sv);
	store_close(st);
	printf("insert %ld x %d answers, one transaction, %s: %.2f s "
	       "(rows %.2f s, commit %.2f s, close %.2f s)\n", n, NQ,
	       one_insert ? "store_respondent_add_answers" :
	       "store_respondent_add + store_answers_save",
	       now() - t0, t1 - t0, t2 - t1, now() - t2);
	if (stat(path, &sb) == 0)
		printf("  file size: %.1f MB (%.1f bytes a respondent)\n", sb.st_size / 1e6,
		       n ? (double)sb.st_size / n : 0.0);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct store *st;
	struct error err;
	struct sums sums = { 0, 0, 0 };
	long long want;
	double t0;
	int ok;

	if (argc > 2)
		snprintf(path, sizeof(path), "%s", argv[2]);
	else
		snprintf(path, sizeof(path), "%s/utilis-store-bench.db",
			 tmp && *tmp ? tmp : "/tmp");
	if (fill(path, n, 0, &want) || fill(path, n, 1, &want))
		return 1;

	t0 = now();
	if (store_open(&st, path, 0, &err))
		return die("reopen", &err);
	printf("open: %.3f s\n", now() - t0);

	t0 = now();
	if (store_check(st, &err))
		return die("check", &err);
	printf("store_check (PRAGMA quick_check): %.2f s\n", now() - t0);

	t0 = now();
	if (store_answers_each(st, "bench", 0, 1, NQ, add_up, &sums, &err))
		return die("read", &err);
	ok = sums.total == want && sums.rows == n && sums.bad == 0;
	printf("read back with store_answers_each: %.2f s (%lld rows, sum %s)\n",
	       now() - t0, sums.rows, ok ? "ok" : "WRONG");
	store_close(st);
	remove_db(path);
	return ok ? 0 : 1;
}
