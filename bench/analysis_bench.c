/*
 * analysis_bench: how fast `utilis indicators compute` scores the
 * social-utility indicator set on a million respondents, and how that
 * compares with R on the same data.
 *
 * Steps, each timed:
 *   1. write N respondents (default 1,000,000) of surveys/utilite-sociale.yaml
 *      into a new workspace through the store's bulk API — answers drawn from
 *      one latent trait per dimension, reverse-coded items, about 4% of items
 *      skipped, stakeholder types with their inside/outside split — and the
 *      same answers to a CSV file for R;
 *   2. run the real binary, `utilis indicators compute
 *      indicators/utilite-sociale.yaml --by BY --format json`, as a child
 *      process: wall time and peak memory (getrusage of the child), reading
 *      from the workspace, the bootstrap of the composite included; once with
 *      the set's own breakdown (interne_externe, 2 groups) and once by
 *      partie_prenante (11 groups, so 12 bootstraps);
 *      Both are run BENCH_RUNS times (default 3), interleaved with
 *   3. bench/analysis_lean.R, the lean R pipeline of the same work (fread,
 *      alpha from the covariance matrix, scores, group means, analyses of
 *      variance, the composite's 12 bootstraps); the medians of the wall-clock
 *      time, of the CPU time (user + system) and of the peak memory are printed;
 *   4. once, bench/analysis_bench.R: data.table::fread of the CSV, psych::alpha
 *      on the 4 items of each of the 6 dimensions, and the same dimension
 *      scores and group means (coverage rule and reverse coding included)
 *      (BENCH_PSYCH=0 skips it: psych::alpha alone takes minutes);
 *   5. print the figures, the ratios, and the largest difference between
 *      R's and utilis's alphas and group means (the same data, so they must
 *      agree to rounding).
 * Not part of `make check`: it takes minutes, most of them in R.  From
 * the top of the tree:
 *
 *   make bench-analysis                  (BENCH_N=100000 for a smaller run)
 *   build/default/analysis_bench [N] [DIR]
 *
 * DIR (default $TMPDIR or /tmp) receives the workspace and the CSV, removed
 * at the end; $UTILIS_BIN names another binary to time.  R with psych and data.table is needed for steps 3 and 4 (`make
 * deps`); without Rscript the R part is skipped and said so.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analysis/stats.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/json.h"

#define NDIM 6
#define NITEM 4

static const char *const items[NDIM][NITEM] = {
	{ "bes_reels", "bes_emergents", "bes_effets", "bes_eloignement" },
	{ "lien_rencontres", "lien_isolement", "lien_participation", "lien_engagement" },
	{ "ega_droits", "ega_acces", "ega_plaidoyer", "ega_exclus" },
	{ "ter_connaissance", "ter_interlocuteur", "ter_emploi", "ter_couts_evites" },
	{ "inn_experimente", "inn_cooperation", "inn_essaimage", "inn_habitudes" },
	{ "gouv_democratie", "gouv_benevoles", "gouv_parties_prenantes", "gouv_valeurs" },
};

/* Stakeholder types, their share of respondents (per mille) and side. */
static const struct {
	const char *name;
	int permille;
	const char *side;
} types[] = {
	{ "salarie", 180, "interne" }, { "benevole", 120, "interne" },
	{ "administrateur", 80, "interne" }, { "adherent", 150, "interne" },
	{ "personne_accompagnee", 100, "interne" }, { "financeur", 60, "externe" },
	{ "partenaire_public", 90, "externe" }, { "entreprise", 50, "externe" },
	{ "autre_association", 80, "externe" }, { "chercheur", 40, "externe" },
	{ "autre", 50, NULL },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double normal(struct rng *g)
{
	double u = ((double)(rng_next(g) >> 11) + 0.5) / 9007199254740992.0;
	double v = ((double)(rng_next(g) >> 11) + 0.5) / 9007199254740992.0;

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static int die(const char *step, const char *msg)
{
	fprintf(stderr, "analysis_bench: %s: %s\n", step, msg);
	return 1;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* Fill the workspace and the CSV.  Returns 0 or 1 (message printed). */
static int generate(const char *db, const char *csv, long n)
{
	struct survey *s = NULL;
	struct diags d = DIAGS_INIT;
	struct store *st = NULL;
	struct store_bulk *bulk = NULL;
	struct survey_version sv;
	enum store_put_result res;
	struct error err;
	struct rng g;
	size_t len, slot[NDIM][NITEM], s_type, s_autre, s_pos, s_ie, s_objet, s_duree, s_dep, s_sat;
	int rev[NDIM][NITEM];
	char *src = read_all("surveys/utilite-sociale.yaml", &len);
	const char **values;
	char num[NDIM][NITEM][4], sat[4];
	FILE *out;
	long i;
	int j, k;

	if (!src)
		return die("surveys/utilite-sociale.yaml", strerror(errno));
	if (survey_load(&s, "utilite-sociale.yaml", src, len, &d) < 0)
		return die("survey", d.n ? d.v[0].msg : "does not load");
	diags_release(&d);
	for (j = 0; j < NDIM; j++)
		for (k = 0; k < NITEM; k++) {
			const struct question *q = survey_find(s, items[j][k]);

			slot[j][k] = q->index;
			rev[j][k] = q->reverse;
		}
	s_type = survey_find(s, "partie_prenante")->index;
	s_autre = survey_find(s, "partie_prenante_autre")->index;
	s_pos = survey_find(s, "position_autre")->index;
	s_ie = survey_find(s, "interne_externe")->index;
	s_objet = survey_find(s, "objet")->index;
	s_duree = survey_find(s, "duree_relation")->index;
	s_dep = survey_find(s, "departement")->index;
	s_sat = survey_find(s, "satisfaction_globale")->index;
	values = calloc(s->nq, sizeof(*values));
	out = fopen(csv, "w");
	if (!values || !out)
		return die(csv, strerror(errno));
	fprintf(out, "partie_prenante,interne_externe");
	for (j = 0; j < NDIM; j++)
		for (k = 0; k < NITEM; k++)
			fprintf(out, ",%s", items[j][k]);
	fprintf(out, "\n");
	unlink(db);
	if (store_open(&st, db, STORE_CREATE, &err) < 0 ||
	    store_survey_put(st, s->form_id, s->version, "utilite-sociale", "utilite-sociale.yaml",
			     src, &res, &err) < 0 ||
	    store_survey_get(st, s->form_id, s->version, &sv, &err) <= 0 ||
	    store_begin(st, &err) < 0 || store_bulk_begin(st, sv.id, &bulk, &err) < 0)
		return die("workspace", err.msg);
	rng_seed(&g, 2024);
	for (i = 0; i < n; i++) {
		struct store_row row = { .values = values, .n = s->nq };
		int pick = (int)rng_below(&g, 1000), t, acc = 0;
		const char *side;
		double general = normal(&g);

		for (t = 0; t < (int)NTYPES - 1; t++) {
			acc += types[t].permille;
			if (pick < acc)
				break;
		}
		memset(values, 0, s->nq * sizeof(*values));
		values[s_type] = types[t].name;
		side = types[t].side;
		if (!side) {
			side = rng_below(&g, 2) ? "interne" : "externe";
			values[s_autre] = "autre partenaire";
			values[s_pos] = side;
		}
		values[s_ie] = side;
		values[s_objet] = rng_below(&g, 2) ? "uriopss" : "reseau";
		values[s_duree] = rng_below(&g, 3) ? "plus_5ans" : "ans_1_5";
		values[s_dep] = "44";
		snprintf(sat, sizeof(sat), "%d", (int)rng_below(&g, 11));
		values[s_sat] = sat;
		fprintf(out, "%s,%s", types[t].name, side);
		for (j = 0; j < NDIM; j++) {
			/* A trait per dimension, correlated with a general one, shifted by side. */
			double z = 0.6 * general + 0.8 * normal(&g) + (side[0] == 'i' ? 0.15 : -0.1);

			for (k = 0; k < NITEM; k++) {
				double x = 3.2 + 1.1 * (0.75 * z + 0.66 * normal(&g));
				int v = x < 1.5 ? 1 : x < 2.5 ? 2 : x < 3.5 ? 3 : x < 4.5 ? 4 : 5;

				if (rev[j][k])
					v = 6 - v;
				if (rng_below(&g, 100) < 4) {
					values[slot[j][k]] = NULL;
					fprintf(out, ",");
					continue;
				}
				snprintf(num[j][k], sizeof(num[j][k]), "%d", v);
				values[slot[j][k]] = num[j][k];
				fprintf(out, ",%d", v);
			}
		}
		fprintf(out, "\n");
		if (store_bulk_add(bulk, &row, &err) < 0)
			return die("store_bulk_add", err.msg);
	}
	if (store_bulk_finish(bulk, NULL, &err) < 0 || store_commit(st, &err) < 0)
		return die("commit", err.msg);
	survey_version_release(&sv);
	store_close(st);
	if (fclose(out) != 0)
		return die(csv, strerror(errno));
	free(values);
	survey_free(s);
	free(src);
	return 0;
}

static double last_cpu;	/* CPU time (user + system) of the latest run() */

/* Run argv with stdout to path; wall time and peak RSS (MB) of the child, its CPU time in last_cpu. */
static int run(char *const argv[], const char *path, double *secs, double *mb)
{
	struct rusage ru;
	double t0;
	int status;
	pid_t pid;

	fflush(stdout);
	t0 = now();
	pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		FILE *fp = freopen(path, "w", stdout);

		if (!fp)
			_exit(127);
		execv(argv[0], argv);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*secs = now() - t0;
	*mb = (double)ru.ru_maxrss / 1024;
	last_cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		   (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The number after "key": in text (first occurrence after from), NaN when absent. */
static double json_number_after(const char *from, const char *key)
{
	char pat[128];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(from, pat);
	return p ? strtod(p + strlen(pat), NULL) : NAN;
}

/*
 * Compare utilis's JSON with R's figures (lines "alpha DIM VALUE" and "mean
 * GROUP DIM VALUE" in r_out): the largest absolute differences.
 */
static void compare(const char *json_path, const char *r_out, double *dalpha, double *dmean)
{
	size_t len;
	char *json = read_all(json_path, &len), line[512];
	FILE *fp = fopen(r_out, "r");

	*dalpha = *dmean = NAN;
	if (!json || !fp) {
		free(json);
		if (fp)
			fclose(fp);
		return;
	}
	*dalpha = *dmean = 0;
	while (fgets(line, sizeof(line), fp)) {
		char a[64], b[64], pat[256];
		double v;
		const char *p;

		if (sscanf(line, "alpha %63s %lf", a, &v) == 2) {
			snprintf(pat, sizeof(pat), "\"dimension\": \"%s\",\n      \"survey\"", a);
			p = strstr(json, pat);
			if (p)
				*dalpha = fmax(*dalpha, fabs(json_number_after(p, "alpha") - v));
			else
				*dalpha = NAN;
		} else if (sscanf(line, "mean %63s %63s %lf", a, b, &v) == 3) {
			/* the group's object, then the cell of the dimension, then its mean */
			snprintf(pat, sizeof(pat), "\"key\": \"%s\"", a);
			p = strstr(json, pat);
			if (p) {
				snprintf(pat, sizeof(pat), "\"dimension\": \"%s\"", b);
				p = strstr(p, pat);
			}
			if (p)
				*dmean = fmax(*dmean, fabs(json_number_after(p, "mean") - v));
			else
				*dmean = NAN;
		}
	}
	fclose(fp);
	free(json);
}

/* Median of v[0..n) (n <= 9); sorts v. */
static double median(double *v, int n)
{
	int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The three load averages, as /proc/loadavg gives them, into buf. */
static const char *loadavg(char *buf, size_t size)
{
	FILE *fp = fopen("/proc/loadavg", "r");
	double a = 0, b = 0, c = 0;

	if (fp && fscanf(fp, "%lf %lf %lf", &a, &b, &c) != 3)
		a = b = c = 0;
	if (fp)
		fclose(fp);
	snprintf(buf, size, "%.2f %.2f %.2f", a, b, c);
	return buf;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
	char db[4096], csv[4096], json1[4096], json2[4096], rout[4096], dbarg[4200];
	double t, secs1, rsecs = NAN, rmb = NAN, dalpha, dmean;
	struct stat stb;
	const char *bin = getenv("UTILIS_BIN") ? getenv("UTILIS_BIN") : "build/default/utilis";
	int rc;

	if (!dir || !*dir)
		dir = "/tmp";
	if (n < 1000)
		n = 1000;
	snprintf(db, sizeof(db), "%s/utilis-analysis-bench.db", dir);
	snprintf(csv, sizeof(csv), "%s/utilis-analysis-bench.csv", dir);
	snprintf(json1, sizeof(json1), "%s/utilis-analysis-bench-1.json", dir);
	snprintf(json2, sizeof(json2), "%s/utilis-analysis-bench-2.json", dir);
	snprintf(rout, sizeof(rout), "%s/utilis-analysis-bench-r.txt", dir);
	snprintf(dbarg, sizeof(dbarg), "--db=%s", db);
	if (access(bin, X_OK) != 0)
		return die(bin, "not built; run make first, from the top of the tree");

	printf("analysis_bench: %ld respondents of utilite-sociale, 24 items in 6 dimensions\n", n);
	t = now();
	if (generate(db, csv, n))
		return 1;
	stat(db, &stb);
	printf("  generate (store bulk API + CSV)             %6.2f s   workspace %.0f MB\n",
	       now() - t, (double)stb.st_size / 1e6);

	{
		char *a1[] = { (char *)bin, dbarg, "indicators", "compute",
			       "indicators/utilite-sociale.yaml", "--format", "json", NULL };
		char *a2[] = { (char *)bin, dbarg, "indicators", "compute",
			       "indicators/utilite-sociale.yaml", "--by", "partie_prenante",
			       "--format", "json", NULL };
		char *a3[] = { "/usr/bin/env", "Rscript", "bench/analysis_lean.R", csv, NULL };
		int have_r = system("command -v Rscript >/dev/null 2>&1") == 0;
		int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 3, r, k;
		double w[3][9], c[3][9], mm[3][9], x;
		char line[256];
		FILE *fp;

		if (runs < 1 || runs > 9)
			runs = 3;
		printf("  %d rounds, interleaved (load %s)\n", runs, loadavg(line, sizeof(line)));
		for (r = 0; r < runs; r++) {
			rc = run(a1, json1, &w[0][r], &mm[0][r]);
			c[0][r] = last_cpu;
			if (rc != 0)
				return die("utilis indicators compute", "failed");
			rc = run(a2, json2, &w[1][r], &mm[1][r]);
			c[1][r] = last_cpu;
			if (rc != 0)
				return die("utilis indicators compute --by partie_prenante", "failed");
			if (!have_r)
				continue;
			rc = run(a3, rout, &w[2][r], &mm[2][r]);
			c[2][r] = last_cpu;
			if (rc != 0)
				return die("Rscript bench/analysis_lean.R", "failed");
			fp = fopen(rout, "r");	/* its own time, the start of R left out */
			while (fp && fgets(line, sizeof(line), fp))
				if (sscanf(line, "time %lf %lf", &w[2][r], &x) == 2)
					c[2][r] = x;
			if (fp)
				fclose(fp);
		}
		printf("  load after: %s\n", loadavg(line, sizeof(line)));
		printf("  median of %d                                   wall s   CPU s  peak MB\n", runs);
		for (k = 0; k < (have_r ? 3 : 2); k++) {
			static const char *const what[] = {
				"utilis indicators compute (interne_externe, 2 groups)",
				"utilis indicators compute --by partie_prenante (11)",
				"lean R (fread, alpha, means, aov, 12 bootstraps)",
			};

			printf("  %-52s %6.2f %7.2f %8.0f\n", what[k], median(w[k], runs),
			       median(c[k], runs), median(mm[k], runs));
		}
		secs1 = median(w[0], runs);
		if (have_r)
			printf("  lean R / utilis --by partie_prenante: wall %.1f, CPU %.1f "
			       "(goal of issue 19: utilis <= 1.0 s)\n",
			       median(w[2], runs) / median(w[1], runs), median(c[2], runs) / median(c[1], runs));
	}

	if (system("command -v Rscript >/dev/null 2>&1") != 0) {
		printf("  R: Rscript not found, comparison skipped (make deps installs it)\n");
	} else if (getenv("BENCH_PSYCH") && !strcmp(getenv("BENCH_PSYCH"), "0")) {
		printf("  R psych::alpha skipped (BENCH_PSYCH=0)\n");
	} else {
		char *ra[] = { "/usr/bin/env", "Rscript", "bench/analysis_bench.R", csv, NULL };
		char line[512];
		FILE *fp;
		double read = NAN, alpha = NAN, means = NAN;

		rc = run(ra, rout, &rsecs, &rmb);
		if (rc != 0)
			return die("Rscript bench/analysis_bench.R", "failed");
		fp = fopen(rout, "r");
		while (fp && fgets(line, sizeof(line), fp)) {
			sscanf(line, "time read %lf", &read);
			sscanf(line, "time alpha %lf", &alpha);
			sscanf(line, "time means %lf", &means);
		}
		if (fp)
			fclose(fp);
		printf("  R data.table::fread of the CSV               %6.2f s\n", read);
		printf("  R psych::alpha, 6 dimensions x 4 items       %6.2f s\n", alpha);
		printf("  R dimension scores and group means           %6.2f s\n", means);
		printf("  R in all (Rscript process)                   %6.2f s   peak %.0f MB\n", rsecs, rmb);
		printf("  ratio R (psych::alpha + means) / utilis (interne_externe, from the workspace,\n"
		       "    bootstrap included): %.1f; with fread: %.1f (psych::alpha is most of it)\n",
		       (alpha + means) / secs1, (read + alpha + means) / secs1);
		compare(json1, rout, &dalpha, &dmean);
		printf("  largest difference utilis - R: alpha %.2g, group mean %.2g\n", dalpha, dmean);
	}
	if (getenv("BENCH_KEEP"))	/* the workspace and the CSV, to look into */
		return 0;
	unlink(db);
	unlink(csv);
	unlink(json1);
	unlink(json2);
	unlink(rout);
	{
		char aux[4200];

		snprintf(aux, sizeof(aux), "%s-wal", db);
		unlink(aux);
		snprintf(aux, sizeof(aux), "%s-shm", db);
		unlink(aux);
	}
	return 0;
}
