/* job.c - what the update and rebuild paths share. */
#include "indexer/job.h"

#include "common/escape.h"
#include "common/shard_key.h"
#include "indexer/manifest.h"

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
    if (job_stop_signal)
        return XC_OTHER; /* > 0: stops the reader, the run fails */
    /* A sharded build takes only its shard's passages: every reader comes
     * through here, so updates, rebuilds and --check agree on them. */
    if (!shard_holds(r->job->settings.shard_k, r->job->settings.shard_n, p))
        return 0;
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

/* Counts the errors reported while one file is read (its lines or passages
 * refused), on their way to the job's sink. */
typedef struct error_count {
    const diag_sink *outer;
    unsigned long errors;
} error_count;

static void count_errors(void *ctx, diag_level level, const char *file, unsigned line,
                         const char *msg)
{
    error_count *c = ctx;
    if (level == DIAG_ERROR)
        c->errors++;
    c->outer->fn(c->outer->ctx, level, file, line, msg);
}

int job_read_file(index_job *job, const walk_file *f, passage_fn fn, void *ctx)
{
    reading r = {job, fn, ctx};
    if (job->verbose)
        escape_line(stderr, "quarry-index: %s", f->path);
    error_count count = {job->sink, 0};
    diag_sink counting = {count_errors, &count};
    const diag_sink *outer = job->sink;
    job->sink = &counting;
    input_args a = {f->path, f->id_base, job->max_file_size, job->max_line_size, job->sink};
    int rc = input_formats[input_format_of(f->path, job->input_format)].read(&a, deliver, &r);
    job->sink = outer;
    job->file_errors = count.errors;
    return rc;
}

int job_manifest_entry(index_job *job, const walk_file *f, char **key, char **value)
{
    fingerprint fp;
    char *abs = NULL;
    *key = *value = NULL;
    if (f->is_stdin)
        return 0; /* no fingerprint: no entry, always read */
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

volatile sig_atomic_t job_stop_signal;

static void on_stop_signal(int sig)
{
    job_stop_signal = sig;
}

void job_catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART | SA_RESETHAND; /* I/O goes on; a second signal kills */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal of a long run went away */
}

void job_fatal(const char *fmt, ...)
{
    fputs("quarry-index: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    escape_vline(stderr, fmt, ap);
    va_end(ap);
}
