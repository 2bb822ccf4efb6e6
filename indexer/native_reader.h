/* native_reader.h - reads the native Q&A text format (docs/FORMAT.md).
 *
 * One file is one question and its answers, in paragraphs separated by blank
 * lines; each answer becomes one passage.  Problems go to a diag_sink, never
 * to stdout or stderr. */
#ifndef QUARRY_NATIVE_READER_H
#define QUARRY_NATIVE_READER_H

#include <stddef.h>

#include "common/diag.h"
#include "common/passage.h"

/* Parses the document buf[0..len) (need not be NUL-terminated, may hold
 * NULs) and calls fn(passage, fn_ctx) for each answer, in order.  Passage
 * ids are "ID_BASE#N" (N from 1); passage.source and the diagnostics' file
 * are source.  buf, source, id_base and fn must not be NULL; a NULL sink
 * drops the diagnostics.  The passage strings live until fn returns.
 * Returns 0 when the document was read (warnings possible, maybe no
 * passages), -1 when it was rejected (an error was reported to sink), or the
 * non-zero value fn returned to stop. */
int native_read_buffer(const char *buf, size_t len, const char *source,
                       const char *id_base, passage_fn fn, void *fn_ctx,
                       const diag_sink *sink);

/* Reads the file at path and parses it as native_read_buffer does, with path
 * as source.  A file that cannot be opened or read ("cannot open: REASON",
 * "cannot read: REASON", REASON being strerror's text), or that holds more
 * than max_bytes bytes, is reported as an error and skipped: returns -1. */
int native_read_file(const char *path, const char *id_base, size_t max_bytes,
                     passage_fn fn, void *fn_ctx, const diag_sink *sink);

#endif
