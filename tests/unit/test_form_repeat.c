/*
 * Unit tests of the web form of a survey with repeats (src/collect/form_post.c, form_render.c)
 * and of piping inside an instance (response_pipe_at): field names with
 * their path read strictly, the buttons that add and remove instances,
 * answers applied and checked per instance, errors in document order.
 * The survey is tests/data/good/bureau.yaml: members (at most 8), each
 * with terms (at most 3).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/form.h"
#include "survey/response.h"
#include "survey/survey.h"
#include "util/strbuf.h"

static struct survey *bureau;

static int setup(void **state)
{
	struct diags d = DIAGS_INIT;
	FILE *fp = fopen("../data/good/bureau.yaml", "rb");
	char buf[16384];
	size_t n;

	(void)state;
	if (!fp)
		return -1;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (survey_load(&bureau, "bureau.yaml", buf, n, &d) < 0) {
		diags_print(stderr, &d);
		diags_release(&d);
		return -1;
	}
	diags_release(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	survey_free(bureau);
	return 0;
}

static const struct question *Q(const char *name)
{
	const struct question *q = survey_find(bureau, name);

	assert_non_null(q);
	return q;
}

/* Fields from "a=1&b=2" (no escaping). */
static void fields(struct form_fields *f, const char *spec)
{
	char *copy = strdup(spec), *save = NULL;

	memset(f, 0, sizeof(*f));
	for (char *kv = strtok_r(copy, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(kv, '=');

		assert_non_null(eq);
		*eq = '\0';
		assert_int_equal(form_fields_add(f, kv, eq + 1, strlen(eq + 1)), 0);
	}
	free(copy);
}

static int paths_ok(const struct response *r, int page, const char *spec)
{
	struct form_fields f;
	int ok;

	fields(&f, spec);
	ok = form_paths_ok(r, page, &f);
	form_fields_release(&f);
	return ok;
}

/* page 1 is the members' repeat */
static void test_paths(void **state)
{
	struct response r;
	char anchor[FORM_ANCHOR_MAX];

	(void)state;
	assert_int_equal(response_init(&r, bureau), 0);
	assert_int_equal(form_repeat_action(&r, 1, "add:membre", anchor), 1);
	assert_string_equal(anchor, "i-membre-0");
	assert_int_equal(form_repeat_action(&r, 1, "add:membre", anchor), 1);
	assert_string_equal(anchor, "i-membre-1");

	assert_int_equal(paths_ok(&r, 1, "prenom[0]=a&prenom[1]=b&asso=x&_n=y"), 1);
	assert_int_equal(paths_ok(&r, 1, "rang[0].x=1"), 0);		/* no such question */
	assert_int_equal(paths_ok(&r, 1, "prenom[2]=a"), 0);		/* past the count */
	assert_int_equal(paths_ok(&r, 1, "prenom[01]=a"), 0);		/* leading zero */
	assert_int_equal(paths_ok(&r, 1, "prenom[00]=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[-1]=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[]=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[123456]=a"), 0);	/* six digits */
	assert_int_equal(paths_ok(&r, 1, "prenom[18446744073709551617]=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[0][0]=a"), 0);	/* too deep */
	assert_int_equal(paths_ok(&r, 1, "prenom[0=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[0]x=a"), 0);
	assert_int_equal(paths_ok(&r, 1, "prenom[0].x=a"), 0);		/* not a rank */
	assert_int_equal(paths_ok(&r, 1, "asso[0]=a"), 0);		/* not repeated */
	assert_int_equal(paths_ok(&r, 1, "membre[0]=a"), 0);		/* a repeat holds no answer */
	assert_int_equal(paths_ok(&r, 0, "prenom[0]=a"), 0);		/* not on the page */
	assert_int_equal(paths_ok(&r, 1, "debut[0][0]=1990"), 0);	/* no term yet */
	assert_int_equal(form_repeat_action(&r, 1, "add:mandat[0]", anchor), 1);
	assert_string_equal(anchor, "i-mandat-0-0");
	assert_int_equal(paths_ok(&r, 1, "debut[0][0]=1990"), 1);
	assert_int_equal(paths_ok(&r, 1, "debut[1][0]=1990"), 0);
	assert_int_equal(paths_ok(&r, 1, "debut[0]=1990"), 0);

	/* buttons */
	assert_int_equal(form_repeat_action(&r, 1, "next", anchor), 0);
	assert_int_equal(form_repeat_action(&r, 1, "add:membre[0]", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "add:mandat", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "add:mandat[2]", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "add:prenom", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 0, "add:membre", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "remove:membre", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "remove:membre[2]", anchor), -2);
	assert_int_equal(form_repeat_action(&r, 1, "remove:membre[1] ", anchor), -2);
	assert_int_equal(response_count(&r, Q("membre"), NULL), 2);
	for (int i = 0; i < 6; i++)
		assert_int_equal(form_repeat_action(&r, 1, "add:membre", anchor), 1);
	assert_int_equal(form_repeat_action(&r, 1, "add:membre", anchor), -2);	/* max_count 8 */
	assert_int_equal(response_count(&r, Q("membre"), NULL), 8);
	response_release(&r);
}

static void test_apply_remove(void **state)
{
	struct response r;
	struct form_fields f;
	struct form_errors errs = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT;
	char anchor[FORM_ANCHOR_MAX];
	size_t p[3] = { 0 };

	(void)state;
	assert_int_equal(response_init(&r, bureau), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(form_repeat_action(&r, 1, "add:membre", anchor), 1);
	fields(&f, "prenom[0]=Alice&age[0]=45&prenom[1]=Bruno&age[1]=17&prenom[2]=Chlo&age[2]=33");
	assert_int_equal(form_apply(&r, 1, &f, &errs, 0), 0);
	form_fields_release(&f);
	assert_int_equal(form_structure(&r, 1, &sb), 0);
	assert_string_equal(sb.buf, "membre:3 mandat[0]:0 mandat[1]:0 mandat[2]:0");
	/* relevance and piping per member */
	p[0] = 1;
	assert_int_equal(response_relevant_at(&r, Q("fonction"), p), 0);
	p[0] = 0;
	assert_int_equal(response_relevant_at(&r, Q("fonction"), p), 1);
	assert_int_equal(response_pipe_at(&r, "Fonction de ${prenom} (${asso})", 0, Q("membre"), p,
					  &sb), 0);
	assert_string_equal(sb.buf, "Fonction de Alice ()");
	p[0] = 2;
	assert_int_equal(response_pipe_at(&r, "${prenom}", 0, Q("membre"), p, &sb), 0);
	assert_string_equal(sb.buf, "Chlo");
	assert_int_equal(response_pipe_at(&r, "${prenom}", 0, NULL, NULL, &sb), 0);
	assert_string_equal(sb.buf, "");	/* another instance's, from the top: nothing */
	/* remove Bruno: Chlo moves to 1 with her answers */
	assert_int_equal(form_repeat_action(&r, 1, "remove:membre[1]", anchor), 1);
	assert_string_equal(anchor, "q-membre");
	p[0] = 1;
	assert_string_equal(response_get_at(&r, Q("prenom"), p), "Chlo");
	assert_string_equal(response_get_at(&r, Q("age"), p), "33");
	assert_int_equal(response_count(&r, Q("membre"), NULL), 2);

	/* errors per instance, in document order */
	fields(&f, "prenom[0]=&age[0]=200&prenom[1]=Chlo&age[1]=x");
	assert_int_equal(form_repeat_action(&r, 1, "add:mandat[1]", anchor), 1);
	assert_int_equal(form_apply(&r, 1, &f, &errs, 0), 0);
	form_fields_release(&f);
	assert_int_equal(form_check(&r, 1, &errs, 0), 3);
	assert_ptr_equal(errs.v[0].q, Q("prenom"));
	assert_int_equal(errs.v[0].path[0], 0);
	assert_ptr_equal(errs.v[1].q, Q("age"));
	assert_int_equal(errs.v[1].path[0], 0);
	assert_ptr_equal(errs.v[2].q, Q("age"));
	assert_int_equal(errs.v[2].path[0], 1);
	form_errors_keep_given(&r, &errs);	/* the missing first name is not yet wrong */
	assert_int_equal(errs.n, 2);
	form_errors_release(&errs);
	strbuf_release(&sb);
	response_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_apply_remove),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
