/* update.h - an incremental update of the live generation, in place.
 *
 * Only files whose size or mtime changed are read again (and only if their
 * content hash changed too); within a changed file only passages whose
 * stored data changed are written; passages a file no longer gives, and
 * files that disappeared from the given roots, are deleted.  Writes go in
 * one Xapian transaction per batch, each with the manifest entries of the
 * files it completes. */
#ifndef QUARRY_UPDATE_H
#define QUARRY_UPDATE_H

#include "indexer/generations.h"
#include "indexer/job.h"

typedef struct update_result {
    unsigned long files_read, files_unchanged, files_removed;
    unsigned long written, unchanged, deleted, commits;
    unsigned total;   /* passages in the index afterwards */
} update_result;

/* Updates generation g->live with files (found under roots[0..nroots)).
 * Returns 0, or -1 after reporting a fatal error (the index then holds the
 * batches committed before it: each whole). */
int update_run(index_job *job, generations *g, const walk_list *files,
               char *const *roots, int nroots, update_result *out);

#endif
