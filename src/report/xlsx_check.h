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

/*
 * The same check, without reading the workbook back: started just before
 * workbook_close() on the same thread, the watch sees every part on its
 * way to deflate (libxlsxwriter's calls to minizip, interposed here) and
 * checks it on a second thread while the first deflates: its CRC and size
 * computed, every XML part parsed to its end.  xlsx_watch_finish(), after
 * workbook_close(), waits for that thread, then reads the zip's directory
 * only: each part is there, in order, with the size and CRC that were
 * checked.  start returns NULL when it cannot watch (no memory or thread),
 * and finish then does xlsx_check_file(); it does so too when no part was
 * seen (minizip not interposed on this system).  finish frees w, and must
 * be called once for each start, whatever workbook_close() returned: with
 * tmp NULL (the workbook failed anyway) it only stops the watch.  Returns 0,
 * or -1 with err.
 */
struct xlsx_watch;
struct xlsx_watch *xlsx_watch_start(void);
int xlsx_watch_finish(struct xlsx_watch *w, const char *tmp, const char *path,
		      struct error *err);

/*
 * The same watch for a writer of its own (report/xlsx_stream.h), which
 * hands over each part's bytes before it deflates them: a part named
 * name, then its bytes in order (parts may interleave), then its end.
 * xlsx_watch_finish() then finds each part in the zip by its name.  w may
 * be NULL (nothing is watched); a part that cannot be followed (no
 * memory) makes xlsx_watch_finish() read the file back instead.
 */
struct xlsx_part;
struct xlsx_part *xlsx_watch_part(struct xlsx_watch *w, const char *name);
void xlsx_watch_feed(struct xlsx_watch *w, struct xlsx_part *p, const void *buf, size_t len);
void xlsx_watch_done(struct xlsx_watch *w, struct xlsx_part *p);

#endif
