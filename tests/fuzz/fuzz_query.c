/* fuzz_query.c - the query path (query/searcher.c, query/format*.c) on a
 * small index: parse, rank, snippet, and every output format.
 *
 * The index is built once, at start-up, in a temporary directory: the
 * bundled corpus/ (QUARRY_FUZZ_CORPUS names another file) and a few
 * passages whose IDs and text hold what the writers must cope with.
 *
 * Input: 4 bytes of options, then the query; with bit 5 of byte 1 set, the
 * query is preceded by a query ID and a newline (batch mode).
 *   byte 0: model (mod 7), proximity window (>> 3)
 *   byte 1: bit 0 AND, 1 no stopwords, 2 feedback, 3 proximity, 4 describe,
 *           5 query ID, 6 colour, 7 also an IDs-only (TREC) run
 *   byte 2: offset (mod 4), limit (1 + (>> 2) mod 10)
 *   byte 3: snippet length (x 4; 0: none), feedback documents */
#define _GNU_SOURCE /* open_memstream, nftw */
#include "common/analysis.h"
#include "common/utf8.h"
#include "indexer/index_writer.h"
#include "indexer/native_reader.h"
#include "query/format.h"
#include "query/searcher.h"
#include "tests/fuzz/fuzz_support.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longer queries are known to be slow inside libxapian (issue 9, section
 * 5); they are not what this target looks for. */
#define MAX_QUERY 2048

static char index_dir[64];
static searcher *the_searcher;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void remove_index(void)
{
    searcher_close(the_searcher);
    if (index_dir[0])
        nftw(index_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_query: %s: %s\n", what, why);
    exit(1);
}

static void add(index_writer *w, const char *id, const char *title, const char *body,
                const char *qtitle)
{
    passage p = {.id = id, .answer_title = title, .answer_body = body, .question_title = qtitle,
                 .question_body = "", .source = "fuzz-made", .line = 1, .answer_no = 1};
    if (index_writer_add(w, &p) != XC_OK)
        die("adding a passage", id);
}

static void build_index(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(index_dir, sizeof index_dir, "%s/quarry-fuzz-XXXXXX", tmp ? tmp : "/tmp");
    if (!mkdtemp(index_dir))
        die("mkdtemp", index_dir);
    atexit(remove_index);
    char db[128];
    snprintf(db, sizeof db, "%s/db", index_dir);

    char err[512];
    index_writer_options opt;
    memset(&opt, 0, sizeof opt);
    opt.path = db;
    analysis_defaults(&opt.settings);
    index_writer *w;
    if (index_writer_open(&opt, &w, err, sizeof err) != 0)
        die("opening the index", err);
    const char *corpus = getenv("QUARRY_FUZZ_CORPUS");
    if (!corpus)
        corpus = "corpus/000_14adfe264c4b3c6f.txt";
    if (index_writer_begin_source(w, "corpus") != 0 ||
        native_read_file(corpus, "corpus", 1 << 20, index_writer_passage_fn, w, NULL) != 0 ||
        index_writer_end_source(w, 1) != XC_OK)
        die("indexing", corpus);
    if (index_writer_begin_source(w, "fuzz-made") != 0)
        die("indexing", "fuzz-made");
    add(w, "white space id", "dash -- title", "proof of stake is a consensus mechanism",
        "what is proof of stake?");
    add(w, "ctl\x1b[2J\x07id", "emoji \xF0\x9F\x98\x80 botox", "short answer, botox calf",
        "ctl\x1b]0;title\x07 question");
    add(w, "long", "a title", "calf muscle atrophied after botox injections in the calf "
        "muscle; the muscle recovered slowly over months while the calf grew back, and "
        "injections were stopped because proof of stake had nothing to do with it", "");
    if (index_writer_end_source(w, 1) != XC_OK || index_writer_commit(w) != XC_OK)
        die("committing", db);
    index_writer_close(w);
    if (searcher_open(db, &the_searcher, err, sizeof err) != 0)
        die("opening the index", err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    build_index();
    return 0;
}

/* Every format writes the hits without failing: JSON repairs a query ID
 * that is not UTF-8, TREC leaves out what a line cannot name (a count, not
 * a failure). */
static void write_all(const char *qid, const hit_list *hits, int color, int ids_only)
{
    static const output_format formats[] = {FORMAT_TEXT, FORMAT_JSON, FORMAT_TREC};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        if (ids_only && formats[i] != FORMAT_TREC)
            continue;
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        if (!out)
            abort();
        format_options fo = {formats[i], color, "quarry"};
        int rc = format_hits(out, &fo, qid, hits);
        if (fclose(out) != 0)
            abort();
        free(buf);
        if (rc < 0)
            abort();
    }
}

static void run(const char *qid, const char *query, const search_options *o, int color)
{
    hit_list hits;
    xc_status st = XC_OK;
    char err[1024];
    if (searcher_run(the_searcher, query, o, &hits, &st, err, sizeof err) != 0) {
        if (st == XC_QUERY_SYNTAX)
            return;
        fprintf(stderr, "fuzz_query: not a syntax error (%s): %s\n",
                xc_status_to_string(st), err);
        abort();
    }
    if (o->describe && !hits.description)
        abort();
    write_all(qid, &hits, color, o->ids_only);
    hit_list_free(&hits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4 || size > 4 + MAX_QUERY)
        return 0;
    search_options o;
    search_options_defaults(&o);
    o.model = (xc_weighting)(data[0] % 7);
    o.nparams = 0; /* the model's own defaults */
    o.default_and = data[1] & 1;
    o.stopwords = !(data[1] & 2);
    if (data[1] & 4) {
        o.expand.docs = 1 + data[3] % 5;
        o.expand.terms = 5;
        o.expand.weight = 0.3;
        o.expand.min_docs = 1;
        o.expand.when = 1;
    }
    if (data[1] & 8) {
        o.near.window = 2 + (data[0] >> 3) % 8;
        o.near.weight = 0.3;
    }
    o.describe = (data[1] & 16) != 0;
    o.offset = data[2] % 4;
    o.limit = 1 + (data[2] >> 2) % 10;
    o.snippet_length = (size_t)data[3] * 4;

    char *text = fuzz_strndup(data + 4, size - 4);
    char *qid = NULL, *query = text;
    if (data[1] & 32) {
        char *nl = strchr(text, '\n');
        if (nl) {
            *nl = '\0';
            qid = text;
            query = nl + 1;
        }
    }
    run(qid, query, &o, (data[1] & 64) != 0);
    if (data[1] & 128) {
        o.ids_only = 1;
        o.limit = 1000;
        run(qid, query, &o, 0);
    }
    free(text);
    return 0;
}
