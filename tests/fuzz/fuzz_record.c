/*
 * Fuzz target: the decoder of the answers BLOB (store/record.c), which
 * reads what the workspace file holds — a file that can be damaged or
 * edited by hand.  The first byte is the number of slots the caller
 * expects; the rest is the blob.  A blob that decodes is encoded again and
 * must decode to the same answers.
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
		rc = record_encode((const char *const *)rb.values, rb.n, &out, &bad);
		if (rc == 0) {
			if (record_decode(out.buf, out.len, nslots, &again, &errpos) != 0)
				abort();
			for (i = 0; i < rb.n || i < again.n; i++) {
				const char *a = i < rb.n ? rb.values[i] : NULL;
				const char *b = i < again.n ? again.values[i] : NULL;

				if ((a == NULL) != (b == NULL) || (a && strcmp(a, b)))
					abort();
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
