/*
 * Unit tests of util/afile.h: a file appears whole or not at all, with
 * the mode asked for; a failure or an abort leaves no temporary; the
 * protected workspace, its -wal (absent), -shm and -journal, a symbolic
 * link and a hard link to it are refused and left untouched; SIGINT and
 * SIGTERM remove the live temporaries and still end the program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/afile.h"
#include "util/diag.h"

static char dir[] = "/tmp/utilis-afile-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) && chdir(dir) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return chdir("/") == 0 && system(cmd) == 0 ? 0 : -1;
}

/* Files in the current folder (not . and ..). */
static int nfiles(void)
{
	DIR *d = opendir(".");
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void slurp(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "rb");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

static void test_write_modes(void **state)
{
	struct error err;
	struct stat st;
	char buf[64];
	mode_t old = umask(022);

	(void)state;
	assert_int_equal(afile_write_file("priv.txt", "secret\n", 7, AFILE_PRIVATE, &err), 0);
	assert_int_equal(stat("priv.txt", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(afile_write_file("pub.txt", "form\n", 5, AFILE_PUBLIC, &err), 0);
	assert_int_equal(stat("pub.txt", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* replacing keeps nothing of the old file, and its mode is the new one */
	assert_int_equal(afile_write_file("pub.txt", "x", 1, AFILE_PRIVATE, &err), 0);
	assert_int_equal(stat("pub.txt", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	slurp("pub.txt", buf, sizeof(buf));
	assert_string_equal(buf, "x");
	assert_int_equal(nfiles(), 2);
	unlink("priv.txt");
	unlink("pub.txt");
	umask(old);
}

static void test_abort_and_failure(void **state)
{
	struct afile f = AFILE_INIT;
	struct error err;

	(void)state;
	assert_int_equal(afile_open(&f, "out.csv", AFILE_PRIVATE, &err), 0);
	assert_non_null(f.tmp);
	assert_int_equal(strncmp(f.tmp, "out.csv.tmp-", 12), 0);
	assert_int_equal(afile_write(&f, "a,b\n", 4, &err), 0);
	assert_int_equal(access("out.csv", F_OK), -1);	/* nothing at the target yet */
	assert_int_equal(nfiles(), 1);
	afile_abort(&f);
	assert_int_equal(nfiles(), 0);
	afile_abort(&f);	/* harmless twice */
	/* a folder that does not exist: an error naming the file, nothing left */
	assert_int_equal(afile_write_file("missing/out.csv", "x", 1, AFILE_PUBLIC, &err), -1);
	assert_string_equal(err.msg, "cannot write 'missing/out.csv': No such file or directory");
	/* a rename that fails (the target is a folder): the temporary is removed */
	assert_int_equal(mkdir("adir", 0755), 0);
	assert_int_equal(afile_write_file("adir", "x", 1, AFILE_PUBLIC, &err), -1);
	assert_non_null(strstr(err.msg, "cannot rename"));
	assert_int_equal(nfiles(), 1);
	rmdir("adir");
}

static void test_protected(void **state)
{
	static const char *const refused[] = {
		"w.db", "./w.db", "w.db-wal", "w.db-shm", "w.db-journal", "link.db", "hard.db",
		"sub/../w.db",
	};
	struct error err;
	struct stat st;
	char buf[64], abs[512];
	size_t i;

	(void)state;
	assert_int_equal(afile_write_file("w.db", "DATA", 4, AFILE_PUBLIC, &err), 0);
	assert_int_equal(afile_write_file("w.db-shm", "SHM", 3, AFILE_PUBLIC, &err), 0);
	assert_int_equal(symlink("w.db", "link.db"), 0);
	assert_int_equal(link("w.db", "hard.db"), 0);
	assert_int_equal(mkdir("sub", 0755), 0);
	assert_int_equal(afile_protect("w.db"), 0);
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		struct afile f = AFILE_INIT;

		assert_int_equal(afile_check(refused[i], &err), -1);
		assert_int_equal(afile_open(&f, refused[i], AFILE_PUBLIC, &err), -1);
		assert_int_equal(afile_write_file(refused[i], "X", 1, AFILE_PUBLIC, &err), -1);
	}
	assert_int_equal(afile_check("w.db", &err), -1);
	assert_string_equal(err.msg, "cannot write to 'w.db': it is the workspace");
	assert_int_equal(afile_check("w.db-wal", &err), -1);
	assert_string_equal(err.msg, "cannot write to 'w.db-wal': it belongs to the workspace "
			    "'w.db' (SQLite's -wal file)");
	/* by its absolute name too */
	assert_non_null(getcwd(abs, sizeof(abs) - 16));
	strcat(abs, "/w.db");
	assert_int_equal(afile_check(abs, &err), -1);
	/* untouched, and nothing left beside */
	slurp("w.db", buf, sizeof(buf));
	assert_string_equal(buf, "DATA");
	assert_int_equal(stat("w.db-wal", &st), -1);
	assert_int_equal(nfiles(), 5);
	/* a neighbour is fine */
	assert_int_equal(afile_check("w.db.csv", &err), 0);
	assert_int_equal(afile_check("sub/w.db", &err), 0);
}

/* A signal in the middle of a write: the temporaries go, the signal still kills. */
static void test_signal(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		int status;
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0) {
			struct afile a = AFILE_INIT, b = AFILE_INIT;
			struct error err;

			if (afile_open(&a, "one.xlsx", AFILE_PRIVATE, &err) < 0 ||
			    afile_open(&b, "two.csv", AFILE_PUBLIC, &err) < 0 ||
			    afile_write(&b, "x", 1, &err) < 0)
				_exit(3);
			raise(sigs[i]);
			_exit(4);	/* not reached: the signal is raised again */
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[i]);
		assert_int_equal(system("ls -A | grep -q -e '^one' -e '^two'"), 256);	/* grep: no match */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_modes),
		cmocka_unit_test(test_abort_and_failure),
		cmocka_unit_test(test_protected),
		cmocka_unit_test(test_signal),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
