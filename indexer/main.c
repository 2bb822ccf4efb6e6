/* main.c - quarry-index: the driver.  Options, the walk, the writer lock,
 * then an in-place update (update.c) or a new generation (rebuild.c), the
 * summary and the exit status. */
#include "common/analysis.h"
#include "common/cli.h"
#include "common/diag.h"
#include "common/escape.h"
#include "common/progress.h"
#include "common/shard_key.h"
#include "common/stopwords.h"
#include "indexer/beir_reader.h"
#include "indexer/check.h"
#include "indexer/generations.h"
#include "indexer/job.h"
#include "indexer/rebuild.h"
#include "indexer/update.h"
#include "indexer/walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRAM "quarry-index"

/* Exit statuses (documented in quarry-index(1)). */
enum { EXIT_ALL_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FATAL = 2 };

enum {
    OPT_LIST_LANGUAGES = 256, OPT_INCLUDE, OPT_MAX_FILE_SIZE, OPT_WAIT, OPT_INPUT_FORMAT,
    OPT_BEIR_TITLE, OPT_TITLE_WEIGHT, OPT_QUESTION_WEIGHT, OPT_QUESTION_BODY_WEIGHT, OPT_TAG_WEIGHT, OPT_REBUILD, OPT_BATCH_SIZE,
    OPT_STEMMING, OPT_CHECK, OPT_MAX_LINE_SIZE, OPT_SHARD
};

static const char *const beir_titles[] = {"answer", "question", NULL};

static const cli_option options[] = {
    {"index", 'd', "DIR", "index to create or update (required)"},
    {"rebuild", OPT_REBUILD, NULL, "build a new index beside the live one, then switch to it"},
    {"check", OPT_CHECK, NULL, "check the index (tables, settings, manifest, passages) and exit"},
    {"shard", OPT_SHARD, "K/N", "index only shard K of N (by question key), new index or --rebuild"},
    {"jobs", 'j', "N", "parallel shards for a new index or --rebuild (default: cores)"},
    {"batch-size", OPT_BATCH_SIZE, "N", "passages per commit, bounds memory (default 10000)"},
    {"language", 'l', "LANG", "stemming language of a new index (default english)"},
    {"stemming", OPT_STEMMING, "HOW", "none, some, all or all_z (Xapian's strategies; default all_z)"},
    {"list-languages", OPT_LIST_LANGUAGES, NULL, "list the stemming languages and exit"},
    {"include", OPT_INCLUDE, "GLOB", "file names to take from directories (default *.txt)"},
    {"input-format", OPT_INPUT_FORMAT, "FMT", "auto (default), native, beir or stackexchange: see below"},
    {"beir-title", OPT_BEIR_TITLE, "AS", "a BEIR title is the answer's or the question's (default answer)"},
    {"title-weight", OPT_TITLE_WEIGHT, "N", "weight of answer-title words, new index (default 3)"},
    {"question-weight", OPT_QUESTION_WEIGHT, "N", "weight of question (title) words in plain queries, new index (default 4)"},
    {"question-body-weight", OPT_QUESTION_BODY_WEIGHT, "N", "the same for the question's body, new index (default 2, or the --question-weight given)"},
    {"tag-weight", OPT_TAG_WEIGHT, "N", "weight of tags as words in plain queries, new index (default 0: only tag:)"},
    {"max-file-size", OPT_MAX_FILE_SIZE, "BYTES", "skip larger native files (default 67108864)"},
    {"max-line-size", OPT_MAX_LINE_SIZE, "BYTES", "skip longer BEIR lines (default 8388608)"},
    {"wait", OPT_WAIT, "[=SECONDS]", "wait for another writer (at most SECONDS) instead of failing"},
    {"quiet", 'q', NULL, "print only errors"},
    {"verbose", 'v', NULL, "print each file as it is read"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

typedef struct config {
    index_job job;
    int rebuild, help, version, list_languages, check;
} config;

static int on_option(int id, const char *arg, void *ctx)
{
    config *c = ctx;
    index_job *j = &c->job;
    unsigned long n;
    switch (id) {
    case 'd': j->index = arg; return 0;
    case OPT_REBUILD: c->rebuild = 1; return 0;
    case OPT_CHECK: c->check = 1; return 0;
    case 'j':
        if (cli_uint(PROGRAM, "jobs", arg, 1, 64, &n))
            return -1;
        j->jobs = (unsigned)n;
        return 0;
    case OPT_BATCH_SIZE:
        return cli_uint(PROGRAM, "batch-size", arg, 1, 10000000, &j->batch_size);
    case 'l':
        if (analysis_language_name(arg, j->settings.language, sizeof j->settings.language)) {
            escape_line(stderr, PROGRAM ": unknown language '%s' for --language (see "
                        "--list-languages)", arg);
            return -1;
        }
        strcpy(j->settings.stopwords, stopwords_for_language(j->settings.language));
        j->settings_given |= ANALYSIS_LANGUAGE;
        return 0;
    case OPT_STEMMING: {
        int k = cli_choice(PROGRAM, "stemming", arg, analysis_stemming_names);
        if (k < 0)
            return -1;
        j->settings.stemming = (xc_stem_strategy)k;
        j->settings_given |= ANALYSIS_STEMMING;
        return 0;
    }
    case OPT_SHARD:
        if (shard_parse(arg, &j->settings.shard_k, &j->settings.shard_n) != 0) {
            escape_line(stderr, PROGRAM ": invalid value '%s' for --shard: expected K/N, "
                        "1 <= K <= N <= %d", arg, SHARD_MAX);
            return -1;
        }
        j->settings_given |= ANALYSIS_SHARD;
        return 0;
    case OPT_LIST_LANGUAGES: c->list_languages = 1; return 0;
    case OPT_INCLUDE: j->include = arg; return 0;
    case OPT_INPUT_FORMAT:
        return (j->input_format = cli_choice(PROGRAM, "input-format", arg, input_format_names)) < 0;
    case OPT_BEIR_TITLE:
        return (j->beir_title_is_question = cli_choice(PROGRAM, "beir-title", arg, beir_titles)) < 0;
    case OPT_TITLE_WEIGHT:
    case OPT_QUESTION_WEIGHT: {
        int title = id == OPT_TITLE_WEIGHT;
        if (cli_uint(PROGRAM, title ? "title-weight" : "question-weight", arg, 0, ANALYSIS_MAX_WEIGHT, &n))
            return -1;
        *(title ? &j->settings.title_weight : &j->settings.question_weight) = (unsigned)n;
        j->settings_given |= title ? ANALYSIS_TITLE_WEIGHT : ANALYSIS_QUESTION_WEIGHT;
        /* The body follows the question weight unless given its own. */
        if (!title && !(j->settings_given & ANALYSIS_QUESTION_BODY_WEIGHT)) {
            j->settings.question_body_weight = (unsigned)n;
            j->settings_given |= ANALYSIS_QUESTION_BODY_WEIGHT;
        }
        return 0;
    }
    case OPT_QUESTION_BODY_WEIGHT:
    case OPT_TAG_WEIGHT: {
        int body = id == OPT_QUESTION_BODY_WEIGHT;
        if (cli_uint(PROGRAM, body ? "question-body-weight" : "tag-weight", arg, 0,
                     ANALYSIS_MAX_WEIGHT, &n))
            return -1;
        *(body ? &j->settings.question_body_weight : &j->settings.tag_weight) = (unsigned)n;
        j->settings_given |= body ? ANALYSIS_QUESTION_BODY_WEIGHT : ANALYSIS_TAG_WEIGHT;
        return 0;
    }
    case OPT_MAX_FILE_SIZE:
        return cli_uint(PROGRAM, "max-file-size", arg, 1, (unsigned long)1 << 40,
                        &j->max_file_size);
    case OPT_MAX_LINE_SIZE:
        return cli_uint(PROGRAM, "max-line-size", arg, 1, (unsigned long)1 << 40,
                        &j->max_line_size);
    case OPT_WAIT:
        j->wait = 1;
        j->wait_seconds = -1;
        if (arg && cli_uint(PROGRAM, "wait", arg, 0, 31536000, &n))
            return -1;
        if (arg)
            j->wait_seconds = (double)n;
        return 0;
    case 'q': j->quiet = 1; return 0;
    case 'v': j->verbose = 1; return 0;
    case 'h': c->help = 1; return 0;
    case 'V': c->version = 1; return 0;
    }
    return -1;
}

/* Diagnostics printed per file in a row; the rest are counted, and their
 * number said once (a corrupt gzip stream gives one error per line). */
enum { DIAG_CAP = 20 };

/* Every problem is counted; warnings are printed unless --quiet. */
typedef struct reporter {
    diag_counter counter;
    int quiet;
    char *file;                    /* the file of the last diagnostics... */
    unsigned shown, hidden_errors, hidden_warnings; /* ...and their count */
} reporter;

/* Says how many diagnostics of the last file were not shown. */
static void report_hidden(reporter *r)
{
    if (r->hidden_errors || r->hidden_warnings) {
        diag_counter scratch = {PROGRAM, 0, 0}; /* they were counted already */
        diag(&(diag_sink){diag_to_stderr, &scratch}, DIAG_ERROR, r->file, 0,
             "%u more error%s and %u more warning%s in this file not shown",
             r->hidden_errors, r->hidden_errors == 1 ? "" : "s", r->hidden_warnings,
             r->hidden_warnings == 1 ? "" : "s");
    }
    free(r->file);
    r->file = NULL;
    r->shown = r->hidden_errors = r->hidden_warnings = 0;
}

static void report(void *ctx, diag_level level, const char *file, unsigned line,
                   const char *msg)
{
    reporter *r = ctx;
    if (level == DIAG_WARNING && r->quiet) {
        r->counter.warnings++;
        return;
    }
    if (!file || !r->file || strcmp(file, r->file) != 0) {
        report_hidden(r);
        r->file = file ? strdup(file) : NULL;
    }
    if (r->file && r->shown >= DIAG_CAP) {
        if (level == DIAG_ERROR)
            r->counter.errors++, r->hidden_errors++;
        else
            r->counter.warnings++, r->hidden_warnings++;
        return;
    }
    r->shown++;
    diag_to_stderr(&r->counter, level, file, line, msg);
}

static const char *plural(unsigned long n)
{
    return n == 1 ? "" : "s";
}

static void summary_build(const index_job *j, const build_result *b, size_t files,
                          const diag_counter *c, int rebuild)
{
    escape_line(stderr, PROGRAM ": %s%zu file%s, %lu passage%s indexed, %u error%s, %u "
                "warning%s in %.2f s; %s holds %u passage%s", rebuild ? "rebuilt: " : "",
                files, plural(files), b->written, plural(b->written), c->errors,
                plural(c->errors), c->warnings, plural(c->warnings),
                progress_now() - j->prog.start, j->index, b->total, plural(b->total));
}

static void summary_update(const index_job *j, const update_result *u, size_t files,
                           const diag_counter *c)
{
    if (u->commits == 0 && c->errors == 0) {
        escape_line(stderr, PROGRAM ": %s is up to date (%zu file%s checked); nothing "
                    "written; it holds %u passage%s", j->index, files, plural(files),
                    u->total, plural(u->total));
        return;
    }
    escape_line(stderr, PROGRAM ": %zu file%s (%lu read, %lu unchanged, %lu removed), %lu "
                "passage%s indexed (%lu unchanged, %lu deleted), %u error%s, %u warning%s in "
                "%.2f s; %s holds %u passage%s", files, plural(files), u->files_read,
                u->files_unchanged, u->files_removed, u->written, plural(u->written),
                u->unchanged, u->deleted, c->errors, plural(c->errors), c->warnings,
                plural(c->warnings), progress_now() - j->prog.start, j->index, u->total,
                plural(u->total));
}

/* Takes the writer lock, trying again every 0.1 s while --wait allows and
 * no signal asked to stop (a blocking flock could not be interrupted). */
static int lock_index(const index_job *j, generations *g, char *err, size_t errlen)
{
    double deadline = progress_now() + j->wait_seconds;
    for (;;) {
        int rc = gen_open(j->index, 0, g, err, errlen);
        if (rc != GEN_LOCKED || !j->wait || job_stop_signal ||
            (j->wait_seconds >= 0 && progress_now() >= deadline))
            return rc;
        nanosleep(&(struct timespec){0, 100000000L}, NULL);
    }
}

/* After SIGINT, SIGTERM or SIGHUP: what was left, and the status 128 + signal. */
static int stopped(int in_place)
{
    fprintf(stderr, PROGRAM ": interrupted by %s; %s\n",
            job_stop_signal == SIGINT ? "SIGINT" : job_stop_signal == SIGHUP ? "SIGHUP"
                                                                            : "SIGTERM",
            in_place ? "the batches committed so far stay, the next run does the rest"
                     : "nothing of this run was kept");
    return 128 + job_stop_signal;
}

int main(int argc, char **argv)
{
    config c = {.job = {.include = "*.txt", .max_file_size = 64UL << 20,
                        .max_line_size = BEIR_MAX_LINE}};
    index_job *j = &c.job;
    analysis_defaults(&j->settings);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    j->jobs = cores > 1 ? (unsigned)(cores > 64 ? 64 : cores) : 1;
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &c);
    if (first < 0)
        return EXIT_FATAL;
    char description[2048];
    snprintf(description, sizeof description, "%s\n\n%s",
             "Index the answers of Q&A documents (files, or directories walked "
             "recursively)\ninto a Xapian index, one passage per answer. Without "
             "--rebuild an existing index\nis updated in place: only changed files "
             "are read again.", input_format_help());
    if (cli_help_or_version(c.help, c.version, PROGRAM, "-d INDEX [OPTION]... PATH...",
                            description, options))
        return EXIT_ALL_OK;
    if (c.list_languages) {
        for (const char *const *l = xc_stem_languages(); *l; l++)
            printf("%s\n", *l);
        return cli_close_stdout(PROGRAM) == 0 ? EXIT_ALL_OK : EXIT_FATAL;
    }
    if (c.check && j->index && first >= argc) {
        int rc = check_index(j->index, j->wait, j->input_format, stdout);
        return cli_close_stdout(PROGRAM) == 0 ? rc : EXIT_FATAL;
    }
    if (!j->index || first >= argc || c.check) {
        fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " --help' for more information.\n",
                !j->index ? "no index given (-d INDEX)"
                : c.check ? "--check takes no PATH" : "no PATH to index");
        return EXIT_FATAL;
    }

    reporter rep = {{PROGRAM, 0, 0}, j->quiet, NULL, 0, 0, 0};
    diag_sink sink = {report, &rep};
    j->sink = &sink;
    progress_init(&j->prog, j->quiet);
    job_catch_stop_signals();

    /* Roots that gave files: only under these can an update find that files
     * disappeared (a root that gives none is more likely unmounted or
     * mistyped than emptied on purpose; --rebuild empties an index). */
    walk_list files = {.input_format = j->input_format};
    walk_skip_dir(&files, j->index);
    char **roots = calloc((size_t)(argc - first) + 1, sizeof *roots);
    int nroots = 0;
    int incomplete = 0;
    for (int i = first; roots && i < argc; i++) {
        size_t before = files.count;
        unsigned errors = rep.counter.errors;
        if (walk_root(argv[i], j->include, &files, &sink) != 0) {
            free(roots);
            roots = NULL;
        } else if (rep.counter.errors > errors) {
            incomplete = 1; /* an unreadable directory hides files, not deletes them */
        } else if (files.count > before && strcmp(argv[i], "-") != 0) {
            roots[nroots++] = argv[i];
        }
    }
    if (!roots) {
        fprintf(stderr, PROGRAM ": out of memory\n");
        walk_list_free(&files);
        return EXIT_FATAL;
    }

    report_hidden(&rep);
    char err[1024];
    generations g;
    int locked = lock_index(j, &g, err, sizeof err);
    if (locked != 0 && job_stop_signal) {
        walk_list_free(&files);
        free(roots);
        return stopped(0);
    }
    if (locked != 0) {
        if (locked == GEN_LOCKED)
            escape_line(stderr, PROGRAM ": index %s is locked by another quarry-index", j->index);
        else
            escape_line(stderr, PROGRAM ": %s", err);
        walk_list_free(&files);
        free(roots);
        return EXIT_FATAL;
    }
    /* A stub naming a generation that is missing or does not open (a
     * half-copied backup): an update would write into nothing, and nothing
     * there can be proved a leftover.  --rebuild may build beside it. */
    if (gen_live_problem(&g, err, sizeof err)) {
        escape_line(stderr, PROGRAM ": %s", err);
        if (!c.rebuild) {
            escape_line(stderr, PROGRAM ": %s left untouched", j->index);
            gen_close(&g);
            walk_list_free(&files);
            free(roots);
            return EXIT_FATAL;
        }
    }
    unsigned stale = gen_remove_stale(&g);
    if (stale && !j->quiet)
        escape_line(stderr, PROGRAM ": %s: removed %u leftover%s of an interrupted run",
                    j->index, stale, plural(stale));

    int rc, in_place = !c.rebuild && g.live;
    if (!in_place) {
        build_result b;
        rc = rebuild_run(j, &g, &files, &b);
        progress_done(&j->prog);
        report_hidden(&rep);
        if (rc == 0 && !j->quiet)
            summary_build(j, &b, files.count, &rep.counter, c.rebuild);
    } else {
        update_result u;
        if (incomplete && !j->quiet)
            fprintf(stderr, PROGRAM ": a root could not be walked completely: passages of "
                    "files missing under it are kept this time\n");
        rc = update_run(j, &g, &files, roots, nroots, &u);
        progress_done(&j->prog);
        report_hidden(&rep);
        if (rc == 0 && !j->quiet)
            summary_update(j, &u, files.count, &rep.counter);
    }
    if (rc != 0)
        gen_close_failed(&g);
    else
        gen_close(&g);
    walk_list_free(&files);
    free(roots);
    if (rc != 0 && job_stop_signal) /* a signal after the switch changes nothing */
        return stopped(in_place);
    if (rc != 0)
        return EXIT_FATAL;
    return rep.counter.errors ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
