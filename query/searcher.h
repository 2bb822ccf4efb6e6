/* searcher.h - the query side: text in, ranked passages out.
 *
 * A searcher holds one open index and the analyser its recorded settings
 * describe; every query goes through the same parser, so a query is
 * analysed exactly as the passages were.  A search that meets
 * DatabaseModifiedError (a writer committed meanwhile) reopens the index
 * and runs again, so callers never see it. */
#ifndef QUARRY_SEARCHER_H
#define QUARRY_SEARCHER_H

#include "common/analysis.h"
#include "common/schema.h"
#include "query/query_limits.h"
#include "query/shards.h"
#include "xapian-c/xapian_c.h"

#include <stddef.h>

typedef struct searcher searcher;

/* Pseudo-relevance feedback: 0 docs means off. */
typedef struct expansion {
    unsigned docs;     /* feedback documents from the first pass */
    unsigned terms;    /* expansion terms added */
    double weight;     /* their weight relative to the query's */
    unsigned min_docs; /* feedback documents a term must occur in (0, 1: any) */
    double when;       /* only if document `docs` scores below when x the first
                        * (1: always) */
} expansion;

/* Term proximity: 0 window means off. */
typedef struct proximity {
    unsigned window;  /* neighbouring query terms within this many positions */
    double weight;    /* their weight relative to the query's */
} proximity;

/* The primary order of hits: relevance, or a passage value (highest
 * first), relevance among equal values. */
typedef enum { SORT_RELEVANCE, SORT_SCORE, SORT_DATE } search_sort;
/* Their names, as --sort and quarry-serve's sort take them; NULL-ended. */
extern const char *const search_sort_names[];

/* What query-time stopwords do: kept as any word, dropped, or dropped from
 * what matches and kept for ranking (OP_AND_MAYBE on the query without
 * them: they reorder what the other words match, never add a match). */
enum { STOPWORDS_KEEP = 0, STOPWORDS_DROP = 1, STOPWORDS_RANK = 2 };

typedef struct search_options {
    xc_weighting model;
    double params[6];
    size_t nparams;     /* 0: Quarry's defaults for the model */
    int default_and;    /* terms ANDed rather than ORed */
    int stopwords;      /* the index's query-time stopwords: STOPWORDS_* */
    double stopword_weight; /* STOPWORDS_RANK: their weight's factor */
    unsigned stopword_max_terms; /* STOPWORDS_RANK only for queries of at
                                  * most this many other terms (0: any) */
    expansion expand;
    proximity near;     /* needs an index whose stems have positions */
    unsigned offset, limit;
    size_t snippet_length; /* bytes of answer body; 0: no snippets */
    int ids_only;       /* fetch only IDs (a run file needs nothing else) */
    int describe;       /* fill hit_list.description (--show-query) */
    query_limits limits; /* a bigger query is refused as malformed */
    unsigned per_question; /* at most this many passages of one question key
                            * (0: off); passages without a key are never
                            * left out */
    search_sort sort;
    /* Answer quality as a static prior, added to what the query matches:
     * accepted answers gain `accepted`, answers scored N > 0 gain
     * score * log(1 + N) (0, 0: off). */
    struct { double accepted, score; } prior;
    /* Seconds a query's matching may take (0: no limit): a match still
     * running then is stopped, and the query fails with XC_TIME_LIMIT.
     * Local shards only; a remote one is bounded by its remote timeout. */
    double time_limit;
} search_options;

/* The default configuration (see docs/RELEVANCE.md). */
void search_options_defaults(search_options *o);

typedef struct hit {
    unsigned rank;         /* 1-based, counting the offset */
    double score;
    char *id;              /* passage ID */
    schema_stored stored;  /* the passage; all zero with ids_only */
    char *title_marked;    /* answer title, whole, with matches marked (below) */
    char *question_marked; /* the same for the question's title */
    char *snippet;         /* the best window of the answer's body, marked; or
                            * of the question's body when only it matches */
    int snippet_from_question;
    unsigned more_answers; /* with per_question: passages of its question
                            * left out (a lower bound, from Xapian) */
} hit;

typedef struct hit_list {
    hit *hits;
    size_t count;
    unsigned estimated;    /* Xapian's estimate of all matches */
    char *description;     /* the query Xapian ran, if options.describe */
    unsigned per_question; /* options.per_question: more_answers is known */
    char *partial;         /* the shards not searched (--allow-partial), or NULL */
    char *duplicates;      /* "passage ID X is in shards A and B", or NULL */
    int collapse_uncounted; /* per_question over remote shards: Xapian 1.4 does
                             * not say how many answers it left out there */
} hit_list;

/* Markers around matched words in title_marked, question_marked and
 * snippet; a byte of the text that equals one of the three comes after
 * HIT_MARK_LITERAL, so stored text cannot fake a match. */
#define HIT_MARK_START "\x01"
#define HIT_MARK_END "\x02"
#define HIT_MARK_LITERAL "\x03"

/* Opens the index at path.  Returns 0, or -1 with a one-line reason in err
 * (missing, not a Quarry index, corrupt, unknown stemmer...). */
int searcher_open(const char *path, searcher **out, char *err, size_t errlen);

/* The same over the shards paths[0..n) name (query/shards.h), searched as
 * one: every shard opened on its own, its settings compared, then all
 * combined.  With o->allow_partial, shards that do not open (or go away
 * later) are left out and every hit_list says which. */
int searcher_open_shards(const char *const *paths, size_t n, const shard_options *o,
                         searcher **out, char *err, size_t errlen);
void searcher_close(searcher *s);

const analysis_settings *searcher_settings(const searcher *s);

/* For a long-lived searcher, before each query: a rebuild that switched
 * the stub to a new generation opens the index afresh; otherwise a commit
 * made in place since is picked up (Database::reopen).  Cheap when nothing
 * changed (a stat and a read of the revision).  Returns 0, or -1 with the
 * reason in err when the index no longer opens (s is then unchanged). */
int searcher_refresh(searcher *s, char *err, size_t errlen);

/* The number of passages in the index. */
unsigned searcher_passages(searcher *s);

/* The stored passage whose ID is id into *out (schema_stored_free it):
 * 0 found, 1 no such passage, -1 the index could not be read. */
int searcher_passage(searcher *s, const char *id, schema_stored *out);

/* Runs one query.  Returns 0 (with possibly no hits), or -1 with the reason
 * in err; *status tells the query's own faults (XC_QUERY_SYNTAX, and
 * XC_TIME_LIMIT: o->time_limit ran out) from the index's. */
int searcher_run(searcher *s, const char *query, const search_options *o,
                 hit_list *out, xc_status *status, char *err, size_t errlen);
void hit_list_free(hit_list *hits);

#endif
