/*
 * common: printing, option parsing and file helpers shared by the commands.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "store/store.h"
#include "survey/survey.h"
#include "util/afile.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/strbuf.h"

int cli_exit(int code)
{
	switch (code) {
	case UT_OK:
		return EXIT_OK;
	case UT_EIO:
	case UT_EBUSY:
		return EXIT_IOERR;
	case UT_EDATA:
	case UT_ESCHEMA:
	case UT_EINFEASIBLE:
		return EXIT_DATAERR;
	case UT_ENOTFOUND:
	case UT_ENOMEM:
	case UT_ESOLVER:
		return EXIT_FAIL;
	}
	return EXIT_FAIL;
}

int cli_error(int ret, const char *fmt, ...)
{
	va_list ap;

	fputs(_("error: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return ret;
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	fputs(_("warning: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_info(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stdout, _(fmt), ap);
	va_end(ap);
}

int cli_usage_error(const struct command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs(_("error: "), stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fprintf(stderr, _("\nusage: %s\nsee 'utilis help %s'\n"), cmd->usage, cmd->name);
	return EXIT_USAGE;
}

void cli_print_help(FILE *fp, const struct command *cmd)
{
	fprintf(fp, _("usage: %s\n\n%s\n"), cmd->usage, _(cmd->summary));
	if (cmd->help && *cmd->help)
		fprintf(fp, "\n%s", _(cmd->help));
}

int cli_getopt(const struct command *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c == '?') {
		if (optopt)
			cli_usage_error(cmd, "unknown option '-%c'", optopt);
		else
			cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
	} else if (c == ':') {
		cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		c = '?';
	}
	return c;
}

int cli_read_file(const char *path, size_t max, char **out, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	*out = NULL;
	if (!fp)
		return cli_error(EXIT_IOERR, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) < 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		return cli_error(EXIT_IOERR, "cannot read '%s': not a regular file", path);
	}
	if ((size_t)st.st_size > max) {
		fclose(fp);
		return cli_error(EXIT_DATAERR, "'%s' is too large (%lld bytes; at most %zu)", path,
				 (long long)st.st_size, max);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(fp);
		return cli_error(EXIT_FAIL, "out of memory reading '%s'", path);
	}
	n = fread(buf, 1, (size_t)st.st_size, fp);
	if (ferror(fp)) {
		int e = errno;

		free(buf);
		fclose(fp);
		return cli_error(EXIT_IOERR, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(fp);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return EXIT_OK;
}

/* The store's notice of a long wait for another program's lock. */
static void say_waiting(void *ctx)
{
	const struct cli *cli = ctx;

	if (!cli->quiet)
		fprintf(stderr, _("waiting for '%s': another program (an import, the server...) "
			"is writing it\n"), cli->db_path);
}

/*
 * How long a command waits for the workspace when another program writes
 * it: $UTILIS_WAIT seconds, else CLI_WAIT_DEFAULT_S.
 */
#define CLI_WAIT_DEFAULT_S 600
static int wait_ms(void)
{
	const char *env = getenv("UTILIS_WAIT");
	char *end;
	long s;

	if (env && *env) {
		s = strtol(env, &end, 10);
		if (!*end && s >= 0 && s <= 86400)
			return (int)(s * 1000);
	}
	return CLI_WAIT_DEFAULT_S * 1000;
}

int cli_open_store(const struct cli *cli, int flags, struct store **out)
{
	struct error err;
	int rc = store_open(out, cli->db_path, flags, &err);

	if (rc < 0)
		return cli_error(cli_exit(rc), "%s", err.msg);
	/* a command waits its turn, and says so, rather than fail at once */
	store_set_wait(*out, wait_ms(), say_waiting, (void *)cli);
	return EXIT_OK;
}

void cli_print_diags(struct diags *d)
{
	diags_sort(d);
	diags_print(stderr, d);
}

int cli_load_survey(const struct cli *cli, const char *path, struct survey **out,
		    char **src_out, size_t *len_out)
{
	struct diags d = DIAGS_INIT;
	char *src;
	size_t len;
	int rc;

	(void)cli;
	*out = NULL;
	rc = cli_read_file(path, UT_MAX_DEFINITION, &src, &len);
	if (rc)
		return rc;
	rc = survey_load(out, path, src, len, &d);
	cli_print_diags(&d);
	diags_release(&d);
	if (rc < 0) {
		free(src);
		return EXIT_DATAERR;
	}
	if (src_out) {
		*src_out = src;
		*len_out = len;
	} else {
		free(src);
	}
	return EXIT_OK;
}

int cli_write_stdout(const struct strbuf *sb)
{
	if (strbuf_failed(sb))
		return cli_error(EXIT_FAIL, "out of memory");
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len || fflush(stdout) != 0 || ferror(stdout))
		return cli_error(EXIT_IOERR, "cannot write standard output: %s", strerror(errno));
	return EXIT_OK;
}

int cli_check_output(const char *path)
{
	struct error err;

	if (path && afile_check(path, &err) < 0)
		return cli_error(EXIT_USAGE, "%s", err.msg);
	return EXIT_OK;
}

int cli_base_url(const struct command *cmd, const char *given, struct strbuf *out)
{
	const char *b = given ? given : getenv("UTILIS_BASE_URL");
	size_t n;

	if (!b || !*b)
		b = CLI_DEFAULT_BASE_URL;
	if (strncmp(b, "http://", 7) && strncmp(b, "https://", 8))
		return cli_error(EXIT_USAGE, "--base-url '%s' must start with http:// or https://", b);
	if (strpbrk(b, " \"<>\\^`{|}?#"))
		return cli_error(EXIT_USAGE, "--base-url '%s' has characters a link cannot hold", b);
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	strbuf_reset(out);
	if (strbuf_add(out, b, n) < 0)
		return cli_error(EXIT_FAIL, "out of memory");
	return EXIT_OK;
}

int cli_add_survey(const struct cli *cli, const char *path, struct survey ***files, size_t *n)
{
	struct survey **nf = realloc(*files, (*n + 1) * sizeof(*nf));
	int rc;

	if (!nf)
		return cli_error(EXIT_FAIL, "out of memory");
	*files = nf;
	if ((rc = cli_load_survey(cli, path, &nf[*n], NULL, NULL)) != 0)
		return rc;
	(*n)++;
	return 0;
}
