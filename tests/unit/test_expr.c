/*
 * Unit tests of the expression language (src/survey/expr.c): a table of
 * expressions evaluated against answers with their expected text or
 * boolean, a table of malformed expressions with the exact column and
 * message of the error, then the inspection functions (references, '.',
 * bounds), choice filters, and inputs meant to hurt (deep nesting, long
 * chains).  Cases whose expected value is XPath 1.0's rule rather than
 * common sense say so.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "survey/expr.h"

/* The answers of one case, parsed from "name=value|name=value". */
struct answers {
	char buf[512];		/* copy of the spec, cut into names and values */
	const char *name[16];	/* question names */
	const char *value[16];	/* their answers */
	int n;			/* number of answers */
	int nlookup_boom;	/* lookups of the question "boom" */
};

static void answers_init(struct answers *a, const char *spec)
{
	char *s, *save = NULL;

	memset(a, 0, sizeof(*a));
	if (!spec)
		return;
	assert_true(strlen(spec) < sizeof(a->buf));
	strcpy(a->buf, spec);
	for (s = strtok_r(a->buf, "|", &save); s; s = strtok_r(NULL, "|", &save)) {
		char *eq = strchr(s, '=');

		assert_non_null(eq);
		assert_true(a->n < 16);
		*eq = '\0';
		a->name[a->n] = s;
		a->value[a->n++] = eq + 1;
	}
}

static const char *lookup(void *ctx, const char *name)
{
	struct answers *a = ctx;
	int i;

	if (!strcmp(name, "boom"))
		a->nlookup_boom++;
	for (i = 0; i < a->n; i++)
		if (!strcmp(a->name[i], name))
			return a->value[i];
	return NULL;
}

#define TODAY "2024-03-15"

struct eval_case {
	const char *src;	/* the expression */
	const char *answers;	/* "name=value|...", NULL for none */
	const char *dot;	/* value of '.', NULL when unanswered */
	const char *want;	/* expected text (expr_eval_string), or NULL */
	int want_bool;		/* expected expr_eval_bool() when want is NULL */
};

#define T(src, ans, dot, text) { src, ans, dot, text, -1 }
#define B(src, ans, dot, b) { src, ans, dot, NULL, b }

static const struct eval_case eval_cases[] = {
	/* Arithmetic and precedence. */
	T("1 + 2 * 3", NULL, NULL, "7"),
	T("(1 + 2) * 3", NULL, NULL, "9"),
	T("10 - 4 - 3", NULL, NULL, "3"),			/* left associative */
	T("3 - 2 - 1", NULL, NULL, "0"),
	T("2 * 3 div 4", NULL, NULL, "1.5"),
	T("2 + 3 * 4 - 6 div 2", NULL, NULL, "11"),
	T("10 div 4", NULL, NULL, "2.5"),
	T("7 mod 3", NULL, NULL, "1"),
	T("-7 mod 3", NULL, NULL, "-1"),	/* XPath 1.0: sign of the dividend */
	T("7 mod -3", NULL, NULL, "1"),		/* XPath 1.0: sign of the dividend */
	T("5.5 mod 2", NULL, NULL, "1.5"),
	T("2 + 10 mod 4 * 3", NULL, NULL, "8"),	/* mod and * at one level, left to right */
	T(".5 + .25", NULL, NULL, "0.75"),
	T("1.50", NULL, NULL, "1.5"),
	T("2.0", NULL, NULL, "2"),
	T("1.", NULL, NULL, "1"),		/* XPath 1.0: Digits '.' is a number */
	/* Unary minus. */
	T("-3 + 5", NULL, NULL, "2"),
	T("-(3 + 5)", NULL, NULL, "-8"),
	T("- - 4", NULL, NULL, "4"),
	T("-2 * -3", NULL, NULL, "6"),
	T("2 - -3", NULL, NULL, "5"),
	T("-${n}", "n=4", NULL, "-4"),
	/* Division and mod by zero: NaN, printed as ''. */
	T("1 div 0", NULL, NULL, ""),
	T("-1 div 0", NULL, NULL, ""),
	T("0 div 0", NULL, NULL, ""),
	T("5 mod 0", NULL, NULL, ""),
	T("(1 div 0) + 1", NULL, NULL, ""),
	B("1 div 0 = 1 div 0", NULL, NULL, 0),	/* XPath 1.0: NaN equals nothing */
	/* Number formatting. */
	T("0.1 + 0.2", NULL, NULL, "0.30000000000000004"),
	T("1 div 3", NULL, NULL, "0.3333333333333333"),
	T("2 div 3", NULL, NULL, "0.6666666666666666"),
	T("1 div 8", NULL, NULL, "0.125"),
	T("1 div 10000000", NULL, NULL, "1e-07"),
	T("1000000000000000", NULL, NULL, "1e+15"),
	T("999999999999999", NULL, NULL, "999999999999999"),
	T("-999999999999999", NULL, NULL, "-999999999999999"),
	T("100000 * 100000 * 100000", NULL, NULL, "1e+15"),
	T("123456789012345 + 0.5", NULL, NULL, "123456789012345.5"),
	T("2 div 3 * 3", NULL, NULL, "2"),
	T("0 * -1", NULL, NULL, "0"),		/* -0 prints as 0 */
	T("-0", NULL, NULL, "0"),
	/* Unanswered questions in arithmetic. */
	T("${n} + 1", NULL, NULL, ""),
	T("${n} * 0", NULL, NULL, ""),
	T("-${n}", NULL, NULL, ""),
	T("${n} + 1", "n=4", NULL, "5"),
	T("${a} + ${b}", "a=2|b=3", NULL, "5"),
	T("${a} + ${b}", "a=2", NULL, ""),
	T("${a} + ${b}", "a=2|b=", NULL, ""),
	/* Unanswered questions in comparisons and boolean contexts. */
	B("${n} = ''", NULL, NULL, 1),
	B("${n} = ''", "n=3", NULL, 0),
	B("${n} != ''", "n=3", NULL, 1),
	B("${n} = 3", NULL, NULL, 0),
	B("${n} != 3", NULL, NULL, 1),		/* XPath 1.0: NaN != 3 is true */
	B("${n} < 3", NULL, NULL, 0),
	B("${n} >= 3", NULL, NULL, 0),
	B("${n}", NULL, NULL, 0),
	B("${n}", "n=0", NULL, 1),		/* XPath 1.0: the text '0' is non-empty */
	B("${n} + 0", "n=0", NULL, 0),
	B("not(${n})", NULL, NULL, 1),
	B("'' = ''", NULL, NULL, 1),
	B("'' != ''", NULL, NULL, 0),
	B("'' = 0", NULL, NULL, 0),		/* XPath 1.0: compared as numbers, NaN */
	B("'' < 1", NULL, NULL, 0),
	/* Mixed types. */
	B("'05' = 5", NULL, NULL, 1),		/* XPath 1.0: a number side makes it numeric */
	B("'abc' != 5", NULL, NULL, 1),
	B("'abc' = 5", NULL, NULL, 0),
	B("'05' = '5'", NULL, NULL, 0),		/* XPath 1.0: two texts compare as texts */
	B("${a} = 5", "a=5.0", NULL, 1),
	B("${a} = '5'", "a=5.0", NULL, 0),
	B("true() = 'abc'", NULL, NULL, 1),	/* XPath 1.0: a boolean side makes it boolean */
	B("false() = ''", NULL, NULL, 1),
	B("true() = 2", NULL, NULL, 1),
	B("false() = 0", NULL, NULL, 1),
	B("'false' = true()", NULL, NULL, 1),	/* XPath 1.0: the text 'false' is true */
	T("true() + 1", NULL, NULL, "2"),
	T("true()", NULL, NULL, "true"),
	T("1 < 2", NULL, NULL, "true"),
	T("string(1 = 2)", NULL, NULL, "false"),
	B("'10' > '9'", NULL, NULL, 1),		/* XPath 1.0: < > always compare numbers */
	B("'abc' < 'abd'", NULL, NULL, 0),	/* XPath 1.0: both NaN */
	B("1 < 2 < 3", NULL, NULL, 1),		/* XPath 1.0: (1 < 2) is true, 1 < 3 */
	B("3 > 2 > 1", NULL, NULL, 0),		/* XPath 1.0: (3 > 2) is true, 1 > 1 */
	B("2 = 2 = 2", NULL, NULL, 1),		/* XPath 1.0: true = 2 as booleans */
	B("3 > 2 = 1 > 0", NULL, NULL, 1),	/* < > bind tighter than = */
	T("'12' + '3'", NULL, NULL, "15"),
	T("' 7 ' * 2", NULL, NULL, "14"),	/* XPath 1.0: blanks around a number are ignored */
	T("'7abc' * 2", NULL, NULL, ""),
	T("'1e3' + 1", NULL, NULL, "1001"),	/* not XPath: exponents read, as ODK does */
	T("concat(\"l'école\", ' dit \"oui\"')", NULL, NULL, "l'école dit \"oui\""),
	/* and, or, not, if, with short circuits. */
	B("1 = 1 and 2 = 2", NULL, NULL, 1),
	B("1 = 1 and 2 = 3", NULL, NULL, 0),
	B("1 = 2 or 2 = 2", NULL, NULL, 1),
	B("1 = 2 or 2 = 3", NULL, NULL, 0),
	B("1 = 1 or 1 = 2 and 1 = 2", NULL, NULL, 1),	/* and binds tighter than or */
	B("(1 = 1 or 1 = 2) and 1 = 2", NULL, NULL, 0),
	B("not(1 = 1) or not(0)", NULL, NULL, 1),
	B("1 and 0", NULL, NULL, 0),
	B("'a' and 'b'", NULL, NULL, 1),
	B("'' or 0", NULL, NULL, 0),
	B("1 + 1 = 2 and 3 > 2", NULL, NULL, 1),
	B("1 = 2 and ${boom} = 1", NULL, NULL, 0),	/* boom is never looked up */
	B("1 = 1 or ${boom} = 1", NULL, NULL, 1),
	T("if(1 = 1, 'oui', ${boom})", NULL, NULL, "oui"),
	T("if(${n} > 10, 'grand', 'petit')", "n=12", NULL, "grand"),
	T("if(${n} > 10, 'grand', 'petit')", "n=3", NULL, "petit"),
	T("if(${n} = '', 'manquant', ${n})", NULL, NULL, "manquant"),
	T("if('', 1, 2)", NULL, NULL, "2"),
	T("if(1 div 0, 'x', 'y')", NULL, NULL, "y"),
	T("not('')", NULL, NULL, "true"),
	/* Other functions. */
	T("coalesce(${a}, ${b})", "b=secours", NULL, "secours"),
	T("coalesce(${a}, ${b})", "a=x|b=y", NULL, "x"),
	T("coalesce(1 div 0, 7)", NULL, NULL, "7"),
	T("concat('Bonjour ', ${prenom}, ' !')", "prenom=Amélie", NULL, "Bonjour Amélie !"),
	T("concat()", NULL, NULL, ""),
	T("concat(1 div 4, '/', true(), ${n})", NULL, NULL, "0.25/true"),
	T("number('3.5') * 2", NULL, NULL, "7"),
	T("number('')", NULL, NULL, ""),
	T("number(true())", NULL, NULL, "1"),
	T("string(0.5)", NULL, NULL, "0.5"),
	T("string(1 div 0)", NULL, NULL, ""),	/* not XPath, which says 'NaN' */
	T("int(3.7)", NULL, NULL, "3"),
	T("int(-3.7)", NULL, NULL, "-3"),
	T("int('')", NULL, NULL, ""),
	T("round(2.5)", NULL, NULL, "3"),
	T("round(-2.5)", NULL, NULL, "-3"),	/* not XPath (-2): halves away from zero */
	T("round(2.675, 2)", NULL, NULL, "2.68"),
	T("round(1.005, 2)", NULL, NULL, "1.01"),
	T("round(3.14159, 3)", NULL, NULL, "3.142"),
	T("round(9.96, 1)", NULL, NULL, "10"),
	T("round(1234.5678, -2)", NULL, NULL, "1200"),
	T("round(0.4)", NULL, NULL, "0"),
	T("round(-0.4)", NULL, NULL, "0"),
	T("round(${n}, 1)", NULL, NULL, ""),
	B("contains('Île-de-France', 'de')", NULL, NULL, 1),
	B("contains('abc', '')", NULL, NULL, 1),	/* XPath 1.0 */
	B("contains('abc', 'd')", NULL, NULL, 0),
	B("starts-with('Paris 75', 'Paris')", NULL, NULL, 1),
	B("starts-with('Paris', 'paris')", NULL, NULL, 0),
	/* The other functions XLSForm documents (issue 13): numbers. */
	T("sqrt(16)", NULL, NULL, "4"),
	T("sqrt(-1)", NULL, NULL, ""),		/* outside the domain: no value */
	T("sqrt(${n})", NULL, NULL, ""),
	T("pow(2, 10)", NULL, NULL, "1024"),
	T("pow(${a}, 2)", "a=3", NULL, "9"),
	T("abs(-2.5)", NULL, NULL, "2.5"),
	T("floor(2.7) + ceiling(2.1)", NULL, NULL, "5"),
	T("log10(1000)", NULL, NULL, "3"),
	T("exp10(2)", NULL, NULL, "100"),
	T("round(exp(1), 3)", NULL, NULL, "2.718"),
	T("round(log(10), 3)", NULL, NULL, "2.303"),
	T("round(pi(), 4)", NULL, NULL, "3.1416"),
	T("round(sin(pi() div 2) + cos(0) + tan(0) + asin(1) * 0 + acos(1) + atan(0), 3)", NULL, NULL, "2"),
	T("round(atan2(1, 1) * 4, 4)", NULL, NULL, "3.1416"),
	T("max(1, ${a}, 3)", "a=7", NULL, "7"),
	T("min(4, 2, 3)", NULL, NULL, "2"),
	T("max(1, ${n})", NULL, NULL, ""),		/* an unanswered one: no value */
	/* texts */
	T("normalize-space('  a   b  ')", NULL, NULL, "a b"),
	T("substr('Île-de-France', 0, 3)", NULL, NULL, "Île"),
	T("substr('abcdef', 2)", NULL, NULL, "cdef"),
	T("substring-before('2026-12-05', '-')", NULL, NULL, "2026"),
	T("substring-after('2026-12-05', '-')", NULL, NULL, "12-05"),
	T("substring-after('abc', 'x')", NULL, NULL, ""),
	T("translate('élève', 'éè', 'EE')", NULL, NULL, "ElEve"),
	T("translate('abc', 'ab', 'A')", NULL, NULL, "Ac"),
	T("join(', ', ${a}, ${b}, 'c')", "a=x", NULL, "x, c"),
	T("selected-at(${m}, 1)", "m=a b c", NULL, "b"),
	T("selected-at(${m}, 5)", "m=a b", NULL, ""),
	T("string-length(uuid())", NULL, NULL, "36"),
	B("regex(uuid(), '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}')", NULL, NULL, 1),
	T("once(concat('a', 'b'))", NULL, NULL, "ab"),
	B("boolean-from-string('true')", NULL, NULL, 1),
	B("boolean-from-string('yes')", NULL, NULL, 0),
	B("ends-with('rapport.pdf', '.pdf')", NULL, NULL, 1),
	B("ends-with('pdf', 'rapport.pdf')", NULL, NULL, 0),
	/* string-length counts characters. */
	T("string-length('')", NULL, NULL, "0"),
	T("string-length(${n})", NULL, NULL, "0"),
	T("string-length('Élève')", NULL, NULL, "5"),
	T("string-length('crème brûlée')", NULL, NULL, "12"),
	T("string-length(${c})", "c=Ça a été très intéressant", NULL, "25"),
	T("string-length(12.50)", NULL, NULL, "4"),
	/* selected and count-selected. */
	B("selected(${m}, 'b')", "m=a b c", NULL, 1),
	B("selected(${m}, 'd')", "m=a b c", NULL, 0),
	B("selected(${m}, 'a')", NULL, NULL, 0),
	B("selected(${m}, '')", "m=a b", NULL, 0),
	B("selected(${m}, 'ab')", "m=ab b", NULL, 1),
	B("selected(${m}, 'a')", "m=ab b", NULL, 0),	/* a token, not a substring */
	B("selected(${m}, ' b ')", "m=a b", NULL, 1),
	B("selected(${m}, 'velo')", "m=voiture  velo", NULL, 1),
	B("selected(${s}, 'oui')", "s=oui", NULL, 1),
	T("count-selected(${m})", "m=a b c", NULL, "3"),
	T("count-selected(${m})", NULL, NULL, "0"),
	T("count-selected(${m})", "m=  a   b ", NULL, "2"),
	B("count-selected(${m}) >= 2 and not(selected(${m}, 'aucun'))", "m=sport lecture", NULL, 1),
	/* Dates, with today() fixed at 2024-03-15. */
	T("today()", NULL, NULL, "2024-03-15"),
	T("today() - '2024-03-01'", NULL, NULL, "14"),
	T("today() + 1", NULL, NULL, "19798"),
	T("'2024-03-01' - '2024-02-01'", NULL, NULL, "29"),
	T("'2023-03-01' - '2023-02-01'", NULL, NULL, "28"),
	T("number('1970-01-02')", NULL, NULL, "1"),
	T("number('1969-12-31')", NULL, NULL, "-1"),
	T("number('2000-01-01')", NULL, NULL, "10957"),
	T("number('2023-02-29')", NULL, NULL, ""),
	T("number('2024-13-01')", NULL, NULL, ""),
	T("int((today() - ${dob}) div 365.25)", "dob=1990-06-15", NULL, "33"),
	B("${d} < today()", "d=2024-03-14", NULL, 1),
	B("${d} > today()", "d=2024-03-16", NULL, 1),
	B("${d} <= today()", NULL, NULL, 0),
	B("today() = '2024-03-15'", NULL, NULL, 1),
	/* Regular expressions: the whole text must match. */
	B("regex(${tel}, '0[67][0-9]{8}')", "tel=0612345678", NULL, 1),
	B("regex(${tel}, '0[67][0-9]{8}')", "tel=061234567", NULL, 0),
	B("regex(${tel}, '0[67][0-9]{8}')", "tel=06123456789", NULL, 0),
	B("regex(., '[A-Z]{2}')", NULL, "AB", 1),
	B("regex(., '[A-Z]{2}')", NULL, "ABC", 0),
	B("regex(., '\\d{5}')", NULL, "75011", 1),
	B("regex(., '\\d{5}')", NULL, "ddddd", 0),
	B("regex(., '^\\d+$')", NULL, "123", 1),
	B("regex(., 'oui|non')", NULL, "non", 1),
	/* a '-' after a class in brackets is a dash (Java), as real forms write e-mails */
	B("regex(., '^[\\w-\\.]+@([\\w-]+\\.)+[\\w-]{2,}$')", NULL, "a.b-c@ex-ample.org", 1),
	B("regex(., '^[\\w-\\.]+@([\\w-]+\\.)+[\\w-]{2,}$')", NULL, "a b@example.org", 0),
	B("regex(., '[\\d-]+')", NULL, "06-12", 1),
	B("regex(., 'oui|non')", NULL, "ouinon", 0),
	B("regex(., '[[:alpha:]]+@[a-z]+\\.fr')", NULL, "jean@exemple.fr", 1),
	B("regex(., '[\\d.]+')", NULL, "3.14", 1),
	B("regex(., '\\w+')", NULL, "abc_1", 1),
	B("regex(., '\\s*')", NULL, "  ", 1),
	B("regex(., ${motif})", "motif=a+", "aaa", 1),
	B("regex(., ${motif})", "motif=a(", "a(", 0),	/* invalid computed pattern: false */
	B("regex(., ${motif})", "motif=a{200}{200}", "a", 0),	/* too costly: false, no gigabytes */
	B("regex(., '[{}+*]{1,3}(x{99}|y)')", NULL, "+*y", 1),	/* within the limits */
	B("regex(${n}, '.*')", NULL, NULL, 1),
	/* The current answer '.'. */
	B(". >= 1 and . <= 5", NULL, "3", 1),
	B(". >= 1 and . <= 5", NULL, "6", 0),
	B(". >= 1 and . <= 5", NULL, NULL, 0),
	T(". * 2", NULL, "2.5", "5"),
	B("string-length(.) <= 10", NULL, "Bonjour", 1),
};

static void test_eval_table(void **state)
{
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
		const struct eval_case *c = &eval_cases[i];
		struct answers a;
		struct expr_env env = { lookup, NULL, &a, c->dot, TODAY, NULL, NULL, NULL, NULL };
		struct expr_error err;
		struct expr *e;

		answers_init(&a, c->answers);
		if (expr_parse(&e, c->src, EXPR_DEFAULT, &err)) {
			fprintf(stderr, "case %zu: %s: parse error at %d: %s\n", i, c->src, err.col, err.msg);
			failed++;
			continue;
		}
		if (c->want) {
			char *got = expr_eval_string(e, &env);

			assert_non_null(got);
			if (strcmp(got, c->want)) {
				fprintf(stderr, "case %zu: %s: got '%s', want '%s'\n", i, c->src, got, c->want);
				failed++;
			}
			free(got);
		} else {
			int got = expr_eval_bool(e, &env);

			if (got != c->want_bool) {
				fprintf(stderr, "case %zu: %s: got %d, want %d\n", i, c->src, got, c->want_bool);
				failed++;
			}
		}
		if (a.nlookup_boom) {
			fprintf(stderr, "case %zu: %s: no short circuit\n", i, c->src);
			failed++;
		}
		expr_free(e);
	}
	assert_true(i >= 100);
	assert_int_equal(failed, 0);
}

struct error_case {
	const char *src;	/* the malformed expression */
	int col;		/* expected column, in characters */
	const char *msg;	/* expected message */
};

static const struct error_case error_cases[] = {
	{ "", 1, "empty expression" },
	{ "   ", 1, "empty expression" },
	{ "1 +", 4, "unexpected end of expression" },
	{ "${a} = 'x' or", 14, "unexpected end of expression" },
	{ "(1 + 2", 7, "expected ')' to close '(' at column 1" },
	{ "if((1, 2, 3)", 6, "expected ')' to close '(' at column 4" },
	{ "foo(1)", 1, "unknown function 'foo'" },
	{ "selectd(${a}, 'x')", 1, "unknown function 'selectd'; did you mean 'selected'?" },
	{ "count_selected(${m})", 1, "unknown function 'count_selected'; did you mean 'count-selected'?" },
	{ "string-length(.) > 3 and selectd(${a}, 'b')", 26,
	  "unknown function 'selectd'; did you mean 'selected'?" },
	{ "if(1, 2)", 1, "function 'if' takes 3 arguments, not 2" },
	{ "not()", 1, "function 'not' takes 1 argument, not 0" },
	{ "today(1)", 1, "function 'today' takes no arguments, not 1" },
	{ "1 + round(1, 2, 3)", 5, "function 'round' takes 1 or 2 arguments, not 3" },
	{ "foo = 1", 1, "bare name 'foo' is not allowed here; write ${foo} to refer to a question" },
	{ "today", 1, "function 'today' must be called with parentheses: today()" },
	{ "'abc", 1, "unterminated string" },
	{ "1 = \"abc'", 5, "unterminated string" },
	{ "1 # 2", 3, "unexpected character '#'" },
	{ "1 | 2", 3, "unexpected character '|'" },
	{ "'é' = 1 § 2", 9, "unexpected character '§'" },
	{ "1 +\x01 2", 4, "unexpected control character 0x01" },
	{ "${âge} > 18", 3, "invalid character 'â' in a question name" },
	{ "${a b}", 4, "invalid character ' ' in a question name" },
	{ "'été' = ${a", 12, "expected '}' to close '${' at column 9" },
	{ "${}", 1, "empty question name '${}'" },
	{ "$a", 1, "expected '{' after '$'" },
	{ "1 == 1", 3, "unexpected '=='; write '=' to compare" },
	{ "1 <> 2", 3, "unexpected '<>'; write '!='" },
	{ "${a} && ${b}", 6, "unexpected '&&'; write 'and'" },
	{ "${a} || ${b}", 6, "unexpected '||'; write 'or'" },
	{ "!${a}", 1, "unexpected character '!'; write not(...) or '!='" },
	{ "${a} = \xe2\x80\x98oui\xe2\x80\x99", 8, "unexpected character '\xe2\x80\x98'; use straight quotes ' or \"" },
	{ "${a}\xc2\xa0= 1", 5, "unexpected non-breaking space; use an ordinary space" },
	{ "1 AND 2", 3, "operator 'AND' must be written in lowercase: 'and'" },
	{ "(1 Or 2)", 4, "operator 'Or' must be written in lowercase: 'or'" },
	{ "1 2", 3, "expected an operator, found '2'" },
	{ "1 = 'a' 'b'", 9, "expected an operator, found string 'b'" },
	{ "'é' = ${n} foo", 12, "expected an operator, found 'foo'" },
	{ "1e3", 2, "expected an operator, found 'e3'" },
	{ "(1))", 4, "unmatched ')'" },
	{ "concat('a' 'b')", 12, "expected ',' or ')' to close 'concat(' at column 7" },
	{ "selected(${a} 'x')", 15, "expected ',' or ')' to close 'selected(' at column 9" },
	{ "if(${a} = 1, 'oui', )", 21, "expected a value, found ')'" },
	{ "concat(,)", 8, "expected a value, found ','" },
	{ "()", 2, "expected a value, found ')'" },
	{ ")", 1, "expected a value, found ')'" },
	{ "1 + * 2", 5, "expected a value, found '*'" },
	{ "1 = and", 5, "expected a value, found 'and'" },
	{ "../a", 1, "unexpected '..': there are no parent paths here, except in position(..)" },
	{ "regex(., 'x(')", 10, "invalid regular expression 'x(': unmatched ( or \\(" },
	{ "regex(., 'a)b')", 10, "invalid regular expression 'a)b': unmatched )" },
	{ "regex(., 'a\\')", 10, "invalid regular expression 'a\\': trailing backslash" },
	{ "regex(., '[a')", 10, "invalid regular expression '[a': unmatched [, [^, [:, [., or [=" },
	/* patterns glibc would expand into gigabytes or match slowly (found by tests/fuzz/fuzz_expr) */
	{ "regex(., 'u+++')", 10, "invalid regular expression 'u+++': a repetition of a repetition, such as 'a++' or 'a{2}{3}'" },
	{ "regex(., 'a*{2}')", 10, "invalid regular expression 'a*{2}': a repetition of a repetition, such as 'a++' or 'a{2}{3}'" },
	{ "regex(., 'a{300}')", 10, "invalid regular expression 'a{300}': a repetition {m,n} over 255" },
	{ "regex(., '(x{99}){99}')", 10, "invalid regular expression '(x{99}){99}': pattern too complex once its repetitions are expanded" },
	{ "regex(., '((a{20}){20}){20}')", 10, "invalid regular expression '((a{20}){20}){20}': pattern too complex once its repetitions are expanded" },
	{ "regex(., '(a)\\1')", 10, "invalid regular expression '(a)\\1': back-references such as \\1 are not supported" },
};

static void test_error_table(void **state)
{
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const struct error_case *c = &error_cases[i];
		struct expr_error err;
		struct expr *e = (struct expr *)&err;	/* must come back NULL */

		if (!expr_parse(&e, c->src, EXPR_DEFAULT, &err)) {
			fprintf(stderr, "case %zu: %s: parsed, want an error\n", i, c->src);
			expr_free(e);
			failed++;
			continue;
		}
		assert_null(e);
		if (err.col != c->col || strcmp(err.msg, c->msg)) {
			fprintf(stderr, "case %zu: %s: got %d '%s', want %d '%s'\n", i, c->src,
				err.col, err.msg, c->col, c->msg);
			failed++;
		}
	}
	assert_true(i >= 30);
	assert_int_equal(failed, 0);
}

struct ref {
	char name[32];	/* reported name */
	int col;	/* reported column */
};

struct refs {
	struct ref v[16];	/* what the callback saw, in order */
	int n;			/* how many */
	int stop_after;		/* return non-zero after this many, 0: never */
};

static int collect(void *ctx, const char *name, int col)
{
	struct refs *r = ctx;

	assert_true(r->n < 16);
	snprintf(r->v[r->n].name, sizeof(r->v[r->n].name), "%s", name);
	r->v[r->n++].col = col;
	return r->stop_after && r->n >= r->stop_after ? 42 : 0;
}

static struct expr *parse_ok(const char *src, enum expr_context ctx)
{
	struct expr_error err;
	struct expr *e = NULL;

	if (expr_parse(&e, src, ctx, &err))
		fail_msg("%s: %d: %s", src, err.col, err.msg);
	return e;
}

static void test_foreach_ref(void **state)
{
	struct refs r;
	struct expr *e;

	(void)state;
	memset(&r, 0, sizeof(r));
	e = parse_ok("${a} + ${b.c} * ${a}", EXPR_DEFAULT);
	assert_int_equal(expr_foreach_ref(e, collect, &r), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].name, "a");
	assert_int_equal(r.v[0].col, 1);
	assert_string_equal(r.v[1].name, "b.c");
	assert_int_equal(r.v[1].col, 8);
	assert_string_equal(r.v[2].name, "a");
	assert_int_equal(r.v[2].col, 17);
	expr_free(e);

	/* Columns count characters: 'é', '»' and 'à' are one each. */
	memset(&r, 0, sizeof(r));
	e = parse_ok("concat('éèà', ${x_1}) = '»' or if(${y-2}, ${z}, 'à')", EXPR_DEFAULT);
	assert_int_equal(expr_foreach_ref(e, collect, &r), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].name, "x_1");
	assert_int_equal(r.v[0].col, 15);
	assert_string_equal(r.v[1].name, "y-2");
	assert_int_equal(r.v[1].col, 35);
	assert_string_equal(r.v[2].name, "z");
	assert_int_equal(r.v[2].col, 43);
	/* No bare names outside a choice filter. */
	assert_int_equal(expr_foreach_attr(e, collect, &r), 0);
	assert_int_equal(r.n, 3);
	expr_free(e);

	/* The callback's non-zero value stops the walk and comes back. */
	memset(&r, 0, sizeof(r));
	r.stop_after = 1;
	e = parse_ok("${a} and ${b}", EXPR_DEFAULT);
	assert_int_equal(expr_foreach_ref(e, collect, &r), 42);
	assert_int_equal(r.n, 1);
	expr_free(e);
}

static void test_uses_dot(void **state)
{
	static const struct {
		const char *src;	/* expression */
		int want;		/* expr_uses_dot() */
	} cases[] = {
		{ ". > 1", 1 },
		{ "regex(., 'x')", 1 },
		{ "string-length(.) > 0 and ${a} = 1", 1 },
		{ "${a} > 1", 0 },
		{ "'.' = ${a}", 0 },
		{ ".5 > 0", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct expr *e = parse_ok(cases[i].src, EXPR_DEFAULT);

		assert_int_equal(expr_uses_dot(e), cases[i].want);
		expr_free(e);
	}
}

/*
 * Bounds: a strict comparison counts like a non-strict one (". > 0" gives a
 * minimum of 0), and conjuncts that are not comparisons of '.' with a
 * literal are skipped, since a conjunction only narrows what its
 * comparisons allow.
 */
static void test_bounds(void **state)
{
	static const struct {
		const char *src;	/* constraint */
		int rc;			/* expr_bounds() */
		double min, max;	/* expected, 99 for untouched */
	} cases[] = {
		{ ". >= 1 and . <= 5", 1, 1, 5 },
		{ "1 <= . and 5 >= .", 1, 1, 5 },
		{ "(. >= 1) and ((. <= 5))", 1, 1, 5 },
		{ "5 >= .", 0, 99, 5 },
		{ ". > 0", 0, 0, 99 },
		{ ". < 10", 0, 99, 10 },
		{ ". >= -2 and . < 10.5", 1, -2, 10.5 },
		{ ". >= 1 and . <= 5 and . != 3", 1, 1, 5 },
		{ ". >= 1 and . >= 3 and . <= 9 and . <= 7", 1, 3, 7 },
		{ ". >= ${min} and . <= 10", 0, 99, 10 },
		{ ". >= 1 or . <= 5", 0, 99, 99 },
		{ "${a} >= 1", 0, 99, 99 },
		{ ". + 0 >= 1", 0, 99, 99 },
		{ ". = 3", 0, 99, 99 },
		{ "regex(., '[0-9]+')", 0, 99, 99 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct expr *e = parse_ok(cases[i].src, EXPR_DEFAULT);
		double min = 99, max = 99;

		assert_int_equal(expr_bounds(e, &min, &max), cases[i].rc);
		if (min != cases[i].min || max != cases[i].max)
			fail_msg("%s: got %g..%g, want %g..%g", cases[i].src, min, max,
				 cases[i].min, cases[i].max);
		expr_free(e);
	}
}

/* A row of a choice list, for the attr callback. */
struct choice {
	const char *name;	/* the choice's name column */
	const char *region;	/* its filter column */
};

struct filter_ctx {
	const struct choice *row;	/* the choice being filtered */
	const char *region;		/* the answer to ${region} */
};

static const char *filter_lookup(void *ctx, const char *name)
{
	struct filter_ctx *f = ctx;

	return !strcmp(name, "region") ? f->region : NULL;
}

static const char *filter_attr(void *ctx, const char *name)
{
	struct filter_ctx *f = ctx;

	if (!strcmp(name, "name"))
		return f->row->name;
	if (!strcmp(name, "region"))
		return f->row->region;
	return NULL;
}

static void test_choice_filter(void **state)
{
	static const struct choice rows[] = {
		{ "paris", "idf" }, { "versailles", "idf" }, { "lyon", "ara" }, { "pau", "naq" },
	};
	const char *src = "region = ${region} or starts-with(name, 'pa') and absent = ''";
	struct filter_ctx f = { NULL, "idf" };
	struct expr_env env = { filter_lookup, filter_attr, &f, NULL, TODAY, NULL, NULL, NULL, NULL };
	struct expr_error err;
	struct refs r;
	struct expr *e;
	char kept[64] = "";
	size_t i;

	(void)state;
	/* The same text is refused outside a choice filter. */
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_int_equal(err.col, 1);
	assert_string_equal(err.msg,
		"bare name 'region' is not allowed here; write ${region} to refer to a question");

	e = parse_ok(src, EXPR_CHOICE_FILTER);
	memset(&r, 0, sizeof(r));
	assert_int_equal(expr_foreach_attr(e, collect, &r), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.v[0].name, "region");
	assert_int_equal(r.v[0].col, 1);
	assert_string_equal(r.v[1].name, "name");
	assert_int_equal(r.v[1].col, 35);
	assert_string_equal(r.v[2].name, "absent");
	assert_int_equal(r.v[2].col, 51);
	memset(&r, 0, sizeof(r));
	assert_int_equal(expr_foreach_ref(e, collect, &r), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.v[0].name, "region");
	assert_int_equal(r.v[0].col, 10);

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		f.row = &rows[i];
		if (expr_eval_bool(e, &env) == 1) {
			strcat(kept, rows[i].name);
			strcat(kept, " ");
		}
	}
	assert_string_equal(kept, "paris versailles pau ");

	/* Without an attr callback every column is ''. */
	env.attr = NULL;
	f.row = &rows[0];
	assert_int_equal(expr_eval_bool(e, &env), 0);
	expr_free(e);

	/* Keywords and function names are columns when used as values. */
	e = parse_ok("div = 'x' and today = ''", EXPR_CHOICE_FILTER);
	assert_int_equal(expr_eval_bool(e, &env), 0);
	expr_free(e);
}

static void test_value_api(void **state)
{
	struct value v;
	struct expr *e;
	char buf[32];
	char *s;

	(void)state;
	assert_true(isnan(expr_text_to_number("")));
	assert_true(isnan(expr_text_to_number(NULL)));
	assert_true(isnan(expr_text_to_number("  ")));
	assert_true(isnan(expr_text_to_number("inf")));
	assert_true(isnan(expr_text_to_number("nan")));
	assert_true(isnan(expr_text_to_number("0x10")));
	assert_true(isnan(expr_text_to_number("1e999")));
	assert_true(isnan(expr_text_to_number("1,5")));
	assert_true(expr_text_to_number("-1.25") == -1.25);
	assert_true(expr_text_to_number(" +3 ") == 3);
	assert_true(expr_text_to_number(".5") == 0.5);
	assert_true(expr_text_to_number("2024-03-15") == 19797);

	expr_format_number(NAN, buf);
	assert_string_equal(buf, "");
	expr_format_number(INFINITY, buf);
	assert_string_equal(buf, "");
	expr_format_number(-0.0, buf);
	assert_string_equal(buf, "0");
	expr_format_number(1e15, buf);
	assert_string_equal(buf, "1e+15");
	expr_format_number(-123456789012345.0, buf);
	assert_string_equal(buf, "-123456789012345");
	expr_format_number(0.1, buf);
	assert_string_equal(buf, "0.1");
	expr_format_number(1.0 / 3, buf);
	assert_true(expr_text_to_number(buf) == 1.0 / 3);

	/* Types come back as the language defines them. */
	e = parse_ok("${n} + 1", EXPR_DEFAULT);
	assert_int_equal(expr_eval(e, NULL, &v), 0);
	assert_int_equal(v.type, VAL_NUMBER);
	assert_true(isnan(v.num));
	s = value_to_string(&v);
	assert_string_equal(s, "");
	free(s);
	value_release(&v);
	expr_free(e);

	e = parse_ok("concat('a', 1)", EXPR_DEFAULT);
	assert_int_equal(expr_eval(e, NULL, &v), 0);
	assert_int_equal(v.type, VAL_STRING);
	assert_string_equal(v.str, "a1");
	assert_true(isnan(value_to_number(&v)));
	assert_int_equal(value_to_bool(&v), 1);
	value_release(&v);
	expr_free(e);

	/* A NULL env: no answers, no '.', today from the clock. */
	e = parse_ok("regex(today(), '\\d{4}-\\d{2}-\\d{2}') and . = ''", EXPR_DEFAULT);
	assert_int_equal(expr_eval_bool(e, NULL), 1);
	expr_free(e);
	expr_free(NULL);
}

/* Nesting, long chains and long inputs must neither crash nor crawl. */
static void test_hostile(void **state)
{
	size_t n = 200000, i;
	struct expr_error err;
	struct expr *e;
	char *src = malloc(n * 5 + 16), *got;
	struct refs r;

	(void)state;
	assert_non_null(src);

	/* 200 levels pass, 201 do not. */
	for (i = 0; i < 199; i++) {
		src[i] = '(';
		src[200 + i] = ')';
	}
	src[199] = '1';
	src[399] = '\0';
	e = parse_ok(src, EXPR_DEFAULT);
	got = expr_eval_string(e, NULL);
	assert_string_equal(got, "1");
	free(got);
	expr_free(e);

	memset(src, '(', 100000);
	strcpy(src + 100000, "1");
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_null(e);
	assert_int_equal(err.col, 201);
	assert_string_equal(err.msg, "expression nested too deeply");

	memset(src, '-', 100000);
	strcpy(src + 100000, "1");
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_string_equal(err.msg, "expression nested too deeply");

	memset(src, 'f', 100000);
	strcpy(src + 100000, "(");
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_int_equal(err.col, 1);

	/* A 200000-term chain is flat: no recursion per term. */
	for (i = 0; i < n; i++)
		memcpy(src + i * 4, "1 + ", 4);
	strcpy(src + n * 4, "1");
	e = parse_ok(src, EXPR_DEFAULT);
	got = expr_eval_string(e, NULL);
	assert_string_equal(got, "200001");
	free(got);
	expr_free(e);

	/* Many references after multibyte text: columns stay exact. */
	for (i = 0; i < n; i++)
		memcpy(src + i * 5, "'é'+", 5);
	strcpy(src + n * 5, "${q}");
	e = parse_ok(src, EXPR_DEFAULT);
	memset(&r, 0, sizeof(r));
	assert_int_equal(expr_foreach_ref(e, collect, &r), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.v[0].col, (int)(n * 4 + 1));
	expr_free(e);

	/* A 400-digit number overflows. */
	memset(src, '9', 400);
	src[400] = '\0';
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_string_equal(err.msg, "number '99999999999999999999...' is too large");

	/* Errors after much has been built, compiled patterns included: the
	 * sanitizer build checks that nothing leaks. */
	for (i = 0; i < 150; i++)
		memcpy(src + i * 9, "concat(1,", 9);
	src[150 * 9] = '\0';
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_int_equal(err.col, 150 * 9 + 1);
	assert_string_equal(err.msg, "unexpected end of expression");
	for (i = 0; i < 100; i++)
		memcpy(src + i * 17, "regex(.,'x') and ", 17);
	strcpy(src + 100 * 17, "(");
	assert_int_equal(expr_parse(&e, src, EXPR_DEFAULT, &err), -1);
	assert_string_equal(err.msg, "unexpected end of expression");
	free(src);
}

/* One long answer, "a", and a question "boom" whose lookups are counted. */
struct long_answer {
	const char *a;		/* the answer to ${a} */
	int nboom;		/* lookups of ${boom} */
};

static const char *long_lookup(void *ctx, const char *name)
{
	struct long_answer *la = ctx;

	if (!strcmp(name, "boom"))
		la->nboom++;
	return !strcmp(name, "a") ? la->a : NULL;
}

/*
 * No text value is longer than EXPR_MAX_TEXT (32,767) bytes: a concat()
 * that would be is NaN at once, counted in env->too_long, its remaining
 * arguments not evaluated.  Forty chained concat(${x}, ${x}) took the
 * importer past 1.3 GB before.
 */
static void test_text_limit(void **state)
{
	static const struct {
		const char *src;	/* evaluated with ${a} = n times 'a' */
		size_t n;
		size_t want;		/* length of the text */
		unsigned too_long;	/* concat()s over the limit */
	} cases[] = {
		{ "concat(${a}, ${a})", 16383, 32766, 0 },
		{ "concat(${a}, 'x')", 32766, 32767, 0 },
		{ "concat(${a}, 'x')", 32767, 0, 1 },
		{ "concat(${a}, ${a})", 16384, 0, 1 },
		{ "concat(${a}, ${a}, ${boom})", 20000, 0, 1 },	/* ${boom} not looked up */
		{ "string-length(concat(${a}, ${a}))", 20000, 1, 1 },	/* '0': no value */
		{ "concat(concat(${a}, ${a}), 'x')", 20000, 1, 1 },	/* the inner one is '' */
		{ "coalesce(concat(${a}, ${a}), 'trop')", 20000, 4, 1 },
	};
	size_t i;

	(void)state;
	assert_int_equal(EXPR_MAX_TEXT, 32767);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *a = malloc(cases[i].n + 1), *got;
		struct long_answer la = { a, 0 };
		unsigned too_long = 0;
		struct expr_env env = { long_lookup, NULL, &la, NULL, TODAY, &too_long, NULL, NULL, NULL };
		struct expr *e = parse_ok(cases[i].src, EXPR_DEFAULT);

		assert_non_null(a);
		memset(a, 'a', cases[i].n);
		a[cases[i].n] = '\0';
		got = expr_eval_string(e, &env);
		assert_non_null(got);
		assert_int_equal(strlen(got), cases[i].want);
		assert_int_equal(too_long, cases[i].too_long);
		assert_int_equal(la.nboom, 0);
		free(got);
		expr_free(e);
		free(a);
	}
}

/* expr_length()'s references: ${a}, ${b} are answers 0 and 1, ${c} a
 * calculation bounded by 10 bytes and two copies of ${a}. */
static int length_ref(void *ctx, const char *name, struct expr_length *out)
{
	static struct expr_copies a = { 0, 1 }, b = { 1, 1 }, c = { 0, 2 };
	struct expr_length one = { 0, NULL, 1, 1 };

	(void)ctx;
	one.v = !strcmp(name, "a") ? &a : !strcmp(name, "b") ? &b : &c;
	if (!strcmp(name, "c"))
		one.fixed = 10;
	return expr_length_add(out, &one);
}

/* The bound of a value's length: fixed bytes, copies of each answer. */
static void test_length(void **state)
{
	static const struct {
		const char *src;
		double fixed, a, b;	/* bytes, copies of ${a} and ${b} */
	} cases[] = {
		{ "${a}", 0, 1, 0 },
		{ "concat(${a}, ' ', ${b})", 1, 1, 1 },
		{ "concat(${a}, ${a})", 0, 2, 0 },
		{ "concat(${c}, ${c}, ${a})", 20, 5, 0 },
		{ "if(${b} = '', ${a}, concat(${a}, '!'))", 1, 1, 0 },	/* either branch */
		{ "coalesce(${a}, concat(${b}, ${b}))", 0, 1, 2 },
		{ "string(concat('ab', ${b}))", 2, 0, 1 },
		{ "string-length(concat(${a}, ${a}))", 24, 0, 0 },
		{ "${a} + 1", 24, 0, 0 },
		{ "${a} = 1", 5, 0, 0 },
		{ "today()", 10, 0, 0 },
		{ "12.5", 4, 0, 0 },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct expr *e = parse_ok(cases[i].src, EXPR_DEFAULT);
		struct expr_length l = EXPR_LENGTH_INIT;
		double copies[2] = { 0, 0 };

		assert_int_equal(expr_length(e, length_ref, NULL, &l), 0);
		for (k = 0; k < l.n; k++) {
			assert_true(l.v[k].q < 2);
			assert_true(k == 0 || l.v[k - 1].q < l.v[k].q);
			copies[l.v[k].q] = l.v[k].n;
		}
		if (l.fixed != cases[i].fixed || copies[0] != cases[i].a || copies[1] != cases[i].b) {
			fprintf(stderr, "%s: got %g + %g a + %g b\n", cases[i].src, l.fixed, copies[0],
				copies[1]);
			fail();
		}
		expr_length_release(&l);
		expr_free(e);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval_table),
		cmocka_unit_test(test_error_table),
		cmocka_unit_test(test_foreach_ref),
		cmocka_unit_test(test_uses_dot),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_choice_filter),
		cmocka_unit_test(test_value_api),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
