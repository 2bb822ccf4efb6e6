/* schema.c - the stored form of a passage, and its terms. */
#include "common/schema.h"

#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

const schema_field schema_fields[] = {
    {"title", SCHEMA_PREFIX_TITLE},
    {"question", SCHEMA_PREFIX_QUESTION},
    {NULL, NULL},
};

/* The text fields, then the Q&A metadata (schema 3): an optional string is
 * "" when absent and "=" and its value when present (so "" and absent stay
 * apart); the score is "" or its decimal; accepted is "1" or "". */
enum { TEXT_FIELDS = 8, META_STRINGS = 6, SCHEMA_FIELDS = TEXT_FIELDS + META_STRINGS + 2 };

char *schema_encode(const passage *p, size_t *len)
{
    char line[16], answer[16], score[24];
    snprintf(line, sizeof line, "%u", p->line);
    snprintf(answer, sizeof answer, "%u", p->answer_no);
    snprintf(score, sizeof score, p->has_score ? "%ld" : "", p->score);
    const char *meta[META_STRINGS] = {p->question_key, p->site, p->tags,
                                      p->date,         p->author, p->link};
    const char *fields[SCHEMA_FIELDS] = {p->id, p->answer_title, p->answer_body,
                                         p->question_title, p->question_body, p->source,
                                         line, answer};
    for (int i = 0; i < META_STRINGS; i++)
        fields[TEXT_FIELDS + i] = meta[i] ? meta[i] : "";
    fields[TEXT_FIELDS + META_STRINGS] = score;
    fields[TEXT_FIELDS + META_STRINGS + 1] = p->accepted ? "1" : "";
    size_t sizes[SCHEMA_FIELDS], total = 0;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
        int marked = i >= TEXT_FIELDS && i < TEXT_FIELDS + META_STRINGS &&
                     meta[i - TEXT_FIELDS];
        total += (sizes[i] = strlen(fields[i])) + 1 + (size_t)marked;
    }
    char *data = malloc(total), *w = data;
    if (!data)
        return NULL;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
        if (i >= TEXT_FIELDS && i < TEXT_FIELDS + META_STRINGS && meta[i - TEXT_FIELDS])
            *w++ = '=';
        memcpy(w, fields[i], sizes[i] + 1);
        w += sizes[i] + 1;
    }
    *len = total;
    return data;
}

void schema_hash(const char *data, size_t len, char hex[9])
{
    uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
    snprintf(hex, 9, "%08lx", (unsigned long)crc & 0xffffffffUL);
}

/* A whole number field; -1 if it is not one. */
static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end && v >= 0 ? v : -1;
}

int schema_decode(char *data, size_t len, schema_stored *out)
{
    memset(out, 0, sizeof *out);
    const char *fields[SCHEMA_FIELDS];
    size_t at = 0;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
        const char *end = at < len ? memchr(data + at, '\0', len - at) : NULL;
        if (!end) {
            free(data);
            return -1;
        }
        fields[i] = data + at;
        at = (size_t)(end - data) + 1;
    }
    long line = number(fields[6]), answer = number(fields[7]);
    const char *meta[META_STRINGS];
    int bad = at != len || line < 0 || answer < 0;
    for (int i = 0; i < META_STRINGS; i++) {
        const char *f = fields[TEXT_FIELDS + i];
        bad |= f[0] != '\0' && f[0] != '=';
        meta[i] = f[0] ? f + 1 : NULL;
    }
    const char *score = fields[TEXT_FIELDS + META_STRINGS];
    const char *accepted = fields[TEXT_FIELDS + META_STRINGS + 1];
    char *end = NULL;
    long score_v = score[0] ? strtol(score, &end, 10) : 0;
    bad |= (score[0] && *end) || (accepted[0] && strcmp(accepted, "1") != 0);
    if (bad) {
        free(data);
        return -1;
    }
    out->p = (passage){.id = fields[0], .answer_title = fields[1], .answer_body = fields[2],
                       .question_title = fields[3], .question_body = fields[4],
                       .source = fields[5], .line = (unsigned)line,
                       .answer_no = (unsigned)answer, .question_key = meta[0],
                       .site = meta[1], .tags = meta[2], .date = meta[3], .author = meta[4],
                       .link = meta[5], .score = score_v, .has_score = score[0] != '\0',
                       .accepted = accepted[0] == '1'};
    out->data = data;
    return 0;
}

void schema_stored_free(schema_stored *s)
{
    if (s) {
        free(s->data);
        s->data = NULL;
    }
}

unsigned long long schema_fnv1a(const char *s)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

enum { HASH_TAIL = 17 }; /* "#" and 16 hex digits */

static char *prefixed(const char *prefix, const char *s)
{
    size_t a = strlen(prefix), b = strlen(s);
    if (a + b <= SCHEMA_MAX_TERM) {
        char *t = malloc(a + b + 1);
        if (t) {
            memcpy(t, prefix, a);
            memcpy(t + a, s, b + 1);
        }
        return t;
    }
    /* Too long for Xapian: keep the head (readable in xapian-delve), make
     * it unique with the hash of all of it. */
    char *t = malloc(SCHEMA_MAX_TERM + 1);
    if (t) {
        size_t head = SCHEMA_MAX_TERM - a - HASH_TAIL;
        memcpy(t, prefix, a);
        memcpy(t + a, s, head);
        snprintf(t + a + head, HASH_TAIL + 1, "#%016llx", schema_fnv1a(s));
    }
    return t;
}

char *schema_id_term(const char *id)
{
    return prefixed(SCHEMA_PREFIX_ID, id);
}

char *schema_source_term(const char *source_key)
{
    return prefixed(SCHEMA_PREFIX_SOURCE, source_key);
}
