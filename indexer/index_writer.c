/* index_writer.c - one writable database, the settings it records, the
 * replace-by-ID and drop-what-is-gone rules, and batched commits. */
#include "indexer/index_writer.h"

#include "common/schema.h"
#include "common/strset.h"
#include "indexer/passage_document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_BATCH = 10000 };

struct index_writer {
    xc_wdb *db;
    analyser an;
    xc_termgen *tg;
    const diag_sink *sink;
    int fresh;              /* created by this writer: nothing to diff */
    int in_transaction;
    unsigned long batch_size, pending;
    char *source;           /* key of the current source */
    char rejection[128];    /* why the last passage was refused, or "" */
    strset seen;            /* IDs the current source gave (not fresh) */
    index_writer_stats stats;
};

/* Reads the settings an existing database records into *s.  Returns 1 when
 * there is no database at path, 0 when read, -1 with err on failure. */
static int existing_settings(const char *path, analysis_settings *s,
                             char *err, size_t errlen)
{
    xc_db *db;
    xc_status st = xc_db_open(path, &db);
    if (st == XC_DB_NOT_FOUND)
        return 1;
    if (st != XC_OK) {
        snprintf(err, errlen, "cannot open index %s: %s", path, xc_last_error());
        return -1;
    }
    unsigned count = 0;
    char why[256];
    int rc = analysis_load(db, s, why, sizeof why);
    if (rc != 0 && xc_db_doccount(db, &count) == XC_OK && count == 0)
        rc = 1; /* an empty database (say, one a crash left) is as good as none */
    else if (rc != 0)
        snprintf(err, errlen, "%s: %s%s", path, why,
                 rc == ANALYSIS_DAMAGED ? "; the index looks damaged (quarry-index --check)"
                                        : "");
    xc_db_free(db);
    return rc < 0 ? -1 : rc;
}

int index_writer_open(const index_writer_options *opt, index_writer **out,
                      char *err, size_t errlen)
{
    *out = NULL;
    err[0] = '\0';
    analysis_settings recorded;
    int rc = existing_settings(opt->path, &recorded, err, errlen);
    if (rc < 0)
        return -1;
    if (rc == 0 && analysis_differs(&recorded, &opt->settings, opt->settings_given)) {
        char shard[48] = ", not a shard";
        if (recorded.shard_n > 0)
            snprintf(shard, sizeof shard, ", shard %u/%u", recorded.shard_k, recorded.shard_n);
        snprintf(err, errlen, "index %s analyses text as language '%s', stemming '%s', "
                 "stopwords '%s', title weight %u, question weight %u, question body "
                 "weight %u, tag weight %u%s; it cannot be updated with other settings "
                 "(use --rebuild to change them)", opt->path, recorded.language,
                 analysis_stemming_name(recorded.stemming), recorded.stopwords,
                 recorded.title_weight, recorded.question_weight,
                 recorded.question_body_weight, recorded.tag_weight, shard);
        return -1;
    }
    index_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->sink = opt->sink;
    w->fresh = rc == 1;
    w->batch_size = opt->batch_size ? opt->batch_size : DEFAULT_BATCH;
    const analysis_settings *s = rc == 0 ? &recorded : &opt->settings;
    xc_status st = analyser_open(&w->an, s);
    if (st != XC_OK) {
        snprintf(err, errlen, "%s", st == XC_NO_STEMMER ? xc_last_error()
                                                        : "unknown stopword list");
        free(w);
        return -1;
    }
    st = xc_wdb_open(opt->path, w->fresh ? XC_WDB_OVERWRITE : 0, &w->db);
    if (st != XC_OK) {
        snprintf(err, errlen, "cannot open index %s for writing: %s", opt->path,
                 xc_last_error());
    } else {
        if (w->fresh)
            st = analysis_save(w->db, s);
        if (st == XC_OK)
            st = analyser_termgen(&w->an, &w->tg);
        if (st != XC_OK)
            snprintf(err, errlen, "cannot initialise index %s: %s", opt->path,
                     xc_last_error());
    }
    if (st != XC_OK) {
        index_writer_close(w);
        return -1;
    }
    *out = w;
    return 0;
}

const analysis_settings *index_writer_settings(const index_writer *w)
{
    return &w->an.settings;
}

xc_status index_writer_commit(index_writer *w)
{
    xc_status st = XC_OK;
    if (w->in_transaction) {
        st = xc_wdb_commit_transaction(w->db);
        w->in_transaction = 0;
    } else if (w->pending) {
        st = xc_wdb_commit(w->db);
    }
    if (st == XC_OK && w->pending)
        w->stats.commits++;
    w->pending = 0;
    return st;
}

/* Opens the batch's transaction if none is open: a live database must only
 * ever show whole batches (a new one is invisible until the switch). */
static xc_status open_batch(index_writer *w)
{
    if (w->fresh || w->in_transaction)
        return XC_OK;
    xc_status st = xc_wdb_begin_transaction(w->db);
    w->in_transaction = st == XC_OK;
    return st;
}

/* Called before each write: commits a full batch, opens the next. */
static xc_status before_write(index_writer *w)
{
    xc_status st = XC_OK;
    if (w->pending >= w->batch_size)
        st = index_writer_commit(w);
    if (st == XC_OK)
        st = open_batch(w);
    if (st == XC_OK)
        w->pending++;
    return st;
}

int index_writer_begin_source(index_writer *w, const char *key)
{
    free(w->source);
    strset_free(&w->seen);
    w->source = strdup(key);
    return w->source ? 0 : -1;
}

/* 1 when the database holds p already, byte for byte. */
static xc_status unchanged(index_writer *w, const char *id_term, const char *hash,
                           int *same)
{
    char *old;
    xc_status st = xc_wdb_value_by_term(w->db, id_term, SCHEMA_SLOT_HASH, &old);
    *same = st == XC_OK && old && strcmp(old, hash) == 0;
    free(old);
    return st;
}

const char *index_writer_rejection(const index_writer *w)
{
    return w->rejection[0] ? w->rejection : NULL;
}

xc_status index_writer_add(index_writer *w, const passage *p)
{
    w->rejection[0] = '\0';
    size_t len = 0;
    char *data = schema_encode(p, &len);
    char *id_term = schema_id_term(p->id);
    char hash[9];
    xc_status st = data && id_term && w->source ? XC_OK : XC_NOMEM;
    int same = 0, repeated = 0;
    unsigned count = 0;
    if (st == XC_OK && !w->fresh) {
        /* The source's IDs so far: a live database holds the old versions. */
        int added = strset_add(&w->seen, p->id, strlen(p->id), 0, NULL);
        if (added < 0)
            st = XC_NOMEM;
        repeated = added == 0;
    } else if (st == XC_OK) {
        /* A new database holds only this run's passages: the term tells. */
        st = xc_wdb_termfreq(w->db, id_term, &count);
        repeated = count > 0;
    }
    if (repeated)
        diag(w->sink, DIAG_WARNING, p->source, p->line,
             "duplicate ID '%.200s': replaces the passage given before", p->id);
    if (st == XC_OK)
        schema_hash(data, len, hash);
    if (st == XC_OK && !w->fresh)
        st = unchanged(w, id_term, hash, &same);
    xc_doc *doc = NULL;
    if (st == XC_OK && !same) {
        st = passage_document(w->tg, &w->an.settings, p, w->source, data, len, hash, &doc);
        if (st == XC_OK)
            st = before_write(w);
        /* Adding skips the search for an old version a new ID cannot have. */
        if (st == XC_OK)
            st = w->fresh && !repeated ? xc_wdb_add(w->db, doc)
                                       : xc_wdb_replace_by_term(w->db, id_term, doc);
    }
    xc_doc_free(doc);
    free(data);
    free(id_term);
    if (st != XC_OK)
        w->stats.failed++;
    else if (same)
        w->stats.unchanged++;
    else
        w->stats.written++;
    return st;
}

typedef struct stale_scan {
    index_writer *w;
    unsigned *docids;
    size_t count, cap;
    int nomem;
} stale_scan;

/* Collects the documents of the source whose ID was not given again. */
static int collect_stale(unsigned docid, const char *id, void *ctx)
{
    stale_scan *s = ctx;
    if (strset_contains(&s->w->seen, id))
        return 0;
    if (s->count == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        unsigned *d = realloc(s->docids, cap * sizeof *d);
        if (!d) {
            s->nomem = 1;
            return 1;
        }
        s->docids = d;
        s->cap = cap;
    }
    s->docids[s->count++] = docid;
    return 0;
}

/* Deletes the current source's passages that were not given again (all of
 * them when keep_seen is 0). */
static xc_status delete_unseen(index_writer *w, const char *key, int keep_seen)
{
    char *term = schema_source_term(key);
    if (!term)
        return XC_NOMEM;
    stale_scan scan = {w, NULL, 0, 0, 0};
    if (!keep_seen)
        strset_free(&w->seen);
    xc_status st = xc_wdb_postings(w->db, term, SCHEMA_SLOT_ID, collect_stale, &scan);
    free(term);
    if (st == XC_OK && scan.nomem)
        st = XC_NOMEM;
    for (size_t i = 0; st == XC_OK && i < scan.count; i++) {
        st = before_write(w);
        if (st == XC_OK)
            st = xc_wdb_delete_docid(w->db, scan.docids[i]);
        if (st == XC_OK)
            w->stats.deleted++;
    }
    free(scan.docids);
    return st;
}

xc_status index_writer_end_source(index_writer *w, int read_ok)
{
    xc_status st = XC_OK;
    if (read_ok && !w->fresh && w->source)
        st = delete_unseen(w, w->source, 1);
    free(w->source);
    w->source = NULL;
    strset_free(&w->seen);
    return st;
}

xc_status index_writer_drop_source(index_writer *w, const char *key)
{
    return delete_unseen(w, key, 0);
}

xc_status index_writer_set_metadata(index_writer *w, const char *key, const char *value)
{
    xc_status st = open_batch(w);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(w->db, key, value);
    if (st == XC_OK && !w->pending)
        w->pending = 1; /* a commit is due even if no passage changed */
    return st;
}

xc_status index_writer_get_metadata(index_writer *w, const char *key, char **out)
{
    return xc_wdb_get_metadata(w->db, key, out);
}

xc_status index_writer_metadata_each(index_writer *w, const char *prefix,
                                     xc_metadata_fn fn, void *ctx)
{
    return xc_wdb_metadata_each(w->db, prefix, fn, ctx);
}

int index_writer_passage_fn(const passage *p, void *ctx)
{
    index_writer *w = ctx;
    xc_status st = index_writer_add(w, p);
    const char *why = index_writer_rejection(w);
    if (why)
        diag(w->sink, DIAG_ERROR, p->source, p->line, "passage %.100s%s not indexed: %s",
             p->id, strlen(p->id) > 100 ? "..." : "", why);
    else if (st != XC_OK)
        diag(w->sink, DIAG_ERROR, p->source, p->line, "passage %s not indexed: %s",
             p->id, st == XC_NOMEM ? "out of memory" : xc_last_error());
    /* A refused passage is only that one; any other failure (a full disk, a
     * broken database) has lost the batch and fails what follows too. */
    return st == XC_OK || why ? 0 : (int)st;
}

xc_status index_writer_doccount(index_writer *w, unsigned *out)
{
    return xc_wdb_doccount(w->db, out);
}

const index_writer_stats *index_writer_stats_of(const index_writer *w)
{
    return &w->stats;
}

void index_writer_close(index_writer *w)
{
    if (!w)
        return;
    if (w->in_transaction)
        xc_wdb_cancel_transaction(w->db);
    xc_termgen_free(w->tg);
    xc_wdb_free(w->db);
    analyser_close(&w->an);
    free(w->source);
    strset_free(&w->seen);
    free(w);
}
