/* format_trec.c - TREC run lines: qid Q0 docid rank score tag. */
#include "query/format.h"

#include <string.h>

int format_trec_field_ok(const char *id)
{
    return *id && strpbrk(id, " \t\n\r\v\f") == NULL;
}

int format_trec(FILE *out, const char *qid, const char *run_tag,
                const hit_list *hits)
{
    int skipped = 0;
    for (size_t i = 0; i < hits->count; i++) {
        const hit *h = &hits->hits[i];
        if (!format_trec_field_ok(qid) || !format_trec_field_ok(h->id)) {
            skipped++;
            continue;
        }
        fprintf(out, "%s Q0 %s %u %.6f %s\n", qid, h->id, h->rank, h->score,
                run_tag);
    }
    return ferror(out) ? -1 : skipped;
}
