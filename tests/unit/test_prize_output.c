/*
 * Unit tests of analysis/prize_output: the shipped edition and grid with
 * three candidates and two jurors, one candidate scored by nobody (an
 * incomplete design, an unranked row) and one whose name starts like a
 * formula.  What the CLI transcripts do not reach: the audit line of a
 * candidate that is gone, a strbuf that cannot grow in every format, the
 * --aggregate words.
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

#include "analysis/edition.h"
#include "analysis/prize_output.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(1 << 20);

	assert_non_null(fp);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static struct survey *load_survey(const char *path)
{
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	size_t len;
	char *src = slurp(path, &len);

	assert_int_equal(survey_load(&s, path, src, len, &d), 0);
	diags_release(&d);
	free(src);
	return s;
}

#define NCAND 3
#define NJUROR 2

struct fixture {
	struct survey *app, *grid;	/* the shipped surveys */
	struct edition *e;		/* the shipped edition */
	char *src;			/* its text (the edition points into it) */
	struct an_form forms[2];	/* application, grid */
	struct prize_data pd;		/* three candidates, two jurors */
	int64_t cand_id[NCAND];
	char *cand_name[NCAND];
	struct juror jurors[NJUROR];
	double *scores;			/* [cand][juror][crit] */
	double *weights;		/* [crit] */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct diags d = DIAGS_INIT;
	static char *names[NCAND] = { "Atelier / Durand", "=HYPERLINK(\"x\") / Bâti", "Sans note / Rien" };
	size_t len, c, j, k, nk;

	assert_non_null(f);
	f->app = load_survey("../../surveys/prix-candidature.yaml");
	f->grid = load_survey("../../surveys/prix-grille.yaml");
	f->src = slurp("../../indicators/prix-2018.yaml", &len);
	assert_int_equal(edition_parse(&f->e, "prix-2018.yaml", f->src, len, &d), 0);
	assert_int_equal(edition_check(f->e, f->app, f->grid, &d), 0);
	diags_release(&d);
	nk = f->e->ncrit;
	f->scores = malloc(NCAND * NJUROR * nk * sizeof(double));
	f->weights = malloc(nk * sizeof(double));
	assert_non_null(f->scores);
	assert_non_null(f->weights);
	for (k = 0; k < nk; k++)
		f->weights[k] = f->e->crit[k].weight;
	/* Candidate 0 scores high, 1 low, 2 is scored by nobody. */
	for (c = 0; c < NCAND; c++)
		for (j = 0; j < NJUROR; j++)
			for (k = 0; k < nk; k++)
				f->scores[(c * NJUROR + j) * nk + k] =
					c == 2 ? NAN : c == 0 ? 4 + (double)((j + k) % 2) : 1 + (double)j;
	for (c = 0; c < NCAND; c++) {
		f->cand_id[c] = 10 + (int64_t)c;
		f->cand_name[c] = names[c];
	}
	f->jurors[0].id = 1;
	f->jurors[0].name = "Alice Martin";
	f->jurors[1].id = 2;
	f->jurors[1].name = "Bruno Petit";
	f->forms[0].latest = f->app;
	f->forms[1].latest = f->grid;
	f->pd.e = f->e;
	f->pd.src.forms = f->forms;
	f->pd.src.nforms = 2;
	f->pd.ncand = NCAND;
	f->pd.cand_id = f->cand_id;
	f->pd.cand_name = f->cand_name;
	f->pd.jurors = f->jurors;
	f->pd.njuror = NJUROR;
	f->pd.scores = f->scores;
	assert_int_equal(prize_tally_init(&f->pd.tally, f->grid, f->e, NCAND), 0);
	f->pd.in.ncand = NCAND;
	f->pd.in.njuror = NJUROR;
	f->pd.in.ncrit = nk;
	f->pd.in.scores = f->scores;
	f->pd.in.weights = f->weights;
	f->pd.in.lo = f->e->lo;
	f->pd.in.hi = f->e->hi;
	f->pd.in.norm = PRIZE_NORM_NONE;
	f->pd.in.agg = PRIZE_AGG_MEAN;
	f->pd.in.min_jurors = 2;
	f->pd.in.divergence = 15;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	prize_tally_release(&f->pd.tally);
	edition_free(f->e);
	free(f->src);
	survey_free(f->app);
	survey_free(f->grid);
	free(f->scores);
	free(f->weights);
	free(f);
	return 0;
}

static void test_ballots_parse(void **state)
{
	static const struct {
		const char *word;
		int ok;
		unsigned want;
	} cases[] = {
		{ "borda", 1, PRIZE_BALLOT_BORDA },
		{ "schulze", 1, PRIZE_BALLOT_SCHULZE },
		{ "all", 1, PRIZE_BALLOT_BORDA | PRIZE_BALLOT_SCHULZE },
		{ "Borda", 0, 0 },
		{ "", 0, 0 },
		{ "condorcet", 0, 0 },
	};
	size_t i;
	unsigned b = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned got = 0;

		assert_int_equal(prize_ballots_parse(cases[i].word, &got), cases[i].ok ? 0 : -1);
		assert_int_equal(got, cases[i].want);
	}
	/* given twice, the methods add up */
	assert_int_equal(prize_ballots_parse("borda", &b), 0);
	assert_int_equal(prize_ballots_parse("schulze", &b), 0);
	assert_int_equal(b, PRIZE_BALLOT_BORDA | PRIZE_BALLOT_SCHULZE);
}

static void test_audit_line(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "before\n");
	/* a known candidate, with what changed */
	assert_int_equal(prize_audit_line(&sb, &f->pd, "2026-01-15 10:00:00", "Alice Martin", 10, "score",
					  "note_impact - -> 4"), 0);
	/* no juror, no candidate, no detail: no trailing blanks */
	assert_int_equal(prize_audit_line(&sb, &f->pd, "2026-01-15 10:01:00", NULL, 0, "edition", ""), 0);
	/* a candidate that is no longer among them: its number alone */
	assert_int_equal(prize_audit_line(&sb, &f->pd, "2026-01-15 10:02:00", "Bruno Petit", 99, "assign",
					  NULL), 0);
	assert_string_equal(sb.buf,
		"before\n"
		"2026-01-15 10:00:00  Alice Martin             score          #10 Atelier / Durand — note_impact - -> 4\n"
		"2026-01-15 10:01:00  -                        edition\n"
		"2026-01-15 10:02:00  Bruno Petit              assign         #99\n");
	strbuf_release(&sb);
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	struct prize_outcome o;
	struct strbuf sb = STRBUF_INIT;
	struct error err;
	const char *row;

	assert_int_equal(prize_outcome_compute(&o, &f->pd, PRIZE_BALLOT_BORDA | PRIZE_BALLOT_SCHULZE, &err), 0);
	assert_int_equal(prize_results_write(&sb, &o, AN_FORMAT_CSV, "fr"), 0);
	assert_true(!strncmp(sb.buf, "rank,candidate_id,candidate,total,", 34));
	assert_non_null(strstr(sb.buf, ",borda_rank,borda_score,borda_points,ballots,schulze_rank,schulze_beats"));
	/* the formula is neutralised, quoted, its quotes doubled */
	assert_non_null(strstr(sb.buf, "\n2,11,\"'=HYPERLINK(\"\"x\"\") / Bâti\","));
	/* the unranked candidate: no rank, no total, no ballot rank, on no ballot */
	row = strstr(sb.buf, "\n,12,Sans note / Rien,,0,1,0,0,");
	assert_non_null(row);
	assert_non_null(strstr(row, ",,,,0,,"));
	/* no NaN, no "-0" anywhere */
	assert_null(strstr(sb.buf, "nan"));
	assert_null(strstr(sb.buf, ",-0,"));
	strbuf_release(&sb);
	prize_outcome_release(&o);
}

static void test_json_incomplete_design(void **state)
{
	struct fixture *f = *state;
	struct prize_outcome o;
	struct strbuf sb = STRBUF_INIT;
	struct error err;

	assert_int_equal(prize_outcome_compute(&o, &f->pd, 0, &err), 0);
	assert_false(o.res.complete);
	assert_int_equal(prize_results_write(&sb, &o, AN_FORMAT_JSON, "en"), 0);
	assert_non_null(strstr(sb.buf, "\"complete_design\": false"));
	assert_non_null(strstr(sb.buf, "\"icc\": []"));
	assert_non_null(strstr(sb.buf, "\"w\": null"));
	assert_non_null(strstr(sb.buf, "\"candidate\": \"=HYPERLINK(\\\"x\\\") / Bâti\""));
	assert_null(strstr(sb.buf, "\"borda\""));	/* not asked for */
	assert_int_equal(sb.buf[sb.len - 1], '\n');
	assert_int_equal(sb.buf[sb.len - 2], '}');
	strbuf_release(&sb);
	prize_outcome_release(&o);
}

static void test_table_words_and_dash(void **state)
{
	struct fixture *f = *state;
	struct prize_outcome o;
	struct strbuf fr = STRBUF_INIT, en = STRBUF_INIT;
	struct error err;

	assert_int_equal(prize_outcome_compute(&o, &f->pd, PRIZE_BALLOT_BORDA, &err), 0);
	assert_int_equal(prize_results_write(&fr, &o, AN_FORMAT_TABLE, "fr"), 0);
	assert_int_equal(prize_results_write(&en, &o, AN_FORMAT_TABLE, "en"), 0);
	assert_non_null(strstr(fr.buf, "3 candidatures, 2 jurés\n"));
	assert_non_null(strstr(en.buf, "3 candidates, 2 jurors\n"));
	/* unranked: "-" for the rank, the en dash for the total, padded by characters */
	assert_non_null(strstr(fr.buf, "\n-     Sans note / Rien                                  –      0  trop peu de jurés\n"));
	assert_non_null(strstr(en.buf, "  ICC, W: incomplete design"));
	/* the ballots after the table, in its language */
	assert_non_null(strstr(fr.buf, "\nClassements par les rangs des jurés"));
	assert_non_null(strstr(en.buf, "\nRankings from the jurors' ranks"));
	assert_null(strstr(fr.buf, "-0,0"));
	strbuf_release(&fr);
	strbuf_release(&en);
	prize_outcome_release(&o);
}

/* A buffer that cannot grow: every format says so, none is left half written silently. */
static void test_full_buffer(void **state)
{
	struct fixture *f = *state;
	struct prize_outcome o;
	struct error err;
	enum an_format fmts[3] = { AN_FORMAT_TABLE, AN_FORMAT_CSV, AN_FORMAT_JSON };
	int i;

	assert_int_equal(prize_outcome_compute(&o, &f->pd, PRIZE_BALLOT_SCHULZE, &err), 0);
	for (i = 0; i < 3; i++) {
		struct strbuf sb;

		strbuf_init(&sb, 40);
		assert_int_equal(prize_results_write(&sb, &o, fmts[i], "fr"), UT_ENOMEM);
		strbuf_release(&sb);
	}
	{
		struct strbuf sb;

		strbuf_init(&sb, 10);
		assert_int_equal(prize_audit_line(&sb, &f->pd, "2026-01-15 10:00:00", "Alice", 10, "score", "x"),
				 UT_ENOMEM);
		strbuf_release(&sb);
	}
	prize_outcome_release(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ballots_parse),
		cmocka_unit_test(test_audit_line),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_incomplete_design),
		cmocka_unit_test(test_table_words_and_dash),
		cmocka_unit_test(test_full_buffer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
