/* fuzz_cli.c - option parsing (common/cli.c) with quarry-query's option
 * table, whose values go through every strict parser the tools use: the
 * numbers of common/cli.c and the ranking values of query/search_args.c.
 *
 * Input: the arguments, separated by newlines (argv[0] is the program). */
#include "common/cli.h"
#include "query/search_args.h"
#include "tests/fuzz/fuzz_support.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "quarry-query"
#define MAX_ARGS 64

enum { OPT_OFFSET = 256, OPT_FORMAT, OPT_K1, OPT_EXPAND, OPT_EXPAND_WHEN, OPT_PROXIMITY,
       OPT_AND, OPT_QUERIES, OPT_SNIPPET };

/* A copy of the shape of quarry-query's table (query/main.c keeps its own
 * static): short and long-only options, flags and arguments. */
static const cli_option options[] = {
    {"index", 'd', "DIR", "index to search (required)"},
    {"limit", 'n', "N", "show N passages"},
    {"offset", OPT_OFFSET, "N", "skip the first N passages"},
    {"format", OPT_FORMAT, "FMT", "text, json or trec"},
    {"and", OPT_AND, NULL, "require every term"},
    {"k1", OPT_K1, "X", "bm25 term frequency saturation"},
    {"expand", OPT_EXPAND, "D:T:W[:M]", "feedback"},
    {"expand-when", OPT_EXPAND_WHEN, "R", "feedback only if"},
    {"proximity", OPT_PROXIMITY, "N:W", "boost neighbouring terms"},
    {"queries", OPT_QUERIES, "FILE", "batch"},
    {"snippet-length", OPT_SNIPPET, "BYTES", "snippet size"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

static const char *const formats[] = {"text", "json", "trec", NULL};

typedef struct seen {
    search_options search;
    int flags;
} seen;

static int on_option(int id, const char *arg, void *ctx)
{
    seen *s = ctx;
    unsigned long n;
    double x;
    switch (id) {
    case 'd': case OPT_QUERIES:
        return arg ? 0 : -1;
    case 'n': return cli_uint(PROGRAM, "limit", arg, 1, 1000000, &n);
    case OPT_OFFSET: return cli_uint(PROGRAM, "offset", arg, 0, 100000000, &n);
    case OPT_SNIPPET: return cli_uint(PROGRAM, "snippet-length", arg, 0, 100000, &n);
    case OPT_FORMAT: return cli_choice(PROGRAM, "format", arg, formats) < 0;
    case OPT_K1:
        if (cli_double(PROGRAM, "k1", arg, 0, 1000, &x) != 0)
            return -1;
        if (!isfinite(x) || x < 0 || x > 1000)
            abort();
        return 0;
    case OPT_EXPAND:
        if (search_args_expand(arg, &s->search.expand) != 0)
            return -1;
        if (s->search.expand.docs && (s->search.expand.docs > 1000 ||
                                      s->search.expand.terms < 1 ||
                                      s->search.expand.terms > 1000 ||
                                      !(s->search.expand.weight > 0) ||
                                      s->search.expand.weight > 10 ||
                                      s->search.expand.min_docs > s->search.expand.docs))
            abort();
        return 0;
    case OPT_EXPAND_WHEN:
        if (search_args_expand_when(arg, &s->search.expand) != 0)
            return -1;
        if (!(s->search.expand.when > 0) || s->search.expand.when > 1)
            abort();
        return 0;
    case OPT_PROXIMITY:
        if (search_args_proximity(arg, &s->search.near) != 0)
            return -1;
        if (s->search.near.window && (s->search.near.window < 2 ||
                                      s->search.near.window > 100 ||
                                      !(s->search.near.weight > 0) ||
                                      s->search.near.weight > 10))
            abort();
        return 0;
    case OPT_AND: case 'h': case 'V':
        if (arg)
            abort(); /* a flag never gets an argument */
        s->flags++;
        return 0;
    }
    abort(); /* getopt returned an id the table does not have */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = PROGRAM;
    for (char *s = text; argc <= MAX_ARGS;) {
        argv[argc++] = s;
        if (!(s = strchr(s, '\n')))
            break;
        *s++ = '\0';
    }
    argv[argc] = NULL;

    /* Each command line is parsed afresh, as at a tool's start. */
    optind = 0;
    seen s;
    search_options_defaults(&s.search);
    s.flags = 0;
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &s);
    if (first > argc)
        abort();

    /* The strict number parsers on the raw text as well. */
    unsigned long n;
    double x;
    if (cli_whole(text, 0, (unsigned long)-1, &n) == 0 && strspn(text, "0123456789") != strlen(text))
        abort();
    if (cli_number(text, -1e308, 1e308, &x) == 0 && !isfinite(x))
        abort();
    free(text);
    return 0;
}
