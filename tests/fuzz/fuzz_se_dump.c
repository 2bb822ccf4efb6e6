/* fuzz_se_dump.c - StackExchange dumps (indexer/se_reader.c) and post
 * bodies' HTML (indexer/html_text.c).
 *
 * The first byte chooses: odd, the rest is a post body for html_text,
 * which must give what its header promises (valid UTF-8, no control
 * character but '\n', no white space at either end); even, the rest is a
 * Posts.xml read as a dump, every passage checked as the other readers'
 * are. */
#include "common/utf8.h"
#include "indexer/html_text.h"
#include "indexer/se_reader.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>
#include <string.h>

static void check_text(const char *t)
{
    size_t len = strlen(t);
    if (!utf8_validate(t, len, NULL))
        abort();
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            abort();
    }
    if (len && (strchr(" \n", t[0]) || strchr(" \n", t[len - 1])))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        char *t = html_text((const char *)data + 1, size - 1);
        if (!t)
            abort();
        check_text(t);
        free(t);
        return 0;
    }
    fuzz_file f;
    fuzz_file_open(&f, data + 1, size - 1);
    size_t passages = 0;
    se_read_dump(f.path, fuzz_check_passage, &passages, &fuzz_quiet_sink);
    fuzz_file_close(&f);
    return 0;
}
