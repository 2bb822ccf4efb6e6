/* query_latency.c - times each query of a batch through Quarry's searcher.
 *
 *   query_latency INDEX QUERIES DEPTH [--no-stopwords|--stopwords-rank [--stopword-max-terms N]] [--snippets BYTES]
 *                 [--ids-only] [--proximity WINDOW:WEIGHT]
 *                 [--expand DOCS:TERMS:WEIGHT[:MIN-DOCS]] [-d INDEX]...
 *
 * INDEX may be a stub file listing shards (local or remote); each -d adds
 * one more index, searched with the first as one (quarry-query -d).
 * quarry-query prints no per-query timings, and timing one process per query
 * would measure start-up; this driver does the same work quarry-query does
 * for each query (searcher_refresh, then searcher_run: parse, rank, fetch
 * and decode every hit, mark matches unless snippets are 0, free) around a
 * monotonic clock.
 * Without options that is Quarry's default configuration; --ids-only is
 * what quarry-query --format trec asks for.
 * Prints "QID MS HITS ESTIMATED" per query on stdout, as raw_xapian does,
 * and "N queries in S s" on stderr. */
#include "common/cli.h"
#include "query/queries_file.h"
#include "query/search_args.h"
#include "query/searcher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int usage(void)
{
    fprintf(stderr, "usage: query_latency INDEX QUERIES DEPTH [--no-stopwords|--stopwords-rank [--stopword-max-terms N]] "
                    "[--snippets BYTES] [--ids-only] [--proximity WINDOW:WEIGHT] "
                    "[--expand DOCS:TERMS:WEIGHT[:MIN-DOCS]] [--sort score|date] "
                    "[--per-question N] [-d INDEX]...\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return usage();
    search_options opt;
    search_options_defaults(&opt); /* Quarry's default configuration */
    unsigned long depth;
    if (cli_whole(argv[3], 1, 1000000, &depth) != 0)
        return usage();
    opt.limit = (unsigned)depth;
    const char *indexes[256] = {argv[1]};
    size_t nindexes = 1;
    for (int i = 4; i < argc; i++) {
        if (strcmp(argv[i], "-d") == 0 && i + 1 < argc && nindexes < 256) {
            indexes[nindexes++] = argv[++i];
        } else if (strcmp(argv[i], "--no-stopwords") == 0) {
            opt.stopwords = STOPWORDS_KEEP;
        } else if (strcmp(argv[i], "--stopwords-rank") == 0) {
            opt.stopwords = STOPWORDS_RANK;
        } else if (strcmp(argv[i], "--stopword-max-terms") == 0 && i + 1 < argc) {
            unsigned long n;
            if (cli_whole(argv[++i], 0, 1000000, &n) != 0)
                return usage();
            opt.stopword_max_terms = (unsigned)n;
        } else if (strcmp(argv[i], "--ids-only") == 0) {
            opt.ids_only = 1;
        } else if (strcmp(argv[i], "--proximity") == 0 && i + 1 < argc) {
            if (search_args_proximity(argv[++i], &opt.near) != 0)
                return usage();
        } else if (strcmp(argv[i], "--expand") == 0 && i + 1 < argc) {
            if (search_args_expand(argv[++i], &opt.expand) != 0)
                return usage();
        } else if (strcmp(argv[i], "--sort") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "score") != 0 && strcmp(argv[i], "date") != 0)
                return usage();
            opt.sort = strcmp(argv[i], "score") == 0 ? SORT_SCORE : SORT_DATE;
        } else if (strcmp(argv[i], "--per-question") == 0 && i + 1 < argc) {
            unsigned long n;
            if (cli_whole(argv[++i], 0, 1000000, &n) != 0)
                return usage();
            opt.per_question = (unsigned)n;
        } else if (strcmp(argv[i], "--snippets") == 0 && i + 1 < argc) {
            unsigned long n;
            if (cli_whole(argv[++i], 0, 100000, &n) != 0)
                return usage();
            opt.snippet_length = (size_t)n;
        } else {
            return usage();
        }
    }

    char err[1024];
    query_set set;
    if (query_set_load(argv[2], &set, err, sizeof err) != 0) {
        fprintf(stderr, "query_latency: %s\n", err);
        return 2;
    }
    searcher *s;
    shard_options so;
    shard_options_defaults(&so);
    if (searcher_open_shards(indexes, nindexes, &so, &s, err, sizeof err) != 0) {
        fprintf(stderr, "query_latency: %s\n", err);
        query_set_free(&set);
        return 2;
    }
    int rc = 0;
    double start = now();
    for (size_t i = 0; i < set.count && rc == 0; i++) {
        hit_list hits;
        xc_status st;
        double t0 = now();
        /* As a long-lived searcher must (quarry-serve, a quarry-query batch):
         * a rebuild or update since the last query is seen, and its cost
         * (a stat and a revision check per shard) is in the figure. */
        if (i > 0 && searcher_refresh(s, err, sizeof err) != 0) {
            fprintf(stderr, "query_latency: before query %s: %s\n", set.queries[i].id, err);
            rc = 2;
            break;
        }
        if (searcher_run(s, set.queries[i].text, &opt, &hits, &st, err, sizeof err) != 0) {
            fprintf(stderr, "query_latency: query %s: %s\n", set.queries[i].id, err);
            rc = 2;
            break;
        }
        size_t count = hits.count;
        unsigned estimated = hits.estimated;
        hit_list_free(&hits);
        printf("%s %.4f %zu %u\n", set.queries[i].id, (now() - t0) * 1e3, count,
               estimated);
    }
    fprintf(stderr, "query_latency: %zu queries in %.3f s\n", set.count, now() - start);
    searcher_close(s);
    query_set_free(&set);
    return rc;
}
