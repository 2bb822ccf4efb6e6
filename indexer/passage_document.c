/* passage_document.c - the terms, values and data of one passage. */
#include "indexer/passage_document.h"

#include "common/schema.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Position gap between fields, so a phrase cannot span two of them. */
enum { FIELD_GAP = 100 };

/* Indexes text under prefix and, with weight > 0, as free text too. */
static xc_status index_field(xc_termgen *tg, const char *text, const char *prefix,
                             unsigned weight)
{
    xc_status st = XC_OK;
    if (!text[0])
        return st;
    if (prefix)
        st = xc_termgen_index_text(tg, text, 1, prefix);
    if (st == XC_OK && weight > 0) {
        st = xc_termgen_increase_termpos(tg, FIELD_GAP);
        if (st == XC_OK)
            st = xc_termgen_index_text(tg, text, weight, "");
    }
    if (st == XC_OK)
        st = xc_termgen_increase_termpos(tg, FIELD_GAP);
    return st;
}

static xc_status index_fields(xc_termgen *tg, const analysis_settings *w,
                              const passage *p)
{
    xc_status st = index_field(tg, p->answer_title, SCHEMA_PREFIX_TITLE, w->title_weight);
    if (st == XC_OK)
        st = index_field(tg, p->answer_body, NULL, 1);
    if (st == XC_OK)
        st = index_field(tg, p->question_title, SCHEMA_PREFIX_QUESTION, w->question_weight);
    if (st == XC_OK)
        st = index_field(tg, p->question_body, SCHEMA_PREFIX_QUESTION,
                         w->question_body_weight);
    /* Tags as words ("machine-learning": machine, learning); tag: filters
     * on them whatever this weight. */
    if (st == XC_OK && p->tags && w->tag_weight > 0)
        st = index_field(tg, p->tags, NULL, w->tag_weight);
    return st;
}

static xc_status add_identity(xc_doc *doc, const passage *p, const char *source_key,
                              const char *data, size_t len, const char *hash)
{
    char *id_term = schema_id_term(p->id);
    char *src_term = schema_source_term(source_key);
    xc_status st = XC_NOMEM;
    if (id_term && src_term) {
        st = xc_doc_add_boolean_term(doc, id_term);
        if (st == XC_OK)
            st = xc_doc_add_boolean_term(doc, src_term);
        if (st == XC_OK)
            st = xc_doc_add_value(doc, SCHEMA_SLOT_ID, p->id);
        if (st == XC_OK)
            st = xc_doc_add_value(doc, SCHEMA_SLOT_HASH, hash);
        if (st == XC_OK)
            st = xc_doc_set_data(doc, data, len);
    }
    free(id_term);
    free(src_term);
    return st;
}

/* Adds the term prefix + value (schema_term); XC_NOMEM when out of memory. */
static xc_status add_term(xc_doc *doc, const char *prefix, const char *value, int fold)
{
    char *t = schema_term(prefix, value, fold);
    xc_status st = t ? xc_doc_add_boolean_term(doc, t) : XC_NOMEM;
    free(t);
    return st;
}

/* in:DIR terms: one for each directory above the source ("a/b/c" gives
 * "a" and "a/b"). */
static xc_status add_directories(xc_doc *doc, const char *source_key)
{
    char *dirs = strdup(source_key);
    xc_status st = dirs ? XC_OK : XC_NOMEM;
    for (char *slash = dirs; st == XC_OK && (slash = strchr(slash + 1, '/'));) {
        *slash = '\0';
        st = add_term(doc, SCHEMA_PREFIX_DIR, dirs, 0);
        *slash = '/';
    }
    free(dirs);
    return st;
}

/* The Q&A metadata's filter terms and value slots (common/schema.h). */
static xc_status add_metadata(xc_doc *doc, const passage *p, const char *source_key)
{
    xc_status st = source_key[0] == '/' ? XC_OK : add_directories(doc, source_key);
    if (st == XC_OK && p->site && p->site[0])
        st = add_term(doc, SCHEMA_PREFIX_SITE, p->site, 1);
    for (const char *t = p->tags ? p->tags : ""; st == XC_OK && *t;) {
        size_t n = strcspn(t, " ");
        if (n > 0) {
            char *tag = strndup(t, n);
            st = tag ? add_term(doc, SCHEMA_PREFIX_TAG, tag, 1) : XC_NOMEM;
            free(tag);
        }
        t += n + (t[n] == ' ');
    }
    if (st == XC_OK && p->accepted) {
        st = add_term(doc, SCHEMA_PREFIX_IS, "accepted", 0);
        if (st == XC_OK)
            st = xc_doc_add_value(doc, SCHEMA_SLOT_ACCEPTED, "1");
    }
    if (st == XC_OK && p->question_key && p->question_key[0])
        st = xc_doc_add_value(doc, SCHEMA_SLOT_QUESTION, p->question_key);
    if (st == XC_OK && p->has_score)
        st = xc_doc_add_number_value(doc, SCHEMA_SLOT_SCORE, (double)p->score);
    /* Bounded and >= 0, as a weight must be: the 100th vote counts less
     * than the 2nd. */
    if (st == XC_OK && p->has_score && p->score > 0)
        st = xc_doc_add_number_value(doc, SCHEMA_SLOT_PRIOR, log1p((double)p->score));
    char date[15];
    if (st == XC_OK && p->date && schema_date_value(p->date, date) == 0)
        st = xc_doc_add_value(doc, SCHEMA_SLOT_DATE, date);
    return st;
}

xc_status passage_document(xc_termgen *tg, const analysis_settings *weights,
                           const passage *p, const char *source_key,
                           const char *data, size_t len, const char *hash,
                           xc_doc **out)
{
    xc_doc *doc;
    xc_status st = xc_doc_new(&doc);
    if (st != XC_OK)
        return st;
    st = xc_termgen_set_document(tg, doc);
    if (st == XC_OK)
        st = index_fields(tg, weights, p);
    if (st == XC_OK)
        st = add_identity(doc, p, source_key, data, len, hash);
    if (st == XC_OK)
        st = add_metadata(doc, p, source_key);
    if (st != XC_OK) {
        xc_doc_free(doc);
        doc = NULL;
    }
    *out = doc;
    return st;
}
