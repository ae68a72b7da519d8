/*
 * cli/edition: opening a prize edition (see edition.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/edition.h"
#include "store/store.h"

void jury_ctx_release(struct jury_ctx *c)
{
	if (c->loaded)
		prize_data_release(&c->pd);
	if (c->st)
		store_close(c->st);
	edition_free(c->e);
}

int cli_open_edition(const struct cli *cli, const char *path, int flags, struct jury_ctx *c)
{
	struct diags d = DIAGS_INIT;
	struct error err;
	char *src;
	size_t len, ndiag;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = cli_read_file(path, 1u << 20, &src, &len);
	if (rc)
		return rc;
	rc = edition_parse(&c->e, path, src, len, &d);
	free(src);
	if (rc < 0) {
		cli_print_diags(&d);
		diags_release(&d);
		return EXIT_DATAERR;
	}
	rc = cli_open_store(cli, flags, &c->st);
	if (rc)
		return rc;
	c->loaded = 1;
	rc = prize_data_load(&c->pd, c->st, c->e, &d, &err);
	ndiag = d.n;
	cli_print_diags(&d);
	diags_release(&d);
	if (rc == 0)
		return EXIT_OK;
	if (rc == UT_EDATA && ndiag)	/* the diagnostics said what */
		return EXIT_DATAERR;
	return cli_error(cli_exit(rc), "%s", err.msg);
}

