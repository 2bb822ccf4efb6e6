/* queries_file.c - reading BEIR queries.jsonl and id<TAB>text files. */
#include "query/queries_file.h"

#include "common/strset.h"

#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOM "\xEF\xBB\xBF"

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
    /* The set compares whole strings: the ID of a TSV line is cut out. */
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

typedef enum { LINE_OK, LINE_TOO_LONG, LINE_NUL, LINE_END, LINE_NO_MEMORY, LINE_READ_ERROR } line_result;

/* Reads the next line of f into *buf (NUL-terminated, without its LF),
 * growing it up to QUERIES_MAX_LINE + 1 bytes; the rest of a longer line is
 * read and dropped.  LINE_READ_ERROR leaves errno set. */
static line_result read_line(FILE *f, char **buf, size_t *cap, size_t *len)
{
    size_t n = 0;
    bool any = false, too_long = false;
    int c;
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        any = true;
        if (c == '\0')
            return LINE_NUL;
        if (n == QUERIES_MAX_LINE)
            too_long = true;
        if (too_long)
            continue; /* read away, not kept */
        if (n + 1 >= *cap) { /* room for this byte and the final NUL */
            size_t want = *cap ? 2 * *cap : 4096;
            if (want > QUERIES_MAX_LINE + 1)
                want = QUERIES_MAX_LINE + 1;
            char *grown = realloc(*buf, want);
            if (!grown)
                return LINE_NO_MEMORY;
            *buf = grown;
            *cap = want;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && ferror(f))
        return LINE_READ_ERROR;
    if (c == EOF && !any)
        return LINE_END;
    if (too_long)
        return LINE_TOO_LONG;
    if (*cap == 0) { /* an empty first line */
        if (!(*buf = malloc(1)))
            return LINE_NO_MEMORY;
        *cap = 1;
    }
    (*buf)[n] = '\0';
    *len = n;
    return LINE_OK;
}

int query_set_read(const char *path, const diag_sink *sink, query_set *out, char *err,
                   size_t errlen)
{
    memset(out, 0, sizeof *out);
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    loader l = {.path = path, .sink = sink, .set = out};
    char *buf = NULL;
    size_t cap = 0, n;
    int rc = 0;
    line_result got;
    while (rc == 0 && (got = read_line(f, &buf, &cap, &n)) != LINE_END) {
        l.lineno++;
        const char *why = NULL;
        char *line = buf;
        switch (got) {
        case LINE_OK:
            if (l.lineno == 1 && n >= 3 && memcmp(line, BOM, 3) == 0) {
                line += 3;
                n -= 3;
            }
            while (n > 0 && line[n - 1] == '\r')
                line[--n] = '\0';
            if (strspn(line, " \t") != n)
                why = parse_line(&l, line, n);
            break;
        case LINE_TOO_LONG:
            diag(sink, DIAG_ERROR, path, (unsigned)l.lineno,
                 "line longer than %u bytes; skipped", QUERIES_MAX_LINE);
            out->skipped++;
            break;
        case LINE_NUL: why = "NUL byte in line"; break;
        case LINE_NO_MEMORY: why = "out of memory"; break;
        case LINE_READ_ERROR:
            snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
            rc = -1;
            break;
        case LINE_END: break;
        }
        if (why) {
            snprintf(err, errlen, "%s:%lu: %s", path, l.lineno, why);
            rc = -1;
        }
    }
    free(buf);
    free(l.lines);
    strset_free(&l.ids);
    if (!is_stdin)
        fclose(f);
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
