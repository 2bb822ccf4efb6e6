/* snippet.h - a query's matches marked in stored text, and the snippet.
 *
 * As SQLite FTS5's highlight() and snippet() do, the stored text is
 * analysed again, with the index's own analysis: split into words by
 * Xapian's rules (xc_text_words), lower-cased, stemmed by the index's
 * stemmer, each word marked when one of its possible terms is a query
 * term.  The text itself is never altered: a title is shown as stored.
 *
 * A phrase (or NEAR) is marked where it occurs, as one span; its words
 * elsewhere are not (unless the scanned text holds no occurrence of it).
 * Only the first SNIPPET_SCAN_BYTES of a text are analysed (and, for a
 * snippet, the snippet length more), so the cost of a hit is bounded
 * however long its passage is; the rest of a title is copied unmarked.
 *
 * Results use the markers of query/searcher.h (HIT_MARK_START, _END,
 * _LITERAL). */
#ifndef QUARRY_SNIPPET_H
#define QUARRY_SNIPPET_H

#include "common/analysis.h"
#include "xapian-c/xapian_c.h"

#include <stddef.h>

/* How much of a text is analysed for matches. */
#define SNIPPET_SCAN_BYTES (64 * 1024)

/* The shortest snippet length: room for a word and the "..." around it. */
#define SNIPPET_MIN_LENGTH 20

typedef struct snippet_query snippet_query;

/* The matcher of query (borrowed; copied what it needs) for text analysed
 * as an (borrowed, must outlive the matcher) says. */
xc_status snippet_query_new(const xc_query *query, const analyser *an, snippet_query **out);
void snippet_query_free(snippet_query *sq);

/* Which query terms can match a field: the free-text (unprefixed) ones
 * when free_text, and those of field prefix (NULL: none). */
typedef struct snippet_field {
    int free_text;
    const char *prefix;
} snippet_field;

/* text whole, with the matches of field marked: malloc'd into *out, the
 * number of marked spans in *marks (may be NULL). */
xc_status snippet_mark(const snippet_query *sq, const char *text, snippet_field field,
                       char **out, size_t *marks);

/* The snippet of text: all of it when it is at most length bytes, else the
 * window of at most length bytes (whole words) that holds the most of the
 * query (a phrase counts most), with "..." where text is cut.  Runs of
 * whitespace are shown as one space.  malloc'd into *out; *marks as above. */
xc_status snippet_best(const snippet_query *sq, const char *text, size_t length,
                       snippet_field field, char **out, size_t *marks);

#endif
