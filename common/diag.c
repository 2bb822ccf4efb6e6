/* diag.c - formatting and printing of input problems. */
#include "common/diag.h"

#include "common/escape.h"

#include <stdarg.h>
#include <stdio.h>

void diag(const diag_sink *sink, diag_level level, const char *file,
          unsigned line, const char *fmt, ...)
{
    if (!sink || !sink->fn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sink->fn(sink->ctx, level, file, line, msg);
}

void diag_to_stderr(void *counter, diag_level level, const char *file,
                    unsigned line, const char *msg)
{
    diag_counter *c = counter;
    const char *what = level == DIAG_ERROR ? "error" : "warning";
    if (level == DIAG_ERROR)
        c->errors++;
    else
        c->warnings++;
    if (file && line)
        escape_line(stderr, "%s: %s:%u: %s: %s", c->program, file, line, what, msg);
    else if (file)
        escape_line(stderr, "%s: %s: %s: %s", c->program, file, what, msg);
    else
        escape_line(stderr, "%s: %s: %s", c->program, what, msg);
}
