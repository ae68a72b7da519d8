/*
 * Unit tests of the e-mail messages, without any network: the bytes of a
 * message (collect/mailmsg.h: RFC 2047 encoded words, quoted-printable,
 * the Date, the Message-ID, header injection, line lengths) and the words
 * of invitations and reminders (survey/mailtext.h: built-in French and
 * English, a survey's own, placeholders, lines left out, HTML escaping).
 * The expected encodings were checked with Python's email module.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/mailmsg.h"
#include "survey/mailtext.h"
#include "survey/survey.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* --- mailmsg ------------------------------------------------------------ */

static void test_address(void **state)
{
	static const struct { const char *a; int ok; } cases[] = {
		{ "marie@example.org", 1 },
		{ "m.dupont+enquete@asso.example.fr", 1 },
		{ "marie@example", 0 },			/* no dot in the domain */
		{ "@example.org", 0 },
		{ "marie@@example.org", 0 },
		{ "marie dupont@example.org", 0 },
		{ "marie@example.org\r\nBcc: x@y.org", 0 },	/* header injection */
		{ "<marie@example.org>", 0 },
		{ "marie,jean@example.org", 0 },
		{ "élodie@example.org", 0 },			/* would need SMTPUTF8 */
		{ "marie@example..org", 0 },
		{ "marie@example.org.", 0 },
		{ "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(mailmsg_address_ok(cases[i].a), cases[i].ok);
	assert_int_equal(mailmsg_address_ok(NULL), 0);
}

static void test_headers(void **state)
{
	static const struct { const char *name, *value, *out; } cases[] = {
		/* ASCII as is */
		{ "Subject", "Rappel : Questionnaire", "Subject: Rappel : Questionnaire\r\n" },
		/* UTF-8: one encoded word */
		{ "Subject", "Écoute et accueil",
		  "Subject: =?UTF-8?B?w4ljb3V0ZSBldCBhY2N1ZWls?=\r\n" },
		/* a line break cannot add a header */
		{ "Subject", "Bonjour\r\nBcc: victim@example.org",
		  "Subject: Bonjour  Bcc: victim@example.org\r\n" },
		/* a long UTF-8 value: words of whole characters on folded lines */
		{ "Subject", "Questionnaire : Écoute et accueil des personnes accompagnées en 2026",
		  "Subject: =?UTF-8?B?UXVlc3Rpb25uYWlyZSA6IMOJY291dGUgZXQgYWNjdWVpbCBkZXMgcGVy?=\r\n"
		  " =?UTF-8?B?c29ubmVzIGFjY29tcGFnbsOpZXMgZW4gMjAyNg==?=\r\n" },
		/* a long ASCII value: folded at a space */
		{ "Subject", "Survey of the regional union of health and social-sector associations, 2026 wave",
		  "Subject: Survey of the regional union of health and social-sector\r\n"
		  " associations, 2026 wave\r\n" },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(mailmsg_header(&sb, cases[i].name, cases[i].value), 0);
		assert_string_equal(sb.buf, cases[i].out);
	}
	strbuf_release(&sb);
}

static void test_qp(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "Bonjour,\n", "Bonjour,\r\n" },
		{ "Réponse = oui\n", "R=C3=A9ponse =3D oui\r\n" },
		{ "trailing space \n", "trailing space=20\r\n" },
		{ "tab\t\n", "tab=09\r\n" },
		{ ".\n", "=2E\r\n" },				/* a lone dot ends SMTP data */
		{ "From here\n", "=46rom here\r\n" },		/* mbox's From_ line */
		{ "crlf\r\nkept\r\n", "crlf\r\nkept\r\n" },
		{ "no final newline", "no final newline\r\n" },
		/* 80 characters: a soft break at 75 plus "=" */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		  "aaaaa\r\n" },
		/* an escape is never cut by the soft break */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		  "=C3=A9\r\n" },
		/* exactly 76 characters fit on the line */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n" },
	};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(mailmsg_qp(&sb, cases[i].in), 0);
		assert_string_equal(sb.buf, cases[i].out);
	}
	strbuf_release(&sb);
}

static void test_date_and_id(void **state)
{
	char date[40], id[128], id2[128], id3[128];

	(void)state;
	mailmsg_date(date, 1796540703);	/* 2026-12-06T07:05:03Z */
	assert_string_equal(date, "Sun, 06 Dec 2026 07:05:03 +0000");
	assert_int_equal(mailmsg_message_id(id, "AAAAAAAAAAAAAAAAAAAAAAAA", 0, "x@union.example.org"), 0);
	assert_int_equal(strlen(id), 1 + 32 + 2 + strlen("@union.example.org") + 1);
	assert_non_null(strstr(id, ".0@union.example.org>"));
	assert_null(strstr(id, "AAAAAAAA"));	/* the token is not in it */
	assert_int_equal(mailmsg_message_id(id2, "AAAAAAAAAAAAAAAAAAAAAAAA", 0, "y@union.example.org"), 0);
	assert_memory_equal(id, id2, 33);	/* the same message: the same digits */
	assert_int_equal(mailmsg_message_id(id3, "AAAAAAAAAAAAAAAAAAAAAAAA", 1, "x@union.example.org"), 0);
	assert_memory_not_equal(id, id3, 33);	/* a reminder is another message */
	assert_int_equal(mailmsg_message_id(id, "AAAAAAAAAAAAAAAAAAAAAAAA", 0, "no-domain"), -1);
}

static void test_build(void **state)
{
	struct mailmsg_head h = {
		.from_name = "Enquêtes de l'Union", .from_addr = "enquetes@union.example.org",
		.to_name = "Dupont, \"Jean\"", .to_addr = "jean@example.org",
		.subject = "Questionnaire : Écoute", .message_id = "<0123456789abcdef0123456789abcdef.0@union.example.org>",
		.date = 1796540703, .lang = "fr", .unsubscribe = "https://e.example.org/r/T/stop",
	};
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	(void)state;
	assert_int_equal(mailmsg_build(&sb, &h, "Bonjour,\n.\nFrom me\n", "<p>Bonjour</p>\n"), 0);
	assert_non_null(strstr(sb.buf, "From: =?UTF-8?B?RW5xdcOqdGVzIGRlIGwnVW5pb24=?= "
			       "<enquetes@union.example.org>\r\n"));
	assert_non_null(strstr(sb.buf, "To: \"Dupont, \\\"Jean\\\"\" <jean@example.org>\r\n"));
	assert_non_null(strstr(sb.buf, "Date: Sun, 06 Dec 2026 07:05:03 +0000\r\n"));
	assert_non_null(strstr(sb.buf, "List-Unsubscribe: <https://e.example.org/r/T/stop>\r\n"));
	assert_non_null(strstr(sb.buf, "Content-Type: multipart/alternative;\r\n"
			       " boundary=\"=_utilis_0123456789abcdef01234567\"\r\n"));
	assert_non_null(strstr(sb.buf, "\r\n\r\nBonjour,\r\n=2E\r\n=46rom me\r\n"));
	assert_non_null(strstr(sb.buf, "Content-Type: text/html; charset=utf-8\r\n"));
	assert_non_null(strstr(sb.buf, "\r\n--=_utilis_0123456789abcdef01234567--\r\n"));
	/* every line ends in CRLF and holds at most 78 characters */
	for (p = sb.buf; *p;) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_true(nl > p ? nl[-1] == '\r' : 0 || nl == p);
		assert_true(nl - p <= 79);
		p = nl + 1;
	}
	/* an address that could inject a header is refused */
	h.to_addr = "jean@example.org>\r\nBcc: x@y.org";
	strbuf_reset(&sb);
	assert_int_equal(mailmsg_build(&sb, &h, "x", "x"), -1);
	strbuf_release(&sb);
}

/* --- mailtext ----------------------------------------------------------- */

static const char survey_src[] =
	"form_id: t\nversion: 1\ntitle: {fr: \"Écoute\", en: \"Listening\"}\n"
	"languages: [fr, en, de]\n"
	"mail:\n"
	"  organiser: {fr: \"L'Union\", en: \"The Union\"}\n"
	"  deadline: 2027-03-01\n"
	"  reminder:\n"
	"    subject: {fr: \"Encore {title}\"}\n"
	"    text: {fr: \"{greeting}\\n\\nLien : {link}\\nAvant le {deadline}.\\n"
	"Arrêt : {stop_link}\\nÉcrire à {contact}.\\n{{accolades}}\\n\"}\n"
	"    html: {fr: \"<p>{name} &amp; <a href=\\\"{link}\\\">lien</a></p>\"}\n"
	"survey:\n  - {type: integer, name: n, label: N}\n";

struct loaded {
	struct survey *s;
	struct mailtext mt;
};

static void load(struct loaded *L, const char *src)
{
	struct diags d = DIAGS_INIT;

	assert_int_equal(survey_load(&L->s, "t.yaml", src, strlen(src), &d), 0);
	assert_int_equal(mailtext_load(&L->mt, L->s, "t.yaml", src, strlen(src), &d), 0);
	diags_release(&d);
}

static void unload(struct loaded *L)
{
	mailtext_release(&L->mt);
	survey_free(L->s);
}

static void test_builtin(void **state)
{
	struct mailtext_vars v = { "Élodie <b>", "https://x.example/r/TOK", "https://x.example/r/TOK/stop",
				   "enquetes@union.example.org" };
	struct mailtext_out out;
	struct loaded L;
	struct error err;

	(void)state;
	load(&L, survey_src);
	assert_int_equal(mailtext_ready(&L.mt, &err), 0);
	mailtext_out_init(&out);
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_INVITATION, NULL, &v, &out), 0);
	assert_string_equal(out.tmpl, "invitation.fr (built-in)");
	assert_string_equal(out.subject.buf, "Questionnaire : Écoute");
	assert_non_null(strstr(out.text.buf, "Bonjour Élodie <b>,\n\nL'Union vous invite"));
	assert_non_null(strstr(out.text.buf, "Merci de répondre avant le 1er mars 2027.\n"));
	assert_non_null(strstr(out.text.buf, "Vos réponses sont anonymes"));
	assert_non_null(strstr(out.text.buf, "écrivez à enquetes@union.example.org."));	/* the sender */
	assert_non_null(strstr(out.text.buf, "\nhttps://x.example/r/TOK/stop\n"));
	/* the HTML: escaped, links clickable, paragraphs */
	assert_non_null(strstr(out.html.buf, "<p>Bonjour Élodie &lt;b&gt;,</p>"));
	assert_non_null(strstr(out.html.buf, "<a href=\"https://x.example/r/TOK\">https://x.example/r/TOK</a>"));
	assert_non_null(strstr(out.html.buf, "<html lang=\"fr\">"));
	mailtext_out_release(&out);

	/* English, and any language without built-in words reads English */
	mailtext_out_init(&out);
	v.name = NULL;
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_INVITATION, "de", &v, &out), 0);
	assert_string_equal(out.subject.buf, "Survey: Écoute");	/* no German title: the default's */
	assert_non_null(strstr(out.text.buf, "Hello,\n\nL'Union invites you"));
	assert_non_null(strstr(out.text.buf, "Please answer by 1 March 2027.\n"));
	mailtext_out_release(&out);
	unload(&L);
}

static void test_survey_text(void **state)
{
	struct mailtext_vars v = { "A & B", "https://x.example/r/T", "https://x.example/r/T/stop", "s@x.org" };
	struct mailtext_out out;
	struct loaded L;
	char *nodeadline;

	(void)state;
	load(&L, survey_src);
	mailtext_out_init(&out);
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_REMINDER, "fr", &v, &out), 0);
	assert_string_equal(out.tmpl, "reminder.fr (survey)");
	assert_string_equal(out.subject.buf, "Encore Écoute");
	assert_string_equal(out.text.buf, "Bonjour A & B,\n\nLien : https://x.example/r/T\n"
			    "Avant le 1er mars 2027.\nArrêt : https://x.example/r/T/stop\n"
			    "Écrire à s@x.org.\n{accolades}\n");
	assert_non_null(strstr(out.html.buf, "<p>A &amp; B &amp; <a href=\"https://x.example/r/T\">lien</a></p>"));
	mailtext_out_release(&out);
	/* the English link gets the built-in English reminder */
	mailtext_out_init(&out);
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_REMINDER, "en", &v, &out), 0);
	assert_string_equal(out.tmpl, "reminder.en (built-in)");
	assert_string_equal(out.subject.buf, "Reminder: Listening");
	mailtext_out_release(&out);
	unload(&L);

	/* without a deadline, the line that gives it is left out */
	nodeadline = strdup(survey_src);
	assert_non_null(nodeadline);
	memcpy(strstr(nodeadline, "  deadline: 2027-03-01"), "# deadline: 2027-03-01", 22);
	load(&L, nodeadline);
	mailtext_out_init(&out);
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_REMINDER, "fr", &v, &out), 0);
	assert_null(strstr(out.text.buf, "Avant le"));
	assert_non_null(strstr(out.text.buf, "Lien : https://x.example/r/T\nArrêt"));
	mailtext_out_release(&out);
	mailtext_out_init(&out);
	assert_int_equal(mailtext_render(&L.mt, MAILTEXT_INVITATION, "fr", &v, &out), 0);
	assert_null(strstr(out.text.buf, "Merci de répondre avant"));
	mailtext_out_release(&out);
	unload(&L);
	free(nodeadline);
}

static void test_checks(void **state)
{
	static const struct { const char *mail, *msg; } bad[] = {
		{ "mail: {organiser: U, deadline: 2027-02-30}\n", "'mail.deadline' must be a date" },
		{ "mail: {organiser: U, invitation: {subject: \"Hi {nom}\"}}\n", "unknown placeholder '{nom}'" },
		{ "mail: {organiser: U, invitation: {text: \"a { b\"}}\n", "lone '{'" },
		{ "mail: {organiser: U, invitation: {subjet: x}}\n", "subjet" },
		{ "mail: {organiser: {fr: U, it: V}}\n", "language 'it' of 'mail.organiser'" },
		{ "mail: {organiser: U, invitation: {subject: \"a\\nb\"}}\n", "must be one line" },
		{ "mail: [x]\n", "'mail' must be a mapping" },
	};
	char src[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct diags d = DIAGS_INIT;
		struct survey *s = NULL;
		int found = 0;

		snprintf(src, sizeof(src), "form_id: t\nversion: 1\ntitle: T\nlanguages: [fr, en]\n%s"
			 "survey:\n  - {type: integer, name: n, label: N}\n", bad[i].mail);
		assert_int_equal(survey_load(&s, "t.yaml", src, strlen(src), &d), -1);
		for (size_t k = 0; k < d.n; k++)
			found |= strstr(d.v[k].msg, bad[i].msg) != NULL && d.v[k].line == 5;
		if (!found)
			fail_msg("case %zu: no error '%s' on line 5", i, bad[i].msg);
		diags_release(&d);
	}
	/* not anonymous: the purpose is required */
	{
		const char *src2 = "form_id: t\nversion: 1\ntitle: T\nsettings: {anonymous: false}\n"
				   "mail: {organiser: U}\nsurvey:\n  - {type: integer, name: n, label: N}\n";
		struct diags d = DIAGS_INIT;
		struct survey *s = NULL;

		assert_int_equal(survey_load(&s, "t.yaml", src2, strlen(src2), &d), -1);
		assert_non_null(strstr(d.v[0].msg, "mail.purpose"));
		diags_release(&d);
	}
	/* no mail section: loads, but nothing can be sent */
	{
		const char *src3 = "form_id: t\nversion: 1\ntitle: T\n"
				   "survey:\n  - {type: integer, name: n, label: N}\n";
		struct loaded L;
		struct error err;

		load(&L, src3);
		assert_int_equal(mailtext_ready(&L.mt, &err), -1);
		assert_non_null(strstr(err.msg, "does not say who runs it"));
		unload(&L);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_qp),
		cmocka_unit_test(test_date_and_id),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_survey_text),
		cmocka_unit_test(test_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
