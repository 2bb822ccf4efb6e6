/* query_fields.c - unknown fields refused before Xapian reads them. */
#include "query/query_fields.h"

#include "common/schema.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* 1 when s[0..len) holds "..". */
static int has_dots(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.')
            return 1;
    return 0;
}

static int ident_start(char c)
{
    return isalpha((unsigned char)c) || c == '_';
}

static int ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The known field names, ", "-separated, into out. */
static void known_fields(char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const schema_field *f = schema_fields; f->name; f++)
        used += (size_t)snprintf(out + used, used < size ? size - used : 0, "%s%s:",
                                 used ? ", " : "", f->name);
    for (const schema_filter *f = schema_filters; f->name; f++)
        used += (size_t)snprintf(out + used, used < size ? size - used : 0, "%s%s:",
                                 used ? ", " : "", f->name);
}

/* The field called name[0..len), or NULL; *range set for a range field;
 * *like gets a known field that differs only in case (or NULL). */
static const char *find_field(const char *name, size_t len, int *range, const char **like)
{
    *range = 0;
    *like = NULL;
    for (const schema_field *f = schema_fields; f->name; f++) {
        if (strlen(f->name) == len && strncmp(f->name, name, len) == 0)
            return f->name;
        if (strlen(f->name) == len && strncasecmp(f->name, name, len) == 0)
            *like = f->name;
    }
    for (const schema_filter *f = schema_filters; f->name; f++) {
        if (strlen(f->name) == len && strncmp(f->name, name, len) == 0) {
            *range = f->kind == SCHEMA_FILTER_RANGE;
            return f->name;
        }
        if (strlen(f->name) == len && strncasecmp(f->name, name, len) == 0)
            *like = f->name;
    }
    return NULL;
}

int query_fields_check(const char *text, int *ranges, char *err, size_t errlen)
{
    int quoted = 0;
    *ranges = 0;
    for (size_t i = 0; text[i]; i++) {
        if (text[i] == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted || !ident_start(text[i]) ||
            (i > 0 && !strchr(" \t\n\r(+-", text[i - 1])))
            continue;
        size_t start = i;
        while (ident_char(text[i]))
            i++;
        size_t len = i - start;
        char next = text[i] == ':' ? text[i + 1] : '\0';
        if (!next || isspace((unsigned char)next) || next == '/' || next == ':') {
            i--; /* text[i] is looked at again: it may open a quote */
            continue;
        }
        int range;
        const char *like;
        const char *known = find_field(text + start, len, &range, &like);
        size_t vlen = strcspn(text + i + 1, " \t\n\r)");
        if (known && range && !has_dots(text + i + 1, vlen)) {
            for (const schema_filter *f = schema_filters; f->name; f++)
                if (f->name == known)
                    snprintf(err, errlen, "%s: takes a range, %s, where either bound "
                             "may be left out", known, f->usage);
            return -1;
        }
        *ranges |= known && range;
        if (!known) {
            char list[256], hint[64] = "";
            known_fields(list, sizeof list);
            if (like)
                snprintf(hint, sizeof hint, "; did you mean '%s:'?", like);
            snprintf(err, errlen, "unknown field '%.*s:'%s (known fields: %s; to search "
                     "the words, put a space after the ':' or quote them)", (int)len,
                     text + start, hint, list);
            return -1;
        }
        i--;
    }
    return 0;
}
