/* shard_key.c - the shard a passage belongs to. */
#include "common/shard_key.h"

#include "common/schema.h"

#include <stdio.h>
#include <string.h>

int shard_parse(const char *arg, unsigned *k, unsigned *n)
{
    unsigned a, b;
    char tail;
    if (sscanf(arg, "%u/%u%c", &a, &b, &tail) != 2 || strchr(arg, '-') || strchr(arg, '+') ||
        a < 1 || b < 1 || a > b || b > SHARD_MAX)
        return -1;
    *k = a;
    *n = b;
    return 0;
}

int shard_holds(unsigned k, unsigned n, const passage *p)
{
    if (n == 0)
        return 1;
    const char *key = p->question_key && p->question_key[0] ? p->question_key : p->id;
    return schema_fnv1a(key) % n == k - 1;
}
