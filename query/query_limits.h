/* query_limits.h - how big a query may be before Xapian sees it.
 *
 * Xapian's QueryParser and matcher cost grows faster than a query's length,
 * and two shapes recurse in libxapian as deep as the query is long (one
 * AND_MAYBE per --proximity pair; nested parentheses in the optimiser)
 * until the stack overflows.  Every query is checked against these bounds:
 * its bytes and bracket depth before it is parsed, its terms once parsed
 * (with a lower bound under --proximity, whose pairs are built from them).  A query over
 * a bound is refused as malformed, with a message naming the bound; in a
 * batch it is reported and the others are answered. */
#ifndef QUARRY_QUERY_LIMITS_H
#define QUARRY_QUERY_LIMITS_H

#include <stddef.h>

/* Defaults and the ceilings an option may raise them to (quarry-query(1)
 * gives the measured time of the worst query they allow). */
#define QUERY_LIMITS_BYTES 16384ul
#define QUERY_LIMITS_BYTES_CEILING 65536ul
#define QUERY_LIMITS_TERMS 1024ul
#define QUERY_LIMITS_TERMS_CEILING 10000ul
/* With --proximity each pair of neighbouring terms costs a NEAR search:
 * 32 (any query of Cranfield, SciFact or stackexchange-qa has at most 24
 * after stopwords) costs 6 s on a 310k-passage index, 64 costs 16 s. */
#define QUERY_LIMITS_PROXIMITY_TERMS 32ul
/* Parentheses nested deeper are refused; not an option (real queries nest
 * a few levels; 35,000 crash libxapian). */
#define QUERY_LIMITS_DEPTH 100u

typedef struct query_limits {
    size_t max_bytes;   /* of the query text */
    size_t max_terms;   /* of the parsed query, repeats counted */
    size_t max_proximity_terms; /* the same when proximity pairs are added */
} query_limits;

void query_limits_defaults(query_limits *l);

/* Before parsing: 0, or -1 with "malformed query: REASON" in err when text
 * nests parentheses deeper than QUERY_LIMITS_DEPTH, or else is longer than
 * l->max_bytes. */
int query_limits_check_text(const query_limits *l, const char *text, char *err,
                            size_t errlen);

/* After parsing: 0, or -1 with the message in err when the parsed query
 * holds more than l->max_terms terms, or (proximity non-zero: pairs of
 * neighbours are to be added, fewer than its terms) more than
 * l->max_proximity_terms. */
int query_limits_check_terms(const query_limits *l, size_t terms, int proximity, char *err,
                             size_t errlen);

#endif
