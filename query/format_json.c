/* format_json.c - one JSON object per hit (JSON lines), via jansson.
 * The fields are documented in quarry-query(1).
 *
 * JSON strings must be UTF-8 (jansson refuses anything else): a field that
 * is not (a file name or query ID in another encoding) is repaired as the
 * readers repair text, each ill-formed sequence becoming U+FFFD, so one odd
 * name never costs the line, or the batch. */
#include "query/format.h"

#include "common/utf8.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

json_t *format_json_text(const char *s)
{
    size_t len = strlen(s);
    if (utf8_validate(s, len, NULL))
        return json_stringn(s, len);
    char *fixed = utf8_sanitize(s, len, NULL, NULL);
    json_t *j = fixed ? json_string(fixed) : NULL;
    free(fixed);
    return j;
}

/* Sets key to the unmarked text and spans_key to its match spans. */
static int put_marked(json_t *o, const char *key, const char *spans_key,
                      const char *marked)
{
    size_t *spans = NULL, n = 0;
    /* Repaired before the markers go, so the spans count the code points
     * of the repaired text (the markers are ASCII: repair keeps them). */
    char *fixed = utf8_sanitize(marked, strlen(marked), NULL, NULL);
    char *plain = fixed ? marks_strip(fixed, &spans, &n) : NULL;
    free(fixed);
    if (!plain)
        return -1;
    json_t *list = json_array();
    int rc = list ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = json_array_append_new(list, json_pack("[I,I]", (json_int_t)spans[2 * i],
                                                   (json_int_t)spans[2 * i + 1]));
    if (rc == 0)
        rc = json_object_set_new(o, key, json_string(plain));
    else
        json_decref(list);
    if (rc == 0)
        rc = json_object_set_new(o, spans_key, list);
    free(plain);
    free(spans);
    return rc;
}

/* s as a JSON string, or null when absent. */
static json_t *text_or_null(const char *s)
{
    return s ? format_json_text(s) : json_null();
}

/* The space-separated tags as an array of strings, or null when absent. */
static json_t *tag_list(const char *tags)
{
    if (!tags || !tags[0])
        return json_null();
    json_t *list = json_array();
    for (const char *t = tags; list && *t;) {
        size_t n = strcspn(t, " ");
        char *one = n ? strndup(t, n) : NULL;
        if (n && (!one || json_array_append_new(list, format_json_text(one)) != 0)) {
            json_decref(list);
            list = NULL;
        }
        free(one);
        t += n + (t[n] == ' ');
    }
    return list;
}

/* The Q&A metadata (quarry-query(1)): null where the passage has none. */
static int put_metadata(json_t *o, const hit_list *hits, const hit *h)
{
    const passage *p = &h->stored.p;
    return json_object_set_new(o, "question_key", text_or_null(p->question_key)) ||
           json_object_set_new(o, "site", text_or_null(p->site)) ||
           json_object_set_new(o, "tags", tag_list(p->tags)) ||
           json_object_set_new(o, "answer_score", p->has_score
                                                      ? json_integer((json_int_t)p->score)
                                                      : json_null()) ||
           json_object_set_new(o, "accepted", json_boolean(p->accepted)) ||
           json_object_set_new(o, "date", text_or_null(p->date)) ||
           json_object_set_new(o, "author", text_or_null(p->author)) ||
           json_object_set_new(o, "link", text_or_null(p->link)) ||
           json_object_set_new(o, "more_answers",
                               hits->per_question ? json_integer((json_int_t)h->more_answers)
                                                  : json_null());
}

json_t *format_json_hit(const char *qid, const hit_list *hits, const hit *h)
{
    const passage *p = &h->stored.p;
    json_t *o = json_object();
    if (!o)
        return NULL;
    /* json_object_set_new takes (and on failure frees) a NULL value too. */
    int bad = json_object_set_new(o, "rank", json_integer((json_int_t)h->rank)) ||
              json_object_set_new(o, "score", json_real(h->score)) ||
              json_object_set_new(o, "id", format_json_text(p->id)) ||
              json_object_set_new(o, "question_title", format_json_text(p->question_title)) ||
              json_object_set_new(o, "source", format_json_text(p->source)) ||
              json_object_set_new(o, "line", json_integer((json_int_t)p->line)) ||
              json_object_set_new(o, "answer", json_integer((json_int_t)p->answer_no)) ||
              put_metadata(o, hits, h) ||
              (qid && json_object_set_new(o, "qid", format_json_text(qid))) ||
              /* --allow-partial left shards out: every hit says which. */
              (hits->partial &&
               json_object_set_new(o, "partial", format_json_text(hits->partial))) ||
              (h->title_marked ? put_marked(o, "answer_title", "answer_title_highlights",
                                            h->title_marked) != 0
                               : json_object_set_new(o, "answer_title",
                                                     format_json_text(p->answer_title)) ||
                                     json_object_set_new(o, "answer_title_highlights",
                                                         json_array())) ||
              put_marked(o, "snippet", "snippet_highlights",
                         h->snippet ? h->snippet : "") != 0 ||
              put_marked(o, "question_title_marked", "question_title_highlights",
                         h->question_marked ? h->question_marked : "") != 0 ||
              json_object_set_new(o, "snippet_field",
                                  json_string(h->snippet_from_question ? "question"
                                                                       : "answer"));
    json_object_del(o, "question_title_marked"); /* the text is question_title */
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

int format_json(FILE *out, const char *qid, const hit_list *hits)
{
    for (size_t i = 0; i < hits->count; i++) {
        json_t *o = format_json_hit(qid, hits, &hits->hits[i]);
        if (!o) {
            errno = ENOMEM; /* what jansson fails on, now that all is UTF-8 */
            return -1;
        }
        int rc = json_dumpf(o, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (rc != 0)
            return -1;
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
