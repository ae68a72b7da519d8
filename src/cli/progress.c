/*
 * progress: the bar of long commands on standard error, and their timing
 * under --verbose (see progress.h for when each shows).  The line is drawn
 * with a carriage return and erased with blanks, without terminal escape
 * sequences, so it reads the same in a log captured with UTILIS_PROGRESS=1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "store/store.h"
#include "util/i18n.h"

#define DELAY 0.5		/* seconds before a bar shows on a terminal */
#define INTERVAL 0.1		/* seconds between two redraws */
#define MAX_WIDTH 100		/* the line never grows beyond this */

/*
 * Monotonic seconds.  UTILIS_NOW replaces the clock for the whole program
 * (tests compare transcripts exactly): time then stands still, so a bar
 * shows only its first and last frames and every duration is 0.
 */
static double now(void)
{
	struct timespec ts;

	if (getenv("UTILIS_NOW"))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *progress_thousands(char *buf, unsigned size, int64_t n)
{
	char digits[32];
	int len, i, o = 0;
	uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;

	len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)u);
	if (n < 0 && o + 1 < (int)size)
		buf[o++] = '-';
	for (i = 0; i < len && o + 2 < (int)size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* "12.3 MB"-style amount of n bytes; the unit is that of scale. */
static void bytes_in(char *buf, size_t size, int64_t n, int64_t scale)
{
	if (scale >= 1000000000)
		snprintf(buf, size, "%.1f", (double)n / 1e9);
	else if (scale >= 1000000)
		snprintf(buf, size, "%.1f", (double)n / 1e6);
	else
		snprintf(buf, size, "%.0f", (double)n / 1e3);
}

static const char *bytes_unit(int64_t scale)
{
	return scale >= 1000000000 ? "GB" : scale >= 1000000 ? "MB" : "kB";
}

/* "done/total what", or "done what" when the total is unknown. */
static void counts(const struct progress *p, char *buf, size_t size)
{
	char a[32], b[32];

	if (p->unit == PROGRESS_BYTES) {
		int64_t scale = p->total > p->done ? p->total : p->done;

		bytes_in(a, sizeof(a), p->done, scale);
		if (p->total > 0) {
			bytes_in(b, sizeof(b), p->total, scale);
			snprintf(buf, size, "%s/%s %s", a, b, bytes_unit(scale));
		} else {
			snprintf(buf, size, "%s %s", a, bytes_unit(scale));
		}
		return;
	}
	progress_thousands(a, sizeof(a), p->done);
	if (p->total > 0)
		snprintf(buf, size, "%s/%s %s", a, progress_thousands(b, sizeof(b), p->total), p->what);
	else
		snprintf(buf, size, "%s %s", a, p->what);
}

static void clock_text(char *buf, size_t size, double seconds)
{
	long s = (long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

static void draw(struct progress *p, double t)
{
	char line[MAX_WIDTH + 1], cnt[80], tail[120], when[32];
	double elapsed = t - p->start;
	int room, barw, n, i;

	counts(p, cnt, sizeof(cnt));
	if (p->total > 0) {
		/* As wide as it will be at the end, so that the bar keeps its length. */
		struct progress full = *p;
		char widest[80];
		int pad;

		full.done = p->total;
		counts(&full, widest, sizeof(widest));
		pad = (int)strlen(widest) - (int)strlen(cnt);
		if (pad > 0 && (size_t)pad + strlen(cnt) < sizeof(cnt)) {
			memmove(cnt + pad, cnt, strlen(cnt) + 1);
			memset(cnt, ' ', (size_t)pad);
		}
	}
	if (p->total > 0 && p->done > 0 && p->done < p->total && elapsed >= 1.0) {
		clock_text(when, sizeof(when), elapsed * (double)(p->total - p->done) / (double)p->done);
		snprintf(tail, sizeof(tail), "  %s  %s left", cnt, when);
	} else {
		clock_text(when, sizeof(when), elapsed);
		snprintf(tail, sizeof(tail), "  %s  %s", cnt, when);
	}
	/* The label, at most 40 bytes, not cut inside a UTF-8 character. */
	n = (int)strlen(p->label);
	if (n > 40)
		for (n = 40; n > 0 && ((unsigned char)p->label[n] & 0xC0) == 0x80; n--)
			;
	n = snprintf(line, sizeof(line), "%.*s ", n, p->label);
	room = p->width - 1 - n - (int)strlen(tail);
	if (p->total > 0 && room >= 16) {
		double frac = (double)p->done / (double)p->total;
		int fill;

		if (frac > 1)
			frac = 1;
		barw = room - 7;	/* "[" "]" and " 100%" */
		if (barw > 40)
			barw = 40;
		fill = (int)(frac * barw);
		line[n++] = '[';
		for (i = 0; i < barw; i++)
			line[n++] = i < fill ? '=' : i == fill ? '>' : ' ';
		n += snprintf(line + n, sizeof(line) - (size_t)n, "] %3d%%", (int)(frac * 100));
	}
	snprintf(line + n, sizeof(line) - (size_t)n, "%s", tail);
	n = (int)strlen(line);
	/* Pad to the full width so that a shorter line covers a longer one. */
	fprintf(stderr, "\r%s%*s", line, p->width - 1 - n > 0 ? p->width - 1 - n : 0, "");
	fflush(stderr);
	p->shown = 1;
	p->last = t;
}

static int terminal_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col > MAX_WIDTH ? MAX_WIDTH : ws.ws_col;
	if (cols && atoi(cols) >= 40)
		return atoi(cols) > MAX_WIDTH ? MAX_WIDTH : atoi(cols);
	return 80;
}

/* How a bar begun now shows: 0 not at all, 1 on a terminal after a delay, 2 always (UTILIS_PROGRESS=1). */
static int progress_mode(const struct cli *cli)
{
	const char *env = getenv("UTILIS_PROGRESS");

	if (cli->quiet || (env && !strcmp(env, "0")))
		return 0;
	if (env && !strcmp(env, "1"))
		return 2;
	return isatty(STDERR_FILENO) ? 1 : 0;
}

void progress_begin(struct progress *p, const struct cli *cli, const char *label,
		    enum progress_unit unit, const char *what, int64_t total)
{
	memset(p, 0, sizeof(*p));
	p->label = label;
	p->what = what ? what : "";
	p->unit = unit;
	p->total = total > 0 ? total : 0;
	p->verbose = cli->verbose;
	p->start = now();
	p->last = p->start;
	p->mode = progress_mode(cli);
	if (p->mode)
		p->width = terminal_width();
	if (p->mode == 2)
		draw(p, p->start);
}

void progress_update(struct progress *p, int64_t done)
{
	double t;

	p->done = done;
	if (!p->mode)
		return;
	t = now();
	if (!p->shown && p->mode == 1 && t - p->start < DELAY)
		return;
	if (p->shown && t - p->last < INTERVAL)
		return;
	draw(p, t);
}

void progress_end(struct progress *p, int ok)
{
	double t = now(), elapsed = t - p->start;
	int verbose = p->verbose;
	char cnt[80];

	if (p->shown) {
		/* The last frame (at 100 % when all was done), then a clean line. */
		if (ok && p->mode == 2) {
			struct progress last = *p;

			if (last.total > 0)
				last.done = last.total;
			draw(&last, t);
		}
		fprintf(stderr, "\r%*s\r", p->width - 1, "");
		fflush(stderr);
		p->shown = 0;
	}
	/* Once ended, a bar says nothing more: progress_end() may be called again on a way out. */
	p->mode = 0;
	p->verbose = 0;
	if (!verbose)
		return;
	if (!ok) {
		fprintf(stderr, _("%s: stopped after %.2f s\n"), p->label, elapsed);
		return;
	}
	p->total = 0;
	counts(p, cnt, sizeof(cnt));
	if (elapsed >= 0.001 && p->done > 0 && p->unit == PROGRESS_ITEMS) {
		char rate[32];

		fprintf(stderr, _("%s: %s in %.2f s (%s %s/s)\n"), p->label, cnt, elapsed,
			progress_thousands(rate, sizeof(rate), (int64_t)((double)p->done / elapsed)),
			p->what);
	} else {
		fprintf(stderr, _("%s: %s in %.2f s\n"), p->label, cnt, elapsed);
	}
}

void progress_begin_answers(struct progress *p, const struct cli *cli, const char *label,
			    struct store *st, const char *const *forms, size_t nforms,
			    int submitted_only, int passes)
{
	int64_t total = 0, n;
	size_t i;

	/* a count reads every respondent: only for a bar that shows it */
	for (i = 0; i < nforms && progress_mode(cli); i++)
		if (store_count_respondents(st, forms[i], 0, submitted_only, &n, NULL) == 0)
			total += n;
	progress_begin(p, cli, label, PROGRESS_ITEMS, passes > 1 ? _("rows read") : _("respondents"),
		       total * passes);
}

void progress_count(void *ctx, size_t done)
{
	progress_update(ctx, (int64_t)done);
}
