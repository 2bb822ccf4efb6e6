/* parallel_build.h - a new generation built as N shards at once.
 *
 * The calling thread reads the input files and deals their passages out to
 * N worker threads by a hash of the passage ID (so a repeated ID always
 * lands in the same shard, where it replaces the earlier one).  Each worker
 * analyses and writes its own shard database with its own stemmer; the
 * queues between them are bounded, so memory does not grow with the corpus.
 * The shards are then merged into the generation with Xapian's compaction
 * (Xapian::Database::compact), and removed. */
#ifndef QUARRY_PARALLEL_BUILD_H
#define QUARRY_PARALLEL_BUILD_H

#include "indexer/generations.h"
#include "indexer/job.h"

typedef struct build_result {
    unsigned long files_read, written, failed;
    unsigned total;   /* passages in the new generation */
} build_result;

/* Builds generation n of g from files with job->jobs workers (>= 2) and
 * settings s, with the files' manifest entries.  Returns 0, or -1 after
 * reporting a fatal error (its scratch directories removed). */
int parallel_build(index_job *job, generations *g, unsigned n,
                   const analysis_settings *s, const walk_list *files,
                   build_result *out);

#endif
