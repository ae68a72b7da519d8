/*
 * ratelimit: token buckets per client address (see ratelimit.h).
 */
#include "collect/ratelimit.h"

#include <math.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define PROBES 8	/* slots looked at for one key */

int ratelimit_init(struct ratelimit *rl, double burst, double rate, uint64_t seed)
{
	memset(rl, 0, sizeof(*rl));
	rl->burst = burst < 1 ? 1 : burst;
	rl->rate = rate;
	rl->seed = seed;
	if (rate > 0 && !(rl->slot = calloc(RATELIMIT_SLOTS, sizeof(*rl->slot))))
		return -1;
	pthread_mutex_init(&rl->lock, NULL);
	return 0;
}

void ratelimit_release(struct ratelimit *rl)
{
	if (!rl || rl->burst <= 0)
		return;	/* never initialised */
	free(rl->slot);
	rl->slot = NULL;
	pthread_mutex_destroy(&rl->lock);
}

void ratelimit_key(const struct sockaddr *sa, unsigned char key[RATELIMIT_KEY])
{
	memset(key, 0, RATELIMIT_KEY);
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;

		key[0] = 4;
		memcpy(key + 1, &a->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
		const unsigned char *b = a->sin6_addr.s6_addr;
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		if (!memcmp(b, mapped, sizeof(mapped))) {	/* ::ffff:a.b.c.d is IPv4 */
			key[0] = 4;
			memcpy(key + 1, b + 12, 4);
		} else {
			key[0] = 6;
			memcpy(key + 1, b, 8);	/* the /64 prefix */
		}
	}
}

static uint64_t hash(uint64_t seed, const unsigned char *k)
{
	uint64_t h = 14695981039346656037ull ^ seed;

	for (size_t i = 0; i < RATELIMIT_KEY; i++) {
		h ^= k[i];
		h *= 1099511628211ull;
	}
	return h ^ (h >> 29);
}

/* Tokens of slot s at time now. */
static double level(const struct ratelimit *rl, const struct ratelimit_slot *s, double now)
{
	double t = s->tokens + (now > s->last ? now - s->last : 0) * rl->rate;

	return t > rl->burst ? rl->burst : t;
}

unsigned ratelimit_take(struct ratelimit *rl, const unsigned char key[RATELIMIT_KEY],
			double now, int take, int *first)
{
	struct ratelimit_slot *s = NULL, *fullest = NULL;
	double best = -1, t;
	unsigned wait = 0;
	size_t h;

	if (first)
		*first = 0;
	if (rl->rate <= 0)
		return 0;
	h = (size_t)(hash(rl->seed, key) % RATELIMIT_SLOTS);
	pthread_mutex_lock(&rl->lock);
	for (size_t i = 0; i < PROBES; i++) {
		struct ratelimit_slot *p = &rl->slot[(h + i) % RATELIMIT_SLOTS];

		if (p->used && !memcmp(p->key, key, RATELIMIT_KEY)) {
			s = p;
			break;
		}
		t = p->used ? level(rl, p, now) : rl->burst + 1;
		if (t > best) {
			best = t;
			fullest = p;
		}
	}
	if (!s) {
		s = fullest;
		memcpy(s->key, key, RATELIMIT_KEY);
		s->used = 1;
		s->tokens = rl->burst;
		s->last = now;
		s->noted = 0;
	}
	t = level(rl, s, now);
	s->last = now;
	if (t >= 1) {
		s->tokens = take ? t - 1 : t;
		if (take)
			s->noted = 0;
	} else {
		s->tokens = t;
		wait = (unsigned)ceil((1 - t) / rl->rate);
		if (wait < 1)
			wait = 1;
		if (first && !s->noted)
			*first = 1;
		s->noted = 1;
	}
	pthread_mutex_unlock(&rl->lock);
	return wait;
}
