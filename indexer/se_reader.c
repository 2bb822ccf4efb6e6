/* se_reader.c - StackExchange dumps (Posts.xml, Users.xml; or their
 * archive) into passages, with questions kept in a temporary SQLite store. */
#include "indexer/se_reader.h"

#include "common/utf8.h"
#include "indexer/html_text.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Names: sites, domains, links --------------------------------------- */

/* The sites not under stackexchange.com. */
static const struct {
    const char *site, *domain;
} own_domains[] = {
    {"stackoverflow", "stackoverflow.com"}, {"superuser", "superuser.com"},
    {"serverfault", "serverfault.com"},     {"askubuntu", "askubuntu.com"},
    {"mathoverflow", "mathoverflow.net"},   {"stackapps", "stackapps.com"},
};
enum { N_OWN = sizeof own_domains / sizeof *own_domains };

static int ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int se_is_dump_path(const char *path)
{
    return strcmp(base_name(path), "Posts.xml") == 0 || ends_with(path, ".7z");
}

char *se_dump_dir_input(const char *dir)
{
    size_t n = strlen(dir);
    char *p = malloc(n + sizeof "/Posts.xml");
    if (!p)
        return NULL;
    snprintf(p, n + sizeof "/Posts.xml", "%s%sPosts.xml", dir,
             n && dir[n - 1] == '/' ? "" : "/");
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(p);
        return NULL;
    }
    return p;
}

/* Cuts a domain ending off a site name, in place. */
static void strip_domain(char *s)
{
    size_t n = strlen(s);
    if (ends_with(s, ".stackexchange.com") && n > strlen(".stackexchange.com")) {
        s[n - strlen(".stackexchange.com")] = '\0';
        return;
    }
    for (int i = 0; i < N_OWN; i++) {
        const char *d = own_domains[i].domain;
        size_t dn = strlen(d);
        if (ends_with(s, d) && (n == dn || s[n - dn - 1] == '.')) {
            s[n - dn + strlen(own_domains[i].site)] = '\0'; /* keep the site part */
            return;
        }
    }
}

char *se_site_name(const char *path)
{
    char *name;
    if (strcmp(path, "/dev/stdin") == 0)
        return strdup("stdin");
    /* An archive's name (not *.xml) names the site; an XML file's directory does. */
    if (ends_with(path, ".7z") || (strchr(base_name(path), '.') && !ends_with(path, ".xml"))) {
        name = strdup(base_name(path));
        if (name) {
            char *dot = strrchr(name, '.');
            if (dot && dot != name)
                *dot = '\0';
            if (ends_with(name, "-Posts"))
                name[strlen(name) - strlen("-Posts")] = '\0';
        }
    } else {
        /* The directory's name: the real one, for "Posts.xml" or "./Posts.xml". */
        char *copy = strdup(path);
        if (!copy)
            return NULL;
        char *slash = strrchr(copy, '/');
        const char *dir = slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
        char *real = realpath(dir, NULL);
        const char *use = real ? real : dir;
        const char *last = base_name(use);
        name = strdup(*last ? last : "site");
        free(real);
        free(copy);
    }
    if (name)
        strip_domain(name);
    return name;
}

char *se_site_link(const char *site, const char *answer_id)
{
    char domain[512];
    snprintf(domain, sizeof domain, "%s.stackexchange.com", site);
    size_t n = strlen(site);
    for (int i = 0; i < N_OWN; i++) {
        const char *k = own_domains[i].site, *d = own_domains[i].domain;
        size_t kn = strlen(k);
        if (strcmp(site, k) == 0)
            snprintf(domain, sizeof domain, "%s", d);
        else if (n > kn && site[n - kn - 1] == '.' && ends_with(site, k))
            snprintf(domain, sizeof domain, "%.*s%s", (int)(n - kn), site, d);
        else if (n == kn + 5 && strncmp(site, k, kn) == 0 && ends_with(site, ".meta"))
            snprintf(domain, sizeof domain, "meta.%s", d);
    }
    size_t len = strlen(domain) + strlen(answer_id) + sizeof "https:///a/";
    char *link = malloc(len);
    if (link)
        snprintf(link, len, "https://%s/a/%s", domain, answer_id);
    return link;
}

/* ---- Bytes in: a file or an archive member, UTF-8 checked ---------------- */

/* Feeds libxml2.  Ill-formed UTF-8 and control characters that XML forbids
 * are replaced by '?' (so the parser goes on) and their lines noted, so that
 * the rows on them are refused. */
typedef struct byte_source {
    int fd;                 /* a plain file, or -1 */
    struct archive *ar;     /* else the archive, positioned at the member */
    char buf[1 << 16];      /* read, checked up to end, handed out up to pos */
    size_t pos, end, fill;  /* fill - end: an incomplete sequence, for later */
    int eof;
    unsigned line;          /* of the next byte, counted from 1 */
    unsigned *bad;          /* lines with replaced bytes, increasing */
    size_t nbad, head, cap;
    unsigned long long bytes;
    char error[256];        /* a read error */
} byte_source;

static void note_bad(byte_source *b)
{
    if (b->nbad && b->bad[b->nbad - 1] == b->line)
        return;
    if (b->head > 0 && b->head == b->nbad) /* all consumed: start over */
        b->head = b->nbad = 0;
    if (b->nbad == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        unsigned *p = realloc(b->bad, cap * sizeof *p);
        if (!p)
            return; /* the row is then read with its '?'s: harmless */
        b->bad = p;
        b->cap = cap;
    }
    b->bad[b->nbad++] = b->line;
}

static long raw_read(byte_source *b, char *buf, size_t len)
{
    if (b->ar) {
        la_ssize_t n = archive_read_data(b->ar, buf, len);
        if (n < 0)
            snprintf(b->error, sizeof b->error, "%s", archive_error_string(b->ar));
        return (long)n;
    }
    for (;;) {
        ssize_t n = read(b->fd, buf, len);
        if (n >= 0 || errno != EINTR) {
            if (n < 0)
                snprintf(b->error, sizeof b->error, "%s", strerror(errno));
            return (long)n;
        }
    }
}

/* The length of the UTF-8 sequence a lead byte starts (1 for a bad one). */
static size_t seq_len(unsigned char c)
{
    return c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
}

static int xml_forbidden(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

/* Checks buf[0..have) in place; returns how many bytes are checked (an
 * incomplete sequence at the end waits for more, unless at the end). */
static size_t check_bytes(byte_source *b, char *buf, size_t have)
{
    size_t i = 0;
    while (i < have) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x80) {
            if (xml_forbidden(c)) {
                note_bad(b);
                buf[i] = '?';
            } else if (c == '\n') {
                b->line++;
            }
            i++;
            continue;
        }
        size_t n = seq_len(c);
        if (n > 1 && i + n > have && !b->eof)
            break; /* finish it after the next read */
        if (n > 1 && i + n <= have && utf8_validate(buf + i, n, NULL)) {
            i += n;
            continue;
        }
        note_bad(b);
        buf[i++] = '?';
    }
    return i;
}

static int source_read(void *ctx, char *out, int len)
{
    byte_source *b = ctx;
    while (b->pos == b->end) {
        if (b->eof && b->end == b->fill)
            return 0;
        memmove(b->buf, b->buf + b->end, b->fill - b->end);
        b->fill -= b->end;
        b->pos = b->end = 0;
        if (!b->eof) {
            long n = raw_read(b, b->buf + b->fill, sizeof b->buf - b->fill);
            if (n < 0)
                return -1;
            if (n == 0)
                b->eof = 1;
            b->fill += (size_t)n;
            b->bytes += (unsigned long long)n;
        }
        b->end = check_bytes(b, b->buf, b->fill);
    }
    size_t n = b->end - b->pos < (size_t)len ? b->end - b->pos : (size_t)len;
    memcpy(out, b->buf + b->pos, n);
    b->pos += n;
    return (int)n;
}

static int source_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* ---- An open dump: a file, or an archive at one member ------------------- */

typedef struct dump_input {
    byte_source src;
    char *name; /* for messages: the file, or ARCHIVE:MEMBER */
} dump_input;

static int is_archive(const char *path, char *why, size_t whylen)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(why, whylen, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
        close(fd);
        return 0; /* a pipe (standard input) cannot be sniffed and reopened: XML */
    }
    unsigned char head[8] = {0};
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n < 0) {
        snprintf(why, whylen, "cannot read: %s", strerror(errno));
        return -1;
    }
    /* XML starts with '<', white space or a BOM; anything else is left to
     * libarchive (7z, and tar, zip, ... too). */
    unsigned char c = n > 0 ? head[0] : '<';
    return !(c == '<' || c == 0xEF || c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

/* Opens member (Posts.xml or Users.xml) of the dump at path: 0, or -1 with
 * the reason in why (1 when an archive has no such member). */
static int dump_open(dump_input *in, const char *path, int archive, const char *member,
                     char *why, size_t whylen)
{
    memset(in, 0, sizeof *in);
    in->src.fd = -1;
    in->src.line = 1;
    if (!archive) {
        if ((in->src.fd = open(path, O_RDONLY)) < 0) {
            snprintf(why, whylen, "cannot open: %s", strerror(errno));
            return -1;
        }
        return (in->name = strdup(path)) ? 0 : (snprintf(why, whylen, "out of memory"), -1);
    }
    struct archive *a = archive_read_new();
    if (!a) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        snprintf(why, whylen, "cannot read the archive: %s", archive_error_string(a));
        archive_read_free(a);
        return -1;
    }
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname(e);
        if (name && strncmp(name, "./", 2) == 0)
            name += 2;
        if (name && strcmp(name, member) == 0) {
            size_t len = strlen(path) + strlen(member) + 2;
            if (!(in->name = malloc(len))) {
                archive_read_free(a);
                snprintf(why, whylen, "out of memory");
                return -1;
            }
            snprintf(in->name, len, "%s:%s", path, member);
            in->src.ar = a;
            return 0;
        }
        archive_read_data_skip(a);
    }
    if (r != ARCHIVE_EOF)
        snprintf(why, whylen, "cannot read the archive: %s", archive_error_string(a));
    else
        snprintf(why, whylen, "no %s in the archive", member);
    archive_read_free(a);
    return r == ARCHIVE_EOF ? 1 : -1;
}

static void dump_close(dump_input *in)
{
    if (in->src.ar)
        archive_read_free(in->src.ar);
    if (in->src.fd >= 0)
        close(in->src.fd);
    free(in->src.bad);
    free(in->name);
    memset(in, 0, sizeof *in);
    in->src.fd = -1;
}

/* ---- The XML stream ------------------------------------------------------ */

typedef struct xml_stream {
    xmlTextReaderPtr reader;
    char error[512];   /* the first XML error */
    unsigned error_line;
} xml_stream;

static void on_xml_error(void *ctx, xmlErrorPtr e)
{
    xml_stream *x = ctx;
    if (!e || e->level < XML_ERR_ERROR || x->error[0])
        return;
    snprintf(x->error, sizeof x->error, "%s", e->message ? e->message : "malformed");
    size_t n = strlen(x->error);
    while (n && (x->error[n - 1] == '\n' || x->error[n - 1] == ' '))
        x->error[--n] = '\0';
    x->error_line = e->line > 0 ? (unsigned)e->line : 0;
}

static int stream_open(xml_stream *x, dump_input *in)
{
    memset(x, 0, sizeof *x);
    x->reader = xmlReaderForIO(source_read, source_close, &in->src, in->name, NULL,
                               XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOENT);
    if (!x->reader)
        return -1;
    xmlTextReaderSetStructuredErrorHandler(x->reader, on_xml_error, x);
    return 0;
}

/* The next <row> element of the root: 1, 0 at the end, -1 on an XML error
 * (or a read error: in->src.error). */
static int next_row(xml_stream *x)
{
    int r;
    while ((r = xmlTextReaderRead(x->reader)) == 1)
        if (xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT &&
            xmlTextReaderDepth(x->reader) == 1 &&
            xmlStrcmp(xmlTextReaderConstLocalName(x->reader), BAD_CAST "row") == 0)
            return 1;
    return r == 0 ? 0 : -1;
}

static unsigned row_line(xml_stream *x)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(x->reader);
    long line = n ? xmlGetLineNo(n) : -1;
    return line > 0 ? (unsigned)line : (unsigned)xmlTextReaderGetParserLineNumber(x->reader);
}

/* The attributes a row may have that the reader uses. */
enum { A_ID, A_TYPE, A_PARENT, A_ACCEPTED, A_DATE, A_SCORE, A_BODY, A_TITLE, A_TAGS,
       A_OWNER, A_OWNER_NAME, A_DISPLAY_NAME, N_ATTRS };
static const char *const attr_names[N_ATTRS] = {
    "Id", "PostTypeId", "ParentId", "AcceptedAnswerId", "CreationDate", "Score", "Body",
    "Title", "Tags", "OwnerUserId", "OwnerDisplayName", "DisplayName"};

typedef struct row {
    char *a[N_ATTRS]; /* NULL: absent */
} row;

static void row_free(row *r)
{
    for (int i = 0; i < N_ATTRS; i++) {
        free(r->a[i]);
        r->a[i] = NULL;
    }
}

static int row_read(xml_stream *x, row *r)
{
    memset(r, 0, sizeof *r);
    int ok = xmlTextReaderMoveToFirstAttribute(x->reader);
    while (ok == 1) {
        const char *name = (const char *)xmlTextReaderConstLocalName(x->reader);
        for (int i = 0; name && i < N_ATTRS; i++)
            if (strcmp(name, attr_names[i]) == 0 && !r->a[i]) {
                const char *v = (const char *)xmlTextReaderConstValue(x->reader);
                if (!(r->a[i] = strdup(v ? v : ""))) {
                    row_free(r);
                    return -1;
                }
            }
        ok = xmlTextReaderMoveToNextAttribute(x->reader);
    }
    xmlTextReaderMoveToElement(x->reader);
    return 0;
}

/* A whole number (optionally negative): 1 and *out, else 0. */
static int whole(const char *s, int allow_negative, long long *out)
{
    if (!s || !*s)
        return 0;
    const char *p = s + (allow_negative && *s == '-');
    if (!*p)
        return 0;
    for (const char *c = p; *c; c++)
        if (*c < '0' || *c > '9' || c - p > 17)
            return 0;
    *out = strtoll(s, NULL, 10);
    return 1;
}

/* ---- The store ----------------------------------------------------------- */

enum { Q_INSERT, Q_FIND, Q_ANSWERED, U_INSERT, U_FIND, E_INSERT, E_ALL, Q_UNANSWERED,
       N_STMTS };
static const char *const sql_of[N_STMTS] = {
    "INSERT INTO q(id, title, body, tags, accepted) VALUES (?1, ?2, ?3, ?4, ?5)",
    "SELECT title, body, tags, accepted FROM q WHERE id = ?1",
    "UPDATE q SET answered = 1 WHERE id = ?1 AND answered = 0",
    "INSERT OR REPLACE INTO users(id, name) VALUES (?1, ?2)",
    "SELECT name FROM users WHERE id = ?1",
    ("INSERT INTO early(line, id, parent, body, date, score, has_score, author) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
    "SELECT line, id, parent, body, date, score, has_score, author FROM early ORDER BY seq",
    "SELECT count(*) FROM q WHERE answered = 0",
};

typedef struct store {
    sqlite3 *db;
    sqlite3_stmt *st[N_STMTS];
} store;

static void store_close(store *s)
{
    for (int i = 0; i < N_STMTS; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_close(s->db);
    memset(s, 0, sizeof *s);
}

static int store_open(store *s, char *why, size_t whylen)
{
    memset(s, 0, sizeof *s);
    char setup[512];
    snprintf(setup, sizeof setup,
             "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
             "PRAGMA cache_size = -%d; PRAGMA temp_store = FILE; "
             "CREATE TABLE q(id INTEGER PRIMARY KEY, title TEXT, body TEXT, tags TEXT, "
             "accepted INTEGER, answered INTEGER NOT NULL DEFAULT 0); "
             "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT); "
             "CREATE TABLE early(seq INTEGER PRIMARY KEY, line INTEGER, id INTEGER, "
             "parent INTEGER, body TEXT, date TEXT, score INTEGER, has_score INTEGER, "
             "author TEXT); BEGIN",
             SE_CACHE_KIB);
    /* "": a private on-disk database, deleted when closed. */
    int rc = sqlite3_open_v2("", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, setup, NULL, NULL, NULL);
    for (int i = 0; rc == SQLITE_OK && i < N_STMTS; i++)
        rc = sqlite3_prepare_v2(s->db, sql_of[i], -1, &s->st[i], NULL);
    if (rc != SQLITE_OK) {
        snprintf(why, whylen, "temporary store: %s",
                 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        store_close(s);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *stmt(store *s, int k)
{
    sqlite3_reset(s->st[k]);
    sqlite3_clear_bindings(s->st[k]);
    return s->st[k];
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* ---- Reading one dump ---------------------------------------------------- */

typedef struct se_run {
    const char *path;   /* as given: the passages' source */
    char *site;
    int archive;
    const diag_sink *sink;
    passage_fn fn;
    void *ctx;
    store db;
    se_stats stats;
    int stop;           /* fn's value, when it asked to stop */
    int failed;         /* the store failed: stop */
    const char *file;   /* for messages: Posts.xml, or ARCHIVE:Posts.xml */
} se_run;

static void store_failed(se_run *r)
{
    if (!r->failed)
        diag(r->sink, DIAG_ERROR, r->file, 0, "temporary store: %s; stopped",
             sqlite3_errmsg(r->db.db));
    r->failed = 1;
}

/* Users.xml, if there: Id -> DisplayName.  Its problems are warnings. */
static void load_users(se_run *r)
{
    dump_input in;
    char why[512];
    char *users_path = NULL;
    const char *open_path = r->path;
    if (!r->archive) {
        const char *slash = strrchr(r->path, '/');
        size_t dir = slash ? (size_t)(slash - r->path) + 1 : 0;
        if (!(users_path = malloc(dir + sizeof "Users.xml")))
            return;
        memcpy(users_path, r->path, dir);
        memcpy(users_path + dir, "Users.xml", sizeof "Users.xml");
        if (access(users_path, R_OK) != 0) {
            free(users_path);
            return; /* no author names: not a problem */
        }
        open_path = users_path;
    }
    int rc = dump_open(&in, open_path, r->archive, "Users.xml", why, sizeof why);
    free(users_path);
    if (rc > 0)
        return;
    if (rc < 0) {
        diag(r->sink, DIAG_WARNING, r->archive ? r->path : open_path, 0,
             "%s; author names left out", why);
        return;
    }
    xml_stream x;
    if (stream_open(&x, &in) != 0) {
        dump_close(&in);
        return;
    }
    int got;
    while ((got = next_row(&x)) == 1 && !r->failed) {
        row u;
        long long id;
        if (row_read(&x, &u) != 0)
            break;
        if (whole(u.a[A_ID], 1, &id) && u.a[A_DISPLAY_NAME]) {
            sqlite3_stmt *st = stmt(&r->db, U_INSERT);
            sqlite3_bind_int64(st, 1, id);
            bind_text(st, 2, u.a[A_DISPLAY_NAME]);
            if (sqlite3_step(st) != SQLITE_DONE)
                store_failed(r);
        }
        row_free(&u);
    }
    if (got < 0 && !r->failed)
        diag(r->sink, DIAG_WARNING, in.name, x.error_line ? x.error_line : row_line(&x),
             "%s; author names from here on left out",
             in.src.error[0] ? in.src.error : x.error[0] ? x.error : "XML error");
    xmlFreeTextReader(x.reader);
    dump_close(&in);
}

/* "<a><b>" or "|a|b|" -> "a b" (malloc'd). */
static char *tag_list(const char *tags)
{
    if (!tags)
        return NULL;
    char *out = malloc(strlen(tags) + 1), *w = out;
    if (!out)
        return NULL;
    for (const char *s = tags; *s; s++) {
        if (*s == '<' || *s == '>' || *s == '|') {
            if (w > out && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *s;
        }
    }
    while (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return out;
}

/* CreationDate without its fraction of a second. */
static void date_of(const char *date, char out[32])
{
    snprintf(out, 32, "%s", date ? date : "");
    char *dot = strchr(out, '.');
    if (dot)
        *dot = '\0';
}

/* The author's display name: malloc'd, or NULL. */
static char *author_of(se_run *r, const row *w)
{
    long long uid;
    if (whole(w->a[A_OWNER], 1, &uid)) {
        sqlite3_stmt *st = stmt(&r->db, U_FIND);
        sqlite3_bind_int64(st, 1, uid);
        if (sqlite3_step(st) == SQLITE_ROW && col_text(st, 0))
            return strdup(col_text(st, 0));
    }
    return w->a[A_OWNER_NAME] && w->a[A_OWNER_NAME][0] ? strdup(w->a[A_OWNER_NAME]) : NULL;
}

/* An answer joined with its question (st: a Q_FIND row): delivered. */
static void deliver(se_run *r, sqlite3_stmt *q, long long id, long long parent,
                    unsigned line, const char *body, const char *date, long score,
                    int has_score, const char *author)
{
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", id);
    size_t n = strlen(r->site) + 24;
    char *passage_id = malloc(n), *question_key = malloc(n);
    char *link = se_site_link(r->site, ids);
    if (!passage_id || !question_key || !link) {
        free(passage_id);
        free(question_key);
        free(link);
        diag(r->sink, DIAG_ERROR, r->file, line, "out of memory; skipped");
        r->stats.skipped++;
        return;
    }
    snprintf(passage_id, n, "%s-%lld", r->site, id);
    snprintf(question_key, n, "%s-%lld", r->site, parent);
    const char *tags = col_text(q, 2);
    passage p = {.id = passage_id, .answer_title = "", .answer_body = body,
                 .question_title = col_text(q, 0) ? col_text(q, 0) : "",
                 .question_body = col_text(q, 1) ? col_text(q, 1) : "",
                 .source = r->path, .line = line, .answer_no = 0,
                 .question_key = question_key, .site = r->site,
                 .tags = tags && tags[0] ? tags : NULL,
                 .date = date && date[0] ? date : NULL, .author = author, .link = link,
                 .score = score, .has_score = has_score,
                 .accepted = sqlite3_column_type(q, 3) != SQLITE_NULL &&
                             sqlite3_column_int64(q, 3) == id};
    r->stats.answers++;
    sqlite3_stmt *mark = stmt(&r->db, Q_ANSWERED);
    sqlite3_bind_int64(mark, 1, parent);
    if (sqlite3_step(mark) != SQLITE_DONE)
        store_failed(r);
    int rc = r->failed ? 0 : r->fn(&p, r->ctx);
    if (rc)
        r->stop = rc;
    free(passage_id);
    free(question_key);
    free(link);
}

static char *body_text(const char *html)
{
    return html_text(html ? html : "", html ? strlen(html) : 0);
}

static void on_question(se_run *r, const row *w, long long id, unsigned line)
{
    r->stats.questions++;
    char *body = body_text(w->a[A_BODY]), *tags = tag_list(w->a[A_TAGS]);
    long long accepted;
    sqlite3_stmt *st = stmt(&r->db, Q_INSERT);
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, w->a[A_TITLE] ? w->a[A_TITLE] : "");
    bind_text(st, 3, body);
    bind_text(st, 4, tags);
    if (whole(w->a[A_ACCEPTED], 0, &accepted))
        sqlite3_bind_int64(st, 5, accepted);
    int rc = body && (tags || !w->a[A_TAGS]) ? sqlite3_step(st) : SQLITE_NOMEM;
    if (rc == SQLITE_CONSTRAINT) {
        diag(r->sink, DIAG_ERROR, r->file, line, "question %lld given again; skipped", id);
        r->stats.skipped++;
    } else if (rc != SQLITE_DONE) {
        store_failed(r);
    }
    free(body);
    free(tags);
}

static void on_answer(se_run *r, const row *w, long long id, unsigned line)
{
    long long parent, score = 0;
    if (!whole(w->a[A_PARENT], 0, &parent)) {
        diag(r->sink, DIAG_ERROR, r->file, line, "answer %lld has %s ParentId; skipped", id,
             w->a[A_PARENT] ? "a malformed" : "no");
        r->stats.skipped++;
        return;
    }
    int has_score = whole(w->a[A_SCORE], 1, &score);
    if (!has_score && w->a[A_SCORE])
        diag(r->sink, DIAG_WARNING, r->file, line,
             "answer %lld: Score '%s' is not a whole number; left out", id, w->a[A_SCORE]);
    char date[32];
    date_of(w->a[A_DATE], date);
    char *body = body_text(w->a[A_BODY]), *author = author_of(r, w);
    if (!body) {
        diag(r->sink, DIAG_ERROR, r->file, line, "out of memory; skipped");
        r->stats.skipped++;
        free(author);
        return;
    }
    sqlite3_stmt *q = stmt(&r->db, Q_FIND);
    sqlite3_bind_int64(q, 1, parent);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        deliver(r, q, id, parent, line, body, date, (long)score, has_score, author);
    } else if (rc == SQLITE_DONE) {
        /* Its question may come later: kept until the end of the file. */
        sqlite3_stmt *e = stmt(&r->db, E_INSERT);
        sqlite3_bind_int64(e, 1, line);
        sqlite3_bind_int64(e, 2, id);
        sqlite3_bind_int64(e, 3, parent);
        bind_text(e, 4, body);
        bind_text(e, 5, date);
        sqlite3_bind_int64(e, 6, score);
        sqlite3_bind_int(e, 7, has_score);
        bind_text(e, 8, author);
        if (sqlite3_step(e) != SQLITE_DONE)
            store_failed(r);
    } else {
        store_failed(r);
    }
    free(body);
    free(author);
}

/* One <row> of Posts.xml. */
static void on_row(se_run *r, const row *w, unsigned line)
{
    long long id, type;
    if (!whole(w->a[A_ID], 0, &id)) {
        diag(r->sink, DIAG_ERROR, r->file, line, "row %s Id; skipped",
             w->a[A_ID] ? "with a malformed" : "without an");
        r->stats.skipped++;
    } else if (!whole(w->a[A_TYPE], 0, &type)) {
        diag(r->sink, DIAG_ERROR, r->file, line, "post %lld %s PostTypeId; skipped", id,
             w->a[A_TYPE] ? "has a malformed" : "has no");
        r->stats.skipped++;
    } else if (type == 1) {
        on_question(r, w, id, line);
    } else if (type == 2) {
        on_answer(r, w, id, line);
    } else if (type == 4 || type == 5) {
        r->stats.tag_wikis++;
    } else {
        r->stats.other++;
    }
}

/* The answers that came before their question, joined now. */
static void join_early(se_run *r)
{
    sqlite3_stmt *e = stmt(&r->db, E_ALL);
    int rc;
    while (!r->stop && !r->failed && (rc = sqlite3_step(e)) == SQLITE_ROW) {
        unsigned line = (unsigned)sqlite3_column_int64(e, 0);
        long long id = sqlite3_column_int64(e, 1), parent = sqlite3_column_int64(e, 2);
        sqlite3_stmt *q = stmt(&r->db, Q_FIND);
        sqlite3_bind_int64(q, 1, parent);
        int found = sqlite3_step(q);
        if (found == SQLITE_ROW)
            deliver(r, q, id, parent, line, col_text(e, 3) ? col_text(e, 3) : "",
                    col_text(e, 4), (long)sqlite3_column_int64(e, 5),
                    sqlite3_column_int(e, 6), col_text(e, 7));
        else if (found == SQLITE_DONE) {
            diag(r->sink, DIAG_ERROR, r->file, line,
                 "answer %lld: its question %lld is not in the dump; skipped", id, parent);
            r->stats.skipped++;
        } else {
            store_failed(r);
        }
    }
    if (!r->stop && !r->failed && rc != SQLITE_DONE)
        store_failed(r);
}

/* Rows on lines whose bytes were replaced are refused: 1 for this one. */
static int bad_bytes(se_run *r, byte_source *b, unsigned line)
{
    int bad = 0;
    while (b->head < b->nbad && b->bad[b->head] <= line) {
        unsigned at = b->bad[b->head++];
        if (at == line)
            bad = 1;
        else /* inside a row that spans lines, or between rows */
            diag(r->sink, DIAG_WARNING, r->file, at,
                 "ill-formed UTF-8 or a control character, replaced by '?'");
    }
    return bad;
}

static int read_posts(se_run *r, dump_input *in)
{
    xml_stream x;
    if (stream_open(&x, in) != 0) {
        diag(r->sink, DIAG_ERROR, in->name, 0, "out of memory; skipped");
        return -1;
    }
    int got;
    while (!r->stop && !r->failed && (got = next_row(&x)) == 1) {
        unsigned line = row_line(&x);
        if (bad_bytes(r, &in->src, line)) {
            diag(r->sink, DIAG_ERROR, r->file, line,
                 "ill-formed UTF-8 or a control character; skipped");
            r->stats.skipped++;
            continue;
        }
        row w;
        if (row_read(&x, &w) != 0) {
            diag(r->sink, DIAG_ERROR, r->file, line, "out of memory; skipped");
            r->stats.skipped++;
            continue;
        }
        on_row(r, &w, line);
        row_free(&w);
    }
    int broken = !r->stop && !r->failed && got < 0;
    if (broken) {
        unsigned line = x.error_line ? x.error_line
                                     : (unsigned)xmlTextReaderGetParserLineNumber(x.reader);
        if (in->src.error[0])
            diag(r->sink, DIAG_ERROR, r->file, line, "cannot read: %s; stopped",
                 in->src.error);
        else
            diag(r->sink, DIAG_ERROR, r->file, line,
                 "XML error: %s; the rest of the file is not read",
                 x.error[0] ? x.error : "malformed");
    }
    r->stats.xml_bytes = in->src.bytes;
    xmlFreeTextReader(x.reader);
    if (!r->stop && !r->failed)
        join_early(r);
    return broken ? -1 : 0;
}

static void summary(se_run *r)
{
    sqlite3_stmt *st = stmt(&r->db, Q_UNANSWERED);
    if (sqlite3_step(st) == SQLITE_ROW)
        r->stats.unanswered = (unsigned long)sqlite3_column_int64(st, 0);
    diag(r->sink, DIAG_WARNING, r->archive ? r->path : r->file, 0,
         "site %s: %lu answer%s read; not indexed: %lu question%s without answers, "
         "%lu tag wiki post%s, %lu other post%s%s", r->site, r->stats.answers,
         r->stats.answers == 1 ? "" : "s", r->stats.unanswered,
         r->stats.unanswered == 1 ? "" : "s", r->stats.tag_wikis,
         r->stats.tag_wikis == 1 ? "" : "s", r->stats.other, r->stats.other == 1 ? "" : "s",
         r->stats.skipped ? " (and the rows refused above)" : "");
}

int se_read_dump_stats(const char *path, passage_fn fn, void *ctx, const diag_sink *sink,
                       se_stats *stats)
{
    char why[512];
    se_run r = {.path = path, .sink = sink, .fn = fn, .ctx = ctx, .file = path};
    if (stats)
        memset(stats, 0, sizeof *stats);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) { /* a dump directory */
        char *posts = se_dump_dir_input(path);
        if (!posts) {
            diag(sink, DIAG_ERROR, path, 0, "no Posts.xml in this directory; skipped");
            return -1;
        }
        int rc = se_read_dump_stats(posts, fn, ctx, sink, stats);
        free(posts);
        return rc;
    }
    int archive = is_archive(path, why, sizeof why);
    if (archive < 0) {
        diag(sink, DIAG_ERROR, path, 0, "%s; skipped", why);
        return -1;
    }
    r.archive = archive;
    if (!(r.site = se_site_name(path))) {
        diag(sink, DIAG_ERROR, path, 0, "out of memory; skipped");
        return -1;
    }
    if (store_open(&r.db, why, sizeof why) != 0) {
        diag(sink, DIAG_ERROR, path, 0, "%s; skipped", why);
        free(r.site);
        return -1;
    }
    load_users(&r);
    dump_input in;
    int rc = r.failed ? -1 : dump_open(&in, path, archive, "Posts.xml", why, sizeof why);
    if (rc != 0) {
        if (!r.failed)
            diag(sink, DIAG_ERROR, path, 0, "%s; skipped", why);
        rc = -1;
    } else {
        r.file = in.name;
        rc = read_posts(&r, &in);
        if (!r.stop && !r.failed)
            summary(&r);
        r.file = path;
        dump_close(&in);
    }
    store_close(&r.db);
    free(r.site);
    if (stats)
        *stats = r.stats;
    return r.stop ? r.stop : r.failed ? -1 : rc;
}

int se_read_dump(const char *path, passage_fn fn, void *ctx, const diag_sink *sink)
{
    return se_read_dump_stats(path, fn, ctx, sink, NULL);
}
