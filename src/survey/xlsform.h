/*
 * xlsform: reading an XLSForm workbook (the spreadsheet convention of
 * KoboToolbox and ODK) into a utilis questionnaire definition in YAML, as
 * docs/questionnaire-format.md ("Mapping to XLSForm") describes.  The
 * writer, which needs libxlsxwriter, is report/xlsform_write.c; the two
 * share the language names below.
 *
 * What XLSForm has and utilis has not is reported, never dropped
 * silently: repeats, geopoints, media questions and the like are errors
 * (or, when asked, warnings and left out); metadata fields (start, end,
 * deviceid...), media and unknown columns, settings and sheets utilis does
 * not use are warnings.  `or_other` is expanded as KoboToolbox and ODK do:
 * a choice 'other' and a text question NAME_other.  The YAML is checked
 * with survey_load(), and every problem, the definition's included, is
 * reported at its cell as FILE:SHEET:ROW:COLUMN.
 */
#ifndef UTILIS_XLSFORM_H
#define UTILIS_XLSFORM_H

#include "util/diag.h"
#include "util/strbuf.h"

struct xlsform_options {
	const char *form_id;		/* form_id to use instead of the workbook's, or NULL */
	const char *default_language;	/* code of columns without a language, or NULL */
	int drop_unsupported;		/* leave out what utilis cannot express, with a warning */
};

/*
 * Read the workbook at path into YAML text appended to yaml, and its
 * form_id into *form_id (malloc'd).  Returns 0 (d may hold warnings);
 * UT_EDATA when the workbook has errors, all of them in d (yaml then holds
 * the text as far as it could be made, *form_id is NULL); UT_EIO when the
 * file cannot be read (err); UT_EDATA with err and no error in d when it is
 * not an .xlsx workbook.
 */
int xlsform_read(const char *path, const struct xlsform_options *opt, struct strbuf *yaml,
		 char **form_id, struct diags *d, struct error *err);

/* "Français" for "fr": the language's own name, or NULL when unknown. */
const char *xlsform_language_name(const char *code);
/*
 * The code of a language column suffix: "Français (fr)" and "French (fr)"
 * give "fr", as do "fr", "FR", "French", "français", "english" gives "en".
 * Copies it into code (at most 15 bytes); 0, or -1 when no code can be told.
 */
int xlsform_language_code(const char *suffix, char code[16]);

#endif
