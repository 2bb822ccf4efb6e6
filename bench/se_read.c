/* se_read.c - reads StackExchange dumps through Quarry's reader, indexing
 * nothing, for `make bench`'s dump section:
 *
 *   se_read PATH...
 *
 * prints "ANSWERS XML_BYTES SECONDS" (XML_BYTES: Posts.xml bytes read,
 * decompressed; SECONDS: the reading alone) on stdout; the reader's
 * problems go to stderr.  Its peak RSS is the reader's memory bound. */
#include "indexer/se_reader.h"

#include <stdio.h>
#include <time.h>

static int count(const passage *p, void *ctx)
{
    (void)p;
    ++*(unsigned long *)ctx;
    return 0;
}

static void to_stderr(void *ctx, diag_level level, const char *file, unsigned line,
                      const char *msg)
{
    (void)ctx;
    fprintf(stderr, "se_read: %s:%u: %s: %s\n", file ? file : "-", line,
            level == DIAG_ERROR ? "error" : "warning", msg);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: se_read PATH...\n");
        return 2;
    }
    diag_sink sink = {to_stderr, NULL};
    unsigned long answers = 0;
    unsigned long long bytes = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        se_stats st;
        if (se_read_dump_stats(argv[i], count, &answers, &sink, &st) != 0)
            rc = 1;
        bytes += st.xml_bytes;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%lu %llu %.3f\n", answers, bytes, s);
    return rc;
}
