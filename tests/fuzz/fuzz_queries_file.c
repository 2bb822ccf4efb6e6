/* fuzz_queries_file.c - batch query files, jsonl and TSV
 * (query/queries_file.c). */
#include "common/utf8.h"
#include "query/queries_file.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_file f;
    fuzz_file_open(&f, data, size);
    query_set set = {0};
    char err[512];
    int rc = query_set_load(f.path, &set, err, sizeof err);
    fuzz_file_close(&f);
    if (rc == 0) {
        for (size_t i = 0; i < set.count; i++)
            if (!set.queries[i].id || !set.queries[i].text || !set.queries[i].id[0])
                abort(); /* an empty ID is refused, never loaded */
        query_set_free(&set);
    } else if (!memchr(err, '\0', sizeof err) || !err[0]) {
        abort();
    }
    return 0;
}
