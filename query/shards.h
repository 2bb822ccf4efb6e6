/* shards.h - the indexes one search covers, each opened and checked alone.
 *
 * quarry-query -d takes Quarry indexes and Xapian stub files; a stub's
 * lines (auto PATH, glass PATH, remote HOST:PORT, remote :PROGRAM ARGS) are
 * read here rather than by Xapian, so that every shard is opened on its own
 * (remote ones with chosen timeouts), its recorded settings read (Xapian's
 * get_metadata on a combined database reads only the first shard), and
 * shards that would rank differently refused before they are searched as
 * one (xc_db_add). */
#ifndef QUARRY_SHARDS_H
#define QUARRY_SHARDS_H

#include "common/analysis.h"
#include "xapian-c/xapian_c.h"

#include <stddef.h>

typedef enum { SHARD_LOCAL, SHARD_TCP, SHARD_PROGRAM } shard_kind;

typedef struct shard {
    shard_kind kind;
    char *where;  /* LOCAL: the path; TCP: the host; PROGRAM: the program */
    char *args;   /* PROGRAM: its arguments */
    unsigned port;
    char *name;   /* what messages call it: "PATH" or "remote HOST:PORT",
                   * with " (STUB:LINE)" when a stub listed it */
    xc_db *db;    /* NULL until opened, or when it could not be (partial) */
    analysis_settings settings; /* recorded in it, once opened */
} shard;

typedef struct shard_set {
    shard *v;
    size_t n;
} shard_set;

typedef struct shard_options {
    unsigned timeout_ms;         /* each remote operation (default 10 s) */
    unsigned connect_timeout_ms; /* connecting to a remote (default 5 s) */
    int allow_partial;           /* search the shards that open */
} shard_options;

#define SHARD_TIMEOUT_MS 10000
#define SHARD_CONNECT_TIMEOUT_MS 5000

void shard_options_defaults(shard_options *o);

/* The shards paths[0..n) name: a directory is one local index; a file is a
 * stub whose lines are read (an auto/glass line naming a stub is read in
 * turn).  Returns 0, or -1 with the reason in err (a bad line, named by
 * file and line number; a stub that cannot be read). */
int shards_list(const char *const *paths, size_t n, shard_set *out, char *err,
                size_t errlen);

/* Opens sh and reads its settings.  Returns 0, or -1 with a sentence in err
 * naming the shard (for a local index, index_layout.h's diagnosis). */
int shard_open(shard *sh, const shard_options *o, char *err, size_t errlen);

/* The opened shards agree: one schema (each read it), the same analysis
 * settings, and places K/N that cover 1..N once each, all of one N (or no
 * shard is a K/N shard).  Returns 0; 1 when only shards are missing and
 * allow_missing (which ones in note); -1 with the reason in err naming the
 * shards and the setting. */
int shards_agree(const shard_set *s, int allow_missing, char *err, size_t errlen,
                 char *note, size_t notelen);

/* The index in s of the shard a combined database's docid comes from
 * (xc_db_add of each opened shard, in order). */
size_t shards_of_docid(const shard_set *s, unsigned docid);

void shards_free(shard_set *s);

#endif
