/*
 * csv: streaming CSV reader (see csv.h).  The file is read in blocks of
 * BLOCK bytes and parsed by the state machine of libcsv 3.0.3 in strict
 * mode (CSV_STRICT | CSV_STRICT_FINI, default space and line-end
 * characters), which this file used to call and whose every decision it
 * keeps: blanks before a field and, unquoted, after it are dropped, blank
 * lines are no records, a quote inside an unquoted field, text after a
 * closing quote and a quote left open at the end are refused at the same
 * place.  It is written here so that a field is built where the record
 * keeps it and runs of ordinary bytes are copied at once, instead of one
 * call and one copy per byte: on a large import the parsing took a third
 * of the reading thread.  tests/unit/test_csv.c compares both on random
 * files.  Each field is checked to be UTF-8 when it ends; the record is
 * handed to the caller when its line ends.
 */
#include "collect/csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/utf8.h"

#define BLOCK (1u << 20)
/*
 * Longest field: the parser holds a field whole before handing it over, so
 * without a bound one quote not closed near the start of a large file
 * would hold the whole file in memory.  An answer is at most
 * SURVEY_MAX_ANSWER bytes anyway.
 */
#define MAX_FIELD (1u << 20)

/* The parser's states, libcsv's. */
enum pstate {
	ROW_NOT_BEGUN,			/* no field of this row yet */
	FIELD_NOT_BEGUN,		/* between fields */
	FIELD_BEGUN,			/* in a field */
	FIELD_MIGHT_HAVE_ENDED,		/* after a quote in a quoted field: its end, or a doubled one */
};

struct reader {
	const char *path;		/* file name for messages */
	enum pstate pstate;		/* where the parser is */
	int quoted;			/* the field being read started with a quote */
	size_t spaces;			/* blanks at its end so far (dropped when not quoted) */
	size_t fstart;			/* where it starts in text */
	unsigned char delim;		/* the separator */
	unsigned char plain[256];	/* 1 for a byte that is only copied in an unquoted field,
					   2 when it is also ASCII and not NUL (no UTF-8 check) */
	int (*fn)(void *, const struct csv_record *); /* the caller's callback */
	void *ctx;			/* its context */
	struct strbuf text;		/* fields of the current record, NUL after each */
	size_t *offs;			/* start of each field in text */
	size_t *lens;			/* length of each field */
	const char **ptrs;		/* the fields, set when the record is complete */
	size_t nf, af;			/* fields in the record / allocated */
	long row;			/* records completed, header included */
	long long offset;		/* bytes of the file read so far */
	size_t nheader;			/* fields of the header, 0 before it */
	int nonempty;			/* a field of the current record is not empty */
	int stop;			/* non-zero: the value that stops the reading */
	int oom;			/* memory ran out in a callback */
	struct diags *d;		/* where the error goes */
};

/* Windows-1252 0x80-0x9F as Unicode code points; 0 where undefined. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

const char *csv_sep_name(int sep)
{
	switch (sep) {
	case ',': return "comma";
	case ';': return "semicolon";
	case '\t': return "tab";
	default: return "unknown separator";
	}
}

/* Report "FILE:ROW:COL: error: ..." once and stop the reading with -2. */
__attribute__((format(printf, 3, 4)))
static void fail_at(struct reader *r, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (r->stop)
		return;
	va_start(ap, fmt);
	diag_vadd(r->d, SEV_ERROR, r->path, (int)(r->row + 1), (int)col, fmt, ap);
	va_end(ap);
	r->stop = -2;
}

/* 1 when the n bytes at s are ASCII without NUL (the common case, checked fast). */
static int ascii_only(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 0x80 || s[i] == 0)
			return 0;
	return 1;
}

/*
 * The field of the len bytes at text + fstart is complete: check it is
 * UTF-8 and make it the record's next field, NUL-terminated.  0, or -1
 * when the reading stops.
 */
static int add_field(struct reader *r, size_t len);

static int end_field(struct reader *r, size_t len)
{
	const unsigned char *s = (const unsigned char *)r->text.buf + r->fstart;

	if (len > MAX_FIELD) {
		fail_at(r, r->nf + 1, "a field longer than %u MB: is a quote not closed?",
			MAX_FIELD >> 20);
		return -1;
	}
	if (!ascii_only(s, len) && !utf8_valid((const char *)s, len)) {
		if (memchr(s, '\0', len))
			fail_at(r, r->nf + 1, "the field contains a NUL byte: this is not a text file");
		else
			fail_at(r, r->nf + 1, "the field is not UTF-8 text: save the file as "
				"'CSV UTF-8', or give --encoding windows-1252 for Excel's plain 'CSV'");
		return -1;
	}
	return add_field(r, len);
}

/*
 * Make the len bytes at text + fstart, checked, the record's next field,
 * NUL-terminated.  0, or -1 when memory runs out.
 */
static int add_field(struct reader *r, size_t len)
{
	if (r->nf == r->af) {
		size_t na = r->af ? r->af * 2 : 64;
		size_t *o = realloc(r->offs, na * sizeof(*o));
		size_t *l = o ? realloc(r->lens, na * sizeof(*l)) : NULL;
		const char **p = l ? realloc(r->ptrs, na * sizeof(*p)) : NULL;

		if (o)
			r->offs = o;
		if (l)
			r->lens = l;
		if (!p) {
			r->oom = 1;
			r->stop = -1;
			return -1;
		}
		r->ptrs = p;
		r->af = na;
	}
	r->offs[r->nf] = r->fstart;
	r->lens[r->nf] = len;
	r->nonempty |= len != 0;
	r->text.buf[r->fstart + len] = '\0';
	r->text.len = r->fstart + len + 1;
	r->fstart = r->text.len;
	r->nf++;
	r->pstate = FIELD_NOT_BEGUN;
	r->quoted = 0;
	r->spaces = 0;
	return 0;
}

/*
 * The record is complete: check the field count against the header's,
 * skip empty rows, hand the record to the caller and start the next one.
 */
static void end_record(struct reader *r)
{
	struct csv_record rec;
	size_t i, n = r->nf;
	int empty = !r->nonempty;

	r->pstate = ROW_NOT_BEGUN;
	r->nonempty = 0;
	if (r->stop)
		return;
	if (r->nheader) {
		/* Trailing empty fields past the header (spreadsheets add them) are dropped. */
		while (n > r->nheader && r->lens[n - 1] == 0)
			n--;
		if (!empty && n != r->nheader) {
			fail_at(r, (n < r->nheader ? n : r->nheader) + 1,
				"this row has %zu field%s but the header has %zu: a separator is "
				"missing or one too many, or a field with a separator is not quoted",
				n, n == 1 ? "" : "s", r->nheader);
			return;
		}
	} else {
		while (n > 1 && r->lens[n - 1] == 0)
			n--;
		r->nheader = n;
	}
	if (!empty || r->row == 0) {
		for (i = 0; i < n; i++)
			r->ptrs[i] = r->text.buf + r->offs[i];
		rec.fields = r->ptrs;
		rec.lens = r->lens;
		rec.n = n;
		rec.row = r->row + 1;
		rec.offset = r->offset;
		r->stop = r->fn(r->ctx, &rec);
	}
	r->row++;
	r->nf = 0;
	strbuf_reset(&r->text);
	r->fstart = 0;
}

/* The separator of the first line: the most frequent of , ; and tab outside quotes. */
static int detect_sep(const char *buf, size_t len)
{
	size_t i, ncomma = 0, nsemi = 0, ntab = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		char ch = buf[i];

		if (ch == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (ch == '\n' || ch == '\r')
			break;
		else if (ch == ',')
			ncomma++;
		else if (ch == ';')
			nsemi++;
		else if (ch == '\t')
			ntab++;
	}
	if (nsemi > ncomma && nsemi >= ntab)
		return ';';
	if (ntab > ncomma && ntab > nsemi)
		return '\t';
	return ',';
}

/* Windows-1252 bytes to UTF-8 into out.  -1 for an undefined byte (at *bad), -2 memory. */
static int from_cp1252(const unsigned char *in, size_t n, struct strbuf *out, size_t *bad)
{
	size_t i;

	strbuf_reset(out);
	if (strbuf_grow(out, n * 3) < 0)
		return -2;
	for (i = 0; i < n; i++) {
		unsigned cp = in[i];
		char *o = out->buf + out->len;

		if (cp >= 0x80 && cp < 0xA0) {
			cp = cp1252_high[cp - 0x80];
			if (!cp) {
				*bad = i;
				return -1;
			}
		}
		if (cp < 0x80) {
			o[0] = (char)cp;
			out->len += 1;
		} else if (cp < 0x800) {
			o[0] = (char)(0xC0 | (cp >> 6));
			o[1] = (char)(0x80 | (cp & 0x3F));
			out->len += 2;
		} else {
			o[0] = (char)(0xE0 | (cp >> 12));
			o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
			o[2] = (char)(0x80 | (cp & 0x3F));
			out->len += 3;
		}
	}
	out->buf[out->len] = '\0';
	return 0;
}

/*
 * Report a parse error at the current place, with the likely reason
 * (a field already too long says that instead, as it did with libcsv).
 */
static void parse_error(struct reader *r, int at_end)
{
	if (!at_end && r->text.len - r->fstart > MAX_FIELD)
		fail_at(r, r->nf + 1, "a field longer than %u MB: is a quote not closed?",
			MAX_FIELD >> 20);
	else if (at_end)
		fail_at(r, r->nf + 1, "a quoted field is not closed: its closing quote (\") is missing");
	else if (r->quoted)
		fail_at(r, r->nf + 1, "text after the closing quote of a field: a quoted field "
			"must end at the separator; double a quote (\"\") to put one inside");
	else
		fail_at(r, r->nf + 1, "a quote (\") inside a field that does not start with one: "
			"put the whole field in quotes and double its inner quotes (\"\")");
}

static int is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int is_line_end(unsigned char c)
{
	return c == '\r' || c == '\n';
}

/* Set the separator and the table of plain bytes. */
static void set_delim(struct reader *r, unsigned char delim)
{
	int c;

	r->delim = delim;
	for (c = 0; c < 256; c++) {
		r->plain[c] = !(c == delim || c == '"' || is_line_end((unsigned char)c) ||
				is_blank_byte((unsigned char)c));
		if (r->plain[c] && c > 0 && c < 0x80)
			r->plain[c] = 2;
	}
}

/*
 * Parse the len bytes at s, libcsv's csv_parse() in strict mode: fields
 * and records are handed on as they end.  0, or -1 when the reading stops
 * (r->stop says why; a parse error is reported here).
 */
static int parse(struct reader *r, const unsigned char *s, size_t len)
{
	const unsigned char delim = r->delim;
	size_t pos = 0;
	char *out;

	/* every byte adds at most one to the record (a byte, or the NUL of the field it ends) */
	if (strbuf_grow(&r->text, len + 2) < 0) {
		r->oom = 1;
		r->stop = -1;
		return -1;
	}
	out = r->text.buf;
	while (pos < len) {
		unsigned char c = s[pos++];

		switch (r->pstate) {
		case ROW_NOT_BEGUN:
		case FIELD_NOT_BEGUN:
			/*
			 * The common field: ASCII bytes up to the separator or the line's
			 * end in this block, with no blank to drop (a Likert answer, a
			 * number, a date), ended here at once; anything else, the way below.
			 */
			if (r->plain[c] == 2) {
				size_t from = pos - 1, k = pos, at = r->text.len;

				out[at] = (char)c;
				while (k < len && r->plain[s[k]] == 2) {
					out[at + (k - from)] = (char)s[k];
					k++;
				}
				if (k < len && (s[k] == delim || is_line_end(s[k])) && k - from <= MAX_FIELD) {
					r->text.len = at + (k - from);
					if (add_field(r, k - from) < 0)
						return -1;
					pos = k + 1;
					if (s[k] != delim) {
						end_record(r);
						if (r->stop)
							return -1;
					}
					continue;
				}
			}
			if (is_blank_byte(c) && c != delim)
				continue;
			if (is_line_end(c)) {
				if (r->pstate == FIELD_NOT_BEGUN) {
					if (end_field(r, 0) < 0)
						return -1;
					end_record(r);
					if (r->stop)
						return -1;
				}
				continue;
			}
			if (c == delim) {
				r->quoted = 0;
				if (end_field(r, 0) < 0)
					return -1;
				continue;
			}
			r->pstate = FIELD_BEGUN;
			r->spaces = 0;
			if (c == '"') {
				r->quoted = 1;
				continue;
			}
			r->quoted = 0;
			pos--;		/* read again below, with the bytes after it */
			continue;
		case FIELD_BEGUN:
			if (r->quoted) {
				/* everything up to the next quote is the field's */
				const unsigned char *q = memchr(s + pos - 1, '"', len - (pos - 1));
				size_t n = (q ? (size_t)(q - s) : len) - (pos - 1);

				memcpy(out + r->text.len, s + pos - 1, n);
				r->text.len += n;
				if (n)
					r->spaces = 0;
				pos += n - 1;
				if (!q) {
					pos = len;
					continue;
				}
				out[r->text.len++] = '"';
				pos++;
				r->pstate = FIELD_MIGHT_HAVE_ENDED;
				continue;
			}
			if (r->plain[c]) {
				size_t from = pos - 1;

				while (pos < len && r->plain[s[pos]])
					pos++;
				memcpy(out + r->text.len, s + from, pos - from);
				r->text.len += pos - from;
				r->spaces = 0;
				continue;
			}
			if (c == '"') {		/* a quote inside an unquoted field */
				parse_error(r, 0);
				return -1;
			}
			if (c == delim) {
				if (end_field(r, r->text.len - r->fstart - r->spaces) < 0)
					return -1;
				continue;
			}
			if (is_line_end(c)) {
				if (end_field(r, r->text.len - r->fstart - r->spaces) < 0)
					return -1;
				end_record(r);
				if (r->stop)
					return -1;
				continue;
			}
			out[r->text.len++] = (char)c;	/* a blank, dropped if it ends the field */
			r->spaces++;
			continue;
		case FIELD_MIGHT_HAVE_ENDED:
			if (c == delim || is_line_end(c)) {
				/* the closing quote and the blanks after it are not the field's */
				if (end_field(r, r->text.len - r->fstart - r->spaces - 1) < 0)
					return -1;
				if (c != delim) {
					end_record(r);
					if (r->stop)
						return -1;
				}
				continue;
			}
			if (is_blank_byte(c)) {
				out[r->text.len++] = (char)c;
				r->spaces++;
				continue;
			}
			if (c == '"' && !r->spaces) {	/* a doubled quote: one is kept */
				r->pstate = FIELD_BEGUN;
				continue;
			}
			parse_error(r, 0);	/* text after the closing quote */
			return -1;
		}
	}
	return 0;
}

/* The end of the file: the last field and record when no line end closed them. */
static int finish(struct reader *r)
{
	size_t n = r->text.len - r->fstart;

	switch (r->pstate) {
	case ROW_NOT_BEGUN:
		return 0;
	case FIELD_BEGUN:
		if (r->quoted) {
			parse_error(r, 1);
			return -1;
		}
		n -= r->spaces;
		break;
	case FIELD_MIGHT_HAVE_ENDED:
		n -= r->spaces + 1;
		break;
	case FIELD_NOT_BEGUN:
		break;
	}
	if (end_field(r, n) < 0)
		return -1;
	end_record(r);
	return r->stop ? -1 : 0;
}

int csv_read(const char *path, const struct csv_options *opt,
	     int (*fn)(void *ctx, const struct csv_record *rec), void *ctx,
	     int *sep_used, struct diags *d, struct error *err)
{
	struct reader r;
	struct strbuf conv = STRBUF_INIT;
	unsigned char *buf = NULL;
	enum csv_encoding enc = opt ? opt->encoding : CSV_UTF8;
	int fd, sep = opt ? opt->sep : 0, first = 1, rc = 0;
	long long offset = 0;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.fn = fn;
	r.ctx = ctx;
	r.d = d;
	strbuf_init(&r.text, 0);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error_set(err, "cannot open '%s': %s", path, strerror(errno));
	if (!(buf = malloc(BLOCK))) {
		close(fd);
		free(buf);
		return error_set(err, "out of memory reading '%s'", path);
	}
	for (;;) {
		ssize_t got = read(fd, buf, BLOCK);
		const unsigned char *data = buf;
		size_t len;

		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = error_set(err, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		len = (size_t)got;
		if (first) {
			first = 0;
			if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
				data += 3;	/* a byte-order mark: UTF-8 whatever was said */
				len -= 3;
				enc = CSV_UTF8;
			}
			if (!sep)
				sep = detect_sep((const char *)data, len);
			set_delim(&r, (unsigned char)sep);
		}
		if (enc == CSV_WINDOWS_1252) {
			size_t bad = 0;

			switch (from_cp1252(data, len, &conv, &bad)) {
			case -1:
				rc = error_set(err, "'%s' is not Windows-1252 text: byte 0x%02X at offset %lld "
					       "is undefined there; is it UTF-8?", path, data[bad],
					       offset + (long long)bad);
				goto out;
			case -2:
				rc = error_set(err, "out of memory reading '%s'", path);
				goto out;
			}
			data = (const unsigned char *)conv.buf;
			len = conv.len;
		}
		offset += got;
		r.offset = offset;
		if (parse(&r, data, len) < 0)
			break;
		if (r.text.len - r.fstart > MAX_FIELD) {	/* the field being read */
			fail_at(&r, r.nf + 1, "a field longer than %u MB: is a quote not closed?",
				MAX_FIELD >> 20);
			break;
		}
	}
	if (!r.stop)
		finish(&r);
	if (!r.stop && r.row == 0) {
		diag_add(d, SEV_ERROR, path, 1, 1, "the file is empty: the first row must name "
			 "the columns");
		r.stop = -2;
	}
	if (r.oom)
		rc = error_set(err, "out of memory reading '%s'", path);
	else
		rc = r.stop;
out:
	if (sep_used)
		*sep_used = sep ? sep : ',';
	close(fd);
	free(buf);
	strbuf_release(&r.text);
	strbuf_release(&conv);
	free(r.offs);
	free(r.lens);
	free(r.ptrs);
	return rc;
}
