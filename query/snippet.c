/* snippet.c - matches found by analysing the text again; the best window. */
#include "query/snippet.h"

#include "common/strset.h"
#include "query/searcher.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A phrase or NEAR of the query, as term numbers. */
typedef struct group {
    xc_group_kind kind;
    unsigned window, n;
    unsigned *ids;
} group;

struct snippet_query {
    const analyser *an;
    int stems;             /* words are stemmed to find their terms */
    strset terms;          /* query term -> its number */
    unsigned nterms;
    unsigned char *loose;  /* per term: it matches alone, wherever it is */
    group *groups;         /* the phrases and NEARs */
    size_t ngroups;
};

/* Term numbers below this are tracked per word (a bit each), for phrases
 * and for counting distinct terms in a window. */
enum { TRACKED = 64 };

static xc_status add_group(snippet_query *sq, const xc_term_group *g)
{
    unsigned *ids = calloc(g->nterms ? g->nterms : 1, sizeof *ids);
    if (!ids)
        return XC_NOMEM;
    for (unsigned k = 0; k < g->nterms; k++) {
        int added = strset_add(&sq->terms, g->terms[k], strlen(g->terms[k]), sq->nterms, &ids[k]);
        if (added < 0) {
            free(ids);
            return XC_NOMEM;
        }
        if (added)
            ids[k] = sq->nterms++;
    }
    if (g->kind == XC_GROUP_TERM) {
        free(ids);
        return XC_OK;
    }
    group *more = realloc(sq->groups, (sq->ngroups + 1) * sizeof *more);
    if (!more) {
        free(ids);
        return XC_NOMEM;
    }
    sq->groups = more;
    sq->groups[sq->ngroups++] = (group){g->kind, g->window, g->nterms, ids};
    return XC_OK;
}

xc_status snippet_query_new(const xc_query *query, const analyser *an, snippet_query **out)
{
    *out = NULL;
    snippet_query *sq = calloc(1, sizeof *sq);
    if (!sq)
        return XC_NOMEM;
    sq->an = an;
    sq->stems = strcmp(an->settings.language, "none") != 0 &&
                an->settings.stemming != XC_STEM_NONE;
    xc_term_group *groups;
    size_t n;
    xc_status st = xc_query_groups(query, &groups, &n);
    for (size_t i = 0; st == XC_OK && i < n; i++)
        st = add_group(sq, &groups[i]);
    if (st == XC_OK && !(sq->loose = calloc(sq->nterms + 1, 1)))
        st = XC_NOMEM;
    for (size_t i = 0; st == XC_OK && i < n; i++) {
        unsigned id;
        if (groups[i].kind == XC_GROUP_TERM && strset_find(&sq->terms, groups[i].terms[0], &id))
            sq->loose[id] = 1;
    }
    /* A phrase term past the tracked ones cannot be found in its phrase:
     * it is shown wherever it is. */
    for (unsigned id = TRACKED; st == XC_OK && id < sq->nterms; id++)
        sq->loose[id] = 1;
    xc_term_groups_free(groups, n);
    if (st != XC_OK) {
        snippet_query_free(sq);
        return st;
    }
    *out = sq;
    return XC_OK;
}

void snippet_query_free(snippet_query *sq)
{
    if (!sq)
        return;
    for (size_t i = 0; i < sq->ngroups; i++)
        free(sq->groups[i].ids);
    free(sq->groups);
    free(sq->loose);
    strset_free(&sq->terms);
    free(sq);
}

/* ------------------------------------------------------------ the words */

typedef struct word {
    size_t start, end;     /* bytes of the text */
    uint64_t bits;         /* the tracked query terms it is */
    unsigned char loose;   /* it is a term that matches alone */
    unsigned char mark;    /* shown marked */
    unsigned char join;    /* its mark goes on over the next word (a phrase) */
} word;

typedef struct words {
    const snippet_query *sq;
    snippet_field field;
    word *w;
    size_t n, cap;
    char *buf;             /* a candidate term */
    size_t bufcap;
    xc_status st;
} words;

/* Looks up prefix + zed + s as a query term and records it on w. */
static void match(words *ws, word *w, const char *zed, const char *prefix, const char *s)
{
    size_t need = strlen(zed) + strlen(prefix) + strlen(s) + 1;
    if (need > ws->bufcap) {
        char *b = realloc(ws->buf, need * 2);
        if (!b) {
            ws->st = XC_NOMEM;
            return;
        }
        ws->buf = b;
        ws->bufcap = need * 2;
    }
    strcpy(ws->buf, zed);
    strcat(ws->buf, prefix);
    strcat(ws->buf, s);
    unsigned id;
    if (!strset_find(&ws->sq->terms, ws->buf, &id))
        return;
    if (id < TRACKED)
        w->bits |= (uint64_t)1 << id;
    if (ws->sq->loose[id])
        w->loose = 1;
}

/* The terms a word can be, as the term generator would have made them
 * under any strategy: prefix+word, prefix+stem, "Z"+prefix+stem. */
static int on_word(void *ctx, size_t start, size_t end, const char *lower, size_t len)
{
    (void)len;
    words *ws = ctx;
    if (ws->n == ws->cap) {
        size_t cap = ws->cap ? 2 * ws->cap : 256;
        word *w = realloc(ws->w, cap * sizeof *w);
        if (!w) {
            ws->st = XC_NOMEM;
            return 1;
        }
        ws->w = w;
        ws->cap = cap;
    }
    word *w = &ws->w[ws->n++];
    *w = (word){start, end, 0, 0, 0, 0};
    if (ws->sq->nterms == 0)
        return 0;
    char *stem = NULL;
    if (ws->sq->stems && !(stem = xc_stem_word(ws->sq->an->stem, lower))) {
        ws->st = XC_NOMEM;
        return 1;
    }
    const char *prefixes[2] = {ws->field.free_text ? "" : NULL, ws->field.prefix};
    for (int p = 0; p < 2; p++) {
        if (!prefixes[p])
            continue;
        match(ws, w, "", prefixes[p], lower);
        if (stem) {
            match(ws, w, "", prefixes[p], stem);
            match(ws, w, "Z", prefixes[p], stem);
        }
    }
    free(stem);
    return ws->st != XC_OK;
}

/* Marks the words of the occurrence of g that starts at word i, if there
 * is one; returns its last word, or -1. */
static long occurrence(words *ws, const group *g, size_t i)
{
    word *w = ws->w;
    uint64_t first = (uint64_t)1 << g->ids[0];
    if (g->kind == XC_GROUP_PHRASE) {
        if (!(w[i].bits & first))
            return -1;
        size_t at = i;
        for (unsigned k = 1; k < g->n; k++) { /* each next term in order */
            uint64_t bit = (uint64_t)1 << g->ids[k];
            size_t p = at + 1;
            while (p < ws->n && p < i + g->window && !(w[p].bits & bit))
                p++;
            if (p >= ws->n || p >= i + g->window)
                return -1;
            at = p;
        }
        for (size_t p = i, k = 0; p <= at; p++) {
            if (k < g->n && (w[p].bits & ((uint64_t)1 << g->ids[k]))) {
                w[p].mark = 1;
                k++;
            }
        }
        if (at + 1 - i == g->n) /* exact: one span */
            for (size_t p = i; p < at; p++)
                w[p].join = 1;
        return (long)at;
    }
    uint64_t all = 0; /* NEAR: every term within the window, any order */
    for (unsigned k = 0; k < g->n; k++)
        all |= (uint64_t)1 << g->ids[k];
    if (!(w[i].bits & all))
        return -1;
    uint64_t seen = 0;
    size_t last = i;
    for (size_t p = i; p < ws->n && p < i + g->window && seen != all; p++)
        if (w[p].bits & all & ~seen) {
            seen |= w[p].bits & all;
            last = p;
        }
    if (seen != all)
        return -1;
    for (size_t p = i; p <= last; p++)
        if (w[p].bits & all)
            w[p].mark = 1;
    return (long)last;
}

/* The words of text[0..len), matched and marked; cut says the text goes on
 * beyond len.  *ends (malloc'd, one per word, may be NULL) gets, at the
 * last word of an occurrence of a phrase, its first word + 1 (0: none). */
static xc_status analyse(const snippet_query *sq, const char *text, size_t len, int cut,
                         snippet_field field, words *ws, size_t **ends)
{
    memset(ws, 0, sizeof *ws);
    ws->sq = sq;
    ws->field = field;
    xc_status st = xc_text_words(text, len, on_word, ws);
    if (st == XC_OK)
        st = ws->st;
    free(ws->buf);
    ws->buf = NULL;
    size_t *e = NULL;
    if (st == XC_OK && ends && !(e = calloc(ws->n + 1, sizeof *e)))
        st = XC_NOMEM;
    for (size_t gi = 0; st == XC_OK && gi < sq->ngroups; gi++) {
        const group *g = &sq->groups[gi];
        int tracked = 1, found = 0;
        for (unsigned k = 0; k < g->n; k++)
            tracked &= g->ids[k] < TRACKED;
        for (size_t i = 0; tracked && i < ws->n; i++) {
            long last = occurrence(ws, g, i);
            if (last < 0)
                continue;
            found = 1;
            if (e && !e[last])
                e[last] = i + 1;
        }
        if (found || !cut)
            continue;
        /* No occurrence in what was read, which is not all of the text
         * (the phrase may lie beyond): its words are shown wherever they
         * are.  In a text read whole, they are not a match. */
        uint64_t all = 0;
        for (unsigned k = 0; k < g->n; k++)
            if (g->ids[k] < TRACKED)
                all |= (uint64_t)1 << g->ids[k];
        for (size_t i = 0; i < ws->n; i++)
            if (ws->w[i].bits & all)
                ws->w[i].loose = 1;
    }
    for (size_t i = 0; st == XC_OK && i < ws->n; i++)
        ws->w[i].mark |= ws->w[i].loose;
    if (st != XC_OK) {
        free(ws->w);
        free(e);
        ws->w = NULL;
        e = NULL;
    }
    if (ends)
        *ends = e;
    return st;
}

/* ---------------------------------------------------------------- output */

typedef struct out {
    char *s;
    size_t len, cap;
    int failed;
    size_t marks;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = (o->len + n + 1) * 2;
        char *b = realloc(o->s, cap);
        if (!b) {
            o->failed = 1;
            return;
        }
        o->s = b;
        o->cap = cap;
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copies text[from..to) with markers around the marked words of ws (those
 * from word k on), whitespace runs as one space when collapse. */
static void emit(out *o, const char *text, size_t from, size_t to, const words *ws, size_t k,
                 int collapse)
{
    int open = 0;
    while (k < ws->n && ws->w[k].end <= from)
        k++;
    for (size_t i = from; i < to; i++) {
        if (k >= ws->n && !collapse && !open) { /* past the words: runs at once */
            size_t run = i;
            while (run < to && text[run] != HIT_MARK_START[0] && text[run] != HIT_MARK_END[0] &&
                   text[run] != HIT_MARK_LITERAL[0])
                run++;
            put(o, text + i, run - i);
            if (run == to)
                break;
            i = run; /* a marker byte: below */
        }
        const word *w = k < ws->n ? &ws->w[k] : NULL;
        if (w && i == w->start && w->mark && !open) {
            put(o, HIT_MARK_START, 1);
            open = 1;
            o->marks++;
        }
        char c = text[i];
        if (collapse && is_space(c)) {
            while (i + 1 < to && is_space(text[i + 1]))
                i++;
            put(o, " ", 1);
        } else if (c == HIT_MARK_START[0] || c == HIT_MARK_END[0] || c == HIT_MARK_LITERAL[0]) {
            put(o, HIT_MARK_LITERAL, 1);
            put(o, &c, 1);
        } else {
            put(o, &c, 1);
        }
        if (w && i + 1 == w->end) {
            if (open && !(w->join && w->end < to))
                put(o, HIT_MARK_END, 1), open = 0;
            k++;
        }
    }
    if (open)
        put(o, HIT_MARK_END, 1);
}

static xc_status finish(out *o, char **result, size_t *marks)
{
    if (!o->failed && !o->s)
        put(o, "", 0);
    if (o->failed) {
        free(o->s);
        return XC_NOMEM;
    }
    *result = o->s;
    if (marks)
        *marks = o->marks;
    return XC_OK;
}

xc_status snippet_mark(const snippet_query *sq, const char *text, snippet_field field,
                       char **result, size_t *marks)
{
    *result = NULL;
    size_t len = strlen(text), scan = len < SNIPPET_SCAN_BYTES ? len : SNIPPET_SCAN_BYTES;
    words ws;
    xc_status st = analyse(sq, text, scan, scan < len, field, &ws, NULL);
    if (st != XC_OK)
        return st;
    out o = {0};
    emit(&o, text, 0, len, &ws, 0, 0);
    free(ws.w);
    return finish(&o, result, marks);
}

/* ---------------------------------------------------------- the window */

/* The primary score of a window: phrases found most, then distinct terms,
 * then marked words. */
typedef struct tally {
    unsigned counts[TRACKED];
    unsigned distinct, marked, phrases;
} tally;

static void add_word(tally *t, const word *w)
{
    for (uint64_t b = w->bits; b; b &= b - 1)
        if (t->counts[__builtin_ctzll(b)]++ == 0)
            t->distinct++;
    t->marked += w->mark;
}

static void remove_word(tally *t, const word *w)
{
    for (uint64_t b = w->bits; b; b &= b - 1)
        if (--t->counts[__builtin_ctzll(b)] == 0)
            t->distinct--;
    t->marked -= w->mark;
}

static unsigned long score(const tally *t)
{
    return t->phrases * 1000000ul + t->distinct * 1000ul + t->marked;
}

/* The first word, from 0, of the window of at most length bytes of ws
 * that scores best (the earliest of equals). */
static size_t best_start(const words *ws, const size_t *ends, size_t length)
{
    tally t;
    memset(&t, 0, sizeof t);
    unsigned char *counted = calloc(ws->n + 1, 1); /* phrases counted, by first word */
    size_t best = 0, j = 0;
    unsigned long best_score = 0;
    for (size_t i = 0; i < ws->n; i++) {
        while (j < ws->n && ws->w[j].end - ws->w[i].start <= length) {
            add_word(&t, &ws->w[j]);
            if (counted && ends[j] && ends[j] - 1 >= i) {
                counted[ends[j] - 1] = 1;
                t.phrases++;
            }
            j++;
        }
        if (j > i && score(&t) > best_score) {
            best_score = score(&t);
            best = i;
        }
        if (j > i) {
            remove_word(&t, &ws->w[i]);
            if (counted && counted[i])
                t.phrases--;
        } else {
            j = i + 1; /* a word longer than the window: alone */
        }
    }
    free(counted);
    return best_score ? best : 0;
}

/* 1 when word k starts a sentence (the text, or after . ! ? or a line). */
static int sentence_start(const char *text, const words *ws, size_t k)
{
    if (k == 0)
        return 1;
    for (size_t i = ws->w[k].start; i > ws->w[k - 1].end; i--) {
        char c = text[i - 1];
        if (c == '.' || c == '!' || c == '?' || c == '\n')
            return 1;
    }
    return 0;
}

/* Moves the window's start so its matches sit after a little context, at
 * a sentence start where one is close: as FTS5 does. */
static size_t centre(const char *text, const words *ws, size_t s, size_t length)
{
    size_t a = s, b;
    while (a < ws->n && !ws->w[a].mark && ws->w[a].end - ws->w[s].start <= length)
        a++;
    if (a >= ws->n || !ws->w[a].mark)
        return s;
    b = a;
    for (size_t k = a; k < ws->n && ws->w[k].end - ws->w[s].start <= length; k++)
        if (ws->w[k].mark)
            b = k;
    size_t room = length - (ws->w[b].end - ws->w[a].start), start = a, k = a;
    while (start > 0 && ws->w[a].start - ws->w[start - 1].start <= room / 3)
        start--;
    /* The nearest sentence start before the matches, if the room allows. */
    for (;; k--) {
        if (sentence_start(text, ws, k))
            return k;
        if (k == 0 || ws->w[a].start - ws->w[k - 1].start > room * 2 / 3)
            break;
    }
    return start;
}

/* 1 when text[from..to) holds something besides whitespace (looking at
 * no more than SNIPPET_SCAN_BYTES of it: beyond, assume it does). */
static int has_text(const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (i - from >= SNIPPET_SCAN_BYTES || !is_space(text[i]))
            return 1;
    }
    return 0;
}

xc_status snippet_best(const snippet_query *sq, const char *text, size_t length,
                       snippet_field field, char **result, size_t *marks)
{
    *result = NULL;
    size_t len = strlen(text);
    size_t scan = len < SNIPPET_SCAN_BYTES + length ? len : SNIPPET_SCAN_BYTES + length;
    words ws;
    size_t *ends;
    xc_status st = analyse(sq, text, scan, scan < len, field, &ws, &ends);
    if (st != XC_OK)
        return st;
    out o = {0};
    size_t from = 0, to = len;
    while (from < to && is_space(text[from]))
        from++;
    while (to > from && is_space(text[to - 1]))
        to--;
    if (to - from > length && ws.n > 0) {
        size_t s = centre(text, &ws, best_start(&ws, ends, length), length), e = s;
        from = s == 0 ? from : ws.w[s].start; /* the text's start: with what leads */
        while (e < ws.n && ws.w[e].end - from <= length)
            e++;
        if (e == s) { /* one word longer than the snippet: its start */
            to = from + length;
            while (to > from && ((unsigned char)text[to] & 0xC0) == 0x80)
                to--; /* not inside a character */
        } else {
            to = ws.w[e - 1].end; /* and the punctuation after it */
            size_t next = e < ws.n ? ws.w[e].start : scan;
            while (to < next && to - from < length && (unsigned char)text[to] < 0x80 &&
                   !is_space(text[to]))
                to++;
        }
    } else if (to - from > length) { /* no word at all: the start */
        to = from + length;
        while (to > from && ((unsigned char)text[to] & 0xC0) == 0x80)
            to--;
    }
    if (has_text(text, 0, from))
        put(&o, "...", 3);
    emit(&o, text, from, to, &ws, 0, 1);
    if (has_text(text, to, len))
        put(&o, "...", 3);
    free(ws.w);
    free(ends);
    return finish(&o, result, marks);
}
