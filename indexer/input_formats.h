/* input_formats.h - the one table of input formats: each format's name (for
 * --input-format), how "auto" recognises it, and its reader.
 *
 * quarry-index's --input-format choices, its --help text, the walk's
 * recognition of inputs that are not single text files (a StackExchange
 * dump directory, a *.7z archive) and job_read_file's choice of reader all
 * come from this table, so a new format is one reader file and one row. */
#ifndef QUARRY_INPUT_FORMATS_H
#define QUARRY_INPUT_FORMATS_H

#include "common/diag.h"
#include "common/passage.h"

#include <stddef.h>

/* What a reader gets: the file, its ID base (native: "sub/doc"), the
 * bounds of the options, where problems go. */
typedef struct input_args {
    const char *path;
    const char *id_base;
    size_t max_file_size; /* native files */
    size_t max_line_size; /* BEIR lines */
    const diag_sink *sink;
} input_args;

typedef int (*input_reader_fn)(const input_args *a, passage_fn fn, void *ctx);

typedef struct input_format {
    const char *name;       /* --input-format NAME */
    const char *recognised; /* how auto picks it, for --help and quarry-index(1) */
    /* auto: 1 when the file at path (a walked or named file) is this
     * format's; NULL for the fallback row (native). */
    int (*claims_file)(const char *path);
    /* The walk: the one input file standing for the directory dir as a
     * whole (malloc'd), or NULL when dir is an ordinary directory; NULL
     * when the format has no such inputs. */
    char *(*dir_input)(const char *dir);
    /* The source key (ID base) of an input file, when the format has its
     * own (malloc'd), else NULL: the walk's relative path is used. */
    char *(*id_base)(const char *path);
    input_reader_fn read;
} input_format;

/* The formats, "auto" first (index 0 = INPUT_AUTO, its read is NULL), then
 * one row per INPUT_* value; ends with a row whose name is NULL. */
extern const input_format input_formats[];

enum { INPUT_AUTO, INPUT_NATIVE, INPUT_BEIR, INPUT_STACKEXCHANGE };

/* The names, NULL-terminated, for cli_choice: index = INPUT_* value. */
extern const char *const input_format_names[];

/* The format (INPUT_*, never INPUT_AUTO) that reads path under the choice
 * format (INPUT_*). */
int input_format_of(const char *path, int format);

/* The walk's questions under the choice format: the input standing for a
 * directory (see dir_input), and whether a file inside a walked directory is
 * an input whatever --include says (a *.7z dump archive). */
char *input_format_dir_input(const char *dir, int format);
int input_format_takes_file(const char *path, int format);

/* The source key of path if its format gives one (see id_base), else NULL. */
char *input_format_id_base(const char *path, int format);

/* "Input formats..." lines for --help, from the table (static storage). */
const char *input_format_help(void);

#endif
