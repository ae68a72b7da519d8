/*
 * Unit tests of web collection without the network (src/collect): HTML
 * escaping, tokens and HMAC-SHA256 (RFC 4231 vectors), anti-forgery
 * tokens, reading posted pages back into answers, the messages and
 * follow-up detection of a page, what a rendered page contains, and the
 * contact lists of invitations.  The survey is tests/data/good/essai.yaml.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/contacts.h"
#include "collect/form.h"
#include "collect/html.h"
#include "collect/messages.h"
#include "collect/server.h"
#include "collect/token.h"
#include "survey/response.h"
#include "survey/survey.h"
#include "util/strbuf.h"

/* --- escaping ---------------------------------------------------------- */

static void test_html_escape(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain text", "plain text" },
		{ "<script>alert(\"x\")</script>", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" },
		{ "l'été & co", "l&#39;été &amp; co" },
		{ "\" onfocus=\"x", "&quot; onfocus=&quot;x" },
		{ "a\x01" "b", "a\xef\xbf\xbd" "b" },		/* control character */
		{ "a\xff" "b", "a\xef\xbf\xbd" "b" },		/* invalid UTF-8 byte */
		{ "\xc3\x28", "\xef\xbf\xbd(" },		/* broken sequence */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },	/* surrogate */
		{ "tab\tand\nline", "tab\tand\nline" },
		{ "€ « » œ", "€ « » œ" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(html_escape(&sb, cases[i].in), 0);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_release(&sb);
	}
}

static void test_html_escape_lines(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(html_escape_lines(&sb, "one\r\ntwo\n<b>"), 0);
	assert_string_equal(sb.buf, "one<br>\ntwo<br>\n&lt;b&gt;");
	strbuf_reset(&sb);
	assert_int_equal(html_printf(&sb, "<p id=\"%s\">%d %zu %%</p>", "a\"b", -3, (size_t)7), 0);
	assert_string_equal(sb.buf, "<p id=\"a&quot;b\">-3 7 %</p>");
	strbuf_reset(&sb);
	/* html_printf() escapes %s for an attribute too: spaces kept as they are */
	assert_int_equal(html_printf(&sb, "<h1 title=\"%s\">%s</h1>", "Oui ?", "<b> ?"), 0);
	assert_string_equal(sb.buf, "<h1 title=\"Oui ?\">&lt;b&gt; ?</h1>");
	strbuf_reset(&sb);
	/* html_textf(): text content, French punctuation kept to its word */
	assert_int_equal(html_textf(&sb, "<h1>%s</h1><p>%d %zu %%</p>", "<b> ?", -3, (size_t)7), 0);
	assert_string_equal(sb.buf, "<h1>&lt;b&gt;\xc2\xa0?</h1><p>-3 7 %</p>");
	strbuf_release(&sb);
}

/* French punctuation in text content: a space before : ; ! ? » or after « does not break. */
static void test_html_escape_text(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Qui êtes-vous ?", "Qui êtes-vous\xc2\xa0?" },
		{ "Merci !", "Merci\xc2\xa0!" },
		{ "Par exemple : le livret ; la charte", "Par exemple\xc2\xa0: le livret\xc2\xa0; la charte" },
		{ "« Oui »", "«\xc2\xa0Oui\xc2\xa0»" },
		{ "a ? b", "a\xc2\xa0? b" },
		{ "What?", "What?" },			/* English: nothing to keep together */
		{ "? au début", "? au début" },
		{ "fin ", "fin " },
		{ "a <b> ?", "a &lt;b&gt;\xc2\xa0?" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;

		assert_int_equal(html_escape_text(&sb, cases[i].in), 0);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_reset(&sb);
		/* an attribute keeps the respondent's spaces as they are */
		assert_int_equal(html_escape(&sb, cases[i].in), 0);
		assert_null(strstr(sb.buf, "\xc2\xa0"));
		strbuf_release(&sb);
	}
}

/* --- tokens ------------------------------------------------------------ */

static void test_tokens(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} syntax[] = {
		{ "abcdefghijklmnopqrstuvwx", 1 },
		{ "ABCDEFGHIJKLMNOPQRST-_09", 1 },
		{ "abcdefghijklmnopqrstuvw", 0 },		/* 23 */
		{ "abcdefghijklmnopqrstuvwxy", 0 },		/* 25 */
		{ "abcdefghijklmnopqrstuvw=", 0 },
		{ "abcdefghijklmnopqrstuv/x", 0 },
		{ "abcdefghijklmnopqrstuv%x", 0 },
		{ "", 0 },
	};
	char tok[64][TOKEN_LEN + 1];
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++)
		assert_int_equal(token_syntax_ok(syntax[i].s), syntax[i].ok);
	assert_int_equal(token_syntax_ok(NULL), 0);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(token_new(tok[i], &err), 0);
		assert_int_equal(strlen(tok[i]), TOKEN_LEN);
		assert_true(token_syntax_ok(tok[i]));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(tok[i], tok[j]);
	}
}

/* Short codes: the alphabet, the groups, reading back what a person types, the hash. */
static void test_shortcodes(void **state)
{
	static const struct {
		const char *typed, *norm;	/* norm NULL: not a code */
	} read[] = {
		{ "K7M2Q-9QXDA", "K7M2Q9QXDA" },
		{ "k7m2q9qxda", "K7M2Q9QXDA" },
		{ " k7m2q 9qxda ", "K7M2Q9QXDA" },
		{ "K7M2Q--9QXDA", "K7M2Q9QXDA" },
		{ "ILOio-lLOoi", "1101011001" },	/* I and L read as 1, O as 0 */
		{ "K7M2Q-9QXD", NULL },			/* 9 */
		{ "K7M2Q-9QXDAB", NULL },		/* 11 */
		{ "K7M2U-9QXDA", NULL },		/* U is not in the alphabet */
		{ "K7M2Q-9QXD\xc3\xa9", NULL },
		{ "K7M2Q_9QXDA", NULL },
		{ "", NULL },
	};
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char key[SERVER_KEY_BYTES] = { 1, 2, 3 }, h1[32], h2[32];
	char code[64][SHORTCODE_LEN + 1], norm[SHORTCODE_CHARS + 1];
	unsigned seen[32] = { 0 };
	struct error err;

	(void)state;
	for (size_t i = 0; i < sizeof(read) / sizeof(read[0]); i++) {
		assert_int_equal(shortcode_normalize(read[i].typed, norm), read[i].norm != NULL);
		if (read[i].norm)
			assert_string_equal(norm, read[i].norm);
	}
	assert_int_equal(shortcode_normalize(NULL, norm), 0);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(shortcode_new(code[i], &err), 0);
		assert_int_equal(strlen(code[i]), SHORTCODE_LEN);
		assert_int_equal(code[i][5], '-');
		for (int k = 0; k < SHORTCODE_LEN; k++)
			if (k != 5) {
				assert_non_null(strchr(alphabet, code[i][k]));
				seen[strchr(alphabet, code[i][k]) - alphabet]++;
			}
		assert_int_equal(shortcode_normalize(code[i], norm), 1);
		for (int j = 0; j < i; j++)
			assert_string_not_equal(code[i], code[j]);
	}
	/* 640 symbols over 32: every one drawn (each is missed with odds below 1e-8) */
	for (int k = 0; k < 32; k++)
		assert_true(seen[k] > 0);
	/* the hash: the same for the same code however typed, keyed */
	assert_int_equal(shortcode_normalize("k7m2q 9qxda", norm), 1);
	shortcode_hash(key, norm, h1);
	assert_int_equal(shortcode_normalize("K7M2Q-9QXDA", norm), 1);
	shortcode_hash(key, norm, h2);
	assert_memory_equal(h1, h2, 32);
	key[0] = 9;
	shortcode_hash(key, norm, h2);
	assert_memory_not_equal(h1, h2, 32);
}

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* RFC 4231, test cases 1, 2 and 6 (a key longer than the block). */
static void test_hmac_sha256(void **state)
{
	unsigned char key1[20], key6[131], mac[32];
	char out[65];
	static const char msg6[] = "Test Using Larger Than Block-Size Key - Hash Key First";

	(void)state;
	memset(key1, 0x0b, sizeof(key1));
	hmac_sha256(key1, sizeof(key1), "Hi There", 8, mac);
	hex(mac, 32, out);
	assert_string_equal(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_sha256((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28, mac);
	hex(mac, 32, out);
	assert_string_equal(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key6, 0xaa, sizeof(key6));
	hmac_sha256(key6, sizeof(key6), msg6, strlen(msg6), mac);
	hex(mac, 32, out);
	assert_string_equal(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void test_csrf(void **state)
{
	unsigned char key[SERVER_KEY_BYTES], other[SERVER_KEY_BYTES];
	const char *tok = "abcdefghijklmnopqrstuvwx";
	char c[CSRF_LEN + 1], bad[CSRF_LEN + 1];

	(void)state;
	memset(key, 7, sizeof(key));
	memset(other, 8, sizeof(other));
	csrf_make(key, "r", tok, 2, c);
	assert_int_equal(strlen(c), CSRF_LEN);
	assert_true(csrf_check(key, "r", tok, 2, c));
	assert_false(csrf_check(key, "r", tok, 3, c));		/* another page */
	assert_false(csrf_check(key, "o", tok, 2, c));		/* another purpose */
	assert_false(csrf_check(key, "r", "abcdefghijklmnopqrstuvwy", 2, c));
	assert_false(csrf_check(other, "r", tok, 2, c));	/* another server key */
	assert_false(csrf_check(key, "r", tok, 2, NULL));
	assert_false(csrf_check(key, "r", tok, 2, ""));
	memcpy(bad, c, sizeof(bad));
	bad[5] = bad[5] == 'A' ? 'B' : 'A';
	assert_false(csrf_check(key, "r", tok, 2, bad));
	assert_true(equal_secret("abc", "abc", 3));
	assert_false(equal_secret("abc", "abd", 3));
}

/* --- the form of essai.yaml ---------------------------------------------- */

static struct survey *essai;

static int load_essai(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/essai.yaml", "rb");
	char buf[65536];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if (survey_load(&essai, "essai.yaml", buf, n, &d) < 0)
		return -1;
	diags_release(&d);
	return 0;
}

static int free_essai(void **state)
{
	(void)state;
	survey_free(essai);
	return 0;
}

/* Fields from "name=value&..." (no decoding: test values are plain). */
static void fields_of(struct form_fields *f, const char *spec)
{
	char *copy = strdup(spec), *save = NULL;

	for (char *kv = strtok_r(copy, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');

		*eq = '\0';
		assert_int_equal(form_fields_add(f, kv, eq + 1, strlen(eq + 1)), 0);
	}
	free(copy);
}

/* Apply spec to page of a fresh response; the caller releases r and errs. */
static void apply(struct response *r, struct form_errors *errs, int page, const char *spec,
		  size_t lang)
{
	struct form_fields f = { NULL, 0, 0 };

	assert_int_equal(response_init(r, essai), 0);
	r->today = "2025-06-01";
	fields_of(&f, spec);
	assert_int_equal(form_apply(r, page, &f, errs, lang), 0);
	form_fields_release(&f);
}

static void test_form_normalise(void **state)
{
	static const struct {
		int page;
		const char *spec, *question, *stored;
	} cases[] = {
		{ 0, "age= 1 000 ", "age", "1000" },
		{ 0, "age=42", "age", "42" },
		{ 0, "age=", "age", NULL },
		{ 0, "arrivee=1/2/2020", "arrivee", "2020-02-01" },
		{ 0, "arrivee=31.12.2019", "arrivee", "2019-12-31" },
		{ 0, "arrivee=2020-03-04", "arrivee", "2020-03-04" },
		{ 1, "budget=12,5", "budget", "12.5" },
		{ 1, "budget=1\xc2\xa0" "250,75", "budget", "1250.75" },
		{ 1, "aides=autre&aides=repas", "aides", "repas autre" },
		{ 1, "aides=autre&aides_autre=  a\r\nb  ", "aides_autre", "a\nb" },
		{ 1, "aides=repas&aides_autre=ignored", "aides_autre", NULL },	/* not relevant */
		{ 1, "priorites.autre=1&priorites.repas=2", "priorites", "autre repas" },
		{ 1, "priorites.logement=3", "priorites", "logement" },
		{ 1, "ecoute=3", "ecoute", "3" },
		{ 1, "note=7", "note", "7" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct form_errors errs = { NULL, 0, 0 };
		struct response r;
		const char *got;

		apply(&r, &errs, cases[i].page, cases[i].spec, 0);
		got = response_get(&r, cases[i].question);
		if (cases[i].stored)
			assert_non_null(got), assert_string_equal(got, cases[i].stored);
		else
			assert_null(got);
		response_release(&r);
		form_errors_release(&errs);
	}
}

static void test_form_check_messages(void **state)
{
	static const struct {
		int page;
		const char *spec;
		size_t lang;
		const char *question, *msg;	/* NULL question: no error */
	} cases[] = {
		{ 0, "age=12", 0, "age", "Entre 16 et 110 ans." },
		{ 0, "age=12", 1, "age", "Between 16 and 110." },
		{ 0, "age=", 0, "age", "Cette question est obligatoire." },
		{ 0, "age=", 1, "age", "This question is required." },
		{ 0, "age=douze", 0, "age", "Écrivez un nombre entier, par exemple 12." },
		{ 0, "age=30&arrivee=2020-02-30", 0, "arrivee",
		  "Écrivez une date qui existe, par exemple 31/12/2024." },
		{ 0, "age=30&arrivee=2030-01-01", 0, "arrivee", "Cette réponse ne convient pas." },
		{ 0, "age=30", 0, NULL, NULL },
		{ 1, "ecoute=9", 0, "ecoute", "Choisissez une réponse dans la liste." },
		{ 1, "aides=autre", 0, "aides_autre", "Cette question est obligatoire." },
		{ 1, "priorites.repas=1&priorites.autre=1", 0, "priorites",
		  "Donnez un rang différent à chaque choix." },
		{ 1, "budget=-3", 1, "budget", "This answer is not acceptable." },
		{ 1, "note=11", 0, "note", "Choisissez une valeur proposée." },
		{ 1, "", 0, NULL, NULL },	/* nothing required on page 2 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct form_errors errs = { NULL, 0, 0 };
		struct response r;
		int n;

		apply(&r, &errs, cases[i].page, cases[i].spec, cases[i].lang);
		n = form_check(&r, cases[i].page, &errs, cases[i].lang);
		if (!cases[i].question) {
			assert_int_equal(n, 0);
		} else {
			assert_int_equal(n, 1);
			assert_string_equal(errs.v[0].q->name, cases[i].question);
			assert_string_equal(errs.v[0].msg, cases[i].msg);
		}
		response_release(&r);
		form_errors_release(&errs);
	}
}

/*
 * An answer longer than 32,767 bytes (what an XLSX cell and an SPSS string
 * hold) is refused on the form with a French sentence; one byte less is
 * kept.  The server takes fields of up to COLLECT_MAX_FIELD bytes, so the
 * form's rules, not a 413, see such an answer.
 */
static void test_form_answer_too_long(void **state)
{
	static const char head[] = "aides=autre&aides_autre=";
	size_t n;

	(void)state;
	for (n = SURVEY_MAX_ANSWER; n <= SURVEY_MAX_ANSWER + 1; n++) {
		struct form_errors errs = { NULL, 0, 0 };
		char *spec = malloc(sizeof(head) + n);
		struct response r;

		assert_non_null(spec);
		memcpy(spec, head, sizeof(head) - 1);
		memset(spec + sizeof(head) - 1, 'a', n);
		spec[sizeof(head) - 1 + n] = '\0';
		apply(&r, &errs, 1, spec, 0);
		if (n == SURVEY_MAX_ANSWER) {
			assert_int_equal(form_check(&r, 1, &errs, 0), 0);
			assert_int_equal(strlen(response_get(&r, "aides_autre")), n);
		} else {
			assert_int_equal(form_check(&r, 1, &errs, 0), 1);
			assert_string_equal(errs.v[0].q->name, "aides_autre");
			assert_string_equal(errs.v[0].msg, "Cette réponse est trop longue : 32 767 signes "
					    "au plus, une lettre accentuée comptant pour deux. "
					    "Raccourcissez-la.");
		}
		response_release(&r);
		form_errors_release(&errs);
		free(spec);
	}
	assert_true(SURVEY_MAX_ANSWER < COLLECT_MAX_FIELD);
}

static void test_form_pages(void **state)
{
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf before = STRBUF_INIT, now = STRBUF_INIT;
	struct response r;

	(void)state;
	assert_int_equal(essai->ntop, 3);
	apply(&r, &errs, 1, "", 0);
	assert_true(form_page_visible(&r, 0));
	assert_true(form_page_visible(&r, 2));	/* a page holding a note */
	assert_false(form_page_visible(&r, 3));
	assert_int_equal(form_next_page(&r, 0), 1);
	assert_int_equal(form_next_page(&r, 2), 3);	/* the review */
	assert_int_equal(form_prev_page(&r, 0), -1);
	assert_int_equal(form_prev_page(&r, 3), 2);

	/*
	 * The follow-up of "autre" is on the page already, shown in place
	 * when "autre" is ticked: the page lists it, so ticking "autre" is
	 * no news, and its error counts.
	 */
	assert_int_equal(form_signature(&r, 1, &before), 0);
	assert_string_equal(before.buf, "ecoute seul aides aides_autre priorites note budget");
	assert_int_equal(response_set(&r, "aides", "autre"), 0);
	assert_int_equal(response_update(&r, 1), 0);
	assert_int_equal(form_signature(&r, 1, &now), 0);
	assert_false(form_revealed(before.buf, now.buf));
	assert_int_equal(form_check(&r, 1, &errs, 0), 1);	/* aides_autre required */
	form_errors_forget_new(&errs, before.buf);
	assert_int_equal(errs.n, 1);
	/* a page posted without it (an older page) sees it appear */
	assert_true(form_revealed("ecoute seul aides priorites note budget", now.buf));
	assert_false(form_revealed(now.buf, "ecoute seul aides priorites note budget"));
	form_errors_forget_new(&errs, "ecoute seul aides priorites note budget");
	assert_int_equal(errs.n, 0);

	strbuf_release(&before);
	strbuf_release(&now);
	response_release(&r);
	form_errors_release(&errs);
}

/* A read-only question is shown as text; a value posted for it is ignored. */
static void test_form_read_only(void **state)
{
	static const char src[] =
		"form_id: f\nversion: 1\ntitle: F\n"
		"survey:\n"
		"  - type: group\n    name: p\n    label: P\n    questions:\n"
		"      - {type: integer, name: n, label: N}\n"
		"      - {type: integer, name: total, label: Total <b>, calculation: \"${n} * 2\","
		" read_only: true}\n"
		"      - {type: integer, name: guess, label: G, calculation: \"${n} + 1\"}\n";
	struct diags d = DIAGS_INIT;
	struct survey *s = NULL;
	struct form_errors errs = { NULL, 0, 0 };
	struct form_fields f = { NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct form_view v = { .action = "abcdefghijklmnopqrstuvwx", .csrf = "CSRF", .page = 0 };
	struct response r;

	(void)state;
	assert_int_equal(survey_load(&s, "f.yaml", src, strlen(src), &d), 0);
	assert_int_equal(response_init(&r, s), 0);
	fields_of(&f, "n=4&total=1000&guess=");
	assert_int_equal(form_apply(&r, 0, &f, &errs, 0), 0);
	assert_string_equal(response_get(&r, "total"), "8");	/* the posted 1000 is ignored */
	assert_string_equal(response_get(&r, "guess"), "5");	/* left empty: calculated */
	form_fields_release(&f);
	/* n changes, guess posted as shown: it follows the calculation */
	memset(&f, 0, sizeof(f));
	fields_of(&f, "n=6&guess=5");
	assert_int_equal(form_apply(&r, 0, &f, &errs, 0), 0);
	assert_string_equal(response_get(&r, "total"), "12");
	assert_string_equal(response_get(&r, "guess"), "7");
	form_fields_release(&f);
	/* the respondent's own value stays */
	memset(&f, 0, sizeof(f));
	fields_of(&f, "n=6&guess=3");
	assert_int_equal(form_apply(&r, 0, &f, &errs, 0), 0);
	form_fields_release(&f);
	memset(&f, 0, sizeof(f));
	fields_of(&f, "n=9&guess=3");
	assert_int_equal(form_apply(&r, 0, &f, &errs, 0), 0);
	assert_string_equal(response_get(&r, "guess"), "3");
	form_fields_release(&f);
	v.s = s;
	assert_int_equal(form_render_page(&out, &v, &r, &errs, 0), 0);
	assert_null(strstr(out.buf, "name=\"total\""));
	assert_non_null(strstr(out.buf, "<div class=\"question read-only\" id=\"q-total\">\n"
			       "<p class=\"label\" id=\"f-total\">Total &lt;b&gt;</p>\n"
			       "<div class=\"value\">18</div>"));
	assert_non_null(strstr(out.buf, "name=\"guess\" value=\"3\""));
	strbuf_release(&out);
	form_errors_release(&errs);
	response_release(&r);
	survey_free(s);
	diags_release(&d);
}

/* The 429 page's sentence says the wait its Retry-After says. */
static void test_retry_after(void **state)
{
	static const struct {
		unsigned wait;
		const char *lang, *want;
	} cases[] = {
		{ 0, "en", "Try again in 1 second." },
		{ 1, "en", "Try again in 1 second." },
		{ 1, "fr", "Réessayez dans 1 seconde." },
		{ 10, "en", "Try again in 10 seconds." },
		{ 10, "fr", "Réessayez dans 10 secondes." },
		{ 59, "de", "Try again in 59 seconds." },
		{ 60, "en", "Try again in 1 minute." },
		{ 60, "fr", "Réessayez dans 1 minute." },
		{ 61, "en", "Try again in 2 minutes." },
		{ 120, "fr", "Réessayez dans 2 minutes." },
		{ 3600, "en", "Try again in 60 minutes." },
	};
	struct strbuf sb = STRBUF_INIT;
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		msg_retry_after(buf, sizeof(buf), cases[i].wait, cases[i].lang);
		assert_string_equal(buf, cases[i].want);
	}
	assert_int_equal(form_render_retry(&sb, NULL, "fr", M_TOO_MANY_TITLE, M_TOO_MANY_TEXT, 10,
					   NULL, M_BACK_TO_FORM, NULL),
			 0);
	assert_non_null(strstr(sb.buf, "<p class=\"lead\">Trop de demandes sont venues de votre "
				       "adresse en peu de temps. Réessayez dans 10 secondes.</p>"));
	assert_null(strstr(sb.buf, "minute"));
	strbuf_release(&sb);
}

static void test_form_render(void **state)
{
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct form_view v = { .action = "abcdefghijklmnopqrstuvwx", .csrf = "CSRF", .page = 1 };
	struct response r;

	(void)state;
	v.s = essai;
	apply(&r, &errs, 1, "aides=autre&aides_autre=<script>alert(1)</script>&budget=x\"y", 0);
	assert_true(form_check(&r, 1, &errs, 0) > 0);
	assert_int_equal(form_render_page(&out, &v, &r, &errs, 0), 0);
	assert_non_null(strstr(out.buf, "<html lang=\"fr\""));
	assert_non_null(strstr(out.buf, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
	assert_non_null(strstr(out.buf, "value=\"x&quot;y\""));
	assert_null(strstr(out.buf, "<script"));
	/* French punctuation stays with its word: a no-break space before "?" */
	assert_non_null(strstr(out.buf, "<legend class=\"label\">Quelles aides\xc2\xa0?</legend>"));
	assert_non_null(strstr(out.buf, "<label class=\"label\" for=\"f-aides_autre\">Quelle autre aide\xc2\xa0? "
			       "<span class=\"required\">(obligatoire)</span></label>"));
	assert_non_null(strstr(out.buf, "href=\"#f-budget\""));		/* error summary */
	assert_non_null(strstr(out.buf, "aria-invalid=\"true\""));
	assert_non_null(strstr(out.buf, "<input type=\"checkbox\" class=\"t1\" id=\"f-aides-2\" "
			       "name=\"aides\" value=\"autre\" checked>"));
	/* its follow-up is in place, shown by the style sheet when "autre" is ticked */
	assert_non_null(strstr(out.buf, "<div class=\"followup w1\">\n<div class=\"question\" "
			       "id=\"q-aides_autre\">"));
	/* the error summary has the focus; the form posts to the page's address */
	assert_non_null(strstr(out.buf, "tabindex=\"-1\" autofocus>"));
	assert_non_null(strstr(out.buf, "<form id=\"answers\" method=\"post\" "
			       "action=\"abcdefghijklmnopqrstuvwx?page=2\""));
	assert_non_null(strstr(out.buf, "name=\"_csrf\" value=\"CSRF\""));
	/* the language switch posts the page, which is saved first */
	assert_non_null(strstr(out.buf, "<button class=\"lang-switch\" type=\"submit\" form=\"answers\" "
			       "name=\"_action\" value=\"lang:en\" lang=\"en\">English</button>"));
	assert_non_null(strstr(out.buf, "Page 2 sur 3"));

	/* the review shows choice labels and escaped text, in English */
	strbuf_reset(&out);
	v.lang = 1;
	v.page = 3;
	assert_int_equal(form_render_review(&out, &v, &r, NULL), 0);
	assert_non_null(strstr(out.buf, "<html lang=\"en\""));
	assert_non_null(strstr(out.buf, "<li>Other</li>"));
	assert_non_null(strstr(out.buf, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(out.buf, "<script"));
	assert_non_null(strstr(out.buf, "value=\"submit\">Send my answers</button>"));

	/*
	 * In French a decimal is shown with a comma: it was written out
	 * unescaped, so a value that is not a number showed its markup
	 * (found by tests/fuzz/fuzz_form).
	 */
	strbuf_reset(&out);
	v.lang = 0;
	response_set(&r, "budget", "1.5<i>x</i>");
	assert_int_equal(form_render_review(&out, &v, &r, NULL), 0);
	assert_non_null(strstr(out.buf, "<dd>1,5&lt;i&gt;x&lt;/i&gt;</dd>"));
	assert_null(strstr(out.buf, "<i>"));

	strbuf_release(&out);
	response_release(&r);
	form_errors_release(&errs);
}

/* A page that is not a respondent's: a juror's grid, deeper in the site. */
static void test_form_render_view(void **state)
{
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf out = STRBUF_INIT;
	struct form_view v = {
		.action = "5", .csrf = "CSRF", .page = 2, .root = "../../../",
		.lang_href = "5?p=2&", .site_title = "Prix <essai>", .heading = "Asso & Cie",
		.before = "<p class=\"back\">B</p>\n", .after = "<section>A</section>\n",
		.finish = "Terminer",
	};
	const char *h1, *before, *h2, *form, *after;
	struct response r;

	(void)state;
	v.s = essai;
	apply(&r, &errs, 2, "", 0);
	assert_int_equal(form_render_page(&out, &v, &r, NULL, 0), 0);
	assert_non_null(strstr(out.buf, "<title>Asso &amp; Cie – Prix &lt;essai&gt;</title>"));
	assert_non_null(strstr(out.buf, "href=\"../../../static/utilis.css\""));
	assert_non_null(strstr(out.buf, "<p class=\"survey-title\">Prix &lt;essai&gt;</p>"));
	assert_non_null(strstr(out.buf, "<a href=\"5?p=2&amp;lang=en\" lang=\"en\""));
	/* heading, what comes before, the page's title, the form, what comes after */
	h1 = strstr(out.buf, "<h1>Asso &amp; Cie</h1>");
	before = strstr(out.buf, "<p class=\"back\">B</p>");
	h2 = strstr(out.buf, "<h2>Questionnaire d&#39;essai</h2>");	/* a lone note: the survey title */
	form = strstr(out.buf, "<form id=\"answers\" method=\"post\" action=\"5\"");
	after = strstr(out.buf, "<section>A</section>");
	assert_true(h1 && before && h2 && form && after);
	assert_true(h1 < before && before < h2 && h2 < form && form < after);
	/* the last page's "next" says where it leads */
	assert_non_null(strstr(out.buf, "value=\"next\">Terminer</button>"));

	/* a message page finds the style sheet from its depth */
	strbuf_reset(&out);
	assert_int_equal(form_render_message(&out, NULL, "fr", M_NOT_FOUND_TITLE, M_NOT_FOUND_TEXT,
					     NULL, M_BACK_TO_FORM, "../../"), 0);
	assert_non_null(strstr(out.buf, "href=\"../../static/utilis.css\""));
	strbuf_reset(&out);
	assert_int_equal(form_render_message(&out, NULL, "fr", M_NOT_FOUND_TITLE, M_NOT_FOUND_TEXT,
					     NULL, M_BACK_TO_FORM, NULL), 0);
	assert_non_null(strstr(out.buf, "href=\"../static/utilis.css\""));

	strbuf_release(&out);
	response_release(&r);
	form_errors_release(&errs);
}

/* --- contact lists ------------------------------------------------------ */

static void test_contacts_good(void **state)
{
	static const char text[] =
		"\xef\xbb\xbfNom;Courriel;Groupe;Téléphone;Langue\n"
		"Anne Dupont;anne@example.org;CA;02 40;\n"
		"\"Benoît; dit Ben\";ben@example.org;;;en\n"
		";;salariés;;\n";
	struct contacts c;
	struct diags d = DIAGS_INIT;

	(void)state;
	assert_int_equal(contacts_parse(&c, "c.csv", text, sizeof(text) - 1, &d), 0);
	assert_int_equal(d.nerror, 0);
	assert_int_equal(d.nwarning, 1);
	assert_string_equal(d.v[0].msg, "column 'Téléphone' is ignored "
			    "(known columns: name, email, group, wave, language)");
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].name, "Anne Dupont");
	assert_string_equal(c.v[0].email, "anne@example.org");
	assert_string_equal(c.v[0].group, "CA");
	assert_string_equal(c.v[1].name, "Benoît; dit Ben");
	assert_null(c.v[1].group);
	assert_null(c.v[0].lang);
	assert_string_equal(c.v[1].lang, "en");	/* the link's language */
	assert_null(c.v[2].name);
	assert_string_equal(c.v[2].group, "salariés");
	assert_int_equal(c.v[2].row, 4);
	contacts_release(&c);
	diags_release(&d);
}

static void test_contacts_bad(void **state)
{
	static const struct {
		const char *text, *msg;
		int line, col;
	} cases[] = {
		{ "phone,city\n1,2\n", "no known column in the header (name, email, group, wave, "
		  "language; or nom, courriel, groupe, vague, langue)", 1, 1 },
		{ "name,email\nAnne,anne.example.org\n", "'anne.example.org' is not an email address",
		  2, 2 },
		{ "name,email\nAnne,\"anne@example.org\n", "malformed CSV (a quote is not closed or is "
		  "followed by text)", 2, 2 },
		{ "name,email\n", "no contact in the file (the first row names the columns)", 1, 0 },
		{ "name,email\nAn\xffne,a@b.fr\n", "not valid UTF-8 text (save the file as CSV UTF-8)",
		  2, 1 },
		{ "name,name\nA,B\n", "column 'name' repeats column 1", 1, 2 },
		{ "name\nA,B\n", "value beyond the 1 columns of the header", 2, 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct contacts c;
		struct diags d = DIAGS_INIT;

		assert_int_equal(contacts_parse(&c, "c.csv", cases[i].text, strlen(cases[i].text), &d), -1);
		assert_int_equal(c.n, 0);
		assert_true(d.nerror >= 1);
		for (size_t k = 0; k < d.n; k++) {
			if (d.v[k].sev != SEV_ERROR)
				continue;
			assert_string_equal(d.v[k].msg, cases[i].msg);
			assert_int_equal(d.v[k].line, cases[i].line);
			assert_int_equal(d.v[k].col, cases[i].col);
			break;
		}
		diags_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_shortcodes),
		cmocka_unit_test(test_html_escape_lines),
		cmocka_unit_test(test_html_escape_text),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_hmac_sha256),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test(test_form_normalise),
		cmocka_unit_test(test_form_check_messages),
		cmocka_unit_test(test_form_answer_too_long),
		cmocka_unit_test(test_form_pages),
		cmocka_unit_test(test_form_read_only),
		cmocka_unit_test(test_form_render),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_form_render_view),
		cmocka_unit_test(test_contacts_good),
		cmocka_unit_test(test_contacts_bad),
	};

	return cmocka_run_group_tests(tests, load_essai, free_essai);
}
