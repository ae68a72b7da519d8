/*
 * Unit tests of analysis/ind_run: the one pipeline from an indicator set's
 * text to its results, on a workspace of 12 respondents written through
 * the store API.  Each stage where a run can stop, the hooks called in
 * order (and not at all when absent: the diagnostics then stay in d), and
 * the results of a run that goes through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/ind_run.h"
#include "store/store.h"
#include "survey/survey.h"

static const char survey_src[] =
	"form_id: essai-run\n"
	"version: 1\n"
	"title: {fr: Essai, en: Test}\n"
	"languages: [fr, en]\n"
	"choices:\n"
	"  accord: [{name: '1', label: {fr: Non, en: 'No'}}, {name: '2', label: {fr: Un peu, en: A little}},"
	" {name: '3', label: {fr: Oui, en: 'Yes'}}]\n"
	"  site: [{name: nord, label: {fr: Nord, en: North}}, {name: sud, label: {fr: Sud, en: South}}]\n"
	"survey:\n"
	"  - {type: select_one site, name: site, label: {fr: Site, en: Site}}\n"
	"  - {type: select_one accord, name: ecoute, label: {fr: Écouté ?, en: Listened to?}}\n"
	"  - {type: select_one accord, name: aide, label: {fr: Aidé ?, en: Helped?}}\n";

/* A set of one dimension; %s: what follows its first lines. */
#define SET_HEAD "indicators: essai\nsurvey: essai-run\ntitle: {fr: Essai, en: Test}\n"
static const char set_ok[] = SET_HEAD
	"dimensions:\n"
	"  - id: accueil\n"
	"    label: {fr: Accueil, en: Welcome}\n"
	"    items: [ecoute, aide]\n";

static char dbpath[4096];
static struct store *ws;

static int setup(void **state)
{
	const char *base = getenv("TMPDIR");
	struct diags d = DIAGS_INIT;
	struct survey *s;
	struct survey_version sv;
	enum store_put_result put;
	struct error err;
	int i, fd;

	(void)state;
	snprintf(dbpath, sizeof(dbpath), "%s/test_ind_run.XXXXXX", base && *base ? base : "/tmp");
	fd = mkstemp(dbpath);
	if (fd < 0)
		return -1;
	close(fd);
	unlink(dbpath);
	setenv("UTILIS_NOW", "2024-05-06T07:08:09Z", 1);
	assert_int_equal(store_open(&ws, dbpath, STORE_CREATE, &err), 0);
	assert_int_equal(survey_load(&s, "essai.yaml", survey_src, strlen(survey_src), &d), 0);
	diags_release(&d);
	assert_int_equal(store_survey_put(ws, "essai-run", 1, "Essai", "essai.yaml", survey_src, &put, &err), 0);
	assert_int_equal(store_survey_get(ws, "essai-run", 1, &sv, &err), 1);
	for (i = 0; i < 12; i++) {
		const char *v[8] = { 0 };
		int64_t id;

		v[survey_find(s, "site")->index] = i < 6 ? "nord" : "sud";
		v[survey_find(s, "ecoute")->index] = i % 3 ? "3" : "1";
		v[survey_find(s, "aide")->index] = i % 2 ? "2" : "3";
		assert_int_equal(store_respondent_add_answers(ws, sv.id, NULL, NULL, NULL, NULL, v, s->nq, 1,
							      &id, &err), 0);
	}
	survey_version_release(&sv);
	survey_free(s);
	return 0;
}

static int teardown(void **state)
{
	char path[4200];

	(void)state;
	store_close(ws);
	unlink(dbpath);
	snprintf(path, sizeof(path), "%s-wal", dbpath);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", dbpath);
	unlink(path);
	return 0;
}

/* A request for text on the shared workspace, no hooks, no bootstrap. */
static struct ind_request request(const char *text)
{
	struct ind_request rq = { 0 };

	rq.path = "essai.yaml";
	rq.text = text;
	rq.len = strlen(text);
	rq.st = ws;
	rq.opt = (struct ind_options)IND_OPTIONS_INIT;
	rq.opt.nboot = 0;
	return rq;
}

static void test_runs_through(void **state)
{
	struct ind_request rq = request(set_ok);
	struct diags d = DIAGS_INIT;
	struct ind_run run;
	struct error err;

	(void)state;
	assert_int_equal(indicators_run(&run, &rq, &d, &err), 0);
	assert_int_equal(run.stage, IND_STAGE_DONE);
	assert_int_equal(run.parsed, 0);
	assert_non_null(run.res);
	assert_int_equal(run.res->nresp, 12);
	assert_string_equal(run.models[0]->form_id, "essai-run");
	assert_ptr_equal(run.st, ws);		/* the request's, not owned */
	assert_int_equal(run.own_st, 0);
	assert_int_equal(d.nerror, 0);
	ind_run_release(&run);
	assert_null(run.res);
	diags_release(&d);
}

/* Where a run stops, and with which code, for each way a set can be wrong. */
static void test_stages(void **state)
{
	static const struct {
		const char *text;
		int min_group;
		enum ind_stage stage;
		int rc;
		int parsed;
		int errors;	/* errors left in d (no diags hook) */
	} cases[] = {
		{ "edition: prix\ncandidates: candidature\n", 0, IND_STAGE_PARSE, UT_EDATA, IND_NOT_A_SET, 0 },
		{ "referential: ref\n", 0, IND_STAGE_PARSE, UT_EDATA, IND_REFERENTIAL, 0 },
		{ SET_HEAD "dimensions: 3\n", 0, IND_STAGE_PARSE, UT_EDATA, -1, 1 },
		{ SET_HEAD "min_group: 8\ndimensions:\n  - id: a\n    label: {fr: A, en: A}\n    items: [ecoute]\n",
		  6, IND_STAGE_MIN_GROUP, UT_EDATA, 0, 0 },
		{ "indicators: essai\nsurvey: absent\ntitle: {fr: E, en: E}\n"
		  "dimensions:\n  - id: a\n    label: {fr: A, en: A}\n    items: [ecoute]\n",
		  0, IND_STAGE_SOURCE, UT_ENOTFOUND, 0, 0 },
		{ SET_HEAD "dimensions:\n  - id: a\n    label: {fr: A, en: A}\n    items: [nulle_part]\n",
		  0, IND_STAGE_CHECK, UT_EDATA, 0, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ind_request rq = request(cases[i].text);
		struct diags d = DIAGS_INIT;
		struct ind_run run;
		struct error err;

		rq.opt.min_group = cases[i].min_group;
		assert_int_equal(indicators_run(&run, &rq, &d, &err), cases[i].rc);
		assert_int_equal(run.stage, cases[i].stage);
		assert_int_equal(run.parsed, cases[i].parsed);
		assert_null(run.res);
		assert_true(cases[i].errors ? d.nerror > 0 : d.nerror == 0);
		if (cases[i].stage == IND_STAGE_MIN_GROUP)
			assert_string_equal(err.msg, "min_group 6 is below the set's min_group 8: groups that small "
					    "are never shown");
		ind_run_release(&run);
		diags_release(&d);
	}
}

/* More surveys than a run takes: stopped before the workspace is read. */
static void test_too_many_surveys(void **state)
{
	struct strbuf text = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct ind_request rq;
	struct ind_run run;
	struct error err;
	int i;

	(void)state;
	strbuf_addstr(&text, "indicators: essai\ntitle: {fr: E, en: E}\nsurvey: [");
	for (i = 0; i <= IND_MAX_SURVEYS; i++)
		strbuf_addf(&text, "%ss%d", i ? ", " : "", i);
	strbuf_addstr(&text, "]\ndimensions:\n  - id: a\n    label: {fr: A, en: A}\n    items: [ecoute]\n");
	assert_false(strbuf_failed(&text));
	rq = request(text.buf);
	rq.st = NULL;	/* never needed */
	assert_int_equal(indicators_run(&run, &rq, &d, &err), UT_EDATA);
	assert_int_equal(run.stage, IND_STAGE_SURVEYS);
	assert_string_equal(err.msg, "essai.yaml: too many surveys");
	ind_run_release(&run);
	diags_release(&d);
	strbuf_release(&text);
}

/* What the hooks see, in order. */
struct seen {
	char log[256];		/* one letter a call: o(pen) d(iags) p(repare) */
	int open_rc;		/* what open returns */
	int prepare_rc;		/* what prepare returns */
	size_t ndiags;		/* diagnostics handed over, in all */
};

static int hook_open(void *ctx, struct store **st, struct error *err)
{
	struct seen *s = ctx;

	strcat(s->log, "o");
	if (s->open_rc)
		return error_set(err, "no workspace here"), s->open_rc;
	return store_open(st, dbpath, STORE_READONLY, err);
}

static void hook_diags(void *ctx, struct diags *d)
{
	struct seen *s = ctx;

	strcat(s->log, "d");
	s->ndiags += d->n;
}

static int hook_prepare(void *ctx, struct ind_run *run, struct diags *d, struct error *err)
{
	struct seen *s = ctx;

	strcat(s->log, "p");
	assert_non_null(run->set);
	assert_non_null(run->models[0]);
	assert_null(run->res);
	if (s->prepare_rc)
		return error_set(err, "the layout does not fit"), s->prepare_rc;
	return 0;
}

static void test_hooks(void **state)
{
	static const struct {
		const char *text;
		int open_rc, prepare_rc;
		const char *log;
		enum ind_stage stage;
		int rc;
	} cases[] = {
		{ set_ok, 0, 0, "dodp", IND_STAGE_DONE, 0 },
		{ set_ok, UT_ENOTFOUND, 0, "do", IND_STAGE_OPEN, UT_ENOTFOUND },
		{ set_ok, 0, UT_EDATA, "dodp", IND_STAGE_PREPARE, UT_EDATA },
		/* a set that does not parse is told without a workspace */
		{ SET_HEAD "dimensions: 3\n", 0, 0, "d", IND_STAGE_PARSE, UT_EDATA },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ind_request rq = request(cases[i].text);
		struct seen seen = { "", cases[i].open_rc, cases[i].prepare_rc, 0 };
		struct diags d = DIAGS_INIT;
		struct ind_run run;
		struct error err;

		rq.st = NULL;
		rq.hooks.open = hook_open;
		rq.hooks.diags = hook_diags;
		rq.hooks.prepare = hook_prepare;
		rq.hooks.ctx = &seen;
		assert_int_equal(indicators_run(&run, &rq, &d, &err), cases[i].rc);
		assert_string_equal(seen.log, cases[i].log);
		assert_int_equal(run.stage, cases[i].stage);
		assert_int_equal(d.n, 0);	/* handed over, then emptied */
		if (cases[i].stage == IND_STAGE_PARSE)
			assert_true(seen.ndiags > 0);
		if (cases[i].stage == IND_STAGE_DONE) {
			assert_int_equal(run.own_st, 1);	/* closed by the release */
			assert_int_equal(run.res->nresp, 12);
		}
		ind_run_release(&run);
		diags_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_through),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_too_many_surveys),
		cmocka_unit_test(test_hooks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
