/*
 * afile: atomic output files, the protection of the workspace, and the
 * removal of temporaries on SIGINT/SIGTERM (see afile.h).
 *
 * Two registries, both behind one mutex: the protected paths (resolved,
 * compared as strings and by device and inode) and the live temporaries.
 * The signal handler reads the second without the mutex: a slot is a
 * pointer that is set only once its string is complete and cleared before
 * the string is freed, so the handler sees a whole name or none.
 */
#include "util/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/diag.h"

#define MAX_PROTECTED 64	/* protected names (four per workspace) */
#define MAX_LIVE 16		/* temporaries removed on a signal */

struct protected {
	char *resolved;		/* absolute path, symbolic links of existing parts resolved */
	char *workspace;	/* the workspace as given, for messages */
	const char *what;	/* "" for the workspace itself, else "-wal"... */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct protected prot[MAX_PROTECTED];
static size_t nprot;
static char *volatile live[MAX_LIVE];
static int handlers_set;
static struct sigaction old_int, old_term;

/*
 * The absolute, resolved form of path: realpath() when it exists, else
 * the resolved folder and the last component.  malloc'd, NULL when even
 * the folder cannot be resolved (then path cannot be created either).
 */
static char *resolve(const char *path)
{
	char *r = realpath(path, NULL), *dir, *slash, *rdir, *out = NULL;
	const char *base;

	if (r)
		return r;
	if (!(dir = strdup(path)))
		return NULL;
	slash = strrchr(dir, '/');
	if (slash == dir) {
		base = path + 1;
		dir[1] = '\0';
	} else if (slash) {
		*slash = '\0';
		base = path + (slash - dir) + 1;
	} else {
		base = path;
		strcpy(dir, ".");
	}
	rdir = realpath(dir, NULL);
	if (rdir && asprintf(&out, "%s%s%s", rdir, strcmp(rdir, "/") ? "/" : "", base) < 0)
		out = NULL;
	free(rdir);
	free(dir);
	return out;
}

int afile_protect(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	int rc = 0;

	pthread_mutex_lock(&lock);
	for (size_t k = 0; k < 4; k++) {
		char *name = NULL, *r;
		size_t i;

		if (asprintf(&name, "%s%s", path, suffix[k]) < 0) {
			rc = -1;
			break;
		}
		r = resolve(name);
		free(name);
		if (!r)
			continue;
		for (i = 0; i < nprot && strcmp(prot[i].resolved, r); i++)
			;
		if (i < nprot || nprot == MAX_PROTECTED) {
			free(r);
			continue;
		}
		prot[nprot].resolved = r;
		prot[nprot].what = suffix[k];
		if (!(prot[nprot].workspace = strdup(path))) {
			free(r);
			rc = -1;
			break;
		}
		nprot++;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

int afile_check(const char *path, struct error *err)
{
	struct stat st, ps;
	int have = stat(path, &st) == 0, rc = 0;
	char *r = resolve(path);

	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nprot && rc == 0; i++) {
		if ((r && !strcmp(r, prot[i].resolved)) ||
		    (have && stat(prot[i].resolved, &ps) == 0 && ps.st_dev == st.st_dev &&
		     ps.st_ino == st.st_ino)) {
			if (!*prot[i].what)
				rc = error_set(err, "cannot write to '%s': it is the workspace", path);
			else
				rc = error_set(err, "cannot write to '%s': it belongs to the workspace "
					       "'%s' (SQLite's %s file)", path, prot[i].workspace,
					       prot[i].what);
		}
	}
	pthread_mutex_unlock(&lock);
	free(r);
	return rc;
}

/* --- live temporaries and signals --------------------------------------- */

static void on_signal(int sig)
{
	int saved = errno;
	const struct sigaction *old = sig == SIGINT ? &old_int : &old_term;

	for (size_t i = 0; i < MAX_LIVE; i++) {
		char *p = live[i];

		if (p)
			unlink(p);
	}
	if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN &&
	    !(old->sa_flags & SA_SIGINFO)) {
		old->sa_handler(sig);
		errno = saved;
		return;
	}
	sigaction(sig, old, NULL);
	errno = saved;
	raise(sig);
}

/* Install the handlers once, unless the signal is ignored (nohup). */
static void set_handlers(void)
{
	struct sigaction sa;

	if (handlers_set)
		return;
	handlers_set = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	if (old_int.sa_handler != SIG_IGN)
		sigaction(SIGINT, &sa, NULL);
	if (old_term.sa_handler != SIG_IGN)
		sigaction(SIGTERM, &sa, NULL);
}

static int live_add(const char *tmp)
{
	char *copy = strdup(tmp);
	int slot = -1;

	if (!copy)
		return -1;
	pthread_mutex_lock(&lock);
	set_handlers();
	for (int i = 0; i < MAX_LIVE; i++)
		if (!live[i]) {
			live[i] = copy;
			slot = i;
			break;
		}
	pthread_mutex_unlock(&lock);
	if (slot < 0)
		free(copy);	/* more than MAX_LIVE at once: still atomic, only not cleaned on a signal */
	return slot;
}

static void live_drop(int slot)
{
	char *p;

	if (slot < 0)
		return;
	pthread_mutex_lock(&lock);
	p = live[slot];
	live[slot] = NULL;
	pthread_mutex_unlock(&lock);
	free(p);
}

/* --- files --------------------------------------------------------------- */

static void release(struct afile *f)
{
	live_drop(f->slot);
	free(f->path);
	free(f->tmp);
	f->path = f->tmp = NULL;
	f->fd = f->slot = -1;
}

int afile_open(struct afile *f, const char *path, int mode, struct error *err)
{
	static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(path);
	int tries;

	f->path = f->tmp = NULL;
	f->fd = f->slot = -1;
	if (afile_check(path, err) < 0)
		return -1;
	if (!(f->path = strdup(path)) || !(f->tmp = malloc(n + 12))) {
		release(f);
		return error_set(err, "out of memory");
	}
	for (tries = 0; tries < 100; tries++) {
		unsigned char rnd[6];
		size_t i;

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			for (i = 0; i < sizeof(rnd); i++)
				rnd[i] = (unsigned char)(rand() ^ (getpid() >> i));
		memcpy(f->tmp, path, n);
		memcpy(f->tmp + n, ".tmp-", 5);
		for (i = 0; i < sizeof(rnd); i++)
			f->tmp[n + 5 + i] = abc[rnd[i] % (sizeof(abc) - 1)];
		f->tmp[n + 11] = '\0';
		/* registered before it exists: a signal between the two finds nothing to remove */
		f->slot = live_add(f->tmp);
		f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			     mode == AFILE_PRIVATE ? 0600 : 0666);
		if (f->fd >= 0)
			return 0;
		live_drop(f->slot);
		f->slot = -1;
		if (errno != EEXIST)
			break;
	}
	error_set(err, "cannot write '%s': %s", path, strerror(errno));
	release(f);
	return -1;
}

int afile_write(struct afile *f, const void *buf, size_t n, struct error *err)
{
	const char *p = buf;

	if (f->fd < 0)
		return error_set(err, "cannot write '%s': the file is closed", f->path);
	while (n > 0) {
		ssize_t w = write(f->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return error_set(err, "cannot write '%s': %s", f->path, strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int afile_close_fd(struct afile *f, struct error *err)
{
	int fd = f->fd;

	f->fd = -1;
	if (fd >= 0 && close(fd) < 0)
		return error_set(err, "cannot write '%s' (close): %s", f->path, strerror(errno));
	return 0;
}

/* fsync the folder of path, so that the rename itself survives a crash. */
static int sync_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	int fd, rc = 0;

	if (!dir)
		return -1;
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || (fsync(fd) < 0 && errno != EINVAL && errno != EROFS))
		rc = -1;
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int afile_commit(struct afile *f, struct error *err)
{
	int fd = f->fd;

	if (!f->tmp)
		return error_set(err, "cannot write: no file open");
	if (fd < 0 && (fd = open(f->tmp, O_RDONLY | O_CLOEXEC)) < 0) {
		error_set(err, "cannot write '%s' (reopen): %s", f->path, strerror(errno));
		goto fail;
	}
	f->fd = -1;
	if (fsync(fd) < 0) {
		error_set(err, "cannot write '%s' (fsync): %s", f->path, strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		error_set(err, "cannot write '%s' (close): %s", f->path, strerror(errno));
		goto fail;
	}
	if (afile_check(f->path, err) < 0)
		goto fail;
	if (rename(f->tmp, f->path) < 0) {
		error_set(err, "cannot rename '%s' to '%s': %s", f->tmp, f->path, strerror(errno));
		goto fail;
	}
	free(f->tmp);
	f->tmp = NULL;
	if (sync_dir(f->path) < 0) {
		error_set(err, "cannot write '%s' (fsync of its folder): %s", f->path, strerror(errno));
		release(f);
		return -1;
	}
	release(f);
	return 0;
fail:
	afile_abort(f);
	return -1;
}

void afile_abort(struct afile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	if (f->tmp)
		unlink(f->tmp);
	release(f);
}

int afile_write_file(const char *path, const void *buf, size_t n, int mode, struct error *err)
{
	struct afile f;

	if (afile_open(&f, path, mode, err) < 0)
		return -1;
	if (afile_write(&f, buf, n, err) < 0) {
		afile_abort(&f);
		return -1;
	}
	return afile_commit(&f, err);
}
