/* walk.h - turning the PATH arguments into a sorted list of input files.
 *
 * A directory is walked recursively in byte order of names (so passage IDs
 * and index order are the same on every machine and locale), taking files
 * whose name matches a glob; entries whose name starts with '.' are skipped.
 * A file named on the command line is taken whatever its name.  Symbolic
 * links are followed; a directory loop, a FIFO, a device or an unreadable
 * directory is reported through the sink and skipped. */
#ifndef QUARRY_WALK_H
#define QUARRY_WALK_H

#include "common/diag.h"

#include <stddef.h>

typedef struct walk_file {
    char *path;    /* as found: the root joined with the relative path */
    char *id_base; /* path relative to the root, without its extension */
} walk_file;

typedef struct walk_list {
    walk_file *files;
    size_t count, capacity;
} walk_list;

/* Appends the input files under root to list.  Returns 0, or -1 when out of
 * memory; input problems are reported and do not stop the walk. */
int walk_root(const char *root, const char *glob, walk_list *list,
              const diag_sink *sink);

void walk_list_free(walk_list *list);

#endif
