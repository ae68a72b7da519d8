/*
 * ratelimit: token buckets per client address, in a table of fixed size
 * (memory stays bounded whatever the number of addresses).  Each address
 * may spend burst tokens at once, refilled at rate tokens a second.  An
 * IPv6 address counts by its /64 prefix (what one subscriber gets), an
 * IPv4 one whole.  When the table is full, the bucket that would be the
 * fullest by now is reused: forgetting a full bucket changes nothing.
 * Thread-safe.
 */
#ifndef UTILIS_COLLECT_RATELIMIT_H
#define UTILIS_COLLECT_RATELIMIT_H

#include <pthread.h>
#include <stdint.h>

struct sockaddr;

#define RATELIMIT_SLOTS 4096	/* addresses remembered */
#define RATELIMIT_KEY 16	/* bytes of an address key */

struct ratelimit_slot {
	unsigned char key[RATELIMIT_KEY];	/* the address (or prefix) */
	double tokens;			/* left at time last */
	double last;			/* when tokens was computed (seconds) */
	int used;			/* the slot holds an address */
	int noted;			/* the refusal was logged since the last token */
};

struct ratelimit {
	pthread_mutex_t lock;		/* guards the slots */
	double burst;			/* tokens of a new bucket */
	double rate;			/* tokens added per second */
	uint64_t seed;			/* of the hash (unpredictable: no chosen collisions) */
	struct ratelimit_slot *slot;	/* RATELIMIT_SLOTS of them */
};

/* 0, or -1 when out of memory.  rate 0: no limit (every call says yes). */
int ratelimit_init(struct ratelimit *rl, double burst, double rate, uint64_t seed);
void ratelimit_release(struct ratelimit *rl);
/* The key of a client address (zeros for an unknown family). */
void ratelimit_key(const struct sockaddr *sa, unsigned char key[RATELIMIT_KEY]);
/*
 * Take one token from key's bucket at time now (seconds): 0 when taken,
 * else the whole seconds until one is there (at least 1).  With take 0,
 * only says whether one is there.  *first, when not NULL, is set to 1 on
 * the first refusal since the bucket last gave a token (to log it once).
 */
unsigned ratelimit_take(struct ratelimit *rl, const unsigned char key[RATELIMIT_KEY],
			double now, int take, int *first);

#endif
