/* shard_key.h - which shard of a sharded build a passage belongs to.
 *
 * A passage belongs to shard K of N when the FNV-1a hash of its question
 * key (its passage ID when it has none) is K-1 modulo N: all answers of a
 * question land in one shard, so collapsing by question holds across
 * shards, and N runs over one corpus give N disjoint shards whose union is
 * the whole corpus. */
#ifndef QUARRY_SHARD_KEY_H
#define QUARRY_SHARD_KEY_H

#include "common/passage.h"

/* The largest N a shard can be one of. */
#define SHARD_MAX 4096

/* The hash recorded beside K/N ("quarry.shard" = "K/N fnv1a"). */
#define SHARD_HASH "fnv1a"

/* Reads "K/N" (1 <= K <= N <= SHARD_MAX).  Returns 0, or -1. */
int shard_parse(const char *arg, unsigned *k, unsigned *n);

/* 1 when p belongs to shard k of n; always 1 when n is 0 (not sharded). */
int shard_holds(unsigned k, unsigned n, const passage *p);

#endif
