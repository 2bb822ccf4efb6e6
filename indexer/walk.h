/* walk.h - turning the PATH arguments into a sorted list of input files.
 *
 * A directory is walked recursively in byte order of names (so passage IDs
 * and index order are the same on every machine and locale), taking files
 * whose name matches a glob; entries whose name starts with '.' are skipped.
 * A file named on the command line is taken whatever its name.  Symbolic
 * links are followed; a directory loop, a FIFO, a device or an unreadable
 * directory is reported through the sink and skipped.
 *
 * Overlapping roots, and links: a file (by device and inode) is taken once,
 * under the first path the walk reaches it by (roots in the order given,
 * each in byte order); a root that reaches files taken already is warned
 * about once, with their number and the root they were taken under.  So a
 * build, an update and a rebuild over the same arguments agree on every ID.
 *
 * Inputs that are not one text file each come from indexer/input_formats.h:
 * a directory that is one input as a whole (a StackExchange dump directory:
 * its Posts.xml is listed, and the walk does not go into it) and files taken
 * whatever the glob (*.7z dump archives); such inputs may have an ID base
 * (source key) of their own, the dump's site name.
 *
 * "-" stands for standard input: path "/dev/stdin", ID base (and source)
 * WALK_STDIN_SOURCE. */
#ifndef QUARRY_WALK_H
#define QUARRY_WALK_H

#define WALK_STDIN_SOURCE "stdin"

#include "common/diag.h"
#include "common/strset.h"

#include <stddef.h>
#include <sys/types.h>

typedef struct walk_file {
    char *path;    /* as found: the root joined with the relative path */
    char *id_base; /* path relative to the root, without its extension */
    int is_stdin;  /* "-": no fingerprint, read every run */
} walk_file;

typedef struct walk_list {
    walk_file *files;
    size_t count, capacity;
    strset taken;        /* "dev:ino" of the files listed -> root number */
    unsigned roots;      /* roots walked so far... */
    const char **root_names; /* ...as given */
    const char *skip;    /* a directory never walked into (the index), or NULL */
    dev_t skip_dev;
    ino_t skip_ino;
    int skip_reported;
    int input_format;    /* INPUT_* (input_formats.h): which inputs to recognise */
} walk_list;

/* Never walk into dir (the index's own directory, if it exists): reported
 * once, as a warning, when a root reaches it.  dir must outlive the list. */
void walk_skip_dir(walk_list *list, const char *dir);

/* Appends the input files under root to list (root must outlive it).  Returns 0, or -1 when out of
 * memory; input problems are reported and do not stop the walk. */
int walk_root(const char *root, const char *glob, walk_list *list,
              const diag_sink *sink);

void walk_list_free(walk_list *list);

#endif
