/* fuzz_serve_params.c - quarry-serve's request parameters (serve/params.c)
 * and the escaping of what a request brings to the page (serve/html.c).
 *
 * Input: a URL's query string, "key=value&key=value" (split here as
 * libmicrohttpd splits it, without %-decoding: any byte may reach the
 * table).  Checks what params.h promises: a refusal always says why; an
 * accepted request is within the service's bounds; and the escaped form
 * of every value is valid UTF-8 with no byte that could open a tag, end an
 * attribute or reach a terminal (the same for the whole page, outside its
 * own markup). */
#include "serve/html.h"
#include "serve/params.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/utf8.h"

/* Aborts unless s[0..len) is escaped text: valid UTF-8, no < > " ' and no
 * control character but TAB, LF, CR. */
static void check_escaped(const char *s, size_t len)
{
    if (!utf8_validate(s, len, NULL))
        abort();
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7f ||
            (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
            abort();
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] <= 0x9f)
            abort(); /* C1 */
    }
}

static void escaped(const char *value)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        abort();
    html_escape(out, value);
    fclose(out);
    check_escaped(buf, len);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';

    serve_params p;
    char err[1024] = "";
    int bad = 0;
    serve_params_init(&p);
    for (char *pair = text, *next; pair && !bad; pair = next) {
        if ((next = strchr(pair, '&')))
            *next++ = '\0';
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        bad = serve_params_add(&p, pair, eq ? eq + 1 : NULL, err, sizeof err) != 0;
        escaped(pair);
        if (eq)
            escaped(eq + 1);
    }
    if (!bad)
        bad = serve_params_finish(&p, size % 2, err, sizeof err) != 0;
    if (bad) {
        if (!err[0] || strlen(err) >= sizeof err)
            abort();
        escaped(err);
    } else {
        const search_options *o = &p.search;
        if (o->limit < 1 || o->limit > SERVE_MAX_LIMIT || o->offset > SERVE_MAX_OFFSET ||
            o->nparams > 6 || (o->expand.docs && (o->expand.terms < 1 || o->expand.weight <= 0)) ||
            (o->near.window && o->near.window < 2))
            abort();
        /* The page for it, with no hits: every value shows only escaped. */
        hit_list none = {0};
        char *page = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&page, &len);
        if (!out)
            abort();
        html_page(out, &p, &none, NULL, 0);
        fclose(out);
        if (!utf8_validate(page, len, NULL))
            abort();
        free(page);
    }
    free(text);
    return 0;
}
