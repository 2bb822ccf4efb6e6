/* params.c - the parameter table of /search and the search page. */
#include "serve/params.h"

#include "common/cli.h"
#include "query/snippet.h"

#include <stdio.h>
#include <string.h>

typedef struct param {
    const char *name;
    /* Stores value (never NULL here) in p; 0, or -1: value is bad. */
    int (*set)(serve_params *p, const char *value, size_t row);
    const char *expected;
} param;

static int set_query(serve_params *p, const char *v, size_t row)
{
    (void)row;
    p->q = v;
    return 0;
}

static int set_limit(serve_params *p, const char *v, size_t row)
{
    unsigned long n;
    (void)row;
    if (cli_whole(v, 1, SERVE_MAX_LIMIT, &n) != 0)
        return -1;
    p->search.limit = (unsigned)n;
    return 0;
}

static int set_offset(serve_params *p, const char *v, size_t row)
{
    unsigned long n;
    (void)row;
    if (cli_whole(v, 0, SERVE_MAX_OFFSET, &n) != 0)
        return -1;
    p->search.offset = (unsigned)n;
    return 0;
}

/* "1" or "0" into *flag. */
static int flag(const char *v, int *out)
{
    if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
        return -1;
    *out = v[0] == '1';
    return 0;
}

static int set_and(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return flag(v, &p->search.default_and);
}

static int set_stopwords(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return search_args_stopwords(v, &p->search);
}

static int set_prior(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return search_args_prior(v, &p->search);
}

static int set_model(serve_params *p, const char *v, size_t row)
{
    (void)row;
    for (int i = 0; search_args_model_names[i]; i++)
        if (strcmp(v, search_args_model_names[i]) == 0) {
            p->search.model = (xc_weighting)i;
            return 0;
        }
    return -1;
}

static size_t row_of(const char *name);

/* The row's name is that of a model parameter (search_args.h). */
static int set_model_param(serve_params *p, const char *v, size_t row)
{
    size_t i = 0;
    while (strcmp(search_args_model_params[i].name, serve_param_name(row)) != 0)
        i++;
    const model_param *m = &search_args_model_params[i];
    if (cli_number(v, m->min, m->max, &p->model_value[i]) != 0)
        return -1;
    p->model_given |= 1u << i;
    return 0;
}

static int set_expand(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return search_args_expand(v, &p->search.expand);
}

static int set_expand_when(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return search_args_expand_when(v, &p->search.expand);
}

static int set_proximity(serve_params *p, const char *v, size_t row)
{
    (void)row;
    return search_args_proximity(v, &p->search.near);
}

static int set_snippet_length(serve_params *p, const char *v, size_t row)
{
    unsigned long n;
    (void)row;
    if (cli_whole(v, 0, 100000, &n) != 0 || (n > 0 && n < SNIPPET_MIN_LENGTH))
        return -1;
    p->search.snippet_length = n;
    return 0;
}

static int set_per_question(serve_params *p, const char *v, size_t row)
{
    unsigned long n;
    (void)row;
    if (cli_whole(v, 0, 1000000, &n) != 0)
        return -1;
    p->search.per_question = (unsigned)n;
    return 0;
}

static int set_sort(serve_params *p, const char *v, size_t row)
{
    (void)row;
    for (int i = 0; search_sort_names[i]; i++)
        if (strcmp(v, search_sort_names[i]) == 0) {
            p->search.sort = (search_sort)i;
            return 0;
        }
    return -1;
}

#define STR_(x) #x
#define STR(x) STR_(x)

/* The rows, in the order a page's links give them.  A new option of
 * quarry-query is one row. */
static const param params[] = {
    {"q", set_query, "the query text"},
    {"limit", set_limit, "a whole number from 1 to " STR(SERVE_MAX_LIMIT) " (default 10)"},
    {"offset", set_offset, "a whole number from 0 to " STR(SERVE_MAX_OFFSET)},
    {"and", set_and, "0 (any term, ranked; the default) or 1 (every term)"},
    {"model", set_model, "bm25, bm25plus, lm, pl2, dph, inl2 or tfidf"},
    {"k1", set_model_param, "a number from 0 to 1000 (bm25, bm25plus)"},
    {"b", set_model_param, "a number from 0 to 1 (bm25, bm25plus)"},
    {"mu", set_model_param, "a number above 0, at most 1e9 (lm)"},
    {"c", set_model_param, "a number above 0, at most 1e6 (pl2, inl2)"},
    {"delta", set_model_param, "a number from 0 to 1000 (bm25plus)"},
    {"expand", set_expand, SEARCH_ARGS_EXPAND_EXPECTED},
    {"expand-when", set_expand_when, SEARCH_ARGS_EXPAND_WHEN_EXPECTED},
    {"proximity", set_proximity, SEARCH_ARGS_PROXIMITY_EXPECTED},
    {"stopwords", set_stopwords, "keep, drop (the default), rank or rank:WEIGHT[:MAX-TERMS]"},
    {"prior", set_prior, "ACCEPTED:SCORE, two weights from 0 to 1000 (default 0:0, off)"},
    {"snippet-length", set_snippet_length, "0 (no snippets) or a whole number from 20 to 100000"},
    {"per-question", set_per_question, "a whole number from 0 (all; the default) to 1000000"},
    {"sort", set_sort, "relevance (the default), score or date"},
};
#define NPARAMS (sizeof params / sizeof params[0])
_Static_assert(NPARAMS <= SERVE_PARAMS_MAX, "one bit per row in serve_params.given");

const char *serve_param_name(size_t i)
{
    return i < NPARAMS ? params[i].name : NULL;
}

static size_t row_of(const char *name)
{
    size_t row = 0;
    while (row < NPARAMS && strcmp(params[row].name, name) != 0)
        row++;
    return row;
}

void serve_params_init(serve_params *p)
{
    memset(p, 0, sizeof *p);
    search_options_defaults(&p->search);
    p->search.describe = 1; /* the answer says how the query was parsed */
}

/* s, at most SERVE_ECHO_BYTES of it, for a message ("..." when cut).  The
 * message is escaped wherever it is shown (JSON, HTML, the log). */
static void echo(char *out, size_t size, const char *s)
{
    size_t len = strlen(s);
    snprintf(out, size, "%.*s%s", (int)(len > SERVE_ECHO_BYTES ? SERVE_ECHO_BYTES : len), s,
             len > SERVE_ECHO_BYTES ? "..." : "");
}

int serve_params_add(serve_params *p, const char *key, const char *value, char *err,
                     size_t errlen)
{
    char shown[SERVE_ECHO_BYTES + 4];
    size_t row = row_of(key);
    if (row == NPARAMS) {
        echo(shown, sizeof shown, key);
        snprintf(err, errlen, "unknown parameter '%s'", shown);
        return -1;
    }
    if (p->given & (1u << row)) {
        snprintf(err, errlen, "parameter '%s' given twice", key);
        return -1;
    }
    p->given |= 1u << row;
    p->raw[row] = value ? value : "";
    if (params[row].set(p, p->raw[row], row) == 0)
        return 0;
    echo(shown, sizeof shown, p->raw[row]);
    snprintf(err, errlen, "invalid value '%s' for parameter '%s': expected %s", shown, key,
             params[row].expected);
    return -1;
}

int serve_params_finish(serve_params *p, int need_query, char *err, size_t errlen)
{
    /* Untouched, the model is search_options_defaults' as it stands. */
    int bad = (p->given & (1u << row_of("model"))) || p->model_given
                  ? search_args_apply_model(&p->search, p->model_given, p->model_value)
                  : 0;
    if (bad) {
        snprintf(err, errlen, "parameter '%s' does not apply to model %s",
                 search_args_model_params[bad - 1].name,
                 search_args_model_names[p->search.model]);
        return -1;
    }
    if (need_query && (!p->q || !p->q[strspn(p->q, " \t\r\n")])) {
        snprintf(err, errlen, "missing parameter 'q' (the query text)");
        return -1;
    }
    return 0;
}
