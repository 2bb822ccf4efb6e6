/* queries_file.c - reading BEIR queries.jsonl and id<TAB>text files. */
#include "query/queries_file.h"

#include "common/line_source.h"
#include "common/strset.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOM "\xEF\xBB\xBF"

/* Makes *buf hold at least n bytes: 0, or -1 when out of memory. */
static int grow(char **buf, size_t *cap, size_t n)
{
    char *b = realloc(*buf, n);
    if (!b)
        return -1;
    *buf = b;
    *cap = n;
    return 0;
}

/* What one load is building. */
typedef struct loader {
    const char *path;
    const diag_sink *sink;
    query_set *set;
    size_t cap;
    strset ids; /* value: index of the query in set */
    unsigned long lineno;
    unsigned *lines; /* the line each query came from, for the warnings */
} loader;

/* Adds the query, or gives its text to the earlier query of that ID.
 * Returns NULL or the reason it failed. */
static const char *add(loader *l, const char *id, size_t idlen, const char *text)
{
    if (idlen == 0)
        return "empty query ID";
    query_set *set = l->set;
    /* The ID of a TSV line is cut out of it: the query keeps its own copy. */
    char *key = strndup(id, idlen), *copy = strdup(text);
    unsigned earlier;
    int fresh = key && copy ? strset_add(&l->ids, key, idlen, (unsigned)set->count, &earlier)
                            : -1;
    if (fresh == 0) {
        diag(l->sink, DIAG_WARNING, l->path, (unsigned)l->lineno,
             "query ID '%.200s' given again (first on line %u): this text replaces the "
             "earlier one", key, l->lines[earlier]);
        free(set->queries[earlier].text);
        set->queries[earlier].text = copy;
        free(key);
        return NULL;
    }
    if (fresh > 0 && set->count == l->cap) {
        size_t n = l->cap ? 2 * l->cap : 64;
        query_entry *q = realloc(set->queries, n * sizeof *q);
        unsigned *lines = q ? realloc(l->lines, n * sizeof *lines) : NULL;
        if (q)
            set->queries = q;
        if (lines)
            l->lines = lines;
        if (q && lines)
            l->cap = n;
        else
            fresh = -1;
    }
    if (fresh < 0) {
        free(key);
        free(copy);
        return "out of memory";
    }
    set->queries[set->count] = (query_entry){key, copy};
    l->lines[set->count++] = (unsigned)l->lineno;
    return NULL;
}

/* Parses one non-blank line; returns NULL or the reason it is bad. */
static const char *parse_line(loader *l, const char *line, size_t len)
{
    if (line[0] == '{') {
        json_error_t jerr;
        json_t *o = json_loadb(line, len, 0, &jerr);
        if (!o)
            return "malformed JSON";
        const char *id, *text;
        const char *why;
        if (json_unpack(o, "{s:s, s:s}", "_id", &id, "text", &text) != 0)
            why = "expected string fields _id and text";
        else
            why = add(l, id, json_string_length(json_object_get(o, "_id")), text);
        json_decref(o);
        return why;
    }
    const char *tab = memchr(line, '\t', len);
    if (!tab)
        return "expected a JSON object or ID<TAB>TEXT";
    return add(l, line, (size_t)(tab - line), tab + 1);
}

/* Why the lines stopped early, for the error message. */
static void source_failure(const line_source *src, const loader *l, char *err,
                           size_t errlen)
{
    switch (line_source_error_of(src)) {
    case LS_OK:
        break;
    case LS_READ_ERROR:
        snprintf(err, errlen, "cannot read %s: %s", l->path,
                 strerror(line_source_errno(src)));
        break;
    case LS_TRUNCATED:
        snprintf(err, errlen, "%s:%lu: truncated gzip stream", l->path, l->lineno + 1);
        break;
    case LS_CORRUPT:
        snprintf(err, errlen, "%s:%lu: corrupt gzip stream (%s)", l->path, l->lineno + 1,
                 line_source_zmsg(src));
        break;
    case LS_NO_MEMORY:
        snprintf(err, errlen, "%s:%lu: out of memory", l->path, l->lineno + 1);
        break;
    }
}

int query_set_read(const char *path, const diag_sink *sink, query_set *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    int is_stdin = strcmp(path, "-") == 0;
    /* Plain or gzipped, as a BEIR corpus; a NUL byte ends the reading at
     * once (a binary file, /dev/zero, is not read for ever). */
    line_source *src = is_stdin ? line_source_open_fd(0, QUERIES_MAX_LINE, true)
                                : line_source_open(path, QUERIES_MAX_LINE, false, true);
    if (!src) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    loader l = {.path = path, .sink = sink, .set = out};
    char *buf = NULL, *raw;
    size_t cap = 0, n;
    int rc = 0;
    line_source_got got;
    while (rc == 0 && (got = line_source_next(src, &raw, &n)) != LS_END) {
        l.lineno++;
        const char *why = NULL;
        if (got == LS_NUL) {
            why = "NUL byte in line";
        } else if (got == LS_TOO_LONG) {
            diag(sink, DIAG_ERROR, path, (unsigned)l.lineno,
                 "line longer than %u bytes; skipped", QUERIES_MAX_LINE);
            out->skipped++;
        } else if (n + 1 > cap && grow(&buf, &cap, n + 1) != 0) {
            why = "out of memory";
        } else {
            /* A copy, NUL-terminated: the texts are C strings. */
            memcpy(buf, raw, n);
            buf[n] = '\0';
            char *line = buf;
            if (l.lineno == 1 && n >= 3 && memcmp(line, BOM, 3) == 0) {
                line += 3;
                n -= 3;
            }
            while (n > 0 && line[n - 1] == '\r')
                line[--n] = '\0';
            if (strspn(line, " \t") != n)
                why = parse_line(&l, line, n);
        }
        if (why) {
            snprintf(err, errlen, "%s:%lu: %s", path, l.lineno, why);
            rc = -1;
        }
    }
    if (rc == 0 && line_source_error_of(src) != LS_OK) {
        source_failure(src, &l, err, errlen);
        rc = -1;
    }
    free(buf);
    free(l.lines);
    strset_free(&l.ids);
    line_source_close(src);
    if (rc != 0)
        query_set_free(out);
    return rc;
}

int query_set_load(const char *path, query_set *out, char *err, size_t errlen)
{
    return query_set_read(path, NULL, out, err, errlen);
}

void query_set_free(query_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        free(set->queries[i].id);
        free(set->queries[i].text);
    }
    free(set->queries);
    memset(set, 0, sizeof *set);
}
