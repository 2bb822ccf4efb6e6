/* html.c - the search page. */
#include "serve/html.h"

#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Writes s[0..len), which is valid UTF-8; markers (marked: 1) become
 * <mark> tags. */
static void escape_valid(FILE *out, const char *s, size_t len, int marked)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (marked && c == HIT_MARK_START[0]) {
            fputs("<mark>", out);
        } else if (marked && c == HIT_MARK_END[0]) {
            fputs("</mark>", out);
        } else if (marked && c == HIT_MARK_LITERAL[0] && i + 1 < len) {
            /* the next byte is text (an ASCII control byte): shown as one */
            i++;
            fputs("\xef\xbf\xbd", out);
        } else if (c == '&') {
            fputs("&amp;", out);
        } else if (c == '<') {
            fputs("&lt;", out);
        } else if (c == '>') {
            fputs("&gt;", out);
        } else if (c == '"') {
            fputs("&quot;", out);
        } else if (c == '\'') {
            fputs("&#39;", out);
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            fputs("\xef\xbf\xbd", out);
        } else if (c == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
            i++; /* a C1 control, U+0080-009F */
            fputs("\xef\xbf\xbd", out);
        } else {
            putc(c, out);
        }
    }
}

static void escape(FILE *out, const char *s, int marked)
{
    size_t len = strlen(s);
    if (utf8_validate(s, len, NULL)) {
        escape_valid(out, s, len, marked);
        return;
    }
    size_t fixed_len;
    char *fixed = utf8_sanitize(s, len, &fixed_len, NULL);
    if (fixed)
        escape_valid(out, fixed, fixed_len, marked);
    free(fixed);
}

void html_escape(FILE *out, const char *s)
{
    escape(out, s, 0);
}

void html_escape_marked(FILE *out, const char *marked)
{
    escape(out, marked, 1);
}

void url_encode(FILE *out, const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') ||
            strchr("-._~", *u))
            putc(*u, out);
        else
            fprintf(out, "%%%02X", *u);
    }
}

static const char style[] =
    "body{font-family:system-ui,sans-serif;max-width:46em;margin:0 auto;padding:0 1em;"
    "line-height:1.45;color:#222}"
    "form{display:flex;gap:.5em;margin:1.2em 0}"
    "input[type=search]{flex:1;font-size:1.1em;padding:.4em;min-width:0}"
    "button{font-size:1.1em;padding:.4em 1em}"
    "ol.hits{padding-left:1.6em}li.hit{margin-bottom:1.1em}"
    ".question{color:#555;font-size:.95em}.title{font-size:1.1em}"
    ".meta{color:#666;font-size:.85em}.accepted{color:#1a7f37;font-weight:bold}"
    "mark{background:#fde68a;padding:0 .1em}.error{color:#b00020}"
    "nav a{margin-right:1.5em}";

/* A link to the page at offset, with p's other parameters as given. */
static void page_link(FILE *out, const serve_params *p, unsigned offset, const char *rel,
                      const char *label)
{
    fprintf(out, "<a rel=\"%s\" href=\"/?", rel);
    for (size_t i = 0; serve_param_name(i); i++) {
        const char *name = serve_param_name(i);
        if (!(p->given & (1u << i)) || strcmp(name, "offset") == 0)
            continue;
        fprintf(out, "%s=", name);
        url_encode(out, p->raw[i]);
        fputs("&amp;", out);
    }
    fprintf(out, "offset=%u\">%s</a>", offset, label);
}

static void hit_item(FILE *out, const hit *h)
{
    const passage *pa = &h->stored.p;
    fprintf(out, "<li class=\"hit\" data-id=\"");
    html_escape(out, h->id);
    fputs("\">", out);
    if (pa->question_title[0]) {
        fputs("<div class=\"question\">", out);
        html_escape_marked(out, h->question_marked ? h->question_marked : pa->question_title);
        fputs("</div>", out);
    }
    fputs("<a class=\"title\" href=\"/passage/", out);
    url_encode(out, h->id);
    fputs("\">", out);
    if (pa->answer_title[0])
        html_escape_marked(out, h->title_marked ? h->title_marked : pa->answer_title);
    else
        html_escape(out, h->id);
    fputs("</a><div class=\"meta\"><span class=\"id\">", out);
    html_escape(out, h->id);
    fputs("</span>", out);
    if (pa->site) {
        fputs(" &middot; <span class=\"site\">", out);
        html_escape(out, pa->site);
        fputs("</span>", out);
    }
    if (pa->has_score)
        fprintf(out, " &middot; <span class=\"votes\">%ld votes</span>", pa->score);
    if (pa->accepted)
        fputs(" &middot; <span class=\"accepted\">&#10003; accepted</span>", out);
    fprintf(out, " &middot; <span class=\"score\">%.3f</span></div>", h->score);
    if (h->snippet && h->snippet[0]) {
        fputs("<p class=\"snippet\">", out);
        html_escape_marked(out, h->snippet);
        fputs("</p>", out);
    }
    fputs("</li>\n", out);
}

void html_page(FILE *out, const serve_params *p, const hit_list *hits, const char *error,
               double took)
{
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                 "<title>");
    if (p->q && p->q[0]) {
        html_escape(out, p->q);
        fputs(" - ", out);
    }
    fprintf(out, "Quarry search</title><style>%s</style></head>\n<body>\n"
                 "<form action=\"/\" method=\"get\" role=\"search\">"
                 "<input type=\"search\" name=\"q\" aria-label=\"Query\" value=\"",
            style);
    html_escape(out, p->q ? p->q : "");
    fputs("\"><button type=\"submit\">Search</button></form>\n", out);
    if (error) {
        fputs("<p class=\"error\">", out);
        html_escape(out, error);
        fputs("</p>\n", out);
    } else if (hits) {
        unsigned first = p->search.offset + 1, last = p->search.offset + (unsigned)hits->count;
        if (hits->count == 0)
            fprintf(out, "<p class=\"summary\">No passage matches (%.1f ms).</p>\n",
                    took * 1000);
        else
            fprintf(out, "<p class=\"summary\">Passages %u-%u of about %u (%.1f ms)</p>\n"
                         "<ol class=\"hits\" start=\"%u\">\n",
                    first, last, hits->estimated, took * 1000, first);
        for (size_t i = 0; i < hits->count; i++)
            hit_item(out, &hits->hits[i]);
        if (hits->count)
            fputs("</ol>\n", out);
        unsigned limit = p->search.limit, offset = p->search.offset;
        int prev = offset > 0, next = hits->count == limit && last < hits->estimated &&
                                      last <= SERVE_MAX_OFFSET;
        if (prev || next) {
            fputs("<nav>", out);
            if (prev)
                page_link(out, p, offset > limit ? offset - limit : 0, "prev", "&larr; Previous");
            if (next)
                page_link(out, p, last, "next", "Next &rarr;");
            fputs("</nav>\n", out);
        }
    }
    fputs("</body></html>\n", out);
}
