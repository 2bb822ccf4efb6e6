/* rebuild.h - a complete new generation beside the live one, then an
 * atomic switch of readers to it (generations.h). */
#ifndef QUARRY_REBUILD_H
#define QUARRY_REBUILD_H

#include "indexer/generations.h"
#include "indexer/job.h"
#include "indexer/parallel_build.h"

/* Builds a new generation of g from files (serially, or in job->jobs
 * shards) and makes it live.  The settings are the job's when given, else
 * those the live generation records, else the defaults.  Returns 0, or -1
 * after reporting a fatal error: the live generation is then untouched and
 * the new one removed. */
int rebuild_run(index_job *job, generations *g, const walk_list *files,
                build_result *out);

#endif
