/* format_text.c - ranked passages for a person at a terminal. */
#include "query/format.h"

#include <string.h>

#define COLOR_MATCH "\033[1;31m"
#define COLOR_ID "\033[35m"
#define COLOR_TITLE "\033[1m"
#define COLOR_RESET "\033[0m"

/* Writes marked text in colour base: matches coloured (then base again),
 * or, without colour, the markers simply dropped. */
static void put_marked(FILE *out, const char *marked, int color, const char *base)
{
    if (color)
        fputs(base, out);
    for (const char *r = marked; *r; r++) {
        if (*r == HIT_MARK_START[0])
            fputs(color ? COLOR_MATCH : "", out);
        else if (*r == HIT_MARK_END[0] && color)
            fprintf(out, COLOR_RESET "%s", base);
        else if (*r != HIT_MARK_END[0])
            putc(*r, out);
    }
    if (color)
        fputs(COLOR_RESET, out);
}

int format_text(FILE *out, const format_options *fo, const char *qid,
                const hit_list *hits)
{
    int c = fo->color;
    if (qid) /* batch mode: say which query the passages answer */
        fprintf(out, "%s== query %s: %zu passage%s ==%s\n\n", c ? COLOR_TITLE : "", qid,
                hits->count, hits->count == 1 ? "" : "s", c ? COLOR_RESET : "");
    for (size_t i = 0; i < hits->count; i++) {
        const hit *h = &hits->hits[i];
        const passage *p = &h->stored.p;
        fprintf(out, "%u. %s%s%s  (score %.3f)\n", h->rank, c ? COLOR_ID : "", p->id,
                c ? COLOR_RESET : "", h->score);
        if (p->answer_title[0]) {
            fputs("   ", out);
            put_marked(out, h->title_marked ? h->title_marked : p->answer_title, c,
                       COLOR_TITLE);
            putc('\n', out);
        }
        if (p->question_title[0])
            fprintf(out, "   Q: %s\n", p->question_title);
        if (h->snippet && h->snippet[0]) {
            fputs("   ", out);
            put_marked(out, h->snippet, c, "");
            putc('\n', out);
        }
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
