/* utf8.c - strict UTF-8 validation and U+FFFD repair. */
#include "common/utf8.h"

#include <stdlib.h>
#include <string.h>

/* Looks at the sequence starting at s[0] (n > 0 bytes left).  Returns its
 * length and sets *ok when it is well-formed; otherwise clears *ok and returns
 * the length of its maximal subpart (at least 1), the bytes one U+FFFD
 * replaces. */
static size_t scan(const unsigned char *s, size_t n, bool *ok)
{
    unsigned char c = s[0];
    *ok = c < 0x80;
    if (c < 0xC2 || c > 0xF4) /* ASCII, or no valid sequence starts so */
        return 1;
    size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    /* Only the second byte's range depends on the lead byte (Table 3-7):
     * narrowing it is what rules out overlongs, surrogates and > U+10FFFF. */
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    for (size_t i = 1; i < need; i++, lo = 0x80, hi = 0xBF)
        if (i >= n || s[i] < lo || s[i] > hi)
            return i;
    *ok = true;
    return need;
}

size_t utf8_sequence(const char *s, size_t n, bool *ok)
{
    return scan((const unsigned char *)s, n, ok);
}

bool utf8_validate(const char *s, size_t len, size_t *bad_at)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, step; i < len; i += step) {
        bool ok;
        step = scan(u + i, len - i, &ok);
        if (!ok) {
            if (bad_at)
                *bad_at = i;
            return false;
        }
    }
    return true;
}

/* Writes the repaired text to out, or only measures it when out is NULL
 * (so the one loop both sizes and fills the copy).  Returns its length and
 * counts the replacements in *replaced. */
static size_t repair(const unsigned char *s, size_t len, char *out,
                     size_t *replaced)
{
    size_t o = 0;
    *replaced = 0;
    for (size_t i = 0, step; i < len; i += step) {
        bool ok;
        step = scan(s + i, len - i, &ok);
        const void *src = ok ? (const void *)(s + i) : UTF8_REPLACEMENT;
        size_t n = ok ? step : sizeof UTF8_REPLACEMENT - 1;
        if (out)
            memcpy(out + o, src, n);
        o += n;
        *replaced += !ok;
    }
    return o;
}

char *utf8_sanitize(const char *s, size_t len, size_t *out_len,
                    size_t *replaced)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count;
    size_t n = repair(u, len, NULL, &count);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    repair(u, len, out, &count);
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    if (replaced)
        *replaced = count;
    return out;
}
