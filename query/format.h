/* format.h - hits to text for people (text) and for scripts (json, trec).
 *
 * Matches arrive in hit.title_marked / question_marked / snippet between
 * HIT_MARK_START and HIT_MARK_END (a text byte equal to a marker comes
 * after HIT_MARK_LITERAL); each format turns them into what its reader
 * expects: terminal colours, character offsets, or nothing. */
#ifndef QUARRY_FORMAT_H
#define QUARRY_FORMAT_H

#include "query/searcher.h"

#include <jansson.h>
#include <stdio.h>

typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_TREC } output_format;

typedef struct format_options {
    output_format format;
    int color;             /* text only: ANSI colours for matches */
    const char *run_tag;   /* trec only: the run's tag column */
} format_options;

/* Writes hits for one query.  qid names the query in batch mode (NULL for a
 * single query: trec then uses "1", json leaves the field out). Returns 0;
 * for trec, how many hits could not be written because their ID or qid
 * holds whitespace or a control character (a TREC line could not name
 * them); or -1 on an output error (errno set when a write failed, ENOMEM
 * when memory ran out). */
int format_hits(FILE *out, const format_options *fo, const char *qid,
                const hit_list *hits);

/* A marked string without its markers, malloc'd; *spans (malloc'd, 2 per
 * match: start and end, in Unicode code points of the result) and *nspans
 * get the matches.  NULL on no memory. */
char *marks_strip(const char *marked, size_t **spans, size_t *nspans);

/* 1 when s can be a field of a TREC line (which is split at whitespace):
 * not empty, no whitespace, no control character (C0, DEL, C1). */
int format_trec_field_ok(const char *s);

/* Writers of each format (format_hits dispatches). */
int format_text(FILE *out, const format_options *fo, const char *qid,
                const hit_list *hits);
int format_json(FILE *out, const char *qid, const hit_list *hits);

/* s as a JSON string, repaired to UTF-8 first when it is not (every string
 * Quarry writes as JSON goes through it); NULL on no memory. */
json_t *format_json_text(const char *s);

/* One hit as the JSON object --format json writes (and quarry-serve's
 * /search returns: one schema, built here only); qid may be NULL.  A new
 * reference, or NULL on no memory. */
json_t *format_json_hit(const char *qid, const hit_list *hits, const hit *h);
int format_trec(FILE *out, const char *qid, const char *run_tag,
                const hit_list *hits);

#endif
