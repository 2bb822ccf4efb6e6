/* escape.c - control characters and ill-formed UTF-8 made visible. */
#include "common/escape.h"

#include "common/utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The visible form of the sequence at s (of n bytes, n >= 1 left) into
 * buf (at least 8 bytes), or 0 when it is shown as it is; *step gets the
 * bytes it covers. */
static size_t visible(const unsigned char *s, size_t n, char buf[8], size_t *step)
{
    bool ok;
    *step = utf8_sequence((const char *)s, n, &ok);
    if (!ok) { /* one byte at a time, so every byte is seen */
        *step = 1;
        return (size_t)snprintf(buf, 8, "\\x%02x", s[0]);
    }
    unsigned char c = s[0];
    if (c == '\t' || c == '\n' || c == '\r')
        return (size_t)snprintf(buf, 8, "\\%c", c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
    if (c < 0x20 || c == 0x7f)
        return (size_t)snprintf(buf, 8, "\\x%02x", c);
    if (c == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) /* C1: U+0080..U+009F */
        return (size_t)snprintf(buf, 8, "\\u%04x", s[1]);
    return 0;
}

/* Escapes s[0..len) into out (room for the result: at most 4 bytes per
 * input byte, as \xHH) or only measures it when out is NULL. */
static size_t escape_into(const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0, step; i < len; i += step) {
        char buf[8];
        size_t n = visible(u + i, len - i, buf, &step);
        const char *src = n ? buf : s + i;
        if (!n)
            n = step;
        if (out)
            memcpy(out + o, src, n);
        o += n;
    }
    return o;
}

int escape_for_terminal(FILE *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t plain = 0; /* start of the run written as it is */
    for (size_t i = 0, step; i < len; i += step) {
        char buf[8];
        size_t n = visible(u + i, len - i, buf, &step);
        if (n == 0)
            continue;
        if (fwrite(s + plain, 1, i - plain, out) != i - plain || fwrite(buf, 1, n, out) != n)
            return EOF;
        plain = i + step;
    }
    return fwrite(s + plain, 1, len - plain, out) == len - plain ? 0 : EOF;
}

int escape_fputs(const char *s, FILE *out)
{
    return escape_for_terminal(out, s, strlen(s));
}

char *escape_dup(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(escape_into(s, len, NULL) + 1);
    if (out)
        out[escape_into(s, len, out)] = '\0';
    return out;
}

void escape_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    escape_vline(out, fmt, ap);
    va_end(ap);
}

void escape_vline(FILE *out, const char *fmt, va_list ap)
{
    char small[1024], *msg = small;
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && (size_t)n >= sizeof small && (msg = malloc((size_t)n + 1)))
        vsnprintf(msg, (size_t)n + 1, fmt, again);
    va_end(again);
    if (n < 0)
        return;
    if (!msg) /* no memory for all of it: the part that fits */
        msg = small, n = (int)strlen(small);
    escape_for_terminal(out, msg, (size_t)n);
    putc('\n', out);
    if (msg != small)
        free(msg);
}
