/* walk.c - recursive, sorted, loop-safe directory walk. */
#include "indexer/walk.h"

#include "indexer/input_formats.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The directories on the current descent, to detect symlink loops. */
typedef struct dir_stack {
    dev_t dev;
    ino_t ino;
    const struct dir_stack *parent;
} dir_stack;

/* What one root's walk found already taken under an earlier path. */
typedef struct overlap {
    unsigned long count;
    unsigned first_root; /* the root the first of them was taken under */
} overlap;

/* 1 when the file st is new to the list (now marked taken), 0 when it was
 * taken already (counted in *o), -1 when out of memory. */
static int take(walk_list *list, const struct stat *st, overlap *o)
{
    char key[48];
    snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    unsigned root = 0;
    int added = strset_add(&list->taken, key, strlen(key), list->roots, &root);
    if (added == 0 && o->count++ == 0)
        o->first_root = root;
    return added;
}

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
    f->is_stdin = 0;
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
    char *own = strcmp(path, "/dev/stdin") ? input_format_id_base(path, list->input_format)
                                           : NULL;
    if (own) {
        free(f->id_base);
        f->id_base = own;
    }
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
                    const dir_stack *stack, walk_list *list, const diag_sink *sink,
                    overlap *o);

/* 1 when st is the index's own directory (reported the first time). */
static int is_skipped(walk_list *list, const struct stat *st, const diag_sink *sink)
{
    if (!list->skip || st->st_dev != list->skip_dev || st->st_ino != list->skip_ino)
        return 0;
    if (!list->skip_reported++)
        diag(sink, DIAG_WARNING, list->skip, 0,
             "the index's own directory lies under a root; not indexed");
    return 1;
}

/* Takes the input file standing for a whole directory (a dump's Posts.xml). */
static int take_whole(const char *file, const char *rel, walk_list *list,
                      const diag_sink *sink, overlap *o)
{
    struct stat st;
    if (stat(file, &st) != 0) {
        diag(sink, DIAG_ERROR, file, 0, "%s; skipped", strerror(errno));
        return 0;
    }
    int fresh = take(list, &st, o);
    return fresh > 0 ? add_file(list, file, rel) : fresh;
}

/* Visits path (rel relative to the root), found inside a walked directory. */
static int visit(const char *path, const char *rel, const char *name,
                 const char *glob, const dir_stack *stack, walk_list *list,
                 const diag_sink *sink, overlap *o)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag(sink, DIAG_ERROR, path, 0, "%s; skipped", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode) && is_skipped(list, &st, sink))
        return 0;
    if (S_ISDIR(st.st_mode)) {
        for (const dir_stack *s = stack; s; s = s->parent)
            if (s->dev == st.st_dev && s->ino == st.st_ino) {
                diag(sink, DIAG_ERROR, path, 0, "directory loop; skipped");
                return 0;
            }
        char *whole = input_format_dir_input(path, list->input_format);
        if (whole) {
            int rc = take_whole(whole, rel, list, sink, o);
            free(whole);
            return rc;
        }
        dir_stack here = {st.st_dev, st.st_ino, stack};
        return walk_dir(path, rel, glob, &here, list, sink, o);
    }
    if (fnmatch(glob, name, 0) != 0 && !input_format_takes_file(path, list->input_format))
        return 0;
    if (!S_ISREG(st.st_mode)) {
        diag(sink, DIAG_ERROR, path, 0, "not a regular file; skipped");
        return 0;
    }
    int fresh = take(list, &st, o);
    return fresh > 0 ? add_file(list, path, rel) : fresh;
}

static int walk_dir(const char *dir, const char *rel, const char *glob,
                    const dir_stack *stack, walk_list *list, const diag_sink *sink,
                    overlap *o)
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
            rc = path && sub ? visit(path, sub, names[i]->d_name, glob, stack, list, sink, o)
                             : -1;
            free(path);
            free(sub);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Warns once per root about the files it reached that were taken already. */
static void report_overlap(const char *root, const overlap *o, const char *const *root_names,
                           const diag_sink *sink)
{
    if (o->count)
        diag(sink, DIAG_WARNING, root, 0,
             "%lu file%s here %s taken already under %s (the first path given wins): "
             "indexed once", o->count, o->count == 1 ? "" : "s",
             o->count == 1 ? "was" : "were", root_names[o->first_root]);
}

static int walk_one(const char *root, const char *glob, walk_list *list,
                    const diag_sink *sink, overlap *o)
{
    struct stat st;
    if (strcmp(root, "-") == 0) {
        st.st_dev = 0; /* no file has inode 0: the key "0:0" means stdin */
        st.st_ino = 0;
        overlap again = {0, 0};
        int fresh = take(list, &st, &again);
        if (fresh == 0)
            diag(sink, DIAG_WARNING, "-", 0, "standard input given again; read once");
        if (fresh <= 0 || add_file(list, "/dev/stdin", WALK_STDIN_SOURCE) != 0)
            return fresh < 0 ? -1 : fresh == 0 ? 0 : -1;
        list->files[list->count - 1].is_stdin = 1;
        return 0;
    }
    if (stat(root, &st) != 0) {
        diag(sink, DIAG_ERROR, root, 0, "%s; skipped", strerror(errno));
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        if (is_skipped(list, &st, sink))
            return 0;
        char *whole = input_format_dir_input(root, list->input_format);
        if (whole) {
            const char *slash = strrchr(root, '/');
            int rc = take_whole(whole, slash && slash[1] ? slash + 1 : root, list, sink, o);
            free(whole);
            return rc;
        }
        dir_stack top = {st.st_dev, st.st_ino, NULL};
        size_t before = list->count;
        int rc = walk_dir(root, "", glob, &top, list, sink, o);
        if (rc == 0 && list->count == before && o->count == 0)
            diag(sink, DIAG_WARNING, root, 0, "no file matches '%s' here (see --include)", glob);
        return rc;
    }
    if (!S_ISREG(st.st_mode)) {
        diag(sink, DIAG_ERROR, root, 0, "not a regular file; skipped");
        return 0;
    }
    int fresh = take(list, &st, o);
    if (fresh <= 0)
        return fresh;
    /* A file named on the command line: its own directory is the root. */
    const char *slash = strrchr(root, '/');
    return add_file(list, root, slash ? slash + 1 : root);
}

int walk_root(const char *root, const char *glob, walk_list *list,
              const diag_sink *sink)
{
    overlap o = {0, 0};
    const char **names = realloc(list->root_names, (list->roots + 1) * sizeof *names);
    if (!names)
        return -1;
    list->root_names = names;
    names[list->roots] = root;
    int rc = walk_one(root, glob, list, sink, &o);
    list->roots++;
    if (rc == 0)
        report_overlap(root, &o, names, sink);
    return rc;
}

void walk_skip_dir(walk_list *list, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        list->skip = dir;
        list->skip_dev = st.st_dev;
        list->skip_ino = st.st_ino;
    }
}

void walk_list_free(walk_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->files[i].path);
        free(list->files[i].id_base);
    }
    free(list->files);
    strset_free(&list->taken);
    free(list->root_names);
    memset(list, 0, sizeof *list);
}
