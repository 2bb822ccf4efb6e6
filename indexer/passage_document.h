/* passage_document.h - the analyser arrow: a passage becomes a document.
 *
 * Field weights live here, beside the schema's prefixes: the answer's title
 * counts twice per occurrence in free text, its body
 * once; the question is searchable only through its field. */
#ifndef QUARRY_PASSAGE_DOCUMENT_H
#define QUARRY_PASSAGE_DOCUMENT_H

#include "common/passage.h"
#include "xapian-c/xapian_c.h"

/* Builds the document of p with tg: terms with positions, the ID and source
 * terms (source_key names the file for incremental updates), the ID value
 * and the stored data.  *out is the caller's (xc_doc_free). */
xc_status passage_document(xc_termgen *tg, const passage *p,
                           const char *source_key, xc_doc **out);

#endif
