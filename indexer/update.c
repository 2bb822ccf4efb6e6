/* update.c - the in-place incremental update. */
#include "indexer/update.h"

#include "common/strset.h"
#include "indexer/index_writer.h"
#include "indexer/manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Is the file at path (absolute) under one of the roots (absolute)? */
static int under_roots(const char *path, char **abs_roots, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(abs_roots[i]);
        if (abs_roots[i][0] && strncmp(path, abs_roots[i], len) == 0 &&
            (path[len] == '\0' || path[len] == '/' || abs_roots[i][len - 1] == '/'))
            return 1;
    }
    return 0;
}

typedef struct vanished {
    const strset *seen;   /* manifest keys of the files walked */
    char **abs_roots;
    int nroots;
    char **keys;          /* manifest keys of files that are gone */
    char **sources;
    size_t count, cap;
    int nomem;
} vanished;

static int collect_vanished(const char *key, const char *value, void *ctx)
{
    vanished *v = ctx;
    fingerprint fp;
    char *source, *path;
    if (strset_contains(v->seen, key) || manifest_parse(value, &fp, &source, &path) != 0)
        return 0;
    int gone = under_roots(path, v->abs_roots, v->nroots);
    free(path);
    if (!gone) {
        free(source);
        return 0;
    }
    if (v->count == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 16;
        char **k = realloc(v->keys, cap * sizeof *k);
        if (k)
            v->keys = k;
        char **s = k ? realloc(v->sources, cap * sizeof *s) : NULL;
        if (!s) {
            free(source);
            v->nomem = 1;
            return 1;
        }
        v->sources = s;
        v->cap = cap;
    }
    v->keys[v->count] = strdup(key);
    v->sources[v->count] = source;
    v->count++;
    return 0;
}

/* Deletes the passages of every file under the roots that was not walked. */
static xc_status remove_vanished(index_writer *w, const strset *seen, char *const *roots,
                                 int nroots, unsigned long *removed)
{
    char **abs = calloc((size_t)nroots + 1, sizeof *abs);
    if (!abs)
        return XC_NOMEM;
    for (int i = 0; i < nroots; i++)
        abs[i] = realpath(roots[i], NULL); /* NULL: the root is gone; match nothing */
    for (int i = 0; i < nroots; i++)
        if (!abs[i])
            abs[i] = strdup("");
    vanished v = {seen, abs, nroots, NULL, NULL, 0, 0, 0};
    xc_status st = index_writer_metadata_each(w, MANIFEST_PREFIX, collect_vanished, &v);
    if (st == XC_OK && v.nomem)
        st = XC_NOMEM;
    for (size_t i = 0; i < v.count; i++) {
        if (st == XC_OK && v.keys[i] && v.sources[i]) {
            st = index_writer_drop_source(w, v.sources[i]);
            if (st == XC_OK)
                st = index_writer_set_metadata(w, v.keys[i], "");
            if (st == XC_OK)
                (*removed)++;
        }
        free(v.keys[i]);
        free(v.sources[i]);
    }
    free(v.keys);
    free(v.sources);
    for (int i = 0; i < nroots; i++)
        free(abs[i]);
    free(abs);
    return st;
}

/* Decides whether f must be read again.  Returns 1 (read it; *key and
 * *value are its new manifest entry), 0 (unchanged), -1 (reported). */
static int changed(index_job *job, index_writer *w, const walk_file *f, char **key,
                   char **value, xc_status *st)
{
    fingerprint now, then;
    char *source = NULL, *old_abs = NULL, *old = NULL;
    *key = *value = NULL;
    if (f->is_stdin)
        return 1; /* nothing to compare: always read, passages replaced by source */
    char *abs = fingerprint_stat(f->path, &now) == 0 ? manifest_path(f->path) : NULL;
    if (!abs || !(*key = manifest_key(abs))) {
        diag(job->sink, DIAG_ERROR, f->path, 0, "%s; skipped", strerror(errno));
        free(abs);
        return -1;
    }
    if ((*st = index_writer_get_metadata(w, *key, &old)) != XC_OK) {
        free(abs);
        return -1;
    }
    int parsed = manifest_parse(old, &then, &source, &old_abs) == 0;
    int known = parsed && strcmp(source, f->id_base) == 0;
    /* The same file under another root argument: its passages had other IDs;
     * drop them, or both copies would stay. */
    if (parsed && !known)
        *st = index_writer_drop_source(w, source);
    free(source);
    free(old_abs);
    if (*st != XC_OK) {
        free(old);
        free(abs);
        return -1;
    }
    /* A file read with errors last time is read (and reported) again. */
    int same = known && !then.retry && then.size == now.size &&
               then.mtime_ns == now.mtime_ns;
    if (!same && fingerprint_hash(f->path, &now) != 0) {
        diag(job->sink, DIAG_ERROR, f->path, 0, "%s; skipped", strerror(errno));
        free(old);
        free(abs);
        return -1;
    }
    if (!same && known && !then.retry && then.size == now.size && then.crc == now.crc) {
        /* Touched, not changed: remember the new mtime, read nothing. */
        char *v = manifest_value(&now, f->id_base, abs);
        *st = v ? index_writer_set_metadata(w, *key, v) : XC_NOMEM;
        free(v);
        same = 1;
    }
    free(old);
    if (same || *st != XC_OK) {
        free(abs);
        return *st == XC_OK ? 0 : -1;
    }
    *value = manifest_value(&now, f->id_base, abs);
    free(abs);
    if (!*value) {
        *st = XC_NOMEM;
        return -1;
    }
    return 1;
}

int update_run(index_job *job, generations *g, const walk_list *files,
               char *const *roots, int nroots, update_result *out)
{
    memset(out, 0, sizeof *out);
    char err[1024];
    char *path = gen_path(g, g->live);
    index_writer_options opt = {path, job->settings, job->settings_given, job->batch_size,
                                job->sink};
    index_writer *w;
    if (!path || index_writer_open(&opt, &w, err, sizeof err) != 0) {
        job_fatal("%s", path ? err : "out of memory");
        free(path);
        return -1;
    }
    /* An update reads the files as the index was built: its shard only. */
    const analysis_settings *recorded = index_writer_settings(w);
    job->settings.shard_k = recorded->shard_k;
    job->settings.shard_n = recorded->shard_n;
    strset seen = {0};
    xc_status st = XC_OK;
    int fatal = 0;
    job->files_total = files->count;
    for (size_t i = 0; i < files->count && !fatal && !job_stop_signal; i++) {
        const walk_file *f = &files->files[i];
        char *key, *value;
        job->files_done = i;
        int c = changed(job, w, f, &key, &value, &st);
        if (key && strset_add(&seen, key, strlen(key), 0, NULL) < 0)
            st = XC_NOMEM;
        if (c == 0)
            out->files_unchanged++;
        if (c == 1 && st == XC_OK && index_writer_begin_source(w, f->id_base) != 0)
            st = XC_NOMEM;
        if (c == 1 && st == XC_OK) {
            unsigned long failed = index_writer_stats_of(w)->failed;
            int rc = job_read_file(job, f, index_writer_passage_fn, w);
            out->files_read++;
            fatal = rc > 0;
            if (!fatal) {
                st = index_writer_end_source(w, rc == 0);
                if (st == XC_OK && rc == 0 && value &&
                    (job->file_errors || index_writer_stats_of(w)->failed > failed) &&
                    manifest_mark_retry(&value) != 0)
                    st = XC_NOMEM;
                /* A file that could not be read keeps its old entry (and
                 * passages), so the next run tries it again. */
                if (st == XC_OK && rc == 0 && key)
                    st = index_writer_set_metadata(w, key, value);
            }
        }
        fatal |= st != XC_OK;
        free(key);
        free(value);
    }
    fatal |= job_stop_signal != 0; /* the open batch is cancelled */
    if (!fatal)
        st = remove_vanished(w, &seen, roots, nroots, &out->files_removed);
    if (!fatal && st == XC_OK)
        st = index_writer_commit(w);
    if (!fatal && st == XC_OK)
        st = index_writer_doccount(w, &out->total);
    if (st != XC_OK)
        job_fatal("%s: %s", path, st == XC_NOMEM ? "out of memory" : xc_last_error());
    else if (fatal && !job_stop_signal)
        job_fatal("%s: stopped: the index could not be written", path);
    const index_writer_stats *s = index_writer_stats_of(w);
    out->written = s->written;
    out->unchanged = s->unchanged;
    out->deleted = s->deleted;
    out->commits = s->commits;
    index_writer_close(w);
    strset_free(&seen);
    free(path);
    return st == XC_OK && !fatal ? 0 : -1;
}
