/*
 * ind_run: parse, check and compute an indicator set (see ind_run.h).
 */
#include "analysis/ind_run.h"

#include <string.h>

/* Hand the stage's diagnostics to the caller, who then owns what it saw. */
static void stage_diags(const struct ind_request *rq, struct diags *d)
{
	if (rq->hooks.diags) {
		rq->hooks.diags(rq->hooks.ctx, d);
		diags_release(d);
	}
}

/* Stop the run at stage with rc. */
static int stop(struct ind_run *run, enum ind_stage stage, int rc)
{
	run->stage = stage;
	return rc;
}

int indicators_run(struct ind_run *run, const struct ind_request *rq, struct diags *d,
		   struct error *err)
{
	const struct ind_options *opt = &run->opt;
	size_t i;
	int rc;

	memset(run, 0, sizeof(*run));
	run->opt = rq->opt;
	run->parsed = indicator_set_parse(&run->set, rq->path, rq->text, rq->len, d);
	stage_diags(rq, d);
	if (run->parsed == IND_NOT_A_SET || run->parsed == IND_REFERENTIAL) {
		error_set(err, "'%s' is not an indicator set", rq->path);
		return stop(run, IND_STAGE_PARSE, UT_EDATA);
	}
	if (run->parsed < 0) {
		error_set(err, "'%s' has errors", rq->path);
		return stop(run, IND_STAGE_PARSE, UT_EDATA);
	}
	if (opt->min_group && opt->min_group < run->set->min_group) {
		error_set(err, "min_group %ld is below the set's min_group %d: groups that small are never shown",
			  (long)opt->min_group, run->set->min_group);
		return stop(run, IND_STAGE_MIN_GROUP, UT_EDATA);
	}
	if (run->set->nsurveys > IND_MAX_SURVEYS) {
		error_set(err, "%s: too many surveys", rq->path);
		return stop(run, IND_STAGE_SURVEYS, UT_EDATA);
	}
	if (rq->hooks.open) {
		if ((rc = rq->hooks.open(rq->hooks.ctx, &run->st, err)) < 0)
			return stop(run, IND_STAGE_OPEN, rc);
		run->own_st = 1;
	} else {
		run->st = rq->st;
	}
	rc = an_source_open(&run->src, run->st, run->set->surveys, run->set->nsurveys, err);
	if (rc < 0)
		return stop(run, IND_STAGE_SOURCE, rc);
	for (i = 0; i < run->set->nsurveys; i++)
		run->models[i] = run->src.forms[i].latest;
	rc = indicator_set_check(run->set, run->models, d);
	stage_diags(rq, d);
	if (rc < 0) {
		error_set(err, "'%s' does not fit its surveys", rq->path);
		return stop(run, IND_STAGE_CHECK, UT_EDATA);
	}
	if (rq->hooks.prepare && (rc = rq->hooks.prepare(rq->hooks.ctx, run, d, err)) < 0)
		return stop(run, IND_STAGE_PREPARE, rc);
	rc = ind_compute(&run->res, run->set, &run->src, run->st, opt, err);
	if (rc < 0)
		return stop(run, IND_STAGE_COMPUTE, rc);
	return stop(run, IND_STAGE_DONE, 0);
}

void ind_run_release(struct ind_run *run)
{
	ind_result_free(run->res);
	an_source_release(&run->src);
	if (run->own_st && run->st)
		store_close(run->st);
	indicator_set_free(run->set);
	memset(run, 0, sizeof(*run));
}
