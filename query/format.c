/* format.c - dispatch, and the markers shared by the formats. */
#include "query/format.h"

#include <stdlib.h>
#include <string.h>

int format_hits(FILE *out, const format_options *fo, const char *qid,
                const hit_list *hits)
{
    switch (fo->format) {
    case FORMAT_JSON: return format_json(out, qid, hits);
    case FORMAT_TREC: return format_trec(out, qid ? qid : "1", fo->run_tag, hits);
    case FORMAT_TEXT: break;
    }
    return format_text(out, fo, qid, hits);
}

char *marks_strip(const char *marked, size_t **spans, size_t *nspans)
{
    size_t len = strlen(marked), cap = 0, n = 0, cp = 0;
    char *text = malloc(len + 1), *w = text;
    size_t *s = NULL;
    if (!text)
        return NULL;
    for (const char *r = marked; *r; r++) {
        if (*r == HIT_MARK_LITERAL[0] && r[1]) {
            r++; /* a text byte that looks like a marker */
        } else if (*r == HIT_MARK_START[0] || *r == HIT_MARK_END[0]) {
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                size_t *t = realloc(s, cap * sizeof *s);
                if (!t) {
                    free(s);
                    free(text);
                    return NULL;
                }
                s = t;
            }
            s[n++] = cp;
            continue;
        }
        if (((unsigned char)*r & 0xC0) != 0x80) /* a code point starts here */
            cp++;
        *w++ = *r;
    }
    *w = '\0';
    *spans = s;
    *nspans = n / 2;
    return text;
}
