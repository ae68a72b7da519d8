/*
 * Fuzz target: the expression language (survey/expr.c), parsed as a
 * `relevant` or `constraint` (first byte even) or as a choice filter (odd),
 * then inspected (references, '.', bounds) and evaluated three ways on a
 * fixed set of answers: numbers, a date, a multiple choice, text, an
 * unanswered question, and '.'.
 */
#include "fuzz.h"

#include <stdio.h>

#include "survey/expr.h"

static const char *const names[] = { "n", "x", "d", "m", "t", "e", "big", "neg", NULL };
static const char *const values[] = {
	"3", "2.5", "2024-02-29", "repas logement autre", "Bonjour l'été", "",
	"1e308", "-17", NULL,
};

static const char *lookup(void *ctx, const char *name)
{
	size_t i;

	(void)ctx;
	for (i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return values[i];
	return NULL;
}

static const char *attr(void *ctx, const char *name)
{
	(void)ctx;
	if (!strcmp(name, "name"))
		return "repas";
	if (!strcmp(name, "region"))
		return "nord";
	return NULL;
}

static int count_ref(void *ctx, const char *name, int col)
{
	(void)name;
	if (col < 1)
		abort();
	++*(int *)ctx;
	return 0;
}

/* A repeated question with three instances: '3', unanswered, 'x'. */
static int each(void *ctx, const char *name, int (*fn)(void *arg, const char *value), void *arg)
{
	int rc;

	(void)ctx;
	(void)name;
	if ((rc = fn(arg, "3")) != 0 || (rc = fn(arg, NULL)) != 0)
		return rc;
	return fn(arg, "x");
}

static double position(void *ctx)
{
	(void)ctx;
	return 2;
}

static const char *indexed(void *ctx, const char *name, const char *const *repeats,
			   const double *at, int n)
{
	(void)ctx;
	(void)name;
	return n > 0 && repeats[0] && at[0] == 1 ? "7" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum expr_context ctx;
	struct expr_error err;
	struct expr *e = NULL;
	char *src;

	if (size < 1)
		return 0;
	ctx = (data[0] & 1) ? EXPR_CHOICE_FILTER : EXPR_DEFAULT;
	src = fuzz_text(data + 1, size - 1);
	if (expr_parse(&e, src, ctx, &err) == 0) {
		struct expr_env env = { lookup, attr, NULL, "5", "2026-01-15", NULL, each, position,
					indexed };
		struct value v;
		double lo = 0, hi = 0;
		int nref = 0;
		char *s;

		expr_foreach_ref(e, count_ref, &nref);
		expr_foreach_attr(e, count_ref, &nref);
		(void)expr_uses_dot(e);
		(void)expr_bounds(e, &lo, &hi);
		if (expr_eval(e, &env, &v) == 0) {
			char *str = value_to_string(&v);

			(void)value_to_number(&v);
			(void)value_to_bool(&v);
			free(str);
			value_release(&v);
		}
		(void)expr_eval_bool(e, &env);
		env.dot = NULL;
		s = expr_eval_string(e, &env);
		if (s) {
			char buf[32];

			expr_format_number(expr_text_to_number(s), buf);
			free(s);
		}
		expr_free(e);
	} else if (e) {
		abort(); /* the contract: *out NULL on error */
	}
	free(src);
	return 0;
}
