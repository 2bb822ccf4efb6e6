/* main.c - quarry-eval: score a TREC run against relevance judgements.
 *
 * A thin driver: options, two loads (trec_io.h), one eval_query() per judged
 * query (measures.h), and trec_eval-style lines on stdout.  The queries
 * averaged are those with at least one judgement of grade >= 1; a judged
 * query the run misses scores 0, and run queries nobody judged relevant are
 * ignored. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/diag.h"
#include "eval/measures.h"
#include "eval/trec_io.h"

#ifndef QUARRY_VERSION
#define QUARRY_VERSION "0.1.0"
#endif

#define PROGRAM "quarry-eval"

enum { EXIT_OK = 0, EXIT_ERROR = 2 };

typedef enum { OPT_PER_QUERY, OPT_HELP, OPT_VERSION } option_id;

/* One table both decodes the arguments and prints --help. */
static const struct option_spec {
    option_id id;
    char short_name;
    const char *long_name;
    const char *help;
} options[] = {
    { OPT_PER_QUERY, 'q', "per-query",
      "print each query's scores before the averages" },
    { OPT_HELP, 'h', "help", "print this help and exit" },
    { OPT_VERSION, 'V', "version", "print the version and exit" },
};
#define N_OPTIONS (sizeof options / sizeof options[0])

/* The measures, in output order, with trec_eval's names. */
static const struct measure_spec {
    const char *name;
    size_t offset; /* of its double in eval_scores */
} measures[] = {
    { "ndcg_cut_10", offsetof(eval_scores, ndcg_cut_10) },
    { "map", offsetof(eval_scores, map) },
    { "recall_100", offsetof(eval_scores, recall_100) },
    { "recip_rank_10", offsetof(eval_scores, recip_rank_10) },
};
#define N_MEASURES (sizeof measures / sizeof measures[0])

static double measure_value(const eval_scores *s, size_t m)
{
    return *(const double *)((const char *)s + measures[m].offset);
}

static void print_help(void)
{
    printf("Usage: %s [OPTION]... QRELS RUN\n"
           "Score a TREC run against relevance judgements, as trec_eval "
           "does.\n\nOptions:\n", PROGRAM);
    for (size_t i = 0; i < N_OPTIONS; i++)
        printf("  -%c, --%-12s %s\n", options[i].short_name,
               options[i].long_name, options[i].help);
    printf("\n"
           "QRELS is a BEIR qrels.tsv (query-id corpus-id score, with or "
           "without\n"
           "its header) or TREC qrels (qid iter docid grade); grades >= 1 "
           "are relevant.\n"
           "RUN is a TREC run (qid Q0 docid rank score tag), ranked by "
           "score.\n"
           "Either may be '-' for standard input.\n\n"
           "Prints num_q, ndcg_cut_10, map (depth 1000), recall_100 and "
           "recip_rank_10\n"
           "(MRR@10) as MEASURE<TAB>QUERY-or-all<TAB>VALUE, averaged over "
           "the queries\n"
           "with a relevant judgement.\n\n"
           "Exit status: 0 scored, 2 usage or input error.\n");
}

static void usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", PROGRAM);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", PROGRAM);
}

/* The option named by arg ("--name" or "-c"), or NULL. */
static const struct option_spec *find_option(const char *arg)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (arg[1] == '-' && strcmp(arg + 2, options[i].long_name) == 0)
            return &options[i];
        if (arg[1] == options[i].short_name && arg[2] == '\0')
            return &options[i];
    }
    return NULL;
}

/* A path as trec_io.h names it in messages. */
static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "(standard input)" : path;
}

static void print_row(const char *measure, const char *qid, double value)
{
    printf("%s\t%s\t%.4f\n", measure, qid, value);
}

/* Scores every judged query and prints the table.  Returns an exit code. */
static int evaluate(const trec_qrels *qrels, const char *qrels_name,
                    const trec_run *run, const char *run_name,
                    bool per_query, const diag_sink *sink)
{
    double sums[N_MEASURES] = { 0 };
    size_t num_q = 0, matched = 0, n_duplicates = 0, dup_queries = 0;
    const char *first_dup_qid = NULL;
    for (size_t i = 0; i < qrels->n_topics; i++) {
        const trec_qrels_topic *q = &qrels->topics[i];
        if (q->n_rel == 0)
            continue;
        const trec_run_topic *r = trec_run_find(run, q->qid);
        eval_scores s;
        if (eval_query(r ? r->docs : NULL, r ? r->n_docs : 0, q->judged,
                       q->n_judged, &s) != 0) {
            fprintf(stderr, "%s: out of memory\n", PROGRAM);
            return EXIT_ERROR;
        }
        if (s.n_duplicates && dup_queries++ == 0)
            first_dup_qid = q->qid;
        n_duplicates += s.n_duplicates;
        num_q++;
        matched += r != NULL;
        for (size_t m = 0; m < N_MEASURES; m++) {
            sums[m] += measure_value(&s, m);
            if (per_query)
                print_row(measures[m].name, q->qid, measure_value(&s, m));
        }
    }
    /* One line for all repeats: a sloppy run should not flood stderr. */
    if (n_duplicates)
        diag(sink, DIAG_WARNING, run_name, 0,
             "%zu repeated docid(s) in %zu judged quer%s ignored, the first "
             "occurrence counts (query '%s' is one)", n_duplicates,
             dup_queries, dup_queries == 1 ? "y" : "ies", first_dup_qid);
    if (num_q == 0)
        diag(sink, DIAG_WARNING, qrels_name, 0,
             "no query has a relevant judgement (grade >= 1), so there is "
             "nothing to average");
    if (num_q > 0 && matched == 0 && run->n_topics > 0)
        diag(sink, DIAG_WARNING, run_name, 0,
             "no query of the run has a relevant judgement; "
             "do the query ids match?");
    printf("num_q\tall\t%zu\n", num_q);
    for (size_t m = 0; m < N_MEASURES; m++)
        print_row(measures[m].name, "all", num_q ? sums[m] / num_q : 0.0);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    bool per_query = false, options_done = false;
    const char *paths[2];
    size_t n_paths = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_done && strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (n_paths == 2) {
                usage_error("unexpected argument '%s'", arg);
                return EXIT_ERROR;
            }
            paths[n_paths++] = arg;
            continue;
        }
        const struct option_spec *opt = find_option(arg);
        if (!opt) {
            usage_error("unknown option '%s'", arg);
            return EXIT_ERROR;
        }
        switch (opt->id) {
        case OPT_PER_QUERY:
            per_query = true;
            break;
        case OPT_HELP:
            print_help();
            return EXIT_OK;
        case OPT_VERSION:
            printf("%s %s\n", PROGRAM, QUARRY_VERSION);
            return EXIT_OK;
        }
    }
    if (n_paths != 2) {
        usage_error("%s", "expected two files, QRELS and RUN");
        return EXIT_ERROR;
    }
    if (strcmp(paths[0], "-") == 0 && strcmp(paths[1], "-") == 0) {
        usage_error("%s", "QRELS and RUN cannot both be standard input");
        return EXIT_ERROR;
    }

    diag_counter counter = { PROGRAM, 0, 0 };
    diag_sink sink = { diag_to_stderr, &counter };
    trec_qrels *qrels = NULL;
    trec_run *run = NULL;
    int rc = EXIT_ERROR;
    if (trec_qrels_load(paths[0], &sink, &qrels) == 0 &&
        trec_run_load(paths[1], &sink, &run) == 0)
        rc = evaluate(qrels, display_name(paths[0]), run,
                      display_name(paths[1]), per_query, &sink);
    trec_qrels_free(qrels);
    trec_run_free(run);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "%s: cannot write the results\n", PROGRAM);
        rc = EXIT_ERROR;
    }
    return rc;
}
