/* generations.h - the on-disk layout that lets a rebuild replace a live
 * index atomically, and the one-writer lock.
 *
 *   INDEX/XAPIANDB      Xapian stub file naming the live generation
 *                       ("auto gen-000007"): what readers open as INDEX
 *   INDEX/gen-000007/   the live generation, one Xapian database
 *   INDEX/gen-000008/   a generation being built, named by no stub: never
 *                       served, removed by the next writer if a crash left it
 *   INDEX/building-000008  marks gen-000008 as being built: written before
 *                       the generation's first file, removed once it is live
 *   INDEX/tmp-000008-1/ scratch of a parallel build (shard 1), merged into
 *                       gen-000008 by compaction, then removed
 *   INDEX/writer.lock   held (flock) by the one quarry-index writing INDEX
 *
 * A switch writes the stub to a temporary file, fsyncs it, rename(2)s it over
 * XAPIANDB and fsyncs the directory: a reader opens either the old or the new
 * generation, never a mixture.
 *
 * A writer removes a generation only when it is provably a leftover: it
 * carries a building- mark, or it is older than the live generation and the
 * live one opens.  Never the generation the stub names, and nothing when the
 * stub names a generation that is missing or does not open (a half-copied
 * backup, a damaged disk): then quarry-index refuses to update and says why
 * (gen_live_problem). */
#ifndef QUARRY_GENERATIONS_H
#define QUARRY_GENERATIONS_H

#include <stddef.h>

typedef struct generations {
    char *index;    /* the INDEX directory */
    int lock_fd;    /* writer.lock, flocked */
    unsigned live;  /* live generation number; 0 when INDEX has none yet */
    int created;    /* gen_open made the INDEX directory */
    int live_opens; /* the live generation opens as a Xapian database */
} generations;

/* Result of gen_open besides 0. */
enum { GEN_ERROR = -1, GEN_LOCKED = -2 };

/* Creates INDEX when missing, takes the writer lock (waiting for it when
 * wait is 1) and reads the live generation.  Returns 0, GEN_LOCKED, or
 * GEN_ERROR with a one-line reason in err (INDEX is not a directory, holds
 * something that is not a Quarry index, stub unreadable...). */
int gen_open(const char *index, int wait, generations *g, char *err, size_t errlen);

/* When the stub names a generation that is missing or does not open, or
 * INDEX holds generations but no stub, returns 1 with what is wrong and
 * what to do in err; 0 when the live generation is sound (or INDEX is new). */
int gen_live_problem(const generations *g, char *err, size_t errlen);

/* Releases the lock (the directory stays). */
void gen_close(generations *g);

/* Releases the lock and, if this writer created INDEX and nothing went live
 * in it, removes it again: a failed first build leaves nothing behind. */
void gen_close_failed(generations *g);

/* Removes what is provably left over: scratch directories, generations
 * marked as being built (a crash's), and generations older than the live
 * one if it opens (the previous one).  Returns how many were removed. */
unsigned gen_remove_stale(generations *g);

/* The directory of generation n: malloc'd, or NULL on no memory. */
char *gen_path(const generations *g, unsigned n);

/* Scratch directory k of generation n's build: malloc'd, or NULL. */
char *gen_scratch_path(const generations *g, unsigned n, unsigned k);

/* A generation number no directory uses yet. */
unsigned gen_next(const generations *g);

/* Marks generation n as being built (before anything of it is written),
 * so that whatever a crash leaves of it is known to be a leftover.
 * Returns 0, or -1 with the reason in err. */
int gen_mark_building(generations *g, unsigned n, char *err, size_t errlen);

/* Removes generation n that failed to build, and its mark. */
void gen_discard(generations *g, unsigned n);

/* Makes generation n live (its files are fsynced first), removes its
 * building mark, then the previous generation.  Returns 0, or -1 with the reason in err (the old
 * generation then stays live). */
int gen_switch(generations *g, unsigned n, char *err, size_t errlen);

/* Removes a directory tree (a failed generation). */
int gen_remove_tree(const char *path);

#endif
