/* main.c - quarry-serve: options, the listening address, signals and the
 * exit status; the service is serve/server.c. */
#include "common/cli.h"
#include "common/escape.h"
#include "query/searcher.h"
#include "serve/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "quarry-serve"

/* Exit statuses (quarry-serve(1)): 0 a clean shutdown on SIGTERM or
 * SIGINT, 2 an error (options, the address). */
enum { EXIT_CLEAN = 0, EXIT_ERROR = 2 };

enum { OPT_LISTEN = 256, OPT_THREADS, OPT_ACCESS_LOG, OPT_LOG_QUERIES, OPT_PORT_FILE,
       OPT_MAX_CONNECTIONS, OPT_TIMEOUT, OPT_TIME_LIMIT };

static const cli_option options[] = {
    {"index", 'd', "DIR", "index to serve (required; repeated, or a stub: shards as one)"},
    {"listen", OPT_LISTEN, "ADDR:PORT", "where to listen (default 127.0.0.1:8080; port 0: any free one)"},
    {"threads", OPT_THREADS, "N", "worker threads, each with its own searcher (default 4)"},
    {"max-connections", OPT_MAX_CONNECTIONS, "N", "connections open at once (default 256)"},
    {"timeout", OPT_TIMEOUT, "SECONDS", "close a connection idle this long (default 10)"},
    {"time-limit", OPT_TIME_LIMIT, "SECONDS", "stop a query whose matching runs longer: 422 (default 5; 0: no limit)"},
    {"access-log", OPT_ACCESS_LOG, "FILE", "one line per request to FILE ('-': stderr; default none)"},
    {"log-queries", OPT_LOG_QUERIES, NULL, "put the query text in the access log too"},
    {"port-file", OPT_PORT_FILE, "FILE", "write the port listened on to FILE once listening"},
    {"help", 'h', NULL, "show this help and exit"},
    {"version", 'V', NULL, "show the version and exit"},
    {NULL, 0, NULL, NULL},
};

typedef struct config {
    serve_config serve;
    const char *listen, *access_log, *port_file;
    int help, version;
} config;

/* "127.0.0.1:8080" or "[::1]:8080" into addr. */
static int parse_listen(const char *arg, struct sockaddr_storage *addr)
{
    char host[64];
    const char *colon = strrchr(arg, ':');
    unsigned long port;
    if (!colon || (size_t)(colon - arg) >= sizeof host ||
        cli_whole(colon + 1, 0, 65535, &port) != 0)
        return -1;
    memcpy(host, arg, (size_t)(colon - arg));
    host[colon - arg] = '\0';
    memset(addr, 0, sizeof *addr);
    size_t hl = strlen(host);
    if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        host[hl - 1] = '\0';
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((unsigned short)port);
        return inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((unsigned short)port);
    return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -1;
}

static int on_option(int id, const char *arg, void *ctx)
{
    config *c = ctx;
    unsigned long n;
    switch (id) {
    case 'd':
        /* Repeated: shards searched as one, as quarry-query's -d. */
        if (c->serve.nindexes == SERVE_MAX_INDEXES) {
            fprintf(stderr, PROGRAM ": at most %d -d\n", SERVE_MAX_INDEXES);
            return -1;
        }
        if (!c->serve.index)
            c->serve.index = arg;
        c->serve.indexes[c->serve.nindexes++] = arg;
        return 0;
    case OPT_LISTEN:
        if (parse_listen(arg, &c->serve.addr) != 0) {
            escape_line(stderr, PROGRAM ": invalid value '%s' for --listen: expected "
                        "IPV4:PORT or [IPV6]:PORT, e.g. 127.0.0.1:8080", arg);
            return -1;
        }
        c->listen = arg;
        return 0;
    case OPT_THREADS:
        if (cli_uint(PROGRAM, "threads", arg, 1, 256, &n))
            return -1;
        c->serve.threads = (unsigned)n;
        return 0;
    case OPT_MAX_CONNECTIONS:
        if (cli_uint(PROGRAM, "max-connections", arg, 1, 65536, &n))
            return -1;
        c->serve.max_connections = (unsigned)n;
        return 0;
    case OPT_TIMEOUT:
        if (cli_uint(PROGRAM, "timeout", arg, 1, 3600, &n))
            return -1;
        c->serve.timeout = (unsigned)n;
        return 0;
    case OPT_TIME_LIMIT:
        return cli_double(PROGRAM, "time-limit", arg, 0, 86400, &c->serve.time_limit);
    case OPT_ACCESS_LOG: c->access_log = arg; return 0;
    case OPT_LOG_QUERIES: c->serve.log_queries = 1; return 0;
    case OPT_PORT_FILE: c->port_file = arg; return 0;
    case 'h': c->help = 1; return 0;
    case 'V': c->version = 1; return 0;
    }
    return -1;
}

static int write_port_file(const char *path, unsigned port)
{
    /* Written whole, then renamed: a reader never sees half a number. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "%u\n", port);
    if (fclose(f) != 0 || rename(tmp, path) != 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    config c = {.serve = {.threads = 4, .max_connections = 256, .timeout = 10, .time_limit = 5}};
    parse_listen("127.0.0.1:8080", &c.serve.addr);
    int first = cli_parse(argc, argv, PROGRAM, options, on_option, &c);
    if (first < 0)
        return EXIT_ERROR;
    if (cli_help_or_version(c.help, c.version, PROGRAM, "-d INDEX [OPTION]...",
                            "Serve keyword search over a Quarry index on HTTP: /search (JSON), "
                            "/ (a search page),\n/passage/ID, /health and /stats.",
                            options))
        return EXIT_CLEAN;
    if (!c.serve.index || first < argc) {
        fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " --help' for more information.\n",
                !c.serve.index ? "no index given (-d INDEX)" : "unexpected argument");
        return EXIT_ERROR;
    }
    if (c.access_log) {
        c.serve.access_log = strcmp(c.access_log, "-") == 0 ? stderr : fopen(c.access_log, "a");
        if (!c.serve.access_log) {
            escape_line(stderr, PROGRAM ": cannot open %s: %s", c.access_log, strerror(errno));
            return EXIT_ERROR;
        }
        setvbuf(c.serve.access_log, NULL, _IOLBF, 0); /* whole lines, at once */
    }
    /* Signals are taken by sigwait below, not by the worker threads (which
     * inherit this mask); a closed client socket is not a reason to die. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[1024];
    searcher *probe;
    if (serve_open_searcher(&c.serve, &probe, err, sizeof err) != 0)
        escape_line(stderr, PROGRAM ": warning: %s; answering 503 until it opens", err);
    else
        searcher_close(probe);
    serve_server *server = serve_start(&c.serve, err, sizeof err);
    if (!server) {
        escape_line(stderr, PROGRAM ": %s: %s", c.listen ? c.listen : "127.0.0.1:8080", err);
        return EXIT_ERROR;
    }
    unsigned port = serve_port(server);
    char host[64] = "";
    if (c.serve.addr.ss_family == AF_INET6) {
        host[0] = '[';
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&c.serve.addr)->sin6_addr, host + 1,
                  sizeof host - 2);
        strcat(host, "]");
    } else {
        inet_ntop(AF_INET, &((struct sockaddr_in *)&c.serve.addr)->sin_addr, host, sizeof host);
    }
    escape_line(stderr, PROGRAM ": serving %s on http://%s:%u/ (%u threads)", c.serve.index,
                host, port, c.serve.threads);
    if (c.port_file && write_port_file(c.port_file, port) != 0) {
        escape_line(stderr, PROGRAM ": cannot write %s: %s", c.port_file, strerror(errno));
        serve_stop(server, 0);
        return EXIT_ERROR;
    }
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, PROGRAM ": %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    unsigned left = serve_stop(server, 10);
    if (left)
        fprintf(stderr, PROGRAM ": %u request%s still unanswered after 10 s, dropped\n", left,
                left == 1 ? "" : "s");
    else
        fprintf(stderr, PROGRAM ": stopped\n");
    if (c.serve.access_log && c.serve.access_log != stderr)
        fclose(c.serve.access_log);
    return EXIT_CLEAN;
}
