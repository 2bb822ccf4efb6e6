/* search_args.h - the compound values of quarry-query's ranking options
 * (--expand, --expand-when, --proximity), read one way for every program
 * that takes them (quarry-query, bench/query_latency). */
#ifndef QUARRY_SEARCH_ARGS_H
#define QUARRY_SEARCH_ARGS_H

#include "query/searcher.h"

/* Each returns 0 with the value stored, or -1 (nothing printed; the
 * matching *_EXPECTED text says what was expected). */
int search_args_expand(const char *arg, expansion *e);
int search_args_expand_when(const char *arg, expansion *e);
int search_args_proximity(const char *arg, proximity *p);
int search_args_prior(const char *arg, search_options *o);
int search_args_stopwords(const char *arg, search_options *o);

#define SEARCH_ARGS_EXPAND_EXPECTED                                                       \
    "expected DOCS:TERMS:WEIGHT[:MIN-DOCS], e.g. 5:10:0.3:3 (1-1000 docs and terms, "     \
    "weight in (0, 10], MIN-DOCS at most DOCS), or 0 for off"
#define SEARCH_ARGS_PRIOR_EXPECTED "expected ACCEPTED:SCORE, two weights from 0 to 1000"
#define SEARCH_ARGS_STOPWORDS_EXPECTED "expected keep, drop, rank or rank:WEIGHT[:MAX-TERMS]"
#define SEARCH_ARGS_EXPAND_WHEN_EXPECTED "expected a ratio in (0, 1], e.g. 0.55 (1: always)"
#define SEARCH_ARGS_PROXIMITY_EXPECTED                                                    \
    "expected WINDOW:WEIGHT, e.g. 8:0.3 (window 2-100, weight in (0, 10]), or 0 for off"

/* The weighting models by name, in xc_weighting order, NULL-terminated. */
extern const char *const search_args_model_names[];

/* The models' parameters, as quarry-query's options and quarry-serve's
 * parameters name them, with their ranges. */
enum { SEARCH_K1, SEARCH_B, SEARCH_MU, SEARCH_C, SEARCH_DELTA, SEARCH_MODEL_PARAMS };
typedef struct model_param {
    const char *name;
    double min, max;
} model_param;
extern const model_param search_args_model_params[SEARCH_MODEL_PARAMS];

/* Fills o->params for o->model: value[i] where bit i of given is set, the
 * model's default (docs/RELEVANCE.md) elsewhere.  Returns 0, or 1 + i for
 * the first parameter i given that the model does not take (an error, not
 * silently ignored). */
int search_args_apply_model(search_options *o, unsigned given,
                            const double value[SEARCH_MODEL_PARAMS]);

#endif
