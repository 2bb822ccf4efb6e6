/* fuzz_support.c - in-memory files and a quiet diagnostics sink. */
#define _GNU_SOURCE /* memfd_create */
#include "tests/fuzz/fuzz_support.h"

#include "common/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void fuzz_file_open(fuzz_file *f, const uint8_t *data, size_t size)
{
    f->fd = memfd_create("fuzz-input", MFD_CLOEXEC);
    if (f->fd < 0) {
        perror("memfd_create");
        abort();
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(f->fd, data + done, size - done);
        if (n <= 0) {
            perror("write");
            abort();
        }
        done += (size_t)n;
    }
    snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

void fuzz_file_close(fuzz_file *f)
{
    close(f->fd);
    f->fd = -1;
}

static void check_diag(void *ctx, diag_level level, const char *file, unsigned line,
                       const char *msg)
{
    (void)ctx, (void)file, (void)line;
    if ((level != DIAG_WARNING && level != DIAG_ERROR) || !msg || !*msg)
        abort();
}

const diag_sink fuzz_quiet_sink = {check_diag, NULL};

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

static void check_text(const char *s)
{
    if (!s || !utf8_validate(s, strlen(s), NULL))
        abort();
}

int fuzz_check_passage(const passage *p, void *ctx)
{
    check_text(p->id);
    check_text(p->answer_title);
    check_text(p->answer_body);
    check_text(p->question_title);
    check_text(p->question_body);
    if (!p->source || !*p->id)
        abort();
    if (ctx)
        ++*(size_t *)ctx;
    return 0;
}
