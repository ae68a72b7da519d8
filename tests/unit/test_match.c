/*
 * Unit tests of analysis/match: great-circle distances (the haversine
 * reference of Sinnott 1984 as Rosetta Code gives it: Nashville BNA to Los
 * Angeles LAX, 2,887.26 km with R = 6,372.8 km, so 2,886.44 km with
 * R = 6,371 km) and the postcode table; the pairs' filters (skills, seat,
 * distance, conflict, hours) and reasons in French and English; the
 * unmatched needs' reasons; the matching file's errors at their place; the
 * optimal matching (GLPK) against brute force on 400 small random cases
 * with places, missions, hours and company quotas (same optimal
 * objective), never below the greedy reference, and the same input giving
 * the same pairs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/match.h"
#include "util/diag.h"

static const struct match_skill skills[] = {
	{ "finances", "Finances", "Finance" },
	{ "juridique", "Droit", "Law" },
	{ "rh", "Ressources humaines", "Human resources" },
	{ "numerique", "Numérique", "Digital" },
};
static const struct match_skill sectors[] = {
	{ "personnes_agees", "Personnes âgées", "Older people" },
	{ "handicap", "Handicap", "Disability" },
};

static void test_km(void **state)
{
	double lat, lon;

	(void)state;
	assert_true(fabs(match_km(36.12, -86.67, 33.94, -118.40) - 2887.2599506 * 6371 / 6372.8) < 1e-6);
	assert_true(match_km(47.2, -1.5, 47.2, -1.5) == 0);
	/* Antipodes: half the circumference, no NaN from rounding. */
	assert_true(fabs(match_km(0, 0, 0, 180) - M_PI * 6371) < 1e-6);
	/* Nantes (44000) and Angers (49000): the town halls are 47.2184 -1.5536 and 47.4712 -0.5518. */
	assert_int_equal(match_postcode("44000", &lat, &lon), 0);
	assert_true(fabs(lat - 47.2184) < 0.05 && fabs(lon + 1.5536) < 0.05);
	assert_int_equal(match_postcode("49000", &lat, &lon), 0);
	assert_true(fabs(lat - 47.4712) < 0.05 && fabs(lon + 0.5518) < 0.05);
	assert_int_equal(match_postcode("99999", &lat, &lon), -1);
	assert_int_equal(match_postcode("4400", &lat, &lon), -1);
	assert_int_equal(match_postcode(NULL, &lat, &lon), -1);
}

static void locate(const char *pc, double *lat, double *lon, int *located)
{
	*located = match_postcode(pc, lat, lon) == 0;
}

/* Three needs, three offers, one conflict: the filters and the reasons. */
static void test_pairs_and_reasons(void **state)
{
	struct match_need need[3] = { 0 };
	struct match_offer offer[3] = { 0 };
	struct match_company company[2] = { { "Banque Atlantique", 10 }, { "Numérique Loire", -1 } };
	struct match_conflict conflict[1] = { { "banque atlantique ", "Les Amis", "finance" } };
	struct match_input in = { 0 };
	struct match_problem p;
	struct match_result r;
	struct error err;
	char buf[512];
	size_t i;

	(void)state;
	/* Need 0: a treasurer seat in Nantes, finance, evenings. */
	need[0] = (struct match_need){ .id = "1.1", .association = "Les Amis", .kind = MATCH_SEAT,
				       .role = "tresorerie", .skills = 1, .hours = 6, .moments = MATCH_EVENING,
				       .postcode = "44000", .places = 1, .sectors = 1 };
	/* Need 1: a remote mission, law and HR and digital and finance. */
	need[1] = (struct match_need){ .id = "2.1", .association = "Relais", .kind = MATCH_MISSION,
				       .role = "Contrats", .skills = 0xf, .hours = 4, .remote = 1,
				       .postcode = "49000", .places = 1, .sectors = 2 };
	/* Need 2: finance in Angers, not remote: nobody near. */
	need[2] = (struct match_need){ .id = "3.1", .association = "Enfance", .kind = MATCH_MISSION,
				       .role = "Budget", .skills = 1, .hours = 4, .postcode = "49000", .places = 1 };
	for (i = 0; i < 3; i++)
		locate(need[i].postcode, &need[i].lat, &need[i].lon, &need[i].located);
	/* Offer 0: finance expert in Saint-Herblain (44800), evenings, of the conflicted company. */
	offer[0] = (struct match_offer){ .id = "s1", .name = "Claire", .company = 0, .skills = 1, .hours = 8,
					 .moments = MATCH_EVENING, .postcode = "44800", .max_km = 30, .seat = 1,
					 .max_missions = 1 };
	offer[0].level[0] = 3;
	/* Offer 1: finance, law and HR, remote, Numérique Loire, in Nantes, no seat. */
	offer[1] = (struct match_offer){ .id = "s2", .name = "Marc", .company = 1, .skills = 7, .hours = 6,
					 .postcode = "44000", .max_km = 10, .remote = 1, .sectors = 2,
					 .max_missions = 1 };
	offer[1].level[0] = 2, offer[1].level[1] = 3, offer[1].level[2] = 1;
	/* Offer 2: finance, seat, Nantes 44300, evenings, Numérique Loire. */
	offer[2] = (struct match_offer){ .id = "s3", .name = "Julie", .company = 1, .skills = 1, .hours = 6,
					 .moments = MATCH_EVENING | MATCH_WEEKEND, .postcode = "44300",
					 .max_km = 30, .seat = 1, .max_missions = 1, .sectors = 1 };
	offer[2].level[0] = 2;
	for (i = 0; i < 3; i++)
		locate(offer[i].postcode, &offer[i].lat, &offer[i].lon, &offer[i].located);
	in.skill = skills, in.nskill = 4, in.sector = sectors, in.nsector = 2;
	in.need = need, in.nneed = 3, in.offer = offer, in.noffer = 3;
	in.company = company, in.ncompany = 2, in.conflict = conflict, in.nconflict = 1;
	match_weights_default(&in.w);

	assert_int_equal(match_build(&in, &p, &err), 0);
	/*
	 * Need 0: Claire conflicted, Marc wants no seat, Julie fits.  Need 1:
	 * Marc (remote); Julie does not work remotely and Angers is 80 km
	 * away.  Need 2: nobody within 30 km of Angers.
	 */
	assert_int_equal(p.npair, 2);
	assert_int_equal(p.pair[0].need, 0);
	assert_int_equal(p.pair[0].offer, 2);
	assert_int_equal(p.pair[1].need, 1);
	assert_int_equal(p.pair[1].offer, 1);
	assert_int_equal(p.need_why[2], MATCH_WHY_DISTANCE);
	assert_int_equal(p.offer_why[0], MATCH_WHY_CONFLICT);
	/* Julie for need 0: finance confirmed 0.85; evenings; near; sector: 50*.85+15+20*near+15. */
	{
		double near = 1 - p.pair[0].km / 30;
		double want = round(100 * (50 * 0.85 + 15 + 20 * near + 15)) / 100;

		assert_true(fabs(p.pair[0].score - want) < 0.006);
	}
	assert_int_equal(match_solve(&p, &r, &err), 0);
	assert_true(r.proven);
	assert_int_equal(r.nchosen, 2);
	assert_true(r.chosen[0] && r.chosen[1]);
	match_pair_reasons(&p, 0, "fr", buf, sizeof(buf));
	{
		char want[256];

		snprintf(want, sizeof(want), "compétence demandée : Finances, intéressé(e) par un siège au conseil, "
			 "%.0f km, disponible en soirée, attiré(e) par le secteur : Personnes âgées", p.pair[0].km);
		assert_string_equal(buf, want);
	}
	match_pair_reasons(&p, 1, "fr", buf, sizeof(buf));
	assert_string_equal(buf, "3 des 4 compétences demandées (Finances, Droit et Ressources humaines) au niveau expert, "
				 "à distance, disponible, attiré(e) par le secteur : Handicap");
	match_pair_reasons(&p, 1, "en", buf, sizeof(buf));
	assert_string_equal(buf, "3 of the 4 skills asked (Finance, Law and Human resources) at expert level, "
				 "remotely, available, drawn to the sector: Disability");
	assert_int_equal(match_need_why(&p, &r, 0, "fr", buf, sizeof(buf)), 0);
	match_need_why(&p, &r, 2, "fr", buf, sizeof(buf));
	assert_string_equal(buf, "aucune offre en Finances à moins de 30 km");
	match_need_why(&p, &r, 2, "en", buf, sizeof(buf));
	assert_string_equal(buf, "no offer in Finance within 30 km");
	match_offer_why(&p, &r, 0, "fr", buf, sizeof(buf));
	assert_string_equal(buf, "les besoins possibles sont en conflit déclaré avec son entreprise (financeur, prix)");
	/* A buffer too small is cut, NUL-terminated. */
	match_pair_reasons(&p, 1, "fr", buf, 8);
	assert_int_equal(strlen(buf), 7);
	match_result_release(&r);
	match_problem_release(&p);

	/* The company quota (10 h) and Julie's hours: with quota 5, Julie cannot take need 0 (6 h). */
	company[1].quota = 5;
	assert_int_equal(match_build(&in, &p, &err), 0);
	assert_int_equal(p.npair, 1);	/* Marc's 4 h only */
	assert_int_equal(p.need_why[0], MATCH_WHY_HOURS);
	match_problem_release(&p);
	company[1].quota = -1;
}

static void test_file(void **state)
{
	static const char good[] =
		"weights: {skills: 40, availability: 20, distance: 30, sector: 10}\n"
		"max_km: 25\n"
		"min_score: 30\n"
		"conflicts:\n"
		"  - {company: Banque Atlantique, association: Les Amis, reason: finance}\n";
	static const struct {
		const char *src, *msg;
	} bad[] = {
		{ "weights: {skills: beaucoup}\n", "m.yaml:1:19: error: 'skills' must be a number, not 'beaucoup'" },
		{ "max_km: -3\n", "m.yaml:1:9: error: 'max_km' must be between 0 and 2000, not -3" },
		{ "weigths: {}\n", "m.yaml:1:1: error: unknown key 'weigths' in the matching file; did you mean 'weights'?" },
		{ "weights: {skills: 0, availability: 0, distance: 0, sector: 0}\n",
		  "m.yaml:1:10: error: the weights add up to 0: give at least one positive weight" },
		{ "conflicts:\n  - {company: X}\n", "m.yaml:2:5: error: a conflict needs 'company' and 'association'" },
		{ "node_limit: 2.5\n", "m.yaml:1:13: error: 'node_limit' must be a whole number, not 2.5" },
	};
	struct match_weights w;
	struct match_conflict *c = NULL;
	size_t nc = 0, i;
	struct diags d = DIAGS_INIT;

	(void)state;
	match_weights_default(&w);
	assert_int_equal(match_file_load("m.yaml", good, strlen(good), &w, &c, &nc, &d), 0);
	assert_true(w.skills == 40 && w.availability == 20 && w.distance == 30 && w.sector == 10);
	assert_true(w.max_km == 25 && w.min_score == 30 && w.node_limit == 200);
	assert_int_equal(nc, 1);
	assert_string_equal(c[0].company, "Banque Atlantique");
	assert_string_equal(c[0].association, "Les Amis");
	assert_string_equal(c[0].reason, "finance");
	match_conflicts_free(c, nc);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[512];

		c = NULL;
		nc = 0;
		match_weights_default(&w);
		assert_int_equal(match_file_load("m.yaml", bad[i].src, strlen(bad[i].src), &w, &c, &nc, &d), -1);
		assert_true(d.n >= 1);
		snprintf(line, sizeof(line), "%s:%d:%d: error: %s", d.v[0].file, d.v[0].line, d.v[0].col, d.v[0].msg);
		if (strcmp(line, bad[i].msg))
			fail_msg("case %zu: got '%s', want '%s'", i, line, bad[i].msg);
		/* Nothing taken from a bad file. */
		assert_true(w.skills == 50 && w.max_km == 30);
		match_conflicts_free(c, nc);
		diags_release(&d);
	}
}

/* A small random problem (xorshift, so the cases are the same everywhere). */
static unsigned long rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

struct random_case {
	struct match_need need[4];
	struct match_offer offer[5];
	struct match_company company[2];
	struct match_conflict conflict[1];
	struct match_input in;
};

static void make_case(struct random_case *k)
{
	static const char *const pcs[] = { "44000", "44300", "44600", "49000", "85000" };
	static const char *const assos[] = { "A", "B", "C", "D" };
	size_t i, nn = 1 + rnd(4), no = 1 + rnd(5);

	memset(k, 0, sizeof(*k));
	for (i = 0; i < nn; i++) {
		struct match_need *n = &k->need[i];

		n->id = assos[i];
		n->association = assos[i];
		n->kind = rnd(3) ? MATCH_MISSION : MATCH_SEAT;
		n->skills = 1 + rnd(15);
		n->hours = 2 + rnd(8);
		n->moments = rnd(8);
		n->postcode = pcs[rnd(5)];
		n->located = match_postcode(n->postcode, &n->lat, &n->lon) == 0;
		n->remote = rnd(3) == 0;
		n->sectors = 1 + rnd(3);
		n->places = 1 + rnd(2);
	}
	for (i = 0; i < no; i++) {
		struct match_offer *o = &k->offer[i];
		unsigned s;

		o->id = "o";
		o->name = "o";
		o->company = rnd(3);	/* 2: none */
		o->skills = 1 + rnd(15);
		for (s = 0; s < 4; s++)
			o->level[s] = (unsigned char)(1 + rnd(3));
		o->hours = 2 + rnd(14);
		o->moments = rnd(8);
		o->postcode = pcs[rnd(5)];
		o->located = match_postcode(o->postcode, &o->lat, &o->lon) == 0;
		o->max_km = 10 + rnd(100);
		o->remote = rnd(2);
		o->sectors = rnd(4);
		o->seat = rnd(2);
		o->max_missions = 1 + rnd(2);
	}
	k->company[0] = (struct match_company){ "X", rnd(2) ? 6.0 + rnd(10) : -1.0 };
	k->company[1] = (struct match_company){ "Y", rnd(2) ? 6.0 + rnd(10) : -1.0 };
	k->conflict[0] = (struct match_conflict){ "X", assos[rnd(4)], "finance" };
	k->in.skill = skills, k->in.nskill = 4, k->in.sector = sectors, k->in.nsector = 2;
	k->in.need = k->need, k->in.nneed = nn, k->in.offer = k->offer, k->in.noffer = no;
	k->in.company = k->company, k->in.ncompany = 2, k->in.conflict = k->conflict, k->in.nconflict = 1;
	match_weights_default(&k->in.w);
	k->in.w.max_km = 20 + rnd(200);
}

/* The best total over every subset of the pairs that respects the constraints. */
static double brute_force(const struct match_problem *p)
{
	unsigned char chosen[24];
	unsigned long m;
	double best = 0;
	size_t i;

	assert_true(p->npair <= 20);
	for (m = 0; m < (1ul << p->npair); m++) {
		double tot = 0;

		for (i = 0; i < p->npair; i++) {
			chosen[i] = (m >> i) & 1;
			tot += chosen[i] ? p->pair[i].score : 0;
		}
		if (tot > best + 1e-9 && match_feasible(p, chosen))
			best = tot;
	}
	return best;
}

static void test_against_brute_force(void **state)
{
	size_t t, tested = 0, fractional = 0;

	(void)state;
	rnd_state = 88172645463325252ul;
	for (t = 0; t < 400; t++) {
		struct random_case k;
		struct match_problem p;
		struct match_result r, r2, g;
		struct error err;
		double want;

		make_case(&k);
		assert_int_equal(match_build(&k.in, &p, &err), 0);
		if (p.npair > 16) {
			match_problem_release(&p);
			continue;
		}
		tested++;
		want = brute_force(&p);
		assert_int_equal(match_solve(&p, &r, &err), 0);
		assert_true(match_feasible(&p, r.chosen));
		if (fabs(r.objective - want) > 1e-6)
			fail_msg("case %zu: optimal %.4f, brute force %.4f (%zu pairs)", t, r.objective, want, p.npair);
		assert_true(r.proven);
		assert_int_equal(match_greedy(&p, &g), 0);
		assert_true(match_feasible(&p, g.chosen));
		assert_true(g.objective <= r.objective + 1e-9);
		fractional += g.objective < r.objective - 1e-9;
		/* The same input, the same pairs. */
		assert_int_equal(match_solve(&p, &r2, &err), 0);
		assert_memory_equal(r.chosen, r2.chosen, p.npair ? p.npair : 1);
		match_result_release(&r);
		match_result_release(&r2);
		match_result_release(&g);
		match_problem_release(&p);
	}
	/* Enough cases really tested, some where greedy is not optimal. */
	assert_true(tested >= 300);
	assert_true(fractional >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_km),
		cmocka_unit_test(test_pairs_and_reasons),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_against_brute_force),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
