/* schema.c - the stored form of a passage, and its terms. */
#include "common/schema.h"

#include <ctype.h>
#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

const schema_field schema_fields[] = {
    {"title", SCHEMA_PREFIX_TITLE},
    {"question", SCHEMA_PREFIX_QUESTION},
    {NULL, NULL},
};

#define COUNT_FIELD(f) +1
enum {
    SCHEMA_STRINGS = 0 PASSAGE_STRING_FIELDS(COUNT_FIELD),
    /* then line, answer number, score ("" when absent), accepted ("1" or "") */
    SCHEMA_FIELDS = SCHEMA_STRINGS + 4
};

char *schema_encode(const passage *p, size_t *len)
{
    char line[16], answer[16], score[24];
    snprintf(line, sizeof line, "%u", p->line);
    snprintf(answer, sizeof answer, "%u", p->answer_no);
    snprintf(score, sizeof score, p->has_score ? "%ld" : "", p->score);
#define FIELD_VALUE(f) p->f ? p->f : "",
    const char *fields[SCHEMA_FIELDS] = {PASSAGE_STRING_FIELDS(FIELD_VALUE) line, answer,
                                         score, p->accepted ? "1" : ""};
#undef FIELD_VALUE
    size_t sizes[SCHEMA_FIELDS], total = 0;
    for (int i = 0; i < SCHEMA_FIELDS; i++)
        total += (sizes[i] = strlen(fields[i])) + 1;
    char *data = malloc(total), *w = data;
    if (!data)
        return NULL;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
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

/* A score field: "" (absent) or a signed whole number; -1 if neither. */
static int score_field(const char *s, long *score, int *has)
{
    char *end;
    *has = *s != '\0';
    *score = *has ? strtol(s, &end, 10) : 0;
    return *has && (*end || (!isdigit((unsigned char)*s) && *s != '-')) ? -1 : 0;
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
    const char *const *rest = fields + SCHEMA_STRINGS;
    long line = number(rest[0]), answer = number(rest[1]);
    if (at != len || line < 0 || answer < 0 ||
        score_field(rest[2], &out->p.score, &out->p.has_score) != 0 ||
        (strcmp(rest[3], "1") != 0 && rest[3][0])) {
        free(data);
        return -1;
    }
    /* The first six are always there (maybe ""); metadata left empty is
     * absent, NULL, as a reader that knows none gives it. */
    int i = 0;
#define FIELD_DECODE(f) out->p.f = i < 6 || fields[i][0] ? fields[i] : NULL, i++;
    PASSAGE_STRING_FIELDS(FIELD_DECODE)
#undef FIELD_DECODE
    out->p.line = (unsigned)line;
    out->p.answer_no = (unsigned)answer;
    out->p.accepted = rest[3][0] == '1';
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
