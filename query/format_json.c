/* format_json.c - one JSON object per hit (JSON lines), via jansson.
 * The fields are documented in quarry-query(1). */
#include "query/format.h"

#include <jansson.h>
#include <stdlib.h>

/* Sets key to the unmarked text and key_highlights to its match spans. */
static int put_marked(json_t *o, const char *key, const char *spans_key,
                      const char *marked)
{
    size_t *spans = NULL, n = 0;
    char *text = marks_strip(marked, &spans, &n);
    if (!text)
        return -1;
    json_t *list = json_array();
    for (size_t i = 0; list && i < n; i++)
        json_array_append_new(list, json_pack("[I,I]", (json_int_t)spans[2 * i],
                                              (json_int_t)spans[2 * i + 1]));
    int rc = list && json_object_set_new(o, key, json_string(text)) == 0 &&
                     json_object_set_new(o, spans_key, list) == 0
                 ? 0
                 : -1;
    free(text);
    free(spans);
    return rc;
}

static json_t *hit_object(const char *qid, const hit *h)
{
    const passage *p = &h->stored.p;
    json_t *o = json_pack("{s:I, s:f, s:s, s:s, s:s, s:I, s:I}",
                          "rank", (json_int_t)h->rank,
                          "score", h->score,
                          "id", p->id,
                          "question_title", p->question_title,
                          "source", p->source,
                          "line", (json_int_t)p->line,
                          "answer", (json_int_t)p->answer_no);
    if (!o)
        return NULL;
    int bad = (qid && json_object_set_new(o, "qid", json_string(qid)) != 0) ||
              put_marked(o, "answer_title", "answer_title_highlights",
                         h->title_marked ? h->title_marked : p->answer_title) != 0 ||
              put_marked(o, "snippet", "snippet_highlights",
                         h->snippet ? h->snippet : "") != 0;
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int format_json(FILE *out, const char *qid, const hit_list *hits)
{
    for (size_t i = 0; i < hits->count; i++) {
        json_t *o = hit_object(qid, &hits->hits[i]);
        int rc = o ? json_dumpf(o, out, JSON_COMPACT) : -1;
        json_decref(o);
        if (rc != 0)
            return -1;
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
