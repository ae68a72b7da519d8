/*
 * collect_load: the load client of the web-forms benchmark
 * (bench/collect_bench.sh runs it; build with 'make bench-collect').
 *
 *   collect_load run HOST PORT TOKENS CONNECTIONS SECONDS ACKS
 *   collect_load verify DB SURVEY.yaml ACKS
 *
 * run: CONNECTIONS threads, each with one keep-alive connection, share the
 * links listed in TOKENS (one token a line).  A thread first opens each of
 * its links (GET) to read the page's anti-forgery token, then submits the
 * first page of bench/collect.yaml again and again, round robin over its
 * links, for SECONDS, each time with the next sequence number in 'seq':
 * the server saves the page (a durable write) and answers 303.  Prints
 * pages/s, p50/p99/max latency and errors.  ACKS gets, for each link, the
 * last sequence number whose page the server acknowledged with a 303.
 * When the server dies (the SIGKILL check), threads stop at the first
 * failed connection; acknowledged pages are the ones that count.
 *
 * verify: every link in ACKS must hold, in the workspace DB, the sequence
 * number acknowledged or a later one of the same thread (its next page for
 * that link, written but not acknowledged before the server died); prints
 * how many do and exits 1 if any does not.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "survey/survey.h"

#define MAX_LINKS 100000

struct link {
	char token[32];		/* the link's token */
	char csrf[64];		/* its first page's anti-forgery token */
	long acked;		/* last sequence number acknowledged, 0 none */
};

struct worker {
	pthread_t thread;
	struct link *links;	/* this thread's links */
	size_t nlinks;
	double *lat;		/* latencies in ms */
	size_t nlat, alat;
	long errors;		/* requests without a 303 */
	int fd;			/* connection */
};

static const char *host;
static int port;
static double deadline;		/* CLOCK_MONOTONIC seconds */
static pthread_barrier_t ready, go;	/* every link's page read / deadline set */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_to(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &a.sin_addr);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);

		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * Read one response into buf (cap bytes): returns the status code, or -1
 * when the connection failed.  The body is read by Content-Length.
 */
static int read_response(int fd, char *buf, size_t cap, size_t *len)
{
	size_t n = 0, body = 0, head = 0;
	char *end = NULL;

	for (;;) {
		ssize_t k;

		if (!end && (end = strstr(buf, "\r\n\r\n"))) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");

			head = (size_t)(end - buf) + 4;
			body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
		}
		if (end && n >= head + body)
			break;
		if (n + 1 >= cap)
			return -1;
		k = recv(fd, buf + n, cap - n - 1, 0);
		if (k <= 0)
			return -1;
		n += (size_t)k;
		buf[n] = '\0';
	}
	*len = n;
	return atoi(buf + 9);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	size_t cap = 1 << 16, len;
	char *buf = malloc(cap), req[2048], body[1024];
	long seq = 0;

	w->fd = connect_to();
	if (w->fd < 0 || !buf) {
		w->errors++;
		free(buf);
		pthread_barrier_wait(&ready);
		pthread_barrier_wait(&go);
		return NULL;
	}
	/* the anti-forgery token of each link's first page */
	for (size_t i = 0; i < w->nlinks; i++) {
		struct link *l = &w->links[i];
		const char *p;
		int n = snprintf(req, sizeof(req), "GET /r/%s HTTP/1.1\r\nHost: %s\r\n\r\n",
				 l->token, host);

		buf[0] = '\0';
		if (send_all(w->fd, req, (size_t)n) < 0 ||
		    read_response(w->fd, buf, cap, &len) != 200 ||
		    !(p = strstr(buf, "name=\"_csrf\" value=\""))) {
			w->errors++;
			pthread_barrier_wait(&ready);
			pthread_barrier_wait(&go);
			goto out;
		}
		p += 20;
		snprintf(l->csrf, sizeof(l->csrf), "%.*s", (int)strcspn(p, "\""), p);
	}
	pthread_barrier_wait(&ready);
	pthread_barrier_wait(&go);
	/* pages, round robin, until the deadline */
	for (size_t i = 0; now() < deadline; i = (i + 1) % w->nlinks) {
		struct link *l = &w->links[i];
		double t0;
		int nb, n, status;

		seq++;
		nb = snprintf(body, sizeof(body),
			      "_csrf=%s&_page=0&_lang=fr&_action=next"
			      "&_shown=seq+age+q1+q2+q3+q4+aides+aides_autre+budget+commentaire"
			      "&seq=%ld&age=%ld&q1=%ld&q2=%ld&q3=3&q4=4&aides=repas&aides=logement"
			      "&budget=12%%2C5&commentaire=Tr%%C3%%A8s+bien+accueilli",
			      l->csrf, seq, 16 + seq % 90, 1 + seq % 4, 1 + (seq / 4) % 4);
		n = snprintf(req, sizeof(req), "POST /r/%s HTTP/1.1\r\nHost: %s\r\n"
			     "Content-Type: application/x-www-form-urlencoded\r\n"
			     "Content-Length: %d\r\n\r\n%s", l->token, host, nb, body);
		t0 = now();
		buf[0] = '\0';
		if (send_all(w->fd, req, (size_t)n) < 0 ||
		    (status = read_response(w->fd, buf, cap, &len)) < 0) {
			w->errors++;
			break;		/* the server is gone */
		}
		if (status != 303) {
			w->errors++;
			continue;
		}
		l->acked = seq;
		if (w->nlat == w->alat) {
			w->alat = w->alat ? w->alat * 2 : 4096;
			w->lat = realloc(w->lat, w->alat * sizeof(*w->lat));
			if (!w->lat)
				break;
		}
		w->lat[w->nlat++] = (now() - t0) * 1000.0;
	}
out:
	close(w->fd);
	free(buf);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int run(int argc, char **argv)
{
	struct link *links = calloc(MAX_LINKS, sizeof(*links));
	size_t nlinks = 0, nconn, total = 0, k = 0;
	struct worker *w;
	double seconds, t0, elapsed, *all;
	long errors = 0;
	char line[128];
	FILE *fp;

	if (argc != 8 || !links)
		return 2;
	host = argv[2];
	port = atoi(argv[3]);
	nconn = (size_t)atoi(argv[5]);
	seconds = atof(argv[6]);
	if (!(fp = fopen(argv[4], "r")))
		return perror(argv[4]), 1;
	while (nlinks < MAX_LINKS && fgets(line, sizeof(line), fp))
		if (sscanf(line, "%31s", links[nlinks].token) == 1)
			nlinks++;
	fclose(fp);
	if (nconn < 1 || nlinks < nconn) {
		fprintf(stderr, "need at least one link per connection\n");
		return 2;
	}
	w = calloc(nconn, sizeof(*w));
	for (size_t i = 0; i < nconn; i++) {
		w[i].links = links + i * (nlinks / nconn);
		w[i].nlinks = nlinks / nconn;
	}
	pthread_barrier_init(&ready, NULL, (unsigned)nconn + 1);
	pthread_barrier_init(&go, NULL, (unsigned)nconn + 1);
	for (size_t i = 0; i < nconn; i++)
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	pthread_barrier_wait(&ready);	/* pages read: the timed part starts */
	t0 = now();
	deadline = t0 + seconds;
	pthread_barrier_wait(&go);
	for (size_t i = 0; i < nconn; i++) {
		pthread_join(w[i].thread, NULL);
		total += w[i].nlat;
		errors += w[i].errors;
	}
	elapsed = now() - t0;
	all = malloc((total ? total : 1) * sizeof(*all));
	for (size_t i = 0; i < nconn; i++) {
		memcpy(all + k, w[i].lat, w[i].nlat * sizeof(*all));
		k += w[i].nlat;
	}
	qsort(all, total, sizeof(*all), cmp_double);
	printf("pages saved: %zu in %.1f s over %zu connections: %.0f pages/s\n", total, elapsed,
	       nconn, (double)total / elapsed);
	if (total)
		printf("latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", all[total / 2],
		       all[(size_t)((double)total * 0.99)], all[total - 1]);
	printf("requests without a 303: %ld\n", errors);
	free(all);
	for (size_t i = 0; i < nconn; i++)
		free(w[i].lat);
	free(w);
	if (!(fp = fopen(argv[7], "w"))) {
		free(links);
		return perror(argv[7]), 1;
	}
	for (size_t i = 0; i < nlinks; i++)
		if (links[i].acked)
			fprintf(fp, "%s %ld\n", links[i].token, links[i].acked);
	fclose(fp);
	free(links);
	return 0;
}

static int verify(int argc, char **argv)
{
	struct diags d = DIAGS_INIT;
	struct survey *s;
	struct store *st;
	struct error err;
	struct question *q;
	long checked = 0, exact = 0, next = 0, bad = 0;
	char tok[64], src[1 << 16];
	long acked;
	size_t n;
	FILE *fp;

	if (argc != 5)
		return 2;
	if (!(fp = fopen(argv[3], "r")))
		return perror(argv[3]), 1;
	n = fread(src, 1, sizeof(src) - 1, fp);
	fclose(fp);
	src[n] = '\0';
	if (survey_load(&s, argv[3], src, n, &d) < 0 || !(q = survey_find(s, "seq")))
		return fprintf(stderr, "cannot load %s\n", argv[3]), 1;
	if (store_open(&st, argv[2], STORE_READONLY, &err) < 0)
		return fprintf(stderr, "%s\n", err.msg), 1;
	if (!(fp = fopen(argv[4], "r")))
		return perror(argv[4]), 1;
	while (fscanf(fp, "%63s %ld", tok, &acked) == 2) {
		struct invitation inv;
		char **v = NULL;
		size_t nv = 0;
		long held = -1;

		checked++;
		if (store_invitation_by_token(st, tok, &inv, &err) == 1 &&
		    store_invitation_draft(st, inv.id, &v, &nv, &err) == 0 && q->index < nv &&
		    v[q->index])
			held = atol(v[q->index]);
		invitation_release(&inv);
		answers_free(v, nv);
		if (held == acked)
			exact++;
		else if (held > acked)	/* the link's next page, sent by the same thread */
			next++;
		else {
			bad++;
			fprintf(stderr, "link %s: acknowledged %ld, holds %ld\n", tok, acked, held);
		}
	}
	fclose(fp);
	store_close(st);
	survey_free(s);
	diags_release(&d);
	printf("acknowledged pages checked: %ld; held exactly: %ld; held with the next page "
	       "(written, reply lost): %ld; lost: %ld\n", checked, exact, next, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "run"))
		return run(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "verify"))
		return verify(argc, argv);
	fprintf(stderr, "usage: collect_load run HOST PORT TOKENS CONNECTIONS SECONDS ACKS\n"
		"       collect_load verify DB SURVEY.yaml ACKS\n");
	return 2;
}
