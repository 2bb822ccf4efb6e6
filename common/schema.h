/* schema.h - how a passage is laid out in a Xapian document.
 *
 * The single definition of term prefixes, value slots, query-parser fields
 * and stored data, used by the indexer to write and the query tool to read.
 * Changing any of it changes SCHEMA_VERSION, which is recorded in the index. */
#ifndef QUARRY_SCHEMA_H
#define QUARRY_SCHEMA_H

#include "common/passage.h"

#include <stddef.h>

#define SCHEMA_VERSION "3"

/* Boolean terms (no positions, no weight). */
#define SCHEMA_PREFIX_ID "Q"        /* unique passage ID: replace by term */
#define SCHEMA_PREFIX_SOURCE "XSRC" /* source file: drop a file's passages */

/* Free-text fields.  Unprefixed terms hold the answer (title and body); the
 * prefixed copies let a query restrict itself to one field. */
#define SCHEMA_PREFIX_TITLE "S"     /* the answer's title */
#define SCHEMA_PREFIX_QUESTION "XQ" /* the question's title and body */

/* The longest term Xapian stores (glass).  An ID or source term that would
 * be longer keeps its first bytes and ends in "#" and the 16 hex digits of
 * the FNV-1a hash of the whole ID (or source), exactly SCHEMA_MAX_TERM
 * bytes: unique and stable, while value slot 0 and the stored data keep the
 * full ID.  Shorter terms are the prefix and the ID as they are (an index of
 * an older build is read and updated unchanged: no such term existed). */
#define SCHEMA_MAX_TERM 245

/* Value slots. */
enum {
    SCHEMA_SLOT_ID = 0,  /* passage ID: the tie-break of equal scores */
    SCHEMA_SLOT_HASH = 1 /* fingerprint of the stored data: skip unchanged */
};

/* Query-parser field names and the prefixes they search. */
typedef struct schema_field {
    const char *name;
    const char *prefix;
} schema_field;
extern const schema_field schema_fields[]; /* ends with {NULL, NULL} */

/* A passage read back from the index.  Strings point into data, which the
 * struct owns; freed by schema_stored_free. */
typedef struct schema_stored {
    passage p;
    char *data;
} schema_stored;

/* The stored data of p: its fields in a fixed order (id, answer title and
 * body, question title and body, source, line, answer number; then the Q&A
 * metadata: question key, site, tags, date, author, link, score, accepted,
 * absent ones kept apart from empty ones), each ended by a NUL byte, so that reading a hit back is a few memchr calls with no
 * copying (passage strings never hold NUL).  Returns a malloc'd buffer and
 * its length in *len, or NULL on no memory. */
char *schema_encode(const passage *p, size_t *len);

/* The fingerprint of encoded data (8 hex digits of its CRC-32) into hex. */
void schema_hash(const char *data, size_t len, char hex[9]);

/* Takes ownership of data (len bytes, malloc'd) and points *out into it;
 * returns 0, or -1 (data freed) if it is not a Quarry passage (the index is
 * not Quarry's or is damaged). */
int schema_decode(char *data, size_t len, schema_stored *out);
void schema_stored_free(schema_stored *s);

/* The boolean terms of a passage ID and of a source (hashed when too long
 * for a term, see SCHEMA_MAX_TERM): malloc'd, or NULL on no memory. */
char *schema_id_term(const char *id);
char *schema_source_term(const char *source_key);

/* The 64-bit FNV-1a hash of s: what stands for over-long IDs, sources and
 * manifest keys. */
unsigned long long schema_fnv1a(const char *s);

#endif
