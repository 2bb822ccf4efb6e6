/* html_text.c - HTML fragment to text, through libxml2's HTML parser. */
#include "indexer/html_text.h"

#include "common/utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct text_out {
    char *buf;
    size_t len, cap;
    int pending;  /* breaks owed before the next text: 1 newline, 2 blank line */
    int space;    /* a space is owed before the next text (collapsed white space) */
    int nomem;
} text_out;

static void put(text_out *t, const char *s, size_t n)
{
    if (t->nomem || n == 0)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->nomem = 1;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
}

/* Owed breaks and spaces are written only before more text: none at the
 * start, none at the end, never a space at a line's start. */
static void settle(text_out *t)
{
    if (t->len && t->pending)
        put(t, "\n\n", (size_t)t->pending);
    else if (t->len && t->space)
        put(t, " ", 1);
    t->pending = t->space = 0;
}

static void want_break(text_out *t, int level)
{
    if (level > t->pending)
        t->pending = level;
    t->space = 0;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Text outside <pre>: white space runs become one owed space. */
static void text_flowing(text_out *t, const char *s)
{
    while (*s) {
        if (is_space((unsigned char)*s)) {
            while (is_space((unsigned char)*s))
                s++;
            if (!t->pending)
                t->space = 1;
            continue;
        }
        const char *start = s;
        while (*s && !is_space((unsigned char)*s))
            s++;
        settle(t);
        for (const char *c = start; c < s; c++)
            if ((unsigned char)*c >= 0x20 && *c != 0x7f)
                put(t, c, 1);
    }
}

/* Text inside <pre>: lines kept, tabs as spaces, other controls dropped. */
static void text_verbatim(text_out *t, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\r')
            continue;
        if (c == '\n') {
            if (t->len) /* a newline owed, not written: none at the end */
                want_break(t, t->pending < 2 ? t->pending + 1 : 2);
            continue;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) /* DEL too, as in flowing text */
            continue;
        settle(t);
        put(t, c == '\t' ? " " : s, 1);
    }
}

static int name_is(const xmlNode *n, const char *const *names)
{
    for (; *names; names++)
        if (xmlStrcasecmp(n->name, (const xmlChar *)*names) == 0)
            return 1;
    return 0;
}

static const char *const paragraphs[] = {"p", "div", "pre", "blockquote", "ul", "ol", "dl",
                                         "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr",
                                         "section", "article", "header", "footer",
                                         "figure", "details", "aside", "nav", "main", NULL};
static const char *const lines[] = {"br", "li", "tr", "dt", "dd", "summary",
                                    "figcaption", NULL};
static const char *const dropped[] = {"script", "style", "noscript", "template", NULL};
static const char *const cells[] = {"td", "th", NULL};

static void walk(text_out *t, const xmlNode *n, int in_pre)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                (in_pre ? text_verbatim : text_flowing)(t, (const char *)n->content);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE || name_is(n, dropped))
            continue;
        int level = name_is(n, paragraphs) ? 2 : name_is(n, lines) ? 1 : 0;
        if (level)
            want_break(t, level);
        else if (name_is(n, cells) && !t->pending)
            t->space = 1;
        int pre = in_pre || xmlStrcasecmp(n->name, (const xmlChar *)"pre") == 0;
        walk(t, n->children, pre);
        if (level)
            want_break(t, level);
    }
}

char *html_text(const char *html, size_t len)
{
    text_out t = {0};
    if (len > 0 && len <= (size_t)INT_MAX) {
        /* Ill-formed UTF-8 would make libxml2 guess another encoding:
         * repair it first, so the text is what the valid bytes say. */
        size_t clean_len;
        char *clean = utf8_sanitize(html, len, &clean_len, NULL);
        if (!clean)
            return NULL;
        htmlDocPtr doc = htmlReadMemory(clean, (int)clean_len, NULL, "UTF-8",
                                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                            HTML_PARSE_NONET | HTML_PARSE_RECOVER);
        free(clean);
        if (doc) {
            walk(&t, doc->children, 0);
            xmlFreeDoc(doc);
        }
    }
    if (t.nomem) {
        free(t.buf);
        return NULL;
    }
    if (!t.buf)
        return strdup("");
    /* <pre> keeps its spaces, so the text may end (or start) in one: the
     * promise of no white space at either end is kept here, once. */
    while (t.len && (t.buf[t.len - 1] == ' ' || t.buf[t.len - 1] == '\n'))
        t.len--;
    size_t lead = 0;
    while (lead < t.len && (t.buf[lead] == ' ' || t.buf[lead] == '\n'))
        lead++;
    t.buf[t.len] = '\0';
    /* The parser's output is UTF-8, but repair anyway: a text node may end
     * in half a character where the input did. */
    char *out = utf8_sanitize(t.buf + lead, t.len - lead, NULL, NULL);
    free(t.buf);
    return out;
}
