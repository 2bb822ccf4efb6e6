/* beir_metadata.c - Q&A metadata keys of a BEIR line into a passage. */
#include "indexer/beir_metadata.h"

#include "common/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reading {
    json_t *meta, *line;
    const char *path;
    unsigned lineno;
    const diag_sink *sink;
} reading;

/* The value of key: from "metadata" first, then the line itself. */
static json_t *get(const reading *r, const char *key)
{
    json_t *v = r->meta ? json_object_get(r->meta, key) : NULL;
    v = v ? v : json_object_get(r->line, key);
    return json_is_null(v) ? NULL : v;
}

static void ignored(const reading *r, const char *key, const char *expected)
{
    diag(r->sink, DIAG_WARNING, r->path, r->lineno, "\"%s\" is not %s; left out", key,
         expected);
}

/* A string key, or NULL (absent, or not a string: warned). */
static const char *string_key(const reading *r, const char *key)
{
    json_t *v = get(r, key);
    if (v && !json_is_string(v)) {
        ignored(r, key, "a string");
        return NULL;
    }
    return v && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

/* Appends s[0..n) and a space separator to the tags being built. */
static int append_tag(char **tags, size_t *len, const char *s, size_t n)
{
    char *t = realloc(*tags, *len + n + 2);
    if (!t)
        return -1;
    if (*len)
        t[(*len)++] = ' ';
    memcpy(t + *len, s, n);
    *len += n;
    t[*len] = '\0';
    *tags = t;
    return 0;
}

/* tags: an array of strings, a space-separated string, or StackExchange's
 * "<a><b>" form; kept space-separated in m->tags. */
static int read_tags(const reading *r, beir_metadata *m)
{
    json_t *v = get(r, "tags");
    size_t len = 0;
    if (!v)
        return 0;
    if (json_is_array(v)) {
        size_t i;
        json_t *t;
        json_array_foreach(v, i, t) {
            if (!json_is_string(t)) {
                ignored(r, "tags", "an array of strings or a string");
                free(m->tags);
                m->tags = NULL;
                return 0;
            }
            const char *s = json_string_value(t);
            for (size_t at = 0, n; s[at]; at += n) { /* a tag holds no space */
                at += strspn(s + at, " ");
                if ((n = strcspn(s + at, " ")) > 0 && append_tag(&m->tags, &len, s + at, n))
                    return -1;
            }
        }
        return 0;
    }
    if (!json_is_string(v)) {
        ignored(r, "tags", "an array of strings or a string");
        return 0;
    }
    const char *s = json_string_value(v);
    const char *sep = s[0] == '<' ? "<> " : " ";
    for (size_t at = 0, n; s[at]; at += n) {
        at += strspn(s + at, sep);
        if ((n = strcspn(s + at, sep)) > 0 && append_tag(&m->tags, &len, s + at, n))
            return -1;
    }
    return 0;
}

/* question_key as given, or question_id (a string or a whole number), with
 * the site in front when there is one: IDs of two sites never meet. */
static int read_question(const reading *r, passage *p, beir_metadata *m)
{
    if ((p->question_key = string_key(r, "question_key")))
        return 0;
    json_t *v = get(r, "question_id");
    char id[32];
    if (!v)
        return 0;
    if (json_is_integer(v)) {
        snprintf(id, sizeof id, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    } else if (json_is_string(v) && json_string_length(v) > 0) {
        /* below */
    } else {
        ignored(r, "question_id", "a string or a whole number");
        return 0;
    }
    const char *qid = json_is_string(v) ? json_string_value(v) : id;
    size_t size = strlen(qid) + (p->site ? strlen(p->site) + 1 : 0) + 1;
    if (!(m->question_key = malloc(size)))
        return -1;
    snprintf(m->question_key, size, "%s%s%s", p->site ? p->site : "", p->site ? "-" : "",
             qid);
    p->question_key = m->question_key;
    return 0;
}

int beir_metadata_read(json_t *obj, passage *p, beir_metadata *m, const char *path,
                       unsigned lineno, const diag_sink *sink)
{
    memset(m, 0, sizeof *m);
    reading r = {json_object_get(obj, "metadata"), obj, path, lineno, sink};
    if (r.meta && !json_is_object(r.meta)) {
        diag(sink, DIAG_WARNING, path, lineno, "\"metadata\" is not an object; left out");
        r.meta = NULL;
    }
    p->site = string_key(&r, "site");
    p->author = string_key(&r, "author");
    p->link = string_key(&r, "link");
    p->date = string_key(&r, "date");
    char digits[15];
    if (p->date && schema_date_value(p->date, digits) != 0) {
        ignored(&r, "date", "a date (YYYY-MM-DD, optionally THH:MM:SS)");
        p->date = NULL;
    }
    json_t *v = get(&r, "score");
    if (v && json_is_integer(v)) {
        p->score = (long)json_integer_value(v);
        p->has_score = 1;
    } else if (v) {
        ignored(&r, "score", "a whole number");
    }
    if ((v = get(&r, "accepted")) && json_is_boolean(v))
        p->accepted = json_is_true(v);
    else if (v)
        ignored(&r, "accepted", "true or false");
    if (read_tags(&r, m) != 0 || read_question(&r, p, m) != 0) {
        beir_metadata_free(m);
        return -1;
    }
    p->tags = m->tags;
    return 0;
}

void beir_metadata_free(beir_metadata *m)
{
    free(m->tags);
    free(m->question_key);
    m->tags = m->question_key = NULL;
}
