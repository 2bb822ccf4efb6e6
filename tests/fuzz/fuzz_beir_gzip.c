/* fuzz_beir_gzip.c - a gzipped BEIR corpus (indexer/beir_reader.c).
 *
 * The first byte chooses: even, the rest is JSON lines that the harness
 * compresses (a valid stream, so mutations reach the JSON parser through
 * the gzip path); odd, the rest is the file's bytes after the gzip magic
 * (corrupt and truncated streams). */
#include "indexer/beir_reader.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint8_t *gzip(const uint8_t *data, size_t size, size_t *out_size)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t cap = deflateBound(&z, size);
    uint8_t *out = malloc(cap);
    if (!out)
        abort();
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)size;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort();
    *out_size = z.total_out;
    deflateEnd(&z);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t *file;
    size_t file_size;
    if (data[0] % 2 == 0) {
        file = gzip(data + 1, size - 1, &file_size);
    } else {
        file_size = size - 1 + 2;
        if (!(file = malloc(file_size)))
            abort();
        file[0] = 0x1f, file[1] = 0x8b;
        memcpy(file + 2, data + 1, size - 1);
    }
    fuzz_file f;
    fuzz_file_open(&f, file, file_size);
    free(file);
    size_t n = 0;
    beir_read_file(f.path, fuzz_check_passage, &n, &fuzz_quiet_sink);
    fuzz_file_close(&f);
    return 0;
}
