/*
 * ind_run: the one way from an indicator set's text to its results — parse
 * it, check the small-group rule asked for, read its surveys from the
 * workspace, check it against their latest versions, compute it — for
 * `indicators compute` and for the reports made from an indicator set.
 *
 * The caller says how it meets each stage through hooks: how the workspace
 * is opened (only once the set parsed: a broken set is reported without
 * one), what happens to the diagnostics of each stage (printed as they
 * come, or left in d), and what it prepares between the check and the
 * computing (a report checks its layout against the surveys and starts its
 * own pass over the answers; both begin a progress bar).  Messages to a
 * person that depend on the command (an edition named where a set was
 * expected, a --min-group option or a layout's key) are the caller's: the
 * run says at which stage it stopped.
 */
#ifndef UTILIS_IND_RUN_H
#define UTILIS_IND_RUN_H

#include <stddef.h>

#include "analysis/analysis.h"
#include "analysis/indicators.h"
#include "analysis/score.h"
#include "store/store.h"
#include "util/diag.h"
#include "util/err.h"

/* Surveys one indicator set may cover. */
#define IND_MAX_SURVEYS 64

/* Where a run stopped, in the order the stages come. */
enum ind_stage {
	IND_STAGE_PARSE,	/* the set's text: errors in d, or not a set (ind_run.parsed) */
	IND_STAGE_MIN_GROUP,	/* the min_group asked for is below the set's */
	IND_STAGE_SURVEYS,	/* more than IND_MAX_SURVEYS surveys */
	IND_STAGE_OPEN,		/* the hooks' open failed */
	IND_STAGE_SOURCE,	/* the surveys could not be read from the workspace */
	IND_STAGE_CHECK,	/* the set does not fit its surveys: errors in d */
	IND_STAGE_PREPARE,	/* the hooks' prepare failed */
	IND_STAGE_COMPUTE,	/* ind_compute() failed */
	IND_STAGE_DONE,		/* the results are in ind_run.res */
};

struct ind_run;

/* What the caller does at each stage; any hook may be NULL. */
struct ind_hooks {
	/*
	 * Open the workspace (read-only is enough) into *st: 0, or an UT_E*
	 * code with err.  NULL: ind_request.st is used.
	 */
	int (*open)(void *ctx, struct store **st, struct error *err);
	/*
	 * The diagnostics of the parse, then of the check, as each ends
	 * (warnings included; errors when the stage failed).  The run empties
	 * d after the call.  NULL: they stay in d.
	 */
	void (*diags)(void *ctx, struct diags *d);
	/*
	 * After the check, before the computing: the set, its surveys and the
	 * workspace are in run; run->src.progress may be set here.  0, or an
	 * UT_E* code with err (or d).
	 */
	int (*prepare)(void *ctx, struct ind_run *run, struct diags *d, struct error *err);
	void *ctx;		/* passed to each */
};

struct ind_request {
	const char *path;		/* the set's file, as its diagnostics name it */
	const char *text;		/* its contents */
	size_t len;			/* their length */
	struct store *st;		/* the workspace when hooks.open is NULL (not owned) */
	struct ind_options opt;		/* for ind_compute(); opt.min_group 0: the set's */
	struct ind_hooks hooks;		/* see above */
};

struct ind_run {
	enum ind_stage stage;		/* where it stopped */
	int parsed;			/* indicator_set_parse()'s result: 0, -1, IND_NOT_A_SET, IND_REFERENTIAL */
	struct indicator_set *set;	/* parsed, then checked; NULL when the parse failed */
	struct store *st;		/* the workspace (closed by ind_run_release() when hooks.open opened it) */
	int own_st;			/* st was opened by hooks.open */
	struct an_source src;		/* every stored version of the set's surveys */
	struct survey *models[IND_MAX_SURVEYS]; /* their latest versions (in src), set->nsurveys of them */
	struct ind_options opt;		/* the request's, as computed */
	struct ind_result *res;		/* the results (IND_STAGE_DONE) */
};

/*
 * Run rq's set through every stage into *run.  Returns 0 with run->stage
 * IND_STAGE_DONE and run->res, or an UT_E* code with run->stage saying
 * where it stopped and why in err (and in d for the parse and the check):
 * UT_EDATA for a set that does not parse, is not a set, asks a min_group
 * below its own, covers too many surveys or does not fit them; the code of
 * the hook, of an_source_open() or of ind_compute() otherwise.  Release run
 * with ind_run_release() in every case.
 */
int indicators_run(struct ind_run *run, const struct ind_request *rq, struct diags *d,
		   struct error *err);
void ind_run_release(struct ind_run *run);

#endif
