/* schema.c - the stored form of a passage, and its terms. */
#include "common/schema.h"

#include "xapian-c/xapian_c.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const schema_field schema_fields[] = {
    {"title", SCHEMA_PREFIX_TITLE},
    {"question", SCHEMA_PREFIX_QUESTION},
    {NULL, NULL},
};

const schema_filter schema_filters[] = {
    {"tag", SCHEMA_FILTER_TERM, SCHEMA_PREFIX_TAG, 1, 1, 0, "tag:TAG"},
    {"site", SCHEMA_FILTER_TERM, SCHEMA_PREFIX_SITE, 1, 0, 0, "site:SITE"},
    {"is", SCHEMA_FILTER_TERM, SCHEMA_PREFIX_IS, 1, 0, 0, "is:accepted"},
    {"source", SCHEMA_FILTER_TERM, SCHEMA_PREFIX_SOURCE, 0, 0, 0, "source:KEY"},
    {"in", SCHEMA_FILTER_TERM, SCHEMA_PREFIX_DIR, 0, 0, 0, "in:DIR"},
    {"score", SCHEMA_FILTER_RANGE, NULL, 0, 0, SCHEMA_SLOT_SCORE, "score:LO..HI"},
    {"date", SCHEMA_FILTER_RANGE, NULL, 0, 0, SCHEMA_SLOT_DATE, "date:FROM..TO"},
    {NULL, SCHEMA_FILTER_TERM, NULL, 0, 0, 0, NULL},
};

#define COUNT_FIELD(f) +1
enum {
    SCHEMA_STRINGS = 0 PASSAGE_STRING_FIELDS(COUNT_FIELD),
    /* then line, answer number, score ("" when absent), accepted ("1" or "") */
    SCHEMA_FIELDS = SCHEMA_STRINGS + 4
};

char *schema_encode(const passage *p, size_t *len)
{
    char line[16], answer[16], score[24];
    snprintf(line, sizeof line, "%u", p->line);
    snprintf(answer, sizeof answer, "%u", p->answer_no);
    score[0] = '\0';
    if (p->has_score)
        snprintf(score, sizeof score, "%ld", p->score);
#define FIELD_VALUE(f) p->f ? p->f : "",
    const char *fields[SCHEMA_FIELDS] = {PASSAGE_STRING_FIELDS(FIELD_VALUE) line, answer,
                                         score, p->accepted ? "1" : ""};
#undef FIELD_VALUE
    size_t sizes[SCHEMA_FIELDS], total = 0;
    for (int i = 0; i < SCHEMA_FIELDS; i++)
        total += (sizes[i] = strlen(fields[i])) + 1;
    char *data = malloc(total), *w = data;
    if (!data)
        return NULL;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
        memcpy(w, fields[i], sizes[i] + 1);
        w += sizes[i] + 1;
    }
    *len = total;
    return data;
}

void schema_hash(const char *data, size_t len, char hex[9])
{
    uLong crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)data, (uInt)len);
    snprintf(hex, 9, "%08lx", (unsigned long)crc & 0xffffffffUL);
}

/* A whole number field; -1 if it is not one. */
static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end && v >= 0 ? v : -1;
}

/* A score field: "" (absent) or a signed whole number; -1 if neither. */
static int score_field(const char *s, long *score, int *has)
{
    char *end;
    *has = *s != '\0';
    *score = *has ? strtol(s, &end, 10) : 0;
    return *has && (*end || (!isdigit((unsigned char)*s) && *s != '-')) ? -1 : 0;
}

int schema_decode(char *data, size_t len, schema_stored *out)
{
    memset(out, 0, sizeof *out);
    const char *fields[SCHEMA_FIELDS];
    size_t at = 0;
    for (int i = 0; i < SCHEMA_FIELDS; i++) {
        const char *end = at < len ? memchr(data + at, '\0', len - at) : NULL;
        if (!end) {
            free(data);
            return -1;
        }
        fields[i] = data + at;
        at = (size_t)(end - data) + 1;
    }
    const char *const *rest = fields + SCHEMA_STRINGS;
    long line = number(rest[0]), answer = number(rest[1]);
    if (at != len || line < 0 || answer < 0 ||
        score_field(rest[2], &out->p.score, &out->p.has_score) != 0 ||
        (strcmp(rest[3], "1") != 0 && rest[3][0])) {
        free(data);
        return -1;
    }
    /* The first six are always there (maybe ""); metadata left empty is
     * absent, NULL, as a reader that knows none gives it. */
    int i = 0;
#define FIELD_DECODE(f) out->p.f = i < 6 || fields[i][0] ? fields[i] : NULL, i++;
    PASSAGE_STRING_FIELDS(FIELD_DECODE)
#undef FIELD_DECODE
    out->p.line = (unsigned)line;
    out->p.answer_no = (unsigned)answer;
    out->p.accepted = rest[3][0] == '1';
    out->data = data;
    return 0;
}

void schema_stored_free(schema_stored *s)
{
    if (s) {
        free(s->data);
        s->data = NULL;
    }
}

unsigned long long schema_fnv1a(const char *s)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

enum { HASH_TAIL = 17 }; /* "#" and 16 hex digits */

static char *prefixed(const char *prefix, const char *s)
{
    size_t a = strlen(prefix), b = strlen(s);
    if (a + b <= SCHEMA_MAX_TERM) {
        char *t = malloc(a + b + 1);
        if (t) {
            memcpy(t, prefix, a);
            memcpy(t + a, s, b + 1);
        }
        return t;
    }
    /* Too long for Xapian: keep the head (readable in xapian-delve), make
     * it unique with the hash of all of it. */
    char *t = malloc(SCHEMA_MAX_TERM + 1);
    if (t) {
        size_t head = SCHEMA_MAX_TERM - a - HASH_TAIL;
        memcpy(t, prefix, a);
        memcpy(t + a, s, head);
        snprintf(t + a + head, HASH_TAIL + 1, "#%016llx", schema_fnv1a(s));
    }
    return t;
}

char *schema_id_term(const char *id)
{
    return prefixed(SCHEMA_PREFIX_ID, id);
}

char *schema_source_term(const char *source_key)
{
    return prefixed(SCHEMA_PREFIX_SOURCE, source_key);
}

char *schema_term(const char *prefix, const char *value, int fold)
{
    char *t = prefixed(prefix, value);
    if (t && fold) /* the hash tail is lower-case hex already */
        for (char *c = t + strlen(prefix); *c; c++)
            *c = (char)tolower((unsigned char)*c);
    return t;
}

char *schema_filter_term(const char *value, void *filter, char *err, size_t errlen)
{
    const schema_filter *f = filter;
    err[0] = '\0';
    if (strcmp(f->name, "is") == 0 && strcasecmp(value, "accepted") != 0) {
        snprintf(err, errlen, "is: knows only is:accepted, not is:%s", value);
        return NULL;
    }
    if (strcmp(f->name, "in") == 0) { /* in:DIR/ and in:./DIR are in:DIR */
        while (value[0] == '.' && value[1] == '/')
            value += 2;
        size_t len = strlen(value);
        while (len > 0 && value[len - 1] == '/')
            len--;
        if (len == 0) {
            snprintf(err, errlen, "in: needs a directory below the root, e.g. in:docs");
            return NULL;
        }
        char *dir = strndup(value, len);
        char *t = dir ? schema_term(f->prefix, dir, 0) : NULL;
        free(dir);
        return t;
    }
    if (!value[0]) {
        snprintf(err, errlen, "%s: needs a value (%s)", f->name, f->usage);
        return NULL;
    }
    return schema_term(f->prefix, value, f->fold);
}

/* Two digits of s at i into *v, in [lo, hi]; 0, or -1. */
static int two_digits(const char *s, int lo, int hi, int *v)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return -1;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return *v >= lo && *v <= hi ? 0 : -1;
}

/* A date of at least `parts` parts (1: YYYY, 2: -MM, 3: -DD, then THH:MM
 * and :SS; a final Z allowed after a time) as 14 digits into out, the
 * parts left out filled with their least (upper 0) or greatest value: the
 * last second of what the date names.  0, or -1. */
static int date_digits(const char *s, int parts, int upper, char out[15])
{
    int v[6] = {0, upper ? 12 : 1, upper ? 31 : 1, upper ? 23 : 0, upper ? 59 : 0,
                upper ? 59 : 0};
    static const char sep[6] = {0, '-', '-', 'T', ':', ':'};
    static const int lo[6] = {0, 1, 1, 0, 0, 0}, hi[6] = {9999, 12, 31, 23, 59, 60};
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)s[i]))
            return -1;
    v[0] = atoi((char[5]){s[0], s[1], s[2], s[3], 0});
    s += 4;
    for (n = 1; n < 6 && *s == sep[n]; n++) {
        if (two_digits(s + 1, lo[n], hi[n], &v[n]) != 0)
            return -1;
        s += 3;
    }
    if (n == 4) /* THH alone is not a time */
        return -1;
    if (*s == 'Z' && n >= 5)
        s++;
    if (*s || n < parts)
        return -1;
    snprintf(out, 15, "%04d%02d%02d%02d%02d%02d", v[0], v[1], v[2], v[3], v[4], v[5]);
    return 0;
}

int schema_date_value(const char *date, char out[15])
{
    return date_digits(date, 3, 0, out);
}

/* One bound of a range: *out malloc'd (NULL when text is empty). */
static int range_bound(const schema_filter *f, const char *text, int upper, char **out,
                       size_t *len, char *err, size_t errlen)
{
    char buf[XC_SORTABLE_MAX > 15 ? XC_SORTABLE_MAX : 15];
    *out = NULL;
    *len = 0;
    if (!text[0])
        return 0;
    if (f->slot == SCHEMA_SLOT_DATE) {
        if (date_digits(text, 1, upper, buf) != 0) {
            snprintf(err, errlen, "date: '%s' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or "
                     "YYYY-MM-DDTHH:MM:SS)", text);
            return -1;
        }
        *len = 14;
    } else {
        char *end;
        double v = strtod(text, &end);
        if (*end || !isfinite(v) || isspace((unsigned char)text[0])) {
            snprintf(err, errlen, "%s: '%s' is not a number", f->name, text);
            return -1;
        }
        *len = xc_sortable_serialise(v, buf);
    }
    if (!(*out = malloc(*len ? *len : 1)))
        return -1; /* err "": no memory */
    memcpy(*out, buf, *len);
    return 0;
}

int schema_filter_range(const char *begin, const char *end, void *filter, char **lo,
                        size_t *lo_len, char **hi, size_t *hi_len, char *err,
                        size_t errlen)
{
    const schema_filter *f = filter;
    err[0] = '\0';
    *lo = *hi = NULL;
    if (!begin[0] && !end[0]) {
        snprintf(err, errlen, "%s: needs a bound (%s, open on either side)", f->name,
                 f->usage);
        return -1;
    }
    if (range_bound(f, begin, 0, lo, lo_len, err, errlen) != 0 ||
        range_bound(f, end, 1, hi, hi_len, err, errlen) != 0) {
        free(*lo);
        *lo = NULL;
        return -1;
    }
    return 0;
}
