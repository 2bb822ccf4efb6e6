/* index_layout.c - reading the stub, and saying why an index does not open. */
#include "common/index_layout.h"

#include "xapian-c/xapian_c.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

unsigned index_gen_number(const char *name)
{
    unsigned n;
    char tail;
    if (strlen(name) == 10 && sscanf(name, "gen-%6u%c", &n, &tail) == 1)
        return n;
    return 0;
}

int index_stub_read(const char *index, unsigned *n)
{
    char path[4096], line[64], name[32];
    *n = 0;
    snprintf(path, sizeof path, "%s/" INDEX_STUB, index);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    int ok = fgets(line, sizeof line, f) && sscanf(line, "auto %31s", name) == 1 &&
             (*n = index_gen_number(name)) != 0;
    fclose(f);
    if (!ok)
        errno = EINVAL;
    return ok ? 0 : -1;
}

/* 1 when INDEX/gen-n opens; the Xapian message in why otherwise. */
static int gen_opens(const char *index, unsigned n, char *why, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/gen-%06u", index, n);
    xc_db *db;
    xc_status st = xc_db_open(path, &db);
    xc_db_free(db);
    if (st != XC_OK && why)
        snprintf(why, len, "%s", xc_last_error());
    return st == XC_OK;
}

unsigned index_newest_openable(const char *index, unsigned except)
{
    DIR *d = opendir(index);
    unsigned best = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        unsigned n = index_gen_number(e->d_name);
        if (n && n != except && n > best && gen_opens(index, n, NULL, 0))
            best = n;
    }
    if (d)
        closedir(d);
    return best;
}

/* "; INDEX holds the complete generation gen-N: point the stub at it..." */
static void advise_other(const char *index, unsigned except, int quiet, char *msg,
                         size_t len)
{
    size_t used = strlen(msg);
    unsigned other = index_newest_openable(index, except);
    if (!other && quiet)
        return;
    if (other)
        snprintf(msg + used, len - used, "; %s holds the complete generation gen-%06u: "
                 "point the stub at it with `printf 'auto gen-%06u\\n' > %s/" INDEX_STUB
                 "`", index, other, other, index);
    else
        snprintf(msg + used, len - used, "; %s holds no other generation that opens", index);
}

index_state index_explain(const char *index, char *msg, size_t len)
{
    struct stat st;
    msg[0] = '\0';
    if (stat(index, &st) != 0) {
        if (errno == ENOENT) {
            snprintf(msg, len, "no index at %s: nothing there", index);
            return INDEX_ABSENT;
        }
        snprintf(msg, len, "cannot reach %s: %s", index, strerror(errno));
        return errno == EACCES ? INDEX_DENIED : INDEX_NOT_QUARRY;
    }
    unsigned n;
    if (index_stub_read(index, &n) != 0) {
        int e = errno;
        if (e == EACCES) {
            snprintf(msg, len, "cannot read %s/" INDEX_STUB ": %s", index, strerror(e));
            return INDEX_DENIED;
        }
        if (e == EINVAL) {
            snprintf(msg, len, "%s/" INDEX_STUB " is not a Quarry generation stub", index);
            return INDEX_NOT_QUARRY;
        }
        if (e != ENOENT) {
            snprintf(msg, len, "cannot read %s/" INDEX_STUB ": %s", index, strerror(e));
            return INDEX_NOT_QUARRY;
        }
        char db[4200], why[512];
        snprintf(db, sizeof db, "%s/iamglass", index);
        if (access(db, F_OK) == 0) { /* a Xapian database itself, e.g. INDEX/gen-N */
            xc_db *x;
            xc_status ok = xc_db_open(index, &x);
            xc_db_free(x);
            if (ok == XC_OK)
                return INDEX_OPENS;
            snprintf(why, sizeof why, "%s", xc_last_error());
            snprintf(msg, len, "%s is unreadable or corrupt: %s", index, why);
            return INDEX_GEN_BROKEN;
        }
        if (!index_newest_openable(index, 0)) {
            snprintf(msg, len, "%s is not a Quarry index (no " INDEX_STUB " stub in it)",
                     index);
            return INDEX_NOT_QUARRY;
        }
        snprintf(msg, len, "%s has no " INDEX_STUB " stub", index);
        advise_other(index, 0, 0, msg, len);
        return INDEX_NO_STUB;
    }
    char gen[4096], why[512];
    snprintf(gen, sizeof gen, "%s/gen-%06u", index, n);
    if (stat(gen, &st) != 0 && errno == ENOENT) {
        snprintf(msg, len, "%s/" INDEX_STUB " names gen-%06u, which is missing", index, n);
        advise_other(index, n, 0, msg, len);
        return INDEX_GEN_MISSING;
    }
    if (gen_opens(index, n, why, sizeof why))
        return INDEX_OPENS;
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/iamglass", gen);
    FILE *f = fopen(probe, "r");
    int denied = !f && errno == EACCES;
    if (f)
        fclose(f);
    if (denied) {
        snprintf(msg, len, "cannot read %s: %s", gen, strerror(EACCES));
        return INDEX_DENIED;
    }
    snprintf(msg, len, "%s (the generation %s/" INDEX_STUB " names) is unreadable or "
             "corrupt: %s; `quarry-index --check -d %s` tells more", gen, index, why, index);
    advise_other(index, n, 1, msg, len);
    return INDEX_GEN_BROKEN;
}
