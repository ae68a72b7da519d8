/*
 * match_bench: the matching at the scale of a region's programme, 2,000
 * needs x 5,000 offers (arguments change them), drawn with a fixed seed:
 * postcodes of the Pays de la Loire (the table's codes starting 44, 49,
 * 53, 72, 85), 11 skills, seats and missions, 40 companies with quotas.
 * Prints the time and memory of building the pairs, of the optimal
 * matching (GLPK) and of the greedy reference, their objectives and the
 * gap.  Not part of `make check`: `make bench-match`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analysis/match.h"
#include "analysis/postcodes.h"
#include "util/diag.h"

static unsigned long state = 2463534242ul;

static unsigned rnd(unsigned n)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds of this process (user + system): the machine may be shared. */
static double cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	static const struct match_skill skills[11] = {
		{ "finances", NULL, NULL }, { "juridique", NULL, NULL }, { "rh", NULL, NULL },
		{ "numerique", NULL, NULL }, { "communication", NULL, NULL }, { "immobilier", NULL, NULL },
		{ "strategie", NULL, NULL }, { "gestion_projet", NULL, NULL }, { "qualite_securite", NULL, NULL },
		{ "collecte_fonds", NULL, NULL }, { "autre", NULL, NULL },
	};
	static const struct match_skill sectors[6] = {
		{ "personnes_agees", NULL, NULL }, { "handicap", NULL, NULL }, { "protection_enfance", NULL, NULL },
		{ "lutte_exclusions", NULL, NULL }, { "sante", NULL, NULL }, { "domicile", NULL, NULL },
	};
	size_t nneed = argc > 1 ? strtoul(argv[1], NULL, 10) : 2000;
	size_t noffer = argc > 2 ? strtoul(argv[2], NULL, 10) : 5000;
	size_t ncompany = 40, i, npc = 0, *pc;
	struct match_need *need = calloc(nneed, sizeof(*need));
	struct match_offer *offer = calloc(noffer, sizeof(*offer));
	struct match_company *company = calloc(ncompany, sizeof(*company));
	char (*names)[16] = calloc(ncompany, sizeof(*names));
	struct match_input in = { 0 };
	struct match_problem p;
	struct match_result opt, gr;
	struct error err;
	double t0, t_build, t_opt, t_greedy, c0, c_build, c_opt, c_greedy;
	long kb0 = peak_kb(), kb_build, kb_opt;

	pc = calloc(npostcodes, sizeof(*pc));
	if (!need || !offer || !company || !names || !pc)
		return 1;
	for (i = 0; i < npostcodes; i++) {
		const char *c = postcodes[i].code;

		if (!strncmp(c, "44", 2) || !strncmp(c, "49", 2) || !strncmp(c, "53", 2) ||
		    !strncmp(c, "72", 2) || !strncmp(c, "85", 2))
			pc[npc++] = i;
	}
	for (i = 0; i < ncompany; i++) {
		snprintf(names[i], sizeof(names[i]), "E%02zu", i);
		company[i].name = names[i];
		company[i].quota = rnd(4) ? 40.0 + rnd(200) : -1;
	}
	for (i = 0; i < nneed; i++) {
		struct match_need *n = &need[i];
		const struct postcode *c = &postcodes[pc[rnd((unsigned)npc)]];

		n->id = "n";
		n->association = "A";
		n->kind = rnd(3) ? MATCH_MISSION : MATCH_SEAT;
		n->skills = (1u << rnd(11)) | (rnd(2) ? 1u << rnd(11) : 0);
		n->hours = 2 + rnd(10);
		n->moments = rnd(8);
		n->postcode = c->code;
		n->lat = c->lat, n->lon = c->lon, n->located = 1;
		n->remote = rnd(4) == 0;
		n->sectors = 1u << rnd(6);
		n->places = 1 + (rnd(5) == 0);
	}
	for (i = 0; i < noffer; i++) {
		struct match_offer *o = &offer[i];
		const struct postcode *c = &postcodes[pc[rnd((unsigned)npc)]];
		unsigned s;

		o->id = "o";
		o->name = "o";
		o->company = rnd((unsigned)ncompany);
		o->skills = (1u << rnd(11)) | (1u << rnd(11)) | (rnd(2) ? 1u << rnd(11) : 0);
		for (s = 0; s < 11; s++)
			o->level[s] = (unsigned char)(1 + rnd(3));
		o->hours = 2 + rnd(14);
		o->moments = 1 + rnd(7);
		o->postcode = c->code;
		o->lat = c->lat, o->lon = c->lon, o->located = 1;
		o->max_km = 5 + rnd(40);
		o->remote = rnd(3) == 0;
		o->sectors = rnd(2) ? 1u << rnd(6) : 0;
		o->seat = rnd(3) == 0;
		o->max_missions = 1 + (rnd(4) == 0);
	}
	in.skill = skills, in.nskill = 11, in.sector = sectors, in.nsector = 6;
	in.need = need, in.nneed = nneed, in.offer = offer, in.noffer = noffer;
	in.company = company, in.ncompany = ncompany;
	match_weights_default(&in.w);

	t0 = now(), c0 = cpu();
	if (match_build(&in, &p, &err) < 0)
		return fprintf(stderr, "build: %s\n", err.msg), 1;
	t_build = now() - t0, c_build = cpu() - c0;
	kb_build = peak_kb();
	t0 = now(), c0 = cpu();
	if (match_greedy(&p, &gr) < 0)
		return fprintf(stderr, "greedy: out of memory\n"), 1;
	t_greedy = now() - t0, c_greedy = cpu() - c0;
	t0 = now(), c0 = cpu();
	if (match_solve(&p, &opt, &err) < 0)
		return fprintf(stderr, "solve: %s\n", err.msg), 1;
	t_opt = now() - t0, c_opt = cpu() - c0;
	kb_opt = peak_kb();

	printf("matching benchmark: %zu needs x %zu offers, %zu companies (seed fixed)\n", nneed, noffer, ncompany);
	printf("  possible pairs         %zu (of %zu; within %g km or remote, skills, seat, conflicts, hours)\n",
	       p.npair, nneed * noffer, in.w.max_km);
	printf("  build pairs            %.3f s (cpu %.3f s), peak memory %ld MB (%ld MB before)\n", t_build,
	       c_build, kb_build / 1024, kb0 / 1024);
	printf("  greedy reference       %.3f s (cpu %.3f s), %zu pairs, objective %.2f\n", t_greedy, c_greedy,
	       gr.nchosen, gr.objective);
	printf("  optimal (GLPK)         %.3f s (cpu %.3f s), %zu pairs, objective %.2f, %s; peak memory %ld MB\n",
	       t_opt, c_opt, opt.nchosen, opt.objective,
	       opt.proven ? "proven optimal" : "not proven optimal", kb_opt / 1024);
	printf("  LP bound               %.2f: the optimal matching is within %.2f %% of it\n", opt.bound,
	       opt.bound > 0 ? 100 * (opt.bound - opt.objective) / opt.bound : 0);
	printf("  optimal - greedy       %+.2f (%+.2f %%), %+zd pairs\n", opt.objective - gr.objective,
	       gr.objective > 0 ? 100 * (opt.objective - gr.objective) / gr.objective : 0,
	       (ssize_t)opt.nchosen - (ssize_t)gr.nchosen);
	printf("  feasible               optimal %s, greedy %s\n", match_feasible(&p, opt.chosen) ? "yes" : "NO",
	       match_feasible(&p, gr.chosen) ? "yes" : "NO");
	match_result_release(&opt);
	match_result_release(&gr);
	match_problem_release(&p);
	free(need);
	free(offer);
	free(company);
	free(names);
	free(pc);
	return 0;
}
