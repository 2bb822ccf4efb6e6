/* analysis.h - the text analysis settings, recorded in the index.
 *
 * The indexer records the settings it analysed text with in the index's
 * metadata; the query tool reads them back and builds its parser from them,
 * so the two can never drift apart. */
#ifndef QUARRY_ANALYSIS_H
#define QUARRY_ANALYSIS_H

#include "xapian-c/xapian_c.h"

#include <stddef.h>

typedef struct analysis_settings {
    char language[32];          /* libstemmer algorithm, or "none" */
    xc_stem_strategy stemming;  /* Xapian's strategy (default ALL_Z) */
    char stopwords[32];         /* query-time stopword list, or "none" */
    unsigned title_weight;      /* wdf per word of the answer title in free text */
    unsigned question_weight;   /* the same for the question('s title); 0: only
                                 * question: */
    unsigned question_body_weight; /* the same for the question's body alone
                                    * (an index recorded without it: as
                                    * question_weight) */
    unsigned tag_weight;        /* the same for tags as words (0: only tag:) */
    unsigned shard_k, shard_n;  /* shard K of N (common/shard_key.h); N 0: whole */
} analysis_settings;

/* english stemming, STEM_ALL_Z, english query-time stopwords, answer title
 * weight 3, question title words 4, question body words 2, tags 0 (answer
 * body words count 1). */
void analysis_defaults(analysis_settings *s);

/* The recorded (lowercase) name of the language given by name, matched
 * case-insensitively among the libstemmer languages and "none", into out
 * (outlen bytes).  Returns 0, or -1 when no language has that name. */
int analysis_language_name(const char *name, char *out, size_t outlen);

/* Writes s into the index metadata (with the schema version). */
xc_status analysis_save(xc_wdb *db, const analysis_settings *s);

/* The largest field weight a user can give (and an index can record). */
#define ANALYSIS_MAX_WEIGHT 100

/* Reads the settings recorded in db.  Returns 0, or -1 with a message in
 * err when db is not a Quarry index (of this schema) or the read failed,
 * or ANALYSIS_DAMAGED when a Quarry index's settings are missing or
 * garbled. */
enum { ANALYSIS_DAMAGED = -2 };
int analysis_load(xc_db *db, analysis_settings *s, char *err, size_t errlen);

/* The same for an index of another schema version (whose settings are
 * recorded alike): what a --rebuild carries over into the current one. */
int analysis_load_any_schema(xc_db *db, analysis_settings *s, char *err, size_t errlen);

/* The settings a user can give, as bits of a mask. */
enum {
    ANALYSIS_LANGUAGE = 1,        /* language and its stopword list */
    ANALYSIS_TITLE_WEIGHT = 2,
    ANALYSIS_QUESTION_WEIGHT = 4,
    ANALYSIS_STEMMING = 8,
    ANALYSIS_QUESTION_BODY_WEIGHT = 16,
    ANALYSIS_TAG_WEIGHT = 32,
    ANALYSIS_SHARD = 64           /* --shard K/N */
};

/* The names of the stemming strategies, indexed by xc_stem_strategy
 * ("none", "some", "all", "all_z"), NULL-terminated. */
extern const char *const analysis_stemming_names[];
const char *analysis_stemming_name(xc_stem_strategy s);

/* The mask of the settings given in `given` whose value differs in `s`. */
unsigned analysis_differs(const analysis_settings *s, const analysis_settings *given,
                          unsigned given_mask);

/* Copies the settings given_mask names from given into s. */
void analysis_override(analysis_settings *s, const analysis_settings *given,
                       unsigned given_mask);

/* The objects that apply one set of settings. */
typedef struct analyser {
    analysis_settings settings;
    xc_stem *stem;
    xc_stopper *stopper; /* NULL when stopwords is "none" */
} analyser;

/* Builds the stemmer and stopper of s. XC_NO_STEMMER for an unknown
 * language, XC_INVALID_ARGUMENT for an unknown stopword list. */
xc_status analyser_open(analyser *a, const analysis_settings *s);
void analyser_close(analyser *a);

/* A term generator for indexing (no stopper: stopwords stay indexed so
 * phrases can match them). Caller frees with xc_termgen_free. */
xc_status analyser_termgen(analyser *a, xc_termgen **out);

/* A query parser with the schema's fields and term filters, dropping the stopwords of the
 * settings when use_stopwords is 1 (phrases keep them). Caller frees. */
xc_status analyser_qparser(analyser *a, xc_db *db, int use_stopwords,
                           xc_qparser **out);

/* Adds the schema's range fields (score:, date:) to qp.  Apart: once a
 * parser has a range field, Xapian reads every word holding ".." as a
 * range ("So... why" fails as an unknown range), so only a query that uses
 * one is parsed with them. */
xc_status analyser_add_ranges(xc_qparser *qp);

#endif
