/*
 * discuss: the order in which the jury discusses the candidates at its
 * meeting, so that jurors leave the room as seldom as possible (HotCRP's
 * idea for program committees).  A juror with a conflict of interest on a
 * candidate leaves while it is discussed; between two consecutive
 * candidates the jurors whose conflict differs leave or come back, so the
 * cost of an order is |S1| + sum |Si xor Si+1| + |Sn| (Si: the jurors
 * conflicted on the i-th candidate; the room is full before and after),
 * twice the number of times a juror leaves.
 *
 * That is a travelling-salesman tour through the candidates and an empty
 * set (the full room) with the Hamming distance of the conflict sets.
 * Heuristic: nearest neighbour from the full room (ties: the smaller
 * candidate index), then 2-opt moves (the first improving one in index
 * order, until none improves, at most 1,000 passes).  Deterministic: the
 * same conflicts give the same order; no randomness.  Candidates without
 * conflicts need nobody to leave: they come at the start or the end.
 */
#ifndef UTILIS_DISCUSS_H
#define UTILIS_DISCUSS_H

#include <stddef.h>

/*
 * Fill order[ncand] with candidate indices in discussion order.
 * conflict[cand * njuror + juror] is 1 when conflicted.  *exits (may be
 * NULL) receives how many times a juror leaves the room in that order.
 * Returns 0, or -1 when memory runs out.
 */
int discuss_order(const unsigned char *conflict, size_t ncand, size_t njuror, size_t *order,
		  size_t *exits);

/* How many times a juror leaves the room when the candidates come in order. */
size_t discuss_exits(const unsigned char *conflict, size_t ncand, size_t njuror,
		     const size_t *order);

#endif
