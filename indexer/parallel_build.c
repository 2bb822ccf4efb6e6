/* parallel_build.c - worker threads, bounded queues, shards, compaction. */
#include "indexer/parallel_build.h"

#include "common/strset.h"
#include "indexer/index_writer.h"
#include "indexer/manifest.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Passages per hand-over, and hand-overs a worker may have waiting: the
 * memory in flight is at most jobs * QUEUE_DEPTH * BATCH passages. */
enum { BATCH = 1024, QUEUE_DEPTH = 4 };

/* A passage copied out of the reader (whose strings die with its callback). */
typedef struct item {
    passage p;
    char *source_key;
    char *strings; /* one allocation holding every string of p */
} item;

typedef struct batch {
    item items[BATCH];
    size_t count;
    struct batch *next;
} batch;

typedef struct shared shared;

typedef struct worker {
    shared *sh;
    pthread_t thread;
    batch *head, *tail; /* queued batches */
    size_t queued;
    int closed;         /* no more batches will come */
    batch *filling;     /* the producer's batch for this worker */
    index_writer *w;
    char *source;       /* the source key the writer is on */
    xc_status status;   /* first failure */
    char message[512];
} worker;

struct shared {
    index_job *job;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    worker *workers;
    unsigned n;
    int failed;            /* a worker failed: stop reading */
    const char *source_key;/* the file being read */
    const diag_sink *outer;/* the job's own sink... */
    diag_sink sink;        /* ...behind mu: what readers and workers use */
    unsigned long failed_passages;
    strset failed_sources; /* behind mu: sources with a refused passage */
};

static void free_batch(batch *b)
{
    for (size_t i = 0; i < b->count; i++)
        free(b->items[i].strings);
    free(b);
}

/* Copies p into it: all strings in one allocation. */
static int copy_item(item *it, const passage *p, const char *source_key)
{
    /* The strings, then the metadata strings that may be NULL (kept NULL). */
    enum { N = 13 };
    const char *src[N] = {p->id, p->answer_title, p->answer_body, p->question_title,
                          p->question_body, p->source, source_key, p->question_key,
                          p->site, p->tags, p->date, p->author, p->link};
    size_t len[N], total = 0;
    for (int i = 0; i < N; i++)
        total += (len[i] = src[i] ? strlen(src[i]) : 0) + 1;
    char *s = malloc(total);
    if (!s)
        return -1;
    char *dst[N];
    for (size_t i = 0, off = 0; i < N; off += len[i] + 1, i++) {
        dst[i] = src[i] ? s + off : NULL;
        if (src[i])
            memcpy(dst[i], src[i], len[i] + 1);
    }
    it->strings = s;
    it->p = *p;
    it->p.id = dst[0];
    it->p.answer_title = dst[1];
    it->p.answer_body = dst[2];
    it->p.question_title = dst[3];
    it->p.question_body = dst[4];
    it->p.source = dst[5];
    it->source_key = dst[6];
    it->p.question_key = dst[7];
    it->p.site = dst[8];
    it->p.tags = dst[9];
    it->p.date = dst[10];
    it->p.author = dst[11];
    it->p.link = dst[12];
    return 0;
}

/* Reports one failed passage through the job's sink, one thread at a time. */
static void locked_diag(void *ctx, diag_level level, const char *file, unsigned line,
                        const char *msg)
{
    shared *sh = ctx;
    pthread_mutex_lock(&sh->mu);
    sh->outer->fn(sh->outer->ctx, level, file, line, msg);
    pthread_mutex_unlock(&sh->mu);
}

static void write_batch(worker *wk, batch *b)
{
    for (size_t i = 0; i < b->count && wk->status == XC_OK; i++) {
        item *it = &b->items[i];
        int same_source = wk->source && strcmp(wk->source, it->source_key) == 0;
        if (!same_source) {
            free(wk->source);
            if (!(wk->source = strdup(it->source_key)) ||
                index_writer_begin_source(wk->w, it->source_key) != 0) {
                wk->status = XC_NOMEM;
                snprintf(wk->message, sizeof wk->message, "out of memory");
                break;
            }
        }
        xc_status st = index_writer_add(wk->w, &it->p);
        const char *why = index_writer_rejection(wk->w);
        if (why) { /* this passage only: nothing was written */
            diag(&wk->sh->sink, DIAG_ERROR, it->p.source, it->p.line,
                 "passage %.100s%s not indexed: %s", it->p.id,
                 strlen(it->p.id) > 100 ? "..." : "", why);
            pthread_mutex_lock(&wk->sh->mu); /* its file is read again next run */
            int added = strset_add(&wk->sh->failed_sources, it->source_key,
                                   strlen(it->source_key), 0, NULL);
            pthread_mutex_unlock(&wk->sh->mu);
            if (added < 0) {
                wk->status = XC_NOMEM;
                snprintf(wk->message, sizeof wk->message, "out of memory");
            }
        } else if (st != XC_OK) {
            wk->status = st;
            snprintf(wk->message, sizeof wk->message, "%s",
                     st == XC_NOMEM ? "out of memory" : xc_last_error());
        }
    }
}

static void *work(void *arg)
{
    worker *wk = arg;
    shared *sh = wk->sh;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        while (!wk->head && !wk->closed)
            pthread_cond_wait(&sh->changed, &sh->mu);
        batch *b = wk->head;
        if (b) {
            wk->head = b->next;
            if (!wk->head)
                wk->tail = NULL;
            wk->queued--;
            pthread_cond_broadcast(&sh->changed);
        }
        pthread_mutex_unlock(&sh->mu);
        if (!b)
            break;
        if (wk->status == XC_OK)
            write_batch(wk, b); /* after a failure, batches are only drained */
        free_batch(b);
        if (wk->status != XC_OK) {
            pthread_mutex_lock(&sh->mu);
            sh->failed = 1;
            pthread_mutex_unlock(&sh->mu);
        }
    }
    if (wk->status == XC_OK && (wk->status = index_writer_commit(wk->w)) != XC_OK)
        snprintf(wk->message, sizeof wk->message, "%s", xc_last_error());
    return NULL;
}

/* Hands the worker's filling batch over, waiting while its queue is full.
 * Returns 0, or 1 when the build has failed. */
static int hand_over(shared *sh, worker *wk)
{
    batch *b = wk->filling;
    wk->filling = NULL;
    if (!b)
        return 0;
    pthread_mutex_lock(&sh->mu);
    while (wk->queued >= QUEUE_DEPTH && !sh->failed)
        pthread_cond_wait(&sh->changed, &sh->mu);
    int failed = sh->failed;
    if (!failed) {
        if (wk->tail)
            wk->tail->next = b;
        else
            wk->head = b;
        wk->tail = b;
        wk->queued++;
        pthread_cond_broadcast(&sh->changed);
    }
    pthread_mutex_unlock(&sh->mu);
    if (failed)
        free_batch(b);
    return failed;
}

static unsigned shard_of(const char *id, unsigned n)
{
    unsigned long h = 5381; /* djb2: only needs to spread IDs evenly */
    for (; *id; id++)
        h = h * 33 + (unsigned char)*id;
    return (unsigned)(h % n);
}

/* The reader's callback: deal the passage to its shard's worker. */
static int deal(const passage *p, void *ctx)
{
    shared *sh = ctx;
    worker *wk = &sh->workers[shard_of(p->id, sh->n)];
    if (!wk->filling && !(wk->filling = calloc(1, sizeof *wk->filling)))
        return XC_NOMEM;
    if (copy_item(&wk->filling->items[wk->filling->count], p, sh->source_key) != 0)
        return XC_NOMEM;
    if (++wk->filling->count == BATCH && hand_over(sh, wk) != 0)
        return XC_OTHER; /* a worker failed: stop reading */
    return 0;
}

typedef struct manifest_list {
    char **keys, **values;
    const char **sources;
    size_t count;
} manifest_list;

/* Reads every file, dealing passages out; records manifest entries. */
static int produce(shared *sh, const walk_list *files, manifest_list *m,
                   unsigned long *files_read)
{
    index_job *job = sh->job;
    job->files_total = files->count;
    m->keys = calloc(files->count + 1, sizeof *m->keys);
    m->values = calloc(files->count + 1, sizeof *m->values);
    m->sources = calloc(files->count + 1, sizeof *m->sources);
    if (!m->keys || !m->values || !m->sources)
        return -1;
    for (size_t i = 0; i < files->count; i++) {
        const walk_file *f = &files->files[i];
        if (job_stop_signal)
            return -1;
        job->files_done = i;
        sh->source_key = f->id_base;
        char *key, *value;
        if (job_manifest_entry(job, f, &key, &value) != 0)
            continue;
        int rc = job_read_file(job, f, deal, sh);
        (*files_read)++;
        if (rc > 0) {
            free(key);
            free(value);
            return -1;
        }
        /* Errors while reading: the next update reads it again. */
        if (rc == 0 && key && job->file_errors && manifest_mark_retry(&value) != 0)
            rc = -1;
        if (rc == 0 && key) {
            m->keys[m->count] = key;
            m->sources[m->count] = f->id_base;
            m->values[m->count++] = value;
        } else {
            free(key);
            free(value);
        }
    }
    for (unsigned k = 0; k < sh->n; k++)
        if (hand_over(sh, &sh->workers[k]) != 0)
            return -1;
    return 0;
}

/* Writes the manifest into the merged generation and counts its passages. */
static xc_status finish(const char *dir, manifest_list *m, const strset *failed,
                        unsigned *total)
{
    xc_wdb *db;
    xc_status st = xc_wdb_open(dir, 0, &db);
    for (size_t i = 0; st == XC_OK && i < m->count; i++) {
        if (strset_contains(failed, m->sources[i]) && manifest_mark_retry(&m->values[i]) != 0)
            st = XC_NOMEM;
        if (st == XC_OK)
            st = xc_wdb_set_metadata(db, m->keys[i], m->values[i]);
    }
    if (st == XC_OK)
        st = xc_wdb_commit(db);
    if (st == XC_OK)
        st = xc_wdb_doccount(db, total);
    xc_wdb_free(db);
    return st;
}

int parallel_build(index_job *job, generations *g, unsigned n,
                   const analysis_settings *s, const walk_list *files,
                   build_result *out)
{
    memset(out, 0, sizeof *out);
    shared sh = {.job = job, .n = job->jobs};
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.changed, NULL);
    sh.sink.fn = locked_diag;
    sh.sink.ctx = &sh;
    /* The readers (this thread) report through the same lock as the workers:
     * the counters behind the sink are shared. */
    sh.outer = job->sink;
    job->sink = &sh.sink;
    sh.workers = calloc(sh.n, sizeof *sh.workers);
    char **paths = calloc(sh.n, sizeof *paths);
    char *dir = gen_path(g, n);
    manifest_list m = {0};
    int rc = sh.workers && paths && dir ? 0 : -1;
    if (rc != 0)
        job_fatal("out of memory");
    unsigned started = 0;
    for (unsigned k = 0; rc == 0 && k < sh.n; k++) {
        char err[1024];
        worker *wk = &sh.workers[k];
        wk->sh = &sh;
        paths[k] = gen_scratch_path(g, n, k + 1);
        index_writer_options opt = {paths[k], *s, 0, job->batch_size, &sh.sink};
        if (!paths[k] || index_writer_open(&opt, &wk->w, err, sizeof err) != 0) {
            job_fatal("%s", paths[k] ? err : "out of memory");
            rc = -1;
        } else if (pthread_create(&wk->thread, NULL, work, wk) != 0) {
            job_fatal("cannot start a worker thread");
            index_writer_close(wk->w);
            wk->w = NULL;
            rc = -1;
        } else {
            started++;
        }
    }
    int read_failed = rc == 0 && produce(&sh, files, &m, &out->files_read) != 0;
    pthread_mutex_lock(&sh.mu);
    for (unsigned k = 0; k < started; k++)
        sh.workers[k].closed = 1;
    pthread_cond_broadcast(&sh.changed);
    pthread_mutex_unlock(&sh.mu);
    int worker_failed = 0;
    for (unsigned k = 0; k < started; k++) {
        worker *wk = &sh.workers[k];
        pthread_join(wk->thread, NULL);
        if (wk->status != XC_OK) {
            job_fatal("%s: %s", paths[k], wk->message);
            worker_failed = 1;
        }
        const index_writer_stats *st = index_writer_stats_of(wk->w);
        out->written += st->written;
        out->failed += st->failed;
        index_writer_close(wk->w);
        if (wk->filling)
            free_batch(wk->filling);
        free(wk->source);
    }
    if (read_failed && !worker_failed && !job_stop_signal)
        job_fatal("out of memory while reading the input");
    if (read_failed || worker_failed)
        rc = -1;
    if (rc == 0 && xc_compact((const char *const *)paths, sh.n, dir) != XC_OK) {
        job_fatal("cannot merge the shards into %s: %s", dir, xc_last_error());
        rc = -1;
    }
    xc_status st;
    if (rc == 0 && (st = finish(dir, &m, &sh.failed_sources, &out->total)) != XC_OK) {
        job_fatal("%s: %s", dir, xc_last_error());
        rc = -1;
    }
    for (unsigned k = 0; paths && k < sh.n; k++) {
        if (paths[k])
            gen_remove_tree(paths[k]);
        free(paths[k]);
    }
    for (size_t i = 0; i < m.count; i++) {
        free(m.keys[i]);
        free(m.values[i]);
    }
    free(m.keys);
    free(m.values);
    free(m.sources);
    strset_free(&sh.failed_sources);
    free(paths);
    free(dir);
    free(sh.workers);
    job->sink = sh.outer;
    pthread_cond_destroy(&sh.changed);
    pthread_mutex_destroy(&sh.mu);
    return rc;
}
