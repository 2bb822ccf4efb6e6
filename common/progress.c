/* progress.c - the terminal progress line. */
#include "common/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, int quiet)
{
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->start = p->last = progress_now();
    p->drawn = 0;
}

void progress_update(progress *p, const char *program, unsigned long files_done,
                     unsigned long files_total, unsigned long passages)
{
    if (!p->enabled)
        return;
    double now = progress_now();
    if (now - p->last < 0.25)
        return;
    p->last = now;
    double elapsed = now - p->start;
    double rate = elapsed > 0 ? (double)passages / elapsed : 0;
    fprintf(stderr, "\r\033[K%s: %lu/%lu files, %lu passages, %.0f passages/s", program,
            files_done, files_total, passages, rate);
    /* Files finish at a steady pace only when there are many of them. */
    if (files_total > 1 && files_done > 0)
        fprintf(stderr, ", ETA %.0f s",
                elapsed * (double)(files_total - files_done) / (double)files_done);
    p->drawn = 1;
}

void progress_done(progress *p)
{
    if (p->drawn)
        fprintf(stderr, "\r\033[K");
    p->drawn = 0;
}
