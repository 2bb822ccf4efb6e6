/* passage_document.c - the terms, values and data of one passage. */
#include "indexer/passage_document.h"

#include "common/schema.h"

#include <stdlib.h>
#include <string.h>

/* Within-document frequency added per occurrence: a word of the answer's
 * title says more about what the answer is about than one of its body. */
enum { TITLE_WDF = 2, BODY_WDF = 1, QUESTION_WDF = 1 };

/* Position gap between fields, so a phrase cannot span two of them. */
enum { FIELD_GAP = 100 };

static xc_status index_fields(xc_termgen *tg, const passage *p)
{
    xc_status st = xc_termgen_index_text(tg, p->answer_title, TITLE_WDF, "");
    if (st == XC_OK)
        st = xc_termgen_index_text(tg, p->answer_title, 1, SCHEMA_PREFIX_TITLE);
    if (st == XC_OK)
        st = xc_termgen_increase_termpos(tg, FIELD_GAP);
    if (st == XC_OK)
        st = xc_termgen_index_text(tg, p->answer_body, BODY_WDF, "");
    if (st == XC_OK)
        st = xc_termgen_increase_termpos(tg, FIELD_GAP);
    if (st == XC_OK)
        st = xc_termgen_index_text(tg, p->question_title, QUESTION_WDF,
                                   SCHEMA_PREFIX_QUESTION);
    if (st == XC_OK)
        st = xc_termgen_increase_termpos(tg, FIELD_GAP);
    if (st == XC_OK)
        st = xc_termgen_index_text(tg, p->question_body, QUESTION_WDF,
                                   SCHEMA_PREFIX_QUESTION);
    return st;
}

static xc_status add_identity(xc_doc *doc, const passage *p, const char *source_key)
{
    char *id_term = schema_id_term(p->id);
    char *src_term = schema_source_term(source_key);
    char *data = schema_encode(p);
    xc_status st = XC_NOMEM;
    if (id_term && src_term && data) {
        st = xc_doc_add_boolean_term(doc, id_term);
        if (st == XC_OK)
            st = xc_doc_add_boolean_term(doc, src_term);
        if (st == XC_OK)
            st = xc_doc_add_value(doc, SCHEMA_SLOT_ID, p->id);
        if (st == XC_OK)
            st = xc_doc_set_data(doc, data, strlen(data));
    }
    free(id_term);
    free(src_term);
    free(data);
    return st;
}

xc_status passage_document(xc_termgen *tg, const passage *p,
                           const char *source_key, xc_doc **out)
{
    xc_doc *doc;
    xc_status st = xc_doc_new(&doc);
    if (st != XC_OK)
        return st;
    st = xc_termgen_set_document(tg, doc);
    if (st == XC_OK)
        st = index_fields(tg, p);
    if (st == XC_OK)
        st = add_identity(doc, p, source_key);
    if (st != XC_OK) {
        xc_doc_free(doc);
        doc = NULL;
    }
    *out = doc;
    return st;
}
