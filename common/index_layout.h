/* index_layout.h - what a reader needs to know of an index directory's
 * layout (indexer/generations.h describes it in full and writes it):
 *
 *   INDEX/XAPIANDB     stub file "auto gen-000007": what Xapian opens
 *   INDEX/gen-000007/  the live generation, one Xapian database
 *
 * and one diagnosis, shared by both tools, of why INDEX does not open: so
 * that neither ever answers a damaged or half-copied index with advice that
 * would destroy it ("build one with quarry-index -d INDEX"). */
#ifndef QUARRY_INDEX_LAYOUT_H
#define QUARRY_INDEX_LAYOUT_H

#include <stddef.h>

#define INDEX_STUB "XAPIANDB"

/* The generation number a directory entry name ("gen-000007") stands for,
 * or 0 if it is not a generation's name. */
unsigned index_gen_number(const char *name);

/* Reads the generation INDEX/XAPIANDB names into *n.  Returns 0, or -1 with
 * errno: ENOENT no stub, EINVAL a stub that is not Quarry's, or why it
 * could not be read. */
int index_stub_read(const char *index, unsigned *n);

/* The newest generation of index other than except that opens as a Xapian
 * database, or 0. */
unsigned index_newest_openable(const char *index, unsigned except);

typedef enum index_state {
    INDEX_OPENS,       /* the stub names a generation that opens */
    INDEX_ABSENT,      /* nothing at that path */
    INDEX_DENIED,      /* a part of it cannot be read (permissions) */
    INDEX_NOT_QUARRY,  /* no stub (and no generation), or a foreign stub */
    INDEX_NO_STUB,     /* no stub, but generations are there */
    INDEX_GEN_MISSING, /* the stub names a generation that is not there */
    INDEX_GEN_BROKEN   /* the stub's generation does not open */
} index_state;

/* Finds why index does (not) open and, unless INDEX_OPENS, writes a
 * sentence saying so into msg, with the safe way out when there is one
 * (pointing the stub at a complete generation found beside it). */
index_state index_explain(const char *index, char *msg, size_t len);

#endif
