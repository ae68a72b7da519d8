/*
 * afile: every file that utilis writes goes through here.  A file is
 * written to a temporary beside its target (created with O_EXCL, a random
 * name, mode 0600 when it holds personal data or secrets, else 0666 less
 * the umask), every write checked, then fsync'ed, renamed over the target
 * and the folder fsync'ed: the target shows the old file or the whole new
 * one, never a part.  On failure the temporary is removed; on SIGINT or
 * SIGTERM the live temporaries are removed by a signal handler (only
 * unlink(2), which is async-signal-safe) and the signal is raised again.
 *
 * The workspace is protected by construction: the store registers the
 * files it opens with afile_protect(), and afile_open() and afile_commit()
 * refuse a target that is one of them — the same device and inode, or the
 * same resolved path even when the file does not exist yet (an absent
 * -wal) — before anything is written.
 *
 * A library that writes by file name (libxlsxwriter) is given f->tmp
 * after afile_close_fd(); it truncates and fills the same file, which
 * keeps the mode chosen here.
 */
#ifndef UTILIS_AFILE_H
#define UTILIS_AFILE_H

#include <stddef.h>

struct error;

enum {
	AFILE_PUBLIC = 0,	/* mode 0666 less the umask: a questionnaire, a blank form */
	AFILE_PRIVATE = 1,	/* mode 0600: answers, links, anything about people */
};

struct afile {
	char *path;		/* the target, as given */
	char *tmp;		/* the temporary, NULL once committed or dropped */
	int fd;			/* open on tmp for writing, -1 once closed */
	int slot;		/* index in the registry of live temporaries, -1: none */
};

#define AFILE_INIT { NULL, NULL, -1, -1 }

/*
 * Protect a workspace: path and its -wal, -shm and -journal can no longer
 * be the target of afile_open().  Safe from any thread; 0, or -1 when
 * memory is short (the protection then holds for what was registered).
 */
int afile_protect(const char *path);
/*
 * 0 when path may be written, -1 with err ("cannot write to 'x.db': it is
 * the workspace") when it is a protected file.
 */
int afile_check(const char *path, struct error *err);
/*
 * Start writing path: check it, create the temporary.  mode is
 * AFILE_PUBLIC or AFILE_PRIVATE.  0, or -1 with err and nothing on disk
 * (f is then as after afile_abort()).
 */
int afile_open(struct afile *f, const char *path, int mode, struct error *err);
/* Write all n bytes of buf.  0, or -1 with err (the temporary stays until afile_abort()). */
int afile_write(struct afile *f, const void *buf, size_t n, struct error *err);
/* Close the descriptor, so a library can write f->tmp by name.  0 or -1 with err. */
int afile_close_fd(struct afile *f, struct error *err);
/*
 * fsync the temporary, check the target again, rename, fsync the folder.
 * 0, or -1 with err saying which step failed; the temporary is removed on
 * failure.  f is released either way.
 */
int afile_commit(struct afile *f, struct error *err);
/* Remove the temporary (if any) and release f.  Harmless on a released f. */
void afile_abort(struct afile *f);
/* Write n bytes to path in one go (open, write, commit).  0 or -1 with err. */
int afile_write_file(const char *path, const void *buf, size_t n, int mode, struct error *err);

#endif
