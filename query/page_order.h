/* page_order.h - which passages make a page of results, in an order that
 * does not depend on how the index is split into shards.
 *
 * Xapian orders passages that rank alike by document ID, and document IDs
 * interleave across shards; scores that agree to 12 significant digits may
 * also differ in their last bit over shards (a passage's term weights are
 * added in an order that depends on each shard).  Quarry breaks such ties
 * by passage ID: two passages rank alike when they have the same sort key
 * (--sort score or date: the value) and scores equal to 12 digits.  A run
 * of alike passages that crosses the page's first or last place is read
 * whole (the MSet is asked again, wider; by relevance only over remote
 * shards, see `exact` below), so the page is the one a single index gives,
 * whatever the layout.  The cost: 32 more items either side
 * of the page; when a run is longer than that, wider searches (the window
 * grows by 256 items or a page, doubling, until the run is whole: a few for
 * a run of thousands); and with --sort, reading the ID of every member of a
 * run that crosses a boundary (a round trip each on a remote shard). */
#ifndef QUARRY_PAGE_ORDER_H
#define QUARRY_PAGE_ORDER_H

#include "xapian-c/xapian_c.h"

/* Items read beyond each end of the page at first: a run of ties that ends
 * within them costs no second search. */
enum { PAGE_LOOKAHEAD = 32 };

/* Ranks again and returns items [first, first + count) of the ranking in
 * *out. */
typedef xc_status (*page_fetch)(void *ctx, unsigned first, unsigned count, xc_mset **out);

typedef struct page {
    xc_mset *mset;   /* the window of the ranking that was read */
    unsigned *items; /* the page, in order: indices into mset (malloc'd) */
    unsigned count;
} page;

/* The page of limit items from offset.  *mset may already hold a window
 * starting at item 0 of the ranking (a first pass, asked for `asked` items),
 * or be NULL.  by_value: the ranking is a sort by value (the ID is then read
 * from value slot id_slot), else by relevance then ID (the sort key is the
 * ID).  exact: by relevance, every shard weighs a passage as one index does
 * (local shards: one match), so passages that tie exactly are already in
 * ID order (Xapian's tie-break) and only the window is put in order: no
 * wider search.  Remote servers each add a passage's term weights in their
 * own order, so over them a tie may differ in its last bit and runs are
 * read whole.  On success p owns the window; page_free releases it. */
xc_status page_order(page_fetch fetch, void *ctx, xc_mset *first_pass, unsigned asked,
                     unsigned offset, unsigned limit, int by_value, int exact,
                     unsigned id_slot, page *p);
void page_free(page *p);

#endif
