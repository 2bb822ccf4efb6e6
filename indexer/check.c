/* check.c - quarry-index --check. */
#include "indexer/check.h"

#include "common/analysis.h"
#include "common/escape.h"
#include "common/index_layout.h"
#include "common/schema.h"
#include "common/strset.h"
#include "indexer/job.h"
#include "indexer/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Problems printed one by one; the rest are counted. */
enum { SHOWN_MAX = 20 };

typedef struct checker {
    FILE *out;
    int input_format;   /* INPUT_*: how files are read again */
    xc_db *db;
    unsigned problems;
    xc_status failed;   /* a read that failed: XC_OK while all went well */
    strset sources;     /* source keys the manifest records */
    char **keys, **values; /* the manifest, copied out of the iteration */
    size_t entries, cap;
    unsigned long expected, reread, not_reread, passages;
    unsigned shard_k, shard_n; /* a shard holds only its passages of a file */
} checker;

static void problem(checker *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(checker *c, const char *fmt, ...)
{
    if (++c->problems > SHOWN_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("problem: ", c->out);
    escape_vline(c->out, fmt, ap); /* IDs and paths come from the corpus */
    va_end(ap);
}

/* A read of the index failed: damage (counted as a problem) unless it is
 * out of memory, which says nothing about the index. */
static void read_failed(checker *c, xc_status st, const char *what)
{
    if (st == XC_NOMEM)
        c->failed = st;
    else
        problem(c, "%s failed: %s", what, xc_last_error());
}

/* Xapian's checker over every table of the generation. */
static void check_tables(checker *c, const char *gen)
{
    size_t errors = 0;
    char *report = NULL;
    xc_status st = xc_check(gen, &errors, &report);
    if (st == XC_NOMEM) {
        c->failed = st;
    } else if (st != XC_OK || errors) {
        /* Only the lines that report something: the checker also prints a
         * line per table that is fine. */
        for (char *line = report ? strtok(report, "\n") : NULL; line;
             line = strtok(NULL, "\n"))
            if (!strstr(line, "checked okay") && strcmp(line, "No errors found"))
                escape_line(c->out, "xapian-check: %s", line);
        if (st != XC_OK)
            problem(c, "Xapian's checker stopped on %s: %s", gen, xc_last_error());
        else
            problem(c, "Xapian's checker found %zu error%s in %s", errors,
                    errors == 1 ? "" : "s", gen);
    } else {
        escape_line(c->out, "tables: Xapian's checker found no error");
    }
    free(report);
}

static void check_settings(checker *c)
{
    analysis_settings s;
    analyser an;
    char why[256];
    if (analysis_load(c->db, &s, why, sizeof why) != 0) {
        problem(c, "recorded analysis settings: %s", why);
        return;
    }
    c->shard_k = s.shard_k;
    c->shard_n = s.shard_n;
    xc_status st = analyser_open(&an, &s);
    if (st == XC_OK) {
        analyser_close(&an);
        char shard[48] = "";
        if (s.shard_n > 0)
            snprintf(shard, sizeof shard, ", shard %u/%u", s.shard_k, s.shard_n);
        escape_line(c->out, "settings: language %s, stemming %s, stopwords %s, title weight "
                "%u, question weight %u, question body weight %u, tag weight %u%s", s.language,
                analysis_stemming_name(s.stemming), s.stopwords, s.title_weight,
                s.question_weight, s.question_body_weight, s.tag_weight, shard);
    } else if (st == XC_NOMEM) {
        c->failed = st;
    } else {
        problem(c, "recorded analysis settings cannot be applied (language %s, stopwords "
                "%s)", s.language, s.stopwords);
    }
}

static int collect_entry(const char *key, const char *value, void *ctx)
{
    checker *c = ctx;
    if (c->entries == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        char **k = realloc(c->keys, cap * sizeof *k);
        if (k)
            c->keys = k;
        char **v = k ? realloc(c->values, cap * sizeof *v) : NULL;
        if (v)
            c->values = v;
        if (!k || !v) {
            c->failed = XC_NOMEM;
            return 1;
        }
        c->cap = cap;
    }
    c->keys[c->entries] = strdup(key);
    c->values[c->entries] = strdup(value);
    if (!c->keys[c->entries] || !c->values[c->entries]) {
        free(c->keys[c->entries]);
        free(c->values[c->entries]);
        c->failed = XC_NOMEM;
        return 1;
    }
    c->entries++;
    return 0;
}

typedef struct reread {
    checker *c;
    const char *file;
} reread;

/* Each passage the file gives must be in the index. */
static int expect_passage(const passage *p, void *ctx)
{
    reread *r = ctx;
    checker *c = r->c;
    char *term = schema_id_term(p->id);
    unsigned n = 0;
    xc_status st = term ? xc_db_termfreq(c->db, term, &n) : XC_NOMEM;
    free(term);
    c->expected++;
    if (st != XC_OK) {
        read_failed(c, st, "looking up a passage");
        return 1;
    }
    if (n == 0)
        problem(c, "passage %s of %s is missing, though the manifest records the file as "
                "indexed", p->id, r->file);
    return 0;
}

/* Reading the file again is quiet: its own problems were reported when it
 * was indexed. */
static void drop_diag(void *ctx, diag_level level, const char *file, unsigned line,
                      const char *msg)
{
    (void)ctx, (void)level, (void)file, (void)line, (void)msg;
}

/* One manifest entry: it parses, is keyed by its path, and the file, if it
 * is unchanged since it was indexed, gives only passages the index holds. */
static void check_entry(checker *c, const char *key, const char *value)
{
    fingerprint fp, now;
    char *source = NULL, *abs = NULL, *want = NULL;
    if (manifest_parse(value, &fp, &source, &abs) != 0) {
        problem(c, "manifest entry %s does not parse", key);
        return;
    }
    /* Sources are kept as the index's terms: a long one is hashed there. */
    char *term = schema_source_term(source);
    if (!(want = manifest_key(abs)) || !term ||
        strset_add(&c->sources, term, strlen(term), 0, NULL) < 0) {
        c->failed = XC_NOMEM;
    } else if (strcmp(want, key) != 0) {
        problem(c, "manifest entry %s records the file %s", key, abs);
    } else if (fingerprint_stat(abs, &now) != 0 || now.size != fp.size ||
               now.mtime_ns != fp.mtime_ns || fingerprint_hash(abs, &now) != 0 ||
               now.crc != fp.crc) {
        c->not_reread++;
    } else {
        diag_sink quiet = {drop_diag, NULL};
        /* No bound: what was indexed was within the indexer's bounds. */
        index_job job = {.max_file_size = ~0UL, .max_line_size = ~0UL,
                         .input_format = c->input_format, .quiet = 1, .sink = &quiet};
        /* Only this shard's passages of the file (job.c's filter). */
        job.settings.shard_k = c->shard_k;
        job.settings.shard_n = c->shard_n;
        progress_init(&job.prog, 1);
        walk_file f = {abs, source, 0};
        reread r = {c, abs};
        if (job_read_file(&job, &f, expect_passage, &r) < 0)
            c->not_reread++;
        else
            c->reread++;
    }
    free(term);
    free(want);
    free(source);
    free(abs);
}

static void check_manifest(checker *c)
{
    xc_status st = xc_db_metadata_each(c->db, MANIFEST_PREFIX, collect_entry, c);
    if (st != XC_OK)
        read_failed(c, st, "reading the manifest");
    for (size_t i = 0; i < c->entries && c->failed == XC_OK; i++)
        check_entry(c, c->keys[i], c->values[i]);
    /* Standard input has no file to record: its passages need no entry. */
    char *stdin_term = schema_source_term(WALK_STDIN_SOURCE);
    if (!stdin_term || strset_add(&c->sources, stdin_term, strlen(stdin_term), 0, NULL) < 0)
        c->failed = XC_NOMEM;
    free(stdin_term);
    escape_line(c->out, "manifest: %zu file%s; %lu re-read, giving %lu passage%s; %lu changed "
            "or gone since indexed, not re-read", c->entries, c->entries == 1 ? "" : "s",
            c->reread, c->expected, c->expected == 1 ? "" : "s", c->not_reread);
}

/* Every document: stored data that decodes, and one source the manifest
 * records. */
static int check_document(unsigned docid, const char *data, size_t len, const char *term,
                          unsigned nterms, void *ctx)
{
    checker *c = ctx;
    c->passages++;
    char *copy = malloc(len + 1);
    schema_stored s;
    if (!copy) {
        c->failed = XC_NOMEM;
        return 1;
    }
    memcpy(copy, data, len);
    copy[len] = '\0';
    int decoded = schema_decode(copy, len, &s) == 0; /* takes copy */
    const char *id = decoded ? s.p.id : "?";
    size_t prefix = strlen(SCHEMA_PREFIX_SOURCE);
    if (!decoded)
        problem(c, "document %u: its stored data is not a Quarry passage", docid);
    if (nterms != 1)
        problem(c, "passage %s (document %u) names %u source files", id, docid, nterms);
    else if (!strset_contains(&c->sources, term))
        problem(c, "passage %s (document %u) comes from %s, which no manifest entry "
                "records", id, docid, term + prefix);
    if (decoded)
        schema_stored_free(&s);
    return 0;
}

static void check_documents(checker *c)
{
    unsigned count = 0;
    xc_status st = xc_db_documents_each(c->db, SCHEMA_PREFIX_SOURCE, check_document, c);
    if (st != XC_OK)
        read_failed(c, st, "reading the passages");
    else if ((st = xc_db_doccount(c->db, &count)) != XC_OK)
        read_failed(c, st, "counting the passages");
    else if (count != c->passages)
        problem(c, "the index counts %u passages, but %lu were read", count, c->passages);
    escape_line(c->out, "passages: %lu read", c->passages);
}

/* The writer lock, shared: writers wait or fail while we read.  A copy of
 * an index made without its writer.lock is checked unlocked.  Returns the
 * descriptor (-1 when there is no lock file), or -2 after saying why not. */
static int lock_shared(const char *index, int wait)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/writer.lock", index);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_SH | (wait ? 0 : LOCK_NB)) == 0)
        return fd;
    escape_line(stderr, "quarry-index: cannot check %s: %s", index,
            errno == EWOULDBLOCK ? "a quarry-index is writing it (--wait waits for it)"
                                 : strerror(errno));
    close(fd);
    return -2;
}

/* 0 when every file of generation gen can be read; else -1 after naming
 * the first that cannot: not damage, so no problem to report. */
static int readable(const char *index, const char *gen)
{
    DIR *d = opendir(gen);
    const char *bad = d ? NULL : gen;
    int why = errno;
    struct dirent *e;
    char *path = NULL;
    while (!bad && (e = readdir(d))) {
        size_t n = strlen(gen) + strlen(e->d_name) + 2;
        free(path);
        if (!(path = malloc(n))) {
            why = ENOMEM;
            bad = gen;
            break;
        }
        snprintf(path, n, "%s/%s", gen, e->d_name);
        if (e->d_name[0] != '.' && access(path, R_OK) != 0) {
            why = errno;
            bad = path;
        }
    }
    if (bad)
        escape_line(stderr, "quarry-index: cannot check %s: %s: %s", index, bad,
                    strerror(why));
    free(path);
    if (d)
        closedir(d);
    return bad ? -1 : 0;
}

int check_index(const char *index, int wait, int input_format, FILE *out)
{
    char gen[4096], why[2048];
    unsigned n;
    struct stat st;
    /* Locked first: a rebuild cannot switch away from the generation the
     * stub names while it is checked. */
    int lock = lock_shared(index, wait);
    if (lock == -2)
        return CHECK_FAILED;
    snprintf(gen, sizeof gen, "%s/iamglass", index);
    if (access(gen, F_OK) == 0) {
        snprintf(gen, sizeof gen, "%s", index); /* a generation given itself */
    } else if (index_stub_read(index, &n) != 0 ||
               (snprintf(gen, sizeof gen, "%s/gen-%06u", index, n), stat(gen, &st) != 0)) {
        index_explain(index, why, sizeof why);
        escape_line(stderr, "quarry-index: cannot check %s: %s", index, why);
        if (lock >= 0)
            close(lock);
        return CHECK_FAILED;
    }
    if (readable(index, gen) != 0) {
        if (lock >= 0)
            close(lock);
        return CHECK_FAILED;
    }
    checker c = {.out = out, .input_format = input_format};
    escape_line(out, "checking %s", gen);
    check_tables(&c, gen);
    xc_status opened = c.failed == XC_OK ? xc_db_open(gen, &c.db) : XC_OK;
    if (opened != XC_OK)
        read_failed(&c, opened, "opening the generation");
    if (c.db && c.failed == XC_OK)
        check_settings(&c);
    if (c.db && c.failed == XC_OK)
        check_manifest(&c);
    if (c.db && c.failed == XC_OK)
        check_documents(&c);
    if (c.problems > SHOWN_MAX)
        escape_line(out, "... and %u more problems", c.problems - SHOWN_MAX);
    int rc = CHECK_CLEAN;
    if (c.failed != XC_OK) {
        escape_line(stderr, "quarry-index: cannot check %s: out of memory", index);
        rc = CHECK_FAILED;
    } else if (c.problems) {
        escape_line(out, "%s: %u problem%s found; quarry-index --rebuild builds a sound "
                "generation from the corpus", index, c.problems, c.problems == 1 ? "" : "s");
        rc = CHECK_PROBLEMS;
    } else {
        escape_line(out, "%s: no problem found", index);
    }
    for (size_t i = 0; i < c.entries; i++) {
        free(c.keys[i]);
        free(c.values[i]);
    }
    free(c.keys);
    free(c.values);
    strset_free(&c.sources);
    xc_db_free(c.db);
    if (lock >= 0)
        close(lock);
    return rc;
}
