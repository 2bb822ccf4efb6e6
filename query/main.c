/* main.c - quarry-query: the driver.  Options, one query or a batch of
 * them over one open index, and the exit status; the work is in
 * searcher.c and the format_*.c writers. */
#include "common/cli.h"
#include "common/escape.h"
#include "query/format.h"
#include "query/queries_file.h"
#include "query/search_args.h"
#include "query/searcher.h"
#include "query/snippet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "quarry-query"

/* Exit statuses (documented in quarry-query(1)), as grep and ripgrep. */
enum { EXIT_FOUND = 0, EXIT_NOTHING = 1, EXIT_ERROR = 2 };

enum {
    OPT_OFFSET = 256, OPT_FORMAT, OPT_COLOR, OPT_AND, OPT_MODEL, OPT_K1, OPT_B,
    OPT_MU, OPT_C, OPT_DELTA, OPT_EXPAND, OPT_NO_STOPWORDS, OPT_STOPWORDS, OPT_QUERIES,
    OPT_RUN_TAG, OPT_SNIPPET, OPT_PROXIMITY, OPT_SHOW_QUERY, OPT_EXPAND_WHEN,
    OPT_MAX_QUERY_BYTES, OPT_MAX_QUERY_TERMS, OPT_MAX_PROXIMITY_TERMS,
    OPT_PER_QUESTION, OPT_SORT, OPT_PRIOR, OPT_ALLOW_PARTIAL, OPT_REMOTE_TIMEOUT,
    OPT_TIME_LIMIT
};

static const cli_option options[] = {
    {"index", 'd', "DIR", "index or stub file to search (required; repeat it to search shards as one)"},
    {"allow-partial", OPT_ALLOW_PARTIAL, NULL, "answer from the shards that remain when some cannot be searched"},
    {"remote-timeout", OPT_REMOTE_TIMEOUT, "SECONDS", "remote shards: each operation, and connecting (default 10 and 5)"},
    {"limit", 'n', "N", "show N passages (default 10; 1000 with --format trec)"},
    {"offset", OPT_OFFSET, "N", "skip the first N passages"},
    {"format", OPT_FORMAT, "FMT", "text, json (JSON lines) or trec"},
    {"color", OPT_COLOR, "WHEN", "highlight matches: auto, always or never"},
    {"and", OPT_AND, NULL, "require every term (default: any term, ranked)"},
    {"model", OPT_MODEL, "NAME", "bm25, bm25plus, lm, pl2, dph, inl2 or tfidf"},
    {"k1", OPT_K1, "X", "bm25/bm25plus term frequency saturation (default 1.2)"},
    {"b", OPT_B, "X", "bm25/bm25plus length normalisation, 0..1 (default 0.75)"},
    {"mu", OPT_MU, "X", "lm Dirichlet smoothing (default 2000)"},
    {"c", OPT_C, "X", "pl2/inl2 normalisation (default 1)"},
    {"delta", OPT_DELTA, "X", "bm25plus lower bound (default 1)"},
    {"expand", OPT_EXPAND, "D:T:W[:M]", "feedback: T terms of the top D passages (in M of them) at weight W, e.g. 5:10:0.3:3 (default 0: off)"},
    {"expand-when", OPT_EXPAND_WHEN, "R", "feedback only if passage D scores below R x the first (default 0.55)"},
    {"proximity", OPT_PROXIMITY, "N:W", "boost neighbouring terms within N words at weight W (default 0: off)"},
    {"no-stopwords", OPT_NO_STOPWORDS, NULL, "keep the index's stopwords in queries"},
    {"prior", OPT_PRIOR, "A:S", "answer quality prior: accepted answers gain A, answers scored N > 0 gain S*ln(1+N) (0:0 off)"},
    {"stopwords", OPT_STOPWORDS, "MODE", "the index's stopwords: keep, drop (from matching and ranking) or rank[:WEIGHT[:MAX-TERMS]] (only rank what the other words match, scaled by WEIGHT, in queries of at most MAX-TERMS other terms)"},
    {"queries", OPT_QUERIES, "FILE", "batch: answer each query of FILE (jsonl or TSV)"},
    {"run-tag", OPT_RUN_TAG, "TAG", "last column of --format trec (default quarry)"},
    {"show-query", OPT_SHOW_QUERY, NULL, "print the query Xapian runs to stderr"},
    {"per-question", OPT_PER_QUESTION, "N", "at most N answers per question, 0 for all (default 1 for text, 0 for json and trec)"},
    {"sort", OPT_SORT, "ORDER", "relevance, score (votes, highest first) or date (newest first)"},
    {"snippet-length", OPT_SNIPPET, "BYTES", "snippet size, 0 for none or at least 20 (default 200)"},
    {"max-query-bytes", OPT_MAX_QUERY_BYTES, "N", "refuse longer queries (default 16384, at most 65536)"},
    {"max-query-terms", OPT_MAX_QUERY_TERMS, "N", "refuse queries of more terms (default 1024, at most 10000)"},
    {"max-proximity-terms", OPT_MAX_PROXIMITY_TERMS, "N", "the same with --proximity (default 32, at most 10000)"},
    {"time-limit", OPT_TIME_LIMIT, "SECONDS", "stop a query whose matching runs longer (local shards; default 0: no limit)"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

static const char *const model_names[] = {"bm25", "bm25plus", "lm", "pl2", "dph",
                                          "inl2", "tfidf", NULL};
static const char *const format_names[] = {"text", "json", "trec", NULL};
static const char *const color_names[] = {"auto", "always", "never", NULL};

/* The most -d options. */
enum { MAX_INDEXES = 256 };

typedef struct config {
    const char *index, *queries;
    const char *indexes[MAX_INDEXES];
    size_t nindexes;
    shard_options shards;
    search_options search;
    format_options format;
    int color_when; /* index into color_names */
    int limit_given, help, version, show_query, per_question_given;
    /* Model parameters as given, applied once the model is known. */
    double k1, b, mu, c, delta;
    unsigned given; /* bit per OPT_K1..OPT_DELTA */
} config;

#define GIVEN(opt) (1u << ((opt) - OPT_K1))

/* A compound ranking value (query/search_args.h), or a message naming it. */
static int ranking_value(int ok, const char *opt, const char *arg, const char *expected)
{
    if (ok == 0)
        return 0;
    escape_line(stderr, PROGRAM ": invalid value '%s' for --%s: %s", arg, opt, expected);
    return -1;
}

static int on_option(int id, const char *arg, void *ctx)
{
    config *c = ctx;
    unsigned long n;
    int k;
    switch (id) {
    case 'd':
        if (c->nindexes == MAX_INDEXES) {
            fprintf(stderr, PROGRAM ": at most %d -d options (list more shards in a stub "
                    "file)\n", MAX_INDEXES);
            return -1;
        }
        c->index = c->indexes[c->nindexes++] = arg;
        return 0;
    case OPT_ALLOW_PARTIAL: c->shards.allow_partial = 1; return 0;
    case OPT_TIME_LIMIT:
        return cli_double(PROGRAM, "time-limit", arg, 0, 86400, &c->search.time_limit);
    case OPT_REMOTE_TIMEOUT: {
        double secs;
        if (cli_double(PROGRAM, "remote-timeout", arg, 0.001, 3600, &secs))
            return -1;
        c->shards.timeout_ms = c->shards.connect_timeout_ms = (unsigned)(secs * 1000);
        return 0;
    }
    case 'n':
        if (cli_uint(PROGRAM, "limit", arg, 1, 1000000, &n))
            return -1;
        c->search.limit = (unsigned)n;
        c->limit_given = 1;
        return 0;
    case OPT_OFFSET:
        if (cli_uint(PROGRAM, "offset", arg, 0, 100000000, &n))
            return -1;
        c->search.offset = (unsigned)n;
        return 0;
    case OPT_FORMAT:
        if ((k = cli_choice(PROGRAM, "format", arg, format_names)) < 0)
            return -1;
        c->format.format = (output_format)k;
        return 0;
    case OPT_COLOR:
        return (c->color_when = cli_choice(PROGRAM, "color", arg, color_names)) < 0;
    case OPT_AND: c->search.default_and = 1; return 0;
    case OPT_MODEL:
        if ((k = cli_choice(PROGRAM, "model", arg, model_names)) < 0)
            return -1;
        c->search.model = (xc_weighting)k;
        return 0;
    case OPT_K1: c->given |= GIVEN(OPT_K1); return cli_double(PROGRAM, "k1", arg, 0, 1000, &c->k1);
    case OPT_B: c->given |= GIVEN(OPT_B); return cli_double(PROGRAM, "b", arg, 0, 1, &c->b);
    case OPT_MU: c->given |= GIVEN(OPT_MU); return cli_double(PROGRAM, "mu", arg, 1e-9, 1e9, &c->mu);
    case OPT_C: c->given |= GIVEN(OPT_C); return cli_double(PROGRAM, "c", arg, 1e-9, 1e6, &c->c);
    case OPT_DELTA: c->given |= GIVEN(OPT_DELTA); return cli_double(PROGRAM, "delta", arg, 0, 1000, &c->delta);
    case OPT_EXPAND:
        return ranking_value(search_args_expand(arg, &c->search.expand), "expand", arg,
                             SEARCH_ARGS_EXPAND_EXPECTED);
    case OPT_EXPAND_WHEN:
        return ranking_value(search_args_expand_when(arg, &c->search.expand), "expand-when",
                             arg, SEARCH_ARGS_EXPAND_WHEN_EXPECTED);
    case OPT_PROXIMITY:
        return ranking_value(search_args_proximity(arg, &c->search.near), "proximity", arg,
                             SEARCH_ARGS_PROXIMITY_EXPECTED);
    case OPT_NO_STOPWORDS: c->search.stopwords = STOPWORDS_KEEP; return 0;
    case OPT_PRIOR:
        return ranking_value(search_args_prior(arg, &c->search), "prior", arg,
                             SEARCH_ARGS_PRIOR_EXPECTED);
    case OPT_STOPWORDS:
        return ranking_value(search_args_stopwords(arg, &c->search), "stopwords", arg,
                             SEARCH_ARGS_STOPWORDS_EXPECTED);
    case OPT_QUERIES: c->queries = arg; return 0;
    case OPT_RUN_TAG:
        /* A TREC line is split at whitespace: the tag must be one field. */
        if (!format_trec_field_ok(arg)) {
            escape_line(stderr, PROGRAM ": invalid value '%s' for --run-tag: expected one word "
                        "(no whitespace or control characters)", arg);
            return -1;
        }
        c->format.run_tag = arg;
        return 0;
    case OPT_SNIPPET:
        if (cli_uint(PROGRAM, "snippet-length", arg, 0, 100000, &n))
            return -1;
        if (n > 0 && n < SNIPPET_MIN_LENGTH) { /* no room for a word */
            escape_line(stderr, PROGRAM ": invalid value '%s' for --snippet-length: expected "
                        "0 (no snippets) or from %d to 100000", arg, SNIPPET_MIN_LENGTH);
            return -1;
        }
        c->search.snippet_length = n;
        return 0;
    case OPT_SHOW_QUERY: c->show_query = c->search.describe = 1; return 0;
    case OPT_MAX_QUERY_BYTES:
        if (cli_uint(PROGRAM, "max-query-bytes", arg, 1, QUERY_LIMITS_BYTES_CEILING, &n))
            return -1;
        c->search.limits.max_bytes = n;
        return 0;
    case OPT_MAX_QUERY_TERMS:
        if (cli_uint(PROGRAM, "max-query-terms", arg, 1, QUERY_LIMITS_TERMS_CEILING, &n))
            return -1;
        c->search.limits.max_terms = n;
        return 0;
    case OPT_MAX_PROXIMITY_TERMS:
        if (cli_uint(PROGRAM, "max-proximity-terms", arg, 1, QUERY_LIMITS_TERMS_CEILING, &n))
            return -1;
        c->search.limits.max_proximity_terms = n;
        return 0;
    case OPT_PER_QUESTION:
        if (cli_uint(PROGRAM, "per-question", arg, 0, 1000000, &n))
            return -1;
        c->search.per_question = (unsigned)n;
        c->per_question_given = 1;
        return 0;
    case OPT_SORT:
        if ((k = cli_choice(PROGRAM, "sort", arg, search_sort_names)) < 0)
            return -1;
        c->search.sort = (search_sort)k;
        return 0;
    case 'h': c->help = 1; return 0;
    case 'V': c->version = 1; return 0;
    }
    return -1;
}

/* Fills the model's parameter list from the options; a parameter the model
 * does not take is an error, not silently ignored. */
static int apply_model_params(config *c)
{
    double value[SEARCH_MODEL_PARAMS] = {c->k1, c->b, c->mu, c->c, c->delta};
    int bad = search_args_apply_model(&c->search, c->given, value);
    if (bad)
        fprintf(stderr, PROGRAM ": --%s does not apply to --model %s\n",
                search_args_model_params[bad - 1].name, model_names[c->search.model]);
    return bad ? -1 : 0;
}

static int use_color(int when, output_format format)
{
    if (format != FORMAT_TEXT || when == 2)
        return 0;
    if (when == 1)
        return 1;
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_color && no_color[0]) &&
           !(term && strcmp(term, "dumb") == 0);
}

/* Reports a failed write of the results, with the errno of the failure
 * when there was one (err; callers clear errno before the writes). */
static void output_error(int err)
{
    if (err)
        fprintf(stderr, PROGRAM ": writing results: %s\n", strerror(err));
    else
        fprintf(stderr, PROGRAM ": writing results failed\n");
}

/* Runs one query and writes its hits; returns the exit status. */
/* What a run of one or more queries came to. */
typedef struct tally {
    unsigned long hits;      /* passages written */
    unsigned long unwritten; /* passages a TREC line cannot name */
    unsigned long malformed; /* queries the parser refused */
    unsigned long stopped;   /* queries past --time-limit */
    unsigned long partial;   /* queries answered without some shards */
    char *left_out;          /* which (the last query's), malloc'd */
    int uncounted_said;      /* the remote collapse warning was given */
} tally;

/* Answers one query.  A malformed query is counted and the batch goes on;
 * EXIT_ERROR means nothing more can be answered (the index, the output). */
static int answer(searcher *s, const config *c, const char *qid, const char *text,
                  tally *t)
{
    hit_list hits;
    xc_status st;
    char err[1024];
    if (searcher_run(s, text, &c->search, &hits, &st, err, sizeof err) != 0) {
        escape_line(stderr, PROGRAM ": %s%s%s%s", qid ? "query " : "", qid ? qid : "",
                    qid ? ": " : "", err);
        if (st == XC_TIME_LIMIT) { /* this query's cost: the others may be answered */
            t->stopped++;
            return EXIT_FOUND;
        }
        if (st != XC_QUERY_SYNTAX)
            return EXIT_ERROR;
        t->malformed++;
        return EXIT_FOUND;
    }
    t->hits += hits.count;
    if (hits.duplicates)
        escape_line(stderr, PROGRAM ": warning: %s%s%s%s", qid ? "query " : "", qid ? qid : "",
                    qid ? ": " : "", hits.duplicates);
    if (hits.collapse_uncounted && !t->uncounted_said++)
        fprintf(stderr, PROGRAM ": warning: over remote shards Xapian 1.4 does not count the "
                "answers --per-question leaves out: no \"+N more answers\" (more_answers is "
                "null)\n");
    if (hits.partial) {
        t->partial++;
        free(t->left_out);
        t->left_out = strdup(hits.partial);
    }
    if (c->show_query)
        escape_line(stderr, "%s%s%s%s", qid ? "query " : "", qid ? qid : "", qid ? ": " : "",
                    hits.description);
    errno = 0; /* so that an error with no errno of its own is not given a stale one */
    int rc = format_hits(stdout, &c->format, qid, &hits), write_errno = errno;
    if (rc > 0) {
        const char *bad = qid && !format_trec_field_ok(qid) ? qid : NULL;
        for (size_t i = 0; !bad && i < hits.count; i++)
            if (!format_trec_field_ok(hits.hits[i].id))
                bad = hits.hits[i].id;
        escape_line(stderr, PROGRAM ": %s%s%s%d passage%s not written: %s '%s' holds "
                    "whitespace or control characters, which a TREC line cannot (--format "
                    "json can)", qid ? "query " : "", qid ? qid : "", qid ? ": " : "", rc,
                    rc == 1 ? "" : "s", bad == qid ? "the query ID" : "passage ID",
                    bad ? bad : "");
        t->unwritten += (unsigned long)rc;
    }
    hit_list_free(&hits);
    if (rc < 0) {
        output_error(write_errno);
        return EXIT_ERROR;
    }
    return EXIT_FOUND;
}

/* A batch stopped at query `failed`: it and those after it had no answer. */
static void report_unanswered(const query_set *set, size_t failed)
{
    enum { SHOWN = 20 };
    size_t n = set->count - failed;
    fprintf(stderr, PROGRAM ": %zu of %zu quer%s not answered:", n, set->count,
            n == 1 ? "y" : "ies");
    for (size_t i = failed; i < set->count && i < failed + SHOWN; i++) {
        fputc(' ', stderr);
        escape_fputs(set->queries[i].id, stderr);
    }
    if (n > SHOWN)
        fprintf(stderr, " ... (%zu more)", n - SHOWN);
    fputc('\n', stderr);
}

/* Joins argv[first..argc) with spaces into one query; malloc'd. */
static char *join_args(int argc, char **argv, int first)
{
    size_t len = 1;
    for (int i = first; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *q = malloc(len);
    if (!q)
        return NULL;
    q[0] = '\0';
    for (int i = first; i < argc; i++) {
        if (i > first)
            strcat(q, " ");
        strcat(q, argv[i]);
    }
    return q;
}

int main(int argc, char **argv)
{
    config c = {.format = {FORMAT_TEXT, 0, "quarry"}};
    search_options_defaults(&c.search);
    shard_options_defaults(&c.shards);
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &c);
    if (first < 0)
        return EXIT_ERROR;
    if (cli_help_or_version(c.help, c.version, PROGRAM, "-d INDEX [OPTION]... QUERY...",
                            "Rank the passages of a Quarry index by relevance to QUERY "
                            "(Xapian query syntax:\nAND, OR, NOT, \"phrases\", +required, "
                            "-excluded, title:word, question:word;\nfilters tag:, site:, is:accepted, "
                            "source:, in:, score:LO..HI, date:FROM..TO).",
                            options))
        return EXIT_FOUND;
    if (!c.index || (first >= argc && !c.queries) || (first < argc && c.queries)) {
        fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " --help' for more information.\n",
                !c.index ? "no index given (-d INDEX)"
                : c.queries ? "give either QUERY or --queries, not both"
                            : "no QUERY given");
        return EXIT_ERROR;
    }
    if (apply_model_params(&c) != 0)
        return EXIT_ERROR;
    if (c.format.format == FORMAT_TREC) {
        if (!c.limit_given)
            c.search.limit = 1000;
        c.search.ids_only = 1; /* a run file needs nothing else */
    }
    c.format.color = use_color(c.color_when, c.format.format);
    /* A person reads one answer per question, told how many more there are;
     * json and trec keep every passage, so runs compare with other tools'
     * (quarry-query(1), --per-question). */
    if (!c.per_question_given && c.format.format == FORMAT_TEXT)
        c.search.per_question = 1;

    char err[1024];
    searcher *s;
    if (searcher_open_shards(c.indexes, c.nindexes, &c.shards, &s, err, sizeof err) != 0) {
        escape_line(stderr, PROGRAM ": %s", err);
        return EXIT_ERROR;
    }
    tally t = {0};
    int rc = EXIT_FOUND;
    if (c.queries) {
        query_set set;
        diag_counter problems = {PROGRAM, 0, 0};
        diag_sink sink = {diag_to_stderr, &problems};
        if (query_set_read(c.queries, &sink, &set, err, sizeof err) != 0) {
            escape_line(stderr, PROGRAM ": %s", err);
            rc = EXIT_ERROR;
        } else {
            t.malformed += set.skipped; /* over-long lines, reported */
            size_t i = 0;
            for (; rc == EXIT_FOUND && i < set.count; i++) {
                /* A long batch outlives rebuilds: each query sees the index
                 * as it is when the query starts, never a mixture. */
                if (i > 0 && searcher_refresh(s, err, sizeof err) != 0) {
                    escape_line(stderr, PROGRAM ": before query %s: %s", set.queries[i].id, err);
                    rc = EXIT_ERROR;
                    break;
                }
                if ((rc = answer(s, &c, set.queries[i].id, set.queries[i].text, &t)) != EXIT_FOUND)
                    break;
            }
            if (rc == EXIT_ERROR) /* query i was not answered, nor those after it */
                report_unanswered(&set, i);
            query_set_free(&set);
        }
    } else {
        char *q = join_args(argc, argv, first);
        rc = q ? answer(s, &c, NULL, q, &t) : EXIT_ERROR;
        free(q);
        if (rc == EXIT_FOUND && t.hits == 0 && t.malformed == 0 && t.stopped == 0)
            rc = EXIT_NOTHING;
    }
    if (t.partial > 0)
        escape_line(stderr, PROGRAM ": partial: %lu quer%s answered without some shards "
                    "(--allow-partial; not searched: %s)", t.partial,
                    t.partial == 1 ? "y" : "ies", t.left_out ? t.left_out : "?");
    free(t.left_out);
    if (c.queries && t.malformed > 0)
        fprintf(stderr, PROGRAM ": %lu malformed quer%s not answered; the others were\n",
                t.malformed, t.malformed == 1 ? "y" : "ies");
    if (c.queries && t.stopped > 0)
        fprintf(stderr, PROGRAM ": %lu quer%s stopped at the time limit (%g s) not answered\n",
                t.stopped, t.stopped == 1 ? "y" : "ies", c.search.time_limit);
    if (rc != EXIT_ERROR && (t.unwritten > 0 || t.malformed > 0 || t.stopped > 0))
        rc = EXIT_ERROR; /* the run is incomplete: say so in the status too */
    searcher_close(s);
    if (cli_close_stdout(PROGRAM) != 0)
        rc = EXIT_ERROR;
    return rc;
}
