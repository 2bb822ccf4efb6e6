/* params.h - a request's parameters (/search, /) into search_options.
 *
 * One table names every parameter, reads its value and says what it
 * expects; the values are read by the same functions as quarry-query's
 * options (common/cli.h's strict numbers, query/search_args.h's compound
 * values and model parameters), over the same defaults
 * (search_options_defaults).  A parameter quarry-query gains is one row
 * here.  Nothing here knows HTTP: the fuzz target drives it directly. */
#ifndef QUARRY_SERVE_PARAMS_H
#define QUARRY_SERVE_PARAMS_H

#include "query/search_args.h"
#include "query/searcher.h"

#include <stddef.h>

/* The service's bounds on a page: deep pages cost the whole ranking
 * above them. */
#define SERVE_MAX_LIMIT 100
#define SERVE_MAX_OFFSET 10000
/* How much of a bad value an error message repeats. */
#define SERVE_ECHO_BYTES 64u
/* Rows of the table (at most 32: one bit each in serve_params.given). */
#define SERVE_PARAMS_MAX 32

typedef struct serve_params {
    const char *q;          /* the query text (borrowed), NULL until given */
    search_options search;
    unsigned model_given;   /* bit per SEARCH_K1.. given */
    double model_value[SEARCH_MODEL_PARAMS];
    unsigned given;         /* bit per table row given */
    const char *raw[SERVE_PARAMS_MAX]; /* each row's value as given (borrowed) */
} serve_params;

/* The table's rows, for a page's links and the man page: name i, or NULL
 * past the end. */
const char *serve_param_name(size_t i);

void serve_params_init(serve_params *p);

/* Takes one key=value pair (value may be NULL: "?key" without "=").
 * Returns 0, or -1 with a message naming the parameter and what it
 * expects in err (unknown parameter, given twice, bad value). */
int serve_params_add(serve_params *p, const char *key, const char *value, char *err,
                     size_t errlen);

/* After the last pair: applies the model's parameters and checks what
 * spans parameters (a query is needed, offset + limit bound).  need_query
 * 0: an empty or absent q is allowed (the bare search page).  0, or -1
 * with the message in err. */
int serve_params_finish(serve_params *p, int need_query, char *err, size_t errlen);

#endif
