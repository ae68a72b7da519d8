/*
 * err: the one error space of utilis.  Every module function that can fail
 * returns 0 (or a documented positive value) on success and one of these
 * negative codes on failure, with what went wrong in a struct error.  A
 * bare -1 is UT_EIO.  Only the command-line layer turns a code into an exit
 * status (cli_exit() in src/cli/common.c), and it decides on the code, never
 * on the message's text.
 */
#ifndef UTILIS_ERR_H
#define UTILIS_ERR_H

enum ut_err {
	UT_OK = 0,
	UT_EIO = -1,		/* a file, SQLite or the system failed (exit 74) */
	UT_EDATA = -2,		/* bad data, or a request that conflicts with what is stored (exit 65) */
	UT_ENOTFOUND = -3,	/* what was named does not exist: a workspace, a survey... (exit 1) */
	UT_ESCHEMA = -4,	/* the workspace is corrupt or from a newer utilis (exit 65) */
	UT_EBUSY = -5,		/* another program held a lock longer than the wait (exit 74) */
	UT_ENOMEM = -6,		/* out of memory (exit 1) */
	UT_EINFEASIBLE = -7,	/* the constraints of an optimisation cannot all hold (exit 65) */
	UT_ESOLVER = -8,	/* the solver (GLPK) failed or stopped at a limit (exit 1) */
};

/* The error record of a module call: what went wrong, for a person. */
struct error {
	char msg[1024];		/* lowercase, no trailing newline */
};

/*
 * Set e->msg (e may be NULL) and return -1 (UT_EIO).  The format is
 * translated (util/i18n.h, the Makefile's error_set:2 keyword): a literal
 * format needs no _(), but an English word passed as an argument does.
 */
int error_set(struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
