/* trec_io.h - reading relevance judgements (qrels) and TREC runs.
 *
 * Both loaders read the whole file, check every line strictly, and group
 * the lines by query, so that the evaluator asks for a query's judgements
 * or retrieved documents with one binary search.  A malformed line stops
 * the load: it is reported once, as FILE:LINE and the reason, through a
 * diag_sink, and nothing is returned.  Loaders never print.
 *
 * Fields are separated by runs of spaces or tabs; a trailing CR (a file
 * written on Windows) is ignored, and so are blank lines.  A path of "-"
 * reads standard input, named "(standard input)" in messages. */
#ifndef QUARRY_EVAL_TREC_IO_H
#define QUARRY_EVAL_TREC_IO_H

#include <stddef.h>

#include "common/diag.h"
#include "eval/measures.h"

/* How messages name path: "(standard input)" for "-", else path itself. */
const char *trec_display_name(const char *path);

/* ---- Qrels ----------------------------------------------------------------
 * Accepted, one format per file, told apart by the first data line:
 *   BEIR   qrels.tsv:  query-id corpus-id score   (3 fields; an optional
 *                      first line "query-id corpus-id score" is a header)
 *   TREC   qrels:      qid iter docid grade       (4 fields; iter ignored)
 * Grades are integers; >= 1 means relevant (and is the nDCG gain).  A
 * document judged twice for one query with the same grade is a warning (the
 * repeat is ignored), with different grades an error. */

typedef struct trec_qrels_topic {
    const char *qid;              /* owned by the trec_qrels */
    const eval_judgement *judged; /* n_judged, sorted by docid (strcmp) */
    size_t n_judged;
    size_t n_rel;                 /* how many of them have grade >= 1 */
} trec_qrels_topic;

/* Callers read `topics` and `n_topics`; the rest is private. */
typedef struct trec_qrels {
    trec_qrels_topic *topics; /* sorted by qid (strcmp), qids unique */
    size_t n_topics;
    char *text;               /* private: the file, strings point into it */
    eval_judgement *judged;   /* private: every topic's judgements */
} trec_qrels;

/* Loads the qrels file at path.  Returns 0 with *out set (free it with
 * trec_qrels_free), or -1 after reporting the problem to sink, *out NULL. */
int trec_qrels_load(const char *path, const diag_sink *sink,
                    trec_qrels **out);

/* The topic with this qid, or NULL if it has no judgement.  The pointer
 * lives as long as qrels. */
const trec_qrels_topic *trec_qrels_find(const trec_qrels *qrels,
                                        const char *qid);

/* Frees qrels and every string it handed out; NULL is a no-op. */
void trec_qrels_free(trec_qrels *qrels);

/* ---- Runs -----------------------------------------------------------------
 * Each line: qid Q0 docid rank score tag (6 fields).  The score must be a
 * finite number and the rank an integer, though only the score decides the
 * ranking (see measures.h); Q0 and tag are not checked. */

typedef struct trec_run_topic {
    const char *qid;       /* owned by the trec_run */
    const eval_doc *docs;  /* n_docs, in file order, repeats kept */
    size_t n_docs;
} trec_run_topic;

/* Callers read `topics` and `n_topics`; the rest is private. */
typedef struct trec_run {
    trec_run_topic *topics; /* sorted by qid (strcmp), qids unique */
    size_t n_topics;
    char *text;             /* private: the file, strings point into it */
    eval_doc *docs;         /* private: every topic's documents */
} trec_run;

/* Loads the run file at path.  Returns 0 with *out set (free it with
 * trec_run_free), or -1 after reporting the problem to sink, *out NULL.
 * An empty file is a run that retrieved nothing. */
int trec_run_load(const char *path, const diag_sink *sink, trec_run **out);

/* The topic with this qid, or NULL if the run has no line for it.  The
 * pointer lives as long as run. */
const trec_run_topic *trec_run_find(const trec_run *run, const char *qid);

/* Frees run and every string it handed out; NULL is a no-op. */
void trec_run_free(trec_run *run);

#endif
