/* input_formats.c - the table of input formats, and the choices made from it. */
#include "indexer/input_formats.h"

#include "indexer/beir_reader.h"
#include "indexer/native_reader.h"
#include "indexer/se_reader.h"

#include <stdio.h>
#include <string.h>

static int read_native(const input_args *a, passage_fn fn, void *ctx)
{
    return native_read_file(a->path, a->id_base, a->max_file_size, fn, ctx, a->sink);
}

static int read_beir(const input_args *a, passage_fn fn, void *ctx)
{
    return beir_read_file_bounded(a->path, a->max_line_size, fn, ctx, a->sink);
}

static int read_stackexchange(const input_args *a, passage_fn fn, void *ctx)
{
    return se_read_dump(a->path, fn, ctx, a->sink);
}

/* Auto tries the rows from the last to the first: the fallback, native,
 * claims whatever no other row does. */
const input_format input_formats[] = {
    {"auto", "each PATH by the rows below (the default)", NULL, NULL, NULL, NULL},
    {"native", "any other file (walked directories: --include, default *.txt)", NULL, NULL,
     NULL, read_native},
    {"beir", "a file named *.jsonl or *.jsonl.gz", beir_is_corpus_path, NULL, NULL, read_beir},
    {"stackexchange",
     "a directory holding Posts.xml (one input), a file named Posts.xml, an archive *.7z",
     se_is_dump_path, se_dump_dir_input, se_site_name, read_stackexchange},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const char *const input_format_names[] = {"auto", "native", "beir", "stackexchange", NULL};

enum { N_FORMATS = sizeof input_format_names / sizeof *input_format_names - 1 };
_Static_assert(sizeof input_formats / sizeof *input_formats == N_FORMATS + 1,
               "one name per row");

int input_format_of(const char *path, int format)
{
    if (format != INPUT_AUTO)
        return format;
    for (int k = N_FORMATS - 1; k > INPUT_NATIVE; k--)
        if (input_formats[k].claims_file && input_formats[k].claims_file(path))
            return k;
    return INPUT_NATIVE;
}

/* The formats the walk looks for under the choice: all under auto. */
static int walk_considers(int k, int format)
{
    return format == INPUT_AUTO || format == k;
}

char *input_format_dir_input(const char *dir, int format)
{
    for (int k = INPUT_NATIVE; k < N_FORMATS; k++) {
        char *in = walk_considers(k, format) && input_formats[k].dir_input
                       ? input_formats[k].dir_input(dir)
                       : NULL;
        if (in)
            return in;
    }
    return NULL;
}

int input_format_takes_file(const char *path, int format)
{
    /* Only formats whose inputs stand for a whole directory's worth (dump
     * archives) take files past --include. */
    for (int k = INPUT_NATIVE; k < N_FORMATS; k++)
        if (walk_considers(k, format) && input_formats[k].dir_input &&
            input_formats[k].claims_file && input_formats[k].claims_file(path))
            return 1;
    return 0;
}

char *input_format_id_base(const char *path, int format)
{
    int k = input_format_of(path, format);
    return input_formats[k].id_base ? input_formats[k].id_base(path) : NULL;
}

const char *input_format_help(void)
{
    static char text[1024];
    if (!text[0]) {
        size_t at = (size_t)snprintf(text, sizeof text, "Input formats (--input-format):");
        for (int k = 0; k < N_FORMATS && at < sizeof text; k++)
            at += (size_t)snprintf(text + at, sizeof text - at, "\n  %-14s %s",
                                   input_formats[k].name, input_formats[k].recognised);
    }
    return text;
}
