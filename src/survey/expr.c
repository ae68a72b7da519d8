/*
 * expr: the XLSForm expression language.  A hand-written lexer feeds a
 * recursive-descent parser that builds a tree in an arena (one allocation
 * to free, whatever the error path); the evaluator walks that tree against
 * a struct expr_env.  Chains of one precedence level ("a or b or c",
 * "1 + 2 - 3") are single n-ary nodes evaluated in a loop, so only real
 * nesting (parentheses, function arguments, unary minus) makes the tree
 * deep, and that nesting is capped so that hostile input cannot exhaust
 * the stack.  Literal regular-expression patterns are compiled once, at
 * parse time; every other piece of work happens at evaluation.  Numbers
 * are read and printed with '.' whatever the C locale says.
 */
#include "survey/expr.h"

#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/frtime.h"
#include "util/strbuf.h"
#include "util/i18n.h"

/* Deepest nesting of parentheses, calls and unary minus the parser accepts. */
#define EXPR_MAX_DEPTH 200

enum node_kind {
	N_NUM,		/* number literal */
	N_STR,		/* string literal */
	N_REF,		/* ${name} */
	N_DOT,		/* . */
	N_ATTR,		/* bare name: a choice column in a choice filter */
	N_NEG,		/* unary minus of kid[0] */
	N_CHAIN,	/* kid[0] op[0] kid[1] op[1] ... of one precedence level */
	N_AND,		/* kid[0] and kid[1] and ... */
	N_OR,		/* kid[0] or kid[1] or ... */
	N_CALL,		/* function fn applied to kid[0..nkid) */
	N_PARENT,	/* .. : only as position()'s argument */
};

/* Binary operators of N_CHAIN. */
enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD };

enum fn_id {
	F_SELECTED, F_COUNT_SELECTED, F_STRING_LENGTH, F_IF, F_NOT, F_TODAY,
	F_REGEX, F_CONCAT, F_COALESCE, F_NUMBER, F_STRING, F_INT, F_ROUND,
	F_TRUE, F_FALSE, F_CONTAINS, F_STARTS_WITH,
	/* the other functions XLSForm documents that a form without repeats can use */
	F_ENDS_WITH, F_MATH1, F_POW, F_ATAN2, F_PI, F_MINMAX, F_NORMALIZE, F_SUBSTR,
	F_SUBSTRING_BEFORE, F_SUBSTRING_AFTER, F_TRANSLATE, F_UUID, F_JOIN, F_BOOLEAN_FROM_STRING,
	F_SELECTED_AT, F_ONCE,
	/* over repeats */
	F_COUNT, F_SUM, F_POSITION, F_INDEXED_REPEAT,
};

/* How a function takes a ${reference} as an argument (arg_role()). */
enum fn_args {
	ARGS_VALUES,	/* every argument: its value */
	ARGS_NODESET,	/* count(), sum(): every instance of a question in repeats */
	ARGS_MINMAX,	/* min(), max(): one argument, a nodeset; several: values */
	ARGS_JOIN,	/* join(sep, ${q}): the second a nodeset; more: values */
	ARGS_INDEXED,	/* indexed-repeat(): the answer, then repeat and index pairs */
};

/* The longest text a call can give (length_of()). */
enum fn_len {
	LEN_BOOL,	/* true or false */
	LEN_NUMBER,	/* a number */
	LEN_DATE,	/* YYYY-MM-DD */
	LEN_UUID,	/* a UUID */
	LEN_FIRST,	/* a part of the first argument, or all of it */
	LEN_ARGS,	/* concat: all arguments; if: either branch; coalesce: either */
	LEN_JOIN,	/* the texts, and the separator between each two */
	LEN_TRANSLATE,	/* the first argument, a character becoming up to 4 bytes */
};

struct node;
typedef int fn_eval(const struct node *n, const struct expr_env *env, struct value *out);
static fn_eval eval_aggregate, fn_position, eval_indexed, eval_two_texts, fn_math, fn_text, eval_text_fn, fn_once, fn_count_length, fn_if, fn_not, fn_today, fn_regex, fn_concat, fn_coalesce, fn_number, fn_string, fn_round, fn_bool;

/* 10^a, for exp10() (glibc's exp10() is a GNU extension). */
static double exp10_of(double a)
{
	return pow(10, a);
}

/* A function of one number, such as sqrt(): its name and the C function. */
#define MATH1(name, f) { name, F_MATH1, 1, 1, ARGS_VALUES, LEN_NUMBER, fn_math, f }

/*
 * The functions, one row each: a new function is a row here and its
 * implementation (and an fn_id when the parser must know it).
 */
static const struct func {
	const char *name;	/* as written in expressions */
	enum fn_id id;		/* which function, for the few places that single one out */
	int min_args;		/* fewest arguments */
	int max_args;		/* most arguments, -1 for any number */
	enum fn_args args;	/* how it takes a ${reference} */
	enum fn_len len;	/* the longest text it gives */
	fn_eval *eval;		/* its implementation */
	double (*math1)(double);	/* F_MATH1: what fn_math() computes */
} funcs[] = {
	{ "selected", F_SELECTED, 2, 2, ARGS_VALUES, LEN_BOOL, eval_two_texts, NULL },
	{ "count-selected", F_COUNT_SELECTED, 1, 1, ARGS_VALUES, LEN_NUMBER, fn_count_length, NULL },
	{ "string-length", F_STRING_LENGTH, 1, 1, ARGS_VALUES, LEN_NUMBER, fn_count_length, NULL },
	{ "if", F_IF, 3, 3, ARGS_VALUES, LEN_ARGS, fn_if, NULL },
	{ "not", F_NOT, 1, 1, ARGS_VALUES, LEN_BOOL, fn_not, NULL },
	{ "today", F_TODAY, 0, 0, ARGS_VALUES, LEN_DATE, fn_today, NULL },
	{ "regex", F_REGEX, 2, 2, ARGS_VALUES, LEN_BOOL, fn_regex, NULL },
	{ "concat", F_CONCAT, 0, -1, ARGS_VALUES, LEN_ARGS, fn_concat, NULL },
	{ "coalesce", F_COALESCE, 2, 2, ARGS_VALUES, LEN_ARGS, fn_coalesce, NULL },
	{ "number", F_NUMBER, 1, 1, ARGS_VALUES, LEN_NUMBER, fn_number, NULL },
	{ "string", F_STRING, 1, 1, ARGS_VALUES, LEN_FIRST, fn_string, NULL },
	{ "int", F_INT, 1, 1, ARGS_VALUES, LEN_NUMBER, fn_number, NULL },
	{ "round", F_ROUND, 1, 2, ARGS_VALUES, LEN_NUMBER, fn_round, NULL },
	{ "true", F_TRUE, 0, 0, ARGS_VALUES, LEN_BOOL, fn_bool, NULL },
	{ "false", F_FALSE, 0, 0, ARGS_VALUES, LEN_BOOL, fn_bool, NULL },
	{ "contains", F_CONTAINS, 2, 2, ARGS_VALUES, LEN_BOOL, eval_two_texts, NULL },
	{ "starts-with", F_STARTS_WITH, 2, 2, ARGS_VALUES, LEN_BOOL, eval_two_texts, NULL },
	{ "ends-with", F_ENDS_WITH, 2, 2, ARGS_VALUES, LEN_BOOL, eval_two_texts, NULL },
	MATH1("sqrt", sqrt),
	MATH1("exp", exp),
	MATH1("exp10", exp10_of),
	MATH1("log", log),
	MATH1("log10", log10),
	MATH1("abs", fabs),
	MATH1("sin", sin),
	MATH1("cos", cos),
	MATH1("tan", tan),
	MATH1("asin", asin),
	MATH1("acos", acos),
	MATH1("atan", atan),
	MATH1("floor", floor),
	MATH1("ceiling", ceil),
	{ "pow", F_POW, 2, 2, ARGS_VALUES, LEN_NUMBER, fn_math, NULL },
	{ "atan2", F_ATAN2, 2, 2, ARGS_VALUES, LEN_NUMBER, fn_math, NULL },
	{ "pi", F_PI, 0, 0, ARGS_VALUES, LEN_NUMBER, fn_math, NULL },
	{ "min", F_MINMAX, 1, -1, ARGS_MINMAX, LEN_NUMBER, fn_math, NULL },
	{ "max", F_MINMAX, 1, -1, ARGS_MINMAX, LEN_NUMBER, fn_math, NULL },
	{ "normalize-space", F_NORMALIZE, 1, 1, ARGS_VALUES, LEN_FIRST, fn_text, NULL },
	{ "substr", F_SUBSTR, 2, 3, ARGS_VALUES, LEN_FIRST, fn_text, NULL },
	{ "substring-before", F_SUBSTRING_BEFORE, 2, 2, ARGS_VALUES, LEN_FIRST, fn_text, NULL },
	{ "substring-after", F_SUBSTRING_AFTER, 2, 2, ARGS_VALUES, LEN_FIRST, fn_text, NULL },
	{ "translate", F_TRANSLATE, 3, 3, ARGS_VALUES, LEN_TRANSLATE, fn_text, NULL },
	{ "uuid", F_UUID, 0, 0, ARGS_VALUES, LEN_UUID, fn_text, NULL },
	{ "join", F_JOIN, 2, -1, ARGS_JOIN, LEN_JOIN, fn_text, NULL },
	{ "boolean-from-string", F_BOOLEAN_FROM_STRING, 1, 1, ARGS_VALUES, LEN_BOOL, eval_text_fn, NULL },
	{ "selected-at", F_SELECTED_AT, 2, 2, ARGS_VALUES, LEN_FIRST, eval_text_fn, NULL },
	{ "once", F_ONCE, 1, 1, ARGS_VALUES, LEN_FIRST, fn_once, NULL },
	{ "count", F_COUNT, 1, 1, ARGS_NODESET, LEN_NUMBER, eval_aggregate, NULL },
	{ "sum", F_SUM, 1, 1, ARGS_NODESET, LEN_NUMBER, eval_aggregate, NULL },
	{ "position", F_POSITION, 0, 1, ARGS_VALUES, LEN_NUMBER, fn_position, NULL },
	{ "indexed-repeat", F_INDEXED_REPEAT, 1, -1, ARGS_INDEXED, LEN_FIRST, eval_indexed, NULL },
};
#define NFUNCS (sizeof(funcs) / sizeof(funcs[0]))

struct node {
	enum node_kind kind;	/* what the node is */
	int col;		/* 1-based column (characters) where it starts */
	double num;		/* N_NUM: the value */
	const char *str;	/* N_STR: text; N_REF, N_ATTR: the name */
	const struct func *fn;	/* N_CALL: the function */
	struct node **kid;	/* operands or arguments, in source order */
	unsigned char *op;	/* N_CHAIN: op[i] joins kid[i] and kid[i+1] */
	int nkid;		/* number of kids */
	regex_t *re;		/* N_CALL regex() with a literal pattern, else NULL */
};

/* A compiled literal pattern, kept so that expr_free() can regfree() it. */
struct rx {
	regex_t re;		/* compiled, anchored pattern */
	struct rx *next;	/* previously compiled one */
};

struct expr {
	struct arena arena;	/* every node, array and string of the tree */
	struct node *root;	/* the whole expression */
	struct rx *regexes;	/* compiled literal patterns, newest first */
};

/* ------------------------------------------------------------------ */
/* Numbers and dates                                                   */

/* The decimal point of the current C locale (',' under some setlocale()). */
static char locale_point(void)
{
	const struct lconv *lc = localeconv();

	return lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
}

/*
 * strtod() of the n bytes at s, which the caller has checked to be a plain
 * decimal number with '.' as its point.  NaN when out of memory.
 */
static double decimal_strtod(const char *s, size_t n)
{
	char small[64], *buf = small, *p;
	char point = locale_point();
	double d;

	if (n >= sizeof(small)) {
		buf = malloc(n + 1);
		if (!buf)
			return NAN;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (point != '.' && (p = strchr(buf, '.')))
		*p = point;
	d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return d;
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * When the n bytes at s have the shape YYYY-MM-DD, return 1 and set *days
 * (NaN for an impossible date such as 2023-02-29); else return 0.
 */
static int parse_date(const char *s, size_t n, double *days)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y;
	unsigned m, d, dim;
	size_t i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	*days = NAN;
	if (m < 1 || m > 12)
		return 1;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	if (d < 1 || d > dim)
		return 1;
	*days = (double)frtime_days_from_civil(y, (int)m, (int)d);
	return 1;
}

/*
 * Length of the decimal number at the start of s: [-+]digits[.digits] or
 * [-+].digits, then an optional exponent; 0 when s does not start with one.
 */
static size_t scan_number(const char *s, int allow_exponent)
{
	size_t i = 0, ndig = 0;

	if (s[i] == '-' || s[i] == '+')
		i++;
	while (is_digit((unsigned char)s[i]))
		i++, ndig++;
	if (s[i] == '.') {
		i++;
		while (is_digit((unsigned char)s[i]))
			i++, ndig++;
	}
	if (!ndig)
		return 0;
	if (allow_exponent && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;

		if (s[j] == '-' || s[j] == '+')
			j++;
		if (is_digit((unsigned char)s[j])) {
			while (is_digit((unsigned char)s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

double expr_text_to_number(const char *s)
{
	size_t n, len;
	double d;

	if (!s)
		return NAN;
	while (is_space((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && is_space((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return NAN;
	if (parse_date(s, len, &d))
		return d;
	n = scan_number(s, 1);
	if (n != len)
		return NAN;
	d = decimal_strtod(s, len);
	return isfinite(d) ? d : NAN;
}

void expr_format_number(double d, char buf[32])
{
	char point = locale_point();
	int prec;

	if (!isfinite(d)) {
		buf[0] = '\0';
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		snprintf(buf, 32, "%.0f", d == 0 ? 0.0 : d);
		return;
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, d);
		if (prec == 17 || strtod(buf, NULL) == d)
			break;
	}
	if (point != '.') {
		char *p = strchr(buf, point);

		if (p)
			*p = '.';
	}
}

/*
 * round(x, digits), halves away from zero, done on the shortest decimal
 * form of x so that round(2.675, 2) is 2.68 as the analyst reads it.
 */
static double round_decimal(double x, double fdigits)
{
	char m[40], digits[24], keep[24], num[64];
	int prec, e, k, n = 0, i, ndigits;
	const char *p;

	if (isnan(x) || isnan(fdigits))
		return NAN;
	if (x == 0)
		return x;
	ndigits = fdigits > 400 ? 400 : fdigits < -400 ? -400 : (int)fdigits;
	for (prec = 15; prec <= 17; prec++) {
		snprintf(m, sizeof(m), "%.*e", prec - 1, fabs(x));
		if (prec == 17 || strtod(m, NULL) == fabs(x))
			break;
	}
	/* m is "D.DDDDe[+-]XX", whatever the locale's point: take the digits. */
	for (p = m; *p && *p != 'e'; p++)
		if (is_digit((unsigned char)*p) && n < (int)sizeof(digits) - 1)
			digits[n++] = *p;
	digits[n] = '\0';
	e = *p == 'e' ? atoi(p + 1) : 0;
	/* x = 0.DIGITS * 10^(e+1); keep the first k digits. */
	k = e + 1 + ndigits;
	if (k >= n)
		return x;
	if (k < 0)
		return copysign(0.0, x);
	memcpy(keep, digits, (size_t)k);
	keep[k] = '\0';
	if (digits[k] >= '5') {
		for (i = k - 1; i >= 0 && keep[i] == '9'; i--)
			keep[i] = '0';
		if (i >= 0) {
			keep[i]++;
		} else {
			memmove(keep + 1, keep, (size_t)k + 1);
			keep[0] = '1';
			k++;
			e++;
		}
	} else if (k == 0) {
		return copysign(0.0, x);
	}
	snprintf(num, sizeof(num), "%s%se%d", x < 0 ? "-" : "", keep, e + 1 - k);
	return strtod(num, NULL);
}

/* ------------------------------------------------------------------ */
/* Regular expressions                                                 */

/*
 * Translate an ODK (Java-flavoured) pattern into POSIX ERE, anchored as
 * ^(...)$: \d \s \w and their negations become bracket expressions, since
 * glibc would read \d as a plain 'd'.  Returns 0, or -1 with *why set when
 * a ')' has no '(' (which would otherwise escape the anchoring group), or
 * -2 when out of memory.
 */
static int rx_translate(const char *pat, struct strbuf *out, const char **why)
{
	int depth = 0, rc = 0;
	const char *s = pat;
	char one[2] = { 0, 0 };	/* an escaped character inside brackets */

	rc |= strbuf_addstr(out, "^(");
	while (*s && !rc) {
		if (*s == '\\') {
			const char *cls = NULL;

			switch (s[1]) {
			case 'd': cls = "[0-9]"; break;
			case 'D': cls = "[^0-9]"; break;
			case 's': cls = "[[:space:]]"; break;
			case 'S': cls = "[^[:space:]]"; break;
			case 'w': cls = "[[:alnum:]_]"; break;
			case 'W': cls = "[^[:alnum:]_]"; break;
			case '\0':
				*why = "trailing backslash";
				return -1;
			}
			if (cls)
				rc |= strbuf_addstr(out, cls);
			else
				rc |= strbuf_add(out, s, 2);
			s += 2;
		} else if (*s == '[') {
			int dash = 0;	/* a '-' after \w: Java's literal, POSIX's last */

			rc |= strbuf_addch(out, *s++);
			if (*s == '^')
				rc |= strbuf_addch(out, *s++);
			if (*s == ']')
				rc |= strbuf_addch(out, *s++);
			while (*s && *s != ']' && !rc) {
				if (*s == '[' && (s[1] == ':' || s[1] == '.' || s[1] == '=')) {
					const char *end = strstr(s + 2, (char[]){ s[1], ']', '\0' });

					if (!end)
						break;	/* regcomp() reports it */
					rc |= strbuf_add(out, s, (size_t)(end + 2 - s));
					s = end + 2;
				} else if (*s == '\\' && s[1]) {
					const char *cls = NULL;

					switch (s[1]) {
					case 'd': cls = "0-9"; break;
					case 's': cls = "[:space:]"; break;
					case 'w': cls = "[:alnum:]_"; break;
					case ']': case '^': case '-': break;
					default: one[0] = s[1]; cls = one;
					}
					if (cls)
						rc |= strbuf_addstr(out, cls);
					else
						rc |= strbuf_add(out, s, 2);
					s += 2;
					if (cls && cls != one && *s == '-' && s[1] && s[1] != ']') {
						dash = 1;	/* [\w-\.]: no range can start at a class */
						s++;
					}
				} else {
					rc |= strbuf_addch(out, *s++);
				}
			}
			if (dash)
				rc |= strbuf_addch(out, '-');
			if (*s == ']')
				rc |= strbuf_addch(out, *s++);
		} else {
			if (*s == '(') {
				depth++;
			} else if (*s == ')') {
				if (!depth) {
					*why = "unmatched )";
					return -1;
				}
				depth--;
			}
			rc |= strbuf_addch(out, *s++);
		}
	}
	rc |= strbuf_addstr(out, ")$");
	return rc ? -2 : 0;
}

/*
 * Limits on a pattern, which glibc's regcomp() would otherwise honour at
 * any cost: it copies a repeated part once per repetition, so that
 * "a{200}{200}" or "(x{99}){99}" take gigabytes, and back-references make
 * matching exponential in the length of the answer.
 */
#define RX_MAX_LEN 1024		/* bytes of a pattern */
#define RX_MAX_REPEAT 255	/* largest bound of {m,n} */
#define RX_MAX_SIZE 5000	/* pattern size once repetitions are expanded (~12 MB in regcomp) */
#define RX_MAX_DEPTH 32		/* nested parentheses */

/*
 * Refuse a pattern that regcomp() would expand too far or that glibc
 * would match slowly: longer than RX_MAX_LEN, a repetition of a
 * repetition ("a++", "a*{2}"), a bound over RX_MAX_REPEAT, an expanded
 * size over RX_MAX_SIZE (each repetition multiplies the size of what it
 * repeats), parentheses deeper than RX_MAX_DEPTH, or a back-reference.
 * Returns 0, or -1 with *why set.  Brackets are skipped as rx_translate()
 * reads them; syntax errors are left to regcomp().
 */
static int rx_check(const char *pat, const char **why)
{
	double size[RX_MAX_DEPTH + 1] = { 0 }, last[RX_MAX_DEPTH + 1] = { 0 };
	int depth = 0, after_repeat = 0;
	const char *s = pat;

	if (strlen(pat) > RX_MAX_LEN) {
		*why = "pattern too long (at most 1024 bytes)";
		return -1;
	}
	while (*s) {
		double factor = 0;

		if (*s == '*' || *s == '+' || *s == '?') {
			factor = *s == '?' ? 1 : 2;
			s++;
		} else if (*s == '{' && (s[1] >= '0' && s[1] <= '9')) {
			char *end;
			unsigned long lo = strtoul(s + 1, &end, 10), hi = lo;

			if (*end == ',')
				hi = end[1] == '}' ? lo : strtoul(end + 1, &end, 10);
			if (*end == ',')
				end++;
			if (lo > RX_MAX_REPEAT || hi > RX_MAX_REPEAT) {
				*why = "a repetition {m,n} over 255";
				return -1;
			}
			factor = (double)(hi > lo ? hi : lo) + 1;
			s = *end == '}' ? end + 1 : end;
		}
		if (factor > 0) {
			if (after_repeat) {
				*why = "a repetition of a repetition, such as 'a++' or 'a{2}{3}'";
				return -1;
			}
			size[depth] += last[depth] * (factor - 1);
			last[depth] *= factor;
			after_repeat = 1;
		} else if (*s == '(') {
			if (++depth > RX_MAX_DEPTH) {
				*why = "parentheses nested too deep";
				return -1;
			}
			size[depth] = last[depth] = 0;
			after_repeat = 0;
			s++;
		} else if (*s == ')' && depth > 0) {
			double inner = size[depth--];

			size[depth] += inner;
			last[depth] = inner;
			after_repeat = 0;
			s++;
		} else if (*s == '\\' && s[1] >= '1' && s[1] <= '9') {
			*why = "back-references such as \\1 are not supported";
			return -1;
		} else {
			if (*s == '[') {	/* one bracket expression: one atom */
				s++;
				if (*s == '^')
					s++;
				if (*s == ']')
					s++;
				while (*s && *s != ']') {
					if (*s == '[' && (s[1] == ':' || s[1] == '.' || s[1] == '=')) {
						const char *end = strstr(s + 2, (char[]){ s[1], ']', '\0' });

						s = end ? end + 2 : s + 1;
					} else {
						s += (*s == '\\' && s[1]) ? 2 : 1;
					}
				}
				if (*s)
					s++;
			} else {
				s += (*s == '\\' && s[1]) ? 2 : 1;
			}
			size[depth] += 1;
			last[depth] = 1;
			after_repeat = 0;
		}
		if (size[depth] > RX_MAX_SIZE) {
			*why = "pattern too complex once its repetitions are expanded";
			return -1;
		}
	}
	return 0;
}

/*
 * Compile pattern into re.  Returns 0; -1 when the pattern is invalid or
 * too costly (rx_check), with the reason (lowercase) in why[]; -2 when out
 * of memory.
 */
static int rx_compile(regex_t *re, const char *pattern, char *why, size_t nwhy)
{
	struct strbuf sb = STRBUF_INIT;
	const char *reason = NULL;
	int rc;

	if (rx_check(pattern, &reason) < 0) {
		snprintf(why, nwhy, "%s", reason);
		return -1;
	}
	rc = rx_translate(pattern, &sb, &reason);
	if (rc) {
		strbuf_release(&sb);
		if (rc == -1)
			snprintf(why, nwhy, "%s", reason);
		return rc;
	}
	rc = regcomp(re, sb.buf, REG_EXTENDED | REG_NOSUB);
	strbuf_release(&sb);
	if (rc == REG_ESPACE)
		return -2;
	if (rc) {
		regerror(rc, NULL, why, nwhy);
		if (why[0] >= 'A' && why[0] <= 'Z')
			why[0] = (char)(why[0] - 'A' + 'a');
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

enum tok {
	T_EOF, T_NUM, T_STR, T_REF, T_DOT, T_DOTDOT, T_NAME, T_LPAREN, T_RPAREN, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
};

struct token {
	enum tok kind;		/* what it is */
	size_t off;		/* byte offset of its first byte */
	size_t len;		/* bytes of source it spans */
	int col;		/* 1-based column (characters) of its first byte */
	size_t soff;		/* T_STR contents, T_REF and T_NAME name: offset */
	size_t slen;		/* ... and length in bytes */
	double num;		/* T_NUM: value */
	int call;		/* T_NAME: the next non-blank character is '(' */
};

struct parser {
	const char *src;	/* the expression */
	size_t pos;		/* byte offset of the next unread byte */
	int ncol;		/* characters before pos */
	struct token tok;	/* current token */
	enum expr_context ctx;	/* whether bare names are allowed */
	struct expr *e;		/* the tree under construction */
	struct expr_error *err;	/* where to report, may be NULL */
	int depth;		/* current nesting, see EXPR_MAX_DEPTH */
};

static int perr(struct parser *p, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record a syntax error at col and return -1. */
static int perr(struct parser *p, int col, const char *fmt, ...)
{
	va_list ap;

	if (p->err) {
		p->err->col = col;
		fmt = _(fmt);	/* util/i18n.h */
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int oom(struct parser *p)
{
	return perr(p, 0, "out of memory");
}

/* Move n bytes forward, keeping the character count. */
static void advance(struct parser *p, size_t n)
{
	p->ncol += (int)utf8_chars(p->src + p->pos, n);
	p->pos += n;
}

/* Bytes of the UTF-8 character at s (1 for a stray or truncated byte). */
static size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

static int is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(int c)
{
	return is_name_start(c) || is_digit(c) || c == '.' || c == '-';
}

/* An error about the character at the current position. */
static int bad_char(struct parser *p)
{
	const char *s = p->src + p->pos;
	int col = p->ncol + 1;
	size_t n = utf8_len(s);

	if (n == 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return perr(p, col, "unexpected non-breaking space; use an ordinary space");
	if (n == 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x98 || (unsigned char)s[2] == 0x99 ||
	     (unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D))
		return perr(p, col, "unexpected character '%.3s'; use straight quotes ' or \"", s);
	if (s[0] == '&' && s[1] == '&')
		return perr(p, col, "unexpected '&&'; write 'and'");
	if (s[0] == '|' && s[1] == '|')
		return perr(p, col, "unexpected '||'; write 'or'");
	if (s[0] == '!')
		return perr(p, col, "unexpected character '!'; write not(...) or '!='");
	if (n == 1 && (unsigned char)s[0] >= 0x80)
		return perr(p, col, "invalid UTF-8 byte 0x%02x", (unsigned char)s[0]);
	if ((unsigned char)s[0] < 0x20 || s[0] == 0x7F)
		return perr(p, col, "unexpected control character 0x%02x", (unsigned char)s[0]);
	return perr(p, col, "unexpected character '%.*s'", (int)n, s);
}

/* Read the next token into p->tok.  Returns 0 or -1 (error recorded). */
static int lex(struct parser *p)
{
	struct token *t = &p->tok;
	const char *s;
	size_t n;

	while (is_space((unsigned char)p->src[p->pos]))
		advance(p, 1);
	memset(t, 0, sizeof(*t));
	t->off = p->pos;
	t->col = p->ncol + 1;
	s = p->src + p->pos;
	n = 1;
	switch (*s) {
	case '\0': t->kind = T_EOF; n = 0; break;
	case '(': t->kind = T_LPAREN; break;
	case ')': t->kind = T_RPAREN; break;
	case ',': t->kind = T_COMMA; break;
	case '+': t->kind = T_PLUS; break;
	case '-': t->kind = T_MINUS; break;
	case '*': t->kind = T_STAR; break;
	case '=':
		if (s[1] == '=')
			return perr(p, t->col, "unexpected '=='; write '=' to compare");
		t->kind = T_EQ;
		break;
	case '!':
		if (s[1] != '=')
			return bad_char(p);
		t->kind = T_NE;
		n = 2;
		break;
	case '<':
		if (s[1] == '>')
			return perr(p, t->col, "unexpected '<>'; write '!='");
		t->kind = s[1] == '=' ? T_LE : T_LT;
		n = s[1] == '=' ? 2 : 1;
		break;
	case '>':
		t->kind = s[1] == '=' ? T_GE : T_GT;
		n = s[1] == '=' ? 2 : 1;
		break;
	case '\'':
	case '"': {
		const char *end = strchr(s + 1, *s);

		if (!end)
			return perr(p, t->col, "unterminated string");
		t->kind = T_STR;
		t->soff = p->pos + 1;
		t->slen = (size_t)(end - s - 1);
		n = (size_t)(end - s + 1);
		break;
	}
	case '$': {
		size_t i = 2;

		if (s[1] != '{')
			return perr(p, t->col, "expected '{' after '$'");
		if (is_name_start((unsigned char)s[2]))
			while (is_name_char((unsigned char)s[i]))
				i++;
		if (s[i] != '}') {
			advance(p, i);
			if (!s[i])
				return perr(p, p->ncol + 1, "expected '}' to close '${' at column %d", t->col);
			return perr(p, p->ncol + 1, "invalid character '%.*s' in a question name",
				    (int)utf8_len(s + i), s + i);
		}
		if (i == 2)
			return perr(p, t->col, "empty question name '${}'");
		t->kind = T_REF;
		t->soff = p->pos + 2;
		t->slen = i - 2;
		n = i + 1;
		break;
	}
	default:
		if (is_digit((unsigned char)*s) || (*s == '.' && is_digit((unsigned char)s[1]))) {
			n = scan_number(s, 0);
			t->kind = T_NUM;
			t->num = decimal_strtod(s, n);
			if (!isfinite(t->num))
				return perr(p, t->col, "number '%.20s...' is too large", s);
		} else if (*s == '.') {
			t->kind = s[1] == '.' ? T_DOTDOT : T_DOT;
			n = s[1] == '.' ? 2 : 1;
		} else if (is_name_start((unsigned char)*s)) {
			size_t j;

			while (is_name_char((unsigned char)s[n]))
				n++;
			t->kind = T_NAME;
			t->soff = p->pos;
			t->slen = n;
			for (j = n; is_space((unsigned char)s[j]); j++)
				;
			t->call = s[j] == '(';
		} else {
			return bad_char(p);
		}
	}
	t->len = n;
	advance(p, n);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */

static int tok_is_word(const struct parser *p, const char *word)
{
	size_t n = strlen(word);

	return p->tok.kind == T_NAME && p->tok.slen == n &&
	       !memcmp(p->src + p->tok.soff, word, n);
}

static int tok_is_keyword(const struct parser *p)
{
	return tok_is_word(p, "and") || tok_is_word(p, "or") ||
	       tok_is_word(p, "div") || tok_is_word(p, "mod");
}

/*
 * Describe the current token for a message: "'x'" for most, "string 'abc'"
 * for a string literal, long ones cut at a character boundary.
 */
static const char *tok_describe(const struct parser *p, char buf[96])
{
	const struct token *t = &p->tok;
	const char *s = p->src + t->off;
	size_t n = t->len, cut = 0;

	if (t->kind == T_EOF)
		return _("the end of the expression");
	while (cut < n && cut < 40)
		cut += utf8_len(s + cut);
	if (cut > n)
		cut = n;
	if (t->kind == T_STR)
		snprintf(buf, 96, _("string %.*s%s"), (int)cut, s, cut < n ? "..." : "");
	else
		snprintf(buf, 96, "'%.*s%s'", (int)cut, s, cut < n ? "..." : "");
	return buf;
}

/* A value was complete but the current token cannot follow it. */
static int err_after_value(struct parser *p)
{
	static const char *const ops[] = { "and", "or", "div", "mod", NULL };
	char buf[96];
	int i;

	if (p->tok.kind == T_NAME)
		for (i = 0; ops[i]; i++)
			if (p->tok.slen == strlen(ops[i]) &&
			    !strncasecmp(p->src + p->tok.soff, ops[i], p->tok.slen))
				return perr(p, p->tok.col, "operator '%.*s' must be written in lowercase: '%s'",
					    (int)p->tok.slen, p->src + p->tok.soff, ops[i]);
	if (p->tok.kind == T_RPAREN)
		return perr(p, p->tok.col, "unmatched ')'");
	return perr(p, p->tok.col, "expected an operator, found %s", tok_describe(p, buf));
}

static struct node *new_node(struct parser *p, enum node_kind kind, int col)
{
	struct node *n = arena_alloc(&p->e->arena, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->col = col;
	}
	return n;
}

/*
 * Append kid (and the operator before it, for chains) to n, growing the
 * arrays by doubling.  Returns 0 or -1 when out of memory.
 */
static int add_kid(struct parser *p, struct node *n, int *alloc, struct node *kid, int op)
{
	if (n->nkid == *alloc) {
		int na = *alloc ? *alloc * 2 : 4;
		struct node **k = arena_realloc(&p->e->arena, n->kid,
						(size_t)*alloc * sizeof(*k), (size_t)na * sizeof(*k));
		unsigned char *o = arena_realloc(&p->e->arena, n->op, (size_t)*alloc, (size_t)na);

		if (!k || !o)
			return -1;
		n->kid = k;
		n->op = o;
		*alloc = na;
	}
	if (n->nkid)
		n->op[n->nkid - 1] = (unsigned char)op;
	n->kid[n->nkid++] = kid;
	return 0;
}

static int parse_or(struct parser *p, struct node **out);

/* Which chain operator the current token is at level, or -1. */
static int chain_op(const struct parser *p, int level)
{
	switch (level) {
	case 0:
		return p->tok.kind == T_EQ ? OP_EQ : p->tok.kind == T_NE ? OP_NE : -1;
	case 1:
		switch (p->tok.kind) {
		case T_LT: return OP_LT;
		case T_LE: return OP_LE;
		case T_GT: return OP_GT;
		case T_GE: return OP_GE;
		default: return -1;
		}
	case 2:
		return p->tok.kind == T_PLUS ? OP_ADD : p->tok.kind == T_MINUS ? OP_SUB : -1;
	default:
		if (p->tok.kind == T_STAR)
			return OP_MUL;
		if (tok_is_word(p, "div"))
			return OP_DIV;
		if (tok_is_word(p, "mod"))
			return OP_MOD;
		return -1;
	}
}

static int parse_call(struct parser *p, struct node **out)
{
	const struct token name = p->tok;
	const char *zName = p->src + name.soff;
	const struct func *f = NULL;
	struct node *n;
	int alloc = 0, lparen_col;
	size_t i;

	for (i = 0; i < NFUNCS; i++)
		if (strlen(funcs[i].name) == name.slen && !memcmp(funcs[i].name, zName, name.slen))
			f = &funcs[i];
	if (!f) {
		char word[64];
		const char *hint;

		const char *func_names[NFUNCS + 1];

		for (i = 0; i < NFUNCS; i++)
			func_names[i] = funcs[i].name;
		func_names[NFUNCS] = NULL;
		snprintf(word, sizeof(word), "%.*s", (int)name.slen, zName);
		hint = did_you_mean(word, func_names);
		if (hint)
			return perr(p, name.col, "unknown function '%.*s'; did you mean '%s'?",
				    (int)name.slen, zName, hint);
		return perr(p, name.col, "unknown function '%.*s'", (int)name.slen, zName);
	}
	if (!(n = new_node(p, N_CALL, name.col)))
		return oom(p);
	n->fn = f;
	if (lex(p))
		return -1;
	lparen_col = p->tok.col;
	if (lex(p))
		return -1;
	if (f->id == F_POSITION && p->tok.kind == T_DOTDOT) {
		struct node *arg = new_node(p, N_PARENT, p->tok.col);

		if (!arg || add_kid(p, n, &alloc, arg, 0))
			return oom(p);
		if (lex(p))
			return -1;
		if (p->tok.kind != T_RPAREN)
			return perr(p, p->tok.col, "expected ')' to close 'position(' at column %d",
				    lparen_col);
	} else if (p->tok.kind != T_RPAREN) {
		for (;;) {
			struct node *arg;

			if (parse_or(p, &arg))
				return -1;
			if (add_kid(p, n, &alloc, arg, 0))
				return oom(p);
			if (p->tok.kind == T_RPAREN)
				break;
			if (p->tok.kind != T_COMMA) {
				if (p->tok.kind == T_NAME && !tok_is_keyword(p))
					return err_after_value(p);
				return perr(p, p->tok.col, "expected ',' or ')' to close '%s(' at column %d",
					    f->name, lparen_col);
			}
			if (lex(p))
				return -1;
		}
	}
	if (n->nkid < f->min_args || (f->max_args >= 0 && n->nkid > f->max_args)) {
		char want[48];

		if (f->max_args == 0)
			snprintf(want, sizeof(want), "%s", _("no arguments"));
		else if (f->min_args == f->max_args)
			snprintf(want, sizeof(want), _("%d argument%s"), f->min_args, f->min_args == 1 ? "" : "s");
		else if (f->max_args < 0)
			snprintf(want, sizeof(want), _("at least %d argument%s"), f->min_args,
				 f->min_args == 1 ? "" : "s");
		else
			snprintf(want, sizeof(want), _("%d or %d arguments"), f->min_args, f->max_args);
		return perr(p, name.col, "function '%s' takes %s, not %d", f->name, want, n->nkid);
	}
	if (f->id == F_POSITION && n->nkid == 1 && n->kid[0]->kind != N_PARENT)
		return perr(p, n->kid[0]->col, "position() takes '..' (the current repeat instance): write position(..)");
	if ((f->id == F_COUNT || f->id == F_SUM) && n->kid[0]->kind != N_REF)
		return perr(p, n->kid[0]->col, "%s() takes a ${reference} to a repeat or a repeated question",
			    f->name);
	if (f->id == F_INDEXED_REPEAT) {
		if (n->nkid < 3 || n->nkid % 2 == 0 || n->nkid > 7)
			return perr(p, name.col, "indexed-repeat() takes ${question}, then pairs of ${repeat} and a position: 3, 5 or 7 arguments, not %d",
				    n->nkid);
		for (i = 0; i < (size_t)n->nkid; i += i ? 2 : 1)
			if (n->kid[i]->kind != N_REF)
				return perr(p, n->kid[i]->col, "argument %zu of indexed-repeat() must be a ${reference}",
					    i + 1);
	}
	if (f->id == F_REGEX && n->kid[1]->kind == N_STR) {
		struct rx *rx = arena_alloc(&p->e->arena, sizeof(*rx));
		char why[160];
		int rc;

		if (!rx)
			return oom(p);
		rc = rx_compile(&rx->re, n->kid[1]->str, why, sizeof(why));
		if (rc == -2)
			return oom(p);
		if (rc)
			return perr(p, n->kid[1]->col, "invalid regular expression '%.60s': %s",
				    n->kid[1]->str, why);
		rx->next = p->e->regexes;
		p->e->regexes = rx;
		n->re = &rx->re;
	}
	if (lex(p))
		return -1;
	*out = n;
	return 0;
}

static int parse_primary(struct parser *p, struct node **out)
{
	struct token t = p->tok;
	enum node_kind kind;
	struct node *n;
	char buf[96];

	switch (t.kind) {
	case T_NUM:
		kind = N_NUM;
		break;
	case T_STR:
		kind = N_STR;
		break;
	case T_REF:
		kind = N_REF;
		break;
	case T_DOT:
		kind = N_DOT;
		break;
	case T_LPAREN:
		if (lex(p) || parse_or(p, out))
			return -1;
		if (p->tok.kind != T_RPAREN) {
			if (p->tok.kind == T_NAME && !tok_is_keyword(p))
				return err_after_value(p);
			return perr(p, p->tok.col, "expected ')' to close '(' at column %d", t.col);
		}
		return lex(p);
	case T_NAME:
		if (t.call)
			return parse_call(p, out);
		if (p->ctx == EXPR_CHOICE_FILTER) {
			kind = N_ATTR;
			break;
		}
		if (tok_is_keyword(p))
			return perr(p, t.col, "expected a value, found %s", tok_describe(p, buf));
		for (size_t i = 0; i < NFUNCS; i++)
			if (strlen(funcs[i].name) == t.slen &&
			    !memcmp(funcs[i].name, p->src + t.soff, t.slen))
				return perr(p, t.col, "function '%s' must be called with parentheses: %s()",
					    funcs[i].name, funcs[i].name);
		return perr(p, t.col, "bare name '%.*s' is not allowed here; write ${%.*s} to refer to a question",
			    (int)t.slen, p->src + t.soff, (int)t.slen, p->src + t.soff);
	case T_DOTDOT:
		return perr(p, t.col, "unexpected '..': there are no parent paths here, except in position(..)");
	case T_EOF:
		return perr(p, t.col, "unexpected end of expression");
	case T_RPAREN:
	default:
		return perr(p, t.col, "expected a value, found %s", tok_describe(p, buf));
	}
	if (!(n = new_node(p, kind, t.col)))
		return oom(p);
	n->num = t.num;
	if (kind == N_STR || kind == N_REF || kind == N_ATTR) {
		n->str = arena_strndup(&p->e->arena, p->src + t.soff, t.slen);
		if (!n->str)
			return oom(p);
	}
	*out = n;
	return lex(p);
}

static int parse_unary(struct parser *p, struct node **out)
{
	int rc;

	if (++p->depth > EXPR_MAX_DEPTH)
		return perr(p, p->tok.col, "expression nested too deeply");
	if (p->tok.kind == T_MINUS) {
		struct node *n = new_node(p, N_NEG, p->tok.col);
		int alloc = 0;
		struct node *kid;

		if (!n)
			return oom(p);
		if (lex(p) || parse_unary(p, &kid))
			return -1;
		if (add_kid(p, n, &alloc, kid, 0))
			return oom(p);
		*out = n;
		rc = 0;
	} else {
		rc = parse_primary(p, out);
	}
	p->depth--;
	return rc;
}

/* Levels 0..3 of chained binary operators: = !=, < <= > >=, + -, * div mod. */
static int parse_chain(struct parser *p, int level, struct node **out)
{
	struct node *left, *n = NULL, *right;
	int op, alloc = 0;

	if (level > 3 ? parse_unary(p, &left) : parse_chain(p, level + 1, &left))
		return -1;
	while ((op = chain_op(p, level)) >= 0) {
		if (!n) {
			if (!(n = new_node(p, N_CHAIN, left->col)) || add_kid(p, n, &alloc, left, 0))
				return oom(p);
		}
		if (lex(p))
			return -1;
		if (level > 3 ? parse_unary(p, &right) : parse_chain(p, level + 1, &right))
			return -1;
		if (add_kid(p, n, &alloc, right, op))
			return oom(p);
	}
	*out = n ? n : left;
	return 0;
}

/* and / or: n-ary nodes of kind, over operands parsed by sub. */
static int parse_logic(struct parser *p, enum node_kind kind, struct node **out)
{
	const char *word = kind == N_OR ? "or" : "and";
	struct node *left, *n = NULL, *right;
	int alloc = 0;

	if (kind == N_OR ? parse_logic(p, N_AND, &left) : parse_chain(p, 0, &left))
		return -1;
	while (tok_is_word(p, word)) {
		if (!n) {
			if (!(n = new_node(p, kind, left->col)) || add_kid(p, n, &alloc, left, 0))
				return oom(p);
		}
		if (lex(p))
			return -1;
		if (kind == N_OR ? parse_logic(p, N_AND, &right) : parse_chain(p, 0, &right))
			return -1;
		if (add_kid(p, n, &alloc, right, 0))
			return oom(p);
	}
	*out = n ? n : left;
	return 0;
}

static int parse_or(struct parser *p, struct node **out)
{
	return parse_logic(p, N_OR, out);
}

void expr_free(struct expr *e)
{
	struct rx *rx;

	if (!e)
		return;
	for (rx = e->regexes; rx; rx = rx->next)
		regfree(&rx->re);
	arena_release(&e->arena);
	free(e);
}

int expr_parse(struct expr **out, const char *src, enum expr_context ctx,
	       struct expr_error *err)
{
	struct parser p;
	struct expr *e;
	const char *s;

	*out = NULL;
	if (err) {
		err->col = 0;
		err->msg[0] = '\0';
	}
	memset(&p, 0, sizeof(p));
	p.src = src ? src : "";
	p.ctx = ctx;
	p.err = err;
	for (s = p.src; is_space((unsigned char)*s); s++)
		;
	if (!*s)
		return perr(&p, 1, "empty expression");
	e = calloc(1, sizeof(*e));
	if (!e)
		return oom(&p);
	p.e = e;
	if (lex(&p) || parse_or(&p, &e->root)) {
		expr_free(e);
		return -1;
	}
	if (p.tok.kind != T_EOF) {
		err_after_value(&p);
		expr_free(e);
		return -1;
	}
	*out = e;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Inspection                                                          */

static int walk(const struct node *n, enum node_kind kind,
		int (*fn)(void *ctx, const char *name, int col), void *ctx)
{
	int i, rc;

	if (n->kind == kind && (rc = fn(ctx, n->str, n->col)))
		return rc;
	for (i = 0; i < n->nkid; i++)
		if ((rc = walk(n->kid[i], kind, fn, ctx)))
			return rc;
	return 0;
}

int expr_foreach_ref(const struct expr *e,
		     int (*fn)(void *ctx, const char *name, int col), void *ctx)
{
	return e ? walk(e->root, N_REF, fn, ctx) : 0;
}

int expr_foreach_attr(const struct expr *e,
		      int (*fn)(void *ctx, const char *name, int col), void *ctx)
{
	return e ? walk(e->root, N_ATTR, fn, ctx) : 0;
}

/* How the call n takes its argument i when that is a ${reference}. */
static enum expr_ref_role arg_role(const struct node *n, int i)
{
	switch (n->fn->args) {
	case ARGS_NODESET:
		return EXPR_REF_NODESET;
	case ARGS_MINMAX:
		return n->nkid == 1 ? EXPR_REF_NODESET : EXPR_REF_VALUE;
	case ARGS_JOIN:
		return n->nkid == 2 && i == 1 ? EXPR_REF_NODESET : EXPR_REF_VALUE;
	case ARGS_INDEXED:
		return i == 0 ? EXPR_REF_INDEXED : i % 2 ? EXPR_REF_REPEAT : EXPR_REF_VALUE;
	case ARGS_VALUES:
		break;
	}
	return EXPR_REF_VALUE;
}

static int walk_role(const struct node *n, enum expr_ref_role role,
		     int (*fn)(void *ctx, const char *name, int col, enum expr_ref_role role),
		     void *ctx)
{
	int i, rc;

	if (n->kind == N_REF)
		return fn(ctx, n->str, n->col, role);
	for (i = 0; i < n->nkid; i++)
		if ((rc = walk_role(n->kid[i], n->kind == N_CALL ? arg_role(n, i) : EXPR_REF_VALUE,
				    fn, ctx)))
			return rc;
	return 0;
}

int expr_foreach_ref_role(const struct expr *e,
			  int (*fn)(void *ctx, const char *name, int col, enum expr_ref_role role),
			  void *ctx)
{
	return e ? walk_role(e->root, EXPR_REF_VALUE, fn, ctx) : 0;
}

static int uses_position(const struct node *n)
{
	int i;

	if (n->kind == N_CALL && n->fn->id == F_POSITION)
		return n->col;
	for (i = 0; i < n->nkid; i++)
		if (uses_position(n->kid[i]))
			return uses_position(n->kid[i]);
	return 0;
}

int expr_uses_position(const struct expr *e)
{
	return e ? uses_position(e->root) : 0;
}

static int found_dot(void *ctx, const char *name, int col)
{
	(void)ctx;
	(void)name;
	(void)col;
	return 1;
}

int expr_uses_dot(const struct expr *e)
{
	return e ? walk(e->root, N_DOT, found_dot, NULL) : 0;
}

/* When n is a number literal, possibly negated, set *d and return 1. */
static int literal_number(const struct node *n, double *d)
{
	double sign = 1;

	while (n->kind == N_NEG) {
		sign = -sign;
		n = n->kid[0];
	}
	if (n->kind != N_NUM)
		return 0;
	*d = sign * n->num;
	return 1;
}

struct bounds {
	double lo, hi;		/* tightest bounds found */
	int has_lo, has_hi;	/* whether lo / hi were found */
};

/* Tighten b with every conjunct of n that compares '.' with a literal. */
static void collect_bounds(const struct node *n, struct bounds *b)
{
	int i, op, lower;
	double d;

	if (n->kind == N_AND) {
		for (i = 0; i < n->nkid; i++)
			collect_bounds(n->kid[i], b);
		return;
	}
	if (n->kind != N_CHAIN || n->nkid != 2)
		return;
	op = n->op[0];
	if (op != OP_LT && op != OP_LE && op != OP_GT && op != OP_GE)
		return;
	lower = op == OP_GT || op == OP_GE;	/* true for ". > c" */
	if (n->kid[0]->kind == N_DOT && literal_number(n->kid[1], &d)) {
		/* . op d */
	} else if (n->kid[1]->kind == N_DOT && literal_number(n->kid[0], &d)) {
		lower = !lower;			/* d op . */
	} else {
		return;
	}
	if (lower) {
		if (!b->has_lo || d > b->lo)
			b->lo = d;
		b->has_lo = 1;
	} else {
		if (!b->has_hi || d < b->hi)
			b->hi = d;
		b->has_hi = 1;
	}
}

int expr_bounds(const struct expr *e, double *min, double *max)
{
	struct bounds b = { 0, 0, 0, 0 };

	if (!e)
		return 0;
	collect_bounds(e->root, &b);
	if (b.has_lo)
		*min = b.lo;
	if (b.has_hi)
		*max = b.hi;
	return b.has_lo && b.has_hi;
}

/* ------------------------------------------------------------------ */
/* Length bounds                                                       */

/* Longest text of a number: "-2.2250738585072014e-308". */
#define NUMBER_TEXT_MAX 24

static double cap(double x)
{
	return x < EXPR_LENGTH_HUGE ? x : EXPR_LENGTH_HUGE;
}

void expr_length_release(struct expr_length *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Merge b into a: each count becomes the sum (add) or the larger (max). */
static int length_merge(struct expr_length *a, const struct expr_length *b, int add)
{
	struct expr_copies *v;
	size_t i = 0, j = 0, k = 0;

	a->fixed = cap(add ? a->fixed + b->fixed : fmax(a->fixed, b->fixed));
	if (!b->n)
		return 0;
	v = malloc((a->n + b->n) * sizeof(*v));
	if (!v)
		return -1;
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->v[i].q < b->v[j].q)) {
			v[k++] = a->v[i++];
		} else if (i == a->n || b->v[j].q < a->v[i].q) {
			v[k++] = b->v[j++];
		} else {
			v[k].q = a->v[i].q;
			v[k++].n = cap(add ? a->v[i].n + b->v[j].n : fmax(a->v[i].n, b->v[j].n));
			i++;
			j++;
		}
	}
	free(a->v);
	a->v = v;
	a->n = a->alloc = k;
	return 0;
}

int expr_length_add(struct expr_length *a, const struct expr_length *b)
{
	return length_merge(a, b, 1);
}

static int length_of(const struct node *n,
		     int (*ref)(void *ctx, const char *name, struct expr_length *out), void *ctx,
		     struct expr_length *out)
{
	struct expr_length kid = EXPR_LENGTH_INIT;
	char buf[32];
	int i, rc = 0;

	switch (n->kind) {
	case N_NUM:
		expr_format_number(n->num, buf);
		out->fixed = (double)strlen(buf);
		return 0;
	case N_STR:
		out->fixed = (double)strlen(n->str);
		return 0;
	case N_REF:
		return ref(ctx, n->str, out);
	case N_DOT:
	case N_ATTR:
	case N_PARENT:
		out->fixed = EXPR_MAX_TEXT;
		return 0;
	case N_NEG:
		out->fixed = NUMBER_TEXT_MAX;
		return 0;
	case N_CHAIN:
		out->fixed = n->op[0] >= OP_ADD ? NUMBER_TEXT_MAX : 5;
		return 0;
	case N_AND:
	case N_OR:
		out->fixed = 5;
		return 0;
	case N_CALL:
		break;
	}
	switch (n->fn->len) {
	case LEN_ARGS:
		/* concat: all arguments; if: either branch; coalesce: either */
		for (i = n->fn->id == F_IF; i < n->nkid && rc == 0; i++) {
			rc = length_of(n->kid[i], ref, ctx, &kid);
			if (rc == 0)
				rc = length_merge(out, &kid, n->fn->id == F_CONCAT);
			expr_length_release(&kid);
		}
		return rc;
	case LEN_JOIN:
		/* the texts, and the separator between each two */
		for (i = 1; i < n->nkid && rc == 0; i++) {
			rc = length_of(n->kid[i], ref, ctx, &kid);
			if (rc == 0)
				rc = length_merge(out, &kid, 1);
			expr_length_release(&kid);
		}
		for (i = 2; i < n->nkid && rc == 0; i++) {
			rc = length_of(n->kid[0], ref, ctx, &kid);
			if (rc == 0)
				rc = length_merge(out, &kid, 1);
			expr_length_release(&kid);
		}
		return rc;
	case LEN_FIRST:
		/* a part of the first argument, or all of it (indexed-repeat: one copy of one answer) */
		return length_of(n->kid[0], ref, ctx, out);
	case LEN_TRANSLATE:
		/* a character may become one of up to 4 bytes */
		rc = length_of(n->kid[0], ref, ctx, &kid);
		for (i = 0; i < 4 && rc == 0; i++)
			rc = length_merge(out, &kid, 1);
		expr_length_release(&kid);
		return rc;
	case LEN_DATE:
		out->fixed = 10;
		return 0;
	case LEN_UUID:
		out->fixed = 36;
		return 0;
	case LEN_NUMBER:
		out->fixed = NUMBER_TEXT_MAX;
		return 0;
	case LEN_BOOL:
		break;
	}
	out->fixed = 5;	/* a boolean */
	return 0;
}

int expr_length(const struct expr *e,
		int (*ref)(void *ctx, const char *name, struct expr_length *out), void *ctx,
		struct expr_length *out)
{
	return e ? length_of(e->root, ref, ctx, out) : 0;
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

static void set_num(struct value *v, double d)
{
	v->type = VAL_NUMBER;
	v->num = isfinite(d) ? d : NAN;
	v->boolean = 0;
	v->str = NULL;
}

static void set_bool(struct value *v, int b)
{
	v->type = VAL_BOOL;
	v->num = 0;
	v->boolean = !!b;
	v->str = NULL;
}

/* Take ownership of s (NULL: out of memory, returns -1). */
static int set_str_take(struct value *v, char *s)
{
	v->type = VAL_STRING;
	v->num = 0;
	v->boolean = 0;
	v->str = s;
	return s ? 0 : -1;
}

static int set_str(struct value *v, const char *s)
{
	return set_str_take(v, strdup(s ? s : ""));
}

void value_release(struct value *v)
{
	if (v && v->type == VAL_STRING) {
		free(v->str);
		v->str = NULL;
	}
}

double value_to_number(const struct value *v)
{
	switch (v->type) {
	case VAL_NUMBER: return v->num;
	case VAL_BOOL: return v->boolean;
	default: return expr_text_to_number(v->str);
	}
}

int value_to_bool(const struct value *v)
{
	switch (v->type) {
	case VAL_NUMBER: return v->num != 0 && !isnan(v->num);
	case VAL_BOOL: return v->boolean;
	default: return v->str && v->str[0];
	}
}

/* The text of v without copying: in v itself, in buf, or static. */
static const char *value_text(const struct value *v, char buf[32])
{
	switch (v->type) {
	case VAL_NUMBER:
		expr_format_number(v->num, buf);
		return buf;
	case VAL_BOOL:
		return v->boolean ? "true" : "false";
	default:
		return v->str ? v->str : "";
	}
}

char *value_to_string(const struct value *v)
{
	char buf[32];

	return strdup(value_text(v, buf));
}

/* ------------------------------------------------------------------ */
/* Evaluation                                                          */

static int eval(const struct node *n, const struct expr_env *env, struct value *out);

static int eval_bool(const struct node *n, const struct expr_env *env, int *b)
{
	struct value v;

	if (eval(n, env, &v))
		return -1;
	*b = value_to_bool(&v);
	value_release(&v);
	return 0;
}

static int eval_num(const struct node *n, const struct expr_env *env, double *d)
{
	struct value v;

	if (eval(n, env, &v))
		return -1;
	*d = value_to_number(&v);
	value_release(&v);
	return 0;
}

/* Evaluate to text held in v (release it) or buf; *s points at it. */
static int eval_text(const struct node *n, const struct expr_env *env,
		     struct value *v, char buf[32], const char **s)
{
	if (eval(n, env, v))
		return -1;
	*s = value_text(v, buf);
	return 0;
}

/* a op b for the comparison operators, as XPath 1.0 defines them. */
static int compare(int op, const struct value *a, const struct value *b)
{
	double x, y;

	if (op == OP_EQ || op == OP_NE) {
		int eq;

		if (a->type == VAL_BOOL || b->type == VAL_BOOL)
			eq = value_to_bool(a) == value_to_bool(b);
		else if (a->type == VAL_NUMBER || b->type == VAL_NUMBER)
			eq = value_to_number(a) == value_to_number(b);
		else
			eq = !strcmp(a->str ? a->str : "", b->str ? b->str : "");
		return op == OP_EQ ? eq : !eq;
	}
	x = value_to_number(a);
	y = value_to_number(b);
	switch (op) {
	case OP_LT: return x < y;
	case OP_LE: return x <= y;
	case OP_GT: return x > y;
	default: return x >= y;
	}
}

static double arith(int op, double x, double y)
{
	switch (op) {
	case OP_ADD: return x + y;
	case OP_SUB: return x - y;
	case OP_MUL: return x * y;
	case OP_DIV: return y == 0 ? NAN : x / y;
	default: return y == 0 ? NAN : fmod(x, y);
	}
}

static int eval_chain(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value acc, rhs;
	int i;

	if (n->op[0] >= OP_ADD) {
		double x, y;

		if (eval_num(n->kid[0], env, &x))
			return -1;
		for (i = 1; i < n->nkid; i++) {
			if (eval_num(n->kid[i], env, &y))
				return -1;
			x = arith(n->op[i - 1], x, y);
		}
		set_num(out, x);
		return 0;
	}
	if (eval(n->kid[0], env, &acc))
		return -1;
	for (i = 1; i < n->nkid; i++) {
		int r;

		if (eval(n->kid[i], env, &rhs)) {
			value_release(&acc);
			return -1;
		}
		r = compare(n->op[i - 1], &acc, &rhs);
		value_release(&acc);
		value_release(&rhs);
		set_bool(&acc, r);
	}
	*out = acc;
	return 0;
}

/* Whether c is one of the blank-separated tokens of s. */
static int has_token(const char *s, const char *c)
{
	size_t n;

	while (is_space((unsigned char)*c))
		c++;
	n = strlen(c);
	while (n && is_space((unsigned char)c[n - 1]))
		n--;
	if (!n)
		return 0;
	while (*s) {
		size_t len = 0;

		while (is_space((unsigned char)*s))
			s++;
		while (s[len] && !is_space((unsigned char)s[len]))
			len++;
		if (len == n && !memcmp(s, c, n))
			return 1;
		s += len;
	}
	return 0;
}

static int count_tokens(const char *s)
{
	int count = 0;

	while (*s) {
		while (is_space((unsigned char)*s))
			s++;
		if (!*s)
			break;
		count++;
		while (*s && !is_space((unsigned char)*s))
			s++;
	}
	return count;
}

/* regex(s, pattern): 1 when the whole of s matches, 0 when not or when a
 * computed pattern is invalid, -1 when out of memory. */
static int eval_regex(const struct node *n, const struct expr_env *env)
{
	struct value vs, vp;
	char bs[32], bp[32], why[160];
	const char *s, *pat;
	regex_t re;
	int rc;

	if (eval_text(n->kid[0], env, &vs, bs, &s))
		return -1;
	if (n->re) {
		rc = regexec(n->re, s, 0, NULL, 0) == 0;
		value_release(&vs);
		return rc;
	}
	if (eval_text(n->kid[1], env, &vp, bp, &pat)) {
		value_release(&vs);
		return -1;
	}
	rc = rx_compile(&re, pat, why, sizeof(why));
	if (rc == 0) {
		rc = regexec(&re, s, 0, NULL, 0) == 0;
		regfree(&re);
	} else {
		rc = rc == -2 ? -1 : 0;
	}
	value_release(&vs);
	value_release(&vp);
	return rc;
}

/* The date of today, local time, as YYYY-MM-DD. */
static void local_today(char buf[16])
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm))
		strftime(buf, 16, "%Y-%m-%d", &tm);
	else
		snprintf(buf, 16, "1970-01-01");
}

/* Functions whose arguments are two texts. */
static int eval_two_texts(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value va, vb;
	char ba[32], bb[32];
	const char *a, *b;
	int r;

	if (eval_text(n->kid[0], env, &va, ba, &a))
		return -1;
	if (eval_text(n->kid[1], env, &vb, bb, &b)) {
		value_release(&va);
		return -1;
	}
	switch (n->fn->id) {
	case F_SELECTED: r = has_token(a, b); break;
	case F_CONTAINS: r = strstr(a, b) != NULL; break;
	case F_ENDS_WITH: r = strlen(a) >= strlen(b) && !strcmp(a + strlen(a) - strlen(b), b); break;
	default: r = !strncmp(a, b, strlen(b)); break;	/* F_STARTS_WITH */
	}
	value_release(&va);
	value_release(&vb);
	set_bool(out, r);
	return 0;
}

/* Numeric functions: NaN in, NaN out, and NaN outside the domain (sqrt(-1)). */
static int eval_math(const struct node *n, const struct expr_env *env, struct value *out)
{
	const char *name = n->fn->name;
	double a = NAN, b = NAN, r;
	int i;

	if (n->nkid >= 1 && eval_num(n->kid[0], env, &a))
		return -1;
	if (n->fn->id == F_MINMAX) {
		/* min(a, b, ...), max(a, b, ...): NaN when one is */
		for (i = 1, r = a; i < n->nkid; i++) {
			if (eval_num(n->kid[i], env, &b))
				return -1;
			r = isnan(r) || isnan(b) ? NAN : name[1] == 'i' ? fmin(r, b) : fmax(r, b);
		}
		set_num(out, r);
		return 0;
	}
	if (n->nkid == 2 && eval_num(n->kid[1], env, &b))
		return -1;
	switch (n->fn->id) {
	case F_PI: r = 3.14159265358979323846; break;
	case F_POW: r = pow(a, b); break;
	case F_ATAN2: r = atan2(a, b); break;
	default:
		r = n->fn->math1(a);	/* F_MATH1 */
		break;
	}
	set_num(out, r);	/* NaN for an infinite result or one outside the domain */
	return 0;
}

/* A random version 4 UUID into buf. */
static void make_uuid(char buf[37])
{
	unsigned char r[16];
	size_t i, k = 0;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(rand() & 0xff);	/* no system random: still unique enough per form */
	r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
	for (i = 0; i < 16; i++) {
		k += (size_t)snprintf(buf + k, 37 - k, "%02x", r[i]);
		if (i == 3 || i == 5 || i == 7 || i == 9)
			buf[k++] = '-';
	}
	buf[36] = '\0';
}

/* Text functions: normalize-space, substr, substring-before/-after, translate, uuid, join... */
static int eval_text_fn(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value v[3];
	char bufs[3][32], id[37];
	const char *a[3] = { "", "", "" };
	struct strbuf sb = STRBUF_INIT;
	const char *p, *q;
	int i, k, rc = 0;

	if (n->fn->id == F_UUID) {
		make_uuid(id);
		return set_str(out, id);
	}
	if (n->fn->id == F_JOIN) {
		/* join(separator, a, b, ...): the answered ones, separated */
		const char *sep;
		struct value vs;
		char bs[32];
		size_t nout = 0;

		if (eval_text(n->kid[0], env, &vs, bs, &sep))
			return -1;
		for (i = 1; i < n->nkid && rc == 0; i++) {
			struct value vi;
			char bi[32];
			const char *t;

			if (eval_text(n->kid[i], env, &vi, bi, &t)) {
				rc = -1;
				break;
			}
			if (*t && sb.len + strlen(sep) + strlen(t) > EXPR_MAX_TEXT) {
				value_release(&vi);
				value_release(&vs);
				strbuf_release(&sb);
				if (env && env->too_long)
					++*env->too_long;
				set_num(out, NAN);
				return 0;
			}
			if (*t && ((nout++ && strbuf_addstr(&sb, sep)) || strbuf_addstr(&sb, t)))
				rc = -1;
			value_release(&vi);
		}
		value_release(&vs);
		if (rc) {
			strbuf_release(&sb);
			return -1;
		}
		return set_str_take(out, strbuf_detach(&sb, NULL));
	}
	for (k = 0; k < n->nkid; k++)
		if (eval_text(n->kid[k], env, &v[k], bufs[k], &a[k])) {
			while (k-- > 0)
				value_release(&v[k]);
			return -1;
		}
	switch (n->fn->id) {
	case F_NORMALIZE:
		/* blanks at both ends removed, runs of blanks made one space */
		for (p = a[0]; *p && rc == 0;) {
			if (is_space((unsigned char)*p)) {
				while (is_space((unsigned char)*p))
					p++;
				if (*p && sb.len)
					rc = strbuf_addstr(&sb, " ");
				continue;
			}
			rc = strbuf_add(&sb, p, 1);
			p++;
		}
		break;
	case F_SUBSTR: {
		/* substr(s, start[, end]): characters from start (0-based) up to end */
		double d0 = expr_text_to_number(a[1]), d1 = n->nkid == 3 ? expr_text_to_number(a[2]) : INFINITY;
		long i0, i1, c = 0;

		if (isnan(d0) || isnan(d1))
			break;
		i0 = d0 < 0 ? 0 : d0 > (double)EXPR_MAX_TEXT ? EXPR_MAX_TEXT : (long)d0;
		i1 = d1 > (double)EXPR_MAX_TEXT ? EXPR_MAX_TEXT : d1 < 0 ? 0 : (long)d1;
		for (p = a[0]; *p && c < i1 && rc == 0; c++) {
			size_t len = utf8_len(p);

			if (c >= i0)
				rc = strbuf_add(&sb, p, len);
			p += len;
		}
		break;
	}
	case F_SUBSTRING_BEFORE:
	case F_SUBSTRING_AFTER:
		q = *a[1] ? strstr(a[0], a[1]) : NULL;
		if (q && n->fn->id == F_SUBSTRING_BEFORE)
			rc = strbuf_add(&sb, a[0], (size_t)(q - a[0]));
		else if (q)
			rc = strbuf_addstr(&sb, q + strlen(a[1]));
		else if (!*a[1] && n->fn->id == F_SUBSTRING_AFTER)
			rc = strbuf_addstr(&sb, a[0]);
		break;
	case F_TRANSLATE:
		/* each character of a[1] becomes the one at its place in a[2], or nothing */
		for (p = a[0]; *p && rc == 0;) {
			size_t len = utf8_len(p), pos = 0;
			const char *f = a[1], *t = a[2];

			while (*f && (strncmp(f, p, len) || utf8_len(f) != len)) {
				f += utf8_len(f);
				pos++;
			}
			if (!*f) {
				rc = strbuf_add(&sb, p, len);
			} else {
				for (; *t && pos; pos--)
					t += utf8_len(t);
				if (*t)
					rc = strbuf_add(&sb, t, utf8_len(t));
			}
			p += len;
		}
		break;
	case F_BOOLEAN_FROM_STRING:
		set_bool(out, !strcmp(a[0], "true") || !strcmp(a[0], "1"));
		for (k = 0; k < n->nkid; k++)
			value_release(&v[k]);
		return 0;
	case F_SELECTED_AT: {
		/* selected-at(s, i): the i-th (0-based) choice of a select_multiple */
		double d = expr_text_to_number(a[1]);
		long want = isnan(d) || d < 0 ? -1 : (long)d, c = 0;

		for (p = a[0]; want >= 0 && *p;) {
			while (is_space((unsigned char)*p))
				p++;
			q = p;
			while (*q && !is_space((unsigned char)*q))
				q++;
			if (q > p && c++ == want) {
				rc = strbuf_add(&sb, p, (size_t)(q - p));
				break;
			}
			p = q;
		}
		break;
	}
	default:
		break;
	}
	for (k = 0; k < n->nkid; k++)
		value_release(&v[k]);
	if (rc || sb.len > EXPR_MAX_TEXT) {
		strbuf_release(&sb);
		if (rc)
			return -1;
		set_num(out, NAN);
		return 0;
	}
	return set_str_take(out, strbuf_detach(&sb, NULL));
}

/* Every value of the nodeset ${ref} designates, to fn; one without repeats. */
static int each_value(const struct node *ref, const struct expr_env *env,
		      int (*fn)(void *arg, const char *value), void *arg)
{
	if (env && env->each)
		return env->each(env->ctx, ref->str, fn, arg);
	return fn(arg, env && env->lookup ? env->lookup(env->ctx, ref->str) : NULL);
}

/* What an aggregate accumulates. */
struct aggregate {
	enum fn_id id;		/* F_COUNT, F_SUM, F_MINMAX (with max) or F_JOIN */
	int max;		/* F_MINMAX: 1 for max() */
	double acc;		/* count, sum, min or max so far */
	size_t n;		/* values seen */
	struct strbuf sb;	/* F_JOIN: the text so far */
	const char *sep;	/* F_JOIN: the separator */
	int too_long;		/* F_JOIN: the text would pass EXPR_MAX_TEXT */
};

static int aggregate_one(void *arg, const char *value)
{
	struct aggregate *a = arg;
	double d;

	if (a->id == F_JOIN) {
		size_t len = value ? strlen(value) : 0;

		if (!len || a->too_long)
			return 0;
		if (a->sb.len + strlen(a->sep) + len > EXPR_MAX_TEXT) {
			a->too_long = 1;
			return 0;
		}
		if ((a->n++ && strbuf_addstr(&a->sb, a->sep)) || strbuf_add(&a->sb, value, len))
			return -1;
		return 0;
	}
	if (a->id == F_COUNT) {
		a->acc++;
		return 0;
	}
	d = expr_text_to_number(value ? value : "");
	if (a->id == F_SUM)
		a->acc += d;
	else if (a->n == 0 || isnan(d) || isnan(a->acc))
		a->acc = a->n == 0 || isnan(d) ? d : a->acc;
	else
		a->acc = a->max ? fmax(a->acc, d) : fmin(a->acc, d);
	a->n++;
	return 0;
}

/* count(), sum(), min() or max() of one ${reference}, join(sep, ${reference}). */
static int eval_aggregate(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct aggregate a;
	struct value vs;
	char bs[32];
	int rc;

	memset(&a, 0, sizeof(a));
	strbuf_init(&a.sb, 0);
	a.id = n->fn->id;
	a.max = n->fn->name[1] == 'a';
	if (a.id == F_JOIN) {
		if (eval_text(n->kid[0], env, &vs, bs, &a.sep))
			return -1;
		rc = each_value(n->kid[1], env, aggregate_one, &a);
		value_release(&vs);
		if (rc < 0) {
			strbuf_release(&a.sb);
			return -1;
		}
		if (a.too_long) {
			strbuf_release(&a.sb);
			if (env && env->too_long)
				++*env->too_long;
			set_num(out, NAN);
			return 0;
		}
		return set_str_take(out, strbuf_detach(&a.sb, NULL));
	}
	if (each_value(n->kid[0], env, aggregate_one, &a) < 0)
		return -1;
	set_num(out, a.id == F_MINMAX && a.n == 0 ? NAN : a.acc);
	return 0;
}

/* indexed-repeat(${q}, ${r1}, i1 [, ${r2}, i2 [, ${r3}, i3]]) */
static int eval_indexed(const struct node *n, const struct expr_env *env, struct value *out)
{
	const char *names[3];
	double at[3];
	int k;

	for (k = 0; 2 * k + 2 < n->nkid; k++) {
		names[k] = n->kid[2 * k + 1]->str;
		if (eval_num(n->kid[2 * k + 2], env, &at[k]))
			return -1;
	}
	if (!env || !env->indexed)
		return set_str(out, NULL);
	return set_str(out, env->indexed(env->ctx, n->kid[0]->str, names, at, k));
}

/* position() */
static int fn_position(const struct node *n, const struct expr_env *env, struct value *out)
{
	set_num(out, env && env->position ? env->position(env->ctx) : NAN);
	return 0;
}

/* The numeric functions, sqrt() to pi(), and min() and max() (of one ${reference}: eval_aggregate()). */
static int fn_math(const struct node *n, const struct expr_env *env, struct value *out)
{
	if (n->fn->id == F_MINMAX && n->nkid == 1 && n->kid[0]->kind == N_REF)
		return eval_aggregate(n, env, out);
	return eval_math(n, env, out);
}

/*
 * normalize-space(), substr(), substring-before(), substring-after(),
 * translate(), uuid(), join() (join(sep, ${reference}): eval_aggregate()).
 */
static int fn_text(const struct node *n, const struct expr_env *env, struct value *out)
{
	if (n->nkid == 2 && n->kid[1]->kind == N_REF)
		return eval_aggregate(n, env, out);
	return eval_text_fn(n, env, out);
}

/* once() */
static int fn_once(const struct node *n, const struct expr_env *env, struct value *out)
{
	/* the first value stays with the answers saved; here, the value */
	return eval(n->kid[0], env, out);
}

/* count-selected(), string-length() */
static int fn_count_length(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value v;
	char buf[32];
	const char *s;
	double d;

	if (eval_text(n->kid[0], env, &v, buf, &s))
		return -1;
	d = n->fn->id == F_COUNT_SELECTED ? count_tokens(s) : (double)utf8_chars(s, strlen(s));
	value_release(&v);
	set_num(out, d);
	return 0;
}

/* if() */
static int fn_if(const struct node *n, const struct expr_env *env, struct value *out)
{
	int b;

	if (eval_bool(n->kid[0], env, &b))
		return -1;
	return eval(n->kid[b ? 1 : 2], env, out);
}

/* not() */
static int fn_not(const struct node *n, const struct expr_env *env, struct value *out)
{
	int b;

	if (eval_bool(n->kid[0], env, &b))
		return -1;
	set_bool(out, !b);
	return 0;
}

/* today() */
static int fn_today(const struct node *n, const struct expr_env *env, struct value *out)
{
	char buf[32];

	if (env && env->today)
		return set_str(out, env->today);
	local_today(buf);
	return set_str(out, buf);
}

/* regex() */
static int fn_regex(const struct node *n, const struct expr_env *env, struct value *out)
{
	int b;

	if ((b = eval_regex(n, env)) < 0)
		return -1;
	set_bool(out, b);
	return 0;
}

/* concat() */
static int fn_concat(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value v;
	char buf[32];
	const char *s;
	int b, i;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n->nkid; i++) {
		size_t len;

		if (eval_text(n->kid[i], env, &v, buf, &s)) {
			strbuf_release(&sb);
			return -1;
		}
		len = strlen(s);
		if (len > EXPR_MAX_TEXT - sb.len) {
			/* too long: no value, and nothing more evaluated */
			value_release(&v);
			strbuf_release(&sb);
			if (env && env->too_long)
				++*env->too_long;
			set_num(out, NAN);
			return 0;
		}
		b = strbuf_add(&sb, s, len);
		value_release(&v);
		if (b) {
			strbuf_release(&sb);
			return -1;
		}
	}
	return set_str_take(out, strbuf_detach(&sb, NULL));
}

/* coalesce() */
static int fn_coalesce(const struct node *n, const struct expr_env *env, struct value *out)
{
	if (eval(n->kid[0], env, out))
		return -1;
	if ((out->type == VAL_STRING && out->str[0]) ||
	    (out->type == VAL_NUMBER && !isnan(out->num)) || out->type == VAL_BOOL)
		return 0;
	value_release(out);
	return eval(n->kid[1], env, out);
}

/* number(), int() */
static int fn_number(const struct node *n, const struct expr_env *env, struct value *out)
{
	double d;

	if (eval_num(n->kid[0], env, &d))
		return -1;
	set_num(out, n->fn->id == F_INT ? trunc(d) : d);
	return 0;
}

/* string() */
static int fn_string(const struct node *n, const struct expr_env *env, struct value *out)
{
	struct value v;
	int b;

	if (eval(n->kid[0], env, &v))
		return -1;
	b = set_str_take(out, value_to_string(&v));
	value_release(&v);
	return b;
}

/* round() */
static int fn_round(const struct node *n, const struct expr_env *env, struct value *out)
{
	double d, digits;

	digits = 0;
	if (eval_num(n->kid[0], env, &d) || (n->nkid == 2 && eval_num(n->kid[1], env, &digits)))
		return -1;
	set_num(out, round_decimal(d, digits));
	return 0;
}

/* true(), false() */
static int fn_bool(const struct node *n, const struct expr_env *env, struct value *out)
{
	set_bool(out, n->fn->id == F_TRUE);
	return 0;
}

static int eval_call(const struct node *n, const struct expr_env *env, struct value *out)
{
	return n->fn->eval(n, env, out);
}

static int eval(const struct node *n, const struct expr_env *env, struct value *out)
{
	const char *s;
	double d;
	int i, b;

	switch (n->kind) {
	case N_NUM:
		set_num(out, n->num);
		return 0;
	case N_STR:
		return set_str(out, n->str);
	case N_REF:
		s = env && env->lookup ? env->lookup(env->ctx, n->str) : NULL;
		return set_str(out, s);
	case N_ATTR:
		s = env && env->attr ? env->attr(env->ctx, n->str) : NULL;
		return set_str(out, s);
	case N_DOT:
		return set_str(out, env ? env->dot : NULL);
	case N_PARENT:
		return set_str(out, NULL);
	case N_NEG:
		if (eval_num(n->kid[0], env, &d))
			return -1;
		set_num(out, -d);
		return 0;
	case N_CHAIN:
		return eval_chain(n, env, out);
	case N_AND:
	case N_OR:
		/* Short-circuit: stop at the first false (and) or true (or). */
		for (i = 0; i < n->nkid; i++) {
			if (eval_bool(n->kid[i], env, &b))
				return -1;
			if (b == (n->kind == N_OR))
				break;
		}
		set_bool(out, i < n->nkid ? n->kind == N_OR : n->kind == N_AND);
		return 0;
	case N_CALL:
		return eval_call(n, env, out);
	}
	return -1;
}

int expr_eval(const struct expr *e, const struct expr_env *env, struct value *out)
{
	set_num(out, NAN);
	if (!e)
		return 0;
	return eval(e->root, env, out);
}

int expr_eval_bool(const struct expr *e, const struct expr_env *env)
{
	struct value v;
	int b;

	if (expr_eval(e, env, &v))
		return -1;
	b = value_to_bool(&v);
	value_release(&v);
	return b;
}

char *expr_eval_string(const struct expr *e, const struct expr_env *env)
{
	struct value v;
	char *s;

	if (expr_eval(e, env, &v))
		return NULL;
	s = value_to_string(&v);
	value_release(&v);
	return s;
}
