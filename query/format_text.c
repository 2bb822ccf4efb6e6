/* format_text.c - ranked passages for a person at a terminal.
 *
 * Every byte that came from the index or the queries file goes through
 * escape_for_terminal (common/escape.h): the only escape sequences written
 * are the colours below. */
#include "query/format.h"

#include "common/escape.h"

#include <string.h>

#define COLOR_MATCH "\033[1;31m"
#define COLOR_ID "\033[35m"
#define COLOR_TITLE "\033[1m"
#define COLOR_RESET "\033[0m"

/* Writes marked text (query/format.h) in colour base: matches coloured
 * (then base again), or, without colour, the markers simply dropped. */
static void put_marked(FILE *out, const char *marked, int color, const char *base)
{
    if (color)
        fputs(base, out);
    const char *run = marked; /* text not yet written */
    for (const char *r = marked; *r; r++) {
        if (*r != HIT_MARK_START[0] && *r != HIT_MARK_END[0] && *r != HIT_MARK_LITERAL[0])
            continue;
        escape_for_terminal(out, run, (size_t)(r - run));
        run = r + 1;
        if (*r == HIT_MARK_LITERAL[0]) {
            if (r[1]) /* the next byte is text: it starts the next run */
                r++;
        } else if (*r == HIT_MARK_START[0] && color) {
            fputs(COLOR_MATCH, out);
        } else if (color) {
            fprintf(out, COLOR_RESET "%s", base);
        }
    }
    escape_fputs(run, out);
    if (color)
        fputs(COLOR_RESET, out);
}

/* Writes text from the index as it is, escaped, in colour base. */
static void put_plain(FILE *out, const char *text, int color, const char *base)
{
    fputs(color ? base : "", out);
    escape_fputs(text, out);
    fputs(color ? COLOR_RESET : "", out);
}

/* The passage's Q&A metadata, when it has any, on one line:
 *    coffee · 12 votes · ✓ accepted · 2019-05-01 · by Ann · tags: a b · LINK
 * every part from the index escaped. */
static void put_metadata(FILE *out, const passage *p)
{
    int parts = 0;
#define PART() fputs(parts++ ? " \u00b7 " : "   ", out)
    if (p->site) {
        PART();
        escape_fputs(p->site, out);
    }
    if (p->has_score) {
        PART();
        fprintf(out, "%ld vote%s", p->score, p->score == 1 || p->score == -1 ? "" : "s");
    }
    if (p->accepted) {
        PART();
        fputs("\u2713 accepted", out);
    }
    if (p->date) { /* the day is enough to read */
        PART();
        escape_for_terminal(out, p->date, strnlen(p->date, 10));
    }
    if (p->author) {
        PART();
        fputs("by ", out);
        escape_fputs(p->author, out);
    }
    if (p->tags && p->tags[0]) {
        PART();
        fputs("tags: ", out);
        escape_fputs(p->tags, out);
    }
    if (p->link) {
        PART();
        escape_fputs(p->link, out);
    }
#undef PART
    if (parts > 0)
        putc('\n', out);
}

int format_text(FILE *out, const format_options *fo, const char *qid,
                const hit_list *hits)
{
    int c = fo->color;
    if (qid) { /* batch mode: say which query the passages answer */
        fprintf(out, "%s== query ", c ? COLOR_TITLE : "");
        escape_fputs(qid, out);
        fprintf(out, ": %zu passage%s ==%s\n\n", hits->count, hits->count == 1 ? "" : "s",
                c ? COLOR_RESET : "");
    }
    if (hits->partial) { /* --allow-partial left shards out */
        fputs("(partial: not searched: ", out);
        escape_fputs(hits->partial, out);
        fputs(")\n\n", out);
    }
    for (size_t i = 0; i < hits->count; i++) {
        const hit *h = &hits->hits[i];
        const passage *p = &h->stored.p;
        fprintf(out, "%u. ", h->rank);
        put_plain(out, p->id, c, COLOR_ID);
        fprintf(out, "  (score %.3f)", h->score);
        if (h->more_answers > 0)
            fprintf(out, "  (+%u more answer%s to this question)", h->more_answers,
                    h->more_answers == 1 ? "" : "s");
        putc('\n', out);
        put_metadata(out, p);
        if (p->answer_title[0]) {
            fputs("   ", out);
            if (h->title_marked)
                put_marked(out, h->title_marked, c, COLOR_TITLE);
            else
                put_plain(out, p->answer_title, c, COLOR_TITLE);
            putc('\n', out);
        }
        if (p->question_title[0]) {
            fputs("   Q: ", out);
            if (h->question_marked)
                put_marked(out, h->question_marked, c, "");
            else
                escape_fputs(p->question_title, out);
            putc('\n', out);
        }
        if (h->snippet && h->snippet[0]) {
            /* Where the match is: the answer's body, or only the question's. */
            fputs(h->snippet_from_question ? "   Q> " : "   ", out);
            put_marked(out, h->snippet, c, "");
            putc('\n', out);
        }
        putc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
