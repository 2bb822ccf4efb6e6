/* stats.h - what /stats reports of the queries served since start.
 *
 * Latency goes into a fixed histogram of log-spaced buckets (8 per
 * doubling, 1 us to 18 min): constant memory however long the server
 * runs, percentiles within 9%, and lock-free (one atomic add a query). */
#ifndef QUARRY_SERVE_STATS_H
#define QUARRY_SERVE_STATS_H

/* Starts the uptime clock. */
void stats_start(void);

/* One query answered in seconds. */
void stats_record(double seconds);

typedef struct stats_view {
    unsigned long queries;  /* answered since start */
    double p50_ms, p99_ms;  /* 0 before the first */
    double uptime_s;
} stats_view;

void stats_read(stats_view *v);

/* Seconds on a monotonic clock. */
double stats_now(void);

#endif
