/*
 * codepage: /c, where a person types the short code of their printed
 * letter (collect/token.h) and lands on their form (a redirect to their
 * link /r/TOKEN).  GET /c shows the form, POST /c checks the code.
 *
 * Guessing.  A code is 50 random bits; the workspace keeps only its HMAC
 * under the server key and finds a typed code by that HMAC: the time the
 * search takes depends only on HMAC bytes, which a guesser can neither
 * choose nor see, so it says nothing about any code (what a constant-time
 * comparison guarantees).  Wrong
 * codes are limited per address (CODE_BURST at once, then one every
 * CODE_EVERY seconds) and for all addresses together (CODE_ALL_BURST,
 * then CODE_ALL_RATE a second), as the admin password is: past either,
 * every code is refused (429) until the bucket refills.  A code that is
 * not a link's, a link's that has submitted, or an erased link's all get
 * the same answer, so nothing tells which.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "collect/html.h"
#include "collect/internal.h"
#include "collect/token.h"
#include "store/store.h"

enum cw { CW_TITLE, CW_LEAD, CW_LABEL, CW_HINT, CW_GO, CW_ERR_TITLE, CW_ERR_EMPTY,
	  CW_ERR_FORM, CW_ERR_UNKNOWN, CW_ERR_PREFIX, CW_SKIP, CW_OTHER, CW_BUSY, CW_COUNT };

static const char *const cw[2][CW_COUNT] = {
	{
		[CW_TITLE] = "Votre code",
		[CW_LEAD] = "Tapez le code écrit sur votre lettre. Vous arrivez ensuite sur "
			    "votre questionnaire.",
		[CW_LABEL] = "Code de votre lettre",
		[CW_HINT] = "10 lettres et chiffres, par exemple K7M2Q-9QXDA. Les tirets, les "
			    "espaces et les majuscules ne comptent pas.",
		[CW_GO] = "Continuer",
		[CW_ERR_TITLE] = "Il y a un problème",
		[CW_ERR_EMPTY] = "Tapez le code écrit sur votre lettre.",
		[CW_ERR_FORM] = "Ce code n'a pas la bonne forme : il a 10 lettres et chiffres, par "
				"exemple K7M2Q-9QXDA.",
		[CW_ERR_UNKNOWN] = "Ce code ne marche pas. Vérifiez chaque caractère. Si vous avez "
				   "déjà envoyé vos réponses, le code ne sert plus.",
		[CW_ERR_PREFIX] = "Erreur :",
		[CW_SKIP] = "Aller au contenu",
		[CW_OTHER] = "English",
		[CW_BUSY] = "Le site est très occupé. Réessayez dans une minute.",
	},
	{
		[CW_TITLE] = "Your code",
		[CW_LEAD] = "Type the code written on your letter. You then reach your "
			    "questionnaire.",
		[CW_LABEL] = "Code on your letter",
		[CW_HINT] = "10 letters and digits, for example K7M2Q-9QXDA. Dashes, spaces and "
			    "capitals do not matter.",
		[CW_GO] = "Continue",
		[CW_ERR_TITLE] = "There is a problem",
		[CW_ERR_EMPTY] = "Type the code written on your letter.",
		[CW_ERR_FORM] = "This code does not have the right form: it has 10 letters and "
				"digits, for example K7M2Q-9QXDA.",
		[CW_ERR_UNKNOWN] = "This code does not work. Check each character. If you have "
				   "already sent your answers, the code no longer works.",
		[CW_ERR_PREFIX] = "Error:",
		[CW_SKIP] = "Skip to content",
		[CW_OTHER] = "Français",
		[CW_BUSY] = "The site is very busy. Try again in a minute.",
	},
};

/* The page, with error (a CW_ERR_* or 0) and the code typed (or NULL). */
static enum MHD_Result code_page(struct MHD_Connection *c, int en, enum cw error,
				 const char *typed, unsigned status)
{
	const char *const *w = cw[en];
	struct strbuf o = STRBUF_INIT;
	int rc = html_printf(&o, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"ltr\">\n<head>\n"
			     "<meta charset=\"utf-8\">\n"
			     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
			     "<meta name=\"referrer\" content=\"no-referrer\">\n<title>%s%s%s</title>\n"
			     "<link rel=\"stylesheet\" href=\"static/utilis.css\">\n</head>\n<body>\n"
			     "<a class=\"skip\" href=\"#main\">%s</a>\n<header class=\"header\">\n"
			     "<nav class=\"langs\" aria-label=\"Langue / Language\"><ul><li>"
			     "<a href=\"c?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a></li></ul></nav>\n"
			     "</header>\n<main id=\"main\" tabindex=\"-1\">\n",
			     en ? "en" : "fr", error ? w[CW_ERR_PREFIX] : "", error ? " " : "",
			     w[CW_TITLE], w[CW_SKIP], en ? "fr" : "en", en ? "fr" : "en",
			     en ? "fr" : "en", w[CW_OTHER]);

	if (rc == 0 && error)
		rc = html_textf(&o, "<div class=\"error-summary\" role=\"alert\" "
				"aria-labelledby=\"error-summary-title\" tabindex=\"-1\" autofocus>\n"
				"<h2 id=\"error-summary-title\">%s</h2>\n<ul><li><a href=\"#code\">%s"
				"</a></li></ul>\n</div>\n", w[CW_ERR_TITLE], w[error]);
	if (rc == 0)
		rc = html_textf(&o, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", w[CW_TITLE],
				w[CW_LEAD]);
	if (rc == 0)
		rc = html_printf(&o, "<form method=\"post\" action=\"c\" novalidate>\n"
				 "<input type=\"hidden\" name=\"_lang\" value=\"%s\">\n"
				 "<div class=\"question%s\">\n", en ? "en" : "fr",
				 error ? " has-error" : "");
	if (rc == 0)
		rc = html_textf(&o, "<label class=\"label\" for=\"code\">%s</label>\n"
				"<p class=\"hint\" id=\"code-hint\">%s</p>\n", w[CW_LABEL],
				w[CW_HINT]);
	if (rc == 0 && error)
		rc = html_printf(&o, "<p class=\"error-message\" id=\"code-error\"><span "
				 "class=\"visually-hidden\">%s</span> ", w[CW_ERR_PREFIX]);
	if (rc == 0 && error)
		rc = html_escape_text(&o, w[error]);
	if (rc == 0 && error)
		rc = strbuf_addstr(&o, "</p>\n");
	if (rc == 0)
		rc = strbuf_addstr(&o, error ? "<input aria-describedby=\"code-hint code-error\" "
				   "aria-invalid=\"true\" " : "<input aria-describedby=\"code-hint\" ");
	if (rc == 0)
		rc = html_printf(&o, "class=\"input narrow\" id=\"code\" name=\"code\" "
			         "type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\" "
			         "spellcheck=\"false\" maxlength=\"40\" value=\"%s\" %s>\n</div>\n"
			         "<div class=\"actions\">\n"
			         "<button class=\"button\" type=\"submit\">%s</button>\n</div>\n"
			         "</form>\n</main>\n</body>\n</html>\n",
			         typed ? typed : "", error ? "" : "autofocus", w[CW_GO]);
	if (rc < 0) {
		strbuf_release(&o);
		return MHD_NO;
	}
	return srv_reply(c, status, "text/html; charset=utf-8", &o, 0);
}

enum MHD_Result code_handle(struct collect_server *srv, struct MHD_Connection *c,
			    const struct form_fields *f)
{
	const char *lang = f ? form_fields_get(f, "_lang")
			     : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	const char *typed = f ? form_fields_get(f, "code") : NULL;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	unsigned char key[RATELIMIT_KEY], all[RATELIMIT_KEY] = { 0 }, hash[32];
	char norm[SHORTCODE_CHARS + 1], *token = NULL;
	int en = lang && !strcmp(lang, "en"), first = 0, first_all = 0, rc;
	unsigned wait, wait_all;
	double now = srv_now();
	struct error err;

	if (!f)
		return code_page(c, en, 0, NULL, MHD_HTTP_OK);
	if (!typed || !*typed)
		return code_page(c, en, CW_ERR_EMPTY, NULL, 422);
	if (!shortcode_normalize(typed, norm))	/* a typing slip: not a guess, not counted */
		return code_page(c, en, CW_ERR_FORM, strlen(typed) > 40 ? NULL : typed, 422);

	ratelimit_key(ci ? ci->client_addr : NULL, key);
	wait = ratelimit_take(&srv->code_rl, key, now, 0, &first);
	wait_all = wait ? 0 : ratelimit_take(&srv->code_all, all, now, 0, &first_all);
	if (wait || wait_all) {
		if (wait_all && first_all)
			srv_log(srv, "short codes: too many wrong codes from all addresses, "
				"refused for %u s", wait_all);
		else if (wait && first)
			srv_log(srv, "short codes: too many wrong codes from one address, "
				"refused for %u s", wait);
		return srv_too_many(c, wait ? wait : wait_all, NULL, en ? "en" : "fr",
				    en ? "c?lang=en" : "c", M_BACK_TO_CODE, "");
	}
	shortcode_hash(srv->key, norm, hash);
	pthread_mutex_lock(&srv->rlock);
	rc = store_short_code_find(srv->rd, hash, &token, &err);
	pthread_mutex_unlock(&srv->rlock);
	if (rc < 0) {
		srv_log(srv, "%s", err.msg);
		return srv_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, NULL, en ? "en" : "fr",
				   M_SERVER_ERROR_TITLE, M_SERVER_ERROR_TEXT, "c", M_BACK_TO_FORM,
				   "");
	}
	if (rc == 0 || !token_syntax_ok(token)) {
		free(token);
		ratelimit_take(&srv->code_rl, key, now, 1, NULL);
		ratelimit_take(&srv->code_all, all, now, 1, NULL);
		return code_page(c, en, CW_ERR_UNKNOWN, typed, 422);
	}
	{
		char location[TOKEN_LEN + 16];

		snprintf(location, sizeof(location), "r/%s%s", token, en ? "?lang=en" : "");
		free(token);
		return srv_redirect(c, location);
	}
}
