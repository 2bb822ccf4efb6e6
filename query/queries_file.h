/* queries_file.h - the query sets of batch mode.
 *
 * Two layouts, told apart line by line: BEIR queries.jsonl ({"_id": ...,
 * "text": ...}) and TSV ("id<TAB>text").  Blank lines are skipped; a bad
 * line is an error naming FILE:LINE. */
#ifndef QUARRY_QUERIES_FILE_H
#define QUARRY_QUERIES_FILE_H

#include <stddef.h>

typedef struct query_entry {
    char *id;
    char *text;
} query_entry;

typedef struct query_set {
    query_entry *queries;
    size_t count;
} query_set;

/* Loads path ("-" for standard input). Returns 0, or -1 with "FILE:LINE:
 * reason" (or the open error) in err. */
int query_set_load(const char *path, query_set *out, char *err, size_t errlen);
void query_set_free(query_set *set);

#endif
