/* xapian_c.h - a pure C API over libxapian 1.4 and libstemmer.
 *
 * This header is the only view the rest of Quarry has of Xapian: opaque
 * handles, one status enum, and a per-thread message for the last failure.
 * No C++ exception ever crosses it (see xc_internal.h, XC_TRY/XC_CATCH).
 *
 * Conventions, true of every function unless its comment says otherwise:
 * - A function that can fail returns xc_status; on failure xc_last_error()
 *   holds "ExceptionClass: text" until the next failing call in this thread.
 * - Constructors fill an out-pointer and the caller owns the handle: free it
 *   with the matching *_free (which accepts NULL).
 * - A handle may be used by one thread at a time; stemmers (libstemmer) are
 *   not thread-safe at all, so each thread makes its own.
 * - Strings are UTF-8; "const char *" inputs are borrowed for the call only.
 */
#ifndef QUARRY_XAPIAN_C_H
#define QUARRY_XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xc_status {
    XC_OK = 0,
    XC_NOMEM,              /* std::bad_alloc */
    XC_DB_NOT_FOUND,       /* DatabaseNotFoundError: nothing at that path */
    XC_DB_OPENING,         /* DatabaseOpeningError: exists, cannot open */
    XC_DB_VERSION,         /* DatabaseVersionError: unsupported format */
    XC_DB_LOCKED,          /* DatabaseLockError: another writer holds it */
    XC_DB_CORRUPT,         /* DatabaseCorruptError */
    XC_DB_MODIFIED,        /* DatabaseModifiedError: reopen and retry */
    XC_DB_CREATE,          /* DatabaseCreateError */
    XC_DB_ERROR,           /* any other DatabaseError (I/O, disk full...) */
    XC_QUERY_SYNTAX,       /* QueryParserError */
    XC_INVALID_ARGUMENT,   /* InvalidArgumentError, bad parameter */
    XC_NO_STEMMER,         /* libstemmer has no such language */
    XC_NETWORK,            /* NetworkError (remote backends) */
    XC_OTHER,              /* any other Xapian::Error */
    XC_TIME_LIMIT,         /* the match ran past its deadline and was stopped */
    XC_STATUS_COUNT        /* sentinel: number of statuses */
} xc_status;

/* A static name for status ("database locked", ...). Never NULL. */
const char *xc_status_to_string(xc_status status);

/* Message of the last failure in this thread ("" if none). The pointer is
 * valid until the next wrapper call in this thread. */
const char *xc_last_error(void);

/* ---------------------------------------------------------------- stemmer */

typedef struct xc_stem xc_stem;

/* Languages libstemmer offers, NULL-terminated, static storage. */
const char *const *xc_stem_languages(void);

/* A libstemmer (Snowball) stemmer for language ("english", "french", ...).
 * "none" gives a stemmer that leaves words alone. XC_NO_STEMMER if unknown. */
xc_status xc_stem_new(const char *language, xc_stem **out);
void xc_stem_free(xc_stem *stem);

/* Stems word; returns a malloc'd string the caller frees, NULL on no memory. */
char *xc_stem_word(xc_stem *stem, const char *word);

/* ---------------------------------------------------------------- stopper */

typedef struct xc_stopper xc_stopper;

/* A stopper over a NULL-terminated list of words (copied). */
xc_status xc_stopper_new(const char *const *words, xc_stopper **out);
void xc_stopper_free(xc_stopper *stopper);

/* --------------------------------------------------------------- database */

typedef struct xc_db xc_db;   /* read-only: a database, stub file or shards */
typedef struct xc_wdb xc_wdb; /* writable: one database, one writer */

xc_status xc_db_open(const char *path, xc_db **out);
void xc_db_free(xc_db *db);

/* Shards searched as one: an empty database, then each shard added to it
 * (Xapian::Database::add_database: statistics are summed across them).
 * The shard's handle stays usable (and must still be freed). */
xc_status xc_db_new_combined(xc_db **out);
xc_status xc_db_add(xc_db *combined, xc_db *shard);

/* A database served by xapian-tcpsrv at host:port, or by a program run
 * with args (xapian-progsrv, e.g. through ssh), with Xapian::Remote::open:
 * timeout_ms bounds each operation, connect_timeout_ms the connection
 * (XC_NETWORK when either runs out or the server is not there). */
xc_status xc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                            unsigned connect_timeout_ms, xc_db **out);
xc_status xc_db_open_program(const char *program, const char *args, unsigned timeout_ms,
                             xc_db **out);

/* Asks a remote database whether it is still there (a no-op for local
 * ones); XC_NETWORK when it is not. */
xc_status xc_db_keep_alive(xc_db *db);

xc_status xc_db_doccount(xc_db *db, unsigned *out);

/* Brings db to the latest commit of what it opened (Database::reopen): a
 * long-lived reader's way to see an update committed in place.  *changed
 * (may be NULL) gets 1 when it moved. */
xc_status xc_db_reopen(xc_db *db, int *changed);

/* The data of the first document indexed by term into *out (malloc'd,
 * NUL-terminated; caller frees) and *len; *out NULL when no document has
 * the term. */
xc_status xc_db_term_data(xc_db *db, const char *term, char **out, size_t *len);

/* Value stored under key ("" when absent): *out is malloc'd, caller frees. */
xc_status xc_db_get_metadata(xc_db *db, const char *key, char **out);

/* Number of documents indexed by term (0 if none). */
xc_status xc_db_termfreq(xc_db *db, const char *term, unsigned *out);

enum {
    XC_WDB_OVERWRITE = 1, /* replace any database already at path */
    XC_WDB_WAIT_LOCK = 2  /* wait for another writer instead of failing */
};
/* Opens (creating when missing) a writable database at path; flags is a
 * combination of the XC_WDB_* values. XC_DB_LOCKED when another writer
 * holds it and XC_WDB_WAIT_LOCK is not given. */
xc_status xc_wdb_open(const char *path, unsigned flags, xc_wdb **out);
/* Closes db: commits nothing that is pending in a transaction, releases the
 * lock. Pending changes outside a transaction are committed by Xapian. */
void xc_wdb_free(xc_wdb *db);

xc_status xc_wdb_doccount(xc_wdb *db, unsigned *out);
xc_status xc_wdb_termfreq(xc_wdb *db, const char *term, unsigned *out);
xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value);
xc_status xc_wdb_get_metadata(xc_wdb *db, const char *key, char **out);
xc_status xc_wdb_commit(xc_wdb *db);
xc_status xc_wdb_begin_transaction(xc_wdb *db);
xc_status xc_wdb_commit_transaction(xc_wdb *db);
xc_status xc_wdb_cancel_transaction(xc_wdb *db);

/* --------------------------------------------------------------- document */

typedef struct xc_doc xc_doc;

xc_status xc_doc_new(xc_doc **out);
void xc_doc_free(xc_doc *doc);

xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len);
/* *out is malloc'd and NUL-terminated (caller frees); *len gets its length. */
xc_status xc_doc_get_data(xc_doc *doc, char **out, size_t *len);
xc_status xc_doc_add_value(xc_doc *doc, unsigned slot, const char *value);
/* *out is malloc'd (caller frees); "" when the slot is empty. */
xc_status xc_doc_get_value(xc_doc *doc, unsigned slot, char **out);
/* A term with no positions and wdf 0 (IDs, filters). */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term);

/* The longest encoding xc_sortable_serialise writes. */
#define XC_SORTABLE_MAX 16
/* Xapian::sortable_serialise(value) into out: bytes (they may hold NUL)
 * that compare as strings in the order of the numbers; returns how many. */
size_t xc_sortable_serialise(double value, char out[XC_SORTABLE_MAX]);
/* Stores value in slot as xc_sortable_serialise encodes it, so that sorting
 * and value ranges on slot follow the numbers. */
xc_status xc_doc_add_number_value(xc_doc *doc, unsigned slot, double value);

/* Calls fn(key, value, ctx) for each metadata key starting with prefix, in
 * key order; fn returns non-zero to stop.  Strings valid during the call. */
typedef int (*xc_metadata_fn)(const char *key, const char *value, void *ctx);
xc_status xc_wdb_metadata_each(xc_wdb *db, const char *prefix, xc_metadata_fn fn,
                               void *ctx);

/* Calls fn(docid, value of slot, ctx) for each document indexed by term;
 * fn returns non-zero to stop.  The value is valid during the call. */
typedef int (*xc_posting_fn)(unsigned docid, const char *value, void *ctx);
xc_status xc_wdb_postings(xc_wdb *db, const char *term, unsigned slot,
                          xc_posting_fn fn, void *ctx);

/* The value in slot of the document indexed by the unique term: *out is
 * malloc'd (caller frees), NULL when no document has the term. */
xc_status xc_wdb_value_by_term(xc_wdb *db, const char *term, unsigned slot,
                               char **out);

xc_status xc_wdb_delete_docid(xc_wdb *db, unsigned docid);

/* Adds doc as a new document (for a database known to lack its ID). */
xc_status xc_wdb_add(xc_wdb *db, xc_doc *doc);

/* Stores doc under the unique term id_term, replacing every document that
 * has it (so re-indexing never duplicates). */
xc_status xc_wdb_replace_by_term(xc_wdb *db, const char *id_term, xc_doc *doc);
xc_status xc_wdb_delete_by_term(xc_wdb *db, const char *term);

/* --------------------------------------------------------- term generator */

typedef struct xc_termgen xc_termgen;

typedef enum xc_stem_strategy {
    XC_STEM_NONE,  /* no stemmed terms */
    XC_STEM_SOME,  /* Z-prefixed stems, plus unstemmed terms (Xapian default) */
    XC_STEM_ALL,   /* stems only, no Z prefix */
    XC_STEM_ALL_Z  /* Z-prefixed stems only */
} xc_stem_strategy;

/* A term generator using stem (borrowed: it must outlive the generator) and
 * optional stopper (borrowed; NULL for none). */
xc_status xc_termgen_new(xc_stem *stem, xc_stem_strategy strategy,
                         xc_stopper *stopper, xc_termgen **out);
void xc_termgen_free(xc_termgen *tg);

/* Terms from now on go into doc (borrowed). */
xc_status xc_termgen_set_document(xc_termgen *tg, xc_doc *doc);
/* Indexes text with positions; each occurrence adds wdf_inc to the term's
 * within-document frequency; prefix "" for free text. */
xc_status xc_termgen_index_text(xc_termgen *tg, const char *text,
                                unsigned wdf_inc, const char *prefix);
/* Leaves a gap in positions so phrases do not match across fields. */
xc_status xc_termgen_increase_termpos(xc_termgen *tg, unsigned delta);

/* ------------------------------------------------------------ query parser */

typedef struct xc_query xc_query;
typedef struct xc_qparser xc_qparser;

/* A parser using stem and stopper (borrowed, may be NULL) and db (borrowed,
 * for wildcards and spelling; may be NULL). */
xc_status xc_qparser_new(xc_db *db, xc_stem *stem, xc_stem_strategy strategy,
                         xc_stopper *stopper, xc_qparser **out);
void xc_qparser_free(xc_qparser *qp);

/* field:word searches terms with prefix. */
xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field,
                                const char *prefix);

/* field:VALUE filters (a boolean prefix: no weight, ANDed with the rest of
 * the query; several values of one field ORed, or ANDed with and_values,
 * for fields a document has several values of).  fn maps VALUE to the one
 * term it stands for: a malloc'd string, or NULL with the reason in err
 * (errlen bytes), which makes the parse fail with XC_QUERY_SYNTAX and that
 * reason ("" in err: out of memory).  ctx is passed to fn. */
typedef char *(*xc_filter_fn)(const char *value, void *ctx, char *err, size_t errlen);
xc_status xc_qparser_add_filter(xc_qparser *qp, const char *field, int and_values,
                                xc_filter_fn fn, void *ctx);

/* field:BEGIN..END ranges over the values in slot (either bound may be
 * empty: an open range).  fn turns the bounds into values: *lo and *hi
 * malloc'd byte strings of *lo_len and *hi_len bytes (NULL: no bound on that
 * side), or returns -1 with the reason in err, as for filters.  A value in
 * slot matches when lo <= value <= hi as byte strings. */
typedef int (*xc_range_fn)(const char *begin, const char *end, void *ctx, char **lo,
                           size_t *lo_len, char **hi, size_t *hi_len, char *err,
                           size_t errlen);
xc_status xc_qparser_add_range(xc_qparser *qp, const char *field, unsigned slot,
                               xc_range_fn fn, void *ctx);

/* Parses text with Xapian's default flags plus phrase, boolean, love/hate
 * and lower-case boolean operators off; default_and makes terms ANDed. */
xc_status xc_qparser_parse(xc_qparser *qp, const char *text, int default_and,
                           xc_query **out);

/* A new handle on the same query (Xapian queries are immutable). */
xc_status xc_query_clone(const xc_query *q, xc_query **out);
/* Combines a and b (both borrowed) into a new query. */
typedef enum { XC_OP_OR, XC_OP_AND, XC_OP_AND_MAYBE } xc_query_op;
xc_status xc_query_combine(xc_query_op op, const xc_query *a,
                           const xc_query *b, xc_query **out);
/* A query matching every document with a value in slot, weighted by that
 * value (xc_sortable_serialise'd, >= 0) times factor: a static prior
 * (Xapian::ValueWeightPostingSource), to combine with XC_OP_AND_MAYBE. */
xc_status xc_query_value_weight(unsigned slot, double factor, xc_query **out);
/* The same for the documents whose value in slot is exactly value, each
 * weighted factor (Xapian::ValueMapPostingSource). */
xc_status xc_query_value_is(unsigned slot, const char *value, double factor,
                            xc_query **out);
/* A query over the given terms, ORed, scaled by factor (for feedback);
 * with weights (may be NULL), term i is scaled by factor * weights[i]. */
xc_status xc_query_from_terms(const char *const *terms, const double *weights,
                              size_t n, double factor, xc_query **out);
/* The query's terms in query-position order (a term once per position):
 * a malloc'd array of malloc'd strings; free with xc_terms_free(*terms,
 * NULL, *n). */
xc_status xc_query_terms(const xc_query *q, char ***terms, size_t *n);
/* Term proximity: q (borrowed), with documents where neighbouring terms
 * occur within window positions of each other raised by the weight of
 * that pair scaled by factor.  It reorders what q matches and never adds a
 * match.  Terms must have positions. */
xc_status xc_query_add_proximity(const xc_query *q, const char *const *terms, size_t n,
                                 unsigned window, double factor, xc_query **out);
/* The query's terms as it matches them, for showing matches: each plain
 * term alone (XC_GROUP_TERM), and the terms of each phrase or NEAR of
 * plain terms together, in order, with its window in positions.  Terms
 * under the right side of an AND_NOT (which no match holds) are left out.
 * *groups is a malloc'd array of *n; free with xc_term_groups_free. */
typedef enum { XC_GROUP_TERM, XC_GROUP_PHRASE, XC_GROUP_NEAR } xc_group_kind;
typedef struct xc_term_group {
    xc_group_kind kind;
    unsigned nterms;
    unsigned window; /* PHRASE, NEAR: the terms lie within this many positions */
    char **terms;    /* nterms malloc'd strings */
} xc_term_group;
xc_status xc_query_groups(const xc_query *q, xc_term_group **groups, size_t *n);
void xc_term_groups_free(xc_term_group *groups, size_t n);
void xc_term_groups_free_one(xc_term_group *group);

/* Number of terms the query matches on; 0 for an empty query. */
size_t xc_query_term_count(const xc_query *q);
/* Xapian's description, malloc'd (caller frees). */
char *xc_query_describe(const xc_query *q);
void xc_query_free(xc_query *q);

/* ------------------------------------------------------------------- text */

/* Calls fn for each word of text[0..len) (UTF-8; other bytes are read as
 * Latin-1, as Xapian does), split as Xapian's term generator splits text:
 * runs of word characters (letters, marks, digits, connector punctuation),
 * with an apostrophe or '&' between two of them kept inside ("don't",
 * "AT&T").  fn gets the word's byte range [start, end) and the word
 * lower-cased, as a term generator would index it before stemming; a
 * non-zero return stops the walk. */
typedef int (*xc_word_fn)(void *ctx, size_t start, size_t end, const char *lower,
                          size_t lower_len);
xc_status xc_text_words(const char *text, size_t len, xc_word_fn fn, void *ctx);

/* ----------------------------------------------------------------- search */

typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;

typedef enum xc_weighting {
    XC_W_BM25,      /* params: k1, k2, k3, b, min_normlen */
    XC_W_BM25PLUS,  /* params: k1, k2, k3, b, min_normlen, delta */
    XC_W_LM,        /* params: mu (Dirichlet smoothing) */
    XC_W_PL2,       /* params: c */
    XC_W_DPH,       /* no params */
    XC_W_INL2,      /* params: c */
    XC_W_TFIDF,     /* no params: Xapian's default normalisation "ntn" */
    XC_W_COUNT
} xc_weighting;

/* An enquire session over db (borrowed). */
xc_status xc_enquire_new(xc_db *db, xc_enquire **out);
void xc_enquire_free(xc_enquire *enq);

/* query is copied (Xapian queries are reference counted). */
xc_status xc_enquire_set_query(xc_enquire *enq, const xc_query *query);
/* params holds nparams values in the order listed for scheme above. */
xc_status xc_enquire_set_weighting(xc_enquire *enq, xc_weighting scheme,
                                   const double *params, size_t nparams);
/* Equal scores are ordered by the string in value slot, ascending, so that
 * runs are deterministic. */
xc_status xc_enquire_set_tiebreak_value(xc_enquire *enq, unsigned slot);
/* Stops a match still running at deadline (CLOCK_MONOTONIC seconds; 0:
 * never) with XC_TIME_LIMIT.  The weighting scheme looks at the clock as it
 * weighs documents (every 64th term weight, all terms counted together:
 * every few milliseconds of any
 * match, which time is spent weighing), so a match ends within a few
 * milliseconds of the deadline.  Local shards only: a remote server weighs
 * with its own copy of the scheme, bounded by the remote timeout.  A match
 * that weighs nothing (a filter alone; terms that every document holds
 * under pl2) is not timed: it reads postings only; nor are the position
 * checks of a phrase or NEAR over documents that then do not match. */
void xc_enquire_set_deadline(xc_enquire *enq, double deadline);
/* Orders by the value in slot first (descending when reverse), relevance
 * among equal values; replaces the tie-break order above.  Any primary
 * sort but relevance turns off Xapian's pruning of the ranking. */
xc_status xc_enquire_set_sort_by_value(xc_enquire *enq, unsigned slot, int reverse);
/* At most max documents with one value in slot (Enquire::set_collapse_key);
 * documents whose value is empty are never collapsed.  max 0: off. */
xc_status xc_enquire_set_collapse_key(xc_enquire *enq, unsigned slot, unsigned max);

/* As xc_enquire_get_mset, with items[0..nitems) of relevant (may be NULL:
 * none) as Xapian's relevance set: query terms they share weigh more
 * (Robertson/Sparck Jones relevance weights). */
xc_status xc_enquire_get_mset_relevant(xc_enquire *enq, unsigned first, unsigned maxitems,
                                       const xc_mset *relevant, const unsigned *items,
                                       size_t nitems, xc_mset **out);
xc_status xc_enquire_get_mset(xc_enquire *enq, unsigned first,
                              unsigned maxitems, xc_mset **out);
void xc_mset_free(xc_mset *mset);

unsigned xc_mset_size(const xc_mset *mset);
unsigned xc_mset_matches_estimated(const xc_mset *mset);
double xc_mset_weight(const xc_mset *mset, unsigned i);
/* With a collapse key: how many more documents with the i-th hit's key
 * were left out (MSetItem::get_collapse_count, a lower bound). */
unsigned xc_mset_collapse_count(const xc_mset *mset, unsigned i);
/* Xapian's document ID of item i: in a combined database of n shards it is
 * (docid in shard - 1) * n + shard index + 1. */
unsigned xc_mset_docid(const xc_mset *mset, unsigned i);
/* The key item i was sorted by (a sort by value: the value), without
 * reading its document: malloc'd (caller frees), "" when none. */
xc_status xc_mset_sort_key(const xc_mset *mset, unsigned i, char **out);
/* 1 when items a and b have the same sort key, else 0 (no I/O). */
int xc_mset_same_sort_key(const xc_mset *mset, unsigned a, unsigned b);
/* The i-th hit's value in slot: malloc'd (caller frees), "" when empty. */
xc_status xc_mset_value(xc_mset *mset, unsigned i, unsigned slot, char **out);
/* The i-th hit's document data: *out is malloc'd and NUL-terminated (caller
 * frees), *len its length. */
xc_status xc_mset_data(xc_mset *mset, unsigned i, char **out, size_t *len);
/* The i-th hit's document: caller frees with xc_doc_free. */
xc_status xc_mset_document(xc_mset *mset, unsigned i, xc_doc **out);

/* The best window of about length bytes of text, with the query's terms
 * (matched through stem, borrowed) wrapped in hi_start / hi_end; length 0
 * keeps the whole text.  Xapian's HTML escaping is undone, so the result is
 * the plain text plus markers.  *out is malloc'd; caller frees. */
xc_status xc_mset_snippet(xc_mset *mset, const char *text, size_t length,
                          xc_stem *stem, const char *hi_start,
                          const char *hi_end, const char *omit, char **out);

/* Pseudo-relevance feedback: the best nterms expansion terms from the
 * documents items[0..nitems) of mset (indices into it), keeping only terms
 * accepted by keep (NULL: all) that occur in at least min_docs of them.
 * *terms is a malloc'd array of malloc'd strings and *weights a malloc'd
 * array; free with xc_terms_free. */
typedef int (*xc_term_filter)(const char *term, void *ctx);
xc_status xc_enquire_expand(xc_enquire *enq, const xc_mset *mset, const unsigned *items,
                            size_t nitems, unsigned nterms, unsigned min_docs,
                            xc_term_filter keep, void *keep_ctx,
                            char ***terms, double **weights, size_t *n);
void xc_terms_free(char **terms, double *weights, size_t n);

/* ------------------------------------------------------------ compaction */

/* Merges the databases at sources[0..n) into a new database at dest, with
 * Xapian::Database::compact (multipass, full). */
xc_status xc_compact(const char *const *sources, size_t n, const char *dest);

/* --------------------------------------------------------------- checking */

/* Runs Xapian's consistency checker (Xapian::Database::check, as
 * xapian-check does) on the database directory at path: *errors gets the
 * number of problems it counted, *report its output (malloc'd, caller
 * frees; may be NULL on no memory).  A damage the checker cannot go past is
 * a failing status (often XC_DB_CORRUPT) with *report holding what it
 * printed until then. */
xc_status xc_check(const char *path, size_t *errors, char **report);

/* As xc_wdb_metadata_each, on a read-only database. */
xc_status xc_db_metadata_each(xc_db *db, const char *prefix, xc_metadata_fn fn,
                              void *ctx);

/* Calls fn for every document of db in docid order with its data (len
 * bytes, valid during the call), the first of its terms starting with
 * prefix (NULL if none) and how many such terms it has; fn returns
 * non-zero to stop. */
typedef int (*xc_document_fn)(unsigned docid, const char *data, size_t len,
                              const char *term, unsigned nterms, void *ctx);
xc_status xc_db_documents_each(xc_db *db, const char *prefix, xc_document_fn fn,
                               void *ctx);

#ifdef __cplusplus
}
#endif

#endif
