/* searcher.c - parse, rank, expand, fetch, and mark matches. */
#include "query/searcher.h"

#include "common/index_layout.h"
#include "common/progress.h"
#include "common/stopwords.h"
#include "common/strset.h"
#include "query/page_order.h"
#include "query/query_fields.h"
#include "query/snippet.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct searcher {
    char *path;             /* the first index, as messages name it */
    char **paths;           /* every -d, for a reopen */
    size_t npaths;
    shard_options shard_opts;
    shard_set shards;       /* each opened alone; db combines them */
    char *partial;          /* the shards left out, or NULL */
    int remote;             /* a shard is remote */
    xc_db *db;
    analyser an;
    xc_qparser *parsers[4]; /* [0] keeps stopwords, [1] drops them; [2], [3]
                             * the same with range fields (score:, date:) */
    strset stop_terms;      /* the stopwords as the index's query terms */
    int bad_data;           /* a stored passage did not decode */
    struct stat *stubs;     /* each local shard's stub when opened (refresh) */
};

/* Times a search is retried on a reopened index. */
enum { REOPEN_RETRIES = 5 };

const char *const search_sort_names[] = {"relevance", "score", "date", NULL};

void search_options_defaults(search_options *o)
{
    memset(o, 0, sizeof *o);
    o->model = XC_W_BM25;
    o->params[0] = 1.2; /* k1 */
    o->params[1] = 0;   /* k2 */
    o->params[2] = 1;   /* k3 */
    o->params[3] = 0.75; /* b */
    o->params[4] = 0.5; /* min_normlen */
    o->nparams = 5;
    o->stopwords = STOPWORDS_DROP;
    o->stopword_weight = 1;
    /* Feedback is off (docs 0): --expand 5:10:0.3:3 gains 0.007 nDCG@10 on
     * Cranfield and moves SciFact, stackexchange-qa and the native corpus-se
     * by -0.005 to +0.001 (docs/RELEVANCE.md): not enough to make every
     * query pay for a deeper first pass.  Once on, it is selective: only
     * when the last feedback passage scores below 0.55 of the first, i.e.
     * the head of the first pass stands out; where the top passages score
     * alike, feedback drifts. */
    o->expand.docs = 0;
    o->expand.when = 0.55;
    /* Proximity (--proximity 8:0.1) lifts nDCG@10 by 0.003-0.006 on each
     * collection but makes a query on a 310k-passage index 30 times slower
     * (p50 2 ms -> 65 ms): off by default (docs/RELEVANCE.md). */
    o->near.window = 0;
    o->limit = 10;
    o->snippet_length = 200;
    query_limits_defaults(&o->limits);
}

/* A writer committed twice since we opened (DatabaseModifiedError), or a
 * rebuild switched the index to a new generation and removed the one we
 * read (its files vanish): open the index afresh, settings and all. */
static int worth_reopening(xc_status st)
{
    return st == XC_DB_MODIFIED || st == XC_DB_OPENING || st == XC_DB_NOT_FOUND ||
           st == XC_DB_ERROR || st == XC_NETWORK; /* a remote shard went away: reconnect */
}

static int load_stop_terms(searcher *s);

/* What identifies a shard's stub (INDEX/XAPIANDB, or path itself when it
 * is a stub file): a rebuild replaces it by rename(2), a new inode; all
 * zero where there is none (a plain Xapian database). */
static void stub_stat(const char *path, struct stat *st)
{
    char stub[4096];
    if (stat(path, st) == 0 && S_ISREG(st->st_mode))
        return;
    snprintf(stub, sizeof stub, "%s/%s", path, INDEX_STUB);
    if (stat(stub, st) != 0)
        memset(st, 0, sizeof *st);
}

int searcher_open(const char *path, searcher **out, char *err, size_t errlen)
{
    shard_options o;
    shard_options_defaults(&o);
    return searcher_open_shards(&path, 1, &o, out, err, errlen);
}

/* Appends name to the list of shards left out. */
static int left_out(searcher *s, const char *name)
{
    size_t old = s->partial ? strlen(s->partial) : 0, len = old + strlen(name) + 3;
    char *p = realloc(s->partial, len);
    if (!p)
        return -1;
    snprintf(p + old, len - old, "%s%s", old ? "; " : "", name);
    s->partial = p;
    return 0;
}

/* Opens each shard alone (leaving out those that fail, when partial answers
 * are allowed), compares them, and combines those that opened into s->db. */
static int open_shards(searcher *s, char *err, size_t errlen)
{
    if (shards_list((const char *const *)s->paths, s->npaths, &s->shards, err, errlen) != 0)
        return -1;
    size_t opened = 0;
    char why[1024];
    if (!(s->stubs = calloc(s->shards.n, sizeof *s->stubs))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < s->shards.n; i++) {
        /* Before opening: a switch after this is then seen (searcher_refresh). */
        if (s->shards.v[i].kind == SHARD_LOCAL)
            stub_stat(s->shards.v[i].where, &s->stubs[i]);
        if (shard_open(&s->shards.v[i], &s->shard_opts, why, sizeof why) == 0) {
            opened++;
            continue;
        }
        if (!s->shard_opts.allow_partial || s->shards.n == 1) {
            snprintf(err, errlen, "%s", why);
            return -1;
        }
        fprintf(stderr, "quarry-query: warning: %s; searching the other shards "
                "(--allow-partial)\n", why);
        if (left_out(s, s->shards.v[i].name) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    if (opened == 0) {
        snprintf(err, errlen, "no shard could be opened");
        return -1;
    }
    char note[512];
    /* One shard searched alone is a choice, said on every page; among
     * several, a missing one is a mistake unless partial answers will do. */
    int alone = s->shards.n == 1;
    int agree = shards_agree(&s->shards, s->shard_opts.allow_partial || alone, err, errlen,
                             note, sizeof note);
    if (agree < 0)
        return -1;
    if (agree > 0 && alone)
        fprintf(stderr, "quarry-query: warning: %s\n", note);
    if (agree > 0 && left_out(s, note) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    xc_status st = xc_db_new_combined(&s->db);
    for (size_t i = 0; st == XC_OK && i < s->shards.n; i++)
        if (s->shards.v[i].db) {
            st = xc_db_add(s->db, s->shards.v[i].db);
            s->remote |= s->shards.v[i].kind != SHARD_LOCAL;
        }
    if (st != XC_OK) {
        snprintf(err, errlen, "cannot search the shards as one: %s", xc_last_error());
        return -1;
    }
    return 0;
}

int searcher_open_shards(const char *const *paths, size_t n, const shard_options *o,
                         searcher **out, char *err, size_t errlen)
{
    *out = NULL;
    searcher *s = calloc(1, sizeof *s);
    int ok = s && n > 0 && (s->paths = calloc(n, sizeof *s->paths));
    for (size_t i = 0; ok && i < n; i++)
        ok = (s->paths[s->npaths++] = strdup(paths[i])) != NULL;
    if (ok)
        ok = (s->path = strdup(paths[0])) != NULL;
    if (!ok) {
        searcher_close(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    s->shard_opts = *o;
    xc_status st = XC_OK;
    if (open_shards(s, err, errlen) != 0) {
        st = XC_DB_OPENING;
    } else {
        /* Every shard that opened records these settings (shards_agree). */
        analysis_settings settings;
        for (size_t i = 0; i < s->shards.n; i++)
            if (s->shards.v[i].db) {
                settings = s->shards.v[i].settings;
                break;
            }
        if ((st = analyser_open(&s->an, &settings)) != XC_OK) {
            snprintf(err, errlen, "%s: recorded analysis cannot be applied: %s", s->path,
                     st == XC_NO_STEMMER ? xc_last_error() : "unknown stopword list");
        } else {
            for (int i = 0; i < 4 && st == XC_OK; i++) {
                st = analyser_qparser(&s->an, s->db, i & 1, &s->parsers[i]);
                if (st == XC_OK && (i & 2))
                    st = analyser_add_ranges(s->parsers[i]);
            }
            if (st != XC_OK) {
                snprintf(err, errlen, "%s", xc_last_error());
            } else if (load_stop_terms(s) != 0) {
                snprintf(err, errlen, "out of memory");
                st = XC_NOMEM;
            }
        }
    }
    if (st != XC_OK) {
        searcher_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void searcher_close(searcher *s)
{
    if (!s)
        return;
    for (int i = 0; i < 4; i++)
        xc_qparser_free(s->parsers[i]);
    analyser_close(&s->an);
    strset_free(&s->stop_terms);
    xc_db_free(s->db);
    shards_free(&s->shards);
    for (size_t i = 0; i < s->npaths; i++)
        free(s->paths[i]);
    free(s->paths);
    free(s->partial);
    free(s->stubs);
    free(s->path);
    free(s);
}


static xc_status reopen(searcher *s, char *err, size_t errlen)
{
    searcher *fresh;
    if (searcher_open_shards((const char *const *)s->paths, s->npaths, &s->shard_opts, &fresh,
                             err, errlen) != 0)
        return XC_DB_OPENING;
    searcher old = *s;
    *s = *fresh;
    *fresh = old;
    searcher_close(fresh);
    return XC_OK;
}

int searcher_refresh(searcher *s, char *err, size_t errlen)
{
    int switched = 0;
    for (size_t i = 0; i < s->shards.n && !switched; i++) {
        if (s->shards.v[i].kind != SHARD_LOCAL)
            continue; /* a server reopens its own databases */
        struct stat now, *then = &s->stubs[i];
        stub_stat(s->shards.v[i].where, &now);
        switched = now.st_ino != then->st_ino || now.st_dev != then->st_dev ||
                   now.st_mtim.tv_sec != then->st_mtim.tv_sec ||
                   now.st_mtim.tv_nsec != then->st_mtim.tv_nsec;
    }
    /* Same generations: Xapian's reopen picks up commits in place; if it
     * fails (a generation went), open the shards afresh. */
    if (!switched && xc_db_reopen(s->db, NULL) == XC_OK)
        return 0;
    return reopen(s, err, errlen) == XC_OK ? 0 : -1;
}

unsigned searcher_passages(searcher *s)
{
    unsigned n = 0;
    return xc_db_doccount(s->db, &n) == XC_OK ? n : 0;
}

int searcher_passage(searcher *s, const char *id, schema_stored *out)
{
    char *term = schema_id_term(id), *data = NULL;
    size_t len;
    memset(out, 0, sizeof *out);
    xc_status st = term ? xc_db_term_data(s->db, term, &data, &len) : XC_NOMEM;
    free(term);
    if (st != XC_OK)
        return -1;
    if (!data)
        return 1;
    return schema_decode(data, len, out) == 0 ? 0 : -1;
}

const analysis_settings *searcher_settings(const searcher *s)
{
    return &s->an.settings;
}

/* 1 when the index's query terms are Z-prefixed stems. */
static int z_stems(const searcher *s)
{
    xc_stem_strategy st = s->an.settings.stemming;
    return strcmp(s->an.settings.language, "none") != 0 &&
           (st == XC_STEM_SOME || st == XC_STEM_ALL_Z);
}

/* Expansion and proximity terms must be plain content words: stemmed (Z)
 * terms when the index stems that way, unprefixed ones otherwise; never IDs,
 * field copies or stopwords (feedback would otherwise add "and", "is"). */
static int content_term(const char *term, void *ctx)
{
    const searcher *s = ctx;
    if (strset_contains(&s->stop_terms, term))
        return 0;
    if (z_stems(s)) {
        if (term[0] != 'Z')
            return 0;
        term++;
    }
    return !(term[0] >= 'A' && term[0] <= 'Z') && term[0] != '\0';
}

/* The index's stopword list as query terms: stemmed and prefixed as the
 * index's words are.  0, or -1 when out of memory. */
static int load_stop_terms(searcher *s)
{
    const char *const *words = strcmp(s->an.settings.stopwords, "none") == 0
                                   ? NULL
                                   : stopwords_list(s->an.settings.stopwords);
    int stems = strcmp(s->an.settings.language, "none") != 0 &&
                s->an.settings.stemming != XC_STEM_NONE;
    for (size_t i = 0; words && words[i]; i++) {
        char *stem = stems ? xc_stem_word(s->an.stem, words[i]) : strdup(words[i]);
        if (!stem)
            return -1;
        size_t len = strlen(stem);
        char *term = malloc(len + 2);
        int added = -1;
        if (term) {
            snprintf(term, len + 2, "%s%s", z_stems(s) ? "Z" : "", stem);
            added = strset_add(&s->stop_terms, term, strlen(term), 0, NULL);
        }
        free(term);
        free(stem);
        if (added < 0)
            return -1;
    }
    return 0;
}

/* Adds to *q a boost for documents where neighbouring query terms occur
 * close together.  Under STEM_SOME the stems have no positions: nothing to
 * do there. */
static xc_status add_proximity(searcher *s, const xc_query *parsed, const proximity *p,
                               xc_query **q)
{
    if (s->an.settings.stemming == XC_STEM_SOME)
        return XC_OK;
    char **terms;
    size_t n, kept = 0;
    xc_status st = xc_query_terms(parsed, &terms, &n);
    if (st != XC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (content_term(terms[i], s))
            terms[kept++] = terms[i];
        else
            free(terms[i]);
    }
    xc_query *combined = NULL;
    /* Proximity reorders what the query matches and never adds a match (a
     * NOT or a phrase in the query still holds). */
    if (kept >= 2)
        st = xc_query_add_proximity(*q, (const char *const *)terms, kept, p->window, p->weight,
                                    &combined);
    if (combined) {
        xc_query_free(*q);
        *q = combined;
    }
    xc_terms_free(terms, NULL, kept);
    return st;
}

/* How deep the first pass looks for feedback passages of different
 * questions, in feedback passages: a question rarely has more answers in
 * the head of a ranking. */
enum { FEEDBACK_SCAN = 4 };

/* The stored passage of item i of mset, decoded into *out. */
static xc_status stored_passage(searcher *s, xc_mset *mset, unsigned i, schema_stored *out)
{
    char *data;
    size_t len;
    xc_status st = xc_mset_data(mset, i, &data, &len);
    if (st != XC_OK)
        return st;
    if (schema_decode(data, len, out) != 0) { /* it frees data */
        s->bad_data = 1;
        return XC_DB_CORRUPT;
    }
    return XC_OK;
}

/* The question passage i of mset answers, as "title\nbody" in *key
 * (malloc'd); "" for a passage without one. */
static xc_status question_of(searcher *s, xc_mset *mset, unsigned i, char **key)
{
    schema_stored stored;
    *key = NULL;
    xc_status st = stored_passage(s, mset, i, &stored);
    if (st != XC_OK)
        return st;
    const char *title = stored.p.question_title, *body = stored.p.question_body;
    size_t size = strlen(title) + strlen(body) + 2;
    if ((*key = malloc(size)))
        snprintf(*key, size, "%s%s%s", title, *title || *body ? "\n" : "", body);
    schema_stored_free(&stored);
    return *key ? XC_OK : XC_NOMEM;
}

/* The feedback passages: the first e->docs of mset that answer different
 * questions, as indices into mset (items has room for e->docs).  Answers to
 * one question share its words: five of them would make that question's
 * words look like the query's topic.  Passages with no question are all
 * different. */
static xc_status feedback_items(searcher *s, xc_mset *mset, const expansion *e,
                                unsigned *items, size_t *n)
{
    strset seen = {0};
    xc_status st = XC_OK;
    *n = 0;
    /* Only the head: the first pass may be deeper (a deep page), and the
     * feedback must not depend on which page was asked for. */
    unsigned scan = xc_mset_size(mset);
    if (scan > e->docs * FEEDBACK_SCAN)
        scan = e->docs * FEEDBACK_SCAN;
    for (unsigned i = 0; i < scan && *n < e->docs && st == XC_OK; i++) {
        char *key;
        if ((st = question_of(s, mset, i, &key)) != XC_OK)
            break;
        int fresh = *key == '\0' ? 1 : strset_add(&seen, key, strlen(key), 0, NULL);
        free(key);
        if (fresh < 0)
            st = XC_NOMEM;
        else if (fresh)
            items[(*n)++] = i;
    }
    strset_free(&seen);
    return st;
}

/* Pseudo-relevance feedback from a first pass, ranked at least as deep as
 * the final one will be (*first, always returned on success).  When the
 * head of the first pass stands out (expansion.when), picks the feedback
 * passages (*items, *nitems: malloc'd indices into *first; NULL when
 * feedback passes over) and adds their best expansion terms to *q
 * (replacing it): the caller then ranks again with them as Xapian's
 * relevance set (query terms they share weigh more).  Otherwise *first is the answer: a query that feedback
 * passes over costs no second search. */
static xc_status expand_query(searcher *s, xc_enquire *enq, const expansion *e,
                              unsigned depth, xc_query **q, xc_mset **first,
                              unsigned **items, size_t *nitems)
{
    unsigned scan = e->docs * FEEDBACK_SCAN;
    xc_status st = xc_enquire_get_mset(enq, 0, depth > scan ? depth : scan, first);
    if (st != XC_OK)
        return st;
    /* The gate compares passage D (at least the 2nd: the 1st against
     * itself would never stand out) with the first; a passage the query
     * does not reach scores 0. */
    unsigned found = xc_mset_size(*first), at = e->docs < 2 ? 2 : e->docs;
    double score_at = found >= at ? xc_mset_weight(*first, at - 1) : 0;
    if (found == 0 || (e->when < 1 && score_at >= e->when * xc_mset_weight(*first, 0)))
        return XC_OK;
    if (!(*items = malloc(e->docs * sizeof **items)))
        return XC_NOMEM;
    if ((st = feedback_items(s, *first, e, *items, nitems)) != XC_OK)
        return st;
    char **terms;
    double *weights;
    size_t n;
    st = xc_enquire_expand(enq, *first, *items, *nitems, e->terms, e->min_docs, content_term,
                           s, &terms, &weights, &n);
    if (st != XC_OK || n == 0) {
        xc_terms_free(terms, weights, n);
        return st;
    }
    xc_query *extra = NULL, *combined = NULL;
    /* Each term in proportion to its expansion weight (the best counts 1),
     * so the tail of the list cannot outweigh the evidence of the head. */
    double best = weights[0] > 0 ? weights[0] : 1;
    for (size_t i = 0; i < n; i++)
        weights[i] /= best;
    st = xc_query_from_terms((const char *const *)terms, weights, n, e->weight, &extra);
    if (st == XC_OK)
        st = xc_query_combine(XC_OP_OR, *q, extra, &combined);
    if (st == XC_OK) {
        xc_query_free(*q);
        *q = combined;
        st = xc_enquire_set_query(enq, combined);
    }
    xc_query_free(extra);
    xc_terms_free(terms, weights, n);
    return st;
}

/* Marks the matches of sq in the titles and picks the snippet: from the
 * answer's body, or from the question's when only it matches (a
 * question: query), so the snippet shows where the match is.  Each field
 * is marked by the terms that can match it (query/snippet.h). */
static xc_status mark(const searcher *s, const snippet_query *sq, size_t length, hit *h)
{
    const passage *p = &h->stored.p;
    const analysis_settings *a = &s->an.settings;
    snippet_field title = {a->title_weight > 0, SCHEMA_PREFIX_TITLE};
    snippet_field body = {1, NULL};
    snippet_field question = {a->question_weight > 0, SCHEMA_PREFIX_QUESTION};
    size_t in_body = 0, in_question = 0;
    xc_status st = snippet_mark(sq, p->answer_title, title, &h->title_marked, NULL);
    if (st == XC_OK)
        st = snippet_mark(sq, p->question_title, question, &h->question_marked, NULL);
    if (st == XC_OK)
        st = snippet_best(sq, p->answer_body, length, body, &h->snippet, &in_body);
    if (st != XC_OK || in_body > 0 || !p->question_body[0])
        return st;
    char *q;
    if ((st = snippet_best(sq, p->question_body, length, question, &q, &in_question)) != XC_OK)
        return st;
    if (in_question > 0) {
        free(h->snippet);
        h->snippet = q;
        h->snippet_from_question = 1;
    } else {
        free(q);
    }
    return XC_OK;
}

/* The hit at place `place` of the page o asks for, from item i of mset;
 * sq marks the matches (NULL: no snippets). */
static xc_status fill_hit(searcher *s, xc_mset *mset, unsigned i, unsigned place,
                          const search_options *o, const snippet_query *sq, hit *h)
{
    h->rank = o->offset + place + 1;
    h->score = xc_mset_weight(mset, i);
    h->more_answers = o->per_question > 0 ? xc_mset_collapse_count(mset, i) : 0;
    /* Ranked by relevance, an item's sort key is its ID (the tie-break
     * value, set_sort_by_relevance_then_value): it comes with the ranking,
     * from a remote shard too, where reading a document is a round trip per
     * hit (MSet::fetch does not batch them in 1.4: measured, no gain). */
    if (o->ids_only && o->sort == SORT_RELEVANCE)
        return xc_mset_sort_key(mset, i, &h->id);
    if (o->ids_only) /* the ID value alone: the data is never read */
        return xc_mset_value(mset, i, SCHEMA_SLOT_ID, &h->id);
    xc_status st = stored_passage(s, mset, i, &h->stored);
    if (st != XC_OK)
        return st;
    if (!(h->id = strdup(h->stored.p.id)))
        return XC_NOMEM;
    return sq ? mark(s, sq, o->snippet_length, h) : XC_OK;
}

/* What --show-query prints: Xapian's description of q, and how many
 * feedback passages weigh its terms (Xapian's RSet does not show in it). */
static char *describe(const xc_query *q, size_t feedback)
{
    char *d = xc_query_describe(q);
    if (!d || feedback == 0)
        return d;
    size_t size = strlen(d) + 64;
    char *both = malloc(size);
    if (both)
        snprintf(both, size, "%s; relevance set: %zu passage%s", d, feedback,
                 feedback == 1 ? "" : "s");
    free(d);
    return both;
}

/* *q AND_MAYBE the answer-quality prior of o (replacing *q): it reorders
 * what *q matches, never adds a match. */
static xc_status add_prior(const search_options *o, xc_query **q)
{
    xc_query *acc = NULL, *score = NULL, *prior = NULL, *combined = NULL;
    xc_status st = XC_OK;
    if (o->prior.accepted > 0)
        st = xc_query_value_is(SCHEMA_SLOT_ACCEPTED, "1", o->prior.accepted, &acc);
    if (st == XC_OK && o->prior.score > 0)
        st = xc_query_value_weight(SCHEMA_SLOT_PRIOR, o->prior.score, &score);
    if (st == XC_OK && acc && score)
        st = xc_query_combine(XC_OP_OR, acc, score, &prior);
    const xc_query *p = prior ? prior : acc ? acc : score;
    if (st == XC_OK && p)
        st = xc_query_combine(XC_OP_AND_MAYBE, *q, p, &combined);
    if (combined) {
        xc_query_free(*q);
        *q = combined;
    }
    xc_query_free(acc);
    xc_query_free(score);
    xc_query_free(prior);
    return st;
}

/* Shards built from overlapping input hold one passage twice: a page that
 * shows an ID twice says where (the first such ID, and how many). */
static xc_status note_duplicates(searcher *s, const page *pg, hit_list *out)
{
    strset seen = {0};
    size_t twice = 0;
    unsigned first = 0, again = 0;
    for (size_t i = 0; i < out->count; i++) {
        unsigned at;
        int fresh = strset_add(&seen, out->hits[i].id, strlen(out->hits[i].id),
                               (unsigned)i, &at);
        if (fresh < 0) {
            strset_free(&seen);
            return XC_NOMEM;
        }
        if (!fresh && twice++ == 0) {
            first = at;
            again = (unsigned)i;
        }
    }
    strset_free(&seen);
    if (twice == 0)
        return XC_OK;
    const char *a =
        s->shards.v[shards_of_docid(&s->shards, xc_mset_docid(pg->mset, pg->items[first]))].name;
    const char *b =
        s->shards.v[shards_of_docid(&s->shards, xc_mset_docid(pg->mset, pg->items[again]))].name;
    const char *id = out->hits[again].id;
    size_t len = strlen(id) + strlen(a) + strlen(b) + 160;
    if (!(out->duplicates = malloc(len)))
        return XC_NOMEM;
    snprintf(out->duplicates, len, "passage ID %s is in shards %s and %s (%zu ID%s of this "
             "page twice): the shards overlap", id, a, b, twice, twice == 1 ? "" : "s");
    return XC_OK;
}

/* How the final ranking is asked for (page_fetch): with the feedback
 * passages as Xapian's relevance set, or without. */
typedef struct ranking_fetch {
    xc_enquire *enq;
    const xc_mset *first;  /* the first pass the feedback passages are in */
    const unsigned *items; /* NULL: no feedback */
    size_t nitems;
} ranking_fetch;

static xc_status fetch_ranking(void *ctx, unsigned first, unsigned count, xc_mset **out)
{
    const ranking_fetch *f = ctx;
    return f->items ? xc_enquire_get_mset_relevant(f->enq, first, count, f->first, f->items,
                                                   f->nitems, out)
                    : xc_enquire_get_mset(f->enq, first, count, out);
}

/* One attempt; XC_DB_MODIFIED means the caller should reopen and retry. */
static xc_status run_once(searcher *s, const xc_query *parsed, const xc_query *ranking,
                          const search_options *o, double deadline, hit_list *out)
{
    xc_enquire *enq;
    xc_status st = xc_enquire_new(s->db, &enq);
    if (st != XC_OK)
        return st;
    xc_enquire_set_deadline(enq, deadline);
    xc_query *q = NULL;
    xc_mset *first = NULL;
    unsigned *items = NULL; /* the feedback passages in first */
    size_t nitems = 0;
    page pg = {0};
    /* proximity and expansion replace it */
    st = ranking ? xc_query_combine(XC_OP_AND_MAYBE, parsed, ranking, &q)
                 : xc_query_clone(parsed, &q);
    if (st == XC_OK && o->near.window > 0)
        st = add_proximity(s, parsed, &o->near, &q);
    if (st == XC_OK && (o->prior.accepted > 0 || o->prior.score > 0))
        st = add_prior(o, &q);
    if (st == XC_OK)
        st = xc_enquire_set_query(enq, q);
    if (st == XC_OK)
        st = xc_enquire_set_weighting(enq, o->model, o->params, o->nparams);
    if (st == XC_OK)
        st = xc_enquire_set_tiebreak_value(enq, SCHEMA_SLOT_ID);
    if (st == XC_OK && o->sort != SORT_RELEVANCE) /* highest first */
        st = xc_enquire_set_sort_by_value(
            enq, o->sort == SORT_SCORE ? SCHEMA_SLOT_SCORE : SCHEMA_SLOT_DATE, 1);
    if (st == XC_OK && o->per_question > 0)
        st = xc_enquire_set_collapse_key(enq, SCHEMA_SLOT_QUESTION, o->per_question);
    /* Past the page: page_order looks beyond its end for ties. */
    unsigned depth = o->offset + o->limit + PAGE_LOOKAHEAD, asked = 0;
    if (st == XC_OK && o->expand.docs > 0 && xc_query_term_count(parsed) > 0) {
        st = expand_query(s, enq, &o->expand, depth, &q, &first, &items, &nitems);
        asked = depth > o->expand.docs * FEEDBACK_SCAN ? depth : o->expand.docs * FEEDBACK_SCAN;
    }
    if (st == XC_OK && o->describe && !(out->description = describe(q, items ? nitems : 0)))
        st = XC_NOMEM;
    ranking_fetch fetch = {enq, first, items, nitems};
    if (st == XC_OK) {
        /* Feedback applied: rank again; passed over: the first pass is the
         * ranking (page_order owns it from here). */
        xc_mset *ranked = items ? NULL : first;
        if (!items)
            first = NULL;
        st = page_order(fetch_ranking, &fetch, ranked, asked, o->offset, o->limit,
                        o->sort != SORT_RELEVANCE, !s->remote, SCHEMA_SLOT_ID, &pg);
    }
    if (st == XC_OK) {
        unsigned n = pg.count;
        out->estimated = xc_mset_matches_estimated(pg.mset);
        out->per_question = o->per_question;

        out->hits = calloc(n ? n : 1, sizeof *out->hits);
        if (!out->hits)
            st = XC_NOMEM;
        /* Matches are the user's query's (not feedback's or proximity's). */
        snippet_query *sq = NULL;
        if (st == XC_OK && n > 0 && o->snippet_length > 0 && !o->ids_only)
            st = snippet_query_new(parsed, &s->an, &sq);
        for (unsigned i = 0; st == XC_OK && i < n; i++) {
            st = fill_hit(s, pg.mset, pg.items[i], i, o, sq, &out->hits[i]);
            out->count = i + 1;
        }
        snippet_query_free(sq);
        if (st == XC_OK && s->shards.n > 1)
            st = note_duplicates(s, &pg, out);
        /* A remote server collapses its own matches and sends only what it
         * kept: the client's counts of the rest are 0.  Unknown, not 0,
         * where a passage has a question (others are never collapsed). */
        for (size_t i = 0; s->remote && o->per_question > 0 && i < out->count; i++) {
            const char *key = out->hits[i].stored.p.question_key;
            if (key && *key) {
                out->per_question = 0;
                out->collapse_uncounted = 1;
            }
        }
        if (st == XC_OK && s->partial && !(out->partial = strdup(s->partial)))
            st = XC_NOMEM;
    }
    page_free(&pg);
    xc_mset_free(first);
    free(items);
    xc_query_free(q);
    xc_enquire_free(enq);
    return st;
}

/* A failure that reopening did not cure: the files themselves are bad. */
static void unreadable(const char *path, char *err, size_t errlen)
{
    unsigned n;
    char gen[32] = "";
    if (index_stub_read(path, &n) == 0)
        snprintf(gen, sizeof gen, "/gen-%06u", n);
    snprintf(err, errlen, "index %s%s is unreadable or corrupt: reading it failed %d "
             "times, reopened each time (%s); run quarry-index --check -d %s", path, gen,
             REOPEN_RETRIES + 1, xc_last_error(), path);
}

/* The stopwords of full (a query parsed with them) as one query of their
 * own, into *out; NULL when it has none. */
static xc_status stopwords_of(const searcher *s, const xc_query *full, double factor,
                              xc_query **out)
{
    char **terms;
    size_t n, kept = 0;
    *out = NULL;
    xc_status st = xc_query_terms(full, &terms, &n);
    if (st != XC_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if (strset_contains(&s->stop_terms, terms[i]))
            terms[kept++] = terms[i];
        else
            free(terms[i]);
    }
    if (kept > 0)
        st = xc_query_from_terms((const char *const *)terms, NULL, kept, factor, out);
    xc_terms_free(terms, NULL, kept);
    return st;
}

/* Parses query for o: into *parsed what matches; with STOPWORDS_RANK and a
 * stopword in the query, into *ranking the query's stopwords (else NULL),
 * which only add their weight to what *parsed matches: the passages the
 * other words match are ranked as with the stopwords kept. */
static xc_status parse(searcher *s, const char *query, const search_options *o, int ranges,
                       xc_query **parsed, xc_query **ranking)
{
    int parser = (o->stopwords != STOPWORDS_KEEP ? 1 : 0) + (ranges ? 2 : 0);
    *ranking = NULL;
    xc_status st = xc_qparser_parse(s->parsers[parser], query, o->default_and, parsed);
    if (st != XC_OK || o->stopwords != STOPWORDS_RANK ||
        (o->stopword_max_terms > 0 && xc_query_term_count(*parsed) > o->stopword_max_terms))
        return st;
    xc_query *full;
    st = xc_qparser_parse(s->parsers[parser & 2], query, o->default_and, &full);
    if (st == XC_OK && xc_query_term_count(full) > xc_query_term_count(*parsed)) {
        if (xc_query_term_count(*parsed) == 0) { /* only stopwords: they are the query */
            xc_query_free(*parsed);
            *parsed = full;
            full = NULL;
        } else {
            st = stopwords_of(s, full, o->stopword_weight, ranking);
        }
    }
    xc_query_free(full);
    if (st != XC_OK) {
        xc_query_free(*parsed);
        *parsed = NULL;
    }
    return st;
}

int searcher_run(searcher *s, const char *query, const search_options *o,
                 hit_list *out, xc_status *status, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    s->bad_data = 0;
    *status = XC_QUERY_SYNTAX; /* what a query over the limits is */
    if (query_limits_check_text(&o->limits, query, err, errlen) != 0)
        return -1;
    char why[512];
    int ranges;
    if (query_fields_check(query, &ranges, why, sizeof why) != 0) {
        snprintf(err, errlen, "malformed query '%s': %s", query, why);
        return -1;
    }
    xc_query *parsed, *ranking;
    xc_status st = parse(s, query, o, ranges, &parsed, &ranking);
    if (st == XC_OK &&
        query_limits_check_terms(&o->limits,
                                 xc_query_term_count(ranking ? ranking : parsed),
                                 o->near.window > 0, err, errlen) != 0) {
        xc_query_free(parsed);
        xc_query_free(ranking);
        return -1;
    }
    /* One deadline for every pass and retry of this query. */
    double deadline = o->time_limit > 0 ? progress_now() + o->time_limit : 0;
    if (st == XC_OK) {
        for (int attempt = 0;; attempt++) {
            st = run_once(s, parsed, ranking, o, deadline, out);
            if (!worth_reopening(st) || attempt == REOPEN_RETRIES)
                break;
            hit_list_free(out);
            xc_query_free(parsed);
            xc_query_free(ranking);
            parsed = ranking = NULL;
            if ((st = reopen(s, err, errlen)) != XC_OK) {
                *status = st;
                return -1; /* err says why the index could not be reopened */
            }
            /* The parser belongs to the index it was made for. */
            if ((st = parse(s, query, o, ranges, &parsed, &ranking)) != XC_OK)
                break;
        }
        xc_query_free(parsed);
        xc_query_free(ranking);
    }
    *status = st;
    if (st == XC_OK)
        return 0;
    hit_list_free(out);
    if (st == XC_QUERY_SYNTAX && ranges && strstr(xc_last_error(), "Unknown range operation"))
        snprintf(err, errlen, "malformed query '%s': with score: or date: in a query, every "
                 "word holding '..' is read as a range (even in quotes): drop the dots", query);
    else if (st == XC_QUERY_SYNTAX)
        snprintf(err, errlen, "malformed query '%s': %s", query, xc_last_error());
    else if (st == XC_TIME_LIMIT)
        snprintf(err, errlen, "query '%s' stopped: its matching ran past the time limit "
                 "(%g s)", query, o->time_limit);
    else if (s->bad_data)
        snprintf(err, errlen, "a stored passage is not Quarry's (index damaged?); run "
                 "quarry-index --check -d %s", s->path);
    else if (st == XC_NETWORK)
        snprintf(err, errlen, "a remote shard failed, reconnected %d times: %s",
                 REOPEN_RETRIES, xc_last_error());
    else if (worth_reopening(st) || st == XC_DB_CORRUPT)
        unreadable(s->path, err, errlen);
    else
        snprintf(err, errlen, "%s", st == XC_NOMEM ? "out of memory" : xc_last_error());
    return -1;
}

void hit_list_free(hit_list *hits)
{
    for (size_t i = 0; i < hits->count; i++) {
        schema_stored_free(&hits->hits[i].stored);
        free(hits->hits[i].id);
        free(hits->hits[i].title_marked);
        free(hits->hits[i].question_marked);
        free(hits->hits[i].snippet);
    }
    free(hits->hits);
    free(hits->description);
    free(hits->partial);
    free(hits->duplicates);
    memset(hits, 0, sizeof *hits);
}
