/*
 * simulate: store synthetic respondents of a survey, to try it before it
 * is fielded (indicators, reports, exports on data that look real).
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "collect/simulate.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/strbuf.h"
#include "util/i18n.h"

#define MAX_SIMULATED 100000000L

/* A whole number in [lo, hi] from arg; -1 with a usage error otherwise. */
static int parse_count(const char *opt, const char *arg, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (*end || !*arg || errno || v < lo || v > hi) {
		cli_usage_error(&cmd_simulate, "%s needs a whole number from %ld to %ld, not '%s'",
				opt, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* The personal links to answer: their ids and who they stand for. */
struct link_list {
	int64_t *id;		/* invitation ids */
	char **person;		/* e-mail, else name, else "link N" (malloc'd) */
	size_t n, alloc;	/* used / allocated */
	const char *wave;	/* only this wave, or NULL */
	int failed;		/* out of memory */
};

static int collect_link(void *ctx, const struct invitation *inv)
{
	struct link_list *l = ctx;
	char pos[32];
	const char *who = inv->email && *inv->email ? inv->email
			  : inv->name && *inv->name ? inv->name : pos;

	/* a link without name nor e-mail is never invited again: its place will do */
	snprintf(pos, sizeof(pos), "link %zu", l->n);

	if (inv->is_open || inv->status == RESP_SUBMITTED ||
	    (l->wave && (!inv->wave || strcmp(inv->wave, l->wave))))
		return 0;
	if (l->n == l->alloc) {
		size_t na = l->alloc ? 2 * l->alloc : 64;
		int64_t *id = realloc(l->id, na * sizeof(*id));
		char **person;

		if (!id)
			goto oom;
		l->id = id;
		person = realloc(l->person, na * sizeof(*person));
		if (!person)
			goto oom;
		l->person = person;
		l->alloc = na;
	}
	l->id[l->n] = inv->id;
	if (!(l->person[l->n] = strdup(who)))
		goto oom;
	l->n++;
	return 0;
oom:
	l->failed = 1;
	return 1;
}

/*
 * utilis simulate FORM_ID --links [--wave W] [--share P] [--shift S] [--seed S]:
 * answer personal links as their respondents would, through the web form's
 * submission (anonymity and panel keys as on the web).
 */
static int simulate_links(struct cli *cli, const char *form_id, const char *wave, long share,
			  double shift, long seed)
{
	struct link_list links = { NULL, NULL, 0, 0, wave, 0 };
	struct simulate_options opt = { (uint64_t)seed, 0, NULL, 0 };
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct simulator *sim = NULL;
	struct strbuf detail = STRBUF_INIT;
	struct error err;
	uint64_t pick = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 1;
	size_t answered = 0, i;
	int rc = cli_open_store(cli, 0, &st);

	if (rc)
		return rc;
	rc = cli_stored_survey(st, form_id, 0, &sv, &s);
	if (rc)
		goto out;
	if (store_invitation_each(st, form_id, collect_link, &links, &err) < 0 || links.failed) {
		rc = links.failed ? cli_error(EXIT_FAIL, "out of memory")
				  : cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	if (links.n == 0) {
		rc = cli_error(EXIT_DATAERR, "no personal link of survey '%s'%s%s%s waits for answers "
			       "(create them with 'utilis invite')", form_id, wave ? _(" in wave '") : "",
			       wave ? wave : "", wave ? "'" : "");
		goto out;
	}
	opt.planned = links.n * (size_t)share / 100;	/* about as many answer */
	if (simulator_new(&sim, s, &opt, &err) < 0 || store_begin(st, &err) < 0) {
		rc = cli_error(EXIT_FAIL, "%s", err.msg);
		goto out;
	}
	for (i = 0; i < links.n; i++) {
		const char *const *values;

		/* splitmix64 of the seed and the link's position: the same links answer each run */
		uint64_t z = (pick += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		if ((long)(z % 100) >= share)
			continue;
		if (simulator_next_person(sim, links.person[i], shift, &values, &err) < 0) {
			store_rollback(st);
			rc = cli_error(EXIT_DATAERR, "%s", err.msg);
			fprintf(stderr, _("nothing was stored\n"));
			goto out;
		}
		if (store_invitation_submit(st, links.id[i], values, s->nq,
					    (s->anonymous ? STORE_SUBMIT_ANONYMOUS : 0) |
					    (s->panel ? STORE_SUBMIT_PANEL : 0),
					    NULL, 0, NULL, &err) != 0) {
			store_rollback(st);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			fprintf(stderr, _("nothing was stored\n"));
			goto out;
		}
		answered++;
	}
	strbuf_addf(&detail, "%s version %d: %zu link%s answered by simulation, seed %ld",
		    s->form_id, s->version, answered, answered == 1 ? "" : "s", seed);
	if (store_audit(st, "responses.simulate", detail.buf, &err) < 0 ||
	    store_commit(st, &err) < 0) {
		store_rollback(st);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	/* anonymous answers: no earlier draft may stay in the log */
	if (s->anonymous && store_purge(st, 5000, 0, &err) < 0)
		cli_info(cli, "note: %s\n", err.msg);
	cli_info(cli, "answered %zu of %zu link%s of %s%s%s (seed %ld)\n", answered, links.n,
		 links.n == 1 ? "" : "s", s->form_id, wave ? _(", wave ") : "", wave ? wave : "", seed);
	rc = EXIT_OK;
out:
	for (i = 0; i < links.n; i++)
		free(links.person[i]);
	free(links.person);
	free(links.id);
	strbuf_release(&detail);
	simulator_free(sim);
	survey_free(s);
	survey_version_release(&sv);
	store_close(st);
	return rc;
}

/* utilis simulate FORM_ID --n N [--seed S] [--groups G] [--wave W] [--version V] */
static int run_simulate(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "n", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "groups", required_argument, NULL, 'g' },
		{ "wave", required_argument, NULL, 'w' },
		{ "version", required_argument, NULL, 'V' },
		{ "links", no_argument, NULL, 'L' },
		{ "share", required_argument, NULL, 'p' },
		{ "shift", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct simulate_options opt = { 1, 0, NULL, 0 };
	struct survey_version sv;
	struct survey *s = NULL;
	struct store *st = NULL;
	struct simulator *sim = NULL;
	struct store_bulk *bulk = NULL;
	struct strbuf detail = STRBUF_INIT;
	struct progress bar;
	char label[128];
	struct error err;
	const char *wave = NULL;
	long n = -1, seed = 1, groups = 0, version = 0, i, share = -1;
	double shift = NAN;
	int64_t written = 0;
	int c, rc, links = 0;
	char *end;

	optind = 0;
	while ((c = cli_getopt(&cmd_simulate, argc, argv, ":h", opts)) != -1) {
		switch (c) {
		case 'n':
			if (parse_count("--n", optarg, 1, MAX_SIMULATED, &n) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (parse_count("--seed", optarg, 0, 2147483647L, &seed) < 0)
				return EXIT_USAGE;
			break;
		case 'g':
			if (parse_count("--groups", optarg, 1, 1000, &groups) < 0)
				return EXIT_USAGE;
			break;
		case 'w':
			wave = optarg;
			break;
		case 'V':
			if (parse_count("--version", optarg, 1, 2147483647L, &version) < 0)
				return EXIT_USAGE;
			break;
		case 'L':
			links = 1;
			break;
		case 'p':
			if (parse_count("--share", optarg, 0, 100, &share) < 0)
				return EXIT_USAGE;
			break;
		case 'S':
			errno = 0;
			shift = strtod(optarg, &end);
			if (errno || *end || !*optarg || !(fabs(shift) <= 3))
				return cli_usage_error(&cmd_simulate, "--shift needs a number from -3 "
						       "to 3 (standard deviations), not '%s'", optarg);
			break;
		case 'h':
			cli_print_help(stdout, &cmd_simulate);
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cmd_simulate, argc - optind < 1 ? "which survey? give its FORM_ID"
				       : "unexpected argument '%s'", argv[argc - 1]);
	if (links) {
		if (n >= 0 || groups || version)
			return cli_usage_error(&cmd_simulate, "--links answers the links there are: "
					       "no --n, --groups or --version");
		return simulate_links(cli, argv[optind], wave, share < 0 ? 100 : share,
				      isnan(shift) ? 0 : shift, seed);
	}
	if (share >= 0 || !isnan(shift))
		return cli_usage_error(&cmd_simulate, "--share and --shift go with --links");
	if (n < 0)
		return cli_usage_error(&cmd_simulate, "how many respondents? give --n N");
	opt.seed = (uint64_t)seed;
	opt.ngroups = (int)groups;
	opt.planned = (size_t)n;
	rc = cli_open_store(cli, 0, &st);
	if (rc)
		return rc;
	rc = cli_stored_survey(st, argv[optind], (int)version, &sv, &s);
	if (rc)
		goto out;
	if (simulator_new(&sim, s, &opt, &err) < 0 || store_begin(st, &err) < 0) {
		rc = cli_error(EXIT_FAIL, "%s", err.msg);
		goto out;
	}
	if (store_bulk_begin(st, sv.id, &bulk, &err) < 0) {
		store_rollback(st);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	snprintf(label, sizeof(label), "simulating %s", s->form_id);
	progress_begin(&bar, cli, label, PROGRESS_ITEMS, _("respondents"), n);
	for (i = 0; i < n; i++) {
		struct store_row row = { 0 };
		const char *const *values;
		const char *group;

		if (simulator_next(sim, &values, &group, &err) < 0) {
			progress_end(&bar, 0);
			store_bulk_abort(bulk);
			store_rollback(st);
			rc = cli_error(EXIT_DATAERR, "%s", err.msg);
			fprintf(stderr, _("nothing was stored\n"));
			goto out;
		}
		memset(&row, 0, sizeof(row));
		row.group = group;
		row.wave = wave;
		row.values = values;
		row.n = s->nq;
		if (s->nrepeats && simulator_instances(sim, &row.inst, &row.ninst) < 0) {
			progress_end(&bar, 0);
			store_bulk_abort(bulk);
			store_rollback(st);
			rc = cli_error(EXIT_FAIL, "out of memory");
			goto out;
		}
		if ((i & 255) == 255)
			progress_update(&bar, i + 1);
		if (store_bulk_add(bulk, &row, &err) < 0) {
			progress_end(&bar, 0);
			store_bulk_abort(bulk);
			store_rollback(st);
			rc = cli_error(EXIT_IOERR, "%s", err.msg);
			goto out;
		}
	}
	progress_update(&bar, n);
	strbuf_addf(&detail, "%s version %d: %ld simulated respondent%s, seed %ld", s->form_id,
		    s->version, n, n == 1 ? "" : "s", seed);
	if (store_bulk_finish(bulk, &written, &err) < 0 ||
	    store_audit(st, "responses.simulate", detail.buf, &err) < 0 ||
	    store_commit(st, &err) < 0) {
		progress_end(&bar, 0);
		store_rollback(st);
		rc = cli_error(EXIT_IOERR, "%s", err.msg);
		goto out;
	}
	progress_end(&bar, 1);
	cli_info(cli, "stored %lld simulated respondent%s of %s version %d (seed %ld)\n",
		 (long long)written, written == 1 ? "" : "s", s->form_id, s->version, seed);
	if (groups)
		cli_info(cli, "groups: groupe_1 to groupe_%ld\n", groups);
	rc = EXIT_OK;
out:
	strbuf_release(&detail);
	simulator_free(sim);
	survey_free(s);
	survey_version_release(&sv);
	store_close(st);
	return rc;
}

const struct command cmd_simulate = {
	"simulate", run_simulate,
	"utilis simulate FORM_ID --n N [--seed S] [--groups G] [--wave W] [--version V]\n"
	"       utilis simulate FORM_ID --links [--wave W] [--share P] [--shift S] [--seed S]",
	N_("store synthetic respondents, to try a survey before fielding it"),
	N_("Options:\n"
	"  --n N          how many respondents to add\n"
	"  --seed S       the same seed gives the same answers (default: 1)\n"
	"  --groups G     spread respondents over G groups (_group groupe_1 .. groupe_G)\n"
	"                 whose answers differ, for group comparisons\n"
	"  --wave W       their _wave (e.g. 2025, for before/after comparisons)\n"
	"  --version V    that version of the survey (default: the highest loaded)\n"
	"  --links        rather than new respondents, answer the personal links of\n"
	"                 'utilis invite' not yet submitted (of wave W with --wave), as\n"
	"                 their respondents would on the web: the same submission,\n"
	"                 anonymity and panel keys.  A person answers alike in each\n"
	"                 wave (their e-mail, else their name, seeds a lasting part\n"
	"                 of their traits)\n"
	"  --share P      with --links: answer P % of the links (default 100)\n"
	"  --shift S      with --links: move every trait by S standard deviations\n"
	"                 (e.g. 0.4 in a second wave: people progressed)\n"
	"\n"
	"Answers respect types, choices and choice filters, relevance, required\n"
	"questions and constraints.  Items of one dimension are correlated through a\n"
	"latent trait, so reliability (Cronbach's alpha) and indicators look like those\n"
	"of real data.  A repeat gets as many instances as its repeat_count says, an\n"
	"open one 1 to 12 (within its max_count), each answered by the same rules.\n"
	"Simulated respondents are stored like real ones: simulate into a\n"
	"separate workspace (--db) to keep them apart, or erase them afterwards.\n"),
};
