/* fuzz_native_reader.c - the native Q&A format (indexer/native_reader.c),
 * from a buffer and from a file, under a size limit. */
#include "indexer/native_reader.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t from_buffer = 0, from_file = 0;
    native_read_buffer((const char *)data, size, "fuzz.txt", "fuzz", fuzz_check_passage,
                       &from_buffer, &fuzz_quiet_sink);

    fuzz_file f;
    fuzz_file_open(&f, data, size);
    /* A limit the input sometimes exceeds, so that path is run too. */
    int rc = native_read_file(f.path, "fuzz", 4096, fuzz_check_passage, &from_file,
                              &fuzz_quiet_sink);
    fuzz_file_close(&f);
    /* The file reader parses what the buffer reader does. */
    if (size <= 4096 && rc == 0 && from_file != from_buffer)
        abort();
    return 0;
}
