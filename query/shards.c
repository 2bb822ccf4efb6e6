/* shards.c - stub lines read, shards opened one by one, and compared. */
#include "query/shards.h"

#include "common/index_layout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Times a local index is opened again when a rebuild switched generations
 * between reading its stub and opening the generation it named. */
enum { OPEN_RETRIES = 5 };

/* Stubs naming stubs: deeper is a loop. */
enum { STUB_DEPTH = 8 };

void shard_options_defaults(shard_options *o)
{
    o->timeout_ms = SHARD_TIMEOUT_MS;
    o->connect_timeout_ms = SHARD_CONNECT_TIMEOUT_MS;
    o->allow_partial = 0;
}

static char *printed(const char *fmt, const char *a, const char *b, unsigned n)
{
    int len = snprintf(NULL, 0, fmt, a, b, n);
    char *s = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (s)
        snprintf(s, (size_t)len + 1, fmt, a, b, n);
    return s;
}

static int add_shard(shard_set *s, const shard *sh)
{
    shard *v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return -1;
    s->v = v;
    s->v[s->n++] = *sh;
    return 0;
}

static int list_path(const char *path, const char *listed_by, unsigned line, int depth,
                     shard_set *out, char *err, size_t errlen);

/* One line of stub file (at line): "TYPE ARG".  Returns 0, or -1. */
static int stub_line(const char *stub, unsigned line, char *text, int depth, shard_set *out,
                     char *err, size_t errlen)
{
    char *type = text, *arg = text;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    if (*arg)
        *arg++ = '\0';
    while (isspace((unsigned char)*arg))
        arg++;
    if (strcmp(type, "auto") == 0 || strcmp(type, "glass") == 0 ||
        strcmp(type, "chert") == 0) {
        if (!*arg)
            goto bad;
        /* Relative to the stub's folder, as Xapian reads it. */
        const char *slash = strrchr(stub, '/');
        char *path;
        if (*arg == '/' || !slash) {
            path = strdup(arg);
        } else {
            size_t dir = (size_t)(slash - stub) + 1, len = dir + strlen(arg) + 1;
            if ((path = malloc(len)))
                snprintf(path, len, "%.*s%s", (int)dir, stub, arg);
        }
        if (!path) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        int rc = list_path(path, stub, line, depth + 1, out, err, errlen);
        free(path);
        return rc;
    }
    if (strcmp(type, "remote") != 0)
        goto bad;
    shard sh = {0};
    if (arg[0] == ':') { /* remote :PROGRAM ARGS */
        char *prog = arg + 1, *args = prog;
        while (*args && !isspace((unsigned char)*args))
            args++;
        if (*args)
            *args++ = '\0';
        while (isspace((unsigned char)*args))
            args++;
        if (!*prog)
            goto bad;
        sh.kind = SHARD_PROGRAM;
        sh.where = strdup(prog);
        sh.args = strdup(args);
        sh.name = printed("remote :%s (%s:%u)", prog, stub, line);
        if (sh.name && *args) {
            free(sh.name);
            size_t len = strlen(prog) + strlen(args) + strlen(stub) + 48;
            if ((sh.name = malloc(len)))
                snprintf(sh.name, len, "remote :%s %s (%s:%u)", prog, args, stub, line);
        }
    } else { /* remote HOST:PORT */
        char *colon = strrchr(arg, ':'), *end;
        if (!colon || colon == arg)
            goto bad;
        errno = 0;
        unsigned long port = strtoul(colon + 1, &end, 10);
        if (errno || *end || end == colon + 1 || port == 0 || port > 65535)
            goto bad;
        sh.kind = SHARD_TCP;
        sh.port = (unsigned)port;
        sh.where = strdup(arg);
        if (sh.where)
            sh.where[colon - arg] = '\0';
        sh.name = printed("remote %s (%s:%u)", arg, stub, line);
    }
    if (!sh.where || !sh.name || (sh.kind == SHARD_PROGRAM && !sh.args) ||
        add_shard(out, &sh) != 0) {
        free(sh.where);
        free(sh.args);
        free(sh.name);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
bad:
    snprintf(err, errlen, "%s:%u: bad line: expected 'auto PATH', 'remote HOST:PORT' or "
             "'remote :PROGRAM ARGS'", stub, line);
    return -1;
}

static int list_stub(const char *stub, int depth, shard_set *out, char *err, size_t errlen)
{
    FILE *f = fopen(stub, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read stub %s: %s", stub, strerror(errno));
        return -1;
    }
    char text[4096];
    unsigned line = 0;
    size_t before = out->n;
    int rc = 0;
    while (rc == 0 && fgets(text, sizeof text, f)) {
        line++;
        size_t len = strlen(text);
        while (len > 0 && isspace((unsigned char)text[len - 1]))
            text[--len] = '\0';
        char *t = text;
        while (isspace((unsigned char)*t))
            t++;
        if (*t && *t != '#') /* blank lines and comments, as Xapian */
            rc = stub_line(stub, line, t, depth, out, err, errlen);
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "cannot read stub %s: %s", stub, strerror(errno));
        rc = -1;
    } else if (rc == 0 && out->n == before) {
        snprintf(err, errlen, "stub %s lists no database", stub);
        rc = -1;
    }
    fclose(f);
    return rc;
}

static int list_path(const char *path, const char *listed_by, unsigned line, int depth,
                     shard_set *out, char *err, size_t errlen)
{
    struct stat st;
    if (depth > STUB_DEPTH) {
        snprintf(err, errlen, "%s: stubs nested more than %d deep (a loop?)", path,
                 STUB_DEPTH);
        return -1;
    }
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return list_stub(path, depth, out, err, errlen);
    /* A directory (a Quarry index), or nothing: opening it will say. */
    shard sh = {.kind = SHARD_LOCAL, .where = strdup(path)};
    sh.name = listed_by ? printed("%s (%s:%u)", path, listed_by, line) : strdup(path);
    if (!sh.where || !sh.name || add_shard(out, &sh) != 0) {
        free(sh.where);
        free(sh.name);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int shards_list(const char *const *paths, size_t n, shard_set *out, char *err,
                size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++)
        if (list_path(paths[i], NULL, 0, 0, out, err, errlen) != 0) {
            shards_free(out);
            return -1;
        }
    return 0;
}

/* A rebuild switched generations meanwhile, or the files vanished. */
static int worth_reopening(xc_status st)
{
    return st == XC_DB_MODIFIED || st == XC_DB_OPENING || st == XC_DB_NOT_FOUND ||
           st == XC_DB_ERROR;
}

static int open_local(shard *sh, char *err, size_t errlen)
{
    const char *path = sh->where;
    xc_status st = xc_db_open(path, &sh->db);
    /* Between reading the stub and opening the generation it names, a
     * rebuild may have switched to a newer one and removed that one: the
     * stub names a live generation again at once, so read it again. */
    for (int i = 0; i < OPEN_RETRIES && worth_reopening(st) && access(path, F_OK) == 0; i++)
        st = xc_db_open(path, &sh->db);
    if (st == XC_OK)
        return 0;
    /* Name the real cause: advice to build an index is only safe where there
     * is nothing to lose. */
    index_state why = index_explain(path, err, errlen);
    if (why == INDEX_ABSENT) {
        size_t used = strlen(err);
        snprintf(err + used, errlen - used, "; build one with quarry-index -d %s PATH", path);
    } else if (why == INDEX_OPENS) {
        snprintf(err, errlen, "cannot open index %s: %s", sh->name, xc_last_error());
    }
    return -1;
}

int shard_open(shard *sh, const shard_options *o, char *err, size_t errlen)
{
    xc_db_free(sh->db);
    sh->db = NULL;
    xc_status st = XC_OK;
    if (sh->kind == SHARD_LOCAL) {
        if (open_local(sh, err, errlen) != 0)
            return -1;
    } else {
        st = sh->kind == SHARD_TCP
                 ? xc_db_open_remote(sh->where, sh->port, o->timeout_ms,
                                     o->connect_timeout_ms, &sh->db)
                 : xc_db_open_program(sh->where, sh->args, o->timeout_ms, &sh->db);
        if (st != XC_OK) {
            snprintf(err, errlen, "cannot open shard %s: %s", sh->name, xc_last_error());
            return -1;
        }
    }
    char why[256];
    int loaded = analysis_load(sh->db, &sh->settings, why, sizeof why);
    if (loaded != 0) {
        snprintf(err, errlen, "%s: %s%s%s", sh->name, why,
                 loaded == ANALYSIS_DAMAGED ? "; the index looks damaged: run "
                                              "quarry-index --check -d " : "",
                 loaded == ANALYSIS_DAMAGED ? sh->where : "");
        xc_db_free(sh->db);
        sh->db = NULL;
        return -1;
    }
    return 0;
}

/* The first setting in which b differs from a, as "language 'x' and 'y'",
 * or 0 when they agree. */
static int setting_differs(const analysis_settings *a, const analysis_settings *b,
                           char *out, size_t len)
{
    unsigned d = analysis_differs(a, b, ~0u & ~(unsigned)ANALYSIS_SHARD);
    if (d & ANALYSIS_LANGUAGE && strcmp(a->language, b->language) != 0)
        snprintf(out, len, "language '%s' and '%s'", a->language, b->language);
    else if (d & ANALYSIS_LANGUAGE)
        snprintf(out, len, "stopwords '%s' and '%s'", a->stopwords, b->stopwords);
    else if (d & ANALYSIS_STEMMING)
        snprintf(out, len, "stemming '%s' and '%s'", analysis_stemming_name(a->stemming),
                 analysis_stemming_name(b->stemming));
    else if (d & ANALYSIS_TITLE_WEIGHT)
        snprintf(out, len, "title weight %u and %u", a->title_weight, b->title_weight);
    else if (d & ANALYSIS_QUESTION_WEIGHT)
        snprintf(out, len, "question weight %u and %u", a->question_weight,
                 b->question_weight);
    return d != 0;
}

int shards_agree(const shard_set *s, int allow_missing, char *err, size_t errlen,
                 char *note, size_t notelen)
{
    const shard *first = NULL, *whole = NULL, *sharded = NULL;
    note[0] = '\0';
    for (size_t i = 0; i < s->n; i++) {
        const shard *sh = &s->v[i];
        if (!sh->db)
            continue;
        char what[160];
        if (!first) {
            first = sh;
        } else if (setting_differs(&first->settings, &sh->settings, what, sizeof what)) {
            snprintf(err, errlen, "shards %s and %s were built with other settings (%s): "
                     "searched as one they would rank unlike one index; rebuild one with "
                     "the other's", first->name, sh->name, what);
            return -1;
        }
        if (sh->settings.shard_n == 0 && !whole)
            whole = sh;
        if (sh->settings.shard_n > 0 && !sharded)
            sharded = sh;
        if (sharded && sh->settings.shard_n > 0 &&
            sh->settings.shard_n != sharded->settings.shard_n) {
            snprintf(err, errlen, "shard %s is %u/%u but shard %s is %u/%u: shards of one "
                     "corpus are built with one N", sharded->name, sharded->settings.shard_k,
                     sharded->settings.shard_n, sh->name, sh->settings.shard_k,
                     sh->settings.shard_n);
            return -1;
        }
    }
    if (whole && sharded) {
        snprintf(err, errlen, "%s holds a whole corpus (not built with --shard) but %s is "
                 "shard %u/%u: searched together their passages would count twice",
                 whole->name, sharded->name, sharded->settings.shard_k,
                 sharded->settings.shard_n);
        return -1;
    }
    if (!sharded)
        return 0;
    unsigned n = sharded->settings.shard_n;
    const shard **at = calloc(n, sizeof *at);
    if (!at) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        const shard *sh = &s->v[i];
        if (!sh->db)
            continue;
        unsigned k = sh->settings.shard_k;
        if (at[k - 1]) {
            snprintf(err, errlen, "shards %s and %s are both shard %u/%u: its passages "
                     "would count twice", at[k - 1]->name, sh->name, k, n);
            rc = -1;
        }
        at[k - 1] = sh;
    }
    size_t used = 0, missing = 0;
    for (unsigned k = 0; k < n && rc == 0; k++) {
        if (at[k])
            continue;
        if (missing++ == 0)
            used = (size_t)snprintf(note, notelen, "shard%s ", "");
        if (used < notelen)
            used += (size_t)snprintf(note + used, notelen - used, "%s%u/%u",
                                     missing > 1 ? ", " : "", k + 1, n);
    }
    if (rc == 0 && missing > 0) {
        if (used < notelen)
            snprintf(note + used, notelen - used, " missing: %s",
                     missing == 1 ? "that part of the corpus is not searched"
                                  : "those parts of the corpus are not searched");
        if (!allow_missing) {
            snprintf(err, errlen, "%s (give every shard, or --allow-partial)", note);
            rc = -1;
        } else {
            rc = 1;
        }
    }
    free(at);
    return rc;
}

size_t shards_of_docid(const shard_set *s, unsigned docid)
{
    size_t open = 0;
    for (size_t i = 0; i < s->n; i++)
        open += s->v[i].db != NULL;
    size_t k = open ? (docid - 1) % open : 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].db && k-- == 0)
            return i;
    return 0;
}

void shards_free(shard_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        xc_db_free(s->v[i].db);
        free(s->v[i].where);
        free(s->v[i].args);
        free(s->v[i].name);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
