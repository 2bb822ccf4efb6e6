/* search_args.c - DOCS:TERMS:WEIGHT[:MIN-DOCS], RATIO, WINDOW:WEIGHT, ACCEPTED:SCORE
 * and keep|drop|rank[:WEIGHT[:MAX-TERMS]]. */
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

const char *const search_args_model_names[] = {"bm25", "bm25plus", "lm", "pl2", "dph",
                                               "inl2", "tfidf", NULL};

const model_param search_args_model_params[SEARCH_MODEL_PARAMS] = {
    {"k1", 0, 1000}, {"b", 0, 1}, {"mu", 1e-9, 1e9}, {"c", 1e-9, 1e6}, {"delta", 0, 1000},
};

int search_args_apply_model(search_options *o, unsigned given,
                            const double value[SEARCH_MODEL_PARAMS])
{
#define P(i) (1u << (i))
    static const unsigned takes[] = {
        [XC_W_BM25] = P(SEARCH_K1) | P(SEARCH_B),
        [XC_W_BM25PLUS] = P(SEARCH_K1) | P(SEARCH_B) | P(SEARCH_DELTA),
        [XC_W_LM] = P(SEARCH_MU),
        [XC_W_PL2] = P(SEARCH_C),
        [XC_W_DPH] = 0,
        [XC_W_INL2] = P(SEARCH_C),
        [XC_W_TFIDF] = 0,
    };
    for (int i = 0; i < SEARCH_MODEL_PARAMS; i++)
        if ((given & P(i)) && !(takes[o->model] & P(i)))
            return i + 1;
#define GOT(i, dflt) (given & P(i) ? value[i] : (dflt))
    switch (o->model) {
    case XC_W_BM25:
    case XC_W_BM25PLUS: {
        double p[6] = {GOT(SEARCH_K1, 1.2), 0, 1, GOT(SEARCH_B, 0.75), 0.5,
                       GOT(SEARCH_DELTA, 1)};
        memcpy(o->params, p, sizeof p);
        o->nparams = o->model == XC_W_BM25 ? 5 : 6;
        break;
    }
    case XC_W_LM:
        o->params[0] = GOT(SEARCH_MU, 2000);
        o->nparams = 1;
        break;
    case XC_W_PL2:
    case XC_W_INL2:
        o->params[0] = GOT(SEARCH_C, 1);
        o->nparams = 1;
        break;
    default:
        o->nparams = 0;
    }
    return 0;
#undef GOT
#undef P
}

int search_args_prior(const char *arg, search_options *o)
{
    fields f;
    double a, sc;
    if (split_fields(arg, &f) != 0 || f.n != 2 || cli_number(f.at[0], 0, 1000, &a) != 0 ||
        cli_number(f.at[1], 0, 1000, &sc) != 0)
        return -1;
    o->prior.accepted = a;
    o->prior.score = sc;
    return 0;
}

/* Indexed by STOPWORDS_*. */
static const char *const stopword_modes[] = {"keep", "drop", "rank", NULL};

int search_args_stopwords(const char *arg, search_options *o)
{
    fields f;
    double w = 1;
    unsigned long max = 0;
    if (split_fields(arg, &f) != 0)
        return -1;
    int m = 0;
    while (stopword_modes[m] && strcmp(f.at[0], stopword_modes[m]) != 0)
        m++;
    /* Only rank takes a weight (above 0, at most 1000) and a term count. */
    if (!stopword_modes[m] || (f.n > 1 && m != STOPWORDS_RANK) || f.n > 3 ||
        (f.n > 1 && (cli_number(f.at[1], 0, 1000, &w) != 0 || w == 0)) ||
        (f.n > 2 && cli_whole(f.at[2], 0, 1000000, &max) != 0))
        return -1;
    o->stopwords = m;
    o->stopword_weight = w;
    o->stopword_max_terms = (unsigned)max;
    return 0;
}
