/* index_writer.h - passages into one writable index.
 *
 * Owns the writable database, the analyser built from the index's recorded
 * settings, and the rule that re-indexing a source replaces what it gave
 * before: a source's old passages are dropped when the first passage of its
 * new reading arrives (or when it is read successfully and gives none), so a
 * source that cannot be read at all keeps its old passages. */
#ifndef QUARRY_INDEX_WRITER_H
#define QUARRY_INDEX_WRITER_H

#include "common/analysis.h"
#include "common/diag.h"
#include "common/passage.h"
#include "xapian-c/xapian_c.h"

#include <stddef.h>

typedef struct index_writer index_writer;

typedef struct index_writer_options {
    const char *path;            /* the index directory */
    analysis_settings settings;  /* for a new index */
    int settings_given;          /* 1: settings must match an existing index */
    int wait_for_lock;           /* wait for another writer instead of failing */
    const diag_sink *sink;       /* where a passage that fails is reported */
} index_writer_options;

/* Opens or creates the index.  Returns 0, or -1 with a one-line reason in
 * err (locked, corrupt, settings differ, unknown language...). */
int index_writer_open(const index_writer_options *opt, index_writer **out,
                      char *err, size_t errlen);

/* The settings the index analyses with (recorded or new). */
const analysis_settings *index_writer_settings(const index_writer *w);

/* Starts a source: key names it across runs (a path relative to its root). */
void index_writer_begin_source(index_writer *w, const char *key);
/* Adds (or replaces, by ID) one passage of the current source. Returns
 * XC_OK or the failure (message in xc_last_error()). */
xc_status index_writer_add(index_writer *w, const passage *p);
/* Ends the current source; read_ok says it was read through (so a source
 * that now holds no passage loses its old ones). */
xc_status index_writer_end_source(index_writer *w, int read_ok);

/* Makes everything added visible to readers, atomically. */
xc_status index_writer_commit(index_writer *w);

/* Number of passages in the index. */
xc_status index_writer_doccount(index_writer *w, unsigned *out);

/* Closes the index (NULL is fine); like Xapian, commits what is pending. */
void index_writer_close(index_writer *w);

/* A passage_fn that adds to the index_writer given as ctx; a passage that
 * fails is reported through the sink as an error and reading goes on. */
int index_writer_passage_fn(const passage *p, void *ctx);

/* Passages added and passages that failed since the index was opened. */
unsigned long index_writer_added(const index_writer *w);
unsigned long index_writer_failed(const index_writer *w);

#endif
