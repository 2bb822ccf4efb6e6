/* measures.h - trec_eval's ranking measures as pure functions.
 *
 * Everything here works on in-memory arrays and never prints or reads a
 * file, so each measure can be checked against values worked out by hand.
 * The definitions follow the current trec_eval exactly (its m_ndcg_cut.c
 * discounts rank r by log2(r + 1); older releases used max(1, log2(r)),
 * which leaves rank 2 undiscounted):
 *
 *   - a query's retrieved documents are ranked by score descending, ties
 *     broken by docid in decreasing strcmp() order; a run's rank column plays
 *     no part;
 *   - a docid retrieved twice for one query counts once, at its first
 *     occurrence in run order (trec_eval refuses such runs outright);
 *   - a document is relevant when its grade is >= 1; an unjudged document
 *     has grade 0; grades <= 0 have no gain.
 *
 * Two layers: eval_query() takes a query's run lines and judgements and fills
 * every score; below it, the single measures take the "ranked grades" of
 * trec_eval (the grade of the document at each rank, best rank first). */
#ifndef QUARRY_EVAL_MEASURES_H
#define QUARRY_EVAL_MEASURES_H

#include <stddef.h>

/* The depths of the four reported measures. */
enum {
    EVAL_NDCG_DEPTH = 10,     /* ndcg_cut_10 */
    EVAL_MAP_DEPTH = 1000,    /* map: as trec_eval -M 1000, TREC's depth */
    EVAL_RECALL_DEPTH = 100,  /* recall_100 */
    EVAL_RR_DEPTH = 10        /* recip_rank_10 (MRR@10) */
};

/* One retrieved document of one query, as a run line gives it. */
typedef struct eval_doc {
    const char *docid; /* not owned; NUL-terminated */
    double score;      /* higher is better; never NaN */
} eval_doc;

/* One judged document of one query. */
typedef struct eval_judgement {
    const char *docid; /* not owned; unique within its query */
    int grade;         /* >= 1 relevant (and the gain); <= 0 not relevant */
} eval_judgement;

/* The scores of one query, and what its ranking kept. */
typedef struct eval_scores {
    double ndcg_cut_10;
    double map;            /* this query's average precision */
    double recall_100;
    double recip_rank_10;
    size_t n_ranked;       /* distinct docids retrieved */
    size_t n_duplicates;   /* run lines dropped as repeats of a docid */
} eval_scores;

/* Ranks one query's retrieved documents in place, as trec_eval does: drops
 * every repeat of a docid (the first occurrence in array order stays), then
 * sorts by score descending, ties by docid in decreasing strcmp() order.
 * On entry *n is the array's length; on success it is the number kept, which
 * are docs[0 .. *n).  Returns 0, or -1 if out of memory (docs unchanged). */
int eval_rank(eval_doc *docs, size_t *n);

/* Scores one query.  docs are its run lines in file order (n_docs may be 0:
 * a query the run missed); judged are all its judgements, in any order.
 * Neither array is modified.  Returns 0 with *out filled, or -1 if out of
 * memory. */
int eval_query(const eval_doc *docs, size_t n_docs,
               const eval_judgement *judged, size_t n_judged,
               eval_scores *out);

/* ---- Single measures over ranked grades ----------------------------------
 * ranked[i] is the grade of the document at rank i + 1, for n_ranked ranks
 * (a ranking may be longer than any cut-off; ranks past it are ignored).
 * n_rel is the number of judgements of the query with grade >= 1, retrieved
 * or not; a measure divided by n_rel (or by the ideal gain) is 0 when that
 * is 0, rather than NaN. */

/* nDCG at cut-off k, trec_eval's ndcg_cut_k: the sum over ranks r <= k of
 * max(grade, 0) / log2(r + 1), divided by the same sum for the ideal ranking,
 * whose grades ideal[0 .. n_ideal) must be sorted descending (only positive
 * grades count; the ideal ranking is cut at k too). */
double eval_ndcg_cut(const int *ranked, size_t n_ranked,
                     const int *ideal, size_t n_ideal, size_t k);

/* Average precision over the top `depth` ranks, trec_eval's map for one
 * query: the sum of precision@r over the ranks r <= depth holding a relevant
 * document, divided by n_rel (so relevant documents never retrieved count
 * as precision 0). */
double eval_average_precision(const int *ranked, size_t n_ranked,
                              size_t n_rel, size_t depth);

/* Recall at cut-off k, trec_eval's recall_k: relevant documents in the top k
 * ranks, divided by n_rel. */
double eval_recall_cut(const int *ranked, size_t n_ranked, size_t n_rel,
                       size_t k);

/* Reciprocal rank at cut-off k: 1 / the rank of the first relevant document
 * if that rank is <= k, else 0.  trec_eval's recip_rank is this with no
 * cut-off; MRR@k is its mean over the queries. */
double eval_recip_rank_cut(const int *ranked, size_t n_ranked, size_t k);

#endif
