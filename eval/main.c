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
#include <string.h>

#include "common/cli.h"
#include "common/diag.h"
#include "eval/measures.h"
#include "eval/trec_io.h"

#define PROGRAM "quarry-eval"

enum { EXIT_OK = 0, EXIT_ERROR = 2 };

/* One table both decodes the arguments and prints --help (common/cli.h). */
static const cli_option options[] = {
    {"per-query", 'q', NULL, "print each query's scores before the averages"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

static const char description[] =
    "Score a TREC run against relevance judgements, as trec_eval does.\n"
    "\n"
    "QRELS is a BEIR qrels.tsv (query-id corpus-id score, header optional) or\n"
    "TREC qrels (qid iter docid grade); grades >= 1 are relevant.  RUN is a\n"
    "TREC run (qid Q0 docid rank score tag), ranked by score.  Either may be\n"
    "'-' for standard input.\n"
    "\n"
    "Prints num_q, ndcg_cut_10, map (depth 1000), recall_100 and recip_rank_10\n"
    "(MRR@10) as MEASURE<TAB>QUERY-or-all<TAB>VALUE, averaged over the queries\n"
    "with a relevant judgement.  Exit status: 0 scored, 2 usage or input error.";

typedef struct config {
    bool per_query, help, version;
} config;

static int on_option(int id, const char *arg, void *ctx)
{
    config *c = ctx;
    (void)arg;
    switch (id) {
    case 'q': c->per_query = true; return 0;
    case 'h': c->help = true; return 0;
    case 'V': c->version = true; return 0;
    }
    return -1;
}

/* Reports a bad command line, and where to read about a good one. */
static int usage_error(const char *msg)
{
    fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM
            " --help' for more information.\n", msg);
    return EXIT_ERROR;
}

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
    config c = {0};
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &c);
    if (first < 0)
        return EXIT_ERROR;
    if (cli_help_or_version(c.help, c.version, PROGRAM, "[OPTION]... QRELS RUN", description,
                            options))
        return EXIT_OK;
    if (argc - first != 2)
        return usage_error(argc - first < 2 ? "expected two files, QRELS and RUN"
                                            : "too many arguments: expected "
                                              "QRELS and RUN");
    const char *paths[2] = { argv[first], argv[first + 1] };
    if (strcmp(paths[0], "-") == 0 && strcmp(paths[1], "-") == 0)
        return usage_error("QRELS and RUN cannot both be standard input");

    diag_counter counter = { PROGRAM, 0, 0 };
    diag_sink sink = { diag_to_stderr, &counter };
    trec_qrels *qrels = NULL;
    trec_run *run = NULL;
    int rc = EXIT_ERROR;
    if (trec_qrels_load(paths[0], &sink, &qrels) == 0 &&
        trec_run_load(paths[1], &sink, &run) == 0)
        rc = evaluate(qrels, trec_display_name(paths[0]), run,
                      trec_display_name(paths[1]), c.per_query, &sink);
    trec_qrels_free(qrels);
    trec_run_free(run);
    if (cli_close_stdout(PROGRAM) != 0)
        rc = EXIT_ERROR;
    return rc;
}
