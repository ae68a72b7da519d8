/*
 * postcodes: the table of French postcodes with coordinates (generated:
 * src/analysis/postcodes.c), sorted by code.  match.c searches it.
 */
#ifndef UTILIS_POSTCODES_H
#define UTILIS_POSTCODES_H

#include <stddef.h>

struct postcode {
	char code[6];		/* five digits */
	float lat, lon;		/* degrees (WGS 84), the mean of its communes */
};

extern const struct postcode postcodes[];
extern const size_t npostcodes;

#endif
