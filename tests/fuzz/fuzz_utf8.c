/* fuzz_utf8.c - UTF-8 checking and repair (common/utf8.c), against what
 * utf8.h promises: the repair is well-formed, changes nothing in valid
 * text, and replaces exactly when the check fails, from its first bad byte. */
#include "common/utf8.h"
#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad_at = (size_t)-1;
    bool valid = utf8_validate(s, size, &bad_at);
    if (!valid) {
        if (bad_at >= size || !utf8_validate(s, bad_at, NULL))
            abort();
    }

    size_t out_len = 0, replaced = 0;
    char *out = utf8_sanitize(s, size, &out_len, &replaced);
    if (!out)
        abort();
    if (out[out_len] != '\0' || !utf8_validate(out, out_len, NULL))
        abort();
    if (valid != (replaced == 0))
        abort();
    if (valid && (out_len != size || memcmp(out, s, size) != 0))
        abort();
    /* The good prefix is kept as it was. */
    if (!valid && memcmp(out, s, bad_at) != 0)
        abort();
    /* Repairing a repair changes nothing. */
    size_t again_len, again_replaced;
    char *again = utf8_sanitize(out, out_len, &again_len, &again_replaced);
    if (!again || again_replaced != 0 || again_len != out_len ||
        memcmp(again, out, out_len) != 0)
        abort();
    free(again);
    free(out);
    return 0;
}
