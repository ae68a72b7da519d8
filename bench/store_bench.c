/*
 * store_bench: how fast the workspace stores and reads answers at scale.
 * It writes N respondents (default 1,000,000) with 40 answers each in one
 * transaction through the public store API, once with two calls per
 * respondent (store_respondent_add, store_answers_save) and once with one
 * (store_respondent_add_answers, as an import does); then it reopens the
 * file (which runs PRAGMA quick_check) and reads every answer back with
 * store_answers_each().  It prints the wall-clock time of each step and the
 * file size.  Not part of `make check`; build and
 * run by hand:
 *
 *   make build/default/libutilis.a
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Isrc -o build/store_bench bench/store_bench.c \
 *      build/default/libutilis.a -lsqlite3 -lm
 *   build/store_bench [N] [FILE]
 *
 * FILE defaults to $TMPDIR/utilis-store-bench.db (or under /tmp); it is
 * replaced at the start and removed at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"

#define NQ 40

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void remove_db(const char *path)
{
	char aux[4200];

	unlink(path);
	snprintf(aux, sizeof(aux), "%s-wal", path);
	unlink(aux);
	snprintf(aux, sizeof(aux), "%s-shm", path);
	unlink(aux);
}

struct sums {
	long long rows;		/* respondents seen */
	long long total;	/* sum of all answers */
};

static int add_up(void *ctx, const struct respondent *r, const struct answer *a, size_t n)
{
	struct sums *s = ctx;

	(void)r;
	for (size_t i = 0; i < n; i++)
		s->total += a[i].value[0] - '0';
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
 * *want receives the sum of all answers.
 */
static int fill(const char *path, long n, int one_insert, long long *want)
{
	char names[NQ][8], values[NQ][2];
	struct answer a[NQ];
	struct store *st;
	struct error err;
	struct survey_version sv;
	enum store_put_result res;
	struct stat sb;
	double t0, t1, t2;
	int64_t id;

	remove_db(path);
	for (int q = 0; q < NQ; q++) {
		snprintf(names[q], sizeof(names[q]), "q%d", q + 1);
		a[q].name = names[q];
		a[q].value = values[q];
		values[q][1] = '\0';
	}
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
			int v = (int)((i * 7 + q * 3) % 5) + 1;

			values[q][0] = (char)('0' + v);
			*want += v;
		}
		if (one_insert) {
			if (store_respondent_add_answers(st, sv.id, NULL, NULL, NULL, NULL,
							 a, NQ, 1, &id, &err))
				return die("insert", &err);
		} else if (store_respondent_add(st, sv.id, NULL, NULL, NULL, NULL, &id, &err) ||
			   store_answers_save(st, id, a, NQ, 1, &err)) {
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
		printf("  file size: %.1f MB\n", sb.st_size / 1e6);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	struct store *st;
	struct error err;
	struct sums sums = { 0, 0 };
	long long want;
	double t0;

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
	printf("open, PRAGMA quick_check included: %.2f s\n", now() - t0);

	t0 = now();
	if (store_answers_each(st, "bench", 0, 1, add_up, &sums, &err))
		return die("read", &err);
	printf("read back with store_answers_each: %.2f s (%lld rows, sum %s)\n",
	       now() - t0, sums.rows, sums.total == want ? "ok" : "WRONG");
	store_close(st);
	remove_db(path);
	return sums.total == want && sums.rows == n ? 0 : 1;
}
