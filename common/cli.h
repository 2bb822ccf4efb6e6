/* cli.h - one option table both decodes arguments and prints --help.
 *
 * Every tool declares its options once, as an array of cli_option; the
 * getopt_long table and the help text are both derived from it, so the help
 * cannot drift from the code.  Numbers are parsed strictly: a bad value is
 * named in the message. */
#ifndef QUARRY_CLI_H
#define QUARRY_CLI_H

#include <stdio.h>

typedef struct cli_option {
    const char *name;    /* long name, without "--"; NULL ends the table */
    int short_name;      /* 'x', or a value > 255 for long-only options */
    const char *arg;     /* argument placeholder ("N"), or NULL for a flag; an
                            optional argument is "[=N]" (given as --opt=N, and
                            on_option gets NULL without it) */
    const char *help;    /* one line */
} cli_option;

/* Parses argv with getopt_long over options; calls on_option(id, optarg,
 * ctx) for each, where id is the option's short_name.  Returns optind, or -1
 * after printing "PROGRAM: message" for an unknown option or a missing
 * argument, or when on_option returned non-zero. */
int cli_parse(int argc, char **argv, const char *program,
              const cli_option *options,
              int (*on_option)(int id, const char *arg, void *ctx), void *ctx);

/* Prints "Usage: PROGRAM SYNOPSIS", the description, then the options. */
void cli_help(FILE *out, const char *program, const char *synopsis,
              const char *description, const cli_option *options);

/* --help (cli_help on stdout) or --version, whichever was asked, help
 * first; 1 when one was printed (the tool then exits with success).  When
 * it cannot be written (stdout on a full disk), the tool exits with status
 * 2 after cli_close_stdout's message. */
int cli_help_or_version(int help, int version, const char *program, const char *synopsis,
                        const char *description, const cli_option *options);

/* Flushes and closes standard output, the last thing a tool does with
 * it: a write that failed (now or earlier, the error flag is sticky) is
 * reported as "PROGRAM: write error: REASON" and makes it return -1; else
 * 0. */
int cli_close_stdout(const char *program);

/* Strict numeric parsing, the one way every tool reads a number: the whole
 * string, digits only for a whole number, digits with one '.' and an
 * optional exponent for a number (no spaces, signs, hex, inf or nan),
 * within [min, max].  cli_whole and cli_number return 0, or -1 and print
 * nothing; cli_uint and cli_double print "PROGRAM: invalid value 'S' for
 * --OPT: ..." when they return -1. */
int cli_whole(const char *s, unsigned long min, unsigned long max, unsigned long *out);
int cli_number(const char *s, double min, double max, double *out);
int cli_uint(const char *program, const char *opt, const char *s,
             unsigned long min, unsigned long max, unsigned long *out);
int cli_double(const char *program, const char *opt, const char *s,
               double min, double max, double *out);

/* The value of s among choices (NULL-terminated), or -1 after printing
 * "PROGRAM: invalid value 'S' for --OPT (choose from a, b, c)". */
int cli_choice(const char *program, const char *opt, const char *s,
               const char *const *choices);

#define QUARRY_VERSION "0.1.0"

#endif
