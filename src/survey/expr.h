/*
 * expr: XLSForm's expression language (the XPath subset KoboToolbox and ODK
 * users write in `relevant`, `constraint`, `required`, `calculation` and
 * `choice_filter`).  An expression is parsed once into a tree, checked, and
 * evaluated many times against a set of answers.
 *
 * Grammar, lowest precedence first:
 *   or  and  (= !=)  (< <= > >=)  (+ -)  (* div mod)  unary -  primary
 *   primary: number | 'string' | "string" | ${name} | . | name(args) | (expr)
 *            | bare name (only in choice filters: a column of the choice list)
 *
 * Values follow XPath 1.0 as ODK applies it: every answer is text, and an
 * unanswered question is the empty string ''.  Conversions:
 *   to number:  '' and non-numeric text give NaN ("no value"); a date
 *               'YYYY-MM-DD' gives days since 1970-01-01; true 1, false 0.
 *   to boolean: a number is true when non-zero and not NaN; text when
 *               non-empty ('false' is true, as in XPath).
 *   to string:  integral numbers print without a decimal point, others in
 *               the shortest form that reads back exactly; NaN prints ''.
 * Text reads as a number when it is a decimal number, with optional sign,
 * exponent and surrounding blanks (" 7 ", "-1.5", "1e+15": the exponent
 * lets a printed number read back); "inf", "nan" and hex are not numbers.
 * Operators:
 *   arithmetic gives NaN when an operand is NaN, so anything computed from
 *   an unanswered question is itself unanswered; division or mod by zero
 *   gives NaN too (XPath would give Infinity: a stored Infinity helps nobody),
 *   and so does a result too large for a double.
 *   = and != compare as booleans if either side is boolean, else as numbers
 *   if either side is a number, else as strings; so ${q} = '' is true
 *   exactly when q is unanswered, and ${n} = 3 is false when n is.
 *   < <= > >= compare numbers; with a NaN operand they are false.
 * Functions: selected(s, 'choice'), count-selected(s), string-length(s),
 *   if(c, a, b), not(x), today(), regex(s, 'pattern') (POSIX extended, the
 *   whole string must match), concat(...), coalesce(a, b), number(x),
 *   string(x), int(x), round(x[, digits]), true(), false(), contains(s, t),
 *   starts-with(s, t), ends-with(s, t); numbers: sqrt, exp, exp10, log,
 *   log10, abs, sin, cos, tan, asin, acos, atan, floor, ceiling (one
 *   argument), pow(x, y), atan2(y, x), pi(), min(...), max(...) (NaN out
 *   of an unanswered argument or outside the domain); texts:
 *   normalize-space(s), substr(s, start[, end]) (0-based characters),
 *   substring-before(s, t), substring-after(s, t), translate(s, from, to),
 *   join(sep, a, b, ...) (the answered ones), selected-at(s, i),
 *   boolean-from-string(s), uuid() (a random version 4 UUID, new at each
 *   evaluation), once(x) (gives x).
 *   Repeats: count(${r}) (instances, or values of a repeated question),
 *   sum(${q}), min(${q}) and max(${q}) alone, join(sep, ${q}) over every
 *   value of a repeated question (NaN out of an unanswered one, as XPath;
 *   min/max of none is NaN, sum of none 0); position(..) (the number of
 *   the current instance); indexed-repeat(${q}, ${r}, i, ...).
 *   regex() accepts ODK's \d \s \w (and \D \S \W), which it rewrites into
 *   bracket expressions; a literal pattern is checked at parse time, a
 *   computed one that is invalid makes regex() false.  round() rounds
 *   halves away from zero on the decimal form of x (round(2.675, 2) is
 *   2.68, round(-2.5) is -3, where XPath says -2).  concat() takes any
 *   number of arguments.
 * Sizes: no text value is longer than EXPR_MAX_TEXT bytes.  concat() is
 *   the only function that makes a text longer than its arguments; one
 *   whose result would be longer gives NaN ("no value") instead, at once,
 *   without evaluating its remaining arguments, and counts it in
 *   env->too_long.  So a calculation that doubles a text through a chain
 *   of calculations stops at the limit, in time and memory, rather than
 *   growing without bound.  expr_length() bounds the length beforehand.
 */
#ifndef UTILIS_EXPR_H
#define UTILIS_EXPR_H

#include <stddef.h>

/*
 * Longest text value, in bytes: an answer's limit (SURVEY_MAX_ANSWER, what
 * an XLSX cell and an SPSS string hold), since a calculation's value is
 * stored as an answer.
 */
#define EXPR_MAX_TEXT 32767u

struct expr;

/* Where an expression appears: decides whether bare names are allowed. */
enum expr_context {
	EXPR_DEFAULT,		/* relevant, constraint, required, calculation */
	EXPR_CHOICE_FILTER,	/* choice_filter: bare names are choice columns */
};

struct expr_error {
	int col;		/* 1-based column in characters inside the expression */
	char msg[256];		/* lowercase, no trailing newline */
};

/*
 * Parse src.  On success returns 0 and stores a tree in *out, which the
 * caller frees with expr_free().  On a syntax error (unexpected character,
 * unbalanced parenthesis, unknown function, wrong number of arguments, an
 * invalid literal regex, a bare name outside a choice filter, an empty
 * expression, nesting deeper than 200 parentheses, calls or unary minus)
 * returns -1, fills err (when not NULL) and leaves *out NULL.  Running out
 * of memory also returns -1, with column 0 and "out of memory".
 */
int expr_parse(struct expr **out, const char *src, enum expr_context ctx,
	       struct expr_error *err);
void expr_free(struct expr *e);

/*
 * Call fn for every ${name} in e, in source order, with the 1-based column
 * (characters) of its '$'.  Stops and returns fn's value if non-zero.
 */
int expr_foreach_ref(const struct expr *e,
		     int (*fn)(void *ctx, const char *name, int col), void *ctx);
/*
 * How an expression uses a ${reference}: for one value, or for every value
 * of a repeated question (docs/expressions.md, "Repeats").
 */
enum expr_ref_role {
	EXPR_REF_VALUE,		/* one value: the answer in the current context */
	EXPR_REF_NODESET,	/* every value: the argument of count(), sum(), min() or
				   max() alone, join()'s second of two */
	EXPR_REF_INDEXED,	/* indexed-repeat()'s first argument */
	EXPR_REF_REPEAT,	/* a repeat argument of indexed-repeat() */
};
/* Like expr_foreach_ref(), saying how each reference is used. */
int expr_foreach_ref_role(const struct expr *e,
			  int (*fn)(void *ctx, const char *name, int col, enum expr_ref_role role),
			  void *ctx);
/* The column of the first position() call in e, or 0 when there is none. */
int expr_uses_position(const struct expr *e);
/* Likewise for bare names (choice filter columns). */
int expr_foreach_attr(const struct expr *e,
		      int (*fn)(void *ctx, const char *name, int col), void *ctx);
/* 1 when e uses '.', else 0. */
int expr_uses_dot(const struct expr *e);

/*
 * Bounds on '.' implied by a constraint made of comparisons of '.' with
 * number literals joined by `and` (". >= 1 and . <= 5", "5 >= .", ...).
 * Sets *min / *max to the bound found, or leaves them untouched when the
 * constraint does not bound that side.  Returns 1 when both sides are
 * bounded, else 0.
 * A strict comparison counts as its limit (". > 0" gives *min 0): the caller
 * that wants an integer scale checks that the bounds are integral.  Other
 * conjuncts (". != 3", "regex(., ...)") are skipped, since they can only
 * narrow the range; the tightest bound wins when there are several; a
 * constraint whose top level is not `and` of comparisons (an `or`, say)
 * bounds nothing unless it is a single comparison.
 */
int expr_bounds(const struct expr *e, double *min, double *max);

/*
 * An upper bound on the length of the text an expression evaluates to,
 * before the run-time limit: fixed bytes plus, for each question whose
 * answer it may copy, how many copies.  A value bounded by
 * fixed + sum(copies x length of the answer) tells apart a calculation
 * that joins answers (each once) from one that repeats them, which grows
 * without bound through a chain of calculations.
 */
struct expr_copies {
	size_t q;			/* the question (its index in the survey) */
	double n;			/* copies of its answer, at most */
};

struct expr_length {
	double fixed;			/* bytes that depend on no answer */
	struct expr_copies *v;		/* by increasing q */
	size_t n, alloc;		/* used / allocated */
};

#define EXPR_LENGTH_INIT { 0, NULL, 0, 0 }
/* Largest figure expr_length() gives: beyond it, lengths are "huge". */
#define EXPR_LENGTH_HUGE 1e18

/*
 * Bound the length of e's value into *out (empty: EXPR_LENGTH_INIT; the
 * caller releases it).  ref(ctx, name, out) bounds the value of ${name}
 * into an empty *out: one copy of an answer, or a calculation's own bound;
 * non-zero from it is returned as is.  Rules: concat() adds its arguments'
 * bounds, if() and coalesce() take the larger of the two values, string()
 * passes its argument's; a literal counts its length, any other number 24
 * bytes, a boolean 5 ("false"), today() 10, '.' and a choice column
 * EXPR_MAX_TEXT.  Figures stop at EXPR_LENGTH_HUGE.  Returns 0, or -1 when
 * memory runs out.
 */
int expr_length(const struct expr *e,
		int (*ref)(void *ctx, const char *name, struct expr_length *out), void *ctx,
		struct expr_length *out);
/* Add b to a (a text made of both); 0 or -1 when memory runs out. */
int expr_length_add(struct expr_length *a, const struct expr_length *b);
void expr_length_release(struct expr_length *l);

/* The answers an expression is evaluated against. */
struct expr_env {
	/* Text of the answer to question name; NULL or "" when unanswered. */
	const char *(*lookup)(void *ctx, const char *name);
	/* Value of a choice column for a choice filter; NULL when absent. */
	const char *(*attr)(void *ctx, const char *name);
	void *ctx;		/* passed to lookup and attr */
	const char *dot;	/* value of '.', NULL when unanswered */
	const char *today;	/* 'YYYY-MM-DD' for today(), NULL: the system's local date */
	unsigned *too_long;	/* when not NULL: incremented for each concat() that
				   would have been longer than EXPR_MAX_TEXT */
	/*
	 * Repeats; NULL when the answers have none (a ${reference} is then
	 * one value, count() of it 1, position(..) NaN).  each calls
	 * fn(arg, value) for every value of ${name} in the nodeset it
	 * designates from the context, in instance order (value NULL when
	 * unanswered or not relevant; a repeat gives one call per instance)
	 * and returns 0, or -1 when fn does or memory runs out.  position
	 * gives the 1-based number of the current instance of the innermost
	 * repeat, NaN outside one.  indexed gives the value of ${name} at the
	 * 1-based positions at[k] of the repeats named repeats[k] (the other
	 * enclosing repeats as in the context), NULL when there is none.
	 */
	int (*each)(void *ctx, const char *name, int (*fn)(void *arg, const char *value),
		    void *arg);
	double (*position)(void *ctx);
	const char *(*indexed)(void *ctx, const char *name, const char *const *repeats,
			       const double *at, int n);
};

enum value_type { VAL_NUMBER, VAL_STRING, VAL_BOOL };

struct value {
	enum value_type type;	/* which member is meaningful */
	double num;		/* VAL_NUMBER; NaN is "no value" */
	int boolean;		/* VAL_BOOL: 0 or 1 */
	char *str;		/* VAL_STRING: malloc'd, owned by the value */
};

/*
 * Evaluate e.  Returns 0 and fills *out (release it with value_release()),
 * or -1 only when memory runs out.
 */
int expr_eval(const struct expr *e, const struct expr_env *env, struct value *out);
/* Evaluate and convert to boolean: 1 or 0, or -1 when memory runs out. */
int expr_eval_bool(const struct expr *e, const struct expr_env *env);
/*
 * Evaluate and convert to text, the form a calculate field stores: a
 * malloc'd string ("" for NaN), or NULL when memory runs out.
 */
char *expr_eval_string(const struct expr *e, const struct expr_env *env);

void value_release(struct value *v);
/* Conversions as described above.  value_to_string returns malloc'd text or NULL. */
double value_to_number(const struct value *v);
int value_to_bool(const struct value *v);
char *value_to_string(const struct value *v);
/* XPath number() of a text: NaN when empty or not a number; dates as days. */
double expr_text_to_number(const char *s);
/* Format a number as the language does (see above) into buf; NaN and
 * infinities give "". */
void expr_format_number(double d, char buf[32]);

#endif
