/* strset.h - a set of strings, each with a number (an open-addressing hash
 * table, at most half full).  Used for the IDs seen in one input: duplicate
 * detection in the BEIR reader, stale-passage detection in the writer. */
#ifndef QUARRY_STRSET_H
#define QUARRY_STRSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct strset_entry {
    char *key;      /* NULL: free slot */
    size_t len;
    uint64_t hash;
    unsigned value;
} strset_entry;

typedef struct strset {
    strset_entry *slots;
    size_t cap;     /* a power of two, or 0 */
    size_t count;
} strset;           /* zero-initialised is empty */

/* Adds key[0..len) (no NULs) with value.  Returns 1 when it was new, 0 when
 * it was there already (*old, if not NULL, gets its value), -1 when out of
 * memory. */
int strset_add(strset *s, const char *key, size_t len, unsigned value, unsigned *old);

/* 1 when key is in the set. */
int strset_contains(const strset *s, const char *key);

/* 1 when key is in the set, with its value in *value; 0 when not. */
int strset_find(const strset *s, const char *key, unsigned *value);

void strset_free(strset *s);

#endif
