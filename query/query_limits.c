/* query_limits.c - the size bounds of one query (query_limits.h). */
#include "query/query_limits.h"

#include <stdio.h>
#include <string.h>

void query_limits_defaults(query_limits *l)
{
    l->max_bytes = QUERY_LIMITS_BYTES;
    l->max_terms = QUERY_LIMITS_TERMS;
    l->max_proximity_terms = QUERY_LIMITS_PROXIMITY_TERMS;
}

/* The deepest nesting of '(' in text, counted as the QueryParser could
 * read it: every bracket, even one it would take as punctuation (an
 * over-estimate refuses only absurd text). */
static unsigned paren_depth(const char *text)
{
    unsigned depth = 0, deepest = 0;
    for (const char *p = text; *p; p++) {
        if (*p == '(') {
            if (++depth > deepest)
                deepest = depth;
        } else if (*p == ')' && depth > 0) {
            depth--;
        }
    }
    return deepest;
}

int query_limits_check_text(const query_limits *l, const char *text, char *err,
                            size_t errlen)
{
    unsigned depth = paren_depth(text);
    if (depth > QUERY_LIMITS_DEPTH) {
        snprintf(err, errlen, "malformed query: parentheses nested %u deep, more than the "
                 "limit of %u", depth, QUERY_LIMITS_DEPTH);
        return -1;
    }
    size_t bytes = strlen(text);
    if (bytes > l->max_bytes) {
        snprintf(err, errlen, "malformed query: %zu bytes, more than the limit of %zu "
                 "(--max-query-bytes)", bytes, l->max_bytes);
        return -1;
    }
    return 0;
}

int query_limits_check_terms(const query_limits *l, size_t terms, int proximity, char *err,
                             size_t errlen)
{
    if (terms > l->max_terms) {
        snprintf(err, errlen, "malformed query: %zu terms, more than the limit of %zu "
                 "(--max-query-terms)", terms, l->max_terms);
        return -1;
    }
    if (proximity && terms > l->max_proximity_terms) {
        snprintf(err, errlen, "malformed query: %zu terms with --proximity, more than the "
                 "limit of %zu (--max-proximity-terms)", terms, l->max_proximity_terms);
        return -1;
    }
    return 0;
}
