/*
 * discuss: the meeting's discussion order (see discuss.h).
 */
#include "analysis/discuss.h"

#include <stdlib.h>
#include <string.h>

size_t discuss_exits(const unsigned char *conflict, size_t ncand, size_t njuror,
		     const size_t *order)
{
	size_t i, j, n = 0;

	for (i = 0; i < ncand; i++)
		for (j = 0; j < njuror; j++)
			if (conflict[order[i] * njuror + j] &&
			    (i == 0 || !conflict[order[i - 1] * njuror + j]))
				n++;
	return n;
}

/* Node 0 is the full room, node c + 1 candidate c; dist is (ncand+1)^2. */
int discuss_order(const unsigned char *conflict, size_t ncand, size_t njuror, size_t *order,
		  size_t *exits)
{
	size_t m = ncand + 1, a, b, j, i, k, pass;
	size_t *dist = malloc((m * m + 1) * sizeof(*dist));
	size_t *t = malloc((m + 1) * sizeof(*t));
	unsigned char *used = calloc(m + 1, 1);

	if (!dist || !t || !used) {
		free(dist);
		free(t);
		free(used);
		return -1;
	}
	for (a = 0; a < m; a++)
		for (b = a; b < m; b++) {
			size_t d = 0;

			for (j = 0; j < njuror; j++) {
				int x = a ? conflict[(a - 1) * njuror + j] != 0 : 0;
				int y = b ? conflict[(b - 1) * njuror + j] != 0 : 0;

				d += x != y;
			}
			dist[a * m + b] = dist[b * m + a] = d;
		}
	/* Nearest neighbour from the full room. */
	t[0] = 0;
	used[0] = 1;
	for (i = 1; i < m; i++) {
		size_t best = 0;

		for (k = 1; k < m; k++)
			if (!used[k] && (!best || dist[t[i - 1] * m + k] < dist[t[i - 1] * m + best]))
				best = k;
		t[i] = best;
		used[best] = 1;
	}
	/* 2-opt: reverse t[i..k] when it shortens the closed tour. */
	for (pass = 0; pass < 1000; pass++) {
		int improved = 0;

		for (i = 1; i + 1 < m && !improved; i++)
			for (k = i + 1; k < m && !improved; k++) {
				size_t p = t[i - 1], q = t[i], r = t[k], s = t[(k + 1) % m];

				if (dist[p * m + r] + dist[q * m + s] < dist[p * m + q] + dist[r * m + s]) {
					size_t x = i, y = k;

					while (x < y) {
						size_t tmp = t[x];

						t[x++] = t[y];
						t[y--] = tmp;
					}
					improved = 1;
				}
			}
		if (!improved)
			break;
	}
	for (i = 1; i < m; i++)
		order[i - 1] = t[i] - 1;
	if (exits)
		*exits = discuss_exits(conflict, ncand, njuror, order);
	free(dist);
	free(t);
	free(used);
	return 0;
}
