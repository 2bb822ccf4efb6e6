/* fuzz_support.h - what the libFuzzer targets of tests/fuzz share.
 *
 * The readers take file paths, so an input is written to an anonymous
 * in-memory file (memfd) and passed as its /proc/self/fd path: no disk
 * writes, and nothing left behind when a run is killed. */
#ifndef QUARRY_FUZZ_SUPPORT_H
#define QUARRY_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/passage.h"

/* An in-memory file holding data[0..size). */
typedef struct fuzz_file {
    int fd;
    char path[32]; /* "/proc/self/fd/N" */
} fuzz_file;

/* Creates it, aborting on failure (the harness, not the input, is wrong). */
void fuzz_file_open(fuzz_file *f, const uint8_t *data, size_t size);
void fuzz_file_close(fuzz_file *f);

/* A sink that checks what readers report (a message and a known level),
 * then drops it: diagnostics are not what a fuzz run looks at. */
extern const diag_sink fuzz_quiet_sink;

/* A passage_fn checking what passage.h promises (every string there and
 * valid UTF-8, an ID that is not empty); ctx counts passages (a size_t *). */
int fuzz_check_passage(const passage *p, void *ctx);

/* A NUL-terminated copy of data[0..size); aborts on no memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
