/* escape.h - text from the outside world, made safe to show a person.
 *
 * Passage text, titles, IDs, file names and echoed queries come from files
 * nobody vetted: written raw to a terminal, an ESC sequence could clear
 * the screen, set the window title or forge a hyperlink, and a newline or
 * CR could forge a result line.  Every human-facing writer (text output,
 * every diagnostic on stderr) goes through this one function, which shows
 * control characters in a visible form instead:
 *
 *   TAB, LF, CR              \t  \n  \r
 *   other C0 (U+0000-001F)   \xHH (ESC is \x1b, BEL \x07, BS \x08)
 *   DEL (U+007F)             \x7f
 *   C1 (U+0080-009F)         \u0080 ... \u009f (CSI is \u009b)
 *   a byte of ill-formed UTF-8  \xHH, each byte
 *
 * Everything else, backslashes included, is written as it is (so a
 * literal "\x1b" in a passage looks like an escaped ESC, but is harmless). */
#ifndef QUARRY_ESCAPE_H
#define QUARRY_ESCAPE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) to out, escaped as above.  Returns 0, or EOF when a
 * write failed. */
int escape_for_terminal(FILE *out, const char *s, size_t len);

/* escape_for_terminal for a C string. */
int escape_fputs(const char *s, FILE *out);

/* The escaped form of s, malloc'd (caller frees); NULL on no memory. */
char *escape_dup(const char *s);

/* Formats a message as printf does, writes it escaped and then a newline:
 * the one way a diagnostic reaches stderr.  The format's own text must
 * not hold control characters (its line break is the one this adds). */
void escape_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void escape_vline(FILE *out, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

#endif
