/*
 * Fuzz target: the decoder of the answers BLOB (store/record.c), which
 * reads what the workspace file holds — a file that can be damaged or
 * edited by hand.  The first byte is the number of slots the caller
 * expects; the rest is the blob.  A blob that decodes is encoded again and
 * must decode to the same answers, repeat instances (0x02) included.
 */
#include "fuzz.h"

#include "store/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record_buf rb = RECORD_BUF_INIT, again = RECORD_BUF_INIT;
	struct strbuf out;
	size_t nslots, errpos = 0, bad = 0, i;
	int rc;

	if (size < 1)
		return 0;
	nslots = data[0];
	rc = record_decode(data + 1, size - 1, nslots, &rb, &errpos);
	if (rc == -2 && errpos > size - 1)
		abort(); /* the offset of the problem lies inside the blob */
	if (rc == 0) {
		if (rb.n < nslots)
			abort();
		strbuf_init(&out, 0);
		rc = record_encode_repeats((const char *const *)rb.values, rb.n, rb.inst, rb.ninst,
					   &out, &bad);
		if (rc == 0) {
			if (record_decode(out.buf, out.len, nslots, &again, &errpos) != 0)
				abort();
			for (i = 0; i < rb.n || i < again.n; i++) {
				const char *a = i < rb.n ? rb.values[i] : NULL;
				const char *b = i < again.n ? again.values[i] : NULL;

				if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
					abort();
			}
			if (again.ninst != rb.ninst)
				abort();
			for (i = 0; i < rb.ninst; i++) {
				const struct instance *x = &rb.inst[i], *y = &again.inst[i];
				size_t k;

				if (x->repeat != y->repeat || x->depth != y->depth ||
				    memcmp(x->path, y->path, x->depth * sizeof(x->path[0])))
					abort();
				for (k = 0; k < x->n || k < y->n; k++) {
					const char *a = k < x->n ? x->values[k] : NULL;
					const char *b = k < y->n ? y->values[k] : NULL;

					if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
						abort();
				}
			}
		} else if (rc != -2) {
			abort();
		}
		strbuf_release(&out);
	}
	record_buf_release(&rb);
	record_buf_release(&again);
	return 0;
}
