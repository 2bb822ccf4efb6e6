/* queries_file.h - the query sets of batch mode.
 *
 * Two layouts, told apart line by line: BEIR queries.jsonl ({"_id": ...,
 * "text": ...}) and TSV ("id<TAB>text"), in a plain or gzip-compressed
 * file (common/line_source, as BEIR corpora).  Blank lines are skipped, and a
 * UTF-8 byte-order mark before line 1.  A bad line (not either layout, an
 * empty ID, a NUL byte) is an error naming FILE:LINE that stops the load;
 * so is a read error, a truncated or corrupt gzip stream or running out of
 * memory, never taken for the end of the file.  Lines are bounded: a longer one is reported and skipped, read
 * away without being held.  A query ID given again is a warning: the later
 * line replaces the earlier one's text (in the earlier one's place), as a
 * repeated _id in a BEIR corpus replaces the earlier passage. */
#ifndef QUARRY_QUERIES_FILE_H
#define QUARRY_QUERIES_FILE_H

#include "common/diag.h"

#include <stddef.h>

/* The longest line read, in bytes without its LF: room for a query of the
 * largest --max-query-bytes even with every byte JSON-escaped (\u00XX). */
#define QUERIES_MAX_LINE (1024u * 1024)

typedef struct query_entry {
    char *id;
    char *text;
} query_entry;

typedef struct query_set {
    query_entry *queries;
    size_t count;
    size_t skipped;     /* lines longer than the bound, reported and left out */
} query_set;

/* Loads path ("-" for standard input).  Returns 0, with over-long lines
 * and repeated IDs reported to sink (may be NULL) as FILE:LINE errors and
 * warnings; or -1 with "FILE:LINE: reason" (or the open or read error) in
 * err. */
int query_set_read(const char *path, const diag_sink *sink, query_set *out, char *err,
                   size_t errlen);
/* The same with no sink. */
int query_set_load(const char *path, query_set *out, char *err, size_t errlen);
void query_set_free(query_set *set);

#endif
