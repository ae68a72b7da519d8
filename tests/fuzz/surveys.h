/*
 * The fixed surveys some fuzz targets check their input against: the
 * questionnaires of the programme and the test forms, loaded once from the
 * source tree (UTILIS_TOP).
 */
#ifndef UTILIS_FUZZ_SURVEYS_H
#define UTILIS_FUZZ_SURVEYS_H

#include "survey/survey.h"

/* The survey whose form_id is id, or NULL; loads them all on the first call (aborts on failure). */
const struct survey *fuzz_survey(const char *id);

#endif
