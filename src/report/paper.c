/*
 * paper: the printable questionnaire (see paper.h).  The conditions are
 * found by evaluating each part of a `relevant` expression with the real
 * evaluator over every answer its one question can take, so that what is
 * printed is what the web form does.
 */
#include "report/paper.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report/fmt.h"
#include "report/pdf.h"
#include "survey/expr.h"
#include "version.h"
#include "util/afile.h"

#define T(fr, f, e) ((fr) ? (f) : (e))
#define OQ(fr) ((fr) ? "«" FMT_NBSP : "“")
#define CQ(fr) ((fr) ? FMT_NBSP "»" : "”")

void paper_number(const struct survey *s, size_t *num)
{
	size_t i, n = 0;

	for (i = 0; i < s->nq; i++) {
		const struct question *q = s->questions[i];

		num[i] = q_is_answered(q) ? ++n : 0;
	}
}

/* --- evaluating a condition over the answers of one question -------------------------------- */

struct one_env {
	const char *name;	/* the question set */
	const char *value;	/* its answer ("" unanswered) */
};

static const char *one_lookup(void *ctx, const char *name)
{
	const struct one_env *e = ctx;

	return !strcmp(name, e->name) ? e->value : "";
}

/* The truth of e with question name answered value; -1 when memory runs out. */
static int truth(const struct expr *e, const char *name, const char *value)
{
	struct one_env oe = { name, value };
	struct expr_env env = { one_lookup, NULL, &oe, NULL, "2000-01-01", NULL, NULL, NULL, NULL };

	return expr_eval_bool(e, &env);
}

struct refs {
	const char *name[4];	/* distinct names met (at most 4 kept) */
	size_t n;		/* how many distinct */
};

static int add_ref(void *ctx, const char *name, int col)
{
	struct refs *r = ctx;
	size_t i;

	(void)col;
	for (i = 0; i < r->n && i < 4; i++)
		if (!strcmp(r->name[i], name))
			return 0;
	if (r->n < 4)
		r->name[r->n] = name;
	r->n++;
	return 0;
}

/* The one question e refers to, or NULL. */
static const char *only_ref(const struct expr *e, struct refs *r)
{
	memset(r, 0, sizeof(*r));
	expr_foreach_ref(e, add_ref, r);
	return r->n == 1 ? r->name[0] : NULL;
}

static const char *choice_label(const struct survey *s, const struct choice *c, size_t li)
{
	const char *l = label_get(s, &c->label, li);

	return l ? l : c->name;
}

/* « A » ou « B » / « A » ni « B »: labels of the choices flagged in set. */
static void label_list(struct strbuf *sb, const struct survey *s, const struct choice_list *list,
		       const unsigned char *set, size_t li, int fr, const char *joiner)
{
	size_t k, n = 0;

	for (k = 0; k < list->n; k++) {
		if (!set[k])
			continue;
		strbuf_addf(sb, "%s%s%s%s", n ? joiner : "", OQ(fr), choice_label(s, &list->v[k], li), CQ(fr));
		n++;
	}
}

static size_t count_set(const unsigned char *set, size_t n)
{
	size_t k, c = 0;

	for (k = 0; k < n; k++)
		c += set[k] != 0;
	return c;
}

/* A comparison "${q} OP number" or "number OP ${q}" at src: its operator and number. */
static int comparison(const char *src, size_t len, const char *name, char *op, double *num)
{
	char buf[256], ref[128], *p, *end;
	int flip = 0;
	size_t rl;

	if (len >= sizeof(buf))
		return 0;
	memcpy(buf, src, len);
	buf[len] = '\0';
	snprintf(ref, sizeof(ref), "${%s}", name);
	rl = strlen(ref);
	p = buf;
	while (*p == ' ')
		p++;
	if (!strncmp(p, ref, rl)) {
		p += rl;
	} else {
		*num = strtod(p, &end);
		if (end == p)
			return 0;
		p = end;
		flip = 1;
	}
	while (*p == ' ')
		p++;
	if (p[0] == '<' || p[0] == '>' || p[0] == '!') {
		op[0] = p[0];
		op[1] = p[1] == '=' ? '=' : '\0';
		op[2] = '\0';
		p += p[1] == '=' ? 2 : 1;
	} else if (p[0] == '=') {
		strcpy(op, "=");
		p++;
	} else {
		return 0;
	}
	while (*p == ' ')
		p++;
	if (flip) {
		if (strncmp(p, ref, rl))
			return 0;
		p += rl;
		/* "3 < ${q}" is "${q} > 3" */
		if (op[0] == '<')
			op[0] = '>';
		else if (op[0] == '>')
			op[0] = '<';
	} else {
		*num = strtod(p, &end);
		if (end == p)
			return 0;
		p = end;
	}
	while (*p == ' ')
		p++;
	return *p == '\0';
}

/* A condition on one question, in words.  1 written, -1 not simple, 2 always true. */
static int atom_text(struct strbuf *sb, const struct survey *s, const size_t *num, size_t li,
		     int fr, const char *src, size_t len)
{
	struct expr *e = NULL;
	struct refs refs;
	const struct question *q;
	const char *name;
	char *text = strndup(src, len);
	int rc = -1;
	size_t n;

	if (!text || expr_parse(&e, text, EXPR_DEFAULT, NULL) < 0)
		goto out;
	if (!(name = only_ref(e, &refs)) || !(q = survey_find(s, name)) || !num[q->index])
		goto out;
	n = num[q->index];
	if (q->type == Q_SELECT_ONE && q->list && q->list->n) {
		const struct choice_list *list = q->list;
		unsigned char *yes = calloc(list->n, 1), *no = calloc(list->n, 1);
		int unanswered = truth(e, name, "");
		size_t k, ny, nn;

		if (!yes || !no || unanswered < 0) {
			free(yes);
			free(no);
			goto out;
		}
		for (k = 0; k < list->n; k++) {
			int t = truth(e, name, list->v[k].name);

			yes[k] = t == 1;
			no[k] = t == 0;
		}
		ny = count_set(yes, list->n);
		nn = count_set(no, list->n);
		if (unanswered && nn == 0) {
			rc = 2;
		} else if (unanswered) {
			strbuf_addstr(sb, nn == 1 ? T(fr, "vous n'avez pas répondu ", "you did not answer ")
						  : T(fr, "vous n'avez répondu ni ", "you answered neither "));
			label_list(sb, s, list, no, li, fr, T(fr, " ni ", " nor "));
			strbuf_addf(sb, T(fr, " à la question %zu", " to question %zu"), n);
			rc = 1;
		} else if (ny == list->n) {
			strbuf_addf(sb, T(fr, "vous avez répondu à la question %zu", "you answered question %zu"), n);
			rc = 1;
		} else if (ny && (ny <= 3 || ny <= nn)) {
			strbuf_addstr(sb, T(fr, "vous avez répondu ", "you answered "));
			label_list(sb, s, list, yes, li, fr, T(fr, " ou ", " or "));
			strbuf_addf(sb, T(fr, " à la question %zu", " to question %zu"), n);
			rc = 1;
		} else if (ny) {
			strbuf_addstr(sb, T(fr, "vous avez répondu autre chose que ", "you gave an answer other than "));
			label_list(sb, s, list, no, li, fr, T(fr, " ou ", " or "));
			strbuf_addf(sb, T(fr, " à la question %zu", " to question %zu"), n);
			rc = 1;
		}
		free(yes);
		free(no);
	} else if (q->type == Q_SELECT_MULTIPLE && q->list && q->list->n && q->list->n <= 64) {
		const struct choice_list *list = q->list;
		size_t k, m, total;
		unsigned char single[64] = { 0 }, notx[64] = { 0 };
		int any = 1, except = 1, none = 1;
		struct strbuf v = STRBUF_INIT;

		for (k = 0; k < list->n; k++) {
			int t = truth(e, name, list->v[k].name);

			single[k] = t == 1;
			notx[k] = t == 0;
		}
		/*
		 * Which simple rule does the expression follow over the sets of
		 * ticks?  Every set for a list of up to 12 choices; beyond, the
		 * empty set, every pair and the full set (singles are above).
		 */
		total = list->n <= 12 ? (size_t)1 << list->n : list->n * list->n + 2;
		for (m = 0; m < total && (any || except || none); m++) {
			int t, hit = 0, hitx = 0, empty = 1;

			strbuf_reset(&v);
			for (k = 0; k < list->n; k++) {
				int in;

				if (list->n <= 12)
					in = (m & ((size_t)1 << k)) != 0;
				else if (m == 0)
					in = 0;
				else if (m == total - 1)
					in = 1;
				else
					in = k == (m - 1) / list->n || k == (m - 1) % list->n;
				if (!in)
					continue;
				strbuf_addf(&v, "%s%s", v.len ? " " : "", list->v[k].name);
				hit |= single[k];
				hitx |= notx[k];
				empty = 0;
			}
			t = truth(e, name, v.buf);
			if (t < 0) {
				any = except = none = 0;
				break;
			}
			if (t != hit)
				any = 0;
			if (t != (!empty && !hitx))
				except = 0;
			if (t != !hitx)
				none = 0;
		}
		strbuf_release(&v);
		if (any && count_set(single, list->n)) {
			strbuf_addstr(sb, T(fr, "vous avez coché ", "you ticked "));
			label_list(sb, s, list, single, li, fr, T(fr, " ou ", " or "));
			strbuf_addf(sb, T(fr, " à la question %zu", " in question %zu"), n);
			rc = 1;
		} else if (except && count_set(notx, list->n)) {
			strbuf_addf(sb, T(fr, "vous avez coché au moins une case à la question %zu, mais pas ",
					  "you ticked at least one box in question %zu, but not "), n);
			label_list(sb, s, list, notx, li, fr, T(fr, " ni ", " nor "));
			rc = 1;
		} else if (except) {
			strbuf_addf(sb, T(fr, "vous avez coché au moins une case à la question %zu",
					  "you ticked at least one box in question %zu"), n);
			rc = 1;
		} else if (none && count_set(notx, list->n)) {
			strbuf_addstr(sb, T(fr, "vous n'avez pas coché ", "you did not tick "));
			label_list(sb, s, list, notx, li, fr, T(fr, " ni ", " nor "));
			strbuf_addf(sb, T(fr, " à la question %zu", " in question %zu"), n);
			rc = 1;
		}
	} else if (q_is_numeric(q)) {
		char op[3], b[64];
		double x;

		if (comparison(src, len, name, op, &x)) {
			static const struct {
				const char *op, *fr, *en;
			} words[] = {
				{ ">", "est supérieure à", "is more than" },
				{ ">=", "est d'au moins", "is at least" },
				{ "<", "est inférieure à", "is less than" },
				{ "<=", "est d'au plus", "is at most" },
				{ "=", "est", "is" },
				{ "!=", "n'est pas", "is not" },
			};
			size_t w;

			for (w = 0; w < sizeof(words) / sizeof(words[0]); w++)
				if (!strcmp(op, words[w].op)) {
					strbuf_addf(sb, T(fr, "votre réponse à la question %zu %s %s",
							  "your answer to question %zu %s %s"),
						    n, fr ? words[w].fr : words[w].en,
						    fmt_num(b, sizeof(b), x, x == floor(x) ? 0 : 2, fr ? "fr" : "en"));
					rc = 1;
					break;
				}
		} else if (truth(e, name, "") == 0 && truth(e, name, "0") == 1 && truth(e, name, "1") == 1 &&
			   truth(e, name, "-1") == 1 && truth(e, name, "1000") == 1) {
			strbuf_addf(sb, T(fr, "vous avez répondu à la question %zu", "you answered question %zu"), n);
			rc = 1;
		}
	} else if (truth(e, name, "") == 0 && truth(e, name, "x") == 1 &&
		   truth(e, name, "2000-01-01") == 1) {
		strbuf_addf(sb, T(fr, "vous avez répondu à la question %zu", "you answered question %zu"), n);
		rc = 1;
	}
out:
	expr_free(e);
	free(text);
	return rc;
}

/* Offsets of the top-level occurrences of the word kw ("or", "and") in src[0..len). */
static size_t split_top(const char *src, size_t len, const char *kw, size_t *at, size_t max)
{
	size_t i, n = 0, kl = strlen(kw);
	int depth = 0;
	char quote = 0;

	for (i = 0; i < len; i++) {
		char ch = src[i];

		if (quote) {
			if (ch == quote)
				quote = 0;
			continue;
		}
		if (ch == '\'' || ch == '"')
			quote = ch;
		else if (ch == '(')
			depth++;
		else if (ch == ')')
			depth--;
		else if (depth == 0 && i > 0 && i + kl < len && !strncmp(src + i, kw, kl) &&
			 (src[i - 1] == ' ' || src[i - 1] == ')') && (src[i + kl] == ' ' || src[i + kl] == '(')) {
			if (n < max)
				at[n] = i;
			n++;
			i += kl - 1;
		}
	}
	return n;
}

static int cond_text(struct strbuf *sb, const struct survey *s, const size_t *num, size_t li,
		     int fr, const char *src, size_t len, int depth)
{
	static const char *const kws[] = { "or", "and" };
	size_t at[32], k, i;

	while (len && (*src == ' ' || *src == '\n'))
		src++, len--;
	while (len && (src[len - 1] == ' ' || src[len - 1] == '\n'))
		len--;
	if (!len || depth > 8)
		return -1;
	/* A condition on one question is said best as a whole ("at least one box, but not ..."). */
	{
		size_t before = sb->len;
		int rc = atom_text(sb, s, num, li, fr, src, len);

		if (rc >= 0)
			return rc;
		sb->len = before;
		sb->buf[before] = '\0';
	}
	for (k = 0; k < 2; k++) {
		size_t n = split_top(src, len, kws[k], at, 32), start = 0;
		int always = 1;

		if (!n)
			continue;
		if (n > 31)
			return -1;
		at[n] = len;
		for (i = 0; i <= n; i++) {
			size_t before = sb->len;
			int rc;

			if (i && !always)
				strbuf_addstr(sb, k == 0 ? T(fr, " ou ", " or ") : T(fr, " et ", " and "));
			rc = cond_text(sb, s, num, li, fr, src + start, at[i] - start, depth + 1);
			if (rc < 0)
				return -1;
			if (rc == 2) {
				/* a part that is always true: dropped from an "and", makes an "or" true */
				if (k == 0)
					return 2;
				sb->len = before;
				sb->buf[sb->len] = '\0';
			} else {
				always = 0;
			}
			start = at[i] + strlen(kws[k]);
		}
		return always ? 2 : 1;
	}
	/* (…) around the whole */
	if (src[0] == '(' && src[len - 1] == ')') {
		int d = 0;

		for (i = 0; i < len; i++) {
			if (src[i] == '(')
				d++;
			else if (src[i] == ')' && --d == 0)
				break;
		}
		if (i == len - 1)
			return cond_text(sb, s, num, li, fr, src + 1, len - 2, depth + 1);
	}
	return -1;
}

int paper_condition(struct strbuf *sb, const struct survey *s, const struct question *q,
		    const size_t *num, const char *lang)
{
	int fr = fmt_is_fr(lang), li = survey_lang(s, lang), rc;

	if (!q->relevant || !q->relevant_src)
		return 0;
	rc = cond_text(sb, s, num, li < 0 ? s->default_lang : (size_t)li, fr, q->relevant_src,
		       strlen(q->relevant_src), 0);
	return rc == 2 ? 0 : rc;
}

/* --- jumps ------------------------------------------------------------------------------ */

/* x (or an enclosing group) is not asked when question q has answer value. */
static int skipped_by(const struct question *x, const struct question *q, const char *value)
{
	for (; x; x = x->parent) {
		struct refs refs;
		const char *name;

		if (!x->relevant)
			continue;
		name = only_ref(x->relevant, &refs);
		if (name && !strcmp(name, q->name) && truth(x->relevant, name, value) == 0)
			return 1;
	}
	return 0;
}

int paper_skip(const struct survey *s, const struct question *q, const char *choice,
	       const size_t *num, size_t *target, int *end)
{
	size_t i;
	int first = 1;

	*target = 0;
	*end = 0;
	for (i = q->index + 1; i < s->nq; i++) {
		const struct question *x = s->questions[i];

		if (!num[i])
			continue;
		if (!skipped_by(x, q, choice)) {
			if (first)
				return 0;
			*target = num[i];
			return 1;
		}
		first = 0;
	}
	if (first)
		return 0;
	*end = 1;
	return 1;
}

/* --- the document ------------------------------------------------------------------------- */

struct paper {
	struct pdf *p;			/* the document */
	const struct survey *s;		/* the questionnaire */
	size_t li;			/* language index */
	int fr;				/* French */
	int large;			/* large type */
	int codes;			/* names for data entry */
	size_t *num;			/* question numbers */
	double fs;			/* base font size */
	double codew;			/* width kept for the names on the right */
	struct strbuf piped[4];		/* the last texts whose answers were blanked */
	unsigned next_piped;		/* the one to reuse next */
	const struct question *group_open; /* a group whose heading no question follows yet */
	const struct question *start[2]; /* where the last two questions drawn start (their group's heading, if first in it) */
	size_t start_page[2];		/* on which page */
	const struct question *break_before; /* start a new page before this item (second pass) */
	size_t thanks_page;		/* where the closing thanks went, 0: none */
};

/*
 * A question (or a grid) is about to be drawn on the current page: remember
 * where it starts, with the heading of its group when it is the group's
 * first, to keep the last page from holding one question alone.
 */
static void mark_start(struct paper *pp, const struct question *q)
{
	pp->start[0] = pp->start[1];
	pp->start_page[0] = pp->start_page[1];
	pp->start[1] = pp->group_open ? pp->group_open : q;
	pp->start_page[1] = pp->p->npages;
	pp->group_open = NULL;
}

/* The item the second pass breaks the page before: a new page, unless already at the top of one. */
static void break_if_asked(struct paper *pp, const struct question *q)
{
	if (pp->break_before == q && pp->p->page && pp->p->y < pp->p->top)
		pdf_new_page(pp->p);
}

/*
 * A text in the document's language.  An answer the text shows on screen
 * (`${name}`) is not known on paper: it is a blank line to fill in.  The
 * text stays valid until four more such texts have been asked for.
 */
static const char *L(struct paper *pp, const struct label *l)
{
	const char *t = label_get(pp->s, l, pp->li), *p;
	struct strbuf *sb;

	if (!t || !strstr(t, "${"))
		return t;
	sb = &pp->piped[pp->next_piped++ % 4];
	strbuf_reset(sb);
	for (p = t; (t = strstr(p, "${")) != NULL && strchr(t, '}'); p = strchr(t, '}') + 1) {
		strbuf_add(sb, p, (size_t)(t - p));
		strbuf_addstr(sb, "________");
	}
	strbuf_addstr(sb, p);
	return sb->buf;
}

/* An empty box to tick, its top-left corner at (x, ytop). */
static void tick_box(struct pdf *p, double x, double ytop, double size)
{
	pdf_frame(p, x, ytop - size, size, size, PDF_BLACK, 0.9);
}

/* The code of a question or choice in small grey type at the right margin, baseline y. */
static void code_at(struct paper *pp, double y, const char *code)
{
	struct pdf_style st = { 0, 6.5, 1.1, 0x8a8a8a, PDF_RIGHT, 0, 0 };

	if (pp->codes && code)
		pdf_text_at(pp->p, &st, pp->p->right, y, code);
}

/* The width a code takes at the right margin, its gap included: at least the column kept for codes. */
static double code_room(struct paper *pp, const char *code)
{
	double w;

	if (!pp->codes || !code)
		return pp->codew;
	w = pdf_width(pp->p, 0, 6.5, code, strlen(code)) + 8;
	return w > pp->codew ? w : pp->codew;
}

/* Height of a choice line with its label wrapped in width w. */
static double choice_height(struct paper *pp, const char *label, double w)
{
	struct pdf_style st = { 0, pp->fs, 1.25, PDF_TEXT, PDF_LEFT, 0, 0 };
	double h = pdf_text_height(pp->p, &st, label, w);
	double box = pp->fs * 1.05;

	return (h > box ? h : box) + pp->fs * (pp->large ? 0.7 : 0.45);
}

/* Draw a list of choices with boxes (and jumps), the cursor moving down. */
static void draw_choices(struct paper *pp, const struct question *q, int rank)
{
	struct pdf *p = pp->p;
	const struct choice_list *list = q->list;
	struct pdf_style st = { 0, pp->fs, 1.25, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style jump = { 1, pp->fs * 0.85, 1.2, PDF_ACCENT, PDF_RIGHT, 0, 0 };
	double indent = pp->fs * 2.2, box = pp->fs * 1.05, cw = pp->codew;
	size_t k;

	/* The longest choice name keeps the arrows (and the labels) to its left, all aligned. */
	for (k = 0; k < list->n; k++)
		if (code_room(pp, list->v[k].name) > cw)
			cw = code_room(pp, list->v[k].name);
	for (k = 0; k < list->n; k++) {
		const struct choice *c = &list->v[k];
		const char *lab = choice_label(pp->s, c, pp->li);
		char jt[96] = "";
		double x = p->left + indent, w, h, jw = 0;
		size_t target;
		int end;

		if (!rank && q->type == Q_SELECT_ONE && paper_skip(pp->s, q, c->name, pp->num, &target, &end)) {
			if (end)
				snprintf(jt, sizeof(jt), "%s", T(pp->fr, "→ allez à la fin du questionnaire", "→ go to the end"));
			else
				snprintf(jt, sizeof(jt), T(pp->fr, "→ passez à la question %zu", "→ go to question %zu"), target);
			jw = pdf_width(p, 1, jump.size, jt, strlen(jt)) + 10;
		}
		w = p->right - cw - (x + box + 8) - jw;
		h = choice_height(pp, lab, w);
		pdf_need(p, h);
		if (rank) {
			/* a wider box to write a rank number in */
			pdf_frame(p, x, p->y - box, box * 1.6, box, PDF_BLACK, 0.9);
			pdf_text_box(p, &st, x + box * 1.6 + 8, p->y, w - box * 0.6, lab, 0);
		} else {
			tick_box(p, x, p->y, box);
			pdf_text_box(p, &st, x + box + 8, p->y, w, lab, 0);
		}
		if (jt[0])
			pdf_text_at(p, &jump, p->right - cw, p->y - box * 0.82, jt);
		code_at(pp, p->y - box * 0.82, c->name);
		p->y -= h;
	}
}

/* Lines to write on. */
static void draw_lines(struct paper *pp, size_t n)
{
	struct pdf *p = pp->p;
	double gap = pp->fs * (pp->large ? 2.4 : 2.0);
	size_t i;

	for (i = 0; i < n; i++) {
		pdf_need(p, gap);
		p->y -= gap;
		pdf_line(p, p->left + pp->fs * 2.2, p->y + 2, p->right - pp->codew, p->y + 2, 0x909090, 0.6);
	}
	pdf_skip(p, pp->fs * 0.6);
}

/* A row of digit boxes, ndigits wide, at x; returns the x after it. */
static double digit_boxes(struct pdf *p, double x, double ytop, size_t ndigits, double box)
{
	size_t i;

	for (i = 0; i < ndigits; i++)
		pdf_frame(p, x + (double)i * box, ytop - box * 1.2, box, box * 1.2, PDF_BLACK, 0.8);
	return x + (double)ndigits * box;
}

/* The answer area of a question, under its label. */
static void draw_answer(struct paper *pp, const struct question *q)
{
	struct pdf *p = pp->p;
	struct pdf_style note = { 0, pp->fs * 0.8, 1.2, PDF_GREY, PDF_LEFT, 0, 0 };
	double x = p->left + pp->fs * 2.2, box = pp->fs * 1.3;
	char b1[64], b2[64], hint[160];

	switch (q->type) {
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
		if (q->list)
			draw_choices(pp, q, 0);
		break;
	case Q_RANK:
		if (q->list)
			draw_choices(pp, q, 1);
		break;
	case Q_INTEGER:
	case Q_DECIMAL: {
		double lo = NAN, hi = NAN;

		pdf_need(p, box * 1.6);
		pdf_frame(p, x, p->y - box * 1.3, pp->fs * 9, box * 1.3, PDF_BLACK, 0.9);
		hint[0] = '\0';
		if (q->constraint)
			expr_bounds(q->constraint, &lo, &hi);
		if (!isnan(lo) && !isnan(hi))
			snprintf(hint, sizeof(hint), T(pp->fr, "un nombre de %s à %s", "a number from %s to %s"),
				 fmt_num(b1, sizeof(b1), lo, lo == floor(lo) ? 0 : 2, pp->fr ? "fr" : "en"),
				 fmt_num(b2, sizeof(b2), hi, hi == floor(hi) ? 0 : 2, pp->fr ? "fr" : "en"));
		else
			snprintf(hint, sizeof(hint), "%s", T(pp->fr, "un nombre", "a number"));
		pdf_text_box(p, &note, x + pp->fs * 9 + 10, p->y - box * 0.35, p->right - x - pp->fs * 9 - 10,
			     hint, 1);
		p->y -= box * 1.3 + pp->fs * 0.7;
		break;
	}
	case Q_DATE: {
		double xx;
		struct pdf_style sl = { 0, pp->fs * 1.2, 1, PDF_TEXT, PDF_LEFT, 0, 0 };

		pdf_need(p, box * 1.9);
		xx = digit_boxes(p, x, p->y, 2, box);
		pdf_text_at(p, &sl, xx + 3, p->y - box, "/");
		xx = digit_boxes(p, xx + 12, p->y, 2, box);
		pdf_text_at(p, &sl, xx + 3, p->y - box, "/");
		xx = digit_boxes(p, xx + 12, p->y, 4, box);
		pdf_text_box(p, &note, xx + 10, p->y - box * 0.35, p->right - xx - 10,
			     T(pp->fr, "jour / mois / année", "day / month / year"), 1);
		p->y -= box * 1.2 + pp->fs * 0.8;
		break;
	}
	case Q_RANGE: {
		double start = q->range_start, end = q->range_end, step = q->range_step > 0 ? q->range_step : 1;
		size_t n = (size_t)floor((end - start) / step + 1e-9) + 1, i;

		if (n >= 2 && n <= 11) {
			double cw = (p->right - pp->codew - x) / (double)n, bs = pp->fs * 1.05;
			struct pdf_style v = { 0, pp->fs * 0.9, 1, PDF_TEXT, PDF_CENTER, 0, 0 };

			if (cw > pp->fs * 3.2)
				cw = pp->fs * 3.2;
			pdf_need(p, bs + pp->fs * 2.4);
			for (i = 0; i < n; i++) {
				double cx = x + cw * ((double)i + 0.5);

				pdf_text_at(p, &v, cx, p->y - pp->fs * 0.9,
					    fmt_num(b1, sizeof(b1), start + step * (double)i, step == floor(step) ? 0 : 1,
						    pp->fr ? "fr" : "en"));
				tick_box(p, cx - bs / 2, p->y - pp->fs * 1.3, bs);
			}
			p->y -= pp->fs * 1.3 + bs + pp->fs * 0.8;
		} else {
			pdf_need(p, box * 1.6);
			pdf_frame(p, x, p->y - box * 1.3, pp->fs * 9, box * 1.3, PDF_BLACK, 0.9);
			p->y -= box * 1.3 + pp->fs * 0.7;
		}
		break;
	}
	case Q_TEXT: {
		size_t lines = 3;

		if (q->appearance && strstr(q->appearance, "multiline"))
			lines = 6;
		if (q->constraint_src && strstr(q->constraint_src, "string-length")) {
			/* "string-length(.) <= 2000" bounds the length, not '.': a long answer gets more lines */
			const char *le = strstr(q->constraint_src, "<=");

			if (le && strtod(le + 2, NULL) > 300)
				lines = 6;
		}
		draw_lines(pp, pp->large ? lines + 1 : lines);
		break;
	}
	case Q_NOTE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
}

/* The instruction in grey under a label: one answer, several, a rank... */
static const char *instruction(const struct paper *pp, const struct question *q, char *buf, size_t n)
{
	switch (q->type) {
	case Q_SELECT_ONE:
		return T(pp->fr, "Cochez une seule case.", "Tick one box.");
	case Q_SELECT_MULTIPLE:
		return T(pp->fr, "Vous pouvez cocher plusieurs cases.", "You may tick several boxes.");
	case Q_RANK:
		snprintf(buf, n, T(pp->fr, "Numérotez de 1 à %zu, 1 pour votre premier choix.",
				   "Number from 1 to %zu, 1 for your first choice."), q->list ? q->list->n : 0);
		return buf;
	case Q_INTEGER:
	case Q_DECIMAL:
	case Q_TEXT:
	case Q_DATE:
	case Q_NOTE:
	case Q_RANGE:
	case Q_CALCULATE:
	case Q_GROUP:
	case Q_REPEAT:
		break;
	}
	return NULL;
}

/* "Répondez seulement si ..." for question or group q; 0 when it has no condition. */
static int condition_line(struct paper *pp, const struct question *q, struct strbuf *sb)
{
	struct strbuf c = STRBUF_INIT;
	int rc = paper_condition(&c, pp->s, q, pp->num, pp->fr ? "fr" : "en");

	strbuf_reset(sb);
	if (rc == 1)
		strbuf_addf(sb, question_is_container(q)
				? T(pp->fr, "Répondez à cette partie seulement si %s.", "Answer this part only if %s.")
				: T(pp->fr, "Répondez seulement si %s.", "Answer only if %s."),
			    c.buf);
	else if (rc < 0)
		strbuf_addstr(sb, question_is_container(q)
				  ? T(pp->fr, "Cette partie ne concerne que certaines personnes : si elle ne vous concerne pas, passez à la suite.",
				      "This part is only for some people: if it does not apply to you, go on to the next one.")
				  : T(pp->fr, "Cette question ne concerne que certaines personnes : si elle ne vous concerne pas, passez à la suivante.",
				      "This question is only for some people: if it does not apply to you, go on to the next one."));
	strbuf_release(&c);
	return sb->len > 0;
}

/*
 * A help text that only says how to choose ("Choisissez une réponse.",
 * "Cochez une case.", "Choose one answer."): on paper the instruction
 * under the label says it in paper's words.
 */
static int hint_is_instruction(const char *h)
{
	static const char *const verbs[] = { "Choisissez ", "Cochez ", "Sélectionnez ", "Choose ", "Tick ",
					     "Select ", "Pick ", NULL };
	size_t i, n = strlen(h);

	if (n > 60 || strchr(h, ',') || strchr(h, ':'))
		return 0;
	for (i = 0; verbs[i]; i++)
		if (!strncasecmp(h, verbs[i], strlen(verbs[i])))
			return 1;
	return 0;
}

static void draw_question(struct paper *pp, const struct question *q)
{
	struct pdf *p = pp->p;
	struct pdf_style lab = { 1, pp->fs, 1.25, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style hint = { 0, pp->fs * 0.85, 1.25, PDF_GREY, PDF_LEFT, 0, 0 };
	struct pdf_style cond = { 1, pp->fs * 0.85, 1.25, PDF_ACCENT, PDF_LEFT, 0, 0 };
	struct pdf_style body = { 0, pp->fs, 1.35, PDF_TEXT, PDF_LEFT, 0, pp->fs * 0.6 };
	double indent = pp->fs * 2.2, w = p->right - pp->codew - (p->left + indent), need, h;
	const char *label = L(pp, &q->label), *h_text = L(pp, &q->hint), *ins;
	struct strbuf sb = STRBUF_INIT;
	char num[16], ib[160];

	if (q->type == Q_NOTE) {
		if (label) {
			pdf_need(p, pdf_text_height(p, &body, label, p->right - p->left) + 4);
			pdf_paragraph(p, &body, label);
		}
		return;
	}
	ins = q->read_only ? T(pp->fr, "Ne répondez pas : cette réponse est remplie à la saisie.",
			       "Do not answer: this is filled in when the form is entered.")
			   : instruction(pp, q, ib, sizeof(ib));
	/* The instruction once: a help that only says how to answer on screen gives way to the paper's. */
	if (ins && h_text && hint_is_instruction(h_text))
		h_text = NULL;
	condition_line(pp, q, &sb);
	/* Keep the label, its help and the first lines of the answer together. */
	need = pdf_text_height(p, &lab, label ? label : q->name, w) + pp->fs * 3.5;
	if (sb.len)
		need += pdf_text_height(p, &cond, sb.buf, w);
	if (q->list && q->list->n <= 8 && q->type != Q_RANK)
		need += (double)q->list->n * (pp->fs * 1.8);
	break_if_asked(pp, q);
	pdf_need(p, need);
	mark_start(pp, q);
	pdf_skip(p, pp->fs * (pp->large ? 0.9 : 0.6));
	if (sb.len) {
		h = pdf_text_box(p, &cond, p->left + indent, p->y, w, sb.buf, 0);
		p->y -= h + 2;
	}
	snprintf(num, sizeof(num), "%zu.", pp->num[q->index]);
	pdf_text_at(p, &lab, p->left, p->y - lab.size * 1.03, num);
	code_at(pp, p->y - lab.size * 1.03, q->name);
	h = pdf_text_box(p, &lab, p->left + indent, p->y, w, label ? label : q->name, 0);
	p->y -= h + 2;
	if (h_text) {
		h = pdf_text_box(p, &hint, p->left + indent, p->y, w, h_text, 0);
		p->y -= h + 1;
	}
	if (ins) {
		h = pdf_text_box(p, &hint, p->left + indent, p->y, w, ins, 0);
		p->y -= h + 3;
	}
	pdf_skip(p, pp->fs * 0.3);
	if (!q->read_only)
		draw_answer(pp, q);
	strbuf_release(&sb);
}

/* Questions of a grid: consecutive Likert items on one list, no condition, no jump. */
static int grid_item(struct paper *pp, const struct question *q, const struct choice_list *list)
{
	size_t k, target;
	int end;

	if (pp->large || q->type != Q_SELECT_ONE || !q->list || (list && q->list != list) || q->relevant ||
	    q->read_only ||
	    !q->appearance || strcmp(q->appearance, "likert") || q->list->n > 7 || L(pp, &q->hint))
		return 0;
	for (k = 0; k < q->list->n; k++)
		if (paper_skip(pp->s, q, q->list->v[k].name, pp->num, &target, &end))
			return 0;
	return 1;
}

/* A table of statements against the answers of their scale, one row each. */
static void draw_grid(struct paper *pp, struct question *const *items, size_t n)
{
	struct pdf *p = pp->p;
	const struct choice_list *list = items[0]->list;
	size_t k = list->n, i, j;
	double colw = (p->right - pp->codew - p->left) * 0.42 / (double)k, statw, headh = 0, x0;
	struct pdf_style head = { 0, 7.5, 1.15, PDF_TEXT, PDF_CENTER, 0, 0 };
	struct pdf_style st = { 0, pp->fs * 0.9, 1.25, PDF_TEXT, PDF_LEFT, 0, 0 };
	struct pdf_style nb = { 1, pp->fs * 0.9, 1.25, PDF_TEXT, PDF_LEFT, 0, 0 };
	double box = pp->fs * 0.95, indent = pp->fs * 2.2;
	int header_page = -1;

	if (colw > 64)
		colw = 64;
	statw = p->right - pp->codew - p->left - indent - colw * (double)k - 6;
	x0 = p->left + indent + statw + 6;
	for (j = 0; j < k; j++) {
		double h = pdf_text_height(p, &head, choice_label(pp->s, &list->v[j], pp->li), colw - 4);

		if (h > headh)
			headh = h;
	}
	headh += 6;
	pdf_skip(p, pp->fs * 0.5);
	{
		struct pdf_style hint = { 0, pp->fs * 0.85, 1.25, PDF_GREY, PDF_LEFT, 0, pp->fs * 0.3 };

		pdf_need(p, headh + 60);
		pdf_paragraph(p, &hint, T(pp->fr, "Pour chaque phrase, cochez une seule case.",
					  "For each statement, tick one box."));
	}
	for (i = 0; i < n; i++) {
		const struct question *q = items[i];
		const char *lab = L(pp, &q->label);
		double rh = pdf_text_height(p, &st, lab ? lab : q->name, statw) + pp->fs * 0.8;
		char num[16];

		if (rh < box + pp->fs * 0.8)
			rh = box + pp->fs * 0.8;
		if (pdf_room(p) < rh + (header_page != (int)p->npages ? headh : 0))
			pdf_new_page(p);
		if (header_page != (int)p->npages) {
			pdf_rect(p, x0 - 3, p->y - headh, colw * (double)k + 3, headh, 0xe8eef5);
			for (j = 0; j < k; j++)
				pdf_text_box(p, &head, x0 + colw * (double)j + 2, p->y - 3, colw - 4,
					     choice_label(pp->s, &list->v[j], pp->li), 0);
			p->y -= headh;
			header_page = (int)p->npages;
		}
		if (i % 2)
			pdf_rect(p, p->left, p->y - rh, p->right - pp->codew - p->left, rh, 0xf4f4f4);
		snprintf(num, sizeof(num), "%zu.", pp->num[q->index]);
		pdf_text_box(p, &nb, p->left, p->y - pp->fs * 0.4, indent, num, 1);
		pdf_text_box(p, &st, p->left + indent, p->y - pp->fs * 0.4, statw, lab ? lab : q->name, 0);
		for (j = 0; j < k; j++)
			tick_box(p, x0 + colw * ((double)j + 0.5) - box / 2, p->y - (rh - box) / 2, box);
		code_at(pp, p->y - rh / 2 - 2, q->name);
		p->y -= rh;
	}
	pdf_skip(p, pp->fs * 0.5);
}

/*
 * Blank blocks printed for an open repeat: PAPER_REPEAT_BLOCKS, or
 * PAPER_NESTED_BLOCKS in each block of an enclosing repeat, fewer when
 * max_count allows fewer; the page says to add a sheet for more.
 */
#define PAPER_REPEAT_BLOCKS 5
#define PAPER_NESTED_BLOCKS 3

/* repeat_count as a number when it is one (no reference), else -1. */
static long fixed_count(const struct question *q)
{
	struct refs r;
	struct value v;
	struct expr_env env = { one_lookup, NULL, &(struct one_env){ "", "" }, NULL, "2000-01-01",
				NULL, NULL, NULL, NULL };
	double x;

	if (!q->repeat_count)
		return -1;
	only_ref(q->repeat_count, &r);
	if (r.n || expr_eval(q->repeat_count, &env, &v) < 0)
		return -1;
	x = value_to_number(&v);
	value_release(&v);
	return x >= 0 && x <= q->max_count && x == floor(x) ? (long)x : -1;
}

static void draw_items(struct paper *pp, struct question *const *items, size_t n, int depth);

/*
 * A repeat: its title, a sentence that says how many blocks to fill, then
 * that many blank blocks, each titled with its number ("Membre 2").
 */
static void draw_repeat(struct paper *pp, const struct question *q, int depth)
{
	struct pdf *p = pp->p;
	struct pdf_style say = { 1, pp->fs * 0.9, 1.3, PDF_ACCENT, PDF_LEFT, 0, pp->fs * 0.4 };
	const char *label = L(pp, &q->label), *name = label ? label : q->name;
	long fixed = fixed_count(q);
	size_t nb, k;
	struct strbuf sb = STRBUF_INIT;
	struct refs r;
	const char *ref = q->repeat_count ? only_ref(q->repeat_count, &r) : NULL;
	const struct question *rq = ref ? survey_find(pp->s, ref) : NULL;

	pdf_heading(p, depth == 0 ? 1 : 2, name, pp->fs * 8);
	if (condition_line(pp, q, &sb))
		pdf_paragraph(p, &say, sb.buf);
	strbuf_reset(&sb);
	if (fixed >= 0) {
		nb = (size_t)fixed;
		strbuf_addf(&sb, T(pp->fr, "Remplissez les %zu blocs ci-dessous, un par « %s ».",
				   "Fill in the %zu blocks below, one per “%s”."), nb, name);
	} else {
		nb = q->depth ? PAPER_NESTED_BLOCKS : PAPER_REPEAT_BLOCKS;
		if (nb > q->max_count)
			nb = q->max_count;
		if (rq && !rq->repeat)
			strbuf_addf(&sb, T(pp->fr, "Remplissez un bloc par « %s », autant que votre réponse à la question %zu l'indique ; ",
					   "Fill in one block per “%s”, as many as your answer to question %zu says; "),
				    name, pp->num[rq->index]);
		else
			strbuf_addf(&sb, T(pp->fr, "Remplissez un bloc par « %s » ; ",
					   "Fill in one block per “%s”; "), name);
		if (nb < q->max_count)
			strbuf_addf(&sb, T(pp->fr, "%zu blocs ci-dessous, ajoutez une feuille si besoin (%u au plus).",
					   "%zu blocks below, add a sheet if you need more (%u at most)."),
				    nb, q->max_count);
		else
			strbuf_addf(&sb, T(pp->fr, "%zu bloc%s ci-dessous, %u au plus.",
					   "%zu block%s below, %u at most."), nb, nb > 1 ? "s" : "", q->max_count);
	}
	pdf_paragraph(p, &say, sb.buf);
	for (k = 0; k < nb; k++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %zu", name, k + 1);
		pdf_need(p, pp->fs * 10);
		pdf_skip(p, pp->fs * 0.4);
		pdf_line(p, p->left, p->y, p->right - pp->codew, p->y, 0x909090, 1.2);
		pdf_heading(p, depth == 0 ? 2 : 3, sb.buf, pp->fs * 8);
		draw_items(pp, q->children, q->nchildren, depth + 1);
	}
	strbuf_release(&sb);
}

static void draw_items(struct paper *pp, struct question *const *items, size_t n, int depth)
{
	struct pdf *p = pp->p;
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	while (i < n) {
		const struct question *q = items[i];

		if (q->type == Q_GROUP) {
			const char *label = L(pp, &q->label);

			break_if_asked(pp, q);
			if (label) {
				pdf_heading(p, depth == 0 ? 1 : 2, label, pp->fs * 8);
				if (!pp->group_open)
					pp->group_open = q;
			}
			if (condition_line(pp, q, &sb)) {
				struct pdf_style cond = { 1, pp->fs * 0.9, 1.3, PDF_ACCENT, PDF_LEFT, 0, pp->fs * 0.4 };

				pdf_paragraph(p, &cond, sb.buf);
			}
			draw_items(pp, q->children, q->nchildren, depth + 1);
			i++;
			continue;
		}
		if (q->type == Q_CALCULATE) {
			i++;
			continue;
		}
		if (q->type == Q_REPEAT) {
			draw_repeat(pp, q, depth);
			i++;
			continue;
		}
		if (grid_item(pp, q, NULL)) {
			size_t j = i + 1;

			while (j < n && grid_item(pp, items[j], q->list))
				j++;
			if (j - i >= 2) {
				break_if_asked(pp, q);
				mark_start(pp, q);
				draw_grid(pp, items + i, j - i);
				i = j;
				continue;
			}
		}
		draw_question(pp, q);
		i++;
	}
	strbuf_release(&sb);
}

/* The opening: title, how to answer, the respondent's number. */
static void opening(struct paper *pp)
{
	struct pdf *p = pp->p;
	const char *title = L(pp, &pp->s->title);
	struct pdf_style body = { 0, pp->fs, 1.35, PDF_TEXT, PDF_LEFT, 0, pp->fs * 0.4 };
	struct pdf_style lab = { 0, 8, 1.2, PDF_GREY, PDF_RIGHT, 0, 0 };
	double box = 14, x;

	pdf_new_page(p);
	/* The respondent's number, top right. */
	x = p->right - 6 * box;
	pdf_text_at(p, &lab, x - 6, p->y - 10, T(pp->fr, "N° de questionnaire", "Questionnaire no."));
	digit_boxes(p, x, p->y, 6, box);
	pdf_skip(p, 26);
	pdf_heading(p, 0, title ? title : pp->s->form_id, 60);
	pdf_paragraph(p, &body, T(pp->fr, "Pour répondre, cochez la case de votre réponse, comme ceci :",
				  "To answer, tick the box of your answer, like this:"));
	{
		double bs = pp->fs * 1.05, bx = p->left + pp->fs * 2.2;

		pdf_need(p, bs + 8);
		pdf_frame(p, bx, p->y - bs, bs, bs, PDF_BLACK, 0.9);
		pdf_line(p, bx + 2, p->y - bs + 2, bx + bs - 2, p->y - 2, PDF_BLACK, 1.2);
		pdf_line(p, bx + 2, p->y - 2, bx + bs - 2, p->y - bs + 2, PDF_BLACK, 1.2);
		p->y -= bs + pp->fs * 0.6;
	}
	pdf_paragraph(p, &body, T(pp->fr, "Quand une flèche → vous l'indique, passez directement à la question donnée. Écrivez lisiblement dans les cadres et sur les lignes. Vous pouvez vous faire aider pour lire ou écrire.",
				  "When an arrow → tells you to, go straight to the question given. Write clearly in the boxes and on the lines. You may ask someone to help you read or write."));
	pdf_skip(p, pp->fs * 0.5);
}

/* The survey's own closing words: its last item is a note of thanks ("Merci…", "Thank you…"). */
static int ends_with_thanks(struct paper *pp, struct question *const *items, size_t n)
{
	const struct question *q;
	const char *t;

	while (n && (items[n - 1]->type == Q_CALCULATE || (items[n - 1]->type == Q_GROUP && !items[n - 1]->nchildren)))
		n--;
	if (!n)
		return 0;
	q = items[n - 1];
	if (q->type == Q_GROUP)
		return ends_with_thanks(pp, q->children, q->nchildren);
	if (q->type != Q_NOTE || !(t = label_get(pp->s, &q->label, pp->li)))
		return 0;
	return !strncasecmp(t, "merci", 5) || !strncasecmp(t, "thank", 5);
}

/* One pass over the survey into a new document pp->p.  0, or -1 with err (pp->p NULL). */
static int render(struct paper *pp, const struct pdf_opts *po, const char *foot, struct error *err)
{
	size_t i;

	pp->group_open = NULL;
	pp->start[0] = pp->start[1] = NULL;
	pp->start_page[0] = pp->start_page[1] = 0;
	pp->thanks_page = 0;
	if (pdf_open(&pp->p, po, err) < 0)
		return -1;
	if (pdf_set_footer(pp->p, foot) < 0) {
		pdf_free(pp->p);
		pp->p = NULL;
		return error_set(err, "out of memory");
	}
	opening(pp);
	draw_items(pp, pp->s->top, pp->s->ntop, 0);
	/* Thanks once: the survey's own words when it ends with them. */
	if (!ends_with_thanks(pp, pp->s->top, pp->s->ntop)) {
		struct pdf_style end = { 1, pp->fs, 1.3, PDF_ACCENT, PDF_CENTER, 0, 0 };

		pdf_skip(pp->p, pp->fs);
		pdf_need(pp->p, pp->fs * 3);
		pdf_paragraph(pp->p, &end, T(pp->fr, "Merci de votre participation.", "Thank you for taking part."));
		pp->thanks_page = pp->p->npages;
	}
	/* A reminder of the respondent's number at the top of every page after the first. */
	for (i = 1; i < pp->p->npages; i++) {
		struct pdf_style lab = { 0, 7.5, 1.2, PDF_GREY, PDF_RIGHT, 0, 0 };
		HPDF_Page saved = pp->p->page;

		pp->p->page = pp->p->pages[i];
		pdf_text_at(pp->p, &lab, pp->p->right, pp->p->top + 16,
			    T(pp->fr, "N° de questionnaire : ______", "Questionnaire no.: ______"));
		pp->p->page = saved;
	}
	return 0;
}

int paper_write(const struct survey *s, const char *path, const struct paper_options *o,
		struct error *err)
{
	struct pdf_opts po = { 0 };
	struct paper pp;
	struct strbuf foot = STRBUF_INIT;
	int li = survey_lang(s, o->lang), rc;
	size_t i;

	memset(&pp, 0, sizeof(pp));
	pp.s = s;
	pp.li = li < 0 ? s->default_lang : (size_t)li;
	pp.fr = fmt_is_fr(s->languages[pp.li]);
	pp.large = o->large;
	pp.codes = o->codes;
	pp.fs = o->large ? 15 : 11;
	pp.codew = o->codes ? 64 : 0;
	for (i = 0; i < 4; i++)
		pp.piped[i] = (struct strbuf)STRBUF_INIT;
	pp.num = calloc(s->nq + 1, sizeof(size_t));
	if (!pp.num)
		return error_set(err, "out of memory");
	paper_number(s, pp.num);
	po.title = label_get(s, &s->title, pp.li);
	if (!po.title)
		po.title = s->form_id;
	po.lang = pp.fr ? "fr-FR" : "en-GB";
	po.font_dir = o->font_dir;
	po.when = o->when;
	po.margin = 50;
	strbuf_addf(&foot, "%s v%d", s->form_id, s->version);
	if (o->sha256)
		strbuf_addf(&foot, " (SHA-256 %.12s…)", o->sha256);
	if (pp.codes)
		strbuf_addstr(&foot, T(pp.fr, " · saisie : colonnes aux noms gris, numéro de questionnaire dans _id",
				       " · data entry: columns named in grey, questionnaire number in _id"));
	strbuf_addstr(&foot, " · utilis " UTILIS_VERSION);
	rc = render(&pp, &po, foot.buf, err);
	/*
	 * The thanks alone on the last page, or the last question alone
	 * there: draw again, the page broken before the last question but
	 * one (before its group's heading when it opens the group), so that
	 * the last page holds two questions and the thanks.
	 */
	if (rc == 0 && pp.p->npages > 1 && pp.start[1] &&
	    (pp.thanks_page > pp.start_page[1] ||
	     (pp.start_page[1] == pp.p->npages && pp.start_page[0] < pp.start_page[1])))
		pp.break_before = pp.start[0] ? pp.start[0] : pp.start[1];
	if (pp.break_before) {
		pdf_free(pp.p);
		pp.p = NULL;
		rc = render(&pp, &po, foot.buf, err);
	}
	strbuf_release(&foot);
	if (rc < 0) {
		free(pp.num);
		for (i = 0; i < 4; i++)
			strbuf_release(&pp.piped[i]);
		return -1;
	}
	rc = pdf_save(pp.p, path, AFILE_PUBLIC, err);
	pdf_free(pp.p);
	free(pp.num);
	for (i = 0; i < 4; i++)
		strbuf_release(&pp.piped[i]);
	return rc;
}
