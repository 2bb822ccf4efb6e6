/* queries_file.c - reading BEIR queries.jsonl and id<TAB>text files. */
#include "query/queries_file.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int append(query_set *set, size_t *cap, const char *id, size_t idlen,
                  const char *text)
{
    if (set->count == *cap) {
        size_t n = *cap ? 2 * *cap : 64;
        query_entry *q = realloc(set->queries, n * sizeof *q);
        if (!q)
            return -1;
        set->queries = q;
        *cap = n;
    }
    query_entry *e = &set->queries[set->count];
    e->id = strndup(id, idlen);
    e->text = strdup(text);
    if (!e->id || !e->text) {
        free(e->id);
        free(e->text);
        return -1;
    }
    set->count++;
    return 0;
}

/* Parses one non-blank line; returns NULL or the reason it is bad. */
static const char *parse_line(char *line, query_set *set, size_t *cap)
{
    if (line[0] == '{') {
        json_error_t jerr;
        json_t *o = json_loads(line, 0, &jerr);
        if (!o)
            return "malformed JSON";
        const char *id, *text;
        const char *why = NULL;
        if (json_unpack(o, "{s:s, s:s}", "_id", &id, "text", &text) != 0)
            why = "expected string fields _id and text";
        else if (append(set, cap, id, strlen(id), text) != 0)
            why = "out of memory";
        json_decref(o);
        return why;
    }
    char *tab = strchr(line, '\t');
    if (!tab || tab == line)
        return "expected a JSON object or ID<TAB>TEXT";
    return append(set, cap, line, (size_t)(tab - line), tab + 1) ? "out of memory" : NULL;
}

int query_set_load(const char *path, query_set *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t size = 0, cap = 0;
    unsigned long lineno = 0;
    ssize_t n;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &size, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strspn(line, " \t") == (size_t)n)
            continue;
        if (strlen(line) != (size_t)n) {
            snprintf(err, errlen, "%s:%lu: NUL byte in line", path, lineno);
            rc = -1;
        } else {
            const char *why = parse_line(line, out, &cap);
            if (why) {
                snprintf(err, errlen, "%s:%lu: %s", path, lineno, why);
                rc = -1;
            }
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    if (rc != 0)
        query_set_free(out);
    return rc;
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
