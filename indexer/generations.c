/* generations.c - generation directories, the stub switch, the writer lock. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "indexer/generations.h"

#include "common/index_layout.h"
#include "xapian-c/xapian_c.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STUB INDEX_STUB
#define LOCK "writer.lock"
#define GEN_FORMAT "gen-%06u"
#define MARK_FORMAT "building-%06u"

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* The generation number a directory entry names, or 0. */
static unsigned gen_number(const char *name)
{
    return index_gen_number(name);
}

/* The generation a building mark names, or 0. */
static unsigned mark_number(const char *name)
{
    unsigned n;
    char tail;
    if (strlen(name) == 15 && sscanf(name, "building-%6u%c", &n, &tail) == 1)
        return n;
    return 0;
}

static char *mark_path(const generations *g, unsigned n)
{
    char name[32];
    snprintf(name, sizeof name, MARK_FORMAT, n);
    return join(g->index, name);
}

/* Reads the live generation from the stub; 0 when there is no stub. */
static int read_stub(const char *index, unsigned *live, char *err, size_t errlen)
{
    if (index_stub_read(index, live) == 0 || errno == ENOENT)
        return 0;
    if (errno == EINVAL)
        snprintf(err, errlen, "%s/" STUB " is not a Quarry generation stub", index);
    else
        snprintf(err, errlen, "cannot read %s/" STUB ": %s", index, strerror(errno));
    return -1;
}

/* 1 when name is a parallel build's scratch directory. */
static int is_scratch(const char *name)
{
    unsigned n, k;
    return sscanf(name, "tmp-%6u-%u", &n, &k) == 2;
}

/* 1 when index holds nothing but what Quarry puts there. */
static int only_ours(const char *index)
{
    DIR *d = opendir(index);
    if (!d)
        return 0;
    int ours = 1;
    struct dirent *e;
    while (ours && (e = readdir(d))) {
        const char *n = e->d_name;
        ours = !strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, STUB) ||
               !strcmp(n, LOCK) || !strncmp(n, STUB ".tmp", 12) || gen_number(n) ||
               mark_number(n) || is_scratch(n);
    }
    closedir(d);
    return ours;
}

int gen_open(const char *index, int wait, generations *g, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->lock_fd = -1;
    if (mkdir(index, 0777) == 0)
        g->created = 1;
    else if (errno != EEXIST) {
        snprintf(err, errlen, "cannot create index directory %s: %s", index, strerror(errno));
        return GEN_ERROR;
    }
    struct stat st;
    if (stat(index, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s is not a directory", index);
        return GEN_ERROR;
    }
    if (!only_ours(index)) {
        snprintf(err, errlen, "%s holds files that are not a Quarry index; refusing to "
                 "write there", index);
        return GEN_ERROR;
    }
    g->index = strdup(index);
    char *lock = join(index, LOCK);
    if (!g->index || !lock) {
        free(lock);
        gen_close(g);
        snprintf(err, errlen, "out of memory");
        return GEN_ERROR;
    }
    g->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (g->lock_fd < 0) {
        snprintf(err, errlen, "cannot open %s: %s", lock, strerror(errno));
        free(lock);
        gen_close(g);
        return GEN_ERROR;
    }
    free(lock);
    if (flock(g->lock_fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        int locked = errno == EWOULDBLOCK;
        snprintf(err, errlen, "cannot lock %s: %s", index, strerror(errno));
        gen_close(g);
        return locked ? GEN_LOCKED : GEN_ERROR;
    }
    if (read_stub(index, &g->live, err, errlen) != 0) {
        gen_close(g);
        return GEN_ERROR;
    }
    char *live = g->live ? gen_path(g, g->live) : NULL;
    xc_db *db = NULL;
    g->live_opens = live && xc_db_open(live, &db) == XC_OK;
    xc_db_free(db);
    free(live);
    return 0;
}

static int marked(const generations *g, unsigned n);

/* 1 when INDEX holds a generation that is not marked as being built. */
static int holds_generation(const generations *g)
{
    DIR *d = opendir(g->index);
    int found = 0;
    struct dirent *e;
    while (d && !found && (e = readdir(d))) {
        unsigned n = gen_number(e->d_name);
        found = n && !marked(g, n);
    }
    if (d)
        closedir(d);
    return found;
}

int gen_live_problem(const generations *g, char *err, size_t errlen)
{
    if (g->live ? g->live_opens : !holds_generation(g))
        return 0;
    char why[1536];
    index_explain(g->index, why, sizeof why);
    snprintf(err, errlen, "%s; or run --rebuild to build a new generation from the "
             "corpus (nothing of %s is removed before it is live)", why, g->index);
    return 1;
}

void gen_close(generations *g)
{
    if (g->lock_fd >= 0)
        close(g->lock_fd); /* releases the flock */
    free(g->index);
    g->index = NULL;
    g->lock_fd = -1;
}

void gen_close_failed(generations *g)
{
    int remove_all = g->created && g->live == 0 && g->index;
    char *index = remove_all ? strdup(g->index) : NULL;
    gen_close(g);
    if (index)
        gen_remove_tree(index);
    free(index);
}

char *gen_path(const generations *g, unsigned n)
{
    char name[32];
    snprintf(name, sizeof name, GEN_FORMAT, n);
    return join(g->index, name);
}

char *gen_scratch_path(const generations *g, unsigned n, unsigned k)
{
    char name[48];
    snprintf(name, sizeof name, "tmp-%06u-%u", n, k);
    return join(g->index, name);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int gen_remove_tree(const char *path)
{
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 when INDEX/building-n exists. */
static int marked(const generations *g, unsigned n)
{
    char *p = mark_path(g, n);
    int yes = p && access(p, F_OK) == 0;
    free(p);
    return yes;
}

unsigned gen_remove_stale(generations *g)
{
    DIR *d = opendir(g->index);
    unsigned removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        unsigned n = gen_number(e->d_name);
        int scratch = !strncmp(e->d_name, STUB ".tmp", 12) || is_scratch(e->d_name);
        int leftover = n && n != g->live &&
                       (marked(g, n) || (g->live_opens && n < g->live));
        if (scratch || leftover) {
            char *p = join(g->index, e->d_name);
            if (p && gen_remove_tree(p) == 0)
                removed++;
            free(p);
        }
    }
    /* Marks go last: one whose generation could not be removed stays, so the
     * next writer tries again.  The live generation's mark is a switch that
     * died before removing it. */
    if (d)
        rewinddir(d);
    while (d && (e = readdir(d))) {
        unsigned n = mark_number(e->d_name);
        char *gen = n ? gen_path(g, n) : NULL;
        if (gen && (n == g->live || access(gen, F_OK) != 0)) {
            char *p = join(g->index, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        free(gen);
    }
    if (d)
        closedir(d);
    return removed;
}

int gen_mark_building(generations *g, unsigned n, char *err, size_t errlen)
{
    char *p = mark_path(g, n);
    int fd = p ? open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0666) : -1;
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot write %s: %s", p ? p : g->index,
                 p ? strerror(errno) : "out of memory");
    if (fd >= 0)
        close(fd);
    free(p);
    return rc;
}

void gen_discard(generations *g, unsigned n)
{
    char *dir = gen_path(g, n), *mark = mark_path(g, n);
    if (dir && (gen_remove_tree(dir) == 0 || errno == ENOENT) && mark)
        unlink(mark);
    free(dir);
    free(mark);
}

unsigned gen_next(const generations *g)
{
    /* A stub naming a missing generation does not count: it may name
     * gen-999999, the last number there is. */
    unsigned next = g->live_opens ? g->live + 1 : 1;
    DIR *d = opendir(g->index);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        unsigned n = gen_number(e->d_name);
        if (!n)
            n = mark_number(e->d_name);
        if (n >= next)
            next = n + 1;
    }
    if (d)
        closedir(d);
    return next;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* fsyncs every file of a generation and the directory itself. */
static int fsync_generation(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = join(dir, e->d_name);
        rc = p ? fsync_path(p, 0) : -1;
        free(p);
    }
    closedir(d);
    return rc == 0 ? fsync_path(dir, 1) : rc;
}

int gen_switch(generations *g, unsigned n, char *err, size_t errlen)
{
    char *dir = gen_path(g, n);
    char *stub = join(g->index, STUB);
    char *tmp = join(g->index, STUB ".tmp");
    char name[32];
    snprintf(name, sizeof name, GEN_FORMAT, n);
    int rc = -1;
    FILE *f = NULL;
    if (!dir || !stub || !tmp) {
        snprintf(err, errlen, "out of memory");
    } else if (fsync_generation(dir) != 0) {
        snprintf(err, errlen, "cannot sync %s: %s", dir, strerror(errno));
    } else if (!(f = fopen(tmp, "w"))) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
    } else {
        int bad = fprintf(f, "auto %s\n", name) < 0;
        bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, stub) != 0) {
            snprintf(err, errlen, "cannot switch %s to %s: %s", g->index, name, strerror(errno));
            unlink(tmp);
        } else {
            /* The rename is the switch: from here on generation n is live,
             * whatever happens next.  Syncing the directory makes it survive
             * a power cut; if that fails the next run still finds a stub
             * naming a complete generation (old or new), never a gap. */
            g->live = n;
            g->live_opens = 1;
            fsync_path(g->index, 1);
            char *mark = mark_path(g, n);
            if (mark)
                unlink(mark);
            free(mark);
            gen_remove_stale(g); /* the previous generation */
            rc = 0;
        }
    }
    free(dir);
    free(stub);
    free(tmp);
    return rc;
}
