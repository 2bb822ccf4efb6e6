/* server.c - routes, answers and the worker threads' searchers. */
#include "serve/server.h"

#include "common/escape.h"
#include "common/index_layout.h"
#include "query/format.h"
#include "serve/html.h"
#include "serve/params.h"
#include "serve/stats.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct serve_server {
    struct MHD_Daemon *daemon;
    serve_config cfg;
};

/* Requests received and not yet answered in full. */
static atomic_uint in_flight;
/* Each worker thread's searcher; closed when the thread ends. */
static pthread_key_t searcher_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void close_searcher(void *s)
{
    searcher_close(s);
}

static void make_key(void)
{
    pthread_key_create(&searcher_key, close_searcher);
}

int serve_open_searcher(const serve_config *cfg, searcher **out, char *err, size_t errlen)
{
    shard_options o;
    shard_options_defaults(&o);
    return searcher_open_shards(cfg->indexes, cfg->nindexes, &o, out, err, errlen);
}

/* This thread's searcher, opened or refreshed; NULL with the reason in
 * err when the index does not open (the next request tries again). */
static searcher *thread_searcher(const serve_config *cfg, char *err, size_t errlen)
{
    searcher *s = pthread_getspecific(searcher_key);
    if (s)
        return searcher_refresh(s, err, errlen) == 0 ? s : NULL;
    if (serve_open_searcher(cfg, &s, err, errlen) != 0)
        return NULL;
    pthread_setspecific(searcher_key, s);
    return s;
}

/* Drops this thread's searcher after a failure the index itself caused:
 * the next request opens it afresh. */
static void drop_searcher(void)
{
    searcher *s = pthread_getspecific(searcher_key);
    pthread_setspecific(searcher_key, NULL);
    searcher_close(s);
}

/* ------------------------------------------------------------ answers */

/* What a request came to, for the access log. */
typedef struct outcome {
    unsigned status;
    size_t bytes;
} outcome;

static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status, const char *type,
                                 char *body, size_t len, outcome *o)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    /* The page needs nothing but its own inline style and form. */
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; "
                            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    o->status = status;
    o->bytes = len;
    return rc;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *j,
                                 outcome *o)
{
    char *body = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!body)
        return MHD_NO;
    size_t len = strlen(body);
    /* One line: curl and shells read it better. */
    char *line = realloc(body, len + 2);
    if (!line) {
        free(body);
        return MHD_NO;
    }
    line[len] = '\n';
    line[len + 1] = '\0';
    return send_body(c, status, "application/json; charset=utf-8", line, len + 1, o);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg,
                                  outcome *o)
{
    return send_json(c, status,
                     json_pack("{s:o,s:i}", "error", format_json_text(msg), "status",
                               (int)status),
                     o);
}

/* ---------------------------------------------------------- parameters */

typedef struct args_ctx {
    serve_params *p;
    char *err;
    size_t errlen;
    int bad;
} args_ctx;

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    args_ctx *a = cls;
    if (serve_params_add(a->p, key, value, a->err, a->errlen) != 0) {
        a->bad = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

static int read_params(struct MHD_Connection *c, serve_params *p, int need_query, char *err,
                       size_t errlen)
{
    args_ctx a = {p, err, errlen, 0};
    serve_params_init(p);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, each_arg, &a);
    return a.bad ? -1 : serve_params_finish(p, need_query, err, errlen);
}

typedef struct size_ctx {
    size_t bytes;
} size_ctx;

static enum MHD_Result add_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    size_ctx *s = cls;
    s->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static size_t values_size(struct MHD_Connection *c, enum MHD_ValueKind kind)
{
    size_ctx s = {0};
    MHD_get_connection_values(c, kind, add_size, &s);
    return s.bytes;
}

/* -------------------------------------------------------------- routes */

/* Runs p's query on this thread's searcher.  0 with hits, or the status
 * of the failure (400 the query, 422 a query stopped at the time limit,
 * 503 the index) with the reason in err. */
static unsigned run_search(const serve_config *cfg, const serve_params *p, hit_list *hits,
                           double *took, char *err, size_t errlen)
{
    double start = stats_now();
    searcher *s = thread_searcher(cfg, err, errlen);
    if (!s)
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    xc_status st;
    search_options o = p->search;
    o.time_limit = cfg->time_limit; /* the server's, never the request's */
    if (searcher_run(s, p->q, &o, hits, &st, err, errlen) != 0) {
        if (st == XC_QUERY_SYNTAX)
            return MHD_HTTP_BAD_REQUEST;
        /* Not 408: browsers repeat a request answered 408, and this one
         * would cost as much again. */
        if (st == XC_TIME_LIMIT)
            return MHD_HTTP_UNPROCESSABLE_CONTENT;
        drop_searcher();
        return st == XC_NOMEM ? MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_SERVICE_UNAVAILABLE;
    }
    *took = stats_now() - start;
    stats_record(*took);
    return 0;
}

static enum MHD_Result route_search(struct MHD_Connection *c, const serve_config *cfg,
                                    outcome *o)
{
    serve_params p;
    char err[1024];
    if (read_params(c, &p, 1, err, sizeof err) != 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST, err, o);
    hit_list hits;
    double took = 0;
    unsigned status = run_search(cfg, &p, &hits, &took, err, sizeof err);
    if (status)
        return send_error(c, status, err, o);
    json_t *list = json_array();
    for (size_t i = 0; list && i < hits.count; i++) {
        json_t *h = format_json_hit(NULL, &hits, &hits.hits[i]);
        if (!h || json_array_append_new(list, h) != 0) {
            json_decref(list);
            list = NULL;
        }
    }
    json_t *answer = list ? json_pack("{s:o,s:o,s:I,s:i,s:i,s:f,s:o}", "query",
                                      format_json_text(p.q), "parsed",
                                      format_json_text(hits.description ? hits.description
                                                                        : ""),
                                      "estimated", (json_int_t)hits.estimated, "offset",
                                      (int)p.search.offset, "limit", (int)p.search.limit,
                                      "took_ms", took * 1000, "hits", list)
                          : NULL;
    hit_list_free(&hits);
    if (!answer)
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", o);
    return send_json(c, MHD_HTTP_OK, answer, o);
}

static enum MHD_Result route_page(struct MHD_Connection *c, const serve_config *cfg,
                                  outcome *o)
{
    serve_params p;
    char err[1024];
    unsigned status = MHD_HTTP_OK;
    hit_list hits = {0};
    int searched = 0;
    double took = 0;
    if (read_params(c, &p, 0, err, sizeof err) != 0)
        status = MHD_HTTP_BAD_REQUEST;
    else if (p.q && p.q[strspn(p.q, " \t\r\n")]) {
        status = run_search(cfg, &p, &hits, &took, err, sizeof err);
        searched = status == 0;
        if (!status)
            status = MHD_HTTP_OK;
    }
    char *body = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&body, &len);
    if (!out) {
        if (searched)
            hit_list_free(&hits);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", o);
    }
    html_page(out, &p, searched ? &hits : NULL, status == MHD_HTTP_OK ? NULL : err, took);
    int bad = ferror(out);
    fclose(out);
    if (searched)
        hit_list_free(&hits);
    if (bad) {
        free(body);
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", o);
    }
    return send_body(c, status, "text/html; charset=utf-8", body, len, o);
}

/* The passage as JSON: every field it stores, under format_json's names
 * where it has one; metadata only where present. */
static json_t *passage_object(const passage *p)
{
    json_t *o = json_object();
#define FIELD(name)                                                                       \
    if (o && p->name && json_object_set_new(o, #name, format_json_text(p->name)) != 0) { \
        json_decref(o);                                                                   \
        o = NULL;                                                                         \
    }
    PASSAGE_STRING_FIELDS(FIELD)
#undef FIELD
    if (o && (json_object_set_new(o, "line", json_integer(p->line)) != 0 ||
              json_object_set_new(o, "answer", json_integer(p->answer_no)) != 0 ||
              (p->has_score && json_object_set_new(o, "votes", json_integer(p->score)) != 0) ||
              json_object_set_new(o, "accepted", json_boolean(p->accepted)) != 0)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static enum MHD_Result route_passage(struct MHD_Connection *c, const serve_config *cfg,
                                     const char *id, outcome *o)
{
    char err[1024];
    searcher *s = thread_searcher(cfg, err, sizeof err);
    if (!s)
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, err, o);
    schema_stored stored;
    int found = *id ? searcher_passage(s, id, &stored) : 1;
    if (found < 0) {
        drop_searcher();
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "the index could not be read; try again", o);
    }
    if (found == 1) {
        /* The ID is a term looked up in the index, never a file name. */
        snprintf(err, sizeof err, "no passage with ID '%.200s'", id);
        return send_error(c, MHD_HTTP_NOT_FOUND, err, o);
    }
    json_t *j = passage_object(&stored.p);
    schema_stored_free(&stored);
    return j ? send_json(c, MHD_HTTP_OK, j, o)
             : send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", o);
}

static enum MHD_Result route_health(struct MHD_Connection *c, const serve_config *cfg,
                                    outcome *o)
{
    char err[1024];
    searcher *s = thread_searcher(cfg, err, sizeof err);
    if (!s)
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, err, o);
    return send_json(c, MHD_HTTP_OK,
                     json_pack("{s:s,s:i}", "status", "ok", "passages",
                               (int)searcher_passages(s)),
                     o);
}

static enum MHD_Result route_stats(struct MHD_Connection *c, const serve_config *cfg,
                                   outcome *o)
{
    char err[1024];
    stats_view v;
    stats_read(&v);
    searcher *s = thread_searcher(cfg, err, sizeof err);
    unsigned gen = 0;
    if (index_stub_read(cfg->index, &gen) != 0)
        gen = 0;
    json_t *analysis = json_null();
    if (s) {
        const analysis_settings *a = searcher_settings(s);
        analysis = json_pack("{s:s,s:s,s:s,s:i,s:i}", "language", a->language, "stemming",
                             analysis_stemming_name(a->stemming), "stopwords", a->stopwords,
                             "title_weight", (int)a->title_weight, "question_weight",
                             (int)a->question_weight);
    }
    return send_json(
        c, MHD_HTTP_OK,
        json_pack("{s:o,s:o,s:i,s:o,s:f,s:I,s:{s:f,s:f},s:i}", "index",
                  s ? json_string("ok") : format_json_text(err), "passages",
                  s ? json_integer(searcher_passages(s)) : json_null(), "generation", (int)gen,
                  "analysis", analysis, "uptime_s", v.uptime_s, "queries",
                  (json_int_t)v.queries, "latency_ms", "p50", v.p50_ms, "p99", v.p99_ms,
                  "threads", (int)cfg->threads),
        o);
}

static enum MHD_Result route(struct MHD_Connection *c, const serve_config *cfg,
                             const char *url, const char *method, outcome *o)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD are served", o);
    if (strlen(url) + values_size(c, MHD_GET_ARGUMENT_KIND) > SERVE_MAX_URL)
        return send_error(c, MHD_HTTP_URI_TOO_LONG, "the URL is too long", o);
    if (values_size(c, MHD_HEADER_KIND) > SERVE_MAX_HEADERS)
        return send_error(c, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
                          "the request's headers are too large", o);
    if (strcmp(url, "/search") == 0)
        return route_search(c, cfg, o);
    if (strcmp(url, "/") == 0)
        return route_page(c, cfg, o);
    if (strncmp(url, "/passage/", 9) == 0)
        return route_passage(c, cfg, url + 9, o);
    if (strcmp(url, "/health") == 0)
        return route_health(c, cfg, o);
    if (strcmp(url, "/stats") == 0)
        return route_stats(c, cfg, o);
    char msg[512];
    snprintf(msg, sizeof msg, "no such page '%.200s' (there are /, /search, /passage/ID, "
             "/health, /stats)", url);
    return send_error(c, MHD_HTTP_NOT_FOUND, msg, o);
}

/* ---------------------------------------------------------- the log */

static void log_request(const serve_config *cfg, struct MHD_Connection *c, const char *method,
                        const char *url, const outcome *o, double seconds)
{
    char addr[INET6_ADDRSTRLEN] = "-", when[32];
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr,
                      sizeof addr);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      addr, sizeof addr);
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *q = cfg->log_queries
                        ? MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q")
                        : NULL;
    /* escape_line: a URL or query cannot forge a log line. */
    flockfile(cfg->access_log);
    escape_line(cfg->access_log, "%s %s %s %s %u %zu %.3fms%s%s%s", when, addr, method, url,
                o->status, o->bytes, seconds * 1000, q ? " q=\"" : "", q ? q : "",
                q ? "\"" : "");
    funlockfile(cfg->access_log);
}

/* ------------------------------------------------------------ daemon */

/* A request's state between the calls libmicrohttpd makes for it. */
typedef struct request {
    double started;
} request;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state)
{
    (void)version;
    (void)upload_data;
    const serve_config *cfg = cls;
    if (!*state) { /* the first call: headers are in */
        request *r = malloc(sizeof *r);
        if (!r)
            return MHD_NO;
        r->started = stats_now();
        *state = r;
        atomic_fetch_add(&in_flight, 1);
        /* Answered on the next call, once the request is read in full: an
         * answer queued earlier would cost the connection its keep-alive. */
        return MHD_YES;
    }
    request *r = *state;
    if (*upload_size) { /* a body is never read: GET and HEAD only */
        *upload_size = 0;
        return MHD_YES;
    }
    pthread_once(&key_once, make_key);
    outcome o = {0, 0};
    enum MHD_Result rc = route(c, cfg, url, method, &o);
    if (cfg->access_log)
        log_request(cfg, c, method, url, &o, stats_now() - r->started);
    return rc;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    if (*state) {
        free(*state);
        *state = NULL;
        atomic_fetch_sub(&in_flight, 1);
    }
}

serve_server *serve_start(const serve_config *cfg, char *err, size_t errlen)
{
    serve_server *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->cfg = *cfg;
    pthread_once(&key_once, make_key);
    stats_start();
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
                     MHD_USE_AUTO;
    if (cfg->addr.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    s->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &s->cfg, MHD_OPTION_SOCK_ADDR, &s->cfg.addr,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
        cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONNECTION_MEMORY,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen (address in use, or not this machine's?)");
        free(s);
        return NULL;
    }
    return s;
}

unsigned serve_port(const serve_server *s)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return i ? i->port : 0;
}

unsigned serve_stop(serve_server *s, double grace)
{
    MHD_socket listen = MHD_quiesce_daemon(s->daemon);
    double until = stats_now() + grace;
    while (atomic_load(&in_flight) > 0 && stats_now() < until)
        usleep(10000);
    unsigned left = atomic_load(&in_flight);
    MHD_stop_daemon(s->daemon);
    if (listen != MHD_INVALID_SOCKET)
        close(listen);
    free(s);
    return left;
}
