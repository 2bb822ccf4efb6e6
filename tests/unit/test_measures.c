/* test_measures.c - every measure against values worked out by hand.
 *
 * Logarithms used below:
 *   log2(2) = 1, log2(3) = 1.5849625, log2(4) = 2, log2(11) = 3.4594316. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "eval/measures.h"

/* Doubles compared to 1e-6; expected values are rounded to 6 places. */
#define assert_close(actual, expected) \
    assert_close_at((actual), (expected), #actual, __FILE__, __LINE__)

static void assert_close_at(double actual, double expected, const char *what,
                            const char *file, int line)
{
    if (fabs(actual - expected) > 1e-6) {
        print_error("%s = %.9f, expected %.9f\n", what, actual, expected);
        _fail(file, line);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- nDCG ---------------------------------------------------------------- */

static void test_ndcg_gain_is_the_grade(void **state)
{
    (void)state;
    /* Grades 1, 0, 3 at ranks 1..3; the ideal ranking is 3, 1.
     * DCG  = 1/log2(2) + 0/log2(3) + 3/log2(4) = 1 + 0 + 1.5 = 2.5
     * IDCG = 3/log2(2) + 1/log2(3) = 3 + 0.6309298 = 3.6309298
     * nDCG = 2.5 / 3.6309298 = 0.688529
     * (Gains 2^g - 1 would give (1 + 7/2) / (7 + 1/log2(3)) = 0.589705.) */
    int ranked[] = { 1, 0, 3 };
    int ideal[] = { 3, 1 };
    assert_close(eval_ndcg_cut(ranked, N(ranked), ideal, N(ideal), 10),
                 0.688529);
}

static void test_ndcg_ideal_order_scores_one(void **state)
{
    (void)state;
    /* DCG = IDCG = 3/1 + 2/log2(3) + 1/2, so nDCG = 1. */
    int ranked[] = { 3, 2, 1 };
    int ideal[] = { 3, 2, 1 };
    assert_close(eval_ndcg_cut(ranked, N(ranked), ideal, N(ideal), 10), 1.0);
}

static void test_ndcg_nonpositive_grades_gain_nothing(void **state)
{
    (void)state;
    /* Grades -1, 0, 2: only rank 3 gains.  The ideal ranking holds the
     * positive grades only: 2.
     * DCG = 2/log2(4) = 1;  IDCG = 2/log2(2) = 2;  nDCG = 1/2 = 0.5 */
    int ranked[] = { -1, 0, 2 };
    int ideal[] = { 2 };
    assert_close(eval_ndcg_cut(ranked, N(ranked), ideal, N(ideal), 10), 0.5);
}

static void test_ndcg_rank_10_counts_rank_11_does_not(void **state)
{
    (void)state;
    /* One relevant document (grade 1), so IDCG = 1/log2(2) = 1.
     * At rank 10: DCG = 1/log2(11) = 1/3.4594316 = 0.289065.
     * At rank 11: past the cut-off, DCG = 0. */
    int at10[10] = { [9] = 1 };
    int at11[11] = { [10] = 1 };
    int ideal[] = { 1 };
    assert_close(eval_ndcg_cut(at10, N(at10), ideal, 1, 10), 0.289065);
    assert_close(eval_ndcg_cut(at11, N(at11), ideal, 1, 10), 0.0);
}

static void test_ndcg_ideal_is_cut_too(void **state)
{
    (void)state;
    /* 12 documents of grade 1, the first 10 ranks all relevant: DCG and IDCG
     * are the same sum over ranks 1..10 (the ideal's last 2 fall past the
     * cut-off), so nDCG = 1 although 2 relevant documents were missed. */
    int ranked[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    int ideal[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    assert_close(eval_ndcg_cut(ranked, N(ranked), ideal, N(ideal), 10), 1.0);
}

static void test_ndcg_without_ideal_gain_is_zero(void **state)
{
    (void)state;
    /* IDCG = 0 would divide by zero: the measure is 0, not NaN. */
    int ranked[] = { 0, 0 };
    assert_close(eval_ndcg_cut(ranked, N(ranked), NULL, 0, 10), 0.0);
    assert_close(eval_ndcg_cut(NULL, 0, NULL, 0, 10), 0.0);
}

/* ---- Average precision --------------------------------------------------- */

static void test_ap_divides_by_all_relevant(void **state)
{
    (void)state;
    /* Relevant at ranks 1 and 3; a third relevant document never retrieved.
     * AP = (1/1 + 2/3) / 3 = 1.6666667 / 3 = 0.555556 */
    int ranked[] = { 1, 0, 1, 0 };
    assert_close(eval_average_precision(ranked, N(ranked), 3, 1000),
                 0.555556);
}

static void test_ap_any_grade_from_1_is_relevant(void **state)
{
    (void)state;
    /* Grades 2, 0, 3, -1: relevant at ranks 1 and 3, 2 relevant in all.
     * AP = (1/1 + 2/3) / 2 = 0.833333 */
    int ranked[] = { 2, 0, 3, -1 };
    assert_close(eval_average_precision(ranked, N(ranked), 2, 1000),
                 0.833333);
}

static void test_ap_stops_at_depth(void **state)
{
    (void)state;
    /* Relevant at ranks 1000 and 1001, 2 relevant, depth 1000: rank 1001 is
     * not seen.  AP = (1/1000) / 2 = 0.0005 */
    static int ranked[1001];
    ranked[999] = ranked[1000] = 1;
    assert_close(eval_average_precision(ranked, N(ranked), 2, 1000), 0.0005);
}

static void test_ap_without_relevant_is_zero(void **state)
{
    (void)state;
    int ranked[] = { 0, 0 };
    assert_close(eval_average_precision(ranked, N(ranked), 0, 1000), 0.0);
}

/* ---- Recall -------------------------------------------------------------- */

static void test_recall_counts_top_k_only(void **state)
{
    (void)state;
    /* Relevant at ranks 1, 100 and 101; 4 relevant in all.
     * recall@100 = 2 / 4 = 0.5 (rank 101 is past the cut-off) */
    static int ranked[101];
    ranked[0] = ranked[99] = ranked[100] = 1;
    assert_close(eval_recall_cut(ranked, N(ranked), 4, 100), 0.5);
    assert_close(eval_recall_cut(ranked, N(ranked), 0, 100), 0.0);
}

/* ---- Reciprocal rank ----------------------------------------------------- */

static void test_recip_rank_first_relevant_within_k(void **state)
{
    (void)state;
    /* Grades 0, -1, 2: first relevant at rank 3, RR = 1/3 = 0.333333 */
    int at3[] = { 0, -1, 2 };
    /* First relevant at rank 10: RR = 1/10 = 0.1; at rank 11: past k, 0. */
    int at10[10] = { [9] = 1 };
    int at11[11] = { [10] = 1 };
    /* Two relevant: only the first counts, RR = 1/2 = 0.5. */
    int two[] = { 0, 1, 1 };
    assert_close(eval_recip_rank_cut(at3, N(at3), 10), 0.333333);
    assert_close(eval_recip_rank_cut(at10, N(at10), 10), 0.1);
    assert_close(eval_recip_rank_cut(at11, N(at11), 10), 0.0);
    assert_close(eval_recip_rank_cut(two, N(two), 10), 0.5);
    assert_close(eval_recip_rank_cut(NULL, 0, 10), 0.0);
}

/* ---- Ranking ------------------------------------------------------------- */

static void test_rank_by_score_then_docid_descending(void **state)
{
    (void)state;
    /* Scores compare as numbers (10 > 9.5 > 1e-3 > -1); the three docs
     * scoring 1.0 tie and go by docid in decreasing strcmp order:
     * "c" > "a10" > "a". */
    eval_doc docs[] = { { "a", 1.0 },    { "low", -1.0 }, { "b", 10.0 },
                        { "c", 1.0 },    { "tiny", 1e-3 }, { "a10", 1.0 },
                        { "mid", 9.5 } };
    const char *want[] = { "b", "mid", "c", "a10", "a", "tiny", "low" };
    size_t n = N(docs);
    assert_int_equal(eval_rank(docs, &n), 0);
    assert_int_equal(n, N(want));
    for (size_t i = 0; i < n; i++)
        assert_string_equal(docs[i].docid, want[i]);
}

static void test_rank_keeps_first_occurrence(void **state)
{
    (void)state;
    /* x appears at positions 0 (score 1) and 2 (score 9): the first stays,
     * with its score 1, so y (5) outranks it. */
    eval_doc docs[] = { { "x", 1.0 }, { "y", 5.0 }, { "x", 9.0 } };
    size_t n = N(docs);
    assert_int_equal(eval_rank(docs, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(docs[0].docid, "y");
    assert_string_equal(docs[1].docid, "x");
    assert_close(docs[1].score, 1.0);
}

static void test_rank_empty(void **state)
{
    (void)state;
    size_t n = 0;
    assert_int_equal(eval_rank(NULL, &n), 0);
    assert_int_equal(n, 0);
}

/* ---- One query, end to end ----------------------------------------------- */

static void test_query_graded_example(void **state)
{
    (void)state;
    /* Judged (any order): d4 = 3, d1 = 2, d3 = 1, d9 = 0.  3 relevant.
     * Ranked: d1 (2), d2 (unjudged: 0), d3 (1).
     * nDCG@10 = (2/1 + 1/log2(4)) / (3/1 + 2/log2(3) + 1/log2(4))
     *         = 2.5 / (3 + 1.2618595 + 0.5) = 2.5 / 4.7618595 = 0.525005
     * AP      = (1/1 + 2/3) / 3 = 0.555556
     * R@100   = 2 / 3 = 0.666667
     * RR@10   = 1/1 = 1 */
    eval_doc docs[] = { { "d1", 9.5 }, { "d2", 8.0 }, { "d3", 7.25 } };
    eval_judgement judged[] = { { "d4", 3 }, { "d9", 0 }, { "d1", 2 },
                                { "d3", 1 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.525005);
    assert_close(s.map, 0.555556);
    assert_close(s.recall_100, 0.666667);
    assert_close(s.recip_rank_10, 1.0);
    assert_int_equal(s.n_ranked, 3);
    assert_int_equal(s.n_duplicates, 0);
}

static void test_query_score_ties(void **state)
{
    (void)state;
    /* a, b, c all score 1.0: ranked c, b, a (docid descending), and only a
     * is relevant (grade 1), so it is at rank 3.
     * nDCG@10 = (1/log2(4)) / (1/log2(2)) = 0.5
     * AP = (1/3) / 1 = 0.333333;  R@100 = 1/1 = 1;  RR@10 = 1/3 = 0.333333 */
    eval_doc docs[] = { { "a", 1.0 }, { "b", 1.0 }, { "c", 1.0 } };
    eval_judgement judged[] = { { "a", 1 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.5);
    assert_close(s.map, 0.333333);
    assert_close(s.recall_100, 1.0);
    assert_close(s.recip_rank_10, 0.333333);
}

static void test_query_empty_run(void **state)
{
    (void)state;
    /* A judged query the run never answered: 0 on every measure. */
    eval_judgement judged[] = { { "d1", 1 }, { "d2", 2 } };
    eval_scores s;
    assert_int_equal(eval_query(NULL, 0, judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.0);
    assert_close(s.map, 0.0);
    assert_close(s.recall_100, 0.0);
    assert_close(s.recip_rank_10, 0.0);
    assert_int_equal(s.n_ranked, 0);
}

static void test_query_nothing_relevant_retrieved(void **state)
{
    (void)state;
    /* x is judged but not relevant (0), y unjudged; d1 is never retrieved.
     * Every numerator is 0, every measure 0. */
    eval_doc docs[] = { { "x", 2.0 }, { "y", 1.0 } };
    eval_judgement judged[] = { { "d1", 1 }, { "x", 0 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.0);
    assert_close(s.map, 0.0);
    assert_close(s.recall_100, 0.0);
    assert_close(s.recip_rank_10, 0.0);
    assert_int_equal(s.n_ranked, 2);
}

static void test_query_duplicate_docid_counts_once(void **state)
{
    (void)state;
    /* Run order: rel (2.0), x (3.0), rel (9.0).  The repeat of rel is
     * dropped, its first score 2.0 stays: ranked x, rel.  1 relevant.
     * nDCG@10 = (1/log2(3)) / (1/log2(2)) = 0.630930
     * AP = (1/2) / 1 = 0.5;  R@100 = 1/1 = 1;  RR@10 = 1/2 = 0.5
     * (Kept twice, rel would give AP = (1/1 + 2/3) / 1 = 1.67 > 1, and
     * R@100 = 2/1.) */
    eval_doc docs[] = { { "rel", 2.0 }, { "x", 3.0 }, { "rel", 9.0 } };
    eval_judgement judged[] = { { "rel", 1 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.630930);
    assert_close(s.map, 0.5);
    assert_close(s.recall_100, 1.0);
    assert_close(s.recip_rank_10, 0.5);
    assert_int_equal(s.n_ranked, 2);
    assert_int_equal(s.n_duplicates, 1);
}

static void test_query_negative_grade(void **state)
{
    (void)state;
    /* a is judged -1, b is judged 2; ranked a (2.0), b (1.0).  1 relevant.
     * nDCG@10 = (2/log2(3)) / (2/log2(2)) = 1.2618595 / 2 = 0.630930
     * AP = (1/2) / 1 = 0.5;  R@100 = 1;  RR@10 = 1/2 = 0.5 */
    eval_doc docs[] = { { "a", 2.0 }, { "b", 1.0 } };
    eval_judgement judged[] = { { "a", -1 }, { "b", 2 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.630930);
    assert_close(s.map, 0.5);
    assert_close(s.recall_100, 1.0);
    assert_close(s.recip_rank_10, 0.5);
}

static void test_query_depth_cutoffs(void **state)
{
    (void)state;
    /* 1001 documents d0001..d1001 in falling score order; relevant (grade
     * 1) at ranks 11, 101 and 1001, 3 relevant in all.
     * nDCG@10 = 0 and RR@10 = 0: nothing relevant in the top 10.
     * R@100   = 1/3 = 0.333333: rank 11 only, rank 101 is past 100.
     * AP      = (1/11 + 2/101) / 3 = (0.0909091 + 0.0198020) / 3 = 0.036904
     *           (rank 1001 is past map's depth of 1000). */
    static eval_doc docs[1001];
    static char ids[1001][8];
    for (size_t i = 0; i < N(docs); i++) {
        snprintf(ids[i], sizeof ids[i], "d%04zu", i + 1);
        docs[i] = (eval_doc){ ids[i], 2000.0 - (double)i };
    }
    eval_judgement judged[] = { { "d0011", 1 }, { "d0101", 1 },
                                { "d1001", 1 } };
    eval_scores s;
    assert_int_equal(eval_query(docs, N(docs), judged, N(judged), &s), 0);
    assert_close(s.ndcg_cut_10, 0.0);
    assert_close(s.recip_rank_10, 0.0);
    assert_close(s.recall_100, 0.333333);
    assert_close(s.map, 0.036904);
    assert_int_equal(s.n_ranked, 1001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ndcg_gain_is_the_grade),
        cmocka_unit_test(test_ndcg_ideal_order_scores_one),
        cmocka_unit_test(test_ndcg_nonpositive_grades_gain_nothing),
        cmocka_unit_test(test_ndcg_rank_10_counts_rank_11_does_not),
        cmocka_unit_test(test_ndcg_ideal_is_cut_too),
        cmocka_unit_test(test_ndcg_without_ideal_gain_is_zero),
        cmocka_unit_test(test_ap_divides_by_all_relevant),
        cmocka_unit_test(test_ap_any_grade_from_1_is_relevant),
        cmocka_unit_test(test_ap_stops_at_depth),
        cmocka_unit_test(test_ap_without_relevant_is_zero),
        cmocka_unit_test(test_recall_counts_top_k_only),
        cmocka_unit_test(test_recip_rank_first_relevant_within_k),
        cmocka_unit_test(test_rank_by_score_then_docid_descending),
        cmocka_unit_test(test_rank_keeps_first_occurrence),
        cmocka_unit_test(test_rank_empty),
        cmocka_unit_test(test_query_graded_example),
        cmocka_unit_test(test_query_score_ties),
        cmocka_unit_test(test_query_empty_run),
        cmocka_unit_test(test_query_nothing_relevant_retrieved),
        cmocka_unit_test(test_query_duplicate_docid_counts_once),
        cmocka_unit_test(test_query_negative_grade),
        cmocka_unit_test(test_query_depth_cutoffs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
