/* walk.c - recursive, sorted, loop-safe directory walk. */
#include "indexer/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The directories on the current descent, to detect symlink loops. */
typedef struct dir_stack {
    dev_t dev;
    ino_t ino;
    const struct dir_stack *parent;
} dir_stack;

static int add_file(walk_list *list, const char *path, const char *rel)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? 2 * list->capacity : 64;
        walk_file *f = realloc(list->files, cap * sizeof *f);
        if (!f)
            return -1;
        list->files = f;
        list->capacity = cap;
    }
    walk_file *f = &list->files[list->count];
    f->path = strdup(path);
    f->id_base = strdup(rel);
    if (!f->path || !f->id_base) {
        free(f->path);
        free(f->id_base);
        return -1;
    }
    /* Drop the extension of the last component, if it has one. */
    char *slash = strrchr(f->id_base, '/');
    char *dot = strrchr(slash ? slash + 1 : f->id_base, '.');
    if (dot && dot != (slash ? slash + 1 : f->id_base))
        *dot = '\0';
    list->count++;
    return 0;
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (p) {
        memcpy(p, dir, a);
        size_t k = a;
        if (a && dir[a - 1] != '/')
            p[k++] = '/';
        memcpy(p + k, name, b + 1);
    }
    return p;
}

/* Byte order, not strcoll: IDs must not depend on the locale. */
static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

static int walk_dir(const char *dir, const char *rel, const char *glob,
                    const dir_stack *stack, walk_list *list, const diag_sink *sink);

/* Visits path (rel relative to the root), found inside a walked directory. */
static int visit(const char *path, const char *rel, const char *name,
                 const char *glob, const dir_stack *stack, walk_list *list,
                 const diag_sink *sink)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag(sink, DIAG_ERROR, path, 0, "%s; skipped", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        for (const dir_stack *s = stack; s; s = s->parent)
            if (s->dev == st.st_dev && s->ino == st.st_ino) {
                diag(sink, DIAG_ERROR, path, 0, "directory loop; skipped");
                return 0;
            }
        dir_stack here = {st.st_dev, st.st_ino, stack};
        return walk_dir(path, rel, glob, &here, list, sink);
    }
    if (fnmatch(glob, name, 0) != 0)
        return 0;
    if (!S_ISREG(st.st_mode)) {
        diag(sink, DIAG_ERROR, path, 0, "not a regular file; skipped");
        return 0;
    }
    return add_file(list, path, rel);
}

static int walk_dir(const char *dir, const char *rel, const char *glob,
                    const dir_stack *stack, walk_list *list, const diag_sink *sink)
{
    struct dirent **names;
    int n = scandir(dir, &names, not_hidden, by_name);
    if (n < 0) {
        diag(sink, DIAG_ERROR, dir, 0, "cannot read directory: %s; skipped",
             strerror(errno));
        return 0;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (rc == 0) {
            char *path = join(dir, names[i]->d_name);
            char *sub = *rel ? join(rel, names[i]->d_name) : strdup(names[i]->d_name);
            rc = path && sub ? visit(path, sub, names[i]->d_name, glob, stack, list, sink)
                             : -1;
            free(path);
            free(sub);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int walk_root(const char *root, const char *glob, walk_list *list,
              const diag_sink *sink)
{
    struct stat st;
    if (stat(root, &st) != 0) {
        diag(sink, DIAG_ERROR, root, 0, "%s; skipped", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        dir_stack top = {st.st_dev, st.st_ino, NULL};
        size_t before = list->count;
        int rc = walk_dir(root, "", glob, &top, list, sink);
        if (rc == 0 && list->count == before)
            diag(sink, DIAG_WARNING, root, 0, "no file matches '%s' here (see --include)", glob);
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        diag(sink, DIAG_ERROR, root, 0, "not a regular file; skipped");
        return 0;
    }
    /* A file named on the command line: its own directory is the root. */
    const char *slash = strrchr(root, '/');
    return add_file(list, root, slash ? slash + 1 : root);
}

void walk_list_free(walk_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->files[i].path);
        free(list->files[i].id_base);
    }
    free(list->files);
    memset(list, 0, sizeof *list);
}
