/*
 * xlsx: reading the cells of a workbook (see xlsx.h).  An .xlsx file is a
 * zip archive of XML parts: xl/workbook.xml names the sheets and points,
 * through xl/_rels/workbook.xml.rels, to each xl/worksheets/sheetN.xml;
 * text cells usually refer to xl/sharedStrings.xml; xl/styles.xml tells
 * which number formats are dates.  libzip opens the archive, expat parses
 * each part as it is inflated.  Element names are compared without their
 * namespace prefix (some writers use x:row).  A part larger than MAX_PART,
 * or parts larger than MAX_TOTAL together, are refused before they are
 * inflated (libzip stops at the size an entry declares), so that a crafted
 * archive (a zip bomb) costs neither memory nor time.
 */
#include "survey/xlsx.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "util/array.h"
#include "util/strbuf.h"

#define MAX_PART (32u << 20)		/* inflated bytes of one XML part (a form: a few MB) */
#define MAX_TOTAL (64u << 20)		/* inflated bytes of all the parts read */
#define MAX_COLS 16384			/* Excel's limit */
/*
 * A sheet of answers streamed row by row (xlsx_stream_rows) costs one row of
 * memory whatever its size: only time bounds it.  Excel's 1,048,576 rows of
 * 16,384 cells are far beyond; a few GB of XML is a large export already.
 */
#define MAX_STREAMED ((size_t)4 << 30)

/* --- parsing one part with expat ---------------------------------------- */

struct part {
	zip_t *zip;			/* the archive */
	const char *name;		/* the part being parsed, for messages */
	struct error *err;		/* where a failure is told */
};

/* Local name of an element: after the namespace prefix, if any. */
static const char *local(const char *name)
{
	const char *colon = strrchr(name, ':');

	return colon ? colon + 1 : name;
}

/* The value of attribute name (without its namespace prefix), or NULL. */
static const char *attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (!strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

/*
 * Parse part name of the archive with the handlers; 0, 1 when the part is
 * absent (and may be), -1 with err (memory), -2 with err when the part is
 * damaged, not well-formed XML, larger than MAX_PART, or when *inflated
 * (the bytes of the parts read before) would pass MAX_TOTAL.
 */
static int parse_part_max(zip_t *zip, const char *name, int optional, void *ctx,
			  XML_StartElementHandler start, XML_EndElementHandler end,
			  XML_CharacterDataHandler text, size_t *inflated, size_t max_part,
			  size_t max_total, struct error *err);

static int parse_part(zip_t *zip, const char *name, int optional, void *ctx,
		      XML_StartElementHandler start, XML_EndElementHandler end,
		      XML_CharacterDataHandler text, size_t *inflated, struct error *err)
{
	return parse_part_max(zip, name, optional, ctx, start, end, text, inflated, MAX_PART,
			      MAX_TOTAL, err);
}

/* parse_part() with other bounds (a sheet of answers streamed: MAX_STREAMED). */
static int parse_part_max(zip_t *zip, const char *name, int optional, void *ctx,
			  XML_StartElementHandler start, XML_EndElementHandler end,
			  XML_CharacterDataHandler text, size_t *inflated, size_t max_part,
			  size_t max_total, struct error *err)
{
	zip_file_t *f = zip_fopen(zip, name, 0);
	zip_stat_t zs;
	XML_Parser p;
	char buf[65536];
	zip_int64_t got;
	size_t total = 0;
	int rc = 0;

	if (!f) {
		if (optional)
			return 1;
		return error_set(err, "not an Excel workbook: it has no part '%s'", name);
	}
	if (zip_stat(zip, name, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
	    (zs.size > max_part || zs.size + *inflated > max_total)) {
		zip_fclose(f);
		error_set(err, "'%s' of the workbook inflates to %llu MB: more than %s holds "
			  "(%zu MB a part, %zu MB in all); is it a zip bomb?", name,
			  (unsigned long long)(zs.size >> 20), max_part == MAX_PART ?
			  "a questionnaire" : "an import", max_part >> 20, max_total >> 20);
		return UT_EDATA;
	}
	p = XML_ParserCreate(NULL);
	if (!p) {
		zip_fclose(f);
		return error_set(err, "out of memory");
	}
	XML_SetUserData(p, ctx);
	XML_SetElementHandler(p, start, end);
	if (text)
		XML_SetCharacterDataHandler(p, text);
	do {
		got = zip_fread(f, buf, sizeof(buf));
		if (got < 0) {
			error_set(err, "cannot inflate '%s' of the workbook: %s", name,
				  zip_file_strerror(f));
			rc = UT_EDATA;	/* a damaged archive: bad data, not a failing disk */
			break;
		}
		total += (size_t)got;
		*inflated += (size_t)got;
		if (total > max_part || *inflated > max_total) {
			error_set(err, "'%s' of the workbook inflates to more than %s holds "
				  "(%zu MB a part, %zu MB in all); is it a zip bomb?", name,
				  max_part == MAX_PART ? "a questionnaire" : "an import",
				  max_part >> 20, max_total >> 20);
			rc = UT_EDATA;
			break;
		}
		if (XML_Parse(p, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
			/* an entity bomb ends here too: expat bounds their amplification */
			error_set(err, "'%s' of the workbook is not well-formed XML (line %lu: %s)",
				  name, (unsigned long)XML_GetCurrentLineNumber(p),
				  XML_ErrorString(XML_GetErrorCode(p)));
			rc = UT_EDATA;
			break;
		}
	} while (got > 0);
	XML_ParserFree(p);
	zip_fclose(f);
	return rc;
}

/* --- the workbook ------------------------------------------------------- */

struct sheet_ref {
	char *name;			/* tab name */
	char *rid;			/* relationship id */
	char *target;			/* part name, once resolved */
};

struct reader {
	struct xlsx_book *book;		/* being filled */
	struct sheet_ref *refs;		/* sheets named in workbook.xml */
	size_t nrefs, arefs;		/* used / allocated */
	int date1904;			/* dates count from 1904 */
	char **shared;			/* shared strings */
	size_t nshared, ashared;	/* used / allocated */
	unsigned char *xf_date;		/* per cell style: 1 when its format is a date */
	size_t nxf, axf;		/* used / allocated */
	int *custom_fmt_id;		/* numFmtId of the custom formats that are dates */
	size_t ncustom, acustom;	/* used / allocated */
	int in_cellxfs;			/* inside <cellXfs> */
	/* text capture */
	struct strbuf text;		/* character data being collected */
	int capture;			/* collect character data now */
	int in_si, in_rph;		/* inside <si>; inside <rPh> (phonetic run, skipped) */
	/* sheet parsing */
	struct xlsx_sheet *sheet;	/* being filled */
	size_t arows;			/* rows allocated */
	struct xlsx_row *row;		/* current row */
	size_t acells;			/* cells allocated in it */
	unsigned next_col;		/* column of a cell without an r attribute */
	unsigned cur_col;		/* column of the current cell */
	char cur_type[16];		/* its t attribute */
	int cur_style;			/* its s attribute */
	int have_v;			/* a <v> was seen */
	struct strbuf v;		/* <v> or inline string text */
	struct strbuf f;		/* <f> text */
	int oom;			/* memory ran out in a handler */
	/* xlsx_stream_rows(): each row handed over, then dropped */
	int (*row_fn)(void *ctx, const struct xlsx_row *row); /* NULL: rows are kept in the book */
	void *row_ctx;			/* passed to row_fn */
	int row_stop;			/* row_fn's non-zero return: stop */
	struct arena row_arena;		/* texts of the current row */
	unsigned last_row;		/* number of the row handed over last */
};

/*
 * expat's handlers.  Each part has its pair: workbook.xml (sheet names),
 * its relationships (sheet files), sharedStrings.xml (texts), styles.xml
 * (date formats), and the sheets (rows and cells); on_text collects the
 * character data of the element being captured.  A handler that runs out
 * of memory sets r->oom.
 */
static void on_text(void *ud, const XML_Char *s, int len)
{
	struct reader *r = ud;

	if (r->capture && !r->in_rph && strbuf_add(&r->text, s, (size_t)len) < 0)
		r->oom = 1;
}

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "sheet")) {
		const char *sname = attr(atts, "name"), *rid = attr(atts, "id");

		if (!sname || !rid)
			return;
		if (ARRAY_GROW(r->refs, r->arefs, r->nrefs + 1, 16) < 0) {
			r->oom = 1;
			return;
		}
		r->refs[r->nrefs].name = strdup(sname);
		r->refs[r->nrefs].rid = strdup(rid);
		r->refs[r->nrefs].target = NULL;
		if (!r->refs[r->nrefs].name || !r->refs[r->nrefs].rid)
			r->oom = 1;
		r->nrefs++;
	} else if (!strcmp(n, "workbookPr")) {
		const char *d = attr(atts, "date1904");

		r->date1904 = d && (!strcmp(d, "1") || !strcasecmp(d, "true"));
	}
}

static void no_end(void *ud, const XML_Char *name)
{
	(void)ud;
	(void)name;
}

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
	size_t i;

	if (strcmp(local(name), "Relationship") || !id || !target)
		return;
	for (i = 0; i < r->nrefs; i++) {
		if (strcmp(r->refs[i].rid, id))
			continue;
		free(r->refs[i].target);
		if (target[0] == '/')
			r->refs[i].target = strdup(target + 1);
		else if (asprintf(&r->refs[i].target, "xl/%s", target) < 0)
			r->refs[i].target = NULL;
		if (!r->refs[i].target)
			r->oom = 1;
	}
}

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name);

	(void)atts;
	if (!strcmp(n, "si")) {
		r->in_si = 1;
		strbuf_reset(&r->text);
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = 1;
	} else if (!strcmp(n, "t") && r->in_si) {
		r->capture = 1;
	}
}

static void sst_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "t")) {
		r->capture = 0;
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = 0;
	} else if (!strcmp(n, "si")) {
		r->in_si = 0;
		if (ARRAY_GROW(r->shared, r->ashared, r->nshared + 1, 16) < 0 ||
		    !(r->shared[r->nshared] = arena_strndup(&r->book->arena, r->text.buf, r->text.len))) {
			r->oom = 1;
			return;
		}
		r->nshared++;
	}
}

/* Is a number format code a date (d, m or y outside quotes and brackets)? */
static int date_code(const char *code)
{
	int quoted = 0, bracket = 0, has_date = 0;

	for (; *code; code++) {
		char ch = (char)tolower((unsigned char)*code);

		if (*code == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*code == '[')
			bracket = 1;
		else if (*code == ']')
			bracket = 0;
		else if (bracket)
			continue;
		else if (*code == '\\' && code[1])
			code++;
		else if (ch == 'd' || ch == 'y' || ch == 'm')
			has_date = 1;
	}
	return has_date;
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "numFmt")) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");

		if (id && code && date_code(code)) {
			if (ARRAY_GROW(r->custom_fmt_id, r->acustom, r->ncustom + 1, 16) < 0) {
				r->oom = 1;
				return;
			}
			r->custom_fmt_id[r->ncustom++] = atoi(id);
		}
	} else if (!strcmp(n, "cellXfs")) {
		r->in_cellxfs = 1;
	} else if (!strcmp(n, "xf") && r->in_cellxfs) {
		const char *id = attr(atts, "numFmtId");
		int fmt = id ? atoi(id) : 0, is_date = (fmt >= 14 && fmt <= 22) ||
			(fmt >= 45 && fmt <= 47);
		size_t i;

		for (i = 0; i < r->ncustom; i++)
			if (r->custom_fmt_id[i] == fmt)
				is_date = 1;
		if (ARRAY_GROW(r->xf_date, r->axf, r->nxf + 1, 16) < 0) {
			r->oom = 1;
			return;
		}
		r->xf_date[r->nxf++] = (unsigned char)is_date;
	}
}

static void styles_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;

	if (!strcmp(local(name), "cellXfs"))
		r->in_cellxfs = 0;
}

/* --- a sheet ----------------------------------------------------------- */

/* Column number of a reference such as "AB12"; 0 when there is none. */
static unsigned col_of_ref(const char *ref)
{
	unsigned col = 0;

	for (; isalpha((unsigned char)*ref); ref++) {
		col = col * 26 + (unsigned)(toupper((unsigned char)*ref) - 'A' + 1);
		if (col > MAX_COLS)
			return 0;
	}
	return col;
}

/* A number as a spreadsheet shows it: shortest form, integral without a point. */
static void format_number(double x, char out[40])
{
	if (x == floor(x) && fabs(x) < 1e15) {
		snprintf(out, 40, "%.0f", x);
		return;
	}
	snprintf(out, 40, "%.15g", x);
	if (strtod(out, NULL) != x)
		snprintf(out, 40, "%.17g", x);
}

/* An Excel date serial as 'YYYY-MM-DD'. */
static void format_date(double serial, int date1904, char out[40])
{
	long days = (long)floor(serial);
	long z, era, doe, yoe, y, doy, mp, d, m;

	/* days since 1970-01-01; 1900 system: serial 25569 is 1970-01-01 (Excel's 1900-02-29 is before) */
	days -= date1904 ? 24107 : 25569;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, 40, "%04d-%02d-%02d", (int)(y + (m <= 2)) % 10000, (int)m % 100, (int)d % 100);
}

static int cmp_cells(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;

	return (x->col > y->col) - (x->col < y->col);
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "row")) {
		const char *rn = attr(atts, "r");
		struct xlsx_sheet *sh = r->sheet;
		unsigned num = rn ? (unsigned)strtoul(rn, NULL, 10) : r->row_fn ? r->last_row + 1 :
			(sh->nrows ? sh->rows[sh->nrows - 1].row + 1 : 1);

		/*
		 * A row inside a row is not Excel's: its cells go to the row
		 * already open (growing sh->rows would move that row under
		 * r->row, and the outer row's cells would never reach the arena).
		 */
		if (r->row)
			return;
		if (ARRAY_GROW(sh->rows, r->arows, sh->nrows + 1, 16) < 0) {
			r->oom = 1;
			return;
		}
		r->row = &sh->rows[sh->nrows++];
		memset(r->row, 0, sizeof(*r->row));
		r->row->row = num;
		r->acells = 0;
		r->next_col = 1;
	} else if (!strcmp(n, "c") && r->row) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");

		r->cur_col = ref ? col_of_ref(ref) : r->next_col;
		if (!r->cur_col)
			r->cur_col = r->next_col;
		r->next_col = r->cur_col + 1;
		snprintf(r->cur_type, sizeof(r->cur_type), "%s", t ? t : "n");
		r->cur_style = s ? atoi(s) : 0;
		r->have_v = 0;
		strbuf_reset(&r->v);
		strbuf_reset(&r->f);
	} else if (!strcmp(n, "v")) {
		r->have_v = 1;
		r->capture = 1;
		strbuf_reset(&r->text);
	} else if (!strcmp(n, "f")) {
		r->capture = 1;
		strbuf_reset(&r->text);
	} else if (!strcmp(n, "is")) {
		r->have_v = 1;
		strbuf_reset(&r->v);
	} else if (!strcmp(n, "t")) {
		r->capture = 1;
		strbuf_reset(&r->text);
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = 1;
	}
}

/* The text of the cell just closed, or NULL when it shows nothing. */
static const char *cell_text(struct reader *r, char num[40])
{
	const char *t = r->cur_type;

	if (!strcmp(t, "s")) {
		unsigned long i = strtoul(r->v.buf, NULL, 10);

		return r->have_v && i < r->nshared ? r->shared[i] : NULL;
	}
	if (!strcmp(t, "inlineStr") || !strcmp(t, "str") || !strcmp(t, "e"))
		return r->have_v ? r->v.buf : NULL;
	if (!strcmp(t, "b")) {
		if (!r->have_v)
			return NULL;
		return strcmp(r->v.buf, "0") ? "true" : "false";
	}
	if (!r->have_v) {
		/* a formula without a cached result: only TRUE() and FALSE() mean something */
		if (!strcasecmp(r->f.buf, "TRUE()") || !strcasecmp(r->f.buf, "TRUE"))
			return "true";
		if (!strcasecmp(r->f.buf, "FALSE()") || !strcasecmp(r->f.buf, "FALSE"))
			return "false";
		return NULL;
	}
	{
		char *end;
		double x = strtod(r->v.buf, &end);

		if (end == r->v.buf || *end || !isfinite(x))
			return r->v.buf;
		if (r->cur_style >= 0 && (size_t)r->cur_style < r->nxf && r->xf_date[r->cur_style] &&
		    x >= 1 && x < 2958466) {
			format_date(x, r->date1904, num);
			if (r->row_fn && x != floor(x)) {	/* answers: a date and time keeps its time */
				long secs = lround((x - floor(x)) * 86400.0);

				if (secs >= 86400)
					secs = 86399;
				snprintf(num + 10, 30, "T%02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60,
					 secs % 60);
			}
		} else
			format_number(x, num);
		return num;
	}
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct reader *r = ud;
	const char *n = local(name);

	if (!strcmp(n, "v")) {
		r->capture = 0;
		strbuf_reset(&r->v);
		if (strbuf_add(&r->v, r->text.buf, r->text.len) < 0)
			r->oom = 1;
	} else if (!strcmp(n, "f")) {
		r->capture = 0;
		strbuf_reset(&r->f);
		if (strbuf_add(&r->f, r->text.buf, r->text.len) < 0)
			r->oom = 1;
	} else if (!strcmp(n, "t")) {
		r->capture = 0;
		if (strbuf_add(&r->v, r->text.buf, r->text.len) < 0)	/* runs of an inline string */
			r->oom = 1;
	} else if (!strcmp(n, "rPh")) {
		r->in_rph = 0;
	} else if (!strcmp(n, "c") && r->row) {
		char num[40];
		const char *text = cell_text(r, num);
		struct xlsx_cell *c;

		if (!text || !*text)
			return;
		if (ARRAY_GROW(r->row->cells, r->acells, r->row->n + 1, 16) < 0) {
			r->oom = 1;
			return;
		}
		c = &r->row->cells[r->row->n++];
		c->col = r->cur_col;
		c->text = text == num || text == r->v.buf ?
			arena_strdup(r->row_fn ? &r->row_arena : &r->book->arena, text) : text;
		if (!c->text)
			r->oom = 1;
	} else if (!strcmp(n, "row") && r->row_fn) {
		struct xlsx_row *row = r->row;

		/* streamed: hand the row over, then forget it */
		if (row && row->n && !r->oom && !r->row_stop) {
			qsort(row->cells, row->n, sizeof(*row->cells), cmp_cells);
			r->row_stop = r->row_fn(r->row_ctx, row);
		}
		if (row) {
			r->last_row = row->row;
			free(row->cells);
			r->sheet->nrows--;
		}
		arena_release(&r->row_arena);
		r->row = NULL;
	} else if (!strcmp(n, "row")) {
		struct xlsx_row *row = r->row;

		/* keep the row's arrays in the arena; drop rows without a cell */
		if (row && row->n) {
			struct xlsx_cell *cells = arena_alloc(&r->book->arena, row->n * sizeof(*cells));

			if (!cells) {
				r->oom = 1;
			} else {
				memcpy(cells, row->cells, row->n * sizeof(*cells));
				free(row->cells);
				row->cells = cells;
			}
		} else if (row) {
			free(row->cells);
			r->sheet->nrows--;
		}
		r->row = NULL;
	}
}

/* --- entry points ------------------------------------------------------ */

/* Free what a reader holds (the sheets' references, shared strings, styles, buffers). */
static void reader_release(struct reader *r)
{
	for (size_t i = 0; i < r->nrefs; i++) {
		free(r->refs[i].name);
		free(r->refs[i].rid);
		free(r->refs[i].target);
	}
	free(r->refs);
	free(r->shared);
	free(r->xf_date);
	free(r->custom_fmt_id);
	strbuf_release(&r->text);
	strbuf_release(&r->v);
	strbuf_release(&r->f);
}

enum xlsx_kind xlsx_sniff(const char *path)
{
	unsigned char head[8];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return XLSX_KIND_OTHER;
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	if (n >= 4 && !memcmp(head, "PK\x03\x04", 4))
		return XLSX_KIND_ZIP;
	if (n >= 8 && !memcmp(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return XLSX_KIND_XLS;
	return XLSX_KIND_OTHER;
}

int xlsx_read(struct xlsx_book *book, const char *path, struct error *err)
{
	struct reader r;
	zip_t *zip;
	int zerr = 0, rc;
	size_t i, k, inflated = 0;
	int prc;

	memset(book, 0, sizeof(*book));
	memset(&r, 0, sizeof(r));
	r.book = book;
	strbuf_init(&r.text, 0);
	strbuf_init(&r.v, 0);
	strbuf_init(&r.f, 0);
	zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!zip) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
			rc = error_set(err, "cannot open '%s': %s", path, zip_error_strerror(&ze));
		} else if (xlsx_sniff(path) == XLSX_KIND_XLS) {
			error_set(err, "'%s' is an Excel 97-2003 workbook (.xls), which utilis does "
				  "not read: open it in Excel or LibreOffice, save it as .xlsx (Excel "
				  "Workbook) and import that file", path);
			rc = UT_EDATA;
		} else {
			error_set(err, "'%s' is not an Excel workbook (.xlsx): %s", path,
				  zip_error_strerror(&ze));
			rc = UT_EDATA;
		}
		zip_error_fini(&ze);
		goto out_strbufs;
	}
	rc = parse_part(zip, "xl/workbook.xml", 0, &r, wb_start, no_end, NULL, &inflated, err);
	if (rc == 0)
		rc = parse_part(zip, "xl/_rels/workbook.xml.rels", 0, &r, rels_start, no_end, NULL,
				&inflated, err);
	if (rc < 0)
		rc = UT_EDATA;	/* a zip archive, but not a workbook */
	if (rc == 0 && (prc = parse_part(zip, "xl/sharedStrings.xml", 1, &r, sst_start, sst_end,
					 on_text, &inflated, err)) < 0)
		rc = prc;
	if (rc == 0 && (prc = parse_part(zip, "xl/styles.xml", 1, &r, styles_start, styles_end,
					 NULL, &inflated, err)) < 0)
		rc = prc;
	if (rc == 0 && !r.oom) {
		book->sheets = arena_alloc(&book->arena, (r.nrefs ? r.nrefs : 1) * sizeof(*book->sheets));
		if (!book->sheets)
			r.oom = 1;
	}
	for (i = 0; rc == 0 && !r.oom && i < r.nrefs; i++) {
		struct xlsx_sheet *sh = &book->sheets[book->nsheets];

		if (!r.refs[i].target)
			continue;	/* a chart sheet or a dangling reference */
		sh->name = arena_strdup(&book->arena, r.refs[i].name);
		r.sheet = sh;
		r.arows = 0;
		rc = parse_part(zip, r.refs[i].target, 0, &r, sheet_start, sheet_end, on_text,
				&inflated, err);
		if (r.row) {		/* a sheet cut short: its last row is not kept */
			free(r.row->cells);
			r.row = NULL;
			sh->nrows--;
		}
		if (sh->rows) {
			struct xlsx_row *rows = arena_alloc(&book->arena, (sh->nrows ? sh->nrows : 1) *
							    sizeof(*rows));

			if (rows)
				memcpy(rows, sh->rows, sh->nrows * sizeof(*rows));
			else
				r.oom = 1;
			free(sh->rows);
			sh->rows = rows;
		}
		for (k = 0; sh->rows && k < sh->nrows; k++)
			qsort(sh->rows[k].cells, sh->rows[k].n, sizeof(*sh->rows[k].cells), cmp_cells);
		book->nsheets++;
	}
	if (rc == 0 && r.oom)
		rc = error_set(err, "out of memory reading '%s'", path);
	zip_discard(zip);
out_strbufs:
	reader_release(&r);
	return rc;
}

int xlsx_stream_rows(const char *path, int (*fn)(void *ctx, const struct xlsx_row *row),
		     void *ctx, struct strbuf *sheets, struct error *err)
{
	return xlsx_stream_sheet(path, NULL, fn, ctx, sheets, err);
}

int xlsx_stream_sheet(const char *path, const char *name,
		      int (*fn)(void *ctx, const struct xlsx_row *row), void *ctx,
		      struct strbuf *sheets, struct error *err)
{
	struct xlsx_book book;
	struct xlsx_sheet sheet;
	struct reader r;
	zip_t *zip;
	int zerr = 0, rc, prc;
	size_t i, inflated = 0, first = (size_t)-1;

	memset(&book, 0, sizeof(book));
	memset(&sheet, 0, sizeof(sheet));
	memset(&r, 0, sizeof(r));
	r.book = &book;
	r.row_fn = fn;
	r.row_ctx = ctx;
	strbuf_init(&r.text, 0);
	strbuf_init(&r.v, 0);
	strbuf_init(&r.f, 0);
	zip = zip_open(path, ZIP_RDONLY, &zerr);
	if (!zip) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) {
			rc = error_set(err, "cannot open '%s': %s", path, zip_error_strerror(&ze));
		} else {
			error_set(err, "'%s' is not an Excel workbook (.xlsx): %s", path,
				  zip_error_strerror(&ze));
			rc = UT_EDATA;
		}
		zip_error_fini(&ze);
		goto out;
	}
	rc = parse_part(zip, "xl/workbook.xml", 0, &r, wb_start, no_end, NULL, &inflated, err);
	if (rc == 0)
		rc = parse_part(zip, "xl/_rels/workbook.xml.rels", 0, &r, rels_start, no_end, NULL,
				&inflated, err);
	if (rc < 0)
		rc = UT_EDATA;
	if (rc == 0 && (prc = parse_part(zip, "xl/sharedStrings.xml", 1, &r, sst_start, sst_end,
					 on_text, &inflated, err)) < 0)
		rc = prc;
	if (rc == 0 && (prc = parse_part(zip, "xl/styles.xml", 1, &r, styles_start, styles_end,
					 NULL, &inflated, err)) < 0)
		rc = prc;
	for (i = 0; rc == 0 && i < r.nrefs; i++) {
		if (!r.refs[i].target)
			continue;
		if (first == (size_t)-1 && (!name || (r.refs[i].name &&
						      !strcasecmp(r.refs[i].name, name))))
			first = i;
		else if (sheets && ((sheets->len && strbuf_addstr(sheets, ", ") < 0) ||
				    strbuf_addstr(sheets, r.refs[i].name) < 0))
			r.oom = 1;
	}
	if (rc == 0 && first == (size_t)-1 && name) {
		rc = 1;		/* no such sheet */
		goto done;
	}
	if (rc == 0 && first == (size_t)-1) {
		error_set(err, "'%s' has no sheet", path);
		rc = UT_EDATA;
	}
	if (rc == 0 && !r.oom) {
		r.sheet = &sheet;
		sheet.name = r.refs[first].name;
		rc = parse_part_max(zip, r.refs[first].target, 0, &r, sheet_start, sheet_end, on_text,
				    &inflated, MAX_STREAMED, MAX_STREAMED + MAX_TOTAL, err);
		if (r.row) {
			free(r.row->cells);
			r.row = NULL;
		}
		free(sheet.rows);
	}
	if (rc == 0 && r.oom)
		rc = error_set(err, "out of memory reading '%s'", path);
	if (rc == 0)
		rc = r.row_stop;
done:
	zip_discard(zip);
out:
	reader_release(&r);
	arena_release(&r.row_arena);
	arena_release(&book.arena);
	return rc;
}

void xlsx_release(struct xlsx_book *book)
{
	arena_release(&book->arena);
	memset(book, 0, sizeof(*book));
}

const struct xlsx_sheet *xlsx_sheet(const struct xlsx_book *book, const char *name)
{
	size_t i;

	for (i = 0; i < book->nsheets; i++)
		if (book->sheets[i].name && !strcasecmp(book->sheets[i].name, name))
			return &book->sheets[i];
	return NULL;
}

const char *xlsx_cell(const struct xlsx_row *row, unsigned col)
{
	size_t i;

	for (i = 0; i < row->n; i++)
		if (row->cells[i].col == col)
			return row->cells[i].text;
	return NULL;
}

const char *xlsx_col_name(unsigned col, char buf[8])
{
	char tmp[8];
	int n = 0, i;

	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}
