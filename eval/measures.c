/* measures.c - trec_eval's ranking measures; see measures.h. */
#include "eval/measures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A run line with its place in the run, so that dropping repeats can keep
 * the first occurrence even after sorting by docid. */
typedef struct placed_doc {
    eval_doc doc;
    size_t pos;
} placed_doc;

static int by_docid_then_pos(const void *a, const void *b)
{
    const placed_doc *x = a, *y = b;
    int c = strcmp(x->doc.docid, y->doc.docid);
    if (c)
        return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* trec_eval's comp_sim_docno: score descending, then docid descending. */
static int by_score_then_docid(const void *a, const void *b)
{
    const eval_doc *x = a, *y = b;
    if (x->score > y->score)
        return -1;
    if (x->score < y->score)
        return 1;
    return strcmp(y->docid, x->docid);
}

int eval_rank(eval_doc *docs, size_t *n)
{
    size_t count = *n;
    if (count == 0)
        return 0;
    placed_doc *placed = malloc(count * sizeof *placed);
    if (!placed)
        return -1;
    for (size_t i = 0; i < count; i++) {
        placed[i].doc = docs[i];
        placed[i].pos = i;
    }
    qsort(placed, count, sizeof *placed, by_docid_then_pos);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || strcmp(placed[i].doc.docid, placed[i - 1].doc.docid))
            docs[kept++] = placed[i].doc;
    free(placed);
    /* Docids are now unique, so this order is total and qsort's instability
     * cannot show. */
    qsort(docs, kept, sizeof *docs, by_score_then_docid);
    *n = kept;
    return 0;
}

static int by_judged_docid(const void *a, const void *b)
{
    const eval_judgement *x = a, *y = b;
    return strcmp(x->docid, y->docid);
}

static int by_grade_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

int eval_query(const eval_doc *docs, size_t n_docs,
               const eval_judgement *judged, size_t n_judged,
               eval_scores *out)
{
    memset(out, 0, sizeof *out);
    /* +1s keep every malloc size non-zero, so NULL always means failure. */
    eval_doc *ranking = malloc((n_docs + 1) * sizeof *ranking);
    eval_judgement *sorted = malloc((n_judged + 1) * sizeof *sorted);
    int *ideal = malloc((n_judged + 1) * sizeof *ideal);
    int *ranked = calloc(EVAL_MAP_DEPTH, sizeof *ranked);
    int rc = -1;
    if (!ranking || !sorted || !ideal || !ranked)
        goto done;

    if (n_docs)
        memcpy(ranking, docs, n_docs * sizeof *docs);
    size_t n_ranked = n_docs;
    if (eval_rank(ranking, &n_ranked) != 0)
        goto done;

    if (n_judged)
        memcpy(sorted, judged, n_judged * sizeof *judged);
    qsort(sorted, n_judged, sizeof *sorted, by_judged_docid);
    size_t n_rel = 0;
    for (size_t i = 0; i < n_judged; i++)
        if (judged[i].grade >= 1)
            ideal[n_rel++] = judged[i].grade;
    qsort(ideal, n_rel, sizeof *ideal, by_grade_desc);

    /* No measure looks deeper than map's depth, so grade only those ranks. */
    size_t n_graded = n_ranked < EVAL_MAP_DEPTH ? n_ranked : EVAL_MAP_DEPTH;
    for (size_t i = 0; i < n_graded; i++) {
        eval_judgement key = { ranking[i].docid, 0 };
        const eval_judgement *hit =
            bsearch(&key, sorted, n_judged, sizeof *sorted, by_judged_docid);
        ranked[i] = hit ? hit->grade : 0;
    }

    out->ndcg_cut_10 =
        eval_ndcg_cut(ranked, n_graded, ideal, n_rel, EVAL_NDCG_DEPTH);
    out->map = eval_average_precision(ranked, n_graded, n_rel, EVAL_MAP_DEPTH);
    out->recall_100 =
        eval_recall_cut(ranked, n_graded, n_rel, EVAL_RECALL_DEPTH);
    out->recip_rank_10 = eval_recip_rank_cut(ranked, n_graded, EVAL_RR_DEPTH);
    out->n_ranked = n_ranked;
    out->n_duplicates = n_docs - n_ranked;
    rc = 0;
done:
    free(ranking);
    free(sorted);
    free(ideal);
    free(ranked);
    return rc;
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Discounted cumulative gain of the first k grades; rank r = i + 1 is
 * discounted by log2(r + 1), as in trec_eval's "i + 2". */
static double dcg(const int *grades, size_t n, size_t k)
{
    double sum = 0.0;
    for (size_t i = 0; i < min_size(n, k); i++)
        if (grades[i] > 0)
            sum += grades[i] / log2((double)(i + 2));
    return sum;
}

double eval_ndcg_cut(const int *ranked, size_t n_ranked,
                     const int *ideal, size_t n_ideal, size_t k)
{
    double best = dcg(ideal, n_ideal, k);
    return best > 0.0 ? dcg(ranked, n_ranked, k) / best : 0.0;
}

double eval_average_precision(const int *ranked, size_t n_ranked,
                              size_t n_rel, size_t depth)
{
    if (n_rel == 0)
        return 0.0;
    double sum = 0.0;
    size_t found = 0;
    for (size_t i = 0; i < min_size(n_ranked, depth); i++)
        if (ranked[i] >= 1)
            sum += (double)++found / (double)(i + 1);
    return sum / (double)n_rel;
}

double eval_recall_cut(const int *ranked, size_t n_ranked, size_t n_rel,
                       size_t k)
{
    if (n_rel == 0)
        return 0.0;
    size_t found = 0;
    for (size_t i = 0; i < min_size(n_ranked, k); i++)
        if (ranked[i] >= 1)
            found++;
    return (double)found / (double)n_rel;
}

double eval_recip_rank_cut(const int *ranked, size_t n_ranked, size_t k)
{
    for (size_t i = 0; i < min_size(n_ranked, k); i++)
        if (ranked[i] >= 1)
            return 1.0 / (double)(i + 1);
    return 0.0;
}
