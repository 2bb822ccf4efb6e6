/* schema.c - the stored form of a passage (JSON via jansson). */
#include "common/schema.h"

#include <jansson.h>
#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

const schema_field schema_fields[] = {
    {"title", SCHEMA_PREFIX_TITLE},
    {"question", SCHEMA_PREFIX_QUESTION},
    {NULL, NULL},
};

char *schema_encode(const passage *p)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i}",
                          "id", p->id,
                          "answer_title", p->answer_title,
                          "answer_body", p->answer_body,
                          "question_title", p->question_title,
                          "question_body", p->question_body,
                          "source", p->source,
                          "line", (json_int_t)p->line,
                          "answer", (json_int_t)p->answer_no);
    if (!o)
        return NULL;
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

void schema_hash(const char *data, char hex[9])
{
    uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)strlen(data));
    snprintf(hex, 9, "%08lx", (unsigned long)crc & 0xffffffffUL);
}

int schema_decode(const char *data, size_t len, schema_stored *out)
{
    memset(out, 0, sizeof *out);
    json_t *o = json_loadb(data, len, 0, NULL);
    if (!o)
        return -1;
    json_int_t line = 0, answer = 0;
    if (json_unpack(o, "{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
                    "id", &out->p.id,
                    "answer_title", &out->p.answer_title,
                    "answer_body", &out->p.answer_body,
                    "question_title", &out->p.question_title,
                    "question_body", &out->p.question_body,
                    "source", &out->p.source,
                    "line", &line,
                    "answer", &answer) != 0) {
        json_decref(o);
        memset(out, 0, sizeof *out);
        return -1;
    }
    out->p.line = (unsigned)line;
    out->p.answer_no = (unsigned)answer;
    out->json = o;
    return 0;
}

void schema_stored_free(schema_stored *s)
{
    if (s && s->json)
        json_decref(s->json);
}

static char *prefixed(const char *prefix, const char *s)
{
    size_t a = strlen(prefix), b = strlen(s);
    char *t = malloc(a + b + 1);
    if (t) {
        memcpy(t, prefix, a);
        memcpy(t + a, s, b + 1);
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
