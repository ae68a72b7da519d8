/*
 * Unit tests of analysis/conflicts: the names' comparison keys and SIREN
 * numbers as a table, and the suggestions between ties and candidates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "analysis/conflicts.h"

static void test_name_key(void **state)
{
	static const struct { const char *in, *key; } cases[] = {
		{ "SAS Dupont & Fils", "dupont et fils" },
		{ "DUPONT ET FILS", "dupont et fils" },
		{ "Dupont et fils S.A.S.", "dupont et fils" },
		{ "Association Les Amis", "les amis" },
		{ "Fondation Les Amis", "les amis" },
		{ "« Les Restos du Cœur »", "les restos du coeur" },
		{ "Bâti-Ouest SARL", "bati ouest" },
		{ "Société Coopérative SCOP Éléphant", "elephant" },
		{ "L’Élan d'Avenir", "l elan d avenir" },
		{ "Imprimerie nantaise 380 129 866", "imprimerie nantaise" },
		{ "Imprimerie nantaise 38012986600046", "imprimerie nantaise" },
		{ "Les Restos du Cœur 44", "les restos du coeur 44" },
		{ "Fonds de dotation Solidarité Ouest", "solidarite ouest" },
		{ "SARL", "" },
		{ "", "" },
		{ "  ", "" },
		{ "Ets. Gautier SA", "gautier" },
		{ "ŒUVRES SOCIALES", "oeuvres sociales" },
	};
	struct strbuf key = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(coi_name_key(cases[i].in, &key), 0);
		if (strcmp(key.buf, cases[i].key))
			fail_msg("'%s': key '%s', expected '%s'", cases[i].in, key.buf, cases[i].key);
	}
	strbuf_release(&key);
}

static void test_siren(void **state)
{
	static const struct { const char *in, *siren; } cases[] = {
		{ "552100554", "552100554" },
		{ "552 100 554 00012", "552100554" },
		{ "55210055400012", "552100554" },
		{ "Dupont, SIRET 552.100.554.00012", "552100554" },
		{ "12345678", NULL },		/* 8 digits */
		{ "1234567890", NULL },		/* 10 digits */
		{ "Restos du Cœur 44", NULL },
		{ "", NULL },
	};
	char siren[10];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int found = coi_siren(cases[i].in, siren);

		if (!cases[i].siren ? found : !found || strcmp(siren, cases[i].siren))
			fail_msg("'%s': %s", cases[i].in, found ? siren : "no SIREN");
	}
}

static void test_suggest(void **state)
{
	const struct coi_item ties[] = {
		{ 0, "organisation", "SAS Dupont & Fils" },
		{ 1, "board", "Association Les Amis" },
		{ 1, "funder", "Imprimerie 380 129 866" },
		{ 1, "funder", "Imprimerie 380 129 866" },	/* the same tie twice: one match */
		{ 2, "employer", "SARL" },			/* a legal form only: nothing */
	};
	const struct coi_item orgs[] = {
		{ 0, "ent_nom", "DUPONT ET FILS" },
		{ 1, "asso_nom", "Fondation Les Amis" },
		{ 1, "ent_nom", "SARL" },
		{ 2, "ent_siret", "38012986600046" },
	};
	struct coi_match *m;
	size_t n;

	(void)state;
	assert_int_equal(coi_suggest(ties, 5, orgs, 4, &m, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].cand, 0);
	assert_int_equal(m[0].juror, 0);
	assert_string_equal(m[0].key, "name:dupont et fils");
	assert_string_equal(m[0].reason, "organisation \"SAS Dupont & Fils\" ~ ent_nom \"DUPONT ET FILS\"");
	assert_int_equal(m[1].cand, 1);
	assert_string_equal(m[1].key, "name:les amis");
	assert_int_equal(m[2].cand, 2);
	assert_int_equal(m[2].juror, 1);
	assert_string_equal(m[2].key, "siren:380129866");
	assert_string_equal(m[2].reason,
			    "funder \"Imprimerie 380 129 866\" has the SIREN of ent_siret \"38012986600046\"");
	coi_matches_free(m, n);
	/* No ties, no suggestion. */
	assert_int_equal(coi_suggest(NULL, 0, orgs, 4, &m, &n), 0);
	assert_int_equal(n, 0);
	coi_matches_free(m, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_key),
		cmocka_unit_test(test_siren),
		cmocka_unit_test(test_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
