/* search_args.c - DOCS:TERMS:WEIGHT[:MIN-DOCS], RATIO and WINDOW:WEIGHT. */
#include "query/search_args.h"

#include "common/cli.h"

#include <string.h>

/* The colon-separated fields of a value ("5:10:0.3"), at most 4. */
typedef struct fields {
    char text[64];
    char *at[4];
    int n;
} fields;

static int split_fields(const char *arg, fields *f)
{
    if (strlen(arg) >= sizeof f->text)
        return -1;
    strcpy(f->text, arg);
    f->n = 0;
    for (char *s = f->text;; s++) {
        if (f->n == 4)
            return -1;
        f->at[f->n++] = s;
        if (!(s = strchr(s, ':')))
            return 0;
        *s = '\0';
    }
}

static int whole(const char *s, unsigned long lo, unsigned long hi, unsigned *out)
{
    unsigned long v;
    if (cli_whole(s, lo, hi, &v) != 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* A weight: above 0, at most 10. */
static int weight(const char *s, double *out)
{
    return cli_number(s, 0, 10, out) == 0 && *out > 0 ? 0 : -1;
}

int search_args_expand(const char *arg, expansion *e)
{
    fields f;
    expansion got = *e;
    got.min_docs = 0;
    if (strcmp(arg, "0") == 0) {
        e->docs = 0;
        return 0;
    }
    if (split_fields(arg, &f) != 0 || f.n < 3 || whole(f.at[0], 1, 1000, &got.docs) != 0 ||
        whole(f.at[1], 1, 1000, &got.terms) != 0 || weight(f.at[2], &got.weight) != 0 ||
        (f.n == 4 && whole(f.at[3], 0, got.docs, &got.min_docs) != 0))
        return -1;
    *e = got;
    return 0;
}

int search_args_expand_when(const char *arg, expansion *e)
{
    double ratio;
    if (cli_number(arg, 0, 1, &ratio) != 0 || ratio == 0)
        return -1;
    e->when = ratio;
    return 0;
}

int search_args_proximity(const char *arg, proximity *p)
{
    fields f;
    proximity got;
    if (strcmp(arg, "0") == 0) {
        p->window = 0;
        return 0;
    }
    if (split_fields(arg, &f) != 0 || f.n != 2 || whole(f.at[0], 2, 100, &got.window) != 0 ||
        weight(f.at[1], &got.weight) != 0)
        return -1;
    *p = got;
    return 0;
}
