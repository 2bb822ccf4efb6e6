/* trec_io.c - qrels and run loaders; see trec_io.h.
 *
 * A file is read whole and cut up in place: every qid and docid handed out
 * points into that one buffer, which its trec_qrels or trec_run owns.  A
 * 300k-line run thus costs one read, one sort and no allocation per line. */
#include "eval/trec_io.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_SEPARATORS " \t\v\f\r"

/* ---- Shared: the file, its lines, its fields, its numbers ---------------- */

const char *trec_display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "(standard input)" : path;
}

/* Reads all of path ("-": standard input) into *text, NUL-terminated, with
 * its length in *len.  Returns 0, or -1 after reporting to sink.  Reads by
 * chunks rather than by file size, so that pipes work too. */
static int slurp(const char *path, const diag_sink *sink, char **text,
                 size_t *len)
{
    const char *name = trec_display_name(path);
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        diag(sink, DIAG_ERROR, name, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    size_t cap = 0, n = 0;
    char *buf = NULL;
    int read_errno = 0; /* fread's errno if it failed */
    bool out_of_memory = false;
    for (;;) {
        if (cap - n < 2) {
            size_t bigger = cap ? cap * 2 : 1 << 16;
            char *grown = bigger > cap ? realloc(buf, bigger) : NULL;
            if (!grown) {
                out_of_memory = true;
                break;
            }
            buf = grown;
            cap = bigger;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                read_errno = errno ? errno : EIO;
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (out_of_memory || read_errno) {
        if (out_of_memory)
            diag(sink, DIAG_ERROR, name, 0, "out of memory reading the file");
        else
            diag(sink, DIAG_ERROR, name, 0, "cannot read: %s",
                 strerror(read_errno));
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    /* A NUL byte would silently cut a line short: refuse binary input. */
    size_t text_len = strlen(buf);
    if (text_len < n) {
        unsigned line = 1;
        for (size_t i = 0; i < text_len; i++)
            line += buf[i] == '\n';
        diag(sink, DIAG_ERROR, name, line,
             "NUL byte in line (not a text file?)");
        free(buf);
        return -1;
    }
    *text = buf;
    *len = n;
    return 0;
}

/* Walks the lines of a buffer, cutting each one off in place. */
typedef struct cursor {
    char *next;    /* start of the next line */
    char *end;     /* the buffer's terminating NUL */
    unsigned line; /* 1-based number of the line last returned */
} cursor;

/* The next line, NUL-terminated, without its newline or a CR before it;
 * NULL when there is none. */
static char *next_line(cursor *c)
{
    if (c->next >= c->end)
        return NULL;
    char *start = c->next;
    char *newline = memchr(start, '\n', (size_t)(c->end - start));
    char *stop = newline ? newline : c->end;
    c->next = newline ? newline + 1 : c->end;
    if (stop > start && stop[-1] == '\r')
        stop--;
    *stop = '\0';
    c->line++;
    return start;
}

/* An upper bound on the number of lines in text. */
static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text)));
         p++)
        n++;
    return n;
}

/* Cuts line into fields in place and stores the first max of them.
 * Returns how many fields the line has, which may be more than max. */
static size_t split_fields(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *p = line;
    for (;;) {
        p += strspn(p, FIELD_SEPARATORS);
        if (*p == '\0')
            return n;
        char *stop = p + strcspn(p, FIELD_SEPARATORS);
        if (n < max)
            fields[n] = p;
        n++;
        if (*stop == '\0')
            return n;
        *stop = '\0';
        p = stop + 1;
    }
}

/* Strict integer parsing: all of s, base 10, within [lo, hi].  Returns 0,
 * -1 if s is not an integer, -2 if it is out of range. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return -1;
    if (errno == ERANGE || v < lo || v > hi)
        return -2;
    *out = v;
    return 0;
}

/* Strict score parsing: all of s, a finite number.  Returns 0 or -1.
 * strtod's ERANGE is not checked: an underflow to a tiny score is fine and
 * an overflow gives HUGE_VAL, which isfinite() refuses. */
static int parse_score(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* ---- Qrels --------------------------------------------------------------- */

/* One judgement line before grouping. */
typedef struct qrels_line {
    const char *qid;
    eval_judgement judgement;
    unsigned line;
} qrels_line;

static int by_qid_docid_line(const void *a, const void *b)
{
    const qrels_line *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    if (c == 0)
        c = strcmp(x->judgement.docid, y->judgement.docid);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c;
}

static bool is_beir_header(char **f, size_t n)
{
    return n == 3 && strcmp(f[0], "query-id") == 0 &&
           strcmp(f[1], "corpus-id") == 0 && strcmp(f[2], "score") == 0;
}

/* Parses every line of q->text into lines[], setting *n.  Returns 0, or -1
 * after reporting the first malformed line. */
static int parse_qrels(trec_qrels *q, size_t len, const char *name,
                       const diag_sink *sink, qrels_line *lines, size_t *n)
{
    cursor c = { q->text, q->text + len, 0 };
    size_t want = 0;         /* fields per line, set by the first data line */
    unsigned want_line = 0;  /* where `want` was set */
    bool first = true;
    char *line;
    *n = 0;
    while ((line = next_line(&c))) {
        char *f[5];
        size_t nf = split_fields(line, f, 5);
        if (nf == 0)
            continue;
        bool was_first = first;
        first = false;
        if (was_first && is_beir_header(f, nf))
            continue;
        if (want == 0 && nf != 3 && nf != 4) {
            diag(sink, DIAG_ERROR, name, c.line,
                 "expected 3 fields (query-id corpus-id score) or 4 "
                 "(qid iter docid grade), found %zu", nf);
            return -1;
        }
        if (want == 0) {
            want = nf;
            want_line = c.line;
        } else if (nf != want) {
            diag(sink, DIAG_ERROR, name, c.line,
                 "expected %zu fields as on line %u, found %zu", want,
                 want_line, nf);
            return -1;
        }
        const char *grade_text = f[want - 1];
        long grade;
        int r = parse_long(grade_text, INT_MIN, INT_MAX, &grade);
        if (r != 0) {
            diag(sink, DIAG_ERROR, name, c.line, "grade '%s' is %s%s",
                 grade_text, r == -1 ? "not an integer" : "out of range",
                 was_first && r == -1
                     ? " (a header line must read "
                       "'query-id<TAB>corpus-id<TAB>score')"
                     : "");
            return -1;
        }
        lines[(*n)++] = (qrels_line){ f[0], { f[want - 2], (int)grade },
                                      c.line };
    }
    return 0;
}

/* Sorts lines, drops repeated judgements and groups the rest into q's
 * topics.  Returns 0, or -1 after reporting to sink. */
static int group_qrels(trec_qrels *q, qrels_line *lines, size_t n,
                       const char *name, const diag_sink *sink)
{
    qsort(lines, n, sizeof *lines, by_qid_docid_line);
    size_t kept = 0, n_topics = 0;
    for (size_t i = 0; i < n; i++) {
        qrels_line *prev = kept ? &lines[kept - 1] : NULL;
        bool same_qid = prev && strcmp(prev->qid, lines[i].qid) == 0;
        if (same_qid &&
            strcmp(prev->judgement.docid, lines[i].judgement.docid) == 0) {
            /* prev is the first occurrence: repeats sort after it. */
            if (prev->judgement.grade != lines[i].judgement.grade) {
                diag(sink, DIAG_ERROR, name, lines[i].line,
                     "document '%s' of query '%s' judged %d here but %d on "
                     "line %u", lines[i].judgement.docid, lines[i].qid,
                     lines[i].judgement.grade, prev->judgement.grade,
                     prev->line);
                return -1;
            }
            diag(sink, DIAG_WARNING, name, lines[i].line,
                 "document '%s' of query '%s' already judged on line %u; "
                 "repeat ignored", lines[i].judgement.docid, lines[i].qid,
                 prev->line);
            continue;
        }
        n_topics += !same_qid;
        lines[kept++] = lines[i];
    }

    q->judged = malloc((kept + 1) * sizeof *q->judged);
    q->topics = malloc((n_topics + 1) * sizeof *q->topics);
    if (!q->judged || !q->topics) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        return -1;
    }
    trec_qrels_topic *t = NULL;
    for (size_t i = 0; i < kept; i++) {
        if (!t || strcmp(t->qid, lines[i].qid) != 0) {
            t = &q->topics[q->n_topics++];
            *t = (trec_qrels_topic){ lines[i].qid, &q->judged[i], 0, 0 };
        }
        q->judged[i] = lines[i].judgement;
        t->n_judged++;
        t->n_rel += lines[i].judgement.grade >= 1;
    }
    return 0;
}

int trec_qrels_load(const char *path, const diag_sink *sink,
                    trec_qrels **out)
{
    const char *name = trec_display_name(path);
    *out = NULL;
    trec_qrels *q = calloc(1, sizeof *q);
    if (!q) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        return -1;
    }
    size_t len, n;
    qrels_line *lines = NULL;
    if (slurp(path, sink, &q->text, &len) != 0)
        goto fail;
    lines = malloc(count_lines(q->text, len) * sizeof *lines);
    if (!lines) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        goto fail;
    }
    if (parse_qrels(q, len, name, sink, lines, &n) != 0 ||
        group_qrels(q, lines, n, name, sink) != 0)
        goto fail;
    free(lines);
    *out = q;
    return 0;
fail:
    free(lines);
    trec_qrels_free(q);
    return -1;
}

static int qid_vs_qrels_topic(const void *key, const void *topic)
{
    return strcmp(key, ((const trec_qrels_topic *)topic)->qid);
}

const trec_qrels_topic *trec_qrels_find(const trec_qrels *qrels,
                                        const char *qid)
{
    return bsearch(qid, qrels->topics, qrels->n_topics,
                   sizeof *qrels->topics, qid_vs_qrels_topic);
}

void trec_qrels_free(trec_qrels *qrels)
{
    if (!qrels)
        return;
    free(qrels->topics);
    free(qrels->judged);
    free(qrels->text);
    free(qrels);
}

/* ---- Runs ---------------------------------------------------------------- */

/* One run line before grouping. */
typedef struct run_line {
    const char *qid;
    eval_doc doc;
    unsigned line;
} run_line;

/* By query, then file order: measures.h keeps a repeat's first occurrence. */
static int by_qid_line(const void *a, const void *b)
{
    const run_line *x = a, *y = b;
    int c = strcmp(x->qid, y->qid);
    if (c == 0)
        c = (x->line > y->line) - (x->line < y->line);
    return c;
}

/* Parses every line of r->text into lines[], setting *n.  Returns 0, or -1
 * after reporting the first malformed line. */
static int parse_run(trec_run *r, size_t len, const char *name,
                     const diag_sink *sink, run_line *lines, size_t *n)
{
    cursor c = { r->text, r->text + len, 0 };
    char *line;
    *n = 0;
    while ((line = next_line(&c))) {
        char *f[6];
        size_t nf = split_fields(line, f, 6);
        if (nf == 0)
            continue;
        if (nf != 6) {
            diag(sink, DIAG_ERROR, name, c.line,
                 "expected 6 fields (qid Q0 docid rank score tag), "
                 "found %zu", nf);
            return -1;
        }
        long rank;
        int rr = parse_long(f[3], LONG_MIN, LONG_MAX, &rank);
        if (rr != 0) {
            diag(sink, DIAG_ERROR, name, c.line, "rank '%s' is %s", f[3],
                 rr == -1 ? "not an integer" : "out of range");
            return -1;
        }
        double score;
        if (parse_score(f[4], &score) != 0) {
            diag(sink, DIAG_ERROR, name, c.line,
                 "score '%s' is not a finite number", f[4]);
            return -1;
        }
        lines[(*n)++] = (run_line){ f[0], { f[2], score }, c.line };
    }
    return 0;
}

/* Sorts lines and groups them into r's topics.  Returns 0, or -1 after
 * reporting to sink. */
static int group_run(trec_run *r, run_line *lines, size_t n,
                     const char *name, const diag_sink *sink)
{
    qsort(lines, n, sizeof *lines, by_qid_line);
    size_t n_topics = 0;
    for (size_t i = 0; i < n; i++)
        n_topics += i == 0 || strcmp(lines[i - 1].qid, lines[i].qid) != 0;
    r->docs = malloc((n + 1) * sizeof *r->docs);
    r->topics = malloc((n_topics + 1) * sizeof *r->topics);
    if (!r->docs || !r->topics) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        return -1;
    }
    trec_run_topic *t = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!t || strcmp(t->qid, lines[i].qid) != 0) {
            t = &r->topics[r->n_topics++];
            *t = (trec_run_topic){ lines[i].qid, &r->docs[i], 0 };
        }
        r->docs[i] = lines[i].doc;
        t->n_docs++;
    }
    return 0;
}

int trec_run_load(const char *path, const diag_sink *sink, trec_run **out)
{
    const char *name = trec_display_name(path);
    *out = NULL;
    trec_run *r = calloc(1, sizeof *r);
    if (!r) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        return -1;
    }
    size_t len, n;
    run_line *lines = NULL;
    if (slurp(path, sink, &r->text, &len) != 0)
        goto fail;
    lines = malloc(count_lines(r->text, len) * sizeof *lines);
    if (!lines) {
        diag(sink, DIAG_ERROR, name, 0, "out of memory");
        goto fail;
    }
    if (parse_run(r, len, name, sink, lines, &n) != 0 ||
        group_run(r, lines, n, name, sink) != 0)
        goto fail;
    free(lines);
    *out = r;
    return 0;
fail:
    free(lines);
    trec_run_free(r);
    return -1;
}

static int qid_vs_run_topic(const void *key, const void *topic)
{
    return strcmp(key, ((const trec_run_topic *)topic)->qid);
}

const trec_run_topic *trec_run_find(const trec_run *run, const char *qid)
{
    return bsearch(qid, run->topics, run->n_topics, sizeof *run->topics,
                   qid_vs_run_topic);
}

void trec_run_free(trec_run *run)
{
    if (!run)
        return;
    free(run->topics);
    free(run->docs);
    free(run->text);
    free(run);
}
