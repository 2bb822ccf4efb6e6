/* index_writer.c - one writable index, the settings it records, and the
 * replace-by-source rule. */
#include "indexer/index_writer.h"

#include "common/schema.h"
#include "indexer/passage_document.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct index_writer {
    xc_wdb *db;
    analyser an;
    xc_termgen *tg;
    const diag_sink *sink;
    int fresh;            /* new index: no old passages to drop */
    char *source;         /* key of the current source */
    int source_cleared;   /* its old passages are gone */
    unsigned long added, failed;
};

/* Reads the settings an existing index records into *s.  Returns 1 when
 * there is no index at path, 0 when read, -1 with err on failure. */
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
        snprintf(err, errlen, "%s: %s", path, why);
    xc_db_free(db);
    return rc;
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
    if (rc == 0 && opt->settings_given && !analysis_equal(&recorded, &opt->settings)) {
        snprintf(err, errlen, "index %s analyses text as language '%s', stopwords "
                 "'%s', title weight %u, question weight %u; it cannot be updated "
                 "with other settings (rebuild it instead)", opt->path,
                 recorded.language, recorded.stopwords, recorded.title_weight,
                 recorded.question_weight);
        return -1;
    }
    index_writer *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->sink = opt->sink;
    w->fresh = rc == 1;
    const analysis_settings *s = rc == 0 ? &recorded : &opt->settings;
    xc_status st = analyser_open(&w->an, s);
    if (st != XC_OK) {
        snprintf(err, errlen, "%s", st == XC_NO_STEMMER ? xc_last_error()
                                                        : "unknown stopword list");
        free(w);
        return -1;
    }
    unsigned flags = opt->wait_for_lock ? XC_WDB_WAIT_LOCK : 0;
    st = xc_wdb_open(opt->path, flags, &w->db);
    if (st == XC_DB_LOCKED)
        snprintf(err, errlen, "index %s is locked by another quarry-index", opt->path);
    else if (st != XC_OK)
        snprintf(err, errlen, "cannot open index %s for writing: %s", opt->path,
                 xc_last_error());
    if (st == XC_OK) {
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

static xc_status clear_source(index_writer *w)
{
    w->source_cleared = 1;
    if (w->fresh)
        return XC_OK;
    char *term = schema_source_term(w->source);
    if (!term)
        return XC_NOMEM;
    xc_status st = xc_wdb_delete_by_term(w->db, term);
    free(term);
    return st;
}

void index_writer_begin_source(index_writer *w, const char *key)
{
    free(w->source);
    w->source = strdup(key);
    w->source_cleared = 0;
}

xc_status index_writer_add(index_writer *w, const passage *p)
{
    if (!w->source)
        return XC_NOMEM;
    xc_status st = w->source_cleared ? XC_OK : clear_source(w);
    xc_doc *doc = NULL;
    if (st == XC_OK)
        st = passage_document(w->tg, &w->an.settings, p, w->source, &doc);
    char *id_term = st == XC_OK ? schema_id_term(p->id) : NULL;
    if (st == XC_OK && !id_term)
        st = XC_NOMEM;
    if (st == XC_OK)
        st = xc_wdb_replace_by_term(w->db, id_term, doc);
    free(id_term);
    xc_doc_free(doc);
    if (st == XC_OK)
        w->added++;
    else
        w->failed++;
    return st;
}

xc_status index_writer_end_source(index_writer *w, int read_ok)
{
    xc_status st = XC_OK;
    if (read_ok && w->source && !w->source_cleared)
        st = clear_source(w);
    free(w->source);
    w->source = NULL;
    return st;
}

int index_writer_passage_fn(const passage *p, void *ctx)
{
    index_writer *w = ctx;
    xc_status st = index_writer_add(w, p);
    if (st != XC_OK)
        diag(w->sink, DIAG_ERROR, p->source, p->line, "passage %s not indexed: %s",
             p->id, st == XC_NOMEM ? "out of memory" : xc_last_error());
    /* A full disk or a broken database fails every later passage too. */
    return st == XC_OK || st == XC_INVALID_ARGUMENT ? 0 : (int)st;
}

xc_status index_writer_commit(index_writer *w)
{
    return xc_wdb_commit(w->db);
}

xc_status index_writer_doccount(index_writer *w, unsigned *out)
{
    return xc_wdb_doccount(w->db, out);
}

unsigned long index_writer_added(const index_writer *w)
{
    return w->added;
}

unsigned long index_writer_failed(const index_writer *w)
{
    return w->failed;
}

void index_writer_close(index_writer *w)
{
    if (!w)
        return;
    xc_termgen_free(w->tg);
    xc_wdb_free(w->db);
    analyser_close(&w->an);
    free(w->source);
    free(w);
}
