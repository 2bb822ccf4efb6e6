/* index_writer.h - passages into one writable database (one generation, or
 * one shard of it).
 *
 * Owns the writable database, the analyser built from its recorded settings,
 * and the update rules:
 * - A passage is stored under its unique ID term, so re-indexing never
 *   duplicates; in an existing database a passage whose stored data is
 *   unchanged (same fingerprint) is not written again.
 * - A source's passages that its new reading no longer gives are deleted
 *   when the source ends after being read through; a source that could not
 *   be read keeps its old passages.
 * - Writes are committed every batch_size passages: in an existing (live)
 *   database each batch is one Xapian transaction, so readers see whole
 *   batches; memory is bounded by the batch, whatever the corpus size. */
#ifndef QUARRY_INDEX_WRITER_H
#define QUARRY_INDEX_WRITER_H

#include "common/analysis.h"
#include "common/diag.h"
#include "common/passage.h"
#include "xapian-c/xapian_c.h"

#include <stddef.h>

typedef struct index_writer index_writer;

typedef struct index_writer_options {
    const char *path;            /* the database directory */
    analysis_settings settings;  /* for a new database */
    unsigned settings_given;     /* ANALYSIS_* mask: these must match an
                                    existing database's */
    unsigned long batch_size;    /* passages per commit (0: 10000) */
    const diag_sink *sink;       /* where a passage that fails is reported */
} index_writer_options;

/* Opens or creates the database.  Returns 0, or -1 with a one-line reason
 * in err (corrupt, settings differ, unknown language...). */
int index_writer_open(const index_writer_options *opt, index_writer **out,
                      char *err, size_t errlen);

/* Starts a source: key names it across runs (a path relative to its root). */
int index_writer_begin_source(index_writer *w, const char *key);
/* Adds, replaces (by ID) or leaves as it is one passage of the current
 * source.  Returns XC_OK; XC_INVALID_ARGUMENT when the passage was refused
 * before anything was written (index_writer_rejection says why); or the
 * database's failure (message in xc_last_error()), after which the batch
 * is lost and the run must stop. */
xc_status index_writer_add(index_writer *w, const passage *p);

/* Why the last index_writer_add refused its passage, or NULL. */
const char *index_writer_rejection(const index_writer *w);
/* Ends the current source; read_ok says it was read through, so its
 * passages that were not given again are deleted. */
xc_status index_writer_end_source(index_writer *w, int read_ok);

/* Deletes every passage of the source key (a file that disappeared). */
xc_status index_writer_drop_source(index_writer *w, const char *key);

/* Metadata within the current batch ("" value deletes the key). */
xc_status index_writer_set_metadata(index_writer *w, const char *key, const char *value);
xc_status index_writer_get_metadata(index_writer *w, const char *key, char **out);
xc_status index_writer_metadata_each(index_writer *w, const char *prefix,
                                     xc_metadata_fn fn, void *ctx);

/* Commits everything pending (ends the open transaction). */
xc_status index_writer_commit(index_writer *w);

/* The settings w analyses with (recorded, or those of a new database). */
const analysis_settings *index_writer_settings(const index_writer *w);

/* Number of passages in the database. */
xc_status index_writer_doccount(index_writer *w, unsigned *out);

/* Closes the database (NULL is fine): an open transaction is cancelled,
 * other pending changes are committed, as Xapian does. */
void index_writer_close(index_writer *w);

/* A passage_fn that adds to the index_writer given as ctx; a passage that
 * fails is reported through the sink as an error and reading goes on,
 * unless the database itself failed (then reading stops). */
int index_writer_passage_fn(const passage *p, void *ctx);

typedef struct index_writer_stats {
    unsigned long written;   /* passages added or replaced */
    unsigned long unchanged; /* passages found identical, not written */
    unsigned long deleted;   /* passages removed */
    unsigned long failed;    /* passages that could not be indexed */
    unsigned long commits;   /* commits that wrote something */
} index_writer_stats;

const index_writer_stats *index_writer_stats_of(const index_writer *w);

#endif
