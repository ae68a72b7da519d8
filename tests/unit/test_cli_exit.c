/*
 * The one mapping of the error space (util/err.h) to exit statuses
 * (cli_exit(), docs/cli.md "Exit status"), written as numbers: a status a
 * script tests must not move without this test changing.  The transcript
 * tests/cli/cases/exit-codes pins the ones the command line can reach; the
 * solver's failure it cannot (GLPK fails only under a memory cap that only
 * tests/unit/test_assign.c sets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"
#include "util/err.h"

static void test_statuses(void **state)
{
	assert_int_equal(cli_exit(UT_OK), 0);
	assert_int_equal(cli_exit(UT_EIO), 74);		/* a file, SQLite, the system */
	assert_int_equal(cli_exit(UT_EBUSY), 74);	/* a lock held too long */
	assert_int_equal(cli_exit(UT_EDATA), 65);
	assert_int_equal(cli_exit(UT_ESCHEMA), 65);	/* corrupt, or from a newer utilis */
	assert_int_equal(cli_exit(UT_EINFEASIBLE), 65);	/* constraints that cannot all hold */
	assert_int_equal(cli_exit(UT_ENOTFOUND), 1);	/* a workspace, a survey... */
	assert_int_equal(cli_exit(UT_ENOMEM), 1);
	assert_int_equal(cli_exit(UT_ESOLVER), 1);	/* GLPK failed or stopped at a limit */
	assert_int_equal(cli_exit(-100), 1);		/* a code this table does not know */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
