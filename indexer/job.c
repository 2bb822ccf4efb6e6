/* job.c - what the update and rebuild paths share. */
#include "indexer/job.h"

#include "common/escape.h"

#include "indexer/beir_reader.h"
#include "indexer/manifest.h"
#include "indexer/native_reader.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reading {
    index_job *job;
    passage_fn fn;
    void *ctx;
} reading;

/* Counts passages for the progress line; for a BEIR corpus whose titles
 * are its questions' (StackExchange answers), the title becomes question
 * context, not answer title. */
static int deliver(const passage *p, void *ctx)
{
    reading *r = ctx;
    r->job->passages_read++;
    if ((r->job->passages_read & 1023) == 0)
        progress_update(&r->job->prog, "quarry-index", r->job->files_done,
                        r->job->files_total, r->job->passages_read);
    if (!r->job->beir_title_is_question || p->question_title[0])
        return r->fn(p, r->ctx);
    passage q = *p;
    q.question_title = p->answer_title;
    q.answer_title = "";
    return r->fn(&q, r->ctx);
}

int job_read_file(index_job *job, const walk_file *f, passage_fn fn, void *ctx)
{
    reading r = {job, fn, ctx};
    if (job->verbose)
        escape_line(stderr, "quarry-index: %s", f->path);
    int beir = job->input_format == INPUT_BEIR ||
               (job->input_format == INPUT_AUTO && beir_is_corpus_path(f->path));
    if (beir)
        return beir_read_file(f->path, deliver, &r, job->sink);
    return native_read_file(f->path, f->id_base, job->max_file_size, deliver, &r,
                            job->sink);
}

int job_manifest_entry(index_job *job, const walk_file *f, char **key, char **value)
{
    fingerprint fp;
    char *abs = NULL;
    *key = *value = NULL;
    if (fingerprint_stat(f->path, &fp) != 0 || fingerprint_hash(f->path, &fp) != 0 ||
        !(abs = manifest_path(f->path)) || !(*key = manifest_key(abs))) {
        diag(job->sink, DIAG_ERROR, f->path, 0, "%s; skipped", strerror(errno));
        free(abs);
        return -1;
    }
    *value = manifest_value(&fp, f->id_base, abs);
    free(abs);
    if (!*value) {
        free(*key);
        *key = NULL;
        diag(job->sink, DIAG_ERROR, f->path, 0, "out of memory; skipped");
        return -1;
    }
    return 0;
}

void job_fatal(const char *fmt, ...)
{
    fputs("quarry-index: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    escape_vline(stderr, fmt, ap);
    va_end(ap);
}
