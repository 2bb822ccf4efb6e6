/* diag.h - one way to report a problem with an input.
 *
 * Readers never print: they hand each problem to a diag_sink, so that the
 * indexer prints "quarry-index: FILE:LINE: error: reason" on stderr and the
 * unit tests can collect and assert the exact messages. */
#ifndef QUARRY_DIAG_H
#define QUARRY_DIAG_H

typedef enum {
    DIAG_WARNING, /* input was used, but not all of it as written */
    DIAG_ERROR    /* input (a file or a line) was skipped */
} diag_level;

typedef struct diag_sink {
    /* file may be NULL; line 0 means "the whole file". */
    void (*fn)(void *ctx, diag_level level, const char *file, unsigned line,
               const char *msg);
    void *ctx;
} diag_sink;

/* Formats the message and passes it to sink (a NULL sink drops it). */
void diag(const diag_sink *sink, diag_level level, const char *file,
          unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A sink that prints "PROGRAM: FILE:LINE: LEVEL: MSG" to stderr and counts
 * warnings and errors. */
typedef struct diag_counter {
    const char *program;
    unsigned warnings;
    unsigned errors;
} diag_counter;

void diag_to_stderr(void *counter, diag_level level, const char *file,
                    unsigned line, const char *msg);

#endif
