/* cli.c - option tables, help text, strict numbers. */
#include "common/cli.h"

#include "common/escape.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int cli_parse(int argc, char **argv, const char *program,
              const cli_option *options,
              int (*on_option)(int id, const char *arg, void *ctx), void *ctx)
{
    size_t n = 0;
    while (options[n].name)
        n++;
    struct option *longs = calloc(n + 1, sizeof *longs);
    char *shorts = malloc(3 * n + 2);
    if (!longs || !shorts) {
        free(longs);
        free(shorts);
        fprintf(stderr, "%s: out of memory\n", program);
        return -1;
    }
    size_t k = 0;
    shorts[k++] = ':'; /* report a missing argument distinctly */
    for (size_t i = 0; i < n; i++) {
        longs[i].name = options[i].name;
        int optional = options[i].arg && options[i].arg[0] == '[';
        longs[i].has_arg = optional        ? optional_argument
                           : options[i].arg ? required_argument
                                            : no_argument;
        longs[i].val = options[i].short_name;
        if (options[i].short_name < 256) {
            shorts[k++] = (char)options[i].short_name;
            if (options[i].arg)
                shorts[k++] = ':';
            if (optional)
                shorts[k++] = ':';
        }
    }
    shorts[k] = '\0';

    int result = 0, c;
    opterr = 0;
    while (result == 0 && (c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (c == '?') {
            if (optopt && optopt < 256)
                fprintf(stderr, "%s: unknown option '-%c'\n", program, optopt);
            else
                escape_line(stderr, "%s: unknown option '%s'", program, argv[optind - 1]);
            result = -1;
        } else if (c == ':') {
            escape_line(stderr, "%s: option '%s' needs an argument", program,
                        argv[optind - 1]);
            result = -1;
        } else if (on_option(c, optarg, ctx) != 0) {
            result = -1;
        }
    }
    free(longs);
    free(shorts);
    if (result != 0)
        fprintf(stderr, "Try '%s --help' for more information.\n", program);
    return result == 0 ? optind : -1;
}

void cli_help(FILE *out, const char *program, const char *synopsis,
              const char *description, const cli_option *options)
{
    fprintf(out, "Usage: %s %s\n%s\n\nOptions:\n", program, synopsis, description);
    for (const cli_option *o = options; o->name; o++) {
        char left[64];
        /* "--wait[=SECONDS]": an optional argument sticks to the name. */
        const char *space = o->arg && o->arg[0] != '[' ? " " : "";
        if (o->short_name < 256)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, space,
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, space,
                     o->arg ? o->arg : "");
        fprintf(out, "  %-28s %s\n", left, o->help);
    }
}

int cli_help_or_version(int help, int version, const char *program, const char *synopsis,
                        const char *description, const cli_option *options)
{
    if (help)
        cli_help(stdout, program, synopsis, description, options);
    else if (version)
        printf("%s %s\n", program, QUARRY_VERSION);
    if ((help || version) && cli_close_stdout(program) != 0)
        exit(2);
    return help || version;
}

int cli_close_stdout(const char *program)
{
    /* errno is only meaningful for a failure seen here: an earlier one
     * left the error flag, and no reason. */
    errno = 0;
    int failed = ferror(stdout);
    if (fflush(stdout) != 0)
        failed = 1;
    int reason = errno;
    /* EBADF with nothing left to write: stdout was closed (>&-) and never
     * written to, which is no error. */
    if (fclose(stdout) != 0 && !failed && errno != EBADF) {
        failed = 1;
        reason = errno;
    }
    if (!failed)
        return 0;
    if (reason)
        fprintf(stderr, "%s: write error: %s\n", program, strerror(reason));
    else
        fprintf(stderr, "%s: write error\n", program);
    return -1;
}

int cli_whole(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    /* strtoul alone would take spaces, a sign and wrap-around. */
    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, NULL, 10);
    if (errno || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_number(const char *s, double min, double max, double *out)
{
    /* Digits, one '.', an exponent: no spaces, signs, hex, inf or nan. */
    size_t mantissa = strspn(s, "0123456789.");
    const char *dot = strchr(s, '.');
    if (mantissa == 0 || (dot && (dot - s >= (long)mantissa || strchr(dot + 1, '.'))))
        return -1;
    const char *exp = s + mantissa;
    if (*exp == 'e' || *exp == 'E') {
        exp += exp[1] == '-' || exp[1] == '+' ? 2 : 1;
        if (!*exp || strspn(exp, "0123456789") != strlen(exp))
            return -1;
    } else if (*exp) {
        return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_uint(const char *program, const char *opt, const char *s,
             unsigned long min, unsigned long max, unsigned long *out)
{
    if (cli_whole(s, min, max, out) != 0) {
        escape_line(stderr, "%s: invalid value '%s' for --%s: expected a whole number "
                    "from %lu to %lu", program, s, opt, min, max);
        return -1;
    }
    return 0;
}

int cli_double(const char *program, const char *opt, const char *s,
               double min, double max, double *out)
{
    if (cli_number(s, min, max, out) != 0) {
        escape_line(stderr, "%s: invalid value '%s' for --%s: expected a number "
                    "from %g to %g", program, s, opt, min, max);
        return -1;
    }
    return 0;
}

int cli_choice(const char *program, const char *opt, const char *s,
               const char *const *choices)
{
    for (int i = 0; choices[i]; i++)
        if (strcmp(s, choices[i]) == 0)
            return i;
    fprintf(stderr, "%s: invalid value '", program);
    escape_fputs(s, stderr);
    fprintf(stderr, "' for --%s (choose from", opt);
    for (int i = 0; choices[i]; i++)
        fprintf(stderr, "%s %s", i ? "," : "", choices[i]);
    fprintf(stderr, ")\n");
    return -1;
}
