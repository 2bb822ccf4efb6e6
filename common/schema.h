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
#define SCHEMA_PREFIX_SOURCE "XSRC" /* source file: drop a file's passages;
                                     * source:KEY */
/* Filters (schema_filters below); the value follows the prefix directly. */
#define SCHEMA_PREFIX_DIR "XDIR"    /* each directory above the source: in:DIR */
#define SCHEMA_PREFIX_TAG "XTAG"    /* each tag, ASCII lower-cased: tag:TAG */
#define SCHEMA_PREFIX_SITE "XSITE"  /* the site, ASCII lower-cased: site:SITE */
#define SCHEMA_PREFIX_IS "XIS"      /* "XISaccepted" on an accepted answer */

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
    SCHEMA_SLOT_ID = 0,       /* passage ID: the tie-break of equal scores */
    SCHEMA_SLOT_HASH = 1,     /* fingerprint of the stored data: skip unchanged */
    SCHEMA_SLOT_QUESTION = 2, /* question key (--per-question collapses on it);
                               * empty when the passage has none */
    SCHEMA_SLOT_SCORE = 3,    /* answer score, xc_sortable_serialise'd */
    SCHEMA_SLOT_DATE = 4,     /* date as "YYYYMMDDHHMMSS" (schema_date_value) */
    SCHEMA_SLOT_ACCEPTED = 5, /* "1" on an accepted answer, else empty */
    SCHEMA_SLOT_PRIOR = 6     /* log(1 + score) of an answer scored > 0,
                               * xc_sortable_serialise'd: the answer-quality
                               * prior (--prior) */
};

/* Query-parser field names and the prefixes they search. */
typedef struct schema_field {
    const char *name;
    const char *prefix;
} schema_field;
extern const schema_field schema_fields[]; /* ends with {NULL, NULL} */

/* Query-parser filters: field:VALUE restricts the search (no weight).
 * Terms: tag:TAG, site:SITE, is:accepted, source:KEY (a file's source key,
 * its passages' ID before "#"), in:DIR (every source under directory DIR,
 * relative to the root indexed).  Ranges: score:LO..HI (numbers) and
 * date:FROM..TO (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, TO
 * counting to the end of what it names); either bound may be left out. */
typedef enum { SCHEMA_FILTER_TERM, SCHEMA_FILTER_RANGE } schema_filter_kind;
typedef struct schema_filter {
    const char *name;
    schema_filter_kind kind;
    const char *prefix; /* TERM: the terms' prefix */
    int fold;           /* TERM: values ASCII lower-cased */
    int and_values;     /* TERM: several values all required (tags) */
    unsigned slot;      /* RANGE: the value slot */
    const char *usage;  /* how it is written, for messages */
} schema_filter;
extern const schema_filter schema_filters[]; /* ends with a NULL name */

/* The term of filter f (a const schema_filter *) for value, malloc'd; NULL
 * with the reason in err when the value is not one (is:other), or with
 * err "" on no memory.  The signature is xc_filter_fn's. */
char *schema_filter_term(const char *value, void *f, char *err, size_t errlen);
/* The value bounds of range filter f for BEGIN..END (xc_range_fn): *lo and
 * *hi malloc'd (NULL for an open side); -1 with err on a bound that is not
 * a number or date, or when both are missing. */
int schema_filter_range(const char *begin, const char *end, void *f, char **lo,
                        size_t *lo_len, char **hi, size_t *hi_len, char *err,
                        size_t errlen);

/* A filter term: prefix and value (lower-cased when fold), hashed when too
 * long as IDs are (SCHEMA_MAX_TERM).  malloc'd, NULL on no memory. */
char *schema_term(const char *prefix, const char *value, int fold);

/* The date slot's value of a passage's date ("YYYY-MM-DD", optionally
 * "THH:MM" or "THH:MM:SS" and a "Z"), as 14 digits "YYYYMMDDHHMMSS" into
 * out; 0, or -1 when date is not such a date (then no value is stored). */
int schema_date_value(const char *date, char out[15]);

/* A passage read back from the index.  Strings point into data, which the
 * struct owns; freed by schema_stored_free. */
typedef struct schema_stored {
    passage p;
    char *data;
} schema_stored;

/* The stored data of p: its fields in a fixed order (the strings of
 * PASSAGE_STRING_FIELDS, a NULL one as "", then line, answer number, score
 * ("" when absent) and accepted ("1" or "")), each ended
 * by a NUL byte, so that reading a hit back is a few memchr calls with no
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
