/* server.h - the HTTP side of quarry-serve: routes over libmicrohttpd.
 *
 *   GET /search?q=...   JSON: the query as parsed, the estimate, the hits
 *                       (format_json_hit's objects), the time taken
 *   GET /               the search page (serve/html.h)
 *   GET /passage/ID     JSON: the stored passage
 *   GET /health         200 when the index opens, else 503
 *   GET /stats          JSON: passages, generation, analysis, uptime,
 *                       queries served, latency p50/p99
 *
 * Each worker thread of the pool keeps its own searcher (Xapian handles
 * are not shared between threads), refreshed before every request
 * (searcher_refresh) so a rebuild or an update is seen at once.  Every
 * answer carries Content-Type and X-Content-Type-Options: nosniff; every
 * error is JSON {"error": ..., "status": ...} (the page shows its own). */
#ifndef QUARRY_SERVE_SERVER_H
#define QUARRY_SERVE_SERVER_H

#include "query/searcher.h"

#include <stdio.h>
#include <sys/socket.h>

/* The URL (path and arguments) and the headers the service reads; larger
 * requests are refused with 414 and 431.  Bigger ones still (past
 * SERVE_CONNECTION_MEMORY) libmicrohttpd refuses by itself. */
#define SERVE_MAX_URL 65536u
#define SERVE_MAX_HEADERS 16384u
#define SERVE_CONNECTION_MEMORY (256u * 1024u)

/* The most -d a service takes (shards and stubs, as quarry-query's). */
#define SERVE_MAX_INDEXES 64

typedef struct serve_config {
    const char *index;              /* the first -d, as messages and /stats name it */
    const char *indexes[SERVE_MAX_INDEXES]; /* every -d: searched as one */
    size_t nindexes;
    struct sockaddr_storage addr;   /* where to listen */
    unsigned threads;               /* worker threads, one searcher each */
    unsigned max_connections;
    unsigned timeout;               /* seconds a connection may stay idle */
    double time_limit;              /* seconds a query's matching may take (0: none) */
    FILE *access_log;               /* NULL: none */
    int log_queries;                /* the query text in the access log */
} serve_config;

typedef struct serve_server serve_server;

/* A searcher over cfg's indexes (every -d, shards as one), as each worker
 * thread opens its own: searcher_open_shards' contract. */
int serve_open_searcher(const serve_config *cfg, searcher **out, char *err, size_t errlen);

/* Starts listening and serving.  Returns NULL with the reason in err. */
serve_server *serve_start(const serve_config *cfg, char *err, size_t errlen);

/* The port it listens on (the one chosen, for port 0). */
unsigned serve_port(const serve_server *s);

/* Stops accepting connections, waits up to grace seconds for the
 * requests in flight to be answered, then stops.  Returns how many were
 * still unanswered (0 on a clean shutdown). */
unsigned serve_stop(serve_server *s, double grace);

#endif
