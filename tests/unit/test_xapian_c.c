/* test_xapian_c.c - the C API over Xapian: results and every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "xapian-c/xapian_c.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A fresh temporary directory per test; removed afterwards. */
static int make_tmp(void **state)
{
    char *dir = strdup("/tmp/quarry-xc-XXXXXX");
    if (!dir || !mkdtemp(dir))
        return -1;
    *state = dir;
    return 0;
}

static int remove_tmp(void **state)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", (char *)*state);
    int rc = system(cmd);
    free(*state);
    return rc == 0 ? 0 : -1;
}

static char *path_in(void **state, const char *name)
{
    static char buf[512];
    snprintf(buf, sizeof buf, "%s/%s", (char *)*state, name);
    return buf;
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(xc_status_to_string(XC_OK), "success");
    assert_string_equal(xc_status_to_string(XC_DB_LOCKED), "database locked");
    assert_string_equal(xc_status_to_string(XC_STATUS_COUNT), "unknown status");
    for (int s = 0; s < XC_STATUS_COUNT; s++)
        assert_true(strlen(xc_status_to_string((xc_status)s)) > 0);
}

static void test_stemmer_english(void **state)
{
    (void)state;
    xc_stem *stem;
    assert_int_equal(xc_stem_new("english", &stem), XC_OK);
    char *a = xc_stem_word(stem, "atrophied");
    char *b = xc_stem_word(stem, "atrophy");
    assert_string_equal(a, "atrophi");
    assert_string_equal(b, "atrophi");
    free(a);
    free(b);
    xc_stem_free(stem);
}

static void test_stemmer_languages(void **state)
{
    (void)state;
    int english = 0, greek = 0, n = 0;
    for (const char *const *l = xc_stem_languages(); *l; l++, n++) {
        english |= strcmp(*l, "english") == 0;
        greek |= strcmp(*l, "greek") == 0; /* libstemmer has it, Xapian does not */
    }
    assert_true(english && greek);
    assert_true(n >= 20);
    xc_stem *stem;
    assert_int_equal(xc_stem_new("greek", &stem), XC_OK);
    xc_stem_free(stem);
}

static void test_stemmer_unknown(void **state)
{
    (void)state;
    xc_stem *stem = (xc_stem *)1;
    assert_int_equal(xc_stem_new("klingon", &stem), XC_NO_STEMMER);
    assert_null(stem);
    assert_string_equal(xc_last_error(), "libstemmer has no stemmer for language 'klingon'");
}

static void test_stemmer_none(void **state)
{
    (void)state;
    xc_stem *stem;
    assert_int_equal(xc_stem_new("none", &stem), XC_OK);
    char *w = xc_stem_word(stem, "running");
    assert_string_equal(w, "running");
    free(w);
    xc_stem_free(stem);
}

static void test_open_missing(void **state)
{
    xc_db *db = (xc_db *)1;
    assert_int_equal(xc_db_open(path_in(state, "nothing-here"), &db), XC_DB_NOT_FOUND);
    assert_null(db);
    assert_non_null(strstr(xc_last_error(), "DatabaseNotFoundError"));
}

static void test_second_writer_locked(void **state)
{
    xc_wdb *first, *second = (xc_wdb *)1;
    assert_int_equal(xc_wdb_open(path_in(state, "db"), 0, &first), XC_OK);
    assert_int_equal(xc_wdb_open(path_in(state, "db"), 0, &second), XC_DB_LOCKED);
    assert_null(second);
    assert_non_null(strstr(xc_last_error(), "DatabaseLockError"));
    /* Readers are never blocked by the writer. */
    xc_db *reader;
    assert_int_equal(xc_db_open(path_in(state, "db"), &reader), XC_OK);
    xc_db_free(reader);
    xc_wdb_free(first);
    assert_int_equal(xc_wdb_open(path_in(state, "db"), 0, &second), XC_OK);
    xc_wdb_free(second);
}

static void test_open_not_a_database(void **state)
{
    FILE *f = fopen(path_in(state, "junk"), "w");
    assert_non_null(f);
    fputs("this is not a database\n", f);
    fclose(f);
    xc_db *db;
    xc_status st = xc_db_open(path_in(state, "junk"), &db);
    assert_true(st == XC_DB_OPENING || st == XC_DB_NOT_FOUND);
    assert_true(strlen(xc_last_error()) > 0);
}

/* Writes three small documents with a term generator; returns the path. */
static const char *build_db(void **state, const char *name)
{
    const char *texts[] = {"Calf muscles atrophy when nerves are blocked",
                           "Botox injections into the calves",
                           "Nothing about muscles here, only cats"};
    const char *ids[] = {"a", "b", "c"};
    char *path = path_in(state, name);
    xc_wdb *db;
    xc_stem *stem;
    xc_termgen *tg;
    assert_int_equal(xc_wdb_open(path, XC_WDB_OVERWRITE, &db), XC_OK);
    assert_int_equal(xc_stem_new("english", &stem), XC_OK);
    assert_int_equal(xc_termgen_new(stem, XC_STEM_SOME, NULL, &tg), XC_OK);
    for (int i = 0; i < 3; i++) {
        xc_doc *doc;
        char idterm[8];
        snprintf(idterm, sizeof idterm, "Q%s", ids[i]);
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, texts[i], 1, ""), XC_OK);
        assert_int_equal(xc_doc_add_boolean_term(doc, idterm), XC_OK);
        assert_int_equal(xc_doc_add_value(doc, 0, ids[i]), XC_OK);
        assert_int_equal(xc_doc_set_data(doc, texts[i], strlen(texts[i])), XC_OK);
        assert_int_equal(xc_wdb_replace_by_term(db, idterm, doc), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_set_metadata(db, "k", "v"), XC_OK);
    assert_int_equal(xc_wdb_commit(db), XC_OK);
    xc_termgen_free(tg);
    xc_stem_free(stem);
    xc_wdb_free(db);
    return path;
}

static void test_index_and_search(void **state)
{
    const char *path = build_db(state, "db");
    xc_db *db;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    unsigned count;
    assert_int_equal(xc_db_doccount(db, &count), XC_OK);
    assert_int_equal(count, 3);
    char *meta;
    assert_int_equal(xc_db_get_metadata(db, "k", &meta), XC_OK);
    assert_string_equal(meta, "v");
    free(meta);
    assert_int_equal(xc_db_get_metadata(db, "absent", &meta), XC_OK);
    assert_string_equal(meta, "");
    free(meta);
    assert_int_equal(xc_db_termfreq(db, "Zmuscl", &count), XC_OK);
    assert_int_equal(count, 2);

    xc_stem *stem;
    xc_qparser *qp;
    xc_query *q;
    assert_int_equal(xc_stem_new("english", &stem), XC_OK);
    assert_int_equal(xc_qparser_new(db, stem, XC_STEM_SOME, NULL, &qp), XC_OK);
    assert_int_equal(xc_qparser_parse(qp, "atrophied muscle", 0, &q), XC_OK);
    char *desc = xc_query_describe(q);
    assert_string_equal(desc, "Query((Zatrophi@1 OR Zmuscl@2))");
    free(desc);

    xc_enquire *enq;
    xc_mset *mset;
    double bm25[] = {1.2, 0, 1, 0.75, 0.5};
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_set_weighting(enq, XC_W_BM25, bm25, 5), XC_OK);
    assert_int_equal(xc_enquire_set_tiebreak_value(enq, 0), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, &mset), XC_OK);
    assert_int_equal(xc_mset_size(mset), 2);
    assert_true(xc_mset_weight(mset, 0) > xc_mset_weight(mset, 1));
    xc_doc *doc;
    char *data, *value;
    size_t len;
    assert_int_equal(xc_mset_document(mset, 0, &doc), XC_OK);
    assert_int_equal(xc_doc_get_data(doc, &data, &len), XC_OK);
    assert_string_equal(data, "Calf muscles atrophy when nerves are blocked");
    assert_int_equal(len, strlen(data));
    assert_int_equal(xc_doc_get_value(doc, 0, &value), XC_OK);
    assert_string_equal(value, "a");
    char *snip;
    assert_int_equal(xc_mset_snippet(mset, data, 0, stem, "[", "]", "...", &snip), XC_OK);
    assert_string_equal(snip, "Calf [muscles] [atrophy] when nerves are blocked");
    free(snip);
    /* Xapian escapes HTML; the wrapper gives the plain text back. */
    assert_int_equal(xc_mset_snippet(mset, "a < b & muscles > c", 0, stem, "[", "]", "", &snip),
                     XC_OK);
    assert_string_equal(snip, "a < b & [muscles] > c");
    free(snip);
    free(data);
    free(value);
    xc_doc_free(doc);
    xc_mset_free(mset);
    xc_enquire_free(enq);
    xc_query_free(q);
    xc_qparser_free(qp);
    xc_stem_free(stem);
    xc_db_free(db);
}

static void test_replace_by_term_never_duplicates(void **state)
{
    build_db(state, "db");
    const char *path = build_db(state, "db2");
    xc_wdb *db;
    assert_int_equal(xc_wdb_open(path, 0, &db), XC_OK);
    xc_doc *doc;
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, "Qa"), XC_OK);
    assert_int_equal(xc_wdb_replace_by_term(db, "Qa", doc), XC_OK);
    xc_doc_free(doc);
    unsigned count;
    assert_int_equal(xc_wdb_doccount(db, &count), XC_OK);
    assert_int_equal(count, 3);
    assert_int_equal(xc_wdb_delete_by_term(db, "Qb"), XC_OK);
    assert_int_equal(xc_wdb_doccount(db, &count), XC_OK);
    assert_int_equal(count, 2);
    xc_wdb_free(db);
}

/* A long-lived reader sees a commit made in place after reopen, and finds
 * a document's data by its ID term (quarry-serve's /passage/ID). */
static void test_reopen_and_term_data(void **state)
{
    const char *path = build_db(state, "db");
    xc_db *rdb;
    assert_int_equal(xc_db_open(path, &rdb), XC_OK);
    unsigned count;
    assert_int_equal(xc_db_doccount(rdb, &count), XC_OK);
    int changed = -1;
    assert_int_equal(xc_db_reopen(rdb, &changed), XC_OK);
    assert_int_equal(changed, 0);

    xc_wdb *wdb;
    xc_doc *doc;
    assert_int_equal(xc_wdb_open(path, 0, &wdb), XC_OK);
    assert_int_equal(xc_doc_new(&doc), XC_OK);
    assert_int_equal(xc_doc_set_data(doc, "new data", 8), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(doc, "Qnew"), XC_OK);
    assert_int_equal(xc_wdb_replace_by_term(wdb, "Qnew", doc), XC_OK);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_commit(wdb), XC_OK);

    char *data;
    size_t len;
    assert_int_equal(xc_db_term_data(rdb, "Qnew", &data, &len), XC_OK);
    assert_null(data); /* not seen before the reopen */
    assert_int_equal(xc_db_reopen(rdb, &changed), XC_OK);
    assert_int_equal(changed, 1);
    unsigned after;
    assert_int_equal(xc_db_doccount(rdb, &after), XC_OK);
    assert_int_equal(after, count + 1);
    assert_int_equal(xc_db_term_data(rdb, "Qnew", &data, &len), XC_OK);
    assert_non_null(data);
    assert_int_equal(len, 8);
    assert_string_equal(data, "new data");
    free(data);
    assert_int_equal(xc_db_term_data(rdb, "Qnone", &data, &len), XC_OK);
    assert_null(data);
    assert_int_equal(len, 0);
    xc_wdb_free(wdb);
    xc_db_free(rdb);
}

static void test_query_syntax_error(void **state)
{
    (void)state;
    xc_stem *stem;
    xc_qparser *qp;
    xc_query *q = (xc_query *)1;
    assert_int_equal(xc_stem_new("english", &stem), XC_OK);
    assert_int_equal(xc_qparser_new(NULL, stem, XC_STEM_SOME, NULL, &qp), XC_OK);
    assert_int_equal(xc_qparser_parse(qp, "cats AND", 0, &q), XC_QUERY_SYNTAX);
    assert_null(q);
    assert_string_equal(xc_last_error(),
                        "QueryParserError: Syntax: <expression> AND <expression>");
    xc_qparser_free(qp);
    xc_stem_free(stem);
}

static void test_stopper_and_prefix(void **state)
{
    (void)state;
    const char *words[] = {"the", "of", NULL};
    xc_stem *stem;
    xc_stopper *stop;
    xc_qparser *qp;
    xc_query *q;
    assert_int_equal(xc_stem_new("english", &stem), XC_OK);
    assert_int_equal(xc_stopper_new(words, &stop), XC_OK);
    assert_int_equal(xc_qparser_new(NULL, stem, XC_STEM_SOME, stop, &qp), XC_OK);
    assert_int_equal(xc_qparser_add_prefix(qp, "title", "S"), XC_OK);
    assert_int_equal(xc_qparser_parse(qp, "the cats title:dogs", 0, &q), XC_OK);
    char *desc = xc_query_describe(q);
    assert_string_equal(desc, "Query((Zcat@2 OR ZSdog@3))");
    free(desc);
    xc_query_free(q);
    /* A phrase keeps its stopwords. */
    assert_int_equal(xc_qparser_parse(qp, "\"the cats\"", 0, &q), XC_OK);
    desc = xc_query_describe(q);
    assert_string_equal(desc, "Query((the@1 PHRASE 2 cats@2))");
    free(desc);
    xc_query_free(q);
    xc_qparser_free(qp);
    xc_stopper_free(stop);
    xc_stem_free(stem);
}

static void test_invalid_weighting(void **state)
{
    const char *path = build_db(state, "db");
    xc_db *db;
    xc_enquire *enq;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    double bad[] = {-1.0};
    assert_int_equal(xc_enquire_set_weighting(enq, XC_W_BM25, bad, 1), XC_INVALID_ARGUMENT);
    assert_non_null(strstr(xc_last_error(), "InvalidArgumentError"));
    for (int w = 0; w < XC_W_COUNT; w++)
        if (xc_enquire_set_weighting(enq, (xc_weighting)w, NULL, 0) != XC_OK)
            fail_msg("scheme %d: %s", w, xc_last_error());
    xc_enquire_free(enq);
    xc_db_free(db);
}

/* The weight of doc (by its ID value) in the results of q. */
static double weight_of(xc_db *db, const xc_query *q, const char *id)
{
    double bm25[] = {1.2, 0, 1, 0.75, 0.5};
    xc_enquire *enq;
    xc_mset *mset;
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_set_weighting(enq, XC_W_BM25, bm25, 5), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, &mset), XC_OK);
    double w = -1;
    for (unsigned i = 0; i < xc_mset_size(mset); i++) {
        char *value;
        assert_int_equal(xc_mset_value(mset, i, 0, &value), XC_OK);
        if (strcmp(value, id) == 0)
            w = xc_mset_weight(mset, i);
        free(value);
    }
    xc_mset_free(mset);
    xc_enquire_free(enq);
    return w;
}

/* The prior's posting sources: a document's value in the slot, times the
 * factor (ValueWeightPostingSource), or the factor where the value is the
 * one given (ValueMapPostingSource); AND_MAYBE adds them to what the text
 * matches and adds no match. */
static void test_value_weight_prior(void **state)
{
    xc_wdb *w;
    assert_int_equal(xc_wdb_open(path_in(state, "prior"), 0, &w), XC_OK);
    const char *ids[] = {"plain", "voted", "accepted", "other"};
    for (int i = 0; i < 4; i++) {
        xc_doc *doc;
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        assert_int_equal(xc_doc_add_boolean_term(doc, i == 3 ? "kiwi" : "fig"), XC_OK);
        assert_int_equal(xc_doc_add_value(doc, 0, ids[i]), XC_OK);
        if (i == 1 || i == 3)
            assert_int_equal(xc_doc_add_number_value(doc, 6, 2.5), XC_OK);
        if (i == 2)
            assert_int_equal(xc_doc_add_value(doc, 5, "1"), XC_OK);
        assert_int_equal(xc_wdb_add(w, doc), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    xc_wdb_free(w);
    xc_db *db;
    assert_int_equal(xc_db_open(path_in(state, "prior"), &db), XC_OK);
    const char *fig[] = {"fig"};
    xc_query *text, *score, *acc, *prior, *q;
    assert_int_equal(xc_query_from_terms(fig, NULL, 1, 1, &text), XC_OK);
    assert_int_equal(xc_query_value_weight(6, 2, &score), XC_OK);
    assert_int_equal(xc_query_value_is(5, "1", 3, &acc), XC_OK);
    assert_int_equal(xc_query_combine(XC_OP_OR, score, acc, &prior), XC_OK);
    assert_int_equal(xc_query_combine(XC_OP_AND_MAYBE, text, prior, &q), XC_OK);
    double base = weight_of(db, text, "plain");
    assert_true(base >= 0);
    assert_true(fabs(weight_of(db, q, "plain") - base) < 1e-9);
    assert_true(fabs(weight_of(db, q, "voted") - (base + 5)) < 1e-9);
    assert_true(fabs(weight_of(db, q, "accepted") - (base + 3)) < 1e-9);
    assert_true(weight_of(db, q, "other") < 0); /* not matched: the prior adds none */
    xc_query_free(text);
    xc_query_free(score);
    xc_query_free(acc);
    xc_query_free(prior);
    xc_query_free(q);
    xc_db_free(db);
}

/* A deadline already past stops a match that weighs at least 64 terms
 * (the clock is read every 64th) with XC_TIME_LIMIT, for every scheme; no
 * deadline, or one far ahead, changes nothing, weights included. */
static void test_deadline_stops_the_match(void **state)
{
    xc_wdb *w;
    xc_stem *stem;
    xc_termgen *tg;
    assert_int_equal(xc_wdb_open(path_in(state, "timed"), 0, &w), XC_OK);
    assert_int_equal(xc_stem_new("none", &stem), XC_OK);
    assert_int_equal(xc_termgen_new(stem, XC_STEM_NONE, NULL, &tg), XC_OK);
    for (int i = 0; i < 400; i++) {
        xc_doc *doc;
        char id[16];
        /* fig in 2 of 5: a term in every document weighs 0 under pl2, and
         * a match that weighs nothing is not timed (xapian_c.h). */
        const char *texts[] = {"fig", "date", "fig date fig fig", "date plum", "plum"};
        snprintf(id, sizeof id, "d%03d", i);
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, texts[i % 5], 1, ""), XC_OK);
        assert_int_equal(xc_doc_add_value(doc, 0, id), XC_OK);
        assert_int_equal(xc_wdb_add(w, doc), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_commit(w), XC_OK);
    xc_termgen_free(tg);
    xc_stem_free(stem);
    xc_wdb_free(w);
    xc_db *db;
    assert_int_equal(xc_db_open(path_in(state, "timed"), &db), XC_OK);
    const char *fig[] = {"fig"};
    xc_query *q;
    assert_int_equal(xc_query_from_terms(fig, NULL, 1, 1, &q), XC_OK);
    for (int scheme = 0; scheme < XC_W_COUNT; scheme++) {
        double weights[2][3];
        for (int run = 0; run < 3; run++) {
            xc_enquire *enq;
            xc_mset *mset = NULL;
            assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
            assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
            assert_int_equal(xc_enquire_set_weighting(enq, (xc_weighting)scheme, NULL, 0),
                             XC_OK);
            /* run 0: none; 1: far ahead; 2: long past (the epoch of the clock) */
            xc_enquire_set_deadline(enq, run == 0 ? 0 : run == 1 ? 1e12 : 1e-9);
            xc_status st = xc_enquire_get_mset(enq, 0, 3, &mset);
            if (run == 2) {
                if (st != XC_TIME_LIMIT)
                    fail_msg("scheme %d: status %d", scheme, st);
                assert_non_null(strstr(xc_last_error(), "time limit"));
            } else {
                assert_int_equal(st, XC_OK);
                assert_int_equal(xc_mset_size(mset), 3);
                for (unsigned i = 0; i < 3; i++)
                    weights[run][i] = xc_mset_weight(mset, i);
            }
            xc_mset_free(mset);
            xc_enquire_free(enq);
        }
        for (unsigned i = 0; i < 3; i++)
            assert_true(weights[0][i] == weights[1][i]);
    }
    xc_query_free(q);
    xc_db_free(db);
}

/* Two documents are enough to make Xapian 1.4.22 miscompute "q AND_MAYBE
 * (NEAR OR NEAR)": it gave document 2 the weight of both pairs although
 * only "ant bee" are neighbours there.  The proximity query must add the
 * weight of the near pair and nothing for the pair that is not near. */
static void test_proximity_adds_only_near_pairs(void **state)
{
    const char *texts[] = {"dog ant dog", "cat ant bee bee dog cat"};
    const char *ids[] = {"1", "2"};
    char *path = path_in(state, "near");
    xc_wdb *wdb;
    xc_stem *stem;
    xc_termgen *tg;
    assert_int_equal(xc_wdb_open(path, XC_WDB_OVERWRITE, &wdb), XC_OK);
    assert_int_equal(xc_stem_new("none", &stem), XC_OK);
    assert_int_equal(xc_termgen_new(stem, XC_STEM_NONE, NULL, &tg), XC_OK);
    for (int i = 0; i < 2; i++) {
        xc_doc *doc;
        assert_int_equal(xc_doc_new(&doc), XC_OK);
        assert_int_equal(xc_termgen_set_document(tg, doc), XC_OK);
        assert_int_equal(xc_termgen_index_text(tg, texts[i], 1, ""), XC_OK);
        assert_int_equal(xc_doc_add_value(doc, 0, ids[i]), XC_OK);
        assert_int_equal(xc_wdb_add(wdb, doc), XC_OK);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_commit(wdb), XC_OK);
    xc_termgen_free(tg);
    xc_wdb_free(wdb);

    xc_db *db;
    xc_qparser *qp;
    xc_query *base, *three, *two;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_qparser_new(db, stem, XC_STEM_NONE, NULL, &qp), XC_OK);
    assert_int_equal(xc_qparser_parse(qp, "ant bee cat", 0, &base), XC_OK);
    const char *terms[] = {"ant", "bee", "cat"};
    assert_int_equal(xc_query_add_proximity(base, terms, 3, 2, 1.0, &three), XC_OK);
    assert_int_equal(xc_query_add_proximity(base, terms, 2, 2, 1.0, &two), XC_OK);
    double plain = weight_of(db, base, "2");
    double near_ab = weight_of(db, two, "2");
    assert_true(plain > 0);
    assert_true(near_ab > plain + 0.1); /* "ant bee" are neighbours */
    /* "bee cat" are not: nothing more (the OR form gave 60% more). */
    assert_float_equal(weight_of(db, three, "2"), near_ab, 1e-9);
    /* Document 1 has no pair near: proximity leaves it as it was. */
    assert_float_equal(weight_of(db, three, "1"), weight_of(db, base, "1"), 1e-9);
    xc_query_free(two);
    xc_query_free(three);
    xc_query_free(base);
    xc_qparser_free(qp);
    xc_stem_free(stem);
    xc_db_free(db);
}

static int only_stems(const char *term, void *ctx)
{
    (void)ctx;
    return term[0] == 'Z';
}

static void test_expand_filters_terms(void **state)
{
    const unsigned top[] = {0, 1};
    const char *path = build_db(state, "db");
    xc_db *db;
    xc_enquire *enq;
    xc_mset *mset;
    const char *t[] = {"Zcalf"};
    xc_query *q;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_enquire_new(db, &enq), XC_OK);
    assert_int_equal(xc_query_from_terms(t, NULL, 1, 1.0, &q), XC_OK);
    assert_int_equal(xc_query_term_count(q), 1);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, &mset), XC_OK);
    assert_int_equal(xc_mset_size(mset), 1);
    char **terms;
    double *weights;
    size_t n;
    assert_int_equal(xc_enquire_expand(enq, mset, top, 1, 50, 0, only_stems, NULL, &terms,
                                       &weights, &n), XC_OK);
    assert_true(n >= 4); /* calf, muscl, atrophi, nerv, block, ... */
    for (size_t i = 0; i < n; i++)
        assert_int_equal(terms[i][0], 'Z');
    xc_terms_free(terms, weights, n);
    xc_mset_free(mset);
    xc_query_free(q);

    /* "muscles" is in two documents; of their words only "muscl" itself
     * is in both, and the query's own terms never expand it: a minimum of
     * 2 feedback documents leaves nothing. */
    t[0] = "Zmuscl";
    assert_int_equal(xc_query_from_terms(t, NULL, 1, 1.0, &q), XC_OK);
    assert_int_equal(xc_enquire_set_query(enq, q), XC_OK);
    assert_int_equal(xc_enquire_get_mset(enq, 0, 10, &mset), XC_OK);
    assert_int_equal(xc_mset_size(mset), 2);
    assert_int_equal(xc_enquire_expand(enq, mset, top, 2, 50, 0, only_stems, NULL, &terms,
                                       &weights, &n), XC_OK);
    assert_true(n >= 8); /* muscl, calf, atrophi, noth, cat, ... */
    xc_terms_free(terms, weights, n);
    assert_int_equal(xc_enquire_expand(enq, mset, top, 2, 50, 2, only_stems, NULL, &terms,
                                       &weights, &n), XC_OK);
    assert_int_equal(n, 0);
    xc_terms_free(terms, weights, n);
    /* The same two documents as a relevance set reweight the query term. */
    xc_mset *plain, *fed;
    assert_int_equal(xc_enquire_get_mset_relevant(enq, 0, 10, NULL, NULL, 0, &plain), XC_OK);
    assert_int_equal(xc_enquire_get_mset_relevant(enq, 0, 10, mset, top, 2, &fed), XC_OK);
    assert_int_equal(xc_mset_size(fed), 2);
    assert_float_equal(xc_mset_weight(plain, 0), xc_mset_weight(mset, 0), 1e-12);
    assert_true(xc_mset_weight(fed, 0) > xc_mset_weight(plain, 0));
    xc_mset_free(fed);
    xc_mset_free(plain);
    xc_mset_free(mset);
    xc_query_free(q);
    xc_enquire_free(enq);
    xc_db_free(db);
}

static void test_compact_merges(void **state)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "%s", build_db(state, "a"));
    snprintf(b, sizeof b, "%s", build_db(state, "b"));
    const char *sources[] = {a, b};
    assert_int_equal(xc_compact(sources, 2, path_in(state, "merged")), XC_OK);
    xc_db *db;
    unsigned count;
    assert_int_equal(xc_db_open(path_in(state, "merged"), &db), XC_OK);
    assert_int_equal(xc_db_doccount(db, &count), XC_OK);
    assert_int_equal(count, 6);
    xc_db_free(db);
    const char *missing[] = {path_in(state, "none")};
    assert_int_equal(xc_compact(missing, 1, path_in(state, "m2")), XC_DB_NOT_FOUND);
}

static void test_transaction_cancel(void **state)
{
    const char *path = build_db(state, "db");
    xc_wdb *db;
    unsigned count;
    assert_int_equal(xc_wdb_open(path, 0, &db), XC_OK);
    assert_int_equal(xc_wdb_begin_transaction(db), XC_OK);
    assert_int_equal(xc_wdb_delete_by_term(db, "Qa"), XC_OK);
    assert_int_equal(xc_wdb_cancel_transaction(db), XC_OK);
    assert_int_equal(xc_wdb_doccount(db, &count), XC_OK);
    assert_int_equal(count, 3);
    /* Committing a transaction that was never begun is an error, not a crash. */
    assert_int_equal(xc_wdb_commit_transaction(db), XC_OTHER);
    assert_non_null(strstr(xc_last_error(), "InvalidOperationError"));
    xc_wdb_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_stemmer_english),
        cmocka_unit_test(test_stemmer_languages),
        cmocka_unit_test(test_stemmer_unknown),
        cmocka_unit_test(test_stemmer_none),
        cmocka_unit_test(test_query_syntax_error),
        cmocka_unit_test(test_stopper_and_prefix),
        cmocka_unit_test_setup_teardown(test_open_missing, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_second_writer_locked, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_open_not_a_database, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_index_and_search, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_replace_by_term_never_duplicates, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_invalid_weighting, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_expand_filters_terms, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_proximity_adds_only_near_pairs, make_tmp,
                                        remove_tmp),
        cmocka_unit_test_setup_teardown(test_value_weight_prior, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_deadline_stops_the_match, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_compact_merges, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_reopen_and_term_data, make_tmp, remove_tmp),
        cmocka_unit_test_setup_teardown(test_transaction_cancel, make_tmp, remove_tmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
