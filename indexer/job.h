/* job.h - one run of quarry-index: its settings, and what the update and
 * rebuild paths share (reading one input file, its manifest entry).
 *
 * main.c fills an index_job from the options; update.c runs it in place,
 * rebuild.c builds a new generation (serially, or through parallel_build.c)
 * and switches readers to it. */
#ifndef QUARRY_JOB_H
#define QUARRY_JOB_H

#include "common/analysis.h"
#include "common/diag.h"
#include "common/passage.h"
#include "common/progress.h"
#include "indexer/input_formats.h"
#include "indexer/walk.h"

#include <signal.h>

typedef struct index_job {
    const char *index;           /* the INDEX directory */
    const char *include;         /* glob for files in directories */
    unsigned long max_file_size; /* native files larger are skipped */
    unsigned long max_line_size; /* BEIR lines longer are skipped */
    int input_format;            /* INPUT_* (input_formats.h) */
    int beir_title_is_question;  /* a BEIR title is question context */
    analysis_settings settings;  /* for a new index or a rebuild */
    unsigned settings_given;     /* ANALYSIS_* mask: given on the command line */
    unsigned long batch_size;    /* passages per commit */
    unsigned jobs;               /* parallel shards for a build */
    int wait, quiet, verbose;    /* wait: for the writer lock */
    double wait_seconds;         /* how long (< 0: as long as it takes) */
    const diag_sink *sink;       /* input problems */
    progress prog;               /* the progress line: */
    unsigned long files_done, files_total, passages_read;
    unsigned long file_errors;   /* errors reported reading the last file */
} index_job;

/* Reads the input file f with the reader its format needs, passing each
 * passage to fn(p, ctx).  Returns the reader's result: 0 read through, -1
 * rejected or unreadable (reported), > 0 what fn returned to stop.  Sets
 * job->file_errors to the errors reported meanwhile (lines or passages
 * refused): such a file is read through, but its manifest entry is marked
 * for a retry (manifest_value), so every run reads and reports it again. */
int job_read_file(index_job *job, const walk_file *f, passage_fn fn, void *ctx);

/* The manifest key and value of f as it is now (hashing its content):
 * both malloc'd (both NULL for standard input, which has no fingerprint);
 * returns 0, or -1 after reporting the problem. */
int job_manifest_entry(index_job *job, const walk_file *f, char **key, char **value);

/* The SIGINT, SIGTERM or SIGHUP that asked this run to stop, or 0.  The build and
 * update loops check it between passages and files and then fail the
 * normal way, so a new generation and its scratch shards are removed (a
 * live index keeps its committed batches); main exits with 128 + it. */
extern volatile sig_atomic_t job_stop_signal;

/* Catches SIGINT, SIGTERM and SIGHUP into job_stop_signal, once each: a second one
 * ends the process at once (the next writer then removes what is left). */
void job_catch_stop_signals(void);

/* Reports a fatal problem: "quarry-index: MESSAGE" on stderr. */
void job_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
