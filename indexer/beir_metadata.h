/* beir_metadata.h - the optional Q&A metadata of a BEIR corpus line.
 *
 * A BEIR-like corpus of answers may carry what Quarry's Q&A filters use
 * (docs/FORMAT.md, "Q&A metadata in BEIR lines"): question_key or
 * question_id, site, tags, score, accepted, date, author, link, each read
 * from the line's "metadata" object or, failing that, from the line
 * itself.  A key of the wrong kind is reported as a warning and left out;
 * the line is still indexed. */
#ifndef QUARRY_BEIR_METADATA_H
#define QUARRY_BEIR_METADATA_H

#include "common/diag.h"
#include "common/passage.h"

#include <jansson.h>

/* What the metadata strings of a passage need beyond the parsed line. */
typedef struct beir_metadata {
    char *tags;          /* tags joined by spaces, malloc'd */
    char *question_key;  /* "SITE-ID" or "ID" from question_id, malloc'd */
} beir_metadata;

/* Fills p's metadata from line obj (path and lineno for the warnings);
 * strings point into obj and into m, which beir_metadata_free releases
 * after the passage has been handed on.  Returns 0, or -1 when out of
 * memory. */
int beir_metadata_read(json_t *obj, passage *p, beir_metadata *m, const char *path,
                       unsigned lineno, const diag_sink *sink);
void beir_metadata_free(beir_metadata *m);

#endif
