/* peak_rss.c - runs a command and reports its wall time and peak memory.
 *
 *   peak_rss OUT COMMAND [ARG]...
 *
 * Writes "SECONDS PEAK_RSS_KB" to the file OUT, as `/usr/bin/time -o OUT
 * -f '%e %M'` would; run_bench.sh uses it where /usr/bin/time is missing.
 * wait4() hands back the child's rusage, whose ru_maxrss is the peak
 * resident set in KiB, without polling /proc.  Exits with the command's
 * status (128 + signal when it was killed). */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peak_rss OUT COMMAND [ARG]...\n");
        return 2;
    }
    double start = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("peak_rss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peak_rss: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("peak_rss: wait4");
            return 2;
        }
    double seconds = now() - start;
    FILE *out = fopen(argv[1], "w");
    if (!out || fprintf(out, "%.3f %ld\n", seconds, ru.ru_maxrss) < 0 || fclose(out) != 0) {
        fprintf(stderr, "peak_rss: cannot write %s\n", argv[1]);
        return 2;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
