/*
 * xlsx_check: making sure a workbook libxlsxwriter reports as written is
 * whole.  libxlsxwriter writes its parts into temporary files without
 * checking the writes and then zips them: on a full disk (or past a file
 * size limit) workbook_close() can succeed with a sheet cut short inside
 * a valid zip.  The writers of report/ call these before renaming their
 * temporary file into place, so that a failure leaves no file at all.
 */
#ifndef UTILIS_REPORT_XLSX_CHECK_H
#define UTILIS_REPORT_XLSX_CHECK_H

#include <xlsxwriter.h>

#include "util/diag.h"

/*
 * Before workbook_close(): flush the temporary file of each worksheet of
 * wb in constant-memory mode.  Returns 0, or -1 with err ("cannot write
 * 'PATH': ..." with the system's reason) when one could not be written.
 */
int xlsx_check_tmpfiles(lxw_workbook *wb, const char *path, struct error *err);
/*
 * After workbook_close(): read the workbook at tmp back, every part
 * inflated (its CRC checked) and every XML part parsed to its end.  path
 * is the name for messages.  Returns 0, or -1 with err.
 */
int xlsx_check_file(const char *tmp, const char *path, struct error *err);

#endif
