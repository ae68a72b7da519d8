/*
 * jury_fill: score every assigned (juror, candidate) pair of a prize
 * edition in a workspace, as jurors would on their pages, for the report
 * tests and the scorecards benchmark (there is no command that types in a
 * juror's sheet).  Scores come from a seeded model — a candidate's quality
 * plus the juror's severity plus noise, rounded to the grid's 0-5 scale —
 * and about half of the comment questions get a sentence from a small bank
 * of French remarks.  The sheets go through store_jury_sheet_save(), the
 * same call as the web pages.
 *
 *   jury_fill DB EDITION GRID_FORM_ID SEED [--submit]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "survey/survey.h"

static unsigned long long state;

static double uniform(void)
{
	unsigned long long z = (state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

static const char *const remarks[] = {
	"Un partenariat solide, construit dans la durée, avec une vraie réciprocité.",
	"Les salariés de l'entreprise s'impliquent, mais surtout l'encadrement : à élargir.",
	"Résultats concrets pour les personnes accompagnées ; les chiffres donnés sont précis.",
	"Le dossier manque d'éléments sur le financement après 2019.",
	"Belle idée, facile à reproduire dans d'autres départements.",
	"Action très dépendante d'une seule personne côté association.",
	"L'innovation tient surtout à la façon de coopérer, pas au service rendu.",
	"Coup de cœur : les bénévoles et les salariés travaillent vraiment ensemble.",
	"Impact réel mais encore modeste au regard de la taille de l'entreprise.",
	"À suivre : la convention signée en 2017 donne un cadre rassurant aux deux parties.",
	"Public touché : des jeunes éloignés de l'emploi, ce qui répond à un besoin réel.",
	"On aimerait savoir ce qu'en pensent les personnes accompagnées elles-mêmes.",
};

int main(int argc, char **argv)
{
	struct store *st;
	struct error err;
	struct survey_version sv;
	struct survey *grid = NULL;
	struct diags d = DIAGS_INIT;
	struct jury_pair *pairs = NULL;
	struct juror *jurors = NULL;
	size_t npairs = 0, njurors = 0, i, k;
	double *severity, quality[100000];
	const char **values;
	int submit = argc > 5 && !strcmp(argv[5], "--submit");

	if (argc < 5) {
		fprintf(stderr, "usage: jury_fill DB EDITION GRID_FORM_ID SEED [--submit]\n");
		return 2;
	}
	state = strtoull(argv[4], NULL, 10);
	if (store_open(&st, argv[1], 0, &err) < 0) {
		fprintf(stderr, "jury_fill: %s\n", err.msg);
		return 1;
	}
	if (store_survey_get(st, argv[3], 0, &sv, &err) <= 0 ||
	    survey_load(&grid, sv.form_id, sv.source, strlen(sv.source), &d) < 0) {
		fprintf(stderr, "jury_fill: cannot load grid '%s'\n", argv[3]);
		return 1;
	}
	if (store_juror_list(st, argv[2], &jurors, &njurors, &err) < 0 ||
	    store_jury_assignments(st, argv[2], &pairs, &npairs, &err) < 0) {
		fprintf(stderr, "jury_fill: %s\n", err.msg);
		return 1;
	}
	severity = calloc(njurors + 1, sizeof(double));
	values = calloc(grid->nq + 1, sizeof(char *));
	if (!severity || !values)
		return 1;
	for (i = 0; i < njurors; i++)
		severity[i] = 0.45 * normal();
	for (i = 0; i < sizeof(quality) / sizeof(quality[0]); i++)
		quality[i] = 3 + 0.9 * normal();
	if (store_begin(st, &err) < 0)
		return 1;
	for (i = 0; i < npairs; i++) {
		char scores[32][4];
		size_t j, ns = 0;
		double sev = 0;

		for (j = 0; j < njurors; j++)
			if (jurors[j].id == pairs[i].juror_id)
				sev = severity[j];
		memset(values, 0, (grid->nq + 1) * sizeof(char *));
		for (k = 0; k < grid->nq; k++) {
			const struct question *q = grid->questions[k];

			if (q->weight > 0 && q->is_scale && ns < 32) {
				double x = round(quality[(size_t)pairs[i].candidate_id % 100000] + sev + 0.7 * normal());

				x = fmin(q->scale_max, fmax(q->scale_min, x));
				snprintf(scores[ns], sizeof(scores[ns]), "%d", (int)x);
				values[k] = scores[ns++];
			} else if (q->type == Q_TEXT && !q->required && uniform() < 0.2) {
				values[k] = remarks[(size_t)(uniform() * (sizeof(remarks) / sizeof(remarks[0])))];
			} else if (q->type == Q_SELECT_ONE && q->list && q->list->n && !q->is_scale) {
				/* yes/no and the recommendation: "non" for a conflict, else the first choice */
				values[k] = !strcmp(q->name, "conflit_interets") ? "non" : q->list->v[0].name;
			}
		}
		if (store_jury_sheet_save(st, argv[2], pairs[i].juror_id, pairs[i].candidate_id, sv.id, values,
					  grid->nq, NULL, &err) < 0) {
			fprintf(stderr, "jury_fill: %s\n", err.msg);
			store_rollback(st);
			return 1;
		}
	}
	if (submit)
		for (i = 0; i < njurors; i++)
			if (store_jury_submit(st, argv[2], jurors[i].id, &err) < 0) {
				fprintf(stderr, "jury_fill: %s\n", err.msg);
				store_rollback(st);
				return 1;
			}
	if (store_commit(st, &err) < 0)
		return 1;
	printf("%zu sheets scored\n", npairs);
	free(severity);
	free(values);
	free(pairs);
	jurors_free(jurors, njurors);
	survey_free(grid);
	survey_version_release(&sv);
	diags_release(&d);
	store_close(st);
	return 0;
}
