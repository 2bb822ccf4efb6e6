/* page_order.c - alike passages in passage ID order, across page boundaries. */
#include "query/page_order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scores agreeing to this relative difference are equal (page_order.h). */
static const double TIE = 1e-12;

/* Items a and b of m rank alike. */
static int alike(const xc_mset *m, int by_value, unsigned a, unsigned b)
{
    double wa = xc_mset_weight(m, a), wb = xc_mset_weight(m, b);
    if (fabs(wa - wb) > TIE * fmax(fabs(wa), fabs(wb)))
        return 0;
    return !by_value || xc_mset_same_sort_key(m, a, b);
}

typedef struct member {
    unsigned item;
    char *id;
} member;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const member *)a)->id, ((const member *)b)->id);
}

/* Puts items [a, b] of p->mset in ID order into p->items from place a. */
static xc_status sort_run(page *p, int by_value, unsigned id_slot, unsigned a, unsigned b,
                          unsigned *order)
{
    size_t n = b - a + 1;
    member *m = calloc(n, sizeof *m);
    xc_status st = m ? XC_OK : XC_NOMEM;
    for (size_t i = 0; st == XC_OK && i < n; i++) {
        m[i].item = a + (unsigned)i;
        st = by_value ? xc_mset_value(p->mset, m[i].item, id_slot, &m[i].id)
                      : xc_mset_sort_key(p->mset, m[i].item, &m[i].id);
    }
    if (st == XC_OK) {
        qsort(m, n, sizeof *m, by_id);
        for (size_t i = 0; i < n; i++)
            order[a + i] = m[i].item;
    }
    for (size_t i = 0; m && i < n; i++)
        free(m[i].id);
    free(m);
    return st;
}

xc_status page_order(page_fetch fetch, void *ctx, xc_mset *first_pass, unsigned asked,
                     unsigned offset, unsigned limit, int by_value, int exact,
                     unsigned id_slot, page *p)
{
    memset(p, 0, sizeof *p);
    unsigned end = offset + limit;
    /* The window: PAGE_LOOKAHEAD items either side of the page, so that the
     * short runs of ties usual at a page's boundaries (two or three passages
     * of one score at rank 1000) are seen whole without a second search. */
    unsigned lo = offset > PAGE_LOOKAHEAD ? offset - PAGE_LOOKAHEAD : 0;
    unsigned hi = end + PAGE_LOOKAHEAD, grow = limit < 256 ? 256 : limit;
    xc_status st = XC_OK;
    p->mset = first_pass;
    if (p->mset && asked < hi && xc_mset_size(p->mset) == asked) { /* too short */
        xc_mset_free(p->mset);
        p->mset = NULL;
        lo = 0;
    } else if (p->mset) {
        lo = 0;
        hi = asked;
    }
    unsigned size = 0, p0 = 0, p1 = 0;
    for (;;) {
        if (!p->mset && (st = fetch(ctx, lo, hi - lo, &p->mset)) != XC_OK)
            return st;
        size = xc_mset_size(p->mset);
        int more = size == hi - lo; /* the ranking may go on past the window */
        p0 = offset - lo;
        p1 = end - lo < size ? end - lo : size;
        if (p0 >= size || (exact && !by_value))
            break; /* past the last match; or Xapian's own order will do */
        unsigned j = p0, k = p1 - 1;
        while (j > 0 && alike(p->mset, by_value, j - 1, j))
            j--;
        while (k + 1 < size && alike(p->mset, by_value, k, k + 1))
            k++;
        int front = j == 0 && lo > 0, back = k == size - 1 && more;
        if (!front && !back)
            break;
        if (front)
            lo = lo > grow ? lo - grow : 0;
        if (back)
            hi += grow;
        grow *= 2;
        xc_mset_free(p->mset);
        p->mset = NULL;
    }
    if (p0 >= size)
        return XC_OK;
    unsigned *order = malloc(size * sizeof *order);
    if (!order)
        return XC_NOMEM;
    for (unsigned i = 0; i < size; i++)
        order[i] = i;
    /* The runs that touch the page, each in ID order. */
    for (unsigned a = p0; st == XC_OK && a < p1;) {
        while (a > 0 && alike(p->mset, by_value, a - 1, a))
            a--;
        unsigned b = a;
        while (b + 1 < size && alike(p->mset, by_value, b, b + 1))
            b++;
        if (b > a)
            st = sort_run(p, by_value, id_slot, a, b, order);
        a = b + 1;
    }
    if (st != XC_OK) {
        free(order);
        return st;
    }
    memmove(order, order + p0, (p1 - p0) * sizeof *order);
    p->items = order;
    p->count = p1 - p0;
    return XC_OK;
}

void page_free(page *p)
{
    xc_mset_free(p->mset);
    free(p->items);
    memset(p, 0, sizeof *p);
}
