/* utf8.h - checking and repairing UTF-8 text.
 *
 * "Well-formed" is the strict definition of RFC 3629 and Unicode Table 3-7:
 * no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF,
 * no truncated sequences.  U+0000 (a NUL byte) is well-formed: callers that
 * must refuse NULs check for them themselves. */
#ifndef QUARRY_UTF8_H
#define QUARRY_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* U+FFFD REPLACEMENT CHARACTER, encoded. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Returns true when s[0..len) is well-formed UTF-8.  Otherwise returns false
 * and, when bad_at is not NULL, stores there the offset of the first byte of
 * the first ill-formed sequence. */
bool utf8_validate(const char *s, size_t len, size_t *bad_at);

/* Returns a copy of s[0..len) in which each ill-formed sequence is replaced
 * by U+FFFD, NUL-terminated (it may hold NULs of its own if s did).  A
 * "sequence" is a maximal subpart, as in Unicode 3.9 and the WHATWG decoder:
 * the longest prefix of a valid encoding that is there, else one byte; so
 * "\xE2\x82A" gives U+FFFD "A" and the overlong "\xC0\xAF" two U+FFFDs.
 * Stores the copy's length (without the NUL) in *out_len and the number of
 * replacements in *replaced; either pointer may be NULL.
 * The caller frees the copy with free(); NULL means out of memory. */
char *utf8_sanitize(const char *s, size_t len, size_t *out_len,
                    size_t *replaced);

/* Looks at the sequence starting at s[0] (n > 0 bytes left): returns its
 * length and sets *ok when it is well-formed; otherwise clears *ok and
 * returns the length of its maximal subpart (at least 1), the bytes that
 * utf8_sanitize replaces with one U+FFFD. */
size_t utf8_sequence(const char *s, size_t n, bool *ok);

#endif
