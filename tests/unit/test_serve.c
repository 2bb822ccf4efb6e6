/* test_serve.c - quarry-serve's parts that need no socket: the parameter
 * table against quarry-query's configuration, the HTML escaper, the
 * latency histogram. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/html.h"
#include "serve/params.h"
#include "serve/stats.h"

/* Adds "k=v&k=v" (no %-decoding) to p; returns 0 or -1 with err. */
static int parse(serve_params *p, const char *query, int need_query, char *err, size_t errlen)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s", query);
    serve_params_init(p);
    for (char *pair = buf, *next; pair && *pair; pair = next) {
        if ((next = strchr(pair, '&')))
            *next++ = '\0';
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        if (serve_params_add(p, pair, eq ? eq + 1 : NULL, err, errlen) != 0)
            return -1;
    }
    return serve_params_finish(p, need_query, err, errlen);
}

/* Field by field: structs' padding holds whatever the copies brought. */
static void assert_same_options(const search_options *a, const search_options *b)
{
    assert_int_equal(a->model, b->model);
    assert_int_equal(a->nparams, b->nparams);
    for (size_t i = 0; i < a->nparams; i++)
        assert_true(a->params[i] == b->params[i]);
    assert_int_equal(a->default_and, b->default_and);
    assert_int_equal(a->stopwords, b->stopwords);
    assert_true(a->stopword_weight == b->stopword_weight);
    assert_int_equal(a->stopword_max_terms, b->stopword_max_terms);
    assert_true(a->prior.accepted == b->prior.accepted && a->prior.score == b->prior.score);
    assert_int_equal(a->expand.docs, b->expand.docs);
    assert_int_equal(a->expand.terms, b->expand.terms);
    assert_true(a->expand.weight == b->expand.weight);
    assert_int_equal(a->expand.min_docs, b->expand.min_docs);
    assert_true(a->expand.when == b->expand.when);
    assert_int_equal(a->near.window, b->near.window);
    assert_true(a->near.weight == b->near.weight);
    assert_int_equal(a->offset, b->offset);
    assert_int_equal(a->limit, b->limit);
    assert_int_equal(a->snippet_length, b->snippet_length);
    assert_int_equal(a->ids_only, b->ids_only);
    assert_int_equal(a->describe, b->describe);
    assert_memory_equal(&a->limits, &b->limits, sizeof a->limits);
}

static void test_defaults_are_the_searchers(void **state)
{
    (void)state;
    serve_params p;
    char err[512];
    assert_int_equal(parse(&p, "q=x", 1, err, sizeof err), 0);
    search_options want;
    search_options_defaults(&want);
    want.describe = 1; /* the only difference: the answer shows the parsed query */
    assert_same_options(&p.search, &want);
    assert_string_equal(p.q, "x");
}

static void test_values_as_quarry_query_reads_them(void **state)
{
    (void)state;
    serve_params p;
    char err[512];
    assert_int_equal(parse(&p, "q=x&limit=7&offset=20&and=1&stopwords=rank:0.5:4&model=bm25plus"
                               "&k1=2&delta=0.5&expand=5:10:0.3:3&expand-when=0.7"
                               "&proximity=8:0.1&snippet-length=50&prior=0.5:0.25", 1, err, sizeof err), 0);
    search_options want;
    search_options_defaults(&want);
    want.describe = want.default_and = 1;
    assert_int_equal(search_args_stopwords("rank:0.5:4", &want), 0);
    assert_int_equal(search_args_prior("0.5:0.25", &want), 0);
    want.limit = 7;
    want.offset = 20;
    want.model = XC_W_BM25PLUS;
    double value[SEARCH_MODEL_PARAMS] = {2, 0, 0, 0, 0.5};
    assert_int_equal(search_args_apply_model(&want, 1u << SEARCH_K1 | 1u << SEARCH_DELTA, value), 0);
    assert_int_equal(search_args_expand("5:10:0.3:3", &want.expand), 0);
    assert_int_equal(search_args_expand_when("0.7", &want.expand), 0);
    assert_int_equal(search_args_proximity("8:0.1", &want.near), 0);
    want.snippet_length = 50;
    assert_same_options(&p.search, &want);
    assert_true(p.search.params[0] == 2 && p.search.params[3] == 0.75 && p.search.params[5] == 0.5);
}

static void expect_error(const char *query, const char *message)
{
    serve_params p;
    char err[512] = "";
    assert_int_equal(parse(&p, query, 1, err, sizeof err), -1);
    assert_string_equal(err, message);
}

static void test_refusals_name_the_problem(void **state)
{
    (void)state;
    expect_error("q=x&limit=0", "invalid value '0' for parameter 'limit': expected a whole "
                                "number from 1 to 100 (default 10)");
    expect_error("q=x&offset=10001", "invalid value '10001' for parameter 'offset': expected "
                                     "a whole number from 0 to 10000");
    expect_error("q=x&limit= 5", "invalid value ' 5' for parameter 'limit': expected a whole "
                                 "number from 1 to 100 (default 10)");
    expect_error("q=x&and=yes", "invalid value 'yes' for parameter 'and': expected 0 (any "
                                "term, ranked; the default) or 1 (every term)");
    expect_error("q=x&bogus=1", "unknown parameter 'bogus'");
    expect_error("q=x&limit=2&limit=3", "parameter 'limit' given twice");
    expect_error("q=x&model=dph&b=0.5", "parameter 'b' does not apply to model dph");
    expect_error("q=x&snippet-length=10", "invalid value '10' for parameter 'snippet-length': "
                                          "expected 0 (no snippets) or a whole number from 20 "
                                          "to 100000");
    expect_error("limit=3", "missing parameter 'q' (the query text)");
    expect_error("q=  ", "missing parameter 'q' (the query text)");
    /* A long bad value is cut in the message. */
    char query[300], want[400];
    snprintf(query, sizeof query, "q=x&model=%0200d", 7);
    snprintf(want, sizeof want, "invalid value '%064d...' for parameter 'model': expected "
                                "bm25, bm25plus, lm, pl2, dph, inl2 or tfidf", 0);
    expect_error(query, want);
    serve_params p;
    char err[64];
    assert_int_equal(parse(&p, "limit=3", 0, err, sizeof err), 0); /* the bare page */
}

static void expect_html(const char *in, int marked, const char *want)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    if (marked)
        html_escape_marked(f, in);
    else
        html_escape(f, in);
    fclose(f);
    assert_string_equal(buf, want);
    free(buf);
}

static void test_html_escape(void **state)
{
    (void)state;
    expect_html("<script>alert('x')</script> & \"q\"", 0,
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    expect_html("\"><img src=x onerror=alert(1)>", 0, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect_html("tab\tnl\ncr\r esc\x1b bel\x07 del\x7f c1\xc2\x9b ok", 0,
                "tab\tnl\ncr\r esc\xef\xbf\xbd bel\xef\xbf\xbd del\xef\xbf\xbd c1\xef\xbf\xbd ok");
    expect_html("caf\xe9 \xff", 0, "caf\xef\xbf\xbd \xef\xbf\xbd");
    expect_html("caf\xc3\xa9 \xf0\x9f\x98\x80", 0, "caf\xc3\xa9 \xf0\x9f\x98\x80");
    expect_html("a " HIT_MARK_START "<b>" HIT_MARK_END " c", 1, "a <mark>&lt;b&gt;</mark> c");
    /* A stored marker byte is text, not a mark. */
    expect_html("x" HIT_MARK_LITERAL HIT_MARK_START "y", 1, "x\xef\xbf\xbdy");
    expect_html("x" HIT_MARK_START "y", 0, "x\xef\xbf\xbdy");
}

static void test_url_encode(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    url_encode(f, "sub/doc#2 a&b=\"c\"~._-\xc3\xa9");
    fclose(f);
    assert_string_equal(buf, "sub%2Fdoc%232%20a%26b%3D%22c%22~._-%C3%A9");
    free(buf);
}

/* The page shows a passage's site, votes and accepted mark where it has
 * them (readers that know them fill passage.site, score, accepted), and
 * nothing of them where it does not. */
static void test_page_metadata(void **state)
{
    (void)state;
    serve_params p;
    char err[64];
    assert_int_equal(parse(&p, "q=espresso&limit=2", 1, err, sizeof err), 0);
    hit hits[2];
    memset(hits, 0, sizeof hits);
    passage with = {.id = "coffee-1#2", .answer_title = "", .answer_body = "",
                    .question_title = "Why <grind>?", .question_body = "", .source = "x",
                    .site = "coffee.<se>", .score = 42, .has_score = 1, .accepted = 1};
    passage without = {.id = "doc#1", .answer_title = "T", .answer_body = "",
                       .question_title = "", .question_body = "", .source = "y"};
    hits[0].stored.p = with;
    hits[0].id = "coffee-1#2";
    hits[0].rank = 1;
    hits[0].snippet = "an " HIT_MARK_START "espresso" HIT_MARK_END " shot";
    hits[1].stored.p = without;
    hits[1].id = "doc#1";
    hits[1].rank = 2;
    hit_list list = {.hits = hits, .count = 2, .estimated = 7};
    char *page = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&page, &len);
    html_page(f, &p, &list, NULL, 0.0015);
    fclose(f);
    assert_non_null(strstr(page, "<li class=\"hit\" data-id=\"coffee-1#2\"><div class=\"question\">"
                                 "Why &lt;grind&gt;?</div><a class=\"title\" href=\"/passage/"
                                 "coffee-1%232\">coffee-1#2</a><div class=\"meta\"><span class=\"id\">"
                                 "coffee-1#2</span> &middot; <span class=\"site\">coffee.&lt;se&gt;"
                                 "</span> &middot; <span class=\"votes\">42 votes</span> &middot; "
                                 "<span class=\"accepted\">&#10003; accepted</span>"));
    assert_non_null(strstr(page, "<p class=\"snippet\">an <mark>espresso</mark> shot</p>"));
    assert_non_null(strstr(page, "<li class=\"hit\" data-id=\"doc#1\"><a class=\"title\" "
                                 "href=\"/passage/doc%231\">T</a><div class=\"meta\"><span "
                                 "class=\"id\">doc#1</span> &middot; <span class=\"score\">"));
    assert_non_null(strstr(page, "Passages 1-2 of about 7 (1.5 ms)"));
    assert_non_null(strstr(page, "<a rel=\"next\" href=\"/?q=espresso&amp;limit=2&amp;offset=2\">"));
    assert_null(strstr(page, "rel=\"prev\""));
    free(page);
}

static void test_latency_percentiles(void **state)
{
    (void)state;
    stats_start();
    for (int i = 0; i < 98; i++)
        stats_record(0.001);  /* 1 ms */
    stats_record(0.5);
    stats_record(0.5);
    stats_view v;
    stats_read(&v);
    assert_int_equal(v.queries, 100);
    assert_true(v.p50_ms >= 1 && v.p50_ms <= 1.1);    /* one bucket: within 9% */
    assert_true(v.p99_ms >= 500 && v.p99_ms <= 550);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_searchers),
        cmocka_unit_test(test_values_as_quarry_query_reads_them),
        cmocka_unit_test(test_refusals_name_the_problem),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_page_metadata),
        cmocka_unit_test(test_latency_percentiles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
