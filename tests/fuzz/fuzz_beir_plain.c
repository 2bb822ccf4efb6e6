/* fuzz_beir_plain.c - a BEIR corpus.jsonl (indexer/beir_reader.c), as is. */
#include "indexer/beir_reader.h"
#include "tests/fuzz/fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    fuzz_file_open(&f, data, size);
    size_t n = 0;
    beir_read_file(f.path, fuzz_check_passage, &n, &fuzz_quiet_sink);
    fuzz_file_close(&f);
    return 0;
}
