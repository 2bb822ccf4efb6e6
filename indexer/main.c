/* main.c - quarry-index: the driver.  Options, the walk, one reader call per
 * input file, the summary and the exit status; the work is in walk.c, the
 * readers and index_writer.c. */
#include "common/analysis.h"
#include "common/cli.h"
#include "common/diag.h"
#include "common/progress.h"
#include "common/stopwords.h"
#include "indexer/beir_reader.h"
#include "indexer/index_writer.h"
#include "indexer/native_reader.h"
#include "indexer/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "quarry-index"

/* Exit statuses (documented in quarry-index(1)). */
enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FATAL = 2 };

enum {
    OPT_LIST_LANGUAGES = 256, OPT_INCLUDE, OPT_MAX_FILE_SIZE, OPT_WAIT, OPT_INPUT_FORMAT,
    OPT_BEIR_TITLE, OPT_TITLE_WEIGHT, OPT_QUESTION_WEIGHT
};

static const char *const input_formats[] = {"auto", "native", "beir", NULL};
enum { INPUT_AUTO, INPUT_NATIVE, INPUT_BEIR };
static const char *const beir_titles[] = {"answer", "question", NULL};

static const cli_option options[] = {
    {"index", 'd', "DIR", "index to create or update (required)"},
    {"language", 'l', "LANG", "stemming language of a new index (default english)"},
    {"list-languages", OPT_LIST_LANGUAGES, NULL, "list the stemming languages and exit"},
    {"include", OPT_INCLUDE, "GLOB", "file names to take from directories (default *.txt)"},
    {"input-format", OPT_INPUT_FORMAT, "FMT", "native, beir, or auto: beir for *.jsonl[.gz] (default)"},
    {"beir-title", OPT_BEIR_TITLE, "AS", "a BEIR title is the answer's or the question's (default answer)"},
    {"title-weight", OPT_TITLE_WEIGHT, "N", "weight of answer-title words, new index (default 3)"},
    {"question-weight", OPT_QUESTION_WEIGHT, "N", "weight of question words in plain queries, new index (default 2)"},
    {"max-file-size", OPT_MAX_FILE_SIZE, "BYTES", "skip larger files (default 67108864)"},
    {"wait", OPT_WAIT, NULL, "wait for another writer instead of failing"},
    {"quiet", 'q', NULL, "print only errors"},
    {"verbose", 'v', NULL, "print each file as it is indexed"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

typedef struct config {
    const char *index;
    const char *include;
    unsigned long max_file_size;
    int input_format, beir_title_is_question;
    index_writer_options writer;
    int quiet, verbose, help, version, list_languages;
} config;

static int on_option(int id, const char *arg, void *ctx)
{
    config *c = ctx;
    switch (id) {
    case 'd': c->index = arg; return 0;
    case 'l':
        if (strlen(arg) >= sizeof c->writer.settings.language) {
            fprintf(stderr, PROGRAM ": invalid value '%s' for --language\n", arg);
            return -1;
        }
        strcpy(c->writer.settings.language, arg);
        strcpy(c->writer.settings.stopwords, stopwords_for_language(arg));
        c->writer.settings_given = 1;
        return 0;
    case OPT_LIST_LANGUAGES: c->list_languages = 1; return 0;
    case OPT_INPUT_FORMAT:
        return (c->input_format = cli_choice(PROGRAM, "input-format", arg, input_formats)) < 0;
    case OPT_BEIR_TITLE:
        return (c->beir_title_is_question = cli_choice(PROGRAM, "beir-title", arg, beir_titles)) < 0;
    case OPT_TITLE_WEIGHT:
    case OPT_QUESTION_WEIGHT: {
        unsigned long n;
        int title = id == OPT_TITLE_WEIGHT;
        if (cli_uint(PROGRAM, title ? "title-weight" : "question-weight", arg, 0, 100, &n))
            return -1;
        *(title ? &c->writer.settings.title_weight : &c->writer.settings.question_weight) =
            (unsigned)n;
        c->writer.settings_given = 1;
        return 0;
    }
    case OPT_INCLUDE: c->include = arg; return 0;
    case OPT_MAX_FILE_SIZE:
        return cli_uint(PROGRAM, "max-file-size", arg, 1, (unsigned long)1 << 40,
                        &c->max_file_size);
    case OPT_WAIT: c->writer.wait_for_lock = 1; return 0;
    case 'q': c->quiet = 1; return 0;
    case 'v': c->verbose = 1; return 0;
    case 'h': c->help = 1; return 0;
    case 'V': c->version = 1; return 0;
    }
    return -1;
}

/* A BEIR corpus whose titles are its questions' (as StackExchange answer
 * collections are): the title becomes question context, not answer title. */
static int title_as_question(const passage *p, void *writer)
{
    passage q = *p;
    q.question_title = p->answer_title;
    q.answer_title = "";
    return index_writer_passage_fn(&q, writer);
}

/* Reads one input file into the writer with the reader its format needs. */
static int read_input(const config *c, const walk_file *f, index_writer *w,
                      const diag_sink *sink)
{
    int beir = c->input_format == INPUT_BEIR ||
               (c->input_format == INPUT_AUTO && beir_is_corpus_path(f->path));
    if (beir)
        return beir_read_file(f->path,
                              c->beir_title_is_question ? title_as_question
                                                        : index_writer_passage_fn,
                              w, sink);
    return native_read_file(f->path, f->id_base, c->max_file_size,
                            index_writer_passage_fn, w, sink);
}

static void list_languages(void)
{
    for (const char *const *l = xc_stem_languages(); *l; l++)
        printf("%s\n", *l);
}

/* Every problem is counted; warnings are printed unless --quiet. */
typedef struct reporter {
    diag_counter counter;
    int quiet;
} reporter;

static void report(void *ctx, diag_level level, const char *file, unsigned line,
                   const char *msg)
{
    reporter *r = ctx;
    if (level == DIAG_WARNING && r->quiet)
        r->counter.warnings++;
    else
        diag_to_stderr(&r->counter, level, file, line, msg);
}

int main(int argc, char **argv)
{
    config c = {.include = "*.txt", .max_file_size = 64UL << 20};
    analysis_defaults(&c.writer.settings);
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &c);
    if (first < 0)
        return EXIT_FATAL;
    if (c.help) {
        cli_help(stdout, PROGRAM, "-d INDEX [OPTION]... PATH...",
                 "Index the answers of Q&A documents (files, or directories walked "
                 "recursively)\ninto a Xapian index, one passage per answer.",
                 options);
        return EXIT_ALL_OK;
    }
    if (c.version) {
        printf(PROGRAM " " QUARRY_VERSION "\n");
        return EXIT_ALL_OK;
    }
    if (c.list_languages) {
        list_languages();
        return EXIT_ALL_OK;
    }
    if (!c.index || first >= argc) {
        fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " --help' for more information.\n",
                c.index ? "no PATH to index" : "no index given (-d INDEX)");
        return EXIT_FATAL;
    }

    reporter rep = {{PROGRAM, 0, 0}, c.quiet};
    diag_sink sink = {report, &rep};
    const diag_counter *count = &rep.counter;

    walk_list files = {0};
    for (int i = first; i < argc; i++)
        if (walk_root(argv[i], c.include, &files, &sink) != 0) {
            fprintf(stderr, PROGRAM ": out of memory\n");
            walk_list_free(&files);
            return EXIT_FATAL;
        }

    char err[512];
    index_writer *w;
    c.writer.path = c.index;
    c.writer.sink = &sink;
    if (index_writer_open(&c.writer, &w, err, sizeof err) != 0) {
        fprintf(stderr, PROGRAM ": %s\n", err);
        walk_list_free(&files);
        return EXIT_FATAL;
    }

    progress prog;
    progress_init(&prog, c.quiet);
    int fatal = 0;
    for (size_t i = 0; i < files.count && !fatal; i++) {
        const walk_file *f = &files.files[i];
        if (c.verbose)
            fprintf(stderr, PROGRAM ": %s\n", f->path);
        index_writer_begin_source(w, f->id_base);
        int rc = read_input(&c, f, w, &sink);
        fatal = rc > 0; /* the index itself failed: stop, keep what was there */
        if (!fatal && index_writer_end_source(w, rc == 0) != XC_OK) {
            fprintf(stderr, PROGRAM ": %s: %s\n", c.index, xc_last_error());
            fatal = 1;
        }
        progress_update(&prog, PROGRAM, i + 1, files.count, index_writer_added(w));
    }
    progress_done(&prog);

    unsigned total = 0;
    if (!fatal && index_writer_commit(w) != XC_OK) {
        fprintf(stderr, PROGRAM ": cannot commit %s: %s\n", c.index, xc_last_error());
        fatal = 1;
    }
    if (!fatal && index_writer_doccount(w, &total) != XC_OK)
        fatal = 1;
    if (!c.quiet)
        fprintf(stderr,
                PROGRAM ": %zu file%s, %lu passage%s indexed, %u error%s, %u warning%s "
                "in %.2f s; %s holds %u passage%s\n",
                files.count, files.count == 1 ? "" : "s", index_writer_added(w),
                index_writer_added(w) == 1 ? "" : "s", count->errors,
                count->errors == 1 ? "" : "s", count->warnings,
                count->warnings == 1 ? "" : "s", progress_now() - prog.start, c.index,
                total, total == 1 ? "" : "s");
    index_writer_close(w);
    walk_list_free(&files);
    if (fatal)
        return EXIT_FATAL;
    return count->errors ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
