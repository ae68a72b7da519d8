/*
 * output: tables, CSV and JSON of indicator and describe results (see
 * output.h).
 *
 * Tables are for a terminal, about 100 columns wide, in French or English:
 * headings and notes come from the small dictionary below, numbers use a
 * decimal comma in French, and widths count characters, not bytes.  CSV is
 * long (one row per cell) with a '.' decimal separator and full precision.
 * JSON numbers are rounded to 10 significant digits, which keeps the output
 * identical across machines without losing anything a reader needs.
 */
#include "analysis/output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/csvout.h"
#include "util/numfmt.h"
#include "util/json.h"

int an_format_parse(const char *s, enum an_format *out)
{
	if (!strcmp(s, "table"))
		*out = AN_FORMAT_TABLE;
	else if (!strcmp(s, "csv"))
		*out = AN_FORMAT_CSV;
	else if (!strcmp(s, "json"))
		*out = AN_FORMAT_JSON;
	else
		return -1;
	return 0;
}

/* --- words ------------------------------------------------------------------------------ */

static const struct {
	const char *en;		/* the key, and the English text */
	const char *fr;		/* French */
} words[] = {
	{ "Survey", "Enquête" },
	{ "version", "version" },
	{ "versions", "versions" },
	{ "respondents", "répondants" },
	{ "submitted answers only", "réponses envoyées seulement" },
	{ "all answers, submitted or not", "toutes les réponses, envoyées ou non" },
	{ "heading_scores",
	  "Scores de 0 à 100, intervalles de confiance à 95 %% ; les groupes de moins de %d répondants ne sont pas montrés." },
	{ "All respondents", "Tous les répondants" },
	{ "Dimension", "Dimension" },
	{ "Score", "Score" },
	{ "95% CI", "IC 95 %" },
	{ "Median", "Médiane" },
	{ "Alpha", "Alpha" },
	{ "Mean", "Moyenne" },
	{ "SD", "Écart-type" },
	{ "Min", "Min" },
	{ "Max", "Max" },
	{ "Composite index", "Indice composite" },
	{ "weighted mean", "moyenne pondérée" },
	{ "weighted geometric mean", "moyenne géométrique pondérée" },
	{ "By", "Par" },
	{ "Group", "Groupe" },
	{ "All", "Tous" },
	{ "no answer", "sans réponse" },
	{ "Correlation with", "Corrélation avec" },
	{ "Spearman's rho", "rho de Spearman" },
	{ "Reliability (Cronbach's alpha)", "Fiabilité (alpha de Cronbach)" },
	{ "survey", "enquête" },
	{ "items", "items" },
	{ "standardised", "standardisé" },
	{ "mean inter-item correlation", "corrélation moyenne entre items" },
	{ "Item", "Item" },
	{ "Item-rest r", "r item-reste" },
	{ "Alpha if deleted", "Alpha sans l'item" },
	{ "Standardised", "Standardisé" },
	{ "note_dropped",
	  "aucune variance (toutes les réponses égales) : laissé hors de l'alpha, comme le fait psych::alpha" },
	{ "reversed", "inversé" },
	{ "Notes", "Notes" },
	{ "value", "valeur" },
	{ "target", "cible" },
	{ "baseline", "référence" },
	{ "mean value", "valeur moyenne" },
	{ "median", "médiane" },
	{ "not in the composite", "hors indice composite" },
	{ "Welch's t test", "Test t de Welch" },
	{ "One-way ANOVA", "Analyse de variance" },
	{ "Mann-Whitney test", "Test de Mann-Whitney" },
	{ "Kruskal-Wallis test", "Test de Kruskal-Wallis" },
	{ "Chi-square test", "Test du khi-deux" },
	{ "Spearman correlation", "Corrélation de Spearman" },
	{ "Fisher's exact test", "Test exact de Fisher" },
	{ "Paired t test", "Test t apparié" },
	{ "Wilcoxon signed-rank test", "Test des rangs signés de Wilcoxon" },
	{ "McNemar's test", "Test de McNemar" },
	{ "Panel", "Panel" },
	{ "mean difference", "différence moyenne" },
	{ "pairs", "paires" },
	{ "nobody answered both waves", "personne n'a répondu aux deux vagues" },
	{ "note_duplicate",
	  "personne(s) ont répondu deux fois à une même vague : laissée(s) hors des paires" },
	{ "note_panel",
	  "Panel : les personnes qui ont répondu aux deux vagues, reliées par leur clé de panel ; différence = seconde vague − première, en points de score ; test t apparié (d_z = différence moyenne / écart-type des différences) et test des rangs signés de Wilcoxon (r = z / √n), comme t.test et wilcox.test(paired = TRUE) de R ; McNemar pour une réponse oui/non. Les tests de Welch et de Mann-Whitney ci-dessus comparent les vagues comme des échantillons indépendants." },
	{ "too many tables to enumerate", "trop de tableaux à énumérer" },
	{ "df", "ddl" },
	{ "Cohen's d", "d de Cohen" },
	{ "eta squared", "êta²" },
	{ "rank-biserial r", "r rang-bisérial" },
	{ "Cramér's V", "V de Cramér" },
	{ "not computed", "non calculé" },
	{ "no data", "aucune donnée" },
	{ "too few answers", "trop peu de réponses" },
	{ "all answers are equal", "toutes les réponses sont égales" },
	{ "a single item", "un seul item" },
	{ "fewer than two groups to compare", "moins de deux groupes à comparer" },
	{ "items never answered together", "des items jamais répondus ensemble" },
	{ "suppressed", "masqué" },
	{ "not applicable", "sans objet" },
	{ "suppressed: fewer than", "masqué : moins de" },
	{ "suppressed: protects a small group", "masqué : protège un petit groupe" },
	{ "suppressed: a dimension is suppressed", "masqué : une dimension est masquée" },
	{ "groups suppressed are not compared", "groupe(s) masqué(s) non comparé(s)" },
	{ "bootstrap", "bootstrap" },
	{ "Answered", "Réponses" },
	{ "In repeat", "Dans la répétition" },
	{ "answers (instances) from", "réponses (instances) de" },
	{ "Answer", "Réponse" },
	{ "cell(s) with an expected count below 5: the test may be inaccurate",
	  "cellule(s) d'effectif attendu inférieur à 5 : test peu fiable" },
	{ "free text: read the answers in the export", "texte libre : lisez les réponses dans l'export" },
	{ "Groups", "Groupes" },
	{ "percent of respondents who answered; several answers possible",
	  "pourcentage des répondants ayant répondu ; plusieurs réponses possibles" },
	{ "note_coverage",
	  "répondants ont répondu à trop peu d'items d'une dimension (il en faut les deux tiers) pour y avoir une valeur ; ils ne sont pas comptés dans n." },
	{ "note_coverage_1",
	  "répondant a répondu à trop peu d'items d'une dimension (il en faut les deux tiers) pour y avoir une valeur ; il n'est pas compté dans n." },
	{ "respondent", "répondant" },
	{ "note_bootstrap",
	  "Indice composite : intervalle bootstrap percentile" },
	{ "resamples, seed", "tirages, graine" },
	{ "note_mofn",
	  "au-delà de %zu répondants, %zu sont rééchantillonnés et l'intervalle est ramené à l'effectif réel (m parmi n)" },
	{ "note_hidden",
	  "Masqué : un groupe de moins de %d répondants, ou un groupe masqué pour qu'un petit groupe ne se déduise pas du total." },
	{ "note_cells",
	  "< %d : moins de %d répondants ; · : masqué pour qu'un petit nombre ne se déduise pas du total ou des autres colonnes." },
	{ "note_left_out",
	  "Les répondants d'un groupe × vague de moins de %d (ou dont moins de %d ont répondu à une question) sont laissés hors de tous les chiffres, totaux compris." },
	{ "note_extremes",
	  "Min(%d), Max(%d) : la %de plus petite et la %de plus grande valeur, qu'au moins %d répondants atteignent : jamais la valeur d'une seule personne." },
	{ "note_alpha",
	  "Alpha de Cronbach sur les covariances par paires de répondants (comme psych::alpha de R), items inversés recodés." },
	{ "note_ci", "Intervalle de Wilson pour une part à un seul item, intervalle t sinon." },
	{ "note_negative",
	  "corrélation item-reste négative : l'item va à l'encontre de sa dimension ; s'il est formulé à l'envers, déclarez-le « reverse: true » dans le questionnaire" },
};

/* In English the key itself, unless it is a note key. */
static const char *const english_notes[][2] = {
	{ "heading_scores",
	  "Scores from 0 to 100 with 95%% confidence intervals; groups of fewer than %d respondents are not shown." },
	{ "note_coverage",
	  "respondents answered too few items of a dimension (two thirds are needed) to have a value there; they are not counted in n." },
	{ "note_coverage_1",
	  "respondent answered too few items of a dimension (two thirds are needed) to have a value there; not counted in n." },
	{ "note_bootstrap", "Composite index: percentile bootstrap interval" },
	{ "note_mofn",
	  "beyond %zu respondents, %zu are resampled and the interval is scaled back to the real count (m out of n)" },
	{ "note_hidden",
	  "Suppressed: a group of fewer than %d respondents, or a group hidden so that a small one cannot be worked out from the total." },
	{ "note_cells",
	  "< %d: fewer than %d respondents; ·: hidden so that a small count cannot be worked out from the total or the other columns." },
	{ "note_left_out",
	  "Respondents of a group x wave of fewer than %d (or of which fewer than %d answered a question) are left out of every figure, the totals included." },
	{ "note_extremes",
	  "Min(%d), Max(%d): the %dth smallest and the %dth largest value, which at least %d respondents reach: never one person's value." },
	{ "note_alpha",
	  "Cronbach's alpha on pairwise covariances (as R's psych::alpha), reverse-coded items recoded." },
	{ "note_ci", "Wilson interval for a one-item share, t interval otherwise." },
	{ "note_dropped",
	  "no variance (every answer equal): left out of alpha, as psych::alpha does" },
	{ "note_negative",
	  "negative item-rest correlation: the item goes against its dimension; if it is worded against it, declare it 'reverse: true' in the questionnaire" },
	{ "note_duplicate",
	  "person(s) answered one wave twice: left out of the pairs" },
	{ "note_panel",
	  "Panel: the people who answered both waves, linked by their panel key; difference = second wave - first, in score points; paired t test (d_z = mean difference / SD of the differences) and Wilcoxon signed-rank test (r = z / sqrt(n)), as R's t.test and wilcox.test(paired = TRUE); McNemar for a yes/no answer. The Welch and Mann-Whitney tests above compare the waves as independent samples." },
};

static int is_fr(const char *lang)
{
	return lang && !strncmp(lang, "fr", 2);
}

static const char *W(const char *lang, const char *key)
{
	size_t i;

	if (is_fr(lang)) {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(words[i].en, key))
				return words[i].fr;
	} else {
		for (i = 0; i < sizeof(english_notes) / sizeof(english_notes[0]); i++)
			if (!strcmp(english_notes[i][0], key))
				return english_notes[i][1];
	}
	return key;
}

static const char *note_text(const char *lang, enum stat_note n)
{
	switch (n) {
	case STAT_OK: return "";
	case STAT_NO_DATA: return W(lang, "no data");
	case STAT_TOO_FEW: return W(lang, "too few answers");
	case STAT_NO_VARIANCE: return W(lang, "all answers are equal");
	case STAT_ONE_ITEM: return W(lang, "a single item");
	case STAT_ONE_GROUP: return W(lang, "fewer than two groups to compare");
	case STAT_NO_PAIRS: return W(lang, "items never answered together");
	case STAT_SUPPRESSED: return W(lang, "suppressed");
	case STAT_NOT_APPLICABLE: return W(lang, "not applicable");
	case STAT_TOO_LARGE: return W(lang, "too many tables to enumerate");
	}
	return "";
}

static void hidden_text(struct strbuf *sb, const char *lang, enum an_hide h, int min_group)
{
	switch (h) {
	case AN_HIDE_SMALL:
		strbuf_addf(sb, "%s %d %s", W(lang, "suppressed: fewer than"), min_group,
			    W(lang, "respondents"));
		break;
	case AN_HIDE_COMPLEMENT:
		strbuf_addstr(sb, W(lang, "suppressed: protects a small group"));
		break;
	case AN_HIDE_DIMENSION:
		strbuf_addstr(sb, W(lang, "suppressed: a dimension is suppressed"));
		break;
	case AN_SHOWN:
		break;
	}
}

/* --- numbers and columns ---------------------------------------------------------------- */

/* v with dec decimals, decimal comma in French, not grouped (util/numfmt.h). */
static const char *fnum(char *buf, size_t n, double v, int dec, const char *lang)
{
	return numfmt(buf, n, v, dec, 0, lang);
}

/* v with at most dec decimals, trailing zeros dropped ("33", "2.5"). */
static const char *fshort(char *buf, size_t n, double v, int dec, const char *lang)
{
	char *p;

	fnum(buf, n, v, dec, lang);
	if (!isfinite(v) || !strpbrk(buf, ".,"))
		return buf;
	p = buf + strlen(buf) - 1;
	while (*p == '0')
		*p-- = '\0';
	if (*p == '.' || *p == ',')
		*p = '\0';
	return buf;
}

static void coln(struct strbuf *sb, double v, int dec, size_t width, const char *lang)
{
	char buf[64];

	strbuf_add_cell(sb, fnum(buf, sizeof(buf), v, dec, lang), width, 1);
}

static void colz(struct strbuf *sb, size_t v, size_t width)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	strbuf_add_cell(sb, buf, width, 1);
}

/* "lo – hi" in width characters. */
static void colci(struct strbuf *sb, double lo, double hi, int dec, size_t width, const char *lang)
{
	char a[32], b[32], buf[80];

	if (!isfinite(lo) || !isfinite(hi))
		snprintf(buf, sizeof(buf), "–");
	else
		snprintf(buf, sizeof(buf), "%s – %s", fnum(a, sizeof(a), lo, dec, lang),
			 fnum(b, sizeof(b), hi, dec, lang));
	strbuf_add_cell(sb, buf, width, 1);
}

static void trim_right(struct strbuf *sb)
{
	while (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
}

static void nl(struct strbuf *sb)
{
	trim_right(sb);
	strbuf_addch(sb, '\n');
}

static const char *test_name(const char *lang, enum test_kind k)
{
	switch (k) {
	case TEST_WELCH: return W(lang, "Welch's t test");
	case TEST_ANOVA: return W(lang, "One-way ANOVA");
	case TEST_MANN_WHITNEY: return W(lang, "Mann-Whitney test");
	case TEST_KRUSKAL: return W(lang, "Kruskal-Wallis test");
	case TEST_CHISQ: return W(lang, "Chi-square test");
	case TEST_SPEARMAN: return W(lang, "Spearman correlation");
	case TEST_FISHER: return W(lang, "Fisher's exact test");
	case TEST_PAIRED_T: return W(lang, "Paired t test");
	case TEST_SIGNED_RANK: return W(lang, "Wilcoxon signed-rank test");
	case TEST_MCNEMAR: return W(lang, "McNemar's test");
	case TEST_NONE: break;
	}
	return "";
}

static const char *effect_name(const char *lang, enum effect_kind k)
{
	switch (k) {
	case EFFECT_COHEN_D: return W(lang, "Cohen's d");
	case EFFECT_ETA2: return W(lang, "eta squared");
	case EFFECT_RANK_BISERIAL: return W(lang, "rank-biserial r");
	case EFFECT_CRAMER_V: return W(lang, "Cramér's V");
	case EFFECT_RHO: return "rho";
	case EFFECT_DZ: return "d_z";
	case EFFECT_R_Z: return "r";
	case EFFECT_NONE: break;
	}
	return "";
}

/* One line for a test: "  Welch's t test: t = 1.62; df = 389.2; p = 0.106; Cohen's d = 0.16". */
static void test_line(struct strbuf *sb, const char *indent, const struct test_result *t,
		      const char *lang)
{
	const char *sep = is_fr(lang) ? " : " : ": ", *semi = is_fr(lang) ? " ; " : "; ";
	char a[64], b[64];

	if (t->kind == TEST_NONE)
		return;
	strbuf_addf(sb, "%s%s%s", indent, test_name(lang, t->kind), sep);
	if (t->note != STAT_OK) {
		strbuf_addf(sb, "%s (%s)\n", W(lang, "not computed"), note_text(lang, t->note));
		return;
	}
	switch (t->kind) {
	case TEST_WELCH:
		strbuf_addf(sb, "t = %s%s%s = %s", fnum(a, sizeof(a), t->statistic, 2, lang), semi,
			    W(lang, "df"), fnum(b, sizeof(b), t->df, 1, lang));
		break;
	case TEST_PAIRED_T:
		strbuf_addf(sb, "t = %s%s%s = %s", fnum(a, sizeof(a), t->statistic, 2, lang), semi,
			    W(lang, "df"), fnum(b, sizeof(b), t->df, 0, lang));
		break;
	case TEST_SIGNED_RANK:
		strbuf_addf(sb, "V = %s", fnum(a, sizeof(a), t->statistic, 1, lang));
		break;
	case TEST_ANOVA: {
		char c[64];

		strbuf_addf(sb, "F(%s, %s) = %s", fnum(a, sizeof(a), t->df, 0, lang),
			    fnum(b, sizeof(b), t->df2, 0, lang),
			    fnum(c, sizeof(c), t->statistic, 2, lang));
		break;
	}
	case TEST_MANN_WHITNEY:
		strbuf_addf(sb, "W = %s", fnum(a, sizeof(a), t->statistic, 1, lang));
		break;
	case TEST_KRUSKAL:
		strbuf_addf(sb, "H = %s%s%s = %s", fnum(a, sizeof(a), t->statistic, 2, lang), semi,
			    W(lang, "df"), fnum(b, sizeof(b), t->df, 0, lang));
		break;
	case TEST_MCNEMAR:	/* X² on one degree of freedom */
	case TEST_CHISQ:
		strbuf_addf(sb, "X² = %s%s%s = %s", fnum(a, sizeof(a), t->statistic, 2, lang), semi,
			    W(lang, "df"), fnum(b, sizeof(b), t->df, 0, lang));
		break;
	case TEST_SPEARMAN:
		strbuf_addf(sb, "rho = %s%sn = %zu", fnum(a, sizeof(a), t->estimate, 2, lang), semi, t->n);
		break;
	case TEST_FISHER:
		/* No statistic: the p-value alone. */
		semi = "";
		break;
	case TEST_NONE:
		break;
	}
	strbuf_addf(sb, "%sp %s", semi, numfmt_p(a, sizeof(a), t->p, 3, lang));
	if (t->effect_kind != EFFECT_NONE && t->effect_kind != EFFECT_RHO && isfinite(t->effect))
		strbuf_addf(sb, "%s%s = %s", semi, effect_name(lang, t->effect_kind),
			    fnum(a, sizeof(a), t->effect, 2, lang));
	strbuf_addch(sb, '\n');
	if (t->kind == TEST_CHISQ && t->nsmall > 0)
		strbuf_addf(sb, "%s  (%zu %s)\n", indent, t->nsmall,
			    W(lang, "cell(s) with an expected count below 5: the test may be inaccurate"));
}

/* --- indicators: table ------------------------------------------------------------------- */

static const char *dim_label(const struct ind_dimension *dim, const char *lang)
{
	const char *l = an_text_get(&dim->label, lang);

	return l ? l : dim->id;
}

static const char *group_label(const struct ind_group *g, const char *lang)
{
	const char *l;

	if (!g->key && !g->no_answer)
		return W(lang, "All");
	if (g->no_answer)
		return W(lang, "no answer");
	l = an_text_get(&g->label, lang);
	return l ? l : g->key;
}

/* Widths of the label columns: dimensions (with their id), groups. */
#define DIM_W 50
#define GROUP_W 38

/* The reliability entry of dimension d when there is exactly one, else NULL. */
static const struct ind_reliability *only_rel(const struct ind_result *r, size_t d)
{
	const struct ind_reliability *found = NULL;
	size_t i;

	for (i = 0; i < r->nrel; i++)
		if (r->rel[i].dim == d) {
			if (found)
				return NULL;
			found = &r->rel[i];
		}
	return found;
}

/* Header line of the per-group tables (the composite's has no median). */
static void group_header(struct strbuf *sb, const char *lang, const char *first, size_t w,
			 int composite)
{
	char ci[32];

	snprintf(ci, sizeof(ci), "%s", W(lang, "95% CI"));
	strbuf_addstr(sb, "  ");
	strbuf_add_cell(sb, first, w, 0);
	strbuf_add_cell(sb, "n", 7, 1);
	strbuf_add_cell(sb, W(lang, "Score"), 7, 1);
	strbuf_add_cell(sb, ci, 16, 1);
	if (composite)
		strbuf_addf(sb, "  (%s)", W(lang, "bootstrap"));
	else
		strbuf_add_cell(sb, W(lang, "Median"), 9, 1);
	nl(sb);
}

/* One row: a cell of a group (or its suppression). */
static void cell_row(struct strbuf *sb, const char *label, size_t w, const struct ind_cell *c,
		     const struct ind_dimension *dim, size_t n, int min_group, const char *lang)
{
	strbuf_addstr(sb, "  ");
	strbuf_add_cell(sb, label, w, 0);
	if (c->note == STAT_SUPPRESSED) {
		strbuf_addstr(sb, "  ");
		hidden_text(sb, lang, c->hidden, min_group);
		nl(sb);
		return;
	}
	colz(sb, n, 7);
	if (c->note == STAT_NO_DATA) {
		strbuf_addf(sb, "  %s", W(lang, "no data"));
		nl(sb);
		return;
	}
	coln(sb, c->score, 1, 7, lang);
	colci(sb, c->score_lo, c->score_hi, 1, 16, lang);
	/* the median on the score's scale (the transformation keeps the order) */
	coln(sb, dim->norm != NORM_NONE ? ind_normalise(dim, c->value.median) : c->value.median, 1,
	     9, lang);
	nl(sb);
}

static void composite_row(struct strbuf *sb, const char *label, size_t w,
			  const struct ind_composite *c, size_t n, int min_group, const char *lang)
{
	strbuf_addstr(sb, "  ");
	strbuf_add_cell(sb, label, w, 0);
	if (c->note == STAT_SUPPRESSED) {
		strbuf_addstr(sb, "  ");
		hidden_text(sb, lang, c->hidden, min_group);
		nl(sb);
		return;
	}
	colz(sb, n, 7);
	if (c->note != STAT_OK) {
		strbuf_addf(sb, "  %s", note_text(lang, c->note));
		nl(sb);
		return;
	}
	coln(sb, c->score, 1, 7, lang);
	colci(sb, c->boot.lo, c->boot.hi, 1, 16, lang);
	if (c->boot.note != STAT_OK && c->boot.note != STAT_NOT_APPLICABLE)
		strbuf_addf(sb, "  (%s)", note_text(lang, c->boot.note));
	nl(sb);
}

/* --- panels: the way travelled -------------------------------------------------------------- */

int ind_paired_sentence(struct strbuf *sb, const struct ind_paired_dim *pd, int min_group,
			const char *lang)
{
	int fr = is_fr(lang);

	if (pd->note == STAT_NO_DATA)
		return strbuf_addstr(sb, W(lang, "nobody answered both waves"));
	if (pd->note == STAT_SUPPRESSED)
		return strbuf_addf(sb, fr ? "moins de %d personnes ont répondu deux fois : chemin "
				   "parcouru non montré" : "fewer than %d people answered twice: "
				   "not shown", min_group);
	strbuf_addf(sb, fr ? "parmi les %zu personnes qui ont répondu deux fois, " :
		    "of the %zu people who answered twice, ", pd->npairs);
	if (pd->improved_hidden < 0)
		return strbuf_addf(sb, fr ? "moins de %d ont progressé" : "fewer than %d progressed",
				   min_group);
	if (pd->improved_hidden > 0)
		return strbuf_addf(sb, fr ? "plus de %zu ont progressé" : "more than %zu progressed",
				   pd->npairs - (size_t)min_group);
	return strbuf_addf(sb, fr ? "%zu ont progressé" : "%zu progressed", pd->nimproved);
}

/* "+6.3" */
static const char *fsigned(char *buf, size_t n, double v, int dec, const char *lang)
{
	char tmp[48];	/* a number, then its sign: within the callers' 64 bytes */

	fnum(tmp, sizeof(tmp), v, dec, lang);
	snprintf(buf, n, "%s%s", isfinite(v) && tmp[0] != '-' && strspn(tmp, "0.,") != strlen(tmp)
		 ? "+" : "", tmp);
	return buf;
}

/* The panel lines of dimension d under its breakdown by wave. */
static void paired_lines(struct strbuf *sb, const struct ind_result *r, size_t d, const char *lang)
{
	int fr = is_fr(lang);
	char a[64], b[64], c[64];

	for (size_t i = 0; i < r->npaired; i++) {
		const struct ind_paired *P = &r->paired[i];
		const struct ind_paired_dim *pd = &P->dims[d];

		strbuf_addf(sb, "  %s %s → %s%s", W(lang, "Panel"),
			    group_label(&r->groups[P->from], lang), group_label(&r->groups[P->to], lang),
			    fr ? " : " : ": ");
		ind_paired_sentence(sb, pd, r->min_group, lang);
		if (pd->note != STAT_OK) {
			nl(sb);
			continue;
		}
		if (!pd->improved_hidden)
			strbuf_addf(sb, " (%s %%)", fnum(a, sizeof(a),
							 100.0 * (double)pd->nimproved / (double)pd->npairs,
							 0, lang));
		strbuf_addf(sb, "%s%s %s", fr ? " ; " : "; ", W(lang, "mean difference"),
			    fsigned(a, sizeof(a), pd->diff, 1, lang));
		if (isfinite(pd->diff_lo))
			strbuf_addf(sb, " (%s %s – %s)", W(lang, "95% CI"),
				    fnum(b, sizeof(b), pd->diff_lo, 1, lang),
				    fnum(c, sizeof(c), pd->diff_hi, 1, lang));
		nl(sb);
		test_line(sb, "    ", &pd->t, lang);
		test_line(sb, "    ", &pd->w, lang);
		test_line(sb, "    ", &pd->mcnemar, lang);
	}
}

static void ind_table(struct strbuf *sb, const struct ind_result *r, const char *lang)
{
	const struct indicator_set *set = r->set;
	const char *fr_colon = is_fr(lang) ? " : " : ": ";
	size_t d, g, i, nbelow = 0, idw = 11;
	char ci[32], a[64];
	int fr = is_fr(lang);

	/* Heading. */
	strbuf_addf(sb, "%s [%s]\n", an_text_get(&set->title, lang), set->id);
	for (i = 0; i < r->nforms; i++) {
		const struct ind_form *f = &r->forms[i];

		strbuf_addf(sb, "%s %s", W(lang, "Survey"), f->form_id);
		if (f->vmin && f->vmin == f->vmax)
			strbuf_addf(sb, ", %s %d", W(lang, "version"), f->vmin);
		else if (f->vmin)
			strbuf_addf(sb, ", %s %d–%d", W(lang, "versions"), f->vmin, f->vmax);
		strbuf_addf(sb, "%s%zu %s (%s)\n", fr_colon, f->nresp, W(lang, "respondents"),
			    W(lang, r->opt.submitted_only ? "submitted answers only"
							  : "all answers, submitted or not"));
	}
	strbuf_add_count(sb, W(lang, "heading_scores"), r->min_group);
	strbuf_addch(sb, '\n');

	/* Everyone, one line per dimension; ids in a column as wide as the longest. */
	for (d = 0; d < set->ndims; d++)
		if (strlen(set->dims[d].id) > idw)
			idw = strlen(set->dims[d].id);
	if (idw > 20)
		idw = 20;
	snprintf(ci, sizeof(ci), "%s", W(lang, "95% CI"));
	strbuf_addf(sb, "\n%s\n", W(lang, "All respondents"));
	strbuf_addstr(sb, "  ");
	strbuf_add_cell(sb, W(lang, "Dimension"), DIM_W, 0);
	strbuf_add_cell(sb, "n", 7, 1);
	strbuf_add_cell(sb, W(lang, "Score"), 7, 1);
	strbuf_add_cell(sb, ci, 16, 1);
	strbuf_add_cell(sb, W(lang, "Median"), 9, 1);
	strbuf_add_cell(sb, W(lang, "Alpha"), 7, 1);
	nl(sb);
	for (d = 0; d < set->ndims; d++) {
		const struct ind_dimension *dim = &set->dims[d];
		const struct ind_cell *c = &r->all.cells[d];
		const struct ind_reliability *rel = only_rel(r, d);
		char label[512];
		int scored = dim->norm != NORM_NONE;

		snprintf(label, sizeof(label), "%-*s %s", (int)idw, dim->id, dim_label(dim, lang));
		nbelow += c->nbelow;
		if (c->note == STAT_SUPPRESSED || c->note == STAT_NO_DATA) {
			cell_row(sb, label, DIM_W, c, dim, c->value.n, r->min_group, lang);
			continue;
		}
		strbuf_addstr(sb, "  ");
		strbuf_add_cell(sb, label, DIM_W, 0);
		colz(sb, c->value.n, 7);
		coln(sb, c->score, 1, 7, lang);
		colci(sb, c->score_lo, c->score_hi, 1, 16, lang);
		coln(sb, scored ? ind_normalise(dim, c->value.median) : c->value.median, 1, 9, lang);
		if (rel && rel->note != STAT_SUPPRESSED)
			coln(sb, rel->alpha.raw, 2, 7, lang);
		nl(sb);
		if (scored) {
			char b[64];

			strbuf_addf(sb, "  %*s %s %s, %s %s", (int)idw, "", W(lang, "mean value"),
				    fshort(a, sizeof(a), c->value.mean, 2, lang), W(lang, "median"),
				    fshort(b, sizeof(b), c->value.median, 2, lang));
			if (dim->norm == NORM_TARGET) {
				strbuf_addf(sb, " (%s %s", W(lang, "target"),
					    fshort(a, sizeof(a), dim->target, 2, lang));
				strbuf_addf(sb, ", %s %s)", W(lang, "baseline"),
					    fshort(a, sizeof(a), dim->baseline, 2, lang));
			}
			if (!(dim->weight > 0))
				strbuf_addf(sb, "%s%s", fr ? " ; " : "; ", W(lang, "not in the composite"));
			nl(sb);
		}
	}
	if (r->has_composite) {
		char label[128];

		snprintf(label, sizeof(label), "%s (%s)", W(lang, "Composite index"),
			 W(lang, set->aggregate == AGG_GEOMETRIC ? "weighted geometric mean"
								  : "weighted mean"));
		composite_row(sb, label, DIM_W, &r->all.composite, r->all.n, r->min_group, lang);
	}

	/* By group. */
	if (r->by_kind == BY_CATEGORY) {
		for (d = 0; d < set->ndims; d++) {
			const struct ind_dimension *dim = &set->dims[d];

			strbuf_addf(sb, "\n%s %s — %s (%s)\n", W(lang, "By"), r->by, dim_label(dim, lang),
				    dim->id);
			group_header(sb, lang, W(lang, "Group"), GROUP_W, 0);
			for (g = 0; g < r->ngroups; g++)
				cell_row(sb, group_label(&r->groups[g], lang), GROUP_W,
					 &r->groups[g].cells[d], dim, r->groups[g].cells[d].value.n,
					 r->min_group, lang);
			cell_row(sb, W(lang, "All"), GROUP_W, &r->all.cells[d], dim,
				 r->all.cells[d].value.n, r->min_group, lang);
			test_line(sb, "  ", &r->cmp[d].param, lang);
			test_line(sb, "  ", &r->cmp[d].rank, lang);
			if (r->cmp[d].ngroups_hidden)
				strbuf_addf(sb, "  (%zu %s)\n", r->cmp[d].ngroups_hidden,
					    W(lang, "groups suppressed are not compared"));
			if (r->panel)
				paired_lines(sb, r, d, lang);
		}
		if (r->has_composite) {
			strbuf_addf(sb, "\n%s %s — %s\n", W(lang, "By"), r->by,
				    W(lang, "Composite index"));
			group_header(sb, lang, W(lang, "Group"), GROUP_W, 1);
			for (g = 0; g < r->ngroups; g++)
				composite_row(sb, group_label(&r->groups[g], lang), GROUP_W,
					      &r->groups[g].composite, r->groups[g].n, r->min_group, lang);
			composite_row(sb, W(lang, "All"), GROUP_W, &r->all.composite, r->all.n,
				      r->min_group, lang);
		}
	} else if (r->by_kind == BY_NUMBER) {
		strbuf_addf(sb, "\n%s %s (%s)\n", W(lang, "Correlation with"), r->by,
			    W(lang, "Spearman's rho"));
		for (d = 0; d < set->ndims; d++) {
			const struct test_result *t = &r->cmp[d].corr;

			strbuf_addstr(sb, "  ");
			strbuf_add_cell(sb, set->dims[d].id, 14, 0);
			if (t->note == STAT_SUPPRESSED) {
				hidden_text(sb, lang, AN_HIDE_SMALL, r->min_group);
			} else if (t->note != STAT_OK) {
				strbuf_addstr(sb, note_text(lang, t->note));
			} else {
				strbuf_addf(sb, "n = %zu, rho = %s, p ", t->n,
					    fnum(a, sizeof(a), t->estimate, 2, lang));
				strbuf_addf(sb, "%s", numfmt_p(a, sizeof(a), t->p, 3, lang));
			}
			nl(sb);
		}
	}

	/* Reliability. */
	if (r->nrel) {
		strbuf_addf(sb, "\n%s\n", W(lang, "Reliability (Cronbach's alpha)"));
		for (i = 0; i < r->nrel; i++) {
			const struct ind_reliability *rel = &r->rel[i];
			const struct alpha_result *al = &rel->alpha;
			size_t k;

			strbuf_addf(sb, "%s, %s %s%s%zu %s, %zu %s", set->dims[rel->dim].id,
				    W(lang, "survey"), r->forms[rel->form].form_id, fr_colon, rel->nitems,
				    rel->nitems == 1 ? "item" : "items", al->n,
				    W(lang, al->n == 1 ? "respondent" : "respondents"));
			if (rel->note == STAT_SUPPRESSED) {
				strbuf_addstr(sb, fr ? " ; " : "; ");
				hidden_text(sb, lang, AN_HIDE_SMALL, r->min_group);
				nl(sb);
				continue;
			}
			if (al->note != STAT_OK) {
				strbuf_addf(sb, "%s%s %s (%s)", fr ? " ; " : "; ", "alpha",
					    W(lang, "not computed"), note_text(lang, al->note));
			} else {
				strbuf_addf(sb, "%salpha %s", fr ? " ; " : "; ",
					    fnum(a, sizeof(a), al->raw, 2, lang));
				if (al->std_note == STAT_OK)
					strbuf_addf(sb, " (%s %s)", W(lang, "standardised"),
						    fnum(a, sizeof(a), al->std, 2, lang));
				if (isfinite(al->average_r))
					strbuf_addf(sb, "%s%s %s", fr ? " ; " : "; ",
						    W(lang, "mean inter-item correlation"),
						    fnum(a, sizeof(a), al->average_r, 2, lang));
			}
			nl(sb);
			if (rel->nitems < 2)
				continue;
			strbuf_addstr(sb, "  ");
			strbuf_add_cell(sb, W(lang, "Item"), 26, 0);
			strbuf_add_cell(sb, "n", 8, 1);
			strbuf_add_cell(sb, W(lang, "Mean"), 9, 1);
			strbuf_add_cell(sb, W(lang, "SD"), 12, 1);
			strbuf_add_cell(sb, W(lang, "Item-rest r"), 14, 1);
			strbuf_add_cell(sb, W(lang, "Alpha if deleted"), 19, 1);
			strbuf_add_cell(sb, W(lang, "Standardised"), 14, 1);
			nl(sb);
			for (k = 0; k < rel->nitems; k++) {
				const struct alpha_item *it = &al->items[k];
				char name[160];

				snprintf(name, sizeof(name), "%s%s%s%s", rel->items[k],
					 rel->item_reverse[k] ? " (" : "",
					 rel->item_reverse[k] ? W(lang, "reversed") : "",
					 rel->item_reverse[k] ? ")" : "");
				strbuf_addstr(sb, "  ");
				strbuf_add_cell(sb, name, 26, 0);
				colz(sb, it->n, 8);
				if (rel->item_hidden[k]) {
					strbuf_addstr(sb, "  ");
					hidden_text(sb, lang, AN_HIDE_SMALL, r->min_group);
					nl(sb);
					continue;
				}
				coln(sb, it->mean, 2, 9, lang);
				coln(sb, it->sd, 2, 12, lang);
				coln(sb, it->r_drop, 2, 14, lang);
				coln(sb, it->alpha_drop, 2, 19, lang);
				coln(sb, it->alpha_std_drop, 2, 14, lang);
				nl(sb);
			}
		}
	}

	/* Notes. */
	strbuf_addf(sb, "\n%s\n", W(lang, "Notes"));
	if (nbelow)
		strbuf_addf(sb, "- %zu %s\n", nbelow, W(lang, nbelow == 1 ? "note_coverage_1" : "note_coverage"));
	strbuf_addf(sb, "- %s\n", W(lang, "note_ci"));
	if (r->has_composite && r->opt.nboot) {
		int mofn = r->all.composite.boot.m < r->all.composite.boot.n;

		for (g = 0; g < r->ngroups; g++)
			mofn |= r->groups[g].composite.boot.m < r->groups[g].composite.boot.n;
		strbuf_addf(sb, "- %s, %zu %s %llu", W(lang, "note_bootstrap"), r->opt.nboot,
			    W(lang, "resamples, seed"), (unsigned long long)r->opt.seed);
		if (mofn) {
			strbuf_addstr(sb, fr ? " ; " : "; ");
			strbuf_add_count(sb, W(lang, "note_mofn"), (long long)r->opt.boot_max);
		}
		strbuf_addstr(sb, ".\n");
	}
	if (r->nrel)
		strbuf_addf(sb, "- %s\n", W(lang, "note_alpha"));
	/* An item against its dimension is likely a reverse-coded item not declared. */
	for (i = 0; i < r->nrel; i++) {
		const struct ind_reliability *rel = &r->rel[i];
		size_t k;

		if (rel->note == STAT_SUPPRESSED)
			continue;
		for (k = 0; k < rel->nitems; k++)
			if (!rel->item_hidden[k] && rel->alpha.items[k].r_drop < 0)
				strbuf_addf(sb, "- %s: %s\n", rel->items[k], W(lang, "note_negative"));
		for (k = 0; rel->alpha.items && k < rel->nitems; k++)
			if (!rel->item_hidden[k] && rel->alpha.items[k].dropped)
				strbuf_addf(sb, "- %s%s%s\n", rel->items[k], fr ? " : " : ": ",
					    W(lang, "note_dropped"));
	}
	strbuf_addstr(sb, "- ");
	strbuf_add_count(sb, W(lang, "note_hidden"), r->min_group);
	strbuf_addch(sb, '\n');
	if (r->left_out) {
		strbuf_addstr(sb, "- ");
		strbuf_add_count(sb, W(lang, "note_left_out"), r->min_group);
		strbuf_addch(sb, '\n');
	}
	if (r->panel) {
		strbuf_addf(sb, "- %s\n", W(lang, "note_panel"));
		for (g = 0; g < r->npaired; g++)
			if (r->paired[g].nduplicate)
				strbuf_addf(sb, "- %s → %s%s%zu %s\n",
					    group_label(&r->groups[r->paired[g].from], lang),
					    group_label(&r->groups[r->paired[g].to], lang), fr_colon,
					    r->paired[g].nduplicate, W(lang, "note_duplicate"));
	}
}

/* --- JSON helpers ------------------------------------------------------------------------ */

/* A number rounded to 10 significant digits; null when not finite. */
static void jnum(struct json_writer *w, double v)
{
	char buf[40];

	if (!isfinite(v)) {
		json_null(w);
		return;
	}
	snprintf(buf, sizeof(buf), "%.10g", v);
	json_double(w, strtod(buf, NULL));
}

static void jkn(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	jnum(w, v);
}

static void jtext(struct json_writer *w, const struct an_text *t)
{
	size_t i;

	if (t->n == 0) {
		json_null(w);
		return;
	}
	if (t->n == 1 && !t->lang[0]) {
		json_string(w, t->text[0]);
		return;
	}
	json_begin_object(w);
	for (i = 0; i < t->n; i++)
		json_kv_string(w, t->lang[i] ? t->lang[i] : "", t->text[i]);
	json_end_object(w);
}

static void jinterval(struct json_writer *w, const char *key, double lo, double hi)
{
	json_key(w, key);
	if (!isfinite(lo) || !isfinite(hi)) {
		json_null(w);
		return;
	}
	json_begin_array(w);
	jnum(w, lo);
	jnum(w, hi);
	json_end_array(w);
}

static void jsummary(struct json_writer *w, const struct summary *s)
{
	json_kv_int(w, "n", (int64_t)s->n);
	jkn(w, "mean", s->mean);
	jkn(w, "sd", s->sd);
	jkn(w, "min_k", s->min);
	jkn(w, "q1", s->q1);
	jkn(w, "median", s->median);
	jkn(w, "q3", s->q3);
	jkn(w, "max_k", s->max);
	jinterval(w, "ci", s->ci_lo, s->ci_hi);
}

static void jhidden(struct json_writer *w, enum an_hide h)
{
	json_key(w, "suppressed");
	json_bool(w, h != AN_SHOWN);
	if (h != AN_SHOWN)
		json_kv_string(w, "reason", an_hide_id(h));
}

static void jtest(struct json_writer *w, const struct test_result *t)
{
	json_begin_object(w);
	json_kv_string(w, "test", test_kind_id(t->kind));
	json_kv_string(w, "note", stat_note_id(t->note));
	if (t->note == STAT_OK) {
		json_kv_int(w, "n", (int64_t)t->n);
		if (t->kind != TEST_SPEARMAN)
			json_kv_int(w, "groups", (int64_t)t->ngroups);
		jkn(w, "statistic", t->statistic);
		jkn(w, "df", t->df);
		if (t->kind == TEST_ANOVA)
			jkn(w, "df2", t->df2);
		jkn(w, "p", t->p);
		json_key(w, "exact");
		json_bool(w, t->exact);
		if (t->kind == TEST_MANN_WHITNEY || t->kind == TEST_CHISQ) {
			json_key(w, "continuity_correction");
			json_bool(w, t->corrected);
		}
		if (t->effect_kind != EFFECT_NONE) {
			json_key(w, "effect");
			json_begin_object(w);
			json_kv_string(w, "name", effect_kind_id(t->effect_kind));
			jkn(w, "value", t->effect);
			json_end_object(w);
		}
		if (t->kind == TEST_CHISQ) {
			json_kv_int(w, "expected_below_5", (int64_t)t->nsmall);
			jkn(w, "min_expected", t->min_expected);
		}
	}
	json_end_object(w);
}

/* --- indicators: JSON -------------------------------------------------------------------- */

static const char *norm_id(enum norm_kind k)
{
	switch (k) {
	case NORM_NONE: return "none";
	case NORM_SCALE: return "scale_bounds";
	case NORM_TARGET: return "target";
	case NORM_UNSCORED: return "unscored";
	}
	return "?";
}

static void j_ind_group(struct json_writer *w, const struct ind_result *r, const struct ind_group *g)
{
	size_t d;

	json_begin_object(w);
	if (!g->key && !g->no_answer) {
		json_key(w, "all");
		json_bool(w, 1);
	} else {
		json_kv_string(w, "key", g->key);
		json_key(w, "no_answer");
		json_bool(w, g->no_answer);
		json_key(w, "label");
		jtext(w, &g->label);
	}
	jhidden(w, g->hidden);
	if (g->note == STAT_SUPPRESSED) {
		json_end_object(w);
		return;
	}
	json_kv_int(w, "n", (int64_t)g->n);
	json_key(w, "cells");
	json_begin_array(w);
	for (d = 0; d < r->set->ndims; d++) {
		const struct ind_cell *c = &g->cells[d];

		json_begin_object(w);
		json_kv_string(w, "dimension", r->set->dims[d].id);
		jhidden(w, c->hidden);
		json_kv_string(w, "note", stat_note_id(c->note == STAT_OK ? c->value.note : c->note));
		if (c->note != STAT_SUPPRESSED) {
			json_kv_int(w, "missing", (int64_t)(g->n - c->value.n));
			json_kv_int(w, "below_coverage", (int64_t)c->nbelow);
			json_key(w, "value");
			json_begin_object(w);
			jsummary(w, &c->value);
			json_end_object(w);
			jkn(w, "score", c->score);
			jinterval(w, "score_ci", c->score_lo, c->score_hi);
			json_kv_string(w, "interval", c->wilson ? "wilson" : "t");
		}
		json_end_object(w);
	}
	json_end_array(w);
	if (r->has_composite) {
		const struct ind_composite *c = &g->composite;

		json_key(w, "composite");
		json_begin_object(w);
		jhidden(w, c->hidden);
		json_kv_string(w, "note", stat_note_id(c->note));
		if (c->note == STAT_OK) {
			jkn(w, "score", c->score);
			jinterval(w, "ci", c->boot.lo, c->boot.hi);
			json_key(w, "bootstrap");
			json_begin_object(w);
			json_kv_string(w, "note", stat_note_id(c->boot.note));
			json_kv_int(w, "respondents", (int64_t)c->boot.n);
			json_kv_int(w, "resampled", (int64_t)c->boot.m);
			json_kv_int(w, "replicates", (int64_t)c->boot.nboot);
			json_kv_int(w, "valid", (int64_t)c->boot.nvalid);
			json_end_object(w);
		}
		json_end_object(w);
	}
	json_end_object(w);
}

/* "paired": the panel's people in each two successive waves (docs/statistics.md). */
static void j_paired(struct json_writer *w, const struct ind_result *r)
{
	json_key(w, "paired");
	json_begin_array(w);
	for (size_t i = 0; i < r->npaired; i++) {
		const struct ind_paired *P = &r->paired[i];

		json_begin_object(w);
		json_kv_string(w, "from", r->groups[P->from].key);
		json_kv_string(w, "to", r->groups[P->to].key);
		json_kv_int(w, "people", (int64_t)P->npeople);
		json_kv_int(w, "left_out_duplicates", (int64_t)P->nduplicate);
		json_key(w, "dimensions");
		json_begin_array(w);
		for (size_t d = 0; d < r->set->ndims; d++) {
			const struct ind_paired_dim *pd = &P->dims[d];

			json_begin_object(w);
			json_kv_string(w, "dimension", r->set->dims[d].id);
			jhidden(w, pd->note == STAT_SUPPRESSED ? AN_HIDE_SMALL : AN_SHOWN);
			json_kv_string(w, "note", stat_note_id(pd->note));
			if (pd->note == STAT_OK) {
				json_kv_int(w, "pairs", (int64_t)pd->npairs);
				json_key(w, "improved");
				if (pd->improved_hidden)
					json_null(w);
				else
					json_int(w, (int64_t)pd->nimproved);
				if (pd->improved_hidden)
					json_kv_string(w, "improved_hidden", pd->improved_hidden < 0 ?
						       "improved_fewer_than_min_group" :
						       "not_improved_fewer_than_min_group");
				jkn(w, "share_improved", pd->improved_hidden ? NAN :
				    (double)pd->nimproved / (double)pd->npairs);
				jkn(w, "before", pd->before);
				jkn(w, "after", pd->after);
				jkn(w, "difference", pd->diff);
				jinterval(w, "difference_ci", pd->diff_lo, pd->diff_hi);
				json_key(w, "tests");
				json_begin_array(w);
				jtest(w, &pd->t);
				jtest(w, &pd->w);
				if (pd->mcnemar.kind != TEST_NONE)
					jtest(w, &pd->mcnemar);
				json_end_array(w);
			}
			json_end_object(w);
		}
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
}

static void ind_json(struct json_writer *w, const struct ind_result *r)
{
	const struct indicator_set *set = r->set;
	size_t d, g, i, k;

	json_begin_object(w);
	json_kv_string(w, "format", IND_JSON_FORMAT);
	json_kv_string(w, "indicators", set->id);
	json_key(w, "title");
	jtext(w, &set->title);
	json_key(w, "surveys");
	json_begin_array(w);
	for (i = 0; i < r->nforms; i++) {
		json_begin_object(w);
		json_kv_string(w, "form_id", r->forms[i].form_id);
		json_kv_int(w, "respondents", (int64_t)r->forms[i].nresp);
		json_key(w, "versions");
		json_begin_array(w);
		if (r->forms[i].vmin) {
			json_int(w, r->forms[i].vmin);
			json_int(w, r->forms[i].vmax);
		}
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
	json_kv_int(w, "respondents", (int64_t)r->nresp);
	json_key(w, "submitted_only");
	json_bool(w, r->opt.submitted_only);
	json_kv_int(w, "min_group", r->min_group);
	json_key(w, "left_out");
	json_bool(w, r->left_out);
	json_kv_int(w, "extremes_rank", r->min_group);
	jkn(w, "confidence", r->opt.conf);
	json_kv_string(w, "aggregate", set->aggregate == AGG_GEOMETRIC ? "geometric" : "arithmetic");
	json_key(w, "bootstrap");
	json_begin_object(w);
	json_kv_int(w, "replicates", (int64_t)r->opt.nboot);
	json_kv_int(w, "max_resampled", (int64_t)r->opt.boot_max);
	json_kv_int(w, "seed", (int64_t)r->opt.seed);
	json_end_object(w);
	json_key(w, "by");
	if (r->by) {
		json_begin_object(w);
		json_kv_string(w, "question", r->by);
		json_kv_string(w, "kind", r->by_kind == BY_NUMBER ? "number" : "category");
		json_end_object(w);
	} else {
		json_null(w);
	}
	json_key(w, "dimensions");
	json_begin_array(w);
	for (d = 0; d < set->ndims; d++) {
		const struct ind_dimension *dim = &set->dims[d];

		json_begin_object(w);
		json_kv_string(w, "id", dim->id);
		json_key(w, "label");
		jtext(w, &dim->label);
		json_kv_string(w, "score", score_kind_name(dim->score));
		if (dim->score == SCORE_SHARE)
			jkn(w, "threshold", dim->threshold);
		if (dim->score == SCORE_FORMULA)
			json_kv_string(w, "formula", dim->formula_src);
		json_key(w, "items");
		json_begin_array(w);
		for (i = 0; i < dim->nitems; i++)
			json_string(w, dim->items[i]);
		json_end_array(w);
		jkn(w, "weight", dim->weight);
		jkn(w, "target", dim->target);
		jkn(w, "baseline", dim->baseline);
		json_kv_string(w, "normalisation", norm_id(dim->norm));
		json_end_object(w);
	}
	json_end_array(w);
	json_key(w, "groups");
	json_begin_array(w);
	for (g = 0; g < r->ngroups; g++)
		j_ind_group(w, r, &r->groups[g]);
	j_ind_group(w, r, &r->all);
	json_end_array(w);
	json_key(w, "comparisons");
	json_begin_array(w);
	for (d = 0; r->cmp && d < set->ndims; d++) {
		json_begin_object(w);
		json_kv_string(w, "dimension", set->dims[d].id);
		json_kv_int(w, "groups_suppressed", (int64_t)r->cmp[d].ngroups_hidden);
		json_key(w, "tests");
		json_begin_array(w);
		if (r->by_kind == BY_NUMBER) {
			jtest(w, &r->cmp[d].corr);
		} else {
			jtest(w, &r->cmp[d].param);
			jtest(w, &r->cmp[d].rank);
		}
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
	if (r->panel)
		j_paired(w, r);
	json_key(w, "reliability");
	json_begin_array(w);
	for (i = 0; i < r->nrel; i++) {
		const struct ind_reliability *rel = &r->rel[i];
		const struct alpha_result *al = &rel->alpha;

		json_begin_object(w);
		json_kv_string(w, "dimension", set->dims[rel->dim].id);
		json_kv_string(w, "survey", r->forms[rel->form].form_id);
		json_kv_int(w, "respondents", (int64_t)al->n);
		jhidden(w, rel->note == STAT_SUPPRESSED ? AN_HIDE_SMALL : AN_SHOWN);
		json_key(w, "items");
		json_begin_array(w);
		for (k = 0; k < rel->nitems; k++) {
			const struct alpha_item *it = &al->items[k];

			json_begin_object(w);
			json_kv_string(w, "name", rel->items[k]);
			json_key(w, "reverse");
			json_bool(w, rel->item_reverse[k]);
			json_kv_int(w, "n", (int64_t)it->n);
			jhidden(w, rel->item_hidden[k] ? AN_HIDE_SMALL : AN_SHOWN);
			if (!rel->item_hidden[k]) {
				jkn(w, "mean", it->mean);
				jkn(w, "sd", it->sd);
				if (rel->note != STAT_SUPPRESSED) {
					jkn(w, "r_drop", it->r_drop);
					jkn(w, "alpha_if_deleted", it->alpha_drop);
					jkn(w, "std_alpha_if_deleted", it->alpha_std_drop);
					if (it->dropped)
						json_kv_string(w, "note", stat_note_id(STAT_NO_VARIANCE));
				}
			}
			json_end_object(w);
		}
		json_end_array(w);
		if (rel->note != STAT_SUPPRESSED) {
			json_kv_string(w, "note", stat_note_id(al->note));
			jkn(w, "alpha", al->raw);
			json_kv_string(w, "std_note", stat_note_id(al->std_note));
			jkn(w, "alpha_std", al->std);
			jkn(w, "average_r", al->average_r);
		}
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

/* --- CSV ---------------------------------------------------------------------------------- */

/* One text field through the one CSV writer (util/csvout.h): quoted, formulas neutralised. */
static void csv_str(struct strbuf *sb, const char *s)
{
	csvout_str(sb, ',', 1, s, CSVOUT_TEXT);
}

static void csv_num(struct strbuf *sb, double v)
{
	if (isfinite(v))
		strbuf_addf(sb, "%.10g", v);
}

static void csv_ind_row(struct strbuf *sb, const struct ind_result *r, const struct ind_group *g,
			const char *lang, size_t d)
{
	const char *key = !g->key && !g->no_answer ? "_all" : g->no_answer ? "_no_answer" : g->key;
	const struct ind_cell *c = d < r->set->ndims ? &g->cells[d] : NULL;

	csv_str(sb, r->set->id);
	strbuf_addch(sb, ',');
	csv_str(sb, r->by);
	strbuf_addch(sb, ',');
	csv_str(sb, key);
	strbuf_addch(sb, ',');
	csv_str(sb, group_label(g, lang));
	strbuf_addch(sb, ',');
	csv_str(sb, c ? r->set->dims[d].id : "_composite");
	strbuf_addch(sb, ',');
	csv_str(sb, c ? dim_label(&r->set->dims[d], lang) : W(lang, "Composite index"));
	strbuf_addch(sb, ',');
	if (c && c->note != STAT_SUPPRESSED) {
		strbuf_addf(sb, "%zu,%zu,%zu,", c->value.n, g->n - c->value.n, c->nbelow);
		csv_num(sb, c->value.mean), strbuf_addch(sb, ',');
		csv_num(sb, c->value.sd), strbuf_addch(sb, ',');
		csv_num(sb, c->value.min), strbuf_addch(sb, ',');
		csv_num(sb, c->value.q1), strbuf_addch(sb, ',');
		csv_num(sb, c->value.median), strbuf_addch(sb, ',');
		csv_num(sb, c->value.q3), strbuf_addch(sb, ',');
		csv_num(sb, c->value.max), strbuf_addch(sb, ',');
		csv_num(sb, c->value.ci_lo), strbuf_addch(sb, ',');
		csv_num(sb, c->value.ci_hi), strbuf_addch(sb, ',');
		csv_num(sb, c->score), strbuf_addch(sb, ',');
		csv_num(sb, c->score_lo), strbuf_addch(sb, ',');
		csv_num(sb, c->score_hi), strbuf_addch(sb, ',');
		strbuf_addf(sb, "%s,%s,\n", c->wilson ? "wilson" : "t",
			    stat_note_id(c->note == STAT_OK ? c->value.note : c->note));
	} else if (c) {
		strbuf_addf(sb, ",,,,,,,,,,,,,,,,%s,%s\n", stat_note_id(STAT_SUPPRESSED),
			    an_hide_id(c->hidden));
	} else if (g->composite.note == STAT_SUPPRESSED) {
		strbuf_addf(sb, ",,,,,,,,,,,,,,,,%s,%s\n", stat_note_id(STAT_SUPPRESSED),
			    an_hide_id(g->composite.hidden));
	} else {
		strbuf_addf(sb, "%zu,,,,,,,,,,,,", g->n);
		csv_num(sb, g->composite.score), strbuf_addch(sb, ',');
		csv_num(sb, g->composite.boot.lo), strbuf_addch(sb, ',');
		csv_num(sb, g->composite.boot.hi), strbuf_addch(sb, ',');
		strbuf_addf(sb, "bootstrap,%s,\n", stat_note_id(g->composite.note));
	}
}

static void ind_csv(struct strbuf *sb, const struct ind_result *r, const char *lang)
{
	size_t d, g;

	strbuf_addstr(sb, "indicators,by,group,group_label,dimension,dimension_label,n,missing,below_coverage,"
			  "mean,sd,min_k,q1,median,q3,max_k,ci_low,ci_high,score,score_low,score_high,"
			  "interval,note,reason\n");
	for (g = 0; g <= r->ngroups; g++) {
		const struct ind_group *gr = g < r->ngroups ? &r->groups[g] : &r->all;

		for (d = 0; d < r->set->ndims + (r->has_composite ? 1 : 0); d++)
			csv_ind_row(sb, r, gr, lang, d);
	}
}

int ind_paired_csv(struct strbuf *sb, const struct ind_result *r, const char *lang)
{
	strbuf_addstr(sb, "indicators,from,to,dimension,dimension_label,pairs,improved,share_improved,"
			  "before,after,difference,difference_low,difference_high,t,df,p_t,d_z,"
			  "V,p_wilcoxon,exact,r,mcnemar,p_mcnemar,note,reason\n");
	for (size_t i = 0; i < r->npaired; i++) {
		const struct ind_paired *P = &r->paired[i];

		for (size_t d = 0; d < r->set->ndims; d++) {
			const struct ind_paired_dim *pd = &P->dims[d];

			csv_str(sb, r->set->id);
			strbuf_addch(sb, ',');
			csv_str(sb, r->groups[P->from].key);
			strbuf_addch(sb, ',');
			csv_str(sb, r->groups[P->to].key);
			strbuf_addch(sb, ',');
			csv_str(sb, r->set->dims[d].id);
			strbuf_addch(sb, ',');
			csv_str(sb, dim_label(&r->set->dims[d], lang));
			strbuf_addch(sb, ',');
			if (pd->note != STAT_OK) {
				strbuf_addf(sb, ",,,,,,,,,,,,,,,,,,%s,%s\n", stat_note_id(pd->note),
					    pd->note == STAT_SUPPRESSED ? an_hide_id(AN_HIDE_SMALL) : "");
				continue;
			}
			strbuf_addf(sb, "%zu,", pd->npairs);
			if (!pd->improved_hidden) {
				strbuf_addf(sb, "%zu,", pd->nimproved);
				csv_num(sb, (double)pd->nimproved / (double)pd->npairs);
			} else {
				strbuf_addch(sb, ',');
			}
			strbuf_addch(sb, ',');
			csv_num(sb, pd->before), strbuf_addch(sb, ',');
			csv_num(sb, pd->after), strbuf_addch(sb, ',');
			csv_num(sb, pd->diff), strbuf_addch(sb, ',');
			csv_num(sb, pd->diff_lo), strbuf_addch(sb, ',');
			csv_num(sb, pd->diff_hi), strbuf_addch(sb, ',');
			csv_num(sb, pd->t.statistic), strbuf_addch(sb, ',');
			csv_num(sb, pd->t.df), strbuf_addch(sb, ',');
			csv_num(sb, pd->t.p), strbuf_addch(sb, ',');
			csv_num(sb, pd->t.effect), strbuf_addch(sb, ',');
			csv_num(sb, pd->w.statistic), strbuf_addch(sb, ',');
			csv_num(sb, pd->w.p), strbuf_addch(sb, ',');
			strbuf_addstr(sb, pd->w.note == STAT_OK ? (pd->w.exact ? "1," : "0,") : ",");
			csv_num(sb, pd->w.effect), strbuf_addch(sb, ',');
			csv_num(sb, pd->mcnemar.statistic), strbuf_addch(sb, ',');
			csv_num(sb, pd->mcnemar.p), strbuf_addch(sb, ',');
			strbuf_addf(sb, "ok,%s\n", pd->improved_hidden < 0 ? "improved_fewer_than_min_group"
				    : pd->improved_hidden > 0 ? "not_improved_fewer_than_min_group" : "");
		}
	}
	return strbuf_failed(sb) ? -1 : 0;	/* the sticky error of every append above */
}

int ind_result_write(struct strbuf *sb, const struct ind_result *r, enum an_format fmt,
		     const char *lang)
{
	struct json_writer w;

	switch (fmt) {
	case AN_FORMAT_TABLE:
		ind_table(sb, r, lang);
		break;
	case AN_FORMAT_CSV:
		ind_csv(sb, r, lang);
		break;
	case AN_FORMAT_JSON:
		json_writer_init(&w, sb, 2);
		ind_json(&w, r);
		if (json_writer_finish(&w) < 0)
			return -1;
		strbuf_addch(sb, '\n');
		break;
	}
	return strbuf_failed(sb) ? -1 : 0;	/* the sticky error of every append above */
}

/* --- describe: table ---------------------------------------------------------------------- */

static const char *col_label(const struct desc_group *c, const char *lang)
{
	if (c->all)
		return W(lang, "All");
	if (c->no_answer)
		return W(lang, "no answer");
	return c->key;
}

static const char *cat_label(const struct desc_category *c, const char *lang)
{
	const char *l = an_text_get(&c->label, lang);

	return l ? l : c->value;
}

/*
 * A hidden cell: "< K" when it holds fewer than K respondents (never the
 * count itself), "·" when it is hidden to protect another one.
 */
static void cell_mark(struct strbuf *sb, enum an_hide h, int k, int width)
{
	char buf[32];

	if (h == AN_HIDE_SMALL)
		snprintf(buf, sizeof(buf), "< %d", k);
	else
		snprintf(buf, sizeof(buf), "·");
	strbuf_add_cell(sb, buf, width, 1);
}

/* The headings of the extremes: "Min(K)" and "Max(K)", or "Min" and "Max" when K is 1. */
static void extremes_labels(char *lo, char *hi, size_t n, int k)
{
	if (k > 1) {
		snprintf(lo, n, "Min(%d)", k);
		snprintf(hi, n, "Max(%d)", k);
	} else {
		snprintf(lo, n, "Min");
		snprintf(hi, n, "Max");
	}
}

/* Columns shown side by side: every group and everyone (just everyone without breakdown). */
static void desc_choice_table(struct strbuf *sb, const struct desc_result *r,
			      const struct desc_question *q, const char *lang)
{
	size_t first = r->by_kind == BY_CATEGORY ? 0 : r->ncols - 1, g, i;
	int single = first == r->ncols - 1;

	strbuf_addstr(sb, "   ");
	strbuf_add_cell(sb, W(lang, "Answer"), 34, 0);
	if (single) {
		char ci[32];

		snprintf(ci, sizeof(ci), "%s", W(lang, "95% CI"));
		strbuf_add_cell(sb, "n", 8, 1);
		strbuf_add_cell(sb, "%", 7, 1);
		strbuf_add_cell(sb, ci, 16, 1);
	} else {
		for (g = first; g < r->ncols; g++)
			strbuf_add_cell(sb, col_label(&r->cols[g], lang), 11, 1);
	}
	nl(sb);
	if (!single) {
		strbuf_addstr(sb, "   ");
		strbuf_add_cell(sb, "(n)", 34, 0);
		for (g = first; g < r->ncols; g++)
			if (q->hidden[g])
				strbuf_add_cell(sb, W(lang, "suppressed"), 11, 1);
			else
				colz(sb, q->answered[g], 11);
		nl(sb);
	}
	for (i = 0; i < q->ncats; i++) {
		const struct desc_category *c = &q->cats[i];

		strbuf_addstr(sb, "   ");
		strbuf_add_cell(sb, cat_label(c, lang), 34, 0);
		if (single) {
			double lo, hi, n = (double)q->answered[g = r->ncols - 1];

			if (q->hidden[g]) {
				nl(sb);
				continue;
			}
			if (c->hidden && c->hidden[g]) {
				cell_mark(sb, c->hidden[g], r->opt.min_group, 8);
				cell_mark(sb, c->hidden[g], r->opt.min_group, 7);
				nl(sb);
				continue;
			}
			colz(sb, c->count[g], 8);
			coln(sb, n > 0 ? 100 * (double)c->count[g] / n : NAN, 1, 7, lang);
			if (wilson_interval(c->count[g], q->answered[g], 0.95, &lo, &hi) == 0)
				colci(sb, 100 * lo, 100 * hi, 1, 16, lang);
		} else {
			for (g = first; g < r->ncols; g++) {
				double n = (double)q->answered[g];

				if (q->hidden[g])
					strbuf_add_cell(sb, "·", 11, 1);
				else if (c->hidden && c->hidden[g])
					cell_mark(sb, c->hidden[g], r->opt.min_group, 11);
				else
					coln(sb, n > 0 ? 100 * (double)c->count[g] / n : NAN, 1, 11, lang);
			}
		}
		nl(sb);
	}
	if (q->kind == DESC_MULTIPLE)
		strbuf_addf(sb, "   (%%%s%s)\n", is_fr(lang) ? " : " : ": ",
			    W(lang, "percent of respondents who answered; several answers possible"));
}

static void desc_number_rows(struct strbuf *sb, const struct desc_result *r,
			     const struct desc_question *q, const char *lang)
{
	size_t first = r->by_kind == BY_CATEGORY ? 0 : r->ncols - 1, g;
	char ci[32], lo[16], hi[16];

	snprintf(ci, sizeof(ci), "%s", W(lang, "95% CI"));
	strbuf_addstr(sb, "   ");
	strbuf_add_cell(sb, W(lang, "Group"), 22, 0);
	strbuf_add_cell(sb, "n", 7, 1);
	strbuf_add_cell(sb, W(lang, "Mean"), 9, 1);
	strbuf_add_cell(sb, W(lang, "SD"), 11, 1);
	extremes_labels(lo, hi, sizeof(lo), r->opt.min_group);
	strbuf_add_cell(sb, lo, 7, 1);
	strbuf_add_cell(sb, W(lang, "Median"), 9, 1);
	strbuf_add_cell(sb, hi, 7, 1);
	strbuf_add_cell(sb, ci, 18, 1);
	nl(sb);
	for (g = first; g < r->ncols; g++) {
		const struct summary *s = &q->sum[g];

		strbuf_addstr(sb, "   ");
		strbuf_add_cell(sb, col_label(&r->cols[g], lang), 22, 0);
		if (q->hidden[g] || s->note == STAT_SUPPRESSED) {
			strbuf_addstr(sb, "  ");
			hidden_text(sb, lang, q->hidden[g] ? q->hidden[g] : AN_HIDE_COMPLEMENT,
				    r->opt.min_group);
			nl(sb);
			continue;
		}
		colz(sb, s->n, 7);
		coln(sb, s->mean, 2, 9, lang);
		coln(sb, s->sd, 2, 11, lang);
		coln(sb, s->min, 2, 7, lang);
		coln(sb, s->median, 2, 9, lang);
		coln(sb, s->max, 2, 7, lang);
		colci(sb, s->ci_lo, s->ci_hi, 2, 18, lang);
		nl(sb);
	}
}

/* Some category cell of q is hidden (in a column shown). */
static int cells_hidden(const struct desc_result *r, const struct desc_question *q)
{
	size_t c, g;

	for (c = 0; c < q->ncats; c++)
		for (g = 0; q->cats[c].hidden && g < r->ncols; g++)
			if (q->cats[c].hidden[g] && !q->hidden[g])
				return 1;
	return 0;
}

static void desc_table(struct strbuf *sb, const struct desc_result *r, const char *lang)
{
	const char *colon = is_fr(lang) ? " : " : ": ";
	size_t i, g, all = r->ncols - 1;
	int any_cells = 0, any_number = 0, k = r->opt.min_group;

	strbuf_addf(sb, "%s [%s]\n", an_text_get(&r->title, lang), r->form_id);
	strbuf_addf(sb, "%s %s", W(lang, "Survey"), r->form_id);
	if (r->vmin && r->vmin == r->vmax)
		strbuf_addf(sb, ", %s %d", W(lang, "version"), r->vmin);
	else if (r->vmin)
		strbuf_addf(sb, ", %s %d–%d", W(lang, "versions"), r->vmin, r->vmax);
	strbuf_addf(sb, "%s%zu %s (%s)\n", colon, r->nresp, W(lang, "respondents"),
		    W(lang, r->opt.submitted_only ? "submitted answers only"
						  : "all answers, submitted or not"));
	if (r->by_kind == BY_CATEGORY) {
		strbuf_addf(sb, "%s %s%s", W(lang, "By"), r->by, colon);
		for (g = 0; g < all; g++) {
			const struct desc_group *c = &r->cols[g];

			strbuf_addf(sb, "%s%s", g ? "; " : "", col_label(c, lang));
			if (c->key && an_text_get(&c->label, lang) && strcmp(an_text_get(&c->label, lang), c->key))
				strbuf_addf(sb, " = %s", an_text_get(&c->label, lang));
			if (c->hidden)
				strbuf_addf(sb, " (%s)", W(lang, "suppressed"));
			else
				strbuf_addf(sb, " (n = %zu)", c->n);
		}
		strbuf_addch(sb, '\n');
	} else if (r->by_kind == BY_NUMBER) {
		strbuf_addf(sb, "%s %s (%s)\n", W(lang, "Correlation with"), r->by,
			    W(lang, "Spearman's rho"));
	}
	if (r->cols[all].hidden) {
		strbuf_addf(sb, "\n");
		hidden_text(sb, lang, r->cols[all].hidden, r->opt.min_group);
		strbuf_addch(sb, '\n');
		return;
	}
	for (i = 0; i < r->nq; i++) {
		const struct desc_question *q = &r->q[i];
		const char *label = an_text_get(&q->label, lang);

		strbuf_addf(sb, "\n%zu. %s (%s)", i + 1, q->name, q->type);
		if (label && *label)
			strbuf_addf(sb, " — %s", label);
		strbuf_addch(sb, '\n');
		if (q->repeat)	/* n counts instances, the rule respondents */
			strbuf_addf(sb, "   %s %s%s%zu %s %zu %s\n", W(lang, "In repeat"), q->repeat,
				    colon, q->answered[all], W(lang, "answers (instances) from"),
				    q->respondents[all], W(lang, "respondents"));
		else {
			strbuf_addf(sb, "   %s%s%zu", W(lang, "Answered"), colon, q->answered[all]);
			strbuf_addf(sb, ", %s%s%zu\n", W(lang, "no answer"), colon,
				    r->nresp - q->answered[all]);
		}
		if (q->answered[all] == 0)
			continue;
		if (q->kind == DESC_TEXT) {
			if (!strcmp(q->type, "text"))
				strbuf_addf(sb, "   (%s)\n", W(lang, "free text: read the answers in the export"));
			continue;
		}
		if (q->hidden[all]) {
			strbuf_addstr(sb, "   ");
			hidden_text(sb, lang, q->hidden[all], r->opt.min_group);
			strbuf_addch(sb, '\n');
			continue;
		}
		if (q->kind == DESC_CHOICE || q->kind == DESC_MULTIPLE)
			desc_choice_table(sb, r, q, lang);
		if (cells_hidden(r, q))
			any_cells = 1;
		if (q->sum && (q->kind == DESC_NUMBER || q->ordinal)) {
			desc_number_rows(sb, r, q, lang);
			any_number = 1;
		}
		test_line(sb, "   ", &q->chisq, lang);
		test_line(sb, "   ", &q->fisher, lang);
		test_line(sb, "   ", &q->param, lang);
		test_line(sb, "   ", &q->rank, lang);
		test_line(sb, "   ", &q->corr, lang);
	}
	strbuf_addf(sb, "\n%s\n- ", W(lang, "Notes"));
	strbuf_add_count(sb, W(lang, "note_hidden"), r->opt.min_group);
	strbuf_addch(sb, '\n');
	if (any_cells) {
		strbuf_addstr(sb, "- ");
		strbuf_add_count(sb, W(lang, "note_cells"), k);
		strbuf_addch(sb, '\n');
	}
	if (r->left_out) {
		strbuf_addstr(sb, "- ");
		strbuf_add_count(sb, W(lang, "note_left_out"), k);
		strbuf_addch(sb, '\n');
	}
	if (any_number && k > 1) {
		strbuf_addstr(sb, "- ");
		strbuf_add_count(sb, W(lang, "note_extremes"), k);
		strbuf_addch(sb, '\n');
	}
}

/* --- describe: JSON ---------------------------------------------------------------------- */

static void desc_json(struct json_writer *w, const struct desc_result *r)
{
	size_t i, g, c;

	json_begin_object(w);
	json_kv_string(w, "format", DESC_JSON_FORMAT);
	json_kv_string(w, "survey", r->form_id);
	json_key(w, "title");
	jtext(w, &r->title);
	json_key(w, "versions");
	json_begin_array(w);
	if (r->vmin) {
		json_int(w, r->vmin);
		json_int(w, r->vmax);
	}
	json_end_array(w);
	json_kv_int(w, "respondents", (int64_t)r->nresp);
	json_key(w, "submitted_only");
	json_bool(w, r->opt.submitted_only);
	json_kv_int(w, "min_group", r->opt.min_group);
	json_key(w, "left_out");
	json_bool(w, r->left_out);
	json_kv_int(w, "extremes_rank", r->opt.min_group);
	jkn(w, "confidence", r->opt.conf);
	json_key(w, "by");
	if (r->by) {
		json_begin_object(w);
		json_kv_string(w, "question", r->by);
		json_kv_string(w, "kind", r->by_kind == BY_NUMBER ? "number" : "category");
		json_end_object(w);
	} else {
		json_null(w);
	}
	json_key(w, "groups");
	json_begin_array(w);
	for (g = 0; g < r->ncols; g++) {
		const struct desc_group *col_ = &r->cols[g];

		json_begin_object(w);
		if (col_->all) {
			json_key(w, "all");
			json_bool(w, 1);
		} else {
			json_kv_string(w, "key", col_->key);
			json_key(w, "no_answer");
			json_bool(w, col_->no_answer);
			json_key(w, "label");
			jtext(w, &col_->label);
		}
		jhidden(w, col_->hidden);
		if (!col_->hidden)
			json_kv_int(w, "n", (int64_t)col_->n);
		json_end_object(w);
	}
	json_end_array(w);
	json_key(w, "questions");
	json_begin_array(w);
	for (i = 0; i < r->nq; i++) {
		const struct desc_question *q = &r->q[i];

		json_begin_object(w);
		json_kv_string(w, "name", q->name);
		json_kv_string(w, "type", q->type);
		json_kv_string(w, "kind", desc_kind_id(q->kind));
		if (q->repeat)	/* summed up over its instances */
			json_kv_string(w, "repeat", q->repeat);
		json_key(w, "ordinal");
		json_bool(w, q->ordinal);
		json_key(w, "label");
		jtext(w, &q->label);
		if (q->ncats) {
			json_key(w, "categories");
			json_begin_array(w);
			for (c = 0; c < q->ncats; c++) {
				json_begin_object(w);
				json_kv_string(w, "value", q->cats[c].value);
				json_key(w, "label");
				jtext(w, &q->cats[c].label);
				json_end_object(w);
			}
			json_end_array(w);
		}
		json_key(w, "columns");
		json_begin_array(w);
		for (g = 0; g < r->ncols; g++) {
			if (r->by_kind == BY_CATEGORY || g == r->ncols - 1) {
				json_begin_object(w);
				if (r->cols[g].all) {
					json_key(w, "all");
					json_bool(w, 1);
				} else {
					json_kv_string(w, "group", r->cols[g].key);
					json_key(w, "no_answer");
					json_bool(w, r->cols[g].no_answer);
				}
				jhidden(w, q->hidden[g]);
				if (!q->hidden[g]) {
					json_kv_int(w, "answered", (int64_t)q->answered[g]);
					if (q->repeat)
						json_kv_int(w, "respondents", (int64_t)q->respondents[g]);
					if (q->ncats) {
						json_key(w, "counts");
						json_begin_array(w);
						for (c = 0; c < q->ncats; c++) {
							double lo, hi, n = (double)q->answered[g];

							json_begin_object(w);
							json_kv_string(w, "value", q->cats[c].value);
							if (q->cats[c].hidden && q->cats[c].hidden[g]) {
								jhidden(w, q->cats[c].hidden[g]);
								json_end_object(w);
								continue;
							}
							json_kv_int(w, "n", (int64_t)q->cats[c].count[g]);
							jkn(w, "percent", n > 0 ? 100 * (double)q->cats[c].count[g] / n : NAN);
							if (wilson_interval(q->cats[c].count[g], q->answered[g],
									    r->opt.conf, &lo, &hi) == 0)
								jinterval(w, "ci", 100 * lo, 100 * hi);
							else
								jinterval(w, "ci", NAN, NAN);
							json_end_object(w);
						}
						json_end_array(w);
					}
					if (q->sum) {
						json_key(w, "summary");
						json_begin_object(w);
						json_kv_string(w, "note", stat_note_id(q->sum[g].note));
						jsummary(w, &q->sum[g]);
						json_end_object(w);
					}
				}
				json_end_object(w);
			}
		}
		json_end_array(w);
		json_key(w, "tests");
		json_begin_array(w);
		if (q->chisq.kind != TEST_NONE)
			jtest(w, &q->chisq);
		if (q->fisher.kind != TEST_NONE)
			jtest(w, &q->fisher);
		if (q->param.kind != TEST_NONE)
			jtest(w, &q->param);
		if (q->rank.kind != TEST_NONE)
			jtest(w, &q->rank);
		if (q->corr.kind != TEST_NONE)
			jtest(w, &q->corr);
		json_end_array(w);
		json_end_object(w);
	}
	json_end_array(w);
	json_end_object(w);
}

/* --- describe: CSV ------------------------------------------------------------------------- */

/*
 * One row per category and column, with its count, percentage and Wilson
 * interval (in percent, as the JSON); a number has one row per column with
 * its descriptives and the t interval of its mean; a scale has both, its
 * descriptives on a row of their own with an empty category.
 */

/* The end of a row of describe's CSV: the repeat of a question inside one, and its respondents. */
static void desc_csv_end(struct strbuf *sb, const struct desc_question *q, size_t g)
{
	strbuf_addch(sb, ',');
	if (q->repeat && q->hidden[g]) {	/* as answered: not for a hidden column */
		csv_str(sb, q->repeat);
		strbuf_addstr(sb, ",\n");
	} else if (q->repeat) {
		csv_str(sb, q->repeat);
		strbuf_addf(sb, ",%zu\n", q->respondents[g]);
	} else {
		strbuf_addstr(sb, ",\n");
	}
}

static void desc_csv(struct strbuf *sb, const struct desc_result *r, const char *lang)
{
	size_t i, g, c;

	strbuf_addstr(sb, "survey,question,kind,group,group_label,answered,category,category_label,"
			  "n,percent,mean,sd,min_k,q1,median,q3,max_k,ci_low,ci_high,note,reason,"
			  "repeat,respondents\n");
	for (i = 0; i < r->nq; i++) {
		const struct desc_question *q = &r->q[i];

		for (g = 0; g < r->ncols; g++) {
			const struct desc_group *gc = &r->cols[g];
			const char *key = gc->all ? "_all" : gc->no_answer ? "_no_answer" : gc->key;
			size_t nrows = q->ncats + (q->sum || !q->ncats ? 1 : 0);

			if (r->by_kind != BY_CATEGORY && !gc->all)
				continue;
			for (c = 0; c < nrows; c++) {
				int cat = c < q->ncats;

				csv_str(sb, r->form_id);
				strbuf_addch(sb, ',');
				csv_str(sb, q->name);
				strbuf_addf(sb, ",%s,", desc_kind_id(q->kind));
				csv_str(sb, key);
				strbuf_addch(sb, ',');
				csv_str(sb, gc->all || gc->no_answer ? col_label(gc, lang)
								    : an_text_get(&gc->label, lang));
				strbuf_addch(sb, ',');
				if (q->hidden[g]) {
					strbuf_addch(sb, ',');
					if (cat) {
						csv_str(sb, q->cats[c].value);
						strbuf_addch(sb, ',');
						csv_str(sb, cat_label(&q->cats[c], lang));
					} else {
						strbuf_addch(sb, ',');
					}
					strbuf_addf(sb, ",,,,,,,,,,,,%s,%s", stat_note_id(STAT_SUPPRESSED),
						    an_hide_id(q->hidden[g]));
					desc_csv_end(sb, q, g);
					continue;
				}
				strbuf_addf(sb, "%zu,", q->answered[g]);
				if (cat && q->cats[c].hidden && q->cats[c].hidden[g]) {
					csv_str(sb, q->cats[c].value);
					strbuf_addch(sb, ',');
					csv_str(sb, cat_label(&q->cats[c], lang));
					strbuf_addf(sb, ",,,,,,,,,,,,%s,%s", stat_note_id(STAT_SUPPRESSED),
						    an_hide_id(q->cats[c].hidden[g]));
					desc_csv_end(sb, q, g);
					continue;
				}
				if (cat) {
					double n = (double)q->answered[g], lo, hi;

					csv_str(sb, q->cats[c].value);
					strbuf_addch(sb, ',');
					csv_str(sb, cat_label(&q->cats[c], lang));
					strbuf_addf(sb, ",%zu,", q->cats[c].count[g]);
					csv_num(sb, n > 0 ? 100 * (double)q->cats[c].count[g] / n : NAN);
					strbuf_addstr(sb, ",,,,,,,,");
					if (wilson_interval(q->cats[c].count[g], q->answered[g], r->opt.conf,
							    &lo, &hi) == 0) {
						csv_num(sb, 100 * lo), strbuf_addch(sb, ',');
						csv_num(sb, 100 * hi), strbuf_addch(sb, ',');
					} else {
						strbuf_addstr(sb, ",,");
					}
					strbuf_addstr(sb, "ok,");
					desc_csv_end(sb, q, g);
					continue;
				}
				strbuf_addstr(sb, ",,,,");
				if (q->sum) {
					const struct summary *s = &q->sum[g];

					csv_num(sb, s->mean), strbuf_addch(sb, ',');
					csv_num(sb, s->sd), strbuf_addch(sb, ',');
					csv_num(sb, s->min), strbuf_addch(sb, ',');
					csv_num(sb, s->q1), strbuf_addch(sb, ',');
					csv_num(sb, s->median), strbuf_addch(sb, ',');
					csv_num(sb, s->q3), strbuf_addch(sb, ',');
					csv_num(sb, s->max), strbuf_addch(sb, ',');
					csv_num(sb, s->ci_lo), strbuf_addch(sb, ',');
					csv_num(sb, s->ci_hi), strbuf_addch(sb, ',');
					strbuf_addf(sb, "%s,", stat_note_id(s->note));
					desc_csv_end(sb, q, g);
				} else {
					strbuf_addstr(sb, ",,,,,,,,,ok,");
					desc_csv_end(sb, q, g);
				}
			}
		}
	}
}

int desc_result_write(struct strbuf *sb, const struct desc_result *r, enum an_format fmt,
		      const char *lang)
{
	struct json_writer w;

	switch (fmt) {
	case AN_FORMAT_TABLE:
		desc_table(sb, r, lang);
		break;
	case AN_FORMAT_CSV:
		desc_csv(sb, r, lang);
		break;
	case AN_FORMAT_JSON:
		json_writer_init(&w, sb, 2);
		desc_json(&w, r);
		if (json_writer_finish(&w) < 0)
			return -1;
		strbuf_addch(sb, '\n');
		break;
	}
	return strbuf_failed(sb) ? -1 : 0;	/* the sticky error of every append above */
}
