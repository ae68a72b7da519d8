/*
 * xlsform_write: a questionnaire as an XLSForm workbook for KoboToolbox and
 * ODK (survey, choices and settings sheets), written with libxlsxwriter.
 * `utilis survey import-xlsform` reads it back into the same survey; the
 * columns are those of docs/questionnaire-format.md, "Mapping to XLSForm".
 */
#ifndef UTILIS_XLSFORM_WRITE_H
#define UTILIS_XLSFORM_WRITE_H

#include "survey/survey.h"
#include "util/diag.h"

/*
 * Write s to path, through a temporary file beside it that is renamed when
 * complete (nothing is left behind on failure).  0, or -1 with err.
 */
int xlsform_write(const struct survey *s, const char *path, struct error *err);

#endif
