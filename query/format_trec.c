/* format_trec.c - TREC run lines: qid Q0 docid rank score tag. */
#include "query/format.h"

#include <string.h>

int format_trec_field_ok(const char *id)
{
    if (!*id)
        return 0;
    /* Whitespace would split the field; a control character (C0, DEL, or
     * C1 as UTF-8: U+0080-U+009F) would reach whoever reads the run. */
    for (const unsigned char *u = (const unsigned char *)id; *u; u++)
        if (*u <= 0x20 || *u == 0x7f || (*u == 0xC2 && u[1] >= 0x80 && u[1] <= 0x9F))
            return 0;
    return 1;
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
