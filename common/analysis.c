/* analysis.c - recording, reading and applying the analysis settings. */
#include "common/analysis.h"

#include "common/schema.h"
#include "common/shard_key.h"
#include "common/stopwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY_SCHEMA "quarry.schema"
#define KEY_LANGUAGE "quarry.language"
#define KEY_STEMMING "quarry.stemming"
#define KEY_STOPWORDS "quarry.stopwords"
#define KEY_TITLE_WEIGHT "quarry.title_weight"
#define KEY_QUESTION_WEIGHT "quarry.question_weight"
/* Recorded since issue 10; an index without them weighs the question's
 * body as its title, and tags not as words. */
#define KEY_QUESTION_BODY_WEIGHT "quarry.question_body_weight"
#define KEY_TAG_WEIGHT "quarry.tag_weight"
#define KEY_SHARD "quarry.shard" /* "K/N fnv1a"; absent: the whole corpus */

const char *const analysis_stemming_names[] = {"none", "some", "all", "all_z", NULL};

void analysis_defaults(analysis_settings *s)
{
    memset(s, 0, sizeof *s);
    strcpy(s->language, "english");
    /* Stems only, with positions: smaller and faster to build than Xapian's
     * default STEM_SOME, and positions let proximity work on stems. */
    s->stemming = XC_STEM_ALL_Z;
    strcpy(s->stopwords, stopwords_for_language("english"));
    s->title_weight = 3;
    /* The question's title says what it asks, its body also how it got
     * there: title 4 and body 2 beat 2 and 2 on every StackExchange row of
     * make eval (docs/RELEVANCE.md). */
    s->question_weight = 4;
    s->question_body_weight = 2;
    s->tag_weight = 0;
}

/* No language, no stems: the strategy must say so, or the term generator
 * and the query parser would disagree on what a term looks like. */
static xc_stem_strategy effective_stemming(const analysis_settings *s)
{
    return strcmp(s->language, "none") == 0 ? XC_STEM_NONE : s->stemming;
}

int analysis_language_name(const char *name, char *out, size_t outlen)
{
    /* Names are recorded in lowercase, as libstemmer lists them: "English"
     * is english, and an unknown name is refused before anything opens. */
    const char *found = strcasecmp(name, "none") == 0 ? "none" : NULL;
    for (const char *const *l = xc_stem_languages(); !found && *l; l++)
        if (strcasecmp(name, *l) == 0)
            found = *l;
    if (!found || strlen(found) >= outlen)
        return -1;
    strcpy(out, found);
    return 0;
}

xc_status analysis_save(xc_wdb *db, const analysis_settings *s)
{
    xc_status st = xc_wdb_set_metadata(db, KEY_SCHEMA, SCHEMA_VERSION);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_LANGUAGE, s->language);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_STEMMING, analysis_stemming_names[effective_stemming(s)]);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_STOPWORDS, s->stopwords);
    char num[16];
    snprintf(num, sizeof num, "%u", s->title_weight);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_TITLE_WEIGHT, num);
    snprintf(num, sizeof num, "%u", s->question_weight);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_QUESTION_WEIGHT, num);
    snprintf(num, sizeof num, "%u", s->question_body_weight);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_QUESTION_BODY_WEIGHT, num);
    snprintf(num, sizeof num, "%u", s->tag_weight);
    if (st == XC_OK)
        st = xc_wdb_set_metadata(db, KEY_TAG_WEIGHT, num);
    char shard[64];
    snprintf(shard, sizeof shard, "%u/%u " SHARD_HASH, s->shard_k, s->shard_n);
    if (st == XC_OK && s->shard_n > 0)
        st = xc_wdb_set_metadata(db, KEY_SHARD, shard);
    return st;
}

/* Reads key into buf; returns 0, or -1 with err filled. */
static int read_key(xc_db *db, const char *key, char *buf, size_t size,
                    char *err, size_t errlen)
{
    char *v;
    xc_status st = xc_db_get_metadata(db, key, &v);
    if (st != XC_OK) {
        snprintf(err, errlen, "%s", xc_last_error());
        return -1;
    }
    int ok = v[0] != '\0' && strlen(v) < size;
    if (ok)
        strcpy(buf, v);
    else
        snprintf(err, errlen, "metadata '%s' is %s", key, v[0] ? "too long" : "missing");
    free(v);
    return ok ? 0 : -1;
}

/* Reads a small whole number recorded under key. */
static int read_weight(xc_db *db, const char *key, unsigned *out, char *err,
                       size_t errlen)
{
    char buf[16], *end;
    if (read_key(db, key, buf, sizeof buf, err, errlen) != 0)
        return -1;
    unsigned long v = strtoul(buf, &end, 10);
    if (*end || v > ANALYSIS_MAX_WEIGHT) {
        snprintf(err, errlen, "metadata '%s' is not a weight: '%s'", key, buf);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* read_weight for a key an index may lack: *out = fallback when absent. */
static int read_optional_weight(xc_db *db, const char *key, unsigned fallback,
                                unsigned *out, char *err, size_t errlen)
{
    char *v;
    if (xc_db_get_metadata(db, key, &v) != XC_OK) {
        snprintf(err, errlen, "%s", xc_last_error());
        return -1;
    }
    int absent = v[0] == '\0';
    free(v);
    if (absent)
        *out = fallback;
    return absent ? 0 : read_weight(db, key, out, err, errlen);
}

/* The optional shard key: absent is a whole-corpus index. */
static int read_shard(xc_db *db, analysis_settings *s, char *err, size_t errlen)
{
    char *v;
    if (xc_db_get_metadata(db, KEY_SHARD, &v) != XC_OK) {
        snprintf(err, errlen, "%s", xc_last_error());
        return -1;
    }
    char place[32] = "", hash[16] = "";
    int ok = !v[0] || (sscanf(v, "%31s %15s", place, hash) == 2 &&
                       strcmp(hash, SHARD_HASH) == 0 &&
                       shard_parse(place, &s->shard_k, &s->shard_n) == 0);
    if (!ok)
        snprintf(err, errlen, "metadata '%s' is not 'K/N " SHARD_HASH "': '%.40s'", KEY_SHARD,
                 v);
    free(v);
    return ok ? 0 : -1;
}

static int load(xc_db *db, int any_schema, analysis_settings *s, char *err, size_t errlen)
{
    char schema[16], stemming[16];
    memset(s, 0, sizeof *s);
    char *v;
    if (xc_db_get_metadata(db, KEY_SCHEMA, &v) != XC_OK) {
        snprintf(err, errlen, "%s", xc_last_error()); /* the real cause, e.g. I/O */
        return -1;
    }
    int missing = v[0] == '\0';
    free(v);
    if (missing) {
        snprintf(err, errlen, "not a Quarry index (no %s metadata)", KEY_SCHEMA);
        return -1;
    }
    if (read_key(db, KEY_SCHEMA, schema, sizeof schema, err, errlen) != 0)
        return -1;
    if (!any_schema && strcmp(schema, SCHEMA_VERSION) != 0) {
        snprintf(err, errlen, "index schema version %s, this Quarry reads %s (%s)", schema,
                 SCHEMA_VERSION, atoi(schema) < atoi(SCHEMA_VERSION)
                                     ? "an older Quarry built it: rebuild it with "
                                       "quarry-index --rebuild"
                                     : "a newer Quarry built it");
        return -1;
    }
    /* Past the schema key, every key is one Quarry wrote: one missing or
     * garbled means damage, not a foreign index. */
    if (read_key(db, KEY_LANGUAGE, s->language, sizeof s->language, err, errlen) ||
        read_key(db, KEY_STEMMING, stemming, sizeof stemming, err, errlen) ||
        read_key(db, KEY_STOPWORDS, s->stopwords, sizeof s->stopwords, err, errlen) ||
        read_weight(db, KEY_TITLE_WEIGHT, &s->title_weight, err, errlen) ||
        read_weight(db, KEY_QUESTION_WEIGHT, &s->question_weight, err, errlen) ||
        read_optional_weight(db, KEY_QUESTION_BODY_WEIGHT, s->question_weight,
                             &s->question_body_weight, err, errlen) ||
        read_optional_weight(db, KEY_TAG_WEIGHT, 0, &s->tag_weight, err, errlen) ||
        read_shard(db, s, err, errlen))
        return ANALYSIS_DAMAGED;
    for (size_t i = 0; analysis_stemming_names[i]; i++)
        if (strcmp(stemming, analysis_stemming_names[i]) == 0) {
            s->stemming = (xc_stem_strategy)i;
            return 0;
        }
    snprintf(err, errlen, "unknown stemming strategy '%s'", stemming);
    return ANALYSIS_DAMAGED;
}

const char *analysis_stemming_name(xc_stem_strategy s)
{
    return analysis_stemming_names[s];
}

unsigned analysis_differs(const analysis_settings *s, const analysis_settings *given,
                          unsigned given_mask)
{
    unsigned differ = 0;
    if (strcmp(s->language, given->language) != 0 || strcmp(s->stopwords, given->stopwords) != 0)
        differ |= ANALYSIS_LANGUAGE;
    if (s->title_weight != given->title_weight)
        differ |= ANALYSIS_TITLE_WEIGHT;
    if (s->question_weight != given->question_weight)
        differ |= ANALYSIS_QUESTION_WEIGHT;
    if (s->question_body_weight != given->question_body_weight)
        differ |= ANALYSIS_QUESTION_BODY_WEIGHT;
    if (s->tag_weight != given->tag_weight)
        differ |= ANALYSIS_TAG_WEIGHT;
    if (s->stemming != given->stemming)
        differ |= ANALYSIS_STEMMING;
    if (s->shard_k != given->shard_k || s->shard_n != given->shard_n)
        differ |= ANALYSIS_SHARD;
    return differ & given_mask;
}

void analysis_override(analysis_settings *s, const analysis_settings *given,
                       unsigned given_mask)
{
    if (given_mask & ANALYSIS_LANGUAGE) {
        /* A new language brings its own stemming (a "none" index had none). */
        strcpy(s->language, given->language);
        strcpy(s->stopwords, given->stopwords);
        s->stemming = given->stemming;
    }
    if (given_mask & ANALYSIS_TITLE_WEIGHT)
        s->title_weight = given->title_weight;
    if (given_mask & ANALYSIS_QUESTION_WEIGHT)
        s->question_weight = given->question_weight;
    if (given_mask & ANALYSIS_QUESTION_BODY_WEIGHT)
        s->question_body_weight = given->question_body_weight;
    if (given_mask & ANALYSIS_TAG_WEIGHT)
        s->tag_weight = given->tag_weight;
    if (given_mask & ANALYSIS_STEMMING)
        s->stemming = given->stemming;
    if (given_mask & ANALYSIS_SHARD) {
        s->shard_k = given->shard_k;
        s->shard_n = given->shard_n;
    }
}

xc_status analyser_open(analyser *a, const analysis_settings *s)
{
    memset(a, 0, sizeof *a);
    a->settings = *s;
    a->settings.stemming = effective_stemming(s);
    xc_status st = xc_stem_new(s->language, &a->stem);
    if (st != XC_OK)
        return st;
    if (strcmp(s->stopwords, "none") == 0)
        return XC_OK;
    const char *const *words = stopwords_list(s->stopwords);
    if (!words) {
        analyser_close(a);
        return XC_INVALID_ARGUMENT;
    }
    st = xc_stopper_new(words, &a->stopper);
    if (st != XC_OK)
        analyser_close(a);
    return st;
}

void analyser_close(analyser *a)
{
    xc_stopper_free(a->stopper);
    xc_stem_free(a->stem);
    a->stopper = NULL;
    a->stem = NULL;
}

xc_status analyser_termgen(analyser *a, xc_termgen **out)
{
    return xc_termgen_new(a->stem, a->settings.stemming, NULL, out);
}

xc_status analyser_qparser(analyser *a, xc_db *db, int use_stopwords,
                           xc_qparser **out)
{
    xc_status st = xc_qparser_new(db, a->stem, a->settings.stemming,
                                  use_stopwords ? a->stopper : NULL, out);
    for (const schema_field *f = schema_fields; st == XC_OK && f->name; f++)
        st = xc_qparser_add_prefix(*out, f->name, f->prefix);
    /* The schema makes the filters' terms, as the indexer's. */
    for (const schema_filter *f = schema_filters; st == XC_OK && f->name; f++)
        if (f->kind == SCHEMA_FILTER_TERM)
            st = xc_qparser_add_filter(*out, f->name, f->and_values, schema_filter_term,
                                       (void *)f);
    if (st != XC_OK) {
        xc_qparser_free(*out);
        *out = NULL;
    }
    return st;
}

xc_status analyser_add_ranges(xc_qparser *qp)
{
    xc_status st = XC_OK;
    for (const schema_filter *f = schema_filters; st == XC_OK && f->name; f++)
        if (f->kind == SCHEMA_FILTER_RANGE)
            st = xc_qparser_add_range(qp, f->name, f->slot, schema_filter_range, (void *)f);
    return st;
}

int analysis_load(xc_db *db, analysis_settings *s, char *err, size_t errlen)
{
    return load(db, 0, s, err, errlen);
}

int analysis_load_any_schema(xc_db *db, analysis_settings *s, char *err, size_t errlen)
{
    return load(db, 1, s, err, errlen);
}
