/* rebuild.c - build a generation, switch to it. */
#include "indexer/rebuild.h"

#include "common/index_layout.h"
#include "indexer/index_writer.h"
#include "indexer/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The settings the rebuild analyses with: a nightly rebuild keeps what the
 * index was built with, but for the settings given on the command line. */
static int choose_settings(const index_job *job, const generations *g,
                           analysis_settings *s)
{
    *s = job->settings;
    /* With a stub naming a missing or damaged generation, the newest
     * generation that opens holds what the index was built with. */
    unsigned from = g->live_opens ? g->live : index_newest_openable(g->index, 0);
    if (!from && !(from = g->live))
        return 0;
    char *path = gen_path(g, from);
    xc_db *db;
    char err[256];
    int rc = -1;
    if (path && xc_db_open(path, &db) == XC_OK) {
        rc = analysis_load_any_schema(db, s, err, sizeof err);
        xc_db_free(db);
    } else {
        snprintf(err, sizeof err, "%s", path ? xc_last_error() : "out of memory");
    }
    /* A damaged index is what a rebuild repairs, but its settings must then
     * come from the command line rather than silently from the defaults. */
    if (rc == 0)
        analysis_override(s, &job->settings, job->settings_given);
    else if (job->settings_given) {
        *s = job->settings;
        rc = 0;
    } else
        job_fatal("cannot read the settings of the live index %s: %s; to rebuild it "
                  "anyway, give them (e.g. --language english)", path ? path : job->index,
                  err);
    free(path);
    return rc;
}

static int serial_build(index_job *job, const char *dir, const analysis_settings *s,
                        const walk_list *files, build_result *out)
{
    char err[1024];
    index_writer_options opt = {dir, *s, 0, job->batch_size, job->sink};
    index_writer *w;
    if (index_writer_open(&opt, &w, err, sizeof err) != 0) {
        job_fatal("%s", err);
        return -1;
    }
    xc_status st = XC_OK;
    int fatal = 0;
    job->files_total = files->count;
    for (size_t i = 0; i < files->count && !fatal && st == XC_OK && !job_stop_signal; i++) {
        const walk_file *f = &files->files[i];
        char *key, *value;
        job->files_done = i;
        if (job_manifest_entry(job, f, &key, &value) != 0)
            continue;
        if (index_writer_begin_source(w, f->id_base) != 0) {
            st = XC_NOMEM;
        } else {
            unsigned long failed = index_writer_stats_of(w)->failed;
            int rc = job_read_file(job, f, index_writer_passage_fn, w);
            out->files_read++;
            fatal = rc > 0;
            if (!fatal)
                st = index_writer_end_source(w, rc == 0);
            /* Errors while reading: the next update reads it again. */
            if (!fatal && st == XC_OK && rc == 0 && key &&
                (job->file_errors || index_writer_stats_of(w)->failed > failed) &&
                manifest_mark_retry(&value) != 0)
                st = XC_NOMEM;
            if (!fatal && st == XC_OK && rc == 0 && key)
                st = index_writer_set_metadata(w, key, value);
        }
        free(key);
        free(value);
    }
    fatal |= job_stop_signal != 0;
    if (!fatal && st == XC_OK)
        st = index_writer_commit(w);
    if (!fatal && st == XC_OK)
        st = index_writer_doccount(w, &out->total);
    if (st != XC_OK)
        job_fatal("%s: %s", dir, st == XC_NOMEM ? "out of memory" : xc_last_error());
    else if (fatal && !job_stop_signal)
        job_fatal("%s: stopped: the index could not be written", dir);
    out->written = index_writer_stats_of(w)->written;
    out->failed = index_writer_stats_of(w)->failed;
    index_writer_close(w);
    return st == XC_OK && !fatal ? 0 : -1;
}

/* Passages in the generation readers have, or should have: the live one,
 * or, when the stub names none that opens, the newest complete one (what
 * the user would point the stub back at), other than the one building.
 * 0 when there is none or it is unreadable: a damaged index may well be
 * replaced. */
static unsigned live_passages(const generations *g, unsigned building)
{
    unsigned count = 0;
    unsigned from = g->live_opens ? g->live : index_newest_openable(g->index, building);
    char *path = from ? gen_path(g, from) : NULL;
    xc_db *db;
    if (path && xc_db_open(path, &db) == XC_OK) {
        if (xc_db_doccount(db, &count) != XC_OK)
            count = 0;
        xc_db_free(db);
    }
    free(path);
    return count;
}

int rebuild_run(index_job *job, generations *g, const walk_list *files,
                build_result *out)
{
    memset(out, 0, sizeof *out);
    analysis_settings s;
    if (choose_settings(job, g, &s) != 0)
        return -1;
    /* The readers keep the shard the index is (job.c's filter). */
    job->settings.shard_k = s.shard_k;
    job->settings.shard_n = s.shard_n;
    unsigned n = gen_next(g);
    char *dir = gen_path(g, n);
    if (!dir) {
        job_fatal("out of memory");
        return -1;
    }
    char err[1024];
    /* Marked before its first file: whatever a crash leaves is then known
     * to be a leftover, and the next writer may remove it. */
    if (gen_mark_building(g, n, err, sizeof err) != 0) {
        job_fatal("%s", err);
        free(dir);
        return -1;
    }
    int rc = job->jobs > 1 ? parallel_build(job, g, n, &s, files, out)
                           : serial_build(job, dir, &s, files, out);
    /* A nightly rebuild over a corpus that is not there (an unmounted disk,
     * a typo) must not replace a good index with an empty one. */
    unsigned live = rc == 0 && out->total == 0 ? live_passages(g, n) : 0;
    if (live > 0) {
        job_fatal("the rebuilt index would hold no passage; %s keeps its %s index "
                  "(%u passage%s)", job->index, g->live_opens ? "live" : "complete", live,
                  live == 1 ? "" : "s");
        rc = -1;
    }
    /* The stub named no generation that opens, but a complete one was
     * there: the switch replaces it, as asked, but not without a word. */
    unsigned orphan = g->live_opens ? 0 : index_newest_openable(g->index, n);
    if (rc == 0 && orphan && !job->quiet && !job_stop_signal)
        fprintf(stderr, "quarry-index: %s: the new generation replaces gen-%06u, which the "
                "stub did not name\n", job->index, orphan);
    if (job_stop_signal)
        rc = -1; /* even after a finished build (compaction cannot be stopped) */
    if (rc == 0 && gen_switch(g, n, err, sizeof err) != 0) {
        job_fatal("%s", err);
        rc = -1;
    }
    if (rc != 0)
        gen_discard(g, n); /* the live generation stays as it was */
    free(dir);
    return rc;
}
