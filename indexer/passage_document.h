/* passage_document.h - the analyser arrow: a passage becomes a document.
 *
 * Free text (what a query without a field searches) holds the answer's
 * title, title_weight times per occurrence, its body once, and the question
 * question_weight times (0: the question is searchable only as question:). */
#ifndef QUARRY_PASSAGE_DOCUMENT_H
#define QUARRY_PASSAGE_DOCUMENT_H

#include "common/analysis.h"
#include "common/passage.h"
#include "xapian-c/xapian_c.h"

/* Builds the document of p with tg: terms with positions, the ID and source
 * terms (source_key names the file for incremental updates), the ID and
 * hash values and the stored data (data, len = schema_encode(p), hash =
 * schema_hash(data, len)).  *out is the caller's (xc_doc_free). */
xc_status passage_document(xc_termgen *tg, const analysis_settings *weights,
                           const passage *p, const char *source_key,
                           const char *data, size_t len, const char *hash,
                           xc_doc **out);

#endif
