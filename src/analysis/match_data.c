/*
 * match_data: the workspace's answers to benevolat-entreprises (version 2
 * and later) as needs, offers, companies and conflicts for match_build(),
 * and the prize's candidate pairs as conflicts (see match.h).  Questions
 * are found by name in each respondent's own version, so that a later
 * version that moves them still reads.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/match.h"
#include "store/record.h"
#include "store/store.h"
#include "survey/survey.h"

/* Growing arrays in the arena's lifetime (malloc'd, handed to the arena at the end). */
struct grow {
	struct match_need *need;
	size_t nneed, aneed;
	struct match_offer *offer;
	size_t noffer, aoffer;
	struct match_company *company;
	size_t ncompany, acompany;
	struct match_conflict *conflict;
	size_t nconflict, aconflict;
	char **offer_company;		/* [offer]: the company named, resolved at the end */
	size_t aoc;
};

struct load_ctx {
	struct match_data *md;		/* what is filled */
	struct grow g;			/* the arrays */
	const struct survey *latest;	/* the latest version: skill and sector lists */
	const char *form;		/* the needs and offers survey */
	int oom;			/* memory ran out */
};

#define GROW(arr, n, a)                                                            \
	((n) < (a) ? 0 : grow_array((void **)&(arr), &(a), sizeof(*(arr))))

static int grow_array(void **arr, size_t *alloc, size_t size)
{
	size_t na = *alloc ? 2 * *alloc : 16;
	void *p = realloc(*arr, na * size);

	if (!p)
		return -1;
	*arr = p;
	*alloc = na;
	return 0;
}

/* The value of top-level question name in values, or NULL. */
static const char *top(const struct survey *s, const char *const *values, size_t n,
		       const char *name)
{
	const struct question *q = survey_find(s, name);

	if (!q || q->repeat || q->index >= n)
		return NULL;
	return values[q->index] && *values[q->index] ? values[q->index] : NULL;
}

/* The value of question name in repeat instance in, or NULL. */
static const char *inst(const struct survey *s, const struct instance *in, const char *name)
{
	const struct question *q = survey_find(s, name);

	if (!q || !q->repeat || q->repeat->rindex != in->repeat || q->slot >= in->n)
		return NULL;
	return in->values[q->slot] && *in->values[q->slot] ? in->values[q->slot] : NULL;
}

/* 1 when instance in belongs to the repeat called name. */
static int is_repeat(const struct survey *s, const struct instance *in, const char *name)
{
	const struct question *q = survey_find(s, name);

	return q && q->type == Q_REPEAT && q->rindex == in->repeat && in->depth == 1;
}

/* Index of choice name in the list of question qname of the latest version, or -1. */
static int choice_index(const struct survey *s, const char *qname, const char *name, size_t len)
{
	const struct question *q = survey_find(s, qname);
	size_t i;

	if (!q || !q->list)
		return -1;
	for (i = 0; i < q->list->n; i++)
		if (strlen(q->list->v[i].name) == len && !strncmp(q->list->v[i].name, name, len))
			return (int)i;
	return -1;
}

/* The bits of a select_multiple answer (names separated by spaces) in qname's list. */
static unsigned mask_of(const struct survey *s, const char *qname, const char *value)
{
	unsigned m = 0;

	while (value && *value) {
		size_t len = strcspn(value, " ");
		int i = choice_index(s, qname, value, len);

		if (i >= 0 && i < MATCH_MAX_SKILLS)
			m |= 1u << i;
		value += len;
		while (*value == ' ')
			value++;
	}
	return m;
}

static unsigned moments_of(const char *value)
{
	unsigned m = 0;

	if (value && strstr(value, "journee"))
		m |= MATCH_DAYTIME;
	if (value && strstr(value, "soiree"))
		m |= MATCH_EVENING;
	if (value && strstr(value, "weekend"))
		m |= MATCH_WEEKEND;
	return m;
}

static double num(const char *v, double dflt)
{
	double x = v ? an_number(v) : dflt;

	return x == x ? x : dflt;
}

static char *dup(struct load_ctx *c, const char *s)
{
	char *d;

	if (!s)
		return NULL;
	if (!(d = arena_strdup(&c->md->arena, s)))
		c->oom = 1;
	return d;
}

/* Split a text of names (lines, ';' or ',') into conflicts between company and association. */
static void add_conflicts(struct load_ctx *c, const char *company, const char *association,
			  const char *list, int list_is_company, const char *reason)
{
	while (list && *list) {
		size_t len = strcspn(list, "\n;,");
		char buf[512];

		while (len && (*list == ' ' || *list == '\r' || *list == '\t'))
			list++, len--;
		if (len && len < sizeof(buf)) {
			size_t k = len;

			memcpy(buf, list, len);
			while (k && (buf[k - 1] == ' ' || buf[k - 1] == '\r'))
				k--;
			buf[k] = '\0';
			if (k) {
				struct match_conflict *cf;

				if (GROW(c->g.conflict, c->g.nconflict, c->g.aconflict) < 0) {
					c->oom = 1;
					return;
				}
				cf = &c->g.conflict[c->g.nconflict++];
				cf->company = dup(c, list_is_company ? buf : company);
				cf->association = dup(c, list_is_company ? association : buf);
				cf->reason = reason;
			}
		}
		list += len;
		if (*list)
			list++;
	}
}

/*
 * A respondent's key in the output: the `_id` it was imported with, else
 * its number in the workspace (short ids only: a long one is cut).
 */
static const char *key_of(const struct respondent *r, char *buf, size_t size)
{
	if (r->ext_id && *r->ext_id)
		snprintf(buf, size, "%s", r->ext_id);
	else
		snprintf(buf, size, "%lld", (long long)r->id);
	return buf;
}

/* A new need of association a (its respondent's top-level answers). */
static struct match_need *new_need(struct load_ctx *c, const struct match_need *a, const char *id)
{
	struct match_need *n;

	if (GROW(c->g.need, c->g.nneed, c->g.aneed) < 0) {
		c->oom = 1;
		return NULL;
	}
	n = &c->g.need[c->g.nneed++];
	*n = *a;
	n->id = dup(c, id);
	return n;
}

/* The officer seats and board skills missing from the board described in membres_ca. */
static void board_needs(struct load_ctx *c, const struct survey *s, const struct record_buf *rec,
			const struct match_need *a, const char *rid, unsigned seats_asked)
{
	static const struct {
		const char *fonction, *role, *skill;
	} officers[] = {
		{ "president", "presidence", "strategie" },
		{ "tresorier", "tresorerie", "finances" },
		{ "secretaire", "secretariat", NULL },
	};
	/* Board skills (gouvernance's list) and the employee skill that brings each. */
	static const struct {
		const char *board, *skill;
	} skills[] = {
		{ "gestion_finances", "finances" },
		{ "droit", "juridique" },
		{ "ressources_humaines", "rh" },
		{ "communication", "communication" },
	};
	unsigned held = 0, have_skill = 0, k;
	size_t i, nmember = 0;
	char id[128];

	for (i = 0; i < rec->ninst; i++) {
		const struct instance *in = &rec->inst[i];
		const char *f, *dep, *sk;

		if (!is_repeat(s, in, "membres_ca"))
			continue;
		nmember++;
		dep = inst(s, in, "depart_prevu");
		if (dep && !strcmp(dep, "oui"))
			continue;	/* leaving within the year: what they hold is missing */
		f = inst(s, in, "fonction");
		for (k = 0; f && k < sizeof(officers) / sizeof(officers[0]); k++)
			if (!strcmp(f, officers[k].fonction))
				held |= 1u << k;
		sk = inst(s, in, "competences_ca");
		for (k = 0; sk && k < sizeof(skills) / sizeof(skills[0]); k++) {
			const char *p = strstr(sk, skills[k].board);
			size_t l = strlen(skills[k].board);

			if (p && (p == sk || p[-1] == ' ') && (p[l] == ' ' || !p[l]))
				have_skill |= 1u << k;
		}
	}
	if (!nmember)
		return;
	for (k = 0; k < sizeof(officers) / sizeof(officers[0]); k++) {
		struct match_need *n;
		int si;

		if ((held & (1u << k)) || (seats_asked & (1u << k)))
			continue;
		snprintf(id, sizeof(id), "%s.ca-%s", rid, officers[k].role);
		if (!(n = new_need(c, a, id)))
			return;
		n->kind = MATCH_SEAT;
		n->role = officers[k].role;
		n->skills = 0;
		if (officers[k].skill && (si = choice_index(c->latest, "competences_besoin", officers[k].skill,
							    strlen(officers[k].skill))) >= 0)
			n->skills = 1u << si;
		n->origin = "membres_ca";
	}
	if (have_skill != (1u << (sizeof(skills) / sizeof(skills[0]))) - 1 && !(seats_asked & 8)) {
		struct match_need *n;

		snprintf(id, sizeof(id), "%s.ca-administrateur", rid);
		if (!(n = new_need(c, a, id)))
			return;
		n->kind = MATCH_SEAT;
		n->role = "administrateur";
		n->skills = 0;
		for (k = 0; k < sizeof(skills) / sizeof(skills[0]); k++) {
			int si = choice_index(c->latest, "competences_besoin", skills[k].skill,
					      strlen(skills[k].skill));

			if (!(have_skill & (1u << k)) && si >= 0)
				n->skills |= 1u << si;
		}
		n->origin = "membres_ca";
	}
}

static void load_association(struct load_ctx *c, const struct survey *s, const struct respondent *r,
			     const struct record_buf *rec, const char *const *v, size_t nv)
{
	struct match_need a = { 0 };
	const char *sect = top(s, v, nv, "secteur_asso");
	unsigned seats_asked = 0;
	size_t i, k = 0;
	char id[128], rkey[64];

	a.association = dup(c, top(s, v, nv, "nom_structure"));
	a.email = dup(c, top(s, v, nv, "email_contact"));
	a.postcode = dup(c, top(s, v, nv, "code_postal"));
	a.located = match_postcode(a.postcode, &a.lat, &a.lon) == 0;
	if (sect) {
		int si = choice_index(c->latest, "secteur_asso", sect, strlen(sect));

		a.sectors = si >= 0 && si < MATCH_MAX_SKILLS ? 1u << si : 0;
	}
	a.places = 1;
	a.hours = 6;
	a.regular = 1;
	if (!a.association)
		a.association = dup(c, "?");
	add_conflicts(c, NULL, a.association, top(s, v, nv, "entreprises_soutien"), 1, "finance");
	for (i = 0; i < rec->ninst; i++) {
		const struct instance *in = &rec->inst[i];
		const char *type, *role;
		struct match_need *n;

		if (!is_repeat(s, in, "besoins"))
			continue;
		snprintf(id, sizeof(id), "%s.%zu", key_of(r, rkey, sizeof(rkey)), ++k);
		if (!(n = new_need(c, &a, id)))
			return;
		type = inst(s, in, "type_besoin");
		n->kind = type && !strcmp(type, "siege_ca") ? MATCH_SEAT : MATCH_MISSION;
		role = n->kind == MATCH_SEAT ? inst(s, in, "siege") : inst(s, in, "intitule_mission");
		n->role = dup(c, role);
		if (n->kind == MATCH_SEAT && role) {
			seats_asked |= !strcmp(role, "presidence") ? 1 : !strcmp(role, "tresorerie") ? 2
				       : !strcmp(role, "secretariat") ? 4 : !strcmp(role, "administrateur") ? 8 : 0;
		}
		n->skills = mask_of(c->latest, "competences_besoin", inst(s, in, "competences_besoin"));
		n->regular = !(inst(s, in, "frequence") && !strcmp(inst(s, in, "frequence"), "ponctuelle"));
		n->hours = num(inst(s, in, "heures_besoin_mois"), 6);
		n->moments = moments_of(inst(s, in, "moments_besoin"));
		n->remote = inst(s, in, "a_distance") && !strcmp(inst(s, in, "a_distance"), "oui");
		n->places = (size_t)num(inst(s, in, "nb_places"), 1);
		if (n->places < 1)
			n->places = 1;
		n->origin = "besoins";
	}
	board_needs(c, s, rec, &a, key_of(r, rkey, sizeof(rkey)), seats_asked);
}

static void load_employee(struct load_ctx *c, const struct survey *s, const struct respondent *r,
			  const struct record_buf *rec, const char *const *v, size_t nv)
{
	struct match_offer *o;
	const char *seat;
	size_t i;
	char id[64];

	if (GROW(c->g.offer, c->g.noffer, c->g.aoffer) < 0 ||
	    GROW(c->g.offer_company, c->g.noffer, c->g.aoc) < 0) {
		c->oom = 1;
		return;
	}
	o = &c->g.offer[c->g.noffer];
	memset(o, 0, sizeof(*o));
	c->g.offer_company[c->g.noffer++] = dup(c, top(s, v, nv, "entreprise_salarie"));
	o->id = dup(c, key_of(r, id, sizeof(id)));
	o->name = dup(c, top(s, v, nv, "nom_salarie"));
	if (!o->name)
		o->name = o->id;
	o->email = dup(c, top(s, v, nv, "email_contact"));
	o->postcode = dup(c, top(s, v, nv, "code_postal"));
	o->located = match_postcode(o->postcode, &o->lat, &o->lon) == 0;
	o->hours = num(top(s, v, nv, "heures_offre_mois"), 4);
	o->moments = moments_of(top(s, v, nv, "moments_offre"));
	o->max_km = num(top(s, v, nv, "distance_max_km"), 20);
	o->remote = top(s, v, nv, "a_distance_ok") && !strcmp(top(s, v, nv, "a_distance_ok"), "oui");
	o->sectors = mask_of(c->latest, "secteurs_interet", top(s, v, nv, "secteurs_interet"));
	seat = top(s, v, nv, "interet_siege");
	o->seat = seat && (!strcmp(seat, "oui") || !strcmp(seat, "peut_etre"));
	o->max_missions = (size_t)num(top(s, v, nv, "nb_missions_max"), 1);
	if (o->max_missions < 1)
		o->max_missions = 1;
	for (i = 0; i < rec->ninst; i++) {
		const struct instance *in = &rec->inst[i];
		const char *sk, *lv;
		int si;

		if (!is_repeat(s, in, "mes_competences") || !(sk = inst(s, in, "competence")))
			continue;
		si = choice_index(c->latest, "competences_besoin", sk, strlen(sk));
		if (si < 0 || si >= MATCH_MAX_SKILLS)
			continue;
		o->skills |= 1u << si;
		lv = inst(s, in, "niveau");
		o->level[si] = lv && !strcmp(lv, "debutant") ? 1 : lv && !strcmp(lv, "expert") ? 3 : 2;
	}
}

static void load_company(struct load_ctx *c, const struct survey *s, const char *const *v, size_t nv)
{
	struct match_company *co;
	const char *name = top(s, v, nv, "nom_structure");

	if (!name)
		return;
	if (GROW(c->g.company, c->g.ncompany, c->g.acompany) < 0) {
		c->oom = 1;
		return;
	}
	co = &c->g.company[c->g.ncompany++];
	co->name = dup(c, name);
	co->quota = num(top(s, v, nv, "quota_heures_mois"), -1);
	add_conflicts(c, co->name, NULL, top(s, v, nv, "associations_soutenues"), 0, "finance");
}

static int on_answer(void *ctx, const struct an_version *v, const struct respondent *r,
		     const struct record_buf *rec)
{
	struct load_ctx *c = ctx;
	const struct survey *s = v->s;
	const char *const *values = (const char *const *)rec->values;
	const char *type;

	if (strcmp(s->form_id, c->form)) {
		/* The prize's application form: its candidate pairs are conflicts. */
		const char *asso = top(s, values, rec->n, "asso_nom"), *ent = top(s, values, rec->n, "ent_nom");

		if (asso && ent)
			add_conflicts(c, ent, NULL, asso, 0, "prix");
		return c->oom;
	}
	if (!survey_find(s, "heures_offre_mois")) {
		c->md->nskipped++;
		return 0;
	}
	type = top(s, values, rec->n, "type_repondant");
	if (!type)
		return 0;
	if (!strcmp(type, "association"))
		load_association(c, s, r, rec, values, rec->n);
	else if (!strcmp(type, "salarie"))
		load_employee(c, s, r, rec, values, rec->n);
	else if (!strcmp(type, "entreprise"))
		load_company(c, s, values, rec->n);
	return c->oom;
}

/* The labels of the choice list of question qname (latest version) as skills. */
static int skills_of(struct load_ctx *c, const char *qname, const struct match_skill **out,
		     size_t *n)
{
	const struct question *q = survey_find(c->latest, qname);
	struct match_skill *sk;
	int fr = survey_lang(c->latest, "fr"), en = survey_lang(c->latest, "en");
	size_t i;

	*out = NULL;
	*n = 0;
	if (!q || !q->list)
		return 0;
	sk = arena_alloc(&c->md->arena, (q->list->n + 1) * sizeof(*sk));
	if (!sk)
		return -1;
	for (i = 0; i < q->list->n && i < MATCH_MAX_SKILLS; i++) {
		/* Copied: the models go with the source. */
		sk[i].name = dup(c, q->list->v[i].name);
		sk[i].fr = dup(c, label_get(c->latest, &q->list->v[i].label, fr >= 0 ? (size_t)fr : 0));
		sk[i].en = dup(c, label_get(c->latest, &q->list->v[i].label, en >= 0 ? (size_t)en : 0));
	}
	if (c->oom)
		return -1;
	*out = sk;
	*n = i;
	return 0;
}

/* Copy a malloc'd array into the arena (the arena then owns it). */
static void *keep(struct match_data *md, void *p, size_t size)
{
	void *k;

	if (!size) {
		free(p);
		return NULL;
	}
	k = arena_alloc(&md->arena, size);
	if (k)
		memcpy(k, p, size);
	free(p);
	return k;
}

int match_data_load(struct match_data *md, struct store *st, const char *form, struct error *err)
{
	const char *forms[2] = { form, "prix-candidature" };
	struct an_source src = { 0 };
	struct load_ctx c = { 0 };
	struct match_company *companies;
	size_t i, j, nforms = 1;
	int rc;

	memset(md, 0, sizeof(*md));
	c.md = md;
	c.form = form;
	rc = an_source_open(&src, st, forms, 2, err);
	if (rc == UT_ENOTFOUND) {	/* no prize in this workspace */
		an_source_release(&src);
		memset(&src, 0, sizeof(src));
		rc = an_source_open(&src, st, forms, nforms, err);
	}
	if (rc < 0)
		goto out;
	c.latest = src.forms[0].latest;
	/* The survey's version 2 lists: the models of the answers' versions may be older. */
	if (!survey_find(c.latest, "heures_offre_mois")) {
		rc = UT_EDATA;
		error_set(err, "survey '%s' version %d has no offers or needs (load version 2 or later)",
			  form, c.latest->version);
		goto out;
	}
	if (skills_of(&c, "competences_besoin", &md->in.skill, &md->in.nskill) < 0 ||
	    skills_of(&c, "secteur_asso", &md->in.sector, &md->in.nsector) < 0) {
		rc = UT_ENOMEM;
		error_set(err, "out of memory");
		goto out;
	}
	rc = an_source_each_rep(&src, st, 1, on_answer, &c, err);
	if (c.oom) {
		rc = UT_ENOMEM;
		error_set(err, "out of memory");
		goto out;
	}
	if (rc < 0)
		goto out;
	/* Employees to their companies, by name; a company nobody described has no quota. */
	for (i = 0; i < c.g.noffer; i++) {
		const char *name = c.g.offer_company[i];

		c.g.offer[i].company = SIZE_MAX;
		for (j = 0; name && j < c.g.ncompany; j++)
			if (!strcasecmp(c.g.company[j].name, name)) {
				c.g.offer[i].company = j;
				break;
			}
		if (name && c.g.offer[i].company == SIZE_MAX) {
			if (GROW(c.g.company, c.g.ncompany, c.g.acompany) < 0) {
				rc = UT_ENOMEM;
				error_set(err, "out of memory");
				goto out;
			}
			c.g.company[c.g.ncompany].name = name;
			c.g.company[c.g.ncompany].quota = -1;
			c.g.offer[i].company = c.g.ncompany++;
			md->nunknown_company++;
		}
	}
	for (i = 0; i < c.g.noffer; i++)
		if (c.g.offer[i].company == SIZE_MAX)
			c.g.offer[i].company = c.g.ncompany;
	companies = keep(md, c.g.company, c.g.ncompany * sizeof(*c.g.company));
	c.g.company = NULL;
	md->in.company = companies;
	md->in.ncompany = c.g.ncompany;
	md->in.need = keep(md, c.g.need, c.g.nneed * sizeof(*c.g.need));
	md->in.nneed = c.g.nneed;
	md->in.offer = keep(md, c.g.offer, c.g.noffer * sizeof(*c.g.offer));
	md->in.noffer = c.g.noffer;
	md->in.conflict = keep(md, c.g.conflict, c.g.nconflict * sizeof(*c.g.conflict));
	md->in.nconflict = c.g.nconflict;
	c.g.need = NULL, c.g.offer = NULL, c.g.conflict = NULL;
	if ((c.g.nneed && !md->in.need) || (c.g.noffer && !md->in.offer) ||
	    (c.g.ncompany && !md->in.company) || (c.g.nconflict && !md->in.conflict)) {
		rc = UT_ENOMEM;
		error_set(err, "out of memory");
		goto out;
	}
	match_weights_default(&md->in.w);
	rc = 0;
out:
	free(c.g.need);
	free(c.g.offer);
	free(c.g.company);
	free(c.g.conflict);
	free(c.g.offer_company);
	an_source_release(&src);
	return rc;
}

void match_data_release(struct match_data *md)
{
	arena_release(&md->arena);
	memset(md, 0, sizeof(*md));
}
