/*
 * i18n: locale set-up and where the message catalogues are (util/i18n.h).
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"

/* The build's catalogue folder, relative to the top of a checkout. */
#ifndef UTILIS_BUILD_LOCALEDIR
#define UTILIS_BUILD_LOCALEDIR "build/default/locale"
#endif
/* Where `make install` puts the catalogues. */
#ifndef UTILIS_LOCALEDIR
#define UTILIS_LOCALEDIR "/usr/local/share/locale"
#endif

/*
 * Does the folder dir hold utilis's catalogues?  French is the one
 * language of po/: its catalogue stands for all.
 */
static int has_catalogue(const char *dir)
{
	char path[PATH_MAX + 96];
	struct stat st;

	snprintf(path, sizeof(path), "%s/fr/LC_MESSAGES/" UTILIS_TEXTDOMAIN ".mo", dir);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * The folder of the running executable into dir (without the trailing
 * slash); 0, or -1 when /proc/self/exe cannot be read.
 */
static int exe_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= size - 1)
		return -1;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

void i18n_init(void)
{
	const char *rel[] = { "locale", UTILIS_BUILD_LOCALEDIR, "../share/locale" };
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *found = UTILIS_LOCALEDIR;
	size_t i;

	setlocale(LC_ALL, "");
	/* Numbers are read and written with '.': CSV, JSON and expressions. */
	setlocale(LC_NUMERIC, "C");
	if (exe_dir(dir, sizeof(dir)) == 0) {
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			if (rel[i][0] == '/')
				snprintf(path, sizeof(path), "%s", rel[i]);
			else
				snprintf(path, sizeof(path), "%s/%s", dir, rel[i]);
			if (has_catalogue(path)) {
				found = path;
				break;
			}
		}
	}
	bindtextdomain(UTILIS_TEXTDOMAIN, found);
	bind_textdomain_codeset(UTILIS_TEXTDOMAIN, "UTF-8");
	textdomain(UTILIS_TEXTDOMAIN);
}
