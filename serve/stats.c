/* stats.c - a log-spaced latency histogram. */
#include "serve/stats.h"

#include <math.h>
#include <stdatomic.h>
#include <time.h>

enum { PER_DOUBLING = 8, DOUBLINGS = 30, BUCKETS = PER_DOUBLING * DOUBLINGS };

static atomic_ulong buckets[BUCKETS];
static atomic_ulong served;
static double started;

double stats_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void stats_start(void)
{
    started = stats_now();
}

void stats_record(double seconds)
{
    double us = seconds * 1e6;
    int i = us <= 1 ? 0 : (int)(log2(us) * PER_DOUBLING);
    if (i >= BUCKETS)
        i = BUCKETS - 1;
    atomic_fetch_add(&buckets[i], 1);
    atomic_fetch_add(&served, 1);
}

/* The upper bound of the bucket that holds the q-th fraction, in ms. */
static double quantile(const unsigned long *counts, unsigned long total, double q)
{
    unsigned long want = (unsigned long)ceil(q * (double)total), seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
        seen += counts[i];
        if (seen >= want && seen > 0)
            return exp2((double)(i + 1) / PER_DOUBLING) / 1000;
    }
    return 0;
}

void stats_read(stats_view *v)
{
    unsigned long counts[BUCKETS], total = 0;
    for (int i = 0; i < BUCKETS; i++)
        total += counts[i] = atomic_load(&buckets[i]);
    v->queries = atomic_load(&served);
    v->p50_ms = quantile(counts, total, 0.50);
    v->p99_ms = quantile(counts, total, 0.99);
    v->uptime_s = stats_now() - started;
}
