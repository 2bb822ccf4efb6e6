/* beir_reader.h - reads a BEIR corpus (corpus.jsonl, plain or gzipped).
 *
 * One line is one JSON object with string fields "_id", "title" and "text"
 * (others are ignored); each good line becomes one passage.  The file is
 * streamed, never held whole in memory, and a line is held only up to a
 * bound (quarry-index --max-line-size).  Bad lines are reported and
 * skipped; problems go to a diag_sink, never to stdout or stderr. */
#ifndef QUARRY_BEIR_READER_H
#define QUARRY_BEIR_READER_H

#include "common/diag.h"
#include "common/passage.h"

#include <stddef.h>

/* The default line bound, in bytes (decompressed, without the LF): 8 MiB,
 * a hundred times the longest passage of the BEIR sets at hand, and a
 * bounded cost (parsing a line takes about 7 times its size in memory). */
#define BEIR_MAX_LINE (8ul << 20)

/* Returns 1 when path names a BEIR corpus by its extension, ".jsonl" or
 * ".jsonl.gz" (case-sensitive), else 0. */
int beir_is_corpus_path(const char *path);

/* Reads the BEIR corpus at path, gzip-compressed or not (told apart by its
 * content, not its name), and calls fn(passage, fn_ctx) for each good line,
 * in order.  A passage has id = "_id", answer_title = "title" ("" when
 * missing), answer_body = "text", question_title = question_body = "",
 * source = path, line = its 1-based line number and answer_no = 0; its
 * strings live until fn returns.
 *
 * Reported to sink, with path as file and the line's number (columns in
 * messages count bytes from 1):
 *   errors, line skipped: longer than the line bound ("line longer than N
 *     bytes; skipped": its bytes are read away, never held), malformed JSON (jansson's text, and the column
 *     where it noticed), not an object, a NUL byte, invalid UTF-8 (the first
 *     bad byte), a missing, non-string or empty "_id", a non-string "title"
 *     or "text";
 *   warnings, line used: a missing "text" (empty body); an "_id" seen before
 *     in this file (the later line is meant to replace the earlier one).
 * Blank lines are skipped silently; LF and CRLF line ends are accepted; a
 * UTF-8 BOM before line 1 is ignored (columns on line 1 count from after
 * it).
 *
 * Returns 0 when the file was read to its end (bad lines reported and
 * skipped); -1 when it could not be opened ("cannot open: REASON", line 0;
 * a directory cannot), when it could not be read further ("cannot read:
 * REASON"), when its gzip stream is truncated or corrupt, or when memory
 * ran out (all but the first reported at the line where reading broke; the
 * passages before it were delivered); or the non-zero value fn returned to
 * stop. */
int beir_read_file(const char *path, passage_fn fn, void *fn_ctx,
                   const diag_sink *sink);

/* The same with max_line instead of BEIR_MAX_LINE as the line bound. */
int beir_read_file_bounded(const char *path, size_t max_line, passage_fn fn, void *fn_ctx,
                           const diag_sink *sink);

#endif
