/* query_limits.h - how big a query may be before Xapian sees it.
 *
 * Xapian's QueryParser and matcher cost grows faster than a query's length,
 * and two shapes recurse in libxapian as deep as the query is long (one
 * AND_MAYBE per --proximity pair; nested parentheses in the optimiser)
 * until the stack overflows.  Every query is checked against these bounds:
 * its bytes and bracket depth before it is parsed, its terms once parsed
 * (so the proximity pairs built from them are bounded too).  A query over
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
/* Parentheses nested deeper are refused; not an option (real queries nest
 * a few levels; 35,000 crash libxapian). */
#define QUERY_LIMITS_DEPTH 100u

typedef struct query_limits {
    size_t max_bytes;   /* of the query text */
    size_t max_terms;   /* of the parsed query, repeats counted */
} query_limits;

void query_limits_defaults(query_limits *l);

/* Before parsing: 0, or -1 with "malformed query: REASON" in err when text
 * nests parentheses deeper than QUERY_LIMITS_DEPTH, or else is longer than
 * l->max_bytes. */
int query_limits_check_text(const query_limits *l, const char *text, char *err,
                            size_t errlen);

/* After parsing: 0, or -1 with the message in err when the parsed query
 * holds more than l->max_terms terms. */
int query_limits_check_terms(const query_limits *l, size_t terms, char *err, size_t errlen);

#endif
