/*
 * i18n: the program's messages in the user's language, with GNU gettext
 * (glibc's libintl).  The English text in the sources is the message id;
 * po/fr.po holds its French, compiled by the Makefile into
 * $(O)/locale/fr/LC_MESSAGES/utilis.mo.  LANG, LC_ALL or LC_MESSAGES
 * choose the language (LANG=fr_FR.UTF-8: French); numbers stay in the C
 * locale whatever they say, so CSV and JSON never change.
 *
 *   _("text")   translated now (a string literal: xgettext finds it)
 *   N_("text")  marked for translation, translated where it is printed
 *               (a table entry: _() of the pointer at the printing site)
 *
 * The printing helpers of src/cli (cli_error, cli_warning, cli_info,
 * cli_usage_error) translate their format themselves, and so do the
 * modules' error_set(), diag_add() and their message helpers (store_fail,
 * perr, err_at, xerror...: the XGETTEXT keywords of the Makefile): their
 * literal format needs no _().  After adding a message: make update-po, then
 * translate it in po/fr.po (make check-po says what is missing).
 */
#ifndef UTILIS_I18N_H
#define UTILIS_I18N_H

#include <libintl.h>

#define UTILIS_TEXTDOMAIN "utilis"

/*
 * The Makefile's xgettext reads the preprocessed sources, so that a text
 * made of literals and macros ("(default " DEFAULT_FORM ")") is one
 * message: there _() and N_() are left as they are.
 */
#ifndef UTILIS_XGETTEXT
#define _(s) gettext(s)
#define N_(s) s
#endif

/*
 * Set the locale from the environment (LC_NUMERIC kept "C") and bind the
 * text domain to the first folder that holds its catalogue: <exe dir>/locale,
 * <exe dir>/UTILIS_BUILD_LOCALEDIR (the build's folder, from a checkout's
 * ./utilis), <exe dir>/../share/locale, UTILIS_LOCALEDIR (the install
 * path).  Never fails: without a catalogue, messages stay in English.
 */
void i18n_init(void);

#endif
