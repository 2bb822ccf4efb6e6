/* format_text.c - ranked passages for a person at a terminal. */
#include "query/format.h"

#include <string.h>

#define COLOR_MATCH "\033[1;31m"
#define COLOR_ID "\033[35m"
#define COLOR_TITLE "\033[1m"
#define COLOR_RESET "\033[0m"

/* Writes marked text: matches coloured, or markers simply dropped. */
static void put_marked(FILE *out, const char *marked, int color)
{
    for (const char *r = marked; *r; r++) {
        if (*r == HIT_MARK_START[0])
            fputs(color ? COLOR_MATCH : "", out);
        else if (*r == HIT_MARK_END[0])
            fputs(color ? COLOR_RESET : "", out);
        else
            putc(*r, out);
    }
}

int format_text(FILE *out, const format_options *fo, const hit_list *hits)
{
    int c = fo->color;
    for (size_t i = 0; i < hits->count; i++) {
        const hit *h = &hits->hits[i];
        const passage *p = &h->stored.p;
        fprintf(out, "%u. %s%s%s  (score %.3f)\n", h->rank, c ? COLOR_ID : "", p->id,
                c ? COLOR_RESET : "", h->score);
        fprintf(out, "   %s", c ? COLOR_TITLE : "");
        put_marked(out, h->title_marked ? h->title_marked : p->answer_title, c);
        fprintf(out, "%s\n", c ? COLOR_RESET : "");
        if (p->question_title[0])
            fprintf(out, "   Q: %s\n", p->question_title);
        if (h->snippet && h->snippet[0]) {
            fputs("   ", out);
            put_marked(out, h->snippet, c);
            putc('\n', out);
        }
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
